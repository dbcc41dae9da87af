"""CSV per class, for pandas and R: one row per intervention, mechanism, effect or piece of evidence.

Columns are fixed and documented in TABLES (also shown by /export and in the README); they are the
export's view of graaf.columns, the table the import template reads too. Rules that
hold for every table:
- one row per thing, sorted by its IRI; the first column `iri` names it;
- a field with more than one value holds them sorted and separated by " | " (space, bar, space);
- a value from a concept list (status, level, direction, ...) is its code: the last part of its IRI
  (for example "onbekend" for https://data.alliantievankracht.nl/id/bewijsniveau/onbekend);
- text in a language sits in a column per language (`naam_nl`, `naam_en`);
- an empty field means: the graph says nothing about it. Nothing is filled in by guessing.
The file is UTF-8 with a header row, comma-separated, quoted where needed (RFC 4180). A text that a
spreadsheet would read as a formula (it starts with = + - @) gets an apostrophe in front (graaf.storage.csvcells).
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from rdflib import URIRef

from graaf.columns import KINDS
from graaf.export.reading import frozen
from graaf.storage.csvcells import safe_cell
from graaf.storage.errors import NotFound
from graaf.storage.store import Store
from graaf.storage.terms import local_name

SEPARATOR = " | "


class UnknownTable(NotFound, code="onbekende-tabel"):
    """A CSV table name that the export does not know."""


@dataclass(frozen=True)
class Column:
    """A column: its name, the property it reads, how a value is written, and what it means (Dutch)."""

    name: str
    predicate: str
    how: str  # "iri", "code", "nl", "en", "tekst"
    meaning: str


@dataclass(frozen=True)
class Table:
    name: str
    cls: str
    meaning: str
    columns: tuple[Column, ...]


TABLES: dict[str, Table] = {
    name: Table(
        name,
        kind.cls,
        kind.meaning,
        tuple(Column(f.export, f.predicate, f.how, f.meaning) for f in kind.fields if f.export),
    )
    for name, kind in KINDS.items()
}

_ROWS = """
SELECT ?item ?p ?o ?cls WHERE {
  ?item a ?type .
  ?type <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?cls .
  FILTER(isIRI(?item))
  ?item ?p ?o .
}
ORDER BY ?item
"""


def table(name: str) -> Table:
    if name not in TABLES:
        raise UnknownTable(f"Onbekende tabel '{name}'. Kies uit: {', '.join(TABLES)}.")
    return TABLES[name]


def write_table(store: Store, out: IO[bytes], name: str) -> None:
    """The table as CSV (UTF-8), one row per thing of its class (subclasses included)."""
    spec = table(name)
    # Rows go through a small text buffer that is handed on as bytes every few hundred rows.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["iri", *(c.name for c in spec.columns)])
    with frozen(store) as fixed:
        for number, (iri, values) in enumerate(_things(fixed, spec), start=1):
            writer.writerow([iri, *(_cell(values, c) for c in spec.columns)])
            if number % 500 == 0:
                _hand_on(buffer, out)
    _hand_on(buffer, out)


def _hand_on(buffer: io.StringIO, out: IO[bytes]) -> None:
    out.write(buffer.getvalue().encode("utf-8"))
    buffer.seek(0)
    buffer.truncate()


def _things(store: Store, spec: Table) -> Iterator[tuple[str, dict[str, list[tuple[str, str]]]]]:
    """Each thing with its values per predicate (value, language), from one query, in IRI order."""
    current: str | None = None
    values: dict[str, list[tuple[str, str]]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    # Rows are read as the engine hands them out, not collected first: a table can be long.
    for row in store.run(_ROWS, bindings={"cls": URIRef(spec.cls)}):  # type: ignore[union-attr]
        item = row["item"].value
        if item != current:
            if current is not None:
                yield current, values
            current, values, seen = item, defaultdict(list), set()
        value = row["o"]
        entry = (row["p"].value, value.value, getattr(value, "language", None) or "")
        if entry not in seen:  # a thing typed twice (class and subclass) comes back once per type
            seen.add(entry)
            values[entry[0]].append(entry[1:])
    if current is not None:
        yield current, values


def _cell(values: dict[str, list[tuple[str, str]]], column: Column) -> str:
    found = values.get(column.predicate, [])
    if column.how in ("nl", "en"):
        texts = [v for v, lang in found if lang == column.how]
    elif column.how == "code":
        texts = [local_name(v) for v, _ in found]
    else:
        texts = [v for v, _ in found]
    return safe_cell(SEPARATOR.join(sorted(set(texts))))


def documentation() -> dict[str, object]:
    """The tables and their columns, for /export and the README."""
    return {
        "scheiding": SEPARATOR,
        "tabellen": {
            t.name: {
                "betekenis": t.meaning,
                "kolommen": {"iri": "IRI van het ding", **{c.name: c.meaning for c in t.columns}},
            }
            for t in TABLES.values()
        },
    }
