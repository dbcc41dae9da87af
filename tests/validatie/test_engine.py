"""Our validation engine (pyshacl for SHACL Core, Oxigraph for the SPARQL rules) gives exactly the
results SHACL prescribes on every shape example, and guards the write path."""

import json
from pathlib import Path

import pytest
from rdflib import Graph

from validatie import validate_graph

EXAMPLES = Path(__file__).resolve().parents[2] / "validatie" / "voorbeelden"
NAMES = sorted(p.name[: -len("-fout.ttl")] for p in EXAMPLES.glob("*-fout.ttl"))


def test_there_are_examples() -> None:
    assert len(NAMES) > 50


@pytest.mark.parametrize("name", NAMES)
def test_engine_matches_expected_results(name: str) -> None:
    good = validate_graph(Graph().parse(EXAMPLES / f"{name}-goed.ttl", format="turtle"))
    assert [(f.focus, f.shape, f.severity) for f in good.findings] == []
    bad = validate_graph(Graph().parse(EXAMPLES / f"{name}-fout.ttl", format="turtle"))
    expected = json.loads((EXAMPLES / f"{name}-fout.json").read_text(encoding="utf-8"))
    assert {(f.focus, f.shape, f.severity) for f in bad.findings} == {
        (e["focus"], e["shape"], e["severity"]) for e in expected
    }
