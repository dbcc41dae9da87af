"""The look of the pictures: a shape and a colour per kind of thing, and the colours of the gap map.

Kind is never shown by colour alone: every kind has its own shape, and the legend names it. Fills
are light so that dark text on them passes WCAG AA (contrast 4.5:1 and much more); outlines are dark
enough (3:1 against white) to see the shape.
"""

from dataclasses import dataclass

from ontologie.namespaces import KERN

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
TEXT = "#1d1d1d"
MUTED = "#4a4a4a"  # 8.9:1 on white
LINE = "#4a4a4a"
ERODES = "#9c2a00"  # the line of "tast aan", 7.4:1 on white


@dataclass(frozen=True)
class Style:
    shape: str  # rounded, ellipse, hexagon, parallelogram, rect
    fill: str
    stroke: str
    dash: str | None = None


INTERVENTION = "interventie"
MECHANISM = "mechanisme"
CAPITAL = "kapitaalvorm"
OUTCOME = "uitkomst"
OTHER = "ander"

STYLES: dict[str, Style] = {
    INTERVENTION: Style("rounded", "#dcebfa", "#0b4f8a"),
    MECHANISM: Style("ellipse", "#fde4cf", "#a64b00"),
    CAPITAL: Style("hexagon", "#d9f0de", "#1e6b35"),
    OUTCOME: Style("parallelogram", "#ece0f5", "#6a3d9a"),
    OTHER: Style("rect", "#eeeeee", "#595959", "4 3"),
}
ORDER = [INTERVENTION, MECHANISM, CAPITAL, OUTCOME, OTHER]

# rdf:type -> kind; the first match in ORDER wins when a thing has several types.
CLASSES: dict[str, str] = {
    str(KERN.Interventie): INTERVENTION,
    str(KERN.PersoonsgerichteInterventie): INTERVENTION,
    str(KERN.Netwerkactiviteit): INTERVENTION,
    str(KERN.Mechanisme): MECHANISM,
    str(KERN.Kapitaalvorm): CAPITAL,
    str(KERN.Uitkomst): OUTCOME,
}


def kind_of(types: set[str]) -> str:
    kinds = {CLASSES[t] for t in types if t in CLASSES}
    return next((k for k in ORDER if k in kinds), OTHER)


# Gap map cells. The pattern and the words say the same as the colour: "leeg" for empty, a dashed
# border and the level's name for weak evidence.
EMPTY_FILL = "#ffffff"
HATCH = "#b5b5b5"
WEAK_FILL = "#fff1d6"
WEAK_STROKE = "#8a5a00"
# Light to darker blue for rank 1..5, all light enough for dark text (contrast above 9:1).
RANK_FILLS = ["#e3f0fb", "#cfe4f7", "#bbd8f2", "#a7ccee", "#93c0e9"]
RANK_STROKE = "#0b4f8a"
GRID = "#8c8c8c"
HEADER_FILL = "#f2f5f7"
