"""The evidence gap map: mechanisms (rows) by forms of capital or outcomes (columns).

How an intervention counts for a cell: it has an effect on the row's mechanism AND an effect on the
column's capital form (or outcome), neither of which harms (kern:richting "schaadt"). The cell shows
how many distinct interventions count, and the best evidence level among the Bewijs that supports
those two effects (by kern:rang; "onbekend" is rank 0). A cell with interventions but no Bewijs at all
says "geen bewijs". The counting is the named query graaf/queries/bewijskaart.rq, so the lab and the
API get the same numbers. The column "Alle" counts every intervention with a non-harmful effect on
the mechanism, whatever else it works on.

CSV: UTF-8 with a byte order mark (so Excel reads the accents), separated by semicolons (what Dutch
Excel expects), one row per cell with the header CSV_HEADER. pandas: read_csv(path, sep=";"). A name
that Excel would read as a formula gets an apostrophe in front (graaf.storage.csvcells).
"""

import csv
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from rdflib import URIRef

from graaf.describe import Labeller
from graaf.storage.csvcells import safe_cell
from graaf.storage.named_queries import named_query
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

# The column "Alle", in the shape of bewijskaart.rq (its comments say why): the effects' facts come from
# subqueries that Oxigraph works out once and joins by hash, not once per mechanism, and -1 stands for
# "no evidence", so that MAX never meets an unbound rank (Oxigraph's MAX is then unbound as a whole).
_TOTALS = (
    sparql_prefixes()
    + """SELECT ?mechanisme (COUNT(DISTINCT ?interventie) AS ?interventies)
       (IF(MAX(?effectRang) >= 0, MAX(?effectRang), SAMPLE(?geenBewijs)) AS ?besteRang)
       (GROUP_CONCAT(DISTINCT STR(?interventie); separator=" ") AS ?lijst) WHERE {
  ?mechanisme a kern:Mechanisme .
  OPTIONAL {
    { SELECT ?effect ?mechanisme WHERE { ?mechanisme a kern:Mechanisme . ?effect kern:werktOp ?mechanisme } }
    { SELECT ?effect ?interventie WHERE { ?effect kern:vanInterventie ?interventie } }
    MINUS { ?effect kern:richting/skos:prefLabel "schaadt"@nl }
    OPTIONAL { { SELECT ?effect ?bewijsRang WHERE {
        ?bewijs kern:ondersteunt ?effect .
        { SELECT ?bewijs ?bewijsRang WHERE { ?niveau kern:rang ?bewijsRang . ?bewijs kern:bewijsniveau ?niveau } }
    } } }
    BIND(COALESCE(?bewijsRang, -1) AS ?effectRang)
  }
} GROUP BY ?mechanisme"""
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
    """The whole map from three queries: the cells, the row totals, and levels with their ranks."""
    cls, parameter = COLUMN_KINDS[kind]
    query = named_query("bewijskaart")
    assert query is not None, "graaf/queries/bewijskaart.rq is missing"
    cells = store.values(query.text, bindings={"soort": URIRef(cls)})
    totals = {row["mechanisme"]: row for row in store.values(_TOTALS)}
    extra = store.values(_EXTRA)
    level_of = {r["x"]: r.get("niveau", "") for r in extra if "rang" not in r}
    rank_level = {int(r["rang"]): r["x"] for r in extra if "rang" in r}
    everyone = {i for row in [*cells, *totals.values()] for i in _list(row.get("interventieLijst", row.get("lijst")))}
    label = Labeller(store, lang)
    label.load([*level_of, *(v for v in level_of.values() if v), *rank_level.values(), *everyone])
    label.load(r["kolom"] for r in cells)

    def cell(row: dict[str, str], key: str) -> Cell:
        rank = int(row["besteRang"]) if "besteRang" in row else None
        level = label(rank_level[rank]) if rank is not None and rank in rank_level else None
        return Cell(tuple(sorted(_list(row.get(key)))), rank, level)

    columns = sorted({r["kolom"] for r in cells}, key=lambda c: _column_order(c, label))
    headers = tuple(Header(c, label(c), local_name(c)) for c in columns)
    by_pair = {(r["mechanisme"], r["kolom"]): r for r in cells}
    rows = []
    for mechanism in sorted(level_of, key=lambda m: (_level_order(level_of[m]), label(m).lower(), m)):
        row_cells = tuple(cell(by_pair.get((mechanism, c), {}), "interventieLijst") for c in columns)
        total = cell(totals.get(mechanism, {}), "lijst")
        level = label(level_of[mechanism]) if level_of[mechanism] else ""
        rows.append(Row(Header(mechanism, label(mechanism), local_name(mechanism)), level, row_cells, total))
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
