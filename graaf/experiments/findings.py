"""A finding of a learning evaluation session as evidence: a kern:Bevinding, which is a kern:Bewijs.

What professionals saw becomes professional knowledge; what a family told (anonymously, never with
a name or anything that points to a person) becomes experiential knowledge. Each finding supports
(kern:ondersteunt) or goes against (kern:weerspreekt) one effect of an intervention, so it shows up
next to research in the intervention's evidence profile and in a cocktail's explanation. No
session states a level of evidence, so the level is always "onbekend".
"""

from dataclasses import dataclass

import pyoxigraph as ox

from graaf.storage.changes import Change, Validator, apply
from graaf.storage.store import Store
from ontologie.namespaces import DEFAULT_BASE, KERN, PREFIXES, id_base

KNOWLEDGE = {"professioneel": "lerend-evalueren", "ervaring": "ervaringsverhaal"}  # knowledge source -> study type


@dataclass(frozen=True)
class Finding:
    """What a session found about one effect: what worked (or did not), and for whom, in words."""

    ref: str  # the part after /id/bewijs/
    effect: str
    knowledge: str  # "professioneel" or "ervaring"
    supports: bool
    label_nl: str
    label_en: str
    context_nl: str
    context_en: str = ""
    place: str | None = None


def finding_quads(
    finding: Finding, session: str, source: str, attributed_to: str, graph: str, base: str = DEFAULT_BASE
) -> list[ox.Quad]:
    """The quads of one finding in a graph; a ValueError for a knowledge source other than the two of a session."""
    if finding.knowledge not in KNOWLEDGE:
        raise ValueError(f"Een bevinding is professionele kennis of ervaringskennis, niet '{finding.knowledge}'.")
    ids = id_base(base)
    node, where = ox.NamedNode(ids + "bewijs/" + finding.ref), ox.NamedNode(graph)
    kern = str(KERN)
    triples: list[tuple[str, ox.NamedNode | ox.Literal]] = [
        (PREFIXES["rdf"] + "type", ox.NamedNode(kern + "Bevinding")),
        (PREFIXES["rdfs"] + "label", ox.Literal(finding.label_nl, language="nl")),
        (PREFIXES["rdfs"] + "label", ox.Literal(finding.label_en, language="en")),
        (kern + ("ondersteunt" if finding.supports else "weerspreekt"), ox.NamedNode(finding.effect)),
        (kern + "kennisbron", ox.NamedNode(ids + "kennisbron/" + finding.knowledge)),
        (kern + "studietype", ox.NamedNode(ids + "studietype/" + KNOWLEDGE[finding.knowledge])),
        (kern + "bewijsniveau", ox.NamedNode(ids + "bewijsniveau/onbekend")),
        (kern + "uitSessie", ox.NamedNode(session)),
        (kern + "context", ox.Literal(finding.context_nl, language="nl")),
        (PREFIXES["dcterms"] + "source", ox.NamedNode(source)),
        (PREFIXES["prov"] + "wasAttributedTo", ox.NamedNode(attributed_to)),
    ]
    if finding.context_en:
        triples.append((kern + "context", ox.Literal(finding.context_en, language="en")))
    if finding.place:
        triples.append((kern + "betreftPlaats", ox.NamedNode(finding.place)))
    return [ox.Quad(node, ox.NamedNode(p), o, where) for p, o in triples]


def record_findings(
    store: Store,
    findings: list[Finding],
    *,
    session: str,
    source: str,
    attributed_to: str,
    graph: str,
    base: str = DEFAULT_BASE,
    validator: Validator | None = None,
) -> None:
    """Write the findings of one session in one transaction, after validation (all or nothing)."""
    quads = [q for f in findings for q in finding_quads(f, session, source, attributed_to, graph, base)]
    apply(store, Change(add=quads), validator)
