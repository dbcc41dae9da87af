"""The fictitious demo data set: its own file, its own named graph, loaded only on request.

It stays out of graaf/data, so the shipped-data sync never sees it, and it is never recorded as a
shipped graph: leaving it out (or removing it) leaves no trace of it anywhere.

May import the store layer (graaf.storage) and ontologie; never validatie or api.
"""

from pathlib import Path

import pyoxigraph as ox

from graaf.storage.changes import Change, Validator, apply
from graaf.storage.formats import rdf_format
from graaf.storage.loading import parse_file, rebase
from graaf.storage.store import Store
from ontologie.namespaces import DEFAULT_BASE, id_base

DEMO_FILE = Path(__file__).resolve().parent / "demo.ttl"
MARKERS = ("fictief", "fictitious")  # every label and description in the demo carries one of these


def demo_graph(base: str = DEFAULT_BASE) -> str:
    return id_base(base) + "graaf/demo"


def demo_quads(base: str = DEFAULT_BASE) -> list[ox.Quad]:
    quads = parse_file(DEMO_FILE, rdf_format("turtle"), graph=demo_graph())
    return rebase(quads, id_base(DEFAULT_BASE), id_base(base))


def load_demo(store: Store, base: str = DEFAULT_BASE, validator: Validator | None = None) -> int:
    """(Re)load the demo graph in one validated transaction; returns its number of triples."""
    quads = demo_quads(base)
    apply(store, Change(add=quads, replace_graphs=[demo_graph(base)]), validator)
    return len(quads)


def remove_demo(store: Store, base: str = DEFAULT_BASE) -> bool:
    """Drop the demo graph; False when it was not there."""
    if not has_demo(store, base):
        return False
    apply(store, Change(replace_graphs=[demo_graph(base)]))
    return True


def has_demo(store: Store, base: str = DEFAULT_BASE) -> bool:
    return demo_graph(base) in store.graphs()


def load_if_asked(store: Store, asked: bool, base: str = DEFAULT_BASE, validator: Validator | None = None) -> bool:
    """Load the demo when the setting (or --demo) asks for it; a store without that wish is left as it is."""
    if asked:
        load_demo(store, base, validator)
    return asked
