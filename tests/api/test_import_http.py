"""/api/importeer on a real server: roles, formats, limits, refusals with all problems, undo, write log."""

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from graaf.imports.template import TEMPLATE_DIR, WORKBOOK
from graaf.storage.tokens import Role, TokenStore
from tests.api.conftest import SparqlServer, _server
from tests.conftest import run_cli, stop_server

LIMIT = 16_000_000  # large enough for a multipart body that takes seconds to read
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KERN = "https://data.alliantievankracht.nl/def/kern#"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    server = _server(tmp_path_factory.mktemp("importeer"), env={"KENNISGRAAF_IMPORT_MAX_BYTES": str(LIMIT)})
    yield server
    stop_server(server.live)


@pytest.fixture(scope="module")
def admin(server: SparqlServer) -> str:
    """An admin's token, made as a user would: `kennisgraaf token maak --rol beheerder`."""
    made = run_cli("token", "maak", "--rol", "beheerder", "--naam", "beheer", store=server.live.store_path)
    assert made.returncode == 0, made.stderr
    records = TokenStore(server.tokens_path).records()
    assert [r.role for r in records if r.name == "beheer"] == [Role.ADMIN]
    return made.stdout.strip()


def _workbook() -> bytes:
    return (TEMPLATE_DIR / WORKBOOK).read_bytes()


def _post(server: SparqlServer, token: str | None, body: bytes, content_type: str, **params: str) -> httpx.Response:
    headers = {"Content-Type": content_type} | (server.bearer(token) if token else {})
    return httpx.post(server.url + "/api/importeer", content=body, headers=headers, params=params, timeout=60)


def _error_code(response: httpx.Response) -> str:
    return str(response.json()["fout"]["code"])


def test_only_editors_and_admins_may_import(server: SparqlServer, admin: str) -> None:
    assert _post(server, None, _workbook(), XLSX).status_code == 401
    refused = _post(server, server.reader, _workbook(), XLSX)
    assert refused.status_code == 403 and _error_code(refused) == "geen-toegang"
    assert _post(server, admin, _workbook(), XLSX, naam="x", droog="1").status_code == 200  # all an editor may


def test_dry_run_then_import_then_undo_by_an_admin(server: SparqlServer, admin: str) -> None:
    dry = _post(server, server.editor, _workbook(), XLSX, naam="sjabloon", droog="1")
    assert dry.status_code == 200, dry.text
    assert dry.json()["toegevoegd"] == 45 and dry.json()["droog"] is True
    assert httpx.get(server.url + "/api/importeer").json()["importen"] == []
    done = _post(server, server.editor, _workbook(), XLSX, naam="sjabloon")
    assert done.status_code == 201, done.text
    graph = done.json()["graaf"]
    assert graph.endswith("/id/graaf/import/sjabloon")
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    answer = httpx.get(server.endpoint, params={"query": count}, headers={"Accept": "application/sparql-results+json"})
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "45"
    listed = httpx.get(server.url + "/api/importeer").json()["importen"]
    assert [(i["naam"], i["actie"]) for i in listed] == [("sjabloon", "import")]
    assert listed[0]["door"].startswith("token:")
    assert httpx.delete(server.url + "/api/importeer/sjabloon", headers=server.bearer(server.editor)).status_code == 403
    undone = httpx.delete(server.url + "/api/importeer/sjabloon", headers=server.bearer(admin))
    assert undone.status_code == 200 and undone.json()["verwijderd"] == 45
    again = httpx.delete(server.url + "/api/importeer/sjabloon", headers=server.bearer(admin))
    assert again.status_code == 404 and _error_code(again) == "import-niet-gevonden"
    log = server.live.store_path.with_name("opslag.schrijflog.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in log]
    assert [e["actie"] for e in entries][-2:] == ["import", "import-ongedaan"]
    assert entries[-1]["door"] != entries[-2]["door"]  # the admin undid what the editor imported


def _template_files(name: str = "{}.csv") -> list[tuple[str, tuple[str, bytes, str]]]:
    """The three CSV files of the template as multipart fields, each under `name` with its sheet filled in."""
    sheets = ("interventies", "effecten", "bewijs")
    return [("bestand", (name.format(n), (TEMPLATE_DIR / f"{n}.csv").read_bytes(), "text/csv")) for n in sheets]


def test_three_csv_files_in_one_multipart_request(server: SparqlServer) -> None:
    files = _template_files()
    response = httpx.post(
        server.url + "/api/importeer",
        files=files,
        params={"naam": "uit-csv", "droog": "1"},
        headers=server.bearer(server.editor),
        timeout=60,
    )
    assert response.status_code == 200, response.text
    assert response.json()["nieuwe_dingen"]["kern:Effect"] == 2


def test_broken_rows_give_422_with_every_problem(server: SparqlServer) -> None:
    text = (TEMPLATE_DIR / "effecten.csv").read_text(encoding="utf-8")
    broken = text.replace(",helpt,", ",beetje,").replace(",beoogd,", ",,", 1)
    response = _post(server, server.editor, broken.encode(), "text/csv", naam="kapot")
    assert response.status_code == 422
    problems = {(p["blad"], p["rij"], p["kolom"]) for p in response.json()["fout"]["problemen"]}
    assert {("effecten", 2, "richting"), ("effecten", 3, "richting"), ("effecten", 2, "soort")} <= problems
    assert all(p["verwacht"] for p in response.json()["fout"]["problemen"])


def test_shape_violations_give_422_with_the_report(server: SparqlServer) -> None:
    turtle = f"<https://data.alliantievankracht.nl/id/interventie/leeg> a <{KERN}Netwerkactiviteit> ."
    response = _post(server, server.editor, turtle.encode(), "text/turtle", naam="leeg")
    assert response.status_code == 422
    assert _error_code(response) == "ongeldige-gegevens"
    assert len(response.json()["fout"]["rapport"]["bevindingen"]) >= 3


def test_unknown_format_and_too_large(server: SparqlServer) -> None:
    unknown = _post(server, server.editor, b"hallo", "text/plain")
    assert unknown.status_code == 415 and _error_code(unknown) == "niet-ondersteund-formaat"
    large = _post(server, server.editor, b"#" * (LIMIT + 1), "text/turtle")
    assert large.status_code == 413 and _error_code(large) == "te-groot"
    nameless = _post(server, server.editor, _workbook(), XLSX)
    assert nameless.status_code == 400 and _error_code(nameless) == "naam-ontbreekt"


def test_reading_a_large_upload_does_not_hold_up_other_requests(server: SparqlServer) -> None:
    # 12 MB of short lines: seconds of work for the multipart reader. A .png is refused (415) right
    # after reading, so the upload ends as soon as the reading does.
    head = b"--grens\r\nContent-Disposition: form-data; name=bestand; filename=foto.png\r\n\r\n"
    body = head + b"a,b\n" * 3_000_000 + b"\r\n--grens--\r\n"
    sent = threading.Event()
    answers: list[httpx.Response] = []

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 1_000_000):
            yield body[start : start + 1_000_000]
        sent.set()

    def upload() -> None:
        headers = {"Content-Type": "multipart/form-data; boundary=grens", "Content-Length": str(len(body))}
        url = server.url + "/api/importeer"
        answers.append(httpx.post(url, content=chunks(), headers=headers | server.bearer(server.editor), timeout=120))

    uploading = threading.Thread(target=upload)
    uploading.start()
    assert sent.wait(60)
    time.sleep(0.3)  # the server takes in the last bytes and starts reading the parts (no measurement)
    health = httpx.get(server.url + "/gezondheid", timeout=120)
    upload_still_running = uploading.is_alive()
    uploading.join(120)
    assert health.status_code == 200
    assert upload_still_running  # the health check was answered while the upload was being read
    assert answers[0].status_code == 415 and _error_code(answers[0]) == "niet-ondersteund-formaat"


