"""Named-query benchmark: the synthetic ≥1M-triple export, once in pyoxigraph (the default engine, the persistent
store `kg query` uses) and once in rdflib, every named query run N times on each; prints median ms per engine and
the ratio, and writes the table into benchmarks/QUERY_RESULTS.md.

Usage: python benchmarks/query_bench.py [--papers 13000] [--runs 20] [--rdflib-runs 3]
       python benchmarks/query_bench.py --rerun NAME [NAME ...]
The second form times only the named queries again on pyoxigraph (reusing the store of the last full run) and
replaces their pyoxigraph figures in QUERY_RESULTS.md, noting the load average: for figures that look disturbed by
other work on the machine.
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import os
import queue
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import synth_rdf  # noqa: E402
from machine import describe_machine  # noqa: E402

from kg.query import (  # noqa: E402
    DERIVED_GRAPH,
    QueryResult,
    derivations,
    derive_on_dataset,
    derive_on_store,
    load_rdflib,
    named_queries,
    open_store,
    resolve_query,
    run_on_graph,
    run_on_store,
    store_dir,
)

OUT = HERE / "out"
RESULTS = HERE / "QUERY_RESULTS.md"
MULTI_HOP = ("lineage", "ancestors", "descendants", "unread-ancestors")
TARGET_MS = 20.0
TARGET_RATIO = 50.0
RDFLIB_GIVE_UP_S = 120.0  # a query still running after this long on rdflib is stopped and reported as "> 120000"

PICK = """PREFIX kg: <https://w3id.org/papers-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def pick_params(store: Any) -> dict[str, dict[str, str]]:
    """Realistic parameters, read from the data: deep works, the most built-upon, the most used, a big org."""

    def first(query: str) -> str:
        solutions = list(store.query(PICK + query))
        return str(solutions[0][0].value)

    deep = first("SELECT ?l WHERE { ?w kg:buildsOn/kg:buildsOn/kg:buildsOn/kg:buildsOn ?x . ?w rdfs:label ?l }"
                 " ORDER BY ?l LIMIT 1")
    root = first("SELECT ?l WHERE { { SELECT ?w (COUNT(*) AS ?n) WHERE { ?s kg:buildsOn ?w } GROUP BY ?w"
                 " ORDER BY DESC(?n) ?w LIMIT 1 } ?w rdfs:label ?l }")
    used = first("SELECT ?l WHERE { { SELECT ?w (COUNT(*) AS ?n) WHERE { ?s kg:uses ?w . ?w a kg:Technique }"
                 " GROUP BY ?w ORDER BY DESC(?n) ?w LIMIT 1 } ?w rdfs:label ?l }")
    org = first("SELECT ?l WHERE { { SELECT ?o (COUNT(*) AS ?n) WHERE { ?p kg:publishedBy ?o } GROUP BY ?o"
                " ORDER BY DESC(?n) ?o LIMIT 1 } ?o rdfs:label ?l }")
    month = first("SELECT (SUBSTR(STR(?d), 1, 7) AS ?m) WHERE { ?p kg:readOn ?d } ORDER BY DESC(?d) LIMIT 1")
    # typed as a user would: lower case, so the case-insensitive lookup is what gets measured
    return {
        "lineage": {"name": deep.lower()},
        "ancestors": {"name": deep.lower()},
        "descendants": {"name": root.lower()},
        "compares-to": {"name": root.lower()},
        "uses": {"name": used.lower()},
        "papers-by-org": {"org": org.lower()},
        "evidence": {"name": deep.lower()},
        "read-in": {"month": month},
    }


def timed(run: Callable[[], QueryResult], runs: int, give_up_s: float | None = None) -> tuple[list[float], QueryResult]:
    times: list[float] = []
    result: QueryResult | None = None
    started = time.perf_counter()
    for _ in range(runs):
        begin = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - begin) * 1000)
        if give_up_s is not None and time.perf_counter() - started > give_up_s:
            break
    assert result is not None
    return times, result


def timed_rdflib(query: str, graph: Any, runs: int) -> tuple[list[float], QueryResult | None]:
    """Run on rdflib in a forked child (it shares the loaded graph), so a query that runs away can be stopped."""
    context = multiprocessing.get_context("fork")
    results: Any = context.Queue()

    def child() -> None:
        times, result = timed(lambda: run_on_graph(query, graph), runs, RDFLIB_GIVE_UP_S)
        results.put((times, result))

    process = context.Process(target=child)
    process.start()
    try:
        times, result = results.get(timeout=RDFLIB_GIVE_UP_S * 1.5)
    except queue.Empty:
        return [RDFLIB_GIVE_UP_S * 1000], None
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
    return times, result


