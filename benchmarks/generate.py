"""Synthetic reading logs in the style of notes/papers-daily-2024.md, for benchmarks and tests.

    python benchmarks/generate.py 10000 -o /tmp/log10k            # one file, log.md
    python benchmarks/generate.py 10000 --split-months -o /tmp/m  # one file per month, 2031-04.md ...

The same N and seed give the same bytes (with the same vocabulary): every choice comes from one seeded
`random.Random`, and the names drawn from the vocabulary are taken in its sorted order.

A log holds N entries: N // 50 of them are `- [ ]` reading-list items under `# pending list` at the top, the
rest are dated entries newest first under month headings (`# 2031.4`) and day headings (`## 2031.4.17`). Each
dated entry has a `《Alias: Title》` line (sometimes with no alias), a publication line naming one to three
organisations in English or Chinese, and numbered notes in mixed Chinese and English whose sentences carry
the cue phrases that reading notes use (基于X, 在X的基础上, 对比X和Y, outperforms X, 采用了X + Y, 为后续X做了铺垫
...). Names are drawn from the vocabulary (with the spellings people use: `BLIP2` for `BLIP-2`, changed case)
and invented (`NovaVLM-7B`, `Zephyrix`); entries refer back to the works of earlier entries, so the graph has
lineage.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

_CJK = re.compile(r"[\u4e00-\u9fff]")
_START = date(1990, 1, 1)

# pieces of invented names: prefix + core + tail, e.g. Nova + VLM + -7B
_PREFIXES = ("Nova", "Zephyr", "Lumi", "Orion", "Quasar", "Helio", "Vega", "Astra", "Cobalt", "Ember", "Fenix",
             "Glyph", "Halo", "Iris", "Jade", "Kestrel", "Lyra", "Mira", "Nimbus", "Onyx", "Pulsar", "Quill",
             "Rune", "Sable", "Talon", "Umbra", "Vireo", "Wren", "Xylo", "Yarrow", "Zenith", "Argo", "Borea",
             "Cirro", "Dyna", "Echo", "Flux", "Gale", "Hexa", "Ion")
_CORES = ("VLM", "GPT", "Diff", "LM", "Former", "BERT", "CLIP", "Seg", "Det", "Gen", "Mix", "Net", "ix", "ara",
          "Vision", "Coder", "Chat", "Rec", "Graph", "Audio")
_TAILS = ("", "-7B", "-13B", "2", "-XL", "-V", "-Pro", "3", "-Lite", "-1.5", "-Med", "++", "-R", "-Base", "-Large")

_TITLE_WORDS = ("Scaling", "Learning", "Aligning", "Efficient", "Unified", "Towards", "Generalist", "Robust",
                "Sparse", "Dense", "Multimodal", "Visual", "Language", "Instruction", "Retrieval", "Diffusion",
                "Autoregressive", "Contrastive", "Masked", "Hierarchical", "Grounded", "Compositional")
_TITLE_NOUNS = ("Models", "Representations", "Transformers", "Agents", "Encoders", "Generation", "Reasoning",
                "Understanding", "Pretraining", "Alignment", "Benchmarks", "Tokenizers", "Experts", "Priors")
_TITLE_TAILS = ("with Large Language Models", "from Noisy Web Data", "for Open-World Recognition",
                "at Scale", "without Human Labels", "via Self-Supervision", "for Long Videos", "in the Wild",
                "for Document Understanding", "with Sparse Experts", "for Text-to-Image Synthesis")

_KIND_OF_WORK = ("多模态", "文生图", "大语言模型", "检索增强", "视频理解", "代码生成", "推荐系统", "图神经网络", "语音")
_PAPER_WORDS = ("一篇工作", "一篇文章", "一篇论文", "一篇研究")

# sentence templates: {A} {B} {C} are works (models or earlier entries), {T} a technique, {D} a dataset, {M} a metric
_SENTENCES = (
    "本文推出{NEW}，一个基于{A}的{K}模型，在{A}的基础上引入了{T}",
    "模型，采用了{A} + {B} + {T}的架构，用{D}数据集训练",
    "模型，{A}作为backbone，引入了{T}，训练分为两个阶段",
    "实验结果，在{M}上比{A}、{B}、{C}都要好，尤其在长文本上",
    "实验结果，对比{A}和{B}，{NEW}在{D}上有明显提升",
    "The model outperforms {A} and {B} on {M}, and uses {T} for alignment",
    "We build on {A} and compare with {B} on {D}",
    "本文是{A}的延伸，同时借鉴了{B}的{T}思想",
    "总体上，本文方法简单有效，为后续{A}做了铺垫",
    "数据，除了{D}之外，还使用了{D2}，一共约{N}M样本",
    "与{A}相比，{NEW}的参数量更小，但效果接近，uses {T} as the backbone",
    "消融实验表明{T}和{T2}都有不错的效果，整体优于{A}",
    "这篇和{A}强关联，思路上follow了{A}，并且改进了{T}",
    "实验部分写得比较简略，没有和{A}做对比，遗憾",
    "训练时 learning rate 为 {N}e-5，batch size {N}，在 {N} 张 GPU 上训练了 {N} 天",
)
# sentences that describe without relating works (most of a real note)
_PLAIN = (
    "本文的出发点是解决{K}任务中 long-tail 数据不足的问题，作者认为现有方法在 robustness 上还有明显差距",
    "数据，包括{N}个不同来源的数据集，涵盖 perception and cognition 两类任务，指令和回答经过专门设计",
    "模型，整体是一个 encoder-decoder 结构，visual tokens 经过 projector 之后送入语言模型，训练分三个阶段",
    "实验结果，从定性和定量评估上都取得很不错的效果，在 zero shot/few shot 设置下表现稳定",
    "训练时 learning rate 为 {N}e-5，batch size {N}，在 {N} 张 GPU 上训练了 {N} 天，成本不算高",
    "作者还分析了 scaling behavior，模型越大收益越明显，但是数据质量比数量更重要",
    "局限性，论文对失败案例讨论较少，部分实验细节没有公开，复现有一定难度",
    "本文属于{K}方向比较早期的尝试，思路清晰，写作也比较好懂",
    "消融实验比较充分，每个模块单独去掉之后指标都有下降，说明设计是有效的",
    "The paper studies how {K} systems behave under distribution shift and reports consistent gains",
)
_REMARKS = ("提出了{A}", "经典工作，值得精读", "和{A}一起看", "综述可以参考", "TBD")


@dataclass(frozen=True)
class Names:
    models: tuple[tuple[str, ...], ...]  # every concept's labels, canonical first
    techniques: tuple[tuple[str, ...], ...]
    datasets: tuple[tuple[str, ...], ...]
    metrics: tuple[tuple[str, ...], ...]
    orgs_en: tuple[str, ...]
    orgs_zh: tuple[str, ...]


def vocabulary_names() -> Names:
    from kg.vocab import load_vocabulary

    vocab = load_vocabulary()

    def labels(kind: str) -> tuple[tuple[str, ...], ...]:
        return tuple(c.labels for c in vocab.concepts if c.kind == kind and not c.match_case)

    orgs = [c for c in vocab.concepts if c.kind == "organization"]
    en = tuple(c.label for c in orgs if not _CJK.search(c.label))
    zh = tuple(sorted({lab for c in orgs for lab in c.labels if _CJK.search(lab)}))
    return Names(labels("model"), labels("technique"), labels("dataset"), labels("metric"), en, zh)


def invented_name(i: int) -> str:
    """The i-th invented name: unique for every i (a permutation of prefix x core x tail, then a number)."""
    size = len(_PREFIXES) * len(_CORES) * len(_TAILS)
    j = i % size * 7919 % size  # 7919 is prime to size: neighbouring i get unlike names
    p, rest = j % len(_PREFIXES), j // len(_PREFIXES)
    c, rest = rest % len(_CORES), rest // len(_CORES)
    t = rest % len(_TAILS)
    lap = i // size
    return _PREFIXES[p] + _CORES[c] + _TAILS[t] + (f"-v{lap + 1}" if lap else "")  # Nova + VLM + -7B


def misspell(rng: random.Random, name: str) -> str:
    """The spellings a reader writes a known name in: BLIP2 for BLIP-2, BLIP-2 for BLIP2, case changes."""
    roll = rng.random()
    if roll < 0.15 and "-" in name:
        return name.replace("-", "", 1)
    if roll < 0.25 and re.search(r"[A-Za-z]\d", name):
        return re.sub(r"([A-Za-z])(\d)", r"\1-\2", name, count=1)
    if roll < 0.32 and name.isascii() and any(c.isupper() for c in name[1:]):
        return name.upper() if rng.random() < 0.5 else name[0] + name[1:].lower()
    return name


class _Writer:
    def __init__(self, n: int, seed: int, names: Names) -> None:
        self.rng = random.Random(seed)
        self.n = n
        self.names = names
        self.works: list[str] = []  # aliases of the entries written so far (older works first)

    def pick(self, pool: Sequence[tuple[str, ...]]) -> str:
        labels = self.rng.choice(pool)
        label = labels[0] if self.rng.random() < 0.75 or len(labels) == 1 else self.rng.choice(labels[1:])
        return misspell(self.rng, label)

    def work(self) -> str:
        """A work the notes refer to: an earlier entry's (recent ones more often), a known model, or a new name."""
        roll = self.rng.random()
        if self.works and roll < 0.45:
            back = min(len(self.works), int(self.rng.expovariate(1 / 40)) + 1)
            return self.works[-back]
        if roll < 0.9:
            return self.pick(self.names.models)
        return invented_name(self.n + self.rng.randrange(self.n * 2 + 10))  # a name in no list, seen once or twice

    def orgs(self) -> str:
        count = self.rng.choice((1, 1, 1, 2, 2, 3))
        picked = []
        for _ in range(count):
            pool = self.names.orgs_zh if self.rng.random() < 0.4 else self.names.orgs_en
            picked.append(self.rng.choice(pool))
        picked = list(dict.fromkeys(picked))
        if len(picked) == 1:
            return picked[0]
        joiner = self.rng.choice((" 和 ", "、", "和"))
        return joiner.join(picked[:-1]) + (" 和 " if joiner == "、" else joiner) + picked[-1]

    def title(self, alias: str | None) -> str:
        r = self.rng
        words = f"{r.choice(_TITLE_WORDS)} {r.choice(_TITLE_WORDS)} {r.choice(_TITLE_NOUNS)} {r.choice(_TITLE_TAILS)}"
        return f"{alias}: {words}" if alias else f"{words} ({len(self.works)})"

    def sentence(self, template: str, new: str) -> str:
        r = self.rng
        fill = {
            "NEW": new,
            "A": self.work(),
            "B": self.work(),
            "C": self.work(),
            "T": self.pick(self.names.techniques),
            "T2": self.pick(self.names.techniques),
            "D": self.pick(self.names.datasets),
            "D2": self.pick(self.names.datasets),
            "M": self.pick(self.names.metrics),
            "K": r.choice(_KIND_OF_WORK),
            "N": str(r.randrange(1, 500)),
        }
        return template.format(**fill)

    def entry(self, index: int, read_on: date) -> list[str]:
        r = self.rng
        alias = invented_name(index) if r.random() < 0.85 else None
        new = alias or self.pick(self.names.models)
        published = read_on - timedelta(days=r.randrange(20, 400))
        pub = f"{published.year}.{published.month}" if r.random() < 0.9 else f"{published.year}年"
        lines = [f"《{self.title(alias)}》", "",
                 f"{pub} {self.orgs()} 的{r.choice(_PAPER_WORDS)}，{r.choice(_KIND_OF_WORK)}方向，要点：", ""]
        count = r.randrange(3, 6)
        for k in range(1, count + 1):
            template = r.choice(_SENTENCES) if r.random() < 0.3 else r.choice(_PLAIN)
            lines.append(f"{k}. {self.sentence(template, new)}")
        if r.random() < 0.4:
            lines += ["", f"总体上，{self.sentence(r.choice(_SENTENCES), new)}。"]
        lines.append("")
        self.works.append(alias or new)
        return lines

    def pending(self) -> str:
        r = self.rng
        words = f"{r.choice(_TITLE_WORDS)} {r.choice(_TITLE_NOUNS)} {r.choice(_TITLE_TAILS)}"
        remark = r.choice(_REMARKS).format(A=self.work()) if r.random() < 0.5 else ""
        return f"- [ ] {words}  {remark}".rstrip()


