"""The opening sentences of an effect's and an evidence's page: what it says, before the list of facts.

A professional reads "Financiële educatie helpt bij Schulden. Dit is een beoogd effect." faster than
a list of properties. The sentence is built from the thing's own facts (already labelled in the
page's language), so it never says more than the graph does. Parts are text or linked values.
"""

from graaf.describe import Thing, Value, kern

Part = str | Value

WORDS = {
    "nl": {
        "helps": "helpt bij",
        "harms": "schaadt",
        "works_on": "werkt op",
        "kind": "Soort effect: {kind}.",
        "explicit": "De bron zegt dit zelf.",
        "interpretation": "Dit is een lezing van de redactie: de bron zegt het niet letterlijk.",
        "supports": "Dit bewijs ondersteunt",
        "knowledge": "Het komt uit {source}",
        "study": ", een {study}",
        "unknown_level": "Het bewijsniveau is onbekend: geen bron noemt een niveau.",
        "level": "Het bewijsniveau is {level}.",
    },
    "en": {
        "helps": "helps with",
        "harms": "harms",
        "works_on": "works on",
        "kind": "Kind of effect: {kind}.",
        "explicit": "The source says this itself.",
        "interpretation": "This is a reading by the editors: the source does not say it in so many words.",
        "supports": "This evidence supports",
        "knowledge": "It comes from {source}",
        "study": ", a {study}",
        "unknown_level": "The level of evidence is unknown: no source states a level.",
        "level": "The level of evidence is {level}.",
    },
}


def _first(thing: Thing, name: str) -> Value | None:
    values = thing.properties.get(kern + name)
    return values[0] if values else None


def effect_lead(thing: Thing, lang: str) -> list[Part]:
    words = WORDS[lang]
    intervention, target = _first(thing, "vanInterventie"), _first(thing, "werktOp")
    if intervention is None or target is None:
        return []
    direction = _first(thing, "richting")
    verb = words["works_on"]
    if direction and direction.iri:
        verb = words["harms"] if direction.iri.endswith("/schaadt") else words["helps"]
    parts: list[Part] = [intervention, f" {verb} ", target, ". "]
    kind = _first(thing, "effectsoort")
    if kind:
        parts.append(words["kind"].format(kind=kind.text) + " ")
    origin = _first(thing, "herkomst")
    if origin and origin.iri:
        parts.append(words["interpretation"] if origin.iri.endswith("/interpretatie") else words["explicit"])
    return parts


def evidence_lead(thing: Thing, lang: str) -> list[Part]:
    words = WORDS[lang]
    parts: list[Part] = []
    supported = thing.properties.get(kern + "ondersteunt", [])
    if supported:
        parts.append(words["supports"] + ": ")
        for position, effect in enumerate(supported):
            parts += [effect, "; " if position < len(supported) - 1 else ". "]
    source, study = _first(thing, "kennisbron"), _first(thing, "studietype")
    if source:
        parts.append(
            words["knowledge"].format(source=source.text) + (words["study"].format(study=study.text) if study else "")
        )
        parts.append(". ")
    level = _first(thing, "bewijsniveau")
    if level is None or (level.iri or "").endswith("/onbekend"):
        parts.append(words["unknown_level"])
    else:
        parts.append(words["level"].format(level=level.text))
    return parts


LEADS = {"effect": effect_lead, "bewijs": evidence_lead}
