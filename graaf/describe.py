"""One thing of the graph as plain data for its web page, in Dutch or English, and as RDF.

The pages show whatever the graph says about a thing, so most of this is generic: its own
properties, what links to it, and labels for every IRI in sight. Labels are read in one query per
page, for all IRIs at once; the IRIs in that query's VALUES come from the store's own answers,
serialised by Oxigraph, never from the request. The thing itself always goes in as a binding.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import rdflib
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from graaf.storage.store import Store
from graaf.storage.terms import local_name, to_oxigraph
from ontologie.namespaces import KERN, PREFIXES, sparql_prefixes

_PREFIXES = sparql_prefixes()
RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
DCT = PREFIXES["dcterms"]
kern = str(KERN)
LABELS = (RDFS + "label", SKOS + "prefLabel", DCT + "title")
SOURCE = DCT + "source"

# Terms from outside our ontology have no labels in the store; these are the ones the data uses.
_KNOWN: dict[str, tuple[str, str]] = {
    RDF + "type": ("soort", "type"),
    RDF + "subject": ("onderwerp", "subject"),
    RDF + "predicate": ("eigenschap", "predicate"),
    RDF + "object": ("waarde", "object"),
    RDFS + "label": ("naam", "name"),
    RDFS + "comment": ("toelichting", "comment"),
    RDFS + "seeAlso": ("zie ook", "see also"),
    SKOS + "prefLabel": ("naam", "name"),
    SKOS + "altLabel": ("andere naam", "alternative name"),
    SKOS + "definition": ("betekenis", "definition"),
    SKOS + "scopeNote": ("toelichting bij gebruik", "scope note"),
    SKOS + "editorialNote": ("opmerking van de redactie", "editorial note"),
    SKOS + "notation": ("code", "notation"),
    SKOS + "broader": ("breder begrip", "broader concept"),
    SKOS + "narrower": ("nauwer begrip", "narrower concept"),
    SKOS + "inScheme": ("in begrippenlijst", "in concept scheme"),
    SKOS + "topConceptOf": ("hoofdbegrip van", "top concept of"),
    SKOS + "hasTopConcept": ("hoofdbegrip", "top concept"),
    DCT + "source": ("bron", "source"),
    DCT + "title": ("titel", "title"),
    DCT + "description": ("beschrijving", "description"),
    DCT + "bibliographicCitation": ("bronvermelding", "citation"),
    DCT + "creator": ("maker", "creator"),
    DCT + "publisher": ("uitgever", "publisher"),
    DCT + "license": ("licentie", "license"),
    DCT + "issued": ("uitgegeven op", "issued"),
    PREFIXES["prov"] + "wasAttributedTo": ("toegeschreven aan", "attributed to"),
    PREFIXES["prov"] + "wasDerivedFrom": ("afgeleid van", "derived from"),
    PREFIXES["prov"] + "generatedAtTime": ("gemaakt op", "generated at"),
    PREFIXES["org"] + "memberOf": ("lid van", "member of"),
    PREFIXES["org"] + "unitOf": ("onderdeel van", "unit of"),
    PREFIXES["org"] + "postIn": ("functie in", "post in"),
    PREFIXES["org"] + "Post": ("functie", "post"),
    PREFIXES["org"] + "OrganizationalUnit": ("organisatieonderdeel", "organisational unit"),
    PREFIXES["prov"] + "wasAssociatedWith": ("uitgevoerd door", "carried out by"),
    DCT + "isPartOf": ("deel van", "part of"),
    PREFIXES["foaf"] + "homepage": ("website", "homepage"),
    PREFIXES["foaf"] + "page": ("webpagina", "web page"),
}

# What a link pointing *to* the thing means, seen from the thing (the page of a place lists the
# interventions offered there under "aangeboden in" read backwards).
INVERSE: dict[str, tuple[str, str]] = {
    kern + "aangebodenIn": ("Interventies die hier worden aangeboden", "Interventions offered here"),
    kern + "aangebodenDoor": ("Biedt deze interventies aan", "Offers these interventions"),
    kern + "ligtIn": ("Hier liggen", "Places within"),
    kern + "versterkt": ("Wordt versterkt door", "Reinforced by"),
    kern + "tastAan": ("Wordt aangetast door", "Eroded by"),
    kern + "voorDoelgroep": ("Interventies voor deze doelgroep", "Interventions for this target group"),
    kern + "vanInterventie": ("Effecten", "Effects"),
    kern + "ondersteunt": ("Bewijs", "Evidence"),
    kern + "opNiveau": ("Mechanismen op dit niveau", "Mechanisms at this level"),
    SKOS + "broader": ("Nauwere begrippen", "Narrower concepts"),
    RDF + "subject": ("Beweringen hierover, met hun bron", "Claims about this, with their source"),
    PREFIXES["org"] + "unitOf": ("Onderdelen", "Units"),
    PREFIXES["org"] + "postIn": ("Functies", "Posts"),
    PREFIXES["prov"] + "wasAssociatedWith": ("Voerde uit", "Carried out"),
    DCT + "isPartOf": ("Onderdelen", "Parts"),
    SOURCE: ("Wat deze bron onderbouwt", "What this source supports"),
}


@dataclass
class Value:
    """An IRI (with label) or a literal, ready to show."""

    text: str
    iri: str | None = None


@dataclass
class Thing:
    iri: str
    label: str
    types: list[Value]
    properties: dict[str, list[Value]] = field(default_factory=dict)  # predicate IRI -> values
    incoming: dict[str, list[Value]] = field(default_factory=dict)  # predicate IRI -> subjects
    sources: list[Value] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # predicate IRI -> its label


class Labeller:
    """Labels for IRIs in one language, falling back to Dutch, then any label, then the IRI's last part."""

    def __init__(self, store: Store, lang: str) -> None:
        self.store = store
        self.lang = lang
        self.found: dict[str, dict[str, str]] = {}

    def load(self, iris: Iterable[str]) -> None:
        wanted = sorted({i for i in iris if i not in self.found and i.startswith(("http://", "https://"))})
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            values = " ".join(str(to_oxigraph(URIRef(i))) for i in chunk)
            rows = self.store.select(
                f"{_PREFIXES}SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} "
                "?x rdfs:label|skos:prefLabel|dcterms:title ?l }"
            ).rows
            for i in chunk:
                self.found.setdefault(i, {})
            for row in rows:
                label = row["l"]
                lang = label.language if isinstance(label, Literal) and label.language else ""
                self.found[str(row["x"])].setdefault(lang, str(label))

    def __call__(self, iri: str) -> str:
        if iri not in self.found:
            self.load([iri])
        labels = self.found.get(iri, {})
        for lang in (self.lang, "nl", ""):
            if lang in labels:
                return labels[lang]
        if labels:
            return next(iter(labels.values()))
        if iri in _KNOWN:
            return _KNOWN[iri][0 if self.lang == "nl" else 1]
        return local_name(iri)

    def value(self, term: Identifier) -> Value:
        if isinstance(term, URIRef):
            return Value(self(str(term)), str(term))
        return Value(str(term))


