"""Reading RDF files into quads: parse everything first, so a bad file never half-enters the store."""

import io
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO
from xml.parsers import expat

import pyoxigraph as ox

from graaf.storage import bounded
from graaf.storage.errors import ParseError
from graaf.storage.formats import RdfFormat, rdf_format

_PARSER_POSITION = re.compile(r"^Parser error (?:at|between) line .*?: ")


def _parse_error(name: str, fmt: RdfFormat, error: SyntaxError, data: bytes | None = None) -> ParseError:
    """A Dutch one-line error; the parser's own position prefix is dropped, line and column are kept."""
    detail = _PARSER_POSITION.sub("", str(error.msg))
    line, column = error.lineno, error.offset
    if line is None and fmt.name == "rdfxml" and data is not None:
        line, column = _xml_position(data)
    return ParseError(f"'{name}' is geen geldig {fmt.name}-bestand: {detail}", line=line, column=column)


def _xml_position(data: bytes) -> tuple[int | None, int | None]:
    """Where an XML document stops being well-formed, for RDF/XML errors that come without a position.

    Only used after Oxigraph has refused the file. A DOCTYPE is not followed: entities are exactly
    what makes XML parsing expensive (see the notes on entity expansion).
    """

    def refuse_doctype(*_: object) -> None:
        raise ValueError("doctype")

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse_doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        return error.lineno, error.offset + 1
    except ValueError:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
    return None, None


ProgressCallback = Callable[[int, int], None]


class _CountingReader(io.RawIOBase):
    """A binary reader that reports how far the parser has read, for a progress bar."""

    def __init__(self, raw: IO[bytes], total: int, progress: ProgressCallback) -> None:
        self._raw = raw
        self._total = total
        self._progress = progress
        self._done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self._done += len(data)
        self._progress(self._done, self._total)
        return len(data)


def parse_file(
    path: Path,
    fmt: RdfFormat,
    *,
    graph: str | None = None,
    progress: ProgressCallback | None = None,
) -> list[ox.Quad]:
    """All quads of a file; triples without a graph go into `graph` (the default graph if None).

    Raises ParseError with the line and column of the first syntax error.
    """
    try:
        if fmt.name == "rdfxml":
            with path.open("rb") as head:
                refuse_xml_declarations(head, path.name)
        with path.open("rb") as raw:
            source: IO[bytes] = raw
            if progress is not None:
                source = io.BufferedReader(_CountingReader(raw, path.stat().st_size, progress))
            return list(_parse(source, fmt, graph, base_iri=path.resolve().as_uri()))
    except SyntaxError as error:
        raise _parse_error(path.name, fmt, error, path.read_bytes() if fmt.name == "rdfxml" else None) from error
    except FileNotFoundError as error:
        raise ParseError(f"Bestand '{path}' bestaat niet.") from error
    except OSError as error:
        raise ParseError(f"Bestand '{path}' kan niet worden gelezen: {error}") from error


def parse_bytes(data: bytes, fmt: RdfFormat, *, graph: str | None = None, name: str = "invoer") -> list[ox.Quad]:
    """Like parse_file, for data that arrived from someone else: parsed in a bounded worker process.

    The worker hands back N-Quads, which this process reads in linear time with no entities, no
    nesting and no contexts to expand; see graaf.storage.bounded for why the first parse happens elsewhere.
    """
    if fmt.name == "rdfxml":
        refuse_xml_declarations(data, name)
    nquads = bounded.pool().call(_parse_to_nquads, data, fmt.name, graph, name)
    return list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))


def _parse_to_nquads(data: bytes, fmt_name: str, graph: str | None, name: str) -> bytes:
    """In a worker: the parse that may explode, written out as N-Quads."""
    fmt = rdf_format(fmt_name)
    try:
        quads = list(_parse(io.BytesIO(data), fmt, graph, base_iri=None))
    except SyntaxError as error:
        raise _parse_error(name, fmt, error, data) from error
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


class _XmlDeclaration(Exception):
    """A DOCTYPE or entity declaration: what no RDF/XML document needs."""


class _RootReached(Exception):
    """The first element: nothing may declare entities after it, so reading can stop."""


def refuse_xml_declarations(data: bytes | IO[bytes], name: str) -> None:
    """Refuse XML with a DOCTYPE or entity declarations, before any parser expands them.

    The RDF/XML grammar needs neither, and entities are how a few hundred bytes become gigabytes
    ("billion laughs"). Expat stops at the first declaration or at the root element, whichever
    comes first, so this costs almost nothing for a real document.
    """

    def declaration(*_: object) -> None:
        raise _XmlDeclaration

    def root(*_: object) -> None:
        raise _RootReached

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = declaration
    parser.EntityDeclHandler = declaration
    parser.StartElementHandler = root
    try:
        if isinstance(data, bytes):
            parser.Parse(data, True)
        else:
            parser.ParseFile(data)
    except _XmlDeclaration:
        raise ParseError(
            f"'{name}' bevat een DOCTYPE of een entiteit (<!DOCTYPE ...> of <!ENTITY ...>). Een RDF/XML-bestand "
            "heeft die niet nodig, en ze kunnen een klein bestand enorm laten groeien. Haal ze weg en probeer "
            "het opnieuw.",
            line=parser.CurrentLineNumber,
            column=parser.CurrentColumnNumber + 1,
        ) from None
    except (_RootReached, expat.ExpatError):
        return  # not well-formed XML is for the RDF/XML parser to report, with its position


def _parse(source: IO[bytes], fmt: RdfFormat, graph: str | None, base_iri: str | None) -> Iterator[ox.Quad]:
    # Oxigraph's parsers, not rdflib's: they refuse remote JSON-LD contexts and parse RDF/XML in
    # linear time (see the security notes on rdflib's RDF/XML parser).
    target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    for item in ox.parse(source, format=fmt.engine, base_iri=base_iri):
        if isinstance(item, ox.Quad) and not isinstance(item.graph_name, ox.DefaultGraph):
            yield item
        else:
            yield ox.Quad(item.subject, item.predicate, item.object, target)


def progress_bar(label: str, stream: IO[str] = sys.stderr) -> ProgressCallback:
    """A text progress bar on stderr, drawn only for files large enough to make someone wait."""
    state = {"shown": -1}

    def show(done: int, total: int) -> None:
        if total < 5_000_000:
            return
        percent = min(100, done * 100 // max(total, 1))
        if percent == state["shown"]:
            return
        state["shown"] = percent
        filled = percent // 4
        stream.write(f"\r{label} [{'#' * filled}{'.' * (25 - filled)}] {percent:3d}%")
        if percent == 100:
            stream.write("\n")
        stream.flush()

    return show


def rebase(quads: list[ox.Quad], old: str, new: str) -> list[ox.Quad]:
    """Move every IRI under `old` to `new` (used when a deployment sets another base IRI)."""
    if old == new:
        return quads

    def move(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> object:
        if isinstance(term, ox.NamedNode) and term.value.startswith(old):
            return ox.NamedNode(new + term.value[len(old) :])
        return term

    return [ox.Quad(move(q.subject), move(q.predicate), move(q.object), move(q.graph_name)) for q in quads]  # type: ignore[arg-type]
