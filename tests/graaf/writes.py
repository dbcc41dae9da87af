"""Writes of the kinds editors and imports make, for tests that compare a result brought up to date after a
write (graaf.storage.versioned's refresh) with the same result built anew from the store.

Each write is a `Change` applied through `graaf.storage.changes.apply`, so the store learns what it
touched. Together they add and remove interventions, effects and evidence, links between interventions,
and the labels and kinds of the things interventions work on.
"""

import random
from collections.abc import Callable, Iterator

import pyoxigraph as ox

from benchmarks import synthetic
from graaf import Store
from graaf.storage.changes import Change, apply
from ontologie.namespaces import KERN

ID = synthetic.ID
RDF_TYPE = synthetic.RDF_TYPE
LABEL = synthetic.RDFS_LABEL
PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


def _k(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(KERN[name]))


def _n(path: str) -> ox.NamedNode:
    return ox.NamedNode(ID + path)


def small_graph(shipped: Store, interventions: int = 40) -> Store:
    """The shipped graph and some fictitious interventions with effects, evidence and links, in memory."""
    store = shipped.scratch_copy()
    store.add(synthetic.generate(0, seed=3, interventions=interventions))
    return store


def _about(store: Store, node: ox.NamedNode) -> list[ox.Quad]:
    return store.quads_from(node)


def _new_interventions(store: Store) -> Change:
    rng = random.Random(11)
    quads = [q for index in range(3) for q in synthetic.intervention(index, rng, prefix="nieuw")]
    quads.append(
        ox.Quad(_n("interventie/nieuw-0"), _k("heeftSynergieMet"), _n("interventie/fictief-5"), synthetic.GRAPH)
    )
    quads.append(ox.Quad(_n("interventie/nieuw-1"), _k("botstMet"), _n("interventie/fictief-6"), synthetic.GRAPH))
    return Change(add=quads)


def _gone_intervention(store: Store) -> Change:
    """An intervention and all it says, and its effects and their evidence."""
    node = _n("interventie/fictief-7")
    removed = _about(store, node) + store.quads_to(node)
    for effect in [q.subject for q in store.quads_to(node) if q.predicate == _k("vanInterventie")]:
        removed += _about(store, effect) + store.quads_to(effect)  # type: ignore[arg-type]
    return Change(remove=list(dict.fromkeys(removed)))


def _effect_moves(store: Store) -> Change:
    """An effect works on something else now, and a piece of evidence goes to another effect. The effect is
    one of an intervention that clashes with another: that clash is untouched, yet read again."""
    clashing = next(q.subject for q in store.stream() if q.predicate == _k("botstMet"))
    effect = next(q.subject for q in store.quads_to(clashing) if q.predicate == _k("vanInterventie"))  # type: ignore[arg-type]
    old = [q for q in _about(store, effect) if q.predicate == _k("werktOp")]  # type: ignore[arg-type]
    proof = _n("bewijs/fictief-3-1")
    moved = [q for q in _about(store, proof) if q.predicate == _k("ondersteunt")]
    graph = synthetic.GRAPH
    return Change(
        add=[
            ox.Quad(effect, _k("werktOp"), _n("mechanisme/ziekte"), graph),  # type: ignore[arg-type]
            ox.Quad(effect, _k("werktOp"), _n("kapitaalvorm/mentaal"), graph),  # type: ignore[arg-type]
            ox.Quad(proof, _k("ondersteunt"), _n("effect/fictief-4-0"), graph),
        ],
        remove=old + moved,
    )


def _renamed(store: Store) -> Change:
    """A mechanism and an intervention get other names; a target group loses its own."""
    graph = synthetic.GRAPH
    mechanism = _n("mechanisme/schulden")
    intervention = _n("interventie/fictief-9")
    group = _n("doelgroep/gezin")
    names = (LABEL, PREF_LABEL)
    removed = [q for q in _about(store, mechanism) if q.predicate in names and q.object.language == "nl"]  # type: ignore[union-attr]
    removed += [q for q in _about(store, intervention) if q.predicate == LABEL]
    removed += [q for q in _about(store, group) if q.predicate == LABEL and q.object.language == "en"]  # type: ignore[union-attr]
    return Change(
        add=[
            ox.Quad(mechanism, PREF_LABEL, ox.Literal("Schulden en achterstanden", language="nl"), graph),
            ox.Quad(intervention, LABEL, ox.Literal("Hernoemde interventie", language="nl"), graph),
        ],
        remove=removed,
    )


def _linked_to_something_new(store: Store) -> Change:
    """Effects work on something that is not a mechanism (yet); an intervention gets a second target group."""
    graph = synthetic.GRAPH
    node = _n("mechanisme/nieuw-mechanisme")
    return Change(
        add=[
            ox.Quad(_n("effect/fictief-11-0"), _k("werktOp"), node, graph),
            ox.Quad(_n("effect/fictief-12-1"), _k("werktOp"), node, graph),
            ox.Quad(_n("interventie/fictief-13"), _k("voorDoelgroep"), _n("doelgroep/kind"), graph),
        ]
    )


def _new_mechanism(store: Store) -> Change:
    """What those effects work on becomes a mechanism, with a name: only it is touched, not the effects."""
    graph = synthetic.GRAPH
    node = _n("mechanisme/nieuw-mechanisme")
    return Change(
        add=[
            ox.Quad(node, RDF_TYPE, _k("Mechanisme"), graph),
            ox.Quad(node, LABEL, ox.Literal("Nieuw mechanisme", language="nl"), graph),
        ]
    )


