"""Experiment pages, charts and the reflection report against a real server; the CLI; leaving the demo out.

One server runs with KENNISGRAAF_DEMO=1 (the fictitious demo graph loaded at start). The last test
uses the CLI to load and remove the demo and then starts a default server, on which nothing
fictitious may appear: not in the pages, not in the RDF of a page, not through SPARQL.
"""

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graaf import Store, sync_shipped
from tests.conftest import LiveServer, run_cli, start_server, stop_server

HTML = {"Accept": "text/html"}
EXPERIMENT = "/doc/experiment/demo-stadskanaal-geldzaken-fictief"
CHART = "/experimenten/demo-stadskanaal-geldzaken-fictief/indicator/demo-betalingsachterstand-fictief"
FICTITIOUS_COUNT = """SELECT (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(CONTAINS(LCASE(STR(?s)), "fictie") || CONTAINS(LCASE(STR(?o)), "fictie")
      || CONTAINS(LCASE(STR(?o)), "fictitious") || CONTAINS(STR(?g), "/graaf/demo"))
}"""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store_path = tmp_path_factory.mktemp("experimenten") / "opslag"
    with Store(store_path) as store:
        sync_shipped(store)
    server = start_server(store_path, {"KENNISGRAAF_DEMO": "1"})
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def client(demo_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=demo_server.url, timeout=30) as client:
        yield client


