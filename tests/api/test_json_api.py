"""The JSON API for programs (/api/...) and the named queries (/api/queries/...), on a real server."""

import csv
import io
import warnings
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from api.app import create_app
from graaf.storage.named_queries import named_queries
from ontologie.namespaces import DEFAULT_BASE
from tests.api.conftest import SparqlServer

ID = DEFAULT_BASE + "id/"


def get(server: SparqlServer, path: str, **params: object) -> httpx.Response:
    return httpx.get(server.url + path, params=params, timeout=30)  # type: ignore[arg-type]


def count(server: SparqlServer, where: str) -> int:
    prefixes = f"PREFIX kern: <{DEFAULT_BASE}def/kern#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    query = prefixes + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"
    answer = httpx.get(server.endpoint, params={"query": query})
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_interventions_are_paged_with_links(sparql_server: SparqlServer) -> None:
    total = count(sparql_server, "VALUES ?k { kern:PersoonsgerichteInterventie kern:Netwerkactiviteit } ?x a ?k")
    seen: list[str] = []
    page = get(sparql_server, "/api/interventies", per_pagina=10)
    while True:
        assert page.status_code == 200
        body = page.json()
        assert body["totaal"] == total and len(body["items"]) <= 10
        seen += [item["id"] for item in body["items"]]
        assert 'rel="first"' in page.headers["link"]
        if "volgende" not in body["links"]:
            break
        assert f'<{body["links"]["volgende"]}>; rel="next"' in page.headers["link"]
        page = httpx.get(sparql_server.url + body["links"]["volgende"])
    assert len(seen) == len(set(seen)) == total > 20
    item = httpx.get(sparql_server.url + "/api/interventies", params={"per_pagina": 1}).json()["items"][0]
    assert httpx.get(sparql_server.url + item["links"]["self"]).json()["iri"] == item["iri"]
    describe = httpx.get(sparql_server.url + item["links"]["sparql"], headers={"Accept": "text/turtle"})
    assert describe.status_code == 200 and item["iri"] in describe.text


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"soort": "netwerk"}, "?x a kern:Netwerkactiviteit"),
        ({"mechanisme": "schulden"}, f"?e kern:vanInterventie ?x ; kern:werktOp <{ID}mechanisme/schulden>"),
        ({"kapitaalvorm": "economisch"}, f"?e kern:vanInterventie ?x ; kern:werktOp <{ID}kapitaalvorm/economisch>"),
        ({"status": "lopend"}, f"?x kern:status <{ID}status/lopend> ; a/rdfs:subClassOf* kern:Interventie"),
        ({"plaats": "GM0765"}, f"?x kern:aangebodenIn ?p . <{ID}plaats/GM0765> kern:ligtIn* ?p"),
    ],
)
def test_intervention_filters(sparql_server: SparqlServer, params: dict[str, str], where: str) -> None:
    body = get(sparql_server, "/api/interventies", per_pagina=100, **params).json()
    assert body["totaal"] == len(body["items"]) == count(sparql_server, where) > 0


def test_filters_combine_and_search_is_a_value_not_code(sparql_server: SparqlServer) -> None:
    body = get(sparql_server, "/api/interventies", doelgroep="volwassene", zoek="BANEN").json()
    assert [i["id"] for i in body["items"]] == ["basisbanen"]
    for nasty in ('") } ; DROP ALL ; #', "x' || true || '", "\\u0022"):
        answer = get(sparql_server, "/api/interventies", zoek=nasty)
        assert answer.status_code == 200 and answer.json()["totaal"] == 0


def test_one_intervention_with_effects_and_evidence(sparql_server: SparqlServer) -> None:
    item = get(sparql_server, "/api/interventies/financiele-educatie").json()
    assert item["naam"] == "Financiële educatie" and item["soort"] == "persoonsgericht"
    assert {p["id"] for p in item["plaatsen"]} == {"PV20", "PV22"}
    targets = {e["werkt_op"]["id"] for e in item["effecten"]}
    assert "schulden" in targets and "economisch" in targets
    assert all(b["niveau"] == "onbekend" for e in item["effecten"] for b in e["bewijs"])


