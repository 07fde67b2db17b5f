"""kg.parse: Markdown reading logs -> Entry records (dates, titles and aliases, publication lines, the reading
list, and every kind of bad input)."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract import Extractor
from kg.model import Entry
from kg.parse import find_date, find_publication, parse_paths, parse_texts, reading_list_title, split_alias


def _entries(text: str, source: str = "log.md") -> tuple[Entry, ...]:
    return parse_texts([(source, text)]).entries


def _papers(text: str) -> list[tuple[object, ...]]:
    """What the entries of a log say of their papers: title, reading date, publication, who, status and notes."""
    return [(e.title, e.read_on, e.published, e.orgs_text, e.status, tuple(ln.text for ln in e.body))
            for e in _entries(text)]


def _warnings(text: str, source: str = "log.md") -> list[str]:
    return [str(w) for w in parse_texts([(source, text)]).warnings]


# ---------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text",
    ["2024.1.5", "2024/01/05", "2024-01-05", "2024年1月5日", "Jan 5, 2024", "January 5th, 2024", "5 Jan 2024",
     "2024.01.05（周五）"],
)
def test_every_written_form_of_a_date(text: str) -> None:
    assert find_date(text) == (date(2024, 1, 5), None)


def test_an_impossible_date_is_reported_as_written() -> None:
    assert find_date("2024.13.40") == (None, "2024.13.40")
    assert find_date("2024.2.30") == (None, "2024.2.30")


def test_text_without_a_date() -> None:
    assert find_date("notes on transformers") == (None, None)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("2023.5 微软的一篇文章", "2023-05"),
        ("2021年Google Research的一篇", "2021"),
        ("FAIR 在2024.5的一篇文章", "2024-05"),
        ("2023年11月 Anthropic", "2023-11"),
        ("2019.12, NeurIPS", "2019-12"),
        ("Google 的一篇工作", None),
        ("HUST + Horizon Robotics + BAAI, Jan 2024", "2024-01"),
        ("Google DeepMind, September 2023", "2023-09"),
        ("Sept. 2023, Meta AI", "2023-09"),
        ("Mar 5, 2024 (arXiv)", "2024-03"),
        ("EMNLP 2023 Findings", "2023"),
        ("Maybe 2023, or later", "2023"),
    ],
)
def test_publication_date_as_precise_as_the_note(text: str, published: str | None) -> None:
    assert find_publication(text) == published


def test_reading_date_comes_from_the_heading_above_the_entry() -> None:
    text = ("# 2024.3\n\n## 2024.3.9\n\n《A Paper About Things》\n\n2023.5 微软的一篇文章\n\n"
            "## 2024.3.8\n\n《Another One》\n")
    got = [(e.title, e.read_on, e.published, e.line) for e in _entries(text)]
    assert got == [
        ("A Paper About Things", date(2024, 3, 9), "2023-05", 5),
        ("Another One", date(2024, 3, 8), None, 11),
    ]


# ---------------------------------------------------------------------------------------------- titles and aliases


@pytest.mark.parametrize(
    ("title", "alias", "rest"),
    [
        ("VQVAE: Neural Discrete Representation Learning", "VQVAE", "Neural Discrete Representation Learning"),
        ("(CM3leon)Scaling Autoregressive Multi-Modal Models", "CM3leon", "Scaling Autoregressive Multi-Modal Models"),
        ("Sparse transformer: Generating Long Sequences", "Sparse transformer", "Generating Long Sequences"),
        ("Multimodal Foundation Models: From Specialists to General-Purpose Assistants", None,
         "Multimodal Foundation Models: From Specialists to General-Purpose Assistants"),
        ("Is Attention All You Need? A Study", None, "Is Attention All You Need? A Study"),
    ],
)
def test_split_alias(title: str, alias: str | None, rest: str) -> None:
    assert split_alias(title) == (alias, rest)


def test_emphasis_is_removed_and_the_alias_kept() -> None:
    (e,) = _entries("## 2024.2.7\n\n《VQVAE: *Neural Discrete Representation Learning*》\n\n2017年DeepMind的一篇工作\n")
    assert (e.title, e.alias, e.short_title, e.key) == (
        "VQVAE: Neural Discrete Representation Learning", "VQVAE", "Neural Discrete Representation Learning", "VQVAE")


def test_leading_parenthesised_alias_is_not_part_of_the_title() -> None:
    (e,) = _entries("## 2024.1.20\n\n《(Mixtral)Mixture of Experts at Scale》\n")
    assert (e.title, e.alias) == ("Mixture of Experts at Scale", "Mixtral")


# ---------------------------------------------------------------------------------------------- publication lines


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _orgs(extractor: Extractor, text: str) -> list[str]:
    entry = Entry(title="T", alias=None, read_on=None, published=None, orgs_text=text, body=(), source="x.md", line=1)
    return [m.canonical for m in extractor.extract([entry])[0].orgs]


@pytest.mark.parametrize(
    ("line", "published", "orgs"),
    [
        ("2023.5 微软的一篇文章", "2023-05", ["Microsoft"]),
        ("2021年Google Research的一篇", "2021", ["Google Research"]),
        ("FAIR 在2024.5的一篇文章", "2024-05", ["FAIR"]),
        ("2023.12 腾讯优图实验室和厦门大学的一篇评估工作", "2023-12", ["Tencent Youtu Lab", "Xiamen University"]),
        ("Published Jan 2024 by Anthropic and Stanford", "2024-01", ["Anthropic", "Stanford University"]),
        ("2002.9 某某集团和某某某大学的一篇工作", "2002-09", ["某某集团", "某某某大学"]),  # not `和某某某大学`
        ("Google AI Language, 2018.10", "2018-10", ["Google Research"]),  # `Language` is no organisation
        # a team written after a known organisation is of it (`字节Seed`, `清华AIR`, `上海交大 GAIR`)
        ("2025.3 字节Seed和清华AIR合作的一篇开源RL系统工作", "2025-03", ["ByteDance", "Tsinghua University"]),
        ("2025.2 上海交大 GAIR 的一篇文章", "2025-02", ["SJTU"]),
        ("Naver Labs Europe, Aalto University, 2024", "2024", ["Naver", "Aalto University"]),
        # `2025.2 月之暗面`: the month ends at the number; `把R1的思路` is what the work takes, not who wrote it
        ("2025.2 月之暗面和清华、浙大的一篇工作", "2025-02",
         ["Moonshot AI", "Tsinghua University", "Zhejiang University"]),
        ("2025.3 上海交大和上海AI Lab 把R1的思路搬到视觉任务上的一篇工作", "2025-03", ["SJTU", "Shanghai AI Lab"]),
        # a name no vocabulary knows is its organisation's whole form, or runs over its capitalised words
        ("Peking University & University of Waterloo, ICML 2024", "2024", ["Peking University",
                                                                          "University of Waterloo"]),
        ("Mila & Borealis AI, arXiv Oct 2024", "2024-10", ["Mila", "Borealis AI"]),
        ("Inria, MPI Informatik, 2023", "2023", ["INRIA", "MPI Informatik"]),
        ("IDEAS NCBR / Univ. of Warsaw, Jan 2024", "2024-01", ["IDEAS NCBR", "Univ. of Warsaw"]),
        ("Westlake Univ + ZJU, Mar 2024", "2024-03", ["Zhejiang University", "Westlake Univ"]),
        ("Zhuiyi Technology, 2021", "2021", ["Zhuiyi Technology"]),
    ],
)
def test_publication_line_gives_date_and_organisations(
    extractor: Extractor, line: str, published: str, orgs: list[str]
) -> None:
    (e,) = _entries(f"## 2024.3.1\n\n《Some Paper Title Here》\n\n{line}\n\n1. 要点\n")
    assert e.published == published
    assert e.orgs_text == line
    assert _orgs(extractor, e.orgs_text) == orgs


def test_publication_on_the_title_line() -> None:
    (e,) = _entries("## 2024.3.1\n\n《Some Paper Title Here》 2022.3 Meta 的一篇工作\n\n1. 要点\n")
    assert (e.published, e.orgs_text) == ("2022-03", "2022.3 Meta 的一篇工作")


# ---------------------------------------------------------------------------------------------- the reading list


READING_LIST = """# pending list

- [ ] Attention Is All You Need for Everything
- [ ] Learning to summarize from human feedback2020年，RLHF
- [ ] 写综述：扩散模型总结
- [ ] 位置编码方式，1D, 2D etc
- [x] Scaling Laws for Neural Language Models
- [ ] 大模型主要文章

  - [ ] LoRA: Low-Rank Adaptation of Large Language Models （很常用）
  - [ ] KV cache 优化
  - [ ] GAP global average pooling
"""


def test_reading_list_items_that_name_papers() -> None:
    got = [(e.title, e.status, e.published, e.read_on, e.line) for e in _entries(READING_LIST)]
    assert got == [
        ("Attention Is All You Need for Everything", "to-read", None, None, 3),
        ("Learning to summarize from human feedback", "to-read", "2020", None, 4),
        ("Scaling Laws for Neural Language Models", "read", None, None, 7),
        ("LoRA: Low-Rank Adaptation of Large Language Models", "to-read", None, None, 10),
    ]


def test_reading_list_topics_are_counted_not_kept() -> None:
    (report,) = parse_texts([("log.md", READING_LIST)]).files
    assert (report.entries, report.other_items) == (4, 5)


@pytest.mark.parametrize(
    "text", ["写综述：GNN 论文总结", "GAP global average pooling", "DL三大特征抽取器（CNN,RNN,Transformer）总结TBD",
             "KV cache 优化"],
)
def test_items_that_are_no_papers(text: str) -> None:
    assert reading_list_title(text) is None


def test_remark_after_a_title_stays_a_remark() -> None:
    assert reading_list_title("Grad-cam: Visual explanations from deep networks  视觉DNN的可解释性") == (
        "Grad-cam: Visual explanations from deep networks", "视觉DNN的可解释性")


# ---------------------------------------------------------------------------------------------- bad input


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.md: no such file or folder"):
        parse_paths([tmp_path / "nope.md"])


def test_folder_without_markdown(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not markdown", encoding="utf-8")
    with pytest.raises(InputError, match=r"folder holds no Markdown files"):
        parse_paths([tmp_path])


def test_non_utf8_bytes_name_file_line_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("## 2024.1.5\n\n《Caf".encode() + b"\xe9 Paper\xe3\x80\x8b\n")
    with pytest.raises(InputError) as info:
        parse_paths([path])
    assert str(info.value) == (f"{path}:3: not UTF-8 text: byte 0xe9 at offset 19 cannot be decoded "
                               "(save the file as UTF-8)")


def test_parsing_leaves_the_garbage_collector_as_the_caller_had_it(tmp_path: Path) -> None:
    """parse pauses the cyclic collector while it builds a log's records, and gives it back as it was, also when
    the input is bad."""
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"## 2024.1.5\n\xff\n")
    log = [("log.md", "## 2024.1.5\n\n《A Paper》\n")]
    assert gc.isenabled()
    assert len(parse_texts(log).entries) == 1
    assert gc.isenabled()
    with pytest.raises(InputError):
        parse_paths([bad])
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(parse_texts(log).entries) == 1
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "win.md"
    path.write_bytes("\ufeff## 2024.1.5\r\n\r\n《A Windows Paper》\r\n\r\n2023.5 微软的一篇\r\n".encode())
    (e,) = parse_paths([path]).entries
    assert (e.title, e.read_on, e.published, e.line) == ("A Windows Paper", date(2024, 1, 5), "2023-05", 3)


def test_unclosed_title_is_kept_with_a_warning() -> None:
    text = "## 2024.1.6\n\n《Unclosed Title of a Paper\n2023 Google的一篇\n"
    (e,) = _entries(text)
    assert (e.title, e.read_on, e.published) == ("Unclosed Title of a Paper", date(2024, 1, 6), "2023")
    assert _warnings(text) == [
        "log.md:3: unclosed 《 in a title: took the rest of the line as the title (close it with 》)"]


def test_heading_date_that_is_not_a_date() -> None:
    text = "## 2024.13.40\n\n《A Paper Under a Bad Date》\n"
    (e,) = _entries(text)
    assert (e.title, e.read_on) == ("A Paper Under a Bad Date", None)
    assert _warnings(text) == [
        "log.md:1: heading date '2024.13.40' is not a date; entries under it are kept without a reading date"]


def test_entry_before_any_date_heading() -> None:
    text = "《A Paper Before Any Date》\n2023.5 微软的一篇文章\n\n## 2024.1.5\n\n《Dated Paper》\n"
    got = [(e.title, e.read_on) for e in _entries(text)]
    assert got == [("A Paper Before Any Date", None), ("Dated Paper", date(2024, 1, 5))]
    assert _warnings(text) == ["log.md:1: entry before any date heading: kept without a reading date"]


def test_a_file_in_no_known_layout_gives_no_entries_and_a_warning() -> None:
    text = "Just some thoughts.\n\n* nothing here\n\n| a | b |\n|---|---|\n"
    parsed = parse_texts([("odd.md", text)])
    assert parsed.entries == ()
    assert [str(w) for w in parsed.warnings] == ["odd.md:1: no paper entries found in this file"]
    assert [(f.source, f.layout, f.entries) for f in parsed.files] == [("odd.md", "daily", 0)]


DOCUMENT = """# A tool

