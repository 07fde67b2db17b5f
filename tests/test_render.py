"""The lineage page as bytes: what it links to, the data it carries, where it puts things, what it escapes."""

from __future__ import annotations

import itertools
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import rdflib
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import XSD

from kg.errors import DataError
from kg.layout import layout, month_of
from kg.namespace import ID, KG
from kg.render import render_html, script_json

DATA = Path(__file__).parent / "data" / "render"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def load(name: str) -> rdflib.Graph:
    return rdflib.Graph().parse(DATA / name, format="turtle")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.json_blocks: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_json = tag == "script" and dict(attrs).get("type") == "application/json"
        if self._in_json:
            self.json_blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_blocks[-1] += data


def parse_page(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def payload(page: str) -> dict[str, Any]:
    blocks = parse_page(page).json_blocks
    assert len(blocks) == 1
    found: dict[str, Any] = json.loads(blocks[0])
    return found


def by_iri(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["u"]: node for node in data["n"]}


def edge_triples(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    names = [r["key"] for r in data["style"]["relations"]]
    return {(data["n"][e[0]]["u"], names[e[2]], data["n"][e[1]]["u"]) for e in data["e"]}


# ---------------------------------------------------------------- the page as a file


def test_same_graph_gives_same_bytes_whatever_the_parse_order() -> None:
    first = load("lineage.ttl")
    second = rdflib.Graph()
    for triple in sorted(first, reverse=True):  # a different insertion order
        second.add(triple)
    assert render_html(first).encode("utf-8") == render_html(second).encode("utf-8")


def test_nothing_is_loaded_from_the_network() -> None:
    page = render_html(load("lineage.ttl"))
    tags = parse_page(page).tags
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert len(scripts) == 3  # vis-network, the data block, the map's own code: all inline
    assert all("src" not in attrs for attrs in scripts)
    for tag, attrs in tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert "http://" not in value and "https://" not in value, (tag, attrs)
    assert "@font-face" not in page
    assert "@import" not in page
    assert "url(http" not in page


def test_title_is_escaped_into_the_page() -> None:
    page = render_html(load("lineage.ttl"), title="Lineage <of> papers & models")
    assert "<title>Lineage &lt;of&gt; papers &amp; models</title>" in page
    assert payload(page)["title"] == "Lineage <of> papers & models"


# ---------------------------------------------------------------- the data it carries

EXPECTED_EDGES = {
    ("paper/vit", "publishedBy", "organization/google"),
    ("paper/transformer", "publishedBy", "organization/google"),
    ("paper/transformer", "proposes", "technique/self-attention"),
    ("paper/vit", "buildsOn", "paper/transformer"),
    ("paper/blip", "proposes", "model/blip"),
    ("paper/blip", "uses", "paper/vit"),
    ("paper/blip", "publishedBy", "organization/salesforce"),
    ("paper/blip-2", "publishedBy", "organization/salesforce"),
    ("paper/blip-2", "proposes", "technique/q-former"),
    ("paper/blip-2", "buildsOn", "model/blip"),
    ("paper/blip-2", "uses", "technique/q-former"),
    ("paper/blip-2", "uses", "paper/vit"),
    ("paper/instructblip", "publishedBy", "organization/salesforce"),
    ("paper/instructblip", "buildsOn", "paper/blip-2"),
    ("paper/instructblip", "uses", "technique/instruction-tuning"),
    ("paper/instructblip", "uses", "dataset/coco"),
    ("paper/minigpt-4", "publishedBy", "organization/kaust"),
    ("paper/minigpt-4", "comparesTo", "paper/blip-2"),
    ("paper/minigpt-4", "uses", "model/vicuna"),
    ("paper/minigpt-5", "buildsOn", "paper/minigpt-4"),
}


def test_payload_round_trips_with_paper_and_model_drawn_as_one() -> None:
    graph = load("lineage.ttl")
    data = payload(render_html(graph))
    typed = {s for s, o in graph.subject_objects(RDF.type) if str(o).startswith(str(KG))}
    assert len(typed) == 22
    assert len(data["n"]) == 19  # three papers drawn together with the model each proposes
    assert len(data["e"]) == 20
    nodes = by_iri(data)
    assert {u: n["m"] for u, n in nodes.items() if "m" in n} == {
        "paper/blip-2": "model/blip-2",
        "paper/instructblip": "model/instructblip",
        "paper/minigpt-4": "model/minigpt-4",
    }
    assert "paper/blip" in nodes and "model/blip" in nodes  # "BLIP paper" and "BLIP" fold apart
    assert edge_triples(data) == EXPECTED_EDGES
    assert data["banner"] == ""
    assert data["total"] == 19


def test_merged_node_carries_both_names_and_the_papers_facts() -> None:
    node = by_iri(payload(render_html(load("lineage.ttl"))))["paper/blip-2"]
    assert node["l"] == "BLIP-2"
    assert node["a"] == ["BLIP2", "blip 2"]
    assert node["p"] == "2023-01"
    assert node["r"] == "2024-01-10"
    assert node["st"] == 0  # read
    assert node["src"] == "notes/fixture.md:3"
    assert node["t"].startswith("BLIP-2: Bootstrapping")
    assert "Q-Former" in node["nt"]


def test_evidence_is_attached_to_its_edge_and_deduplicated() -> None:
    data = payload(render_html(load("lineage.ttl")))
    nodes = [n["u"] for n in data["n"]]
    names = [r["key"] for r in data["style"]["relations"]]
    quotes = {
        (nodes[e[0]], names[e[2]], nodes[e[1]]): [tuple(data["ev"][k]) for k in e[3]]
        for e in data["e"]
        if len(e) > 3
    }
    assert quotes[("paper/instructblip", "buildsOn", "paper/blip-2")] == [
        ("InstructBLIP 基于 BLIP-2 做指令微调。", "notes/fixture.md", 12),
        (
            "Vision-language instruction tuning on top of the pretrained BLIP-2 models.",
            "notes/fixture.md",
            13,
        ),
    ]
    assert quotes[("paper/minigpt-4", "comparesTo", "paper/blip-2")] == [
        ("与 BLIP-2 对比，生成更详细的图像描述。", "notes/fixture.md", 20)
    ]
    assert len(quotes) == 5
    assert len(data["ev"]) == 6


def test_statuses_read_to_read_and_cited_only() -> None:
    nodes = by_iri(payload(render_html(load("lineage.ttl"))))
    assert nodes["paper/instructblip"]["st"] == 0
    assert nodes["paper/minigpt-5"]["st"] == 1
    assert "r" not in nodes["paper/minigpt-5"]
    assert nodes["paper/transformer"]["st"] == 2
    assert "st" not in nodes["model/vicuna"]


def test_size_counts_what_builds_on_a_node() -> None:
    nodes = by_iri(payload(render_html(load("lineage.ttl"))))
    assert nodes["paper/blip-2"]["s"] == 1  # InstructBLIP, once although two triples say so
    assert nodes["paper/transformer"]["s"] == 1
    assert "s" not in nodes["paper/minigpt-5"]


def test_organisations_are_listed_once_and_referenced_by_papers() -> None:
    data = payload(render_html(load("lineage.ttl")))
    assert data["orgs"] == ["Google", "KAUST", "Salesforce"]
    nodes = by_iri(data)
    assert [data["orgs"][i] for i in nodes["paper/instructblip"]["o"]] == ["Salesforce"]
    assert nodes["organization/kaust"]["oi"] == 1


# ---------------------------------------------------------------- where things go


def test_x_follows_publication_dates() -> None:
    nodes = by_iri(payload(render_html(load("lineage.ttl"))))
    in_date_order = [
        "paper/transformer",  # 2017-06
        "paper/vit",  # 2020
        "paper/blip",  # 2022-01
        "paper/blip-2",  # 2023-01
        "paper/minigpt-4",  # 2023-04
        "paper/instructblip",  # 2023-05
        "paper/minigpt-5",  # 2023-10
    ]
    xs = [nodes[u]["x"] for u in in_date_order]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)


def test_undated_nodes_sit_by_their_neighbours_or_in_the_undated_column() -> None:
    data = payload(render_html(load("lineage.ttl")))
    nodes = by_iri(data)
    assert nodes["model/vicuna"]["x"] == nodes["paper/minigpt-4"]["x"]  # its only neighbour
    dated_x = min(n["x"] for n in data["n"] if "p" in n)
    undated = data["axis"]["undated"]
    assert undated is not None and undated < dated_x
    for loose in ("metric/vqav2", "task/vqa", "person/junnan-li"):
        assert nodes[loose]["x"] == undated


def test_year_axis_labels_every_year_in_order() -> None:
    years = payload(render_html(load("lineage.ttl")))["axis"]["years"]
    assert [y[0] for y in years] == ["2017", "2018", "2019", "2020", "2021", "2022", "2023"]
    assert all(a[2] == b[1] for a, b in itertools.pairwise(years))


def test_month_of_reads_the_export_date_forms() -> None:
    assert month_of("2023-05") == 2023 * 12 + 4
    assert month_of("2021") == 2021 * 12 + 5.5
    assert month_of("2024-01-17") == 2024 * 12
    assert month_of("soon") is None


def test_layout_shrinks_long_empty_stretches_and_separates_lines_of_work() -> None:
    months = [2010 * 12, 2020 * 12, 2020 * 12 + 1, 2010 * 12 + 3]
    placed = layout(months, lane_edges=[(0, 3), (1, 2)])
    bands = [(b.label, b.collapsed) for b in placed.years]
    assert bands == [("2010", False), ("2011–2019", True), ("2020", False)]
    assert placed.xs[0] < placed.xs[3] < placed.xs[1] < placed.xs[2]
    assert len(placed.lanes) == 2

    def lane(node: int) -> int:
        x, y = placed.xs[node], placed.ys[node]
        return next(i for i, b in enumerate(placed.lanes) if b.x0 <= x <= b.x1 and b.top <= y <= b.bottom)

    assert lane(0) == lane(3)  # one line of work
    assert lane(1) == lane(2)  # the other
    assert lane(0) != lane(1)


def test_lines_of_work_years_apart_share_a_band() -> None:
    early, late, between = 2010 * 12, 2014 * 12, [2011 * 12, 2012 * 12, 2013 * 12]
    placed = layout([early, early + 1, late, late + 1, *between], lane_edges=[(0, 1), (2, 3)])
    first, second = placed.lanes[0], placed.lanes[1]
    assert first.x1 < second.x0
    assert first.top == second.top == 0.0


def test_lines_of_work_at_the_same_time_do_not_overlap() -> None:
    months = [2020 * 12, 2020 * 12 + 1, 2020 * 12, 2020 * 12 + 1]
    placed = layout(months, lane_edges=[(0, 1), (2, 3)])
    first, second = placed.lanes
    assert first.bottom <= second.top or second.bottom <= first.top
    assert placed.undated_x is None


def test_layout_keeps_labels_apart_on_one_line_of_work() -> None:
    months = [2023 * 12] * 3
    placed = layout(months, lane_edges=[(0, 1), (1, 2)])
    assert len({(x, y) for x, y in zip(placed.xs, placed.ys, strict=True)}) == 3


# ---------------------------------------------------------------- escaping


def test_script_payloads_never_appear_raw_in_the_page() -> None:
    page = render_html(load("xss.ttl"))
    for raw in (SCRIPT, IMG, "</script><script>alert(2)", "\u2028"):
        assert raw not in page
    data = payload(page)
    nodes = by_iri(data)
    assert nodes["paper/script"]["l"] == SCRIPT
    assert nodes["paper/script"]["nt"] == IMG
    assert nodes["paper/img"]["l"] == IMG
    assert nodes["paper/img"]["nt"] == SCRIPT
    assert nodes["paper/script"]["a"] == ["x\u2028y & z"]
    assert data["ev"][0][0] == f"builds on {SCRIPT} and {IMG}"


def test_script_json_escapes_exactly_the_dangerous_characters() -> None:
    assert script_json({"a": "<&>\u2028\u2029é中"}) == '{"a":"\\u003c\\u0026\\u003e\\u2028\\u2029é中"}'


# ---------------------------------------------------------------- focus and limits


def test_focus_on_an_unknown_name_raises_data_error() -> None:
    with pytest.raises(DataError, match="'GPT-9' names no node"):
        render_html(load("lineage.ttl"), focus="GPT-9")


def test_focus_and_depth_limit_the_nodes_and_say_so() -> None:
    data = payload(render_html(load("lineage.ttl"), focus="InstructBLIP", depth=1))
    assert set(by_iri(data)) == {
        "paper/instructblip",
        "paper/blip-2",
        "organization/salesforce",
        "technique/instruction-tuning",
        "dataset/coco",
    }
    assert data["banner"] == "showing 5 of 19 nodes: the neighbourhood of InstructBLIP within 1 hop"
    assert data["n"][data["focus"]]["u"] == "paper/instructblip"
    assert len(data["e"]) == 5  # InstructBLIP's four links and BLIP-2 published by Salesforce

    two = payload(render_html(load("lineage.ttl"), focus="InstructBLIP", depth=2))
    assert len(two["n"]) > 5
    only = payload(render_html(load("lineage.ttl"), focus="InstructBLIP", depth=0))
    assert [n["u"] for n in only["n"]] == ["paper/instructblip"]


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("blip2", "paper/blip-2"),
        ("小羊驼", "model/vicuna"),
        ("Attention Is All You Need", "paper/transformer"),
        ("paper/vit", "paper/vit"),
        ("https://w3id.org/papers-kg/id/model/blip", "model/blip"),
    ],
)
def test_focus_accepts_aliases_titles_and_iris(name: str, found: str) -> None:
    data = payload(render_html(load("lineage.ttl"), focus=name, depth=0))
    assert [n["u"] for n in data["n"]] == [found]


