"""The SPARQL 1.1 Service Description of the endpoint: what it speaks, in which formats, over which graphs.

Built from terms rather than from a text template, because the endpoint's address comes from the
request (its Host header) and must not be able to change the description's structure.
"""

from collections.abc import Iterable

import pyoxigraph as ox

from graaf.storage.formats import rdf_format

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")

# The W3C names (http://www.w3.org/ns/formats/) of what the endpoint writes and reads.
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
    "TriG",
    "N-Quads",
)


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def describe(
    endpoint: str,
    graphs: Iterable[str],
    *,
    federated: bool,
    limits: str,
    format_name: str,
) -> tuple[str, bytes]:
    """The description in the given RDF format, with its media type. Raises ValueError for a bad address."""
    service = ox.NamedNode(endpoint)
    dataset, default = ox.BlankNode(), ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("inputFormat"), ox.NamedNode(FORMATS + "Turtle")),
        ox.Triple(service, RDFS_COMMENT, ox.Literal(limits, language="nl")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    if federated:
        triples.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    triples += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + name)) for name in RESULT_FORMATS]
    for graph in graphs:
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(graph)),
        ]
    fmt = rdf_format(format_name)
    data = [ox.Quad(t.subject, t.predicate, t.object) for t in triples] if fmt.has_graphs else triples
    body = ox.serialize(data, format=fmt.engine, prefixes={"sd": SD}) or b""
    return fmt.media_type, body