Some words about it.

## The command line in short

Run the command with a file. It prints a summary.

## What a log may look like

- **Bold words that are not a title at all**: an explanation.
- A list item that quotes 《…》 as a placeholder.

## Where the data goes from here

```
# a shell comment in a code block
```
"""


def test_an_ordinary_document_is_no_reading_log() -> None:
    """Plain headings and bold list items are what any Markdown has: without dates on lines of their own or
    publication lines under the headings they open no entries, and the file says it found none."""
    parsed = parse_texts([("README.md", DOCUMENT)])
    assert parsed.entries == ()
    assert [str(w) for w in parsed.warnings] == ["README.md:1: no paper entries found in this file"]


def test_plain_headings_over_publication_lines_are_entries() -> None:
    text = DOCUMENT.replace("Run the command", "Meta AI, 2023.4\n\nRun the command").replace(
        "- **Bold", "Google DeepMind, Stanford University\n\n- **Bold").replace(
        "```\n# a", "Affiliations: Tsinghua University\n\n```\n# a")
    assert [(e.title, e.orgs_text) for e in _entries(text)] == [
        ("The command line in short", "Meta AI, 2023.4"),
        ("What a log may look like", "Google DeepMind, Stanford University"),
        ("Where the data goes from here", "Tsinghua University"),
    ]


def test_a_date_line_makes_plain_headings_and_bold_items_count() -> None:
    headings = _entries(DOCUMENT.replace("Some words about it.", "## 2024.3.2"))
    assert [e.title for e in headings] == ["The command line in short", "What a log may look like",
                                           "Where the data goes from here"]
    assert {e.read_on for e in headings} == {date(2024, 3, 2)}
    bold = _entries("2024.3.2\n\n1. **Bold words that are a title**: read it\n2. 《…》 stands for a title\n")
    assert [e.title for e in bold] == ["Bold words that are a title"]


def test_author_fields_and_paper_links_under_headings_make_a_log() -> None:
    text = ("# My papers\n\n## Attention Is All You Need\n\n- Authors: Vaswani et al.\n- builds on seq2seq\n\n"
            "## Deep Residual Learning for Image Recognition\n\n- Link: https://arxiv.org/abs/1512.03385\n- uses VGG\n")
    assert [e.title for e in _entries(text)] == ["Attention Is All You Need",
                                                 "Deep Residual Learning for Image Recognition"]


def test_bold_title_lines_open_entries_in_a_dated_log() -> None:
    text = ("# Reading log\n\n## 2024-04-01\n\n"
            "**Mamba: Linear-Time Sequence Modeling with Selective State Spaces** (CMU & Princeton, 2023.12)\n"
            "- Selective SSM; builds on S4.\n\n"
            "**Jamba: A Hybrid Transformer-Mamba Language Model** (AI21 Labs, 2024.3)\n"
            "- Based on Mamba.\n- **Not a title: bold words in a note**\n")
    entries = _entries(text)
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, [ln.text for ln in e.body]) for e in entries] == [
        ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "Mamba", date(2024, 4, 1), "2023-12",
         "(CMU & Princeton, 2023.12)", ["- Selective SSM; builds on S4."]),
        ("Jamba: A Hybrid Transformer-Mamba Language Model", "Jamba", date(2024, 4, 1), "2024-03",
         "(AI21 Labs, 2024.3)", ["- Based on Mamba.", "- **Not a title: bold words in a note**"]),
    ]
    assert _entries(text.replace("## 2024-04-01\n", "## Some notes\n")) == ()  # undated: bold lines are no titles


def test_a_link_to_the_paper_is_its_title() -> None:
    daily = _entries("## 2024-04-01\n\n[Mamba: Linear-Time Sequence Modeling with Selective State Spaces]"
                     "(https://arxiv.org/abs/2312.00752) CMU, 2023.12\n- builds on S4\n")
    assert [(e.title, e.orgs_text, e.published) for e in daily] == [
        ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "CMU, 2023.12", "2023-12")]
    listed = _entries("2024.4.2\n\n1. [Jamba: A Hybrid Transformer-Mamba Language Model]"
                      "(https://arxiv.org/abs/2403.19887) AI21 Labs 2024.3\n")
    assert [(e.title, e.orgs_text, e.read_on) for e in listed] == [
        ("Jamba: A Hybrid Transformer-Mamba Language Model", "AI21 Labs 2024.3", date(2024, 4, 2))]


def test_a_heading_with_the_day_and_a_marked_title_is_an_entry_read_that_day() -> None:
    text = ("# 论文笔记\n\n## 2024.03.02 《Improved Baselines with Visual Instruction Tuning》\n"
            "机构：微软\n时间：2023.10\n- 基于LLaVA\n\n## 2024.03.05 《多模态大模型综述》\n- 对比了 BLIP-2\n")
    assert [(e.title, e.read_on, e.published, e.orgs_text) for e in _entries(text)] == [
        ("Improved Baselines with Visual Instruction Tuning", date(2024, 3, 2), "2023-10", "微软"),
        ("多模态大模型综述", date(2024, 3, 5), None, ""),
    ]
    assert _warnings(text) == []


def test_a_title_field_opens_an_entry_in_a_dated_log() -> None:
    text = ("## 2024-03-10\n\nTitle: Attention Is All You Need\nAffiliation: Google Brain\nYear: 2017\n"
            "Notes: compared with ConvS2S.\n\n论文：多模态大模型综述\n机构：微软\n- 文章：总结了 BLIP-2 之后的工作\n")
    assert [(e.title, e.read_on, e.published, e.orgs_text, [ln.text for ln in e.body]) for e in _entries(text)] == [
        ("Attention Is All You Need", date(2024, 3, 10), "2017", "Google Brain", ["Notes: compared with ConvS2S."]),
        ("多模态大模型综述", date(2024, 3, 10), None, "微软", ["- 文章：总结了 BLIP-2 之后的工作"]),
    ]


def test_bracketed_field_names_open_and_describe_an_entry() -> None:
    text = ("2024-06-03\n\n【论文】Thalrix：面向长视频理解的分层记忆\n【机构】浙江大学、阿里巴巴达摩院\n"
            "【时间】2023.12\n【笔记】\n· 改进自Video-LLaMA\n\n【论文】Farrowdale：表格问答的程序生成\n"
            "【机构】\n【时间】2023.8\n")
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, [ln.text for ln in e.body])
            for e in _entries(text)] == [
        ("Thalrix：面向长视频理解的分层记忆", "Thalrix", date(2024, 6, 3), "2023-12", "浙江大学、阿里巴巴达摩院",
         ["【笔记】", "· 改进自Video-LLaMA"]),
        ("Farrowdale：表格问答的程序生成", "Farrowdale", date(2024, 6, 3), "2023-08", "", []),
    ]


def test_wiki_linked_list_items_with_properties_and_tags_are_entries() -> None:
    text = ("# Paper log\n\n## [[2024-05-02]]\n- [[Velliqor: Token-Efficient Retrieval]] #read #ir\n"
            "  - org:: [[Harbin Institute of Technology]]\n  - year:: 2023\n"
            "  - compared with [[BM25]] and [[Okapi|Contriever]]\n"
            "- [[Morrowlark: Speech Tokens for Language Models]] #to-read\n  - org:: [[Meta AI]]\n")
    assert [(e.title, e.alias, e.read_on, e.status, e.published, e.orgs_text, [(ln.number, ln.text) for ln in e.body])
            for e in _entries(text)] == [
        ("Velliqor: Token-Efficient Retrieval", "Velliqor", date(2024, 5, 2), "read", "2023",
         "Harbin Institute of Technology", [(7, "  - compared with BM25 and Contriever")]),
        ("Morrowlark: Speech Tokens for Language Models", "Morrowlark", None, "to-read", None, "Meta AI", []),
    ]


def test_a_note_keeps_where_its_wiki_links_stand() -> None:
    """The brackets go, and the span of each link's shown text stays: the author made each one name."""
    text = ("## [[2024-05-06]]\n- [[Halvane: Diffusion Policies]] #read\n"
            "  - based on [[Diffusion Policy]], compared with [[Okapi|Contriever]]\n  - no link here\n")
    (entry,) = _entries(text)
    assert [(ln.number, ln.text, ln.links) for ln in entry.body] == [
        (3, "  - based on Diffusion Policy, compared with Contriever", ((13, 29), (45, 55))),
        (4, "  - no link here", ()),
    ]
    assert [entry.body[0].text[a:b] for a, b in entry.body[0].links] == ["Diffusion Policy", "Contriever"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-12\n\n【论文】Halsey：多智能体协作的提示框架（待读）\n【机构】斯坦福大学\n【时间】2024.4\n\n"
         "2024-06-14\n\n【论文】Trevanion：扩散模型的快速采样\n【时间】2024.4\n",
         [("Halsey：多智能体协作的提示框架", "Halsey", None, "to-read", "2024-04"),
          ("Trevanion：扩散模型的快速采样", "Trevanion", date(2024, 6, 14), "read", "2024-04")]),
        ("## 2024-03-02\n\n### Attention Is All You Need (to read)\n*NeurIPS 2017, Google*\n\n"
         "### BERT: Pre-training of Deep Bidirectional Transformers [TODO]\n*NAACL 2019, Google*\n",
         [("Attention Is All You Need", None, None, "to-read", "2017"),
          ("BERT: Pre-training of Deep Bidirectional Transformers", "BERT", None, "to-read", "2019")]),
    ],
)
def test_a_to_read_mark_after_a_title_makes_a_to_read_entry(text: str, expected: list[tuple[object, ...]]) -> None:
    assert [(e.title, e.alias, e.read_on, e.status, e.published) for e in _entries(text)] == expected


# ------------------------------------------------------------------------------------------ mixed layouts
MIXED = """# 阅读记录

前言：每天读一篇。

## 2024.7.1

《Alpha: A Study of Things》

2024.3 清华大学 的一篇工作，要点：

1. 本文提出Alpha，基于LLaVA

## 2024.7.2

### 2024-07-05 — Gamma: Sparse Things for Dense Models
*ICLR 2024, Meta AI*

- Builds on Mixtral.

```
# a shell comment in a code block
```

### 2024-07-06 — Delta: More Things
*NeurIPS 2023, Google*

- Uses ImageNet.

## 2024.7.8

《Epsilon: Back to the Old Habit》

2024.5 北京大学

1. 基于Vicuna微调
"""


