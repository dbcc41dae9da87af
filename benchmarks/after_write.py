"""The first request of each kind of page after a write of about 1,000 triples, at several sizes.

    python -m benchmarks.after_write --groottes 10k,100k,1M [--via importeer]

Issue 22 asks that the first request of each page kind after a 1,000-triple import take under 1 s at 1M
triples. A real `kennisgraaf serve` on 127.0.0.1, as it ships (warm-up, page and answer caches on), on
the shipped data plus fictitious interventions (benchmarks.synthetic). Every page kind is asked once
first, so all that is kept per store version is built. Then an editor writes about 1,000 triples of new
interventions through /sparql (validated, one transaction), and each page kind is asked once more:

- *direct*: right after the write, as a visitor who comes at once;
- *na wachten*: after a second write, `--wachten` seconds later, as a visitor who comes a little later,
  when the server has built again in the background what the write made stale (api/warmup.py).

Writes benchmarks/resultaten/na_schrijven.{json,md}.
"""

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.common import machine, write
from benchmarks.pages import HTML, KENNISGRAAF, PAGES, serve
from benchmarks.queries_cold import build
from benchmarks.suite import label, parse_size
from benchmarks.synthetic import intervention

GOAL_MS = 1000.0
GRAPH = "https://data.alliantievankracht.nl/id/graaf/na-schrijven"


def _lines(prefix: str, triples: int) -> str:
    """New fictitious interventions, about `triples` triples, as N-Triples."""
    rng = random.Random(7)
    quads, index = [], 0
    while len(quads) < triples:
        quads += intervention(index, rng, prefix=prefix)
        index += 1
    # Lived experience as a source asks for more than the fictitious data has (the shapes say what), and
    # the write is validated: such evidence is written as professional knowledge here.
    lines = (
        f"{q.subject} {q.predicate} {q.object} .".replace("kennisbron/ervaring", "kennisbron/professioneel")
        for q in quads
    )
    return "\n".join(lines) + "\n"


def _update(prefix: str, triples: int) -> str:
    """INSERT DATA of new fictitious interventions, about `triples` triples, in a graph of their own."""
    return f"INSERT DATA {{ GRAPH <{GRAPH}> {{\n{_lines(prefix, triples)}}} }}"


def _token(store: Path) -> str:
    made = subprocess.run(
        [KENNISGRAAF, "--opslag", str(store), "token", "maak", "--rol", "redacteur", "--naam", "benchmark"],
        capture_output=True,
        text=True,
        check=True,
    )
    return made.stdout.strip().splitlines()[0]  # the token alone on the first line; the rest goes to stderr


def _round(client: httpx.Client, pages: dict[str, str]) -> dict[str, float]:
    """Each page once, in turn: ms from request to the last byte."""
    times = {}
    for name, path in pages.items():
        begin = time.perf_counter()
        answer = client.get(path, headers=HTML)
        times[name] = round((time.perf_counter() - begin) * 1000, 1)
        if answer.status_code >= 400:
            raise SystemExit(f"{path}: status {answer.status_code}")
    return times


def _written(client: httpx.Client, token: str, prefix: str, triples: int, via: str) -> float:
    """Write through /sparql (an editor's update) or /api/importeer (a file, in its own import graph)."""
    begin = time.perf_counter()
    if via == "importeer":
        answer = client.post(
            f"/api/importeer?naam={prefix}",
            content=_lines(prefix, triples).encode(),
            headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {token}"},
        )
    else:
        answer = client.post(
            "/sparql",
            content=_update(prefix, triples).encode(),
            headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"},
        )
    if answer.status_code not in (200, 201):
        raise SystemExit(f"schrijven mislukt: {answer.status_code} {answer.text[:300]}")
    return round(time.perf_counter() - begin, 2)


def measure(triples: int, write_triples: int, wait_s: float, via: str = "sparql") -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix=f"kennisgraaf-na-schrijven-{label(triples)}-"))
    try:
        build(work / "opslag", triples)
        token = _token(work / "opslag")
        process, url = serve(work / "opslag", work / "server.log", wait_s=120)
        pages = {**PAGES, "nieuwe interventie": "/doc/interventie/na-schrijven-b-0"}
        try:
            with httpx.Client(base_url=url, timeout=600) as client:
                first = _round(client, PAGES)  # builds what is kept per version (or waits for the warm-up)
                write_a = _written(client, token, "na-schrijven-a", write_triples, via)
                direct = _round(client, {**PAGES, "nieuwe interventie": "/doc/interventie/na-schrijven-a-0"})
                time.sleep(wait_s)  # the rebuild after the first write ends; then a second write
                write_b = _written(client, token, "na-schrijven-b", write_triples, via)
                time.sleep(wait_s)
                later = _round(client, pages)
        finally:
            process.terminate()
            process.wait(30)
        return {
            "eerste_ronde_ms": first,
            "schrijven_s": [write_a, write_b],
            "direct_ms": direct,
            "na_wachten_ms": later,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groottes", default="10k,100k,1M")
    parser.add_argument("--triples", type=int, default=1000, help="hoeveel triples één schrijfactie toevoegt")
    parser.add_argument("--wachten", type=float, default=60.0, help="seconden tussen schrijven en de late ronde")
    parser.add_argument(
        "--via", choices=("sparql", "importeer"), default="sparql", help="schrijven met /sparql of /api/importeer"
    )
    args = parser.parse_args()
    sizes = [parse_size(s) for s in args.groottes.split(",")]
    results = {}
    for size in sizes:
        results[label(size)] = measure(size, args.triples, args.wachten, args.via)
        print(label(size), results[label(size)], flush=True)
    data = {"machine": machine(), "triples_per_schrijfactie": args.triples, "wachten_s": args.wachten, "via": args.via}
    data |= results
    names = list(next(iter(results.values()))["na_wachten_ms"])  # type: ignore[call-overload]
    header = " | ".join(f"{label(s)} direct | {label(s)} na {args.wachten:g} s" for s in sizes)
    rows = []
    for name in names:
        cells = []
        for size in sizes:
            found = results[label(size)]
            cells += [_cell(found["direct_ms"].get(name)), _cell(found["na_wachten_ms"].get(name))]  # type: ignore[attr-defined]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    table = "\n".join(
        [
            "## Eerste verzoek na een schrijfactie (ms, één verzoek per soort pagina)",
            "",
            f"Doel bij 1M: onder {GOAL_MS:,.0f} ms. Een redacteur schrijft {args.triples} triples via "
            f"{'/api/importeer (een bestand)' if args.via == 'importeer' else '/sparql'}; "
            "'direct' is het eerste verzoek meteen daarna, 'na' is het eerste verzoek na een tweede schrijfactie "
            f"en {args.wachten:g} seconden wachten.",
            "",
            f"| pagina | {header} |",
            "|---|" + "---:|" * (2 * len(sizes)),
            *rows,
        ]
    )
    write("na_importeren" if args.via == "importeer" else "na_schrijven", data, table)
    print(table)


def _cell(ms: float | None) -> str:
    return "–" if ms is None else f"{ms:,.1f}"


if __name__ == "__main__":
    main()
