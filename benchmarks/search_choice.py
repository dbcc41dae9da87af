"""Which library for the search index: tantivy or SQLite FTS5 (+ PyStemmer, RapidFuzz), measured.

    pip install tantivy   # only for this comparison; the product does not depend on it
    python -m benchmarks.search_choice [--triples 100000]

Both index the same texts (graaf.search.reading on benchmarks.search_bench's store of that size), each
in a fresh process: build time, peak RSS (VmHWM) of the process, and median / p95 of finding the things
for the words the search looks up (an exact word, a prefix, a typo at distance 1 and 2). tantivy's
fuzzy and prefix queries find things, but do not say which word of the index matched, which the search
needs for "bedoelde je" and its reasons; FTS5 matches per word of its own vocabulary (fts5vocab), with
RapidFuzz choosing the words. Writes benchmarks/resultaten/zoekbibliotheek.json and .md.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import machine, write
from benchmarks.search_bench import _peak_mb, prepare, store_dir

LOOKUPS = [("schulden", 0), ("interventie", 0), ("schuldhulp", "prefix"), ("schlden", 1), ("shculden", 1)]
LOOKUPS += [("wetenschapelijk", 2), ("fictieve", 0), ("armoede", "prefix")]


def _texts(triples: int) -> list[tuple[int, str]]:
    from graaf import Store
    from graaf.search.reading import read
    from graaf.search.storage import _body

    with Store(store_dir(triples)) as store:
        reading = read(store)
    rows = []
    for number, doc in enumerate(reading.docs.values()):
        for texts in (doc.names, doc.texts):
            rows += [(number, body) for items in texts.values() for t in items if (body := _body(t))]
    return rows


def _timings(find: Any) -> dict[str, float]:
    times = []
    for _ in range(4):
        for word, how in LOOKUPS:
            started = time.perf_counter()
            find(word, how)
            times.append(time.perf_counter() - started)
    times.sort()
    return {"p50_ms": round(1000 * statistics.median(times), 2), "p95_ms": round(1000 * times[int(0.95 * 31)], 2)}


def tantivy_run(triples: int) -> dict[str, Any]:
    import tantivy

    rows = _texts(triples)
    started = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("doc", stored=True, indexed=True)
    builder.add_text_field("body", tokenizer_name="nl", index_option="basic")
    schema = builder.build()
    folder = tempfile.mkdtemp(prefix="kennisgraaf-tantivy-")
    index = tantivy.Index(schema, path=folder)
    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
    index.register_tokenizer("nl", analyzer.filter(tantivy.Filter.stemmer("dutch")).build())
    writer = index.writer(heap_size=50_000_000, num_threads=1)
    for number, body in rows:
        writer.add_document(tantivy.Document(doc=number, body=body))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    build = time.perf_counter() - started
    searcher = index.searcher()

    def find(word: str, how: int | str) -> int:
        if how == "prefix":
            query = tantivy.Query.fuzzy_term_query(schema, "body", word, 0, True, True)
        elif how:
            query = tantivy.Query.fuzzy_term_query(schema, "body", word, int(how), True, False)
        else:
            query = index.parse_query(word, ["body"])
        return len(searcher.search(query, 100_000).hits)

    return {"opbouw_s": round(build, 3), "piek_rss_mb": round(_peak_mb(), 1), **_timings(find)}


def sqlite_run(triples: int) -> dict[str, Any]:
    import sqlite3

    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    rows = _texts(triples)
    started = time.perf_counter()
    db = sqlite3.connect(Path(tempfile.mkdtemp(prefix="kennisgraaf-fts5-")) / "index.sqlite", isolation_level=None)
    db.execute("CREATE VIRTUAL TABLE texts USING fts5(body, tokenize='ascii', detail=none)")
    db.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(texts, row)")
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO texts (rowid, body) VALUES (?, ?)", ((n * 1024 + i, b) for i, (n, b) in enumerate(rows))
    )
    db.execute("COMMIT")
    vocabulary = [t for (t,) in db.execute("SELECT term FROM vocab ORDER BY term")]
    build = time.perf_counter() - started

    def find(word: str, how: int | str) -> int:
        if how == "prefix":
            chosen = [w for w in vocabulary if w.startswith(word)]
        elif how:
            chosen = [w for w, _, _ in process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=how)]
        else:
            chosen = [word]
        query = "SELECT rowid FROM texts WHERE texts MATCH ?"
        return sum(len(db.execute(query, (f'"{w}"',)).fetchall()) for w in chosen)

    return {"opbouw_s": round(build, 3), "piek_rss_mb": round(_peak_mb(), 1), **_timings(find)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--kind", choices=("tantivy", "sqlite"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.kind:
        run = tantivy_run if args.kind == "tantivy" else sqlite_run
        print(json.dumps(run(args.triples)))
        return
    prepare(args.triples)
    baseline = [sys.executable, "-c", "import benchmarks.search_choice as c; c._texts(%d); print(c._peak_mb())"]
    reading_mb = float(
        subprocess.run(
            [*baseline[:2], baseline[2] % args.triples], capture_output=True, text=True, check=True
        ).stdout.split()[-1]
    )
    found: dict[str, Any] = {"triples": args.triples, "alleen_lezen_piek_rss_mb": reading_mb, "machine": machine()}
    for kind in ("sqlite", "tantivy"):
        command = [sys.executable, "-m", "benchmarks.search_choice", "--kind", kind, "--triples", str(args.triples)]
        answer = subprocess.run(command, capture_output=True, text=True, check=True)
        found[kind] = json.loads(answer.stdout.strip().splitlines()[-1])
    import tantivy

    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.stemmer("dutch")).build()
    found["tantivy_stammen"] = {w: analyzer.analyze(w) for w in ("schulden", "schuld", "gezinnen", "gezin")}
    import Stemmer

    porter = Stemmer.Stemmer("dutch_porter")
    found["pystemmer_dutch_porter"] = {w: porter.stemWord(w) for w in ("schulden", "schuld", "gezinnen", "gezin")}
    lines = [
        f"# Zoekbibliotheek kiezen ({args.triples:,} triples, dezelfde teksten)",
        "",
        "| bibliotheek | opbouw (s) | piek RSS (MB) | opzoeken p50 (ms) | opzoeken p95 (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind, name in (("sqlite", "SQLite FTS5 + RapidFuzz"), ("tantivy", "tantivy")):
        m = found[kind]
        lines.append(f"| {name} | {m['opbouw_s']} | {m['piek_rss_mb']} | {m['p50_ms']} | {m['p95_ms']} |")
    lines += [
        "",
        f"Piek RSS van alleen het lezen van de opslag: {reading_mb:.0f} MB.",
        f"Stammen van tantivy (Snowball 'dutch'): {found['tantivy_stammen']}; "
        f"PyStemmer 'dutch_porter': {found['pystemmer_dutch_porter']}.",
    ]
    write("zoekbibliotheek", found, "\n".join(lines))


if __name__ == "__main__":
    main()
