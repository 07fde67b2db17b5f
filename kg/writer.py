"""Deterministic N-Triples, Turtle and JSON-LD writers over plain triples, streaming to a file.

`kg.rdf.serialize` writes through rdflib: right for a graph of a few thousand triples, but rdflib takes about
17 s to insert and 33 s to write Turtle for a million triples. The writers here take the graph as plain Python
values (`PlainGraph`: subject -> predicate -> objects, an object being an IRI string or a `Lit`) and write the
same bytes rdflib's writers give for the graphs kg builds (IRIs, plain and typed literals, no blank nodes):

- N-Triples: every triple's line, sorted, unique;
- Turtle: rdflib's layout (prefixes used, subjects by how often they are objects and then by IRI, `a` and
  `rdfs:label` first, objects sorted, `\"\"\"` for text with line breaks);
- JSON-LD: rdflib's expanded node objects, nodes and values sorted, IRIs shortened with the context's prefixes.

tests/test_writer.py holds the proof: for the bundled log and generated logs the bytes equal rdflib's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, NamedTuple

from rdflib.namespace import split_uri

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_INTEGER = XSD + "integer"
XSD_STRING = XSD + "string"
_NATIVE = {XSD_INTEGER}  # datatypes rdflib's JSON-LD writer gives as JSON numbers (of those kg writes)


class Lit(NamedTuple):
    """A literal: its lexical form and datatype IRI ("" for a plain string)."""

    lex: str
    dt: str = ""


Obj = str | Lit  # an IRI, or a literal
PlainGraph = dict[str, dict[str, list[Obj]]]  # subject IRI -> predicate IRI -> distinct objects


def add(graph: PlainGraph, s: str, p: str, o: Obj) -> None:
    preds = graph.get(s)
    if preds is None:
        preds = graph[s] = {}
    objs = preds.get(p)
    if objs is None:
        preds[p] = [o]  # a list, not a set: most have one object, and a set costs four times the memory
    elif o not in objs:
        objs.append(o)


def count(graph: PlainGraph) -> int:
    return sum(len(objs) for preds in graph.values() for objs in preds.values())


# ---------------------------------------------------------------------------------------------- terms


def _nt_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")


def nt_term(o: Obj) -> str:
    if isinstance(o, str):
        return f"<{o}>"
    if o.dt:
        return f'"{_nt_escape(o.lex)}"^^<{o.dt}>'
    return f'"{_nt_escape(o.lex)}"'


def _object_key(o: Obj) -> tuple[int, str, int, str]:
    """rdflib's order of the objects of one predicate: IRIs by text; literals by datatype (plain = xsd:string),
    then integers by value and the rest by lexical form."""
    if isinstance(o, str):
        return (0, "", 0, o)
    if o.dt == XSD_INTEGER:
        return (1, o.dt, int(o.lex), "")
    return (1, o.dt or XSD_STRING, 0, o.lex)


def _sorted_objects(objs: Iterable[Obj]) -> list[Obj]:
    items = list(objs)
    if len(items) > 1:
        kinds = {isinstance(o, str) for o in items}
        if len(kinds) > 1:
            raise ValueError("a predicate with both IRIs and literals as objects: use kg.rdf.serialize")
        items.sort(key=_object_key)
    return items


# ---------------------------------------------------------------------------------------------- N-Triples


def write_nt(graph: PlainGraph, out: IO[bytes]) -> None:
    """rdflib's N-Triples lines, sorted and unique (kg.rdf.serialize(g, "nt")), one subject at a time: every
    line of a subject starts with `<subject> ` and `>` is in no IRI, so sorting subjects by `<subject>` and then
    each subject's lines sorts all lines without holding them all."""
    _write_lines(out, _subject_lines(graph))


def _subject_lines(graph: PlainGraph) -> Iterator[str]:
    # a subject's lines are unique without a set: its predicates are distinct and so are each one's objects
    iris: dict[str, str] = {}  # IRI -> its N-Triples term (types, predicates and targets recur)
    for s in sorted(graph, key=lambda s: f"<{s}>"):
        head = f"<{s}> "
        rows: list[str] = []
        for p, objs in graph[s].items():
            mid = f"{head}<{p}> "
            for o in objs:
                if o.__class__ is str:
                    term = iris.get(o)
                    if term is None:
                        term = iris[o] = f"<{o}>"
                else:
                    term = nt_term(o)
                rows.append(f"{mid}{term} .")
        rows.sort()
        yield from rows


