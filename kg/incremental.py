"""Incremental builds: after a small edit, take the changed entries' part out of the last build, put their new
part in and patch the export files, instead of resolving and writing the whole log again.

A build with the cache on keeps, beside the extraction cache, two files: the `State` of what it resolved
(resolve's `Ledger`, every count resolve summed over the entries, and each entry's key, line and paper
attributes), saved before the triples are made, and the record of what it wrote (`Written`: the counts the
summary prints and the index of the export files, kg.patch), saved after; a random token pairs them. The next
build of the same notes into the same folder compares the entries. Where only a few changed (edited in place, or
added at the end of the log), it

1. takes each changed entry's old name events and links out of the ledger and puts its new ones in, with
   kg.resolve's own per-entry functions, so the counts are the ones a full build sums;
2. works out which nodes changed, and so which triples go and which come;
3. patches the export files (kg.patch).

What it cannot do exactly, it declines, and the build is a full one: an edit that moves many entries' lines
(each evidence line is in the graph), renames a paper, changes which names count as plurals of others, changes
the IRI of a node (every edge of it would change), involves names merged into one node or titles read twice,
or takes away the first place a spelling was seen without naming it again there. tests/test_incremental.py
builds both ways over many edits and compares the bytes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kg.build import (
    BuildResult,
    Feedback,
    GraphCounts,
    build_graph,
    export,
    export_prefixes,
)
from kg.cache import ExtractionCache, entry_key, from_payload
from kg.extract import Extractor
from kg.model import Entry, Extraction, Mention, ParsedLog
from kg.namespace import slug
from kg.parse import parse_paths
from kg.patch import ExportIndex, PatchRefused, patch_exports
from kg.rdf import Triple, edge_triples, node_triples, predicate_iri
from kg.resolve import (
    Event,
    Evidence,
    Folds,
    Keys,
    Ledger,
    Names,
    Thing,
    add_events,
    entry_events,
    entry_links,
    kind_weight,
    link_iris,
    load_name_rules,
    near_duplicates,
    node_id,
    paper_attrs,
    passing_of,
    related_counts,
    singular_keys,
    technique_terms,
    thing_node,
)
from kg.runtime import Laps, no_gc

_STATE_PREFIX = "state-"
MAX_CHANGED = 64  # entries to take out and put back at most; more, and a full build is about as quick
_NEVER = (1 << 62, 0)  # a position after every other: where a thing was first seen is not known yet


@dataclass
class State:
    """What the last build resolved, as the next one needs it."""

    token: str  # the same in the Written of the exports this state belongs to
    keys: list[str]  # each entry's cache key (kg.cache.entry_key)
    lines: list[int]
    titles: list[tuple[str, str | None, str | None]]  # title, alias, short title: what its IRI comes from
    papers: list[bytes]  # each entry's paper attributes (kg.resolve.paper_attrs), pickled
    shared: set[str]  # paper IRIs of more than one entry (a title read twice)
    ledger: Ledger


@dataclass
class Written:
    """What the last build wrote: kept apart from the State, which a full build saves before it makes the
    triples, when its memory is at its lowest."""

    token: str
    counts: GraphCounts
    index: ExportIndex


def state_path(cache: ExtractionCache, paths: Sequence[Path], out: Path) -> Path:
    """Where the state of building these notes into `out` is kept: one file per notes and folder, in a folder
    of the cache's version (code, vocabulary and patterns), as the extractions are."""
    where = "\0".join(str(p.resolve()) for p in [out, *paths])
    return cache.root / f"{_STATE_PREFIX}{cache.version}" / f"{hashlib.sha256(where.encode()).hexdigest()[:24]}.pickle"


