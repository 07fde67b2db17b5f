"""The resolved graph -> RDF under the public schema, and deterministic files.

Every asserted relation triple gets one `rdf:Statement` per sentence that supports it, with `kg:quote`,
`kg:sourceLine`, `kg:sourceFile`, `kg:rule` and `prov:wasDerivedFrom` the entry. IRIs derive from canonical names
(kg.namespace), so the same notes give the same graph; the writers below give the same bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from kg.namespace import CITO, CLASS_OF_KIND, ID, KG, PREDICATE_OF, SCHEMA, evidence_id
from kg.resolve import Evidence
from kg.writer import Lit, Obj, PlainGraph, add

if TYPE_CHECKING:
    import networkx as nx

RELATION_PREDICATES = {"buildsOn", "comparesTo", "uses"}
OTHER_PREDICATES = {"proposes": KG.proposes, "publishedBy": KG.publishedBy, "mentions": KG.mentions}


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in (("kg", KG._NS), ("id", ID), ("dcterms", DCTERMS), ("skos", SKOS), ("prov", PROV),
                       ("xsd", XSD), ("rdfs", RDFS), ("owl", OWL), ("cito", CITO), ("schema", SCHEMA)):
        g.bind(prefix, ns, override=True)
    return g


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    return rdflib_graph(plain_graph(graph))


def rdflib_graph(plain: PlainGraph) -> Graph:
    g = bind_prefixes(Graph())
    for s, preds in plain.items():
        subject = URIRef(s)
        for p, objs in preds.items():
            predicate = URIRef(p)
            for o in objs:
                g.add((subject, predicate, URIRef(o) if isinstance(o, str)
                       else Literal(o.lex, datatype=URIRef(o.dt) if o.dt else None)))
    return g


def plain_graph(graph: nx.MultiDiGraph) -> PlainGraph:
    """The triples of a resolved networkx graph as plain values (kg.writer)."""
    edges = {(s, o, p): data["evidence"] for s, o, p, data in graph.edges(keys=True, data=True)}
    return plain_triples(dict(graph.nodes(data=True)), edges)


def plain_triples(nodes: Mapping[str, Mapping[str, object]], edges: dict[tuple[str, str, str], list[Evidence]],
                  *, consume: bool = False) -> PlainGraph:
    """The triples of the export as plain values (kg.writer): the one place the schema is mapped. `nodes` and
    `edges` as kg.resolve makes them.

    With `consume` each edge's evidence is freed once its triples are made and `edges` is left empty, so a
    large log's evidence and its triples are never both whole in memory.

    Nodes and edges are mapped in the order they were made, not sorted: the writers sort what they write, and
    the triples of one entry's edges and evidence, made one after another, then lie together in memory, where
    the writers reach them quicker than had they been made in the order of their IRIs (100,000 entries: the
    mapping 5.3 s -> 3.7 s, and each file written up to 10% quicker)."""
    g: PlainGraph = {}
    for iri, attrs in nodes.items():
        _node(g, iri, attrs)
    predicates = {p: str(PREDICATE_OF.get(p) or OTHER_PREDICATES[p]) for p in (*PREDICATE_OF, *OTHER_PREDICATES)}
    lits: dict[tuple[str, str], Lit] = {}
    for edge, evidence in edges.items():
        s, o, p = edge
        predicate = predicates[p]
        add(g, s, predicate, o)
        if p in RELATION_PREDICATES:
            for ev in evidence:
                _evidence(g, s, predicate, o, ev, lits)
        if consume:
            edges[edge] = []
    if consume:
        edges.clear()
    return g


Triple = tuple[str, str, Obj]


def predicate_iri(name: str) -> str:
    """The IRI of a predicate by its name in the resolved graph (`buildsOn`, `mentions`, ...)."""
    return str(PREDICATE_OF.get(name) or OTHER_PREDICATES[name])


def node_triples(iri: str, attrs: Mapping[str, object]) -> list[Triple]:
    """The triples `plain_triples` makes of one node's attributes."""
    g: PlainGraph = {}
    _node(g, iri, attrs)
    return _flat(g)


def edge_triples(edges: Iterable[tuple[tuple[str, str, str], Evidence | None]]) -> tuple[set[Triple], set[Triple]]:
    """The edge triples and the evidence triples `plain_triples` makes of these edges (subject, object,
    predicate name) and their evidence."""
    g: PlainGraph = {}
    lits: dict[tuple[str, str], Lit] = {}
    plain: set[Triple] = set()
    for (s, o, p), ev in edges:
        predicate = predicate_iri(p)
        plain.add((s, predicate, o))
        if ev is not None and p in RELATION_PREDICATES:
            _evidence(g, s, predicate, o, ev, lits)
    return plain, set(_flat(g))


