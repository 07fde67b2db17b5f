"""Deterministic N-Triples, Turtle and JSON-LD writers over plain triples, streaming to a file.

`kg.rdf.serialize` writes through rdflib: right for a graph of a few thousand triples, but rdflib takes about
17 s to insert and 33 s to write Turtle for a million triples. The writers here take the graph as plain Python
values (`PlainGraph`: subject -> predicate -> objects, an object being an IRI string or a `Lit`) and write the
same bytes rdflib's writers give for the graphs kg builds (IRIs, plain and typed literals, no blank nodes):

- N-Triples: every triple's line, sorted, unique;
- Turtle: rdflib's layout (prefixes used, subjects by how often they are objects and then by IRI, `a` and
  `rdfs:label` first, objects sorted, `\"\"\"` for text with line breaks);
- JSON-LD: rdflib's expanded node objects, nodes and values sorted, IRIs shortened with the context's prefixes.

Each file can be written in parts: `writer_plan` (or `writer_plans`, for several formats at once) fixes the
order of the subjects and what the header needs, and `write_part(plan, k, parts, out)` writes the k-th of
`parts` runs of subjects, cut by triple count so each costs about the same. The parts' bytes, one after the
other, are the whole file's bytes (the header goes with the first part, the closing with the last, JSON-LD's
commas where they fall). A caller that forks after making the plan writes the parts side by side without
handing the graph to another process.

Writing a part renders each distinct IRI and short literal once, to UTF-8 (types, targets, files, rules and
lines recur thousands of times), lays out each shape of subject (its predicates) once, and makes a subject's
bytes by joining the layout's pieces with its objects' bytes: nothing is formatted or encoded per triple.
What is left is mostly reaching the graph's objects in writing order, scattered over memory.

tests/test_writer.py holds the proof: for the bundled log and generated logs the bytes equal rdflib's, whole
and in parts.
"""

from __future__ import annotations

import io
import json
import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, filterfalse
from operator import add as _concat
from operator import getitem, itemgetter, not_
from typing import IO, NamedTuple, TypeVar

from rdflib.namespace import split_uri

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_INTEGER = XSD + "integer"
XSD_STRING = XSD + "string"
_NATIVE = {XSD_INTEGER}  # datatypes rdflib's JSON-LD writer gives as JSON numbers (of those kg writes)


class Lit(NamedTuple):
    """A literal: its lexical form and datatype IRI ("" for a plain string)."""

    lex: str
    dt: str = ""


Obj = str | Lit  # an IRI, or a literal
PlainGraph = dict[str, dict[str, list[Obj]]]  # subject IRI -> predicate IRI -> distinct objects (never none)


def add(graph: PlainGraph, s: str, p: str, o: Obj) -> None:
    preds = graph.get(s)
    if preds is None:
        preds = graph[s] = {}
    objs = preds.get(p)
    if objs is None:
        preds[p] = [o]  # a list, not a set: most have one object, and a set costs four times the memory
    elif o not in objs:
        objs.append(o)


def count(graph: PlainGraph) -> int:
    return sum(len(objs) for preds in graph.values() for objs in preds.values())


# ---------------------------------------------------------------------------------------------- terms


def _nt_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")


def nt_term(o: Obj) -> str:
    if isinstance(o, str):
        return f"<{o}>"
    if o.dt:
        return f'"{_nt_escape(o.lex)}"^^<{o.dt}>'
    return f'"{_nt_escape(o.lex)}"'


def _object_key(o: Obj) -> tuple[int, str, int, str]:
    """rdflib's order of the objects of one predicate: IRIs by text; literals by datatype (plain = xsd:string),
    then integers by value and the rest by lexical form."""
    if isinstance(o, str):
        return (0, "", 0, o)
    if o.dt == XSD_INTEGER:
        return (1, o.dt, int(o.lex), "")
    return (1, o.dt or XSD_STRING, 0, o.lex)


def _sorted_objects(objs: Iterable[Obj]) -> list[Obj]:
    items = list(objs)
    if len(items) > 1:
        if all(map(str.__instancecheck__, items)):
            items.sort()  # IRIs: by text, as _object_key orders them
        elif any(map(str.__instancecheck__, items)):
            raise ValueError("a predicate with both IRIs and literals as objects: use kg.rdf.serialize")
        else:
            items.sort(key=_object_key)
    return items


# ---------------------------------------------------------------------------------------------- plans and parts


