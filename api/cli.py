"""The `kennisgraaf` command line. Options are parsed here; the work is done by graaf and api.

Exit codes, so scripts can rely on them:
  0  gelukt
  1  ongeldige invoer (bestand, query of formaat); er is niets veranderd
  2  verkeerd gebruik van de opdracht (onbekende optie, ontbrekend argument)
  3  de opslag kan niet worden geopend (bijvoorbeeld: in gebruik door een ander proces)
"""

import argparse
import json
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from api import accounts_cli, dutch_argparse, experiments_cli, export_cli
from graaf import Settings, Store, apply, bounded, open_store
from graaf.errors import GraafError, ParseError, StoreUnavailable
from graaf.formats import RdfFormat, rdf_format, rdf_format_for_path, results_format
from graaf.shipped import bookkeeping_graph
from graaf.terms import to_rdflib
from graaf.tokens import Role, TokenFileError, TokenStore
from ontologie.namespaces import PREFIXES, id_base
from validatie import Report, ShaclValidator, validate_files, validate_store
from validatie.files import PARSE_RULE, Upload, read_upload
from validatie.quality import quality_report

if TYPE_CHECKING:
    from fastapi import FastAPI, Request, Response

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    dutch_argparse.install()
    parser = argparse.ArgumentParser(
        prog="kennisgraaf",
        description="Kennisgraaf Generatiearmoede: bevragen, vullen en serveren.",
        epilog="Afsluitcodes: 0 gelukt, 1 ongeldige invoer, 2 verkeerd gebruik, 3 opslag niet beschikbaar.",
    )
    parser.add_argument(
        "--opslag",
        metavar="MAP",
        help="map van de opslag (standaard: KENNISGRAAF_STORE_PATH of ./opslag; ':memory:' voor tijdelijk)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="OPDRACHT")

    serve = commands.add_parser("serve", help="start de webserver (HTTP, SPARQL)")
    serve.add_argument("--host", help="adres (standaard 127.0.0.1)")
    serve.add_argument("--port", type=int, help="poort (standaard 8000)")
    serve.add_argument("--demo", action="store_true", help="laad de fictieve demogegevens (zie 'demo')")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="aantal serverprocessen (standaard 1); meer dan 1 kan met een externe opslag "
        "(KENNISGRAAF_REMOTE_QUERY_URL) of met --alleen-lezen",
    )
    serve.add_argument(
        "--alleen-lezen",
        action="store_true",
        help="open de opslag alleen om te lezen (een momentopname die niemand verandert)",
    )

    load = commands.add_parser("laad", help="laad RDF-bestanden in een benoemde graaf")
    load.add_argument("bestanden", nargs="+", type=Path, metavar="BESTAND")
    load.add_argument("--graaf", help="IRI van de graaf (standaard: <basis>/id/graaf/<bestandsnaam>)")
    load.add_argument("--formaat", help="turtle, ntriples, nquads, trig, jsonld of rdfxml (standaard: uit extensie)")
    load.add_argument("--vervang", action="store_true", help="maak de graaf eerst leeg")

    query = commands.add_parser("query", help="voer een SPARQL-query uit")
    query.add_argument("query", nargs="?", help="de query als tekst")
    query.add_argument("--bestand", type=Path, help="lees de query uit een bestand")
    query.add_argument("--uitvoer", choices=["tabel", "csv", "tsv", "json"], default="tabel")

    token = commands.add_parser(
        "token",
        help="maak, toon of trek tokens in (een redacteur mag de graaf veranderen via /sparql)",
        description="Tokens voor de HTTP-API. Alleen een hash wordt bewaard, in KENNISGRAAF_TOKENS_PATH "
        "(standaard naast de opslag: <opslag>.tokens.json). De server leest het bestand opnieuw als het verandert.",
    )
    actions = token.add_subparsers(dest="actie", required=True, metavar="ACTIE")
    make = actions.add_parser("maak", help="maak een nieuw token; het token wordt één keer getoond")
    make.add_argument("--rol", choices=[role.value for role in Role], default=Role.EDITOR.value)
    make.add_argument("--naam", default="", help="voor wie of waarvoor het token is")
    actions.add_parser("lijst", help="toon de tokens (id, rol, naam, datum), niet de tokens zelf")
    revoke = actions.add_parser("intrekken", help="trek een token in")
    revoke.add_argument("id", help="het id uit 'token lijst'")

    imp = commands.add_parser(
        "importeer",
        help="importeer RDF-bestanden of het spreadsheetsjabloon in een eigen graaf (met PROV)",
        description="Leest, controleert en schrijft in één keer in de graaf <basis>/id/graaf/import/<naam>. "
        "Dezelfde naam nog eens importeren vervangt die graaf. Spreadsheets: CSV of .xlsx volgens "
        "graaf/sjablonen/ (zie README, 'Importeren').",
    )
    imp.add_argument("bestanden", nargs="*", type=Path, metavar="BESTAND")
    imp.add_argument("--naam", help="naam van de import (standaard: de naam van het eerste bestand)")
    imp.add_argument(
        "--formaat", help="csv, xlsx, turtle, ntriples, nquads, trig, jsonld of rdfxml (standaard: uit extensie)"
    )
    imp.add_argument("--droog", action="store_true", help="laat alleen zien wat er zou veranderen")
    imp.add_argument("--door", metavar="NAAM", help="wie importeert (standaard: de gebruiker van het systeem)")
    imp.add_argument("--ongedaan", metavar="NAAM", help="maak de import met deze naam ongedaan (haalt zijn graaf weg)")
    imp.add_argument("--lijst", action="store_true", help="toon alle imports en wie ze deed")
    imp.add_argument("--json", action="store_true", help="uitvoer als JSON")

    log = commands.add_parser("log", help="toon het schrijflog: elke wijziging met wie en wanneer")
    log.add_argument("--laatste", type=int, metavar="N", help="alleen de laatste N regels")
    log.add_argument("--json", action="store_true", help="uitvoer als JSON-regels")

    stats = commands.add_parser("stats", help="aantal feiten per graaf")
    stats.add_argument("--json", action="store_true", help="uitvoer als JSON")

    mix = commands.add_parser(
        "cocktail",
        help="stel een cocktail van interventies voor een (anonieme) situatie voor",
        description="Kiest interventies die samen passen bij een situatie en zegt waarom. Gebruik namen, "
        "codes of IRI's, bijvoorbeeld: --mechanisme schulden --mechanisme 'chronische stress' --plaats Pekela.",
    )
    mix.add_argument("--situatie", type=Path, metavar="JSON", help="situatie uit een JSON-bestand (velden als de API)")
    mix.add_argument("--mechanisme", action="append", default=[], metavar="NAAM")
    mix.add_argument("--kapitaal", action="append", default=[], metavar="NAAM", help="zwakke kapitaalvorm")
    mix.add_argument("--doelgroep")
    mix.add_argument("--plaats")
    mix.add_argument("--max", type=int, dest="maximum", help="hoogstens zoveel interventies (standaard 4)")
    mix.add_argument("--bewijs", help="minimaal bewijsniveau, bijvoorbeeld goed-onderbouwd")
    mix.add_argument("--zonder", action="append", default=[], metavar="INTERVENTIE", help="laat deze weg")
    mix.add_argument("--draagkracht", help="overleefstand, beperkt of ruim")
    mix.add_argument("--ideeen", action="store_true", help="neem ook interventies mee die nog een idee zijn")
    mix.add_argument("--json", action="store_true", help="uitvoer als JSON")
    mix.add_argument("--bewaar", action="store_true", help="bewaar de cocktail in de graaf (zonder persoonsgegevens)")

    check = commands.add_parser(
        "valideer",
        help="controleer bestanden (of zonder bestanden: de hele graaf) op de regels",
        description="Controleert RDF-bestanden tegen de SHACL-regels, de privacyregels en de huidige graaf, "
        "zonder iets op te slaan. Zonder bestanden: de hele graaf plus de kwaliteitscontroles van de ontologie.",
    )
    check.add_argument("bestanden", nargs="*", type=Path, metavar="BESTAND")
    check.add_argument("--formaat", help="formaat van de bestanden (standaard: uit extensie)")
    check.add_argument("--json", action="store_true", help="uitvoer als JSON")
    check.add_argument("--taal", choices=["nl", "en"], default="nl", help="taal van de meldingen")
    experiments_cli.add_commands(commands)
    accounts_cli.add_commands(commands)
    export_cli.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides: dict[str, object] = {}
    if args.opslag:
        overrides["store_path"] = args.opslag
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
        if args.command == "token":
            return _token(settings, args)
        if args.command == "gebruiker":  # accounts live next to the store: works while `serve` holds it
            return accounts_cli.run(settings, args)
        if args.command == "log":  # reads a file next to the store: works while `serve` holds the store
            return _log(settings, args)
        if args.command == "serve":
            return _serve(settings, args)
        if args.command in export_cli.COMMANDS:  # they open the store themselves (also while `serve` runs)
            return export_cli.run(settings, args)
        # A file someone else made is read within the same bounds as an upload to the server.
        uploads = bounded.configure(settings.upload_limits, workers=1)
        try:
            store, _ = open_store(settings, ShaclValidator())
            with store:
                return COMMANDS[args.command](store, settings, args)
        finally:
            uploads.close()
    except StoreUnavailable as error:
        _error(error)
        return EXIT_STORE
    except GraafError as error:
        _error(error)
        return EXIT_INPUT


