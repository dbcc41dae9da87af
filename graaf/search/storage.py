"""The search index on disk: SQLite's full-text index (FTS5), one table of words per language.

Every thing is a row in `docs` (kind, facet values, and per language its name, summary and sort key);
each of its texts (a name, a description, the name of a linked concept) is a row in `texts_nl` and
`texts_en` with the relation it came from and its weight. A text is stored as its normalised words, so
the index's words (read back through `fts5vocab`) are exactly the words the search matches against.
A text row's rowid is its thing's id times 1024 plus its number, so a thing's rows are one rowid range:
found without a column index, and replaced on their own when the thing changes.

An update compares a digest of each thing's rows with the one stored and rewrites only the things
that changed, in one transaction; a file that says it reflects the store's current state is reused.
"""

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graaf.search.model import FIELD_WEIGHT, LINK_WEIGHT, LINKED_TEXT, OTHER_LANGUAGE, STOPWORDS, normalise, slug, words
from graaf.search.reading import Doc, Places, Reading, places_of

LANGS = ("nl", "en")
ROWS_PER_DOC = 1024  # texts of one thing; more than this (never seen) are left out
FORMAT = "2"  # raised when the tables change, so an older file is built again
_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL, kind TEXT NOT NULL,
        facets TEXT NOT NULL, digest TEXT NOT NULL, name_nl TEXT, name_en TEXT, summary_nl TEXT,
        summary_en TEXT, sort_nl TEXT, sort_en TEXT)""",
    "CREATE TABLE IF NOT EXISTS labels (iri TEXT PRIMARY KEY, data TEXT NOT NULL)",
]
for _lang in LANGS:
    # detail=none: only which rows have a word is kept, the least the search needs (no positions).
    _SCHEMA.append(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS texts_{_lang} USING fts5(body, relation UNINDEXED, via UNINDEXED, "
        "weight UNINDEXED, tokenize='ascii', detail=none)"
    )
    _SCHEMA.append(f"CREATE VIRTUAL TABLE IF NOT EXISTS vocab_{_lang} USING fts5vocab(texts_{_lang}, row)")

Row = tuple[str, str, str, float]  # words, relation, linked IRI ("" for none), weight


@dataclass(frozen=True)
class Patch:
    """What `Disk.update_some` wrote: the rows of the things written (as in the table docs) and the ids
    of the things gone, so what is kept in memory of every thing is brought up to date from them."""

    rows: list[tuple[object, ...]]
    gone: list[int]

    def __len__(self) -> int:
        return len(self.rows) + len(self.gone)


class Disk:
    """One SQLite file, used by every thread of the process through one connection and a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self.lock:
            if self._meta("format") not in (None, FORMAT):
                for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
                    self._db.execute(f"DROP TABLE IF EXISTS {name}")
            for statement in _SCHEMA:
                self._db.execute(statement)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))

    def close(self) -> None:
        with self.lock:
            self._db.close()

    def _meta(self, key: str) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:  # no tables yet
            return None
        return row[0] if row else None

    def state(self) -> str | None:
        """The store state this file reflects, as the store named it when it was read."""
        with self.lock:
            return self._meta("state")

    def meta_json(self, key: str) -> object:
        with self.lock:
            return json.loads(self._meta(key) or "{}")

    def update(self, reading: Reading, state: str | None) -> int:
        """Bring the file to what `reading` says; returns how many things were written."""
        with self.lock:
            old = {iri: (id_, digest) for id_, iri, digest in self._db.execute("SELECT id, iri, digest FROM docs")}
            next_id = max((i for i, _ in old.values()), default=0) + 1
            self._db.execute("BEGIN")
            try:
                written = len(self._write(reading, reading.docs, old, next_id))
                for id_, _ in old.values():  # things that are gone
                    self._drop_texts(id_)
                    self._db.execute("DELETE FROM docs WHERE id = ?", (id_,))
                self._labels(reading.labels)
                self._finish(reading.known, reading.order, places_of(reading), state)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return written + len(old)

    def update_some(
        self,
        reading: Reading,
        things: Collection[str],
        read: Collection[str],
        state: str | None,
        known: Callable[["Patch"], dict[str, list[str]]],
    ) -> "Patch":
        """Rewrite only `things` from a reading of the things `read` (a superset of them): each as the
        reading has it, or gone when the reading does not have it; and the labels of everything read. The
        facet values people can choose are worked out by `known` from what was written (the rest of the
        things are in memory already), in the same transaction."""
        with self.lock:
            wanted = sorted(things)
            old = {iri: (id_, digest) for iri, id_, digest in self._by_iri("SELECT iri, id, digest FROM docs", wanted)}
            (top,) = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM docs").fetchone()
            self._db.execute("BEGIN")
            try:
                docs = {iri: reading.docs[iri] for iri in wanted if iri in reading.docs}
                patch = Patch(self._write(reading, docs, old, top + 1), [id_ for id_, _ in old.values()])
                for id_ in patch.gone:
                    self._drop_texts(id_)
                    self._db.execute("DELETE FROM docs WHERE id = ?", (id_,))
                stored = {iri: reading.labels[iri] for iri in read if iri in reading.labels}
                self._labels(stored, only=read)
                self._finish(known(patch), reading.order, places_of(reading), state)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return patch

    def _write(
        self, reading: Reading, docs: dict[str, Doc], old: dict[str, tuple[int, str]], next_id: int
    ) -> list[tuple[object, ...]]:
        """Write the things whose rows changed, and hand back their rows in `docs`; those found are taken
        out of `old`, which is then what is on disk and not in `docs`."""
        changed: list[tuple[object, ...]] = []
        texts: dict[str, list[tuple[object, ...]]] = {lang: [] for lang in LANGS}
        for iri, doc in docs.items():
            columns, rows = _document(doc, reading)
            digest = hashlib.blake2b(repr((columns, rows)).encode(), digest_size=16).hexdigest()
            known = old.pop(iri, None)
            if known is not None and known[1] == digest:
                continue
            if known is None:
                id_, next_id = next_id, next_id + 1
            else:
                id_ = known[0]
                self._drop_texts(id_)
            changed.append((id_, iri, doc.kind, columns[0], digest, *columns[1:]))
            for lang, per_lang in zip(LANGS, rows, strict=True):
                start = id_ * ROWS_PER_DOC
                texts[lang] += [(start + n, *row) for n, row in enumerate(per_lang[: ROWS_PER_DOC - 1])]
        # In one go per table: one call per thing was a third of a build.
        self._db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", changed)
        for lang, values in texts.items():
            insert = f"INSERT INTO texts_{lang} (rowid, body, relation, via, weight) VALUES (?, ?, ?, ?, ?)"
            self._db.executemany(insert, values)
        return changed

    def _finish(self, known: object, order: dict[str, int], places: Places, state: str | None) -> None:
        for key, value in (("known", known), ("order", order), ("places", places)):
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))
        # A store that cannot name its state (a remote one) is read again by the next process.
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('state', ?)", (state or "",))
        self._db.execute("COMMIT")

    def _drop_texts(self, id_: int) -> None:
        low, high = id_ * ROWS_PER_DOC, (id_ + 1) * ROWS_PER_DOC - 1
        for lang in LANGS:
            self._db.execute(f"DELETE FROM texts_{lang} WHERE rowid BETWEEN ? AND ?", (low, high))

    def _labels(self, labels: dict[str, dict[str, str]], only: Collection[str] | None = None) -> None:
        """Store these labels; drop the stored ones of other things (of other things in `only`, if given)."""
        if only is None:
            stored = dict(self._db.execute("SELECT iri, data FROM labels"))
        else:
            stored = {iri: data for iri, data in self.labels_json(only).items()}
        for iri, per_lang in labels.items():
            data = label_data(per_lang)
            if stored.pop(iri, None) != data:
                self._db.execute("INSERT OR REPLACE INTO labels VALUES (?, ?)", (iri, data))
        self._db.executemany("DELETE FROM labels WHERE iri = ?", ((iri,) for iri in stored))

    # Reading

    def docs(self) -> Iterator[tuple[int, str, str, str]]:
        """Every thing: id, IRI, kind, and its facet values as lines of "facet<TAB>value"."""
        with self.lock:
            yield from self._db.execute("SELECT id, iri, kind, facets FROM docs").fetchall()

    def column(self, name: str) -> dict[int, str]:
        """One column of every thing, by id (the sort key of a language, say)."""
        assert name in {f"{c}_{lang}" for c in ("name", "summary", "sort") for lang in LANGS}
        with self.lock:
            return dict(self._db.execute(f"SELECT id, {name} FROM docs").fetchall())

    def shown(self, ids: Iterable[int], lang: str) -> dict[int, tuple[str, str]]:
        """Name and summary in a language of the things a page shows."""
        wanted = list(ids)
        marks = ",".join("?" * len(wanted))
        query = f"SELECT id, name_{lang}, summary_{lang} FROM docs WHERE id IN ({marks})"
        with self.lock:
            return {id_: (name, summary) for id_, name, summary in self._db.execute(query, wanted)}

    def labels(self, iris: Iterable[str]) -> dict[str, dict[str, str]]:
        return {iri: json.loads(data) for iri, data in self.labels_json(iris).items()}

    def labels_json(self, iris: Iterable[str]) -> dict[str, str]:
        return dict(self._by_iri("SELECT iri, data FROM labels", iris))

    def _by_iri(self, select: str, iris: Iterable[str]) -> list[tuple[str, ...]]:
        """The rows of `select` (its first column the IRI) for these IRIs, asked 500 at a time (SQLite's
        limit on parameters of one statement)."""
        wanted = list(iris)
        found: list[tuple[str, ...]] = []
        with self.lock:
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                found += self._db.execute(f"{select} WHERE iri IN ({','.join('?' * len(part))})", part).fetchall()
        return found

    def places(self) -> Places:
        """Where the places lay when the file was written (graaf.search.refresh)."""
        found = self.meta_json("places")
        assert isinstance(found, dict)
        return {iri: (list(up), bool(town)) for iri, (up, town) in found.items()}

    def kinds(self, iris: Iterable[str]) -> dict[str, str]:
        """The kind each of these things had when it was written, for those in the index."""
        return dict(self._by_iri("SELECT iri, kind FROM docs", iris))

    def vocabulary(self, lang: str) -> list[str]:
        """The words of the texts of a language, sorted."""
        with self.lock:
            return [term for (term,) in self._db.execute(f"SELECT term FROM vocab_{lang} ORDER BY term")]

    def postings(self, lang: str, word: str) -> list[tuple[int, str, str, float]]:
        """The texts with `word`, in the order a thing's texts were added: thing id, relation, IRI, weight."""
        query = f"SELECT rowid, relation, via, weight FROM texts_{lang} WHERE texts_{lang} MATCH ? ORDER BY rowid"
        with self.lock:
            rows = self._db.execute(query, (f'"{word}"',)).fetchall()
        return [(rowid // ROWS_PER_DOC, relation, via, weight) for rowid, relation, via, weight in rows]


def label_data(per_lang: dict[str, str]) -> str:
    """A thing's labels as the file keeps them."""
    return json.dumps(per_lang, ensure_ascii=False, sort_keys=True)


def label(labels: dict[str, dict[str, str]], iri: str, lang: str) -> str:
    found = labels.get(iri, {})
    return found.get(lang) or found.get("nl") or found.get("") or slug(iri)


def _document(doc: Doc, reading: Reading) -> tuple[tuple[str, ...], tuple[list[Row], ...]]:
    """A thing's columns (facets, then per language name, summary, sort key) and its texts per language."""
    facets = "\n".join(sorted(f"{facet}\t{value}" for facet, values in doc.facets.items() for value in values))
    names = [_display_name(doc, reading, lang) for lang in LANGS]
    summaries = [_summary(doc, lang) for lang in LANGS]
    columns = (facets, names[0], names[1], summaries[0], summaries[1], normalise(names[0]), normalise(names[1]))
    return columns, tuple(_texts(doc, reading, lang) for lang in LANGS)


def _texts(doc: Doc, reading: Reading, lang: str) -> list[Row]:
    rows: list[Row] = []
    for relation, texts in (("naam", doc.names), ("beschrijving", doc.texts)):
        for text_lang, items in texts.items():
            if text_lang in (lang, ""):
                weight = 1.0
            elif text_lang == "nl":
                weight = OTHER_LANGUAGE
            else:
                continue
            rows += [(body, relation, "", FIELD_WEIGHT[relation] * weight) for t in items if (body := _body(t))]
    for relation in LINKED_TEXT:
        for target in sorted(doc.links.get(relation, ())):
            if body := _body(label(reading.labels, target, lang)):
                rows.append((body, relation, target, LINK_WEIGHT))
    return rows


def _body(text: str) -> str:
    return " ".join(sorted(set(words(text)) - STOPWORDS))


def _display_name(doc: Doc, reading: Reading, lang: str) -> str:
    if doc.iri in reading.labels:
        return label(reading.labels, doc.iri, lang)
    names = doc.names.get(lang) or doc.names.get("nl") or doc.names.get("") or []
    return names[0] if names else slug(doc.iri)


def _summary(doc: Doc, lang: str, length: int = 160) -> str:
    """One line about a thing: the start of its description, cut at a word."""
    texts = doc.texts.get(lang) or doc.texts.get("nl") or doc.texts.get("") or []
    text = " ".join(texts[0].split()) if texts else ""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + " …"