def _flat(g: PlainGraph) -> list[Triple]:
    return [(s, p, o) for s, preds in g.items() for p, objs in preds.items() for o in objs]


_TYPE, _LABEL, _ALT, _EXACT = str(RDF.type), str(RDFS.label), str(SKOS.altLabel), str(SKOS.exactMatch)
_XSD_DATE, _XSD_GYM, _XSD_GY, _XSD_INT = str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear), str(XSD.integer)
# one string per term, shared by every triple (a str(KG.x) per triple costs time and memory at millions of them)
_TITLE, _READ_ON, _PUBLISHED = str(DCTERMS.title), str(KG.readOn), str(KG.publicationDate)
_STATUS, _NOTE, _FILE, _LINE = str(KG.readingStatus), str(KG.noteText), str(KG.sourceFile), str(KG.sourceLine)
_STATEMENT, _SUBJECT, _PREDICATE, _OBJECT = str(RDF.Statement), str(RDF.subject), str(RDF.predicate), str(RDF.object)
_QUOTE, _RULE, _DERIVED = str(KG.quote), str(KG.rule), str(PROV.wasDerivedFrom)
_CLASS = {kind: str(cls) for kind, cls in CLASS_OF_KIND.items()}


def _node(g: PlainGraph, node: str, attrs: Mapping[str, object]) -> None:
    """A node's triples: its subject's first predicates (a node is mapped before any edge of it)."""
    preds: dict[str, list[Obj]] = {_TYPE: [_CLASS[str(attrs["kind"])]], _LABEL: [Lit(str(attrs["label"]))]}
    alts = attrs.get("alt_labels")
    if alts:
        preds[_ALT] = list(dict.fromkeys(Lit(str(alt)) for alt in alts))  # type: ignore[attr-defined]
    if attrs.get("concept"):
        preds[_EXACT] = [str(attrs["concept"])]
    if attrs["kind"] == "paper":
        preds[_TITLE] = [Lit(str(attrs["title"]))]
        read_on = attrs.get("read_on")
        if isinstance(read_on, date):
            preds[_READ_ON] = [Lit(read_on.isoformat(), _XSD_DATE)]
        published = attrs.get("published")
        if published:
            preds[_PUBLISHED] = [Lit(str(published), _XSD_GYM if len(str(published)) == 7 else _XSD_GY)]
        if attrs.get("status"):  # else a paper only cited by an entry: no place of its own in the notes
            preds[_STATUS] = [Lit(str(attrs["status"]))]
            if attrs.get("note"):
                preds[_NOTE] = [Lit(str(attrs["note"]))]
            preds[_FILE] = [Lit(str(attrs["source"]))]
            preds[_LINE] = [Lit(str(int(attrs["line"])), _XSD_INT)]  # type: ignore[call-overload]
    known = g.get(node)
    if known is None:
        g[node] = preds
    else:
        for p, objs in preds.items():
            for o in objs:
                add(g, node, p, o)


def _evidence(g: PlainGraph, s: str, p: str, o: str, ev: Evidence, lits: dict[tuple[str, str], Lit]) -> None:
    """An evidence statement's triples; `lits` shares one literal per file, rule and line among them all."""
    line = str(int(ev.line))
    st = evidence_id(s, p, o, ev.source, line, ev.quote)
    line_lit = lits.get((line, _XSD_INT))
    if line_lit is None:
        line_lit = lits[(line, _XSD_INT)] = Lit(line, _XSD_INT)
    file_lit = lits.get((ev.source, ""))
    if file_lit is None:
        file_lit = lits[(ev.source, "")] = Lit(ev.source)
    rule_lit = lits.get((ev.rule, ""))
    if rule_lit is None:
        rule_lit = lits[(ev.rule, "")] = Lit(ev.rule)
    if st not in g:
        g[st] = {_TYPE: [_STATEMENT], _SUBJECT: [s], _PREDICATE: [p], _OBJECT: [o], _QUOTE: [Lit(ev.quote)],
                 _LINE: [line_lit], _FILE: [file_lit], _RULE: [rule_lit], _DERIVED: [ev.entry]}
    else:  # one statement again (another rule said the same): what may be new (the rest is in its IRI)
        add(g, st, _RULE, rule_lit)
        add(g, st, _DERIVED, ev.entry)


# ---------------------------------------------------------------------------------------------- files


def serialize(g: Graph, fmt: str) -> bytes:
    """Same graph, same bytes: N-Triples sorted, JSON-LD with sorted nodes and keys, Turtle from rdflib's
    sorted writer."""
    if fmt == "nt":
        # split at line feeds only: U+2028 and other Unicode line breaks may stand inside a literal
        lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")))
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


def readable_mode() -> int:
    """The mode a new file gets from this process's umask (mkstemp's own 0600 would hide exports from others)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


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
            os.chmod(tmp_name, readable_mode())
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
