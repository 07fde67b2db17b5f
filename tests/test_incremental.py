"""kg.incremental: after an edit, the exports patched from the last build's state are byte for byte those of a
clean build, and so are the summary and the warnings; edits it cannot make exactly are built in full."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from generated import generated_files

from kg.build import BuildResult, build_graph, export_files, summary
from kg.cache import open_cache
from kg.extract import Extractor
from kg.incremental import build_and_export, state_path

EXPORTS = ("kg.ttl", "kg.nt", "kg.jsonld")


class _Quiet:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, done: int) -> None:
        pass


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _generated(n: int, seed: int) -> str:
    return generated_files(n, seed)["log.md"]


class Workdir:
    """A log, the cache and an export folder built incrementally, checked against clean builds."""

    def __init__(self, root: Path, text: str | dict[str, str], extractor: Extractor) -> None:
        self.root, self.extractor = root, extractor
        self.notes = root / "notes"
        self.notes.mkdir(parents=True)
        for name, body in ({"log.md": text} if isinstance(text, str) else text).items():
            (self.notes / name).write_text(body, encoding="utf-8")
        self.log = self.notes / "log.md"
        self.out = root / "out"
        self.cache_dir = root / ".kg-cache"

    def build(self) -> BuildResult:
        ex = self.extractor
        cache = open_cache(ex.vocabulary.version, ex.patterns.version, root=self.cache_dir)
        return build_and_export([self.notes], ex, cache=cache, out=self.out, html=False, jobs=1, feedback=_Quiet())

    def check(self, result: BuildResult) -> None:
        clean = build_graph([self.notes], self.extractor)
        files = export_files(clean, html=False)
        for name in EXPORTS:
            assert (self.out / name).read_bytes() == files[name], name
        assert summary(result) == summary(clean)
        assert [str(w) for w in result.warnings] == [str(w) for w in clean.warnings]

    @property
    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").split("\n")

    def write(self, lines: list[str]) -> None:
        self.log.write_text("\n".join(lines), encoding="utf-8")

    def add_to_first_note(self, text: str) -> None:
        """Append `text` to the log's first note line (no line moves)."""
        lines = self.lines
        i = next(i for i, line in enumerate(lines) if _NOTES.match(line))
        lines[i] += text
        self.write(lines)

    def state_file(self) -> Path:
        cache = open_cache(self.extractor.vocabulary.version, self.extractor.patterns.version, root=self.cache_dir)
        where = state_path(cache, [self.notes], self.out)
        assert where.is_file()
        return where


def _incremental(result: BuildResult) -> bool:
    return "incremental" in result.notes.get("extract", "")


_NOTES = re.compile(r"^\d+\. ")

# what a reader adds to a note: new names, names the log knows, relations of each kind, names in passing
_ADDITIONS = [
    "，另外对比了 {new} 的结果",
    "，基于 {old} 做了改进",
    "，使用了 {old} 数据集",
    "，和 {old} 相比效果更好",
    "。Compared with {old}, it is faster",
    "，沿用了 contrastive learning 和 {old}",
    "，去掉了 dropout",
    "，在 {old} 上微调",
    "，由 {new} 提出",
]


def _names_in(lines: list[str]) -> list[str]:
    return sorted({m for line in lines for m in re.findall(r"\b[A-Z][A-Za-z]+(?:-[A-Z0-9][A-Za-z0-9]*)?\b", line)
                   if len(m) > 3})


def _edit(lines: list[str], rng: random.Random, k: int) -> tuple[str, list[str]]:
    """One edit a reader makes, chosen by `k`; returns what it did and the new lines."""
    notes = [i for i, line in enumerate(lines) if _NOTES.match(line)]
    i = rng.choice(notes)
    names = _names_in(lines[max(0, i - 400): i + 400])
    kind = k % 7
    lines = list(lines)
    if kind == 0:  # a note line gains a sentence
        lines[i] += rng.choice(_ADDITIONS).format(new=f"Quillix-{rng.randrange(10**4)}", old=rng.choice(names))
        return "note gains a sentence", lines
    if kind == 1:  # a name in a note is another name
        found = [n for n in names if n in lines[i]]
        if found:
            lines[i] = lines[i].replace(found[0], rng.choice(names), 1)
            return "a name replaced", lines
        lines[i] += "，另外对比了 " + rng.choice(names)
        return "note gains a comparison", lines
    if kind == 2:  # a note is emptied (the line stays)
        lines[i] = lines[i].split(" ", 1)[0] + " 略"
        return "note emptied", lines
    if kind == 3:  # the edit is taken back (an earlier text comes again): the cache holds both
        lines[i] += "，基于 " + rng.choice(names)
        return "note gains a builds-on", lines
    if kind == 4:  # a new entry at the end of the log
        lines += ["", f"《Quill {rng.randrange(10**6)}: A Study of {rng.choice(names)}》", "",
                  "2024.1 Tsinghua University", "", f"1. 基于{rng.choice(names)}，对比了 {rng.choice(names)}", ""]
        return "entry added at the end", lines
    if kind == 5:  # the last entry gains a note line
        lines += [f"9. 使用了 {rng.choice(names)}", ""]
        return "last entry gains a line", lines
    # a title is renamed: its paper's IRI changes, so a full build
    titles = [j for j, line in enumerate(lines) if line.startswith("《")]
    j = rng.choice(titles)
    lines[j] = lines[j].replace("《", "《Revised ", 1)
    return "title renamed", lines


