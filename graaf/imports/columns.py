"""The spreadsheet template's sheets and columns: the template's view of graaf.columns.

The reader, the mapping to RDF, the shipped template files and the README all follow this table,
so a column cannot exist in one and be missing in another (a test compares the shipped files). The
CSV export reads the same table (graaf.export.tables), so a property has one meaning in and out.
"""

from dataclasses import dataclass

from graaf.columns import KINDS, SLUG

__all__ = ["SEPARATOR", "SHEETS", "SLUG", "Column"]


@dataclass(frozen=True)
class Column:
    """One column: its Dutch header, whether a value is required, whether a cell may hold several
    values (separated by ";"), and what a value must be, in words for people."""

    header: str
    required: bool
    expected: str
    multi: bool = False


SHEETS: dict[str, tuple[Column, ...]] = {
    name: tuple(Column(f.header, f.required, f.expected, f.multi) for f in kind.fields if f.header)
    for name, kind in KINDS.items()
    if any(f.header for f in kind.fields)
}

SEPARATOR = ";"
