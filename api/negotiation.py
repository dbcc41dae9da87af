"""Content negotiation on the Accept header (RFC 9110 section 12.5.1), one routine for every view."""

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class _Range:
    kind: str
    subtype: str
    q: float
    specificity: int


def _parse(accept: str) -> list[_Range]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        kind, subtype = media.split("/", 1)
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        specificity = 0 if kind == "*" else 1 if subtype == "*" else 2
        ranges.append(_Range(kind, subtype, q, specificity))
    return ranges


def _match(ranges: list[_Range], media_type: str) -> tuple[float, int]:
    """Quality and specificity of the most specific range that matches the media type."""
    kind, subtype = media_type.split("/", 1)
    best: _Range | None = None
    for r in ranges:
        if (r.kind in ("*", kind)) and (r.subtype in ("*", subtype)):
            if best is None or r.specificity > best.specificity:
                best = r
    return (best.q, best.specificity) if best else (0.0, 0)


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the client likes best; the first offer when there is no Accept header.

    None means nothing offered is acceptable: the caller answers 406. Among equal qualities a type
    the client named outright beats one it only reached through a wildcard; then the server's order.
    """
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = _parse(accept)
    scored = [(*_match(ranges, m), -i, m) for i, m in enumerate(offered)]
    best = max(scored, default=None)
    if best is None or best[0] <= 0:
        return None
    return best[3]


HTML = "text/html"

# What the endpoint offers per kind of answer, as (media type, format name in graaf.storage.formats), in the
# server's order of preference. The last ones are aliases that generic HTTP clients send.
SELECT_OFFERS: tuple[tuple[str, str], ...] = (
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
)
# The W3C CSV/TSV note defines SELECT results only, but `oxigraph serve` answers an ASK in CSV or TSV
# as the bare word true or false; tools that always ask for CSV then work with both engines alike.
ASK_OFFERS = SELECT_OFFERS
GRAPH_OFFERS: tuple[tuple[str, str], ...] = (
    ("text/turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("application/trig", "trig"),
    ("application/n-quads", "nquads"),
    ("text/plain", "ntriples"),
    ("application/json", "jsonld"),
    ("application/xml", "rdfxml"),
)


@dataclass(frozen=True)
class QueryFormats:
    """The format for each query form the client accepts (None: none acceptable), and whether it wants a page."""

    select: str | None
    ask: str | None
    graph: str | None
    page: bool

    @property
    def any(self) -> bool:
        return self.page or any((self.select, self.ask, self.graph))


def _pick(accept: str | None, offers: tuple[tuple[str, str], ...]) -> str | None:
    media = negotiate(accept, [m for m, _ in offers])
    return None if media is None else dict(offers)[media]


@lru_cache(maxsize=512)
def query_formats(accept: str | None) -> QueryFormats:
    """Negotiate once per Accept header: the endpoint does not know the query form before it runs."""
    every = [m for m, _ in SELECT_OFFERS + GRAPH_OFFERS] + [HTML]
    return QueryFormats(
        _pick(accept, SELECT_OFFERS),
        _pick(accept, ASK_OFFERS),
        _pick(accept, GRAPH_OFFERS),
        negotiate(accept, every) == HTML,
    )


@lru_cache(maxsize=512)
def description_format(accept: str | None) -> str | None:
    """The format of the service description, 'html' for the query page, or None when nothing fits."""
    offers = (*GRAPH_OFFERS[:6], (HTML, "html"))
    return _pick(accept, offers)
