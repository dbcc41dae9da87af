"""An import from start to end: read, map, validate, then write as one transaction, or only count (dry run).

Each import has a name and its own graph, …/id/graaf/import/{naam}. Importing under the same name
again replaces that graph (drop and insert in one update, so a reader never sees half of it), if
the one who imports made it or is an admin (validatie.updates keeps SPARQL updates out of it);
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

from graaf.imports.provenance import Actor, import_activity, import_owner, undo_activity
from graaf.imports.sources import Source, source_quads
from graaf.imports.writelog import log_write
from graaf.storage.changes import Change, apply
from graaf.storage.errors import BadRequest, NotAllowed, NotFound, ParseError, ValidationFailed
from graaf.storage.store import Store
from graaf.storage.terms import curie
from ontologie.namespaces import id_base

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class InvalidImportName(BadRequest, code="ongeldige-naam"):
    """An import name that is not lower-case words joined by hyphens."""


class ImportNotFound(NotFound, code="import-niet-gevonden"):
    """No import with this name."""


class ImportOfSomeoneElse(NotAllowed, code="import-van-ander"):
    """A new import under the name of someone else's import: only its maker or an admin may replace it."""


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
        _check_owner(store, name, graph, actor, base)
        record = import_activity(name, graph, sources, actor, base, started)
        data = Change(add=quads, replace_graphs=[graph])
        report = None
        if checker is not None:
            say("controleren")
            _check_record(checker, store, record, "De import is niet opgeslagen")
            report = checker.validate_change(store, data)
            if not report.conforms:
                raise ValidationFailed(
                    f"De import is niet opgeslagen: {report.count('Violation')} fout(en) gevonden.", report
                )
        outcome = _outcome(store, name, graph, quads, dry_run, report)
        if dry_run:
            return outcome
        say("schrijven")
        data.add = quads + record
        apply(store, data)
    files = [{"naam": s.name, "sha256": s.sha256} for s in sources]
    details = {"naam": name, "graaf": graph, "toegevoegd": outcome.added, "verwijderd": outcome.removed}
    log_write(log, actor.id, "import", {**details, "bestanden": files})
    return outcome


def undo_import(
    store: Store,
    name: str,
    *,
    base: str,
    actor: Actor,
    log: Path | None = None,
    checker: ChangeChecker | None = None,
) -> int:
    """Drop the graph of an import, in one transaction with its PROV record; the number of triples removed.

    With a checker, only the PROV record is checked (the actor's name may carry personal data): what
    the import leaves behind when it goes is not judged, an undo must always be possible.
    """
    graph = import_graph(base, check_name(name))
    with store.write_lock:
        count = len(store.quads(graph))
        if count == 0:
            raise ImportNotFound(f"Er is geen import met de naam '{name}'.")
        record = undo_activity(name, graph, actor, base, datetime.now(UTC))
        if checker is not None:
            _check_record(checker, store, record, "De import is niet ongedaan gemaakt")
        apply(store, Change(add=record, replace_graphs=[graph]))
    log_write(log, actor.id, "import-ongedaan", {"naam": name, "graaf": graph, "verwijderd": count})
    return count


def _check_record(checker: ChangeChecker, store: Store, record: list[ox.Quad], refused: str) -> None:
    """Check the PROV record on its own, for a message that says what to rename.

    File names and the names of people or tokens end up in the bookkeeping graph, which anyone can
    export; "gezin Jansen BSN ....csv" must be refused like personal data in the file itself.
    """
    report = checker.validate_change(store, Change(add=record))
    if not report.conforms:
        raise ValidationFailed(
            f"{refused}: de naam van een bestand, of van wie het doet, bevat persoonsgegevens. Geef het bestand "
            "(of het token, of de naam bij --door) een andere naam.",
            report,
        )


def _check_owner(store: Store, name: str, graph: str, actor: Actor, base: str) -> None:
    """Refuse to replace someone else's import: without this, an editor could wipe another's work."""
    if actor.admin or not store.ask(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"):
        return
    owner = import_owner(store, base, graph)
    if owner != actor.id:
        who = f"van {owner}" if owner else "van iemand anders"
        raise ImportOfSomeoneElse(
            f"Er is al een import met de naam '{name}', {who}. Alleen wie hem maakte of een beheerder mag hem "
            "vervangen. Kies een andere naam."
        )


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
            counts[curie(quad.object.value)] += 1
    return dict(sorted(counts.items()))
