"""A deterministic synthetic knowledge graph in the shape `kg build` exports, written as N-Triples.

The shape imitates a large reading log: papers fall into research lines ("families") of about a dozen works, each
building on one or two earlier works of its line, now and then on the founding work of another line; most papers
propose a model and state their relations from it; papers compare to and use models, techniques, datasets and
metrics; every asserted relation has one reified evidence statement with its sentence, file and line.

Usage: python benchmarks/synth_rdf.py OUT.nt [--papers 13000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

KG = "https://w3id.org/papers-kg/ontology#"
ID = "https://w3id.org/papers-kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"

FAMILY_SIZE = 12
SYLLABLES = ("bli", "vi", "lla", "ma", "gpt", "clip", "sam", "dino", "mae", "vit", "flan", "t5", "pa", "lm",
             "qwen", "yi", "phi", "mix", "tral", "gem", "ini", "intern", "cog", "kos", "mos", "emu", "seed")
TECHNIQUE_WORDS = ("attention", "adapter", "distillation", "contrastive", "tuning", "pooling", "decoding",
                   "quantization", "routing", "alignment", "masking", "retrieval")
ORG_WORDS = ("Lab", "AI", "Research", "University", "Institute", "Group")


@dataclass(frozen=True)
class Shape:
    papers: int = 13000
    orgs: int = 400
    techniques: int = 2500
    datasets: int = 1200
    metrics: int = 300
    seed: int = 7


def _slug(name: str) -> str:
    """The IRI segment `kg build` mints for a name (kg.namespace.slug, for the ASCII names made here)."""
    return name.lower().replace(" ", "-")


def _iri(path: str) -> str:
    return f"<{ID}{path}>"


def _lit(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _typed(text: str, datatype: str) -> str:
    return f'{_lit(text)}^^<{XSD}{datatype}>'


def _t(s: str, p: str, o: str) -> str:
    return f"{s} {p} {o} .\n"


A = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"
ALT = f"<{SKOS}altLabel>"
TITLE = f"<{DCTERMS}title>"


def _k(name: str) -> str:
    return f"<{KG}{name}>"


def _name(rng: random.Random, family: int, generation: int) -> str:
    stem = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
    return f"{stem}{family}-{generation + 1}"


def triples(shape: Shape) -> Iterator[str]:
    """Every line of the synthetic export, in a fixed order for a given shape."""
    rng = random.Random(shape.seed)
    org_names = [f"Org{i} {ORG_WORDS[i % len(ORG_WORDS)]}" for i in range(shape.orgs)]
    orgs = [_iri(f"organization/{_slug(name)}") for name in org_names]
    for i, (org, org_name) in enumerate(zip(orgs, org_names, strict=True)):
        yield _t(org, A, _k("Organization"))
        yield _t(org, LABEL, _lit(org_name))
        if i % 3 == 0:
            yield _t(org, ALT, _lit(f"组织{i}"))
    things: list[str] = []
    for kind, count, cls in (("technique", shape.techniques, "Technique"), ("dataset", shape.datasets, "Dataset"),
                             ("metric", shape.metrics, "Metric")):
        for i in range(count):
            word = TECHNIQUE_WORDS[i % len(TECHNIQUE_WORDS)]
            label = f"{word.capitalize()}-{kind[:3].upper()}{i}"
            node = _iri(f"{kind}/{_slug(label)}")
            things.append(node)
            yield _t(node, A, _k(cls))
            yield _t(node, LABEL, _lit(label))
            if i % 4 == 0:
                yield _t(node, ALT, _lit(f"{word}{i}"))

    families = max(1, shape.papers // FAMILY_SIZE)
    papers: list[str] = []
    works: list[str] = []  # the node each paper states its relations from (its model, or itself)
    models: list[str | None] = []
    evidence_counter = 0
    for index in range(shape.papers):
        family, generation = index % families, index // families
        name = _name(rng, family, generation)
        slug = _slug(name)
        paper = _iri(f"paper/{slug}")
        papers.append(paper)
        model = _iri(f"model/{slug}") if rng.random() < 0.8 else None
        models.append(model)
        source = model if model is not None and rng.random() < 0.75 else paper
        works.append(source)
        year = 2014 + generation * 10 // (shape.papers // families + 1)
        month = 1 + rng.randrange(12)
        line = 1 + index * 9
        file = _lit(f"notes/log-{year}.md")
        yield _t(paper, A, _k("Paper"))
        yield _t(paper, TITLE, _lit(f"{name}: {rng.choice(TECHNIQUE_WORDS)} for {rng.choice(TECHNIQUE_WORDS)} models"))
        yield _t(paper, LABEL, _lit(name))
        if rng.random() < 0.5:
            yield _t(paper, ALT, _lit(name.replace("-", "")))
        status = rng.random()
        if status < 0.7:
            read_year = 2020 + rng.randrange(5)
            yield _t(paper, _k("readOn"), _typed(f"{read_year}-{month:02d}-{1 + rng.randrange(28):02d}", "date"))
            yield _t(paper, _k("readingStatus"), _lit("read"))
        elif status < 0.8:
            yield _t(paper, _k("readingStatus"), _lit("to-read"))
        yield _t(paper, _k("publicationDate"),
                 _typed(f"{year}-{month:02d}", "gYearMonth") if rng.random() < 0.8 else _typed(str(year), "gYear"))
        for org in rng.sample(orgs, 1 + rng.randrange(3)):
            yield _t(paper, _k("publishedBy"), org)
        yield _t(paper, _k("noteText"), _lit(f"{name} 的笔记：基于前作，对比基线，使用多种技术。"))
        yield _t(paper, _k("sourceFile"), file)
        yield _t(paper, _k("sourceLine"), _typed(str(line), "integer"))

        relations: list[tuple[str, str, str]] = []
        if model is not None:
            yield _t(model, A, _k("Model"))
            yield _t(model, LABEL, _lit(name))
            if rng.random() < 0.3:
                yield _t(model, ALT, _lit(name.upper()))
            relations.append((paper, "proposes", model))
        if generation > 0:
            parents = {works[index - families]}
            if generation > 1 and rng.random() < 0.4:
                parents.add(works[index - 2 * families])
            if rng.random() < 0.05:
                parents.add(works[rng.randrange(families)])  # the founding work of some research line
            relations.extend((source, "buildsOn", parent) for parent in sorted(parents))
            for _ in range(1 + rng.randrange(2)):
                relations.append((source, "comparesTo", works[rng.randrange(index)]))
        for thing in rng.sample(things, 2):
            relations.append((source, "uses", thing))
        if index > 0 and rng.random() < 0.3:
            relations.append((source, "uses", works[rng.randrange(index)]))

        mentioned = sorted({obj for _, _, obj in relations})
        for obj in mentioned:
            yield _t(paper, _k("mentions"), obj)
        for offset, (subject, predicate, obj) in enumerate(relations):
            yield _t(subject, _k(predicate), obj)
            evidence = _iri(f"evidence/{evidence_counter:016x}")
            evidence_counter += 1
            yield _t(evidence, A, f"<{RDF}Statement>")
            yield _t(evidence, f"<{RDF}subject>", subject)
            yield _t(evidence, f"<{RDF}predicate>", _k(predicate))
            yield _t(evidence, f"<{RDF}object>", obj)
            yield _t(evidence, _k("quote"), _lit(f"{name} {predicate} sentence {offset}"))
            yield _t(evidence, _k("sourceLine"), _typed(str(line + 2 + offset), "integer"))
            yield _t(evidence, _k("sourceFile"), file)
            yield _t(evidence, _k("rule"), _lit(f"synthetic.{predicate}"))
            yield _t(evidence, f"<{PROV}wasDerivedFrom>", paper)


def write(path: Path, shape: Shape = Shape()) -> int:
    """Write the graph to `path` as N-Triples; returns the number of triples."""
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        buffer: list[str] = []
        for line in triples(shape):
            buffer.append(line)
            if len(buffer) >= 10000:
                out.writelines(buffer)
                count += len(buffer)
                buffer.clear()
        out.writelines(buffer)
        count += len(buffer)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--papers", type=int, default=Shape.papers)
    parser.add_argument("--seed", type=int, default=Shape.seed)
    args = parser.parse_args(argv)
    count = write(args.out, Shape(papers=args.papers, seed=args.seed))
    print(f"{args.out}: {count} triples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
