"""From what was typed on a form to triples, with a message per field and the change in sentences.

The same function runs for the preview, when a contributor submits, and again when an editor
approves (against the graph as it is then), so what is written is always what was checked last.
Every triple gets a note of the field it came from, so a SHACL result about it lands beside that
field. The source of a contribution is the contribution itself: a foaf:Document that says which
organisation brought it in and when, with the public page it points to where one was given.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

import pyoxigraph as ox

from graaf.contributions.choices import Choice, choices, find
from graaf.contributions.fields import FIXED
from graaf.storage.store import Store
from ontologie.namespaces import KERN, PREFIXES

Values = dict[str, list[str]]
K = str(KERN)
RDF, RDFS, DCT, PROV, FOAF = (PREFIXES[p] for p in ("rdf", "rdfs", "dcterms", "prov", "foaf"))
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


@dataclass(frozen=True)
class Author:
    """Who brings the knowledge in: the organisation counts (it is the source); the person only in PROV."""

    actor: str
    name: str
    organisation: str
    # The opaque id the graph's PROV names (graaf.storage.accounts.AccountStore.pseudonym); the actor id itself
    # stays in the private files (proposals, write log).
    public: str = ""

    @property
    def prov_id(self) -> str:
        return self.public or self.actor


@dataclass
class Draft:
    """A contribution ready to check: its triples, messages per field, the main things and sentences."""

    kind: str
    quads: list[ox.Quad] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    subjects: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    located: dict[tuple[str, str], str] = field(default_factory=dict)  # (subject, predicate) -> field

    def error(self, name: str, nl: str, en: str, lang: str) -> None:
        self.errors.setdefault(name, []).append(en if lang == "en" else nl)

    def add(self, subject: str, predicate: str, value: ox.NamedNode | ox.Literal, graph: str, name: str) -> None:
        self.quads.append(ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), value, ox.NamedNode(graph)))
        self.located.setdefault((subject, predicate), name)


class Context:
    """What building needs besides the values: the store (for choices), the base, the author, the ids."""

    def __init__(self, store: Store, ids: str, author: Author, ref: str, graph: str, lang: str) -> None:
        self.store, self.ids, self.author, self.ref, self.graph, self.lang = store, ids, author, ref, graph, lang
        self._lists: dict[str, list[Choice]] = {}

    def options(self, kind: str) -> list[Choice]:
        if kind not in self._lists:
            self._lists[kind] = choices(self.store, kind, self.ids)
        return self._lists[kind]

    def label(self, iri: str) -> str:
        for options in self._lists.values():
            for option in options:
                if option.iri == iri:
                    return option.label(self.lang)
        return iri.rsplit("/", 1)[-1]

    @property
    def source(self) -> str:
        return f"{self.ids}bron/bijdrage-{self.ref}"


def slug(text: str) -> str:
    plain = text.lower().translate(str.maketrans("áàäâéèëêíìïîóòöôúùüûç", "aaaaeeeeiiiioooouuuuc"))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-") or "naamloos"


def one(values: Values, name: str) -> str:
    items = [v.strip() for v in values.get(name, []) if v.strip()]
    return items[0] if items else ""


def literal(text: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(" ".join(text.split()) if lang else text, language=lang) if lang else ox.Literal(text)


def pick(ctx: Context, draft: Draft, values: Values, name: str, kind: str, required: bool) -> Choice | None:
    typed = one(values, name)
    if not typed:
        if required:
            draft.error(name, "Vul dit in: dit is nodig.", "Please fill this in: it is required.", ctx.lang)
        return None
    chosen = find(ctx.options(kind), typed)
    if chosen is None:
        draft.error(
            name,
            f"‘{typed}’ staat niet in de lijst. Typ een deel van de naam en kies uit de lijst.",
            f"‘{typed}’ is not in the list. Type part of the name and choose from the list.",
            ctx.lang,
        )
    return chosen


def picks(ctx: Context, draft: Draft, values: Values, name: str, kind: str, required: bool) -> list[Choice]:
    found = []
    for typed in values.get(name, []):
        chosen = find(ctx.options(kind), typed)
        if chosen is None and typed.strip():
            draft.error(
                name, f"‘{typed}’ is geen keuze van de lijst.", f"‘{typed}’ is not one of the choices.", ctx.lang
            )
        elif chosen is not None and chosen not in found:
            found.append(chosen)
    if required and not found and name not in draft.errors:
        draft.error(name, "Kies er minstens één.", "Choose at least one.", ctx.lang)
    return found


def typed_text(ctx: Context, draft: Draft, values: Values, name: str, required: bool) -> str:
    text = one(values, name)
    if required and not text:
        draft.error(name, "Vul dit in: dit is nodig.", "Please fill this in: it is required.", ctx.lang)
    return text


def is_iri(text: str) -> bool:
    """Whether the engine takes this as an IRI: it refuses spaces and <>"{}|^` and backslash."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def typed_url(ctx: Context, draft: Draft, values: Values, name: str, required: bool) -> str:
    text = typed_text(ctx, draft, values, name, required)
    parts = urlsplit(text)
    if text and (parts.scheme not in ("http", "https") or not parts.netloc or not is_iri(text)):
        draft.error(
            name,
            "Dit is geen webadres. Begin met https:// zoals https://www.voorbeeld.nl/pagina.",
            "This is not a web address. Start with https:// as in https://www.example.org/page.",
            ctx.lang,
        )
        return ""
    return text


