"""A real server on 127.0.0.1 under attack, and two watchers beside it: one asks /gezondheid every
0.1 s and records how long each answer took; one samples the memory of the server process and of
its worker processes. Every hostile request in this folder runs while both watch.

The server gets tight limits (256 MB and 5 s per upload job, 3 s to send a body), so the suite
stays quick; the defaults in graaf/storage/settings.py are larger, the mechanism is the same.

Every test here is marked `serieel`: they measure time and memory limits of the server, so `make test`
runs them after the parallel part, alone on the machine, where a busy neighbour cannot blur the figures.
"""

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from graaf import Store, sync_shipped
from graaf.storage.tokens import Role, TokenStore
from tests.conftest import LiveServer, start_server, stop_server

# What the server process itself may grow to while it is attacked (its workers are counted apart).
SERVER_MEMORY_BOUND_MB = 500
# What one upload worker may use above its baseline (the setting given to this server).
UPLOAD_MEMORY_MB = 256
UPLOAD_TIMEOUT_S = 5
BODY_TIMEOUT_S = 3


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as found:
            return [int(p) for p in found.read().split()]
    except OSError:
        return []


@dataclass
class Watch:
    """What the watchers saw since the last `reset()`."""

    health_max_s: float = 0.0
    health_failures: list[str] = field(default_factory=list)
    server_peak_mb: float = 0.0
    worker_peak_mb: float = 0.0

    def reset(self) -> None:
        self.health_max_s = 0.0
        self.health_failures = []
        self.server_peak_mb = 0.0
        self.worker_peak_mb = 0.0


@dataclass
class HostileServer:
    url: str
    live: LiveServer
    editor: str
    watch: Watch

    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.editor}"}


def _watch(server: LiveServer, watch: Watch, stop: threading.Event) -> None:
    pid = server.process.pid
    with httpx.Client(timeout=5) as client:
        while not stop.is_set():
            started = time.monotonic()
            try:
                status = client.get(server.url + "/gezondheid").status_code
                if status != 200:
                    watch.health_failures.append(f"status {status}")
            except httpx.HTTPError as error:
                watch.health_failures.append(type(error).__name__)
            watch.health_max_s = max(watch.health_max_s, time.monotonic() - started)
            watch.server_peak_mb = max(watch.server_peak_mb, rss_mb(pid))
            for child in children(pid):
                watch.worker_peak_mb = max(watch.worker_peak_mb, rss_mb(child))
            stop.wait(0.1)


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileServer]:
    root = tmp_path_factory.mktemp("aanval")
    store_path = root / "opslag"
    with Store(store_path) as store:
        sync_shipped(store)
    editor, _ = TokenStore(Path(str(store_path) + ".tokens.json")).make(Role.EDITOR, "test")
    live = start_server(
        store_path,
        {
            "KENNISGRAAF_UPLOAD_MEMORY_MB": str(UPLOAD_MEMORY_MB),
            "KENNISGRAAF_UPLOAD_TIMEOUT_S": str(UPLOAD_TIMEOUT_S),
            "KENNISGRAAF_BODY_TIMEOUT_S": str(BODY_TIMEOUT_S),
            "KENNISGRAAF_QUERY_TIMEOUT_S": "3",
            "KENNISGRAAF_ANONYMOUS_RATE_PER_MINUTE": "10000",
            "KENNISGRAAF_ANONYMOUS_CONCURRENCY": "8",
            "KENNISGRAAF_WARM_UP": "false",
        },
    )
    watch = Watch()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(live, watch, stop), daemon=True)
    watcher.start()
    yield HostileServer(live.url, live, editor, watch)
    stop.set()
    watcher.join(5)
    stop_server(live)


@pytest.fixture
def watched(hostile_server: HostileServer) -> Iterator[HostileServer]:
    """The server, with the watchers' record cleared before the test and checked after it."""
    hostile_server.watch.reset()
    yield hostile_server
    time.sleep(0.3)  # one more round of the watchers after the last request
    watch = hostile_server.watch
    assert watch.health_failures == [], f"/gezondheid failed while attacked: {watch.health_failures}"
    assert watch.health_max_s < 1.0, f"/gezondheid took {watch.health_max_s:.2f} s while attacked"
    assert watch.server_peak_mb < SERVER_MEMORY_BOUND_MB, f"server grew to {watch.server_peak_mb:.0f} MB"


# First, so that `-m serieel` / `-m "not serieel"` already sees the mark when it selects.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.serieel)
