"""The causal network: mechanisms that reinforce each other (kern:versterkt) and erode capital (kern:tastAan).

Drawn in horizontal bands, one per level (system, environment, household), with the forms of capital
in a column on the right, so arrows run to the right. Within the bands the columns follow the causal
chain towards the capital it erodes. Mechanisms without any link are drawn too, in the emptiest
column of their band: that nothing is known about them is also worth seeing.
"""

from dataclasses import dataclass, field

from graaf.pictures import svg
from graaf.pictures.legend import legend
from graaf.pictures.style import CAPITAL, ERODES, HEADER_FILL, LINE, MECHANISM, STYLES
from graaf.pictures.text import BOLD, shorten, wrap
from graaf.pictures.things import Node, nodes
from graaf.pictures.words import WORDS
from graaf.storage.store import Store
from graaf.storage.terms import local_name
from ontologie.namespaces import KERN, sparql_prefixes

REINFORCES = str(KERN.versterkt)
ERODES_PREDICATE = str(KERN.tastAan)
LEVEL_ORDER = ["systeem", "omgeving", "huishouden"]  # top to bottom: from the system to the household
NODE_W, NODE_H, COL_GAP, ROW_GAP = 170.0, 56.0, 50.0, 14.0
MARGIN, LANE_HEAD, MIN_COLUMNS = 16.0, 30.0, 3
SIZE = 13

_QUERY = (
    sparql_prefixes()
    + """SELECT ?x ?soort ?niveau ?p ?doel WHERE {
  { ?x a kern:Mechanisme . BIND("m" AS ?soort) OPTIONAL { ?x kern:opNiveau ?niveau } }
  UNION { ?x a kern:Kapitaalvorm . BIND("k" AS ?soort) }
  UNION { ?x a kern:Mechanisme ; ?p ?doel . VALUES ?p { kern:versterkt kern:tastAan } FILTER(isIRI(?doel)) }
}"""
)


@dataclass(frozen=True)
class Relation:
    source: Node
    predicate: str  # kern:versterkt or kern:tastAan
    target: Node


@dataclass
class Lane:
    name: str
    iri: str | None  # the level, or None for the capital forms and for mechanisms without a level
    members: list[Node]


@dataclass
class CausalNetwork:
    lanes: list[Lane]
    relations: list[Relation]
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)


def causal_network(store: Store, lang: str) -> CausalNetwork:
    """Mechanisms by level, the forms of capital, and every versterkt / tastAan link between them."""
    rows = store.values(_QUERY)
    iris = {r["x"] for r in rows} | {r["doel"] for r in rows if "doel" in r}
    iris |= {r["niveau"] for r in rows if "niveau" in r}
    known = nodes(store, iris, lang)
    level_of = {r["x"]: r.get("niveau") for r in rows if r.get("soort") == "m"}
    capitals = sorted((known[r["x"]] for r in rows if r.get("soort") == "k"), key=_order)
    relations = sorted(
        {Relation(known[r["x"]], r["p"], known[r["doel"]]) for r in rows if "p" in r},
        key=lambda r: (r.predicate != REINFORCES, r.source.label.lower(), r.target.label.lower(), r.target.iri),
    )
    lanes = _lanes(level_of, known, lang)
    linked = {r.target.iri for r in relations}
    lanes.append(Lane(WORDS[lang]["capitals"], None, capitals + _loose_targets(relations, lanes, capitals, linked)))
    return CausalNetwork(lanes, relations)


def _order(node: Node) -> tuple[str, str]:
    return (node.label.lower(), node.iri)


def _lanes(level_of: dict[str, str | None], known: dict[str, Node], lang: str) -> list[Lane]:
    levels = sorted({lvl for lvl in level_of.values() if lvl}, key=_level_rank)
    lanes = [
        Lane(known[lvl].label, lvl, sorted((known[m] for m, at in level_of.items() if at == lvl), key=_order))
        for lvl in levels
    ]
    without = sorted((known[m] for m, at in level_of.items() if not at), key=_order)
    if without:
        lanes.append(Lane(WORDS[lang]["no_level"], None, without))
    return lanes


def _level_rank(iri: str) -> tuple[int, str]:
    slug = local_name(iri)
    return (LEVEL_ORDER.index(slug) if slug in LEVEL_ORDER else len(LEVEL_ORDER), iri)


def _loose_targets(relations: list[Relation], lanes: list[Lane], capitals: list[Node], linked: set[str]) -> list[Node]:
    """Targets that are neither a mechanism in a band nor a form of capital (the data may hold such links)."""
    placed = {n.iri for lane in lanes for n in lane.members} | {c.iri for c in capitals}
    return sorted({r.target for r in relations if r.target.iri in linked - placed}, key=_order)


