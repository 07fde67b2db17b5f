"""Fixed positions for the lineage map: time runs left to right, lines of work are stacked top to bottom.

The page draws these positions as they are (physics off), so a map of thousands of nodes appears at once
and holds still. Everything here is a pure function of its arguments: same nodes and edges, same layout.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

YEAR_MIN_W = 120.0  # the width of a year with few nodes in it
YEAR_PER_NODE = 45.0  # and how much each node widens its year
YEAR_MAX_W = 900.0
EMPTY_YEAR_W = 40.0  # a year with nothing in it
EMPTY_RUN_W = 90.0  # a run of two or more years with nothing in them
UNDATED_GAP = 190.0  # the undated column sits this far left of the first year
MIN_DX = 150.0  # two nodes on one row of a lane keep this much room for their labels
ROW_H = 66.0
LANE_GAP = 60.0
LANE_PAD_X = 70.0  # a lane box reaches this far beyond its first and last node
LANE_MAX = 60  # a line of work bigger than this is split into communities
PROPAGATION_ROUNDS = 4


@dataclass(frozen=True)
class YearBand:
    """One year (or a collapsed run of empty years) on the time axis, from x0 to x1."""

    label: str
    x0: float
    x1: float
    collapsed: bool


@dataclass(frozen=True)
class LaneBox:
    """The rectangle a line of work occupies."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: int  # how many nodes it holds


@dataclass(frozen=True)
class Layout:
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    years: tuple[YearBand, ...]
    undated_x: float | None  # where nodes with no date and no dated neighbour stand, if any do
    lanes: tuple[LaneBox, ...]


def month_of(lexical: str) -> float | None:
    """Months since year 0 of a gYear / gYearMonth / date lexical form; a bare year counts as mid-year."""
    parts = lexical.strip().split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return year * 12 + 5.5
        month = int(parts[1])
    except ValueError:
        return None
    if not 1 <= month <= 12:
        return year * 12 + 5.5
    return year * 12 + (month - 1)


def _propagate(months: Sequence[float | None], neighbours: Sequence[Sequence[int]]) -> list[float | None]:
    """An undated node takes the mean date of its dated neighbours, a few rounds out."""
    known = list(months)
    for _ in range(PROPAGATION_ROUNDS):
        found: dict[int, float] = {}
        for node, month in enumerate(known):
            if month is not None:
                continue
            dated = [m for m in (known[n] for n in neighbours[node]) if m is not None]
            if dated:
                found[node] = sum(dated) / len(dated)
        if not found:
            break
        for node, month in found.items():
            known[node] = month
    return known


def _year_width(count: int) -> float:
    """A busy year gets more room than a quiet one, so labels stay apart without a vast empty canvas."""
    return min(YEAR_MAX_W, max(YEAR_MIN_W, YEAR_PER_NODE * count))


