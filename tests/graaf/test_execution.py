"""Running queries within limits: the lexer, the store's dataset and SERVICE rules, jobs, workers, cache."""

import contextlib
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graaf import Dataset, Store
from graaf.storage.cache import ResultCache
from graaf.storage.errors import NoAcceptableFormat, QueryTimeout, RefusedOperation, TooManyRows
from graaf.storage.execution import Job, run_job
from graaf.storage.sparql_text import (
    has_dataset_clause,
    names_own_dataset,
    service_targets,
    with_using,
    without_final_order,
)
from graaf.storage.workers import QueryRunner
from tests.api.test_sparql_security import RUNAWAY
from tests.conftest import Canary

DATA = """INSERT DATA {
  GRAPH <http://example.org/g1> { <http://example.org/a> <http://example.org/p> "1", "x\\ty"@en, 2.5, _:b }
  GRAPH <http://example.org/g2> { <http://example.org/b> <http://example.org/p> "2" }
}"""


@pytest.fixture
def store() -> Store:
    store = Store()
    store.write(DATA)
    return store


def test_the_lexer_ignores_keywords_in_strings_iris_and_comments() -> None:
    assert has_dataset_clause("SELECT * FROM <http://x> { ?s ?p ?o }")
    assert not has_dataset_clause('SELECT * { ?s ?p "FROM" } # FROM <x>\n')
    assert service_targets("SELECT * { SERVICE SILENT <http://a> {} SERVICE ?e {} service ex:b {} }") == [
        "http://a",
        None,
        None,
    ]
    assert names_own_dataset("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert not names_own_dataset('INSERT DATA { GRAPH <g> { <s> <p> "USING WITH" } }')


def test_using_clauses_go_before_each_modify_where() -> None:
    update = (
        "INSERT { GRAPH <g> { ?s ?p ?o } } WHERE { ?s ?p ?o { SELECT ?s WHERE { ?s ?p ?o } } } ;\n"
        "DELETE WHERE { GRAPH <g> { ?s ?p ?o } } ;\n"
        "WITH <h> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    )
    rewritten = with_using(update, ["http://d"], ["http://n"], only_without_dataset=True)
    assert rewritten.count("USING <http://d> USING NAMED <http://n>") == 1  # not the subquery, DELETE WHERE, WITH
    assert "USING <http://d> USING NAMED <http://n> WHERE { ?s ?p ?o {" in rewritten
    Store().update(rewritten.replace("<g>", "<http://g>").replace("<h>", "<http://h>"))
    with pytest.raises(ValueError):
        with_using("INSERT { } WHERE { }", ["x> . <y"], [], only_without_dataset=False)


def test_a_query_with_from_gets_its_own_dataset_and_relative_iris_resolve(store: Store) -> None:
    def count(query: str, **kwargs: object) -> int:
        return int(store.select(query, **kwargs).rows[0]["n"])  # type: ignore[arg-type]

    assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == 5
    assert count("SELECT (COUNT(*) AS ?n) FROM <http://example.org/g2> WHERE { ?s ?p ?o }") == 1
    assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", dataset=Dataset(["http://example.org/g1"])) == 4
    answer = store.run("CONSTRUCT { <s> <p> 1 } WHERE {}", base_iri="http://example.org/sparql")
    assert [str(t.subject) for t in answer] == ["<http://example.org/s>"]  # type: ignore[union-attr]


def test_service_only_to_allowed_endpoints(store: Store, canary: Canary) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{canary}> {{ ?x ?p ?o }} }}"
    with pytest.raises(RefusedOperation):
        store.run(query)
    with pytest.raises(RefusedOperation):
        store.run(query, allowed_services=["http://127.0.0.1:1/elders"])
    assert canary.hits == []
    with contextlib.suppress(RuntimeError):  # what the canary answers does not matter, only that it was asked
        list(store.run(query, allowed_services=[canary]))  # type: ignore[call-overload]
    assert len(canary.hits) == 1  # the canary hears an allowed call: it would hear a forbidden one
    with pytest.raises(RefusedOperation):
        store.run("SELECT * { VALUES ?e { <http://a> } SERVICE ?e { ?x ?p ?o } }", allowed_services=[canary])
    with pytest.raises(RefusedOperation):
        store.update(f"LOAD <{canary}>")
    assert len(canary.hits) == 1


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_rows_are_written_exactly_as_oxigraph_writes_them(store: Store, fmt: str) -> None:
    query = "SELECT ?s ?o ?none WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o"
    outcome = run_job(store, Job(query, select_format=fmt))
    engine = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}.get(
        fmt, ox.QueryResultsFormat.CSV if fmt == "csv" else ox.QueryResultsFormat.TSV
    )
    assert outcome.body == store.run(query).serialize(format=engine)  # type: ignore[union-attr]
    assert (outcome.form, outcome.rows) == ("select", 5)


