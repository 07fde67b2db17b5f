"""Logs in every layout `kg` reads (tests/data/layouts/*.md) give the entries and edges a reader expects, and the
golden cases (tests/data/golden/NAME.md beside NAME.ttl) build to exactly the expected graph.

Run with UPDATE_GOLDEN=1 to rewrite the expected graphs after a deliberate change (then check the diff by hand).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from probes import pinned, probe_edges, probe_names
from rdflib import RDFS, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build import BuildResult, build_graph
from kg.extract import Extractor
from kg.namespace import KG
from kg.parse import parse_texts
from kg.rdf import relation_triples, serialize

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = Path("tests/data/layouts")
GOLDEN = Path("tests/data/golden")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # source paths in the graph are relative to the working folder


def _build(name: str, extractor: Extractor) -> BuildResult:
    return build_graph([LAYOUTS / name], extractor)


def _entries(result: BuildResult) -> list[tuple[str, str | None, date | None, str | None, str, int]]:
    return [(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.line) for e in result.parsed.entries]


def _edges(result: BuildResult) -> set[tuple[str, str, str]]:
    g = result.graph
    return {(str(g.value(s, RDFS.label)), str(p).rsplit("#", 1)[1], str(g.value(o, RDFS.label)))
            for s, p, o in relation_triples(g)}


def _orgs(result: BuildResult) -> set[tuple[str, str]]:
    g = result.graph
    return {(str(g.value(s, RDFS.label)), str(g.value(o, RDFS.label))) for s, o in g.subject_objects(KG.publishedBy)}


DPO = "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"


def test_headings_layout(extractor: Extractor) -> None:
    result = _build("headings.md", extractor)
    assert [(f.layout, f.entries) for f in result.parsed.files] == [("headings", 2)]
    assert _entries(result) == [
        ("Linear-Time Sequence Modeling with Selective State Spaces", "Mamba", date(2023, 10, 14), "2023-12",
         "Carnegie Mellon University, Princeton University", 3),
        ("Segment Anything", None, date(2023, 10, 16), "2023-04", "Meta AI, 2023.4", 11),
    ]
    assert _edges(result) == {
        ("Mamba", "buildsOn", "S4"),
        ("Mamba", "comparesTo", "Hyena"),
        ("Segment Anything", "uses", "ViT"),
        ("Segment Anything", "uses", "MAE"),
    }
    assert _orgs(result) == {("Mamba", "CMU"), ("Mamba", "Princeton University"), ("Segment Anything", "FAIR")}
    assert result.parsed.warnings == ()


def test_numbered_headings_with_alias_and_year(extractor: Extractor) -> None:
    result = _build("numbered-headings.md", extractor)
    assert [(f.layout, f.entries) for f in result.parsed.files] == [("headings", 2)]
    assert _entries(result) == [
        ("RoPE: RoFormer: Enhanced Transformer with Rotary Position Embedding", "RoPE", date(2024, 3, 3), "2021",
         "追一科技的一篇文章", 5),
        ("Mistral 7B", None, date(2024, 3, 3), "2023", "Mistral AI", 12),
    ]
    assert _edges(result) == {
        ("RoFormer", "buildsOn", "BERT"),
        ("RoFormer", "comparesTo", "WoBERT"),
        ("Mistral 7B", "uses", "grouped-query attention"),
        ("Mistral 7B", "uses", "sliding window attention"),
        ("Mistral 7B", "comparesTo", "Llama 2"),
    }
    assert _orgs(result) == {("RoPE", "追一科技"), ("Mistral 7B", "Mistral AI")}


def test_list_layout_with_dated_lines_and_marked_titles(extractor: Extractor) -> None:
    result = _build("list.md", extractor)
    assert [(f.layout, f.entries) for f in result.parsed.files] == [("list", 3)]
    assert _entries(result) == [
        ("Visual Instruction Tuning", None, date(2024, 3, 2), "2023-04", "2023.4 威斯康星大学和微软的一篇工作", 5),
        (DPO, None, date(2024, 3, 2), "2023-05", "2023.5 Stanford", 8),
        ("QLoRA: Efficient Finetuning of Quantized LLMs", "QLoRA", date(2024, 3, 5), "2023-05",
         "2023.5 University of Washington", 13),
    ]
    assert _edges(result) == {
        ("Visual Instruction Tuning", "uses", "GPT-4"),
        ("Visual Instruction Tuning", "uses", "CLIP"),
        ("Visual Instruction Tuning", "uses", "ViT"),
        ("Visual Instruction Tuning", "uses", "Vicuna"),
        ("Visual Instruction Tuning", "comparesTo", "BLIP-2"),
        ("Visual Instruction Tuning", "comparesTo", "OpenFlamingo"),
        (DPO, "uses", "DPO"),
        (DPO, "comparesTo", "PPO"),
        ("QLoRA", "buildsOn", "LoRA"),
        ("QLoRA", "uses", "NormalFloat"),
    }
    assert _orgs(result) == {
        ("Visual Instruction Tuning", "威斯康星大学"), ("Visual Instruction Tuning", "Microsoft"),
        (DPO, "Stanford University"), ("QLoRA", "University of Washington"),
    }


def test_english_list_with_quoted_titles_and_month_dates(extractor: Extractor) -> None:
    result = _build("list-english.md", extractor)
    tot = "Tree of Thoughts: Deliberate Problem Solving with Large Language Models"
    assert [(f.layout, f.entries) for f in result.parsed.files] == [("list", 3)]
    assert _entries(result) == [
        (DPO, None, date(2024, 1, 5), None, "Stanford University", 5),
        ("Orca: Progressive Learning from Complex Explanation Traces of GPT-4", "Orca", date(2024, 1, 5),
         "2023-06", "2023.6 Microsoft", 9),
        (tot, None, date(2024, 1, 8), "2023", "(2023)", 14),
    ]
    assert _edges(result) == {
        (DPO, "uses", "DPO"),
        (DPO, "comparesTo", "PPO"),
        ("Orca", "uses", "GPT-4"),
        ("Orca", "comparesTo", "Vicuna"),
        (tot, "buildsOn", "chain-of-thought"),
    }


def test_table_layout_reads_a_row_per_paper_and_keeps_every_cell(extractor: Extractor) -> None:
    """A table with a title column: dates, organisations and years from the columns named so, notes split at
    <br>, other columns kept as notes (`code: …`), a row with no date dated by the line above the table, a bad
    date reported, a status column, and tables without a title column (results) left alone."""
    result = _build("table.md", extractor)
    assert [(f.layout, f.entries) for f in result.parsed.files] == [("table", 4)]
    gemma = "Gemma: Open Models Based on Gemini Research and Technology"
    assert _entries(result) == [
        ("Mixtral of Experts", None, date(2024, 3, 1), "2024-01", "Mistral AI", 9),
        (gemma, "Gemma", date(2024, 3, 4), "2024", "Google DeepMind", 10),
        ("Segment Anything", None, None, "2023-04", "Meta AI", 11),
        ("Attention Is All You Need", None, None, None, "", 15),
    ]
    mixtral = result.parsed.entries[0]
    assert [(ln.number, ln.text) for ln in mixtral.body] == [
        (9, "Builds on Mistral 7B."), (9, "Outperforms Llama 2 70B and GPT-3.5."), (9, "code: github.com/mistralai")]
    assert [e.status for e in result.parsed.entries] == ["read", "read", "read", "to-read"]
    assert [str(w) for w in result.warnings] == [
        "tests/data/layouts/table.md:11: date '2024-02-30' is not a date; entry kept without a reading date"]
    assert _edges(result) == {
        ("Mixtral of Experts", "buildsOn", "Mistral 7B"),
        ("Mixtral of Experts", "comparesTo", "Llama 2"),
        ("Mixtral of Experts", "comparesTo", "GPT-3.5"),
        ("Gemma", "buildsOn", "Gemini"),
        ("Gemma", "comparesTo", "Mistral 7B"),
        ("Segment Anything", "uses", "ViT"),
        ("Segment Anything", "uses", "MAE"),
    }


def test_cards_of_field_rows_are_one_entry_each(extractor: Extractor) -> None:
    """A two-column table whose left column names fields (`| Paper | … |`, `| Date read | … |`, `| Org | … |`) is one
    paper's card: its rows are read as a field block's `key: value` lines (dates in any form, who published it and
    when, a status), the other rows are notes that keep their label, so `Baselines: …` relates as a labelled line
    does; a header that is a field is a row (`| **Title** | … |`), a heading above dates a card without a date row,
    and a table of scores is no card."""
    result = _build("cards.md", extractor)
    gemma = "Gemma: Open Models Based on Gemini Research and Technology"
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.status, e.line,
             [(ln.number, ln.text) for ln in e.body]) for e in result.parsed.entries] == [
        ("Mixtral of Experts", None, date(2024, 3, 1), "2024-01", "Mistral AI", "read", 9,
         [(13, "Builds on: Mistral 7B"), (14, "Baselines: Llama 2 70B"), (14, "Baselines: GPT-3.5"),
          (15, "Remarks: sparse MoE, 8 experts, top-2 routing")]),
        ("Segment Anything", None, date(2024, 3, 5), "2023", "Meta AI", "read", 19, [(24, "Uses: ViT and MAE")]),
        (gemma, "Gemma", date(2024, 3, 8), "2024-02", "Google DeepMind", "read", 30, [(33, "Builds on: Gemini")]),
        ("Attention Is All You Need", None, None, None, "Google", "to-read", 37, [(38, "Status: to read")]),
    ]
    assert result.warnings == ()
    assert [(f.layout, f.entries, f.outside) for f in result.parsed.files] == [("table", 4, (41, 43, 45, 46))]
    assert _edges(result) == {
        ("Mixtral of Experts", "buildsOn", "Mistral 7B"),
        ("Mixtral of Experts", "comparesTo", "Llama 2"),
        ("Mixtral of Experts", "comparesTo", "GPT-3.5"),
        ("Segment Anything", "uses", "ViT"),
        ("Segment Anything", "uses", "MAE"),
        ("Gemma", "buildsOn", "Gemini"),
    }


def test_a_chinese_card_log_reads_each_card_and_dates_in_every_form() -> None:
    card = ("| 字段 | 内容 |\n| --- | --- |\n| 论文 | {title} |\n| 阅读日期 | {day} |\n| 机构 | {org} |\n"
            "| 发表 | {pub} |\n| 基线/对比 | BM25、RankGPT |\n")
    text = "# 论文卡片\n\n## 2025年3月\n\n" + "\n---\n\n".join(card.format(**c) for c in (
        {"title": "Quill-Rank：面向长文档检索的层次化重排序模型", "day": "2025年3月31日", "org": "星河检索实验室",
         "pub": "2025.03 内部技术报告"},
        {"title": "Korvane: Sparse Retrieval at Scale", "day": "2025.1.30", "org": "斯坦福、华盛顿大学",
         "pub": "2025.02 arXiv（后来 ACL 2025）"},
        {"title": "ZelphNet", "day": "2025/2/26", "org": "Google DeepMind", "pub": "2025年1月"},
        {"title": "MiraBench", "day": "3/4", "org": "清华", "pub": "2024"},
    ))
    entries, warnings = _read(text)
    assert entries == [
        ("Quill-Rank：面向长文档检索的层次化重排序模型", "Quill-Rank", date(2025, 3, 31), "2025-03", "星河检索实验室",
         "read",
         ["基线/对比：BM25、RankGPT"]),
        ("Korvane: Sparse Retrieval at Scale", "Korvane", date(2025, 1, 30), "2025-02", "斯坦福、华盛顿大学", "read",
         ["基线/对比：BM25、RankGPT"]),
        ("ZelphNet", None, date(2025, 2, 26), "2025-01", "Google DeepMind", "read", ["基线/对比：BM25、RankGPT"]),
        ("MiraBench", None, date(2025, 3, 4), "2024", "清华", "read", ["基线/对比：BM25、RankGPT"]),
    ]
    assert warnings == []


def test_a_chat_export_reads_the_papers_its_messages_say_were_read(extractor: Extractor) -> None:
    """A chat pasted into Markdown (`[09:12] Maya: finished "Title" (Org) — notes`, `**Lin** (2024-05-08 10:05): …`,
    days from the headings above or the stamps): a message that says a paper was read is its entry, read that day;
    the replies to the people of its thread (`@Maya …`) and the messages soon after it are its notes; a question
    about a paper, chatter and a reply to it are no entry, and are counted as lines outside any entry; a paper kept
    to read later and read days after is one entry, read that later day, published by whom the first message said."""
    result = _build("chat.md", extractor)
    dpo = "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
    kto = "KTO: Model Alignment as Prospect Theoretic Optimization"
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.status, e.line,
             [(ln.number, ln.text) for ln in e.body]) for e in result.parsed.entries] == [
        (dpo, None, date(2024, 5, 6), None, "Stanford", "read", 5,
         [(5, "no reward model at all, the policy itself is the reward. Compared against PPO."),
          (6, "so it builds on the Bradley-Terry model?"), (7, "yes, the loss comes from it"),
          (8, "also uses the Anthropic HH dataset")]),
        ("Segment Anything", None, date(2024, 5, 8), None, "Meta AI", "read", 14,
         [(14, "promptable segmentation, the image encoder is a ViT pre-trained with MAE.")]),
        (kto, "KTO", date(2024, 5, 9), None, "Contextual AI", "read", 16,
         [(16, "builds on prospect theory, compared with DPO.")]),
    ]
    assert result.warnings == ()
    assert [(f.layout, f.entries, f.outside) for f in result.parsed.files] == [("chat", 3, (9, 10, 11, 15))]
    assert _edges(result) == {
        (dpo, "buildsOn", "Bradley-Terry"),
        (dpo, "comparesTo", "PPO"),
        (dpo, "uses", "Anthropic HH"),
        ("Segment Anything", "uses", "MAE"),
        ("KTO", "comparesTo", "DPO"),
    }


def test_a_chinese_chat_keeps_a_shared_paper_to_read_until_a_message_says_it_was_read() -> None:
    text = ("# 群聊导出\n\n"
            "[2024-07-03 10:12] 小王: 分享一篇先马住，回头看"
            "《ZelphNet: Sparse Routing for Small Models》（星河实验室）\n"
            "[2024-07-03 10:15] 老周: @小王 收到\n"
            "[2024-07-05 09:00] 陈老师: 有人读过《MiraBench: A Benchmark》吗？\n"
            "[2024-07-09 10:00] 小王: 组会改到周四下午三点 @all\n"
            "[2024-07-12 16:45] 小王: 之前马住的《ZelphNet: Sparse Routing for Small Models》读完了：基于 Korvane-7B\n"
            "**Anna** 2024-07-12: @小王 and it is compared with MoE-Lite\n"
            "**Anna** 2024-07-13: putting this here to read later: \"Quill Decoding for Small Language Models\"\n"
            "[2024-07-15 09:30] 陈老师: 《Korvane Technical Report》（蓝鲸科技）：全系列用 GQA\n")
    log = parse_texts([("chat.md", text)])
    assert [(e.title, e.alias, e.read_on, e.orgs_text, e.status, e.line, [(ln.number, ln.text) for ln in e.body])
            for e in log.entries] == [
        ("ZelphNet: Sparse Routing for Small Models", "ZelphNet", date(2024, 7, 12), "星河实验室", "read", 7,
         [(4, "收到"), (7, "基于 Korvane-7B"), (8, "and it is compared with MoE-Lite")]),
        ("Quill Decoding for Small Language Models", None, None, "", "to-read", 9, []),
        ("Korvane Technical Report", "Korvane", date(2024, 7, 15), "蓝鲸科技", "read", 10, [(10, "全系列用 GQA")]),
    ]
    assert log.warnings == ()
    assert [(f.layout, f.entries, f.outside) for f in log.files] == [("chat", 3, (5, 6))]


def test_every_file_reports_its_layout_and_entries(extractor: Extractor) -> None:
    result = build_graph([LAYOUTS], extractor)
    assert [(f.source, f.layout, f.entries) for f in result.parsed.files] == [
        ("tests/data/layouts/cards.md", "table", 4),
        ("tests/data/layouts/chat.md", "chat", 3),
        ("tests/data/layouts/headings.md", "headings", 2),
        ("tests/data/layouts/list-english.md", "list", 3),
        ("tests/data/layouts/list.md", "list", 3),
        ("tests/data/layouts/numbered-headings.md", "headings", 2),
        ("tests/data/layouts/table.md", "table", 4),
    ]


# ---------------------------------------------------------------------------------------------- golden graphs


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / GOLDEN).glob("*.md")))
def test_golden_graph(name: str, extractor: Extractor) -> None:
    got = build_graph([GOLDEN / f"{name}.md"], extractor).graph
    expected_path = ROOT / GOLDEN / f"{name}.ttl"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected_path.write_bytes(serialize(got, "ttl"))
    expected = Graph().parse(expected_path, format="turtle")
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        lines = ["built but not expected:", *sorted(f"  {t}" for t in only_got),
                 "expected but not built:", *sorted(f"  {t}" for t in only_expected)]
        pytest.fail("\n".join(lines))


# ------------------------------------------------------------------------------------------ probes
# Logs written in other people's styles, each beside what a careful reader takes from it (the `blind-` ones by a
# colleague who did not know the rules): what the rules still miss or add is pinned in NAME.pins.toml, so that a
# change shows up either way (tests/probes.py compares, and writes the pins again after a deliberate change).


@pytest.mark.parametrize("name", probe_names())
def test_probe_log_gives_what_a_reader_expects(name: str, extractor: Extractor) -> None:
    expected, built = probe_edges(name, extractor)
    misses, extras = pinned(name)
    assert (expected - built, built - expected) == (misses, extras), \
        f"{name}: now missed {sorted(expected - built - misses)}, found again {sorted(misses - (expected - built))}, " \
        f"now added {sorted(built - expected - extras)}, no longer added {sorted(extras - (built - expected))}"


# ------------------------------------------------------------------------------------------ entry lines of any layout


def _read(text: str) -> tuple[list[tuple[str, str | None, date | None, str | None, str, str, list[str]]], list[str]]:
    """(title, alias, read_on, published, orgs_text, status, body) of each entry, and the warnings."""
    log = parse_texts([("log.md", text)])
    return ([(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.status, [ln.text for ln in e.body])
             for e in log.entries], [str(w) for w in log.warnings])


def test_a_line_that_opens_with_a_day_and_holds_a_title_is_an_entry_read_that_day() -> None:
    # a running number (`**#7**`, `#8`), the day, the 《title》, a dash and who published it; a title passed over for
    # the next on its line is said, not read
    entries, warnings = _read(
        "# 速记\n\n编号 日期 《题目》 — 机构\n\n"
        "**#7** 2023/3/2 《Zephyr-Net: Sparse Mixers for Tiny Devices》 — 北栖大学，2023.01\n"
        "基于 MobileNet；对比 TinyBERT\n\n"
        "#8 2023.3.9 《不是论文的东西》 跳过 → 换成 《Halo Attention for Long Video》 — Vireo AI & MIT，"
        "2023.02 (ICML 2023)\n"
        "用 window attention\n"
    )
    assert entries == [
        ("Zephyr-Net: Sparse Mixers for Tiny Devices", "Zephyr-Net", date(2023, 3, 2), "2023-01", "北栖大学，2023.01",
         "read", ["基于 MobileNet；对比 TinyBERT"]),
        ("Halo Attention for Long Video", None, date(2023, 3, 9), "2023-02", "Vireo AI & MIT，2023.02 (ICML 2023)",
         "read", ["用 window attention"]),
    ]
    assert warnings == ["log.md:8: 《不是论文的东西》 passed over ('跳过 → 换成'): "
                        "read 《Halo Attention for Long Video》 as the entry"]


def test_a_page_of_a_note_taking_app_reads_its_headings_links_and_properties() -> None:
    # `## [[Page]]` headings, a page name's ` - ` for the title's colon, inline properties (`key:: value`) on one
    # line or several, tags, tab-nested notes whose links show their alias
    entries, warnings = _read(
        "# Reading — spring\n\nIndex of what I read. Related: [[MOC - Vision]]\n\n"
        "## [[Quill - Sparse Tokens for Dense Maps]]\n"
        "read:: 2025-03-04 · published:: 2025-01 · venue:: arXiv 2501.01234 · org:: [[Orbis Lab]] ([[Vireo AI]])\n"
        "#vision #status/read\n\n"
        "- builds on [[Halo Attention for Long Video|Halo]]\n"
        "\t- tokens from a [[VQ-VAE|VQ]] codebook\n\n"
        "## [[Tern 7B]]\n"
        "read:: 2025-03-09\n"
        "venue:: ICLR 2026 (under review)\n"
        "org:: [[Kestrel Labs]]\n\n"
        "- compared against [[Quill - Sparse Tokens for Dense Maps|Quill]]\n"
    )
    assert entries == [
        ("Quill - Sparse Tokens for Dense Maps", "Quill", date(2025, 3, 4), "2025-01", "Orbis Lab (Vireo AI)", "read",
         ["venue:: arXiv 2501.01234", "#vision #status/read", "- builds on Halo", "\t- tokens from a VQ codebook"]),
        ("Tern 7B", None, date(2025, 3, 9), "2026", "Kestrel Labs", "read", ["- compared against Quill"]),
    ]
    assert warnings == []


def test_minutes_of_a_reading_group_read_each_presented_paper_under_its_meeting() -> None:
    # `## date 组会` meetings, `### 报告人：X — 《Title》 (Org / Org, arXiv id)` papers: the presenter is a note, the
    # brackets say who published it and (by the arXiv id) when; discussion below is notes, works named there no entry
    entries, warnings = _read(
        "# 读书会记录\n\n## 2024-10-08 组会\n\n记录：陈晨\n\n"
        "### 报告人：张三 — 《Tern: Sparse Verifiers for Long Proofs》 (Orbis Lab / 南屿大学, arXiv 2408.01234)\n\n"
        "- 基于 Math-Shepherd 的自动标注\n\n讨论：\n- 李四问：和《Let's Verify Step by Step》比呢？\n\n"
        "### Presenter: Alice — 《Quill Decoding for Small Models》 (Kestrel Labs, arXiv 2407.04321)\n\n"
        "对比 best-of-N。\n"
    )
    assert entries == [
        ("Tern: Sparse Verifiers for Long Proofs", "Tern", date(2024, 10, 8), "2024-08",
         "Orbis Lab / 南屿大学, arXiv 2408.01234", "read",
         ["报告人：张三", "- 基于 Math-Shepherd 的自动标注", "讨论：",
          "- 李四问：和《Let's Verify Step by Step》比呢？"]),
        ("Quill Decoding for Small Models", None, date(2024, 10, 8), "2024-07", "Kestrel Labs, arXiv 2407.04321",
         "read", ["Presenter: Alice", "对比 best-of-N。"]),
    ]
    assert warnings == []


def test_list_items_that_open_with_a_day_are_read_that_day_in_the_year_the_file_names() -> None:
    # papers written out under a table: `- 3/10 读了 Name —— 《Title》（Org，date）。notes`, the year from the file's
    # title; the notes written after the sentence that says where the work comes from are notes
    entries, warnings = _read(
        "# 读论文表（导出于 2025-03-12）\n\n| # | 日期 | 论文 | 单位 |\n|---|---|---|---|\n"
        "| 1 | 2025/03/03 | Zephyr-Net: Sparse Mixers for Tiny Devices | 北栖大学 |\n\n## 还没录入表格的\n\n"
        "- 3/10 读了 Halo —— 《Halo Attention for Long Video》（Vireo AI & MIT，2025.01）。"
        "基于 Zephyr-Net；对比 ViViT。\n"
        "- 3/11 Tern：《Tern: Sparse Verifiers for Long Proofs》，Orbis Lab，ICLR 2025。\n"
        "- 3/32 《Quill Decoding for Small Models》，Kestrel Labs，2024.12。\n"
    )
    assert entries == [
        ("Zephyr-Net: Sparse Mixers for Tiny Devices", "Zephyr-Net", date(2025, 3, 3), None, "北栖大学", "read",
         ["#: 1"]),  # (a table in the preface under the file's title is read too)
        ("Halo Attention for Long Video", "Halo", date(2025, 3, 10), "2025-01", "（Vireo AI & MIT，2025.01）。", "read",
         ["基于 Zephyr-Net；对比 ViViT"]),
        ("Tern: Sparse Verifiers for Long Proofs", "Tern", date(2025, 3, 11), "2025", "Orbis Lab，ICLR 2025", "read",
         []),
        ("Quill Decoding for Small Models", None, None, "2024-12", "Kestrel Labs，2024.12", "read", []),
    ]
    assert warnings == ["log.md:11: date '3/32' is not a date; entry kept without a reading date"]


def test_a_running_number_opens_an_entry_without_a_day_and_a_numbered_line_without_a_title_is_said() -> None:
    entries, warnings = _read(
        "# 速记\n\n## 2023-03-01\n\n"
        "**#8** 《Halo Attention for Long Video》 — Vireo AI，2023.02\n用 window attention\n\n"
        "**#9** 2023/3/12 Quill Decoding for Small Models — Kestrel Labs\n对比 Halo\n"
    )
    assert entries == [
        ("Halo Attention for Long Video", None, date(2023, 3, 1), "2023-02", "Vireo AI，2023.02", "read",
         ["用 window attention", "**#9** 2023/3/12 Quill Decoding for Small Models — Kestrel Labs", "对比 Halo"]),
    ]
    assert warnings == ["log.md:8: line opens with a running number as an entry does but holds no 《title》: read "
                        "as a note of the entry above (mark its title with 《》 to make it an entry)"]


def test_a_page_tagged_or_marked_to_read_is_a_to_read_entry() -> None:
    entries, warnings = _read(
        "# Reading\n\n## [[Quill - Sparse Tokens for Dense Maps]]\npublished:: 2025-01 · org:: [[Orbis Lab]]\n"
        "#vision #status/to-read\n\n- heard it builds on Halo\n\n"
        "## Tern 7B Sparse Verifiers\nstatus:: to-read\norg:: Kestrel Labs\n\n"
        "## [[Halo Attention for Long Video]]\nread:: 2025-03-02 · org:: [[Vireo AI]]\n#vision #status/read\n"
    )
    assert entries == [
        ("Quill - Sparse Tokens for Dense Maps", "Quill", None, "2025-01", "Orbis Lab", "to-read",
         ["#vision #status/to-read", "- heard it builds on Halo"]),
        ("Tern 7B Sparse Verifiers", None, None, None, "Kestrel Labs", "to-read", ["status:: to-read"]),
        ("Halo Attention for Long Video", None, date(2025, 3, 2), None, "Vireo AI", "read", ["#vision #status/read"]),
    ]
    assert warnings == []


def test_minutes_label_a_presented_paper_before_or_after_its_title_under_a_dated_meeting() -> None:
    entries, warnings = _read(
        "# Reading group minutes\n\n## 2024-10-08 meeting\n\n"
        "### Presenter: Alice — \"Tern: Sparse Verifiers for Long Proofs\" (Orbis Lab / MIT, arXiv 2408.01234)\n\n"
        "- builds on Math-Shepherd\n\n"
        "### 《Quill Decoding for Small Models》 — 报告人：李四 (Kestrel Labs, arXiv 2407.04321)\n\n"
        "- compared against best-of-N\n\n## 2024年10月15日 读书会\n\n"
        "### 张三 | 《Halo Attention for Long Video》（Vireo AI，2024.09）\n\n- 对比 ViViT\n"
    )
    assert entries == [
        ("Tern: Sparse Verifiers for Long Proofs", "Tern", date(2024, 10, 8), "2024-08",
         "Orbis Lab / MIT, arXiv 2408.01234", "read", ["Presenter: Alice", "- builds on Math-Shepherd"]),
        ("Quill Decoding for Small Models", None, date(2024, 10, 8), "2024-07", "Kestrel Labs, arXiv 2407.04321",
         "read", ["报告人：李四", "- compared against best-of-N"]),
        ("Halo Attention for Long Video", None, date(2024, 10, 15), "2024-09", "Vireo AI，2024.09", "read",
         ["张三", "- 对比 ViViT"]),
    ]
    assert warnings == []


def test_properties_in_brackets_are_fields_too() -> None:
    entries, warnings = _read(
        "# Reading\n\n## [[Quill - Sparse Tokens for Dense Maps]]\n"
        "[read:: 2025-03-04] [published:: 2025-01] (org:: [[Orbis Lab]], [[MIT]])\n\n- builds on Halo\n\n"
        "## [[Tern 7B]]\nread:: [[2025-03-09]]\norg:: Kestrel Labs\n"
    )
    assert entries == [
        ("Quill - Sparse Tokens for Dense Maps", "Quill", date(2025, 3, 4), "2025-01", "Orbis Lab, MIT", "read",
         ["- builds on Halo"]),
        ("Tern 7B", None, date(2025, 3, 9), None, "Kestrel Labs", "read", []),
    ]
    assert warnings == []


def test_numbered_references_in_notes_are_notes_and_not_warned_of() -> None:
    entries, warnings = _read(
        "# 速记\n\n## 2023-03-01\n\n**#8** 《Halo Attention for Long Video》 — Vireo AI，2023.02\n"
        "[1] Vaswani et al. 2017\n#9 is next week\n"
    )
    assert entries == [
        ("Halo Attention for Long Video", None, date(2023, 3, 1), "2023-02", "Vireo AI，2023.02", "read",
         ["[1] Vaswani et al. 2017", "#9 is next week"]),
    ]
    assert warnings == ["log.md:7: line opens with a running number as an entry does but holds no 《title》: read "
                        "as a note of the entry above (mark its title with 《》 to make it an entry)"]


def test_a_linked_page_with_a_short_name_is_an_item_of_its_own() -> None:
    # `[[Title|Short]]`: the page is the paper, the text shown its short name (an item so linked was lost before)
    entries, warnings = _read(
        "# 2024-09-03\n\n## Read today\n- [[Halo Attention for Long Video]] #paper\n  - builds on [[ViViT]]\n"
        "- [[Quill Decoding for Small Models|Quill]] #paper #to-read\n"
    )
    assert entries == [
        ("Halo Attention for Long Video", None, date(2024, 9, 3), None, "", "read", ["  - builds on ViViT"]),
        ("Quill Decoding for Small Models", "Quill", None, None, "", "to-read", []),
    ]
    assert warnings == []


def test_a_numbered_or_dated_line_may_quote_its_title() -> None:
    entries, warnings = _read(
        "# Paper log\n\n**#12** 2024-07-29 \"Halo Attention for Long Video\" — Vireo AI, 2024.05\n"
        "Builds on ViViT; compared against TimeSformer.\n\n"
        "2024-07-31 “Quill Decoding for Small Models” — Kestrel Labs, 2024.06\nUses speculative decoding.\n"
    )
    assert entries == [
        ("Halo Attention for Long Video", None, date(2024, 7, 29), "2024-05", "Vireo AI, 2024.05", "read",
         ["Builds on ViViT; compared against TimeSformer."]),
        ("Quill Decoding for Small Models", None, date(2024, 7, 31), "2024-06", "Kestrel Labs, 2024.06", "read",
         ["Uses speculative decoding."]),
    ]
    assert warnings == []


def test_who_presents_a_listed_paper_is_a_note_not_its_short_name() -> None:
    entries, warnings = _read(
        "# 组会\n\n## 2024-10-08 组会\n\n"
        "- 报告人：张三 — 《Tern: Sparse Verifiers for Long Proofs》 (Orbis Lab, arXiv 2408.01234)\n"
        "  - 基于 Math-Shepherd\n- 李四：《Quill Decoding for Small Models》（Kestrel Labs，2024.07）\n"
        "- VAR：《Visual Autoregressive Modeling at Scale》（Orbis Lab，2024.04）\n"
    )
    assert entries == [
        ("Tern: Sparse Verifiers for Long Proofs", "Tern", date(2024, 10, 8), "2024-08",
         "(Orbis Lab, arXiv 2408.01234)", "read", ["报告人：张三", "  - 基于 Math-Shepherd"]),
        ("Quill Decoding for Small Models", None, date(2024, 10, 8), "2024-07", "（Kestrel Labs，2024.07）", "read",
         ["李四"]),
        ("Visual Autoregressive Modeling at Scale", "VAR", date(2024, 10, 8), "2024-04", "（Orbis Lab，2024.04）",
         "read", []),
    ]
    assert warnings == []


def test_longer_words_before_a_listed_title_are_a_note() -> None:
    entries, _ = _read("# Log\n\n## 2024-10-08\n\n"
                       "- finally read the paper 《Quill Decoding for Small Models》（Kestrel Labs，2024.07）\n")
    assert entries == [("Quill Decoding for Small Models", None, date(2024, 10, 8), "2024-07",
                        "（Kestrel Labs，2024.07）", "read", ["finally read the paper"])]


def test_a_page_of_one_paper_reads_its_front_matter_and_keeps_every_note() -> None:
    text = ("---\ntitle: 'Tern: Sparse Verifiers for Long Proofs'\naliases: [Tern]\nread: 2024-09-03\norg:\n"
            "  - Orbis Lab\n  - \"MIT\"\nurl: https://arxiv.org/abs/2408.01234\ntags: [paper, reasoning]\n---\n"
            "# Tern: Sparse Verifiers for Long Proofs\n\n## Notes\n- builds on [[Math-Shepherd]]\n")
    log = parse_texts([("tern.md", text)])
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.status, [(ln.number, ln.text) for ln in e.body],
             e.line) for e in log.entries] == [
        ("Tern: Sparse Verifiers for Long Proofs", "Tern", date(2024, 9, 3), "2024-08", "Orbis Lab, MIT", "read",
         [(8, "url: https://arxiv.org/abs/2408.01234"), (9, "tags: paper, reasoning"), (13, "## Notes"),
          (14, "- builds on Math-Shepherd")], 2),
    ]
    assert [(f.layout, f.entries) for f in log.files] == [("page", 1)]
    assert log.warnings == ()
    # to read by its tags, and no date asked of it; a log with front matter is read by its layout
    entries, warnings = _read("---\ntitle: Quill Decoding for Small Models\ntags:\n  - paper\n  - to-read\n---\n")
    assert entries == [("Quill Decoding for Small Models", None, None, None, "", "to-read",
                        ["tags: paper, to-read"])]
    assert warnings == []
    entries, _ = _read("---\ntitle: Reading log\n---\n# Reading log\n\n## 2024-09-03\n\n"
                       "《Halo Attention for Long Video》\nVireo AI，2024.05\n")
    assert [e[0] for e in entries] == ["Halo Attention for Long Video"]


def test_rules_around_markdown_are_no_front_matter() -> None:
    entries, _ = _read("---\n## 2024-09-03\n\n《Halo Attention for Long Video》\nVireo AI，2024.05\n---\n")
    assert [(e[0], e[2]) for e in entries] == [("Halo Attention for Long Video", date(2024, 9, 3))]


def test_a_presenter_named_by_role_before_a_title_without_marks_is_a_note() -> None:
    entries, warnings = _read(
        "# Reading group\n\n## 2024-10-08 meeting\n\n"
        "### Presenter: Alice — Scaling Laws for Process Verifiers (Orbis Lab, arXiv 2408.01234)\n\n"
        "- builds on Math-Shepherd\n\n"
        "### 报告人：张三 — Quill Decoding for Small Models (Kestrel Labs, arXiv 2407.04321)\n\n- 对比 best-of-N\n"
    )
    assert entries == [
        ("Scaling Laws for Process Verifiers", None, date(2024, 10, 8), "2024-08", "Orbis Lab, arXiv 2408.01234",
         "read", ["Presenter: Alice", "- builds on Math-Shepherd"]),
        ("Quill Decoding for Small Models", None, date(2024, 10, 8), "2024-07", "Kestrel Labs, arXiv 2407.04321",
         "read", ["报告人：张三", "- 对比 best-of-N"]),
    ]
    assert warnings == []


def test_a_table_of_fields_under_a_title_heading_is_read_as_its_field_lines() -> None:
    """`| Org | DeepSeek |` under a paper's heading is the field `Org: DeepSeek`, as in a card: the reading date, who
    published it and when come from the rows named so, the other rows are notes that keep their label, the header
    that names the columns goes; a table of scores beside it stays as written."""
    entries, warnings = _read(
        "# Reading log\n\n## Korvane: Sparse Retrieval at Scale\n\n| Field | Value |\n| --- | --- |\n"
        "| Date read | 2025-01-23 |\n| Org | Orbis Lab |\n| Published | 2025.01 |\n| Baselines | ZelphNet<br>BM25 |\n\n"
        "Pure sparse retrieval.\n\n## MiraBench: A Benchmark for Long Documents\n\n| 字段 | 内容 |\n| --- | --- |\n"
        "| 阅读日期 | 2025年1月25日 |\n| 机构 | 星河实验室 |\n| 基线 | Korvane |\n\n| Metric | Score |\n| --- | --- |\n"
        "| nDCG | 77.5 |\n")
    assert entries == [
        ("Korvane: Sparse Retrieval at Scale", "Korvane", date(2025, 1, 23), "2025-01", "Orbis Lab", "read",
         ["Baselines: ZelphNet", "Baselines: BM25", "Pure sparse retrieval."]),
        ("MiraBench: A Benchmark for Long Documents", "MiraBench", date(2025, 1, 25), None, "星河实验室", "read",
         ["基线：Korvane", "| Metric | Score |", "| --- | --- |", "| nDCG | 77.5 |"]),
    ]
    assert warnings == []


def test_a_chat_export_that_writes_who_and_when_on_a_line_of_their_own_or_before_the_name() -> None:
    """`小王 2024-07-01 09:40` over the message (as WeChat exports), `2024-07-02 10:12 陈老师: …`: messages as the
    bracketed forms are, each line numbered where it is written; a message that says it read a paper in the words a
    diary uses (`今天读了《…》`) is still a message of the chat, and the next message's line no note of it."""
    log = parse_texts([("chat.md", "# 读书群聊天记录\n\n小王 2024-07-01 09:40\n"
                        "今天读了《Korvane: Sparse Retrieval at Scale》（星河实验室），基于 ZelphNet\n\n"
                        "老周 2024-07-01 09:52\n@小王 它对比了 BM25\n\nAnna 2024-07-01 13:00\nanyone has GPU quota?\n\n"
                        "2024-07-02 10:12 陈老师: 读了《MiraBench: A Benchmark for Long Documents》（蓝鲸科技），"
                        "评测 Korvane\n"
                        "2024-07-02 10:20 小王: 收到\n")])
    assert [(e.title, e.read_on, e.orgs_text, e.status, e.line, [(ln.number, ln.text) for ln in e.body])
            for e in log.entries] == [
        ("Korvane: Sparse Retrieval at Scale", date(2024, 7, 1), "星河实验室", "read", 4,
         [(4, "基于 ZelphNet"), (7, "它对比了 BM25")]),
        ("MiraBench: A Benchmark for Long Documents", date(2024, 7, 2), "蓝鲸科技", "read", 12,
         [(12, "评测 Korvane"), (13, "收到")]),
    ]
    assert log.warnings == ()
    assert [(f.layout, f.entries, f.outside) for f in log.files] == [("chat", 2, (9, 10))]


