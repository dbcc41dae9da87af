"""The remote backend: RemoteStore over a real second engine (`oxigraph serve` on 127.0.0.1).

The facade tests of the embedded store run here again, unchanged, against the remote store (their
`store` fixture is replaced below); the tests after them cover what only a remote store has.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import URIRef

from graaf import Change, Settings, Store, apply, open_store, remote_store
from graaf.storage.errors import QuerySyntaxError, RefusedOperation, StoreUnavailable, ValidationFailed
from graaf.storage.execution import Job
from graaf.storage.remote import Endpoint, RemoteStore
from graaf.storage.remote_answers import parse_answer
from graaf.storage.sparql_text import ask_as_select, graph_targets, with_values, without_dataset_clauses
from graaf.storage.store import insert_data
from graaf.storage.workers import QueryRunner
from tests.conftest import free_port, stop_process
from tests.graaf.test_store import (  # noqa: F401  (collected here, against the remote store)
    _quad,
    test_a_change_is_one_transaction,
    test_bindings_are_terms_not_text,
    test_counts_per_graph,
    test_failing_update_changes_nothing,
    test_keywords_inside_strings_iris_and_names_are_fine,
    test_load_is_refused,
    test_select_with_protocol_dataset_limits_default_graph,
    test_service_is_refused,
    test_syntax_error_has_position,
    test_table_gives_each_value_in_tsv_form_with_readers_for_it,
)
from validatie import ShaclValidator

OXIGRAPH = str(Path(sys.executable).with_name("oxigraph"))
EX = "http://example.org/"
ID = "https://data.alliantievankracht.nl/id/"
KERN = "https://data.alliantievankracht.nl/def/kern#"
QUERY = f"SELECT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{EX}')) }} ORDER BY ?s"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


# `make test-virtuoso` sets this to a Virtuoso on loopback; the same tests then run against it.
VIRTUOSO = os.environ.get("KENNISGRAAF_TEST_VIRTUOSO")
VIRTUOSO_GRAPHS = ["http://www.openlinksw.com/", "http://localhost:8890/", "http://www.w3.org/ns/ldp"]


@dataclass
class Engine:
    """A running SPARQL engine: its URLs and the settings that point the product at it."""

    process: subprocess.Popen[bytes] | None
    query_url: str
    update_url: str
    extra: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        """The settings that point the product at this engine."""
        return {"KENNISGRAAF_REMOTE_QUERY_URL": self.query_url, "KENNISGRAAF_REMOTE_UPDATE_URL": self.update_url} | (
            self.extra
        )

    def settings(self) -> Settings:
        return Settings(**{k.removeprefix("KENNISGRAAF_").lower(): _value(v) for k, v in self.env().items()})

    def stop(self) -> None:
        if self.process is None:
            return
        stop_process(self.process, timeout_s=10)


def _value(text: str) -> object:
    return json.loads(text) if text.startswith("[") else text


def start_engine(location: Path) -> Engine:
    """Start `oxigraph serve` on a free loopback port with its data in `location`; wait until it answers."""
    if VIRTUOSO:
        return _emptied_virtuoso(VIRTUOSO)
    port = free_port()
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    engine = Engine(process, base + "/query", base + "/update")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(engine.query_url, params={"query": "ASK {}"}, timeout=1).status_code == 200:
                return engine
        except httpx.TransportError:
            time.sleep(0.05)
    engine.stop()
    raise RuntimeError("oxigraph serve did not start within 30 s")


def _emptied_virtuoso(base: str) -> Engine:
    """The Virtuoso of `make test-virtuoso`, with every graph of ours dropped (its own graphs stay)."""
    extra = {
        "KENNISGRAAF_REMOTE_UNION": "graphs",
        "KENNISGRAAF_REMOTE_HIDDEN_GRAPHS": json.dumps(VIRTUOSO_GRAPHS),
        "KENNISGRAAF_REMOTE_OWN_DEFAULT_GRAPH": "false",
    }
    engine = Engine(None, base + "/sparql", base + "/sparql", extra)
    with remote_store(engine.settings()) as store:
        graphs = [*store.graphs(), store.counter_graph]  # the counter too: each test starts at version 0
    drops = " ; ".join(f"DROP SILENT GRAPH <{graph}>" for graph in graphs)
    httpx.post(engine.update_url, data={"update": drops}, timeout=60).raise_for_status()
    return engine


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = start_engine(tmp_path / "oxigraph")
    yield engine
    engine.stop()


@pytest.fixture
def store(engine: Engine) -> Iterator[RemoteStore]:
    """The embedded tests' small dataset, in the remote engine."""
    remote = remote_store(engine.settings())
    # Virtuoso has no default graph of its own: there the third triple goes into a named graph.
    third = _quad("c", "drie", None if VIRTUOSO is None else "g3")
    remote.add([_quad("a", "een", "g1"), _quad("b", "twee", "g2"), third])
    yield remote
    remote.close()


