"""A situation: an anonymous profile of needs and limits. Never a name, never a person.

Only references to known concepts and a few numbers are accepted, so there is no place for free
text about a family; the privacy guard still checks a cocktail before it is stored.
"""

from dataclasses import dataclass, field

from graaf.cocktail.vocabulary import Vocabulary
from graaf.cocktail.weights import WEIGHTS, Weights
from graaf.storage.errors import ImpossibleRequest, UnknownTerm


@dataclass(frozen=True)
class Situation:
    """What a professional enters: words or IRIs for needs, and the limits of the family."""

    mechanisms: tuple[str, ...] = ()
    weak_capital: tuple[str, ...] = ()
    target_group: str | None = None
    place: str | None = None
    max_interventions: int | None = None
    min_evidence: str | None = None
    exclude: tuple[str, ...] = ()
    capacity: str | None = None
    include_ideas: bool = False


@dataclass(frozen=True)
class Need:
    iri: str
    kind: str  # "mechanisme" or "kapitaalvorm"
    label: str


@dataclass
class Resolved:
    """The situation in IRIs, checked against the graph, with its limits filled in."""

    needs: list[Need]
    target_group: str | None
    place: str | None
    places_around: set[str]
    k: int
    min_rank: int
    exclude: set[str]
    budget: int
    capacity: str | None
    groups_around: set[str] = field(default_factory=set)
    include_ideas: bool = False
    # A place the graph does not know and that is no typo of one: outside the region. Only what is
    # offered nationally is available there; the answer names the place as it was given.
    outside_place: str | None = None
    outside_hints: list[str] = field(default_factory=list)


def resolve(situation: Situation, vocab: Vocabulary, weights: Weights = WEIGHTS) -> Resolved:
    """Check every word against the graph (UnknownTerm) and every limit for sense (ImpossibleRequest)."""
    needs = [Need(iri, "mechanisme", vocab.label(iri)) for iri in _unique(vocab, "mechanisme", situation.mechanisms)]
    needs += [
        Need(iri, "kapitaalvorm", vocab.label(iri)) for iri in _unique(vocab, "kapitaalvorm", situation.weak_capital)
    ]
    if not needs:
        raise ImpossibleRequest(
            "Noem minstens één mechanisme of zwakke kapitaalvorm: anders is er niets om op te werken."
        )
    k = weights.default_size if situation.max_interventions is None else situation.max_interventions
    if k < 1:
        raise ImpossibleRequest("Een cocktail heeft minstens één interventie; het maximum moet 1 of meer zijn.")
    group = vocab.resolve("doelgroep", situation.target_group) if situation.target_group else None
    place, outside, hints = _place(situation.place, vocab)
    min_rank = vocab.rank[vocab.resolve("bewijsniveau", situation.min_evidence)] if situation.min_evidence else 0
    capacity = vocab.resolve("draagkracht", situation.capacity) if situation.capacity else None
    capacity_rank = (
        vocab.rank.get(capacity, weights.default_capacity_rank) if capacity else weights.default_capacity_rank
    )
    # Left out by IRI or by its last part ("financiele-educatie"), so it works under any base IRI.
    exclude = {value.strip() for value in situation.exclude}
    return Resolved(
        needs=needs,
        target_group=group,
        place=place,
        places_around=({place} | vocab.ancestors(place)) if place else set(),
        k=k,
        min_rank=min_rank,
        exclude=exclude,
        budget=weights.capacity_budget.get(capacity_rank, weights.capacity_budget[weights.default_capacity_rank]),
        capacity=capacity,
        groups_around=_groups_around(group, vocab) if group else set(),
        include_ideas=situation.include_ideas,
        outside_place=outside,
        outside_hints=hints,
    )


# How close a name must be to a known place to count as a typo of it (difflib's ratio). Below this the
# place is taken as one outside the region, never "corrected" to a place in it.
TYPO_RATIO = 0.8


def _place(value: str | None, vocab: Vocabulary) -> tuple[str | None, str | None, list[str]]:
    """The known place, or the name of a place outside the region with the known names it resembles."""
    if not value:
        return None, None, []
    try:
        return vocab.resolve("plaats", value), None, []
    except UnknownTerm as unknown:
        if vocab.closest_ratio("plaats", value) >= TYPO_RATIO:
            raise
        return None, value.strip(), unknown.suggestions


# A family consists of children, young people and adults: what serves one of them serves the family.
FAMILY = "gezin"
FAMILY_MEMBERS = ("kind", "jongere", "volwassene", "aanstaande-ouders")
# A narrower kind of family says who is in it: a family with young children has no pupils of a secondary
# school, so only these members (not their narrower groups) fit it.
YOUNG_FAMILY = "gezin-met-jonge-kinderen"
YOUNG_FAMILY_MEMBERS = ("kind", "volwassene", "aanstaande-ouders")


def _groups_around(group: str, vocab: Vocabulary) -> set[str]:
    """Target groups an intervention may name and still fit: the group, wider and narrower ones, and for
    a family its members. The intervention's own group must fit: school programmes do not fit a family
    expecting a baby."""
    around = {group} | vocab.ancestors(group) | vocab.descendants(group)
    family = next((g for g in {group} | vocab.ancestors(group) if g.rsplit("/", 1)[-1] == FAMILY), None)
    if family:
        base = family.rsplit("/", 1)[0] + "/"
        plain = group == family
        members = FAMILY_MEMBERS if plain or group.rsplit("/", 1)[-1] != YOUNG_FAMILY else YOUNG_FAMILY_MEMBERS
        for member in members:
            if base + member in vocab.labels:
                around.add(base + member)
                if plain:
                    around |= vocab.descendants(base + member)
    return around


def _unique(vocab: Vocabulary, kind: str, values: tuple[str, ...]) -> list[str]:
    # Sorted, so the order in which a user lists needs never changes the answer.
    return sorted({vocab.resolve(kind, value) for value in values})
