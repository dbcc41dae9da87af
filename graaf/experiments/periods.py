"""Periods as statistics offices write them: a year (2024), a quarter (2024-Q3), a month (2024-05) or a day.

XSD has no quarter, so a quarter is kept as the plain string "2024-Q3" (the observation shape allows
exactly that pattern); years, months and days get their XSD datatype. Every period also has a first
and last day, so progress can be placed on a time line.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

XSD = "http://www.w3.org/2001/XMLSchema#"
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
EXPECTED = "een jaar (2024), kwartaal (2024-Q3), maand (2024-05) of datum (2024-05-13)"


@dataclass(frozen=True, order=True)
class Period:
    """One period; ordered by its first day, then its last (a year sorts before its first month)."""

    start: date
    end: date
    text: str
    datatype: str

    @property
    def middle(self) -> date:
        return date.fromordinal((self.start.toordinal() + self.end.toordinal()) // 2)


def parse_period(text: str) -> Period | None:
    """The period a text names, or None when it is not one of the four forms (or not a real date)."""
    text = text.strip()
    try:
        if found := _YEAR.match(text):
            year = int(found.group(1))
            return Period(date(year, 1, 1), date(year, 12, 31), text, XSD + "gYear")
        if found := _QUARTER.match(text):
            year, quarter = int(found.group(1)), int(found.group(2))
            first = 3 * quarter - 2
            last = date(year, first + 2, calendar.monthrange(year, first + 2)[1])
            return Period(date(year, first, 1), last, f"{year}-Q{quarter}", XSD + "string")
        if found := _MONTH.match(text):
            year, month = int(found.group(1)), int(found.group(2))
            return Period(
                date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), text, XSD + "gYearMonth"
            )
        if found := _DAY.match(text):
            day = date.fromisoformat(text)
            return Period(day, day, text, XSD + "date")
    except ValueError:
        return None
    return None


def period_bound(text: str, *, end: bool) -> date | None:
    """The first (or last) day of a begin/einde value: a date, a month or a year."""
    period = parse_period(text)
    if period is None:
        return None
    return period.end if end else period.start
