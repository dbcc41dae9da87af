"""The shipped graph: every fact has a source, no evidence is invented, the region is right."""

import re

import pytest

from graaf import Store
from ontologie.namespaces import DEFAULT_BASE, sparql_prefixes
from tests.conftest import REPO

ID = DEFAULT_BASE + "id/"
P = sparql_prefixes()


def _iris(store: Store, query: str) -> list[str]:
    return sorted(str(row[next(iter(row))]) for row in store.select(P + query).rows)


def test_there_is_a_real_graph(shipped_store: Store) -> None:
    count = P + "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a/rdfs:subClassOf* kern:{} }}"
    numbers = {
        kind: int(shipped_store.select(count.format(kind)).rows[0]["n"])  # type: ignore[arg-type]
        for kind in ("Interventie", "Effect", "Bewijs", "Mechanisme")
    }
    assert numbers["Interventie"] >= 23, numbers  # ten running activities, the planned efforts, instruments
    assert numbers["Effect"] >= numbers["Interventie"]
    assert numbers["Mechanisme"] >= 15


def test_every_intervention_is_complete_and_sourced(shipped_store: Store) -> None:
    incomplete = _iris(
        shipped_store,
        """SELECT DISTINCT ?i WHERE { ?i a/rdfs:subClassOf* kern:Interventie .
          FILTER NOT EXISTS {
            ?i dcterms:source ?bron ; kern:voorDoelgroep ?doelgroep ; kern:doel ?doel .
            ?i rdfs:label ?nl . FILTER(lang(?nl) = "nl")
            ?i rdfs:label ?en . FILTER(lang(?en) = "en")
            FILTER(lang(?doel) = "nl")
            ?e kern:vanInterventie ?i } }""",
    )
    assert incomplete == []


def test_every_effect_has_one_of_each_and_evidence(shipped_store: Store) -> None:
    for predicate in ("vanInterventie", "werktOp", "richting", "effectsoort", "herkomst"):
        wrong = _iris(
            shipped_store,
            f"""SELECT ?e WHERE {{ ?e a kern:Effect . OPTIONAL {{ ?e kern:{predicate} ?v }} }}
                GROUP BY ?e HAVING (COUNT(?v) != 1)""",
        )
        assert wrong == [], predicate
    unsourced = _iris(
        shipped_store,
        """SELECT ?e WHERE { ?e a kern:Effect . FILTER NOT EXISTS { ?e dcterms:source ?s ; kern:sectie ?sectie } }""",
    )
    assert unsourced == []
    # An effect without evidence is intended and not yet studied; a side effect is only here when a
    # source reports it, so it must have evidence.
    unsupported_side_effects = _iris(
        shipped_store,
        """SELECT ?e WHERE { ?e a kern:Effect ; kern:effectsoort ?soort .
           FILTER(?soort != <https://data.alliantievankracht.nl/id/effectsoort/beoogd>)
           FILTER NOT EXISTS { ?b kern:ondersteunt|kern:weerspreekt ?e } }""",
    )
    assert unsupported_side_effects == []


def test_every_interpretation_says_why(shipped_store: Store) -> None:
    unexplained = _iris(
        shipped_store,
        """SELECT ?e WHERE { ?e kern:herkomst <https://data.alliantievankracht.nl/id/herkomst/interpretatie> .
           FILTER NOT EXISTS { ?e rdfs:comment ?why . FILTER(lang(?why) = "nl" && strlen(str(?why)) > 20) } }""",
    )
    assert unexplained == []


def test_every_intervention_has_a_source_a_reader_can_open(shipped_store: Store) -> None:
    # The exact page (foaf:page), or for the alliance's own web pages, whose addresses are not known, the
    # site they are on (rdfs:seeAlso). The catalogue asks for the exact page (test_catalogue.py).
    missing = _iris(
        shipped_store,
        """SELECT ?i WHERE { ?i a/rdfs:subClassOf* kern:Interventie .
           FILTER NOT EXISTS { ?i dcterms:source/(foaf:page|rdfs:seeAlso) ?url .
                               FILTER(STRSTARTS(STR(?url), "https://")) } }""",
    )
    assert missing == []


def test_every_evidence_is_complete(shipped_store: Store) -> None:
    incomplete = _iris(
        shipped_store,
        f"""SELECT ?b WHERE {{ ?b a/rdfs:subClassOf* kern:Bewijs . FILTER NOT EXISTS {{
           ?b kern:kennisbron/skos:inScheme <{ID}begrippenkader/kennisbronnen> ;
              kern:bewijsniveau/skos:inScheme <{ID}begrippenkader/bewijsniveaus> ;
              kern:studietype ?t ; dcterms:source ?s ; dcterms:bibliographicCitation ?c }} }}""",
    )
    assert incomplete == []


