"""Exports, the dataset description and versions over HTTP, and the commands, against a real server."""

import csv
import gzip
import hashlib
import io
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import networkx as nx
import pyoxigraph as ox
import pytest

from graaf import Store, sync_shipped
from graaf.export.context import CONTEXT_FILE
from graaf.imports import read_log
from graaf.storage.formats import RDF_FORMATS
from graaf.storage.tokens import Role, TokenStore
from tests.conftest import LiveServer, run_cli, start_server, stop_server
from tests.graaf.test_export import canonical, read_back, union

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"


@dataclass
class Server:
    url: str
    live: LiveServer
    admin: str
    reader: str
    admin_id: str

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return httpx.get(self.url + path, timeout=60, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("export")
    with Store(root / "opslag") as store:
        sync_shipped(store)
    tokens = TokenStore(root / "opslag.tokens.json")
    admin, record = tokens.make(Role.ADMIN, "test")
    reader, _ = tokens.make(Role.READER, "test")
    live = start_server(root / "opslag", {"KENNISGRAAF_QUERY_ROW_LIMIT": "1000"})
    yield Server(live.url, live, admin, reader, record.id)
    stop_server(live)


@pytest.fixture(scope="module")
def dump(server: Server) -> list[ox.Quad]:
    response = server.get("/export/kennisgraaf.nq")
    assert response.status_code == 200
    return read_back(response.content, "nquads")


def test_whole_graph_is_streamed_as_an_attachment(server: Server, dump: list[ox.Quad]) -> None:
    with httpx.stream("GET", server.url + "/export/kennisgraaf.nq", timeout=60) as response:
        assert response.headers["content-type"] == "application/n-quads"
        assert response.headers["content-disposition"].startswith('attachment; filename="kennisgraaf.nq"')
        assert "content-length" not in response.headers  # streamed in chunks
        body = response.read()
    assert len(body.splitlines()) == len(dump) == server.get("/gezondheid").json()["triples"]


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_every_format_reads_back_the_same(server: Server, dump: list[ox.Quad], fmt: object) -> None:
    response = server.get(f"/export/kennisgraaf.{fmt.extension}")  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(fmt.media_type)  # type: ignore[attr-defined]
    wanted = dump if fmt.has_graphs else union(dump)  # type: ignore[attr-defined]
    assert canonical(read_back(response.content, fmt.name)) == canonical(wanted)  # type: ignore[attr-defined]


def test_one_graph_and_unknown_graph(server: Server, dump: list[ox.Quad]) -> None:
    graph = "https://data.alliantievankracht.nl/id/graaf/regio"
    response = server.get("/export/kennisgraaf.ttl", params={"graaf": graph})
    assert 'filename="kennisgraaf-regio.ttl"' in response.headers["content-disposition"]
    mine = [ox.Quad(q.subject, q.predicate, q.object) for q in dump if getattr(q.graph_name, "value", "") == graph]
    assert canonical(read_back(response.content, "turtle")) == canonical(mine)
    missing = server.get("/export/kennisgraaf.ttl", params={"graaf": "https://example.org/geen"})
    assert missing.status_code == 404 and missing.json()["fout"]["code"] == "onbekende-graaf"
    assert server.get("/export/kennisgraaf.docx").json()["fout"]["code"] == "onbekend-formaat"


@pytest.mark.parametrize("name", ["graphml", "gexf"])
def test_network_opens_in_networkx(server: Server, name: str) -> None:
    response = server.get(f"/export/kennisgraaf.{name}")
    network = (nx.read_graphml if name == "graphml" else nx.read_gexf)(io.BytesIO(response.content))
    assert network.number_of_nodes() > 100 and network.number_of_edges() > 100
    assert network.nodes["https://data.alliantievankracht.nl/id/kapitaalvorm/sociaal"]["naam_en"]


@pytest.mark.parametrize("name", ["graphml", "gexf"])
def test_network_of_one_graph_is_refused(server: Server, name: str) -> None:
    for graph in ("https://nope.example/g", "https://data.alliantievankracht.nl/id/graaf/regio"):
        response = server.get(f"/export/kennisgraaf.{name}", params={"graaf": graph})
        assert response.status_code == 400 and response.json()["fout"]["code"] == "alleen-hele-graaf"


def test_csv_tables(server: Server, shipped_store: Store) -> None:
    response = server.get("/export/csv/effecten.csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    effects = shipped_store.select(
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a <https://data.alliantievankracht.nl/def/kern#Effect> }"
    ).rows[0]["n"]
    assert len(rows) == int(str(effects)) > 200 and rows[0]["interventie"].startswith("https://")
    documented = server.get("/export").json()["csv"]["tabellen"]["effecten"]["kolommen"]
    assert list(rows[0]) == list(documented)
    assert server.get("/export/csv/personen.csv").status_code == 404


def test_construct_as_a_file_within_the_endpoint_limits(server: Server) -> None:
    query = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 20"
    response = server.get("/export/construct", params={"query": query, "formaat": "jsonld"})
    assert response.status_code == 200
    assert 'filename="construct.jsonld"' in response.headers["content-disposition"]
    assert len(read_back(response.content, "jsonld")) == 20
    too_many = server.get("/export/construct", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert too_many.status_code == 422  # more triples than a caller without a token may get
    select = server.get("/export/construct", params={"query": "SELECT * {?s ?p ?o}"})
    assert select.status_code == 400 and select.json()["fout"]["code"] == "geen-construct"
    assert "CONSTRUCT-query" in select.json()["fout"]["melding"]


def test_context_is_served_as_published(server: Server) -> None:
    response = server.get("/def/context.jsonld")
    assert response.headers["content-type"] == "application/ld+json"
    assert response.json() == json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))


