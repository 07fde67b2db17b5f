"""A vocabulary that has never heard of a gold annotation's names, to measure the extraction RULES.

The bundled vocabulary knows most names of the bundled log, so the scorer's numbers on it flatter the rules. This
writes a copy of ontology/vocab/ without every model, technique, dataset and metric concept that any name or alias
of the gold file folds to (organisations, persons, tasks and the stop list stay), so that

    python tools/heldout_vocab.py ../shared/eval/gold-dev.toml /tmp/heldout
    kg build notes -o /tmp/h --no-html --no-cache --vocab /tmp/heldout
    python ../shared/eval/score.py /tmp/h/kg.ttl ../shared/eval/gold-dev.toml

scores what the rules find in names no vocabulary knows, as on logs outside this repository.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tomllib
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.namespace import SKOS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.paths import VOCAB_DIR
from kg.vocab import fold

HELD_OUT_SCHEMES = ("models.ttl", "techniques.ttl", "datasets.ttl", "metrics.ttl")
RELATIONS = ("proposes", "uses", "builds_on", "compares_to", "optional")


def gold_names(gold: dict[str, Any]) -> set[str]:
    """Folded names and aliases of everything the gold file mentions, organisations aside."""
    names: set[str] = set()
    for canonical, variants in gold.get("aliases", {}).items():
        names.add(fold(canonical))
        names.update(fold(v) for v in variants)
    for paper in gold.get("paper", []):
        names.add(fold(paper["key"]))
        for field in RELATIONS:
            names.update(fold(x) for x in paper.get(field, []))
    for edge in gold.get("edge", []):
        names.update((fold(edge["subject"]), fold(edge["object"])))
    for kind, listed in gold.get("entities", {}).items():
        if kind != "organization":
            names.update(fold(x) for x in listed)
    return names


def write_heldout(gold_path: Path, source: Path, target: Path) -> int:
    names = gold_names(tomllib.loads(gold_path.read_text(encoding="utf-8")))
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    removed = 0
    for path in sorted(source.iterdir()):
        if path.name not in HELD_OUT_SCHEMES:
            shutil.copy(path, target / path.name)
            continue
        g = Graph().parse(path)
        for concept in set(g.subjects(SKOS.inScheme, None)):
            labels = {fold(str(o)) for p in (SKOS.prefLabel, SKOS.altLabel) for o in g.objects(concept, p)}
            if labels & names:
                g.remove((concept, None, None))
                removed += 1
        g.serialize(target / path.name, format="turtle")
    return removed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("gold", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--vocab", type=Path, default=VOCAB_DIR)
    args = parser.parse_args()
    removed = write_heldout(args.gold, args.vocab, args.out)
    print(f"wrote {args.out}: {removed} concepts the gold names were left out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
