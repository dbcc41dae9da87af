"""A small lexer for SPARQL text, for the few structural questions the engine cannot answer for us.

Oxigraph parses and runs SPARQL but does not expose the parsed query. We still need to know a few
things before running it: does a query name its own dataset (FROM), which endpoints does SERVICE
call, and where do the operations of an update take their WHERE clause (to add USING clauses for
the protocol's using-graph-uri). The lexer skips strings, IRIs and comments, so a keyword inside
them never counts; everything else is left to the real parser.

The same lexer makes the few rewrites a remote engine needs (graaf.storage.remote): which form a
query has, parameters as a VALUES block, an ASK as a one-row SELECT, an update without a trailing `;`.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import pyoxigraph as ox
from rdflib.term import Identifier

from graaf.storage.errors import QuerySyntaxError
from graaf.storage.terms import to_oxigraph

_TOKEN = re.compile(
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<iri><[^<>\"{}|^`\\\s]*>)"
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<var>[?$][\w]+)"
    r"|(?P<bnode>_:[\w.-]*)"
    # A local name may hold escaped characters (ex:a\#b); they must not start a comment or a string.
    r"|(?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w.:%-]|\\[_~.\-!$&'()*+,;=/?#@%])*)"
    r"|(?P<word>[^\W\d][\w-]*)"
    r"|(?P<number>\d[\w.+-]*)"
    r"|(?P<space>\s+)"
    r"|(?P<punct>\^\^|&&|\|\||!=|<=|>=|.)",
    re.UNICODE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """A significant piece of SPARQL text: its kind, text, place, and how deep in braces it sits."""

    kind: str
    text: str
    start: int
    depth: int

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


@lru_cache(maxsize=16)
def tokens(text: str) -> tuple[Token, ...]:
    """The significant tokens (no spaces, no comments), each with its brace depth.

    Kept for the last few texts: one query is asked several questions on its way to an engine (the
    network guard, its dataset clauses, its form, where its WHERE starts), and on the large VALUES
    queries of a cocktail's preparation each reading costs milliseconds."""
    found: list[Token] = []
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind in ("space", "comment"):
            continue
        value = match.group()
        if value == "}":
            depth = max(0, depth - 1)
        found.append(Token(kind, value, match.start(), depth))
        if value == "{":
            depth += 1
    return tuple(found)


def without_final_order(query: str, variable: str) -> str | None:
    """The query without its last clause if that clause is exactly `ORDER BY ?variable`, else None.

    Nothing may follow the clause: a LIMIT or OFFSET after it picks its rows by that order, so the
    order could not be left to later."""
    items = tokens(query)
    if len(items) < 3:
        return None
    order, by, name = items[-3:]
    if order.depth == 0 and order.is_word("ORDER") and by.is_word("BY") and name.text[1:] == variable:
        if name.text[0] in "?$":
            return query[: order.start]
    return None


def has_dataset_clause(query: str) -> bool:
    """Does the query choose its own dataset with FROM or FROM NAMED?"""
    return any(t.is_word("FROM") for t in tokens(query))


def without_dataset_clauses(query: str) -> str:
    """The query without its FROM and FROM NAMED clauses, for when the protocol names the dataset.

    The protocol's default-graph-uri and named-graph-uri win over the query's own (SPARQL 1.1
    Protocol, 2.1.4); Virtuoso lets the query's FROM win, so the clauses are taken out before sending.
    """
    items = tokens(query)
    cuts: list[tuple[int, int]] = []
    for index, token in enumerate(items):
        if token.depth != 0 or not token.is_word("FROM"):
            continue
        target = index + 1
        if target < len(items) and items[target].is_word("NAMED"):
            target += 1
        if target < len(items):
            cuts.append((token.start, items[target].start + len(items[target].text)))
    for start, end in reversed(cuts):
        query = query[:start] + " " + query[end:]
    return query


def graph_targets(query: str) -> list[str]:
    """The IRIs written after GRAPH (not variables, not prefixed names), in order of appearance."""
    items = tokens(query)
    return [
        items[i + 1].text[1:-1]
        for i, token in enumerate(items[:-1])
        if token.is_word("GRAPH") and items[i + 1].kind == "iri"
    ]


