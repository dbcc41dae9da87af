"""A change to the graph, checked as a whole before it is applied as one transaction.

The graph layer does not know SHACL; it only knows that a `Validator` may look at a change and
refuse it. The validation layer implements that protocol, which keeps the layers one-way.
"""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph as ox

from graaf.storage.store import DEFAULT_GRAPH, TOUCHED_MAX, Store, insert_data


@dataclass
class Change:
    """Quads to add and to remove, and graphs to empty first (for a replace)."""

    add: list[ox.Quad] = field(default_factory=list)
    remove: list[ox.Quad] = field(default_factory=list)
    replace_graphs: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.add or self.remove or self.replace_graphs)

    def touched(self, store: Store | None = None) -> frozenset[str] | None:
        """The IRIs of the subjects and objects of the quads it adds and removes, and of those in the graphs
        it empties first (read from `store` before the write; without it, None). None too when that would
        not say all that changes: a blank node hangs from things outside the change. Past TOUCHED_MAX
        IRIs (an import of a million observations) it stops counting: everything is then stale anyway."""
        found: set[str] = set()
        replaced = (store.stream(_graph(g)) for g in self.replace_graphs) if store is not None else None
        if self.replace_graphs and replaced is None:
            return None
        for quad in itertools.chain(self.add, self.remove, *(replaced or ())):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode):
                    found.add(term.value)
                elif not isinstance(term, ox.Literal):
                    return None
            if len(found) > TOUCHED_MAX:
                return None
        return frozenset(found)


def _graph(name: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if name == DEFAULT_GRAPH else ox.NamedNode(name)


class Validator(Protocol):
    """Looks at a change against the store's current state; raises ValidationFailed to refuse it."""

    def check(self, store: Store, change: Change) -> None: ...


def apply(store: Store, change: Change, validator: Validator | None = None) -> None:
    """Validate the change (if a validator is given), then write all of it in one transaction."""
    if change.is_empty():
        return
    store.check_writable()
    with store.write_lock:
        if validator is not None:
            validator.check(store, change)
        _write(store, change)


def _write(store: Store, change: Change) -> None:
    parts = [f"DROP SILENT GRAPH <{g}>" for g in change.replace_graphs if g != DEFAULT_GRAPH]
    if DEFAULT_GRAPH in change.replace_graphs:
        parts.append("CLEAR SILENT DEFAULT")
    if change.remove:
        parts.append(insert_data(change.remove, "DELETE DATA"))
    if change.add:
        parts.append(insert_data(change.add))
    # Before the write, while the graphs it empties are still there; a remote store keeps no such log.
    touched = change.touched(store) if isinstance(store, Store) else None
    store.write(" ;\n".join(parts), touched)


def graphs_of(quads: Iterable[ox.Quad]) -> set[str]:
    return {DEFAULT_GRAPH if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value for q in quads}  # type: ignore[union-attr]
