"""Search with facets: what people type, with typos and Dutch compounds, narrowed by checkboxes with counts.

A professional between two appointments types "schlden" or "schuldhulp" and expects interventions
against debts. So a word matches a word of the graph exactly, by its stem (schuld/schulden), as the
start of a longer word (schuldhulp/schuldhulpverlening), as a part of a compound (stress in
gezinsstress), or with one or two typing errors. A compound query is also split into known words, so
"armoedebestrijding" finds "armoede". An intervention is found through what it is linked to as well:
searching "schulden" finds the interventions whose effects work on the mechanism Schulden. A word in
the name counts most, then one in the description, then one in a linked concept. Facets follow the
usual convention: values within one facet are alternatives (OR), facets combine (AND), and each
facet's counts are taken over the results of the search and all *other* filters.

The texts live in SQLite's full-text index (FTS5, standard library) on disk beside the store
(`<store>.zoekindex/`), stems come from Snowball (PyStemmer) and typing errors from RapidFuzz; chosen
by measurement over tantivy (benchmarks/resultaten/zoeken.md). The index is reused after a restart
and, after a write, only the things it touched (and those that depend on them) are read and written again.

Parts: model (names, weights, the words of a text), reading (the store, read with SPARQL), refresh
(what a write changed), storage (the index on disk), matching (which words a searched word stands for),
engine (searching, facets).
This package may import the store layer of graaf (graaf.storage.store) and ontologie; never validatie or api.
"""

from graaf.search.engine import Docs, Hits, Index, index_of, index_path, search
from graaf.search.model import FACETS, KINDS, FacetValue, Hit, Outcome, Reason, normalise, slug, stem, within, words

__all__ = [
    "FACETS",
    "KINDS",
    "Docs",
    "FacetValue",
    "Hit",
    "Hits",
    "Index",
    "Outcome",
    "Reason",
    "index_of",
    "index_path",
    "normalise",
    "search",
    "slug",
    "stem",
    "within",
    "words",
]
