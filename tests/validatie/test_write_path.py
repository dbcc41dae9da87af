"""Nothing enters unchecked: imports are validated as a whole, a Violation changes nothing, and the
validation of a change agrees with validating the whole graph afterwards."""

import json
import re
from pathlib import Path

import httpx
import pytest

from graaf import Change, Store, apply, sync_shipped
from graaf.storage.formats import rdf_format
from graaf.storage.loading import parse_bytes
from tests.conftest import LiveServer, run_cli, start_server, stop_server
from validatie import ShaclValidator, validate_store

EXAMPLES = Path(__file__).resolve().parents[2] / "validatie" / "voorbeelden"
GOOD = (EXAMPLES / "Interventie-doel-goed.ttl").read_text(encoding="utf-8")
BAD = (EXAMPLES / "Interventie-doel-fout.ttl").read_text(encoding="utf-8")
ID = "https://data.alliantievankracht.nl/id/"
TARGET_GRAPH = ID + "graaf/import"


def _renamed(text: str, suffix: str) -> str:
    """The same example under other IRIs, so that two copies can sit in one file."""
    return re.sub(r"(?<=[:/])voorbeeld(?![\w-])", f"voorbeeld-{suffix}", text)


def _dump(path: Path) -> bytes:
    with Store(path) as store:
        return store.dump()


def test_violation_in_import_leaves_store_byte_for_byte_unchanged(tmp_path: Path) -> None:
    store = tmp_path / "opslag"
    source = tmp_path / "import.ttl"
    source.write_text(BAD, encoding="utf-8")
    assert run_cli("stats", store=store).returncode == 0
    before = _dump(store)
    result = run_cli("laad", str(source), store=store)
    assert result.returncode == 1
    assert "import.ttl, regel 23: fout: Een interventie heeft een doel nodig" in result.stderr
    assert "niets opgeslagen; 1 fout(en) gevonden" in result.stderr and "Traceback" not in result.stderr
    assert _dump(store) == before


def test_mixed_file_reports_every_violation_and_stores_nothing(tmp_path: Path) -> None:
    store = tmp_path / "opslag"
    source = tmp_path / "gemengd.ttl"
    prefixes = "".join(line + "\n" for line in GOOD.splitlines() if line.startswith("@prefix"))
    body = lambda text: "\n".join(x for x in text.splitlines() if not x.startswith("@prefix"))  # noqa: E731
    source.write_text(
        prefixes + body(_renamed(GOOD, "a")) + body(_renamed(BAD, "b")) + body(_renamed(BAD, "c")), encoding="utf-8"
    )
    assert run_cli("stats", store=store).returncode == 0
    before = _dump(store)
    result = run_cli("valideer", str(source), "--json", store=store)
    assert result.returncode == 1
    findings = json.loads(result.stdout)["bevindingen"]
    assert {(f["focus"], f["regel_id"].rsplit("#", 1)[1]) for f in findings if f["ernst"] == "Violation"} == {
        (ID + "interventie/voorbeeld-b", "Interventie-doel"),
        (ID + "interventie/voorbeeld-c", "Interventie-doel"),
    }
    assert all(isinstance(f["regel"], int) for f in findings)
    assert run_cli("laad", str(source), store=store).returncode == 1
    assert _dump(store) == before
    good = tmp_path / "goed.ttl"
    good.write_text(GOOD, encoding="utf-8")
    loaded = run_cli("laad", str(good), store=store)
    assert loaded.returncode == 0, loaded.stderr


