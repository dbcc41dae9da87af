"""Linked-data pages: /id/{kind}/{ref} names a thing and answers 303 to /doc/{kind}/{ref}, which describes it.

Following the Dutch URI strategy, /id/ IRIs name things and /doc/ addresses are documents about
them. The document comes as HTML for people or as RDF for programs, by the Accept header. The
IRIs use the configured base (settings.base_iri), which is not this server's own host, so a path
here is mapped onto that base before it is looked up.
"""

import re
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from rdflib import URIRef

from api.negotiation import negotiate
from api.views.deps import get_store
from api.views.experiments import experiment_context
from api.views.leads import LEADS
from api.views.templating import language, render
from api.views.words import WORDS
from graaf import Store
from graaf.catalogue import Catalogue
from graaf.describe import SKOS, Labeller, Thing, describe, effects, kern, rdf_graph
from graaf.experiments.profile import evidence_profile
from graaf.network import related, warnings
from graaf.storage.versioned import cached
from ontologie.namespaces import id_base

router = APIRouter(include_in_schema=False)

KIND = re.compile(r"^[a-z][a-z0-9-]{0,60}$")
REF = re.compile(r"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$")
HTML = "text/html"
# Media type -> rdflib format; application/json gets JSON-LD, the JSON there is for this.
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/json": "json-ld",
}
OFFERS = [HTML, *RDF_FORMATS]
# ?formaat=turtle and friends, so a person can follow a link to the RDF in a browser.
BY_NAME = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
VARY = {"Vary": "Accept"}

# The properties each kind of page shows first, in this order; the rest follow as the data has them.
FIRST: dict[str, list[str]] = {
    "interventie": [
        "http://purl.org/dc/terms/description",
        kern + "doel",
        kern + "voorDoelgroep",
        kern + "aangebodenDoor",
        kern + "aangebodenIn",
        kern + "status",
        kern + "inProgrammalijn",
        kern + "dientDoel",
    ],
    "mechanisme": [kern + "opNiveau", SKOS + "definition", SKOS + "broader", kern + "versterkt", kern + "tastAan"],
    "kapitaalvorm": [SKOS + "definition"],
    "plaats": [kern + "cbsCode", kern + "ligtIn"],
}
TARGETS = {"mechanisme": "kern:Mechanisme", "kapitaalvorm": "kern:Kapitaalvorm"}
SHOWN_WORKING = 100
TEMPLATE = {"interventie": "interventie.html", "mechanisme": "mechanisme.html", "kapitaalvorm": "mechanisme.html"}
TEMPLATE["experiment"] = "experiment.html"  # progress, charts and sessions: api/views/experiments.py
FIRST["experiment"] = [kern + p for p in ("test", "uitgevoerdIn", "begin", "einde", "partner", "dientDoel")]


def _iri(request: Request, kind: str, ref: str) -> URIRef | None:
    if not KIND.match(kind) or not REF.match(ref):
        return None
    return URIRef(f"{id_base(request.app.state.settings.base_iri)}{kind}/{ref}")


def _exists(store: Store, iri: URIRef | None) -> bool:
    return iri is not None and store.ask("ASK { ?item ?p ?o }", bindings={"item": iri})


def not_found(request: Request) -> Response:
    """A Dutch (or English) page for people; the API's JSON error shape for programs."""
    if negotiate(request.headers.get("accept"), [HTML, "application/json"]) == HTML:
        lang = language(request)
        return render(request, "niet_gevonden.html", 404, title=WORDS[lang]["not_found"])
    body = {"fout": {"code": "niet-gevonden", "melding": "Dit ding staat niet in de kennisgraaf."}}
    return JSONResponse(body, status_code=404, headers=VARY)


@router.get("/id/{kind}/{ref:path}")
def identifier(request: Request, kind: str, ref: str, store: Annotated[Store, Depends(get_store)]) -> Response:
    """303 See Other: the IRI names the thing, the document about it lives at /doc/ (for HTML and RDF alike)."""
    if not _exists(store, _iri(request, kind, ref)):
        return not_found(request)
    return RedirectResponse(f"/doc/{kind}/{ref}", status_code=303, headers=VARY)


