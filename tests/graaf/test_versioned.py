"""Whole-graph results are kept until the next write, and never shared between stores."""

import threading

import pyoxigraph as ox

from graaf import Store
from graaf.storage.changes import Change, apply
from graaf.storage.store import TOUCHED_KEPT
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


def _quad(s: str, o: ox.NamedNode | ox.Literal | ox.BlankNode) -> ox.Quad:
    return ox.Quad(
        ox.NamedNode("https://example.org/" + s), ox.NamedNode("https://example.org/p"), o, ox.DefaultGraph()
    )


def test_a_write_that_says_what_it_touched_brings_a_result_up_to_date_and_one_that_does_not_builds_it() -> None:
    store = Store()
    x, y = ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/y")
    calls: list[object] = []

    def build() -> frozenset[str]:
        calls.append("bouw")
        return frozenset()

    def refresh(old: frozenset[str], touched: frozenset[str]) -> frozenset[str]:
        calls.append(touched)
        return old | touched

    assert cached(store, "t", build, refresh) == frozenset()
    apply(store, Change(add=[_quad("a", x)]))
    apply(store, Change(add=[_quad("b", ox.Literal("1"))], remove=[_quad("c", y)]))
    ex = "https://example.org/"
    both = frozenset({ex + "a", ex + "x", ex + "b", ex + "c", ex + "y"})
    assert cached(store, "t", build, refresh) == both  # two writes at once: what either touched
    assert calls == ["bouw", both]
    assert cached(store, "t", build, refresh) == both  # and kept, as any result
    apply(store, Change(add=[_quad("d", ox.BlankNode())]))  # a blank node hangs from things not listed
    assert cached(store, "t", build, refresh) == frozenset()
    store.update("INSERT DATA { <https://example.org/f> <https://example.org/p> 1 }")  # not composed by us
    apply(store, Change(add=[_quad("g", x)]))
    assert cached(store, "t", build, refresh) == frozenset()
    assert calls == ["bouw", both, "bouw", "bouw"]
    # A graph emptied first: what it held is touched too (read before the write); one with a blank node
    # (the default graph here) is not followed.
    graph = ox.NamedNode("https://example.org/g")
    before = ox.Quad(ox.NamedNode(ex + "s1"), x, ox.NamedNode(ex + "o1"), graph)
    apply(store, Change(add=[before]))
    after = ox.Quad(ox.NamedNode(ex + "s2"), x, ox.Literal("2"), graph)
    apply(store, Change(add=[after], replace_graphs=[graph.value]))
    assert store.touched_since(store.version - 1) == {ex + "s1", ex + "o1", ex + "s2"}
    apply(store, Change(add=[_quad("h", x)], replace_graphs=["default"]))
    assert store.touched_since(store.version - 1) is None


def test_the_store_remembers_a_limited_number_of_writes() -> None:
    store = Store()
    for number in range(TOUCHED_KEPT + 2):
        apply(store, Change(add=[_quad(f"s{number}", ox.Literal(str(number)))]))
    assert store.touched_since(store.version - 1) == frozenset({f"https://example.org/s{TOUCHED_KEPT + 1}"})
    assert store.touched_since(store.version) == frozenset()
    assert store.touched_since(1) is None  # longer ago than it remembers
    assert store.touched_since(store.version + 1) is None


def test_what_writes_touched_is_read_while_another_writer_holds_the_write_lock() -> None:
    """A writer holds the write lock through a whole import's validation; a page that brings a cache up to
    date must not wait for it."""
    store = Store()
    held, release = threading.Event(), threading.Event()

    def writer() -> None:
        with store.write_lock:
            held.set()
            release.wait(10)

    found: list[frozenset[str] | None] = []
    holder = threading.Thread(target=writer)
    holder.start()
    try:
        assert held.wait(5)
        reader = threading.Thread(target=lambda: found.append(store.touched_since(0)))
        reader.start()
        reader.join(2)
        assert found == [frozenset()]
    finally:
        release.set()
        holder.join()
