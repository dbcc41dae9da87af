"""What a form may choose from: concepts of a scheme and things in the graph, with their labels.

A form field that points at something (a target group, a place, an effect) only offers what the
graph holds, so a choice can never name a thing that does not exist. Long lists (places,
organisations, effects) are offered as a text field with a <datalist>: the browser filters while
typing without any JavaScript, and the server maps the chosen name back to its IRI.
"""

from dataclasses import dataclass

from graaf.storage.store import Store
from ontologie.namespaces import sparql_prefixes


@dataclass(frozen=True)
class Choice:
    iri: str
    nl: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.nl or self.en


# Each list: a SELECT of ?x with its labels; the order of the rows is the order on the form.
_LISTS = {
    "doelgroep": "?x a kern:Doelgroep",
    "status": "?x skos:inScheme/dcterms:identifier ?s . ?x a kern:Status",
    "richting": "?x a kern:Effectrichting",
    "effectsoort": "?x a kern:Effectsoort",
    "kennisbron": "?x a kern:Kennisbron",
    "bewijsniveau": "?x a kern:Bewijsniveau",
    "studietype": "?x a kern:Studietype FILTER(?x != <{ids}studietype/programmadocument>)",
    "deelnemersrol": "?x a kern:Deelnemersrol",
    "werktop": "{ ?x a kern:Mechanisme } UNION { ?x a kern:Kapitaalvorm }",
    "organisatie": "?x a ?t VALUES ?t { kern:Organisatie org:Organization }",
    "plaats": "?x a/rdfs:subClassOf* kern:Plaats",
    "interventie": "?x a/rdfs:subClassOf* kern:Interventie",
    "effect": "?x a kern:Effect",
    "experiment": "?x a kern:LokaalExperiment",
    "indicatorrichting": "?x a kern:Indicatorrichting",
}
# Concepts whose order means something (a scale, a life course): by their notation or position.
_ORDERED = {"bewijsniveau", "status", "richting", "effectsoort", "kennisbron"}


def choices(store: Store, kind: str, ids: str) -> list[Choice]:
    """Every choice of one kind, by Dutch name (scales in their own order)."""
    pattern = _LISTS[kind].replace("{ids}", ids)
    if kind == "status":
        pattern = "?x a kern:Status"
    query = (
        sparql_prefixes()
        + f"""PREFIX org: <http://www.w3.org/ns/org#>
SELECT DISTINCT ?x (SAMPLE(?nl0) AS ?nl) (SAMPLE(?en0) AS ?en) (SAMPLE(?n0) AS ?n) WHERE {{
  {pattern}
  OPTIONAL {{ ?x rdfs:label|skos:prefLabel ?nl0 FILTER(LANG(?nl0) = "nl") }}
  OPTIONAL {{ ?x rdfs:label|skos:prefLabel ?en0 FILTER(LANG(?en0) = "en") }}
  OPTIONAL {{ ?x skos:notation ?n0 }}
}} GROUP BY ?x"""
    )
    rows = store.values(query)
    found = [Choice(r["x"], r.get("nl", ""), r.get("en", "")) for r in rows if r.get("nl") or r.get("en")]
    if kind in _ORDERED:
        notation = {r["x"]: r.get("n", "") for r in rows}
        return sorted(found, key=lambda c: (notation.get(c.iri, ""), c.nl.lower()))
    return sorted(found, key=lambda c: c.nl.lower())


def find(options: list[Choice], typed: str) -> Choice | None:
    """The choice a person typed or picked: its IRI, or its name in either language (any case)."""
    wanted = " ".join(typed.split()).casefold()
    if not wanted:
        return None
    for option in options:
        if wanted in (option.iri.casefold(), option.nl.casefold(), option.en.casefold()):
            return option
    return None
