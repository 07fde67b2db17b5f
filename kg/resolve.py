"""Mentions -> one node per real thing: nodes and edges as plain dicts (a networkx graph made on demand).

Names fold to one key (case, spaces, hyphens, `·`: `BLIP2` = `BLIP-2`); vocabulary aliases map to their concept
(`微软` = Microsoft); a name the entry proposes that is a misspelling of the entry's own alias (`MobleVLM` in the
MobileVLM entry) is the alias. A paper and the model it proposes stay two nodes, linked by `proposes`.
Names that still look alike after all that are reported, so a user can add an alias to the vocabulary.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import networkx as nx
from rapidfuzz import fuzz

from kg.errors import DataError
from kg.model import Diagnostic, Entry, Extraction, Mention, Relation
from kg.namespace import node_iri, slug
from kg.paths import PATTERNS_DIR
from kg.vocab import fold

# a name in the notes that is this close to the entry's alias is the alias misspelt
_TYPO_RATIO = 88.0
# names of one kind this close are listed as possible duplicates
_NEAR_RATIO = 92.0
_WINDOW = 6
# generic techniques and tasks named in passing (`去掉了 dropout`) are no nodes; named works always are
_PASSING = frozenset({"technique", "task"})
# how much a mention's kind counts when one name is given several: the entry's own alias most, then a kind
# the words around the name state (`X数据集`), then a name known from its context, then a bare form
_KIND_WEIGHT = {"alias": 30, "typed": 10, "context": 3}


@dataclass(frozen=True, slots=True)
class Evidence:
    quote: str
    source: str
    line: int
    rule: str
    entry: str  # IRI of the paper node of the entry


@dataclass
class _Thing:
    key: str
    concept: str | None
    kinds: Counter[str] = field(default_factory=Counter)
    spellings: Counter[str] = field(default_factory=Counter)
    first: dict[str, int] = field(default_factory=dict)
    canonical: str | None = None


Nodes = dict[str, dict[str, object]]  # IRI -> attributes, in the order the nodes were made
Edges = dict[tuple[str, str, str], list[Evidence]]  # (source, target, predicate name) -> evidence, in order made


@dataclass(frozen=True)
class Resolved:
    nodes: Nodes
    edges: Edges
    warnings: tuple[Diagnostic, ...]

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The nodes and edges as a networkx graph (node id = IRI string; edge key = predicate name), made on
        first use: a large log's build maps the plain nodes and edges straight to triples."""
        g = nx.MultiDiGraph()
        g.add_nodes_from(self.nodes.items())
        g.add_edges_from((s, o, p, {"evidence": evidence}) for (s, o, p), evidence in self.edges.items())
        return g


@dataclass(frozen=True)
class NameRules:
    """What resolve knows of how names are written (kg/patterns/resolve.toml)."""

    variant_tail: re.Pattern[str]  # one tail that makes another member of a family of works (`-7B`, `2`)
    plural_endings: tuple[str, ...]  # endings of a plural technique (`es`, `s`)

    def family(self, name: str) -> str:
        """The folded name without its variant tails: `ZephyrGPT-Base-v2` -> `zephyrgpt`."""
        while (m := self.variant_tail.search(name)) and m.start() > 0:
            name = name[: m.start()]
        return fold(name)


@lru_cache(maxsize=4)
def load_name_rules(path: Path = PATTERNS_DIR / "resolve.toml") -> NameRules:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        numbered = "|".join(data["variants"]["numbered"])
        worded = "|".join(re.escape(w) for w in data["variants"]["worded"])
        tail = re.compile(rf"(?:[-_ ]?(?:{numbered})|[-_ ](?:{worded}))$", re.IGNORECASE)
        endings = tuple(str(e) for e in data["plurals"]["endings"])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, re.error) as exc:
        raise DataError(f"{path}: cannot read the name rules: {exc}") from None
    return NameRules(tail, endings)


def thing_key(m: Mention) -> str:
    return m.concept or fold(m.canonical) or m.canonical


