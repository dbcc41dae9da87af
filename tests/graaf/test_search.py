"""Search with facets on a real Oxigraph store: typos, Dutch compounds, linked concepts, ranking, facet counts."""

from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from graaf import Store
from graaf.pictures import gap_map
from graaf.search import Outcome, index_of, search, within
from ontologie.namespaces import sparql_prefixes

ID = "https://data.alliantievankracht.nl/id/"
INTERVENTIONS = "VALUES ?k { kern:PersoonsgerichteInterventie kern:Netwerkactiviteit } ?i a ?k ."
P = sparql_prefixes()

# A few made-up things (test data only) for words the shipped graph does not have.
SMALL = """
@prefix kern: <https://data.alliantievankracht.nl/def/kern#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://data.alliantievankracht.nl/id/> .
id:interventie\\/a a kern:PersoonsgerichteInterventie ; rdfs:label "Schuldhulpverlening"@nl ;
    dcterms:description "Hulp voor ouders met gezinsstress."@nl .
id:interventie\\/b a kern:PersoonsgerichteInterventie ; rdfs:label "Budgetcursus"@nl ;
    dcterms:description "Een cursus over geld en armoedeval."@nl .
id:interventie\\/c a kern:Netwerkactiviteit ; rdfs:label "Wijkoverleg"@nl ;
    dcterms:description "Professionals praten samen."@nl .
id:effect\\/c a kern:Effect ; kern:vanInterventie id:interventie\\/c ; kern:werktOp id:mechanisme\\/armoedeval .
id:mechanisme\\/armoedeval a kern:Mechanisme ; skos:prefLabel "Armoedeval"@nl , "Poverty trap"@en .
id:interventie\\/d a kern:Netwerkactiviteit ; rdfs:label "Armoedeval doorbreken"@nl .
"""


@pytest.fixture
def small() -> Store:
    store = Store()
    graph = ox.NamedNode(ID + "graaf/test")
    store.add(ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(SMALL, ox.RdfFormat.TURTLE))
    return store


def ids(outcome: Outcome) -> list[str]:
    return [h.iri.removeprefix(ID) for h in outcome.hits]


def counts(outcome: Outcome, facet: str) -> dict[str, int]:
    return {v.slug: v.count for v in outcome.facets[facet] if v.count}


def sparql_counts(store: Store, pattern: str) -> dict[str, int]:
    rows = store.values(P + f"SELECT ?v (COUNT(DISTINCT ?i) AS ?n) WHERE {{ {INTERVENTIONS} {pattern} }} GROUP BY ?v")
    return {row["v"].rsplit("/", 1)[-1]: int(row["n"]) for row in rows}


def test_edit_distance_is_bounded_and_counts_swaps() -> None:
    assert within("schlden", "schulden", 1)
    assert within("shculden", "schulden", 1)  # two neighbours swapped
    assert not within("scholen", "schulden", 1)
    assert not within("armoede", "schulden", 2)


def test_a_typo_finds_schulden_and_says_what_it_searched(shipped_store: Store) -> None:
    outcome = search(shipped_store, "schlden", {})
    assert "mechanisme/schulden" in ids(outcome)
    assert "interventie/financiele-educatie" in ids(outcome)
    assert outcome.similar == ["schulden"]


def test_a_correct_word_is_not_also_read_as_a_typo(shipped_store: Store) -> None:
    outcome = search(shipped_store, "schulden", {})
    assert outcome.similar == []
    assert all(r.word != "scholen" for h in outcome.hits for r in h.reasons)


def test_stress_finds_the_mechanism_of_long_lasting_stress_first(shipped_store: Store) -> None:
    # The one intervention with stress in its name may come first; both come before any single effect.
    first = ids(search(shipped_store, "stress", {}))[:2]
    assert set(first) == {"mechanisme/chronische-stress", "interventie/stress-sensitieve-dienstverlening"}


def test_a_compound_query_also_finds_its_first_part(shipped_store: Store) -> None:
    found = ids(search(shipped_store, "armoedebestrijding", {}))
    assert found[0] == "mechanisme/ongecoordineerde-armoedebestrijding"  # the whole word first
    assert "mechanisme/taboe-op-armoede" in found  # has "armoede", not "armoedebestrijding"
    assert found.index("mechanisme/taboe-op-armoede") > found.index("mechanisme/ongecoordineerde-armoedebestrijding")


def test_searching_a_mechanism_finds_interventions_that_work_on_it(shipped_store: Store) -> None:
    hit = next(
        h for h in search(shipped_store, "schulden", {}).hits if h.iri.endswith("interventie/financiele-educatie")
    )
    assert [(r.relation, r.label) for r in hit.reasons] == [("werktOp", "Schulden")]


def test_start_of_a_compound_and_a_part_inside_one(small: Store) -> None:
    assert ids(search(small, "schuldhulp", {}))[0] == "interventie/a"  # schuldhulp -> Schuldhulpverlening
    assert ids(search(small, "stress", {})) == ["interventie/a"]  # stress -> gezinsstress
    assert "interventie/a" in ids(search(small, "schudlhulp", {}))  # a swap in the start of a long word


def test_name_before_description_before_linked_concept(small: Store) -> None:
    found = [i for i in ids(search(small, "armoedeval", {})) if i.startswith("interventie/")]
    assert found == ["interventie/d", "interventie/b", "interventie/c"]


