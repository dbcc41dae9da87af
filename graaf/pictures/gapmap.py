"""The evidence gap map: mechanisms (rows) by forms of capital or outcomes (columns).

How an intervention counts for a cell: it has an effect on the row's mechanism AND an effect on the
column's capital form (or outcome), neither of which harms (kern:richting "schaadt"). The cell shows
how many distinct interventions count, and the best evidence level among the Bewijs that supports
those two effects (by kern:rang; "onbekend" is rank 0). A cell with interventions but no Bewijs at all
says "geen bewijs". The counting is that of the named query graaf/queries/bewijskaart.rq, so the lab and
the API get the same numbers; the page counts from what each intervention contributes
(graaf.pictures.contributions), which after a write is read again only for what the write touched.
The column "Alle" counts every intervention with a non-harmful effect on the mechanism, whatever else
it works on.

CSV: UTF-8 with a byte order mark (so Excel reads the accents), separated by semicolons (what Dutch
Excel expects), one row per cell with the header CSV_HEADER. pandas: read_csv(path, sep=";"). A name
that Excel would read as a formula gets an apostrophe in front (graaf.storage.csvcells).
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from graaf.describe import Labeller
from graaf.pictures.contributions import contributions_of
from graaf.storage.csvcells import safe_cell
from graaf.storage.store import Store
from graaf.storage.terms import local_name
from ontologie.namespaces import KERN, sparql_prefixes

# Column kinds: the name in a URL, the class, and the search parameter for a cell's link.
COLUMN_KINDS: dict[str, tuple[str, str]] = {
    "kapitaalvormen": (str(KERN.Kapitaalvorm), "kapitaalvorm"),
    "uitkomsten": (str(KERN.Uitkomst), "uitkomst"),
}
CAPITAL_ORDER = ["economisch", "sociaal", "cultureel", "pedagogisch", "mentaal"]  # the phase plan's order
LEVEL_ORDER = ["huishouden", "omgeving", "systeem"]
CSV_HEADER = [
    "mechanisme",
    "mechanisme_iri",
    "niveau",
    "kolom",
    "kolom_iri",
    "interventies",
    "beste_bewijsniveau",
    "beste_rang",
    "interventie_namen",
]

# The rows and columns that have a Dutch name: the cells bewijskaart.rq counts.
_NAMED = (
    sparql_prefixes()
    + """SELECT DISTINCT ?x ?soort WHERE {
  VALUES ?soort { kern:Mechanisme #SOORT# } ?x a ?soort ; skos:prefLabel ?naam . FILTER(lang(?naam) = "nl")
}"""
)
_EXTRA = (
    sparql_prefixes()
    + """SELECT ?x ?niveau ?rang WHERE {
  { ?x a kern:Mechanisme . OPTIONAL { ?x kern:opNiveau ?niveau } }
  UNION { ?x a kern:Bewijsniveau ; kern:rang ?rang }
}"""
)


@dataclass(frozen=True)
class Header:
    iri: str
    label: str
    slug: str


@dataclass(frozen=True)
class Cell:
    interventions: tuple[str, ...]  # IRIs, sorted
    rank: int | None  # best kern:rang of the evidence; None: no evidence recorded
    level: str | None  # the label of that level

    @property
    def count(self) -> int:
        return len(self.interventions)

    @property
    def weak(self) -> bool:
        """Interventions, but no evidence above "onbekend"."""
        return self.count > 0 and (self.rank is None or self.rank <= 0)


@dataclass(frozen=True)
class Row:
    mechanism: Header
    level: str  # label of the mechanism's level ("" without one)
    cells: tuple[Cell, ...]  # one per column, in column order
    total: Cell  # all interventions for the mechanism


@dataclass(frozen=True)
class GapMap:
    kind: str  # a key of COLUMN_KINDS
    search_parameter: str
    columns: tuple[Header, ...]
    rows: tuple[Row, ...]
    names: dict[str, str]  # intervention IRI -> label

    def search_link(self, row: Row, column: Header | None) -> str:
        """The search page for the interventions of a cell (the slugs are the last part of the IRIs)."""
        query = {"mechanisme": row.mechanism.slug}
        if column is not None:
            query[self.search_parameter] = column.slug
        return "/zoeken?" + urlencode(query)


def gap_map(store: Store, lang: str, kind: str = "kapitaalvormen") -> GapMap:
    """The whole map: the cells counted from what each intervention contributes (kept per store version
    and brought up to date after a write, graaf.pictures.contributions), as bewijskaart.rq counts them."""
    cls, parameter = COLUMN_KINDS[kind]
    found = contributions_of(store)
    by_target: dict[str, dict[str, int]] = defaultdict(dict)
    for intervention, targets in found.per_intervention.items():
        for target, rank in targets.items():
            by_target[target][intervention] = rank
    named = store.values(_NAMED.replace("#SOORT#", f"<{cls}>"))
    labelled = {row["x"] for row in named if row["soort"] == str(KERN.Mechanisme)}
    columns_found = {row["x"] for row in named if row["soort"] == cls}
    extra = store.values(_EXTRA)
    level_of = {r["x"]: r.get("niveau", "") for r in extra if "rang" not in r}
    rank_level = {int(r["rang"]): r["x"] for r in extra if "rang" in r}

    def counted(pairs: dict[str, int]) -> tuple[tuple[str, ...], int | None]:
        best = max(pairs.values(), default=-1)
        return tuple(sorted(pairs)), (best if best >= 0 else None)

    cells = {}
    for mechanism in labelled:
        row = by_target.get(mechanism, {})
        for column in columns_found:
            other = by_target.get(column, {})
            cells[mechanism, column] = counted({i: max(r, other[i]) for i, r in row.items() if i in other})
    totals = {mechanism: counted(by_target.get(mechanism, {})) for mechanism in level_of}
    everyone = {i for interventions, _ in [*cells.values(), *totals.values()] for i in interventions}
    label = Labeller(store, lang)
    label.found.update((i, found.names.get(i, {})) for i in everyone)
    label.load([*level_of, *(v for v in level_of.values() if v), *rank_level.values(), *columns_found])

    def cell(counts: tuple[tuple[str, ...], int | None]) -> Cell:
        interventions, rank = counts
        level = label(rank_level[rank]) if rank is not None and rank in rank_level else None
        return Cell(interventions, rank, level)

    columns = sorted(columns_found, key=lambda c: _column_order(c, label)) if labelled else []
    headers = tuple(Header(c, label(c), local_name(c)) for c in columns)
    rows = []
    for mechanism in sorted(level_of, key=lambda m: (_level_order(level_of[m]), label(m).lower(), m)):
        row_cells = tuple(cell(cells.get((mechanism, c), ((), None))) for c in columns)
        level = label(level_of[mechanism]) if level_of[mechanism] else ""
        rows.append(
            Row(Header(mechanism, label(mechanism), local_name(mechanism)), level, row_cells, cell(totals[mechanism]))
        )
    return GapMap(kind, parameter, headers, tuple(rows), {i: label(i) for i in sorted(everyone)})


def _list(text: str | None) -> list[str]:
    return [part for part in (text or "").split(" ") if part]


def _column_order(iri: str, label: Labeller) -> tuple[int, str]:
    slug = local_name(iri)
    return (CAPITAL_ORDER.index(slug) if slug in CAPITAL_ORDER else len(CAPITAL_ORDER), label(iri).lower())


def _level_order(iri: str) -> tuple[int, str]:
    slug = local_name(iri) if iri else ""
    return (LEVEL_ORDER.index(slug) if slug in LEVEL_ORDER else len(LEVEL_ORDER), iri)


def gap_map_csv(gap: GapMap) -> bytes:
    """One line per cell, with CSV_HEADER; see the module's docstring for the dialect."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in gap.rows:
        for column, cell in zip(gap.columns, row.cells, strict=True):
            writer.writerow(
                [
                    safe_cell(row.mechanism.label),
                    row.mechanism.iri,
                    safe_cell(row.level),
                    safe_cell(column.label),
                    column.iri,
                    cell.count,
                    safe_cell(cell.level or ""),
                    "" if cell.rank is None else cell.rank,
                    safe_cell(" | ".join(gap.names[i] for i in cell.interventions)),
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
