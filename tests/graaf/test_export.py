"""Exports: every RDF format reads back into the same graph; networks load in networkx; CSV has its columns."""

import csv
import io
import json
import threading
import time

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graaf import Store
from graaf.export import export_format, network, rdf, tables, writer
from graaf.export.context import CONTEXT_FILE, build_context, load_context
from graaf.export.reading import frozen
from graaf.export.slots import ExportBusy, ExportSlots, SlotStream
from graaf.export.stream import chunks
from graaf.storage.csvcells import FORMULA_START, safe_cell
from graaf.storage.errors import QuerySyntaxError, UnknownFormat
from graaf.storage.formats import RDF_FORMATS, rdf_format

KERN = "https://data.alliantievankracht.nl/def/kern#"
EX = "http://example.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def canonical(quads: list[ox.Quad]) -> set[str]:
    """The quads with blank nodes named by content, so two isomorphic datasets give the same set."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


def union(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The triples of all graphs together, in the default graph (what a format without graphs holds)."""
    return list({ox.Quad(q.subject, q.predicate, q.object) for q in quads})


def read_back(data: bytes, name: str) -> list[ox.Quad]:
    fmt = rdf_format(name)
    return [
        item if isinstance(item, ox.Quad) else ox.Quad(item.subject, item.predicate, item.object)
        for item in ox.parse(data, format=fmt.engine)
    ]


def export(store: Store, name: str, **kwargs: str) -> bytes:
    out = io.BytesIO()
    writer(store, export_format(name), **kwargs)(out)
    return out.getvalue()


def expected(store: Store, name: str, graph: str | None = None) -> set[str]:
    """What an export should read back as: without graph names for a format without graphs, and for
    one graph in JSON-LD (written as a plain graph)."""
    quads = store.quads(graph)
    keeps_names = rdf_format(name).has_graphs and not (graph is not None and name == "jsonld")
    return canonical(quads if keeps_names else union(quads))


@pytest.mark.parametrize("name", [f.name for f in RDF_FORMATS])
def test_whole_graph_reads_back_the_same(shipped_store: Store, name: str) -> None:
    assert canonical(read_back(export(shipped_store, name), name)) == expected(shipped_store, name)


@pytest.mark.parametrize("name", [f.name for f in RDF_FORMATS])
def test_one_graph_reads_back_the_same(shipped_store: Store, name: str) -> None:
    graph = "https://data.alliantievankracht.nl/id/graaf/faseplan-2"
    back = read_back(export(shipped_store, name, graph=graph), name)
    assert canonical(back) == expected(shipped_store, name, graph)
    if rdf_format(name).has_graphs and name != "jsonld":
        assert {q.graph_name.value for q in back} == {graph}  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["turtle", "nquads", "jsonld", "rdfxml"])
def test_construct_reads_back_the_same(shipped_store: Store, name: str) -> None:
    query = f"CONSTRUCT {{ ?e <{KERN}werktOp> ?t }} WHERE {{ ?e <{KERN}werktOp> ?t }}"
    back = read_back(export(shipped_store, name, query=query), name)
    wanted = [ox.Quad(t.subject, t.predicate, t.object) for t in shipped_store.run(query)]  # type: ignore[union-attr]
    assert len(wanted) > 10
    assert canonical(back) == canonical(wanted)