def build_and_export(paths: Sequence[Path], extractor: Extractor, *, cache: ExtractionCache | None, out: Path,
                     html: bool, jobs: int, feedback: Feedback, focus: str | None = None,
                     depth: int = 2) -> BuildResult:
    """Build the notes and write the exports into `out`: incrementally where the last build's state allows it
    (cache on, no map to draw), else in full, keeping the state for the next build when the cache is on.
    The result's timings count reading and writing the state as the stage `state`."""
    where = state_path(cache, paths, out) if cache is not None else None
    parsed, parsed_in, spent = None, 0.0, 0.0
    if cache is not None and where is not None and not html:
        started = time.perf_counter()
        parsed = parse_paths(paths)
        parsed_in = time.perf_counter() - started
        found = _load(where)
        loaded_in = time.perf_counter() - started - parsed_in
        declined = "no state of an earlier build"
        if found is not None:
            done = _incremental(*found, parsed, extractor, cache, out, where)
            if isinstance(done, BuildResult):
                done.timings["parse"] = parsed_in
                done.timings["state"] += loaded_in  # written, and read
                return done
            declined = done
        spent = time.perf_counter() - started - parsed_in  # reading the state, and a change it declined
    token = os.urandom(8).hex()

    def keep(parsed: ParsedLog, ledger: Ledger) -> None:
        nonlocal spent
        if where is not None:
            started = time.perf_counter()
            _save(where, _state(token, parsed, ledger))
            spent += time.perf_counter() - started

    result = build_graph(paths, extractor, cache=cache, jobs=jobs, feedback=feedback, keep_extractions=False,
                         keep_ledger=where is not None, parsed=parsed, on_ledger=keep)
    if parsed is not None:
        result.timings["parse"] = parsed_in
        result.notes["extract"] += f"; built in full: {declined}"
    index = export(result, out, html=html, feedback=feedback, jobs=jobs, focus=focus, depth=depth)
    if where is not None:
        started = time.perf_counter()
        _save(_written_path(where), Written(token, result.counts, index))
        result.timings["state"] = spent + time.perf_counter() - started
    return result


def _state(token: str, parsed: ParsedLog, ledger: Ledger) -> State:
    entries = parsed.entries
    return State(token, [entry_key(e) for e in entries], [e.line for e in entries],
                 [(e.title, e.alias, e.short_title) for e in entries], [_pickled(paper_attrs(e)) for e in entries],
                 {iri for iri, n in Counter(ledger.entry_iris).items() if n > 1}, ledger)


def _written_path(where: Path) -> Path:
    return where.with_name(where.stem + ".written.pickle")


def _load(where: Path) -> tuple[State, Written] | None:
    """The state and what was written with it, if both are there and belong together."""
    try:
        with no_gc():
            with where.open("rb") as fh:
                state = pickle.load(fh)
            with _written_path(where).open("rb") as fh:
                written = pickle.load(fh)
    except Exception:  # none yet, or unreadable: a full build, never a failed one
        return None
    if not isinstance(state, State) or not isinstance(written, Written) or state.token != written.token:
        return None
    return state, written


def _save(path: Path, state: State | Written) -> None:
    """Write the state or what was written (atomically) and remove the states of other versions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with temp.open("wb") as fh, no_gc():
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    for folder in path.parent.parent.iterdir():
        if folder.is_dir() and folder.name.startswith(_STATE_PREFIX) and folder != path.parent:
            shutil.rmtree(folder, ignore_errors=True)


def _pickled(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class _Declined(Exception):
    """This change cannot be made incrementally: build in full."""


def _incremental(state: State, written: Written, parsed: ParsedLog, extractor: Extractor, cache: ExtractionCache,
                 out: Path, where: Path) -> BuildResult | str:
    """The incremental build's result, or why it declined."""
    try:
        with no_gc():
            return _update(state, written, parsed, extractor, cache, out, where)
    except (_Declined, PatchRefused) as why:
        return str(why)


