"""The SPARQL 1.1 Protocol on a real server: request shapes, datasets, formats, status codes, CORS."""

import csv
import io
import json
from xml.dom import minidom

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from graaf.storage.terms import to_rdflib
from ontologie.namespaces import DEFAULT_BASE
from tests.api.conftest import SparqlServer

KERN = DEFAULT_BASE + "def/kern#"
CAPITAL = f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?k ?naam WHERE {{
  ?k skos:inScheme <{DEFAULT_BASE}id/begrippenkader/kapitaalvormen> ; skos:prefLabel ?naam .
  FILTER(lang(?naam) = "nl")
}} ORDER BY ?k"""
CAPITAL_NAMES = [f"{k} kapitaal" for k in ("cultureel", "economisch", "mentaal", "pedagogisch", "sociaal")]
MENTAL = f"<{DEFAULT_BASE}id/kapitaalvorm/mentaal>"


def graph_from(data: bytes, media: str) -> Graph:
    """Parse with Oxigraph (rdflib's JSON-LD and quad parsers warn about their own deprecated classes)."""
    graph = Graph()
    fmt = ox.RdfFormat.from_media_type(media)
    assert fmt is not None, media
    for quad in ox.parse(data, format=fmt):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def wrapper(server: SparqlServer, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(server.endpoint)
    client.setReturnFormat(fmt)
    client.setTimeout(30)
    if method == POST:
        client.setMethod(POST)
    elif method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    return client


@pytest.mark.parametrize("method", ["GET", POST, POSTDIRECTLY])
def test_select_in_every_results_format_with_sparqlwrapper(sparql_server: SparqlServer, method: str) -> None:
    client = wrapper(sparql_server, JSON, method)
    client.setQuery(CAPITAL)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert [r["naam"]["value"] for r in rows] == CAPITAL_NAMES
    assert rows[0]["naam"]["xml:lang"] == "nl"

    client = wrapper(sparql_server, XML, method)
    client.setQuery(CAPITAL)
    document = client.queryAndConvert()
    assert isinstance(document, minidom.Document)
    literals = document.getElementsByTagName("literal")
    assert [node.firstChild.data for node in literals] == CAPITAL_NAMES  # type: ignore[union-attr]

    client = wrapper(sparql_server, CSV, method)
    client.setQuery(CAPITAL)
    rows = list(csv.reader(io.StringIO(client.queryAndConvert().decode())))  # type: ignore[union-attr]
    assert rows[0] == ["k", "naam"] and [r[1] for r in rows[1:]] == CAPITAL_NAMES

    client = wrapper(sparql_server, TSV, method)
    client.setQuery(CAPITAL)
    rows = [line.split("\t") for line in client.queryAndConvert().decode().splitlines()]  # type: ignore[union-attr]
    assert rows[0] == ["?k", "?naam"] and [r[1] for r in rows[1:]] == [f'"{n}"@nl' for n in CAPITAL_NAMES]


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask_with_sparqlwrapper(sparql_server: SparqlServer, fmt: str) -> None:
    client = wrapper(sparql_server, fmt)
    client.setQuery(f"ASK {{ {MENTAL} ?p ?o }}")
    answer = client.queryAndConvert()
    if fmt == JSON:
        assert answer["boolean"] is True  # type: ignore[index]
    else:
        assert answer.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", [TURTLE, N3, JSONLD, XML])
def test_construct_and_describe_with_sparqlwrapper(sparql_server: SparqlServer, fmt: str) -> None:
    for query in (f"CONSTRUCT {{ {MENTAL} ?p ?o }} WHERE {{ {MENTAL} ?p ?o }}", f"DESCRIBE {MENTAL}"):
        client = wrapper(sparql_server, fmt)
        client.setQuery(query)
        # SPARQLWrapper turns JSON-LD into a deprecated rdflib ConjunctiveGraph: parse the bytes ourselves.
        result = client.query()
        media = result.response.headers["Content-Type"].split(";")[0]
        graph = graph_from(result.response.read(), media)
        labels = {str(o) for o in graph.objects(None, None) if getattr(o, "language", None) == "nl"}
        assert "mentaal kapitaal" in labels


GRAPH_TYPES = [
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/trig",
    "application/n-quads",
]


@pytest.mark.parametrize("media", GRAPH_TYPES)
def test_construct_in_every_rdf_format(sparql_server: SparqlServer, media: str) -> None:
    query = f"CONSTRUCT {{ {MENTAL} ?p ?o }} WHERE {{ {MENTAL} ?p ?o }}"
    answer = httpx.get(sparql_server.endpoint, params={"query": query}, headers={"Accept": media})
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == media
    assert "Accept" in answer.headers["vary"]
    data = graph_from(answer.content, media)
    expected = httpx.get(
        sparql_server.endpoint,
        params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?p ?o WHERE {{ {MENTAL} ?p ?o }} }}"},
    ).json()["results"]["bindings"][0]["n"]["value"]
    assert len(data) == int(expected) > 5


