"""Results computed from the whole graph, kept until the next write.

The gap map, the causal network and the like read the whole graph but change only when it does. The
store counts its writes (`Store.version`), so a result is valid as long as that count is the same.
Keyed per store object, so tests with several stores never see each other's results.

A result that can be brought up to date from what a write touched (Store.touched_since) is given a
`refresh`: after a 1,000-triple import into a graph of a million, looking again at the few hundred things
it touched takes a fraction of a second, where building the network, the search rows or the cocktail
rows again took seconds each, and the first visitor after the import paid for it.
"""

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from graaf.storage.long_lived import long_lived
from graaf.storage.store import TOUCHED_MAX, Store

T = TypeVar("T")
_LOCK = threading.Lock()
_CACHE: "weakref.WeakKeyDictionary[Store, dict[Hashable, tuple[int, Any]]]" = weakref.WeakKeyDictionary()
# One lock per store and key, held while that result is built: on a large graph a build takes seconds,
# and eight visitors arriving at once used to build it eight times side by side, each eight times slower.
_BUILDING: "weakref.WeakKeyDictionary[Store, dict[Hashable, threading.Lock]]" = weakref.WeakKeyDictionary()
MAX_ENTRIES = 256


def cached(
    store: Store, key: Hashable, build: Callable[[], T], refresh: Callable[[T, frozenset[str]], T | None] | None = None
) -> T:
    """`build()` once per store version and key; a request that arrives during the build waits for it.

    With `refresh`, the result of an earlier version is brought up to date instead: `refresh(old, touched)`
    gets the IRIs the writes since then touched, returns a new result (it must not change `old`: other
    requests may still be reading it), or None to have it built as a whole after all."""
    found = _found(store, key)
    if found is not None:
        return found[0]  # type: ignore[no-any-return]
    with _LOCK:
        building = _BUILDING.setdefault(store, {}).setdefault(key, threading.Lock())
    with building:
        found = _found(store, key)  # built by the request this one waited for
        if found is not None:
            return found[0]  # type: ignore[no-any-return]
        version = store.version
        with long_lived():
            value = _refreshed(store, key, refresh)
            if value is None:
                value = build()
        with _LOCK:
            entries = _CACHE.setdefault(store, {})
            if len(entries) >= MAX_ENTRIES:  # many languages x kinds x things: drop the least recently used
                entries.pop(next(iter(entries)))
            entries[key] = (version, value)
    return value


def _refreshed(store: Store, key: Hashable, refresh: Callable[[Any, frozenset[str]], Any] | None) -> Any:
    if refresh is None:
        return None
    with _LOCK:
        old = _CACHE.get(store, {}).get(key)
    if old is None:
        return None
    touched = store.touched_since(old[0])
    if touched is None or len(touched) > TOUCHED_MAX:
        return None
    return refresh(old[1], touched)


def _found(store: Store, key: Hashable) -> tuple[Any] | None:
    """The kept result for this version, in a tuple (a result may itself be None). A result found moves
    to the end, so the network or the home page is not dropped for the 256th picture of one place."""
    with _LOCK:
        entries = _CACHE.get(store, {})
        found = entries.pop(key, None)
        if found is not None:
            entries[key] = found
    return (found[1],) if found is not None and found[0] == store.version else None
