"""Search with facets: what people type, with typos and Dutch compounds, narrowed by checkboxes with counts.

A professional between two appointments types "schlden" or "schuldhulp" and expects interventions
against debts. So a word matches a word of the graph exactly, by its stem (schuld/schulden), as the
start of a longer word (schuldhulp/schuldhulpverlening), as a part of a compound (stress in
gezinsstress), or with one or two typing errors (bounded edit distance, pre-filtered on trigrams).
A compound query is also split into known words, so "armoedebestrijding" finds "armoede". An
intervention is found through what it is linked to as well: searching "schulden" finds the
interventions whose effects work on the mechanism Schulden. A word in the name counts most, then one
in the description, then one in a linked concept.

Facets follow the usual convention: values within one facet are alternatives (OR), facets combine
(AND), and each facet's counts are taken over the results of the search and all *other* filters.

Everything is read with SPARQL queries without user input (one per class and per property), once per
store version for both languages, and searched in plain Python: on a graph of this size that is much
faster than a query per request, and no search engine is needed.
"""

import functools
import os
import re
import threading
import unicodedata
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from typing import overload

from graaf.long_lived import long_lived
from graaf.store import Store, tsv_iri, tsv_literal
from ontologie.namespaces import KERN, sparql_prefixes

_PREFIXES = sparql_prefixes()
K = str(KERN)
DCT = "http://purl.org/dc/terms/"

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
_LOCK = threading.Lock()


