"""Local experiments: observations from CSV, progress against goals, findings as evidence, the reflection, the demo.

Everything runs on a real in-memory Oxigraph store with the shipped graph, validated with the real
SHACL validator; the demo graph gives the experiments, indicators and a session to work with.
"""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
import pytest

from graaf import Store, sync_shipped
from graaf.cocktail import Situation, suggest
from graaf.demo import DEMO_FILE, MARKERS, demo_graph, demo_quads, has_demo, load_demo, remove_demo
from graaf.experiments.findings import Finding, record_findings
from graaf.experiments.observations import ImportFailed, import_observations
from graaf.experiments.periods import parse_period
from graaf.experiments.profile import evidence_profile
from graaf.experiments.progress import Point, Progress, assess, experiment_progress
from graaf.experiments.report import reflection
from graaf.storage.shipped import shipped_files
from ontologie.namespaces import DEFAULT_BASE, id_base
from validatie import ShaclValidator

ID = id_base(DEFAULT_BASE)
STADSKANAAL = ID + "experiment/demo-stadskanaal-geldzaken-fictief"
ARREARS = ID + "indicator/demo-betalingsachterstand-fictief"
EDUCATION = ID + "interventie/financiele-educatie"
SESSION = ID + "sessie/demo-stadskanaal-2026-03-fictief"


@pytest.fixture
def store() -> Iterator[Store]:
    """The shipped graph plus the demo, fresh for each test (tests here write)."""
    store = Store()
    sync_shipped(store)
    load_demo(store)  # validated once, in test_the_demo_passes_the_rules
    yield store
    store.close()


# ---------------------------------------------------------------------------------------------------------
# Importing observations
# ---------------------------------------------------------------------------------------------------------

GOOD = """regiocode;periode;indicator;waarde;eenheid
GM0037;2024;demo-betalingsachterstand-fictief;15,5;procent
GM0037;2024-Q3;demo-betalingsachterstand-fictief;14,9;
GM0037;2024-05;demo-betalingsachterstand-fictief;15.1;procent
GM0765;2024-05-13;https://data.alliantievankracht.nl/id/indicator/demo-wachttijd-fictief;7;weken
"""


def _observations(store: Store, graph: str) -> dict[str, tuple[str, str]]:
    rows = store.values(
        f"SELECT ?periode ?waarde ?eenheid WHERE {{ GRAPH <{graph}> {{ ?o a <https://data.alliantievankracht.nl/def/"
        "kern#Observatie> ; <https://data.alliantievankracht.nl/def/kern#periode> ?periode ; "
        "<http://www.w3.org/ns/sosa/hasSimpleResult> ?waarde ; <https://data.alliantievankracht.nl/def/kern#eenheid> "
        "?eenheid } }"
    )
    return {r["periode"]: (r["waarde"], r["eenheid"]) for r in rows}


def test_a_good_csv_becomes_one_validated_graph_per_source(store: Store) -> None:
    done = import_observations(store, GOOD, "cbs-test", citation="CBS, testbestand (2026).", validator=ShaclValidator())
    assert done.observations == 4 and done.graph == ID + "graaf/waarnemingen-cbs-test"
    found = _observations(store, done.graph)
    assert found == {
        "2024": ("15.5", "procent"),  # a decimal comma is read as a decimal point
        "2024-Q3": ("14.9", "procent"),  # no unit given: the indicator's
        "2024-05": ("15.1", "procent"),
        "2024-05-13": ("7", "weken"),
    }
    # Every observation names the source document, which is described with its citation.
    assert store.ask(
        f'ASK {{ <{done.source}> <http://purl.org/dc/terms/bibliographicCitation> "CBS, testbestand (2026)." }}'
    )
    unsourced = store.values(
        "PREFIX kern: <https://data.alliantievankracht.nl/def/kern#> PREFIX dcterms: <http://purl.org/dc/terms/> "
        f"SELECT ?o WHERE {{ GRAPH <{done.graph}> {{ ?o a kern:Observatie "
        "FILTER NOT EXISTS { ?o dcterms:source ?b } } }"
    )
    assert unsourced == []
    # The same source again replaces its graph instead of doubling it.
    import_observations(store, GOOD.replace("15,5", "16"), "cbs-test", validator=ShaclValidator())
    assert _observations(store, done.graph)["2024"] == ("16", "procent")
    assert len(_observations(store, done.graph)) == 4