def test_no_evidence_is_invented(shipped_store: Store) -> None:
    # A level other than "onbekend" only where a databank page states it: a recognition, with the page.
    unfounded = _iris(
        shipped_store,
        """SELECT ?b WHERE { ?b kern:bewijsniveau ?niveau .
           FILTER(?niveau != <https://data.alliantievankracht.nl/id/bewijsniveau/onbekend>)
           FILTER NOT EXISTS {
             ?b kern:studietype <https://data.alliantievankracht.nl/id/studietype/erkenningsbeoordeling> ;
                dcterms:source/foaf:page ?url ; kern:context ?when . FILTER(STRSTARTS(STR(?url), "https://")) } }""",
    )
    assert unfounded == []


def test_plans_are_not_evidence(shipped_store: Store) -> None:
    # The programme plan and the action agenda say what partners intend; nothing may count them as support.
    from_plans = _iris(
        shipped_store,
        f"""SELECT ?b WHERE {{ ?b a kern:Bewijs .
           {{ ?b kern:studietype <{ID}studietype/programmadocument> }}
           UNION {{ ?b dcterms:source ?plan .
                    VALUES ?plan {{ <{ID}bron/faseplan-2> <{ID}bron/avk-actieagenda> }} }} }}""",
    )
    assert from_plans == []
    assert shipped_store.ask(P + f"ASK {{ ?e kern:effectsoort ?s ; dcterms:source <{ID}bron/faseplan-2> }}")


def test_effects_say_whether_the_plan_states_them(shipped_store: Store) -> None:
    kinds = _iris(shipped_store, "SELECT DISTINCT ?h WHERE { ?e a kern:Effect ; kern:herkomst ?h }")
    assert kinds == [ID + "herkomst/expliciet", ID + "herkomst/interpretatie"]


def test_mechanisms_at_three_levels_and_reinforcing(shipped_store: Store) -> None:
    levels = _iris(shipped_store, "SELECT DISTINCT ?n WHERE { ?m a kern:Mechanisme ; kern:opNiveau ?n }")
    assert levels == [ID + "mechanismeniveau/" + n for n in ("huishouden", "omgeving", "systeem")]
    for name in ("chronische-stress", "schulden", "weinig-opleiding", "zwakke-regio", "complex-hulpsysteem"):
        assert shipped_store.ask(P + f"ASK {{ <{ID}mechanisme/{name}> a kern:Mechanisme ; dcterms:source ?s }}")
    assert shipped_store.ask(P + "ASK { ?a kern:versterkt ?b . ?c a kern:Bewering ; rdf:predicate kern:versterkt }")


def test_the_ten_running_activities(shipped_store: Store) -> None:
    # The plan's own activities (the catalogue's interventions are running too, in their own graphs).
    running = _iris(
        shipped_store,
        f"SELECT ?i WHERE {{ GRAPH <{ID}graaf/faseplan-2> {{ ?i kern:status <{ID}status/lopend> }} }}",
    )
    assert len(running) == 10
    assert ID + "interventie/financiele-educatie" in running


CBS = {
    "Aa en Hunze": "GM1680",
    "Assen": "GM0106",
    "Borger-Odoorn": "GM1681",
    "Coevorden": "GM0109",
    "Emmen": "GM0114",
    "Midden-Groningen": "GM1952",
    "Oldambt": "GM1895",
    "Pekela": "GM0765",
    "Stadskanaal": "GM0037",
    "Veendam": "GM0047",
    "Westerwolde": "GM1950",
    # Outside the region, where one catalogue intervention is offered.
    "Groningen": "GM0014",
}


def test_municipalities_with_cbs_codes(shipped_store: Store) -> None:
    rows = shipped_store.select(
        P
        + """SELECT ?naam ?code WHERE { ?g a kern:Gemeente ; kern:cbsCode ?code ; rdfs:label ?naam ;
               dcterms:source ?bron . FILTER(lang(?naam) = "nl") }"""
    ).rows
    assert {str(r["naam"]): str(r["code"]) for r in rows} == CBS
    for code in CBS.values():
        assert shipped_store.ask(P + f"ASK {{ <{ID}plaats/{code}> kern:ligtIn/a kern:Provincie }}")


def test_participation_is_a_sourced_claim(shipped_store: Store) -> None:
    members = _iris(
        shipped_store,
        f"""SELECT ?gemeente WHERE {{ ?d a kern:Deelname ; kern:deelnemendeGemeente ?gemeente ;
            dcterms:source <{ID}bron/tintengroep-avk> }}""",
    )
    assert len(members) == 9
    assert ID + "plaats/GM0106" not in members and ID + "plaats/GM1681" not in members


