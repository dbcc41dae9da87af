"""One table of formats, read by loading, export, content negotiation and the CLI alike."""

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graaf.storage.errors import UnknownFormat


@dataclass(frozen=True)
class RdfFormat:
    """An RDF serialisation: its short name, media type, file extension and Oxigraph format."""

    name: str
    media_type: str
    extension: str
    engine: ox.RdfFormat
    has_graphs: bool = False


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "text/turtle", "ttl", ox.RdfFormat.TURTLE),
    RdfFormat("ntriples", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    RdfFormat("nquads", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, has_graphs=True),
    RdfFormat("trig", "application/trig", "trig", ox.RdfFormat.TRIG, has_graphs=True),
    RdfFormat("jsonld", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, has_graphs=True),
    RdfFormat("rdfxml", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
)

_EXTRA_EXTENSIONS = {"owl": "rdfxml", "xml": "rdfxml", "json": "jsonld", "n3": "turtle"}


@dataclass(frozen=True)
class ResultsFormat:
    """A SPARQL results serialisation (SELECT and ASK)."""

    name: str
    media_type: str
    extension: str
    engine: ox.QueryResultsFormat


RESULTS_FORMATS: tuple[ResultsFormat, ...] = (
    ResultsFormat("json", "application/sparql-results+json", "srj", ox.QueryResultsFormat.JSON),
    ResultsFormat("xml", "application/sparql-results+xml", "srx", ox.QueryResultsFormat.XML),
    ResultsFormat("csv", "text/csv", "csv", ox.QueryResultsFormat.CSV),
    ResultsFormat("tsv", "text/tab-separated-values", "tsv", ox.QueryResultsFormat.TSV),
)


def rdf_format(name: str) -> RdfFormat:
    """The RDF format with this short name, media type or extension."""
    key = name.lower().lstrip(".")
    key = _EXTRA_EXTENSIONS.get(key, key)
    for fmt in RDF_FORMATS:
        if key in (fmt.name, fmt.media_type, fmt.extension):
            return fmt
    known = ", ".join(f.name for f in RDF_FORMATS)
    raise UnknownFormat(f"Onbekend RDF-formaat '{name}'. Bekende formaten: {known}.")


def rdf_format_for_path(path: Path) -> RdfFormat:
    """Guess the RDF format from a file name, with a Dutch error when the extension is unknown."""
    if not path.suffix:
        raise UnknownFormat(
            f"Kan het formaat van '{path.name}' niet afleiden: het bestand heeft geen extensie. "
            "Geef het formaat op met --formaat."
        )
    return rdf_format(path.suffix)


def results_format(name: str) -> ResultsFormat:
    """The results format with this short name or media type."""
    key = name.lower()
    for fmt in RESULTS_FORMATS:
        if key in (fmt.name, fmt.media_type, fmt.extension):
            return fmt
    known = ", ".join(f.name for f in RESULTS_FORMATS)
    raise UnknownFormat(f"Onbekend resultaatformaat '{name}'. Bekende formaten: {known}.")
