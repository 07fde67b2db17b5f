"""Check an exported graph against the SHACL shapes of the public schema (`ontology/shapes.ttl`).

`validate_graph` runs pySHACL with no inference (the export states every type it means) and turns the
validation report into frozen `Violation`s; `Report.text()` prints them one per line, sorted, with short
prefixed names (`id:paper/instructblip  kg:readingStatus: …`), so the same graph always gives the same
report. Measured here (2 cores) on a synthetic export in the shape `kg build` writes: 15k triples 2.1 s,
50k triples 7.7 s; the bundled log's export (2k triples) 0.75 s including parsing.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, SH, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.query import ResultRow
from rdflib.term import Node
from rdflib.util import guess_format

from kg.errors import DataError
from kg.namespace import CITO, ID, KG, SCHEMA
from kg.paths import SHAPES

KGSH = Namespace("https://w3id.org/papers-kg/shapes#")

Prefixes = tuple[tuple[str, str], ...]

_PREFIXES: Prefixes = (
    ("kg", str(KG._NS)),
    ("id", str(ID)),
    ("kgsh", str(KGSH)),
    ("vocab", "https://w3id.org/papers-kg/vocab/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("sh", str(SH)),
    ("schema", str(SCHEMA)),
    ("cito", str(CITO)),
)

_MAX_VALUE_CHARS = 80
_INTEGER = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class Violation:
    """One SHACL result, its terms already written as short names."""

    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str

    def line(self) -> str:
        where = f"{self.path}: " if self.path is not None else ""
        shown = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.focus}  {where}{self.message}{shown}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]

    def text(self) -> str:
        """`conforms`, or `N violation(s)` then one line per violation, sorted."""
        if self.conforms and not self.violations:
            return "conforms"
        count = len(self.violations)
        head = f"{count} violation" + ("" if count == 1 else "s")
        return "\n".join([head, *sorted(v.line() for v in self.violations)])


def load_shapes(path: Path = SHAPES) -> Graph:
    """The shapes graph at `path` (default: the project's `ontology/shapes.ttl`)."""
    return _parse(path, "turtle")


def validate_graph(data: Graph, shapes: Graph | None = None) -> Report:
    """Validate `data` against `shapes` (default: `load_shapes()`), with no inference.

    SPARQL constraints of node shapes are run here, each as one query over the whole graph whose `?this`
    rows are kept when they are focus nodes of the shape (the queries bind `$this` in their first pattern,
    so this is what pre-binding it would give): pyshacl parses such a query again for every focus node,
    about 12 ms each, which made a 45k-triple export take 114 s. Other constraints are pyshacl's.
    """
    from pyshacl import validate  # imported here: it is slow to import and only this command needs it
    from pyshacl.errors import ReportableRuntimeError

    core, checks = _split_sparql(load_shapes() if shapes is None else shapes)
    try:
        conforms, results, text = validate(
            data,
            shacl_graph=core,
            inference="none",
            abort_on_first=False,
            allow_infos=False,
            allow_warnings=False,
            advanced=False,
        )
    except ReportableRuntimeError as exc:
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise DataError(f"the SHACL shapes cannot be used: {first_line}") from exc
    if not isinstance(results, Graph):  # pyshacl reports some unusable shapes this way instead of raising
        raise DataError(f"the SHACL shapes cannot be used: {text}")
    names = _namespaces()
    found = [*_violations(results, names)]
    for check in checks:
        found.extend(_run_sparql(check, data, names))
    # a value can fail two checks of one shape (a line "x" is neither an integer nor >= 1): one line for it
    violations = tuple(sorted(set(found), key=lambda v: (v.focus, v.path or "", v.message, v.value or "")))
    return Report(conforms=bool(conforms) and not violations, violations=violations)


def validate_file(path: Path) -> Report:
    """Parse the RDF file at `path` (format from its suffix, Turtle if unknown) and validate it."""
    return validate_graph(_parse(path, guess_format(str(path)) or "turtle"))


@dataclass(frozen=True)
class _SparqlCheck:
    shape: URIRef | BNode
    targets: tuple[tuple[URIRef, Node], ...]  # (sh:targetClass | sh:targetNode | ..., its object)
    query: str
    message: str


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_THIS = re.compile(r"\$this\b")


def _split_sparql(shapes: Graph) -> tuple[Graph, tuple[_SparqlCheck, ...]]:
    """The shapes without the SPARQL constraints of node shapes, and those constraints as checks."""
    core = Graph()
    core += shapes
    checks: list[_SparqlCheck] = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        if not isinstance(shape, URIRef | BNode) or shapes.value(shape, SH.path) is not None:
            continue  # a property shape's SPARQL constraint ($PATH) is left to pyshacl
        if shapes.value(constraint, SH.deactivated) == Literal(True):
            core.remove((shape, SH.sparql, constraint))
            continue
        select = shapes.value(constraint, SH.select)
        if select is None:
            continue
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for source in sorted(shapes.objects(constraint, SH.prefixes), key=str)
            for d in sorted(shapes.objects(source, SH.declare), key=str)
        )
        targets = tuple(sorted((t, o) for t in _TARGETS for o in shapes.objects(shape, t)))
        message = _message(shapes, constraint, SH.message)
        checks.append(_SparqlCheck(shape, targets, prefixes + _THIS.sub("?this", str(select)), message))
        core.remove((shape, SH.sparql, constraint))
    return core, tuple(checks)


