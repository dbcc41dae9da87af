"""The SPARQL 1.1 Protocol as graaf.storage.remote speaks it: what it sends and how answers come back.

Answers are turned into the pyoxigraph types the embedded store gives (so callers cannot tell the two
apart), with the repairs one engine needs (Virtuoso's blank-node labels and its ASK). Before a query
leaves, `standard_only` makes sure it is plain SPARQL 1.1: vendor extensions can reach the network.
"""

import json

import httpx
import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery

from graaf.storage.errors import QueryFailed, QuerySyntaxError
from graaf.storage.sparql_text import service_targets
from graaf.storage.store import DEFAULT_GRAPH, Dataset, _syntax_error

RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}

GRAPHS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}

ACCEPT = {
    "select": "application/sparql-results+json, application/sparql-results+xml;q=0.5",
    "ask": "application/sparql-results+json, application/sparql-results+xml;q=0.5",
    "graph": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5",
}

Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

_EMPTY = ox.Store()


def protocol_dataset(dataset: Dataset) -> list[tuple[str, str]]:
    params = [("default-graph-uri", g) for g in dataset.default_graphs if g != DEFAULT_GRAPH]
    return params + [("named-graph-uri", g) for g in dataset.named_graphs]


def standard_only(query: str, base_iri: str | None) -> None:
    """Only standard SPARQL 1.1 goes to the engine. Vendor extensions can reach the network (Virtuoso's
    `DEFINE get:soft "replace"` makes it fetch a FROM address), so the query is first read by Oxigraph's
    parser, which knows none: on an empty store it costs well under a millisecond. A query with an
    allowed SERVICE would be run by that test, so it is read by rdflib's parser instead (it runs nothing)."""
    if service_targets(query):
        try:
            parseQuery(query)
        except ParseException as error:
            raise QuerySyntaxError(f"Fout in de query: {error}") from error
        return
    try:
        _EMPTY.query(query, base_iri=base_iri)
    except SyntaxError as error:
        raise _syntax_error(error, "query") from error


def media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def parse_answer(response: httpx.Response, form: str) -> Answer:
    """The engine's answer as the pyoxigraph result Store.run would give for the same query."""
    media = media_type(response)
    if media in RESULTS:
        body = response.content
        if media == "application/sparql-results+json" and b'"nodeID://' in body:
            body = _plain_blank_labels(body)
        parsed = ox.parse_query_results(body, RESULTS[media])
        if form == "ask" and isinstance(parsed, ox.QuerySolutions):
            return _virtuoso_ask(parsed)
        return parsed
    if media in GRAPHS:
        # pyoxigraph cannot build query triples from Python, so let an in-memory engine hand them back.
        scratch = ox.Store()
        scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(response.content, GRAPHS[media]))
        answer = scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
        assert isinstance(answer, ox.QueryTriples)
        return answer
    raise QueryFailed(f"De externe opslag gaf een antwoord in een onbekend formaat ({media or 'geen'}).")


def _plain_blank_labels(body: bytes) -> bytes:
    """Virtuoso labels blank nodes `nodeID://b10000`, which is no valid label; keep what follows `//`."""
    answer = json.loads(body)
    for row in answer.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("type") == "bnode" and value.get("value", "").startswith("nodeID://"):
                value["value"] = value["value"].removeprefix("nodeID://")
    return json.dumps(answer).encode()


def _virtuoso_ask(solutions: ox.QuerySolutions) -> ox.QueryBoolean:
    """Virtuoso answers ASK as one row with `__ask_retval`; turn it into a real yes/no answer."""
    value = False
    for row in solutions:
        for variable in solutions.variables:
            term = row[variable]
            value = value or (term is not None and term.value in ("1", "true"))
    body = b'{"head":{},"boolean":' + (b"true" if value else b"false") + b"}"
    answer = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    assert isinstance(answer, ox.QueryBoolean)
    return answer
