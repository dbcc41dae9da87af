"""Writes the spreadsheet template (graaf/sjablonen/): an Excel workbook and one CSV file per sheet.

    python -m graaf.imports.template

The example rows restate one activity of the shipped phase plan (Financiële educatie) with its
real source and section, marked "Voorbeeld": an example must not invent knowledge either. The
evidence level is left empty on purpose, to show that it then becomes 'onbekend'.
"""

import csv
import io
from datetime import datetime
from pathlib import Path

from graaf.imports.columns import SHEETS

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "sjablonen"
WORKBOOK = "kennisgraaf-sjabloon.xlsx"
_SECTION = "Hoofdstuk 3, 'Wat zijn we concreet aan het doen?'"
_CITATION = (
    "Alliantie van Kracht. Faseplan 2, augustus 2024 t/m augustus 2025. "
    "Hoofdstuk 3, 'Wat zijn we concreet aan het doen?'."
)

EXAMPLES: dict[str, list[dict[str, str]]] = {
    "interventies": [
        {
            "id": "voorbeeld-financiele-educatie",
            "soort": "persoonsgericht",
            "naam": "Voorbeeld: Financiële educatie",
            "naam_en": "Example: Financial education",
            "doel": "In heel Drenthe en Groningen inzetten op financiële educatie op basisscholen en "
            "middelbare scholen.",
            "doel_en": "Providing financial education in primary and secondary schools across Drenthe and Groningen.",
            "doelgroepen": "scholieren-po; scholieren-vo",
            "plaatsen": "PV22; PV20",
            "status": "lopend",
            "belasting": "onbekend",
            "bron": "faseplan-2",
            "sectie": _SECTION,
        }
    ],
    "effecten": [
        {
            "id": "voorbeeld-financiele-educatie-schulden",
            "interventie": "voorbeeld-financiele-educatie",
            "werkt_op": "schulden",
            "richting": "helpt",
            "soort": "beoogd",
            "herkomst": "interpretatie",
            "naam": "Voorbeeld: Financiële educatie helpt tegen schulden",
            "naam_en": "Example: Financial education helps against debts",
            "bron": "faseplan-2",
            "sectie": _SECTION,
        },
        {
            "id": "voorbeeld-financiele-educatie-economisch",
            "interventie": "voorbeeld-financiele-educatie",
            "werkt_op": "economisch",
            "richting": "helpt",
            "soort": "beoogd",
            "herkomst": "interpretatie",
            "naam": "Voorbeeld: Financiële educatie versterkt het economisch kapitaal",
            "naam_en": "Example: Financial education strengthens economic capital",
            "bron": "faseplan-2",
            "sectie": _SECTION,
        },
    ],
    "bewijs": [
        {
            "id": "voorbeeld-financiele-educatie-faseplan-2",
            "effect": "voorbeeld-financiele-educatie-schulden; voorbeeld-financiele-educatie-economisch",
            "kennisbron": "professioneel",
            "bewijsniveau": "",
            "studietype": "praktijkevaluatie",
            "naam": "Voorbeeld: een evaluatie van Financiële educatie",
            "naam_en": "Example: an evaluation of Financial education",
            "context": "Voorbeeld: zet hier wat de evaluatie zag. Een plan zelf is geen bewijs.",
            "verwijzing": _CITATION,
            "bron": "faseplan-2",
            "sectie": _SECTION,
        }
    ],
}


def rows(sheet: str) -> list[list[str]]:
    """Header and example rows of one sheet, in the column order of graaf.imports.columns."""
    headers = [c.header for c in SHEETS[sheet]]
    return [headers] + [[example.get(h, "") for h in headers] for example in EXAMPLES[sheet]]


def csv_text(sheet: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows(sheet))
    return out.getvalue()


def write_template(target: Path = TEMPLATE_DIR) -> list[Path]:
    """Write the CSV files and the workbook; returns the paths written."""
    import openpyxl
    from openpyxl.styles import Font

    target.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in SHEETS:
        path = target / f"{sheet}.csv"
        path.write_text(csv_text(sheet), encoding="utf-8")
        written.append(path)
    workbook = openpyxl.Workbook()
    explanation = workbook.active
    assert explanation is not None
    explanation.title = "uitleg"
    explanation.append(["blad", "kolom", "verplicht", "meer waarden (met ;)", "wat er in moet"])
    for sheet, columns in SHEETS.items():
        for column in columns:
            flags = ["ja" if column.required else "nee", "ja" if column.multi else "nee"]
            explanation.append([sheet, column.header, *flags, column.expected])
        data = workbook.create_sheet(sheet)
        for line in rows(sheet):
            data.append(line)
        for cell in data[1]:
            cell.font = Font(bold=True)
    for cell in explanation[1]:
        cell.font = Font(bold=True)
    path = target / WORKBOOK
    # A fixed time in the file's properties: writing the template again changes nothing needlessly.
    workbook.properties.created = workbook.properties.modified = datetime(2026, 11, 25)
    workbook.save(path)
    written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_template():
        print(written_path)
