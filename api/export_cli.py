"""The command-line parts for exports, versions and backups: export, versie, verschil, backup, herstel.

Kept apart from api/cli.py, which only registers them. These commands open the store themselves:
`export`, `versie maak` and `backup` also work while `kennisgraaf serve` holds the store (they then
read it read-only, as it was when they started); `herstel` needs the store for itself.
Exit codes as in api/cli_common.py: 0 gelukt, 1 ongeldige invoer, 2 verkeerd gebruik, 3 opslag niet beschikbaar.
"""

import argparse
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from api.cli_common import EXIT_OK, EXIT_USAGE, logged
from graaf import Settings, Store, open_store
from graaf.export import export_format, tables, writer
from graaf.export.backup import backup, restore
from graaf.export.diff import difference
from graaf.export.network import NETWORK_LIMIT
from graaf.export.reading import open_for_reading
from graaf.export.versions import list_versions, make_version, versions_dir
from graaf.storage.errors import ParseError, StoreUnavailable
from validatie import ShaclValidator

COMMANDS = ("export", "versie", "verschil", "backup", "herstel")


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    export = commands.add_parser(
        "export",
        help="schrijf de kennisgraaf (of één graaf, of een CONSTRUCT) naar een bestand",
        description="Formaten: turtle, ntriples, nquads, trig, jsonld, rdfxml (gestreamd), graphml en gexf "
        "(voor Gephi en networkx), csv (één tabel per klasse: --tabel). Zonder --uitvoer naar het scherm.",
    )
    export.add_argument("--formaat", required=True, help="het formaat (naam of extensie, bijvoorbeeld ttl)")
    export.add_argument("--graaf", metavar="IRI", help="alleen deze benoemde graaf")
    export.add_argument("--query", help="een CONSTRUCT-query; het antwoord wordt geëxporteerd")
    export.add_argument("--query-bestand", type=Path, metavar="BESTAND", help="lees de CONSTRUCT-query uit een bestand")
    export.add_argument("--tabel", choices=list(tables.TABLES), help="de tabel, bij --formaat csv")
    export.add_argument("--uitvoer", type=Path, metavar="BESTAND", help="schrijf naar dit bestand (met voortgang)")
    export.add_argument(
        "--max-triples", type=int, default=NETWORK_LIMIT, help=f"grens voor graphml en gexf (standaard {NETWORK_LIMIT})"
    )

    version = commands.add_parser(
        "versie",
        help="maak of toon versies: vaste, gedateerde kopieën van de hele graaf",
        description="Een versie staat in <opslag>.versies/NAAM.nq.gz met een beschrijving (datum, triples, SHA-256) "
        "in NAAM.json. Een versie verandert nooit, zodat onderzoekers ernaar kunnen verwijzen.",
    )
    actions = version.add_subparsers(dest="actie", required=True, metavar="ACTIE")
    make = actions.add_parser("maak", help="maak een nieuwe versie van de graaf zoals hij nu is")
    make.add_argument("naam", help="bijvoorbeeld 2026-jaarreflectie")
    make.add_argument("--notitie", default="", help="waarom deze versie er is")
    show = actions.add_parser("lijst", help="toon alle versies")
    show.add_argument("--json", action="store_true", help="uitvoer als JSON")

    diff = commands.add_parser(
        "verschil", help="wat veranderde er tussen twee versies (interventies, effecten en bewijs)"
    )
    diff.add_argument("van", metavar="VAN", help="de oudere versie")
    diff.add_argument("tot", metavar="TOT", help="de nieuwere versie")
    diff.add_argument("--json", action="store_true", help="uitvoer als JSON")

    save = commands.add_parser(
        "backup",
        help="schrijf de hele opslag naar één bestand (ook terwijl de server draait)",
        description="Schrijft N-Quads met gzip naar BESTAND en de SHA-256 en het aantal triples naar BESTAND.json.",
    )
    save.add_argument("bestand", type=Path, metavar="BESTAND", help="bijvoorbeeld backup-2026-11-24.nq.gz")

    back = commands.add_parser("herstel", help="zet een backup terug in een lege opslag")
    back.add_argument("bestand", type=Path, metavar="BESTAND")


def run(settings: Settings, args: argparse.Namespace) -> int:
    return {"export": _export, "versie": _version, "verschil": _diff, "backup": _backup, "herstel": _restore}[
        args.command
    ](settings, args)


