"""What a source file is (an RDF serialisation, a CSV sheet or an Excel workbook) and its quads.

The kind comes from the format the caller names, the Content-Type, or the file name, in that
order. Everything ends up in the import's own graph, also the named graphs of N-Quads, TriG or
JSON-LD, so that dropping that one graph undoes the whole import.
"""

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from graaf.imports.mapping import map_sheets
from graaf.imports.sheets import Problem, Sheet, SpreadsheetError, read_csv, read_xlsx
from graaf.storage.errors import UnknownFormat
from graaf.storage.formats import RDF_FORMATS, RdfFormat, rdf_format
from graaf.storage.loading import parse_bytes
from graaf.storage.store import Store

XLSX = "xlsx"
CSV = "csv"
_SPREADSHEET_TYPES = {
    "text/csv": CSV,
    "application/csv": CSV,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": XLSX,
}
_GENERIC = ("application/octet-stream", "multipart/form-data")


@dataclass(frozen=True)
class Source:
    """One file to import: its name (as the user knows it), its bytes and its kind."""

    name: str
    data: bytes
    kind: str  # "csv", "xlsx" or the name of an RDF format

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def source_kind(name: str, declared: str | None = None) -> str:
    """The kind of a source: from the declared format or media type if one is given (a generic one
    such as application/octet-stream does not count), else from the file's extension."""
    if declared and declared.split(";")[0].strip().lower() not in _GENERIC:
        return _kind(declared, name)
    return _kind(name.rsplit(".", 1)[-1] if "." in name else "", name)


def _kind(hint: str, name: str) -> str:
    key = hint.split(";")[0].strip().lower().lstrip(".")
    if key in _SPREADSHEET_TYPES:
        return _SPREADSHEET_TYPES[key]
    if key in (CSV, XLSX):
        return key
    try:
        return rdf_format(key).name
    except UnknownFormat:
        known = ", ".join([f.name for f in RDF_FORMATS] + [CSV, XLSX])
        raise UnknownFormat(f"Het formaat van '{name}' is onbekend. Bekende formaten: {known}.") from None


def source_quads(sources: list[Source], store: Store, base: str, graph: str) -> list[ox.Quad]:
    """All quads of all sources, in `graph`. Spreadsheets are mapped together (sheets refer to each
    other); an RDF file that does not parse raises ParseError with line and column."""
    quads: list[ox.Quad] = []
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    for source in sources:
        if source.kind == CSV:
            sheet = read_csv(source.name, source.data, problems)
            sheets += [sheet] if sheet else []
        elif source.kind == XLSX:
            sheets += read_xlsx(source.name, source.data, problems)
        else:
            quads += _into_graph(parse_bytes(source.data, _rdf(source.kind), graph=graph, name=source.name), graph)
    if sheets or problems:
        quads += map_sheets(sheets, store, base, graph, problems)
    if problems:
        raise SpreadsheetError(problems)
    return quads


def _rdf(kind: str) -> RdfFormat:
    return rdf_format(kind)


def _into_graph(quads: list[ox.Quad], graph: str) -> list[ox.Quad]:
    target = ox.NamedNode(graph)
    if all(q.graph_name == target for q in quads):
        return quads
    return [q if q.graph_name == target else ox.Quad(q.subject, q.predicate, q.object, target) for q in quads]
