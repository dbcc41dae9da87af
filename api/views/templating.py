"""Rendering the HTML pages: one Jinja environment, the reader's language and the site's own words."""

from functools import lru_cache

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.views.query_page import TEMPLATES
from ontologie.namespaces import id_base

# The site's own words; the data brings its own labels in both languages.
WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "site": "Kennisgraaf Generatiearmoede",
        "skip": "Naar de inhoud",
        "home": "Home",
        "interventions": "Interventies",
        "mechanisms": "Mechanismen",
        "capitals": "Kapitaalvormen",
        "places": "Plaatsen",
        "sources": "Bronnen",
        "no_sources": "Voor dit ding staat geen bron in de graaf.",
        "kind": "Soort",
        "links_here": "Wat hiernaar verwijst",
        "effects": "Effecten en bewijs",
        "works_on": "Werkt op",
        "source": "bron",
        "section": "sectie",
        "level": "Bewijsniveau",
        "knowledge": "Kennisbron",
        "citation": "Bronvermelding",
        "unknown": "onbekend",
        "related": "Verwante interventies",
        "warnings": "Let op",
        "working_on_this": "Interventies die hierop werken",
        "not_found": "Niet gevonden",
        "not_found_text": "Dit staat niet in de kennisgraaf. Misschien is het adres verkeerd, of is het weggehaald.",
        "back_home": "Terug naar de startpagina",
        "data": "Deze gegevens als RDF",
    },
    "en": {
        "site": "Knowledge Graph Intergenerational Poverty",
        "skip": "Skip to content",
        "home": "Home",
        "interventions": "Interventions",
        "mechanisms": "Mechanisms",
        "capitals": "Forms of capital",
        "places": "Places",
        "sources": "Sources",
        "no_sources": "The graph names no source for this thing.",
        "kind": "Kind",
        "links_here": "What links here",
        "effects": "Effects and evidence",
        "works_on": "Works on",
        "source": "source",
        "section": "section",
        "level": "Level of evidence",
        "knowledge": "Knowledge source",
        "citation": "Citation",
        "unknown": "unknown",
        "related": "Related interventions",
        "warnings": "Watch out",
        "working_on_this": "Interventions that work on this",
        "not_found": "Not found",
        "not_found_text": "This thing is not in the knowledge graph. The address may be wrong, or it was removed.",
        "back_home": "Back to the home page",
        "data": "This data as RDF",
    },
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
