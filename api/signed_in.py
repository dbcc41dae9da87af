"""Who is signed in with a browser: the session cookie, its account, and CSRF protection for forms.

A session cookie only ever opens the browser's own pages (/bijdragen, /inloggen, ...): the API and
/sparql keep looking at `Authorization: Bearer` alone, so a cookie can never be used to write through
them from another site. The forms are protected against cross-site requests by asgi-csrf (Simon
Willison's middleware, also used by Datasette): a signed token in a cookie that each form must send
back. The secret that signs it lives next to the store, so several server processes agree on it.
"""

import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path

from asgi_csrf import Errors, asgi_csrf
from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from graaf.storage.accounts import Account, AccountStore
from graaf.storage.private_files import write_private
from graaf.storage.settings import Settings

COOKIE = "kg_sessie"
CSRF_COOKIE = "kg_csrf"
CSRF_FIELD = "csrftoken"
# The browser's own pages with forms: only these read the session cookie and need the CSRF token.
FORM_PATHS = ("/inloggen", "/uitloggen", "/uitnodiging", "/bijdragen")


def accounts_file(settings: Settings) -> Path | None:
    return None if settings.in_memory else Path(settings.store_path.rstrip("/") + ".accounts.json")


def proposals_dir(settings: Settings) -> Path | None:
    return None if settings.in_memory else Path(settings.store_path.rstrip("/") + ".voorstellen")


def _secret(settings: Settings) -> str:
    """One secret per store, made once and kept with mode 0600; a store in memory gets one per start."""
    if settings.in_memory:
        return secrets.token_hex(32)
    path = Path(settings.store_path.rstrip("/") + ".geheim")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


def account(request: Request) -> tuple[Account | None, bool]:
    """The signed-in account, and whether a session cookie was sent that has run out."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None, False
    store: AccountStore = request.app.state.accounts
    return store.session(token)


def csrf_token(request: Request) -> str:
    """The token a form must send back; asgi-csrf puts a function for it in the request scope."""
    make = request.scope.get("csrftoken")
    return make() if callable(make) else ""


def set_session_cookie(response: Response, token: str, request: Request, hours: float) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(hours * 3600),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https")


Refusal = Callable[[Scope, Send, Errors], Awaitable[None]]


def _unguardable(scope: Scope) -> bool:
    """A form post that asgi-csrf would wave through unchecked, or fail on with a server error.

    It skips its check for a request with an Authorization header or without any cookie (but for
    the exact paths of always_protect, and an invitation's path holds its token), and it cannot
    read a multipart body whose Content-Type lacks "; boundary=". The forms need none of these.
    """
    if scope.get("method") != "POST":
        return False
    headers = dict(scope.get("headers") or [])
    if b"authorization" in headers:
        return True
    if str(scope.get("path", "")).startswith("/uitnodiging/") and b"cookie" not in headers:
        return True
    kind = headers.get(b"content-type", b"")
    return kind.lower().startswith(b"multipart/form-data") and b"; boundary=" not in kind


def protect(app: ASGIApp, settings: Settings, refusal: Refusal) -> ASGIApp:
    """Wrap the app in asgi-csrf for the form pages; everything else passes untouched."""

    def skip(scope: Scope) -> bool:
        return not str(scope.get("path", "")).startswith(FORM_PATHS)

    def wrapped(secure: bool) -> ASGIApp:
        return asgi_csrf(
            app,
            signing_secret=secret,
            cookie_name=CSRF_COOKIE,
            # Also without any cookie (a first visit that posts straight to the sign-in form): refuse.
            always_protect={"/inloggen", "/uitloggen"},
            skip_if_scope=skip,
            cookie_secure=secure,
            cookie_samesite="Lax",
            send_csrf_failed=refusal,
        )

    # asgi-csrf takes one Secure flag for all requests; two instances with one secret give the cookie
    # the flag over HTTPS, as the session cookie gets it, and still work over plain HTTP on 127.0.0.1.
    secret = _secret(settings)
    plain, over_https = wrapped(False), wrapped(True)

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or skip(scope):
            await app(scope, receive, send)
            return
        if _unguardable(scope):
            await refusal(scope, send, Errors.UNKNOWN_CONTENT_TYPE)
            return
        protected = over_https if scope.get("scheme") == "https" else plain
        try:
            await protected(scope, receive, send)
        except UnicodeDecodeError:  # asgi-csrf reads the form as UTF-8 before any view can refuse it
            await refusal(scope, send, Errors.UNKNOWN_CONTENT_TYPE)

    return guarded
