"""The things of the graph as plain data for the JSON API: interventions, mechanisms, capital forms, places.

Each list is one SELECT built from fixed fragments of our own; a filter adds a fragment, and its
value goes in as a bound RDF term (an IRI under /id/ or a literal), never as query text. The page
asked for is cut from the ordered list, and its details are read with a second query.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from graaf.storage.patterns import any_intervention
from graaf.storage.store import Store
from graaf.storage.terms import to_oxigraph
from ontologie.namespaces import DEFAULT_BASE, KERN, id_base, sparql_prefixes

SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
INTERVENTION_KINDS = {"persoonsgericht": "kern:PersoonsgerichteInterventie", "netwerk": "kern:Netwerkactiviteit"}
PLACE_KINDS = {k: f"kern:{k.capitalize()}" for k in ("regio", "provincie", "gemeente", "dorp", "wijk", "buurt")}
_PREFIXES = sparql_prefixes()
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
kern = str(KERN)


@dataclass(frozen=True)
class Page:
    """One page of a list: the items on it and how many there are in all."""

    items: list[dict[str, object]]
    total: int


class Catalogue:
    """Reads lists and single things from the store, for one deployment's base IRI."""

    def __init__(self, store: Store, base: str = DEFAULT_BASE) -> None:
        self.store = store
        self.ids = id_base(base)

    def iri(self, kind: str, slug: str) -> URIRef | None:
        """The IRI of a thing of a kind (interventie, mechanisme, ...) from its short name; None if invalid."""
        return URIRef(f"{self.ids}{kind}/{slug}") if SLUG.match(slug) else None

    def slug(self, iri: str) -> str:
        return iri.rsplit("/", 1)[-1] if iri.startswith(self.ids) else iri

    # Lists

    def interventions(
        self, filters: Mapping[str, Identifier], kind: str | None, search: str | None, offset: int, size: int
    ) -> Page:
        fragments = [
            f"?item a {INTERVENTION_KINDS[kind]} ." if kind else any_intervention("item"),
        ]
        snippets = {
            "doelgroep": "?item kern:voorDoelgroep ?g0 . ?g0 skos:broader* ?doelgroep .",
            "plaats": "?item kern:aangebodenIn ?p0 . { ?p0 kern:ligtIn* ?plaats } UNION { ?plaats kern:ligtIn+ ?p0 }",
            "mechanisme": "?e0 kern:vanInterventie ?item ; kern:werktOp ?mechanisme .",
            "kapitaalvorm": "?e1 kern:vanInterventie ?item ; kern:werktOp ?kapitaalvorm .",
            "status": "?item kern:status ?status .",
        }
        fragments += [snippets[name] for name in filters]
        bindings = dict(filters)
        if search:
            fragments.append("FILTER(CONTAINS(LCASE(?naam), LCASE(?zoek)))")
            bindings["zoek"] = Literal(search)
        items = self._list(fragments, bindings, offset, size)
        return Page(self._interventions(items.items), items.total)

    def mechanisms(self, search: str | None, offset: int, size: int) -> Page:
        return self._concepts("kern:Mechanisme", search, offset, size, "mechanisme")

    def capital_forms(self, search: str | None, offset: int, size: int) -> Page:
        return self._concepts("kern:Kapitaalvorm", search, offset, size, "kapitaalvorm")

    def places(self, kind: str | None, within: URIRef | None, search: str | None, offset: int, size: int) -> Page:
        fragments = [
            f"?item a {PLACE_KINDS[kind]} ." if kind else "?item a/rdfs:subClassOf* kern:Plaats .",
        ]
        bindings: dict[str, Identifier] = {}
        if within is not None:
            fragments.append("?item kern:ligtIn+ ?binnen .")
            bindings["binnen"] = within
        if search:
            fragments.append("FILTER(CONTAINS(LCASE(?naam), LCASE(?zoek)))")
            bindings["zoek"] = Literal(search)
        found = self._list(fragments, bindings, offset, size, label="rdfs:label")
        return Page(self._places(found.items), found.total)

    # Single things

    def intervention(self, iri: URIRef) -> dict[str, object] | None:
        found = self._interventions([{"item": str(iri), "naam": self._name(iri)}])
        if not found[0].get("soort"):
            return None
        item = found[0]
        rows = self._rows(
            """SELECT ?item ?effect ?doelwit ?doelwitNaam ?richting ?bewijs ?niveau ?kennisbron WHERE {
              ?effect kern:vanInterventie ?item ; kern:werktOp ?doelwit .
              ?doelwit skos:prefLabel ?doelwitNaam . FILTER(lang(?doelwitNaam) = "nl")
              OPTIONAL { ?effect kern:richting/skos:prefLabel ?richting . FILTER(lang(?richting) = "nl") }
              OPTIONAL { ?bewijs kern:ondersteunt ?effect .
                OPTIONAL { ?bewijs kern:bewijsniveau/skos:prefLabel ?niveau . FILTER(lang(?niveau) = "nl") }
                OPTIONAL { ?bewijs kern:kennisbron/skos:prefLabel ?kennisbron . FILTER(lang(?kennisbron) = "nl") } }
            } ORDER BY ?effect""",
            {"item": iri},
        )
        effects: dict[str, dict[str, object]] = {}
        for row in rows:
            effect = effects.setdefault(
                row["effect"],
                {
                    "iri": row["effect"],
                    "werkt_op": self._ref(row["doelwit"], row["doelwitNaam"]),
                    "richting": row.get("richting"),
                    "bewijs": [],
                },
            )
            if "bewijs" in row:
                effect["bewijs"].append(  # type: ignore[attr-defined]
                    {"iri": row["bewijs"], "niveau": row.get("niveau"), "kennisbron": row.get("kennisbron")}
                )
        text = self._texts(iri, {"doel": "kern:doel", "beschrijving": "dcterms:description"})
        return {**item, **text, "effecten": list(effects.values())}

    def concept(self, iri: URIRef, cls: str, limit: int | None = None) -> dict[str, object] | None:
        """A mechanism or capital form with the interventions that work on it, by name. With a `limit`
        only the first ones are read (a page shows 100 of the thousands on a large graph) and
        "aantal_interventies" says how many there are."""
        rows = self._rows(
            f"""SELECT ?item ?naam ?definitie WHERE {{
              ?item a {cls} ; skos:prefLabel ?naam . FILTER(lang(?naam) = "nl")
              OPTIONAL {{ ?item skos:definition ?definitie . FILTER(lang(?definitie) = "nl") }}
            }}""",
            {"item": iri},
        )
        if not rows:
            return None
        item = {
            "id": self.slug(str(iri)),
            "iri": str(iri),
            "naam": rows[0]["naam"],
            "definitie": rows[0].get("definitie"),
        }
        working = """SELECT DISTINCT ?item ?interventie ?naam ?richting WHERE {
              ?effect kern:werktOp ?item ; kern:vanInterventie ?interventie .
              ?interventie rdfs:label ?naam . FILTER(lang(?naam) = "nl")
              OPTIONAL { ?effect kern:richting/skos:prefLabel ?richting . FILTER(lang(?richting) = "nl") }
            }"""
        interventions = self._rows(
            working + " ORDER BY LCASE(?naam)" + (f" LIMIT {int(limit)}" if limit is not None else ""),
            {"item": iri},
        )
        if limit is not None:
            counted = self._rows(
                f"SELECT ?item (COUNT(*) AS ?n) WHERE {{ {{ {working} }} }} GROUP BY ?item", {"item": iri}
            )
            item["aantal_interventies"] = int(counted[0]["n"]) if counted else 0
        item["interventies"] = [
            {**self._ref(r["interventie"], r["naam"]), "richting": r.get("richting")} for r in interventions
        ]
        return item

    def place(self, iri: URIRef) -> dict[str, object] | None:
        found = self._places([{"item": str(iri), "naam": self._name(iri)}])
        return found[0] if found[0].get("soort") else None

    # Helpers

    def _list(
        self,
        fragments: list[str],
        bindings: Mapping[str, Identifier],
        offset: int,
        size: int,
        label: str = "rdfs:label|skos:prefLabel",
    ) -> Page:
        projected = " ".join(f"?{name}" for name in bindings)
        body = "\n  ".join(fragments)
        query = (
            f"{_PREFIXES}SELECT DISTINCT ?item ?naam {projected} WHERE {{\n  {body}\n"
            f'  ?item {label} ?naam . FILTER(lang(?naam) = "nl")\n}} ORDER BY LCASE(?naam) ?item'
        )
        rows = self.store.select(query, bindings=bindings).rows
        seen: dict[str, dict[str, object]] = {}
        for row in rows:  # one row per thing, even if it has two Dutch names
            seen.setdefault(str(row["item"]), {"item": str(row["item"]), "naam": str(row["naam"])})
        everything = list(seen.values())
        return Page(everything[offset : offset + size], len(everything))

    def _rows(self, body: str, bindings: Mapping[str, Identifier]) -> list[dict[str, str]]:
        """Rows of plain strings. A bound variable must be in the SELECT clause (Oxigraph's rule)."""
        results = self.store.select(_PREFIXES + body, bindings=bindings)
        return [{k: str(v) for k, v in row.items()} for row in results.rows]

    def _name(self, iri: URIRef) -> str | None:
        rows = self._rows(
            'SELECT ?item ?naam WHERE { ?item rdfs:label|skos:prefLabel ?naam . FILTER(lang(?naam) = "nl") }',
            {"item": iri},
        )
        return rows[0]["naam"] if rows else None

    def _values(self, items: Iterable[dict[str, object]]) -> str:
        # The IRIs come from the store's own answer, written by Oxigraph: safe to put in the text.
        return " ".join(str(to_oxigraph(URIRef(str(i["item"])))) for i in items)

    def _ref(self, iri: str, name: str | None) -> dict[str, object]:
        return {"id": self.slug(iri), "iri": iri, "naam": name}

    def _properties(
        self, items: list[dict[str, object]], predicates: str
    ) -> dict[str, dict[str, list[tuple[str, str | None]]]]:
        if not items:
            return {}
        rows = self._rows(
            f"""SELECT ?item ?p ?o ?label WHERE {{
              VALUES ?item {{ {self._values(items)} }}
              VALUES ?p {{ {predicates} }}
              ?item ?p ?o .
              OPTIONAL {{ ?o skos:prefLabel|rdfs:label ?label . FILTER(lang(?label) = "nl") }}
            }}""",
            {},
        )
        found: dict[str, dict[str, list[tuple[str, str | None]]]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            pair = (row["o"], row.get("label"))
            if pair not in found[row["item"]][row["p"]]:
                found[row["item"]][row["p"]].append(pair)
        return found

    def _interventions(self, items: list[dict[str, object]]) -> list[dict[str, object]]:
        kinds = {kern + "PersoonsgerichteInterventie": "persoonsgericht", kern + "Netwerkactiviteit": "netwerk"}
        predicates = "rdf:type kern:status kern:voorDoelgroep kern:aangebodenIn kern:aangebodenDoor"
        result = []
        for card, found in self._cards(items, predicates, kinds):
            status = found.get(kern + "status", [])
            result.append(
                {
                    **card,
                    "status": status[0][1] if status else None,
                    "doelgroepen": self._refs(found, "voorDoelgroep"),
                    "plaatsen": self._refs(found, "aangebodenIn"),
                    "aanbieders": self._refs(found, "aangebodenDoor"),
                }
            )
        return result

    def _cards(
        self, items: list[dict[str, object]], predicates: str, kinds: dict[str, str]
    ) -> Iterator[tuple[dict[str, object], dict[str, list[tuple[str, str | None]]]]]:
        """Each listed thing's id, IRI, name and kind, with its values of `predicates` for the fields of its own."""
        props = self._properties(items, predicates)
        for item in items:
            iri = str(item["item"])
            found = props.get(iri, {})
            yield {"id": self.slug(iri), "iri": iri, "naam": item["naam"], "soort": _kind_of(found, kinds)}, found

    def _refs(self, found: dict[str, list[tuple[str, str | None]]], name: str) -> list[dict[str, object]]:
        return [self._ref(o, label) for o, label in found.get(kern + name, [])]

    def _concepts(self, cls: str, search: str | None, offset: int, size: int, kind: str) -> Page:
        fragments = [f"?item a {cls} ."]
        bindings: dict[str, Identifier] = {}
        if search:
            fragments.append("FILTER(CONTAINS(LCASE(?naam), LCASE(?zoek)))")
            bindings["zoek"] = Literal(search)
        found = self._list(fragments, bindings, offset, size, label="skos:prefLabel")
        if not found.items:
            return found
        rows = self._rows(
            f"""SELECT ?item ?definitie WHERE {{
              VALUES ?item {{ {self._values(found.items)} }}
              ?item skos:definition ?definitie . FILTER(lang(?definitie) = "nl")
            }}""",
            {},
        )
        definitions = {r["item"]: r["definitie"] for r in rows}
        items = [
            {
                "id": self.slug(str(i["item"])),
                "iri": str(i["item"]),
                "naam": i["naam"],
                "definitie": definitions.get(str(i["item"])),
            }
            for i in found.items
        ]
        return Page(items, found.total)

    def _places(self, items: list[dict[str, object]]) -> list[dict[str, object]]:
        kinds = {kern + k.capitalize(): k for k in PLACE_KINDS}
        result = []
        for card, found in self._cards(items, "rdf:type kern:cbsCode kern:ligtIn", kinds):
            codes = found.get(kern + "cbsCode", [])
            result.append({**card, "cbs_code": codes[0][0] if codes else None, "ligt_in": self._refs(found, "ligtIn")})
        return result

    def _texts(self, iri: URIRef, fields: dict[str, str]) -> dict[str, object]:
        texts: dict[str, object] = {}
        for name, predicate in fields.items():
            rows = self._rows(
                f'SELECT ?item ?tekst WHERE {{ ?item {predicate} ?tekst . FILTER(lang(?tekst) = "nl") }}',
                {"item": iri},
            )
            texts[name] = rows[0]["tekst"] if rows else None
        return texts


def _kind_of(found: dict[str, list[tuple[str, str | None]]], kinds: dict[str, str]) -> str | None:
    """The short kind of a thing from its rdf:type values (the first one `kinds` knows)."""
    return next((kinds[t] for t, _ in found.get(RDF_TYPE, []) if t in kinds), None)
