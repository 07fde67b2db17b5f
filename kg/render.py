"""The interactive lineage map: one self-contained HTML page drawn from the RDF export.

The page inlines vis-network (read from the pyvis package), its own CSS and JS (kg/assets/), and the map as
compact JSON in a `<script type="application/json">` block. Positions are computed here (kg/layout.py) and
fixed in the page. Same graph, same bytes.
"""

from __future__ import annotations

import heapq
import html
import json
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import rdflib
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.errors import DataError
from kg.layout import Layout, layout, month_of
from kg.namespace import ID, KG, KIND_OF_CLASS
from kg.vocab import fold

ASSETS = Path(__file__).resolve().parent / "assets"
VIS_DIR = "templates/lib/vis-9.1.2"

# The relations drawn, in legend order; the first four make a line of work on the map.
DRAWN: tuple[tuple[str, URIRef], ...] = (
    ("buildsOn", KG.buildsOn),
    ("comparesTo", KG.comparesTo),
    ("uses", KG.uses),
    ("proposes", KG.proposes),
    ("publishedBy", KG.publishedBy),
)
LANE_RELATIONS = frozenset({"buildsOn", "comparesTo", "uses", "proposes"})
STATUSES = ("read", "to-read", "cited-only")
LABEL_MAX = 34



@dataclass(frozen=True)
class Evidence:
    quote: str
    file: str
    line: int | None


@dataclass(frozen=True)
class MapNode:
    iri: str
    kind: str
    label: str
    merged: str | None = None  # the IRI of the same-named model this paper proposes, drawn as this node
    title: str = ""
    alt: tuple[str, ...] = ()
    read_on: str = ""
    published: str = ""
    status: str = ""  # "read", "to-read", "cited-only" for papers, "" for things
    orgs: tuple[str, ...] = ()  # organisation IRIs
    note: str = ""
    source: str = ""  # file:line of the entry


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    relation: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class MapData:
    nodes: tuple[MapNode, ...]  # sorted by IRI
    edges: tuple[MapEdge, ...]  # sorted by (source, relation, target)


@dataclass(frozen=True)
class View:
    """The part of the map that is drawn, and what the banner says about the rest."""

    data: MapData
    total: int
    banner: str
    focus: str | None


# ---------------------------------------------------------------- reading the export


def _texts(graph: rdflib.Graph, predicate: URIRef) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for s, o in graph.subject_objects(predicate):
        if isinstance(s, URIRef) and isinstance(o, Literal):
            found[str(s)].append(str(o))
    return {k: sorted(set(v)) for k, v in found.items()}


def _first(values: Mapping[str, list[str]], key: str) -> str:
    found = values.get(key)
    return found[0] if found else ""


def _short(iri: str) -> str:
    base = str(ID)
    return iri[len(base) :] if iri.startswith(base) else iri


def _drawn_triples(graph: rdflib.Graph, kinds: Mapping[str, str]) -> set[tuple[str, str, str]]:
    triples: set[tuple[str, str, str]] = set()
    for relation, predicate in DRAWN:
        for s, o in graph.subject_objects(predicate):
            if str(s) in kinds and str(o) in kinds:
                triples.add((str(s), relation, str(o)))
    return triples


def _merges(
    triples: Iterable[tuple[str, str, str]], kinds: Mapping[str, str], label_of: Callable[[str], str]
) -> dict[str, str]:
    """model IRI -> paper IRI, for each paper that proposes a model of the same (folded) name."""
    merged_into: dict[str, str] = {}
    papers: set[str] = set()
    for paper, relation, model in sorted(triples):
        if (
            relation == "proposes"
            and kinds[paper] == "paper"
            and kinds[model] == "model"
            and model not in merged_into
            and paper not in papers
            and fold(label_of(paper)) == fold(label_of(model))
        ):
            merged_into[model] = paper
            papers.add(paper)
    return merged_into


def _evidence(
    graph: rdflib.Graph, files: Mapping[str, list[str]], lines: Mapping[str, list[str]]
) -> dict[tuple[str, str, str], set[Evidence]]:
    """The quotes behind each relation triple, from its rdf:Statement nodes."""
    relation_of = {str(predicate): relation for relation, predicate in DRAWN}
    parts = [
        {str(st): str(value) for st, value in graph.subject_objects(term)}
        for term in (RDF.subject, RDF.predicate, RDF.object)
    ]
    quotes = _texts(graph, KG.quote)
    evidence: dict[tuple[str, str, str], set[Evidence]] = defaultdict(set)
    for statement in sorted(str(st) for st in graph.subjects(RDF.type, RDF.Statement)):
        subject, predicate, obj = (part.get(statement) for part in parts)
        relation = relation_of.get(predicate or "")
        if relation is None or subject is None or obj is None or statement not in quotes:
            continue
        line_text = _first(lines, statement)
        line = int(line_text) if line_text.isdigit() else None
        for quote in quotes[statement]:
            evidence[(subject, relation, obj)].add(Evidence(quote, _first(files, statement), line))
    return evidence