@pytest.mark.parametrize(("message", "status", "note"), [
    ('worth a read: "Scaling Laws for Neural Language Models" (OpenAI)', "to-read", ""),
    ('read "Scaling Laws for Neural Language Models" (OpenAI). Worth a read for anyone doing RL.', "read",
     "Worth a read for anyone doing RL."),
    ("推荐《Scaling Laws for Neural Language Models》（OpenAI）", "to-read", ""),
    ("小王推荐的《Scaling Laws for Neural Language Models》（OpenAI），今天读了，基于 Transformer", "read",
     "今天读了，基于 Transformer"),
    ("《Scaling Laws for Neural Language Models》（OpenAI）先马住", "to-read", "先马住"),
])
def test_a_chat_message_says_whether_its_paper_was_read_by_the_words_around_it(message: str, status: str,
                                                                               note: str) -> None:
    """A cue that the paper is kept for later counts right before or after the title (`worth a read: "…"`, `推荐
    《…》`, `《…》先马住`), not in the notes further on; a cue that it was read counts in its sentence too."""
    text = f"# chat\n\n[2024-07-01 09:40] 小王: 收到\n[2024-07-01 09:41] 老周: 好\n[2024-07-01 09:42] Anna: {message}\n"
    log = parse_texts([("chat.md", text)])
    assert [(e.title, e.read_on, e.orgs_text, e.status, [ln.text for ln in e.body]) for e in log.entries] == [
        ("Scaling Laws for Neural Language Models", date(2024, 7, 1) if status == "read" else None, "OpenAI", status,
         [note] if note else []),
    ]


