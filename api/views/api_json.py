"""/api/interventies, /api/mechanismen, /api/kapitaalvormen, /api/plaatsen: the graph as JSON for programs.

Every list can be filtered and is paged (`pagina`, `per_pagina`, with RFC 8288 Link headers); every
item carries links to itself, to related lists and to its triples through /sparql. Filters take the
short name of a thing (its `id`, such as `schulden` or `GM0037`).
"""

from typing import Annotated, Generic, Literal, TypeVar
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel

from api.errors import HttpError
from api.views.deps import get_settings, get_store
from graaf import Settings, Store
from graaf.catalogue import INTERVENTION_KINDS, PLACE_KINDS, Catalogue, Page

router = APIRouter(prefix="/api", tags=["gegevens"])

SLUG = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$"
Slug = Annotated[str | None, Query(pattern=SLUG, description="Korte naam (id), bijvoorbeeld 'schulden'.")]
Search = Annotated[str | None, Query(min_length=1, max_length=100, description="Woord in de naam.")]
PageNumber = Annotated[int, Query(ge=1, le=100_000, description="Paginanummer, vanaf 1.")]
PageSize = Annotated[int, Query(ge=1, le=100, description="Aantal items per pagina.")]
ItemId = Annotated[str, Path(pattern=SLUG, description="Korte naam (id).")]
T = TypeVar("T")


class Ref(BaseModel):
    id: str
    iri: str
    naam: str | None = None


class RefWithDirection(Ref):
    richting: str | None = None


class Evidence(BaseModel):
    iri: str
    niveau: str | None = None
    kennisbron: str | None = None


class Effect(BaseModel):
    iri: str
    werkt_op: Ref
    richting: str | None = None
    bewijs: list[Evidence]


class InterventionSummary(BaseModel):
    id: str
    iri: str
    naam: str | None = None
    soort: str | None = None
    status: str | None = None
    doelgroepen: list[Ref]
    plaatsen: list[Ref]
    aanbieders: list[Ref]
    links: dict[str, str]


class Intervention(InterventionSummary):
    doel: str | None = None
    beschrijving: str | None = None
    effecten: list[Effect]


class Concept(BaseModel):
    id: str
    iri: str
    naam: str | None = None
    definitie: str | None = None
    links: dict[str, str]


class ConceptWithInterventions(Concept):
    interventies: list[RefWithDirection]


class Place(BaseModel):
    id: str
    iri: str
    naam: str | None = None
    soort: str | None = None
    cbs_code: str | None = None
    ligt_in: list[Ref]
    links: dict[str, str]


class Listing(BaseModel, Generic[T]):
    items: list[T]
    totaal: int
    pagina: int
    per_pagina: int
    links: dict[str, str]


def get_catalogue(
    store: Annotated[Store, Depends(get_store)], settings: Annotated[Settings, Depends(get_settings)]
) -> Catalogue:
    return Catalogue(store, settings.base_iri)


Cat = Annotated[Catalogue, Depends(get_catalogue)]


def _sparql(iri: str) -> str:
    return "/sparql?query=" + quote(f"DESCRIBE <{iri}>", safe="")


