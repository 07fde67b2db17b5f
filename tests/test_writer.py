"""kg.writer writes the bytes rdflib's writers (kg.rdf.serialize) write, for real builds and awkward literals."""

from __future__ import annotations

import importlib.util
import io
import sys
import warnings
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import build_graph, export_files, namespaces
from kg.paths import ROOT
from kg.rdf import _CONTEXT_PREFIXES, rdflib_graph, serialize
from kg.writer import XSD_INTEGER, Lit, PlainGraph, add, write_jsonld, write_nt, write_ttl

ID = "https://w3id.org/papers-kg/id/"
KG = "https://w3id.org/papers-kg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _written(plain: PlainGraph) -> dict[str, bytes]:
    ns = namespaces()
    context = {p: n for p, n in sorted(ns.items()) if p in _CONTEXT_PREFIXES}
    out = {}
    for fmt in ("nt", "ttl", "jsonld"):
        buffer = io.BytesIO()
        if fmt == "nt":
            write_nt(plain, buffer)
        elif fmt == "ttl":
            write_ttl(plain, ns, buffer)
        else:
            write_jsonld(plain, context, buffer)
        out[fmt] = buffer.getvalue()
    return out


def _assert_as_rdflib_writes(plain: PlainGraph) -> None:
    graph = rdflib_graph(plain)
    written = _written(plain)
    for fmt in ("nt", "ttl", "jsonld"):
        assert written[fmt] == serialize(graph, fmt), fmt


def _generated_log(tmp_path: Path, n: int) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate_w", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.write(module.generate(n), tmp_path / "log")
    return tmp_path / "log"


@pytest.mark.parametrize("source", ["bundled", "generated"])
def test_the_export_bytes_are_rdflibs(source: str, tmp_path: Path) -> None:
    notes = ROOT / "notes" if source == "bundled" else _generated_log(tmp_path, 150)
    result = build_graph([notes])
    _assert_as_rdflib_writes(result.plain)
    files = export_files(result, html=False)
    assert isomorphic(Graph().parse(data=files["kg.ttl"], format="turtle"), result.graph)
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        assert isomorphic(Graph().parse(data=files["kg.jsonld"], format="json-ld"), result.graph)


def test_awkward_literals_and_names_are_written_as_rdflib_writes_them() -> None:
    g: PlainGraph = {}
    paper = ID + "paper/a"
    for text in ('say "hi"', "back\\slash", "two\nlines", 'ends in a quote"\nx"', 'has """ three', "tab\there",
                 "line\u2028separator", "carriage\rreturn", "", "emoji 🙂 and 中文", "a b", "a", "a!"):
        add(g, paper, KG + "noteText", Lit(text))
    for line in (9, 10, 100, 2):
        add(g, paper, KG + "sourceLine", Lit(str(line), XSD_INTEGER))
    add(g, paper, RDF + "type", KG + "Paper")
    add(g, paper, "http://www.w3.org/2000/01/rdf-schema#label", Lit("A"))
    add(g, paper, KG + "readOn", Lit("2024-01-02", "http://www.w3.org/2001/XMLSchema#date"))
    for thing in ("model/blip-2", "model/3d-unet", "technique/x(y)", "model/a.b"):
        add(g, paper, KG + "mentions", ID + thing)
        add(g, ID + thing, RDF + "type", KG + "Model")
    add(g, ID + "model/blip-2", "http://www.w3.org/2004/02/skos/core#exactMatch", "https://schema.org/Thing")
    add(g, ID + "model/blip-2", "http://www.w3.org/2004/02/skos/core#exactMatch", "https://example.org/v/blip-2")
    _assert_as_rdflib_writes(g)


def test_an_empty_graph() -> None:
    _assert_as_rdflib_writes({})


def test_a_unicode_line_separator_in_a_note_leaves_n_triples_readable() -> None:
    from io import BytesIO

    from rdflib import Literal, URIRef

    from kg.writer import write_nt

    g: PlainGraph = {}
    add(g, ID + "paper/a", KG + "noteText", Lit("first\u2028second\u2029third\x85fourth"))
    out = BytesIO()
    write_nt(g, out)
    parsed = Graph().parse(data=out.getvalue(), format="nt")
    note = parsed.value(URIRef(ID + "paper/a"), URIRef(KG + "noteText"))
    assert note == Literal("first\u2028second\u2029third\x85fourth")


def test_exports_are_readable_by_others_as_the_umask_says(tmp_path: Path) -> None:
    import os
    import stat

    result = build_graph([ROOT / "notes"])
    from kg.build import export

    old = os.umask(0o022)
    try:
        export(result, tmp_path / "out", html=False)
    finally:
        os.umask(old)
    for name in ("kg.ttl", "kg.nt", "kg.jsonld"):
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == 0o644
