"""Writing an approved contribution: checked, then written as one transaction with its PROV, then logged.

A new contribution gets its own named graph, …/id/graaf/bijdrage/{id}, so it can be exported,
traced and undone on its own. An edit replaces the triples of one thing inside the graph it came
from, but only if that thing is still as the editor saw it (its version, a hash of its triples):
otherwise the second editor hears "dit is intussen veranderd" instead of overwriting the first.
Shipped graphs (the plan, the catalogue) are curated with their sources in git and are not edited here.
The PROV record (who proposed, who approved, on behalf of which organisation, when, which things)
goes into the bookkeeping graph in the same transaction; the write log gets a line afterwards.
"""

import hashlib
import logging
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from graaf.contributions.build import Author, Draft
from graaf.imports import Actor, log_write
from graaf.imports.provenance import agent_quads
from graaf.imports.run import ChangeChecker
from graaf.storage.changes import Change, apply
from graaf.storage.errors import Conflict, ValidationFailed
from graaf.storage.shipped import bookkeeping_graph
from graaf.storage.store import Store
from ontologie.namespaces import PREFIXES

PROV, DCT, RDFS = PREFIXES["prov"], PREFIXES["dcterms"], PREFIXES["rdfs"]
_LOG = logging.getLogger(__name__)
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
XSD_DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")


class ChangedMeanwhile(Conflict, code="intussen-veranderd"):
    """Someone changed the thing after this edit was started; `current` is how it is now."""

    def __init__(self, message: str, current: list[ox.Quad]) -> None:
        super().__init__(message)
        self.current = current


class NotEditable(Conflict, code="niet-te-bewerken"):
    """A thing that did not come in through a form: the catalogue and the plan are edited in their files."""


def contribution_graph(ids: str, ref: str) -> str:
    return f"{ids}graaf/bijdrage/{ref}"


def home_graph(store: Store, ids: str, subject: str) -> str | None:
    """The contribution graph a thing was written into, or None (shipped, or not there)."""
    rows = store.values(
        "SELECT DISTINCT ?s ?start ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?start)) } LIMIT 1",
        bindings={"s": URIRef(subject), "start": Literal(f"{ids}graaf/bijdrage/")},
    )
    return rows[0]["g"] if rows else None


def own_quads(store: Store, graph: str, subject: str) -> list[ox.Quad]:
    return [q for q in store.quads(graph) if q.subject == ox.NamedNode(subject)]


