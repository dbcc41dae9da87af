"""Pictures: the neighbourhood of a thing, the causal network, the evidence gap map (pages and downloads).

The drawing is in graaf.pictures; this module picks the language, maps paths onto IRIs the way the
linked-data pages do, and sets the headers a download needs. SVG answers carry a strict
Content-Security-Policy: they are documents on our own origin, and must never run anything.
"""

from itertools import groupby
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from api.views.deps import get_store
from api.views.pages import KIND, REF, not_found
from api.views.templating import SVG_HEADERS, language, render
from api.views.words import WORDS
from graaf import Store
from graaf.pictures import COLUMN_KINDS, causal_network, causal_svg, gap_map, gap_map_csv, gap_map_png, gap_map_svg
from graaf.pictures.causal import CausalNetwork, sentences
from graaf.pictures.gapmap import GapMap, Row
from graaf.pictures.gapmap_draw import cell_text
from graaf.pictures.neighbourhood import neighbourhood_svg
from graaf.storage.versioned import cached
from ontologie.namespaces import id_base

router = APIRouter(include_in_schema=False)
SVG = "image/svg+xml"
# A cell's tooltip names this many interventions: at ten million triples a cell had thousands, which made
# the page several megabytes (too large for the page cache, 4 s per request); the cell links to all of them.
TITLE_NAMES = 10


def _svg(body: str, filename: str | None = None) -> Response:
    headers = dict(SVG_HEADERS)
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(body, media_type=SVG, headers=headers)


def _download(body: bytes, media: str, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"', "Vary": "Accept-Language"}
    return Response(body, media_type=media, headers=headers)


@router.get("/omgeving/{kind}/{ref:path}.svg")
def neighbourhood(request: Request, kind: str, ref: str, store: Annotated[Store, Depends(get_store)]) -> Response:
    """The thing and what links to it and from it, one step away; the same IRIs as /doc/{kind}/{ref}."""
    base = request.app.state.settings.base_iri
    if not KIND.match(kind) or not REF.match(ref):
        return not_found(request)
    iri, lang = f"{id_base(base)}{kind}/{ref}", language(request)
    picture = cached(store, ("omgeving", iri, lang), lambda: neighbourhood_svg(store, iri, lang, base))
    return not_found(request) if picture is None else _svg(picture)


@router.get("/netwerk.svg")
def network_svg(request: Request, store: Annotated[Store, Depends(get_store)]) -> Response:
    return _svg(_causal(request, store, language(request))[1])


@router.get("/netwerk")
def network_page(request: Request, store: Annotated[Store, Depends(get_store)]) -> Response:
    """The causal network inline, with every link also written out as a sentence (the text alternative)."""
    lang = language(request)
    network, picture = _causal(request, store, lang)
    return render(
        request,
        "netwerk.html",
        lang=lang,
        title=WORDS[lang]["pic_network"],
        svg=picture,
        sentences=sentences(network, lang),
    )


def _causal(request: Request, store: Store, lang: str) -> tuple[CausalNetwork, str]:
    def build() -> tuple[CausalNetwork, str]:
        network = causal_network(store, lang)
        return network, causal_svg(network, lang, request.app.state.settings.base_iri)

    return cached(store, ("netwerk", lang), build)


def gap_of(store: Store, lang: str, kind: str) -> GapMap:
    return cached(store, ("bewijskaart", lang, kind), lambda: gap_map(store, lang, kind))


def _level(row: Row) -> str:
    return row.level


def _cells(gap: GapMap, row: Row, lang: str) -> list[dict[str, str]]:
    """What each cell of a row says, where it links to, and how it looks (class leeg, zwak or beter)."""
    found = []
    for column, cell in [*zip(gap.columns, row.cells, strict=True), (None, row.total)]:
        count, level = cell_text(cell, lang)
        css = "leeg" if cell.count == 0 else "zwak" if cell.weak else "beter"
        names = _names(gap, cell.interventions, lang)
        found.append({"count": count, "level": level, "href": gap.search_link(row, column), "css": css, "names": names})
    return found


def _names(gap: GapMap, interventions: tuple[str, ...], lang: str) -> str:
    names = [gap.names[i] for i in interventions[:TITLE_NAMES]]
    if len(interventions) > TITLE_NAMES:
        names.append(WORDS[lang]["pic_names_more"].format(n=len(interventions) - TITLE_NAMES))
    return ", ".join(names)


def _kind(kolommen: str | None) -> str:
    return kolommen if kolommen in COLUMN_KINDS else "kapitaalvormen"


def _columns_name(kind: str, lang: str) -> str:
    return WORDS[lang][f"pic_columns_{kind}"]


@router.get("/bewijskaart")
def gap_page(request: Request, store: Annotated[Store, Depends(get_store)], kolommen: str | None = None) -> Response:
    lang, kind = language(request), _kind(kolommen)
    gap = gap_of(store, lang, kind)
    groups = [(level, [(row, _cells(gap, row, lang)) for row in rows]) for level, rows in groupby(gap.rows, _level)]
    return render(
        request,
        "bewijskaart.html",
        lang=lang,
        title=WORDS[lang]["pic_gap"],
        gap=gap,
        groups=groups,
        kind=kind,
        kinds=list(COLUMN_KINDS),
        columns_name=_columns_name(kind, lang),
        suffix="" if kind == "kapitaalvormen" else f"?kolommen={kind}",
    )


@router.get("/bewijskaart.csv")
def gap_csv(request: Request, store: Annotated[Store, Depends(get_store)], kolommen: str | None = None) -> Response:
    kind = _kind(kolommen)
    body = gap_map_csv(gap_of(store, language(request), kind))
    return _download(body, "text/csv; charset=utf-8", f"bewijskaart-{kind}.csv")


@router.get("/bewijskaart.svg")
def gap_svg(request: Request, store: Annotated[Store, Depends(get_store)], kolommen: str | None = None) -> Response:
    lang, kind = language(request), _kind(kolommen)
    base = request.app.state.settings.base_iri
    gap = gap_of(store, lang, kind)
    name = _columns_name(kind, lang)
    body = cached(store, ("bewijskaart.svg", lang, kind), lambda: gap_map_svg(gap, lang, base, name))
    return _svg(body, f"bewijskaart-{kind}.svg")


@router.get("/bewijskaart.png")
def gap_png(request: Request, store: Annotated[Store, Depends(get_store)], kolommen: str | None = None) -> Response:
    lang, kind = language(request), _kind(kolommen)
    gap = gap_of(store, lang, kind)
    body = cached(store, ("bewijskaart.png", lang, kind), lambda: gap_map_png(gap, lang, _columns_name(kind, lang)))
    return _download(body, "image/png", f"bewijskaart-{kind}.png")
