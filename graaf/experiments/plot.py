"""A small chart per indicator: the measurements over time, the straight path to the target, and the target.

Plain SVG written here (no chart library, nothing from outside), and the same drawing as PNG with
Pillow for people who paste it into a report. The layout is computed once (`layout`) and both
renderers draw from it, so the two never disagree.
"""

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from graaf.experiments.progress import Progress

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 40, 56
LINE, PATH, TARGET, TEXT = "#1f5f8b", "#7a7a7a", "#2e7d32", "#222222"


@dataclass(frozen=True)
class Layout:
    title: str
    points: list[tuple[float, float, str, str]]  # x, y, period, value as text
    path: tuple[float, float, float, float] | None  # baseline at start -> target at end
    target: float | None  # y of the target line
    ticks: list[tuple[float, str]]  # y and label of the value axis
    note: str


def number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def layout(progress: Progress, title: str, start: date | None, end: date | None, note: str) -> Layout:
    """Where everything goes, in pixels; time runs over the experiment's period (or the measurements')."""
    days = [p.period.middle.toordinal() for p in progress.points]
    first = min([*days, *([start.toordinal()] if start else [])], default=0)
    last = max([*days, *([end.toordinal()] if end else [])], default=first + 1)
    last = last if last > first else first + 1
    values = [p.value for p in progress.points] + [v for v in (progress.baseline, progress.target) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    margin = (high - low) * 0.1 or 1.0
    low, high = low - margin, high + margin

    def x(day: int) -> float:
        return LEFT + (day - first) / (last - first) * (WIDTH - LEFT - RIGHT)

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * (HEIGHT - TOP - BOTTOM)

    points = [(x(d), y(p.value), p.period.text, number(p.value)) for d, p in zip(days, progress.points, strict=True)]
    path = None
    if start and end and progress.baseline is not None and progress.target is not None:
        path = (x(start.toordinal()), y(progress.baseline), x(end.toordinal()), y(progress.target))
    target = y(progress.target) if progress.target is not None else None
    ticks = [(y(low + (high - low) * i / 4), number(round(low + (high - low) * i / 4, 1))) for i in range(5)]
    return Layout(title, points, path, target, ticks, note)


def svg(plan: Layout) -> str:
    """The chart as a standalone SVG document with a title and description for screen readers."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="titel uitleg" font-family="sans-serif" font-size="12">',
        f'<title id="titel">{escape(plan.title)}</title><desc id="uitleg">{escape(plan.note)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="22" font-size="14" fill="{TEXT}">{escape(plan.title)}</text>',
    ]
    for ty, label in plan.ticks:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#e4e4e4"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end" fill="{TEXT}">{escape(label)}</text>')
    if plan.target is not None:
        parts.append(
            f'<line class="streefwaarde" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{plan.target:.1f}" '
            f'y2="{plan.target:.1f}" stroke="{TARGET}" stroke-dasharray="2 3"/>'
        )
    if plan.path:
        x1, y1, x2, y2 = plan.path
        parts.append(
            f'<line class="pad" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{PATH}" '
            'stroke-dasharray="6 4"/>'
        )
    if plan.points:
        line = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in plan.points)
        parts.append(f'<polyline class="metingen" points="{line}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for px, py, period, value in plan.points:
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{LINE}">'
            f"<title>{escape(period)}: {escape(value)}</title></circle>"
        )
        parts.append(f'<text x="{px:.1f}" y="{py - 8:.1f}" text-anchor="middle" fill="{TEXT}">{escape(value)}</text>')
        parts.append(
            f'<text x="{px:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" fill="{TEXT}">{escape(period)}</text>'
        )
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 12}" fill="{TEXT}">{escape(plan.note)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def png(plan: Layout) -> bytes:
    """The same chart as PNG (Pillow's own font: no system fonts, nothing fetched)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    draw.text((LEFT, 8), plan.title, fill=TEXT, font=font)
    for ty, label in plan.ticks:
        draw.line([(LEFT, ty), (WIDTH - RIGHT, ty)], fill="#e4e4e4")
        draw.text((LEFT - 8, ty), label, fill=TEXT, font=font, anchor="rm")
    if plan.target is not None:
        draw.line([(LEFT, plan.target), (WIDTH - RIGHT, plan.target)], fill=TARGET)
    if plan.path:
        draw.line([plan.path[:2], plan.path[2:]], fill=PATH)
    if len(plan.points) > 1:
        draw.line([(px, py) for px, py, _, _ in plan.points], fill=LINE, width=2)
    for px, py, period, value in plan.points:
        draw.ellipse([px - 4, py - 4, px + 4, py + 4], fill=LINE)
        draw.text((px, py - 8), value, fill=TEXT, font=font, anchor="ms")
        draw.text((px, HEIGHT - BOTTOM + 18), period, fill=TEXT, font=font, anchor="ms")
    draw.text((LEFT, HEIGHT - 20), plan.note, fill=TEXT, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