def test_an_editor_cannot_replace_the_import_of_another(server: SparqlServer, admin: str) -> None:
    other, _ = TokenStore(server.tokens_path).make(Role.EDITOR, "tweede")
    assert _post(server, server.editor, _workbook(), XLSX, naam="van-een").status_code == 201
    refused = _post(server, other, _workbook(), XLSX, naam="van-een")
    assert refused.status_code == 403 and _error_code(refused) == "import-van-ander"
    assert _post(server, server.editor, _workbook(), XLSX, naam="van-een").status_code == 201  # the maker may
    assert _post(server, admin, _workbook(), XLSX, naam="van-een").status_code == 201  # an admin may
    assert httpx.delete(server.url + "/api/importeer/van-een", headers=server.bearer(admin)).status_code == 200
    listed = httpx.get(server.url + "/api/importeer").json()["importen"]
    makers = [i["door"] for i in listed if i["naam"] == "van-een" and i["actie"] == "import"]
    assert len(makers) == 3 and makers[0] == makers[1] != makers[2]  # the editor twice, then the admin


def test_personal_data_in_a_file_name_is_refused(server: SparqlServer) -> None:
    files = _template_files("{} gezin Jansen BSN 123456782.csv")
    answer = httpx.post(
        server.url + "/api/importeer",
        files=files,
        params={"naam": "met-naam"},
        headers=server.bearer(server.editor),
        timeout=60,
    )
    assert answer.status_code == 422, answer.text
    assert "de naam van een bestand" in answer.json()["fout"]["melding"]
    assert "123456782" not in httpx.get(server.url + "/api/importeer").text
    log = server.live.store_path.with_name("opslag.schrijflog.jsonl")
    assert not log.exists() or "123456782" not in log.read_text(encoding="utf-8")  # refused: maybe no log yet


def test_a_new_version_is_logged_with_the_admins_token_id(server: SparqlServer, admin: str) -> None:
    made = httpx.post(server.url + "/versies", json={"naam": "voor-het-logboek"}, headers=server.bearer(admin))
    assert made.status_code == 201, made.text
    log = server.live.store_path.with_name("opslag.schrijflog.jsonl").read_text(encoding="utf-8").splitlines()
    entry = json.loads(log[-1])
    assert entry["actie"] == "versie" and entry["naam"] == "voor-het-logboek"
    assert entry["door"].startswith("token:") and admin not in log[-1]