def _write_lines(out: IO[bytes], lines: Iterator[str]) -> None:
    """Each line and a line end; a lone line end when there are no lines (as "\\n".join([]) + "\\n")."""
    chunk: list[str] = []
    wrote = False
    for line in lines:
        chunk.append(line)
        if len(chunk) >= 20000:
            out.write(("\n".join(chunk) + "\n").encode("utf-8"))
            chunk.clear()
            wrote = True
    if chunk or not wrote:
        out.write(("\n".join(chunk) + "\n").encode("utf-8"))


# ---------------------------------------------------------------------------------------------- Turtle


class _Names:
    """Terms the way rdflib's Turtle writer labels them. An IRI becomes `prefix:local` when the namespace rdflib's
    `split_uri` gives is a bound namespace (and the local part does not end in a dot), else `<iri>`; every
    prefix so used is declared."""

    def __init__(self, namespaces: Mapping[str, str]) -> None:
        self.prefix_of = {ns: prefix for prefix, ns in namespaces.items()}
        self.longest_first = sorted(self.prefix_of, key=len, reverse=True)
        self.used: dict[str, str] = {}
        self.labels: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        found = self.labels.get(iri)
        if found is None:
            pname = self._pname(iri)
            found = self.labels[iri] = pname or f"<{iri}>"
        return found

    def _pname(self, iri: str) -> str | None:
        bound = next((ns for ns in self.longest_first if iri.startswith(ns)), None)
        rest = iri[len(bound) :] if bound is not None else ""
        if bound is None or "/" in rest or "#" in rest:
            return None  # split_uri's local part holds neither, so its namespace is no bound one
        try:
            namespace, local = split_uri(iri)
        except ValueError:
            return None
        if namespace not in self.prefix_of:
            return None
        local = _PERCENT.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
        if local.endswith("."):
            return None
        prefix = self.prefix_of[namespace]
        self.used[prefix] = namespace
        return f"{prefix}:{local}"


_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _ttl_string(text: str) -> str:
    if "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + "\\" + '"'
        encoded = encoded.replace("\r", "\\r")
        return f'"""{encoded}"""'
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    return f'"{escaped}"'


def write_ttl(graph: PlainGraph, namespaces: Mapping[str, str], out: IO[bytes]) -> None:
    """rdflib's Turtle (kg.rdf.serialize(g, "ttl")) for graphs of IRIs and literals; `namespaces` are the
    prefixes bound in the rdflib graph (prefix -> namespace)."""
    names = _Names(namespaces)
    refs: dict[str, int] = {}
    verbs: dict[str, str] = {}
    labelled = names.labels
    for s, preds in graph.items():
        names.iri(s)
        for p, objs in preds.items():
            if p not in verbs:
                if p == RDF_TYPE:
                    verbs[p] = "a"  # a keyword: rdflib declares no prefix for it
                else:
                    verbs[p] = names.iri(p)
                    if verbs[p].startswith("<"):
                        raise ValueError(f"predicate {p} has no bound prefix: use kg.rdf.serialize")
            for o in objs:
                if isinstance(o, str):
                    refs[o] = refs.get(o, 0) + 1
                    if o not in labelled:
                        names.iri(o)
                elif o.dt and o.dt not in labelled:
                    names.iri(o.dt)
    subjects = sorted(graph, key=lambda s: (refs.get(s, 0), s))
    header = "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(names.used.items()))
    out.write(header.encode("utf-8"))
    iri = names.iri
    labels = names.labels  # every IRI of the graph is labelled by now
    # the predicates of a subject in writing order, each with what goes before its objects; subjects of one
    # shape (every evidence statement, most papers) share one layout
    layouts: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    parts: list[str] = []
    for s in subjects:
        preds = graph[s]
        shape = tuple(preds)
        layout = layouts.get(shape)
        if layout is None:
            order = [p for p in (RDF_TYPE, RDFS_LABEL) if p in preds] + sorted(
                p for p in preds if p not in (RDF_TYPE, RDFS_LABEL)
            )
            layout = layouts[shape] = [(p, f" {verbs[p]} " if k == 0 else f" ;\n    {verbs[p]} ")
                                       for k, p in enumerate(order)]
        chunks = ["\n", labels[s]]
        for p, lead in layout:
            chunks.append(lead)
            objs = preds[p]
            if len(objs) == 1:
                o = objs[0]
                chunks.append(labels[o] if isinstance(o, str) else _ttl_literal(o, iri))
            else:
                chunks.append(",\n        ".join(
                    labels[o] if isinstance(o, str) else _ttl_literal(o, iri) for o in _sorted_objects(objs)
                ))
        chunks.append(" .\n")
        parts.append("".join(chunks))
        if len(parts) >= 5000:
            out.write("".join(parts).encode("utf-8"))
            parts.clear()
    parts.append("\n")
    out.write("".join(parts).encode("utf-8"))


