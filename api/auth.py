"""Who is calling: nobody in particular (no token), or the role of a valid `Authorization: Bearer` token."""

from fastapi import Request

from api.errors import HttpError
from graaf.tokens import Role, TokenRecord, TokenStore

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
    if role is None:
        raise HttpError(
            401,
            "niet-aangemeld",
            "Alleen een redacteur mag de graaf veranderen. Stuur een token als 'Authorization: Bearer <token>'.",
            _CHALLENGE,
        )
    if not role.may_write:
        raise HttpError(403, "geen-toegang", f"Een token met de rol '{role.value}' mag de graaf niet veranderen.")


def require_admin(role: Role | None) -> None:
    """Refuse a caller who is not an admin ('beheerder'): only an admin may drop graphs or make snapshots."""
    if role is None:
        raise HttpError(
            401,
            "niet-aangemeld",
            "Alleen een beheerder mag dit. Stuur een token als 'Authorization: Bearer <token>'.",
            _CHALLENGE,
        )
    if not role.may_administer:
        raise HttpError(403, "geen-toegang", f"Een token met de rol '{role.value}' mag dit niet; alleen een beheerder.")
