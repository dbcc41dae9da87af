"""A store on any SPARQL 1.1 endpoint: the same methods as graaf.storage.store.Store, over HTTP with httpx.

Several stateless server processes (on one machine or many) can share one remote triplestore. So
what the embedded store keeps in memory lives in the remote graph here:

- `version`: a write counter in the bookkeeping graph, raised in the same update request as each
  write (one request is one transaction on the engine). Every process reads it at most once per
  `version_interval_s`, so caches keyed on it see another process's write within that time.
- Union default graph: a query without GRAPH must see all named graphs, as it does embedded. Engines
  differ, so `union` says how: "parameter" sends Oxigraph's `union-default-graph` flag, "engine" trusts
  the engine (GraphDB, `oxigraph serve --union-default-graph`), "graphs" names every graph with
  default-graph-uri and named-graph-uri (standard, but one extra request per query; for Virtuoso, whose
  own union would also show its system graphs).
- Own default graph: Oxigraph keeps triples outside every named graph; Virtuoso has no such place (its
  default graph is all graphs). With `own_default_graph=False` the store neither reads nor writes one.

The only host this talks to is the configured endpoint; the network guard still refuses SERVICE and
LOAD in what callers send. Answers come back as the same types the embedded store gives: pyoxigraph
query results from `run`, rdflib terms from `select`, pyoxigraph quads from `quads*`.
"""

import logging
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
from rdflib.term import Identifier

from graaf.storage.errors import QueryFailed, ReadOnlyStore, RefusedOperation, StoreUnavailable
from graaf.storage.execution import timeout_error
from graaf.storage.guard import refuse_network_access
from graaf.storage.remote_answers import ACCEPT, Answer, parse_answer, protocol_dataset, standard_only
from graaf.storage.sparql_text import (
    ask_as_select,
    graph_targets,
    has_dataset_clause,
    query_form,
    with_values,
    without_dataset_clauses,
    without_trailing_semicolon,
)
from graaf.storage.store import (
    DEFAULT_GRAPH,
    Dataset,
    GraphNode,
    Results,
    Store,
    _refuse_network,
    _syntax_error,
    insert_data,
)

Union = Literal["parameter", "engine", "graphs"]
OWL_VERSION = "http://www.w3.org/2002/07/owl#versionInfo"
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Endpoint:
    """Where the remote store is and how to log in; credentials are never logged or shown."""

    query_url: str = field(repr=False)
    update_url: str | None = field(default=None, repr=False)
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def auth(self) -> httpx.Auth | None:
        if self.user is not None:
            return httpx.BasicAuth(self.user, self.password or "")
        return None

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


class _VersionClock:
    """The write counter read from the remote graph, at most once per interval, shared by copies."""

    def __init__(self, interval_s: float) -> None:
        self.interval_s = interval_s
        self.value = 0
        self.read_at = float("-inf")
        self.lock = threading.Lock()


