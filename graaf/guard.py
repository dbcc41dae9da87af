"""Refuse SPARQL that would make the server fetch from the network.

Oxigraph runs SERVICE and LOAD by fetching the remote IRI, and has no switch to turn that off.
So we look for those keywords ourselves, with the lexer in graaf.sparql_text: it skips strings,
IRIs, comments, variables and prefixed names (escapes included), where the words are harmless.
"""

from graaf.errors import RefusedOperation
from graaf.sparql_text import tokens


def network_keywords(sparql: str) -> list[str]:
    """The network-reaching keywords (upper case) that the query or update really uses."""
    return sorted({t.text.upper() for t in tokens(sparql) if t.is_word("SERVICE", "LOAD")})


def refuse_network_access(sparql: str) -> None:
    """Raise RefusedOperation when the text uses SERVICE or LOAD."""
    found = network_keywords(sparql)
    if found:
        raise RefusedOperation(
            f"Deze server haalt geen gegevens van buiten op: {' en '.join(found)} is niet toegestaan."
        )
