"""SPARQL over the export: named queries with parameters, two engines (pyoxigraph, rdflib), result formats.

The default engine is pyoxigraph over a persistent store kept beside the export (`<data>.oxigraph/`),
rebuilt whenever the export's bytes or the derivation queries change. rdflib is the reference engine: the named
queries give the same rows, in the same order, on both.

Both engines hold the export as the default graph, exactly, and beside it one named graph, DERIVED_GRAPH, filled
when the data is loaded by the CONSTRUCT queries in `queries/derived/` (run in file-name order, each seeing what
the ones before it derived): counts and ranks over the whole graph that a named query would otherwise compute on
every call. A query sees them only through `GRAPH <DERIVED_GRAPH> { ... }`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kg.errors import DataError, KGError, QueryError
from kg.paths import DERIVED_QUERIES_DIR, QUERIES_DIR

ResultKind = Literal["select", "ask", "graph"]
Engine = Literal["oxigraph", "rdflib"]
Format = Literal["table", "csv", "json"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# The named graph of the store that holds what queries/derived/*.rq derive from the export (never pushed, not in
# the export itself; see the README's query section and the derived properties in ontology/kg.ttl).
DERIVED_GRAPH = "https://w3id.org/papers-kg/graph/derived"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Prefixes used to render IRIs in table/csv rows and in CONSTRUCT output. Longest namespace wins.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("kg", "https://w3id.org/papers-kg/ontology#"),
    ("id", "https://w3id.org/papers-kg/id/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("schema", "https://schema.org/"),
    ("cito", "http://purl.org/spar/cito/"),
)

_FORMAT_OF_SUFFIX = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}


@dataclass(frozen=True)
class Term:
    """One bound value of a SELECT row, kept whole for the SPARQL JSON results format."""

    type: Literal["uri", "literal", "bnode"]
    value: str
    datatype: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class QueryResult:
    kind: ResultKind
    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    boolean: bool | None
    graph_turtle: str | None
    terms: tuple[tuple[Term | None, ...], ...] = ()


@dataclass(frozen=True)
class Param:
    name: str
    description: str


@dataclass(frozen=True)
class QueryText:
    """A query's text and the parameters its header comment declares."""

    text: str
    params: tuple[Param, ...]
    source: str


# ----------------------------------------------------------------------------------------------------
# Resolving a query: named, file or text; parameters


_PARAM_LINE = re.compile(r"^#\s*param:\s*(?P<name>[A-Za-z][A-Za-z0-9_]*)\s*(?P<description>.*)$")
_QUERY_START = re.compile(
    r"^\s*(?:#[^\n]*\n\s*)*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE
)
# Tokens in which a `?_name` must not be replaced: strings (long and short), IRIs and comments.
_SKIP_OR_VAR = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*)"
    r"|(?P<var>[?$]_(?P<name>[A-Za-z][A-Za-z0-9_]*))(?![A-Za-z0-9_])"
)


def named_queries(directory: Path = QUERIES_DIR) -> tuple[str, ...]:
    """The names of the bundled queries, sorted."""
    if not directory.is_dir():
        return ()
    return tuple(sorted(p.stem for p in directory.glob("*.rq")))


def declared_params(text: str) -> tuple[Param, ...]:
    """The `# param: NAME  description` lines of the query's leading comment block."""
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _PARAM_LINE.match(stripped)
        if match:
            params.append(Param(match["name"], match["description"].strip()))
    return tuple(params)


def load_query(arg: str, directory: Path = QUERIES_DIR) -> QueryText:
    """Find the query `arg` names: a bundled query, a .rq file, or SPARQL text."""
    named = directory / f"{arg}.rq"
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", arg) and named.is_file():
        return _read_query(named, source=arg)
    if _QUERY_START.match(arg) or "{" in arg:
        return QueryText(arg, declared_params(arg), "<query text>")
    path = Path(arg)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise QueryError(f"query file not found: {arg}")
        return _read_query(path, source=str(path))
    known = ", ".join(named_queries(directory)) or "(none)"
    raise QueryError(
        f"unknown query '{arg}': not a named query, a .rq file or SPARQL text. Named queries: {known}"
    )


def _read_query(path: Path, source: str) -> QueryText:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query file {path}: {exc}") from None
    return QueryText(text, declared_params(text), source)


# SPARQL's string escapes (ECHAR); other control characters become \uXXXX
_ECHAR = {"\\": "\\\\", '"': '\\"', "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
          "\f": "\\f"}