def _ttl_literal(o: Lit, iri: Callable[[str], str]) -> str:
    if o.dt == XSD_INTEGER:
        return o.lex
    text = _ttl_string(o.lex)
    return f"{text}^^{iri(o.dt)}" if o.dt else text


# ---------------------------------------------------------------------------------------------- JSON-LD


_encode = json.encoder.encode_basestring


class _Shortener:
    """IRIs shortened with the context's prefixes, longest namespace first (as kg.rdf._compact does)."""

    def __init__(self, context: Mapping[str, str]) -> None:
        self.pairs = sorted(context.items(), key=lambda kv: -len(kv[1]))
        self.known: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.known.get(iri)
        if found is None:
            found = self.known[iri] = self._short(iri)
        return found

    def _short(self, iri: str) -> str:
        for prefix, ns in self.pairs:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri


def _jsonld_value(o: Obj, short: _Shortener) -> tuple[str, str]:
    """(sort key, text) of one value: the key is how kg.rdf.serialize orders values (json.dumps of the value
    before IRIs are shortened), the text is the value as json.dumps(indent=1) writes it inside a node."""
    if isinstance(o, str):
        return _encode(o), '{\n     "@id": ' + _encode(short(o)) + "\n    }"
    if o.dt:
        value = str(int(o.lex)) if o.dt in _NATIVE else _encode(o.lex)
        key = '{"@type": ' + _encode(o.dt) + ', "@value": ' + value + "}"  # json.dumps of that dict, by hand
        return key, '{\n     "@type": ' + _encode(short(o.dt)) + ',\n     "@value": ' + value + "\n    }"
    return _encode(o.lex), '{\n     "@value": ' + _encode(o.lex) + "\n    }"


def _jsonld_node(s: str, preds: Mapping[str, list[Obj]], short: _Shortener, iris: dict[str, str]) -> str:
    items = [("@id", _encode(short._short(s)))]  # a subject comes once: not worth remembering
    for p, objs in preds.items():
        if p == RDF_TYPE:
            types = sorted((_encode(o), _encode(short(o))) for o in objs if isinstance(o, str))
            items.append(("@type", "[\n    " + ",\n    ".join(t for _, t in types) + "\n   ]"))
            continue
        if len(objs) == 1:  # one value needs no sort key
            o = objs[0]
            if isinstance(o, str):
                text = iris.get(o)
                if text is None:
                    text = iris[o] = _jsonld_value(o, short)[1]
            else:
                text = _jsonld_value(o, short)[1]
            items.append((short(p), "[\n    " + text + "\n   ]"))
            continue
        values = sorted(_jsonld_value(o, short) for o in objs)
        items.append((short(p), "[\n    " + ",\n    ".join(t for _, t in values) + "\n   ]"))
    items.sort(key=lambda kv: kv[0])
    return "  {\n   " + ",\n   ".join(f"{_encode(k)}: {t}" for k, t in items) + "\n  }"


def write_jsonld(graph: PlainGraph, context: Mapping[str, str], out: IO[bytes]) -> None:
    """What kg.rdf.serialize(g, "jsonld") writes: `json.dumps({"@context": …, "@graph": nodes},
    ensure_ascii=False, indent=1, sort_keys=True)` of rdflib's expanded nodes, sorted, with IRIs shortened; written
    node by node (the json module's indenting encoder is pure Python and slow)."""
    short = _Shortener(context)
    iris: dict[str, str] = {}  # an IRI value -> its text in a node
    if context:
        items = ",\n".join(f"  {_encode(k)}: {_encode(v)}" for k, v in sorted(context.items()))
        head = '{\n "@context": {\n' + items + '\n },\n "@graph": ['
    else:
        head = '{\n "@context": {},\n "@graph": ['
    out.write(head.encode("utf-8"))
    parts: list[str] = []
    for k, s in enumerate(sorted(graph)):
        parts.append(("\n" if k == 0 else ",\n") + _jsonld_node(s, graph[s], short, iris))
        if len(parts) >= 2000:
            out.write("".join(parts).encode("utf-8"))
            parts.clear()
    parts.append("\n ]\n}\n" if graph else "]\n}\n")
    out.write("".join(parts).encode("utf-8"))