@contextmanager
def _reading(settings: Settings) -> Iterator[Store]:
    """The store to read from: on disk also while the server runs; in memory with the shipped data.

    In a fresh checkout nobody has run `serve` yet, so the store is built from the shipped files as
    `serve` would build it: an export then gives the shipped graph instead of "there is no store".
    """
    if settings.store_dir is None:
        store, _ = open_store(settings, ShaclValidator())
        with store:
            yield store
        return
    if not settings.store_dir.exists():
        note = f"Er is nog geen opslag in '{settings.store_dir}'; die wordt nu gemaakt uit de meegeleverde bestanden."
        print(note, file=sys.stderr)
        built, _ = open_store(settings, ShaclValidator())
        built.close()
    with open_for_reading(settings.store_dir) as store:
        yield store


def _export(settings: Settings, args: argparse.Namespace) -> int:
    fmt = export_format(args.formaat)
    query = args.query
    if args.query_bestand:
        try:
            query = args.query_bestand.read_text(encoding="utf-8")
        except OSError as error:
            raise ParseError(f"Querybestand '{args.query_bestand}' kan niet worden gelezen: {error}") from error
    if fmt.name == "csv" and not args.tabel:
        print(f"fout: kies een tabel met --tabel ({', '.join(tables.TABLES)}).", file=sys.stderr)
        return EXIT_USAGE
    with _reading(settings) as store:
        write = writer(store, fmt, graph=args.graaf, query=query, table=args.tabel, limit=args.max_triples)
        if args.uitvoer is None:
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return EXIT_OK
        total = len(store)
        with args.uitvoer.open("wb") as raw:
            progress = _Progress(raw, total if fmt.name in ("ntriples", "nquads") else 0)
            write(progress)  # type: ignore[arg-type]
            progress.done()
    print(f"{args.uitvoer}: {fmt.name}, {progress.bytes:,} bytes.", file=sys.stderr)
    return EXIT_OK


class _Progress:
    """Passes writes on to a file and draws a progress bar on stderr (by lines when each line is one triple)."""

    def __init__(self, raw: IO[bytes], total_lines: int, stream: IO[str] = sys.stderr) -> None:
        self._raw = raw
        self._total = total_lines
        self._stream = stream
        self._lines = 0
        self.bytes = 0
        self._shown = 0.0

    def write(self, data: bytes) -> int:
        self.bytes += len(data)
        if self._total:
            self._lines += data.count(b"\n")
        now = time.monotonic()
        if now - self._shown > 0.2:
            self._shown = now
            self._draw()
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()

    def _draw(self, final: bool = False) -> None:
        if self._total:
            percent = 100 if final else min(99, self._lines * 100 // self._total)
            filled = percent // 4
            self._stream.write(f"\rexport [{'#' * filled}{'.' * (25 - filled)}] {percent:3d}%")
        else:
            self._stream.write(f"\rexport {self.bytes / 1_000_000:8.1f} MB")
        self._stream.flush()

    def done(self) -> None:
        self._draw(final=True)
        self._stream.write("\n")


def _versions_dir(settings: Settings) -> Path:
    if settings.store_dir is None:
        raise StoreUnavailable("Versies horen bij een opslag op schijf; kies een map met --opslag.")
    return versions_dir(settings.store_dir)


def _version(settings: Settings, args: argparse.Namespace) -> int:
    directory = _versions_dir(settings)
    if args.actie == "lijst":
        found = list_versions(directory)
        if args.json:
            print(json.dumps([v.as_dict() for v in found], indent=2, ensure_ascii=False))
        for v in [] if args.json else found:
            print(f"{v.naam}  {v.gemaakt}  {v.triples:>10,} triples  sha256 {v.sha256}  {v.notitie}")
        return EXIT_OK
    with _reading(settings) as store:
        made = make_version(store, directory, args.naam, args.notitie)
    print(f"Versie '{made.naam}' gemaakt: {made.triples:,} triples in {directory / made.file_name}")
    print(f"SHA-256: {made.sha256}")
    return EXIT_OK


def _diff(settings: Settings, args: argparse.Namespace) -> int:
    found = difference(_versions_dir(settings), args.van, args.tot)
    if args.json:
        print(json.dumps(found.as_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(found.text())
    return EXIT_OK


def _backup(settings: Settings, args: argparse.Namespace) -> int:
    with _reading(settings) as store:
        info = backup(store, args.bestand)
    print(f"Backup geschreven: {args.bestand} ({info.triples:,} triples, sha256 {info.sha256})")
    return EXIT_OK


def _restore(settings: Settings, args: argparse.Namespace) -> int:
    if settings.store_dir is None:
        print("fout: herstel in een opslag op schijf; kies een map met --opslag.", file=sys.stderr)
        return EXIT_USAGE
    # Not open_store: that would first load the shipped data, and the store must be empty.
    with Store(settings.store_dir) as store:
        count = restore(store, args.bestand)
    logged(settings, "herstel", {"bestand": args.bestand.name, "triples": count})
    print(f"Hersteld: {count:,} triples in {settings.store_dir}")
    return EXIT_OK
