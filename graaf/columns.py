"""One table of columns for the spreadsheet world: the import template and the CSV export read it both.

A kind of thing (interventies, effecten, bewijs, mechanismen) is a row; each property of it is a
`Field`: the predicate it is stored under, how a value is written, and its name in the export, in
the template, or in both. So a property cannot mean one thing when it comes in and another when it
goes out, and a new one is added in one place. graaf.imports.columns and graaf.export.tables only
pick their view from this table.

May import ontologie only: the imports and the export build on it, it builds on neither.
"""

from dataclasses import dataclass, replace

from ontologie.namespaces import PREFIXES

K, RDF, RDFS, SKOS, DCT, PROV = (PREFIXES[p] for p in ("kern", "rdf", "rdfs", "skos", "dcterms", "prov"))
SLUG = "een korte naam van kleine letters, cijfers en streepjes (bijvoorbeeld 'huiswerkklas-pekela')"
_SOURCE_DOC = "een bron uit de graaf (bijvoorbeeld 'faseplan-2')"
_SECTION_DOC = "waar in de bron het staat (bijvoorbeeld 'Hoofdstuk 3')"


@dataclass(frozen=True)
class Field:
    """One property as a column.

    `how` says how the export writes a value: "iri", "code" (the last part of a concept's IRI),
    "nl"/"en" (the text in that language) or "tekst". `export`/`meaning` name and explain its column
    in the CSV export, `header`/`required`/`expected`/`multi` its column in the import template; a
    field without `export` is not exported, one without `header` is not in the template.
    """

    predicate: str
    how: str
    export: str = ""
    meaning: str = ""
    header: str = ""
    required: bool = False
    expected: str = ""
    multi: bool = False


@dataclass(frozen=True)
class Kind:
    """A kind of thing: its class, what one row is, and its fields in the order the files show them."""

    cls: str
    meaning: str
    fields: tuple[Field, ...]


def _names(label: str, what: str = "de naam") -> tuple[Field, Field]:
    return (
        Field(label, "nl", "naam_nl", "naam in het Nederlands", "naam", True, f"{what} in het Nederlands"),
        Field(label, "en", "naam_en", "naam in het Engels", "naam_en", False, "de naam in het Engels"),
    )


def _export_only(field: Field) -> Field:
    """The field as a column of the export alone (mechanisms come with the ontology, not from the template)."""
    return replace(field, header="", required=False, expected="", multi=False)


# The template names its own things with an id that becomes the end of their IRI; the export has the IRI.
ID = Field("", "iri", header="id", required=True, expected=SLUG)
_SOURCE = Field(DCT + "source", "iri", "bron", "IRI's van de brondocumenten", "bron", True, _SOURCE_DOC)
_SECTION = Field(K + "sectie", "tekst", "sectie", "het deel van de bron waarop het rust", "sectie", False, _SECTION_DOC)