def slug(iri: str) -> str:
    """The short name in a URL: the last part of the IRI (schulden, GM0037, faseplan-2)."""
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def normalise(text: str) -> str:
    """Lower case without accents, so "Financiële" and "financiele" are the same word."""
    if text.isascii():  # nothing to take off: most texts, and the index is built from hundreds of thousands
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def stem(word: str) -> str:
    """A light Dutch stem: plural and inflection endings off (schulden -> schuld, gezinnen -> gezin)."""
    for ending, shortest in (("en", 6), ("s", 5), ("e", 5)):
        if len(word) >= shortest and word.endswith(ending) and not word.endswith("ss"):
            word = word[: -len(ending)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def within(a: str, b: str, limit: int) -> bool:
    """Whether the edit distance (with swaps of neighbours) between a and b is at most `limit`."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return False
        previous2, previous = previous, row
    return previous[-1] <= limit


def trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@dataclass
class Doc:
    """One thing people can find: its names and texts, and the concepts it links to."""

    iri: str
    kind: str
    classes: set[str]
    names: dict[str, list[str]] = field(default_factory=dict)  # language -> names
    texts: dict[str, list[str]] = field(default_factory=dict)  # language -> descriptions
    links: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # relation -> IRIs
    facets: dict[str, set[str]] = field(default_factory=dict)  # facet -> value IRIs
    # The same as "facet<TAB>value" strings, one object per pair across all things: counting the facets of
    # thousands of hits is then one Counter over strings whose hash is already known (15x faster at 1M).
    facet_keys: tuple[str, ...] = ()


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


class Hits(Sequence[Hit]):
    """The things found, best first; a Hit (with its summary) is made only for those a page shows, as a
    common word finds thousands of things on a large graph."""

    def __init__(self, index: "Index", found: list[tuple[str, tuple[float, list[Reason]]]]) -> None:
        self._index = index
        self._found = found

    def __len__(self) -> int:
        return len(self._found)

    @overload
    def __getitem__(self, at: int) -> Hit: ...
    @overload
    def __getitem__(self, at: slice) -> list[Hit]: ...
    def __getitem__(self, at: int | slice) -> Hit | list[Hit]:
        if isinstance(at, slice):
            return [_hit(self._index, iri, scored) for iri, scored in self._found[at]]
        iri, scored = self._found[at]
        return _hit(self._index, iri, scored)


@dataclass
class Outcome:
    hits: Sequence[Hit]
    facets: dict[str, list[FacetValue]]
    unknown: list[tuple[str, str]]  # (facet, value) that the graph does not know
    words: list[str]  # the words searched for, after leaving out the small ones
    similar: list[str]  # words of the graph found through a typo: "did you mean"
    some_words_only: bool  # no thing had every word, so these have some of them
    default_kind: bool  # no words and no kind chosen: the list shows interventions


@dataclass(slots=True)
class _Posting:
    doc: str
    weight: float
    relation: str
    via: str | None


class Index:
    """The things of one store version, searchable in one language."""

    def __init__(
        self, docs: dict[str, Doc], labels: dict[str, dict[str, str]], order: dict[str, int], lang: str
    ) -> None:
        self.docs = docs
        self.labels = labels
        self.order = order
        self.lang = lang
        self.postings: dict[str, list[_Posting]] = defaultdict(list)
        self.known: dict[str, dict[str, str]] = {f: {} for f in FACETS}  # facet -> lower-case slug -> IRI
        # The words of a text, while building: a linked concept's name is added for every thing linked to it.
        self._terms: dict[str, set[str]] = {}
        for doc in docs.values():
            self._add_doc(doc)
        del self._terms
        self.vocabulary = sorted(self.postings)
        self.stems = {w: stem(w) for w in self.vocabulary}
        self.lexicon = {w for w in self.vocabulary if len(w) >= 4} | {s for s in self.stems.values() if len(s) >= 4}
        self.grams: dict[str, set[str]] = defaultdict(set)
        for w in self.vocabulary:
            for gram in trigrams(w):
                self.grams[gram].add(w)
        self.parts = {w: set(p) for w in self.vocabulary if (p := self.split(w))}
        self._matches: dict[str, list[tuple[str, float, bool]]] = {}
        self._sort_keys: dict[str, tuple[int, str]] = {}

    def sort_key(self, iri: str) -> tuple[int, str]:
        """Kind, then name without accents or case: the order of equal scores. Kept, as a common word
        sorts thousands of things per search."""
        key = self._sort_keys.get(iri)
        if key is None:
            key = self._sort_keys[iri] = (_RANK[self.docs[iri].kind], normalise(_display_name(self, iri)))
        return key

    def _add_doc(self, doc: Doc) -> None:
        for relation, texts in (("naam", doc.names), ("beschrijving", doc.texts)):
            for weight, text in self._in_language(texts):
                self._add_text(text, doc.iri, FIELD_WEIGHT[relation] * weight, relation, None)
        for relation in LINKED_TEXT:
            for target in doc.links.get(relation, ()):
                self._add_text(self.label(target), doc.iri, LINK_WEIGHT, relation, target)

    def _in_language(self, texts: Mapping[str, list[str]]) -> Iterable[tuple[float, str]]:
        for lang, items in texts.items():
            if lang in (self.lang, ""):
                yield from ((1.0, t) for t in items)
            elif lang == "nl":
                yield from ((OTHER_LANGUAGE, t) for t in items)

    def _add_text(self, text: str, doc: str, weight: float, relation: str, via: str | None) -> None:
        terms = self._terms.get(text)
        if terms is None:
            terms = self._terms[text] = set(words(text)) - STOPWORDS
        posting = _Posting(doc, weight, relation, via)  # never changed, so one serves every word of the text
        for word in terms:
            self.postings[word].append(posting)

    def label(self, iri: str) -> str:
        labels = self.labels.get(iri, {})
        return labels.get(self.lang) or labels.get("nl") or labels.get("") or slug(iri)

    def split(self, word: str) -> list[str]:
        """A compound in known words of at least four letters, with the linking s or e allowed between
        them ("gezinsstress" -> gezin, stress); an empty list when the word does not split."""
        if len(word) < 8:
            return []
        best: dict[int, list[str]] = {0: []}
        for end in range(4, len(word) + 1):
            for start in sorted(best):
                part = word[start:end]
                if end - start < 4 or start not in best:
                    continue
                if part in self.lexicon or (part[0] in "se" and start and part[1:] in self.lexicon):
                    candidate = [*best[start], part if part in self.lexicon else part[1:]]
                    if end not in best or len(candidate) < len(best[end]):
                        best[end] = candidate
        parts = best.get(len(word), [])
        return parts if len(parts) > 1 else []

    def pieces(self, term: str) -> list[str]:
        """The known words a searched compound starts and ends with ("schuldhulp" -> schuld, hulp), also
        when the rest is not a word of the graph ("armoedebestrijding" -> armoede)."""
        if len(term) < 7:
            return []
        first = next((term[:n] for n in range(len(term) - 3, 3, -1) if term[:n] in self.lexicon), "")
        last = next((term[n:] for n in range(max(len(first), 1), len(term) - 3) if term[n:] in self.lexicon), "")
        return [p for p in (first, last) if p]

    def matches(self, term: str) -> list[tuple[str, float, bool]]:
        """Words of the graph that `term` stands for: (word, quality between 0 and 1, found through a typo)."""
        if term in self._matches:
            return self._matches[term]
        found: dict[str, tuple[float, bool]] = {}
        term_stem = stem(term)
        for word in self.vocabulary:
            quality = _quality(term, term_stem, word, self.stems[word], self.parts.get(word, set()))
            if quality:
                found[word] = (quality, False)
        # Typos only when the word itself is not in the graph: "schulden" must not also find "scholen".
        if len(term) >= 4 and not any(q >= 0.85 for q, _ in found.values()):
            limit = 1 if len(term) <= 7 else 2
            candidates = set().union(*(self.grams.get(g, set()) for g in trigrams(term)))
            for word in candidates - set(found):
                if within(term, word, limit):
                    found[word] = (0.6, True)
                elif len(word) > len(term) + limit and within(term, word[: len(term)], limit):
                    found[word] = (0.5, True)  # a typo in the first part of a longer word
        result = [(w, q, typo) for w, (q, typo) in found.items()]
        if len(self._matches) > 5000:
            self._matches.clear()
        self._matches[term] = result
        return result

    def score_term(self, term: str) -> tuple[dict[str, tuple[float, Reason]], list[str]]:
        """Per thing the best score for one search word, with the reason; and the words found by a typo."""
        best: dict[str, tuple[float, Reason]] = {}
        similar = []
        for word, quality, typo in self.matches(term):
            if typo:
                similar.append(word)
            self._collect(best, word, quality)
        # A compound is also looked for by its parts: "armoedebestrijding" finds "armoede", less strongly,
        # the longer (more telling) part more strongly than the shorter one.
        parts = self.pieces(term)
        for part in parts:
            share = 0.55 * len(part) / sum(len(p) for p in parts)
            for word, quality, typo in self.matches(part):
                if not typo and quality >= 0.85:
                    self._collect(best, word, quality * share)
        return best, similar

    def _collect(self, best: dict[str, tuple[float, Reason]], word: str, quality: float) -> None:
        for posting in self.postings.get(word, ()):
            score = quality * posting.weight
            if posting.doc not in best or score > best[posting.doc][0]:
                label = self.label(posting.via) if posting.via else None
                best[posting.doc] = (score, Reason(posting.relation, word, posting.via, label))

    def summary(self, doc: Doc, length: int = 160) -> str:
        """One line about a thing: the start of its description, cut at a word."""
        texts = doc.texts.get(self.lang) or doc.texts.get("nl") or doc.texts.get("") or []
        text = " ".join(texts[0].split()) if texts else ""
        if len(text) <= length:
            return text
        return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _quality(term: str, term_stem: str, word: str, word_stem: str, parts: set[str]) -> float:
    if word == term:
        return 1.0
    if word_stem == term_stem and len(term_stem) >= 3:
        return 0.95
    if len(term) >= 3 and word.startswith(term):
        return 0.85
    if len(term) >= 4 and (term in parts or term_stem in parts or (len(term) >= 5 and word.endswith(term))):
        return 0.75
    return 0.0


@dataclass
class Reading:
    """What the index of every language is made of, read and linked once per store version."""

    docs: dict[str, Doc]
    labels: dict[str, dict[str, str]]  # IRI -> language -> label
    order: dict[str, int]  # evidence level -> rank
    known: dict[str, list[str]]  # facet -> the IRIs of its values: the members of its class, then those things have


@dataclass
class _Cached:
    """A store's reading and its index per language, for one store version."""

    version: int
    reading: Reading
    indexes: dict[str, Index] = field(default_factory=dict)


_CACHE: "weakref.WeakKeyDictionary[Store, _Cached]" = weakref.WeakKeyDictionary()
_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}
_THREADS = min(4, os.cpu_count() or 1)  # queries run side by side while the index is read
_NONE: frozenset[str] = frozenset()  # what a thing without a link has: no new empty set for each of them


