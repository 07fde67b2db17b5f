"""kg.resolve: one node per real thing, the paper apart from what it proposes, and warnings for look-alikes."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS

from kg.build import build_graph
from kg.extract import Extractor
from kg.namespace import KG
from kg.parse import parse_texts
from kg.resolve import Resolved, _is_typo, resolve

ID = "https://w3id.org/papers-kg/id/"

LOG = """## 2024.3.1

《Griffin-LM: A Recurrent Chat Model》

2023.5 微软和Microsoft Research的一篇

1. 基于BLIP2，对比 blip-2 和 BLIP 2
2. 超过 DALL·E 2 和 DALLE2，Grifin-LM 的效果更好
3. 对比 FooNet-Large 和 FooNet-Larg
4. 与LLaVAR的区别在于数据

《Another Paper on Models》

2023 Microsoft
"""


@pytest.fixture(scope="module")
def resolved() -> Resolved:
    return resolve(Extractor().extract(parse_texts([("notes/x.md", LOG)]).entries))


def _node(g: nx.MultiDiGraph, slug: str) -> tuple[str, str, list[str]]:
    data = g.nodes[ID + slug]
    return data["kind"], data["label"], data["alt_labels"]


def test_spellings_fold_to_one_node(resolved: Resolved) -> None:
    g = resolved.graph
    assert _node(g, "model/blip-2") == ("model", "BLIP-2", ["BLIP 2", "BLIP2", "blip-2"])
    assert _node(g, "model/dall-e-2") == ("model", "DALL-E 2", ["DALLE2", "DALL·E 2"])


def test_chinese_and_english_organisation_names_are_one_node(resolved: Resolved) -> None:
    g = resolved.graph
    assert _node(g, "organization/microsoft") == ("organization", "Microsoft", ["微软"])
    paper = ID + "paper/griffin-lm"
    assert sorted(o for _, o, k in g.out_edges(paper, keys=True) if k == "publishedBy") == [
        ID + "organization/microsoft", ID + "organization/microsoft-research"]
    assert (ID + "paper/another-paper-on-models", ID + "organization/microsoft", "publishedBy") in g.edges(keys=True)


def test_paper_and_what_it_proposes_are_two_nodes(resolved: Resolved) -> None:
    g = resolved.graph
    paper = ID + "paper/griffin-lm"
    assert g.nodes[paper]["kind"] == "paper"
    assert (paper, ID + "model/griffin-lm", "proposes") in g.edges(keys=True)


def test_a_misspelling_of_the_alias_is_the_alias(resolved: Resolved) -> None:
    g = resolved.graph
    assert ID + "model/grifin-lm" not in g
    assert "Grifin-LM" in g.nodes[ID + "model/griffin-lm"]["alt_labels"]


def test_a_longer_name_is_no_misspelling(resolved: Resolved) -> None:
    assert resolved.graph.nodes[ID + "model/llavar"]["label"] == "LLaVAR"


def test_every_relation_has_its_evidence(resolved: Resolved) -> None:
    g = resolved.graph
    paper = ID + "paper/griffin-lm"
    (ev,) = g.edges[paper, ID + "model/blip-2", "buildsOn"]["evidence"]
    assert (ev.quote, ev.source, ev.line, ev.rule, ev.entry) == (
        "基于BLIP2，对比 blip-2 和 BLIP 2", "notes/x.md", 7, "zh.builds_on.jiyu", paper)


def test_near_duplicates_are_warned_about(resolved: Resolved) -> None:
    assert [str(w) for w in resolved.warnings] == [
        "(graph):0: model names 'FooNet-Larg' and 'FooNet-Large' look alike but were kept apart; if they are one "
        "thing, add one as an altLabel of the other in ontology/vocab/"
    ]


def test_the_same_paper_twice_is_one_node_with_a_warning() -> None:
    log = ("## 2024.3.2\n\n《A Paper Read Twice》\n\n1. 基于BERT\n\n"
           "## 2024.3.1\n\n《A Paper Read Twice》\n\n1. 对比GPT-2更好\n")
    result = resolve(Extractor().extract(parse_texts([("x.md", log)]).entries))
    paper = ID + "paper/a-paper-read-twice"
    assert str(result.graph.nodes[paper]["read_on"]) == "2024-03-01"
    assert [str(w) for w in result.warnings] == [
        "x.md:9: 'A Paper Read Twice' is already an entry at x.md:3: notes merged, the earlier reading kept"]
    assert {k for _, _, k in result.graph.out_edges(paper, keys=True)} >= {"buildsOn", "comparesTo"}


def test_a_work_cited_by_title_is_a_paper_and_the_entry_of_that_title_when_the_log_has_one(tmp_path: Path) -> None:
    log = tmp_path / "log.md"
    log.write_text(
        "## 2024.4.2\n\n《Vary: Scaling up the Vision Vocabulary》\n\n2023.12 旷视的一篇文章\n\n"
        "1. 本文是《Nougat: Neural Optical Understanding for Academic Documents》的后续，"
        "对比《Attention Is All You Need》里的 Transformer\n\n"
        "## 2024.4.1\n\n《Nougat: Neural Optical Understanding for Academic Documents》\n\n2023.8 Meta 的一篇文章\n",
        encoding="utf-8",
    )
    g = build_graph([log]).graph
    papers = {str(g.value(s, RDFS.label)): s for s in g.subjects(RDF.type, KG.Paper)}
    assert (papers["Vary"], KG.buildsOn, papers["Nougat"]) in g
    assert g.value(papers["Nougat"], KG.readingStatus) == Literal("read")
    cited = papers["Attention Is All You Need"]
    assert str(cited) == "https://w3id.org/papers-kg/id/paper/attention-is-all-you-need"
    assert (papers["Vary"], KG.comparesTo, cited) in g
    assert g.value(cited, KG.readingStatus) is None
    assert g.value(cited, DCTERMS.title) == Literal("Attention Is All You Need")


def test_paper_iris_come_from_aliases_unless_two_titles_share_one() -> None:
    from kg.model import Entry
    from kg.resolve import paper_iris

    def entry(title: str, alias: str | None) -> Entry:
        return Entry(title=title, alias=alias, read_on=None, published=None, orgs_text="", body=(),
                     source="x.md", line=1)

    a = entry("Griffin: Mixing Gated Linear Recurrences", "Griffin")
    b = entry("Griffin: A Different Paper", "Griffin")
    c = entry("Mamba: Linear-Time Sequence Modeling", "Mamba")
    d = entry("Mamba: Linear-Time Sequence Modeling", None)  # listed to read, then read with its alias
    assert paper_iris([a, b, c, d]) == [ID + "paper/griffin-mixing-gated-linear-recurrences",
                                        ID + "paper/griffin-a-different-paper", ID + "paper/mamba", ID + "paper/mamba"]


FAMILY_LOG = """## 2024.3.1

