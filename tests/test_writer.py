"""kg.writer writes the bytes rdflib's writers (kg.rdf.serialize) write, for real builds and awkward literals."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest
from generated import write_generated
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import build_graph, export_files, namespaces
from kg.paths import ROOT
from kg.rdf import _CONTEXT_PREFIXES, rdflib_graph, serialize
from kg.writer import (
    XSD_INTEGER,
    Lit,
    PlainGraph,
    WritePlan,
    add,
    part_bounds,
    write_jsonld,
    write_nt,
    write_part,
    write_parts,
    write_ttl,
    writer_plan,
)

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
    return write_generated(tmp_path / "log", n)


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
    _assert_as_rdflib_writes(_awkward_graph())


def _awkward_graph() -> PlainGraph:
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
    # subjects with prefixed names (or nearly): an ontology term, a bound namespace's term, a deeper IRI
    for subject in (KG + "Paper", "https://schema.org/Thing", "https://schema.org/x/y", KG + "a.",
                    "http://www.w3.org/XML/1998/namespacelang", "urn:x"):
        add(g, subject, "http://www.w3.org/2000/01/rdf-schema#label", Lit(subject[-5:]))
    return g


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


# ---------------------------------------------------------------------------------------------- parts


def _plans(plain: PlainGraph) -> dict[str, WritePlan]:
    ns = namespaces()
    context = {p: n for p, n in sorted(ns.items()) if p in _CONTEXT_PREFIXES}
    return {"nt": writer_plan("nt", plain), "ttl": writer_plan("ttl", plain, ns),
            "jsonld": writer_plan("jsonld", plain, context)}


def _part_bytes(plan: WritePlan, k: int, parts: int) -> bytes:
    buffer = io.BytesIO()
    write_part(plan, k, parts, buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def generated_plain(tmp_path_factory: pytest.TempPathFactory) -> PlainGraph:
    return build_graph([_generated_log(tmp_path_factory.mktemp("parts"), 120)], keep_extractions=False).plain


@pytest.mark.parametrize("source", ["bundled", "generated", "awkward", "empty"])
def test_parts_written_one_after_another_are_the_whole_file(source: str, generated_plain: PlainGraph) -> None:
    if source == "bundled":
        plain = build_graph([ROOT / "notes"], keep_extractions=False).plain
    elif source == "generated":
        plain = generated_plain
    elif source == "awkward":
        plain = _awkward_graph()
    else:
        plain = {}
    whole = _written(plain)
    for fmt, plan in _plans(plain).items():
        assert len(set(plan.subjects)) == len(plan.subjects)
        assert set(plan.subjects) == {s for s, preds in plain.items() if preds}
        for parts in (1, 2, 3, 7, len(plain) + 2):
            pieces = [_part_bytes(plan, k, parts) for k in range(parts)]
            assert b"".join(pieces) == whole[fmt], (fmt, parts)
            if parts == len(plain) + 2:
                assert b"" in pieces or not plain  # more parts than subjects: some write nothing (or only a header)


def test_a_run_of_parts_written_at_once_is_those_parts_one_after_another(generated_plain: PlainGraph) -> None:
    for fmt, plan in _plans(generated_plain).items():
        for first, stop, parts in ((0, 11, 20), (11, 20, 20), (0, 1, 1), (3, 4, 7), (2, 5, 7)):
            buffer = io.BytesIO()
            write_parts(plan, first, stop, parts, buffer)
            assert buffer.getvalue() == b"".join(_part_bytes(plan, k, parts) for k in range(first, stop)), (fmt, first)
    with pytest.raises(ValueError, match="parts 3 to 2 of 7"):
        write_parts(writer_plan("nt", {}), 3, 3, 7, io.BytesIO())


def test_parts_are_cut_by_triple_count(generated_plain: PlainGraph) -> None:
    for fmt, plan in _plans(generated_plain).items():
        weights = [sum(map(len, generated_plain[s].values())) + 1 for s in plan.subjects]  # triples, and one a subject
        heaviest = max(weights)
        for parts in (2, 3, 5):
            bounds = [part_bounds(plan, k, parts) for k in range(parts)]
            assert [b[0] for b in bounds[1:]] == [b[1] for b in bounds[:-1]]  # contiguous
            assert bounds[0][0] == 0 and bounds[-1][1] == len(plan.subjects)
            for start, stop in bounds:
                assert abs(sum(weights[start:stop]) - sum(weights) / parts) <= heaviest, (fmt, parts)


def test_a_part_that_does_not_exist_is_refused() -> None:
    plan = writer_plan("nt", {})
    for k, parts in ((2, 2), (-1, 2), (0, 0)):
        with pytest.raises(ValueError, match="part"):
            write_part(plan, k, parts, io.BytesIO())
    with pytest.raises(ValueError, match="unknown export format"):
        writer_plan("rdfxml", {})
