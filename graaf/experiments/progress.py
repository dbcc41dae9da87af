"""Progress of an experiment against its goals: baseline, latest value, target, trend and whether it is on track.

The computation is a pure function of the numbers (`assess`), so it can be tested without a graph;
`experiment_progress` reads the numbers with the named query experiment-metingen.rq, which the lab
can rerun. "On track" compares the latest value with a straight path from the baseline at the start
of the experiment to the target at its end, in the indicator's direction of "better".
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import URIRef

from graaf.experiments.periods import Period, parse_period, period_bound
from graaf.storage.store import Store
from ontologie.namespaces import KERN

QUERY = (Path(__file__).resolve().parent.parent / "queries" / "experiment-metingen.rq").read_text(encoding="utf-8")
LOWER_IS_BETTER = "lager-is-beter"
TREND_WINDOW = 3  # the trend is the slope over the last (at most) three values


@dataclass(frozen=True)
class Point:
    period: Period
    value: float


@dataclass
class Progress:
    """One indicator in one place of an experiment."""

    indicator: str
    place: str | None
    unit: str
    higher_is_better: bool | None
    baseline: float | None
    target: float | None
    points: list[Point] = field(default_factory=list)
    latest: Point | None = None
    expected: float | None = None  # where the straight path from baseline to target is at the latest period
    trend: str | None = None  # "beter", "slechter" or "gelijk"; None with fewer than two values
    on_track: bool | None = None  # None when baseline, target, period or values are missing
    goals: list[str] = field(default_factory=list)


def assess(progress: Progress, start: date | None, end: date | None) -> Progress:
    """Fill in latest value, trend and on track from the points, the baseline, the target and the period."""
    points = sorted(progress.points, key=lambda p: p.period)
    progress.points = points
    if progress.baseline is None and points:
        progress.baseline = points[0].value  # no stated baseline: the first measurement is the start
    progress.latest = points[-1] if points else None
    better = progress.higher_is_better
    if better is None and progress.baseline is not None and progress.target is not None:
        better = progress.target >= progress.baseline  # no stated direction: the target says which way is up
    progress.higher_is_better = better
    progress.trend = _trend(points[-TREND_WINDOW:], better)
    progress.expected = _expected(progress, start, end)
    if progress.expected is not None and progress.latest is not None and better is not None:
        value = progress.latest.value
        progress.on_track = value >= progress.expected if better else value <= progress.expected
    return progress


def _trend(points: list[Point], higher_is_better: bool | None) -> str | None:
    """The sign of the least-squares slope over the points, read in the direction of better."""
    if len(points) < 2 or higher_is_better is None:
        return None
    xs = [p.period.middle.toordinal() for p in points]
    ys = [p.value for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    change = slope * (xs[-1] - xs[0])
    if abs(change) <= 1e-9 * max(1.0, *(abs(y) for y in ys)):
        return "gelijk"
    return "beter" if (change > 0) == higher_is_better else "slechter"


def _expected(progress: Progress, start: date | None, end: date | None) -> float | None:
    if None in (progress.baseline, progress.target, start, end, progress.latest) or end <= start:  # type: ignore[operator]
        return None
    assert progress.baseline is not None and progress.target is not None and progress.latest is not None
    assert start is not None and end is not None
    moment = progress.latest.period.middle
    share = min(1.0, max(0.0, (moment - start).days / (end - start).days))
    return progress.baseline + share * (progress.target - progress.baseline)


@dataclass
class ExperimentProgress:
    experiment: str
    start: date | None
    end: date | None
    indicators: list[Progress]


def experiment_progress(store: Store, experiment: str | None = None) -> list[ExperimentProgress]:
    """Progress of every indicator of one experiment (or of all), read from the graph and assessed."""
    bindings = {"experiment": URIRef(experiment)} if experiment else None
    rows = store.values(QUERY, bindings=bindings)
    goals = _goals(store)
    found: dict[str, ExperimentProgress] = {}
    series: dict[tuple[str, str, str | None], Progress] = {}
    for row in rows:
        name = row["experiment"]
        item = found.get(name)
        if item is None:
            begin, einde = row.get("begin"), row.get("einde")
            start = period_bound(begin, end=False) if begin else None
            end = period_bound(einde, end=True) if einde else None
            item = found[name] = ExperimentProgress(name, start, end, [])
        key = (name, row["indicator"], row.get("plaats"))
        progress = series.get(key)
        if progress is None:
            progress = series[key] = _progress(row, goals.get(row["indicator"], []))
            # An indicator without any measurement yet still gets a row (its place unknown).
            item.indicators.append(progress)
        period = parse_period(row.get("periode", ""))
        if period is not None and "waarde" in row:
            progress.points.append(Point(period, float(row["waarde"])))
    for item in found.values():
        for progress in item.indicators:
            assess(progress, item.start, item.end)
    return sorted(found.values(), key=lambda e: e.experiment)


def _progress(row: dict[str, str], goals: list[str]) -> Progress:
    direction = row.get("richting")
    return Progress(
        indicator=row["indicator"],
        place=row.get("plaats"),
        unit=row.get("eenheid", ""),
        higher_is_better=None if direction is None else not direction.endswith(LOWER_IS_BETTER),
        baseline=float(row["basiswaarde"]) if "basiswaarde" in row else None,
        target=float(row["streefwaarde"]) if "streefwaarde" in row else None,
        goals=goals,
    )


def _goals(store: Store) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for row in store.values(f"SELECT ?i ?d WHERE {{ ?i <{KERN.volgtDoel}> ?d }} ORDER BY ?d"):
        found[row["i"]].append(row["d"])
    return found


__all__ = ["ExperimentProgress", "Point", "Progress", "assess", "experiment_progress"]