def test_construct_refuses_a_select(shipped_store: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        export(shipped_store, "turtle", query="SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_unknown_graph_and_format_are_refused_before_writing(shipped_store: Store) -> None:
    with pytest.raises(rdf.UnknownGraph):
        writer(shipped_store, export_format("nq"), graph="https://example.org/bestaat-niet")
    with pytest.raises(UnknownFormat):
        export_format("docx")


def test_jsonld_uses_the_published_context_with_dutch_keys(shipped_store: Store) -> None:
    document = json.loads(export(shipped_store, "jsonld"))
    assert document["@context"] == load_context()
    nodes = [n for g in document["@graph"] for n in g.get("@graph", [g])]
    effect = next(n for n in nodes if n.get("@type") == "Effect")
    assert effect["werktOp"].startswith("https://")  # an IRI as a plain string
    assert set(effect["naam"]) == {"nl", "en"}  # rdfs:label as a map per language


def test_context_file_matches_the_ontology() -> None:
    """The published context is made from kern.ttl: `python -m graaf.export.context` after changing it."""
    assert json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"] == build_context()


# Generated graphs: Dutch characters, long literals, language tags, blank nodes, several graphs.

XML_SAFE = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from(
    "\r\n\t\"'\\<>&ĳëéïöüç€"
)
TEXT = st.text(XML_SAFE, max_size=30) | st.text(XML_SAFE, min_size=2000, max_size=5000)
PREDICATES = [
    EX + "p",
    EX + "heeftWaarde",
    KERN + "werktOp",  # an IRI key in the context: literals under it must stay literals
    KERN + "doel",  # a language map in the context: plain literals under it must not get lost
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
]
IRIS = st.sampled_from(["aa", "café", "ĳsbaan", "b/c", "x#y"]).map(lambda s: ox.NamedNode(EX + s))
BLANKS = st.sampled_from(["b1", "b2", "b3"]).map(ox.BlankNode)
LITERALS = st.one_of(
    TEXT.map(ox.Literal),
    st.tuples(TEXT, st.sampled_from(["nl", "en", "nl-be", "fy"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.dates().map(lambda d: ox.Literal(d.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
    TEXT.map(lambda t: ox.Literal(t, datatype=ox.NamedNode(EX + "soort"))),
)
GRAPHS = st.sampled_from([ox.DefaultGraph(), ox.NamedNode(EX + "g1"), ox.NamedNode(EX + "graaf/ĳ")])


@st.composite
def quads(draw: st.DrawFn) -> list[ox.Quad]:
    found = []
    for _ in range(draw(st.integers(1, 12))):
        predicate = ox.NamedNode(draw(st.sampled_from(PREDICATES)))
        value = draw(IRIS | BLANKS) if predicate.value.endswith("#type") else draw(IRIS | BLANKS | LITERALS)
        found.append(ox.Quad(draw(IRIS | BLANKS), predicate, value, draw(GRAPHS)))
    return found


@pytest.mark.parametrize("name", [f.name for f in RDF_FORMATS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=quads())
def test_generated_graphs_read_back_the_same(name: str, data: list[ox.Quad]) -> None:
    store = Store()
    store.add(data)
    stored = store.quads()  # as the store keeps them (language tags in lower case, for one)
    back = read_back(export(store, name), name)
    assert canonical(back) == canonical(stored if rdf_format(name).has_graphs else union(stored))


# Networks and tables.


@pytest.mark.parametrize(("name", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_loads_in_networkx_with_the_same_counts(shipped_store: Store, name: str, read: object) -> None:
    built = network.build(shipped_store)
    loaded = read(io.BytesIO(export(shipped_store, name)))  # type: ignore[operator]
    assert loaded.number_of_nodes() == built.number_of_nodes() > 100
    assert loaded.number_of_edges() == built.number_of_edges() > 100
    node = loaded.nodes["https://data.alliantievankracht.nl/id/mechanisme/schulden"]
    assert node["type"] == "kern:Mechanisme"
    assert node["naam_nl"] == "Schulden" and node["naam_en"]
    shortcuts = [d for _, _, d in loaded.edges(data=True) if d["relatie"] == "kern:werktOp" and d["via"]]
    effects = shipped_store.values(COUNT % (KERN + "Effect"))[0]["n"]
    assert len(shortcuts) == int(effects)  # one per effect in the shipped graph
    level = {d["via"].rsplit("/", 1)[-1]: d["bewijsniveau"] for d in shortcuts}
    assert level["voorzorg-pedagogisch"] == "effectief-goede-aanwijzingen"  # the databank's recognition
    assert level["financiele-educatie-schulden"] == ""  # a plan's intention has no evidence at all


def test_network_refuses_a_graph_over_the_limit(shipped_store: Store) -> None:
    with pytest.raises(network.ExportTooLarge):
        writer(shipped_store, export_format("gexf"), limit=100)


COUNT = """
SELECT (COUNT(DISTINCT ?item) AS ?n) WHERE {
  ?item a ?type . ?type <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <%s>
}
"""


@pytest.mark.parametrize("name", list(tables.TABLES))
def test_csv_has_the_documented_columns_and_one_row_per_thing(shipped_store: Store, name: str) -> None:
    text = export(shipped_store, "csv", table=name).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    documented = tables.documentation()["tabellen"][name]["kolommen"]  # type: ignore[index]
    assert list(rows[0]) == list(documented)
    count = int(shipped_store.values(COUNT % tables.TABLES[name].cls)[0]["n"])
    assert len(rows) == count > 0
    assert len({r["iri"] for r in rows}) == len(rows)


def test_csv_joins_many_values_with_the_documented_separator(shipped_store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(export(shipped_store, "csv", table="interventies").decode())))
    groups = [r["doelgroepen"] for r in rows if tables.SEPARATOR in r["doelgroepen"]]
    assert groups, "some intervention has more than one target group"
    assert all(part == part.strip() and part for g in groups for part in g.split(tables.SEPARATOR))
    evidence = list(csv.DictReader(io.StringIO(export(shipped_store, "csv", table="bewijs").decode())))
    levels = {r["bewijsniveau"] for r in evidence}
    assert {"goed-onderbouwd", "effectief-goede-aanwijzingen"} <= levels
    several = [r["ondersteunt"] for r in evidence if tables.SEPARATOR in r["ondersteunt"]]
    assert all(part == part.strip() and part for g in several for part in g.split(tables.SEPARATOR))


# Streaming.


def test_chunks_give_the_same_bytes_as_writing_directly(shipped_store: Store) -> None:
    write = writer(shipped_store, export_format("nquads"))
    assert b"".join(chunks(write)) == export(shipped_store, "nquads")


def test_a_reader_that_stops_early_stops_the_writer() -> None:
    written: list[int] = []

    def endless(out: io.BufferedIOBase) -> None:
        while True:
            out.write(b"x" * 65536)
            written.append(1)

    stream = chunks(endless)  # type: ignore[arg-type]
    next(stream)
    stream.close()
    time.sleep(1.0)
    settled = len(written)
    time.sleep(0.5)
    assert len(written) == settled
    assert not any(t.name == "kennisgraaf-export" and t.is_alive() for t in threading.enumerate())


def test_a_writer_error_reaches_the_reader() -> None:
    def broken(out: io.BufferedIOBase) -> None:
        out.write(b"begin")
        raise OSError("schijf vol")

    with pytest.raises(OSError, match="schijf vol"):
        b"".join(chunks(broken))  # type: ignore[arg-type]


# Safety: formulas in CSV, networks of the whole graph only, a copy per export, a few exports at once.


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("https://kwaad.example","klik")', '\'=HYPERLINK("https://kwaad.example","klik")'),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-0.3", "-0.3"),
        ("+1,5", "+1,5"),
        ("-2e-3", "-2e-3"),
        ("https://data.alliantievankracht.nl/id/interventie/x", "https://data.alliantievankracht.nl/id/interventie/x"),
        ("Jobcarving = werk op maat", "Jobcarving = werk op maat"),
        ("", ""),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_gets_an_apostrophe(text: str, cell: str) -> None:
    assert safe_cell(text) == cell


def test_csv_tables_never_start_a_cell_with_a_formula(shipped_store: Store) -> None:
    store = shipped_store.scratch_copy()
    item, effect = ox.NamedNode(EX + "kwaad"), ox.NamedNode(EX + "kwaad-effect")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    formula = '=HYPERLINK("https://kwaad.example","klik")'
    store.add(
        ox.Quad(s, p, o, ox.NamedNode(EX + "graaf"))
        for s, p, o in [
            (item, ox.NamedNode(RDF_TYPE), ox.NamedNode(KERN + "Interventie")),
            (item, label, ox.Literal(formula, language="nl")),
            (item, label, ox.Literal("@SUM(1+1)", language="en")),
            (effect, ox.NamedNode(RDF_TYPE), ox.NamedNode(KERN + "Effect")),
            (effect, ox.NamedNode(KERN + "vanInterventie"), item),
            (effect, ox.NamedNode(KERN + "effectgrootte"), ox.Literal("-0.3")),
        ]
    )
    rows = {r["iri"]: r for r in csv.DictReader(io.StringIO(export(store, "csv", table="interventies").decode()))}
    assert rows[item.value]["naam_nl"] == "'" + formula
    assert rows[item.value]["naam_en"] == "'@SUM(1+1)"
    effects = {r["iri"]: r for r in csv.DictReader(io.StringIO(export(store, "csv", table="effecten").decode()))}
    assert effects[effect.value]["effectgrootte"] == "-0.3"  # a number stays a number
    assert effects[effect.value]["interventie"] == item.value  # an IRI stays an IRI
    rows_of_all = [r for t in tables.TABLES for r in csv.reader(io.StringIO(export(store, "csv", table=t).decode()))]
    assert not [c for r in rows_of_all for c in r if c.startswith(FORMULA_START) and c != "-0.3"]


def test_a_network_is_of_the_whole_graph_only(shipped_store: Store) -> None:
    graph = shipped_store.graphs()[0]
    for name in ("graphml", "gexf"):
        with pytest.raises(network.WholeGraphOnly):
            writer(shipped_store, export_format(name), graph=graph)
        with pytest.raises(network.WholeGraphOnly):
            writer(shipped_store, export_format(name), query="CONSTRUCT WHERE { ?s ?p ?o }")


def test_a_network_file_is_built_once_per_state_of_the_store(shipped_store: Store) -> None:
    store = shipped_store.scratch_copy()
    first = network.network_file(store, "graphml")
    assert network.network_file(store, "graphml") is first  # the same object: not built again
    assert network.network_file(store, "gexf") is not first
    assert export(store, "graphml") == first
    newcomer = ox.NamedNode(EX + "nieuw-mechanisme")
    store.add([ox.Quad(newcomer, ox.NamedNode(RDF_TYPE), ox.NamedNode(KERN + "Mechanisme"), ox.DefaultGraph())])
    after = network.network_file(store, "graphml")
    assert after is not first and newcomer.value.encode() in after and newcomer.value.encode() not in first


def test_an_export_of_a_store_in_memory_does_not_hold_off_writers() -> None:
    store = Store()
    thing = ox.NamedNode(EX + "a")
    store.add([ox.Quad(thing, ox.NamedNode(EX + "p"), ox.Literal("1"), ox.DefaultGraph())])
    got_lock: list[bool] = []

    def writer_thread() -> None:
        acquired = store.write_lock.acquire(blocking=False)
        got_lock.append(acquired)
        if acquired:
            store.write_lock.release()

    with frozen(store) as fixed:
        thread = threading.Thread(target=writer_thread)
        thread.start()
        thread.join()
        store.add([ox.Quad(thing, ox.NamedNode(EX + "p"), ox.Literal("2"), ox.DefaultGraph())])
        assert got_lock == [True]
        assert len(fixed) == 1 and len(store) == 2  # the export reads the state from when it began


def test_export_slots_are_taken_and_always_given_back() -> None:
    slots = ExportSlots(2)
    first, second = slots.take(), slots.take()
    with pytest.raises(ExportBusy):
        slots.take()
    first.release()
    first.release()  # twice is once: it does not make a third slot
    third = slots.take()
    with pytest.raises(ExportBusy):
        slots.take()
    assert list(SlotStream(iter([b"a", b"b"]), second)) == [b"a", b"b"]  # read to the end
    fourth = slots.take()
    stream = SlotStream(chunks(lambda out: out.write(b"x")), third)  # type: ignore[arg-type,func-returns-value]
    del stream  # dropped before the first byte: a client that went away
    fifth = slots.take()
    failing = SlotStream(chunks(_broken), fourth)
    with pytest.raises(OSError, match="schijf vol"):
        list(failing)
    slots.take()
    with pytest.raises(ExportBusy):
        slots.take()
    fifth.release()


def _broken(out: io.BufferedIOBase) -> None:
    raise OSError("schijf vol")


def test_check_graph_query_looks_at_the_form_outside_braces() -> None:
    rdf.check_graph_query("CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1 } }")
    rdf.check_graph_query("PREFIX select: <urn:x:> DESCRIBE select:ask")
    rdf.check_graph_query("# SELECT in a comment\nCONSTRUCT WHERE { ?s ?p 'SELECT' }")
    for query in ("SELECT * WHERE { ?s ?p ?o }", "prefix x: <urn:construct> ask { ?s ?p ?o }"):
        with pytest.raises(rdf.NotAGraphQuery, match="CONSTRUCT"):
            writer(Store(), export_format("turtle"), query=query)  # before anything is written
