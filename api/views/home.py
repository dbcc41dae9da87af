"""GET /: what this is, in a few plain sentences, and the ways into the graph."""

from itertools import groupby
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from api.views.deps import get_store
from api.views.templating import language, render
from graaf import Store
from graaf.describe import members
from graaf.storage.versioned import cached

router = APIRouter()
# A region's own list fits on the page; a graph with thousands of interventions (18,000 links at 1M
# triples made the page 2 MB) shows the first ones and leads to the list with filters for the rest.
SHOWN_INTERVENTIONS = 60


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, store: Annotated[Store, Depends(get_store)]) -> HTMLResponse:
    lang = language(request)
    return render(request, "home.html", lang=lang, title=None, **overview(store, lang))


def overview(store: Store, lang: str) -> dict[str, object]:
    """What the home page shows, read once per store version: on a large graph reading every intervention
    and counting every triple takes seconds, and the home page is the most visited page."""
    return cached(store, ("startpagina", lang), lambda: _read(store, lang))


def _read(store: Store, lang: str) -> dict[str, object]:
    interventions = members(store, "kern:PersoonsgerichteInterventie", lang) + members(
        store, "kern:Netwerkactiviteit", lang
    )
    mechanisms = members(store, "kern:Mechanisme", lang)
    # Mechanisms by level (household, network, region); one without a level goes under "–".
    levels = [(level or "–", [m for m, _ in group]) for level, group in groupby(mechanisms, key=lambda m: m[1])]
    found: dict[str, object] = {
        "interventions": sorted((i for i, _ in interventions), key=lambda v: v.text.lower())[:SHOWN_INTERVENTIONS],
        "intervention_count": len(interventions),
        "levels": levels,
        "capitals": [c for c, _ in members(store, "kern:Kapitaalvorm", lang)],
        "groups": [g for g, _ in members(store, "kern:Doelgroep", lang)],
        "municipalities": [m for m, _ in members(store, "kern:Gemeente", lang)],
        "triples": len(store),
    }
    return found