def rdflib_derivation_seconds(graph: Any) -> float | None:
    """rdflib's own run of the derivations on the loaded export, in a forked child (None: stopped after 120 s)."""
    context = multiprocessing.get_context("fork")
    results: Any = context.Queue()

    def child() -> None:
        begin = time.perf_counter()
        derive_on_dataset(graph, derivations())
        results.put(time.perf_counter() - begin)

    process = context.Process(target=child)
    process.start()
    try:
        seconds: float = results.get(timeout=RDFLIB_GIVE_UP_S)
    except queue.Empty:
        return None
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
    return seconds


def copy_derived(store: Any, graph: Any) -> int:
    """Put the store's derived graph into the rdflib Dataset's, term for term."""
    import pyoxigraph
    import rdflib

    def term(node: Any) -> Any:
        if isinstance(node, pyoxigraph.NamedNode):
            return rdflib.URIRef(node.value)
        if isinstance(node, pyoxigraph.BlankNode):
            return rdflib.BNode(node.value)
        return rdflib.Literal(node.value, datatype=rdflib.URIRef(node.datatype.value))

    target = graph.graph(rdflib.URIRef(DERIVED_GRAPH))
    quads = list(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(DERIVED_GRAPH)))
    target.addN((term(q.subject), term(q.predicate), term(q.object), target) for q in quads)
    return len(quads)


def machine() -> str:
    return describe_machine(("pyoxigraph", "rdflib"))


_ROW = re.compile(r"^\| (?P<name>[a-z-]+) \| (?P<ox>[0-9.]+) \| (?P<rd>(?:> )?[0-9]+) \| [^|]+ \| (?P<rest>.*)$")


