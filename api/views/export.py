"""Exports, the dataset description and versions over HTTP.

- GET /export: what can be downloaded (formats, tables and their columns), as JSON.
- GET /export/kennisgraaf.{ext}: the whole graph (or with ?graaf= one named graph), streamed.
- GET /export/csv/{tabel}.csv: one table per class (interventies, mechanismen, effecten, bewijs).
- GET or POST /export/construct: the answer to a CONSTRUCT as a file, within the limits of /sparql.
- GET /def/context.jsonld: the JSON-LD context of the exports. GET /.well-known/void: VoID + DCAT.
- GET /versies (HTML or JSON), POST /versies (beheerder), GET /versies/{naam} (the file, byte for
  byte), GET /versies/{van}/{tot} (what changed, HTML or JSON).
"""

import io
import itertools
import time
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import APIRouter, Body, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from starlette.types import Receive, Scope, Send

from api.auth import admin, caller_role
from api.errors import HttpError
from api.negotiation import negotiate
from api.sparql_protocol import read_request
from api.views.deps import get_settings, get_store
from api.views.templating import language, render
from graaf import Settings, Store
from graaf.export import EXPORT_FORMATS, export_format, jsonld, tables, writer
from graaf.export.context import CONTEXT_FILE, CONTEXT_PATH
from graaf.export.description import DESCRIPTION_PREFIXES, WELL_KNOWN, Site, describe, download_links
from graaf.export.diff import difference
from graaf.export.rdf import check_graph_query
from graaf.export.slots import RETRY_AFTER_S, ExportBusy, ExportSlots, Slot, SlotStream
from graaf.export.stream import chunks
from graaf.export.versions import (
    get_version,
    list_versions,
    make_version,
    versions_dir,
)
from graaf.imports import log_path, log_write
from graaf.storage.errors import QuerySyntaxError
from graaf.storage.execution import Job
from graaf.storage.formats import rdf_format
from graaf.storage.terms import local_name
from graaf.storage.tokens import Role
from graaf.storage.workers import QueryRunner

router = APIRouter(tags=["export"])
HTML = "text/html"
JSON = "application/json"
DESCRIPTION_OFFERS = {
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
}
# Anyone may download: at most this many exports read the store at once (each from its own copy).
EXPORT_SLOTS = ExportSlots(2)
# GraphML and GEXF are built in memory by networkx; the command line may go up to network.NETWORK_LIMIT.
HTTP_NETWORK_LIMIT = 200_000


# The export's own errors and their HTTP status (api/errors.py knows the errors of the other layers).
def _site(request: Request, settings: Settings) -> Site:
    return Site(str(request.base_url).rstrip("/"), settings.base_iri)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"}


def _versions(settings: Settings) -> Path | None:
    return None if settings.store_dir is None else versions_dir(settings.store_dir)