def service_targets(sparql: str) -> list[str | None]:
    """The endpoint of each SERVICE, or None where it is a variable or a prefixed name we cannot check."""
    found: list[str | None] = []
    items = tokens(sparql)
    for index, token in enumerate(items):
        if not token.is_word("SERVICE"):
            continue
        rest = [t for t in items[index + 1 : index + 3] if not t.is_word("SILENT")]
        target = rest[0] if rest else None
        found.append(target.text[1:-1] if target is not None and target.kind == "iri" else None)
    return found


def _operations(items: Sequence[Token]) -> list[list[Token]]:
    """An update's operations: the tokens between semicolons outside braces."""
    operations: list[list[Token]] = [[]]
    for token in items:
        if token.depth == 0 and token.text == ";":
            operations.append([])
        else:
            operations[-1].append(token)
    return [op for op in operations if op]


@dataclass(frozen=True)
class DataBlock:
    """One INSERT DATA or DELETE DATA operation: its kind, and its data as an INSERT DATA of its own.

    `as_insert` runs on an empty store to read the quads: the engine's own parser then reads them,
    so a literal such as 1.50 comes out as the engine stores it (1.5), which a TriG parser does not do.
    """

    kind: Literal["INSERT", "DELETE"]
    as_insert: str


def data_blocks(update: str) -> list[DataBlock] | None:
    """The operations of an update made only of INSERT DATA and DELETE DATA; else None.

    A prologue (PREFIX, BASE) holds for the operations after it, so each block gets every prologue
    line before it. Whatever does not fit (a variable, a WHERE, a LOAD) makes the whole update None:
    it then runs as a real update."""
    prologue: list[str] = []
    blocks: list[DataBlock] = []
    items = tokens(update)
    for operation in _operations(items):
        index = 0
        while index < len(operation) and operation[index].is_word("PREFIX", "BASE"):
            width = 3 if operation[index].is_word("PREFIX") else 2
            part = operation[index : index + width]
            if len(part) < width or part[-1].kind != "iri" or (width == 3 and part[1].kind != "pname"):
                return None
            prologue.append(" ".join(token.text for token in part))
            index += width
        rest = operation[index:]
        if not rest:
            continue
        if len(rest) < 4 or not rest[0].is_word("INSERT", "DELETE") or not rest[1].is_word("DATA"):
            return None
        opening, closing = rest[2], rest[-1]
        if opening.text != "{" or closing.text != "}" or closing.depth != 0:
            return None
        if any(token.kind == "var" or (token.depth == 0 and token is not closing) for token in rest[3:]):
            return None
        kind: Literal["INSERT", "DELETE"] = "INSERT" if rest[0].is_word("INSERT") else "DELETE"
        body = update[opening.start : closing.start + 1]
        blocks.append(DataBlock(kind, "\n".join([*prologue, "INSERT DATA " + body])))
    return blocks or None


def _modify_where(operation: list[Token]) -> Token | None:
    """The WHERE of a DELETE/INSERT ... WHERE operation; None for other operations and for DELETE WHERE."""
    for index, token in enumerate(operation):
        if token.depth == 0 and token.is_word("WHERE"):
            before = operation[index - 1] if index else None
            return None if before is not None and before.is_word("DELETE") else token
    return None


def _own_dataset(operation: list[Token]) -> bool:
    return any(t.depth == 0 and t.is_word("USING", "WITH") for t in operation)


def names_own_dataset(update: str) -> bool:
    """Does any operation of the update choose its own dataset with USING, USING NAMED or WITH?"""
    return any(_own_dataset(op) for op in _operations(tokens(update)))


def with_using(
    update: str, default_graphs: Iterable[str], named_graphs: Iterable[str], *, only_without_dataset: bool
) -> str:
    """The update with USING and USING NAMED clauses added to every DELETE/INSERT ... WHERE operation.

    With `only_without_dataset`, operations that already say USING or WITH keep their own dataset.
    The graph names go in as IRIs written by Oxigraph, which refuses anything that is not an IRI.
    """
    clauses = [f"USING {ox.NamedNode(g)}" for g in default_graphs]
    clauses += [f"USING NAMED {ox.NamedNode(g)}" for g in named_graphs]
    if not clauses:
        return update
    insertion = " " + " ".join(clauses) + " "
    places = [
        where.start
        for op in _operations(tokens(update))
        if (where := _modify_where(op)) is not None and not (only_without_dataset and _own_dataset(op))
    ]
    for place in sorted(places, reverse=True):
        update = update[:place] + insertion + update[place:]
    return update


