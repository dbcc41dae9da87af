"""HTTP benchmark of our /sparql against `oxigraph serve` and rdflib-endpoint, on the same data and queries.

Run (one command, about 10 minutes on 2 cores):

    make bench-http        # or: .venv/bin/python -m benchmarks.http_sparql

Needs the `bench` extra (pip install -e '.[bench]': the `oxigraph` CLI and rdflib-endpoint) and wrk, the
load generator (Debian: apt-get install wrk). Data: the shipped graph plus benchmarks.synthetic's
1,000,000 fictitious triples. Each server runs alone on 127.0.0.1; wrk sends each query for a fixed
time (1 thread, 8 connections), after a short warm-up. Writes benchmarks/resultaten/http_sparql.json
and .md. Our server is measured as it ships (answer cache on) and with the cache off.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox

from benchmarks.common import machine, write
from benchmarks.synthetic import generate
from graaf import Store, sync_shipped
from ontologie.namespaces import DEFAULT_BASE

BIN = Path(sys.executable).parent
KERN = DEFAULT_BASE + "def/kern#"
AGGREGATION = f"""PREFIX kern: <{KERN}>
SELECT ?doelwit ?niveau (COUNT(?effect) AS ?effecten)
WHERE {{ ?effect kern:werktOp ?doelwit . ?bewijs kern:ondersteunt ?effect ; kern:bewijsniveau ?niveau }}
GROUP BY ?doelwit ?niveau ORDER BY ?doelwit ?niveau"""
LOOKUPS = [f"SELECT ?p ?o WHERE {{ <{DEFAULT_BASE}id/interventie/fictief-{n}> ?p ?o }}" for n in range(0, 10_000, 100)]
CONNECTIONS = 8
WRK_LUA = """-- Cycles through the request paths, one per line in the file next to this script.
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept"] = "%s"})
end
done = function(summary, latency, requests)
  io.write(string.format("p95_us: %%d\\n", latency:percentile(95)))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    command: list[str]
    endpoint: str
    env: dict[str, str]
    ready_timeout_s: float


@contextmanager
def running(server: Server, log: Path) -> Iterator[str]:
    """Start a server, wait until it answers a query, stop it afterwards."""
    with log.open("w") as out:
        process = subprocess.Popen(server.command, stdout=out, stderr=subprocess.STDOUT, env=os.environ | server.env)
        try:
            deadline = time.monotonic() + server.ready_timeout_s
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"{server.name} stopped; see {log}")
                try:
                    answer = httpx.get(server.endpoint, params={"query": "ASK {}"}, timeout=5)
                    if answer.status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{server.name} did not start in {server.ready_timeout_s} s")
                time.sleep(0.5)
            yield server.endpoint
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _seconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def wrk(
    endpoint: str, queries: list[str], seconds: int, work: Path, connections: int = CONNECTIONS
) -> dict[str, float]:
    """Requests/s and p50/p99 latency (ms) of wrk cycling through the queries."""
    path = "/" + endpoint.split("/", 3)[3]
    paths = [f"{path}?query={quote(q, safe='')}" for q in queries]
    return wrk_paths(endpoint, paths, seconds, work, connections)


