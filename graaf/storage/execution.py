"""Running one SPARQL query within limits: a deadline, a row limit, and one answer format.

A `Job` says everything a query run needs and nothing more, so it can be sent to a worker process
(see graaf.storage.workers) and used as a cache key. `run_job` is the only function that turns the engine's
answer into bytes. It collects at most `row_limit` rows, so a query with a huge answer stops early
with a clear error instead of filling the memory, and it checks the deadline between rows.

A job with `sort_after` runs without its final `ORDER BY ?variable` and sorts the rows here, when every
value in that column is a string (plain or with a language): Oxigraph's sort reads both stored strings
from disk at every comparison, which at 1M triples cost 3 of the 6 s of activiteiten-mechanismen-bewijs;
here each string is read once. Strings sort by code point in both, so the order is the same. Any
other column falls back to the engine's own ORDER BY.
"""

import time
from dataclasses import dataclass, replace
from typing import Any, Literal

import pyoxigraph as ox
from rdflib.term import Identifier

from graaf.storage.errors import GraafError, NoAcceptableFormat, QueryFailed, QueryTimeout, TooManyRows
from graaf.storage.formats import RDF_FORMATS, RESULTS_FORMATS, RdfFormat, ResultsFormat
from graaf.storage.sparql_text import without_final_order
from graaf.storage.store import Dataset, Store

_CHECK_EVERY = 512  # rows between two looks at the clock
_STRINGS = (
    ox.NamedNode("http://www.w3.org/2001/XMLSchema#string"),
    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"),
)


@dataclass(frozen=True)
class Job:
    """One query to run. Hashable, so that (store version, job) can key a result cache.

    The three formats are short names from graaf.storage.formats, chosen by content negotiation before the
    query form is known: `select_format` for SELECT, `ask_format` for ASK, `graph_format` for
    CONSTRUCT and DESCRIBE. None means the client accepts no format for that form.
    """

    query: str
    select_format: str | None = "json"
    ask_format: str | None = "json"
    graph_format: str | None = "turtle"
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    bindings: tuple[tuple[str, Identifier], ...] = ()
    base_iri: str | None = None
    allowed_services: tuple[str, ...] = ()
    row_limit: int | None = None
    offset: int = 0
    page_size: int | None = None
    timeout_s: float = 10.0
    sort_after: str | None = None


@dataclass(frozen=True)
class Outcome:
    """A query's answer, written out: the form of the answer, its media type and its bytes."""

    form: Literal["select", "ask", "graph"]
    media_type: str
    body: bytes
    rows: int = 0
    has_more: bool = False


def run_job(store: Store, job: Job, deadline: float | None = None) -> Outcome:
    """Run the job on the store and write the answer in the job's format."""
    deadline = deadline if deadline is not None else time.monotonic() + job.timeout_s
    unsorted = _unsorted(job)
    answer = _evaluate(store, unsorted or job)
    try:
        if unsorted is not None and isinstance(answer, ox.QuerySolutions):
            written = _write_sorted(answer, job, unsorted, deadline)
            if written is not None:
                return written
            answer = _evaluate(store, job)
        return _write(answer, job, deadline)
    except Exception as caught:
        error = (
            caught if isinstance(caught, GraafError) else QueryFailed(f"De query kon niet worden uitgevoerd: {caught}")
        )
        # Oxigraph's answer may only be dropped in the thread that made it, and the traceback of an
        # error holds on to it. The error travels to another thread (the caller's), so let go here.
        del answer
        error.__cause__ = error.__context__ = None
        raise error.with_traceback(None) from None


def _write(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, job: Job, deadline: float) -> Outcome:
    if isinstance(answer, ox.QueryBoolean):
        fmt = _results_format(job.ask_format, "een ja/nee-antwoord (ASK)")
        return Outcome("ask", fmt.media_type, answer.serialize(format=fmt.engine) or b"")
    if isinstance(answer, ox.QueryTriples):
        rdf = _rdf_format(job.graph_format)
        triples = _collect(answer, job, deadline)
        items = triples[: job.page_size] if job.page_size is not None else triples
        data = [ox.Quad(t.subject, t.predicate, t.object) for t in items] if rdf.has_graphs else items
        body = ox.serialize(data, format=rdf.engine) or b""
        return Outcome("graph", rdf.media_type, body, len(items), len(items) < len(triples))
    fmt = _results_format(job.select_format, "een tabel (SELECT)")
    rows = _collect(answer, job, deadline)
    shown = rows[: job.page_size] if job.page_size is not None else rows
    body = _write_rows([v.value for v in answer.variables], shown, fmt.engine)
    return Outcome("select", fmt.media_type, body, len(shown), len(shown) < len(rows))


