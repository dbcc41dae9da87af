"""SHACL validation with pyshacl, of a whole graph or of one change against the store.

A change is validated on the part of the graph it touches plus what depends on it, so a small
import into a large graph stays fast. The shapes and the vocabulary are parsed once per process.
"""

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Identifier

from graaf.changes import Change
from graaf.errors import ValidationFailed
from graaf.store import DEFAULT_GRAPH, Store
from graaf.terms import to_rdflib
from ontologie import ontology_files
from validatie.locate import Locator
from validatie.privacy import scan_graph
from validatie.report import Finding, Report

SHAPES_DIR = Path(__file__).resolve().parent / "shapes"
PRIVACY_RULE = "https://data.alliantievankracht.nl/def/vormen#Privacy"
Node = ox.NamedNode | ox.BlankNode
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

# How far a change reaches. Values of a focus node are followed `_OUT_HOPS` steps, because shapes
# check the type of a value (sh:class) and SPARQL rules look a few steps ahead (a cocktail's
# interventions that clash). Nodes that point at a changed node are followed `_IN_HOPS` steps back.
_OUT_HOPS = 3
_IN_HOPS = 2


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def vocabulary_graph() -> Graph:
    """The ontology and concept schemes, mixed into every data graph so class targets see subclasses."""
    graph = Graph()
    for path, _ in ontology_files():
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def _vocabulary_hubs() -> frozenset[ox.NamedNode]:
    """Terms and concepts: many nodes point at them, so walking back from them would reach everything."""
    return frozenset(ox.NamedNode(str(n)) for n in vocabulary_graph().subjects() if isinstance(n, URIRef))


def validate_graph(
    data: Graph,
    *,
    focus: set[Identifier] | None = None,
    locator: Locator | None = None,
    source: str | None = None,
) -> Report:
    """Validate a data graph; with `focus`, keep only findings about those nodes."""
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=vocabulary_graph(),
        advanced=True,
        inference=None,
        allow_warnings=True,
        allow_infos=True,
        do_owl_imports=False,
    )
    report = Report()
    assert isinstance(results, Graph)
    for result in results.subjects(RDF.type, SH.ValidationResult):
        node = results.value(result, SH.focusNode)
        if focus is not None and node not in focus:
            continue
        report.findings.append(_finding(results, result, locator, source))
    for found in scan_graph(data, None if focus is None else {n for n in focus if isinstance(n, URIRef)}):
        line = locator.line_of(found.subject) if locator else None
        report.findings.append(
            Finding(
                focus=found.subject,
                severity="Violation",
                messages={"nl": found.message("nl"), "en": found.message("en")},
                shape=PRIVACY_RULE,
                path=found.predicate,
                line=line,
                source=source,
            )
        )
    return report


def _finding(results: Graph, result: Identifier, locator: Locator | None, source: str | None) -> Finding:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    messages: dict[str, str] = {}
    for message in results.objects(result, SH.resultMessage):
        if isinstance(message, Literal):
            messages.setdefault(message.language or "nl", str(message))
    focus_text = str(focus)
    return Finding(
        focus=focus_text,
        severity=_SEVERITY.get(results.value(result, SH.resultSeverity), "Violation"),  # type: ignore[arg-type]
        messages=messages,
        shape=str(results.value(result, SH.sourceShape)),
        path=str(path) if isinstance(path, URIRef) else None,
        value=None if value is None else str(value),
        line=locator.line_of(focus_text) if locator and isinstance(focus, URIRef) else None,
        source=source,
    )


def validate_store(store: Store) -> Report:
    """Validate everything in the store (all graphs together), except the vocabulary's own files."""
    return validate_graph(_to_graph(store.quads()))


def _to_graph(quads: Iterable[ox.Quad]) -> Graph:
    graph = Graph()
    for quad in quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


class ShaclValidator:
    """The validator the store's write path uses: refuses a change with a Violation."""

    def check(self, store: Store, change: Change) -> None:
        report = self.validate_change(store, change)
        if not report.conforms:
            raise ValidationFailed(
                f"De wijziging is niet opgeslagen: {report.count('Violation')} fout(en) gevonden.", report
            )

    def validate_change(
        self, store: Store, change: Change, *, locator: Locator | None = None, source: str | None = None
    ) -> Report:
        neighbourhood = _Neighbourhood(store, change)
        return validate_graph(neighbourhood.graph(), focus=neighbourhood.focus, locator=locator, source=source)


class _Neighbourhood:
    """The state after a change, restricted to the nodes the change touches and what depends on them."""

    def __init__(self, store: Store, change: Change) -> None:
        self._store = store
        self._removed = set(change.remove)
        self._dropped = set(change.replace_graphs)
        self._out: dict[ox.NamedNode | ox.BlankNode, list[ox.Quad]] = {}
        self._in: dict[ox.NamedNode | ox.BlankNode | ox.Literal, list[ox.Quad]] = {}
        for quad in change.add:
            self._out.setdefault(quad.subject, []).append(quad)  # type: ignore[arg-type]
            self._in.setdefault(quad.object, []).append(quad)  # type: ignore[arg-type]
        self._added = change.add
        touched_quads = list(change.add) + list(change.remove)
        for graph in self._dropped:
            node = None if graph == DEFAULT_GRAPH else graph
            touched_quads += store.quads(node) if node is not None else store.quads(DEFAULT_GRAPH)
        subjects = {q.subject for q in touched_quads}
        objects = {q.object for q in touched_quads if isinstance(q.object, (ox.NamedNode, ox.BlankNode))}
        hubs = _vocabulary_hubs()
        focus = set(subjects) | objects
        focus |= self._walk_in(subjects - hubs, _IN_HOPS, hubs) | self._walk_in(objects - hubs, 1, hubs)
        self._focus_nodes = focus
        self.focus: set[Identifier] = {to_rdflib(n) for n in focus}

    def _alive(self, quad: ox.Quad) -> bool:
        graph = DEFAULT_GRAPH if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value  # type: ignore[union-attr]
        return quad not in self._removed and graph not in self._dropped

    def outgoing(self, node: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
        return [q for q in self._store.quads_from(node) if self._alive(q)] + self._out.get(node, [])

    def incoming(self, node: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
        return [q for q in self._store.quads_to(node) if self._alive(q)] + self._in.get(node, [])

    def _walk_in(self, start: set[Node], hops: int, hubs: frozenset[ox.NamedNode]) -> set[Node]:
        seen: set[Node] = set()
        frontier = start
        for _ in range(hops):
            nxt = {q.subject for n in frontier for q in self.incoming(n)} - seen - hubs
            seen |= nxt
            frontier = nxt  # type: ignore[assignment]
        return seen

    def graph(self) -> Graph:
        quads: set[ox.Quad] = set()
        frontier = set(self._focus_nodes)
        seen: set[object] = set()
        for node in self._focus_nodes:
            quads.update(self.incoming(node))
        for _ in range(_OUT_HOPS + 1):
            nxt = set()
            for node in frontier - seen:
                seen.add(node)
                for quad in self.outgoing(node):  # type: ignore[arg-type]
                    quads.add(quad)
                    if isinstance(quad.object, (ox.NamedNode, ox.BlankNode)):
                        nxt.add(quad.object)
            frontier = nxt
        return _to_graph(quads)