《Fenix: A Study of Chat Models》

2023.5 微软的一篇

1. 基于 ZephyrGPT2 和 ZephyrGPT-7B，对比 ZephyrGPT、ZephyrGPT-Base-v2、ZephyrChat 和 ZephyrCht
2. 同时借鉴了 flow-based model 的思想，并改进了 flow-based models
"""


@pytest.fixture(scope="module")
def family() -> Resolved:
    return resolve(Extractor().extract(parse_texts([("notes/f.md", FAMILY_LOG)]).entries))


def test_members_of_one_family_are_no_look_alikes_but_misspellings_are(family: Resolved) -> None:
    """`ZephyrGPT2`, `ZephyrGPT-7B`, `ZephyrGPT-Base-v2` differ from `ZephyrGPT` by a version, size or variant
    tail (kg/patterns/resolve.toml): other works, kept apart without a word. `ZephyrCht` is `ZephyrChat`
    misspelt."""
    labels = {str(a["label"]) for a in family.nodes.values() if a["kind"] == "model"}
    assert {"ZephyrGPT", "ZephyrGPT2", "ZephyrGPT-7B", "ZephyrGPT-Base-v2", "ZephyrChat", "ZephyrCht"} <= labels
    assert [str(w) for w in family.warnings] == [
        "(graph):0: model names 'ZephyrChat' and 'ZephyrCht' look alike but were kept apart; if they are one "
        "thing, add one as an altLabel of the other in ontology/vocab/"
    ]


def test_a_technique_in_the_plural_is_its_singular_when_the_log_writes_both(family: Resolved) -> None:
    techniques = {str(a["label"]): a["alt_labels"] for a in family.nodes.values() if a["kind"] == "technique"}
    assert techniques["flow-based model"] == ["flow-based models"]


def test_unreadable_name_rules_name_the_file(tmp_path: Path) -> None:
    from kg.errors import DataError
    from kg.resolve import load_name_rules

    bad = tmp_path / "resolve.toml"
    bad.write_text('[variants]\nnumbered = ["("]\nworded = []\n[plurals]\nendings = ["s"]\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"resolve\.toml: cannot read the name rules"):
        load_name_rules(bad)


@pytest.mark.parametrize("kind, name", [("model", "BLIP-2"), ("paper", "InstructBLIP: Towards General-purpose VLMs"),
                                        ("organization", "微软"), ("technique", "C++ / CUDA"), ("model", "!!!")])
def test_node_id_is_the_node_iri_as_a_string(kind: str, name: str) -> None:
    """resolve makes node IRIs as plain strings: they must be kg.namespace's IRIs, character for character."""
    from kg.namespace import node_iri
    from kg.resolve import node_id

    assert node_id(kind, name) == str(node_iri(kind, name))


@pytest.mark.parametrize("name, alias, typo", [
    ("moblevlm", "mobilevlm", True),  # a letter left out
    ("instrcutblip", "instructblip", True),  # two swapped
    ("internlm3", "internvl3", False),  # siblings of one lab: two letters differ
    ("internlm25", "internvl25", False),
    ("llavar", "llava", False),  # one extends the other
])
def test_a_misspelling_of_the_alias_is_one_slip_of_the_pen(name: str, alias: str, typo: bool) -> None:
    assert _is_typo(name, alias) is typo
