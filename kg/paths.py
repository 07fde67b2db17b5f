"""Where the project's data files live. They are data, not code: the ontology, vocabularies and queries sit at
the top of the checkout (`ontology/`, `queries/`), where people read and edit them, and the package reaches them
through the links `kg/ontology` and `kg/queries`, which a wheel turns into copies: an installed `kg` finds its data
inside itself."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent
ROOT = PACKAGE.resolve().parent  # the checkout (tests, benchmarks); an installed package has none
ONTOLOGY_DIR = PACKAGE / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "kg.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
VOCAB_DIR = ONTOLOGY_DIR / "vocab"
PATTERNS_DIR = PACKAGE / "patterns"
QUERIES_DIR = PACKAGE / "queries"
DERIVED_QUERIES_DIR = QUERIES_DIR / "derived"
DEFAULT_NOTES = Path("notes")
DEFAULT_EXPORTS = Path("exports")
DEFAULT_DATA = DEFAULT_EXPORTS / "kg.ttl"
