"""The fields of the contribution forms: what each asks, in Dutch and English, and what it may hold.

One declaration serves three readers: the page that draws the form, the code that turns what was
typed into triples (graaf.contributions.build), and the messages that name a field when something
is wrong with it. Whatever a person types is checked by the privacy guard field by field, so a BSN,
e-mail address or phone number is refused with the field named, before SHACL sees the whole.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One question on a form. `choices` names a list in graaf.contributions.choices."""

    name: str
    nl: str
    en: str
    kind: str = "text"  # text, textarea, url, date, select, checkboxes, radio, datalist
    choices: str | None = None
    required: bool = False
    help_nl: str = ""
    help_en: str = ""

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    @property
    def typed(self) -> bool:
        """Whatever a person types (not picks) is checked by the privacy guard: numbers and dates too."""
        return self.kind in ("text", "textarea", "url", "date")

    def help(self, lang: str) -> str:
        return self.help_en if lang == "en" else self.help_nl


@dataclass(frozen=True)
class Group:
    """A fieldset: a legend and its fields. `repeat` draws the same fields several times (effect 1, 2, ...)."""

    name: str
    nl: str
    en: str
    fields: tuple[Field, ...]
    repeat: int = 1

    def legend(self, lang: str, number: int | None = None) -> str:
        text = self.en if lang == "en" else self.nl
        return f"{text} {number}" if number is not None and self.repeat > 1 else text


def field_name(group: Group, field: Field, number: int) -> str:
    """The name of a field in the form: 'effect-2-werktop' for a repeated group, else the field's own."""
    return f"{group.name}-{number}-{field.name}" if group.repeat > 1 else field.name


# The same optional English name on every form that makes a new thing.
NAME_EN = Field(
    "naam_en", "Naam in het Engels", "Name in English", help_nl="Mag leeg blijven.", help_en="May stay empty."
)

PRACTICE = (
    Group(
        "wat",
        "Wat is het?",
        "What is it?",
        (
            Field("naam", "Naam", "Name", required=True, help_nl="Zoals partners het noemen."),
            NAME_EN,
            Field(
                "soort",
                "Soort",
                "Kind",
                "radio",
                "soort",
                required=True,
                help_nl="Voor een gezin of persoon, of iets wat het netwerk doet.",
                help_en="For a family or person, or something the network does.",
            ),
            Field("doel", "Doel", "Aim", "textarea", required=True, help_nl="Wat wil het bereiken?"),
            Field(
                "beschrijving",
                "Wat gebeurt er?",
                "What happens?",
                "textarea",
                required=True,
                help_nl="In een paar zinnen: wie doet wat, hoe vaak, hoe lang.",
                help_en="In a few sentences: who does what, how often, for how long.",
            ),
            Field("doelgroep", "Voor wie?", "For whom?", "checkboxes", "doelgroep", required=True),
            Field(
                "aanbieder",
                "Aanbieder",
                "Provider",
                "datalist",
                "organisatie",
                help_nl="Typ een deel van de naam en kies uit de lijst.",
                help_en="Type part of the name and choose from the list.",
            ),
            Field(
                "plaats",
                "Waar wordt het aangeboden?",
                "Where is it offered?",
                "datalist",
                "plaats",
                help_nl="Typ een gemeente of regio en kies uit de lijst. Leeg: niet op één plek.",
                help_en="Type a municipality or region and choose from the list. Empty: not in one place.",
            ),
            Field("status", "Status", "Status", "select", "status", required=True),
            Field(
                "url",
                "Webpagina",
                "Web page",
                "url",
                help_nl="Een openbare pagina waar een lezer meer vindt. Mag leeg blijven.",
                help_en="A public page where a reader finds more. May stay empty.",
            ),
        ),
    ),
    Group(
        "effect",
        "Werkt op",
        "Works on",
        (
            Field("werktop", "Mechanisme of kapitaalvorm", "Mechanism or form of capital", "select", "werktop"),
            Field("richting", "Richting", "Direction", "select", "richting"),
            Field("effectsoort", "Beoogd of bijeffect", "Intended or side effect", "select", "effectsoort"),
        ),
        repeat=3,
    ),
)

