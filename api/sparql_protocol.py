"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which graphs.

The three request shapes of the protocol (GET with parameters, POST with a form, POST with the
query or update as body) all become one `ProtocolRequest`; every malformed request is refused here
with the status the protocol asks for. Parameters we do not know (SPARQLWrapper adds `format`,
`output` and `results`) are ignored.
"""

import asyncio
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qs

from fastapi import Request

from api.errors import HttpError

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class ProtocolRequest:
    """One protocol operation. `kind` 'beschrijving' means: no query, answer with the service description."""

    kind: Literal["query", "update", "beschrijving"]
    text: str = ""
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def _bad(message: str) -> HttpError:
    return HttpError(400, "ongeldig-verzoek", message)


def _media_type(header: str | None) -> tuple[str, str | None]:
    """The media type and charset of a Content-Type header."""
    if not header:
        return "", None
    media, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def _decode(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise HttpError(415, "niet-ondersteund-formaat", f"Alleen UTF-8 is toegestaan, niet '{charset}'.")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _bad(f"De inhoud is geen geldige UTF-8: {error.reason} op positie {error.start}.") from error


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise _bad(f"Geef precies één '{name}', niet {len(values)}.")
    return values[0] if values else None


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is larger than `limit` bytes.

    A client that sends its body slower than the settings' body_timeout_s allows gets 408: a body
    trickled in byte by byte ("slow loris") would otherwise hold its request open for ever.
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    timeout_s = request.app.state.settings.body_timeout_s
    data = bytearray()
    try:
        async with asyncio.timeout(timeout_s):
            async for chunk in request.stream():
                data += chunk
                if len(data) > limit:
                    raise _too_large(limit)
    except TimeoutError:
        raise HttpError(
            408,
            "te-traag",
            f"Het verzoek kwam niet binnen {timeout_s:g} seconden helemaal binnen. Stuur het opnieuw, in één keer.",
        ) from None
    return bytes(data)


def _too_large(limit: int) -> HttpError:
    return HttpError(413, "te-groot", f"Het verzoek is groter dan {limit // 1_000_000} MB.")


def _url_params(request: Request) -> dict[str, list[str]]:
    return parse_qs(request.url.query, keep_blank_values=True)


async def read_request(request: Request, limit: int) -> ProtocolRequest:
    """The operation in a GET or POST request to the endpoint."""
    url = _url_params(request)
    if request.method in ("GET", "HEAD"):
        if "update" in url:
            raise _bad("Een update kan alleen met POST, niet met GET.")
        query = _single(url, "query")
        if query is None:
            return ProtocolRequest("beschrijving")
        return ProtocolRequest("query", query, url.get("default-graph-uri", []), url.get("named-graph-uri", []))
    media, charset = _media_type(request.headers.get("content-type"))
    if media not in (FORM, QUERY, UPDATE):
        shown = media or "geen"
        raise HttpError(
            415,
            "niet-ondersteund-formaat",
            f"Content-Type '{shown}' kan hier niet. Stuur {FORM}, {QUERY} of {UPDATE}.",
        )
    text = _decode(await read_body(request, limit), charset)
    if media == FORM:
        form = parse_qs(text, keep_blank_values=True)
        params = {name: url.get(name, []) + form.get(name, []) for name in set(url) | set(form)}
        query, update = _single(params, "query"), _single(params, "update")
        if query is not None and update is not None:
            raise _bad("Geef een query óf een update, niet allebei.")
        if query is None and update is None:
            raise _bad("Het formulier heeft geen 'query' en geen 'update'.")
    else:
        if "query" in url or "update" in url:
            raise _bad("Geef de query of update óf in de inhoud óf in het adres, niet allebei.")
        params = url
        query, update = (text, None) if media == QUERY else (None, text)
    if update is not None:
        using, using_named = params.get("using-graph-uri", []), params.get("using-named-graph-uri", [])
        return ProtocolRequest("update", update, using, using_named)
    assert query is not None
    return ProtocolRequest("query", query, params.get("default-graph-uri", []), params.get("named-graph-uri", []))
