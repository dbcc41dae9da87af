"""GET /cocktail: the form a professional fills in before a case meeting, and the suggested cocktail below it.

The form is a plain GET form, so a filled-in situation is a link that can be shared or printed, and
the page works without JavaScript. Every choice is a known concept (a checkbox or a list), never free
text, so nothing about a family can be typed in. The cocktail itself comes from graaf.cocktail, the
same function behind POST /api/cocktail.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from api.views.deps import get_store
from api.views.templating import language, render
from graaf import Store
from graaf.cocktail import Situation, suggest, vocabulary_of
from graaf.cocktail.explain import Suggestion
from graaf.cocktail.vocabulary import Vocabulary
from graaf.describe import Labeller
from graaf.storage.errors import ImpossibleRequest, UnknownTerm
from graaf.storage.sparql_text import shorten_values
from graaf.storage.terms import local_name
from graaf.storage.versioned import cached

router = APIRouter(include_in_schema=False)

MAX_CHOICES = 30
SHOWN_TERMS = 3  # of a VALUES block in the queries the page shows
PARTS = {
    "nl": "# Deze vraag ging in {n} delen naar de graaf, elk met andere interventies. Hier het eerste deel.",
    "en": "# This question went to the graph in {n} parts, each with other interventions. Here the first part.",
}
LEFT_OUT = {"nl": "# … en nog {n}", "en": "# … and {n} more"}
RELATION: dict[str, dict[str, str]] = {
    "nl": {
        "direct": "werkt op {target}",
        "smaller": "werkt op {target}, een deel van {need}",
        "breder": "werkt op {target}, waar {need} onder valt",
        "versterkend": "werkt op {target}, dat {need} versterkt",
    },
    "en": {
        "direct": "works on {target}",
        "smaller": "works on {target}, a part of {need}",
        "breder": "works on {target}, which includes {need}",
        "versterkend": "works on {target}, which reinforces {need}",
    },
}
GAP_EN = {
    "geen-interventie": "The graph holds no intervention that works on this.",
    "bewijs": "There are interventions, but none with the level of evidence asked for.",
    "doelgroep": "There are interventions, but not for this target group.",
    "plaats": "There are interventions, but not in or near this place.",
    "idee": "There are only ideas for interventions that are not carried out yet.",
    "niet-gekozen": "There are interventions, but they did not fit any more (maximum, burden or a clash).",
}


@dataclass(frozen=True)
class Option:
    value: str  # the last part of the concept's IRI: what the form sends and the cocktail understands
    label: str
    group: str = ""


def _options(vocab: Vocabulary, kind: str, label: Labeller, group: dict[str, str] | None = None) -> list[Option]:
    members = vocab.members(kind)
    label.load(members + list((group or {}).values()))
    options = [
        Option(local_name(iri), label(iri), label(group[iri]) if group and iri in group else "") for iri in members
    ]
    return sorted(options, key=lambda o: (o.group, o.label.lower()))


def form_of(store: Store, lang: str) -> dict[str, list[Option]]:
    """The form's choices, read once per store version."""
    return cached(store, ("cocktailformulier", lang), lambda: _form(store, lang))


def _form(store: Store, lang: str) -> dict[str, list[Option]]:
    vocab = vocabulary_of(store)  # cached: read again only after a write
    label = Labeller(store, lang)
    kinds = {p: k for p, ks in vocab.kind_of.items() for k in ks}
    levels = sorted((vocab.rank.get(i, 0), Option(local_name(i), label(i))) for i in vocab.members("bewijsniveau"))
    return {
        "mechanisms": _options(vocab, "mechanisme", label, vocab.level),
        "capitals": _options(vocab, "kapitaalvorm", label),
        "groups": _options(vocab, "doelgroep", label),
        "places": _options(vocab, "plaats", label, {i: kinds[i] for i in vocab.members("plaats")}),
        "levels": [o for _, o in levels],
        "capacities": _options(vocab, "draagkracht", label),
    }


def _readable(queries: list[str], lang: str) -> list[str]:
    """The queries for people: a question asked in parts (batches of candidates) once, long lists cut."""
    shown: list[tuple[str, str, int]] = []  # (first line, shortened query, parts)
    for query in queries:
        first = query.split("\n", 1)[0]
        if shown and shown[-1][0] == first:
            shown[-1] = (first, shown[-1][1], shown[-1][2] + 1)
        else:
            shown.append((first, shorten_values(query, SHOWN_TERMS, LEFT_OUT[lang]), 1))
    return [text if parts == 1 else PARTS[lang].format(n=parts) + "\n" + text for _, text, parts in shown]


