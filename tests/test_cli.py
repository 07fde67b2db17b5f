"""The `kg` command as a user meets it: exact output, exit codes, and what it leaves on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import main

SMALL_LOG = """# reading log

## 2024.3.2

《NovaVLM: A Tiny Vision-Language Model》

2024.2 微软的一篇文章，要点：

1. 基于 LLaMA，对比 BLIP-2 和 Flamingo
2. 采用了 CLIP ViT + Q-Former

- [ ] Attention Is All You Need for Reading Logs
"""


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def small_log(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "log.md").write_text(SMALL_LOG, encoding="utf-8")
    return notes


def _commands() -> list[str]:
    assert isinstance(main, click.Group)
    return sorted(main.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_ending_in_an_example(runner: CliRunner, name: str) -> None:
    result = runner.invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    help_text = result.output.split("Options:")[0].rstrip()
    assert "Example:" in help_text
    last = help_text.splitlines()[-1].strip()
    assert last.startswith("kg "), f"{name}: help should end in an example, ends in {last!r}"


def test_build_prints_a_summary_and_writes_every_export(
    runner: CliRunner, small_log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build", "notes", "-o", "exports"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "notes/log.md: 2 entries (daily layout)",
        "entries: 2 (1 read, 1 to-read)",
        "nodes: model 7, organization 1, paper 2",
        "edges: buildsOn 1, comparesTo 2, uses 3",
        f"triples: {result.stdout.split('triples: ')[1].split()[0]}",
        "warnings: 0",
        "wrote exports/",
    ]
    out = tmp_path / "exports"
    assert sorted(p.name for p in out.iterdir()) == ["kg.jsonld", "kg.nt", "kg.ttl", "lineage.html"]


def test_build_quiet_prints_nothing(runner: CliRunner, small_log: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(small_log), "-o", str(tmp_path / "x"), "-q", "--no-html"])
    assert result.exit_code == 0
    assert result.output == ""
    assert not (tmp_path / "x" / "lineage.html").exists()


def test_missing_path_is_an_error_naming_it(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    result = runner.invoke(main, ["build", str(missing), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == f"Error: {missing.as_posix()}: no such file or folder\n"


def test_folder_without_markdown_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("not markdown", encoding="utf-8")
    result = runner.invoke(main, ["build", str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == f"Error: {empty.as_posix()}: folder holds no Markdown files (*.md)\n"


def test_bytes_that_are_not_utf8_name_file_line_and_offset(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "gbk.md"
    bad.write_bytes("## 2024.1.2\n\n《标题》\n".encode("gbk"))
    result = runner.invoke(main, ["build", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad.as_posix()}:3: not UTF-8 text: byte 0xa1 at offset 13")
    assert "Traceback" not in result.output


def test_bom_and_crlf_are_fine(runner: CliRunner, tmp_path: Path) -> None:
    log = tmp_path / "win.md"
    log.write_bytes(b"\xef\xbb\xbf" + SMALL_LOG.replace("\n", "\r\n").encode("utf-8"))
    result = runner.invoke(main, ["build", str(log), "-o", str(tmp_path / "out"), "--no-html"])
    assert result.exit_code == 0, result.output
    assert "2 entries" in result.output


def test_bad_dates_unclosed_titles_and_undated_entries_are_kept_with_warnings(
    runner: CliRunner, tmp_path: Path
) -> None:
    log = tmp_path / "odd.md"
    log.write_text(
        "《Early Entry: Before Any Date》\n\n2023.1 Google 的工作\n\n"
        "## 2024.13.40\n\n《Odd Date Entry: a Title》\n\n2023.2 Meta 的工作\n\n"
        "## 2024.1.3\n\n《Unclosed: a title that never ends\n\n2023.3 Meta 的工作\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["build", str(log), "-o", str(tmp_path / "out"), "--no-html"])
    assert result.exit_code == 0, result.output
    assert "entries: 3 (3 read, 0 to-read)" in result.stdout
    name = log.as_posix()
    assert result.stderr.splitlines() == [
        f"warning: {name}:1: entry before any date heading: kept without a reading date",
        f"warning: {name}:5: heading date '2024.13.40' is not a date; entries under it are kept without a "
        "reading date",
        f"warning: {name}:13: unclosed 《 in a title: took the rest of the line as the title (close it with 》)",
    ]


def test_a_failed_build_leaves_earlier_exports_as_they_were(
    runner: CliRunner, small_log: Path, tmp_path: Path
) -> None:
    out = tmp_path / "exports"
    assert runner.invoke(main, ["build", str(small_log), "-o", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (small_log / "broken.md").write_bytes(b"## 2024.1.1\n\xff\xfe\n")
    result = runner.invoke(main, ["build", str(small_log), "-o", str(out)])
    assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", "--no-such-option"])
    assert result.exit_code == 2
    assert result.output.endswith("Error: No such option '--no-such-option'.\n")
    result = runner.invoke(main, ["query", "SELECT * {?s ?p ?o}", "--param", "oops"])
    assert result.exit_code == 2
    assert "--param takes NAME=VALUE, not 'oops'" in result.output


def test_two_builds_are_byte_identical_whatever_the_hash_seed(small_log: Path, tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "kg.cli", "build", str(small_log), "-o", str(out), "-q"],
            check=True, env=env, cwd=tmp_path,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]



def test_the_console_script_flushes_everything_and_keeps_exit_codes(small_log: Path, tmp_path: Path) -> None:
    """`kg` as a process ends without the interpreter's tear-down: what it printed must still all arrive, and
    its exit status must be main's (0, 1 for a domain error, 2 for a usage error)."""

    def kg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                              cwd=tmp_path, check=False)

    built = kg("build", str(small_log), "-o", str(tmp_path / "out"), "--no-html")
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[-1] == f"wrote {(tmp_path / 'out').as_posix()}/"
    assert built.stdout.splitlines()[1] == "entries: 2 (1 read, 1 to-read)"
    failed = kg("query", "ancestors", "--data", str(tmp_path / "missing.ttl"))
    assert (failed.returncode, failed.stdout) == (1, "")
    assert failed.stderr.startswith("Error: ")
    misused = kg("build", "--no-such-option")
    assert misused.returncode == 2
    assert misused.stderr.endswith("Error: No such option '--no-such-option'.\n")

