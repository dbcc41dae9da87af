"""The gap map as a picture: one grid of boxes, drawn as SVG (with links) or as PNG (with Pillow).

Both come from the same list of boxes, so the download looks like the page. An empty cell is hatched
and says "leeg"; a weak cell (only "onbekend" or no evidence) has a dashed border and names the level;
so nothing depends on colour alone.
"""

import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from graaf.pictures import svg
from graaf.pictures.gapmap import Cell, GapMap, Row
from graaf.pictures.style import (
    EMPTY_FILL,
    GRID,
    HATCH,
    HEADER_FILL,
    MUTED,
    RANK_FILLS,
    RANK_STROKE,
    TEXT,
    WEAK_FILL,
    WEAK_STROKE,
)
from graaf.pictures.text import BOLD, shorten, wrap
from graaf.pictures.words import WORDS

MARGIN, TOP = 16.0, 96.0
HEAD_W, CELL_W, HEAD_H, ROW_H, LEVEL_H = 250.0, 128.0, 52.0, 58.0, 30.0
SIZE = 13


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    fill: str = "#ffffff"
    stroke: str = GRID
    dash: bool = False
    hatch: bool = False
    bold: bool = False
    left: bool = False  # text aligned left instead of centred
    href: str | None = None
    name: str = ""  # the full text, for a tooltip


def boxes(gap: GapMap, lang: str, base_iri: str) -> tuple[float, float, list[Box]]:
    """Width, height and every box of the map, in drawing order."""
    words = WORDS[lang]
    columns = [*gap.columns, None]
    width = 2 * MARGIN + HEAD_W + len(columns) * CELL_W
    found = [Box(MARGIN, TOP, HEAD_W, HEAD_H, (words["mechanism"],), HEADER_FILL, bold=True, left=True)]
    for index, column in enumerate(columns):
        name = column.label if column else words["all"]
        lines = tuple(wrap(name, CELL_W - 12, SIZE * BOLD, 2))
        href = svg.doc_href(column.iri, base_iri) if column else None
        full = name if column else words["all_long"]
        found.append(Box(_x(index), TOP, CELL_W, HEAD_H, lines, HEADER_FILL, bold=True, href=href, name=full))
    y, level = TOP + HEAD_H, None
    for row in gap.rows:
        if row.level != level:
            level = row.level
            title = (level or words["no_level"])[:1].upper() + (level or words["no_level"])[1:]
            found.append(Box(MARGIN, y, width - 2 * MARGIN, LEVEL_H, (title,), "#e4eaee", bold=True, left=True))
            y += LEVEL_H
        found += _row(gap, row, y, lang, base_iri)
        y += ROW_H
    return width, y + MARGIN, found


def _x(index: int) -> float:
    return MARGIN + HEAD_W + index * CELL_W


def _row(gap: GapMap, row: Row, y: float, lang: str, base_iri: str) -> list[Box]:
    lines = tuple(wrap(row.mechanism.label, HEAD_W - 16, SIZE, 2))
    href = svg.doc_href(row.mechanism.iri, base_iri)
    found = [Box(MARGIN, y, HEAD_W, ROW_H, lines, left=True, href=href, name=row.mechanism.label)]
    for index, (column, cell) in enumerate([*zip(gap.columns, row.cells, strict=True), (None, row.total)]):
        found.append(_cell(gap, row, column, cell, _x(index), y, lang))
    return found


def cell_text(cell: Cell, lang: str) -> tuple[str, str]:
    """The two things a cell says: how many interventions, and the best level of evidence."""
    words = WORDS[lang]
    if cell.count == 0:
        return words["empty"], ""
    count = words["interventions_one"] if cell.count == 1 else words["interventions_many"].format(n=cell.count)
    return count, cell.level or words["no_evidence"]


def _cell(gap: GapMap, row: Row, column: object, cell: Cell, x: float, y: float, lang: str) -> Box:
    count, level = cell_text(cell, lang)
    lines = (count, *wrap(level, CELL_W - 12, 12, 2)) if level else (count,)
    href = gap.search_link(row, column)  # type: ignore[arg-type]
    names = ", ".join(gap.names[i] for i in cell.interventions)
    name = f"{row.mechanism.label}: {count}" + (f", {level}" if level else "") + (f" ({names})" if names else "")
    if cell.count == 0:
        return Box(x, y, CELL_W, ROW_H, lines, EMPTY_FILL, hatch=True, href=href, name=name)
    if cell.weak:
        return Box(x, y, CELL_W, ROW_H, lines, WEAK_FILL, WEAK_STROKE, dash=True, href=href, name=name)
    fill = RANK_FILLS[min(max(cell.rank or 1, 1), len(RANK_FILLS)) - 1]
    return Box(x, y, CELL_W, ROW_H, lines, fill, RANK_STROKE, href=href, name=name)


def _key(lang: str) -> list[Box]:
    """What the three kinds of cell look like, each with its words."""
    words = WORDS[lang]
    samples = [
        (words["empty"], dict(fill=EMPTY_FILL, hatch=True)),
        (words["weak"], dict(fill=WEAK_FILL, stroke=WEAK_STROKE, dash=True)),
        (words["stronger"], dict(fill=RANK_FILLS[1], stroke=RANK_STROKE)),
    ]
    found, x = [], MARGIN
    for text, look in samples:
        found.append(Box(x, 48, 300, 30, (text,), **look))  # type: ignore[arg-type]
        x += 310
    return found


