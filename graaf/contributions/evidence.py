"""The evidence form: a source that supports or contradicts one effect, with its level and kind of study.

The level is what the source states; where it states none the form's default is "onbekend", so a
contributor cannot add a level by leaving a field alone.
"""

import pyoxigraph as ox

from graaf.contributions.build import (
    DCT,
    PROV,
    RDF,
    RDFS,
    Context,
    Draft,
    K,
    Values,
    fixed_choice,
    literal,
    pick,
    sayer,
    source_quads,
    typed_text,
    typed_url,
)


def evidence(ctx: Context, values: Values) -> Draft:
    """Evidence for (or against) one effect, with its source as the contributor cites it."""
    lang, draft, say, g = ctx.lang, Draft("bewijs"), sayer(ctx.lang), ctx.graph
    effect = pick(ctx, draft, values, "effect", "effect", True)
    supports = fixed_choice(ctx, draft, values, "steunt", "steunt", True)
    knowledge = pick(ctx, draft, values, "kennisbron", "kennisbron", True)
    level = pick(ctx, draft, values, "bewijsniveau", "bewijsniveau", True)
    study = pick(ctx, draft, values, "studietype", "studietype", True)
    citation = typed_text(ctx, draft, values, "bronvermelding", True)
    page = typed_url(ctx, draft, values, "url", True)
    context = typed_text(ctx, draft, values, "context", False)
    node = f"{ctx.ids}bewijs/bijdrage-{ctx.ref}"
    draft.add(node, RDF + "type", ox.NamedNode(K + "Bewijs"), g, "")
    about_nl = effect.nl if effect else "?"
    about_en = (effect.en or effect.nl) if effect else "?"
    draft.add(node, RDFS + "label", literal(f"Bewijs bij ‘{about_nl}’", "nl"), g, "effect")
    draft.add(node, RDFS + "label", literal(f"Evidence for ‘{about_en}’", "en"), g, "effect")
    if effect and supports:
        relation = "ondersteunt" if supports == "ja" else "weerspreekt"
        draft.add(node, K + relation, ox.NamedNode(effect.iri), g, "effect")
    for item, predicate, name in ((knowledge, "kennisbron", "kennisbron"), (level, "bewijsniveau", "bewijsniveau")):
        if item:
            draft.add(node, K + predicate, ox.NamedNode(item.iri), g, name)
    if study:
        draft.add(node, K + "studietype", ox.NamedNode(study.iri), g, "studietype")
    if citation:
        draft.add(node, DCT + "bibliographicCitation", literal(citation), g, "bronvermelding")
    if context:
        draft.add(node, K + "context", literal(context, "nl"), g, "context")
    if ctx.author.organisation:
        draft.add(node, PROV + "wasAttributedTo", ox.NamedNode(ctx.author.organisation), g, "")
    draft.add(node, DCT + "source", ox.NamedNode(ctx.source), g, "")
    draft.subjects.append(node)
    source_quads(ctx, draft, page, citation[:200] or "bron")
    verb = say("ondersteunt", "supports") if supports == "ja" else say("weerspreekt", "contradicts")
    draft.sentences += [
        say(f"Bewijs dat ‘{about_nl}’ {verb}.", f"Evidence that {verb} ‘{about_en}’."),
        say("Soort kennis: ", "Kind of knowledge: ")
        + (knowledge.label(lang) if knowledge else "?")
        + say("; niveau: ", "; level: ")
        + (level.label(lang) if level else "?")
        + say("; studie: ", "; study: ")
        + (study.label(lang) if study else "?")
        + ".",
        say(f"Bron: {citation} ({page})", f"Source: {citation} ({page})"),
    ]
    if context:
        draft.sentences.append(say(f"Wat het vond: {context}", f"What it found: {context}"))
    return draft
