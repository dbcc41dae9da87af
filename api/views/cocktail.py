"""POST /api/cocktail: a suggested combination of interventions for an anonymous situation, with why."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from api.auth import writer
from api.views.deps import get_settings, get_store
from graaf import Change, Settings, Store, apply
from graaf.cocktail import Situation, suggest
from graaf.cocktail.record import cocktail_quads
from graaf.imports import log_path, log_write
from graaf.storage.errors import ImpossibleRequest
from validatie import ShaclValidator

router = APIRouter()

Word = Annotated[str, Field(min_length=1, max_length=200)]


class SituationIn(BaseModel):
    """An anonymous profile: only references to known concepts and limits, never a name or free text."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "mechanismen": ["schulden", "chronische-stress"],
                    "zwakke_kapitaalvormen": ["economisch"],
                    "doelgroep": "gezin-met-jonge-kinderen",
                    "plaats": "Pekela",
                    "draagkracht": "overleefstand",
                }
            ]
        },
    )

    mechanismen: list[Word] = Field(default_factory=list, max_length=30, description="Mechanismen (naam of IRI).")
    zwakke_kapitaalvormen: list[Word] = Field(default_factory=list, max_length=5)
    doelgroep: Word | None = None
    plaats: Word | None = Field(default=None, description="Gemeente, dorp, wijk of buurt (naam, CBS-code of IRI).")
    max_interventies: int | None = Field(default=None, description="Hoogstens zoveel interventies (standaard 4).")
    minimaal_bewijsniveau: Word | None = None
    uitsluiten: list[Word] = Field(default_factory=list, max_length=100)
    draagkracht: Word | None = Field(default=None, description="overleefstand, beperkt of ruim.")
    ideeen_meenemen: bool = Field(default=False, description="Ook interventies die nog alleen een idee zijn.")

    def situation(self) -> Situation:
        return Situation(
            mechanisms=tuple(self.mechanismen),
            weak_capital=tuple(self.zwakke_kapitaalvormen),
            target_group=self.doelgroep,
            place=self.plaats,
            max_interventions=self.max_interventies,
            min_evidence=self.minimaal_bewijsniveau,
            exclude=tuple(self.uitsluiten),
            capacity=self.draagkracht,
            include_ideas=self.ideeen_meenemen,
        )


@router.post(
    "/api/cocktail",
    summary="Stel een cocktail van interventies voor",
    description="Geeft de gekozen interventies met de reden (mechanisme → interventie → effect → bewijs), "
    "wat niet gedekt is en waarom, de alternatieven en de SPARQL die is uitgevoerd. Een onbekend begrip "
    "geeft 422 met de dichtstbijzijnde bekende namen.",
    tags=["cocktails"],
)
def cocktail(situation: SituationIn, store: Annotated[Store, Depends(get_store)]) -> dict[str, object]:
    suggestion = suggest(store, situation.situation())
    return {**suggestion.as_dict(), "uitleg": suggestion.text()}


@router.post(
    "/api/cocktails",
    status_code=201,
    summary="Bewaar een cocktail die een team probeert",
    description="Maakt de cocktail voor de situatie en bewaart hem (zonder persoonsgegevens) in de graaf "
    "…/id/graaf/cocktails, zodat een lokaal experiment er later naar kan verwijzen. Alleen met het token van "
    "een redacteur; de wijziging wordt eerst gecontroleerd.",
    tags=["cocktails"],
)
def store_cocktail(
    situation: SituationIn,
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> JSONResponse:
    record = writer(request)
    suggestion = suggest(store, situation.situation())
    if not suggestion.chosen:
        raise ImpossibleRequest("Er is geen cocktail om te bewaren: voor deze situatie is geen interventie gevonden.")
    quads = cocktail_quads(suggestion, settings.base_iri)
    apply(store, Change(add=quads), ShaclValidator())
    iri = next(q.subject.value for q in quads if q.object.value.endswith("#Cocktail"))
    log_write(log_path(settings), record.actor, "cocktail", {"iri": iri})
    return JSONResponse({"iri": iri, **suggestion.as_dict()}, status_code=201, headers={"Location": iri})
