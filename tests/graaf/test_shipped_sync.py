"""Shipped files are reloaded only when they change, and user graphs are never touched."""

from pathlib import Path

import pytest
from rdflib import Literal

from graaf import Store, sync_shipped
from graaf.storage.errors import ParseError
from graaf.storage.shipped import ShippedFile, bookkeeping_graph, shipped_files
from ontologie.namespaces import DEFAULT_BASE

G = DEFAULT_BASE + "id/graaf/"
USER_GRAPH = G + "eigen-import"


def _write(path: Path, value: str) -> Path:
    path.write_text(f'<{DEFAULT_BASE}id/ding/x> <{DEFAULT_BASE}def/kern#p> "{value}"@nl .\n', encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> list[ShippedFile]:
    return [
        ShippedFile(_write(tmp_path / "a.ttl", "a1"), G + "a"),
        ShippedFile(_write(tmp_path / "b.ttl", "b1"), G + "b"),
    ]


def _values(store: Store, graph: str) -> list[Literal]:
    return sorted(store.select(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").column("o"))  # type: ignore[arg-type]


def test_first_start_loads_everything(files: list[ShippedFile]) -> None:
    store = Store()
    report = sync_shipped(store, files=files)
    assert report.loaded == [G + "a", G + "b"] and report.unchanged == []
    assert _values(store, G + "a") == [Literal("a1", lang="nl")]


def test_only_changed_file_is_reloaded_and_user_graph_survives(files: list[ShippedFile]) -> None:
    store = Store()
    sync_shipped(store, files=files)
    store.update(f'INSERT DATA {{ GRAPH <{USER_GRAPH}> {{ <urn:x> <urn:p> "van mij" }} }}')
    _write(files[1].path, "b2")
    report = sync_shipped(store, files=files)
    assert report.loaded == [G + "b"] and report.unchanged == [G + "a"]
    assert _values(store, G + "b") == [Literal("b2", lang="nl")]
    assert _values(store, USER_GRAPH) == [Literal("van mij")]


def test_removed_file_drops_its_graph_only(files: list[ShippedFile]) -> None:
    store = Store()
    sync_shipped(store, files=files)
    store.update(f'INSERT DATA {{ GRAPH <{USER_GRAPH}> {{ <urn:x> <urn:p> "van mij" }} }}')
    report = sync_shipped(store, files=files[:1])
    assert report.dropped == [G + "b"]
    assert G + "b" not in store.graphs() and USER_GRAPH in store.graphs()
    recorded = store.select(f"SELECT ?g {{ GRAPH <{bookkeeping_graph(DEFAULT_BASE)}> {{ ?g ?p ?o }} }}")
    assert {str(g) for g in recorded.column("g")} == {G + "a"}


def test_broken_shipped_file_changes_nothing(files: list[ShippedFile]) -> None:
    store = Store()
    sync_shipped(store, files=files)
    before = store.dump()
    files[0].path.write_text("<broken", encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        sync_shipped(store, files=files)
    assert caught.value.line == 1
    assert store.dump() == before


def test_other_base_moves_id_iris_but_not_the_ontology(files: list[ShippedFile]) -> None:
    store = Store()
    sync_shipped(store, "https://example.org/kg/", files=files)
    assert "https://example.org/kg/id/graaf/a" in store.graphs()
    row = store.select("SELECT ?s ?p WHERE { GRAPH <https://example.org/kg/id/graaf/a> { ?s ?p ?o } }").rows[0]
    assert str(row["s"]) == "https://example.org/kg/id/ding/x"
    assert str(row["p"]) == DEFAULT_BASE + "def/kern#p"


def test_every_shipped_file_has_its_own_graph() -> None:
    graphs = [f.graph for f in shipped_files()]
    assert len(graphs) == len(set(graphs))
    assert DEFAULT_BASE + "def/kern" in graphs
    assert any(g.startswith(DEFAULT_BASE + "id/begrippenkader/") for g in graphs)
    assert any(g.startswith(G) for g in graphs)
