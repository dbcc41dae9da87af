"""The graph as a network for Gephi and networkx: GraphML and GEXF.

Nodes are the things of the graph: every IRI with a type from outside the OWL/RDF(S) vocabulary
(so the ontology's classes and properties stay out). Each node has its IRI, its type and a name in
Dutch and English. Edges are the links between two things (every property except rdf:type), with
the relation and, where it applies, the level of evidence. On top of that, each effect gives a direct
edge from its intervention to what it works on (relation `kern:werktOp`, attribute `via` = the effect),
so a network of interventions and mechanisms can be drawn without the effect nodes in between.

networkx holds the whole network in memory, so these formats are bounded: a graph with more than
`limit` triples is refused with a clear error (HTTP 413) instead of filling the memory. The file is
built once per state of the store and kept until the next write (graaf.storage.versioned), so many downloads
cost one build. It is always the whole graph: a network of one named graph or of a query is refused.
"""

import io
from collections.abc import Callable, Iterator
from typing import IO

import networkx as nx
import pyoxigraph as ox

from graaf.export.reading import frozen
from graaf.storage.errors import BadRequest, TooLarge
from graaf.storage.store import Store
from graaf.storage.terms import curie, local_name
from graaf.storage.versioned import cached
from ontologie.namespaces import PREFIXES

NETWORK_LIMIT = 2_000_000
K = PREFIXES["kern"]
_SKIP_TYPES = (PREFIXES["owl"], PREFIXES["rdfs"], PREFIXES["rdf"], "http://www.w3.org/ns/shacl#")
_LABELS = (PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel", PREFIXES["dcterms"] + "title")
RDF_TYPE = PREFIXES["rdf"] + "type"


class ExportTooLarge(TooLarge, code="te-groot"):
    """An export that would have to be built in memory and is larger than allowed."""


_NODES = """
SELECT ?node ?type WHERE { ?node a ?type . FILTER(isIRI(?node) && isIRI(?type)) }
"""
_NAMES = """
SELECT ?node ?p ?name WHERE {
  VALUES ?p { <%s> }
  ?node ?p ?name . FILTER(isIRI(?node) && (langMatches(lang(?name), "nl") || langMatches(lang(?name), "en")))
}
"""
_LINKS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(isIRI(?s) && isIRI(?o)) }"
# The highest level of evidence per effect, and per piece of evidence its own level.
_LEVELS = """
PREFIX kern: <https://data.alliantievankracht.nl/def/kern#>
SELECT ?item ?code ?rang WHERE {
  { ?bewijs kern:ondersteunt ?item ; kern:bewijsniveau ?code . ?code kern:rang ?rang }
  UNION
  { ?item kern:bewijsniveau ?code . OPTIONAL { ?code kern:rang ?rang } }
}
"""
_EFFECTS = """
PREFIX kern: <https://data.alliantievankracht.nl/def/kern#>
SELECT ?effect ?interventie ?doelwit ?richting WHERE {
  ?effect kern:vanInterventie ?interventie ; kern:werktOp ?doelwit .
  OPTIONAL { ?effect kern:richting ?richting }
}
"""


class WholeGraphOnly(BadRequest, code="alleen-hele-graaf"):
    """A network export of part of the graph: it would silently be the whole graph under another name."""


def network_file(store: Store, fmt: str, limit: int = NETWORK_LIMIT) -> bytes:
    """The network as a GraphML or GEXF file ('graphml', 'gexf'), built once per state of the store."""
    _check_size(store, limit)
    write = write_graphml if fmt == "graphml" else write_gexf
    return cached(store, ("export-network", fmt), lambda: _serialised(build(store, limit), write))


def _serialised(network: nx.MultiDiGraph, write: Callable[[nx.MultiDiGraph, IO[bytes]], None]) -> bytes:
    out = io.BytesIO()
    write(network, out)
    return out.getvalue()


def _check_size(store: Store, limit: int) -> None:
    if len(store) > limit:
        raise ExportTooLarge(
            f"De graaf heeft {len(store):,} triples; als netwerk (GraphML, GEXF) kunnen er hoogstens {limit:,}. "
            "Exporteer als N-Triples of N-Quads, of exporteer één graaf."
        )