if VIRTUOSO:
    # Replaces the embedded test of that name: Virtuoso has no default graph (see the store fixture).
    def test_counts_per_graph(store: RemoteStore) -> None:
        assert store.counts() == {EX + "g1": 1, EX + "g2": 1, EX + "g3": 1}


def test_an_engine_without_own_default_graph_reads_none_and_refuses_writes_to_it(engine: Engine) -> None:
    settings = engine.settings().model_copy(update={"remote_own_default_graph": False})
    with remote_store(settings) as remote:
        remote.add([_quad("a", "een", "g1")])
        with pytest.raises(RefusedOperation) as caught:
            remote.add([_quad("b", "twee", "g1"), _quad("c", "drie")])
        assert "standaardgraaf" in caught.value.message
        assert remote.counts() == {EX + "g1": 1} and remote.version == 1  # nothing of the refused write
        assert [q.graph_name for q in remote.quads()] == [ox.NamedNode(EX + "g1")]


def test_select_sees_union_of_graphs_by_default(store: RemoteStore) -> None:
    # As the embedded test, but the remote graph also holds the write counter (README, Opschalen).
    results = store.select(f"SELECT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{EX}')) }} ORDER BY ?s")
    assert results.column("s") == [URIRef(EX + "a"), URIRef(EX + "b"), URIRef(EX + "c")]
    counter = store.select("SELECT ?n WHERE { ?g <http://www.w3.org/2002/07/owl#versionInfo> ?n }")
    # Union by naming graphs names only graphs with data: the graph that holds just the counter is not one.
    seen = [] if store.union == "graphs" else [1]
    assert [int(n) for n in counter.column("n")] == seen and store.version == 1


@pytest.fixture(scope="module")
def shipped_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = start_engine(tmp_path_factory.mktemp("remote") / "oxigraph")
    yield engine
    engine.stop()


def test_shipped_sync_loads_once_and_matches_the_embedded_store(shipped_engine: Engine, shipped_store: Store) -> None:
    settings = shipped_engine.settings()
    remote, first = open_store(settings)  # unvalidated, as the shipped_store fixture: SHACL over all data is slow
    with remote:
        assert len(first.loaded) == len(shipped_store.graphs()) - 1  # all but the bookkeeping graph
        assert remote.counts() == shipped_store.counts()
        assert _without_blank_labels(remote.dump()) == _without_blank_labels(shipped_store.dump())
    again, second = open_store(settings, ShaclValidator())
    with again:
        assert second.loaded == [] and len(second.unchanged) == len(first.loaded)


def test_select_ask_construct_give_the_embedded_answers(shipped_engine: Engine, shipped_store: Store) -> None:
    remote, _ = open_store(shipped_engine.settings())
    query = (
        f"SELECT ?i ?label WHERE {{ ?i a <{KERN}Mechanisme> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}"
    )
    with remote:
        assert _sorted(remote.select(query).rows) == _sorted(shipped_store.select(query).rows)
        assert remote.values(query) and sorted(map(str, remote.values(query))) == sorted(
            map(str, shipped_store.values(query))
        )
        item = {"item": URIRef(KERN + "Mechanisme")}
        assert remote.ask("ASK { ?item ?p ?o }", bindings=item) is True
        assert remote.ask("ASK { ?item ?p ?o }", bindings={"item": URIRef(EX + "niets")}) is False
        graph = f"CONSTRUCT {{ ?m ?p ?o }} WHERE {{ ?m a <{KERN}Mechanisme> ; ?p ?o }}"
        assert set(remote.construct(graph)) == set(shipped_store.construct(graph))
        node = ox.NamedNode(ID + "interventie/financiele-educatie")
        assert set(remote.quads_from(node)) == set(shipped_store.quads_from(node))
        assert set(remote.quads_to(node)) == set(shipped_store.quads_to(node))


def _without_blank_labels(dump: bytes) -> list[bytes]:
    """The dump's lines with every blank node label the same: each engine picks its own labels."""
    return sorted(re.sub(rb"_:\w+", b"_:b", line) for line in dump.splitlines())


def _sorted(rows: list[dict[str, object]]) -> list[list[tuple[str, str]]]:
    return sorted(sorted((k, v.n3()) for k, v in row.items()) for row in rows)  # type: ignore[attr-defined]


