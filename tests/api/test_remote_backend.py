"""The product over a remote backend: `kennisgraaf serve` pointed at `oxigraph serve` on 127.0.0.1.

A chosen set of the embedded server's tests runs here unchanged: this module replaces their server
fixtures (`sparql_server`, `editor_server`, `live_server`) by one server whose store is the remote
engine. The last tests start `kennisgraaf serve --workers 2` over the same engine.
"""

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graaf import Settings, open_store
from graaf.storage.tokens import Role, TokenStore
from tests.api.conftest import ROW_LIMIT, TIMEOUT_S, SparqlServer, _w3c_graphs
from tests.api.test_cocktail_api import test_post_cocktail  # noqa: F401
from tests.api.test_pages import (  # noqa: F401
    test_home_lists_the_five_capital_forms_with_links,
    test_id_redirects_to_doc_and_the_page_shows_effects_evidence_and_source,
    test_mechanism_page_lists_interventions_working_on_it,
    test_rdf_clients_get_the_things_triples,
)
from tests.api.test_sparql_protocol import (  # noqa: F401
    test_default_graph_is_the_union_unless_the_request_or_query_names_one,
    test_protocol_request_shapes_give_the_same_answer,
    test_syntax_error_says_where,
)
from tests.api.test_sparql_updates import (  # noqa: F401
    test_a_rule_violation_writes_nothing_and_says_why,
    test_blank_nodes_can_be_removed,
    test_insert_and_delete_data_are_seen_by_the_next_query,
    test_shipped_graphs_and_the_default_graph_are_not_for_updates,
    test_where_sees_all_graphs_and_using_graph_uri_narrows_it,
)
from tests.conftest import KENNISGRAAF, LiveServer, free_port, start_server, stop_server
from tests.graaf.test_remote_store import Engine, start_engine

EX = "http://example.org/"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The remote engine, filled with the shipped data and the W3C protocol tests' graphs."""
    engine = start_engine(tmp_path_factory.mktemp("engine") / "oxigraph")
    store, _ = open_store(engine.settings())
    with store:
        _w3c_graphs(store)  # type: ignore[arg-type]
    yield engine
    engine.stop()


def _env(engine: Engine) -> dict[str, str]:
    return engine.env() | {
        "KENNISGRAAF_QUERY_TIMEOUT_S": str(TIMEOUT_S),
        "KENNISGRAAF_QUERY_ROW_LIMIT": str(ROW_LIMIT),
        "KENNISGRAAF_REMOTE_VERSION_INTERVAL_S": "0.2",
    }


