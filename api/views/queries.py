"""/api/queries: every named query (graaf/queries/*.rq with a title) as its own API operation.

Each query gets GET /api/queries/{name}, with its parameters listed in the OpenAPI document, and
answers in JSON (rows as simple objects) or CSV. Parameter values are bound as RDF terms by the
engine; they never become part of the query text.
"""

import json
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from api.errors import HttpError
from api.negotiation import negotiate
from graaf import Settings
from graaf.storage.execution import Job
from graaf.storage.named_queries import TYPES, NamedQuery, bind, named_queries
from graaf.storage.workers import QueryRunner

router = APIRouter(tags=["queries"])

PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000
_SCHEMAS: dict[str, dict[str, object]] = {
    "iri": {"type": "string", "format": "uri"},
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
}
assert set(_SCHEMAS) == set(TYPES)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {_XSD + "integer": int, _XSD + "decimal": float, _XSD + "double": float, _XSD + "float": float}
_COMMON = [
    {
        "name": "formaat",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": ["json", "csv"]},
        "description": "json (standaard) of csv; of gebruik de Accept-header.",
    },
    {"name": "pagina", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {
        "name": "per_pagina",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
    },
]


def describe(query: NamedQuery) -> dict[str, object]:
    return {
        "naam": query.name,
        "titel": query.title,
        "beschrijving": query.description,
        "parameters": [
            {
                "naam": p.name,
                "type": p.type,
                "verplicht": p.required,
                "standaard": p.default,
                "beschrijving": p.description,
            }
            for p in query.parameters
        ],
        "tags": list(query.tags),
        "links": {"self": f"/api/queries/{query.name}", "query": f"/api/queries/{query.name}/sparql"},
    }


@router.get("/api/queries", summary="Alle vaste vragen (named queries)")
def list_queries() -> dict[str, object]:
    return {"queries": [describe(q) for q in named_queries()]}


def _positive(request: Request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1 or (maximum is not None and int(raw) > maximum):
        limit = f" en hoogstens {maximum}" if maximum else ""
        raise HttpError(422, "ongeldige-parameter", f"'{name}' moet een geheel getal zijn, minstens 1{limit}.")
    return int(raw)


def _format(request: Request) -> str:
    chosen = request.query_params.get("formaat")
    if chosen is None:
        media = negotiate(request.headers.get("accept"), ["application/json", "text/csv"])
        if media is None:
            raise HttpError(406, "niet-acceptabel", "Deze vraag geeft application/json of text/csv.")
        return "csv" if media == "text/csv" else "json"
    if chosen not in ("json", "csv"):
        raise HttpError(422, "ongeldige-parameter", "'formaat' is json of csv.")
    return chosen


def _value(term: dict[str, str]) -> object:
    if term["type"] == "literal" and "datatype" in term:
        if term["datatype"] == _XSD + "boolean":
            return term["value"] == "true"
        convert = _NUMBERS.get(term["datatype"])
        if convert is not None:
            try:
                return convert(term["value"])
            except ValueError:
                return term["value"]
    return ("_:" + term["value"]) if term["type"] == "bnode" else term["value"]


def _links(request: Request, query: NamedQuery, page: int, size: int, more: bool) -> dict[str, str]:
    def at(number: int) -> str:
        params = dict(request.query_params) | {"pagina": str(number), "per_pagina": str(size)}
        return f"/api/queries/{query.name}?{urlencode(params)}"

    links = {"self": at(page), "eerste": at(1)}
    if page > 1:
        links["vorige"] = at(page - 1)
    if more:
        links["volgende"] = at(page + 1)
    return links


async def _run(request: Request, query: NamedQuery) -> Response:
    started = time.monotonic()
    settings: Settings = request.app.state.settings
    fmt = _format(request)
    page = _positive(request, "pagina", 1)
    size = _positive(request, "per_pagina", PAGE_SIZE, MAX_PAGE_SIZE)
    bound = bind(query, dict(request.query_params), settings.base_iri)  # InvalidParameter: 422
    job = Job(
        query.text,
        select_format=fmt,
        ask_format="json",
        graph_format="jsonld" if fmt == "json" else "ntriples",
        bindings=tuple(sorted(bound.items())),
        offset=(page - 1) * size,
        page_size=size,
        timeout_s=settings.query_timeout_s,
        sort_after=query.sort_after,
    )
    runner: QueryRunner = request.app.state.runner
    outcome = runner.cached(job) or await run_in_threadpool(runner.run, job, started)
    links = _links(request, query, page, size, outcome.has_more)
    link_header = ", ".join(f'<{url}>; rel="{_REL[name]}"' for name, url in links.items())
    headers = {"Link": link_header, "Vary": "Accept"}
    if fmt == "csv" or outcome.form != "select":
        return Response(outcome.body, media_type=outcome.media_type, headers=headers)
    results = json.loads(outcome.body)
    columns = results["head"]["vars"]
    rows = [{name: _value(term) for name, term in binding.items()} for binding in results["results"]["bindings"]]
    body = {
        "query": query.name,
        "titel": query.title,
        "parameters": {name: str(term) for name, term in bound.items()},
        "kolommen": columns,
        "rijen": rows,
        "pagina": page,
        "per_pagina": size,
        "meer": outcome.has_more,
        "links": links,
    }
    return JSONResponse(body, headers=headers)


_REL = {"self": "self", "eerste": "first", "vorige": "prev", "volgende": "next"}


def _endpoint(query: NamedQuery) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        return await _run(request, query)

    return run


def _text(query: NamedQuery) -> Callable[[], Response]:
    def text() -> Response:
        return Response(query.text, media_type="application/sparql-query")

    return text


def _parameters(query: NamedQuery) -> list[dict[str, object]]:
    described = []
    for parameter in query.parameters:
        schema = dict(_SCHEMAS[parameter.type])
        if parameter.default is not None:
            schema["default"] = parameter.default
        described.append(
            {
                "name": parameter.name,
                "in": "query",
                "required": parameter.required,
                "schema": schema,
                "description": parameter.description,
            }
        )
    return described + _COMMON


for _query in named_queries():
    router.add_api_route(
        f"/api/queries/{_query.name}",
        _endpoint(_query),
        methods=["GET"],
        summary=_query.title,
        description=_query.description,
        response_class=Response,
        operation_id=f"query_{_query.name.replace('-', '_')}",
        openapi_extra={
            "parameters": _parameters(_query),
            "responses": {"200": {"description": "De rijen", "content": {"application/json": {}, "text/csv": {}}}},
        },
    )
    router.add_api_route(
        f"/api/queries/{_query.name}/sparql",
        _text(_query),
        methods=["GET"],
        summary=f"De SPARQL-tekst van '{_query.title}'",
        response_class=Response,
        operation_id=f"query_{_query.name.replace('-', '_')}_sparql",
        openapi_extra={"responses": {"200": {"description": "De query", "content": {"application/sparql-query": {}}}}},
    )
