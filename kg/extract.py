"""Entries -> mentions and relations, each relation with its sentence, line and rule.

The pipeline (kg.pipeline) marks names and cues on each line; here the cues are read the way a person reads a
note: a cue governs the list of names in its scope (`比DALLE2, GLIDE, VQGAN+CLIP的结果都要好` -> three edges), the
subject is the entry's work unless the clause opens with another work's name, `A + B + C` architecture lines name
what the work uses, and `为后续X做了铺垫` says that X builds on the entry.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import tomllib
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import DataError
from kg.model import Entry, Extraction, Kind, Line, Mention, Relation, RelationName
from kg.paths import PATTERNS_DIR
from kg.pipeline import (
    Cue,
    CueMark,
    Name,
    Patterns,
    Tokens,
    build_pipeline,
    capitalised_word,
    doc_cues,
    doc_names,
    is_latin,
    linked_doc,
    load_patterns,
    tokens_of,
)
from kg.vocab import Concept, Vocabulary, fold, load_vocabulary

_CLAUSE_END = frozenset("；;。！？!?：:\n")
_SOFT_END = frozenset("，,")
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])|(?<=\.)(?=\s)")
_NUMBERING = re.compile(r"^\s*(?:[-*+]\s+|\d{1,3}[.)、]\s*)+")
_OPEN = frozenset("（([")  # `[Chen et al., 2023a]`: a citation after a name is a remark, as a bracket is
_CLOSE = frozenset("）)]")
_NOT_RELATED: frozenset[str] = frozenset({"organization", "person"})
_WORKS = frozenset({"model", "paper"})
_TITLE_KIND = (
    (re.compile(r"\bbenchmark|评测基准|基准", re.I), "metric"),
    (re.compile(r"\bdataset|\bcorpus|数据集", re.I), "dataset"),
)
_ORG_HEAD = r"(?:大学|学院|研究院|实验室|研究所|研究中心|公司|集团|科技)"
# the words an organisation's name ends in (`Horizon Research`, `NUS Show Lab`): one by itself names none
_ORG_HEAD_WORDS = ("University", "Institute", "Laboratory", "Labs", "Lab", "Research", "AI", "Inc", "Group",
                   "College", "Center", "Centre", "Academy", "School", "Department")
_ORG_SUFFIX = re.compile(
    # `A和B大学`: B; a head may go on to a longer name (`新加坡科技设计大学`, not `新加坡科技` and `设计大学`)
    rf"(?![和与及跟同])[\u4e00-\u9fff]{{2,12}}?{_ORG_HEAD}(?:(?![和与及跟同的、])[\u4e00-\u9fff]{{1,6}}?{_ORG_HEAD})*"
    r"|(?:University|Univ\.|Institute|College) of(?: [A-Z][\w&.'-]*)+"
    rf"|(?:[A-Z][\w&.'-]*\s+){{1,4}}(?:{'|'.join(_ORG_HEAD_WORDS)})\b\.?"
)
_VENUE = re.compile(r"(?<![\w-])([A-Z][A-Za-z-]+)(?:\s+(?:Findings|Workshops?|Oral|Spotlight|Poster))?"
                    r"(?=\s+(?:'\d\d|(?:19|20)\d\d)(?![\d.]\d))")
# where a title's headline ends: a colon, a dash or a preposition after it (`… Attention: Hardware-Aligned …`,
# `… Optimization with a Reference-Free Reward`)
_HEADLINE_END = re.compile(r"\s*[:：—–]\s*|\s+-\s+|\s+(?:for|with|via|through|in|on|from|using|by|to|towards|"
                           r"without|beyond|under|at|as)\s+", re.IGNORECASE)
_KIND_TAIL = re.compile(r"\s*(?:models?|模型)$", re.IGNORECASE)
_ORG_SLOT_END = re.compile(r"的|出品|领衔|发表|把|，|。|；|(?<=[\u4e00-\u9fff]),")


class _Found(NamedTuple):
    """A relation before it is turned into a Relation: names, not mentions."""

    subject: Name | None  # None: the entry's work
    predicate: str
    object: Name | None  # None: the entry's work (inbound)
    rule: str


class Extractor:
    """Holds the pipeline and the data it was built from; `extract` is the pure part."""

    def __init__(self, vocab_dir: Path | None = None, patterns_dir: Path | None = None) -> None:
        self.vocabulary: Vocabulary = load_vocabulary(vocab_dir) if vocab_dir else load_vocabulary()
        self.patterns: Patterns = load_patterns(patterns_dir) if patterns_dir else load_patterns()
        self.labels: Labels = load_labels(patterns_dir or PATTERNS_DIR)
        self.nlp: Language = build_pipeline(vocab_dir, patterns_dir)
        # the Chinese words that say a name is data or a benchmark (`基准`, `数据集`): `X 基准上` is where a work
        # is measured
        # the cues whose objects are of a kind (`以 X 为训练集`: data), by rule id
        self._object_kinds = {c.id: c.object_kind for c in self.patterns.cues.values() if c.object_kind}
        self._places = tuple(sorted(w for w in self.patterns.cjk_kind_words
                                    if self.patterns.kind_words[w] in ("dataset", "metric") and len(w) > 1))
        # what a name yields, by its text, label, concept and rule: a log names the same things again and again
        self._mentions: dict[tuple[str, str, str, str], tuple[str, Kind, str | None, str, str]] = {}
        self._concepts: dict[str, Concept | None] = {}  # an alias -> the concept it names

    def _lookup(self, name: str) -> Concept | None:
        """`vocabulary.lookup`, remembered."""
        if name in self._concepts:
            return self._concepts[name]
        if len(self._concepts) > 200_000:
            self._concepts.clear()
        found = self._concepts[name] = self.vocabulary.lookup(name)
        return found

    def _without_venues(self, text: str) -> str:
        """`*Interspeech 2023, Apple*` -> `*, Apple*`: a word no vocabulary knows as an organisation, right before a
        year (or before `Findings`, `Workshop` and a year), names where the work appeared (`NeurIPS 2023`, `ACL
        Findings 2024`), not who wrote it; the year stays for the date."""
        if not _VENUE.search(text):
            return text

        def venue(m: re.Match[str]) -> str:
            concept = self._lookup(m.group(1))
            if concept is not None and concept.kind == "organization":
                return m.group()
            return ""

        return _VENUE.sub(venue, text)

    def extract(self, entries: Sequence[Entry]) -> tuple[Extraction, ...]:
        texts: list[str | Doc] = []
        bodies = [_unwrapped(entry, self.labels) for entry in entries]
        for entry, body in zip(entries, bodies, strict=True):
            texts.append(_org_slot(self._without_venues(entry.orgs_text)))
            texts.extend(linked_doc(self.nlp, line.text, line.links) if line.links else line.text for line in body)
        docs = iter(self.nlp.pipe(texts))
        out = []
        for entry, body in zip(entries, bodies, strict=True):
            org_doc = next(docs)
            line_docs = [(line, next(docs)) for line in body]
            out.append(self._one(entry, org_doc, line_docs))
        return tuple(out)

    # ------------------------------------------------------------------------------------------ one entry

    def _one(self, entry: Entry, org_doc: Doc, line_docs: list[tuple[Line, Doc]]) -> Extraction:
        orgs = tuple(self._orgs(entry, org_doc))
        org_texts = {o.text for o in orgs}  # and the venues of the publication line: no works it mentions
        org_texts.update(v for v in _VENUE.findall(entry.orgs_text) if v not in org_texts)
        org_prefixes = tuple(sorted(org_texts))  # (`腾讯混元` names the team of 腾讯)
        mentions: list[Mention] = []
        relations: list[Relation] = []
        self_keys = {_fold(entry.alias)} if entry.alias else set()
        if entry.alias:
            concept = self._lookup(entry.alias)
            if concept is not None:
                self_keys.add(_fold(concept.label))
            tail = entry.alias.rpartition("-")[2]
            if tail != entry.alias and _RELEASE_TAIL.fullmatch(tail):
                self_keys.add(_fold(tail))  # `R1` in the notes of DeepSeek-R1 is the work itself
        labels = [self.labels.of(line.text) for line, _ in line_docs]  # `Baselines: A, B, C`, `+ X`
        bullets = {label.mark for label in labels if label is not None and label.mark}
        if bullets:  # a sign every note line opens with (two lines or more) is the list's bullet
            bullets = {b for b in bullets if sum(1 for label in labels if label is not None) > 1 and all(
                (label is not None and label.mark == b) or not line.text.strip()
                for label, (line, _) in zip(labels, line_docs, strict=True))}
        for (line, doc), label in zip(line_docs, labels, strict=True):
            names = doc_names(doc)
            if not names and label is None:
                continue  # no name, no mention and no relation: every relation has a named end
            tk = tokens_of(doc)
            if label is not None and label.mark in bullets:
                label = None
            end = 0  # where the label's list ends
            if label is not None:
                end = len(line.text) if label.mark else \
                    _label_scope_end(line.text, label.end, tk, names, self.patterns.abbreviations)
                items = self._label_items(tk, label, end, names)  # `Components: length-normalized reward`
                if items:
                    names = sorted(names + items, key=lambda s: s.start)
            if not names:
                continue
            of_line: dict[Name, Mention] = {}  # the mention of each name of the line
            publication = line.text.strip() == entry.orgs_text
            for span in names:
                mention = of_line[span] = self.mention(tk, span, line.number, entry)
                if label is not None and label.kind and not span.kb_id and mention.kind == "model" \
                        and tk.offset(span.start) >= label.end and not _MODEL_SIZE.search(mention.text):
                    mention = of_line[span] = Mention(mention.text, _kind(label.kind), None, mention.canonical,
                                                      mention.line, f"{mention.rule}.label")
                if publication and (span.label in ("organization", "person") or mention.text.startswith(org_prefixes)):
                    continue  # the publication line's organisations are publishedBy, not mentions
                mentions.append(mention)
            related: set[Name] = set()  # the objects the line's cues give
            for found, quote in self._relations(tk, names, doc_cues(doc)):
                if label is not None and found.rule == _LISTED:
                    continue  # `Baselines: PPO, DPO`: the label says what its list is
                if label is not None and found.subject is not None \
                        and label.end <= tk.offset(found.subject.start) < end:
                    # `数据集: SAM（用LLaVA打caption）`: a label's list holds objects, the work does what it says
                    found = found._replace(subject=None)
                if found.object is not None and found.rule in self._object_kinds:
                    self._retype(found.object, self._object_kinds[found.rule], of_line, mentions)
                rel = self._relation(found, quote, line.number, of_line, self_keys)
                if rel is not None:
                    relations.append(rel)
                if found.object is not None:
                    related.add(found.object)
            if label is not None:
                quote = _quote(line.text)
                for span in names:
                    if span in related or not label.end <= tk.offset(span.start) < end or span.label in _NOT_RELATED \
                            or (label.kinds and of_line[span].kind not in label.kinds):
                        continue
                    rel = self._relation(_Found(None, label.relation, span, label.rule), quote, line.number,
                                         of_line, self_keys)
                    if rel is not None:
                        relations.append(rel)
        # a method the work introduces is one it employs (`提出了SDF方法` -> proposes and uses SDF)
        relations.extend(
            Relation(r.subject, "uses", r.object, r.quote, r.line, "proposes.uses")
            for r in list(relations)
            if r.predicate == "proposes" and r.subject is None and r.object is not None
            and r.object.kind == "technique" and entry.status == "read"
        )
        if entry.alias:
            alias = self._alias_mention(entry, _title_kind(entry.title, self.patterns.title_techniques), mentions)
            mentions.insert(0, alias)
            relations.insert(0, Relation(None, "proposes", alias, entry.title, entry.line, "alias"))
        return Extraction(entry, orgs, tuple(_unique(mentions)), tuple(_unique(relations)))

    @staticmethod
    def _retype(span: Name, kind: str, of_line: dict[Name, Mention], mentions: list[Mention]) -> None:
        """A name no vocabulary knows that a cue says is data (`以 X 为训练集`) is of that kind, unless its form
        gives a model's size or its context already said what it is."""
        old = of_line.get(span)
        if old is None or old.concept is not None or old.kind != "model" or span.kb_id \
                or span.rule.endswith(".typed") or _MODEL_SIZE.search(old.text):
            return
        new = of_line[span] = dataclasses.replace(old, kind=_kind(kind), rule=f"{old.rule}.cue")
        for k in range(len(mentions) - 1, -1, -1):
            if mentions[k] is old:
                mentions[k] = new
                break

    def mention(self, tk: Tokens, span: Name, line: int, entry: Entry) -> Mention:
        raw = tk.text(span.start, span.end)
        key = (raw, span.label, span.kb_id, span.rule)
        parts = self._mentions.get(key)
        if parts is None:
            if len(self._mentions) > 200_000:
                self._mentions.clear()
            parts = self._mentions[key] = self._mention_parts(raw.strip(), span)
        # the strings are shared by every mention of one name: a large log holds millions of mentions
        return Mention(parts[0], parts[1], parts[2], parts[3], line, parts[4])

    def _mention_parts(self, text: str, span: Name) -> tuple[str, Kind, str | None, str, str]:
        """(text, kind, concept, canonical, rule) of a mention of the name."""
        if span.kb_id:
            concept = self.vocabulary.lookup(text)
            bare = _KIND_TAIL.sub("", text)
            if bare != text and concept is not None and self.vocabulary.lookup(bare) == concept:
                text = bare  # `NMT model` is spelt `NMT`: the kind word is not part of the name
            canonical = concept.label if concept is not None else text
            return text, _kind(span.label), sys.intern(span.kb_id), canonical, sys.intern(span.rule or "vocab")
        scored = self._scored(text)
        if scored is not None:  # `GenEval 0.73` names GenEval
            return scored.label, _kind(scored.kind), scored.id, scored.label, "vocab.score"
        return text, _kind(span.label or "model"), None, text, sys.intern(span.rule or "form")

    def _alias_mention(self, entry: Entry, title_kind: str | None, mentions: list[Mention]) -> Mention:
        assert entry.alias is not None
        concept = self._lookup(entry.alias)
        key = _fold(entry.alias)
        if concept is not None and concept.kind not in _NOT_RELATED:
            return Mention(entry.alias, _kind(concept.kind), concept.id, concept.label, entry.line, "alias")
        # the kind the notes give the name (`ShareGPT4V数据集`), unless the title says (`… Benchmark`)
        kinds = [m.kind for m in mentions if m.rule.endswith(".typed") and _fold(m.text) == key]
        kinds += [m.kind for m in mentions if m.rule == "context" and _fold(m.text) == key]
        kind = title_kind or (kinds[0] if kinds else "model")
        return Mention(entry.alias, _kind(kind), None, entry.alias, entry.line, "alias")

    def _orgs(self, entry: Entry, doc: Doc) -> Iterator[Mention]:
        covered: set[int] = set()
        tk = tokens_of(doc)
        text = tk.text(0, tk.n) + (" " if tk.n and tk.ws[-1] else "")  # the doc's text
        forms = [(m.start(), m.end()) for m in _ORG_SUFFIX.finditer(text)]
        teams = self._teams(tk, doc_names(doc))
        for span in doc_names(doc):
            start, end = tk.offset(span.start), tk.offset(span.end - 1) + len(tk.texts[span.end - 1])
            if span.label == "organization":
                yield self.mention(tk, span, entry.line, entry)
            elif span.kb_id and (org := self._org_prefix(tk, span, entry.line)) is not None:
                yield org  # `腾讯混元`, `Google Gemini` in the slot of who published: the team of a known organisation
            elif not span.kb_id and span.label != "person" and span.start not in teams and start not in covered:
                if any(a < end and b > start for a, b in forms):
                    continue  # `University of Waterloo`, `Borealis AI`: the organisation's form names it whole
                # a name no vocabulary knows in the slot of who published (`Hollowell Labs`, `Horizon Robotics`)
                # names who published: the rules took it for a work by its form; the capitalised words after it
                # are its name too (`MPI Informatik`)
                stop = span.end
                while stop < tk.n and tk.ws[stop - 1] and _name_word(tk.texts[stop]):
                    stop += 1
                end = tk.offset(stop - 1) + len(tk.texts[stop - 1])
                name = tk.text(span.start, stop).strip()
                yield Mention(name, "organization", None, name, entry.line, "org.form")
            covered.update(range(start, end))
        for a, b in forms:
            if not covered.intersection(range(a, b)):
                covered.update(range(a, b))
                yield Mention(text[a:b].strip(), "organization", None, text[a:b].strip(), entry.line, "org.form")
        # a capitalised Latin name alone in the organisation slot (`2023.5 Anthropic 的一篇`), with the capitalised
        # words after it (`Zhuiyi Technology`, `Westlake Univ`)
        after = 0
        for i, word in enumerate(tk.texts):
            if (
                i >= after
                and is_latin(word)
                and tk.offset(i) not in covered
                and i not in teams
                and (capitalised_word(word) or (word.isupper() and len(word) >= 2))
                and not self.vocabulary.is_stop(word)
                and tk.lower[i] not in _NOT_ORG_WORDS
                and not any(ch.isdigit() for ch in word)
                and not (i > 0 and tk.ws[i - 1] and tk.offset(i) - 2 in covered)  # `Google AI Language`: a tail
            ):
                after = i + 1
                while after < tk.n and tk.ws[after - 1] and _name_word(tk.texts[after]) \
                        and tk.offset(after) not in covered:
                    after += 1
                name = tk.text(i, after).strip()
                yield Mention(name, "organization", None, name, entry.line, "org.slot")

    @staticmethod
    def _teams(tk: Tokens, spans: Iterable[Name]) -> set[int]:
        """The tokens that name a team or a unit of the known organisation right before them (`字节Seed`, `清华AIR`,
        `上海交大 GAIR`, `Naver Labs Europe`): the capitalised Latin words that follow it up to a separator. They
        belong to it and name no organisation of their own."""
        teams: set[int] = set()
        for span in spans:
            if span.label == "organization" and span.kb_id:
                k = span.end
                while k < tk.n and _name_word(tk.texts[k]) and (tk.ws[k - 1] or not is_latin(tk.texts[k - 1])):
                    teams.add(k)
                    k += 1
        return teams

    def _org_prefix(self, tk: Tokens, span: Name, line: int) -> Mention | None:
        """The organisation a known name of another kind starts with (`腾讯` of `腾讯混元`), None if none does."""
        for end in range(span.end - 1, span.start, -1):
            text = tk.text(span.start, end).strip()
            concept = self._lookup(text)
            if concept is not None and concept.kind == "organization":
                return Mention(text, "organization", concept.id, concept.label, line, "org.prefix")
        return None

    # ------------------------------------------------------------------------------------------ relations

    def _relations(self, tk: Tokens, spans: list[Name], marks: list[CueMark]) -> Iterator[tuple[_Found, str]]:
        names = {s.start: s for s in spans}
        ends = {s.end - 1: s for s in spans}
        cues = {s.start: s for s in marks}
        stops = list(compress(range(tk.n), map(_STOPS.__contains__, tk.texts)))  # where sentences, clauses end
        for sent_start, sent_end in _sentences(tk, stops, self.patterns.abbreviations):
            # a relation has a name of the sentence at one end (its objects are names of one clause, its
            # subject the name a clause starts with): a sentence or clause that touches no name adds none
            for s in spans:
                if s.start <= sent_end and s.end > sent_start:
                    break
            else:
                continue
            quote = ""
            subject: Name | None = None
            for a, b in _clauses(tk, sent_start, sent_end, names, ends, stops):
                if subject is None:
                    for s in spans:
                        if s.start <= b and s.end > a:
                            break
                    else:
                        continue
                found, subject = self._clause(tk, a, b, names, ends, cues, subject)
                if found and not quote:
                    quote = _quote(tk.text(sent_start, sent_end))
                for f in found:
                    yield f, quote

    def _clause(self, doc: Tokens, a: int, b: int, names: dict[int, Name], ends: dict[int, Name],
                cues: dict[int, CueMark], subject: Name | None) -> tuple[list[_Found], Name | None]:
        pats = self.patterns
        found: list[tuple[str, Name, str]] = []  # predicate, object, rule
        taken: set[int] = set()
        clause_cues = [c for c in cues.values() if a <= c.start < b]  # cues are in token order
        relation_cues: list[tuple[Cue, CueMark]] = []  # (the clause's cues of a relation, in order)
        introduced: Name | None = None
        for span in clause_cues:
            for cue in _cues_of(pats, span):
                if cue.relation in ("example", "none"):
                    continue
                if cue.relation in ("buildsOn", "comparesTo", "uses"):
                    relation_cues.append((cue, span))
                objs = self._scope(doc, a, b, span, cue, names, ends, cues)
                if not objs:
                    continue
                if cue.relation == "inbound" and cue.scope == "after" and span.start == _first_token(doc, a, b):
                    introduced = objs[0]  # `后续的 X 把…`: a later work opens the clause and is its subject
                for obj in objs:
                    taken.add(obj.start)
                    unknown = cue.unknown and not obj.kb_id and not _MODEL_SIZE.search(doc.text(obj.start, obj.end))
                    relation = cue.unknown if unknown else cue.relation
                    if relation == "buildsOn" and obj is not objs[0] and _in_brackets_after(doc, objs[0].end, obj):
                        relation = "uses"  # `沿袭 DeepSeek-V3（MLA + MoE）`: the parts of the work built on
                    found.append((relation, obj, cue.id))
                if cue.relation in ("buildsOn", "uses") and cue.scope == "after":
                    # `沿用了 DeepSeek-V2 的 MLA 和 DeepSeekMoE`: the parts of the work named that are taken up
                    for part in _parts_of(doc, objs[-1].end, b, names, cues, pats):
                        if part.start not in taken and part.label not in ("task", *_NOT_RELATED):
                            taken.add(part.start)
                            found.append(("uses", part, cue.id))
                break
        # (比如 X) inside a clause takes the relation of the clause's first cue before it (`methods like X on Y`:
        # the `on` after X says nothing of X)
        if relation_cues:
            for span in clause_cues:
                if any(c.relation == "example" for c in _cues_of(pats, span)):
                    before = next((cue for cue, mark in relation_cues if mark.start < span.start), None)
                    if before is None:
                        continue
                    for obj in _list_after(doc, span.end, b, names, cues, pats, 1, stop_at_cue=True):
                        if obj.start not in taken:
                            taken.add(obj.start)
                            found.append((before.relation, obj, before.id))
        # `GQA、SwiGLU、RoPE、RMSNorm`: a clause that only lists techniques names what the work uses
        if not clause_cues and not found and "+" not in doc.texts[a:b]:  # (`A + B`: the chain below)
            listed = _technique_list(doc, a, b, names, pats)
            found.extend(("uses", span, _LISTED) for span in listed)
            taken.update(span.start for span in listed)
        # `A + B + C`: an architecture line names what the work uses
        if "+" in doc.texts[a:b] and _plus_joins(doc, a, b):
            chain = [names[i] for i in range(a, b) if i in names and i not in taken]
            clause_key = fold(doc.text(a, b))
            training = any(term in clause_key for term in pats.training)
            for part in chain:
                if self._is_training(doc, part) or fold(doc.text(part.start, part.end)) in pats.training:
                    found.append(("uses", part, "arch.plus_chain"))
                else:
                    rel = "buildsOn" if training and part.label in _WORKS else "uses"
                    found.append((rel, part, "arch.plus_chain"))
                taken.add(part.start)
        # `语言端用 X 初始化`: a work the clause builds on is not also one it only uses
        built = {obj.start for predicate, obj, _ in found if predicate == "buildsOn"}
        if built:
            found = [f for f in found if f[0] != "uses" or f[1].start not in built]
        # the clause's subject: a work named at its start that is no object of it and no modifier of its cue
        # (`FID的对比超过X`: FID is what was compared, not who); it carries over into a clause that goes on
        # with 以及/并且/and, and nowhere else
        start = _first_token(doc, a, b)
        inside = start < doc.n
        opens = inside and doc.lower[start] in _subject_openers()  # a word of _CONTINUE, _LEADS, _SELF_WORDS?
        if not ((opens and _continues(doc, start, b)) or start in cues
                or (inside and doc.texts[start] in _PREDICATE_START)):
            subject = None  # a clause that opens with its verb (`，在长文本上优于X`, `, outperforms X`) keeps it
        if opens and _match_words(doc, start, _SELF_WORDS):
            subject = None  # `作者…`, `本文…`, `we …`: the entry's own work
        lead = _match_words(doc, start, _LEADS) if opens else 0
        if lead:  # `，而 DeepSeek-VL 使用X`: the name after the connective is the new subject
            after = _first_token(doc, start + lead, b)
            if after in names:
                start = after
        if start in names and start not in taken and names[start].label in _WORKS \
                and not _modifies_cue(doc, names[start], clause_cues) and not _adjective(doc, names[start]) \
                and not _located(doc, names[start], b, names, self._places) \
                and self._scored(doc.text(names[start].start, names[start].end).strip()) is None:
            subject = names[start]
        if introduced is not None:
            subject = introduced
        return [_Found(None if predicate in ("proposes", "inbound") else subject, predicate, obj, rule)
                for predicate, obj, rule in found], subject

    def _label_items(self, tk: Tokens, label: Label, end: int, names: list[Name]) -> list[Name]:
        """`Components: length-normalized reward, target reward margin γ`: the items of a label's list that hold
        no name are names themselves when they are short English noun phrases (one to four words, no preposition,
        no number first); what the label says they are gives their kind."""
        covered = {i for s in names for i in range(s.start, s.end)}
        found: list[Name] = []
        start: int | None = None
        depth = 0
        i = 0
        while i < tk.n and tk.offset(i) < label.end:
            i += 1
        for k in range(i, tk.n + 1):
            text = tk.texts[k] if k < tk.n else ","
            if k < tk.n and tk.offset(k) >= end:
                text = ","
            if text in _OPEN:
                if depth == 0 and start is not None:
                    found.extend(self._label_item(tk, start, k, covered, label))
                    start = None
                depth += 1
            elif text in _CLOSE:
                depth = max(0, depth - 1)
            elif depth == 0 and text in _ITEM_ENDS:
                if start is not None:
                    found.extend(self._label_item(tk, start, k, covered, label))
                start = None
                if k < tk.n and tk.offset(k) >= end:
                    break
            elif depth == 0 and start is None and not text.isspace():
                start = k
        return found

    def _label_item(self, tk: Tokens, a: int, b: int, covered: set[int], label: Label) -> list[Name]:
        while b > a and (tk.texts[b - 1].isspace() or tk.texts[b - 1] == "."
                         or (len(tk.texts[b - 1]) == 1 and not is_latin(tk.texts[b - 1]))):  # `margin γ`
            b -= 1
        words = [i for i in range(a, b) if not tk.texts[i].isspace()]
        if not words or len(words) > 4 or covered.intersection(range(a, b)):
            return []
        lowered = [tk.lower[i] for i in words]
        pats = self.patterns
        if lowered[0] in pats.term_articles or lowered[0] in pats.term_not_first or not lowered[0][:1].isalpha() \
                or any(not is_latin(tk.texts[i]) or w in pats.term_ends or w in _NOT_ITEM_WORDS
                       for i, w in zip(words, lowered, strict=True)) \
                or max(len(w) for w in lowered) < 3 or self.vocabulary.is_stop(tk.text(a, b).strip()) \
                or (len(words) == 1 and lowered[0].endswith(pats.modifier_suffixes)):  # `learnable λ`
            return []
        concept = self._lookup(tk.text(a, b).strip())
        if concept is not None:
            return [Name(a, b, concept.kind, concept.id, "label.item")]
        text = tk.text(a, b)
        named = any(ch.isupper() or ch.isdigit() for ch in text)  # `Open-Sora`, `Kling1.5`: a work's name
        return [Name(a, b, label.kind or ("model" if named else "technique"), "", "label.item")]

    def _scored(self, text: str) -> Concept | None:
        """`GenEval 0.73`, `MMMU 61%`: a score on a benchmark or data the vocabulary knows (it, else None). It is
        no work: neither a subject nor a model of its own."""
        m = _SCORE.fullmatch(text)
        if m is None:
            return None
        concept = self._lookup(m.group(1))
        return concept if concept is not None and concept.kind in ("metric", "dataset") else None

    def _is_training(self, doc: Tokens, span: Name) -> bool:
        text = doc.text(span.start, span.end)
        return fold(text) in self.patterns.training or (span.label == "technique" and "tun" in text.lower())

    def _scope(self, doc: Tokens, a: int, b: int, span: CueMark, cue: Cue, names: dict[int, Name],
               ends: dict[int, Name], cues: dict[int, CueMark]) -> list[Name]:
        pats = self.patterns
        if cue.scope == "before":
            objs = _list_before(doc, a, span.start, ends, pats, cue)
            if objs and cue.confirm:  # `在X上评测`: what follows the cue says what the names are to the work
                tail = doc.text(span.end, b)
                if not any(w in tail for w in cue.confirm):
                    return []
        else:
            if cue.not_prev and span.start > 0 and doc.texts[span.start - 1] in cue.not_prev:
                return []
            objs = _list_after(doc, span.end, b, names, cues, pats, cue.gap)
            if not objs and cue.relation == "comparesTo" and not cue.confirm:
                objs = _bracketed(doc, span.end, b, names, cues, pats)
            if cue.confirm:
                tail = doc.text(objs[-1].end, b) if objs else ""
                if not any(w in tail for w in cue.confirm):
                    return []
        if cue.head_kinds:
            objs = [o for o in objs if (o.label or "model") in cue.head_kinds]
        return [o for o in objs if o.label not in _NOT_RELATED]

    def _relation(self, found: _Found, quote: str, line: int, of_line: dict[Name, Mention],
                  self_keys: set[str]) -> Relation | None:
        def as_mention(span: Name | None) -> Mention | None:
            if span is None:
                return None
            m = of_line[span]
            if self_keys and (_sizeless(_fold(m.text)) in self_keys or _fold(m.canonical) in self_keys):
                return None
            return m

        subject = as_mention(found.subject)
        obj = as_mention(found.object)
        predicate = found.predicate
        if predicate == "inbound":
            if obj is None:
                return None
            subject, obj, predicate = obj, None, "buildsOn"
        elif obj is None:
            return None  # the entry's work relating to itself
        if predicate == "buildsOn" and obj is not None and obj.kind in ("dataset", "metric", "task"):
            predicate = "uses"  # `基于WMT数据集`: data are used, not built upon
        if subject is not None and obj is not None and _fold(subject.canonical) == _fold(obj.canonical):
            return None
        rel: RelationName = predicate  # type: ignore[assignment]
        return Relation(subject, rel, obj, quote, line, found.rule)


