"""PROV for imports: who imported which file (name and SHA-256) when, with which tool version, and
who undid an import.

The description goes into the bookkeeping graph (…/id/graaf/beheer), in the same transaction as the
data: a crash can never leave data without its provenance or the other way round. The bookkeeping
graph is closed to SPARQL updates and to `laad` (validatie.updates), so nobody can rewrite that
history through the API. Its subjects are activities, agents and files, never the import graph
itself, because a graph described there counts as shipped.
"""

import getpass
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata

import pyoxigraph as ox

from graaf.imports.sources import Source
from graaf.storage.shipped import bookkeeping_graph
from graaf.storage.store import Store
from ontologie.namespaces import id_base

PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD_DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
PACKAGE = "kennisgraaf-generatiearmoede"


def _p(name: str) -> ox.NamedNode:
    return ox.NamedNode(PROV + name)


def _d(name: str) -> ox.NamedNode:
    return ox.NamedNode(DCT + name)


@dataclass(frozen=True)
class Actor:
    """Who writes: 'token:<id>' for a token (its name as label), or 'cli:<user>' on the command line.

    `admin` may replace an import someone else made. The command line counts as admin: whoever runs
    it holds the store itself (and may already undo any import there).
    """

    id: str
    label: str
    admin: bool = False

    @classmethod
    def command_line(cls, name: str | None = None) -> "Actor":
        user = name or _os_user()
        return cls(f"cli:{user}", user, admin=True)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "onbekend"


@lru_cache(maxsize=1)
def tool_version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "onbekend"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "onbekend"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dt%H%M%S%fz")


def _time(moment: datetime) -> ox.Literal:
    return ox.Literal(moment.isoformat(timespec="microseconds").replace("+00:00", "Z"), datatype=XSD_DATETIME)


def agent_quads(actor: Actor, ids: str, book: ox.NamedNode) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """A prov:Agent for whoever writes (imports and browser contributions alike), named by its actor id."""
    agent = ox.NamedNode(f"{ids}agent/{_slug(actor.id)}")
    quads = [
        ox.Quad(agent, RDF_TYPE, _p("Agent"), book),
        ox.Quad(agent, _d("identifier"), ox.Literal(actor.id), book),
    ]
    if actor.label:
        quads.append(ox.Quad(agent, RDFS_LABEL, ox.Literal(actor.label), book))
    return agent, quads


def import_activity(
    name: str, graph: str, sources: list[Source], actor: Actor, base: str, started: datetime
) -> list[ox.Quad]:
    """The PROV description of one import into `graph`."""
    ids = id_base(base)
    book = ox.NamedNode(bookkeeping_graph(base))
    activity = ox.NamedNode(f"{ids}import/{name}-{_stamp(started)}")
    agent, quads = agent_quads(actor, ids, book)
    tool = ox.NamedNode(f"{ids}agent/kennisgraaf-{_slug(tool_version())}")
    quads += [
        ox.Quad(activity, RDF_TYPE, _p("Activity"), book),
        ox.Quad(activity, RDFS_LABEL, ox.Literal(f"Import '{name}'"), book),
        ox.Quad(activity, _d("identifier"), ox.Literal(name), book),
        ox.Quad(activity, _p("startedAtTime"), _time(started), book),
        ox.Quad(activity, _p("endedAtTime"), _time(datetime.now(UTC)), book),
        ox.Quad(activity, _p("wasAssociatedWith"), agent, book),
        ox.Quad(activity, _p("wasAssociatedWith"), tool, book),
        ox.Quad(activity, _p("generated"), ox.NamedNode(graph), book),
        ox.Quad(tool, RDF_TYPE, _p("SoftwareAgent"), book),
        ox.Quad(tool, RDFS_LABEL, ox.Literal(f"kennisgraaf {tool_version()}"), book),
        ox.Quad(tool, _d("hasVersion"), ox.Literal(tool_version()), book),
    ]
    for source in sources:
        used = ox.NamedNode(f"urn:sha256:{source.sha256}")
        quads += [
            ox.Quad(activity, _p("used"), used, book),
            ox.Quad(used, RDF_TYPE, _p("Entity"), book),
            ox.Quad(used, _d("title"), ox.Literal(source.name), book),
            ox.Quad(used, _d("format"), ox.Literal(source.kind), book),
        ]
    return quads


def undo_activity(name: str, graph: str, actor: Actor, base: str, started: datetime) -> list[ox.Quad]:
    """The PROV description of undoing an import: the graph was invalidated, by whom and when."""
    ids = id_base(base)
    book = ox.NamedNode(bookkeeping_graph(base))
    activity = ox.NamedNode(f"{ids}import/{name}-ongedaan-{_stamp(started)}")
    agent, quads = agent_quads(actor, ids, book)
    return [
        *quads,
        ox.Quad(activity, RDF_TYPE, _p("Activity"), book),
        ox.Quad(activity, RDFS_LABEL, ox.Literal(f"Import '{name}' ongedaan gemaakt"), book),
        ox.Quad(activity, _d("identifier"), ox.Literal(name), book),
        ox.Quad(activity, _p("startedAtTime"), _time(started), book),
        ox.Quad(activity, _p("wasAssociatedWith"), agent, book),
        ox.Quad(activity, _p("invalidated"), ox.NamedNode(graph), book),
    ]


def import_owner(store: Store, base: str, graph: str) -> str | None:
    """Who made the import that last filled `graph` (an actor id such as 'token:ab12'); None if no one is recorded."""
    rows = store.values(
        f"""PREFIX prov: <{PROV}>
        PREFIX dcterms: <{DCT}>
        SELECT ?actor WHERE {{
          GRAPH <{bookkeeping_graph(base)}> {{
            ?activity prov:generated <{graph}> ; prov:startedAtTime ?time ; prov:wasAssociatedWith ?agent .
            ?agent a prov:Agent ; dcterms:identifier ?actor .
          }}
        }} ORDER BY DESC(?time) LIMIT 1"""
    )
    return rows[0]["actor"] if rows else None


def import_history(store: Store, base: str) -> list[dict[str, object]]:
    """Every import and undo recorded in the bookkeeping graph, oldest first."""
    rows = store.values(
        f"""PREFIX prov: <{PROV}>
        PREFIX dcterms: <{DCT}>
        SELECT ?activity ?name ?time ?graph ?undone ?actor ?file ?sha WHERE {{
          GRAPH <{bookkeeping_graph(base)}> {{
            ?activity a prov:Activity ; dcterms:identifier ?name ; prov:startedAtTime ?time ;
                      prov:wasAssociatedWith ?agent .
            ?agent a prov:Agent ; dcterms:identifier ?actor .
            {{ ?activity prov:generated ?graph }} UNION {{ ?activity prov:invalidated ?undone }}
            OPTIONAL {{
              ?activity prov:used ?used . ?used dcterms:title ?file .
              BIND(STRAFTER(STR(?used), "sha256:") AS ?sha)
            }}
          }}
        }} ORDER BY ?time ?file"""
    )
    history: dict[str, dict[str, object]] = {}
    for row in rows:
        entry = history.setdefault(
            row["activity"],
            {
                "activiteit": row["activity"],
                "naam": row["name"],
                "actie": "ongedaan" if "undone" in row else "import",
                "graaf": row.get("graph") or row.get("undone"),
                "door": row["actor"],
                "tijd": row["time"],
                "bestanden": [],
            },
        )
        if "file" in row:
            entry["bestanden"].append({"naam": row["file"], "sha256": row["sha"]})  # type: ignore[attr-defined]
    return list(history.values())