def test_a_log_that_changes_layout_part_way_keeps_every_entry() -> None:
    """An author who wrote 《》 days, then `### date — Title` headings, then 《》 again: every entry is read, each
    in the layout it is written in, in the file's order; the report names both layouts."""
    parsed = parse_texts([("log.md", MIXED)])
    assert [(e.title, e.read_on, e.orgs_text, [ln.text for ln in e.body], e.line) for e in parsed.entries] == [
        ("Alpha: A Study of Things", date(2024, 7, 1), "2024.3 清华大学 的一篇工作，要点：",
         ["2024.3 清华大学 的一篇工作，要点：", "1. 本文提出Alpha，基于LLaVA"], 7),
        ("Gamma: Sparse Things for Dense Models", date(2024, 7, 5), "*ICLR 2024, Meta AI*",
         ["- Builds on Mixtral.", "```", "# a shell comment in a code block", "```"], 15),
        ("Delta: More Things", date(2024, 7, 6), "*NeurIPS 2023, Google*", ["- Uses ImageNet."], 24),
        ("Epsilon: Back to the Old Habit", date(2024, 7, 8), "2024.5 北京大学",
         ["2024.5 北京大学", "1. 基于Vicuna微调"], 31),
    ]
    assert [(f.layout, f.entries) for f in parsed.files] == [("daily and headings", 4)]
    assert parsed.warnings == ()


def test_a_layout_read_again_says_each_warning_once() -> None:
    text = MIXED.replace("## 2024.7.2", "## 2024.13.2").replace("### 2024-07-06", "### 2024-07-32")
    assert [str(w) for w in parse_texts([("log.md", text)]).warnings] == [
        "log.md:13: heading date '2024.13.2' is not a date; entries under it are kept without a reading date",
        "log.md:24: date '2024-07-32' is not a date; entry kept without a reading date",
    ]


def test_the_preface_and_the_title_of_a_log_are_no_entries_of_another_layout() -> None:
    """What the main layout leaves unread is read again only where it can hold entries: the file's title and
    the words under it before the first day are not read as a `# Title` heading entry."""
    parsed = parse_texts([("log.md", MIXED.split("### 2024-07-05")[0])])
    assert [e.title for e in parsed.entries] == ["Alpha: A Study of Things"]
    assert [f.layout for f in parsed.files] == ["daily"]


# ---------------------------------------------------------------------------------------------- other people's layouts


def _facts(text: str) -> list[tuple[object, ...]]:
    return [(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.status, [(ln.number, ln.text) for ln in e.body])
            for e in _entries(text)]


@pytest.mark.parametrize("header", ["Venue/Org", "Org / Venue", "Affiliation(s)", "Where", "来源", "单位、会议", "Lab",
                                    "实验室"])
def test_a_table_column_that_says_where_a_paper_appeared_is_its_publication_line(header: str) -> None:
    text = (f"## 2024-04-01\n\n| Date | Paper | {header} | Notes |\n|---|---|---|---|\n"
            "| 2024-04-02 | Mixtral of Experts | Mistral AI, arXiv 2024.1 | sparse MoE<br>vs Llama 2 70B |\n"
            "| 2024-04-03 | Segment Anything | Meta AI | uses ViT |\n")
    assert _facts(text) == [
        ("Mixtral of Experts", None, date(2024, 4, 2), "2024-01", "Mistral AI, arXiv 2024.1", "read",
         [(5, "sparse MoE"), (5, "vs Llama 2 70B")]),
        ("Segment Anything", None, date(2024, 4, 3), None, "Meta AI", "read", [(6, "uses ViT")]),
    ]


def test_a_date_column_says_when_before_a_venue_column_does() -> None:
    text = ("## 2024-04-01\n\n| Paper | Venue | Org | Year | Code |\n|---|---|---|---|---|\n"
            "| Segment Anything | ICCV 2023 | Meta AI | 2023.4 | github.com/facebookresearch |\n")
    assert _facts(text) == [
        ("Segment Anything", None, date(2024, 4, 1), "2023-04", "ICCV 2023, Meta AI", "read",
         [(5, "code: github.com/facebookresearch")]),
    ]


def test_a_day_without_its_year_takes_the_year_and_month_of_the_heading_above() -> None:
    text = ("# Reading log\n\n## May 2024\n\n| Date | Paper | Notes |\n|---|---|---|\n"
            "| 5/2 | Direct Preference Optimization: Your Language Model is Secretly a Reward Model | re-read |\n"
            "| 9/5 | KTO: Model Alignment as Prospect Theoretic Optimization | day/month, as the heading says |\n"
            "| May 14 | ORPO: Monolithic Preference Optimization without Reference Model | |\n"
            "| 5月16日 | Self-RAG: Learning to Retrieve, Generate, and Critique | |\n\n"
            "## 2023\n\n| Date | Paper |\n|---|---|\n| 12/30 | Mamba: Linear-Time Sequence Modeling |\n"
            "| 2/30 | Hyena Hierarchy: Towards Larger Convolutional Language Models |\n")
    assert [(e.title, e.read_on) for e in _entries(text)] == [
        ("Direct Preference Optimization: Your Language Model is Secretly a Reward Model", date(2024, 5, 2)),
        ("KTO: Model Alignment as Prospect Theoretic Optimization", date(2024, 5, 9)),
        ("ORPO: Monolithic Preference Optimization without Reference Model", date(2024, 5, 14)),
        ("Self-RAG: Learning to Retrieve, Generate, and Critique", date(2024, 5, 16)),
        ("Mamba: Linear-Time Sequence Modeling", date(2023, 12, 30)),
        ("Hyena Hierarchy: Towards Larger Convolutional Language Models", None),
    ]
    assert _warnings(text) == ["log.md:17: date '2/30' is not a date; entry kept without a reading date"]


def test_a_day_heading_without_its_year_under_a_year_heading() -> None:
    text = ("# 2024\n\n## May 2 (Thu)\n\n### Mixtral of Experts\nMistral AI, Jan 2024\n- sparse MoE\n\n"
            "## 5月6日\n\n### Segment Anything Model Two\nMeta AI, Jul 2024\n- video\n")
    assert _facts(text) == [
        ("Mixtral of Experts", None, date(2024, 5, 2), "2024-01", "Mistral AI, Jan 2024", "read",
         [(7, "- sparse MoE")]),
        ("Segment Anything Model Two", None, date(2024, 5, 6), "2024-07", "Meta AI, Jul 2024", "read",
         [(13, "- video")]),
    ]
    assert _warnings(text) == []


def test_a_day_without_a_year_anywhere_is_said_and_takes_no_other_date() -> None:
    text = "## Reading notes\n\n| Date | Paper |\n|---|---|\n| 5/2 | Mamba: Linear-Time Sequence Modeling |\n"
    assert [(e.title, e.read_on) for e in _entries(text)] == [("Mamba: Linear-Time Sequence Modeling", None)]
    assert _warnings(text) == ["log.md:5: date '5/2' names no year and no heading above names one: entry kept "
                               "without a reading date"]


@pytest.mark.parametrize("heading", ["Week of 2024-05-13", "w/c 2024-05-13", "2024-05-13 (Mon)", "第20周 2024-05-13",
                                     "2024-05-13 Monday", "Week 20, starting 13 May 2024"])
def test_a_date_framed_by_a_few_calendar_words_dates_the_entries_under_it(heading: str) -> None:
    text = (f"## 2024-05-10\n\n- [Griffin: Mixing Gated Linear Recurrences](https://arxiv.org/abs/2402.19427)\n"
            f"  - scaled to 14B\n\n## {heading}\n\nOnly two this week.\n\n"
            "- [RWKV: Reinventing RNNs for the Transformer Era](https://arxiv.org/abs/2305.13048)\n"
            "  - builds on AFT\n")
    assert [(e.title, e.read_on, [ln.text for ln in e.body]) for e in _entries(text)] == [
        ("Griffin: Mixing Gated Linear Recurrences", date(2024, 5, 10), ["  - scaled to 14B"]),
        ("RWKV: Reinventing RNNs for the Transformer Era", date(2024, 5, 13), ["  - builds on AFT"]),
    ]


def test_a_date_beside_a_title_is_still_no_date_heading() -> None:
    text = "# Notes\n\n## 2024-05-13 Segment Anything Everywhere\n\nMeta AI, 2023.4\n\n- uses ViT\n"
    assert [(e.title, e.read_on, e.published) for e in _entries(text)] == [
        ("Segment Anything Everywhere", date(2024, 5, 13), "2023-04")]


def test_fields_as_list_items_under_a_title_heading_give_the_reading_date_and_the_alias() -> None:
    text = ("# 生成模型论文笔记\n\n## 2024年8月\n\n### 《Scalable Diffusion Models with Transformers》\n\n"
            "- 阅读日期：2024-08-01\n- 作者单位：UC Berkeley、New York University\n- 发表：ICCV 2023\n- 简称：DiT\n"
            "- 笔记：\n  1. 借鉴 ViT 的 patchify\n\n"
            "### PixArt-α: Fast Training of Diffusion Transformer\n\n- 读于：8/3\n- 作者单位：华为诺亚方舟实验室\n"
            "- 发表：ICLR 2024\n- 笔记：以 DiT 为基座\n\n"
            "### Stable Video Diffusion: Scaling Latent Video Diffusion Models\n\n- **Date read**: 2024.9.2\n"
            "- **Short name**: SVD\n- Affiliations: Stability AI\n- 在 SD 2.1 基础上插入时序层\n")
    assert _facts(text) == [
        ("Scalable Diffusion Models with Transformers", "DiT", date(2024, 8, 1), "2023",
         "UC Berkeley、New York University", "read", [(11, "- 笔记："), (12, "  1. 借鉴 ViT 的 patchify")]),
        ("PixArt-α: Fast Training of Diffusion Transformer", "PixArt-α", date(2024, 8, 3), "2024", "华为诺亚方舟实验室",
         "read", [(19, "- 笔记：以 DiT 为基座")]),
        ("Stable Video Diffusion: Scaling Latent Video Diffusion Models", "SVD", date(2024, 9, 2), None,
         "Stability AI", "read", [(26, "- 在 SD 2.1 基础上插入时序层")]),
    ]
    assert _warnings(text) == []


def test_a_reading_date_field_in_a_list_item_or_under_a_title_line() -> None:
    listed = ("Reading log\n\n2024-05-01\n\n- \"Orca: Progressive Learning from Complex Explanation Traces\"\n"
              "  - Read: 2024-05-03\n  - Alias: Orca\n  - Affiliations: Microsoft\n  - trained on GPT-4 traces\n"
              "- \"Tree of Thoughts: Deliberate Problem Solving with Large Language Models\"\n  - Read on: May 32\n")
    assert _facts(listed) == [
        ("Orca: Progressive Learning from Complex Explanation Traces", "Orca", date(2024, 5, 3), None, "Microsoft",
         "read", [(9, "  - trained on GPT-4 traces")]),
        ("Tree of Thoughts: Deliberate Problem Solving with Large Language Models", None, None, None, "", "read", []),
    ]
    assert _warnings(listed) == ["log.md:11: date 'May 32' is not a date; entry kept without a reading date"]
    daily = "## 2024.3.1\n\n《Some Paper Title Here》\n阅读日期：2024.3.4\n简称：SPTH\n1. 要点\n"
    assert _facts(daily) == [("Some Paper Title Here", "SPTH", date(2024, 3, 4), None, "", "read", [(6, "1. 要点")])]


def test_the_first_item_under_a_linked_title_that_says_who_and_when_is_its_publication_line() -> None:
    text = ("## 2024-05-06\n\n"
            "- [Vision Mamba: Efficient Visual Representation Learning](https://arxiv.org/abs/2401.09417)\n"
            "  - HUST + Horizon Robotics + BAAI, Jan 2024\n  - based on Mamba\n\n"
            "- [Mamba: Linear-Time Sequence Modeling with Selective State Spaces](https://arxiv.org/abs/2312.00752) ★\n"
            "  - CMU & Princeton (Gu & Dao), Dec 2023\n  - follows the S4 line\n\n"
            "- [MoE-Mamba: Efficient Selective State Space Models](https://arxiv.org/abs/2401.04081)\n"
            "  - IDEAS NCBR / Univ. of Warsaw, EMNLP 2024 Findings\n\n"
            "- [Griffin: Mixing Gated Linear Recurrences with Local Attention](https://arxiv.org/abs/2402.19427)\n"
            "  - trained on data up to 2023\n  - Google DeepMind, Feb 2024\n")
    assert _facts(text) == [
        ("Vision Mamba: Efficient Visual Representation Learning", "Vision Mamba", date(2024, 5, 6), "2024-01",
         "HUST + Horizon Robotics + BAAI, Jan 2024", "read", [(5, "  - based on Mamba")]),
        ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "Mamba", date(2024, 5, 6), "2023-12",
         "CMU & Princeton (Gu & Dao), Dec 2023", "read", [(7, "★"), (9, "  - follows the S4 line")]),
        ("MoE-Mamba: Efficient Selective State Space Models", "MoE-Mamba", date(2024, 5, 6), "2024",
         "IDEAS NCBR / Univ. of Warsaw, EMNLP 2024 Findings", "read", []),
        ("Griffin: Mixing Gated Linear Recurrences with Local Attention", "Griffin", date(2024, 5, 6), None, "",
         "read", [(15, "  - trained on data up to 2023"), (16, "  - Google DeepMind, Feb 2024")]),
    ]


