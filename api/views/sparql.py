"""GET /sparql: the SPARQL 1.1 query operation over GET, with content negotiation.

This is the minimal endpoint of the foundation; POST, updates, limits and the query page come with
the endpoint issue. Without a query it answers with a Service Description.
"""

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.errors import HttpError
from api.negotiation import negotiate
from api.views.deps import get_store
from graaf import Dataset, Store
from graaf.formats import RDF_FORMATS, RESULTS_FORMATS

router = APIRouter()

_RESULT_TYPES = [f.media_type for f in RESULTS_FORMATS]
_GRAPH_TYPES = [f.media_type for f in RDF_FORMATS if not f.has_graphs or f.name == "jsonld"]
_SD_TYPES = ["text/turtle", "application/n-triples", "application/rdf+xml"]


@router.get(
    "/sparql",
    summary="SPARQL-query uitvoeren (GET)",
    responses={200: {"content": {t: {} for t in _RESULT_TYPES + _GRAPH_TYPES}}},
)
def sparql_get(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    query: Annotated[str | None, Query(description="De SPARQL-query.")] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
) -> Response:
    accept = request.headers.get("accept")
    if query is None:
        return _service_description(str(request.url.replace(query="")), accept)
    dataset = Dataset(default_graph_uri or [], named_graph_uri or [])
    answer = store.run(query, dataset=dataset)
    if isinstance(answer, ox.QueryTriples):
        media = _choose(accept, _GRAPH_TYPES)
        fmt = next(f for f in RDF_FORMATS if f.media_type == media)
        body = answer.serialize(format=fmt.engine) or b""
    else:
        media = _choose(accept, _RESULT_TYPES)
        results_fmt = next(f for f in RESULTS_FORMATS if f.media_type == media)
        if isinstance(answer, ox.QueryBoolean) and results_fmt.name in ("csv", "tsv"):
            raise HttpError(406, "niet-acceptabel", "Een ASK-antwoord kan niet als CSV of TSV worden gegeven.")
        body = answer.serialize(format=results_fmt.engine) or b""
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def _choose(accept: str | None, offered: list[str]) -> str:
    media = negotiate(accept, offered)
    if media is None:
        raise HttpError(
            406,
            "niet-acceptabel",
            f"Geen van de gevraagde formaten ({accept}) is mogelijk. Mogelijk zijn: {', '.join(offered)}.",
        )
    return media


def _service_description(endpoint: str, accept: str | None) -> Response:
    media = _choose(accept, _SD_TYPES)
    turtle = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>,
        <http://www.w3.org/ns/formats/SPARQL_Results_XML>, <http://www.w3.org/ns/formats/SPARQL_Results_CSV>,
        <http://www.w3.org/ns/formats/SPARQL_Results_TSV>, <http://www.w3.org/ns/formats/Turtle>,
        <http://www.w3.org/ns/formats/N-Triples>, <http://www.w3.org/ns/formats/RDF_XML>,
        <http://www.w3.org/ns/formats/JSON-LD> .
"""
    fmt = next(f for f in RDF_FORMATS if f.media_type == media)
    quads = ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)
    body = ox.serialize(quads, format=fmt.engine) or b""
    return Response(body, media_type=media, headers={"Vary": "Accept"})