def _in_language(suggestion: Suggestion, store: Store, lang: str) -> dict[str, object]:
    """The suggestion for the template, with sentences and labels in the page's language."""
    data = suggestion.as_dict()
    data["sparql"] = _readable(suggestion.queries, lang)
    label = Labeller(store, lang)
    label.load(_iris(suggestion))
    for item in suggestion.chosen:
        item["label"] = label(str(item["iri"]))
        for reason in item["waarom"]:  # type: ignore[attr-defined]
            if "relatie" in reason:
                words = RELATION[lang][reason["relatie"]]
                sentence = words.format(target=label(reason["doelwit"]), need=label(reason["behoefte"]))
                reason["zin"] = sentence[0].upper() + sentence[1:] + "."
            for evidence in reason["bewijs"]:
                for key in ("niveau", "kennisbron"):
                    if key + "_iri" in evidence:
                        evidence[key] = label(evidence[key + "_iri"])
    for gap in suggestion.uncovered:
        gap["label"] = label(str(gap["iri"]))
        if lang == "en":
            gap["uitleg"] = GAP_EN.get(str(gap["reden"]), gap["uitleg"])
    for alternative in suggestion.alternatives:
        alternative["label"] = label(str(alternative["iri"]))
    situation = data["situatie"]
    assert isinstance(situation, dict)
    for named in [*situation["behoeften"], situation["doelgroep"], situation["plaats"]]:
        if named:
            named["label"] = label(named["iri"])
    return data


def _iris(suggestion: Suggestion) -> list[str]:
    """Every IRI the page names, so their labels come in one query."""
    found = [str(item["iri"]) for item in suggestion.chosen + suggestion.uncovered + suggestion.alternatives]
    found += [str(need["iri"]) for need in suggestion.situation["behoeften"]]  # type: ignore[attr-defined]
    for item in suggestion.chosen:
        for reason in item["waarom"]:  # type: ignore[attr-defined]
            found += [reason[k] for k in ("doelwit", "behoefte") if k in reason]
            found += [e[k] for e in reason["bewijs"] for k in ("niveau_iri", "kennisbron_iri") if k in e]
    return found


@router.get("/cocktail", response_class=HTMLResponse)
def cocktail_page(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    mechanisme: Annotated[list[str], Query(max_length=MAX_CHOICES)] = [],  # noqa: B006 (FastAPI reads the default)
    kapitaalvorm: Annotated[list[str], Query(max_length=MAX_CHOICES)] = [],  # noqa: B006
    doelgroep: str = "",
    plaats: str = "",
    maximum: str = "",
    bewijsniveau: str = "",
    draagkracht: str = "",
    ideeen: str = "",
) -> HTMLResponse:
    lang = language(request)
    chosen = {
        "mechanisme": set(mechanisme),
        "kapitaalvorm": set(kapitaalvorm),
        "doelgroep": doelgroep,
        "plaats": plaats,
        "maximum": maximum or "4",
        "bewijsniveau": bewijsniveau,
        "draagkracht": draagkracht,
        "ideeen": bool(ideeen),
    }
    form = form_of(store, lang)
    context: dict[str, object] = {"form": form, "chosen": chosen, "result": None, "problem": None}
    status = 200
    if mechanisme or kapitaalvorm:
        try:
            situation = Situation(
                mechanisms=tuple(mechanisme),
                weak_capital=tuple(kapitaalvorm),
                target_group=doelgroep or None,
                place=plaats or None,
                max_interventions=_number(maximum, lang),
                min_evidence=bewijsniveau or None,
                capacity=draagkracht or None,
                include_ideas=bool(ideeen),
            )
            context["result"] = _in_language(suggest(store, situation), store, lang)
        except (UnknownTerm, ImpossibleRequest) as error:
            context["problem"] = error.message
            status = 400
    elif request.query_params:
        context["problem"] = (
            "Choose at least one mechanism or weak form of capital."
            if lang == "en"
            else "Kies ten minste één mechanisme of zwakke kapitaalvorm."
        )
        status = 400
    title = "Put together a cocktail" if lang == "en" else "Stel een cocktail samen"
    return render(request, "cocktail.html", status, lang=lang, title=title, **context)


def _number(text: str, lang: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise ImpossibleRequest(
            "The maximum must be a whole number." if lang == "en" else "Het maximum moet een heel getal zijn."
        )
    return int(text)
