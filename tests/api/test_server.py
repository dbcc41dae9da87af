"""A real `kennisgraaf serve` on 127.0.0.1, queried by a real SPARQL client."""

import csv
import io

import httpx
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from ontologie.namespaces import DEFAULT_BASE
from tests.conftest import Canary, LiveServer

KAPITAALVORMEN = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?k WHERE {{ ?k skos:inScheme <{DEFAULT_BASE}id/begrippenkader/kapitaalvormen> }} ORDER BY ?k
"""


def _client(server: LiveServer, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setReturnFormat(fmt)
    client.setTimeout(30)
    return client


def test_health(live_server: LiveServer) -> None:
    answer = httpx.get(live_server.url + "/gezondheid").json()
    assert answer["status"] == "ok" and answer["triples"] > 1000


def test_select_as_json_with_sparqlwrapper(live_server: LiveServer) -> None:
    client = _client(live_server, JSON)
    client.setQuery(KAPITAALVORMEN)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index]
    assert [r["k"]["value"].rsplit("/", 1)[1] for r in rows] == [
        "cultureel",
        "economisch",
        "mentaal",
        "pedagogisch",
        "sociaal",
    ]


def test_select_as_xml_and_csv(live_server: LiveServer) -> None:
    client = _client(live_server, XML)
    client.setQuery(KAPITAALVORMEN)
    document = client.query().convert()
    assert len(document.getElementsByTagName("result")) == 5  # type: ignore[union-attr]
    client = _client(live_server, CSV)
    client.setQuery(KAPITAALVORMEN)
    rows = list(csv.reader(io.StringIO(client.query().convert().decode())))  # type: ignore[union-attr]
    assert rows[0] == ["k"] and len(rows) == 6


def test_construct_as_turtle(live_server: LiveServer) -> None:
    client = _client(live_server, TURTLE)
    client.setQuery(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{DEFAULT_BASE}def/kern> {{ ?s ?p ?o }} }} LIMIT 20")
    graph = Graph().parse(data=client.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert len(graph) == 20


def test_ask_as_json(live_server: LiveServer) -> None:
    client = _client(live_server, JSON)
    client.setQuery(f"ASK {{ <{DEFAULT_BASE}id/kapitaalvorm/mentaal> ?p ?o }}")
    assert client.query().convert()["boolean"] is True  # type: ignore[index]


def test_service_description_without_query(live_server: LiveServer) -> None:
    answer = httpx.get(live_server.url + "/sparql", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=answer.text, format="turtle")
    endpoint = live_server.url + "/sparql"
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert graph.query(f"ASK {{ ?s <{sd}endpoint> <{endpoint}> }}").askAnswer


def test_syntax_error_is_400_with_position(live_server: LiveServer) -> None:
    answer = httpx.get(live_server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert answer.status_code == 400
    error = answer.json()["fout"]
    assert error["code"] == "ongeldige-sparql" and error["regel"] == 1


def test_unacceptable_type_is_406(live_server: LiveServer) -> None:
    answer = httpx.get(
        live_server.url + "/sparql",
        params={"query": "SELECT * { ?s ?p ?o } LIMIT 1"},
        headers={"Accept": "image/png"},
    )
    assert answer.status_code == 406 and answer.json()["fout"]["code"] == "niet-acceptabel"


def test_canary_receives_nothing_from_service(live_server: LiveServer, canary: Canary) -> None:
    answer = httpx.get(
        live_server.url + "/sparql",
        params={"query": f"SELECT * WHERE {{ SERVICE <{canary}> {{ ?s ?p ?o }} }}"},
    )
    assert answer.status_code == 400 and answer.json()["fout"]["code"] == "geweigerd"
    assert canary.hits == []
