"""Anonymous heavy work is limited per client, the upload limits hold, and SIGTERM stops a busy server."""

import signal
import threading
import time
from pathlib import Path

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from graaf import Store, sync_shipped
from tests.adversarial.conftest import HostileServer
from tests.adversarial.test_hostile_inputs import BILLION_LAUGHS, deep_turtle_collection
from tests.conftest import REPO, run_cli, start_server, stop_server

GOOD = (REPO / "validatie" / "voorbeelden" / "Interventie-goed.ttl").read_bytes()


def _fresh(tmp_path: Path, env: dict[str, str]):
    store_path = tmp_path / "opslag"
    with Store(store_path) as store:
        sync_shipped(store)
    return start_server(store_path, {"KENNISGRAAF_WARM_UP": "false"} | env)


def test_anonymous_validation_is_rate_limited_with_retry_after(tmp_path: Path) -> None:
    server = _fresh(tmp_path, {"KENNISGRAAF_ANONYMOUS_RATE_PER_MINUTE": "3"})
    try:
        post = lambda: httpx.post(  # noqa: E731
            server.url + "/valideer", content=GOOD, headers={"Content-Type": "text/turtle"}, timeout=30
        )
        assert [post().status_code for _ in range(3)] == [200, 200, 200]
        refused = post()
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        body = refused.json()["fout"]
        assert body["code"] == "te-veel-verzoeken" and "per minuut" in body["melding"]
        # Everything else still answers, and a caller with a token is not limited.
        assert httpx.get(server.url + "/gezondheid", timeout=1).status_code == 200
    finally:
        stop_server(server)


def test_one_client_gets_only_its_concurrent_share(tmp_path: Path) -> None:
    server = _fresh(
        tmp_path,
        {
            "KENNISGRAAF_ANONYMOUS_CONCURRENCY": "1",
            "KENNISGRAAF_UPLOAD_TIMEOUT_S": "3",
            "KENNISGRAAF_UPLOAD_WORKERS": "1",
        },
    )
    try:
        slow = deep_turtle_collection(60_000)  # valid, and long enough to validate that a second request overlaps
        results: list[int] = []
        first = threading.Thread(
            target=lambda: results.append(
                httpx.post(
                    server.url + "/valideer", content=slow, headers={"Content-Type": "text/turtle"}, timeout=30
                ).status_code
            )
        )
        first.start()
        time.sleep(0.5)
        second = httpx.post(server.url + "/valideer", content=GOOD, headers={"Content-Type": "text/turtle"}, timeout=30)
        first.join()
        assert second.status_code == 429, second.text
        assert "lopen" in second.json()["fout"]["melding"]
        assert second.headers["retry-after"] == "1"
        assert results and results[0] in (200, 503)
    finally:
        stop_server(server)


def test_sigterm_stops_the_server_within_seconds_while_a_worker_is_busy(tmp_path: Path) -> None:
    server = _fresh(tmp_path, {"KENNISGRAAF_UPLOAD_TIMEOUT_S": "60", "KENNISGRAAF_SHUTDOWN_TIMEOUT_S": "2"})
    busy = threading.Thread(
        target=lambda: _quietly(
            lambda: httpx.post(
                server.url + "/valideer",
                content=deep_turtle_collection(200_000),
                headers={"Content-Type": "text/turtle"},
                timeout=60,
            )
        ),
        daemon=True,
    )
    busy.start()
    time.sleep(1.5)  # the upload is being parsed or validated in a worker now
    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=10)
    finally:
        if server.process.poll() is None:
            server.process.kill()
    assert time.monotonic() - started < 8


def _quietly(call) -> None:
    try:
        call()
    except httpx.HTTPError:
        pass


def test_the_command_line_refuses_entities_too(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.rdf"
    bomb.write_bytes(BILLION_LAUGHS)
    for command in ("valideer", "laad"):
        started = time.monotonic()
        result = run_cli(command, str(bomb), store=tmp_path / "opslag")
        assert result.returncode != 0
        assert "DOCTYPE" in result.stdout + result.stderr
        assert time.monotonic() - started < 30


def test_schemathesis_finds_no_server_error_on_the_endpoints_that_read_a_body(hostile_server: HostileServer) -> None:
    schema = schemathesis.openapi.from_url(hostile_server.url + "/openapi.json")
    schema = schema.include(path_regex=r"^/(valideer|api/cocktail|api/importeer|sparql)$")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 4
    tried: dict[str, int] = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=15,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def check(case) -> None:
                response = case.call(headers=hostile_server.bearer(), timeout=30)
                case.validate_response(response, checks=[not_a_server_error])

            try:
                check()
            except Unsatisfiable:  # nothing to break in this mode (an operation without parameters)
                continue
            tried[operation.label] = tried.get(operation.label, 0) + 1
    assert sorted(tried) == sorted(operation.label for operation in operations)
