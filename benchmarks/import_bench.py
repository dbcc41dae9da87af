"""Import benchmark: an N-Triples file through `graaf.imports` against pyoxigraph's bulk load, in one run.

    python -m benchmarks.import_bench [--triples 1000000] [--skip-validation]

Three ways to get the same file into a store on disk, each into a fresh store:
- pyoxigraph `Store.bulk_load` (the reference: no validation, no transaction);
- our import without validation (parse, count, PROV, one transaction);
- our import as a user gets it (the same, plus SHACL validation of the whole import).
The goal is an import with validation at >= 50% of the bulk load's speed. The synthetic graph is
clearly fictitious (benchmarks/synthetic.py); its few pieces of lived-experience evidence with a
national level, which the shapes refuse, are made professional, and the few filler observations
(without a described indicator) are left out, so that the import is accepted.
"""

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks import synthetic
from benchmarks.common import machine, write
from graaf import Store, sync_shipped
from graaf.imports import Actor, Source, import_graph, run_import
from ontologie.namespaces import DEFAULT_BASE
from validatie import ShaclValidator

EXPERIENCE = ox.NamedNode(synthetic.ID + "kennisbron/ervaring")
PROFESSIONAL = ox.NamedNode(synthetic.ID + "kennisbron/professioneel")


def make_file(triples: int, target: Path) -> int:
    """The synthetic graph as N-Triples; the number of distinct triples."""
    made = {
        ox.Triple(q.subject, q.predicate, PROFESSIONAL if q.object == EXPERIENCE else q.object)
        for q in synthetic.generate(triples)
        if "/observatie/" not in q.subject.value  # the few filler observations name no described indicator
    }
    target.write_bytes(ox.serialize(list(made), format=ox.RdfFormat.N_TRIPLES) or b"")
    return len(made)


def bulk_load(data: Path, directory: Path) -> float:
    start = time.perf_counter()
    store = ox.Store(str(directory))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(synthetic.GRAPH.value))
    store.flush()
    seconds = time.perf_counter() - start
    del store
    return seconds


def our_import(data: Path, directory: Path, validate: bool) -> dict[str, object]:
    """Our import into a store that already holds the shipped graphs (as in use); steps timed apart."""
    store = Store(directory)
    sync_shipped(store, validator=None)
    steps: dict[str, float] = {}
    start = time.perf_counter()

    def stage(step: str) -> None:
        steps[step] = time.perf_counter() - start

    source = Source(data.name, data.read_bytes(), "ntriples")
    outcome = run_import(
        store,
        [source],
        name="bench",
        base=DEFAULT_BASE,
        actor=Actor("cli:benchmark", "benchmark"),
        checker=ShaclValidator() if validate else None,
        stage=stage,
    )
    store.close()
    total = time.perf_counter() - start
    marks = [*sorted(steps.items(), key=lambda item: item[1]), ("einde", total)]
    parts = {name: round(marks[i + 1][1] - at, 3) for i, (name, at) in enumerate(marks[:-1])}
    with Store(directory) as check:
        written = len(check.quads(import_graph(DEFAULT_BASE, "bench")))
    return {"seconden": total, "stappen_s": parts, "geschreven": written, "toegevoegd": outcome.added}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--skip-validation", action="store_true", help="only the import without validation")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    try:
        data = work / "synthetisch.nt"
        triples = make_file(args.triples, data)
        bulk_s = bulk_load(data, work / "bulk")
        plain = our_import(data, work / "zonder", validate=False)
        checked = None if args.skip_validation else our_import(data, work / "met", validate=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def speed(seconds: float) -> str:
        return f"{triples / seconds:,.0f}"

    rows = [
        ("pyoxigraph bulk_load (referentie)", bulk_s, "-"),
        ("import zonder validatie", float(plain["seconden"]), f"{bulk_s / float(plain['seconden']):.0%}"),  # type: ignore[arg-type]
    ]
    if checked is not None:
        rows.append(("import met validatie", float(checked["seconden"]), f"{bulk_s / float(checked['seconden']):.0%}"))  # type: ignore[arg-type]
    table = "\n".join(
        [
            f"Import van {triples:,} triples (N-Triples), elk in een nieuwe opslag op schijf; doel: import met "
            "validatie >= 50% van de snelheid van bulk_load.",
            "",
            "| manier | seconden | triples/s | snelheid t.o.v. bulk_load |",
            "|---|---|---|---|",
            *[f"| {name} | {seconds:.1f} | {speed(seconds)} | {ratio} |" for name, seconds, ratio in rows],
            "",
            f"Stappen zonder validatie (s): {plain['stappen_s']}",
            f"Stappen met validatie (s): {checked['stappen_s'] if checked else '-'}",
        ]
    )
    result: dict[str, object] = {
        "machine": machine(),
        "triples": triples,
        "bulk_load_s": bulk_s,
        "zonder_validatie": plain,
        "met_validatie": checked,
    }
    write("import", result, table)
    print(table)


if __name__ == "__main__":
    main()
