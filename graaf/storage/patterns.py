"""SPARQL fragments that several readers of the graph share, so a new kind of intervention is added once.

Written with full IRIs, so a fragment works in a query with or without the usual PREFIX lines.
"""

from collections.abc import Iterable

import pyoxigraph as ox

from ontologie.namespaces import KERN

# The two kinds of intervention the ontology knows: for people, and for the field (a network activity).
INTERVENTION_CLASSES = (str(KERN.PersoonsgerichteInterventie), str(KERN.Netwerkactiviteit))


def any_intervention(variable: str) -> str:
    """A pattern that binds `?variable` to every intervention of either kind.

    VALUES rather than a UNION of two type patterns: Oxigraph then reads each class's members once."""
    classes = " ".join(f"<{iri}>" for iri in INTERVENTION_CLASSES)
    return f"?{variable} a ?{variable}_soort . VALUES ?{variable}_soort {{ {classes} }}"


def values_clause(variable: str, iris: Iterable[str]) -> str:
    """`VALUES ?variable { <iri> ... }` for IRIs taken from the graph itself, never from free text; sorted, so
    the same IRIs give the same text, and written by pyoxigraph in valid, escaped syntax."""
    return f"VALUES ?{variable} {{ " + " ".join(str(ox.NamedNode(iri)) for iri in sorted(iris)) + " } "