BAD = """regiocode,periode,indicator,waarde,eenheid
GM37,2024,demo-betalingsachterstand-fictief,15,procent
GM9999,2024,demo-betalingsachterstand-fictief,15,procent
GM0037,2024-Q5,demo-betalingsachterstand-fictief,15,procent
GM0037,2024,bestaat-niet,15,procent
GM0037,2025,demo-betalingsachterstand-fictief,veel,procent
GM0037,2026,demo-betalingsachterstand-fictief,15,euro
GM0037,2027,demo-betalingsachterstand-fictief,15,procent
GM0037,2027,demo-betalingsachterstand-fictief,16,procent
"""


def test_a_bad_csv_names_every_problem_and_writes_nothing(store: Store) -> None:
    before = store.dump()
    with pytest.raises(ImportFailed) as failed:
        import_observations(store, BAD, "fout", validator=ShaclValidator())
    found = {(p.line, p.column) for p in failed.value.problems}
    assert found == {
        (2, "regiocode"),  # not a CBS code
        (3, "regiocode"),  # a CBS code that is not in the graph
        (4, "periode"),  # there is no fifth quarter
        (5, "indicator"),
        (6, "waarde"),
        (7, "eenheid"),
        (9, None),  # the same region, period and indicator twice
    }
    assert all(p.message and p.expected for p in failed.value.problems if p.column)
    assert "regel 4, kolom 'periode'" in failed.value.text()
    assert "niets opgeslagen" in failed.value.message
    assert store.dump() == before


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("regiocode;periode;waarde\nGM0037;2024;3\n", 1, "indicator"),
        ("", None, None),
        ("regiocode;periode;indicator;waarde\n", None, None),
    ],
)
def test_a_csv_without_columns_or_rows_is_refused(
    store: Store, text: str, line: int | None, column: str | None
) -> None:
    with pytest.raises(ImportFailed) as failed:
        import_observations(store, text, "leeg")
    assert [(p.line, p.column) for p in failed.value.problems] == [(line, column)]


def test_periods_of_statistics_offices() -> None:
    quarter = parse_period("2024-q3")
    assert quarter is not None and (quarter.text, quarter.start, quarter.end) == (
        "2024-Q3",
        date(2024, 7, 1),
        date(2024, 9, 30),
    )
    year, month = parse_period("2024"), parse_period("2024-02")
    assert year is not None and year.datatype.endswith("gYear") and year.end == date(2024, 12, 31)
    assert month is not None and month.end == date(2024, 2, 29)
    assert [parse_period(t) for t in ("2024-13", "2024-Q0", "24", "2024-02-30", "mei 2024")] == [None] * 5


# ---------------------------------------------------------------------------------------------------------
# Progress against goals
# ---------------------------------------------------------------------------------------------------------

START, END = date(2025, 1, 1), date(2026, 12, 31)


def _series(values: list[float], *, higher: bool | None, baseline: float | None, target: float | None) -> Progress:
    periods = ["2025-Q1", "2025-Q3", "2026-Q1", "2026-Q3"][-len(values) :]
    points = [Point(parse_period(p), v) for p, v in zip(periods, values, strict=True)]  # type: ignore[arg-type]
    return assess(Progress("i", None, "procent", higher, baseline, target, points), START, END)


def test_lower_is_better_improving_but_behind_the_straight_path() -> None:
    progress = _series([14, 13.1, 12, 11.2], higher=False, baseline=14, target=10)
    assert progress.trend == "beter" and progress.on_track is False
    assert progress.expected is not None and 10 < progress.expected < 11.2
    assert progress.latest is not None and progress.latest.value == 11.2


def test_lower_is_better_ahead_of_the_path_is_on_track() -> None:
    progress = _series([14, 12, 10.5, 10.2], higher=False, baseline=14, target=10)
    assert (progress.trend, progress.on_track) == ("beter", True)