def test_personal_data_in_an_import_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "casus.ttl"
    source.write_text(GOOD.replace('"Gezinnen krijgen meer grip op hun geld."@nl', '"Moeder, BSN 111222333."@nl'))
    result = run_cli("valideer", str(source), store=tmp_path / "opslag")
    assert result.returncode == 1 and "burgerservicenummer" in result.stdout


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("kapot.jsonld", '{"@id": "https://example.org/a",\n "https://example.org/p": [1, }', 2),
        (
            "kapot.rdf",
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<a',
            3,
        ),
        ("kapot.nt", "<https://example.org/a> <https://example.org/p> .\n", 1),
    ],
)
def test_malformed_files_get_a_clear_error_with_position(tmp_path: Path, name: str, text: str, line: int) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = run_cli("laad", str(source), store=tmp_path / "opslag")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "is geen geldig" in result.stderr and f"regel {line}" in result.stderr


def test_change_validation_agrees_with_full_validation() -> None:
    store = Store()
    sync_shipped(store)
    quads = parse_bytes((_renamed(GOOD, "x") + _renamed(BAD, "y")).encode(), rdf_format("turtle"), graph=TARGET_GRAPH)
    change = Change(add=quads)
    incremental = ShaclValidator().validate_change(store, change)
    apply(store, change)
    full = validate_store(store)
    nodes = {q.subject.value for q in quads}
    expected = {(f.focus, f.shape, f.severity) for f in full.findings if f.focus in nodes}
    assert {(f.focus, f.shape, f.severity) for f in incremental.findings} == expected
    assert (
        ID + "interventie/voorbeeld-y",
        "https://data.alliantievankracht.nl/def/vormen#Interventie-doel",
        "Violation",
    ) in expected


def test_removing_an_effect_is_caught_by_what_depends_on_it() -> None:
    store = Store()
    sync_shipped(store)
    intervention = ID + "interventie/zo-kan-het-ook-award"
    (row,) = store.values(
        f"SELECT ?e WHERE {{ ?e <https://data.alliantievankracht.nl/def/kern#vanInterventie> <{intervention}> }}"
    )
    effect = row["e"]
    removed = [q for q in store.quads() if q.subject.value == effect or getattr(q.object, "value", "") == effect]
    assert removed
    report = ShaclValidator().validate_change(store, Change(remove=removed))
    rules = {(f.focus, f.shape.rsplit("#", 1)[1]) for f in report.findings if f.severity == "Violation"}
    # The intervention lost its only effect: a node the change did not touch as subject, found because it
    # depends on what was removed.
    assert (intervention, "Interventie-effect") in rules


def test_post_valideer_stores_nothing_and_reports(live_server: LiveServer) -> None:
    before = httpx.get(live_server.url + "/gezondheid").json()["triples"]
    answer = httpx.post(
        live_server.url + "/valideer", content=BAD.encode(), headers={"Content-Type": "text/turtle"}, timeout=30
    )
    assert answer.status_code == 200
    report = answer.json()
    assert report["conform"] is False and report["fouten"] == 1
    assert report["bevindingen"][0]["melding"].startswith("Een interventie heeft een doel nodig")
    english = httpx.post(
        live_server.url + "/valideer?taal=en", content=BAD.encode(), headers={"Content-Type": "text/turtle"}
    ).json()
    assert english["bevindingen"][0]["melding"].startswith("An intervention needs an aim")
    good = httpx.post(live_server.url + "/valideer", content=GOOD.encode(), headers={"Content-Type": "text/turtle"})
    assert good.json()["conform"] is True
    assert httpx.get(live_server.url + "/gezondheid").json()["triples"] == before


def test_post_valideer_refuses_unknown_type_and_too_large(tmp_path: Path, live_server: LiveServer) -> None:
    odd = httpx.post(live_server.url + "/valideer", content=b"x", headers={"Content-Type": "application/pdf"})
    assert odd.status_code == 415 and odd.json()["fout"]["code"] == "niet-ondersteund-formaat"
    small = start_server(tmp_path / "opslag", {"KENNISGRAAF_UPLOAD_LIMIT_BYTES": "100"})
    try:
        big = httpx.post(small.url + "/valideer", content=GOOD.encode(), headers={"Content-Type": "text/turtle"})
        assert big.status_code == 413 and big.json()["fout"]["code"] == "te-groot"
    finally:
        stop_server(small)
