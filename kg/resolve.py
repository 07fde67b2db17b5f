"""Mentions -> one node per real thing: nodes and edges as plain dicts (a networkx graph made on demand).

Names fold to one key (case, spaces, hyphens, `·`: `BLIP2` = `BLIP-2`); vocabulary aliases map to their concept
(`微软` = Microsoft); a name the entry proposes that is a misspelling of the entry's own alias (`MobleVLM` in the
MobileVLM entry) is the alias. A paper and the model it proposes stay two nodes, linked by `proposes`.
Names that still look alike after all that are reported, so a user can add an alias to the vocabulary.
"""

from __future__ import annotations

import pickle
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from kg.errors import DataError
from kg.model import Diagnostic, Entry, Extraction, Mention, Relation
from kg.namespace import ID, slug
from kg.paths import PATTERNS_DIR
from kg.vocab import fold

if TYPE_CHECKING:
    import networkx as nx

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


Pos = tuple[int, int]  # (entry number, name event in the entry): the order in which names were first seen


@dataclass
class Thing:
    """What the log says of one thing, summed over its entries: how often each kind and spelling names it, and
    where each spelling (and the thing) was first seen. Every count can be taken back out (kg.incremental)."""

    key: str
    concept: str | None
    canonical: str | None  # a vocabulary concept's label, from its first note
    created: Pos
    kinds: Counter[str] = field(default_factory=Counter)
    spellings: Counter[str] = field(default_factory=Counter)  # a misspelling of the entry's alias counts 0
    seen: Counter[str] = field(default_factory=Counter)  # name events of each spelling, that one counting too
    first: dict[str, Pos] = field(default_factory=dict)
    notes: int = 0  # name events that noted a mention of it


Event = tuple[str, "Mention | None", str]  # (key, the mention noted, or None for a misspelling of the alias; text)
Link = tuple["str | None", "str | None", str, "Evidence | None"]  # (subject key, object key: None = the entry's
# paper; predicate name; evidence)


Nodes = dict[str, dict[str, object]]  # IRI -> attributes, in the order the nodes were made
Edges = dict[tuple[str, str, str], list[Evidence]]  # (source, target, predicate name) -> evidence, in order made


@dataclass(frozen=True)
class Resolved:
    nodes: Nodes
    edges: Edges
    warnings: tuple[Diagnostic, ...]
    ledger: Ledger | None = None  # resolve(..., keep=True) only

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The nodes and edges as a networkx graph (node id = IRI string; edge key = predicate name), made on
        first use: a large log's build maps the plain nodes and edges straight to triples."""
        import networkx as nx  # (imported here: most builds never need it, and it takes 0.15 s to import)

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


_ID = str(ID)


def node_id(kind: str, name: str) -> str:
    """kg.namespace.node_iri as a plain string, without making an rdflib URIRef (which checks every IRI it
    makes: a third of the cost, and resolve makes one per thing and per entry)."""
    return f"{_ID}{kind}/{slug(name)}"


def thing_key(m: Mention) -> str:
    return m.concept or fold(m.canonical) or m.canonical


class Folds(dict[str, str]):
    """`fold` remembered per name: a large log names the same things over and over, and folding a name (NFKC,
    character by character) was most of what resolving cost."""

    def __missing__(self, name: str) -> str:
        key = self[name] = fold(name)
        return key

    def thing_key(self, m: Mention) -> str:
        return m.concept or self[m.canonical] or m.canonical


class Keys(Folds):
    """The key of each name, remembered: its fold, or the fold of its singular (`singular_keys`)."""

    def __init__(self, singular: Mapping[str, str]) -> None:
        super().__init__()
        self.singular = singular

    def __missing__(self, name: str) -> str:
        key = fold(name)
        key = self[name] = self.singular.get(key, key)
        return key