def test_higher_is_better_worsening_is_not_on_track() -> None:
    progress = _series([20, 30, 28, 25], higher=True, baseline=20, target=60)
    assert (progress.trend, progress.on_track) == ("slechter", False)


def test_the_same_numbers_read_the_other_way_round() -> None:
    down = _series([20, 18, 16], higher=True, baseline=20, target=30)
    up = _series([20, 18, 16], higher=False, baseline=20, target=30)
    assert (down.trend, up.trend) == ("slechter", "beter")


def test_without_a_direction_the_target_says_which_way_is_better() -> None:
    progress = _series([8, 6, 4.5], higher=None, baseline=8, target=4)
    assert progress.higher_is_better is False and (progress.trend, progress.on_track) == ("beter", True)


def test_flat_series_and_too_little_data() -> None:
    assert _series([5, 5, 5], higher=True, baseline=5, target=6).trend == "gelijk"
    single = _series([5], higher=True, baseline=None, target=6)
    assert single.trend is None and single.baseline == 5  # the first measurement stands in for the baseline
    no_target = _series([5, 6], higher=True, baseline=5, target=None)
    assert no_target.on_track is None and no_target.trend == "beter"


def test_progress_of_the_demo_experiments_from_the_graph(store: Store) -> None:
    items = {e.experiment: e for e in experiment_progress(store)}
    stadskanaal = items[STADSKANAAL]
    assert (stadskanaal.start, stadskanaal.end) == (date(2025, 1, 1), date(2026, 12, 31))
    arrears = next(p for p in stadskanaal.indicators if p.indicator == ARREARS)
    assert (arrears.baseline, arrears.target, arrears.trend, arrears.on_track) == (14.0, 10.0, "beter", False)
    assert [p.period.text for p in arrears.points] == ["2025-Q1", "2025-Q3", "2026-Q1", "2026-Q3"]
    assert arrears.goals == [ID + "doel/set-werkende-interventies"]
    pekela = items[ID + "experiment/demo-pekela-intake-fictief"].indicators[0]
    assert (pekela.trend, pekela.on_track) == ("slechter", False)  # a year and a month, in time order


def test_imported_observations_count_in_the_progress(store: Store) -> None:
    text = "regiocode,periode,indicator,waarde\nGM0037,2026-11,demo-betalingsachterstand-fictief,9.5\n"
    import_observations(store, text, "nieuw", validator=ShaclValidator())
    item = experiment_progress(store, STADSKANAAL)[0]
    arrears = next(p for p in item.indicators if p.indicator == ARREARS)
    assert arrears.latest is not None and (arrears.latest.period.text, arrears.latest.value) == ("2026-11", 9.5)
    assert arrears.on_track is True


# ---------------------------------------------------------------------------------------------------------
# Findings of a session as evidence
# ---------------------------------------------------------------------------------------------------------


def _record(store: Store, supports: bool = True) -> str:
    finding = Finding(
        "test-bevinding-ervaring",
        ID + "effect/financiele-educatie-schulden",
        "ervaring",
        supports,
        "Bevinding uit een test (fictief)",
        "Finding from a test (fictitious)",
        "Een gezin vertelde anoniem wat hielp (fictief).",
    )
    record_findings(
        store,
        [finding],
        session=SESSION,
        source=ID + "bron/demo-fictief",
        attributed_to=ID + "organisatie/demo-welzijn-fictief",
        graph=ID + "graaf/test-bevindingen",
        validator=ShaclValidator(),
    )
    return ID + "bewijs/test-bevinding-ervaring"


def test_a_finding_shows_up_in_the_evidence_profile(store: Store) -> None:
    before = {
        s.iri.rsplit("/", 1)[-1]: (s.supports, s.contradicts) for s in evidence_profile(store, EDUCATION, "nl").sources
    }
    assert list(before) == ["wetenschappelijk", "professioneel", "ervaring"]  # side by side, always all three
    iri = _record(store)
    profile = evidence_profile(store, EDUCATION, "nl")
    after = {s.iri.rsplit("/", 1)[-1]: (s.supports, s.contradicts) for s in profile.sources}
    assert after["ervaring"] == (before["ervaring"][0] + 1, before["ervaring"][1])
    assert after["professioneel"] == before["professioneel"]
    assert any(f.iri == iri and f.supports and f.session == SESSION for f in profile.findings)


