"""/sparql: the SPARQL 1.1 Protocol endpoint (query and update), its service description and query page.

The request path for a query is kept lean, because tools hit it in loops: read the request, look up
the negotiated formats (cached per Accept header), then the answer cache, and only on a miss hand
the job to a query worker (graaf.storage.workers), which enforces the time and row limits.
"""

import asyncio
import time
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from api.auth import caller, require_writer
from api.errors import HttpError
from api.negotiation import description_format, query_formats
from api.sparql_protocol import FORM, QUERY, UPDATE, ProtocolRequest, read_request
from api.views.query_page import query_page
from graaf import Settings, Store
from graaf.imports import log_path, log_write
from graaf.storage.execution import Job
from graaf.storage.service_description import describe
from graaf.storage.sparql_text import is_iri
from graaf.storage.tokens import TokenStore
from graaf.storage.workers import QueryRunner
from validatie import ShaclValidator
from validatie.updates import run_update

router = APIRouter()

_VARY = {"Vary": "Accept"}
_RESULT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/trig",
    "application/n-quads",
    "text/html",
]
_TEXT = {"type": "string"}
_GRAPH_PARAMETERS = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
        "description": description,
    }
    for name, description in (
        ("default-graph-uri", "Graaf voor de standaardgraaf (mag vaker). Zonder: alle grafen samen."),
        ("named-graph-uri", "Benoemde graaf die de query mag gebruiken (mag vaker)."),
    )
]
_OPENAPI = {
    "parameters": [
        {
            "name": "query",
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": "De SPARQL-query. Zonder query: de Service Description (of in een browser de querypagina).",
        },
        *_GRAPH_PARAMETERS,
    ],
    "requestBody": {
        "required": False,
        "content": {
            FORM: {"schema": {"type": "object", "properties": {"query": _TEXT, "update": _TEXT}}},
            QUERY: {"schema": {"type": "string"}},
            UPDATE: {"schema": {"type": "string"}},
        },
    },
    "responses": {"200": {"description": "Het antwoord", "content": {t: {} for t in _RESULT_TYPES}}},
}


def start(app: FastAPI, settings: Settings, store: Store) -> None:
    """Set up what the endpoint needs while the app runs: query workers, tokens, a write lock."""
    app.state.runner = QueryRunner(
        store,
        workers=settings.query_workers,
        cache_bytes=settings.query_cache_mb * 1_000_000,
        timeout_s=settings.query_timeout_s,
    )
    app.state.tokens = TokenStore(settings.tokens_file)
    app.state.update_lock = asyncio.Lock()


def stop(app: FastAPI) -> None:
    runner: QueryRunner | None = getattr(app.state, "runner", None)
    if runner is not None:
        runner.close()


# One route per method, each with its own operation ID: FastAPI names a route with two methods after the
# first one only, and then describes two operations under one ID (and warns at start-up).
_ROUTE: dict[str, Any] = {
    "summary": "SPARQL 1.1-endpoint (query en update)",
    "description": "Volgt het SPARQL 1.1 Protocol: een query met GET, met POST als formulier of met POST als "
    "application/sparql-query; een update (alleen met een token van een redacteur) met POST als formulier "
    "of als application/sparql-update. Het formaat van het antwoord volgt de Accept-header.",
    "response_class": Response,
    "openapi_extra": _OPENAPI,
    "tags": ["sparql"],
}


@router.api_route("/sparql", methods=["GET"], operation_id="sparql_get", **_ROUTE)
@router.api_route("/sparql", methods=["POST"], operation_id="sparql_post", **_ROUTE)
async def sparql(request: Request) -> Response:
    started = time.monotonic()
    settings: Settings = request.app.state.settings
    operation = await read_request(request, settings.upload_limit_bytes)
    record = caller(request)
    role = None if record is None else record.role
    accept = request.headers.get("accept")
    if operation.kind == "beschrijving":
        return _description(request, accept)
    if operation.kind == "update":
        require_writer(role)
        assert record is not None
        return await _update(request, operation, record.actor)
    formats = query_formats(accept)
    if not formats.any:
        raise _not_acceptable(accept)
    if formats.page:
        return query_page(request, operation.text)
    _check_graphs(operation.default_graphs + operation.named_graphs)
    job = Job(
        operation.text,
        select_format=formats.select,
        ask_format=formats.ask,
        graph_format=formats.graph,
        default_graphs=tuple(operation.default_graphs),
        named_graphs=tuple(operation.named_graphs),
        base_iri=_endpoint(request),
        allowed_services=tuple(settings.service_allowlist),
        row_limit=settings.editor_row_limit if role is not None and role.may_write else settings.query_row_limit,
        timeout_s=settings.query_timeout_s,
    )
    runner: QueryRunner = request.app.state.runner
    outcome = runner.cached(job) or await run_in_threadpool(runner.run, job, started)
    return Response(outcome.body, media_type=outcome.media_type, headers=_VARY)


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
async def other_methods(request: Request) -> Response:
    raise HttpError(
        405,
        "methode-niet-toegestaan",
        f"{request.method} kan niet op /sparql. Gebruik GET of POST.",
        {"Allow": "GET, POST"},
    )


def _endpoint(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def _not_acceptable(accept: str | None) -> HttpError:
    return HttpError(
        406,
        "niet-acceptabel",
        f"Geen van de gevraagde formaten ({accept}) is mogelijk. Mogelijk zijn: {', '.join(_RESULT_TYPES)}.",
    )


def _check_graphs(graphs: list[str]) -> None:
    for graph in graphs:
        if not is_iri(graph):
            raise HttpError(400, "ongeldig-verzoek", f"'{graph}' is geen geldige IRI voor een graaf.")


def _description(request: Request, accept: str | None) -> Response:
    fmt = description_format(accept)
    if fmt is None:
        raise _not_acceptable(accept)
    if fmt == "html":
        return query_page(request, "")
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    limits = (
        f"Zonder token: hoogstens {settings.query_row_limit} rijen per antwoord. Elke query: hoogstens "
        f"{settings.query_timeout_s:g} seconden. Een update vraagt een token van een redacteur."
    )
    try:
        media, body = describe(
            _endpoint(request),
            store.graphs(),
            federated=bool(settings.service_allowlist),
            limits=limits,
            format_name=fmt,
        )
    except ValueError as error:
        raise HttpError(400, "ongeldig-verzoek", "Het adres van deze aanvraag is geen geldige IRI.") from error
    return Response(body, media_type=media, headers=_VARY)


async def _update(request: Request, operation: ProtocolRequest, actor: str) -> JSONResponse:
    _check_graphs(operation.default_graphs + operation.named_graphs)
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    lock = request.app.state.update_lock
    async with lock:  # one update at a time: each one is planned against the state it will change
        result = await run_in_threadpool(
            run_update,
            store,
            operation.text,
            base=settings.base_iri,
            using_graphs=operation.default_graphs,
            using_named_graphs=operation.named_graphs,
            base_iri=_endpoint(request),
            validator=ShaclValidator(bounded=True),
        )
    if result.added or result.removed:
        details = {"toegevoegd": result.added, "verwijderd": result.removed, "grafen": result.graphs}
        log_write(log_path(settings), actor, "sparql-update", details)
    return JSONResponse(result.as_dict())