class PackedThings(MutableMapping[str, Thing]):
    """Things kept pickled one by one, each unpickled when first used: a ledger waiting for the next build holds
    thousands, and an edit touches a few. It pickles as its packed things."""

    def __init__(self, packed: dict[str, bytes]) -> None:
        self._packed = packed
        self._live: dict[str, Thing] = {}

    @classmethod
    def of(cls, things: Mapping[str, Thing]) -> PackedThings:
        return cls({key: pickle.dumps(t, protocol=pickle.HIGHEST_PROTOCOL) for key, t in things.items()})

    def __getitem__(self, key: str) -> Thing:
        t = self._live.get(key)
        if t is None:
            t = self._live[key] = pickle.loads(self._packed[key])
        return t

    def __setitem__(self, key: str, t: Thing) -> None:
        self._live[key] = t

    def __delitem__(self, key: str) -> None:
        found = self._live.pop(key, None)
        if self._packed.pop(key, None) is None and found is None:
            raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in self._live or key in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed.keys() | self._live.keys())

    def __len__(self) -> int:
        return len(self._packed.keys() | self._live.keys())

    def __reduce__(self) -> tuple[type[PackedThings], tuple[dict[str, bytes]]]:
        for key, t in self._live.items():  # those used since: packed anew
            self._packed[key] = pickle.dumps(t, protocol=pickle.HIGHEST_PROTOCOL)
        return PackedThings, (self._packed,)


@dataclass(frozen=True)
class Names:
    """What resolving one entry needs to know of the whole log: the key of each name (plural techniques keyed
    by their singular) and the keys some relation involves (a technique named only in passing is no node)."""

    key: Callable[[Mention], str]
    related: Container[str]


@dataclass
class Ledger:
    """What a build resolved, kept so that the next build can take one entry's part out and put its new part
    in (kg.incremental) instead of resolving the whole log again."""

    things: MutableMapping[str, Thing]
    iri_of: dict[str, str]  # key -> IRI of its node (or of the entry it is, for a title cited)
    keys_of_iri: Counter[str]  # IRI -> keys that are that node (more than one: their names were merged)
    entry_of_title: dict[str, str]
    entry_iris: list[str]  # each entry's paper IRI, in entry order
    terms: Counter[str]  # keys of lower-case techniques -> mentions (the plural rule reads them)
    singular: dict[str, str]
    related: Counter[str]  # keys -> how often a relation involves them
    passing: dict[str, list[int]]  # key -> entries that name it in passing (noted once it is related)
    edges: Counter[tuple[str, str, str]]  # (subject IRI, object IRI, predicate) -> how many links made it
    alias_slugs: set[str]  # slugs of the entries' aliases (an alias two titles share names neither)
    paper_warnings: tuple[Diagnostic, ...]
    labels: dict[str, dict[str, str]]  # kind -> label -> folded label, of the nodes looked at for look-alikes
    near: dict[str, tuple[Diagnostic, ...]]  # kind -> its look-alike warnings

    def pack(self) -> None:
        """Keep the things pickled (PackedThings): a large log's things take ten times the memory unpacked."""
        if not isinstance(self.things, PackedThings):
            self.things = PackedThings.of(self.things)


def resolve(extractions: Sequence[Extraction], rules: NameRules | None = None, *, keep: bool = False) -> Resolved:
    """Nodes and edges of the whole log. With `keep`, the result also holds the `Ledger` an incremental
    build starts from."""
    rules = rules or load_name_rules()
    warnings: list[Diagnostic] = []
    folds = Folds()
    terms = technique_terms(extractions, folds)
    singular = singular_keys(terms, rules.plural_endings)
    thing_key = Keys(singular).thing_key
    related = related_counts(extractions, thing_key)
    names = Names(thing_key, related)
    things: dict[str, Thing] = {}
    typos_of: list[dict[str, str]] = []
    for n, ex in enumerate(extractions):
        events, typos = entry_events(ex, names)
        add_events(things, n, events)
        typos_of.append(typos)

    # nodes of things; a work cited by title (《…》) that is an entry of the log is that entry
    entry_iris = paper_iris([ex.entry for ex in extractions], folds)
    entry_of_title = _entry_titles(extractions, entry_iris, folds)
    nodes: Nodes = {}
    iri_of: dict[str, str] = {}
    node_keys: Counter[str] = Counter()
    for key, t in things.items():
        iri, node = thing_node(t, entry_of_title)
        iri_of[key] = iri
        if node is None:
            continue
        node_keys[iri] += 1
        known = nodes.get(iri)
        if known is not None:  # two keys, one IRI: merge their names
            known["alt_labels"] = sorted(set(known["alt_labels"]) | set(node["alt_labels"])  # type: ignore
                                         | {node["label"]} - {known["label"]})
            continue
        nodes[iri] = node

    # papers
    papers = _papers(extractions, entry_iris, warnings)
    for iri, attrs in papers.items():
        nodes.setdefault(iri, {}).update(attrs)

    edges: Edges = {}
    counts: Counter[tuple[str, str, str]] = Counter()
    for ex, typos, entry_iri in zip(extractions, typos_of, entry_iris, strict=True):
        for edge, ev in link_iris(entry_links(ex, entry_iri, names, typos), entry_iri, iri_of):
            _add_edge(edges, edge, ev)
            if keep:
                counts[edge] += 1

    paper_warnings = tuple(warnings)
    near = near_duplicates(nodes.values(), folds, rules)
    warnings.extend(w for kind in sorted(near) for w in near[kind])
    ledger = None
    if keep:
        ledger = Ledger(things, iri_of, node_keys,
                        entry_of_title, entry_iris, terms, singular, related,
                        passing_of(extractions, thing_key), counts,
                        {slug(ex.entry.alias) for ex in extractions if ex.entry.alias}, paper_warnings,
                        _look_alike_labels(nodes.values(), folds), near)
    return Resolved(nodes, edges, tuple(warnings), ledger)


