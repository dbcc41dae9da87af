"""Servers for the SPARQL endpoint and API tests: real `kennisgraaf serve` processes on 127.0.0.1.

The store is filled in this process first (shipped data, plus what a test suite needs), so the
server finds its shipped graphs up to date and starts in a few seconds. Limits are tight (a 2 s
timeout, 500 rows without a token) so the tests of those limits stay quick.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from graaf import Store, sync_shipped
from graaf.storage.tokens import Role, TokenStore
from tests.conftest import LiveServer, start_server, stop_server

W3C = Path(__file__).resolve().parents[3] / "shared" / "w3c" / "sparql" / "sparql11"
TIMEOUT_S = 2
ROW_LIMIT = 500


@dataclass
class SparqlServer:
    """A running server, with an editor's and a reader's token."""

    url: str
    live: LiveServer
    editor: str
    reader: str
    tokens_path: Path

    @property
    def endpoint(self) -> str:
        return self.url + "/sparql"

    def bearer(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}


def _server(
    root: Path, prepare: Callable[[Store], None] | None = None, env: dict[str, str] | None = None
) -> SparqlServer:
    store_path = root / "opslag"
    with Store(store_path) as store:
        sync_shipped(store)
        if prepare is not None:
            prepare(store)
    tokens_path = root / "opslag.tokens.json"  # the default place, next to the store, where the CLI looks too
    tokens = TokenStore(tokens_path)
    editor, _ = tokens.make(Role.EDITOR, "test")
    reader, _ = tokens.make(Role.READER, "test")
    settings = {
        "KENNISGRAAF_QUERY_TIMEOUT_S": str(TIMEOUT_S),
        "KENNISGRAAF_QUERY_ROW_LIMIT": str(ROW_LIMIT),
        "KENNISGRAAF_QUERY_WORKERS": "2",
    }
    live = start_server(store_path, settings | (env or {}))
    return SparqlServer(live.url, live, editor, reader, tokens_path)


@pytest.fixture(scope="session")
def sparql_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """A server whose data the tests only read."""
    server = _server(tmp_path_factory.mktemp("sparql"))
    yield server
    stop_server(server.live)


def _w3c_graphs(store: Store) -> None:
    """The protocol tests' data (ut:graphData), each file in the graph its manifest names."""
    for name in ("data1", "data2", "data3"):
        graph = ox.NamedNode(f"http://kasei.us/2009/09/sparql/data/{name}.rdf")
        data = (W3C / "protocol" / f"{name}.nt").read_bytes()
        store.add(ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(data, ox.RdfFormat.N_TRIPLES))


@pytest.fixture(scope="session")
def editor_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """A server the tests write to, with the W3C protocol tests' data loaded."""
    server = _server(tmp_path_factory.mktemp("redacteur"), _w3c_graphs)
    yield server
    stop_server(server.live)


@pytest.fixture(scope="module")
def client(sparql_server: SparqlServer) -> Iterator[httpx.Client]:
    """A client for the read-only server, shared by the tests of one module."""
    with httpx.Client(base_url=sparql_server.url, timeout=30) as opened:
        yield opened
