"""The benchmark suite across graph sizes: every measure at 10k, 100k and 1M triples, with references.

    make bench          # or: .venv/bin/python -m benchmarks.suite --groottes 10k,100k,1M [--herhalingen 5]

For each size it builds the shipped data plus benchmarks.synthetic's fictitious graph of that size, then
measures, each against a reference in the same run where there is one: loading (our import with and
without validation against pyoxigraph's bulk load and rdflib's parser), the shipped example queries
(our facade against pyoxigraph directly and rdflib in memory), the cocktail, related interventions,
validating a small import, the N-Triples export (against pyoxigraph's dump), /sparql over HTTP with wrk
(against `oxigraph serve` and rdflib-endpoint), HTML pages under 8 concurrent clients and the serving
process's peak memory. Writes benchmarks/resultaten/suite.json and suite.md. Needs wrk (Debian) and the
`bench` extra. Everything runs on 127.0.0.1; the synthetic data is clearly fictitious.
"""

import argparse
import gc
import itertools
import json
import multiprocessing
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pyoxigraph as ox
from rdflib import Dataset, Graph

from benchmarks import http_sparql, import_bench, synthetic
from benchmarks.cocktail import _latencies, _synthetic_situations
from benchmarks.common import RESULTS_DIR, machine, write
from benchmarks.export import _interleaved, _memory, _ours, _reference, engine
from benchmarks.suite_table import tables
from benchmarks.validation import _import_change
from graaf import Store
from graaf.cocktail import prepare
from graaf.network import network_of, related
from graaf.storage.named_queries import _shipped, with_defaults
from validatie import ShaclValidator

SIZES = {"k": 1_000, "M": 1_000_000}
# A write that changes nothing the product reads: it only moves the store to a new version.
RDF_VALUE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#value")
SCRATCH_GRAPH = ox.NamedNode(synthetic.ID + "graaf/meting")
MILLION = 1_000_000
HTML = "text/html"
RDFLIB_QUERY_TIMEOUT_S = 20
SLOW_S = 5  # a query or page slower than this once is measured fewer times, to keep the run bounded
QUERY_BUDGET_S = 30  # a query expected (from the smaller size) to take longer than this is left out


def parse_size(text: str) -> int:
    """'10k' -> 10000, '1M' -> 1000000, '5000' -> 5000."""
    text = text.strip()
    if text[-1:] in SIZES:
        return int(float(text[:-1]) * SIZES[text[-1]])
    return int(text)


def label(size: int) -> str:
    return f"{size // MILLION}M" if size % MILLION == 0 else f"{size // 1000}k" if size % 1000 == 0 else str(size)


def spread(times: list[float], scale: float = 1000.0) -> dict[str, float]:
    """Median, p95, min and max of repeated runs, in ms (scale 1000) or s (scale 1)."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "mediaan": round(statistics.median(ordered) * scale, 3),
        "p95": round(p95 * scale, 3),
        "min": round(ordered[0] * scale, 3),
        "max": round(ordered[-1] * scale, 3),
        "herhalingen": len(ordered),
    }


def repeat(function: Callable[[], Any], times: int, scale: float = 1000.0) -> dict[str, float]:
    taken = []
    for _ in range(times):
        start = time.perf_counter()
        function()
        taken.append(time.perf_counter() - start)
    return spread(taken, scale)


# Load


def _rdflib_parse(data: Path) -> None:
    graph = Graph()
    graph.parse(str(data), format="nt")
    del graph
    gc.collect()


def measure_load(work: Path, size: int, repeats: int, ours_up_to: int, rdflib_up_to: int) -> dict[str, object]:
    """The same N-Triples file into a fresh store each time: seconds (median over `repeats`)."""
    data = work / "laden.nt"
    triples = import_bench.make_file(size, data)
    results: dict[str, object] = {"triples": triples}
    bulk = []
    for number in range(repeats):
        bulk.append(import_bench.bulk_load(data, work / f"bulk-{number}"))
        shutil.rmtree(work / f"bulk-{number}")
    results["pyoxigraph bulk_load"] = spread(bulk, 1)
    if size <= ours_up_to:
        for name, validate in (("kennisgraaf zonder validatie", False), ("kennisgraaf met validatie", True)):
            runs = []
            for number in range(repeats):
                target = work / f"ons-{number}"
                runs.append(float(import_bench.our_import(data, target, validate=validate)["seconden"]))  # type: ignore[arg-type]
                shutil.rmtree(target)
            results[name] = spread(runs, 1)
    if size <= rdflib_up_to:
        results["rdflib Graph.parse (geheugen)"] = repeat(lambda: _rdflib_parse(data), repeats, 1)
    data.unlink()
    return results


# Example queries


def example_queries() -> dict[str, str]:
    """Every shipped example query with its parameters' defaults written in."""
    return {name: with_defaults(query) for name, query in _shipped().items()}


