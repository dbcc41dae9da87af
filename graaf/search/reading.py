"""Reading the store for the search: every thing people can find, its names, texts, links and facets.

One query per class and per property, without user input, once per store version for both languages. The
things are plain Python objects only while the index on disk is brought up to date; then they are let go.
"""

import functools
import os
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from graaf.search.model import FACET_CLASSES, FACETS, KINDS, LABEL_PROPS, LINK_PROPS, NAME_PROPS, TEXT_PROPS
from graaf.search.model import RANK as _RANK
from graaf.storage.patterns import values_clause
from graaf.storage.store import Store, tsv_iri, tsv_literal
from ontologie.namespaces import sparql_prefixes

_PREFIXES = sparql_prefixes()
_THREADS = min(4, os.cpu_count() or 1)  # queries run side by side while the index is read
_NONE: frozenset[str] = frozenset()  # what a thing without a link has: no new empty set for each of them


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


@dataclass
class Reading:
    """What the index of every language is made of, read and linked once per store version."""

    docs: dict[str, Doc]
    labels: dict[str, dict[str, str]]  # IRI -> language -> label
    order: dict[str, int]  # evidence level -> rank
    known: dict[str, list[str]]  # facet -> the IRIs of its values: the members of its class, then those things have


Places = dict[str, tuple[list[str], bool]]  # place -> the places it lies in (sorted), is it a municipality


def places_of(reading: Reading) -> Places:
    """Where the places of a reading lie: what a thing's municipality is worked out from."""
    return {
        iri: (sorted(doc.links.get("ligtIn", ())), "Gemeente" in doc.classes)
        for iri, doc in sorted(reading.docs.items())
        if doc.kind == "plaats"
    }


def read(store: Store, among: Collection[str] | None = None) -> Reading:
    """Things, labels, the rank of evidence levels and the known facet values, with each thing's facets.

    One query per class and per property rather than one with VALUES over all of them: the engine
    spends its time turning stored terms into text, and a constant class or property is then not
    turned into text for every row. The engine lets go of Python while it works, so the queries run
    side by side, and the first answers are taken in while later ones are still running.

    `among`: only these things (IRIs), to bring the index up to date after a write (graaf.search.refresh).
    Their facets are then only right where the things they follow (effects, evidence, places) are among
    them too; the facet values people can choose are not read.
    """
    props = dict.fromkeys(NAME_PROPS + TEXT_PROPS + LABEL_PROPS + LINK_PROPS)
    only = "" if among is None else values_clause("x", among)
    with ThreadPoolExecutor(_THREADS) as pool:
        members = {c: pool.submit(store.table, _PREFIXES + f"SELECT ?x WHERE {{ {only}?x a kern:{c} }}") for c in KINDS}
        values = {p: pool.submit(_values, store, p, only) for p in props}
        docs = _things(members)
        labels = _texts(docs, values)
        _links(docs, values)
    _facets(docs)
    return Reading(docs, labels, _evidence_order(store), _known(store, docs) if among is None else {})


def _values(store: Store, prop: str, only: str = "") -> list[tuple[str, str]]:
    """The things with a value for `prop` (their IRI), and that value as `Store.table` gives it."""
    rows = store.table(_PREFIXES + f"SELECT ?x ?v WHERE {{ {only}?x {prop} ?v }}")
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
    had: dict[str, set[str]] = defaultdict(set)
    for doc in docs.values():
        for facet, iris in doc.facets.items():
            had[facet] |= iris
    return {facet: [*iris, *sorted(had[facet] - iris.keys())] for facet, iris in known.items()}


def known_values(store: Store, facet_keys: Iterable[Iterable[str]]) -> dict[str, list[str]]:
    """The facet values people can choose, as `_known` finds them, from the facet keys ("facet<TAB>value")
    of every thing in the index: after a write only some things are read again, the rest is on disk."""
    had: dict[str, set[str]] = defaultdict(set)
    for keys in facet_keys:
        for key in keys:
            facet, value = key.split("\t", 1)
            had[facet].add(value)
    docs = {"": Doc("", "", set(), facets=dict(had))}
    return _known(store, docs)


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
