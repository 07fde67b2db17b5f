"""The SKOS vocabularies in ontology/vocab and their loader, kg.vocab."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, Literal, URIRef

from kg.errors import DataError
from kg.paths import VOCAB_DIR
from kg.vocab import KIND_OF_SCHEME, MATCH_CASE, Vocabulary, fold, fold_exact, load_vocabulary

SCHEME_FILES = ["datasets", "metrics", "models", "organizations", "persons", "tasks", "techniques"]
V = "https://w3id.org/papers-kg/vocab/"
PREFIXES = (
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "@prefix v: <https://w3id.org/papers-kg/vocab/> .\n"
)


def _graph(name: str) -> Graph:
    return Graph().parse(VOCAB_DIR / f"{name}.ttl", format="turtle")


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


# ---------------------------------------------------------------- the data


def test_one_file_per_scheme_and_nothing_else() -> None:
    assert sorted(p.stem for p in VOCAB_DIR.glob("*.ttl")) == SCHEME_FILES
    assert (VOCAB_DIR / "stoplist.txt").is_file()


@pytest.mark.parametrize("name", SCHEME_FILES)
def test_file_declares_its_scheme_and_holds_only_its_concepts(name: str) -> None:
    graph = _graph(name)
    scheme = URIRef(V + name)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert any(
        lbl.language == "en" for lbl in graph.objects(scheme, SKOS.prefLabel) if isinstance(lbl, Literal)
    )
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert concepts, f"{name}.ttl has no concepts"
    elsewhere = sorted(str(c) for c in concepts if set(graph.objects(c, SKOS.inScheme)) != {scheme})
    assert elsewhere == [], f"{name}.ttl: concepts not (only) in v:{name}: {elsewhere}"


@pytest.mark.parametrize("name", SCHEME_FILES)
def test_every_concept_has_prefLabels_one_per_language(name: str) -> None:
    graph = _graph(name)
    problems = []
    for concept in sorted(graph.subjects(RDF.type, SKOS.Concept), key=str):
        prefs = [p for p in graph.objects(concept, SKOS.prefLabel) if isinstance(p, Literal)]
        langs = [p.language for p in prefs]
        if not prefs:
            problems.append(f"{concept}: no prefLabel")
        if len(langs) != len(set(langs)):
            problems.append(f"{concept}: two prefLabels in one language: {sorted(map(str, prefs))}")
        if any(
            p.language not in {"en", "zh"}
            for p in graph.objects(concept, SKOS.altLabel)
            if isinstance(p, Literal)
        ):
            problems.append(f"{concept}: an altLabel without @en/@zh")
    assert problems == []


def test_no_folded_label_is_claimed_by_two_concepts() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for name in SCHEME_FILES:
        graph = _graph(name)
        for concept in graph.subjects(RDF.type, SKOS.Concept):
            exact = (concept, MATCH_CASE, Literal(True)) in graph
            for prop in (SKOS.prefLabel, SKOS.altLabel):
                for label in graph.objects(concept, prop):
                    # a matchCase concept's keys keep their case, but must not shadow anyone's folded key
                    owners[fold(str(label))].add(str(concept))
                    if exact:
                        owners["exact:" + fold_exact(str(label))].add(str(concept))
    shared = {key: sorted(ids) for key, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_breadth(vocab: Vocabulary) -> None:
    by_kind: dict[str, int] = defaultdict(int)
    for concept in vocab.concepts:
        by_kind[concept.kind] += 1
    assert by_kind["model"] + by_kind["technique"] + by_kind["dataset"] + by_kind["metric"] >= 400
    assert by_kind["organization"] >= 120
    assert min(by_kind[k] for k in ("model", "technique", "dataset", "metric", "task", "person")) >= 20
    assert set(by_kind) == set(KIND_OF_SCHEME.values())


def test_organizations_have_chinese_names(vocab: Vocabulary) -> None:
    orgs = [c for c in vocab.concepts if c.kind == "organization"]
    without_zh = sorted(c.label for c in orgs if not any(_is_cjk(lbl) for lbl in c.labels))
    assert len(orgs) - len(without_zh) >= 100, without_zh


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_stop_listed_terms_are_labels_of_no_concept(vocab: Vocabulary) -> None:
    assert len(vocab.stop) >= 60
    assert {"llm", "llms", "mllm", "sft", "ft", "sota", "icl", "api", "gpu", "arxiv", "github"} <= vocab.stop
    claimed = sorted(k for k in vocab.stop if k in vocab.by_key or k in {fold(e) for e in vocab.exact})
    assert claimed == []
    for term in ("LLM", "LLMs", "SFT", "Zero-shot", "TBD", "Encoder"):
        assert vocab.lookup(term) is None, term
    assert vocab.is_stop("LL-Ms")


# ---------------------------------------------------------------- lookups


@pytest.mark.parametrize(
    ("name", "kind", "label"),
    [
        ("BLIP2", "model", "BLIP-2"),
        ("blip 2", "model", "BLIP-2"),
        ("微软", "organization", "Microsoft"),
        ("CloseAI", "organization", "OpenAI"),
        ("SD2", "model", "Stable Diffusion 2"),
        ("SD", "model", "Stable Diffusion"),
        ("浙大", "organization", "Zhejiang University"),
        ("COCO", "dataset", "MS-COCO"),
        ("BLEU", "metric", "BLEU"),
        ("COMET22", "metric", "COMET-22"),
        ("DrawBench", "metric", "DrawBench"),
        ("MME", "metric", "MME"),
        ("DALL·E 2", "model", "DALL-E 2"),
        ("DALLE3", "model", "DALL-E 3"),
        ("GPT4-Vision", "model", "GPT-4V"),
        ("VQ-VAE2", "model", "VQ-VAE-2"),
        ("VQVAE-GAN", "model", "VQGAN"),
        ("Qwen", "model", "QwenLM"),
        ("openclip ViT", "model", "OpenCLIP ViT"),
        ("MSRA", "organization", "MSRA"),
        ("微软亚洲研究院", "organization", "MSRA"),
        ("Meta AI", "organization", "FAIR"),
        ("Facebook", "organization", "Meta"),
        ("Google DeepMind", "organization", "DeepMind"),
        ("腾讯优图实验室", "organization", "Tencent Youtu Lab"),
        ("上海AILab", "organization", "Shanghai AI Lab"),
        ("沙特阿布扎比大学", "organization", "King Abdullah University of Science and Technology"),
        ("加州大学", "organization", "University of California"),
        ("alibaba", "organization", "Alibaba"),
        ("中科大", "organization", "USTC"),
        ("autoregressive objective", "technique", "autoregressive modeling"),
        ("残差连接", "technique", "residual connection"),
        ("指令微调", "technique", "instruction tuning"),
        ("SDF", "technique", "self-distillation finetuning"),
        ("retrieval-augmented generation", "technique", "RAG"),
        ("对比学习", "technique", "contrastive loss"),
        ("扩散模型", "technique", "diffusion model"),
        ("AutoEncoder", "technique", "autoencoder"),
        ("CoT", "technique", "chain-of-thought"),
        ("Lightweight Downsample Projector", "technique", "LDP"),
        ("T2I", "task", "text-to-image"),
        ("OCR", "task", "OCR"),
        ("Ilya", "person", "Ilya Sutskever"),
        ("何恺明", "person", "Kaiming He"),
        ("李沐", "person", "Mu Li"),
    ],
)
def test_known_lookups(vocab: Vocabulary, name: str, kind: str, label: str) -> None:
    concept = vocab.lookup(name)
    assert concept is not None, name
    assert (concept.kind, concept.label) == (kind, label)
    assert name in concept.labels or fold(name) in {fold(x) for x in concept.labels}


def test_parent_and_child_organizations_are_distinct(vocab: Vocabulary) -> None:
    for parent, child in [
        ("Google", "Google Research"),
        ("Google", "DeepMind"),
        ("Microsoft", "MSRA"),
        ("Meta", "FAIR"),
        ("Tencent", "Tencent Youtu Lab"),
        ("Alibaba", "DAMO Academy"),
    ]:
        a, b = vocab.lookup(parent), vocab.lookup(child)
        assert a is not None and b is not None
        assert a.id != b.id, (parent, child)


@pytest.mark.parametrize(
    ("release", "family"),
    [
        # a release with its own version, or a follow-up with its own paper, is another work than its family; sizes
        # (`LLaMA-7B`), chat tunings and spellings stay one with it
        ("Claude 3.5 Sonnet", "Claude"), ("GPT-4 Turbo", "GPT-4"), ("Llama 3.1", "Llama 3"), ("WGAN-GP", "WGAN"),
        ("StackGAN++", "StackGAN"), ("PixelCNN++", "PixelCNN"), ("Perceiver IO", "Perceiver"),
        ("HyenaDNA", "Hyena"), ("PaliGemma", "PaLI"), ("WizardCoder", "WizardLM"), ("chrF++", "chrF"),
        ("BBH", "BIG-bench"), ("HPSv2", "HPS"), ("AlphaZero", "AlphaGo"), ("Qwen2.5", "Qwen2"),
        ("Qwen1.5", "Qwen"), ("CogVideoX", "CogVideo"), ("MiniCPM-V", "MiniCPM"), ("Gemini Pro", "Gemini"),
        ("Gemini 1.5 Pro", "Gemini 1.5"), ("SD 1.5", "Stable Diffusion"), ("DeepSeek-V3", "DeepSeek-V2"),
        ("FlashAttention-2", "FlashAttention"), ("SQuAD 2.0", "SQuAD"), ("SEED-Bench-2", "SEED-Bench"),
    ],
)
def test_releases_with_their_own_version_or_paper_are_distinct(vocab: Vocabulary, release: str, family: str) -> None:
    a, b = vocab.lookup(release), vocab.lookup(family)
    assert a is not None and b is not None
    assert a.id != b.id and a.kind == b.kind


def test_sizes_and_spellings_stay_one_with_their_family(vocab: Vocabulary) -> None:
    assert {vocab.lookup(n).label for n in ("LLaMA-7B", "Llama-2-70B", "Llama-3-8B", "Vicuna-13B", "SD1.5")  # type: ignore[union-attr]
            } == {"LLaMA", "Llama 2", "Llama 3", "Vicuna", "Stable Diffusion 1.5"}


def test_match_case_names_do_not_match_ordinary_words(vocab: Vocabulary) -> None:
    align = vocab.lookup("ALIGN")
    assert align is not None and align.kind == "model"
    assert vocab.lookup("align") is None
    inception = vocab.lookup("IS")
    assert inception is not None and inception.label == "Inception Score"
    assert vocab.lookup("is") is None
    assert align.match_case and "ALIGN" in vocab.exact


def test_concept_shape(vocab: Vocabulary) -> None:
    blip2 = vocab.lookup("BLIP-2")
    assert blip2 is not None
    assert blip2.id == V + "model-blip-2"
    assert blip2.labels[0] == "BLIP-2"
    assert list(blip2.labels[1:]) == sorted(blip2.labels[1:], key=lambda s: (fold(s), s))
    ms = vocab.lookup("Microsoft")
    assert ms is not None and ms.label == "Microsoft" and "微软" in ms.labels
    assert vocab.max_key_len == max(len(k) for k in [*vocab.by_key, *vocab.exact])
    assert len(vocab.version) == 64
    assert [c.id for c in vocab.concepts] == sorted(c.id for c in vocab.concepts)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("BLIP-2", "blip2"),
        ("BLIP2", "blip2"),
        ("blip 2", "blip2"),
        ("DALL·E 2", "dalle2"),
        ("微软", "微软"),
        ("VQGAN+CLIP", "vqgan+clip"),
        ("ＧＰＴ－４", "gpt4"),
        ("Llama 2-Chat", "llama2chat"),
        ("", ""),
    ],
)
def test_fold(name: str, key: str) -> None:
    assert fold(name) == key


# ---------------------------------------------------------------- loader errors and cache


def _write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


MODELS_OK = PREFIXES + (
    'v:models a skos:ConceptScheme ; skos:prefLabel "Models"@en .\n'
    "v:model-blip-2 a skos:Concept ; skos:inScheme v:models ;\n"
    '    skos:prefLabel "BLIP-2"@en ; skos:altLabel "BLIP2"@en .\n'
)


def test_loads_a_small_vocabulary(tmp_path: Path) -> None:
    d = _write(tmp_path / "v", {"models.ttl": MODELS_OK, "stoplist.txt": "# c\nLLM  # comment\n\nSFT\n"})
    vocab = load_vocabulary(d)
    assert [(c.id, c.kind, c.label, c.labels) for c in vocab.concepts] == [
        (V + "model-blip-2", "model", "BLIP-2", ("BLIP-2", "BLIP2"))
    ]
    assert dict(vocab.by_key) == {"blip2": vocab.concepts[0]}
    assert vocab.stop == frozenset({"llm", "sft"})
    assert vocab.max_key_len == 5


def test_duplicate_label_across_concepts_names_file_and_both_concepts(tmp_path: Path) -> None:
    orgs = PREFIXES + (
        'v:organizations a skos:ConceptScheme ; skos:prefLabel "Organizations"@en .\n'
        'v:org-blip a skos:Concept ; skos:inScheme v:organizations ; skos:prefLabel "Blip Inc"@en ;\n'
        '    skos:altLabel "blip 2"@en .\n'
    )
    d = _write(tmp_path / "v", {"models.ttl": MODELS_OK, "organizations.ttl": orgs})
    with pytest.raises(DataError) as err:
        load_vocabulary(d)
    message = str(err.value)
    assert "organizations.ttl" in message and "org-blip" in message and "model-blip-2" in message
    assert "'blip 2'" in message


def test_bad_turtle_names_file_and_line(tmp_path: Path) -> None:
    bad = MODELS_OK + 'v:model-x a skos:Concept ; skos:inScheme v:models ;\n    skos:prefLabel "X@en .\n'
    d = _write(tmp_path / "v", {"models.ttl": bad})
    with pytest.raises(DataError) as err:
        load_vocabulary(d)
    assert str(err.value).startswith(f"{d / 'models.ttl'}:7: Turtle syntax error")


def test_concept_without_scheme_names_file_and_concept(tmp_path: Path) -> None:
    text = MODELS_OK + 'v:model-x a skos:Concept ; skos:prefLabel "X"@en .\n'
    d = _write(tmp_path / "v", {"models.ttl": text})
    with pytest.raises(DataError, match=r"models\.ttl: concept .*model-x has no skos:inScheme"):
        load_vocabulary(d)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("v:model-x a skos:Concept ; skos:inScheme v:models .\n", r"model-x has no skos:prefLabel"),
        (
            'v:model-x a skos:Concept ; skos:inScheme v:models ; skos:prefLabel "X"@en , "Y"@en .\n',
            r"model-x has two prefLabels in language 'en'",
        ),
        (
            'v:model-x a skos:Concept ; skos:inScheme v:nothing ; skos:prefLabel "X"@en .\n',
            r"model-x is in unknown scheme",
        ),
        (
            'v:model-x a skos:Concept ; skos:inScheme v:models , v:metrics ; skos:prefLabel "X"@en .\n',
            r"model-x is in more than one scheme",
        ),
        (
            'v:model-x a skos:Concept ; skos:inScheme v:models ; skos:prefLabel "--"@en .\n',
            r"model-x has label '--' with no letters or digits",
        ),
    ],
)
def test_malformed_concepts(tmp_path: Path, extra: str, message: str) -> None:
    d = _write(tmp_path / "v", {"models.ttl": MODELS_OK + extra})
    with pytest.raises(DataError, match=r"models\.ttl: concept .*" + message):
        load_vocabulary(d)


def test_stop_listed_label_is_an_error(tmp_path: Path) -> None:
    d = _write(tmp_path / "v", {"models.ttl": MODELS_OK, "stoplist.txt": "BLIP-2\n"})
    with pytest.raises(DataError, match=r"models\.ttl: concept .*model-blip-2 has a stop-listed label"):
        load_vocabulary(d)


def test_match_case_label_may_not_shadow_a_folded_one(tmp_path: Path) -> None:
    extra = (
        'v:model-y a skos:Concept ; skos:inScheme v:models ; skos:prefLabel "Blip2"@en ; v:matchCase true .\n'
    )
    d = _write(tmp_path / "v", {"models.ttl": MODELS_OK + extra})
    with pytest.raises(DataError, match=r"model-y \(matchCase\) is also a label of .*model-blip-2"):
        load_vocabulary(d)


def test_missing_or_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="vocabulary folder not found"):
        load_vocabulary(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match=r"no vocabulary \(\*\.ttl\) files"):
        load_vocabulary(tmp_path / "empty")


def test_cache_follows_file_changes_and_version_tracks_bytes(tmp_path: Path) -> None:
    d = _write(tmp_path / "v", {"models.ttl": MODELS_OK})
    first = load_vocabulary(d)
    assert load_vocabulary(d) is first
    (d / "models.ttl").write_text(
        MODELS_OK.replace('"BLIP2"@en', '"BLIP2"@en , "BLIP v2"@en'), encoding="utf-8"
    )
    second = load_vocabulary(d)
    assert second is not first
    assert second.version != first.version
    assert "BLIP v2" in second.concepts[0].labels
    other = _write(tmp_path / "w", {"models.ttl": MODELS_OK})
    assert load_vocabulary(other).version == first.version


def test_a_key_keeps_the_alphanumerics_of_any_script_and_plus_only() -> None:
    """`fold` is NFKC, lower case, then every character `str.isalnum()` keeps and '+': checked over every character
    of the Basic Multilingual Plane, a block of 256 at a time, each between two letters (NFKC may join a character
    to its neighbours)."""
    def reference(name: str, lower: bool) -> str:
        text = unicodedata.normalize("NFKC", name)
        return "".join(c for c in (text.lower() if lower else text) if c.isalnum() or c == "+")

    for block in range(0, 0x10000, 256):
        text = "".join(f"a{chr(cp)}B" for cp in range(block, block + 256) if not 0xD800 <= cp <= 0xDFFF)
        assert (fold(text), fold_exact(text)) == (reference(text, True), reference(text, False)), hex(block)