def test_protocol_request_shapes_give_the_same_answer(sparql_server: SparqlServer) -> None:
    get = httpx.get(sparql_server.endpoint, params={"query": CAPITAL})
    form = httpx.post(sparql_server.endpoint, data={"query": CAPITAL})
    direct = httpx.post(
        sparql_server.endpoint, content=CAPITAL.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert get.status_code == form.status_code == direct.status_code == 200
    assert get.json() == form.json() == direct.json()


def test_default_graph_is_the_union_unless_the_request_or_query_names_one(sparql_server: SparqlServer) -> None:
    count = "SELECT (COUNT(*) AS ?n) FROM_CLAUSE WHERE { ?s ?p ?o }"

    def n(query: str, **params: object) -> int:
        answer = httpx.get(sparql_server.endpoint, params={"query": query, **params})  # type: ignore[arg-type]
        assert answer.status_code == 200, answer.text
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])

    total = n(count.replace("FROM_CLAUSE", ""))
    regio = f"{DEFAULT_BASE}id/graaf/regio"
    only_regio = n(count.replace("FROM_CLAUSE", ""), **{"default-graph-uri": regio})
    assert 0 < only_regio < total
    assert n(count.replace("FROM_CLAUSE", f"FROM <{regio}>")) == only_regio
    # The protocol's dataset wins over the query's own FROM.
    kern = f"{DEFAULT_BASE}def/kern"
    assert n(count.replace("FROM_CLAUSE", f"FROM <{regio}>"), **{"default-graph-uri": kern}) == n(
        count.replace("FROM_CLAUSE", ""), **{"default-graph-uri": kern}
    )
    named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert n(named, **{"named-graph-uri": [regio, kern]}) == 2


