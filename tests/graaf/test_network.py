"""Related interventions from the network: reasons in words, synergy first, clashes as warnings, a cache per version."""

import pyoxigraph as ox

from graaf import Store, network

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
