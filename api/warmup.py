"""Build the results that pages keep per store version right after the server starts.

On a large graph the first visitor of a fresh server would otherwise wait for the related-interventions
network, the search index, the home page lists, the evidence gap map and the rows cocktails read (at 1M
triples: seconds to tens of seconds each). A background thread builds them while the server already
answers; a request that needs one before it is ready waits for that build (graaf.storage.versioned), it does
not start a second one.

A write makes all of them stale. Most are brought up to date from what the write touched
(graaf.storage.versioned: at a million triples a fraction of a second each, where building them took
seconds), so a visitor right after a 1,000-triple import does that small part of the work, not all of
it. The same thread still goes over them after every write, once the writes have stopped for a moment
(an import in parts is gone over once, after its last part), so the next visitor finds them ready; one
who comes during it waits for that step, as after the start.
"""

import logging
import threading
import time
from collections.abc import Callable

from api.views import cocktail_page, home, pictures
from graaf import Store
from graaf.cocktail import prepare, vocabulary_of
from graaf.network import network_of
from graaf.search import index_of

LOG = logging.getLogger("kennisgraaf.warmup")
POLL_S = 0.5  # how often the thread looks at the store's version: a counter, so a look costs nothing
QUIET_S = 1.0


def steps(store: Store, lang: str = "nl") -> list[tuple[str, Callable[[], object]]]:
    """What is built, in the order visitors are most likely to need it."""
    return [
        ("startpagina", lambda: home.overview(store, lang)),
        ("cocktailformulier", lambda: cocktail_page.form_of(store, lang)),
        ("cocktailbegrippen", lambda: vocabulary_of(store)),
        ("cocktailrijen", lambda: prepare(store)),
        ("netwerk", lambda: network_of(store).walk()),
        ("zoekindex", lambda: index_of(store, lang)),
        ("bewijskaart", lambda: pictures.gap_of(store, lang, "kapitaalvormen")),
    ]


def warm(store: Store) -> None:
    """Build each step; one that fails is logged and left to the first request that needs it."""
    for name, build in steps(store):
        started = time.perf_counter()
        try:
            build()
        except Exception:  # a page shows its own error later; the server must keep serving
            LOG.warning("voorbereiden van %s mislukt", name, exc_info=True)
            continue
        LOG.info("%s voorbereid in %.1f s", name, time.perf_counter() - started)


def keep_warm(store: Store, stop: threading.Event, quiet_s: float = QUIET_S) -> None:
    """Build now, and again after each write once no write came for `quiet_s`, until `stop` is set."""
    built: int | None = None
    while not stop.is_set():
        version = _version(store)
        if version is not None and version != built:
            if built is not None:  # after a write: let a burst of writes end first
                if stop.wait(quiet_s):
                    return
                if _version(store) != version:
                    continue
            warm(store)
            built = version
        stop.wait(POLL_S)


def _version(store: Store) -> int | None:
    try:
        return store.version
    except Exception:  # a remote store that is down: try again at the next look
        return None


def start(store: Store) -> threading.Event:
    """Keep the results warm in a background thread; set the event that is returned to stop it."""
    stop = threading.Event()
    thread = threading.Thread(target=keep_warm, args=(store, stop), name="kennisgraaf-voorbereiden", daemon=True)
    thread.start()
    return stop
