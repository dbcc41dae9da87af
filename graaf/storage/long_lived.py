"""Building what lives for a whole store version without Python's cyclic garbage collector.

The related-interventions network and the rows cocktails read are millions of small objects at a
million triples, kept until the next write (the search index lives in SQLite since issue 21 and no
longer needs this). The cyclic collector walks every tracked object
in a full collection: at a million triples that was a pause of 1.2 to 1.4 s, started by whatever request
happened to allocate next, several times per minute under load (and growing with the graph).
None of these objects is cyclic garbage, so they are built with the collector off and, when a build made
many of them, frozen (`gc.freeze`): later collections leave them out. Reference counting still frees them
when the next store version replaces them.

Freezing keeps whatever cyclic garbage exists at that moment until the process ends, so the young
generations are collected before a build starts (cheap: they are small), and small builds, whose objects
a full collection walks in milliseconds, are not frozen at all. Cyclic garbage that other requests make
while a build runs is frozen with it: a small, bounded leak per store version, against pauses of seconds.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Objects a build must have made before they are frozen: a full collection walks 100,000 in some 60 ms.
FREEZE_FROM = 100_000
_LOCK = threading.Lock()
_building = 0  # builds under way in all threads: the collector comes back on when the last one ends
_was_enabled = True


@contextmanager
def long_lived() -> Iterator[None]:
    """Build with the collector off; when the last build running ends, freeze what the builds made if
    that was many objects, and turn the collector back on."""
    global _building, _was_enabled
    with _LOCK:
        if _building == 0:
            _was_enabled = gc.isenabled()
            gc.collect(1)  # what is cyclic garbage now is freed, not frozen
            gc.disable()
        _building += 1
    try:
        yield
    finally:
        with _LOCK:
            _building -= 1
            if _building == 0:
                # With the collector off nothing leaves the youngest generation: its count is what was made.
                if gc.get_count()[0] >= FREEZE_FROM:
                    gc.freeze()
                if _was_enabled:
                    gc.enable()