def test_over_max_nodes_draws_the_most_connected_part_with_a_banner() -> None:
    page = render_html(load("lineage.ttl"), max_nodes=5)
    data = payload(page)
    assert len(data["n"]) == 5
    assert data["banner"].startswith("showing 5 of 19 nodes: the most connected part (at most 5)")
    assert "paper/blip-2" in by_iri(data)  # the best-connected node
    drawn = nx.Graph()
    drawn.add_nodes_from(range(5))
    drawn.add_edges_from((e[0], e[1]) for e in data["e"])
    assert nx.is_connected(drawn)


def test_banner_on_a_large_synthetic_graph() -> None:
    graph = rdflib.Graph()
    for i in range(60):
        paper = ID[f"paper/p{i:03d}"]
        graph.add((paper, RDF.type, KG.Paper))
        graph.add((paper, RDFS.label, Literal(f"P{i}")))
        date = Literal(f"{2015 + i % 9}-{1 + i % 12:02d}", datatype=XSD.gYearMonth)
        graph.add((paper, KG.publicationDate, date))
        if i:
            graph.add((paper, KG.buildsOn, ID[f"paper/p{(i * 7) % i:03d}"]))
    data = payload(render_html(graph, max_nodes=25))
    assert len(data["n"]) == 25
    assert data["banner"].startswith("showing 25 of 60 nodes:")


def test_bad_limits_are_data_errors() -> None:
    with pytest.raises(DataError, match="depth"):
        render_html(load("lineage.ttl"), focus="BLIP-2", depth=-1)
    with pytest.raises(DataError, match="max_nodes"):
        render_html(load("lineage.ttl"), max_nodes=0)


def test_an_empty_graph_still_renders() -> None:
    data = payload(render_html(rdflib.Graph()))
    assert data["n"] == [] and data["e"] == [] and data["axis"]["years"] == []

