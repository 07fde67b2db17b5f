"""The extraction cache: a rebuild after an edit re-reads only the edited entry and writes the same bytes as a
clean build; a corrupt cache is rebuilt, never a failure; and the build's feedback hooks."""

from __future__ import annotations

import io
import pickle
import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import ProgressBar, build_graph, progress_wanted
from kg.cache import ExtractionCache, entry_key, from_payload, open_cache, to_payload
from kg.cli import main
from kg.extract import Extractor
from kg.model import Line
from kg.paths import ROOT

EXPORTS = ("kg.ttl", "kg.nt", "kg.jsonld")
BUNDLED = ROOT / "notes" / "papers-daily-2024.md"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled log in a folder that is also the working directory (where .kg-cache/ goes)."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "log.md").write_bytes(BUNDLED.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _build(*args: str) -> str:
    result = CliRunner().invoke(main, ["build", "notes", "--no-html", "--timings", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _same_exports(a: Path, b: Path) -> None:
    for name in EXPORTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_rebuild_after_an_edit_reads_one_entry_and_matches_a_clean_build(workdir: Path) -> None:
    first = _build("-o", "cached")
    assert "34 entries read, 0 from the cache" in first
    assert "0 entries read, 34 from the cache" in _build("-o", "cached")
    # one entry's note changes and gains a line: every entry below it moves down by one line
    line = "3. 实验结果，从定量定性的评估来看，本文方法都还比较有效，同样参数规模能compete Vicuna等"
    _edit(workdir / "notes" / "log.md", line, line + "\n4. 对比了 Alpaca 和 Koala，都比它们要好")
    rebuilt = _build("-o", "cached")
    assert "1 entries read, 33 from the cache" in rebuilt
    clean = _build("-o", "clean", "--no-cache")
    assert "34 entries read, no cache" in clean
    _same_exports(workdir / "cached", workdir / "clean")
    assert (workdir / "clean" / "kg.ttl").read_text(encoding="utf-8").count("对比了 Alpaca 和 Koala") >= 1
    assert rebuilt.split("timings: ")[0] == clean.split("timings: ")[0].replace("wrote clean/", "wrote cached/")


def test_the_cached_build_of_the_bundled_log_writes_what_a_clean_build_writes(workdir: Path) -> None:
    _build("-o", "a")
    _build("-o", "b")
    _build("-o", "c", "--no-cache")
    _same_exports(workdir / "a", workdir / "b")
    _same_exports(workdir / "a", workdir / "c")


def test_a_corrupt_cache_is_rebuilt_not_a_failure(workdir: Path) -> None:
    _build("-o", "a")
    shards = sorted((workdir / ".kg-cache").glob("extract-*/shard-*.pickle"))
    assert shards
    shards[0].write_bytes(b"not a pickle")
    shards[1].write_bytes(pickle.dumps({"key": "not a payload"}))
    shards[2].write_bytes(shards[2].read_bytes()[:10])  # truncated
    out = _build("-o", "b")
    assert re.search(r"extract [\d.]+ s \(([1-9]\d*) entries read", out)
    _same_exports(workdir / "a", workdir / "b")
    assert "0 entries read, 34 from the cache" in _build("-o", "c")  # the damaged shards were written anew


def test_no_cache_leaves_no_cache_behind(workdir: Path) -> None:
    _build("-o", "a", "--no-cache")
    assert not (workdir / ".kg-cache").exists()


def test_another_vocabulary_or_code_version_is_another_cache(workdir: Path, extractor: Extractor) -> None:
    entries = build_graph([workdir / "notes"], extractor).parsed.entries
    old = open_cache("vocabulary-1", "patterns-1")
    build_graph([workdir / "notes"], extractor, cache=old)
    assert (old.hits, old.misses) == (0, len(entries))
    again = open_cache("vocabulary-1", "patterns-1")
    build_graph([workdir / "notes"], extractor, cache=again)
    assert (again.hits, again.misses) == (len(entries), 0)
    new = open_cache("vocabulary-2", "patterns-1")
    assert new.folder != old.folder
    build_graph([workdir / "notes"], extractor, cache=new)
    assert (new.hits, new.misses) == (0, len(entries))
    assert not old.folder.exists()  # a cache of another version is removed once the new one is written


def test_an_entry_keeps_its_key_when_it_moves_and_its_lines_move_with_it(extractor: Extractor) -> None:
    result = build_graph([BUNDLED], extractor)
    entries = result.parsed.entries
    ex = next(x for x in result.extractions if x.entry.status == "read" and len(x.relations) > 2)
    entry = ex.entry
    moved = replace(entry, line=entry.line + 7, body=tuple(Line(ln.number + 7, ln.text) for ln in entry.body))
    assert entry_key(moved) == entry_key(entry)
    edited = replace(entry, body=(*entry.body[:-1], Line(entry.body[-1].number, entry.body[-1].text + "!")))
    assert entry_key(edited) != entry_key(entry)
    last = entry.body[-1]
    linked = replace(entry, body=(*entry.body[:-1], Line(last.number, last.text, ((0, 1),))))
    assert entry_key(linked) != entry_key(entry)  # a wiki link makes a name: extraction reads where links are
    assert len({entry_key(e) for e in entries}) == len(entries)
    back = from_payload(moved, to_payload(ex))
    assert [m.line for m in back.mentions] == [m.line + 7 for m in ex.mentions]
    assert [r.line for r in back.relations] == [r.line + 7 for r in ex.relations]
    assert back.relations and [r.quote for r in back.relations] == [r.quote for r in ex.relations]
    assert from_payload(entry, to_payload(ex)) == ex


def test_the_cache_folder_holds_only_this_builds_entries(tmp_path: Path, extractor: Extractor) -> None:
    cache = ExtractionCache(tmp_path, "v")
    result = build_graph([BUNDLED], extractor, cache=cache)
    stored: dict[str, object] = {}
    for shard in cache.folder.glob("shard-*.pickle"):
        stored.update(pickle.loads(shard.read_bytes()))
    assert sorted(stored) == sorted(entry_key(e) for e in result.parsed.entries)


# ---------------------------------------------------------------------------------------------- feedback


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_the_stage_and_counts_on_a_terminal() -> None:
    screen = _Terminal()
    with ProgressBar(delay=0, stream=screen) as bar:
        bar.stage("extract", 200)
        bar.advance(50)
        bar.advance(70)
    shown = screen.getvalue()
    assert "extract" in shown
    assert "120/200" in shown


def test_the_progress_bar_waits_before_it_shows() -> None:
    screen = _Terminal()
    with ProgressBar(delay=3600, stream=screen) as bar:
        bar.stage("extract", 200)
        bar.advance(200)
    assert screen.getvalue() == ""


def test_no_bar_when_quiet_or_not_on_a_terminal() -> None:
    assert progress_wanted(False, _Terminal())
    assert not progress_wanted(True, _Terminal())
    assert not progress_wanted(False, io.StringIO())


def test_the_cli_shows_no_bar_to_a_pipe(workdir: Path) -> None:
    result = CliRunner().invoke(main, ["build", "notes", "--no-html", "-o", "out"])
    assert result.exit_code == 0
    first = ("notes/log.md: 34 entries (daily layout, 11 reading-list items that name no paper, 2 lines outside any "
             "entry: 14, 16)")
    assert result.output.splitlines()[0] == first
    assert result.output.endswith("wrote out/\n")
    assert "\x1b[" not in result.output and "entries/s" not in result.output
    quiet = CliRunner().invoke(main, ["build", "notes", "--no-html", "-o", "out", "-q"])
    assert (quiet.exit_code, quiet.output) == (0, "")
