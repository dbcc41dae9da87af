"""The store facade: queries, atomic writes, persistence across processes, refusal of network access."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from graaf import Dataset, Store
from graaf.storage.changes import Change, apply
from graaf.storage.errors import QuerySyntaxError, RefusedOperation, StoreUnavailable, ValidationFailed
from graaf.storage.store import tsv_iri, tsv_literal

EX = "http://example.org/"


def _quad(s: str, o: str, g: str | None = None) -> ox.Quad:
    graph = ox.NamedNode(EX + g) if g else ox.DefaultGraph()
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.Literal(o, language="nl"), graph)


@pytest.fixture
def store() -> Store:
    store = Store()
    store.add([_quad("a", "een", "g1"), _quad("b", "twee", "g2"), _quad("c", "drie")])
    return store


def test_select_sees_union_of_graphs_by_default(store: Store) -> None:
    results = store.select("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
    assert results.column("s") == [URIRef(EX + "a"), URIRef(EX + "b"), URIRef(EX + "c")]


def test_select_with_protocol_dataset_limits_default_graph(store: Store) -> None:
    results = store.select("SELECT ?s WHERE { ?s ?p ?o }", dataset=Dataset([EX + "g2"]))
    assert results.column("s") == [URIRef(EX + "b")]


def test_bindings_are_terms_not_text(store: Store) -> None:
    # A value that would break the query if pasted into its text must simply match nothing.
    hostile = Literal('een"@nl } ; DROP ALL ; SELECT * { "', lang="nl")
    assert store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", bindings={"o": hostile}).rows == []
    found = store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", bindings={"o": Literal("een", lang="nl")})
    assert found.column("s") == [URIRef(EX + "a")]
    assert len(store) == 3


def test_limit_reports_truncation(store: Store) -> None:
    results = store.select("SELECT ?s WHERE { ?s ?p ?o }", limit=2)
    assert len(results.rows) == 2 and results.truncated
    assert not store.select("SELECT ?s WHERE { ?s ?p ?o }", limit=3).truncated


def test_table_gives_each_value_in_tsv_form_with_readers_for_it(store: Store) -> None:
    text = 'tab\tline\nquote"back\\slash é'
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    thing, prop = ox.NamedNode(EX + "t"), ox.NamedNode(EX + "q")
    objects = [ox.Literal(text, language="nl"), ox.Literal("12", datatype=integer), ox.NamedNode(EX + "o")]
    store.add([ox.Quad(thing, prop, o, ox.NamedNode(EX + "g3")) for o in objects])
    query = f"SELECT ?o ?none WHERE {{ <{EX}t> <{EX}q> ?o OPTIONAL {{ ?o <{EX}r> ?none }} }} ORDER BY STR(?o)"
    rows = store.table(query)
    assert rows == [["12", ""], [f"<{EX}o>", ""], ['"tab\\tline\\nquote\\"back\\\\slash é"@nl', ""]]
    assert [tsv_literal(value) for value, _ in rows] == [("12", ""), None, (text, "nl")]
    assert [tsv_iri(value) for value, _ in rows] == [None, EX + "o", None]
    assert [tsv_literal(value) or (tsv_iri(value), "") for value, _ in rows] == [
        (row["o"], row.get("l", "")) for row in store.values(query.replace("?none", "(LANG(?o) AS ?l)", 1))
    ]
    assert store.table(f"SELECT ?o WHERE {{ <{EX}nothing> ?p ?o }}") == []


def test_tsv_readers_tell_iris_literals_and_the_rest_apart() -> None:
    assert tsv_literal('"a\\u00e9\\U0001F600\\\\b"@en-gb') == ("a\u00e9\U0001f600\\b", "en-gb")
    assert tsv_literal('"2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>') == ("2020-01-01", "")
    assert tsv_literal('""') == ("", "") and tsv_literal("true") == ("true", "")
    for value in ("", "_:b1", "<http://example.org/a>", "<<( <http://a> <http://b> <http://c> )>>"):
        assert tsv_literal(value) is None
    for value in ("", "_:b1", '"http://example.org/a"', "<<( <http://a> <http://b> <http://c> )>>"):
        assert tsv_iri(value) is None


def test_counts_per_graph(store: Store) -> None:
    assert store.counts() == {EX + "g1": 1, EX + "g2": 1, "default": 1}


def test_syntax_error_has_position(store: Store) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        store.select("SELECT ?s WHERE {\n  ?s ?p \n}")
    assert caught.value.line == 3 and caught.value.column is not None


def test_failing_update_changes_nothing(store: Store) -> None:
    before = store.dump()
    with pytest.raises(QuerySyntaxError):
        store.update(f"INSERT DATA {{ <{EX}x> <{EX}p> 1 }} ; DELETE WHERE {{ ?s ?p }}")
    assert store.dump() == before


def test_a_change_is_one_transaction(store: Store) -> None:
    class Refuse:
        def check(self, store: Store, change: Change) -> None:
            raise ValidationFailed("nee", report=None)

    new = [_quad("new", "nieuw", "g1")]
    # The third triple, wherever the store fixture put it (a remote engine may have no default graph).
    third = [q for q in store.quads() if q.subject == ox.NamedNode(EX + "c")]
    change = Change(add=new, remove=third, replace_graphs=[EX + "g1"])
    before = store.dump()
    with pytest.raises(ValidationFailed):
        apply(store, change, Refuse())
    assert store.dump() == before
    apply(store, change)
    assert store.select(f"SELECT ?s {{ GRAPH <{EX}g1> {{ ?s ?p ?o }} }}").column("s") == [URIRef(EX + "new")]
    assert store.counts() == {EX + "g1": 1, EX + "g2": 1}


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o SERVICE ?endpoint { ?s ?p ?o } }",
        # An escaped character in a prefixed name must not make the rest look like a comment or string.
        r"PREFIX ex: <http://e/> SELECT * WHERE { BIND(ex:a\# AS ?x) SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        r"PREFIX ex: <http://e/> SELECT * WHERE { BIND(ex:a\' AS ?x) SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(store: Store, text: str) -> None:
    with pytest.raises(RefusedOperation):
        store.select(text)


@pytest.mark.parametrize(
    "text",
    [
        "LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <http://example.org/g>",
        r"PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c\# } ; LOAD <http://127.0.0.1:9/x.ttl>",
    ],
)
def test_load_is_refused(store: Store, text: str) -> None:
    before = store.dump()
    with pytest.raises(RefusedOperation):
        store.update(text)
    assert store.dump() == before


def test_keywords_inside_strings_iris_and_names_are_fine(store: Store) -> None:
    query = f'SELECT ?service WHERE {{ ?service <{EX}p> ?o FILTER(?o != "SERVICE en LOAD") }} # LOAD'
    assert len(store.select(query).rows) == 3


def test_persistence_across_processes(tmp_path: Path) -> None:
    path = tmp_path / "opslag"
    writer = textwrap.dedent(
        f"""
        from pathlib import Path
        from graaf import Store
        with Store(Path({str(path)!r})) as store:
            store.update('INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}s> <{EX}p> "blijft"@nl }} }}')
        """
    )
    subprocess.run([sys.executable, "-c", writer], check=True, timeout=60)
    with Store(path) as store:
        assert store.select("SELECT ?o WHERE { ?s ?p ?o }").column("o") == [Literal("blijft", lang="nl")]


def test_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    with Store(tmp_path / "opslag"):
        with pytest.raises(StoreUnavailable) as caught:
            Store(tmp_path / "opslag")
    assert "ander proces" in caught.value.message
