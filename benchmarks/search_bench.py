"""Search benchmark: building the search index, its peak memory and the time of a search, per graph size.

    python -m benchmarks.search_bench --groottes 10k,100k,1M --als na [--herhalingen 5]

Each size is the shipped data plus benchmarks.synthetic's fictitious graph, loaded once into a store on
disk under the system's temp directory and kept there, so the engine before and after a change are
measured on the very same store. Every measure runs in a fresh process: peak memory (ru_maxrss) is then
that of opening the store and building the index, nothing else. Reported per engine and size: the time of
the first build (both languages), peak RSS of that process, the time to open an index that is already
there (a restart with the same store version), the time to bring the index up to date after a small write,
and the median and 95th percentile of a set of searches (typos, stems, prefixes, compounds, facets).

`--als voor` measures the engine of the checked-out code and keeps the figures under "voor", `--als na`
under "na"; both are kept in benchmarks/resultaten/zoeken.json, so the old engine is measured by running
this file from a checkout of the commit before the change. The data is clearly fictitious; nothing leaves
127.0.0.1.
"""

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from benchmarks import synthetic
from benchmarks.common import RESULTS_DIR, machine, write

# What a professional types: a stem, a typo, swapped letters, a prefix of a compound, compounds, two
# words, English, and lists narrowed by facets. The same set before and after.
QUERIES: list[tuple[str, dict[str, list[str]], str]] = [
    ("schulden", {}, "nl"),
    ("schuld", {}, "nl"),
    ("schlden", {}, "nl"),
    ("shculden", {}, "nl"),
    ("schuldhulp", {}, "nl"),
    ("gezinsstress", {}, "nl"),
    ("armoedebestrijding", {}, "nl"),
    ("stress", {}, "nl"),
    ("chronische stress", {}, "nl"),
    ("fictieve interventie", {}, "nl"),
    ("interventie 1234", {}, "nl"),
    ("wetenschapelijk", {}, "nl"),
    ("", {}, "nl"),
    ("", {"mechanisme": ["schulden"]}, "nl"),
    ("schulden", {"kapitaalvorm": ["economisch"], "doelgroep": ["gezin"]}, "nl"),
    ("", {"soort": ["effect"], "gemeente": ["GM0037"]}, "nl"),
    ("debts", {}, "en"),
    ("poverty trap", {}, "en"),
]
SIZES = {"k": 1_000, "M": 1_000_000}
PER_PAGE = 20


def parse_size(text: str) -> int:
    text = text.strip()
    return int(float(text[:-1]) * SIZES[text[-1]]) if text[-1] in SIZES else int(text)


def store_dir(triples: int) -> Path:
    return Path(tempfile.gettempdir()) / f"kennisgraaf-zoekbench-{triples}" / "opslag"


def prepare(triples: int) -> None:
    """The store of this size on disk, made once (a later run finds it there)."""
    from graaf import Store, sync_shipped

    target = store_dir(triples)
    done = target.with_name("klaar")
    if done.exists():
        return
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir(parents=True)
    with Store(target) as store:
        sync_shipped(store)
        store.add(synthetic.generate(triples))
    done.write_text(str(triples))


