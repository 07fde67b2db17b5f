"""The spaCy pipeline of rule components that reads one line of notes.

- ``MixedTokenizer``: Chinese splits per character, Latin words stay whole with their inner joiners
  (``BLIP-2``, ``VQGAN+CLIP``, ``GPT4-Vision``, ``ShareGPT4V-7B``, ``LLaVA-1.5``, ``DALL·E``).
- ``VocabularyMatcher``: the longest run of tokens whose folded text is a vocabulary label.
- ``FormRecogniser``: names in no vocabulary, by their form (``MiniGPT-5``, ``VISTA-LLAMA``, ``XComposer2``).
- ``CueMatcher``: relation cues of ``patterns/cues.toml``.
- ``ContextRecogniser``: capitalised words that context shows to be names (``本文推出Emu``, ``Divter model``),
  and the kind of unknown names from the words around them (``X数据集``, ``a new benchmark X``).

The tokenizer makes spaCy Docs; after it the components work on plain Python lists (``Tokens``: texts, spaces,
lower-cased texts) and keep their results as tuples in ``doc.user_data``: ``Name`` (start, end, label = kind,
kb_id = vocabulary concept, rule) under ``"kg.names"`` and ``CueMark`` (start, end, label = cue ids) under
``"kg.cues"`` (read them with ``doc_names`` and ``doc_cues``). spaCy's Span and Token objects are made anew on every
access, which cost ten times the tokenizer. Nothing is downloaded: the pipeline is built on ``spacy.blank``.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, islice, repeat
from pathlib import Path
from typing import Any, NamedTuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.errors import DataError
from kg.paths import PATTERNS_DIR
from kg.vocab import Concept, Vocabulary, fold, fold_exact, load_vocabulary

# a hyphenated tail that turns a name into an adjective: `CNN-based` names CNN
_ADJ_TAILS = ("based", "like", "aware", "only", "style", "level", "free", "specific", "guided", "driven",
              "conditioned", "oriented", "rich", "centric", "related", "enhanced", "augmented", "friendly",
              "generated", "tuned", "trained", "pretrained", "scale", "sized", "powered", "inspired")
_TOKEN = re.compile(
    # Greek letters go on a Latin word (`PixArt-Σ`, `VAR-α`), as they do in names, and begin one before a digit
    # (`π0`, `π0.5`); an underscore joins the parts of one (`o200k_harmony`)
    r"(?P<latin>(?:[A-Za-z0-9]|[\u0391-\u03c9](?=\d))(?:[A-Za-z0-9\u0391-\u03c9]|[-·.'’_](?=[A-Za-z0-9\u0391-\u03c9]))*)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_TAIL = re.compile(r"^(?P<head>.+?)-(?P<tail>" + "|".join(_ADJ_TAILS) + r")$", re.IGNORECASE)
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PART_SPLIT = re.compile(r"[-+·.'’]")
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]{2}")
NAMES = "kg.names"
CUES = "kg.cues"
LINKS = "kg.links"  # the character spans of the wiki links of a line (`kg.model.Line.links`), set by `linked_doc`
_LINK_TOKENS = "kg.link_tokens"
_TOKENS = "kg.tokens"
_WORDS = "kg.words"
_FOLDS: dict[str, tuple[str, str]] = {}
_SHARED: dict[str, str] = {}  # token text -> the one string object all tokens of that text are
_LOWER: dict[str, str] = {}  # shared token text -> its lower case


class Name(NamedTuple):
    """A name the components found: tokens [start, end), its kind (`label`), vocabulary concept (`kb_id`, "" if
    none) and the rule that found it."""

    start: int
    end: int
    label: str
    kb_id: str
    rule: str


class CueMark(NamedTuple):
    """A relation cue over tokens [start, end); `label` holds the keys of every cue the words are ("|"-joined)."""

    start: int
    end: int
    label: str


class Tokens:
    """A doc's tokens as plain Python lists: texts, whether a space follows, lower-cased texts. The components
    read these instead of spaCy's Token and Span objects, which spaCy makes anew on every access."""

    __slots__ = ("_offsets", "_with_ws", "lower", "n", "texts", "ws")

    def __init__(self, texts: list[str], ws: list[bool]) -> None:
        # every token of one text is one shared string: the components' look-ups then read a few thousand
        # strings whose hashes are known instead of a new string per token
        shared = _SHARED
        if len(shared) > _WORD_CACHE:
            shared.clear()
            _LOWER.clear()
        known = len(shared)
        texts = list(map(shared.setdefault, texts, texts))
        if len(shared) != known:
            for t in texts:
                if t not in _LOWER:
                    low = t.lower()
                    _LOWER[t] = t if low == t else low
        self.texts = texts
        self.ws = ws
        self.lower = list(map(_LOWER.__getitem__, texts))
        self.n = len(texts)
        self._with_ws: list[str] | None = None
        self._offsets: list[int] | None = None

    def text(self, a: int, b: int) -> str:
        """The text of tokens [a, b) without the last one's trailing space (spaCy's `doc[a:b].text`)."""
        if b > self.n:
            b = self.n
        if b <= a:
            return ""
        if b - a == 1:
            return self.texts[a]
        with_ws = self._with_ws
        if with_ws is None:
            with_ws = self._with_ws = [t + " " if w else t for t, w in zip(self.texts, self.ws, strict=True)]
        return "".join(with_ws[a : b - 1]) + self.texts[b - 1]

    def space(self, i: int) -> bool:
        """spaCy's `is_space`."""
        return self.texts[i].isspace()

    def offset(self, i: int) -> int:
        """The character offset of token i (spaCy's `Token.idx`); `offset(n)` is the text's length."""
        offsets = self._offsets
        if offsets is None:
            offsets = [0]
            for t, w in zip(self.texts, self.ws, strict=True):
                offsets.append(offsets[-1] + len(t) + (1 if w else 0))
            self._offsets = offsets
        return offsets[i]


def tokens_of(doc: Doc) -> Tokens:
    """The doc's plain token lists, made once per doc from what MixedTokenizer kept (or from the doc)."""
    found: Tokens | None = doc.user_data.get(_TOKENS)
    if found is None:
        words = doc.user_data.pop(_WORDS, None)
        if words is None or len(words[0]) != len(doc):
            words = ([t.text for t in doc], [bool(t.whitespace_) for t in doc])
        found = doc.user_data[_TOKENS] = Tokens(*words)
    return found


def linked_doc(nlp: Language, text: str, links: tuple[tuple[int, int], ...]) -> Doc:
    """The doc of a line of notes, holding the character spans of its wiki links for the components to read."""
    doc = nlp.make_doc(text)
    if links:
        doc.user_data[LINKS] = links
    return doc


_TITLE_COLON = re.compile(r"\S[:：]\s*\S")


def _link_tokens(doc: Doc) -> list[tuple[int, int]]:
    """The token spans [a, b) of the doc's wiki links that name a thing: each link's text without the spaces
    around it, where it starts and ends at token edges and holds a letter (`[[2024-05-02]]` links a day)."""
    found: list[tuple[int, int]] | None = doc.user_data.get(_LINK_TOKENS)
    if found is not None:
        return found
    tk = tokens_of(doc)
    starts = {tk.offset(i): i for i in range(tk.n) if not tk.space(i)}
    ends = {tk.offset(i) + len(tk.texts[i]): i + 1 for i in range(tk.n) if not tk.space(i)}
    text = tk.text(0, tk.n)
    found = []
    for start, end in doc.user_data[LINKS]:
        shown = text[start:end]
        start += len(shown) - len(shown.lstrip())
        end -= len(shown) - len(shown.rstrip())
        a, b = starts.get(start), ends.get(end)
        if a is not None and b is not None and a < b and any(ch.isalpha() for ch in shown):
            found.append((a, b))
    doc.user_data[_LINK_TOKENS] = found
    return found


def _with_links(doc: Doc, names: list[Name], vocabulary: Vocabulary) -> list[Name]:
    """A wiki link is one name, as the author made it: names inside it or across its edges give way to it
    (`[[Diffusion Policy]]`, not `Diffusion` and `Policy`; `[[Alpaca]] data`, not `Alpaca data`). It is the
    concept a vocabulary knows by its whole text, else a work cited by its title where it reads as one (a colon
    inside, or five words or more), else a name whose kind the words around it give."""
    spans = _link_tokens(doc)
    if not spans:
        return names
    tk = tokens_of(doc)
    out = list(names)
    for a, b in spans:
        same = next((s for s in out if s.start == a and s.end == b), None)
        out = [s for s in out if s.end <= a or s.start >= b]
        if same is None:
            shown = tk.text(a, b)
            concept = _lookup(vocabulary, shown)
            if concept is not None:
                same = Name(a, b, concept.kind, concept.id, "vocab")
            elif _TITLE_COLON.search(shown) or sum(1 for t in tk.texts[a:b] if is_latin(t)) >= 5:
                same = Name(a, b, "paper", "", "cited")
            else:
                same = Name(a, b, "", "", "link")
        out.append(same)
    out.sort(key=_start)
    return out


def doc_names(doc: Doc) -> list[Name]:
    """The names the components marked in a doc, in token order."""
    names: list[Name] = doc.user_data.get(NAMES, [])
    return names


def doc_cues(doc: Doc) -> list[CueMark]:
    """The relation cues the components marked in a doc, in token order."""
    cues: list[CueMark] = doc.user_data.get(CUES, [])
    return cues


def _folds(text: str) -> tuple[str, str]:
    """(fold, fold_exact) of a token's text, remembered: a log repeats its words."""
    found = _FOLDS.get(text)
    if found is None:
        if len(_FOLDS) > 200_000:
            _FOLDS.clear()
        if text.isascii() and text.isalnum():  # NFKC keeps ASCII, and nothing is dropped: the folds are plain
            found = _FOLDS[text] = (text.lower(), text)
        else:
            found = _FOLDS[text] = (fold(text), fold_exact(text))
    return found


