"""GET /: what this is, in a few plain sentences, and the ways into the graph."""

import heapq
from collections.abc import Iterable
from itertools import groupby
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from api.views.deps import get_store
from api.views.templating import language, render
from graaf import Store
from graaf.describe import Value, members
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


def _interventions(store: Store, lang: str) -> dict[str, Value]:
    """Every intervention by IRI, with its name: thousands on a large graph, so after a write only the
    things it touched are read again."""
    return cached(
        store,
        ("startpagina-interventies", lang),
        lambda: _read_interventions(store, lang, None),
        lambda old, touched: {
            **{iri: value for iri, value in old.items() if iri not in touched},
            **_read_interventions(store, lang, touched),
        },
    )


def _read_interventions(store: Store, lang: str, among: Iterable[str] | None) -> dict[str, Value]:
    found = members(store, "kern:PersoonsgerichteInterventie", lang, among)
    found += members(store, "kern:Netwerkactiviteit", lang, among)
    return {value.iri: value for value, _ in found if value.iri}


def _read(store: Store, lang: str) -> dict[str, object]:
    interventions = _interventions(store, lang)
    mechanisms = members(store, "kern:Mechanisme", lang)
    # Mechanisms by level (household, network, region); one without a level goes under "–".
    levels = [(level or "–", [m for m, _ in group]) for level, group in groupby(mechanisms, key=lambda m: m[1])]
    found: dict[str, object] = {
        "interventions": heapq.nsmallest(SHOWN_INTERVENTIONS, interventions.values(), key=_by_name),
        "intervention_count": len(interventions),
        "levels": levels,
        "capitals": [c for c, _ in members(store, "kern:Kapitaalvorm", lang)],
        "groups": [g for g, _ in members(store, "kern:Doelgroep", lang)],
        "municipalities": [m for m, _ in members(store, "kern:Gemeente", lang)],
        "triples": len(store),
    }
    return found


def _by_name(value: Value) -> tuple[str, str]:
    return value.text.lower(), value.iri or ""