class _Folds(dict[str, str]):
    """`fold` remembered per name: a large log names the same things over and over, and folding a name (NFKC,
    character by character) was most of what resolving cost."""

    def __missing__(self, name: str) -> str:
        key = self[name] = fold(name)
        return key

    def thing_key(self, m: Mention) -> str:
        return m.concept or self[m.canonical] or m.canonical


class _Keys(_Folds):
    """The key of each name, remembered: its fold, or the fold of its singular (`_singular_keys`)."""

    def __init__(self, singular: Mapping[str, str]) -> None:
        super().__init__()
        self.singular = singular

    def __missing__(self, name: str) -> str:
        key = fold(name)
        key = self[name] = self.singular.get(key, key)
        return key


def resolve(extractions: Sequence[Extraction], rules: NameRules | None = None) -> Resolved:
    rules = rules or load_name_rules()
    warnings: list[Diagnostic] = []
    things: dict[str, _Thing] = {}
    order = 0
    folds = _Folds()
    thing_key = _Keys(_singular_keys(extractions, folds, rules.plural_endings)).thing_key

    def note(m: Mention, key: str | None = None) -> str:
        nonlocal order
        key = key or thing_key(m)
        t = things.get(key)
        if t is None:
            t = things[key] = _Thing(key, m.concept, canonical=m.canonical if m.concept else None)
        weight = _KIND_WEIGHT.get(m.rule.rsplit(".", 1)[-1], 1)
        t.kinds[m.kind] += weight
        t.spellings[m.text] += 1
        if m.text not in t.first:
            t.first[m.text] = order
            order += 1
        return key

    typo_of: dict[tuple[int, str], str] = {}
    related = _related_keys(extractions, thing_key)
    iri_of_entry = paper_iris((ex.entry for ex in extractions), folds)
    for n, ex in enumerate(extractions):
        alias_key = None
        for m in ex.mentions:
            if m.rule == "alias":
                alias_key = note(m)
        for m in ex.mentions:
            key = thing_key(m)
            if alias_key and key != alias_key and m.concept is None and _is_typo(key, alias_key):
                typo_of[(n, key)] = alias_key
                things[alias_key].spellings[m.text] += 0  # keep the spelling as an altLabel
                things[alias_key].first.setdefault(m.text, order)
                order += 1
                continue
            if m.rule != "alias" and (m.kind not in _PASSING or key in related):
                note(m)
        for m in ex.orgs:
            note(m)

    # nodes of things; a work cited by title (《…》) that is an entry of the log is that entry
    nodes: Nodes = {}
    iri_of: dict[str, str] = {}
    entry_of_title = _entry_titles(extractions, iri_of_entry, folds)
    for key, t in things.items():
        kind = _choose_kind(t)
        label = t.canonical or _choose_label(t)
        if kind == "paper" and key in entry_of_title:
            iri_of[key] = entry_of_title[key]
            continue
        iri = str(node_iri(kind, label))
        iri_of[key] = iri
        alts = sorted({s for s in t.spellings if s != label})
        node = nodes.get(iri)
        if node is not None:  # two keys, one IRI: merge their names
            node["alt_labels"] = sorted(set(node["alt_labels"]) | set(alts) | {label}  # type: ignore[call-overload]
                                        - {node["label"]})
            continue
        node = nodes[iri] = {"kind": kind, "label": label, "alt_labels": alts, "concept": t.concept}
        if kind == "paper":
            node["title"] = label  # cited only: a title, no reading status

    # papers
    papers = _papers(extractions, iri_of_entry, warnings)
    for iri, attrs in papers.items():
        nodes.setdefault(iri, {}).update(attrs)

    def node_of(m: Mention | None, entry_iri: str, n: int) -> str:
        if m is None:
            return entry_iri
        key = thing_key(m)
        return iri_of[typo_of.get((n, key), key)]

    edges: Edges = {}
    for n, ex in enumerate(extractions):
        entry_iri = iri_of_entry[ex.entry]
        for org in ex.orgs:
            _add_edge(edges, entry_iri, iri_of[thing_key(org)], "publishedBy", None)
        for m in ex.mentions:
            if m.kind in _PASSING and thing_key(m) not in related:
                continue
            target = node_of(m, entry_iri, n)
            if target != entry_iri:
                _add_edge(edges, entry_iri, target, "mentions", None)
        for rel in ex.relations:
            s, o = node_of(rel.subject, entry_iri, n), node_of(rel.object, entry_iri, n)
            if s == o:
                continue
            ev = Evidence(rel.quote, ex.entry.source, rel.line, rel.rule, entry_iri)
            _add_edge(edges, s, o, rel.predicate, ev)

    warnings.extend(_near_duplicates(nodes, folds, rules))
    return Resolved(nodes, edges, tuple(warnings))


