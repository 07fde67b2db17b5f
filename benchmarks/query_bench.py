"""Named-query benchmark: the synthetic ≥1M-triple export, once in pyoxigraph (the default engine, the persistent
store `kg query` uses) and once in rdflib, every named query run N times on each; prints median ms per engine and
the ratio, and writes the table into benchmarks/QUERY_RESULTS.md.

Usage: python benchmarks/query_bench.py [--papers 13000] [--runs 20] [--rdflib-runs 3]
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import queue
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
    QueryResult,
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


def machine() -> str:
    return describe_machine(("pyoxigraph", "rdflib"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="benchmark the named queries on pyoxigraph and rdflib")
    parser.add_argument("--papers", type=int, default=synth_rdf.Shape.papers)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rdflib-runs", type=int, default=3)
    args = parser.parse_args(argv)

    OUT.mkdir(exist_ok=True)
    data = OUT / f"synth-{args.papers}.nt"
    begin = time.perf_counter()
    triples = synth_rdf.write(data, synth_rdf.Shape(papers=args.papers))
    print(f"generated {triples} triples in {time.perf_counter() - begin:.1f} s", flush=True)

    shutil.rmtree(store_dir(data), ignore_errors=True)  # measure a real load, not the reuse of an earlier store
    begin = time.perf_counter()
    store = open_store(data)
    ox_load = time.perf_counter() - begin
    begin = time.perf_counter()
    graph = load_rdflib(data)
    rdflib_load = time.perf_counter() - begin
    print(f"loaded: pyoxigraph {ox_load:.1f} s, rdflib {rdflib_load:.1f} s", flush=True)

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
        f"Load: pyoxigraph persistent store (`open_store`, bulk load) {ox_load:.1f} s; rdflib `Graph.parse` "
        f"{rdflib_load:.1f} s.",
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
