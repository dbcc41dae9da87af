"""Small caches keyed by the store's version: a write makes everything in them stale.

The graph changes rarely (editors' updates) and is read often the same way (the query page's
examples, the named-query API, dashboards, the pages professionals open), so answers are worth
keeping. A cache is bounded in bytes; the least recently used entries go first, and large entries
are never kept.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from graaf.storage.execution import Job, Outcome

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class VersionedCache(Generic[K, V]):
    """Entries of one store version; the first entry of a newer version empties the cache."""

    def __init__(self, max_bytes: int, size: Callable[[K, V], int], max_entry_bytes: int = 1_000_000) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = min(max_entry_bytes, max_bytes)
        self._size_of = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._version = -1
        self._size = 0
        self._lock = threading.Lock()

    def get(self, version: int, key: K) -> V | None:
        with self._lock:
            if version != self._version:
                return None
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, version: int, key: K, value: V) -> None:
        size = self._size_of(key, value)
        if size > self.max_entry_bytes:
            return
        with self._lock:
            if version > self._version:
                self._entries.clear()
                self._size = 0
                self._version = version
            elif version < self._version:
                return  # computed before a write; the store has moved on
            if key in self._entries:
                return
            self._entries[key] = value
            self._size += size
            while self._size > self.max_bytes and self._entries:
                old_key, old = self._entries.popitem(last=False)
                self._size -= self._size_of(old_key, old)

    def __len__(self) -> int:
        return len(self._entries)


class ResultCache(VersionedCache[Job, Outcome]):
    """Answers of /sparql, by the whole request (query, dataset, format, limits)."""

    def __init__(self, max_bytes: int, max_entry_bytes: int = 1_000_000) -> None:
        super().__init__(max_bytes, lambda job, outcome: len(outcome.body) + len(job.query), max_entry_bytes)