def _rdflib_child(dataset: Dataset, text: str, repeats: int, queue: "multiprocessing.Queue[object]") -> None:
    taken = []
    for _ in range(repeats):
        start = time.perf_counter()
        list(dataset.query(text))
        taken.append(time.perf_counter() - start)
    queue.put(taken)


def _rdflib_query(dataset: Dataset, text: str, repeats: int) -> dict[str, object]:
    """rdflib's engine in a forked child (it shares the loaded graph), stopped after a minute."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_rdflib_child, args=(dataset, text, repeats, queue))
    child.start()
    child.join(RDFLIB_QUERY_TIMEOUT_S)
    if child.is_alive():
        child.terminate()
        child.join()
        return {"afgebroken_na_s": RDFLIB_QUERY_TIMEOUT_S}
    return spread(queue.get())  # type: ignore[arg-type]


def measure_queries(
    store: Store, data: Path | None, repeats: int, rdflib_gave_up: set[str], expected_s: dict[str, float]
) -> dict[str, object]:
    """Each example query: our facade (rows as rdflib terms), pyoxigraph directly, rdflib in memory (ms).

    rdflib is not asked again at a larger size for a query it gave up on at a smaller one, and a query
    whose time, grown in proportion from the smaller size, would exceed QUERY_BUDGET_S is left out
    (an engine query cannot be stopped halfway)."""
    oxi = engine(store)
    dataset = None
    if data is not None:
        dataset = Dataset(default_union=True)
        dataset.parse(str(data), format="nquads")
    results: dict[str, object] = {}
    for name, text in example_queries().items():
        if expected_s.get(name, 0) > QUERY_BUDGET_S:
            results[name] = {"kennisgraaf": {"overgeslagen_verwacht_s": round(expected_s[name])}}
            continue
        start = time.perf_counter()
        rows = len(store.select(text).rows)  # also the warm-up
        times = 1 if time.perf_counter() - start > SLOW_S else repeats
        row: dict[str, object] = {
            "kennisgraaf": repeat(lambda t=text: store.select(t), times),  # type: ignore[misc]
            "pyoxigraph": repeat(lambda t=text: list(oxi.query(t, use_default_graph_as_union=True)), times),  # type: ignore[misc]
            "rijen": rows,
        }
        if name in rdflib_gave_up:
            row["rdflib"] = {"afgebroken_na_s": RDFLIB_QUERY_TIMEOUT_S, "bij_kleinere_graaf": True}
        elif dataset is not None:
            row["rdflib"] = _rdflib_query(dataset, text, times)
            if "afgebroken_na_s" in row["rdflib"]:  # type: ignore[operator]
                rdflib_gave_up.add(name)
        results[name] = row
    return results


# Cocktail, related interventions, validation


def measure_cocktail(store: Store, runs: int) -> dict[str, object]:
    """Different situations, each once: first on a store where no cocktail was made yet (every new
    mechanism and candidate read for the first time), then again after a write and `prepare`, which the
    server runs after it starts (the warm-up): how long visitors of a running server wait."""
    situations = _synthetic_situations(random.Random(7), 50)
    cold = _latencies(store, situations, runs)
    store.add([ox.Quad(ox.NamedNode(synthetic.ID + "meting"), RDF_VALUE, ox.Literal("1"), SCRATCH_GRAPH)])
    start = time.perf_counter()
    prepare(store)
    prepared_s = time.perf_counter() - start
    return {**cold, "voorbereid": {**_latencies(store, situations, runs), "voorbereiden_s": round(prepared_s, 2)}}


def measure_related(store: Store, interventions: int, runs: int) -> dict[str, object]:
    """The ranking on an intervention page: building the network once per store version, then per page."""
    start = time.perf_counter()
    network_of(store)
    build_s = time.perf_counter() - start
    rng = random.Random(3)
    iris = [f"{synthetic.ID}interventie/fictief-{rng.randrange(interventions)}" for _ in range(runs)]
    taken = []
    for iri in iris:
        begin = time.perf_counter()
        related(store, iri)
        taken.append(time.perf_counter() - begin)
    return {"netwerk_ms": round(build_s * 1000, 1), **spread(taken)}


def measure_validation(store: Store, repeats: int) -> dict[str, object]:
    change = _import_change(1_000)
    validator = ShaclValidator()
    validator.validate_change(store, change)  # warm-up: shapes and vocabulary are read once per process
    return {"triples": len(change.add), **repeat(lambda: validator.validate_change(store, change), repeats)}


def measure_export(store: Store, work: Path, repeats: int) -> dict[str, object]:
    measured = _interleaved(
        {
            "pyoxigraph dump": lambda: _reference(store, work / "referentie.nt"),
            "kennisgraaf export": lambda: _ours(store, work / "export.nt"),
        },
        repeats,
    )
    triples = len(store)
    for result in measured.values():
        result["triples_per_s"] = round(triples / result["mediaan_s"])
    (work / "referentie.nt").unlink()
    (work / "export.nt").unlink()
    return measured


# HTTP


def lookups(interventions: int) -> list[str]:
    step = max(1, interventions // 100)
    return [
        f"SELECT ?p ?o WHERE {{ <{synthetic.ID}interventie/fictief-{n}> ?p ?o }}" for n in range(0, interventions, step)
    ]


def pages(interventions: int) -> dict[str, list[str]]:
    """Per kind of page the addresses wrk cycles through: many different ones, as many people would open,
    so the page cache (kept per store version) does not answer every request."""
    # Words from the shipped data, and two that match many fictitious interventions.
    words = ["schulden", "stress", "school", "werk", "gezondheid", "gezin", "taal", "geld", "interventie 12", "doel 7"]
    pairs = list(itertools.combinations(synthetic.MECHANISMS, 2))[:20]
    places = synthetic.PLACES
    return {
        "home": ["/"],
        "zoeken": [f"/zoeken?q={quote(word)}" for word in words],
        "interventie": [f"/doc/interventie/fictief-{n}" for n in range(0, interventions, max(1, interventions // 50))],
        "cocktail": [
            f"/cocktail?mechanisme={a}&mechanisme={b}&plaats={places[n % len(places)]}"
            for n, (a, b) in enumerate(pairs)
        ],
        "mechanisme": [f"/doc/mechanisme/{m}" for m in synthetic.MECHANISMS]
        + [f"/doc/kapitaalvorm/{c}" for c in synthetic.CAPITAL],
        "bewijskaart": ["/bewijskaart"],
    }


def measure_http(
    work: Path,
    data: Path,
    interventions: int,
    seconds: int,
    rdflib: bool,
    log: Callable[[str], None],
    progress: Callable[[dict[str, object]], None] = lambda _: None,
) -> dict[str, object]:
    """wrk (8 connections) against each server in turn, alone on 127.0.0.1; `progress` gets what was
    measured after each server."""
    sparql: dict[str, dict[str, object]] = {}
    html: dict[str, dict[str, object]] = {}
    memory: dict[str, float] = {}
    queries = {"opzoeken": lookups(interventions), "aggregatie": [http_sparql.AGGREGATION]}
    for server in http_sparql.servers(work, data):
        if server.name == "rdflib-endpoint" and not rdflib:
            continue
        with http_sparql.running(server, work / "server.log") as endpoint:
            process = _listener(endpoint)
            sparql[server.name] = {
                name: http_sparql.measure(endpoint, texts, seconds, work) for name, texts in queries.items()
            }
            if server.name.startswith("kennisgraaf"):
                # As shipped: every address asked once first, then wrk: the pages from the page cache. Without
                # caches: every page rendered anew, what the first visitors of a page wait for.
                kept = server.name == "kennisgraaf"
                found = html.setdefault("paginas" if kept else "paginas_zonder_cache", {})
                for name, paths in pages(interventions).items():
                    try:
                        found[name] = _page_load(endpoint, paths, seconds, work, warm_all=kept)
                    except httpx.HTTPError as error:  # a page that takes minutes is a finding, not the end
                        found[name] = {"fout": f"{type(error).__name__}: {error}"}
                        log(f"  pagina {name}: {found[name]['fout']}")
            if process is not None:
                memory[server.name] = round(_peak_with_children(process), 1)
            log(f"  {server.name}: {sparql[server.name]}")
        progress({"sparql": sparql, **html, "piekgeheugen_mb": memory})
    return {"sparql": sparql, **html, "piekgeheugen_mb": memory}


def _page_load(endpoint: str, paths: list[str], seconds: int, work: Path, warm_all: bool) -> dict[str, float]:
    """Alone first: the page once more after a warm-up, and the same page with an extra, unused parameter
    (rendered anew, also with the page cache on). Then, with `warm_all`, every address once, so wrk
    measures the pages as kept. A slow page gets time for enough requests: with 8 connections on 2 cores
    each request takes about four times as long as alone (at 1M a run of 10 times the time alone
    finished no cocktail page at all)."""
    root = endpoint.rsplit("/", 1)[0]
    # One client with its connection open: a new httpx client per request costs some 25 ms by itself.
    with httpx.Client(base_url=root, headers={"Accept": HTML}, timeout=300) as client:
        client.get(paths[0]).raise_for_status()
        again = _timed(client, paths[0])
        fresh = _timed(client, paths[0] + ("&" if "?" in paths[0] else "?") + "meting=nieuw")
        for path in paths if warm_all else []:
            client.get(path).raise_for_status()
    duration = int(min(60, max(seconds, 30 * fresh)))
    measured = http_sparql.wrk_paths(endpoint, paths, duration, work, accept=HTML)
    if not measured["verzoeken"] and duration < 60:
        # The first address was quick, the others not (a cocktail of new mechanisms): once more, longer.
        measured = http_sparql.wrk_paths(endpoint, paths, 60, work, accept=HTML)
    return {
        "alleen_ms": round(fresh * 1000, 1),
        "alleen_nogmaals_ms": round(again * 1000, 1),
        "adressen": len(paths),
        **measured,
    }


def _timed(client: httpx.Client, path: str) -> float:
    start = time.perf_counter()
    client.get(path).raise_for_status()
    return time.perf_counter() - start


def _peak_with_children(pid: int) -> float:
    """VmHWM (MB) of a process plus that of its direct children: our server's query workers are processes."""
    total = _memory(pid, "VmHWM")
    for child in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{child}/stat", encoding="ascii") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                total += _memory(int(child), "VmHWM")
        except (OSError, ValueError):
            continue
    return total


