"""Rendering the HTML pages: one Jinja environment, the reader's language and the site's own words."""

from functools import lru_cache

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.views.query_page import TEMPLATES
from ontologie.namespaces import id_base

# The site's own words; the data brings its own labels in both languages.
WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "site": "Kennisgraaf Generatiearmoede",
        "skip": "Naar de inhoud",
        "home": "Home",
        "interventions": "Interventies",
        "mechanisms": "Mechanismen",
        "capitals": "Kapitaalvormen",
        "places": "Plaatsen",
        "sources": "Bronnen",
        "no_sources": "Voor dit ding staat geen bron in de graaf.",
        "kind": "Soort",
        "links_here": "Wat hiernaar verwijst",
        "effects": "Effecten en bewijs",
        "works_on": "Werkt op",
        "stated": "De bron noemt dit verband zelf.",
        "interpretation": "Interpretatie van de redactie",
        "not_studied": "Beoogd, nog niet onderzocht: er is nog geen bewijs. Een plan telt niet als bewijs.",
        "source": "bron",
        "section": "sectie",
        "level": "Bewijsniveau",
        "knowledge": "Kennisbron",
        "citation": "Bronvermelding",
        "unknown": "onbekend",
        "related": "Verwante interventies",
        "warnings": "Let op",
        "working_on_this": "Interventies die hierop werken",
        "knowledge_gap": "Wat we nog niet weten",
        "not_found": "Niet gevonden",
        "not_found_text": "Dit staat niet in de kennisgraaf. Misschien is het adres verkeerd, of is het weggehaald.",
        "back_home": "Terug naar de startpagina",
        "data": "Deze gegevens als RDF",
        # Search and list pages (api/views/search.py, zoeken.html)
        "search_title": "Zoeken",
        "search_label": "Zoek op een woord",
        "search_hint": "Bijvoorbeeld schulden, stress of jongeren. Een tikfout is niet erg.",
        "search_button": "Zoeken",
        "search_apply": "Filters toepassen",
        "search_clear": "Wis filters",
        "search_filters": "Filters",
        "search_to_filters": "Naar de filters",
        "search_results": "Resultaten",
        "search_count": "{n} resultaten",
        "search_count_one": "1 resultaat",
        "search_count_for": "voor ‘{q}’",
        "search_none": "Niets gevonden. Probeer een ander woord, of wis de filters.",
        "search_some_words": "Geen resultaat had alle woorden. Dit zijn resultaten met een deel van de woorden.",
        "search_similar": "Ook gezocht naar:",
        "search_default_kind": "Zonder zoekwoord ziet u de interventies. Kies hieronder een andere soort.",
        "search_unknown": "‘{value}’ kennen we niet als {facet}. We zoeken zonder deze keuze.",
        "search_page": "Pagina {page} van {pages}",
        "search_previous": "Vorige pagina",
        "search_next": "Volgende pagina",
        "search_working_on": "Interventies die hierop werken",
        "search_home_interventions": "interventies",
        "search_home_working_on": "Interventies die werken op {label}",
        "search_home_for": "Interventies voor {label}",
        "search_home_in": "Interventies in {label}",
        "search_home_all": "Alle interventies, met filters",
        "search_home_shown": "Hier staan de eerste {shown} van {total} interventies, op naam.",
        "working_shown": "Hier staan de eerste {shown} van {total}, op naam.",
        "working_all": "Zoek ze allemaal, met filters",
        "search_facet_soort": "Soort",
        "search_facet_mechanisme": "Mechanisme",
        "search_facet_kapitaalvorm": "Kapitaalvorm",
        "search_facet_uitkomst": "Uitkomst",
        "search_facet_doelgroep": "Doelgroep",
        "search_facet_bewijsniveau": "Bewijsniveau",
        "search_facet_kennisbron": "Kennisbron",
        "search_facet_bron": "Bron",
        "search_facet_gemeente": "Gemeente",
        "search_facet_preventieniveau": "Preventieniveau",
        "search_facet_status": "Status",
        "search_kind_interventie": "Interventie",
        "search_kind_mechanisme": "Mechanisme",
        "search_kind_kapitaalvorm": "Kapitaalvorm",
        "search_kind_uitkomst": "Uitkomst",
        "search_kind_doelgroep": "Doelgroep",
        "search_kind_doel": "Doel van het programma",
        "search_kind_effect": "Effect",
        "search_kind_bewijs": "Bewijs",
        "search_kind_plaats": "Plaats",
        "search_kind_organisatie": "Organisatie",
        "search_list_interventie": "Interventies",
        "search_list_mechanisme": "Mechanismen",
        "search_list_kapitaalvorm": "Kapitaalvormen",
        "search_list_doelgroep": "Doelgroepen",
        "search_list_plaats": "Plaatsen",
        "search_list_organisatie": "Organisaties",
        "search_list_effect": "Effecten",
        "search_list_bewijs": "Bewijs",
        "search_why_naam": "‘{word}’ in de naam",
        "search_why_beschrijving": "‘{word}’ in de beschrijving",
        "search_why_werktOp": "werkt op {label}",
        "search_why_voorDoelgroep": "voor {label}",
        "search_why_aangebodenDoor": "aangeboden door {label}",
        "search_why_aangebodenIn": "aangeboden in {label}",
        "search_why_dientDoel": "dient het doel ‘{label}’",
        # Pictures (api/views/pictures.py)
        "pic_network": "Oorzaken in een plaatje",
        "pic_network_intro": "Mechanismen van armoede kunnen elkaar versterken. Een mechanisme kan ook een "
        "kapitaalvorm aantasten. Dit plaatje laat zien wat de bronnen daarover zeggen. Klik op een naam voor meer.",
        "pic_in_words": "Hetzelfde in woorden",
        "pic_no_links": "Er zijn nog geen verbanden tussen mechanismen bekend.",
        "pic_gap": "Bewijskaart",
        "pic_columns_kapitaalvormen": "kapitaalvormen",
        "pic_columns_uitkomsten": "uitkomsten",
        "pic_other_columns": "Bekijk de kaart met",
        "pic_download": "Downloaden",
        "pic_mechanism": "Mechanisme",
        "pic_all": "Alle",
        "pic_all_long": "Alle interventies voor dit mechanisme",
        "pic_names_more": "en nog {n}",
        "pic_caption": "Hoeveel interventies werken op een mechanisme én op een kapitaalvorm, "
        "en hoe sterk is het bewijs?",
        "pic_neighbourhood": "Plaatje: wat hiermee verbonden is",
        "pic_neighbourhood_caption": "Links staat wat hiernaar verwijst, rechts waar dit naar verwijst. "
        "Klik op een naam om verder te gaan.",
        "pic_open": "Open het plaatje apart (SVG)",
        "pic_pictures": "Plaatjes",
        "pic_home_network": "Oorzaken: welke mechanismen versterken elkaar?",
        "pic_home_gap": "Bewijskaart: waar ontbreekt kennis over wat werkt?",
        "pic_scroll": "Tabel, schuif opzij om alles te zien",
    },
    "en": {
        "site": "Knowledge Graph Intergenerational Poverty",
        "skip": "Skip to content",
        "home": "Home",
        "interventions": "Interventions",
        "mechanisms": "Mechanisms",
        "capitals": "Forms of capital",
        "places": "Places",
        "sources": "Sources",
        "no_sources": "The graph names no source for this thing.",
        "kind": "Kind",
        "links_here": "What links here",
        "effects": "Effects and evidence",
        "works_on": "Works on",
        "stated": "The source states this link itself.",
        "interpretation": "The editors' interpretation",
        "not_studied": "Intended, not yet studied: there is no evidence yet. A plan does not count as evidence.",
        "source": "source",
        "section": "section",
        "level": "Level of evidence",
        "knowledge": "Knowledge source",
        "citation": "Citation",
        "unknown": "unknown",
        "related": "Related interventions",
        "warnings": "Watch out",
        "working_on_this": "Interventions that work on this",
        "knowledge_gap": "What we do not know yet",
        "not_found": "Not found",
        "not_found_text": "This thing is not in the knowledge graph. The address may be wrong, or it was removed.",
        "back_home": "Back to the home page",
        "data": "This data as RDF",
        # Search and list pages (api/views/search.py, zoeken.html)
        "search_title": "Search",
        "search_label": "Search for a word",
        "search_hint": "For example debts, stress or young people. A typo is fine.",
        "search_button": "Search",
        "search_apply": "Apply filters",
        "search_clear": "Clear filters",
        "search_filters": "Filters",
        "search_to_filters": "Go to the filters",
        "search_results": "Results",
        "search_count": "{n} results",
        "search_count_one": "1 result",
        "search_count_for": "for ‘{q}’",
        "search_none": "Nothing found. Try another word, or clear the filters.",
        "search_some_words": "No result had all the words. These results have some of the words.",
        "search_similar": "Also searched for:",
        "search_default_kind": "Without a search word you see the interventions. Choose another kind below.",
        "search_unknown": "We do not know ‘{value}’ as a {facet}. We search without this choice.",
        "search_page": "Page {page} of {pages}",
        "search_previous": "Previous page",
        "search_next": "Next page",
        "search_working_on": "Interventions that work on this",
        "search_home_interventions": "interventions",
        "search_home_working_on": "Interventions that work on {label}",
        "search_home_for": "Interventions for {label}",
        "search_home_in": "Interventions in {label}",
        "search_home_all": "All interventions, with filters",
        "search_home_shown": "These are the first {shown} of {total} interventions, by name.",
        "working_shown": "These are the first {shown} of {total}, by name.",
        "working_all": "Search them all, with filters",
        "search_facet_soort": "Kind",
        "search_facet_mechanisme": "Mechanism",
        "search_facet_kapitaalvorm": "Form of capital",
        "search_facet_uitkomst": "Outcome",
        "search_facet_doelgroep": "Target group",
        "search_facet_bewijsniveau": "Level of evidence",
        "search_facet_kennisbron": "Knowledge source",
        "search_facet_bron": "Source",
        "search_facet_gemeente": "Municipality",
        "search_facet_preventieniveau": "Prevention level",
        "search_facet_status": "Status",
        "search_kind_interventie": "Intervention",
        "search_kind_mechanisme": "Mechanism",
        "search_kind_kapitaalvorm": "Form of capital",
        "search_kind_uitkomst": "Outcome",
        "search_kind_doelgroep": "Target group",
        "search_kind_doel": "Goal of the programme",
        "search_kind_effect": "Effect",
        "search_kind_bewijs": "Evidence",
        "search_kind_plaats": "Place",
        "search_kind_organisatie": "Organisation",
        "search_list_interventie": "Interventions",
        "search_list_mechanisme": "Mechanisms",
        "search_list_kapitaalvorm": "Forms of capital",
        "search_list_doelgroep": "Target groups",
        "search_list_plaats": "Places",
        "search_list_organisatie": "Organisations",
        "search_list_effect": "Effects",
        "search_list_bewijs": "Evidence",
        "search_why_naam": "‘{word}’ in the name",
        "search_why_beschrijving": "‘{word}’ in the description",
        "search_why_werktOp": "works on {label}",
        "search_why_voorDoelgroep": "for {label}",
        "search_why_aangebodenDoor": "offered by {label}",
        "search_why_aangebodenIn": "offered in {label}",
        "search_why_dientDoel": "serves the goal ‘{label}’",
        # Pictures (api/views/pictures.py)
        "pic_network": "Causes in a picture",
        "pic_network_intro": "Mechanisms of poverty can reinforce each other. A mechanism can also erode a form "
        "of capital. This picture shows what the sources say about that. Click a name for more.",
        "pic_in_words": "The same in words",
        "pic_no_links": "No links between mechanisms are known yet.",
        "pic_gap": "Evidence gap map",
        "pic_columns_kapitaalvormen": "forms of capital",
        "pic_columns_uitkomsten": "outcomes",
        "pic_other_columns": "See the map with",
        "pic_download": "Download",
        "pic_mechanism": "Mechanism",
        "pic_all": "All",
        "pic_all_long": "All interventions for this mechanism",
        "pic_names_more": "and {n} more",
        "pic_caption": "How many interventions work on a mechanism and on a form of capital, "
        "and how strong is the evidence?",
        "pic_neighbourhood": "Picture: what this is connected to",
        "pic_neighbourhood_caption": "On the left is what links here, on the right what this links to. "
        "Click a name to go on.",
        "pic_open": "Open the picture on its own (SVG)",
        "pic_pictures": "Pictures",
        "pic_home_network": "Causes: which mechanisms reinforce each other?",
        "pic_home_gap": "Evidence gap map: where is knowledge about what works missing?",
        "pic_scroll": "Table, scroll sideways to see it all",
    },
}