class MixedTokenizer:
    """Chinese per character, Latin words whole: the tokenizer every component counts on."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    @staticmethod
    def split(text: str) -> tuple[list[str], list[bool]]:
        """Words and whether a single space follows each; other whitespace is a word of its own."""
        words: list[str] = []
        spaces: list[bool] = []
        for m in _TOKEN.finditer(text):
            kind, word = m.lastgroup, m.group()
            if kind == "space":
                if words and not spaces[-1] and word == " ":
                    spaces[-1] = True
                    continue
            elif kind == "latin" and "-" in word and (tail := _TAIL.match(word)):
                words.extend((tail.group("head"), "-", tail.group("tail")))  # `CNN-based`: CNN, -, based
                spaces.extend((False, False, False))
                continue
            words.append(word)
            spaces.append(False)
        return words, spaces

    @staticmethod
    def words(text: str) -> list[str]:
        return MixedTokenizer.split(text)[0]

    def __call__(self, text: str) -> Doc:
        words, spaces = self.split(text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[_WORDS] = (words, spaces)
        return doc


# ---------------------------------------------------------------------------------------------- cues


@dataclass(frozen=True)
class Cue:
    id: str
    relation: str
    scope: str
    gap: int
    opener: tuple[str, ...] = ()
    confirm: tuple[str, ...] = ()
    not_prev: tuple[str, ...] = ()
    head_kinds: tuple[str, ...] = ()
    # the relation an object takes instead where no vocabulary knows it and its form shows no model size
    # (`在 Pile 上训练`: an unknown corpus trained on is data; `在 Korvane-7B 上训练`: a model built upon)
    unknown: str = ""
    # the kind of an object no vocabulary knows, no model size ends and the context took for a model by default
    # (`以 X 为训练集`, `trained on X`: X is data)
    object_kind: str = ""


@dataclass(frozen=True)
class Patterns:
    cues: dict[str, Cue]
    # folded-token sequences -> cue id, longest first per first token
    cue_words: dict[tuple[str, ...], str]  # "|"-joined keys of every cue the words belong to
    max_cue_len: int
    connectors: frozenset[str]
    fillers: frozenset[str]
    training: frozenset[str]
    kind_words: dict[str, str]  # lower-cased word -> kind
    cjk_kind_words: frozenset[str]  # the kind words in Chinese, looked for in runs of characters
    metric_suffixes: tuple[str, ...]
    dataset_suffixes: tuple[str, ...]
    not_names: frozenset[str]
    version: str
    term_heads: frozenset[str] = frozenset()
    term_ends: frozenset[str] = frozenset()
    term_articles: frozenset[str] = frozenset()
    term_not_first: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()  # capitalised words that modify a name rather than make one
    modifier_suffixes: tuple[str, ...] = ()  # and the endings of such words (`Partial`, `Relative`)
    abbreviations: frozenset[str] = frozenset()  # lower-cased words whose dot ends no sentence (`vs.`, `cf.`)
    tiers: frozenset[str] = frozenset()  # words a model's tier is written with after its name (`Flash`, `Haiku`)
    variables: frozenset[str] = frozenset()  # small letters after a hyphen that are variables (`Top-k`), no names
    modified_heads: frozenset[str] = frozenset()  # `attention`: lower-case modifiers before it make a technique
    not_modifiers: frozenset[str] = frozenset()  # words that modify no such head (`only`, `two`)
    # the last words of a title's headline that make the work it names a technique (`X: Sparse Attention for …`)
    title_techniques: frozenset[str] = frozenset()
    # verbs between a Chinese technique word and the name it says the kind of (`优化器用的是 Muon`), longest first
    role_verbs: tuple[str, ...] = ()
    model_roles: frozenset[str] = frozenset()  # the parts a model plays in a system (`retriever`, `teacher`, `底座`)


def token_texts(text: str) -> tuple[str, ...]:
    return tuple(t for t in MixedTokenizer.words(text) if not t.isspace())


@lru_cache(maxsize=4)
def load_patterns(directory: Path = PATTERNS_DIR) -> Patterns:
    path = directory / "cues.toml"
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: cue patterns are missing") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from None
    cues: dict[str, Cue] = {}
    words: dict[tuple[str, ...], str] = {}
    for item in data.get("cue", []):
        cue_id = str(item["id"])
        key = cue_id if cue_id not in cues else f"{cue_id}#{len(cues)}"
        cues[key] = Cue(
            id=cue_id,
            relation=str(item["relation"]),
            scope=str(item.get("scope", "after")),
            gap=int(item.get("gap", 4)),
            opener=tuple(item.get("opener", ())),
            confirm=tuple(item.get("confirm", ())),
            not_prev=tuple(item.get("not_prev", ())),
            head_kinds=tuple(item.get("head_kinds", ())),
            unknown=str(item.get("unknown", "")),
            object_kind=str(item.get("object_kind", "")),
        )
        for w in item["words"]:
            seq = tuple(t.lower() for t in token_texts(w))
            if seq:
                words[seq] = f"{words[seq]}|{key}" if seq in words else key
    lists = data.get("lists", {})
    kinds = data.get("kinds", {})
    terms = data.get("terms", {})
    kind_words = {
        w.lower(): kind
        for kind in ("dataset", "metric", "technique", "model")
        for w in kinds.get(kind, [])
    }
    return Patterns(
        cues=cues,
        cue_words=words,
        max_cue_len=max((len(k) for k in words), default=1),
        connectors=frozenset(c.lower() for c in lists.get("connectors", [])),
        fillers=frozenset(f.lower() for f in lists.get("fillers", [])),
        training=frozenset(fold(t) for t in data.get("chain", {}).get("training", [])),
        kind_words=kind_words,
        cjk_kind_words=frozenset(w for w in kind_words if _CJK_CHAR.search(w)),
        metric_suffixes=tuple(kinds.get("metric_suffixes", ())),
        dataset_suffixes=tuple(kinds.get("dataset_suffixes", ())),
        not_names=frozenset(data.get("names", {}).get("not_names", ())),
        version=hashlib.sha256(raw).hexdigest(),
        term_heads=frozenset(w.lower() for w in terms.get("heads", ())),
        term_ends=frozenset(w.lower() for w in terms.get("ends", ())),
        term_articles=frozenset(w.lower() for w in terms.get("articles", ())),
        term_not_first=frozenset(w.lower() for w in terms.get("not_first", ())),
        modifiers=frozenset(data.get("names", {}).get("modifiers", ())),
        modifier_suffixes=tuple(data.get("names", {}).get("modifier_suffixes", ())),
        abbreviations=frozenset(w.lower().rstrip(".") for w in lists.get("abbreviations", ())),
        tiers=frozenset(data.get("names", {}).get("tiers", ())),
        variables=frozenset(data.get("names", {}).get("variables", ())),
        modified_heads=frozenset(w.lower() for w in terms.get("modified_heads", ())),
        not_modifiers=frozenset(w.lower() for w in terms.get("not_modifiers", ())),
        title_techniques=frozenset(w.lower() for w in kinds.get("title_technique_heads", ())),
        role_verbs=tuple(sorted(kinds.get("role_verbs", ()), key=len, reverse=True)),
        model_roles=frozenset(w.lower() for w in kinds.get("model_roles", ())),
    )


# ---------------------------------------------------------------------------------------------- name forms


def is_latin(text: str) -> bool:
    return bool(text) and text[0].isascii() and text[0].isalnum()


def strip_adjective_tail(text: str) -> str:
    """`CNN-based` -> `CNN`; other names are returned as they are."""
    head, _, tail = text.rpartition("-")
    if head and tail.lower() in _ADJ_TAILS:
        return head
    return text


def name_form(text: str) -> bool:
    """Does a Latin token look like the name of a model or method by its form alone?

    CamelCase inside a word (`MiniGPT`, `LLaVA`, `BEiT`), letters with digits (`GPT4`, `T5`, `XComposer2`),
    acronyms of three or more capitals (`BLEU`, `REDCODER`), hyphenated parts of those (`VISTA-LLAMA`,
    `Qwen-VL`, `GPT-3.5`), a capitalised word with a release in more parts (`Phi-3-mini`, `Whisper-v3`), or
    hyphenated words holding a capital letter alone (`Tune-A-Video`, `Best-of-N`).
    Units (`14B`, `100k`) and ordinary hyphenated words (`Vision-Language`, `Top-5`) are not."""
    if (m := _DIMENSION.match(text)) is not None:
        return name_form(text[m.end():])  # `2D-RoPE`, `3D-VAE`: a name made for a number of dimensions
    if not text or not text[0].isalpha() or not text.isascii():
        return False
    parts = [p for p in _PART_SPLIT.split(text) if p]
    if len(parts) > 2 and "-" in text and text[0].isupper() and parts[-1][0].isupper() \
            and any(len(p) == 1 and p.isupper() for p in parts):
        return True  # `Tune-A-Video`, `Make-A-Scene`, `Best-of-N`: a phrase made a name by a one-letter part
    if len(parts) > 2 and text.islower() and "-" in text and parts[0].isalpha() and len(parts[0]) >= 3 \
            and any(_LOWER_RELEASE.fullmatch(p) for p in parts[1:]):
        return True  # `nomic-embed-text-v1`, `bge-reranker-v2-m3`, `gpt-oss-20b`: a release of a name in small letters
    if len(parts) > 1:
        if capitalised_word(parts[0]) and any(_RELEASE_PART.fullmatch(p) for p in parts[1:]) \
                and (len(parts) > 2 or parts[-1][0] in "vV"):
            return True  # `Whisper-large-v2`, `Phi-3-mini`, `Llama-3-Instruct`, `Whisper-v3`: a release of a name
        # a part holding letters and digits (`Qwen2` in `Qwen2.5-Math`) is a name's, no plain word's
        return any(_part_is_name(p, whole=False) for p in parts) and not all(
            (p[:1].isupper() and p[1:].isalpha() and p[1:].islower()) or p.islower() or p.isdigit() for p in parts
        )
    return _part_is_name(text, whole=True)


_DIMENSION = re.compile(r"[1-4][Dd]-(?=[A-Za-z])")  # `2D-`, `3D-` before a name

# a version or size among a hyphenated name's parts: `3`, `3.5`, `7B`, `v2`
_RELEASE_PART = re.compile(r"[vV]?\d+(?:\.\d+)*[BMK]?")
_BARE_VERSION = re.compile(r"[vV]\d+(?:\.\d+)*")
# a release part of a name written in small letters: a version (`v3`), a size (`20b`, `7b`) or a letter and number
# (`m3`); a bare number (`state-of-the-art-2`, `top-1`) is none
_LOWER_RELEASE = re.compile(r"v\d+(?:\.\d+)*|\d+(?:\.\d+)?[bmk]|[a-z]\d+")


def _part_is_name(part: str, whole: bool) -> bool:
    core = part[:-1] if len(part) > 3 and part.endswith("s") and part[:-1].isupper() else part
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return False
    if any(c.isdigit() for c in core) and core[0].isalpha():
        return not (whole and _BARE_VERSION.fullmatch(core))  # GPT4, T5, CM3; `v2` alone is a version
    if _CAMEL.search(core):
        return True  # MiniGPT, LLaVA, QwenLM; QFormer, XComposer
    return core.isupper() and len(core) >= (3 if whole else 2)  # BLEU, MME; VL inside Qwen-VL


def short_acronym(text: str) -> bool:
    """`AE`, `SD`: two capitals, a name only where the context says so."""
    return len(text) == 2 and text.isascii() and text.isalpha() and text.isupper()


def capitalised_word(text: str) -> bool:
    """`Divter`, `Flamingo`, `Bradley-Terry`: a capital and then small letters only, in each hyphenated part."""
    parts = text.split("-")
    return len(text) >= 3 and text.isascii() and all(
        len(p) >= 2 and p[0].isupper() and p[1:].islower() and p[1:].isalpha() for p in parts
    )


# a capital letter alone and a capitalised word, hyphenated (`X-Embodiment`, `X-Decoder`)
_LETTER_PART = re.compile(r"[A-Z]-[A-Z][a-z]{2,}")
# a Greek letter and a release (`π0`, `π0.5`): a name where the words around it show one, no variable's value
_GREEK_RELEASE = re.compile(r"[\u0391-\u03c9]\d+(?:\.\d+)?")
_VERSION_PART = re.compile(r"\d+(?:\.\d+)*[BMK]?")


def versioned_word(text: str) -> bool:
    """`Qwen-2`, `Phi-3.5`, `Falcon-40B`: a capitalised word and a version or size after a hyphen."""
    head, _, tail = text.rpartition("-")
    return bool(head) and capitalised_word(head) and _VERSION_PART.fullmatch(tail) is not None


# ---------------------------------------------------------------------------------------------- components


def _prefixes(keys: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for key in keys:
        for i in range(1, len(key) + 1):
            out.add(key[:i])
    return frozenset(out)


@dataclass(frozen=True)
class _VocabIndex:
    vocabulary: Vocabulary
    prefixes: frozenset[str]
    exact_prefixes: frozenset[str]


_INDEXES: dict[str, _VocabIndex] = {}


def _vocab_index(vocabulary: Vocabulary) -> _VocabIndex:
    """Prefix sets of the vocabulary's keys, built once per vocabulary version."""
    index = _INDEXES.get(vocabulary.version)
    if index is None or index.vocabulary is not vocabulary:
        index = _VocabIndex(vocabulary, _prefixes(vocabulary.by_key), _prefixes(vocabulary.exact))
        _INDEXES[vocabulary.version] = index
    return index


