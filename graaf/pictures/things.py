"""Name and kind of each IRI in a picture, read in two queries for all of them at once."""

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from graaf.describe import Labeller
from graaf.pictures.style import kind_of
from graaf.storage.store import Store
from graaf.storage.terms import to_oxigraph

_CHUNK = 500


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    kind: str


def nodes(store: Store, iris: Iterable[str], lang: str) -> dict[str, Node]:
    """A Node per IRI. The IRIs in the VALUES block come from the store's own answers, written by Oxigraph."""
    wanted = sorted(set(iris))
    label = Labeller(store, lang)
    label.load(wanted)
    types: dict[str, set[str]] = {iri: set() for iri in wanted}
    for start in range(0, len(wanted), _CHUNK):
        values = " ".join(str(to_oxigraph(URIRef(i))) for i in wanted[start : start + _CHUNK])
        for row in store.values(f"SELECT ?x ?t WHERE {{ VALUES ?x {{ {values} }} ?x a ?t }}"):
            types[row["x"]].add(row["t"])
    return {iri: Node(iri, label(iri), kind_of(types[iri])) for iri in wanted}