@pytest.mark.parametrize(
    ("path", "cls", "filter_name"),
    [("mechanismen", "kern:Mechanisme", "mechanisme"), ("kapitaalvormen", "kern:Kapitaalvorm", "kapitaalvorm")],
)
def test_concept_lists_and_items(sparql_server: SparqlServer, path: str, cls: str, filter_name: str) -> None:
    body = get(sparql_server, f"/api/{path}", per_pagina=100).json()
    assert body["totaal"] == len(body["items"]) == count(sparql_server, f"?x a {cls}")
    first = body["items"][0]
    assert first["naam"] and first["definitie"]
    item = httpx.get(sparql_server.url + first["links"]["self"]).json()
    assert item["id"] == first["id"] and isinstance(item["interventies"], list)
    filtered = httpx.get(sparql_server.url + first["links"]["interventies"]).json()
    assert filtered["totaal"] == len({i["id"] for i in item["interventies"]})
    assert parse_qs(urlparse(first["links"]["interventies"]).query) == {filter_name: [first["id"]]}


def test_places(sparql_server: SparqlServer) -> None:
    municipalities = get(sparql_server, "/api/plaatsen", soort="gemeente", per_pagina=100).json()
    assert municipalities["totaal"] == count(sparql_server, "?x a kern:Gemeente")
    assert all(p["cbs_code"].startswith("GM") for p in municipalities["items"])
    groningen = get(sparql_server, "/api/plaatsen", ligt_in="PV20", per_pagina=100).json()
    assert "GM0765" in {p["id"] for p in groningen["items"]}
    pekela = get(sparql_server, "/api/plaatsen/GM0765").json()
    assert pekela["naam"] == "Pekela" and pekela["ligt_in"][0]["id"] == "PV20"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/interventies/bestaat-niet", 404),
        ("/api/plaatsen/GM9999", 404),
        ("/api/mechanismen/mentaal", 404),
        ("/api/interventies?per_pagina=0", 422),
        ("/api/interventies?mechanisme=%3Chttp://x%3E", 422),
        ("/api/interventies?soort=alles", 422),
        ("/api/nergens", 404),
    ],
)
def test_errors_have_one_shape(sparql_server: SparqlServer, path: str, status: int) -> None:
    answer = httpx.get(sparql_server.url + path)
    assert answer.status_code == status
    assert set(answer.json()["fout"]) >= {"code", "melding"}


def test_named_queries_are_listed_and_in_the_openapi_document(sparql_server: SparqlServer) -> None:
    listed = get(sparql_server, "/api/queries").json()["queries"]
    names = {q["naam"] for q in listed}
    assert names == {q.name for q in named_queries()}
    lab = {"mechanismen-zonder-bewijs", "interventies-kapitaal-doelgroep", "activiteiten-per-programmadoel"}
    assert lab | {"interventies-in-gemeente", "botsende-interventies"} <= names
    paths = get(sparql_server, "/openapi.json").json()["paths"]
    operation = paths["/api/queries/interventies-in-gemeente"]["get"]
    parameter = next(p for p in operation["parameters"] if p["name"] == "gemeente")
    assert parameter["schema"]["format"] == "uri" and parameter["description"]
    for name in names:
        assert f"/api/queries/{name}" in paths
    assert get(sparql_server, "/docs").status_code == 200


