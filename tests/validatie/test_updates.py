"""Planning an update: the change it would make, worked out on a copy, with our rules on top."""

import re

import pyoxigraph as ox
import pytest

from graaf import Store, sync_shipped
from graaf.storage.errors import QuerySyntaxError, RefusedOperation, ValidationFailed
from ontologie.namespaces import DEFAULT_BASE
from validatie.updates import (
    DatasetConflict,
    DefaultGraphWrite,
    ImportGraphWrite,
    ShippedGraphWrite,
    UpdateFailed,
    plan_update,
    run_update,
)

G = "http://example.org/g"
EX = "http://example.org/"
KERN = DEFAULT_BASE + "def/kern#"


@pytest.fixture
def store() -> Store:
    store = Store()
    sync_shipped(store)
    return store


def plan(store: Store, update: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return plan_update(store, update, base=DEFAULT_BASE, **kwargs)  # type: ignore[arg-type]


def test_planning_changes_nothing(store: Store) -> None:
    before = store.dump()
    result = plan(store, f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 1 }} }}")
    assert (result.added, result.removed) == (1, 0) and store.dump() == before


def test_the_change_of_a_modify_with_a_where_over_all_graphs(store: Store) -> None:
    run_update(store, f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 1, 2 }} }}", base=DEFAULT_BASE)
    result = plan(
        store,
        f"DELETE {{ GRAPH <{G}> {{ ?s <{EX}p> 2 }} }} INSERT {{ GRAPH <{G}> {{ ?s <{EX}p> 3 }} }} "
        f"WHERE {{ ?s <{EX}p> 2 }}",
    )
    assert (result.added, result.removed) == (1, 1)
    assert [q.object for q in result.change.remove] == [
        ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    ]


def test_removing_a_blank_node_rewrites_its_graph(store: Store) -> None:
    run_update(
        store, f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> [ <{EX}q> 1 ], [ <{EX}q> 2 ] }} }}", base=DEFAULT_BASE
    )
    result = plan(
        store,
        f"DELETE {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> ?b . ?b ?x ?y }} }} "
        f"WHERE {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> ?b . ?b <{EX}q> 1 . ?b ?x ?y }} }}",
    )
    assert result.removed == 2 and result.change.replace_graphs == [G]
    assert len(result.change.add) == 2  # what stays of the graph, written anew
    run_update(
        store,
        f"DELETE {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> ?b . ?b ?x ?y }} }} "
        f"WHERE {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> ?b . ?b <{EX}q> 1 . ?b ?x ?y }} }}",
        base=DEFAULT_BASE,
    )
    left = store.select(f"SELECT ?v WHERE {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> ?b . ?b <{EX}q> ?v }} }}").rows
    assert [int(r["v"]) for r in left] == [2]  # type: ignore[call-overload]


def test_our_rules(store: Store) -> None:
    with pytest.raises(DefaultGraphWrite):
        plan(store, f"INSERT DATA {{ <{EX}a> <{EX}p> 1 }}")
    with pytest.raises(ShippedGraphWrite):
        plan(store, "DROP ALL")
    with pytest.raises(ShippedGraphWrite):
        plan(store, f"INSERT DATA {{ GRAPH <{DEFAULT_BASE}id/graaf/beheer> {{ <{EX}a> <{EX}p> 1 }} }}")
    with pytest.raises(DatasetConflict):
        plan(store, f"WITH <{G}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", using_graphs=[G])
    with pytest.raises(RefusedOperation):
        plan(store, "LOAD <http://127.0.0.1:1/x>")
    with pytest.raises(QuerySyntaxError) as error:
        plan(store, "INSERT DATA {\n GRAPH <g> { <a> <b> }\n}", base_iri="http://example.org/")
    assert error.value.line == 2
    before = store.dump()
    with pytest.raises(ValidationFailed):
        run_update(
            store,
            f"INSERT DATA {{ GRAPH <{G}> {{ <{DEFAULT_BASE}id/interventie/x> a <{KERN}Netwerkactiviteit> }} }}",
            base=DEFAULT_BASE,
        )
    assert store.dump() == before


def test_the_graph_of_an_import_changes_only_through_an_import(store: Store) -> None:
    graph = DEFAULT_BASE + "id/graaf/import/proef"
    store.add([ox.Quad(ox.NamedNode(f"{EX}a"), ox.NamedNode(f"{EX}p"), ox.Literal("een"), ox.NamedNode(graph))])
    for update in (
        f"DELETE WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
        f"DROP GRAPH <{graph}>",
        f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}a> <{EX}p> 'twee' }} }}",
        f"DELETE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }} WHERE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }}",  # every graph
    ):
        with pytest.raises(ImportGraphWrite) as caught:
            plan(store, update)
        assert isinstance(caught.value, ShippedGraphWrite)  # the same 403 as a shipped graph
        assert f"<{graph}>" in caught.value.message and "/api/importeer" in caught.value.message
    assert len(store.quads(graph)) == 1


