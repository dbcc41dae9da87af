"""The command-line parts for local experiments: `waarnemingen` (import observations) and `demo laad|verwijder`.

Kept apart from api/cli.py, which only registers them, so the experiment commands live in one place.
Exit codes as in api/cli_common.py: 0 gelukt, 1 ongeldige invoer.
"""

import argparse
import json
import sys
from pathlib import Path

from api.cli_common import EXIT_INPUT, EXIT_OK, logged
from graaf import Settings, Store
from graaf.demo import demo_graph, has_demo, load_demo, load_if_asked, remove_demo
from graaf.experiments.observations import ImportFailed, import_observations
from graaf.storage.errors import ParseError
from validatie import ShaclValidator


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    observations = commands.add_parser(
        "waarnemingen",
        help="lees metingen van indicatoren in uit een CSV-bestand",
        description="Kolommen: regiocode (GM0037, WK003701, BU00370101), periode (2024, 2024-Q3, 2024-05 of "
        "2024-05-13), indicator (naam na /id/indicator/ of een IRI), waarde, en eventueel eenheid. Bij één fout "
        "wordt niets opgeslagen. Elke bron krijgt een eigen graaf; dezelfde bron opnieuw inlezen vervangt die.",
    )
    observations.add_argument("bestand", type=Path, metavar="BESTAND.csv")
    observations.add_argument("--bron", help="naam van de bron (standaard: de bestandsnaam)")
    observations.add_argument("--citaat", help="bronvermelding, bijvoorbeeld 'CBS StatLine, tabel ..., 2026'")
    observations.add_argument("--json", action="store_true", help="uitvoer (ook fouten) als JSON")
    demo = commands.add_parser(
        "demo",
        help="laad of verwijder de fictieve demogegevens",
        description="De demogegevens zijn bedacht (fictief) en staan in hun eigen graaf <basis>/id/graaf/demo.",
    )
    demo.add_argument("actie", choices=["laad", "verwijder"])


def demo_on_start(store: Store, settings: Settings, asked: bool) -> None:
    """At `serve`: load the demo when asked; otherwise only say when an earlier `demo laad` left it in."""
    if load_if_asked(store, asked or settings.demo, settings.base_iri, ShaclValidator()):
        logged(settings, "demo-laad", {"graaf": demo_graph(settings.base_iri), "bij": "serve"})
        print("Fictieve demogegevens geladen (graaf .../id/graaf/demo).", file=sys.stderr)
    elif has_demo(store, settings.base_iri):
        print(
            "Let op: de fictieve demogegevens staan nog in de opslag ('kennisgraaf demo verwijder').", file=sys.stderr
        )


def _observations(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    try:
        text = args.bestand.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ParseError(f"Bestand '{args.bestand}' kan niet worden gelezen als UTF-8-tekst: {error}") from error
    try:
        done = import_observations(
            store,
            text,
            args.bron or args.bestand.stem,
            citation=args.citaat,
            base=settings.base_iri,
            validator=ShaclValidator(bounded=True),
        )
    except ImportFailed as failed:
        if args.json:
            print(json.dumps({"fout": failed.as_dict()}, indent=2, ensure_ascii=False))
        else:
            sys.stderr.write(failed.text())
        return EXIT_INPUT
    logged(settings, "waarnemingen", {"graaf": done.graph, "bron": done.source, "metingen": done.observations})
    message = f"{done.observations} metingen ingelezen in <{done.graph}>."
    print(
        json.dumps({"graaf": done.graph, "bron": done.source, "metingen": done.observations}) if args.json else message
    )
    return EXIT_OK


def _demo(store: Store, settings: Settings, args: argparse.Namespace) -> int:
    graph = demo_graph(settings.base_iri)
    if args.actie == "laad":
        count = load_demo(store, settings.base_iri, ShaclValidator())
        logged(settings, "demo-laad", {"graaf": graph, "toegevoegd": count})
        print(f"Fictieve demogegevens geladen: {count} triples in <{graph}>.")
    elif remove_demo(store, settings.base_iri):
        logged(settings, "demo-verwijder", {"graaf": graph})
        print("Fictieve demogegevens verwijderd.")
    else:
        print("Er stonden geen demogegevens in de opslag.")
    return EXIT_OK


COMMANDS = {"waarnemingen": _observations, "demo": _demo}