def _depths(network: CausalNetwork) -> dict[str, int]:
    """How many reinforcing steps lie ahead of each mechanism (cycles are cut at the number of mechanisms)."""
    depth: dict[str, int] = {n.iri: 0 for lane in network.lanes for n in lane.members}
    edges = [(r.source.iri, r.target.iri) for r in network.relations if r.predicate == REINFORCES]
    for _ in range(len(depth)):
        changed = False
        for source, target in edges:
            if source in depth and target in depth and depth[source] < min(depth[target] + 1, len(depth)):
                depth[source] = depth[target] + 1
                changed = True
        if not changed:
            break
    return depth


def _columns(network: CausalNetwork) -> int:
    return max(MIN_COLUMNS, 1 + max(_depths(network).values(), default=0))


def _place(network: CausalNetwork, columns: int, top: float) -> tuple[float, list[tuple[Lane, float, float]]]:
    """Box positions for every node; returns the bottom and each band's (lane, top, bottom).

    A mechanism in a reinforcing chain stands as far right as its chain allows, so that the chain
    ends next to the forms of capital; one that only erodes capital stands in the last column; one
    without links fills the emptiest column, from the left.
    """
    depth = _depths(network)
    chained = {r.source.iri for r in network.relations if r.predicate == REINFORCES}
    chained |= {r.target.iri for r in network.relations if r.predicate == REINFORCES}
    eroding = {r.source.iri for r in network.relations if r.predicate != REINFORCES}
    bands = []
    y = top
    for lane in network.lanes[:-1]:
        stacks: list[list[Node]] = [[] for _ in range(columns)]
        loose, loose_floor = False, 0
        for node in sorted(lane.members, key=lambda n: (n.iri not in chained, n.iri not in eroding, _order(n))):
            if node.iri in chained:
                column = columns - 1 - min(depth[node.iri], columns - 1)
            elif node.iri in eroding:
                column = columns - 1
            else:  # below the linked ones, so no line has to pass it
                floor = max(len(s) for s in stacks) if not loose else loose_floor
                loose_floor, loose = floor, True
                column = min(range(columns), key=lambda c: (max(len(stacks[c]), floor), c))
                stacks[column] += [None] * (floor - len(stacks[column]))  # type: ignore[list-item]
            stacks[column].append(node)
        for column, stack in enumerate(stacks):
            for slot, node in enumerate(stack):
                if node is None:
                    continue
                network.positions[node.iri] = (_x(column), y + LANE_HEAD + slot * (NODE_H + ROW_GAP))
        bottom = y + LANE_HEAD + max(1, *(len(s) for s in stacks)) * (NODE_H + ROW_GAP)
        bands.append((lane, y, bottom))
        y = bottom + 6
    return max(y, _place_capitals(network, columns, top)), bands


def _place_capitals(network: CausalNetwork, columns: int, top: float) -> float:
    """The forms of capital in a column on the right, each near the height of what erodes it."""

    def wanted(node: Node) -> float:
        ys = [network.positions[r.source.iri][1] for r in network.relations if r.target.iri == node.iri]
        return sum(ys) / len(ys) if ys else float("inf")

    y = top + LANE_HEAD
    capitals = network.lanes[-1].members
    for node in sorted(capitals, key=lambda n: (wanted(n), _order(n))):
        target = wanted(node)
        y = max(y, target if target != float("inf") else y)
        network.positions[node.iri] = (_x(columns), y)
        y += NODE_H + ROW_GAP
    return y


def _x(column: int) -> float:
    return MARGIN + column * (NODE_W + COL_GAP)


def causal_svg(network: CausalNetwork, lang: str, base_iri: str, ident: str = "netwerk") -> str:
    """The network as a standalone SVG; `ident` keeps its ids unique when it is put inline in a page."""
    words = WORDS[lang]
    columns = _columns(network)
    width = _x(columns + 1) - COL_GAP + MARGIN
    key, key_height = legend(MARGIN, 40, width - 2 * MARGIN, lang, [MECHANISM, CAPITAL])
    lines_key = _line_key(MARGIN, 40 + key_height, words, ident)
    top = 40 + key_height + 34
    network.positions.clear()
    bottom, bands = _place(network, columns, top)
    body = [svg.text(MARGIN, 26, shorten(words["network"], width - 2 * MARGIN, 17 * BOLD), 17, font_weight="bold")]
    body += [key, lines_key]
    band_width = _x(columns) - COL_GAP / 2 - MARGIN / 2
    for lane, lane_top, lane_bottom in bands:
        band = svg.attrs(x=MARGIN / 2, y=lane_top, width=band_width, height=lane_bottom - lane_top, fill=HEADER_FILL)
        body.append(f"<rect{band}/>")
        body.append(svg.text(MARGIN, lane_top + 20, lane.name[:1].upper() + lane.name[1:], 14, font_weight="bold"))
    body.append(svg.text(_x(columns), top + 20, network.lanes[-1].name, 14, font_weight="bold"))
    body += [_edge(r, network.positions, words, ident) for r in network.relations if _drawable(r, network)]
    for lane in network.lanes:
        body += [_node(n, *network.positions[n.iri], lang, base_iri) for n in lane.members]
    defs = svg.arrow_marker(f"{ident}-versterkt", LINE) + svg.arrow_marker(f"{ident}-tast-aan", ERODES)
    return svg.document(
        width, bottom + MARGIN, words["network"], words["network_desc"], "".join(body), ident, True, defs
    )