def read_map(graph: rdflib.Graph) -> MapData:
    """The nodes and edges to draw: typed resources, the five drawn relations, and their evidence.

    A paper and the model it proposes under the same name (labels that fold equal) become one node that
    carries both nodes' edges; the `proposes` edge between them disappears into it.
    """
    kind_rank = {kind: rank for rank, kind in enumerate(KIND_OF_CLASS.values())}
    kinds: dict[str, str] = {}
    for s, o in graph.subject_objects(RDF.type):
        kind = KIND_OF_CLASS.get(o) if isinstance(o, URIRef) else None
        if kind is None or not isinstance(s, URIRef):
            continue
        key = str(s)
        if key not in kinds or kind_rank[kind] < kind_rank[kinds[key]]:
            kinds[key] = kind

    labels = _texts(graph, RDFS.label)
    titles = _texts(graph, DCTERMS.title)
    alts = _texts(graph, SKOS.altLabel)
    read_on = _texts(graph, KG.readOn)
    published = _texts(graph, KG.publicationDate)
    status = _texts(graph, KG.readingStatus)
    notes = _texts(graph, KG.noteText)
    files = _texts(graph, KG.sourceFile)
    lines = _texts(graph, KG.sourceLine)

    def label_of(iri: str) -> str:
        return _first(labels, iri) or _first(titles, iri) or _short(iri)

    triples = _drawn_triples(graph, kinds)
    merged_into = _merges(triples, kinds, label_of)
    merged_model = {paper: model for model, paper in merged_into.items()}

    orgs_of: dict[str, set[str]] = defaultdict(set)
    for paper, relation, org in triples:
        if relation == "publishedBy":
            orgs_of[paper].add(org)

    nodes: list[MapNode] = []
    for iri in sorted(kinds):
        if iri in merged_into:
            continue
        kind = kinds[iri]
        model = merged_model.get(iri)
        alt = set(alts.get(iri, []))
        if model is not None:
            alt.update(alts.get(model, []))
            alt.add(label_of(model))
        label = label_of(iri)
        alt.discard(label)
        line = _first(lines, iri)
        file = _first(files, iri)
        nodes.append(
            MapNode(
                iri=iri,
                kind=kind,
                label=label,
                merged=model,
                title=_first(titles, iri),
                alt=tuple(sorted(alt)),
                read_on=_first(read_on, iri),
                published=_first(published, iri),
                status=(_first(status, iri) or "cited-only") if kind == "paper" else "",
                orgs=tuple(sorted(orgs_of.get(iri, ()))),
                note=_first(notes, iri),
                source=f"{file}:{line}" if file and line else file,
            )
        )

    evidence = _evidence(graph, files, lines)
    drawn: dict[tuple[str, str, str], set[Evidence]] = defaultdict(set)
    for triple in triples:
        source, target = merged_into.get(triple[0], triple[0]), merged_into.get(triple[2], triple[2])
        if source == target:
            continue  # the paper proposing its own model, now one node
        drawn[(source, triple[1], target)].update(evidence.get(triple, ()))

    def ev_key(e: Evidence) -> tuple[str, int, str]:
        return (e.file, e.line or 0, e.quote)

    edges = tuple(
        MapEdge(s, o, relation, tuple(sorted(found, key=ev_key)))
        for (s, relation, o), found in sorted(drawn.items())
    )
    return MapData(tuple(nodes), edges)


# ---------------------------------------------------------------- choosing what to draw


def _adjacency(data: MapData) -> dict[str, list[str]]:
    adjacent: dict[str, set[str]] = {node.iri: set() for node in data.nodes}
    for edge in data.edges:
        adjacent[edge.source].add(edge.target)
        adjacent[edge.target].add(edge.source)
    return {k: sorted(v) for k, v in adjacent.items()}


