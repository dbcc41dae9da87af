"""The spreadsheet template's sheets and columns, in one place.

The reader, the mapping to RDF, the shipped template files and the README all follow this table,
so a column cannot exist in one and be missing in another (a test compares the shipped files).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column: its Dutch header, whether a value is required, whether a cell may hold several
    values (separated by ";"), and what a value must be, in words for people."""

    header: str
    required: bool
    expected: str
    multi: bool = False


SLUG = "een korte naam van kleine letters, cijfers en streepjes (bijvoorbeeld 'huiswerkklas-pekela')"

SHEETS: dict[str, tuple[Column, ...]] = {
    "interventies": (
        Column("id", True, SLUG),
        Column("soort", True, "'persoonsgericht' of 'netwerkactiviteit'"),
        Column("naam", True, "de naam in het Nederlands"),
        Column("naam_en", False, "de naam in het Engels"),
        Column("doel", True, "wat de interventie wil bereiken, in het Nederlands"),
        Column("doel_en", False, "het doel in het Engels"),
        Column("doelgroepen", True, "een of meer doelgroepen (bijvoorbeeld 'gezin')", multi=True),
        Column("plaatsen", False, "een of meer plaatsen: CBS-code of naam (bijvoorbeeld 'GM0765')", multi=True),
        Column("status", False, "'idee', 'gepland', 'lopend' of 'afgerond'"),
        Column("belasting", False, "'licht', 'gemiddeld', 'zwaar' of 'onbekend'"),
        Column("preventieniveau", False, "een preventieniveau (bijvoorbeeld 'selectief')", multi=True),
        Column("bron", True, "een bron uit de graaf (bijvoorbeeld 'faseplan-2')"),
        Column("sectie", False, "waar in de bron het staat (bijvoorbeeld 'Hoofdstuk 3')"),
    ),
    "effecten": (
        Column("id", True, SLUG),
        Column("interventie", True, "het id van een interventie (uit dit sjabloon of al in de graaf)"),
        Column("werkt_op", True, "een mechanisme, kapitaalvorm of uitkomst (bijvoorbeeld 'schulden')"),
        Column("richting", True, "'helpt' of 'schaadt'"),
        Column("soort", True, "'beoogd' of 'bijeffect'"),
        Column("herkomst", True, "'expliciet' (de bron zegt het) of 'interpretatie' (onze lezing)"),
        Column("naam", True, "de naam van het effect in het Nederlands"),
        Column("naam_en", False, "de naam in het Engels"),
        Column("bron", True, "een bron uit de graaf (bijvoorbeeld 'faseplan-2')"),
        Column("sectie", False, "waar in de bron het staat (bijvoorbeeld 'Hoofdstuk 3')"),
    ),
    "bewijs": (
        Column("id", True, SLUG),
        Column("effect", True, "het id van een of meer effecten (uit dit sjabloon of al in de graaf)", multi=True),
        Column("kennisbron", True, "'wetenschappelijk', 'professioneel' of 'ervaring'"),
        Column("bewijsniveau", False, "een bewijsniveau (leeg: 'onbekend')"),
        Column("studietype", False, "een studietype (bijvoorbeeld 'praktijkevaluatie')"),
        Column("naam", True, "de naam van het bewijs in het Nederlands"),
        Column("naam_en", False, "de naam in het Engels"),
        Column("context", False, "uitleg bij het bewijs, in het Nederlands"),
        Column("verwijzing", False, "de verwijzing naar de studie of het document"),
        Column("bron", True, "een bron uit de graaf (bijvoorbeeld 'faseplan-2')"),
        Column("sectie", False, "waar in de bron het staat (bijvoorbeeld 'Hoofdstuk 3')"),
    ),
}

SEPARATOR = ";"
