/* coopnet interactive network page (MIT licence, part of coopnet).
 * All data come from the JSON block #coopnet-data. Untrusted strings (labels, attributes) are
 * only ever written with textContent / as vis-network canvas labels, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("coopnet-data").textContent);
  var T = data.text;
  var comparison = data.mode === "comparison";
  var FONT = '"Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif';
  var TIE_COLOR = "#8C8C8C";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
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
  function dict() { return Object.create(null); }
  var byId = dict(), keyOf = dict(), actorOf = dict();
  var n = data.nodes.length;
  var scale = Math.max(450, 80 * Math.sqrt(n));  // layout units → pixels at zoom 1
  var nodeItems = data.nodes.map(function (d, i) {
    byId[d.id] = d;
    keyOf[d.id] = "n" + i;
    actorOf["n" + i] = d.id;
    return {
      id: "n" + i,
      label: d.label,
      x: d.x * scale,
      y: -d.y * scale,
      size: d.size,
      color: {
        background: d.color, border: d.border,
        highlight: { background: d.color, border: "#111111" },
        hover: { background: d.color, border: "#111111" }
      },
      title: tooltip(d.label, d.tip)
    };
  });
  var edgeItems = data.edges.map(function (e) {
    var colour = TIE_COLOR, dashes = false;
    if (comparison) {
      colour = data.styles[e.s].color;
      dashes = data.styles[e.s].dashes;
    }
    var a = byId[e.from], b = byId[e.to];
    return {
      id: e.id,
      from: keyOf[e.from],
      to: keyOf[e.to],
      width: e.width,
      dashes: dashes,
      color: { color: colour, highlight: "#111111", hover: "#333333", opacity: comparison ? 0.9 : 0.6 },
      arrows: data.directed ? { to: { enabled: true, scaleFactor: 0.5 } } : undefined,
      title: tooltip((a ? a.label : e.from) + e.sep + (b ? b.label : e.to), e.tip)
    };
  });

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
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
    nodes: {
      shape: "dot", borderWidth: 1.5, borderWidthSelected: 3,
      font: { size: 15, face: FONT, color: "#1f2328", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: 6 } }
    },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 1 }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  // Fit the visible actors into the canvas, leaving room for labels (vis' own fit is loose).
  function fitView() {
    var ids = nodes.getIds({ filter: function (item) { return !item.hidden; } });
    if (!ids.length) { return; }
    var pos = network.getPositions(ids), x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var d = byId[actorOf[id]], p = pos[id], r = d.size;
      var half = Math.max(r, Math.min(d.label.length, 40) * 4.2);  // label is ~8.4 px per char
      x0 = Math.min(x0, p.x - half); x1 = Math.max(x1, p.x + half);
      y0 = Math.min(y0, p.y - r); y1 = Math.max(y1, p.y + r + 18);
    });
    var w = Math.max(container.clientWidth - 40, 50), h = Math.max(container.clientHeight - 50, 50);
    var zoom = Math.min(w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1), 2.5);
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: zoom, animation: false });
  }
  network.once("afterDrawing", fitView);
  function zoomBy(factor) {
    network.moveTo({ scale: network.getScale() * factor, animation: { duration: 200 } });
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoomBy(1.3); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomBy(1 / 1.3); });
  document.getElementById("zoom-fit").addEventListener("click", fitView);

  // ---- filters -------------------------------------------------------------------------------
  var state = { groups: dict(), types: dict(), periods: dict(), view: "both" };
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
  var groupBoxes = checkboxes("#legend-groups input[data-group]", "data-group", state.groups);
  var typeBoxes = checkboxes("#filter-types input[data-type]", "data-type", state.types);
  var periodBoxes = checkboxes("#filter-periods input[data-period]", "data-period", state.periods);
  var radios = document.querySelectorAll('#period-switch input[name="view"]');
  Array.prototype.forEach.call(radios, function (radio) {
    if (radio.checked) { state.view = radio.value; }
    radio.addEventListener("change", function () {
      if (radio.checked) { state.view = radio.value; applyFilters(); }
    });
  });

  function anyOn(indices, table) {
    if (!indices.length) { return true; }
    for (var i = 0; i < indices.length; i++) {
      if (table[String(indices[i])] !== false) { return true; }
    }
    return false;
  }
  function nodeVisible(d) {
    if (d.g !== null && state.groups[String(d.g)] === false) { return false; }
    if (comparison && state.view === "before" && !d.inb) { return false; }
    if (comparison && state.view === "after" && !d.ina) { return false; }
    return true;
  }
  var shown = dict(), shownEdges = dict();
  function applyFilters() {
    var nodeUpdates = [], edgeUpdates = [], nVisible = 0, mVisible = 0;
    data.nodes.forEach(function (d) {
      var visible = nodeVisible(d);
      if (visible) { nVisible++; }
      if (shown[d.id] !== visible) { nodeUpdates.push({ id: keyOf[d.id], hidden: !visible }); }
      shown[d.id] = visible;
    });
    data.edges.forEach(function (e) {
      var visible = shown[e.from] && shown[e.to] && anyOn(e.t, state.types) &&
        anyOn(e.p, state.periods);
      if (comparison && state.view === "before" && e.s === "added") { visible = false; }
      if (comparison && state.view === "after" && e.s === "removed") { visible = false; }
      if (visible) { mVisible++; }
      if (shownEdges[e.id] !== visible) { edgeUpdates.push({ id: e.id, hidden: !visible }); }
      shownEdges[e.id] = visible;
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    document.getElementById("visible-count").textContent = T.visible
      .replace("{n}", nVisible).replace("{total}", data.nodes.length)
      .replace("{m}", mVisible).replace("{mtotal}", data.edges.length);
  }
  document.getElementById("reset").addEventListener("click", function () {
    [groupBoxes, typeBoxes, periodBoxes].forEach(function (boxes) {
      Array.prototype.forEach.call(boxes, function (box) { box.checked = true; });
    });
    [state.groups, state.types, state.periods].forEach(function (table) {
      Object.keys(table).forEach(function (k) { table[k] = true; });
    });
    Array.prototype.forEach.call(radios, function (radio) {
      radio.checked = radio.value === "both";
    });
    state.view = "both";
    applyFilters();
    fitView();
  });

  // ---- details and search ----------------------------------------------------------------------
  var details = document.getElementById("details");
  var hint = details.firstElementChild ? details.firstElementChild.cloneNode(true) : null;
  function showDetails(id) {
    var d = byId[id];
    while (details.firstChild) { details.removeChild(details.firstChild); }
    if (!d) { if (hint) { details.appendChild(hint.cloneNode(true)); } return; }
    details.appendChild(el("p", "actor", d.label));
    var dl = el("dl", "kv");
    d.tip.forEach(function (row) {
      dl.appendChild(el("dt", null, row[0]));
      dl.appendChild(el("dd", null, row[1]));
    });
    details.appendChild(dl);
    var neighbours = network.getConnectedNodes(keyOf[id]).map(function (key) {
      return actorOf[key];
    }).filter(function (other) {
      return shown[other] !== false;
    }).map(function (other) { return byId[other].label; });
    if (neighbours.length) {
      neighbours.sort(function (a, b) { return a.localeCompare(b); });
      details.appendChild(el("p", "actor-sub", T.neighbours + " (" + neighbours.length + "):"));
      var list = el("ul", "neighbours");
      neighbours.slice(0, 25).forEach(function (label) { list.appendChild(el("li", null, label)); });
      if (neighbours.length > 25) { list.appendChild(el("li", null, "…")); }
      details.appendChild(list);
    }
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
    network.focus(keyOf[id], { scale: Math.max(network.getScale(), 1.0), animation: false });
    showDetails(id);
    return id;
  }
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search(document.getElementById("search").value);
  });
  network.on("selectNode", function (params) { showDetails(actorOf[params.nodes[0]]); });
  network.on("deselectNode", function () { showDetails(null); });

  applyFilters();
  window.coopnet = {
    network: network, nodes: nodes, edges: edges, data: data,
    search: search, applyFilters: applyFilters, fit: fitView,
    keyOf: function (id) { return keyOf[id]; },
    selected: function () {
      return network.getSelectedNodes().map(function (key) { return actorOf[key]; });
    },
    hidden: function (id) { return nodes.get(keyOf[id]).hidden === true; }
  };
})();