def build(store: Store, limit: int = NETWORK_LIMIT) -> nx.MultiDiGraph:
    """The network of things in the store (read from one consistent state)."""
    _check_size(store, limit)
    with frozen(store) as fixed:
        network = nx.MultiDiGraph(name="Kennisgraaf Generatiearmoede")
        _add_nodes(fixed, network)
        levels = _levels(fixed)
        _add_links(fixed, network, levels)
        _add_effect_edges(fixed, network, levels)
    return network


def _add_nodes(store: Store, network: nx.MultiDiGraph) -> None:
    types: dict[str, list[str]] = {}
    for row in store.values(_NODES):
        if not row["type"].startswith(_SKIP_TYPES):
            types.setdefault(row["node"], []).append(curie(row["type"]))
    names: dict[tuple[str, str], str] = {}
    # The first label property that has a name in a language wins (rdfs:label, then skos:prefLabel, then title).
    for predicate in reversed(_LABELS):
        for row in _rows(store, _NAMES % predicate):
            node, name = row
            if node in types:
                names[(node, name.language or "")] = name.value  # type: ignore[union-attr]
    for node, kinds in types.items():
        # One type is what Gephi colours by: our own class when there is one (not also skos:Concept).
        own = [k for k in kinds if k.startswith("kern:")] or kinds
        network.add_node(
            node,
            label=names.get((node, "nl")) or names.get((node, "en")) or node,
            naam_nl=names.get((node, "nl"), ""),
            naam_en=names.get((node, "en"), ""),
            type=" ".join(sorted(set(own))),
        )


def _rows(store: Store, query: str) -> Iterator[tuple[str, ox.Literal]]:
    for solution in store.run(query):  # type: ignore[union-attr]
        yield solution["node"].value, solution["name"]


def _levels(store: Store) -> dict[str, str]:
    """Per effect the highest level of the evidence that supports it, per piece of evidence its own."""
    best: dict[str, tuple[int, str]] = {}
    for row in store.values(_LEVELS):
        rank = int(row.get("rang", "0"))
        code = local_name(row["code"])
        if row["item"] not in best or rank > best[row["item"]][0]:
            best[row["item"]] = (rank, code)
    return {item: code for item, (_, code) in best.items()}


def _add_links(store: Store, network: nx.MultiDiGraph, levels: dict[str, str]) -> None:
    for row in store.values(_LINKS):
        source, relation, target = row["s"], row["p"], row["o"]
        if relation == RDF_TYPE or source not in network or target not in network:
            continue
        level = levels.get(source, "") if relation in (K + "vanInterventie", K + "werktOp", K + "ondersteunt") else ""
        network.add_edge(source, target, relatie=curie(relation), bewijsniveau=level, via="", richting="")


def _add_effect_edges(store: Store, network: nx.MultiDiGraph, levels: dict[str, str]) -> None:
    for row in store.values(_EFFECTS):
        source, target = row["interventie"], row["doelwit"]
        if source in network and target in network:
            network.add_edge(
                source,
                target,
                relatie="kern:werktOp",
                # No evidence recorded is not the same as evidence of level "onbekend": leave it empty.
                bewijsniveau=levels.get(row["effect"], ""),
                via=row["effect"],
                richting=local_name(row.get("richting", "")),
            )


def write_graphml(network: nx.MultiDiGraph, out: IO[bytes]) -> None:
    nx.write_graphml(_with_edge_ids(network), out, encoding="utf-8", prettyprint=False)


def write_gexf(network: nx.MultiDiGraph, out: IO[bytes]) -> None:
    nx.write_gexf(_with_edge_ids(network), out, encoding="utf-8", prettyprint=False)


def _with_edge_ids(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Edge keys made unique over the whole network: GEXF wants one id per edge."""
    numbered = nx.MultiDiGraph(name=network.graph.get("name", ""))
    numbered.add_nodes_from(network.nodes(data=True))
    for number, (source, target, data) in enumerate(network.edges(data=True)):
        numbered.add_edge(source, target, key=f"e{number}", **data)
    return numbered