def is_iri(text: str) -> bool:
    """Is the text an absolute IRI that may name a graph?"""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return ":" in text


def shorten_values(query: str, keep: int, rest: str) -> str:
    """The query with each one-variable VALUES block of more than `keep` terms cut to its first `keep`,
    followed by a comment `rest` (with {n}: how many were left out). For people reading the query on a
    page: a cocktail's queries list hundreds of interventions, and in full they made the page 300 kB.
    The text is then no longer the query that ran; the JSON answer has that."""
    found = tokens(query)
    cuts: list[tuple[int, int, int]] = []  # (start, end, left out) in the text
    for n, token in enumerate(found[:-2]):
        if not (token.is_word("VALUES") and found[n + 1].kind == "var" and found[n + 2].text == "{"):
            continue
        terms = []
        for item in found[n + 3 :]:
            if item.text == "}":
                break
            terms.append(item)
        if len(terms) > keep:
            last = terms[-1]
            cuts.append((terms[keep].start, last.start + len(last.text), len(terms) - keep))
    for start, end, left_out in reversed(cuts):
        query = query[:start] + rest.format(n=left_out) + "\n" + query[end:]
    return query


# -- rewrites a remote engine needs (graaf.storage.remote) --------------------------------------


def query_form(query: str) -> Literal["select", "ask", "graph"]:
    """Which kind of answer a query gives, from its first query keyword outside braces."""
    for token in tokens(query):
        if token.depth == 0 and token.is_word("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            word = token.text.upper()
            return "select" if word == "SELECT" else "ask" if word == "ASK" else "graph"
    raise QuerySyntaxError("Fout in de query: geen SELECT, ASK, CONSTRUCT of DESCRIBE gevonden.")


def with_values(query: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with the bindings as a VALUES block at the start of its outermost WHERE group.

    The embedded engine substitutes variables before it evaluates; the protocol has no such thing.
    A VALUES block first in the group joins the bound values with the rest of the pattern, so
    FILTERs, OPTIONALs and aggregates see them as they would see a substituted variable.
    """
    names = list(bindings)
    values = " ".join(str(to_oxigraph(bindings[n])) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({values}) }} "
    items = tokens(query)
    start = _where_brace(items)
    if start is None:
        raise QuerySyntaxError("Fout in de query: geen WHERE-deel gevonden om de parameters in te zetten.")
    return query[: start + 1] + block + query[start + 1 :]


def ask_as_select(query: str) -> str:
    """An ASK as a SELECT of at most one row; the answer is yes when there is a row.

    Virtuoso answers every ASK with yes as soon as the request names a dataset (default-graph-uri or
    named-graph-uri), which the union setting "graphs" always does; its SELECT is right.
    """
    items = tokens(query)
    ask = next((t for t in items if t.depth == 0 and t.is_word("ASK")), None)
    start = _where_brace(items)
    if ask is None or start is None:
        return query
    closing = next(
        (t for t in items if t.start > start and t.depth == 0 and t.text == "}"),
        None,
    )
    # LIMIT 1 only where nothing follows the WHERE group (a modifier or VALUES would have to come first);
    # on a line of its own, so a comment at the end cannot swallow it.
    tail = "\nLIMIT 1" if closing is not None and closing is items[-1] else ""
    taken = {t.text[1:] for t in items if t.kind == "var"}
    name = "ask"
    while name in taken:  # a variable of the query's own may be called ?ask
        name += "_"
    return query[: ask.start] + f"SELECT (1 AS ?{name})" + query[ask.start + 3 :] + tail


def _where_brace(items: Sequence[Token]) -> int | None:
    """The position of the `{` that opens the query's WHERE group."""
    form_seen = construct = False
    for index, token in enumerate(items):
        if token.depth != 0:
            continue
        if token.is_word("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
            form_seen, construct = True, token.is_word("CONSTRUCT")
        elif token.is_word("WHERE") and index + 1 < len(items) and items[index + 1].text == "{":
            return int(items[index + 1].start)
        elif form_seen and not construct and token.text == "{":
            return int(token.start)
    return None


def without_trailing_semicolon(update: str) -> str:
    items = tokens(update)
    if items and items[-1].text == ";" and items[-1].depth == 0:
        return update[: items[-1].start]
    return update
