"""Named queries: every shipped .rq reads and runs; parameters are typed RDF terms, never query text."""

import itertools

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from benchmarks.synthetic import generate
from graaf import Store, sync_shipped
from graaf.storage.named_queries import (
    InvalidParameter,
    Parameter,
    QueryDefinitionError,
    bind,
    named_queries,
    named_query,
    parse,
    to_term,
    with_defaults,
)
from graaf.storage.sparql_text import without_final_order
from ontologie.namespaces import DEFAULT_BASE

ID = DEFAULT_BASE + "id/"
LAB = [
    "mechanismen-zonder-bewijs",
    "interventies-kapitaal-doelgroep",
    "activiteiten-per-programmadoel",
    "interventies-in-gemeente",
    "botsende-interventies",
]


@pytest.fixture(scope="module")
def synthetic_store() -> Store:
    """The shipped graph plus a small synthetic one, in which every lab question has an answer."""
    store = Store()
    sync_shipped(store)
    store.add(generate(20_000))
    return store


def test_header_fields_parameters_and_continuation_lines() -> None:
    query = parse(
        "x",
        "# title: Een vraag\n# description: Eerste regel\n#   en de tweede.\n"
        "# param: plaats (iri, verplicht): De plaats.\n# param: n (integer, standaard 3): Hoeveel.\n"
        "# tags: voorbeeld, plaats\nSELECT ?plaats ?n WHERE { ?plaats ?p ?n }\n# title: geen kop meer\n",
    )
    assert (query.title, query.description) == ("Een vraag", "Eerste regel en de tweede.")
    assert query.parameters == (
        Parameter("plaats", "iri", "De plaats.", required=True),
        Parameter("n", "integer", "Hoeveel.", default="3"),
    )
    assert query.tags == ("voorbeeld", "plaats") and query.in_api
    assert not parse("y", "# title: Intern\n# api: nee\nASK {}").in_api
    assert not parse("z", "ASK {}").in_api  # no title: not offered
    with pytest.raises(QueryDefinitionError):
        parse("w", "# title: X\n# param: a (kleur): ?\nASK {}")


def test_every_shipped_query_parses_and_runs_on_the_shipped_graph(shipped_store: Store) -> None:
    queries = named_queries()
    assert set(LAB) <= {q.name for q in queries}
    for query in queries:
        assert query.title and query.description, query.name
        results = shipped_store.select(query.text, bindings=bind(query, {}))
        assert set(results.variables) >= {p.name for p in query.parameters}, query.name
        if query.sort_after is not None:  # a header that no longer fits the text would be ignored silently
            assert without_final_order(query.text, query.sort_after) is not None, query.name
            assert query.sort_after in results.variables, query.name
    assert named_query("activiteiten-mechanismen-bewijs").sort_after == "activiteit"  # type: ignore[union-attr]


def test_the_lab_questions_answer_on_a_graph_with_evidence(synthetic_store: Store) -> None:
    def rows(name: str, **values: str) -> list[dict[str, object]]:
        query = named_query(name)
        assert query is not None
        return synthetic_store.select(query.text, bindings=bind(query, values)).rows  # type: ignore[return-value]

    without = {str(r["naam"]) for r in rows("mechanismen-zonder-bewijs")}
    # The synthetic graph has evidence above "onbekend" for its ten mechanisms; the plan's others have none.
    assert "Schulden" not in without and "Taboe op armoede" in without
    young = rows("interventies-kapitaal-doelgroep")
    assert young and {str(r["kapitaalvorm"]) for r in young} == {ID + "kapitaalvorm/mentaal"}
    economic = rows("interventies-kapitaal-doelgroep", kapitaalvorm="id:kapitaalvorm/economisch")
    assert {str(r["kapitaalvorm"]) for r in economic} == {ID + "kapitaalvorm/economisch"}
    goals = rows("activiteiten-per-programmadoel", doel="id:doel/leren-en-weten-wat-effectief-is")
    assert goals and any(r.get("via") for r in goals)
    pekela = rows("interventies-in-gemeente")
    assert {str(r["gemeenteNaam"]) for r in pekela} == {"Pekela"} and len(pekela) > 10
    clashes = rows("botsende-interventies")
    pairs = [(str(r["interventie"]), str(r["andere"])) for r in clashes]
    assert pairs and all(a < b for a, b in pairs) and len(set(pairs)) == len(pairs)  # each pair once


def test_parameter_values_become_typed_terms() -> None:
    iri = Parameter("p", "iri")
    assert to_term(iri, "id:plaats/GM0037") == URIRef(ID + "plaats/GM0037")
    assert to_term(iri, "id:plaats/GM0037", "https://example.org/") == URIRef("https://example.org/id/plaats/GM0037")
    assert to_term(Parameter("n", "integer"), "12") == Literal(12, datatype=XSD.integer)
    assert to_term(Parameter("d", "date"), "2026-11-24") == Literal("2026-11-24", datatype=XSD.date)
    assert to_term(Parameter("b", "boolean"), "true") == Literal("true", datatype=XSD.boolean)
    assert to_term(Parameter("x", "decimal"), "1.50") == Literal("1.50", datatype=XSD.decimal)
    for kind, bad in [
        ("iri", "geen iri"),
        ("iri", "x> } ; DROP ALL ; #"),
        ("integer", "1 ; DROP ALL"),
        ("decimal", "NaN"),
        ("boolean", "ja"),
        ("date", "24-11-2026"),
    ]:
        with pytest.raises(InvalidParameter):
            to_term(Parameter("p", kind), bad)
    with pytest.raises(InvalidParameter):
        bind(parse("q", "# title: t\n# param: a (iri, verplicht): x\nSELECT ?a {}"), {})


@pytest.mark.parametrize(
    "value",
    ['") } ; DROP ALL ; #', "' } UNION { ?s ?p ?o } #", '\\" }', 'Pekela" . ?x ?y ?z . FILTER("a'],
)
def test_a_string_parameter_is_a_literal_whatever_it_contains(shipped_store: Store, value: str) -> None:
    query = parse(
        "zoek",
        "# title: t\n# param: naam (string): x\n"
        "SELECT DISTINCT ?naam ?x WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(STR(?l) = ?naam) }",
    )
    before = len(shipped_store)
    results = shipped_store.select(query.text, bindings=bind(query, {"naam": value}))
    assert results.rows == [] and len(shipped_store) == before
    same = shipped_store.select(query.text, bindings=bind(query, {"naam": "Pekela"}))
    assert [str(r["x"]) for r in same.rows] == [ID + "plaats/GM0765"]


def test_defaults_written_in_give_the_same_rows_as_binding(synthetic_store: Store) -> None:
    for query in named_queries():
        if not any(p.default for p in query.parameters):
            continue
        bound = synthetic_store.select(query.text, bindings=bind(query, {})).rows
        written = synthetic_store.select(with_defaults(query)).rows
        key = sorted  # the row order of equal ORDER BY keys may differ
        assert key(map(str, bound)) == key(map(str, written)), query.name
        assert "VALUES" in with_defaults(query)
    assert list(itertools.islice(named_queries(), 1))