@router.get("/export", summary="Wat je kunt downloaden: formaten, tabellen en kolommen")
def index(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> Response:
    """JSON for programs; for a browser the same as a page with download links."""
    site = _site(request, settings)
    data = _index(site)
    if negotiate(request.headers.get("accept"), ["application/json", "text/html"]) == "text/html":
        title = "Download the graph" if language(request) == "en" else "De graaf downloaden"
        return render(request, "export.html", title=title, data=data, tables=tables.documentation())
    return JSONResponse(data)


def _index(site: Site) -> dict[str, object]:
    return {
        "kennisgraaf": {name: link for name, _, link in download_links(site.url)},
        "formaten": [
            {"naam": f.name, "mediatype": f.media_type, "extensie": f.extension, "gestreamd": f.streamed}
            for f in EXPORT_FORMATS
        ],
        "een_graaf": f"{site.url}/export/kennisgraaf.ttl?graaf=<IRI van de graaf>",
        "csv": {name: f"{site.url}/export/csv/{name}.csv" for name in tables.TABLES} | tables.documentation(),
        "construct": f"{site.url}/export/construct?query=<CONSTRUCT-query>&formaat=turtle",
        "context": site.url + CONTEXT_PATH,
        "beschrijving": site.url + WELL_KNOWN,
        "versies": site.url + "/versies",
    }


@router.get(
    "/export/kennisgraaf.{extension}",
    summary="De hele kennisgraaf (of met ?graaf= één graaf) als bestand",
    response_class=StreamingResponse,
)
def whole(
    extension: str,
    store: Annotated[Store, Depends(get_store)],
    graaf: str | None = None,
) -> StreamingResponse:
    fmt = export_format(extension)
    if fmt.name == "csv":
        raise HttpError(404, "niet-gevonden", "CSV is er per tabel: /export/csv/{tabel}.csv.")
    slot = _take_slot()
    try:
        write = writer(store, fmt, graph=graaf, limit=HTTP_NETWORK_LIMIT)
    except BaseException:
        slot.release()
        raise
    if not fmt.streamed:  # a network is built (and kept) by now: sending it needs no copy of the store
        slot.release()
    stem = "kennisgraaf" if graaf is None else "kennisgraaf-" + _stem(graaf)
    return _ExportResponse(SlotStream(chunks(write), slot), fmt.media_type, _attachment(f"{stem}.{fmt.extension}"))


class _ExportResponse(StreamingResponse):
    """A streamed export that gives its slot back when the response ends, also when the client went away.

    Starlette stops reading a body whose client went away but does not close it; left to the garbage
    collector, the slot (and the copy of the store) could stay taken for minutes.
    """

    def __init__(self, stream: SlotStream, media_type: str, headers: dict[str, str]) -> None:
        super().__init__(stream, media_type=media_type, headers=headers)
        self._stream = stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # Closing waits (briefly) for the writer thread to stop: not on the event loop.
            await run_in_threadpool(self._stream.close)


def _take_slot() -> Slot:
    try:
        return EXPORT_SLOTS.take()
    except ExportBusy as error:
        raise HttpError(503, error.code, error.message, {"Retry-After": str(RETRY_AFTER_S)}) from error


def _stem(graph: str) -> str:
    last = local_name(graph)
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in last) or "graaf"


@router.get("/export/csv/{table}.csv", summary="Eén tabel per klasse als CSV", response_class=StreamingResponse)
def table_csv(table: str, store: Annotated[Store, Depends(get_store)]) -> StreamingResponse:
    slot = _take_slot()
    try:
        write = writer(store, export_format("csv"), table=table)
    except BaseException:
        slot.release()
        raise
    return _ExportResponse(SlotStream(chunks(write), slot), "text/csv; charset=utf-8", _attachment(f"{table}.csv"))


_CONSTRUCT = "Het antwoord op een CONSTRUCT-query als bestand (zelfde grenzen als /sparql)"


# One route per method, each with its own operation ID (see api/views/sparql.py).
@router.api_route("/export/construct", methods=["GET"], operation_id="construct_get", summary=_CONSTRUCT)
@router.api_route("/export/construct", methods=["POST"], operation_id="construct_post", summary=_CONSTRUCT)
async def construct(request: Request, formaat: str = "turtle") -> Response:
    started = time.monotonic()
    settings: Settings = request.app.state.settings
    fmt = rdf_format(formaat)
    operation = await read_request(request, settings.upload_limit_bytes)
    if operation.kind != "query":
        raise QuerySyntaxError("Geef een CONSTRUCT-query met ?query= of in een formulier.")
    check_graph_query(operation.text)  # a SELECT is a mistake in the request (400), not a format to negotiate
    role = caller_role(request)
    job = Job(
        operation.text,
        select_format=None,
        ask_format=None,
        # JSON-LD is written with our context below, from N-Quads the worker writes.
        graph_format="nquads" if fmt.name == "jsonld" else fmt.name,
        row_limit=settings.editor_row_limit if role in (Role.EDITOR, Role.ADMIN) else settings.query_row_limit,
        timeout_s=settings.query_timeout_s,
        allowed_services=tuple(settings.service_allowlist),
    )
    runner: QueryRunner = request.app.state.runner
    outcome = runner.cached(job) or await run_in_threadpool(runner.run, job, started)
    body = outcome.body
    if fmt.name == "jsonld":
        body = _as_jsonld(body)
    # An answer over the row limit never gets here: the runner refuses it (422), it does not cut it short.
    return Response(body, media_type=fmt.media_type, headers=_attachment(f"construct.{fmt.extension}"))


