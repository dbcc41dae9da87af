"""A small cache of query answers, keyed by the store's version: a write makes every answer stale.

The graph changes rarely (editors' updates) and is read often with the same queries (the query
page's examples, the named-query API, dashboards), so answers are worth keeping. The cache is
bounded in bytes; the least recently used answers go first, and large answers are never kept.
"""

import threading
from collections import OrderedDict

from graaf.execution import Job, Outcome


class ResultCache:
    def __init__(self, max_bytes: int, max_entry_bytes: int = 1_000_000) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = min(max_entry_bytes, max_bytes)
        self._entries: OrderedDict[Job, Outcome] = OrderedDict()
        self._version = -1
        self._size = 0
        self._lock = threading.Lock()

    def get(self, version: int, job: Job) -> Outcome | None:
        with self._lock:
            if version != self._version:
                return None
            outcome = self._entries.get(job)
            if outcome is not None:
                self._entries.move_to_end(job)
            return outcome

    def put(self, version: int, job: Job, outcome: Outcome) -> None:
        size = len(outcome.body) + len(job.query)
        if size > self.max_entry_bytes:
            return
        with self._lock:
            if version > self._version:
                self._entries.clear()
                self._size = 0
                self._version = version
            elif version < self._version:
                return  # computed before a write; the store has moved on
            if job in self._entries:
                return
            self._entries[job] = outcome
            self._size += size
            while self._size > self.max_bytes and self._entries:
                old_job, old = self._entries.popitem(last=False)
                self._size -= len(old.body) + len(old_job.query)

    def __len__(self) -> int:
        return len(self._entries)
