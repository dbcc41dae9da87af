"""Imports through graaf.imports and `kennisgraaf importeer`: the template, bad rows, PROV, replace, undo, log."""

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pyoxigraph as ox
import pytest

from graaf import Store, sync_shipped
from graaf.errors import UnknownFormat, ValidationFailed
from graaf.imports import (
    Actor,
    ImportNotFound,
    Source,
    SpreadsheetError,
    import_graph,
    import_history,
    read_log,
    run_import,
    source_kind,
    undo_import,
)
from graaf.imports.columns import SHEETS
from graaf.imports.template import TEMPLATE_DIR, WORKBOOK
from graaf.shipped import bookkeeping_graph
from ontologie.namespaces import DEFAULT_BASE
from tests.conftest import run_cli
from validatie import ShaclValidator

ID = DEFAULT_BASE + "id/"
KERN = "https://data.alliantievankracht.nl/def/kern#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCT_SOURCE = "http://purl.org/dc/terms/source"
ACTOR = Actor("cli:test", "test")
CSV_FILES = ("interventies", "effecten", "bewijs")


@pytest.fixture
def store() -> Iterator[Store]:
    store = Store()
    sync_shipped(store)
    yield store
    store.close()


def _workbook() -> list[Source]:
    path = TEMPLATE_DIR / WORKBOOK
    return [Source(path.name, path.read_bytes(), "xlsx")]


def _csv_sources(changes: dict[str, str] | None = None) -> list[Source]:
    sources = []
    for name in CSV_FILES:
        text = (TEMPLATE_DIR / f"{name}.csv").read_text(encoding="utf-8")
        sources.append(Source(f"{name}.csv", (changes or {}).get(name, text).encode(), "csv"))
    return sources


def _import(store: Store, sources: list[Source], name: str = "sjabloon", **options: object) -> object:
    return run_import(store, sources, name=name, base=DEFAULT_BASE, actor=ACTOR, checker=ShaclValidator(), **options)  # type: ignore[arg-type]


def _triples(store: Store, graph: str) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value) for q in store.quads(graph)}


def test_template_files_have_the_documented_columns() -> None:
    workbook = openpyxl.load_workbook(TEMPLATE_DIR / WORKBOOK, read_only=True)
    for sheet, columns in SHEETS.items():
        headers = [c.header for c in columns]
        csv_header = next(csv.reader(io.StringIO((TEMPLATE_DIR / f"{sheet}.csv").read_text(encoding="utf-8"))))
        assert csv_header == headers
        assert [c.value for c in next(workbook[sheet].iter_rows(max_row=1))] == headers
    workbook.close()


def test_template_imported_gives_the_expected_triples(store: Store) -> None:
    _import(store, _workbook())
    graph = import_graph(DEFAULT_BASE, "sjabloon")
    triples = _triples(store, graph)
    intervention = ID + "interventie/voorbeeld-financiele-educatie"
    debts = ID + "effect/voorbeeld-financiele-educatie-schulden"
    capital = ID + "effect/voorbeeld-financiele-educatie-economisch"
    evidence = ID + "bewijs/voorbeeld-financiele-educatie-faseplan-2"
    expected = {
        (intervention, RDF_TYPE, KERN + "PersoonsgerichteInterventie"),
        (intervention, RDFS_LABEL, "Voorbeeld: Financiële educatie"),
        (intervention, KERN + "voorDoelgroep", ID + "doelgroep/scholieren-po"),
        (intervention, KERN + "voorDoelgroep", ID + "doelgroep/scholieren-vo"),
        (intervention, KERN + "aangebodenIn", ID + "plaats/PV22"),
        (intervention, KERN + "status", ID + "status/lopend"),
        (debts, RDF_TYPE, KERN + "Effect"),
        (debts, KERN + "vanInterventie", intervention),
        (debts, KERN + "werktOp", ID + "mechanisme/schulden"),
        (debts, KERN + "richting", ID + "effectrichting/helpt"),
        (debts, KERN + "effectsoort", ID + "effectsoort/beoogd"),
        (debts, KERN + "herkomst", ID + "herkomst/interpretatie"),
        (capital, KERN + "werktOp", ID + "kapitaalvorm/economisch"),
        (evidence, RDF_TYPE, KERN + "Bewijs"),
        (evidence, KERN + "ondersteunt", debts),
        (evidence, KERN + "ondersteunt", capital),
        (evidence, KERN + "kennisbron", ID + "kennisbron/professioneel"),
        # The cell is empty: the level is "onbekend", never a guess.
        (evidence, KERN + "bewijsniveau", ID + "bewijsniveau/onbekend"),
    }
    assert expected <= triples
    assert len(triples) == 45
    subjects = {s for s, _, _ in triples}
    assert all((s, DCT_SOURCE, ID + "bron/faseplan-2") in triples for s in subjects)  # every fact has its source


