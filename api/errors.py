"""One place that turns errors into HTTP answers: JSON for programs, with a Dutch message for people."""

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graaf.storage.errors import (
    BadRequest,
    Conflict,
    GraafError,
    NotAcceptable,
    NotAllowed,
    NotFound,
    TooLarge,
    Unavailable,
    Unprocessable,
)

# One status per kind of error (graaf/storage/errors.py); an error of no kind is a fault of ours: 500.
STATUS: dict[type[GraafError], int] = {
    BadRequest: 400,
    NotAllowed: 403,
    NotFound: 404,
    NotAcceptable: 406,
    Conflict: 409,
    TooLarge: 413,
    Unprocessable: 422,
    Unavailable: 503,
}


class HttpError(GraafError):
    """An error that belongs to HTTP itself (wrong method, unacceptable Accept header, ...)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.headers = headers


def status_for(error: GraafError) -> int:
    if isinstance(error, HttpError):
        return error.status
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


async def _handle(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, GraafError)
    headers = error.headers if isinstance(error, HttpError) else None
    return JSONResponse({"fout": error.as_dict()}, status_code=status_for(error), headers=headers)


_HTTP_CODES = {404: "niet-gevonden", 405: "methode-niet-toegestaan"}
_HTTP_MESSAGES = {"Not Found": "Dit adres bestaat niet.", "Method Not Allowed": "Deze methode kan hier niet."}


async def _http_error(_: Request, error: Exception) -> JSONResponse:
    """Starlette's own errors (unknown address, wrong method) in the same shape as ours."""
    assert isinstance(error, StarletteHTTPException)
    code = _HTTP_CODES.get(error.status_code, "http-fout")
    message = _HTTP_MESSAGES.get(str(error.detail), str(error.detail))
    return JSONResponse(
        {"fout": {"code": code, "melding": message}}, status_code=error.status_code, headers=error.headers
    )


# Pydantic words its problems in English ("Extra inputs are not permitted"); people read Dutch. Keyed by
# pydantic's stable error type, which the answer also gives (`soort`) for programs.
_PROBLEMS = {
    "missing": "Dit veld ontbreekt.",
    "extra_forbidden": "Dit veld is onbekend; zie /docs voor de velden die er zijn.",
    "string_type": "Dit moet tekst zijn.",
    "int_type": "Dit moet een geheel getal zijn.",
    "int_parsing": "Dit moet een geheel getal zijn.",
    "int_from_float": "Dit moet een geheel getal zijn, zonder decimalen.",
    "float_type": "Dit moet een getal zijn.",
    "float_parsing": "Dit moet een getal zijn.",
    "bool_type": "Dit moet true of false zijn.",
    "bool_parsing": "Dit moet true of false zijn.",
    "list_type": "Dit moet een lijst zijn.",
    "dict_type": "Dit moet een object zijn, met velden tussen { }.",
    "model_type": "Dit moet een object zijn, met velden tussen { }.",
    "model_attributes_type": "Dit moet een object zijn, met velden tussen { }.",
    "json_invalid": "Dit is geen geldige JSON.",
    "json_type": "Dit is geen geldige JSON.",
    "literal_error": "Kies een van deze waarden: {expected}.",
    "enum": "Kies een van deze waarden: {expected}.",
    "string_too_short": "Dit is te kort: minstens {min_length} tekens.",
    "string_too_long": "Dit is te lang: hoogstens {max_length} tekens.",
    "too_short": "Dit is te kort: minstens {min_length} waarden.",
    "too_long": "Dit is te lang: hoogstens {max_length} waarden.",
    "greater_than": "Dit moet groter zijn dan {gt}.",
    "greater_than_equal": "Dit moet minstens {ge} zijn.",
    "less_than": "Dit moet kleiner zijn dan {lt}.",
    "less_than_equal": "Dit mag hoogstens {le} zijn.",
    "string_pattern_mismatch": "Dit heeft niet de goede vorm.",
}


def _problem(problem: Mapping[str, Any]) -> dict[str, str]:
    kind = str(problem.get("type", ""))
    if kind == "value_error":  # raised by our own validators, which already speak Dutch
        message = str(problem.get("msg", "")).removeprefix("Value error, ")
    else:
        context = {key: str(value) for key, value in (problem.get("ctx") or {}).items()}
        try:
            message = _PROBLEMS.get(kind, "Deze waarde is niet geldig.").format(**context)
        except (KeyError, IndexError):
            message = "Deze waarde is niet geldig."
    return {"veld": ".".join(str(p) for p in problem.get("loc", ())[1:]), "soort": kind, "melding": message}


async def _invalid_request(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [_problem(problem) for problem in error.errors()]
    fields = ", ".join(p["veld"] or "body" for p in problems)
    body = {"fout": {"code": "ongeldige-invoer", "melding": f"Ongeldige invoer bij: {fields}.", "velden": problems}}
    return JSONResponse(body, status_code=422)


def install(app: FastAPI) -> None:
    """Register the handler on the base class; Starlette finds it for every subclass."""
    app.add_exception_handler(GraafError, _handle)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, _http_error)
