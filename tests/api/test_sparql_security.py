"""Safety by default: nothing reaches the network, writes need an editor's token, limits answer clearly.

The no-network promise is checked with a canary: a small HTTP server on 127.0.0.1 that records every
request. Each test first proves that the canary works, then sends the server every way we know to
make it fetch something, and the canary must hear nothing more.
"""

import json
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.api.conftest import ROW_LIMIT, TIMEOUT_S, SparqlServer
from tests.conftest import Canary

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _refused(answer: httpx.Response) -> None:
    assert answer.status_code == 400, answer.text
    assert answer.json()["fout"]["code"] == "geweigerd"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE# even een opmerking\n<{url}> {{ ?s ?p ?o }} }}",
        "ASK {{ ?s ?p ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_and_the_canary_hears_nothing(sparql_server: SparqlServer, canary: str, query: str) -> None:
    _refused(httpx.get(sparql_server.endpoint, params={"query": query.format(url=canary)}))
    _refused(httpx.post(sparql_server.endpoint, data={"query": query.format(url=canary)}))
    assert canary.hits == []


def test_dataset_iris_are_names_not_addresses(sparql_server: SparqlServer, canary: Canary) -> None:
    for params in (
        {"query": f"ASK FROM <{canary}> {{ ?s ?p ?o }}"},
        {"query": f"ASK FROM NAMED <{canary}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": "ASK { ?s ?p ?o }", "default-graph-uri": canary},
        {"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": canary},
        {"query": f"DESCRIBE <{canary}>"},
    ):
        answer = httpx.get(sparql_server.endpoint, params=params)
        assert answer.status_code == 200, answer.text
    assert canary.hits == []


def test_updates_cannot_fetch_either(editor_server: SparqlServer, canary: Canary) -> None:
    token = editor_server.bearer(editor_server.editor)
    graph = "http://example.org/kanarie"
    for update in (
        f"LOAD <{canary}>",
        f"LOAD SILENT <{canary}> INTO GRAPH <{graph}>",
        f"INSERT {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{canary}> {{ ?s ?p ?o }} }}",
    ):
        _refused(httpx.post(editor_server.endpoint, data={"update": update}, headers=token))
    # An owl:imports in the data must not make the SHACL validation fetch it.
    imports = f"INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> <http://www.w3.org/2002/07/owl#imports> <{canary}> }} }}"
    # Validated before it is written; on a busy CI machine that may take longer than httpx's default 5 s.
    answer = httpx.post(editor_server.endpoint, data={"update": imports}, headers=token, timeout=60)
    assert answer.status_code == 200, answer.text
    assert canary.hits == []


def test_remote_json_ld_context_is_not_fetched(sparql_server: SparqlServer, canary: Canary) -> None:
    document = {"@context": canary, "@id": "http://example.org/x", "naam": "x"}
    answer = httpx.post(
        sparql_server.url + "/valideer",
        content=json.dumps(document).encode(),
        headers={"Content-Type": "application/ld+json"},
    )
    assert answer.status_code < 500
    assert canary.hits == []


def test_named_query_parameters_are_not_fetched(sparql_server: SparqlServer, canary: Canary) -> None:
    answer = httpx.get(sparql_server.url + "/api/queries/interventies-in-gemeente", params={"gemeente": canary})
    assert answer.status_code == 200 and answer.json()["rijen"] == []
    assert canary.hits == []


def test_anonymous_update_is_401(sparql_server: SparqlServer) -> None:
    for answer in (
        httpx.post(sparql_server.endpoint, data={"update": "CLEAR ALL"}),
        httpx.post(sparql_server.endpoint, content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}),
    ):
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert answer.json()["fout"]["code"] == "niet-aangemeld"


@pytest.mark.parametrize("header", ["Bearer verkeerd", "Token abc", "Basic dXNlcjpwYXNz", "bearer"])
def test_a_bad_token_is_401_for_queries_and_updates(sparql_server: SparqlServer, header: str) -> None:
    for answer in (
        httpx.post(sparql_server.endpoint, data={"update": "CLEAR ALL"}, headers={"Authorization": header}),
        httpx.get(sparql_server.endpoint, params={"query": "ASK {}"}, headers={"Authorization": header}),
    ):
        assert answer.status_code == 401, answer.text
        assert answer.json()["fout"]["code"] in ("ongeldig-token", "niet-aangemeld")


def test_a_readers_token_may_query_but_not_update(sparql_server: SparqlServer) -> None:
    reader = sparql_server.bearer(sparql_server.reader)
    assert httpx.get(sparql_server.endpoint, params={"query": "ASK {}"}, headers=reader).status_code == 200
    answer = httpx.post(sparql_server.endpoint, data={"update": "CLEAR ALL"}, headers=reader)
    assert answer.status_code == 403 and answer.json()["fout"]["code"] == "geen-toegang"


def test_a_runaway_query_stops_in_time_and_blocks_nobody(sparql_server: SparqlServer) -> None:
    def runaway() -> tuple[httpx.Response, float]:
        started = time.monotonic()
        answer = httpx.get(sparql_server.endpoint, params={"query": RUNAWAY}, timeout=30)
        return answer, time.monotonic() - started

    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(runaway)
        time.sleep(0.3)
        # Meanwhile, other requests are answered at once.
        for _ in range(3):
            started = time.monotonic()
            quick = httpx.get(sparql_server.endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
            assert quick.status_code == 200 and time.monotonic() - started < 1.0
        answer, took = slow.result()
    assert answer.status_code == 503
    assert answer.json()["fout"]["code"] == "tijdslimiet"
    assert TIMEOUT_S <= took < TIMEOUT_S + 1.5
    # The worker that ran it was replaced: the endpoint keeps answering.
    for _ in range(4):
        assert httpx.get(sparql_server.endpoint, params={"query": "ASK {}"}, timeout=30).status_code == 200


def test_a_huge_answer_is_refused_clearly_for_anonymous_users(sparql_server: SparqlServer) -> None:
    everything = "SELECT * WHERE { ?s ?p ?o }"
    answer = httpx.get(sparql_server.endpoint, params={"query": everything})
    assert answer.status_code == 422
    assert answer.json()["fout"]["code"] == "te-veel-rijen" and str(ROW_LIMIT) in answer.json()["fout"]["melding"]
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert httpx.get(sparql_server.endpoint, params={"query": construct}).status_code == 422
    limited = httpx.get(sparql_server.endpoint, params={"query": everything + f" LIMIT {ROW_LIMIT}"})
    assert limited.status_code == 200 and len(limited.json()["results"]["bindings"]) == ROW_LIMIT
    editor = httpx.get(
        sparql_server.endpoint, params={"query": everything}, headers=sparql_server.bearer(sparql_server.editor)
    )
    assert editor.status_code == 200 and len(editor.json()["results"]["bindings"]) > ROW_LIMIT
