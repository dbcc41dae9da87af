"""The neighbourhood of one thing as an SVG network: what links to it, what it links to, one step away.

Effects and claims (kern:Bewering) are steps in the data, not things people look for: an
intervention is drawn straight to what its effects work on, and a mechanism straight to the
interventions that work on it. For an intervention, other interventions that work on the same
mechanisms, capital forms or outcomes are drawn too, with lines to what they share.

Layout: columns left to right (links here, the thing, links to, related), each sorted by relation
and name; the related column follows the height of what it shares, so lines cross less.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from graaf.describe import INVERSE, Labeller
from graaf.pictures import svg
from graaf.pictures.legend import legend
from graaf.pictures.style import INTERVENTION, LINE, MUTED, ORDER, STYLES
from graaf.pictures.text import BOLD, shorten, wrap
from graaf.pictures.things import Node, nodes
from graaf.pictures.words import WORDS
from graaf.storage.store import Store
from ontologie.namespaces import KERN, id_base, sparql_prefixes

_PREFIXES = sparql_prefixes()
WORKS_ON = str(KERN.werktOp)
MAX_PER_COLUMN = 12
MAX_RELATED = 8
NODE_W, NODE_H, CENTRE_H = 200.0, 52.0, 72.0
GAP_Y, HEAD, COL_GAP, MARGIN = 10.0, 24.0, 70.0, 16.0
SIZE = 13

# Classes and the bookkeeping of concept schemes are not things people look for in a neighbourhood.
_SKIP = "rdf:type, skos:inScheme, skos:topConceptOf, skos:hasTopConcept"
_LINKS = """SELECT ?item ?dir ?p ?x WHERE {
  { ?item ?p ?x . BIND("uit" AS ?dir) FILTER(?p NOT IN (?skip)) }
  UNION
  { ?x ?p ?item . BIND("in" AS ?dir) FILTER(?p NOT IN (?skip))
    FILTER NOT EXISTS { ?x a ?step . VALUES ?step { kern:Effect kern:Bewering } } }
  UNION { ?effect kern:vanInterventie ?item ; kern:werktOp ?x . BIND(kern:werktOp AS ?p) BIND("uit" AS ?dir) }
  UNION { ?effect kern:werktOp ?item ; kern:vanInterventie ?x . BIND(kern:werktOp AS ?p) BIND("in" AS ?dir) }
  FILTER(isIRI(?x) && ?x != ?item)
} LIMIT 3000""".replace("?skip", _SKIP)

_RELATED = """SELECT DISTINCT ?item ?doelwit ?ander WHERE {
  ?mijn kern:vanInterventie ?item ; kern:werktOp ?doelwit .
  ?hun kern:werktOp ?doelwit ; kern:vanInterventie ?ander .
  FILTER(?ander != ?item)
}"""


@dataclass
class Section:
    heading: str
    members: list[Node]
    y: float = 0.0  # where its heading goes


@dataclass
class Column:
    heading: str
    sections: list[Section]
    hidden: int = 0
    x: float = 0.0
    y: float = 0.0  # where its heading goes
    end: float = 0.0  # below its last box
    boxes: dict[str, tuple[float, float]] = field(default_factory=dict)  # IRI -> (x, y) of its box


def neighbourhood_svg(store: Store, iri: str, lang: str, base_iri: str) -> str | None:
    """The SVG of the thing's neighbourhood, or None when the graph says nothing about it."""
    if not store.ask("ASK { ?item ?p ?o }", bindings={"item": URIRef(iri)}):
        return None
    ids = id_base(base_iri)
    links = [r for r in store.values(_PREFIXES + _LINKS, bindings={"item": URIRef(iri)}) if r["x"].startswith(ids)]
    centre_kind = nodes(store, [iri], lang)[iri].kind
    shared = _related(store, iri) if centre_kind == INTERVENTION else {}
    known = nodes(store, [iri, *(r["x"] for r in links), *(t for ts in shared.values() for t in ts), *shared], lang)
    words = WORDS[lang]
    label = Labeller(store, lang)
    left = _column(words["links_here"], [r for r in links if r["dir"] == "in"], known, label, lang, incoming=True)
    right = _column(words["links_to"], [r for r in links if r["dir"] == "uit"], known, label, lang, incoming=False)
    return _draw(known[iri], left, right, shared, known, lang, base_iri)


