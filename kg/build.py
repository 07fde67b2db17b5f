"""The whole build: notes -> parse -> extract -> resolve -> RDF (and the map), as one pure function plus a writer.

Around the pure stages sit three things that only change how fast the same result comes:

- a cache of each entry's extraction (kg.cache), so a rebuild after a small edit re-reads only what changed;
- worker processes for extraction when many entries are to be read (`jobs`), each with the forked extractor,
  results in entry order;
- the export writers of kg.writer, which stream rdflib's exact bytes to files without building an rdflib graph
  (`BuildResult.graph` is still there, built on first use, for callers that want rdflib).

`Feedback` is the hook a caller gives to see the stages go by (the CLI draws a progress bar with it).
"""

from __future__ import annotations

import functools
import io
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import tempfile
import time
import traceback
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from rdflib import Graph

from kg.cache import ExtractionCache
from kg.extract import Extractor
from kg.model import Diagnostic, Entry, Extraction, Mention, ParsedLog, Relation
from kg.namespace import KG, KIND_OF_CLASS
from kg.parse import parse_paths
from kg.patch import ExportIndex, make_index
from kg.rdf import (
    _CONTEXT_PREFIXES,
    EXPORT_FILES,
    Triple,
    bind_prefixes,
    plain_triples,
    rdflib_graph,
    readable_mode,
    write_atomically,
)
from kg.resolve import Ledger, resolve
from kg.runtime import Laps, no_gc
from kg.writer import RDF_TYPE, PlainGraph, PlanOutline, WritePlans, count, write_parts

if TYPE_CHECKING:
    from multiprocessing.sharedctypes import Synchronized

    from rich.progress import Progress, TaskID

PARALLEL_MIN = 400  # fewer entries to extract than this: one process is quicker than starting workers
_RELATIONS = {str(KG.buildsOn): "buildsOn", str(KG.comparesTo): "comparesTo", str(KG.uses): "uses"}


class Feedback(Protocol):
    """What a build reports while it runs."""

    def stage(self, name: str, total: int | None = None) -> None:
        """A stage starts; `total` is the number of entries it goes through, if it counts them."""

    def advance(self, done: int) -> None:
        """`done` more entries of the current stage are finished."""


class _Silent:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, done: int) -> None:
        pass


@dataclass(frozen=True)
class GraphCounts:
    """What the summary of a build counts: nodes of each kind, edges of each relation, triples."""

    kinds: dict[str, int]
    relations: dict[str, int]
    triples: int

    def after(self, removed: Iterable[Triple], added: Iterable[Triple]) -> GraphCounts:
        """The counts once these triples are gone and those come."""
        kinds, relations = Counter(self.kinds), Counter(self.relations)
        triples = self.triples
        for sign, triples_of in ((-1, removed), (1, added)):
            for _, p, o in triples_of:
                triples += sign
                if p == RDF_TYPE and isinstance(o, str) and o in _KIND_OF:
                    kinds[_KIND_OF[o]] += sign
                elif p in _RELATIONS:
                    relations[_RELATIONS[p]] += sign
        return GraphCounts({k: n for k, n in kinds.items() if n}, {k: n for k, n in relations.items() if n}, triples)


_KIND_OF = {str(cls): kind for cls, kind in KIND_OF_CLASS.items()}


def graph_counts(g: PlainGraph) -> GraphCounts:
    kinds: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    for preds in g.values():
        for cls in preds.get(RDF_TYPE, ()):
            if isinstance(cls, str) and cls in _KIND_OF:
                kinds[_KIND_OF[cls]] += 1
        for p, name in _RELATIONS.items():
            if p in preds:
                rels[name] += len(preds[p])
    return GraphCounts(dict(kinds), dict(rels), count(g))


@dataclass(frozen=True)
class BuildResult:
    parsed: ParsedLog
    extractions: tuple[Extraction, ...]  # () when the build was asked not to keep them
    plain: PlainGraph  # the export's triples as plain values (kg.writer); {} when the exports were patched
    warnings: tuple[Diagnostic, ...]
    timings: dict[str, float] = field(default_factory=dict, compare=False)  # stage -> seconds
    notes: dict[str, str] = field(default_factory=dict, compare=False)  # stage -> what it did (cache, workers)
    ledger: Ledger | None = field(default=None, compare=False)  # build_graph(..., keep_ledger=True)
    known_counts: GraphCounts | None = field(default=None, compare=False)  # when `plain` is not the graph

    @cached_property
    def graph(self) -> Graph:
        """The export as an rdflib graph (built on first use: slow for very large logs)."""
        return rdflib_graph(self.plain)

    @cached_property
    def counts(self) -> GraphCounts:
        return self.known_counts or graph_counts(self.plain)


