"""Consistency of the ontology (and of data against it) with owlready2 and the HermiT reasoner.

HermiT runs in Java; owlready2 ships the reasoner and calls `java`. Files are handed over as
N-Triples because owlready2 reads that reliably, whatever the source format was.
"""

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

# Reification triples (rdf:Statement, rdf:subject, ...) describe claims, not the world; OWL 2 DL
# reserves that vocabulary, so they are left out of the reasoner's input.
_RESERVED = {RDF.Statement, RDF.subject, RDF.predicate, RDF.object}

# HermiT refuses literals whose datatype is outside the OWL 2 datatype map (xsd:date, xsd:gYear,
# xsd:gYearMonth, ...). Dates say nothing about consistency here, so such literals are left out.
_OWL2_DATATYPES = {
    RDF.langString,
    RDF.PlainLiteral,
    RDF.XMLLiteral,
    URIRef("http://www.w3.org/2000/01/rdf-schema#Literal"),
    *(
        XSD[name]
        for name in (
            "string normalizedString token language Name NCName NMTOKEN boolean decimal integer "
            "nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short byte "
            "unsignedLong unsignedInt unsignedShort unsignedByte double float anyURI hexBinary "
            "base64Binary dateTime dateTimeStamp"
        ).split()
    ),
}


def _reasoner_can_read(triple: tuple[object, object, object]) -> bool:
    _, predicate, obj = triple
    if predicate in _RESERVED or (predicate == RDF.type and obj in _RESERVED):
        return False
    return not (isinstance(obj, Literal) and obj.datatype is not None and obj.datatype not in _OWL2_DATATYPES)


@dataclass
class ConsistencyReport:
    consistent: bool
    unsatisfiable_classes: list[str] = field(default_factory=list)
    message: str = ""


def check_consistency(paths: Iterable[Path]) -> ConsistencyReport:
    """Load the Turtle files into a fresh owlready2 world and run HermiT over them."""
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    for triple in list(graph):
        if not _reasoner_can_read(triple):
            graph.remove(triple)
    world = owlready2.World()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "alles.nt"
        graph.serialize(target, format="nt", encoding="utf-8")
        onto = world.get_ontology(target.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as error:
            return ConsistencyReport(False, message=str(error))
    unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes() if c is not owlready2.Nothing)
    return ConsistencyReport(not unsatisfiable, unsatisfiable)


def declared_terms(graph: Graph, namespace: str) -> set[URIRef]:
    """Terms of our own namespace that the ontology declares as class or property."""
    kinds = {
        URIRef("http://www.w3.org/2002/07/owl#" + k)
        for k in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")
    }
    return {s for s, _, o in graph.triples((None, RDF.type, None)) if o in kinds and str(s).startswith(namespace)}  # type: ignore[misc]
