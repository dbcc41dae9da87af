"""A deterministic generator of realistic synthetic graphs in the shape of the shipped data.

Everything it makes is labelled as fictitious ("Fictieve interventie 12") and lives in its own
graph, so it can never be mistaken for real knowledge. Same size and seed, same graph.
"""

import random
from collections.abc import Iterator

import pyoxigraph as ox

from ontologie.namespaces import DEFAULT_BASE, KERN

ID = DEFAULT_BASE + "id/"
GRAPH = ox.NamedNode(ID + "graaf/synthetisch")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DCT_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
DCT_CITATION = ox.NamedNode("http://purl.org/dc/terms/bibliographicCitation")
SOURCE = ox.NamedNode(ID + "bron/synthetisch")

MECHANISMS = [
    "chronische-stress",
    "schulden",
    "weinig-opleiding",
    "ziekte",
    "uitsluiting",
    "overleefstand",
    "zwakke-regio",
    "weinig-werkgelegenheid",
    "verborgen-armoede",
    "complex-hulpsysteem",
]
CAPITAL = ["economisch", "sociaal", "cultureel", "pedagogisch", "mentaal"]
GROUPS = ["kind", "jongere", "jongere-16-18", "volwassene", "gezin", "gezin-met-jonge-kinderen"]
PLACES = ["GM0037", "GM0047", "GM0114", "GM0765", "GM1952", "GM1895", "GM1950", "GM1680", "GM0109"]
LEVELS = ["onbekend", "goed-beschreven", "goed-onderbouwd", "effectief-eerste-aanwijzingen"]
SOURCES = ["wetenschappelijk", "professioneel", "ervaring"]
BURDEN = ["licht", "gemiddeld", "zwaar"]

TRIPLES_PER_INTERVENTION = 54  # what intervention() makes; used to size a run


def _n(path: str) -> ox.NamedNode:
    return ox.NamedNode(ID + path)


def _k(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(KERN[name]))


def _nl_en(subject: ox.NamedNode, predicate: ox.NamedNode, nl: str, en: str) -> list[ox.Quad]:
    return [
        ox.Quad(subject, predicate, ox.Literal(nl, language="nl"), GRAPH),
        ox.Quad(subject, predicate, ox.Literal(en, language="en"), GRAPH),
    ]


def intervention(index: int, rng: random.Random, prefix: str = "fictief") -> list[ox.Quad]:
    """One fictitious intervention with two effects, each with one piece of evidence."""
    node = _n(f"interventie/{prefix}-{index}")
    quads = [ox.Quad(node, RDF_TYPE, _k("PersoonsgerichteInterventie"), GRAPH)]
    quads += _nl_en(node, RDFS_LABEL, f"Fictieve interventie {index}", f"Fictitious intervention {index}")
    quads += _nl_en(node, _k("doel"), f"Fictief doel van interventie {index}.", f"Fictitious aim {index}.")
    quads += [
        ox.Quad(node, _k("voorDoelgroep"), _n("doelgroep/" + rng.choice(GROUPS)), GRAPH),
        ox.Quad(node, _k("aangebodenIn"), _n("plaats/" + rng.choice(PLACES)), GRAPH),
        ox.Quad(node, _k("belasting"), _n("belasting/" + rng.choice(BURDEN)), GRAPH),
        ox.Quad(node, _k("status"), _n("status/lopend"), GRAPH),
        ox.Quad(node, DCT_SOURCE, SOURCE, GRAPH),
    ]
    targets = [_n("mechanisme/" + rng.choice(MECHANISMS)), _n("kapitaalvorm/" + rng.choice(CAPITAL))]
    for number, target in enumerate(targets):
        effect = _n(f"effect/{prefix}-{index}-{number}")
        evidence = _n(f"bewijs/{prefix}-{index}-{number}")
        level = rng.choice(LEVELS)
        knowledge = "wetenschappelijk" if level.startswith("effectief") else rng.choice(SOURCES)
        quads += [
            ox.Quad(effect, RDF_TYPE, _k("Effect"), GRAPH),
            ox.Quad(effect, _k("vanInterventie"), node, GRAPH),
            ox.Quad(effect, _k("werktOp"), target, GRAPH),
            ox.Quad(effect, _k("richting"), _n("effectrichting/helpt"), GRAPH),
            ox.Quad(effect, _k("effectsoort"), _n("effectsoort/beoogd"), GRAPH),
            ox.Quad(effect, _k("herkomst"), _n("herkomst/expliciet"), GRAPH),
            ox.Quad(effect, _k("sectie"), ox.Literal(f"Fictieve sectie {number}"), GRAPH),
            ox.Quad(effect, DCT_SOURCE, SOURCE, GRAPH),
            ox.Quad(evidence, RDF_TYPE, _k("Bewijs"), GRAPH),
            ox.Quad(evidence, _k("ondersteunt"), effect, GRAPH),
            ox.Quad(evidence, _k("kennisbron"), _n("kennisbron/" + knowledge), GRAPH),
            ox.Quad(evidence, _k("bewijsniveau"), _n("bewijsniveau/" + level), GRAPH),
            ox.Quad(evidence, _k("studietype"), _n("studietype/praktijkevaluatie"), GRAPH),
            ox.Quad(evidence, _k("sectie"), ox.Literal("Fictief"), GRAPH),
            ox.Quad(evidence, DCT_SOURCE, SOURCE, GRAPH),
            ox.Quad(evidence, DCT_CITATION, ox.Literal(f"Fictieve studie {index}-{number}."), GRAPH),
        ]
        quads += _nl_en(effect, RDFS_LABEL, f"Fictief effect {index}-{number}", f"Fictitious effect {index}-{number}")
        quads += _nl_en(
            evidence, RDFS_LABEL, f"Fictief bewijs {index}-{number}", f"Fictitious evidence {index}-{number}"
        )
        quads += _nl_en(evidence, _k("context"), "Fictieve context.", "Fictitious context.")
    return quads


