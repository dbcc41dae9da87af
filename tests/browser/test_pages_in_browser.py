"""The pages in a real browser: the newcomer's way through the site, accessibility, phone widths, print.

The issue's test of done: a newcomer finds, for "a family with debts and stress in Stadskanaal", a
fitting set of interventions and sees why. These tests walk that way with clicks and key presses, as a
person would, and keep screenshots of each step at desktop and phone width.
"""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, Session, axe_violations, overflow

WIDTHS = {"desktop": DESKTOP, "telefoon": PHONE}
SITUATION = "/cocktail?mechanisme=schulden&mechanisme=chronische-stress&plaats=GM0037"
# One page of every kind a professional meets, and the friendly 404.
PAGES = {
    "home": "/",
    "zoeken": "/zoeken?q=schulden",
    "interventie": "/doc/interventie/financiele-educatie",
    "mechanisme": "/doc/mechanisme/schulden",
    "kapitaalvorm": "/doc/kapitaalvorm/economisch",
    "effect": "/doc/effect/financiele-educatie-schulden",
    "bewijs": "/doc/bewijs/voorzorg-erkenning",
    "plaats": "/doc/plaats/GM0037",
    "organisatie": "/doc/organisatie/alliantie-van-kracht",
    "doel": "/doc/doel/leren-en-weten-wat-effectief-is",
    "cocktailformulier": "/cocktail",
    "cocktail": SITUATION,
    "bewijskaart": "/bewijskaart",
    "netwerk": "/netwerk",
    "downloaden": "/export",
    "versies": "/versies",
}
DEMO_PAGES = {
    "experimenten": "/experimenten",
    "experiment": "/doc/experiment/demo-stadskanaal-geldzaken-fictief",
    "reflectie": "/reflectie",
    "interventie-met-bevindingen": "/doc/interventie/financiele-educatie",
}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_newcomer_finds_interventions_for_debts_and_stress_in_stadskanaal(
    visit: Callable[..., Session], width: str
) -> None:
    session = visit(WIDTHS[width])
    page = session.open("/")
    session.shot(f"1-home-{width}")

    # Search from the home page, as someone who does not know the words of the graph would.
    page.get_by_role("searchbox").first.fill("schulden")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_url("**/zoeken?**")
    results = page.locator("#resultaten a.resultaat-link")
    expect(results.first).to_be_visible()
    before = results.count()
    session.shot(f"2-zoeken-schulden-{width}")

    # Narrow down with a facet; the address keeps the choice, so it can be shared.
    page.get_by_label("economisch kapitaal").first.check()
    page.locator("#filters-toepassen").click()
    page.wait_for_url("**kapitaalvorm=economisch**")
    assert 0 < results.count() < before
    session.shot(f"3-facet-{width}")

    # Open an intervention, then one of its related interventions.
    page.goto(session.base + "/zoeken?q=schulden")
    page.locator("#resultaten").get_by_role("link", name="Financiële educatie", exact=True).click()
    expect(page.locator("h1")).to_have_text("Financiële educatie")
    session.shot(f"4-interventie-{width}")
    related = page.locator(".verwant a").first
    name = related.inner_text()
    related.click()
    expect(page.locator("h1")).to_have_text(name)

    # The cocktail form: tick what plays a part, choose the place, and read why.
    page.get_by_role("link", name="Cocktail", exact=True).first.click()
    page.get_by_label("Schulden", exact=True).check()
    page.get_by_label("Langdurige of traumatische stress").check()
    page.get_by_label("Plaats").select_option(label="Stadskanaal")
    session.shot(f"5-cocktailformulier-{width}")
    page.get_by_role("button", name="Stel de cocktail samen").click()
    page.wait_for_url("**mechanisme=schulden**")
    suggestion = page.locator("#resultaat")
    # SchuldHulpMaatje's own page names both debts and stress; no databank states a level for it.
    expect(suggestion.locator("ol.cocktail h3", has_text="SchuldHulpMaatje")).to_have_count(1)
    expect(suggestion).to_contain_text("Werkt op Schulden. (de bron noemt dit; beoogd, nog niet onderzocht")
    expect(suggestion).to_contain_text("Werkt op Langdurige of traumatische stress.")
    expect(suggestion).to_contain_text("Bewijs: onbekend")
    expect(suggestion).not_to_contain_text("Niet gedekt")
    expect(suggestion).to_contain_text("Ook overwogen")
    session.shot(f"6-cocktail-{width}")

    # And the evidence gap map, from the home page.
    page.goto(session.base + "/")
    page.locator("a[href='/bewijskaart']").first.click()
    expect(page.locator("table").first).to_be_visible()
    session.shot(f"7-bewijskaart-{width}")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_every_kind_of_page_passes_axe_and_fits_the_screen(
    visit: Callable[..., Session], kind: str, width: str
) -> None:
    session = visit(WIDTHS[width])
    page = session.open(PAGES[kind])
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").count() == 1
    assert overflow(page) <= 0, f"{kind} is breder dan het scherm ({width})"
    assert axe_violations(page) == []
    session.shot(f"pagina-{kind}-{width}")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", DEMO_PAGES)