def test_csv_files_give_the_same_triples_as_the_workbook(store: Store) -> None:
    _import(store, _workbook(), "uit-excel")
    with pytest.raises(SpreadsheetError) as caught:  # under another name the same ids are taken
        _import(store, _csv_sources(), "ander", dry_run=True)
    assert {(p.sheet, p.column) for p in caught.value.problems} == {(s, "id") for s in CSV_FILES}
    excel = _triples(store, import_graph(DEFAULT_BASE, "uit-excel"))
    undo_import(store, "uit-excel", base=DEFAULT_BASE, actor=ACTOR)
    _import(store, _csv_sources(), "uit-csv")
    assert _triples(store, import_graph(DEFAULT_BASE, "uit-csv")) == excel


def test_semicolon_csv_from_dutch_excel_is_read_too(store: Store) -> None:
    text = (TEMPLATE_DIR / "interventies.csv").read_text(encoding="utf-8")
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(csv.reader(io.StringIO(text)))
    bom = "\ufeff" + out.getvalue()  # Excel's "CSV UTF-8" starts with a byte order mark
    outcome = _import(store, _csv_sources({"interventies": bom}), dry_run=True)
    assert outcome.added == 45  # type: ignore[attr-defined]


def test_bad_rows_are_all_listed_and_nothing_is_written(store: Store) -> None:
    interventions = (TEMPLATE_DIR / "interventies.csv").read_text(encoding="utf-8")
    interventions = interventions.replace(",persoonsgericht,", ",persoon,").replace("scholieren-vo", "scholieren-xx")
    effects = (TEMPLATE_DIR / "effecten.csv").read_text(encoding="utf-8").replace(",helpt,", ",beetje,", 1)
    before = len(store)
    with pytest.raises(SpreadsheetError) as caught:
        _import(store, _csv_sources({"interventies": interventions, "effecten": effects}))
    found = {(p.sheet, p.row, p.column, p.value) for p in caught.value.problems}
    assert found == {
        ("interventies", 2, "soort", "persoon"),
        ("interventies", 2, "doelgroepen", "scholieren-xx"),
        ("effecten", 2, "richting", "beetje"),
    }
    message = next(p for p in caught.value.problems if p.column == "soort").message()
    assert message.startswith("interventies, rij 2, kolom 'soort': verwacht 'persoonsgericht' of 'netwerkactiviteit'")
    assert len(store) == before


def test_missing_values_and_unknown_columns_are_reported(store: Store) -> None:
    text = "id,soort,naam,kleur\nx,persoonsgericht,,rood\n"
    with pytest.raises(SpreadsheetError) as caught:
        _import(store, [Source("interventies.csv", text.encode(), "csv")])
    found = {(p.row, p.column) for p in caught.value.problems}
    assert (1, "kleur") in found  # unknown column in the header
    assert (1, "doel") in found  # required column missing from the header
    assert (2, "naam") in found  # required value empty
    assert (2, "bron") in found


def test_an_import_that_breaks_a_shape_is_refused_with_all_problems(store: Store) -> None:
    turtle = f"""
        @prefix kern: <{KERN}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <{ID}interventie/zonder-alles> a kern:PersoonsgerichteInterventie ; rdfs:label "Zonder alles"@nl .
    """
    before = len(store)
    with pytest.raises(ValidationFailed) as caught:
        _import(store, [Source("fout.ttl", turtle.encode(), "turtle")], "fout")
    shapes = {f.shape.rsplit("#", 1)[-1] for f in caught.value.report.violations}  # type: ignore[attr-defined]
    assert {"Interventie-doel", "Interventie-doelgroep", "Interventie-effect", "Bron-verplicht"} <= shapes
    assert len(store) == before


