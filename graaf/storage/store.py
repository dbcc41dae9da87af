"""The store facade: one object over embedded Oxigraph that the rest of the product talks to.

It hides the engine behind project types (rdflib terms, `Results`), turns engine errors into
`graaf.storage.errors`, and makes every write a single transaction. A remote SPARQL backend can later
implement the same methods.
"""

import itertools
import re
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib.term import Identifier

from graaf.storage.errors import QuerySyntaxError, ReadOnlyStore, StoreUnavailable
from graaf.storage.guard import network_keywords, refuse_deep_nesting, refuse_network_access
from graaf.storage.sparql_text import has_dataset_clause, service_targets
from graaf.storage.terms import to_oxigraph, to_rdflib

DEFAULT_GRAPH = "default"
# How many writes back the store remembers what each one touched (Store.touched_since): a cache that is
# older than that is built again as a whole.
TOUCHED_KEPT = 64
# Past this many touched IRIs a write is not worth following thing by thing: what was built is built anew.
TOUCHED_MAX = 5000
GraphNode = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
_POSITION = re.compile(r"error at (\d+):(\d+)")


@dataclass(frozen=True)
class Results:
    """The answer to a SELECT: variable names and rows of rdflib terms (unbound = missing key)."""

    variables: list[str]
    rows: list[dict[str, Identifier]]
    truncated: bool = False

    def column(self, name: str) -> list[Identifier]:
        return [row[name] for row in self.rows if name in row]


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset of one query: which graphs form its default graph and which are named.

    No graphs given means: the default graph is the union of all graphs, which is what users of a
    store with one graph per source expect when they write a query without GRAPH.
    """

    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def _graph_node(name: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if name == DEFAULT_GRAPH else ox.NamedNode(name)


def _syntax_error(error: SyntaxError, what: str) -> QuerySyntaxError:
    text = str(error)
    match = _POSITION.search(text)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
    return QuerySyntaxError(f"Fout in de {what}: {text}", line=line, column=column)


class Store:
    """The knowledge graph's store: persistent in a directory, or in memory when no path is given.

    `read_only` opens a store on disk that no process writes to, such as a snapshot. `version` counts
    the writes made through this object, so caches and query workers know when what they hold is stale.
    `state` names the content across processes: a new random name, kept in `<store>.staat`, is written
    before every write, so what was built from a store (the search index) and saved with its state is
    still valid after a restart exactly when the name is the same.
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.version = 0
        self._touched: dict[int, frozenset[str] | None] = {}  # version -> what the write to it touched
        # Its own lock, not write_lock: a writer holds that through a whole import's validation, and a
        # reader bringing a cache up to date must not wait for it.
        self._log_lock = threading.Lock()
        # Held from the check of a change to its write (graaf.storage.changes.apply, validatie.updates), so two
        # writers never both validate against the state that the other is about to change.
        self.write_lock = threading.RLock()
        try:
            if path is None:
                self._engine = ox.Store()
            elif read_only:
                self._engine = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._engine = ox.Store(str(path))
        except OSError as error:
            raise StoreUnavailable(
                f"De opslag in '{path}' kan niet worden geopend. Draait er al een ander proces "
                f"(bijvoorbeeld 'kennisgraaf serve') met deze opslag? Details: {error}"
            ) from error
        self._state_file = None if path is None else path.with_name(path.name + ".staat")
        self.state = self._stored_state() or self._new_state()

    def _stored_state(self) -> str | None:
        if self._state_file is None:
            return None
        try:
            return self._state_file.read_text(encoding="ascii").strip() or None
        except OSError:
            return None

    def _new_state(self) -> str:
        """A new name for the content, on disk before the write it announces: a write that fails or a
        process that stops half-way leaves a name nothing was saved with, never an old one."""
        self.state = uuid.uuid4().hex
        if self._state_file is not None and not self.read_only:
            scratch = self._state_file.with_name(self._state_file.name + ".nieuw")
            scratch.write_text(self.state, encoding="ascii")
            scratch.replace(self._state_file)
        return self.state

    def close(self) -> None:
        """Write everything to disk and let go of the directory lock."""
        if self.path is not None and not self.read_only:
            self._engine.flush()
        del self._engine

    def _written(self, touched: frozenset[str] | None = None) -> None:
        with self._log_lock:
            self.version += 1
            self._touched[self.version] = touched
            self._touched.pop(self.version - TOUCHED_KEPT, None)

    def touched_since(self, version: int) -> frozenset[str] | None:
        """The IRIs that every write after `version` touched (the subjects and objects of the quads it added
        or removed), so what was built from the graph can be brought up to date by looking again at those
        alone. None when one of those writes did not say (a blank node, more than TOUCHED_MAX IRIs, a write
        not made through graaf.storage.changes) or is more than TOUCHED_KEPT writes ago: then anything may
        have changed."""
        with self._log_lock:
            if version > self.version:
                return None
            found: set[str] = set()
            for number in range(version + 1, self.version + 1):
                touched = self._touched.get(number)
                if touched is None:
                    return None
                found |= touched
            return frozenset(found)

    def check_writable(self) -> None:
        """Refuse a write before any work is done for it, with a message people understand."""
        if self.read_only:
            raise ReadOnlyStore()

    def snapshot(self, target: Path) -> None:
        """A consistent copy of a store on disk in `target` (a new directory), made of hard links.

        Query workers open snapshots read-only: a store that another process writes to must not be
        opened read-only (Oxigraph leaves that undefined), but a snapshot never changes.
        """
        self._engine.backup(str(target))

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # Reading

    def run(
        self,
        query: str,
        *,
        dataset: Dataset | None = None,
        bindings: Mapping[str, Identifier] | None = None,
        base_iri: str | None = None,
        allowed_services: Iterable[str] = (),
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a query and hand back the engine's result, for serialisers that stream it as is.

        Only the execution layer (graaf.storage.execution) should need this; everything else uses
        select/ask/construct. SERVICE is refused unless every endpoint it calls is in `allowed_services`.
        """
        _refuse_network(query, allowed_services)
        dataset = dataset or Dataset()
        kwargs: dict[str, object] = {}
        if base_iri is not None:
            kwargs["base_iri"] = base_iri
        if dataset.default_graphs:
            kwargs["default_graph"] = [_graph_node(g) for g in dataset.default_graphs]
        elif not dataset.named_graphs and not has_dataset_clause(query):
            # Oxigraph's union flag would also override the query's own FROM, so only without one.
            kwargs["use_default_graph_as_union"] = True
        if dataset.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
        if bindings:
            kwargs["substitutions"] = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        try:
            return self._engine.query(query, **kwargs)
        except SyntaxError as error:
            raise _syntax_error(error, "query") from error

    def select(
        self,
        query: str,
        *,
        dataset: Dataset | None = None,
        bindings: Mapping[str, Identifier] | None = None,
        limit: int | None = None,
    ) -> Results:
        """Run a SELECT and return at most `limit` rows, saying whether more were there."""
        solutions = self.run(query, dataset=dataset, bindings=bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QuerySyntaxError("Deze functie verwacht een SELECT-query.")
        variables = [v.value for v in solutions.variables]
        rows: list[dict[str, Identifier]] = []
        truncated = False
        for solution in solutions:
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append({name: to_rdflib(solution[name]) for name in variables if solution[name] is not None})
        return Results(variables, rows, truncated)

    def values(self, query: str, *, bindings: Mapping[str, Identifier] | None = None) -> list[dict[str, str]]:
        """Run a SELECT and return each value as a plain string (an IRI, or a literal's lexical form).

        Much faster than `select` for code that only compares and shows values, such as the cocktail
        search, which reads tens of thousands of rows on a large graph.
        """
        solutions = self.run(query, bindings=bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QuerySyntaxError("Deze functie verwacht een SELECT-query.")
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = term.value
            rows.append(row)
        return rows

    def table(self, query: str) -> list[list[str]]:
        """Run a SELECT and return each row as its values in SPARQL's TSV form, in the order of the
        query's variables: `<iri>`, `"text"@nl`, `_:b1` or a bare number; an unbound value is empty.

        For reading large answers, such as the search index's hundreds of thousands of rows. The engine
        writes the rows itself, so no Python object is made per value (a third less time than
        `values`), and each value says what it is, so the query needs no isIRI(), isLiteral() or
        LANG(): those add up to half again to the engine's work. `tsv_iri` and `tsv_literal` read the
        values.
        """
        solutions = self.run(query)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QuerySyntaxError("Deze functie verwacht een SELECT-query.")
        text = (solutions.serialize(format=ox.QueryResultsFormat.TSV) or b"").decode()
        # One line per row after the variables' names; a value never holds a tab or a line break.
        return [line.split("\t") for line in text.split("\n")[1:-1]]

    def ask(self, query: str, *, bindings: Mapping[str, Identifier] | None = None) -> bool:
        answer = self.run(query, bindings=bindings)
        if not isinstance(answer, ox.QueryBoolean):
            raise QuerySyntaxError("Deze functie verwacht een ASK-query.")
        return bool(answer)

    def construct(
        self, query: str, *, bindings: Mapping[str, Identifier] | None = None
    ) -> list[tuple[Identifier, Identifier, Identifier]]:
        answer = self.run(query, bindings=bindings)
        if not isinstance(answer, ox.QueryTriples):
            raise QuerySyntaxError("Deze functie verwacht een CONSTRUCT- of DESCRIBE-query.")
        return [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in answer]

    def graphs(self) -> list[str]:
        """Names of all named graphs, sorted."""
        return sorted(g.value for g in self._engine.named_graphs() if isinstance(g, ox.NamedNode))

    def counts(self) -> dict[str, int]:
        """Number of triples per graph; the store's own default graph is listed as 'default'."""
        counts = {name: 0 for name in self.graphs()}
        answer = self._engine.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        for row in answer:
            counts[row["g"].value] = int(row["n"].value)
        default = len(list(self._engine.quads_for_pattern(None, None, None, ox.DefaultGraph())))
        if default:
            counts[DEFAULT_GRAPH] = default
        return counts

    def __len__(self) -> int:
        return len(self._engine)

    def quads(self, graph: str | None = None) -> list[ox.Quad]:
        """All quads, or those of one graph, for dumps and comparisons."""
        node = None if graph is None else _graph_node(graph)
        return list(self._engine.quads_for_pattern(None, None, None, node))

    def graph_nodes(self) -> list[GraphNode]:
        """The default graph, then every named graph in a stable order: what an export walks through."""
        return [ox.DefaultGraph(), *sorted(self._engine.named_graphs(), key=str)]

    def has_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self._engine.contains_named_graph(graph))

    def stream(self, graph: GraphNode | None = None) -> Iterator[ox.Quad]:
        """All quads, or one graph's, as the engine hands them out: nothing is held, for exports of any size.

        A store on disk hands them out ordered by subject, so a subject's triples come together.
        """
        return iter(self._engine.quads_for_pattern(None, None, None, graph))

    def dump_to(
        self,
        out: IO[bytes],
        fmt: ox.RdfFormat,
        *,
        graph: GraphNode | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> None:
        """The engine's own streamed dump of the dataset, or of one graph, into `out`."""
        if graph is None:
            self._engine.dump(out, fmt, prefixes=prefixes)
        else:
            self._engine.dump(out, fmt, from_graph=graph, prefixes=prefixes)

    def dump(self, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> bytes:
        """The whole dataset serialised, in a stable order, so two dumps can be compared byte for byte."""
        lines = ox.serialize(self._engine, format=fmt) or b""
        if fmt == ox.RdfFormat.N_QUADS:
            return b"".join(sorted(lines.splitlines(keepends=True)))
        return lines

    # Writing: every method below is one transaction.

    def update(self, update: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update as one transaction: all of it is applied, or nothing."""
        self.check_writable()
        refuse_network_access(update)
        self._new_state()
        try:
            self._engine.update(update, base_iri=base_iri)
        except SyntaxError as error:
            raise _syntax_error(error, "update") from error
        self._written()

    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction."""
        self.check_writable()
        self._new_state()
        self._engine.extend(quads)
        self._written()

    def write(self, update: str, touched: frozenset[str] | None = None) -> None:
        """Run an update that the product itself composed (no guard; its terms come from parsed data).
        `touched`: the IRIs it touches, when the caller knows them (see touched_since)."""
        self.check_writable()
        self._new_state()
        self._engine.update(update)
        self._written(touched)

    def has(self, quad: ox.Quad) -> bool:
        """Is this quad in the store (in its own graph)?"""
        return quad in self._engine

    def scratch_copy(self) -> "Store":
        """An in-memory copy of everything, to try a change on without touching this store."""
        copy = Store()
        copy._engine.extend(self._engine.quads_for_pattern(None, None, None, None))
        return copy

    # Neighbourhoods, for validating a change against only the part of the graph it touches.

    def quads_from(self, node: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
        return list(self._engine.quads_for_pattern(node, None, None, None))

    def quads_to(self, node: ox.NamedNode | ox.BlankNode, limit: int | None = None) -> list[ox.Quad]:
        return list(itertools.islice(self._engine.quads_for_pattern(None, None, node, None), limit))


def _refuse_network(query: str, allowed_services: Iterable[str]) -> None:
    refuse_deep_nesting(query)
    allowed = set(allowed_services)
    if allowed and network_keywords(query) == ["SERVICE"] and all(t in allowed for t in service_targets(query)):
        return
    refuse_network_access(query)


_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def tsv_iri(value: str) -> str | None:
    """The IRI of a value from `Store.table`, or None for anything else."""
    return value[1:-1] if value[:1] == "<" and value[1:2] != "<" else None


def tsv_literal(value: str) -> tuple[str, str] | None:
    """A literal from `Store.table` as its lexical form and language tag ("" without one), or None for
    anything else."""
    if value[:1] == '"':
        end = value.rindex('"')
        text = value[1:end]
        if "\\" in text:
            text = _ESCAPE.sub(_unescape, text)
        return text, value[end + 2 :] if value[end + 1 : end + 2] == "@" else ""
    if not value or value[0] in "<_":  # unbound, an IRI, a triple or a blank node
        return None
    return value, ""  # a number or true/false, written without quotes


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    return chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPES.get(code, code)


def insert_data(quads: Iterable[ox.Quad], operation: str = "INSERT DATA") -> str:
    """An INSERT DATA (or DELETE DATA) operation for the quads, grouped by graph, in N-Triples syntax.

    Quads with a blank node go into an `INSERT { ... } WHERE {}` of their own: the standard allows
    blank nodes in INSERT DATA, but Virtuoso refuses them (SP031), and a template with one empty
    solution makes the same fresh blank nodes on every engine. Only those quads: a large template
    is slow on Virtuoso and can pass its limit of 10,000 lines of generated SQL.
    """
    items = list(quads)
    if operation != "INSERT DATA":
        return _data_block(operation, items)
    ground = [q for q in items if not _has_blank_node(q)]
    blank = [q for q in items if _has_blank_node(q)]
    parts = [_data_block(operation, ground)] if ground or not blank else []
    if blank:
        parts.append(_data_block("INSERT", blank) + " WHERE {}")
    return " ;\n".join(parts)


def _has_blank_node(term: ox.Quad | ox.Triple | object) -> bool:
    """A blank node in the quad, also inside a triple term (RDF 1.2), which shares its label."""
    if isinstance(term, ox.BlankNode):
        return True
    if isinstance(term, ox.Quad | ox.Triple):
        return _has_blank_node(term.subject) or _has_blank_node(term.object)
    return False


def _data_block(operation: str, quads: list[ox.Quad]) -> str:
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in quads:
        key = DEFAULT_GRAPH if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        by_graph.setdefault(key, []).append(quad.triple)
    blocks = []
    for graph, triples in by_graph.items():
        body = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
        blocks.append(body if graph == DEFAULT_GRAPH else f"GRAPH {graph} {{\n{body}}}")
    return operation + " {\n" + "\n".join(blocks) + "\n}"
