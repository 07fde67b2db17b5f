"""Names no vocabulary knows: their kind (from the name's own last word, from a count after a list) and their
extent (a release written after a name)."""

from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.model import Entry, Line
from kg.parse import parse_texts


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def kinds(extractor: Extractor, *lines: str) -> dict[str, str]:
    entry = Entry(title="A Paper About Something", alias=None, read_on=None, published=None, orgs_text="",
                  body=tuple(Line(i + 10, text) for i, text in enumerate(lines)), source="notes/x.md", line=9)
    return {m.canonical: m.kind for m in extractor.extract([entry])[0].mentions}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the last word of a name of several words (or parts) is a kind word: it says what the name is
        ("本文引入了 Pairwise Margin Loss 和 QK-Norm", {"Pairwise Margin Loss": "technique", "QK-Norm": "technique"}),
        ("借鉴了 Adaptive Patch Merging 的思路", {"Adaptive Patch Merging": "technique"}),
        ("uses the Quorrel Corpus", {"Quorrel Corpus": "dataset"}),
        # a count of examples or tokens ending a name says data, unless a model's size is in it too
        ("用 PRM800K 和 WeaveQA-500K 训练", {"PRM800K": "dataset", "WeaveQA-500K": "dataset"}),
        ("在 CinderCorpus-3T 上预训练", {"CinderCorpus-3T": "dataset"}),
        ("对比 Yi-34B-200K 和 LongChat-13B-16k", {"Yi-34B-200K": "model", "LongChat-13B-16k": "model"}),
        # one word is no name of several words: its kind comes from the words around it
        ("对比了 Zelphor，效果更好", {"Zelphor": "model"}),
        # a count (or 等) between a list and its kind word says the kind of every name of the list
        ("在 VantorQA、SkyFold、Taichi-HD 四个数据集上做了 ablation",
         {"VantorQA": "dataset", "SkyFold": "dataset", "Taichi-HD": "dataset"}),
        ("在 VantorQA 和 Skyfold 等数据集上评测", {"VantorQA": "dataset", "Skyfold": "dataset"}),
        ("在 VantorQA 和 Skyfold 两个 benchmark 上评测", {"VantorQA": "metric", "Skyfold": "metric"}),
        # without the kind word the count says nothing
        ("对比了 VantorQA 和 Skyfold 两个模型", {"VantorQA": "model", "Skyfold": "model"}),
    ],
)
def test_the_kind_of_an_unknown_name(extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected


def names(extractor: Extractor, *lines: str) -> list[tuple[str, str]]:
    entry = Entry(title="A Paper About Something", alias=None, read_on=None, published=None, orgs_text="",
                  body=tuple(Line(i + 10, text) for i, text in enumerate(lines)), source="notes/x.md", line=9)
    return [(m.text, m.canonical) for m in extractor.extract([entry])[0].mentions]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # `v6` a space after a name is its release: one work, even where the vocabulary knows the name alone
        ("优于 Midjourney v6 和 Ideogram v1", [("Midjourney v6", "Midjourney v6"), ("Ideogram v1", "Ideogram v1")]),
        ("相比 LLaVA v1", [("LLaVA v1", "LLaVA")]),  # a release the vocabulary lists under its family
        # a tier word after a name: another work (`[names].tiers`); a size is none
        ("优于 Gemini-1.5 Flash、GPT-4o mini 和 Qwen2 7B",
         [("Gemini-1.5 Flash", "Gemini-1.5 Flash"), ("GPT-4o mini", "GPT-4o mini"), ("Qwen2", "Qwen2")]),
        # a Greek letter goes on the name it ends
        ("优于 PixArt-Σ 和 PixArt-α", [("PixArt-Σ", "PixArt-Σ"), ("PixArt-α", "PixArt-α")]),
        # a version alone names nothing; a count after a name is no release
        ("用 v2 版本的数据训练了 GPT-4 3 次", [("GPT-4", "GPT-4")]),
    ],
)
def test_a_release_after_a_name(extractor: Extractor, line: str, expected: list[tuple[str, str]]) -> None:
    assert names(extractor, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a word no vocabulary knows, a space after a known model, names one of its releases
        ("语言模型部分是 Mistral Nemo 12B", [("Mistral Nemo", "Mistral Nemo")]),
        # after an organisation, a word holding a version names its product
        ("超过 Runway Gen-3 和 Runway Gen3", [("Runway Gen-3", "Runway Gen-3"), ("Runway Gen3", "Runway Gen3")]),
        # a no-name word or another known name after a name is none of its releases
        ("用 LLaMA The 以及 Runway Sora", [("LLaMA", "LLaMA"), ("Runway", "Runway"), ("Sora", "Sora")]),
    ],
)
def test_a_variant_after_a_known_name(extractor: Extractor, line: str, expected: list[tuple[str, str]]) -> None:
    assert names(extractor, line) == expected