def _related(store: Store, iri: str) -> dict[str, list[str]]:
    """Other interventions with what they share with this one: at most MAX_RELATED, most shared first."""
    shares: dict[str, list[str]] = defaultdict(list)
    for row in store.values(_PREFIXES + _RELATED, bindings={"item": URIRef(iri)}):
        shares[row["ander"]].append(row["doelwit"])
    best = sorted(shares, key=lambda other: (-len(shares[other]), other))[:MAX_RELATED]
    return {other: sorted(shares[other]) for other in best}


def _column(
    heading: str, rows: list[dict[str, str]], known: dict[str, Node], label: Labeller, lang: str, incoming: bool
) -> Column:
    """A column of nodes in sections by how they relate; a node linked in two ways shows once, under both names."""
    relations: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        relations[row["x"]].add(_relation_name(row["p"], label, lang, incoming))
    by_relation: dict[str, list[Node]] = defaultdict(list)
    for iri, names in relations.items():
        by_relation[", ".join(sorted(names, key=str.lower))].append(known[iri])
    sections: list[Section] = []
    shown = 0
    for name in sorted(by_relation, key=str.lower):
        members = sorted(by_relation[name], key=_node_order)[: MAX_PER_COLUMN - shown]
        if not members:
            break
        sections.append(Section(name, members))
        shown += len(members)
    return Column(heading, sections, len(relations) - shown)


def _relation_name(predicate: str, label: Labeller, lang: str, incoming: bool) -> str:
    """How a relation reads from the thing in the middle: 'Werkt op', or backwards 'Wordt versterkt door'."""
    index = 0 if lang == "nl" else 1
    if incoming and predicate == WORKS_ON:
        return ("Interventies die hierop werken", "Interventions that work on this")[index]
    if incoming and predicate in INVERSE:
        return INVERSE[predicate][index]
    name = label(predicate)
    name = name[:1].upper() + name[1:]
    return f"{name} → {('dit', 'this')[index]}" if incoming else name


def _node_order(node: Node) -> tuple[int, str, str]:
    return (ORDER.index(node.kind), node.label.lower(), node.iri)


def _height(column: Column) -> float:
    boxes = sum(len(s.members) for s in column.sections)
    heads = sum(1 for s in column.sections if s.heading)
    return HEAD + heads * HEAD + boxes * (NODE_H + GAP_Y) + (HEAD if column.hidden else 0)


def _place(column: Column, x: float, top: float, content: float) -> None:
    """Positions of the column's heading, section headings and boxes, centred in the content's height."""
    column.x = x
    column.y = top + (content - _height(column)) / 2 + 16
    y = column.y + HEAD - 16
    for section in column.sections:
        if section.heading:
            section.y = y + 16
            y += HEAD
        for node in section.members:
            column.boxes[node.iri] = (x, y)
            y += NODE_H + GAP_Y
    column.end = y


def _related_column(shared: dict[str, list[str]], right: Column, known: dict[str, Node], lang: str) -> Column:
    """Related interventions in the order of the height of what they share, so that lines cross less."""

    def height(other: str) -> float:
        ys = [right.boxes[t][1] for t in shared[other] if t in right.boxes]
        return sum(ys) / len(ys) if ys else 0.0

    members = sorted((known[o] for o in shared), key=lambda n: (height(n.iri), n.label.lower(), n.iri))
    return Column(WORDS[lang]["related"], [Section("", members)] if members else [])


