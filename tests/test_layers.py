"""The layers import one way only: ontologie <- graaf's store layer <- graaf's features <- validatie <- api.

A module may import from its own layer and the layers below it, never from one above: then the store
can be read without the web, validation without the server, and a change to a page never reaches
the store. Imports inside functions count too; an import for type checking only does as well,
because it still ties the code together.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("ontologie", "graaf", "validatie", "api")
LAYERS = ("ontologie", "graaf (opslag)", "graaf (functies)", "validatie", "api")


def layer(module: str) -> int | None:
    """The layer of a dotted module name, or None for a module that is not ours."""
    parts = module.split(".")
    if parts[0] not in PACKAGES:
        return None
    if parts[0] == "graaf":
        # The package itself re-exports the store layer only (graaf/__init__.py); graaf.storage is that
        # layer, and every other module or subpackage of graaf is a feature built on it.
        return 1 if len(parts) == 1 or parts[1] == "storage" else 2
    return {"ontologie": 0, "validatie": 3, "api": 4}[parts[0]]


def imported(source: str, module: str) -> list[tuple[int, str]]:
    """(line, module) for every import of ours in the source.

    Relative imports are resolved as from a plain module; the code uses none today.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: -node.level]
                base = ".".join([*package, base] if base else package)
            found.append((node.lineno, base))
            # `from graaf import search` imports the module graaf.search, not the package.
            modules = (f"{base}.{alias.name}" for alias in node.names)
            found += [(node.lineno, name) for name in modules if _is_module(name)]
    return [(line, name) for line, name in found if layer(name) is not None]


def _is_module(dotted: str) -> bool:
    path = REPO.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def violations(source: str, module: str) -> list[str]:
    own = layer(module)
    assert own is not None
    return [
        f"{module}:{line} importeert {name} ({LAYERS[layer(name) or 0]}) uit een hogere laag dan {LAYERS[own]}"
        for line, name in imported(source, module)
        if (layer(name) or 0) > own
    ]


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            found.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return found


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    modules = _modules()
    assert len(modules) > 100
    problems = [v for module, path in modules for v in violations(path.read_text(encoding="utf-8"), module)]
    assert problems == []


def test_every_graaf_subpackage_says_what_it_is_for_and_what_it_may_import() -> None:
    """A newcomer reads the folder's docstring first; without the import rule it cannot guide them."""
    missing = []
    for init in sorted((REPO / "graaf").glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        if "may import" not in doc.lower():
            missing.append(init.parent.name)
    assert missing == []


@pytest.mark.parametrize(
    ("module", "source", "bad"),
    [
        ("graaf.storage.store", "from graaf.search import search\n", True),
        ("graaf.storage.store", "def f():\n    from api import app\n", True),
        ("graaf.search", "from graaf.storage import store\nfrom graaf.storage.store import Store\n", False),
        ("validatie.updates", "from graaf.imports import import_graph\n", False),
        ("ontologie.namespaces", "import graaf\n", True),
        ("graaf.cocktail.rank", "from ..search import search\n", False),
        ("graaf.storage.execution", "from .. import search\n", True),
        ("graaf.storage.execution", "from . import store\n", False),
    ],
)
def test_the_check_itself_sees_an_import_that_runs_back_up(module: str, source: str, bad: bool) -> None:
    assert bool(violations(source, module)) is bad