# Words of the export and version pages (api/views/export.py).
WORDS["nl"] |= {
    "exp_versions": "Versies van de kennisgraaf",
    "exp_versions_intro": "Een versie is een vaste kopie van de hele kennisgraaf, met een naam en een datum. "
    "Een versie verandert nooit. Zo kunt u ernaar verwijzen en haar later precies zo weer downloaden. "
    "Het bestand is N-Quads, ingepakt met gzip. Met de SHA-256 kunt u controleren dat het bestand niet veranderd is.",
    "exp_name": "Naam",
    "exp_made": "Gemaakt op",
    "exp_triples": "Feiten (triples)",
    "exp_note": "Notitie",
    "exp_compare": "Wat veranderde er?",
    "exp_no_versions": "Er zijn nog geen versies. Een beheerder maakt er een met: kennisgraaf versie maak NAAM.",
    "exp_description": "Beschrijving van de dataset (VoID en DCAT)",
    "exp_downloads": "Alle downloads",
    "exp_diff_title": "Wat veranderde er",
    "exp_diff_facts": "{added} feiten erbij, {removed} feiten weg.",
    "exp_kind_interventies": "Interventies",
    "exp_kind_effecten": "Effecten",
    "exp_kind_bewijs": "Bewijs",
    "exp_toegevoegd": "Nieuw",
    "exp_verwijderd": "Weg",
    "exp_gewijzigd": "Veranderd",
    "exp_nothing": "Niets veranderd.",
}
WORDS["en"] |= {
    "exp_versions": "Versions of the knowledge graph",
    "exp_versions_intro": "A version is a fixed copy of the whole knowledge graph, with a name and a date. A version "
    "never changes, so you can cite it and download exactly the same file later. The file is N-Quads, packed with "
    "gzip. The SHA-256 lets you check that the file has not changed.",
    "exp_name": "Name",
    "exp_made": "Made on",
    "exp_triples": "Facts (triples)",
    "exp_note": "Note",
    "exp_compare": "What changed?",
    "exp_no_versions": "There are no versions yet. An administrator makes one with: kennisgraaf versie maak NAME.",
    "exp_description": "Description of the dataset (VoID and DCAT)",
    "exp_downloads": "All downloads",
    "exp_diff_title": "What changed",
    "exp_diff_facts": "{added} facts added, {removed} facts removed.",
    "exp_kind_interventies": "Interventions",
    "exp_kind_effecten": "Effects",
    "exp_kind_bewijs": "Evidence",
    "exp_toegevoegd": "New",
    "exp_verwijderd": "Gone",
    "exp_gewijzigd": "Changed",
    "exp_nothing": "Nothing changed.",
}

