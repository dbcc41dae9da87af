"""Updates through /sparql: only for editors, checked by the rules, written as one transaction."""

import json

import httpx
import pytest
from SPARQLWrapper import POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

from graaf.imports.template import TEMPLATE_DIR, WORKBOOK
from graaf.storage.tokens import Role, TokenStore
from ontologie.namespaces import DEFAULT_BASE
from tests.api.conftest import SparqlServer
from tests.conftest import run_cli

G = "http://example.org/test/updates"
EX = "http://example.org/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def update(server: SparqlServer, text: str, token: str | None = None, **params: object) -> httpx.Response:
    headers = server.bearer(token or server.editor)
    return httpx.post(server.endpoint, data={"update": text}, params=params, headers=headers, timeout=60)  # type: ignore[arg-type]


def ask(server: SparqlServer, query: str) -> bool:
    answer = httpx.get(server.endpoint, params={"query": query}, timeout=30)
    assert answer.status_code == 200, answer.text
    return bool(answer.json()["boolean"])


def rows(server: SparqlServer, query: str) -> list[dict[str, str]]:
    answer = httpx.get(server.endpoint, params={"query": query}, timeout=30)
    assert answer.status_code == 200, answer.text
    return [{k: v["value"] for k, v in b.items()} for b in answer.json()["results"]["bindings"]]


def test_insert_and_delete_data_are_seen_by_the_next_query(editor_server: SparqlServer) -> None:
    probe = f"ASK {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 'een' }} }}"
    assert ask(editor_server, probe) is False  # also puts the answer in the cache
    answer = update(editor_server, f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 'een', 'twee' }} }}")
    assert answer.status_code == 200, answer.text
    assert answer.json() | {"meldingen": []} == {"toegevoegd": 2, "verwijderd": 0, "grafen": [G], "meldingen": []}
    assert ask(editor_server, probe) is True  # a new version: not the cached answer, and not a stale worker
    answer = update(editor_server, f"DELETE DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 'een' }} }}")
    assert answer.json()["verwijderd"] == 1
    assert ask(editor_server, probe) is False
    assert ask(editor_server, f"ASK {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 'twee' }} }}") is True


def test_blank_nodes_can_be_removed(editor_server: SparqlServer) -> None:
    graph = G + "/leeg"
    text = f"""INSERT DATA {{ GRAPH <{graph}> {{
        <{EX}b> <{EX}adres> [ <{EX}straat> "Hoofdstraat" ; <{EX}plaats> "Pekela" ] , [ <{EX}straat> "Kerkstraat" ] .
    }} }}"""
    assert update(editor_server, text).json()["toegevoegd"] == 5
    # Remove one of the two blank nodes, with all its triples: DELETE DATA cannot name blank nodes.
    removal = f"""DELETE {{ GRAPH <{graph}> {{ <{EX}b> <{EX}adres> ?a . ?a ?p ?o }} }}
        WHERE {{ GRAPH <{graph}> {{ <{EX}b> <{EX}adres> ?a . ?a <{EX}straat> "Kerkstraat" . ?a ?p ?o }} }}"""
    answer = update(editor_server, removal)
    assert answer.status_code == 200, answer.text
    assert answer.json()["verwijderd"] == 2
    left = rows(editor_server, f"SELECT ?p ?o WHERE {{ GRAPH <{graph}> {{ <{EX}b> <{EX}adres> ?a . ?a ?p ?o }} }}")
    assert sorted(r["o"] for r in left) == ["Hoofdstraat", "Pekela"]


def test_where_sees_all_graphs_and_using_graph_uri_narrows_it(editor_server: SparqlServer) -> None:
    kern = DEFAULT_BASE + "def/kern#"
    copy = f"""INSERT {{ GRAPH <{G}/namen> {{ ?i <{EX}naam> ?naam }} }}
        WHERE {{ ?i a <{kern}Netwerkactiviteit> ; <http://www.w3.org/2000/01/rdf-schema#label> ?naam }}"""
    answer = update(editor_server, copy)
    assert answer.status_code == 200 and answer.json()["toegevoegd"] > 20
    narrowed = copy.replace("/namen>", "/leeg-resultaat>")
    answer = update(editor_server, narrowed, **{"using-graph-uri": f"{G}/bestaat-niet"})
    assert answer.status_code == 200 and answer.json()["toegevoegd"] == 0
    answer = update(editor_server, f"WITH <{G}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", **{"using-graph-uri": G})
    assert answer.status_code == 400 and answer.json()["fout"]["code"] == "dataset-conflict"


def test_a_rule_violation_writes_nothing_and_says_why(editor_server: SparqlServer) -> None:
    thing = DEFAULT_BASE + "id/interventie/zonder-naam"
    text = f"INSERT DATA {{ GRAPH <{G}> {{ <{thing}> a <{DEFAULT_BASE}def/kern#Netwerkactiviteit> }} }}"
    answer = update(editor_server, text)
    assert answer.status_code == 422
    error = answer.json()["fout"]
    assert error["code"] == "ongeldige-gegevens" and error["rapport"]["fouten"] >= 1
    assert any(f["focus"] == thing for f in error["rapport"]["bevindingen"])
    assert ask(editor_server, f"ASK {{ <{thing}> ?p ?o }}") is False


