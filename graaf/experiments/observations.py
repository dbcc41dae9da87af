"""Importing observations from a CSV file, in the shape municipalities and planning offices publish them.

Columns: regiocode (a CBS code such as GM0037, WK003701 or BU00370101), periode (2024, 2024-Q3,
2024-05 or 2024-05-13), indicator (the part after /id/indicator/, or a full IRI), waarde, and
optionally eenheid. Every row is checked first; one problem anywhere and nothing is written, and
every problem is reported with its line, column and what was expected. A good file becomes one
named graph per source (replaced on a second import of the same source), written through
graaf.storage.changes.apply, so the SHACL rules see it before the store does.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graaf.experiments.periods import EXPECTED as PERIOD_EXPECTED
from graaf.experiments.periods import Period, parse_period
from graaf.storage.changes import Change, Validator, apply
from graaf.storage.errors import Unprocessable
from graaf.storage.store import Store
from ontologie.namespaces import DEFAULT_BASE, KERN, PREFIXES, id_base

REQUIRED = ("regiocode", "periode", "indicator", "waarde")
OPTIONAL = ("eenheid",)
CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8}|PV\d{2})$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RDF, _RDFS, _XSD = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["xsd"]
_SOSA, _DCT, _PROV, _FOAF = PREFIXES["sosa"], PREFIXES["dcterms"], PREFIXES["prov"], PREFIXES["foaf"]
_DCAT = PREFIXES["dcat"]
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: where (line, column) and what was expected, in Dutch."""

    line: int | None
    column: str | None
    message: str
    expected: str | None = None

    def text(self) -> str:
        where = ", ".join(
            part
            for part in (f"regel {self.line}" if self.line else "", f"kolom '{self.column}'" if self.column else "")
            if part
        )
        hint = f" Verwacht: {self.expected}." if self.expected else ""
        return f"{where}: {self.message}{hint}" if where else f"{self.message}{hint}"

    def as_dict(self) -> dict[str, object]:
        return {"regel": self.line, "kolom": self.column, "melding": self.message, "verwacht": self.expected}


class ImportFailed(Unprocessable, code="ongeldige-waarnemingen"):
    """A CSV file with observations that has at least one problem; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} fout(en) in het bestand; er is niets opgeslagen.")
        self.problems = problems

    def text(self) -> str:
        return "\n".join(p.text() for p in self.problems) + "\n" + self.message + "\n"

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "fouten": [p.as_dict() for p in self.problems]}


@dataclass(frozen=True)
class Row:
    line: int
    place: str
    code: str
    period: Period
    indicator: str
    value: Decimal
    unit: str


@dataclass
class Imported:
    """What an import wrote: the graph, its source document and the number of observations."""

    graph: str
    source: str
    observations: int
    rows: list[Row] = field(default_factory=list)


def slugify(text: str) -> str:
    """A name for IRIs: lower case, a-z, 0-9 and hyphens (the URI strategy's pattern)."""
    plain = text.lower().translate(str.maketrans("áàäâéèëêíìïîóòöôúùüûç", "aaaaeeeeiiiioooouuuuc"))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "bron"


def read_rows(store: Store, text: str, base: str = DEFAULT_BASE) -> list[Row]:
    """Every row of the file checked against the graph; ImportFailed with all problems at once."""
    problems: list[Problem] = []
    reader = _reader(text, problems)
    if reader is None:
        raise ImportFailed(problems)
    indicators = _indicators(store)
    places = _places(store)
    rows: list[Row] = []
    seen: dict[tuple[str, str, str], int] = {}
    for record in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in record.values()):
            continue  # an empty line, often the last one
        row = _row(record, line, indicators, places, base, problems)
        if row is None:
            continue
        key = (row.indicator, row.code, row.period.text)
        if key in seen:
            problems.append(
                Problem(line, None, f"Deze meting staat al op regel {seen[key]} (zelfde regio, periode en indicator).")
            )
            continue
        seen[key] = line
        rows.append(row)
    if not rows and not problems:
        problems.append(Problem(None, None, "Het bestand heeft geen metingen.", "minstens één regel onder de kop"))
    if problems:
        raise ImportFailed(problems)
    return rows


def _reader(text: str, problems: list[Problem]) -> "csv.DictReader[str] | None":
    text = text.lstrip("\ufeff")
    if not text.strip():
        problems.append(Problem(None, None, "Het bestand is leeg.", "een kopregel met " + ", ".join(REQUIRED)))
        return None
    first = text.splitlines()[0]
    delimiter = max(";,\t", key=first.count)  # Dutch exports often use ';' with a decimal comma
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.append(
            Problem(
                1, ", ".join(missing), "Deze kolom(men) ontbreken in de kopregel.", "kolommen " + ", ".join(REQUIRED)
            )
        )
        return None
    return reader


