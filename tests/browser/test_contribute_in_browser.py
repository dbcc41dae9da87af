"""The plan's own loop in a real browser, by keyboard only: a contributor signs in, adds a good practice
and then a learning evaluation session with two findings; an editor approves each; the intervention
page shows the new evidence in its three-source profile and the cocktail's explanation uses it.

Every step is done with key presses (Tab, typing, Space, arrows, Enter); the page is only opened by
address where a person would follow a link from an e-mail (the invitation). axe-core checks each
form, at 360 px wide too, and nothing may scroll sideways.
"""

import re
import subprocess
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, Session, _visitor, axe_violations, overflow
from tests.conftest import KENNISGRAAF, REPO, LiveServer, start_server, stop_server

PASSWORD = "een lange zin als wachtwoord"
NAME = "Samen aan tafel Pekela"
EFFECT = f"{NAME} werkt op Schulden"


@pytest.fixture(scope="module")
def write_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("schrijven") / "opslag")
    yield server
    stop_server(server)


@pytest.fixture
def visit_write(browser: Browser, write_server: LiveServer) -> Iterator[Callable[..., Session]]:
    yield from _visitor(browser, write_server)


def invite(server: LiveServer, user: str, role: str) -> str:
    done = subprocess.run(
        [KENNISGRAAF, "--opslag", str(server.store_path), "gebruiker", "uitnodigen", user, "--naam", user.title(),
         "--rol", role, "--organisatie", "alliantie-van-kracht", "--adres", server.url],
        capture_output=True, text=True, cwd=REPO, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def tab_to(page: Page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element is focused, as someone without a mouse moves through a page."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} is not reachable with Tab")


def fill(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def press_on(page: Page, selector: str, key: str = "Enter") -> None:
    tab_to(page, selector)
    page.keyboard.press(key)


def check_page(session: Session, name: str) -> None:
    assert axe_violations(session.page) == [], name
    assert overflow(session.page) == 0, name
    session.shot(name)


def accept_invitation(session: Session, link: str) -> Page:
    page = session.open(link.removeprefix(session.base))
    fill(page, "#wachtwoord", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/bijdragen")
    return page


def submit_and_preview(page: Page) -> None:
    with page.expect_navigation():
        press_on(page, "form.cocktailformulier button[type=submit]")
    problems = page.locator(".fout, .melding").all_inner_texts()
    assert "/bijdragen/voorstellen/" in page.url, problems


def approve(session: Session, link_text: str) -> None:
    page = session.page
    session.open("/bijdragen/voorstellen")
    link = page.get_by_role("link", name=re.compile(re.escape(link_text)))
    tab_to(page, f"a[href='{link.first.get_attribute('href')}']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/bijdragen/voorstellen/*")
    press_on(page, "form[action$='/goedkeuren'] button")
    expect(page.locator("#status")).to_contain_text("goedgekeurd")


def test_a_contributor_adds_a_practice_and_a_session_and_an_editor_approves(
    visit_write: Callable[..., Session], write_server: LiveServer
) -> None:
    anna = visit_write(PHONE)
    page = accept_invitation(anna, invite(write_server, "anna", "bijdrager"))
    press_on(page, "a[href='/bijdragen/praktijk']")
    page.wait_for_url("**/bijdragen/praktijk")
    check_page(anna, "bijdragen-1-formulier-praktijk-360")

    fill(page, "#veld-naam", NAME)
    press_on(page, "#veld-soort-1", "Space")
    fill(page, "#veld-doel", "Ouders met geldzorgen steunen elkaar.")
    fill(page, "#veld-beschrijving", "Elke week eten ouders samen en praten over geld.")
    press_on(page, "input[name=doelgroep][value$='/doelgroep/gezin']", "Space")
    fill(page, "#veld-plaats", "Pekela")
    fill(page, "#veld-status", "lopend")  # typing picks the option in a closed list
    fill(page, "#veld-effect-1-werktop", "Schulden")
    # A phone number slipped in: refused beside its field, nothing kept.
    fill(page, "#veld-url", "https://example.org/samen")
    tab_to(page, "#veld-beschrijving")
    page.keyboard.type(" Bel 06-12345678.")
    submit_and_preview_refused = page.expect_response(lambda r: r.request.method == "POST")
    with submit_and_preview_refused:
        press_on(page, "form.cocktailformulier button[type=submit]")
    expect(page.locator("#veld-beschrijving-fout")).to_contain_text("telefoonnummer")
    check_page(anna, "bijdragen-2-fout-bij-veld-360")
    tab_to(page, "#veld-beschrijving")
    page.keyboard.press("Control+A")
    page.keyboard.type("Elke week eten ouders samen en praten over geld.")
    submit_and_preview(page)
    expect(page.get_by_text(f"Nieuwe interventie ‘{NAME}’")).to_be_visible()
    check_page(anna, "bijdragen-3-voorbeeld-360")
    press_on(page, "form[action$='/indienen'] button")
    expect(page.locator("#status")).to_contain_text("wacht op een redacteur")

    eva = visit_write()
    accept_invitation(eva, invite(write_server, "eva", "redacteur"))
    approve(eva, NAME)
    check_page(eva, "bijdragen-4-goedgekeurd")

    session_page = anna.open("/bijdragen")
    press_on(session_page, "a[href='/bijdragen/sessie']")
    page.wait_for_url("**/bijdragen/sessie")
    fill(page, "#veld-datum", "20-11-2026")
    press_on(page, "input[name=rol][value$='/deelnemersrol/professional']", "Space")
    press_on(page, "input[name=rol][value$='/deelnemersrol/ervaringsdeskundige']", "Space")
    for number, whose, text in ((1, 0, "Ouders kwamen elke week terug."), (2, 1, "Een moeder had weer overzicht.")):
        fill(page, f"#veld-bevinding-{number}-effect", EFFECT)
        press_on(page, f"#veld-bevinding-{number}-steunt-1", "Space")
        press_on(page, f"#veld-bevinding-{number}-kennis-1", "Space")
        if whose:
            page.keyboard.press("ArrowDown")  # the second choice: experts by experience
        fill(page, f"#veld-bevinding-{number}-tekst", text)
    check_page(anna, "bijdragen-5-formulier-sessie-360")
    submit_and_preview(page)
    expect(page.get_by_text("Bevinding 2 van ervaringsdeskundigen")).to_be_visible()
    press_on(page, "form[action$='/indienen'] button")
    expect(page.locator("#status")).to_contain_text("wacht op een redacteur")

    approve(eva, "20-11-2026")

    reader = visit_write(PHONE)
    intervention = reader.open("/doc/interventie/samen-aan-tafel-pekela")
    profile = intervention.locator("table.profiel")
    expect(profile.locator("tr", has_text="professionele kennis")).to_contain_text("1")
    expect(profile.locator("tr", has_text="ervaringskennis")).to_contain_text("1")
    expect(intervention.get_by_text("Bevinding 1 uit de sessie van 2026-11-20").first).to_be_visible()
    check_page(reader, "bijdragen-6-interventie-met-bevindingen-360")
    cocktail = reader.open("/cocktail?mechanisme=schulden&plaats=GM0765")
    chosen = cocktail.locator("ol.cocktail > li", has_text=NAME)
    expect(chosen).to_contain_text("professionele kennis")
    expect(chosen).to_contain_text("ervaringskennis")
    reader.shot("bijdragen-7-cocktail-gebruikt-bevindingen-360")


def test_the_other_forms_are_accessible_at_360_px(
    visit_write: Callable[..., Session], write_server: LiveServer
) -> None:
    rosa = visit_write(PHONE)
    accept_invitation(rosa, invite(write_server, "rosa", "redacteur"))
    for kind in ("effect", "bewijs", "experiment"):
        page = rosa.open(f"/bijdragen/{kind}")
        expect(page.locator("form.cocktailformulier")).to_be_visible()
        check_page(rosa, f"bijdragen-formulier-{kind}-360")
    # The period fields say how to write a month, so nobody has to guess the format.
    expect(page.get_by_text("zoals 01-2026").first).to_be_visible()
