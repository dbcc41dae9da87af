"""A real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a real server on 127.0.0.1.

`make test` installs Chromium and axe-core (system-deps); nothing is downloaded while the tests run.
Every request the browser makes is checked: one that leaves loopback is refused and recorded, and the
tests fail on it. Screenshots go to test-artefacten/schermafdrukken/ (or $KENNISGRAAF_ARTEFACTEN).
"""

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright

from tests.conftest import REPO, LiveServer, start_server, stop_server

CHROMIUM = os.environ.get("KENNISGRAAF_CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = Path(os.environ.get("KENNISGRAAF_ARTEFACTEN", REPO / "test-artefacten")) / "schermafdrukken"
# The flags the machine notes name: no sandbox as root, and no background calls to Google's hosts.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM}: `make test` installeert het (Debian-pakket chromium).")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
    yield chromium
    chromium.close()


@dataclass
class Session:
    """A browser context for one visitor, with the requests that tried to leave loopback."""

    context: BrowserContext
    page: Page
    base: str
    outside: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        answer = self.page.goto(self.base + path)
        assert answer is not None and answer.status < 400, f"{path}: {answer and answer.status}"
        return self.page

    def shot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTEFACTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with the fictitious demo graph, for the pages of local experiments."""
    server = start_server(tmp_path_factory.mktemp("demo") / "opslag", {"KENNISGRAAF_DEMO": "1"})
    yield server
    stop_server(server)


def _visitor(browser: Browser, server: LiveServer) -> Iterator[Callable[..., Session]]:
    sessions: list[Session] = []
    loopback = urlsplit(server.url).netloc

    def open_session(viewport: dict[str, int] = DESKTOP, locale: str = "nl-NL") -> Session:
        context = browser.new_context(viewport=viewport, locale=locale)
        session = Session(context, context.new_page(), server.url)

        def guard(route: Route) -> None:
            target = urlsplit(route.request.url)
            if target.scheme in ("data", "blob") or target.netloc == loopback:
                route.continue_()
            else:
                session.outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        sessions.append(session)
        return session

    yield open_session
    for session in sessions:
        session.context.close()
    outside = [url for session in sessions for url in session.outside]
    assert not outside, f"de browser probeerde het netwerk op te gaan: {outside}"


@pytest.fixture
def visit(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., Session]]:
    """Open a visitor's session: `visit(PHONE, locale="en-GB")`. Each one is checked for outside requests."""
    yield from _visitor(browser, live_server)


@pytest.fixture
def visit_demo(browser: Browser, demo_server: LiveServer) -> Iterator[Callable[..., Session]]:
    """The same, on the server with the fictitious demo graph."""
    yield from _visitor(browser, demo_server)


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA checks on the page as it is now; each violation as one readable line."""
    if not AXE.exists():
        pytest.fail(f"axe-core ontbreekt op {AXE}: `make test` installeert het (npm ci in tests/browser).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"
    )
    return [str(line) for line in result]


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window: anything above 0 means sideways scrolling."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
