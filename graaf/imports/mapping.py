"""Rows of the spreadsheet template to RDF: interventions, their effects and the evidence for them.

Every value that names a concept (a target group, an evidence level, ...) is looked up among the
concepts in the store, by the last part of its IRI ('gezin' for /id/doelgroep/gezin), so a typo is
reported with its row and column instead of becoming a new, unknown thing. An empty evidence level
becomes 'onbekend': a spreadsheet never guesses a level that no source states.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from graaf.columns import KINDS as TABLE
from graaf.columns import Field
from graaf.imports.columns import SEPARATOR, SHEETS, SLUG
from graaf.imports.sheets import Problem, Row, Sheet
from graaf.storage.store import Store
from ontologie.namespaces import KERN, id_base

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DCT_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

KINDS = {"persoonsgericht": "PersoonsgerichteInterventie", "netwerkactiviteit": "Netwerkactiviteit"}
# Which class the values of a column must have; 'werkt_op' may name any of three.
CLASSES: dict[str, tuple[str, ...]] = {
    "doelgroepen": ("Doelgroep",),
    "plaatsen": ("Plaats",),
    "status": ("Status",),
    "belasting": ("Belasting",),
    "preventieniveau": ("Preventieniveau",),
    "werkt_op": ("Mechanisme", "Kapitaalvorm", "Uitkomst"),
    "richting": ("Effectrichting",),
    "soort": ("Effectsoort",),
    "herkomst": ("Herkomst",),
    "kennisbron": ("Kennisbron",),
    "bewijsniveau": ("Bewijsniveau",),
    "studietype": ("Studietype",),
    "interventie": ("Interventie",),
    "effect": ("Effect",),
}
# Each template column with the field it fills (its predicate and how its value is written).
_FIELDS: dict[tuple[str, str], Field] = {
    (sheet, field.header): field for sheet, kind in TABLE.items() for field in kind.fields if field.header
}
# Columns that may name a thing made earlier in the same file, and the sheet that makes it.
_LOCAL = {"interventie": "interventies", "effect": "effecten"}
# Evidence is looked up too, only to refuse an id that is taken already.
_LOOKUP_CLASSES = sorted({c for classes in CLASSES.values() for c in classes} | {"Bewijs"})


def _k(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(KERN[name]))


@dataclass
class Vocabulary:
    """Known things by class and by short name: {class: {name: IRI}}; also CBS codes for places."""

    by_class: dict[str, dict[str, str]] = field(default_factory=dict)
    elsewhere: set[str] = field(default_factory=set)  # subjects that exist outside the import's own graph

    @classmethod
    def from_store(cls, store: Store, own_graph: str) -> "Vocabulary":
        vocabulary = cls()
        values = " ".join(f"kern:{name}" for name in _LOOKUP_CLASSES)
        rows = store.values(
            f"""PREFIX kern: <{KERN}>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?s ?class ?g ?code WHERE {{
              VALUES ?class {{ {values} <{FOAF_DOCUMENT}> }}
              GRAPH ?g {{ ?s a ?type }}
              ?type rdfs:subClassOf* ?class .
              OPTIONAL {{ ?s kern:cbsCode ?code }}
            }}"""
        )
        for row in rows:
            if row["g"] == own_graph:
                continue
            name = row["class"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            names = vocabulary.by_class.setdefault(name, {})
            names[row["s"].rsplit("/", 1)[-1].lower()] = row["s"]
            if "code" in row:
                names[row["code"].lower()] = row["s"]
            vocabulary.elsewhere.add(row["s"])
        return vocabulary

    def find(self, classes: tuple[str, ...], value: str) -> str | None:
        key = value.strip()
        if key.startswith(("http://", "https://")):
            known = {iri for c in classes for iri in self.by_class.get(c, {}).values()}
            return key if key in known else None
        key = key.rsplit("/", 1)[-1].lower()
        for name in classes:
            if key in self.by_class.get(name, {}):
                return self.by_class[name][key]
        return None

    def examples(self, classes: tuple[str, ...], count: int = 8) -> str:
        names = sorted({iri.rsplit("/", 1)[-1] for c in classes for iri in self.by_class.get(c, {}).values()})
        shown = ", ".join(f"'{n}'" for n in names[:count])
        return shown + (", ..." if len(names) > count else "")


class _RowMapper:
    """Turns the rows of the three sheets into quads, collecting every problem on the way."""

    def __init__(self, vocabulary: Vocabulary, base: str, graph: str, problems: list[Problem]) -> None:
        self.vocabulary = vocabulary
        self.ids = id_base(base)
        self.graph = ox.NamedNode(graph)
        self.problems = problems
        self.quads: list[ox.Quad] = []

    def add(self, subject: ox.NamedNode, predicate: ox.NamedNode, value: ox.NamedNode | ox.Literal) -> None:
        self.quads.append(ox.Quad(subject, predicate, value, self.graph))

    def problem(self, sheet: str, row: Row, column: str, expected: str, value: str = "") -> None:
        self.problems.append(Problem(sheet, row.number, column, expected, value))

    def subject(self, sheet: str, row: Row, path: str) -> ox.NamedNode | None:
        value = row.cells.get("id", "")
        if not _SLUG.match(value):
            if value:  # an empty required cell is reported by _required already
                self.problem(sheet, row, "id", SLUG, value)
            return None
        iri = f"{self.ids}{path}/{value}"
        if iri in self.vocabulary.elsewhere:
            self.problem(sheet, row, "id", "een id dat nog niet in de graaf staat (kies een andere naam)", value)
            return None
        return ox.NamedNode(iri)

    def text(self, subject: ox.NamedNode, row: Row, column: str, predicate: ox.NamedNode, language: str | None) -> None:
        value = row.cells.get(column, "")
        if value:
            self.add(subject, predicate, ox.Literal(value, language=language))

    def name(self, sheet: str, subject: ox.NamedNode, row: Row) -> None:
        for column, language in (("naam", "nl"), ("naam_en", "en")):
            if "\n" in row.cells.get(column, ""):
                self.problem(sheet, row, column, "een naam op één regel", row.cells[column])
            else:
                self.text(subject, row, column, RDFS_LABEL, language)

    def concepts(self, sheet: str, row: Row, column: str, extra: dict[str, str] | None = None) -> list[ox.NamedNode]:
        found = []
        values = _values(row.cells.get(column, ""))
        if len(values) > 1 and not _multi(sheet, column):
            self.problem(sheet, row, column, "één waarde (deze kolom mag er niet meer hebben)", row.cells[column])
            return []
        for value in values:
            iri = (extra or {}).get(value) or self.vocabulary.find(CLASSES[column], value)
            if iri is None:
                expected = f"een bekende waarde ({self.vocabulary.examples(CLASSES[column])})"
                self.problem(sheet, row, column, expected, value)
            else:
                found.append(ox.NamedNode(iri))
        return found

    def values(
        self, subject: ox.NamedNode, row: Row, sheet: str, *columns: str, local: dict[str, dict[str, str]] | None = None
    ) -> None:
        """The cells of these columns as triples, each under the predicate graaf.columns gives it: a text in
        its language, a concept by its short name (checked against the graph, or among the ids `local`
        holds of things made in this same file)."""
        for column in columns:
            field = _FIELDS[(sheet, column)]
            if field.how in ("nl", "en", "tekst"):
                language = field.how if field.how != "tekst" else None
                self.text(subject, row, column, ox.NamedNode(field.predicate), language)
            else:
                made_here = (local or {}).get(_LOCAL.get(column, ""))
                for iri in self.concepts(sheet, row, column, made_here):
                    self.add(subject, ox.NamedNode(field.predicate), iri)

    def thing(
        self, sheet: str, row: Row, path: str, cls: str, columns: tuple[str, ...], local: dict[str, dict[str, str]]
    ) -> None:
        """One row as a thing of a class: its IRI, type, names, the values of these columns and its source."""
        subject = self.subject(sheet, row, path)
        if subject is None:
            return
        self.add(subject, RDF_TYPE, _k(cls))
        self.name(sheet, subject, row)
        self.values(subject, row, sheet, *columns, local=local)
        self.source(sheet, subject, row)

    def source(self, sheet: str, subject: ox.NamedNode, row: Row) -> None:
        value = row.cells.get("bron", "")
        iri = self.vocabulary.find(("Document",), value) if value else None
        if value and iri is None:
            known = self.vocabulary.examples(("Document",))
            self.problem(sheet, row, "bron", f"een bron die in de graaf beschreven is ({known})", value)
        if iri:
            self.add(subject, DCT_SOURCE, ox.NamedNode(iri))
        if row.cells.get("sectie"):
            self.add(subject, _k("sectie"), ox.Literal(row.cells["sectie"]))


def _multi(sheet: str, header: str) -> bool:
    return any(c.multi for c in SHEETS[sheet] if c.header == header)


def _values(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(SEPARATOR) if v.strip()]


def map_sheets(sheets: list[Sheet], store: Store, base: str, graph: str, problems: list[Problem]) -> list[ox.Quad]:
    """All quads for the rows of the sheets; problems are appended to `problems`."""
    mapper = _RowMapper(Vocabulary.from_store(store, graph), base, graph, problems)
    by_name: dict[str, list[Row]] = {}
    for sheet in sheets:
        by_name.setdefault(sheet.name, []).extend(sheet.rows)
    # Ids made in this file may be referred to from the next sheet, before they are in the store.
    local: dict[str, dict[str, str]] = {"interventies": {}, "effecten": {}}
    for name, path in (("interventies", "interventie"), ("effecten", "effect")):
        for row in by_name.get(name, []):
            if _SLUG.match(row.cells.get("id", "")):
                local[name][row.cells["id"]] = f"{mapper.ids}{path}/{row.cells['id']}"
    steps: dict[str, Callable[[_RowMapper, Row, dict[str, dict[str, str]]], None]] = {
        "interventies": _intervention,
        "effecten": _effect,
        "bewijs": _evidence,
    }
    for name, step in steps.items():
        seen: set[str] = set()
        for row in by_name.get(name, []):
            _required(mapper, name, row)
            ident = row.cells.get("id", "")
            if ident in seen:
                mapper.problem(name, row, "id", "een id dat in dit blad maar één keer voorkomt", ident)
                continue
            seen.add(ident)
            step(mapper, row, local)
    return mapper.quads


def _required(mapper: _RowMapper, sheet: str, row: Row) -> None:
    for column in SHEETS[sheet]:
        if column.required and not row.cells.get(column.header):
            mapper.problem(sheet, row, column.header, f"een waarde: {column.expected}")


def _intervention(mapper: _RowMapper, row: Row, _: dict[str, dict[str, str]]) -> None:
    sheet = "interventies"
    subject = mapper.subject(sheet, row, "interventie")
    kind = row.cells.get("soort", "").lower()
    if kind and kind not in KINDS:
        mapper.problem(sheet, row, "soort", "'persoonsgericht' of 'netwerkactiviteit'", row.cells["soort"])
    if subject is None:
        return
    if kind in KINDS:
        mapper.add(subject, RDF_TYPE, _k(KINDS[kind]))
    mapper.name(sheet, subject, row)
    mapper.values(subject, row, sheet, "doel", "doel_en", "doelgroepen", "plaatsen", "status", "belasting")
    mapper.values(subject, row, sheet, "preventieniveau")
    mapper.source(sheet, subject, row)


def _effect(mapper: _RowMapper, row: Row, local: dict[str, dict[str, str]]) -> None:
    columns = ("interventie", "werkt_op", "richting", "soort", "herkomst")
    mapper.thing("effecten", row, "effect", "Effect", columns, local)


def _evidence(mapper: _RowMapper, row: Row, local: dict[str, dict[str, str]]) -> None:
    if not row.cells.get("bewijsniveau"):
        row.cells["bewijsniveau"] = "onbekend"  # no source states a level: never guess one
    columns = ("effect", "kennisbron", "bewijsniveau", "studietype", "context", "verwijzing")
    mapper.thing("bewijs", row, "bewijs", "Bewijs", columns, local)