def header() -> list[ox.Quad]:
    """The fictitious source document that every synthetic fact cites."""
    foaf_doc = ox.NamedNode("http://xmlns.com/foaf/0.1/Document")
    quads = [ox.Quad(SOURCE, RDF_TYPE, foaf_doc, GRAPH)]
    quads += _nl_en(
        SOURCE,
        ox.NamedNode("http://purl.org/dc/terms/title"),
        "Fictieve bron voor benchmarks",
        "Fictitious source for benchmarks",
    )
    quads.append(ox.Quad(SOURCE, DCT_CITATION, ox.Literal("Fictief: gegenereerd voor benchmarks."), GRAPH))
    return quads


def relations(count: int, rng: random.Random, prefix: str = "fictief") -> list[ox.Quad]:
    """Synergy between some neighbours, a clash now and then, so cocktails have links to honour."""
    quads = []
    for index in range(0, count - 3, 7):
        first = _n(f"interventie/{prefix}-{index}")
        quads.append(ox.Quad(first, _k("heeftSynergieMet"), _n(f"interventie/{prefix}-{index + 1}"), GRAPH))
        if rng.random() < 0.3:
            quads.append(ox.Quad(first, _k("botstMet"), _n(f"interventie/{prefix}-{index + 3}"), GRAPH))
    return quads


OBSERVATION_TRIPLES = 7


def observation(index: int, rng: random.Random) -> list[ox.Quad]:
    """A fictitious indicator value for a place and year, the kind of data that makes a graph grow."""
    node = _n(f"observatie/fictief-{index}")
    sosa = "http://www.w3.org/ns/sosa/"
    year = ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    return [
        ox.Quad(node, RDF_TYPE, _k("Observatie"), GRAPH),
        ox.Quad(node, ox.NamedNode(sosa + "observedProperty"), _n(f"indicator/fictief-{index % 20}"), GRAPH),
        ox.Quad(node, ox.NamedNode(sosa + "hasFeatureOfInterest"), _n("plaats/" + rng.choice(PLACES)), GRAPH),
        ox.Quad(
            node,
            ox.NamedNode(sosa + "hasSimpleResult"),
            ox.Literal(f"{rng.uniform(0, 100):.1f}", datatype=decimal),
            GRAPH,
        ),
        ox.Quad(node, _k("periode"), ox.Literal(str(2000 + index % 25), datatype=year), GRAPH),
        ox.Quad(node, _k("eenheid"), ox.Literal("procent"), GRAPH),
        ox.Quad(node, RDFS_LABEL, ox.Literal(f"Fictieve waarneming {index}", language="nl"), GRAPH),
    ]


def generate(
    triples: int, seed: int = 0, prefix: str = "fictief", interventions: int | None = None
) -> Iterator[ox.Quad]:
    """About `triples` triples: fictitious interventions with effects and evidence, and (when the
    number of interventions is fixed) fictitious observations to fill up to the requested size."""
    rng = random.Random(seed)
    yield from header()
    count = interventions if interventions is not None else max(1, triples // TRIPLES_PER_INTERVENTION)
    for index in range(count):
        yield from intervention(index, rng, prefix)
    yield from relations(count, rng, prefix)
    made = count * TRIPLES_PER_INTERVENTION
    for index in range(max(0, (triples - made) // OBSERVATION_TRIPLES)):
        yield from observation(index, rng)
