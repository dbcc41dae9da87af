"""Pictures from the real shipped graph: well-formed SVG, the right nodes and links, honest counts, same bytes."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from PIL import Image
from rdflib import URIRef

from benchmarks.synthetic import generate
from graaf import Store, sync_shipped
from graaf.pictures import causal_network, causal_svg, contributions, gap_map, gap_map_csv, gap_map_png, gap_map_svg
from graaf.pictures.gapmap import COLUMN_KINDS, CSV_HEADER
from graaf.pictures.gapmap_draw import boxes
from graaf.pictures.neighbourhood import neighbourhood_svg
from graaf.storage.csvcells import FORMULA_START
from graaf.storage.named_queries import named_query
from ontologie.namespaces import DEFAULT_BASE, sparql_prefixes
from tests.graaf import writes

ID = DEFAULT_BASE + "id/"
SVG = "{http://www.w3.org/2000/svg}"
P = sparql_prefixes()


def parse(picture: str) -> ET.Element:
    root = ET.fromstring(picture)
    assert root.tag == SVG + "svg"
    assert root.find(SVG + "title") is not None and root.find(SVG + "desc") is not None
    labelled = root.get("aria-labelledby", "").split()
    assert labelled and all(root.find(f".//*[@id='{i}']") is not None for i in labelled)
    assert not list(root.iter(SVG + "script"))
    return root


def links(root: ET.Element) -> list[str]:
    return [a.get("href", "") for a in root.iter(SVG + "a")]


def test_neighbourhood_of_an_intervention_links_every_node_to_an_existing_page(shipped_store: Store) -> None:
    picture = neighbourhood_svg(shipped_store, ID + "interventie/jobcarving", "nl", DEFAULT_BASE)
    assert picture is not None
    hrefs = links(parse(picture))
    assert hrefs and all(h.startswith("/doc/") for h in hrefs)
    for href in hrefs:  # every link names a thing the graph knows, so its /doc/ page exists
        assert shipped_store.ask("ASK { ?item ?p ?o }", bindings={"item": URIRef(ID + href[5:])}), href
    # What its effects work on, and an intervention that works on the same (via the effects, not the effect nodes).
    for ref in ("mechanisme/weinig-werkgelegenheid", "kapitaalvorm/economisch", "uitkomst/baangarantie"):
        assert f"/doc/{ref}" in hrefs
    assert "/doc/interventie/basisbanen" in hrefs
    assert not any(h.startswith("/doc/effect/") for h in hrefs)
    # Kinds in distinct shapes: an ellipse (mechanism), a hexagon (capital form), rounded rectangles.
    root = ET.fromstring(picture)
    assert list(root.iter(SVG + "ellipse")) and list(root.iter(SVG + "polygon"))
    assert any(r.get("rx") == "14" for r in root.iter(SVG + "rect"))


def test_pictures_are_deterministic(shipped_store: Store) -> None:
    iri = ID + "mechanisme/onbekende-effectiviteit"
    assert neighbourhood_svg(shipped_store, iri, "nl", DEFAULT_BASE) == neighbourhood_svg(
        shipped_store, iri, "nl", DEFAULT_BASE
    )
    one = causal_svg(causal_network(shipped_store, "en"), "en", DEFAULT_BASE)
    assert one == causal_svg(causal_network(shipped_store, "en"), "en", DEFAULT_BASE)
    assert gap_map_png(gap_map(shipped_store, "nl"), "nl", "x") == gap_map_png(gap_map(shipped_store, "nl"), "nl", "x")


def test_unknown_thing_has_no_picture(shipped_store: Store) -> None:
    assert neighbourhood_svg(shipped_store, ID + "interventie/bestaat-niet", "nl", DEFAULT_BASE) is None


def test_labels_are_escaped_and_long_ones_shortened() -> None:
    store = Store()
    hostile = '<script>alert("x")</script> & een hele lange naam die nooit in één vakje past, echt niet'
    thing, other = ox.NamedNode(ID + "interventie/x"), ox.NamedNode(ID + "mechanisme/y")
    graph = ox.NamedNode(ID + "graaf/test")
    kern = "https://data.alliantievankracht.nl/def/kern#"
    store.add(
        [
            ox.Quad(thing, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(hostile), graph),
            ox.Quad(thing, ox.NamedNode(kern + "aanpak"), ox.Literal("iets"), graph),
            ox.Quad(other, ox.NamedNode(kern + "versterkt"), thing, graph),
        ]
    )
    picture = neighbourhood_svg(store, str(thing.value), "nl", DEFAULT_BASE)
    assert picture is not None and "<script" not in picture
    root = parse(picture)
    assert root.find(SVG + "title").text.endswith(hostile)  # the full name stays in the title
    shown = [t.text or "" for t in root.iter(SVG + "text")]
    assert any(s.endswith("…") for s in shown) and hostile not in shown


def test_causal_network_draws_every_reinforcing_link(shipped_store: Store) -> None:
    expected = shipped_store.values(
        P + "SELECT ?a ?b WHERE { ?a kern:versterkt ?b . ?a a kern:Mechanisme }"
    )  # counted apart from the picture's own query
    assert expected
    network = causal_network(shipped_store, "nl")
    pairs = {(r.source.iri, r.target.iri) for r in network.relations if r.predicate.endswith("#versterkt")}
    assert pairs == {(row["a"], row["b"]) for row in expected}
    root = parse(causal_svg(network, "nl", DEFAULT_BASE))
    arrows = [p for p in root.iter(SVG + "path") if p.get("marker-end") == "url(#netwerk-versterkt)"]
    assert len(arrows) == len(expected) + 1  # plus the one in the legend
    erodes = len(shipped_store.values(P + "SELECT * WHERE { ?a kern:tastAan ?b }"))
    assert len([p for p in root.iter(SVG + "path") if p.get("marker-end") == "url(#netwerk-tast-aan)"]) == erodes + 1
    mechanisms = len(shipped_store.values(P + "SELECT ?m WHERE { ?m a kern:Mechanisme }"))
    assert len(list(root.iter(SVG + "ellipse"))) == mechanisms + 1  # every mechanism, plus the legend's


INDEPENDENT = (
    P
    + """SELECT ?m ?k (COUNT(DISTINCT ?i) AS ?n) WHERE {
  ?m a kern:Mechanisme . ?k a kern:Kapitaalvorm .
  ?e1 kern:werktOp ?m . ?e1 kern:vanInterventie ?i .
  ?e2 kern:werktOp ?k . ?e2 kern:vanInterventie ?i .
} GROUP BY ?m ?k"""
)


BEST = (
    P
    + """SELECT ?m ?k (MAX(?r) AS ?rang) WHERE { ?m a kern:Mechanisme . ?k a kern:Kapitaalvorm .
  ?e1 kern:werktOp ?m ; kern:vanInterventie ?i . ?e2 kern:werktOp ?k ; kern:vanInterventie ?i .
  ?b kern:ondersteunt ?e ; kern:bewijsniveau/kern:rang ?r . FILTER(?e = ?e1 || ?e = ?e2) } GROUP BY ?m ?k"""
)


def test_gap_map_counts_match_an_independent_count(shipped_store: Store) -> None:
    gap = gap_map(shipped_store, "nl")
    counted = {(r["m"], r["k"]): int(r["n"]) for r in shipped_store.values(INDEPENDENT)}
    best = {(r["m"], r["k"]): int(r["rang"]) for r in shipped_store.values(BEST)}
    mechanisms = len(shipped_store.values(P + "SELECT ?m WHERE { ?m a kern:Mechanisme }"))
    assert len(gap.rows) == mechanisms and len(gap.columns) == 5
    for row in gap.rows:
        for column, cell in zip(gap.columns, row.cells, strict=True):
            key = (row.mechanism.iri, column.iri)
            assert cell.count == counted.get(key, 0), (row.mechanism.slug, column.slug)
            if cell.count:  # no evidence recorded (a plan's intention, say) is None, never a level
                assert cell.rank == best.get(key), (row.mechanism.slug, column.slug)
    cells = {(r.mechanism.slug, c.slug): cell for r in gap.rows for c, cell in zip(gap.columns, r.cells, strict=True)}
    # VoorZorg is recognised on parenting capital; the plan's job instruments have no evidence.
    assert cells[("chronische-stress", "pedagogisch")].level == "effectief volgens goede aanwijzingen"
    assert cells[("weinig-werkgelegenheid", "economisch")].weak
    debts = next(r for r in gap.rows if r.mechanism.slug == "schulden")
    assert gap.search_link(debts, gap.columns[0]) == "/zoeken?mechanisme=schulden&kapitaalvorm=economisch"


def test_gap_map_best_level_is_the_highest_rank_of_the_evidence() -> None:
    store = Store()
    sync_shipped(store)
    store.add(generate(3_000, seed=4))  # fictitious interventions with evidence up to rank 3
    gap = gap_map(store, "nl")
    best = {
        (r["m"], r["k"]): int(r["rang"])
        for r in store.values(
            P
            + """SELECT ?m ?k (MAX(?r) AS ?rang) WHERE { ?m a kern:Mechanisme . ?k a kern:Kapitaalvorm .
          ?e1 kern:werktOp ?m ; kern:vanInterventie ?i . ?e2 kern:werktOp ?k ; kern:vanInterventie ?i .
          ?b kern:ondersteunt ?e ; kern:bewijsniveau/kern:rang ?r . FILTER(?e = ?e1 || ?e = ?e2) } GROUP BY ?m ?k"""
        )
    }
    seen = [(r, c, cell) for r in gap.rows for c, cell in zip(gap.columns, r.cells, strict=True) if cell.count]
    assert any(cell.rank and cell.rank > 0 for _, _, cell in seen)
    for row, column, cell in seen:
        assert cell.rank == best.get((row.mechanism.iri, column.iri))
        assert cell.weak == (cell.rank is None or cell.rank <= 0)


def test_gap_map_evidence_of_one_intervention_is_not_hidden_by_another_without_any(shipped_store: Store) -> None:
    store = shipped_store.scratch_copy()
    kern, graph = "https://data.alliantievankracht.nl/def/kern#", ox.NamedNode(ID + "graaf/test")
    quads = []

    def intervention(name: str, *effects: tuple[str, str, str | None]) -> None:
        """Effects as (target, direction, evidence level or None)."""
        for number, (target, direction, level) in enumerate(effects):
            effect = ox.NamedNode(f"{ID}effect/test-{name}-{number}")
            links = {
                "vanInterventie": f"interventie/test-{name}",
                "werktOp": target,
                "richting": f"effectrichting/{direction}",
            }
            quads.extend(ox.Quad(effect, ox.NamedNode(kern + p), ox.NamedNode(ID + o), graph) for p, o in links.items())
            if level:
                evidence = ox.NamedNode(f"{ID}bewijs/test-{name}-{number}")
                quads.append(ox.Quad(evidence, ox.NamedNode(kern + "ondersteunt"), effect, graph))
                quads.append(ox.Quad(evidence, ox.NamedNode(kern + "bewijsniveau"), ox.NamedNode(ID + level), graph))

    debts, social = "mechanisme/schulden", "kapitaalvorm/sociaal"
    intervention("a", (debts, "helpt", "bewijsniveau/effectief-eerste-aanwijzingen"), (social, "helpt", None))
    intervention("b", (debts, "helpt", None), (social, "helpt", None))  # no evidence at all
    intervention("c", (debts, "schaadt", "bewijsniveau/effectief-sterke-aanwijzingen"), (social, "helpt", None))
    before = gap_map(shipped_store, "nl")
    empty = [
        (r.mechanism.slug, c.slug)
        for r in before.rows
        for c, cell in zip(before.columns, r.cells, strict=True)
        if not cell.count
    ]
    (lonely, capital), untouched = empty[0], empty[1]  # cells the shipped graph leaves empty
    intervention("d", (f"mechanisme/{lonely}", "helpt", None), (f"kapitaalvorm/{capital}", "helpt", None))
    store.add(quads)
    gap = gap_map(store, "nl")
    cells = {(r.mechanism.slug, c.slug): cell for r in gap.rows for c, cell in zip(gap.columns, r.cells, strict=True)}
    # a's evidence counts although b has none; c harms the mechanism, so neither it nor its evidence counts.
    cell = cells[("schulden", "sociaal")]
    mine = tuple(i for i in cell.interventions if "/interventie/test-" in i)  # the catalogue has some here too
    assert mine == (ID + "interventie/test-a", ID + "interventie/test-b")
    assert (cell.rank, cell.level) == (3, "effectief volgens eerste aanwijzingen")
    assert (cells[(lonely, capital)].count, cells[(lonely, capital)].rank) == (1, None)  # "geen bewijs"
    assert (cells[untouched].count, cells[untouched].rank) == (0, None)  # still a gap
    debts_row = next(r for r in gap.rows if r.mechanism.slug == "schulden")
    assert ID + "interventie/test-c" not in debts_row.total.interventions
    assert {ID + "interventie/test-a", ID + "interventie/test-b"} <= set(debts_row.total.interventions)
    assert debts_row.total.rank == 3


def test_gap_map_csv_loads_with_the_documented_header(shipped_store: Store) -> None:
    gap = gap_map(shipped_store, "nl")
    text = gap_map_csv(gap).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert list(rows[0]) == CSV_HEADER
    assert len(rows) == len(gap.rows) * len(gap.columns)
    cell = next(
        r
        for r in rows
        if r["mechanisme_iri"].endswith("/weinig-werkgelegenheid") and r["kolom"].startswith("economisch")
    )
    counted = {(r["m"], r["k"]): int(r["n"]) for r in shipped_store.values(INDEPENDENT)}
    assert int(cell["interventies"]) == counted[(cell["mechanisme_iri"], cell["kolom_iri"])]
    # No evidence is recorded for any of them: empty, not "onbekend" and never a guessed level.
    assert cell["beste_bewijsniveau"] == "" and cell["beste_rang"] == ""
    assert "Jobcarving" in cell["interventie_namen"]


def test_gap_map_svg_and_png(shipped_store: Store) -> None:
    gap = gap_map(shipped_store, "en", "uitkomsten")
    root = parse(gap_map_svg(gap, "en", DEFAULT_BASE, "outcomes"))
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "empty" in texts and "no evidence" in texts  # empty and weak cells say so in words
    assert any(h.startswith("/zoeken?mechanisme=") and "uitkomst=" in h for h in links(root))
    png = gap_map_png(gap, "en", "outcomes")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height, _ = boxes(gap, "en", DEFAULT_BASE)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (round(width), round(height)) and 800 < image.width < 1400 and image.height > 600


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_text_is_at_least_12_px(shipped_store: Store, lang: str) -> None:
    pictures = [
        neighbourhood_svg(shipped_store, ID + "interventie/jobcarving", lang, DEFAULT_BASE) or "",
        causal_svg(causal_network(shipped_store, lang), lang, DEFAULT_BASE),
        gap_map_svg(gap_map(shipped_store, lang), lang, DEFAULT_BASE, "x"),
    ]
    for picture in pictures:
        sizes = [float(t.get("font-size", "0")) for t in ET.fromstring(picture).iter(SVG + "text")]
        assert sizes and min(sizes) >= 12


def test_gap_map_csv_never_starts_a_cell_with_a_formula(shipped_store: Store) -> None:
    store = shipped_store.scratch_copy()
    # The first name in a cell, so the formula stands at the start of that cell (where a spreadsheet runs it).
    first = next(cell.interventions[0] for row in gap_map(store, "nl").rows for cell in row.cells if cell.count)
    formula = '=HYPERLINK("https://kwaad.example","klik")'
    store.update(
        P
        + f"""DELETE {{ GRAPH ?g {{ <{first}> rdfs:label ?naam }} }}
        INSERT {{ GRAPH ?g {{ <{first}> rdfs:label {json.dumps(formula)}@nl }} }}
        WHERE {{ GRAPH ?g {{ <{first}> rdfs:label ?naam FILTER(lang(?naam) = "nl") }} }}"""
    )
    rows = list(csv.reader(io.StringIO(gap_map_csv(gap_map(store, "nl")).decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert any(cell.startswith("'" + formula) for cell in cells)
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]


def _as_the_named_query_counts(store: Store, kind: str) -> dict[tuple[str, str], tuple[int, int | None, str]]:
    query = named_query("bewijskaart")
    assert query is not None
    cls = COLUMN_KINDS[kind][0]
    return {
        (r["mechanisme"], r["kolom"]): (
            int(r["interventies"]),
            int(r["besteRang"]) if "besteRang" in r else None,
            " ".join(sorted(r.get("interventieLijst", "").split())),
        )
        for r in store.values(query.text, bindings={"soort": URIRef(cls)})
    }


def _cells(store: Store, kind: str) -> dict[tuple[str, str], tuple[int, int | None, str]]:
    gap = gap_map(store, "nl", kind)
    return {
        (row.mechanism.iri, column.iri): (cell.count, cell.rank, " ".join(cell.interventions))
        for row in gap.rows
        for column, cell in zip(gap.columns, row.cells, strict=True)
    }


def _same_as_the_query(store: Store, kind: str) -> bool:
    """Every cell the query counts, counted alike; a mechanism without a Dutch name (no row in the query)
    has empty cells."""
    mine, theirs = _cells(store, kind), _as_the_named_query_counts(store, kind)
    return {k: v for k, v in mine.items() if k in theirs} == theirs and all(
        v == (0, None, "") for k, v in mine.items() if k not in theirs
    )


def test_after_each_write_the_gap_map_counts_as_the_named_query_and_reads_only_what_was_touched(
    shipped_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = writes.small_graph(shipped_store)
    for kind in COLUMN_KINDS:
        assert _same_as_the_query(store, kind), kind
    read: list[set[str] | None] = []
    real = contributions._read
    monkeypatch.setattr(contributions, "_read", lambda s, among: read.append(among) or real(s, among))
    for name in writes.written(store):
        touched = store.touched_since(store.version - 1) or frozenset()
        read.clear()
        for kind in COLUMN_KINDS:
            assert _same_as_the_query(store, kind), (name, kind)
        assert contributions.contributions_of(store) == real(store, None), name
        if name == "rang verandert":
            assert read == [None], "a level ranks otherwise: every intervention is read again"
            continue
        # The touched things and the interventions of touched effects and evidence, not all 43 again.
        assert len(read) == 1 and read[0] is not None and len(read[0]) <= len(touched) + 3, name
