"""Imports through graaf.imports and `kennisgraaf importeer`: the template, bad rows, PROV, replace, undo, log."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pyoxigraph as ox
import pytest

from graaf import Store, sync_shipped
from graaf.imports import (
    Actor,
    ImportNotFound,
    ImportOfSomeoneElse,
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
from graaf.imports.sheets import MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_BYTES, Problem, read_csv, read_xlsx
from graaf.imports.template import TEMPLATE_DIR, WORKBOOK
from graaf.storage.errors import UnknownFormat, ValidationFailed
from graaf.storage.shipped import bookkeeping_graph
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
    quads = store.quads(DEFAULT_BASE + "id/graaf/catalogus-vroeg")
    mine = [q for q in quads if q.subject.value.endswith("bewijs/voorzorg-erkenning")]
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


def _workbook_bytes(cells: dict[str, str], title: str = "interventies") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for where, value in cells.items():
        sheet[where] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_READ_UNDER_A_MEMORY_LIMIT = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
from graaf.imports.sheets import read_xlsx
problems = []
sheets = read_xlsx("klein.xlsx", open(sys.argv[1], "rb").read(), problems)
print(len(sheets), len(problems))
"""


def test_a_tiny_workbook_that_declares_a_huge_sheet_is_read_in_little_memory(tmp_path: Path) -> None:
    # 5 kB on disk, but its last cell makes the sheet 1,048,576 rows by 16,384 columns: read naively,
    # openpyxl fills in every missing cell. A separate process with 1.5 GB of address space must cope.
    path = tmp_path / "klein.xlsx"
    path.write_bytes(_workbook_bytes({"A1": "naam", "XFD1048576": "x"}))
    assert path.stat().st_size < 10_000
    done = subprocess.run(
        [sys.executable, "-c", _READ_UNDER_A_MEMORY_LIMIT, str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1", "5"]  # one sheet, without rows; five required columns missing


def test_too_many_rows_or_columns_are_refused_with_a_clear_problem() -> None:
    problems: list[Problem] = []
    sheets = read_xlsx("lang.xlsx", _workbook_bytes({"A1": "id", f"A{MAX_ROWS + 2}": "x"}), problems)
    assert sheets == []
    assert [(p.sheet, p.row) for p in problems] == [("interventies", MAX_ROWS + 2)]
    assert "hoogstens 50.000 rijen" in problems[0].message()
    problems = []
    assert read_xlsx("breed.xlsx", _workbook_bytes({"A1": "id", "ZZ1": "x"}), problems) == []
    assert [(p.sheet, p.row) for p in problems] == [("interventies", 1)]
    assert f"hoogstens {MAX_COLUMNS} kolommen" in problems[0].message()
    # Exactly MAX_ROWS rows of data are fine; the empty rows a file declares after them do not count.
    problems = []
    [sheet] = read_xlsx("vol.xlsx", _workbook_bytes({"A1": "id", f"A{MAX_ROWS + 1}": "x", "B70000": "y"}), problems)
    assert [row.number for row in sheet.rows] == [MAX_ROWS + 1]
    lines = "id\n" + "x\n" * (MAX_ROWS + 1)
    problems = []
    assert read_csv("interventies.csv", lines.encode(), problems) is None
    assert [(p.sheet, p.row) for p in problems] == [("interventies", MAX_ROWS + 2)]


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            block = b"\0" * 1_000_000
            for _ in range(MAX_UNPACKED_BYTES // len(block) + 1):
                entry.write(block)
    assert len(out.getvalue()) < 1_000_000
    problems: list[Problem] = []
    assert read_xlsx("bom.xlsx", out.getvalue(), problems) == []
    assert len(problems) == 1 and "uitgepakt kleiner is dan 200 MB" in problems[0].message()


def test_personal_data_in_a_file_name_or_a_name_of_the_importer_is_refused(store: Store, tmp_path: Path) -> None:
    log = tmp_path / "opslag.schrijflog.jsonl"
    before = len(store)
    named = _csv_sources()
    named[0] = Source("gezin Jansen BSN 123456782 tel 0612345678.csv", named[0].data, "csv")
    with pytest.raises(ValidationFailed) as caught:
        _import(store, named, "proef", log=log)
    assert "de naam van een bestand" in caught.value.message
    kinds = {f.messages["nl"].split("(")[0] for f in caught.value.report.violations}  # type: ignore[attr-defined]
    assert kinds == {"Deze tekst bevat een burgerservicenummer ", "Deze tekst bevat een telefoonnummer "}
    with pytest.raises(ValidationFailed):
        run_import(
            store,
            _csv_sources(),
            name="proef",
            base=DEFAULT_BASE,
            actor=Actor("token:ab12", "Jan Jansen 06-12345678"),
            checker=ShaclValidator(),
        )
    assert len(store) == before and read_log(log) == []
    assert not any("123456782" in q.object.value or "12345678" in q.object.value for q in store.quads())
    _import(store, _csv_sources(), "proef")
    with pytest.raises(ValidationFailed):  # the one who undoes is recorded too
        undo_import(
            store, "proef", base=DEFAULT_BASE, actor=Actor("token:cd34", "bel 0612345678"), checker=ShaclValidator()
        )
    assert store.quads(import_graph(DEFAULT_BASE, "proef"))


def test_only_the_maker_or_an_admin_may_replace_an_import(store: Store) -> None:
    first, second = Actor("token:aaaa", "eerste"), Actor("token:bbbb", "tweede")
    admin = Actor("token:cccc", "beheer", admin=True)
    sources = _csv_sources()

    def by(actor: Actor, **options: object) -> object:
        return run_import(
            store, sources, name="gedeeld", base=DEFAULT_BASE, actor=actor, checker=ShaclValidator(), **options
        )  # type: ignore[arg-type]

    by(first)
    by(first)  # the maker may import again under the same name
    for options in ({}, {"dry_run": True}):
        with pytest.raises(ImportOfSomeoneElse) as caught:
            by(second, **options)
        assert "token:aaaa" in caught.value.message
    by(admin)
    with pytest.raises(ImportOfSomeoneElse):  # the admin's import now
        by(first)
    assert Actor.command_line("redactie").admin  # whoever runs the command line holds the store itself
    undo_import(store, "gedeeld", base=DEFAULT_BASE, actor=admin)
    by(second)  # the name is free again
    assert [h["door"] for h in import_history(store, DEFAULT_BASE) if h["actie"] == "import"] == [
        "token:aaaa",
        "token:aaaa",
        "token:cccc",
        "token:bbbb",
    ]