FORMATS = ("nt", "ttl", "jsonld")
_SUBJECT_COST = 1  # what writing one subject costs beyond its triples, in triples (its head, its layout)
_FLUSH = 2000  # subjects whose bytes are joined and written at once
_SHORT = 64  # a literal at most this long is kept once rendered (labels, dates, files, rules, lines recur)
_LIMIT = 1 << 18  # rendered terms kept per part at most: a bound whatever the graph's size


@dataclass(frozen=True, eq=False)
class WritePlan:
    """What writing one format needs decided over the whole graph, made once before its parts are written:
    the subjects in writing order, the running cost of writing them (to cut parts of equal cost), the text
    before the first subject and after the last, and the format's names for IRIs."""

    fmt: str
    graph: PlainGraph
    subjects: list[str]  # every subject with a triple, in writing order
    preds: list[dict[str, list[Obj]]]  # each subject's predicates (graph[subject]: reached without a look-up)
    ends: array[int]  # ends[i]: the cost of subjects[:i], triples and _SUBJECT_COST each (len(subjects) + 1)
    head: str
    tail: str
    names: dict[str, str] = field(default_factory=dict)  # Turtle: IRI -> prefixed name, if it has one
    verbs: dict[str, str] = field(default_factory=dict)  # Turtle: predicate -> how it is written
    short: _Shortener | None = None  # JSON-LD: IRIs shortened with the context's prefixes
    order: list[int] | None = None  # the subjects' positions in the order of their IRIs (None: that order)
    turtle: TurtleCounts | None = None  # Turtle: what its header depends on, for a file patched later (kg.patch)


    def outline(self) -> PlanOutline:
        return PlanOutline(self.fmt, self.order, self.head, self.tail, self.turtle)


@dataclass(frozen=True, eq=False)
class PlanOutline:
    """What the index of a file written with a plan keeps of the plan (kg.patch.make_index): small enough for a
    forked writer to hand to the build process, so that the plan is made once, where the file is written."""

    fmt: str
    order: list[int] | None  # WritePlan.order
    head: str
    tail: str
    turtle: TurtleCounts | None


@dataclass(frozen=True)
class TurtleCounts:
    """What a Turtle file's order and header depend on beyond its subjects' own triples: how often each IRI is
    an object (the subjects' order), and the terms that declare a prefix. A patch (kg.patch) keeps these up to
    date from the triples it removes and adds."""

    refs: Counter[str]  # IRI -> times it is an object
    predicates: Counter[str]  # predicate -> subjects that have it
    datatypes: Counter[str]  # datatype IRI ("" for a plain literal) -> literals of it
    prefixes: Counter[str]  # prefix -> terms written with it: each subject, predicate, object IRI and datatype
    # that is one (a term counted once in each of those roles it plays)


def writer_plan(fmt: str, graph: PlainGraph, prefixes: Mapping[str, str] | None = None) -> WritePlan:
    """The plan of one export file: `fmt` is "nt", "ttl" or "jsonld"; `prefixes` (prefix -> namespace) are the
    prefixes bound in the rdflib graph for Turtle and the JSON-LD context for JSON-LD (N-Triples uses none).
    Costs a sort of the subjects, a look at each subject's predicates and, for Turtle, a pass over the objects
    to count how often each IRI is one."""
    return _plan(fmt, graph, prefixes or {}, _by_iri(graph))


def writer_plans(graph: PlainGraph, namespaces: Mapping[str, str], context: Mapping[str, str],
                 formats: Iterable[str] = FORMATS) -> dict[str, WritePlan]:
    """The plans of several formats of one graph (format -> plan; the prefixes as `writer_plan` takes them:
    `namespaces` for Turtle, `context` for JSON-LD): they share one sort of the subjects and one count of
    each subject's triples."""
    plans = WritePlans(graph, namespaces, context)
    return {fmt: plans[fmt] for fmt in formats}


class WritePlans:
    """The plans of the formats of one graph, each made when it is first asked for (`plans["ttl"]`): they share
    one sort of the subjects and one count of each subject's triples, made at the first ask. A process forked
    to write some files makes only their plans (the Turtle plan, which counts every object, costs about as much
    as the other two and the sort together)."""

    def __init__(self, graph: PlainGraph, namespaces: Mapping[str, str], context: Mapping[str, str]) -> None:
        self.graph = graph
        self.namespaces = namespaces
        self.context = context
        self._base: _Subjects | None = None
        self._made: dict[str, WritePlan] = {}

    def __getitem__(self, fmt: str) -> WritePlan:
        plan = self._made.get(fmt)
        if plan is None:
            self.sort()
            assert self._base is not None
            prefixes = self.namespaces if fmt == "ttl" else self.context
            plan = self._made[fmt] = _plan(fmt, self.graph, prefixes, self._base)
        return plan

    def sort(self) -> list[str]:
        """Every subject with a triple, by IRI: the sort the plans share (made before forking writers, so that
        each need not)."""
        if self._base is None:
            self._base = _by_iri(self.graph)
        return self._base.subjects

    def outline(self, fmt: str) -> PlanOutline | None:
        """The outline of the format's plan if it is made (None: not in this process)."""
        plan = self._made.get(fmt)
        return None if plan is None else plan.outline()


