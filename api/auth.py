"""Who is calling: nobody in particular (no token), or the role of a valid `Authorization: Bearer` token."""

from fastapi import Request

from api.errors import HttpError
from graaf.storage.tokens import Role, TokenRecord, TokenStore

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="kennisgraaf"'}


def caller_role(request: Request) -> Role | None:
    """The role of the caller's token; None without a token. An unknown token is an error, never ignored."""
    record = caller(request)
    return None if record is None else record.role


def caller(request: Request) -> TokenRecord | None:
    """The record of the caller's token (role, id, name: who writes); None without a token."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HttpError(401, "niet-aangemeld", "Stuur een token als 'Authorization: Bearer <token>'.", _CHALLENGE)
    tokens: TokenStore = request.app.state.tokens
    record = tokens.record_for(token.strip())
    if record is None:
        raise HttpError(401, "ongeldig-token", "Dit token is onbekend of ingetrokken.", _CHALLENGE)
    return record


def require_writer(role: Role | None) -> None:
    """Refuse a caller who may not change the graph: 401 without a token, 403 with a reader's token."""
    allowed = role is not None and role.may_write
    _require(role, allowed, "Alleen een redacteur mag de graaf veranderen.", "de graaf niet veranderen")


def require_admin(role: Role | None) -> None:
    """Refuse a caller who is not an admin ('beheerder'): only an admin may drop graphs or make snapshots."""
    allowed = role is not None and role.may_administer
    _require(role, allowed, "Alleen een beheerder mag dit.", "dit niet; alleen een beheerder")


def writer(request: Request) -> TokenRecord:
    """The token of a caller who may change the graph (its id goes into the write log); 401/403 otherwise."""
    record = caller(request)
    require_writer(None if record is None else record.role)
    assert record is not None
    return record


def admin(request: Request) -> TokenRecord:
    """The token of an admin; 401/403 otherwise."""
    record = caller(request)
    require_admin(None if record is None else record.role)
    assert record is not None
    return record


def _require(role: Role | None, allowed: bool, who: str, not_this: str) -> None:
    if role is None:
        message = f"{who} Stuur een token als 'Authorization: Bearer <token>'."
        raise HttpError(401, "niet-aangemeld", message, _CHALLENGE)
    if not allowed:
        raise HttpError(403, "geen-toegang", f"Een token met de rol '{role.value}' mag {not_this}.")
