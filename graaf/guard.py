"""Refuse SPARQL that would make the server fetch from the network.

Oxigraph runs SERVICE and LOAD by fetching the remote IRI, and has no switch to turn that off.
So we look for those keywords ourselves, after blanking out everything in which the words may
appear harmlessly (strings, IRIs, comments, variables and prefixed names).
"""

import re

from graaf.errors import RefusedOperation

_HARMLESS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"  # IRIs
    r"|#[^\n]*"  # comments
    r"|[?$][\w]+"  # variables
    r"|[\w.-]*:[\w.:%-]*",  # prefixed names and prefix declarations
    re.UNICODE,
)
_NETWORK_KEYWORDS = re.compile(r"\b(SERVICE|LOAD)\b", re.IGNORECASE)


def network_keywords(sparql: str) -> list[str]:
    """The network-reaching keywords (upper case) that the query or update really uses."""
    scrubbed = _HARMLESS.sub(" ", sparql)
    return sorted({m.group(1).upper() for m in _NETWORK_KEYWORDS.finditer(scrubbed)})


def refuse_network_access(sparql: str) -> None:
    """Raise RefusedOperation when the text uses SERVICE or LOAD."""
    found = network_keywords(sparql)
    if found:
        raise RefusedOperation(
            f"Deze server haalt geen gegevens van buiten op: {' en '.join(found)} is niet toegestaan."
        )
