"""The SHACL shapes in validatie/shapes/: every shape is named, documented and tested, and the shipped graph conforms.

For every shape vorm:X there are three files in validatie/voorbeelden/: X-goed.ttl (no result at all, not even
a warning), X-fout.ttl and X-fout.json (exactly the expected results as focus node, source shape and severity).

Every validation gets the ontology and all concept schemes as ont_graph. pyshacl only copies class and
property axioms from ont_graph into the data graph (not the SKOS concepts, unless PYSHACL_USE_FULL_MIXIN is
set), so sh:class kern:Doelgroep would not see that doelgroep:gezin is a kern:Doelgroep. So the data graph
also holds kern.ttl and the concept schemes, as the store does. For an example that is kern.ttl plus the
schemes whose concepts the example mentions: the other schemes cannot change its results, and leaving them
out makes the 400 validations about three times faster. test_the_vocabulary_alone_conforms_without_any_result
checks all schemes together, and the shipped graph is validated whole.
"""

import json
import time
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from ontologie import CONCEPT_SCHEME_FILES, KERN, ONTOLOGY_FILE
from tests.conftest import REPO

SHAPES_DIR = REPO / "validatie" / "shapes"
EXAMPLES_DIR = REPO / "validatie" / "voorbeelden"
DATA_DIR = REPO / "graaf" / "data"
VORM = "https://data.alliantievankracht.nl/def/vormen#"
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

# Parameters whose value is a shape (or a list of shapes): such shapes are checked like any other.
SHAPE_VALUED = (SH.property, SH.node, SH.qualifiedValueShape, SH["not"])
SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)

Result = tuple[str, str, str]


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@cache
def ontology_graph() -> Graph:
    graph = Graph()
    for path in (ONTOLOGY_FILE, *CONCEPT_SCHEME_FILES):
        graph.parse(path, format="turtle")
    return graph


@cache
def vocabulary_parts() -> tuple[Graph, dict]:
    """kern.ttl alone, and for every concept (and scheme) IRI the graph of the concept-scheme file it is in."""
    kern = Graph().parse(ONTOLOGY_FILE, format="turtle")
    scheme_of = {}
    for path in CONCEPT_SCHEME_FILES:
        scheme = Graph().parse(path, format="turtle")
        for term in set(scheme.subjects()):
            scheme_of[term] = scheme
    return kern, scheme_of


def _all_shapes(shapes: Graph) -> set:
    """Every node that SHACL treats as a shape: declared, targeted, or used as the value of a shape parameter."""
    found = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    for target in TARGETS:
        found |= set(shapes.subjects(target, None))
    for parameter in SHAPE_VALUED:
        found |= set(shapes.objects(None, parameter))
    for parameter in SHAPE_LISTS:
        for head in shapes.objects(None, parameter):
            found |= set(Collection(shapes, head))
    return found


SHAPE_NAMES = sorted(str(s)[len(VORM) :] for s in _all_shapes(shapes_graph()) if str(s).startswith(VORM))


def _related(shapes: Graph, shape: URIRef) -> set[str]:
    """The shapes whose results an example of `shape` may show: the shape itself, the property shapes it holds,
    and, for a helper value shape, the shapes that use it."""
    related = {shape} | set(shapes.objects(shape, SH.property))
    for parameter in (SH.node, SH.qualifiedValueShape, SH["not"]):
        related |= set(shapes.subjects(parameter, shape))
    for parameter in SHAPE_LISTS:
        for user, head in shapes.subject_objects(parameter):
            if shape in Collection(shapes, head):
                related.add(user)
    return {str(s) for s in related}


def _results(report: Graph) -> set[Result]:
    return {
        (
            str(report.value(result, SH.focusNode)),
            str(report.value(result, SH.sourceShape)),
            SEVERITIES[report.value(result, SH.resultSeverity)],
        )
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }


def validate(data: Graph) -> tuple[bool, set[Result]]:
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        advanced=True,
        inference=None,
        allow_warnings=False,
    )
    return bool(conforms), _results(report)


def validate_example(path: Path) -> tuple[bool, set[Result]]:
    example = Graph().parse(path, format="turtle")
    return _validate_triples(frozenset(example))


