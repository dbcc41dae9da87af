"""Searching the index of one store version in one language, and keeping that index up to date.

The index on disk (graaf.search.storage) holds the texts; in memory are kept only what every search
needs at once: per thing its id, IRI, kind and facet values (one shared string per value), and per
language the list of words. A store version is read once for both languages; the file is brought up to
date by rewriting the things that changed, and a file that already reflects the store's state (a
restart) is opened as it is.
"""

import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import overload

from graaf.search.matching import Vocabulary
from graaf.search.model import (
    FACETS,
    KIND_ORDER,
    KIND_WEIGHT,
    MAX_TERMS,
    RANK,
    STOPWORDS,
    FacetValue,
    Hit,
    Outcome,
    Reason,
    normalise,
    slug,
    words,
)
from graaf.search.reading import known_values, read
from graaf.search.refresh import plan
from graaf.search.storage import Disk, Patch, label
from graaf.storage.store import Store

_LOCK = threading.Lock()


class Docs:
    """The things of one store version, shared by the index of every language."""

    def __init__(self, disk: Disk) -> None:
        self.disk = disk
        self.iris: dict[int, str] = {}
        self.kinds: dict[int, str] = {}
        self.facet_keys: dict[int, tuple[str, ...]] = {}
        pool: dict[str, str] = {}  # one string per facet value across all things: counted by hash
        for id_, iri, kind, facets in disk.docs():
            self.iris[id_] = iri
            self.kinds[id_] = kind
            self.facet_keys[id_] = tuple(pool.setdefault(k, k) for k in facets.split("\n")) if facets else ()
        self.known: dict[str, list[str]] = disk.meta_json("known")  # type: ignore[assignment]
        self.order: dict[str, int] = disk.meta_json("order")  # type: ignore[assignment]
        self._having: dict[str, frozenset[int]] = {}

    @classmethod
    def patched(cls, old: "Docs", patch: Patch) -> "Docs":
        """The things after an update of only some of them: the old ones' in-memory entries, copied, with
        those the patch wrote or dropped replaced (reading every thing back from disk took 0.3 s at 1M)."""
        docs = cls.__new__(cls)
        docs.disk = old.disk
        docs.iris, docs.kinds, docs.facet_keys = dict(old.iris), dict(old.kinds), dict(old.facet_keys)
        for id_ in patch.gone:
            del docs.iris[id_], docs.kinds[id_], docs.facet_keys[id_]
        for id_, iri, kind, facets, *_ in patch.rows:
            assert isinstance(id_, int) and isinstance(facets, str)
            docs.iris[id_], docs.kinds[id_] = str(iri), str(kind)
            docs.facet_keys[id_] = tuple(facets.split("\n")) if facets else ()
        docs.known, docs.order, docs._having = {}, old.order, {}  # known and order: set once written
        return docs

    def __len__(self) -> int:
        return len(self.iris)

    def having(self, facet: str, values: set[str]) -> set[int]:
        """The things with any of these values of a facet; per value found once per store version, as a
        list of interventions narrowed by a facet would otherwise test every thing on every visit."""
        found: set[int] = set()
        for value in values:
            key = f"{facet}\t{value}"
            with_value = self._having.get(key)
            if with_value is None:
                with_value = self._having[key] = frozenset(i for i, keys in self.facet_keys.items() if key in keys)
            found |= with_value
        return found


class Index:
    """The things of one store version, searchable in one language."""

    def __init__(self, docs: Docs, lang: str, sort: dict[int, str] | None = None) -> None:
        self.docs = docs
        self.lang = lang
        self.vocabulary = Vocabulary(docs.disk.vocabulary(lang))
        self._sort = docs.disk.column(f"sort_{lang}") if sort is None else sort
        self._labels: dict[str, str] = {}
        self.known: dict[str, dict[str, str]] = {f: {} for f in FACETS}  # facet -> lower-case slug -> IRI
        for facet, iris in docs.known.items():
            names = self.labels(iris)
            for iri in iris:
                self.known[facet].setdefault(slug(iri).lower(), iri)
                self.known[facet].setdefault("-".join(words(names[iri])), iri)  # "pekela" for GM0765

    def patched(self, docs: Docs, patch: Patch) -> "Index":
        """This index for the things after `patch`, its sort keys copied and brought up to date."""
        sort = dict(self._sort)
        for id_ in patch.gone:
            sort.pop(id_, None)
        column = 9 if self.lang == "nl" else 10  # sort_nl, sort_en in the table docs
        for row in patch.rows:
            sort[row[0]] = row[column]  # type: ignore[index, assignment]
        return Index(docs, self.lang, sort)

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """What things are called in this language; kept, as the same concepts are shown in every search."""
        missing = [iri for iri in iris if iri not in self._labels]
        if missing:
            found = self.docs.disk.labels(missing)
            for iri in missing:
                self._labels[iri] = label(found, iri, self.lang)
        return self._labels

    def label(self, iri: str) -> str:
        return self.labels([iri])[iri]

    def sort_key(self, id_: int) -> tuple[int, str]:
        """Kind, then name without accents or case: the order of equal scores."""
        return RANK[self.docs.kinds[id_]], self._sort.get(id_) or ""

    def score_term(self, term: str) -> tuple[dict[int, tuple[float, Reason]], list[str]]:
        """Per thing the best score for one search word, with the reason; and the words found by a typo."""
        best: dict[int, tuple[float, Reason]] = {}
        similar = []
        for word, quality, typo in self.vocabulary.matches(term):
            if typo:
                similar.append(word)
            self._collect(best, word, quality)
        # A compound is also looked for by its parts: "armoedebestrijding" finds "armoede", less strongly,
        # the longer (more telling) part more strongly than the shorter one.
        parts = self.vocabulary.pieces(term)
        for part in parts:
            share = 0.55 * len(part) / sum(len(p) for p in parts)
            for word, quality, typo in self.vocabulary.matches(part):
                if not typo and quality >= 0.85:
                    self._collect(best, word, quality * share)
        return best, similar

    def _collect(self, best: dict[int, tuple[float, Reason]], word: str, quality: float) -> None:
        for doc, relation, via, weight in self.docs.disk.postings(self.lang, word):
            score = quality * weight
            if doc not in best or score > best[doc][0]:
                best[doc] = (score, Reason(relation, word, via or None, self.label(via) if via else None))


