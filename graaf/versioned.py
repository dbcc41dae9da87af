"""Results computed from the whole graph, kept until the next write.

The gap map, the causal network and the like read the whole graph but change only when it does. The
store counts its writes (`Store.version`), so a result is valid as long as that count is the same.
Keyed per store object, so tests with several stores never see each other's results.
"""

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from graaf.store import Store

T = TypeVar("T")
_LOCK = threading.Lock()
_CACHE: "weakref.WeakKeyDictionary[Store, dict[Hashable, tuple[int, Any]]]" = weakref.WeakKeyDictionary()
MAX_ENTRIES = 256


def cached(store: Store, key: Hashable, build: Callable[[], T]) -> T:
    """`build()` once per store version and key. Two requests at once may both build; both answers are equal."""
    version = store.version
    with _LOCK:
        found = _CACHE.get(store, {}).get(key)
    if found is not None and found[0] == version:
        return found[1]  # type: ignore[no-any-return]
    value = build()
    with _LOCK:
        entries = _CACHE.setdefault(store, {})
        if len(entries) >= MAX_ENTRIES:  # many languages x kinds x things: start again rather than grow
            entries.clear()
        entries[key] = (version, value)
    return value