def _peak_mb() -> float:
    """This process's peak RSS since it started (VmHWM): ru_maxrss would also count the parent's peak,
    which a child inherits on Linux."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(triples: int, repeats: int, fresh: bool) -> dict[str, Any]:
    """In this process: open the store, build (or open) the index in both languages, search."""
    from graaf import Store
    from graaf.search import index_of, search

    path = store_dir(triples)
    if fresh:
        shutil.rmtree(path.with_name(path.name + ".zoekindex"), ignore_errors=True)
    store = Store(path)
    opened_mb = _peak_mb()
    started = time.perf_counter()
    index_of(store, "nl")
    index_of(store, "en")
    build_s = time.perf_counter() - started
    result: dict[str, Any] = {
        "triples": len(store),
        "opbouw_s": round(build_s, 3),
        "piek_rss_mb": round(_peak_mb(), 1),
        "rss_na_openen_mb": round(opened_mb, 1),
    }
    if not fresh:
        return result
    times: dict[str, list[float]] = {}
    for run in range(repeats + 1):  # the first round warms up, as a server does with its first visitors
        for text, filters, lang in QUERIES:
            started = time.perf_counter()
            outcome = search(store, text, filters, lang)
            list(outcome.hits[:PER_PAGE])
            took = time.perf_counter() - started
            if run:
                times.setdefault(f"{text or '(leeg)'} {json.dumps(filters)} {lang}", []).append(took)
    every = sorted(t for ts in times.values() for t in ts)
    result["zoeken_p50_ms"] = round(1000 * statistics.median(every), 2)
    result["zoeken_p95_ms"] = round(1000 * every[int(0.95 * (len(every) - 1))], 2)
    result["zoeken_max_ms"] = round(1000 * every[-1], 2)
    result["per_zoekvraag_mediaan_ms"] = {q: round(1000 * statistics.median(ts), 2) for q, ts in times.items()}
    # A small write (one label more), then the next search brings the index up to date.
    graph = ox.NamedNode(synthetic.ID + "graaf/meting")
    thing = ox.NamedNode(synthetic.ID + "interventie/fictief-1")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.add([ox.Quad(thing, label, ox.Literal(f"Meting {time.time()}", language="nl"), graph)])
    started = time.perf_counter()
    search(store, "meting", {}, "nl")
    result["na_schrijven_s"] = round(time.perf_counter() - started, 3)
    store.update(f"DROP SILENT GRAPH <{graph.value}>")
    index_of(store, "nl")  # as a server does after a write: the index on disk is then that of the store
    store.close()
    return result


def child(triples: int, repeats: int, fresh: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.search_bench", "--kind", str(triples), "--herhalingen", str(repeats)]
    if not fresh:
        command.append("--hergebruik")
    answer = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(answer.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def table(data: dict[str, Any]) -> str:
    lines = [
        "# Zoeken: index bouwen, geheugen en zoektijd",
        "",
        "Gemeten met `python -m benchmarks.search_bench` (gedeelde machine met 2 kernen). Voor: de zoekmachine",
        "in Python (graaf/search.py); na: zie README, 'Zoeken'. Opbouw = eerste keer beide talen; piek = hoogste",
        "RSS van het proces (opslag openen + index bouwen); hergebruik = index openen na een herstart;",
        "na schrijven = eerste zoekvraag na een kleine schrijfactie.",
        "",
        "| grootte | versie | triples | opbouw (s) | piek RSS (MB) | hergebruik (s) | na schrijven (s) "
        "| p50 (ms) | p95 (ms) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, per in data["metingen"].items():
        for label in ("voor", "na"):
            m = per.get(label)
            if m is None:
                continue
            reuse = m.get("hergebruik_s", "–")
            cells = [size, label, f"{m['triples']:,}", m["opbouw_s"], m["piek_rss_mb"], reuse, m["na_schrijven_s"]]
            cells += [m["zoeken_p50_ms"], m["zoeken_p95_ms"]]
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    lines += ["", "Zoekvragen: " + ", ".join(f"`{q or '(leeg)'}` {f or ''} {lang}" for q, f, lang in QUERIES)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--groottes", default="10k,100k,1M")
    parser.add_argument("--als", choices=("voor", "na"), default="na")
    parser.add_argument("--herhalingen", type=int, default=5)
    parser.add_argument("--kind", type=int, help=argparse.SUPPRESS)  # one measure in this process
    parser.add_argument("--hergebruik", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.kind:
        print(json.dumps(measure(args.kind, args.herhalingen, not args.hergebruik)))
        return
    target = RESULTS_DIR / "zoeken.json"
    data: dict[str, Any] = json.loads(target.read_text()) if target.exists() else {"metingen": {}}
    for size in args.groottes.split(","):
        triples = parse_size(size)
        started = time.perf_counter()
        prepare(triples)
        print(f"{size}: opslag klaar in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        started = time.perf_counter()
        result = child(triples, args.herhalingen, fresh=True)
        reused = child(triples, args.herhalingen, fresh=False)
        result["hergebruik_s"] = reused["opbouw_s"]
        result["hergebruik_piek_rss_mb"] = reused["piek_rss_mb"]
        result["duur_meting_s"] = round(time.perf_counter() - started, 1)
        result["machine"] = machine()
        result["datum"] = time.strftime("%Y-%m-%d %H:%M")
        data["metingen"].setdefault(size, {})[args.als] = result
        print(f"{size} {args.als}: {json.dumps({k: v for k, v in result.items() if 'per_' not in k})}", file=sys.stderr)
        write("zoeken", data, table(data))


if __name__ == "__main__":
    main()
