"""The dataset description at a well-known address: VoID and DCAT in one graph.

What it says: title, description, licence, version, issued and modified, publisher, triples per
graph (a VoID subset per named graph), example resources, the SPARQL endpoint, download links in
every format, and the versions (each a dataset of its own, with its download and SHA-256).
Dates come from the graph itself (prov:generatedAtTime of the shipped graphs) and from the versions;
nothing is made up. Built from terms, not from a text template: the server's address comes from the
request and must not be able to change the structure.
"""

from dataclasses import dataclass

import pyoxigraph as ox

from graaf.export.versions import Version
from graaf.storage.formats import RDF_FORMATS
from graaf.storage.store import Store
from ontologie.namespaces import PREFIXES, id_base

VOID = "http://rdfs.org/ns/void#"
DCAT = PREFIXES["dcat"]
DCT = PREFIXES["dcterms"]
XSD = PREFIXES["xsd"]
SPDX = "http://spdx.org/rdf/terms#"
FOAF = PREFIXES["foaf"]
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DESCRIPTION_PREFIXES = {"void": VOID, "dcat": DCAT, "dcterms": DCT, "xsd": XSD, "spdx": SPDX, "foaf": FOAF}
WELL_KNOWN = "/.well-known/void"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
NETWORK_FORMATS = (("graphml", "application/graphml+xml"), ("gexf", "application/gexf+xml"))

_TITLE = ("Kennisgraaf Generatiearmoede", "Knowledge Graph on Intergenerational Poverty")
_TEXT = (
    "Wat de Alliantie van Kracht weet over armoede die van generatie op generatie wordt doorgegeven in de "
    "Drents-Groningse Veenkoloniën: mechanismen, kapitaalvormen, interventies, hun effecten en het bewijs, "
    "elk feit met een bron.",
    "What the Alliantie van Kracht network knows about poverty passed on from generation to generation in the "
    "peat colonies of Groningen and Drenthe: mechanisms, forms of capital, interventions, their effects and the "
    "evidence, every fact with its source.",
)
_DATES = """
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT (MIN(?d) AS ?eerste) (MAX(?d) AS ?laatste) WHERE { ?g prov:generatedAtTime ?d }
"""
_EXAMPLES = """
PREFIX kern: <https://data.alliantievankracht.nl/def/kern#>
SELECT DISTINCT ?item WHERE {
  { ?item a kern:Netwerkactiviteit } UNION { ?item a kern:PersoonsgerichteInterventie }
  UNION { ?item a kern:Mechanisme }
} ORDER BY ?item LIMIT 3
"""


@dataclass(frozen=True)
class Site:
    """Where this server is reached (from the request), and the base of the data's IRIs."""

    url: str
    base_iri: str


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _text(value: str, lang: str) -> ox.Literal:
    return ox.Literal(value, language=lang)


def dataset_iri(base_iri: str) -> str:
    return id_base(base_iri) + "dataset/kennisgraaf"


def describe(store: Store, site: Site, versions: list[Version]) -> list[ox.Triple]:
    """The description as triples."""
    me = _n(dataset_iri(site.base_iri))
    a = _n(PREFIXES["rdf"] + "type")
    counts = store.counts()
    triples = [
        ox.Triple(me, a, _n(VOID + "Dataset")),
        ox.Triple(me, a, _n(DCAT + "Dataset")),
        *[ox.Triple(me, _n(DCT + "title"), _text(t, lang)) for t, lang in zip(_TITLE, ("nl", "en"), strict=True)],
        *[ox.Triple(me, _n(DCT + "description"), _text(t, lang)) for t, lang in zip(_TEXT, ("nl", "en"), strict=True)],
        ox.Triple(me, _n(DCT + "license"), _n(LICENCE)),
        ox.Triple(me, _n(DCT + "publisher"), _n(id_base(site.base_iri) + "organisatie/kennisgraaf-redactie")),
        ox.Triple(me, _n(DCT + "language"), _n("http://id.loc.gov/vocabulary/iso639-1/nl")),
        ox.Triple(me, _n(VOID + "triples"), _integer(sum(counts.values()))),
        ox.Triple(me, _n(VOID + "sparqlEndpoint"), _n(site.url + "/sparql")),
        ox.Triple(me, _n(VOID + "uriSpace"), ox.Literal(id_base(site.base_iri))),
        ox.Triple(me, _n(VOID + "vocabulary"), _n(PREFIXES["kern"])),
        ox.Triple(me, _n(FOAF + "page"), _n(site.url + "/")),
        ox.Triple(me, _n(DCAT + "version"), ox.Literal(versions[-1].naam if versions else "werkversie")),
    ]
    triples += _dates(store, me, versions)
    triples += [ox.Triple(me, _n(VOID + "exampleResource"), _n(row["item"])) for row in store.values(_EXAMPLES)]
    triples += _subsets(me, counts)
    triples += _distributions(me, site)
    triples += _service(me, site)
    for version in versions:
        triples += _version(me, site, version)
    return triples


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