def _update(state: State, written: Written, parsed: ParsedLog, extractor: Extractor, cache: ExtractionCache,
            out: Path, where: Path) -> BuildResult:
    laps = Laps()
    lap, timings = laps.lap, laps.timings
    entries = parsed.entries
    keys = [entry_key(e) for e in entries]
    ledger = state.ledger
    old_n = len(state.keys)
    if len(entries) < old_n:
        raise _Declined("entries were taken away")
    changed = [n for n in range(old_n) if keys[n] != state.keys[n] or entries[n].line != state.lines[n]]
    appended = list(range(old_n, len(entries)))
    if len(changed) + len(appended) > MAX_CHANGED:
        raise _Declined(f"{len(changed) + len(appended)} entries changed")
    if not changed and not appended:
        patch_exports(out, written.index, (), (), *export_prefixes())  # refuses exports changed since
        cache.keep(keys)
        lap("extract")
        timings["state"] = 0.0
        how = f"0 entries read, {len(entries)} from the cache; nothing changed"
        return _result(parsed, state, written, timings, how, "nothing to write")

    # the changed entries' old extractions, and every changed or added entry's new one
    old: dict[int, Extraction] = {}
    for n in changed:
        e = entries[n]
        iri = ledger.entry_iris[n]
        if (e.title, e.alias, e.short_title) != state.titles[n] or iri in state.shared or iri in ledger.keys_of_iri:
            raise _Declined(f"{e.source}:{e.line}: a paper renamed, read twice, or also a thing's node")
        payload = cache.payload(state.keys[n])
        if payload is None:
            raise _Declined(f"{e.source}:{e.line}: its last reading is no longer in the cache")
        old[n] = from_payload(replace(e, line=state.lines[n]), payload)
    new, read = _extractions(extractor, cache, entries, keys, [*changed, *appended])
    lap("extract")

    iris = _appended_iris(ledger, [entries[n] for n in appended], state)
    entry_iri = {n: ledger.entry_iris[n] for n in changed} | dict(zip(appended, iris, strict=True))
    folds = Folds()
    thing_key = Keys(ledger.singular).thing_key
    _check_terms(ledger, old.values(), new.values(), folds)
    names = Names(thing_key, ledger.related)

    # out with the old part (under the old relations), in with the new (under the new)
    old_rel, new_rel = Counter[str](), Counter[str]()
    for ex in old.values():
        old_rel.update(related_counts((ex,), thing_key))
    for ex in new.values():
        new_rel.update(related_counts((ex,), thing_key))
    flips = [k for k in old_rel.keys() | new_rel.keys()
             if (ledger.related.get(k, 0) > 0) != (ledger.related.get(k, 0) - old_rel[k] + new_rel[k] > 0)]
    extra = sorted({n for k in flips for n in ledger.passing.get(k, ()) if n not in old})
    if len(changed) + len(appended) + len(extra) > MAX_CHANGED:
        raise _Declined(f"{len(changed) + len(appended) + len(extra)} entries changed")
    if extra:
        more, _ = _extractions(extractor, cache, entries, keys, extra)
        old.update(more)
        new.update(more)
        entry_iri.update((n, ledger.entry_iris[n]) for n in extra)
    cache.keep(keys)
    cache.store()
    cache.release()
    before_parts = {n: entry_events(ex, names) for n, ex in sorted(old.items())}
    before_links = [edge for n, ex in sorted(old.items())
                    for edge in link_iris(entry_links(ex, entry_iri[n], names, before_parts[n][1]), entry_iri[n],
                                          ledger.iri_of)]
    _add(ledger.related, new_rel, -1, old_rel)
    after_parts = {n: entry_events(ex, names) for n, ex in sorted(new.items())}
    _repost(ledger.passing, old, new, thing_key)

    removed: set[Triple] = set()
    added: set[Triple] = set()
    looked = _things(ledger, before_parts, after_parts, removed, added)
    after_links = [edge for n, ex in sorted(new.items())
                   for edge in link_iris(entry_links(ex, entry_iri[n], names, after_parts[n][1]), entry_iri[n],
                                         ledger.iri_of)]
    _edges(ledger, before_links, after_links, removed, added)
    for n in changed:
        removed.update(node_triples(entry_iri[n], pickle.loads(state.papers[n])))
    for n in [*changed, *appended]:
        attrs = paper_attrs(entries[n])
        added.update(node_triples(entry_iri[n], attrs))
        if n < old_n:
            state.papers[n] = _pickled(attrs)
        else:
            state.papers.append(_pickled(attrs))
    if looked:
        rules = load_name_rules()
        found = near_duplicates(({"kind": kind, "label": label} for kind in looked
                                 for label in ledger.labels.get(kind, {})),
                                {label: key for kind in looked for label, key in ledger.labels.get(kind, {}).items()},
                                rules, looked)
        for kind in looked:
            ledger.near.pop(kind, None)
            if kind in found:
                ledger.near[kind] = found[kind]
    gone, come = removed - added, added - removed
    lap("resolve")

    index = patch_exports(out, written.index, gone, come, *export_prefixes())
    lap("serialise")
    state.token = written.token = os.urandom(8).hex()
    written.index, written.counts = index, written.counts.after(gone, come)
    state.keys, state.lines = keys, [e.line for e in entries]
    state.titles.extend((entries[n].title, entries[n].alias, entries[n].short_title) for n in appended)
    ledger.entry_iris.extend(iris)
    _save(where, state)
    _save(_written_path(where), written)
    lap("state")
    how = f"{read} entries read, {len(entries) - read} from the cache; incremental: {len(old)} out, {len(new)} in"
    return _result(parsed, state, written, timings, how, f"patched: {len(gone)} triples out, {len(come)} in")


