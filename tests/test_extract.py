"""kg.extract and kg.pipeline: every rule family, in Chinese and in English, on sentences written for these tests.

Each test names the exact set of (subject, relation, object) an entry yields; `*` is the entry's own work.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import Extractor
from kg.model import Entry, Extraction, Line
from kg.parse import parse_texts
from kg.pipeline import name_form

ENTRY = "*"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _extract(extractor: Extractor, alias: str | None, *lines: str, status: str = "read") -> Extraction:
    entry = Entry(
        title=f"A Paper About {alias or 'Something'}", alias=alias, read_on=None, published=None, orgs_text="",
        body=tuple(Line(i + 10, text) for i, text in enumerate(lines)), source="notes/x.md", line=9,
        status=status,  # type: ignore[arg-type]
    )
    return extractor.extract([entry])[0]


def triples(extractor: Extractor, alias: str | None, *lines: str) -> set[tuple[str, str, str]]:
    """The relations an entry yields, the alias's own `proposes` aside."""
    ex = _extract(extractor, alias, *lines)
    return {
        (r.subject.canonical if r.subject else ENTRY, r.predicate, r.object.canonical if r.object else ENTRY)
        for r in ex.relations
        if r.rule != "alias"
    }


def _knowing_no_model(folder: Path, stoplist: str = "") -> Path:
    """A vocabulary folder that knows one invented model and nothing else: names come from the rules alone."""
    vocab = folder / "vocab"
    vocab.mkdir()
    (vocab / "models.ttl").write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix v: <https://w3id.org/papers-kg/vocab/> .\n"
        "v:models a skos:ConceptScheme ; skos:prefLabel \"Models\"@en .\n"
        "v:model-x a skos:Concept ; skos:inScheme v:models ; skos:prefLabel \"Xyzzy-Model\"@en .\n",
        encoding="utf-8",
    )
    if stoplist:
        (vocab / "stoplist.txt").write_text(stoplist, encoding="utf-8")
    return vocab


def kinds(extractor: Extractor, alias: str | None, *lines: str) -> dict[str, str]:
    return {m.canonical: m.kind for m in _extract(extractor, alias, *lines).mentions}


# ---------------------------------------------------------------------------------------------- builds on


@pytest.mark.parametrize(
    ("alias", "line", "expected"),
    [
        ("Zephyr", "本文基于Mistral-7B，用DPO做了对齐", {(ENTRY, "buildsOn", "Mistral 7B"), (ENTRY, "uses", "DPO")}),
        ("Zephyr", "在Mistral-7B的基础上做了蒸馏", {(ENTRY, "buildsOn", "Mistral 7B")}),
        ("Vary", "这篇是Nougat的后续工作", {(ENTRY, "buildsOn", "Nougat")}),
        ("Vary", "可以看作Donut的延伸", {(ENTRY, "buildsOn", "Donut")}),
        ("Kosmos-2", "复用了Kosmos-1的架构，新增 grounding 能力", {(ENTRY, "buildsOn", "Kosmos-1")}),
        ("Kosmos-2", "延续Kosmos-1 的架构", {(ENTRY, "buildsOn", "Kosmos-1")}),
        ("Otter", "OpenFlamingo + 指令微调",
         {(ENTRY, "buildsOn", "OpenFlamingo"), (ENTRY, "uses", "instruction tuning")}),
        ("Gemini", "The model follows PaLM-2 and extends Flamingo with interleaved inputs.",
         {(ENTRY, "buildsOn", "PaLM 2"), (ENTRY, "buildsOn", "Flamingo")}),
        ("Starling", "It improves OpenChat-3.5 with RLAIF.", {(ENTRY, "buildsOn", "OpenChat-3.5")}),
    ],
)
def test_builds_on(extractor: Extractor, alias: str, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, alias, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # `由/用/以 X 初始化`: the weights the work starts from are built upon, not only used
        ("LLM 部分由 Pellion-7B 初始化，理解端用 Zelphor",
         {(ENTRY, "buildsOn", "Pellion-7B"), (ENTRY, "uses", "Zelphor")}),
        ("语言端用 Pellion-7B 和 Tenzil-3B 初始化",
         {(ENTRY, "buildsOn", "Pellion-7B"), (ENTRY, "buildsOn", "Tenzil-3B")}),
        ("视觉编码器 Zelphor（由 Tenzil-400M 初始化）", {(ENTRY, "buildsOn", "Tenzil-400M")}),
        # 由于 is no opener, and an initialisation that names nothing relates nothing
        ("由于 Pellion-7B 效果差，我们重新初始化", set()),
    ],
)
def test_initialised_from(extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Korvane", line) == expected


def test_builds_on_data_is_use_of_data(extractor: Extractor) -> None:
    assert triples(extractor, "Flan", "基于C4数据集继续训练") == {(ENTRY, "uses", "C4")}


def test_reverse_rule_makes_the_named_works_build_on_the_entry(extractor: Extractor) -> None:
    assert triples(extractor, "VQGAN", "这为后续Parti和MaskGIT做了铺垫") == {
        ("Parti", "buildsOn", ENTRY),
        ("MaskGIT", "buildsOn", ENTRY),
    }


def test_reverse_rule_in_english(extractor: Extractor) -> None:
    assert triples(extractor, "VQGAN", "It paved the way for Parti and MaskGIT.") == {
        ("Parti", "buildsOn", ENTRY),
        ("MaskGIT", "buildsOn", ENTRY),
    }


# ---------------------------------------------------------------------------------------------- compares to


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("对比Llama-2 70B和GPT-3.5，在多数 benchmark 上更好", {"Llama 2", "GPT-3.5"}),
        ("相比Falcon-40B，推理速度快6倍", {"Falcon"}),
        ("在MMLU上超过了Gemma-7B", {"Gemma"}),
        ("整体优于Baichuan-2", {"Baichuan2"}),
        ("在代码任务上与CodeLlama相当", {"Code Llama"}),
        ("比Yi-34B和InternLM的结果都要好", {"Yi", "InternLM"}),
        ("It outperforms Falcon-180B and matches GPT-3.5 on most tasks.", {"Falcon", "GPT-3.5"}),
        ("It can compete with Claude-2 on reasoning.", {"Claude 2"}),
    ],
)
def test_compares_to(extractor: Extractor, line: str, expected: set[str]) -> None:
    found = triples(extractor, "Mixtral", line)
    assert {t for t in found if t[1] == "comparesTo"} == {(ENTRY, "comparesTo", name) for name in expected}
    assert {t for t in found if t[1] != "comparesTo"} == ({(ENTRY, "uses", "MMLU")} if "MMLU" in line else set())


def test_bi_needs_a_comparative_after_the_names(extractor: Extractor) -> None:
    assert triples(extractor, "Mixtral", "比如Yi-34B的一些做法") == set()


# ---------------------------------------------------------------------------------------------- uses


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("采用EVA-CLIP作为视觉编码器，使用了Vicuna-7B", {"EVA-CLIP", "Vicuna"}),
        ("EVA-CLIP作为backbone", {"EVA-CLIP"}),
        ("模型：EVA-CLIP + Q-Former + Vicuna", {"EVA-CLIP", "Q-Former", "Vicuna"}),
        ("retriever 用的Contriever，generator 用的GPT-3", {"Contriever", "GPT-3"}),
        ("训练中用到了 rotary position embedding", {"rotary position embedding"}),
        ("引入了 visual expert module 结构", {"visual expert module"}),
        ("The encoder uses a contrastive loss.", {"contrastive loss"}),
    ],
)
def test_uses(extractor: Extractor, line: str, expected: set[str]) -> None:
    assert triples(extractor, "CogVLM", line) == {(ENTRY, "uses", name) for name in expected}


def test_terms_after_a_cue_are_techniques_and_stop_at_function_words(extractor: Extractor) -> None:
    line = "采用了统一的 masked token objective of predicting the next patch"
    assert triples(extractor, "CogVLM", line) == {(ENTRY, "uses", "masked token objective")}
    assert kinds(extractor, "CogVLM", line)["masked token objective"] == "technique"


def test_a_description_after_a_cue_is_no_term(extractor: Extractor) -> None:
    assert triples(extractor, "CogVLM", "使用了 more powerful language models 的方案") == set()


def test_a_technique_the_entry_proposes_is_one_it_uses(extractor: Extractor) -> None:
    assert triples(extractor, "Griffin", "本文提出了 gated linear recurrence 方法") == {
        (ENTRY, "proposes", "gated linear recurrence"),
        (ENTRY, "uses", "gated linear recurrence"),
    }


# ---------------------------------------------------------------------------------------------- lists


def test_one_cue_governs_every_name_of_its_list(extractor: Extractor) -> None:
    assert triples(extractor, "LLaVA-NeXT", "对比了Gemini Pro、Qwen-VL和CogVLM等模型") == {
        (ENTRY, "comparesTo", "Gemini Pro"),
        (ENTRY, "comparesTo", "Qwen-VL"),
        (ENTRY, "comparesTo", "CogVLM"),
    }


def test_list_with_commas_after_bi(extractor: Extractor) -> None:
    assert triples(extractor, "Parti", "比Muse, Imagen, DALLE2的FID都要低") == {
        (ENTRY, "comparesTo", "Muse"),
        (ENTRY, "comparesTo", "Imagen"),
        (ENTRY, "comparesTo", "DALL-E 2"),
    }


def test_english_list(extractor: Extractor) -> None:
    assert triples(extractor, "Orca", "It outperforms Vicuna, Alpaca and Koala on reasoning.") == {
        (ENTRY, "comparesTo", "Vicuna"),
        (ENTRY, "comparesTo", "Alpaca"),
        (ENTRY, "comparesTo", "Koala"),
    }


def test_unspaced_plus_names_one_system(extractor: Extractor) -> None:
    assert triples(extractor, "Parti", "比VQGAN+CLIP和GLIDE都好") == {
        (ENTRY, "comparesTo", "VQGAN+CLIP"),
        (ENTRY, "comparesTo", "GLIDE"),
    }


# ---------------------------------------------------------------------------------------------- subjects


def test_a_sentence_may_name_another_subject(extractor: Extractor) -> None:
    assert triples(extractor, "DeepSeek-VL", "InternVL 基于 InternLM，而 DeepSeek-VL 使用SigLIP") == {
        ("InternVL", "buildsOn", "InternLM"),
        (ENTRY, "uses", "SigLIP"),
    }


def test_the_subject_carries_into_a_clause_that_opens_with_its_verb(extractor: Extractor) -> None:
    assert triples(extractor, "RoPE", "RoFormer 基于BERT的架构，在长文本上优于 WoBERT") == {
        ("RoFormer", "buildsOn", "BERT"),
        ("RoFormer", "comparesTo", "WoBERT"),
    }


def test_an_adjective_is_no_subject(extractor: Extractor) -> None:
    assert triples(extractor, "Hyena", "CNN-based 模型都较慢，作者引入了 implicit long convolution 结构") == {
        (ENTRY, "uses", "implicit long convolution"),
    }


def test_subject_in_english(extractor: Extractor) -> None:
    assert triples(extractor, "DeepSeek-VL", "the authors use SigLIP and compare with InternVL") == {
        (ENTRY, "uses", "SigLIP"),
        (ENTRY, "comparesTo", "InternVL"),
    }