class Hits(Sequence[Hit]):
    """The things found, best first; a Hit (with its name and summary, read from the index on disk) is
    made only for those a page shows, as a common word finds thousands of things on a large graph."""

    def __init__(self, index: Index, found: list[tuple[int, tuple[float, list[Reason]]]]) -> None:
        self._index = index
        self._found = found

    def __len__(self) -> int:
        return len(self._found)

    @overload
    def __getitem__(self, at: int) -> Hit: ...
    @overload
    def __getitem__(self, at: slice) -> list[Hit]: ...
    def __getitem__(self, at: int | slice) -> Hit | list[Hit]:
        chosen = self._found[at] if isinstance(at, slice) else [self._found[at]]
        shown = self._index.docs.disk.shown((id_ for id_, _ in chosen), self._index.lang)
        docs = self._index.docs
        hits = [
            Hit(docs.iris[id_], docs.kinds[id_], *shown[id_], scored[0], tuple(scored[1])) for id_, scored in chosen
        ]
        return hits if isinstance(at, slice) else hits[0]


@dataclass
class _Cached:
    """A store's things and its index per language, for one store version."""

    version: int
    docs: Docs
    state: str | None  # the store's state the file was written for
    indexes: dict[str, Index] = field(default_factory=dict)


_CACHE: "weakref.WeakKeyDictionary[Store, _Cached]" = weakref.WeakKeyDictionary()
_DISKS: "weakref.WeakKeyDictionary[Store, Disk]" = weakref.WeakKeyDictionary()


def index_path(store: Store) -> Path | None:
    """Where a store on disk keeps its search index: `<store>.zoekindex/`, next to `<store>.versies/`."""
    path = getattr(store, "path", None)
    return None if path is None else Path(str(path).rstrip("/") + ".zoekindex")


def _disk(store: Store) -> Disk:
    disk = _DISKS.get(store)
    if disk is None:
        folder = index_path(store)
        try:
            if folder is None:
                raise OSError("in memory")
            folder.mkdir(exist_ok=True)
            disk = Disk(folder / "index.sqlite")
        except (OSError, sqlite3.Error):
            # A store in memory, remote or read-only beside a folder nobody may write: a temp folder, gone
            # with the store object.
            folder = Path(tempfile.mkdtemp(prefix="kennisgraaf-zoekindex-"))
            disk = Disk(folder / "index.sqlite")
            weakref.finalize(store, _remove, disk, folder)
        _DISKS[store] = disk
    return disk


def _remove(disk: Disk, folder: Path) -> None:
    disk.close()
    shutil.rmtree(folder, ignore_errors=True)


def index_of(store: Store, lang: str) -> Index:
    """The store's index in a language, brought up to date after a write; both languages share one reading."""
    with _LOCK:
        version = store.version
        cached = _CACHE.get(store)
        if cached is None or cached.version != version:
            disk = _disk(store)
            state = getattr(store, "state", None)  # taken before reading: a write meanwhile reads again later
            refreshed = _refreshed(store, disk, cached, state)
            if refreshed is None and (state is None or disk.state() != state):
                disk.update(read(store), state)
            cached = _CACHE[store] = refreshed or _Cached(version, Docs(disk), state)
            cached.version = version
        if lang not in cached.indexes:
            cached.indexes[lang] = Index(cached.docs, lang)
        return cached.indexes[lang]


