"""Which things of the index a write changed, worked out from the IRIs it touched (Store.touched_since).

Reading the whole store for the index takes seconds at a million triples (7 s of an 11 s build), and
the first person to search after an import of a thousand triples waited for it. A thing's entry in the
index depends on more than its own triples, so more than the touched things are written again:

- the touched things themselves, now or before the write;
- things that link by name to a touched thing whose name or kind changed (an intervention is found by
  the names of what it works on, its target groups, places and providers);
- the interventions of touched effects, the effects of touched evidence, and the evidence of those
  effects, because facets follow effects and evidence back to the intervention.

Those are read again together with what their facets are made of: the effects and evidence of each
intervention, what those link to and every place (a facet names the municipality). When
the places themselves change (another place they lie in, a municipality more or less), or more than
MAX_THINGS things would be read, everything is read as before.
"""

from collections.abc import Collection

from graaf.search.reading import Places, places_of, read
from graaf.search.storage import Disk, label_data
from graaf.storage.patterns import values_clause
from graaf.storage.store import Store
from ontologie.namespaces import sparql_prefixes

_PREFIXES = sparql_prefixes()
MAX_THINGS = 5000
# The links through which a thing is found by another thing's name (graaf.search.model.LINKED_TEXT).
_BY_NAME = ("werktOp", "voorDoelgroep", "aangebodenDoor", "aangebodenIn", "dientDoel")


def _column(store: Store, query: str, among: Collection[str], variable: str) -> set[str]:
    """The IRIs bound to ?found, for a query on ?`variable` over `among` (nothing to look up, nothing found)."""
    if not among:
        return set()
    rows = store.values(_PREFIXES + f"SELECT DISTINCT ?found WHERE {{ {values_clause(variable, among)}{query} }}")
    return {row["found"] for row in rows if "found" in row and row["found"].startswith(("http://", "https://"))}


def plan(store: Store, disk: Disk, touched: frozenset[str]) -> tuple[set[str], set[str]] | None:
    """The things to write again and the things to read for them; None when all should be read."""
    if len(touched) > MAX_THINGS:
        return None
    places: Places = disk.places()
    now = read(store, among=touched)
    before = disk.kinds(touched)
    places_now = places_of(now)
    for iri in touched:
        if (before.get(iri) == "plaats" or iri in places_now) and places_now.get(iri) != places.get(iri):
            return None  # where places lie changes the municipality of things offered anywhere
    stored = disk.labels_json(touched)
    renamed = {
        iri
        for iri in touched
        if stored.get(iri) != (label_data(now.labels[iri]) if iri in now.labels else None)
        or before.get(iri) != (now.docs[iri].kind if iri in now.docs else None)
    }
    first = set(now.docs) | set(before)
    for relation in _BY_NAME:
        first |= _column(store, f"?found kern:{relation} ?x .", renamed, "x")
    if len(first) > MAX_THINGS:
        return None
    # The effects among them (an effect works on a renamed thing, say), and those of evidence among them.
    effects = _column(store, "?found kern:vanInterventie ?i .", first, "found")
    effects |= _column(store, "?b kern:ondersteunt ?found .", first, "b")
    things = first | effects
    things |= _column(store, "?e kern:vanInterventie ?found .", effects, "e")
    things |= _column(store, "?found kern:ondersteunt ?e .", effects, "e")
    # What their facets are made of: every effect of an intervention with its evidence, what each of those
    # links to (the kind of what an effect works on), and every place (the municipality of a place).
    context = things | _column(store, "?found kern:vanInterventie ?i .", things, "i")
    context |= _column(store, "?found kern:ondersteunt ?e .", context, "e")
    context |= _column(store, "?x ?p ?found . FILTER(isIRI(?found))", context, "x")
    # And the touched things themselves: a renamed evidence level is no thing in the index, but its label
    # is (a facet shows it).
    context |= places.keys() | touched
    if len(context) > MAX_THINGS:
        return None
    return things, context
