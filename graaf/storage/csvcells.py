"""Text cells for CSV files that people open in a spreadsheet: never read as a formula.

Excel and LibreOffice treat a cell that starts with = + - @ (or a tab or carriage return before one)
as a formula. Names in the graph come from imports by editors, so a name such as
`=HYPERLINK("https://...")` would run in the spreadsheet of whoever downloads the CSV ("formula
injection", OWASP). Such a cell gets a leading apostrophe: the spreadsheet shows the text as text,
and a program sees that the value was changed. Numbers such as "-0.3" stay as they are, so pandas and
R still read them as numbers; IRIs never start with these characters and pass unchanged.
"""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def safe_cell(text: str) -> str:
    """`text` with an apostrophe in front when a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
