"""The `kennisgraaf` command line, run as a subprocess like a user or a script would."""

import json
from pathlib import Path

import pytest

from api.dutch_argparse import looks_dutch
from api.experiments_cli import demo_on_start
from graaf import Settings, Store, sync_shipped
from ontologie.namespaces import DEFAULT_BASE
from tests.conftest import run_cli

USER_GRAPH = DEFAULT_BASE + "id/graaf/studie"
GOOD_TTL = """@prefix ex: <http://example.org/> .
ex:studie ex:titel "Schulden en stress bij jonge gezinnen"@nl ;
    ex:jaar 2023 .
"""
BAD_TTL = """@prefix ex: <http://example.org/> .
ex:a ex:b "goed" .
ex:c ex:d "niet afgesloten .
"""


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "opslag"


def _dump(path: Path) -> bytes:
    with Store(path) as store:
        return store.dump()


def test_help_is_dutch_for_every_command(store_path: Path) -> None:
    for args in ([], ["serve"], ["laad"], ["query"], ["stats"]):
        result = run_cli(*args, "--help", store=store_path)
        assert result.returncode == 0
        assert "gebruik:" in result.stdout and looks_dutch(result.stdout), result.stdout


def test_usage_error_exits_2_in_dutch(store_path: Path) -> None:
    result = run_cli("laad", store=store_path)
    assert result.returncode == 2
    assert "deze argumenten ontbreken: BESTAND" in result.stderr