def _plan(fmt: str, graph: PlainGraph, prefixes: Mapping[str, str], base: _Subjects) -> WritePlan:
    if fmt == "nt":
        return _nt_plan(graph, base)
    if fmt == "ttl":
        return _ttl_plan(graph, prefixes, base)
    if fmt == "jsonld":
        return _jsonld_plan(graph, prefixes, base)
    raise ValueError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")


def part_bounds(plan: WritePlan, k: int, parts: int) -> tuple[int, int]:
    """Which subjects part `k` of `parts` writes: plan.subjects[start:stop]. Parts are cut where the running
    cost passes k/parts of the whole, so they cost about the same; with more parts than subjects some are
    empty."""
    if parts < 1 or not 0 <= k < parts:
        raise ValueError(f"part {k} of {parts}: want 0 <= part < parts")
    return _cut(plan, k, parts), _cut(plan, k + 1, parts)


def _cut(plan: WritePlan, j: int, parts: int) -> int:
    if j == 0:
        return 0
    if j >= parts:
        return len(plan.subjects)
    return bisect_left(plan.ends, -(-j * plan.ends[-1] // parts))  # the first i with ends[i] >= j/parts of all


def write_part(plan: WritePlan, k: int, parts: int, out: IO[bytes]) -> None:
    """Write part `k` (0-based) of `parts` of the plan's file to `out`. The parts' bytes, in order, are the
    whole file's: part 0 starts with the header, the last ends with the closing text. A part shares nothing
    with another but the plan, so parts may be written side by side in processes forked after the plan."""
    write_parts(plan, k, k + 1, parts, out)


def write_parts(plan: WritePlan, first: int, stop: int, parts: int, out: IO[bytes],
                sizes: array[int] | None = None) -> None:
    """Write parts `first` to `stop - 1` of `parts` at once: the same bytes as each of them in turn, with one
    cache of rendered terms (a process given shares of unequal size takes a run of parts). With `sizes`, the
    byte length of each subject written is appended to it, in writing order (the header and the closing text
    are no subject's; JSON-LD's comma before a node is that node's)."""
    if not 0 <= first < stop <= parts:
        raise ValueError(f"parts {first} to {stop - 1} of {parts}: want 0 <= first < stop <= parts")
    start, end = _cut(plan, first, parts), _cut(plan, stop, parts)
    if first == 0 and plan.head:
        out.write(plan.head.encode("utf-8"))
    _BODIES[plan.fmt](plan, start, end, out, sizes)
    if stop == parts and plan.tail:
        out.write(plan.tail.encode("utf-8"))


def subject_blocks(plan: WritePlan) -> list[bytes]:
    """Each subject's bytes, in the plan's order, as they are in a file where the subject is not the first
    (a JSON-LD node then starts with the comma that parts it from the node before)."""
    out = io.BytesIO()
    sizes: array[int] = array("q")
    _BODIES[plan.fmt](plan, 0, len(plan.subjects), out, sizes)
    data = out.getvalue()
    if plan.fmt == "jsonld" and data:
        data = b"," + data
        sizes[0] += 1
    blocks = []
    at = 0
    for size in sizes:
        blocks.append(data[at : at + size])
        at += size
    return blocks


class _Subjects(NamedTuple):
    """Subjects, their predicates and what writing each costs (its triples and _SUBJECT_COST)."""

    subjects: list[str]
    preds: list[dict[str, list[Obj]]]
    costs: array[int]

    def ordered(self, order: Iterable[int], running: bool = True) -> _Subjects:
        """The subjects in another order (positions in this one), with their costs in it running (each the
        cost of all before it) or each its own."""
        order = list(order)
        at = order.__iter__
        costs = map(self.costs.__getitem__, at())
        return _Subjects(list(map(self.subjects.__getitem__, at())), list(map(self.preds.__getitem__, at())),
                         _running(costs) if running else array("q", costs))


def _by_iri(graph: PlainGraph) -> _Subjects:
    """Every subject with a triple, by IRI. Costs are counted in the graph's order, which is about the order
    its dicts lie in memory: three times quicker at 100,000 entries than reaching them in the order of their
    IRIs (and the plans hand the parts each subject's dict for the same reason)."""
    subjects = list(graph)
    preds = list(graph.values())
    costs = array("q", map(_cost, preds))
    if _SUBJECT_COST in costs:  # a subject without triples is no subject of the file
        kept = [c != _SUBJECT_COST for c in costs]
        subjects, preds, costs = (list(compress(subjects, kept)), list(compress(preds, kept)),
                                  array("q", compress(costs, kept)))
    return _Subjects(subjects, preds, costs).ordered(sorted(range(len(subjects)), key=subjects.__getitem__),
                                                      running=False)


def _cost(preds: dict[str, list[Obj]]) -> int:
    return _SUBJECT_COST + sum(map(len, preds.values()))


def _running(costs: Iterable[int]) -> array[int]:
    return array("q", accumulate(costs, initial=0))


def _objects(graph: PlainGraph) -> Iterator[Obj]:
    """Every object of the graph (C iterators only: no Python code runs per triple)."""
    return chain.from_iterable(chain.from_iterable(map(dict.values, graph.values())))


class _Terms(dict[Obj, bytes]):
    """Terms rendered (to UTF-8) on first use. IRIs and short literals are kept, as they recur (types,
    targets, files, rules, lines); long literals (quotes, notes, titles) are rendered each time they come; at
    most _LIMIT terms are kept, so what it holds stays small whatever the graph."""

    __slots__ = ("render",)

    def __init__(self, render: Callable[[Obj], str]) -> None:
        super().__init__()
        self.render = render

    def __missing__(self, o: Obj) -> bytes:
        text = self.render(o).encode("utf-8")
        if (o.__class__ is str or len(o[0]) <= _SHORT) and len(self) < _LIMIT:
            self[o] = text
        return text


Lists = tuple[list[Obj], ...]


@dataclass(frozen=True)
class _Layout:
    """How the subjects of one shape (their predicates, in the graph's order) are written: `lists` picks their
    object lists in writing order; a subject's bytes are `leads[i] + texts[i]` for each of its texts (the
    objects of each predicate; in JSON-LD also the subject), then `end`; `joins[i]` goes between the objects
    of the i-th predicate when it has several. Joining bytes so is cheaper than formatting text and encoding
    it, and sorting UTF-8 bytes sorts as their text does."""

    lists: Callable[[Mapping[str, list[Obj]]], Lists]
    leads: tuple[bytes, ...]
    end: bytes
    joins: tuple[bytes, ...]
    several: dict[tuple[int, ...], tuple[int, ...]] = field(default_factory=dict)  # counts -> which are > 1

    def with_several(self, lists: Lists) -> tuple[int, ...]:
        """The positions of the predicates with more than one object (subjects of one shape mostly have the
        same counts)."""
        counts = tuple(map(len, lists))
        found = self.several.get(counts)
        if found is None:
            found = self.several[counts] = tuple(i for i, n in enumerate(counts) if n > 1)
        return found


def _picker(order: Sequence[str]) -> Callable[[Mapping[str, list[Obj]]], Lists]:
    if len(order) == 1:
        only = order[0]
        return lambda preds: (preds[only],)
    pick: Callable[[Mapping[str, list[Obj]]], Lists] = itemgetter(*order)
    return pick


_FIRST = itemgetter(0)


def _flush(buf: list[bytes], out: IO[bytes]) -> None:
    out.write(b"".join(buf))
    buf.clear()


L = TypeVar("L")


def _shaped(plan: WritePlan, start: int, stop: int, layout_of: Callable[[tuple[str, ...]], L],
            out: IO[bytes], sizes: array[int] | None) -> Iterator[tuple[str, dict[str, list[Obj]], L, list[bytes]]]:
    """Each subject of plan.subjects[start:stop] with its predicates, the layout of its shape (made once per
    shape) and the buffer to append its bytes to, which is written out every _FLUSH subjects and at the end.
    With `sizes`, the length of what each subject appended is appended to it."""
    layouts: dict[tuple[str, ...], L] = {}
    buf: list[bytes] = []
    for s, preds in zip(plan.subjects[start:stop], plan.preds[start:stop], strict=True):
        shape = tuple(preds)
        layout = layouts.get(shape)
        if layout is None:
            layout = layouts[shape] = layout_of(shape)
        yield s, preds, layout, buf
        if sizes is not None:
            sizes.append(len(buf[-1]))
        if len(buf) >= _FLUSH:
            _flush(buf, out)
    _flush(buf, out)


# ---------------------------------------------------------------------------------------------- N-Triples


def write_nt(graph: PlainGraph, out: IO[bytes]) -> None:
    """rdflib's N-Triples lines, sorted and unique (kg.rdf.serialize(g, "nt"))."""
    write_part(writer_plan("nt", graph), 0, 1, out)


def _nt_plan(graph: PlainGraph, base: _Subjects) -> WritePlan:
    # every line of a subject starts with `<subject> ` and `>` is in no IRI, so sorting subjects by `<subject>`
    # and then each subject's lines sorts all lines; that order is the IRIs' but where one IRI starts another
    # (`a` before `a-b`, but `<a-b>` before `<a>`): nearly sorted already, the sort is quick
    keys = list(map("<{}>".format, base.subjects))
    order = sorted(range(len(keys)), key=keys.__getitem__)
    subjects, preds, ends = base.ordered(order)
    return WritePlan("nt", graph, subjects, preds, ends, "", file_tail("nt", not subjects), order=order)


def _nt_layout(shape: tuple[str, ...]) -> _Layout:
    # a subject's lines in order: by predicate (`<p>` decides before the object, `>` being in no IRI), then
    # by object term (no term is a prefix of another of the same predicate but a literal of its typed twin,
    # and `^` sorts after the ` .` that ends the shorter line); lines are unique as predicates and objects are
    leads = sorted(f"<{p}> " for p in shape)
    encoded = tuple(lead.encode("utf-8") for lead in leads)
    return _Layout(_picker([lead[1:-2] for lead in leads]), encoded, b" .\n", encoded)


def _nt_body(plan: WritePlan, start: int, stop: int, out: IO[bytes], sizes: array[int] | None) -> None:
    term = _Terms(nt_term).__getitem__
    for s, preds, layout, buf in _shaped(plan, start, stop, _nt_layout, out, sizes):
        lists = layout.lists(preds)
        head = f"<{s}> ".encode()
        if len(lists) == sum(map(len, lists)):  # one object each
            texts: Iterable[bytes] = map(term, map(_FIRST, lists))
        else:
            texts = list(map(term, map(_FIRST, lists)))
            for i in layout.with_several(lists):
                texts[i] = (b" .\n" + head + layout.joins[i]).join(sorted(map(term, lists[i])))
        buf.append(head + (b" .\n" + head).join(map(_concat, layout.leads, texts)) + b" .\n")


# ---------------------------------------------------------------------------------------------- Turtle


class _Names:
    """Terms the way rdflib's Turtle writer labels them. An IRI becomes `prefix:local` when the namespace rdflib's
    `split_uri` gives is a bound namespace (and the local part does not end in a dot), else `<iri>`; every
    prefix so used is declared. Only the IRIs that get a prefixed name are kept (in `labels`)."""

    def __init__(self, namespaces: Mapping[str, str]) -> None:
        self.prefix_of = {ns: prefix for prefix, ns in namespaces.items()}
        self.longest_first = sorted(self.prefix_of, key=len, reverse=True)
        # of the namespaces that end in / or #, the one an IRI may be written with is the IRI up to its last
        # / or #: one look-up instead of trying every namespace, unless one of the others starts the IRI
        self.others = tuple(ns for ns in self.longest_first if not ns.endswith(("/", "#")))
        self.used: dict[str, str] = {}
        self.labels: dict[str, str] = {}

    def note(self, iri: str) -> str | None:
        """The IRI's prefixed name, if it has one (remembered, and its prefix declared)."""
        pname = self._pname(iri)
        if pname is not None:
            self.labels[iri] = pname
        return pname

    def note_sorted(self, iris: list[str], prefixes: Counter[str] | None = None) -> None:
        """note() every IRI of a sorted list, jumping over each run of IRIs that share a start (up to the last
        / or # of the first) which is no namespace and begins none: no IRI of the run can have a prefix. Each
        prefix given to one is counted in `prefixes`."""
        i = 0
        while i < len(iris):
            iri = iris[i]
            start = iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]
            if (start in self.prefix_of or iri.startswith(self.others)
                    or any(len(ns) > len(start) and ns.startswith(start) for ns in self.prefix_of)):
                pname = self.note(iri)
                if pname is not None and prefixes is not None:
                    prefixes[_prefix_of(pname)] += 1
                i += 1
                continue
            i = bisect_left(iris, start + "\U0010ffff", i)
            while i < len(iris) and iris[i].startswith(start):  # (a run's IRIs past that bound, if any)
                i += 1

    def _pname(self, iri: str) -> str | None:
        if not iri.startswith(self.others):
            if iri[: max(iri.rfind("/"), iri.rfind("#")) + 1] not in self.prefix_of:
                return None
        else:
            bound = next((ns for ns in self.longest_first if iri.startswith(ns)), None)
            rest = iri[len(bound) :] if bound is not None else ""
            if bound is None or "/" in rest or "#" in rest:
                return None  # split_uri's local part holds neither, so its namespace is no bound one
        try:
            namespace, local = split_uri(iri)
        except ValueError:
            return None
        if namespace not in self.prefix_of:
            return None
        local = _PERCENT.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
        if local.endswith("."):
            return None
        prefix = self.prefix_of[namespace]
        self.used[prefix] = namespace
        return f"{prefix}:{local}"


_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _ttl_string(text: str) -> str:
    if "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + "\\" + '"'
        encoded = encoded.replace("\r", "\\r")
        return f'"""{encoded}"""'
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    return f'"{escaped}"'


def write_ttl(graph: PlainGraph, namespaces: Mapping[str, str], out: IO[bytes]) -> None:
    """rdflib's Turtle (kg.rdf.serialize(g, "ttl")) for graphs of IRIs and literals; `namespaces` are the
    prefixes bound in the rdflib graph (prefix -> namespace)."""
    write_part(writer_plan("ttl", graph, namespaces), 0, 1, out)


def _ttl_plan(graph: PlainGraph, namespaces: Mapping[str, str], base: _Subjects) -> WritePlan:
    """Subjects by how often they are objects, then by IRI; the prefixes every used IRI needs."""
    names = _Names(namespaces)
    refs: Counter[str] = Counter(filter(str.__instancecheck__, _objects(graph)))  # type: ignore[arg-type]
    # (an IRI -> how often it is an object)
    predicates = Counter(chain.from_iterable(graph.values()))  # (predicate -> subjects that have it)
    datatypes = Counter(map(_SECOND, filterfalse(str.__instancecheck__, _objects(graph))))
    prefixes: Counter[str] = Counter()
    verbs: dict[str, str] = {}
    for p in sorted(predicates):
        if p == RDF_TYPE:
            verbs[p] = "a"  # a keyword: rdflib declares no prefix for it
            continue
        verb = names.note(p)
        if verb is None:
            raise ValueError(f"predicate {p} has no bound prefix: use kg.rdf.serialize")
        verbs[p] = verb
        prefixes[_prefix_of(verb)] += 1
    for terms in (refs, datatypes):
        for term in filter(None, terms):
            pname = names.note(term)
            if pname is not None:
                prefixes[_prefix_of(pname)] += 1
    by_iri = base.subjects
    names.note_sorted(by_iri, prefixes)
    referred = list(map(refs.__contains__, by_iri))
    # subjects never objects first, by IRI; then by how often they are objects (a stable sort: ties by IRI)
    at = range(len(by_iri))
    times = list(map(refs.__getitem__, compress(by_iri, referred)))
    others = list(compress(at, referred))
    order = list(compress(at, map(not_, referred))) + list(map(others.__getitem__,
                                                                sorted(range(len(times)), key=times.__getitem__)))
    del referred, times, others
    subjects, preds, ends = base.ordered(order)
    return WritePlan("ttl", graph, subjects, preds, ends, ttl_head(names.used), file_tail("ttl", not subjects),
                     names=names.labels, verbs=verbs, order=order,
                     turtle=TurtleCounts(refs, predicates, datatypes, prefixes))


def ttl_head(used: Mapping[str, str]) -> str:
    """A Turtle file's header: the @prefix line of each prefix used (prefix -> namespace), by prefix."""
    return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(used.items()))