# ---------------------------------------------------------------------------------------------- labels


class Label(NamedTuple):
    """The label a note line opens with, and where its names start."""

    relation: str
    kind: str  # what a name no vocabulary knows is under it ("": as its form says)
    kinds: frozenset[str]  # the only kinds of objects it relates (empty: any)
    rule: str
    end: int  # the offset in the line where the rest of the line starts
    mark: str = ""  # the sign a terse line opens with (`+ X`): its scope is the whole line


class Labels(NamedTuple):
    """Labels of note lines (kg/patterns/labels.toml): one pattern, and each label word's relation."""

    pattern: re.Pattern[str] | None
    of_word: dict[str, tuple[str, str, frozenset[str]]]  # folded label words -> relation, kind, kinds
    marks: dict[str, str]  # signs -> relation
    later: re.Pattern[str] | None = None  # a label opening a later sentence (`… fine-tuned. Base models: X`)

    def of(self, text: str) -> Label | None:
        """The label the line opens with (`- **Baselines**: …`, `基线：…`, `+ …`), if any."""
        if self.marks and text.lstrip()[:1] in self.marks:  # (the marks are signs of one character)
            stripped = text.lstrip()
            sign = stripped.split(None, 1)[0]
            if sign in self.marks and len(stripped) > len(sign) and stripped[len(sign)].isspace():
                relation = self.marks[sign]
                return Label(relation, "", frozenset(), f"mark.{relation}", len(text) - len(stripped) + len(sign),
                             sign)
        if self.pattern is None or (":" not in text and "：" not in text):
            return None
        m = self.pattern.match(text)
        if m is None and self.later is not None:
            m = self.later.search(text)  # the label of the line's last sentences: the names after it are its list
        if m is None:
            return None
        relation, kind, kinds = self.of_word[_label_key(m.group("label"))]
        if m.group("joined") and self.of_word[_label_key(m.group("joined"))][0] != relation:
            return None  # `数据/基线：…`: two relations, so the line's own cues say what each name is
        return Label(relation, kind, kinds, f"label.{relation}", m.end())