def test_every_data_graph_is_described_with_prov(shipped_store: Store) -> None:
    graphs = [g for g in shipped_store.graphs() if g.startswith(ID + "graaf/") and not g.endswith("/beheer")]
    assert len(graphs) >= 3
    for graph in graphs:
        assert shipped_store.ask(
            P + f"ASK {{ GRAPH <{graph}> {{ <{graph}> prov:wasDerivedFrom ?bron ; prov:wasAttributedTo ?wie ;"
            " dcterms:title ?t } }"
        ), graph


def test_every_source_is_a_described_document(shipped_store: Store) -> None:
    undescribed = _iris(
        shipped_store,
        """SELECT DISTINCT ?bron WHERE { ?x dcterms:source ?bron .
           FILTER NOT EXISTS {
             ?bron a foaf:Document ; dcterms:title ?t ; dcterms:bibliographicCitation ?c } }""",
    )
    assert undescribed == []


IRI_REF = re.compile(r"^[a-z0-9-]+$|^(GM\d{4}|PV\d{2}|WK\d{6}|BU\d{8})$")


def test_minted_iris_follow_the_uri_strategy(shipped_store: Store) -> None:
    subjects = _iris(shipped_store, f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{ID}")) }}')
    bad = [s for s in subjects if len(s[len(ID) :].split("/")) != 2 or not IRI_REF.match(s.rsplit("/", 1)[1])]
    assert bad == []
    assert _iris(shipped_store, f'SELECT ?s WHERE {{ ?s a ?t FILTER(STRSTARTS(STR(?s), "{DEFAULT_BASE}doc/")) }}') == []


README_QUERY = REPO / "graaf" / "queries" / "activiteiten-mechanismen-bewijs.rq"


def test_readme_shows_the_query_that_answers_the_main_question(shipped_store: Store) -> None:
    text = README_QUERY.read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    body = text[text.index("PREFIX") :].strip()
    assert body in readme, "README.md must show graaf/queries/activiteiten-mechanismen-bewijs.rq verbatim"
    results = shipped_store.select(text)
    assert set(results.variables) >= {
        "activiteit",
        "mechanismen",
        "kapitaalvormen",
        "bewijsniveau",
        "kennisbron",
    }
    rows = {str(r["activiteit"]): r for r in results.rows}
    # Only what a databank recognised: VoorZorg with its level, no plan activity, no "onbekend".
    voorzorg = rows["VoorZorg"]
    assert "pedagogisch" in str(voorzorg["kapitaalvormen"]).lower()
    assert str(voorzorg["bewijsniveau"]) == "effectief volgens goede aanwijzingen"
    assert "Financiële educatie" not in rows and "onbekend" not in {str(r["bewijsniveau"]) for r in results.rows}
    assert len(rows) >= 25
    for row in (
        "| VoorZorg | | pedagogisch kapitaal | effectief volgens goede aanwijzingen |",
        "| KiVa | Uitsluiting |",
    ):
        assert row in readme


@pytest.mark.parametrize("language", ["nl", "en"])
def test_everything_shown_to_people_has_a_label(shipped_store: Store, language: str) -> None:
    unlabelled = _iris(
        shipped_store,
        f"""SELECT DISTINCT ?x WHERE {{
            ?x a ?type . FILTER(?type IN (kern:PersoonsgerichteInterventie, kern:Netwerkactiviteit,
              kern:Mechanisme, kern:Kapitaalvorm, kern:Gemeente, kern:Organisatie, kern:Werkgroep,
              kern:Programmalijn, kern:StrategischDoel, kern:OperationeelDoel, kern:Doelgroep))
            FILTER NOT EXISTS {{ ?x rdfs:label|skos:prefLabel ?l FILTER(lang(?l) = "{language}") }} }}""",
    )
    assert unlabelled == []


def test_the_research_behind_the_plan_with_its_lines_and_what_it_found(shipped_store: Store) -> None:
    research = ID + "onderzoek/rug-generatiearmoede"
    row = shipped_store.values(
        P + f"SELECT ?b ?e ?n ?wie WHERE {{ <{research}> a kern:Onderzoek ; kern:begin ?b ; kern:einde ?e ;"
        " kern:aantalFamilies ?n ; prov:wasAssociatedWith ?wie }"
    )
    assert row == [{"b": "2017", "e": "2022", "n": "23", "wie": ID + "organisatie/rijksuniversiteit-groningen"}]
    lines = shipped_store.values(
        P + f"SELECT ?b ?e WHERE {{ ?l dcterms:isPartOf <{research}> ; kern:begin ?b ; kern:einde ?e }} ORDER BY ?b"
    )
    assert [(r["b"], r["e"]) for r in lines] == [("2017", "2020"), ("2020", "2022")]
    # Each insight has a claim saying where the plan says it; the "twice as likely" figure is not tied to
    # the research in so many words, so it is an interpretation with its reason.
    claims = shipped_store.values(
        P
        + f"""SELECT ?tekst ?herkomst ?waarom WHERE {{ <{research}> kern:inzicht ?tekst .
          ?c rdf:subject <{research}> ; rdf:predicate kern:inzicht ; rdf:object ?tekst ; kern:herkomst ?herkomst ;
             dcterms:source <{ID}bron/faseplan-2> ; kern:sectie ?s .
          OPTIONAL {{ ?c rdfs:comment ?waarom FILTER(lang(?waarom) = "nl") }} }}"""
    )
    assert len(claims) == 4
    twice = next(c for c in claims if "twee keer" in c["tekst"])
    assert twice["herkomst"] == ID + "herkomst/interpretatie" and "Lezing van de redactie" in twice["waarom"]
    assert any("Hoe langer" in c["tekst"] for c in claims)


def test_the_starting_points_of_the_approach_are_stated_by_the_plan(shipped_store: Store) -> None:
    stated = _iris(
        shipped_store,
        P
        + f"""SELECT ?u WHERE {{ <{ID}programma/generatiearmoede-doorbreken> kern:uitgangspunt ?u .
          ?u a kern:Uitgangspunt . ?c rdf:subject <{ID}programma/generatiearmoede-doorbreken> ;
          rdf:predicate kern:uitgangspunt ; rdf:object ?u ;
          kern:herkomst <{ID}herkomst/expliciet> ; kern:sectie ?s }}""",
    )
    names = {iri.rsplit("/", 1)[-1] for iri in stated}
    assert {"preventie", "vroegsignalering", "dorps-of-buurtgerichte-aanpak"} <= names


def test_how_the_programme_is_steered_by_bodies_and_roles_never_people(shipped_store: Store) -> None:
    bodies = _iris(
        shipped_store,
        P + f"SELECT ?o WHERE {{ ?o a org:OrganizationalUnit ; org:unitOf <{ID}organisatie/alliantie-van-kracht> }}",
    )
    assert {
        ID + "organisatie/" + b for b in ("dagelijks-bestuur", "stuurgroep", "programmateam", "kartrekkersoverleg")
    } <= set(bodies)
    team = shipped_store.values(
        P + f"SELECT ?naam WHERE {{ ?p a org:Post ; org:postIn <{ID}organisatie/programmateam> ; rdfs:label ?naam"
        ' FILTER(lang(?naam) = "nl") } ORDER BY ?naam'
    )
    assert [r["naam"] for r in team] == [
        "Communicatieleider",
        "Ervaringsdeskundigen in het programmateam",
        "Programmacontroller",
        "Programmaleider",
        "Programmasecretaris",
    ]
    assert not shipped_store.ask(P + "ASK { ?x org:heldBy ?persoon }")  # roles only: nobody is named


def test_every_curated_link_of_a_plan_activity_says_where_it_comes_from(shipped_store: Store) -> None:
    # Kind, programme line, goals, target groups and status of each activity of the plan: each plain triple
    # has a claim with herkomst, and an interpretation says why, as an effect does.
    unmarked = shipped_store.values(
        P
        + f"""SELECT ?a ?p ?o WHERE {{ GRAPH <{ID}graaf/faseplan-2> {{
          ?a a ?kind . FILTER(?kind IN (kern:Netwerkactiviteit, kern:PersoonsgerichteInterventie))
          VALUES ?p {{ rdf:type kern:inProgrammalijn kern:dientDoel kern:voorDoelgroep kern:status }}
          ?a ?p ?o .
          FILTER NOT EXISTS {{ ?c rdf:subject ?a ; rdf:predicate ?p ; rdf:object ?o ; kern:herkomst ?h .
            FILTER(?h = <{ID}herkomst/expliciet> || EXISTS {{ ?c rdfs:comment ?why }}) }} }} }}"""
    )
    assert unmarked == []
    explicit = shipped_store.values(
        P
        + f"""SELECT ?c WHERE {{ ?c rdf:subject <{ID}interventie/coalities-kansrijke-start> ;
          rdf:predicate kern:dientDoel ; kern:herkomst <{ID}herkomst/expliciet> }}"""
    )
    assert len(explicit) == 1  # the plan names maatwerk for the Kansrijke Start families in so many words
