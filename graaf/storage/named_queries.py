"""Named queries: the SPARQL files in graaf/queries/, each with a header that says what it is.

Like grlc and TriplyDB's saved queries, each file with a title becomes an API operation. The header
is a block of comment lines at the top of the file:

    # title: Interventies in een gemeente
    # description: Welke interventies worden aangeboden in een gemeente,
    #   of in de provincie waarin die gemeente ligt.      (more indented: goes on)
    # param: gemeente (iri, verplicht): De gemeente, bijvoorbeeld id:plaats/GM0765.
    # param: taal (string, standaard "nl"): Taal van de namen.
    # tags: voorbeeld
    # api: nee                                              (keep this query out of the API)
    # orden-achteraf: activiteit                            (see below)

A parameter is a variable of the query (with the same name) that must be in its SELECT clause:
its value is bound as an RDF term by the engine, never pasted into the query text. An IRI value
may be written `id:...`, short for the /id/ namespace of the deployment (KENNISGRAAF_BASE_IRI).
A parameter without value and without default stays unbound, so the query covers every value.

`orden-achteraf` names the variable of the query's last clause, `ORDER BY ?variable`. The API may then
run the query without that clause and sort the rows itself (graaf.storage.execution): Oxigraph reads a
stored string from disk at every comparison of its sort, the server once per row. The answer is the
same; the text the lab reads and copies stays the full query.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from graaf.storage.errors import GraafError, Unprocessable
from graaf.storage.sparql_text import is_iri, tokens
from ontologie.namespaces import DEFAULT_BASE, id_base

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
TYPES = ("iri", "string", "integer", "decimal", "boolean", "date")
_FIELD = re.compile(r"^#\s?([\w-]+):\s*(.*)$")
_MORE = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(r"^(\w+)\s*\(([^)]*)\)\s*:?\s*(.*)$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class QueryDefinitionError(GraafError, code="ongeldige-querydefinitie"):
    """A query file whose header cannot be read."""


class InvalidParameter(Unprocessable, code="ongeldige-parameter"):
    """A parameter value that does not fit the parameter's type."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str = ""
    required: bool = False
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = ()
    tags: tuple[str, ...] = ()
    in_api: bool = True
    sort_after: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


def parse(name: str, text: str) -> NamedQuery:
    """A named query from the text of its file."""
    fields: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        more = _MORE.match(line)
        if more and fields:
            key, value = fields[-1]
            fields[-1] = (key, f"{value} {more.group(1).strip()}".strip())
            continue
        found = _FIELD.match(line)
        if found:
            fields.append((found.group(1).lower(), found.group(2).strip()))
    single = {key: value for key, value in fields if key != "param"}
    parameters = tuple(_parameter(name, value) for key, value in fields if key == "param")
    return NamedQuery(
        name=name,
        title=single.get("title", ""),
        description=single.get("description", ""),
        text=text,
        parameters=parameters,
        tags=tuple(t.strip() for t in single.get("tags", "").split(",") if t.strip()),
        in_api=bool(single.get("title")) and single.get("api", "ja").lower() not in ("nee", "no"),
        sort_after=single.get("orden-achteraf", "").lstrip("?$") or None,
        extra=single,
    )


def _parameter(query: str, spec: str) -> Parameter:
    found = _PARAM.match(spec)
    if not found:
        raise QueryDefinitionError(f"{query}: parameter '{spec}' heeft niet de vorm 'naam (type): uitleg'.")
    name, options, description = found.groups()
    kind, *flags = [o.strip() for o in options.split(",")]
    if kind not in TYPES:
        raise QueryDefinitionError(f"{query}: parameter '{name}' heeft onbekend type '{kind}'.")
    default = None
    for flag in flags:
        if flag.startswith("standaard "):
            default = flag.removeprefix("standaard ").strip().strip('"')
        elif flag != "verplicht":
            raise QueryDefinitionError(f"{query}: parameter '{name}' heeft onbekende optie '{flag}'.")
    return Parameter(name, kind, description.strip(), "verplicht" in flags, default)


@lru_cache(maxsize=1)
def _shipped() -> dict[str, NamedQuery]:
    queries = {}
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        if _NAME.match(path.stem):
            queries[path.stem] = parse(path.stem, path.read_text(encoding="utf-8"))
    return queries


def named_queries() -> list[NamedQuery]:
    """The queries that are offered in the API, ordered by name."""
    return [q for q in _shipped().values() if q.in_api]


def named_query(name: str) -> NamedQuery | None:
    query = _shipped().get(name)
    return query if query is not None and query.in_api else None


def bind(query: NamedQuery, values: dict[str, str], base: str = DEFAULT_BASE) -> dict[str, Identifier]:
    """The parameters' values (or defaults) as RDF terms, checked against their types."""
    bound: dict[str, Identifier] = {}
    for parameter in query.parameters:
        raw = values.get(parameter.name)
        if raw is None or raw == "":
            raw = parameter.default
        if raw is None:
            if parameter.required:
                raise InvalidParameter(f"Parameter '{parameter.name}' is verplicht.")
            continue
        bound[parameter.name] = to_term(parameter, raw, base)
    return bound


def to_term(parameter: Parameter, raw: str, base: str = DEFAULT_BASE) -> Identifier:
    """One value as an RDF term of the parameter's type; InvalidParameter when it does not fit."""
    problem = f"'{raw}' is geen geldige waarde voor '{parameter.name}' ({parameter.type})."
    if parameter.type == "iri":
        iri = id_base(base) + raw[3:] if raw.startswith("id:") else raw
        if not is_iri(iri):
            raise InvalidParameter(problem + " Geef een volledige IRI of 'id:soort/naam'.")
        return URIRef(iri)
    if parameter.type == "string":
        return Literal(raw)
    if parameter.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", raw):
            raise InvalidParameter(problem)
        return Literal(int(raw), datatype=XSD.integer)
    if parameter.type == "decimal":
        try:
            number = Decimal(raw)
        except InvalidOperation as error:
            raise InvalidParameter(problem) from error
        if not number.is_finite():
            raise InvalidParameter(problem)
        return Literal(str(number), datatype=XSD.decimal)
    if parameter.type == "boolean":
        if raw not in ("true", "false"):
            raise InvalidParameter(problem + " Gebruik true of false.")
        return Literal(raw, datatype=XSD.boolean)
    try:
        return Literal(date.fromisoformat(raw).isoformat(), datatype=XSD.date)
    except ValueError as error:
        raise InvalidParameter(problem + " Schrijf een datum als 2026-11-24.") from error


def with_defaults(query: NamedQuery, base: str = DEFAULT_BASE) -> str:
    """The query text with the parameters' defaults written in, for people to read and change.

    The defaults come from our own files, so they may go into the text: as a VALUES block at the
    start of the WHERE clause, which binds them before anything else, as the API's binding does.
    """
    defaults = [(p.name, to_term(p, p.default, base)) for p in query.parameters if p.default is not None]
    if not defaults:
        return query.text
    opening = next((t for t in tokens(query.text) if t.text == "{" and t.depth == 0), None)
    if opening is None:
        return query.text
    names = " ".join(f"?{name}" for name, _ in defaults)
    values = " ".join(term.n3() for _, term in defaults)
    block = f"\n  VALUES ({names}) {{ ({values}) }}"
    place = opening.start + 1
    return query.text[:place] + block + query.text[place:]