def entry_events(ex: Extraction, names: Names) -> tuple[list[Event], dict[str, str]]:
    """The names an entry notes, in order, and its misspellings of its own alias (key -> the alias's key)."""
    thing_key = names.key
    events: list[Event] = []
    alias_key = None
    for m in ex.mentions:
        if m.rule == "alias":
            alias_key = thing_key(m)
            events.append((alias_key, m, m.text))
    typos: dict[str, str] = {}
    for m in ex.mentions:
        key = thing_key(m)
        if alias_key and key != alias_key and m.concept is None and _is_typo(key, alias_key):
            typos[key] = alias_key
            events.append((alias_key, None, m.text))  # the spelling kept as an altLabel of the alias
            continue
        if m.rule != "alias" and (m.kind not in _PASSING or key in names.related):
            events.append((key, m, m.text))
    for m in ex.orgs:
        events.append((thing_key(m), m, m.text))
    return events, typos


def add_events(things: MutableMapping[str, Thing], n: int, events: Iterable[Event]) -> None:
    """Count entry `n`'s name events into the things."""
    for i, (key, m, text) in enumerate(events):
        t = things.get(key)
        pos = (n, i)
        if m is None:
            assert t is not None  # the alias, noted before its misspellings
            t.spellings[text] += 0
        else:
            if t is None:
                t = things[key] = Thing(key, m.concept, m.canonical if m.concept else None, pos)
            elif pos < t.created:  # (an incremental build adding an entry before the first that named it)
                t.created, t.concept, t.canonical = pos, m.concept, m.canonical if m.concept else None
            t.notes += 1
            t.kinds[m.kind] += kind_weight(m)
            t.spellings[text] += 1
        t.seen[text] += 1
        first = t.first.get(text)
        if first is None or pos < first:
            t.first[text] = pos


def kind_weight(m: Mention) -> int:
    """How much a mention's kind counts towards the kind of what it names."""
    return _KIND_WEIGHT.get(m.rule.rsplit(".", 1)[-1], 1)


def thing_node(t: Thing, entry_of_title: Mapping[str, str]) -> tuple[str, dict[str, object] | None]:
    """The IRI a thing goes by and its node's attributes (None: a cited title that is an entry's paper)."""
    kind = _choose_kind(t)
    if kind == "paper" and t.key in entry_of_title:
        return entry_of_title[t.key], None
    label = t.canonical or _choose_label(t)
    node: dict[str, object] = {"kind": kind, "label": label, "alt_labels": sorted(s for s in t.spellings if s != label),
                               "concept": t.concept}
    if kind == "paper":
        node["title"] = label  # cited only: a title, no reading status
    return node_id(kind, label), node


def entry_links(ex: Extraction, entry_iri: str, names: Names, typos: Mapping[str, str]) -> list[Link]:
    """An entry's edges by key: who published it, what it mentions, and its relations with their evidence."""
    thing_key = names.key
    links: list[Link] = [(None, thing_key(org), "publishedBy", None) for org in ex.orgs]
    for m in ex.mentions:
        key = thing_key(m)
        if m.kind in _PASSING and key not in names.related:
            continue
        links.append((None, typos.get(key, key), "mentions", None))
    for rel in ex.relations:
        s = o = None
        if rel.subject is not None:
            s = thing_key(rel.subject)
            s = typos.get(s, s)
        if rel.object is not None:
            o = thing_key(rel.object)
            o = typos.get(o, o)
        links.append((s, o, rel.predicate, Evidence(rel.quote, ex.entry.source, rel.line, rel.rule, entry_iri)))
    return links


