"""RDF exports, streamed: the whole dataset, one named graph, or the answer to a CONSTRUCT.

What is streamed and how (nothing here builds the whole output in memory):
- N-Quads and TriG of the whole dataset: Oxigraph's own dump.
- N-Triples and Turtle of the whole dataset: Oxigraph's dump per graph, one after the other (graph
  names are left out; a triple that is in two graphs appears twice, which RDF reads as once).
- RDF/XML of the whole dataset: Oxigraph's serialiser over all triples, as they come.
- One graph: Oxigraph's dump of that graph (N-Quads and TriG keep the graph name).
- JSON-LD: our own writer with the published context (graaf.export.jsonld).
All passes over the store read one consistent state (graaf.export.reading.frozen).
"""

from collections.abc import Iterable, Iterator
from typing import IO

import pyoxigraph as ox

from graaf.export import jsonld
from graaf.export.reading import frozen
from graaf.storage.errors import NotFound, QuerySyntaxError
from graaf.storage.formats import RdfFormat
from graaf.storage.sparql_text import tokens
from graaf.storage.store import Store
from ontologie.namespaces import PREFIXES


class UnknownGraph(NotFound, code="onbekende-graaf"):
    """A graph that is not in the store."""


class NotAGraphQuery(QuerySyntaxError, code="geen-construct"):
    """A SELECT or ASK where an export needs a graph: a mistake in the request, not a format to negotiate."""


_QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


def check_graph_query(query: str) -> None:
    """Refuse a SELECT or ASK before it runs; anything else is left to the parser.

    The form is the first of SELECT, CONSTRUCT, DESCRIBE and ASK outside braces: a SELECT inside a
    CONSTRUCT's WHERE is a subquery and does not count.
    """
    form = next((t.text.upper() for t in tokens(query) if t.depth == 0 and t.is_word(*_QUERY_FORMS)), None)
    if form in ("SELECT", "ASK"):
        raise NotAGraphQuery(
            f"Geef een CONSTRUCT-query (of DESCRIBE). Deze query is een {form}: die geeft geen graaf. "
            "Een tabel als antwoord krijg je via /sparql."
        )


def write_dataset(store: Store, out: IO[bytes], fmt: RdfFormat) -> None:
    """The whole dataset in `fmt`; formats without graphs get the union of all graphs."""
    with frozen(store) as fixed:
        if fmt.name in ("nquads", "trig"):
            fixed.dump_to(out, fmt.engine, prefixes=_prefixes(fmt))
        elif fmt.name == "jsonld":
            jsonld.write_dataset(out, ((g, _triples(fixed, g)) for g in fixed.graph_nodes()))
        elif fmt.name == "rdfxml":
            ox.serialize((q.triple for q in fixed.stream()), out, fmt.engine)
        else:
            for graph in fixed.graph_nodes():
                fixed.dump_to(out, fmt.engine, graph=graph, prefixes=_prefixes(fmt))


def write_graph(store: Store, out: IO[bytes], fmt: RdfFormat, graph: str) -> None:
    """One named graph in `fmt`; N-Quads and TriG keep its name."""
    node = ox.NamedNode(graph)
    with frozen(store) as fixed:
        if not fixed.has_graph(node):
            raise UnknownGraph(f"De graaf <{graph}> staat niet in de kennisgraaf.")
        if fmt.name == "jsonld":
            jsonld.write_triples(out, _triples(fixed, node))
        elif fmt.has_graphs:
            ox.serialize(fixed.stream(node), out, fmt.engine, prefixes=_prefixes(fmt))
        else:
            fixed.dump_to(out, fmt.engine, graph=node, prefixes=_prefixes(fmt))


def write_construct(store: Store, out: IO[bytes], fmt: RdfFormat, query: str) -> None:
    """The answer to a CONSTRUCT (or DESCRIBE) query, as it comes from the engine."""
    answer = store.run(query)
    if not isinstance(answer, ox.QueryTriples):
        raise NotAGraphQuery("Een export van een query moet een CONSTRUCT- of DESCRIBE-query zijn.")
    if fmt.name == "jsonld":
        jsonld.write_triples(out, answer)
    elif fmt.has_graphs:
        ox.serialize((ox.Quad(t.subject, t.predicate, t.object) for t in answer), out, fmt.engine)
    else:
        ox.serialize(answer, out, fmt.engine, prefixes=_prefixes(fmt))


def _prefixes(fmt: RdfFormat) -> dict[str, str] | None:
    return PREFIXES if fmt.name in ("turtle", "trig", "rdfxml") else None


def _triples(store: Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> Iterator[ox.Triple]:
    """The triples of one graph, those about one subject together where the engine allows.

    A store on disk hands them out ordered by subject; the in-memory store does not, and is small
    (tests, trying things out), so its triples are sorted here.
    """
    quads: Iterable[ox.Quad] = store.stream(graph)
    if store.path is None:
        quads = sorted(quads, key=lambda q: str(q.subject))
    return (q.triple for q in quads)
