"""The commands that read or fill the store: laad, importeer, query, stats, valideer, cocktail, log.

Kept apart from api/cli.py, which parses the options and registers them. Every write is validated
first and goes into the write log as 'cli:<user>' (api/cli_common.py).
"""

import argparse
import json
import sys
from pathlib import Path

import pyoxigraph as ox

from api.cli_common import EXIT_INPUT, EXIT_OK, EXIT_USAGE, logged
from graaf import Settings, Store, apply
from graaf.storage.errors import ParseError
from graaf.storage.formats import RdfFormat, rdf_format, rdf_format_for_path, results_format
from graaf.storage.shipped import bookkeeping_graph
from graaf.storage.terms import curie, to_rdflib
from ontologie.namespaces import id_base
from validatie import Report, ShaclValidator, validate_files, validate_store
from validatie.files import PARSE_RULE, Upload, read_upload
from validatie.quality import quality_report


def _load(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    from graaf.imports import import_graph

    shipped = set(_shipped_graphs(store, settings))
    uploads = _uploads(args.bestanden, args.formaat, args.graaf, settings)
    for upload in uploads:
        if upload.graph in shipped:
            raise ParseError(
                f"De graaf <{upload.graph}> hoort bij de meegeleverde gegevens en wordt bij een nieuwe versie "
                "overschreven. Kies met --graaf een eigen graaf."
            )
        if upload.graph.startswith(import_graph(settings.base_iri, "")):
            raise ParseError(
                f"De graaf <{upload.graph}> is van een import. Gebruik 'kennisgraaf importeer', zodat de import "
                "met herkomst wordt bewaard en ongedaan kan worden gemaakt."
            )
    # Everything is parsed and validated before anything is written, and then written at once.
    report, change = validate_files(store, uploads, replace=args.vervang)
    unreadable = [f for f in report.findings if f.shape == PARSE_RULE]
    if unreadable:
        for finding in unreadable:
            where = f" (regel {finding.line}, kolom {finding.column})" if finding.line is not None else ""
            print(f"fout: {finding.message()}{where}", file=sys.stderr)
        return EXIT_INPUT
    if not report.conforms:
        sys.stderr.write(report.text())
        print(f"fout: niets opgeslagen; {report.count('Violation')} fout(en) gevonden.", file=sys.stderr)
        return EXIT_INPUT
    apply(store, change)
    logged(settings, "laad", {"grafen": sorted({u.graph for u in uploads}), "toegevoegd": len(change.add)})
    if report.findings:
        sys.stderr.write(report.text())
    for upload in uploads:
        count = sum(1 for q in change.add if getattr(q.graph_name, "value", None) == upload.graph)
        print(f"{upload.name}: {count} triples geladen in <{upload.graph}>")
    return EXIT_OK


def _uploads(paths: list[Path], fmt_name: str | None, graph: str | None, settings: Settings) -> list[Upload]:
    uploads = []
    for path in paths:
        fmt: RdfFormat = rdf_format(fmt_name) if fmt_name else rdf_format_for_path(path)
        target = graph or id_base(settings.base_iri) + "graaf/" + path.stem
        uploads.append(read_upload(path, fmt, target))
    return uploads


def _validate(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    if args.bestanden:
        report, _ = validate_files(store, _uploads(args.bestanden, args.formaat, None, settings))
    else:
        report = Report()
        report.extend(validate_store(store))
        report.extend(quality_report(store))
    if args.json:
        print(json.dumps(report.as_dict(args.taal), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(report.text(args.taal))
    return EXIT_OK if report.conforms else EXIT_INPUT


def _shipped_graphs(store: Store, settings: Settings) -> list[str]:
    book = bookkeeping_graph(settings.base_iri)
    rows = store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH <{book}> {{ ?g ?p ?o }} }}").rows
    return [str(row["g"]) for row in rows] + [book]


def _query(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    if args.bestand:
        try:
            text = args.bestand.read_text(encoding="utf-8")
        except OSError as error:
            raise ParseError(f"Querybestand '{args.bestand}' kan niet worden gelezen: {error}") from error
    elif args.query:
        text = args.query
    else:
        raise ParseError("Geef een query als tekst of met --bestand.")
    answer = store.run(text)
    out = sys.stdout
    if isinstance(answer, ox.QueryTriples):
        fmt = rdf_format("jsonld" if args.uitvoer == "json" else "turtle")
        out.write((answer.serialize(format=fmt.engine) or b"").decode())
    elif args.uitvoer == "tabel":
        out.write(_table(answer, settings))
    else:
        fmt_results = results_format(args.uitvoer)
        if isinstance(answer, ox.QueryBoolean) and args.uitvoer != "json":
            out.write(("true" if answer else "false") + "\n")
        else:
            out.write((answer.serialize(format=fmt_results.engine) or b"").decode())
    return EXIT_OK


def _table(answer: ox.QuerySolutions | ox.QueryBoolean, settings: Settings) -> str:
    if isinstance(answer, ox.QueryBoolean):
        return ("ja" if answer else "nee") + "\n"
    names = [v.value for v in answer.variables]
    rows = [[_short(solution[n], settings) for n in names] for solution in answer]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} rijen)")
    return "\n".join(lines) + "\n"


def _short(term: object, settings: Settings) -> str:
    if term is None:
        return ""
    value = to_rdflib(term)  # type: ignore[arg-type]
    text = str(value)
    if isinstance(term, ox.NamedNode):
        base = id_base(settings.base_iri)
        if text.startswith(base):
            return "id:" + text[len(base) :]
        short = curie(text)
        return short if short != text else f"<{text}>"
    return text


def _import(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    from graaf import imports

    actor = imports.Actor.command_line(args.door)
    log = imports.log_path(settings)
    if args.lijst:
        return _print(imports.import_history(store, settings.base_iri), args.json)
    if args.ongedaan:
        count = imports.undo_import(
            store, args.ongedaan, base=settings.base_iri, actor=actor, log=log, checker=ShaclValidator()
        )
        print(f"Import '{args.ongedaan}' ongedaan gemaakt: {count} triples weggehaald.")
        return EXIT_OK
    if not args.bestanden:
        print("fout: geef een of meer bestanden, of --ongedaan NAAM, of --lijst.", file=sys.stderr)
        return EXIT_USAGE
    sources = []
    for path in args.bestanden:
        try:
            sources.append(imports.Source(path.name, path.read_bytes(), imports.source_kind(path.name, args.formaat)))
        except OSError as error:
            raise ParseError(f"Bestand '{path}' kan niet worden gelezen: {error}") from error
    name = args.naam or imports.default_name(args.bestanden[0].name)
    try:
        outcome = imports.run_import(
            store,
            sources,
            name=name,
            base=settings.base_iri,
            actor=actor,
            checker=ShaclValidator(),
            dry_run=args.droog,
            log=log,
            stage=lambda step: print(f"{step} ...", file=sys.stderr, flush=True),
        )
    except imports.SpreadsheetError as error:
        print(f"fout: {error.message}", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem.message()}", file=sys.stderr)
        return EXIT_INPUT
    if args.json:
        return _print(outcome.as_dict(), True)
    what = "zou veranderen (droog, niets opgeslagen)" if args.droog else "opgeslagen"
    print(f"Import '{name}' in <{outcome.graph}> {what}: {outcome.added} triples erbij, {outcome.removed} eraf.")
    for cls, count in outcome.new_subjects.items():
        print(f"  nieuw: {count} x {cls}")
    if outcome.report is not None and outcome.report.count("Warning"):
        print(f"  {outcome.report.count('Warning')} waarschuwing(en); zie --json voor de details.")
    return EXIT_OK


def show_log(settings: Settings, args: argparse.Namespace) -> int:
    from graaf.imports import log_path, read_log

    entries = read_log(log_path(settings), args.laatste)
    if args.json:
        for entry in entries:
            print(json.dumps(entry, ensure_ascii=False))
        return EXIT_OK
    for entry in entries:
        rest = ", ".join(f"{k}={v}" for k, v in entry.items() if k not in ("tijd", "door", "actie"))
        print(f"{entry.get('tijd')}  {entry.get('door')}  {entry.get('actie')}  {rest}")
    return EXIT_OK


def _print(data: object, as_json: bool) -> int:
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for item in data if isinstance(data, list) else [data]:
            print(item)
    return EXIT_OK


def _stats(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    counts = store.counts()
    if args.json:
        print(json.dumps({"grafen": counts, "totaal": sum(counts.values())}, indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max((len(g) for g in counts), default=5)
    for graph, n in sorted(counts.items()):
        print(f"{graph.ljust(width)}  {n:>8}")
    print(f"{'totaal'.ljust(width)}  {sum(counts.values()):>8}")
    return EXIT_OK


def _cocktail(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    from api.views.cocktail import SituationIn
    from graaf.cocktail import suggest
    from graaf.cocktail.record import cocktail_quads
    from graaf.storage.changes import Change

    if args.situatie:
        try:
            fields = json.loads(args.situatie.read_text(encoding="utf-8"))
            situation = SituationIn.model_validate(fields).situation()
        except (OSError, ValueError) as error:
            raise ParseError(f"Situatiebestand '{args.situatie}' is niet te lezen: {error}") from error
    else:
        situation = SituationIn(
            mechanismen=args.mechanisme,
            zwakke_kapitaalvormen=args.kapitaal,
            doelgroep=args.doelgroep,
            plaats=args.plaats,
            max_interventies=args.maximum,
            minimaal_bewijsniveau=args.bewijs,
            uitsluiten=args.zonder,
            draagkracht=args.draagkracht,
            ideeen_meenemen=args.ideeen,
        ).situation()
    suggestion = suggest(store, situation)
    if args.json:
        print(json.dumps({**suggestion.as_dict(), "uitleg": suggestion.text()}, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(_cocktail_table(suggestion.chosen) + "\n" + suggestion.text())
    if args.bewaar and suggestion.chosen:
        apply(store, Change(add=cocktail_quads(suggestion, settings.base_iri)), ShaclValidator())
        logged(settings, "cocktail", {"interventies": [str(item["iri"]) for item in suggestion.chosen]})
        print("De cocktail is bewaard in de graaf.", file=sys.stderr)
    return EXIT_OK


def _cocktail_table(chosen: list[dict[str, object]]) -> str:
    rows = [
        [str(n), str(item["label"]), "; ".join(str(r["zin"]).rstrip(".") for r in item["waarom"])]  # type: ignore[attr-defined]
        for n, item in enumerate(chosen, start=1)
    ]
    head = ["nr", "interventie", "waarom"]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


COMMANDS = {
    "laad": _load,
    "importeer": _import,
    "query": _query,
    "stats": _stats,
    "valideer": _validate,
    "cocktail": _cocktail,
}
