"""Shared fixtures: the shipped graph in memory, the real CLI as a subprocess, a real server."""

import functools
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from graaf import Store, sync_shipped

REPO = Path(__file__).resolve().parent.parent
KENNISGRAAF = str(Path(sys.executable).with_name("kennisgraaf"))

# The tests check what servers answer, not how fast (benchmarks/ measure that). On a busy CI machine, three
# workers and their servers on two cores, a fresh server's first answer during its warm-up once took longer
# than httpx's default of 5 s and failed two tests. So httpx's one-off calls wait 60 s unless a test gives
# its own timeout, which the tests that time the server's limits do.
PATIENT_S = 60.0


def _patient(call: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(call)
    def with_timeout(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", PATIENT_S)
        return call(*args, **kwargs)

    return with_timeout


for _name in ("request", "stream", "get", "options", "head", "post", "put", "patch", "delete"):
    setattr(httpx, _name, _patient(getattr(httpx, _name)))


@pytest.fixture(scope="session")
def shipped_store() -> Iterator[Store]:
    """The shipped ontology and data in an in-memory Oxigraph store. Read-only by convention."""
    store = Store()
    sync_shipped(store)
    yield store
    store.close()


def run_cli(*args: str, store: Path | str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the installed `kennisgraaf` console script, as a user would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENNISGRAAF_")}
    return subprocess.run(
        [KENNISGRAAF, "--opslag", str(store), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=REPO,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[str]
    store_path: Path


def start_server(store_path: Path, extra_env: dict[str, str] | None = None) -> LiveServer:
    """Start `kennisgraaf serve` on a free loopback port and wait until it answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KENNISGRAAF_")} | (extra_env or {})
    # Its output goes to a file, not a pipe: nobody reads a pipe while the tests run, and a server that
    # writes enough to fill one would hang on its next line.
    log = store_path.with_name(store_path.name + f".server-{port}.log")
    with log.open("w") as out:
        process = subprocess.Popen(
            [KENNISGRAAF, "--opslag", str(store_path), "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=REPO,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server stopped: {log.read_text()}")
        try:
            if httpx.get(url + "/gezondheid", timeout=1).status_code == 200:
                return LiveServer(url, process, store_path)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start within 60 s")


def stop_server(server: LiveServer) -> None:
    stop_process(server.process)


def stop_process(process: "subprocess.Popen[str] | subprocess.Popen[bytes]", timeout_s: float = 15) -> None:
    """Ask a child to stop, and kill it when it does not within the time."""
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("live") / "opslag")
    yield server
    stop_server(server)


class Canary(str):
    """The URL of a small HTTP server on 127.0.0.1 that records every request it hears in `hits`.

    The no-network tests point SERVICE, LOAD, contexts and the like at it: it must hear nothing.
    """

    hits: list[str]


def _canary_handler(hits: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            hits.append(f"{self.command} {self.path}")
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode())

        do_GET = do_POST = do_HEAD = _record

        def log_message(self, *_: object) -> None:
            pass

    return Handler


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A listening canary with no hits yet; it first proves that it hears a request."""
    hits: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _canary_handler(hits))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = Canary(f"http://127.0.0.1:{server.server_address[1]}/sparql")
    url.hits = hits
    httpx.get(url + "?zelftest")
    assert hits == ["GET /sparql?zelftest"]
    hits.clear()
    yield url
    server.shutdown()
    server.server_close()
