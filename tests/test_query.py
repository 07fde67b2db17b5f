"""Named queries, parameters, both engines, the persistent store and the output formats, on a hand-written log."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic

from kg.errors import DataError, QueryError
from kg.query import (
    format_result,
    named_queries,
    resolve_query,
    run_query,
    store_dir,
)

DATA_DIR = Path(__file__).parent / "data" / "query"
LOG = DATA_DIR / "log.ttl"

PARAMS: dict[str, dict[str, str]] = {
    "lineage": {"name": "blip-2"},
    "ancestors": {"name": "instructblip"},
    "descendants": {"name": "BLIP2"},
    "compares-to": {"name": "BLIP-2"},
    "uses": {"name": 'Q-Former "v2" {beta}'},
    "papers-by-org": {"org": "salesforce research"},
    "read-in": {"month": "2024-01"},
    "evidence": {"name": "InstructBLIP"},
}

EXPECTED: dict[str, tuple[tuple[str, ...], list[tuple[str | None, ...]]]] = {
    "lineage": (
        ("direction", "work", "label"),
        [
            ("ancestor", "id:model/albef", "ALBEF"),
            ("ancestor", "id:paper/blip", "BLIP"),
            ("descendant", "id:model/instructblip", "InstructBLIP"),
            ("descendant", "id:paper/minigpt-4", "MiniGPT-4"),
            ("descendant", "id:paper/x-instructblip", "X-InstructBLIP"),
        ],
    ),
    "ancestors": (
        ("work", "label", "published"),
        [
            ("id:model/albef", "ALBEF", None),
            ("id:paper/blip", "BLIP", None),
            ("id:model/blip-2", "BLIP-2", "2023-01"),
        ],
    ),
    "descendants": (
        ("work", "label", "published"),
        [
            ("id:model/instructblip", "InstructBLIP", "2023-05"),
            ("id:paper/minigpt-4", "MiniGPT-4", "2023-04"),
            ("id:paper/x-instructblip", "X-InstructBLIP", "2023"),
        ],
    ),
    "compares-to": (
        ("direction", "work", "label"),
        [
            ("incoming", "id:model/instructblip", "InstructBLIP"),
            ("incoming", "id:paper/minigpt-4", "MiniGPT-4"),
        ],
    ),
    "uses": (
        ("work", "label"),
        [
            ("id:model/instructblip", "InstructBLIP"),
            ("id:paper/x-instructblip", "X-InstructBLIP"),
        ],
    ),
    "papers-by-org": (
        ("paper", "label", "published", "readOn", "status"),
        [
            ("id:paper/x-instructblip", "X-InstructBLIP", "2023", "2024-02-03", "read"),
            ("id:paper/blip-2", "BLIP-2", "2023-01", "2024-01-17", "read"),
            ("id:paper/instructblip", "InstructBLIP", "2023-05", "2024-01-20", "read"),
        ],
    ),
    "timeline": (
        ("month", "papers"),
        [
            ("2024-01", "2"),
            ("2024-02", "1"),
        ],
    ),
    "read-in": (
        ("readOn", "paper", "label", "title"),
        [
            ("2024-01-17", "id:paper/blip-2", "BLIP-2", "BLIP-2: Bootstrapping Language-Image Pre-training with "
             "Frozen Image Encoders and Large Language Models"),
            ("2024-01-20", "id:paper/instructblip", "InstructBLIP", "InstructBLIP: Towards General-purpose "
             "Vision-Language Models with Instruction Tuning"),
        ],
    ),
    "most-built-upon": (
        ("work", "label", "builtOnBy"),
        [
            ("id:model/blip-2", "BLIP-2", "2"),
            ("id:model/albef", "ALBEF", "1"),
            ("id:paper/blip", "BLIP", "1"),
            ("id:model/instructblip", "InstructBLIP", "1"),
        ],
    ),
    "unread-ancestors": (
        ("work", "label", "builtOnByRead"),
        # BLIP-2 and InstructBLIP are read; BLIP and ALBEF are reached from all three read papers through them
        [("id:model/albef", "ALBEF", "3"), ("id:paper/blip", "BLIP", "3")],
    ),
    "orgs": (
        ("org", "label", "papersRead"),
        [
            ("id:organization/salesforce", "Salesforce", "3"),
            ("id:organization/upenn", "UPenn", "1"),
        ],
    ),
    "evidence": (
        ("subject", "predicate", "object", "quote", "file", "line"),
        [
            ("id:model/instructblip", "kg:buildsOn", "id:model/blip-2", "在BLIP-2基础上做指令微调",
             "notes/log.md", "22"),
            ("id:model/instructblip", "kg:comparesTo", "id:model/flamingo", "对比 Flamingo", "notes/log.md", "23"),
            ("id:model/instructblip", "kg:comparesTo", "id:model/blip-2", "outperforms BLIP-2 on zero-shot VQA",
             "notes/log.md", "24"),
            ("id:model/instructblip", "kg:uses", "id:model/vicuna", "uses Vicuna as the LLM", "notes/log.md", "25"),
            ("id:model/instructblip", "kg:uses", "id:technique/q-former-v2-beta", '采用 Q-Former "v2" {beta}',
             "notes/log.md", "26"),
            ("id:paper/x-instructblip", "kg:buildsOn", "id:model/instructblip",
             "extends InstructBLIP to audio and video.", "notes/log.md", "31"),
        ],
    ),
}


@pytest.fixture()
def log(tmp_path: Path) -> Path:
    """A private copy of the fixture, so the store built beside it lands in tmp_path."""
    copy = tmp_path / "kg.ttl"
    shutil.copyfile(LOG, copy)
    return copy


def test_every_named_query_has_expected_rows() -> None:
    assert set(named_queries()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_rows(name: str, log: Path) -> None:
    variables, rows = EXPECTED[name]
    result = run_query(resolve_query(name, PARAMS.get(name, {})), log)
    assert result.kind == "select"
    assert result.variables == variables
    assert list(result.rows) == rows


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_engines_agree(name: str, log: Path) -> None:
    query = resolve_query(name, PARAMS.get(name, {}))
    oxigraph = run_query(query, log, engine="oxigraph")
    reference = run_query(query, log, engine="rdflib")
    assert oxigraph == reference


@pytest.mark.parametrize("name", ["InstructBLIP", "instructblip", "INSTRUCTBLIP", "instructBLIP", "  InstructBLIP "])
def test_names_match_in_any_case(name: str, log: Path) -> None:
    result = run_query(resolve_query("ancestors", {"name": name}), log)
    assert [row[0] for row in result.rows] == ["id:model/albef", "id:paper/blip", "id:model/blip-2"]


def test_canonical_names_read_spaces_as_hyphens(log: Path) -> None:
    result = run_query(resolve_query("lineage", {"name": "blip 2"}), log)
    assert list(result.rows) == EXPECTED["lineage"][1]


def test_names_match_alt_labels_and_titles(log: Path) -> None:
    by_alt = run_query(resolve_query("descendants", {"name": "blip2"}), log)
    by_title = run_query(
        resolve_query("descendants", {"name": "BLIP-2: Bootstrapping Language-Image Pre-training with Frozen Image "
                                              "Encoders and Large Language Models"}),
        log,
    )
    assert by_alt.rows == by_title.rows == tuple(EXPECTED["descendants"][1])


def test_param_value_cannot_inject(log: Path) -> None:
    hostile = 'x" } UNION { ?start ?p ?o } #'
    text = resolve_query("lineage", {"name": hostile})
    assert '"x\\" } UNION { ?start ?p ?o } #"' in text
    for engine in ("oxigraph", "rdflib"):
        assert run_query(text, log, engine=engine).rows == ()


def test_param_with_quotes_and_braces_is_matched_literally(log: Path) -> None:
    text = resolve_query("uses", {"name": 'Q-Former "v2" {beta}'})
    assert '"Q-Former \\"v2\\" {beta}"' in text
    assert run_query(text, log, engine="rdflib").rows == tuple(EXPECTED["uses"][1])


def test_params_inside_strings_iris_and_comments_are_left_alone() -> None:
    text = "# param: name  a name\n# uses ?_name here\nSELECT * WHERE { ?s <http://x/?_name> \"?_name\" , ?_name }"
    assert resolve_query(text, {"name": "A"}) == (
        '# param: name  a name\n# uses ?_name here\nSELECT * WHERE { ?s <http://x/?_name> "?_name" , "A" }'
    )


def test_query_file_path(tmp_path: Path, log: Path) -> None:
    path = tmp_path / "mine.rq"
    query = "# param: who  a label\nSELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?_who }\n"
    path.write_text(query, encoding="utf-8")
    result = run_query(resolve_query(str(path), {"who": "Vicuna"}), log)
    assert result.rows == (("id:model/vicuna",),)


def test_unknown_query_name_lists_the_named_queries() -> None:
    with pytest.raises(QueryError) as info:
        resolve_query("lineages", {})
    assert str(info.value) == (
        "unknown query 'lineages': not a named query, a .rq file or SPARQL text. Named queries: "
        + ", ".join(sorted(EXPECTED))
    )


def test_missing_query_file() -> None:
    with pytest.raises(QueryError, match=r"^query file not found: nowhere/q\.rq$"):
        resolve_query("nowhere/q.rq", {})


def test_missing_param_names_the_params() -> None:
    with pytest.raises(QueryError) as info:
        resolve_query("papers-by-org", {})
    assert str(info.value) == (
        "query papers-by-org needs --param org=VALUE; its parameters: org: the organisation's name or alias "
        "(e.g. Salesforce)"
    )


def test_unknown_param() -> None:
    with pytest.raises(QueryError) as info:
        resolve_query("timeline", {"name": "x"})
    assert str(info.value) == "query timeline has no parameter name; it takes no parameters"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_bad_sparql(engine: str, log: Path) -> None:
    with pytest.raises(QueryError, match=r"^SPARQL syntax error: "):
        run_query("SELECT ?s WHERE { ?s ?p }", log, engine=engine)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_missing_data_file(engine: str, tmp_path: Path) -> None:
    missing = tmp_path / "exports" / "kg.ttl"
    with pytest.raises(DataError) as info:
        run_query("ASK {}", missing, engine=engine)  # type: ignore[arg-type]
    assert str(info.value) == f"data file not found: {missing} (run `kg build` first, or pass --data)"


def test_invalid_data_file(tmp_path: Path) -> None:
    broken = tmp_path / "kg.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"kg\.ttl: not valid RDF: "):
        run_query("ASK {}", broken)


def test_store_is_rebuilt_when_the_export_changes(log: Path) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert run_query(count, log).rows == (("196",),)
    assert run_query(count, log).rows == (("196",),)  # reused
    with log.open("a", encoding="utf-8") as out:
        out.write('model:llava a kg:Model ; rdfs:label "LLaVA" .\n')
    assert run_query(count, log).rows == (("198",),)
    assert run_query(resolve_query("uses", {"name": "llava"}), log).rows == ()
    stores = sorted(p.name for p in store_dir(log).iterdir())
    assert len(stores) == 2 and stores[1] == "stamp" and stores[0].startswith("db-")


def test_other_export_formats(tmp_path: Path) -> None:
    graph = rdflib.Graph().parse(LOG)
    expected = run_query(resolve_query("lineage", PARAMS["lineage"]), LOG)
    for suffix, fmt in ((".nt", "nt"), (".jsonld", "json-ld")):
        path = tmp_path / f"kg{suffix}"
        path.write_text(graph.serialize(format=fmt), encoding="utf-8")
        assert run_query(resolve_query("lineage", PARAMS["lineage"]), path) == expected


SMALL_SELECT = (
    "PREFIX kg: <https://w3id.org/papers-kg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?paper ?date ?note WHERE { ?paper kg:publicationDate ?date ; rdfs:label ?l .\n"
    '  OPTIONAL { ?paper kg:noteText ?note } FILTER(?l IN ("BLIP-2", "MiniGPT-4")) } ORDER BY ?paper'
)


def test_table_format(log: Path) -> None:
    text = format_result(run_query(SMALL_SELECT, log), "table")
    assert text == (
        "paper               date     note\n"
        "------------------  -------  -------------------------------------------\n"
        "id:paper/blip-2     2023-01  基于 BLIP 的后续工作，用 OPT 作为语言模型。\n"
        "id:paper/minigpt-4  2023-04\n"
        "(2 rows)\n"
    )


def test_table_of_one_row_and_of_none(log: Path) -> None:
    one = run_query(resolve_query("ancestors", {"name": "BLIP"}), log)
    assert format_result(one, "table") == (
        "work            label  published\n--------------  -----  ---------\nid:model/albef  ALBEF\n(1 row)\n"
    )
    none = run_query(resolve_query("uses", {"name": "nothing"}), log)
    assert format_result(none, "table") == "work  label\n----  -----\n(0 rows)\n"


def test_csv_format(log: Path) -> None:
    text = format_result(run_query(SMALL_SELECT, log), "csv")
    assert text == (
        "paper,date,note\r\n"
        "id:paper/blip-2,2023-01,基于 BLIP 的后续工作，用 OPT 作为语言模型。\r\n"
        "id:paper/minigpt-4,2023-04,\r\n"
    )


def test_csv_quotes_per_rfc4180(log: Path) -> None:
    result = run_query(resolve_query("evidence", {"name": "Q-Former \"v2\" {beta}"}), log)
    lines = format_result(result, "csv").split("\r\n")
    assert lines[1] == (
        'id:model/instructblip,kg:uses,id:technique/q-former-v2-beta,"采用 Q-Former ""v2"" {beta}",notes/log.md,26'
    )


def test_json_format(log: Path) -> None:
    document = json.loads(format_result(run_query(SMALL_SELECT, log), "json"))
    assert document == {
        "head": {"vars": ["paper", "date", "note"]},
        "results": {
            "bindings": [
                {
                    "paper": {"type": "uri", "value": "https://w3id.org/papers-kg/id/paper/blip-2"},
                    "date": {"type": "literal", "value": "2023-01",
                             "datatype": "http://www.w3.org/2001/XMLSchema#gYearMonth"},
                    "note": {"type": "literal", "value": "基于 BLIP 的后续工作，用 OPT 作为语言模型。"},
                },
                {
                    "paper": {"type": "uri", "value": "https://w3id.org/papers-kg/id/paper/minigpt-4"},
                    "date": {"type": "literal", "value": "2023-04",
                             "datatype": "http://www.w3.org/2001/XMLSchema#gYearMonth"},
                },
            ]
        },
    }


def test_json_language_tags(log: Path) -> None:
    result = run_query('SELECT ?x WHERE { BIND("chat"@fr AS ?x) }', log)
    document = json.loads(format_result(result, "json"))
    assert document["results"]["bindings"] == [{"x": {"type": "literal", "value": "chat", "xml:lang": "fr"}}]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_ask(engine: str, log: Path) -> None:
    yes = run_query("ASK { ?s <https://w3id.org/papers-kg/ontology#buildsOn> ?o }", log, engine=engine)  # type: ignore[arg-type]
    no = run_query("ASK { ?s <https://w3id.org/papers-kg/ontology#nothing> ?o }", log, engine=engine)  # type: ignore[arg-type]
    assert (yes.kind, yes.boolean, no.boolean) == ("ask", True, False)
    assert format_result(yes, "table") == "yes\n"
    assert format_result(no, "csv") == "no\n"
    assert format_result(yes, "json") == '{\n  "head": {},\n  "boolean": true\n}\n'


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_construct_prints_turtle_whatever_format(engine: str, log: Path) -> None:
    query = (
        "PREFIX kg: <https://w3id.org/papers-kg/ontology#>\n"
        "CONSTRUCT { ?a kg:buildsOn ?b } WHERE { ?a kg:buildsOn ?b ; <http://www.w3.org/2000/01/rdf-schema#label> "
        '"InstructBLIP" }'
    )
    result = run_query(query, log, engine=engine)  # type: ignore[arg-type]
    expected = (
        "@prefix kg: <https://w3id.org/papers-kg/ontology#> .\n\n"
        "<https://w3id.org/papers-kg/id/model/instructblip> kg:buildsOn "
        "<https://w3id.org/papers-kg/id/model/blip-2> .\n\n"
    )
    assert result.kind == "graph"
    for fmt in ("table", "csv", "json"):
        assert format_result(result, fmt) == expected  # type: ignore[arg-type]


def test_describe_is_a_graph(log: Path) -> None:
    result = run_query("DESCRIBE <https://w3id.org/papers-kg/id/model/vicuna>", log)
    got = rdflib.Graph().parse(data=result.graph_turtle, format="turtle")
    want = rdflib.Graph().parse(
        data='<https://w3id.org/papers-kg/id/model/vicuna> a <https://w3id.org/papers-kg/ontology#Model> ;'
        ' <http://www.w3.org/2000/01/rdf-schema#label> "Vicuna" .',
        format="turtle",
    )
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(got, want)
        got_text, want_text = only_got.serialize(format="nt"), only_want.serialize(format="nt")
        pytest.fail(f"only in result:\n{got_text}\nonly expected:\n{want_text}")