@pytest.mark.parametrize("seed", [7, 11])
def test_many_edits_patched_give_a_clean_builds_bytes(seed: int, tmp_path: Path, extractor: Extractor) -> None:
    work = Workdir(tmp_path, _generated(240, seed=seed), extractor)
    first = work.build()
    assert not _incremental(first)
    work.check(first)
    rng = random.Random(seed)
    made = []
    notes = []
    for k in range(28):
        what, lines = _edit(work.lines, rng, k)
        work.write(lines)
        result = work.build()
        work.check(result)
        made.append((what, _incremental(result)))
        notes.append((what, result.notes["extract"]))
    # the in-place edits and the additions at the end are made incrementally; a renamed title is not, and says so
    assert all(not inc for what, inc in made if what == "title renamed")
    assert all(": a paper renamed, read twice, or also a thing's node" in note
               for what, note in notes if what == "title renamed")
    incremental = [what for what, inc in made if inc]
    assert len(incremental) >= 16, made
    assert {"note gains a sentence", "entry added at the end", "last entry gains a line"} <= set(incremental)


def test_an_unchanged_log_writes_nothing(tmp_path: Path, extractor: Extractor) -> None:
    work = Workdir(tmp_path, _generated(60, seed=3), extractor)
    work.build()
    before = {name: (work.out / name).stat().st_mtime_ns for name in EXPORTS}
    again = work.build()
    assert again.notes["serialise"] == "nothing to write"
    assert {name: (work.out / name).stat().st_mtime_ns for name in EXPORTS} == before
    work.check(again)


def test_exports_removed_are_written_again_though_the_log_is_unchanged(tmp_path: Path, extractor: Extractor) -> None:
    work = Workdir(tmp_path, _generated(60, seed=3), extractor)
    work.build()
    (work.out / "kg.ttl").unlink()
    again = work.build()
    assert again.notes.get("serialise") != "nothing to write"
    work.check(again)


def test_a_line_inserted_near_the_top_is_a_full_build_with_the_same_bytes(tmp_path: Path,
                                                                           extractor: Extractor) -> None:
    work = Workdir(tmp_path, _generated(200, seed=5), extractor)
    work.build()
    lines = work.lines
    i = next(i for i, line in enumerate(lines) if _NOTES.match(line))
    work.write([*lines[: i + 1], "4. 另外对比了 Quillix-7", *lines[i + 1:]])  # every entry below moves a line
    result = work.build()
    assert not _incremental(result)
    assert re.search(r"; built in full: \d+ entries changed$", result.notes["extract"]), result.notes["extract"]
    work.check(result)


def test_exports_changed_by_hand_are_written_in_full(tmp_path: Path, extractor: Extractor) -> None:
    work = Workdir(tmp_path, _generated(60, seed=4), extractor)
    work.build()
    (work.out / "kg.nt").write_text("changed by hand\n", encoding="utf-8")
    work.add_to_first_note("，另外对比了 Quillix-8")
    result = work.build()
    assert not _incremental(result)
    work.check(result)


def test_an_unreadable_state_is_a_full_build(tmp_path: Path, extractor: Extractor) -> None:
    work = Workdir(tmp_path, _generated(60, seed=6), extractor)
    work.build()
    work.state_file().write_bytes(b"not a state")
    work.add_to_first_note("，另外对比了 Quillix-9")
    result = work.build()
    assert not _incremental(result)
    work.check(result)
    work.add_to_first_note("，基于 Quillix-10")  # and the state written by that full build serves the next edit
    result = work.build()
    assert _incremental(result)
    work.check(result)


def test_a_log_kept_by_month_takes_edits_in_any_month_and_a_new_month_at_the_end(tmp_path: Path,
                                                                                 extractor: Extractor) -> None:
    files = generated_files(200, seed=8, split_months=True)
    work = Workdir(tmp_path, files, extractor)
    work.build()
    middle = work.notes / sorted(files)[len(files) // 2]
    lines = middle.read_text(encoding="utf-8").split("\n")
    i = next(i for i, line in enumerate(lines) if _NOTES.match(line))
    lines[i] += "，另外对比了 Quillix-11 的结果"
    middle.write_text("\n".join(lines), encoding="utf-8")
    result = work.build()
    assert _incremental(result)
    work.check(result)
    (work.notes / "9999-12.md").write_text(  # a month after every other: its entries come last
        "# 9999.12\n\n## 9999.12.1\n\n《Quill Two: Notes as Graphs》\n\n9999.11 Tsinghua University\n\n"
        "1. 基于 Quillix-11，对比了 LLaMA\n", encoding="utf-8")
    result = work.build()
    assert _incremental(result)
    work.check(result)


def test_an_entry_taken_away_is_a_full_build_with_the_same_bytes(tmp_path: Path, extractor: Extractor) -> None:
    work = Workdir(tmp_path, _generated(80, seed=9), extractor)
    work.build()
    lines = work.lines
    last = max(i for i, line in enumerate(lines) if line.startswith("《"))
    work.write(lines[:last])
    result = work.build()
    assert not _incremental(result)
    work.check(result)


def test_a_state_without_the_record_of_its_exports_is_a_full_build(tmp_path: Path, extractor: Extractor) -> None:
    work = Workdir(tmp_path, _generated(60, seed=10), extractor)
    work.build()
    where = work.state_file()
    written = where.with_name(where.stem + ".written.pickle")
    assert written.is_file()
    kept = written.read_bytes()
    work.add_to_first_note("，另外对比了 Quillix-12")
    assert _incremental(work.build())  # the state and its record move on together ...
    written.write_bytes(kept)  # ... so the record of the build before belongs to another state
    work.add_to_first_note("，基于 Quillix-13")
    result = work.build()
    assert not _incremental(result)
    work.check(result)