def find_node(data: MapData, name: str) -> MapNode:
    """The node a user means by `name`: its label, another spelling, its title or its IRI (folded)."""
    key = fold(name)
    ranked: list[tuple[int, str, MapNode]] = []
    for node in data.nodes:
        if name in (node.iri, _short(node.iri)) or key == fold(node.label):
            ranked.append((0, node.iri, node))
        elif key in {fold(a) for a in node.alt} or (node.title and key == fold(node.title)):
            ranked.append((1, node.iri, node))
    if not ranked:
        examples = ", ".join(sorted(n.label for n in data.nodes)[:5])
        hint = f"; labels look like: {examples}" if examples else "; the graph has no nodes"
        raise DataError(f"--focus {name!r} names no node in the graph{hint}")
    return min(ranked, key=lambda r: (r[0], r[1]))[2]


def _subset(data: MapData, keep: set[str]) -> MapData:
    return MapData(
        tuple(n for n in data.nodes if n.iri in keep),
        tuple(e for e in data.edges if e.source in keep and e.target in keep),
    )


def _most_connected(data: MapData, adjacent: Mapping[str, list[str]], limit: int) -> set[str]:
    """Grow from the best-connected node, always taking the best-connected node next to what is taken."""
    degree = {iri: len(near) for iri, near in adjacent.items()}
    order = sorted(adjacent, key=lambda iri: (-degree[iri], iri))
    taken: set[str] = set()
    for start in order:
        if len(taken) >= limit:
            break
        if start in taken:
            continue
        frontier: list[tuple[int, str]] = [(-degree[start], start)]
        queued = {start}
        while frontier and len(taken) < limit:
            _, iri = heapq.heappop(frontier)
            taken.add(iri)
            for near in adjacent[iri]:
                if near not in queued and near not in taken:
                    queued.add(near)
                    heapq.heappush(frontier, (-degree[near], near))
    return taken


def choose_view(data: MapData, *, focus: str | None, depth: int, max_nodes: int) -> View:
    if depth < 0:
        raise DataError(f"depth must be 0 or more, not {depth}")
    if max_nodes < 1:
        raise DataError(f"max_nodes must be 1 or more, not {max_nodes}")
    total = len(data.nodes)
    adjacent = _adjacency(data)
    if focus is not None:
        centre = find_node(data, focus)
        distance = {centre.iri: 0}
        queue = deque([centre.iri])
        while queue:
            iri = queue.popleft()
            if distance[iri] == depth:
                continue
            for near in adjacent[iri]:
                if near not in distance:
                    distance[near] = distance[iri] + 1
                    queue.append(near)
        ranked = sorted(distance, key=lambda iri: (distance[iri], -len(adjacent[iri]), iri))
        keep = set(ranked[:max_nodes])
        shown = _subset(data, keep)
        why = f"the neighbourhood of {centre.label} within {depth} hop{'s' if depth != 1 else ''}"
        if len(distance) > max_nodes:
            why += f", cut to the {max_nodes} nearest"
        banner = f"showing {len(keep)} of {total} nodes: {why}" if len(keep) < total else ""
        return View(shown, total, banner, centre.iri)
    if total <= max_nodes:
        return View(data, total, "", None)
    keep = _most_connected(data, adjacent, max_nodes)
    banner = (
        f"showing {len(keep)} of {total} nodes: the most connected part (at most {max_nodes}); "
        "render with a focus and depth to see another part"
    )
    return View(_subset(data, keep), total, banner, None)


# ---------------------------------------------------------------- the page


def _style() -> dict[str, Any]:
    style: dict[str, Any] = json.loads((ASSETS / "style.json").read_text(encoding="utf-8"))
    return style


def _layout(data: MapData) -> Layout:
    index = {node.iri: i for i, node in enumerate(data.nodes)}
    months = [month_of(node.published) if node.published else None for node in data.nodes]
    lane_edges = [(index[e.source], index[e.target]) for e in data.edges if e.relation in LANE_RELATIONS]
    other_edges = [(index[e.source], index[e.target]) for e in data.edges if e.relation not in LANE_RELATIONS]
    return layout(months, lane_edges, other_edges)