def _draw(
    centre: Node,
    left: Column,
    right: Column,
    shared: dict[str, list[str]],
    known: dict[str, Node],
    lang: str,
    base_iri: str,
) -> str:
    words = WORDS[lang]
    middle = Column("", [])
    columns = [c for c in (left,) if c.sections] + [middle] + [c for c in (right,) if c.sections]
    count = len(columns) + (1 if shared and right.sections else 0)
    width = 2 * MARGIN + count * NODE_W + (count - 1) * COL_GAP
    key, key_height = legend(MARGIN, 40, width - 2 * MARGIN, lang)
    top = 40 + key_height + 8
    content = max([CENTRE_H + 2 * HEAD, *(_height(c) for c in columns)])
    for index, column in enumerate(columns):
        _place(column, MARGIN + index * (NODE_W + COL_GAP), top, content)
    related = _related_column(shared, right, known, lang) if count > len(columns) else None
    if related is not None:
        content = max(content, _height(related))
        _place(related, MARGIN + len(columns) * (NODE_W + COL_GAP), top, content)
    centre_box = (middle.x, top + content / 2 - CENTRE_H / 2)
    heading = f"{words['around']} {centre.label}"
    shown = shorten(heading, width - 2 * MARGIN, 17 * BOLD)
    body = [svg.text(MARGIN, 26, shown, 17, font_weight="bold"), key]
    body += _edges(left, right, related, shared, centre_box)
    for column in [*columns, *([related] if related else [])]:
        body.append(_column_svg(column, known, lang, base_iri))
    body.append(_node(centre, *centre_box, lang, base_iri, centre=True))
    return svg.document(
        width,
        top + content + MARGIN,
        heading,
        words["around_desc"].format(name=centre.label),
        "".join(body),
        "omgeving",
        interactive=True,
        defs=svg.arrow_marker("omgeving-pijl", LINE),
    )


def _edges(
    left: Column, right: Column, related: Column | None, shared: dict[str, list[str]], centre: tuple[float, float]
) -> list[str]:
    cx, cy = centre
    middle = cy + CENTRE_H / 2
    paths = [_curve(x + NODE_W, y + NODE_H / 2, cx, middle) for x, y in sorted(left.boxes.values())]
    paths += [_curve(cx + NODE_W, middle, x, y + NODE_H / 2) for x, y in sorted(right.boxes.values())]
    if related is not None:
        for other, targets in sorted(shared.items()):
            for target in targets:
                if target in right.boxes and other in related.boxes:
                    ox, oy = related.boxes[other]
                    tx, ty = right.boxes[target]
                    paths.append(_curve(ox, oy + NODE_H / 2, tx + NODE_W, ty + NODE_H / 2))
    return paths


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    """A smooth line from (x1, y1) to (x2, y2), leaving and arriving horizontally, with an arrow at the end."""
    bend = (x2 - x1) / 2
    n = svg.num
    d = f"M{n(x1)},{n(y1)} C{n(x1 + bend)},{n(y1)} {n(x2 - bend)},{n(y2)} {n(x2)},{n(y2)}"
    return f"<path{svg.attrs(d=d, fill='none', stroke=LINE, stroke_width=1.5, marker_end='url(#omgeving-pijl)')}/>"


def _column_svg(column: Column, known: dict[str, Node], lang: str, base_iri: str) -> str:
    if not column.heading:
        return ""
    parts = [svg.text(column.x, column.y, column.heading, 14, font_weight="bold")]
    for section in column.sections:
        if section.heading:
            short = wrap(section.heading, NODE_W, 12, lines=1)[0]
            parts.append(svg.text(column.x, section.y, short, 12, fill=MUTED, font_style="italic"))
        parts += [_node(node, *column.boxes[node.iri], lang, base_iri) for node in section.members]
    if column.hidden:
        more = WORDS[lang]["more"].format(n=column.hidden)
        parts.append(svg.text(column.x, column.end + 6, more, 12, fill=MUTED))
    return "".join(parts)


def _node(node: Node, x: float, y: float, lang: str, base_iri: str, centre: bool = False) -> str:
    style = STYLES[node.kind]
    size, h = (14, CENTRE_H) if centre else (SIZE, NODE_H)
    text_lines = wrap(
        node.label, svg.text_room(style, NODE_W), size * (BOLD if centre else 1), lines=3 if centre else 2
    )
    body = svg.shape(style, x, y, NODE_W, h, 3.5 if centre else 1.5)
    weight = "bold" if centre else None
    body += svg.lines(x + NODE_W / 2, y + h / 2, text_lines, size, text_anchor="middle", font_weight=weight)
    return svg.link(svg.doc_href(node.iri, base_iri), body, f"{node.label} ({WORDS[lang][node.kind].lower()})")
