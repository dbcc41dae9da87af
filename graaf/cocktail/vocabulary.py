"""The words a situation may use, read from the graph: mechanisms, capital forms, target groups,
places, evidence levels and capacities, with how they hang together.

A user may name a concept by its IRI, by the last part of it ("chronische-stress", "GM0037") or by
its Dutch label ("Stadskanaal"); anything else is answered with the closest known names.
"""

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from graaf.storage.errors import UnknownTerm
from graaf.storage.store import Store
from ontologie.namespaces import KERN

QUERY = (Path(__file__).resolve().parent / "queries" / "cocktail-begrippen.rq").read_text(encoding="utf-8")

KINDS = {
    "mechanisme": {str(KERN.Mechanisme)},
    "kapitaalvorm": {str(KERN.Kapitaalvorm)},
    "doelgroep": {str(KERN.Doelgroep)},
    "plaats": {str(KERN[k]) for k in ("Gemeente", "Dorp", "Wijk", "Buurt", "Provincie", "Regio", "Land")},
    "bewijsniveau": {str(KERN.Bewijsniveau)},
    "draagkracht": {str(KERN.Draagkracht)},
}


@dataclass
class Vocabulary:
    labels: dict[str, str] = field(default_factory=dict)
    kind_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    broader: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    reinforces: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    level: dict[str, str] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store) -> "Vocabulary":
        vocab = cls()
        for row in store.values(QUERY):
            iri = row["begrip"]
            vocab.kind_of[iri].add(row["soort"])
            if "label" in row:
                vocab.labels.setdefault(iri, row["label"])
            if "breder" in row:
                vocab.broader[iri].add(row["breder"])
            if "versterkt" in row:
                vocab.reinforces[iri].add(row["versterkt"])
            if "niveau" in row:
                vocab.level[iri] = row["niveau"]
            if "code" in row:
                vocab.rank[iri] = int(row["code"])
        return vocab

    def members(self, kind: str) -> list[str]:
        wanted = KINDS[kind]
        return sorted(iri for iri, kinds in self.kind_of.items() if kinds & wanted)

    def label(self, iri: str) -> str:
        return self.labels.get(iri, iri.rsplit("/", 1)[-1])

    def resolve(self, kind: str, value: str) -> str:
        """The IRI of a known concept of this kind, or UnknownTerm with the closest names."""
        members = self.members(kind)
        names: dict[str, str] = {}
        for iri in members:
            for name in (iri, iri.rsplit("/", 1)[-1], self.label(iri)):
                names.setdefault(_normal(name), iri)
        wanted = _normal(value)
        if wanted in names:
            return names[wanted]
        close = difflib.get_close_matches(wanted, list(names), n=6, cutoff=0.5)
        suggestions: list[str] = []
        for name in close:
            label = self.label(names[name])
            if label not in suggestions:
                suggestions.append(label)
        raise UnknownTerm(kind, value, suggestions[:3])

    def closest_ratio(self, kind: str, value: str) -> float:
        """How close the value comes to any known name of this kind (0..1), to tell a typo from a new name."""
        wanted = _normal(value)
        names = {_normal(n) for iri in self.members(kind) for n in (iri.rsplit("/", 1)[-1], self.label(iri))}
        return max((difflib.SequenceMatcher(None, wanted, name).ratio() for name in names), default=0.0)

    def ancestors(self, iri: str) -> set[str]:
        """Everything broader (or, for a place, everything it lies in), transitively."""
        seen: set[str] = set()
        todo = [iri]
        while todo:
            for parent in self.broader.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def descendants(self, iri: str) -> set[str]:
        children: dict[str, set[str]] = defaultdict(set)
        for child, parents in self.broader.items():
            for parent in parents:
                children[parent].add(child)
        seen: set[str] = set()
        todo = [iri]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return seen

    def reinforcing(self, iri: str) -> set[str]:
        """Mechanisms that reinforce this one (its causes upstream), one step."""
        return {m for m, targets in self.reinforces.items() if iri in targets}


def _normal(text: str) -> str:
    """Lower case, no accents, hyphens and underscores as spaces: 'Chronische-stress' = 'chronische stress'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_-]+", " ", plain.lower()).strip()