def build_graph(
    paths: Sequence[Path],
    extractor: Extractor | None = None,
    *,
    cache: ExtractionCache | None = None,
    jobs: int = 1,
    feedback: Feedback | None = None,
    keep_extractions: bool = True,
    keep_ledger: bool = False,
    parsed: ParsedLog | None = None,
    on_ledger: Callable[[ParsedLog, Ledger], None] | None = None,
) -> BuildResult:
    """Parse, extract, resolve and map to RDF triples. Without `keep_extractions` the result holds none (a
    large log's extractions take much memory and the exports do not need them); with `keep_ledger` it holds
    what an incremental build needs (kg.incremental), and `on_ledger` gets it as soon as it is made, before the
    triples are (a large log's memory is at its lowest there). `parsed`: the paths already parsed."""
    with no_gc():
        return _build(paths, extractor, cache, jobs, feedback or _Silent(), keep_extractions, keep_ledger, parsed,
                      on_ledger)


def _build(paths: Sequence[Path], extractor: Extractor | None, cache: ExtractionCache | None, jobs: int,
           feedback: Feedback, keep_extractions: bool, keep_ledger: bool, parsed: ParsedLog | None,
           on_ledger: Callable[[ParsedLog, Ledger], None] | None) -> BuildResult:
    laps = Laps()
    lap, timings = laps.lap, laps.timings
    notes: dict[str, str] = {}
    feedback.stage("parse")
    parsed = parsed or parse_paths(paths)
    lap("parse")
    extractor = extractor or Extractor()
    extractions, notes["extract"] = extract_entries(extractor, parsed.entries, cache=cache, jobs=jobs,
                                                    feedback=feedback)
    lap("extract")
    feedback.stage("resolve")
    resolved = resolve(extractions, keep=keep_ledger)
    if not keep_extractions:
        extractions = ()
    if resolved.ledger is not None:
        resolved.ledger.pack()
    lap("resolve")
    if on_ledger is not None and resolved.ledger is not None:
        on_ledger(parsed, resolved.ledger)  # (its time is the caller's to count)
        laps.restart()
    feedback.stage("rdf")
    plain = plain_triples(resolved.nodes, resolved.edges, consume=True)  # evidence freed as triples are made
    lap("rdf")
    return BuildResult(parsed, extractions, plain, parsed.warnings + resolved.warnings, timings, notes,
                       resolved.ledger)


# ---------------------------------------------------------------------------------------------- extraction


