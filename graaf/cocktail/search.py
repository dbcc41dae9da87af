"""Choosing the cocktail: the best feasible set of at most k candidates.

Exact (branch and bound) when the pool is small, greedy when it is large. Both are deterministic:
among sets with the same score the smaller set wins, then the one whose sorted IRIs come first.
"""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from graaf.cocktail.candidates import Pool
from graaf.cocktail.situation import Resolved
from graaf.cocktail.weights import WEIGHTS, Weights

_PRECISION = 9


@dataclass(frozen=True)
class Choice:
    members: tuple[str, ...]
    score: float
    method: str


class Problem:
    """The scoring function and the constraints of one situation over one pool."""

    def __init__(self, pool: Pool, resolved: Resolved, weights: Weights = WEIGHTS) -> None:
        self.pool = pool
        self.resolved = resolved
        self.weights = weights
        self.order = sorted(pool.candidates, key=lambda i: (-self.alone(i), i))
        capital_needs = [n for n in resolved.needs if n.kind == "kapitaalvorm"]
        self.spans_capital = len(capital_needs) > 1

    def alone(self, iri: str) -> float:
        return self.pool.candidates[iri].coverage

    def score(self, members: Iterable[str]) -> float:
        chosen = list(members)
        per_need: dict[str, list[float]] = {}
        for iri in chosen:
            for need, link in self.pool.candidates[iri].links.items():
                per_need.setdefault(need, []).append(link.score)
        best = {need: max(scores) for need, scores in per_need.items()}
        total = sum(best.values())
        # Only the second-best link of a need adds (a part): a third look-alike adds nothing.
        total += self.weights.second_link * sum(sorted(s)[-2] for s in per_need.values() if len(s) > 1)
        pairs = {frozenset(p) for p in itertools.combinations(chosen, 2)}
        total += self.weights.synergy_bonus * len(pairs & self.pool.synergy)
        total -= self.weights.side_effect_penalty * sum(len(self.pool.candidates[i].harms) for i in chosen)
        if self.spans_capital:
            capital = {n for n in best if any(x.iri == n and x.kind == "kapitaalvorm" for x in self.resolved.needs)}
            if len(capital) > 1:
                total += self.weights.spread_bonus
        return round(total, _PRECISION)

    def feasible(self, members: Iterable[str]) -> bool:
        chosen = set(members)
        if len(chosen) > self.resolved.k:
            return False
        if sum(self.pool.candidates[i].burden for i in chosen) > self.resolved.budget:
            return False
        pairs = {frozenset(p) for p in itertools.combinations(sorted(chosen), 2)}
        if pairs & self.pool.clash or pairs & self.pool.overlap:
            return False
        return all(self.pool.requires.get(i, set()) <= chosen for i in chosen)

    def feasible_partial(self, members: tuple[str, ...]) -> bool:
        """The constraints that only get worse as a set grows (size, burden, clash, overlap), checked
        for the newest member; prerequisites can still be met later, so they wait for `feasible`."""
        if len(members) > self.resolved.k:
            return False
        if sum(self.pool.candidates[i].burden for i in members) > self.resolved.budget:
            return False
        newest = members[-1]
        return not any(
            frozenset((newest, other)) in self.pool.clash or frozenset((newest, other)) in self.pool.overlap
            for other in members[:-1]
        )

    def key(self, members: tuple[str, ...]) -> tuple[float, int, tuple[tuple[int, ...], ...]]:
        """Higher is better: score, then fewer members, then the sorted IRIs that come first."""
        ordered = tuple(sorted(members))
        return (self.score(ordered), -len(ordered), tuple(_invert(i) for i in ordered))


def _invert(text: str) -> tuple[int, ...]:
    # Lets max() prefer the alphabetically first IRI tuple.
    return (*(-ord(c) for c in text), 0)


def brute_force(problem: Problem) -> Choice:
    """Every feasible set up to k: the reference the exact search is tested against."""
    candidates = sorted(problem.pool.candidates)
    best: tuple[str, ...] = ()
    best_key = problem.key(best)
    for size in range(1, problem.resolved.k + 1):
        for members in itertools.combinations(candidates, size):
            if problem.feasible(members):
                key = problem.key(members)
                if key > best_key:
                    best, best_key = tuple(sorted(members)), key
    return Choice(best, best_key[0], "volledig doorzocht")


def exact(problem: Problem) -> Choice:
    """Branch and bound over candidates ordered by what they cover alone.

    The bound adds, to the current score, what the best remaining candidates could add on their own
    plus every synergy bonus they could still earn; a candidate adds at most its own links to a set (as
    the best link of a need, or a part of it as the second), so the bound never underestimates and the
    search stays exact.
    """
    order = problem.order
    k = problem.resolved.k
    synergy_partners = {i: sum(1 for p in problem.pool.synergy if i in p) for i in order}
    optimistic = [problem.alone(i) + problem.weights.synergy_bonus * synergy_partners[i] for i in order]
    best: list[tuple[str, ...]] = [()]
    best_key = [problem.key(())]

    def visit(start: int, chosen: tuple[str, ...]) -> None:
        if chosen and problem.feasible(chosen):
            key = problem.key(chosen)
            if key > best_key[0]:
                best[0], best_key[0] = tuple(sorted(chosen)), key
        if len(chosen) == k:
            return
        room = k - len(chosen)
        rest = sorted(optimistic[start:], reverse=True)[:room]
        bound = problem.score(chosen) + sum(rest) + problem.weights.spread_bonus
        if bound < best_key[0][0]:
            return
        for index in range(start, len(order)):
            candidate = order[index]
            grown = (*chosen, candidate)
            if problem.feasible_partial(grown):
                visit(index + 1, grown)

    visit(0, ())
    return Choice(best[0], best_key[0][0], "exact")


def greedy(problem: Problem) -> Choice:
    """Add the candidate (with its prerequisites) that raises the score most, until nothing helps.

    For the coverage part, a monotone submodular function under a size limit, greedy reaches at
    least 1 - 1/e (about 63%) of the optimum (Nemhauser, Wolsey and Fisher, 1978). The benchmark
    reports the ratio actually reached against the exact search.
    """
    chosen: tuple[str, ...] = ()
    current = problem.score(chosen)
    while len(chosen) < problem.resolved.k:
        best_gain, best_bundle = 0.0, None
        for iri in sorted(problem.pool.candidates):
            if iri in chosen:
                continue
            bundle = tuple(sorted({iri} | problem.pool.requires.get(iri, set()) - set(chosen)))
            grown = tuple(sorted((*chosen, *bundle)))
            if not problem.feasible(grown):
                continue
            gain = problem.score(grown) - current
            if gain > best_gain + 10**-_PRECISION:
                best_gain, best_bundle = gain, grown
        if best_bundle is None:
            break
        chosen, current = best_bundle, problem.score(best_bundle)
    return Choice(chosen, current, "gretig")


def choose(problem: Problem) -> Choice:
    if len(problem.pool.candidates) <= problem.weights.exact_limit:
        return exact(problem)
    return greedy(problem)
