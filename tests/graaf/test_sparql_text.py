"""The SPARQL lexer's helpers that change text: shortening VALUES blocks for people to read."""

import pyoxigraph as ox

from graaf.storage.sparql_text import data_blocks, shorten_values

EX = "https://example.org/"


TEXT = f"VALUES ?x {{ <{EX}in-een-tekst> }}"


def _query(n: int) -> str:
    iris = " ".join(f"<{EX}i{k}>" for k in range(n))
    return f'SELECT ?i WHERE {{ VALUES ?i {{ {iris} }} ?i <{EX}p> "{TEXT}" }}'


def test_a_long_values_block_keeps_its_first_terms_and_says_how_many_were_left_out() -> None:
    short = shorten_values(_query(10), 3, "# … en nog {n}")
    assert f"<{EX}i2> # … en nog 7\n }}" in short and f"<{EX}i3>" not in short
    assert f'"{TEXT}"' in short  # a string is not a VALUES block
    store = ox.Store()  # still a query the engine reads
    store.add(ox.Quad(ox.NamedNode(f"{EX}i1"), ox.NamedNode(f"{EX}p"), ox.Literal(TEXT)))
    assert [row[0].value for row in store.query(short)] == [f"{EX}i1"]


def test_a_short_values_block_is_left_as_it_is() -> None:
    assert shorten_values(_query(3), 3, "# … en nog {n}") == _query(3)


def test_an_update_of_only_data_is_split_into_blocks_with_the_prologue_before_each() -> None:
    update = (
        "PREFIX ex: <http://e/> INSERT DATA { GRAPH ex:g { ex:a ex:b 'x ; } y' } } ;\n"
        "BASE <http://b/> DELETE DATA { GRAPH <g> { <a> <b> 1 } } ;"
    )
    blocks = data_blocks(update)
    assert blocks is not None and [b.kind for b in blocks] == ["INSERT", "DELETE"]
    assert blocks[0].as_insert == "PREFIX ex: <http://e/>\nINSERT DATA { GRAPH ex:g { ex:a ex:b 'x ; } y' } }"
    assert blocks[1].as_insert == "PREFIX ex: <http://e/>\nBASE <http://b/>\nINSERT DATA { GRAPH <g> { <a> <b> 1 } }"


def test_any_other_operation_makes_it_a_real_update() -> None:
    for update in (
        "INSERT { GRAPH <g> { ?s ?p 1 } } WHERE { ?s ?p 2 }",
        "INSERT DATA { GRAPH <g> { <a> <b> ?x } }",
        "INSERT DATA { GRAPH <g> { <a> <b> 1 } } ; CLEAR GRAPH <g>",
        "DELETE WHERE { GRAPH <g> { <a> <b> ?x } }",
        "LOAD <http://x/>",
        "PREFIX : INSERT DATA { }",
        "",
    ):
        assert data_blocks(update) is None, update
