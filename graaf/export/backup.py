"""Backup and restore: the whole store as one file, and back into an empty store.

A backup is the dataset as gzip-compressed N-Quads, read from one consistent state (also while
the server runs: see graaf.export.reading), with its SHA-256 and triple count in a small JSON file
beside it (`<bestand>.json`). Restoring checks that SHA-256, refuses a store that is not empty, and
adds everything in one transaction. It does not validate again: a backup holds a state that was
validated when it was written, and a restore must bring back exactly that state.
"""

import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from graaf.export.reading import frozen
from graaf.export.versions import write_compressed
from graaf.storage.errors import Conflict, GraafError, ParseError
from graaf.storage.store import Store


class RestoreRefused(Conflict, code="herstel-geweigerd"):
    """A restore that cannot go ahead: the store is not empty, or the backup is damaged."""


@dataclass(frozen=True)
class BackupInfo:
    bestand: str
    gemaakt: str
    triples: int
    sha256: str

    def as_dict(self) -> dict[str, object]:
        return {"bestand": self.bestand, "gemaakt": self.gemaakt, "triples": self.triples, "sha256": self.sha256}


def description_path(target: Path) -> Path:
    return target.with_name(target.name + ".json")


def backup(store: Store, target: Path) -> BackupInfo:
    """Write the backup file and its description; an existing file is never overwritten."""
    if target.exists():
        raise GraafError(f"'{target}' bestaat al. Kies een nieuwe naam; een backup wordt nooit overschreven.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.deels")
    try:
        with frozen(store) as fixed:
            triples = len(fixed)
            with partial.open("wb") as raw:
                digest = write_compressed(fixed, raw)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    info = BackupInfo(target.name, datetime.now(UTC).isoformat(timespec="seconds"), triples, digest)
    description_path(target).write_text(json.dumps(info.as_dict(), indent=2) + "\n", encoding="utf-8")
    return info


def restore(store: Store, source: Path) -> int:
    """Load a backup into an empty store in one transaction; returns the number of triples."""
    if len(store):
        raise RestoreRefused(
            f"De opslag is niet leeg ({len(store)} triples). Herstel alleen in een lege opslag, "
            "zodat er precies terugkomt wat in de backup staat."
        )
    _check_digest(source)
    try:
        with gzip.open(source, "rb") as stream:
            quads = list(ox.parse(stream, format=ox.RdfFormat.N_QUADS))
    except (OSError, SyntaxError) as error:
        raise ParseError(f"'{source}' is geen leesbare backup: {error}") from error
    store.add(quads)
    return len(quads)


def _check_digest(source: Path) -> None:
    if not source.is_file():
        raise ParseError(f"Backup '{source}' bestaat niet.")
    described = description_path(source)
    if not described.is_file():
        return  # a backup copied without its description can still be restored
    expected = json.loads(described.read_text(encoding="utf-8")).get("sha256")
    digest = hashlib.sha256()
    with source.open("rb") as raw:
        for block in iter(lambda: raw.read(1 << 20), b""):
            digest.update(block)
    if expected and digest.hexdigest() != expected:
        raise RestoreRefused(f"De backup '{source}' is beschadigd: de SHA-256 klopt niet met '{described.name}'.")