def test_a_linked_reading_list_item_is_the_paper_it_links_to_and_a_task_is_no_paper() -> None:
    text = ("## 2024-05-20\n\n- [Mamba: Linear-Time Sequence Modeling](https://arxiv.org/abs/2312.00752)\n"
            "  - CMU + Princeton, Dec 2023\n"
            "- [ ] [Leave No Context Behind: Efficient Infinite Context Transformers](https://arxiv.org/abs/2404.07143)"
            " #to-read (Google, compressive memory)\n"
            "- [ ] [Megalodon: Efficient LLM Pretraining](https://arxiv.org/abs/2404.08801) #to-read\n"
            "- [x] [[Retentive Network: A Successor to Transformer]]\n"
            "- [ ] write up a 1-pager comparing DPO / KTO / ORPO / SimPO for the team\n"
            "- [ ] Reproduce the ablation of Mamba on our data\n"
            "- [ ] [blog post on state space models](https://example.org/ssm)\n"
            "- [ ] Set Transformer: A Framework for Attention-based Permutation-Invariant Networks\n"
            "- [ ] xLSTM: Extended Long Short-Term Memory\n")
    assert _facts(text) == [
        ("Mamba: Linear-Time Sequence Modeling", "Mamba", date(2024, 5, 20), "2023-12", "CMU + Princeton, Dec 2023",
         "read", []),
        ("Leave No Context Behind: Efficient Infinite Context Transformers", None, None, None,
         "(Google, compressive memory)", "to-read", [(5, "(Google, compressive memory)")]),
        ("Megalodon: Efficient LLM Pretraining", "Megalodon", None, None, "", "to-read", []),
        ("Retentive Network: A Successor to Transformer", "Retentive Network", None, None, "", "read", []),
        ("Set Transformer: A Framework for Attention-based Permutation-Invariant Networks", "Set Transformer", None,
         None, "", "to-read", []),
        ("xLSTM: Extended Long Short-Term Memory", "xLSTM", None, None, "", "to-read", []),
    ]
    (report,) = parse_texts([("log.md", text)]).files
    assert (report.entries, report.other_items) == (6, 3)


@pytest.mark.parametrize(
    ("text", "published"),
    [("[arXiv 2410.05258] (MSR, Tsinghua)", "2024-10"), ("arXiv:2501.00663v2", "2025-01"),
     ("https://arxiv.org/abs/2407.08608", "2024-07"), ("NeurIPS 2023, arXiv 2305.12345", "2023-05"),
     ("2410.05258", None), ("arXiv 2413.00001", None)],
)
def test_an_arxiv_id_says_the_year_and_month_a_paper_appeared(text: str, published: str | None) -> None:
    assert find_publication(text) == published


TERSE = """# arch reading

key: ← builds on · vs compared with

2024-10-08
- Differential Transformer [arXiv 2410.05258] (MSR, Tsinghua)
    ← Transformer
    + headwise GroupNorm
- nGPT: Normalized Transformer on the Hypersphere [arXiv 2410.01131] (NVIDIA)
    vs GPT baseline

2024-12-02
- FlashAttention-3: Fast and Accurate Attention https://arxiv.org/abs/2407.08608 (Colfax Research, Meta)
    reread for H100 tricks
- Were RNNs All We Needed? (Mila, Borealis AI)
    ← LSTM, GRU
- Related work (Liu et al.)
    not a paper: a citation in brackets
- [ ] Gated Delta Networks: Improving Mamba2 with Delta Rule [arXiv 2412.06464] (NVIDIA, MIT)
"""


def test_a_list_item_under_a_date_whose_title_no_mark_sets_apart_is_an_entry() -> None:
    """`- Title [arXiv id] (Org)` with notes indented below it, under a bare date line: the title runs up to the id,
    a link or the brackets that close the item; the id gives the month, the brackets who published it. The file's
    `# title` is no entry."""
    assert _facts(TERSE) == [
        ("Differential Transformer", None, date(2024, 10, 8), "2024-10", "MSR, Tsinghua", "read",
         [(7, "    ← Transformer"), (8, "    + headwise GroupNorm")]),
        ("nGPT: Normalized Transformer on the Hypersphere", "nGPT", date(2024, 10, 8), "2024-10", "NVIDIA", "read",
         [(10, "    vs GPT baseline")]),
        ("FlashAttention-3: Fast and Accurate Attention", "FlashAttention-3", date(2024, 12, 2), "2024-07",
         "Colfax Research, Meta", "read", [(14, "    reread for H100 tricks")]),
        ("Were RNNs All We Needed?", None, date(2024, 12, 2), None, "Mila, Borealis AI", "read",
         [(16, "    ← LSTM, GRU")]),
        ("Gated Delta Networks: Improving Mamba2 with Delta Rule", None, None, "2024-12", "NVIDIA, MIT", "to-read",
         [(19, "[arXiv 2412.06464] (NVIDIA, MIT)")]),
    ]
    assert parse_texts([("log.md", TERSE)]).files[0].layout == "list"


NOTION = """# 论文周记

## 2024/09/02 – 09/08（W36）

1. 《Qwen2-VL: Enhancing Perception at Any Resolution》（阿里巴巴，2024.9）
    - 基线：GPT-4o
2. LLaVA-OneVision: Easy Visual Task Transfer — 字节跳动
    - 2024.8，LLaVA-NeXT 系列的延续
    - 方法：SigLIP 视觉编码器
3. [ ] 《MMMU-Pro: A More Robust Benchmark》（CMU，2024.9）（待读）
4. 《Emu3: Next-Token Prediction is All You Need》（智源，2024.9）（待读）
5. Apollo: An Exploration of Video Understanding — Meta、斯坦福（待读）
- [ ] 《Movie Gen: A Cast of Media Foundation Models》（Meta，2024.10）
"""


def test_numbered_items_with_titles_in_or_out_of_brackets_and_their_to_read_marks() -> None:
    """`N. Title — Org` with notes below is an entry as `N. 《Title》（Org，date）` is; a first note that says when
    gives the date and stays a note; `N. [ ] 《Title》…`, `- [ ] 《Title》…` and a `（待读）` after the organisations
    make to-read entries, the checkbox no alias."""
    assert _facts(NOTION) == [
        ("Qwen2-VL: Enhancing Perception at Any Resolution", "Qwen2-VL", date(2024, 9, 2), "2024-09",
         "（阿里巴巴，2024.9）", "read", [(6, "    - 基线：GPT-4o")]),
        ("LLaVA-OneVision: Easy Visual Task Transfer", "LLaVA-OneVision", date(2024, 9, 2), "2024-08", "字节跳动",
         "read", [(8, "    - 2024.8，LLaVA-NeXT 系列的延续"), (9, "    - 方法：SigLIP 视觉编码器")]),
        ("MMMU-Pro: A More Robust Benchmark", "MMMU-Pro", None, "2024-09", "（CMU，2024.9）", "to-read",
         [(10, "（CMU，2024.9）（待读）")]),
        ("Emu3: Next-Token Prediction is All You Need", "Emu3", None, "2024-09", "（智源，2024.9）", "to-read", []),
        ("Apollo: An Exploration of Video Understanding", "Apollo", None, None, "Meta、斯坦福", "to-read", []),
        ("Movie Gen: A Cast of Media Foundation Models", "Movie Gen", None, "2024-10", "（Meta，2024.10）", "to-read",
         [(13, "（Meta，2024.10）")]),
    ]
    assert _warnings(NOTION) == []


def test_a_first_note_that_says_the_paper_is_to_read_makes_a_to_read_entry() -> None:
    text = ("## 2024-08-22 | Loom: Interleaved Layout Generation\n\n- 机构：Lumina Labs · 2024.08\n"
            "- （待读）听说是反过来做：生成带版面的文档图像\n\n"
            "## 2024-08-29 | Marlin-VL 2: Preference-Tuned Document VLMs\n\n- 机构：Lumina Labs · 2024.08\n"
            "- 对比 Marlin-VL（待读的那篇另说）\n")
    assert _facts(text) == [
        ("Loom: Interleaved Layout Generation", "Loom", None, "2024-08", "Lumina Labs · 2024.08", "to-read",
         [(4, "- （待读）听说是反过来做：生成带版面的文档图像")]),
        ("Marlin-VL 2: Preference-Tuned Document VLMs", "Marlin-VL 2", date(2024, 8, 29), "2024-08",
         "Lumina Labs · 2024.08", "read", [(9, "- 对比 Marlin-VL（待读的那篇另说）")]),
    ]


def test_the_title_of_a_log_with_dates_is_never_its_only_entry() -> None:
    text = ("# arch and efficiency reading\n\n2024-10-08\n- some thoughts on attention sinks\n    more notes here\n\n"
            "2024-10-09\n- another day of notes\n")
    log = parse_texts([("log.md", text)])
    assert (log.entries, [str(w) for w in log.warnings]) == ((), ["log.md:1: no paper entries found in this file"])


def test_a_list_item_with_notes_below_that_names_no_paper_is_said() -> None:
    assert _warnings(TERSE) == [
        "log.md:17: list item with notes below it names no paper (no title in 《》, bold, quotes or a link, nor "
        "`Title (Org)` or `Title [arXiv id]`): not read as an entry"
    ]


def test_review_style_headings_with_where_from_in_brackets() -> None:
    """A review-style log: `# date` headings, `## Title (Org & Org, Venue Year)` per paper, paragraphs led by bold
    words that end in a full stop (`**Relation to prior work.**`: a lead, no title)."""
    text = ("# 2024-10-07\n\n## Mamba: Linear-Time Sequence Modeling (CMU & Princeton, COLM 2024)\n\n"
            "**Summary.** It makes the SSM input-dependent.\n\n"
            "**Relation to prior work.** It builds directly on S4 and on H3.\n\n"
            "## Differential Transformer (Microsoft Research, arXiv Oct 2024)\n\n**Summary.** Two softmax maps.\n")
    assert [(e.title, e.read_on, e.orgs_text, e.published, [ln.text for ln in e.body])
            for e in parse_texts([("log.md", text)]).entries] == [
        ("Mamba: Linear-Time Sequence Modeling", date(2024, 10, 7), "CMU & Princeton, COLM 2024", "2024",
         ["**Summary.** It makes the SSM input-dependent.",
          "**Relation to prior work.** It builds directly on S4 and on H3."]),
        ("Differential Transformer", date(2024, 10, 7), "Microsoft Research, arXiv Oct 2024", "2024-10",
         ["**Summary.** Two softmax maps."]),
    ]


def test_blocks_of_fields_dated_by_a_reading_date_field() -> None:
    """`title: …` blocks with a `date read:` field each, parted by `---`: no date stands on a line of its own, but
    every block dates itself, so the title fields open entries."""
    text = ("# reading log\n\n---\n\ntitle: 3D Gaussian Splatting for Real-Time Radiance Field Rendering\n"
            "date read: 2024-07-02\nyear: 2023 (SIGGRAPH, TOG)\nnotes:\n    initialised from the SfM points of COLMAP\n"
            "\n---\n\ntitle: 2D Gaussian Splatting for Geometrically Accurate Radiance Fields\ndate read: 2024-07-04\n"
            "year: 2024\nnotes:\n    builds on 3DGS\n")
    entries = parse_texts([("l.md", text)]).entries
    assert [(e.title, e.read_on, e.published, [ln.text for ln in e.body]) for e in entries] == [
        ("3D Gaussian Splatting for Real-Time Radiance Field Rendering", date(2024, 7, 2), "2023",
         ["notes:", "    initialised from the SfM points of COLMAP", "---"]),
        ("2D Gaussian Splatting for Geometrically Accurate Radiance Fields", date(2024, 7, 4), "2024",
         ["notes:", "    builds on 3DGS"])]