def test_a_known_name_with_a_suffix_is_another_work(extractor: Extractor) -> None:
    # `-Math`, `-Instruct` written onto a name holding letters and digits make a name no vocabulary needs to know
    assert names(extractor, "还用了 Qwen2.5-Math 和 Llama3-Instruct 生成的数据") == [
        ("Qwen2.5-Math", "Qwen2.5-Math"), ("Llama3-Instruct", "Llama3-Instruct")]


def test_a_word_with_one_small_letter_after_a_hyphen(extractor: Extractor) -> None:
    # `Show-o` is a name; `Top-k` (a variable: `[names].variables`) is none
    assert names(extractor, "超过同尺寸的 Show-o，只处理 Top-k tokens") == [("Show-o", "Show-o")]


def test_organisations_no_vocabulary_knows_in_the_publication_line(extractor: Extractor) -> None:
    """`Hollowell Labs` after a known university is an organisation, not a model the line mentions; a word that
    ends organisations' names (`Lab`) is none alone."""
    text = ("## 2024.8.1\n\n《Alpha: A Study of Things》\n\n2024.7 浙江大学 & Hollowell Labs 的工作，要点：\n\n"
            "1. 本文提出Alpha\n\n《Gamma: Third Study of Things》\n\n2024.8 字节跳动和 NUS Show Lab 的工作\n\n"
            "1. 本文提出Gamma\n")
    extractions = extractor.extract(parse_texts([("log.md", text)]).entries)
    assert [[o.canonical for o in ex.orgs] for ex in extractions] == [["Zhejiang University", "Hollowell Labs"],
                                                                      ["ByteDance", "NUS"]]
    assert [{(m.canonical, m.kind) for m in ex.mentions} for ex in extractions] == [
        {("Alpha", "model")}, {("Gamma", "model")}]


@pytest.mark.parametrize(
    ("line", "orgs"),
    [
        # every name no vocabulary knows in the slot of who published is an organisation
        ("HUST + Horizon Robotics + BAAI, Jan 2024",
         ["Huazhong University of Science and Technology", "Horizon Robotics", "BAAI"]),
        # the people in brackets are no organisations
        ("CMU & Princeton (Gu & Dao), Dec 2023", ["CMU", "Princeton University"]),
        ("MIT (Songlin Yang, Yoon Kim), 2024.3", ["MIT"]),
        ("Stanford (Liu et al.), 2024", ["Stanford University"]),
        # one word in brackets, or a name with an organisation's head word, is no person
        ("2024.9 (Tsinghua)", ["Tsinghua University"]),
        ("Meta (Google Research), 2024", ["Meta", "Google Research"]),
        # a known name that starts with an organisation's name names that organisation's team
        ("2024.12 腾讯混元 的工作", ["Tencent"]),
        # a venue, with `Findings` or `Workshop`, is where the paper appeared, not who wrote it
        ("ACL Findings 2024, Univ. of Warsaw", ["Univ. of Warsaw"]),
        ("NeurIPS Workshop 2023, Google", ["Google"]),
    ],
)
def test_who_published(extractor: Extractor, line: str, orgs: list[str]) -> None:
    text = f"## 2024.8.1\n\n《Alpha: A Study of Things》\n\n{line}\n\n1. 本文提出Alpha\n"
    ex = extractor.extract(parse_texts([("log.md", text)]).entries)[0]
    assert ([o.canonical for o in ex.orgs], {m.canonical for m in ex.mentions}) == (orgs, {"Alpha"})


