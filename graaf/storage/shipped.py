"""The shipped knowledge: the ontology, the concept schemes and the data in graaf/data/.

On every start the store is brought in line with these files: a file whose content (or the base
IRI) changed is reloaded into its own graph, an unchanged one is left alone, and a graph whose file
is gone is dropped. Graphs that users added are never touched: only graphs recorded as shipped in
the bookkeeping graph are ever replaced.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graaf.storage.changes import Change, Validator, apply
from graaf.storage.formats import rdf_format
from graaf.storage.loading import parse_file, rebase
from graaf.storage.store import Store
from ontologie import ontology_files
from ontologie.namespaces import DEFAULT_BASE, KERN, id_base

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class ShippedFile:
    """A file that ships with the product, and the graph it goes into (under the default base)."""

    path: Path
    graph: str

    @property
    def name(self) -> str:
        """The file's path inside the product, or its bare name for a file from elsewhere."""
        if self.path.is_relative_to(PACKAGE_ROOT):
            return self.path.relative_to(PACKAGE_ROOT).as_posix()
        return self.path.name


@dataclass
class SyncReport:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def shipped_files() -> list[ShippedFile]:
    """Every shipped file: vocabulary first, then data (one graph per source)."""
    files = [ShippedFile(path, graph) for path, graph in ontology_files()]
    data_graphs = id_base(DEFAULT_BASE) + "graaf/"
    files += [ShippedFile(path, data_graphs + path.stem) for path in sorted(DATA_DIR.glob("*.ttl"))]
    return files


def bookkeeping_graph(base: str) -> str:
    """The graph in which the store records which graphs are shipped, from which file and version."""
    return id_base(base) + "graaf/beheer"


def sync_shipped(
    store: Store,
    base: str = DEFAULT_BASE,
    files: list[ShippedFile] | None = None,
    validator: Validator | None = None,
) -> SyncReport:
    """Bring the shipped graphs in the store in line with the shipped files (or the given ones).

    All changed files are parsed, validated together (they refer to each other) and written in one
    transaction together with their new checksums. A crash midway leaves the old checksums, so the
    next start simply tries again.
    """
    report = SyncReport()
    recorded = _recorded_checksums(store, base)
    book = ox.NamedNode(bookkeeping_graph(base))
    change = Change()
    wanted: set[str] = set()
    for shipped in shipped_files() if files is None else files:
        graph = _rebased(shipped.graph, base)
        wanted.add(graph)
        checksum = _checksum(shipped.path, base)
        if recorded.get(graph) == checksum:
            report.unchanged.append(graph)
            continue
        quads = parse_file(shipped.path, rdf_format("turtle"), graph=shipped.graph)
        change.add += rebase(quads, id_base(DEFAULT_BASE), id_base(base))
        change.replace_graphs.append(graph)
        subject = ox.NamedNode(graph)
        change.add += [
            ox.Quad(subject, ox.NamedNode(str(KERN.bronbestand)), ox.Literal(shipped.name), book),
            ox.Quad(subject, ox.NamedNode(str(KERN.controlegetal)), ox.Literal(checksum), book),
        ]
        report.loaded.append(graph)
    report.dropped = sorted(set(recorded) - wanted)
    change.replace_graphs += report.dropped
    touched = [ox.NamedNode(g) for g in report.loaded + report.dropped]
    change.remove += [q for node in touched for q in store.quads_from(node) if q.graph_name == book]
    apply(store, change, validator)
    return report


def _recorded_checksums(store: Store, base: str) -> dict[str, str]:
    results = store.select(
        f"SELECT ?g ?sum WHERE {{ GRAPH <{bookkeeping_graph(base)}> {{ ?g <{KERN.controlegetal}> ?sum }} }}"
    )
    return {str(row["g"]): str(row["sum"]) for row in results.rows}


def _checksum(path: Path, base: str) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(base.encode())
    return digest.hexdigest()


def _rebased(iri: str, base: str) -> str:
    old = id_base(DEFAULT_BASE)
    return id_base(base) + iri[len(old) :] if iri.startswith(old) else iri