def read(store: Store) -> Reading:
    """Things, labels, the rank of evidence levels and the known facet values, with each thing's facets.

    One query per class and per property rather than one with VALUES over all of them: the engine
    spends its time turning stored terms into text, and a constant class or property is then not
    turned into text for every row. The engine lets go of Python while it works, so the queries run
    side by side, and the first answers are taken in while later ones are still running.
    """
    props = dict.fromkeys(NAME_PROPS + TEXT_PROPS + LABEL_PROPS + LINK_PROPS)
    with ThreadPoolExecutor(_THREADS) as pool:
        members = {c: pool.submit(store.table, _PREFIXES + f"SELECT ?x WHERE {{ ?x a kern:{c} }}") for c in KINDS}
        values = {p: pool.submit(_values, store, p) for p in props}
        docs = _things(members)
        labels = _texts(docs, values)
        _links(docs, values)
    _facets(docs)
    return Reading(docs, labels, _evidence_order(store), _known(store, docs))


def _values(store: Store, prop: str) -> list[tuple[str, str]]:
    """The things with a value for `prop` (their IRI), and that value as `Store.table` gives it."""
    rows = store.table(_PREFIXES + f"SELECT ?x ?v WHERE {{ ?x {prop} ?v }}")
    return [(iri, value) for subject, value in rows if (iri := tsv_iri(subject)) is not None]


