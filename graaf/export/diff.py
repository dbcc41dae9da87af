"""What changed between two versions: added, removed and changed interventions, effects and evidence.

For the yearly reflection. Both version files are read as a stream, once each. Per version we keep
a short hash of every quad (16 bytes) and, per thing, a hash of all its statements, so two versions of
a million triples each fit in well under a few hundred MB. A thing counts as
- added: it has a type of its kind in the newer version only;
- removed: in the older version only;
- changed: in both, and its own statements differ (a changed label, source, level, ...).
Blank nodes are compared by their labels in the files; Oxigraph keeps those stable within one store.
"""

import gzip
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graaf.export.versions import get_version
from ontologie.namespaces import PREFIXES

K = PREFIXES["kern"]
RDF_TYPE = PREFIXES["rdf"] + "type"
SUBCLASS = PREFIXES["rdfs"] + "subClassOf"
LABEL = PREFIXES["rdfs"] + "label"
# The kinds the yearly reflection looks at, by their most general class; subclasses count too.
KINDS: dict[str, str] = {"interventies": K + "Interventie", "effecten": K + "Effect", "bewijs": K + "Bewijs"}


@dataclass
class _Reading:
    """What one pass over a version file keeps."""

    quads: set[bytes] = field(default_factory=set)
    subjects: dict[str, int] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=dict)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)

    def kinds(self) -> dict[str, set[str]]:
        """Per kind, the IRIs of the things of that kind."""
        found: dict[str, set[str]] = {kind: set() for kind in KINDS}
        for subject, classes in self.types.items():
            for kind, top in KINDS.items():
                if any(top in self._ancestors(cls) for cls in classes):
                    found[kind].add(subject)
        return found

    def _ancestors(self, cls: str) -> set[str]:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen


def _read(path: Path) -> _Reading:
    reading = _Reading()
    with gzip.open(path, "rb") as stream:
        for quad in ox.parse(stream, format=ox.RdfFormat.N_QUADS):
            line = str(quad).encode()
            digest = hashlib.blake2b(line, digest_size=16).digest()
            reading.quads.add(digest)
            subject = quad.subject
            if not isinstance(subject, ox.NamedNode):
                continue
            key = subject.value
            # A sum of hashes does not depend on the order in which statements come.
            reading.subjects[key] = (reading.subjects.get(key, 0) + int.from_bytes(digest[:8])) % (1 << 64)
            predicate, value = quad.predicate.value, quad.object
            if predicate == RDF_TYPE and isinstance(value, ox.NamedNode):
                reading.types.setdefault(key, set()).add(value.value)
            elif predicate == SUBCLASS and isinstance(value, ox.NamedNode):
                reading.parents.setdefault(key, set()).add(value.value)
            elif predicate == LABEL and isinstance(value, ox.Literal) and value.language in ("nl", "en"):
                reading.labels[(key, value.language)] = value.value
    return reading


@dataclass(frozen=True)
class Difference:
    """The difference between two versions, ready for a page, the command line and JSON."""

    van: str
    tot: str
    triples_toegevoegd: int
    triples_verwijderd: int
    soorten: dict[str, dict[str, list[dict[str, str]]]]

    def as_dict(self) -> dict[str, object]:
        return {
            "van": self.van,
            "tot": self.tot,
            "triples": {"toegevoegd": self.triples_toegevoegd, "verwijderd": self.triples_verwijderd},
            "soorten": self.soorten,
        }

    def text(self) -> str:
        """A short report in plain Dutch, for the command line."""
        lines = [
            f"Verschil tussen versie {self.van} en versie {self.tot}",
            f"{self.triples_toegevoegd} feiten erbij, {self.triples_verwijderd} feiten weg.",
        ]
        words = {"toegevoegd": "Nieuw", "verwijderd": "Weg", "gewijzigd": "Veranderd"}
        for kind, changes in self.soorten.items():
            lines.append("")
            lines.append(f"{kind.capitalize()}:")
            if not any(changes.values()):
                lines.append("  niets veranderd")
            for change, items in changes.items():
                for item in items:
                    lines.append(f"  {words[change]}: {item['naam_nl'] or item['iri']} <{item['iri']}>")
        return "\n".join(lines) + "\n"


def difference(directory: Path | None, older: str, newer: str) -> Difference:
    """Compare two versions by name."""
    _, old_path = get_version(directory, older)
    _, new_path = get_version(directory, newer)
    old, new = _read(old_path), _read(new_path)
    old_kinds, new_kinds = old.kinds(), new.kinds()
    kinds: dict[str, dict[str, list[dict[str, str]]]] = {}
    for kind in KINDS:
        before, after = old_kinds[kind], new_kinds[kind]
        changed = {iri for iri in before & after if old.subjects.get(iri) != new.subjects.get(iri)}
        kinds[kind] = {
            "toegevoegd": _items(after - before, new),
            "verwijderd": _items(before - after, old),
            "gewijzigd": _items(changed, new),
        }
    return Difference(older, newer, len(new.quads - old.quads), len(old.quads - new.quads), kinds)


def _items(iris: set[str], reading: _Reading) -> list[dict[str, str]]:
    return [
        {"iri": iri, "naam_nl": reading.labels.get((iri, "nl"), ""), "naam_en": reading.labels.get((iri, "en"), "")}
        for iri in sorted(iris)
    ]