def test_region_overview_lists_the_experiments_with_their_status(client: httpx.Client) -> None:
    page = client.get("/experimenten", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Geldzaken op orde in een wijk van Stadskanaal (fictief)" in page.text
    assert "Sneller een eerste gesprek in Pekela (fictief)" in page.text
    assert "1 van 2 indicatoren op koers" in page.text and "0 van 1 indicatoren op koers" in page.text
    assert f'href="{EXPERIMENT}"' in page.text


def test_the_experiment_page_shows_progress_per_goal_charts_and_the_session(client: httpx.Client) -> None:
    page = client.get(EXPERIMENT, headers=HTML).text
    assert "Voortgang per doel" in page
    assert "Over 4 jaar hebben we een set van interventies die werken in de praktijk" in page
    assert "niet op koers" in page and ">op koers<" in page and "wordt beter" in page
    assert "11.2 <small>(2026-Q3)</small>" in page
    assert f'src="{CHART}.svg"' in page and f'href="{CHART}.png"' in page
    assert "Sessie lerend evalueren Stadskanaal, maart 2026 (fictief)" in page
    assert "ervaringsdeskundige" in page and "spreekt tegen" in page


def test_the_experiment_page_in_english(client: httpx.Client) -> None:
    page = client.get(EXPERIMENT, headers=HTML | {"Accept-Language": "en"}).text
    assert '<html lang="en">' in page
    assert "Progress per goal" in page and "not on track" in page and "improving" in page
    assert "(fictitious)" in page


def test_the_chart_as_svg_and_png(client: httpx.Client) -> None:
    svg = client.get(CHART + ".svg")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.headers["content-security-policy"].startswith("default-src 'none'")
    root = ET.fromstring(svg.text)
    ns = "{http://www.w3.org/2000/svg}"
    line = root.find(f"{ns}polyline")
    assert line is not None and len(line.attrib["points"].split()) == 4  # four measurements
    assert root.find(f"{ns}title").text == "Huishoudens met een betalingsachterstand (fictief) (procent)"  # type: ignore[union-attr]
    assert root.find(f"{ns}line[@class='pad']") is not None  # the straight path from baseline to target
    png = client.get(CHART + ".png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG\r\n\x1a\n")
    missing = client.get("/experimenten/demo-stadskanaal-geldzaken-fictief/indicator/bestaat-niet.svg")
    assert missing.status_code == 404 and missing.json()["fout"]["code"] == "niet-gevonden"
    assert client.get(CHART + ".gif").status_code == 404


def test_the_intervention_shows_three_knowledge_sources_side_by_side(client: httpx.Client) -> None:
    page = client.get("/doc/interventie/financiele-educatie", headers=HTML).text
    profile = page[page.index('id="kennisbronnen"') :]
    positions = [
        profile.index(name) for name in ("wetenschappelijke kennis", "professionele kennis", "ervaringskennis")
    ]
    assert positions == sorted(positions)
    assert "Bevinding: een gezin heeft weer overzicht over de post (fictief)" in profile


def test_the_reflection_report_for_a_year(client: httpx.Client) -> None:
    page = client.get("/reflectie", params={"jaar": 2026}, headers=HTML).text
    assert "Eiland van reflectie 2026" in page and "onclick" not in page
    assert '<link rel="stylesheet" href="/static/pagina.css">' in page
    stylesheet = client.get("/static/pagina.css").text
    assert ".niet-printen { display: none; }" in stylesheet.split("@media print", 2)[-1]
    assert "Effectiviteit en Leren" in page and "Financiële educatie" in page
    gaps = page[page.index('id="gaten"') : page.index('id="vragen"')]
    assert "Taboe op armoede" in gaps and ">Schulden<" not in gaps
    assert 'href="/api/queries/reflectie-bevindingen?formaat=csv&amp;jaar=2026"' in page
    # Each link answers a browser (which asks for text/html) with the format it names, never 406.
    links = re.findall(r'href="(/api/queries/[^"]+)"', page[page.index('id="vragen"') :])
    assert len(links) == 6
    for link in links:
        answer = client.get(html.unescape(link), headers=HTML)
        assert answer.status_code == 200, link
        assert answer.headers["content-type"].startswith("text/csv" if "formaat=csv" in link else "application/json")
    rows = client.get("/api/queries/reflectie-bevindingen", params={"jaar": 2026, "formaat": "csv"}, headers=HTML)
    assert "financiele-educatie" in rows.text
    assert "In dit jaar liep geen lokaal experiment." in client.get("/reflectie?jaar=2023", headers=HTML).text
    assert client.get("/reflectie?jaar=twintig", headers=HTML).status_code == 422


GOOD_CSV = "regiocode;periode;indicator;waarde\nGM0037;2026-11;demo-betalingsachterstand-fictief;9,5\n"
BAD_CSV = "regiocode;periode;indicator;waarde\nGM37;2026-11;demo-betalingsachterstand-fictief;9,5\n"


def test_cli_imports_observations_and_the_demo_leaves_no_trace(tmp_path: Path) -> None:
    store = tmp_path / "opslag"
    with Store(store) as prepared:  # the shipped graph in this process first: the CLI then starts quickly
        sync_shipped(prepared)
    loaded = run_cli("demo", "laad", store=store)
    assert loaded.returncode == 0, loaded.stderr
    bad = tmp_path / "fout.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    refused = run_cli("waarnemingen", str(bad), store=store)
    assert refused.returncode == 1 and "regel 2, kolom 'regiocode'" in refused.stderr and "GM37" in refused.stderr
    good = tmp_path / "metingen.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")
    imported = run_cli("waarnemingen", str(good), "--citaat", "Testbestand (fictief).", store=store)
    assert imported.returncode == 0 and "1 metingen ingelezen" in imported.stdout, imported.stderr
    removed = run_cli("demo", "verwijder", store=store)
    assert removed.returncode == 0 and "verwijderd" in removed.stdout
    with Store(store) as opened:  # the imported measurements are about the demo's indicator: their graph goes too
        opened.update("DROP GRAPH <https://data.alliantievankracht.nl/id/graaf/waarnemingen-metingen>")
    server = start_server(store)  # the default: no demo
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            for path in ("/experimenten", "/reflectie?jaar=2026", "/doc/interventie/financiele-educatie", "/"):
                page = client.get(path, headers=HTML)
                assert page.status_code == 200 and "fictie" not in page.text.lower(), path
            assert "Er staan nog geen lokale experimenten" in client.get("/experimenten", headers=HTML).text
            assert client.get(EXPERIMENT, headers=HTML).status_code == 404
            turtle = client.get("/doc/interventie/financiele-educatie?formaat=turtle").text
            assert "fictie" not in turtle.lower() and "Bevinding" not in turtle
            answer = client.get("/sparql", params={"query": FICTITIOUS_COUNT}, headers={"Accept": "application/json"})
            assert answer.status_code == 200
            assert answer.json()["results"]["bindings"][0]["n"]["value"] == "0"
    finally:
        stop_server(server)
