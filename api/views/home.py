"""GET /: what this is, in a few plain sentences, and the ways into the graph."""

import threading
import weakref
from itertools import groupby
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from api.views.deps import get_store
from api.views.templating import language, render
from graaf import Store
from graaf.describe import members

router = APIRouter()
# What the home page shows, per store and language, for one store version: on a large graph reading every
# intervention and counting every triple takes seconds, and the home page is the most visited page.
_LOCK = threading.Lock()
_CACHE: "weakref.WeakKeyDictionary[Store, dict[str, tuple[int, dict[str, object]]]]" = weakref.WeakKeyDictionary()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, store: Annotated[Store, Depends(get_store)]) -> HTMLResponse:
    lang = language(request)
    return render(request, "home.html", lang=lang, title=None, **_overview(store, lang))


def _overview(store: Store, lang: str) -> dict[str, object]:
    version = store.version
    with _LOCK:
        kept = _CACHE.get(store, {}).get(lang)
    if kept is not None and kept[0] == version:
        return kept[1]
    interventions = members(store, "kern:PersoonsgerichteInterventie", lang) + members(
        store, "kern:Netwerkactiviteit", lang
    )
    mechanisms = members(store, "kern:Mechanisme", lang)
    # Mechanisms by level (household, network, region); one without a level goes under "–".
    levels = [(level or "–", [m for m, _ in group]) for level, group in groupby(mechanisms, key=lambda m: m[1])]
    overview: dict[str, object] = {
        "interventions": sorted((i for i, _ in interventions), key=lambda v: v.text.lower()),
        "levels": levels,
        "capitals": [c for c, _ in members(store, "kern:Kapitaalvorm", lang)],
        "groups": [g for g, _ in members(store, "kern:Doelgroep", lang)],
        "municipalities": [m for m, _ in members(store, "kern:Gemeente", lang)],
        "triples": len(store),
    }
    with _LOCK:
        _CACHE.setdefault(store, {})[lang] = (version, overview)
    return overview