class RemoteStore:
    """The knowledge graph on a remote SPARQL 1.1 endpoint (query and update URL)."""

    path: Path | None = None
    read_only = False
    is_remote = True

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        counter_graph: str,
        union: Union = "parameter",
        timeout_s: float = 30.0,
        version_interval_s: float = 1.0,
        copy_limit: int = 2_000_000,
        hidden_graphs: Iterable[str] = (),
        own_default_graph: bool = True,
    ) -> None:
        self.endpoint = endpoint
        self.counter_graph = counter_graph
        self.union = union
        self.timeout_s = timeout_s
        self.copy_limit = copy_limit
        # Engines keep graphs of their own (Virtuoso: its schemas and DAV); the product never sees them.
        self.hidden_graphs = tuple(hidden_graphs)
        # An engine whose default graph is the union of all graphs has no default graph of its own.
        self.own_default_graph = own_default_graph and union != "engine"
        # Process-local, as in Store: the remote engine makes each write atomic, this lock keeps the
        # check and the write of one change together within this process (see README, Opschalen).
        self.write_lock = threading.RLock()
        self._clock = _VersionClock(version_interval_s)
        self._client = httpx.Client(
            auth=endpoint.auth(), headers=endpoint.headers(), follow_redirects=False, trust_env=False
        )

    def with_timeout(self, seconds: float) -> "RemoteStore":
        """The same store (client, counter, lock) with another time limit, for one endpoint query."""
        copy = object.__new__(RemoteStore)
        copy.__dict__.update(self.__dict__)
        copy.timeout_s = max(0.001, seconds)
        return copy

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def snapshot(self, target: Path) -> None:
        raise StoreUnavailable("Van een externe opslag kan deze server geen momentopname op schijf maken.")

    # The version: shared by every process that uses the same remote store.

    @property
    def version(self) -> int:
        clock = self._clock
        with clock.lock:
            if time.monotonic() - clock.read_at >= clock.interval_s:
                clock.value = self._read_counter()
                clock.read_at = time.monotonic()
            return clock.value

    def _read_counter(self) -> int:
        # Straight to the engine: the counter graph is in no dataset the union setting names.
        query = f"SELECT ?n WHERE {{ GRAPH <{self.counter_graph}> {{ <{self.counter_graph}> <{OWL_VERSION}> ?n }} }}"
        found = [row["n"].value for row in self._rows(query) if isinstance(row.get("n"), ox.Literal)]
        return max((int(n) for n in found if n.isdigit()), default=0)

    def _bump(self) -> str:
        """An update operation that raises the write counter; sent along with every write.

        The old value comes from an aggregate, which gives one row also when there is none yet:
        Virtuoso finds no solution for a WHERE that starts with OPTIONAL in an update.
        """
        graph, counter = f"<{self.counter_graph}>", f"<{OWL_VERSION}>"
        return (
            f"DELETE {{ GRAPH {graph} {{ {graph} {counter} ?old }} }} "
            f"INSERT {{ GRAPH {graph} {{ {graph} {counter} ?new }} }} "
            f"WHERE {{ {{ SELECT (MAX(?n) AS ?old) WHERE {{ GRAPH {graph} {{ {graph} {counter} ?n }} }} }} "
            "BIND(COALESCE(?old + 1, 1) AS ?new) }"
        )

    # Reading

    def run(
        self,
        query: str,
        *,
        dataset: Dataset | None = None,
        bindings: Mapping[str, Identifier] | None = None,
        base_iri: str | None = None,
        allowed_services: Iterable[str] = (),
    ) -> Answer:
        """Run a query on the remote engine; the answer has the types Store.run gives."""
        _refuse_network(query, allowed_services)
        standard_only(query, base_iri)
        form = query_form(query)
        chosen = protocol_dataset(dataset or Dataset())
        text = without_dataset_clauses(query) if chosen and has_dataset_clause(query) else query
        text = with_values(text, bindings) if bindings else text
        text = ask_as_select(text) if form == "ask" else text
        if base_iri is not None:
            text = f"BASE <{base_iri}> {text}"
        params = [("query", text), *(chosen or self._union_params(query))]
        response = self._post(self.endpoint.query_url, params, ACCEPT[form], "query")
        return parse_answer(response, form)

    def _union_params(self, query: str) -> list[tuple[str, str]]:
        """How a query without a dataset of its own sees every graph, as it does embedded."""
        if has_dataset_clause(query):
            return []
        if self.union == "parameter":
            return [("union-default-graph", "")]
        if self.union == "graphs":
            # Naming only default graphs would leave GRAPH ?g an empty set of named graphs (Protocol 2.1.4).
            # A graph the query names after GRAPH is named too, also when it is empty: Virtuoso turns a
            # GRAPH <g> outside the named graphs into a pattern that always matches.
            graphs = self.graphs()
            named = list(dict.fromkeys([*graphs, *graph_targets(query)]))
            return [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in named]
        return []

    select = Store.select
    values = Store.values
    table = Store.table
    ask = Store.ask
    construct = Store.construct

    def _rows(self, query: str) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """A SELECT of our own over the real default graph and named graphs (no union flag)."""
        response = self._post(self.endpoint.query_url, [("query", query)], ACCEPT["select"], "query")
        answer = parse_answer(response, "select")
        assert isinstance(answer, ox.QuerySolutions)
        names = [v.value for v in answer.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in answer]  # type: ignore[misc]

    def _visible(self) -> str:
        """A FILTER that hides the engine's own graphs from ?g, and our write counter from ?s ?p."""
        tests = [f"!STRSTARTS(STR(?g), {ox.Literal(prefix)})" for prefix in self.hidden_graphs]
        tests.append(f"(?s != <{self.counter_graph}> || ?p != <{OWL_VERSION}>)")
        return f" FILTER({' && '.join(tests)})"

    def _is_counter(self, quad: ox.Quad) -> bool:
        return quad.predicate.value == OWL_VERSION and quad.subject == ox.NamedNode(self.counter_graph)

    def graphs(self) -> list[str]:
        rows = self._rows(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }}{self._visible()} }}")
        return sorted(row["g"].value for row in rows if isinstance(row.get("g"), ox.NamedNode))

    def counts(self) -> dict[str, int]:
        rows = self._rows(
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}{self._visible()} }} GROUP BY ?g"
        )
        counts = {row["g"].value: int(row["n"].value) for row in rows}
        if self.own_default_graph:
            default = self._rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            if default and int(default[0]["n"].value):
                counts[DEFAULT_GRAPH] = int(default[0]["n"].value)
        return dict(sorted(counts.items()))

    def __len__(self) -> int:
        return sum(self.counts().values())

    def _quads(self, subject: str, predicate: str, obj: str, graph: str | None, limit: int | None) -> list[ox.Quad]:
        pattern = f"{subject} {predicate} {obj}"
        tail = f" LIMIT {limit}" if limit is not None else ""
        quads: list[ox.Quad] = []
        if graph != DEFAULT_GRAPH:
            where = f"GRAPH {graph} {{ {pattern} }}" if graph else f"GRAPH ?g {{ {pattern} }}{self._hidden()}"
            for row in self._rows(f"SELECT * WHERE {{ {where} }}{tail}"):
                quads.append(_quad(row, subject, predicate, obj, ox.NamedNode(graph[1:-1]) if graph else row["g"]))
        if graph in (None, DEFAULT_GRAPH) and self.own_default_graph:
            for row in self._rows(f"SELECT * WHERE {{ {pattern} }}{tail}"):
                quads.append(_quad(row, subject, predicate, obj, ox.DefaultGraph()))
        quads = [q for q in quads if not self._is_counter(q)]
        return quads[:limit] if limit is not None else quads

    def _hidden(self) -> str:
        tests = [f"!STRSTARTS(STR(?g), {ox.Literal(prefix)})" for prefix in self.hidden_graphs]
        return f" FILTER({' && '.join(tests)})" if tests else ""

    def quads(self, graph: str | None = None) -> list[ox.Quad]:
        target = None if graph is None else DEFAULT_GRAPH if graph == DEFAULT_GRAPH else str(ox.NamedNode(graph))
        return self._quads("?s", "?p", "?o", target, None)

    def graph_nodes(self) -> list[GraphNode]:
        return [ox.DefaultGraph(), *(ox.NamedNode(g) for g in self.graphs())]

    def has_graph(self, graph: ox.NamedNode) -> bool:
        return graph.value in self.graphs()

    def stream(self, graph: GraphNode | None = None) -> Iterator[ox.Quad]:
        """The quads of the dataset or of one graph. Over the protocol they come as one answer, so unlike the
        embedded store this holds them all once: large remote exports belong to the engine's own dump."""
        if graph is None:
            return iter(self.quads())
        if isinstance(graph, ox.DefaultGraph):
            return iter(self.quads(DEFAULT_GRAPH))
        return iter(self.quads(graph.value))

    def dump_to(
        self,
        out: IO[bytes],
        fmt: ox.RdfFormat,
        *,
        graph: GraphNode | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> None:
        quads = self.stream(graph)
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            ox.serialize(quads, out, fmt, prefixes=prefixes)
        else:
            ox.serialize((q.triple for q in quads), out, fmt, prefixes=prefixes)

    def dump(self, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> bytes:
        lines = ox.serialize(self.quads(), format=fmt) or b""
        if fmt == ox.RdfFormat.N_QUADS:
            return b"".join(sorted(lines.splitlines(keepends=True)))
        return lines

    def quads_from(self, node: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
        # A blank node cannot be named in a query over the protocol; see README (Opschalen).
        if isinstance(node, ox.BlankNode):
            return []
        return self._quads(str(node), "?p", "?o", None, None)

    def quads_to(self, node: ox.NamedNode | ox.BlankNode, limit: int | None = None) -> list[ox.Quad]:
        if isinstance(node, ox.BlankNode):
            return []
        return self._quads("?s", "?p", str(node), None, limit)

    # Writing: every method is one update request, with the counter raised in the same request.

    def update(self, update: str, *, base_iri: str | None = None) -> None:
        refuse_network_access(update)
        text = f"BASE <{base_iri}> {update}" if base_iri is not None else update
        self._send_update(text)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        items = list(quads)
        if not self.own_default_graph and any(isinstance(q.graph_name, ox.DefaultGraph) for q in items):
            raise RefusedOperation(
                "Deze externe opslag heeft geen eigen standaardgraaf (zoals Virtuoso). "
                "Zet de gegevens in een benoemde graaf."
            )
        if items:
            self._send_update(insert_data(items))

    def write(self, update: str, touched: frozenset[str] | None = None) -> None:
        self._send_update(update)

    def touched_since(self, version: int) -> frozenset[str] | None:
        """Never known: other processes write to the same endpoint without telling this one what."""
        return None

    def check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyStore()

    def _send_update(self, update: str) -> None:
        self.check_writable()
        text = without_trailing_semicolon(update) + " ;\n" + self._bump()
        self._post(self.endpoint.update_url or self.endpoint.query_url, [("update", text)], "*/*", "update")
        with self._clock.lock:
            self._clock.read_at = float("-inf")  # read our own write on the next look

    def scratch_copy(self) -> Store:
        """An in-memory copy, to try an editor's update on; refused for a graph too large to copy.

        The update check (validatie.updates) needs what an arbitrary DELETE/INSERT ... WHERE changes,
        which only running it tells. Copying is fine for a graph of some million triples; above
        `copy_limit` we refuse with a clear message rather than exhaust the memory.
        """
        size = len(self)
        if size > self.copy_limit:
            raise RefusedOperation(
                f"De graaf is te groot ({size:,} triples) om deze update eerst te controleren. "
                "Gebruik INSERT DATA of DELETE DATA via 'kennisgraaf importeer', of vraag de beheerder "
                "om KENNISGRAAF_REMOTE_COPY_LIMIT te verhogen."
            )
        copy = Store()
        copy.add(self.quads())
        return copy

    # HTTP

    def _post(self, url: str, params: list[tuple[str, str]], accept: str, what: str) -> httpx.Response:
        try:
            response = self._client.post(
                url,
                content=urlencode(params).encode(),
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
                timeout=self.timeout_s,
            )
        except httpx.TimeoutException:
            raise timeout_error(self.timeout_s) from None
        except httpx.HTTPError as error:
            # The address may hold a user name and password: it goes to the server's log, never to a caller.
            _LOG.warning("externe opslag %s niet bereikbaar: %s", httpx.URL(url).copy_with(userinfo=b""), error)
            raise StoreUnavailable(
                "De externe opslag is niet bereikbaar. Controleer KENNISGRAAF_REMOTE_QUERY_URL. "
                f"Details: {type(error).__name__}"
            ) from None
        if response.status_code < 300:
            return response
        detail = response.text[:500].strip()
        if response.status_code in (401, 403):
            raise StoreUnavailable(
                "De externe opslag weigert de toegang. Controleer de gebruikersnaam, het wachtwoord of het token "
                "(KENNISGRAAF_REMOTE_USER, KENNISGRAAF_REMOTE_PASSWORD, KENNISGRAAF_REMOTE_TOKEN). "
                f"({response.status_code})"
            )
        if response.status_code == 400:
            raise _syntax_error(SyntaxError(detail), what)
        _LOG.warning("externe opslag gaf %s op een %s: %s", response.status_code, what, detail)
        raise QueryFailed(f"De externe opslag kon de {what} niet uitvoeren ({response.status_code}).")


def _quad(row: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal], s: str, p: str, o: str, g: object) -> ox.Quad:
    def term(text: str, name: str) -> object:
        return row[name] if text.startswith("?") else _parse_term(text)

    return ox.Quad(term(s, "s"), term(p, "p"), term(o, "o"), g)  # type: ignore[arg-type]


def _parse_term(text: str) -> ox.NamedNode | ox.BlankNode:
    return ox.NamedNode(text[1:-1]) if text.startswith("<") else ox.BlankNode(text[2:])


__all__ = ["Endpoint", "RemoteStore", "Results"]
