"""Each quality check finds exactly the defect it is meant for, and the shipped ontology passes all."""

import pytest

from graaf import Store
from validatie.quality import PROFILE, RULE_BASE, quality_report

KERN = "https://data.alliantievankracht.nl/def/kern#"
ID = "https://data.alliantievankracht.nl/id/"
PREFIXES = f"""PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX kern: <{KERN}>
PREFIX id: <{ID}>
"""
GOOD_CLASS = """kern:Goed a owl:Class ; rdfs:subClassOf kern:Ander ;
  rdfs:label "goed"@nl, "good"@en ; skos:definition "Een goed ding."@nl, "A good thing."@en .
kern:Ander a owl:Class ; rdfs:label "ander"@nl, "other"@en ;
  skos:definition "Een ander ding."@nl, "Another thing."@en ."""

CASES = {
    "ontbrekend-label": ('kern:X a owl:Class ; rdfs:label "x"@nl ; rdfs:subClassOf kern:Ander .', KERN + "X"),
    "ontbrekende-definitie": (
        'kern:X a owl:Class ; rdfs:subClassOf kern:Ander ; rdfs:label "x"@nl, "x"@en ; skos:definition "X."@nl .',
        KERN + "X",
    ),
    "domein-of-bereik-ontbreekt": ("kern:p a owl:ObjectProperty ; rdfs:domain kern:Ander .", KERN + "p"),
    "weesklasse": ("kern:Wees a owl:Class .", KERN + "Wees"),
    "onbekende-term": ("id:ding-a kern:nietBestaand id:ding-b .", KERN + "nietBestaand"),
    "broader-cyclus": ("id:c-a skos:broader id:c-b . id:c-b skos:broader id:c-a .", ID + "c-a"),
    "dubbel-voorkeurslabel": (
        'id:c-a skos:inScheme id:s ; skos:prefLabel "zelfde"@nl .'
        ' id:c-b skos:inScheme id:s ; skos:prefLabel "zelfde"@nl .',
        ID + "c-a",
    ),
    "label-witruimte": ('id:c-a skos:prefLabel " spatie"@nl .', ID + "c-a"),
}


def _store(turtle: str) -> Store:
    store = Store()
    store.update(f"{PREFIXES} INSERT DATA {{ GRAPH <urn:test> {{ {GOOD_CLASS} {turtle} }} }}")
    return store


def test_every_check_has_a_case() -> None:
    assert sorted(CASES) == sorted(c.name for c in PROFILE)


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_finds_its_defect(name: str) -> None:
    turtle, entity = CASES[name]
    found = {(f.shape, f.focus) for f in quality_report(_store(turtle)).findings}
    assert (RULE_BASE + name, entity) in found
    assert not {f for f in quality_report(_store("")).findings}


def test_shipped_vocabulary_and_data_pass(shipped_store: Store) -> None:
    report = quality_report(shipped_store)
    assert [(f.shape, f.focus, f.value) for f in report.findings] == []