def test_data_an_ablation_is_run_on_is_used(extractor: Extractor) -> None:
    """`在X上做了 ablation`: what a work runs its ablations on is data it uses, like what it is evaluated on."""
    entry = Entry(title="A Paper About Something", alias=None, read_on=None, published=None, orgs_text="",
                  body=(Line(10, "在 VantorQA、SkyFold 两个数据集上做了大量 ablation"),), source="notes/x.md", line=9)
    ex = extractor.extract([entry])[0]
    assert {(r.predicate, r.object.canonical) for r in ex.relations if r.object is not None and r.rule != "alias"} \
        == {("uses", "VantorQA"), ("uses", "SkyFold")}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("It builds directly on S4 and the H3 architecture.", {("buildsOn", "S4"), ("buildsOn", "H3")}),
        ("This is the sequel to Mamba.", {("buildsOn", "Mamba")}),
        ("The baselines are Hyena, RWKV and RetNet.",
         {("comparesTo", "Hyena"), ("comparesTo", "RWKV"), ("comparesTo", "RetNet")}),
        ("Positioned against RLHF and against DPO.", {("comparesTo", "RLHF"), ("comparesTo", "DPO")}),
    ],
)
def test_prose_of_reviews(extractor: Extractor, line: str, expected: set[tuple[str, str]]) -> None:
    """How reviews write lineage in English prose: `builds directly on`, `the sequel to`, `the baselines are`."""
    entry = Entry(title="A Paper About Something", alias=None, read_on=None, published=None, orgs_text="",
                  body=(Line(10, line),), source="notes/x.md", line=9)
    ex = extractor.extract([entry])[0]
    assert {(r.predicate, r.object.canonical) for r in ex.relations if r.object is not None} == expected