@router.get("/doc/{kind}/{ref:path}")
def document(
    request: Request, kind: str, ref: str, store: Annotated[Store, Depends(get_store)], formaat: str | None = None
) -> Response:
    iri = _iri(request, kind, ref)
    if iri is None or not _exists(store, iri):
        return not_found(request)
    chosen = BY_NAME.get(formaat or "") or negotiate(request.headers.get("accept"), OFFERS) or HTML
    if chosen != HTML:
        body = rdf_graph(store, iri).serialize(format=RDF_FORMATS[chosen])
        media = "application/ld+json" if RDF_FORMATS[chosen] == "json-ld" else chosen
        return Response(body, media_type=media, headers=VARY)
    lang = language(request)
    skip = [kern + "vanInterventie"] if kind == "interventie" else [kern + "werktOp"] if kind in TARGETS else []
    thing = describe(store, iri, lang, skip_incoming=skip)
    if thing is None:
        return not_found(request)
    context: dict[str, object] = {
        "thing": thing,
        "title": thing.label,
        "kind": kind,
        "order": _order(thing, kind),
        "rdf": f"/doc/{kind}/{ref}",
        "skip": skip,
    }
    if kind in LEADS:
        context["lead"] = LEADS[kind](thing, lang)
    if kind == "interventie":
        context["effects"] = effects(store, iri, lang)
        context["related"] = related(store, str(iri), lang)
        context["warnings"] = warnings(store, str(iri), lang)
        context["profile"] = evidence_profile(store, str(iri), lang)
    if kind in TARGETS:
        context["working"], context["working_total"] = _working_on(request, store, iri, TARGETS[kind], lang)
        # The stated gap is shown beside the interventions that work on this, not in the list of properties.
        gap = thing.properties.get(GAP)
        context["gap"] = gap[0].text if gap else None
        context["order"] = [p for p in context["order"] if p != GAP]  # type: ignore[attr-defined]
        context["working_search"] = f"/zoeken?{kind}={quote(str(iri).rstrip('/').rsplit('/', 1)[-1])}"
    if kind == "experiment":
        context.update(experiment_context(store, str(iri), lang))
    return render(request, TEMPLATE.get(kind, "ding.html"), lang=lang, **context)


def _working_on(
    request: Request, store: Store, iri: URIRef, cls: str, lang: str
) -> tuple[list[dict[str, object]], int]:
    """The first interventions (by name) that work on a mechanism or capital form through their effects
    (the catalogue's query), and how many there are. On a large graph thousands work on one mechanism;
    the page shows the first SHOWN_WORKING and leads to the search page with that filter for the rest.
    Sorting and counting those thousands took 150 to 300 ms at a million triples, for each view of a
    page there are only a few dozen of, so the answer is kept until the next write."""
    base = request.app.state.settings.base_iri

    def build() -> tuple[list[dict[str, object]], int]:
        found = Catalogue(store, base).concept(iri, cls, limit=SHOWN_WORKING) or {}
        label = Labeller(store, lang)
        shown = found.get("interventies", [])
        assert isinstance(shown, list)
        label.load(str(i["iri"]) for i in shown)
        total = int(str(found.get("aantal_interventies", len(shown))))
        return [{"value": label.value(URIRef(str(i["iri"]))), "direction": i.get("richting")} for i in shown], total

    return cached(store, ("werkt-op", str(iri), cls, lang, base), build)


# What the editors say the graph does not know yet about a mechanism or capital form: shown beside the
# interventions that work on it, so that few or none reads as a known gap and not as an oversight.
GAP = kern + "kennislacune"


def _order(thing: Thing, kind: str) -> list[str]:
    first = [p for p in FIRST.get(kind, []) if p in thing.properties]
    return first + [p for p in thing.properties if p not in first]
