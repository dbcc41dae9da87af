"""After the start the server builds what pages keep per store version, so the first visitor does not wait."""

import pytest

from api import warmup
from graaf import Store, network
from graaf.storage.versioned import cached


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