def _things(members: Mapping[str, Future[list[list[str]]]]) -> dict[str, Doc]:
    """Everything people can find; a thing of two classes gets the kind that is ranked first."""
    docs: dict[str, Doc] = {}
    for local, rows in members.items():
        kind = KINDS[local]
        for iri in (tsv_iri(value) for (value,) in rows.result()):
            if iri is None:
                continue
            doc = docs.get(iri)
            if doc is None:
                doc = docs[iri] = Doc(iri, kind, set())
            doc.classes.add(local)
            if _RANK[kind] < _RANK[doc.kind]:
                doc.kind = kind
    return docs


def _texts(docs: dict[str, Doc], values: Mapping[str, Future[list[tuple[str, str]]]]) -> dict[str, dict[str, str]]:
    """Each thing's names and descriptions per language, in the order of NAME_PROPS and TEXT_PROPS; and the
    label of everything that has one (IRI -> language -> label), from the same rows."""
    for prop in NAME_PROPS + TEXT_PROPS:
        texts = "names" if prop in NAME_PROPS else "texts"
        for iri, value in values[prop].result():
            doc = docs.get(iri)
            found = tsv_literal(value) if doc is not None else None
            if found is not None:
                getattr(doc, texts).setdefault(found[1], []).append(found[0])
    labels: dict[str, dict[str, str]] = {}
    for prop in LABEL_PROPS:
        for iri, value in values[prop].result():
            text, lang = _label(value)
            labels.setdefault(iri, {}).setdefault(lang, text)
    return labels


def _label(value: str) -> tuple[str, str]:
    """A label and its language; any value is a label, also one that is not a literal."""
    return tsv_literal(value) or (tsv_iri(value) or value.removeprefix("_:"), "")


