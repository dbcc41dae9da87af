"""SHACL-SPARQL constraints, run by Oxigraph once per rule instead of by pyshacl once per node.

pyshacl parses and evaluates a SPARQL constraint's query again for every focus node, with rdflib's
engine: on the shipped graph that alone took over ten seconds. Here each rule becomes one query over
all its targets at once: the rule's own SELECT (which projects $this) joined with its targets.
The shape examples in validatie/voorbeelden check that this gives the same results as SHACL says.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Identifier

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class SparqlRule:
    shape: str
    query: str
    severity: str
    messages: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleResult:
    rule: SparqlRule
    focus: ox.NamedNode | ox.BlankNode
    path: str | None
    value: str | None


def _prefixes(shapes: Graph, *nodes: Identifier) -> str:
    lines = []
    for holder in (h for node in nodes for h in shapes.objects(node, SH.prefixes)):
        for declaration in shapes.objects(holder, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def _targets(shapes: Graph, shape: Identifier) -> list[str]:
    """Graph patterns that bind ?this to the shape's focus nodes (or its parents' for a property shape)."""
    patterns = [f"{{ ?this a/<{RDFS.subClassOf}>* <{c}> }}" for c in shapes.objects(shape, SH.targetClass)]
    patterns += [f"{{ ?this <{p}> ?any }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    patterns += [f"{{ ?any <{p}> ?this }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    patterns += [f"{{ VALUES ?this {{ <{n}> }} }}" for n in shapes.objects(shape, SH.targetNode)]
    for target in shapes.objects(shape, SH.target):
        if (target, RDF.type, SH.SPARQLTarget) in shapes:
            patterns.append(f"{{ {shapes.value(target, SH.select)} }}")
    if (shape, RDF.type, SH.NodeShape) in shapes and (shape, RDF.type, RDFS.Class) in shapes:
        patterns.append(f"{{ ?this a/<{RDFS.subClassOf}>* <{shape}> }}")
    for parent in shapes.subjects(SH.property, shape):
        patterns += _targets(shapes, parent)
    return patterns


def _messages(shapes: Graph, *holders: Identifier) -> dict[str, str]:
    for holder in holders:
        found = {m.language or "nl": str(m) for m in shapes.objects(holder, SH.message) if isinstance(m, Literal)}
        if found:
            return found
    return {}


def split(shapes: Graph) -> tuple[Graph, list[SparqlRule]]:
    """The shapes without their SPARQL constraints (for pyshacl), and those constraints as rules."""
    core = Graph()
    for triple in shapes:
        core.add(triple)
    rules = []
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        core.remove((shape, SH.sparql, constraint))
        select = str(shapes.value(constraint, SH.select))
        targets = _targets(shapes, shape)
        if not targets:
            continue
        prefixes = _prefixes(shapes, constraint, *shapes.objects(shape, SH.target))
        query = f"{prefixes}\nSELECT DISTINCT * WHERE {{\n  {' UNION '.join(targets)}\n  {{ {select} }}\n}}"
        severity = SEVERITIES.get(shapes.value(shape, SH.severity), "Violation")  # type: ignore[arg-type]
        rules.append(SparqlRule(str(shape), query, severity, _messages(shapes, constraint, shape)))
    return core, sorted(rules, key=lambda r: r.shape)


def run(rules: list[SparqlRule], query: Callable[[str], object]) -> list[RuleResult]:
    """Every rule over the data that `query` answers from (all graphs together as one)."""
    results = []
    for rule in rules:
        solutions = query(rule.query)
        names = {v.value for v in solutions.variables}  # type: ignore[union-attr]
        for row in solutions:  # type: ignore[union-attr]
            path = row["path"] if "path" in names else None
            value = row["value"] if "value" in names else None
            results.append(
                RuleResult(
                    rule,
                    row["this"],
                    path.value if isinstance(path, ox.NamedNode) else None,
                    None if value is None else value.value,
                )
            )
    return results