# Local experiments and the reflection report (api/views/experiments.py, experiment*.html, reflectie.html).
WORDS["nl"] |= {
    "exp8_overview": "Lokale experimenten in de regio",
    "exp8_overview_intro": "Alle lokale experimenten: waar ze lopen, wat ze uitproberen en hoeveel indicatoren op "
    "koers liggen.",
    "exp8_none": "Er staan nog geen lokale experimenten in de kennisgraaf.",
    "exp8_experiment": "Experiment",
    "exp8_place": "Plaats",
    "exp8_tests": "Probeert uit",
    "exp8_period": "Periode",
    "exp8_progress": "Voortgang per doel",
    "exp8_progress_intro": "Per indicator: waar we begonnen, de laatste meting, waar we naartoe willen en of dat lukt. "
    "Op koers betekent: minstens zo goed als een rechte lijn van de basiswaarde bij de start naar de streefwaarde aan "
    "het eind.",
    "exp8_no_goal": "Zonder doel",
    "exp8_indicator": "Indicator",
    "exp8_baseline": "Basiswaarde",
    "exp8_latest": "Laatste meting",
    "exp8_target": "Streefwaarde",
    "exp8_expected": "Nu nodig",
    "exp8_trend": "Trend",
    "exp8_status": "Op koers?",
    "exp8_chart": "Grafiek",
    "exp8_chart_note": "Stippellijn: de rechte weg naar het doel.",
    "exp8_on_track": "op koers",
    "exp8_off_track": "niet op koers",
    "exp8_unknown": "nog niet te zeggen",
    "exp8_trend_beter": "wordt beter",
    "exp8_trend_slechter": "wordt slechter",
    "exp8_trend_gelijk": "blijft gelijk",
    "exp8_no_indicators": "Dit experiment heeft nog geen indicatoren.",
    "exp8_sessions": "Sessies lerend evalueren",
    "exp8_roles": "Wie deed mee (alleen de rol)",
    "exp8_findings": "Bevindingen",
    "exp8_supports": "steunt",
    "exp8_contradicts": "spreekt tegen",
    "exp8_no_sessions": "Er is nog geen sessie lerend evalueren over dit experiment.",
    "exp8_profile": "Bewijs uit drie kennisbronnen",
    "exp8_profile_intro": "Hoeveel bewijs er is, per soort kennis: uit onderzoek, uit de praktijk en uit ervaring.",
    "exp8_source": "Kennisbron",
    "exp8_for": "Steunt een effect",
    "exp8_against": "Spreekt een effect tegen",
    "exp8_recent_findings": "Bevindingen uit sessies",
    "exp8_reflection": "Eiland van reflectie",
    "exp8_reflection_intro": "Wat de lokale experimenten dit jaar lieten zien, per programmalijn en doel. Om samen op "
    "terug te kijken.",
    "exp8_year": "Jaar",
    "exp8_show": "Toon",
    "exp8_print": "Printen of bewaren als PDF",
    "exp8_by_line": "Experimenten per programmalijn en doel",
    "exp8_no_line": "Zonder programmalijn",
    "exp8_on_track_count": "{n} van {m} indicatoren op koers",
    "exp8_no_experiments_year": "In dit jaar liep geen lokaal experiment.",
    "exp8_evidence_changes": "Welke interventies kregen of verloren bewijs",
    "exp8_gained": "Erbij (steunt)",
    "exp8_lost": "Eraf (spreekt tegen)",
    "exp8_no_findings_year": "Er zijn dit jaar geen bevindingen vastgelegd.",
    "exp8_gaps": "Mechanismen nog zonder interventie met bewijs",
    "exp8_gaps_intro": "Voor deze mechanismen is er nog geen interventie met bewijs uit onderzoek, praktijk of "
    "ervaring. Hier ontbreekt kennis.",
    "exp8_interventions_count": "interventies die erop werken",
    "exp8_queries": "De vragen achter dit verslag",
    "exp8_queries_intro": "Elke vraag kunt u zelf opnieuw stellen, via de API of op de SPARQL-pagina.",
}
WORDS["en"] |= {
    "exp8_overview": "Local experiments in the region",
    "exp8_overview_intro": "All local experiments: where they run, what they try out and how many indicators are on "
    "track.",
    "exp8_none": "There are no local experiments in the knowledge graph yet.",
    "exp8_experiment": "Experiment",
    "exp8_place": "Place",
    "exp8_tests": "Tries out",
    "exp8_period": "Period",
    "exp8_progress": "Progress per goal",
    "exp8_progress_intro": "Per indicator: where we started, the latest measurement, where we want to go and whether "
    "that works out. On track means: at least as good as a straight line from the baseline at the start to the target "
    "at the end.",
    "exp8_no_goal": "Without a goal",
    "exp8_indicator": "Indicator",
    "exp8_baseline": "Baseline",
    "exp8_latest": "Latest measurement",
    "exp8_target": "Target",
    "exp8_expected": "Needed now",
    "exp8_trend": "Trend",
    "exp8_status": "On track?",
    "exp8_chart": "Chart",
    "exp8_chart_note": "Dashed line: the straight path to the target.",
    "exp8_on_track": "on track",
    "exp8_off_track": "not on track",
    "exp8_unknown": "too early to say",
    "exp8_trend_beter": "improving",
    "exp8_trend_slechter": "worsening",
    "exp8_trend_gelijk": "stable",
    "exp8_no_indicators": "This experiment has no indicators yet.",
    "exp8_sessions": "Learning evaluation sessions",
    "exp8_roles": "Who took part (role only)",
    "exp8_findings": "Findings",
    "exp8_supports": "supports",
    "exp8_contradicts": "contradicts",
    "exp8_no_sessions": "There has been no learning evaluation session about this experiment yet.",
    "exp8_profile": "Evidence from three knowledge sources",
    "exp8_profile_intro": "How much evidence there is, per kind of knowledge: from research, from practice and from "
    "lived experience.",
    "exp8_source": "Knowledge source",
    "exp8_for": "Supports an effect",
    "exp8_against": "Contradicts an effect",
    "exp8_recent_findings": "Findings from sessions",
    "exp8_reflection": "Island of reflection",
    "exp8_reflection_intro": "What the local experiments showed this year, per programme line and goal. To look back "
    "on together.",
    "exp8_year": "Year",
    "exp8_show": "Show",
    "exp8_print": "Print or save as PDF",
    "exp8_by_line": "Experiments per programme line and goal",
    "exp8_no_line": "Without a programme line",
    "exp8_on_track_count": "{n} of {m} indicators on track",
    "exp8_no_experiments_year": "No local experiment ran in this year.",
    "exp8_evidence_changes": "Which interventions gained or lost evidence",
    "exp8_gained": "Gained (supports)",
    "exp8_lost": "Lost (contradicts)",
    "exp8_no_findings_year": "No findings were recorded this year.",
    "exp8_gaps": "Mechanisms still without an evidence-backed intervention",
    "exp8_gaps_intro": "For these mechanisms there is no intervention yet with evidence from research, practice or "
    "lived experience. Knowledge is missing here.",
    "exp8_interventions_count": "interventions working on it",
    "exp8_queries": "The questions behind this report",
    "exp8_queries_intro": "You can ask every question again yourself, through the API or on the SPARQL page.",
}


# A picture opened on its own is a document on our origin: it must never run anything (labels come from
# the graph). The language picks its words.
SVG_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Vary": "Accept-Language",
}


def language(request: Request) -> str:
    """English when the browser puts English before Dutch in Accept-Language; Dutch otherwise."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in WORDS and q > 0:
            choices.append((q, -position, primary))
    return max(choices)[2] if choices else "nl"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
    lang = context.pop("lang", None) or language(request)
    ids = id_base(request.app.state.settings.base_iri)

    def href(iri: str | None) -> str | None:
        """The /doc/ page on this server for an IRI of ours; the IRI itself for others on the web."""
        if not iri:
            return None
        if iri.startswith(ids):
            return "/doc/" + iri[len(ids) :]
        return iri if iri.startswith(("http://", "https://")) and "/def/" not in iri else None

    page = _environment().get_template(template).render(lang=lang, t=WORDS[str(lang)], href=href, **context)
    return HTMLResponse(page, status_code=status, headers={"Vary": "Accept, Accept-Language"})
