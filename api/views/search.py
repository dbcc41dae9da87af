"""GET /zoeken and the list pages (/interventies, /mechanismen, ...): search with facets, as HTML or JSON.

Every state of the page is a plain GET URL (q plus repeatable facet parameters with short names such
as `mechanisme=schulden`), so a professional can send a colleague the link to "interventions against
debts for families in Pekela". The form works without JavaScript. The list pages are this same page
with the kind chosen beforehand. Parameters are read by hand rather than validated by FastAPI: a
wrong value is a friendly message on the page (or a 400 in JSON), never a 422 or a 500.
"""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from api.errors import HttpError
from api.negotiation import negotiate
from api.views.deps import get_store
from api.views.templating import language, render
from api.views.words import WORDS
from graaf import Store
from graaf.search import FACETS, Hit, Outcome, Reason, search, slug
from ontologie.namespaces import id_base

router = APIRouter(include_in_schema=False)

HTML = "text/html"
JSON = "application/json"
PER_PAGE = 50
MAX_PAGE = 10_000
# List page -> the kind it shows.
LISTS = {
    "/interventies": "interventie",
    "/mechanismen": "mechanisme",
    "/kapitaalvormen": "kapitaalvorm",
    "/doelgroepen": "doelgroep",
    "/plaatsen": "plaats",
    "/organisaties": "organisatie",
    "/effecten": "effect",
    "/bewijs": "bewijs",
}


def _filters(request: Request, kind: str | None) -> dict[str, list[str]]:
    chosen = {f: request.query_params.getlist(f) for f in FACETS if request.query_params.getlist(f)}
    if kind and "soort" not in chosen:
        chosen["soort"] = [kind]
    return chosen


def _page(request: Request) -> int:
    text = request.query_params.get("pagina", "1")
    return min(int(text), MAX_PAGE) if text.isdigit() and int(text) >= 1 else 1


def _doc_path(request: Request, iri: str) -> str | None:
    ids = id_base(request.app.state.settings.base_iri)
    return "/doc/" + iri[len(ids) :] if iri.startswith(ids) else None


def _why(reason: Reason, lang: str) -> str:
    """A reason in words, such as "werkt op Schulden" or "‘schulden’ in de naam"."""
    return WORDS[lang]["search_why_" + reason.relation].format(word=reason.word, label=reason.label or "")


def _unknown_text(facet: str, value: str, lang: str) -> str:
    t = WORDS[lang]
    return t["search_unknown"].format(value=value, facet=t["search_facet_" + facet].lower())


def _working_on(hit: Hit) -> str | None:
    """For a mechanism or capital form: the search for the interventions that work on it."""
    return _link("/zoeken", "", {hit.kind: [slug(hit.iri)]}) if hit.kind in ("mechanisme", "kapitaalvorm") else None


def _link(path: str, q: str, filters: dict[str, list[str]], page: int = 1) -> str:
    pairs = ([("q", q)] if q else []) + [(f, v) for f in FACETS for v in filters.get(f, [])]
    pairs += [("pagina", str(page))] if page > 1 else []
    return path + ("?" + urlencode(pairs) if pairs else "")


@router.get("/zoeken")
def search_page(request: Request, store: Annotated[Store, Depends(get_store)]) -> Response:
    return _answer(request, store, None)


def _list_view(kind: str):  # noqa: ANN202 - a FastAPI endpoint; its signature is what FastAPI reads
    def view(request: Request, store: Annotated[Store, Depends(get_store)]) -> Response:
        return _answer(request, store, kind)

    return view


for _path, _kind in LISTS.items():
    router.add_api_route(_path, _list_view(_kind), methods=["GET"], name=f"lijst-{_kind}")


def _answer(request: Request, store: Store, kind: str | None) -> Response:
    wanted = (
        JSON
        if request.query_params.get("formaat") == "json"
        else negotiate(request.headers.get("accept"), [HTML, JSON])
    )
    if wanted is None:
        raise HttpError(406, "niet-aanvaardbaar", "Deze pagina is er als HTML of als JSON.")
    lang = language(request)
    q = request.query_params.get("q", "").strip()[:300]
    filters = _filters(request, kind)
    outcome = search(store, q, filters, lang)
    page = _page(request)
    if wanted == JSON:
        if outcome.unknown:
            message = " ".join(_unknown_text(f, v, "nl") for f, v in outcome.unknown)
            body = {"fout": {"code": "onbekende-waarde", "melding": message, "waarden": outcome.unknown}}
            return JSONResponse(body, status_code=400, headers={"Vary": "Accept"})
        return JSONResponse(_json(request, q, filters, outcome, page, lang), headers={"Vary": "Accept"})
    return _html(request, q, filters, outcome, page, lang, kind)


def _json(
    request: Request, q: str, filters: dict[str, list[str]], outcome: Outcome, page: int, lang: str
) -> dict[str, object]:
    shown = outcome.hits[(page - 1) * PER_PAGE : page * PER_PAGE]
    return {
        "q": q,
        "woorden": outcome.words,
        "ook_gezocht": outcome.similar,
        "niet_alle_woorden": outcome.some_words_only,
        "standaard_soort": "interventie" if outcome.default_kind else None,
        "filters": {f: sorted(v.slug for v in values if v.chosen) for f, values in outcome.facets.items()},
        "totaal": len(outcome.hits),
        "pagina": page,
        "per_pagina": PER_PAGE,
        "resultaten": [_json_hit(request, hit, lang) for hit in shown],
        "facetten": {
            facet: [
                {"id": v.slug, "iri": v.iri if facet != "soort" else None, "naam": v.label, "aantal": v.count}
                | {"gekozen": v.chosen}
                for v in values
            ]
            for facet, values in outcome.facets.items()
        },
        "adres": _link(request.url.path, q, filters, page),
    }


def _json_hit(request: Request, hit: Hit, lang: str) -> dict[str, object]:
    return {
        "id": slug(hit.iri),
        "iri": hit.iri,
        "soort": hit.kind,
        "naam": hit.label,
        "beschrijving": hit.summary,
        "pagina": _doc_path(request, hit.iri),
        "score": hit.score,
        "redenen": [{"soort": r.relation, "woord": r.word, "iri": r.iri, "tekst": _why(r, lang)} for r in hit.reasons],
    }


def _html(
    request: Request,
    q: str,
    filters: dict[str, list[str]],
    outcome: Outcome,
    page: int,
    lang: str,
    kind: str | None,
) -> Response:
    t = WORDS[lang]
    pages = max(1, -(-len(outcome.hits) // PER_PAGE))
    page = min(page, pages)
    shown = outcome.hits[(page - 1) * PER_PAGE : page * PER_PAGE]
    path = request.url.path
    heading = t["search_list_" + kind] if kind else t["search_title"]
    return render(
        request,
        "zoeken.html",
        lang=lang,
        title=heading,
        heading=heading,
        q=q,
        hits=[(hit, [_why(r, lang) for r in hit.reasons], _working_on(hit)) for hit in shown],
        total=len(outcome.hits),
        outcome=outcome,
        facets=[(f, outcome.facets[f]) for f in FACETS if outcome.facets[f]],
        unknown=[_unknown_text(f, v, lang) for f, v in outcome.unknown],
        chosen_count=sum(1 for values in outcome.facets.values() for v in values if v.chosen),
        clear=_link(path, q, {}),
        previous=_link(path, q, filters, page - 1) if page > 1 else None,
        following=_link(path, q, filters, page + 1) if page < pages else None,
        page=page,
        pages=pages,
    )