_ITEM_ENDS = frozenset((",", "，", "、", ";", "；"))
_NOT_ITEM_WORDS = frozenset(("against", "vs", "versus", "per", "via", "not", "no", "none", "etc", "same", "only",
                             "also", "both", "all", "each", "our", "we", "it", "they", "is", "are", "was"))
_LABEL_SCOPE_END = re.compile(r"[。；;！？!?]|\.(?=\s|$)")


def _label_scope_end(text: str, start: int, tk: Tokens, names: list[Name], abbreviations: frozenset[str]) -> int:
    """Where the list a label opens ends: at the end of its sentence (`模型：A + B；采用…` names A and B), not at a
    stop inside a name (`Reddit TL;DR`) nor at the dot of a number or of an abbreviation (`e.g.`)."""
    covered = [(tk.offset(s.start), tk.offset(s.end - 1) + len(tk.texts[s.end - 1])) for s in names]
    for m in _LABEL_SCOPE_END.finditer(text, start):
        i = m.start()
        if any(a <= i < b for a, b in covered):
            continue
        if text[i] == "." and (text[i - 1].isdigit()
                               or text[:i].rsplit(None, 1)[-1].lower().lstrip("(（") in abbreviations):
            continue
        return i
    return len(text)


def _label_key(word: str) -> str:
    return " ".join(word.lower().split())