# ---------------------------------------------------------------------------------------------- names


def test_names_by_context_and_their_kinds(extractor: Extractor) -> None:
    got = kinds(extractor, "SEED", "本文推出Qilin模型，构建了Vript数据集，以及 a new benchmark CapScore")
    assert {k: got[k] for k in ("Qilin", "Vript", "CapScore")} == {
        "Qilin": "model", "Vript": "dataset", "CapScore": "metric"}
    assert triples(extractor, "SEED", "本文推出Qilin模型，构建了Vript数据集") == {
        (ENTRY, "proposes", "Qilin"), (ENTRY, "proposes", "Vript")}


def test_proposes_in_english(extractor: Extractor) -> None:
    assert triples(extractor, None, "We propose Kestrel, a small vision-language model.") == {
        (ENTRY, "proposes", "Kestrel")}


def test_evaluated_on_names_data(extractor: Extractor) -> None:
    assert kinds(extractor, "Kestrel", "在FooQA上表现最好")["FooQA"] == "dataset"


def test_stop_listed_acronyms_make_no_node(extractor: Extractor) -> None:
    got = _extract(extractor, "Kestrel", "用SFT和ICL做实验，超过SOTA，比LLMs都好", "基于 DNN")
    assert [m.canonical for m in got.mentions] == ["Kestrel"]
    assert triples(extractor, "Kestrel", "用SFT和ICL做实验，超过SOTA，比LLMs都好") == set()


def test_tasks_never_become_models(extractor: Extractor) -> None:
    got = kinds(extractor, "Kestrel", "在VQA、OCR和text-to-image任务上都很好")
    assert got == {"Kestrel": "model", "VQA": "task", "OCR": "task", "text-to-image": "task"}


@pytest.mark.parametrize(
    ("text", "is_name"),
    [("MiniGPT-5", True), ("VISTA-LLAMA", True), ("XComposer2", True), ("ShareGPT4V-7B", True), ("GPT-3.5", True),
     ("QFormer", True), ("14B", False), ("100k", False), ("Vision-Language", False), ("Transformer", False),
     ("IDs", False), ("Whisper-large-v2", True), ("Phi-3-mini", True), ("Llama-3-Instruct", True),
     ("Whisper-v3", True), ("Top-5", False), ("Stage-2", False)],
)
def test_name_form(text: str, is_name: bool) -> None:
    assert name_form(text) is is_name


def test_every_relation_keeps_rule_sentence_and_line(extractor: Extractor) -> None:
    ex = _extract(extractor, "Zephyr", "1. 模型：基于Mistral-7B。对比了Llama-2 70B，效果更好")
    got = sorted((r.predicate, r.object.canonical if r.object else "", r.rule, r.quote, r.line)
                 for r in ex.relations)
    assert got == [
        ("buildsOn", "Mistral 7B", "zh.builds_on.jiyu", "模型：基于Mistral-7B。", 10),
        ("comparesTo", "Llama 2", "zh.compares.duibi", "对比了Llama-2 70B，效果更好", 10),
        ("proposes", "Zephyr", "alias", "A Paper About Zephyr", 9),
    ]


def test_heldout_vocabulary_still_finds_unknown_names(tmp_path: Path) -> None:
    """With a vocabulary that knows no model, names come from their form and context alone."""
    ex = Extractor(_knowing_no_model(tmp_path, stoplist="LLM\nSOTA\n"))
    assert triples(ex, "Qilin", "本文推出Qilin，基于Baichuan2做指令微调，对比了Vicuna和MiniGPT-4，效果超过SOTA") == {
        (ENTRY, "buildsOn", "Baichuan2"),
        (ENTRY, "comparesTo", "Vicuna"),
        (ENTRY, "comparesTo", "MiniGPT-4"),
    }


def test_a_capitalised_word_before_a_name_modifies_it(extractor: Extractor) -> None:
    assert triples(extractor, "XComposer2", "本文引入 Partial LoRA，对比 Gemini Pro") == {
        (ENTRY, "uses", "LoRA"),
        (ENTRY, "comparesTo", "Gemini Pro"),
    }
    assert "Partial" not in kinds(extractor, "XComposer2", "本文引入 Partial LoRA")


def test_a_later_version_is_its_own_work(extractor: Extractor) -> None:
    assert triples(extractor, "Mamba-2", "在Mamba的基础上做了改进，对比 StyleGAN2 和 Phi-1.5") == {
        (ENTRY, "buildsOn", "Mamba"),
        (ENTRY, "comparesTo", "StyleGAN2"),
        (ENTRY, "comparesTo", "Phi-1.5"),
    }


def test_a_size_of_the_entry_s_model_is_the_entry(extractor: Extractor) -> None:
    assert triples(extractor, "Mamba", "在语言建模上，Mamba-3B 优于同尺寸的 Transformer") == {
        (ENTRY, "comparesTo", "Transformer"),
    }


def test_english_starting_points_and_hyphenated_proper_names(extractor: Extractor) -> None:
    assert triples(extractor, "Zephyr", "Starts from Mistral-7B and builds on the Bradley-Terry model.") == {
        (ENTRY, "buildsOn", "Mistral 7B"),
        (ENTRY, "buildsOn", "Bradley-Terry"),
    }


def test_two_capitals_are_a_name_only_where_a_cue_holds_them(extractor: Extractor) -> None:
    assert triples(extractor, "XVAE", "在AE基础上加了离散码本，对比 SD model 效果更好") == {
        (ENTRY, "buildsOn", "autoencoder"),
        (ENTRY, "uses", "codebook"),  # what it adds (加了) it uses
        (ENTRY, "comparesTo", "Stable Diffusion"),
    }
    assert triples(extractor, "XVAE", "通过IR召回，DL三大特征抽取器") == set()


def test_the_word_after_a_name_says_its_kind(tmp_path: Path) -> None:
    """`RAG增强`: a technique; `BLEU 分`: a metric, while `X分析` (analysis) says nothing; `X增强版` is a model."""
    ex = Extractor(_knowing_no_model(tmp_path))
    found = kinds(ex, "Qilin", "本文研究RAG增强Code场景，效果超过 BLEU 分，并对比了 Zorro-7B 增强版",
                  "对比了 Korval 分析的结果", "It uses a KoLeo regularizer.")
    assert (found["RAG"], found["BLEU"], found["Zorro-7B"], found["KoLeo"]) == ("technique", "metric", "model",
                                                                               "technique")
    assert found.get("Korval", "model") == "model"


def test_a_training_written_in_chinese_after_plus_is_a_technique_used(tmp_path: Path) -> None:
    """`Baichuan2 + 蒸馏`: the work builds on Baichuan2 and uses the training (a `[chain].training` word),
    even where no vocabulary knows it."""
    assert triples(Extractor(_knowing_no_model(tmp_path)), "Qilin", "模型：Baichuan2 + 指令微调") == {
        (ENTRY, "buildsOn", "Baichuan2"), (ENTRY, "uses", "指令微调")}


def test_plus_plus_written_onto_a_name_makes_another_work(extractor: Extractor) -> None:
    assert triples(extractor, "Qilin", "对比了 Transformer++、LLaMA++-v2 和 BYOL，采用 VQGAN+CLIP") == {
        (ENTRY, "comparesTo", "Transformer++"), (ENTRY, "comparesTo", "LLaMA++-v2"), (ENTRY, "comparesTo", "BYOL"),
        (ENTRY, "uses", "VQGAN+CLIP")}


def test_words_in_brackets_that_spell_a_name_out_are_that_name(extractor: Extractor) -> None:
    """`MLA（Multi-head Latent Attention）`: one technique, proposed, not a second thing named `Attention`;
    a name the vocabulary knows written out stays its spelling (`LLaVA (Large Language and Vision Assistant)`)."""
    assert triples(extractor, "Qilin", "本文提出了 MLA（Multi-head Latent Attention）和 ZorroMoE 结构") == {
        (ENTRY, "proposes", "MLA"), (ENTRY, "uses", "MLA"),
        (ENTRY, "proposes", "ZorroMoE"), (ENTRY, "uses", "ZorroMoE")}
    found = kinds(extractor, "Qilin", "基于 LLaVA (Large Language and Vision Assistant)，对比了 Zorro (a strong model)")
    assert found == {"Qilin": "model", "LLaVA": "model", "Zorro": "model"}
    ex = _extract(extractor, "Qilin", "基于 LLaVA (Large Language and Vision Assistant)")
    assert [m.text for m in ex.mentions if m.canonical == "LLaVA"] == ["LLaVA", "Large Language and Vision Assistant"]


def test_capitalised_words_after_a_name_word_are_one_name(extractor: Extractor) -> None:
    assert triples(extractor, "Qilin", "引入了 Naive Dynamic Resolution 和 Zorro-RoPE") == {
        (ENTRY, "uses", "Naive Dynamic Resolution"), (ENTRY, "uses", "Zorro-RoPE")}


def test_a_part_of_the_architecture_named_by_its_role_is_used(extractor: Extractor) -> None:
    assert triples(extractor, "Qilin", "视觉编码器是 ZorroViT-6B，语言模型是Qwen2") == {
        (ENTRY, "uses", "ZorroViT-6B"), (ENTRY, "uses", "Qwen2")}


def test_a_version_number_after_a_name_makes_another_work_but_a_size_or_count_does_not(extractor: Extractor) -> None:
    line = "对比了 Zorro 2、ZorroLM 1.5 Pro 和 Korval，基于 ZorroLM 2 13B，对比 Qwerty 3%"
    assert triples(extractor, "Qilin", line) == {
        (ENTRY, "comparesTo", "Zorro 2"), (ENTRY, "comparesTo", "ZorroLM 1.5 Pro"), (ENTRY, "comparesTo", "Korval"),
        (ENTRY, "buildsOn", "ZorroLM 2"), (ENTRY, "comparesTo", "Qwerty")}


def test_a_capitalised_name_with_a_hyphenated_version_is_a_name_where_a_cue_names_it(extractor: Extractor) -> None:
    assert triples(extractor, "Qilin", "另外对比了 Quillix-9003 的结果，基于 Korvane-2.5，使用了 Zorvex-40B") == {
        (ENTRY, "comparesTo", "Quillix-9003"), (ENTRY, "buildsOn", "Korvane-2.5"), (ENTRY, "uses", "Zorvex-40B")}
    assert triples(extractor, "Qilin", "Stage-2 的结果不错") == set()  # without a cue, no name


