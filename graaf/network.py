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
import weakref
from dataclasses import dataclass, field

import networkx as nx

from graaf.store import Store
from ontologie.namespaces import sparql_prefixes

_PREFIXES = sparql_prefixes()
_LOCK = threading.Lock()
_CACHE: "weakref.WeakKeyDictionary[Store, tuple[int, Network]]" = weakref.WeakKeyDictionary()
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


def build(store: Store) -> Network:
    """Read the graph of interventions from the store."""
    rows = store.values(
        _PREFIXES
        + """SELECT ?i ?rel ?x WHERE {
          ?i a ?klasse . VALUES ?klasse { kern:PersoonsgerichteInterventie kern:Netwerkactiviteit }
          { ?e kern:vanInterventie ?i ; kern:werktOp ?x . ?x a ?soort .
            VALUES (?soort ?rel) { (kern:Mechanisme "werkt") (kern:Kapitaalvorm "werkt") } }
          UNION { ?i kern:voorDoelgroep ?x . BIND("doelgroep" AS ?rel) }
          UNION { ?i kern:heeftSynergieMet|^kern:heeftSynergieMet ?x . BIND("synergie" AS ?rel) }
          UNION { ?i kern:botstMet|^kern:botstMet ?x . BIND("botst" AS ?rel) }
          UNION { ?i kern:overlaptMet|^kern:overlaptMet ?x . BIND("overlapt" AS ?rel) }
          UNION { BIND("zelf" AS ?rel) }
        }"""
    )
    graph = nx.Graph()
    network = Network(graph, {})
    for row in rows:
        i, rel = row["i"], row["rel"]
        graph.add_node(i, kind="interventie")
        if rel == "zelf":
            continue
        x = row["x"]
        if rel in ("werkt", "doelgroep"):
            graph.add_node(x, kind=rel)
            graph.add_edge(i, x, weight=1.0)
        elif rel == "synergie":
            graph.add_edge(i, x, weight=SYNERGY_WEIGHT, synergy=True)
        elif rel == "botst":
            network.clashes.setdefault(i, set()).add(x)
        elif rel == "overlapt":
            network.overlaps.setdefault(i, set()).add(x)
    for row in store.values(
        _PREFIXES + "SELECT ?x ?l (LANG(?l) AS ?taal) WHERE { ?x a ?k . VALUES ?k { kern:PersoonsgerichteInterventie "
        "kern:Netwerkactiviteit kern:Mechanisme kern:Kapitaalvorm kern:Doelgroep } ?x rdfs:label|skos:prefLabel ?l }"
    ):
        network.labels.setdefault(row["x"], {}).setdefault(row.get("taal", ""), row["l"])
    return network


def network_of(store: Store) -> Network:
    """The store's network, built again only after a write."""
    with _LOCK:
        cached = _CACHE.get(store)
        if cached is None or cached[0] != store.version:
            cached = (store.version, build(store))
            _CACHE[store] = cached
        return cached[1]


@dataclass(frozen=True)
class Walk:
    """The graph as plain lists (nodes by position, neighbours with edge weights, each node's total weight):
    what PageRank walks over. Built once per network, because reading networkx's views on every page was
    most of an intervention page's time on a large graph."""

    nodes: list[str]
    position: dict[str, int]
    neighbours: list[list[tuple[int, float]]]
    strength: list[float]

    @classmethod
    def of(cls, graph: nx.Graph) -> "Walk":
        nodes = list(graph)
        position = {node: number for number, node in enumerate(nodes)}
        neighbours = [[(position[o], d.get("weight", 1.0)) for o, d in graph[n].items()] for n in nodes]
        strength = [sum(d.get("weight", 1.0) for _, _, d in graph.edges(n, data=True)) for n in nodes]
        return cls(nodes, position, neighbours, strength)


def personalised_pagerank(
    graph: nx.Graph, start: str, alpha: float = 0.85, rounds: int = 100, walk: Walk | None = None
) -> dict[str, float]:
    """PageRank that always jumps back to `start`. Plain Python: networkx's own needs numpy, which we
    do not install. The sums run in the graph's own order, so the scores are the same to the last bit
    as a walk over the networkx graph itself."""
    walk = walk or Walk.of(graph)
    begin, strength, neighbours = walk.position[start], walk.strength, walk.neighbours
    size = len(walk.nodes)
    rank = [0.0] * size
    rank[begin] = 1.0
    for _ in range(rounds):
        following = [0.0] * size
        following[begin] = 1.0 - alpha
        for node, value in enumerate(rank):
            if not value:
                continue
            if not strength[node]:  # a dead end hands its weight back to the start
                following[begin] += alpha * value
                continue
            share, total = alpha * value, strength[node]
            for other, weight in neighbours[node]:
                following[other] += share * weight / total
        if sum(abs(following[n] - rank[n]) for n in range(size)) < 1e-9:
            return dict(zip(walk.nodes, following, strict=True))
        rank = following
    return dict(zip(walk.nodes, rank, strict=True))


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
    scores = personalised_pagerank(graph, iri, walk=network.walk())
    english = lang == "en"
    # Best first, then only as far as needed: the reasons are worded for the few that are shown, not for
    # every intervention in a large graph (the order does not depend on them, so the answer is the same).
    ranked = sorted(
        (
            (score, network.label(other, lang), other)
            for other, score in scores.items()
            if other != iri and graph.nodes[other].get("kind") == "interventie"
        ),
        key=lambda item: (-item[0], item[1].lower()),
    )
    found: list[Related] = []
    for score, title, other in ranked:
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
            found.append(Related(other, title, score, reasons))
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
