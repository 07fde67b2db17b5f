"""Patch the RDF export files after a small change of the graph, instead of writing them again.

A full write of a 10,000-entry log's kg.ttl, kg.jsonld and kg.nt (177 MB) takes well over a second. An edit
of one entry changes a few dozen triples of a few subjects, and in each file a subject's triples are one run
of bytes (its "block", kg.writer) at a place its sort key decides. `export` (kg.build) hands back an
`ExportIndex` of what it wrote: each file's subjects in order with their block sizes, the Turtle refcounts the
Turtle order and header depend on, and a stamp of each file. `patch_exports` takes that index and the triples a
change removes and adds, and writes each file again by copying the unchanged runs of the old one (in the kernel
where it can) and putting in the new blocks of the changed subjects, which it renders with kg.writer's own
code. The files it gives are the bytes a full write of the new graph gives; tests/test_patch.py holds the proof.

The index keeps subjects under stable numbers (a list of IRIs that new subjects are appended to, a vanished
one leaving an empty slot until the list is compacted), so a file's order is an array of numbers that a patch
edits by slices, not a list of objects: it pickles small and quickly.

When a patch cannot be made exactly (a file changed since the index was made, other prefixes, a triple that is
not there to remove) it raises `PatchRefused` and leaves the files as they were: the caller writes them whole.
"""

from __future__ import annotations

import os
import re
import tempfile
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from kg.rdf import readable_mode
from kg.writer import (
    RDF_TYPE,
    Lit,
    Obj,
    PlainGraph,
    PlanOutline,
    file_tail,
    jsonld_head,
    subject_blocks,
    ttl_head,
    turtle_prefix,
    writer_plan,
)

Triple = tuple[str, str, Obj]
Stamp = tuple[int, int, int]  # a file's size, mtime_ns and inode


class PatchRefused(Exception):
    """The exports cannot be patched exactly: write them whole. Not a user's error."""


@dataclass(frozen=True, eq=False)
class FileIndex:
    """One export file: its format, its subjects in writing order (numbers in ExportIndex.subjects), each
    one's block size, the length of the text before the first block and after the last, and its stamp."""

    fmt: str
    order: array[int]
    sizes: array[int]
    head: int
    tail: int
    stamp: Stamp


@dataclass(frozen=True, eq=False)
class ExportIndex:
    """What `export` wrote, as a patch needs it (see the module's text). `subjects[i]` is the IRI of subject
    number i ("" for one that vanished); `by_iri` the live numbers by IRI; `files` file name -> FileIndex.
    The Turtle counts are those of kg.writer.TurtleCounts."""

    subjects: tuple[str, ...]
    by_iri: array[int]
    files: dict[str, FileIndex]
    refs: dict[str, int]
    predicates: dict[str, int]
    datatypes: dict[str, int]
    prefixes: dict[str, int]
    namespaces: tuple[tuple[str, str], ...]
    context: tuple[tuple[str, str], ...]

    def __reduce__(self) -> tuple[Callable[..., ExportIndex], tuple[Any, ...]]:
        # the IRIs as one string: pickled and read back at the speed of copying bytes
        return _restore, (len(self.subjects), "\n".join(self.subjects), self.by_iri, self.files, self.refs,
                          self.predicates, self.datatypes, self.prefixes, self.namespaces, self.context)


def _restore(n: int, subjects: str, *rest: Any) -> ExportIndex:
    return ExportIndex(tuple(subjects.split("\n")) if n else (), *rest)


def file_stamp(path: Path) -> Stamp:
    st = path.stat()
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def make_index(out: Path, subjects: Sequence[str], plans: Mapping[str, PlanOutline],
               sizes: Mapping[str, array[int]], namespaces: Mapping[str, str],
               context: Mapping[str, str]) -> ExportIndex:
    """The index of the files just written into `out`: the subjects by IRI, file name -> the outline of the plan
    it was written with (WritePlan.outline) and its subjects' sizes in writing order (as
    kg.writer.write_parts reports them)."""
    if not plans:
        raise ValueError("an index of no file")
    n = len(subjects)
    by_name = tuple(subjects)
    by_iri = array("I", range(n))
    files = {}
    refs: dict[str, int] = {}
    predicates: dict[str, int] = {}
    datatypes: dict[str, int] = {}
    prefixes: dict[str, int] = {}
    for name, plan in plans.items():
        if len(sizes[name]) != n:
            raise ValueError(f"{name}: {len(sizes[name])} sizes for {n} subjects")
        order = by_iri if plan.order is None else array("I", plan.order)
        files[name] = FileIndex(plan.fmt, order, array("q", sizes[name]), len(plan.head.encode("utf-8")),
                                len(plan.tail.encode("utf-8")), file_stamp(out / name))
        if plan.turtle is not None:
            refs, predicates = dict(plan.turtle.refs), dict(plan.turtle.predicates)
            datatypes, prefixes = dict(plan.turtle.datatypes), dict(plan.turtle.prefixes)
    return ExportIndex(by_name, by_iri, files, refs, predicates, datatypes, prefixes,
                       tuple(sorted(namespaces.items())), tuple(sorted(context.items())))


