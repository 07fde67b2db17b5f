"""The lineage page in a real headless Chromium: drawn offline, searchable, filterable, and safe."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import rdflib

from kg.render import HEADLESS_CHROMIUM, HEADLESS_CHROMIUM_FLAGS, render_html

pytestmark = pytest.mark.browser

CHROMIUM = HEADLESS_CHROMIUM
FLAGS = list(HEADLESS_CHROMIUM_FLAGS)
DATA = Path(__file__).parent / "data" / "render"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if "CI" in os.environ:
            pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@dataclass
class Opened:
    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def index(self, short_iri: str) -> int:
        found: int = self.js("(u) => kgMap.data.n.findIndex((n) => n.u === u)", short_iri)
        assert found >= 0, short_iri
        return found

    def pixel(self, short_iri: str) -> tuple[int, int, int]:
        """The colour drawn at the centre of a node, read back from the canvas after the next frames."""
        self.page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
        rgb: list[int] = self.js(
            """(i) => {
                const net = kgMap.network;
                const p = net.canvasToDOM(net.getPosition(i));
                const canvas = document.querySelector("#map canvas");
                const k = window.devicePixelRatio || 1;
                const d = canvas.getContext("2d").getImageData(Math.round(p.x * k), Math.round(p.y * k), 1, 1).data;
                return [d[0], d[1], d[2]];
            }""",
            self.index(short_iri),
        )
        return (rgb[0], rgb[1], rgb[2])

    def click_node(self, short_iri: str) -> None:
        """A real mouse click where the node is drawn."""
        i = self.index(short_iri)
        point = self.js(
            "(i) => kgMap.network.canvasToDOM(kgMap.network.getPosition(i))",
            i,
        )
        box = self.page.locator("#map").bounding_box()
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def open_page(browser: Any, tmp_path: Path, graph: rdflib.Graph, **options: Any) -> Opened:
    path = tmp_path / "lineage.html"
    path.write_text(render_html(graph, **options), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    opened = Opened(page, path.as_uri())
    page.on("request", lambda request: opened.requests.append(request.url))

    def on_console(message: Any) -> None:
        if message.type == "error":
            opened.errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(opened.url)
    page.wait_for_function("window.__kgReady !== undefined", timeout=15000)
    return opened


@pytest.fixture
def fixture_map(browser: Any, tmp_path: Path) -> Iterator[Opened]:
    opened = open_page(browser, tmp_path, rdflib.Graph().parse(DATA / "lineage.ttl"))
    yield opened
    opened.page.close()


def test_draws_every_node_and_edge_with_no_network_and_no_errors(fixture_map: Opened) -> None:
    m = fixture_map
    assert m.js("kgMap.nodes.length") == 19
    assert m.js("kgMap.edges.length") == 20
    assert m.js("kgMap.nodes.get({filter: (n) => !n.hidden}).length") == 19
    assert m.js("kgMap.network.body.nodeIndices.length") == 19  # what vis-network actually draws
    assert m.js("kgMap.network.body.edgeIndices.length") == 20
    assert m.page.locator("#counts").text_content() == "19 nodes · 20 links"
    assert m.page.locator("#banner").is_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    m.page.screenshot(path=str(ARTIFACTS / "lineage.png"))
    assert m.requests == [m.url]
    assert m.errors == []


def test_search_by_name_alias_or_chinese_selects_and_centres(fixture_map: Opened) -> None:
    m = fixture_map
    search = m.page.locator("#search")
    for query, expected, heading in [
        ("blip2", "paper/blip-2", "BLIP-2"),
        ("小羊驼", "model/vicuna", "Vicuna"),
        ("指令微调", "technique/instruction-tuning", "instruction tuning"),
        ("Attention Is All You Need", "paper/transformer", "Transformer"),
    ]:
        search.fill(query)
        search.press("Enter")
        i = m.index(expected)
        assert m.js("kgMap.state.selected") == i
        assert m.js("kgMap.network.getSelectedNodes()") == [i]
        assert m.page.locator("#detail h2").text_content() == heading
        centre = m.js("kgMap.network.getViewPosition()")
        node = m.js("(i) => kgMap.network.getPosition(i)", i)
        assert abs(centre["x"] - node["x"]) < 1 and abs(centre["y"] - node["y"]) < 1
    search.fill("no such model")
    search.press("Enter")
    assert m.page.locator("#search-status").text_content() == "no match"
    assert m.errors == []


def hidden_nodes(m: Opened) -> set[str]:
    found: list[str] = m.js("kgMap.nodes.get({filter: (n) => n.hidden}).map((n) => kgMap.data.n[n.id].u)")
    return set(found)


def test_type_relation_status_organisation_and_year_filters(fixture_map: Opened) -> None:
    m = fixture_map
    m.page.locator("#f-kind-technique").uncheck()
    techniques = {"technique/q-former", "technique/instruction-tuning", "technique/self-attention"}
    assert hidden_nodes(m) == techniques
    assert m.js("kgMap.edges.get({filter: (e) => !e.hidden}).length") == 16  # 4 links touch a technique
    assert m.page.locator("#counts").text_content() == "16 of 19 nodes · 16 of 20 links shown"
    m.page.locator("#f-kind-technique").check()
    assert hidden_nodes(m) == set()

    m.page.locator("#f-rel-uses").uncheck()
    uses = m.js("kgMap.data.style.relations.findIndex((r) => r.key === 'uses')")
    hidden_relations = m.js("kgMap.edges.get({filter: (e) => e.hidden}).map((e) => kgMap.data.e[e.id][2])")
    assert hidden_relations == [uses] * 6
    m.page.locator("#f-rel-uses").check()

    m.page.locator("#f-status-to-read").uncheck()
    assert hidden_nodes(m) == {"paper/minigpt-5"}
    m.page.locator("#f-status-to-read").check()

    m.page.locator("#f-org").select_option(label="Salesforce")
    shown = {
        u
        for u in m.js("kgMap.data.n.map((n) => n.u)")
        if u not in hidden_nodes(m) and u.startswith(("paper/", "organization/"))
    }
    assert shown == {"paper/blip", "paper/blip-2", "paper/instructblip", "organization/salesforce"}
    assert "model/vicuna" in hidden_nodes(m)  # only MiniGPT-4 (KAUST) uses it
    assert "technique/q-former" not in hidden_nodes(m)
    m.page.locator("#f-org").select_option(value="")

    m.page.locator("#f-from").fill("2023")
    assert {"paper/transformer", "paper/vit", "paper/blip"} <= hidden_nodes(m)
    assert "paper/blip-2" not in hidden_nodes(m)
    m.page.locator("#f-reset").click()
    assert hidden_nodes(m) == set()
    assert m.errors == []


def test_selecting_blip2_highlights_its_lineage_and_shows_evidence(fixture_map: Opened) -> None:
    m = fixture_map
    m.click_node("paper/blip-2")
    blip2 = m.index("paper/blip-2")
    assert m.js("kgMap.state.selected") == blip2
    descendants = m.js("kgMap.state.descendants.map((i) => kgMap.data.n[i].u)")
    ancestors = m.js("kgMap.state.ancestors.map((i) => kgMap.data.n[i].u)")
    assert descendants == ["paper/instructblip"]
    assert ancestors == ["model/blip"]

    # what the canvas shows at each node's centre: the lineage in full colour, the rest veiled
    blue = (37, 99, 235)  # a read paper's fill
    assert m.pixel("paper/instructblip") == blue
    assert m.pixel("paper/blip-2") == blue
    veiled = m.pixel("paper/minigpt-4")  # compares to BLIP-2: not lineage
    assert min(veiled) > 200, veiled
    assert m.js("(i) => kgMap.isDimmed(i)", m.index("paper/minigpt-4")) is True
    assert m.js("(i) => kgMap.isDimmed(i)", m.index("paper/instructblip")) is False

    panel = m.page.locator("#detail")
    assert panel.locator("h2").text_content() == "BLIP-2"
    assert "2023-01" in panel.text_content()
    assert "Salesforce" in panel.text_content()
    assert "提出 Q-Former" in panel.locator(".note").text_content()
    quote = panel.locator("blockquote", has_text="InstructBLIP 基于 BLIP-2 做指令微调。")
    assert quote.locator("cite").text_content() == "notes/fixture.md:12"
    assert quote.is_visible()

    panel.locator(".lineage button", has_text="InstructBLIP").click()
    assert m.js("kgMap.state.selected") == m.index("paper/instructblip")
    assert m.js("kgMap.state.ancestors.map((i) => kgMap.data.n[i].u)") == ["model/blip", "paper/blip-2"]

    edge = m.page.locator("#detail li.edge", has_text="is compared with by")
    assert edge.count() == 0  # InstructBLIP has no comparison
    m.page.locator("#search").fill("BLIP-2")
    m.page.locator("#search").press("Enter")
    m.page.locator("#detail li.edge", has_text="is compared with by").locator("button").click()
    assert m.page.locator("#detail h2").text_content() == "MiniGPT-4"

    box = m.page.locator("#map").bounding_box()
    m.page.mouse.click(box["x"] + 5, box["y"] + box["height"] - 5)  # empty canvas: clear
    assert m.js("kgMap.state.selected") == -1
    assert m.pixel("paper/minigpt-4") == blue  # the veil is gone
    assert m.errors == []


def test_script_in_names_and_notes_shows_as_text_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    m = open_page(browser, tmp_path, rdflib.Graph().parse(DATA / "xss.ttl"))
    try:
        for query, label, note in [("<script>", SCRIPT, IMG), ("<img", IMG, SCRIPT)]:
            m.page.locator("#search").fill(query)
            m.page.locator("#search").press("Enter")
            assert m.page.locator("#detail h2").text_content() == label
            assert m.page.locator("#detail .note").text_content() == note
            assert m.page.locator("#detail h2").is_visible()
        quote = m.page.locator("#detail blockquote").first
        assert quote.text_content() == f"builds on {SCRIPT} and {IMG}notes/xss.md:10"
        m.click_node("paper/script")
        m.page.wait_for_timeout(300)
        assert m.js("document.querySelectorAll('img').length") == 0
        assert m.js("document.scripts.length") == 3
        assert m.js("kgMap.nodes.get(0).label + '|' + kgMap.nodes.get(1).label") in (
            f"{IMG}|{SCRIPT}",
            f"{SCRIPT}|{IMG}",
        )
        assert m.dialogs == []
        assert m.errors == []
        assert m.requests == [m.url]
    finally:
        m.page.close()


def test_focused_view_says_what_it_shows(browser: Any, tmp_path: Path) -> None:
    graph = rdflib.Graph().parse(DATA / "lineage.ttl")
    m = open_page(browser, tmp_path, graph, focus="InstructBLIP", depth=1)
    try:
        banner = m.page.locator("#banner")
        assert banner.is_visible()
        expected = "showing 5 of 19 nodes: the neighbourhood of InstructBLIP within 1 hop"
        assert banner.text_content() == expected
        assert m.js("kgMap.nodes.length") == 5
        assert m.js("kgMap.state.selected") == m.index("paper/instructblip")
        assert m.errors == []
    finally:
        m.page.close()


def test_the_bundled_log_answers_what_instructblip_builds_on_in_two_steps(browser: Any, tmp_path: Path) -> None:
    """A new user's question on the real map: search InstructBLIP (one), read the evidence in the panel (two)."""
    from kg.build import build_graph
    from kg.paths import ROOT

    graph = build_graph([ROOT / "notes"]).graph
    m = open_page(browser, tmp_path, graph)
    assert m.requests == [m.url]
    assert m.errors == []
    drawn = m.js("kgMap.network.body.nodeIndices.length")
    assert drawn == m.js("kgMap.nodes.length") > 100

    search = m.page.locator("#search")
    search.fill("BLIP-2")
    search.press("Enter")
    assert m.page.locator("#detail h2").text_content() == "BLIP-2"
    descendants = m.js("kgMap.state.descendants.map((i) => kgMap.data.n[i].l)")
    assert "InstructBLIP" in descendants
    ARTIFACTS.mkdir(exist_ok=True)
    m.page.screenshot(path=str(ARTIFACTS / "bundled-lineage.png"))

    search.fill("InstructBLIP")
    search.press("Enter")
    panel = m.page.locator("#detail")
    quote = panel.locator("blockquote", has_text="BLIP2 + 指令微调")
    assert quote.first.locator("cite").text_content() == "notes/papers-daily-2024.md:250"
    assert m.errors == []
    m.page.close()
