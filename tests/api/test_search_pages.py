"""The search page and the list pages against a real server: HTML for people, JSON for programs."""

from html.parser import HTMLParser
from urllib.parse import urlencode

import httpx
import pytest

from graaf import Store

HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
JSON = {"Accept": "application/json"}
LISTS = ("interventies", "mechanismen", "kapitaalvormen", "doelgroepen", "plaatsen", "organisaties", "effecten")
LISTS += ("bewijs",)
KERN = "PREFIX kern: <https://data.alliantievankracht.nl/def/kern#> "
INTERVENTIONS = "VALUES ?k { kern:PersoonsgerichteInterventie kern:Netwerkactiviteit } ?i a ?k ."


class Form(HTMLParser):
    """The form fields of a page with their labels, the checked boxes, the h1s and the links."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.open_labels = 0
        self.wrapped: set[str] = set()
        self.h1 = 0
        self.links: list[str] = []
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if found.get("for"):
                self.label_for.add(str(found["for"]))
        elif tag in ("input", "select", "textarea") and found.get("type") not in ("hidden", "submit"):
            self.fields.append(found)
            if self.open_labels:
                self.wrapped.add(str(found.get("id")))
        elif tag == "h1":
            self.h1 += 1
        elif tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        elif tag == "form":
            self.forms.append(found)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.open_labels -= 1

    def state(self) -> list[tuple[str, str]]:
        """What submitting the search form sends: the search field and the checked boxes."""
        pairs = [("q", str(f.get("value") or "")) for f in self.fields if f.get("name") == "q" and f.get("value")]
        return pairs + [(str(f["name"]), str(f["value"])) for f in self.fields if "checked" in f and f.get("name")]


def parse(text: str) -> Form:
    form = Form()
    form.feed(text)
    return form


def sparql(store: Store, query: str) -> list[dict[str, str]]:
    """A direct count on the shipped graph in this process, the same files the server loaded. (Not through
    the server's /sparql: its 2 s test limit includes starting a query worker on a busy machine.)"""
    return store.values(KERN + query)


def test_search_finds_interventions_through_the_mechanism_they_work_on(client: httpx.Client) -> None:
    answer = client.get("/zoeken", params={"q": "schulden"}, headers=HTML)
    assert answer.status_code == 200
    assert '<a class="resultaat-link" href="/doc/interventie/financiele-educatie">' in answer.text
    assert "werkt op Schulden" in answer.text
    assert "/doc/mechanisme/schulden" in parse(answer.text).links


def test_a_typo_still_finds_and_the_page_says_what_it_searched(client: httpx.Client) -> None:
    answer = client.get("/zoeken", params={"q": "schlden"}, headers=HTML)
    assert "Ook gezocht naar: schulden." in answer.text
    assert "/doc/interventie/financiele-educatie" in parse(answer.text).links


@pytest.mark.parametrize("path", ["/zoeken", "/zoeken?q=stress&mechanisme=schulden", "/", "/interventies"])
def test_every_form_field_has_a_label(client: httpx.Client, path: str) -> None:
    form = parse(client.get(path, headers=HTML).text)
    assert form.fields
    for field in form.fields:
        assert field.get("id") in form.label_for or field.get("id") in form.wrapped, field


def test_home_has_a_search_form_and_facet_links(client: httpx.Client) -> None:
    form = parse(client.get("/", headers=HTML).text)
    assert {"action": "/zoeken", "method": "get"}.items() <= {k: v for k, v in form.forms[0].items()}.items()
    assert any(f.get("name") == "q" for f in form.fields)
    assert "/zoeken?mechanisme=schulden" in form.links and "/doc/mechanisme/schulden" in form.links
    assert "/zoeken?gemeente=GM0765" in form.links
    assert {"/interventies", "/mechanismen", "/kapitaalvormen", "/plaatsen", "/zoeken"} <= set(form.links)


def test_facet_counts_equal_a_sparql_count(client: httpx.Client, shipped_store: Store) -> None:
    body = client.get("/zoeken", headers=JSON).json()
    rows = sparql(
        shipped_store,
        f"SELECT ?g (COUNT(DISTINCT ?i) AS ?n) WHERE {{ {INTERVENTIONS} ?i kern:voorDoelgroep ?g }} GROUP BY ?g",
    )
    expected = {row["g"].rsplit("/", 1)[-1]: int(row["n"]) for row in rows}
    assert {v["id"]: v["aantal"] for v in body["facetten"]["doelgroep"]} == expected
    everything = sparql(shipped_store, f"SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE {{ {INTERVENTIONS} }}")
    assert body["totaal"] == int(everything[0]["n"])


def test_a_filter_narrows_results_and_counts(client: httpx.Client, shipped_store: Store) -> None:
    everything = client.get("/zoeken", headers=JSON).json()
    narrowed = client.get("/zoeken", params={"doelgroep": "professionals"}, headers=JSON).json()
    assert 0 < narrowed["totaal"] < everything["totaal"]
    rows = sparql(
        shipped_store,
        f"SELECT ?i WHERE {{ {INTERVENTIONS} ?i kern:voorDoelgroep ?g . FILTER(STRENDS(STR(?g), '/professionals')) }}",
    )
    assert sorted(r["iri"] for r in narrowed["resultaten"]) == sorted(r["i"] for r in rows)
    before = {v["id"]: v["aantal"] for v in everything["facetten"]["mechanisme"]}
    after = {v["id"]: v["aantal"] for v in narrowed["facetten"]["mechanisme"]}
    assert all(after[m] <= before[m] for m in after) and sum(after.values()) < sum(before.values())


def test_the_form_state_is_a_shareable_url_with_the_same_results(client: httpx.Client) -> None:
    url = "/zoeken?" + urlencode([("q", "armoede"), ("soort", "interventie"), ("doelgroep", "professionals")])
    form = parse(client.get(url, headers=HTML).text)
    rebuilt = "/zoeken?" + urlencode(form.state())
    assert ("doelgroep", "professionals") in form.state() and ("q", "armoede") in form.state()
    first, again = client.get(url, headers=JSON).json(), client.get(rebuilt, headers=JSON).json()
    assert first["totaal"] > 0
    assert [r["iri"] for r in first["resultaten"]] == [r["iri"] for r in again["resultaten"]]
    assert first["facetten"] == again["facetten"]


def test_html_and_json_show_the_same_results(client: httpx.Client) -> None:
    params = {"q": "ervaringsdeskundige", "status": "lopend"}
    links = [link for link in parse(client.get("/zoeken", params=params, headers=HTML).text).links if "/doc/" in link]
    body = client.get("/zoeken", params=params, headers=JSON).json()
    assert body["totaal"] > 0
    assert [r["pagina"] for r in body["resultaten"]] == [
        link for link in links if link in {r["pagina"] for r in body["resultaten"]}
    ]
    assert all(r["redenen"] and r["soort"] and r["naam"] for r in body["resultaten"])
    assert client.get("/zoeken", params=params | {"formaat": "json"}).json()["totaal"] == body["totaal"]


@pytest.mark.parametrize(
    "query",
    [
        {"mechanisme": "bestaat-niet"},
        {"soort": "ding", "q": "stress"},
        {"gemeente": "GM9999", "pagina": "-3"},
    ],
)
def test_an_unknown_value_is_a_message_or_a_400_never_a_500(client: httpx.Client, query: dict[str, str]) -> None:
    page = client.get("/zoeken", params=query, headers=HTML)
    value = next(v for k, v in query.items() if k not in ("q", "pagina"))
    assert page.status_code == 200
    assert f"‘{value}’ kennen we niet" in page.text
    answer = client.get("/zoeken", params=query, headers=JSON)
    assert answer.status_code == 400
    assert answer.json()["fout"]["code"] == "onbekende-waarde"


@pytest.mark.parametrize(
    "query", [{"q": "<script>alert(1)</script>"}, {"q": "x" * 5000}, {"pagina": "99999999999"}, {"q": '’ " \\ %'}]
)
def test_odd_input_never_breaks_the_page(client: httpx.Client, query: dict[str, str]) -> None:
    answer = client.get("/zoeken", params=query, headers=HTML)
    assert answer.status_code == 200
    assert "<script>alert" not in answer.text


@pytest.mark.parametrize("name", LISTS)
def test_each_list_page_has_a_heading_and_links_to_things(client: httpx.Client, name: str) -> None:
    answer = client.get(f"/{name}", headers=HTML)
    assert answer.status_code == 200
    form = parse(answer.text)
    assert form.h1 == 1
    assert [link for link in form.links if link.startswith("/doc/")]


def test_a_list_page_shows_only_its_kind(client: httpx.Client, shipped_store: Store) -> None:
    body = client.get("/mechanismen", headers=JSON).json()
    rows = sparql(shipped_store, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a kern:Mechanisme }")
    assert body["totaal"] == int(rows[0]["n"])
    assert {r["soort"] for r in body["resultaten"]} == {"mechanisme"}


def test_english_words_and_english_labels(client: httpx.Client) -> None:
    answer = client.get("/zoeken", params={"q": "debts"}, headers=HTML | {"Accept-Language": "en"})
    assert "Search for a word" in answer.text and ">Debts</a>" in answer.text


def test_pages_together_hold_every_result_once(client: httpx.Client) -> None:
    first = client.get("/zoeken", params={"q": "armoede"}, headers=JSON).json()
    assert first["totaal"] > first["per_pagina"]
    pages = -(-first["totaal"] // first["per_pagina"])
    first_page = [r["iri"] for r in first["resultaten"]]
    found = list(first_page)
    for number in range(2, pages + 1):
        page = client.get("/zoeken", params={"q": "armoede", "pagina": str(number)}, headers=JSON).json()
        assert page["resultaten"], number
        found += [r["iri"] for r in page["resultaten"]]
    assert len(first_page) == first["per_pagina"]
    assert len(found) == len(set(found)) == first["totaal"]
    assert 'rel="next" href="/zoeken?q=armoede&amp;pagina=2"' in client.get("/zoeken?q=armoede", headers=HTML).text
