"""POST /valideer: check an uploaded RDF file against the rules and the current graph, store nothing."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from api.errors import HttpError
from api.sparql_protocol import read_body
from api.views.deps import get_settings, get_store
from graaf import Settings, Store
from graaf.errors import UnknownFormat
from graaf.formats import rdf_format
from ontologie.namespaces import id_base
from validatie import validate_files
from validatie.files import Upload

router = APIRouter()


@router.post(
    "/valideer",
    summary="Valideer een RDF-bestand zonder het op te slaan",
    description="Stuur het bestand als body met het juiste Content-Type (bijvoorbeeld text/turtle). "
    "Het antwoord is een rapport met alle bevindingen; er wordt niets opgeslagen.",
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
    data = await read_body(request, settings.upload_limit_bytes)
    upload = Upload("upload", data, fmt, id_base(settings.base_iri) + "graaf/upload")
    report, _ = validate_files(store, [upload])
    return JSONResponse(report.as_dict(taal))
