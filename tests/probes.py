"""Probe logs: reading logs in other people's styles (tests/data/probes/NAME.md), each beside what a careful reader
takes from it (NAME.gold.toml, in the scorer's gold format) and what the rules still miss or add (NAME.pins.toml).

Edges are compared as (entry key, relation, name), names folded and mapped through the gold's aliases, a subject
that is what an entry proposes standing for the entry. tests/test_layouts.py asserts that a build gives exactly the
pinned misses and extras, so that a change shows up either way. After a deliberate change, look at the difference
and write the pins again:

    .venv/bin/python tests/probes.py            # every probe
    .venv/bin/python tests/probes.py NAME ...   # some
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from rdflib import RDFS
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from kg.build import build_graph
from kg.extract import Extractor
from kg.rdf import relation_triples

ROOT = Path(__file__).resolve().parent.parent
PROBES = ROOT / "tests" / "data" / "probes"
_RELATIONS = {"buildsOn": "builds_on", "uses": "uses", "comparesTo": "compares_to"}

Edge = tuple[str, str, str]


def probe_names() -> list[str]:
    return sorted(p.stem for p in PROBES.glob("*.md"))


def _fold_name(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def probe_edges(name: str, extractor: Extractor) -> tuple[set[Edge], set[Edge]]:
    """(edges the gold lists, edges the build makes), both as folded (entry key, relation, name)."""
    gold = tomllib.loads((PROBES / f"{name}.gold.toml").read_text(encoding="utf-8"))
    papers = gold["paper"]
    canon: dict[str, str] = {}
    for canonical_name, variants in gold.get("aliases", {}).items():
        for variant in (canonical_name, *variants):
            canon.setdefault(_fold_name(variant), _fold_name(canonical_name))
    for paper in papers:
        for field in ("proposes", "optional", *_RELATIONS.values()):
            for named in paper.get(field, []):
                canon.setdefault(_fold_name(named), _fold_name(named))
    subject_of: dict[str, str] = {}
    for paper in papers:
        key = _fold_name(paper["key"])
        canon.setdefault(key, key)
        canon[_fold_name(paper["title"])] = key
        for named in paper.get("proposes", []):
            subject_of.setdefault(canon[_fold_name(named)], key)

    def c(text: str) -> str:
        return canon.get(_fold_name(text), _fold_name(text))

    expected = {(c(p["key"]), rel, c(t)) for p in papers for rel in _RELATIONS.values() for t in p.get(rel, [])}
    optional = {(c(p["key"]), c(t)) for p in papers for t in p.get("optional", []) + p.get("proposes", [])}
    # `accept = { "X" = ["uses"] }`: a gold edge to X is also met by these relations (the scorer's names)
    accepted = {(c(p["key"]), other, c(t)): rel for p in papers for t, others in p.get("accept", {}).items()
                for other in others for rel in _RELATIONS.values() if t in p.get(rel, [])}
    g = build_graph([PROBES / f"{name}.md"], extractor).graph

    def node_name(node: Node) -> str:
        names = [*g.objects(node, RDFS.label), *g.objects(node, SKOS.altLabel), *g.objects(node, DCTERMS.title)]
        for n in names:
            if _fold_name(str(n)) in canon:
                return canon[_fold_name(str(n))]
        return _fold_name(str(names[0]))

    built = set()
    for s, p, o in relation_triples(g):
        subject = node_name(s)
        triple = (subject_of.get(subject, subject), _RELATIONS[str(p).rsplit("#", 1)[1]], node_name(o))
        triple = (triple[0], accepted.get(triple, triple[1]), triple[2])
        if triple in expected or (triple[0], triple[2]) not in optional:
            built.add(triple)
    return expected, built


def pinned(name: str) -> tuple[set[Edge], set[Edge]]:
    """(misses, extras) pinned for the probe."""
    pins = tomllib.loads((PROBES / f"{name}.pins.toml").read_text(encoding="utf-8"))
    return ({(a, b, c) for a, b, c in pins["misses"]}, {(a, b, c) for a, b, c in pins["extras"]})


def _pins_text(name: str, misses: set[Edge], extras: set[Edge]) -> str:
    def rows(edges: set[Edge]) -> str:
        return "".join(f'    ["{a}", "{b}", "{c}"],\n' for a, b, c in sorted(edges))

    return (f"# What the rules still miss in {name}.md and add beyond {name}.gold.toml, as (entry key, relation,\n"
            "# name), folded: written by tests/probes.py, checked by tests/test_layouts.py.\n"
            f"misses = [\n{rows(misses)}]\nextras = [\n{rows(extras)}]\n")


def main(names: list[str]) -> None:
    extractor = Extractor()
    for name in names or probe_names():
        expected, built = probe_edges(name, extractor)
        misses, extras = expected - built, built - expected
        (PROBES / f"{name}.pins.toml").write_text(_pins_text(name, misses, extras), encoding="utf-8")
        recall = 1 - len(misses) / len(expected) if expected else 1.0
        precision = 1 - len(extras) / len(built) if built else 1.0
        print(f"{name}: {len(expected)} expected, {len(misses)} missed, {len(extras)} extra "
              f"(recall {recall:.3f}, precision {precision:.3f})")


if __name__ == "__main__":
    main(sys.argv[1:])
