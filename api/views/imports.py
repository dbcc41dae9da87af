"""/api/importeer: import RDF or the spreadsheet template (editor), undo an import (admin), list imports.

The work is done by graaf.imports, the same code as `kennisgraaf importeer`. This module only reads
the request (a raw body with its Content-Type, or multipart with one or more files), checks the
caller's role and turns refusals into the JSON error shape of api.errors.
"""

from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.auth import admin, writer
from api.errors import HttpError
from api.sparql_protocol import read_body
from api.views.deps import get_settings, get_store
from graaf import Settings, Store
from graaf.imports import (
    Actor,
    Source,
    default_name,
    import_history,
    log_path,
    run_import,
    source_kind,
    undo_import,
)
from graaf.storage.errors import UnknownFormat
from graaf.storage.tokens import Role, TokenRecord
from validatie import ShaclValidator

router = APIRouter(tags=["importeren"])

_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/ld+json",
    "application/rdf+xml",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "multipart/form-data",
)
_BODY = {"requestBody": {"required": True, "content": {t: {"schema": {"type": "string"}} for t in _TYPES}}}


@router.post(
    "/api/importeer",
    summary="Importeer een RDF-bestand of het spreadsheetsjabloon (redacteur)",
    description="Stuur het bestand als body met het juiste Content-Type, of als multipart/form-data (ook "
    "meer bestanden, zoals interventies.csv, effecten.csv en bewijs.csv samen). Alles komt in de graaf "
    "<basis>/id/graaf/import/<naam>; dezelfde naam nog eens vervangt die graaf. Met droog=1 wordt niets "
    "opgeslagen. Fouten: 413 te groot, 415 onbekend formaat, 422 fouten in rijen of regels (alle, met plaats).",
    openapi_extra=_BODY,
)
async def import_file(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    naam: Annotated[str | None, Query(description="Naam van de import (standaard uit de bestandsnaam).")] = None,
    droog: Annotated[bool, Query(description="Alleen laten zien wat er zou veranderen.")] = False,
    formaat: Annotated[str | None, Query(description="Formaat, als het Content-Type het niet zegt.")] = None,
    taal: Annotated[str, Query(pattern="^(nl|en)$", description="Taal van de meldingen.")] = "nl",
) -> JSONResponse:
    record = writer(request)
    data = await read_body(request, settings.import_max_bytes)
    content_type = request.headers.get("content-type") or ""
    # Reading a multipart body is pure Python (seconds for 20 MB): in a thread, so other requests go on.
    sources = await run_in_threadpool(_sources, content_type, data, formaat)
    if naam is None and not content_type.lower().startswith("multipart/"):
        # A raw body has no file name; a made-up default would let two uploads replace each other.
        raise HttpError(400, "naam-ontbreekt", "Geef de import een naam met ?naam=, bijvoorbeeld ?naam=studie-pekela.")
    name = naam or default_name(sources[0].name)
    outcome = await run_in_threadpool(
        run_import,
        store,
        sources,
        name=name,
        base=settings.base_iri,
        actor=_actor(record),
        checker=ShaclValidator(bounded=True),
        dry_run=droog,
        log=log_path(settings),
    )
    return JSONResponse(outcome.as_dict(taal), status_code=200 if droog else 201)


@router.delete("/api/importeer/{naam}", summary="Maak een import ongedaan (beheerder)")
async def undo(
    naam: str,
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> JSONResponse:
    record = admin(request)
    count = await run_in_threadpool(
        undo_import,
        store,
        naam,
        base=settings.base_iri,
        actor=_actor(record),
        log=log_path(settings),
        checker=ShaclValidator(),
    )
    return JSONResponse({"naam": naam, "verwijderd": count})


@router.get("/api/importeer", summary="Alle imports, met wie ze deed, wanneer en uit welk bestand (PROV)")
async def imports(
    store: Annotated[Store, Depends(get_store)], settings: Annotated[Settings, Depends(get_settings)]
) -> JSONResponse:
    return JSONResponse({"importen": import_history(store, settings.base_iri)})


def _actor(record: TokenRecord) -> Actor:
    return Actor(record.actor, record.name or record.role.value, admin=record.role == Role.ADMIN)


def _sources(content_type: str, data: bytes, declared: str | None) -> list[Source]:
    """The files in the body: one raw file, or every file part of a multipart body."""
    if content_type.lower().startswith("multipart/form-data"):
        parts = _parts(content_type, data)
        if not parts:
            raise HttpError(400, "geen-bestand", "Er zit geen bestand in dit verzoek.")
        return [_source(name, part_type, body, declared) for name, part_type, body in parts]
    if not data:
        raise HttpError(400, "geen-bestand", "Het verzoek is leeg: stuur een bestand.")
    return [_source("upload", content_type, data, declared)]


def _source(name: str, content_type: str, data: bytes, declared: str | None) -> Source:
    # A file's own extension beats the type a browser guessed for it (.csv often arrives as
    # application/vnd.ms-excel); ?formaat= beats both.
    hint = declared or (None if "." in name else content_type)
    try:
        kind = source_kind(name, hint)
    except UnknownFormat as error:
        raise HttpError(415, "niet-ondersteund-formaat", error.message) from error
    return Source(name, data, kind)


def _parts(content_type: str, data: bytes) -> list[tuple[str, str, bytes]]:
    """(file name, content type, bytes) of each file in a multipart/form-data body."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + data
    )
    if not message.is_multipart():
        raise HttpError(400, "ongeldig-verzoek", "Dit multipart-verzoek is niet te lezen.")
    found = []
    for part in message.iter_parts():  # type: ignore[attr-defined]
        assert isinstance(part, Message)
        file_name = part.get_filename()
        if file_name is None:
            continue  # a plain form field, not a file
        payload = part.get_payload(decode=True)
        found.append((file_name, part.get_content_type(), payload if isinstance(payload, bytes) else b""))
    return found
