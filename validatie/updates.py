"""SPARQL updates from editors: work out what an update would change, check that, then write it at once.

Oxigraph runs an update but cannot say what it changed, nor run it without writing. So the update
first runs on an in-memory copy of the store; the difference between the copy and the store is the
change. That change is checked like any other (SHACL, privacy) and written as one transaction with
graaf.storage.changes.apply. The copy and the comparison cost time and memory in proportion to the
store: at 1M triples a write of 1,000 triples took 41-44 s (benchmarks.after_write).

An update made only of INSERT DATA and DELETE DATA needs no copy: its quads are in its text. Each
operation runs as an INSERT DATA on an empty store to read them (graaf.storage.sparql_text.data_blocks),
and they are looked up in the store one by one, so the cost follows the size of the update, not of
the store. Its blank nodes are new ones (SPARQL gives INSERT DATA fresh blank nodes, and DELETE DATA
may not have any), so the rewrite of graphs with old blank nodes below never applies to it.

Rules on top of SPARQL 1.1 Update:
- Everything lives in named graphs (one per source), so an update may not add to the default graph.
- The shipped graphs come from files in the repository; an update may not change them (as `laad`).
- The graph of an import (…/id/graaf/import/<naam>) belongs to its import, with its history in PROV:
  it changes only through /api/importeer, so that undoing an import stays for admins.
- Without USING or WITH, the WHERE of DELETE/INSERT sees the union of all graphs, like a query
  (the service description says sd:UnionDefaultGraph).
"""

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from graaf.imports import import_graph
from graaf.storage.changes import Change, apply, graphs_of
from graaf.storage.errors import BadRequest, GraafError, NotAllowed, QuerySyntaxError, Unprocessable, ValidationFailed
from graaf.storage.shipped import bookkeeping_graph
from graaf.storage.sparql_text import DataBlock, data_blocks, names_own_dataset, with_using
from graaf.storage.store import DEFAULT_GRAPH, Store
from validatie.report import Report
from validatie.validator import ShaclValidator


class DatasetConflict(BadRequest, code="dataset-conflict"):
    """using-graph-uri or using-named-graph-uri together with USING or WITH in the update."""


class DefaultGraphWrite(Unprocessable, code="standaardgraaf"):
    """An update that would add triples to the default graph instead of a named graph."""


class ShippedGraphWrite(NotAllowed, code="meegeleverde-graaf"):
    """An update that would change a graph that ships with the product."""


class ImportGraphWrite(ShippedGraphWrite, code="import-graaf"):
    """An update that would change the graph of an import (403 like a shipped graph)."""


class UpdateFailed(QuerySyntaxError, code="update-kan-niet"):
    """An update that parses but cannot run on this store, such as DROP GRAPH of a graph that is not there.

    A 400 like a syntax error: the editor's text asks for something the store cannot do.
    """


@dataclass
class Plan:
    """The change an update would make, and how many triples it adds and removes."""

    change: Change
    added: int
    removed: int


@dataclass
class UpdateResult:
    """What an update changed, and the warnings the rules gave about it."""

    added: int = 0
    removed: int = 0
    graphs: list[str] = field(default_factory=list)
    report: Report = field(default_factory=Report)

    def as_dict(self, language: str = "nl") -> dict[str, object]:
        return {
            "toegevoegd": self.added,
            "verwijderd": self.removed,
            "grafen": self.graphs,
            "meldingen": [f.as_dict(language) for f in self.report.sorted()],
        }


def plan_update(
    store: Store,
    update: str,
    *,
    base: str,
    using_graphs: list[str] | None = None,
    using_named_graphs: list[str] | None = None,
    base_iri: str | None = None,
) -> Plan:
    """The change the update would make to the store, without making it."""
    # Parse (and refuse LOAD and SERVICE) on an empty store first, so an error points into the
    # editor's own text and not into the text with the added USING clauses. Only the syntax counts
    # here: on an empty store DROP GRAPH <g> fails because <g> is not there, in the real store it may be.
    try:
        Store().update(update, base_iri=base_iri)
    except RuntimeError:
        pass
    blocks = data_blocks(update)
    if blocks is not None and isinstance(store, Store):
        plan = _data_change(store, blocks, base_iri)
        if plan is not None:
            _check_targets(store, plan.change, base)
            return plan
    if using_graphs or using_named_graphs:
        if names_own_dataset(update):
            raise DatasetConflict(
                "Geef de grafen óf met using-graph-uri/using-named-graph-uri óf met USING/WITH in de update, "
                "niet allebei."
            )
        text = with_using(update, using_graphs or [], using_named_graphs or [], only_without_dataset=False)
    else:
        graphs = store.graphs()
        text = with_using(update, graphs, graphs, only_without_dataset=True)
    scratch = store.scratch_copy()
    try:
        scratch.update(text, base_iri=base_iri)
    except RuntimeError as error:
        raise _failed(error) from error
    plan = _difference(store, scratch)
    _check_targets(store, plan.change, base)
    return plan


def run_update(
    store: Store,
    update: str,
    *,
    base: str,
    using_graphs: list[str] | None = None,
    using_named_graphs: list[str] | None = None,
    base_iri: str | None = None,
    validator: ShaclValidator | None = None,
) -> UpdateResult:
    """Plan, check and apply an update as one transaction. Nothing is written when a rule is broken."""
    with store.write_lock:  # planned, checked and written against one and the same state
        return _run_update(
            store, update, base, using_graphs, using_named_graphs, base_iri, validator or ShaclValidator()
        )