def _refreshed(store: Store, disk: Disk, cached: "_Cached | None", state: str | None) -> "_Cached | None":
    """Write again only what the writes since `cached` changed (graaf.search.refresh), and bring what is
    kept in memory up to date from it; None when that cannot be done and all is to be read."""
    touched_since = getattr(store, "touched_since", None)
    if cached is None or touched_since is None or cached.state is None or disk.state() != cached.state:
        return None  # the file is not the one this process wrote last
    touched = touched_since(cached.version)
    found = None if touched is None else plan(store, disk, touched)
    if found is None:
        return None
    things, context = found
    reading = read(store, among=context)
    made: list[Docs] = []

    def known(patch: Patch) -> dict[str, list[str]]:
        made.append(Docs.patched(cached.docs, patch))
        made[0].known = known_values(store, made[0].facet_keys.values())
        return made[0].known

    patch = disk.update_some(reading, things, context, state, known)
    docs = made[0]
    docs.order = reading.order
    fresh = _Cached(cached.version, docs, state)
    fresh.indexes = {lang: index.patched(docs, patch) for lang, index in cached.indexes.items()}
    return fresh


def search(store: Store, text: str, filters: Mapping[str, Iterable[str]], lang: str = "nl") -> Outcome:
    """Things for the words in `text`, narrowed by facet values (short names), best first, with facet counts.

    Without words and without a kind, the list shows interventions: that is what people look for.
    """
    index = index_of(store, lang)
    docs = index.docs
    chosen, unknown = _resolve(index, filters)
    terms = [w for w in words(text[:300]) if w not in STOPWORDS][:MAX_TERMS]
    default_kind = not terms and not chosen.get("soort") and not any(f == "soort" for f, _ in unknown)
    if default_kind:
        chosen["soort"] = {"interventie"}
    scores, similar, partial = _score(index, terms)
    passing = {f: set(scores) & docs.having(f, values) for f, values in chosen.items()}
    every = set(scores).intersection(*passing.values()) if passing else set(scores)
    found = [(id_, scores[id_]) for id_ in every]
    order = index.sort_key
    if terms:
        found.sort(key=lambda f: (-f[1][0], order(f[0])))
    else:
        found.sort(key=lambda f: order(f[0]))
    # A facet's counts are over the things that pass every other chosen facet: for the facets nobody
    # chose, that is the same set of things, counted once.
    shared = _tally(docs, every)
    facets = {}
    for facet in FACETS:
        if facet in passing:
            tally = _tally(docs, set(scores).intersection(*(p for f, p in passing.items() if f != facet)))
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
                known = index.known.get(facet, {})
                iri = known.get(value.lower()) or known.get("-".join(words(value)))
            if iri is None:
                unknown.append((facet, value))
            else:
                chosen.setdefault(facet, set()).add(iri)
    return chosen, unknown


def _score(index: Index, terms: list[str]) -> tuple[dict[int, tuple[float, list[Reason]]], list[str], bool]:
    """Every thing that has all the words (or, if none has, any of them), with its score and reasons."""
    kinds = index.docs.kinds
    if not terms:
        nothing: list[Reason] = []  # one list for all: never changed, and a large graph has many things
        return dict.fromkeys(kinds, (0.0, nothing)), [], False
    per_term = []
    similar: list[str] = []
    for term in terms:
        best, typos = index.score_term(term)
        per_term.append(best)
        similar += typos
    if len(per_term) == 1:  # the usual search: one word, one reason per thing
        weighted = {
            id_: (round(KIND_WEIGHT.get(kinds[id_], 0.8) * score, 6), [reason])
            for id_, (score, reason) in per_term[0].items()
        }
        return weighted, similar, False
    common = set(per_term[0]).intersection(*per_term[1:])
    partial = not common and len(terms) > 1
    chosen = set().union(*per_term) if partial else common
    scores = {}
    for id_ in chosen:
        found = [best[id_] for best in per_term if id_ in best]
        reasons = list(dict.fromkeys(reason for _, reason in found))
        scores[id_] = (round(KIND_WEIGHT.get(kinds[id_], 0.8) * sum(score for score, _ in found), 6), reasons)
    return scores, similar, partial


def _tally(docs: Docs, chosen: set[int]) -> dict[str, dict[str, int]]:
    """Per facet, how many of `chosen` have each value."""
    counted = Counter(chain.from_iterable([docs.facet_keys[id_] for id_ in chosen]))
    tally: dict[str, dict[str, int]] = defaultdict(dict)
    for key, n in counted.items():
        facet, value = key.split("\t", 1)
        tally[facet][value] = n
    return tally


def _count(index: Index, facet: str, counts: Mapping[str, int], chosen: set[str]) -> list[FacetValue]:
    shown = set(counts) | chosen
    names = {v: v for v in shown} if facet == "soort" else index.labels(shown)
    values = [FacetValue(slug(v), v, names[v], counts.get(v, 0), v in chosen) for v in shown]
    if facet == "soort":
        return sorted(values, key=lambda v: KIND_ORDER.index(v.iri))
    if facet == "bewijsniveau":
        return sorted(values, key=lambda v: (index.docs.order.get(v.iri, 99), normalise(v.label)))
    return sorted(values, key=lambda v: normalise(v.label))