FINDINGS = 3
INDICATORS = 2
SESSION = (
    Group(
        "sessie",
        "De sessie",
        "The session",
        (
            Field(
                "datum",
                "Datum",
                "Date",
                required=True,
                help_nl="Bijvoorbeeld 20-11-2026.",
                help_en="For example 20-11-2026 (day, month, year).",
            ),
            Field(
                "rol",
                "Wie deden mee?",
                "Who took part?",
                "checkboxes",
                "deelnemersrol",
                required=True,
                help_nl="Alleen rollen, nooit namen.",
                help_en="Only roles, never names.",
            ),
            Field(
                "experiment",
                "Bij welk lokaal experiment hoort de sessie?",
                "Which local experiment is the session about?",
                "datalist",
                "experiment",
                help_nl="Typ een deel van de naam en kies uit de lijst. Mag leeg blijven.",
                help_en="Type part of the name and choose from the list. May stay empty.",
            ),
        ),
    ),
    Group(
        "bevinding",
        "Bevinding",
        "Finding",
        (
            Field(
                "effect",
                "Over welk effect?",
                "About which effect?",
                "datalist",
                "effect",
                help_nl="Typ een deel van de naam en kies uit de lijst.",
                help_en="Type part of the name and choose from the list.",
            ),
            Field("steunt", "Wat zegt de bevinding?", "What does the finding say?", "radio", "steunt"),
            Field("kennis", "Van wie komt dit?", "Whose knowledge is this?", "radio", "kennis"),
            Field(
                "tekst",
                "Wat zagen of hoorden jullie?",
                "What did you see or hear?",
                "textarea",
                help_nl="Wat werkte, of niet, en voor wie. Zonder namen of iets wat naar een gezin wijst.",
                help_en="What worked, or not, and for whom. Without names or anything that points to a family.",
            ),
        ),
        repeat=FINDINGS,
    ),
)

EVIDENCE = (
    Group(
        "bewijs",
        "Bewijs",
        "Evidence",
        (
            Field(
                "effect",
                "Voor welk effect?",
                "For which effect?",
                "datalist",
                "effect",
                required=True,
                help_nl="Typ een deel van de naam en kies uit de lijst.",
                help_en="Type part of the name and choose from the list.",
            ),
            Field("steunt", "Wat zegt het bewijs?", "What does the evidence say?", "radio", "steunt", required=True),
            Field("kennisbron", "Soort kennis", "Kind of knowledge", "select", "kennisbron", required=True),
            Field(
                "bewijsniveau",
                "Bewijsniveau",
                "Level of evidence",
                "select",
                "bewijsniveau",
                required=True,
                help_nl="Alleen een niveau dat de bron zelf noemt. Anders: onbekend.",
                help_en="Only a level the source itself states. Otherwise: unknown.",
            ),
            Field("studietype", "Soort studie", "Kind of study", "select", "studietype", required=True),
            Field(
                "bronvermelding",
                "Bronvermelding",
                "Citation",
                "textarea",
                required=True,
                help_nl="Wie, wat, wanneer, waar verschenen.",
                help_en="Who, what, when, where published.",
            ),
            Field("url", "Webadres van de bron", "Web address of the source", "url", required=True),
            Field(
                "context",
                "Wat vond het onderzoek?",
                "What did the study find?",
                "textarea",
                help_nl="In uw eigen woorden, voor wie en waar.",
                help_en="In your own words, for whom and where.",
            ),
        ),
    ),
)

EFFECT = (
    Group(
        "los",
        "Effect",
        "Effect",
        (
            Field(
                "interventie",
                "Van welke interventie?",
                "Of which intervention?",
                "datalist",
                "interventie",
                required=True,
                help_nl="Typ een deel van de naam en kies uit de lijst.",
                help_en="Type part of the name and choose from the list.",
            ),
            Field(
                "werktop",
                "Werkt op welk mechanisme of welke kapitaalvorm?",
                "Works on which mechanism or form of capital?",
                "select",
                "werktop",
                required=True,
            ),
            Field("richting", "Richting", "Direction", "select", "richting", required=True),
            Field(
                "effectsoort",
                "Beoogd of bijeffect",
                "Intended or side effect",
                "select",
                "effectsoort",
                required=True,
                help_nl="Een bijeffect is iets wat niet de bedoeling was, goed of slecht.",
                help_en="A side effect is something that was not intended, good or bad.",
            ),
        ),
    ),
)

