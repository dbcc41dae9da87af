"""Signing in and out, and accepting an invitation: the only pages that make or end a session."""

from typing import Annotated
from urllib.parse import quote

from asgi_csrf import Errors
from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from starlette.types import Scope, Send

from api.signed_in import account, clear_session_cookie, csrf_token, set_session_cookie
from api.views.templating import language, render
from graaf.storage.accounts import AccountError, AccountStore

router = APIRouter(include_in_schema=False)


def _safe_back(back: str) -> str:
    """Only a path on this site: never send someone on to another site after signing in."""
    return back if back.startswith("/") and not back.startswith("//") and "\\" not in back else "/bijdragen"


def message(
    request: Request,
    status: int,
    title: tuple[str, str],
    lines: list[tuple[str, str]],
    *,
    problem: bool = True,
    next_href: str = "",
    next_text: tuple[str, str] = ("", ""),
) -> Response:
    """A short page that says what happened and what to do next; each text is a pair (English, Dutch)."""
    pick = 0 if language(request) == "en" else 1
    return render(
        request,
        "melding.html",
        status,
        title=title[pick],
        lines=[line[pick] for line in lines],
        problem=problem,
        next_href=next_href,
        next_text=next_text[pick],
    )


@router.get("/inloggen")
def sign_in_page(request: Request, terug: str = "/bijdragen") -> Response:
    en = language(request) == "en"
    who, _ = account(request)
    if who is not None:
        return RedirectResponse(_safe_back(terug), status_code=303)
    return _form(request, en, back=_safe_back(terug))


def _form(request: Request, en: bool, *, back: str, problem: str = "", user: str = "", status: int = 200) -> Response:
    return render(
        request,
        "inloggen.html",
        status,
        title="Sign in" if en else "Inloggen",
        action="/inloggen",
        button="Sign in" if en else "Inloggen",
        csrf=csrf_token(request),
        back=back,
        problem=problem,
        user=user,
        invitation=None,
    )


@router.post("/inloggen")
def sign_in(
    request: Request,
    gebruiker: Annotated[str, Form(max_length=200)] = "",
    wachtwoord: Annotated[str, Form(max_length=1000)] = "",
    terug: Annotated[str, Form(max_length=500)] = "/bijdragen",
) -> Response:
    en = language(request) == "en"
    store: AccountStore = request.app.state.accounts
    outcome = store.sign_in(gebruiker, wachtwoord, request.client.host if request.client else "")
    if outcome.locked:
        problem = (
            "Too many wrong passwords for this user name. Try again in 15 minutes."
            if en
            else "Te vaak een verkeerd wachtwoord voor deze gebruikersnaam. Probeer het over 15 minuten opnieuw."
        )
        return _form(request, en, back=_safe_back(terug), problem=problem, user=gebruiker, status=429)
    if outcome.account is None:
        problem = (
            "This user name and password do not match. Check both and try again."
            if en
            else "Deze gebruikersnaam en dit wachtwoord horen niet bij elkaar. Kijk beide na en probeer het opnieuw."
        )
        return _form(request, en, back=_safe_back(terug), problem=problem, user=gebruiker, status=401)
    token = store.start_session(outcome.account)
    response = RedirectResponse(_safe_back(terug), status_code=303)
    set_session_cookie(response, token, request, store.session_hours)
    return response


@router.post("/uitloggen")
def sign_out(request: Request) -> Response:
    token = request.cookies.get("kg_sessie")
    if token:
        request.app.state.accounts.end_session(token)
    response = message(
        request,
        200,
        ("Signed out", "Uitgelogd"),
        [("You are signed out.", "U bent uitgelogd.")],
        problem=False,
        next_href="/",
        next_text=("To the home page", "Naar de startpagina"),
    )
    clear_session_cookie(response, request)
    return response


@router.get("/uitnodiging/{token}")
def invitation_page(request: Request, token: str) -> Response:
    en = language(request) == "en"
    store: AccountStore = request.app.state.accounts
    invited = store.invitation(token)
    if invited is None:
        return _unknown_invitation(request)
    return _invitation_form(request, en, token, invited.name, invited.role.value)


def _invitation_form(request: Request, en: bool, token: str, name: str, role: str, problem: str = "") -> Response:
    return render(
        request,
        "inloggen.html",
        422 if problem else 200,
        title="Choose your password" if en else "Kies uw wachtwoord",
        action=f"/uitnodiging/{quote(token)}",
        button="Save and sign in" if en else "Opslaan en inloggen",
        csrf=csrf_token(request),
        back="/bijdragen",
        problem=problem,
        user="",
        invitation={"name": name, "role": role},
    )


def _unknown_invitation(request: Request) -> Response:
    return message(
        request,
        404,
        ("Invitation not valid", "Uitnodiging niet geldig"),
        [
            (
                "This invitation is unknown, already used or expired. Ask the administrator for a new one.",
                "Deze uitnodiging is onbekend, al gebruikt of verlopen. Vraag de beheerder om een nieuwe.",
            )
        ],
    )


@router.post("/uitnodiging/{token}")
def accept_invitation(request: Request, token: str, wachtwoord: Annotated[str, Form(max_length=1000)] = "") -> Response:
    en = language(request) == "en"
    store: AccountStore = request.app.state.accounts
    invited = store.invitation(token)
    if invited is None:
        return _unknown_invitation(request)
    try:
        person = store.accept(token, wachtwoord)
    except AccountError as error:
        problem = "Choose a password of at least 10 characters." if en else str(error)
        return _invitation_form(request, en, token, invited.name, invited.role.value, problem)
    response = RedirectResponse("/bijdragen", status_code=303)
    set_session_cookie(response, store.start_session(person), request, store.session_hours)
    return response


async def csrf_refused(scope: Scope, send: Send, error: Errors) -> None:
    """asgi-csrf's refusal as a page: the form is old or came from elsewhere; nothing was saved."""
    request = Request(scope)
    response = message(
        request,
        403,
        ("Form not accepted", "Formulier niet aangenomen"),
        [
            (
                "This form could not be checked (it is old, or it came from another site). Nothing was saved.",
                "Dit formulier kon niet worden gecontroleerd (het is oud, of het kwam van een andere site). Er is "
                "niets opgeslagen.",
            ),
            ("Go back, reload the page and try again.", "Ga terug, laad de pagina opnieuw en probeer het nog eens."),
        ],
    )
    await response(scope, _no_receive, send)


async def _no_receive() -> dict[str, object]:
    return {"type": "http.disconnect"}