def _short_label(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def build_payload(view: View, *, title: str, builds_on_in: Mapping[str, int]) -> dict[str, Any]:
    """The map as compact JSON: short keys, nodes and evidence referred to by position."""
    data = view.data
    style = _style()
    kind_index = {k["key"]: i for i, k in enumerate(style["kinds"])}
    relation_index = {r["key"]: i for i, r in enumerate(style["relations"])}
    node_index = {node.iri: i for i, node in enumerate(data.nodes)}
    placed = _layout(data)
    labels = {node.iri: node.label for node in data.nodes}

    org_iris = sorted({org for node in data.nodes for org in node.orgs}, key=lambda o: (labels.get(o, o), o))
    org_index = {org: i for i, org in enumerate(org_iris)}

    nodes: list[dict[str, Any]] = []
    for i, node in enumerate(data.nodes):
        item: dict[str, Any] = {
            "u": _short(node.iri),
            "k": kind_index[node.kind],
            "l": node.label,
            "d": _short_label(node.label),
            "x": placed.xs[i],
            "y": placed.ys[i],
        }
        if builds_on_in.get(node.iri):
            item["s"] = builds_on_in[node.iri]
        if node.merged:
            item["m"] = _short(node.merged)
        if node.title and node.title != node.label:
            item["t"] = node.title
        if node.alt:
            item["a"] = list(node.alt)
        if node.published:
            item["p"] = node.published
            month = month_of(node.published)
            if month is not None:
                item["yr"] = int(month // 12)
        if node.read_on:
            item["r"] = node.read_on
        if node.status:
            item["st"] = STATUSES.index(node.status) if node.status in STATUSES else 0
            if node.status not in STATUSES:
                item["sx"] = node.status
        if node.iri in org_index:
            item["oi"] = org_index[node.iri]
        if node.orgs:
            item["o"] = [org_index[o] for o in node.orgs]
        if node.note:
            item["nt"] = node.note
        if node.source:
            item["src"] = node.source
        nodes.append(item)

    evidence_index: dict[Evidence, int] = {}
    edges: list[list[Any]] = []
    for edge in data.edges:
        row: list[Any] = [node_index[edge.source], node_index[edge.target], relation_index[edge.relation]]
        if edge.evidence:
            row.append([evidence_index.setdefault(e, len(evidence_index)) for e in edge.evidence])
        edges.append(row)
    evidence = [[e.quote, e.file, e.line] for e in evidence_index]

    return {
        "title": title,
        "banner": view.banner,
        "total": view.total,
        "focus": node_index[view.focus] if view.focus is not None else -1,
        "style": style,
        "orgs": [labels.get(o, _short(o)) for o in org_iris],
        "axis": {
            "years": [[b.label, b.x0, b.x1, b.collapsed] for b in placed.years],
            "undated": placed.undated_x,
            "lanes": [[lane.x0, lane.x1, lane.top, lane.bottom] for lane in placed.lanes if lane.size > 1],
        },
        "n": nodes,
        "e": edges,
        "ev": evidence,
    }


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>`, `&` or line separators survive raw."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


def _inline(text: str, closing: str, name: str) -> str:
    if closing in text.lower():
        raise DataError(f"{name} contains {closing!r} and cannot be inlined")
    return text


def _vis_asset(name: str) -> str:
    path = resources.files("pyvis").joinpath(f"{VIS_DIR}/{name}")
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataError(f"cannot read vis-network from the pyvis package ({path}): {err}") from err


def _page(payload: Mapping[str, Any], title: str) -> str:
    template = (ASSETS / "lineage.html").read_text(encoding="utf-8")
    parts = {
        "TITLE": html.escape(title),
        "VIS_CSS": _inline(_vis_asset("vis-network.css"), "</style", "vis-network.css"),
        "CSS": _inline((ASSETS / "lineage.css").read_text(encoding="utf-8"), "</style", "lineage.css"),
        "VIS_JS": _inline(_vis_asset("vis-network.min.js"), "</script", "vis-network.min.js"),
        "JS": _inline((ASSETS / "lineage.js").read_text(encoding="utf-8"), "</script", "lineage.js"),
        "DATA": script_json(payload),
    }
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], template)


def builds_on_in_degree(edges: Iterable[MapEdge]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for edge in edges:
        if edge.relation == "buildsOn":
            counts[edge.target] += 1
    return dict(counts)


def render_html(
    data: rdflib.Graph,
    *,
    focus: str | None = None,
    depth: int = 2,
    max_nodes: int = 5000,
    title: str = "Reading lineage",
) -> str:
    """The whole lineage page for an exported graph, as UTF-8 text.

    Raises DataError if `focus` names nothing in the graph. Same graph and options, same text.
    """
    full = read_map(data)
    view = choose_view(full, focus=focus, depth=depth, max_nodes=max_nodes)
    payload = build_payload(view, title=title, builds_on_in=builds_on_in_degree(full.edges))
    return _page(payload, title)


# how to open this page in headless Chromium on a machine with no network (tests and the benchmark)
HEADLESS_CHROMIUM = "/usr/bin/chromium"
HEADLESS_CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

__all__ = [
    "Evidence",
    "MapData",
    "MapEdge",
    "MapNode",
    "View",
    "build_payload",
    "choose_view",
    "find_node",
    "fold",
    "read_map",
    "render_html",
    "script_json",
]