@dataclass(frozen=True)
class Log:
    files: dict[str, str]  # file name -> text
    entries: int  # dated entries plus reading-list items
    pending: int


def generate(n: int, seed: int = 2024, split_months: bool = False, names: Names | None = None) -> Log:
    """A log of n entries (n // 50 of them reading-list items): one file, or one per month."""
    if n < 1:
        raise ValueError("n must be at least 1")
    writer = _Writer(n, seed, names or vocabulary_names())
    pending = n // 50
    dated = n - pending
    # oldest first, so that entries can refer back to earlier ones; written out newest first
    days: list[tuple[date, list[list[str]]]] = []
    day = _START
    index = 0
    while index < dated:
        today = []
        for _ in range(min(writer.rng.randrange(1, 6), dated - index)):
            today.append(writer.entry(index, day))
            index += 1
        days.append((day, today))
        day += timedelta(days=writer.rng.randrange(1, 3))
    pending_lines = ["# pending list", "", *(writer.pending() for _ in range(pending)), ""] if pending else []
    months: dict[tuple[int, int], list[str]] = {}
    for day, today in reversed(days):
        block = months.setdefault((day.year, day.month), [f"# {day.year}.{day.month}", ""])
        block += [f"## {day.year}.{day.month}.{day.day}", ""]
        for lines in today:
            block += lines
    head = ["# papers daily (synthetic)", "", "合成的论文阅读记录，用于基准测试。", ""]
    if split_months:
        files = {f"{y:04d}-{m:02d}.md": "\n".join(block) + "\n" for (y, m), block in months.items()}
        first = next(iter(files))
        files[first] = "\n".join(head + pending_lines) + "\n" + files[first]
    else:
        body = [line for block in months.values() for line in block]
        files = {"log.md": "\n".join(head + pending_lines + body) + "\n"}
    return Log(files, n, pending)


def write(log: Log, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, text in log.files.items():
        (out / name).write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="number of entries (reading-list items included)")
    parser.add_argument("-o", "--out", type=Path, required=True, help="folder to write the Markdown into")
    parser.add_argument("--split-months", action="store_true", help="one file per month instead of one file")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    log = generate(args.n, args.seed, args.split_months)
    write(log, args.out)
    chars = sum(len(t) for t in log.files.values())
    print(f"wrote {len(log.files)} file(s), {log.entries} entries ({log.pending} to-read), {chars} characters "
          f"to {args.out.as_posix()}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
