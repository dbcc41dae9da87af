"""Whole pages kept per store version (api/page_cache.py), against a real server on 127.0.0.1."""

import httpx

from tests.api.conftest import SparqlServer

PAGE = "/doc/interventie/financiele-educatie"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ITEM = "https://data.alliantievankracht.nl/id/interventie/financiele-educatie"
HTML = {"Accept": "text/html"}


def test_a_page_is_kept_until_the_next_write(editor_server: SparqlServer) -> None:
    first = httpx.get(editor_server.url + PAGE, headers=HTML)
    again = httpx.get(editor_server.url + PAGE, headers=HTML)
    assert first.status_code == again.status_code == 200
    assert again.headers["x-kennisgraaf-cache"] == "hit" and again.text == first.text
    assert "Geldlessen" not in again.text
    graph = "http://example.org/test/paginacache"
    update = f'INSERT DATA {{ GRAPH <{graph}> {{ <{ITEM}> <{SKOS}altLabel> "Geldlessen"@nl }} }}'
    written = httpx.post(
        editor_server.endpoint, data={"update": update}, headers=editor_server.bearer(editor_server.editor)
    )
    assert written.status_code == 200, written.text
    after = httpx.get(editor_server.url + PAGE, headers=HTML)
    assert after.headers["x-kennisgraaf-cache"] == "miss" and "Geldlessen" in after.text


def test_languages_and_formats_are_kept_apart(sparql_server: SparqlServer) -> None:
    url = sparql_server.url + PAGE
    for _ in range(2):
        dutch = httpx.get(url, headers=HTML | {"Accept-Language": "nl"})
        english = httpx.get(url, headers=HTML | {"Accept-Language": "en"})
        turtle = httpx.get(url, headers={"Accept": "text/turtle"})
        assert '<html lang="nl"' in dutch.text and '<html lang="en"' in english.text
        assert turtle.headers["content-type"].startswith("text/turtle") and "x-kennisgraaf-cache" not in turtle.headers
    assert dutch.headers["x-kennisgraaf-cache"] == english.headers["x-kennisgraaf-cache"] == "hit"


def test_a_browser_that_has_the_page_gets_304(sparql_server: SparqlServer) -> None:
    url = sparql_server.url + "/zoeken?q=schulden"
    page = httpx.get(url, headers=HTML)
    tag = page.headers["etag"]
    assert page.headers["cache-control"] == "no-cache"  # keep it, but ask again: a write may change it
    unchanged = httpx.get(url, headers=HTML | {"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged.headers["etag"] == tag
    other = httpx.get(url, headers=HTML | {"If-None-Match": '"iets-anders"'})
    assert other.status_code == 200 and other.text == page.text


def test_requests_with_a_token_and_error_pages_are_not_kept(sparql_server: SparqlServer) -> None:
    url = sparql_server.url + PAGE
    for _ in range(2):
        with_token = httpx.get(url, headers=HTML | sparql_server.bearer(sparql_server.reader))
        missing = httpx.get(sparql_server.url + "/doc/interventie/bestaat-niet", headers=HTML)
        versions = httpx.get(sparql_server.url + "/versies", headers=HTML)  # a snapshot is no write
        assert with_token.status_code == 200 and "x-kennisgraaf-cache" not in with_token.headers
        assert missing.status_code == 404 and "x-kennisgraaf-cache" not in missing.headers
        assert versions.status_code == 200 and "x-kennisgraaf-cache" not in versions.headers


def test_a_mechanism_page_shows_a_new_effect_after_the_write(editor_server: SparqlServer) -> None:
    """The list of interventions working on a mechanism is kept per store version, like the page."""
    page = editor_server.url + "/doc/mechanisme/schulden"
    assert "/doc/interventie/jobcarving" not in httpx.get(page, headers=HTML).text
    graph, kern = "http://example.org/test/werkt-op", "https://data.alliantievankracht.nl/def/kern#"
    data = "https://data.alliantievankracht.nl/id/"
    effect = f"""<{data}effect/jobcarving-schulden-test> a <{kern}Effect> ;
        <http://www.w3.org/2000/01/rdf-schema#label> "Jobcarving helpt tegen schulden (test)"@nl ;
        <{kern}vanInterventie> <{data}interventie/jobcarving> ; <{kern}werktOp> <{data}mechanisme/schulden> ;
        <{kern}richting> <{data}effectrichting/helpt> ; <{kern}effectsoort> <{data}effectsoort/beoogd> ;
        <{kern}herkomst> <{data}herkomst/interpretatie> ;
        <http://purl.org/dc/terms/source> <{data}bron/avk-actieagenda> ."""
    editor = editor_server.bearer(editor_server.editor)
    written = httpx.post(
        editor_server.endpoint, data={"update": f"INSERT DATA {{ GRAPH <{graph}> {{ {effect} }} }}"}, headers=editor
    )
    assert written.status_code == 200, written.text
    try:
        assert "/doc/interventie/jobcarving" in httpx.get(page, headers=HTML).text
    finally:
        dropped = httpx.post(editor_server.endpoint, data={"update": f"DROP GRAPH <{graph}>"}, headers=editor)
        assert dropped.status_code == 200, dropped.text