def test_stats_validate_and_explain_read_an_export(runner: CliRunner, small_log: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    assert runner.invoke(main, ["build", str(small_log), "-o", str(out), "-q", "--no-html"]).exit_code == 0
    data = str(out / "kg.ttl")
    stats = runner.invoke(main, ["stats", "--data", data])
    assert stats.exit_code == 0
    assert "papers read          1" in stats.output
    assert "papers to-read       1" in stats.output
    validate = runner.invoke(main, ["validate", "--data", data])
    assert (validate.exit_code, validate.output) == (0, "conforms\n")
    explain = runner.invoke(main, ["explain", "NovaVLM", "--data", data])
    assert explain.exit_code == 0, explain.output
    assert "NovaVLM --buildsOn--> LLaMA" in explain.output
    where = (small_log / "log.md").as_posix()
    assert f"{where}:9  [zh.builds_on.jiyu]  基于 LLaMA，对比 BLIP-2 和 Flamingo" in explain.output
    unknown = runner.invoke(main, ["explain", "NoSuchThing", "--data", data])
    assert unknown.exit_code == 1
    assert unknown.output == "Error: no node is named 'NoSuchThing' in this graph (try a label, an alias or a title)\n"


def test_commands_on_a_missing_export_say_so(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "none.ttl"
    for command in ("stats", "explain"):
        args = [command, "BLIP-2"] if command == "explain" else [command]
        result = runner.invoke(main, [*args, "--data", str(missing)])
        assert result.exit_code == 1
        assert result.output == f"Error: {missing}: no such export (run `kg build` first, or give --data)\n"


def test_build_draws_a_focused_map_and_refuses_a_focus_that_names_nothing(
    runner: CliRunner, small_log: Path, tmp_path: Path
) -> None:
    out = tmp_path / "exports"
    result = runner.invoke(main, ["build", str(small_log), "-o", str(out), "-q", "--focus", "BLIP-2", "--depth", "1"])
    assert result.exit_code == 0, result.output
    assert "the neighbourhood of BLIP-2 within 1 hop" in (out / "lineage.html").read_text(encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = runner.invoke(main, ["build", str(small_log), "-o", str(out), "-q", "--focus", "NoSuchModel"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: --focus 'NoSuchModel' names no node in the graph")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
