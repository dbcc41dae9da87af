"""SHACL validation with pyshacl, of a whole graph or of one change against the store.

A change is validated on the part of the graph it touches plus what depends on it, so a small
import into a large graph stays fast. The shapes and the vocabulary are parsed once per process.
"""

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Identifier

from graaf.storage import bounded
from graaf.storage.changes import Change
from graaf.storage.errors import ValidationFailed
from graaf.storage.store import DEFAULT_GRAPH, Store
from graaf.storage.terms import to_oxigraph, to_rdflib
from ontologie import ontology_files
from validatie.locate import Locator
from validatie.privacy import scan_graph
from validatie.report import Finding, Report
from validatie.sparql_rules import SparqlRule, run, split

SHAPES_DIR = Path(__file__).resolve().parent / "shapes"
PRIVACY_RULE = "https://data.alliantievankracht.nl/def/vormen#Privacy"
Node = ox.NamedNode | ox.BlankNode
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

# How far a change reaches. Values of a focus node are followed `_OUT_HOPS` steps, because shapes
# check the type of a value (sh:class) and SPARQL rules look a few steps ahead (a cocktail's
# interventions that clash). Nodes that point at a changed node are followed `_IN_HOPS` steps back.
_OUT_HOPS = 3
_IN_HOPS = 2
# A node with more incoming links than this is not walked back from: re-judging every node that
# cites one source document or lies in one municipality would make a small change cost a full check.
# Such a node's own changes are still validated, and a full validation (kennisgraaf valideer) sees all.
_INBOUND_LIMIT = 1_000


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def _core_and_rules() -> tuple[Graph, list[SparqlRule]]:
    _speed_up_pyshacl()
    return split(shapes_graph())


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


def _targeting(core: Graph, data: Graph, focus: set[Identifier]) -> Graph:
    """The core shapes, with only those targets kept that can reach a focus node.

    The vocabulary is part of every data graph (shapes need the concepts' types), so without this
    pyshacl would check every concept of every scheme again on each small change. pyshacl's own
    focus_nodes option cannot be used: it also filters the values that nested shapes look at.
    """
    superclasses = vocabulary_graph().transitive_objects
    types = {c for node in focus for t in data.objects(node, RDF.type) for c in superclasses(t, RDFS.subClassOf)}
    outgoing = {p for node in focus for p in data.predicates(node, None)}
    incoming = {p for node in focus for p in data.predicates(None, node)}
    key = (frozenset(types), frozenset(outgoing), frozenset(incoming), frozenset(focus & _target_nodes(core)))
    return _filtered_core(key)


@lru_cache(maxsize=1)
def _target_nodes(core: Graph) -> frozenset[Identifier]:
    return frozenset(core.objects(None, SH.targetNode))


@lru_cache(maxsize=64)
def _filtered_core(key: tuple[frozenset[Identifier], ...]) -> Graph:
    types, outgoing, incoming, nodes = key
    keep = {SH.targetClass: types, SH.targetSubjectsOf: outgoing, SH.targetObjectsOf: incoming, SH.targetNode: nodes}
    core, _ = _core_and_rules()
    filtered = Graph()
    for triple in core:
        if triple[1] in keep and triple[2] not in keep[triple[1]]:  # type: ignore[index]
            continue
        filtered.add(triple)
    return filtered