def _time_axis(months: Sequence[float]) -> tuple[dict[int, tuple[float, float]], list[YearBand]]:
    """Map each year from the first to the last to an x span, in date order; empty years shrink to a gap."""
    per_year = Counter(int(m // 12) for m in months)
    spans: dict[int, tuple[float, float]] = {}
    bands: list[YearBand] = []
    if not per_year:
        return spans, bands
    x = 0.0
    year = min(per_year)
    last = max(per_year)
    while year <= last:
        if year in per_year:
            width = _year_width(per_year[year])
            spans[year] = (x, x + width)
            bands.append(YearBand(str(year), x, x + width, False))
            x += width
            year += 1
            continue
        run_end = year
        while run_end + 1 <= last and run_end + 1 not in per_year:
            run_end += 1
        run = run_end - year + 1
        width = EMPTY_YEAR_W if run == 1 else EMPTY_RUN_W
        for k in range(run):
            spans[year + k] = (x + width * k / run, x + width * (k + 1) / run)
        label = str(year) if run == 1 else f"{year}–{run_end}"
        bands.append(YearBand(label, x, x + width, True))
        x += width
        year = run_end + 1
    return spans, bands


def _x_of(month: float, spans: dict[int, tuple[float, float]]) -> float:
    year = int(month // 12)
    x0, x1 = spans[year]
    return x0 + (x1 - x0) * (month - year * 12) / 12


def _lanes(n: int, lane_edges: Sequence[tuple[int, int]], xs: Sequence[float]) -> list[list[int]]:
    """Lines of work: connected components of the lineage relations, big ones split into communities."""
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(sorted({(min(a, b), max(a, b)) for a, b in lane_edges if a != b}))
    groups: list[list[int]] = []
    for component in sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: c[0]):
        if len(component) == 1:
            continue
        if len(component) <= LANE_MAX:
            groups.append(component)
            continue
        sub = nx.Graph()
        sub.add_nodes_from(component)
        sub.add_edges_from(sorted(e for e in graph.subgraph(component).edges()))
        communities = nx.community.louvain_communities(sub, seed=0)
        groups.extend(sorted(c) for c in communities)
    groups.sort(key=lambda g: (-len(g), min(xs[i] for i in g), g[0]))
    return groups


def layout(
    months: Sequence[float | None],
    lane_edges: Sequence[tuple[int, int]],
    other_edges: Sequence[tuple[int, int]] = (),
) -> Layout:
    """Positions for nodes 0..n-1.

    `months` is each node's publication date (see `month_of`) or None; `lane_edges` are the relations that
    make a line of work (builds on, uses, compares to, proposes); `other_edges` (published by …) only pull
    an undated node towards its neighbours' dates and lines.
    """
    n = len(months)
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for a, b in (*lane_edges, *other_edges):
        if a != b:
            neighbours[a].append(b)
            neighbours[b].append(a)
    known = _propagate(months, neighbours)
    spans, bands = _time_axis([m for m in known if m is not None])
    undated_x = (bands[0].x0 if bands else 0.0) - UNDATED_GAP
    xs = [undated_x if m is None else round(_x_of(m, spans), 1) for m in known]

    groups = _lanes(n, lane_edges, xs)
    lane_of: dict[int, int] = {node: lane for lane, group in enumerate(groups) for node in group}
    loose: list[int] = []
    for node in range(n):
        if node in lane_of:
            continue
        votes = Counter(lane_of[m] for m in neighbours[node] if m in lane_of)
        if votes:
            best = max(votes.values())
            lane_of[node] = min(lane for lane, count in votes.items() if count == best)
        else:
            loose.append(node)
    members: list[list[int]] = [[] for _ in groups]
    for node, lane in sorted(lane_of.items()):
        members[lane].append(node)
    members.extend([node] for node in loose)  # each unlinked node fills whatever gap fits it

    ys = [0.0] * n
    lanes: list[LaneBox] = []
    for group in members:
        rows: list[float] = []  # the x of the last node placed on each row
        local: dict[int, int] = {}
        for node in sorted(group, key=lambda i: (xs[i], i)):
            for row, last in enumerate(rows):
                if xs[node] - last >= MIN_DX:
                    rows[row] = xs[node]
                    break
            else:
                row = len(rows)
                rows.append(xs[node])
            local[node] = row
        height = len(rows) * ROW_H
        x0 = min(xs[i] for i in group) - LANE_PAD_X
        x1 = max(xs[i] for i in group) + LANE_PAD_X
        top = _lowest_free(lanes, x0, x1, height)
        for node, row in local.items():
            ys[node] = top + row * ROW_H + ROW_H / 2
        lanes.append(LaneBox(x0, x1, top, top + height, len(group)))

    has_undated = any(m is None for m in known)
    return Layout(
        xs=tuple(xs),
        ys=tuple(ys),
        years=tuple(bands),
        undated_x=undated_x if has_undated else None,
        lanes=tuple(lanes),
    )


def _lowest_free(placed: Sequence[LaneBox], x0: float, x1: float, height: float) -> float:
    """The highest top at which a lane box of this extent overlaps no lane already placed.

    Lines of work that live in different years share a band, so a log of many short threads stays compact.
    """
    beside = [box for box in placed if box.x0 < x1 + LANE_GAP and x0 < box.x1 + LANE_GAP]
    for top in sorted({0.0, *(box.bottom + LANE_GAP for box in beside)}):
        if all(top + height + LANE_GAP <= box.top or top >= box.bottom + LANE_GAP for box in beside):
            return top
    return 0.0  # not reached: below every box is always free
