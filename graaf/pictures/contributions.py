"""What each intervention adds to the evidence gap map: per thing it works on, the best rank of evidence.

The gap map counts per cell the interventions that work on both its mechanism and its column. Counted
in one query over the whole graph (graaf/queries/bewijskaart.rq) that takes 2-3 s at a million triples,
and every write made the next visitor wait for it. Per intervention the facts are few: for each thing
one of its effects works on (without harming), the highest kern:rang of the evidence for those effects
(-1: no evidence recorded). Those are kept per store version; after a write only the interventions it
touched (directly, through an effect, or through evidence for an effect) are read again, unless the
ranks of the levels or the direction that harms changed: then every intervention is read. The cells are
then counted in Python (gapmap.gap_map); a test holds them to the named query's answer.
"""

from dataclasses import dataclass

from graaf.storage.patterns import values_clause
from graaf.storage.store import Store
from graaf.storage.versioned import cached
from ontologie.namespaces import sparql_prefixes

_PREFIXES = sparql_prefixes()
# Shaped as the parts of bewijskaart.rq (its comments say why): subqueries Oxigraph works out once and
# joins by hash, and -1 for "no evidence" so MAX never meets an unbound rank.
_PER_INTERVENTION = (
    _PREFIXES
    + """SELECT ?interventie ?doelwit (MAX(?effectRang) AS ?rang) WHERE {
  { SELECT ?effect ?interventie WHERE { #INTERVENTIES# ?effect kern:vanInterventie ?interventie } }
  { SELECT ?effect ?doelwit WHERE { ?effect kern:werktOp ?doelwit } }
  MINUS { ?effect kern:richting/skos:prefLabel "schaadt"@nl }
  OPTIONAL { { SELECT ?effect ?bewijsRang WHERE {
      ?bewijs kern:ondersteunt ?effect .
      { SELECT ?bewijs ?bewijsRang WHERE { ?niveau kern:rang ?bewijsRang . ?bewijs kern:bewijsniveau ?niveau } }
  } } }
  BIND(COALESCE(?bewijsRang, -1) AS ?effectRang)
} GROUP BY ?interventie ?doelwit"""
)
_NAMES = (
    _PREFIXES + "SELECT ?x ?l WHERE { { SELECT DISTINCT ?x WHERE { #INTERVENTIES# ?e kern:vanInterventie ?x } } "
    "?x rdfs:label|skos:prefLabel|dcterms:title ?l }"
)
_RULES = (
    _PREFIXES
    + """SELECT ?x ?rang ?schaadt WHERE {
  { ?x kern:rang ?rang } UNION { ?x skos:prefLabel "schaadt"@nl BIND(true AS ?schaadt) }
}"""
)
# Whose contribution a write may have changed: the touched things that are interventions, the
# interventions of touched effects, and those of effects that touched evidence supports.
_AFFECTED = (
    _PREFIXES
    + """SELECT DISTINCT ?i WHERE {
  { #TOUCHED# ?t kern:vanInterventie ?i } UNION { #TOUCHED# ?t kern:ondersteunt/kern:vanInterventie ?i }
}"""
)


@dataclass(frozen=True)
class Contributions:
    per_intervention: dict[str, dict[str, int]]  # intervention -> what its effects work on -> best rank
    names: dict[str, dict[str, str]]  # intervention -> language -> name, as graaf.describe.Labeller reads them
    rules: frozenset[tuple[str, str]]  # the ranks of levels and the directions that harm, as read


def contributions_of(store: Store) -> Contributions:
    return cached(store, "bewijskaart-bijdragen", lambda: _read(store, None), lambda old, t: _refresh(store, old, t))


def _rules(store: Store) -> frozenset[tuple[str, str]]:
    return frozenset((row["x"], row.get("rang", "schaadt")) for row in store.values(_RULES))


def _read(store: Store, among: set[str] | None) -> Contributions:
    only = "" if among is None else values_clause("interventie", among)
    found: dict[str, dict[str, int]] = {}
    for row in store.values(_PER_INTERVENTION.replace("#INTERVENTIES#", only)):
        found.setdefault(row["interventie"], {})[row["doelwit"]] = int(row["rang"])
    names: dict[str, dict[str, str]] = {}
    named = "" if among is None else values_clause("x", among)
    wanted = found.keys()
    for row in store.select(_NAMES.replace("#INTERVENTIES#", named)).rows:
        iri = str(row["x"])
        if iri in wanted:
            label = row["l"]
            names.setdefault(iri, {}).setdefault(getattr(label, "language", None) or "", str(label))
    return Contributions(found, names, _rules(store))


def _refresh(store: Store, old: Contributions, touched: frozenset[str]) -> Contributions | None:
    if _rules(store) != old.rules:
        return None
    affected = set(touched) | {
        row["i"] for row in store.values(_AFFECTED.replace("#TOUCHED#", values_clause("t", touched)))
    }
    fresh = _read(store, affected)
    per_intervention = {i: t for i, t in old.per_intervention.items() if i not in affected}
    per_intervention.update(fresh.per_intervention)
    names = {i: n for i, n in old.names.items() if i not in affected}
    names.update(fresh.names)
    return Contributions(per_intervention, names, old.rules)