# ---------------------------------------------------------------------------------------------- reading N-Triples


_UNESCAPE = {"\\": "\\", "n": "\n", '"': '"', "r": "\r"}
_ESCAPED = re.compile(r"\\(.)", re.S)


def _unescape(text: str) -> str:
    """The inverse of kg.writer._nt_escape."""
    if "\\" not in text:
        return text
    return _ESCAPED.sub(lambda m: _UNESCAPE[m.group(1)], text)


def parse_nt_block(subject: str, block: bytes) -> dict[str, list[Obj]]:
    """A subject's triples (predicate -> objects) from its N-Triples lines as kg.writer writes them."""
    lead = f"<{subject}> "
    preds: dict[str, list[Obj]] = {}
    lines = block.decode("utf-8").split("\n")
    if lines[-1] != "":
        raise PatchRefused(f"the N-Triples of {subject} do not end a line")
    for line in lines[:-1]:
        if not line.startswith(lead) or not line.endswith(" .") or not line.startswith("<", len(lead)):
            raise PatchRefused(f"not a line of {subject} as kg writes it: {line[:80]!r}")
        rest = line[len(lead) : -2]
        cut = rest.index("> ")
        p, term = rest[1:cut], rest[cut + 2 :]
        o: Obj
        if term.startswith("<") and term.endswith(">"):
            o = term[1:-1]
        elif term.startswith('"'):
            close = term.rindex('"')
            dt = term[close + 1 :]
            if dt and not (dt.startswith("^^<") and dt.endswith(">")):
                raise PatchRefused(f"a literal kg does not write: {term[:80]!r}")
            o = Lit(_unescape(term[1:close]), dt[3:-1])
        else:
            raise PatchRefused(f"an object kg does not write: {term[:80]!r}")
        preds.setdefault(p, []).append(o)
    return preds


# ---------------------------------------------------------------------------------------------- patching


def patch_exports(out: Path, index: ExportIndex, removed: Iterable[Triple], added: Iterable[Triple],
                  namespaces: Mapping[str, str], context: Mapping[str, str]) -> ExportIndex:
    """Make the export files in `out` those of the graph the index's was, less `removed` and plus `added`
    (every removed triple is in that graph and no added one), byte for byte what a full write gives; return
    the index of the new files. Raises PatchRefused, leaving the files as they were, when it cannot."""
    if tuple(sorted(namespaces.items())) != index.namespaces or tuple(sorted(context.items())) != index.context:
        raise PatchRefused("the prefixes differ from those the files were written with")
    for name, f in index.files.items():
        try:
            now = file_stamp(out / name)
        except OSError as err:
            raise PatchRefused(f"{name}: {err.strerror}") from None
        if now != f.stamp:
            raise PatchRefused(f"{name} changed since it was written")
    nt_name = next((name for name, f in index.files.items() if f.fmt == "nt"), None)
    if nt_name is None:
        raise PatchRefused("no N-Triples file to read the old triples from")
    minus: dict[str, list[tuple[str, Obj]]] = defaultdict(list)
    plus: dict[str, list[tuple[str, Obj]]] = defaultdict(list)
    for s, p, o in removed:
        minus[s].append((p, o))
    for s, p, o in added:
        plus[s].append((p, o))
    changed = sorted(minus.keys() | plus.keys())
    if not changed:
        return index
    return _Patch(out, index, namespaces, context).run(changed, minus, plus, nt_name)


_COMPACT = 4  # compact the subject numbers when a quarter of them are empty slots


