"""Export benchmark: N-Triples of about 1,000,000 triples, against pyoxigraph's own dump in the same run.

    python -m benchmarks.export [--triples 1000000] [--repeats 3]

Measured on one store on disk (shipped data plus the fictitious synthetic graph):
- pyoxigraph's own `Store.dump` to N-Triples (per graph), into a file: the reference;
- our export as the command line runs it (graaf.export.writer, with its consistent snapshot), into a file;
- `kennisgraaf export --formaat nt --uitvoer ...` as a process: time and peak memory (ru_maxrss);
- GET /export/kennisgraaf.nt from a running `kennisgraaf serve`, streamed to a file: time, and the
  server's peak memory (VmHWM) against its memory before the export (VmRSS).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

from benchmarks import synthetic
from benchmarks.common import machine, write
from graaf import Store, sync_shipped
from graaf.export import export_format, writer
from tests.conftest import KENNISGRAAF, free_port


def _build(path: Path, triples: int) -> int:
    with Store(path) as store:
        sync_shipped(store)
        store.add(synthetic.generate(triples - len(store)))
        return len(store)


def engine(store: Store) -> ox.Store:
    """The facade's own Oxigraph store: the reference measures the engine without our layer."""
    return store._engine


def _reference(store: Store, target: Path) -> None:
    oxi = engine(store)
    with target.open("wb") as out:
        for graph in [ox.DefaultGraph(), *oxi.named_graphs()]:
            oxi.dump(out, ox.RdfFormat.N_TRIPLES, from_graph=graph)


def _ours(store: Store, target: Path) -> None:
    with target.open("wb") as out:
        writer(store, export_format("ntriples"))(out)


def _cli(store_path: Path, target: Path) -> dict[str, float]:
    """The command as a user runs it, with its peak memory (VmHWM, read until it ends).

    Not ru_maxrss: on Linux a child inherits its parent's high-water mark across fork and exec, and
    this benchmark process itself is large after building the store.
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        [KENNISGRAAF, "--opslag", str(store_path), "export", "--formaat", "nt", "--uitvoer", str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0.0
    while process.poll() is None:
        try:
            peak = max(peak, _memory(process.pid, "VmHWM"))
        except OSError:
            break
        time.sleep(0.05)
    if process.wait() != 0:
        raise RuntimeError(f"kennisgraaf export stopte met code {process.returncode}")
    return {"seconden": time.perf_counter() - start, "piek_mb": peak}


def _memory(pid: int, field: str) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


class _Server:
    """`kennisgraaf serve` on the store, for the HTTP measurements."""

    def __init__(self, store_path: Path) -> None:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("KENNISGRAAF_")}
        self.process = subprocess.Popen(
            [KENNISGRAAF, "--opslag", str(store_path), "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/gezondheid", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.5)
        raise RuntimeError("de server start niet")

    def download(self, target: Path) -> None:
        with (
            httpx.stream("GET", self.url + "/export/kennisgraaf.nt", timeout=900) as response,
            target.open("wb") as out,
        ):
            response.raise_for_status()
            for chunk in response.iter_bytes():
                out.write(chunk)

    def memory(self, field: str) -> float:
        return _memory(self.process.pid, field)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def _interleaved(measures: dict[str, Callable[[], None]], repeats: int) -> dict[str, dict[str, float]]:
    """Each measure once per round, in turn, so a busy moment on the machine hits all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in measures}
    names = list(measures)
    for round_ in range(repeats):
        # Each round starts with another measure, so none always runs first (with a cold cache).
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            measure = measures[name]
            start = time.perf_counter()
            measure()
            times[name].append(time.perf_counter() - start)
    return {
        name: {"mediaan_s": statistics.median(t), "min_s": min(t), "max_s": max(t), "herhalingen": repeats}
        for name, t in times.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kennisgraaf-export-") as tmp:
        root = Path(tmp)
        size = _build(root / "opslag", args.triples)
        print(f"opslag: {size:,} triples", file=sys.stderr)
        with Store(root / "opslag") as store:
            store.snapshot(root / "kopie")
        # The server holds the store; the reference and the library read a copy (hard links, same files).
        server = _Server(root / "opslag")
        try:
            before = server.memory("VmRSS")
            with Store(root / "kopie", read_only=True) as copy:
                measured = _interleaved(
                    {
                        "referentie": lambda: _reference(copy, root / "referentie.nt"),
                        "bibliotheek": lambda: _ours(copy, root / "export.nt"),
                        "http": lambda: server.download(root / "http.nt"),
                    },
                    args.repeats,
                )
            http = {**measured["http"], "server_rss_voor_mb": before, "server_piek_mb": server.memory("VmHWM")}
            cli = _cli(root / "opslag", root / "cli.nt")  # while the server runs: read-only
        finally:
            server.stop()
        reference, ours = measured["referentie"], measured["bibliotheek"]
        lines = sum(1 for _ in (root / "http.nt").open("rb"))
        size_mb = (root / "http.nt").stat().st_size / 1e6
    ratio = {
        "bibliotheek": reference["mediaan_s"] / ours["mediaan_s"],
        "http": reference["mediaan_s"] / http["mediaan_s"],  # type: ignore[operator]
    }
    data = {
        "machine": machine(),
        "triples": size,
        "regels_in_export": lines,
        "export_mb": size_mb,
        "pyoxigraph_dump": reference,
        "export_bibliotheek": ours,
        "export_opdrachtregel": cli,
        "export_http": http,
        "doorvoer_t_o_v_dump": ratio,
    }
    per_s = size / 1e6
    table = "\n".join(
        [
            "| meting | waarde | doel |",
            "|---|---|---|",
            f"| pyoxigraph Store.dump, N-Triples, {size:,} triples ({size_mb:.0f} MB), mediaan | "
            f"{reference['mediaan_s']:.2f} s ({per_s / reference['mediaan_s']:.2f} M triples/s) | referentie |",
            f"| onze export (graaf.export, zoals de opdrachtregel), mediaan | {ours['mediaan_s']:.2f} s "
            f"= {ratio['bibliotheek']:.0%} van de dump | ≥ 80% |",
            f"| GET /export/kennisgraaf.nt (gestreamd), mediaan | {http['mediaan_s']:.2f} s "  # type: ignore[index]
            f"= {ratio['http']:.0%} van de dump | ≥ 80% |",
            f"| piekgeheugen server tijdens HTTP-export (VmHWM; vóór de export {http['server_rss_voor_mb']:.0f} MB) | "
            f"{http['server_piek_mb']:.0f} MB | < 300 MB |",
            f"| `kennisgraaf export --formaat nt` als proces: tijd, piekgeheugen | {cli['seconden']:.2f} s, "
            f"{cli['piek_mb']:.0f} MB | < 300 MB |",
        ]
    )
    print(table)
    write("export", data, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