def _row(
    record: dict[str, str],
    line: int,
    indicators: dict[str, str],
    places: dict[str, str],
    base: str,
    problems: list[Problem],
) -> Row | None:
    before = len(problems)
    code = (record.get("regiocode") or "").strip().upper()
    if not CODE.match(code):
        problems.append(
            Problem(
                line, "regiocode", f"'{code}' is geen CBS-code.", "GM gevolgd door 4 cijfers, WK door 6 of BU door 8"
            )
        )
    elif code not in places:
        problems.append(
            Problem(
                line, "regiocode", f"{code} staat niet in de kennisgraaf.", "een gemeente, wijk of buurt uit de graaf"
            )
        )
    period = parse_period(record.get("periode") or "")
    if period is None:
        problems.append(Problem(line, "periode", f"'{record.get('periode') or ''}' is geen periode.", PERIOD_EXPECTED))
    name = (record.get("indicator") or "").strip()
    indicator = name if name.startswith(("http://", "https://")) else id_base(base) + "indicator/" + name
    if indicator not in indicators:
        problems.append(
            Problem(
                line,
                "indicator",
                f"De indicator '{name}' staat niet in de kennisgraaf.",
                "de naam van een beschreven kern:Indicator",
            )
        )
    value = parse_number(record.get("waarde") or "")
    if value is None:
        problems.append(
            Problem(line, "waarde", f"'{record.get('waarde') or ''}' is geen getal.", "een getal, zoals 12.5 of 12,5")
        )
    unit = (record.get("eenheid") or "").strip()
    if indicator in indicators and unit and unit != indicators[indicator]:
        problems.append(
            Problem(line, "eenheid", f"De eenheid '{unit}' past niet bij de indicator.", f"'{indicators[indicator]}'")
        )
    if len(problems) > before or period is None or value is None:
        return None
    return Row(line, places[code], code, period, indicator, value, unit or indicators[indicator])


def parse_number(text: str) -> Decimal | None:
    """A number as people write it: 12,5 (Dutch) or 12.5; never NaN or infinity."""
    text = text.strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _indicators(store: Store) -> dict[str, str]:
    rows = store.values(f"SELECT ?i ?e WHERE {{ ?i a <{KERN.Indicator}> . OPTIONAL {{ ?i <{KERN.eenheid}> ?e }} }}")
    return {row["i"]: row.get("e", "") for row in rows}


def _places(store: Store) -> dict[str, str]:
    rows = store.values(
        f"SELECT ?p ?code WHERE {{ ?p a/<{_RDFS}subClassOf>* <{KERN.Plaats}> ; <{KERN.cbsCode}> ?code }}"
    )
    return {row["code"]: row["p"] for row in rows}


def observation_quads(
    rows: list[Row], name: str, citation: str, base: str = DEFAULT_BASE, today: date | None = None
) -> tuple[str, str, list[ox.Quad]]:
    """The named graph, its source document and all quads of an import (one graph per source)."""
    ids = id_base(base)
    slug = slugify(name)
    graph = ox.NamedNode(ids + "graaf/waarnemingen-" + slug)
    source = ox.NamedNode(ids + "bron/waarnemingen-" + slug)
    day = ox.Literal((today or date.today()).isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    quads: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(s, ox.NamedNode(p), o, graph))

    add(graph, _RDF + "type", ox.NamedNode(_DCAT + "Dataset"))
    add(graph, _RDF + "type", ox.NamedNode(_PROV + "Entity"))
    add(graph, _DCT + "title", ox.Literal(f"Metingen uit {name}", language="nl"))
    add(graph, _DCT + "title", ox.Literal(f"Observations from {name}", language="en"))
    add(
        graph,
        _DCT + "description",
        ox.Literal(f"{len(rows)} metingen van indicatoren, ingelezen uit een CSV-bestand.", language="nl"),
    )
    add(
        graph,
        _DCT + "description",
        ox.Literal(f"{len(rows)} observations of indicators, imported from a CSV file.", language="en"),
    )
    add(graph, _PROV + "wasDerivedFrom", source)
    add(graph, _PROV + "wasAttributedTo", ox.NamedNode(ids + "organisatie/kennisgraaf-redactie"))
    add(graph, _PROV + "generatedAtTime", day)
    add(graph, _DCT + "license", ox.NamedNode(LICENSE))
    add(source, _RDF + "type", ox.NamedNode(_FOAF + "Document"))
    add(source, _DCT + "title", ox.Literal(name, language="nl"))
    add(source, _DCT + "bibliographicCitation", ox.Literal(citation))
    add(source, str(KERN.geraadpleegdOp), day)
    for row in rows:
        ref = "-".join(
            (slug, row.indicator.rstrip("/").rsplit("/", 1)[-1].lower(), row.code.lower(), row.period.text.lower())
        )
        node = ox.NamedNode(ids + "observatie/" + slugify(ref))
        add(node, _RDF + "type", ox.NamedNode(str(KERN.Observatie)))
        add(node, _RDFS + "label", ox.Literal(f"Meting {row.code} {row.period.text}", language="nl"))
        add(node, _RDFS + "label", ox.Literal(f"Observation {row.code} {row.period.text}", language="en"))
        add(node, _SOSA + "observedProperty", ox.NamedNode(row.indicator))
        add(node, _SOSA + "hasFeatureOfInterest", ox.NamedNode(row.place))
        add(node, _SOSA + "hasSimpleResult", ox.Literal(str(row.value), datatype=ox.NamedNode(_XSD + "decimal")))
        add(node, str(KERN.periode), ox.Literal(row.period.text, datatype=ox.NamedNode(row.period.datatype)))
        add(node, str(KERN.eenheid), ox.Literal(row.unit))
        add(node, _DCT + "source", source)
    return graph.value, source.value, quads


def import_observations(
    store: Store,
    text: str,
    name: str,
    *,
    citation: str | None = None,
    base: str = DEFAULT_BASE,
    validator: Validator | None = None,
) -> Imported:
    """Check the CSV text, then write its observations into the source's own graph in one transaction.

    `name` names the source (often the file name); a second import under the same name replaces the first.
    """
    rows = read_rows(store, text, base)
    graph, source, quads = observation_quads(
        rows, name, citation or f"CSV-bestand {name}, ingelezen op {date.today().isoformat()}.", base
    )
    apply(store, Change(add=quads, replace_graphs=[graph]), validator)
    return Imported(graph, source, len(rows), rows)
