"""The pages for professionals, against a real server: home, /id/ redirects, /doc/ pages, RDF, 404s, a crawl."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from graaf import Store
from tests.conftest import start_server, stop_server

THING = "https://data.alliantievankracht.nl/id/interventie/financiele-educatie"
HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml"}
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
CAPITALS = ("economisch", "sociaal", "cultureel", "pedagogisch", "mentaal")


class Page(HTMLParser):
    """What the tests check on a page: its language, title, headings, images and links."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.titles = 0
        self.h1 = 0
        self.images_without_alt = 0
        self.links: list[str] = []
        self.in_svg = 0  # an inline picture has <title>s of its own: not the page's

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "svg":
            self.in_svg += 1
        if tag == "html":
            self.lang = found.get("lang")
        elif tag == "title" and not self.in_svg:
            self.titles += 1
        elif tag == "h1":
            self.h1 += 1
        elif tag == "img" and not found.get("alt"):
            self.images_without_alt += 1
        elif tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.in_svg -= 1


def rdf(body: bytes, media: str) -> Graph:
    """rdflib reads JSON-LD through a deprecated class (an error under our warning filter): Oxigraph reads it."""
    if media == "application/ld+json":
        triples = ox.serialize(ox.parse(body, ox.RdfFormat.JSON_LD), format=ox.RdfFormat.N_TRIPLES) or b""
        return Graph().parse(data=triples.decode(), format="nt")
    return Graph().parse(data=body.decode(), format=FORMATS[media])


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


def test_home_lists_the_five_capital_forms_with_links(client: httpx.Client) -> None:
    answer = client.get("/", headers=HTML)
    assert answer.status_code == 200
    links = parse(answer.text).links
    for capital in CAPITALS:
        assert f"/doc/kapitaalvorm/{capital}" in links
    assert "/sparql" in links
    assert any(link.startswith("/doc/mechanisme/") for link in links)
    assert any(link.startswith("/doc/plaats/GM") for link in links)


