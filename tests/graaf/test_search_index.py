"""The search index on disk: beside the store, reused after a restart, and after a write only what changed."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from graaf import Change, Store, apply
from graaf.search import engine, index_of, index_path, search
from graaf.search.storage import Disk
from tests.graaf.test_search import ID, SMALL

GRAPH = ox.NamedNode(ID + "graaf/test")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def _fill(store: Store) -> None:
    store.add(ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in ox.parse(SMALL, ox.RdfFormat.TURTLE))


def _written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many things each update of an index file wrote."""
    counts: list[int] = []
    update = Disk.update

    def counted(self: Disk, *args: object) -> int:
        counts.append(update(self, *args))  # type: ignore[arg-type]
        return counts[-1]

    monkeypatch.setattr(Disk, "update", counted)
    return counts


def test_the_index_lives_beside_the_store_and_is_reused_after_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "opslag") as store:
        _fill(store)
        assert next(h.iri for h in search(store, "schuldhulp", {}).hits) == ID + "interventie/a"
        assert index_path(store) == tmp_path / "opslag.zoekindex"
    assert (tmp_path / "opslag.zoekindex" / "index.sqlite").is_file()

    def no_reading(_: Store) -> None:
        raise AssertionError("the store was read again")

    monkeypatch.setattr(engine, "read", no_reading)
    with Store(tmp_path / "opslag") as again:
        assert next(h.iri for h in search(again, "schuldhulp", {}).hits) == ID + "interventie/a"


def test_a_write_between_runs_is_seen_after_the_restart(tmp_path: Path) -> None:
    with Store(tmp_path / "opslag") as store:
        _fill(store)
        index_of(store, "nl")
    with Store(tmp_path / "opslag") as store:  # a command line import, say: no search in this process
        store.add([ox.Quad(ox.NamedNode(ID + "interventie/b"), LABEL, ox.Literal("Taalcafé", language="nl"), GRAPH)])
    with Store(tmp_path / "opslag") as store:
        assert [h.iri for h in search(store, "taalcafe", {}).hits] == [ID + "interventie/b"]


def test_a_write_rewrites_only_the_things_it_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store()
    _fill(store)
    written = _written(monkeypatch)
    index_of(store, "nl")
    assert written == [6]  # every thing, the first time
    thing = ox.NamedNode(ID + "interventie/c")
    apply(store, Change(add=[ox.Quad(thing, LABEL, ox.Literal("Buurtkamer", language="nl"), GRAPH)]))
    assert [h.iri for h in search(store, "buurtkamer", {}).hits] == [ID + "interventie/c"]
    assert written[-1] == 1
    # A mechanism renamed: the interventions found through it are written again too.
    mechanism = ox.NamedNode(ID + "mechanisme/armoedeval")
    old = ox.Quad(
        mechanism,
        ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
        ox.Literal("Armoedeval", language="nl"),
        GRAPH,
    )
    new = ox.Quad(old.subject, old.predicate, ox.Literal("Armoedeklem", language="nl"), GRAPH)
    apply(store, Change(add=[new], remove=[old]))
    found = [h.iri for h in search(store, "armoedeklem", {}).hits]
    assert ID + "mechanisme/armoedeval" in found and ID + "interventie/c" in found
    assert 2 <= written[-1] < 6