def test_a_contradicting_finding_counts_against(store: Store) -> None:
    before = {s.iri: s.contradicts for s in evidence_profile(store, EDUCATION, "en").sources}
    _record(store, supports=False)
    after = {s.iri: s.contradicts for s in evidence_profile(store, EDUCATION, "en").sources}
    assert after[ID + "kennisbron/ervaring"] == before[ID + "kennisbron/ervaring"] + 1


def test_a_finding_shows_up_in_a_cocktails_explanation(store: Store) -> None:
    iri = _record(store)
    # Financial education is a school programme; for pupils, without the two the catalogue puts first, it is chosen.
    situation = Situation(
        mechanisms=("schulden",), target_group="scholieren-po", exclude=("geldfit", "week-van-het-geld")
    )
    suggestion = suggest(store, situation)
    chosen = next(item for item in suggestion.chosen if item["iri"] == EDUCATION)
    evidence = [e for reason in chosen["waarom"] for e in reason["bewijs"]]  # type: ignore[attr-defined]
    assert iri in {e["iri"] for e in evidence}
    assert any(e["kennisbron"] == "ervaringskennis" for e in evidence)
    assert "ervaringskennis" in suggestion.text()


def test_a_finding_without_a_session_is_refused(store: Store) -> None:
    from graaf.storage.errors import ValidationFailed

    finding = Finding("x", ID + "effect/financiele-educatie-schulden", "professioneel", True, "X (fictief)", "X", "X.")
    with pytest.raises(ValidationFailed):
        record_findings(
            store,
            [finding],
            session=ID + "sessie/bestaat-niet",
            source=ID + "bron/demo-fictief",
            attributed_to=ID + "organisatie/demo-welzijn-fictief",
            graph=ID + "graaf/test-bevindingen",
            validator=ShaclValidator(),
        )
    assert ID + "graaf/test-bevindingen" not in store.graphs()
    with pytest.raises(ValueError, match="ervaringskennis"):
        record_findings(
            store,
            [Finding("y", "x:y", "wetenschappelijk", True, "Y", "Y", "Y.")],
            session=SESSION,
            source="x:s",
            attributed_to="x:a",
            graph="x:g",
        )


# ---------------------------------------------------------------------------------------------------------
# The reflection report
# ---------------------------------------------------------------------------------------------------------


def test_the_report_lists_mechanisms_without_evidence_and_what_the_findings_changed(store: Store) -> None:
    report = reflection(store, 2026)
    gaps = {g.label for g in report.gaps}
    assert "Taboe op armoede" in gaps
    assert "Schulden" not in gaps  # the session's findings back financial education against debts
    changes = {c.iri: c for c in report.evidence}
    assert (changes[EDUCATION].gained, changes[EDUCATION].lost) == (2, 1)
    goals = {g.iri: g for line in report.lines for g in line.goals.values()}
    werkend = goals[ID + "doel/set-werkende-interventies"]
    assert {e.iri for e in werkend.experiments} == {STADSKANAAL, ID + "experiment/demo-pekela-intake-fictief"}
    assert [q.name for q in report.queries] == [
        "reflectie-experimenten",
        "reflectie-bevindingen",
        "reflectie-mechanismen-zonder-bewijs",
    ]
    # Another year: no experiment ran, no session took place.
    empty = reflection(store, 2023)
    assert empty.lines == [] and empty.evidence == []


def test_without_findings_debts_are_still_a_gap() -> None:
    with Store() as bare:
        sync_shipped(bare)
        assert "Schulden" in {g.label for g in reflection(bare, 2026).gaps}


# ---------------------------------------------------------------------------------------------------------
# The demo graph
# ---------------------------------------------------------------------------------------------------------