def test_the_pages_of_local_experiments_pass_axe_and_fit_the_screen(
    visit_demo: Callable[..., Session], kind: str, width: str
) -> None:
    session = visit_demo(WIDTHS[width])
    page = session.open(DEMO_PAGES[kind])
    assert page.locator("h1").count() == 1
    assert overflow(page) <= 0, f"{kind} is breder dan het scherm ({width})"
    assert axe_violations(page) == []
    session.shot(f"demo-{kind}-{width}")


def test_the_not_found_page_is_friendly_and_accessible(visit: Callable[..., Session]) -> None:
    session = visit(PHONE)
    answer = session.page.goto(session.base + "/doc/interventie/bestaat-niet")
    assert answer is not None and answer.status == 404
    expect(session.page.locator("h1")).to_have_text("Niet gevonden")
    expect(session.page.get_by_role("link", name="Terug naar de startpagina")).to_be_visible()
    assert axe_violations(session.page) == []
    session.shot("pagina-niet-gevonden-telefoon")


def _tab_to(page: Page, element_id: str, limit: int = 300) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} is met Tab niet te bereiken")


def test_the_cocktail_form_works_with_the_keyboard_alone(visit: Callable[..., Session]) -> None:
    session = visit()
    page = session.open("/cocktail")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"  # the skip link comes first
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus moet zichtbaar zijn"
    _tab_to(page, "mechanisme-schulden")
    page.keyboard.press("Space")
    _tab_to(page, "plaats")
    page.keyboard.type("Stadskanaal")  # typing picks the option in a closed list
    _tab_to(page, "maximum")
    page.keyboard.press("Enter")  # Enter in a field sends the form
    page.wait_for_url("**mechanisme=schulden**")
    assert "plaats=GM0037" in page.url
    expect(page.locator("#resultaat")).to_contain_text("Werkt op Schulden.")


def test_the_printed_cocktail_shows_the_suggestion_without_the_form(visit: Callable[..., Session]) -> None:
    session = visit()
    page = session.open(SITUATION)
    page.emulate_media(media="print")
    expect(page.locator("form.cocktailformulier")).to_be_hidden()
    expect(page.locator("header nav")).to_be_hidden()
    expect(page.locator("#resultaat")).to_be_visible()
    expect(page.locator(".alleen-print")).to_be_visible()
    session.shot("cocktail-afdruk")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    (session.shot("cocktail-afdruk").parent / "cocktail-afdruk.pdf").write_bytes(pdf)


def test_english_when_the_browser_asks_for_english(visit: Callable[..., Session]) -> None:
    session = visit(locale="en-GB")
    page = session.open("/doc/interventie/financiele-educatie")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("h1")).to_have_text("Financial education")
    page = session.open(SITUATION)
    expect(page.locator("#resultaat")).to_contain_text("Works on Debts.")
    expect(page.locator("#resultaat")).to_contain_text("the source states this")
    expect(page.locator("#resultaat")).to_contain_text("Also considered")
    session.shot("cocktail-engels")