def wrk_paths(
    url: str,
    paths: list[str],
    seconds: int,
    work: Path,
    connections: int = CONNECTIONS,
    accept: str = "application/sparql-results+json",
) -> dict[str, float]:
    """wrk cycling through request paths on the server of `url`: requests/s, p50/p95/p99 latency (ms)."""
    listing = work / "paden.txt"
    listing.write_text("".join(p + "\n" for p in paths))
    script = work / "paden.lua"
    script.write_text(WRK_LUA % (listing, accept))
    base = url.split("/", 3)
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "300s", "--latency", "-s", str(script)]
    command.append(f"{base[0]}//{base[2]}/")
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 400).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    done = re.search(r"(\d+) requests in", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    p95 = re.search(r"p95_us: (\d+)", output)
    return {
        "verbindingen": connections,
        "seconden": seconds,
        "verzoeken_per_s": float(found.group(1)) if found else 0.0,
        "verzoeken": int(done.group(1)) if done else 0,
        "fouten": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
        "p50_ms": round(_seconds(latency["50"]) * 1000, 2) if "50" in latency else float("nan"),
        "p95_ms": round(int(p95.group(1)) / 1000, 2) if p95 else float("nan"),
        "p99_ms": round(_seconds(latency["99"]) * 1000, 2) if "99" in latency else float("nan"),
    }


def measure(endpoint: str, queries: list[str], seconds: int, work: Path) -> dict[str, float]:
    """One request alone first (also the warm-up), then wrk. A server that needs seconds per request gets
    one connection and time for a few requests, so the run stays bounded but still measures something."""
    started = time.perf_counter()
    httpx.get(
        endpoint, params={"query": queries[0]}, headers={"Accept": "application/sparql-results+json"}, timeout=900
    )
    alone = time.perf_counter() - started
    if alone > 2:
        result = wrk(endpoint, queries, int(min(max(seconds, 4 * alone), 300)), work, connections=1)
    else:
        wrk(endpoint, queries, 3, work)  # warm-up: caches, workers, the page cache of the disk
        # Eight connections share the cores: each request takes several times as long as alone. Long enough
        # for each connection to finish a few (at 1M a run of 3 s finished none on oxigraph serve).
        result = wrk(endpoint, queries, int(min(60, max(seconds, 16 * alone))), work)
    return {"eerste_verzoek_s": round(alone, 3), **result}


def prepare(work: Path, triples: int) -> Path:
    """Our store with the shipped and synthetic data, and the same data as N-Quads for the others."""
    started = time.perf_counter()
    store_path = work / "opslag"
    with Store(store_path) as store:
        sync_shipped(store)
    # The fictitious data without a transaction (Store.add is one, for changes): at 10M triples one
    # transaction held more than 15 GB before anything was written.
    engine = ox.Store(str(store_path))
    engine.bulk_extend(generate(triples))
    engine.flush()
    del engine  # closes it, so Store can open it again
    with Store(store_path) as store:
        total = len(store)
        data = work / "data.nq"
        with data.open("wb") as out:
            store.dump_to(out, ox.RdfFormat.N_QUADS)
    print(f"gegevens klaar: {total} triples in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    load = [str(BIN / "oxigraph"), "load", "--location", str(work / "oxigraph"), "--file", str(data)]
    subprocess.run(load, check=True)
    return data


def servers(work: Path, data: Path) -> list[Server]:
    ours, oxigraph, rdflib = free_port(), free_port(), free_port()
    ours_command = [str(BIN / "kennisgraaf"), "--opslag", str(work / "opslag"), "serve", "--port", str(ours)]
    # Without the warm-up after the start: at 1M triples it keeps a core busy for about 20 s, while the
    # /sparql measurements run first. The page measurements ask each page once before they time it.
    ours_env = {"KENNISGRAAF_QUERY_TIMEOUT_S": "60", "KENNISGRAAF_QUERY_WORKERS": "2", "KENNISGRAAF_WARM_UP": "0"}
    return [
        Server("kennisgraaf", ours_command, f"http://127.0.0.1:{ours}/sparql", ours_env, 120),
        Server(
            "kennisgraaf (zonder cache)",
            ours_command,
            f"http://127.0.0.1:{ours}/sparql",
            ours_env | {"KENNISGRAAF_QUERY_CACHE_MB": "0", "KENNISGRAAF_PAGE_CACHE_MB": "0"},
            120,
        ),
        Server(
            "oxigraph serve",
            [
                str(BIN / "oxigraph"),
                "serve",
                "--location",
                str(work / "oxigraph"),
                "--bind",
                f"127.0.0.1:{oxigraph}",
                "--union-default-graph",
            ],
            f"http://127.0.0.1:{oxigraph}/query",
            {},
            120,
        ),
        Server(
            "rdflib-endpoint",
            [str(BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", str(rdflib), str(data)],
            f"http://127.0.0.1:{rdflib}/",  # rdflib-endpoint serves SPARQL at its root
            {},
            1800,
        ),
    ]


def table(results: dict[str, dict[str, dict[str, float]]], info: dict[str, object]) -> str:
    lines = [
        "# HTTP-benchmark van /sparql",
        "",
        f"Machine: {info['machine']}. Lastgenerator: {info['lastgenerator']}. Gegevens: {info['triples']} triples.",
        "",
        "| server | query | verzoeken/s | p50 (ms) | p99 (ms) | verzoeken | fouten | verbindingen | 1e verzoek (s) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for server, queries in results.items():
        for query, r in queries.items():
            lines.append(
                f"| {server} | {query} | {r['verzoeken_per_s']:.1f} | {r['p50_ms']} | {r['p99_ms']} | "
                f"{r['verzoeken']} | {r['fouten'] + r['timeouts']} | {r['verbindingen']} | {r['eerste_verzoek_s']} |"
            )
    lines += ["", "| verhouding | waarde | doel |", "| --- | ---: | --- |"]
    for name, (value, goal) in info["verhoudingen"].items():  # type: ignore[attr-defined]
        lines.append(f"| {name} | {value} | {goal} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="grootte van de synthetische graaf")
    parser.add_argument("--seconden", type=int, default=15, help="meetduur per server en query")
    parser.add_argument("--zonder-rdflib", action="store_true", help="sla rdflib-endpoint over")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk ontbreekt: apt-get install wrk", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="kennisgraaf-bench-"))
    try:
        data = prepare(work, args.triples)
        results: dict[str, dict[str, dict[str, float]]] = {}
        for server in servers(work, data):
            if args.zonder_rdflib and server.name == "rdflib-endpoint":
                continue
            with running(server, work / f"{server.name.split()[0]}.log") as endpoint:
                results[server.name] = {}
                # Lookups first: a slow server keeps working on aggregations that wrk gave up on.
                for name, queries in (("opzoeken", LOOKUPS), ("aggregatie", [AGGREGATION])):
                    results[server.name][name] = measure(endpoint, queries, args.seconden, work)
                    print(server.name, name, results[server.name][name], file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def ratio(a: str, b: str, query: str) -> float:
        below = results.get(b, {}).get(query, {}).get("verzoeken_per_s", 0.0)
        return round(results[a][query]["verzoeken_per_s"] / below, 2) if below else float("inf")

    ours = "kennisgraaf"
    ratios = {
        "aggregatie: kennisgraaf / oxigraph serve": (ratio(ours, "oxigraph serve", "aggregatie"), ">= 0.9"),
        "aggregatie: kennisgraaf / rdflib-endpoint": (ratio(ours, "rdflib-endpoint", "aggregatie"), ">= 30"),
        "opzoeken: kennisgraaf / oxigraph serve": (ratio(ours, "oxigraph serve", "opzoeken"), ">= 0.25"),
        "aggregatie zonder cache / oxigraph serve": (
            ratio("kennisgraaf (zonder cache)", "oxigraph serve", "aggregatie"),
            "(ter informatie)",
        ),
        "opzoeken zonder cache / oxigraph serve": (
            ratio("kennisgraaf (zonder cache)", "oxigraph serve", "opzoeken"),
            "(ter informatie)",
        ),
    }
    info: dict[str, object] = {
        "machine": machine(),
        "lastgenerator": f"wrk 4.1 (1 thread, {CONNECTIONS} verbindingen, {args.seconden} s per meting na 3 s "
        "opwarmen; een server die per verzoek meer dan 2 s nodig heeft: 1 verbinding, 4x die tijd)",
        "triples": args.triples,
        "queries": {"aggregatie": AGGREGATION, "opzoeken": f"{len(LOOKUPS)} interventies, om de beurt: {LOOKUPS[0]}"},
        "verhoudingen": ratios,
    }
    target = write("http_sparql", {**info, "resultaten": results}, table(results, info))
    print(f"geschreven: {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
