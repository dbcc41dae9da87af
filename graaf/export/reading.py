"""Reading the store for an export: from one consistent state, also while the server writes to it.

An export may take several passes over the store (one dump per graph, one query per CSV table).
Each pass must see the same graph, or a researcher gets a file that never existed. A store on disk
is therefore copied first with Oxigraph's backup (hard links: quick and small) and read from that
copy. An in-memory store cannot be copied that way: its quads are copied into a scratch store in
memory, with the write lock held only while copying. A slow download then never holds off writers.

Each copy costs memory or a snapshot directory, so the web serves at most a few exports at once
(ExportSlots); above that it answers 503 with Retry-After instead of making more copies.
"""

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graaf.storage.errors import StoreUnavailable
from graaf.storage.store import Store


@contextmanager
def frozen(store: Store) -> Iterator[Store]:
    """A store that does not change while the block runs, with the same content as `store` at the start."""
    if store.path is None:
        with store.write_lock:  # no writer in the middle of the copy
            copy = store.scratch_copy()
        with copy:
            yield copy
        return
    if store.read_only:
        # A read-only store never changes under us: Oxigraph fixes its view when it opens.
        yield store
        return
    target = _scratch_dir(store.path)
    try:
        store.snapshot(target)
        with Store(target, read_only=True) as copy:
            yield copy
    finally:
        shutil.rmtree(target, ignore_errors=True)


def _scratch_dir(path: Path) -> Path:
    parent = path.with_name(path.name + ".export")
    parent.mkdir(parents=True, exist_ok=True)
    return parent / uuid.uuid4().hex


@contextmanager
def open_for_reading(path: Path) -> Iterator[Store]:
    """The store in `path`, also when `kennisgraaf serve` holds it: then read-only, as it was at this moment.

    A read-only opener reads the files and the log of finished transactions once, when it opens,
    and sees nothing after that; every write is one transaction, so what it sees is a state that
    really existed. (Oxigraph's backup cannot be used here: from a read-only store it leaves out
    what the server has not yet flushed from memory to files.) Should the server clean up a file
    the reader still needs, the read fails with an error, never with half a graph.
    """
    if not path.exists():
        raise StoreUnavailable(f"Er is geen opslag in '{path}'.")
    try:
        store = Store(path)
    except StoreUnavailable:
        store = Store(path, read_only=True)
    with store:
        yield store