def test_a_refused_write_writes_nothing_and_an_accepted_one_is_seen(shipped_engine: Engine) -> None:
    remote, _ = open_store(shipped_engine.settings())
    graph = ox.NamedNode(ID + "graaf/remote-test")
    thing = ox.NamedNode(ID + "activiteit/remote-test")
    kind = ox.NamedNode(KERN + "Netwerkactiviteit")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    with remote:
        before, version = remote.dump(), remote.version
        # A network activity without its required fields breaks a rule: nothing may be written.
        with pytest.raises(ValidationFailed):
            apply(remote, Change(add=[ox.Quad(thing, RDF_TYPE, kind, graph)]), ShaclValidator())
        assert remote.dump() == before and remote.version == version
        named = ox.Quad(ox.NamedNode(ID + "graaf/remote-test"), label, ox.Literal("test", language="nl"), graph)
        apply(remote, Change(add=[named]), ShaclValidator())
        assert remote.version == version + 1
        assert named in remote.quads(graph.value)


def test_the_version_is_shared_by_two_stores_on_one_engine(engine: Engine) -> None:
    first = remote_store(engine.settings())
    second = remote_store(engine.settings().model_copy(update={"remote_version_interval_s": 0}))
    with first, second:
        assert second.version == 0
        first.add([_quad("x", "x", "g1")])
        assert second.version == 1 == first.version
        # The counter is bookkeeping, not data: it shows in no count, dump or quad list.
        assert len(first) == 1 and first.counts() == {EX + "g1": 1}


def test_endpoint_queries_run_through_the_remote_engine_with_a_time_limit(store: RemoteStore) -> None:
    runner = QueryRunner(store, workers=2, cache_bytes=1_000_000, timeout_s=5)
    try:
        outcome = runner.run(Job(QUERY, timeout_s=5))
        assert outcome.form == "select" and outcome.rows == 3 and b"example.org/c" in outcome.body
        assert runner.cached(Job(QUERY, timeout_s=5)) is not None
        store.add([_quad("d", "vier", "g1")])  # a write moves the version on: the cached answer is stale
        assert runner.run(Job(QUERY, timeout_s=5)).rows == 4
    finally:
        runner.close()


def test_values_go_into_the_outermost_where_group() -> None:
    text = with_values("SELECT ?s WHERE { ?s ?p ?item . { SELECT ?x WHERE { ?x ?y ?z } } }", {"item": URIRef(EX)})
    assert text.startswith(f"SELECT ?s WHERE {{ VALUES (?item) {{ (<{EX}>) }} ")
    assert (
        "VALUES"
        in with_values("CONSTRUCT { ?item ?p ?o } WHERE { ?item ?p ?o }", {"item": URIRef(EX)}).split("WHERE")[1]
    )


def test_the_protocol_dataset_replaces_the_querys_own() -> None:
    query = "SELECT * FROM <http://e/a> FROM NAMED <http://e/b> WHERE { ?s ?p 'FROM <http://e/c>' }"
    assert without_dataset_clauses(query).split() == "SELECT * WHERE { ?s ?p 'FROM <http://e/c>' }".split()


def test_graph_targets_are_the_iris_after_graph() -> None:
    query = "SELECT * { GRAPH <http://e/g> { ?s ?p 'GRAPH <http://e/x>' } GRAPH ?g { } GRAPH ex:h { } }"
    assert graph_targets(query) == ["http://e/g"]


@pytest.mark.parametrize(
    ("ask", "expected"),
    [
        (f"ASK {{ <{EX}a> <{EX}p> ?o }}", True),
        (f"ASK WHERE {{ <{EX}a> <{EX}p> 'nee' }}", False),
        (f"ASK {{ GRAPH <{EX}g1> {{ <{EX}c> <{EX}p> 'drie'@nl }} }}", True),
        (f"ASK {{ GRAPH <{EX}leeg> {{ <{EX}c> <{EX}p> 'drie'@nl }} }}", False),
        (f"ASK {{ ?s <{EX}p> ?o }} VALUES ?s {{ <{EX}b> }}", True),
        (f"ASK {{ ?s <{EX}p> ?o }} VALUES ?s {{ <{EX}x> }}", False),
        (f"ASK {{ ?ask <{EX}p> ?ask_ }}", True),  # the query's own ?ask stays its own
        (f"ASK {{ <{EX}a> <{EX}p> 'nee' }} # een opmerking aan het eind", False),
    ],
)
def test_an_ask_sent_as_select_gives_the_same_answer(ask: str, expected: bool) -> None:
    engine = ox.Store()
    engine.extend([_quad("a", "een"), _quad("b", "twee"), _quad("c", "drie", "g1")])
    answer = engine.query(ask)
    rows = engine.query(ask_as_select(ask))
    assert isinstance(answer, ox.QueryBoolean) and isinstance(rows, ox.QuerySolutions)
    assert bool(answer) is expected and bool(list(rows)) is expected


