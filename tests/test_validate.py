"""`kg.validate`: SHACL validation of exports, and the readable report it prints.

Golden cases live in tests/data/shacl/: each NAME.ttl is a small graph in the export shape and NAME.txt the
exact report `Report.text()` gives for it (`conforms` for valid.ttl).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal

from kg.errors import DataError
from kg.namespace import ID, KG
from kg.validate import Report, Violation, _namespaces, _violations, load_shapes, validate_file, validate_graph

CASES = Path(__file__).parent / "data" / "shacl"
CASE_NAMES = sorted(p.stem for p in CASES.glob("*.ttl"))

REQUIRED_CASES = {
    "valid",
    "no-quote",
    "source-line-string",
    "publication-date-string",
    "reading-status-done",
    "untyped-relation-target",
    "paper-without-title",
    "two-quotes",
}


def _valid_graph() -> Graph:
    return Graph().parse(CASES / "valid.ttl", format="turtle")


def test_the_required_broken_graphs_are_all_there() -> None:
    assert set(CASE_NAMES) >= REQUIRED_CASES
    assert all((CASES / f"{name}.txt").is_file() for name in CASE_NAMES)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_report(name: str) -> None:
    report = validate_file(CASES / f"{name}.ttl")
    expected = (CASES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    assert report.text().splitlines() == expected
    assert report.conforms is (name == "valid")
    assert len(report.violations) == (0 if name == "valid" else len(expected) - 1)


def test_valid_graph_conforms() -> None:
    assert validate_graph(_valid_graph()) == Report(conforms=True, violations=())


def test_violation_fields() -> None:
    report = validate_file(CASES / "reading-status-done.ttl")
    assert report.violations == (
        Violation(
            focus="id:paper/instructblip",
            path="kg:readingStatus",
            value='"done"',
            message='The reading status must be "read" or "to-read".',
            shape="kgsh:Paper-readingStatus-in",
        ),
    )


def test_node_level_violation_has_no_path_and_no_repeated_value() -> None:
    (violation,) = validate_file(CASES / "paper-without-title.ttl").violations
    assert (violation.focus, violation.path, violation.value, violation.shape) == (
        "id:paper/instructblip",
        None,
        None,
        "kgsh:PaperNameShape",
    )


def test_validate_graph_sees_a_change_made_in_memory() -> None:
    graph = _valid_graph()
    graph.add((ID["paper/pixelcnn"], KG.readOn, Literal("2024-02-12", datatype=XSD.string)))
    graph.add((ID["paper/pixelcnn"], KG.readingStatus, Literal("to-read")))
    assert validate_graph(graph, load_shapes()).text().splitlines() == [
        "3 violations",
        "id:paper/pixelcnn  kg:readOn: A paper is read on at most one date.",
        'id:paper/pixelcnn  kg:readOn: The reading date must be an xsd:date such as "2024-01-17". '
        '(value: "2024-02-12"^^xsd:string)',
        "id:paper/pixelcnn  kg:readingStatus: A paper has at most one reading status.",
    ]


def test_report_is_the_same_whatever_the_order_of_parsing() -> None:
    graph = _valid_graph()
    broken = Graph().parse(CASES / "several-problems.ttl", format="turtle")
    reversed_graph = Graph()
    for triple in sorted(broken, reverse=True):
        reversed_graph.add(triple)
    assert validate_graph(broken).text() == validate_graph(reversed_graph).text()
    assert validate_graph(graph).text() == "conforms"


def test_blank_nodes_long_and_multiline_values_stay_on_one_line() -> None:
    graph = _valid_graph()
    statement = BNode()
    quote = "第一行\n" + "很长的句子" * 30
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, KG.quote, Literal(quote, lang="zh")))
    lines = validate_graph(graph).text().splitlines()
    assert lines == [
        "7 violations",
        # 80 characters at most: 4 + 15 * 5, then an ellipsis; the newline escaped as in JSON
        '[]  kg:quote: A quote must be a plain string. (value: "第一行\\n' + "很长的句子" * 15 + '…"@zh)',
        "[]  kg:sourceFile: An evidence statement needs the file of its quote (kg:sourceFile).",
        "[]  kg:sourceLine: An evidence statement needs the line of its quote (kg:sourceLine).",
        "[]  prov:wasDerivedFrom: An evidence statement needs the entry it came from (prov:wasDerivedFrom).",
        "[]  rdf:object: An evidence statement needs an object (rdf:object).",
        "[]  rdf:predicate: An evidence statement needs a predicate (rdf:predicate).",
        "[]  rdf:subject: An evidence statement needs a subject (rdf:subject).",
    ]


def test_other_rdf_formats_by_suffix(tmp_path: Path) -> None:
    graph = _valid_graph()
    for suffix, fmt in ((".nt", "nt"), (".jsonld", "json-ld"), (".rdf", "xml")):
        path = tmp_path / f"kg{suffix}"
        graph.serialize(path, format=fmt, encoding="utf-8")
        assert validate_file(path).text() == "conforms", suffix


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.ttl"
    with pytest.raises(DataError, match=rf"^{re.escape(str(missing))}: no such file$"):
        validate_file(missing)


def test_broken_turtle_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(
        '@prefix kg: <https://w3id.org/papers-kg/ontology#> .\n<urn:a> kg:quote "ok" .\n<urn:b> kg:quote "open .\n',
        encoding="utf-8",
    )
    with pytest.raises(
        DataError, match=rf"^{re.escape(str(path))}:3: not valid turtle: newline found in string literal$"
    ):
        validate_file(path)


def test_broken_json_ld_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "kg.jsonld"
    path.write_text('{\n  "@id": "urn:a",\n  "urn:p": \n}\n', encoding="utf-8")
    with pytest.raises(DataError, match=rf"^{re.escape(str(path))}:4: not valid JSON-LD: Expecting value$"):
        validate_file(path)


def test_broken_n_triples_names_file(tmp_path: Path) -> None:
    path = tmp_path / "kg.nt"
    path.write_text("<urn:a> <urn:p> <urn:b> .\n<urn:a> <urn:p> .\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"^{re.escape(str(path))}: not valid nt: "):
        validate_file(path)


def test_load_shapes_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"shapes\.ttl: no such file$"):
        load_shapes(tmp_path / "shapes.ttl")
    broken = tmp_path / "broken-shapes.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n\nsh:x sh:y\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"^{re.escape(str(broken))}:3: not valid turtle: "):
        load_shapes(broken)


def test_default_shapes_are_the_projects() -> None:
    assert len(load_shapes()) == len(Graph().parse(Path(__file__).parent.parent / "ontology" / "shapes.ttl"))


SH_PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix kg: <https://w3id.org/papers-kg/ontology#> .
"""