def test_unknown_parameters_are_ignored(sparql_server: SparqlServer) -> None:
    answer = httpx.get(sparql_server.endpoint, params={"query": CAPITAL, "format": "xml", "output": "csv", "x": "1"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/sparql-results+json"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml;q=0.9, text/csv", "text/csv"),
        ("text/csv;q=0, */*;q=0.1", "application/sparql-results+json"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/xml", "application/sparql-results+xml"),
    ],
)
def test_content_negotiation_for_select(sparql_server: SparqlServer, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    answer = httpx.get(sparql_server.endpoint, params={"query": CAPITAL}, headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize("media_type", ["text/csv", "text/tab-separated-values"])
def test_ask_answers_csv_and_tsv_as_a_bare_word_like_oxigraph(sparql_server: SparqlServer, media_type: str) -> None:
    for query, word in (("ASK {}", "true"), ("ASK { <urn:x:nergens> ?p ?o }", "false")):
        answer = httpx.get(sparql_server.endpoint, params={"query": query}, headers={"Accept": media_type})
        assert answer.status_code == 200
        assert answer.headers["content-type"].split(";")[0] == media_type
        assert answer.text.strip() == word
    answer = httpx.get(sparql_server.endpoint, params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert answer.status_code == 406 and answer.json()["fout"]["code"] == "niet-acceptabel"


@pytest.mark.parametrize(
    ("request_kwargs", "status", "code"),
    [
        ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "ongeldige-sparql"),
        ({"method": "GET", "params": {"query": ["ASK {}", "ASK {}"]}}, 400, "ongeldig-verzoek"),
        ({"method": "GET", "params": {"update": "CLEAR ALL"}}, 400, "ongeldig-verzoek"),
        ({"method": "GET", "params": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}}, 406, "niet-acceptabel"),
        ({"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415, None),
        ({"method": "POST", "content": b"query=ASK%20%7B%7D"}, 415, "niet-ondersteund-formaat"),
        (
            {
                "method": "POST",
                "content": "ASK {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
            415,
            None,
        ),
        ({"method": "POST", "data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400, "ongeldig-verzoek"),
        ({"method": "PUT", "params": {"query": "ASK {}"}}, 405, "methode-niet-toegestaan"),
        ({"method": "GET", "params": {"query": "ASK {}", "default-graph-uri": "geen iri"}}, 400, "ongeldig-verzoek"),
    ],
)
def test_bad_requests_get_the_right_status(
    sparql_server: SparqlServer, request_kwargs: dict[str, object], status: int, code: str | None
) -> None:
    answer = httpx.request(url=sparql_server.endpoint, **request_kwargs)  # type: ignore[arg-type]
    assert answer.status_code == status, answer.text
    error = answer.json()["fout"]
    assert error["melding"]
    if code is not None:
        assert error["code"] == code
    if status == 405:
        assert "POST" in answer.headers["allow"]


def test_syntax_error_says_where(sparql_server: SparqlServer) -> None:
    answer = httpx.post(sparql_server.endpoint, data={"query": "PREFIX x: <http://x/>\nSELECT * WHERE {\n ?s ?p }"})
    assert answer.status_code == 400
    error = answer.json()["fout"]
    assert (error["code"], error["regel"]) == ("ongeldige-sparql", 3)
    assert error["kolom"] >= 1 and "error at 3:" in error["melding"]


def test_service_description(sparql_server: SparqlServer) -> None:
    """The three checks of the W3C service-description tests: RDF, sd:endpoint, the schema's terms."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    for media in ("text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples"):
        answer = httpx.get(sparql_server.endpoint, headers={"Accept": media})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(media)
        graph = graph_from(answer.content, media)
        endpoints = list(graph.query(f"SELECT ?s WHERE {{ ?s <{sd}endpoint> <{sparql_server.endpoint}> }}"))
        assert len(endpoints) == 1
        ask = f"""PREFIX sd: <{sd}>
        ASK {{ ?s a sd:Service ; sd:supportedLanguage sd:SPARQL11Query, sd:SPARQL11Update ;
               sd:feature sd:UnionDefaultGraph ;
               sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> ;
               sd:defaultDataset [ sd:defaultGraph [] ; sd:namedGraph [ sd:name <{DEFAULT_BASE}def/kern> ] ] }}"""
        assert graph.query(ask).askAnswer
        assert not graph.query(f"ASK {{ ?s <{sd}feature> <{sd}BasicFederatedQuery> }}").askAnswer


def test_a_forged_host_cannot_change_the_description(sparql_server: SparqlServer) -> None:
    answer = httpx.get(sparql_server.endpoint, headers={"Accept": "text/turtle", "Host": "x> <y"})
    assert answer.status_code in (400, 200)
    if answer.status_code == 200:
        Graph().parse(data=answer.text, format="turtle")


def test_cors_lets_a_browser_tool_on_another_site_query(sparql_server: SparqlServer) -> None:
    origin = "https://yasgui.example"
    preflight = httpx.options(
        sparql_server.endpoint,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", origin)
    assert "POST" in preflight.headers["access-control-allow-methods"]
    answer = httpx.post(sparql_server.endpoint, data={"query": "ASK {}"}, headers={"Origin": origin})
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answer.headers
    assert json.loads(answer.text)["boolean"] is True