def _singular_keys(extractions: Sequence[Extraction], folds: _Folds, endings: Sequence[str]) -> dict[str, str]:
    """Keys of lower-case techniques written in the plural -> the key of their singular, where the log writes
    that too (`flow-based models` -> `flow-based model`)."""
    terms = {folds[m.canonical] for ex in extractions for m in ex.mentions
             if m.kind == "technique" and m.concept is None and m.text.islower()}
    out: dict[str, str] = {}
    for key in sorted(terms):
        stem = next((key[: -len(e)] for e in endings if key.endswith(e) and key[: -len(e)] in terms), None)
        if stem:
            out[key] = stem
    return out


def _entry_titles(extractions: Sequence[Extraction], iri_of_entry: Mapping[Entry, str],
                  fold: Mapping[str, str]) -> dict[str, str]:
    """Folded titles (full, without the alias, and the alias) of the log's entries -> their paper IRIs."""
    out: dict[str, str] = {}
    for ex in extractions:
        e = ex.entry
        for name in (e.title, e.short_title):
            if name:
                out.setdefault(fold[name], iri_of_entry[e])
    return out


def _related_keys(extractions: Sequence[Extraction], thing_key: Callable[[Mention], str]) -> set[str]:
    """Keys of everything that some relation or proposal involves."""
    keys: set[str] = set()
    for ex in extractions:
        for rel in ex.relations:
            for m in (rel.subject, rel.object):
                if m is not None:
                    keys.add(thing_key(m))
    return keys


def paper_iris(entries: Iterable[Entry], folds: Mapping[str, str] | None = None) -> dict[Entry, str]:
    """A readable IRI for each entry's paper: from its alias (`id:paper/instructblip`) when no other title
    shares that alias, else from its title. Entries of one title (read twice, or listed and read) share one.
    `folds` is a memo of `fold` to share (resolve folds the titles again)."""
    entries = list(entries)
    folded = _Folds() if folds is None else folds
    alias_of: dict[str, str] = {}
    for e in entries:
        if e.alias:
            alias_of.setdefault(folded[e.title], e.alias)
    titles_of_alias: dict[str, set[str]] = defaultdict(set)
    for title_key, alias in alias_of.items():
        titles_of_alias[slug(alias)].add(title_key)
    out: dict[Entry, str] = {}
    for e in entries:
        own = alias_of.get(folded[e.title])
        name = own if own and len(titles_of_alias[slug(own)]) == 1 else e.title
        out[e] = str(node_iri("paper", name))
    return out


def _add_edge(edges: Edges, s: str, o: str, predicate: str, ev: Evidence | None) -> None:
    evidence = edges.get((s, o, predicate))
    if evidence is None:
        edges[(s, o, predicate)] = [ev] if ev is not None else []
    elif ev is not None and ev not in evidence:
        evidence.append(ev)


def _is_typo(key: str, alias_key: str) -> bool:
    """`MobleVLM` for `MobileVLM`; but a name that extends the other (`LLaVA` / `LLaVAR`, `ShareGPT4V` /
    `ShareGPT4V-7B`) is a version, a size or a successor, not a misspelling."""
    if key.startswith(alias_key) or alias_key.startswith(key):
        return False
    return len(key) >= 5 and fuzz.ratio(key, alias_key) >= _TYPO_RATIO


