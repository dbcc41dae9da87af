"""The home page's list of interventions, after a write, is brought up to date from what the write touched."""

from collections.abc import Iterable

import pytest

from api.views import home
from graaf import Store
from graaf.storage import versioned
from tests.graaf import writes


def test_the_home_page_after_writes_is_as_if_read_anew_and_reads_only_what_they_touched(
    shipped_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = writes.small_graph(shipped_store)
    home.overview(store, "nl")
    asked: list[int] = []
    real_members = home.members

    def members(s: Store, cls: str, lang: str, among: Iterable[str] | None = None) -> object:
        asked.append(len(list(among or ())))
        return real_members(s, cls, lang, among)

    for name in writes.written(store):
        asked.clear()
        monkeypatch.setattr(home, "members", members)
        found = home.overview(store, "nl")
        assert asked == [len(store.touched_since(store.version - 1) or ())] * 2 + [0] * 4, name
        monkeypatch.undo()
        versioned._CACHE.pop(store)  # what the same store gives when nothing was kept
        assert home.overview(store, "nl") == found, name
        assert found["intervention_count"] == len(home._read_interventions(store, "nl", None))