def _unsorted(job: Job) -> Job | None:
    """The job without its final ORDER BY and with every row asked for, if it may be sorted here."""
    if job.sort_after is None:
        return None
    text = without_final_order(job.query, job.sort_after)
    return None if text is None else replace(job, query=text, offset=0, page_size=None)


def _write_sorted(answer: ox.QuerySolutions, job: Job, unsorted: Job, deadline: float) -> Outcome | None:
    """The rows sorted on `job.sort_after`, then the job's page; None if that column is not all strings."""
    fmt = _results_format(job.select_format, "een tabel (SELECT)")
    variables = [v.value for v in answer.variables]
    if job.sort_after not in variables:
        return None
    column = variables.index(job.sort_after)
    rows = _collect(answer, unsorted, deadline)
    keys = [row[column] for row in rows]
    if not all(key is None or (isinstance(key, ox.Literal) and key.datatype in _STRINGS) for key in keys):
        return None
    # Unbound sorts first in SPARQL; Python's sort is stable, like the engine's for equal keys.
    order = sorted(range(len(rows)), key=lambda i: (keys[i] is not None, "" if keys[i] is None else keys[i].value))
    end = None if job.page_size is None else job.offset + job.page_size
    shown = [rows[i] for i in order[job.offset : end]]
    body = _write_rows(variables, shown, fmt.engine)
    return Outcome("select", fmt.media_type, body, len(shown), end is not None and end < len(rows))


def _evaluate(store: Store, job: Job) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    try:
        return store.run(
            job.query,
            dataset=Dataset(list(job.default_graphs), list(job.named_graphs)),
            bindings=dict(job.bindings),
            base_iri=job.base_iri,
            allowed_services=job.allowed_services,
        )
    except (RuntimeError, ValueError, OSError) as error:
        raise QueryFailed(f"De query kon niet worden uitgevoerd: {error}") from error


def _collect(answer: ox.QuerySolutions | ox.QueryTriples, job: Job, deadline: float) -> list[Any]:
    """The rows (or triples) after the offset: at most one more than may be shown, to tell if there is more."""
    wanted = None
    if job.page_size is not None:
        wanted = job.page_size + 1
    elif job.row_limit is not None:
        wanted = job.row_limit + 1
    items: list[Any] = []
    try:
        for index, item in enumerate(answer):
            if index % _CHECK_EVERY == 0 and time.monotonic() > deadline:
                raise timeout_error(job.timeout_s)
            if index < job.offset:
                continue
            items.append(item)
            if wanted is not None and len(items) >= wanted:
                break
    except (RuntimeError, ValueError, OSError) as error:
        raise QueryFailed(f"De query kon niet worden uitgevoerd: {error}") from error
    if job.page_size is None and job.row_limit is not None and len(items) > job.row_limit:
        raise TooManyRows(
            f"Het antwoord heeft meer dan {job.row_limit} rijen. Vraag minder (met LIMIT), "
            "of gebruik een token met meer rechten."
        )
    return items


def _write_rows(variables: list[str], rows: list[ox.QuerySolution], engine: ox.QueryResultsFormat) -> bytes:
    # Oxigraph has no writer for rows held in Python. We write them as SPARQL TSV, whose terms are
    # exact N-Triples, and let Oxigraph read that back and write the wanted format: the bytes are then
    # the same as Oxigraph's own serialiser gives.
    lines = ["\t".join("?" + name for name in variables)]
    lines += ["\t".join("" if term is None else _term_text(term) for term in row) for row in rows]
    tsv = ("\n".join(lines) + "\n").encode()
    return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=engine) or b""


def _term_text(term: object) -> str:
    """A term in TSV syntax; a triple term needs its <<( )>> brackets, which str() leaves out."""
    if isinstance(term, ox.Triple):
        return f"<<( {_term_text(term.subject)} {_term_text(term.predicate)} {_term_text(term.object)} )>>"
    return str(term)


def _results_format(name: str | None, what: str) -> ResultsFormat:
    for fmt in RESULTS_FORMATS:
        if fmt.name == name:
            return fmt
    raise NoAcceptableFormat(
        f"Deze query geeft {what}, maar geen van de gevraagde formaten past daarbij. "
        "Vraag bijvoorbeeld application/sparql-results+json."
    )


def _rdf_format(name: str | None) -> RdfFormat:
    for fmt in RDF_FORMATS:
        if fmt.name == name:
            return fmt
    raise NoAcceptableFormat(
        "Deze query geeft een graaf (CONSTRUCT of DESCRIBE), maar geen van de gevraagde formaten past daarbij. "
        "Vraag bijvoorbeeld text/turtle."
    )


def timeout_error(seconds: float) -> QueryTimeout:
    return QueryTimeout(
        f"De query duurde langer dan {seconds:g} seconden en is gestopt. Maak de query kleiner "
        "(minder rijen, een LIMIT, of een preciezer patroon)."
    )
