"""What the server keeps per store version, built anew and brought up to date after a 1,000-triple write.

    python -m benchmarks.refresh --groottes 100k,1M

Each step of the warm-up (api/warmup.py) is built on the shipped data plus fictitious interventions
(benchmarks.synthetic), in the process, as a fresh server does after it starts. Then an editor's update
of about 1,000 triples of new interventions is validated and written (validatie.updates.run_update, as
/sparql does), and each step is asked again: it is then brought up to date from what the write touched
(graaf.storage.versioned). That is done twice; the table shows the first build and the slower of the two
updates. Writes benchmarks/resultaten/bijwerken.{json,md}.
"""

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from api.warmup import steps
from benchmarks.after_write import _update
from benchmarks.common import machine, write
from benchmarks.queries_cold import build
from benchmarks.suite import label, parse_size
from graaf import Store
from validatie.updates import run_update

BASE = "https://data.alliantievankracht.nl/id/"


def _timed(store: Store) -> dict[str, float]:
    times = {}
    for name, step in steps(store):
        begin = time.perf_counter()
        step()
        times[name] = round((time.perf_counter() - begin) * 1000, 1)
    return times


def measure(triples: int, write_triples: int) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix=f"kennisgraaf-bijwerken-{label(triples)}-"))
    try:
        build(work / "opslag", triples)
        with Store(work / "opslag") as store:
            built = _timed(store)
            writes, after = [], []
            for number in range(2):
                begin = time.perf_counter()
                run_update(store, _update(f"bijwerken-{number}", write_triples), base=BASE)
                writes.append(round(time.perf_counter() - begin, 2))
                after.append(_timed(store))
        slowest = {name: max(run[name] for run in after) for name in built}
        return {"gebouwd_ms": built, "schrijven_s": writes, "bijgewerkt_ms": after, "bijgewerkt_traagste_ms": slowest}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groottes", default="100k,1M")
    parser.add_argument("--triples", type=int, default=1000, help="hoeveel triples één schrijfactie toevoegt")
    args = parser.parse_args()
    sizes = [parse_size(s) for s in args.groottes.split(",")]
    results = {label(size): measure(size, args.triples) for size in sizes}
    header = " | ".join(f"{label(s)} gebouwd | {label(s)} bijgewerkt" for s in sizes)
    names = list(next(iter(results.values()))["gebouwd_ms"])  # type: ignore[call-overload]
    rows = []
    for name in names:
        cells = []
        for size in sizes:
            found = results[label(size)]
            cells += [f"{found['gebouwd_ms'][name]:,.1f}", f"{found['bijgewerkt_traagste_ms'][name]:,.1f}"]  # type: ignore[index]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    table = "\n".join(
        [
            "## Wat per versie van de graaf bewaard blijft: gebouwd en bijgewerkt (ms)",
            "",
            f"In het proces. 'Gebouwd': de eerste keer. 'Bijgewerkt': na een update van {args.triples} triples "
            "(gecontroleerd en geschreven als via /sparql), de traagste van twee keer.",
            "",
            f"| onderdeel | {header} |",
            "|---|" + "---:|" * (2 * len(sizes)),
            *rows,
        ]
    )
    write("bijwerken", {"machine": machine(), "triples_per_schrijfactie": args.triples, **results}, table)
    print(table)


if __name__ == "__main__":
    main()