def test_stats_lists_shipped_graphs(store_path: Path) -> None:
    result = run_cli("stats", "--json", store=store_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["grafen"][DEFAULT_BASE + "def/kern"] > 100
    assert data["totaal"] == sum(data["grafen"].values())


def test_load_then_query_in_every_output(store_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "studie.ttl"
    source.write_text(GOOD_TTL, encoding="utf-8")
    loaded = run_cli("laad", str(source), store=store_path)
    assert loaded.returncode == 0, loaded.stderr
    assert f"2 triples geladen in <{USER_GRAPH}>" in loaded.stdout

    query = f"SELECT ?titel WHERE {{ GRAPH <{USER_GRAPH}> {{ ?s <http://example.org/titel> ?titel }} }}"
    table = run_cli("query", query, store=store_path)
    assert table.returncode == 0 and "Schulden en stress bij jonge gezinnen" in table.stdout
    assert "(1 rijen)" in table.stdout
    as_json = json.loads(run_cli("query", query, "--uitvoer", "json", store=store_path).stdout)
    assert as_json["results"]["bindings"][0]["titel"]["xml:lang"] == "nl"
    as_csv = run_cli("query", query, "--uitvoer", "csv", store=store_path).stdout
    assert as_csv.splitlines() == ["titel", "Schulden en stress bij jonge gezinnen"]


def test_query_from_file_and_ask(store_path: Path, tmp_path: Path) -> None:
    query_file = tmp_path / "vraag.rq"
    query_file.write_text(f"ASK {{ GRAPH <{DEFAULT_BASE}def/kern> {{ ?s ?p ?o }} }}", encoding="utf-8")
    result = run_cli("query", "--bestand", str(query_file), store=store_path)
    assert result.returncode == 0 and result.stdout.strip() == "ja"


def test_bad_file_is_refused_with_position_and_store_unchanged(store_path: Path, tmp_path: Path) -> None:
    good, bad = tmp_path / "goed.ttl", tmp_path / "fout.ttl"
    good.write_text(GOOD_TTL, encoding="utf-8")
    bad.write_text(BAD_TTL, encoding="utf-8")
    assert run_cli("stats", store=store_path).returncode == 0
    before = _dump(store_path)
    result = run_cli("laad", str(good), str(bad), store=store_path)
    assert result.returncode == 1
    line = result.stderr.strip()
    assert line.startswith("fout: 'fout.ttl' is geen geldig turtle-bestand") and "regel 3" in line
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert _dump(store_path) == before


def test_bad_query_exits_1_with_position(store_path: Path) -> None:
    result = run_cli("query", "SELECT ?s WHERE { ?s ?p }", store=store_path)
    assert result.returncode == 1
    assert result.stderr.startswith("fout: Fout in de query") and "regel 1, kolom" in result.stderr


def test_service_query_is_refused(store_path: Path) -> None:
    result = run_cli("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", store=store_path)
    assert result.returncode == 1 and "SERVICE is niet toegestaan" in result.stderr


def test_unknown_extension_and_missing_file(store_path: Path, tmp_path: Path) -> None:
    odd = tmp_path / "data.xyz"
    odd.write_text(GOOD_TTL, encoding="utf-8")
    result = run_cli("laad", str(odd), store=store_path)
    assert result.returncode == 1 and "Onbekend RDF-formaat" in result.stderr
    assert run_cli("laad", str(odd), "--formaat", "turtle", store=store_path).returncode == 0
    missing = run_cli("laad", str(tmp_path / "weg.ttl"), store=store_path)
    assert missing.returncode == 1 and "bestaat niet" in missing.stderr


def test_shipped_graph_cannot_be_overwritten(store_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "x.ttl"
    source.write_text(GOOD_TTL, encoding="utf-8")
    result = run_cli("laad", str(source), "--graaf", DEFAULT_BASE + "def/kern", store=store_path)
    assert result.returncode == 1 and "meegeleverde gegevens" in result.stderr


def test_the_graph_of_an_import_is_only_written_by_importeer(store_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "x.ttl"
    source.write_text(GOOD_TTL, encoding="utf-8")
    result = run_cli("laad", str(source), "--graaf", DEFAULT_BASE + "id/graaf/import/proef", store=store_path)
    assert result.returncode == 1 and "kennisgraaf importeer" in result.stderr


def test_replace_empties_the_graph_first(store_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "studie.ttl"
    source.write_text(GOOD_TTL, encoding="utf-8")
    run_cli("laad", str(source), store=store_path)
    source.write_text('<http://example.org/x> <http://example.org/y> "z" .\n', encoding="utf-8")
    assert run_cli("laad", str(source), "--vervang", store=store_path).returncode == 0
    counts = json.loads(run_cli("stats", "--json", store=store_path).stdout)["grafen"]
    assert counts[USER_GRAPH] == 1


def test_user_graph_survives_restart_with_shipped_data_unchanged(store_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "studie.ttl"
    source.write_text(GOOD_TTL, encoding="utf-8")
    run_cli("laad", str(source), store=store_path)
    first = json.loads(run_cli("stats", "--json", store=store_path).stdout)
    second = json.loads(run_cli("stats", "--json", store=store_path).stdout)
    assert first == second and first["grafen"][USER_GRAPH] == 2


def test_store_in_use_exits_3(store_path: Path) -> None:
    with Store(store_path):
        result = run_cli("stats", store=store_path)
    assert result.returncode == 3 and "ander proces" in result.stderr


OBSERVATIONS_CSV = "regiocode;periode;indicator;waarde\nGM0037;2026-11;demo-betalingsachterstand-fictief;9,5\n"


def _log(store: Path) -> list[dict[str, object]]:
    path = store.with_name(store.name + ".schrijflog.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_every_write_from_the_command_line_is_logged(store_path: Path, tmp_path: Path) -> None:
    with Store(store_path) as prepared:  # the shipped graphs in place, so each command starts quickly
        sync_shipped(prepared)
    measurements = tmp_path / "metingen.csv"
    measurements.write_text(OBSERVATIONS_CSV, encoding="utf-8")
    for args in (["demo", "laad"], ["waarnemingen", str(measurements)], ["demo", "verwijder"]):
        done = run_cli(*args, store=store_path)
        assert done.returncode == 0, done.stderr
    entries = _log(store_path)
    assert [e["actie"] for e in entries] == ["demo-laad", "waarnemingen", "demo-verwijder"]
    assert all(str(e["door"]).startswith("cli:") for e in entries)
    assert entries[1]["graaf"] == DEFAULT_BASE + "id/graaf/waarnemingen-metingen" and entries[1]["metingen"] == 1
    backup = tmp_path / "backup.nq.gz"
    assert run_cli("backup", str(backup), store=store_path).returncode == 0
    restored = run_cli("herstel", str(backup), store=tmp_path / "nieuw")
    assert restored.returncode == 0, restored.stderr
    [entry] = _log(tmp_path / "nieuw")
    assert entry["actie"] == "herstel" and entry["bestand"] == "backup.nq.gz" and int(entry["triples"]) > 1000  # type: ignore[call-overload]


def test_the_demo_loaded_when_the_server_starts_is_logged(store_path: Path) -> None:
    settings = Settings(store_path=str(store_path))
    with Store() as store:
        sync_shipped(store)
        demo_on_start(store, settings, asked=True)
        demo_on_start(store, settings, asked=False)  # not asked: nothing loaded, nothing logged
    assert [(e["actie"], str(e["door"])[:4]) for e in _log(store_path)] == [("demo-laad", "cli:")]