def _result(parsed: ParsedLog, state: State, written: Written, timings: dict[str, float], extract_note: str,
            serialise_note: str) -> BuildResult:
    ledger = state.ledger
    warnings = parsed.warnings + ledger.paper_warnings + tuple(w for kind in sorted(ledger.near)
                                                                for w in ledger.near[kind])
    return BuildResult(parsed, (), {}, warnings, timings, {"extract": extract_note, "serialise": serialise_note},
                       ledger, written.counts)


def _extractions(extractor: Extractor, cache: ExtractionCache, entries: Sequence[Entry], keys: Sequence[str],
                 which: Sequence[int]) -> tuple[dict[int, Extraction], int]:
    """The extractions of these entries: from the cache, else read (and put in the cache); and how many were
    read."""
    out: dict[int, Extraction] = {}
    todo = []
    for n in which:
        payload = cache.payload(keys[n])
        if payload is None:
            todo.append(n)
        else:
            out[n] = from_payload(entries[n], payload)
    for n, ex in zip(todo, extractor.extract([entries[n] for n in todo]), strict=True):
        out[n] = ex
        cache.put(keys[n], ex)
    return out, len(todo)


def _appended_iris(ledger: Ledger, added: Sequence[Entry], state: State) -> list[str]:
    """The paper IRIs of entries added at the end, as kg.resolve.paper_iris would give them, where no other
    entry's IRI changes for them: no title read before, no alias another title has, no name of a node."""
    folds = Folds()
    known = set(ledger.entry_iris)
    out = []
    for e in added:
        titles = {folds[t] for t in (e.title, e.short_title) if t}
        if any(t in ledger.entry_of_title or t in ledger.things for t in titles):
            raise _Declined(f"{e.source}:{e.line}: a title the log already names")
        if e.alias:
            if slug(e.alias) in ledger.alias_slugs:
                raise _Declined(f"{e.source}:{e.line}: an alias another title has")
            ledger.alias_slugs.add(slug(e.alias))
        iri = node_id("paper", e.alias or e.title)
        if iri in known or iri in ledger.keys_of_iri:
            raise _Declined(f"{e.source}:{e.line}: a paper with the IRI of another node")
        known.add(iri)
        for t in (e.title, e.short_title):
            if t:
                ledger.entry_of_title.setdefault(folds[t], iri)
        out.append(iri)
    return out


def _check_terms(ledger: Ledger, old: Iterable[Extraction], new: Iterable[Extraction], folds: Folds) -> None:
    """Count the entries' lower-case techniques out and in; decline if that changes which are plurals."""
    taken, given = technique_terms(list(old), folds), technique_terms(list(new), folds)
    before = {k for k in taken.keys() | given.keys() if ledger.terms.get(k, 0) > 0}
    _add(ledger.terms, given, -1, taken)
    after = {k for k in taken.keys() | given.keys() if ledger.terms.get(k, 0) > 0}
    if before != after and singular_keys(ledger.terms, load_name_rules().plural_endings) != ledger.singular:
        raise _Declined("which techniques are plurals of others changed")


def _add(counts: Counter[str], plus: Mapping[str, int], sign: int, minus: Mapping[str, int]) -> None:
    """counts += plus, counts -= minus (sign -1), dropping what falls to nothing."""
    for k, v in minus.items():
        counts[k] += sign * v
    for k, v in plus.items():
        counts[k] += v
    for k in list(minus) + list(plus):
        if counts.get(k, 1) <= 0:
            del counts[k]


def _repost(passing: dict[str, list[int]], old: Mapping[int, Extraction], new: Mapping[int, Extraction],
            thing_key: Callable[[Mention], str]) -> None:
    """Move the entries in the index of names named in passing (kg.resolve._passing)."""
    for n, ex in old.items():
        for key in passing_of([ex], thing_key):
            found = passing.get(key, [])
            if n in found:
                found.remove(n)
            if not found:
                passing.pop(key, None)
    for n, ex in new.items():
        for key in passing_of([ex], thing_key):
            found = passing.setdefault(key, [])
            if n not in found:
                found.append(n)
                found.sort()


