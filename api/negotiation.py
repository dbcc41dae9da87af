"""Content negotiation on the Accept header (RFC 9110 section 12.5.1), one routine for every view."""

from dataclasses import dataclass


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
