"""Which words of the index a searched word stands for: itself, its stem, a longer word it starts, a
compound it is part of, or (only when none of those is close) a word one or two typing errors away.

The words are the index's own (SQLite's `fts5vocab`); a word's stem comes from Snowball's Dutch stemmer
and typing errors are measured by RapidFuzz (optimal string alignment: a swap of neighbours is one
error), both compiled libraries. What is kept per language is the list of words and a few lookups
built from it, tens of thousands of strings on a graph of a million triples.
"""

import bisect
from collections import defaultdict

from rapidfuzz import process
from rapidfuzz.distance import OSA

from graaf.search.model import stem


class Vocabulary:
    """The words of one language's texts, with their stems, and the compounds they split into."""

    def __init__(self, words: list[str]) -> None:
        self.words = words  # sorted
        self.known = set(words)
        self.stems: dict[str, list[str]] = defaultdict(list)
        for word in words:
            self.stems[stem(word)].append(word)
        self.lexicon = {w for w in words if len(w) >= 4} | {s for s in self.stems if len(s) >= 4}
        self.reversed = sorted(w[::-1] for w in words)
        self.parts: dict[str, set[str]] = defaultdict(set)  # a part -> the compounds it is part of
        for word in words:
            for part in self.split(word):
                self.parts[part].add(word)
        self._prefixes: dict[int, tuple[list[str], list[str]]] = {}
        self._matches: dict[str, list[tuple[str, float, bool]]] = {}

    def split(self, word: str) -> list[str]:
        """A compound in known words of at least four letters, with the linking s or e allowed between
        them ("gezinsstress" -> gezin, stress); an empty list when the word does not split."""
        if len(word) < 8:
            return []
        best: dict[int, list[str]] = {0: []}
        for end in range(4, len(word) + 1):
            for start in sorted(best):
                part = word[start:end]
                if end - start < 4 or start not in best:
                    continue
                if part in self.lexicon or (part[0] in "se" and start and part[1:] in self.lexicon):
                    candidate = [*best[start], part if part in self.lexicon else part[1:]]
                    if end not in best or len(candidate) < len(best[end]):
                        best[end] = candidate
        parts = best.get(len(word), [])
        return parts if len(parts) > 1 else []

    def pieces(self, term: str) -> list[str]:
        """The known words a searched compound starts and ends with ("schuldhulp" -> schuld, hulp), also
        when the rest is not a word of the graph ("armoedebestrijding" -> armoede)."""
        if len(term) < 7:
            return []
        own = stem(term)  # "armoedebestrijd" is the term itself, not a first part of it
        first = next(
            (term[:n] for n in range(len(term) - 3, 3, -1) if term[:n] in self.lexicon and term[:n] != own), ""
        )
        last = next((term[n:] for n in range(max(len(first), 1), len(term) - 3) if term[n:] in self.lexicon), "")
        return [p for p in (first, last) if p]

    def _starting(self, start: str, words: list[str]) -> list[str]:
        at = bisect.bisect_left(words, start)
        end = bisect.bisect_left(words, start + "\x7f", at)
        return words[at:end]

    def matches(self, term: str) -> list[tuple[str, float, bool]]:
        """Words of the graph that `term` stands for: (word, quality between 0 and 1, found through a typo)."""
        if term in self._matches:
            return self._matches[term]
        found: dict[str, float] = {}

        def better(candidates: list[str] | set[str], quality: float) -> None:
            for word in candidates:
                if found.get(word, 0.0) < quality:
                    found[word] = quality

        term_stem = stem(term)
        if term in self.known:
            found[term] = 1.0
        if len(term_stem) >= 3:
            better(self.stems.get(term_stem, []), 0.95)
        if len(term) >= 3:
            better(self._starting(term, self.words), 0.85)
        if len(term) >= 4:
            better(self.parts.get(term, set()) | self.parts.get(term_stem, set()), 0.75)
        if len(term) >= 5:
            better([w[::-1] for w in self._starting(term[::-1], self.reversed) if w[::-1] != term], 0.75)
        result = [(w, found[w], False) for w in sorted(found)]
        # Typos only when the word itself is not in the graph: "schulden" must not also find "scholen".
        if len(term) >= 4 and not any(q >= 0.85 for q in found.values()):
            result += self._typos(term, set(found))
        if len(self._matches) > 5000:
            self._matches.clear()
        self._matches[term] = result
        return result

    def _typos(self, term: str, seen: set[str]) -> list[tuple[str, float, bool]]:
        limit = 1 if len(term) <= 7 else 2
        typos: dict[str, float] = {}
        for word, _, _ in process.extract(term, self.words, scorer=OSA.distance, score_cutoff=limit, limit=None):
            if word not in seen:
                typos[word] = 0.6
        # A typo in the first part of a longer word: the words cut to the length of what was typed.
        heads, longer = self._heads(len(term) + limit, len(term))
        for _, _, at in process.extract(term, heads, scorer=OSA.distance, score_cutoff=limit, limit=None):
            word = longer[at]
            if word not in seen and word not in typos:
                typos[word] = 0.5
        return [(w, typos[w], True) for w in sorted(typos)]

    def _heads(self, longer_than: int, length: int) -> tuple[list[str], list[str]]:
        key = longer_than * 100 + length
        if key not in self._prefixes:
            longer = [w for w in self.words if len(w) > longer_than]
            self._prefixes[key] = ([w[:length] for w in longer], longer)
        return self._prefixes[key]
