"""The local-experiment form: what is tried where, by whom, and the indicators that will show if it helps.

Observations come later, per period, through the monitoring import (`kennisgraaf waarnemingen`); this
form only sets up what is measured and what the network hopes to see. Periods and numbers are read
as people in the Netherlands write them (01-2026, 12,5) and stored in the XSD types the shapes ask.
"""

import re

import pyoxigraph as ox

from graaf.contributions.build import (
    DCT,
    RDF,
    RDFS,
    Context,
    Draft,
    K,
    Values,
    literal,
    parse_date,
    pick,
    picks,
    sayer,
    slug,
    source_quads,
    typed_text,
)
from graaf.contributions.fields import INDICATORS
from graaf.experiments.observations import parse_number
from graaf.experiments.periods import XSD, parse_period

_DUTCH_MONTH = re.compile(r"^(\d{1,2})[-/.](\d{4})$")


def period_value(text: str) -> ox.Literal | None:
    """A begin or end: a day (20-11-2026), a month (01-2026 or 2026-01) or a year; no quarter (XSD has none)."""
    text = text.strip()
    if day := parse_date(text):
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if found := _DUTCH_MONTH.match(text):
        text = f"{found.group(2)}-{int(found.group(1)):02d}"
    period = parse_period(text)
    if period is None or period.datatype == XSD + "string":
        return None
    return ox.Literal(period.text, datatype=ox.NamedNode(period.datatype))


def experiment(ctx: Context, values: Values) -> Draft:
    """A local experiment that tests one intervention in one place, with up to INDICATORS indicators."""
    lang, draft, say, g = ctx.lang, Draft("experiment"), sayer(ctx.lang), ctx.graph
    name = typed_text(ctx, draft, values, "naam", True)
    name_en = typed_text(ctx, draft, values, "naam_en", False)
    description = typed_text(ctx, draft, values, "beschrijving", True)
    tested = pick(ctx, draft, values, "test", "interventie", True)
    place = pick(ctx, draft, values, "plaats", "plaats", True)
    partner = pick(ctx, draft, values, "partner", "organisatie", False)
    groups = picks(ctx, draft, values, "doelgroep", "doelgroep", False)
    node = f"{ctx.ids}experiment/{slug(name)}"
    if name and ctx.store.quads_from(ox.NamedNode(node)):
        draft.error(
            "naam",
            "Er is al een experiment met deze naam. Kies een andere naam.",
            "There is already an experiment with this name. Choose another name.",
            lang,
        )
    draft.add(node, RDF + "type", ox.NamedNode(K + "LokaalExperiment"), g, "")
    if name:
        draft.add(node, RDFS + "label", literal(name, "nl"), g, "naam")
    if name_en:
        draft.add(node, RDFS + "label", literal(name_en, "en"), g, "naam_en")
    if description:
        draft.add(node, DCT + "description", literal(description, "nl"), g, "beschrijving")
    for predicate, chosen, field in ((K + "test", tested, "test"), (K + "uitgevoerdIn", place, "plaats")):
        if chosen:
            draft.add(node, predicate, ox.NamedNode(chosen.iri), g, field)
    if partner:
        draft.add(node, K + "partner", ox.NamedNode(partner.iri), g, "partner")
    for group in groups:
        draft.add(node, K + "voorDoelgroep", ox.NamedNode(group.iri), g, "doelgroep")
    period = _period(ctx, draft, values, node)
    draft.add(node, DCT + "source", ox.NamedNode(ctx.source), g, "")
    draft.subjects.append(node)
    where = place.label(lang) if place else "?"
    draft.sentences += [
        say(f"Nieuw lokaal experiment ‘{name}’.", f"New local experiment ‘{name}’."),
        say(f"Wat: {description}", f"What: {description}"),
        say("Het probeert ", "It tries ")
        + (f"‘{tested.label(lang)}’" if tested else "?")
        + say(f" uit in {where}", f" in {where}")
        + (f" ({' tot '.join(period) if lang != 'en' else ' to '.join(period)})" if period else "")
        + ".",
    ]
    if partner:
        draft.sentences.append(say("Uitgevoerd door ", "Carried out by ") + partner.label(lang) + ".")
    if groups:
        draft.sentences.append(say("Voor: ", "For: ") + ", ".join(c.label(lang) for c in groups) + ".")
    seen: set[str] = set()
    for number in range(1, INDICATORS + 1):
        _indicator(ctx, draft, values, node, name, number, seen)
    if not seen:
        draft.sentences.append(
            say(
                "Er is nog geen indicator: later meten kan dan niet.",
                "There is no indicator yet: nothing can be measured.",
            )
        )
    source_quads(ctx, draft, "", f"Lokaal experiment {name}")
    return draft