def _links(docs: dict[str, Doc], values: Mapping[str, Future[list[tuple[str, str]]]]) -> None:
    """The things each thing links to, per relation (the property's local name)."""
    for prop in LINK_PROPS:
        relation = prop.split(":", 1)[1]
        for iri, value in values[prop].result():
            doc = docs.get(iri)
            target = tsv_iri(value) if doc is not None else None
            if target is not None:
                doc.links[relation].add(target)


def _evidence_order(store: Store) -> dict[str, int]:
    query = _PREFIXES + "SELECT ?x ?r WHERE { ?x a kern:Bewijsniveau ; kern:rang ?r }"
    return {row["x"]: int(row["r"]) for row in store.values(query) if row["r"].lstrip("-").isdigit()}


def _known(store: Store, docs: dict[str, Doc]) -> dict[str, list[str]]:
    """Per facet the values people can choose, each once: the members of its class, also when no thing
    has them right now, then the values things have."""
    known: dict[str, dict[str, None]] = {facet: {} for facet in FACETS}
    values = " ".join(f'("{f}" {c})' for f, c in FACET_CLASSES.items())
    query = _PREFIXES + f"SELECT ?f ?x WHERE {{ VALUES (?f ?c) {{ {values} }} ?x a ?c . FILTER(isIRI(?x)) }}"
    for row in store.values(query):
        known[row["f"]][row["x"]] = None
    for doc in docs.values():
        for facet, iris in doc.facets.items():
            seen = known[facet]
            for iri in iris:
                seen[iri] = None
    return {facet: list(iris) for facet, iris in known.items()}


def _facets(docs: dict[str, Doc]) -> None:
    """Each thing's facet values, following effects and evidence back to the intervention."""
    towns = _municipalities(docs)
    for effect in [d for d in docs.values() if d.kind == "effect"]:
        # An intervention works on what its effects work on: found through it, and counted in its facets.
        for intervention in effect.links.get("vanInterventie", ()):
            if intervention in docs:
                docs[intervention].links["werktOp"] |= effect.links.get("werktOp", _NONE)
    for doc in docs.values():
        f: dict[str, set[str]] = defaultdict(set)
        f["soort"].add(doc.kind)
        f["bron"] |= doc.links.get("source", _NONE)
        for name in ("status", "preventieniveau", "bewijsniveau", "kennisbron"):
            f[name] |= doc.links.get(name, _NONE)
        f["doelgroep"] |= doc.links.get("voorDoelgroep", _NONE)
        if doc.kind in ("mechanisme", "kapitaalvorm", "uitkomst", "doelgroep"):
            f[doc.kind].add(doc.iri)
        for target in doc.links.get("werktOp", ()):
            _target_facet(docs, target, f)
        for effect in doc.links.get("ondersteunt", ()):
            for target in docs[effect].links.get("werktOp", ()) if effect in docs else ():
                _target_facet(docs, target, f)
        for place in doc.links.get("aangebodenIn", _NONE) | ({doc.iri} if doc.kind == "plaats" else _NONE):
            f["gemeente"] |= towns(place)
        doc.facets = dict(f)
    evidence: dict[str, list[Doc]] = defaultdict(list)
    for doc in docs.values():
        for effect in doc.links.get("ondersteunt", ()):
            evidence[effect].append(doc)
    for doc in [d for d in docs.values() if d.kind == "effect"]:
        for proof in evidence[doc.iri]:
            for name in ("bewijsniveau", "kennisbron"):
                doc.facets.setdefault(name, set()).update(proof.links.get(name, ()))
        for intervention in doc.links.get("vanInterventie", ()):
            if intervention in docs:
                for name in ("bewijsniveau", "kennisbron"):
                    docs[intervention].facets.setdefault(name, set()).update(doc.facets.get(name, ()))
    pool: dict[str, str] = {}
    for doc in docs.values():
        keys = (f"{facet}\t{value}" for facet, values in doc.facets.items() for value in values)
        doc.facet_keys = tuple(pool.setdefault(key, key) for key in keys)