def test_unusable_shapes_raise_data_error() -> None:
    shapes = Graph().parse(
        data=SH_PREFIXES + "<urn:s> a sh:NodeShape ; sh:targetNode <urn:a> ; "
        'sh:property [ sh:path rdfs:comment ; sh:minCount "x" ] .',
        format="turtle",
    )
    with pytest.raises(
        DataError,
        match=r"^the SHACL shapes cannot be used: MinCountConstraintComponent sh:minCount must be a literal "
        r"with datatype xsd:integer\.$",
    ):
        validate_graph(_valid_graph(), shapes)


def test_sparql_constraint_that_does_not_parse_names_its_shape() -> None:
    shapes = Graph().parse(
        data=SH_PREFIXES + "<urn:s> a sh:NodeShape ; sh:targetClass kg:Paper ; "
        'sh:sparql [ sh:select "SELECT $this WHERE { $this ?p }" ] .',
        format="turtle",
    )
    with pytest.raises(DataError, match=r"^the SHACL shapes cannot be used: <urn:s>: "):
        validate_graph(_valid_graph(), shapes)


def test_sparql_constraint_reports_only_the_shapes_focus_nodes() -> None:
    # the query finds every node with a label; the shape targets papers only, and a deactivated one nothing
    shapes = Graph().parse(
        data=SH_PREFIXES
        + """<urn:s> a sh:NodeShape ; sh:targetClass kg:Paper ;
            sh:sparql [ sh:message "has a label" ; sh:select "SELECT $this ?value WHERE { $this rdfs:label ?value }" ;
                        sh:prefixes <urn:p> ] .
        <urn:p> sh:declare [ sh:prefix "rdfs" ; sh:namespace "http://www.w3.org/2000/01/rdf-schema#" ] .
        <urn:t> a sh:NodeShape ; sh:targetClass kg:Paper ;
            sh:sparql [ sh:deactivated true ; sh:select "SELECT $this WHERE { $this ?p ?o }" ] .
        """,
        format="turtle",
    )
    assert validate_graph(_valid_graph(), shapes).text().splitlines() == [
        "3 violations",
        'id:paper/blip-2  has a label (value: "BLIP-2")',
        'id:paper/instructblip  has a label (value: "InstructBLIP")',
        'id:paper/pixelcnn  has a label (value: "PixelCNN")',
    ]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_sparql_constraints_run_here_as_pyshacl_would_run_them(name: str) -> None:
    from pyshacl import validate

    data = Graph().parse(CASES / f"{name}.ttl", format="turtle")
    conforms, results, _text = validate(data, shacl_graph=load_shapes(), inference="none")
    assert isinstance(results, Graph)
    by_pyshacl = sorted({v.line() for v in _violations(results, _namespaces())})
    report = validate_graph(data)
    assert sorted(v.line() for v in report.violations) == by_pyshacl
    assert report.conforms is conforms


def test_shapes_without_messages_still_give_a_line() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <https://w3id.org/papers-kg/id/paper/pixelcnn> ;
            sh:property [ sh:path rdfs:comment ; sh:minCount 1 ] .
        """,
        format="turtle",
    )
    (violation,) = validate_graph(_valid_graph(), shapes).violations
    assert (violation.focus, violation.path, violation.shape) == ("id:paper/pixelcnn", "rdfs:comment", "[]")
    assert violation.message  # pyshacl's own wording, whatever its version says
