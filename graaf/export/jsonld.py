"""JSON-LD written as a stream, with the published context, so that a large export never sits in memory.

Oxigraph writes JSON-LD with full IRIs only. This writer uses the context's short keys: a node
object per subject, `@type` with class names, properties by their Dutch key, text with a language
in a map per language. Values are never guessed: numbers, dates and other typed values keep their
datatype and their exact lexical form as value objects, so the export reads back into the same graph.

Quads come in any order. Consecutive quads about the same subject become one node object; a
subject that comes back later gets another node object with the same @id, which JSON-LD merges.
"""

import json
from collections.abc import Iterable, Iterator
from itertools import chain, groupby
from typing import IO

import pyoxigraph as ox

from graaf.export.context import load_context

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Node = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Vocabulary:
    """The context turned around: from an IRI to its key, and how the key wants its values."""

    def __init__(self, context: dict[str, object]) -> None:
        self.context = context
        self.prefixes: list[tuple[str, str]] = []
        self.keys: dict[str, tuple[str, str]] = {}  # property IRI -> (key, kind)
        self.classes: dict[str, str] = {}
        for key, value in context.items():
            if key.startswith("@"):
                continue
            if isinstance(value, str):
                if value.endswith(("#", "/")):
                    self.prefixes.append((key, value))
                else:
                    self.classes[value] = key
            elif isinstance(value, dict):
                kind = "iri" if value.get("@type") == "@id" else "taal" if "@container" in value else "waarde"
                self.keys[str(value["@id"])] = (key, kind)
        # The longest namespace first, so an IRI gets the most specific prefix.
        self.prefixes.sort(key=lambda item: -len(item[1]))
        self._terms = {k for k in context if not k.startswith("@")}

    def compact(self, iri: str) -> str:
        """prefix:name when a prefix fits and the result cannot be mistaken for something else."""
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace):
                rest = iri[len(namespace) :]
                if rest and not rest.startswith("/") and ":" not in rest and f"{prefix}:{rest}" not in self._terms:
                    return f"{prefix}:{rest}"
        return iri

    def type_name(self, iri: str) -> str:
        return self.classes.get(iri) or self.compact(iri)

    def key(self, iri: str) -> tuple[str, str]:
        return self.keys.get(iri) or (self.compact(iri), "vrij")


def _node_id(node: Node) -> str:
    return f"_:{node.value}" if isinstance(node, ox.BlankNode) else node.value


def _value(term: Term, kind: str, vocabulary: Vocabulary) -> object:
    """One value in the shape its key asks for (kind 'iri' takes a bare string for an IRI)."""
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return _node_id(term) if kind == "iri" else {"@id": _node_id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return term.value if kind in ("vrij", "waarde") else {"@value": term.value}
    return {"@value": term.value, "@type": vocabulary.compact(datatype)}


def node_object(subject: Node, pairs: Iterable[tuple[ox.NamedNode, Term]], vocabulary: Vocabulary) -> dict[str, object]:
    """The node object of one subject, from its (predicate, object) pairs."""
    node: dict[str, object] = {"@id": _node_id(subject)}
    types: list[str] = []
    values: dict[str, list[object]] = {}
    languages: dict[str, dict[str, list[str]]] = {}
    for predicate, term in pairs:
        if predicate.value == _RDF_TYPE and isinstance(term, ox.NamedNode):
            types.append(vocabulary.type_name(term.value))
            continue
        key, kind = vocabulary.key(predicate.value)
        if kind == "taal" and isinstance(term, ox.Literal) and term.language:
            languages.setdefault(key, {}).setdefault(term.language, []).append(term.value)
            continue
        if kind == "taal":
            # Not text with a language: it cannot go in the language map, so it goes under the full name.
            key, kind = vocabulary.compact(predicate.value), "vrij"
        values.setdefault(key, []).append(_value(term, kind, vocabulary))
    if types:
        node["@type"] = types[0] if len(types) == 1 else types
    for key, by_language in languages.items():
        node[key] = {lang: texts[0] if len(texts) == 1 else texts for lang, texts in by_language.items()}
    for key, items in values.items():
        node[key] = items[0] if len(items) == 1 else items
    return node


def _nodes(triples: Iterable[ox.Triple], vocabulary: Vocabulary) -> Iterator[dict[str, object]]:
    for subject, group in groupby(triples, key=lambda t: t.subject):
        yield node_object(subject, ((t.predicate, t.object) for t in group), vocabulary)  # type: ignore[arg-type]


def _write_nodes(out: IO[bytes], nodes: Iterable[dict[str, object]], indent: str, after: bool) -> bool:
    """Nodes as members of a JSON array; `after` says whether a member came before. Returns it again."""
    for node in nodes:
        out.write(((",\n" if after else "") + indent + json.dumps(node, ensure_ascii=False)).encode())
        after = True
    return after


def write_triples(out: IO[bytes], triples: Iterable[ox.Triple], context: dict[str, object] | None = None) -> None:
    """A JSON-LD document of one graph: the context and the graph's nodes."""
    context = context or load_context()
    out.write(_head(context))
    _write_nodes(out, _nodes(triples, Vocabulary(context)), "  ", after=False)
    out.write(b"\n]}\n")


def write_dataset(
    out: IO[bytes],
    graphs: Iterable[tuple[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, Iterable[ox.Triple]]],
    context: dict[str, object] | None = None,
) -> None:
    """A JSON-LD document of a dataset: the default graph's nodes, then one object per named graph."""
    context = context or load_context()
    vocabulary = Vocabulary(context)
    out.write(_head(context))
    written = False
    for name, triples in graphs:
        nodes = _nodes(triples, vocabulary)
        if isinstance(name, ox.DefaultGraph):
            written = _write_nodes(out, nodes, "  ", written)
            continue
        first = next(nodes, None)
        if first is None:
            continue
        opening = json.dumps({"@id": _node_id(name)}, ensure_ascii=False)[:-1] + ', "@graph": [\n'
        out.write(((",\n" if written else "") + "  " + opening).encode())
        _write_nodes(out, chain([first], nodes), "    ", after=False)
        out.write(b"\n  ]}")
        written = True
    out.write(b"\n]}\n")


def _head(context: dict[str, object]) -> bytes:
    return ('{"@context": ' + json.dumps(context, ensure_ascii=False) + ',\n"@graph": [\n').encode()