def fixed_choice(ctx: Context, draft: Draft, values: Values, name: str, kind: str, required: bool) -> str:
    chosen = one(values, name)
    allowed = [key for key, _, _ in FIXED[kind]]
    if chosen and chosen not in allowed:
        draft.error(name, "Kies een van de mogelijkheden.", "Choose one of the options.", ctx.lang)
        return ""
    if required and not chosen:
        draft.error(name, "Kies een van de mogelijkheden.", "Choose one of the options.", ctx.lang)
    return chosen


def source_quads(ctx: Context, draft: Draft, page: str, title_nl: str) -> None:
    """The contribution as a described document: by which organisation, when, and the page it points to."""
    organisation = ctx.label(ctx.author.organisation) if ctx.author.organisation else ""
    today = date.today().isoformat()
    node, g = ctx.source, ctx.graph
    draft.add(node, RDF + "type", ox.NamedNode(FOAF + "Document"), g, "")
    draft.add(node, RDFS + "label", literal(f"Bijdrage via de kennisgraaf: {title_nl}", "nl"), g, "")
    draft.add(node, RDFS + "label", literal(f"Contribution through the knowledge graph: {title_nl}", "en"), g, "")
    draft.add(node, DCT + "title", literal(title_nl, "nl"), g, "")
    citation = f"Ingebracht door {organisation or 'een partner'} via de kennisgraaf, {today}."
    draft.add(node, DCT + "bibliographicCitation", literal(citation), g, "")
    draft.add(node, DCT + "issued", ox.Literal(today, datatype=XSD_DATE), g, "")
    if ctx.author.organisation:
        draft.add(node, DCT + "publisher", ox.NamedNode(ctx.author.organisation), g, "")
    if page:
        draft.add(node, FOAF + "page", ox.NamedNode(page), g, "url")


