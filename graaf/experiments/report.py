"""The yearly reflection report ("eiland van reflectie"): what the experiments showed, per programme line and goal.

Everything comes from three named queries in graaf/queries/ (reflectie-*.rq), so the lab can rerun
each part through /api/queries or `kennisgraaf query --bestand`; progress is added from
graaf.experiments.progress. The report holds only data; the page and its print version render it.
"""

from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.namespace import XSD

from graaf.describe import Labeller
from graaf.experiments.progress import ExperimentProgress, experiment_progress
from graaf.storage.named_queries import NamedQuery, named_query
from graaf.storage.store import Store

QUERIES = ("reflectie-experimenten", "reflectie-bevindingen", "reflectie-mechanismen-zonder-bewijs")


@dataclass
class ExperimentLine:
    iri: str
    label: str
    begin: str | None
    end: str | None
    on_track: int
    measured: int
    indicators: int


@dataclass
class GoalSection:
    iri: str
    label: str
    experiments: list[ExperimentLine] = field(default_factory=list)


@dataclass
class LineSection:
    iri: str | None
    label: str | None
    goals: dict[str, GoalSection] = field(default_factory=dict)


@dataclass
class EvidenceChange:
    """Findings of the year about one intervention, per knowledge source: for (gained) and against (lost)."""

    iri: str
    label: str
    per_source: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def gained(self) -> int:
        return sum(f for f, _ in self.per_source.values())

    @property
    def lost(self) -> int:
        return sum(a for _, a in self.per_source.values())


@dataclass
class Gap:
    iri: str
    label: str
    interventions: int


@dataclass
class Reflection:
    year: int
    lines: list[LineSection]
    evidence: list[EvidenceChange]
    gaps: list[Gap]
    queries: list[NamedQuery]


def _query(name: str) -> NamedQuery:
    query = named_query(name)
    assert query is not None, name  # shipped with the code: its absence is a packaging error
    return query


def reflection(store: Store, year: int, lang: str = "nl") -> Reflection:
    """The report for one year: experiments per line and goal, evidence gained or lost, mechanisms still bare.

    The queries name things in Dutch (so the lab gets readable rows); other languages are labelled here.
    """
    bound = {"jaar": Literal(year, datatype=XSD.integer)}
    progress = {p.experiment: p for p in experiment_progress(store)}
    lines: dict[str | None, LineSection] = {}
    for row in store.values(_query("reflectie-experimenten").text, bindings=bound):
        line = lines.setdefault(row.get("programmalijn"), LineSection(row.get("programmalijn"), row.get("lijnNaam")))
        goal = line.goals.setdefault(row["doel"], GoalSection(row["doel"], row["doelNaam"]))
        if row["experiment"] not in {e.iri for e in goal.experiments}:
            goal.experiments.append(_experiment(row, progress.get(row["experiment"]), goal.iri))
    evidence: dict[str, EvidenceChange] = {}
    for row in store.values(_query("reflectie-bevindingen").text, bindings=bound):
        change = evidence.setdefault(row["interventie"], EvidenceChange(row["interventie"], row["naam"]))
        change.per_source[row["kennisbron"]] = (int(row["steunt"]), int(row["weerspreekt"]))
    gaps = [
        Gap(row["mechanisme"], row["naam"], int(row["interventies"]))
        for row in store.values(_query("reflectie-mechanismen-zonder-bewijs").text)
    ]
    report = Reflection(year, list(lines.values()), list(evidence.values()), gaps, [_query(n) for n in QUERIES])
    _label(store, report, lang)
    report.lines.sort(key=lambda line: (line.label is None, (line.label or "").lower()))
    report.evidence.sort(key=lambda change: change.label.lower())
    report.gaps.sort(key=lambda gap: gap.label.lower())
    return report


def _label(store: Store, report: Reflection, lang: str) -> None:
    """Names in the reader's language; the knowledge sources (keyed by IRI) become their labels."""
    label = Labeller(store, lang)
    sources = {s for change in report.evidence for s in change.per_source}
    label.load(
        [line.iri for line in report.lines if line.iri]
        + [g.iri for line in report.lines for g in line.goals.values()]
        + [e.iri for line in report.lines for g in line.goals.values() for e in g.experiments]
        + [c.iri for c in report.evidence]
        + [g.iri for g in report.gaps]
        + sorted(sources)
    )
    for line in report.lines:
        line.label = label(line.iri) if line.iri else None
        for goal in line.goals.values():
            goal.label = label(goal.iri)
            for experiment in goal.experiments:
                experiment.label = label(experiment.iri)
    for change in report.evidence:
        change.label = label(change.iri)
        change.per_source = {label(s): counts for s, counts in change.per_source.items()}
    for gap in report.gaps:
        gap.label = label(gap.iri)


def _experiment(row: dict[str, str], progress: ExperimentProgress | None, goal: str) -> ExperimentLine:
    # Under a goal count the indicators that track it; an indicator that names no goal counts under every one.
    indicators = [p for p in (progress.indicators if progress else []) if not p.goals or goal in p.goals]
    return ExperimentLine(
        row["experiment"],
        row["experimentNaam"],
        row.get("begin"),
        row.get("einde"),
        on_track=sum(1 for p in indicators if p.on_track),
        measured=sum(1 for p in indicators if p.on_track is not None),
        indicators=len(indicators),
    )
