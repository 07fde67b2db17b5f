"""Where the project's data files live: they are data, not code, and sit beside the package."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "kg.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
VOCAB_DIR = ONTOLOGY_DIR / "vocab"
PATTERNS_DIR = ROOT / "kg" / "patterns"
QUERIES_DIR = ROOT / "queries"
DERIVED_QUERIES_DIR = QUERIES_DIR / "derived"
DEFAULT_NOTES = Path("notes")
DEFAULT_EXPORTS = Path("exports")
DEFAULT_DATA = DEFAULT_EXPORTS / "kg.ttl"
