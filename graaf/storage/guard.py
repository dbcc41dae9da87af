"""Refuse SPARQL that would make the server fetch from the network, or crash the engine that parses it.

Oxigraph runs SERVICE and LOAD by fetching the remote IRI, and has no switch to turn that off.
So we look for those keywords ourselves, with the lexer in graaf.storage.sparql_text: it skips strings,
IRIs, comments, variables and prefixed names (escapes included), where the words are harmless.

Oxigraph's SPARQL parser is recursive: 10,000 nested groups overflow its stack and kill the process
that parses it (measured, issue 18). The lexer is not recursive, so it measures the nesting first.
"""

from graaf.storage.errors import QuerySyntaxError, RefusedOperation
from graaf.storage.sparql_text import tokens

# Deepest nesting of { ( [ a query or update may have. Real queries stay under ten; Oxigraph parsed
# 1,000 in a test and crashed at 10,000, so this leaves a wide margin on both sides.
MAX_NESTING = 100
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")


def refuse_deep_nesting(sparql: str) -> None:
    """Raise QuerySyntaxError when brackets nest deeper than MAX_NESTING."""
    depth = deepest = 0
    for token in tokens(sparql):
        if token.kind != "punct":
            continue
        if token.text in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif token.text in _CLOSE:
            depth = max(0, depth - 1)
    if deepest > MAX_NESTING:
        raise QuerySyntaxError(
            f"De query is {deepest} lagen diep genest (met {{ }}, ( ) of [ ]). Deze server neemt er hoogstens "
            f"{MAX_NESTING}. Maak de query minder diep."
        )


def network_keywords(sparql: str) -> list[str]:
    """The network-reaching keywords (upper case) that the query or update really uses."""
    return sorted({t.text.upper() for t in tokens(sparql) if t.is_word("SERVICE", "LOAD")})


def refuse_network_access(sparql: str) -> None:
    """Raise RefusedOperation when the text uses SERVICE or LOAD (QuerySyntaxError when nested too deep)."""
    refuse_deep_nesting(sparql)
    found = network_keywords(sparql)
    if found:
        raise RefusedOperation(
            f"Deze server haalt geen gegevens van buiten op: {' en '.join(found)} is niet toegestaan."
        )
