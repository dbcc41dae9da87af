"""What lives for a whole store version is built with the cyclic collector off and, when large, frozen."""

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from graaf import Store
from graaf.storage.long_lived import FREEZE_FROM, long_lived
from graaf.storage.versioned import cached


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    """Each test starts and ends with nothing frozen and the collector on, as the process had it."""
    gc.unfreeze()
    gc.enable()
    yield
    gc.unfreeze()
    gc.enable()


def test_a_large_build_is_frozen_and_the_collector_comes_back_on() -> None:
    store = Store()
    many = cached(store, "veel", lambda: [[i] for i in range(2 * FREEZE_FROM)])
    assert gc.isenabled()
    assert gc.get_freeze_count() >= 2 * FREEZE_FROM
    assert gc.is_tracked(many[0])


def test_a_small_build_is_not_frozen() -> None:
    store = Store()
    cached(store, "weinig", lambda: [[i] for i in range(100)])
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_build_keeps_the_collector_off_while_it_runs() -> None:
    seen: list[bool] = []
    cached(Store(), "kijk", lambda: seen.append(gc.isenabled()))
    assert seen == [False]
    assert gc.isenabled()


def test_overlapping_builds_in_two_threads_keep_the_collector_off_until_both_end() -> None:
    first_in, second_done, release = threading.Event(), threading.Event(), threading.Event()
    states: list[bool] = []

    def first() -> None:
        with long_lived():
            first_in.set()
            release.wait(10)
            states.append(gc.isenabled())

    def second() -> None:
        first_in.wait(10)
        with long_lived():
            pass
        states.append(gc.isenabled())  # the first build still runs
        second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    second_done.wait(10)
    release.set()
    for thread in threads:
        thread.join(10)
    assert states == [False, False]
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with long_lived():
        pass
    assert not gc.isenabled()


class _Node:
    def __init__(self) -> None:
        self.me = self


def test_cyclic_garbage_from_before_a_large_build_is_freed_not_frozen() -> None:
    garbage = _Node()
    gone = weakref.ref(garbage)
    del garbage  # only the collector can free a cycle
    assert gone() is not None
    store = Store()
    cached(store, "groot", lambda: [[i] for i in range(2 * FREEZE_FROM)])
    assert gc.get_freeze_count() >= 2 * FREEZE_FROM  # the build was frozen ...
    gc.collect()
    assert gone() is None  # ... but the cycle was not part of it


def test_a_frozen_build_is_still_freed_when_its_store_goes() -> None:
    store = Store()
    cached(store, "groot", lambda: [[i] for i in range(2 * FREEZE_FROM)])
    frozen = gc.get_freeze_count()
    assert frozen >= 2 * FREEZE_FROM
    del store  # reference counting frees the results of a store that is gone, frozen or not
    assert gc.get_freeze_count() <= frozen - 2 * FREEZE_FROM
