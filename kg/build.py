"""The whole build: notes -> parse -> extract -> resolve -> RDF (and the map), as one pure function plus a writer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from kg.extract import Extractor
from kg.model import Diagnostic, Extraction, ParsedLog
from kg.namespace import KIND_OF_CLASS
from kg.parse import parse_paths
from kg.rdf import EXPORT_FILES, relation_triples, serialize, to_rdf, write_atomically
from kg.resolve import resolve


@dataclass(frozen=True)
class BuildResult:
    parsed: ParsedLog
    extractions: tuple[Extraction, ...]
    graph: Graph
    warnings: tuple[Diagnostic, ...]


def build_graph(paths: Sequence[Path], extractor: Extractor | None = None) -> BuildResult:
    parsed = parse_paths(paths)
    extractions = (extractor or Extractor()).extract(parsed.entries)
    resolved = resolve(extractions)
    return BuildResult(parsed, extractions, to_rdf(resolved.graph), parsed.warnings + resolved.warnings)


def export_files(result: BuildResult, html: bool = True) -> dict[str, bytes]:
    files = {name: serialize(result.graph, fmt) for name, fmt in EXPORT_FILES.items()}
    if html:
        from kg.render import render_html

        files["lineage.html"] = render_html(result.graph).encode("utf-8")
    return files


def write_exports(out: Path, files: dict[str, bytes]) -> None:
    write_atomically(out, files)


def summary(result: BuildResult) -> str:
    """What a build read and made, in a few lines."""
    g = result.graph
    lines = []
    for report in result.parsed.files:
        extra = f", {report.other_items} reading-list items that name no paper" if report.other_items else ""
        lines.append(f"{report.source}: {report.entries} entries ({report.layout} layout{extra})")
    statuses = Counter(e.status for e in result.parsed.entries)
    lines.append(
        f"entries: {len(result.parsed.entries)} ({statuses.get('read', 0)} read, {statuses.get('to-read', 0)} to-read)"
    )
    kinds: Counter[str] = Counter()
    for _, cls in g.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and cls in KIND_OF_CLASS:
            kinds[KIND_OF_CLASS[cls]] += 1
    lines.append("nodes: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    rels = Counter(str(p).rsplit("#", 1)[-1] for _, p, _ in relation_triples(g))
    lines.append("edges: " + ", ".join(f"{k} {rels.get(k, 0)}" for k in ("buildsOn", "comparesTo", "uses")))
    lines.append(f"triples: {len(g)}")
    lines.append(f"warnings: {len(result.warnings)}")
    return "\n".join(lines)