def test_dataset_description(server: Server, dump: list[ox.Quad]) -> None:
    response = server.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = ox.Store()
    graph.load(response.content, format=ox.RdfFormat.TURTLE)

    def objects(predicate: str) -> list[str]:
        return [t.object.value for t in graph.quads_for_pattern(None, ox.NamedNode(predicate), None)]

    me = "https://data.alliantievankracht.nl/id/dataset/kennisgraaf"
    totals = [t.object.value for t in graph.quads_for_pattern(ox.NamedNode(me), ox.NamedNode(VOID + "triples"), None)]
    assert totals == [str(len(dump))]
    assert objects(VOID + "sparqlEndpoint") == [server.url + "/sparql"]
    assert objects(VOID + "dataDump") == [server.url + "/export/kennisgraaf.nq"]
    assert "https://creativecommons.org/licenses/by/4.0/" in objects("http://purl.org/dc/terms/license")
    assert len(objects(VOID + "exampleResource")) == 3
    assert len(objects(VOID + "subset")) == len({q.graph_name for q in dump})
    for link in objects(DCAT + "downloadURL"):
        assert link.startswith(server.url + "/export/kennisgraaf.")
    as_jsonld = server.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert len(read_back(as_jsonld.content, "jsonld")) == len(graph)


def test_versions_made_by_an_admin_downloaded_byte_for_byte_and_compared(server: Server) -> None:
    assert httpx.post(server.url + "/versies", json={"naam": "v1"}).status_code == 401
    refused = httpx.post(server.url + "/versies", json={"naam": "v1"}, headers=_bearer(server.reader))
    assert refused.status_code == 403
    made = httpx.post(server.url + "/versies", json={"naam": "v1", "notitie": "test"}, headers=_bearer(server.admin))
    assert made.status_code == 201, made.text
    again = httpx.post(server.url + "/versies", json={"naam": "v1"}, headers=_bearer(server.admin))
    assert again.status_code == 409
    httpx.post(server.url + "/versies", json={"naam": "v2"}, headers=_bearer(server.admin)).raise_for_status()
    listed = server.get("/versies").json()["versies"]
    assert [v["naam"] for v in listed] == ["v1", "v2"]
    download = server.get("/versies/v1")
    assert download.headers["content-type"] == "application/gzip"
    assert hashlib.sha256(download.content).hexdigest() == made.json()["sha256"]
    assert len(gzip.decompress(download.content).splitlines()) == made.json()["triples"]
    assert server.get("/versies/v9").status_code == 404
    page = server.get("/versies", headers={"Accept": "text/html"})
    assert "v1" in page.text and 'href="/versies/v1/v2"' in page.text
    diff = server.get("/versies/v1/v2").json()
    assert diff["triples"] == {"toegevoegd": 0, "verwijderd": 0}
    html = server.get("/versies/v1/v2", headers={"Accept": "text/html", "Accept-Language": "en"})
    assert "Nothing changed." in html.text
    description = server.get("/.well-known/void").text
    assert server.url + "/versies/v1" in description


def test_making_a_version_is_in_the_write_log(server: Server) -> None:
    made = httpx.post(server.url + "/versies", json={"naam": "gelogd"}, headers=_bearer(server.admin))
    assert made.status_code == 201, made.text
    log = server.live.store_path.with_name(server.live.store_path.name + ".schrijflog.jsonl")
    entries = [e for e in read_log(log) if e["actie"] == "versie"]
    assert entries[-1]["door"] == f"token:{server.admin_id}"
    assert entries[-1]["naam"] == "gelogd" and entries[-1]["sha256"] == made.json()["sha256"]


def test_a_damaged_version_description_breaks_nothing(server: Server) -> None:
    directory = server.live.store_path.with_name(server.live.store_path.name + ".versies")
    directory.mkdir(exist_ok=True)
    damaged = directory / "kapot.json"
    damaged.write_text('{"naam": "kapot", "gemaakt": "2026', encoding="utf-8")  # cut off
    try:
        listed = server.get("/versies")
        assert listed.status_code == 200 and "kapot" not in [v["naam"] for v in listed.json()["versies"]]
        assert server.get("/versies", headers={"Accept": "text/html"}).status_code == 200
        assert server.get("/.well-known/void").status_code == 200
        assert server.get("/versies/kapot").status_code == 404
    finally:
        damaged.unlink()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_backup_while_the_server_runs_and_restore(server: Server, dump: list[ox.Quad], tmp_path: Path) -> None:
    target = tmp_path / "backup.nq.gz"
    made = run_cli("backup", str(target), store=server.live.store_path)
    assert made.returncode == 0, made.stderr
    restored = run_cli("herstel", str(target), store=tmp_path / "nieuw")
    assert restored.returncode == 0, restored.stderr
    with Store(tmp_path / "nieuw", read_only=True) as store:
        assert canonical(store.quads()) == canonical(dump)
    assert run_cli("herstel", str(target), store=tmp_path / "nieuw").returncode == 1  # not empty any more
    assert run_cli("herstel", str(target), store=server.live.store_path).returncode == 3  # the server holds it