def jsonld_head(context: Mapping[str, str]) -> str:
    """A JSON-LD file's text before its first node."""
    if not context:
        return '{\n "@context": {},\n "@graph": ['
    items = ",\n".join(f"  {_encode(k)}: {_encode(v)}" for k, v in sorted(context.items()))
    return '{\n "@context": {\n' + items + '\n },\n "@graph": ['


def file_tail(fmt: str, empty: bool) -> str:
    """The text after a file's last subject (what a file of no subject ends with differs)."""
    if fmt == "nt":
        return "\n" if empty else ""
    if fmt == "ttl":
        return "\n"
    if fmt == "jsonld":
        return "]\n}\n" if empty else "\n ]\n}\n"
    raise ValueError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")


def turtle_prefix(namespaces: Mapping[str, str]) -> Callable[[str], str | None]:
    """The prefix Turtle writes an IRI with (None: it is written whole), for the bound `namespaces`."""
    names = _Names(namespaces)

    def prefix(iri: str) -> str | None:
        pname = names.note(iri)
        return None if pname is None else _prefix_of(pname)

    return prefix


def _prefix_of(pname: str) -> str:
    return pname[: pname.index(":")]


_SECOND = itemgetter(1)


def _ttl_layout(shape: tuple[str, ...], verbs: Mapping[str, str]) -> _Layout:
    # `a` and rdfs:label first, then the predicates by IRI; subjects of one shape share the layout
    order = [p for p in (RDF_TYPE, RDFS_LABEL) if p in shape] + sorted(
        p for p in shape if p not in (RDF_TYPE, RDFS_LABEL)
    )
    leads = tuple((f" {verbs[p]} " if k == 0 else f" ;\n    {verbs[p]} ").encode("utf-8") for k, p in enumerate(order))
    return _Layout(_picker(order), leads, b" .\n", (b",\n        ",) * len(order))


