"""A cocktail that a team tried, as RDF: the anonymous situation, the chosen interventions and why.

It is written into its own graph through the validated write path, so the privacy guard and the
shapes see it like any other change. A local experiment can later point at it (kern:test).
"""

import hashlib
import json
from datetime import date

import pyoxigraph as ox

from graaf.cocktail.explain import Suggestion
from ontologie.namespaces import KERN, id_base

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
CREATED = ox.NamedNode("http://purl.org/dc/terms/created")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
XSD_POSITIVE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#positiveInteger")


def _k(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(KERN[name]))


def cocktail_quads(
    suggestion: Suggestion, base: str, name: str | None = None, day: date | None = None
) -> list[ox.Quad]:
    """Quads for a stored cocktail; the IRI is derived from its content, so storing twice is harmless."""
    digest = hashlib.sha256(json.dumps(suggestion.as_dict()["interventies"], sort_keys=True).encode())
    digest.update(json.dumps(suggestion.situation, sort_keys=True).encode())
    ref = name or digest.hexdigest()[:12]
    ids = id_base(base)
    graph = ox.NamedNode(ids + "graaf/cocktails")
    cocktail = ox.NamedNode(ids + f"cocktail/{ref}")
    situation = ox.NamedNode(ids + f"situatie/{ref}")
    when = (day or date.today()).isoformat()
    quads = [
        ox.Quad(cocktail, RDF_TYPE, _k("Cocktail"), graph),
        ox.Quad(cocktail, RDFS_LABEL, ox.Literal(f"Cocktail {ref}", language="nl"), graph),
        ox.Quad(cocktail, RDFS_LABEL, ox.Literal(f"Cocktail {ref}", language="en"), graph),
        ox.Quad(cocktail, CREATED, ox.Literal(when, datatype=XSD_DATE), graph),
        ox.Quad(cocktail, _k("voorSituatie"), situation, graph),
        ox.Quad(situation, RDF_TYPE, _k("Situatie"), graph),
        ox.Quad(situation, RDFS_LABEL, ox.Literal(f"Situatie {ref}", language="nl"), graph),
        ox.Quad(situation, RDFS_LABEL, ox.Literal(f"Situation {ref}", language="en"), graph),
    ]
    data = suggestion.situation
    for need in data["behoeften"]:  # type: ignore[attr-defined]
        predicate = "heeftMechanisme" if need["soort"] == "mechanisme" else "zwakkeKapitaalvorm"
        quads.append(ox.Quad(situation, _k(predicate), ox.NamedNode(need["iri"]), graph))
    if data.get("doelgroep"):
        quads.append(ox.Quad(situation, _k("voorDoelgroep"), ox.NamedNode(data["doelgroep"]["iri"]), graph))  # type: ignore[index]
    if data.get("plaats"):
        quads.append(ox.Quad(situation, _k("inPlaats"), ox.NamedNode(data["plaats"]["iri"]), graph))  # type: ignore[index]
    quads.append(
        ox.Quad(situation, _k("maxInterventies"), ox.Literal(str(data["maximum"]), datatype=XSD_POSITIVE), graph)
    )
    for number, item in enumerate(suggestion.chosen, start=1):
        part = ox.NamedNode(ids + f"cocktail/{ref}-{number}")
        reasons = "; ".join(str(r["zin"]) for r in item["waarom"])  # type: ignore[attr-defined]
        quads += [
            ox.Quad(cocktail, _k("heeftOnderdeel"), part, graph),
            ox.Quad(part, RDF_TYPE, _k("Cocktailonderdeel"), graph),
            ox.Quad(part, RDFS_LABEL, ox.Literal(f"{item['label']} (onderdeel {number})", language="nl"), graph),
            ox.Quad(part, RDFS_LABEL, ox.Literal(f"{item['label']} (part {number})", language="en"), graph),
            ox.Quad(part, _k("interventie"), ox.NamedNode(str(item["iri"])), graph),
            ox.Quad(part, _k("reden"), ox.Literal(reasons, language="nl"), graph),
        ]
    return quads