def practice(ctx: Context, values: Values, *, subject: str | None = None, with_effects: bool = True) -> Draft:
    """A new intervention or good practice with what it works on; or (subject given) a new version of one."""
    lang, draft = ctx.lang, Draft("bewerk" if subject else "praktijk")
    name = typed_text(ctx, draft, values, "naam", True)
    name_en = typed_text(ctx, draft, values, "naam_en", False)
    kind = fixed_choice(ctx, draft, values, "soort", "soort", True)
    aim = typed_text(ctx, draft, values, "doel", True)
    description = typed_text(ctx, draft, values, "beschrijving", True)
    groups = picks(ctx, draft, values, "doelgroep", "doelgroep", True)
    provider = pick(ctx, draft, values, "aanbieder", "organisatie", False)
    place = pick(ctx, draft, values, "plaats", "plaats", False)
    status = pick(ctx, draft, values, "status", "status", True)
    page = typed_url(ctx, draft, values, "url", False)
    node = subject or f"{ctx.ids}interventie/{slug(name)}"
    if name and subject is None and ctx.store.quads_from(ox.NamedNode(node)):
        draft.error(
            "naam",
            "Er is al een interventie met deze naam. Kies een andere naam, of bewerk de bestaande.",
            "There is already an intervention with this name. Choose another name, or edit the existing one.",
            lang,
        )
    g = ctx.graph
    cls = "Netwerkactiviteit" if kind == "netwerk" else "PersoonsgerichteInterventie"
    draft.add(node, RDF + "type", ox.NamedNode(K + cls), g, "soort")
    if name:
        draft.add(node, RDFS + "label", literal(name, "nl"), g, "naam")
    if name_en:
        draft.add(node, RDFS + "label", literal(name_en, "en"), g, "naam_en")
    if aim:
        draft.add(node, K + "doel", literal(aim, "nl"), g, "doel")
    if description:
        draft.add(node, DCT + "description", literal(description, "nl"), g, "beschrijving")
    for group in groups:
        draft.add(node, K + "voorDoelgroep", ox.NamedNode(group.iri), g, "doelgroep")
    if provider:
        draft.add(node, K + "aangebodenDoor", ox.NamedNode(provider.iri), g, "aanbieder")
    if place:
        draft.add(node, K + "aangebodenIn", ox.NamedNode(place.iri), g, "plaats")
    if status:
        draft.add(node, K + "status", ox.NamedNode(status.iri), g, "status")
    draft.add(node, DCT + "source", ox.NamedNode(ctx.source), g, "")
    draft.subjects.append(node)
    source_quads(ctx, draft, page, name or "interventie")
    say = sayer(lang)
    what = FIXED["soort"][1 if kind == "netwerk" else 0][2 if lang == "en" else 1]
    draft.sentences += [
        say(f"Nieuwe interventie ‘{name}’, {what}.", f"New intervention ‘{name_en or name}’, {what}.")
        if subject is None
        else say(f"Nieuwe versie van ‘{name}’, {what}.", f"New version of ‘{name_en or name}’, {what}."),
        say(f"Doel: {aim}", f"Aim: {aim}"),
        say(f"Wat er gebeurt: {description}", f"What happens: {description}"),
        say("Voor: ", "For: ") + ", ".join(c.label(lang) for c in groups) + ".",
    ]
    if provider or place:
        by = say(f" door {provider.label(lang)}", f" by {provider.label(lang)}") if provider else ""
        where = say(f" in {place.label(lang)}", f" in {place.label(lang)}") if place else ""
        draft.sentences.append(say("Aangeboden", "Offered") + by + where + ".")
    if status:
        draft.sentences.append(say("Status: ", "Status: ") + status.label(lang) + ".")
    if with_effects:
        _effects(ctx, draft, values, node, name, name_en)
    return draft


def _effects(ctx: Context, draft: Draft, values: Values, node: str, name: str, name_en: str) -> None:
    lang, g, say, seen = ctx.lang, ctx.graph, sayer(ctx.lang), set()
    for number in (1, 2, 3):
        target = pick(ctx, draft, values, f"effect-{number}-werktop", "werktop", False)
        if target is None or target.iri in seen:
            continue
        seen.add(target.iri)
        direction = pick(ctx, draft, values, f"effect-{number}-richting", "richting", True)
        sort = pick(ctx, draft, values, f"effect-{number}-effectsoort", "effectsoort", True)
        effect = f"{node.replace('/interventie/', '/effect/')}-{target.iri.rsplit('/', 1)[-1]}"
        prefix = f"effect-{number}-"
        verb_nl = "werkt tegen" if direction and direction.iri.endswith("schaadt") else "werkt op"
        verb_en = "works against" if direction and direction.iri.endswith("schaadt") else "works on"
        draft.add(effect, RDF + "type", ox.NamedNode(K + "Effect"), g, prefix + "werktop")
        draft.add(effect, RDFS + "label", literal(f"{name} {verb_nl} {target.nl}", "nl"), g, prefix + "werktop")
        draft.add(
            effect, RDFS + "label", literal(f"{name_en or name} {verb_en} {target.en or target.nl}", "en"), g, "naam_en"
        )
        draft.add(effect, K + "vanInterventie", ox.NamedNode(node), g, prefix + "werktop")
        draft.add(effect, K + "werktOp", ox.NamedNode(target.iri), g, prefix + "werktop")
        if direction:
            draft.add(effect, K + "richting", ox.NamedNode(direction.iri), g, prefix + "richting")
        if sort:
            draft.add(effect, K + "effectsoort", ox.NamedNode(sort.iri), g, prefix + "effectsoort")
        # The contribution names this target itself: for this source the link is explicit.
        draft.add(effect, K + "herkomst", ox.NamedNode(ctx.ids + "herkomst/expliciet"), g, prefix + "werktop")
        draft.add(effect, K + "sectie", literal("Werkt op"), g, prefix + "werktop")
        draft.add(effect, DCT + "source", ox.NamedNode(ctx.source), g, "")
        draft.subjects.append(effect)
        how = say(", bedoeld effect", ", intended effect")
        if sort and sort.iri.endswith("bijeffect"):
            how = say(", bijeffect", ", side effect")
        draft.sentences.append(
            say(f"Werkt op {target.nl}", f"Works on {target.en or target.nl}")
            + f" ({direction.label(lang) if direction else '?'}{how}). "
            + say("Beoogd, nog niet onderzocht.", "Intended, not yet studied.")
        )
    if not seen and "effect-1-werktop" not in draft.errors:
        draft.error(
            "effect-1-werktop",
            "Kies minstens één mechanisme of kapitaalvorm waar dit op werkt.",
            "Choose at least one mechanism or form of capital this works on.",
            lang,
        )