def test_export_command_while_the_server_runs(server: Server, dump: list[ox.Quad], tmp_path: Path) -> None:
    target = tmp_path / "graaf.nt"
    done = run_cli("export", "--formaat", "nt", "--uitvoer", str(target), store=server.live.store_path)
    assert done.returncode == 0, done.stderr
    assert "100%" in done.stderr
    assert canonical(read_back(target.read_bytes(), "ntriples")) == canonical(union(dump))
    table = run_cli("export", "--formaat", "csv", "--tabel", "bewijs", store=server.live.store_path)
    assert table.returncode == 0 and table.stdout.startswith("iri,naam_nl,naam_en,")
    assert run_cli("export", "--formaat", "csv", store=server.live.store_path).returncode == 2
    assert run_cli("export", "--formaat", "docx", store=server.live.store_path).returncode == 1
    listed = run_cli("versie", "lijst", "--json", store=server.live.store_path)
    assert listed.returncode == 0 and isinstance(json.loads(listed.stdout), list)


def test_export_in_a_fresh_checkout_builds_the_store_from_the_shipped_files(
    shipped_store: Store, tmp_path: Path
) -> None:
    done = run_cli("export", "--formaat", "nt", store=tmp_path / "nog-niet-gemaakt")
    assert done.returncode == 0, done.stderr
    assert "nog geen opslag" in done.stderr
    exported = _ground(read_back(done.stdout.encode(), "ntriples"))
    # The bookkeeping graph (sync times) is each store's own; the rest is the shipped data.
    shipped = _ground([q for q in shipped_store.quads() if not str(q.graph_name).endswith("graaf/beheer>")])
    assert len(shipped) > 1000 and shipped <= exported


def _ground(quads: list[ox.Quad]) -> set[str]:
    """The triples without blank nodes, which compare as text across two stores."""
    kept = (q for q in quads if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object)))
    return {f"{q.subject} {q.predicate} {q.object}" for q in kept}


# A few exports at once, on a graph large enough that a download is still running while we look.


@pytest.fixture(scope="module")
def large_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("groot")
    with Store(root / "opslag") as store:
        sync_shipped(store)
        # About 40 MB as N-Quads: more than the server's queue and both sockets hold, so a download
        # that is not read on stays running.
        graph, text = ox.NamedNode("urn:groot:graaf"), ox.Literal("x" * 2000)
        predicate = ox.NamedNode("urn:groot:p")
        store.add(ox.Quad(ox.NamedNode(f"urn:groot:{i}"), predicate, text, graph) for i in range(20_000))
    live = start_server(root / "opslag")
    yield live
    stop_server(live)


def test_at_most_two_exports_at_once_and_their_places_come_back(large_server: LiveServer) -> None:
    url = large_server.url
    with httpx.Client(timeout=60) as one, httpx.Client(timeout=60) as two:
        with (
            one.stream("GET", url + "/export/kennisgraaf.nq") as first,
            two.stream("GET", url + "/export/kennisgraaf.nt") as second,
        ):
            assert first.status_code == second.status_code == 200
            rest = [first.iter_bytes(), second.iter_bytes()]
            for chunks in rest:
                next(chunks)  # both are running now, and wait for us to read on
            busy = httpx.get(url + "/export/csv/bewijs.csv", timeout=60)
            assert busy.status_code == 503 and busy.headers["retry-after"] == "30"
            assert busy.json()["fout"]["code"] == "bezig"
            for chunks in rest:
                assert sum(len(c) for c in chunks) > 0  # read to the end: the place is given back
            assert httpx.get(url + "/export/csv/bewijs.csv", timeout=60).status_code == 200
            snapshots = large_server.store_path.with_name("opslag.export")
            assert not list(snapshots.iterdir())  # each copy made for an export was removed when it ended
            # Two clients that go away halfway also give their places back.
            with (
                one.stream("GET", url + "/export/kennisgraaf.nq") as a,
                two.stream("GET", url + "/export/kennisgraaf.nt") as b,
            ):
                assert a.status_code == b.status_code == 200
                next(a.iter_bytes()), next(b.iter_bytes())
    assert _two_places_free(url)


def _two_places_free(url: str) -> bool:
    """The server notices a client that went away only a little later: try again for up to 30 s."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with httpx.stream("GET", url + "/export/kennisgraaf.nq", timeout=60) as held:
            if held.status_code == 200:
                next(held.iter_bytes())
                if httpx.get(url + "/export/csv/bewijs.csv", timeout=60).status_code == 200:
                    return True
        time.sleep(0.2)
    return False