@pytest.fixture(scope="module")
def remote_server(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    root = tmp_path_factory.mktemp("remote-server")
    tokens_path = root / "opslag.tokens.json"  # next to the (unused) store path, where the server looks
    tokens = TokenStore(tokens_path)
    editor, _ = tokens.make(Role.EDITOR, "test")
    reader, _ = tokens.make(Role.READER, "test")
    live = start_server(root / "opslag", _env(engine))
    yield SparqlServer(live.url, live, editor, reader, tokens_path)
    stop_server(live)
    assert not (root / "opslag").exists()  # the embedded store was never opened


@pytest.fixture(scope="module")
def sparql_server(remote_server: SparqlServer) -> SparqlServer:
    return remote_server


@pytest.fixture(scope="module")
def editor_server(remote_server: SparqlServer) -> SparqlServer:
    return remote_server


@pytest.fixture(scope="module")
def live_server(remote_server: SparqlServer) -> LiveServer:
    return remote_server.live


def test_health_counts_the_remote_store(remote_server: SparqlServer, shipped_store: object) -> None:
    health = httpx.get(remote_server.url + "/gezondheid", timeout=30).json()
    assert health["status"] == "ok" and health["triples"] > 4000


def test_sparql_through_our_server_still_refuses_service(remote_server: SparqlServer, canary: str) -> None:
    answer = httpx.get(
        remote_server.endpoint, params={"query": f"SELECT * WHERE {{ SERVICE <{canary}> {{ ?s ?p ?o }} }}"}, timeout=30
    )
    assert answer.status_code == 403 or answer.status_code == 400, answer.text
    assert canary.hits == []  # type: ignore[attr-defined]


def _workers(engine: Engine, root: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENNISGRAAF_")} | _env(engine)
    process = subprocess.Popen(
        [KENNISGRAAF, "--opslag", str(root / "opslag"), "serve", "--port", str(port), "--workers", "2", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    return process, f"http://127.0.0.1:{port}"


def _processes_seen(url: str, query: str, wanted: int = 2, tries: int = 400) -> dict[str, object]:
    """Ask with a fresh connection each time until `wanted` processes answered; their answers by process id."""
    seen: dict[str, object] = {}
    for _ in range(tries):
        try:
            answer = httpx.get(url + "/sparql", params={"query": query}, timeout=10)
        except httpx.TransportError:
            time.sleep(0.1)
            continue
        seen[answer.headers["X-Kennisgraaf-Proces"]] = answer.json()["boolean"]
        if len(seen) >= wanted:
            break
    return seen


@pytest.mark.parametrize("accept", ["text/csv", "text/tab-separated-values", "application/sparql-results+json"])
def test_ask_answers_as_oxigraph_serve_does(remote_server: SparqlServer, engine: Engine, accept: str) -> None:
    # GRAPH ?g: oxigraph serve's default graph is its own (empty) one, ours is the union of all graphs.
    for text in ("ASK { GRAPH ?g { ?s ?p ?o } }", "ASK { GRAPH ?g { <urn:x:nergens> ?p ?o } }"):
        ours = httpx.get(remote_server.endpoint, params={"query": text}, headers={"Accept": accept})
        theirs = httpx.get(engine.query_url, params={"query": text}, headers={"Accept": accept})
        assert ours.status_code == theirs.status_code == 200
        assert ours.headers["content-type"].split(";")[0] == theirs.headers["content-type"].split(";")[0]
        assert json_or_text(ours) == json_or_text(theirs)
    assert json_or_text(ours) in ("false", {"head": {}, "boolean": False})


def json_or_text(answer: httpx.Response) -> object:
    return answer.json() if "json" in answer.headers["content-type"] else answer.text.strip()


def test_two_workers_serve_requests_and_see_each_others_writes(engine: Engine, tmp_path: Path) -> None:
    tokens = TokenStore(tmp_path / "opslag.tokens.json")
    editor, _ = tokens.make(Role.EDITOR, "test")
    process, url = _workers(engine, tmp_path)
    try:
        ask = f"ASK {{ <{EX}werkers> ?p ?o }}"
        before = _processes_seen(url, ask)
        assert len(before) == 2 and set(before.values()) == {False}, before  # both warm their caches
        update = f"INSERT DATA {{ GRAPH <{EX}werkers> {{ <{EX}werkers> <{EX}p> 'twee' }} }}"
        # A write is validated first; on a busy CI machine that may take longer than httpx's default 5 s.
        done = httpx.post(
            url + "/sparql", data={"update": update}, headers={"Authorization": f"Bearer {editor}"}, timeout=60
        )
        assert done.status_code in (200, 204), done.text
        time.sleep(0.5)  # more than KENNISGRAAF_REMOTE_VERSION_INTERVAL_S: each process reads the new version
        after = _processes_seen(url, ask)
        assert len(after) == 2 and set(after.values()) == {True}, after
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_more_workers_need_a_remote_or_read_only_store(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENNISGRAAF_")}
    done = subprocess.run(
        [KENNISGRAAF, "--opslag", str(tmp_path / "opslag"), "serve", "--workers", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--alleen-lezen" in done.stderr and "KENNISGRAAF_REMOTE_QUERY_URL" in done.stderr
    assert not (tmp_path / "opslag").exists()


def test_settings_point_the_product_at_the_remote_store() -> None:
    settings = Settings(remote_query_url="http://127.0.0.1:1/query")
    assert settings.remote and not Settings().remote


def test_pages_say_the_store_is_unreachable_when_the_engine_stops(tmp_path: Path) -> None:
    engine = start_engine(tmp_path / "oxigraph")
    if engine.process is None:
        pytest.skip("de gedeelde Virtuoso van make test-virtuoso stoppen we niet")
    try:
        store, _ = open_store(engine.settings())
        store.close()
        live = start_server(tmp_path / "opslag", _env(engine))
        try:
            page = live.url + "/doc/interventie/financiele-educatie"
            assert httpx.get(page, headers={"Accept": "text/html"}, timeout=30).status_code == 200
        finally:
            engine.stop()
        time.sleep(0.5)  # past KENNISGRAAF_REMOTE_VERSION_INTERVAL_S: the page cache asks the engine again
        for path in ("/doc/interventie/financiele-educatie", "/zoeken?q=schulden"):
            answer = httpx.get(live.url + path, headers={"Accept": "text/html"}, timeout=30)
            assert answer.status_code == 503 and "bereikbaar" in answer.text, (path, answer.status_code)
        stop_server(live)
    finally:
        engine.stop()