def _listener(endpoint: str) -> int | None:
    """The process id that listens on the endpoint's port (from /proc), for its memory high-water mark."""
    port = int(endpoint.split("/")[2].rsplit(":", 1)[1])
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as lines:
                for line in list(lines)[1:]:
                    fields = line.split()
                    if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                        inodes.add(fields[9])
        except OSError:
            continue
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return int(pid)
        except OSError:
            continue
    return None


# One size


def run_size(
    size: int, args: argparse.Namespace, log: Callable[[str], None], save: Callable[[dict[str, object]], None]
) -> dict[str, object]:
    """Every measure at one size. `save` gets the result after each step: a 10M run takes the better part of
    an hour, and one stopped in its last step should still keep the steps it finished."""
    repeats = args.herhalingen if size < MILLION else max(2, args.herhalingen // 2)
    work = Path(tempfile.mkdtemp(prefix=f"kennisgraaf-suite-{label(size)}-"))
    result: dict[str, object] = {
        "datum": time.strftime("%Y-%m-%d %H:%M"),
        "belasting_bij_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        start = time.perf_counter()
        data = http_sparql.prepare(work, size)
        result["opbouw_s"] = round(time.perf_counter() - start, 1)
        interventions = size // synthetic.TRIPLES_PER_INTERVENTION
        log(f"{label(size)}: laden")
        load_repeats = 1 if size >= MILLION else 2 if size >= 100_000 else min(3, repeats)
        result["laden_s"] = measure_load(work, size, load_repeats, args.ons_laden_tot, args.rdflib_laden_tot)
        save(result)
        with Store(work / "opslag") as store:
            result["triples"] = len(store)
            if size <= args.queries_tot:
                log(f"{label(size)}: queries")
                rdflib_data = data if size <= args.rdflib_queries_tot else None
                expected = {
                    name: r["kennisgraaf"].get("mediaan", 0) / 1000 * size / args.previous_size
                    for name, r in args.previous_queries.items()
                }
                result["queries_ms"] = measure_queries(store, rdflib_data, repeats, args.rdflib_gave_up, expected)
                args.previous_queries, args.previous_size = result["queries_ms"], size
                save(result)
            log(f"{label(size)}: cocktail, verwante interventies, validatie, export")
            result["cocktail_ms"] = measure_cocktail(store, args.cocktails)
            save(result)
            result["verwant_ms"] = measure_related(store, interventions, args.cocktails)
            result["validatie_import_ms"] = measure_validation(store, repeats)
            save(result)
            result["export_s"] = measure_export(store, work, max(2, repeats // 2))
            save(result)
        log(f"{label(size)}: HTTP")
        with_rdflib = size <= args.rdflib_endpoint_tot

        def progress(http: dict[str, object]) -> None:
            save({**result, "http": http})

        result["http"] = measure_http(work, data, interventions, args.seconden, with_rdflib, log, progress)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groottes", default="10k,100k,1M", help="grootten van de synthetische graaf")
    parser.add_argument("--herhalingen", type=int, default=5, help="herhalingen per meting (bij >= 1M de helft)")
    parser.add_argument("--seconden", type=int, default=5, help="meetduur van wrk per server, query en pagina")
    parser.add_argument("--cocktails", type=int, default=60, help="aantal cocktails en rangschikkingen per grootte")
    parser.add_argument("--ons-laden-tot", type=parse_size, default=parse_size("100k"))
    parser.add_argument("--rdflib-laden-tot", type=parse_size, default=parse_size("1M"))
    parser.add_argument("--rdflib-queries-tot", type=parse_size, default=parse_size("100k"))
    parser.add_argument("--queries-tot", type=parse_size, default=parse_size("100M"), help="voorbeeldqueries tot")
    parser.add_argument("--rdflib-endpoint-tot", type=parse_size, default=parse_size("100k"))
    parser.add_argument("--uitvoer", default="suite", help="naam van de resultaatbestanden")
    parser.add_argument(
        "--aanvullen", action="store_true", help="houd de grootten uit een eerdere run die nu niet meedoen"
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk ontbreekt: apt-get install wrk", file=sys.stderr)
        return 2
    # Stopped with SIGTERM: still remove the temporary stores (finally blocks run on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.perf_counter()
    args.rdflib_gave_up, args.previous_queries, args.previous_size = set(), {}, 1

    def log(text: str) -> None:
        print(f"[{time.perf_counter() - began:6.0f} s] {text}", file=sys.stderr, flush=True)

    info: dict[str, object] = {
        "machine": machine(),
        "belasting_bij_start": [round(x, 2) for x in os.getloadavg()],
        "datum": time.strftime("%Y-%m-%d %H:%M"),
        "opdracht": " ".join(["python -m benchmarks.suite", *(argv if argv is not None else sys.argv[1:])]),
        "herhalingen": args.herhalingen,
        "grenzen": {
            "onze import tot": args.ons_laden_tot,
            "rdflib laden tot": args.rdflib_laden_tot,
            "rdflib queries tot": args.rdflib_queries_tot,
            "rdflib-endpoint tot": args.rdflib_endpoint_tot,
        },
    }
    earlier = RESULTS_DIR / f"{args.uitvoer}.json"
    results: dict[str, object] = {}
    if args.aanvullen and earlier.exists():
        results = json.loads(earlier.read_text(encoding="utf-8"))["groottes"]
        _expect_from(results, args)

    def save(name: str, result: dict[str, object], done: bool) -> None:
        # Written after each step, so a long run that is stopped keeps what it measured; a size that did
        # not finish says so in its column.
        results[name] = result if done else {**result, "onvolledig": True}
        info["duur_s"] = round(time.perf_counter() - began)
        info["belasting_bij_einde"] = [round(x, 2) for x in os.getloadavg()]
        ordered = dict(sorted(results.items(), key=lambda item: parse_size(item[0])))
        target = write(args.uitvoer, {**info, "groottes": ordered}, tables(info, ordered))
        log(f"geschreven: {target}" + ("" if done else f" ({name} tot zover)"))

    for size in [parse_size(s) for s in args.groottes.split(",")]:
        name = label(size)
        save(name, run_size(size, args, log, lambda r, n=name: save(n, r, done=False)), done=True)
    return 0


def _expect_from(earlier: dict[str, object], args: argparse.Namespace) -> None:
    """With --aanvullen, the query times of the largest earlier size that measured them, so a larger size
    still leaves out the queries that would take too long (as in one run over all sizes)."""
    for name in sorted(earlier, key=parse_size, reverse=True):
        queries = earlier[name].get("queries_ms") if isinstance(earlier[name], dict) else None  # type: ignore[union-attr]
        if queries:
            args.previous_queries, args.previous_size = queries, parse_size(name)
            return


if __name__ == "__main__":
    raise SystemExit(main())