def _last_link_gone(store: Store) -> Change:
    """Nothing works on the new mechanism any more."""
    node = _n("mechanisme/nieuw-mechanisme")
    return Change(remove=[q for q in store.quads_to(node) if q.predicate == _k("werktOp")])


def _turns(store: Store) -> Change:
    """An effect that helped now harms: only the effect itself is touched (and the two directions)."""
    effect = _n("effect/fictief-15-0")
    old = [q for q in _about(store, effect) if q.predicate == _k("richting")]
    return Change(add=[ox.Quad(effect, _k("richting"), _n("effectrichting/schaadt"), synthetic.GRAPH)], remove=old)


def _turns_back(store: Store) -> Change:
    effect = _n("effect/fictief-15-0")
    old = [q for q in _about(store, effect) if q.predicate == _k("richting")]
    return Change(add=[ox.Quad(effect, _k("richting"), _n("effectrichting/helpt"), synthetic.GRAPH)], remove=old)


def _level_changes(store: Store) -> Change:
    """A piece of evidence gets another level: only it and the two levels are touched."""
    proof = _n("bewijs/fictief-16-0")
    old = [q for q in _about(store, proof) if q.predicate == _k("bewijsniveau")]
    level = "goed-onderbouwd" if not any(q.object == _n("bewijsniveau/goed-onderbouwd") for q in old) else "onbekend"
    return Change(add=[ox.Quad(proof, _k("bewijsniveau"), _n("bewijsniveau/" + level), synthetic.GRAPH)], remove=old)


def _provider_renamed(store: Store) -> Change:
    """An organisation that offers interventions gets another Dutch name."""
    provider = next(q.object for q in store.stream() if q.predicate == _k("aangebodenDoor"))
    old = [q for q in _about(store, provider) if q.predicate == LABEL and q.object.language == "nl"]  # type: ignore[arg-type, union-attr]
    name = ox.Literal("Andere naam van de aanbieder", language="nl")
    return Change(add=[ox.Quad(provider, LABEL, name, synthetic.GRAPH)], remove=old)  # type: ignore[arg-type]


def _rank_changes(store: Store) -> Change:
    """An evidence level ranks otherwise: what every effect scores changes."""
    level = _n("bewijsniveau/goed-beschreven")
    old = [q for q in _about(store, level) if q.predicate == _k("rang")]
    value = max(0, int(old[0].object.value) - 1)  # type: ignore[union-attr]  # the rank of another level
    rank = ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return Change(add=[ox.Quad(level, _k("rang"), rank, old[0].graph_name)], remove=old)


def _no_longer_an_intervention(store: Store) -> Change:
    """An intervention that another one works well with loses its type (and stays linked)."""
    partner = next(q.object for q in store.stream() if q.predicate == _k("heeftSynergieMet"))
    return Change(remove=[q for q in _about(store, partner) if q.predicate == RDF_TYPE])  # type: ignore[arg-type]


def _level_renamed(store: Store) -> Change:
    """An evidence level gets another Dutch name: no thing of the index, but its facet shows the name."""
    level = _n("bewijsniveau/goed-beschreven")
    old = [q for q in _about(store, level) if q.predicate in (LABEL, PREF_LABEL) and q.object.language == "nl"]  # type: ignore[union-attr]
    return Change(
        add=[ox.Quad(level, PREF_LABEL, ox.Literal("Nieuw niveau", language="nl"), old[0].graph_name)], remove=old
    )


def _group_worked_on(store: Store) -> Change:
    """A target group that an effect works on becomes a mechanism too (its kind in the network stays)."""
    group = _n("doelgroep/gezin")
    return Change(add=[ox.Quad(_n("effect/fictief-3-0"), _k("werktOp"), group, synthetic.GRAPH)])


def _group_becomes_mechanism(store: Store) -> Change:
    return Change(add=[ox.Quad(_n("doelgroep/gezin"), RDF_TYPE, _k("Mechanisme"), synthetic.GRAPH)])


def _group_no_longer_a_group(store: Store) -> Change:
    """No intervention is for that group any more: in the network it is only worked on now."""
    group = _n("doelgroep/gezin")
    return Change(remove=[q for q in store.quads_to(group) if q.predicate == _k("voorDoelgroep")])


def _mechanism_no_more(store: Store) -> Change:
    return Change(remove=[ox.Quad(_n("doelgroep/gezin"), RDF_TYPE, _k("Mechanisme"), synthetic.GRAPH)])


WRITES: list[tuple[str, Callable[[Store], Change]]] = [
    ("nieuwe interventies", _new_interventions),
    ("interventie weg", _gone_intervention),
    ("effect en bewijs verplaatst", _effect_moves),
    ("nieuwe namen", _renamed),
    ("gelinkt aan iets nieuws", _linked_to_something_new),
    ("nieuw mechanisme", _new_mechanism),
    ("laatste link weg", _last_link_gone),
    ("effect schaadt", _turns),
    ("effect helpt weer", _turns_back),
    ("ander bewijsniveau", _level_changes),
    ("aanbieder hernoemd", _provider_renamed),
    ("rang verandert", _rank_changes),
    ("geen interventie meer", _no_longer_an_intervention),
    ("niveau hernoemd", _level_renamed),
    ("doelgroep waar iets op werkt", _group_worked_on),
    ("doelgroep wordt mechanisme", _group_becomes_mechanism),
    ("niemand meer voor de doelgroep", _group_no_longer_a_group),
    ("geen mechanisme meer", _mechanism_no_more),
]


def written(store: Store) -> Iterator[str]:
    """Apply each write in turn, yielding its name after it is in the store."""
    for name, make in WRITES:
        change = make(store)
        assert not change.is_empty() and change.touched() is not None, name
        apply(store, change)
        yield name
