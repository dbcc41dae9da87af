"""Every shipped query (graaf/queries/*.rq), cold, at several sizes; a rewritten one also in its earlier text.

    python -m benchmarks.queries_cold --groottes 10k,100k,1M

Issue 22 asks every query under 2 s at 1M triples without caches. This times each query through our
façade (Store.select, as the suite does) on a store on disk with the shipped data and fictitious
interventions (benchmarks.synthetic), with the parameters' defaults written in as the suite does, the
median of a few runs; no answer cache is involved. Where a
query was rewritten to scale, its earlier text (tests/graaf/vorige_queries/) is timed in the same run
and store, so the two figures can be compared directly. A query whose rows the API sorts itself
(`# orden-achteraf:`) is also timed as the API runs it, `run_job` to JSON, once with that sort and once
with the engine's ORDER BY. Writes benchmarks/resultaten/queries_koud.{json,md}.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.common import machine, write
from benchmarks.suite import example_queries, label, parse_size
from benchmarks.synthetic import generate
from graaf import Store, sync_shipped
from graaf.storage.execution import Job, run_job
from graaf.storage.named_queries import _shipped, parse, with_defaults

EARLIER_DIR = Path(__file__).resolve().parent.parent / "tests" / "graaf" / "vorige_queries"
GOAL_MS = 2000.0
# An earlier text that took longer than this once is not repeated (it is only there to compare).
SLOW_S = 20.0


def build(path: Path, triples: int) -> None:
    with Store(path) as store:
        sync_shipped(store)
    engine = ox.Store(str(path))  # the bulk path: a transaction of 10M quads would not fit in memory
    engine.bulk_extend(generate(triples))
    engine.flush()
    del engine


def median_ms(store: Store, text: str, repeats: int) -> tuple[float, int]:
    times, rows = [], 0
    for number in range(repeats):
        started = time.perf_counter()
        rows = len(store.select(text).rows)
        times.append((time.perf_counter() - started) * 1000)
        if number == 0 and times[0] > SLOW_S * 1000:
            break
    return statistics.median(times), rows


def job_ms(store: Store, text: str, sort_after: str | None, repeats: int) -> float:
    """The API's path for a named query: the whole answer as SPARQL JSON, as one page of it costs."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run_job(store, Job(text, select_format="json", timeout_s=600, sort_after=sort_after))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(triples: int, repeats: int) -> dict[str, dict[str, float]]:
    work = Path(tempfile.mkdtemp(prefix=f"kennisgraaf-queries-{label(triples)}-"))
    try:
        build(work / "opslag", triples)
        results: dict[str, dict[str, float]] = {}
        with Store(work / "opslag") as store:
            for name, text in example_queries().items():
                ms, rows = median_ms(store, text, repeats)
                row = {"ms": round(ms, 1), "rijen": rows}
                earlier = EARLIER_DIR / f"{name}.rq"
                if earlier.exists():
                    before = with_defaults(parse(name, earlier.read_text(encoding="utf-8")))
                    row["eerder_ms"] = round(median_ms(store, before, repeats)[0], 1)
                sort_after = _shipped()[name].sort_after
                if sort_after is not None:
                    row["api_achteraf_ms"] = round(job_ms(store, text, sort_after, repeats), 1)
                    row["api_motor_ms"] = round(job_ms(store, text, None, repeats), 1)
                results[name] = row
                print(f"{label(triples)} {name}: {row}", file=sys.stderr, flush=True)
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def table(sizes: dict[str, dict[str, dict[str, float]]]) -> str:
    names = sorted({name for result in sizes.values() for name in result})
    lines = [
        "## Queries zonder cache (ms, mediaan)",
        "",
        f"Doel bij 1M: elke query onder {GOAL_MS:,.0f} ms. Tussen haakjes de tekst van vóór de herschrijving, "
        "in dezelfde run en dezelfde opslag. 'API': zoals /api/queries de vraag uitvoert (het hele antwoord als "
        "JSON), met de rijen achteraf geordend door de server; tussen haakjes met ORDER BY in de motor.",
        "",
        "| query | " + " | ".join(sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for name in names:
        cells = []
        for result in sizes.values():
            row = result.get(name)
            if row is None:
                cells.append("–")
                continue
            cell = f"{row['ms']:,.1f}"
            if "eerder_ms" in row:
                cell += f" (eerder {row['eerder_ms']:,.1f})"
            if "api_achteraf_ms" in row:
                cell += f"; API {row['api_achteraf_ms']:,.1f} (motor ordent: {row['api_motor_ms']:,.1f})"
            cells.append(cell)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groottes", default="10k,100k,1M")
    parser.add_argument("--herhalingen", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = {label(parse_size(s)): measure(parse_size(s), args.herhalingen) for s in args.groottes.split(",")}
    info = {"machine": machine(), "datum": time.strftime("%Y-%m-%d %H:%M"), "herhalingen": args.herhalingen}
    target = write("queries_koud", {**info, "groottes": sizes}, table(sizes))
    print(f"geschreven: {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