class _Patch:
    def __init__(self, out: Path, index: ExportIndex, namespaces: Mapping[str, str],
                 context: Mapping[str, str]) -> None:
        self.out = out
        self.index = index
        self.namespaces = namespaces
        self.context = context
        self.names = index.subjects
        self.starts: dict[str, array[int]] = {}  # file -> each block's offset, in file order (and the end)
        self.fds: dict[str, int] = {}

    # -- looking up

    def number(self, s: str) -> int | None:
        """Subject s's number, if it is a subject of the old files."""
        by_iri = self.index.by_iri
        at = bisect_left(by_iri, s, key=self.names.__getitem__)
        return by_iri[at] if at < len(by_iri) and self.names[by_iri[at]] == s else None

    def old_key(self, fmt: str) -> Callable[[int], Any]:
        names, refs = self.names, self.index.refs
        if fmt == "nt":
            return lambda i: f"<{names[i]}>"
        if fmt == "ttl":
            return lambda i: (refs.get(names[i], 0), names[i])
        return names.__getitem__

    def offsets(self, name: str) -> array[int]:
        if name not in self.starts:
            f = self.index.files[name]
            self.starts[name] = array("q", accumulate(f.sizes, initial=f.head))
        return self.starts[name]

    def old_block(self, name: str, at: int) -> bytes:
        starts = self.offsets(name)
        size = starts[at + 1] - starts[at]
        data = os.pread(self.fds[name], size, starts[at])
        if len(data) != size:
            raise PatchRefused(f"{name} is shorter than its index says")
        return data

    # -- the patch

    def run(self, changed: list[str], minus: Mapping[str, list[tuple[str, Obj]]],
            plus: Mapping[str, list[tuple[str, Obj]]], nt_name: str) -> ExportIndex:
        index = self.index
        try:
            for name in index.files:
                self.fds[name] = os.open(self.out / name, os.O_RDONLY)
            return self._run(changed, minus, plus, nt_name)
        finally:
            for fd in self.fds.values():
                os.close(fd)

    def _run(self, changed: list[str], minus: Mapping[str, list[tuple[str, Obj]]],
             plus: Mapping[str, list[tuple[str, Obj]]], nt_name: str) -> ExportIndex:
        index = self.index
        nt = index.files[nt_name]
        nt_key = self.old_key("nt")
        old: dict[str, dict[str, list[Obj]]] = {}
        numbers: dict[str, int] = {}
        for s in changed:
            i = self.number(s)
            if i is not None:
                numbers[s] = i
                at = bisect_left(nt.order, f"<{s}>", key=nt_key)
                old[s] = parse_nt_block(s, self.old_block(nt_name, at))
        new: PlainGraph = {}
        refs = Counter(index.refs)
        datatypes = Counter(index.datatypes)
        predicates = Counter(index.predicates)
        touched_refs: set[str] = set()
        for s in changed:
            preds = {p: list(objs) for p, objs in old.get(s, {}).items()}
            for p, o in minus.get(s, ()):
                objs = preds.get(p)
                if objs is None or o not in objs:
                    raise PatchRefused(f"a triple to remove is not in the export: {s} {p} {o!r}")
                objs.remove(o)
                if not objs:
                    del preds[p]
                self._count(o, -1, refs, datatypes, touched_refs)
            for p, o in plus.get(s, ()):
                objs = preds.setdefault(p, [])
                if o in objs:
                    raise PatchRefused(f"a triple to add is in the export already: {s} {p} {o!r}")
                objs.append(o)
                self._count(o, +1, refs, datatypes, touched_refs)
            for p in old.get(s, {}).keys() - preds.keys():
                predicates[p] -= 1
            for p in preds.keys() - old.get(s, {}).keys():
                predicates[p] += 1
            if preds:
                new[s] = preds
        prefixes = self._prefixes(changed, old, new, refs, datatypes, predicates, touched_refs)
        # subjects whose block stays but whose Turtle refcount changed: they move in the Turtle file
        moved = []
        for s in sorted(touched_refs.difference(changed)):
            i = self.number(s) if refs.get(s, 0) != index.refs.get(s, 0) else None
            if i is not None:
                numbers[s] = i
                moved.append(s)
        blocks = self._render(new)
        # numbers of the new subjects; the vanished leave an empty slot
        names = list(self.names)
        born = [s for s in changed if s in new and s not in old]
        for s in born:
            numbers[s] = len(names)
            names.append(s)
        for s in changed:
            if s in old and s not in new:
                names[numbers[s]] = ""
        for o in touched_refs:
            if not refs[o]:
                del refs[o]
        new_refs = refs
        staged: dict[str, Path] = {}
        edited: dict[str, tuple[array[int], array[int], int, int]] = {}
        try:
            for name, f in index.files.items():
                edited[name] = self._write(name, f, changed, moved, numbers, old, new, blocks[f.fmt], new_refs,
                                           prefixes, staged)
            for name, path in staged.items():
                os.replace(path, self.out / name)
        finally:
            for path in staged.values():
                path.unlink(missing_ok=True)
        files = {name: FileIndex(index.files[name].fmt, order, sizes, head, tail, file_stamp(self.out / name))
                 for name, (order, sizes, head, tail) in edited.items()}
        by_iri = next((files[name].order for name, f in index.files.items() if f.fmt == "jsonld"), None)
        if by_iri is None:
            by_iri = self._by_iri(names, born, numbers)
        result = ExportIndex(tuple(names), by_iri, files, new_refs,
                             {p: n for p, n in predicates.items() if n}, {d: n for d, n in datatypes.items() if n},
                             {p: n for p, n in prefixes.items() if n}, index.namespaces, index.context)
        empty = len(names) - len(by_iri)
        return _compacted(result) if empty * _COMPACT > len(names) else result

    @staticmethod
    def _count(o: Obj, step: int, refs: Counter[str], datatypes: Counter[str], touched: set[str]) -> None:
        if isinstance(o, str):
            refs[o] += step
            touched.add(o)
        else:
            datatypes[o.dt] += step

    def _prefixes(self, changed: list[str], old: Mapping[str, dict[str, list[Obj]]], new: PlainGraph,
                  refs: Counter[str], datatypes: Counter[str], predicates: Counter[str],
                  touched_refs: set[str]) -> Counter[str]:
        """The Turtle prefix counts after the change: a term counts once in each role while it plays it."""
        index = self.index
        prefix_of = turtle_prefix(self.namespaces)
        prefixes = Counter(index.prefixes)

        def turn(term: str, was: int, now: int) -> None:
            if bool(was) != bool(now):
                prefix = prefix_of(term)
                if prefix is not None:
                    prefixes[prefix] += 1 if now else -1

        for s in changed:
            turn(s, s in old, s in new)
        for p in {p for s in changed for p in (*old.get(s, ()), *new.get(s, ()))}:
            if p != RDF_TYPE:  # written `a`, with no prefix
                turn(p, index.predicates.get(p, 0), predicates[p])
        for o in touched_refs:
            turn(o, index.refs.get(o, 0), refs[o])
        for dt in datatypes.keys() | index.datatypes.keys():
            if dt:
                turn(dt, index.datatypes.get(dt, 0), datatypes[dt])
        return prefixes

    def _render(self, new: PlainGraph) -> dict[str, dict[str, bytes]]:
        """The changed subjects' new blocks in each format (JSON-LD's each with its leading comma)."""
        blocks: dict[str, dict[str, bytes]] = {}
        for fmt in {f.fmt for f in self.index.files.values()}:
            prefixes = self.namespaces if fmt == "ttl" else self.context if fmt == "jsonld" else {}
            try:
                plan = writer_plan(fmt, new, prefixes)
                blocks[fmt] = dict(zip(plan.subjects, subject_blocks(plan), strict=True))
            except ValueError as err:  # what a full write would fail on too: let it say so
                raise PatchRefused(str(err)) from None
        return blocks

    def _write(self, name: str, f: FileIndex, changed: list[str], moved: list[str], numbers: Mapping[str, int],
               old: Mapping[str, object], new: PlainGraph, blocks: Mapping[str, bytes], new_refs: Mapping[str, int],
               prefixes: Counter[str], staged: dict[str, Path]) -> tuple[array[int], array[int], int, int]:
        """Write file `name` anew to a temporary file in the folder (added to `staged`); return its order,
        sizes, head and tail lengths."""
        old_key = self.old_key(f.fmt)
        if f.fmt == "ttl":
            def new_key(s: str) -> Any:
                return (new_refs.get(s, 0), s)
        elif f.fmt == "nt":
            def new_key(s: str) -> Any:
                return f"<{s}>"
        else:
            def new_key(s: str) -> Any:
                return s
        order = f.order
        drops = []
        puts: list[tuple[int, Any, int, bytes]] = []  # (before which old position, key, number, block)
        for s in changed:
            if s in old:  # a subject of the old file
                drops.append(bisect_left(order, old_key(numbers[s]), key=old_key))
            if s in new:
                key = new_key(s)
                puts.append((bisect_left(order, key, key=old_key), key, numbers[s], blocks[s]))
        if f.fmt == "ttl":
            for s in moved:
                at = bisect_left(order, old_key(numbers[s]), key=old_key)
                drops.append(at)
                key = new_key(s)
                puts.append((bisect_left(order, key, key=old_key), key, numbers[s], self.old_block(name, at)))
        puts.sort(key=lambda put: (put[0], put[1]))
        events = sorted([(at, 1, k) for k, at in enumerate(drops)] + [(put[0], 0, k) for k, put in enumerate(puts)])
        starts = self.offsets(name)
        pieces: list[bytes | tuple[int, int]] = []  # new bytes, or a run of the old file's (start, stop)
        new_order: array[int] = array("I")
        new_sizes: array[int] = array("q")
        comma = f.fmt == "jsonld"  # blocks carry the comma before them, but for the file's first

        def copy(a: int, b: int) -> None:
            if a >= b:
                return
            if comma and a == 0:
                pieces.append(b",")
                new_sizes.append(f.sizes[0] + 1)
                new_sizes.extend(f.sizes[1:b])
            else:
                new_sizes.extend(f.sizes[a:b])
            pieces.append((starts[a], starts[b]))
            new_order.extend(order[a:b])

        cursor = 0
        for at, is_drop, k in events:
            copy(cursor, at)
            cursor = max(cursor, at)
            if is_drop:
                cursor = at + 1
            else:
                _, _, number, block = puts[k]
                pieces.append(block)
                new_order.append(number)
                new_sizes.append(len(block))
        copy(cursor, len(order))
        if comma and pieces:
            first = pieces[0]
            pieces[0] = first[1:] if isinstance(first, bytes) else (first[0] + 1, first[1])
            new_sizes[0] -= 1
        if f.fmt == "ttl":
            head = ttl_head({prefix: self.namespaces[prefix] for prefix, n in prefixes.items() if n})
        elif f.fmt == "jsonld":
            head = jsonld_head(self.context)
        else:
            head = ""
        head_bytes = head.encode("utf-8")
        tail_bytes = file_tail(f.fmt, not new_order).encode("utf-8")
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", dir=self.out)
        staged[name] = Path(temp)
        try:
            os.chmod(temp, readable_mode())
            _write_pieces(self.fds[name], fd, [head_bytes, *pieces, tail_bytes])
        finally:
            os.close(fd)
        return new_order, new_sizes, len(head_bytes), len(tail_bytes)

    def _by_iri(self, names: list[str], born: list[str], numbers: Mapping[str, int]) -> array[int]:
        live = [i for i in self.index.by_iri if names[i]]
        for s in born:
            live.insert(bisect_left(live, s, key=names.__getitem__), numbers[s])
        return array("I", live)