def gap_map_svg(gap: GapMap, lang: str, base_iri: str, columns_name: str) -> str:
    words = WORDS[lang]
    width, height, found = boxes(gap, lang, base_iri)
    heading = f"{words['gap']}: {words['mechanism'].lower()} × {columns_name}"
    body = [svg.text(MARGIN, 28, shorten(heading, width - 2 * MARGIN, 17 * BOLD), 17, font_weight="bold")]
    body += [_svg_box(box) for box in [*_key(lang), *found]]
    pattern = (
        '<pattern id="kaart-leeg" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{HATCH}" stroke-width="2"/></pattern>'
    )
    description = words["gap_desc"].format(columns=columns_name)
    return svg.document(width, height, heading, description, "".join(body), "kaart", True, pattern)


def _svg_box(box: Box) -> str:
    paint = svg.attrs(fill=box.fill, stroke=box.stroke, stroke_width=2.0 if box.dash else 1.0)
    dash = svg.attrs(stroke_dasharray="5 3") if box.dash else ""
    geometry = svg.attrs(x=box.x, y=box.y, width=box.w, height=box.h)
    body = f"<rect{geometry}{paint}{dash}/>"
    if box.hatch:
        body += f'<rect{geometry} fill="url(#kaart-leeg)"/>'
        inner = (box.h - 16) / 2 if len(box.lines) == 1 else 12.0
        plate = svg.attrs(x=box.x + 24, y=box.y + inner, width=box.w - 48, height=box.h - 2 * inner, fill="#ffffff")
        body += f"<rect{plate}/>"
    x = box.x + 8 if box.left else box.x + box.w / 2
    if _is_cell(box):
        body += _cell_lines(box, x)
    else:
        anchor = None if box.left else "middle"
        weight = "bold" if box.bold else None
        body += svg.lines(x, box.y + box.h / 2, list(box.lines), SIZE, text_anchor=anchor, font_weight=weight)
    return svg.link(box.href, body, box.name) if box.href else body


def _is_cell(box: Box) -> bool:
    return not box.left and not box.bold and len(box.lines) > 1


def _cell_lines(box: Box, x: float) -> str:
    """A cell: the count in bold, the level below it in smaller type (both at least 12 px)."""
    step = 15.0
    first = box.y + box.h / 2 - step * (len(box.lines) - 1) / 2 + 4
    parts = [svg.text(x, first, box.lines[0], SIZE, text_anchor="middle", font_weight="bold")]
    for index, line in enumerate(box.lines[1:], start=1):
        parts.append(svg.text(x, first + step * index, line, 12, text_anchor="middle", fill=MUTED))
    return "".join(parts)


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's own font (in the wheel): the same on every machine, so the PNG is too."""
    return ImageFont.load_default(size=size)


def gap_map_png(gap: GapMap, lang: str, columns_name: str) -> bytes:
    """The same grid as the SVG, as a PNG."""
    words = WORDS[lang]
    width, height, found = boxes(gap, lang, "")
    image = Image.new("RGB", (round(width), round(height)), "#ffffff")
    draw = ImageDraw.Draw(image)
    heading = f"{words['gap']}: {words['mechanism'].lower()} × {columns_name}"
    draw.text((MARGIN, 14), heading, fill=TEXT, font=_font(18))
    for box in [*_key(lang), *found]:
        _png_box(draw, box)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _png_box(draw: ImageDraw.ImageDraw, box: Box) -> None:
    x0, y0, x1, y1 = round(box.x), round(box.y), round(box.x + box.w), round(box.y + box.h)
    draw.rectangle((x0, y0, x1, y1), fill=box.fill)
    if box.hatch:
        for c in range(-(y1 - y0), x1 - x0, 8):  # lines x - y = c, clipped to the box
            start = (x0 + max(c, 0), y0 + max(-c, 0))
            length = min(x1 - start[0], y1 - start[1])
            draw.line((start, (start[0] + length, start[1] + length)), fill=HATCH, width=2)
        inner = 12 if len(box.lines) > 1 else (box.h - 16) // 2
        draw.rectangle((x0 + 24, y0 + inner, x1 - 24, y1 - inner), fill="#ffffff")
    if box.dash:
        _dashed(draw, (x0, y0, x1, y1), box.stroke)
    else:
        draw.rectangle((x0, y0, x1, y1), outline=box.stroke, width=1)
    cell = _is_cell(box)
    step = 15.0 if cell else SIZE * 1.25
    first = box.y + box.h / 2 - step * (len(box.lines) - 1) / 2
    for index, line in enumerate(box.lines):
        size = 12 if cell and index else SIZE + 1
        x = box.x + 8 if box.left else box.x + box.w / 2
        anchor = "lm" if box.left else "mm"
        colour = MUTED if cell and index else TEXT
        draw.text((x, first + index * step), line, fill=colour, font=_font(size), anchor=anchor)


def _dashed(draw: ImageDraw.ImageDraw, rect: tuple[int, int, int, int], colour: str) -> None:
    x0, y0, x1, y1 = rect
    for x in range(x0, x1, 8):
        draw.line(((x, y0), (min(x + 5, x1), y0)), fill=colour, width=2)
        draw.line(((x, y1), (min(x + 5, x1), y1)), fill=colour, width=2)
    for y in range(y0, y1, 8):
        draw.line(((x0, y), (x0, min(y + 5, y1))), fill=colour, width=2)
        draw.line(((x1, y), (x1, min(y + 5, y1))), fill=colour, width=2)