def _run_update(
    store: Store,
    update: str,
    base: str,
    using_graphs: list[str] | None,
    using_named_graphs: list[str] | None,
    base_iri: str | None,
    validator: ShaclValidator,
) -> UpdateResult:
    plan = plan_update(
        store, update, base=base, using_graphs=using_graphs, using_named_graphs=using_named_graphs, base_iri=base_iri
    )
    change = plan.change
    if change.is_empty():
        return UpdateResult()
    report = validator.validate_change(store, change)
    if not report.conforms:
        raise ValidationFailed(f"De update is niet uitgevoerd: {report.count('Violation')} fout(en) gevonden.", report)
    apply(store, change)
    graphs = sorted(graphs_of(change.add) | graphs_of(change.remove) | set(change.replace_graphs))
    return UpdateResult(plan.added, plan.removed, graphs, report)


_GRAPH_STATE = re.compile(r"[Tt]he graph (<[^>]*>) (does not exist|already exists)")


def _failed(error: RuntimeError) -> UpdateFailed:
    """The engine's reason in Dutch where we know it (a graph that is missing or already there)."""
    found = _GRAPH_STATE.search(str(error))
    if found and found.group(2) == "does not exist":
        return UpdateFailed(
            f"De graaf {found.group(1)} bestaat niet. Met SILENT (bijvoorbeeld DROP SILENT GRAPH) geeft dat geen fout."
        )
    if found:
        return UpdateFailed(f"De graaf {found.group(1)} bestaat al. Met CREATE SILENT GRAPH geeft dat geen fout.")
    return UpdateFailed(f"Deze update kan niet worden uitgevoerd: {error}")


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _graph(quad: ox.Quad) -> str:
    return DEFAULT_GRAPH if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value  # type: ignore[union-attr]


def _data_change(store: Store, blocks: list[DataBlock], base_iri: str | None) -> Plan | None:
    """The change of INSERT DATA and DELETE DATA operations, in their order; None if one does not run."""
    added: dict[ox.Quad, None] = {}  # a set that keeps its order, so the write is the same each time
    removed: dict[ox.Quad, None] = {}
    for block in blocks:
        reader = Store()
        try:
            reader.update(block.as_insert, base_iri=base_iri)
        except (GraafError, RuntimeError, ValueError):
            return None  # the real update gives the editor the real error
        for quad in reader.quads():
            if block.kind == "INSERT":
                if quad in removed:
                    del removed[quad]
                elif quad not in added and not store.has(quad):
                    added[quad] = None
            elif quad in added:
                del added[quad]
            elif store.has(quad):
                removed[quad] = None
    change = Change()
    change.add = list(added)
    change.remove = list(removed)
    return Plan(change, len(added), len(removed))


def _difference(store: Store, scratch: Store) -> Plan:
    before = set(store.quads())
    after = set(scratch.quads())
    added = after - before
    removed = before - after
    dropped = set(store.graphs()) - set(scratch.graphs())
    # DELETE DATA cannot name a blank node, and INSERT DATA makes new ones. So a graph in which the
    # update removes a triple with a blank node, or links to a blank node that was already there, is
    # written anew as a whole: its blank nodes keep their structure (but get new labels).
    old_blanks = {t for q in before for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    rewrite = {_graph(q) for q in removed if _has_blank(q)}
    rewrite |= {_graph(q) for q in added if q.subject in old_blanks or q.object in old_blanks}
    rewrite -= dropped
    change = Change()
    change.replace_graphs = sorted(dropped | rewrite)
    gone = set(change.replace_graphs)
    change.remove = [q for q in removed if _graph(q) not in gone]
    change.add = [q for q in added if _graph(q) not in gone]
    change.add += [q for q in after if _graph(q) in rewrite]
    return Plan(change, len(added), len(removed))


def _check_targets(store: Store, change: Change, base: str) -> None:
    if any(isinstance(q.graph_name, ox.DefaultGraph) for q in change.add):
        raise DefaultGraphWrite(
            "Deze update zet triples in de standaardgraaf. Zet ze in een benoemde graaf, "
            "bijvoorbeeld met INSERT DATA { GRAPH <...> { ... } }."
        )
    touched = graphs_of(change.add) | graphs_of(change.remove) | set(change.replace_graphs)
    book = bookkeeping_graph(base)
    shipped = {
        str(row["g"]) for row in store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH <{book}> {{ ?g ?p ?o }} }}").rows
    }
    shipped.add(book)
    hit = sorted(touched & shipped)
    if hit:
        raise ShippedGraphWrite(
            "Deze update verandert een meegeleverde graaf, die bij een nieuwe versie wordt overschreven: "
            + ", ".join(f"<{g}>" for g in hit)
            + ". Pas het bronbestand aan, of schrijf in een eigen graaf."
        )
    imported = sorted(g for g in touched if g.startswith(import_graph(base, "")))
    if imported:
        raise ImportGraphWrite(
            "Deze update verandert de graaf van een import: "
            + ", ".join(f"<{g}>" for g in imported)
            + ". Die graaf verandert alleen via het importeren: importeer opnieuw onder dezelfde naam "
            "(POST /api/importeer), of vraag een beheerder de import ongedaan te maken."
        )
