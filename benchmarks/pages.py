"""How long the server takes to render each kind of page on the shipped graph (goal: under 100 ms).

A real `kennisgraaf serve` on 127.0.0.1 with the shipped data; one client asks each page in turn, after
one warm-up request, `--herhalingen` times. Reported per page: median and 95th percentile of the time
from request to the last byte, which over loopback is the server's render time plus a fraction of a
millisecond. Then every page reachable from the home page (a crawl, like the crawl test) once each:
the slowest pages are listed, so no page kind is left out.

    python -m benchmarks.pages [--herhalingen 50]
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from benchmarks.common import machine, write
from graaf import Store, sync_shipped

KENNISGRAAF = str(Path(sys.executable).with_name("kennisgraaf"))
HTML = {"Accept": "text/html"}
PAGES = {
    "home": "/",
    "zoeken": "/zoeken?q=schulden",
    "zoeken met filter": "/zoeken?q=schulden&kapitaalvorm=economisch",
    "interventie": "/doc/interventie/financiele-educatie",
    "mechanisme": "/doc/mechanisme/schulden",
    "kapitaalvorm": "/doc/kapitaalvorm/economisch",
    "effect": "/doc/effect/financiele-educatie-schulden",
    "bewijs": "/doc/bewijs/welzijn-op-recept-erkenning",
    "plaats": "/doc/plaats/GM0037",
    "organisatie": "/doc/organisatie/alliantie-van-kracht",
    "cocktailformulier": "/cocktail",
    "cocktail": "/cocktail?mechanisme=schulden&mechanisme=chronische-stress&plaats=GM0037",
    "bewijskaart": "/bewijskaart",
    "netwerk": "/netwerk",
}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.found.append(href)


def start(store_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    with Store(store_path) as store:
        sync_shipped(store)
    return serve(store_path)


def serve(store_path: Path, log: Path | None = None, wait_s: float = 60) -> tuple[subprocess.Popen[bytes], str]:
    """`kennisgraaf serve` on a free port of 127.0.0.1, once it answers; its output to `log` (or nowhere)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with log.open("wb") if log is not None else open(os.devnull, "wb") as out:
        process = subprocess.Popen(
            [KENNISGRAAF, "--opslag", str(store_path), "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    for _ in range(int(wait_s * 10)):
        try:
            if httpx.get(url + "/gezondheid", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("de server startte niet")


def timing(client: httpx.Client, path: str, repeats: int) -> dict[str, float]:
    client.get(path, headers=HTML)  # warm-up: caches per store version are filled on the first request
    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        answer = client.get(path, headers=HTML)
        times.append((time.perf_counter() - begin) * 1000)
        if answer.status_code >= 400:
            raise SystemExit(f"{path}: status {answer.status_code}")
    times.sort()
    return {
        "mediaan_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
        "max_ms": round(times[-1], 2),
    }


def crawl(client: httpx.Client, limit: int = 2000) -> list[tuple[float, str]]:
    """Every internal page reachable from home, timed once (after a warm-up of its kind)."""
    seen: set[str] = set()
    todo = ["/"]
    timed: list[tuple[float, str]] = []
    while todo and len(seen) < limit:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        begin = time.perf_counter()
        answer = client.get(path, headers=HTML)
        timed.append(((time.perf_counter() - begin) * 1000, path))
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        links = Links()
        links.feed(answer.text)
        for href in links.found:
            target = urlsplit(urljoin("http://x" + path, href))
            if target.netloc == "x" and not target.path.startswith(("/static", "/sparql", "/docs", "/api")):
                todo.append(target.path + ("?" + target.query if target.query else ""))
    return sorted(timed, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herhalingen", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        process, url = start(Path(folder) / "opslag")
        try:
            with httpx.Client(base_url=url, timeout=30) as client:
                pages = {name: timing(client, path, args.herhalingen) for name, path in PAGES.items()}
                slowest = crawl(client)
        finally:
            process.terminate()
            process.wait()
    data = {
        "machine": machine(),
        "herhalingen": args.herhalingen,
        "paginas": pages,
        "crawl": {"aantal": len(slowest), "traagste": [{"ms": round(ms, 2), "pad": p} for ms, p in slowest[:10]]},
    }
    rows = [f"| {name} | {t['mediaan_ms']} | {t['p95_ms']} | {t['max_ms']} |" for name, t in pages.items()]
    table = "\n".join(
        [
            f"Server-render per pagina (gedeelde graaf, {args.herhalingen} keer, één client, ms)",
            "",
            "| pagina | mediaan | p95 | max |",
            "|---|---|---|---|",
            *rows,
            "",
            f"Crawl vanaf home: {len(slowest)} pagina's, traagste {slowest[0][0]:.1f} ms ({slowest[0][1]}).",
        ]
    )
    write("paginas", data, table)
    print(table)


if __name__ == "__main__":
    main()