def version(quads: list[ox.Quad]) -> str:
    """A short fingerprint of a thing's triples: equal when nothing about it changed."""
    lines = sorted(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def save(
    store: Store,
    draft: Draft,
    *,
    ref: str,
    graph: str,
    proposer: Author,
    approver: Author,
    checker: ChangeChecker | None,
    log: Path | None,
    edit_of: str = "",
    seen_version: str = "",
) -> tuple[str, list[ox.Quad], str]:
    """Write the draft (already built against the current graph); returns the graph and, for an edit, the old
    quads and the version it leaves (what an undo checks before it puts the old quads back).

    Raises ValidationFailed with the report (nothing written) or ChangedMeanwhile for a stale edit.
    """
    started = datetime.now(UTC)
    with store.write_lock:  # checked and written against one and the same state
        before: list[ox.Quad] = []
        if edit_of:
            before = own_quads(store, graph, edit_of)
            if version(before) != seen_version:
                raise ChangedMeanwhile("Dit is intussen veranderd door iemand anders.", before)
        record = _record(ref, graph, draft, proposer, approver, started, store, edit_of)
        change = Change(add=[*draft.quads, *record], remove=before)
        if checker is not None:
            report = checker.validate_change(store, change)
            if not report.conforms:
                raise ValidationFailed(f"Niet opgeslagen: {report.count('Violation')} fout(en) gevonden.", report)
        apply(store, change)
        after = version(own_quads(store, graph, edit_of)) if edit_of else ""
    details = {"bijdrage": ref, "graaf": graph, "soort": draft.kind, "toegevoegd": len(draft.quads)}
    try:
        log_write(log, approver.actor, "bijdrage", {**details, "voorgesteld_door": proposer.actor})
    except OSError:
        # The write stands and its PROV record is in the graph; a full disk must not make the caller
        # believe nothing was written (it would then offer the same approval again).
        _LOG.exception("Het schrijflog kon niet worden bijgewerkt voor bijdrage %s", ref)
    return graph, before, after


def undo(
    store: Store,
    *,
    ref: str,
    graph: str,
    subjects: list[str],
    before: list[ox.Quad] | None,
    by: Author,
    log: Path | None,
    left_version: str = "",
) -> int:
    """Undo a contribution: drop its graph, or for an edit put the old version back.

    An edit is put back only while the thing is as that edit left it (`left_version`): after a later
    edit, putting the old quads back would silently throw the later one away. Raises ChangedMeanwhile
    then. An edit approved before its version was kept (an empty `left_version`) is not checked.
    """
    started = datetime.now(UTC)
    with store.write_lock:
        if before:
            current = [q for s in subjects for q in own_quads(store, graph, s)]
            if left_version and version(current) != left_version:
                raise ChangedMeanwhile(
                    "Dit is na deze bewerking nog eens veranderd. Maak eerst de latere bewerking ongedaan.", current
                )
            change = Change(remove=current, add=list(before))
            count = len(current)
        else:
            count = len(store.quads(graph))
            change = Change(replace_graphs=[graph])
        book = ox.NamedNode(bookkeeping_graph(_base_of(graph)))
        activity = ox.NamedNode(f"{_ids_of(graph)}bijdrage/{ref}-ongedaan-{started.strftime('%Y%m%d%H%M%S%f')}")
        agent, quads = agent_quads(Actor(by.prov_id, by.name), _ids_of(graph), book)
        quads += [
            ox.Quad(activity, RDF_TYPE, ox.NamedNode(PROV + "Activity"), book),
            ox.Quad(activity, ox.NamedNode(RDFS + "label"), ox.Literal(f"Bijdrage '{ref}' ongedaan gemaakt"), book),
            ox.Quad(activity, ox.NamedNode(DCT + "identifier"), ox.Literal(ref), book),
            ox.Quad(activity, ox.NamedNode(PROV + "startedAtTime"), _time(started), book),
            ox.Quad(activity, ox.NamedNode(PROV + "wasAssociatedWith"), agent, book),
            ox.Quad(activity, ox.NamedNode(PROV + "invalidated"), ox.NamedNode(graph), book),
            *(ox.Quad(activity, ox.NamedNode(DCT + "subject"), ox.NamedNode(s), book) for s in subjects),
        ]
        change.add += quads
        apply(store, change)
    try:
        log_write(log, by.actor, "bijdrage-ongedaan", {"bijdrage": ref, "graaf": graph, "verwijderd": count})
    except OSError:  # as in save: the change stands, only the journal line is missing
        _LOG.exception("Het schrijflog kon niet worden bijgewerkt voor het ongedaan maken van %s", ref)
    return count


def history(store: Store, base: str, subject: str) -> list[dict[str, str]]:
    """Who changed this thing when: every contribution, edit and undo that names it, oldest first."""
    return store.values(
        f"""PREFIX prov: <{PROV}> PREFIX dcterms: <{DCT}> PREFIX rdfs: <{RDFS}>
        SELECT ?s ?activiteit ?naam ?wat ?tijd ?door ?wie ?voorsteller ?ongedaan ?graaf WHERE {{
          GRAPH <{bookkeeping_graph(base)}> {{
            ?activiteit dcterms:subject ?s ; dcterms:identifier ?naam ; prov:startedAtTime ?tijd ;
                        rdfs:label ?wat ; prov:wasAssociatedWith ?agent .
            ?agent dcterms:identifier ?door . OPTIONAL {{ ?agent rdfs:label ?wie }}
            OPTIONAL {{ ?activiteit prov:invalidated ?ongedaan }}
            OPTIONAL {{ ?activiteit prov:generated ?graaf }}
            OPTIONAL {{ ?activiteit dcterms:creator/rdfs:label ?voorsteller }}
          }}
        }} ORDER BY ?tijd""",
        bindings={"s": URIRef(subject)},
    )


def _record(
    ref: str,
    graph: str,
    draft: Draft,
    proposer: Author,
    approver: Author,
    started: datetime,
    store: Store,
    edit_of: str,
) -> list[ox.Quad]:
    ids = _ids_of(graph)
    book = ox.NamedNode(bookkeeping_graph(_base_of(graph)))
    activity = ox.NamedNode(f"{ids}bijdrage/{ref}-{started.strftime('%Y%m%d%H%M%S%f')}")
    by, quads = agent_quads(Actor(approver.prov_id, approver.name), ids, book)
    label = f"Bewerking '{ref}'" if edit_of else f"Bijdrage '{ref}'"
    quads += [
        ox.Quad(activity, RDF_TYPE, ox.NamedNode(PROV + "Activity"), book),
        ox.Quad(activity, ox.NamedNode(RDFS + "label"), ox.Literal(label), book),
        ox.Quad(activity, ox.NamedNode(DCT + "identifier"), ox.Literal(ref), book),
        ox.Quad(activity, ox.NamedNode(PROV + "startedAtTime"), _time(started), book),
        ox.Quad(activity, ox.NamedNode(PROV + "endedAtTime"), _time(datetime.now(UTC)), book),
        ox.Quad(activity, ox.NamedNode(PROV + "wasAssociatedWith"), by, book),
        ox.Quad(activity, ox.NamedNode(PROV + "generated"), ox.NamedNode(graph), book),
        *(ox.Quad(activity, ox.NamedNode(DCT + "subject"), ox.NamedNode(s), book) for s in draft.subjects),
    ]
    if proposer.actor != approver.actor:
        made, more = agent_quads(Actor(proposer.prov_id, proposer.name), ids, book)
        quads += [*more, ox.Quad(activity, ox.NamedNode(DCT + "creator"), made, book)]
        quads += _on_behalf(made, proposer, book)
    quads += _on_behalf(by, approver, book)
    return quads


def _on_behalf(agent: ox.NamedNode, author: Author, book: ox.NamedNode) -> list[ox.Quad]:
    if not author.organisation:
        return []
    return [ox.Quad(agent, ox.NamedNode(PROV + "actedOnBehalfOf"), ox.NamedNode(author.organisation), book)]


def _time(moment: datetime) -> ox.Literal:
    return ox.Literal(moment.isoformat(timespec="microseconds").replace("+00:00", "Z"), datatype=XSD_DATETIME)


def _ids_of(graph: str) -> str:
    return graph.split("graaf/bijdrage/")[0]


def _base_of(graph: str) -> str:
    return _ids_of(graph).removesuffix("id/")
