"""Imports: RDF files and the spreadsheet template into a named graph per import, with PROV.

Used by both the command line (`kennisgraaf importeer`) and the HTTP API (`/api/importeer`):
read (sources), map rows to the ontology (mapping), validate and write as one transaction (run),
describe with PROV (provenance) and log every write (writelog). The template's columns are in
columns; `python -m graaf.imports.template` writes the template files in graaf/sjablonen/.

May import the store layer (graaf.storage) and ontologie; never validatie or api: the checker is
handed in.
"""

from graaf.imports.provenance import Actor, import_history, tool_version
from graaf.imports.run import (
    ImportNotFound,
    ImportOfSomeoneElse,
    ImportOutcome,
    InvalidImportName,
    check_name,
    default_name,
    import_graph,
    run_import,
    undo_import,
)
from graaf.imports.sheets import Problem, SpreadsheetError
from graaf.imports.sources import Source, source_kind
from graaf.imports.writelog import log_path, log_write, read_log

__all__ = [
    "Actor",
    "ImportNotFound",
    "ImportOfSomeoneElse",
    "ImportOutcome",
    "InvalidImportName",
    "Problem",
    "Source",
    "SpreadsheetError",
    "check_name",
    "default_name",
    "import_graph",
    "import_history",
    "log_path",
    "log_write",
    "read_log",
    "run_import",
    "source_kind",
    "tool_version",
    "undo_import",
]
