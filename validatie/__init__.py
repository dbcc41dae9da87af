"""Validation of everything that enters the graph: SHACL shapes, privacy and ontology checks.

Sits above `graaf`: it implements graaf's `Validator` protocol, so the store's write path can refuse
a change without the graph layer knowing about SHACL.
"""

from validatie.files import validate_files
from validatie.report import Finding, Report
from validatie.validator import ShaclValidator, validate_graph, validate_store

__all__ = ["Finding", "Report", "ShaclValidator", "validate_files", "validate_graph", "validate_store"]
