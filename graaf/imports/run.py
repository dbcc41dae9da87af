"""An import from start to end: read, map, validate, then write as one transaction, or only count (dry run).

Each import has a name and its own graph, …/id/graaf/import/{naam}. Importing under the same name
again replaces that graph (drop and insert in one update, so a reader never sees half of it);
undoing an import drops the graph. Both are described with PROV in the bookkeeping graph, in the
same transaction, and logged in the write log. The graph layer knows no SHACL: the caller hands in
a checker (validatie.ShaclValidator) whose report lists every problem.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from graaf.changes import Change, apply
from graaf.errors import GraafError, ParseError, ValidationFailed
from graaf.imports.provenance import Actor, import_activity, undo_activity
from graaf.imports.sources import Source, source_quads
from graaf.imports.writelog import log_write
from graaf.store import Store
from ontologie.namespaces import PREFIXES, id_base

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class InvalidImportName(GraafError):
    code = "ongeldige-naam"


class ImportNotFound(GraafError):
    code = "import-niet-gevonden"


class CheckReport(Protocol):
    @property
    def conforms(self) -> bool: ...

    def count(self, severity: str) -> int: ...

    def as_dict(self, language: str = "nl") -> dict[str, object]: ...


class ChangeChecker(Protocol):
    """What validatie.ShaclValidator offers: a report on a change, against the store's current state."""

    def validate_change(self, store: Store, change: Change) -> CheckReport: ...


@dataclass
class ImportOutcome:
    """What an import changed (or, in a dry run, would change)."""

    name: str
    graph: str
    dry_run: bool
    added: int
    removed: int
    new_subjects: dict[str, int] = field(default_factory=dict)
    report: CheckReport | None = None

    def as_dict(self, language: str = "nl") -> dict[str, object]:
        return {
            "naam": self.name,
            "graaf": self.graph,
            "droog": self.dry_run,
            "toegevoegd": self.added,
            "verwijderd": self.removed,
            "nieuwe_dingen": self.new_subjects,
            "rapport": self.report.as_dict(language) if self.report is not None else None,
        }


def import_graph(base: str, name: str) -> str:
    return id_base(base) + "graaf/import/" + name


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise InvalidImportName(
            f"'{name}' is geen geldige naam voor een import. Gebruik kleine letters, cijfers en streepjes, "
            "bijvoorbeeld 'studie-pekela-2026'."
        )
    return name


def default_name(file_name: str) -> str:
    """A name from a file name: 'Studie Pekela.xlsx' becomes 'studie-pekela'."""
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "import"


Stage = Callable[[str], None]


def run_import(
    store: Store,
    sources: list[Source],
    *,
    name: str,
    base: str,
    actor: Actor,
    checker: ChangeChecker | None,
    dry_run: bool = False,
    log: Path | None = None,
    stage: Stage | None = None,
) -> ImportOutcome:
    """Import the sources under `name`; refuse (ValidationFailed, SpreadsheetError, ParseError) without writing."""
    started = datetime.now(UTC)
    say = stage or (lambda _: None)
    graph = import_graph(base, check_name(name))
    say("lezen")
    quads = source_quads(sources, store, base, graph)
    if not quads:
        raise ParseError("Er staat niets in dit bestand. Wilt u een import weghalen? Maak hem dan ongedaan.")
    with store.write_lock:  # checked and written against one and the same state
        data = Change(add=quads, replace_graphs=[graph])
        report = None
        if checker is not None:
            say("controleren")
            report = checker.validate_change(store, data)
            if not report.conforms:
                raise ValidationFailed(
                    f"De import is niet opgeslagen: {report.count('Violation')} fout(en) gevonden.", report
                )
        outcome = _outcome(store, name, graph, quads, dry_run, report)
        if dry_run:
            return outcome
        say("schrijven")
        data.add = quads + import_activity(name, graph, sources, actor, base, started)
        apply(store, data)
    files = [{"naam": s.name, "sha256": s.sha256} for s in sources]
    details = {"naam": name, "graaf": graph, "toegevoegd": outcome.added, "verwijderd": outcome.removed}
    log_write(log, actor.id, "import", {**details, "bestanden": files})
    return outcome


def undo_import(store: Store, name: str, *, base: str, actor: Actor, log: Path | None = None) -> int:
    """Drop the graph of an import, in one transaction with its PROV record; the number of triples removed."""
    graph = import_graph(base, check_name(name))
    with store.write_lock:
        count = len(store.quads(graph))
        if count == 0:
            raise ImportNotFound(f"Er is geen import met de naam '{name}'.")
        started = datetime.now(UTC)
        apply(store, Change(add=undo_activity(name, graph, actor, base, started), replace_graphs=[graph]))
    log_write(log, actor.id, "import-ongedaan", {"naam": name, "graaf": graph, "verwijderd": count})
    return count


def _outcome(
    store: Store, name: str, graph: str, quads: list[ox.Quad], dry_run: bool, report: CheckReport | None
) -> ImportOutcome:
    before = set(store.quads(graph))
    after = set(quads)
    return ImportOutcome(
        name, graph, dry_run, len(after - before), len(before - after), _new_subjects(store, quads), report
    )


def _new_subjects(store: Store, quads: list[ox.Quad]) -> dict[str, int]:
    """Subjects the store does not know yet, counted by class (a re-import of the same file: none)."""
    counts: Counter[str] = Counter()
    for quad in quads:
        if quad.predicate != RDF_TYPE or not isinstance(quad.object, ox.NamedNode):
            continue
        if not store.quads_from(quad.subject):  # type: ignore[arg-type]
            counts[_short(quad.object.value)] += 1
    return dict(sorted(counts.items()))


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
