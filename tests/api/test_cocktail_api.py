"""The cocktail over HTTP (a real server) and on the command line."""

import json
from pathlib import Path

import httpx

from tests.api.conftest import SparqlServer
from tests.conftest import LiveServer, run_cli

ID = "https://data.alliantievankracht.nl/id/"
PEKELA = {
    "mechanismen": ["schulden", "chronische stress"],
    "doelgroep": "gezin met jonge kinderen",
    "plaats": "Pekela",
}


def test_post_cocktail(live_server: LiveServer) -> None:
    answer = httpx.post(live_server.url + "/api/cocktail", json=PEKELA, timeout=30)
    assert answer.status_code == 200
    data = answer.json()
    # SchuldHulpMaatje is the one catalogue intervention whose source names both debts and stress.
    assert ID + "interventie/schuldhulpmaatje" in [c["iri"] for c in data["interventies"]]
    assert ID + "interventie/financiele-educatie" not in [c["iri"] for c in data["interventies"]]
    assert data["niet_gedekt"] == []
    assert "SchuldHulpMaatje" in data["uitleg"] and "de bron noemt dit" in data["uitleg"]


def test_unknown_term_is_422_with_closest_names(live_server: LiveServer) -> None:
    answer = httpx.post(live_server.url + "/api/cocktail", json={"mechanismen": ["schuldn"]}, timeout=30)
    assert answer.status_code == 422
    error = answer.json()["fout"]
    assert error["code"] == "onbekend-begrip" and error["onbekend"] == "schuldn"
    assert error["suggesties"][0] == "Schulden"


def test_impossible_limits_are_explained(live_server: LiveServer) -> None:
    answer = httpx.post(
        live_server.url + "/api/cocktail", json={"mechanismen": ["schulden"], "max_interventies": 0}, timeout=30
    )
    assert answer.status_code == 422 and answer.json()["fout"]["code"] == "onmogelijke-vraag"
    assert "minstens één" in answer.json()["fout"]["melding"]


def test_no_free_text_about_a_family_is_accepted(live_server: LiveServer) -> None:
    situation = {**PEKELA, "naam": "Familie Jansen", "bsn": "111222333"}
    answer = httpx.post(live_server.url + "/api/cocktail", json=situation, timeout=30)
    assert answer.status_code == 422
    error = answer.json()["fout"]
    assert error["code"] == "ongeldige-invoer" and {v["veld"] for v in error["velden"]} == {"naam", "bsn"}
    # Said in Dutch for people, with pydantic's error type for programs; never pydantic's English.
    assert {(v["soort"], v["melding"].split(";")[0]) for v in error["velden"]} == {
        ("extra_forbidden", "Dit veld is onbekend")
    }
    answer = httpx.post(live_server.url + "/api/cocktail", json={**PEKELA, "max_interventies": "drie"}, timeout=30)
    [problem] = answer.json()["fout"]["velden"]
    assert answer.status_code == 422 and problem["veld"] == "max_interventies"
    assert problem["melding"] == "Dit moet een geheel getal zijn." and "Input" not in answer.text


def test_cli_cocktail_table_json_and_store(tmp_path: Path) -> None:
    store = tmp_path / "opslag"
    args = ["cocktail", "--mechanisme", "schulden", "--mechanisme", "chronische stress", "--plaats", "Pekela"]
    table = run_cli(*args, "--doelgroep", "gezin met jonge kinderen", store=store)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split() == ["nr", "interventie", "waarom"]
    assert "SchuldHulpMaatje" in table.stdout and "Niet gedekt" not in table.stdout

    situation = tmp_path / "situatie.json"
    situation.write_text(json.dumps(PEKELA), encoding="utf-8")
    as_json = run_cli("cocktail", "--situatie", str(situation), "--json", store=store)
    chosen = [c["iri"] for c in json.loads(as_json.stdout)["interventies"]]
    assert ID + "interventie/schuldhulpmaatje" in chosen

    saved = run_cli(*args, "--bewaar", store=store)
    assert saved.returncode == 0, saved.stderr
    count = run_cli(
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://data.alliantievankracht.nl/def/kern#Cocktail> }",
        "--uitvoer",
        "csv",
        store=store,
    )
    assert count.stdout.splitlines()[1] == "1"


def test_cli_unknown_term_exits_1(tmp_path: Path) -> None:
    result = run_cli("cocktail", "--mechanisme", "schuldn", store=tmp_path / "opslag")
    assert result.returncode == 1 and "Onbekend mechanisme: 'schuldn'. Bedoelt u: Schulden?" in result.stderr


def test_storing_a_cocktail_needs_an_editor(editor_server: SparqlServer) -> None:
    url = editor_server.url + "/api/cocktails"
    assert httpx.post(url, json=PEKELA, timeout=30).status_code == 401
    assert (
        httpx.post(url, json=PEKELA, headers=editor_server.bearer(editor_server.reader), timeout=30).status_code == 403
    )
    stored = httpx.post(url, json=PEKELA, headers=editor_server.bearer(editor_server.editor), timeout=30)
    assert stored.status_code == 201
    iri = stored.json()["iri"]
    assert stored.headers["location"] == iri and iri.startswith(ID + "cocktail/")
    ask = httpx.get(
        editor_server.endpoint,
        params={"query": f"ASK {{ <{iri}> <https://data.alliantievankracht.nl/def/kern#heeftOnderdeel> ?o }}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert ask.json()["boolean"] is True
