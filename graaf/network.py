"""Related interventions: a networkx graph of interventions and what they work on, ranked by personalised PageRank.

Interventions are linked to the mechanisms and capital forms they work on (through their effects)
and to their target groups; kern:heeftSynergieMet links two interventions directly. We rank with
personalised PageRank from the intervention on the page rather than by counting shared neighbours,
because PageRank spreads its weight over each node's links: sharing a mechanism that only two
interventions work on counts for more than sharing one that twenty work on, and synergy (a direct
link) counts most. Only interventions with a reason we can put in words are shown. Clashes
(kern:botstMet) and overlaps (kern:overlaptMet) are not similarity: they come back as warnings.

The graph is built once per store; after a write only the interventions it touched are read again
(`refresh`): at a million triples that takes a fraction of a second, a whole build about 3 s.
"""

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from graaf.storage.patterns import INTERVENTION_CLASSES, any_intervention, values_clause
from graaf.storage.store import Store
from graaf.storage.versioned import cached
from ontologie.namespaces import KERN, sparql_prefixes

_PREFIXES = sparql_prefixes()
_LOCK = threading.Lock()
SYNERGY_WEIGHT = 2.0


@dataclass
class Network:
    graph: nx.Graph
    labels: dict[str, dict[str, str]]  # IRI -> language -> label
    clashes: dict[str, set[str]] = field(default_factory=dict)
    overlaps: dict[str, set[str]] = field(default_factory=dict)
    _walk: "Walk | None" = field(default=None, repr=False, compare=False)
    # Rankings already made in this version of the graph: a walk over a large graph takes seconds.
    _ranked: "dict[tuple[str, str, int], list[Related]]" = field(default_factory=dict, repr=False, compare=False)

    def walk(self) -> "Walk":
        """The graph as lists for PageRank, made on first use (a network lives for one store version)."""
        with _LOCK:
            if self._walk is None:
                self._walk = Walk.of(self.graph)
            return self._walk

    def label(self, iri: str, lang: str) -> str:
        labels = self.labels.get(iri, {})
        return labels.get(lang) or labels.get("nl") or next(iter(labels.values()), iri.rsplit("/", 1)[-1])


@dataclass(frozen=True)
class Related:
    iri: str
    label: str
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class Alert:
    iri: str
    label: str
    text: str


_INTERVENTIONS = any_intervention("i")
# One query per kind of link. A single query with a UNION per kind took 133 s at 1M triples, because
# Oxigraph ran every branch once per intervention; apart they take about 3 s together.
_LINKS = {
    "werkt": "?e kern:vanInterventie ?i ; kern:werktOp ?x . "
    "?x a ?soort . VALUES ?soort { kern:Mechanisme kern:Kapitaalvorm }",
    "doelgroep": "?i kern:voorDoelgroep ?x .",
    "synergie": "?i kern:heeftSynergieMet|^kern:heeftSynergieMet ?x .",
    "botst": "?i kern:botstMet|^kern:botstMet ?x .",
    "overlapt": "?i kern:overlaptMet|^kern:overlaptMet ?x .",
}


def build(store: Store) -> Network:
    """Read the graph of interventions from the store."""
    network = Network(nx.Graph(), {})
    for row in store.values(_PREFIXES + f"SELECT DISTINCT ?i WHERE {{ {_INTERVENTIONS} }}"):
        network.graph.add_node(row["i"], kind="interventie")
    for rel, pattern in _LINKS.items():
        for row in store.values(_PREFIXES + f"SELECT DISTINCT ?i ?x WHERE {{ {_INTERVENTIONS} {pattern} }}"):
            _link(network, rel, row["i"], row["x"])
    for row in store.values(
        _PREFIXES + "SELECT ?x ?l (LANG(?l) AS ?taal) WHERE { ?x a ?k . VALUES ?k { kern:PersoonsgerichteInterventie "
        "kern:Netwerkactiviteit kern:Mechanisme kern:Kapitaalvorm kern:Doelgroep } ?x rdfs:label|skos:prefLabel ?l }"
    ):
        network.labels.setdefault(row["x"], {}).setdefault(row.get("taal", ""), row["l"])
    return network


