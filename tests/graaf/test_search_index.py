"""The search index on disk: beside the store, reused after a restart, and after a write only what changed."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from graaf import Change, Store, apply
from graaf.search import Docs, Index, engine, index_of, index_path, search
from graaf.search.storage import Disk, Patch
from tests.graaf import writes
from tests.graaf.test_search import ID, SMALL

GRAPH = ox.NamedNode(ID + "graaf/test")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def _fill(store: Store) -> None:
    store.add(ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in ox.parse(SMALL, ox.RdfFormat.TURTLE))


def _written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many things each update of an index file wrote."""
    counts: list[int] = []
    update, update_some = Disk.update, Disk.update_some

    def counted(self: Disk, *args: object) -> int:
        counts.append(update(self, *args))  # type: ignore[arg-type]
        return counts[-1]

    def counted_some(self: Disk, *args: object) -> Patch:
        patch = update_some(self, *args)  # type: ignore[arg-type]
        counts.append(len(patch))
        return patch

    monkeypatch.setattr(Disk, "update", counted)
    monkeypatch.setattr(Disk, "update_some", counted_some)
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


def _contents(disk: Disk) -> dict[str, object]:
    """All a file holds but the ids (given in the order things were first written) and the texts (whose
    digest is in each thing's row)."""
    db = disk._db
    docs = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT iri, kind, facets, digest, name_nl, name_en, summary_nl, summary_en, sort_nl, sort_en FROM docs"
        )
    }
    meta = {key: disk.meta_json(key) for key in ("known", "order", "places")}
    return {"docs": docs, "labels": dict(db.execute("SELECT iri, data FROM labels")), **meta}


def test_after_each_write_the_file_holds_what_a_new_one_would_and_only_some_things_are_read(
    shipped_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = writes.small_graph(shipped_store)
    index_of(store, "nl")
    update = Disk.update
    written = _written(monkeypatch)
    read_among: list[int] = []
    real_read = engine.read

    def counted_read(s: Store, among: object = None) -> object:
        read_among.append(-1 if among is None else len(among))  # type: ignore[arg-type]
        return real_read(s, among=among)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "read", counted_read)
    things = len(list(engine._disk(store).docs()))
    for number, name in enumerate(writes.written(store), start=1):
        hits = {h.iri for h in search(store, "fictief", {}).hits}
        assert len(written) == number and -1 not in read_among, f"{name}: read as a whole"
        assert 0 < max(read_among) < things / 2, (name, read_among, things)
        read_among.clear()
        fresh = Disk(tmp_path / f"{number}.sqlite")
        update(fresh, real_read(store), store.state)
        assert _contents(engine._disk(store)) == _contents(fresh), name
        fresh.close()
        # What is kept in memory, brought up to date from what was written, is what the file gives.
        kept, again = engine._CACHE[store], Docs(engine._disk(store))
        for part in ("iris", "kinds", "facet_keys", "known", "order"):
            assert getattr(kept.docs, part) == getattr(again, part), (name, part)
        for lang, index in kept.indexes.items():
            assert index._sort == Index(again, lang)._sort, (name, lang)
        assert hits == {h.iri for h in search(store, "fictief", {}).hits}


def test_when_places_lie_elsewhere_everything_is_read_again(
    shipped_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = writes.small_graph(shipped_store)
    index_of(store, "nl")
    wholes: list[Store] = []
    real_read = engine.read

    def counted_read(s: Store, among: object = None) -> object:
        if among is None:
            wholes.append(s)
        return real_read(s, among=among)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "read", counted_read)
    town = ox.NamedNode(ID + "plaats/GM0037")
    lies_in = ox.NamedNode("https://data.alliantievankracht.nl/def/kern#ligtIn")
    offered = ox.NamedNode("https://data.alliantievankracht.nl/def/kern#aangebodenIn")
    apply(store, Change(add=[ox.Quad(ox.NamedNode(ID + "interventie/fictief-1"), offered, town, GRAPH)]))
    index_of(store, "nl")
    assert wholes == []  # offered in a town: the town is touched, where it lies is not
    apply(store, Change(add=[ox.Quad(town, lies_in, ox.NamedNode(ID + "plaats/GM0047"), GRAPH)]))
    index_of(store, "nl")
    assert wholes == [store]