def test_rdf_import_records_prov_and_reimport_replaces(store: Store, tmp_path: Path) -> None:
    log = tmp_path / "opslag.schrijflog.jsonl"
    quads = store.quads(DEFAULT_BASE + "id/graaf/faseplan-2")
    mine = [q for q in quads if q.subject.value.endswith("financiele-educatie-faseplan-2")]
    data = ox.serialize([q.triple for q in mine], format=ox.RdfFormat.N_TRIPLES) or b""
    outcome = run_import(
        store, [Source("a.nt", data, "ntriples")], name="studie", base=DEFAULT_BASE, actor=ACTOR, checker=None, log=log
    )
    graph = import_graph(DEFAULT_BASE, "studie")
    assert outcome.added == len(mine) == len(store.quads(graph))
    smaller = ox.serialize([q.triple for q in mine[:3]], format=ox.RdfFormat.N_TRIPLES) or b""
    again = run_import(
        store,
        [Source("b.nt", smaller, "ntriples")],
        name="studie",
        base=DEFAULT_BASE,
        actor=ACTOR,
        checker=None,
        log=log,
    )
    assert (again.added, again.removed) == (0, len(mine) - 3)
    assert len(store.quads(graph)) == 3
    history = import_history(store, DEFAULT_BASE)
    assert [(h["naam"], h["actie"], h["door"]) for h in history] == [("studie", "import", "cli:test")] * 2
    assert history[1]["bestanden"] == [{"naam": "b.nt", "sha256": Source("b.nt", smaller, "ntriples").sha256}]
    version = store.select(
        f"SELECT ?v WHERE {{ GRAPH <{bookkeeping_graph(DEFAULT_BASE)}> "
        "{ ?a <http://www.w3.org/ns/prov#wasAssociatedWith>/<http://purl.org/dc/terms/hasVersion> ?v } }"
    ).column("v")
    assert version and str(version[0]) == "0.1.0"
    assert undo_import(store, "studie", base=DEFAULT_BASE, actor=ACTOR, log=log) == 3
    assert store.quads(graph) == []
    assert import_history(store, DEFAULT_BASE)[-1]["actie"] == "ongedaan"
    with pytest.raises(ImportNotFound):
        undo_import(store, "studie", base=DEFAULT_BASE, actor=ACTOR)
    assert [e["actie"] for e in read_log(log)] == ["import", "import", "import-ongedaan"]
    assert all(e["door"] == "cli:test" for e in read_log(log))


def test_dry_run_counts_and_writes_nothing(store: Store) -> None:
    before = len(store)
    outcome = _import(store, _workbook(), dry_run=True)
    assert outcome.added == 45 and outcome.removed == 0  # type: ignore[attr-defined]
    assert outcome.new_subjects == {  # type: ignore[attr-defined]
        "kern:Bewijs": 1,
        "kern:Effect": 2,
        "kern:PersoonsgerichteInterventie": 1,
    }
    assert len(store) == before


def test_format_from_name_or_media_type() -> None:
    assert source_kind("a.xlsx") == "xlsx"
    assert source_kind("upload", "text/csv; charset=utf-8") == "csv"
    assert source_kind("studie.ttl") == "turtle"
    assert source_kind("x.rdf", "application/octet-stream") == "rdfxml"
    with pytest.raises(UnknownFormat):
        source_kind("upload", "text/plain")
    with pytest.raises(UnknownFormat):
        source_kind("foto.png")


def test_cli_import_dry_run_undo_and_log(tmp_path: Path) -> None:
    store = tmp_path / "opslag"
    with Store(store) as prepared:  # the shipped graphs in place, so the CLI starts without loading them
        sync_shipped(prepared)
    workbook = str(TEMPLATE_DIR / WORKBOOK)
    done = run_cli("importeer", workbook, "--naam", "sjabloon", "--door", "redactie", store=store)
    assert done.returncode == 0, done.stderr
    assert "45 triples erbij" in done.stdout
    assert "nieuw: 1 x kern:PersoonsgerichteInterventie" in done.stdout
    undone = run_cli("importeer", "--ongedaan", "sjabloon", store=store)
    assert undone.returncode == 0 and "45 triples" in undone.stdout
    log = run_cli("log", "--json", store=store)
    entries = [json.loads(line) for line in log.stdout.splitlines()]
    assert [(e["actie"], e["door"]) for e in entries] == [
        ("import", "cli:redactie"),
        ("import-ongedaan", entries[1]["door"]),
    ]
    bad = tmp_path / "interventies.csv"
    bad.write_text("id,soort\nx,persoon\n", encoding="utf-8")
    refused = run_cli("importeer", str(bad), store=store)
    assert refused.returncode == 1
    assert "interventies, rij 2, kolom 'soort'" in refused.stderr