class _Component:
    """A rule component. spaCy streams docs through `pipe` when a component has one: here each component reads a
    batch of docs before it hands them on, without spaCy's per-doc error wrapping (which costs more than some
    components' work). A batch keeps one component's tables and code in the processor's caches: passing each doc
    through all five components in turn cost a tenth more of the extractor's time."""

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        stream = iter(docs)
        while batch := list(islice(stream, batch_size or _BATCH)):
            yield from [self(doc) for doc in batch]


_BATCH = 1000  # docs a component reads at a time (spaCy's own default for `Language.pipe`)


class _Step:
    """A state of the vocabulary walk: the folded (and case-kept) text of the tokens read so far, the concept
    those tokens name (None if none), and where each next token leads (a token text -> the next state, or None
    where no label goes on that way), filled in as words are met."""

    __slots__ = ("concept", "exact", "key", "next")

    def __init__(self, key: str, exact: str, concept: Any) -> None:
        self.key = key
        self.exact = exact
        self.concept = concept
        self.next: dict[str, _Step | None] = {}


class VocabularyMatcher(_Component):
    """Longest runs of tokens whose folded text is a label of the vocabulary.

    The walk from a token to the longest label is a path through `_Step`s keyed by token texts: after a word has
    been met once, reading it costs one dict look-up (folding, joining and the prefix look-ups are remembered)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.index = _vocab_index(vocabulary)
        self._reset()

    def _reset(self) -> None:
        # token text -> the state after that one token, None if no label (nor a cited title) starts with it
        self._first: dict[str, _Step | None] = {}
        self._steps: dict[tuple[str, str], _Step] = {}
        self._known = 0  # transitions remembered, bounded by _WORD_CACHE

    def _state(self, key: str, exact: str) -> _Step | None:
        """The state after tokens whose folds join to `key` (`exact`), None if no label goes on that way."""
        index = self.index
        if not key or (key not in index.prefixes and exact not in index.exact_prefixes):
            return None
        step = self._steps.get((key, exact))
        if step is None:
            vocab = index.vocabulary
            concept = vocab.by_key.get(key) or vocab.exact.get(exact)
            step = self._steps[(key, exact)] = _Step(key, exact, concept if key not in vocab.stop else None)
        return step

    def _learn_first(self, text: str) -> _Step | None:
        key, exact = _folds(text)
        step = self._state(key, exact)
        if step is None and text == "《":
            step = _NO_STEP
        self._first[text] = step
        self._known += 1
        return step

    def _step(self, step: _Step, text: str) -> _Step | None:
        folded, folded_exact = _folds(text)
        nxt = self._state(step.key + folded, step.exact + folded_exact) if folded else None
        step.next[text] = nxt
        self._known += 1
        return nxt

    def __call__(self, doc: Doc) -> Doc:
        texts = tokens_of(doc).texts
        if self._known > _WORD_CACHE:
            self._reset()
        states = list(map(self._first.get, texts, repeat(_UNSEEN)))
        if _UNSEEN in states:
            for i, t in enumerate(texts):
                if states[i] is _UNSEEN:
                    states[i] = self._learn_first(t)
        names: list[Name] = []
        n = len(texts)
        after = 0  # tokens before this are inside a name found already
        for i in compress(range(n), states):
            if i < after:
                continue
            step = states[i]
            if texts[i] == "《":  # a work cited by its title inside a note
                close = next((k for k in range(i + 1, n) if texts[k] == "》"), None)
                if close is not None and close > i + 1:
                    names.append(Name(i + 1, close, "paper", "", "cited"))
                    after = close + 1
                    continue
                if step is _NO_STEP:
                    continue
            assert step is not None
            concept = step.concept
            end = i + 1
            j = i + 1
            while j < n:
                text = texts[j]
                nxt = step.next.get(text, _NO_STEP)
                if nxt is _NO_STEP:
                    nxt = self._step(step, text)
                if nxt is None:
                    break
                step = nxt
                j += 1
                if step.concept is not None:
                    concept, end = step.concept, j
            if concept is not None and _whole_cjk_ok(texts, i, end):
                names.append(Name(i, end, concept.kind, concept.id, "vocab"))
                after = end
        doc.user_data[NAMES] = _with_links(doc, names, self.index.vocabulary) if LINKS in doc.user_data else names
        return doc


_NO_STEP = _Step("", "", None)  # `《` with no label starting with it; in look-ups: a transition not yet known
_UNSEEN = _Step("", "", None)  # in look-ups of first words: a word not met yet


_WORD_CACHE = 200_000  # distinct words a component remembers what it found of, before it forgets them all


_AT_K = re.compile(r"\d+(?:\.\d+)?|[kKnN]")


def _at_k_metrics(tk: Tokens, names: list[Name]) -> list[Name]:
    """`Recall@20`, `pass@1`, `NDCG@10`, `mAP@0.5`: a word, `@` and a cut-off written together name a metric (the
    word alone is no name of its own)."""
    texts, ws = tk.texts, tk.ws
    found: list[Name] = []
    for i in range(1, tk.n - 1):
        if texts[i] == "@" and not ws[i - 1] and not ws[i] and texts[i - 1].isalpha() and texts[i - 1].isascii() \
                and _AT_K.fullmatch(texts[i + 1]):
            found.append(Name(i - 1, i + 2, "metric", "", "form.typed"))
    exact = {(s.start, s.end) for s in names}
    found = [span for span in found if (span.start, span.end) not in exact]  # a name the vocabulary knows stays
    if not found:
        return names
    covered = {k for span in found for k in range(span.start, span.end)}
    kept = [s for s in names if not covered.intersection(range(s.start, s.end))]
    return sorted(kept + found, key=_start)


def _whole_cjk_ok(texts: list[str], start: int, end: int) -> bool:
    """A one-character Chinese match is too weak to be a name."""
    return not (end - start == 1 and _CJK_CHAR.match(texts[start]))


class FormRecogniser(_Component):
    """Names that no vocabulary lists, recognised by their form."""

    def __init__(self, vocabulary: Vocabulary, patterns: Patterns) -> None:
        self.vocabulary = vocabulary
        self.tiers = patterns.tiers
        self.variables = patterns.variables
        # words that never go on a name as its variant: no names, modifiers, tiers, kind words and the heads of
        # terms (`CLIP Tokenizer`, `BERT Attention`)
        self.not_variants = patterns.not_names | patterns.modifiers | patterns.tiers | patterns.term_heads | frozenset(
            w for w in patterns.kind_words if w.isascii())
        self.not_modes = patterns.not_names | patterns.modifiers  # capitalised words no mode of a release is
        self._found: dict[str, tuple[str, str, str] | None] = {}  # word -> (label, kb_id, rule) of its name

    def _form(self, word: str) -> tuple[str, str, str] | None:
        if len(self._found) > _WORD_CACHE:
            self._found.clear()
        found: tuple[str, str, str] | None = None
        if is_latin(word) and not word.endswith(_POSSESSIVE):  # `OpenAI's CLIP`: the owner of the name after it
            text = strip_adjective_tail(word)
            if (name_form(text) or self._lettered(text) or self._tiered(text)) and not self._stopped(text):
                concept = _lookup(self.vocabulary, text)
                found = (concept.kind, concept.id, "vocab") if concept is not None else ("", "", "form")
        self._found[word] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        tk = tokens_of(doc)
        names = list(doc_names(doc))
        known = self._found
        get = known.get
        # words seen before and known to be no name cost one look-up; new words are tried once
        candidates = list(compress(range(tk.n), map(get, tk.texts, repeat(_UNKNOWN))))
        if candidates:
            taken = {i for span in names for i in range(span.start, span.end)}
            texts = tk.texts
            for i in candidates:
                word = texts[i]
                found = known[word] if word in known else self._form(word)
                if found is None or i in taken:
                    continue
                names.append(Name(i, i + 1, *found))
            names.sort(key=_start)
        if "@" in tk.texts:
            names = _at_k_metrics(tk, names)
        if names:
            spans = [self._with_variant(tk, _with_version(tk, _with_plus_plus(tk, _with_modifier(tk, s)), self.tiers,
                                                          self.not_modes)) for s in names]
            doc.user_data[NAMES] = _joined(tk, _outermost(spans))
        return doc

    def _tiered(self, text: str) -> bool:
        """`o3-mini`, `o1-pro`: a small letter or two with a release number, then a tier word (`[names].tiers`)."""
        head, _, tier = text.partition("-")
        return _SMALL_RELEASE.fullmatch(head) is not None and tier in self.tiers

    def _lettered(self, text: str) -> bool:
        """`Show-o`: a capitalised word and one small letter after a hyphen that is no variable (`Top-k`)."""
        head, _, letter = text.rpartition("-")
        return len(letter) == 1 and letter.islower() and letter not in self.variables and capitalised_word(head)

    def _with_variant(self, tk: Tokens, span: Name) -> Name:
        """`Mistral Nemo`, `Runway Gen-3`: a known model (or organisation) a space before a word that names one
        of its releases is that release, another work than the name alone. The word is one no vocabulary knows
        (capitalised, or of a name's form; after an organisation it holds a version: `Gen3`). A resolution or
        patch after a slash goes with it (`Foo-L/14`)."""
        end, texts, ws, n = span.end, tk.texts, tk.ws, tk.n
        if span.rule != "vocab" or span.label not in ("model", "organization") or end >= n or not ws[end - 1]:
            return span
        word = texts[end]
        if capitalised_word(word) and (word in self.not_variants or tk.lower[end] in self.not_variants):
            # `GPT Image 1`: a generic word with a version after it names a line of releases of the model
            line = _with_version(tk, Name(span.start, end + 1, "", "", "form"))
            return line if line.end > end + 1 else span
        if not is_latin(word) or word in self.not_variants or tk.lower[end] in self.not_variants:
            return span
        if _lookup(self.vocabulary, word) is not None:
            return span  # `Google Gemini`, `CLIP ViT-L`: two works (a size of a known architecture stays its own)
        versioned = versioned_word(word) or (name_form(word) and any(c.isdigit() for c in word))
        if not (versioned if span.label == "organization" else versioned or capitalised_word(word)
                or name_form(word)):
            return span
        after = end + 1
        if after + 1 < n and texts[after] == "/" and not ws[end] and not ws[after] and texts[after + 1].isdigit():
            after += 2
        return Name(span.start, after, "", "", "form")

    def _stopped(self, text: str) -> bool:
        key = _folds(text)[0]
        singular = key[:-1] if key.endswith("s") else key
        return key in self.vocabulary.stop or singular in self.vocabulary.stop


_SMALL_RELEASE = re.compile(r"[a-z]{1,2}\d+(?:\.\d+)?")
_POSSESSIVE = ("'s", "\u2019s")


def _lookup(vocabulary: Vocabulary, text: str) -> Concept | None:
    """`vocabulary.lookup(text)` with the folds remembered in `_folds`."""
    key, exact = _folds(text)
    if not key or key in vocabulary.stop:
        return None
    found = vocabulary.by_key.get(key)
    return found if found is not None else vocabulary.exact.get(exact)


def _start(span: Name) -> int:
    return span.start


_UNKNOWN = ("", "", "")  # in a word cache's look-up: the word is not known yet


def _with_modifier(tk: Tokens, span: Name) -> Name:
    """`Position-aware Vision-Language Adapter`: a capitalised compound adjective before a capitalised name of
    several words is part of that name (a title-case run is one name)."""
    a = span.start
    texts, ws = tk.texts, tk.ws
    if (
        a >= 3
        and span.end - a >= 2
        and texts[a][:1].isupper()
        and texts[a - 2] == "-"
        and tk.lower[a - 1] in _ADJ_TAILS
        and capitalised_word(texts[a - 3])
        and not ws[a - 3]
        and not ws[a - 2]
    ):
        return Name(a - 3, span.end, span.label, "", span.rule or "vocab")
    return span


def _with_plus_plus(tk: Tokens, span: Name) -> Name:
    """`Transformer++`, `LLaMA++`: `++` written onto a name makes another work, no longer the one a vocabulary
    knows (its kind is then read from the context, as for any unknown name)."""
    end, texts, ws = span.end, tk.texts, tk.ws
    if (
        end + 1 < tk.n
        and texts[end] == "+"
        and texts[end + 1] == "+"
        and not ws[end - 1]
        and not ws[end]
        and (end + 2 >= tk.n or ws[end + 1] or not is_latin(texts[end + 2]))
    ):
        end += 2
        while end + 1 < tk.n and texts[end] == "-" and not ws[end - 1] and not ws[end] and is_latin(texts[end + 1]):
            end += 2  # `AstraAudio++-v2`
        return Name(span.start, end, "", "", "form")
    return span


_VERSION = re.compile(r"[vV]?\d{1,2}(?:\.\d{1,2})?|(?:19|20)\d\d")  # (`Amazon Reviews 2023`: a year's edition)
# Chinese words after a number that join names or clauses, no measure word a count takes (`3 次`, `2 个`)
_AFTER_VERSION = frozenset("和与及或跟、的上中等")
# the words a count or amount takes (`1.5 倍`, `2.5 个点`); a release with a dot before other words is one
# (`Seedream 3.0 互有胜负`)
_MEASURE_WORDS = frozenset("倍个分点次秒天万亿千百元")


def _with_version(tk: Tokens, span: Name, tiers: frozenset[str] = frozenset(),
                  ends: frozenset[str] = frozenset()) -> Name:
    """`Claude 3.5 Sonnet`, `Gemini 1.5 Pro`, `Midjourney v6`: a version number a space after a name (and a
    capitalised variant word after it, and a mode after that: `Gemini 2.0 Flash Thinking`) makes another work
    than the name alone; `GPT-4 3 次` (a count) does not. So does a tier word (`Gemini-1.5 Flash`, `GPT-4o mini`:
    `[names].tiers`). `ends`: capitalised words that no mode is (`When`, `On`)."""
    end, texts, ws, n = span.end, tk.texts, tk.ws, tk.n
    if end < n and ws[end - 1] and texts[end] in tiers:
        return Name(span.start, end + 1, "", "", "context" if span.rule == "context" else "form")
    if not (end < n and ws[end - 1] and _VERSION.fullmatch(texts[end])):
        return span
    after = end + 1
    if after < n and ws[end] and capitalised_word(texts[after]):
        after += 1  # the variant: `Sonnet`, `Pro`
        if after < n and ws[after - 1] and capitalised_word(texts[after]) and texts[after] not in ends:
            after += 1  # and its mode: `Gemini 2.0 Flash Thinking`
    elif after < n and texts[end][0].isdigit() and (
            (not ws[end] and (texts[after].isalnum() or texts[after] in "%.:"))
            or (ws[end] and _CJK_CHAR.match(texts[after]) and texts[after] not in _AFTER_VERSION
                and ("." not in texts[end] or texts[after] in _MEASURE_WORDS))):
        return span  # `3B`, `3%`, `7:1`, `3 次`: a size, ratio or count, no version (`v6 和`, `SigLIP 2 和` are)
    # no vocabulary's name; an edition of data keeps its kind (`Amazon Reviews 2023`, `COCO 2017`)
    kind = span.label if span.rule == "vocab" and span.label in ("dataset", "metric") else ""
    return Name(span.start, after, kind, "", "context" if span.rule == "context" else "form")


def _outermost(spans: list[Name]) -> list[Name]:
    """The spans (in order) without those inside one before them: a name grown over its tail (`LLaMA++-v2`)
    holds the name its tail was (`v2`)."""
    out: list[Name] = []
    for span in spans:
        if out and span.start < out[-1].end:
            continue
        out.append(span)
    return out


def _joined(tk: Tokens, spans: list[Name]) -> list[Name]:
    """`VQGAN+CLIP`: two names joined by `+` with no space are one system (a spaced `A + B` lists parts)."""
    out: list[Name] = []
    texts, ws = tk.texts, tk.ws
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and span.start == prev.end + 1
            and prev.end - prev.start == 1
            and span.end - span.start == 1
            and texts[prev.end] == "+"
            and not ws[prev.end - 1]
            and not ws[prev.end]
            and not (prev.start > 1 and texts[prev.start - 1] == "+")
        ):
            out[-1] = Name(prev.start, span.end, "", "", "form")
            continue
        out.append(span)
    return out


class _CueStep:
    """A node of the cue words' trie: the cue keys that end here ("|"-joined, None if none) and the words that
    go on from here."""

    __slots__ = ("key", "next")

    def __init__(self) -> None:
        self.key: str | None = None
        self.next: dict[str, _CueStep] = {}


class CueMatcher(_Component):
    """Relation cues, longest first; words that only look like cues are consumed without a span."""

    def __init__(self, patterns: Patterns) -> None:
        self.patterns = patterns
        # first lower-cased word of a cue -> the trie of the cues it starts
        self.first: dict[str, _CueStep] = {}
        for words, key in patterns.cue_words.items():
            step = self.first.setdefault(words[0], _CueStep())
            for word in words[1:]:
                step = step.next.setdefault(word, _CueStep())
            step.key = key
        # the words before a cue that make it none, for each cue key ("|"-joined); None if the words are a cue
        # whose relation is none
        self.blocked: dict[str, frozenset[str] | None] = {}
        for key in patterns.cue_words.values():
            cues = [patterns.cues[k] for k in key.split("|")]
            self.blocked[key] = None if any(c.relation == "none" for c in cues) \
                else frozenset().union(*(c.not_prev for c in cues))

    def __call__(self, doc: Doc) -> Doc:
        tk = tokens_of(doc)
        lowered = tk.lower
        first = self.first
        marks: list[CueMark] = []
        names: set[int] | None = None
        n = tk.n
        after = 0
        for i in compress(range(n), map(first.__contains__, lowered)):
            if i < after:
                continue
            step = first[lowered[i]]
            if step.key is None and (i + 1 == n or lowered[i + 1] not in step.next):
                continue  # (most often) the first word of longer cues only, and the next word goes on with none
            found = [(i + 1, step.key)] if step.key is not None else []
            j = i + 1
            while j < n and step.next:
                nxt = step.next.get(lowered[j])
                if nxt is None:
                    break
                step = nxt
                j += 1
                if step.key is not None:
                    found.append((j, step.key))
            if not found:
                continue
            if names is None:
                names = {k for span in doc_names(doc) for k in range(span.start, span.end)}
            # the longest cue that overlaps no name
            chosen = next((f for f in reversed(found) if names.isdisjoint(range(i, f[0]))), None)
            if chosen is None:
                continue
            end, key = chosen
            blocked = self.blocked[key]
            if blocked is not None and (tk.texts[i - 1] if i > 0 else "") not in blocked:
                marks.append(CueMark(i, end, key))
            after = end
        doc.user_data[CUES] = marks
        return doc


class TermRecogniser(_Component):
    """Lower-case English terms that a cue or an architecture line shows to be techniques.

    Notes in Chinese write the names of methods in English: `引入了 residual connection 结构`, `采用deep
    cross-modality fusion`, `image encoder + contrastive loss`. A run of Latin words right after a cue (at most
    a few Chinese characters between: `采用了统一的 X`) or after a spaced `+` is a term when it ends in a head
    noun of `[terms].heads` (`loss`, `attention`, `objective` ...), cut at the first function word (`of`, `for`)."""

    _REACH = 4  # Chinese characters allowed between a cue and the term

    def __init__(self, vocabulary: Vocabulary, patterns: Patterns) -> None:
        self.vocabulary = vocabulary
        self.patterns = patterns
        self._opens: dict[str, bool] = {}  # cue label -> does a term follow the cue

    def _opens_term(self, label: str) -> bool:
        opens = self._opens.get(label)
        if opens is None:
            cue = self.patterns.cues[label.split("|")[0]]
            opens = self._opens[label] = cue.scope == "after" \
                and cue.relation in ("buildsOn", "comparesTo", "uses", "proposes")
        return opens

    def __call__(self, doc: Doc) -> Doc:
        pats = self.patterns
        if not pats.term_heads:
            return doc
        tk = tokens_of(doc)
        texts = tk.texts
        names = doc_names(doc)
        taken: set[int] | None = None
        opens = self._opens
        starts = [mark.end for mark in doc_cues(doc) if opens.get(mark.label) or self._opens_term(mark.label)]
        if "+" in texts:
            for i, word in enumerate(texts):
                if word == "+" and i > 0 and (tk.space(i - 1) or tk.ws[i - 1]):
                    starts.append(i + 1)
                    trained = _training_words(tk, i + 1, pats)  # `BLIP2 + 指令微调`: the training is a technique
                    if trained is not None:
                        if taken is None:
                            names = list(names)
                            taken = {k for s in names for k in range(s.start, s.end)}
                        if not taken.intersection(range(*trained)):
                            names.append(Name(*trained, "technique", "", "term"))
                            taken.update(range(*trained))
        if not starts:
            return self._with_modified_heads(doc, tk, names)  # no cue a term may follow, no `+`
        for start in starts:
            if not self._latin_within_reach(tk, start):
                continue  # no term can start there (`_term` would find none)
            if taken is None:
                names = list(names)
                taken = {i for s in names for i in range(s.start, s.end)}
            found = self._term(tk, start, taken, capitalised=texts[start - 1] == "+")
            if found is not None:
                a, b, kind = found
                inside = [s for s in names if s.start < b and s.end > a]
                if any(s.start < a or s.end > b for s in inside):
                    continue
                if inside:  # the technique the term's last words are (`landmark attention`): the term holds it
                    names = [s for s in names if s not in inside]
                names.append(Name(a, b, kind, "", "term"))
                taken.update(range(a, b))
        if len(names) > 1:
            names.sort(key=_start)
        return self._with_modified_heads(doc, tk, names)

    def _with_modified_heads(self, doc: Doc, tk: Tokens, names: list[Name]) -> Doc:
        heads = self._modified_heads(tk, names) if self.patterns.modified_heads else []
        if heads:
            longer = {span: Name(a, span.end, "technique", "", "term") for span, a in heads}
            names = [longer.get(s, s) for s in names]
        doc.user_data[NAMES] = names
        return doc

    def _modified_heads(self, tk: Tokens, names: list[Name]) -> list[tuple[Name, int]]:
        """`window attention`, `full attention`, `sliding window attention`: lower-case words written before a
        generic technique the vocabulary knows by its head word alone (`attention`) name a technique of that
        kind, wherever it stands. (name of the head, where the longer name starts) for each; two words at most
        before the head, no article, function word or description first (`the`, `of`, `large`)."""
        pats = self.patterns
        texts, ws = tk.texts, tk.ws
        out: list[tuple[Name, int]] = []
        ends = {s.end for s in names}
        for span in names:
            if span.label != "technique" or span.end - span.start != 1 \
                    or tk.lower[span.start] not in pats.modified_heads or not texts[span.start].islower():
                continue
            a = span.start
            for _ in range(2):
                k = a - 1
                if k < 0 or not ws[k] or k + 1 in ends:  # no space before, or the word ends another name
                    break
                word = tk.lower[k]
                if not is_latin(word) or not texts[k].islower() or word in pats.term_ends \
                        or word in pats.term_articles or word in pats.term_heads or word in pats.not_modifiers \
                        or word in pats.term_not_first or any(c.isdigit() for c in word) \
                        or (k > 0 and not ws[k - 1] and is_latin(texts[k - 1])):
                    break
                a = k
            if a < span.start and not self.vocabulary.is_stop(tk.text(a, span.end)):
                out.append((span, a))
        return out

    def _latin_within_reach(self, tk: Tokens, i: int) -> bool:
        """Is the first token after i that is no space, Chinese character or number a Latin word, with at most
        `_REACH` of those before it? `_term` skips only such tokens before the words of a term."""
        texts = tk.texts
        n = tk.n
        skipped = 0
        while i < n:
            t = texts[i]
            if not t.isspace():
                if not (_cjk(t) or t.isdigit()):
                    return is_latin(t)
                skipped += 1
                if skipped > self._REACH:
                    return False
            i += 1
        return False

    def _term(self, tk: Tokens, i: int, taken: set[int], capitalised: bool) -> tuple[int, int, str] | None:
        pats = self.patterns
        texts, ws = tk.texts, tk.ws
        n = tk.n
        skipped = 0
        while i < n and (tk.space(i) or (_CJK_CHAR.match(texts[i]) and not _next_is_kind(tk, i, pats))
                         or texts[i].isdigit()):
            if not tk.space(i):
                skipped += 1
                if skipped > self._REACH:
                    return None
            i += 1
        # words: Latin tokens joined by `-` (no space) or parted by one space
        words: list[tuple[int, int]] = []
        j = i
        while j < n and is_latin(texts[j]):
            a = j
            while j + 2 < n and not ws[j] and texts[j + 1] == "-" and not ws[j + 1] and is_latin(texts[j + 2]):
                j += 2
            words.append((a, j + 1))
            if not ws[j]:
                j += 1
                break
            j += 1
        lowered = [tk.text(a, b).lower() for a, b in words]
        while lowered and lowered[0] in pats.term_articles:
            lowered.pop(0)
            words.pop(0)
        for k, t in enumerate(lowered):
            if t in pats.term_ends:
                lowered, words = lowered[:k], words[:k]
                break
        if not words or len(words) > 4 or lowered[0] in pats.term_not_first:
            return None
        a, b = words[0][0], words[-1][1]
        if any(c.isdigit() for c in tk.text(a, b)):
            return None
        if any(k in taken for k in range(a, b)):
            # `builds upon landmark attention`: a modifier written before a technique the vocabulary knows makes
            # the term; any other name inside makes none
            tail = self._known_tail(tk, a, b)
            if tail is None or any(k in taken for k in range(a, tail)):
                return None
        first = texts[a]
        if not (first.islower() or (capitalised and capitalised_word(first))) \
                or any(not texts[k].islower() for k, _ in words[1:]):
            return None
        head = lowered[-1]
        singular = head[:-1] if head.endswith("s") else head
        is_head = head in pats.term_heads or singular in pats.term_heads
        followed = _next_is_kind(tk, b, pats)  # `visual expert module 结构`
        if not (is_head or followed) or (len(words) < 2 and not followed):
            return None
        if self.vocabulary.is_stop(tk.text(a, b)):
            return None
        return a, b, ("model" if first[0].isupper() else "technique")

    def _known_tail(self, tk: Tokens, a: int, b: int) -> int | None:
        """Where the technique a vocabulary knows that ends the words [a, b) starts (after a), None if none
        does. It is found again here from the vocabulary, as the names found so far are not at hand."""
        for start in range(a + 1, b):
            if tk.texts[start].isspace() or tk.texts[start] == "-":
                continue
            concept = _lookup(self.vocabulary, tk.text(start, b))
            if concept is not None and concept.kind == "technique":
                return start
        return None


def _cjk(text: str) -> bool:
    """Does the text start with a Chinese character? (`_CJK_CHAR`, remembered per text)"""
    found = _CJK_OF.get(text)
    if found is None:
        if len(_CJK_OF) > _WORD_CACHE:
            _CJK_OF.clear()
        found = _CJK_OF[text] = bool(_CJK_CHAR.match(text))
    return found


_CJK_OF: dict[str, bool] = {}


_OPEN_PAREN = {"(": ")", "（": "）"}


def _without_expansions(tk: Tokens, names: list[Name], pats: Patterns) -> list[Name]:
    """`MLA（Multi-head Latent Attention）`, `RAG (retrieval-augmented generation)`: words in brackets right after
    a name that spell out its letters are that name written out, not other things: the names found inside go
    (but the name itself, when a vocabulary knows it written out: an altLabel), and an unknown name takes its
    kind from the last word written out (`Attention` -> a technique)."""
    texts = tk.texts
    if "(" not in texts and "（" not in texts:
        return names
    drop: set[int] = set()
    out: list[Name] = []
    for span in names:
        if span.start in drop:
            continue
        k = span.end + (1 if span.end < tk.n and tk.space(span.end) else 0)
        close = _OPEN_PAREN.get(texts[k]) if k < tk.n else None
        end = next((j for j in range(k + 1, min(tk.n, k + 16)) if texts[j] == close), None) if close else None
        words = [w for w in _LATIN_SPLIT.split(tk.text(k + 1, end)) if w] if end else []
        if end and 2 <= len(words) <= 8 and _spells(tk.text(span.start, span.end), words):
            drop.update(s.start for s in names if k < s.start < end and not (s.kb_id and s.kb_id == span.kb_id))
            span = _typed_by_expansion(span, words[-1], pats)
            kind = pats.kind_words.get(_next_word(tk, end + 1, pats) or "")
            if not span.label and not span.kb_id and kind in ("technique", "dataset", "metric"):
                # `SSD（state space duality）框架`: the kind word after the bracket says the name's kind
                span = Name(span.start, span.end, kind, "", f"{span.rule}.typed")
        else:
            written = _written_out_before(tk, span)
            if written is not None:
                # `Mixed Preference Optimization（MPO）`: the words before the brackets spell the name out
                a, words = written
                out = [s for s in out if s.end <= a]
                span = _typed_by_expansion(span, words[-1], pats)
        out.append(span)
    return out


def _typed_by_expansion(span: Name, last: str, pats: Patterns) -> Name:
    """An unknown name takes its kind from the last word it is written out in (`Attention` -> a technique)."""
    head = last.lower()
    if not span.label and not span.kb_id and (head in pats.term_heads or head.rstrip("s") in pats.term_heads
                                              or pats.kind_words.get(head) == "technique"):
        return Name(span.start, span.end, "technique", "", f"{span.rule}.typed")
    return span


def _written_out_before(tk: Tokens, span: Name) -> tuple[int, list[str]] | None:
    """(the first token, the words) of the Latin words right before the bracket a name stands alone in that spell
    the name out, the fewest that do (`Variable Visual Position Encoding（V2PE）`); None if there are none."""
    texts = tk.texts
    k = span.start - 1
    if k < 1 or texts[k] not in _OPEN_PAREN or span.end >= tk.n or texts[span.end] != _OPEN_PAREN[texts[k]]:
        return None
    name = tk.text(span.start, span.end)
    if not any(c.isupper() for c in name[1:]):
        return None
    j = k - 1 if tk.space(k - 1) else k
    first = j
    while first > 0 and k - first < 16 and (is_latin(texts[first - 1]) or texts[first - 1] == "-"
                                            or (texts[first - 1] == " " and first > 1 and is_latin(texts[first - 2]))):
        first -= 1
    for a in range(j - 1, first - 1, -1):
        if not is_latin(texts[a]):
            continue
        words = [w for w in _LATIN_SPLIT.split(tk.text(a, k)) if w]
        if 2 <= len(words) <= 8 and _spells(name, words):
            return a, words
    return None


_LATIN_SPLIT = re.compile(r"[^A-Za-z0-9]+")


def _spells(name: str, words: list[str]) -> bool:
    """Are the capitals of `name` (`MLA`, `RAG`, `DeepSeekMoE` -> `DSMOE`) the first letters of the words, in
    order (words may be skipped: `Multi-head Latent Attention` -> M, h, L, A)?"""
    letters = [c for c in name if c.isupper()] or list(name[:1].upper())
    if len(letters) < 2:
        return False
    initials = "".join(w[0].upper() for w in words)
    at = 0
    for c in letters:
        at = initials.find(c, at) + 1
        if at == 0:
            return False
    return initials[0] == letters[0]


def _training_words(tk: Tokens, i: int, pats: Patterns) -> tuple[int, int] | None:
    """Tokens [a, b) of a training written in Chinese at position i (spaces skipped), one of `[chain].training`
    (`指令微调`, `蒸馏`), the longest; None if there is none."""
    texts = tk.texts
    while i < tk.n and tk.space(i):
        i += 1
    k = i
    while k < tk.n and k - i < 6 and _CJK_CHAR.match(texts[k]):
        k += 1
    for end in range(k, i + 1, -1):
        if "".join(texts[i:end]) in pats.training:
            return i, end
    return None


def _next_is_kind(tk: Tokens, i: int, pats: Patterns) -> bool:
    """Does a technique word (`方法`, `结构`, `机制`) start at token i (and not a longer word: `结构化`)?"""
    word = _next_word(tk, i, pats) or ""
    while i < tk.n and tk.space(i):
        i += 1
    longer = _CJK_CHAR.match(word) and tk.text(i + len(word), i + len(word) + 1) == "化"
    return pats.kind_words.get(word) == "technique" and not longer


class ContextRecogniser(_Component):
    """Capitalised words that their context shows to be names, and the kind of every unknown name."""

    def __init__(self, vocabulary: Vocabulary, patterns: Patterns) -> None:
        self.vocabulary = vocabulary
        self.patterns = patterns
        self._capitalised: dict[str, bool] = {}  # word -> a capitalised word that may be a name
        self._not_modes = patterns.not_names | patterns.modifiers

    def _may_name(self, word: str) -> bool:
        if len(self._capitalised) > _WORD_CACHE:
            self._capitalised.clear()
        ok = self._capitalised[word] = (capitalised_word(word) or short_acronym(word) or versioned_word(word)
                                        or _GREEK_RELEASE.fullmatch(word) is not None) \
            and word not in self.patterns.not_names and _folds(word)[0] not in self.vocabulary.stop
        return ok

    def __call__(self, doc: Doc) -> Doc:
        pats = self.patterns
        tk = tokens_of(doc)
        names = list(doc_names(doc))
        texts, ws = tk.texts, tk.ws
        known = self._capitalised
        get = known.get
        candidates = list(compress(range(tk.n), map(get, texts, repeat(True))))
        if not candidates and not names and LINKS not in doc.user_data:
            doc.user_data[NAMES] = names  # no name, and no word that may be one: nothing to find or type
            return doc
        taken = {i for s in names for i in range(s.start, s.end)} if candidates else set()
        cue_end = {c.end: pats.cues[c.label.split("|")[0]] for c in doc_cues(doc)} if candidates else {}
        cue_start = {c.start: pats.cues[c.label.split("|")[0]] for c in doc_cues(doc)} if candidates else {}
        looks_back = {c.start for c in doc_cues(doc) if any(_looks_back(pats.cues[k]) for k in c.label.split("|"))} \
            if candidates else set()
        ends = {s.end for s in names}
        starts = {s.start for s in names}
        listed = self._listed_on(tk, names, pats) if looks_back else {}
        n = tk.n
        for i in candidates:
            word = texts[i]
            if not (known[word] if word in known else self._may_name(word)) or i in taken \
                    or (i + 1 < n and texts[i + 1] == "-"):
                continue  # `Position-aware` is an adjective, not a name
            if i + 2 < n and texts[i + 1] == "et" and texts[i + 2].startswith("al"):
                continue  # `[Chen et al., 2023a]`: authors cited, no work named
            if ws[i] and i + 1 in taken:
                continue  # `Partial LoRA`: a capitalised word before a name modifies it
            after = _counted_word(tk, i + 1, pats) or _next_word(tk, i + 1, pats)  # (`X 两个数据集`)
            before = _prev_word(tk, i - 1, pats)
            if short_acronym(word):
                # two capitals name a thing only where a cue holds them tight: `在AE基础上`, `基于AE`, `SD model`
                held = cue_end.get(i) or (cue_start.get(i + 1) if not ws[i] else None)
                if (held is not None and held.relation in ("buildsOn", "comparesTo", "uses")) \
                        or pats.kind_words.get(after or "") == "model":
                    names.append(Name(i, i + 1, "", "", "context"))
                    ends.add(i + 1)
                continue
            cue = _cue_before(cue_end, tk, i)
            near_cue = _cue_before(cue_end, tk, i, reach=1)
            if (
                (cue is not None and cue.relation == "proposes")
                or (near_cue is not None and near_cue.relation in ("buildsOn", "comparesTo", "uses"))
                or _listed_after_name(tk, i, ends, pats)
                or _between_names(tk, i, ends, starts, pats)
                or (after is not None and pats.kind_words.get(after) in ("model", "dataset", "metric"))
                or (before is not None and pats.kind_words.get(before) in ("dataset", "metric"))
                or _before_cue(looks_back, tk, i, listed)
                or _evaluated_on(tk, Name(i, self._title_run(tk, i, taken), "", "", ""))
            ):
                span = _with_version(tk, Name(i, self._title_run(tk, i, taken), "", "", "context"),
                                     self.patterns.tiers, self._not_modes)
                names.append(span)
                taken.update(range(i, span.end))
                ends.add(span.end)
        names.sort(key=_start)
        names = self._with_name_words(tk, names, doc_cues(doc))
        names = _without_expansions(tk, names, pats)
        if LINKS in doc.user_data:
            names = _with_links(doc, names, self.vocabulary)
        typed = [self._typed(tk, s) if not s.label else s for s in names]
        typed = _acronym_kinds(tk, typed, pats, doc_cues(doc))
        doc.user_data[NAMES] = _plural_kinds(tk, typed, pats) if len(typed) > 1 else typed
        return doc

    def _with_name_words(self, tk: Tokens, names: list[Name], cues: list[CueMark]) -> list[Name]:
        """`Drisk attention`, `KGW watermark`, `Holm positional encoding`, `Yarrow routing`: a word of a name's
        form that no vocabulary knows, one space before a generic technique written in lower case (a technique
        the vocabulary knows, or a term's head word), names that one specific technique with it; the generic word
        stays what it is where it stands alone. `Mask DINO`: a capitalised word no vocabulary knows before a name
        it knows makes another work of that kind. Not a word that only modifies (`Partial`, `Relative`), one that
        opens an English sentence (`Sparse attention is…`), nor an acronym the words spell out (`GAP global
        average pooling`)."""
        texts, ws, n = tk.texts, tk.ws, tk.n
        heads = [i for i in compress(range(n - 1), ws)  # (most tokens, Chinese ones, have no space after them)
                 if texts[i][:1].isupper() and is_latin(texts[i]) and is_latin(texts[i + 1])]
        if not heads:
            return names
        cued = {k for c in cues for k in range(c.start, c.end)}
        at = {i: s for s in names for i in range(s.start, s.end)}
        out = list(names)
        for i in heads:
            word = texts[i]
            if i in cued:
                continue  # `Combine transformer based LMs…`: a cue's word, no name's
            own = at.get(i)
            if own is not None and (own.start != i or own.end != i + 1 or own.kb_id):
                continue  # a word inside a longer name, or one a vocabulary knows (`Transformer attention`)
            if own is None and not ((capitalised_word(word) or name_form(word)) and self._may_name(word)
                                    and _lookup(self.vocabulary, word) is None):
                continue
            if self._modifies(word) or _opens_sentence(tk, i):
                continue
            after = at.get(i + 1)
            if own is None and after is not None and after.start == i + 1 and after.kb_id \
                    and after.label in _NAMED_KINDS and texts[i + 1][:1].isupper():
                end, kind = after.end, after.label  # `Mask DINO`: a name word before a name makes another work
            else:
                found = self._generic_technique(tk, i + 1, at) if texts[i + 1][:1].islower() else None
                if found is None:
                    continue
                end, kind = found, "technique"
            if _spells(word, [t for t in texts[i + 1 : end] if not t.isspace()]):
                continue
            inside = {at[k] for k in range(i, end) if k in at}
            out = [s for s in out if s not in inside]
            out.append(Name(i, end, kind, "", "context.typed"))
            for k in range(i, end):
                at[k] = out[-1]
        if len(out) != len(names) or out != names:
            out.sort(key=_start)
        return out

    def _modifies(self, word: str) -> bool:
        """`Partial`, `Vanilla`, `Relative`: an ordinary word that modifies the name after it; `Transformer`,
        `Diffusion`: a generic word (a term's head, a kind word) written with a capital."""
        pats = self.patterns
        low = word.lower()
        singular = low[:-1] if low.endswith("s") else low
        return word in pats.modifiers or (capitalised_word(word) and low.endswith(pats.modifier_suffixes)) \
            or low in pats.term_heads or singular in pats.term_heads or low in pats.kind_words

    def _generic_technique(self, tk: Tokens, a: int, at: dict[int, Name]) -> int | None:
        """The end of the generic technique written in lower case from token a (`attention`, `positional
        encoding`, `routing`), the longest, up to three words; None if none starts there. Names inside it must be
        techniques a vocabulary knows and lie wholly in it."""
        pats = self.patterns
        texts, ws = tk.texts, tk.ws
        words: list[int] = []
        j = a
        while j < tk.n and len(words) < 3 and is_latin(texts[j]) and texts[j].islower() \
                and texts[j] not in pats.term_ends:
            words.append(j)
            if not ws[j]:
                break
            j += 1
        for last in reversed(words):
            end = last + 1
            inside = {at[k] for k in range(a, end) if k in at}
            if any(s.start < a or s.end > end or not s.kb_id or s.label != "technique" for s in inside):
                continue
            head = texts[last]
            singular = head[:-1] if head.endswith("s") else head
            known = len(inside) == 1 and next(iter(inside))[:2] == (a, end)
            if known or ((head in pats.term_heads or singular in pats.term_heads)
                         and pats.kind_words.get(head, "technique") == "technique"):
                return end
        return None

    def _listed_on(self, tk: Tokens, names: list[Name], pats: Patterns) -> dict[int, int]:
        """Where a list connector (no comma: that may end a clause) is followed by a name or a word that may be
        one -> where that name ends: `和LLM-Pruner`, `、Wanda`."""
        texts, n = tk.texts, tk.n
        ends = {s.start: s.end for s in names}
        out: dict[int, int] = {}
        for j in range(n - 1):
            if tk.lower[j] not in pats.connectors or texts[j] in (",", "，", "；"):
                continue
            k = j + 1
            while k < n and texts[k].isspace():
                k += 1
            if k in ends:
                out[j] = ends[k]
            elif k < n and self._may_name(texts[k]):
                out[j] = k + 1
        return out

    def _title_run(self, tk: Tokens, i: int, taken: set[int]) -> int:
        """`Naive Dynamic Resolution`: capitalised words that follow a name word, one space apart, are one name
        with it (four words at most)."""
        texts, ws, known = tk.texts, tk.ws, self._capitalised
        j = i + 1
        while j < tk.n and j - i < 4 and ws[j - 1] and j not in taken and (
                (capitalised_word(texts[j]) and (known[texts[j]] if texts[j] in known else self._may_name(texts[j])))
                or _LETTER_PART.fullmatch(texts[j])):
            j += 1  # (`Open X-Embodiment`: a capital letter alone may open a hyphenated word of a name)
        if j < tk.n and j - i < 4 and ws[j - 1] and j not in taken and capitalised_word(texts[j]) \
                and texts[j] not in self.patterns.not_names and texts[j] not in self.patterns.modifiers:
            j += 1  # `Perception Encoder`: a generic word written with a capital ends the name
        return j

    def _typed(self, tk: Tokens, span: Name) -> Name:
        kind, typed = kind_from_context(tk, span, self.patterns)
        if kind == "model" and not typed and self._technique_variant(tk.text(span.start, span.end)):
            kind, typed = "technique", True
        return Name(span.start, span.end, kind, "", f"{span.rule}.typed" if typed else span.rule)

    def _technique_variant(self, text: str) -> bool:
        """`Diffusion-DPO`, `Step-DPO`, `2D-RoPE`: a name no vocabulary knows whose last hyphenated part is a
        technique one knows, and whose first part is no work it knows (`LLaVA-RLHF` is a model), is a variant of
        that technique."""
        head, _, last = text.rpartition("-")
        if not head or not last or any(part.endswith("RM") for part in text.split("-")):
            return False  # (`Braid-PRM`, `GenRM-CoT`: a reward model, `…RM`, is a model)
        concept = _lookup(self.vocabulary, last)
        if concept is None or concept.kind != "technique":
            return False
        first = _lookup(self.vocabulary, head.split("-")[0])
        return first is None or first.kind not in ("model", "paper", "dataset", "organization")


def _acronym_kinds(tk: Tokens, names: list[Name], pats: Patterns, cues: list[CueMark]) -> list[Name]:
    """An acronym no vocabulary knows and nothing around it types (`CISPO`, `RLVR`, `BFS 或 DFS`, `MLA + MoE`)
    names a method, loss or trick more often than a model: a technique, unless it stands in a list whose other
    names are models (`对比了 MoCoGAN、PVDM 和 LVDM`, `Mamba-Llama-3-8B and SUPRA`); in a list it takes the kind
    most of the others have (a tie, a model). One that plays a part of a system (`generator 用的 PLBART`) or
    that a cue names as a later work built on the entry (`为后续DALLE和VQGAN的出现做了铺垫`) is a model. Its kind
    stays a default, which a stated kind elsewhere outweighs."""
    out = list(names)
    inbound: set[int] | None = None  # where cues of later works start
    for k, span in enumerate(names):
        if span.end - span.start != 1 or span.label != "model" or span.kb_id or span.rule.endswith(".typed") \
                or not _ACRONYM.fullmatch(tk.texts[span.start]):
            continue
        if _plays_role(tk, span, pats) or _on_it(tk, span):
            continue
        kinds: Counter[str] = Counter()
        last = k
        for step in (-1, 1):
            j = k
            while 0 <= j + step < len(names):
                a, b = (names[j + step], names[j]) if step < 0 else (names[j], names[j + step])
                between = tk.text(a.end, b.start).lower().split()
                if not between or not all(w in pats.connectors for w in between):
                    break
                j += step
                last = max(last, j)
                other = names[j]
                if other.kb_id or other.rule.endswith(".typed") \
                        or not _ACRONYM_OR_PAIR.fullmatch(tk.text(other.start, other.end)):
                    kinds[other.label] += 1
        if inbound is None:
            inbound = {c.start for c in cues if any(pats.cues[w].relation == "inbound" for w in c.label.split("|"))}
        if inbound and _cue_within(tk, names[last].end, inbound):
            continue
        kind = "technique" if not kinds else max(sorted(kinds), key=lambda w: (kinds[w], w == "model"))
        if kind in _NAMED_KINDS and kind != span.label:  # (`Inria, MPI Informatik`: no work)
            out[k] = Name(span.start, span.end, kind, "", span.rule)
    return out


def _cue_within(tk: Tokens, i: int, starts: set[int], reach: int = 8) -> bool:
    """Does one of the cues starting at `starts` start within `reach` tokens (spaces aside) after position i, in
    the same clause?"""
    seen = 0
    while i < tk.n and seen <= reach:
        if i in starts:
            return True
        if tk.texts[i] in _SENTENCE_MARKS or tk.texts[i] in ("，", "；", "。"):
            return False
        seen += not tk.texts[i].isspace()
        i += 1
    return False


def _on_it(tk: Tokens, span: Name) -> bool:
    """`MGSM 上比 X 提升`, `在 GSMQ 上`, `results on MTQE`: what a work is run on is data, no technique."""
    if tk.text(span.end, min(tk.n, span.end + 2)).lstrip().startswith("上"):
        return True
    k = span.start - 1
    while k >= 0 and tk.texts[k].isspace():
        k -= 1
    return k >= 0 and tk.lower[k] in ("on", "在")


def _plays_role(tk: Tokens, span: Name, pats: Patterns) -> bool:
    """`generator 用的 PLBART`, `retriever 参考了 DPR`, `teacher 是 SVD`, `DPT decoder`: a name said to play a
    part of a system (a role word a few words before it, or right after it) is a model."""
    after = tk.text(span.end, min(tk.n, span.end + 4)).lstrip().lower()
    if (_next_word(tk, span.end, pats) or "") in pats.model_roles \
            or any(after.startswith(w) for w in pats.model_roles if not w.isascii()):
        return True
    k, seen = span.start - 1, 0
    while k >= 0 and seen < 6 and tk.texts[k] not in _SENTENCE_MARKS and tk.texts[k] not in ("，", "；", "。"):
        if tk.lower[k] in pats.model_roles or any(tk.text(k, span.start).startswith(w) for w in pats.model_roles
                                                  if not w.isascii()):
            return True
        seen += not tk.texts[k].isspace()
        k -= 1
    return False


def _plural_kinds(tk: Tokens, names: list[Name], pats: Patterns) -> list[Name]:
    """`on the SIFT1M and Deep1B datasets`, `the Foo, Bar and Baz benchmarks`: a kind word in the plural after a
    list says the kind of every name of it, not only of the last; a name a vocabulary knows keeps its kind, and
    one whose own context typed it keeps that."""
    out = list(names)
    for k in range(len(out) - 1, 0, -1):
        last = out[k]
        if not last.rule.endswith(".typed"):
            continue
        counted = _counted_word(tk, last.end, pats)  # `X、Y、Z 三个数据集`, `X和Y等数据集`: Chinese says the plural so
        if counted is None or pats.kind_words.get(counted) != last.label:
            after = _next_word(tk, last.end, pats)
            if not after or not after.endswith("s") \
                    or pats.kind_words.get(after[:-1]) != last.label or pats.kind_words.get(after) != last.label:
                continue
        j = k
        while j > 0:
            between = tk.text(out[j - 1].end, out[j].start).strip()
            if not between or between.lower() not in pats.connectors:
                break
            j -= 1
            named = out[j]
            if not named.kb_id and not named.rule.endswith(".typed"):
                out[j] = Name(named.start, named.end, last.label, "", f"{named.rule}.typed")
    return out


_COUNT = re.compile(r"\s*(?:等|(?:[0-9一二两三四五六七八九十几多]+)\s*(?:个|种|项|类|大))\s*")


def _counted_word(tk: Tokens, i: int, pats: Patterns) -> str | None:
    """The kind word after a count or 等 at token i (`四个数据集`, `两个 benchmark`, `等数据集`), None if none."""
    if i >= tk.n or not (tk.texts[i] == "等" or tk.texts[i].isdigit() or tk.texts[i] in _COUNT_START):
        return None
    m = _COUNT.match(tk.text(i, min(tk.n, i + 8)))
    if m is None:
        return None
    k = i
    length = 0
    while k < tk.n and length < m.end():
        length += len(tk.texts[k]) + (1 if tk.ws[k] else 0)
        k += 1
    return _next_word(tk, k, pats) if length == m.end() else None


_COUNT_START = frozenset("一二两三四五六七八九十几多")


def kind_from_context(tk: Tokens, span: Name, pats: Patterns) -> tuple[str, bool]:
    """(kind, whether the words around the name said so): `X数据集`/`dataset X` -> dataset; `X benchmark`/
    `DrawBench` -> metric; `X方法`/`X attention` -> technique; `X model`/`X模型` -> model; otherwise a model
    by default (a name in notes is most often a model), which counts for less when names are resolved."""
    text = tk.text(span.start, span.end).lower()
    if text.endswith(pats.metric_suffixes):
        return "metric", True
    if text.endswith(pats.dataset_suffixes) or (_DATA_COUNT.search(text) and not _MODEL_SIZE.search(text)):
        return "dataset", True
    last = _LAST_PART.split(text)[-1]
    if last != text and pats.kind_words.get(last) in ("technique", "dataset", "metric"):
        return pats.kind_words[last], True  # `Pairwise Margin Loss`, `QK-Norm`: the name's own last word says
    after = _counted_word(tk, span.end, pats) or _next_word(tk, span.end, pats)
    if span.start > 0 and span.end < tk.n and tk.texts[span.end] == _OPEN_PAREN.get(tk.texts[span.start - 1]):
        after = _next_word(tk, span.end + 1, pats)  # `Shortcut-connected MoE（ScMoE）结构`: the word after the bracket
    before = _prev_word(tk, span.start - 1, pats)
    for word in (after, before):
        kind = pats.kind_words.get(word or "")
        if kind in ("dataset", "metric", "technique"):
            if word == before and kind == "technique":
                continue
            return kind, True
    if _evaluated_on(tk, span):
        return "dataset", True
    if pats.role_verbs and _technique_by_role(tk, span, pats):
        return "technique", True
    return "model", pats.kind_words.get(after or "") == "model"


def _technique_by_role(tk: Tokens, span: Name, pats: Patterns) -> bool:
    """`优化器用的是 Muon`, `RL 算法提出 CISPO`, `位置编码提出 MSRoPE`, `attention 沿用了 MLA`: a word for a kind of
    technique (Chinese, or an English one of four letters or more), a verb, then the name."""
    if _MODEL_SIZE.search(tk.text(span.start, span.end).lower()):
        return False  # (`对比方法是 Zork-7B`: a model of a size is compared, whatever the method)
    before = "".join(tk.texts[max(0, span.start - 10) : span.start]).rstrip()
    verb = next((v for v in pats.role_verbs if before.endswith(v)), None)
    if verb is None:
        return False
    rest = before[: len(before) - len(verb)].rstrip().rstrip("，,：:").rstrip()  # (`优化器，提出 MuonClip`)
    last = rest.rsplit(None, 1)[-1].lower() if rest else ""
    return (pats.kind_words.get(last) == "technique" and last.isascii() and len(last) > 3) or any(
        rest.endswith(w) for w in pats.cjk_kind_words if len(w) > 1 and pats.kind_words[w] == "technique")


_LAST_PART = re.compile(r"[\s-]+")
# an acronym of three to six capitals (`CISPO`, `RLVR`); two (`AE`, `SD`) are read only where a cue holds them
_ACRONYM = re.compile(r"[A-Z]{3,6}")
_ACRONYM_OR_PAIR = re.compile(r"[A-Z]{2,6}")  # (`PI、NTK、YaRN`: two capitals say no kind of a list either)
# a name that ends in a count of thousands of examples or trillions of tokens is data (`PRM800K`,
# `WeaveQA-500K`, `Quarry-3T`), unless it also gives a model's size (`Yi-34B-200K`: a context length)
_DATA_COUNT = re.compile(r"(?<![a-z])\d+(?:\.\d+)?[kt]$|[a-z]\d+k$")
_MODEL_SIZE = re.compile(r"\d(?:\.\d+)?[bm](?![a-z])")
_NAMED_KINDS = frozenset(("model", "technique", "dataset", "metric"))  # what a name word before a name may make
_SENTENCE_MARKS = frozenset(".!?;:-*•>#|")


def _opens_sentence(tk: Tokens, i: int) -> bool:
    """Does token i open an English sentence or a line (`- Uses…`, `1. Sparse attention…`), where a capital
    says nothing of a name?"""
    k = i - 1
    while k >= 0 and tk.texts[k].isspace():
        k -= 1
    return k < 0 or tk.texts[k] in _SENTENCE_MARKS


def _looks_back(cue: Cue) -> bool:
    return cue.scope == "before" and cue.relation in ("buildsOn", "comparesTo", "uses", "inbound")


def _before_cue(looks_back: set[int], tk: Tokens, i: int, listed: dict[int, int]) -> bool:
    """`是Pellion的改进版`, `在Pellion基础上`, `与Pellion相比`: a word right before a cue that looks back at the
    work it relates to is that work's name; so is one a list of names joins to such a cue (`与Wanda和LLM-Pruner
    相比`). `looks_back`: where such cues start; `listed`: where a list goes on after a connector (at a name or
    a word that may be one) -> where that name ends."""
    texts, n = tk.texts, tk.n
    j = i + 1
    for _ in range(8):
        while j < n and texts[j].isspace():
            j += 1
        if j in looks_back:
            return True
        if j not in listed:
            return False
        j = listed[j]
    return False


_EVALUATED = re.compile(r"^\s*(?:数据集|测试集|验证集)?\s*上\s*(?:的)?\s*(?:表现|评估|评测|测试|取得|达到|得到|"
                        r"的结果|结果|的效果|效果|的性能|性能|的得分|得分|差|好|超过|优于|刷新|SOTA)")


def _evaluated_on(tk: Tokens, span: Name) -> bool:
    """`在CUB上表现…`, `在X上达到SOTA`: what a work is evaluated on is data."""
    k = span.start - 1
    while k >= 0 and tk.space(k):
        k -= 1
    if k < 0 or tk.texts[k] != "在":
        return False
    return bool(_EVALUATED.match(tk.text(span.end, span.end + 8)))


def _next_word(tk: Tokens, i: int, pats: Patterns) -> str | None:
    """The next word after position i: a Latin token, or a run of up to four Chinese characters matched
    against the kind words (`数据集`; a one-character one, `BLEU 分`, only where no other character follows)."""
    texts = tk.texts
    n = tk.n
    while i < n and texts[i].isspace():
        i += 1
    if i >= n:
        return None
    if _CJK_CHAR.match(texts[i]):
        run = "".join(texts[i : i + 4])
        for k in (4, 3, 2):
            if run[:k] in pats.cjk_kind_words:
                return run[:k]
        if run[:1] in pats.cjk_kind_words and not _CJK_CHAR.match(run[1:2]):
            return run[:1]
        return run[:2]
    return tk.lower[i]


def _prev_word(tk: Tokens, i: int, pats: Patterns) -> str | None:
    if i < 0:
        return None
    texts = tk.texts
    if _CJK_CHAR.match(texts[i]):
        run = "".join(texts[max(0, i - 3) : i + 1])
        for k in (4, 3, 2):
            if run[-k:] in pats.cjk_kind_words:
                return run[-k:]
        return run[-2:]
    return tk.lower[i]


def _cue_before(cue_end: dict[int, Cue], tk: Tokens, i: int, reach: int = 6) -> Cue | None:
    """The cue that ends within `reach` tokens (spaces aside) before position i, if any."""
    if not cue_end:
        return None
    texts = tk.texts
    k, seen = i, 0
    while k >= 0 and seen <= reach:
        if k in cue_end:
            return cue_end[k]
        k -= 1
        if k >= 0 and not texts[k].isspace():
            seen += 1
    return None


def _listed_after_name(tk: Tokens, i: int, ends: set[int], pats: Patterns) -> bool:
    """`SD2、Divter`, `BLIP-2和Flamingo`, `+ Vicuna`: a word joined to a name by a list connector."""
    texts = tk.texts
    k = i - 1
    while k >= 0 and texts[k].isspace():
        k -= 1
    if k < 0 or tk.lower[k] not in pats.connectors or texts[k] in (",", "，"):
        return False
    k -= 1
    while k >= 0 and texts[k].isspace():
        k -= 1
    return k + 1 in ends



def _between_names(tk: Tokens, i: int, ends: set[int], starts: set[int], pats: Patterns) -> bool:
    """`vs PPO, Unlikelihood, Best-of-N`: a word with a name on each side, joined to both by list connectors
    (commas too: a list that goes on past the word is no clause boundary)."""
    texts, n = tk.texts, tk.n
    k = i - 1
    while k >= 0 and texts[k].isspace():
        k -= 1
    if k < 1 or tk.lower[k] not in pats.connectors:
        return False
    k -= 1
    while k >= 0 and texts[k].isspace():
        k -= 1
    if k + 1 not in ends:
        return False
    j = i + 1
    while j < n and texts[j].isspace():
        j += 1
    if j >= n or tk.lower[j] not in pats.connectors:
        return False
    j += 1
    while j < n and texts[j].isspace():
        j += 1
    return j in starts


# ---------------------------------------------------------------------------------------------- assembly


def tokenizer_only() -> Language:
    """The tokenizer alone: the floor the benchmark compares the whole build against."""
    nlp = spacy.blank("xx")
    nlp.tokenizer = MixedTokenizer(nlp.vocab)
    return nlp


def _dirs(vocab_dir: str, patterns_dir: str) -> tuple[Vocabulary, Patterns]:
    vocabulary = load_vocabulary(Path(vocab_dir)) if vocab_dir else load_vocabulary()
    patterns = load_patterns(Path(patterns_dir)) if patterns_dir else load_patterns()
    return vocabulary, patterns


@Language.factory("kg_vocabulary", default_config={"vocab_dir": "", "patterns_dir": ""})
def _vocabulary_factory(nlp: Language, name: str, vocab_dir: str, patterns_dir: str) -> VocabularyMatcher:
    return VocabularyMatcher(_dirs(vocab_dir, patterns_dir)[0])


@Language.factory("kg_form", default_config={"vocab_dir": "", "patterns_dir": ""})
def _form_factory(nlp: Language, name: str, vocab_dir: str, patterns_dir: str) -> FormRecogniser:
    return FormRecogniser(*_dirs(vocab_dir, patterns_dir))


@Language.factory("kg_cues", default_config={"vocab_dir": "", "patterns_dir": ""})
def _cue_factory(nlp: Language, name: str, vocab_dir: str, patterns_dir: str) -> CueMatcher:
    return CueMatcher(_dirs(vocab_dir, patterns_dir)[1])


@Language.factory("kg_terms", default_config={"vocab_dir": "", "patterns_dir": ""})
def _term_factory(nlp: Language, name: str, vocab_dir: str, patterns_dir: str) -> TermRecogniser:
    return TermRecogniser(*_dirs(vocab_dir, patterns_dir))


@Language.factory("kg_context", default_config={"vocab_dir": "", "patterns_dir": ""})
def _context_factory(nlp: Language, name: str, vocab_dir: str, patterns_dir: str) -> ContextRecogniser:
    return ContextRecogniser(*_dirs(vocab_dir, patterns_dir))


PIPE_NAMES = ("kg_vocabulary", "kg_form", "kg_cues", "kg_terms", "kg_context")


def build_pipeline(vocab_dir: Path | None = None, patterns_dir: Path | None = None) -> Language:
    """`spacy.blank` with the mixed tokenizer and the four rule components; nothing is downloaded."""
    nlp = tokenizer_only()
    config = {"vocab_dir": str(vocab_dir or ""), "patterns_dir": str(patterns_dir or "")}
    for name in PIPE_NAMES:
        nlp.add_pipe(name, config=config)
    return nlp
