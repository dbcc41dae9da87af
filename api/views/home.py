"""GET /: what this is, in a few plain sentences, and the ways into the graph."""

from itertools import groupby
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from api.views.deps import get_store
from api.views.templating import language, render
from graaf import Store
from graaf.describe import members

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, store: Annotated[Store, Depends(get_store)]) -> HTMLResponse:
    lang = language(request)
    interventions = members(store, "kern:PersoonsgerichteInterventie", lang) + members(
        store, "kern:Netwerkactiviteit", lang
    )
    mechanisms = members(store, "kern:Mechanisme", lang)
    # Mechanisms by level (household, network, region); one without a level goes under "–".
    levels = [(level or "–", [m for m, _ in group]) for level, group in groupby(mechanisms, key=lambda m: m[1])]
    return render(
        request,
        "home.html",
        lang=lang,
        title=None,
        interventions=sorted((i for i, _ in interventions), key=lambda v: v.text.lower()),
        levels=levels,
        capitals=[c for c, _ in members(store, "kern:Kapitaalvorm", lang)],
        groups=[g for g, _ in members(store, "kern:Doelgroep", lang)],
        municipalities=[m for m, _ in members(store, "kern:Gemeente", lang)],
        triples=sum(store.counts().values()),
    )