def _write_pieces(src: int, dst: int, pieces: list[bytes | tuple[int, int]]) -> None:
    """Write the pieces to `dst` one after another: bytes, or runs (start, stop) of `src` copied in the kernel
    where it can."""
    at = 0
    kernel = hasattr(os, "copy_file_range")
    for piece in pieces:
        if isinstance(piece, bytes):
            view = memoryview(piece)
            while view:
                n = os.pwrite(dst, view, at)
                view = view[n:]
                at += n
            continue
        start, stop = piece
        while start < stop:
            n = 0
            if kernel:
                try:
                    n = os.copy_file_range(src, dst, stop - start, start, at)
                except OSError:
                    kernel = False  # a file system that cannot: through Python from here on
            if not kernel:
                data = os.pread(src, min(stop - start, 1 << 22), start)
                n = os.pwrite(dst, data, at) if data else 0
            if n <= 0:
                raise PatchRefused("the old file is shorter than its index says")
            start += n
            at += n


def _compacted(index: ExportIndex) -> ExportIndex:
    """The index with its subjects numbered again from 0, by IRI, without empty slots."""
    renumber = array("I", bytes(4 * len(index.subjects)))
    for k, i in enumerate(index.by_iri):
        renumber[i] = k
    files = {name: FileIndex(f.fmt, array("I", map(renumber.__getitem__, f.order)), f.sizes, f.head, f.tail, f.stamp)
             for name, f in index.files.items()}
    by_iri = array("I", range(len(index.by_iri)))
    for f in files.values():
        if f.fmt == "jsonld":
            by_iri = f.order
    return ExportIndex(tuple(map(index.subjects.__getitem__, index.by_iri)), by_iri, files, index.refs,
                       index.predicates, index.datatypes, index.prefixes, index.namespaces, index.context)


__all__ = ["ExportIndex", "FileIndex", "PatchRefused", "Triple", "make_index", "parse_nt_block", "patch_exports"]