def _period(ctx: Context, draft: Draft, values: Values, node: str) -> list[str]:
    found = []
    for key in ("begin", "einde"):
        typed = typed_text(ctx, draft, values, key, False)
        value = period_value(typed) if typed else None
        if typed and value is None:
            draft.error(
                key,
                "Dit is geen maand. Schrijf maand en jaar, zoals 01-2026.",
                "This is not a month. Write month and year, as 01-2026.",
                ctx.lang,
            )
        elif value is not None:
            draft.add(node, K + key, value, ctx.graph, key)
            found.append(typed)
    return found


def _indicator(
    ctx: Context, draft: Draft, values: Values, experiment: str, name: str, number: int, seen: set[str]
) -> None:
    """One indicator, only when it has a name; its unit is then required (the observation shape needs it)."""
    lang, g, say, prefix = ctx.lang, ctx.graph, sayer(ctx.lang), f"indicator-{number}-"
    what = typed_text(ctx, draft, values, prefix + "naam", False)
    if not what:
        return
    node = f"{ctx.ids}indicator/{slug(name)}-{slug(what)}"
    if node in seen:
        draft.error(
            prefix + "naam",
            "Deze indicator staat er al. Geef elke indicator een eigen naam.",
            "This indicator is already there. Give each indicator its own name.",
            lang,
        )
        return
    seen.add(node)
    unit = typed_text(ctx, draft, values, prefix + "eenheid", True)
    better = pick(ctx, draft, values, prefix + "richting", "indicatorrichting", False)
    draft.add(experiment, K + "heeftIndicator", ox.NamedNode(node), g, prefix + "naam")
    draft.add(node, RDF + "type", ox.NamedNode(K + "Indicator"), g, prefix + "naam")
    draft.add(node, RDFS + "label", literal(what, "nl"), g, prefix + "naam")
    if unit:
        draft.add(node, K + "eenheid", literal(unit), g, prefix + "eenheid")
    if better:
        draft.add(node, K + "gewensteRichting", ox.NamedNode(better.iri), g, prefix + "richting")
    numbers = []
    for key, predicate in (("basis", "basiswaarde"), ("streef", "streefwaarde")):
        typed = typed_text(ctx, draft, values, prefix + key, False)
        value = parse_number(typed) if typed else None
        if typed and value is None:
            draft.error(prefix + key, "Schrijf een getal, zoals 14 of 12,5.", "Write a number, as 14 or 12.5.", lang)
        elif value is not None:
            draft.add(
                node, K + predicate, ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal")), g, prefix + key
            )
            numbers.append(typed)
    draft.add(node, DCT + "source", ox.NamedNode(ctx.source), g, "")
    draft.subjects.append(node)
    line = say(f"Indicator {number}: {what}, in {unit}", f"Indicator {number}: {what}, in {unit}")
    if better:
        line += f"; {better.label(lang)}"
    if len(numbers) == 2:
        line += say(f"; van {numbers[0]} naar {numbers[1]}", f"; from {numbers[0]} to {numbers[1]}")
    draft.sentences.append(line + ".")
