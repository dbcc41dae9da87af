"""The JSON-LD @context of the exports: short Dutch keys for the terms of the ontology.

The context is a file in the repository (ontologie/context.jsonld), served at a fixed address
(/def/context.jsonld) and written into every JSON-LD export in full. Our own code never fetches a
context over the network (see the notes on remote contexts); it reads this file. The file is made
from kern.ttl by `python -m graaf.export.context`, and a test checks that the two agree.

Keys: every class and property of kern: by its own (Dutch) local name; object properties take IRIs
as plain strings; text properties with a language (rdf:langString) take a map per language
({"nl": ..., "en": ...}). A few terms from other vocabularies that the data uses a lot get a Dutch key.
"""

import json
import sys
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ontologie.files import HERE, ONTOLOGY_FILE
from ontologie.namespaces import PREFIXES

CONTEXT_FILE: Path = HERE / "context.jsonld"
CONTEXT_PATH = "/def/context.jsonld"
MEDIA_TYPE = "application/ld+json"

_RDF = PREFIXES["rdf"]
_OWL = PREFIXES["owl"]
_KERN = PREFIXES["kern"]

# Terms from other vocabularies with a Dutch key: (key, IRI, kind), kind "iri", "taal" or "waarde".
_BORROWED: tuple[tuple[str, str, str], ...] = (
    ("naam", PREFIXES["rdfs"] + "label", "taal"),
    ("toelichting", PREFIXES["rdfs"] + "comment", "taal"),
    ("voorkeursnaam", PREFIXES["skos"] + "prefLabel", "taal"),
    ("andereNaam", PREFIXES["skos"] + "altLabel", "taal"),
    ("betekenis", PREFIXES["skos"] + "definition", "taal"),
    ("breder", PREFIXES["skos"] + "broader", "iri"),
    ("nauwer", PREFIXES["skos"] + "narrower", "iri"),
    ("inBegrippenkader", PREFIXES["skos"] + "inScheme", "iri"),
    ("hoofdbegripVan", PREFIXES["skos"] + "topConceptOf", "iri"),
    ("code", PREFIXES["skos"] + "notation", "waarde"),
    ("titel", PREFIXES["dcterms"] + "title", "taal"),
    ("beschrijving", PREFIXES["dcterms"] + "description", "taal"),
    ("bron", PREFIXES["dcterms"] + "source", "iri"),
    ("bronvermelding", PREFIXES["dcterms"] + "bibliographicCitation", "waarde"),
    ("licentie", PREFIXES["dcterms"] + "license", "iri"),
    ("toegeschrevenAan", PREFIXES["prov"] + "wasAttributedTo", "iri"),
    ("afgeleidVan", PREFIXES["prov"] + "wasDerivedFrom", "iri"),
    ("gemaaktOp", PREFIXES["prov"] + "generatedAtTime", "waarde"),
    ("webpagina", PREFIXES["foaf"] + "page", "iri"),
)


def build_context(ontology: Path = ONTOLOGY_FILE) -> dict[str, object]:
    """The context made from the ontology file: prefixes, borrowed terms, then kern's own terms by name."""
    kinds: dict[str, str] = {}
    ranges: dict[str, str] = {}
    for triple in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE):
        subject = triple.subject
        if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(_KERN):
            continue
        if triple.predicate.value == _RDF + "type" and isinstance(triple.object, ox.NamedNode):
            kind = {
                _OWL + "Class": "klasse",
                _OWL + "ObjectProperty": "iri",
                _OWL + "DatatypeProperty": "waarde",
            }.get(triple.object.value)
            if kind:
                kinds[subject.value] = kind
        elif triple.predicate.value == PREFIXES["rdfs"] + "range" and isinstance(triple.object, ox.NamedNode):
            ranges[subject.value] = triple.object.value
    context: dict[str, object] = {"@version": 1.1}
    context.update(dict(sorted(PREFIXES.items())))
    for key, iri, kind in _BORROWED:
        context[key] = _definition(iri, kind)
    for iri in sorted(kinds):
        kind = kinds[iri]
        if kind == "waarde" and ranges.get(iri) == _RDF + "langString":
            kind = "taal"
        key = iri[len(_KERN) :]
        if key in context:
            raise ValueError(f"Twee termen met de sleutel '{key}' in de JSON-LD-context.")
        context[key] = iri if kind == "klasse" else _definition(iri, kind)
    return context


def _definition(iri: str, kind: str) -> object:
    if kind == "iri":
        return {"@id": iri, "@type": "@id"}
    if kind == "taal":
        return {"@id": iri, "@container": "@language"}
    return {"@id": iri}


@lru_cache(maxsize=1)
def load_context() -> dict[str, object]:
    """The context as published (the file), for the JSON-LD writer."""
    document = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    context: dict[str, object] = document["@context"]
    return context


def context_document(context: dict[str, object]) -> str:
    return json.dumps({"@context": context}, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    """Write ontologie/context.jsonld from kern.ttl (run after changing the ontology)."""
    CONTEXT_FILE.write_text(context_document(build_context()), encoding="utf-8")
    print(f"{CONTEXT_FILE} geschreven.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