@cache
def _validate_triples(triples: frozenset) -> tuple[bool, set[Result]]:
    # Many examples hold the same triples (helper and container shapes reuse the example of a shape they
    # serve; most good examples of one class are the same complete thing): validate each set once.
    kern, scheme_of = vocabulary_parts()
    data = Graph()
    data += kern
    schemes = {id(scheme_of[t]): scheme_of[t] for triple in triples for t in triple if t in scheme_of}
    for scheme in schemes.values():
        data += scheme
    for triple in triples:
        data.add(triple)
    return validate(data)


def _expected(name: str) -> set[Result]:
    rows = json.loads((EXAMPLES_DIR / f"{name}-fout.json").read_text(encoding="utf-8"))
    return {(row["focus"], row["shape"], row["severity"]) for row in rows}


def _show(results: set[Result]) -> str:
    return "\n".join(f"  {sev} {shape.removeprefix(VORM)} @ {focus}" for focus, shape, sev in sorted(results))


# ---------------------------------------------------------------------------------------------------------
# The examples
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_every_shape_has_an_example_pair(name: str) -> None:
    for suffix in ("-goed.ttl", "-fout.ttl", "-fout.json"):
        assert (EXAMPLES_DIR / f"{name}{suffix}").is_file(), f"validatie/voorbeelden/{name}{suffix} ontbreekt"


def test_every_example_belongs_to_a_shape() -> None:
    names = set(SHAPE_NAMES)
    orphans = sorted(
        p.name
        for p in EXAMPLES_DIR.iterdir()
        if p.name.rsplit("-", 1)[0] not in names or p.suffix not in {".ttl", ".json"}
    )
    assert orphans == []


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_good_example_conforms_without_any_result(name: str) -> None:
    conforms, results = validate_example(EXAMPLES_DIR / f"{name}-goed.ttl")
    assert results == set(), f"{name}-goed.ttl geeft meldingen:\n{_show(results)}"
    assert conforms


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_bad_example_gives_exactly_the_expected_results(name: str) -> None:
    expected = _expected(name)
    assert expected, f"{name}-fout.json verwacht geen enkele melding"
    conforms, results = validate_example(EXAMPLES_DIR / f"{name}-fout.ttl")
    assert results == expected, (
        f"{name}-fout.ttl\nverwacht:\n{_show(expected)}\nkregen:\n{_show(results)}\n"
        f"te veel:\n{_show(results - expected)}\nte weinig:\n{_show(expected - results)}"
    )
    assert not conforms  # allow_warnings=False: a warning or info also makes the report non-conforming


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_bad_example_is_about_its_shape(name: str) -> None:
    shapes = shapes_graph()
    related = _related(shapes, URIRef(VORM + name))
    reported = {shape for _, shape, _ in _expected(name)}
    assert reported & related, f"{name}-fout.json noemt {sorted(reported)}, niet {name} of een vorm die erbij hoort"
    for _, shape, severity in _expected(name):
        assert SEVERITIES[shapes.value(URIRef(shape), SH.severity)] == severity, shape


# ---------------------------------------------------------------------------------------------------------
# The shapes themselves
# ---------------------------------------------------------------------------------------------------------


def test_every_shape_is_a_named_iri_in_the_vormen_namespace() -> None:
    shapes = shapes_graph()
    unnamed = [s for s in _all_shapes(shapes) if isinstance(s, BNode) or not str(s).startswith(VORM)]
    assert unnamed == []
    untyped = [
        s
        for s in _all_shapes(shapes)
        if (s, RDF.type, SH.NodeShape) not in shapes and (s, RDF.type, SH.PropertyShape) not in shapes
    ]
    assert untyped == []
    assert len(SHAPE_NAMES) > 150


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_shape_has_name_messages_and_severity(name: str) -> None:
    shapes = shapes_graph()
    shape = URIRef(VORM + name)
    severities = list(shapes.objects(shape, SH.severity))
    assert len(severities) == 1 and severities[0] in SEVERITIES, f"{name}: sh:severity {severities}"
    for predicate in (SH.message, SH.name):
        values = list(shapes.objects(shape, predicate))
        assert all(isinstance(v, Literal) for v in values)
        languages = sorted(v.language or "" for v in values)
        assert languages == ["en", "nl"], f"{name}: {predicate.n3()} in {languages}, niet één @nl en één @en"
    for message in shapes.objects(shape, SH.message):
        text = str(message)
        assert text[0].isupper() and text.endswith("."), f"{name}: {text!r}"
        assert text == text.strip() and "\n" not in text