def _link(network: Network, rel: str, i: str, x: str) -> None:
    graph = network.graph
    if rel in ("werkt", "doelgroep"):
        # Something that is a target group and worked on is a target group, whichever link came first.
        if rel == "doelgroep" or x not in graph or graph.nodes[x].get("kind") != "doelgroep":
            graph.add_node(x, kind=rel)
        graph.add_edge(i, x, weight=1.0, **{rel: True})  # which links an edge stands for: see refresh
    elif rel == "synergie":
        graph.add_edge(i, x, weight=SYNERGY_WEIGHT, synergy=True)
    else:
        (network.clashes if rel == "botst" else network.overlaps).setdefault(i, set()).add(x)


_TARGETS = {str(KERN.Mechanisme), str(KERN.Kapitaalvorm)}
_LABELLED = {*INTERVENTION_CLASSES, *_TARGETS, str(KERN.Doelgroep)}


def _classes(store: Store, iris: Iterable[str]) -> dict[str, set[str]]:
    """The classes of each of these things (a lookup per thing: a VALUES joined with a list of classes
    made Oxigraph read every member of those classes)."""
    found: dict[str, set[str]] = {}
    for row in store.values(f"SELECT ?x ?k WHERE {{ {values_clause('x', iris)}?x a ?k }}"):
        found.setdefault(row["x"], set()).add(row["k"])
    return found


def refresh(store: Store, old: Network, touched: frozenset[str]) -> Network | None:
    """The network after writes that touched these IRIs, from the one before them. Read again, with their
    links: the interventions among them (also those that were one), those whose effects they are, those
    whose effects work on something that just became a mechanism or capital form, and the interventions
    linked to any of those (a synergy with something that is no intervention any more stays a link). None
    when something worked on stopped being a mechanism or capital form: every intervention working on it
    changes, so all is read."""
    graph = old.graph
    classes = _classes(store, touched)

    def worked_on(x: str) -> bool:  # something (no intervention) that interventions work on
        return graph.nodes[x].get("kind") != "interventie" and any(data.get("werkt") for data in graph[x].values())

    def target(x: str) -> bool:
        return bool(classes.get(x, set()) & _TARGETS)

    if any(worked_on(x) and not target(x) for x in touched if x in graph):
        return None
    parents = store.values(
        _PREFIXES + f"SELECT DISTINCT ?i WHERE {{ {values_clause('t', touched)}?t kern:vanInterventie ?i }}"
    )
    candidates = set(touched) | {row["i"] for row in parents}
    new_targets = {x for x in touched if target(x) and (x not in graph or not worked_on(x))}
    if new_targets:
        pattern = "?e kern:werktOp ?x ; kern:vanInterventie ?i"
        query = f"SELECT DISTINCT ?i WHERE {{ {values_clause('x', new_targets)}{pattern} }}"
        candidates |= {row["i"] for row in store.values(_PREFIXES + query)}
    was = {c for c in candidates if c in graph and graph.nodes[c].get("kind") == "interventie"}
    candidates |= {n for c in was for n in graph[c] if graph.nodes[n].get("kind") == "interventie"}
    for links in (old.clashes, old.overlaps):
        candidates |= {i for i, found in links.items() if found & candidates}
    classes.update(_classes(store, candidates - classes.keys()))
    current = sorted(c for c in candidates if classes.get(c, set()) & set(INTERVENTION_CLASSES))
    affected = set(current) | {c for c in candidates if c in graph and graph.nodes[c].get("kind") == "interventie"}
    network = Network(
        graph.copy(),
        {iri: labels for iri, labels in old.labels.items() if iri not in touched},
        {i: found - affected for i, found in old.clashes.items() if i not in affected},
        {i: found - affected for i, found in old.overlaps.items() if i not in affected},
    )
    graph = network.graph
    ends = {x for i in affected if i in graph for x in graph[i]}
    graph.remove_nodes_from([i for i in affected if i in graph])
    graph.remove_nodes_from([x for x in ends if graph.degree(x) == 0 and graph.nodes[x].get("kind") != "interventie"])
    graph.add_nodes_from(current, kind="interventie")
    if current:
        for rel, pattern in _LINKS.items():
            if rel == "werkt":  # the classes are checked here: joined with VALUES, Oxigraph read all their members
                pattern = "?e kern:vanInterventie ?i ; kern:werktOp ?x . ?x a ?soort ."
            query = f"SELECT DISTINCT ?i ?x ?soort WHERE {{ {values_clause('i', current)}{pattern} }}"
            for row in store.values(_PREFIXES + query):
                i, x = row["i"], row["x"]
                if rel == "werkt" and row["soort"] not in _TARGETS:
                    continue
                ends.add(x)
                _link(network, rel, i, x)
                if rel in ("botst", "overlapt") and x in graph and graph.nodes[x].get("kind") == "interventie":
                    _link(network, rel, x, i)  # the other way round, as the whole graph's rows say it
    for x in ends & set(graph):  # a target group while any link says so, as a whole build has it
        edges = graph[x].values()
        if graph.nodes[x].get("kind") in ("werkt", "doelgroep") and edges:
            graph.nodes[x]["kind"] = "doelgroep" if any(data.get("doelgroep") for data in edges) else "werkt"
    named = [x for x in touched if classes.get(x, set()) & _LABELLED]
    if named:
        query = (
            f"SELECT ?x ?l (LANG(?l) AS ?taal) WHERE {{ {values_clause('x', named)}?x rdfs:label|skos:prefLabel ?l }}"
        )
        for row in store.values(_PREFIXES + query):
            network.labels.setdefault(row["x"], {}).setdefault(row.get("taal", ""), row["l"])
    network.clashes = {i: found for i, found in network.clashes.items() if found}
    network.overlaps = {i: found for i, found in network.overlaps.items() if found}
    return network


