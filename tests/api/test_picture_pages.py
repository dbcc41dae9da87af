"""The picture pages and downloads on a real server: SVG, HTML with a real table, CSV, PNG."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import httpx
from PIL import Image

from api.views.pictures import TITLE_NAMES, _names
from graaf.pictures.gapmap import GapMap
from tests.conftest import LiveServer

SVG = "{http://www.w3.org/2000/svg}"


def test_neighbourhood_svg_links_to_pages_that_exist(live_server: LiveServer) -> None:
    answer = httpx.get(live_server.url + "/omgeving/interventie/jobcarving.svg")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("image/svg+xml")
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    root = ET.fromstring(answer.text)
    hrefs = sorted({a.get("href", "") for a in root.iter(SVG + "a")})
    assert "/doc/mechanisme/weinig-werkgelegenheid" in hrefs
    for href in hrefs:
        assert httpx.get(live_server.url + href).status_code == 200, href


def test_unknown_thing_is_404(live_server: LiveServer) -> None:
    url = live_server.url + "/omgeving/interventie/bestaat-niet.svg"
    answer = httpx.get(url, headers={"Accept": "application/json"})
    assert answer.status_code == 404 and answer.json()["fout"]["code"] == "niet-gevonden"
    page = httpx.get(url, headers={"Accept": "text/html"})
    assert page.status_code == 404 and "<h1" in page.text


def test_thing_page_shows_its_neighbourhood(live_server: LiveServer) -> None:
    page = httpx.get(live_server.url + "/doc/mechanisme/schulden").text
    assert 'data="/omgeving/mechanisme/schulden.svg"' in page and "<figcaption>" in page


def test_network_page_has_the_picture_and_the_same_in_words(live_server: LiveServer) -> None:
    page = httpx.get(live_server.url + "/netwerk")
    assert page.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page.text and "<figcaption" in page.text
    assert re.search(r"Overleefstand</a> versterkt <a [^>]+>Langdurige of traumatische stress</a>", page.text)
    assert re.search(r"Schulden</a> tast aan <a [^>]+>economisch kapitaal</a>", page.text)
    english = httpx.get(live_server.url + "/netwerk.svg", headers={"Accept-Language": "en"})
    assert english.headers["content-type"].startswith("image/svg+xml") and "reinforces" in english.text


def test_gap_map_page_is_a_real_table(live_server: LiveServer) -> None:
    page = httpx.get(live_server.url + "/bewijskaart").text
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page and 'scope="rowgroup"' in page
    assert 'href="/zoeken?mechanisme=weinig-werkgelegenheid&amp;kapitaalvorm=economisch"' in page
    assert "Zo leest u de kaart" in page and 'class="leeg"' in page and 'class="zwak"' in page
    outcomes = httpx.get(live_server.url + "/bewijskaart?kolommen=uitkomsten", headers={"Accept-Language": "en"})
    assert "How to read the map" in outcomes.text and "uitkomst=baangarantie" in outcomes.text


def test_gap_map_downloads(live_server: LiveServer) -> None:
    answer = httpx.get(live_server.url + "/bewijskaart.csv")
    assert answer.headers["content-disposition"] == 'attachment; filename="bewijskaart-kapitaalvormen.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert rows and rows[0]["kolom"] == "economisch kapitaal"
    svg = httpx.get(live_server.url + "/bewijskaart.svg?kolommen=uitkomsten")
    assert svg.headers["content-disposition"] == 'attachment; filename="bewijskaart-uitkomsten.svg"'
    assert ET.fromstring(svg.text).find(SVG + "title") is not None
    png = httpx.get(live_server.url + "/bewijskaart.png")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert png.headers["content-disposition"] == 'attachment; filename="bewijskaart-kapitaalvormen.png"'
    with Image.open(io.BytesIO(png.content)) as image:
        assert image.width > 800 and image.height > 600


def test_home_links_to_the_pictures(live_server: LiveServer) -> None:
    page = httpx.get(live_server.url + "/").text
    assert 'href="/netwerk"' in page and 'href="/bewijskaart"' in page


def test_a_cell_tooltip_names_a_few_interventions_and_counts_the_rest() -> None:
    """At ten million triples a cell held thousands: naming them all made the page megabytes large."""
    iris = tuple(f"https://example.org/i{n:02}" for n in range(TITLE_NAMES + 3))
    gap = GapMap("kapitaalvormen", "kapitaalvorm", (), (), {iri: f"naam {iri[-2:]}" for iri in iris})
    dutch = _names(gap, iris, "nl")
    assert dutch.startswith("naam 00, naam 01") and dutch.endswith(f"naam {TITLE_NAMES - 1:02}, en nog 3")
    assert _names(gap, iris, "en").endswith("and 3 more")
    assert _names(gap, iris[:2], "nl") == "naam 00, naam 01"
