"""Exports for researchers: the graph in every RDF format, as a network, as tables; versions; backups.

`writer()` is the one entry for the command line and the web: it checks everything that can be
checked before the first byte (format, graph, size), then returns a function that writes the export
to a binary file. The web streams that through graaf.export.stream; the command line writes a file.

Streamed (memory does not grow with the graph): every RDF format, CSV. Bounded (built in memory by
networkx, refused above a limit, kept until the next write): GraphML and GEXF, of the whole graph only.

May import the store layer (graaf.storage) and ontologie; never validatie or api.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from graaf.export import network, rdf, tables
from graaf.storage.errors import UnknownFormat
from graaf.storage.formats import RDF_FORMATS, rdf_format
from graaf.storage.store import Store

Writer = Callable[[IO[bytes]], None]


@dataclass(frozen=True)
class ExportFormat:
    """A format an export can have: name, media type, file extension, and whether it is streamed."""

    name: str
    media_type: str
    extension: str
    streamed: bool


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    *(ExportFormat(f.name, f.media_type, f.extension, True) for f in RDF_FORMATS),
    ExportFormat("graphml", "application/graphml+xml", "graphml", False),
    ExportFormat("gexf", "application/gexf+xml", "gexf", False),
    ExportFormat("csv", "text/csv", "csv", True),
)


def export_format(name: str) -> ExportFormat:
    """The export format with this name or extension (also 'ttl', 'nt', 'nq', 'rdf', 'xml', 'json')."""
    key = name.lower().lstrip(".")
    for fmt in EXPORT_FORMATS:
        if key in (fmt.name, fmt.extension):
            return fmt
    try:
        return export_format(rdf_format(key).name)
    except UnknownFormat:
        known = ", ".join(f.name for f in EXPORT_FORMATS)
        raise UnknownFormat(f"Onbekend exportformaat '{name}'. Bekende formaten: {known}.") from None


def writer(
    store: Store,
    fmt: ExportFormat,
    *,
    graph: str | None = None,
    query: str | None = None,
    table: str | None = None,
    limit: int = network.NETWORK_LIMIT,
) -> Writer:
    """A function that writes the export; errors that can be known beforehand are raised here."""
    if fmt.name == "csv":
        spec = tables.table(table or "")
        return lambda out: tables.write_table(store, out, spec.name)
    if fmt.name in ("graphml", "gexf"):
        if graph is not None or query is not None:
            raise network.WholeGraphOnly(
                "GraphML en GEXF zijn er alleen van de hele kennisgraaf, niet van één graaf of van een query. "
                "Kies daarvoor een RDF-formaat, bijvoorbeeld Turtle (ttl)."
            )
        return _bytes_writer(network.network_file(store, fmt.name, limit))
    syntax = rdf_format(fmt.name)
    if query is not None:
        rdf.check_graph_query(query)
        return lambda out: rdf.write_construct(store, out, syntax, query)
    if graph is not None:
        if graph not in store.graphs():
            raise rdf.UnknownGraph(f"De graaf <{graph}> staat niet in de kennisgraaf.")
        return lambda out: rdf.write_graph(store, out, syntax, graph)
    return lambda out: rdf.write_dataset(store, out, syntax)


def _bytes_writer(data: bytes) -> Writer:
    def write(out: IO[bytes]) -> None:
        out.write(data)

    return write


__all__ = ["EXPORT_FORMATS", "ExportFormat", "Writer", "export_format", "writer"]
