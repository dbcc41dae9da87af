"""Versions: named, dated snapshots of the whole graph that a researcher can cite and download later.

A version is two files next to the store, in `<opslag>.versies/`:
- `<naam>.nq.gz`: the whole dataset as N-Quads, gzip-compressed. Written once and never changed,
  so a download next year gives the same bytes as today; its SHA-256 says so.
- `<naam>.json`: the description: name, date and time (UTC), note, number of triples per graph,
  size and SHA-256 of the file.
A name is never reused: making a version with an existing name is refused.

Both files are written under a temporary name and then put in place in one step, so nobody ever
reads half a file. The .nq.gz is put in place with a hard link, which fails when the name exists:
of two people who make a version with the same name at the same time, exactly one gets it. A .json
that cannot be read (a disk that filled up, a hand edit) is left out of the list, never an error for
everyone who asks for the list.
"""

import gzip
import hashlib
import json
import logging
import os
import re
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from graaf.export.reading import frozen
from graaf.storage.errors import Conflict, NotFound
from graaf.storage.store import Store

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
SUFFIX = ".nq.gz"
MEDIA_TYPE = "application/n-quads"
_LOG = logging.getLogger(__name__)


class VersionError(Conflict, code="versie"):
    """A version name that is not allowed, already taken, or unknown."""


class UnknownVersion(NotFound, VersionError, code="onbekende-versie"):
    """A version name that does not exist (404, though it is a version error)."""


@dataclass(frozen=True)
class Version:
    """The description of one version (the content of its .json file)."""

    naam: str
    gemaakt: str
    triples: int
    grafen: dict[str, int]
    sha256: str
    bytes: int
    notitie: str = ""
    formaat: str = MEDIA_TYPE
    compressie: str = "gzip"

    @property
    def file_name(self) -> str:
        return self.naam + SUFFIX

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def versions_dir(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".versies")


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise VersionError(
            f"'{name}' kan geen naam van een versie zijn. Gebruik kleine letters, cijfers, punt, streepje of "
            "liggend streepje (hoogstens 64 tekens), bijvoorbeeld 2026-jaarreflectie."
        )
    return name


def make_version(store: Store, directory: Path, name: str, note: str = "") -> Version:
    """Write a new version of the whole graph as it is now, and its description."""
    check_name(name)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / (name + SUFFIX)
    if target.exists() or (directory / f"{name}.json").exists():
        raise _taken(name)
    # A name of its own per attempt: two attempts at the same name never write into each other's file.
    partial = directory / f".{name}.{uuid.uuid4().hex}.deels"
    try:
        with frozen(store) as fixed:
            graphs = fixed.counts()
            with partial.open("wb") as raw:
                digest = write_compressed(fixed, raw)
                os.fsync(raw.fileno())
        version = Version(
            naam=name,
            gemaakt=datetime.now(UTC).isoformat(timespec="seconds"),
            triples=sum(graphs.values()),
            grafen=graphs,
            sha256=digest,
            bytes=partial.stat().st_size,
            notitie=note,
        )
        _claim(partial, target, name)
    finally:
        partial.unlink(missing_ok=True)
    _write_atomically(directory / f"{name}.json", json.dumps(version.as_dict(), indent=2, ensure_ascii=False) + "\n")
    return version


def _taken(name: str) -> VersionError:
    return VersionError(f"Er is al een versie '{name}'. Een versie verandert nooit; kies een andere naam.")


def _claim(partial: Path, target: Path, name: str) -> None:
    """Give the finished file its name, unless that name is taken (os.replace would overwrite it)."""
    try:
        os.link(partial, target)
    except FileExistsError:
        raise _taken(name) from None


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so a reader sees the old file or the whole new one, never a part."""
    # Not ending in .json: list_versions must never pick up a file that is still being written.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.deels")
    try:
        with temporary.open("w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


class _Hashing:
    """A binary file that passes writes on and keeps a SHA-256 of everything written."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()


def write_compressed(store: Store, raw: IO[bytes]) -> str:
    hashing = _Hashing(raw)
    # mtime 0 and no file name in the gzip header: the bytes depend on the graph only.
    with gzip.GzipFile(filename="", mode="wb", fileobj=hashing, mtime=0) as packed:  # type: ignore[arg-type]
        store.dump_to(packed, ox.RdfFormat.N_QUADS)
    return hashing.digest.hexdigest()


def list_versions(directory: Path | None) -> list[Version]:
    """All versions that can be read, oldest first; an unreadable description is logged and left out."""
    if directory is None or not directory.is_dir():
        return []
    found = []
    for path in directory.glob("*.json"):
        try:
            found.append(_read(path))
        except UnreadableVersion as error:
            _LOG.warning("Versie overgeslagen: %s (%s)", path, error.__cause__)
    return sorted(found, key=lambda v: (v.gemaakt, v.naam))


def get_version(directory: Path | None, name: str) -> tuple[Version, Path]:
    """The description and the file of one version."""
    if directory is None or not NAME.match(name) or not (directory / f"{name}.json").is_file():
        raise UnknownVersion(f"Er is geen versie '{name}'.")
    version = _read(directory / f"{name}.json")
    return version, directory / version.file_name


class UnreadableVersion(UnknownVersion):
    """A version whose description is damaged: as good as not there, for whoever asks."""


def _read(path: Path) -> Version:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {k: v for k, v in data.items() if k in Version.__dataclass_fields__}
        return Version(**known)
    except (OSError, ValueError, TypeError, AttributeError) as error:
        # No path or details in the message: it goes to whoever asked, the log gets the rest.
        raise UnreadableVersion(f"De beschrijving van versie '{path.stem}' is beschadigd.") from error
