"""The write log: one JSON line per write (import, undo, SPARQL update, stored cocktail), with actor and time.

Why a JSON-lines file next to the store (`<opslag>.schrijflog.jsonl`) and not only PROV in the graph:
- it covers every kind of write without adding triples to what was written (a SPARQL update or a
  cocktail has no natural place for its own provenance);
- `kennisgraaf log` can read it while `kennisgraaf serve` holds the store's lock;
- it is append-only: nothing in the API can change or remove a line, not even an admin's update.
Imports and undos are also described with PROV in the bookkeeping graph (graaf.imports.provenance),
in the same transaction as their data. A line is written after the transaction committed, so a crash
between the two can lose a line but never log a write that did not happen.
"""

import json
import os
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from graaf.storage.settings import Settings

_LOCK = threading.Lock()


def log_path(settings: Settings) -> Path | None:
    """Next to the store directory; none for a store in memory."""
    return None if settings.in_memory else Path(settings.store_path.rstrip("/") + ".schrijflog.jsonl")


def log_write(path: Path | None, actor: str, action: str, details: Mapping[str, object] | None = None) -> None:
    """Append one line and make sure it is on disk before returning."""
    if path is None:
        return
    entry = {"tijd": datetime.now(UTC).isoformat(timespec="milliseconds"), "door": actor, "actie": action}
    line = json.dumps({**entry, **(details or {})}, ensure_ascii=False) + "\n"
    with _LOCK:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(line)
            log.flush()
            os.fsync(log.fileno())


def read_log(path: Path | None, last: int | None = None) -> list[dict[str, object]]:
    """The entries, oldest first; a line that is not JSON (cut off by a crash) is skipped."""
    if path is None or not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except ValueError:
            continue
    return entries[-last:] if last else entries
