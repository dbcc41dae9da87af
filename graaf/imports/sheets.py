"""Reading the spreadsheet template from CSV or Excel (.xlsx) into plain rows of text.

Only reading happens here; what a row means is graaf.imports.mapping's job. Every problem is
collected (not only the first), with the sheet, the row number as the user sees it in Excel (the
header is row 1) and the column, so a user can fix them all in one go.
"""

import csv
import io
import zipfile
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from graaf.imports.columns import SHEETS
from graaf.storage import bounded
from graaf.storage.errors import ParseError, Unprocessable
from graaf.storage.loading import refuse_xml_declarations

MAX_UNPACKED_BYTES = 200_000_000
MAX_ROWS = 50_000  # data rows per sheet; far more than a hand-made template, far less than memory allows
MAX_COLUMNS = 100  # a sheet has about ten known columns; more is a mistake or an attack
EXCEL_LAST_ROW = 1_048_576  # Excel has no rows beyond this; a file that claims them was not made by Excel


@dataclass(frozen=True)
class Problem:
    """What is wrong in one cell (or one row, or a whole sheet when row is None)."""

    sheet: str
    row: int | None
    column: str | None
    expected: str
    value: str = ""

    def message(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f", rij {self.row}"
        if self.column:
            where += f", kolom '{self.column}'"
        found = f" Er staat: '{self.value}'." if self.value else ""
        return f"{where}: verwacht {self.expected}.{found}"

    def as_dict(self) -> dict[str, object]:
        return {
            "blad": self.sheet,
            "rij": self.row,
            "kolom": self.column,
            "verwacht": self.expected,
            "waarde": self.value,
            "melding": self.message(),
        }


class SpreadsheetError(Unprocessable, code="ongeldige-spreadsheet"):
    """A spreadsheet with problems: all of them are listed, and nothing is written."""

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(f"Er is niets opgeslagen: de spreadsheet heeft {count} fout{'en' if count != 1 else ''}.")
        self.problems = problems

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "problemen": [p.as_dict() for p in self.problems]}


@dataclass
class Row:
    number: int
    cells: dict[str, str]


@dataclass
class Sheet:
    """The rows of one sheet, keyed by header; empty rows are left out."""

    name: str
    rows: list[Row] = field(default_factory=list)


def read_csv(file_name: str, data: bytes, problems: list[Problem]) -> Sheet | None:
    """One CSV file is one sheet: named by the file (interventies.csv), or recognised by its header."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(file_name, None, None, "een CSV-bestand in UTF-8 (sla op als 'CSV UTF-8')"))
        return None
    lines = list(csv.reader(io.StringIO(text), dialect=_dialect(text)))
    if not lines:
        problems.append(Problem(file_name, None, None, "een kopregel met de namen van de kolommen"))
        return None
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    name = stem if stem in SHEETS else _sheet_for_header(lines[0])
    if name is None:
        expected = "een bestand met de naam interventies.csv, effecten.csv of bewijs.csv, of de kolommen van één blad"
        problems.append(Problem(file_name, None, None, expected))
        return None
    if len(lines) > MAX_ROWS + 1:
        problems.append(_too_many_rows(name))
        return None
    return _sheet(name, lines, problems)


def read_xlsx(file_name: str, data: bytes, problems: list[Problem]) -> list[Sheet]:
    """The sheets interventies, effecten and bewijs of a workbook; other sheets (uitleg) are skipped.

    An .xlsx file is a zip of XML parts: it is refused when it unpacks to far more than it is, or
    when a part declares a DOCTYPE or entities; then openpyxl reads it in a bounded worker process
    (graaf.storage.bounded), like every other file that someone sent.
    """
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        problems.append(Problem(file_name, None, None, f"een Excel-bestand (.xlsx) dat te openen is ({error})"))
        return []
    if sum(info.file_size for info in parts) > MAX_UNPACKED_BYTES:  # a small file that unpacks to gigabytes
        limit_mb = MAX_UNPACKED_BYTES // 1_000_000
        problems.append(Problem(file_name, None, None, f"een Excel-bestand dat uitgepakt kleiner is dan {limit_mb} MB"))
        return []
    declared = _part_with_declarations(data, parts)
    if declared is not None:
        expected = f"een Excel-bestand zonder DOCTYPE of entiteiten (in {declared})"
        problems.append(Problem(file_name, None, None, expected))
        return []
    sheets, found = bounded.pool().call(_read_workbook, file_name, data)
    problems += found
    return sheets


def _part_with_declarations(data: bytes, parts: list[zipfile.ZipInfo]) -> str | None:
    """The name of the first XML part with a DOCTYPE or entity declaration, if any."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in parts:
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            with archive.open(info) as part:
                try:
                    refuse_xml_declarations(part, info.filename)
                except ParseError:
                    return info.filename
    return None


