/* coopnet interactive network page (MIT licence, part of coopnet).
 * All data come from the JSON block #coopnet-data: numbers arrive formatted, texts from the
 * catalogue. Untrusted strings (labels, attributes) are only ever written with textContent or
 * drawn on the canvas, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("coopnet-data").textContent);
  var T = data.text;
  var mode = data.mode;
  var comparison = mode === "comparison", periodsMode = mode === "periods";
  var FONT = '"Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif';
  var LABEL_PX = 13, LINE_PX = 16, MARGIN = 16, TOP = data.topLabels;
  var TIE_COLOR = "#8C8C8C", NEUTRAL = "#0072B2", SAME_SIZE = 14;
  var NODE_MIN = data.nodeSize[0], NODE_MAX = data.nodeSize[1];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function dict() { return Object.create(null); }
  function integer(n) {  // integers as coopnet.lang.number writes them (thousands separator)
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, T.thousands);
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function darker(hex) {
    var c = [1, 3, 5].map(function (i) { return Math.round(parseInt(hex.substr(i, 2), 16) * 0.7); });
    return "#" + c.map(function (v) { return (v < 16 ? "0" : "") + v.toString(16); }).join("").toUpperCase();
  }
  function ramp(t) {  // cividis, t in [0, 1]
    var stops = data.sequential, x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
    var i = Math.min(Math.floor(x), stops.length - 2), f = x - i;
    var a = stops[i], b = stops[i + 1], out = "#";
    for (var k = 1; k < 7; k += 2) {
      var v = Math.round(parseInt(a.substr(k, 2), 16) * (1 - f) + parseInt(b.substr(k, 2), 16) * f);
      out += (v < 16 ? "0" : "") + v.toString(16);
    }
    return out.toUpperCase();
  }

  function tooltip(heading, rows) {
    var box = el("div", "tip");
    box.appendChild(el("strong", null, heading));
    rows.forEach(function (row) {
      var line = el("div");
      line.appendChild(el("span", "k", row[0] + ": "));
      line.appendChild(el("span", "v", row[1]));
      box.appendChild(line);
    });
    return box;
  }

  // Maps keyed by untrusted ids have no prototype, so ids like "__proto__" are ordinary keys.
  // vis-network keeps nodes in plain objects, so it gets its own keys "n0", "n1", ... instead
  // of the actor ids; keyOf / actorOf translate.
  var byId = dict(), keyOf = dict(), actorOf = dict();
  var measureIndex = dict(), categoryIndex = dict();
  data.measures.forEach(function (m, i) { measureIndex[m.key] = i; });
  data.categories.forEach(function (c, i) { categoryIndex[c.key] = i; });
  var n = data.nodes.length;
  var nPeriods = periodsMode ? data.labels.length : 1;
  var scale = Math.max(450, 80 * Math.sqrt(n));  // layout units → pixels at zoom 1
  var state = {
    groups: dict(), types: dict(), periods: dict(), view: "both",
    period: nPeriods - 1, change: false, threshold: 0,
    sizeBy: data.sizeBy === null ? "" : data.sizeBy,
    colorBy: data.colorBy === null ? "" : "c:" + data.colorBy,
    focus: null, hover: null, proposed: false
  };
  function slot() { return periodsMode ? state.period : 0; }

  var edgeById = dict();
  data.nodes.forEach(function (d, i) { byId[d.id] = d; keyOf[d.id] = "n" + i; actorOf["n" + i] = d.id; });
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  // proposed new ties (coopnet.recommend): dashed, hidden until the "Vorschläge" switch is on;
  // not ties of the data, so no filter, count or partner list includes them
  var proposed = data.proposed || [];
  proposed.forEach(function (e) { edgeById[e.id] = e; });
  function home(d) { return { x: d.x * scale, y: -d.y * scale }; }  // where coopnet put it
  var nodes = null, edges = null, network = null;
  var sizeCache = dict(), colourRange = null;
  var shown = dict(), shownEdges = dict(), applied = dict(), appliedEdges = dict();
  var neighbours = dict(), visibleCount = [0, 0];
  var ranked = [], labelWidth = dict(), lastLabels = [], fitScale = 1;
  var container = document.getElementById("network");
  var large = n > 400 || data.edges.length > 2000;
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 0 },
    interaction: {
      hover: !large, tooltipDelay: 150, navigationButtons: false, keyboard: false,
      multiselect: false, hideEdgesOnDrag: large, hideEdgesOnZoom: large, zoomSpeed: 0.7
    },
    nodes: { shape: "dot", borderWidth: 1.5, borderWidthSelected: 3 },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 1 }
  };
  // the first pass of applyFilters gives every item in full (nothing applied yet)
  var initial = applyFilters();
  initial[0].forEach(function (item) {
    var d = byId[actorOf[item.id]], p = home(d);
    item.x = p.x; item.y = p.y; item.title = tooltip(d.label, d.a);
  });
  initial[1].forEach(function (item) {
    var e = edgeById[item.id], a = byId[e.from], b = byId[e.to];
    item.from = keyOf[e.from]; item.to = keyOf[e.to];
    item.arrows = data.directed && !e.pr ? { to: { enabled: true, scaleFactor: 0.5 } } : undefined;
    item.title = tooltip((a ? a.label : e.from) + e.sep + (b ? b.label : e.to), e.tip);
  });
  nodes = new vis.DataSet(initial[0]);
  edges = new vis.DataSet(initial[1]);
  network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  // ---- encodings: size and colour by a measure or category ---------------------------------
  function sizes() {  // node radius per actor for the current size measure and period
    var key = state.sizeBy + "|" + slot();
    if (sizeCache[key]) { return sizeCache[key]; }
    var out = dict();
    if (state.sizeBy === "") {
      data.nodes.forEach(function (d) { out[d.id] = SAME_SIZE; });
    } else if (state.sizeBy === data.sizeBy) {  // the sizes coopnet computed
      data.nodes.forEach(function (d) { out[d.id] = d.sizes[slot()]; });
    } else {  // the same rule: area linear in the value, missing values smallest
      var j = measureIndex[state.sizeBy], lo = Infinity, hi = -Infinity, count = 0;
      data.nodes.forEach(function (d) {
        var v = d.m[slot()][j];
        if (v !== null && isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); count++; }
      });
      data.nodes.forEach(function (d) {
        var v = d.m[slot()][j], r = NODE_MIN;
        if (v !== null && isFinite(v)) {
          if (hi === lo) { r = count > 1 ? (NODE_MIN + NODE_MAX) / 2 : NODE_MIN; }
          else {
            var t = (v - lo) / (hi - lo);
            r = Math.sqrt(NODE_MIN * NODE_MIN + t * (NODE_MAX * NODE_MAX - NODE_MIN * NODE_MIN));
          }
        }
        out[d.id] = Math.round(r * 1000) / 1000;
      });
    }
    sizeCache[key] = out;
    return out;
  }
  function colouring() {
    if (state.colorBy.indexOf("c:") === 0) {
      return { kind: "category", cat: data.categories[categoryIndex[state.colorBy.slice(2)]] };
    }
    if (state.colorBy.indexOf("m:") === 0) {
      return { kind: "measure", index: measureIndex[state.colorBy.slice(2)] };
    }
    return { kind: "none" };
  }
  function styleOf(d, how) {
    if (how.kind === "category") {
      var s = how.cat.styles[d.c[how.cat.key]];
      return { color: s.color, border: s.border, shape: s.shape };
    }
    if (how.kind === "measure") {
      var v = d.m[slot()][how.index];
      if (v === null || !isFinite(v) || !colourRange) { return { color: "#DDDDDD", border: "#999999", shape: "dot" }; }
      var span = colourRange[1] - colourRange[0];
      var c = ramp(span > 0 ? (v - colourRange[0]) / span : 0.5);
      return { color: c, border: darker(c), shape: "dot" };
    }
    return { color: NEUTRAL, border: darker(NEUTRAL), shape: "dot" };
  }
  function updateColourRange(how) {
    colourRange = null;
    if (how.kind !== "measure") { return; }
    var lo = Infinity, hi = -Infinity;
    data.nodes.forEach(function (d) {
      var v = d.m[slot()][how.index];
      if (v !== null && isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    });
    if (lo <= hi) { colourRange = [lo, hi]; }
  }

  // ---- legend of the colouring (doubles as a filter for categories) -------------------------
  var legendBox = document.getElementById("legend-groups");
  var legendTitle = document.getElementById("legend-title");
  function buildLegend() {
    var how = colouring();
    state.groups = dict();
    while (legendBox.firstChild) { legendBox.removeChild(legendBox.firstChild); }
    legendBox.className = "legend";
    if (how.kind === "category") {
      legendTitle.textContent = how.cat.name;
      how.cat.values.forEach(function (value, i) {
        var li = el("li"), label = el("label"), box = el("input");
        box.type = "checkbox"; box.checked = true; box.setAttribute("data-group", String(i));
        box.addEventListener("change", function () { state.groups[String(i)] = box.checked; applyFilters(); });
        var sw = el("span", "swatch shape-" + how.cat.styles[i].shape);
        sw.style.background = how.cat.styles[i].color;
        sw.style.borderColor = how.cat.styles[i].border;
        label.appendChild(box); label.appendChild(sw);
        label.appendChild(el("span", "name", value));
        label.appendChild(el("span", "count", integer(how.cat.counts[i])));
        li.appendChild(label); legendBox.appendChild(li);
      });
    } else if (how.kind === "measure") {
      var m = data.measures[how.index];
      legendTitle.textContent = m.name;
      legendBox.className = "legend ramp";
      var bar = el("li", "ramp-bar");
      bar.style.background = "linear-gradient(to right, " + data.sequential.join(", ") + ")";
      var ends = el("li", "ramp-ends");
      ends.appendChild(el("span", null, m.min + " (" + T.low + ")"));
      ends.appendChild(el("span", null, m.max + " (" + T.high + ")"));
      legendBox.appendChild(bar); legendBox.appendChild(ends);
    } else {
      legendTitle.textContent = "";
    }
    document.getElementById("legend-panel").hidden = how.kind === "none";
  }

  // ---- filters, periods, threshold, focus: one pass over nodes and ties ---------------------
  function anyOn(indices, table) {
    if (!indices.length) { return true; }
    for (var i = 0; i < indices.length; i++) {
      if (table[String(indices[i])] !== false) { return true; }
    }
    return false;
  }
  function present(d) {
    if (periodsMode) {
      return d.pin[state.period] || (state.change && state.period > 0 && d.pin[state.period - 1]);
    }
    if (comparison && state.view === "before") { return d.inb; }
    if (comparison && state.view === "after") { return d.ina; }
    return true;
  }
  function nodeVisible(d, how) {
    if (how.kind === "category" && state.groups[String(d.c[how.cat.key])] === false) { return false; }
    return present(d);
  }
  function edgeStatus(e) {  // kept / added / removed, or null (no change shown)
    if (comparison) { return e.s; }
    if (periodsMode && state.change && state.period > 0) {
      var a = e.pw[state.period - 1] !== null, b = e.pw[state.period] !== null;
      return a && b ? "kept" : (b ? "added" : (a ? "removed" : null));
    }
    return null;
  }
  function edgeWeight(e) {
    if (periodsMode) {
      var w = e.pw[state.period];
      if (w === null && state.change && state.period > 0) { w = e.pw[state.period - 1]; }
      return w;
    }
    return e.w;
  }
  function applyFilters() {
    var how = colouring(), sz = sizes();
    updateColourRange(how);
    var nodeUpdates = [], edgeUpdates = [], nVisible = 0, mVisible = 0;
    var minWeight = data.weights.length ? data.weights[state.threshold].v : -Infinity;
    data.nodes.forEach(function (d) { shown[d.id] = nodeVisible(d, how); });
    neighbours = dict();
    var counts = { kept: 0, added: 0, removed: 0 };
    data.edges.forEach(function (e) {
      var status = edgeStatus(e), w = edgeWeight(e);
      var visible = shown[e.from] && shown[e.to] && anyOn(e.t, state.types) &&
        anyOn(e.p, state.periods) && w !== null && w >= minWeight - 1e-12;
      if (periodsMode && !state.change && e.pw[state.period] === null) { visible = false; }
      if (comparison && state.view === "before" && e.s === "added") { visible = false; }
      if (comparison && state.view === "after" && e.s === "removed") { visible = false; }
      if (visible) {
        mVisible++;
        if (status) { counts[status]++; }
        if (state.focus !== null && (e.from === state.focus || e.to === state.focus)) {
          neighbours[e.from === state.focus ? e.to : e.from] = true;
        }
      }
      shownEdges[e.id] = visible;
    });
    data.nodes.forEach(function (d) {
      var visible = shown[d.id];
      if (visible) { nVisible++; }
      var st = styleOf(d, how);
      var dim = state.focus !== null && d.id !== state.focus && !neighbours[d.id];
      var item = {
        id: keyOf[d.id], hidden: !visible, size: sz[d.id], shape: st.shape, opacity: dim ? 0.18 : 1,
        color: {
          background: st.color, border: st.border,
          highlight: { background: st.color, border: "#111111" },
          hover: { background: st.color, border: "#111111" }
        }
      };
      var sig = [item.hidden, item.size, item.shape, item.opacity, st.color].join("|");
      if (applied[d.id] !== sig) { nodeUpdates.push(item); applied[d.id] = sig; }
    });
    data.edges.forEach(function (e) {
      var visible = shownEdges[e.id], status = edgeStatus(e);
      var colour = TIE_COLOR, dashes = false, opacity = 0.6, width = e.width || 1;
      if (periodsMode) { width = e.pwidth[state.period] || e.pwidth[state.period - 1] || 1; }
      if (status) {
        var st = data.styles[status];
        colour = st.color; dashes = st.dashes; opacity = st.opacity;
        width = Math.max(st.width, status === "kept" ? width * 0.6 : width);
      }
      if (state.focus !== null && e.from !== state.focus && e.to !== state.focus) { opacity = 0.07; }
      var sig = [!visible, colour, String(dashes), opacity, width].join("|");
      if (appliedEdges[e.id] !== sig) {
        edgeUpdates.push({
          id: e.id, hidden: !visible, dashes: dashes, width: width,
          color: { color: colour, highlight: "#111111", hover: "#333333", opacity: opacity }
        });
        appliedEdges[e.id] = sig;
      }
    });
    proposed.forEach(function (e) {
      var st = data.proposedStyle, visible = state.proposed && shown[e.from] && shown[e.to];
      var opacity = st.opacity;
      if (state.focus !== null && e.from !== state.focus && e.to !== state.focus) { opacity = 0.07; }
      var sig = [!visible, opacity].join("|");
      if (appliedEdges[e.id] !== sig) {
        edgeUpdates.push({
          id: e.id, hidden: !visible, dashes: st.dashes, width: st.width,
          color: { color: st.color, highlight: "#000000", hover: "#000000", opacity: opacity }
        });
        appliedEdges[e.id] = sig;
      }
    });
    if (nodes !== null && nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edges !== null && edgeUpdates.length) { edges.update(edgeUpdates); }
    visibleCount = [nVisible, mVisible];
    document.getElementById("visible-count").textContent = fill(T.visible, {
      n: integer(nVisible), total: integer(n), m: integer(mVisible), mtotal: integer(data.edges.length)
    });
    var statusCounts = document.querySelectorAll("#legend-status li[data-status]");
    if (periodsMode) {
      Array.prototype.forEach.call(statusCounts, function (li) {
        li.querySelector(".count").textContent = integer(counts[li.getAttribute("data-status")]);
      });
    }
    rankLabels();
    if (network !== null) { network.redraw(); }
    return [nodeUpdates, edgeUpdates];
  }

  // ---- labels: by importance and zoom, never on each other, never cut at the edge ----------
  var measureCanvas = document.createElement("canvas").getContext("2d");
  measureCanvas.font = LABEL_PX + "px " + FONT;
  function widthOf(d) {
    if (!(d.id in labelWidth)) {
      var w = 0;
      d.lines.forEach(function (line) { w = Math.max(w, measureCanvas.measureText(line).width); });
      labelWidth[d.id] = Math.ceil(w) + 6;
    }
    return labelWidth[d.id];
  }
  function rankLabels() {
    var sz = sizes();
    ranked = data.nodes.filter(function (d) { return shown[d.id]; }).slice().sort(function (a, b) {
      return (sz[b.id] - sz[a.id]) || (a.id < b.id ? -1 : (a.id > b.id ? 1 : 0));
    });
  }
  function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  function discHits(box, x, y, r) {
    var cx = Math.max(box[0], Math.min(x, box[2])), cy = Math.max(box[1], Math.min(y, box[3]));
    return (cx - x) * (cx - x) + (cy - y) * (cy - y) < r * r;
  }
  function candidates(x, y, r, w, h, far) {  // boxes around a node, nearest first
    var out = [], gaps = far ? [4, 12, 24, 40, 60, 85] : [4, 12, 24];
    gaps.forEach(function (g) {
      var d = r + g;
      out.push([x + d, y - h / 2, g], [x - d - w, y - h / 2, g], [x - w / 2, y - d - h, g],
               [x - w / 2, y + d, g], [x + d * 0.7, y - d * 0.7 - h, g], [x - d * 0.7 - w, y - d * 0.7 - h, g],
               [x + d * 0.7, y + d * 0.7, g], [x - d * 0.7 - w, y + d * 0.7, g]);
    });
    return out;
  }
  function placeLabels(width, height) {
    var view = network.getScale(), pos = network.getPositions(), sz = sizes();
    var placed = [], out = [], cell = 64, grid = dict();
    var screen = dict();
    ranked.forEach(function (d) {
      var p = pos[keyOf[d.id]] || home(d), s = network.canvasToDOM(p), r = sz[d.id] * view + 2;
      screen[d.id] = [s.x, s.y, r];
      if (s.x < -r || s.y < -r || s.x > width + r || s.y > height + r) { return; }
      for (var gx = Math.floor((s.x - r) / cell); gx <= Math.floor((s.x + r) / cell); gx++) {
        for (var gy = Math.floor((s.y - r) / cell); gy <= Math.floor((s.y + r) / cell); gy++) {
          var k = gx + ":" + gy;
          (grid[k] = grid[k] || []).push(d.id);
        }
      }
    });
    function covered(box, own, all) {  // area (r²) of the node discs the box covers
      var total = 0, seen = dict();
      for (var gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx++) {
        for (var gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy++) {
          var list = grid[gx + ":" + gy];
          if (!list) { continue; }
          for (var i = 0; i < list.length; i++) {
            var s = screen[list[i]];
            if (list[i] === own || seen[list[i]] || !discHits(box, s[0], s[1], s[2])) { continue; }
            seen[list[i]] = true;
            total += s[2] * s[2];
            if (!all) { return total; }
          }
        }
      }
      return total;
    }
    // names beyond the top ones: none at the overview, more the further one zooms in
    var budget = Math.round(TOP * Math.max(0, Math.pow(view / fitScale, 2) - 1.2));
    var first = [];
    if (state.hover !== null && shown[state.hover]) { first.push(byId[state.hover]); }
    if (state.focus !== null && shown[state.focus] && state.focus !== state.hover) { first.push(byId[state.focus]); }
    var order = first.concat(ranked.filter(function (d) { return first.indexOf(d) < 0; }));
    var forced = dict();
    first.forEach(function (d) { forced[d.id] = true; });
    ranked.slice(0, TOP).forEach(function (d) { forced[d.id] = true; });
    var others = 0;
    for (var i = 0; i < order.length; i++) {
      var d = order[i], s = screen[d.id];
      if (!s) { continue; }
      var must = forced[d.id] === true, partner = neighbours[d.id] === true;
      if (!must && !partner && others >= budget) { continue; }
      if (s[0] < 0 || s[1] < 0 || s[0] > width || s[1] > height) { continue; }
      var w = widthOf(d), h = d.lines.length * LINE_PX + 2, best = null;
      var list = candidates(s[0], s[1], s[2], w, h, must);
      for (var c = 0; c < list.length; c++) {
        var box = [list[c][0], list[c][1], list[c][0] + w, list[c][1] + h];
        if (box[0] < 2 || box[1] < 2 || box[2] > width - 2 || box[3] > height - 2) { continue; }
        var free = true;
        for (var q = 0; q < placed.length && free; q++) { if (overlaps(box, placed[q])) { free = false; } }
        if (!free) { continue; }
        if (covered(box, d.id, false) > 0) {
          if (must) {  // a top name finds no free place: the one covering the least
            var cost = covered(box, d.id, true) + list[c][2];
            if (best === null || cost < best[3]) { best = [box, list[c][2], true, cost]; }
          }
          continue;
        }
        best = [box, list[c][2], false];
        break;
      }
      if (best === null) { continue; }
      if (best[2] && !must) { continue; }
      placed.push(best[0]);
      out.push({ id: d.id, box: best[0], lines: d.lines, node: s, gap: best[1] });
      if (!must) { others++; }
    }
    return out;
  }
  network.on("afterDrawing", function (ctx) {
    var canvas = ctx.canvas, ratio = canvas.width / Math.max(canvas.clientWidth, 1);
    var width = canvas.clientWidth, height = canvas.clientHeight;
    var labels = placeLabels(width, height);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = LABEL_PX + "px " + FONT;
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    labels.forEach(function (l) {
      if (l.gap > 4) {  // a leader line from the node's rim to the label
        var bx = Math.max(l.box[0], Math.min(l.node[0], l.box[2]));
        var by = Math.max(l.box[1], Math.min(l.node[1], l.box[3]));
        var dx = bx - l.node[0], dy = by - l.node[1], len = Math.sqrt(dx * dx + dy * dy) || 1;
        ctx.beginPath();
        ctx.moveTo(l.node[0] + dx / len * (l.node[2] - 2), l.node[1] + dy / len * (l.node[2] - 2));
        ctx.lineTo(bx, by);
        ctx.strokeStyle = "#555555"; ctx.lineWidth = 1; ctx.stroke();
      }
      var dim = state.focus !== null && l.id !== state.focus && !neighbours[l.id];
      l.lines.forEach(function (line, k) {
        var x = l.box[0] + 3, y = l.box[1] + 1 + k * LINE_PX;
        ctx.strokeStyle = "rgba(255,255,255,0.92)"; ctx.lineWidth = 3.5;
        ctx.strokeText(line, x, y);
        ctx.fillStyle = dim ? "rgba(31,35,40,0.35)" : "#1f2328";
        ctx.fillText(line, x, y);
      });
    });
    ctx.restore();
    lastLabels = labels;
  });

  // Fit the visible actors and the names always shown into the canvas, with margins.
  function fitView() {
    var ids = data.nodes.filter(function (d) { return shown[d.id] !== false; }).map(function (d) { return keyOf[d.id]; });
    if (!ids.length) { return; }
    var pos = network.getPositions(ids), sz = sizes();
    ids.forEach(function (k) { if (!pos[k]) { pos[k] = home(byId[actorOf[k]]); } });
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    ids.forEach(function (k) { var p = pos[k]; x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y); });
    var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    var W = container.clientWidth, H = container.clientHeight;
    var top = ranked.slice(0, TOP);
    function fits(s) {
      for (var i = 0; i < ids.length; i++) {
        var p = pos[ids[i]], d = byId[actorOf[ids[i]]], r = sz[d.id] * s;
        var x = (p.x - cx) * s + W / 2, y = (p.y - cy) * s + H / 2;
        if (x - r < MARGIN || x + r > W - MARGIN || y - r < MARGIN || y + r > H - MARGIN) { return false; }
      }
      for (var j = 0; j < top.length; j++) {
        var q = pos[keyOf[top[j].id]], rr = sz[top[j].id] * s + 6, w = widthOf(top[j]);
        var h = top[j].lines.length * LINE_PX;
        var sx = (q.x - cx) * s + W / 2, sy = (q.y - cy) * s + H / 2;
        var right = sx + rr + w <= W - MARGIN, left = sx - rr - w >= MARGIN;
        var vert = sy - h / 2 >= MARGIN && sy + h / 2 <= H - MARGIN;
        var above = sy - rr - h >= MARGIN && sx - w / 2 >= MARGIN && sx + w / 2 <= W - MARGIN;
        var below = sy + rr + h <= H - MARGIN && sx - w / 2 >= MARGIN && sx + w / 2 <= W - MARGIN;
        if (!((right || left) && vert) && !above && !below) { return false; }
      }
      return true;
    }
    var lo = 1e-4, hi = 3;
    if (fits(hi)) { lo = hi; }
    for (var it = 0; it < 40 && hi - lo > 1e-4 * hi; it++) {
      var mid = (lo + hi) / 2;
      if (fits(mid)) { lo = mid; } else { hi = mid; }
    }
    fitScale = lo;
    network.moveTo({ position: { x: cx, y: cy }, scale: lo, animation: false });
  }
  function zoomBy(factor) {
    network.moveTo({ scale: network.getScale() * factor, animation: { duration: 200 } });
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoomBy(1.3); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomBy(1 / 1.3); });
  document.getElementById("zoom-fit").addEventListener("click", fitView);
  network.on("resize", function () { window.setTimeout(fitView, 0); });

  // ---- controls ------------------------------------------------------------------------------
  function checkboxes(selector, attr, target) {
    var boxes = document.querySelectorAll(selector);
    Array.prototype.forEach.call(boxes, function (box) {
      target[box.getAttribute(attr)] = box.checked;
      box.addEventListener("change", function () {
        target[box.getAttribute(attr)] = box.checked;
        applyFilters();
      });
    });
    return boxes;
  }
  var typeBoxes = checkboxes("#filter-types input[data-type]", "data-type", state.types);
  var periodBoxes = checkboxes("#filter-periods input[data-period]", "data-period", state.periods);
  var radios = document.querySelectorAll('#period-switch input[name="view"]');
  Array.prototype.forEach.call(radios, function (radio) {
    if (radio.checked) { state.view = radio.value; }
    radio.addEventListener("change", function () {
      if (radio.checked) { state.view = radio.value; applyFilters(); }
    });
  });
  var sizeSelect = document.getElementById("size-by");
  var colorSelect = document.getElementById("color-by");
  function setSizeBy(key) { state.sizeBy = key; sizeSelect.value = key; applyFilters(); refreshDetails(); }
  function setColorBy(key) { state.colorBy = key; colorSelect.value = key; buildLegend(); applyFilters(); }
  sizeSelect.addEventListener("change", function () { setSizeBy(sizeSelect.value); });
  colorSelect.addEventListener("change", function () { setColorBy(colorSelect.value); });
  var slider = document.getElementById("threshold");
  function setThreshold(i) {
    state.threshold = Math.max(0, Math.min(i, data.weights.length - 1));
    if (slider) {
      slider.value = String(state.threshold);
      document.getElementById("threshold-value").textContent =
        fill(T.threshold_value, { value: data.weights[state.threshold].t });
    }
    applyFilters();
  }
  if (slider) { slider.addEventListener("input", function () { setThreshold(parseInt(slider.value, 10)); }); }
  var periodSlider = document.getElementById("period-slider");
  var changeBox = document.getElementById("show-change");
  function setPeriod(p) {
    state.period = Math.max(0, Math.min(p, nPeriods - 1));
    if (periodSlider) {
      periodSlider.value = String(state.period);
      document.getElementById("period-name").textContent = data.labels[state.period];
      document.getElementById("period-step").textContent =
        fill(T.period_step, { index: integer(state.period + 1), count: integer(nPeriods) });
      document.getElementById("legend-status-panel").hidden = !(state.change && state.period > 0);
    }
    applyFilters();
    refreshDetails();
  }
  if (periodSlider) {
    periodSlider.addEventListener("input", function () { setPeriod(parseInt(periodSlider.value, 10)); });
    changeBox.addEventListener("change", function () { state.change = changeBox.checked; setPeriod(state.period); });
  }

  document.getElementById("reset").addEventListener("click", function () {
    [typeBoxes, periodBoxes].forEach(function (boxes) {
      Array.prototype.forEach.call(boxes, function (box) { box.checked = true; });
    });
    [state.types, state.periods].forEach(function (table) {
      Object.keys(table).forEach(function (k) { table[k] = true; });
    });
    Array.prototype.forEach.call(radios, function (radio) { radio.checked = radio.value === "both"; });
    state.view = "both";
    state.threshold = 0;
    if (slider) { setThreshold(0); }
    buildLegend();
    focus(null);
    network.unselectAll();
    applyFilters();
    fitView();
  });

  // ---- PNG export: the current view on a white background -----------------------------------
  function exportPNG() {
    var src = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = src.width; out.height = src.height;
    var c = out.getContext("2d");
    c.fillStyle = "#ffffff"; c.fillRect(0, 0, out.width, out.height);
    c.drawImage(src, 0, 0);
    return out.toDataURL("image/png");
  }
  document.getElementById("export-png").addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = exportPNG();
    link.download = T.export_file + ".png";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
  });

  // ---- details, ego focus and search ------------------------------------------------------------
  var details = document.getElementById("details");
  var hint = details.firstElementChild ? details.firstElementChild.cloneNode(true) : null;
  var current = null;
  function showDetails(id) {
    current = id;
    var d = id === null ? null : byId[id];
    while (details.firstChild) { details.removeChild(details.firstChild); }
    if (!d) { if (hint) { details.appendChild(hint.cloneNode(true)); } return; }
    details.appendChild(el("p", "actor", d.label));
    var dl = el("dl", "kv");
    d.a.forEach(function (row) {
      dl.appendChild(el("dt", null, row[0]));
      dl.appendChild(el("dd", null, row[1]));
    });
    details.appendChild(dl);
    if (periodsMode && !d.pin[state.period]) { details.appendChild(el("p", "status", T.not_in_period)); }
    if (data.measures.length) {
      details.appendChild(el("h3", null, T.measures));
      var list = el("ul", "measures");
      data.measures.forEach(function (m, j) {
        var li = el("li", state.sizeBy === m.key ? "current" : null);
        var head = el("div", "mrow");
        head.appendChild(el("span", "mname", m.name));
        head.appendChild(el("span", "mval", d.f[slot()][j]));
        li.appendChild(head);
        if (m.help) { li.appendChild(el("div", "mhelp", m.help)); }
        list.appendChild(li);
      });
      details.appendChild(list);
    }
    var partners = Object.keys(neighbours).map(function (other) { return byId[other].label; });
    if (state.focus !== id) { partners = []; }
    if (partners.length) {
      partners.sort(function (a, b) { return a.localeCompare(b); });
      details.appendChild(el("p", "actor-sub", T.neighbours + " (" + integer(partners.length) + "):"));
      var ul = el("ul", "neighbours");
      partners.slice(0, 25).forEach(function (label) { ul.appendChild(el("li", null, label)); });
      if (partners.length > 25) { ul.appendChild(el("li", "more", fill(T.more, { n: integer(partners.length - 25) }))); }
      details.appendChild(ul);
    }
  }
  function refreshDetails() { if (current !== null) { showDetails(current); } }
  function focus(id) {
    state.focus = id;
    applyFilters();
    showDetails(id);
  }

  var datalist = document.getElementById("actor-list");
  var sorted = data.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); });
  sorted.forEach(function (d) {
    var option = document.createElement("option");
    option.value = d.label;
    datalist.appendChild(option);
  });
  function findActor(query) {
    var q = String(query || "").trim().toLowerCase();
    if (!q) { return null; }
    var tests = [
      function (d) { return d.label.toLowerCase() === q; },
      function (d) { return d.id.toLowerCase() === q; },
      function (d) { return d.label.toLowerCase().indexOf(q) === 0; },
      function (d) { return d.label.toLowerCase().indexOf(q) >= 0 || d.id.toLowerCase().indexOf(q) >= 0; }
    ];
    for (var i = 0; i < tests.length; i++) {
      for (var j = 0; j < sorted.length; j++) {
        if (tests[i](sorted[j])) { return sorted[j].id; }
      }
    }
    return null;
  }
  var status = document.getElementById("search-status");
  function search(query) {
    var id = findActor(query);
    status.textContent = "";
    if (id === null) { status.textContent = T.not_found; return null; }
    if (shown[id] === false) { status.textContent = T.hidden_by_filter; }
    network.selectNodes([keyOf[id]]);
    network.focus(keyOf[id], { scale: Math.max(network.getScale(), fitScale * 1.5), animation: false });
    focus(id);
    return id;
  }
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search(document.getElementById("search").value);
  });
  function showProposal(e) {  // the details panel for a clicked proposed tie
    current = null;
    while (details.firstChild) { details.removeChild(details.firstChild); }
    var a = byId[e.from], b = byId[e.to];
    details.appendChild(el("p", "actor", (a ? a.label : e.from) + e.sep + (b ? b.label : e.to)));
    var dl = el("dl", "kv");
    e.tip.forEach(function (row) {
      dl.appendChild(el("dt", null, row[0]));
      dl.appendChild(el("dd", null, row[1]));
    });
    details.appendChild(dl);
  }
  function setProposed(on) {
    state.proposed = !!on;
    if (proposedBox) { proposedBox.checked = state.proposed; }
    applyFilters();
  }
  var proposedBox = document.getElementById("show-proposed");
  if (proposedBox) {
    proposedBox.addEventListener("change", function () { setProposed(proposedBox.checked); });
  }
  network.on("selectEdge", function (params) {
    var e = params.nodes.length ? null : edgeById[params.edges[0]];
    if (e && e.pr) { showProposal(e); }
  });
  network.on("deselectEdge", function (params) {
    if (!params.nodes.length && state.focus === null) { showDetails(null); }
  });
  network.on("selectNode", function (params) { focus(actorOf[params.nodes[0]]); });
  network.on("deselectNode", function () { focus(null); });
  network.on("hoverNode", function (params) { state.hover = actorOf[params.node]; network.redraw(); });
  network.on("blurNode", function () { state.hover = null; network.redraw(); });

  buildLegend();
  if (periodSlider) { setPeriod(nPeriods - 1); } else { applyFilters(); }
  fitView();
  window.coopnet = {
    network: network, nodes: nodes, edges: edges, data: data, state: state,
    search: search, applyFilters: applyFilters, fit: fitView, focus: focus,
    setSizeBy: setSizeBy, setColorBy: setColorBy, setThreshold: setThreshold, setPeriod: setPeriod,
    setProposed: setProposed, exportPNG: exportPNG,
    labels: function () { return lastLabels.map(function (l) { return { id: l.id, box: l.box.slice() }; }); },
    fitScale: function () { return fitScale; },
    keyOf: function (id) { return keyOf[id]; },
    selected: function () {
      return network.getSelectedNodes().map(function (key) { return actorOf[key]; });
    },
    hidden: function (id) { return nodes.get(keyOf[id]).hidden === true; },
    dimmed: function () {
      return data.nodes.filter(function (d) { var o = nodes.get(keyOf[d.id]).opacity; return o !== undefined && o < 1; })
        .map(function (d) { return d.id; });
    }
  };
})();