def pick_language(literals: list[Literal], lang: str) -> list[Literal]:
    """Of texts in several languages keep the wanted one (or Dutch); texts without a language always stay."""
    tagged = [t for t in literals if t.language]
    plain = [t for t in literals if not t.language]
    for wanted in (lang, "nl"):
        chosen = [t for t in tagged if t.language == wanted]
        if chosen:
            return plain + chosen
    return plain + tagged


def describe(store: Store, iri: URIRef, lang: str, skip_incoming: Iterable[str] = ()) -> Thing | None:
    """Everything the graph says about one thing, or None if it is not the subject of any triple.

    `skip_incoming`: predicates whose incoming links a page shows in its own way (the effects that work
    on a mechanism: thousands on a large graph), so they are not read here."""
    out = store.select(_PREFIXES + "SELECT ?item ?p ?o WHERE { ?item ?p ?o }", bindings={"item": iri}).rows
    if not out:
        return None
    skipped = ", ".join(f"<{p}>" for p in skip_incoming if "<" not in p and ">" not in p)
    not_in = f" FILTER(?p NOT IN ({skipped}))" if skipped else ""
    into = store.select(
        _PREFIXES + f"SELECT ?item ?s ?p WHERE {{ ?s ?p ?item . FILTER(isIRI(?s)){not_in} }} LIMIT 2000",
        bindings={"item": iri},
    ).rows
    label = Labeller(store, lang)
    label.load(
        [str(iri)]
        + [str(r["p"]) for r in out + into]
        + [str(r["o"]) for r in out if isinstance(r["o"], URIRef)]
        + [str(r["s"]) for r in into]
    )
    grouped: dict[str, list[Identifier]] = defaultdict(list)
    for row in out:
        grouped[str(row["p"])].append(row["o"])
    thing = Thing(str(iri), label(str(iri)), [label.value(t) for t in grouped.pop(RDF + "type", [])])
    for predicate in LABELS:
        grouped.pop(predicate, None)  # the name is the page's heading
    thing.sources = [label.value(t) for t in grouped.pop(SOURCE, [])]
    for predicate, objects in grouped.items():
        literals = pick_language([o for o in objects if isinstance(o, Literal)], lang)
        values = [label.value(o) for o in objects if not isinstance(o, Literal)] + [Value(str(t)) for t in literals]
        thing.properties[predicate] = sorted(values, key=lambda v: v.text.lower())
        thing.names[predicate] = label(predicate)
    incoming: dict[str, list[Value]] = defaultdict(list)
    for row in into:
        incoming[str(row["p"])].append(label.value(row["s"]))
    for predicate, subjects in incoming.items():
        unique = {v.iri: v for v in subjects}
        thing.incoming[predicate] = sorted(unique.values(), key=lambda v: v.text.lower())
        inverse = INVERSE.get(predicate)
        thing.names[predicate] = inverse[0 if lang == "nl" else 1] if inverse else label(predicate)
    return thing


