"""Whole-graph results are kept until the next write, and never shared between stores."""

import pyoxigraph as ox

from graaf import Store
from graaf.versioned import cached


def test_a_result_is_built_once_per_version_and_again_after_a_write() -> None:
    store, other = Store(), Store()
    calls: list[int] = []

    def build() -> int:
        calls.append(len(store))
        return len(store)

    assert cached(store, "n", build) == 0
    assert cached(store, "n", build) == 0
    assert calls == [0]
    thing = ox.NamedNode("https://example.org/x")
    store.add([ox.Quad(thing, thing, ox.Literal("1"), ox.DefaultGraph())])
    assert cached(store, "n", build) == 1
    assert calls == [0, 1]
    assert cached(other, "n", lambda: -1) == -1  # another store has its own results