def test_every_operation_has_its_own_id_and_the_document_builds_without_warnings() -> None:
    """Code generators (openapi-generator, the lab's own clients) name a method after each operation ID."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spec = create_app().openapi()
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values() if "operationId" in op]
    assert len(ids) > 40 and len(ids) == len(set(ids))
    assert {"sparql_get", "sparql_post"} <= set(ids)


def test_named_query_as_json_and_csv(sparql_server: SparqlServer) -> None:
    path = "/api/queries/interventies-in-gemeente"
    body = get(sparql_server, path, gemeente="id:plaats/GM0765").json()
    assert body["parameters"] == {"gemeente": ID + "plaats/GM0765"}
    names = [r["naam"] for r in body["rijen"]]
    # Offered in the province (Financiële educatie) or nationally (VoorZorg): both reach Pekela.
    assert "Financiële educatie" in names and "VoorZorg" in names and names == sorted(names)
    places = {r["naam"]: r["plaatsNaam"] for r in body["rijen"]}
    assert places["VoorZorg"] == "Nederland" and places["Financiële educatie"] != "Nederland"
    assert {r["gemeenteNaam"] for r in body["rijen"]} == {"Pekela"}
    full = get(sparql_server, path, gemeente=ID + "plaats/GM0765").json()
    assert full["rijen"] == body["rijen"]
    table = get(sparql_server, path, gemeente="id:plaats/GM0765", formaat="csv")
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert [r["naam"] for r in rows] == names
    by_accept = httpx.get(sparql_server.url + path, headers={"Accept": "text/csv"})
    assert by_accept.headers["content-type"].startswith("text/csv")


def test_named_query_defaults_and_paging(sparql_server: SparqlServer) -> None:
    body = get(sparql_server, "/api/queries/mechanismen-zonder-bewijs", per_pagina=5).json()
    assert len(body["rijen"]) == 5 and body["meer"] is True
    assert isinstance(body["rijen"][0]["interventies"], int)
    rest = httpx.get(sparql_server.url + body["links"]["volgende"]).json()
    assert not {r["mechanisme"] for r in rest["rijen"]} & {r["mechanisme"] for r in body["rijen"]}
    default = get(sparql_server, "/api/queries/interventies-kapitaal-doelgroep").json()
    assert default["parameters"] == {
        "kapitaalvorm": ID + "kapitaalvorm/mentaal",
        "doelgroep": ID + "doelgroep/gezin-met-jonge-kinderen",
    }


def test_a_named_query_sorted_by_the_server_pages_in_the_engines_order(sparql_server: SparqlServer) -> None:
    """activiteiten-mechanismen-bewijs leaves its ORDER BY to the server (`orden-achteraf`): page by page
    it gives the rows the full text gives at /sparql, where the engine sorts them."""
    name = "activiteiten-mechanismen-bewijs"
    text = httpx.get(sparql_server.url + f"/api/queries/{name}/sparql").text
    assert text.rstrip().endswith("ORDER BY ?activiteit")
    engine = httpx.get(sparql_server.url + "/sparql", params={"query": text}, headers={"Accept": "text/csv"})
    expected = list(csv.DictReader(io.StringIO(engine.text)))
    assert len(expected) > 4
    rows: list[dict[str, str]] = []
    url: str | None = sparql_server.url + f"/api/queries/{name}?per_pagina=3"
    while url is not None:
        body = httpx.get(url).json()
        rows += body["rijen"]
        url = sparql_server.url + body["links"]["volgende"] if body["meer"] else None
    assert [r["activiteit"] for r in rows] == [r["activiteit"] for r in expected]
    assert [r["activiteit"] for r in rows] == sorted(r["activiteit"] for r in rows)

    def lists(row: dict[str, str]) -> tuple[frozenset[str], ...]:
        return tuple(frozenset(str(row[key]).split("; ")) for key in sorted(row))  # GROUP_CONCAT has no order

    assert [lists(r) for r in rows] == [lists(r) for r in expected]


@pytest.mark.parametrize(
    "value",
    [
        "x> } ; DROP ALL ; #",
        f"{ID}plaats/GM0765> . ?a ?b ?c",
        "id:plaats/GM0765> } UNION { ?s ?p ?o",
        "javascript:alert(1)",
        f"{ID}plaats/GM0765' ; DROP ALL",
    ],
)
def test_named_query_parameters_cannot_inject(sparql_server: SparqlServer, value: str) -> None:
    before = count(sparql_server, "GRAPH ?g { ?x ?p ?o }")
    answer = get(sparql_server, "/api/queries/interventies-in-gemeente", gemeente=value)
    # Either it is not an IRI (422), or it is one that names nothing (no rows): never more rows.
    assert answer.status_code in (200, 422), answer.text
    if answer.status_code == 200:
        assert answer.json()["rijen"] == []
    assert count(sparql_server, "GRAPH ?g { ?x ?p ?o }") == before


def test_named_query_parameter_types_are_checked(sparql_server: SparqlServer) -> None:
    answer = get(sparql_server, "/api/queries/interventies-in-gemeente", gemeente="geen iri")
    assert answer.status_code == 422 and answer.json()["fout"]["code"] == "ongeldige-parameter"
    answer = get(sparql_server, "/api/queries/interventies-in-gemeente", per_pagina=5000)
    assert answer.status_code == 422


# Fuzzing the JSON API from its OpenAPI document: whatever is sent, never a server error.


def test_json_api_never_fails_on_any_input(sparql_server: SparqlServer) -> None:
    """schemathesis, bounded: a few valid and a few invalid requests for every JSON API operation."""
    schema = schemathesis.openapi.from_url(sparql_server.url + "/openapi.json")
    schema = schema.include(path_regex=r"^/api/(interventies|mechanismen|kapitaalvormen|plaatsen|queries)")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8 + 2 * len(named_queries())
    for operation in operations:
        # Negative cases need a parameter to break.
        modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if list(operation.iter_parameters()) else [])
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=4,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def check(case: schemathesis.Case) -> None:
                case.call_and_validate(checks=[not_a_server_error, response_schema_conformance], timeout=30)

            check()