def test_shipped_graphs_and_the_default_graph_are_not_for_updates(editor_server: SparqlServer) -> None:
    answer = update(editor_server, "CLEAR ALL")
    assert answer.status_code == 403 and answer.json()["fout"]["code"] == "meegeleverde-graaf"
    regio = DEFAULT_BASE + "id/graaf/regio"
    answer = update(editor_server, f"DELETE WHERE {{ GRAPH <{regio}> {{ ?s ?p ?o }} }}")
    assert answer.status_code == 403
    assert ask(editor_server, f"ASK {{ GRAPH <{regio}> {{ ?s ?p ?o }} }}") is True
    answer = update(editor_server, f"INSERT DATA {{ <{EX}s> <{EX}p> <{EX}o> }}")
    assert answer.status_code == 422 and answer.json()["fout"]["code"] == "standaardgraaf"


def test_update_syntax_error_points_into_the_update(editor_server: SparqlServer) -> None:
    answer = update(editor_server, "INSERT DATA {\n  GRAPH <http://example.org/g> { <a> <b> }\n}")
    assert answer.status_code == 400
    assert answer.json()["fout"]["code"] == "ongeldige-sparql" and answer.json()["fout"]["regel"] == 2


@pytest.mark.parametrize("request_method", [URLENCODED, POSTDIRECTLY])
def test_sparqlwrapper_updates_with_a_token(editor_server: SparqlServer, request_method: str) -> None:
    client = SPARQLWrapper(editor_server.endpoint, updateEndpoint=editor_server.endpoint)
    client.setMethod(POST)
    client.setRequestMethod(request_method)
    client.addCustomHttpHeader("Authorization", f"Bearer {editor_server.editor}")
    client.setQuery(f"INSERT DATA {{ GRAPH <{G}/wrapper> {{ <{EX}w> <{EX}via> '{request_method}' }} }}")
    result = client.query()
    assert result.response.status == 200
    assert ask(editor_server, f"ASK {{ <{EX}w> <{EX}via> '{request_method}' }}") is True


def test_a_token_made_with_the_cli_works_at_once_and_can_be_revoked(editor_server: SparqlServer) -> None:
    env_store = editor_server.live.store_path
    made = run_cli("token", "maak", "--naam", "cli-test", store=env_store)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert token and token not in editor_server.tokens_path.read_text()  # only its hash is kept
    text = f"INSERT DATA {{ GRAPH <{G}/cli> {{ <{EX}c> <{EX}p> 'cli' }} }}"
    assert update(editor_server, text, token).status_code == 200
    listed = run_cli("token", "lijst", store=env_store)
    token_id = next(line.split()[0] for line in listed.stdout.splitlines() if line.endswith("cli-test"))
    revoked = run_cli("token", "intrekken", token_id, store=env_store)
    assert revoked.returncode == 0
    answer = update(editor_server, text, token)
    assert answer.status_code == 401 and answer.json()["fout"]["code"] == "ongeldig-token"


def test_every_update_is_logged_with_the_editors_token_id(editor_server: SparqlServer) -> None:
    log = editor_server.live.store_path.with_name(editor_server.live.store_path.name + ".schrijflog.jsonl")
    before = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    graph = G + "/logboek"
    answer = update(editor_server, f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}c> <{EX}p> 'drie' }} }}")
    assert answer.status_code == 200, answer.text
    added = log.read_text(encoding="utf-8").splitlines()[len(before) :]
    assert len(added) == 1
    entry = json.loads(added[0])
    assert entry["actie"] == "sparql-update" and entry["grafen"] == [graph] and entry["toegevoegd"] == 1
    assert entry["door"].startswith("token:") and editor_server.editor not in added[0]  # the id, never the token


def test_the_graph_of_an_import_is_not_for_updates(editor_server: SparqlServer) -> None:
    workbook = (TEMPLATE_DIR / WORKBOOK).read_bytes()
    headers = editor_server.bearer(editor_server.editor) | {"Content-Type": XLSX}
    url = editor_server.url + "/api/importeer"
    done = httpx.post(url, content=workbook, params={"naam": "via-sparql"}, headers=headers, timeout=60)
    assert done.status_code == 201, done.text
    graph = done.json()["graaf"]
    admin, _ = TokenStore(editor_server.tokens_path).make(Role.ADMIN, "beheer")
    try:
        for text in (f"DELETE WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", f"DROP GRAPH <{graph}>"):
            answer = update(editor_server, text)
            assert answer.status_code == 403, answer.text
            assert answer.json()["fout"]["code"] == "import-graaf"
            assert update(editor_server, text, admin).status_code == 403  # an admin undoes it with the import API
        assert ask(editor_server, f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}") is True
        assert httpx.get(url).json()["importen"][-1]["actie"] == "import"
    finally:
        undone = httpx.delete(url + "/via-sparql", headers=editor_server.bearer(admin), timeout=60)
        assert undone.status_code == 200, undone.text


def test_drop_of_a_graph_that_is_not_there_is_a_400_not_a_500(editor_server: SparqlServer) -> None:
    missing = DEFAULT_BASE + "id/graaf/import/bestaat-niet"
    answer = update(editor_server, f"DROP GRAPH <{missing}>")
    assert answer.status_code == 400, answer.text
    assert answer.json()["fout"]["code"] == "update-kan-niet"
    assert answer.json()["fout"]["melding"].startswith(f"De graaf <{missing}> bestaat niet.")
    answer = update(editor_server, f"DROP SILENT GRAPH <{G}/nooit>")
    assert answer.status_code == 200 and answer.json()["verwijderd"] == 0
