"""Writing SVG by hand: escaped text, stable number formatting, the shapes of each kind of thing.

Every label comes from the graph, which editors can change, so every text and attribute value is
escaped here; a picture never carries script or outside references. Numbers are rounded the same way
every time so the same graph gives the same bytes.
"""

from collections.abc import Iterable
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from graaf.pictures.style import FONT, TEXT, Style
from ontologie.namespaces import id_base


def num(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing '.0'."""
    text = f"{round(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def attrs(**values: object) -> str:
    """XML attributes from keyword arguments (trailing '_' dropped, '_' becomes '-'); None is left out."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        shown = num(value) if isinstance(value, float) else str(value)
        parts.append(f" {name}={quoteattr(shown)}")
    return "".join(parts)


def text(x: float, y: float, content: str, size: float = 13, **extra: object) -> str:
    return f"<text{attrs(x=float(x), y=float(y), font_size=size, **extra)}>{escape(content)}</text>"


def lines(x: float, middle: float, content: list[str], size: float, **extra: object) -> str:
    """Lines of text centred vertically on `middle`."""
    step = size * 1.25
    first = middle - step * (len(content) - 1) / 2 + size * 0.35
    return "".join(text(x, first + i * step, line, size, **extra) for i, line in enumerate(content))


def title(content: str) -> str:
    return f"<title>{escape(content)}</title>"


def link(href: str | None, body: str, label: str) -> str:
    """A node as a link (to the top window, so it also works inside an <object>), with its full name."""
    if href is None:
        return f"<g>{title(label)}{body}</g>"
    return f"<a{attrs(href=href, target='_top')}>{title(label)}{body}</a>"


def doc_href(iri: str, base_iri: str) -> str | None:
    """The /doc/ page on this server for an IRI of ours; None for anything else (no links off the site)."""
    ids = id_base(base_iri)
    if not iri.startswith(ids) or len(iri) == len(ids):
        return None
    return "/doc/" + quote(iri[len(ids) :], safe="/")


def shape(style: Style, x: float, y: float, w: float, h: float, stroke_width: float = 1.5) -> str:
    """The outline of a node of this style in the box (x, y, w, h)."""
    paint = attrs(fill=style.fill, stroke=style.stroke, stroke_width=float(stroke_width), stroke_dasharray=style.dash)
    if style.shape == "ellipse":
        return f"<ellipse{attrs(cx=x + w / 2, cy=y + h / 2, rx=w / 2, ry=h / 2)}{paint}/>"
    if style.shape == "hexagon":
        cut = min(h / 2, 18.0)
        points = [
            (x + cut, y),
            (x + w - cut, y),
            (x + w, y + h / 2),
            (x + w - cut, y + h),
            (x + cut, y + h),
            (x, y + h / 2),
        ]
        return f"<polygon{attrs(points=_points(points))}{paint}/>"
    if style.shape == "parallelogram":
        slant = min(h / 2, 14.0)
        points = [(x + slant, y), (x + w, y), (x + w - slant, y + h), (x, y + h)]
        return f"<polygon{attrs(points=_points(points))}{paint}/>"
    radius = 14.0 if style.shape == "rounded" else 0.0
    return f"<rect{attrs(x=float(x), y=float(y), width=float(w), height=float(h), rx=radius)}{paint}/>"


def text_room(style: Style, w: float) -> float:
    """How wide a line of text may be inside a node of this shape and width."""
    if style.shape == "ellipse":
        return w * 0.74
    if style.shape in ("hexagon", "parallelogram"):
        return w - 40
    return w - 20


def _points(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{num(px)},{num(py)}" for px, py in points)


def arrow_marker(ident: str, colour: str) -> str:
    return (
        f"<marker{attrs(id=ident, viewBox='0 0 10 10', refX=9.0, refY=5.0, markerWidth=8.0, markerHeight=8.0)}"
        f"{attrs(orient='auto-start-reverse', markerUnits='userSpaceOnUse')}>"
        f"<path{attrs(d='M0,0 L10,5 L0,10 z', fill=colour)}/></marker>"
    )


def document(
    width: float, height: float, name: str, description: str, body: str, ident: str, interactive: bool, defs: str = ""
) -> str:
    """A complete, standalone SVG document.

    A picture with links is a group of links with a name (role=group): role=img would hide the links
    from assistive technology. A picture without links is an image with a name and a description.
    """
    role = "group" if interactive else "img"
    head = attrs(
        xmlns="http://www.w3.org/2000/svg",
        width=float(width),
        height=float(height),
        viewBox=f"0 0 {num(width)} {num(height)}",
        role=role,
        aria_labelledby=f"{ident}-titel {ident}-uitleg",
        font_family=FONT,
        fill=TEXT,
    )
    return (
        f"<svg{head}><title{attrs(id=ident + '-titel')}>{escape(name)}</title>"
        f"<desc{attrs(id=ident + '-uitleg')}>{escape(description)}</desc><defs>{defs}</defs>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>{body}</svg>\n'
    )