KINDS: dict[str, Kind] = {
    "interventies": Kind(
        K + "Interventie",
        "Eén rij per interventie of activiteit (ook netwerkactiviteiten en persoonsgerichte interventies).",
        (
            ID,
            *_names(RDFS + "label"),
            Field(
                RDF + "type",
                "code",
                "soort",
                "soort interventie",
                "soort",
                True,
                "'persoonsgericht' of 'netwerkactiviteit'",
            ),
            Field(
                K + "status",
                "code",
                "status",
                "idee, gepland, lopend of afgerond",
                "status",
                False,
                "'idee', 'gepland', 'lopend' of 'afgerond'",
            ),
            Field(
                K + "doel",
                "nl",
                "doel_nl",
                "wat de interventie wil bereiken",
                "doel",
                True,
                "wat de interventie wil bereiken, in het Nederlands",
            ),
            Field(K + "doel", "en", header="doel_en", expected="het doel in het Engels"),
            Field(DCT + "description", "nl", "beschrijving_nl", "korte beschrijving"),
            Field(
                K + "voorDoelgroep",
                "code",
                "doelgroepen",
                "voor wie",
                "doelgroepen",
                True,
                "een of meer doelgroepen (bijvoorbeeld 'gezin')",
                multi=True,
            ),
            Field(K + "aangebodenDoor", "iri", "aangeboden_door", "IRI's van de organisaties"),
            Field(
                K + "aangebodenIn",
                "iri",
                "aangeboden_in",
                "IRI's van de plaatsen",
                "plaatsen",
                False,
                "een of meer plaatsen: CBS-code of naam (bijvoorbeeld 'GM0765')",
                multi=True,
            ),
            Field(K + "inProgrammalijn", "code", "programmalijnen", "programmalijnen"),
            Field(
                K + "belasting",
                "code",
                "belasting",
                "belasting voor een gezin",
                "belasting",
                False,
                "'licht', 'gemiddeld', 'zwaar' of 'onbekend'",
            ),
            Field(
                K + "preventieniveau",
                "code",
                header="preventieniveau",
                expected="een preventieniveau (bijvoorbeeld 'selectief')",
                multi=True,
            ),
            _SOURCE,
            _SECTION,
        ),
    ),
    "mechanismen": Kind(
        K + "Mechanisme",
        "Eén rij per mechanisme dat armoede doorgeeft.",
        (
            *(_export_only(f) for f in _names(SKOS + "prefLabel")),
            Field(K + "opNiveau", "code", "niveau", "huishouden, omgeving of systeem"),
            Field(SKOS + "definition", "nl", "betekenis_nl", "betekenis"),
            Field(SKOS + "broader", "iri", "breder", "IRI's van bredere mechanismen"),
            Field(K + "versterkt", "iri", "versterkt", "IRI's van mechanismen die dit mechanisme versterkt"),
            Field(K + "tastAan", "code", "tast_aan", "kapitaalvormen die het aantast"),
            _export_only(_SOURCE),
        ),
    ),
    "effecten": Kind(
        K + "Effect",
        "Eén rij per effect van een interventie op een mechanisme, kapitaalvorm of uitkomst.",
        (
            ID,
            *_names(RDFS + "label", "de naam van het effect"),
            Field(
                K + "vanInterventie",
                "iri",
                "interventie",
                "IRI van de interventie",
                "interventie",
                True,
                "het id van een interventie (uit dit sjabloon of al in de graaf)",
            ),
            Field(
                K + "werktOp",
                "iri",
                "werkt_op",
                "IRI van het mechanisme, de kapitaalvorm of de uitkomst",
                "werkt_op",
                True,
                "een mechanisme, kapitaalvorm of uitkomst (bijvoorbeeld 'schulden')",
            ),
            Field(K + "richting", "code", "richting", "helpt of schaadt", "richting", True, "'helpt' of 'schaadt'"),
            Field(
                K + "effectsoort",
                "code",
                "effectsoort",
                "beoogd of bijeffect",
                "soort",
                True,
                "'beoogd' of 'bijeffect'",
            ),
            Field(
                K + "herkomst",
                "code",
                "herkomst",
                "expliciet (staat in de bron) of interpretatie (onze lezing)",
                "herkomst",
                True,
                "'expliciet' (de bron zegt het) of 'interpretatie' (onze lezing)",
            ),
            Field(K + "effectgrootte", "tekst", "effectgrootte", "effectgrootte, als een bron die noemt"),
            _SOURCE,
            _SECTION,
        ),
    ),
    "bewijs": Kind(
        K + "Bewijs",
        "Eén rij per bewijs voor (of tegen) een effect.",
        (
            ID,
            *_names(RDFS + "label", "de naam van het bewijs"),
            Field(
                K + "ondersteunt",
                "iri",
                "ondersteunt",
                "IRI's van de effecten die het ondersteunt",
                "effect",
                True,
                "het id van een of meer effecten (uit dit sjabloon of al in de graaf)",
                multi=True,
            ),
            Field(K + "weerspreekt", "iri", "weerspreekt", "IRI's van de effecten die het tegenspreekt"),
            Field(
                K + "bewijsniveau",
                "code",
                "bewijsniveau",
                "bewijsniveau; 'onbekend' als geen bron het noemt",
                "bewijsniveau",
                False,
                "een bewijsniveau (leeg: 'onbekend')",
            ),
            Field(
                K + "kennisbron",
                "code",
                "kennisbron",
                "wetenschappelijk, professioneel of ervaring",
                "kennisbron",
                True,
                "'wetenschappelijk', 'professioneel' of 'ervaring'",
            ),
            Field(
                K + "studietype",
                "code",
                "studietype",
                "soort onderzoek of bron",
                "studietype",
                False,
                "een studietype (bijvoorbeeld 'praktijkevaluatie')",
            ),
            Field(
                K + "context",
                "nl",
                "context_nl",
                "waar en wanneer het geldt",
                "context",
                False,
                "uitleg bij het bewijs, in het Nederlands",
            ),
            Field(K + "betreftPlaats", "iri", "plaats", "IRI's van de plaatsen"),
            Field(
                DCT + "bibliographicCitation",
                "tekst",
                "bronvermelding",
                "bronvermelding",
                "verwijzing",
                False,
                "de verwijzing naar de studie of het document",
            ),
            _SOURCE,
            _SECTION,
            Field(PROV + "wasAttributedTo", "iri", "toegeschreven_aan", "wie het bewijs vastlegde"),
        ),
    ),
}