def _drawable(relation: Relation, network: CausalNetwork) -> bool:
    return relation.source.iri in network.positions and relation.target.iri in network.positions


def _line_key(x: float, y: float, words: dict[str, str], ident: str) -> str:
    """The two kinds of arrow, drawn and named."""
    parts = []
    for offset, (name, colour, dash, marker) in enumerate(
        [(words["reinforces"], LINE, None, "versterkt"), (words["erodes"], ERODES, "6 4", "tast-aan")]
    ):
        left = x + 74 + offset * 190
        paint = svg.attrs(stroke=colour, stroke_width=2.0, stroke_dasharray=dash, marker_end=f"url(#{ident}-{marker})")
        parts.append(f"<path{svg.attrs(d=f'M{svg.num(left)},{svg.num(y + 10)} h50', fill='none')}{paint}/>")
        parts.append(svg.text(left + 58, y + 15, name, 13))
    return "".join(parts)


def _edge(relation: Relation, positions: dict[str, tuple[float, float]], words: dict[str, str], ident: str) -> str:
    (sx, sy), (tx, ty) = positions[relation.source.iri], positions[relation.target.iri]
    n = svg.num
    y1, y2 = sy + NODE_H / 2, ty + NODE_H / 2
    if tx - sx > NODE_W + COL_GAP + 1:
        # Over more than one column: rise into the gap above the row, so the line passes no box.
        x1, x2, r = sx + NODE_W, tx, COL_GAP / 2
        gap = min(sy, ty) - ROW_GAP / 2
        d = (
            f"M{n(x1)},{n(y1)} C{n(x1 + r)},{n(y1)} {n(x1 + r)},{n(gap)} {n(x1 + 2 * r)},{n(gap)} "
            f"L{n(x2 - 2 * r)},{n(gap)} C{n(x2 - r)},{n(gap)} {n(x2 - r)},{n(y2)} {n(x2)},{n(y2)}"
        )
    elif abs(sx - tx) > 1:
        forward = tx > sx
        x1, x2 = (sx + NODE_W, tx) if forward else (sx, tx + NODE_W)
        bend = (x2 - x1) / 2
        d = f"M{n(x1)},{n(y1)} C{n(x1 + bend)},{n(y1)} {n(x2 - bend)},{n(y2)} {n(x2)},{n(y2)}"
    else:
        # Same column: go round the side, through the gap between columns, so the line passes no box.
        x1 = sx + NODE_W
        out = x1 + COL_GAP * 0.8
        d = f"M{n(x1)},{n(y1)} C{n(out)},{n(y1)} {n(out)},{n(y2)} {n(x1)},{n(y2)}"
    reinforces = relation.predicate == REINFORCES
    verb = words["reinforces"] if reinforces else words["erodes"]
    paint = svg.attrs(
        d=d,
        fill="none",
        stroke=LINE if reinforces else ERODES,
        stroke_width=2.0,
        stroke_dasharray=None if reinforces else "6 4",
        marker_end=f"url(#{ident}-{'versterkt' if reinforces else 'tast-aan'})",
    )
    return f"<g>{svg.title(f'{relation.source.label} {verb} {relation.target.label}')}<path{paint}/></g>"


def _node(node: Node, x: float, y: float, lang: str, base_iri: str) -> str:
    style = STYLES[node.kind]
    text_lines = wrap(node.label, svg.text_room(style, NODE_W), SIZE, lines=2)
    body = svg.shape(style, x, y, NODE_W, NODE_H)
    body += svg.lines(x + NODE_W / 2, y + NODE_H / 2, text_lines, SIZE, text_anchor="middle")
    return svg.link(svg.doc_href(node.iri, base_iri), body, f"{node.label} ({WORDS[lang][node.kind].lower()})")


def sentences(network: CausalNetwork, lang: str) -> list[tuple[Relation, str]]:
    """Each link as a short sentence's verb, for the text alternative: 'Schulden' 'tast aan' 'economisch kapitaal'."""
    words = WORDS[lang]
    return [(r, words["reinforces"] if r.predicate == REINFORCES else words["erodes"]) for r in network.relations]
