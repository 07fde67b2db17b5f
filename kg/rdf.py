"""The resolved graph -> RDF under the public schema, and deterministic files.

Every asserted relation triple gets one `rdf:Statement` per sentence that supports it, with `kg:quote`,
`kg:sourceLine`, `kg:sourceFile`, `kg:rule` and `prov:wasDerivedFrom` the entry. IRIs derive from canonical names
(kg.namespace), so the same notes give the same graph; the writers below give the same bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from kg.namespace import CITO, CLASS_OF_KIND, ID, KG, PREDICATE_OF, SCHEMA, evidence_iri
from kg.resolve import Evidence

RELATION_PREDICATES = {"buildsOn", "comparesTo", "uses"}
OTHER_PREDICATES = {"proposes": KG.proposes, "publishedBy": KG.publishedBy, "mentions": KG.mentions}


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in (("kg", KG._NS), ("id", ID), ("dcterms", DCTERMS), ("skos", SKOS), ("prov", PROV),
                       ("xsd", XSD), ("rdfs", RDFS), ("owl", OWL), ("cito", CITO), ("schema", SCHEMA)):
        g.bind(prefix, ns, override=True)
    return g


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    g = bind_prefixes(Graph())
    for iri, attrs in sorted(graph.nodes(data=True)):
        _node(g, URIRef(iri), attrs)
    for s, o, p, data in sorted(graph.edges(keys=True, data=True)):
        subject, obj = URIRef(s), URIRef(o)
        predicate = PREDICATE_OF.get(p) or OTHER_PREDICATES[p]
        g.add((subject, predicate, obj))
        if p in RELATION_PREDICATES:
            for ev in data["evidence"]:
                _evidence(g, subject, predicate, obj, ev)
    return g


def _node(g: Graph, node: URIRef, attrs: Mapping[str, object]) -> None:
    g.add((node, RDF.type, CLASS_OF_KIND[str(attrs["kind"])]))
    g.add((node, RDFS.label, Literal(str(attrs["label"]))))
    for alt in attrs.get("alt_labels", ()):  # type: ignore[attr-defined]
        g.add((node, SKOS.altLabel, Literal(alt)))
    if attrs.get("concept"):
        g.add((node, SKOS.exactMatch, URIRef(str(attrs["concept"]))))
    if attrs["kind"] != "paper":
        return
    g.add((node, DCTERMS.title, Literal(str(attrs["title"]))))
    read_on = attrs.get("read_on")
    if isinstance(read_on, date):
        g.add((node, KG.readOn, Literal(read_on.isoformat(), datatype=XSD.date)))
    published = attrs.get("published")
    if published:
        dtype = XSD.gYearMonth if len(str(published)) == 7 else XSD.gYear
        g.add((node, KG.publicationDate, Literal(str(published), datatype=dtype)))
    g.add((node, KG.readingStatus, Literal(str(attrs["status"]))))
    if attrs.get("note"):
        g.add((node, KG.noteText, Literal(str(attrs["note"]))))
    g.add((node, KG.sourceFile, Literal(str(attrs["source"]))))
    g.add((node, KG.sourceLine, Literal(int(attrs["line"]))))  # type: ignore[call-overload]


def _evidence(g: Graph, s: URIRef, p: URIRef, o: URIRef, ev: Evidence) -> None:
    st = evidence_iri(str(s), str(p), str(o), ev.source, str(ev.line), ev.quote)
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    g.add((st, KG.quote, Literal(ev.quote)))
    g.add((st, KG.sourceLine, Literal(ev.line)))
    g.add((st, KG.sourceFile, Literal(ev.source)))
    g.add((st, KG.rule, Literal(ev.rule)))
    g.add((st, PROV.wasDerivedFrom, URIRef(ev.entry)))


# ---------------------------------------------------------------------------------------------- files


def serialize(g: Graph, fmt: str) -> bytes:
    """Same graph, same bytes: N-Triples sorted, JSON-LD with sorted nodes and keys, Turtle from rdflib's
    sorted writer."""
    if fmt == "nt":
        lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
        return ("\n".join(line for line in lines if line.strip()) + "\n").encode("utf-8")
    if fmt == "jsonld":
        raw = json.loads(g.serialize(format="json-ld", encoding="utf-8").decode("utf-8"))
        nodes = raw if isinstance(raw, list) else raw.get("@graph", [raw])
        for node in nodes:
            for key, value in node.items():
                if isinstance(value, list):
                    node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        nodes.sort(key=lambda n: str(n.get("@id", "")))
        context = {p: str(ns) for p, ns in sorted(g.namespaces()) if p in _CONTEXT_PREFIXES}
        text = json.dumps({"@context": context, "@graph": _compact(nodes, context)}, ensure_ascii=False,
                          indent=1, sort_keys=True)
        return (text + "\n").encode("utf-8")
    if fmt == "ttl":
        return g.serialize(format="turtle", encoding="utf-8")
    raise ValueError(f"unknown format {fmt}")


_CONTEXT_PREFIXES = {"kg", "id", "dcterms", "skos", "prov", "xsd", "rdfs", "rdf"}


def _compact(nodes: list[dict[str, object]], context: Mapping[str, str]) -> list[dict[str, object]]:
    """Shorten IRIs with the context's prefixes (a JSON-LD processor expands them back)."""
    pairs = sorted(context.items(), key=lambda kv: -len(kv[1]))

    def short(iri: str) -> str:
        for prefix, ns in pairs:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def walk(value: object, is_key: bool = False) -> object:
        if isinstance(value, dict):
            return {(short(k) if not k.startswith("@") else k): walk(v, k in ("@id", "@type"))
                    for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, is_key) for v in value]
        if is_key and isinstance(value, str):
            return short(value)
        return value

    return [walk(n) for n in nodes]  # type: ignore[misc]


EXPORT_FILES = {"kg.ttl": "ttl", "kg.jsonld": "jsonld", "kg.nt": "nt"}


def write_atomically(directory: Path, files: Mapping[str, bytes]) -> None:
    """Write every file or none: each goes to a temporary file in the folder first, then all are renamed."""
    directory.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", dir=directory)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            staged.append((name, Path(tmp_name)))
        for name, staged_path in staged:
            os.replace(staged_path, directory / name)
    finally:
        for _, leftover in staged:
            if leftover.exists():
                leftover.unlink()


def relation_triples(g: Graph) -> Iterator[tuple[URIRef, URIRef, URIRef]]:
    for p in (KG.buildsOn, KG.comparesTo, KG.uses):
        for s, o in g.subject_objects(p):
            yield s, p, o  # type: ignore[misc]