def test_severity_and_messages_only_on_shapes() -> None:
    shapes = shapes_graph()
    named = _all_shapes(shapes)
    for predicate in (SH.severity, SH.message):
        misplaced = sorted(str(s) for s in shapes.subjects(predicate, None) if s not in named)
        assert misplaced == [], predicate


def test_no_imports_and_no_made_up_shacl_terms() -> None:
    shapes = shapes_graph()
    assert not list(shapes.triples((None, OWL.imports, None)))
    assert not list(shapes.triples((None, URIRef(str(SH) + "shape"), None)))
    shacl = Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl.ttl", format="turtle")
    known = set(shacl.subjects())
    unknown = sorted({str(t) for triple in shapes for t in triple if str(t).startswith(str(SH)) and t not in known})
    assert unknown == []


def test_sparql_constraints_declare_their_prefixes() -> None:
    shapes = shapes_graph()
    for node in set(shapes.subjects(SH.select, None)):
        assert shapes.value(node, SH.prefixes) == URIRef("https://data.alliantievankracht.nl/def/vormen"), node
        query = str(shapes.value(node, SH.select)).upper()
        for forbidden in ("VALUES", "MINUS", "SERVICE"):
            assert forbidden not in query.split(), (node, forbidden)


def test_shapes_conform_to_shacl_for_shacl() -> None:
    # pyshacl ships the W3C "SHACL for SHACL" shapes graph (shacl-shacl.ttl).
    shacl_shacl = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    assert shacl_shacl.is_file()
    conforms, _, text = pyshacl.validate(
        shapes_graph(), shacl_graph=Graph().parse(shacl_shacl, format="turtle"), inference=None
    )
    assert conforms, text


def test_every_class_of_the_ontology_has_its_label_rule() -> None:
    shapes, ontology = shapes_graph(), ontology_graph()
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KERN))}
    label_rules = {URIRef(VORM + "Label-nl"), URIRef(VORM + "Begrip-voorkeursterm-nl")}
    covered = {
        c
        for holder in shapes.subjects(SH.property, None)
        if set(shapes.objects(holder, SH.property)) & label_rules
        for c in shapes.objects(holder, SH.targetClass)
    }
    assert len(classes) > 40
    assert sorted(str(c) for c in classes - covered) == []
    concept_classes = {c for c in classes if (c, RDFS.subClassOf, SKOS.Concept) in ontology}
    assert concept_classes <= set(shapes.objects(URIRef(VORM + "Begrip"), SH.targetClass))


# ---------------------------------------------------------------------------------------------------------
# The shipped graph
# ---------------------------------------------------------------------------------------------------------


def test_the_vocabulary_alone_conforms_without_any_result() -> None:
    data = Graph()
    data += ontology_graph()
    conforms, results = validate(data)
    assert results == set(), _show(results)
    assert conforms


def test_the_shipped_graph_conforms(record_property) -> None:
    data_files = sorted(DATA_DIR.glob("*.ttl"))
    data = Graph()
    data += ontology_graph()
    for path in data_files:
        data.parse(path, format="turtle")
    start = time.perf_counter()
    conforms, results = validate(data)
    seconds = time.perf_counter() - start
    counts = {sev: sum(1 for r in results if r[2] == sev) for sev in SEVERITIES.values()}
    summary = (
        f"shipped graph ({len(data_files)} data files, {len(data)} triples): {counts['Violation']} violations, "
        f"{counts['Warning']} warnings, {counts['Info']} infos in {seconds:.1f} s"
    )
    print(summary)
    record_property("validatie", summary)
    violations = {r for r in results if r[2] == "Violation"}
    assert violations == set(), f"{summary}\n{_show(violations)}"
    warnings = {r for r in results if r[2] == "Warning"}
    assert warnings == set(), f"{summary}\n{_show(warnings)}"
    # The only notes allowed: an intended effect that no evidence supports yet (a plan may not fill that
    # gap). Anything else, or such a note on a side effect, is a defect in the shipped data.
    notes = {r for r in results if r[2] == "Info"}
    assert {str(r[1]).rsplit("#", 1)[-1] for r in notes} <= {"Effect-bewijs"}, _show(notes)
    beoogd = URIRef("https://data.alliantievankracht.nl/id/effectsoort/beoogd")
    soort = URIRef("https://data.alliantievankracht.nl/def/kern#effectsoort")
    assert all((URIRef(r[0]), soort, beoogd) in data for r in notes), _show(notes)
    assert conforms or notes
