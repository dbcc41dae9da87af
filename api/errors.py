"""One place that turns errors into HTTP answers: JSON for programs, with a Dutch message for people."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from graaf.errors import (
    GraafError,
    ParseError,
    QuerySyntaxError,
    RefusedOperation,
    StoreUnavailable,
    UnknownFormat,
)

STATUS: dict[type[GraafError], int] = {
    ParseError: 400,
    QuerySyntaxError: 400,
    RefusedOperation: 400,
    UnknownFormat: 406,
    StoreUnavailable: 503,
}


class HttpError(GraafError):
    """An error that belongs to HTTP itself (wrong method, unacceptable Accept header, ...)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def status_for(error: GraafError) -> int:
    if isinstance(error, HttpError):
        return error.status
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


async def _handle(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, GraafError)
    return JSONResponse({"fout": error.as_dict()}, status_code=status_for(error))


def install(app: FastAPI) -> None:
    """Register the handler on the base class; Starlette finds it for every subclass."""
    app.add_exception_handler(GraafError, _handle)