def test_a_diary_dated_by_days_under_the_year_its_title_names() -> None:
    """`### 11月12日 周二` under `# 2024年读论文日记`: the day is of the year the file's title names; the notes
    written on a title's own line after where it comes from are notes of the entry."""
    text = ("# 2024年读论文日记\n\n随手记。\n\n### 11月12日 周二\n\n"
            "《Tree of Thoughts》，普林斯顿和 Google DeepMind，NeurIPS 2023。把 CoT 推广成一棵树，底座是 GPT-4。\n")
    assert [(e.title, e.read_on, e.orgs_text, e.published, [(ln.number, ln.text) for ln in e.body])
            for e in parse_texts([("l.md", text)]).entries] == [
        ("Tree of Thoughts", date(2024, 11, 12), "，普林斯顿和 Google DeepMind，NeurIPS 2023。", "2023",
         [(7, "把 CoT 推广成一棵树，底座是 GPT-4。")])]


def test_a_diary_names_the_paper_it_reads_inside_a_paragraph() -> None:
    """`今天读的是《ReAct: …》，…`, `接着读 **Reflexion**（Reflexion: …），…`: the reading words name the entry's paper
    (by the full title in brackets after a short name); a 《title》 later in the paragraph is cited, no entry."""
    text = ("# 2024年读论文日记\n\n### 11月3日 周日\n\n"
            "周末补经典，今天读的是《ReAct: Synergizing Reasoning and Acting in Language Models》，普林斯顿和谷歌的。"
            "在 CoT 的基础上加了动手的能力。\n\n### 11月5日 周二\n\n"
            "接着读 **Reflexion**（Reflexion: Language Agents with Verbal Reinforcement Learning），NeurIPS 2023。"
            "可以说是《ReAct》的直接延续。\n")
    assert [(e.title, e.read_on, [ln.text for ln in e.body]) for e in parse_texts([("l.md", text)]).entries] == [
        ("ReAct: Synergizing Reasoning and Acting in Language Models", date(2024, 11, 3),
         ["在 CoT 的基础上加了动手的能力。"]),
        ("Reflexion: Language Agents with Verbal Reinforcement Learning", date(2024, 11, 5),
         ["可以说是《ReAct》的直接延续。"]),
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Are Transformers Effective for Time Series Forecasting? (DLinear)",
         ("DLinear", "Are Transformers Effective for Time Series Forecasting?")),
        ("A decoder-only foundation model for time-series forecasting (TimesFM)",
         ("TimesFM", "A decoder-only foundation model for time-series forecasting")),
        # a venue, a year, a status or a surname in brackets is no short name
        ("Attention Is All You Need (ICLR)", (None, "Attention Is All You Need (ICLR)")),
        ("Scaling Laws for Neural Language Models (Oral)", (None, "Scaling Laws for Neural Language Models (Oral)")),
        ("Something About Everything Here (2021)", (None, "Something About Everything Here (2021)")),
    ],
)
def test_a_short_name_in_brackets_after_the_title(title: str, expected: tuple[str | None, str]) -> None:
    assert split_alias(title) == expected


@pytest.mark.parametrize(
    ("field", "orgs", "published"),
    [
        ("authors/org: Kerbl, Kopanas, Drettakis / Inria, MPI Informatik", "Inria, MPI Informatik", "2023"),
        ("org / authors: Inria, MPI Informatik / Kerbl, Kopanas", "Inria, MPI Informatik", "2023"),
        ("authors/org: ShanghaiTech University, University of Tübingen",
         "ShanghaiTech University, University of Tübingen", "2023"),
        ("作者/单位：张三、李四／清华大学", "清华大学", "2023"),
        # the venue's year dates the paper; the year field after it is a note then
        ("venue/org: NeurIPS 2022 / Meta AI", "Meta AI", "2022"),
    ],
)
def test_a_field_that_names_people_and_organisations_gives_the_organisations(
        field: str, orgs: str, published: str) -> None:
    """`authors/org: people / organisations`: a field name that joins two is read by its parts, and the value's
    side that stands where the name says organisations are is the organisation line; a value of one side is
    all of it."""
    text = (f"# log\n\n---\n\ntitle: 3D Gaussian Splatting for Real-Time Radiance Field Rendering\n"
            f"date read: 2024-07-02\n{field}\nyear: 2023 (SIGGRAPH)\nnotes:\n    uses COLMAP\n")
    assert [(e.title, e.read_on, e.orgs_text, e.published, e.status, [ln.text for ln in e.body])
            for e in _entries(text)] == [
        ("3D Gaussian Splatting for Real-Time Radiance Field Rendering", date(2024, 7, 2), orgs, published, "read",
         ["year: 2023 (SIGGRAPH)"] * (published != "2023") + ["notes:", "    uses COLMAP"])]


WIKI = """# Time Series Reading Group

> shared page, updated before each meeting.

## 1. Long-term forecasting (LTSF)

| Paper | Venue | Read |
|---|---|---|
| Informer: Beyond Efficient Transformer for Long Sequence Forecasting | AAAI 2021 | 2024-05-06 |
| FEDformer: Frequency Enhanced Decomposed Transformer | ICML 2022 | 2024-05-10 |
| TimesNet: Temporal 2D-Variation Modeling | ICLR 2023 | 2024-05-20 |

## Papers discussed but not yet in a table

- **TimeGPT-1** (Nixtla, arXiv 2023.10) — read 2024-06-20, presented by Wang
  - encoder-decoder Transformer, compared with N-HiTS and DeepAR

- **TimeMixer: Decomposable Multiscale Mixing for Time Series Forecasting** (Tsinghua & Ant Group, ICLR 2024) — \
read 2024-05-29
  - decomposition as in Autoformer
"""


def test_a_section_heading_over_papers_in_a_table_or_in_bullets_opens_no_entry() -> None:
    """A heading over a table of papers names their section; a heading with no paper's title over bullets that each
    open with a marked title and where it comes from (`- **TimeGPT-1** (Nixtla, arXiv 2023.10) — read 2024-06-20`)
    is a section too: each bullet is an entry, dated by the `read …` its line writes, with the notes under it."""
    parsed = parse_texts([("wiki.md", WIKI)])
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.status, [(ln.number, ln.text) for ln in e.body])
            for e in parsed.entries] == [
        ("Informer: Beyond Efficient Transformer for Long Sequence Forecasting", "Informer", date(2024, 5, 6), "2021",
         "AAAI 2021", "read", []),
        ("FEDformer: Frequency Enhanced Decomposed Transformer", "FEDformer", date(2024, 5, 10), "2022", "ICML 2022",
         "read", []),
        ("TimesNet: Temporal 2D-Variation Modeling", "TimesNet", date(2024, 5, 20), "2023", "ICLR 2023", "read", []),
        ("TimeGPT-1", None, date(2024, 6, 20), "2023-10", "Nixtla, arXiv 2023.10", "read",
         [(15, "presented by Wang"), (16, "  - encoder-decoder Transformer, compared with N-HiTS and DeepAR")]),
        ("TimeMixer: Decomposable Multiscale Mixing for Time Series Forecasting", "TimeMixer", date(2024, 5, 29),
         "2024", "Tsinghua & Ant Group, ICLR 2024", "read", [(19, "  - decomposition as in Autoformer")]),
    ]
    assert [str(w) for w in parsed.warnings] == []


def test_a_paper_heading_whose_notes_are_bullets_of_other_works_stays_one_entry() -> None:
    """Bullets under a paper's own heading that name other works are its notes: one bullet, or bullets without
    where they come from, or a heading that says where its paper comes from, keep the heading an entry."""
    text = ("## 2024-06-01\n\n### Mamba: Linear-Time Sequence Modeling with Selective State Spaces\n\n"
            "- **S4** (Stanford, ICLR 2022) is what it builds on\n- **Transformer** is the baseline\n\n"
            "### Jamba: A Hybrid Transformer-Mamba Language Model (AI21, 2024)\n\n"
            "- **Mamba** (CMU, 2023.12)\n- **Mixtral** (Mistral AI, 2024.1)\n")
    assert [(e.title, e.published, [ln.text for ln in e.body]) for e in _entries(text)] == [
        ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", None,
         ["- **S4** (Stanford, ICLR 2022) is what it builds on", "- **Transformer** is the baseline"]),
        ("Jamba: A Hybrid Transformer-Mamba Language Model", "2024",
         ["- **Mamba** (CMU, 2023.12)", "- **Mixtral** (Mistral AI, 2024.1)"]),
    ]


def test_a_diary_paragraph_that_says_where_its_work_comes_from_opens_an_entry() -> None:
    """A paragraph whose first sentence names a work and then where it comes from opens its entry, whatever words
    lead to it (`**AutoGen**（full title），微软研究院等，2023年8月。`, `本周就读了一篇，《X》，CMU 和 MIT，
    2024年9月。`, `回头把 **MemGPT**（…）读了，UC Berkeley，…`); `22年10月` is 2022-10; `，也就是 **CodeAct**，` after
    a title is its short name. A work compared (`和《ReAct》相比，…2023年…`) or cited later is no entry."""
    text = ("# 2024年读论文日记\n\n### 12月8日 周日\n\n"
            "**AutoGen**（AutoGen: Enabling Next-Gen LLM Applications via Multi-Agent Conversation），微软研究院等，"
            "2023年8月。各 agent 之间通过对话协作。\n\n"
            "和《ReAct》相比，它在2023年之后更常用。\n\n"
            "### 12月14日 周六\n\n"
            "本周就读了一篇，《Agent Workflow Memory》，CMU 和 MIT，2024年9月。"
            "思路和 Voyager 的 skill library 很像。\n\n"
            "因为 HiMem 老提 MemGPT，回头把 **MemGPT**（MemGPT: Towards LLMs as Operating Systems）读了，UC Berkeley，"
            "22年10月挂的。借鉴操作系统的虚拟内存。\n\n"
            "《Executable Code Actions Elicit Better LLM Agents》，也就是 **CodeAct**，UIUC 和苹果，ICML 2024。"
            "和 Toolformer 比起来，这里是直接让模型写程序。\n")
    parsed = parse_texts([("l.md", text)])
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.status, [(ln.number, ln.text) for ln in e.body])
            for e in parsed.entries] == [
        ("AutoGen: Enabling Next-Gen LLM Applications via Multi-Agent Conversation", "AutoGen", date(2024, 12, 8),
         "2023-08", "，微软研究院等，2023年8月。", "read",
         [(5, "各 agent 之间通过对话协作。"), (7, "和《ReAct》相比，它在2023年之后更常用。")]),
        ("Agent Workflow Memory", None, date(2024, 12, 14), "2024-09", "，CMU 和 MIT，2024年9月。", "read",
         [(11, "思路和 Voyager 的 skill library 很像。")]),
        ("MemGPT: Towards LLMs as Operating Systems", "MemGPT", date(2024, 12, 14), "2022-10",
         "，UC Berkeley，22年10月挂的。", "read", [(13, "借鉴操作系统的虚拟内存。")]),
        ("Executable Code Actions Elicit Better LLM Agents", "CodeAct", date(2024, 12, 14), "2024",
         "，UIUC 和苹果，ICML 2024。", "read", [(15, "和 Toolformer 比起来，这里是直接让模型写程序。")]),
    ]
    assert [str(w) for w in parsed.warnings] == []


@pytest.mark.parametrize(("text", "published"), [("22年10月挂的arXiv", "2022-10"), ("23年5月的 arXiv", "2023-05"),
                                                 ("这22年里", None), ("12年13月", None), ("2023年 24年3月", "2023")])
def test_a_two_digit_year_before_a_month_is_of_this_century(text: str, published: str | None) -> None:
    assert find_publication(text) == published