@pytest.mark.parametrize(
    ("title", "alias", "kind"),
    [
        # the headline after `Alias:` ends in a technique's head: the work it names is a technique
        ("Zarvok: Mixture of Block Attention for Long-Context LLMs", "Zarvok", "technique"),
        ("Quenfel: Native Sparse Attention: Hardware-Aligned and Natively Trainable", "Quenfel", "technique"),
        ("Bramblet: Simple Preference Optimization with a Reference-Free Reward", "Bramblet", "technique"),
        ("Tessily: Query-Aware Visual Token Pruning for Efficient Video LLMs", "Tessily", "technique"),
        # a head a model is as often named by says nothing; a headline that goes on past the head is no head
        ("Morrow: Decoupling Visual Encoding for Unified Understanding", "Morrow", "model"),
        ("Pellion: Attention Sinks in Streaming Language Models", "Pellion", "model"),
    ],
)
def test_the_kind_a_title_gives_its_alias(extractor: Extractor, title: str, alias: str, kind: str) -> None:
    entry = Entry(title=title, alias=alias, read_on=None, published=None, orgs_text="",
                  body=(Line(10, "本文提出了一个新方法"),), source="notes/x.md", line=9)
    found = extractor.extract([entry])[0]
    assert [(m.canonical, m.kind, m.rule) for m in found.mentions if m.canonical == alias] == [(alias, kind, "alias")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # words written out before an unknown acronym in brackets are that acronym, not names of their own; the
        # acronym takes its kind from the last word written out
        ("引入 Variable Quill Position Encoding（VQPE）支持更长的上下文", {"VQPE": "technique"}),
        ("后训练用 Mixed Torrent Optimization（MTO）", {"MTO": "technique"}),
        ("We add Gated Zephyrine Routing (GZR) to Korvane-7B.", {"GZR": "technique", "Korvane-7B": "model"}),
        # brackets that do not spell the words out before them keep both
        ("对比 Korvane-7B（ZelphNet）", {"Korvane-7B": "model", "ZelphNet": "model"}),
    ],
)
def test_an_acronym_after_the_words_it_spells(extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a word, `@` and a cut-off written together name a metric, not the word alone
        ("AUC 和 Recall@20 都更好，pass@1 提升4个点", {"AUC": "metric", "Recall@20": "metric", "pass@1": "metric"}),
        ("NDCG@10 和 mAP@0.5 也更高", {"NDCG@10": "metric", "mAP@0.5": "metric"}),
        # generic words of a training recipe and of compute are no names
        ("训练策略（stage1更长、stage2去掉 Quarrel 数据）", {"Quarrel": "dataset"}),
        ("和 Llama 3 在FLOP可比的条件下持平", {"Llama 3": "model"}),
    ],
)
def test_metrics_at_a_cut_off_and_generic_words(extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a small letter or two with a release number, then a tier word, names a release (`o3-mini`); a name listed
        # after it is known by its place in the list
        ("对比 q4-mini、Zelphor-3 和 Pellion", {"q4-mini": "model", "Zelphor-3": "model", "Pellion": "model"}),
        ("beats q7-Pro and q7-mini", {"q7-Pro": "model", "q7-mini": "model"}),
        # other small words with digits are no names: a norm, a precision
        ("用 l2-norm 和 fp16-mixed 训练", {}),
    ],
)
def test_a_small_release_with_a_tier(extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected


def test_a_base_or_instruct_release_and_generic_acronyms(extractor: Extractor) -> None:
    # `Base`, `Instruct`, `Chat` after a name are its release (one work), so a list goes on past them; `GUI` names
    # no work
    assert names(extractor, "base model 对比 Pellion-V3 Base、Zelphor 4 Maverick、Tenzil-72B") == [
        ("Pellion-V3 Base", "Pellion-V3 Base"), ("Zelphor 4 Maverick", "Zelphor 4 Maverick"),
        ("Tenzil-72B", "Tenzil-72B")]
    assert names(extractor, "在 GUI agent 和 game 类任务上超过 Pellion") == [("Pellion", "Pellion")]


@pytest.mark.parametrize(
    ("title", "alias", "kind"),
    [
        # the headline says what the work is: a dataset or benchmark named after it says nothing
        ("Pellion: A Family of Open Unified Models—Architecture, Training and Dataset", "Pellion", "model"),
        ("Zelphor Diffusion: Scaling Latent Video Models to Large Datasets", "Zelphor", "model"),
        ("Quorrel: An Open Dataset of Interleaved Documents", "Quorrel", "dataset"),
        ("Tenzil: Benchmarking Cross-Page Reasoning over Long Documents", "Tenzil", "metric"),
    ],
)
def test_the_kind_a_titles_headline_gives(extractor: Extractor, title: str, alias: str, kind: str) -> None:
    entry = Entry(title=title, alias=alias, read_on=None, published=None, orgs_text="",
                  body=(Line(10, "本文提出了一个新方法"),), source="notes/x.md", line=9)
    found = extractor.extract([entry])[0]
    assert [(m.canonical, m.kind) for m in found.mentions if m.canonical == alias] == [(alias, kind)]


def test_a_variant_of_a_known_technique(extractor: Extractor) -> None:
    # an unknown name whose last hyphenated part is a technique a vocabulary knows is a variant of it, unless its
    # first part is a known work (then it is that work's release)
    assert kinds(extractor, "对比 Step-DPO、Quill-LoRA 和 LLaVA-RLHF") == {
        "Step-DPO": "technique", "Quill-LoRA": "technique", "LLaVA-RLHF": "model"}
    # a reward model (`…RM`) is a model, whatever technique its name ends in
    assert kinds(extractor, "对比 Braid-PRM 和 QuillRM-CoT") == {"Braid-PRM": "model", "QuillRM-CoT": "model"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("优化器用的是 Muon", {"Muon": "technique"}),
        ("RL 算法提出 CISPO，收敛更快", {"CISPO": "technique", "reinforcement learning": "technique"}),
        ("位置编码提出 MSRoPE", {"MSRoPE": "technique", "positional encoding": "technique"}),
        # a name with a model's size is a model whatever the word before
        ("对比方法是 Zork-7B", {"Zork-7B": "model"}),
        # the kind word may end a clause before (`优化器，提出 X`) or be an English one (`attention 沿用了 X`)
        ("优化器，提出 MuonClip", {"MuonClip": "technique"}),
        ("attention 沿用了 MLA", {"MLA": "technique", "attention": "technique"}),
        ("模型沿用了 Zork", {"Zork": "model"}),
    ],
)
def test_a_chinese_technique_word_and_a_verb_before_a_name_make_it_a_technique(
        extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # what a work is trained on is data, a name no vocabulary knows and no size ends included
        ("以自建的 WordProb-Zh 为训练集", {"WordProb-Zh": "dataset"}),
        ("Trained on PixMo, their own dataset of dense image captions.", {"PixMo": "dataset"}),
        ("trained on Korvane-7B outputs", {"Korvane-7B": "model"}),
        # what the words around a name said stays (`the X model`)
        ("trained on the Zelphor model outputs", {"Zelphor": "model"}),
        ("pretrained on Zelphor-QA", {"Zelphor-QA": "dataset"}),
    ],
)
def test_what_a_cue_says_a_work_is_trained_on_is_data(
        extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # an acronym nothing types names a method, a loss or a trick more often than a model
        ("RL 阶段提出 ZORPO，比 KRAPO 收敛更快", {"reinforcement learning": "technique", "ZORPO": "technique",
                                                "KRAPO": "technique"}),
        ("用 KSQ 或 DFQ 搜索", {"KSQ": "technique", "DFQ": "technique"}),
        ("three variants: MAQ, MAZ, MAW", {"MAQ": "technique", "MAZ": "technique", "MAW": "technique"}),
        ("Baselines: DPO, KTO, ZIPO.", {"DPO": "technique", "KTO": "technique", "ZIPO": "technique"}),
        # in a list it takes the kind of the other names
        ("对比了 PixelForge、QVDM 和 Zentrix-7B", {"PixelForge": "model", "QVDM": "model", "Zentrix-7B": "model"}),
        # a part a model plays in a system, or a later work built on the entry, is a model
        ("retriever 参考了QRDX的 two parallel encoders；generator 用的PLXT", {"QRDX": "model", "PLXT": "model"}),
        ("teacher 是 QVD，加了 ZMTP 层", {"QVD": "model", "ZMTP": "technique"}),
        ("QDPT decoder", {"QDPT": "model"}),
        ("为后续QZAE和VXGAN的出现做了铺垫", {"QZAE": "model", "VXGAN": "model"}),
    ],
)
def test_the_kind_of_an_unknown_acronym(extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a generic word written with a capital ends a run of a name word (`Zorvex Encoder`); with a version after
        # it, it names a line of releases of a known model (`GPT Image 1`), and a name listed after it is found
        ("dense 任务超过 SigLIP 2 和 Zorvex Encoder，分类上差不多", {"SigLIP 2": "model", "Zorvex Encoder": "model"}),
        ("和 GPT Image 1、Quillon 3.0 互有胜负", {"GPT Image 1": "model", "Quillon 3.0": "model"}),
        ("compared with Zorvex Encoder and Llama 3", {"Zorvex Encoder": "model", "Llama 3": "model"}),
        # without a version the generic word is no part of a known name
        ("和 GPT Image 对比", {"GPT": "model"}),
    ],
)
def test_a_generic_capitalised_word_in_a_name(extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a Greek letter with a release is a name where the words around it show one (a cue, a list)
        ("backbone 借鉴了 π0 的 action expert", {"π0": "model"}),
        ("成功率比 π0.5 和 OpenVLA 都高", {"π0.5": "model", "OpenVLA": "model"}),
        # and no variable's value
        ("Adam 的 β1 和 β2 设为 0.9 和 0.95", {"Adam": "technique"}),
    ],
)
def test_a_greek_letter_and_a_release(extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # an underscore joins the parts of one name (`o200k_harmony`), no count of data (`o200k`) cut from it
        ("tokenizer 是 o200k_harmony，对话格式用 harmony", {"o200k_harmony": "technique"}),
        ("基于 Llama_3 训练", {"Llama 3": "model"}),
        ("参数 max_new_tokens 设为 512", {}),
    ],
)
def test_an_underscore_in_a_name(extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a mode after a release's variant is part of its name; a word that is no mode is not
        ("traces 是从 Gemini 2.0 Flash Thinking 蒸馏的", {"Gemini 2.0 Flash Thinking": "model",
                                                     "knowledge distillation": "technique"}),
        ("compared with Zorvex 2.0 Pro Reasoning", {"Zorvex 2.0 Pro Reasoning": "model"}),
        ("Claude 3 Opus When asked", {"Claude 3 Opus": "model"}),
    ],
)
def test_a_release_with_a_variant_and_a_mode(extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected


def test_a_capital_letter_alone_opens_a_hyphenated_word_of_a_name(extractor: Extractor) -> None:
    # `Open` alone is no name: the hyphenated word after it, a capital letter and a capitalised word, is its rest
    assert kinds(extractor, "训练数据用 Open Q-Manipulation 加上自己采的数据") == {"Open Q-Manipulation": "model"}
    assert kinds(extractor, "用 A-B test 验证") == {}


def test_a_kind_word_after_the_bracket_a_name_stands_in(extractor: Extractor) -> None:
    # `X（Y）结构`: the kind word after the bracket says the kind of the name in it, as it does of one without
    assert kinds(extractor, "采用 Zorvex-connected MoE（ZcMoE）结构") == {"mixture of experts": "technique",
                                                            "ZcMoE": "technique"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the kind word after a bracket that spells a name out says the name's kind
        ("Mamba-2；ZSD（zonal state duality）框架把两者统一", {"Mamba2": "model", "ZSD": "technique"}),
        # two capitals in a list say nothing of its kind: the acronym takes the kind of the name that does
        ("对比 QV、KTZ、YaRN 在长文上都更好", {"QV": "model", "KTZ": "technique", "YaRN": "technique"}),
    ],
)
def test_an_acronym_spelt_out_or_listed_with_two_capitals(
        extractor: Extractor, line: str, expected: dict[str, str]) -> None:
    assert kinds(extractor, line) == expected
