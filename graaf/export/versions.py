"""Versions: named, dated snapshots of the whole graph that a researcher can cite and download later.

A version is two files next to the store, in `<opslag>.versies/`:
- `<naam>.nq.gz`: the whole dataset as N-Quads, gzip-compressed. Written once and never changed,
  so a download next year gives the same bytes as today; its SHA-256 says so.
- `<naam>.json`: the description: name, date and time (UTC), note, number of triples per graph,
  size and SHA-256 of the file.
A name is never reused: making a version with an existing name is refused.
"""

import gzip
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from graaf.errors import GraafError
from graaf.export.reading import frozen
from graaf.store import Store

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
SUFFIX = ".nq.gz"
MEDIA_TYPE = "application/n-quads"


class VersionError(GraafError):
    """A version name that is not allowed, already taken, or unknown."""

    code = "versie"


class UnknownVersion(VersionError):
    code = "onbekende-versie"


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
        raise VersionError(f"Er is al een versie '{name}'. Een versie verandert nooit; kies een andere naam.")
    partial = directory / f".{name}.deels"
    try:
        with frozen(store) as fixed:
            graphs = fixed.counts()
            with partial.open("wb") as raw:
                digest = write_compressed(fixed, raw)
        version = Version(
            naam=name,
            gemaakt=datetime.now(UTC).isoformat(timespec="seconds"),
            triples=sum(graphs.values()),
            grafen=graphs,
            sha256=digest,
            bytes=partial.stat().st_size,
            notitie=note,
        )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    (directory / f"{name}.json").write_text(json.dumps(version.as_dict(), indent=2, ensure_ascii=False) + "\n")
    return version


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
    """All versions, oldest first."""
    if directory is None or not directory.is_dir():
        return []
    found = [_read(path) for path in directory.glob("*.json")]
    return sorted(found, key=lambda v: (v.gemaakt, v.naam))


def get_version(directory: Path | None, name: str) -> tuple[Version, Path]:
    """The description and the file of one version."""
    if directory is None or not NAME.match(name) or not (directory / f"{name}.json").is_file():
        raise UnknownVersion(f"Er is geen versie '{name}'.")
    version = _read(directory / f"{name}.json")
    return version, directory / version.file_name


def _read(path: Path) -> Version:
    data = json.loads(path.read_text(encoding="utf-8"))
    known = {k: v for k, v in data.items() if k in Version.__dataclass_fields__}
    return Version(**known)
