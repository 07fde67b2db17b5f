/* The lineage map's behaviour. Data comes from the JSON block and reaches the page only through
   textContent, attribute values and canvas text: nothing the notes say is ever parsed as HTML. */
(function () {
  "use strict";

  const T = { start: performance.now() };
  window.__kgT = T;
  const D = JSON.parse(document.getElementById("kg-data").textContent);
  T.parsed = performance.now();
  const S = D.style;
  const N = D.n;
  const E = D.e;
  const FONT = getComputedStyle(document.body).fontFamily;
  const PAPER = S.kinds.findIndex((k) => k.key === "paper");
  const MODEL = S.kinds.findIndex((k) => k.key === "model");
  const ORG = S.kinds.findIndex((k) => k.key === "organization");
  const BUILDS_ON = S.relations.findIndex((r) => r.key === "buildsOn");
  const BIG = E.length > 4000 || N.length > 2000;

  // ------------------------------------------------------------ helpers

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fold(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/[\s\-_\u2010-\u2015]+/g, "");
  }

  function mix(hex, toward, amount) {
    const a = parseInt(hex.slice(1), 16);
    const b = parseInt(toward.slice(1), 16);
    const ch = (v, s) => (v >> s) & 255;
    const out = [16, 8, 0].map((s) => Math.round(ch(a, s) + (ch(b, s) - ch(a, s)) * amount));
    return "#" + out.map((v) => v.toString(16).padStart(2, "0")).join("");
  }

  function rgba(hex, alpha) {
    const v = parseInt(hex.slice(1), 16);
    return "rgba(" + ((v >> 16) & 255) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
  }

  // ------------------------------------------------------------ indexes

  const out = N.map(() => []);
  const inc = N.map(() => []);
  const up = N.map(() => []); // what a node builds on
  const down = N.map(() => []); // what builds on a node
  E.forEach((e, i) => {
    out[e[0]].push(i);
    inc[e[1]].push(i);
    if (e[2] === BUILDS_ON) {
      up[e[0]].push(e[1]);
      down[e[1]].push(e[0]);
    }
  });

  const state = { selected: -1, ancestors: [], descendants: [] };
  let lineageNodes = []; // drawn on top of the veil while a node is selected
  let lineageEdges = [];

  function closure(start, next) {
    const seen = new Set();
    const stack = [start];
    while (stack.length) {
      const at = stack.pop();
      for (const j of next[at]) {
        if (j !== start && !seen.has(j)) {
          seen.add(j);
          stack.push(j);
        }
      }
    }
    return seen;
  }

  // ------------------------------------------------------------ drawing styles

  function nodeSize(n) {
    return 11 + 5 * Math.sqrt(n.s || 0);
  }

  function nodeStyle(i) {
    const n = N[i];
    const kind = S.kinds[n.k];
    const c = kind.color;
    let background = c;
    let border = mix(c, "#000000", 0.25);
    let dashes = false;
    if (n.st === 1) {
      background = "#ffffff";
      border = c;
      dashes = [4, 3];
    } else if (n.st === 2) {
      background = mix(c, "#ffffff", 0.55);
      border = c;
    }
    let borderWidth = 1.5;
    if (n.m) {
      border = S.merged.border;
      borderWidth = 4;
    }
    const inside = kind.shape === "ellipse";
    return {
      id: i,
      label: n.d,
      x: n.x,
      y: n.y,
      shape: kind.shape,
      size: nodeSize(n),
      borderWidth: borderWidth,
      borderWidthSelected: borderWidth + 2,
      shapeProperties: { borderDashes: dashes },
      color: {
        background: background,
        border: border,
        highlight: { background: background, border: "#111827" },
      },
      font: {
        color: inside ? "#ffffff" : "#0f172a",
        strokeColor: "#ffffff",
        strokeWidth: inside ? 0 : 4,
      },
    };
  }

  // Dashes cost canvas time per edge: on a large map relations are told apart by colour alone.
  function edgeStyle(i, onLineage) {
    const e = E[i];
    const r = S.relations[e[2]];
    const style = {
      id: i,
      from: e[0],
      to: e[1],
      width: onLineage ? r.width + 2.5 : r.width,
      color: { color: r.color, highlight: r.color },
    };
    if (!BIG && r.dashes) style.dashes = r.dashes;
    if (!r.arrow) style.arrows = { to: { enabled: false } };
    return style;
  }

  // ------------------------------------------------------------ the network

  if (D.banner) {
    const banner = document.getElementById("banner");
    banner.textContent = D.banner;
    banner.hidden = false;
  }

  const nodes = new vis.DataSet(N.map((_, i) => nodeStyle(i)));
  const edges = new vis.DataSet(E.map((_, i) => edgeStyle(i, false)));
  T.datasets = performance.now();
  const container = document.getElementById("map");
  const network = new vis.Network(
    container,
    { nodes: nodes, edges: edges },
    {
      autoResize: true,
      physics: false,
      layout: { improvedLayout: false, randomSeed: 1 },
      interaction: {
        hover: false,
        hideEdgesOnDrag: BIG,
        hideEdgesOnZoom: BIG,
        multiselect: false,
        tooltipDelay: 300,
        keyboard: { enabled: false },
      },
      nodes: { font: { face: FONT, size: 16 }, fixed: true },
      edges: {
        smooth: false,
        selectionWidth: 1,
        hoverWidth: 0,
        arrows: { to: { enabled: true, scaleFactor: 0.55 } },
        color: { opacity: 0.85 },
      },
    },
  );

  T.network = performance.now();

  // the time axis, the lines of work, the undated column: drawn on the canvas, under and over the graph
  function viewBox(ctx) {
    const w = ctx.canvas.clientWidth;
    const h = ctx.canvas.clientHeight;
    return { a: network.DOMtoCanvas({ x: 0, y: 0 }), b: network.DOMtoCanvas({ x: w, y: h }) };
  }

  network.on("beforeDrawing", (ctx) => {
    const v = viewBox(ctx);
    const scale = network.getScale();
    ctx.fillStyle = "#f6f8fb";
    ctx.strokeStyle = "#e8edf3";
    ctx.lineWidth = 1 / scale;
    D.axis.lanes.forEach((lane) => {
      if (lane[1] < v.a.x || lane[0] > v.b.x || lane[3] < v.a.y || lane[2] > v.b.y) return;
      ctx.beginPath();
      ctx.rect(lane[0], lane[2] + 6, lane[1] - lane[0], lane[3] - lane[2] - 12);
      ctx.fill();
      ctx.stroke();
    });
    ctx.lineWidth = 1 / scale;
    D.axis.years.forEach((y) => {
      if (y[3]) {
        ctx.fillStyle = "rgba(148,163,184,0.10)";
        ctx.fillRect(y[1], v.a.y, y[2] - y[1], v.b.y - v.a.y);
      }
      ctx.strokeStyle = "#e2e8f0";
      ctx.beginPath();
      ctx.moveTo(y[1], v.a.y);
      ctx.lineTo(y[1], v.b.y);
      ctx.stroke();
    });
    if (D.axis.undated !== null) {
      ctx.strokeStyle = "#cbd5e1";
      ctx.setLineDash([6 / scale, 6 / scale]);
      const x = D.axis.undated + 95;
      ctx.beginPath();
      ctx.moveTo(x, v.a.y);
      ctx.lineTo(x, v.b.y);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  });

  network.on("afterDrawing", (ctx) => drawLineageOnTop(ctx));

  network.on("afterDrawing", (ctx) => {
    const v = viewBox(ctx);
    const scale = network.getScale();
    const h = 26 / scale;
    ctx.fillStyle = "rgba(255,255,255,0.94)";
    ctx.fillRect(v.a.x, v.a.y, v.b.x - v.a.x, h);
    ctx.strokeStyle = "#cbd5e1";
    ctx.lineWidth = 1 / scale;
    ctx.beginPath();
    ctx.moveTo(v.a.x, v.a.y + h);
    ctx.lineTo(v.b.x, v.a.y + h);
    ctx.stroke();
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    const mid = v.a.y + h / 2;
    // when zoomed out, skip a year's label rather than let two labels overlap
    ctx.font = "600 " + 12 / scale + "px " + FONT;
    const need = ctx.measureText("2000").width + 12 / scale;
    let lastLabel = -Infinity;
    D.axis.years.forEach((y) => {
      const width = (y[2] - y[1]) * scale;
      const at = (y[1] + y[2]) / 2;
      if (y[3] && width < 14) return;
      if (at - lastLabel < need) return;
      lastLabel = at;
      ctx.font = (y[3] ? "italic " : "600 ") + 12 / scale + "px " + FONT;
      ctx.fillStyle = y[3] ? "#94a3b8" : "#334155";
      const label = y[3] && width < 70 ? "⋯" : y[0];
      ctx.fillText(label, (y[1] + y[2]) / 2, mid);
      if (!y[3] && width / 12 > 14) {
        ctx.fillStyle = "#cbd5e1";
        for (let m = 1; m < 12; m++) {
          const x = y[1] + ((y[2] - y[1]) * m) / 12;
          ctx.fillRect(x - 0.5 / scale, v.a.y + h - 5 / scale, 1 / scale, 5 / scale);
        }
      }
    });
    const firstYear = D.axis.years.length ? D.axis.years[0][1] : Infinity;
    if (D.axis.undated !== null && (firstYear - D.axis.undated) * scale > 70) {
      ctx.font = "italic " + 12 / scale + "px " + FONT;
      ctx.fillStyle = "#94a3b8";
      ctx.fillText("undated", D.axis.undated, mid);
    }
  });

  // Labels vanish below about 0.4 zoom: a map too large to fit readably opens at a readable zoom on its
  // latest, top corner (where this year's reading is); "Show all" fits everything.
  const READABLE = 0.6;
  function openingView() {
    network.fit({ animation: false });
    if (network.getScale() >= 0.4 || !N.length) return;
    const w = container.clientWidth / READABLE;
    const h = container.clientHeight / READABLE;
    const right = Math.max(...N.map((n) => n.x)) + 90;
    const top = Math.min(...N.map((n) => n.y)) - 100;
    network.moveTo({ position: { x: right - w / 2, y: top + h / 2 }, scale: READABLE, animation: false });
  }
  document.getElementById("show-all").addEventListener("click", () => network.fit({ animation: false }));

  network.once("afterDrawing", () => {
    openingView();
    window.__kgReady = performance.now();
    document.body.setAttribute("data-ready", "1");
  });

  // ------------------------------------------------------------ filters

  const kindOn = S.kinds.map(() => true);
  const relOn = S.relations.map(() => true);
  const statusOn = S.statuses.map(() => true);
  const years = N.filter((n) => n.yr !== undefined).map((n) => n.yr);
  const minYear = years.length ? Math.min(...years) : null;
  const maxYear = years.length ? Math.max(...years) : null;
  const hiddenNode = N.map(() => false);
  const hiddenEdge = E.map(() => false);

  function swatch(shape, color, border, dashed) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "14");
    svg.setAttribute("viewBox", "0 0 16 14");
    let item;
    if (shape === "line") {
      item = document.createElementNS(ns, "line");
      item.setAttribute("x1", "0");
      item.setAttribute("y1", "7");
      item.setAttribute("x2", "16");
      item.setAttribute("y2", "7");
      item.setAttribute("stroke", color);
      item.setAttribute("stroke-width", "2");
      if (dashed) item.setAttribute("stroke-dasharray", dashed.map((d) => Math.max(1, d / 2)).join(" "));
    } else {
      const points = {
        diamond: "8,1 15,7 8,13 1,7",
        triangle: "8,1 15,13 1,13",
        triangleDown: "1,1 15,1 8,13",
        square: "2,1 14,1 14,13 2,13",
        hexagon: "4,1 12,1 15,7 12,13 4,13 1,7",
        star: "8,0.5 10,5 15,5.2 11,8.4 12.5,13.5 8,10.5 3.5,13.5 5,8.4 1,5.2 6,5",
      }[shape];
      if (points) {
        item = document.createElementNS(ns, "polygon");
        item.setAttribute("points", points);
      } else {
        item = document.createElementNS(ns, "ellipse");
        item.setAttribute("cx", "8");
        item.setAttribute("cy", "7");
        item.setAttribute("rx", shape === "ellipse" ? "7.5" : "6");
        item.setAttribute("ry", shape === "ellipse" ? "5" : "6");
      }
      item.setAttribute("fill", color);
      item.setAttribute("stroke", border || color);
      item.setAttribute("stroke-width", border ? "2" : "1");
      if (dashed) item.setAttribute("stroke-dasharray", "2 1.5");
    }
    svg.appendChild(item);
    return svg;
  }

  function checkbox(box, id, label, svg, count, state, index) {
    const row = el("label");
    const input = el("input");
    input.type = "checkbox";
    input.checked = true;
    input.id = id;
    input.addEventListener("change", () => {
      state[index] = input.checked;
      applyFilters();
    });
    row.appendChild(input);
    row.appendChild(svg);
    row.appendChild(el("span", null, label));
    if (count !== null) row.appendChild(el("span", "n", count));
    box.appendChild(row);
    return input;
  }

  const kindCount = S.kinds.map((_, k) => N.filter((n) => n.k === k || (k === MODEL && n.m)).length);
  const relCount = S.relations.map((_, r) => E.filter((e) => e[2] === r).length);
  const statusCount = S.statuses.map((_, s) => N.filter((n) => n.st === s).length);
  const kindBox = document.getElementById("f-kinds");
  S.kinds.forEach((k, i) =>
    checkbox(kindBox, "f-kind-" + k.key, k.name, swatch(k.shape, k.color), kindCount[i], kindOn, i),
  );
  const mergedRow = el("div", "checks");
  const mergedLabel = el("label");
  mergedLabel.style.cursor = "default";
  mergedLabel.appendChild(swatch("dot", S.kinds[PAPER].color, S.merged.border));
  mergedLabel.appendChild(el("span", null, S.merged.name));
  mergedLabel.appendChild(el("span", "n", N.filter((n) => n.m).length));
  mergedRow.appendChild(mergedLabel);
  kindBox.appendChild(mergedRow);
  const relBox = document.getElementById("f-rels");
  S.relations.forEach((r, i) =>
    checkbox(relBox, "f-rel-" + r.key, r.name, swatch("line", r.color, null, r.dashes), relCount[i], relOn, i),
  );
  const statusBox = document.getElementById("f-status");
  const paperColor = S.kinds[PAPER].color;
  const statusSwatch = [
    swatch("dot", paperColor, mix(paperColor, "#000000", 0.25)),
    swatch("dot", "#ffffff", paperColor, true),
    swatch("dot", mix(paperColor, "#ffffff", 0.55), paperColor),
  ];
  S.statuses.forEach((s, i) =>
    checkbox(statusBox, "f-status-" + s.key, s.name, statusSwatch[i], statusCount[i], statusOn, i),
  );
  const orgSelect = document.getElementById("f-org");
  D.orgs.forEach((name, i) => {
    const option = el("option", null, name);
    option.value = String(i);
    orgSelect.appendChild(option);
  });
  orgSelect.addEventListener("change", applyFilters);
  const fromInput = document.getElementById("f-from");
  const toInput = document.getElementById("f-to");
  [fromInput, toInput].forEach((input, i) => {
    if (minYear === null) {
      input.disabled = true;
      return;
    }
    input.min = String(minYear);
    input.max = String(maxYear);
    input.value = String(i === 0 ? minYear : maxYear);
    input.addEventListener("input", applyFilters);
  });

  function yearBounds() {
    const lo = parseInt(fromInput.value, 10);
    const hi = parseInt(toInput.value, 10);
    return [Number.isNaN(lo) ? -Infinity : lo, Number.isNaN(hi) ? Infinity : hi];
  }

  function applyFilters() {
    const org = orgSelect.value === "" ? -1 : Number(orgSelect.value);
    const [lo, hi] = yearBounds();
    const scoped = org >= 0 || statusOn.some((on) => !on);
    const pass = N.map((n) => {
      const typeOk = kindOn[n.k] || (n.m !== undefined && kindOn[MODEL]);
      const yearOk = n.yr === undefined || (n.yr >= lo && n.yr <= hi);
      return typeOk && yearOk;
    });
    const paperPass = N.map((n, i) => {
      if (n.k !== PAPER) return false;
      return pass[i] && statusOn[n.st] && (org < 0 || (n.o !== undefined && n.o.includes(org)));
    });
    const show = N.map((n, i) => {
      if (n.k === PAPER) return paperPass[i];
      if (!pass[i]) return false;
      if (n.k === ORG && org >= 0) return n.oi === org;
      if (!scoped) return true;
      // paper filters reach a thing through the papers it is linked to; an organisation shows only its own
      const near = (test) => out[i].some((j) => test(E[j][1])) || inc[i].some((j) => test(E[j][0]));
      if (near((j) => paperPass[j])) return true;
      return org < 0 && !near((j) => N[j].k === PAPER);
    });
    const nodeChanges = [];
    show.forEach((visible, i) => {
      if (hiddenNode[i] === !visible) return;
      hiddenNode[i] = !visible;
      nodeChanges.push({ id: i, hidden: !visible });
    });
    const edgeChanges = [];
    E.forEach((e, i) => {
      const hidden = !relOn[e[2]] || hiddenNode[e[0]] || hiddenNode[e[1]];
      if (hiddenEdge[i] === hidden) return;
      hiddenEdge[i] = hidden;
      edgeChanges.push({ id: i, hidden: hidden });
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    showCounts();
  }

  function showCounts() {
    const n = hiddenNode.filter((h) => !h).length;
    const e = hiddenEdge.filter((h) => !h).length;
    let text = n + " of " + N.length + " nodes · " + e + " of " + E.length + " links shown";
    if (n === N.length && e === E.length) text = N.length + " nodes · " + E.length + " links";
    document.getElementById("counts").textContent = text;
  }

  document.getElementById("f-reset").addEventListener("click", () => {
    document.querySelectorAll("#filters input[type=checkbox]").forEach((box) => {
      box.checked = true;
    });
    kindOn.fill(true);
    relOn.fill(true);
    statusOn.fill(true);
    orgSelect.value = "";
    if (minYear !== null) {
      fromInput.value = String(minYear);
      toInput.value = String(maxYear);
    }
    applyFilters();
  });

  // ------------------------------------------------------------ selection and the side panel

  const detail = document.getElementById("detail");
  const hint = Array.from(detail.childNodes);

  // Selecting a node veils the whole map and draws its lineage again on top: one redraw, however large the map,
  // instead of restyling every node and edge. Only the few lineage edges are restyled (drawn thicker).
  function highlight(i) {
    const keep = new Set(i >= 0 ? [i, ...state.ancestors, ...state.descendants] : []);
    const before = lineageEdges;
    lineageNodes = Array.from(keep);
    lineageEdges = [];
    if (i >= 0) {
      keep.forEach((j) => {
        out[j].forEach((k) => {
          if (E[k][2] === BUILDS_ON && keep.has(E[k][1])) lineageEdges.push(k);
        });
      });
    }
    const changes = before.map((k) => edgeStyle(k, false)).concat(lineageEdges.map((k) => edgeStyle(k, true)));
    if (changes.length) edges.update(changes.map((c) => ({ id: c.id, width: c.width })));
    network.redraw();
  }

  function isDimmed(j) {
    return state.selected >= 0 && !lineageNodes.includes(j);
  }

  function drawLineageOnTop(ctx) {
    if (state.selected < 0) return;
    const v = viewBox(ctx);
    ctx.fillStyle = "rgba(255,255,255,0.84)";
    ctx.fillRect(v.a.x, v.a.y, v.b.x - v.a.x, v.b.y - v.a.y);
    const body = network.body;
    const shownEdges = lineageEdges.map((k) => body.edges[k]).filter((e) => e && e.connected && !e.options.hidden);
    shownEdges.forEach((e) => e.draw(ctx));
    shownEdges.forEach((e) => e.drawArrows(ctx));
    const labels = [];
    const order = lineageNodes.filter((j) => j !== state.selected).concat([state.selected]);
    order.forEach((j) => {
      const node = body.nodes[j];
      if (!node || node.options.hidden) return;
      const drawn = node.draw(ctx);
      if (drawn && drawn.drawExternalLabel) labels.push(drawn.drawExternalLabel);
    });
    labels.forEach((draw) => draw());
  }

  function nodeLink(j) {
    const button = el("button", "node-link", N[j].l);
    button.type = "button";
    button.title = S.kinds[N[j].k].name + (N[j].t ? ": " + N[j].t : "");
    button.addEventListener("click", () => select(j, true));
    return button;
  }

  function field(dl, name, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", null, name));
    const dd = el("dd");
    if (value instanceof Node) dd.appendChild(value);
    else dd.textContent = String(value);
    dl.appendChild(dd);
  }

  function showDetail(i) {
    detail.replaceChildren();
    if (i < 0) {
      hint.forEach((node) => detail.appendChild(node));
      return;
    }
    const n = N[i];
    detail.appendChild(el("h2", null, n.l));
    const kind = el("span", "kind", S.kinds[n.k].name);
    kind.style.background = S.kinds[n.k].color;
    detail.appendChild(kind);
    if (n.m) {
      const model = el("span", "kind", "Model");
      model.style.background = S.kinds[MODEL].color;
      detail.appendChild(model);
    }
    if (n.t) detail.appendChild(el("p", "full-title", n.t));
    const dl = el("dl");
    field(dl, "Published", n.p);
    field(dl, "Read on", n.r);
    if (n.st !== undefined) field(dl, "Status", n.sx || S.statuses[n.st].name);
    if (n.o) field(dl, "Organisations", n.o.map((o) => D.orgs[o]).join(", "));
    if (n.a) field(dl, "Also called", n.a.join(" · "));
    field(dl, "Source", n.src);
    detail.appendChild(dl);
    if (n.nt) {
      detail.appendChild(el("h3", null, "Note"));
      detail.appendChild(el("div", "note", n.nt));
    }

    const lineage = el("div", "lineage");
    [
      ["Builds on (ancestors)", state.ancestors],
      ["Built on by (descendants)", state.descendants],
    ].forEach(([name, list]) => {
      lineage.appendChild(el("h3", null, name + " · " + list.length));
      const p = el("p");
      if (!list.length) p.appendChild(el("span", "none", "none"));
      list.forEach((j) => p.appendChild(nodeLink(j)));
      lineage.appendChild(p);
    });
    detail.appendChild(lineage);

    const links = out[i].map((j) => [j, 1]).concat(inc[i].map((j) => [j, 0]));
    links.sort((a, b) => {
      const ea = E[a[0]];
      const eb = E[b[0]];
      const oa = a[1] ? ea[1] : ea[0];
      const ob = b[1] ? eb[1] : eb[0];
      return ea[2] - eb[2] || b[1] - a[1] || N[oa].l.localeCompare(N[ob].l) || oa - ob;
    });
    detail.appendChild(el("h3", null, "Links · " + links.length));
    const list = el("ul", "edges");
    links.forEach(([j, outgoing]) => {
      const e = E[j];
      const r = S.relations[e[2]];
      const item = el("li", "edge");
      item.dataset.relation = r.key;
      const rel = el("span", "rel");
      const mark = el("i");
      mark.style.borderColor = r.color;
      if (r.dashes) mark.style.borderTopStyle = "dashed";
      rel.appendChild(mark);
      rel.appendChild(document.createTextNode(outgoing ? r.name : r.inverse));
      item.appendChild(rel);
      item.appendChild(nodeLink(outgoing ? e[1] : e[0]));
      (e[3] || []).forEach((k) => {
        const ev = D.ev[k];
        const quote = el("blockquote", "evidence", ev[0]);
        quote.appendChild(el("cite", null, ev[2] === null ? ev[1] : ev[1] + ":" + ev[2]));
        item.appendChild(quote);
      });
      list.appendChild(item);
    });
    detail.appendChild(list);
    detail.scrollTop = 0;
    document.getElementById("panel").scrollTop = 0;
  }

  function byDate(a, b) {
    return N[a].x - N[b].x || N[a].l.localeCompare(N[b].l) || a - b;
  }

  // centre the node, zoomed so that its whole lineage fits around it where it can
  function centreOn(i) {
    let dx = 0;
    let dy = 0;
    [...state.ancestors, ...state.descendants].forEach((j) => {
      if (hiddenNode[j]) return;
      dx = Math.max(dx, Math.abs(N[j].x - N[i].x));
      dy = Math.max(dy, Math.abs(N[j].y - N[i].y));
    });
    const fitX = (container.clientWidth / 2 - 70) / Math.max(dx, 1);
    const fitY = (container.clientHeight / 2 - 50) / Math.max(dy, 1);
    const scale = Math.max(0.3, Math.min(1.2, fitX, fitY));
    network.moveTo({ position: { x: N[i].x, y: N[i].y }, scale: scale, animation: false });
  }

  function select(i, centre) {
    state.selected = i;
    state.ancestors = i >= 0 ? Array.from(closure(i, up)).sort(byDate) : [];
    state.descendants = i >= 0 ? Array.from(closure(i, down)).sort(byDate) : [];
    highlight(i);
    if (i >= 0) {
      network.selectNodes([i]);
      if (centre) centreOn(i);
    } else {
      network.unselectAll();
    }
    showDetail(i);
  }

  network.on("click", (params) => {
    if (params.nodes.length) select(params.nodes[0], false);
    else if (!params.edges.length) select(-1, false);
  });

  // ------------------------------------------------------------ search

  const keys = N.map((n) => ({
    label: fold(n.l),
    alt: (n.a || []).map(fold),
    title: n.t ? fold(n.t) : "",
  }));
  const names = new Set();
  N.forEach((n) => {
    names.add(n.l);
    (n.a || []).forEach((a) => names.add(a));
  });
  const datalist = document.getElementById("names");
  Array.from(names)
    .sort()
    .forEach((name) => {
      const option = el("option");
      option.value = name;
      datalist.appendChild(option);
    });

  function find(query) {
    const key = fold(query);
    if (!key) return -1;
    const tests = [
      (k) => k.label === key,
      (k) => k.alt.includes(key) || k.title === key,
      (k) => k.label.startsWith(key) || k.alt.some((a) => a.startsWith(key)),
      (k) => k.label.includes(key) || k.alt.some((a) => a.includes(key)) || k.title.includes(key),
    ];
    for (const test of tests) {
      let best = -1;
      keys.forEach((k, i) => {
        if (!test(k)) return;
        if (best < 0 || (N[i].s || 0) > (N[best].s || 0)) best = i;
      });
      if (best >= 0) return best;
    }
    return -1;
  }

  const searchInput = document.getElementById("search");
  const searchStatus = document.getElementById("search-status");

  function search(query) {
    const i = find(query);
    if (i < 0) {
      searchStatus.textContent = query.trim() ? "no match" : "";
      return -1;
    }
    searchStatus.textContent = hiddenNode[i] ? "found, hidden by the filters" : "";
    select(i, true);
    return i;
  }

  searchInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") search(searchInput.value);
  });
  searchInput.addEventListener("change", () => search(searchInput.value));

  // ------------------------------------------------------------ start

  showCounts();
  if (D.focus >= 0) select(D.focus, false);
  T.ui = performance.now();

  window.kgMap = {
    network: network,
    nodes: nodes,
    edges: edges,
    data: D,
    state: state,
    select: select,
    search: search,
    applyFilters: applyFilters,
    isDimmed: isDimmed,
  };
})();