def test_page_language_first_with_dutch_as_fallback(shipped_store: Store, small: Store) -> None:
    assert "mechanisme/schulden" in ids(search(shipped_store, "debts", {}, lang="en"))
    assert "mechanisme/schulden" not in ids(search(shipped_store, "debts", {}, lang="nl"))
    assert "mechanisme/schulden" in ids(search(shipped_store, "schulden", {}, lang="en"))
    hit = next(h for h in search(small, "trap", {}, lang="en").hits if h.kind == "mechanisme")
    assert hit.label == "Poverty trap"


def test_no_words_and_no_kind_lists_every_intervention(shipped_store: Store) -> None:
    outcome = search(shipped_store, "", {})
    expected = shipped_store.values(P + f"SELECT DISTINCT ?i WHERE {{ {INTERVENTIONS} }}")
    assert sorted(h.iri for h in outcome.hits) == sorted(r["i"] for r in expected)
    assert outcome.default_kind


@pytest.mark.parametrize(
    ("facet", "pattern"),
    [
        ("mechanisme", "?e kern:vanInterventie ?i ; kern:werktOp ?v . ?v a kern:Mechanisme ."),
        ("kapitaalvorm", "?e kern:vanInterventie ?i ; kern:werktOp ?v . ?v a kern:Kapitaalvorm ."),
        ("doelgroep", "?i kern:voorDoelgroep ?v ."),
        ("bewijsniveau", "?e kern:vanInterventie ?i . ?b kern:ondersteunt ?e ; kern:bewijsniveau ?v ."),
        ("kennisbron", "?e kern:vanInterventie ?i . ?b kern:ondersteunt ?e ; kern:kennisbron ?v ."),
        ("bron", "?i dcterms:source ?v ."),
        ("status", "?i kern:status ?v ."),
        ("preventieniveau", "?i kern:preventieniveau ?v ."),
        (
            "gemeente",
            "?i kern:aangebodenIn ?p . ?v a kern:Gemeente . { ?p kern:ligtIn* ?v } UNION { ?v kern:ligtIn+ ?p }",
        ),
    ],
)
def test_facet_counts_equal_a_sparql_count(shipped_store: Store, facet: str, pattern: str) -> None:
    assert counts(search(shipped_store, "", {}), facet) == sparql_counts(shipped_store, pattern)


def test_a_filter_narrows_the_results_and_the_other_facets_counts(shipped_store: Store) -> None:
    everything = search(shipped_store, "", {})
    narrowed = search(shipped_store, "", {"doelgroep": ["professionals"]})
    expected = sparql_counts(shipped_store, "?i kern:voorDoelgroep ?v .")["professionals"]
    assert 0 < len(narrowed.hits) == expected < len(everything.hits)
    with_group = "?i kern:voorDoelgroep <https://data.alliantievankracht.nl/id/doelgroep/professionals> . "
    assert counts(narrowed, "mechanisme") == sparql_counts(
        shipped_store, with_group + "?e kern:vanInterventie ?i ; kern:werktOp ?v . ?v a kern:Mechanisme ."
    )
    # The facet of the filter itself keeps its counts, so a second group can be added (OR within a facet).
    assert counts(narrowed, "doelgroep") == counts(everything, "doelgroep")
    both = search(shipped_store, "", {"doelgroep": ["professionals", "gezin"]})
    assert len(both.hits) > len(narrowed.hits)


def test_municipality_by_code_or_name_and_unknown_values(shipped_store: Store) -> None:
    by_code = search(shipped_store, "", {"gemeente": ["GM0765"]})
    by_name = search(shipped_store, "", {"gemeente": ["pekela"]})
    assert ids(by_code) == ids(by_name) and by_code.unknown == []
    outcome = search(shipped_store, "", {"mechanisme": ["bestaat-niet"], "soort": ["ding"]})
    assert outcome.unknown == [("mechanisme", "bestaat-niet"), ("soort", "ding")]


def test_the_index_is_built_once_per_store_version(small: Store) -> None:
    first = index_of(small, "nl")
    assert index_of(small, "nl") is first
    english = index_of(small, "en")
    assert english is not first and english.docs is first.docs  # the store is read once for both languages
    extra = f"""
        <{ID}interventie/e> a <https://data.alliantievankracht.nl/def/kern#Netwerkactiviteit> ;
            <http://www.w3.org/2000/01/rdf-schema#label> "Taalcafé"@nl ."""
    graph = ox.NamedNode(ID + "graaf/test")
    small.add(ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(extra, ox.RdfFormat.TURTLE))
    assert index_of(small, "nl") is not first
    assert ids(search(small, "taalcafe", {})) == ["interventie/e"]
    assert index_of(small, "en").docs is index_of(small, "nl").docs is not first.docs


@pytest.mark.parametrize("kind", ["kapitaalvormen", "uitkomsten"])
def test_every_gap_map_cell_links_to_a_search_with_exactly_its_interventions(shipped_store: Store, kind: str) -> None:
    """The reviewer found outcome cells linking to a filter the search did not know (it showed 8, not 2)."""
    gap = gap_map(shipped_store, "nl", kind)
    checked = 0
    for row in gap.rows:
        for column, cell in [*zip(gap.columns, row.cells, strict=True), (None, row.total)]:
            if not cell.count:
                continue
            query = parse_qs(urlsplit(gap.search_link(row, column)).query)
            outcome = search(shipped_store, "", query | {"soort": ["interventie"]})
            assert not outcome.unknown, query
            assert sorted(hit.iri for hit in outcome.hits) == sorted(cell.interventions), query
            checked += 1
    assert checked >= 3
