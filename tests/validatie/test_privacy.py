"""The privacy guard catches personal data and lets ordinary numbers and public contact data pass."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF

from ontologie.namespaces import KERN
from validatie.privacy import is_bsn, scan_graph, scan_text

VALID_BSN = "111222333"  # passes the eleven test: 9+8+7+12+10+8+9+6-3 = 66 = 6 x 11
INVALID_BSN = "111222334"


def test_eleven_test() -> None:
    assert is_bsn(VALID_BSN) and is_bsn("123456782")
    assert not is_bsn(INVALID_BSN) and not is_bsn("000000000") and not is_bsn("12345678")


@pytest.mark.parametrize(
    "text",
    [
        f"BSN {VALID_BSN}",
        "bsn: 1112.22.333",
        "nummer 111 222 333 van moeder",
        "BSN123456782",
        "klant123456782",
        "gezin Jansen BSN 123456782.csv",
        "BSN 111-222-333",
        # Full-width digits and a zero-width space, which look like a BSN to a reader.
        "BSN １１１２２２３３３",
        "BSN 1112\u200b22333",
    ],
)
def test_valid_bsn_is_caught(text: str) -> None:
    assert [kind for kind, _ in scan_text(text)] == ["bsn"]


@pytest.mark.parametrize(
    "text",
    [
        f"dossier {INVALID_BSN}",
        "In 2024 bereikten we 110 ervaringsdeskundigen",
        "code 1234567890",
        # A SHA-256 checksum (the store's bookkeeping) that holds nine digits passing the eleven test.
        "5f0c3e738554194ab9d2",
        # An ISBN whose first nine digits pass the eleven test: a longer number is not cut into a BSN.
        "ISBN 111-222-333-4",
        "Een bedrag van 1.112.223,33 euro",
        # The id of a proposal: its first nine digits happen to pass the eleven test.
        "bijdrage 20261207-7a8ff59c",
    ],
)
def test_other_numbers_pass(text: str) -> None:
    assert scan_text(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mail moeder via j.jansen@example.nl", "email"),
        ("Bel 06-12345678 na school", "telefoon"),
        ("tel +31 (0)6 124 13941", "telefoon"),
        ("Bel (050) 123 45 67", "telefoon"),
        ("Bel 050/1234567", "telefoon"),
        ("Bel 06.12345678", "telefoon"),
        ("Bel 06\u200b12345678", "telefoon"),
        ("Mail moeder via j.jansen＠example.nl", "email"),
        ("Mail moeder via j.jan\u200bsen@exa\u200dmple.nl", "email"),
        ("Daan, geboren 3 maart 2015, woont bij oma", "geboortedatum"),
        ("geboortedatum: 03-03-2015", "geboortedatum"),
    ],
)
def test_contact_data_and_birth_dates_are_caught(text: str, kind: str) -> None:
    assert kind in [k for k, _ in scan_text(text)]


def test_dates_without_birth_pass() -> None:
    assert scan_text("De sessie was op 03-03-2025 in Stadskanaal.") == []


def test_graph_scan_allows_public_contact_data_of_organisations() -> None:
    graph = Graph()
    org, case = URIRef("https://data.alliantievankracht.nl/id/organisatie/x"), URIRef("urn:x:situatie")
    graph.add((org, RDF.type, KERN.Organisatie))
    graph.add((org, FOAF.mbox, Literal("info@alliantievankracht.nl")))
    graph.add((case, KERN.context, Literal("Contact: info@alliantievankracht.nl", lang="nl")))
    findings = scan_graph(graph)
    assert [(f.subject, f.kind) for f in findings] == [(str(case), "email")]
    assert "e-mailadres" in findings[0].message("nl") and "e-mail address" in findings[0].message("en")


def test_personal_data_on_a_blank_node_in_a_change_is_caught() -> None:
    import pyoxigraph as ox

    from graaf import Change, Store
    from validatie import ShaclValidator

    node = ox.BlankNode("casus")
    quads = [
        ox.Quad(ox.NamedNode("https://data.alliantievankracht.nl/id/x"), ox.NamedNode("http://e/p"), node),
        ox.Quad(node, ox.NamedNode("http://e/q"), ox.Literal("jan@example.nl, geboren op 3-4-2012")),
    ]
    report = ShaclValidator().validate_change(Store(), Change(add=quads))
    kinds = {f.shape.rsplit("#", 1)[1] for f in report.findings if f.severity == "Violation"}
    assert "Privacy" in kinds
