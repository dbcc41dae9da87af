"""The ontology (kern.ttl) and the SKOS concept schemes (begrippen/*.ttl) as files on disk.

This package is the bottom layer: it knows the vocabulary and where its files are, nothing about
stores or HTTP. `graaf` loads these files; `validatie` checks data against them.
"""

from ontologie.files import CONCEPT_SCHEME_FILES, ONTOLOGY_FILE, ontology_files
from ontologie.namespaces import DEFAULT_BASE, KERN, KERN_ONTOLOGY

__all__ = [
    "CONCEPT_SCHEME_FILES",
    "DEFAULT_BASE",
    "KERN",
    "KERN_ONTOLOGY",
    "ONTOLOGY_FILE",
    "ontology_files",
]
