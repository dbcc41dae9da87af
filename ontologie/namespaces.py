"""IRIs of the vocabulary, following the Dutch URI strategy (/def/ for terms, /id/ for things).

The /def/ namespace is fixed: it names the ontology and must stay stable even when a deployment
publishes its data under another base. Only /id/ IRIs follow the configured base.
"""

from rdflib import Namespace

DEFAULT_BASE = "https://data.alliantievankracht.nl/"
KERN_ONTOLOGY = DEFAULT_BASE + "def/kern"
KERN = Namespace(KERN_ONTOLOGY + "#")

PREFIXES: dict[str, str] = {
    "kern": str(KERN),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sosa": "http://www.w3.org/ns/sosa/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}


def id_base(base: str = DEFAULT_BASE) -> str:
    """The prefix under which things, concepts and graphs are named for a given base."""
    return base.rstrip("/") + "/id/"


def sparql_prefixes() -> str:
    """PREFIX lines for every prefix above, for query editors and the README's examples."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