def _as_jsonld(nquads: bytes) -> bytes:
    out = io.BytesIO()
    jsonld.write_triples(out, (q.triple for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)))
    return out.getvalue()


@router.get(CONTEXT_PATH, summary="De JSON-LD-context van de exports", response_class=FileResponse)
def context() -> FileResponse:
    return FileResponse(CONTEXT_FILE, media_type="application/ld+json", headers={"Cache-Control": "max-age=86400"})


@router.get(WELL_KNOWN, summary="Beschrijving van de dataset (VoID en DCAT)")
def description(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    formaat: str | None = None,
) -> Response:
    media = (
        rdf_format(formaat).media_type if formaat else negotiate(request.headers.get("accept"), [*DESCRIPTION_OFFERS])
    )
    if media not in DESCRIPTION_OFFERS:
        raise HttpError(406, "niet-acceptabel", f"De beschrijving is er als {', '.join(DESCRIPTION_OFFERS)}.")
    triples = describe(store, _site(request, settings), list_versions(_versions(settings)))
    fmt = rdf_format(DESCRIPTION_OFFERS[media])
    if fmt.name == "jsonld":
        out = io.BytesIO()
        jsonld.write_triples(out, triples)
        body = out.getvalue()
    else:
        body = ox.serialize(triples, format=fmt.engine, prefixes=DESCRIPTION_PREFIXES) or b""
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


@router.get("/versies", summary="Alle versies (momentopnamen) van de kennisgraaf")
def versions(
    request: Request, settings: Annotated[Settings, Depends(get_settings)], formaat: str | None = None
) -> Response:
    found = list_versions(_versions(settings))
    if _wants_html(request, formaat):
        pairs = list(itertools.pairwise(found))
        return render(request, "versies.html", title=None, versions=found, pairs=pairs, lang=language(request))
    return JSONResponse({"versies": [v.as_dict() for v in found]}, headers={"Vary": "Accept"})


@router.post("/versies", status_code=201, summary="Maak een nieuwe versie (alleen een beheerder)")
def new_version(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    naam: Annotated[str, Body(embed=True)],
    notitie: Annotated[str, Body(embed=True)] = "",
) -> JSONResponse:
    record = admin(request)
    directory = _versions(settings)
    if directory is None:
        raise HttpError(409, "geen-opslag-op-schijf", "Versies kunnen alleen bij een opslag op schijf.")
    version = make_version(store, directory, naam, notitie)
    details = {"naam": version.naam, "triples": version.triples, "sha256": version.sha256}
    log_write(log_path(settings), record.actor, "versie", details)
    return JSONResponse(version.as_dict(), status_code=201, headers={"Location": f"/versies/{version.naam}"})


@router.get("/versies/{name}", summary="Download een versie (precies dezelfde bytes als toen ze gemaakt werd)")
def download(name: str, settings: Annotated[Settings, Depends(get_settings)]) -> FileResponse:
    version, path = get_version(_versions(settings), name)
    return FileResponse(
        path,
        media_type="application/gzip",
        filename=version.file_name,
        headers={"ETag": f'"{version.sha256}"', "X-Sha256": version.sha256},
    )


@router.get("/versies/{older}/{newer}", summary="Wat er veranderde tussen twee versies")
async def compare(
    request: Request,
    older: str,
    newer: str,
    settings: Annotated[Settings, Depends(get_settings)],
    formaat: str | None = None,
) -> Response:
    found = await run_in_threadpool(difference, _versions(settings), older, newer)
    if _wants_html(request, formaat):
        return render(request, "versies_verschil.html", title=None, diff=found, lang=language(request))
    return JSONResponse(found.as_dict(), headers={"Vary": "Accept"})


def _wants_html(request: Request, formaat: str | None) -> bool:
    """HTML for a browser, JSON for a program or with ?formaat=json."""
    if formaat is not None:
        return formaat.lower() == "html"
    return negotiate(request.headers.get("accept"), [JSON, HTML]) == HTML
