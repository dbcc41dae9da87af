"""A server started read-only (`serve --alleen-lezen`, KENNISGRAAF_READ_ONLY) refuses every write with a clear 409."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from graaf import Change, Store, apply, sync_shipped
from graaf.storage.errors import ReadOnlyStore
from graaf.storage.tokens import Role, TokenStore
from tests.conftest import LiveServer, start_server, stop_server

G = "http://example.org/test/alleen-lezen"


def test_a_read_only_store_refuses_writes_and_stays_as_it_was(tmp_path: Path) -> None:
    with Store(tmp_path / "opslag") as store:
        sync_shipped(store)
        before = store.dump()
    with Store(tmp_path / "opslag", read_only=True) as store:
        quad = ox.Quad(ox.NamedNode(G + "/a"), ox.NamedNode(G + "/p"), ox.Literal("x"), ox.NamedNode(G))
        for write in (
            lambda: store.update(f"INSERT DATA {{ GRAPH <{G}> {{ <{G}/a> <{G}/p> 'x' }} }}"),
            lambda: store.add([quad]),
            lambda: apply(store, Change(add=[quad])),
        ):
            with pytest.raises(ReadOnlyStore, match="leest alleen"):
                write()
        assert store.dump() == before


@pytest.fixture(scope="module")
def read_only_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    root = tmp_path_factory.mktemp("alleen-lezen")
    with Store(root / "opslag") as store:
        sync_shipped(store)
    editor, _ = TokenStore(root / "opslag.tokens.json").make(Role.EDITOR, "test")
    server = start_server(root / "opslag", {"KENNISGRAAF_READ_ONLY": "1"})
    yield server, editor
    stop_server(server)


def test_writes_over_http_get_409_and_reads_still_work(read_only_server: tuple[LiveServer, str]) -> None:
    server, editor = read_only_server
    bearer = {"Authorization": f"Bearer {editor}"}
    update = httpx.post(
        server.url + "/sparql",
        data={"update": f"INSERT DATA {{ GRAPH <{G}> {{ <{G}/a> <{G}/p> 'x' }} }}"},
        headers=bearer,
        timeout=30,
    )
    assert update.status_code == 409, update.text
    assert update.json()["fout"]["code"] == "alleen-lezen"
    cocktail = httpx.post(server.url + "/api/cocktails", json={"mechanismen": ["schulden"]}, headers=bearer, timeout=30)
    assert cocktail.status_code == 409 and cocktail.json()["fout"]["code"] == "alleen-lezen"
    answer = httpx.get(server.url + "/sparql", params={"query": f"ASK {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"}, timeout=30)
    assert answer.status_code == 200 and answer.json()["boolean"] is False
    assert httpx.get(server.url + "/doc/mechanisme/schulden", timeout=30).status_code == 200