def extract_entries(
    extractor: Extractor,
    entries: Sequence[Entry],
    *,
    cache: ExtractionCache | None = None,
    jobs: int = 1,
    feedback: Feedback | None = None,
) -> tuple[tuple[Extraction, ...], str]:
    """Every entry's extraction, from the cache where it holds one; the rest read in `jobs` processes.
    Returns the extractions in entry order and a line saying how they were got."""
    feedback = feedback or _Silent()
    feedback.stage("extract", len(entries))
    if cache is not None:
        found, keys = cache.lookup(entries)
        feedback.advance(len(entries) - found.count(None))
    else:
        found, keys = [None] * len(entries), []
    todo = [i for i, ex in enumerate(found) if ex is None]
    workers = min(jobs, max(1, len(todo) // (PARALLEL_MIN // 2))) if len(todo) >= PARALLEL_MIN else 1
    fresh = _extract(extractor, [entries[i] for i in todo], workers, feedback)
    out: list[Extraction | None] = list(found)
    for i, ex in zip(todo, fresh, strict=True):
        out[i] = ex
        if cache is not None:
            cache.put(keys[i], ex)
    if cache is not None:
        cache.store()
        cache.release()
        how = f"{len(todo)} entries read, {len(entries) - len(todo)} from the cache"
    else:
        how = f"{len(todo)} entries read, no cache"
    how += f", {workers} process{'es' if workers > 1 else ''}"
    return tuple(ex for ex in out if ex is not None), how


def _chunks(items: Sequence[Entry], size: int) -> Iterator[Sequence[Entry]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _extract(extractor: Extractor, entries: Sequence[Entry], workers: int, feedback: Feedback) -> list[Extraction]:
    """The entries' extractions, in order. With `workers` > 1 the build process forks `workers - 1` children
    and every process, itself included, takes the next chunk of entries from one shared counter until none is
    left: the work stays balanced however the chunks' costs differ, and the parent spends its time extracting
    rather than waiting. Each child writes its chunks' results to a file of its own, read once it is done."""
    if not entries:
        return []
    size = max(20, min(250, len(entries) // (workers * 16) or 1))
    chunks = list(_chunks(entries, size))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        out: list[Extraction] = []
        for chunk in chunks:
            out.extend(extractor.extract(chunk))
            feedback.advance(len(chunk))
        return out
    context = multiprocessing.get_context("fork")
    next_chunk = context.Value("i", 0)  # the next chunk any process may take
    entries_done = context.Value("i", 0)  # entries the children have read, for the progress bar
    done: dict[int, Sequence[Extraction]] = {}
    children: dict[int, Path] = {}
    with tempfile.TemporaryDirectory(prefix="kg-extract-") as tmp:
        try:
            for worker in range(1, workers):
                path = Path(tmp) / f"worker-{worker}.pickle"
                pid = _forked(functools.partial(_extract_in_child, extractor, chunks, next_chunk, entries_done, path))
                children[pid] = path
            seen = 0
            for k in _taken(next_chunk, len(chunks)):
                done[k] = extractor.extract(chunks[k])
                with entries_done.get_lock():
                    theirs = entries_done.value
                feedback.advance(len(chunks[k]) + theirs - seen)
                seen = theirs
            for pid in list(children):
                path = children.pop(pid)
                if os.waitpid(pid, 0)[1] != 0:
                    raise RuntimeError("an extraction worker failed (see above)")
                with path.open("rb") as fh:
                    found: list[tuple[int, list[_Parts]]] = pickle.load(fh)
                for k, parts in found:
                    done[k] = [Extraction(e, *part) for e, part in zip(chunks[k], parts, strict=True)]
            with entries_done.get_lock():
                feedback.advance(entries_done.value - seen)
        finally:
            for pid in children:  # only after a failure here: stop the children still at work
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
    return [ex for k in range(len(chunks)) for ex in done[k]]


_Parts = tuple[tuple[Mention, ...], tuple[Mention, ...], tuple[Relation, ...]]


def _taken(counter: Synchronized[int], total: int) -> Iterator[int]:
    """Chunk numbers taken from the shared counter, until every chunk is taken by some process."""
    while True:
        with counter.get_lock():
            k = counter.value
            counter.value = k + 1
        if k >= total:
            return
        yield k


def _extract_in_child(extractor: Extractor, chunks: list[Sequence[Entry]], counter: Synchronized[int],
                      entries_done: Synchronized[int], path: Path) -> None:
    """A forked worker's work: extract the chunks it takes and write (chunk number, results without the
    entries, which the parent has) to `path`."""
    found: list[tuple[int, list[_Parts]]] = []
    for k in _taken(counter, len(chunks)):
        found.append((k, [(ex.orgs, ex.mentions, ex.relations) for ex in extractor.extract(chunks[k])]))
        with entries_done.get_lock():
            entries_done.value += len(chunks[k])
    with path.open("wb") as fh:
        pickle.dump(found, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _forked(work: Callable[[], None]) -> int:
    """Fork a process that does `work` and leaves at once, without the parent's clean-up (exit status 0, or 1
    with the traceback on stderr); returns its pid."""
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        work()
        status = 0
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(status)


# ---------------------------------------------------------------------------------------------- export


def namespaces() -> dict[str, str]:
    """The prefixes the export binds (prefix -> namespace), as rdflib's writers see them."""
    return {prefix: str(ns) for prefix, ns in bind_prefixes(Graph()).namespaces()}


PartWriter = Callable[[IO[bytes], int, int, int, "array[int] | None"], None]
# (out, first, stop, parts, sizes): parts first..stop-1 of a file; an RDF file's writer appends each subject's
# byte length to `sizes` when it is given one (kg.patch indexes the files with them)


def export_prefixes() -> tuple[dict[str, str], dict[str, str]]:
    """The export's Turtle namespaces and its JSON-LD context (prefix -> namespace)."""
    ns = namespaces()
    return ns, {p: n for p, n in sorted(ns.items()) if p in _CONTEXT_PREFIXES}


def _rdf_plans(result: BuildResult) -> WritePlans:
    """The plans of the RDF export files' formats, each made when first used."""
    return WritePlans(result.plain, *export_prefixes())


def _writers(result: BuildResult, html: bool, focus: str | None = None, depth: int = 2,
             plans: WritePlans | None = None) -> dict[str, PartWriter]:
    """A writer for each export file that writes any part k of n of it: the parts' bytes, in order, are the
    file's. The RDF files share one plan each (the subjects' order), made by the first writer of the file in a
    process; the map is one piece."""
    known = plans or _rdf_plans(result)

    def rdf_file(fmt: str) -> PartWriter:
        return lambda out, first, stop, parts, sizes: write_parts(known[fmt], first, stop, parts, out, sizes)

    writers = {name: rdf_file(fmt) for name, fmt in EXPORT_FILES.items()}
    if html:
        from kg.render import render_html

        # drawn here, before any file is opened: a focus that names nothing fails the build, not a writer
        page = render_html(result.graph, focus=focus, depth=depth).encode("utf-8")

        def map_html(out: IO[bytes], first: int, stop: int, parts: int, sizes: array[int] | None) -> None:
            if first == 0:
                out.write(page)

        writers["lineage.html"] = map_html
    return writers


def export_files(result: BuildResult, html: bool = True) -> dict[str, bytes]:
    """Every export file's bytes (the same bytes `export` writes)."""
    files = {}
    for name, write in _writers(result, html).items():
        buffer = io.BytesIO()
        write(buffer, 0, 1, 1, None)
        files[name] = buffer.getvalue()
    return files


def write_exports(out: Path, files: dict[str, bytes]) -> None:
    write_atomically(out, files)


def export(result: BuildResult, out: Path, html: bool = True, feedback: Feedback | None = None,
           jobs: int = 1, focus: str | None = None, depth: int = 2) -> ExportIndex:
    """Stream every export file into `out`: each to a temporary file first, then all renamed, so a failed
    build leaves the previous exports as they were. With `jobs` > 1 and a large graph every file is written
    in `jobs` parts side by side, by the build process and processes forked from it, then joined. Returns the
    index of the RDF files written, which kg.patch.patch_exports takes to patch them after a small change."""
    feedback = feedback or _Silent()
    started = time.perf_counter()
    plans = _rdf_plans(result)
    writers = _writers(result, html, focus, depth, plans)
    parallel = jobs > 1 and hasattr(os, "fork") and count(result.plain) >= PARALLEL_TRIPLES
    sizes: dict[str, array[int]] = {name: array("q") for name in EXPORT_FILES}

    def made(names: Iterable[str]) -> dict[str, PlanOutline]:
        """The outlines of the plans of these RDF files that this process made."""
        found = {name: plans.outline(EXPORT_FILES[name]) for name in names if name in EXPORT_FILES}
        return {name: outline for name, outline in found.items() if outline is not None}

    with no_gc():
        subjects = plans.sort()  # before the writers fork: they share it
        handed = _export(writers, out, feedback, jobs if parallel else 1, sizes, made)
        outlines = {name: handed.get(name) or plans[fmt].outline() for name, fmt in EXPORT_FILES.items()}
        index = make_index(out, subjects, outlines, sizes, *export_prefixes())
    result.timings["serialise"] = time.perf_counter() - started
    if parallel:
        result.notes["serialise"] = f"{jobs} processes"
    return index


PARALLEL_TRIPLES = 200_000  # smaller graphs are written faster than a process forks


_PARTS = 1000  # the grain of the runs: each file is cut into this many parts of equal cost
_LINE = ("kg.nt", "kg.jsonld", "kg.ttl")  # the order the RDF files are laid end to end in, to be shared out
_WORK = {"kg.nt": 1.0, "kg.jsonld": 1.35, "kg.ttl": 1.4}  # what writing each costs, its plan included, measured
# (100,000 entries, one process: 7.4 s, 9.6 s, 9.8 s of which the plan 2.7 s); the map costs nothing here
_PARENT_EXTRA = 0.15  # what the build process does beyond its runs: it joins the parts and indexes the files


Runs = dict[str, tuple[int, int]]  # file name -> (first, stop): the parts of the file a process writes


def _runs(processes: int, names: Iterable[str]) -> list[Runs]:
    """What each process writes (the build process first): the RDF files laid end to end (_LINE), each as long
    as writing it costs, are cut into `processes` runs of equal cost, the build process's shorter by what it
    does after (_PARENT_EXTRA). The N-Triples file comes first, so the build process writes no Turtle: the
    forked writers make the Turtle plan (the costliest) side by side with the others' work and hand its
    outline back. A file of no measured cost (the map) goes whole to the build process."""
    names = list(names)
    line = [name for name in _LINE if name in names]
    total = sum(_WORK[name] for name in line)
    each = (total + _PARENT_EXTRA) / processes
    bounds = [0.0] + [min(total, max(0.0, each * (p + 1) - _PARENT_EXTRA)) for p in range(processes - 1)]
    bounds.append(total)
    runs: list[Runs] = [{name: (0, _PARTS) for name in names if name not in line}]
    runs += [{} for _ in range(processes - 1)]
    start = 0.0
    for name in line:
        end = start + _WORK[name]

        def cut(at: float, start: float = start, end: float = end) -> int:
            return round((min(end, max(start, at)) - start) / (end - start) * _PARTS)

        for p in range(processes):
            first, stop = cut(bounds[p]), cut(bounds[p + 1])
            if first < stop:
                runs[p][name] = (first, stop)
        start = end
    return runs


Outlines = Callable[[Iterable[str]], dict[str, PlanOutline]]  # file names -> the outlines of the plans of those
# of them that this process made


def _export(writers: dict[str, PartWriter], out: Path, feedback: Feedback, processes: int,
            sizes: dict[str, array[int]], outlines: Outlines) -> dict[str, PlanOutline]:
    """Write every file into `out` through temporary files. With several processes each file is cut into
    parts and each process writes its runs of them (_runs: the build process the first, forked ones the rest),
    which are then joined in order (the first run of each into the file, the others appended to it). The
    subjects' sizes of the files named in `sizes` are appended to them;
    a forked process hands its own back in a side file, with the outlines of the plans it made of files the
    build process does not write, which are returned (file name -> outline)."""
    out.mkdir(parents=True, exist_ok=True)
    runs = _runs(processes, writers) if processes > 1 else [{name: (0, 1) for name in writers}]
    parts = _PARTS if processes > 1 else 1
    staged: dict[str, Path] = {}
    pieces: dict[int, dict[str, Path]] = {}
    try:
        for name in writers:
            fd, temp = tempfile.mkstemp(prefix=f".{name}.", dir=out)
            os.close(fd)
            os.chmod(temp, readable_mode())
            staged[name] = Path(temp)
        feedback.stage("write exports")
        # a file's first run is written into the file itself, the others into parts appended to it after
        first_of = {name: min(p for p in range(processes) if name in runs[p]) for name in writers}
        pieces = {p: {name: path if first_of[name] == p else path.with_name(f"{path.name}.part{p}")
                      for name, path in staged.items() if name in runs[p]} for p in range(1, processes)}
        for p, files in pieces.items():
            files[_SIZES] = next(iter(staged.values())).with_name(f".sizes.{os.getpid()}.part{p}")
        children = [_forked(functools.partial(_write_share, writers, pieces[p], runs[p], parts,
                                              {name: array("q") for name in sizes if name in runs[p]},
                                              functools.partial(outlines, runs[p].keys() - runs[0].keys())))
                    for p in pieces]
        _write_share(writers, staged, runs[0], parts, sizes)
        if any(os.waitpid(pid, 0)[1] != 0 for pid in children):
            raise RuntimeError("writing the exports failed in a worker process (see above)")
        handed: dict[str, PlanOutline] = {}
        for p in pieces:
            with pieces[p][_SIZES].open("rb") as fh:
                theirs, made = pickle.load(fh)
            for name, data in theirs.items():
                sizes[name].frombytes(data)
            for name, outline in made.items():
                handed.setdefault(name, outline)
        for name, path in staged.items():
            with path.open("r+b") as whole:  # not "ab": the kernel's copy refuses a file opened to append
                whole.seek(0, os.SEEK_END)
                for p in pieces:
                    if name in pieces[p] and first_of[name] != p:
                        _append(pieces[p][name], whole)
        for name, path in staged.items():
            os.replace(path, out / name)
        return handed
    finally:
        for path in {*staged.values(), *(f for files in pieces.values() for f in files.values())}:
            path.unlink(missing_ok=True)


def _append(piece: Path, whole: IO[bytes]) -> None:
    """Append a part's bytes to the file (open for writing at its end): in the kernel where it can, a large
    log's parts being gigabytes, else through Python from wherever the kernel stopped."""
    whole.flush()
    with piece.open("rb") as src:
        if hasattr(os, "copy_file_range"):
            try:
                while os.copy_file_range(src.fileno(), whole.fileno(), 1 << 30):
                    pass
                return
            except OSError:  # a file system that cannot (both offsets stay where the copy stopped)
                pass
        shutil.copyfileobj(src, whole, 1 << 20)


_SIZES = ".sizes"  # a forked writer's side file of its subjects' sizes and plan outlines, among its files


def _write_share(writers: dict[str, PartWriter], files: dict[str, Path], runs: Runs, parts: int,
                 sizes: dict[str, array[int]], handed: Callable[[], dict[str, PlanOutline]] = dict) -> None:
    for name, (first, stop) in runs.items():
        with files[name].open("wb") as fh:
            writers[name](fh, first, stop, parts, sizes.get(name))
    if _SIZES in files:
        with files[_SIZES].open("wb") as fh:
            pickle.dump(({name: got.tobytes() for name, got in sizes.items()}, handed()), fh,
                        protocol=pickle.HIGHEST_PROTOCOL)


# ---------------------------------------------------------------------------------------------- reports


def summary(result: BuildResult) -> str:
    """What a build read and made, in a few lines."""
    lines = []
    for report in result.parsed.files:
        extra = f", {report.other_items} reading-list items that name no paper" if report.other_items else ""
        if report.outside:
            shown = ", ".join(map(str, report.outside[:8])) + (", …" if len(report.outside) > 8 else "")
            extra += f", {len(report.outside)} line{'s' if len(report.outside) > 1 else ''} outside any entry: {shown}"
        layouts = "layouts" if " and " in report.layout else "layout"  # `daily and headings layouts`
        lines.append(f"{report.source}: {report.entries} entries ({report.layout} {layouts}{extra})")
    statuses = Counter(e.status for e in result.parsed.entries)
    lines.append(
        f"entries: {len(result.parsed.entries)} ({statuses.get('read', 0)} read, {statuses.get('to-read', 0)} to-read)"
    )
    counts = result.counts
    lines.append("nodes: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.kinds.items())))
    lines.append("edges: " + ", ".join(f"{k} {counts.relations.get(k, 0)}" for k in ("buildsOn", "comparesTo", "uses")))
    lines.append(f"triples: {counts.triples}")
    lines.append(f"warnings: {len(result.warnings)}")
    return "\n".join(lines)


def timing_report(result: BuildResult) -> str:
    """`timings: parse 0.10 s, extract 5.20 s (…), …`: where a build spent its time."""
    order = ("parse", "extract", "resolve", "rdf", "serialise", "state")
    parts = []
    for stage in order:
        if stage in result.timings:
            how = f" ({result.notes[stage]})" if stage in result.notes else ""
            parts.append(f"{stage} {result.timings[stage]:.2f} s{how}")
    return "timings: " + ", ".join(parts)


# ---------------------------------------------------------------------------------------------- progress


class ProgressBar:
    """A rich progress bar on stderr that appears only once a build has run for `delay` seconds, showing the
    stage and, while entries are extracted, how many per second. Use as a context manager."""

    def __init__(self, delay: float = 2.0, stream: IO[str] | None = None) -> None:
        self.delay = delay
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._name = ""
        self._total: int | None = None
        self._done = 0

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def stage(self, name: str, total: int | None = None) -> None:
        self._name, self._total, self._done = name, total, 0
        self._show()

    def advance(self, done: int) -> None:
        self._done += done
        self._show()

    def _show(self) -> None:
        if self._progress is None:
            if time.perf_counter() - self.started < self.delay:
                return
            self._start()
        assert self._progress is not None
        if self._task is None or self._progress.tasks[-1].description != self._name:
            if self._task is not None:
                self._progress.update(self._task, visible=False)
            self._task = self._progress.add_task(self._name, total=self._total)  # a stage: its own count and rate
        self._progress.update(self._task, completed=self._done)
        self._progress.refresh()

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task: Task) -> Text:
                speed = task.finished_speed or task.speed
                return Text("" if speed is None or task.total is None else f"{speed:,.0f} entries/s")

        # no refresh thread: the bar is redrawn on each update, so forking extraction workers stays safe
        self._progress = progress = Progress(
            TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn(), Rate(),
            console=Console(file=self.stream), transient=True, auto_refresh=False,
        )
        progress.start()


def progress_wanted(quiet: bool, stream: IO[str] | None = None) -> bool:
    """A bar only for a person watching: not with --quiet, not when stderr is a file or a pipe."""
    stream = stream or sys.stderr
    return not quiet and hasattr(stream, "isatty") and stream.isatty()


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


__all__ = ["BuildResult", "Feedback", "ProgressBar", "build_graph", "export", "export_files", "extract_entries",
           "summary", "timing_report", "write_exports"]