def _listing(request: Request, response: Response, page: Page, number: int, size: int) -> dict[str, object]:
    last = max(1, -(-page.total // size))

    def at(n: int) -> str:
        return f"{request.url.path}?{urlencode(dict(request.query_params) | {'pagina': n, 'per_pagina': size})}"

    links = {"self": at(number), "eerste": at(1), "laatste": at(last)}
    if number > 1:
        links["vorige"] = at(min(number - 1, last))
    if number < last:
        links["volgende"] = at(number + 1)
    rel = {"self": "self", "eerste": "first", "laatste": "last", "vorige": "prev", "volgende": "next"}
    response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel[name]}"' for name, url in links.items())
    return {"items": page.items, "totaal": page.total, "pagina": number, "per_pagina": size, "links": links}


def _intervention_links(item: dict[str, object]) -> dict[str, object]:
    return {**item, "links": {"self": f"/api/interventies/{item['id']}", "sparql": _sparql(str(item["iri"]))}}


def _concept_links(item: dict[str, object], path: str, filter_name: str) -> dict[str, object]:
    links = {
        "self": f"/api/{path}/{item['id']}",
        "interventies": f"/api/interventies?{filter_name}={item['id']}",
        "sparql": _sparql(str(item["iri"])),
    }
    return {**item, "links": links}


def _place_links(item: dict[str, object]) -> dict[str, object]:
    return _concept_links(item, "plaatsen", "plaats")


def _needed(found: dict[str, object] | None, what: str, slug: str) -> dict[str, object]:
    if found is None:
        raise HttpError(404, "niet-gevonden", f"Er is geen {what} met de naam '{slug}'.")
    return found


@router.get("/interventies", summary="Interventies, te filteren en per pagina")
def interventions(
    request: Request,
    response: Response,
    catalogue: Cat,
    doelgroep: Slug = None,
    plaats: Slug = None,
    mechanisme: Slug = None,
    kapitaalvorm: Slug = None,
    status: Slug = None,
    soort: Annotated[Literal["persoonsgericht", "netwerk"] | None, Query()] = None,
    zoek: Search = None,
    pagina: PageNumber = 1,
    per_pagina: PageSize = 20,
) -> Listing[InterventionSummary]:
    wanted = {"doelgroep": doelgroep, "plaats": plaats, "mechanisme": mechanisme, "kapitaalvorm": kapitaalvorm}
    wanted["status"] = status
    filters = {name: catalogue.iri(name, slug) for name, slug in wanted.items() if slug is not None}
    assert soort is None or soort in INTERVENTION_KINDS
    page = catalogue.interventions(
        {k: v for k, v in filters.items() if v is not None}, soort, zoek, (pagina - 1) * per_pagina, per_pagina
    )
    page = Page([_intervention_links(i) for i in page.items], page.total)
    return Listing[InterventionSummary].model_validate(_listing(request, response, page, pagina, per_pagina))


@router.get("/interventies/{id}", summary="Eén interventie met haar effecten en bewijs")
def intervention(id: ItemId, catalogue: Cat) -> Intervention:
    iri = catalogue.iri("interventie", id)
    found = catalogue.intervention(iri) if iri is not None else None
    return Intervention.model_validate(_intervention_links(_needed(found, "interventie", id)))


def _concepts(
    request: Request, response: Response, page: Page, number: int, size: int, path: str, filter_name: str
) -> Listing[Concept]:
    page = Page([_concept_links(i, path, filter_name) for i in page.items], page.total)
    return Listing[Concept].model_validate(_listing(request, response, page, number, size))


@router.get("/mechanismen", summary="Mechanismen die armoede doorgeven")
def mechanisms(
    request: Request,
    response: Response,
    catalogue: Cat,
    zoek: Search = None,
    pagina: PageNumber = 1,
    per_pagina: PageSize = 20,
) -> Listing[Concept]:
    page = catalogue.mechanisms(zoek, (pagina - 1) * per_pagina, per_pagina)
    return _concepts(request, response, page, pagina, per_pagina, "mechanismen", "mechanisme")


@router.get("/mechanismen/{id}", summary="Eén mechanisme, met de interventies die erop werken")
def mechanism(id: ItemId, catalogue: Cat) -> ConceptWithInterventions:
    return _concept(catalogue, id, "mechanisme", "kern:Mechanisme", "mechanismen")


@router.get("/kapitaalvormen", summary="De vijf kapitaalvormen")
def capital_forms(
    request: Request,
    response: Response,
    catalogue: Cat,
    zoek: Search = None,
    pagina: PageNumber = 1,
    per_pagina: PageSize = 20,
) -> Listing[Concept]:
    page = catalogue.capital_forms(zoek, (pagina - 1) * per_pagina, per_pagina)
    return _concepts(request, response, page, pagina, per_pagina, "kapitaalvormen", "kapitaalvorm")


@router.get("/kapitaalvormen/{id}", summary="Eén kapitaalvorm, met de interventies die erop werken")
def capital_form(id: ItemId, catalogue: Cat) -> ConceptWithInterventions:
    return _concept(catalogue, id, "kapitaalvorm", "kern:Kapitaalvorm", "kapitaalvormen")


def _concept(catalogue: Catalogue, id: str, kind: str, cls: str, path: str) -> ConceptWithInterventions:
    iri = catalogue.iri(kind, id)
    found = catalogue.concept(iri, cls) if iri is not None else None
    return ConceptWithInterventions.model_validate(_concept_links(_needed(found, kind, id), path, kind))


@router.get("/plaatsen", summary="Plaatsen: regio, provincies, gemeenten, dorpen, wijken")
def places(
    request: Request,
    response: Response,
    catalogue: Cat,
    soort: Annotated[Literal["regio", "provincie", "gemeente", "dorp", "wijk", "buurt"] | None, Query()] = None,
    ligt_in: Slug = None,
    zoek: Search = None,
    pagina: PageNumber = 1,
    per_pagina: PageSize = 20,
) -> Listing[Place]:
    assert soort is None or soort in PLACE_KINDS
    within = catalogue.iri("plaats", ligt_in) if ligt_in is not None else None
    page = catalogue.places(soort, within, zoek, (pagina - 1) * per_pagina, per_pagina)
    page = Page([_place_links(i) for i in page.items], page.total)
    return Listing[Place].model_validate(_listing(request, response, page, pagina, per_pagina))


@router.get("/plaatsen/{id}", summary="Eén plaats")
def place(id: ItemId, catalogue: Cat) -> Place:
    iri = catalogue.iri("plaats", id)
    found = catalogue.place(iri) if iri is not None else None
    return Place.model_validate(_place_links(_needed(found, "plaats", id)))
