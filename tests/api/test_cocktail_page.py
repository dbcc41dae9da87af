"""The cocktail form (GET /cocktail): the same suggestion as the API, in a page a professional can share and print."""

import re

import httpx
import pytest

from graaf import Store
from graaf.cocktail import vocabulary_of

SITUATION = {"mechanisme": ["schulden", "chronische-stress"], "plaats": "GM0037"}


def _chosen(html: str) -> list[str]:
    block = html.split('id="resultaat"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<h3><a href="/doc/interventie/([^"]+)">', block)


def test_the_form_offers_every_mechanism_and_capital_form_of_the_graph(
    client: httpx.Client, shipped_store: Store
) -> None:
    page = client.get("/cocktail").text
    vocab = vocabulary_of(shipped_store)
    for kind, name in (("mechanisme", "mechanisme"), ("kapitaalvorm", "kapitaalvorm")):
        members = vocab.members(kind)
        assert len(members) >= 5
        for iri in members:
            slug = iri.rsplit("/", 1)[-1]
            assert f'id="{name}-{slug}" name="{name}" value="{slug}"' in page
            assert f'<label for="{name}-{slug}">' in page
    assert 'id="resultaat"' not in page  # nothing is suggested before anything is chosen


def test_the_page_suggests_what_the_api_suggests_with_reasons(client: httpx.Client) -> None:
    page = client.get("/cocktail", params=SITUATION)
    assert page.status_code == 200
    api = client.post(
        "/api/cocktail", json={"mechanismen": SITUATION["mechanisme"], "plaats": SITUATION["plaats"]}
    ).json()
    expected = [str(i["iri"]).rsplit("/", 1)[-1] for i in api["interventies"]]
    assert expected and _chosen(page.text) == expected
    assert "Werkt op Schulden." in page.text and "de bron noemt dit" in page.text
    assert api["niet_gedekt"] == [] and "Niet gedekt" not in page.text
    # The choices stay ticked, so the professional can adjust them.
    assert 'value="schulden" checked' in page.text and 'value="GM0037" selected' in page.text


def test_a_need_without_any_intervention_is_named_as_not_covered(client: httpx.Client) -> None:
    # No source in the catalogue offers anything against economic crises (a stated knowledge gap).
    page = client.get("/cocktail", params={"mechanisme": ["schulden", "economische-crises"], "plaats": "GM0037"})
    assert page.status_code == 200
    assert "Niet gedekt" in page.text and "Economische crises" in page.text.split("Niet gedekt", 1)[1]
    assert _chosen(page.text)


def test_an_unknown_word_gives_a_dutch_message_and_the_form_again(client: httpx.Client) -> None:
    page = client.get("/cocktail", params={"mechanisme": "geldzorgenn"})
    assert page.status_code == 400
    assert 'role="alert"' in page.text and "Onbekend mechanisme" in page.text
    assert '<form method="get" action="/cocktail"' in page.text


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"plaats": "GM0037"}, "Kies ten minste één mechanisme"),
        ({"mechanisme": "schulden", "maximum": "veel"}, "heel getal"),
    ],
)
def test_an_incomplete_or_odd_form_is_explained(client: httpx.Client, params: dict[str, str], words: str) -> None:
    page = client.get("/cocktail", params=params)
    assert page.status_code == 400
    assert words in page.text


def test_english_page_in_english(client: httpx.Client) -> None:
    page = client.get("/cocktail", params=SITUATION, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in page.text
    assert "Works on Debts." in page.text and "Werkt op" not in page.text
    assert "Evidence: unknown" in page.text


def test_the_queries_on_the_page_are_short_and_the_api_has_them_in_full(client: httpx.Client) -> None:
    """A question asked in parts is shown once, its lists cut: the page stays small on a large graph."""
    page = client.get("/cocktail", params=SITUATION).text
    shown = re.findall(r"<pre><code>(.*?)</code></pre>", page, re.S)
    full = client.post("/api/cocktail", json={"mechanismen": SITUATION["mechanisme"], "plaats": "GM0037"}).json()
    assert shown and len(shown) <= len(full["sparql"])
    titles = [q.split("\n", 1)[0] for q in full["sparql"]]
    assert len(shown) == len([t for n, t in enumerate(titles) if n == 0 or titles[n - 1] != t])
    assert all(len(re.findall(r"&lt;https://data\.alliantievankracht\.nl/id/interventie/", q)) <= 3 for q in shown)
    assert "# … en nog" in page
