"""Validation benchmark: the shipped graph in full, and a small import into a large graph.

    python -m benchmarks.validation [--triples 1000000] [--import-triples 1000] [--reference-timeout 1800]

The import is validated the way the write path does it (only what the change touches, plus what
depends on it) and, in the same run, with plain pyshacl.validate over the whole graph, in a child
process so a run that takes too long can be stopped.
"""

import argparse
import multiprocessing
import random
import time

import pyshacl
from rdflib import Graph

from benchmarks import synthetic
from benchmarks.common import machine, timed, write
from graaf import Change, Store, sync_shipped
from graaf.storage.terms import to_rdflib
from validatie import ShaclValidator, validate_store
from validatie.validator import shapes_graph, vocabulary_graph


def _import_change(triples: int) -> Change:
    rng = random.Random(42)
    quads = []
    index = 0
    while len(quads) < triples:
        quads += synthetic.intervention(index, rng, prefix="import")
        index += 1
    return Change(add=quads)


def _whole_graph(store: Store, change: Change) -> Graph:
    graph = Graph()
    for quad in [*store.quads(), *change.add]:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _reference_child(size: int, import_triples: int, queue: "multiprocessing.Queue[object]") -> None:
    store = Store()
    sync_shipped(store)
    store.add(synthetic.generate(size))
    graph = _whole_graph(store, _import_change(import_triples))
    start = time.perf_counter()
    conforms, _, _ = pyshacl.validate(
        graph, shacl_graph=shapes_graph(), ont_graph=vocabulary_graph(), advanced=True, inference=None
    )
    queue.put({"seconden": time.perf_counter() - start, "triples": len(graph), "conform": bool(conforms)})


def reference(size: int, import_triples: int, timeout: float) -> dict[str, object]:
    """Plain pyshacl.validate over the whole graph, stopped after `timeout` seconds."""
    queue: multiprocessing.Queue[object] = multiprocessing.Queue()
    child = multiprocessing.Process(target=_reference_child, args=(size, import_triples, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return {"seconden": None, "afgebroken_na_s": timeout}
    return queue.get()  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--import-triples", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--reference-timeout", type=float, default=1800)
    parser.add_argument("--skip-reference", action="store_true")
    args = parser.parse_args()

    store = Store()
    sync_shipped(store)
    shipped_triples = len(store)
    validate_store(store)  # warm the caches (shapes, vocabulary) once, as a running server has them
    full = timed(lambda: validate_store(store), args.repeats)
    full_report = validate_store(store)

    start = time.perf_counter()
    store.add(synthetic.generate(args.triples))
    build_s = time.perf_counter() - start
    change = _import_change(args.import_triples)
    validator = ShaclValidator()
    incremental = timed(lambda: validator.validate_change(store, change), args.repeats)
    report = validator.validate_change(store, change)

    ref = {} if args.skip_reference else reference(args.triples, args.import_triples, args.reference_timeout)
    data: dict[str, object] = {
        "machine": machine(),
        "volledig_meegeleverd": {"triples": shipped_triples, **full, "fouten": full_report.count("Violation")},
        "grote_graaf": {"triples": len(store), "opbouw_s": build_s},
        "import": {"triples": len(change.add), **incremental, "fouten": report.count("Violation")},
        "pyshacl_hele_graaf": ref,
    }
    ref_s = ref.get("seconden")
    ratio = f"{ref_s / incremental['mediaan_s']:.0f}x" if isinstance(ref_s, float) else "-"
    ref_text = f"{ref_s:.1f}" if isinstance(ref_s, float) else f"> {ref.get('afgebroken_na_s', '-')}"
    table = "\n".join(
        [
            "| meting | triples | mediaan (s) | min–max (s) | doel |",
            "|---|---|---|---|---|",
            f"| hele meegeleverde graaf valideren | {shipped_triples:,} | {full['mediaan_s']:.2f} | "
            f"{full['min_s']:.2f}–{full['max_s']:.2f} | < 2 s |",
            f"| import van {len(change.add):,} triples in een graaf van {len(store):,} | {len(change.add):,} | "
            f"{incremental['mediaan_s']:.2f} | {incremental['min_s']:.2f}–{incremental['max_s']:.2f} | < 2 s |",
            f"| dezelfde import, pyshacl.validate op de hele graaf | {len(store) + len(change.add):,} | {ref_text} "
            f"| één run | ter vergelijking ({ratio} trager) |",
        ]
    )
    write("validatie", data, table)
    print(table)


if __name__ == "__main__":
    main()
