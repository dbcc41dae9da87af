"""Where the ontology and concept-scheme files live, and which graph each one is loaded into."""

from pathlib import Path

from ontologie.namespaces import DEFAULT_BASE, KERN_ONTOLOGY, id_base

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "kern.ttl"
CONCEPT_SCHEME_DIR = HERE / "begrippen"
CONCEPT_SCHEME_FILES: tuple[Path, ...] = tuple(sorted(CONCEPT_SCHEME_DIR.glob("*.ttl")))


def ontology_files() -> list[tuple[Path, str]]:
    """Each vocabulary file with the graph it belongs in (default base).

    The ontology goes into the graph named by the ontology IRI, and each concept scheme into the
    graph named by the scheme IRI, so a SPARQL user can ask for one vocabulary by its own name.
    """
    files = [(ONTOLOGY_FILE, KERN_ONTOLOGY)]
    files += [(path, id_base(DEFAULT_BASE) + "begrippenkader/" + path.stem) for path in CONCEPT_SCHEME_FILES]
    return files