def _ttl_body(plan: WritePlan, start: int, stop: int, out: IO[bytes], sizes: array[int] | None) -> None:
    labels = plan.names

    def render(o: Obj) -> str:
        if isinstance(o, str):
            return labels.get(o) or f"<{o}>"
        return _ttl_literal(o, labels)

    term = _Terms(render).__getitem__
    for s, preds, layout, buf in _shaped(plan, start, stop, lambda shape: _ttl_layout(shape, plan.verbs), out,
                                                 sizes):
        lists = layout.lists(preds)
        if len(lists) == sum(map(len, lists)):  # one object each
            texts: Iterable[bytes] = map(term, map(_FIRST, lists))
        else:
            texts = list(map(term, map(_FIRST, lists)))
            for i in layout.with_several(lists):
                texts[i] = layout.joins[i].join(map(term, _sorted_objects(lists[i])))
        label = labels.get(s) or f"<{s}>"
        buf.append(b"\n" + label.encode() + b"".join(map(_concat, layout.leads, texts)) + b" .\n")


def _ttl_literal(o: Lit, labels: Mapping[str, str]) -> str:
    if o.dt == XSD_INTEGER:
        return o.lex
    text = _ttl_string(o.lex)
    return f"{text}^^{labels.get(o.dt) or f'<{o.dt}>'}" if o.dt else text


