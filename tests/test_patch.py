"""kg.patch: export files patched after a change are the bytes a full export of the changed graph gives."""

from __future__ import annotations

import io
import pickle
import random
import resource
import signal
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from generated import write_generated

from kg.build import BuildResult, build_graph, export, export_prefixes
from kg.model import ParsedLog
from kg.patch import ExportIndex, PatchRefused, Triple, parse_nt_block, patch_exports
from kg.writer import XSD_INTEGER, Lit, PlainGraph, add, write_nt

ID = "https://w3id.org/papers-kg/id/"
KG = "https://w3id.org/papers-kg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
OWL_THING = "http://www.w3.org/2002/07/owl#Thing"  # a bound prefix no kg export uses
FILES = ("kg.ttl", "kg.jsonld", "kg.nt")
AWKWARD = ('say "hi"', "back\\slash", "two\nlines", 'ends in a quote"\nx"', 'has """ three', "tab\there",
           "line\u2028separator", "carriage\rreturn", "", "emoji 🙂 and 中文", 'x"^^<y>', "end\\", '"', "a b")


# ---------------------------------------------------------------------------------------------- helpers


def _export(plain: PlainGraph, out: Path, jobs: int = 1) -> ExportIndex:
    return export(BuildResult(ParsedLog((), (), ()), (), plain, ()), out, html=False, jobs=jobs)


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def _triples(plain: PlainGraph) -> set[Triple]:
    return {(s, p, o) for s, preds in plain.items() for p, objs in preds.items() for o in objs}


def _graph(triples: set[Triple]) -> PlainGraph:
    g: PlainGraph = {}
    for s, p, o in sorted(triples, key=repr):
        add(g, s, p, o)
    return g


def _index_view(index: ExportIndex) -> dict[str, object]:
    """What an index says, independent of how its subjects happen to be numbered."""
    names = index.subjects
    view: dict[str, object] = {name: ([names[i] for i in f.order], list(f.sizes), f.head, f.tail, f.fmt)
                               for name, f in index.files.items()}
    view["by_iri"] = [names[i] for i in index.by_iri]
    view["counts"] = (index.refs, index.predicates, index.datatypes, index.prefixes)
    return view


def _patched_is_full(tmp_path: Path, index: ExportIndex, before: set[Triple], after: set[Triple],
                     patched: Path) -> ExportIndex:
    """Patch `patched` from `before` to `after`; assert its files and index are those of a full export."""
    new_index = patch_exports(patched, index, sorted(before - after, key=repr), sorted(after - before, key=repr),
                              *export_prefixes())
    full = tmp_path / "full"
    full_index = _export(_graph(after), full)
    got, want = _files(patched), _files(full)
    for name in FILES:
        assert got[name] == want[name], name
    assert _index_view(new_index) == _index_view(full_index)
    return new_index


def _generated_log(tmp_path: Path, n: int) -> Path:
    return write_generated(tmp_path / "log", n)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> PlainGraph:
    return build_graph([_generated_log(tmp_path_factory.mktemp("patch-log"), 300)], keep_extractions=False).plain


def _hand_graph() -> PlainGraph:
    g: PlainGraph = {}
    paper = ID + "paper/a"
    for text in AWKWARD:
        add(g, paper, KG + "noteText", Lit(text))
    for line in (9, 10, 100, 2):
        add(g, paper, KG + "sourceLine", Lit(str(line), XSD_INTEGER))
    add(g, paper, RDF_TYPE, KG + "Paper")
    add(g, paper, LABEL, Lit("A"))
    add(g, paper, KG + "readOn", Lit("2024-01-02", XSD_DATE))
    for thing in ("model/blip-2", "model/3d-unet", "technique/x(y)", "model/a.b", "model/b"):
        add(g, paper, KG + "mentions", ID + thing)
        add(g, ID + thing, RDF_TYPE, KG + "Model")
        add(g, ID + thing, LABEL, Lit(thing.split("/")[1]))
    for subject in ("urn:x", "http://example.org/no/prefix", ID + "a", KG + "Paper"):
        add(g, subject, LABEL, Lit(subject[-5:]))
        add(g, subject, KG + "mentions", ID + "model/b")
    return g


# ---------------------------------------------------------------------------------------------- mutations