def test_an_english_list_goes_on_past_what_a_name_is_and_past_a_model_right_after_it(extractor: Extractor) -> None:
    assert triples(extractor, "Qilin", "It uses a CLIP ViT-L/14 vision encoder and Vicuna or Mistral as the LLM.") == {
        (ENTRY, "uses", "CLIP"), (ENTRY, "uses", "ViT"), (ENTRY, "uses", "Vicuna"), (ENTRY, "uses", "Mistral 7B")}
    assert triples(extractor, "Qilin", "本文解决了 Transformer attention 的平方问题") == {
        (ENTRY, "buildsOn", "Transformer")}  # a technique right after a name is what it is about, no list


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("We build upon LLaMA.", {(ENTRY, "buildsOn", "LLaMA")}),
        ("Pretrained on LAION-5B and fine-tuned on COCO.", {(ENTRY, "uses", "LAION-5B"), (ENTRY, "uses", "MS-COCO")}),
        ("Unlike BLIP-2, it does not use a Q-Former.", {(ENTRY, "comparesTo", "BLIP-2")}),
        ("Achieves higher accuracy than ResNet-50.", {(ENTRY, "comparesTo", "ResNet")}),
        ("It prefers sparse layers rather than Flamingo.", set()),
        ("本文不使用 Q-Former", set()),
        ("It outperforms LLaMA on MMLU and GSM8K.",
         {(ENTRY, "comparesTo", "LLaMA"), (ENTRY, "uses", "MMLU"), (ENTRY, "uses", "GSM8K")}),
        ("It focuses on LLaVA.", set()),  # after `on`, only data and benchmarks are used
    ],
)
def test_english_cues_for_upon_data_unlike_than_and_what_is_not_used(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # `在 X 上做 RL`: the model reinforcement learning starts from is built upon (a name no vocabulary knows and
        # no size ends is taken as used, as for `在 X 上训练`)
        ("在 Pellion-32B base 上做 RL，AIME 达到 50 分", {(ENTRY, "buildsOn", "Pellion-32B")}),
        ("直接在 Zelphor-Base 上做大规模 RL（GRPO）", {(ENTRY, "uses", "Zelphor-Base")}),
        # the same words before an evaluation still name the data evaluated on
        ("在 GSM8K 上做评测", {(ENTRY, "uses", "GSM8K")}),
        ("在 ImageNet 上做了消融实验", {(ENTRY, "uses", "ImageNet")}),
        # `在 X 和 Y 上测/扩`: terse for measured or extended on
        ("在 Pellion-7B 和 Zelphor-7B 上测，对比 Tenzil", {(ENTRY, "uses", "Pellion-7B"), (ENTRY, "uses", "Zelphor-7B"),
                                                      (ENTRY, "comparesTo", "Tenzil")}),
        ("在 Pellion-7B 上扩到 2M", {(ENTRY, "uses", "Pellion-7B")}),
        ("在 Pellion 和 Zelphor 上免训练加速 1.8x", {(ENTRY, "uses", "Pellion"), (ENTRY, "uses", "Zelphor")}),
        # `把 X 用到 Y 上`: the work applies X, so it builds on it
        ("把 Tenzil 用到视频的时空 token 上", {(ENTRY, "buildsOn", "Tenzil")}),
        # what is added (`加`) right before a name is used; `增加`, `更加` are other words
        ("部分层加Zelphor-MoE；总参 52B", {(ENTRY, "uses", "Zelphor-MoE")}),
        ("更加 Pellion 化的设计", set()),
        # a word that holds 上 is no place of measurement (`上下文`)
        ("在 Pellion 的分页式上下文管理里扩展了记忆", set()),
    ],
)
def test_reinforcement_learning_on_a_model(extractor: Extractor, line: str,
                                          expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Korvane", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # an architecture the same as X's is taken from X
        ("3. 模型，架构和 Pellion-2.5 基本一致", {(ENTRY, "buildsOn", "Pellion-2.5")}),
        ("结构和Zelphor完全一样，FID 更低", {(ENTRY, "buildsOn", "Zelphor")}),
        # what else is the same as X's is a comparison
        ("性能和 Pellion 一样", {(ENTRY, "comparesTo", "Pellion")}),
    ],
)
def test_the_same_architecture_as(extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Korvane", line) == expected


def test_a_name_of_a_labels_list_is_no_subject(extractor: Extractor) -> None:
    # a table cell or labelled line lists objects: what the remark after one does is the entry's work's doing
    assert triples(extractor, "Korvane", "数据集: Pellion-1M（用Zelphor重新打caption）") == {
        (ENTRY, "uses", "Pellion-1M"), (ENTRY, "uses", "Zelphor")}
    assert triples(extractor, "Korvane", "Pellion-1M 用 Zelphor 重新打了 caption") == {
        ("Pellion-1M", "uses", "Zelphor")}


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        # the short name after a family's hyphen is the entry's own work: no relation to itself
        ("Pellion-R2", {(ENTRY, "comparesTo", "R1"), (ENTRY, "comparesTo", "Zelphor-7B")}),
        ("Pellion", {(ENTRY, "uses", "R2"), (ENTRY, "comparesTo", "R1"), (ENTRY, "comparesTo", "Zelphor-7B")}),
    ],
)
def test_the_short_name_of_the_entry_is_itself(extractor: Extractor, alias: str,
                                                expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, alias, "用 R2 生成数据，对比 R1 和 Zelphor-7B") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # `X 的推广/泛化/变体`: a generalisation or variant of X builds on it
        ("- 是 Pellion 的推广：Pellion 只在 QA 上学 rationale", {(ENTRY, "buildsOn", "Pellion")}),
        ("可以看作 Zelphor 的变体", {(ENTRY, "buildsOn", "Zelphor")}),
        # the models a work is run with, named by their role (`模型是`, `视觉端`)
        ("- 模型是 Pellion-1.0 Pro 和 Zelphor-1.5；效果都提升", {(ENTRY, "uses", "Pellion-1.0 Pro"),
                                                              (ENTRY, "uses", "Zelphor-1.5")}),
        ("视觉端 Pellion-300M / Zelphor-6B", {(ENTRY, "uses", "Pellion-300M"), (ENTRY, "uses", "Zelphor-6B")}),
        # a note line labelled `对比 baselines：` lists what the work is compared to
        ("- 对比 baselines：Pellion、Zelphor，全部更好",
         {(ENTRY, "comparesTo", "Pellion"), (ENTRY, "comparesTo", "Zelphor")}),
    ],
)
def test_chinese_generalisations_roles_and_baselines(extractor: Extractor, line: str,
                                                      expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Korvane", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # terse English of a note-taking app: `follow-up of`, `w/` for with, `prefers it over`, a bare label
        ("- follow-up of Pellion: same arch family", {(ENTRY, "buildsOn", "Pellion")}),
        ("- compared w/ Pellion-3B and Zelphor at small scale", {(ENTRY, "comparesTo", "Pellion-3B"),
                                                                 (ENTRY, "comparesTo", "Zelphor")}),
        ("- video: competitive w/ Pellion-1.2", {(ENTRY, "comparesTo", "Pellion-1.2")}),
        ("- human eval prefers it over Pellion and Zelphor-4V",
         {(ENTRY, "comparesTo", "Pellion"), (ENTRY, "comparesTo", "Zelphor-4V")}),
        ("- backbone LLM: Pellion-72B-Instruct", {(ENTRY, "uses", "Pellion-72B-Instruct")}),
        ("- vision: Zelphor-6B", {(ENTRY, "uses", "Zelphor-6B")}),
        ("- tricks: QV-Norm, Zelphor loss", {(ENTRY, "uses", "QV-Norm"), (ENTRY, "uses", "Zelphor loss")}),
        # what the work's tokens, latents or features come from is used
        ("- image tokens from Pellion-v2 (discrete), text tokens AR", {(ENTRY, "uses", "Pellion-v2")}),
        ("- latents from a Zelphor-VAE, no codebook", {(ENTRY, "uses", "Zelphor-VAE")}),
        ("- tokens from the start are dropped", set()),
        # the name before `applied to`, `is used for` is used; after `is applied to` a name is used as before
        ("- Pellion-DPO applied to visual generation too", {(ENTRY, "uses", "Pellion-DPO")}),
        ("- LoRA is used for the adapters", {(ENTRY, "uses", "LoRA")}),
        ("- it is applied to Zelphor", {(ENTRY, "uses", "Zelphor")}),
    ],
)
def test_terse_english_of_note_apps(extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Korvane", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a short modifier ending in 的 may stand between the opener and the names compared
        ("和同规模的 Pellion-7B、Zelphor-7B 对比性能相当",
         {(ENTRY, "comparesTo", "Pellion-7B"), (ENTRY, "comparesTo", "Zelphor-7B")}),
        ("跟开源的 Pellion 和 Zelphor 对比", {(ENTRY, "comparesTo", "Pellion"), (ENTRY, "comparesTo", "Zelphor")}),
    ],
)
def test_a_modifier_between_the_opener_and_the_names(extractor: Extractor, line: str,
                                                     expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Korvane", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a clause that only lists techniques names what the work uses
        ("3. 模型，架构基本不变，RoPE、RMSNorm、QV-norm，去掉了 bias",
         {(ENTRY, "uses", "rotary position embedding"), (ENTRY, "uses", "RMSNorm"), (ENTRY, "uses", "QV-norm")}),
        ("- SwiGLU, RMSNorm", {(ENTRY, "uses", "SwiGLU"), (ENTRY, "uses", "RMSNorm")}),
        # one technique alone, a list of data or of works, or a list with words of its own says nothing
        ("RMSNorm", set()),
        ("ImageNet、MS-COCO", set()),
        ("Pellion、Zelphor", set()),
        ("RoPE、RMSNorm 都没变", set()),
    ],
)
def test_a_bare_list_of_techniques(extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Korvane", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a use denied is no use: `没用PPO`, `未使用 X`, `doesn't use X`; what the clause does use still counts
        ("post-train SFT+拒绝采样+DPO，没用PPO", {(ENTRY, "uses", "DPO"), (ENTRY, "uses", "rejection sampling")}),
        ("未使用 RLHF，没用到 Zelphor", set()),
        ("不加 LoRA，用 DPO 对齐", {(ENTRY, "uses", "DPO")}),
        ("It doesn't use RLHF but uses DPO.", {(ENTRY, "uses", "DPO")}),
        ("Training happens without the use of PPO.", set()),
    ],
)
def test_what_a_work_does_without(extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Korvane", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("以LLaMA-2为基座，在ShareGPT数据上微调", {(ENTRY, "buildsOn", "Llama 2"), (ENTRY, "uses", "ShareGPT")}),
        ("在Mistral-7B上做了continued pretraining", {(ENTRY, "buildsOn", "Mistral 7B")}),
        ("以CLIP为视觉编码器，Vicuna作为语言模型", {(ENTRY, "uses", "CLIP"), (ENTRY, "uses", "Vicuna")}),
    ],
)
def test_chinese_cues_for_a_base_model_training_on_a_model_and_parts_by_role(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # what a work is evaluated on is data it uses; a comparison in the same clause is kept as well
        ("在MiraBench和Tollow-QA数据集上评测，超过了Vantor-13B",
         {(ENTRY, "uses", "MiraBench"), (ENTRY, "uses", "Tollow-QA"), (ENTRY, "comparesTo", "Vantor-13B")}),
        ("在Fenwick-Tables上的效果好于Hollis-MoE",
         {(ENTRY, "uses", "Fenwick-Tables"), (ENTRY, "comparesTo", "Hollis-MoE")}),
        ("在C-Eval和CMMLU上与ChatGLM2-6B对比",
         {(ENTRY, "uses", "C-Eval"), (ENTRY, "uses", "CMMLU"), (ENTRY, "comparesTo", "ChatGLM2")}),
        ("在Tollow-QA上改了一些超参", set()),  # nothing said of how it did there: no relation
        ("受Hollis-MoE启发，用可学习的路由替代top-k", {(ENTRY, "buildsOn", "Hollis-MoE")}),
        ("本文推出Monkey，受到LLaVA的启发，支持高分辨率输入",
         {(ENTRY, "proposes", "Monkey"), (ENTRY, "buildsOn", "LLaVA")}),
        # a capitalised word no vocabulary knows is a name right before a cue that looks back at it
        ("一种门控循环网络，是Pellion的改进版", {(ENTRY, "buildsOn", "Pellion")}),
        ("与Wandle相比，困惑度更低", {(ENTRY, "comparesTo", "Wandle")}),
    ],
)
def test_chinese_cues_for_data_a_work_is_evaluated_on_and_work_that_inspired_it(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A successor to Lumen-7B, trained with PPO against a verifier.",
         {(ENTRY, "buildsOn", "Lumen-7B"), (ENTRY, "uses", "PPO")}),
        ("Built from ChartQA and PlotQA charts.", {(ENTRY, "uses", "ChartQA"), (ENTRY, "uses", "PlotQA")}),
        ("Preference pairs come from the Moravia-Pairs dataset.", {(ENTRY, "uses", "Moravia-Pairs")}),
        ("Evaluated with FID on CIFAR-10.", {(ENTRY, "uses", "FID"), (ENTRY, "uses", "CIFAR-10")}),
    ],
)
def test_english_cues_for_what_a_work_is_trained_with_and_built_from(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


def _orgs(extractor: Extractor, orgs_text: str) -> list[str]:
    entry = Entry(title="A Paper", alias=None, read_on=None, published=None, orgs_text=orgs_text, body=(),
                  source="notes/x.md", line=1)
    return [m.canonical for m in extractor.extract([entry])[0].orgs]


@pytest.mark.parametrize(
    ("orgs_text", "expected"),
    [
        ("2023.8 Ostrava Labs 的工作，要点：", ["Ostrava Labs"]),  # not `Ostrava Lab`
        ("Affiliations: Brenner Laboratory", ["Brenner Laboratory"]),
        ("2024.1 新加坡科技设计大学的工作，要点：", ["新加坡科技设计大学"]),  # one name, though `科技` ends names too
        ("2023.12 腾讯优图实验室和厦门大学的一篇", ["Tencent Youtu Lab", "Xiamen University"]),
        ("*Interspeech 2023, Apple*", ["Apple"]),  # a word right before a year is the venue
        ("*NeurIPS 2023, Google DeepMind*", ["DeepMind"]),
        ("*2023, Halvorsen Institute*", ["Halvorsen Institute"]),
    ],
)
def test_organisations_of_a_publication_line(extractor: Extractor, orgs_text: str, expected: list[str]) -> None:
    assert _orgs(extractor, orgs_text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("引入了Tarn attention，对比标准attention",
         {(ENTRY, "uses", "Tarn attention"), (ENTRY, "comparesTo", "attention")}),
        ("借鉴了Corvel positional encoding的思路", {(ENTRY, "uses", "Corvel positional encoding")}),
        ("是QRT watermark的延伸", {(ENTRY, "buildsOn", "QRT watermark")}),
        ("采用了Velt routing", {(ENTRY, "uses", "Velt routing")}),
        ("Uses Tarn attention on long inputs.", {(ENTRY, "uses", "Tarn attention")}),
        # a word that opens an English sentence, a modifier, a generic word, a cue: the vocabulary's name stays
        ("- Sparse attention is used.", set()),
        ("引入了 Stacked attention 和 Vanilla attention", {(ENTRY, "uses", "attention")}),
        ("解决了Transformer attention的平方复杂度问题", {(ENTRY, "buildsOn", "Transformer")}),
        ("模型，Combine transformer based LMs with diffusion models", {(ENTRY, "uses", "Transformer")}),
        # a kind word says what the name before it is; it makes no longer name
        ("采用Quell tokenizer", {(ENTRY, "uses", "Quell")}),
    ],
)
def test_a_name_word_before_a_generic_technique_names_a_specific_one(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


def test_a_generic_technique_alone_stays_what_it_is(extractor: Extractor) -> None:
    assert kinds(extractor, "Qilin", "引入了Tarn attention") == {"Qilin": "model", "Tarn attention": "technique"}
    assert kinds(extractor, "Qilin", "引入了 attention") == {"Qilin": "model", "attention": "technique"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Builds upon beacon attention.", {(ENTRY, "buildsOn", "beacon attention")}),
        ("引入了 gated positional encoding", {(ENTRY, "uses", "gated positional encoding")}),
        # an article is no modifier, and a technique the vocabulary knows whole stays that technique
        ("Uses the standard attention.", {(ENTRY, "uses", "attention")}),
        ("引入了 residual connection 结构", {(ENTRY, "uses", "residual connection")}),
    ],
)
def test_a_lower_case_modifier_after_a_cue_makes_a_term_of_a_known_technique(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("在COCO上评测，超过了Harrow DINO", {(ENTRY, "uses", "MS-COCO"), (ENTRY, "comparesTo", "Harrow DINO")}),
        ("Compared with DINO and Harrow DINO.", {(ENTRY, "comparesTo", "DINO"), (ENTRY, "comparesTo", "Harrow DINO")}),
        # an ordinary modifier, a word opening a sentence, a word the vocabulary knows: the known name stays
        ("对比了 Vanilla DINO 和 Faster DINO", {(ENTRY, "comparesTo", "DINO")}),
        ("- Outperforms DINO.", {(ENTRY, "comparesTo", "DINO")}),
        ("本文引入 Partial LoRA", {(ENTRY, "uses", "LoRA")}),
    ],
)
def test_a_capitalised_word_no_vocabulary_knows_before_a_known_name_makes_another_work(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("与Wandle和LLM-Pruner相比，困惑度更低",
         {(ENTRY, "comparesTo", "Wandle"), (ENTRY, "comparesTo", "LLM-Pruner")}),
        ("与Wandle、Tarnish和SparseGPT相比",
         {(ENTRY, "comparesTo", "Wandle"), (ENTRY, "comparesTo", "Tarnish"), (ENTRY, "comparesTo", "SparseGPT")}),
        ("是Wandle和Tarnish的改进版", {(ENTRY, "buildsOn", "Wandle"), (ENTRY, "buildsOn", "Tarnish")}),
    ],
)
def test_a_word_a_list_joins_to_a_cue_that_looks_back_is_a_name(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("在代码任务上接近Code Llama", {(ENTRY, "comparesTo", "Code Llama")}),
        ("效果逼近GPT-4", {(ENTRY, "comparesTo", "GPT-4")}),
        ("和Llama 2相比效果接近", {(ENTRY, "comparesTo", "Llama 2")}),
        ("效果接近人类水平", set()),
    ],
)
def test_coming_close_to_a_work_compares_with_it(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


def test_a_release_of_a_name_written_in_parts_is_a_name(extractor: Extractor) -> None:
    """`初始化自Whisper-large-v2` had no edge: the name was no name, as every part is a plain word or a number."""
    assert triples(extractor, "Qilin", "音频编码器初始化自Whisper-large-v2，LLM为Phi-3-mini") == {
        (ENTRY, "buildsOn", "Whisper-large-v2"),
        (ENTRY, "uses", "Phi-3-mini"),
    }


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("对照组是XLS-R和HuBERT", {(ENTRY, "comparesTo", "XLS-R"), (ENTRY, "comparesTo", "HuBERT")}),
        ("对照组为Tarnish", {(ENTRY, "comparesTo", "Tarnish")}),
        ("对照组是全量微调的Alpaca模型", {(ENTRY, "comparesTo", "Alpaca")}),
    ],
)
def test_the_control_group_of_a_note_is_what_the_work_compares_with(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


def _linked_triples(extractor: Extractor, *notes: str) -> set[tuple[str, str, str, str]]:
    """The relations of one entry of an Obsidian-style log whose notes are `notes`, with each object's kind."""
    text = "## [[2024-05-02]]\n- [[Qilin: A Paper About Things]] #read\n" + "".join(f"  - {n}\n" for n in notes)
    (ex,) = extractor.extract(parse_texts([("log.md", text)]).entries)
    return {(r.subject.canonical if r.subject else ENTRY, r.predicate, r.object.canonical if r.object else ENTRY,
             r.object.kind if r.object else "") for r in ex.relations if r.rule != "alias"}


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # without the brackets: `diffusion model` and `Policy`; `Alpaca data`; `Ensembles`
        ("based on [[Diffusion Policy]]", {(ENTRY, "buildsOn", "Diffusion Policy", "model")}),
        ("uses the [[Alpaca]] data for tuning", {(ENTRY, "uses", "Alpaca", "model")}),
        ("compared with [[Deep Ensembles]] and [[MC Dropout]]",
         {(ENTRY, "comparesTo", "Deep Ensembles", "model"), (ENTRY, "comparesTo", "Monte Carlo dropout", "technique")}),
        ("compared with [[Okapi|Contriever]]", {(ENTRY, "comparesTo", "Contriever", "model")}),
        ("基于[[Hyena]]和[[LoRA]]", {(ENTRY, "buildsOn", "Hyena", "model"), (ENTRY, "buildsOn", "LoRA", "technique")}),
        # a link to a day is no name; a link that reads as a title cites a paper
        ("read after [[2024-05-01]], builds on [[Hyena]]", {(ENTRY, "buildsOn", "Hyena", "model")}),
        ("builds on [[ColBERT: Efficient Passage Search]]",
         {(ENTRY, "buildsOn", "ColBERT: Efficient Passage Search", "paper")}),
    ],
)
def test_a_wiki_linked_span_is_one_name(
        extractor: Extractor, note: str, expected: set[tuple[str, str, str, str]]) -> None:
    assert _linked_triples(extractor, note) == expected



