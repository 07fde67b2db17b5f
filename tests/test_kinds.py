"""The kind of a name no vocabulary knows, from the name's own last word and from a count after a list."""

from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.model import Entry, Line


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
