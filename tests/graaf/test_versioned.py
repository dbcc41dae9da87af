"""Whole-graph results are kept until the next write, and never shared between stores."""

import threading

import pyoxigraph as ox

from graaf import Store
from graaf.storage.versioned import MAX_ENTRIES, cached


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


def test_requests_that_arrive_during_a_build_wait_for_it_instead_of_building_again() -> None:
    store = Store()
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow() -> str:
        calls.append("bouw")
        started.set()
        release.wait(10)
        return "kaart"

    answers: list[str] = []
    first = threading.Thread(target=lambda: answers.append(cached(store, "kaart", slow)))
    first.start()
    assert started.wait(10)
    others = [threading.Thread(target=lambda: answers.append(cached(store, "kaart", slow))) for _ in range(4)]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert answers == ["kaart"] * 5
    assert calls == ["bouw"]
    assert cached(store, "ander", lambda: "los") == "los"  # another key is not held up by this one


def test_a_full_cache_drops_the_least_recently_used_result_not_everything() -> None:
    store = Store()
    assert cached(store, "netwerk", lambda: "netwerk") == "netwerk"
    for number in range(MAX_ENTRIES + 20):
        cached(store, ("plaatje", number), lambda number=number: number)
        assert cached(store, "netwerk", _never) == "netwerk"  # in use, so it stays
    assert cached(store, ("plaatje", MAX_ENTRIES + 19), _never) == MAX_ENTRIES + 19
    assert cached(store, ("plaatje", 0), lambda: "opnieuw") == "opnieuw"  # the oldest unused one went


def _never() -> object:
    raise AssertionError("built again, although it was kept")
