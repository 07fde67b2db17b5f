"""How big and how fast is the lineage page for a large graph? 5,000 nodes and 15,000 edges, in headless Chromium.

Usage: .venv/bin/python benchmarks/render_bench.py [--nodes 5000] [--edges 15000] [--runs 3] [--no-append]

Builds a synthetic export (papers, models, techniques … with dates, organisations, and one evidence statement per
relation), renders it with kg.render.render_html, then opens the page from file:// in a fresh Chromium page
several times and reports the median of: the time from navigation start to the first draw (the page's
`window.__kgReady`), the time a search-and-select takes, and the time a type filter takes. Appends the figures,
with the machine and the date, to benchmarks/RENDER_RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS, XSD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from machine import describe_machine  # noqa: E402  (the benchmarks folder is the script's own)

from kg.namespace import CLASS_OF_KIND, ID, KG  # noqa: E402
from kg.render import HEADLESS_CHROMIUM, HEADLESS_CHROMIUM_FLAGS, render_html  # noqa: E402

CHROMIUM = HEADLESS_CHROMIUM
FLAGS = list(HEADLESS_CHROMIUM_FLAGS)
RESULTS = Path(__file__).resolve().parent / "RENDER_RESULTS.md"
SHARE = {
    "paper": 0.44,
    "model": 0.26,
    "technique": 0.12,
    "dataset": 0.08,
    "metric": 0.04,
    "organization": 0.04,
    "task": 0.01,
    "person": 0.01,
}
CLASS = CLASS_OF_KIND


def synthetic(n_nodes: int, n_edges: int, seed: int = 7) -> rdflib.Graph:
    rng = random.Random(seed)
    graph = rdflib.Graph()
    by_kind: dict[str, list[rdflib.URIRef]] = {kind: [] for kind in SHARE}
    kinds = list(SHARE)
    for i in range(n_nodes):
        kind = rng.choices(kinds, weights=[SHARE[k] for k in kinds])[0]
        node = ID[f"{kind}/{kind[:2]}{i:05d}"]
        by_kind[kind].append(node)
        graph.add((node, RDF.type, CLASS[kind]))
        graph.add((node, RDFS.label, Literal(f"{kind.title()}-{i}")))
        if kind == "paper":
            year = rng.randint(2012, 2024)
            graph.add((node, DCTERMS.title, Literal(f"A study of things number {i} and their kin")))
            graph.add((node, KG.publicationDate, Literal(f"{year}-{rng.randint(1, 12):02d}", datatype=XSD.gYearMonth)))
            if rng.random() < 0.3:
                graph.add((node, KG.readingStatus, Literal("read")))
                graph.add((node, KG.readOn, Literal(f"2024-{rng.randint(1, 12):02d}-01", datatype=XSD.date)))
                graph.add((node, KG.noteText, Literal(f"笔记 {i}: 基于前人工作改进，对比若干基线。" * 3)))
                graph.add((node, KG.sourceFile, Literal("notes/synthetic.md")))
                graph.add((node, KG.sourceLine, Literal(i + 1)))
    works = by_kind["paper"] + by_kind["model"]
    things = [n for kind in ("technique", "dataset", "metric", "task", "person") for n in by_kind[kind]]
    made = 0
    line = 0
    while made < n_edges:
        roll = rng.random()
        s = rng.choice(by_kind["paper"])
        if roll < 0.35:
            s, o, p = rng.choice(works), rng.choice(works), KG.buildsOn
        elif roll < 0.55:
            s, o, p = rng.choice(works), rng.choice(works), KG.comparesTo
        elif roll < 0.8:
            s, o, p = rng.choice(works), rng.choice(things), KG.uses
        elif roll < 0.9:
            o, p = rng.choice(by_kind["organization"]), KG.publishedBy
        else:
            o, p = rng.choice(by_kind["model"] + by_kind["technique"]), KG.proposes
        if s == o or (s, p, o) in graph:
            continue
        graph.add((s, p, o))
        made += 1
        if p == KG.publishedBy:
            continue
        line += 1
        statement = ID[f"evidence/{made:016x}"]
        graph.add((statement, RDF.type, RDF.Statement))
        graph.add((statement, RDF.subject, s))
        graph.add((statement, RDF.predicate, p))
        graph.add((statement, RDF.object, o))
        graph.add((statement, KG.quote, Literal(f"Sentence {made} of the notes that says so, 在某某基础上。")))
        graph.add((statement, KG.sourceFile, Literal("notes/synthetic.md")))
        graph.add((statement, KG.sourceLine, Literal(line)))
    return graph


def measure(path: Path, runs: int) -> tuple[dict[str, list[float]], str]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {"first_draw_ms": [], "search_select_ms": [], "type_filter_ms": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        version = browser.version
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            errors: list[Exception] = []

            def on_error(error: Exception, errors: list[Exception] = errors) -> None:
                errors.append(error)

            page.on("pageerror", on_error)
            page.goto(path.as_uri())
            page.wait_for_function("window.__kgReady !== undefined", timeout=60000)
            figures["first_draw_ms"].append(page.evaluate("window.__kgReady"))
            figures["search_select_ms"].append(
                page.evaluate(
                    """() => { const t = performance.now(); kgMap.search('Paper-100');
                       kgMap.network.redraw(); return performance.now() - t; }"""
                )
            )
            figures["type_filter_ms"].append(
                page.evaluate(
                    """() => { const t = performance.now(); const box = document.getElementById('f-kind-model');
                       box.click(); kgMap.network.redraw(); return performance.now() - t; }"""
                )
            )
            if errors:
                raise SystemExit(f"page errors: {errors}")
            page.close()
        browser.close()
    return figures, version


def machine() -> str:
    return describe_machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=15000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    graph = synthetic(args.nodes, args.edges)
    built = time.perf_counter() - started
    started = time.perf_counter()
    page = render_html(graph)
    rendered = time.perf_counter() - started
    size = len(page.encode("utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lineage.html"
        path.write_text(page, encoding="utf-8")
        figures, version = measure(path, args.runs)
    median = {name: statistics.median(values) for name, values in figures.items()}
    lines = [
        f"## {dt.date.today().isoformat()}: {args.nodes} nodes, {args.edges} edges",
        "",
        f"- machine: {machine()}; Chromium {version} headless; Python {platform.python_version()}",
        f"- synthetic graph: {len(graph)} triples, built in {built:.1f} s",
        f"- render_html: {rendered:.2f} s; page {size / 1e6:.2f} MB ({size} bytes)",
        f"- load average when measured: {os.getloadavg()[0]:.1f}",
        f"- first draw (navigation start to first afterDrawing), median of {args.runs}: "
        f"{median['first_draw_ms']:.0f} ms (runs: {', '.join(f'{v:.0f}' for v in figures['first_draw_ms'])})",
        f"- search and select a node (lineage highlight, side panel), median: {median['search_select_ms']:.0f} ms",
        f"- toggle a type filter, median: {median['type_filter_ms']:.0f} ms",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_append:
        header = ""
        if not RESULTS.exists():
            header = "# Lineage page: size and speed\n\nAppended by benchmarks/render_bench.py.\n\n"
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(header + report + "\n")


if __name__ == "__main__":
    main()
