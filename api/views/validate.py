"""POST /valideer: check an uploaded RDF file against the rules and the current graph, store nothing."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.errors import HttpError
from api.limits import limiter
from api.sparql_protocol import read_body
from api.views.deps import get_settings, get_store
from graaf import Settings, Store
from graaf.storage.errors import UnknownFormat
from graaf.storage.formats import rdf_format
from ontologie.namespaces import id_base
from validatie import validate_files
from validatie.files import PARSE_RULE, Upload

router = APIRouter()


@router.post(
    "/valideer",
    summary="Valideer een RDF-bestand zonder het op te slaan",
    description="Stuur het bestand als body met het juiste Content-Type (bijvoorbeeld text/turtle). "
    "Het antwoord is een rapport met alle bevindingen; er wordt niets opgeslagen. Zonder token geldt een "
    "grens per client (429 met Retry-After); een bestand dat te veel geheugen of tijd vraagt, krijgt 413 of 503; "
    "een bestand dat geen RDF is (of een DOCTYPE heeft), krijgt 400 met het rapport.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {t: {"schema": {"type": "string"}} for t in ("text/turtle", "application/n-triples")},
        }
    },
)
async def validate(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    formaat: Annotated[str | None, Query(description="Formaat, als het Content-Type het niet zegt.")] = None,
    taal: Annotated[str, Query(pattern="^(nl|en)$", description="Taal van de meldingen.")] = "nl",
) -> JSONResponse:
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
    try:
        fmt = rdf_format(formaat or content_type)
    except UnknownFormat as error:
        raise HttpError(415, "niet-ondersteund-formaat", error.message) from error
    async with limiter(request).slot(request):
        data = await read_body(request, settings.upload_limit_bytes)
        upload = Upload("upload", data, fmt, id_base(settings.base_iri) + "graaf/upload")
        # Off the event loop: the parse and the validation wait on a bounded worker (graaf.storage.bounded).
        report, _ = await run_in_threadpool(validate_files, store, [upload])
    body = report.as_dict(taal)
    unreadable = next((f for f in report.findings if f.shape == PARSE_RULE), None)
    if unreadable is not None:  # not a file with mistakes but no RDF at all: the request itself is wrong
        body["fout"] = {"code": "ongeldig-rdf", "melding": unreadable.messages.get(taal) or unreadable.messages["nl"]}
        return JSONResponse(body, status_code=400)
    return JSONResponse(body)
