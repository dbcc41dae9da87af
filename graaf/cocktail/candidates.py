"""Candidates for a cocktail, found by SPARQL: what addresses the situation's needs, fits its target
group and place, with evidence per link, burden, side effects and the links among candidates.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from graaf.cocktail.situation import Resolved
from graaf.cocktail.vocabulary import Vocabulary
from graaf.cocktail.weights import WEIGHTS, Weights
from graaf.storage.patterns import any_intervention, values_clause
from graaf.storage.store import Store
from graaf.storage.versioned import cached
from ontologie.namespaces import KERN

QUERIES = Path(__file__).resolve().parent / "queries"
NETWORK = str(KERN.Netwerkactiviteit)
# An intervention offered in a region, or nationally (kern:Land), is available in every place in it.
PLACE_KINDS = {str(KERN.Regio), str(KERN.Land)}


@dataclass(frozen=True)
class Link:
    """How one intervention serves one need: through which effect, on which target, how well-founded."""

    need: str
    target: str
    relation: str  # "direct", "smaller", "breder", "versterkend"
    effect: str
    rank: int
    sources: frozenset[str]
    evidence: tuple[str, ...]
    score: float
    stated: bool = False  # a source names this target ("expliciet"), not the editors' reading
    kind: str = ""  # the effect's effectsoort IRI: intended, or a side effect that helps


@dataclass
class Candidate:
    iri: str
    label: str = ""
    network: bool = False
    groups: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    providers: dict[str, str] = field(default_factory=dict)
    burden: int = 0
    status: str = ""
    links: dict[str, Link] = field(default_factory=dict)
    harms: list[tuple[str, str]] = field(default_factory=list)  # (effect, target) hitting the situation

    @property
    def coverage(self) -> float:
        return sum(link.score for link in self.links.values())


@dataclass
class Pool:
    """Everything the search needs: candidates, their relations, and what was asked to find them."""

    candidates: dict[str, Candidate]
    synergy: set[frozenset[str]] = field(default_factory=set)
    clash: set[frozenset[str]] = field(default_factory=set)
    overlap: set[frozenset[str]] = field(default_factory=set)
    requires: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    queries: list[str] = field(default_factory=list)
    # For explaining gaps: per need, candidates that address it but were filtered out, and why.
    dropped: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))


def _query(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _rows_by(store: Store, name: str, key: str, marker: str, iris: set[str]) -> list[dict[str, str]]:
    """The rows of the named query for these IRIs (bound to ?key through the marker's VALUES block).

    Rows are kept per IRI until the next write, and only the IRIs not asked before are queried: on a
    large graph the same few mechanisms and the same strong candidates come back in cocktail after
    cocktail, and reading them again was most of a suggestion's time. The answer is the same as the
    query for all IRIs at once, the text that the explanation shows.
    """
    known: dict[str, list[dict[str, str]]] = cached(
        store, ("cocktail-rijen", name), dict, lambda old, touched: _without_stale(store, name, old, touched)
    )
    missing = iris - known.keys()
    if missing:
        found: dict[str, list[dict[str, str]]] = {iri: [] for iri in missing}
        for row in store.values(_query(name).replace(marker, values_clause(key, missing))):
            found[row[key]].append(row)
        known.update(found)
    return [row for iri in sorted(iris) for row in known[iri]]


def _stale(store: Store, touched: frozenset[str]) -> set[str]:
    """The interventions and targets whose rows writes that touched these IRIs may have changed: the
    touched things, the interventions of touched effects, and what touched effects and evidence work on.
    (Rows that show a touched thing's own data are found by `_without_stale` itself.)"""
    found = set(touched)
    terms = values_clause("t", set(touched))
    for pattern in (
        "?t kern:vanInterventie ?x .",
        "?t kern:werktOp ?x .",
        "?t kern:ondersteunt ?e . ?e kern:werktOp ?x .",
    ):
        found |= {
            row["x"] for row in store.values(f"PREFIX kern: <{KERN}>\nSELECT DISTINCT ?x WHERE {{ {terms} {pattern} }}")
        }
    return found


# The things whose own triples rows show beside those `_stale` finds: a provider's name.
_SHOWN = {"cocktail-interventies": "aanbieder"}


def _without_stale(
    store: Store, name: str, old: dict[str, list[dict[str, str]]], touched: frozenset[str]
) -> dict[str, list[dict[str, str]]]:
    """The rows kept for an earlier version, but those the writes since may have changed: these are read
    again when a cocktail asks for them (or when the server prepares them after the write)."""
    stale = _stale(store, touched)
    shown = _SHOWN.get(name)
    return {
        key: rows
        for key, rows in list(old.items())  # a copy: a request of the old version may still add to it
        if key not in stale and not (shown and any(row.get(shown) in touched for row in rows))
    }


def targets(
    resolved: Resolved, vocab: Vocabulary, weights: Weights = WEIGHTS
) -> dict[str, dict[str, tuple[str, float]]]:
    """For each need, the targets that count for it, with the relation and its weight."""
    expanded: dict[str, dict[str, tuple[str, float]]] = {}
    for need in resolved.needs:
        found = {need.iri: ("direct", weights.direct)}
        if need.kind == "mechanisme":
            for iri in vocab.descendants(need.iri):
                found.setdefault(iri, ("smaller", weights.narrower))
            for iri in vocab.ancestors(need.iri):
                found.setdefault(iri, ("breder", weights.broader))
            for iri in vocab.reinforcing(need.iri):
                found.setdefault(iri, ("versterkend", weights.reinforcing))
        expanded[need.iri] = found
    return expanded


def find(store: Store, resolved: Resolved, vocab: Vocabulary, weights: Weights = WEIGHTS) -> Pool:
    """Run the candidate queries and build the pool."""
    expanded = targets(resolved, vocab, weights)
    all_targets = {t for per_need in expanded.values() for t in per_need}
    values = values_clause("doelwit", all_targets)
    effects_query = _query("cocktail-effecten").replace("#DOELWITTEN#", values)
    evidence_query = _query("cocktail-effectbewijs").replace("#DOELWITTEN#", values)
    pool = Pool(candidates={}, queries=[effects_query, evidence_query])

    per_target = _effects(store, all_targets, vocab)
    # Per need only the effects on its own targets: on a large graph most effects serve one need only.
    for need, per_need in expanded.items():
        for target, (relation, factor) in per_need.items():
            for found in per_target[target]:
                iri = found.intervention
                if resolved.exclude and (iri in resolved.exclude or iri.rsplit("/", 1)[-1] in resolved.exclude):
                    continue
                if found.rank < resolved.min_rank:
                    pool.dropped[need][iri] = "bewijs"
                    continue
                score = factor * (weights.evidence[found.rank] + weights.triangulation * max(0, len(found.sources) - 1))
                if not found.stated:
                    score *= weights.interpretation
                link = Link(
                    need, target, relation, found.effect, found.rank, found.sources, found.evidence, score,
                    found.stated, found.kind,
                )  # fmt: skip
                candidate = pool.candidates.setdefault(iri, Candidate(iri))
                current = candidate.links.get(need)
                if current is None or (link.score, link.effect) > (current.score, current.effect):
                    candidate.links[need] = link

    _describe(store, pool, resolved, vocab, weights)
    return pool


@dataclass(frozen=True)
class _Effect:
    """A helping effect with its best evidence level and the knowledge sources behind it."""

    effect: str
    intervention: str
    target: str
    rank: int
    sources: frozenset[str]
    evidence: tuple[str, ...]
    stated: bool = False
    kind: str = ""


class _PerTarget(dict[str, list[_Effect]]):
    """The effects per target, with the ranks of evidence levels they were scored with."""

    def __init__(self, rank: dict[str, int], items: dict[str, list[_Effect]] | None = None) -> None:
        super().__init__(items or {})
        self.rank = dict(rank)


def _targets_without_stale(
    store: Store, old: _PerTarget, touched: frozenset[str], vocab: Vocabulary
) -> _PerTarget | None:
    """The effects per target after writes that touched these IRIs: the effects among them and those of
    touched evidence are read again (on every target they work on now), the rest is kept. A target with
    thousands of effects then costs the few that changed, not all of them."""
    if old.rank != vocab.rank:
        return None  # an evidence level ranks otherwise: every effect scores otherwise
    proofs = (
        f"PREFIX kern: <{KERN}>\nSELECT DISTINCT ?e WHERE {{ {values_clause('b', touched)} ?b kern:ondersteunt ?e }}"
    )
    changed = set(touched) | {row["e"] for row in store.values(proofs)}
    values = values_clause("effect", changed)
    fresh = _items(
        store.values(_query("cocktail-effecten").replace("#DOELWITTEN#", values)),
        store.values(_query("cocktail-effectbewijs").replace("#DOELWITTEN#", values)),
        vocab,
    )
    kept = {
        target: [e for e in effects if e.effect not in changed] + fresh.get(target, [])
        for target, effects in list(old.items())  # a copy, as in _without_stale
    }
    return _PerTarget(vocab.rank, kept)


def _effects(store: Store, targets: set[str], vocab: Vocabulary) -> dict[str, list[_Effect]]:
    """The helping effects on each of the targets. Each target's effects are put together from
    the rows once per store version: on a large graph one target has hundreds of effects, and every
    cocktail that asks for it would otherwise read them all into dictionaries again."""
    known: _PerTarget = cached(
        store,
        "cocktail-effecten-per-doelwit",
        lambda: _PerTarget(vocab.rank),
        lambda old, touched: _targets_without_stale(store, old, touched, vocab),
    )
    missing = targets - known.keys()
    if missing:
        found: dict[str, list[_Effect]] = {target: [] for target in missing}
        # Read, not kept as rows: what is kept is the effects made of them.
        effects = store.values(_query("cocktail-effecten").replace("#DOELWITTEN#", values_clause("doelwit", missing)))
        proofs = store.values(
            _query("cocktail-effectbewijs").replace("#DOELWITTEN#", values_clause("doelwit", missing))
        )
        for target, items in _items(effects, proofs, vocab).items():
            found[target] += items
        known.update(found)
    return {target: known[target] for target in targets}


def _items(
    effect_rows: list[dict[str, str]], proof_rows: list[dict[str, str]], vocab: Vocabulary
) -> dict[str, list[_Effect]]:
    """The effects per target, from the rows of cocktail-effecten and cocktail-effectbewijs."""
    rows: dict[tuple[str, str], dict[str, str]] = {}  # by effect and target, as each target is asked alone
    for row in effect_rows:
        rows[row["effect"], row["doelwit"]] = row
    ranks: dict[str, int] = defaultdict(int)
    sources: dict[str, set[str]] = defaultdict(set)
    evidence: dict[str, set[str]] = defaultdict(set)
    for row in proof_rows:
        effect = row["effect"]
        ranks[effect] = max(ranks[effect], vocab.rank.get(row["niveau"], 0))
        sources[effect].add(row["kennisbron"])
        evidence[effect].add(row["bewijs"])
    found: dict[str, list[_Effect]] = defaultdict(list)
    for (effect, _), row in rows.items():
        item = _Effect(
            effect, row["interventie"], row["doelwit"], ranks.get(effect, 0),
            frozenset(sources.get(effect, ())), tuple(sorted(evidence.get(effect, ()))),
            row.get("herkomst", "").endswith("/expliciet"), row.get("effectsoort", ""),
        )  # fmt: skip
        found[item.target].append(item)
    return found


def prepare(store: Store, vocab: Vocabulary) -> int:
    """Read what cocktails keep per store version for every mechanism, capital form and intervention,
    so no visitor waits for a first read (the server does this after it starts). The number of
    interventions read."""
    _effects(store, set(vocab.members("mechanisme")) | set(vocab.members("kapitaalvorm")), vocab)
    _relations(store)
    interventions = {row["i"] for row in store.values(_ALL_INTERVENTIONS)}
    for name in ("cocktail-interventies", "cocktail-bijeffecten"):
        _rows_by(store, name, "interventie", "#KANDIDATEN#", interventions)
    return len(interventions)


def _relations(store: Store) -> list[dict[str, str]]:
    """Synergy, clash, overlap and prerequisites among all interventions, read once per store version."""
    return cached(store, "cocktail-relaties", lambda: store.values(_query("cocktail-relaties")))


_ALL_INTERVENTIONS = f"SELECT DISTINCT ?i WHERE {{ {any_intervention('i')} }}"


def _describe(store: Store, pool: Pool, resolved: Resolved, vocab: Vocabulary, weights: Weights) -> None:
    """Read the details of candidates in batches, best first per need, until enough of them fit.

    On a large graph thousands of interventions may address a need; describing them all would make
    every suggestion slow. Candidates are taken in turns per need (each need's strongest first), so no
    need is starved, and reading stops once `weights.candidate_limit` candidates fit the situation.
    """
    found = pool.candidates
    pool.candidates = {}
    order = _interleaved(found)
    last = {need: index for index, iri in enumerate(order) for need in found[iri].links}  # last candidate per need
    for start in range(0, len(order), weights.candidate_limit):
        batch = {iri: found[iri] for iri in order[start : start + weights.candidate_limit]}
        _details(store, pool, batch, resolved, vocab, weights)
        served = {need for candidate in pool.candidates.values() for need in candidate.links}
        waiting = {need for need, index in last.items() if index >= start + weights.candidate_limit}
        if len(pool.candidates) >= weights.candidate_limit and waiting <= served:
            break

    relations_query = _query("cocktail-relaties")
    pool.queries.append(relations_query)
    required: set[str] = set()
    for row in _relations(store):
        source, relation, target = row["van"], row["relatie"], row["naar"]
        if source not in pool.candidates:
            continue
        name = relation.rsplit("#", 1)[-1]
        if name == "vereist":
            pool.requires[source].add(target)
            required.add(target)
        elif target in pool.candidates:
            {"heeftSynergieMet": pool.synergy, "botstMet": pool.clash, "overlaptMet": pool.overlap}[name].add(
                frozenset((source, target))
            )
    # A prerequisite joins the pool even when it covers no need itself, so it can be chosen along.
    missing = {iri: found.get(iri, Candidate(iri)) for iri in required - set(pool.candidates)}
    if missing:
        _details(store, pool, missing, resolved, vocab, weights, keep_misfits=True)


def _interleaved(found: dict[str, Candidate]) -> list[str]:
    per_need: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for iri, candidate in found.items():
        for need, link in candidate.links.items():
            per_need[need].append((-link.score, iri))
    queues = [sorted(entries) for _, entries in sorted(per_need.items())]
    order: list[str] = []
    seen: set[str] = set()
    for rank in range(max((len(q) for q in queues), default=0)):
        for queue in queues:
            if rank < len(queue) and queue[rank][1] not in seen:
                seen.add(queue[rank][1])
                order.append(queue[rank][1])
    return order


def _details(
    store: Store,
    pool: Pool,
    batch: dict[str, Candidate],
    resolved: Resolved,
    vocab: Vocabulary,
    weights: Weights,
    keep_misfits: bool = False,
) -> None:
    """Fill in the batch's details, then keep those that fit the situation (all, for prerequisites)."""
    candidates = values_clause("interventie", set(batch))
    details_query = _query("cocktail-interventies").replace("#KANDIDATEN#", candidates)
    harms_query = _query("cocktail-bijeffecten").replace("#KANDIDATEN#", candidates)
    pool.queries += [details_query, harms_query]
    burdens: dict[str, int] = {}
    for row in _rows_by(store, "cocktail-interventies", "interventie", "#KANDIDATEN#", set(batch)):
        candidate = batch[row["interventie"]]
        candidate.label = row["label"]
        candidate.network = row["soort"] == NETWORK
        if "doelgroep" in row:
            candidate.groups.add(row["doelgroep"])
        if "plaats" in row:
            candidate.places.add(row["plaats"])
        if "aanbieder" in row:
            candidate.providers[row["aanbieder"]] = row.get("naam", row["aanbieder"])
        if "belasting" in row:
            burdens[candidate.iri] = vocab.rank.get(row["belasting"], 0)
        if "status" in row:
            candidate.status = row["status"]
    hit = {need.iri for need in resolved.needs}
    for row in _rows_by(store, "cocktail-bijeffecten", "interventie", "#KANDIDATEN#", set(batch)):
        if row["doelwit"] in hit:
            batch[row["interventie"]].harms.append((row["effect"], row["doelwit"]))
    for iri, candidate in batch.items():
        rank = burdens.get(iri, 0)
        candidate.burden = weights.network_burden if candidate.network else (rank or weights.unknown_burden)
        reason = None if keep_misfits else _misfit(candidate, resolved, vocab)
        if reason:
            for need in candidate.links:
                pool.dropped[need][iri] = reason
        else:
            pool.candidates[iri] = candidate


def _misfit(candidate: Candidate, resolved: Resolved, vocab: Vocabulary) -> str | None:
    """Why a candidate does not fit the situation's target group or place, or None if it fits."""
    if candidate.status.endswith("/idee") and not resolved.include_ideas:
        return "idee"
    if resolved.target_group and candidate.groups and not candidate.groups & resolved.groups_around:
        system_level = any(
            vocab.level.get(link.target, "").endswith(("/omgeving", "/systeem")) for link in candidate.links.values()
        )
        # Work on the field or the system still helps a family when it tackles a mechanism around it.
        if not (candidate.network and system_level):
            return "doelgroep"
    if resolved.outside_place and candidate.places:
        national = {p for p in candidate.places if str(KERN.Land) in vocab.kind_of.get(p, set())}
        if not national:
            return "plaats"
    if resolved.place and candidate.places:
        regional = {p for p in candidate.places if vocab.kind_of.get(p, set()) & PLACE_KINDS}
        if not (candidate.places & resolved.places_around or regional):
            return "plaats"
    return None