def _mutated(rng: random.Random, triples: set[Triple], ops: int) -> set[Triple]:
    """The triples after `ops` random changes of the kinds an edit makes (and a few it rarely does)."""
    new = set(triples)
    for _ in range(ops):
        subjects = sorted({s for s, _, _ in new})
        refs = Counter(o for _, _, o in new if isinstance(o, str))
        popular = sorted(sorted(refs), key=refs.__getitem__)[-3:] or [ID + "model/b"]
        kind = rng.randrange(9)
        if kind == 0 and subjects:  # a subject vanishes
            s = rng.choice(subjects)
            new = {t for t in new if t[0] != s}
        elif kind == 1:  # a new subject, pointing at a popular node
            s = ID + f"evidence/{rng.getrandbits(64):016x}"
            new |= {(s, RDF_TYPE, KG + "Paper"), (s, LABEL, Lit(rng.choice(AWKWARD))),
                    (s, KG + "sourceLine", Lit(str(rng.randrange(1000)), XSD_INTEGER)),
                    (s, KG + "uses", rng.choice(popular))}
        elif kind == 2:  # a literal changes
            lits = sorted((t for t in new if not isinstance(t[2], str)), key=repr)
            if lits:
                s, p, o = rng.choice(lits)
                assert isinstance(o, Lit)
                new.discard((s, p, o))
                lex = str(int(o.lex) + 1) if o.dt == XSD_INTEGER else o.lex + rng.choice(AWKWARD)
                new.add((s, p, Lit(lex, o.dt)))
        elif kind == 3 and subjects:  # an edge to a popular node comes: its Turtle refcount moves it
            new.add((rng.choice(subjects), KG + "uses", rng.choice(popular)))
        elif kind == 4:  # an edge to a popular node goes
            edges = sorted(t for t in new if t[2] in popular)
            if edges:
                new.discard(rng.choice(edges))
        elif kind == 5 and subjects:  # the first or the last subject (by IRI) changes
            s = subjects[0] if rng.random() < 0.5 else subjects[-1]
            new.add((s, ALT, Lit(f"alt {rng.randrange(100)}")))
        elif kind == 6:  # a subject before or after every other one
            s = rng.choice(("a:", "zzzz:last", ID + "", "http://www.w3.org/2002/07/owl#First"))
            new.add((s, LABEL, Lit("edge of the order")))
        elif kind == 7 and subjects:  # a term with a prefix the file did not use (or no longer one)
            edge = (rng.choice(subjects), KG + "mentions", OWL_THING)
            if edge in new:
                new.discard(edge)
            else:
                new.add(edge)
        elif kind == 8 and subjects:  # a subject's triple goes
            s = rng.choice(subjects)
            mine = sorted((t for t in new if t[0] == s), key=repr)
            new.discard(rng.choice(mine))
    return new


@pytest.mark.parametrize("seed", range(6))
def test_chained_patches_of_a_generated_log_are_full_exports(seed: int, generated: PlainGraph,
                                                             tmp_path: Path) -> None:
    rng = random.Random(seed)
    patched = tmp_path / "patched"
    triples = _triples(generated)
    index = _export(generated, patched)
    for _ in range(4):
        after = _mutated(rng, triples, rng.randrange(1, 8))
        index = _patched_is_full(tmp_path, index, triples, after, patched)
        triples = after
    assert sorted(p.name for p in patched.iterdir()) == sorted(FILES)  # no temporary file left


@pytest.mark.parametrize("seed", range(12))
def test_chained_patches_of_a_small_awkward_graph_are_full_exports(seed: int, tmp_path: Path) -> None:
    rng = random.Random(100 + seed)
    patched = tmp_path / "patched"
    triples = _triples(_hand_graph())
    index = _export(_graph(triples), patched)
    for _ in range(10):
        after = _mutated(rng, triples, rng.randrange(1, 4))
        index = _patched_is_full(tmp_path, index, triples, after, patched)
        index = pickle.loads(pickle.dumps(index))  # (with the empty slots of vanished subjects, if any)
        triples = after


def test_a_graph_emptied_and_filled_again(tmp_path: Path) -> None:
    patched = tmp_path / "patched"
    triples = _triples(_hand_graph())
    index = _export(_graph(triples), patched)
    index = _patched_is_full(tmp_path, index, triples, set(), patched)
    assert (patched / "kg.nt").read_bytes() == b"\n"
    index = _patched_is_full(tmp_path, index, set(), triples, patched)
    one: set[Triple] = {(ID + "paper/z", LABEL, Lit("z"))}
    _patched_is_full(tmp_path, index, triples, one, patched)


def test_a_new_prefix_in_the_turtle_header_comes_and_goes(tmp_path: Path) -> None:
    patched = tmp_path / "patched"
    triples = _triples(_hand_graph())
    index = _export(_graph(triples), patched)
    assert b"@prefix owl:" not in (patched / "kg.ttl").read_bytes()
    edge = (ID + "paper/a", KG + "mentions", OWL_THING)
    index = _patched_is_full(tmp_path, index, triples, triples | {edge}, patched)
    assert b"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n" in (patched / "kg.ttl").read_bytes()
    _patched_is_full(tmp_path, index, triples | {edge}, triples, patched)
    assert b"@prefix owl:" not in (patched / "kg.ttl").read_bytes()


