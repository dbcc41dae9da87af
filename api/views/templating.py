"""Rendering the HTML pages: one Jinja environment, the reader's language and the site's own words."""

from functools import lru_cache

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.views.query_page import TEMPLATES
from api.views.words import WORDS
from ontologie.namespaces import id_base

# A picture opened on its own is a document on our origin: it must never run anything (labels come from
# the graph). The language picks its words.
SVG_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Vary": "Accept-Language",
}


def language(request: Request) -> str:
    """English when the browser puts English before Dutch in Accept-Language; Dutch otherwise."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in WORDS and q > 0:
            choices.append((q, -position, primary))
    return max(choices)[2] if choices else "nl"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
    lang = context.pop("lang", None) or language(request)
    ids = id_base(request.app.state.settings.base_iri)

    def href(iri: str | None) -> str | None:
        """The /doc/ page on this server for an IRI of ours; the IRI itself for others on the web."""
        if not iri:
            return None
        if iri.startswith(ids):
            return "/doc/" + iri[len(ids) :]
        return iri if iri.startswith(("http://", "https://")) and "/def/" not in iri else None

    page = _environment().get_template(template).render(lang=lang, t=WORDS[str(lang)], href=href, **context)
    return HTMLResponse(page, status_code=status, headers={"Vary": "Accept, Accept-Language"})
