"""The query page at /sparql for browsers: editor, examples, and nothing loaded from elsewhere."""

import json
import re

import httpx

from graaf.storage.named_queries import named_queries
from tests.api.conftest import SparqlServer

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def page(server: SparqlServer, **params: str) -> httpx.Response:
    answer = httpx.get(server.endpoint, params=params, headers={"Accept": BROWSER})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html") and "Accept" in answer.headers["vary"]
    return answer


def test_the_page_has_an_editor_with_prefixes_and_the_examples(sparql_server: SparqlServer) -> None:
    html = page(sparql_server).text
    textarea = re.search(r'<textarea id="query"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea and "PREFIX kern: &lt;https://data.alliantievankracht.nl/def/kern#&gt;" in textarea.group(1)
    examples = json.loads(
        re.search(r'<script type="application/json" id="voorbeelden">(.*?)</script>', html, re.S).group(1)
    )  # type: ignore[union-attr]
    assert {e["naam"] for e in examples} == {q.name for q in named_queries()}
    lab = [e for e in examples if e["voorbeeld"]]
    assert examples[: len(lab)] == lab and len(lab) >= 5  # the lab's questions come first
    young = next(e for e in examples if e["naam"] == "interventies-kapitaal-doelgroep")
    assert "VALUES (?kapitaalvorm ?doelgroep)" in young["tekst"]  # the defaults, written in for people


def test_the_page_loads_nothing_from_elsewhere(sparql_server: SparqlServer) -> None:
    html = page(sparql_server).text
    links = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert links and all(link.startswith(("/", "#")) for link in links), links
    for asset in ("/static/sparql.js", "/static/sparql.css"):
        answer = httpx.get(sparql_server.url + asset)
        assert answer.status_code == 200
        assert not re.search(r"https?://", answer.text), asset
        assert "@import" not in answer.text and "url(" not in answer.text
    script = httpx.get(sparql_server.url + "/static/sparql.js").text
    assert set(re.findall(r'fetch\("([^"]*)"', script)) == {"/sparql"}


def test_a_query_in_the_address_is_shown_safely(sparql_server: SparqlServer) -> None:
    tricky = 'SELECT * WHERE { ?s ?p "</textarea><script>alert(1)</script>" }'
    html = page(sparql_server, query=tricky).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_programs_still_get_results_and_the_description(sparql_server: SparqlServer) -> None:
    results = httpx.get(sparql_server.endpoint, params={"query": "ASK {}"}, headers={"Accept": "*/*"})
    assert results.headers["content-type"] == "application/sparql-results+json"
    description = httpx.get(sparql_server.endpoint)
    assert description.headers["content-type"].startswith("text/turtle")