def test_a_popular_node_moves_in_turtle_with_its_block_unchanged(tmp_path: Path) -> None:
    patched = tmp_path / "patched"
    triples = _triples(_hand_graph())
    index = _export(_graph(triples), patched)
    ttl = (patched / "kg.ttl").read_bytes()
    block = b"\n<https://w3id.org/papers-kg/id/model/3d-unet> a kg:Model ;\n    rdfs:label \"3d-unet\" .\n"
    assert block in ttl
    more = {(s, KG + "uses", ID + "model/3d-unet") for s in ("urn:x", "http://example.org/no/prefix", ID + "a")}
    _patched_is_full(tmp_path, index, triples, triples | more, patched)
    moved = (patched / "kg.ttl").read_bytes()
    assert block in moved and moved.index(block) > ttl.index(block)


# ---------------------------------------------------------------------------------------------- index and refusals


@pytest.mark.parametrize("jobs", [2, 3])
def test_the_index_of_a_parallel_export_is_that_of_one_process(jobs: int, generated: PlainGraph, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked writers make the plans of the files the build process does not write (Turtle) and hand their
    outlines back: the index must be the one a single process makes."""
    import kg.build

    one = _export(generated, tmp_path / "one")
    monkeypatch.setattr(kg.build, "PARALLEL_TRIPLES", 0)  # a small graph written as a large one is
    two = _export(generated, tmp_path / "two", jobs=jobs)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert _index_view(one) == _index_view(two)
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == sorted(FILES)


def test_the_index_pickles_to_what_it_was(generated: PlainGraph, tmp_path: Path) -> None:
    index = _export(generated, tmp_path / "out")
    again = pickle.loads(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.subjects == index.subjects
    assert _index_view(again) == _index_view(index)
    assert {n: f.stamp for n, f in again.files.items()} == {n: f.stamp for n, f in index.files.items()}
    triples = _triples(generated)
    after = _mutated(random.Random(7), triples, 5)
    _patched_is_full(tmp_path, again, triples, after, tmp_path / "out")


def test_n_triples_blocks_read_back_as_written() -> None:
    g = _hand_graph()
    for s, preds in g.items():
        out = io.BytesIO()
        write_nt({s: preds}, out)
        read = parse_nt_block(s, out.getvalue())
        assert {p: sorted(map(repr, objs)) for p, objs in read.items()} == {
            p: sorted(map(repr, objs)) for p, objs in preds.items()}


def test_a_file_changed_since_the_index_is_refused_and_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    triples = _triples(_hand_graph())
    index = _export(_graph(triples), out)
    with (out / "kg.jsonld").open("ab") as fh:
        fh.write(b" ")
    before = _files(out)
    change: list[Triple] = [(ID + "paper/a", ALT, Lit("new"))]
    with pytest.raises(PatchRefused, match=r"kg\.jsonld changed since it was written"):
        patch_exports(out, index, [], change, *export_prefixes())
    assert _files(out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)


def test_a_triple_to_remove_that_is_not_there_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    index = _export(_hand_graph(), out)
    before = _files(out)
    missing: list[Triple] = [(ID + "paper/a", ALT, Lit("never there"))]
    with pytest.raises(PatchRefused, match="a triple to remove is not in the export"):
        patch_exports(out, index, missing, [], *export_prefixes())
    present: list[Triple] = [(ID + "paper/a", LABEL, Lit("A"))]
    with pytest.raises(PatchRefused, match="a triple to add is in the export already"):
        patch_exports(out, index, [], present, *export_prefixes())
    ns, context = export_prefixes()
    with pytest.raises(PatchRefused, match="prefixes differ"):
        patch_exports(out, index, [], [], {**ns, "ex": "http://example.org/"}, context)
    assert _files(out) == before


@pytest.fixture
def file_size_limit() -> Iterator[None]:
    """Writes past the limit fail with EFBIG (the signal that would end the process ignored) until the test
    ends."""
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    yield
    resource.setrlimit(resource.RLIMIT_FSIZE, limits)
    signal.signal(signal.SIGXFSZ, handler)


def test_a_failure_while_writing_leaves_the_old_files(generated: PlainGraph, tmp_path: Path,
                                                      file_size_limit: None) -> None:
    out = tmp_path / "out"
    triples = _triples(generated)
    index = _export(generated, out)
    before = _files(out)
    after = _mutated(random.Random(3), triples, 4)
    # the Turtle and JSON-LD files are written whole, the N-Triples file (the largest, written last) is not
    assert len(before["kg.ttl"]) < len(before["kg.jsonld"]) < len(before["kg.nt"]) - 100_000
    resource.setrlimit(resource.RLIMIT_FSIZE, (len(before["kg.nt"]) - 50_000, resource.RLIM_INFINITY))
    with pytest.raises(OSError) as failed:
        patch_exports(out, index, sorted(triples - after, key=repr), sorted(after - triples, key=repr),
                      *export_prefixes())
    assert failed.value.errno == 27  # EFBIG: file too large
    assert _files(out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)


def test_no_change_is_no_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    index = _export(_hand_graph(), out)
    stamps = {name: (out / name).stat().st_mtime_ns for name in FILES}
    assert patch_exports(out, index, [], [], *export_prefixes()) is index
    assert {name: (out / name).stat().st_mtime_ns for name in FILES} == stamps