def _things(ledger: Ledger, before: Mapping[int, tuple[list[Event], dict[str, str]]],
            after: Mapping[int, tuple[list[Event], dict[str, str]]], removed: set[Triple],
            added: set[Triple]) -> set[str]:
    """Take the old name events out of the things and put the new in; the node triples that go and come.
    Returns the kinds whose look-alike warnings must be made again."""
    things = ledger.things
    keys = {key for parts in (before, after) for events, _ in parts.values() for key, _, _ in events}
    nodes_before = {k: thing_node(things[k], ledger.entry_of_title) for k in keys if k in things}
    lost: list[tuple[int, str, str | None]] = []  # (entry, key, spelling or None for the thing) first seen there
    for n, (events, _) in before.items():
        _take_events(things, n, events, lost)
    for n, (events, _) in after.items():
        add_events(things, n, events)
    for n, key, text in lost:
        t = things.get(key)
        if t is None:
            continue
        if (t.created if text is None else t.first.get(text, _NEVER))[0] > n and (text is None or t.seen[text]):
            raise _Declined(f"where '{text or key}' is first named changed")
    looked: set[str] = set()
    for key in keys:
        was = nodes_before.get(key)
        now = thing_node(things[key], ledger.entry_of_title) if key in things else None
        if was == now:
            continue
        was_iri, was_node = was or (None, None)
        now_iri, now_node = now or (None, None)
        if was is not None and now is not None and (was_iri != now_iri or (was_node is None) != (now_node is None)):
            raise _Declined(f"the node of '{key}' changes its IRI")
        if was_node is not None:
            assert was_iri is not None
            if ledger.keys_of_iri[was_iri] > 1:
                raise _Declined(f"'{key}' is one of several names of one node")
            removed.update(node_triples(was_iri, was_node))
            _relabel(ledger, was_node, -1, looked)
        if now_node is not None:
            assert now_iri is not None
            if was is None and (now_iri in ledger.keys_of_iri or now_iri in ledger.entry_iris):
                raise _Declined(f"a new name '{key}' would be another node's")
            added.update(node_triples(now_iri, now_node))
            _relabel(ledger, now_node, 1, looked)
        if was is None:
            assert now_iri is not None
            ledger.iri_of[key] = now_iri
            if now_node is not None:
                ledger.keys_of_iri[now_iri] += 1
        elif now is None:
            del ledger.iri_of[key]
            if was_node is not None:
                assert was_iri is not None
                del ledger.keys_of_iri[was_iri]
    return looked


def _take_events(things: MutableMapping[str, Thing], n: int, events: Sequence[Event],
                 lost: list[tuple[int, str, str | None]]) -> None:
    """Take entry `n`'s name events back out of the things (the inverse of kg.resolve.add_events), noting each
    spelling and thing that this entry was the first to name."""
    for key, m, text in events:
        t = things[key]
        if m is not None:
            t.notes -= 1
            kind = m.kind
            t.kinds[kind] -= kind_weight(m)
            if t.kinds[kind] <= 0:
                del t.kinds[kind]
            t.spellings[text] -= 1
        t.seen[text] -= 1
        if t.seen[text] <= 0:
            del t.seen[text], t.spellings[text]
            t.first.pop(text, None)
        elif t.first.get(text, _NEVER)[0] == n:
            del t.first[text]
            lost.append((n, key, text))
        if t.notes <= 0 and not t.seen:
            del things[key]
        elif m is not None and t.created[0] == n:
            t.created = _NEVER
            lost.append((n, key, None))


def _relabel(ledger: Ledger, node: Mapping[str, object], sign: int, looked: set[str]) -> None:
    """Count a node's label into (1) or out of (-1) the labels looked at for look-alikes."""
    kind, label = str(node["kind"]), str(node["label"])
    if kind in ("paper", "person") or node.get("concept"):
        return
    labels = ledger.labels.setdefault(kind, {})
    if sign > 0:
        labels[label] = Folds()[label]
    else:
        labels.pop(label, None)
    looked.add(kind)


def _edges(ledger: Ledger, before: Sequence[tuple[tuple[str, str, str], Evidence | None]],
           after: Sequence[tuple[tuple[str, str, str], Evidence | None]], removed: set[Triple],
           added: set[Triple]) -> None:
    """Count the old edges out and the new in; an edge's triple goes when no link makes it any more and comes
    when the first does; the evidence statements of the entries go and come with them."""
    counts = ledger.edges
    touched = {edge for edge, _ in (*before, *after)}
    had = {edge: counts.get(edge, 0) > 0 for edge in touched}
    for edge, _ in before:
        counts[edge] -= 1
    for edge, _ in after:
        counts[edge] += 1
    for edge in touched:
        if counts[edge] <= 0:
            del counts[edge]
        s, o, p = edge
        if had[edge] and edge not in counts:
            removed.add((s, predicate_iri(p), o))
        elif edge in counts and not had[edge]:
            added.add((s, predicate_iri(p), o))
    removed.update(edge_triples(before)[1])
    added.update(edge_triples(after)[1])


__all__ = ["MAX_CHANGED", "State", "Written", "build_and_export", "state_path"]


