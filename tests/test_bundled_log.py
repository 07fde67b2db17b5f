"""The bundled log end to end: the committed export is what `kg build` makes, it is SHACL-valid, and the README's
example queries answer what the README says they answer."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build import build_graph, export_files
from kg.cli import main
from kg.paths import ROOT
from kg.query import run_query
from kg.rdf import serialize
from kg.validate import validate_graph

NOTES = ROOT / "notes"
COMMITTED = ROOT / "exports" / "kg.ttl"


@pytest.fixture(scope="module")
def bundled() -> Graph:
    return build_graph([NOTES]).graph


@pytest.fixture(scope="module")
def export_file(bundled: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "kg.ttl"
    out.write_bytes(serialize(bundled, "ttl"))
    return out


def test_the_committed_export_is_what_kg_build_makes(bundled: Graph) -> None:
    committed = Graph().parse(COMMITTED)
    if not isomorphic(committed, bundled):
        _, only_committed, only_built = graph_diff(to_isomorphic(committed), to_isomorphic(bundled))
        pytest.fail(
            "exports/kg.ttl is stale: run `make graph` and commit it.\n"
            f"only in the committed file:\n{only_committed.serialize(format='nt')}\n"
            f"only in a fresh build:\n{only_built.serialize(format='nt')}"
        )


def test_the_bundled_export_is_shacl_valid(bundled: Graph) -> None:
    report = validate_graph(bundled)
    assert report.conforms, report.text()


def test_the_export_writes_the_same_bytes_twice() -> None:
    first = export_files(build_graph([NOTES]), html=False)
    second = export_files(build_graph([NOTES]), html=False)
    assert first == second


def _readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sparql\n(.*?)```", text, flags=re.S)


def test_the_readme_has_three_example_queries() -> None:
    assert len(_readme_queries()) == 3


def test_readme_query_what_instructblip_builds_on(export_file: Path) -> None:
    result = run_query(_readme_queries()[0], export_file)
    assert result.variables == ("target", "quote", "line")
    assert [(r[0], r[2]) for r in result.rows] == [("BLIP-2", "250"), ("BLIP-2", "252")]
    assert "BLIP2 + 指令微调" in (result.rows[0][1] or "")


def test_readme_query_most_compared_against(export_file: Path) -> None:
    result = run_query(_readme_queries()[1], export_file)
    assert result.variables == ("label", "papers")
    assert len(result.rows) == 5
    keys = [(-int(r[1] or 0), r[0]) for r in result.rows]
    assert keys == sorted(keys)
    assert ("BLIP-2", "2") in result.rows  # InstructBLIP and MiniGPT-4 both compare against it


def test_readme_query_organisations_read_in_january(export_file: Path) -> None:
    result = run_query(_readme_queries()[2], export_file)
    counts = dict((r[0], r[1]) for r in result.rows)
    assert counts["Microsoft"] == "2"
    assert counts["FAIR"] == "2"
    assert counts["Zhejiang University"] == "2"
    assert "OpenAI" in counts  # DALL-E was read on 2024-01-21


def _readme_query_examples() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```text\n\$ (kg query [^\n]*)\n(.*?)\n```", text, flags=re.S)


def test_the_readme_shows_every_named_query() -> None:
    shown = {command.split()[2] for command, _ in _readme_query_examples()}
    assert shown == {p.stem for p in (ROOT / "queries").glob("*.rq")}


@pytest.mark.parametrize(("command", "output"), _readme_query_examples(), ids=lambda v: str(v)[:40])
def test_readme_named_query_output_is_what_kg_query_prints(command: str, output: str, export_file: Path) -> None:
    result = CliRunner().invoke(main, [*shlex.split(command)[1:], "--data", str(export_file)])
    assert result.exit_code == 0, result.output
    printed = "\n".join(line.rstrip() for line in result.output.rstrip("\n").splitlines())
    assert printed == output, f"README.md is out of date for `{command}`; it prints:\n{printed}"