def test_virtuoso_blank_node_labels_are_read() -> None:
    body = (
        b'{ "head": { "link": [], "vars": ["s", "o"] }, "results": { "bindings": [ { "s": { "type": "uri", '
        b'"value": "http://e/a" }, "o": { "type": "bnode", "value": "nodeID://b10000" } } ] } }'
    )
    response = httpx.Response(200, content=body, headers={"content-type": "application/sparql-results+json"})
    answer = parse_answer(response, "select")
    assert isinstance(answer, ox.QuerySolutions)
    assert [row["o"] for row in answer] == [ox.BlankNode("b10000")]


def test_blank_nodes_are_written_by_a_template_and_the_rest_as_data() -> None:
    node = ox.BlankNode()
    quads = [
        ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "adres"), node, ox.NamedNode(EX + "g")),
        ox.Quad(node, ox.NamedNode(EX + "straat"), ox.Literal("Hoofdstraat"), ox.NamedNode(EX + "g")),
        _quad("b", "twee", "g"),
    ]
    text = insert_data(quads)
    assert text.count("INSERT DATA") == 1 and text.count("WHERE {}") == 1 and text.count("_:") == 2
    engine = ox.Store()
    engine.update(text)
    found = engine.query(f"SELECT ?straat {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}adres> ?n . ?n <{EX}straat> ?straat }} }}")
    assert [row["straat"].value for row in found] == ["Hoofdstraat"] and len(engine) == 3


def test_a_blank_node_in_a_triple_term_stays_one_node() -> None:
    node, graph = ox.BlankNode(), ox.NamedNode(EX + "g")
    said = ox.Triple(node, ox.NamedNode(EX + "straat"), ox.Literal("Hoofdstraat"))
    quads = [
        ox.Quad(ox.NamedNode(EX + "bron"), ox.NamedNode(EX + "zegt"), said, graph),
        ox.Quad(node, ox.NamedNode(EX + "plaats"), ox.Literal("Pekela"), graph),
    ]
    engine = ox.Store()
    engine.update(insert_data(quads))
    pattern = f"<{EX}bron> <{EX}zegt> <<( ?n <{EX}straat> ?s )>> . ?n <{EX}plaats> ?plaats"
    found = engine.query(f"SELECT ?plaats {{ GRAPH <{EX}g> {{ {pattern} }} }}")
    assert [row["plaats"].value for row in found] == ["Pekela"]


def test_an_unreachable_engine_is_a_clear_error(tmp_path: Path) -> None:
    endpoint = Endpoint(f"http://beheer:geheim@127.0.0.1:{free_port()}/query", None, "beheer", "geheim", "tok-1")
    remote = RemoteStore(endpoint, counter_graph=EX + "beheer")
    with remote, pytest.raises(StoreUnavailable) as caught:
        remote.graphs()
    assert "niet bereikbaar" in caught.value.message
    # Callers see the message: no address with a password in it, and no secret in a printed endpoint.
    assert "geheim" not in caught.value.message and "geheim" not in repr(endpoint) and "tok-1" not in repr(endpoint)


def test_the_cli_works_against_the_remote_engine(shipped_engine: Engine, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENNISGRAAF_")} | shipped_engine.env()
    kennisgraaf = shutil.which("kennisgraaf", path=str(Path(sys.executable).parent))
    assert kennisgraaf is not None
    done = subprocess.run(
        [kennisgraaf, "--opslag", str(tmp_path / "ongebruikt"), "query", f"ASK {{ ?s a <{KERN}Mechanisme> }}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ja"
    assert not (tmp_path / "ongebruikt").exists()  # the embedded store was never opened


def test_vendor_extensions_never_reach_the_engine() -> None:
    """Virtuoso's `DEFINE get:soft "replace"` would make it fetch the FROM address: refused before sending."""
    remote = RemoteStore(Endpoint(f"http://127.0.0.1:{free_port()}/query"), counter_graph=EX + "beheer")
    pragma = 'DEFINE get:soft "replace" SELECT * FROM <http://127.0.0.1:9/> WHERE { ?s ?p ?o }'
    with remote, pytest.raises(QuerySyntaxError):  # not StoreUnavailable: nothing was sent
        remote.run(pragma)
