"""A large import killed with SIGKILL at random moments: the store holds all of it or none of it.

The child process runs the real import path (graaf.imports.run_import, one transaction for data
and PROV) on a store on disk. Validation is left out here: it decides whether to write, not how,
and would make each run slow. A first run that is not killed measures how long an import takes;
the kills then fall at random moments within that time. The seed is in every failure message.
"""

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks import synthetic
from graaf import Store
from graaf.imports import import_graph
from graaf.storage.shipped import bookkeeping_graph
from ontologie.namespaces import DEFAULT_BASE

TRIPLES = 30_000  # large enough that the write takes seconds, small enough for a ~40 s test
KILLS = 5
REPO = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from pathlib import Path
from graaf import Store
from graaf.imports import Actor, Source, run_import
from ontologie.namespaces import DEFAULT_BASE

store_path, data_path, name = sys.argv[1:4]
store = Store(Path(store_path))
source = Source(Path(data_path).name, Path(data_path).read_bytes(), "ntriples")
print("begonnen", flush=True)
run_import(store, [source], name=name, base=DEFAULT_BASE, actor=Actor("cli:crashtest", "crashtest"),
           checker=None, stage=lambda step: print(step, flush=True))
store.close()
print("klaar", flush=True)
"""


def _start(store: Path, data: Path, name: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(store), str(data), name],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line == "begonnen", process.stderr.read() if process.stderr else line
    return process


def _state(store_path: Path, name: str) -> tuple[int, bool]:
    """Triples in the import's graph, and whether its PROV activity was recorded."""
    with Store(store_path) as store:
        count = len(store.quads(import_graph(DEFAULT_BASE, name)))
        recorded = store.ask(
            f"ASK {{ GRAPH <{bookkeeping_graph(DEFAULT_BASE)}> "
            f"{{ ?a <http://www.w3.org/ns/prov#generated> <{import_graph(DEFAULT_BASE, name)}> }} }}"
        )
    return count, recorded


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("groot") / "groot.nt"
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in synthetic.generate(TRIPLES)}
    path.write_bytes(ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b"")
    return path, len(triples)


def _wait_for(process: subprocess.Popen[str], stage: str) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == stage:
            return
    raise AssertionError(f"the child ended before '{stage}': {process.stderr.read() if process.stderr else ''}")


def test_killed_import_leaves_all_or_nothing(tmp_path: Path, large_file: tuple[Path, int]) -> None:
    data, expected = large_file
    store_path = tmp_path / "opslag"
    complete = _start(store_path, data, "heel")
    started = time.monotonic()  # from the moment the child has read its file and opened the store
    _wait_for(complete, "schrijven")
    reading = time.monotonic() - started
    assert complete.wait(timeout=120) == 0, complete.stderr.read() if complete.stderr else ""
    writing = time.monotonic() - started - reading
    assert _state(store_path, "heel") == (expected, True)

    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    for attempt in range(KILLS):
        name = f"gedood-{attempt}"
        child = _start(store_path, data, name)
        if attempt == 0:  # once while reading and counting, the other times while writing
            time.sleep(rng.uniform(0, reading))
        else:
            _wait_for(child, "schrijven")
            time.sleep(rng.uniform(0, writing))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        count, recorded = _state(store_path, name)
        where = f"seed {seed}, poging {attempt}"
        assert count in (0, expected), f"{where}: {count} van {expected} triples"
        assert recorded == (count == expected), f"{where}: PROV en gegevens lopen uiteen"
    # The other imports are untouched by the kills.
    assert _state(store_path, "heel") == (expected, True)
