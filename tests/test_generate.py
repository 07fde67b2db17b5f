"""The benchmark's log generator: the same N and seed give the same bytes, and `kg build` reads what it writes."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from generated import GENERATOR, generator

from kg.cli import main
from kg.parse import parse_paths
from kg.paths import ROOT


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    return generator()


def test_the_same_size_and_seed_give_the_same_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(GENERATOR), "120", "-o", str(tmp_path / name)], check=True,
                       capture_output=True)
    assert (tmp_path / "a" / "log.md").read_bytes() == (tmp_path / "b" / "log.md").read_bytes()
    subprocess.run([sys.executable, str(GENERATOR), "120", "--seed", "7", "-o", str(tmp_path / "c")], check=True,
                   capture_output=True)
    assert (tmp_path / "c" / "log.md").read_bytes() != (tmp_path / "a" / "log.md").read_bytes()


def test_the_log_has_the_bundled_logs_shape(generate: ModuleType) -> None:
    text = generate.generate(300).files["log.md"]
    assert re.search(r"^# \d{4}\.\d{1,2}$", text, re.M)  # month headings
    assert re.search(r"^## \d{4}\.\d{1,2}\.\d{1,2}$", text, re.M)  # day headings
    assert re.search(r"^《[^》:]+: [^》]+》$", text, re.M)  # 《Alias: title》
    assert re.search(r"^\d{4}(\.\d{1,2}|年) .+ 的一篇", text, re.M)  # date and organisations
    assert text.count("- [ ] ") == 300 // 50
    for cue in ("基于", "的基础上", "对比", "都要好", "outperforms", "采用了", "引入了", "的延伸", "做了铺垫"):
        assert cue in text, cue


def test_names_are_invented_without_repeats_and_known_names_misspelt(generate: ModuleType) -> None:
    names = [generate.invented_name(i) for i in range(30000)]
    assert len(set(names)) == len(names)
    rng = random.Random(0)
    assert {generate.misspell(rng, "BLIP-2") for _ in range(300)} == {"BLIP-2", "BLIP2", "Blip-2"}
    assert {"GPT4", "GPT-4"} <= {generate.misspell(rng, "GPT4") for _ in range(300)}
    assert {"LLaVA", "LLAVA", "Llava"} == {generate.misspell(rng, "LLaVA") for _ in range(300)}


def test_split_months_writes_one_file_per_month_with_the_same_entries(generate: ModuleType, tmp_path: Path) -> None:
    one = generate.generate(200)
    split = generate.generate(200, split_months=True)
    assert len(split.files) > 1 and all(re.fullmatch(r"\d{4}-\d{2}\.md", name) for name in split.files)
    generate.write(one, tmp_path / "one")
    generate.write(split, tmp_path / "split")
    a = parse_paths([tmp_path / "one"]).entries
    b = parse_paths([tmp_path / "split"]).entries
    assert len(a) == len(b) == 200
    assert sorted(e.title for e in a) == sorted(e.title for e in b)


def test_kg_build_reads_every_generated_entry_and_finds_edges(generate: ModuleType, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    generate.write(generate.generate(50), tmp_path / "log")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "log", "-o", "out", "--no-html", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "log/log.md: 50 entries (daily layout)" in result.output
    assert "entries: 50 (49 read, 1 to-read)" in result.output
    edges = re.search(r"^edges: buildsOn (\d+), comparesTo (\d+), uses (\d+)$", result.output, re.M)
    assert edges is not None
    assert all(int(n) > 0 for n in edges.groups()), edges.group(0)


def test_extraction_in_several_processes_gives_what_one_process_gives(generate: ModuleType, tmp_path: Path) -> None:
    """Forked workers and the build process share the chunks of a log between them; the extractions, in entry
    order, must be those of one process."""
    from kg.build import PARALLEL_MIN, extract_entries
    from kg.extract import Extractor

    generate.write(generate.generate(PARALLEL_MIN + 100), tmp_path / "log")
    entries = parse_paths([tmp_path / "log"]).entries
    extractor = Extractor()
    alone, how_alone = extract_entries(extractor, entries, jobs=1)
    shared, how_shared = extract_entries(extractor, entries, jobs=3)
    assert how_alone == f"{len(entries)} entries read, no cache, 1 process"
    assert how_shared == f"{len(entries)} entries read, no cache, 2 processes"  # one per 200 entries, at most
    assert shared == alone


@pytest.mark.parametrize("jobs", [2, 3])
def test_exports_written_in_parts_by_several_processes_are_the_whole_files(
        jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every export file is written in `jobs` parts, by the build process and forked ones, then joined: the
    joined files must be the bytes one process writes, and no part file may be left behind."""
    import kg.build
    from kg.build import build_graph, export, export_files

    result = build_graph([ROOT / "notes"])
    whole = export_files(result, html=True)
    monkeypatch.setattr(kg.build, "PARALLEL_TRIPLES", 0)  # the bundled log is small: split it all the same
    export(result, tmp_path / "out", html=True, jobs=jobs)
    assert result.notes["serialise"] == f"{jobs} processes"
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == whole