EXPERIMENT = (
    Group(
        "experiment",
        "Het experiment",
        "The experiment",
        (
            Field("naam", "Naam", "Name", required=True, help_nl="Een korte naam die partners kennen."),
            NAME_EN,
            Field(
                "beschrijving",
                "Wat proberen jullie uit?",
                "What are you trying out?",
                "textarea",
                required=True,
                help_nl="Wie doet wat, waar en hoe lang. Zonder namen van mensen.",
                help_en="Who does what, where and for how long. Without names of people.",
            ),
            Field(
                "test",
                "Welke interventie proberen jullie uit?",
                "Which intervention do you try out?",
                "datalist",
                "interventie",
                required=True,
                help_nl="Typ een deel van de naam en kies uit de lijst.",
                help_en="Type part of the name and choose from the list.",
            ),
            Field(
                "plaats",
                "Waar?",
                "Where?",
                "datalist",
                "plaats",
                required=True,
                help_nl="Typ een gemeente, dorp of wijk en kies uit de lijst.",
                help_en="Type a municipality, village or district and choose from the list.",
            ),
            Field(
                "partner",
                "Wie voert het uit?",
                "Who carries it out?",
                "datalist",
                "organisatie",
                help_nl="Een organisatie uit de lijst. Mag leeg blijven.",
                help_en="An organisation from the list. May stay empty.",
            ),
            Field("doelgroep", "Voor wie?", "For whom?", "checkboxes", "doelgroep"),
            Field(
                "begin",
                "Begin",
                "Start",
                help_nl="Maand en jaar, zoals 01-2026. Een datum of alleen een jaar mag ook.",
                help_en="Month and year, as 01-2026. A date or only a year is fine too.",
            ),
            Field(
                "einde",
                "Einde",
                "End",
                help_nl="Maand en jaar, zoals 12-2027. Mag leeg blijven.",
                help_en="Month and year, as 12-2027. May stay empty.",
            ),
        ),
    ),
    Group(
        "indicator",
        "Wat meten jullie? Indicator",
        "What do you measure? Indicator",
        (
            Field(
                "naam",
                "Naam van de indicator",
                "Name of the indicator",
                help_nl="Bijvoorbeeld: huishoudens met een betalingsachterstand. Laat leeg als je niets meet.",
                help_en="For example: households with payment arrears. Leave empty if you measure nothing.",
            ),
            Field(
                "eenheid",
                "Eenheid",
                "Unit",
                help_nl="Bijvoorbeeld procent of aantal gezinnen.",
                help_en="For example percent or number of families.",
            ),
            Field("richting", "Wat is beter?", "What is better?", "select", "indicatorrichting"),
            Field(
                "basis",
                "Waarde bij de start",
                "Value at the start",
                help_nl="Een getal, zoals 14 of 12,5. Mag leeg blijven.",
                help_en="A number, as 14 or 12.5. May stay empty.",
            ),
            Field(
                "streef",
                "Streefwaarde",
                "Target value",
                help_nl="Een getal, zoals 10. Mag leeg blijven.",
                help_en="A number, as 10. May stay empty.",
            ),
        ),
        repeat=INDICATORS,
    ),
)

EDIT = (PRACTICE[0],)

FORMS: dict[str, tuple[Group, ...]] = {
    "praktijk": PRACTICE,
    "effect": EFFECT,
    "bewijs": EVIDENCE,
    "sessie": SESSION,
    "experiment": EXPERIMENT,
    "bewerk": EDIT,
}
TITLES = {
    "praktijk": ("Een goede praktijk of interventie toevoegen", "Add a good practice or intervention"),
    "sessie": ("Een lerend-evaluerensessie met bevindingen", "A learning evaluation session with findings"),
    "effect": ("Een effect bij een interventie", "An effect of an intervention"),
    "bewijs": ("Bewijs bij een effect", "Evidence for an effect"),
    "experiment": ("Een lokaal experiment met indicatoren", "A local experiment with indicators"),
    "bewerk": ("Een interventie bewerken", "Edit an intervention"),
}
# Small fixed lists that are not concept schemes.
FIXED = {
    "soort": [
        ("persoonsgericht", "voor een persoon of gezin", "for a person or family"),
        ("netwerk", "iets wat het netwerk doet", "something the network does"),
    ],
    "steunt": [
        ("ja", "het werkt (ondersteunt het effect)", "it works (supports the effect)"),
        ("nee", "het werkt niet of anders (weerspreekt het effect)", "it does not work (contradicts the effect)"),
    ],
    "kennis": [
        ("professioneel", "professionals (praktijkkennis)", "professionals (practice knowledge)"),
        ("ervaring", "ervaringsdeskundigen of inwoners (ervaringskennis)", "experts by experience (lived experience)"),
    ],
}


def all_fields(kind: str) -> list[tuple[Group, Field, int, str]]:
    """Every (group, field, number, name) of a form, in the order they are drawn."""
    found = []
    for group in FORMS[kind]:
        for number in range(1, group.repeat + 1):
            for item in group.fields:
                found.append((group, item, number, field_name(group, item, number)))
    return found
