"""Read an export back: counts for `kg stats`, and the evidence behind a node for `kg explain`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.namespace import DCTERMS, SKOS

from kg.errors import DataError
from kg.namespace import KG, KIND_OF_CLASS
from kg.rdf import relation_triples
from kg.vocab import fold

_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld"}


def load_export(path: Path) -> Graph:
    if not path.is_file():
        raise DataError(f"{path}: no such export (run `kg build` first, or give --data)")
    g = Graph()
    try:
        g.parse(path, format=_FORMATS.get(path.suffix.lower(), "turtle"))
    except (ParserError, SyntaxError, ValueError) as exc:
        raise DataError(f"{path}: not a readable RDF file: {exc}") from None
    except Exception as exc:  # rdflib's Turtle parser raises its own BadSyntax
        raise DataError(f"{path}: not a readable RDF file: {exc}") from None
    return g


def graph_stats(g: Graph) -> str:
    kinds: Counter[str] = Counter()
    for _, cls in g.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and cls in KIND_OF_CLASS:
            kinds[KIND_OF_CLASS[cls]] += 1
    statuses = Counter(str(o) for o in g.objects(None, KG.readingStatus))
    rels = Counter(str(p).rsplit("#", 1)[-1] for _, p, _ in relation_triples(g))
    evidence = sum(1 for _ in g.subjects(RDF.type, RDF.Statement))
    rows = [("triples", len(g))]
    rows += [(f"nodes: {k}", n) for k, n in sorted(kinds.items())]
    rows += [(f"papers {s}", statuses[s]) for s in ("read", "to-read")]
    rows += [(f"edges: {k}", rels.get(k, 0)) for k in ("buildsOn", "comparesTo", "uses")]
    rows.append(("evidence statements", evidence))
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def names_of(g: Graph, node: URIRef) -> list[str]:
    out = []
    for p in (RDFS.label, SKOS.altLabel, DCTERMS.title):
        out += sorted(str(o) for o in g.objects(node, p) if isinstance(o, Literal))
    return out


def find_nodes(g: Graph, name: str) -> list[URIRef]:
    """Nodes a name stands for: by label, altLabel or title, folded; a paper and what it proposes both."""
    key = fold(name)
    hits: set[URIRef] = set()
    for p in (RDFS.label, SKOS.altLabel, DCTERMS.title):
        for s, o in g.subject_objects(p):
            if isinstance(s, URIRef) and fold(str(o)) == key:
                hits.add(s)
    return sorted(hits)


def label(g: Graph, node: URIRef) -> str:
    value = g.value(node, RDFS.label)
    return str(value) if value is not None else str(node).rsplit("/", 1)[-1]


def explain_node(g: Graph, name: str) -> str:
    nodes = find_nodes(g, name)
    if not nodes:
        raise DataError(f"no node is named '{name}' in this graph (try a label, an alias or a title)")
    lines: list[str] = []
    for node in nodes:
        kind = next((KIND_OF_CLASS[c] for c in g.objects(node, RDF.type) if isinstance(c, URIRef)
                     and c in KIND_OF_CLASS), "thing")
        lines.append(f"{label(g, node)} ({kind}) <{node}>")
        edges = []
        for s, p, o in relation_triples(g):
            if node in (s, o):
                edges.append((s, p, o))
        if not edges:
            lines.append("  no relations")
        for s, p, o in sorted(edges):
            rel = str(p).rsplit("#", 1)[-1]
            lines.append(f"  {label(g, s)} --{rel}--> {label(g, o)}")
            for st in sorted(_statements(g, s, p, o)):
                src = g.value(st, KG.sourceFile)
                line = g.value(st, KG.sourceLine)
                lines.append(f"    {src}:{line}  [{g.value(st, KG.rule)}]  {g.value(st, KG.quote)}")
    return "\n".join(lines)


def _statements(g: Graph, s: URIRef, p: URIRef, o: URIRef) -> list[URIRef]:
    return [st for st in g.subjects(RDF.subject, s)
            if isinstance(st, URIRef) and g.value(st, RDF.predicate) == p and g.value(st, RDF.object) == o]