def rerun(names: list[str], data: Path, runs: int) -> int:
    """Time `names` again on pyoxigraph and replace their figures in QUERY_RESULTS.md."""
    if not data.is_file() or not RESULTS.is_file():
        print("no earlier full run to update: run without --rerun first", file=sys.stderr)
        return 1
    store = open_store(data)
    params = pick_params(store)
    lines = RESULTS.read_text(encoding="utf-8").splitlines()
    for name in names:
        query = resolve_query(name, params.get(name, {}))
        run_on_store(query, store)  # warm-up
        times, _ = timed(functools.partial(run_on_store, query, store), runs)
        ox_ms = statistics.median(times)
        for i, line in enumerate(lines):
            match = _ROW.match(line)
            if match and match["name"] == name:
                rd_ms = float(match["rd"].removeprefix("> "))
                stopped = match["rd"].startswith(">")
                ratio = rd_ms / ox_ms
                cells = match["rest"].split(" | ")
                met = ox_ms <= TARGET_MS and (name not in MULTI_HOP or ratio >= TARGET_RATIO)
                ratio_text = f"> {ratio:,.0f}×" if stopped else f"{ratio:,.0f}×"
                lines[i] = (f"| {name} | {ox_ms:.2f} | {match['rd']} | {ratio_text} | {cells[0]} | {cells[1]} | "
                            f"{'met' if met else 'missed'} |")
                print(f"{name:18s} pyoxigraph {ox_ms:9.2f} ms (was {match['ox']})", flush=True)
                break
        else:
            print(f"{name}: not in {RESULTS}", file=sys.stderr)
            return 1
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    lines.append(f"Re-run on pyoxigraph alone (median of {runs}) at {time.strftime('%Y-%m-%d %H:%M')}, load average "
                 f"{load}, because the full run's figures looked disturbed: {', '.join(names)}.")
    lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"updated {RESULTS}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="benchmark the named queries on pyoxigraph and rdflib")
    parser.add_argument("--papers", type=int, default=synth_rdf.Shape.papers)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rdflib-runs", type=int, default=3)
    parser.add_argument("--load-runs", type=int, default=3, help="store builds to time, with and without derivations")
    parser.add_argument("--rerun", nargs="+", metavar="NAME", choices=named_queries(),
                        help="time only these named queries again on pyoxigraph and update their rows")
    args = parser.parse_args(argv)

    OUT.mkdir(exist_ok=True)
    data = OUT / f"synth-{args.papers}.nt"
    if args.rerun:
        return rerun(args.rerun, data, args.runs)
    begin = time.perf_counter()
    triples = synth_rdf.write(data, synth_rdf.Shape(papers=args.papers))
    print(f"generated {triples} triples in {time.perf_counter() - begin:.1f} s", flush=True)

    # The store without derivations, then each derivation timed on it, then the store as `kg query` builds it;
    # --load-runs times each, the medians are reported (a build takes seconds: other work on the machine shows).
    no_derivations = OUT / "no-derivations"
    no_derivations.mkdir(exist_ok=True)
    plain_loads: list[float] = []
    full_loads: list[float] = []
    per_derivation: dict[str, list[float]] = {}
    derived_triples: dict[str, int] = {}
    for _ in range(args.load_runs):
        shutil.rmtree(store_dir(data), ignore_errors=True)  # measure a real load, not the reuse of an earlier store
        begin = time.perf_counter()
        store = open_store(data, derived_dir=no_derivations)  # bulk load and compaction (store.optimize)
        plain_loads.append(time.perf_counter() - begin)
        for derivation in derivations():
            begin = time.perf_counter()
            derived_triples[derivation.path.name] = derive_on_store(store, [derivation])
            per_derivation.setdefault(derivation.path.name, []).append(time.perf_counter() - begin)
        del store
        shutil.rmtree(store_dir(data), ignore_errors=True)
        begin = time.perf_counter()
        store = open_store(data)
        full_loads.append(time.perf_counter() - begin)
    ox_plain_load, ox_load = statistics.median(plain_loads), statistics.median(full_loads)
    derivation_times = [(name, statistics.median(times), derived_triples[name]) for name, times in
                        per_derivation.items()]
    begin = time.perf_counter()
    graph = load_rdflib(data, derived_dir=None)
    rdflib_load = time.perf_counter() - begin
    print(f"loaded: pyoxigraph {ox_plain_load:.1f} s without derivations, {ox_load:.1f} s with; "
          f"rdflib {rdflib_load:.1f} s", flush=True)
    for name, seconds, added in derivation_times:
        print(f"  derivation {name}: {seconds:.2f} s, {added} triples", flush=True)
    rdflib_derive = rdflib_derivation_seconds(graph)
    copied = copy_derived(store, graph)
    print(f"rdflib derivations: {'stopped after 120 s' if rdflib_derive is None else f'{rdflib_derive:.1f} s'}; "
          f"copied {copied} derived triples from the store", flush=True)

    params = pick_params(store)
    rows: list[tuple[str, float, float, int, str]] = []
    for name in named_queries():
        query = resolve_query(name, params.get(name, {}))
        run_on_store(query, store)  # warm-up
        ox_times, ox_result = timed(functools.partial(run_on_store, query, store), args.runs)
        rd_times, rd_result = timed_rdflib(query, graph, args.rdflib_runs)
        ox_ms, rd_ms = statistics.median(ox_times), statistics.median(rd_times)
        same = "yes" if ox_result == rd_result else "NO" if rd_result is not None else "stopped"
        rows.append((name, ox_ms, rd_ms, len(ox_result.rows), same))
        print(f"{name:18s} pyoxigraph {ox_ms:9.2f} ms  rdflib {rd_ms:10.1f} ms  ×{rd_ms / ox_ms:8.0f}  "
              f"rows {len(ox_result.rows):5d}  same rows: {same}", flush=True)

    lines = [
        "# Named-query benchmark",
        "",
        f"Synthetic export (`benchmarks/synth_rdf.py`, {args.papers} papers): {triples:,} triples, N-Triples.",
        f"Machine: {machine()}.",
        f"Load (median of {args.load_runs} builds each; all: "
        f"{', '.join(f'{s:.1f}' for s in full_loads)} s with, {', '.join(f'{s:.1f}' for s in plain_loads)} s "
        "without): pyoxigraph persistent store (`open_store`: bulk load, compaction, then the derivations of "
        f"`queries/derived/`) {ox_load:.1f} s; without the derivations {ox_plain_load:.1f} s. "
        "The derivations one by one on that store: "
        + "; ".join(f"{name} {seconds:.2f} s ({added:,} triples)" for name, seconds, added in derivation_times)
        + f". rdflib `Graph.parse` {rdflib_load:.1f} s; rdflib running the same derivations "
        + ("did not finish in 120 s" if rdflib_derive is None else f"{rdflib_derive:.1f} s")
        + f", so its derived graph was filled with the store's {copied:,} derived triples (the tests check on "
        "small logs that both engines derive the same triples).",
        f"Median of {args.runs} runs on pyoxigraph (after one warm-up) and of {args.rdflib_runs} on rdflib "
        "(fewer if a query passed 120 s; \"> 120000\" means one run was stopped after 120 s). "
        "Parameters were picked from the data and typed in lower case.",
        f"Targets: ≤ {TARGET_MS:.0f} ms on pyoxigraph; ≥ {TARGET_RATIO:.0f}× faster than rdflib for "
        f"{', '.join(MULTI_HOP)}.",
        "",
        "| query | pyoxigraph ms | rdflib ms | rdflib / pyoxigraph | rows | same rows | target |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for name, ox_ms, rd_ms, count, same in rows:
        ratio = rd_ms / ox_ms
        met = ox_ms <= TARGET_MS and (name not in MULTI_HOP or ratio >= TARGET_RATIO)
        stopped = same == "stopped"
        rd_text = f"> {rd_ms:.0f}" if stopped else f"{rd_ms:.0f}"
        ratio_text = f"> {ratio:,.0f}×" if stopped else f"{ratio:,.0f}×"
        lines.append(f"| {name} | {ox_ms:.2f} | {rd_text} | {ratio_text} | {count} | {same} | "
                     f"{'met' if met else 'missed'} |")
    lines.append("")
    lines.append("Parameters: " + "; ".join(f"{q} {k}={v!r}" for q, p in sorted(params.items()) for k, v in p.items())
                 + ".")
    lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