class _ParameterList(list):  # type: ignore[type-arg]
    """A list with set-speed membership: what pyshacl keeps its constraint parameters in."""

    def __init__(self, items: Iterable[object] = ()) -> None:
        super().__init__(items)
        self._members = set(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members

    def append(self, item: object) -> None:
        super().append(item)
        self._members.add(item)

    def copy(self) -> "_ParameterList":
        return _ParameterList(self)


def _speed_up_pyshacl() -> None:
    """Let pyshacl look up constraint parameters in a set instead of scanning a list.

    For every shape and focus node pyshacl asks whether each predicate of the shape is a constraint
    parameter, by scanning a list with rdflib's slow term comparison: a third of the time of a full
    validation. pyshacl caches that list on its module; we put the same members there in a list
    whose membership test is a set lookup (it still copies and appends like a list).
    """
    from pyshacl import shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    shape.CONSTRAINT_PARAMS = (_ParameterList(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)  # type: ignore[attr-defined]


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
    rules_query: Callable[[str], object] | None = None,
    with_vocabulary: bool = True,
) -> Report:
    """Validate the nodes of a data graph (or only `focus`), with the vocabulary as context.

    The SHACL Core part runs in pyshacl; the SPARQL rules run in Oxigraph, over `rules_query` when
    the caller has the data in a store already, else over a temporary copy of `data`.
    """
    core, rules = _core_and_rules()
    if focus is None and with_vocabulary:
        focus = set(data.subjects())
    if with_vocabulary:
        # Not pyshacl's ont_graph: that mixes in class and property axioms only, and sh:class on a
        # value such as doelgroep:gezin needs the concept's own typing from the concept schemes.
        data = data + vocabulary_graph()
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=_targeting(core, data, focus) if focus is not None else core,
        inplace=True,  # `data` is always a fresh graph of our own here; no copy needed
        advanced=False,  # no SHACL-AF in our shapes; the SPARQL rules run in Oxigraph (sparql_rules)
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
    if rules_query is None:
        scratch = ox.Store()
        scratch.extend(_to_quads(data))
        rules_query = lambda query: scratch.query(query, use_default_graph_as_union=True)  # noqa: E731
    for hit in run(rules, rules_query):
        node = to_rdflib(hit.focus)
        if focus is not None and node not in focus:
            continue
        text = str(node)
        report.findings.append(
            Finding(
                focus=text,
                severity=hit.rule.severity,
                messages=hit.rule.messages,
                shape=hit.rule.shape,
                path=hit.path,
                value=hit.value,
                line=locator.line_of(text) if locator and isinstance(node, URIRef) else None,
                source=source,
            )
        )
    for found in scan_graph(data, focus):
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
    """Validate everything in the store, all graphs together (the vocabulary is in the store itself)."""
    return validate_graph(_to_graph(store.quads()), rules_query=store.run, with_vocabulary=False)


def _to_quads(graph: Graph) -> list[ox.Quad]:
    return [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph]  # type: ignore[arg-type]


def _to_graph(quads: Iterable[ox.Quad]) -> Graph:
    graph = Graph()
    for quad in quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


class ShaclValidator:
    """The validator the store's write path uses: refuses a change with a Violation.

    `bounded`: run pyshacl in a bounded worker process (graaf.storage.bounded), as for everything a client
    sent. The store is read here, in this process; only the small neighbourhood graph of the change
    crosses to the worker. Shipped data and the graph's own writes (a saved cocktail) need no bound.
    """

    def __init__(self, *, bounded: bool = False) -> None:
        self.bounded = bounded

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
        if self.bounded:
            return bounded.pool().call(_validate_in_worker, neighbourhood.graph(), neighbourhood.focus, locator, source)
        return validate_graph(neighbourhood.graph(), focus=neighbourhood.focus, locator=locator, source=source)


def warm_worker() -> None:
    """Parse the shapes and the vocabulary before a bounded worker takes its first job (graaf.storage.bounded)."""
    _core_and_rules()
    vocabulary_graph()
    _vocabulary_hubs()


def _validate_in_worker(data: Graph, focus: set[Identifier], locator: Locator | None, source: str | None) -> Report:
    """In a worker: validate_graph on a neighbourhood that came over the pipe."""
    return validate_graph(data, focus=focus, locator=locator, source=source)


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
        # A node that a change only points at keeps its own triples; it is judged again because shapes
        # with an inverse path (an intervention needs an effect) may now say otherwise. Nodes that point
        # at a changed subject depend on it (sh:class of a value, SPARQL rules that look ahead).
        focus = set(subjects) | {o for o in objects - hubs if not self._crowded(o)}
        focus |= self._walk_in(subjects - hubs, _IN_HOPS, hubs)
        self._focus_nodes = focus
        self.focus: set[Identifier] = {to_rdflib(n) for n in focus}

    def _crowded(self, node: Node) -> bool:
        """Too many nodes point here (a source document, a municipality) to re-judge them all."""
        return len(self._store.quads_to(node, limit=_INBOUND_LIMIT + 1)) > _INBOUND_LIMIT

    def _alive(self, quad: ox.Quad) -> bool:
        graph = DEFAULT_GRAPH if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value  # type: ignore[union-attr]
        return quad not in self._removed and graph not in self._dropped

    def outgoing(self, node: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
        return [q for q in self._store.quads_from(node) if self._alive(q)] + self._out.get(node, [])

    def incoming(self, node: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
        return [q for q in self._store.quads_to(node) if self._alive(q)] + self._in.get(node, [])

    def _walk_in(self, start: set[Node], hops: int, hubs: frozenset[ox.NamedNode]) -> set[Node]:
        seen: set[Node] = set()
        frontier = {n for n in start if not self._crowded(n)}
        for _ in range(hops):
            nxt = {q.subject for n in frontier for q in self.incoming(n)} - seen - hubs
            seen |= nxt
            frontier = {n for n in nxt if not self._crowded(n)}
        return seen

    def graph(self) -> Graph:
        quads: set[ox.Quad] = set()
        frontier = set(self._focus_nodes)
        seen: set[object] = set()
        for node in self._focus_nodes:
            if not self._crowded(node):
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
