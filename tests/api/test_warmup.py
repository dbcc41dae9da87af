"""After the start the server builds what pages keep per store version, so the first visitor does not wait."""

import threading
import time

import pyoxigraph as ox
import pytest

from api import warmup
from graaf import Store, network
from graaf.storage.versioned import cached

IDS = "https://data.alliantievankracht.nl/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _never() -> object:
    raise AssertionError("built again: the warm-up did not keep it")


def test_warm_up_builds_every_kept_result_once(shipped_store: Store) -> None:
    store = shipped_store.scratch_copy()
    try:
        warmup.warm(store)
        for key in [("startpagina", "nl"), ("cocktailformulier", "nl"), ("bewijskaart", "nl", "kapitaalvormen")]:
            assert cached(store, key, _never)
        kept = cached(store, "verwante-interventies", _never)
        assert isinstance(kept, network.Network) and kept._walk is not None  # PageRank's arrays are ready too
        assert cached(store, "cocktail-effecten-per-doelwit", _never)  # a cocktail's first read is done too
    finally:
        store.close()


def test_a_failing_step_is_logged_and_the_rest_still_built(
    shipped_store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store = shipped_store.scratch_copy()
    original = warmup.steps

    def broken(store: Store, lang: str = "nl") -> list[tuple[str, object]]:
        return [("stuk", lambda: 1 / 0), *original(store, lang)]

    monkeypatch.setattr(warmup, "steps", broken)
    try:
        with caplog.at_level("INFO", logger="kennisgraaf.warmup"):
            warmup.warm(store)
        assert "voorbereiden van stuk mislukt" in caplog.text
        assert cached(store, ("bewijskaart", "nl", "kapitaalvormen"), _never)
    finally:
        store.close()


def _kept(store: Store, key: object, within_s: float) -> object:
    """The result kept for the store's current version, waiting for a build that is under way."""
    deadline = time.monotonic() + within_s
    while True:
        try:
            return cached(store, key, _never)  # type: ignore[arg-type]
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_after_a_write_the_results_are_built_again_without_a_visitor(shipped_store: Store) -> None:
    store = shipped_store.scratch_copy()
    stop = warmup.start(store)
    try:
        before = _kept(store, "verwante-interventies", within_s=60)
        store.add([ox.Quad(ox.NamedNode(IDS + "interventie/nieuw"), ox.NamedNode(RDFS_LABEL), ox.Literal("Nieuw"))])
        after = _kept(store, "verwante-interventies", within_s=60)
        assert after is not before  # built for the new version, by the thread: this test asked for nothing
        assert _kept(store, ("startpagina", "nl"), within_s=60)
    finally:
        stop.set()
        store.close()


def test_the_thread_stops_when_asked(shipped_store: Store) -> None:
    store = shipped_store.scratch_copy()
    stop = threading.Event()
    thread = threading.Thread(target=warmup.keep_warm, args=(store, stop), daemon=True)
    thread.start()
    try:
        _kept(store, "verwante-interventies", within_s=60)
        stop.set()
        thread.join(timeout=warmup.POLL_S * 4)
        assert not thread.is_alive()
    finally:
        store.close()