@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Kestrel adopts a BM25 retriever and StarCoder as the generator.",
         {(ENTRY, "uses", "BM25"), (ENTRY, "uses", "StarCoder")}),
        ("Kestrel adopts a Zorb retriever and StarCoder.", {(ENTRY, "uses", "Zorb"), (ENTRY, "uses", "StarCoder")}),
        ("uses a CLIP vision encoder and Vicuna", {(ENTRY, "uses", "CLIP"), (ENTRY, "uses", "Vicuna")}),
    ],
)
def test_one_word_saying_what_a_name_is_keeps_the_list_going(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    """`a BM25 retriever and StarCoder`: the connector was read as a second describing word, and the list ended."""
    assert triples(extractor, "Kestrel", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Drift uses entropy minimization and resets BatchNorm statistics.",
         {(ENTRY, "uses", "entropy minimization"), (ENTRY, "uses", "batch normalization")}),
        ("本文采用了 likelihood maximization 的训练目标", {(ENTRY, "uses", "likelihood maximization")}),
    ],
)
def test_a_term_may_end_in_what_it_minimises_or_maximises(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Drift", line) == expected


def test_a_plural_kind_word_after_a_list_types_every_name_of_it(extractor: Extractor) -> None:
    """`the SIFT1M and Deep1B datasets`: SIFT1M was a model, and `on` (data a work is run on) took only Deep1B."""
    line = "Compared with HNSW and ScaNN on the SIFT1M and Deep1B datasets."
    assert triples(extractor, "Tidewater", line) == {
        (ENTRY, "comparesTo", "HNSW"), (ENTRY, "comparesTo", "ScaNN"),
        (ENTRY, "uses", "SIFT1M"), (ENTRY, "uses", "Deep1B"),
    }
    assert kinds(extractor, "Tidewater", line) == {
        "Tidewater": "model", "HNSW": "technique", "ScaNN": "model", "SIFT1M": "dataset", "Deep1B": "dataset"}
    # in the singular the kind word is the last name's alone
    assert kinds(extractor, "Tidewater", "Compared with ScaNN and Deep1B dataset.") == {
        "Tidewater": "model", "ScaNN": "model", "Deep1B": "dataset"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("参照LIMA的观点：少量高质量数据就够", {(ENTRY, "buildsOn", "LIMA")}),
        ("仿照Alpaca的设定生成指令", {(ENTRY, "buildsOn", "Alpaca")}),
        ("参照Zorbix的做法，只用少量数据", {(ENTRY, "buildsOn", "Zorbix")}),
        ("详见LIMA，参照附录", set()),
    ],
)
def test_following_a_works_view_or_setting_builds_on_it(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Elsmere", line) == expected


def test_a_proposes_cue_ends_at_the_comma(extractor: Extractor) -> None:
    """`本文推出X，在Y基础上…`: the clause after the comma builds on Y. (CogAgent itself still loses this edge: the
    vocabulary lists `CogAgent` as another label of CogVLM, so the entry seems to build on itself.)"""
    assert triples(extractor, "Qilin", "本文推出Qilin，在CogVLM基础上增加了高分辨率分支") == {
        (ENTRY, "buildsOn", "CogVLM")}
    assert triples(extractor, None, "本文推出Qilin，在CogVLM基础上增加了高分辨率分支") == {
        (ENTRY, "proposes", "Qilin"), (ENTRY, "buildsOn", "CogVLM")}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the dot of `vs.` / `cf.` ended the sentence, and the list it opens was left without a cue
        ("vs. Pythia, OPT, BLOOM at similar size — comparable",
         {(ENTRY, "comparesTo", "Pythia"), (ENTRY, "comparesTo", "OPT"), (ENTRY, "comparesTo", "BLOOM")}),
        ("cf. Korvane-7B, ZelphNet", {(ENTRY, "comparesTo", "Korvane-7B"), (ENTRY, "comparesTo", "ZelphNet")}),
        # a name's brackets and variants written onto it (`RWKV-4/5/6`) do not end the list
        ("trained on SlimPajama; vs. Llama (Transformer++), Mamba, Korvane-7B/13B, ZelphNet — best ppl",
         {(ENTRY, "uses", "SlimPajama"), (ENTRY, "comparesTo", "LLaMA"), (ENTRY, "comparesTo", "Transformer++"),
          (ENTRY, "comparesTo", "Mamba"), (ENTRY, "comparesTo", "Korvane-7B"), (ENTRY, "comparesTo", "ZelphNet"),
          (ENTRY, "uses", "perplexity")}),
    ],
)
def test_an_abbreviation_s_dot_ends_no_sentence_and_its_list_goes_on(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("fine-tuned Mistral-7B and Phi-2 on UltraFeedback",
         {(ENTRY, "buildsOn", "Mistral 7B"), (ENTRY, "buildsOn", "Phi-2"), (ENTRY, "uses", "UltraFeedback")}),
        ("generator = Korvane-7B/13B fine-tuned", {(ENTRY, "buildsOn", "Korvane-7B")}),
        ("base = Korvane-7B and ZelphNet", {(ENTRY, "buildsOn", "Korvane-7B"), (ENTRY, "buildsOn", "ZelphNet")}),
        ("but LLM = Mamba (init from Korvane-7B)", {(ENTRY, "buildsOn", "Korvane-7B")}),
        ("otherwise same arch as Mistral 7B", {(ENTRY, "buildsOn", "Mistral 7B")}),
        ("scaled-up version of the ZelphNet recipe", {(ENTRY, "buildsOn", "ZelphNet")}),
        ("generalizes ZelphNet", {(ENTRY, "buildsOn", "ZelphNet")}),
        # the name before `recipe` is what is followed, not the subject of what comes after
        ("ZelphNet training recipe w/ small LLMs: fine-tuned from Phi-2, TinyLlama",
         {(ENTRY, "buildsOn", "ZelphNet"), (ENTRY, "buildsOn", "Phi-2"), (ENTRY, "buildsOn", "TinyLlama")}),
    ],
)
def test_english_builds_on_by_fine_tuning_a_base_an_architecture_or_a_recipe(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GPT-4 as judge for win rates", {(ENTRY, "uses", "GPT-4")}),
        ("retriever ZelphNet", {(ENTRY, "uses", "ZelphNet")}),
        ("vision tower SigLIP (CLIP also tried)", {(ENTRY, "uses", "SigLIP"), (ENTRY, "uses", "CLIP")}),
        ("Korvane-7B backbone w/ one shared attention block", {(ENTRY, "uses", "Korvane-7B")}),
    ],
)
def test_a_name_next_to_the_part_it_plays_is_used(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a list before a cue that looks back at it, the cue after a setting (`在多数 benchmark 上`)
        ("405B 和 GPT-4、GPT-4o、Claude 3.5 Sonnet 在多数 benchmark 上可比",
         {(ENTRY, "comparesTo", "GPT-4"), (ENTRY, "comparesTo", "GPT-4o"), (ENTRY, "comparesTo", "Claude 3.5 Sonnet")}),
        ("理解上和 ZelphNet 可比", {(ENTRY, "comparesTo", "ZelphNet")}),
        ("和 Pika、Korvane-7B 做了人评", {(ENTRY, "comparesTo", "Pika"), (ENTRY, "comparesTo", "Korvane-7B")}),
        ("human eval 上和 Korvane-7B 差距不大", {(ENTRY, "comparesTo", "Korvane-7B")}),
        # a hyphenated phrase with a one-letter part is a name
        ("和 Text2Video-Zero、Tune-A-Video 相比，时序一致性更好",
         {(ENTRY, "comparesTo", "Text2Video-Zero"), (ENTRY, "comparesTo", "Tune-A-Video")}),
        ("beats ZelphNet, close to GPT-4", {(ENTRY, "comparesTo", "ZelphNet"), (ENTRY, "comparesTo", "GPT-4")}),
        # a word between two names of a comma list is a name of it
        ("vs PPO, Unlikelihood, Korvane-7B",
         {(ENTRY, "comparesTo", "PPO"), (ENTRY, "comparesTo", "Unlikelihood"), (ENTRY, "comparesTo", "Korvane-7B")}),
    ],
)
def test_comparisons_that_look_back_at_a_list_or_run_through_one(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("模型，从 Korvane-7B upcycle 成 16x1.3B 的 MoE", {(ENTRY, "buildsOn", "Korvane-7B")}),
        ("以 ZelphNet 为框架", {(ENTRY, "buildsOn", "ZelphNet")}),
        ("基座是 Korvane-7B", {(ENTRY, "buildsOn", "Korvane-7B")}),
        ("算是 ZelphNet 系列的集大成者", {(ENTRY, "buildsOn", "ZelphNet")}),
        # an opener that is no list connector (`在`, `为`) does not join the name before it to the list
        ("Qilin 在 ZelphNet 的 selective scan 基础上改了 A 矩阵", {(ENTRY, "buildsOn", "ZelphNet")}),
        ("可以说 Qilin 为 ZelphNet 做了铺垫", {("ZelphNet", "buildsOn", ENTRY)}),
        # training on a name no vocabulary knows: data, unless its form ends in a model size
        ("实验结果，在 Pile 上训练", {(ENTRY, "uses", "Pile")}),
        ("在 LAION-5B-Aesthetics 上训练只要 32 个 GPU 小时", {(ENTRY, "uses", "LAION-5B-Aesthetics")}),
        ("在 Korvane-LM-7B 上继续预训练到 1M context", {(ENTRY, "buildsOn", "Korvane-LM-7B")}),
        ("在 LLaMA 上训练", {(ENTRY, "buildsOn", "LLaMA")}),
        # a later work opening a clause builds on the entry's, and the clause says the rest of it
        ("后续的 ZelphNet 把蒸馏结果做成 LoRA", {("ZelphNet", "buildsOn", ENTRY)}),
        ("后续 Acme Labs 的 ZelphNet 也沿用 Korvane-7B 这一套",
         {("ZelphNet", "buildsOn", ENTRY), ("ZelphNet", "buildsOn", "Korvane-7B")}),
        ("这也为后续ZelphNet的出现做了铺垫", {("ZelphNet", "buildsOn", ENTRY)}),
    ],
)
def test_chinese_builds_on_a_start_a_frame_a_base_a_series_and_later_works(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Qilin", line) == expected


@pytest.mark.parametrize(
    ("alias", "line", "expected"),
    [
        ("SimPO", "Baselines: DPO, IPO, KTO, ORPO, R-DPO, CPO.",
         {(ENTRY, "comparesTo", n) for n in ("DPO", "IPO", "KTO", "ORPO", "R-DPO", "CPO")}),
        ("SimPO", "- **Builds on**: DPO.", {(ENTRY, "buildsOn", "DPO")}),
        ("SimPO", "Builds on: RLHF (the InstructGPT pipeline) and the Bradley-Terry preference model.",
         {(ENTRY, "buildsOn", "RLHF"), (ENTRY, "buildsOn", "InstructGPT")}),
        ("X", "**Datasets:** MS-COCO, Flickr30K", {(ENTRY, "uses", "MS-COCO"), (ENTRY, "uses", "Flickr30k")}),
        ("X", "Baselines (7B): LLaVA-1.5, Qwen-VL",
         {(ENTRY, "comparesTo", "LLaVA-1.5"), (ENTRY, "comparesTo", "Qwen-VL")}),
        ("Qwen2-VL", "基线：GPT-4o、Claude 3.5 Sonnet、InternVL2",
         {(ENTRY, "comparesTo", "GPT-4o"), (ENTRY, "comparesTo", "Claude 3.5 Sonnet"),
          (ENTRY, "comparesTo", "InternVL2")}),
        ("CogVideoX", "    - 文本编码器：T5", {(ENTRY, "uses", "T5")}),
        # a baseline is a work, not the metric it is measured by
        ("Transfusion", "- 基线：Chameleon（相同计算量下图像生成 FID 好很多）", {(ENTRY, "comparesTo", "Chameleon")}),
        # the label's list ends with its sentence; the line's cues keep their own relations
        ("X", "Baselines: PPO, DPO; KTO came out later.", {(ENTRY, "comparesTo", "PPO"), (ENTRY, "comparesTo", "DPO")}),
        ("X", "Builds on: DPO. Compared with PPO later.", {(ENTRY, "buildsOn", "DPO"), (ENTRY, "comparesTo", "PPO")}),
        ("X", "基线：理解上对比 LLaVA-1.5，生成上对比 SDXL",
         {(ENTRY, "comparesTo", "LLaVA-1.5"), (ENTRY, "comparesTo", "SDXL")}),
        # words that open a section of prose are no labels
        ("SimPO", "Takeaway: beats DPO by 6 points; Llama-3 is used.", {(ENTRY, "comparesTo", "DPO")}),
        # two label words of one relation joined (a card's row `基线/对比`); of two relations, no label
        ("X", "基线/对比：Claude 3.5 Sonnet、GPT-4o",
         {(ENTRY, "comparesTo", "Claude 3.5 Sonnet"), (ENTRY, "comparesTo", "GPT-4o")}),
        ("X", "Baselines / comparisons: DPO, KTO", {(ENTRY, "comparesTo", "DPO"), (ENTRY, "comparesTo", "KTO")}),
        ("X", "数据/基线：MS-COCO、LLaVA-1.5", set()),
        # a label may open a later sentence of the line: its list is the rest of that sentence
        ("X", "Fine-tuned for 1000 steps. Base models: LLaMA and Mistral 7B.",
         {(ENTRY, "buildsOn", "LLaMA"), (ENTRY, "buildsOn", "Mistral 7B")}),
        ("X", "效果不错，开源了。基线：GPT-4o、Claude 3.5 Sonnet",
         {(ENTRY, "comparesTo", "GPT-4o"), (ENTRY, "comparesTo", "Claude 3.5 Sonnet")}),
        ("X", "We fine-tune LLaMA. See Table 2: Mistral 7B is worse.", {(ENTRY, "buildsOn", "LLaMA")}),
    ],
)
def test_a_labelled_note_line_gives_every_name_of_its_list_the_label_s_relation(
    extractor: Extractor, alias: str, line: str, expected: set[tuple[str, str, str]]
) -> None:
    assert triples(extractor, alias, line) == expected


def test_a_label_says_what_kind_an_unknown_name_of_its_list_is(extractor: Extractor) -> None:
    assert kinds(extractor, "X", "Datasets: ZorblyQA, QuentaMath-2") == {
        "X": "model", "ZorblyQA": "dataset", "QuentaMath-2": "dataset"}
    assert kinds(extractor, "X", "Metrics: VorpalEval-2, Quenta-7B") == {
        "X": "model", "VorpalEval-2": "metric", "Quenta-7B": "model"}


@pytest.mark.parametrize(
    ("alias", "lines", "expected"),
    [
        ("minGRU", ("    ← LSTM, GRU",), {(ENTRY, "buildsOn", "LSTM"), (ENTRY, "buildsOn", "GRU")}),
        ("minGRU", ("    ≈ Mamba on seq modeling, 175x faster training than plain LSTM at len 512",),
         {(ENTRY, "comparesTo", "Mamba"), (ENTRY, "comparesTo", "LSTM")}),
        ("Titans", ("    > GPT-4 on long contexts, scales to >2M ctx",), {(ENTRY, "comparesTo", "GPT-4")}),
        ("Hymba", ("    Hymba-1.5B > Llama-3.2-3B (+1.32% avg acc), 11.67x smaller cache",),
         {(ENTRY, "comparesTo", "Llama-3.2-3B")}),
        # `+ X` opening a terse line: every name of the whole line is a part the work uses
        ("Liger", ("    + SwiGLU; fused RMSNorm, RoPE",),
         {(ENTRY, "uses", "SwiGLU"), (ENTRY, "uses", "RMSNorm"), (ENTRY, "uses", "rotary position embedding")}),
        ("DiffT", ("    ← Transformer", "    + headwise GroupNorm, learnable λ"),
         {(ENTRY, "buildsOn", "Transformer"), (ENTRY, "uses", "group normalization")}),
        # a sign every note line opens with is the list's bullet: the cues say what the names are
        ("X", ("+ 本文基于 LLaMA", "+ 对比了 GPT-4 和 Vicuna"),
         {(ENTRY, "buildsOn", "LLaMA"), (ENTRY, "comparesTo", "GPT-4"), (ENTRY, "comparesTo", "Vicuna")}),
        # a score's sign is no `A + B` architecture line; a count after a spaced `+` still is
        ("X", ("top-1 +1.4 over ResNet and ViT",), set()),
        ("X", ("T5 + 3个diffusion models",), {(ENTRY, "uses", "T5"), (ENTRY, "uses", "diffusion model")}),
        # a gain measured on data: what the work is evaluated on
        ("X", ("主要对比 GridNet-B，在 ImageNet-Hex 上 top-1 +1.4",),
         {(ENTRY, "comparesTo", "GridNet-B"), (ENTRY, "uses", "ImageNet-Hex")}),
        ("X", ("GSM8K 上 +5.2，MATH 上提升 3 个点",), {(ENTRY, "uses", "GSM8K"), (ENTRY, "uses", "MATH")}),
        # an arrow that is no sign before a name says nothing
        ("X", ("input -> Llama output => GPT-4",), set()),
    ],
)
def test_signs_of_terse_notes_say_builds_on_compares_and_uses(
    extractor: Extractor, alias: str, lines: tuple[str, ...], expected: set[tuple[str, str, str]]
) -> None:
    assert triples(extractor, alias, *lines) == expected


@pytest.mark.parametrize(
    ("alias", "line", "expected"),
    [
        ("DeepSeek-V3x", "chat 版本跟 GPT-4o、Claude-3.5-Sonnet 互有胜负",
         {(ENTRY, "comparesTo", "GPT-4o"), (ENTRY, "comparesTo", "Claude 3.5 Sonnet")}),
        ("CogVideoX", "自动指标和人工评测都不错，但和 Kling 比还有差距", {(ENTRY, "comparesTo", "Kling")}),
        ("X", "比较 Kestrel、PixelSlice、HexaViT patch tokens 三种视觉 tokenizer",
         {(ENTRY, "comparesTo", "Kestrel"), (ENTRY, "comparesTo", "PixelSlice"), (ENTRY, "comparesTo", "HexaViT")}),
        ("X", "方法比较简单，用了 CLIP", {(ENTRY, "uses", "CLIP")}),  # 比较 before no name: rather
        ("Show-o", "在 Phi-1.5 上初始化", {(ENTRY, "buildsOn", "Phi-1.5")}),
        ("Emu3", "2024.9 BAAI 的一篇工作，Emu 系列的第三代", {(ENTRY, "buildsOn", "Emu")}),
        ("DeepSeek-V3x", "架构上沿用了 DeepSeek-V2 的 MLA 和 DeepSeekMoE，总参数671B",
         {(ENTRY, "buildsOn", "DeepSeek-V2"), (ENTRY, "uses", "MLA"), (ENTRY, "uses", "DeepSeekMoE")}),
        ("Molmo", "LLM 有 OLMo-7B、Qwen2-72B 几种", {(ENTRY, "uses", "OLMo-7B"), (ENTRY, "uses", "Qwen2-72B")}),
        ("X", "LLM 是冻结的 Qwen2.5-7B，只训练 tokenizer", {(ENTRY, "uses", "Qwen2.5-7B")}),
        ("X", "问题和解释由 Tamarind-7B 生成，再用执行结果过滤", {(ENTRY, "uses", "Tamarind-7B")}),
        ("X", "由于 LLaMA 很强", set()),
        ("Quiet-STaR", "A generalisation of STaR: instead of rationales for QA only", {(ENTRY, "buildsOn", "STaR")}),
        ("rStar", "Works on Mistral-7B and Gemma. Beats self-consistency and RAP.",
         {(ENTRY, "uses", "Mistral 7B"), (ENTRY, "uses", "Gemma"), (ENTRY, "comparesTo", "self-consistency"),
          (ENTRY, "comparesTo", "RAP")}),
        # the reader's asides relate nothing
        ("X", "值得跟 CogVideoX 对比着看。", set()),
        ("LongVA", "和 Video-XL 一起看", set()),
    ],
)
def test_chinese_and_english_prose_cues_of_comparing_starting_from_and_taking_parts(
    extractor: Extractor, alias: str, line: str, expected: set[tuple[str, str, str]]
) -> None:
    assert triples(extractor, alias, line) == expected


@pytest.mark.parametrize(
    ("alias", "line", "expected"),
    [
        # a name after a comma that its own predicate follows opens a new clause, out of the list before it
        ("Emu3", "生成上超过 SDXL，理解上超过 LLaVA-1.6，视频生成能和 OpenSora-1.2 相比",
         {(ENTRY, "comparesTo", "SDXL"), (ENTRY, "comparesTo", "LLaVA-NeXT"), (ENTRY, "comparesTo", "OpenSora-1.2")}),
        ("X", "比DALLE2, GLIDE, VQGAN+CLIP的结果都要好",
         {(ENTRY, "comparesTo", "DALL-E 2"), (ENTRY, "comparesTo", "GLIDE"), (ENTRY, "comparesTo", "VQGAN+CLIP")}),
        # a score or the benchmark it is measured on is no subject
        ("Sana", "实验结果，GenEval 0.73，超过 SD3-Medium 和 SDXL",
         {(ENTRY, "comparesTo", "SD3-Medium"), (ENTRY, "comparesTo", "SDXL")}),
        ("MiniCPM-V", "OpenCompass 上超过了 GPT-4V-1106，端侧部署做了量化",
         {(ENTRY, "comparesTo", "GPT-4V-1106"), (ENTRY, "uses", "OpenCompass")}),
        ("X", "Gemini 1.5 超过 GPT-4", {("Gemini 1.5", "comparesTo", "GPT-4")}),
        # the names in brackets that a description after a comparing cue stands for
        ("Monkeys", "with 250 samples DeepSeek-Coder-V2-Instruct solves 56% of SWE-bench Lite, beating the "
         "single-attempt state of the art of 43% (GPT-4o and Claude 3.5 Sonnet).",
         {(ENTRY, "comparesTo", "GPT-4o"), (ENTRY, "comparesTo", "Claude 3.5 Sonnet")}),
        ("X", "超过了之前的 SOTA（GPT-4o）", {(ENTRY, "comparesTo", "GPT-4o")}),
        ("X", "outperforms the baselines on all tasks (Table 3)", set()),
        # what is like something is described, not compared
        ("VAR", "同时观察到了类似 LLM 的 power-law scaling laws", set()),
        ("VAR", "然后用 GPT-2 类似的 decoder-only transformer 做生成", {(ENTRY, "uses", "GPT-2")}),
        ("X", "结构类似 Mamba，但更快", {(ENTRY, "comparesTo", "Mamba")}),
    ],
)
def test_scope_ends_where_a_new_clause_opens_and_a_score_is_no_subject(
    extractor: Extractor, alias: str, line: str, expected: set[tuple[str, str, str]]
) -> None:
    assert triples(extractor, alias, line) == expected


def test_a_score_on_a_known_benchmark_names_the_benchmark(extractor: Extractor) -> None:
    assert kinds(extractor, "Sana", "实验结果，GenEval 0.73，超过 SD3-Medium 和 SDXL") == {
        "Sana": "model", "GenEval": "metric", "SD3-Medium": "model", "SDXL": "model"}


@pytest.mark.parametrize(
    ("alias", "line", "expected"),
    [
        ("SimPO", "Components: length-normalized reward, target reward margin γ.",
         {(ENTRY, "uses", "length-normalized reward"), (ENTRY, "uses", "target reward margin")}),
        ("RLOO", "Baselines: PPO, RAFT, vanilla policy gradient.",
         {(ENTRY, "comparesTo", "PPO"), (ENTRY, "comparesTo", "RAFT"),
          (ENTRY, "comparesTo", "vanilla policy gradient")}),
        ("Movie Gen", "- 基线：Kling1.5、Open-Sora",
         {(ENTRY, "comparesTo", "Kling1.5"), (ENTRY, "comparesTo", "Open-Sora")}),
        ("Quiet-STaR", "Zero-shot gains: GSM8K 5.9% → 10.9%, CommonsenseQA 36.3% → 47.2%.",
         {(ENTRY, "uses", "GSM8K"), (ENTRY, "uses", "CommonsenseQA")}),
        ("Quiet-STaR", "Continued pretraining of Mistral 7B on OpenWebMath and C4.",
         {(ENTRY, "buildsOn", "Mistral 7B"), (ENTRY, "uses", "C4")}),
        # a description, a count, a remark in brackets or a Chinese phrase is no name
        ("DPO", "Metrics: win rate against reference, judged by GPT-4.", {(ENTRY, "uses", "GPT-4")}),
        ("KTO", "Models: Pythia and Llama families, 1B to 30B.", {(ENTRY, "uses", "Pythia"), (ENTRY, "uses", "LLaMA")}),
        ("X", "Baselines: none.", set()),
        ("X", "数据：只用了图文数据，没有用视频数据训练", set()),
    ],
)
def test_a_short_phrase_in_a_labelled_list_is_a_name_of_the_list(
    extractor: Extractor, alias: str, line: str, expected: set[tuple[str, str, str]]
) -> None:
    assert triples(extractor, alias, line) == expected


def test_a_phrase_in_a_labelled_list_is_of_the_kind_the_label_or_its_form_says(extractor: Extractor) -> None:
    assert kinds(extractor, "X", "Baselines: vanilla policy gradient, Open-Sora") == {
        "X": "model", "vanilla policy gradient": "technique", "Open-Sora": "model"}
    assert kinds(extractor, "X", "Datasets: algorithmic puzzles") == {"X": "model", "algorithmic puzzles": "dataset"}


@pytest.mark.parametrize(
    ("alias", "line", "expected"),
    [
        ("Mini-Omni", "方法：Qwen2-0.5B 做主干，输出端用 SNAC 音频 codec",
         {(ENTRY, "uses", "Qwen2-0.5B"), (ENTRY, "uses", "SNAC")}),
        ("SigLIP", "结论：和 LiT 结合只需4张 TPU 训练两天", {(ENTRY, "uses", "LiT")}),
        ("X", "结合 CLIP 和 T5 的优点", {(ENTRY, "uses", "CLIP"), (ENTRY, "uses", "T5")}),
        ("SigLIP", "方法：把 CLIP 的 softmax 对比损失换成 pairwise sigmoid loss",
         {(ENTRY, "buildsOn", "CLIP"), (ENTRY, "uses", "pairwise sigmoid loss")}),
        ("LongVA", "先把语言模型 Qwen2-7B-Instruct 的上下文扩展到 224K", {(ENTRY, "buildsOn", "Qwen2-7B-Instruct")}),
        ("X", "将数据扩展到 1M", set()),
        ("Transfusion", "图像 patch 进出时加了 U-Net 的 up/down block", {(ENTRY, "uses", "U-Net")}),
        ("LoLCATs", "linearized Mistral-7B and Gemma", {(ENTRY, "uses", "Mistral 7B"), (ENTRY, "uses", "Gemma")}),
        # a terse `+` line is a list too: its short phrases are names
        ("Hymba", "    + learnable meta tokens, cross-layer KV sharing, SWA in most layers",
         {(ENTRY, "uses", "learnable meta tokens"), (ENTRY, "uses", "cross-layer KV sharing"), (ENTRY, "uses", "SWA")}),
    ],
)
def test_parts_a_work_is_made_of_combined_with_or_changed_from(
    extractor: Extractor, alias: str, line: str, expected: set[tuple[str, str, str]]
) -> None:
    assert triples(extractor, alias, line) == expected


@pytest.mark.parametrize(
    ("alias", "line", "expected"),
    [
        ("HexaViT", "训练数据 ScanPile-40M 的一个子集也试了", {(ENTRY, "uses", "ScanPile-40M")}),
        ("Gannet-VL", "训练数据里混了 ScanPile-40M 的 OCR 伪标签", {(ENTRY, "uses", "ScanPile-40M")}),
        ("Marlin-VL 2", "LLM 从 Tamarind-7B 换成 Tamarind-7B-Chat", {(ENTRY, "uses", "Tamarind-7B-Chat")}),
        ("Sandpiper", "在 Marlin-VL 和 Gannet-VL 上都测了，token 减 70%",
         {(ENTRY, "uses", "Marlin-VL"), (ENTRY, "uses", "Gannet-VL")}),
        ("FolioNet", "视觉端是 ScrollFormer encoder，语言端 Bramble-7B",
         {(ENTRY, "uses", "ScrollFormer"), (ENTRY, "uses", "Bramble-7B")}),
    ],
)
def test_data_trained_on_models_switched_to_and_the_ends_of_an_architecture_are_used(
    extractor: Extractor, alias: str, line: str, expected: set[tuple[str, str, str]]
) -> None:
    assert triples(extractor, alias, line) == expected


@pytest.mark.parametrize(
    ("alias", "line", "expected"),
    [
        ("DeepSeek-V3x", "并且从 DeepSeek-R1 系列模型蒸馏了 reasoning 能力", {(ENTRY, "uses", "DeepSeek-R1")}),
        ("X", "从 LLaMA 初始化", {(ENTRY, "buildsOn", "LLaMA")}),
        ("Qwen2.5", "预训练数据从 Qwen2 的 7T tokens 扩到 18T tokens", {(ENTRY, "buildsOn", "Qwen2")}),
        ("Sana", "text encoder 用的是 decoder-only 的小 LLM Gemma-2", {(ENTRY, "uses", "Gemma2")}),
        ("Sana", "把 attention 全部换成 linear attention", {(ENTRY, "uses", "linear attention")}),
        ("NVLM", "LLM backbone 是 Qwen2-72B-Instruct，vision encoder 是 InternViT-6B",
         {(ENTRY, "uses", "Qwen2-72B-Instruct"), (ENTRY, "uses", "InternViT-6B")}),
        ("Molmo", "在学术 benchmark 上都超过了 Claude 3.5 Sonnet，仅次于 GPT-4o",
         {(ENTRY, "comparesTo", "Claude 3.5 Sonnet"), (ENTRY, "comparesTo", "GPT-4o")}),
        # a name of a list after what describes it (`和闭源的 X`)
        ("X", "超过 GPT-4 和闭源的 Claude", {(ENTRY, "comparesTo", "GPT-4"), (ENTRY, "comparesTo", "Claude")}),
    ],
)
def test_teachers_distilled_from_parts_named_in_english_and_what_comes_second_to(
    extractor: Extractor, alias: str, line: str, expected: set[tuple[str, str, str]]
) -> None:
    assert triples(extractor, alias, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a name followed by 上/中/里 is where the work is measured, not a work compared: the entry's work is
        ("在 Quarrel 和 Shopwell 上比 Maribor 和 Tenzil 的方法高了一大截",
         {(ENTRY, "comparesTo", "Maribor"), (ENTRY, "comparesTo", "Tenzil")}),
        ("Actor 沿用了 Pellion 的 prompt；Quarrel 上比 Pellion 多解决了 22% 的任务",
         {(ENTRY, "buildsOn", "Pellion"), (ENTRY, "comparesTo", "Pellion")}),
        # so is one followed by words that say it is data or a benchmark
        ("在 Quarrel 长对话基准上比 Maribor 和 Tenzil 都好",
         {(ENTRY, "comparesTo", "Maribor"), (ENTRY, "comparesTo", "Tenzil")}),
        # a year or number after a name of the list goes with it
        ("MIRA 2024、Quarrel-500 上和 Maribor-1217 相当，超过 Tenzil 和 Pellion",
         {(ENTRY, "comparesTo", "Maribor-1217"), (ENTRY, "comparesTo", "Tenzil"), (ENTRY, "comparesTo", "Pellion")}),
        # a work that opens its clause still is its subject
        ("Zelphor 比 Pellion 更快", {("Zelphor", "comparesTo", "Pellion")}),
    ],
)
def test_where_a_work_is_measured_is_no_subject(extractor: Extractor, line: str,
                                               expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Korvane", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # lower-case words before `attention` name a technique of their own, with or without a cue before them
        ("只有4层用 full attention，和 sliding window attention 差距很小",
         {(ENTRY, "uses", "full attention"), (ENTRY, "comparesTo", "sliding window attention")}),
        ("scaling law 实验中 LM loss 和 full attention 差距很小", {(ENTRY, "comparesTo", "full attention")}),
        # a count or a quantity modifies no name: the technique stays `attention`
        ("和 two attention 差距很小", {(ENTRY, "comparesTo", "attention")}),
    ],
)
def test_modifiers_before_attention_name_a_technique(extractor: Extractor, line: str,
                                                     expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Korvane", line) == expected


def test_a_paragraph_wrapped_mid_sentence_is_read_as_one(extractor: Extractor) -> None:
    # prose hard-wrapped at a width: the cue ends one line, the names it relates open the next
    ex = _extract(extractor, "Korvane",
                  "Embeddings come from a sentence encoder, summaries from a small model. Korvane is compared with",
                  "Pellion and Zelphor as retrievers on three datasets, and each retriever gains from the tree.")
    assert {(r.subject.canonical if r.subject else ENTRY, r.predicate, r.object.canonical if r.object else ENTRY,
             r.line) for r in ex.relations if r.rule != "alias"} == {
        (ENTRY, "comparesTo", "Pellion", 10), (ENTRY, "comparesTo", "Zelphor", 10)}


def test_notes_of_a_line_each_are_not_joined(extractor: Extractor) -> None:
    # long note lines with no sentence inside them are notes of their own, even where none ends in a full stop
    assert triples(extractor, "Korvane",
                   "fine-tune the base checkpoint with image conditioning to take an input view, compare with",
                   "Pellion as the prior for score distillation, trained on renders of Zelphor",
                   ) == set()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Main competitor is a plain Transformer of the same size: they claim it wins.",
         {(ENTRY, "comparesTo", "Transformer")}),
        ("Main competitors are GPT-4o, Gemini 1.5 Pro and Claude 3.5 Sonnet; the 72B model sits between.",
         {(ENTRY, "comparesTo", "GPT-4o"), (ENTRY, "comparesTo", "Gemini 1.5 Pro"),
          (ENTRY, "comparesTo", "Claude 3.5 Sonnet")}),
        ("For video, main competitors are XMem++ and Cutie, and it beats them.",
         {(ENTRY, "comparesTo", "XMem++"), (ENTRY, "comparesTo", "Cutie")}),
        ("Main competitors: SnapKV and PyramidKV.",
         {(ENTRY, "comparesTo", "SnapKV"), (ENTRY, "comparesTo", "PyramidKV")}),
        ("Also stacks up against DeepSeekMath with far fewer tokens.", {(ENTRY, "comparesTo", "DeepSeekMath")}),
        ("脱胎于 Qwen2.5，同一套架构", {(ENTRY, "buildsOn", "Qwen2.5")}),
        ("开源模型里吊打 Qwen2.5-72B 和 Llama-3.1-405B，和 GPT-4o 掰手腕",
         {(ENTRY, "comparesTo", "Qwen2.5-72B"), (ENTRY, "comparesTo", "Llama-3.1-405B"),
          (ENTRY, "comparesTo", "GPT-4o")}),
        ("实验结果，和 DeepSeek-R1、Qwen3-235B 基本同一档，长上下文更好",
         {(ENTRY, "comparesTo", "DeepSeek-R1"), (ENTRY, "comparesTo", "Qwen3-235B")}),
        ("以 GuJi-OCR-200K 为训练集（竖排、繁体）", {(ENTRY, "uses", "GuJi-OCR-200K")}),
        ("在 Qwen2-7B-Instruct 之上做全参 SFT", {(ENTRY, "buildsOn", "Qwen2-7B-Instruct")}),
        ("在 DeepSeek-V3-Base 之上直接纯 RL，不做 SFT", {(ENTRY, "buildsOn", "DeepSeek-V3-Base")}),
        ("沿着 TabPFN 的路线，在合成数据上做预训练", {(ENTRY, "buildsOn", "TabPFN")}),
        ("思路和早年的 Universal Transformer 一脉相承。", {(ENTRY, "buildsOn", "Universal Transformer")}),
        # negations and wishes name no relation
        ("同样是 RL 路线，但没有用 MCTS、PRM 这些复杂东西", set()),
        ("Would like to see a comparison with PyramidKV.", set()),
    ],
)
def test_rivals_named_by_their_role_bases_a_work_grows_out_of_and_data_it_takes_as_training_set(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Foo", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Starting point is Llama-3-8B-Instruct, and the judge is Self-Taught Evaluator.",
         {(ENTRY, "buildsOn", "Llama-3-8B-Instruct"), (ENTRY, "uses", "Self-Taught Evaluator")}),
        ("They continue pretraining TinyLlama-1.1B and Mistral-7B this way.",
         {(ENTRY, "buildsOn", "TinyLlama-1.1B"), (ENTRY, "buildsOn", "Mistral 7B")}),
        ("For downstream tasks they continue pretraining from the RoBERTa checkpoint.",
         {(ENTRY, "buildsOn", "RoBERTa")}),
        ("In the line of YaRN and LongRoPE.", {(ENTRY, "buildsOn", "YaRN"), (ENTRY, "buildsOn", "LongRoPE")}),
        ("Language side is OLMo or Qwen2 depending on the size.", {(ENTRY, "uses", "OLMo"), (ENTRY, "uses", "Qwen2")}),
        ("The LLM is DeepSeek-LLM 1.3B.", {(ENTRY, "uses", "DeepSeek LLM")}),
        ("The backbone is basically the Llama 3 architecture.", {(ENTRY, "uses", "Llama 3")}),
    ],
)
def test_english_starting_points_continued_pretraining_and_parts_named_by_their_side(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Foo", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a release number a space after a name, before a Chinese word that joins (和, 的, 上), is the name's
        ("dense 任务明显超过 SigLIP 2 和 DINOv2", {(ENTRY, "comparesTo", "SigLIP 2"), (ENTRY, "comparesTo", "DINOv2")}),
        ("用 GPT-4 打分 3 次", {(ENTRY, "uses", "GPT-4")}),  # a count stays one
        # the owner before a name (`OpenAI's`) and the authors of a citation (`Chen et al.`) name no work
        ("Vision side is OpenAI's CLIP.", {(ENTRY, "uses", "CLIP")}),
        ("In the line of [Chen et al., 2023a].", set()),
    ],
)
def test_a_release_number_before_a_joining_word_an_owner_and_cited_authors(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Foo", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Compared: Infini-attention [Munkhdalai et al., 2024], YaRN [Peng et al., 2023] and LongLoRA.",
         {(ENTRY, "comparesTo", "Infini-attention"), (ENTRY, "comparesTo", "YaRN"), (ENTRY, "comparesTo", "LongLoRA")}),
        ("- Compared: Infini-attention [12], ring attention and LongLoRA.",
         {(ENTRY, "comparesTo", "Infini-attention"), (ENTRY, "comparesTo", "ring attention"),
          (ENTRY, "comparesTo", "LongLoRA")}),
    ],
)
def test_a_citation_in_square_brackets_after_an_item_of_a_labelled_list_is_a_remark(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Foo", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("模型，架构基本沿袭 DeepSeek-V3（MLA + MoE），专家数加到 384",
         {(ENTRY, "buildsOn", "DeepSeek-V3"), (ENTRY, "uses", "MLA"), (ENTRY, "uses", "mixture of experts")}),
        ("It builds on LLaMA (RoPE and SwiGLU) with longer context.",
         {(ENTRY, "buildsOn", "LLaMA"), (ENTRY, "uses", "SwiGLU"), (ENTRY, "uses", "rotary position embedding")}),
        ("基于 LLaVA（Vicuna-7B）做了微调", {(ENTRY, "buildsOn", "LLaVA"), (ENTRY, "buildsOn", "Vicuna")}),
    ],
)
def test_parts_in_brackets_after_a_work_built_on_are_used(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Foo", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("以 WordProb-Zh（约 12 万道应用题）为训练集", {(ENTRY, "uses", "WordProb-Zh")}),
        ("和 GPT-4o（闭源的 API 版本）对比", {(ENTRY, "comparesTo", "GPT-4o")}),
        # brackets that hold a name are no remark: the name in them is the one the cue governs
        ("从 SfM（COLMAP）的稀疏点云初始化", {(ENTRY, "buildsOn", "SfM"), (ENTRY, "uses", "COLMAP")}),
    ],
)
def test_a_remark_in_brackets_between_a_name_and_the_cue_after_it(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Foo", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("MGSM 上比 Qwen2-7B-Instruct 提升 6 个点左右",
         {(ENTRY, "comparesTo", "Qwen2-7B-Instruct"), (ENTRY, "uses", "MGSM")}),
        ("冷启动用户 NDCG@10 比 SASRec 提升 18%", {(ENTRY, "comparesTo", "SASRec")}),
        ("主观 MOS 打败了 FishSpeech，和 CosyVoice 只差 0.1",
         {(ENTRY, "comparesTo", "FishSpeech"), (ENTRY, "comparesTo", "CosyVoice")}),
    ],
)
def test_chinese_gains_over_a_work_and_small_gaps_to_one_compare(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Foo", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("借鉴 AlphaGo 的思路，把 MCTS 用到推理路径搜索上",
         {(ENTRY, "uses", "AlphaGo"), (ENTRY, "uses", "Monte Carlo tree search")}),
        ("把 Qwen2-7B 用到医疗场景上", {(ENTRY, "buildsOn", "Qwen2-7B")}),  # a work so used is built on
        ("lightning attention 和 softmax attention 交替", {(ENTRY, "uses", "lightning attention"),
                                                          (ENTRY, "uses", "softmax attention")}),
        ("在自建的 Humans-300M 上做 MAE 预训练", {(ENTRY, "uses", "Humans-300M")}),
    ],
)
def test_techniques_put_to_work_or_mixed_and_data_pretrained_on_are_used(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Foo", line) == expected


def test_a_ratio_is_no_clause_s_end_and_no_release_of_the_name_before_it(extractor: Extractor) -> None:
    line = "模型，lightning attention 和 softmax attention 7:1 混合，FLOPs 只有 DeepSeek-R1 的 25%"
    assert triples(extractor, "Foo", line) == {(ENTRY, "uses", "lightning attention"),
                                               (ENTRY, "uses", "softmax attention")}


def test_an_example_takes_the_relation_of_a_cue_before_it_not_after(extractor: Extractor) -> None:
    line = "- Compared: Megatron-LM, plus approximate methods like Linformer and Performer on Long Range Arena."
    assert triples(extractor, "Foo", line) == {
        (ENTRY, "comparesTo", "Megatron-LM"), (ENTRY, "comparesTo", "Linformer"), (ENTRY, "comparesTo", "Performer"),
        (ENTRY, "comparesTo", "Long Range Arena")}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Main competitors are the other unified models, Show-o and Chameleon; it beats both.",
         {(ENTRY, "comparesTo", "Show-o"), (ENTRY, "comparesTo", "Chameleon")}),
        ("We trained three models, GPT-4 judged them.", set()),  # no cue's list: the comma still ends the clause
    ],
)
def test_names_after_a_comma_spell_out_the_group_of_works_before_it(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Foo", line) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("nomic-embed-text-v1", True), ("jina-embeddings-v3", True), ("bge-reranker-v2-m3", True), ("gpt-oss-20b", True),
     ("state-of-the-art", False), ("multi-head-attention", False), ("step-by-step", False), ("top-1", False)],
)
def test_a_name_in_small_letters_is_one_by_a_release_part(word: str, expected: bool) -> None:
    assert name_form(word) is expected