def _read_workbook(file_name: str, data: bytes) -> tuple[list[Sheet], list[Problem]]:
    """In a worker: the known sheets of a workbook, and the problems met on the way."""
    import openpyxl  # only needed for Excel files

    problems: list[Problem] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        problems.append(Problem(file_name, None, None, f"een Excel-bestand (.xlsx) dat te openen is ({error})"))
        return [], problems
    sheets = []
    names = {title.strip().lower() for title in workbook.sheetnames}
    try:
        for title in workbook.sheetnames:
            name = title.strip().lower()
            if name not in SHEETS:
                continue
            lines = _worksheet_lines(workbook[title], name, problems)
            if lines:
                sheets.append(_sheet(name, lines, problems))
    finally:
        workbook.close()
    if not names & set(SHEETS):
        problems.append(Problem(file_name, None, None, "een blad met de naam interventies, effecten of bewijs"))
    return sheets, problems


def _worksheet_lines(worksheet: Any, name: str, problems: list[Problem]) -> list[list[str]]:
    """The rows of a worksheet as text, bounded in rows and columns whatever size the file declares.

    openpyxl fills in every missing row and cell up to the size a sheet declares: a file of a few
    kilobytes that declares 1,048,576 rows of 16,384 columns would fill all memory. So the declared
    size is ignored, only the header's columns are read, and rows stop at MAX_ROWS.
    """
    worksheet.reset_dimensions()
    first = worksheet.iter_rows(max_row=1, values_only=True)
    header = [_cell_text(v) for v in next(first, ())]
    first.close()
    while header and not header[-1].strip():
        header.pop()
    if not header:
        return []
    if len(header) > MAX_COLUMNS:
        problems.append(Problem(name, 1, None, f"hoogstens {MAX_COLUMNS} kolommen in de kopregel"))
        return []
    lines = [header]
    width = len(header)
    with closing(worksheet.iter_rows(min_row=2, max_col=width, values_only=True)) as rows:
        for number, row in enumerate(rows, start=2):
            if number > EXCEL_LAST_ROW:
                break
            if number <= MAX_ROWS + 1:
                lines.append([_cell_text(v) for v in row])
            elif any(v is not None and str(v).strip() for v in row):
                problems.append(_too_many_rows(name))
                return []
            # Empty rows after the last filled one (a file may declare a million) cost no memory.
    return lines


def _too_many_rows(name: str) -> Problem:
    most = f"{MAX_ROWS:,}".replace(",", ".")  # 50.000, as a Dutch reader writes it
    return Problem(name, MAX_ROWS + 2, None, f"hoogstens {most} rijen met gegevens; verdeel ze over meer bestanden")


def _dialect(text: str) -> type[csv.Dialect]:
    """Comma, semicolon (Dutch Excel) or tab, whichever the header line uses."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    separator = max(counts, key=lambda sep: counts[sep])

    class Dialect(csv.excel):
        delimiter = separator

    return Dialect


def _sheet_for_header(header: list[str]) -> str | None:
    names = {h.strip().lower() for h in header}
    for sheet, columns in SHEETS.items():
        if {c.header for c in columns if c.required} <= names and names <= {c.header for c in columns}:
            return sheet
    return None


def _sheet(name: str, lines: list[list[str]], problems: list[Problem]) -> Sheet:
    header = [h.strip().lower() for h in lines[0]]
    known = {c.header for c in SHEETS[name]}
    for index, title in enumerate(header):
        if title and title not in known:
            problems.append(Problem(name, 1, title, f"een bekende kolom ({', '.join(sorted(known))})", title))
        elif title and title in header[:index]:
            problems.append(Problem(name, 1, title, "elke kolom één keer", title))
    for column in SHEETS[name]:
        if column.required and column.header not in header:
            problems.append(Problem(name, 1, column.header, "deze kolom in de kopregel"))
    sheet = Sheet(name)
    for number, line in enumerate(lines[1:], start=2):
        cells = {h: (line[i] if i < len(line) else "").strip() for i, h in enumerate(header) if h in known}
        if any(cells.values()):
            sheet.rows.append(Row(number, cells))
    return sheet


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