def test_a_heading_over_paper_bullets_and_other_lines_stays_one_entry_and_is_said() -> None:
    """Papers listed under a heading beside other lines (`These came up in meetings:`): the heading stays one entry
    holding them as notes, and the warning names the lines of the papers so the reader can give each its own."""
    text = ("## 2024-06-01\n\n## Papers discussed in meetings\n\nThese came up, not yet in a table:\n\n"
            "- **TimeGPT-1** (Nixtla, arXiv 2023.10) — read 2024-06-20\n"
            "- **TimeMixer: Decomposable Multiscale Mixing** (Tsinghua & Ant Group, ICLR 2024)\n")
    parsed = parse_texts([("wiki.md", text)])
    assert [(e.title, e.read_on, e.orgs_text, [ln.number for ln in e.body]) for e in parsed.entries] == [
        ("Papers discussed in meetings", date(2024, 6, 1), "", [5, 7, 8])]
    assert [str(w) for w in parsed.warnings] == [
        "wiki.md:3: 2 list items under this heading name papers and where they come from (lines 7, 8), but other "
        "lines stand beside them: read as the notes of one entry, the heading"]


@pytest.mark.parametrize("heading, title", [
    ("## 2024-03-05 — InstructBLIP", "InstructBLIP"),
    ("## 2024-03-05 — Segment Anything", "Segment Anything"),
    ("## 2024-03-05 – LLaVA-1.5", "LLaVA-1.5"),
    ("## 2024.3.5 | Mamba-2", "Mamba-2"),
    ("## 2024-03-05: BERT", "BERT"),
])
def test_a_dated_heading_names_its_paper_however_short_the_title(heading: str, title: str) -> None:
    """`## 2024-03-05 — InstructBLIP`: a day, a dash and a name is an entry as a day and a long title is, in a log
    whose other entries are written so; before, a title of one or two words made the heading a date, and its notes
    were read as no entry's."""
    text = ("# Reading log\n\n## 2024-03-02 — Visual Instruction Tuning (LLaVA)\n*NeurIPS 2023, Microsoft*\n"
            f"- Builds on Vicuna and CLIP.\n\n{heading}\n*Salesforce, 2023-05*\n- Builds on BLIP-2.\n")
    got = [(e.title, e.read_on, e.orgs_text, [ln.text for ln in e.body]) for e in _entries(text)]
    assert got == [("Visual Instruction Tuning", date(2024, 3, 2), "*NeurIPS 2023, Microsoft*",
                    ["- Builds on Vicuna and CLIP."]),
                   (title, date(2024, 3, 5), "*Salesforce, 2023-05*", ["- Builds on BLIP-2."])]


@pytest.mark.parametrize("heading", ["## 2024-03-05 — Monday", "## 2024-03-05 — Reading Group", "## 2024-03-05 - 周二",
                                     "## 2024-03-05 — Week 10"])
def test_a_dated_heading_with_a_weekday_or_a_plain_word_is_a_date(heading: str) -> None:
    """A day and a weekday or a word of no name's shape is a date heading over the entries of that day."""
    text = (f"# Reading log\n\n{heading}\n\n《Visual Instruction Tuning》\nNeurIPS 2023, Microsoft\n"
            "1. 基于Vicuna和CLIP\n")
    assert [(e.title, e.read_on) for e in _entries(text)] == [("Visual Instruction Tuning", date(2024, 3, 5))]


def test_the_lines_no_entry_holds_are_said() -> None:
    """Prose under a section's heading, a table of scores, a remark between entries: the lines of text no layout
    read are counted and named in the file's report (the build prints them), so nothing is left out unsaid. The
    title, date lines and rules are no such lines."""
    text = ("Reading log\n\n**Mar 2, 2024**\n\n## 2024-03-02 — Visual Instruction Tuning (LLaVA)\n"
            "*NeurIPS 2023, Microsoft*\n- Builds on Vicuna and CLIP.\n\n## Open questions\n\n"
            "- Why a linear projector rather than a Q-Former?\n\nMiniGPT-4 does the same.\n\n---\n\n"
            "| Model | Score |\n|---|---|\n| LLaVA | 70.6 |\n\n## 2024-03-05 — InstructBLIP\n"
            "*Salesforce, 2023-05*\n- Builds on BLIP-2.\n")
    parsed = parse_texts([("log.md", text)])
    assert [e.title for e in parsed.entries] == ["Visual Instruction Tuning", "InstructBLIP"]
    assert [(r.entries, r.outside) for r in parsed.files] == [(2, (11, 13, 17, 19))]
    assert parsed.warnings == ()


@pytest.mark.parametrize("day_line", ["Mon 14 Oct 2024", "Monday, 14 October 2024", "【2024-10-14】", "[2024-10-14]",
                                      "October 14, 2024", "周一 2024-10-14", "(2024.10.14)"])
def test_a_plain_line_that_is_a_day_dates_the_entries_below_it(day_line: str) -> None:
    """A log with no headings dates its days on lines of their own, after a weekday or in brackets (`Mon 14 Oct
    2024`, `【2024-11-05】`): each is the reading date of the entries below it and ends the notes of the one above;
    before, only a line opening with the day's number was, and every entry was kept without a reading date."""
    text = (f"reading log\n\n{day_line}\n\nPaper: Differential Transformer\n"
            "From: Microsoft Research and Tsinghua University (arXiv, Oct 2024)\n"
            "They start from standard Transformer attention.\n\nWed 16 Oct 2024\n\n【论文】Molmo and PixMo: Open Data\n"
            "【机构】Allen Institute for AI\n【时间】2024.9\n【笔记】\n① 基于 OLMo\n")
    parsed = parse_texts([("log.md", text)])
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status, [(ln.number, ln.text) for ln in e.body])
            for e in parsed.entries] == [
        ("Differential Transformer", date(2024, 10, 14), "2024-10",
         "From: Microsoft Research and Tsinghua University (arXiv, Oct 2024)", "read",
         [(6, "From: Microsoft Research and Tsinghua University (arXiv, Oct 2024)"),
          (7, "They start from standard Transformer attention.")]),
        ("Molmo and PixMo: Open Data", date(2024, 10, 16), "2024-09", "Allen Institute for AI", "read",
         [(14, "【笔记】"), (15, "① 基于 OLMo")]),
    ]
    assert parsed.warnings == ()


@pytest.mark.parametrize("read_line", ["*read 2024-08-03*", "(read on 2024-08-03)", "_Read: 2024-08-03_",
                                       "读于 2024-08-03", "*finished 3 Aug 2024*"])
def test_a_line_saying_when_the_paper_was_read_is_its_reading_date(read_line: str) -> None:
    """`### [Beltagy et al., 2020] Longformer: …` over `*read 2024-08-03*` and `- Venue: arXiv 2020.04, Allen
    Institute for AI`: the line that says only when it was read is the entry's reading date, and a venue field
    that names more than a year is the line of where and when the work comes from; before, the reading line was
    taken for the publication line, the venue's organisations were lost and every entry was kept without a reading
    date."""
    text = ("# Related work notes\n\nWorking notes.\n\n### [Beltagy et al., 2020] Longformer: The Long-Document "
            f"Transformer\n{read_line}\n- Venue: arXiv 2020.04, Allen Institute for AI\n"
            "- Method: sliding window attention.\n\n### [Zaheer et al., 2020] Big Bird: Transformers for Longer "
            "Sequences\n*read 2024-08-05*\n- Venue: NeurIPS 2020\n- Compared: RoBERTa and Longformer.\n")
    parsed = parse_texts([("thesis.md", text)])
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.status, [(ln.number, ln.text) for ln in e.body])
            for e in parsed.entries] == [
        ("Longformer: The Long-Document Transformer", "Longformer", date(2024, 8, 3), "2020-04",
         "arXiv 2020.04, Allen Institute for AI", "read", [(8, "- Method: sliding window attention.")]),
        ("Big Bird: Transformers for Longer Sequences", "Big Bird", date(2024, 8, 5), "2020", "NeurIPS 2020", "read",
         [(13, "- Compared: RoBERTa and Longformer.")]),
    ]
    assert parsed.warnings == ()


def test_the_papers_under_a_heading_that_says_they_are_not_yet_read_are_to_read() -> None:
    """`### 推荐了但还没读` (`## To read`, `## Backlog`, `## 待读`) over papers: each is still to read, with no
    reading date and no warning that it has none; a heading no deeper than it ends the section. Before, they were
    read papers kept without a reading date."""
    text = ("# 季报\n\n## Q3 2024\n\n### 9月\n\n- 9/27 读 《OLMoE: Open Mixture-of-Experts Language Models》"
            "(AI2, 2024.9)\n\n### 推荐了但还没读\n\n- 《MiniCPM-V: A GPT-4V Level MLLM on Your Phone》（端侧多模态）\n"
            "- 《Law of Vision Representation in MLLMs》\n\n### 10月\n\n- 10/8 读 《Molmo and PixMo》(AI2, 2024.9)\n")
    parsed = parse_texts([("q.md", text)])
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status, [ln.text for ln in e.body])
            for e in parsed.entries] == [
        ("OLMoE: Open Mixture-of-Experts Language Models", date(2024, 9, 27), "2024-09", "(AI2, 2024.9)", "read", []),
        ("MiniCPM-V: A GPT-4V Level MLLM on Your Phone", None, None, "（端侧多模态）", "to-read", []),
        ("Law of Vision Representation in MLLMs", None, None, "", "to-read", []),
        ("Molmo and PixMo", date(2024, 10, 8), "2024-09", "(AI2, 2024.9)", "read", []),
    ]
    assert parsed.warnings == ()


@pytest.mark.parametrize("heading", ["## To read", "## Backlog", "## 待读", "## Not yet read", "## Reading queue",
                                     "## Up next", "## 下次读"])
def test_title_headings_under_a_to_read_section_are_to_read(heading: str) -> None:
    text = ("# Reading log\n\n## 2024-03-02 — Visual Instruction Tuning (LLaVA)\n*NeurIPS 2023, Microsoft*\n"
            f"- Builds on Vicuna and CLIP.\n\n{heading}\n\n### InstructBLIP: Towards General-purpose Models\n"
            "*Salesforce, 2023-05*\n- Builds on BLIP-2.\n\n## 2024-03-05 — Segment Anything\n*Meta, 2023-04*\n")
    parsed = parse_texts([("log.md", text)])
    assert [(e.title, e.read_on, e.orgs_text, e.status) for e in parsed.entries] == [
        ("Visual Instruction Tuning", date(2024, 3, 2), "*NeurIPS 2023, Microsoft*", "read"),
        ("InstructBLIP: Towards General-purpose Models", None, "*Salesforce, 2023-05*", "to-read"),
        ("Segment Anything", date(2024, 3, 5), "*Meta, 2023-04*", "read"),
    ]
    assert parsed.warnings == ()


def test_a_daily_log_s_to_read_section_holds_papers_to_read() -> None:
    text = ("## 2024.1.17\n\n《InstructBLIP》\n2023.5 Salesforce\n1. 基于BLIP-2\n\n## 待读\n\n《Segment Anything》\n"
            "2023.4 Meta\n")
    parsed = parse_texts([("log.md", text)])
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status) for e in parsed.entries] == [
        ("InstructBLIP", date(2024, 1, 17), "2023-05", "2023.5 Salesforce", "read"),
        ("Segment Anything", None, "2023-04", "2023.4 Meta", "to-read"),
    ]
    assert parsed.warnings == ()


@pytest.mark.parametrize("opener", ["- 7/3 读 ", "7/3 读 ", "- "])
def test_who_and_when_in_brackets_then_a_colon_end_where_the_notes_begin(opener: str) -> None:
    """`- 7/3 读 《Gemma 2: …》(Google DeepMind, 2024.6)：2B/9B 用 knowledge distillation…；…`: the brackets say who
    published it and when, everything after the colon is notes; before, the first clause of the notes joined the
    publication line (and its names were read as organisations: 'Depth Anything V1', 'TTT')."""
    head = "## 2024年7月\n\n" if opener != "- " else "## 2024-07-03\n\n"
    text = (f"{head}{opener}《Gemma 2: Improving Open Language Models》(Google DeepMind, 2024.6)：2B/9B 用 knowledge "
            "distillation 从大模型学；9B 明显强于 Llama 3 8B\n")
    parsed = parse_texts([("q.md", text)])
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status, [(ln.number, ln.text) for ln in e.body])
            for e in parsed.entries] == [
        ("Gemma 2: Improving Open Language Models", date(2024, 7, 3), "2024-06", "(Google DeepMind, 2024.6)", "read",
         [(3, "2B/9B 用 knowledge distillation 从大模型学；9B 明显强于 Llama 3 8B")])]
    assert parsed.warnings == ()


