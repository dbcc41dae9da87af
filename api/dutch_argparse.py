"""Dutch texts for argparse's own messages (usage, errors), so the whole CLI speaks Dutch.

argparse looks its texts up through gettext; the Dutch catalogue is not installed on most
machines, so we hand argparse a small translation table of its own messages instead.
"""

import argparse
import re

_EXACT = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "expected one argument": "verwacht één waarde",
    "invalid %(type)s value: %(value)r": "ongeldige waarde voor %(type)s: %(value)r",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": ("ongeldige keuze: %(value)r (kies uit %(choices)s)"),
}


def _translate(message: str) -> str:
    return _EXACT.get(message, message)


def install() -> None:
    """Make argparse use the Dutch texts (process-wide; only the CLI entry point calls this)."""
    argparse._ = _translate  # type: ignore[attr-defined]


def looks_dutch(text: str) -> bool:
    """For tests: argparse output without its English keywords."""
    return not re.search(r"\b(usage|error|required|options)\b", text)
