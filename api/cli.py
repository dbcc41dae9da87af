"""The `kennisgraaf` command line: the options, `serve` and `token`; the other commands are registered here.

The work is done by graaf; the commands that read or fill the store are in api/data_cli.py, the
exit codes (0 gelukt, 1 ongeldige invoer, 2 verkeerd gebruik, 3 opslag niet beschikbaar) in
api/cli_common.py.
"""

import argparse
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from api import accounts_cli, dutch_argparse, experiments_cli, export_cli
from graaf import Settings, open_store
from graaf.storage import bounded
from graaf.storage.errors import GraafError, StoreUnavailable
from graaf.storage.tokens import Role, TokenFileError, TokenStore
from validatie import ShaclValidator

if TYPE_CHECKING:
    from fastapi import FastAPI, Request, Response

from api import data_cli
from api.cli_common import EXIT_INPUT, EXIT_OK, EXIT_STORE, EXIT_USAGE


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
            return data_cli.show_log(settings, args)
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


COMMANDS = {**data_cli.COMMANDS, **experiments_cli.COMMANDS}


if __name__ == "__main__":
    raise SystemExit(main())