def effect(ctx: Context, values: Values) -> Draft:
    """One more effect of an intervention already in the graph: intended or a side effect, helping or harming."""
    lang, draft, say, g = ctx.lang, Draft("effect"), sayer(ctx.lang), ctx.graph
    intervention = pick(ctx, draft, values, "interventie", "interventie", True)
    target = pick(ctx, draft, values, "werktop", "werktop", True)
    direction = pick(ctx, draft, values, "richting", "richting", True)
    sort = pick(ctx, draft, values, "effectsoort", "effectsoort", True)
    if not (intervention and target and direction and sort):
        return draft
    node = f"{intervention.iri.replace('/interventie/', '/effect/')}-{target.iri.rsplit('/', 1)[-1]}"
    if sort.iri.endswith("bijeffect"):
        node += "-bijeffect"
    if ctx.store.quads_from(ox.NamedNode(node)):
        draft.error(
            "werktop",
            "Dit effect staat er al. Voeg er bewijs bij toe met het formulier voor bewijs.",
            "This effect is already there. Add evidence to it with the evidence form.",
            lang,
        )
        return draft
    harms = direction.iri.endswith("schaadt")
    draft.add(node, RDF + "type", ox.NamedNode(K + "Effect"), g, "werktop")
    verb_nl, verb_en = ("schaadt", "harms") if harms else ("werkt op", "works on")
    draft.add(node, RDFS + "label", literal(f"{intervention.nl} {verb_nl} {target.nl}", "nl"), g, "werktop")
    name_en = intervention.en or intervention.nl
    draft.add(node, RDFS + "label", literal(f"{name_en} {verb_en} {target.en or target.nl}", "en"), g, "werktop")
    draft.add(node, K + "vanInterventie", ox.NamedNode(intervention.iri), g, "interventie")
    draft.add(node, K + "werktOp", ox.NamedNode(target.iri), g, "werktop")
    draft.add(node, K + "richting", ox.NamedNode(direction.iri), g, "richting")
    draft.add(node, K + "effectsoort", ox.NamedNode(sort.iri), g, "effectsoort")
    draft.add(node, K + "herkomst", ox.NamedNode(ctx.ids + "herkomst/expliciet"), g, "werktop")
    draft.add(node, K + "sectie", literal("Effect"), g, "werktop")
    draft.add(node, DCT + "source", ox.NamedNode(ctx.source), g, "")
    draft.subjects.append(node)
    source_quads(ctx, draft, "", f"Effect van {intervention.nl}")
    draft.sentences += [
        say(
            f"Nieuw effect: {intervention.nl} {verb_nl} {target.nl} ({direction.label(lang)}, {sort.label(lang)}).",
            f"New effect: {name_en} {verb_en} {target.en or target.nl} ({direction.label(lang)}, {sort.label(lang)}).",
        ),
        say(
            "Beoogd, nog niet onderzocht: voeg bewijs toe als dat er is.", "Not yet studied: add evidence if there is."
        ),
    ]
    return draft


def parse_date(text: str) -> date | None:
    """A date as people write it (20-11-2026, 20/11/2026, 20.11.2026) or as ISO (2026-11-20)."""
    found = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text.strip())
    try:
        if found:
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def sayer(lang: str) -> Callable[[str, str], str]:
    def choose(nl: str, en: str) -> str:
        return en if lang == "en" else nl

    return choose
