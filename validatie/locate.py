"""Find the line of a file where a node is described, so a report can say "regel 12"."""

import re
from functools import lru_cache

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


class Locator:
    """Looks up the first line on which an IRI appears, written in full or as a prefixed name."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._prefixes = {iri: name for name, iri in _PREFIX.findall(text)}

    @lru_cache(maxsize=4096)  # noqa: B019 - one locator lives as long as one report
    def line_of(self, iri: str) -> int | None:
        forms = [f"<{iri}>"]
        for namespace, name in self._prefixes.items():
            if namespace and iri.startswith(namespace):
                local = iri[len(namespace) :]
                forms.append(f"{name}:{local}")
        patterns = [re.compile(re.escape(f) + r"(?![\w:-])") for f in forms]
        for number, line in enumerate(self._lines, start=1):
            if any(p.search(line) for p in patterns):
                return number
        return None