def test_id_redirects_to_doc_and_the_page_shows_effects_evidence_and_source(client: httpx.Client) -> None:
    answer = client.get("/id/interventie/financiele-educatie", headers=HTML)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/doc/interventie/financiele-educatie"
    assert "Accept" in answer.headers["vary"]
    page = client.get(answer.headers["location"], headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "<h1>Financiële educatie</h1>" in text
    assert "Werkt op" in text and "/doc/mechanisme/schulden" in text
    assert "beoogd effect" in text
    # A plan is not evidence: the effect is intended, its level unknown, and the page says so.
    assert "Bewijsniveau: onbekend. Beoogd, nog niet onderzocht" in text
    assert "/doc/bron/faseplan-2" in text
    assert "Faseplan 2" in text


def test_english_labels_when_the_browser_prefers_english(client: httpx.Client) -> None:
    answer = client.get("/doc/interventie/financiele-educatie", headers=HTML | {"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in answer.text
    assert "<h1>Financial education</h1>" in answer.text
    assert "Works on" in answer.text


@pytest.mark.parametrize(
    "media", ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
)
def test_rdf_clients_get_the_things_triples(client: httpx.Client, media: str) -> None:
    answer = client.get("/id/interventie/financiele-educatie", headers={"Accept": media}, follow_redirects=True)
    assert answer.status_code == 200
    assert answer.history[0].status_code == 303
    assert answer.headers["content-type"].startswith(media)
    assert "Accept" in answer.headers["vary"]
    graph = rdf(answer.content, media)
    thing = URIRef(THING)
    assert (thing, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None) in graph
    school = URIRef("https://data.alliantievankracht.nl/id/doelgroep/scholieren-po")
    assert (thing, URIRef("https://data.alliantievankracht.nl/def/kern#voorDoelgroep"), school) in graph
    assert (school, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), None) in graph  # a label of a link


def test_unknown_thing_is_a_dutch_page_or_json(client: httpx.Client) -> None:
    for path in ("/id/interventie/bestaat-niet", "/doc/interventie/bestaat-niet", "/doc/interventie/ongeldig%20ding"):
        page = client.get(path, headers=HTML)
        assert page.status_code == 404
        assert page.headers["content-type"].startswith("text/html")
        assert '<html lang="nl">' in page.text and "Niet gevonden" in page.text
        data = client.get(path, headers={"Accept": "application/json"})
        assert data.status_code == 404
        assert data.json()["fout"]["code"] == "niet-gevonden"


def test_related_interventions_share_a_mechanism_with_a_reason(client: httpx.Client) -> None:
    # Several interventions work on the economic capital, as financial education does.
    text = client.get("/doc/interventie/financiele-educatie", headers=HTML).text
    related = text.split('id="verwant"', 1)[1]
    assert re.search(r'<a href="/doc/interventie/[^"]+">[^<]+</a>: [^<]*werkt ook op economisch kapitaal', related)


def test_mechanism_page_lists_interventions_working_on_it(client: httpx.Client) -> None:
    text = client.get("/doc/mechanisme/schulden", headers=HTML).text
    assert "Interventies die hierop werken" in text
    assert "/doc/interventie/financiele-educatie" in text
    assert "/doc/kapitaalvorm/economisch" in text  # the capital form it erodes


SKIP = ("/static/", "/sparql", "/docs", "/api/", "/openapi", "/export", "/versies")


def test_crawl_every_internal_page_answers_and_is_well_formed(client: httpx.Client) -> None:
    """Every link on every page reachable from home resolves: pages are checked, downloads only answered."""
    seen: set[str] = set()
    todo = ["/"]
    pages = 0
    while todo and len(seen) < 6000:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        answer = client.get(path, headers=HTML)
        assert answer.status_code < 400, path
        if not answer.headers["content-type"].startswith("text/html"):
            continue
        pages += 1
        page = parse(answer.text)
        assert page.lang == "nl", path
        assert page.titles == 1, path
        assert page.h1 == 1, path
        assert page.images_without_alt == 0, path
        for link in page.links:
            target = urlsplit(urljoin("http://x" + path, link))
            if target.netloc != "x" or target.path.startswith(SKIP):
                continue
            todo.append(target.path + (f"?{target.query}" if target.query else ""))
    assert not todo, f"meer dan {len(seen)} adressen: de crawl is afgebroken"
    assert pages > 150


@pytest.mark.parametrize(
    ("path", "lang", "sentence"),
    [
        ("/doc/effect/financiele-educatie-schulden", "nl", "Financiële educatie helpt bij Schulden."),
        ("/doc/effect/financiele-educatie-schulden", "en", "Financial education helps with Debts."),
        (
            "/doc/bewijs/voorzorg-erkenning",
            "nl",
            "Het komt uit wetenschappelijke kennis, een erkenningsbeoordeling. "
            "Het bewijsniveau is effectief volgens goede aanwijzingen.",
        ),
        (
            "/doc/bewijs/voorzorg-erkenning",
            "en",
            "This evidence supports: VoorZorg strengthens parenting capital.",
        ),
    ],
)
def test_effect_and_evidence_pages_open_with_a_sentence(
    client: httpx.Client, path: str, lang: str, sentence: str
) -> None:
    page = client.get(path, headers=HTML | {"Accept-Language": lang}).text
    lead = re.search(r'<p class="inleiding">(.*?)</p>', page, re.S)
    assert lead is not None
    assert sentence in re.sub(r"<[^>]+>", "", lead.group(1))
    assert '<a href="/doc/interventie/financiele-educatie">' in lead.group(1) or "bewijs" in path


def test_home_of_a_large_graph_shows_the_first_interventions_and_leads_to_all(tmp_path: Path) -> None:
    path = tmp_path / "opslag"
    kind = ox.NamedNode("https://data.alliantievankracht.nl/def/kern#PersoonsgerichteInterventie")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    graph = ox.NamedNode("https://example.org/graaf/veel-interventies")
    with Store(path) as store:
        for n in range(100):
            node = ox.NamedNode(f"https://data.alliantievankracht.nl/id/interventie/aaa-fictief-{n:03}")
            name = ox.Literal(f"Aaa {n:03}", language="nl")
            store.add([ox.Quad(node, RDF_TYPE, kind, graph), ox.Quad(node, label, name, graph)])
    server = start_server(path)
    try:
        answer = httpx.get(server.url + "/", headers=HTML, timeout=60)
        assert answer.status_code == 200
        shown = [link for link in parse(answer.text).links if link.startswith("/doc/interventie/")]
        assert shown == [f"/doc/interventie/aaa-fictief-{n:03}" for n in range(60)]  # by name, the first 60
        sentence = re.search(r"Hier staan de eerste 60 van (\d+) interventies, op naam\.", answer.text)
        assert sentence and int(sentence[1]) > 100  # ours and the shipped ones
        assert "/interventies" in parse(answer.text).links
    finally:
        stop_server(server)