def _error(error: GraafError) -> None:
    where = f" (regel {error.line}, kolom {error.column})" if error.line is not None else ""
    print(f"fout: {error.message}{where}", file=sys.stderr)
    text = getattr(getattr(error, "report", None), "text", None)
    if callable(text):  # a refused write: say which rules it broke, not only how many
        print(text(), file=sys.stderr)


def _token(settings: Settings, args: argparse.Namespace) -> int:
    # Tokens live next to the store, not in it: this works while `serve` holds the store.
    tokens = TokenStore(settings.tokens_file)
    if tokens.path is None:
        raise TokenFileError("Er is geen tokenbestand: zet KENNISGRAAF_TOKENS_PATH (bij een opslag in het geheugen).")
    if args.actie == "maak":
        token, record = tokens.make(Role(args.rol), args.naam)
        print(token)
        print(
            f"Token {record.id} ({record.role.value}) bewaard in {tokens.path}. Dit is de enige keer dat het "
            "token wordt getoond; stuur het als 'Authorization: Bearer <token>'.",
            file=sys.stderr,
        )
    elif args.actie == "lijst":
        for record in tokens.records():
            print(f"{record.id}  {record.role.value:<10}  {record.created}  {record.name}")
    elif not tokens.revoke(args.id):
        print(f"fout: geen token met id '{args.id}'.", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    host = args.host or settings.host
    port = args.port if args.port is not None else settings.port
    if args.alleen_lezen:
        settings = settings.model_copy(update={"read_only": True})
    problem = _serve_problem(settings, args)
    if problem:
        print(f"fout: {problem}", file=sys.stderr)
        return EXIT_USAGE
    store, report = open_store(settings, ShaclValidator())
    with store:
        if not settings.read_only or settings.remote:
            experiments_cli.demo_on_start(store, settings, args.demo)  # type: ignore[arg-type]
        if report.loaded:
            print(f"Meegeleverde grafen geladen: {len(report.loaded)}", file=sys.stderr)
        print(f"Kennisgraaf draait op http://{host}:{port}/ (stoppen: Ctrl+C)", file=sys.stderr)
        if args.workers == 1:
            uvicorn.run(
                create_app(settings, store),
                host=host,
                port=port,
                log_level="warning",
                timeout_graceful_shutdown=settings.shutdown_timeout_s,
            )
            return EXIT_OK
    # Several processes: each opens the store itself (remote, or read-only) from the environment.
    os.environ["KENNISGRAAF_STORE_PATH"] = settings.store_path
    os.environ["KENNISGRAAF_READ_ONLY"] = "true" if settings.read_only else "false"
    uvicorn.run(
        "api.cli:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=args.workers,
        log_level="warning",
        timeout_graceful_shutdown=settings.shutdown_timeout_s,
    )
    return EXIT_OK


def _serve_problem(settings: Settings, args: argparse.Namespace) -> str | None:
    """Why these serve options cannot work together, in words for the person who typed them."""
    if args.workers < 1:
        return "--workers moet 1 of meer zijn."
    if args.workers > 1 and not (settings.remote or settings.read_only):
        return (
            "Meerdere serverprocessen kunnen de ingebouwde opslag niet tegelijk veranderen. Gebruik een externe "
            "opslag (KENNISGRAAF_REMOTE_QUERY_URL) of start met --alleen-lezen (zie README, Opschalen)."
        )
    if settings.read_only and not settings.remote and (args.demo or settings.demo):
        return "Met --alleen-lezen kunnen de demogegevens niet worden geladen."
    if settings.read_only and not settings.remote and settings.in_memory:
        return "Een opslag in het geheugen kan niet alleen-lezen worden geopend."
    return None


def app_from_environment() -> "FastAPI":
    """The app of one of several server processes (uvicorn --workers), with its settings from the environment.

    Each response says which process made it (X-Kennisgraaf-Proces), so an operator can see that a
    load balancer spreads requests.
    """
    from api.app import create_app

    app = create_app(Settings())
    process = str(os.getpid())

    @app.middleware("http")
    async def _name_process(request: "Request", call_next: "Callable[[Request], Awaitable[Response]]") -> "Response":
        response = await call_next(request)
        response.headers["X-Kennisgraaf-Proces"] = process
        return response

    return app


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
    _logged(settings, "laad", {"grafen": sorted({u.graph for u in uploads}), "toegevoegd": len(change.add)})
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
        for prefix, iri in PREFIXES.items():
            if text.startswith(iri):
                return f"{prefix}:{text[len(iri) :]}"
        return f"<{text}>"
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


def _logged(settings: Settings, action: str, details: dict[str, object]) -> None:
    """Every write from the command line goes into the write log, as 'cli:<user>'."""
    from graaf.imports import Actor, log_path, log_write

    log_write(log_path(settings), Actor.command_line().id, action, details)


def _log(settings: Settings, args: argparse.Namespace) -> int:
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
    from graaf.changes import Change
    from graaf.cocktail import suggest
    from graaf.cocktail.record import cocktail_quads

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
        _logged(settings, "cocktail", {"interventies": [str(item["iri"]) for item in suggestion.chosen]})
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

COMMANDS.update(experiments_cli.COMMANDS)


if __name__ == "__main__":
    raise SystemExit(main())
