"""The ontology and its concept schemes: parse, are complete in Dutch and English, and are consistent."""

from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from graaf.storage.shipped import shipped_files
from ontologie import CONCEPT_SCHEME_FILES, KERN, KERN_ONTOLOGY, ONTOLOGY_FILE
from ontologie.reasoning import check_consistency, declared_terms

VANN = "http://purl.org/vocab/vann/"
OWN = str(KERN)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def schemes() -> Graph:
    graph = Graph()
    for path in CONCEPT_SCHEME_FILES:
        graph.parse(path, format="turtle")
    return graph


def _langs(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return sorted(o.language or "" for o in graph.objects(subject, predicate) if isinstance(o, Literal))


def test_header_metadata(ontology: Graph) -> None:
    onto = URIRef(KERN_ONTOLOGY)
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert _langs(ontology, onto, DCTERMS.title) == ["en", "nl"]
    assert _langs(ontology, onto, DCTERMS.description) == ["en", "nl"]
    assert isinstance(ontology.value(onto, DCTERMS.license), URIRef)
    version = ontology.value(onto, OWL.versionIRI)
    assert version is not None and version != onto
    for predicate in (OWL.versionInfo, DCTERMS.creator, DCTERMS.created):
        assert ontology.value(onto, predicate) is not None, predicate
    assert str(ontology.value(onto, URIRef(VANN + "preferredNamespaceUri"))) == OWN
    assert str(ontology.value(onto, URIRef(VANN + "preferredNamespacePrefix"))) == "kern"


def test_every_term_has_one_label_and_definition_per_language(ontology: Graph) -> None:
    terms = declared_terms(ontology, OWN)
    assert len(terms) > 60
    problems = [
        (str(t), p) for t in terms for p in (RDFS.label, SKOS.definition) if _langs(ontology, t, p) != ["en", "nl"]
    ]
    assert problems == []


def test_every_property_has_domain_and_range(ontology: Graph) -> None:
    properties = [
        s
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
        if str(s).startswith(OWN)
    ]
    assert len(properties) > 40
    missing = [str(p) for p in properties if not (ontology.value(p, RDFS.domain) and ontology.value(p, RDFS.range))]
    assert missing == []


def test_no_statements_about_other_vocabularies(ontology: Graph) -> None:
    foreign = {
        (str(s), str(p))
        for s, p, o in ontology
        if isinstance(s, URIRef)
        and not str(s).startswith("https://data.alliantievankracht.nl/")
        and not (p == RDF.type and o == OWL.Class)
    }
    assert foreign == set()


def test_labels_and_definitions_are_clean(ontology: Graph, schemes: Graph) -> None:
    predicates = (RDFS.label, SKOS.definition, SKOS.prefLabel)
    bad = [
        str(o)
        for graph in (ontology, schemes)
        for predicate in predicates
        for o in graph.objects(None, predicate)
        if str(o) != str(o).strip() or "\n" in str(o) or "http" in str(o)
    ]
    assert bad == []
    lowercase_definitions = [str(o) for o in ontology.objects(None, SKOS.definition) if not str(o)[0].isupper()]
    assert lowercase_definitions == []


def test_concepts_are_complete(schemes: Graph) -> None:
    concepts = set(schemes.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 50
    for concept in concepts:
        assert _langs(schemes, concept, SKOS.prefLabel) == ["en", "nl"], concept
        assert _langs(schemes, concept, SKOS.definition) == ["en", "nl"], concept
        scheme = schemes.value(concept, SKOS.inScheme)
        assert scheme is not None and (scheme, RDF.type, SKOS.ConceptScheme) in schemes, concept
        is_top = schemes.value(concept, SKOS.topConceptOf) is not None
        has_broader = schemes.value(concept, SKOS.broader) is not None
        assert is_top != has_broader, concept


def test_schemes_have_titles_and_no_duplicate_labels(schemes: Graph) -> None:
    for scheme in schemes.subjects(RDF.type, SKOS.ConceptScheme):
        assert _langs(schemes, scheme, DCTERMS.title) == ["en", "nl"], scheme
        labels = Counter(
            (str(label), label.language)
            for concept in schemes.subjects(SKOS.inScheme, scheme)
            for label in schemes.objects(concept, SKOS.prefLabel)
        )
        assert [k for k, n in labels.items() if n > 1] == [], scheme


def test_no_broader_cycles(schemes: Graph) -> None:
    cycles = schemes.query("ASK { ?c <http://www.w3.org/2004/02/skos/core#broader>+ ?c }")
    assert not cycles.askAnswer


def test_evidence_scale_has_onbekend_at_the_bottom(schemes: Graph) -> None:
    base = "https://data.alliantievankracht.nl/id/bewijsniveau/"
    ranks = {str(s)[len(base) :]: int(o) for s, o in schemes.subject_objects(KERN.rang) if str(s).startswith(base)}
    assert ranks == {
        "onbekend": 0,
        "goed-beschreven": 1,
        "goed-onderbouwd": 2,
        "effectief-eerste-aanwijzingen": 3,
        "effectief-goede-aanwijzingen": 4,
        "effectief-sterke-aanwijzingen": 5,
    }


def test_capital_forms_are_the_five_of_the_plan(schemes: Graph) -> None:
    capital = set(schemes.subjects(RDF.type, KERN.Kapitaalvorm))
    names = sorted(str(c).rsplit("/", 1)[1] for c in capital)
    assert names == ["cultureel", "economisch", "mentaal", "pedagogisch", "sociaal"]


def test_no_undeclared_kern_term_in_shipped_files(ontology: Graph) -> None:
    declared = declared_terms(ontology, OWN)
    used: set[URIRef] = set()
    for shipped in shipped_files():
        graph = Graph().parse(shipped.path, format="turtle")
        for s, p, o in graph:
            used.update(t for t in (s, p, o) if isinstance(t, URIRef) and str(t).startswith(OWN))
    assert sorted(str(t) for t in used - declared) == []


def test_ontology_schemes_and_data_are_consistent_with_hermit() -> None:
    report = check_consistency(f.path for f in shipped_files())
    assert report.consistent, report.message or report.unsatisfiable_classes


def test_hermit_detects_an_inconsistency(tmp_path) -> None:
    # Guard against a check that always says yes: a thing both Interventie and Effect must fail.
    bad = tmp_path / "fout.ttl"
    bad.write_text(
        f"<https://data.alliantievankracht.nl/id/interventie/x> a <{OWN}Interventie>, <{OWN}Effect> .\n",
        encoding="utf-8",
    )
    report = check_consistency([ONTOLOGY_FILE, bad])
    assert not report.consistent