def sparql_string(value: str) -> str:
    """`value` as a SPARQL string literal: every character that could end or escape it is escaped."""
    out = ['"']
    for ch in value:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def case_variants(value: str) -> tuple[str, ...]:
    """The spellings of `value` a case-insensitive lookup tries by index: as typed, lower, upper, capitalised."""
    stripped = value.strip()
    forms = (value, stripped, stripped.lower(), stripped.upper(), stripped[:1].upper() + stripped[1:],
             stripped.capitalize(), stripped.title())
    return tuple(dict.fromkeys(forms))


def name_iris(value: str) -> tuple[str, ...]:
    """The IRIs a thing named `value` has in the export, one per kind (kg.namespace.node_iri folds case)."""
    from kg.namespace import CLASS_OF_KIND, node_iri

    iris = (str(node_iri(kind, value.strip())) for kind in CLASS_OF_KIND)
    return tuple(iri for iri in iris if not _UNSAFE_IN_IRI.search(iri))


_UNSAFE_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
# Derived forms of a parameter NAME a query may use besides `?_NAME` (the value as one string literal):
# `?_NAME_any_case` expands to the case variants as literals and `?_NAME_iris` to the IRIs the name has as
# a node of each kind; both only make sense inside `VALUES ?var { ... }`, where they let the engine find
# the node through its indexes instead of lower-casing every label of the graph.
def _any_case_values(value: str) -> str:
    return " ".join(sparql_string(v) for v in case_variants(value))


def _iri_values(value: str) -> str:
    return " ".join(f"<{iri}>" for iri in name_iris(value))


_DERIVED_FORMS: dict[str, Callable[[str], str]] = {"_any_case": _any_case_values, "_iris": _iri_values}


def bind_params(query: QueryText, params: Mapping[str, str]) -> str:
    """Replace each `?_name` (and derived form) in the query body by the parameter's value, escaped."""
    declared = {p.name for p in query.params}
    listing = _param_listing(query)
    unknown = sorted(set(params) - declared)
    if unknown:
        raise QueryError(f"query {query.source} has no parameter {', '.join(unknown)}; {listing}")
    missing = [p.name for p in query.params if p.name not in params]
    if missing:
        raise QueryError(f"query {query.source} needs --param {missing[0]}=VALUE; {listing}")
    for name, value in params.items():
        if not isinstance(value, str):
            raise QueryError(f"parameter {name} must be text, got {type(value).__name__}")

    def substitute(match: re.Match[str]) -> str:
        if match["skip"] is not None:
            return match["skip"]
        name = match["name"]
        if name in declared:
            return sparql_string(params[name])
        for suffix, expand in _DERIVED_FORMS.items():
            base = name.removesuffix(suffix)
            if base != name and base in declared:
                return expand(params[base])
        return match["var"]

    return _SKIP_OR_VAR.sub(substitute, query.text)


def _param_listing(query: QueryText) -> str:
    if not query.params:
        return "it takes no parameters"
    described = "; ".join(f"{p.name}: {p.description}" if p.description else p.name for p in query.params)
    return f"its parameters: {described}"


def resolve_query(arg: str, params: Mapping[str, str]) -> str:
    """The SPARQL text to run for `arg` (named query, .rq path or SPARQL text) with `params` bound."""
    return bind_params(load_query(arg), params)


# ----------------------------------------------------------------------------------------------------
# Data: the persistent pyoxigraph store beside the export, and rdflib


def _rdf_format(data: Path) -> str:
    fmt = _FORMAT_OF_SUFFIX.get(data.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_FORMAT_OF_SUFFIX))
        raise DataError(f"{data}: unknown RDF format for suffix '{data.suffix}' (known: {known})")
    return fmt


def _check_data(data: Path) -> str:
    if not data.is_file():
        raise DataError(f"data file not found: {data} (run `kg build` first, or pass --data)")
    return _rdf_format(data)


def _oxigraph_format(fmt: str) -> Any:
    import pyoxigraph

    return {
        "turtle": pyoxigraph.RdfFormat.TURTLE,
        "nt": pyoxigraph.RdfFormat.N_TRIPLES,
        "json-ld": pyoxigraph.RdfFormat.JSON_LD,
    }[fmt]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def store_dir(data: Path) -> Path:
    """Where the persistent store of `data` lives: `<data>.oxigraph/` beside it (git-ignored)."""
    return data.with_name(data.name + ".oxigraph")


@dataclass(frozen=True)
class Derivation:
    """A CONSTRUCT query whose triples are put into DERIVED_GRAPH when a store is built from an export."""

    path: Path
    text: str


