"""The learning-evaluation form: a session of the network, who took part, and what it found.

A finding says whether it supports or contradicts an effect, and from which kind of knowledge
(research, practice, lived experience); it becomes evidence like any other (graaf.experiments.findings).
"""

from datetime import date

import pyoxigraph as ox

from graaf.contributions.build import (
    DCT,
    RDF,
    RDFS,
    XSD_DATE,
    Context,
    Draft,
    K,
    Values,
    fixed_choice,
    literal,
    parse_date,
    pick,
    picks,
    sayer,
    source_quads,
    typed_text,
)
from graaf.contributions.fields import FINDINGS, FIXED
from graaf.experiments.findings import Finding, finding_quads


def session(ctx: Context, values: Values) -> Draft:
    """A learning evaluation session (participants by role only) and its findings, each about one effect."""
    lang, draft, say, g = ctx.lang, Draft("sessie"), sayer(ctx.lang), ctx.graph
    typed = typed_text(ctx, draft, values, "datum", True)
    day = parse_date(typed)
    when = day.isoformat() if day else ""
    if typed and day is None:
        draft.error(
            "datum",
            "Dit is geen datum. Schrijf dag, maand en jaar, zoals 20-11-2026.",
            "This is not a date. Write day, month and year, as in 20-11-2026.",
            lang,
        )
    elif day and day > date.today():
        draft.error("datum", "Deze datum ligt in de toekomst.", "This date is in the future.", lang)
    roles = picks(ctx, draft, values, "rol", "deelnemersrol", True)
    node = f"{ctx.ids}sessie/bijdrage-{ctx.ref}"
    draft.add(node, RDF + "type", ox.NamedNode(K + "LerendEvaluerenSessie"), g, "")
    draft.add(node, RDFS + "label", literal(f"Lerend-evaluerensessie van {when}", "nl"), g, "datum")
    draft.add(node, RDFS + "label", literal(f"Learning evaluation session of {when}", "en"), g, "datum")
    if when:
        draft.add(node, K + "datum", ox.Literal(when, datatype=XSD_DATE), g, "datum")
    for role in roles:
        draft.add(node, K + "deelnemersrol", ox.NamedNode(role.iri), g, "rol")
    about = pick(ctx, draft, values, "experiment", "experiment", False)
    if about:
        draft.add(node, K + "overExperiment", ox.NamedNode(about.iri), g, "experiment")
    draft.add(node, DCT + "source", ox.NamedNode(ctx.source), g, "")
    draft.subjects.append(node)
    draft.sentences.append(
        say(f"Lerend-evaluerensessie op {when}, met: ", f"Learning evaluation session on {when}, with: ")
        + ", ".join(r.label(lang) for r in roles)
        + "."
    )
    if about:
        draft.sentences.append(say("Over het experiment ", "About the experiment ") + f"‘{about.label(lang)}’.")
    found = 0
    for number in range(1, FINDINGS + 1):
        prefix = f"bevinding-{number}-"
        effect = pick(ctx, draft, values, prefix + "effect", "effect", False)
        if effect is None:
            continue
        found += 1
        supports = fixed_choice(ctx, draft, values, prefix + "steunt", "steunt", True)
        knowledge = fixed_choice(ctx, draft, values, prefix + "kennis", "kennis", True)
        text = typed_text(ctx, draft, values, prefix + "tekst", True)
        if not (supports and knowledge and text):
            continue
        item = Finding(
            ref=f"bijdrage-{ctx.ref}-{number}",
            effect=effect.iri,
            knowledge=knowledge,
            supports=supports == "ja",
            label_nl=f"Bevinding {number} uit de sessie van {when}: {effect.nl}",
            label_en=f"Finding {number} of the session of {when}: {effect.en or effect.nl}",
            context_nl=" ".join(text.split()),
        )
        organisation = ctx.author.organisation or f"{ctx.ids}organisatie/onbekend"
        for quad in finding_quads(item, node, ctx.source, organisation, g, ctx.ids.removesuffix("id/")):
            draft.add(quad.subject.value, quad.predicate.value, quad.object, g, prefix + "tekst")  # type: ignore[arg-type]
        draft.subjects.append(f"{ctx.ids}bewijs/{item.ref}")
        whose = FIXED["kennis"][0 if knowledge == "professioneel" else 1][2 if lang == "en" else 1]
        verb = say("ondersteunt", "supports") if supports == "ja" else say("weerspreekt", "contradicts")
        if lang == "en":
            draft.sentences.append(f"Finding {number} of {whose} {verb} ‘{effect.en or effect.nl}’: {text}")
        else:
            draft.sentences.append(f"Bevinding {number} van {whose} {verb} ‘{effect.nl}’: {text}")
    if not found and "bevinding-1-effect" not in draft.errors:
        draft.error(
            "bevinding-1-effect",
            "Geef minstens één bevinding: kies het effect waar die over gaat.",
            "Give at least one finding: choose the effect it is about.",
            lang,
        )
    source_quads(ctx, draft, "", f"Lerend-evaluerensessie van {when}")
    return draft