@lru_cache(maxsize=4)
def load_labels(directory: Path) -> Labels:
    """The label table of a patterns folder; a folder without one has no labels."""
    path = directory / "labels.toml"
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return Labels(None, {}, {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from None
    of_word: dict[str, tuple[str, str, frozenset[str]]] = {}
    for item in data.get("label", []):
        relation = str(item.get("relation", ""))
        if relation not in ("buildsOn", "comparesTo", "uses"):
            raise DataError(f"{path}: a label's relation is buildsOn, comparesTo or uses, not {relation!r}")
        for word in item.get("words", []):
            of_word.setdefault(_label_key(str(word)), (relation, str(item.get("kind", "")),
                                                       frozenset(item.get("kinds", ()))))
    marks: dict[str, str] = {}
    for item in data.get("mark", []):
        relation = str(item.get("relation", ""))
        if relation not in ("buildsOn", "comparesTo", "uses"):
            raise DataError(f"{path}: a mark's relation is buildsOn, comparesTo or uses, not {relation!r}")
        for word in item.get("words", []):
            if len(str(word)) != 1:
                raise DataError(f"{path}: a mark is a sign of one character, not {word!r}")
            marks[str(word)] = relation
    if not of_word:
        return Labels(None, {}, marks)
    words = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(of_word, key=len, reverse=True))
    label = (
        rf"(?P<label>{words})(?:\s*[/／&、]\s*(?P<joined>{words}))?"  # `基线/对比`, `Baselines / comparisons`
        r"\s*(?:[(（][^()（）\n]{0,40}[)）])?\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?"  # `(7B)`, `**`, `:`
    )
    pattern = re.compile(r"\s*(?:(?:[-*+]|\d{1,3}[.)、])\s*)*(?:\*\*|__)?\s*" + label,  # `- `, `1. `, `**`
                         re.IGNORECASE)
    # a sentence's end, then a capitalised English label or a Chinese one: `… 1000 steps. Base models: Llama 2`
    later = re.compile(r"(?:(?<=[a-z0-9)][.!?])\s+(?=[A-Z])|(?<=[。！？；]))(?:\*\*|__)?(?i:" + label + ")")
    return Labels(pattern, of_word, marks, later)


# ---------------------------------------------------------------------------------------------- scanning


_SCORE = re.compile(r"(.*?\S)\s+(?:\d+\.\d+|\d+(?:\.\d+)?%)")  # `GenEval 0.73`, `MMMU 61%`; not `AlpacaEval 2`
_MODEL_SIZE = re.compile(r"(?<![A-Za-z])\d+(?:\.\d+)?[Bb]$")  # `Korvane-7B`, `Qwen2 72B`: a model's size ends it
_SIZE = re.compile(r"(?<=[a-z\u4e00-\u9fff])\d+(?:\.\d+)?[bm]$")


def _sizeless(key: str) -> str:
    """`mamba3b` -> `mamba`: a model's size names a variant of the same work, not another work."""
    return _SIZE.sub("", key)


def _cues_of(pats: Patterns, span: CueMark) -> tuple[Cue, ...]:
    """The cues a mark is (remembered per patterns and label: a log repeats its cues)."""
    found = _CUES_OF.get((id(pats), span.label))
    if found is None or found[0] is not pats:
        if len(_CUES_OF) > 10_000:
            _CUES_OF.clear()
        found = _CUES_OF[(id(pats), span.label)] = (pats, tuple(pats.cues[k] for k in span.label.split("|")))
    return found[1]


_CUES_OF: dict[tuple[int, str], tuple[Patterns, tuple[Cue, ...]]] = {}


_SELF_WORDS = ("作者", "本文", "我们", "本工作", "该文", "文章", "we", "the authors", "this paper", "this work")
_PREDICATE_START = frozenset({"在", "于", "也", "还", "并", "且", "又", "再", "则", "而", "更", "均", "都"})
_CONTINUE = ("以及", "并且", "而且", "并", "且", "同时", "也", "还", "and", "but", "while")
_LEADS = _CONTINUE + tuple(sorted(_PREDICATE_START))
_OPENERS: list[frozenset[str]] = []  # the first tokens of those words, once known


def _subject_openers() -> frozenset[str]:
    """The lower-cased first tokens of `_CONTINUE`, `_LEADS` and `_SELF_WORDS`: a clause that opens with none
    of them needs none of their look-ups."""
    if not _OPENERS:
        _OPENERS.append(frozenset(parts[0] for words in (_CONTINUE, _LEADS, _SELF_WORDS)
                                  for parts in _word_tokens(words)))
    return _OPENERS[0]
_FOLDED: dict[str, str] = {}


def _fold(text: str) -> str:
    """`fold`, remembered: the same names come back in every entry."""
    found = _FOLDED.get(text)
    if found is None:
        if len(_FOLDED) > 200_000:
            _FOLDED.clear()
        found = _FOLDED[text] = fold(text)
    return found


def _continues(doc: Tokens, i: int, b: int) -> bool:
    return _match_words(doc, i, _CONTINUE) > 0


def _adjective(doc: Tokens, span: Name) -> bool:
    """`CNN-based model…`: a name with an adjective tail describes the noun after it; it is no subject."""
    return span.end + 1 < doc.n and doc.texts[span.end] == "-" and not doc.ws[span.end - 1]


def _modifies_cue(doc: Tokens, span: Name, clause_cues: list[CueMark]) -> bool:
    """`FID的对比`: a name joined by 的 to the cue right after it."""
    following = [c for c in clause_cues if c.start >= span.end]
    if not following:
        return False
    between = [t for t in doc.texts[span.end : following[0].start] if not t.isspace()]
    return between == ["的"]


_LEADING = frozenset(("-", "*", "+", ".", "、", ")", "）"))


def _located(doc: Tokens, span: Name, b: int, names: dict[int, Name], places: tuple[str, ...] = ()) -> bool:
    """`在 ALFWorld 和 WebShop 上比 X 高`, `ALFWorld 上比 ReAct 多解决`: a name (or a list of names) followed by
    上/中/里 is where the clause's work is measured, not the work itself; a year or number may follow a name of
    the list (`AIME 2024、MATH-500 上和 X 相当`), and Chinese words ending in a kind of data (`places`: `长对话基准`)
    before 上."""
    texts = doc.texts
    i = span.end
    while i < b:
        while i < b and texts[i].isspace():
            i += 1
        if i < b and texts[i].isdigit() and doc.ws[i - 1]:
            i += 1
            continue
        if i < b and texts[i] in _CONNECTORS_ZH:
            j = _first_token(doc, i + 1, b)
            if j in names:
                i = names[j].end
                continue
        k = i
        while k < b and k - i < _PLACE_WORDS and _CJK.match(texts[k]) and texts[k] not in _LOCATIVES:
            k += 1
        if k > i and k < b and texts[k] in _LOCATIVES and "".join(texts[i:k]).endswith(places):
            return True  # `在 LoCoMo 长对话基准上比 X 好`: what the data is comes between it and 上
        return i < b and texts[i] in _LOCATIVES
    return False


_PLACE_WORDS = 6  # at most this many characters say what the data a work is measured on is


_LOCATIVES = frozenset(("上", "中", "里"))
_CONNECTORS_ZH = frozenset(("和", "与", "、", "及", "跟"))


def _unwrapped(entry: Entry, labels: Labels) -> tuple[Line, ...]:
    """The entry's notes with a paragraph hard-wrapped mid-sentence read as one line (`… RAPTOR is compared with` /
    `BM25 and DPR as retrievers …`), numbered by its first line: a relation's words may sit on two lines. A line
    goes on the one before when that is long (a wrap, not a short note), ends in no sentence mark and is no
    publication line, and the line itself is the next line of the file and opens no item, heading, table row,
    quote or label (`Baselines: …`)."""
    body = entry.body
    if len(body) < 2 or all(len(line.text) < _WRAP_WIDTH for line in body):
        return body
    groups: list[list[Line]] = []
    for line in body:
        prev = groups[-1][-1] if groups else None
        if prev is not None and line.number == prev.number + 1 and not line.links and not prev.links \
                and _continues_line(prev.text, line.text, entry.orgs_text) and labels.of(line.text) is None:
            groups[-1].append(line)
        else:
            groups.append([line])
    if all(len(group) == 1 for group in groups):
        return body
    out: list[Line] = []
    for group in groups:
        text = " ".join(line.text.strip() for line in group)
        # prose goes on from sentence to sentence inside its lines; notes of a line each (`trained on X` /
        # `better than Y`) are no paragraph
        if len(group) > 1 and _INNER_SENTENCE_END.search(text):
            out.append(Line(group[0].number, f"{group[0].text.rstrip()} {text[len(group[0].text.strip()):].strip()}"))
        else:
            out.extend(group)
    return tuple(out)


def _continues_line(prev: str, text: str, orgs_text: str) -> bool:
    last = prev.rstrip()
    return len(last) >= _WRAP_WIDTH and bool(text.strip()) and last[-1] not in _LINE_END_MARKS \
        and _ITEM_START.match(text) is None and last.strip() != orgs_text


_INNER_SENTENCE_END = re.compile(r"[\w)\]][.!?]\s+[A-Z]|[。！？](?=.)")
_WRAP_WIDTH = 60  # a line this long or longer that stops mid-sentence was wrapped
_LINE_END_MARKS = frozenset(".!?;:。！？；：…|*")
_ITEM_START = re.compile(r"\s*(?:[-*+>#|•]|\d+[.)、]|[（(]?\d+[)）]|\[)")


def _first_token(doc: Tokens, a: int, b: int) -> int:
    texts = doc.texts
    i = a
    while i < b and (texts[i] in _LEADING or texts[i].isspace() or texts[i].isdigit()):
        i += 1
    return i


def _match_words(doc: Tokens, i: int, words: Iterable[str], backwards: bool = False) -> int:
    """Length in tokens of the longest word of `words` that starts (or, backwards, ends) at token i."""
    lowered = doc.lower
    if not 0 <= i < len(lowered):
        return 0
    indexed = _INDEXED.get(id(words))
    if indexed is None or indexed[0] is not words:  # held in the table, `words` keeps its id
        index = _word_index(words if isinstance(words, tuple | frozenset) else tuple(words))
        indexed = _INDEXED[id(words)] = (words, index)
    candidates = indexed[1][1 if backwards else 0].get(lowered[i])
    if not candidates:
        return 0
    best = 0
    for parts in candidates:
        n = len(parts)
        lo = i - n + 1 if backwards else i
        if lo < 0 or lo + n > len(lowered):
            continue
        if tuple(lowered[lo : lo + n]) == parts:
            best = max(best, n)
    return best


_WordIndex = dict[str, list[tuple[str, ...]]]
_INDEXED: dict[int, tuple[Iterable[str], tuple[_WordIndex, _WordIndex]]] = {}  # id(words) -> words, index


@lru_cache(maxsize=256)
def _word_index(words: tuple[str, ...] | frozenset[str]) -> tuple[_WordIndex, _WordIndex]:
    """The words as lower-cased token tuples, by first token and by last token."""
    forward: _WordIndex = {}
    backward: _WordIndex = {}
    for parts in _word_tokens(words):
        forward.setdefault(parts[0], []).append(parts)
        backward.setdefault(parts[-1], []).append(parts)
    return forward, backward


def _word_tokens(words: Iterable[str]) -> Iterator[tuple[str, ...]]:
    """Each word as its lower-cased tokens (words with none are left out)."""
    for w in words:
        parts = tuple(p.lower() for p in re.findall(r"[A-Za-z0-9][\w.'+-]*|\S", w))
        if parts:
            yield parts


def _list_after(doc: Tokens, i: int, b: int, names: dict[int, Name], cues: dict[int, CueMark], pats: Patterns,
                gap: int, stop_at_cue: bool = False) -> list[Name]:
    """The names a cue governs after it: the first within `gap` tokens, then every name joined to it by a
    list connector (`、`, `,`, `和`, `以及`, `+`), fillers (`其他`, `传统`) allowed after a connector."""
    objs: list[Name] = []
    texts = doc.texts
    skipped = 0
    expecting = True
    depth = 0
    while i < b:
        text = texts[i]
        if text.isspace():
            i += 1
            continue
        if i in names:
            if not expecting and depth == 0 and not (objs and names[i].label == "model"
                                                      and _adjacent(doc, objs[-1].end, i)):
                break  # `CLIP ViT-L`: a model right after a name, one space apart, is in the list too
            objs.append(names[i])
            i = names[i].end
            expecting, skipped = False, 0
            continue
        if text in _OPEN and objs:
            depth += 1
            expecting = True
            i += 1
            continue
        if text in _CLOSE and depth:
            depth -= 1
            expecting = False
            i += 1
            continue
        head = _modified_name(doc, i, b, names) if objs and expecting and skipped == 0 else None
        if head is not None:  # `超过 LLaVA-v1.5 和同尺寸的 Show-o`: a name after what describes it
            i = head
            continue
        if i in cues:
            described = _described(doc, i, b, pats) if objs else 0
            if described:  # `a BM25 retriever and StarCoder`: a role word, then the list goes on
                i += described
                continue
            if objs or stop_at_cue:
                break
            head = _relative_head(doc, i, b, names)  # `优于基于CLIP的DALLE2`: DALLE2
            if head is None:
                break
            i = head
            continue
        if objs:
            n = _match_words(doc, i, pats.connectors)
            if n:
                expecting = True
                i += n
                continue
            n = _match_words(doc, i, pats.fillers)
            if expecting and n and skipped + n <= 3:
                skipped += n
                i += n
                continue
            if depth:
                i += 1
                continue
            if expecting and skipped < 3:
                skipped += 1
                i += 1
                continue
            described = _described(doc, i, b, pats)
            if described:  # `a CLIP vision encoder and Vicuna`: words saying what the name is, then the list goes on
                i += described
                continue
            break
        skipped += 1
        if skipped > gap:
            break
        i += 1
    return objs


def _bracketed(doc: Tokens, i: int, b: int, names: dict[int, Name], cues: dict[int, CueMark],
               pats: Patterns) -> list[Name]:
    """`beating the state of the art of 43% (GPT-4o and Claude 3.5 Sonnet)`: the names in brackets that a
    description after a cue stands for, when no name comes before them."""
    texts = doc.texts
    for k in range(i, min(b, i + 16)):
        if k in names or k in cues:
            return []
        if texts[k] in _OPEN:
            j = k + 1
            while j < b and texts[j].isspace():
                j += 1
            return _list_after(doc, j, b, names, cues, pats, 0, stop_at_cue=True) if j in names else []
    return []


def _in_brackets_after(doc: Tokens, i: int, obj: Name) -> bool:
    """Whether `obj`, a technique or a name no vocabulary knows and no size ends, is inside brackets opened after
    token i (`X（A + B）`, `X (A and B)`); a known model there is the one built on (`LLaVA (Vicuna-7B)`)."""
    if obj.label != "technique" and (obj.kb_id or _MODEL_SIZE.search(doc.text(obj.start, obj.end))):
        return False
    depth = 0
    for text in doc.texts[i:obj.start]:
        if text in _OPEN:
            depth += 1
        elif text in _CLOSE:
            depth -= 1
    return depth > 0


def _parts_of(doc: Tokens, i: int, b: int, names: dict[int, Name], cues: dict[int, CueMark],
              pats: Patterns) -> list[Name]:
    """`X 的 A 和 B` from i, right after X: the names A and B of the list after `的` (none if no name follows)."""
    texts = doc.texts
    while i < b and texts[i].isspace():
        i += 1
    if i >= b or texts[i] != "的":
        return []
    i += 1
    while i < b and texts[i].isspace():
        i += 1
    return _list_after(doc, i, b, names, cues, pats, 0, stop_at_cue=True) if i in names else []


def _plus_joins(doc: Tokens, a: int, b: int) -> bool:
    """Whether a `+` of the clause joins parts (`A + B`, `T5 + 3个diffusion models`), not signs the number written
    onto it (`top-1 +1.4`, `(+1.32% avg acc)`)."""
    texts = doc.texts
    for i in range(a, b):
        if texts[i] == "+" and not (i + 1 < b and not doc.ws[i] and texts[i + 1][:1].isdigit()):
            return True
    return False


def _modified_name(doc: Tokens, i: int, b: int, names: dict[int, Name]) -> int | None:
    """`同尺寸的 Show-o`, `闭源的 GPT-4o`: from i, a short run of Chinese characters that ends in 的 right before a
    name (the name's start, else None)."""
    texts = doc.texts
    for k in range(i, min(b, i + 7)):
        if texts[k] == "的":
            j = k + 1
            while j < b and texts[j].isspace():
                j += 1
            return j if k > i and j in names else None
        if len(texts[k]) != 1 or not "\u4e00" <= texts[k] <= "\u9fff":
            return None
    return None


def _adjacent(doc: Tokens, end: int, start: int) -> bool:
    return (start == end + 1 and doc.texts[end] == " ") or (start == end and doc.ws[end - 1])


def _described(doc: Tokens, i: int, b: int, pats: Patterns) -> int:
    """Tokens from i of at most two lower-case English words right after a name (`vision encoder`, `model`)
    that a list connector follows: how many to step over to reach the connector, else 0."""
    j, words = i, 0
    while j < b and words < 2 and is_latin(doc.texts[j]) and doc.texts[j].islower() \
            and not _match_words(doc, j, pats.connectors):  # one word then the connector: `a BM25 retriever and`
        words += 1
        j += 1
        while j < b and doc.texts[j].isspace():
            j += 1
    if words and j < b and _match_words(doc, j, pats.connectors):
        return j - i
    return 0


def _relative_head(doc: Tokens, i: int, b: int, names: dict[int, Name]) -> int | None:
    """`优于基于CLIP text latents的DALLE2`: the name after 的 that the inner cue's clause modifies."""
    for k in range(i, min(b, i + 16)):
        if doc.texts[k] == "的":
            j = k + 1
            while j < b and doc.texts[j].isspace():
                j += 1
            return j if j in names else None
    return None


def _list_before(doc: Tokens, a: int, i: int, ends: dict[int, Name], pats: Patterns, cue: Cue) -> list[Name]:
    """The names a cue governs before it; with an opener (`在X基础上`, `与X对比`) only those after it."""
    objs: list[Name] = []
    skipped = 0
    k = i - 1
    opened = not cue.opener
    while k >= a:
        if doc.texts[k].isspace():
            k -= 1
            continue
        if k in ends:
            span = ends[k]
            objs.append(span)
            k = span.start - 1
            skipped = 0
            continue
        if not objs and doc.texts[k] in _CLOSE:
            j = _opening(doc, a, k)
            j = j - 1 if j is not None and not any(t in ends for t in range(j, k)) else a - 1  # (`SfM（COLMAP）`)
            while j >= a and doc.texts[j].isspace():
                j -= 1
            if j in ends:
                k = j  # `以 WordProb-Zh（约 12 万道应用题）为训练集`: a remark between the name and the cue
                continue
        if cue.opener and objs:
            n = _match_words(doc, k, cue.opener, backwards=True)
            joins = n and _match_words(doc, k, pats.connectors, backwards=True) == n  # `与`, not `在`, `为`
            if n and not (joins and (k - n in ends
                                     or (k - n >= 0 and doc.texts[k - n].isspace() and k - n - 1 in ends))):
                opened = True  # `与X相当` (an opener that joins two names is a connector: `X与Y的区别`)
                break
        if objs:
            n = _match_words(doc, k, pats.connectors, backwards=True)
            if n:
                k -= n
                continue
            if cue.opener and doc.texts[k] == "的" and _opened_before_modifier(doc, a, k, cue.opener):
                opened = True  # `和同规模的 X、Y 对比`: a short modifier between the opener and the names
                break
        skipped += 1
        if skipped > (cue.gap if not objs else 2):
            break
        k -= 1
    if not opened:
        return []
    return list(reversed(objs))


def _opening(doc: Tokens, a: int, k: int) -> int | None:
    """The token that opens the bracket closed at token k, within a short remark's reach, or None."""
    depth = 0
    for j in range(k, max(a, k - _REMARK_REACH) - 1, -1):
        if doc.texts[j] in _CLOSE:
            depth += 1
        elif doc.texts[j] in _OPEN:
            depth -= 1
            if depth == 0:
                return j
    return None


_REMARK_REACH = 40  # tokens a remark in brackets between a name and its cue may hold


def _opened_before_modifier(doc: Tokens, a: int, k: int, opener: tuple[str, ...]) -> bool:
    """Does an opener stand right before the Chinese words of a short modifier that ends in 的 at token k?"""
    j = k - 1
    while j >= a and k - j <= _MODIFIER_REACH and _CJK.match(doc.texts[j]) and doc.texts[j] not in _CLAUSE_END:
        n = _match_words(doc, j, opener, backwards=True)
        if n and k - j > 1:
            return True
        j -= 1
    return False


_MODIFIER_REACH = 6
_CJK = re.compile(r"[\u4e00-\u9fff]$")


_LISTED = "list.techniques"  # the rule of a clause that only lists techniques


def _technique_list(doc: Tokens, a: int, b: int, names: dict[int, Name], pats: Patterns) -> list[Name]:
    """The names of a clause that is nothing but a list of techniques, two or more (`GQA、SwiGLU、RoPE、RMSNorm`,
    `RoPE, RMSNorm, KQ-norm`), after a note's number or bullet at most; [] for any other clause."""
    texts = doc.texts
    i = a
    while i < b and (texts[i].isspace() or texts[i] in _LEADING or (texts[i].isdigit() and i + 1 < b
                                                                      and texts[i + 1] in (".", "、", ")"))):
        i += 1
    listed: list[Name] = []
    while i < b:
        span = names.get(i)
        if span is None or span.label not in ("technique", "dataset"):
            return []
        listed.append(span)
        i = span.end
        while i < b and texts[i].isspace():
            i += 1
        if i < b:
            if doc.lower[i] not in pats.connectors:
                return []
            i += 1
            while i < b and texts[i].isspace():
                i += 1
            if i >= b:
                return []
    # (a name some vocabulary gives to data too, `GQA`, goes with the techniques listed around it)
    return listed if sum(1 for span in listed if span.label == "technique") > 1 else []


def _clauses(doc: Tokens, a: int, b: int, names: dict[int, Name], ends: dict[int, Name],
             stops: list[int]) -> Iterator[tuple[int, int]]:
    """Clauses of a sentence: split at `，` and `,` unless they join two names of one list. `stops`: the
    positions of the doc's tokens in `_STOPS`, in order."""
    start = a
    texts = doc.texts
    for k in range(bisect_left(stops, a), bisect_left(stops, b)):
        i = stops[k]
        text = texts[i]
        if text in _CLAUSE_END:
            if _ratio(doc, i):
                continue  # `7:1 混合`: a ratio, no clause's end
            yield start, i
            start = i + 1
        elif text in _SOFT_END:
            prev = _before_brackets(doc, a, i - 1, ends)  # `A (B), C`: the list goes on past a name's brackets
            nxt = i + 1
            while nxt < b and texts[nxt].isspace():
                nxt += 1
            named = prev in ends or (prev >= a and doc.lower[prev] in _GROUP_WORDS)  # `the other unified models, X`
            if not (named and nxt in names) or _opens_clause(doc, names[nxt], b):
                yield start, i
                start = i + 1
    if start < b:
        yield start, b


def _ratio(doc: Tokens, i: int) -> bool:
    """Is the colon at token i one of a ratio or a time written tight between numbers (`7:1`, `10:30`)?"""
    texts, ws = doc.texts, doc.ws
    return texts[i] in ":：" and 0 < i < doc.n - 1 and texts[i - 1].isdigit() and texts[i + 1][:1].isdigit() \
        and not ws[i - 1] and not ws[i]


# plural English words for works of a kind, whose list the names after a comma spell out (`the other unified
# models, Show-o and Chameleon`)
_GROUP_WORDS = frozenset(("models", "methods", "baselines", "systems", "approaches", "works", "competitors",
                          "rivals", "encoders", "llms", "vlms"))

# (`+`: `基于 LLaVA-NeXT，SigLIP + Qwen2`, an architecture line of its own after the comma)
_CLAUSE_AFTER_NAME = frozenset(("能", "可以", "可", "会", "是", "则", "就", "也", "还", "在", "都", "上", "方面", "+"))


def _opens_clause(doc: Tokens, span: Name, b: int) -> bool:
    """`超过 LLaVA-1.6，视频生成能和 X 相比`: a name after a comma that its own predicate follows (`能`, `也`, `上`)
    opens a new clause; it is no name of the list before the comma."""
    i = span.end
    while i < b and doc.texts[i].isspace():
        i += 1
    return i < b and doc.texts[i] in _CLAUSE_AFTER_NAME


def _before_brackets(doc: Tokens, a: int, k: int, ends: dict[int, Name]) -> int:
    """The last token at or before k that is no space, stepping back over one bracketed part (`Llama
    (Transformer++)`) and over variants written onto a name (`RWKV-4/5/6`) to what stands before them."""
    texts = doc.texts
    while k >= a and texts[k].isspace():
        k -= 1
    if k >= a and texts[k] in _CLOSE:
        j = k - 1
        while j >= a and texts[j] not in _OPEN:
            if texts[j] in _CLOSE:
                return k
            j -= 1
        if j > a:
            k = j - 1
            while k >= a and texts[k].isspace():
                k -= 1
    j = k
    while j > a and j not in ends and _VARIANT.fullmatch(texts[j]) and not doc.ws[j - 1]:
        j -= 1
    return j if j in ends and texts[j + 1] == "/" else k


_VARIANT = re.compile(r"[/.+-]|\d+(?:\.\d+)?[A-Za-z]?")


def _sentences(doc: Tokens, stops: list[int], abbreviations: frozenset[str] = frozenset()) -> Iterator[tuple[int, int]]:
    """Sentences of a doc; `stops` as for `_clauses`. The dot of a number or of an abbreviation (`vs.`, `cf.`,
    `e.g.`: the sentence goes on with what it introduces) ends no sentence."""
    start = 0
    texts = doc.texts
    for i in stops:
        text = texts[i]
        if text in _SENTENCE_ENDS or (text == "." and doc.ws[i] and i > 0 and not texts[i - 1].isdigit()
                                      and doc.lower[i - 1] not in abbreviations):
            if i + 1 > start:
                yield start, i + 1
            start = i + 1
    if start < doc.n:
        yield start, doc.n


_SENTENCE_ENDS = frozenset(("。", "；", ";", "！", "？", "!", "?"))
_STOPS = _SENTENCE_ENDS | _CLAUSE_END | _SOFT_END | {"."}  # the tokens sentences and clauses end at


def _quote(text: str) -> str:
    return _NUMBERING.sub("", text).strip()


_RELEASE_TAIL = re.compile(r"[A-Za-z]{1,2}\d+(?:\.\d+)?")  # the short name after a family's hyphen: `R1`, `V3`, `o1`


_DATE_IN_TEXT = re.compile(
    r"(?:在|于|in|on)?\s*(?:(?:19|20)\d\d(?:\s*年\s*\d{1,2}\s*月?|\s*[./\-]\s*\d{1,2}月?)?(?:\s*[./\-]\s*\d{1,2}\s*日?)?\s*年?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d)",
    re.IGNORECASE,
)
_FIELD_NAME = re.compile(r"^\s*[A-Za-z\u4e00-\u9fff ]{2,20}[:：]\s*")
_NOT_ORG_WORDS = frozenset({"published", "publish", "by", "from", "paper", "preprint", "arxiv", "and", "the", "in",
                            "at", "with", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept",
                            "oct", "nov", "dec", "january", "february", "march", "april", "june", "july", "august",
                            "september", "october", "november", "december", "work", "article", "team", "authors",
                            # where and how a paper appeared
                            "findings", "proceedings", "workshop", "oral", "spotlight", "poster", "accepted",
                            "submitted", "review", "tech", "report", "technical", "blog",
                            *(w.lower() for w in _ORG_HEAD_WORDS)})


# people in brackets: two names or more (`Gu & Dao`, `Songlin Yang, Yoon Kim`), one full name, or `X et al.`; one
# word alone (`(Tsinghua)`) or a name with an organisation's head word (`(Google Research)`) is no person
_SURNAME = rf"(?!(?:{'|'.join(_ORG_HEAD_WORDS)})\b)[A-Z][a-z]+"
_FULL_NAME = rf"{_SURNAME}(?:[ -]{_SURNAME})+"
_NAME_SEP = r"\s*(?:,|&|and|、)\s*"
_AUTHORS = re.compile(rf"[(（]\s*(?:(?:{_FULL_NAME}|{_SURNAME})(?:{_NAME_SEP}(?:{_FULL_NAME}|{_SURNAME}))+"
                      rf"|{_FULL_NAME}|{_SURNAME} et al\.?)\s*[)）]")


def _name_word(word: str) -> bool:
    """A word that goes on a name in the slot of who published: capitalised (`Informatik`, `Labs`) or in capitals
    (`AIR`, `GAIR`), without digits."""
    return is_latin(word) and word[0].isupper() and word.isalpha()


def _org_slot(text: str) -> str:
    """The part of a publication line that names who published: `2023.5 微软的一篇文章` -> `微软`,
    `FAIR 在2024.5的一篇文章` -> `FAIR`, `Affiliations: Meta AI` -> `Meta AI`. Dates go wherever they are."""
    text = _FIELD_NAME.sub("", text)
    text = _AUTHORS.sub(" ", text)  # `CMU & Princeton (Gu & Dao)`: the people in brackets are no organisations
    text = _DATE_IN_TEXT.sub(" ", text)
    text = text.strip(" ，,:：-—")
    if not re.search(r"[\u4e00-\u9fff]", text):
        return text
    m = _ORG_SLOT_END.search(text)
    return text[: m.start()].strip() if m else text


def _title_kind(title: str, technique_heads: frozenset[str] = frozenset()) -> str | None:
    """The kind a title gives the work it names: `… Benchmark` a metric, `… Dataset` data, a headline that ends
    in a technique's head (`MoBA: Mixture of Block Attention for Long-Context LLMs`) a technique."""
    name, colon, rest = title.partition(":")
    # the headline says what the work is (`BLIP3-o: A Family of … Models—Architecture, Training and Dataset` is
    # no dataset, `Stable Video Diffusion: Scaling … Models to Large Datasets` neither)
    after_name = rest if colon and name.strip() and rest.strip() else title
    headline_text = _HEADLINE_END.split(after_name.strip(), maxsplit=1)[0]
    for pattern, kind in _TITLE_KIND:
        if pattern.search(headline_text):
            return kind
    if colon and name.strip() and rest.strip():
        headline = _HEADLINE_END.split(rest.strip(), maxsplit=1)[0].split()
        if headline and headline[-1].lower() in technique_heads:
            return "technique"
    return None


def _kind(label: str) -> Kind:
    if label in ("model", "technique", "dataset", "metric", "organization", "task", "person", "paper"):
        return sys.intern(label)  # type: ignore[return-value]
    return "model"


def _unique(items: Iterable[object]) -> list:  # type: ignore[type-arg]
    """The items without repeats, each where it came first."""
    return list(dict.fromkeys(items))