def test_the_demo_passes_the_rules() -> None:
    with Store() as fresh:
        sync_shipped(fresh)
        assert load_demo(fresh, validator=ShaclValidator()) > 150


def test_the_demo_is_labelled_fictitious_everywhere() -> None:
    texts = ("http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title")
    quads = demo_quads()
    assert {q.graph_name.value for q in quads} == {demo_graph()}  # type: ignore[union-attr]
    labelled = [q for q in quads if q.predicate.value in texts]
    assert len(labelled) > 20
    unmarked = [q for q in labelled if not any(m in q.object.value.lower() for m in MARKERS)]
    assert unmarked == []
    descriptions = [q for q in quads if q.subject.value == demo_graph() and q.predicate.value.endswith("description")]
    assert descriptions and all(q.object.value.startswith(("FICTIEF", "FICTITIOUS")) for q in descriptions)


def test_the_demo_is_not_shipped_data_and_can_be_taken_out_without_a_trace(store: Store) -> None:
    assert DEMO_FILE not in {f.path for f in shipped_files()}
    assert has_demo(store)
    sync_shipped(store)  # a restart leaves the demo alone: it is not a shipped graph
    assert has_demo(store)
    assert remove_demo(store) and not has_demo(store)
    assert not remove_demo(store)
    dump = store.dump().decode().lower()
    assert not any(marker in dump for marker in MARKERS)
    assert experiment_progress(store) == []


def test_the_demo_moves_with_the_base_iri() -> None:
    base = "https://voorbeeld.example/"
    with Store() as other:
        sync_shipped(other, base)
        load_demo(other, base)  # (the shapes name the default base's concept schemes: no validator here)
        assert demo_graph(base) in other.graphs()
        assert other.ask(f"ASK {{ <{id_base(base)}experiment/demo-stadskanaal-geldzaken-fictief> ?p ?o }}")


def test_decimal_values_are_stored_as_xsd_decimal(store: Store) -> None:
    done = import_observations(store, "regiocode,periode,indicator,waarde\nGM0037,2025,demo-deelname-fictief,12\n", "d")
    quad = next(q for q in store.quads(done.graph) if q.predicate.value == "http://www.w3.org/ns/sosa/hasSimpleResult")
    assert isinstance(quad.object, ox.Literal) and quad.object.datatype.value.endswith("#decimal")
    assert Decimal(quad.object.value) == 12


@pytest.mark.parametrize(
    ("period", "accepted"),
    [
        ('"2026"^^xsd:gYear', True),
        ('"2026-Q1"', True),
        ('"2026-03"^^xsd:gYearMonth', True),
        ('"2026-03-31"^^xsd:date', True),
        ('"2026-Q5"', False),
        ('"2026-13"^^xsd:gYearMonth', False),
        ('"maart 2026"', False),
        ("<https://data.alliantievankracht.nl/id/plaats/GM0037>", False),
    ],
)
def test_the_rules_accept_exactly_the_four_forms_of_a_period(store: Store, period: str, accepted: bool) -> None:
    from graaf.storage.changes import Change, apply
    from graaf.storage.errors import ValidationFailed

    turtle = f"""@prefix kern: <https://data.alliantievankracht.nl/def/kern#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    @prefix sosa: <http://www.w3.org/ns/sosa/> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <https://data.alliantievankracht.nl/id/observatie/test> a kern:Observatie ;
        rdfs:label "Test (fictief)"@nl , "Test (fictitious)"@en ; kern:periode {period} ; kern:eenheid "procent" ;
        sosa:hasSimpleResult 12.5 ; sosa:observedProperty <{ARREARS}> ;
        sosa:hasFeatureOfInterest <https://data.alliantievankracht.nl/id/plaats/GM0037> ."""
    graph = ox.NamedNode(ID + "graaf/test-periode")
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(turtle, ox.RdfFormat.TURTLE)]
    if accepted:
        apply(store, Change(add=quads), ShaclValidator())
    else:
        with pytest.raises(ValidationFailed):
            apply(store, Change(add=quads), ShaclValidator())