def test_names_in_small_letters_with_a_release_are_related(extractor: Extractor) -> None:
    assert triples(extractor, "Foo", "Starting point is the nomic-embed-text-v1 checkpoint. Main competitor is "
                   "jina-embeddings-v3, which they match.") == {(ENTRY, "buildsOn", "nomic-embed-text-v1"),
                                                               (ENTRY, "comparesTo", "jina-embeddings-v3")}


@pytest.mark.parametrize(
    ("word", "expected"), [("2D-RoPE", True), ("3D-VAE", True), ("3D-aware", False), ("2D", False)])
def test_a_name_made_for_a_number_of_dimensions_is_one(word: str, expected: bool) -> None:
    assert name_form(word) is expected


def test_names_made_for_dimensions_are_related(extractor: Extractor) -> None:
    assert triples(extractor, "Foo", "加了 2D-RoPE 和 3D-RoPE 支持任意分辨率和视频") == {
        (ENTRY, "uses", "2D-RoPE"), (ENTRY, "uses", "3D-RoPE")}


def test_a_name_after_a_comma_that_opens_an_architecture_line_is_no_base_of_the_list_before(
        extractor: Extractor) -> None:
    assert triples(extractor, "Foo", "Foo 基于 LLaVA-NeXT，SigLIP + Qwen2，比 GPT-4V 强。") == {
        (ENTRY, "buildsOn", "LLaVA-NeXT"), (ENTRY, "uses", "SigLIP"), (ENTRY, "uses", "Qwen2"),
        (ENTRY, "comparesTo", "GPT-4V")}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a year after data names its edition, of the data's kind; a release with a dot stays one before words
        ("在 Amazon Reviews 2023 上冷启动用户 NDCG@10 比 SASRec 提升 18%",
         {(ENTRY, "uses", "Amazon Reviews 2023"), (ENTRY, "comparesTo", "SASRec")}),
        ("GenEval 上和 Seedream 3.0 互有胜负", {(ENTRY, "comparesTo", "Seedream 3.0")}),
        ("比 GPT-4 快 1.5 倍", {(ENTRY, "comparesTo", "GPT-4")}),  # an amount stays one
    ],
)
def test_an_edition_year_or_a_dotted_release_after_a_name_is_the_name_s(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Foo", line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("It differs: the base model is Qwen2-7B.", {(ENTRY, "buildsOn", "Qwen2-7B")}),
        ("Two sizes; base models are LLaMA2-7B and Mistral-7B.",
         {(ENTRY, "buildsOn", "Llama 2"), (ENTRY, "buildsOn", "Mistral 7B")}),
    ],
)
def test_english_base_models_named_in_a_sentence_are_built_on(
        extractor: Extractor, line: str, expected: set[tuple[str, str, str]]) -> None:
    assert triples(extractor, "Foo", line) == expected