def network_of(store: Store) -> Network:
    """The store's network, built again after a write: only for what the write touched where the store
    knows that (once, also when several pages ask at once)."""
    return cached(
        store, "verwante-interventies", lambda: build(store), lambda old, touched: refresh(store, old, touched)
    )


@dataclass(frozen=True)
class Walk:
    """The graph as arrays for PageRank: one entry per direction of every edge, sorted by where it starts,
    with the share of the start's weight it carries. Built once per network. With numpy one round over
    the 1M-triple test graph (58,000 edges) takes about a millisecond; the plain Python loop took 40."""

    nodes: list[str]
    position: dict[str, int]
    sources: "np.ndarray"
    targets: "np.ndarray"
    shares: "np.ndarray"  # weight of the edge / total weight of its source
    dead: "np.ndarray"  # nodes without edges: their weight goes back to the start
    interventions: list[bool]  # per node: is it an intervention (what a ranking may show)

    @classmethod
    def of(cls, graph: nx.Graph) -> "Walk":
        # Sorted, so a network brought up to date after a write walks exactly as one built anew: the sums of
        # PageRank then run in the same order, and equal scores stay equal.
        nodes = sorted(graph)
        position = {node: number for number, node in enumerate(nodes)}
        sources, targets, weights = [], [], []
        for node in nodes:
            for other, data in sorted(graph[node].items()):
                sources.append(position[node])
                targets.append(position[other])
                weights.append(data.get("weight", 1.0))
        source = np.array(sources, dtype=np.int64)
        weight = np.array(weights, dtype=np.float64)
        strength = np.bincount(source, weights=weight, minlength=len(nodes))
        shares = weight / strength[source] if len(source) else weight
        kinds = [graph.nodes[node].get("kind") == "interventie" for node in nodes]
        return cls(nodes, position, source, np.array(targets, dtype=np.int64), shares, strength == 0, kinds)


def personalised_pagerank(
    graph: nx.Graph, start: str, alpha: float = 0.85, rounds: int = 100, walk: Walk | None = None
) -> dict[str, float]:
    """PageRank that always jumps back to `start`, as a score per node."""
    walk = walk or Walk.of(graph)
    return dict(zip(walk.nodes, _pagerank(walk, walk.position[start], alpha, rounds).tolist(), strict=True))


