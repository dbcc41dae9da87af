"""Every number that decides a cocktail, in one documented place.

A cocktail's score is the need it covers, weighted by how directly and how well-founded each link
is, plus a bonus for synergy, minus a penalty for side effects that hit the situation. Changing a
number here changes every suggestion; the tests pin the behaviour these numbers are meant to give.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Weights:
    # How strongly an effect on a related mechanism counts for a mechanism of the situation.
    direct: float = 1.0  # the effect is on the mechanism itself
    narrower: float = 0.8  # on a more specific form of it (a part of the problem)
    broader: float = 0.6  # on the wider mechanism it belongs to
    reinforcing: float = 0.5  # on a mechanism that reinforces it (a cause upstream)

    # How much an effect counts for its best evidence level (kern:rang 0..5). "onbekend" still counts
    # (most intended effects have no study yet); a recognised level simply counts more.
    evidence: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    # A link a source states counts fully; one the editors read into a source counts less, so a stated
    # link with a recognised level outranks an interpretation with "onbekend".
    interpretation: float = 0.7
    # Each further knowledge source (research, practice, experience) behind an effect adds this much.
    triangulation: float = 0.05

    # A second intervention on the same need counts for this part of its link: a need that passes poverty
    # on is rarely met by one door (debt help and support for the young parents both ease stress), but
    # the best link still counts most, so a cocktail does not fill up with look-alikes.
    second_link: float = 0.3

    synergy_bonus: float = 0.15  # per pair of chosen interventions that reinforce each other
    side_effect_penalty: float = 0.5  # per harmful effect on a mechanism or weak capital of the situation
    spread_bonus: float = 0.1  # when the need spans several capital forms and the cocktail covers more than one

    # Burden a family carries for one intervention, by kern:rang of its burden (licht 1, gemiddeld 2,
    # zwaar 3). Unknown burden counts as average. Network activities act on the field, not the family.
    unknown_burden: int = 2
    network_burden: int = 0
    # Total burden a family can carry, by kern:rang of its capacity (overleefstand 1, beperkt 2, ruim 3).
    capacity_budget: dict[int, int] = field(default_factory=lambda: {1: 2, 2: 4, 3: 8})
    default_capacity_rank: int = 2  # "beperkt" when the situation does not say

    default_size: int = 4  # at most this many interventions in a cocktail
    exact_limit: int = 18  # exact search up to this many candidates; greedy above it
    # Candidates read per batch, and enough once this many fit: bounds the time on a large graph.
    candidate_limit: int = 200
    alternatives: int = 3  # how many near misses to explain


WEIGHTS = Weights()