def test_limits_pages_and_formats(store: Store) -> None:
    every = "SELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(TooManyRows):
        run_job(store, Job(every, row_limit=4))
    assert run_job(store, Job(every, row_limit=5)).rows == 5
    page = run_job(store, Job(every + " ORDER BY ?o", offset=2, page_size=2))
    assert (page.rows, page.has_more) == (2, True)
    last = run_job(store, Job(every + " ORDER BY ?o", offset=4, page_size=2))
    assert (last.rows, last.has_more) == (1, False)
    with pytest.raises(NoAcceptableFormat):
        run_job(store, Job("ASK {}", ask_format=None))
    graph = run_job(store, Job("CONSTRUCT WHERE { ?s ?p ?o }", graph_format="nquads", row_limit=10))
    assert graph.form == "graph" and graph.body.count(b"\n") == 5
    with pytest.raises(TooManyRows):
        run_job(store, Job("CONSTRUCT WHERE { ?s ?p ?o }", row_limit=3))


def test_a_streaming_query_stops_at_the_deadline_in_a_thread(store: Store) -> None:
    store.add(
        ox.Quad(
            ox.NamedNode(f"http://example.org/n{i}"),
            ox.NamedNode("http://example.org/q"),
            ox.Literal(str(i)),
            ox.NamedNode("http://example.org/g3"),
        )
        for i in range(400)
    )
    runner = QueryRunner(store, workers=1, cache_bytes=0, timeout_s=0.3)
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        runner.run(Job("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout_s=0.3))
    assert time.monotonic() - started < 1.0
    time.sleep(0.5)  # the thread has seen the deadline between rows and stopped by itself
    assert runner.run(Job("ASK {}", timeout_s=2)).body == b'{"head":{},"boolean":true}'
    runner.close()


def test_worker_processes_see_every_write(tmp_path: Path) -> None:
    with Store(tmp_path / "opslag") as store:
        runner = QueryRunner(store, workers=1, cache_bytes=1_000_000, timeout_s=20)
        ask = Job("ASK { ?s ?p ?o }", timeout_s=20)
        assert b"false" in runner.run(ask).body
        store.write(DATA)
        assert b"true" in runner.run(ask).body  # a new snapshot, and the cached answer is not used
        store.write("CLEAR ALL")
        assert b"false" in runner.run(ask).body
        runner.close()
        assert not (tmp_path / "opslag.momentopnamen").exists()


def test_a_workers_start_does_not_count_against_the_first_query(tmp_path: Path) -> None:
    """A worker imports the engine when it starts (a second or more); that is not the query's time.

    The query gets 0.3 s, less than a worker's start, so this failed while the start counted.
    """
    with Store(tmp_path / "opslag") as store:
        ex = "http://example.org/"
        store.add(ox.Quad(ox.NamedNode(f"{ex}n{i}"), ox.NamedNode(f"{ex}q"), ox.Literal(str(i))) for i in range(2000))
        runner = QueryRunner(store, workers=1, cache_bytes=0, timeout_s=0.3)
        try:
            assert b"true" in runner.run(Job("ASK { ?s ?p ?o }", timeout_s=0.3)).body
            with pytest.raises(QueryTimeout):  # a runaway query still stops, and its worker is replaced
                runner.run(Job(RUNAWAY, timeout_s=0.3))
            # The replacement is still starting. A SELECT looks at the deadline at its first row, so it
            # timed out while the start counted (an ASK slipped through in the 0.25 s margin).
            rows = runner.run(Job("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", timeout_s=0.3))
            assert rows.rows == 1
        finally:
            runner.close()


def test_the_cache_forgets_everything_after_a_write() -> None:
    cache = ResultCache(max_bytes=100)
    job = Job("ASK {}")
    outcome = run_job(Store(), job)
    cache.put(1, job, outcome)
    assert cache.get(1, job) == outcome and cache.get(2, job) is None
    cache.put(1, Job("ASK { ?s ?p ?o }"), outcome)  # computed before the write: not kept
    cache.put(2, job, outcome)
    assert len(cache) == 1
    for n in range(20):  # bounded in bytes
        cache.put(2, Job(f"ASK {{ <http://x/{n}> ?p ?o }}"), outcome)
    assert len(cache) < 5


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_a_triple_term_in_a_row_is_written_not_a_server_error(fmt: str) -> None:
    query = "SELECT * { BIND(<<( <http://a> <http://b> <http://c> )>> AS ?t) }"
    outcome = run_job(Store(), Job(query, select_format=fmt, row_limit=10))
    assert outcome.rows == 1 and b"http://b" in outcome.body


LABELS = """INSERT DATA {
  GRAPH <http://example.org/g1> {
    <http://example.org/1> <http://example.org/naam> "beer"@nl ; <http://example.org/rang> 3 .
    <http://example.org/2> <http://example.org/naam> "Aap"@nl ; <http://example.org/rang> 10 .
    <http://example.org/3> <http://example.org/naam> "éénhoorn"@nl ; <http://example.org/rang> 2 .
    <http://example.org/4> <http://example.org/naam> "aap"@nl ; <http://example.org/rang> 1 .
    <http://example.org/5> <http://example.org/naam> "Zebra"@nl ; <http://example.org/rang> 7 .
    <http://example.org/6> <http://example.org/rang> 5 .
  }
}"""
SORTED = """SELECT ?ding ?naam ?rang WHERE {
  ?ding <http://example.org/rang> ?rang . OPTIONAL { ?ding <http://example.org/naam> ?naam }
}
ORDER BY ?naam"""


def test_only_a_final_order_by_on_the_named_variable_is_left_to_later() -> None:
    assert without_final_order(SORTED, "naam") == SORTED[: SORTED.index("ORDER BY")]
    assert without_final_order(SORTED.replace("ORDER BY ?naam", "order by $naam"), "naam") is not None
    assert without_final_order(SORTED, "rang") is None
    assert without_final_order(SORTED + " LIMIT 2", "naam") is None  # LIMIT picks rows by the order
    assert without_final_order(SORTED.replace("BY ?naam", "BY DESC(?naam)"), "naam") is None
    assert without_final_order("SELECT * { { SELECT ?naam { ?s ?p ?naam } ORDER BY ?naam } }", "naam") is None


@pytest.mark.parametrize(("column", "query"), [("naam", SORTED), ("rang", SORTED.replace("BY ?naam", "BY ?rang"))])
def test_rows_sorted_after_the_engine_are_the_engines_order_page_by_page(
    column: str, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same bytes as the engine's ORDER BY on every page: strings by code point (capitals before
    small letters, é after z), unbound first; a column of numbers falls back to the engine's sort."""
    store = Store()
    store.write(LABELS)
    asked: list[str] = []
    engine_run = store.run
    monkeypatch.setattr(store, "run", lambda text, **kwargs: asked.append(text) or engine_run(text, **kwargs))
    for fmt in ("json", "csv"):
        for offset in range(0, 7, 2):
            plain = Job(query, select_format=fmt, offset=offset, page_size=2)
            afterwards = run_job(store, Job(query, select_format=fmt, offset=offset, page_size=2, sort_after=column))
            assert afterwards == run_job(store, plain)
    whole = run_job(store, Job(query, select_format="csv", sort_after=column)).body.decode()
    names = [line.split(",")[1] for line in whole.splitlines()[1:]]
    if column == "naam":
        assert names == ["", "Aap", "Zebra", "aap", "beer", "éénhoorn"]
    else:
        assert names[:3] == ["aap", "éénhoorn", "beer"]  # 1, 2, 3: by value, not as text
    # The path is really taken: 9 jobs asked the engine without ORDER BY, 8 plain ones with it; for
    # numbers each of those 9 asked again with it.
    without = sum("ORDER BY" not in text for text in asked)
    assert (without, len(asked) - without) == ((9, 8) if column == "naam" else (9, 17))