def link_iris(links: Iterable[Link], entry_iri: str, iri_of: Mapping[str, str]
              ) -> Iterator[tuple[tuple[str, str, str], Evidence | None]]:
    """The edges (subject, object, predicate) of an entry's links, with their evidence; a thing mentioned that
    is the entry's own paper and a relation of a node with itself make none."""
    for s, o, p, ev in links:
        si = entry_iri if s is None else iri_of[s]
        oi = entry_iri if o is None else iri_of[o]
        if p == "mentions" if oi == entry_iri else (p != "publishedBy" and si == oi):
            continue
        yield (si, oi, p), ev


def technique_terms(extractions: Sequence[Extraction], folds: Folds) -> Counter[str]:
    """Keys of lower-case techniques no vocabulary knows -> how often they are named."""
    return Counter(folds[m.canonical] for ex in extractions for m in ex.mentions
                   if m.kind == "technique" and m.concept is None and m.text.islower())


def singular_keys(terms: Iterable[str], endings: Sequence[str]) -> dict[str, str]:
    """Keys of lower-case techniques written in the plural -> the key of their singular, where the log writes
    that too (`flow-based models` -> `flow-based model`)."""
    terms = set(terms)
    out: dict[str, str] = {}
    for key in sorted(terms):
        stem = next((key[: -len(e)] for e in endings if key.endswith(e) and key[: -len(e)] in terms), None)
        if stem:
            out[key] = stem
    return out


def passing_of(extractions: Sequence[Extraction], thing_key: Callable[[Mention], str]) -> dict[str, list[int]]:
    """Keys of techniques and tasks -> the entries that name them (in order, once each)."""
    out: dict[str, list[int]] = {}
    for n, ex in enumerate(extractions):
        for m in ex.mentions:
            if m.kind in _PASSING and m.rule != "alias":
                found = out.setdefault(thing_key(m), [])
                if not found or found[-1] != n:
                    found.append(n)
    return out


def _entry_titles(extractions: Sequence[Extraction], entry_iris: Sequence[str],
                  fold: Mapping[str, str]) -> dict[str, str]:
    """Folded titles (full, without the alias, and the alias) of the log's entries -> their paper IRIs (each
    entry's, in entry order)."""
    out: dict[str, str] = {}
    for ex, iri in zip(extractions, entry_iris, strict=True):
        e = ex.entry
        for name in (e.title, e.short_title):
            if name:
                out.setdefault(fold[name], iri)
    return out


def related_counts(extractions: Sequence[Extraction], thing_key: Callable[[Mention], str]) -> Counter[str]:
    """Keys of everything some relation or proposal involves -> how often."""
    return Counter(thing_key(m) for ex in extractions for rel in ex.relations for m in (rel.subject, rel.object)
                   if m is not None)


def related_of(ex: Extraction, thing_key: Callable[[Mention], str]) -> Counter[str]:
    """One entry's part of `related_counts`."""
    return related_counts((ex,), thing_key)


def paper_iris(entries: Sequence[Entry], folds: Mapping[str, str] | None = None) -> list[str]:
    """A readable IRI for each entry's paper, in entry order: from its alias (`id:paper/instructblip`) when no
    other title shares that alias, else from its title. Entries of one title (read twice, or listed and read)
    share one. `folds` is a memo of `fold` to share (resolve folds the titles again). (A list, not a dict by
    entry: hashing an entry hashes every line of its notes, each time.)"""
    folded = Folds() if folds is None else folds
    alias_of: dict[str, str] = {}
    for e in entries:
        if e.alias:
            alias_of.setdefault(folded[e.title], e.alias)
    titles_of_alias: dict[str, set[str]] = defaultdict(set)
    for title_key, alias in alias_of.items():
        titles_of_alias[slug(alias)].add(title_key)
    out: list[str] = []
    for e in entries:
        own = alias_of.get(folded[e.title])
        name = own if own and len(titles_of_alias[slug(own)]) == 1 else e.title
        out.append(node_id("paper", name))
    return out


def _add_edge(edges: Edges, edge: tuple[str, str, str], ev: Evidence | None) -> None:
    evidence = edges.get(edge)
    if evidence is None:
        edges[edge] = [ev] if ev is not None else []
    elif ev is not None and ev not in evidence:
        evidence.append(ev)