def test_an_item_that_reads_two_papers_is_two_entries_each_with_the_notes_that_name_it() -> None:
    """`- 9/2 读 《A》(阿里, 2024.9) 和 《B》(字节, NTU, 2024.8)，两篇对着看：A 是…；B 基于…。横向看 A 比 B 强`: two
    papers read that day, each from where its brackets say, each clause of the notes with the paper it names first
    (one naming neither stays with the one before); before, the second paper was no entry and its notes were the
    first's."""
    text = ("## Q3 2024\n\n### 9月\n\n- 9/2 读 《Qwen2-VL: Enhancing Perception at Any Resolution》(阿里, 2024.9) 和 "
            "《LLaVA-OneVision: Easy Visual Task Transfer》(字节, NTU, 2024.8)，两篇对着看：Qwen2-VL 是 ViT + Qwen2，"
            "和 GPT-4o 打平；LLaVA-OneVision 基于 LLaVA-NeXT，比 GPT-4V 强。一个模型做视频。横向看 Qwen2-VL 更强\n")
    parsed = parse_texts([("q.md", text)])
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.status, e.line, [ln.text for ln in e.body])
            for e in parsed.entries] == [
        ("Qwen2-VL: Enhancing Perception at Any Resolution", "Qwen2-VL", date(2024, 9, 2), "2024-09", "(阿里, 2024.9)",
         "read", 5, ["两篇对着看", "Qwen2-VL 是 ViT + Qwen2，和 GPT-4o 打平；", "横向看 Qwen2-VL 更强"]),
        ("LLaVA-OneVision: Easy Visual Task Transfer", "LLaVA-OneVision", date(2024, 9, 2), "2024-08",
         "(字节, NTU, 2024.8)", "read", 5, ["LLaVA-OneVision 基于 LLaVA-NeXT，比 GPT-4V 强。", "一个模型做视频。"]),
    ]
    assert parsed.warnings == ()


def test_an_item_that_says_a_paper_was_read_that_day_but_names_no_title_is_warned_of() -> None:
    """`- 7/12 读 Llama 3 Herd of Models (Meta, 2024.7)：…` among `- 7/3 读 《Title》(Org, date)：…` entries: it
    reads like an entry but no title can be taken from it, so the file and line are said rather than the paper left
    out quietly; an item of the day that reads nothing (`- 7/13 组会`) is no such line."""
    text = ("## Q3 2024\n\n### 7月\n\n- 7/3 读 《Gemma 2: Improving Open Language Models》(Google DeepMind, 2024.6)："
            "用 knowledge distillation\n- 7/12 读 Llama 3 Herd of Models (Meta, 2024.7)：405B dense\n"
            "- 7/13 组会，讨论选题\n")
    parsed = parse_texts([("q.md", text)])
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status, [ln.text for ln in e.body])
            for e in parsed.entries] == [
        ("Gemma 2: Improving Open Language Models", date(2024, 7, 3), "2024-06", "(Google DeepMind, 2024.6)", "read",
         ["用 knowledge distillation"])]
    assert [str(w) for w in parsed.warnings] == [
        "q.md:6: list item says a paper was read that day but names no title this reader knows (in 《》, bold, "
        "quotes or a link, nor `Title (Org)` or `Title [arXiv id]`): not read as an entry"]
    assert [r.outside for r in parsed.files] == [(6, 7)]


@pytest.mark.parametrize("where, published", [
    ("From: Orchard Systems Lab (under review at MLSys 2025)", None),
    ("From: Orchard Systems Lab (arXiv, Oct 2024; submitted to ICLR 2025)", "2024-10"),
    ("鹭岛声学实验室，在投 ACL 2025", None),
    ("From: Meta FAIR (ICLR 2025)", "2025"),
])
def test_the_year_of_a_venue_a_paper_is_sent_to_is_no_publication_date(where: str, published: str | None) -> None:
    """`(under review at MLSys 2025)`: the paper is not published yet, so that year is not its publication date
    (another date on the line still is)."""
    text = f"Mon 04 Nov 2024\n\nPaper: Pebble: Compressing KV Caches with Learned Landmarks\n{where}\nNotes.\n"
    parsed = parse_texts([("log.md", text)])
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status) for e in parsed.entries] == [
        ("Pebble: Compressing KV Caches with Learned Landmarks", date(2024, 11, 4), published, where, "read")]


def test_a_daily_line_that_reads_two_papers_is_two_entries() -> None:
    """The daily layout's title line reads two papers as the list item does (`《A》(阿里, 2024.9) 和 《B》(字节, NTU,
    2024.8)，两篇对着看：…`): two entries of that day, the numbered notes below with the paper each names first."""
    text = ("## 2024.9.2\n\n《Qwen2-VL: Enhancing Perception》(阿里, 2024.9) 和 《LLaVA-OneVision: Easy Visual Task "
            "Transfer》(字节, NTU, 2024.8)，两篇对着看：Qwen2-VL 是 ViT + Qwen2；LLaVA-OneVision 基于 LLaVA-NeXT\n"
            "1. 都比 GPT-4V 强\n2. LLaVA-OneVision 一个模型做视频\n")
    parsed = parse_texts([("log.md", text)])
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status, [(ln.number, ln.text) for ln in e.body])
            for e in parsed.entries] == [
        ("Qwen2-VL: Enhancing Perception", date(2024, 9, 2), "2024-09", "(阿里, 2024.9)", "read",
         [(3, "两篇对着看"), (3, "Qwen2-VL 是 ViT + Qwen2；")]),
        ("LLaVA-OneVision: Easy Visual Task Transfer", date(2024, 9, 2), "2024-08", "(字节, NTU, 2024.8)", "read",
         [(3, "LLaVA-OneVision 基于 LLaVA-NeXT"), (4, "1. 都比 GPT-4V 强"), (5, "2. LLaVA-OneVision 一个模型做视频")]),
    ]
    assert parsed.warnings == ()


def test_a_title_field_written_with_a_dash_opens_an_entry_and_an_empty_one_is_said() -> None:
    """In a log that writes `Notes - …`, `Paper - SAM 2: …` is a title field as `Paper: …` is; `Paper:` with no
    title after it opens nothing and is said with its line, not passed over."""
    text = ("Mon 14 Oct 2024\n\nPaper: Differential Transformer\nFrom: Microsoft Research (arXiv, Oct 2024)\n"
            "Notes - cheap to try.\n\nWed 16 Oct 2024\n\nPaper:\nFrom: AI2 (arXiv, Sep 2024)\nFully open.\n\n"
            "Fri 18 Oct 2024\n\nPaper - SAM 2: Segment Anything in Images and Videos\n"
            "From: Meta FAIR (arXiv, Aug 2024)\nThey start from SAM.\n")
    parsed = parse_texts([("log.md", text)])
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, [(ln.number, ln.text) for ln in e.body])
            for e in parsed.entries] == [
        ("Differential Transformer", None, date(2024, 10, 14), "2024-10", "From: Microsoft Research (arXiv, Oct 2024)",
         [(4, "From: Microsoft Research (arXiv, Oct 2024)"), (5, "Notes - cheap to try.")]),
        ("SAM 2: Segment Anything in Images and Videos", "SAM 2", date(2024, 10, 18), "2024-08",
         "From: Meta FAIR (arXiv, Aug 2024)",
         [(16, "From: Meta FAIR (arXiv, Aug 2024)"), (17, "They start from SAM.")]),
    ]
    assert [str(w) for w in parsed.warnings] == [
        "log.md:9: title field with no title: no entry is opened here for the lines below it"]
    assert [r.outside for r in parsed.files] == [(9, 10, 11)]


@pytest.mark.parametrize("period", ["## Q3 2024", "## 2024年第三季度", "## 2024年下半年", "## Summer 2024",
                                    "## 2024 H2"])
def test_days_under_a_period_and_a_month_heading_are_days_of_that_year_and_month(period: str) -> None:
    """A summary by quarter or season (`## Q3 2024`, `## 2024年第三季度`, `## Summer 2024`) over month headings
    (`### 7月`, `### August`) over items that give the day alone (`- 7/12 读`, `- 12日 读`, `- Aug 5 read`): each
    is read that day of that year; before, a season or a quarter in words named no year, `12日` and `Aug 5` no day,
    and a month heading no month."""
    text = (f"{period}\n\n### 7月\n\n- 7/12 读 《Gemma 2: Improving Open Language Models》(Google DeepMind, 2024.6)："
            "distillation\n- 15日 读 《The Llama 3 Herd of Models》(Meta, 2024.7)：405B\n\n### August\n\n"
            "- Aug 5 read 《Transfusion: Predict the Next Token》(Meta, 2024.8): one model\n")
    parsed = parse_texts([("q.md", text)])
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status, [ln.text for ln in e.body])
            for e in parsed.entries] == [
        ("Gemma 2: Improving Open Language Models", date(2024, 7, 12), "2024-06", "(Google DeepMind, 2024.6)", "read",
         ["distillation"]),
        ("The Llama 3 Herd of Models", date(2024, 7, 15), "2024-07", "(Meta, 2024.7)", "read", ["405B"]),
        ("Transfusion: Predict the Next Token", date(2024, 8, 5), "2024-08", "(Meta, 2024.8)", "read", ["one model"]),
    ]
    assert parsed.warnings == ()


def test_a_day_with_an_ordinal_dates_and_a_citation_key_after_a_heading_title_is_no_part_of_it() -> None:
    """`Monday 14th October 2024` is a day as `Mon 14 Oct 2024` is; `### Longformer: … [Beltagy et al., 2020]`
    has the title before the key it is cited by, as `### [Beltagy et al., 2020] Longformer: …` has."""
    assert find_date("14th October 2024") == (date(2024, 10, 14), None)
    text = ("# Related work\n\nMonday 14th October 2024\n\n### Longformer: The Long-Document Transformer "
            "[Beltagy et al., 2020]\n- Venue: arXiv 2020.04, Allen Institute for AI\n- Method: sliding window.\n\n"
            "### Train Short, Test Long: Attention with Linear Biases [Press and Smith, 2022a]\n*read 2024-10-15*\n"
            "- Venue: ICLR 2022, University of Washington\n")
    parsed = parse_texts([("t.md", text)])
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, [ln.text for ln in e.body])
            for e in parsed.entries] == [
        ("Longformer: The Long-Document Transformer", "Longformer", date(2024, 10, 14), "2020-04",
         "arXiv 2020.04, Allen Institute for AI", ["- Method: sliding window."]),
        ("Train Short, Test Long: Attention with Linear Biases", None, date(2024, 10, 15), "2022",
         "ICLR 2022, University of Washington", []),
    ]
    assert parsed.warnings == ()


def test_a_from_line_with_no_date_says_where_the_paper_comes_from() -> None:
    """`Paper: …` over `From: Microsoft Research and Tsinghua University` with no year: the From line is the
    paper's line of where it comes from (it stays a note, as a dated one does); before, only a dated one was, and
    the organisations of an undated one were lost."""
    text = ("Mon 14 Oct 2024\n\nPaper: Differential Transformer\nFrom: Microsoft Research and Tsinghua University\n"
            "They start from Transformer attention.\n")
    parsed = parse_texts([("log.md", text)])
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status, [ln.text for ln in e.body])
            for e in parsed.entries] == [
        ("Differential Transformer", date(2024, 10, 14), None, "From: Microsoft Research and Tsinghua University",
         "read", ["From: Microsoft Research and Tsinghua University", "They start from Transformer attention."])]
    assert parsed.warnings == ()