@dataclass
class Evidence:
    iri: str
    label: str
    level: str | None
    source_kind: str | None
    citation: str | None


@dataclass
class EffectOf:
    iri: str
    target: Value
    direction: str | None
    kind: str | None
    sources: list[Value]
    section: str | None
    evidence: list[Evidence]
    stated: bool = False  # herkomst "expliciet": the source names this target
    reading: str | None = None  # for an interpretation: the editors' reason


def effects(store: Store, iri: URIRef, lang: str) -> list[EffectOf]:
    """The effects of an intervention with the evidence for each, for sentences like 'Werkt op ...'."""
    # Only two page languages exist; the reading is asked for in one of them (never a value from outside).
    language = "en" if lang == "en" else "nl"
    rows = store.select(
        _PREFIXES
        + """SELECT ?item ?effect ?doelwit ?richting ?soort ?herkomst ?lezing ?bron ?sectie ?bewijs ?niveau ?kennisbron
          ?citaat WHERE {
          ?effect kern:vanInterventie ?item ; kern:werktOp ?doelwit .
          OPTIONAL { ?effect kern:herkomst ?herkomst }
          OPTIONAL { ?effect rdfs:comment ?lezing . FILTER(lang(?lezing) = "LANGUAGE") }
          OPTIONAL { ?effect kern:richting ?richting }
          OPTIONAL { ?effect kern:effectsoort ?soort }
          OPTIONAL { ?effect dcterms:source ?bron }
          OPTIONAL { ?effect kern:sectie ?sectie }
          OPTIONAL { ?bewijs kern:ondersteunt ?effect .
            OPTIONAL { ?bewijs kern:bewijsniveau ?niveau }
            OPTIONAL { ?bewijs kern:kennisbron ?kennisbron }
            OPTIONAL { ?bewijs dcterms:bibliographicCitation ?citaat } }
        } ORDER BY ?effect ?bewijs""".replace("LANGUAGE", language),
        bindings={"item": iri},
    ).rows
    label = Labeller(store, lang)
    label.load(str(v) for row in rows for v in row.values() if isinstance(v, URIRef))
    found: dict[str, EffectOf] = {}
    for row in rows:
        name = str(row["effect"])
        effect = found.get(name)
        if effect is None:
            effect = found[name] = EffectOf(
                name,
                label.value(row["doelwit"]),
                label(str(row["richting"])) if "richting" in row else None,
                label(str(row["soort"])) if "soort" in row else None,
                [],
                str(row["sectie"]) if "sectie" in row else None,
                [],
                str(row.get("herkomst", "")).endswith("/expliciet"),
                str(row["lezing"]) if "lezing" in row else None,
            )
        if "bron" in row and str(row["bron"]) not in {s.iri for s in effect.sources}:
            effect.sources.append(label.value(row["bron"]))
        if "bewijs" in row and str(row["bewijs"]) not in {e.iri for e in effect.evidence}:
            effect.evidence.append(
                Evidence(
                    str(row["bewijs"]),
                    label(str(row["bewijs"])),
                    label(str(row["niveau"])) if "niveau" in row else None,
                    label(str(row["kennisbron"])) if "kennisbron" in row else None,
                    str(row["citaat"]) if "citaat" in row else None,
                )
            )
    return sorted(found.values(), key=lambda e: e.target.text.lower())


def rdf_graph(store: Store, iri: URIRef) -> rdflib.Graph:
    """The thing's own triples plus the labels of what it links to: enough for a client to show it."""
    triples = store.construct(
        _PREFIXES
        + """CONSTRUCT { ?item ?p ?o . ?o ?lp ?l } WHERE {
          ?item ?p ?o .
          OPTIONAL { VALUES ?lp { rdfs:label skos:prefLabel } ?o ?lp ?l }
        }""",
        bindings={"item": iri},
    )
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph


def members(store: Store, cls: str, lang: str, among: Iterable[str] | None = None) -> list[tuple[Value, str | None]]:
    """Things of a class (a 'kern:' name of our own) with the label of their level, if any, sorted.
    `among`: only these IRIs, to bring a list up to date after a write."""
    values = ""
    if among is not None:
        values = "VALUES ?x { " + " ".join(str(to_oxigraph(URIRef(i))) for i in among) + " } "
    rows = store.select(
        _PREFIXES
        + f"SELECT DISTINCT ?x ?niveau WHERE {{ {values}?x a {cls} . OPTIONAL {{ ?x kern:opNiveau ?niveau }} }}"
    ).rows
    label = Labeller(store, lang)
    label.load(str(v) for row in rows for v in row.values())
    items = [(label.value(row["x"]), label(str(row["niveau"])) if "niveau" in row else None) for row in rows]
    return sorted(items, key=lambda item: (item[1] or "", item[0].text.lower()))