def _focus_nodes(check: _SparqlCheck, data: Graph) -> set[Node]:
    nodes: set[Node] = set()
    for kind, target in check.targets:
        if kind == SH.targetClass:
            for cls in data.transitive_subjects(RDFS.subClassOf, target):
                nodes.update(data.subjects(RDF.type, cls))
        elif kind == SH.targetNode:
            nodes.add(target)
        elif kind == SH.targetSubjectsOf:
            nodes.update(data.subjects(target, None))
        else:
            nodes.update(data.objects(None, target))
    return nodes


def _run_sparql(check: _SparqlCheck, data: Graph, names: Prefixes) -> Iterable[Violation]:
    from pyparsing.exceptions import ParseBaseException

    focus = _focus_nodes(check, data)
    if not focus:
        return
    try:
        rows = data.query(check.query)
    except ParseBaseException as exc:
        raise DataError(f"the SHACL shapes cannot be used: {_show(check.shape, names)}: {exc}") from exc
    seen: set[tuple[Node, Node | None, Node | None]] = set()
    for row in rows:
        if not isinstance(row, ResultRow):
            continue
        values = row.asdict()
        this, path, value = values.get("this"), values.get("path"), values.get("value")
        if this is None or this not in focus or (this, path, value) in seen:
            continue
        seen.add((this, path, value))
        yield Violation(
            focus=_show(this, names),
            path=None if path is None else _show(path, names),
            value=None if value is None or value == this else _show(value, names),
            message=check.message,
            shape=_show(check.shape, names),
        )


def _parse(path: Path, fmt: str) -> Graph:
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    graph = Graph()
    try:
        with warnings.catch_warnings():
            # rdflib's own JSON-LD parser goes through its deprecated ConjunctiveGraph: not ours to fix
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib\.")
            graph.parse(path, format=fmt)
    except BadSyntax as exc:
        raise DataError(f"{path}:{_bad_syntax_line(exc)}: not valid {fmt}: {exc._why}") from exc
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}:{exc.lineno}: not valid JSON-LD: {exc.msg}") from exc
    except (ParserError, ValueError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not valid {fmt}: {exc}") from exc
    return graph


def _bad_syntax_line(exc: BadSyntax) -> int:
    """The 1-based line of a Turtle error (rdflib's own `lines` count is off after blank lines)."""
    text: str | bytes = exc._str
    before = text[: exc._i]
    return (before.count(b"\n") if isinstance(before, bytes) else before.count("\n")) + 1


def _namespaces() -> Prefixes:
    """Longest namespace first, so `kgsh:` is never written as a `kg`-something."""
    return tuple(sorted(_PREFIXES, key=lambda pair: (-len(pair[1]), pair[0])))


def _violations(results: Graph, names: Prefixes) -> Iterable[Violation]:
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceShape)
        yield Violation(
            focus=_show(focus, names),
            path=None if path is None else _show(path, names),
            value=None if value is None or value == focus else _show(value, names),
            message=_message(results, result),
            shape=_show(shape, names),
        )


def _message(graph: Graph, node: Node, predicate: URIRef = SH.resultMessage) -> str:
    """The English (or untagged) message; pyshacl's own wording if the shape has none."""
    messages = sorted(
        (m for m in graph.objects(node, predicate) if isinstance(m, Literal)),
        key=lambda m: (m.language not in (None, "en"), m.language or "", str(m)),
    )
    return str(messages[0]) if messages else "violates a shape that has no message"


def _show(term: Node | None, names: Prefixes) -> str:
    """A short, deterministic, one-line rendering of an RDF term."""
    if term is None:
        return "?"
    if isinstance(term, URIRef):
        iri = str(term)
        for prefix, namespace in names:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return f"<{iri}>"
    if isinstance(term, BNode):
        return "[]"  # blank node ids differ between parses; an export never has any
    if isinstance(term, Literal):
        text = str(term)
        if len(text) > _MAX_VALUE_CHARS:
            text = text[: _MAX_VALUE_CHARS - 1] + "…"
        shown = json.dumps(text, ensure_ascii=False)
        if term.language:
            return f"{shown}@{term.language}"
        if term.datatype == XSD.integer and _INTEGER.fullmatch(text):
            return text
        if term.datatype is not None:
            return f"{shown}^^{_show(term.datatype, names)}"
        return shown
    return str(term)