@pytest.mark.parametrize("label", ["**推荐了但还没读**", "To read:", "待读："])
def test_a_list_s_to_read_section_may_be_named_on_a_line_of_its_own(label: str) -> None:
    """A list log names its sections on lines of their own as well as in headings (`**推荐了但还没读**`, `To read:`):
    the papers under such a line are still to read, until another such line or a heading."""
    text = ("## 2024年9月\n\n- 9/27 读 《OLMoE: Open Mixture-of-Experts Language Models》(AI2, 2024.9)：全开源\n\n"
            f"{label}\n\n- 《MiniCPM-V: A GPT-4V Level MLLM on Your Phone》（端侧多模态）\n\nRead this week:\n\n"
            "- 9/30 读 《Molmo and PixMo》(AI2, 2024.9)\n")
    parsed = parse_texts([("q.md", text)])
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status, [ln.text for ln in e.body])
            for e in parsed.entries] == [
        ("OLMoE: Open Mixture-of-Experts Language Models", date(2024, 9, 27), "2024-09", "(AI2, 2024.9)", "read",
         ["全开源"]),
        ("MiniCPM-V: A GPT-4V Level MLLM on Your Phone", None, None, "（端侧多模态）", "to-read", []),
        ("Molmo and PixMo", date(2024, 9, 30), "2024-09", "(AI2, 2024.9)", "read", []),
    ]
    assert parsed.warnings == ()


@pytest.mark.parametrize("title, alias", [
    ("Gemma 3 Technical Report", "Gemma 3"),
    ("Phi-3 Technical Report: A Highly Capable Language Model Locally on Your Phone", "Phi-3"),
    ("GPT-4o System Card", "GPT-4o"),
    ("DeepSeek-V3 技术报告", "DeepSeek-V3"),
    ("gpt-oss-120b & gpt-oss-20b Model Card", None),  # the report of two works names neither alone
    ("A Survey of Technical Reports", None),
])
def test_a_report_s_title_names_its_work(title: str, alias: str | None) -> None:
    """`《Gemma 3 Technical Report》`: the work a report is of is its short name, and the title stays whole."""
    text = f"## 2025.3.20\n\n《{title}》\n\n2025.3 Google DeepMind 的技术报告，要点：\n\n1. 对比 Llama 3\n"
    assert [(e.title, e.alias) for e in _entries(text)] == [(title, alias)]


def test_a_weekday_read_is_the_day_of_the_week_a_heading_spans() -> None:
    """A digest of weeks (`## Week 52 (Dec 29–Jan 4, 2026)`): `read Wed` after who published a paper is the
    Wednesday of that week, and leaves what the line says of its source; a paper with no weekday is read in the
    week's first day; a short bold title opens an entry when where it comes from follows it."""
    text = ("# Digest\n\n## Week 52 (Dec 29–Jan 4, 2026)\n\n"
            "**Kestrel Nets** — Umbra Lab · arXiv 2512.01234 · read Wed\n\nIt builds on Vanta.\n\n"
            "**Zelph Mixers for Sparse Routing** — Orrin AI, 2025\n\nCompared with Kestrel Nets.\n\n"
            "## Week 2 (2026-01-05 ~ 2026-01-11)\n\n"
            "**Mira** (Quell Institute, 2026) · read on Sunday\n\nNotes.\n")
    assert _papers(text) == [
        ("Kestrel Nets", date(2025, 12, 31), "2025-12", "Umbra Lab · arXiv 2512.01234", "read",
         ("It builds on Vanta.",)),
        ("Zelph Mixers for Sparse Routing", date(2025, 12, 29), "2025", "Orrin AI, 2025", "read",
         ("Compared with Kestrel Nets.",)),
        ("Mira", date(2026, 1, 11), "2026", "(Quell Institute, 2026)", "read", ("Notes.",)),
    ]


def test_an_outliner_s_day_bullets_date_the_papers_nested_below_them() -> None:
    """An outliner export (Logseq, Workflowy): a top bullet that is only a day (`- Aug 3, 2024`) dates the papers
    nested below it, a paper bracketed with its year alone (`(2024)`) is one, and a task marker before a page link
    (`TODO read [[…]]`, `DONE [[…]]`) says whether it is still to read, and is no short name."""
    text = ("- my reading\n  collapsed:: false\n\t- TODO read [[Vanta Mixers at Scale]] (Orrin AI, 2024)\n"
            "\t- DONE [[Quell Routing for Sparse Models]]\n"
            "- Aug 3, 2024\n\t- Kestrel Nets for Sparse Decoding (Umbra Lab, 2024)\n\t\t- builds on Vanta\n"
            "\t- Mira: Tiles (and Patches) at Scale (2024)\n\t\t- no org given\n"
            "- 2024-08-05\n\t- Zelph Nets Revisited (Orrin AI, 2023)\n\t\t- compared with Kestrel Nets\n")
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.status, tuple(ln.text for ln in e.body))
            for e in _entries(text)] == [
        ("Vanta Mixers at Scale", None, None, "2024", "(Orrin AI, 2024)", "to-read", ()),
        ("Quell Routing for Sparse Models", None, None, None, "", "read", ()),
        ("Kestrel Nets for Sparse Decoding", None, date(2024, 8, 3), "2024", "Umbra Lab, 2024", "read",
         ("\t\t- builds on Vanta",)),
        ("Mira: Tiles (and Patches) at Scale", "Mira", date(2024, 8, 3), "2024", "2024", "read",
         ("\t\t- no org given",)),
        ("Zelph Nets Revisited", None, date(2024, 8, 5), "2023", "Orrin AI, 2023", "read",
         ("\t\t- compared with Kestrel Nets",)),
    ]


@pytest.mark.parametrize("label", ["On the pile for next week:", "**To read**", "For next time:"])
def test_a_to_read_list_named_on_a_line_ends_a_dated_log_s_last_entry(label: str) -> None:
    """A line naming a list of papers still to read, after an entry's notes (`On the pile for next week:`), ends the
    entry; each item of the list, a title in emphasis or none, is a paper to read."""
    text = ("## 2024-10-18\n\n**Kestrel Nets for Sparse Decoding** — Umbra Lab, 2024\n\nBuilds on Vanta.\n\n"
            f"{label}\n- *Zelph Mixers: Routing at Scale*\n- Mira Bench Technical Report\n")
    assert [(e.title, e.read_on, e.published, e.orgs_text, e.status, tuple(ln.text for ln in e.body), e.line)
            for e in _entries(text)] == [
        ("Kestrel Nets for Sparse Decoding", date(2024, 10, 18), "2024", "Umbra Lab, 2024", "read",
         ("Builds on Vanta.",), 3),
        ("Zelph Mixers: Routing at Scale", None, None, "", "to-read", (), 8),
        ("Mira Bench Technical Report", None, None, "", "to-read", (), 9),
    ]


def test_a_list_after_a_label_that_names_no_reading_list_stays_notes() -> None:
    """`Key results:` and a list after it are the entry's notes, not papers."""
    text = ("## 2024-10-18\n\n**Kestrel Nets for Sparse Decoding** — Umbra Lab, 2024\n\nKey results:\n"
            "- *Zelph Mixers beaten*\n")
    assert [tuple(ln.text for ln in e.body) for e in _entries(text)] == [("Key results:", "- *Zelph Mixers beaten*")]


def test_an_outliner_s_paper_may_be_its_title_alone_under_a_day() -> None:
    """Under an outliner's day bullet, a nested bullet that is a title alone (`Name: Capitalised words`, no sentence's
    end) with notes nested below it is a paper, its first note saying where it comes from; a note-like bullet
    (`Meeting notes: …` ending a sentence) and a title-like bullet outside a day are not."""
    text = ("- Aug 20, 2024\n\t- [[Vanta Nets for Routing]] (Orrin AI, 2024)\n\t\t- a note\n"
            "\t- Kestrel: Draft-Verify Decoding for Small Devices\n"
            "\t\t- workshop paper, no org given, 2024\n\t\t- builds on Vanta\n"
            "\t- Standup: We Talked About Routing.\n\t\t- nothing new\n"
            "- Other things\n\t- Zelph: Sparse Mixers Everywhere\n\t\t- a note\n")
    assert [(e.title, e.alias, e.read_on, e.published, e.orgs_text, e.status, tuple(ln.text for ln in e.body))
            for e in _entries(text)] == [
        ("Vanta Nets for Routing", None, date(2024, 8, 20), "2024", "(Orrin AI, 2024)", "read", ("\t\t- a note",)),
        ("Kestrel: Draft-Verify Decoding for Small Devices", "Kestrel", date(2024, 8, 20), "2024",
         "workshop paper, no org given, 2024", "read", ("\t\t- builds on Vanta",)),
    ]


def test_a_weekday_read_under_a_week_of_heading_is_that_day_of_the_week() -> None:
    """`## Week of Sep 9, 2024`: `read Thu` is the Thursday of the seven days from Sep 9; under a heading of one day
    that says no week, `read Thu` says nothing of the day and stays in the line."""
    text = ("## Week of Sep 9, 2024\n\n**Kestrel Nets** — Umbra Lab, 2024 · read Thu\n\nNotes.\n\n"
            "## 2024-09-20\n\n**Zelph Mixers** — Orrin AI, 2024 · read Thu\n\nNotes.\n")
    assert _papers(text) == [
        ("Kestrel Nets", date(2024, 9, 12), "2024", "Umbra Lab, 2024", "read", ("Notes.",)),
        ("Zelph Mixers", date(2024, 9, 20), "2024", "Orrin AI, 2024 · read Thu", "read", ("Notes.",)),
    ]


def test_an_outliner_s_collapsed_property_is_no_note() -> None:
    """`collapsed:: true` under an outliner's paper says how the app shows the block: not one of the notes."""
    text = ("- Aug 3, 2024\n\t- [[Vanta Nets for Routing]] (Orrin AI, 2024)\n\t  collapsed:: true\n"
            "\t\t- builds on Zelph\n")
    assert _papers(text) == [
        ("Vanta Nets for Routing", date(2024, 8, 3), "2024", "(Orrin AI, 2024)", "read", ("\t\t- builds on Zelph",)),
    ]


def test_an_outliner_whose_papers_all_nest_under_days_is_a_list_of_papers() -> None:
    """An outliner export with no page links, every paper nested under a day's bullet (`\\t- Title (Org, 2024)`),
    is read as a list of papers (before, it gave no entry at all)."""
    text = ("- Aug 2, 2024\n\t- Vanta Nets for Sparse Routing (Orrin AI, 2024)\n\t\t- builds on Zelph\n"
            "- Aug 5, 2024\n\t- Kestrel Mixers at Scale (Umbra Lab, 2023)\n\t\t- compared with Vanta Nets\n"
            "\t- Mira: Draft-Verify Decoding for Small Devices\n\t\t- no org, 2024\n\t\t- a note\n")
    assert _papers(text) == [
        ("Vanta Nets for Sparse Routing", date(2024, 8, 2), "2024", "Orrin AI, 2024", "read",
         ("\t\t- builds on Zelph",)),
        ("Kestrel Mixers at Scale", date(2024, 8, 5), "2023", "Umbra Lab, 2023", "read",
         ("\t\t- compared with Vanta Nets",)),
        ("Mira: Draft-Verify Decoding for Small Devices", date(2024, 8, 5), "2024", "no org, 2024", "read",
         ("\t\t- a note",)),
    ]


def test_a_weekday_read_under_a_title_heading_is_the_day_of_the_week_above() -> None:
    """A log of title headings under week headings: `read Tue` on the line that says where the paper comes from is
    that day of the week the heading above spans, and leaves the line."""
    text = ("## Week 37 (Sep 9–15, 2024)\n\n### Kestrel Nets for Sparse Decoding\n\n"
            "Umbra Lab · arXiv 2409.01234 · read Tue\n\nBuilds on Vanta.\n\n### Zelph Mixers at Scale\n\n"
            "Orrin AI, 2024 · read Fri\n\nNotes here.\n")
    assert _papers(text) == [
        ("Kestrel Nets for Sparse Decoding", date(2024, 9, 10), "2024-09", "Umbra Lab · arXiv 2409.01234", "read",
         ("Builds on Vanta.",)),
        ("Zelph Mixers at Scale", date(2024, 9, 13), "2024", "Orrin AI, 2024", "read", ("Notes here.",)),
    ]