def _choose_kind(t: _Thing) -> str:
    best = max(sorted(t.kinds.items()), key=lambda kv: kv[1])
    return best[0]


def _choose_label(t: _Thing) -> str:
    return min(t.spellings, key=lambda s: (-t.spellings[s], t.first.get(s, 0)))


def _papers(extractions: Sequence[Extraction], iri_of_entry: Mapping[Entry, str],
            warnings: list[Diagnostic]) -> dict[str, dict[str, object]]:
    """One paper node per title; an entry read twice keeps its first reading, a to-read item yields to a read one."""
    out: dict[str, dict[str, object]] = {}
    for ex in extractions:
        e = ex.entry
        iri = iri_of_entry[e]
        attrs: dict[str, object] = {
            "kind": "paper",
            "label": e.alias or e.title,
            "alt_labels": sorted({x for x in (e.short_title, e.title if e.alias else None) if x}),
            "title": e.title,
            "read_on": e.read_on,
            "published": e.published,
            "status": e.status,
            "source": e.source,
            "line": e.line,
            "note": "\n".join(line.text.strip() for line in e.body),
            "concept": None,
        }
        if iri in out:
            prev = out[iri]
            keep_prev = prev["status"] == "read" and (e.status != "read" or _earlier(prev["read_on"], e.read_on))
            where = f"{prev['source']}:{prev['line']}"
            warnings.append(Diagnostic(e.source, e.line, f"'{e.title}' is already an entry at {where}: "
                                       "notes merged, the earlier reading kept"))
            winner, other = (prev, attrs) if keep_prev else (attrs, prev)
            winner["note"] = f"{winner['note']}\n{other['note']}".strip()
            out[iri] = winner
        else:
            out[iri] = attrs
    return out


def _earlier(a: object, b: object) -> bool:
    if not isinstance(a, date):
        return False
    return not isinstance(b, date) or a <= b


def _near_duplicates(nodes: Nodes, fold: Mapping[str, str], rules: NameRules) -> Iterable[Diagnostic]:
    """Pairs of names of one kind that are nearly the same key, unless they differ only by a variant tail
    (`ArgoGPT` and `ArgoGPT2` are two models of one family, `CirroMix3` and `Cirroix3` look like one misspelt)."""
    by_kind: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for attrs in nodes.values():
        kind, label = str(attrs["kind"]), str(attrs["label"])
        if kind not in ("paper", "person") and not attrs.get("concept"):
            by_kind[kind].append((fold[label], label))
    for kind, names in sorted(by_kind.items()):
        # neighbours in the sorted order of the names and of their reversals: linear, not quadratic
        pairs: set[tuple[str, str]] = set()
        for order in (sorted(names), sorted(names, key=lambda kn: kn[0][::-1])):
            for i, (ka, la) in enumerate(order):
                for kb, lb in order[i + 1 : i + 1 + _WINDOW]:
                    if ka != kb and min(len(ka), len(kb)) >= 4 and fuzz.ratio(ka, kb) >= _NEAR_RATIO \
                            and rules.family(la) != rules.family(lb):
                        pairs.add((min(la, lb), max(la, lb)))
        for la, lb in sorted(pairs):
            yield Diagnostic("(graph)", 0, f"{kind} names '{la}' and '{lb}' look alike but were kept apart; "
                             "if they are one thing, add one as an altLabel of the other in ontology/vocab/")


def relations_of(g: nx.MultiDiGraph) -> list[tuple[str, str, str, list[Evidence]]]:
    return sorted((s, p, o, d["evidence"]) for s, o, p, d in g.edges(keys=True, data=True))


__all__ = ["Evidence", "NameRules", "Relation", "Resolved", "load_name_rules", "paper_iris", "relations_of", "resolve"]
