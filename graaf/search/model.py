"""What the search knows and hands back: the kinds of things, the facets, the weights, the words of a text.

Shared by the reading of the store, the index on disk and the search itself, so each of them uses the same
tokens and the same names. Imports only the standard library, PyStemmer and RapidFuzz.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from rapidfuzz.distance import OSA

from graaf.storage.terms import local_name

# Class -> kind of thing (the path segment people know from /id/{kind}/...), in the order results are ranked.
KINDS: dict[str, str] = {
    "PersoonsgerichteInterventie": "interventie",
    "Netwerkactiviteit": "interventie",
    "Interventie": "interventie",
    "Mechanisme": "mechanisme",
    "Kapitaalvorm": "kapitaalvorm",
    "Uitkomst": "uitkomst",
    "Doelgroep": "doelgroep",
    "Doel": "doel",
    "StrategischDoel": "doel",
    "OperationeelDoel": "doel",
    "Effect": "effect",
    "Bewijs": "bewijs",
    "Bevinding": "bewijs",
    "Regio": "plaats",
    "Land": "plaats",
    "Provincie": "plaats",
    "Gemeente": "plaats",
    "Dorp": "plaats",
    "Wijk": "plaats",
    "Buurt": "plaats",
    "Organisatie": "organisatie",
    "Werkgroep": "organisatie",
}
KIND_ORDER = ("interventie", "mechanisme", "kapitaalvorm", "uitkomst", "doelgroep", "doel", "effect", "bewijs")
KIND_ORDER += ("plaats", "organisatie")
# Interventions are what people come for; evidence and effects are found, but after the rest.
KIND_WEIGHT = {"interventie": 1.0, "effect": 0.7, "bewijs": 0.6}
FACETS = ("soort", "mechanisme", "kapitaalvorm", "uitkomst", "doelgroep", "bewijsniveau", "kennisbron", "bron")
FACETS += ("gemeente",)
FACETS += ("preventieniveau", "status")
# The classes whose members are the known values of a facet, also when no result has them right now.
FACET_CLASSES = {
    "mechanisme": "kern:Mechanisme",
    "kapitaalvorm": "kern:Kapitaalvorm",
    "uitkomst": "kern:Uitkomst",
    "doelgroep": "kern:Doelgroep",
    "bewijsniveau": "kern:Bewijsniveau",
    "kennisbron": "kern:Kennisbron",
    "bron": "foaf:Document",
    "gemeente": "kern:Gemeente",
    "preventieniveau": "kern:Preventieniveau",
    "status": "kern:Status",
}
NAME_PROPS = ("rdfs:label", "skos:prefLabel", "skos:altLabel", "dcterms:title")
# What a thing is called on a page, most telling first: its label in a language is the first one found.
LABEL_PROPS = ("skos:prefLabel", "rdfs:label", "dcterms:title")
TEXT_PROPS = ("dcterms:description", "skos:definition", "kern:doel", "rdfs:comment", "kern:aanpak")
TEXT_PROPS += ("kern:werkzaamElement", "kern:resultaat")
LINK_PROPS = ("kern:vanInterventie", "kern:werktOp", "kern:ondersteunt", "kern:bewijsniveau", "kern:kennisbron")
LINK_PROPS += ("kern:voorDoelgroep", "kern:aangebodenIn", "kern:aangebodenDoor", "kern:dientDoel", "kern:status")
LINK_PROPS += ("kern:preventieniveau", "kern:ligtIn", "dcterms:source")
# An intervention is also found through the names of these (relation -> weight of a word found there).
LINKED_TEXT = ("werktOp", "voorDoelgroep", "aangebodenDoor", "aangebodenIn", "dientDoel")
FIELD_WEIGHT = {"naam": 1.0, "beschrijving": 0.5}
LINK_WEIGHT = 0.4
OTHER_LANGUAGE = 0.9  # a Dutch text on an English page
STOPWORDS = frozenset(
    "de het een en van in op te voor met aan door om of is zijn die dat er bij naar als ook tot uit over niet "
    "the a an and of to for in on with by at from is are not".split()
)
MAX_TERMS = 10
_WORD = re.compile(r"[a-z0-9]+")
RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}
# Snowball's Dutch Porter stemmer; its newer "dutch" stems schulden to schul but schuld to schuld.
_STEMMER = Stemmer.Stemmer("dutch_porter")


def slug(iri: str) -> str:
    """The short name in a URL: the last part of the IRI (schulden, GM0037, faseplan-2)."""
    return local_name(iri)


def normalise(text: str) -> str:
    """Lower case without accents, so "Financiële" and "financiele" are the same word."""
    if text.isascii():  # nothing to take off: most texts, and the index is built from hundreds of thousands
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Snowball's Dutch stem with a doubled last consonant undone, so gezinnen, gezin and gezins meet
    (the stemmer leaves gezinn) and schulden meets schuld."""
    found: str = _STEMMER.stemWord(word)
    if len(found) > 3 and found[-1] == found[-2] and found[-1] not in "aeiou":
        found = found[:-1]
    return found


def within(a: str, b: str, limit: int) -> bool:
    """Whether the edit distance (with swaps of neighbours) between a and b is at most `limit`."""
    return bool(OSA.distance(a, b, score_cutoff=limit) <= limit)


@dataclass(frozen=True)
class Reason:
    """Why a thing was found: a word in its name or description, or a linked concept (relation + IRI)."""

    relation: str
    word: str
    iri: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    label: str
    summary: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class FacetValue:
    slug: str
    iri: str
    label: str
    count: int
    chosen: bool


@dataclass
class Outcome:
    hits: Sequence[Hit]
    facets: dict[str, list[FacetValue]]
    unknown: list[tuple[str, str]]  # (facet, value) that the graph does not know
    words: list[str]  # the words searched for, after leaving out the small ones
    similar: list[str]  # words of the graph found through a typo: "did you mean"
    some_words_only: bool  # no thing had every word, so these have some of them
    default_kind: bool  # no words and no kind chosen: the list shows interventions
