"""The legend: one small shape and its name per kind, wrapped over as many rows as the width needs."""

from graaf.pictures import svg
from graaf.pictures.style import ORDER, STYLES
from graaf.pictures.text import width
from graaf.pictures.words import WORDS

SIZE = 13
ROW = 30


def legend(x: float, y: float, room: float, lang: str, kinds: list[str] | None = None) -> tuple[str, float]:
    """The legend's SVG from (x, y) within `room` pixels, and the height it takes."""
    words = WORDS[lang]
    parts = [svg.text(x, y + 16, words["legend"] + ":", SIZE, font_weight="bold")]
    left = x + width(words["legend"] + ":", SIZE) + 14
    cursor, top = left, y
    for kind in kinds or ORDER:
        name = words[kind]
        item = 40 + width(name, SIZE) + 18
        if cursor + item > x + room and cursor > left:
            cursor, top = left, top + ROW
        parts.append(svg.shape(STYLES[kind], cursor, top + 1, 34, 20))
        parts.append(svg.text(cursor + 40, top + 16, name, SIZE))
        cursor += item
    return "".join(parts), top - y + ROW