def _target_facet(docs: dict[str, Doc], target: str, facets: dict[str, set[str]]) -> None:
    kind = docs[target].kind if target in docs else None
    if kind in ("mechanisme", "kapitaalvorm", "uitkomst"):
        facets[kind].add(target)


def _ancestors(docs: dict[str, Doc]) -> dict[str, set[str]]:
    """Per place every place it lies in (kern:ligtIn is transitive; the store does not infer that)."""
    found: dict[str, set[str]] = {}
    for iri, doc in docs.items():
        if doc.kind != "plaats":
            continue
        seen: set[str] = set()
        todo = list(doc.links.get("ligtIn", ()))
        while todo:
            place = todo.pop()
            if place not in seen:
                seen.add(place)
                todo.extend(docs[place].links.get("ligtIn", ()) if place in docs else ())
        found[iri] = seen
    return found


def _municipalities(docs: dict[str, Doc]) -> Callable[[str], frozenset[str]]:
    """The municipalities where something offered in a place is available: the place itself, the one it
    lies in, or every municipality that lies in it (offered in a province means offered in its towns).
    Worked out once per place: thousands of things are offered in the same few places."""
    ancestors = _ancestors(docs)

    def is_municipality(iri: str) -> bool:
        return iri in docs and "Gemeente" in docs[iri].classes

    below: dict[str, set[str]] = defaultdict(set)  # place -> the municipalities that lie in it
    for town, up in ancestors.items():
        if is_municipality(town):
            for place in up:
                below[place].add(town)

    @functools.cache
    def of(place: str) -> frozenset[str]:
        found = {p for p in {place} | ancestors.get(place, set()) if is_municipality(p)}
        return frozenset(found | below.get(place, set()))

    return of


def build(store: Store, lang: str) -> Index:
    """The store's index in one language; index_of keeps it, and reads the store once for both languages."""
    with long_lived():
        return _index(read(store), lang)


def _index(reading: Reading, lang: str) -> Index:
    index = Index(reading.docs, reading.labels, reading.order, lang)
    for facet, iris in reading.known.items():
        for iri in iris:
            index.known[facet].setdefault(slug(iri).lower(), iri)
            index.known[facet].setdefault("-".join(words(index.label(iri))), iri)  # "pekela" for GM0765
    return index


def index_of(store: Store, lang: str) -> Index:
    """The store's index in a language, built again only after a write; both languages share one reading."""
    with _LOCK:
        version = store.version
        cached = _CACHE.get(store)
        if cached is None or cached.version != version:
            _CACHE.pop(store, None)  # let the old reading go before the new one is read
            with long_lived():
                cached = _CACHE[store] = _Cached(version, read(store))
        if lang not in cached.indexes:
            with long_lived():
                cached.indexes[lang] = _index(cached.reading, lang)
        return cached.indexes[lang]


def search(store: Store, text: str, filters: Mapping[str, Iterable[str]], lang: str = "nl") -> Outcome:
    """Things for the words in `text`, narrowed by facet values (short names), best first, with facet counts.

    Without words and without a kind, the list shows interventions: that is what people look for.
    """
    index = index_of(store, lang)
    chosen, unknown = _resolve(index, filters)
    terms = [w for w in words(text[:300]) if w not in STOPWORDS][:MAX_TERMS]
    default_kind = not terms and not chosen.get("soort") and not any(f == "soort" for f, _ in unknown)
    if default_kind:
        chosen["soort"] = {"interventie"}
    scores, similar, partial = _score(index, terms)
    passing = {
        f: {d for d in scores if not values or index.docs[d].facets.get(f, set()) & values}
        for f, values in chosen.items()
    }
    every = set(scores).intersection(*passing.values()) if passing else set(scores)
    found = [(iri, scores[iri]) for iri in every]
    order = index.sort_key
    if terms:
        found.sort(key=lambda f: (-f[1][0], order(f[0])))
    else:
        found.sort(key=lambda f: order(f[0]))
    # A facet's counts are over the things that pass every other chosen facet: for the facets nobody
    # chose, that is the same set of things, counted once.
    shared = _tally(index, every)
    facets = {}
    for facet in FACETS:
        if facet in passing:
            tally = _tally(index, set(scores).intersection(*(p for f, p in passing.items() if f != facet)))
        else:
            tally = shared
        # The implicit kind is not shown as chosen: a word typed next would otherwise search interventions only.
        shown = set() if facet == "soort" and default_kind else chosen.get(facet, set())
        facets[facet] = _count(index, facet, tally.get(facet, {}), shown)
    return Outcome(Hits(index, found), facets, unknown, terms, sorted(set(similar)), partial, default_kind)