def _is_typo(key: str, alias_key: str) -> bool:
    """`MobleVLM` for `MobileVLM`: one letter left out, added, changed or two swapped. A name that extends the
    other (`LLaVA` / `LLaVAR`, `ShareGPT4V` / `ShareGPT4V-7B`) is a version, a size or a successor, and one that
    differs in more than one place (`InternLM3` / `InternVL3`) is a sibling, not a misspelling."""
    if key.startswith(alias_key) or alias_key.startswith(key):
        return False
    return len(key) >= 5 and fuzz.ratio(key, alias_key) >= _TYPO_RATIO and OSA.distance(key, alias_key) <= 1


def _choose_kind(t: Thing) -> str:
    best = max(sorted(t.kinds.items()), key=lambda kv: kv[1])
    return best[0]


def _choose_label(t: Thing) -> str:
    return min(t.spellings, key=lambda s: (-t.spellings[s], t.first[s]))


def _papers(extractions: Sequence[Extraction], entry_iris: Sequence[str],
            warnings: list[Diagnostic]) -> dict[str, dict[str, object]]:
    """One paper node per title; an entry read twice keeps its first reading, a to-read item yields to a read one."""
    out: dict[str, dict[str, object]] = {}
    for ex, iri in zip(extractions, entry_iris, strict=True):
        e = ex.entry
        attrs = paper_attrs(e)
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


def paper_attrs(e: Entry) -> dict[str, object]:
    """The attributes of an entry's paper node."""
    return {
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


def _earlier(a: object, b: object) -> bool:
    if not isinstance(a, date):
        return False
    return not isinstance(b, date) or a <= b


def _look_alike_labels(nodes: Iterable[Mapping[str, object]], fold: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Kind -> label -> folded label of the nodes `near_duplicates` compares."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for attrs in nodes:
        kind, label = str(attrs["kind"]), str(attrs["label"])
        if _looked_at(attrs):
            out[kind][label] = fold[label]
    return dict(out)


def _looked_at(attrs: Mapping[str, object]) -> bool:
    return attrs["kind"] not in ("paper", "person") and not attrs.get("concept")


def near_duplicates(nodes: Iterable[Mapping[str, object]], fold: Mapping[str, str], rules: NameRules,
                    kinds: Container[str] | None = None) -> dict[str, tuple[Diagnostic, ...]]:
    """Kind -> pairs of names of that kind that are nearly the same key, unless they differ only by a variant
    tail (`ArgoGPT` and `ArgoGPT2` are two models of one family, `CirroMix3` and `Cirroix3` look like one
    misspelt). Only `kinds`, when given."""
    by_kind: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for attrs in nodes:
        kind, label = str(attrs["kind"]), str(attrs["label"])
        if _looked_at(attrs) and (kinds is None or kind in kinds):
            by_kind[kind].append((fold[label], label))
    out: dict[str, tuple[Diagnostic, ...]] = {}
    family = lru_cache(maxsize=None)(rules.family)  # a name is in many pairs: its family is worked out once
    for kind, names in sorted(by_kind.items()):
        # neighbours in the sorted order of the names and of their reversals: linear, not quadratic
        pairs: set[tuple[str, str]] = set()
        for order in (sorted(names), sorted(names, key=lambda kn: kn[0][::-1])):
            for i, (ka, la) in enumerate(order):
                for kb, lb in order[i + 1 : i + 1 + _WINDOW]:
                    if ka != kb and min(len(ka), len(kb)) >= 4 and fuzz.ratio(ka, kb) >= _NEAR_RATIO \
                            and family(la) != family(lb):
                        pairs.add((min(la, lb), max(la, lb)))
        if pairs:
            out[kind] = tuple(
                Diagnostic("(graph)", 0, f"{kind} names '{la}' and '{lb}' look alike but were kept apart; "
                           "if they are one thing, add one as an altLabel of the other in ontology/vocab/")
                for la, lb in sorted(pairs))
    return out


def relations_of(g: nx.MultiDiGraph) -> list[tuple[str, str, str, list[Evidence]]]:
    return sorted((s, p, o, d["evidence"]) for s, o, p, d in g.edges(keys=True, data=True))


__all__ = ["Evidence", "Folds", "Keys", "Ledger", "NameRules", "Names", "PackedThings", "Relation", "Resolved", "Thing",
           "add_events", "entry_events", "entry_links", "kind_weight", "link_iris", "load_name_rules",
           "near_duplicates", "node_id", "paper_attrs", "paper_iris", "passing_of", "related_counts", "relations_of",
           "resolve", "singular_keys", "technique_terms", "thing_node"]
