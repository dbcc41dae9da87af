"""A change to the graph, checked as a whole before it is applied as one transaction.

The graph layer does not know SHACL; it only knows that a `Validator` may look at a change and
refuse it. The validation layer implements that protocol, which keeps the layers one-way.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph as ox

from graaf.storage.store import DEFAULT_GRAPH, Store, insert_data


@dataclass
class Change:
    """Quads to add and to remove, and graphs to empty first (for a replace)."""

    add: list[ox.Quad] = field(default_factory=list)
    remove: list[ox.Quad] = field(default_factory=list)
    replace_graphs: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.add or self.remove or self.replace_graphs)

    def touched(self) -> frozenset[str] | None:
        """The IRIs of the subjects and objects of the quads it adds and removes; None when that does not say
        all that changes: a graph emptied first takes quads nobody listed, and a blank node hangs from
        things outside the change."""
        if self.replace_graphs:
            return None
        found: set[str] = set()
        for quad in (*self.add, *self.remove):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode):
                    found.add(term.value)
                elif not isinstance(term, ox.Literal):
                    return None
        return frozenset(found)


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
    store.write(" ;\n".join(parts), change.touched())


def graphs_of(quads: Iterable[ox.Quad]) -> set[str]:
    return {DEFAULT_GRAPH if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value for q in quads}  # type: ignore[union-attr]