def test_a_chat_entry_is_published_when_its_brackets_or_its_arxiv_link_say() -> None:
    """`(Orbis, 2024.06)` after the title, or an arXiv link or id in the message (`[Title](https://arxiv.org/abs/
    2407.01234)`), says when the paper appeared; a paper kept for later keeps what its first message said."""
    log = parse_texts([("chat.md", "# chat\n\n[2024-07-03 10:00] Tom: to read later: "
                        "[Quill Decoding for Small Language Models](https://arxiv.org/abs/2407.01234)\n"
                        "[2024-07-03 11:00] Lin: lunch?\n[2024-07-03 11:02] Anna: ok\n"
                        '**Tom** 2024-07-09: finished "Quill Decoding for Small Language Models" (Orbis Lab) — '
                        "compared with ZelphNet\n"
                        '**Tom** 2024-07-10: read "MiraBench: A Benchmark for Long Documents" (Orbis, 2024.06) — '
                        "uses Korvane\n")])
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status, e.line, [(ln.number, ln.text) for ln in e.body])
            for e in log.entries] == [
        ("Quill Decoding for Small Language Models", date(2024, 7, 9), "2024-07", "Orbis Lab", "read", 6,
         [(6, "compared with ZelphNet")]),
        ("MiraBench: A Benchmark for Long Documents", date(2024, 7, 10), "2024-06", "Orbis, 2024.06", "read", 7,
         [(7, "uses Korvane")]),
    ]
    assert [(f.layout, f.entries, f.outside) for f in log.files] == [("chat", 2, (4, 5))]