def derivations(directory: Path = DERIVED_QUERIES_DIR) -> tuple[Derivation, ...]:
    """The derivation queries in `directory` (`*.rq`), in the order they run: by file name."""
    if not directory.is_dir():
        return ()
    found: list[Derivation] = []
    for path in sorted(directory.glob("*.rq"), key=lambda p: p.name):
        try:
            found.append(Derivation(path, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read derivation query {path}: {exc}") from None
    return tuple(found)


def store_digest(data: Path, derived: Sequence[Derivation]) -> str:
    """What a store built from `data` with `derived` depends on: the export's bytes, the derivations' names and text."""
    digest = hashlib.sha256()
    digest.update(f"export {file_sha256(data)}\ngraph {DERIVED_GRAPH}\n".encode())
    for derivation in derived:
        text = derivation.text.encode("utf-8")
        digest.update(f"derivation {derivation.path.name} {len(text)}\n".encode())
        digest.update(text)
    return digest.hexdigest()


def open_store(data: Path, derived_dir: Path = DERIVED_QUERIES_DIR) -> Any:
    """A pyoxigraph Store holding `data` as its default graph and what the derivations in `derived_dir` derive from
    it in DERIVED_GRAPH; reused while the export and the derivations are unchanged, rebuilt otherwise.

    Layout: `<data>.oxigraph/stamp` holds store_digest() of what the store was built from, and the store itself is
    `<data>.oxigraph/db-<digest[:16]>/`, so a rebuild never touches a store another handle has open.
    """
    import pyoxigraph

    fmt = _check_data(data)
    derived = derivations(derived_dir)
    base = store_dir(data)
    stamp = base / "stamp"
    digest = store_digest(data, derived)
    db = base / f"db-{digest[:16]}"
    if db.is_dir() and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest:
        try:
            return pyoxigraph.Store(str(db))
        except OSError as exc:
            raise DataError(f"cannot open the query store {db}: {exc}") from None
    base.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    if db.exists():
        shutil.rmtree(db)
    store: Any = None
    failure: KGError | None = None
    try:
        store = pyoxigraph.Store(str(db))
        store.bulk_load(path=str(data), format=_oxigraph_format(fmt))
        # Compacting what the bulk load wrote costs 0.8 s at 1M triples and makes the lookups of the multi-hop
        # derivation three times faster (1-read-next.rq: 5.9 -> 2.0 s).
        store.optimize()
        derive_on_store(store, derived)
        store.flush()
    except SyntaxError as exc:
        failure = DataError(f"{data}: not valid RDF: {exc}")
    except (OSError, ValueError) as exc:
        failure = DataError(f"cannot load {data} into {db}: {exc}")
    except QueryError as exc:
        failure = QueryError(str(exc))  # a new error: the caught one's traceback holds the store open
    if failure is not None:
        # The store writes its files when it closes: close it (drop the last reference, which the traceback of the
        # error no longer holds once the except clause is done), then remove them.
        store = None
        shutil.rmtree(db, ignore_errors=True)
        raise failure
    stamp.write_text(digest + "\n", encoding="utf-8")
    for old in base.glob("db-*"):
        if old != db:
            shutil.rmtree(old, ignore_errors=True)
    return store


def derive_on_store(store: Any, derived: Sequence[Derivation]) -> int:
    """Run each derivation on the pyoxigraph `store` in order, adding its triples to DERIVED_GRAPH; returns how many."""
    import pyoxigraph

    graph = pyoxigraph.NamedNode(DERIVED_GRAPH)
    added = 0
    for derivation in derived:
        try:
            answer = store.query(derivation.text)
            if not isinstance(answer, pyoxigraph.QueryTriples):
                raise QueryError(f"derivation {derivation.path}: not a CONSTRUCT query")
            quads = [pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in answer]
        except SyntaxError as exc:
            raise QueryError(f"derivation {derivation.path}: SPARQL syntax error: {exc}") from None
        except (OSError, ValueError, TypeError) as exc:
            raise QueryError(f"derivation {derivation.path} failed: {exc}") from None
        store.bulk_extend(quads)
        added += len(quads)
    return added


def dump_derived(store: Any, path: Path) -> None:
    """Write the DERIVED_GRAPH of a pyoxigraph `store` to `path` as N-Quads (for a server's store)."""
    import pyoxigraph

    quads = store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(DERIVED_GRAPH))
    pyoxigraph.serialize(quads, output=str(path), format=pyoxigraph.RdfFormat.N_QUADS)


def load_rdflib(data: Path, derived_dir: Path | None = DERIVED_QUERIES_DIR) -> Any:
    """An rdflib Dataset: `data` as its default graph and, unless `derived_dir` is None, what the derivations in it
    derive in the named graph DERIVED_GRAPH (the same the pyoxigraph store holds)."""
    import rdflib

    fmt = _check_data(data)
    dataset = rdflib.Dataset()
    try:
        dataset.default_graph.parse(str(data), format=fmt)
    except Exception as exc:  # rdflib's parsers raise many unrelated types for bad input
        raise DataError(f"{data}: not valid RDF: {exc}") from None
    if derived_dir is not None:
        derive_on_dataset(dataset, derivations(derived_dir))
    return dataset


def derive_on_dataset(dataset: Any, derived: Sequence[Derivation]) -> int:
    """Run each derivation on the rdflib `dataset`, in order, adding its triples to DERIVED_GRAPH; returns how many."""
    import rdflib

    graph = dataset.graph(rdflib.URIRef(DERIVED_GRAPH))
    added = 0
    for derivation in derived:
        try:
            with _rdflib_dataset_semantics():
                answer = dataset.query(derivation.text)
                if answer.type != "CONSTRUCT":
                    raise QueryError(f"derivation {derivation.path}: not a CONSTRUCT query")
                triples = list(answer.graph)
        except QueryError:
            raise
        except Exception as exc:  # rdflib raises pyparsing and evaluation errors of many types
            if type(exc).__name__.startswith("Parse"):
                raise QueryError(f"derivation {derivation.path}: SPARQL syntax error: {exc}") from None
            raise QueryError(f"derivation {derivation.path} failed: {exc}") from None
        graph.addN((s, p, o, graph) for s, p, o in triples)
        added += len(triples)
    return added


@contextmanager
def _rdflib_dataset_semantics() -> Iterator[None]:
    """SPARQL over an rdflib Dataset as in Oxigraph: the default graph is the dataset's default graph alone.

    rdflib reads it as the union of all graphs unless the module flag SPARQL_DEFAULT_GRAPH_UNION is off (the switch
    rdflib documents for this), and rdflib 7.6 warns about its own calls of Dataset.default_context/contexts while
    evaluating; both only for the duration of one query, which must be consumed inside.
    """
    import rdflib.plugins.sparql

    previous = rdflib.plugins.sparql.SPARQL_DEFAULT_GRAPH_UNION
    rdflib.plugins.sparql.SPARQL_DEFAULT_GRAPH_UNION = False
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", r"Dataset\.\w+ is deprecated", DeprecationWarning)
            yield
    finally:
        rdflib.plugins.sparql.SPARQL_DEFAULT_GRAPH_UNION = previous


# ----------------------------------------------------------------------------------------------------
# Running


def run_query(query: str, data: Path, engine: Engine = "oxigraph") -> QueryResult:
    """Run SPARQL `query` over the export `data` with `engine`."""
    if engine == "oxigraph":
        return run_on_store(query, open_store(data))
    if engine == "rdflib":
        return run_on_graph(query, load_rdflib(data))
    raise QueryError(f"unknown engine '{engine}' (known: oxigraph, rdflib)")


def run_on_store(query: str, store: Any) -> QueryResult:
    """Run `query` on an open pyoxigraph Store."""
    import pyoxigraph

    try:
        answer = store.query(query)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except (OSError, ValueError, TypeError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    try:
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return QueryResult("ask", (), (), bool(answer), None)
        if isinstance(answer, pyoxigraph.QueryTriples):
            triples = [(_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)) for t in answer]
            return QueryResult("graph", (), (), None, graph_to_turtle(triples))
        variables = tuple(v.value for v in answer.variables)
        terms = tuple(tuple(_ox_term(solution[i]) for i in range(len(variables))) for solution in answer)
    except (OSError, ValueError, TypeError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    return _select_result(variables, terms)


def run_on_graph(query: str, graph: Any) -> QueryResult:
    """Run `query` on an rdflib Graph or Dataset (its default graph alone is the query's default graph)."""
    try:
        with _rdflib_dataset_semantics():
            answer = graph.query(query)
            if answer.type == "ASK":
                return QueryResult("ask", (), (), bool(answer.askAnswer), None)
            if answer.type in ("CONSTRUCT", "DESCRIBE"):
                triples = [(_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in answer.graph]
                return QueryResult("graph", (), (), None, graph_to_turtle(triples))
            variables = tuple(str(v) for v in answer.vars)
            terms = tuple(tuple(_rdflib_term(row[i]) for i in range(len(variables))) for row in answer)
    except QueryError:
        raise
    except Exception as exc:  # rdflib raises pyparsing and evaluation errors of many types
        name = type(exc).__name__
        if name.startswith("Parse"):
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        raise QueryError(f"query failed: {exc}") from None
    return _select_result(variables, terms)


def _select_result(variables: tuple[str, ...], terms: tuple[tuple[Term | None, ...], ...]) -> QueryResult:
    rows = tuple(tuple(None if t is None else render_term(t) for t in row) for row in terms)
    return QueryResult("select", variables, rows, None, None, terms)


def _ox_term(term: Any) -> Term | None:
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Term("literal", term.value, None, term.language)
        datatype = term.datatype.value
        return Term("literal", term.value, None if datatype == XSD_STRING else datatype)
    raise QueryError(f"unsupported RDF term in result: {term!r}")


def _rdflib_term(term: Any) -> Term | None:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return Term("uri", str(term))
    if isinstance(term, rdflib.BNode):
        return Term("bnode", str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Term("literal", str(term), None, term.language)
        datatype = str(term.datatype) if term.datatype is not None else None
        return Term("literal", str(term), None if datatype == XSD_STRING else datatype)
    raise QueryError(f"unsupported RDF term in result: {term!r}")


def render_term(term: Term) -> str:
    """A term as a table cell: IRIs as prefixed names where a prefix applies, literals by lexical form."""
    if term.type == "uri":
        return prefixed(term.value)
    if term.type == "bnode":
        return f"_:{term.value}"
    return term.value


def prefixed(iri: str) -> str:
    best: tuple[str, str] | None = None
    for prefix, namespace in PREFIXES:
        longer = best is None or len(namespace) > len(best[1])
        if iri.startswith(namespace) and len(iri) > len(namespace) and longer:
            best = (prefix, namespace)
    if best is None:
        return iri
    return f"{best[0]}:{iri[len(best[1]):]}"


def graph_to_turtle(triples: Iterable[tuple[Term | None, Term | None, Term | None]]) -> str:
    """Deterministic Turtle for a CONSTRUCT/DESCRIBE answer, with the project's prefixes."""
    import rdflib

    graph = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES:
        if prefix != "id":  # instance IRIs contain `/`: rdflib writes them in full
            graph.bind(prefix, rdflib.Namespace(namespace))
    for s, p, o in triples:
        if s is None or p is None or o is None:
            continue
        graph.add((_to_rdflib(s), _to_rdflib(p), _to_rdflib(o)))
    text: str = graph.serialize(format="turtle")
    return text


def _to_rdflib(term: Term) -> Any:
    import rdflib

    if term.type == "uri":
        return rdflib.URIRef(term.value)
    if term.type == "bnode":
        return rdflib.BNode(term.value)
    if term.lang:
        return rdflib.Literal(term.value, lang=term.lang)
    if term.datatype:
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype))
    return rdflib.Literal(term.value)


# ----------------------------------------------------------------------------------------------------
# Formatting


def format_result(result: QueryResult, fmt: Format) -> str:
    """The text to print for `result` in `fmt` (table, csv or json). Graph answers are Turtle whatever fmt."""
    if result.kind == "graph":
        return result.graph_turtle or ""
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
        return "yes\n" if result.boolean else "no\n"
    if fmt == "table":
        return format_table(result.variables, result.rows)
    if fmt == "csv":
        return format_csv(result.variables, result.rows)
    if fmt == "json":
        return format_json(result)
    raise QueryError(f"unknown format '{fmt}' (known: table, csv, json)")


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide and full-width characters count 2, combining marks 0."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _cell(value: str | None) -> str:
    if value is None:
        return ""
    return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def format_table(variables: Sequence[str], rows: Sequence[Sequence[str | None]]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [display_width(v) for v in variables]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], display_width(value))

    def line(values: Sequence[str]) -> str:
        padded = [v + " " * (widths[i] - display_width(v)) for i, v in enumerate(values)]
        return "  ".join(padded).rstrip()

    out = [line(variables), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    count = len(rows)
    out.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(out) + "\n"


def format_csv(variables: Sequence[str], rows: Sequence[Sequence[str | None]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON, with full IRIs."""
    bindings: list[dict[str, dict[str, str]]] = []
    for row in result.terms:
        binding: dict[str, dict[str, str]] = {}
        for name, term in zip(result.variables, row, strict=True):
            if term is None:
                continue
            entry = {"type": term.type, "value": term.value}
            if term.lang:
                entry["xml:lang"] = term.lang
            elif term.datatype:
                entry["datatype"] = term.datatype
            binding[name] = entry
        bindings.append(binding)
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