def test_drop_of_a_graph_that_is_not_there_is_the_editors_error(store: Store) -> None:
    with pytest.raises(UpdateFailed) as caught:
        plan(store, f"DROP GRAPH <{G}>")
    assert caught.value.message.startswith(f"De graaf <{G}> bestaat niet.")
    assert isinstance(caught.value, QuerySyntaxError)  # a 400, like a syntax error
    assert (plan(store, f"DROP SILENT GRAPH <{G}>").removed, len(store.graphs())) == (0, len(store.graphs()))
    run_update(store, f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 1, 2 }} }}", base=DEFAULT_BASE)
    assert run_update(store, f"DROP GRAPH <{G}>", base=DEFAULT_BASE).removed == 2
    with pytest.raises(UpdateFailed, match="bestaat al"):
        plan(store, f"CREATE GRAPH <{DEFAULT_BASE}id/graaf/bronnen>")


# Updates made only of INSERT DATA and DELETE DATA: their change is read from the text, without a copy.
DATA_UPDATES = [
    f"PREFIX ex: <{EX}> INSERT DATA {{ GRAPH <{G}> {{ ex:a ex:p 'nieuw'@NL, 1, 1.50, true, ( ex:x ex:y ) ; a ex:K . "
    "[] ex:p ex:a . _:b ex:q _:b } }",
    f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 1, 7 }} }}",  # 1 is there already
    f"DELETE DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 1 . <{EX}a> <{EX}p> 99 }} }}",  # 99 is not
    f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}n> <{EX}p> 1 }} }} ; DELETE DATA {{ GRAPH <{G}> {{ <{EX}n> <{EX}p> 1 }} }}",
    f"DELETE DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 1 }} }} ; INSERT DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 1 }} }}",
    f'BASE <{EX}> PREFIX e: <{EX}> INSERT DATA {{ GRAPH <g2> {{ <b> e:p """met ; en }} erin""" }} }} ; '
    "INSERT DATA { GRAPH <g2> { e:c e:p <d> } }",
    f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 2 }} GRAPH <{EX}g3> {{ <{EX}a> <{EX}p> 3 . }} }}",
]


def _shape(quads: list[ox.Quad]) -> list[str]:
    """Quads as text with every blank node the same: the two ways give different (fresh) labels."""
    return sorted(re.sub(r"_:\w+", "_:x", str(q)) for q in quads)


@pytest.mark.parametrize("update", DATA_UPDATES)
def test_a_data_update_is_read_from_its_text_with_the_change_a_copy_gives(
    store: Store, update: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_update(store, f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 1, 2 }} }}", base=DEFAULT_BASE)
    copied = plan(store, update + " ; CLEAR SILENT GRAPH <urn:niets>")  # one operation more: the copy runs it
    with monkeypatch.context() as patch:
        patch.setattr(Store, "scratch_copy", lambda self: pytest.fail("an update of data needs no copy"))
        read = plan(store, update)
    assert (read.added, read.removed) == (copied.added, copied.removed)
    assert _shape(read.change.add) == _shape(copied.change.add)
    assert _shape(read.change.remove) == _shape(copied.change.remove)
    assert not read.change.replace_graphs


def test_blank_nodes_of_a_data_update_are_new_ones(store: Store) -> None:
    insert = f"INSERT DATA {{ GRAPH <{G}> {{ _:b <{EX}p> 1 }} }}"
    run_update(store, insert, base=DEFAULT_BASE)
    assert plan(store, insert).added == 1  # the same label, a new node
    run_update(store, insert, base=DEFAULT_BASE)
    assert len(store.quads(G)) == 2


def test_only_an_update_of_data_skips_the_copy_and_our_rules_still_hold(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    copies: list[Store] = []
    copy = Store.scratch_copy
    monkeypatch.setattr(Store, "scratch_copy", lambda self: copies.append(self) or copy(self))
    data = f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 1 }} }}"
    plan(store, data)
    assert copies == []
    plan(store, data + f" ; INSERT {{ GRAPH <{G}> {{ ?s ?p 2 }} }} WHERE {{ ?s ?p 1 }}")
    assert len(copies) == 1
    with pytest.raises(DefaultGraphWrite):
        plan(store, f"INSERT DATA {{ <{EX}a> <{EX}p> 1 . }}")
    with pytest.raises(ShippedGraphWrite):
        plan(store, f"INSERT DATA {{ GRAPH <{DEFAULT_BASE}id/graaf/beheer> {{ <{EX}a> <{EX}p> 1 }} }}")
    assert len(copies) == 1
