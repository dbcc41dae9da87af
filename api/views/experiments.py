"""Pages on local experiments: progress per goal with a chart per indicator, the region overview, the reflection.

The experiment's own page is /doc/experiment/{ref}, served by api/views/pages.py like every thing;
`experiment_context` adds the progress and the sessions to it. Charts are plain SVG (or PNG) made
in graaf.experiments.plot; nothing is fetched from elsewhere.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from rdflib import URIRef

from api.views.deps import get_store
from api.views.templating import SVG_HEADERS, language, render
from api.views.words import WORDS
from graaf import Store
from graaf.describe import Labeller, Value
from graaf.experiments import plot
from graaf.experiments.progress import ExperimentProgress, Progress, experiment_progress
from graaf.experiments.report import reflection
from graaf.storage.terms import local_name
from ontologie.namespaces import id_base, sparql_prefixes

router = APIRouter(include_in_schema=False)
REF = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}$")
CHART = re.compile(r"^([a-z0-9][a-z0-9-]{0,120})\.(svg|png)$")
FIRST_YEAR, LAST_YEAR = 2000, 2100

_SESSIONS = (
    sparql_prefixes()
    + """SELECT ?item ?sessie ?datum ?rol ?bevinding ?relatie ?effect ?kennisbron WHERE {
  ?sessie kern:overExperiment ?item .
  OPTIONAL { ?sessie kern:datum ?datum }
  OPTIONAL { ?sessie kern:deelnemersrol ?rol }
  OPTIONAL { ?bevinding kern:uitSessie ?sessie ; ?relatie ?effect ; kern:kennisbron ?kennisbron .
             VALUES ?relatie { kern:ondersteunt kern:weerspreekt } }
} ORDER BY DESC(?datum) ?sessie ?bevinding"""
)
_OVERVIEW = (
    sparql_prefixes()
    + """SELECT ?experiment ?plaats ?test ?begin ?einde WHERE {
  ?experiment a kern:LokaalExperiment .
  OPTIONAL { ?experiment kern:uitgevoerdIn ?plaats }
  OPTIONAL { ?experiment kern:test ?test }
  OPTIONAL { ?experiment kern:begin ?begin }
  OPTIONAL { ?experiment kern:einde ?einde }
} ORDER BY ?experiment"""
)


@dataclass
class Row:
    """One indicator in one place, ready for the progress table."""

    indicator: Value
    place: Value | None
    progress: Progress
    trend: str
    status: str
    chart: str


def _number(value: float | None) -> str:
    return "–" if value is None else plot.number(round(value, 2))


def _status(progress: Progress, words: dict[str, str]) -> tuple[str, str]:
    trend = (
        words.get(f"exp8_trend_{progress.trend}", words["exp8_unknown"]) if progress.trend else words["exp8_unknown"]
    )
    if progress.on_track is None:
        return trend, words["exp8_unknown"]
    return trend, words["exp8_on_track"] if progress.on_track else words["exp8_off_track"]


def _rows(item: ExperimentProgress, label: Labeller, words: dict[str, str]) -> list[Row]:
    label.load([p.indicator for p in item.indicators] + [p.place for p in item.indicators if p.place])
    rows = []
    for progress in item.indicators:
        trend, status = _status(progress, words)
        chart = f"/experimenten/{local_name(item.experiment)}/indicator/{local_name(progress.indicator)}"
        place = label.value(URIRef(progress.place)) if progress.place else None
        rows.append(Row(label.value(URIRef(progress.indicator)), place, progress, trend, status, chart))
    return rows


def experiment_context(store: Store, iri: str, lang: str) -> dict[str, object]:
    """What the experiment page shows beyond the generic properties: progress per goal and the sessions."""
    words = WORDS[lang]
    label = Labeller(store, lang)
    found = experiment_progress(store, iri)
    item = found[0] if found else ExperimentProgress(iri, None, None, [])
    rows = _rows(item, label, words)
    goals = sorted({g for r in rows for g in r.progress.goals} | set(_served_goals(store, iri)))
    label.load(goals)
    groups = [(label.value(URIRef(g)), [r for r in rows if g in r.progress.goals]) for g in goals]
    loose = [r for r in rows if not r.progress.goals]
    if loose:
        groups.append((None, loose))
    return {"exp_groups": groups, "exp_sessions": _sessions(store, iri, label), "fmt": _number}


def _served_goals(store: Store, iri: str) -> list[str]:
    query = sparql_prefixes() + "SELECT ?item ?doel WHERE { ?item kern:dientDoel ?doel }"
    return [row["doel"] for row in store.values(query, bindings={"item": URIRef(iri)})]


def _sessions(store: Store, iri: str, label: Labeller) -> list[dict[str, object]]:
    rows = store.values(_SESSIONS, bindings={"item": URIRef(iri)})
    label.load(v for row in rows for k, v in row.items() if k in ("sessie", "rol", "bevinding", "effect", "kennisbron"))
    sessions: dict[str, dict[str, object]] = {}
    for row in rows:
        session = sessions.setdefault(
            row["sessie"],
            {"value": label.value(URIRef(row["sessie"])), "date": row.get("datum"), "roles": [], "findings": {}},
        )
        if "rol" in row and label(row["rol"]) not in session["roles"]:  # type: ignore[operator]
            session["roles"].append(label(row["rol"]))  # type: ignore[attr-defined]
        if "bevinding" in row:
            session["findings"][row["bevinding"]] = {  # type: ignore[index]
                "value": label.value(URIRef(row["bevinding"])),
                "supports": row["relatie"].endswith("ondersteunt"),
                "effect": label.value(URIRef(row["effect"])),
                "knowledge": label(row["kennisbron"]),
            }
    return list(sessions.values())


@router.get("/experimenten")
def overview(request: Request, store: Annotated[Store, Depends(get_store)]) -> Response:
    """All local experiments of the region: where, what, when, and how many indicators are on track."""
    lang = language(request)
    label = Labeller(store, lang)
    progress = {p.experiment: p for p in experiment_progress(store)}
    items: dict[str, dict[str, object]] = {}
    rows = store.values(_OVERVIEW)
    label.load(v for row in rows for k, v in row.items() if k in ("experiment", "plaats", "test"))
    for row in rows:
        item = items.setdefault(
            row["experiment"],
            {
                "value": label.value(URIRef(row["experiment"])),
                "places": {},
                "tests": {},
                "begin": row.get("begin"),
                "end": row.get("einde"),
                "progress": progress.get(row["experiment"]),
            },
        )
        for key, name in (("plaats", "places"), ("test", "tests")):
            if key in row:
                item[name][row[key]] = label.value(URIRef(row[key]))  # type: ignore[index]
    ordered = sorted(items.values(), key=lambda i: i["value"].text.lower())  # type: ignore[attr-defined]
    return render(request, "experimenten.html", lang=lang, title=WORDS[lang]["exp8_overview"], items=ordered)


@router.get("/experimenten/{ref}/indicator/{name}")
def chart(request: Request, ref: str, name: str, store: Annotated[Store, Depends(get_store)]) -> Response:
    """The chart of one indicator of one experiment, as SVG or PNG (by the file extension)."""
    found = CHART.match(name)
    if not REF.match(ref) or found is None:
        return _missing()
    ids = id_base(request.app.state.settings.base_iri)
    experiment, indicator, kind = ids + "experiment/" + ref, ids + "indicator/" + found.group(1), found.group(2)
    items = experiment_progress(store, experiment)
    progress = next((p for item in items for p in item.indicators if p.indicator == indicator), None)
    if progress is None:
        return _missing()
    lang = language(request)
    words = WORDS[lang]
    label = Labeller(store, lang)
    title = f"{label(indicator)} ({progress.unit})" if progress.unit else label(indicator)
    trend, status = _status(progress, words)
    note = f"{words['exp8_trend']}: {trend}. {words['exp8_status']}: {status}. {words['exp8_chart_note']}"
    layout = plot.layout(progress, title, items[0].start, items[0].end, note)
    headers = SVG_HEADERS | {"Content-Disposition": f'inline; filename="{ref}-{found.group(1)}.{kind}"'}
    if kind == "png":
        return Response(plot.png(layout), media_type="image/png", headers=headers)
    return Response(plot.svg(layout), media_type="image/svg+xml", headers=headers)


def _missing() -> JSONResponse:
    body = {
        "fout": {"code": "niet-gevonden", "melding": "Deze grafiek bestaat niet: onbekend experiment of indicator."}
    }
    return JSONResponse(body, status_code=404)


@router.get("/reflectie")
def reflection_page(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    jaar: Annotated[int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR)] = None,
) -> Response:
    """The yearly reflection report as a page that also prints well (print CSS in the template)."""
    lang = language(request)
    year = jaar or date.today().year
    report = reflection(store, year, lang)
    return render(
        request,
        "reflectie.html",
        lang=lang,
        title=f"{WORDS[lang]['exp8_reflection']} {year}",
        report=report,
        base=id_base(request.app.state.settings.base_iri),
    )


__all__ = ["experiment_context", "router"]