def _date(value: str) -> ox.Literal:
    kind = "dateTime" if "T" in value else "date"
    return ox.Literal(value, datatype=_n(XSD + kind))


def _dates(store: Store, me: ox.NamedNode, versions: list[Version]) -> list[ox.Triple]:
    rows = store.values(_DATES)
    first = rows[0].get("eerste") if rows else None
    last = rows[0].get("laatste") if rows else None
    triples = []
    if first:
        triples.append(ox.Triple(me, _n(DCT + "issued"), _date(first)))
    modified = versions[-1].gemaakt if versions else last
    if modified:
        triples.append(ox.Triple(me, _n(DCT + "modified"), _date(modified)))
    return triples


def _subsets(me: ox.NamedNode, counts: dict[str, int]) -> list[ox.Triple]:
    triples = []
    for graph, count in sorted(counts.items()):
        if graph == "default":
            continue
        subset = _n(graph)
        triples += [
            ox.Triple(me, _n(VOID + "subset"), subset),
            ox.Triple(subset, _n(PREFIXES["rdf"] + "type"), _n(VOID + "Dataset")),
            ox.Triple(subset, _n(VOID + "triples"), _integer(count)),
        ]
    return triples


def download_links(url: str) -> list[tuple[str, str, str]]:
    """(format name, media type, download address) for every export of the whole graph."""
    links = [(f.name, f.media_type, f"{url}/export/kennisgraaf.{f.extension}") for f in RDF_FORMATS]
    links += [(name, media, f"{url}/export/kennisgraaf.{name}") for name, media in NETWORK_FORMATS]
    return links


def _distributions(me: ox.NamedNode, site: Site) -> list[ox.Triple]:
    a = _n(PREFIXES["rdf"] + "type")
    triples = []
    for name, media, link in download_links(site.url):
        node = _n(link)
        triples += [
            ox.Triple(me, _n(DCAT + "distribution"), node),
            ox.Triple(node, a, _n(DCAT + "Distribution")),
            ox.Triple(node, _n(DCAT + "downloadURL"), node),
            ox.Triple(node, _n(DCAT + "mediaType"), _n(MEDIA_TYPES + media)),
            ox.Triple(node, _n(DCT + "title"), ox.Literal(f"Kennisgraaf als {name}", language="nl")),
            ox.Triple(node, _n(DCT + "license"), _n(LICENCE)),
        ]
        if name == "nquads":
            triples.append(ox.Triple(me, _n(VOID + "dataDump"), node))
    return triples


def _service(me: ox.NamedNode, site: Site) -> list[ox.Triple]:
    service = _n(site.url + "/sparql")
    a = _n(PREFIXES["rdf"] + "type")
    return [
        ox.Triple(service, a, _n(DCAT + "DataService")),
        ox.Triple(service, _n(DCAT + "endpointURL"), service),
        ox.Triple(service, _n(DCAT + "servesDataset"), me),
        ox.Triple(service, _n(DCT + "conformsTo"), _n("https://www.w3.org/TR/sparql11-protocol/")),
    ]


def _version(me: ox.NamedNode, site: Site, version: Version) -> list[ox.Triple]:
    a = _n(PREFIXES["rdf"] + "type")
    node = _n(f"{dataset_iri(site.base_iri)}/versie/{version.naam}")
    download = _n(f"{site.url}/versies/{version.naam}")
    checksum = ox.BlankNode()
    return [
        ox.Triple(me, _n(DCAT + "hasVersion"), node),
        ox.Triple(node, a, _n(DCAT + "Dataset")),
        ox.Triple(node, _n(DCAT + "version"), ox.Literal(version.naam)),
        ox.Triple(node, _n(DCT + "issued"), _date(version.gemaakt)),
        ox.Triple(node, _n(VOID + "triples"), _integer(version.triples)),
        ox.Triple(node, _n(DCT + "license"), _n(LICENCE)),
        ox.Triple(node, _n(DCAT + "distribution"), download),
        ox.Triple(download, a, _n(DCAT + "Distribution")),
        ox.Triple(download, _n(DCAT + "downloadURL"), download),
        ox.Triple(download, _n(DCAT + "mediaType"), _n(MEDIA_TYPES + version.formaat)),
        ox.Triple(download, _n(DCAT + "compressFormat"), _n(MEDIA_TYPES + "application/gzip")),
        ox.Triple(download, _n(DCAT + "byteSize"), _integer(version.bytes)),
        ox.Triple(download, _n(SPDX + "checksum"), checksum),
        ox.Triple(checksum, a, _n(SPDX + "Checksum")),
        ox.Triple(checksum, _n(SPDX + "algorithm"), _n(SPDX + "checksumAlgorithm_sha256")),
        ox.Triple(checksum, _n(SPDX + "checksumValue"), ox.Literal(version.sha256, datatype=_n(XSD + "hexBinary"))),
    ]
