"""The W3C SPARQL 1.1 test suites that apply to a query and update endpoint, run over HTTP.

- protocol/manifest.ttl: every mf:ProtocolTest, read from the manifest and sent with httpx exactly
  as written (no Content-Type added where the test leaves it out). Our endpoint serves queries and
  updates at one address, /sparql; every request carries an editor's token, as a client that may
  write would send it. Tests that our own rules make fail are marked, with the reason.
- json-res and csv-tsv-res: the result-format tests, with their data as the default graph.
- service-description: checked in test_sparql_protocol.test_service_description.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection

from tests.api.conftest import W3C, SparqlServer

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
PROTOCOL = W3C / "protocol" / "manifest.ttl"

_POLICY = "our rules refuse it, on purpose: "
_SHIPPED = _POLICY + "CLEAR/DROP ALL would empty the shipped graphs (403 meegeleverde-graaf)"
EXPECTED_FAILURES = {
    "update_dataset_default_graph": _SHIPPED,
    "update_dataset_default_graphs": _SHIPPED,
    "update_dataset_named_graphs": _SHIPPED,
    "update_dataset_full": _SHIPPED,
    "update_post_form": _SHIPPED,
    "update_post_direct": _SHIPPED,
}


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: list[str]
    boolean: bool | None = None
    form: str | None = None


@dataclass
class ProtocolTest:
    name: str
    steps: list[Step] = field(default_factory=list)


def _items(graph: Graph, head: object) -> list[object]:
    return list(Collection(graph, head))  # type: ignore[arg-type]


def load_manifest(path: Path) -> list[ProtocolTest]:
    graph = Graph().parse(path, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in _items(graph, graph.value(manifest, MF.entries)):
        test = ProtocolTest(str(entry).rsplit("#", 1)[1])
        action = graph.value(entry, MF.action)  # type: ignore[arg-type]
        for request in _items(graph, graph.value(action, HT.requests)):
            headers = {}
            header_list = graph.value(request, HT.headers)  # type: ignore[arg-type]
            if header_list is not None:
                for header in _items(graph, header_list):
                    headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))  # type: ignore[arg-type]
            body = None
            content = graph.value(request, HT.body)  # type: ignore[arg-type]
            if content is not None:
                encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(content, CNT.chars)).encode("utf-16" if encoding == "UTF-16" else "utf-8")
            response = graph.value(request, HT.resp)  # type: ignore[arg-type]
            boolean = graph.value(response, MF.expectedBoolean)
            form = graph.value(response, MF.expectedFormat)
            test.steps.append(
                Step(
                    str(graph.value(request, HT.methodName)),  # type: ignore[arg-type]
                    str(graph.value(request, HT.absolutePath)),  # type: ignore[arg-type]
                    headers,
                    body,
                    [str(s).rsplit("#", 1)[1] for s in graph.objects(response, MF.expectedStatus)],
                    None if boolean is None else bool(boolean.toPython()),  # type: ignore[union-attr]
                    None if form is None else str(form),
                )
            )
        tests.append(test)
    return tests


TESTS = load_manifest(PROTOCOL)
RESULT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
RDF_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")


def _status_ok(status: int, expected: list[str]) -> bool:
    for name in expected:
        if name.startswith("StatusCode") and name.endswith("xx") and str(status)[0] == name[10]:
            return True
    return False


def _boolean(answer: httpx.Response) -> bool | None:
    media = answer.headers.get("content-type", "").split(";")[0]
    if media == "application/sparql-results+json":
        return bool(json.loads(answer.text)["boolean"])
    if media == "application/sparql-results+xml":
        return "<boolean>true</boolean>" in answer.text
    return None


def run(server: SparqlServer, test: ProtocolTest) -> list[str]:
    """The problems found; an empty list means the test passed."""
    problems = []
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for number, step in enumerate(test.steps, start=1):
            path = "/sparql" + step.path.removeprefix("/sparql/")
            path = path if path == "/sparql" or path.startswith("/sparql?") else "/sparql?" + path[7:]
            # httpx adds no Content-Type of its own for raw content, as the negative tests need.
            answer = client.request(
                step.method, path, content=step.body, headers=step.headers | server.bearer(server.editor)
            )
            if not _status_ok(answer.status_code, step.statuses):
                got = f"status {answer.status_code}: {answer.text[:200]}"
                problems.append(f"request {number}: {got}, want {step.statuses}")
                break
            media = answer.headers.get("content-type", "").split(";")[0]
            if step.form == "boolean" and _boolean(answer) is None:
                problems.append(f"request {number}: no boolean result in {media}")
            if step.form == "tabular" and media not in RESULT_TYPES:
                problems.append(f"request {number}: {media} is not a results format")
            if step.form == "RDF" and media not in RDF_TYPES:
                problems.append(f"request {number}: {media} is not an RDF format")
            if step.boolean is not None and _boolean(answer) is not step.boolean:
                problems.append(f"request {number}: boolean {_boolean(answer)}, want {step.boolean}")
    return problems


def test_the_manifest_has_every_protocol_test() -> None:
    assert len(TESTS) == 34
    assert sum(1 for t in TESTS if t.name.startswith("bad_")) == 14


@pytest.mark.parametrize(
    "test",
    [
        pytest.param(t, id=t.name, marks=[pytest.mark.xfail(reason=EXPECTED_FAILURES[t.name], strict=True)])
        if t.name in EXPECTED_FAILURES
        else pytest.param(t, id=t.name)
        for t in TESTS
    ],
)
def test_w3c_protocol(editor_server: SparqlServer, test: ProtocolTest) -> None:
    problems = run(editor_server, test)
    assert not problems, "\n".join(problems)


# Result formats: the W3C queries over the W3C data, given as the default graph of the request.


def _results_tests(folder: str) -> list[tuple[str, Path, Path, Path]]:
    graph = Graph().parse(W3C / folder / "manifest.ttl", format="turtle")
    found = []
    for test in graph.subjects(MF.result, None):
        action = graph.value(test, MF.action)
        query = Path(str(graph.value(action, QT.query)).removeprefix("file://"))  # type: ignore[arg-type]
        data = Path(str(graph.value(action, QT.data)).removeprefix("file://"))  # type: ignore[arg-type]
        result = Path(str(graph.value(test, MF.result)).removeprefix("file://"))  # type: ignore[arg-type]
        found.append((str(graph.value(test, MF.name)), query, data, result))
    return sorted(found)


def _load(server: SparqlServer, data: Path) -> str:
    graph_iri = "http://example.org/w3c/" + data.parent.name + "/" + data.name
    # Oxigraph keeps each literal's lexical form ("1.0E6"); rdflib would write it anew.
    parsed = ox.parse(data.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=data.as_uri())
    triples = (ox.serialize([q.triple for q in parsed], format=ox.RdfFormat.N_TRIPLES) or b"").decode()
    answer = httpx.post(
        server.endpoint,
        data={"update": f"CLEAR SILENT GRAPH <{graph_iri}> ; INSERT DATA {{ GRAPH <{graph_iri}> {{ {triples} }} }}"},
        headers=server.bearer(server.editor),
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    return graph_iri


def _normalise(rows: list[list[str]]) -> list[list[str]]:
    """Comparable tables: columns in name order (SELECT * leaves their order open), blank nodes numbered."""
    order = sorted(range(len(rows[0])), key=lambda i: rows[0][i].lstrip("?"))
    labels: dict[str, str] = {}

    def value(text: str) -> str:
        return labels.setdefault(text, f"_:b{len(labels)}") if text.startswith("_:") else text

    return [[value(row[i]) for i in order] for row in rows]


@pytest.mark.parametrize(("name", "query", "data", "result"), _results_tests("csv-tsv-res"), ids=lambda v: str(v))
def test_w3c_csv_tsv_results(editor_server: SparqlServer, name: str, query: Path, data: Path, result: Path) -> None:
    graph_iri = _load(editor_server, data)
    tsv = result.suffix == ".tsv"
    answer = httpx.get(
        editor_server.endpoint,
        params={"query": query.read_text(), "default-graph-uri": graph_iri},
        headers={"Accept": "text/tab-separated-values" if tsv else "text/csv"},
    )
    assert answer.status_code == 200, answer.text

    def parse(text: str) -> list[list[str]]:
        if tsv:
            return [line.split("\t") for line in text.splitlines() if line]
        return [row for row in csv.reader(io.StringIO(text)) if row]

    def number(text: str) -> str:
        # Oxigraph stores an xsd:double in canonical form ("1000000" for "1.0E6"): compare numbers by value.
        try:
            return repr(float(text))
        except ValueError:
            return text

    def canonical(rows: list[list[str]]) -> list[list[str]]:
        # TSV may write a number as 4 or as "4"^^xsd:integer; compare the lexical forms.
        typed = '"^^<http://www.w3.org/2001/XMLSchema#'
        return _normalise([[number(v.split('"^^')[0].lstrip('"') if typed in v else v) for v in row] for row in rows])

    assert canonical(parse(answer.text)) == canonical(parse(result.read_text()))


@pytest.mark.parametrize(("name", "query", "data", "result"), _results_tests("json-res"), ids=lambda v: str(v))
def test_w3c_json_results(editor_server: SparqlServer, name: str, query: Path, data: Path, result: Path) -> None:
    graph_iri = _load(editor_server, data)
    answer = httpx.get(
        editor_server.endpoint,
        params={"query": query.read_text(), "default-graph-uri": graph_iri},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 200, answer.text

    def table(results: dict[str, object]) -> list[list[str]]:
        if "boolean" in results:
            return [["boolean"], [str(results["boolean"])]]
        head = results["head"]["vars"]  # type: ignore[index]
        rows = []
        for binding in results["results"]["bindings"]:  # type: ignore[index]
            row = []
            for var in head:
                term = binding.get(var)
                if term is None:
                    row.append("")
                elif term["type"] == "bnode":
                    row.append("_:" + term["value"])
                else:
                    extra = term.get("xml:lang") or term.get("datatype") or ""
                    row.append(f"{term['type']}|{term['value']}|{extra}")
            rows.append(row)
        return _normalise([head, *rows])

    got = json.loads(answer.text)
    assert table(got) == table(json.loads(result.read_text()))
