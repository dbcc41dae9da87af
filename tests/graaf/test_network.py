"""Related interventions from the network: reasons in words, synergy first, clashes as warnings, a cache per version."""

import re

import pyoxigraph as ox
import pytest

from graaf import Store, network
from tests.graaf import writes

ID = "https://data.alliantievankracht.nl/id/"
KERN = "https://data.alliantievankracht.nl/def/kern#"
FIN = ID + "interventie/financiele-educatie"


def test_shared_mechanism_or_capital_gives_a_reason(shipped_store: Store) -> None:
    found = network.related(shipped_store, FIN)
    assert found
    assert all(r.iri != FIN and r.reasons for r in found)
    assert any("werkt ook op economisch kapitaal" in r.reasons for r in found)
    assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)
    english = network.related(shipped_store, FIN, "en")
    assert any(reason.startswith("also works on") for r in english for reason in r.reasons)


def test_unknown_intervention_has_no_relations(shipped_store: Store) -> None:
    assert network.related(shipped_store, ID + "interventie/bestaat-niet") == []


def test_synergy_ranks_first_and_clashes_warn_and_the_cache_follows_writes(shipped_store: Store) -> None:
    store = shipped_store.scratch_copy()
    try:
        before = network.network_of(store)
        assert network.network_of(store) is before  # cached while nothing is written
        other = ID + "interventie/jobcarving"
        clash = ID + "interventie/basisbanen"
        store.add(
            [
                ox.Quad(ox.NamedNode(FIN), ox.NamedNode(KERN + "heeftSynergieMet"), ox.NamedNode(other)),
                ox.Quad(ox.NamedNode(clash), ox.NamedNode(KERN + "botstMet"), ox.NamedNode(FIN)),
            ]
        )
        assert network.network_of(store) is not before
        found = network.related(store, FIN)
        assert found[0].iri == other
        assert "werkt goed samen met deze interventie" in found[0].reasons
        alerts = network.warnings(store, FIN)
        assert [(a.iri, a.text) for a in alerts] == [(clash, "botst met deze interventie")]
    finally:
        store.close()


def _same(refreshed: network.Network, built: network.Network) -> None:
    assert dict(refreshed.graph.nodes(data=True)) == dict(built.graph.nodes(data=True))
    assert {frozenset(e[:2]): e[2] for e in refreshed.graph.edges(data=True)} == {
        frozenset(e[:2]): e[2] for e in built.graph.edges(data=True)
    }
    assert refreshed.labels == built.labels
    assert refreshed.clashes == built.clashes
    assert refreshed.overlaps == built.overlaps
    mine, theirs = refreshed.walk(), built.walk()
    assert mine.nodes == theirs.nodes
    assert (mine.sources == theirs.sources).all() and (mine.shares == theirs.shares).all()


def test_after_a_write_only_what_it_touched_is_read_again_and_the_network_is_as_if_built_anew(
    shipped_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = writes.small_graph(shipped_store)
    network.network_of(store)
    builds: list[Store] = []
    real_build = network.build
    monkeypatch.setattr(network, "build", lambda s: builds.append(s) or real_build(s))
    read: list[str] = []
    real_values = store.values
    monkeypatch.setattr(store, "values", lambda query, **k: read.append(query) or real_values(query, **k))
    for name in writes.written(store):
        touched = store.touched_since(store.version - 1) or frozenset()
        read.clear()
        refreshed = network.network_of(store)
        if name == "geen mechanisme meer":  # what was worked on is no target: all its links change
            assert builds == [store], name
            builds.clear()
            _same(refreshed, real_build(store))
            continue
        assert builds == [], f"{name}: built anew instead of brought up to date"
        # Each query looks up a list of things: what the write touched and the interventions of touched
        # effects, never all 43 interventions.
        listed = [re.search(r"VALUES \?[ixt] \{([^}]*)\}", query) for query in read]
        assert read and all(listed), name
        assert max(found.group(1).count("<") for found in listed if found) <= len(touched) + 3, name
        _same(refreshed, real_build(store))
        for iri in sorted(i for i, d in refreshed.graph.nodes(data=True) if d.get("kind") == "interventie")[:60]:
            assert network.related(store, iri) == network._related(real_build(store), iri, "nl", 8), (name, iri)
    monkeypatch.undo()
    monkeypatch.setattr(network, "build", lambda s: builds.append(s) or real_build(s))
    store.add([])  # a write that does not say what it touched: built anew
    store.update("INSERT DATA { <urn:x> <urn:p> <urn:y> }")
    network.network_of(store)
    assert builds == [store]