def _resolve(index: Index, filters: Mapping[str, Iterable[str]]) -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    chosen: dict[str, set[str]] = {}
    unknown = []
    for facet, values in filters.items():
        for value in values:
            value = value.strip()
            if not value:
                continue
            if facet == "soort":
                iri = value.lower() if value.lower() in KIND_ORDER else None
            else:
                iri = index.known.get(facet, {}).get(value.lower()) or index.known.get(facet, {}).get(
                    "-".join(words(value))
                )
            if iri is None:
                unknown.append((facet, value))
            else:
                chosen.setdefault(facet, set()).add(iri)
    return chosen, unknown


def _score(index: Index, terms: list[str]) -> tuple[dict[str, tuple[float, list[Reason]]], list[str], bool]:
    """Every thing that has all the words (or, if none has, any of them), with its score and reasons."""
    if not terms:
        return {iri: (0.0, []) for iri in index.docs}, [], False
    per_term = []
    similar: list[str] = []
    for term in terms:
        best, typos = index.score_term(term)
        per_term.append(best)
        similar += typos
    if len(per_term) == 1:  # the usual search: one word, one reason per thing
        return (
            {
                iri: (round(KIND_WEIGHT.get(index.docs[iri].kind, 0.8) * score, 6), [reason])
                for iri, (score, reason) in per_term[0].items()
            },
            similar,
            False,
        )
    common = set(per_term[0]).intersection(*per_term[1:])
    partial = not common and len(terms) > 1
    chosen = set().union(*per_term) if partial else common
    scores = {}
    for iri in chosen:
        found = [best[iri] for best in per_term if iri in best]
        weight = KIND_WEIGHT.get(index.docs[iri].kind, 0.8)
        reasons = list(dict.fromkeys(reason for _, reason in found))
        scores[iri] = (round(weight * sum(score for score, _ in found), 6), reasons)
    return scores, similar, partial


def _display_name(index: Index, iri: str) -> str:
    if iri in index.labels:
        return index.label(iri)
    doc = index.docs[iri]
    names = doc.names.get(index.lang) or doc.names.get("nl") or doc.names.get("") or []
    return names[0] if names else slug(iri)


def _hit(index: Index, iri: str, scored: tuple[float, list[Reason]]) -> Hit:
    doc = index.docs[iri]
    return Hit(iri, doc.kind, _display_name(index, iri), index.summary(doc), scored[0], tuple(scored[1]))


def _tally(index: Index, docs: set[str]) -> dict[str, dict[str, int]]:
    """Per facet, how many of `docs` have each value."""
    counted = Counter(chain.from_iterable([index.docs[iri].facet_keys for iri in docs]))
    tally: dict[str, dict[str, int]] = defaultdict(dict)
    for key, n in counted.items():
        facet, value = key.split("\t", 1)
        tally[facet][value] = n
    return tally


def _count(index: Index, facet: str, counts: Mapping[str, int], chosen: set[str]) -> list[FacetValue]:
    values = [
        FacetValue(slug(v), v, v if facet == "soort" else index.label(v), counts.get(v, 0), v in chosen)
        for v in set(counts) | chosen
    ]
    if facet == "soort":
        return sorted(values, key=lambda v: KIND_ORDER.index(v.iri))
    if facet == "bewijsniveau":
        return sorted(values, key=lambda v: (index.order.get(v.iri, 99), normalise(v.label)))
    return sorted(values, key=lambda v: normalise(v.label))