def _pagerank(walk: Walk, begin: int, alpha: float = 0.85, rounds: int = 100) -> "np.ndarray":
    """Rounds of spreading each node's weight over its edges until the scores stop changing. Nodes that
    are linked the same way get exactly the same score, because the sums run in the same order for each:
    ties are real ties, and then the names decide."""
    size = len(walk.nodes)
    rank = np.zeros(size)
    rank[begin] = 1.0
    for _ in range(rounds):
        following = alpha * np.bincount(walk.targets, weights=rank[walk.sources] * walk.shares, minlength=size)
        following[begin] += 1.0 - alpha + alpha * float(rank[walk.dead].sum())
        converged = float(np.abs(following - rank).sum()) < 1e-9
        rank = following
        if converged:
            break
    return rank


def _best_first(
    network: Network, walk: Walk, scores: "np.ndarray", skip: str, lang: str
) -> Iterator[tuple[float, str]]:
    """Interventions by score, best first, equal scores by name. Only a handful are ever looked at, so
    the names are compared within one score at a time instead of sorting a large graph's every node."""
    order = np.argsort(-scores, kind="stable")
    group: list[tuple[str, str]] = []
    previous = -1.0  # scores are never negative
    for number in order.tolist():
        score = float(scores[number])
        if score != previous and group:
            yield from ((previous, node) for _, node in sorted(group))
            group = []
        previous = score
        node = walk.nodes[number]
        if node != skip and walk.interventions[number]:
            group.append((network.label(node, lang).lower(), node))
    yield from ((previous, node) for _, node in sorted(group))


RANKINGS_KEPT = 2048  # per store version; a ranking is a handful of short objects


def related(store: Store, iri: str, lang: str = "nl", limit: int = 8) -> list[Related]:
    """Interventions related to this one, best first, each with its reasons in plain words."""
    network = network_of(store)
    key = (iri, lang, limit)
    found = network._ranked.get(key)
    if found is None:
        found = _related(network, iri, lang, limit)
        with _LOCK:
            if len(network._ranked) >= RANKINGS_KEPT:
                network._ranked.pop(next(iter(network._ranked)))
            network._ranked[key] = found
    return list(found)


def _related(network: Network, iri: str, lang: str, limit: int) -> list[Related]:
    graph = network.graph
    if iri not in graph or graph.degree(iri) == 0:
        return []
    walk = network.walk()
    scores = _pagerank(walk, walk.position[iri])
    english = lang == "en"
    found: list[Related] = []
    for score, other in _best_first(network, walk, scores, iri, lang):
        if len(found) >= limit:
            break
        reasons = []
        if graph.has_edge(iri, other):
            reasons.append("works well together with it" if english else "werkt goed samen met deze interventie")
        for shared in sorted(set(graph[iri]) & set(graph[other]), key=lambda n: network.label(n, lang).lower()):
            name = network.label(shared, lang)
            if graph.nodes[shared].get("kind") == "doelgroep":
                reasons.append(f"for the same target group: {name}" if english else f"voor dezelfde doelgroep: {name}")
            elif graph.nodes[shared].get("kind") == "werkt":
                reasons.append(f"also works on {name}" if english else f"werkt ook op {name}")
        if reasons:
            found.append(Related(other, network.label(other, lang), score, reasons))
    return found


def warnings(store: Store, iri: str, lang: str = "nl") -> list[Alert]:
    """Interventions this one clashes or overlaps with."""
    network = network_of(store)
    english = lang == "en"
    found = [
        Alert(o, network.label(o, lang), "clashes with this intervention" if english else "botst met deze interventie")
        for o in sorted(network.clashes.get(iri, ()))
    ]
    found += [
        Alert(
            o, network.label(o, lang), "overlaps with this intervention" if english else "overlapt met deze interventie"
        )
        for o in sorted(network.overlaps.get(iri, ()))
    ]
    return found
