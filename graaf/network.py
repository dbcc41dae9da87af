"""Related interventions: a networkx graph of interventions and what they work on, ranked by personalised PageRank.

Interventions are linked to the mechanisms and capital forms they work on (through their effects)
and to their target groups; kern:heeftSynergieMet links two interventions directly. We rank with
personalised PageRank from the intervention on the page rather than by counting shared neighbours,
because PageRank spreads its weight over each node's links: sharing a mechanism that only two
interventions work on counts for more than sharing one that twenty work on, and synergy (a direct
link) counts most. Only interventions with a reason we can put in words are shown. Clashes
(kern:botstMet) and overlaps (kern:overlaptMet) are not similarity: they come back as warnings.

The graph is built once per store version (the store counts its writes).
"""

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from graaf.storage.patterns import any_intervention
from graaf.storage.store import Store
from graaf.storage.versioned import cached
from ontologie.namespaces import sparql_prefixes

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
    graph = nx.Graph()
    network = Network(graph, {})
    for row in store.values(_PREFIXES + f"SELECT DISTINCT ?i WHERE {{ {_INTERVENTIONS} }} ORDER BY ?i"):
        graph.add_node(row["i"], kind="interventie")
    for rel, pattern in _LINKS.items():
        for row in store.values(_PREFIXES + f"SELECT DISTINCT ?i ?x WHERE {{ {_INTERVENTIONS} {pattern} }}"):
            i, x = row["i"], row["x"]
            if rel in ("werkt", "doelgroep"):
                graph.add_node(x, kind=rel)
                graph.add_edge(i, x, weight=1.0)
            elif rel == "synergie":
                graph.add_edge(i, x, weight=SYNERGY_WEIGHT, synergy=True)
            elif rel == "botst":
                network.clashes.setdefault(i, set()).add(x)
            else:
                network.overlaps.setdefault(i, set()).add(x)
    for row in store.values(
        _PREFIXES + "SELECT ?x ?l (LANG(?l) AS ?taal) WHERE { ?x a ?k . VALUES ?k { kern:PersoonsgerichteInterventie "
        "kern:Netwerkactiviteit kern:Mechanisme kern:Kapitaalvorm kern:Doelgroep } ?x rdfs:label|skos:prefLabel ?l }"
    ):
        network.labels.setdefault(row["x"], {}).setdefault(row.get("taal", ""), row["l"])
    return network


def network_of(store: Store) -> Network:
    """The store's network, built again only after a write (once, also when several pages ask at once)."""
    return cached(store, "verwante-interventies", lambda: build(store))


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
        nodes = list(graph)
        position = {node: number for number, node in enumerate(nodes)}
        sources, targets, weights = [], [], []
        for node in nodes:
            for other, data in graph[node].items():
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
