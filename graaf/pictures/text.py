"""Fitting labels into boxes without a font engine: an estimate of text width, wrapping and shortening.

SVG text does not wrap by itself and we do not know the reader's font, so widths are estimated per
character from a typical sans-serif, on the wide side so that text rather ends early than overflows.
"""

# Widths as a fraction of the font size, for a typical sans-serif (system-ui, Arial, DejaVu Sans).
_NARROW = set("fijlrtI.,;:'!|()[] ")
_WIDE = set("mwMW@%")
ELLIPSIS = "…"
BOLD = 1.1  # bold text is about this much wider: pass size * BOLD


def width(text: str, size: float) -> float:
    """Estimated width in pixels of `text` at font size `size`."""
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += 0.36
        elif char in _WIDE:
            total += 0.92
        elif char.isupper() or char.isdigit():
            total += 0.7
        else:
            total += 0.6
    return total * size


def shorten(text: str, room: float, size: float) -> str:
    """The text, cut with an ellipsis where it would be wider than `room`."""
    if width(text, size) <= room:
        return text
    while text and width(text + ELLIPSIS, size) > room:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def wrap(text: str, room: float, size: float, lines: int = 2) -> list[str]:
    """At most `lines` lines of at most `room` pixels; the last one shortened if the text goes on."""
    words = text.split()
    found: list[str] = []
    current = ""
    for index, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if width(trial, size) <= room or not current:
            current = trial
            continue
        found.append(current)
        current = word
        if len(found) == lines - 1:
            current = " ".join(words[index:])
            break
    if current:
        found.append(current)
    return [shorten(line, room, size) for line in found[:lines]]