# ---------------------------------------------------------------------------------------------- JSON-LD


_encode = json.encoder.encode_basestring


class _Shortener:
    """IRIs shortened with the context's prefixes, longest namespace first (as kg.rdf._compact does)."""

    def __init__(self, context: Mapping[str, str]) -> None:
        self.pairs = tuple(sorted(context.items(), key=lambda kv: -len(kv[1])))
        # when every namespace ends in / or #, those that start an IRI are those that start it up to its last
        # / or #: remembered per such start, they are not tried one by one for every IRI
        self.by_cut = all(ns.endswith(("/", "#")) for _, ns in self.pairs)
        self.starts: dict[str, tuple[tuple[str, str], ...]] = {}

    def __call__(self, iri: str) -> str:
        if self.by_cut:
            start = iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]
            pairs = self.starts.get(start)
            if pairs is None:
                pairs = tuple((prefix, ns) for prefix, ns in self.pairs if start.startswith(ns))
                if len(self.starts) < 4096:
                    self.starts[start] = pairs
        else:
            pairs = self.pairs
        for prefix, ns in pairs:
            if len(iri) > len(ns) and iri.startswith(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri


def _jsonld_key(o: Obj) -> str:
    """How kg.rdf.serialize orders the values of one predicate: json.dumps of the value before IRIs are
    shortened."""
    if isinstance(o, str):
        return _encode(o)
    lex, dt = o
    if dt:
        value = str(int(lex)) if dt in _NATIVE else _encode(lex)
        return '{"@type": ' + _encode(dt) + ', "@value": ' + value + "}"  # json.dumps of that dict, by hand
    return _encode(lex)


def _jsonld_text(o: Obj, short: _Shortener) -> str:
    """One value as json.dumps(indent=1) writes it inside a node."""
    if isinstance(o, str):
        return '{\n     "@id": ' + _encode(short(o)) + "\n    }"
    lex, dt = o
    if dt:
        value = str(int(lex)) if dt in _NATIVE else _encode(lex)
        return '{\n     "@type": ' + _encode(short(dt)) + ',\n     "@value": ' + value + "\n    }"
    return '{\n     "@value": ' + _encode(lex) + "\n    }"


def write_jsonld(graph: PlainGraph, context: Mapping[str, str], out: IO[bytes]) -> None:
    """What kg.rdf.serialize(g, "jsonld") writes: `json.dumps({"@context": …, "@graph": nodes},
    ensure_ascii=False, indent=1, sort_keys=True)` of rdflib's expanded nodes, sorted, with IRIs shortened; written
    node by node (the json module's indenting encoder is pure Python and slow)."""
    write_part(writer_plan("jsonld", graph, context), 0, 1, out)


def _jsonld_plan(graph: PlainGraph, context: Mapping[str, str], base: _Subjects) -> WritePlan:
    head = jsonld_head(context)
    tail = file_tail("jsonld", not base.subjects)
    return WritePlan("jsonld", graph, base.subjects, base.preds, _running(base.costs), head, tail,
                     short=_Shortener(context))


def _jsonld_layout(shape: tuple[str, ...], short: _Shortener, values: _Terms,
                   types: _Terms) -> tuple[_Layout, int, tuple[_Terms, ...]]:
    """The layout of the JSON-LD nodes of one shape (a node's text begins with the comma that parts it from the
    node before), where the subject goes among its texts, and the table that renders each predicate's
    objects."""
    members = sorted([("@id", "")] + [("@type" if p == RDF_TYPE else short(p), p) for p in shape])
    leads = []
    order = []
    close = ""  # what ends the member before
    for k, (key, p) in enumerate(members):
        lead = (",\n  {\n   " if k == 0 else close + ",\n   ") + _encode(key) + ": "
        if p:
            order.append(p)
            leads.append((lead + "[\n    ").encode("utf-8"))
            close = "\n   ]"
        else:
            leads.append(lead.encode("utf-8"))
            close = ""
    tables = tuple(types if p == RDF_TYPE else values for p in order)
    layout = _Layout(_picker(order), tuple(leads), (close + "\n  }").encode(), (b",\n    ",) * len(order))
    return layout, members.index(("@id", "")), tables


def _jsonld_body(plan: WritePlan, start: int, stop: int, out: IO[bytes], sizes: array[int] | None) -> None:
    short = plan.short
    assert short is not None

    def type_text(o: Obj) -> str:
        if not isinstance(o, str):
            raise ValueError("a literal as rdf:type: use kg.rdf.serialize")
        return _encode(short(o))

    values = _Terms(lambda o: _jsonld_text(o, short))
    types = _Terms(type_text)
    first = start == 0  # the first node of the graph follows no comma
    for s, preds, found, buf in _shaped(plan, start, stop, lambda shape: _jsonld_layout(shape, short, values, types),
                                        out, sizes):
        layout, at, tables = found
        lists = layout.lists(preds)
        texts = list(map(getitem, tables, map(_FIRST, lists)))
        if len(lists) != sum(map(len, lists)):  # not one object each
            for j in layout.with_several(lists):
                texts[j] = layout.joins[j].join(_jsonld_sorted(lists[j], tables[j], tables[j] is types))
        texts.insert(at, _encode(short(s)).encode())
        text = b"".join(map(_concat, layout.leads, texts)) + layout.end
        if first:
            text = text[1:]
            first = False
        buf.append(text)


def _jsonld_sorted(objs: list[Obj], table: _Terms, is_type: bool) -> list[bytes]:
    """The texts of several values in kg.rdf.serialize's order: by json.dumps of the value before IRIs are
    shortened (types: of the IRI), then by text."""
    if all(map(str.__instancecheck__, objs)):
        return list(map(table.__getitem__, sorted(objs, key=_encode)))  # type: ignore[arg-type]
    if is_type:
        raise ValueError("a literal as rdf:type: use kg.rdf.serialize")
    return [t for _, t in sorted((_jsonld_key(o), table[o]) for o in objs)]


_BODIES: dict[str, Callable[[WritePlan, int, int, IO[bytes], array[int] | None], None]] = {
    "nt": _nt_body,
    "ttl": _ttl_body,
    "jsonld": _jsonld_body,
}
