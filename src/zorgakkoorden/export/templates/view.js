/* zorgakkoorden view: draws the graph data of this page with vis-network, and its labels itself.
   Labels are drawn at a fixed size on screen, in order of priority, and only where they fit (no two
   overlap, as sigma.js's label grid does). Every text from the graph is set with textContent or drawn
   on the canvas with fillText, never as markup. */
(function () {
  "use strict";
  var UI = {
    nl: {search: "Zoeken", find: "Zoek", language: "Taal", fit: "Alles tonen", details: "Details",
         details_hint: "Klik op een knoop of lijn voor de details en de bronnen.", legend: "Legenda en filter",
         found: "{n} gevonden", none: "niets gevonden", shown: "{n} knopen, {m} lijnen",
         shown_of: "{n} van {t} knopen getoond, {m} lijnen", back: "Terug", reset: "Beginweergave",
         expand: "Buren tonen ({n} nog verborgen)", expanded: "Alle buren worden getoond.",
         tip_click: "Klik voor details en bronnen.", tip_expand: "Dubbelklik om de buren te tonen.",
         search_placeholder: "bijv. IZA, preventie, ouderen", drawing: "Tekening van de graaf",
         about: "Gemaakt met {gen} en vis-network {vis}. Werkt zonder internet.", views: "Overzichtsbeelden",
         page: "Alles over dit onderwerp, met de bronnen"},
    en: {search: "Search", find: "Find", language: "Language", fit: "Show all", details: "Details",
         details_hint: "Click a node or a line for the details and the sources.", legend: "Legend and filter",
         found: "{n} found", none: "nothing found", shown: "{n} nodes, {m} lines",
         shown_of: "{n} of {t} nodes shown, {m} lines", back: "Back", reset: "Start view",
         expand: "Show neighbours ({n} still hidden)", expanded: "All neighbours are shown.",
         tip_click: "Click for details and sources.", tip_expand: "Double-click to show the neighbours.",
         search_placeholder: "e.g. IZA, prevention, older people", drawing: "Drawing of the graph",
         about: "Made with {gen} and vis-network {vis}. Works without internet.", views: "Views",
         page: "All about this subject, with the sources"}
  };
  var LOCALES = {nl: "nl-NL", en: "en-GB"};
  var STORE_KEY = "zk-lang";
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
  // drawn inside another page (an accord's profile): the drawing gets the room, the side panel goes
  try { if (window.self !== window.top) { document.documentElement.classList.add("zk-embedded"); } }
  catch (err) { document.documentElement.classList.add("zk-embedded"); }
  var data = JSON.parse(document.getElementById("zk-data").textContent);
  var meta = data.meta;
  var explorer = meta.view === "graph" && Array.isArray(data.initial);
  var lang = meta.lang;
  var hidden = new Set();
  var byId = new Map();
  var edgeData = new Map();
  var neighbours = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); neighbours.set(n.id, new Set()); });
  data.edges.forEach(function (e) {
    edgeData.set(e.id, e);
    if (neighbours.has(e.from) && neighbours.has(e.to) && e.from !== e.to) {
      neighbours.get(e.from).add(e.to);
      neighbours.get(e.to).add(e.from);
    }
  });
  var shown = explorer ? new Set(data.initial) : null;
  var history = [];

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return String(values[k]); });
  }
  function num(n) { return new Intl.NumberFormat(LOCALES[lang]).format(n); }
  function norm(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function el(tag, text) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function labelOf(id) { var n = byId.get(id); return n ? n["label_" + lang] : undefined; }

  // ------------------------------------------------------------ the network (no labels, no vis tooltips)
  var STYLE_KEYS = ["value", "width", "color", "dashes", "smooth", "arrows"];
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {id: n.id, x: n.x, y: n.y, value: n.value, shape: n.shape, color: n.color, cls: n.cls};
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var o = {id: e.id, from: e.from, to: e.to, key: e.key, kind: e.kind};
    STYLE_KEYS.forEach(function (k) { if (e[k] !== undefined) { o[k] = e[k]; } });
    return o;
  }));
  var classOf = new Map();
  data.nodes.forEach(function (n) { classOf.set(n.id, n.cls); });
  function visible(id) { return !hidden.has(classOf.get(id)) && (!shown || shown.has(id)); }
  var nodeView = new vis.DataView(nodes, {filter: function (n) { return visible(n.id); }});
  var edgeView = new vis.DataView(edges, {filter: function (e) { return visible(e.from) && visible(e.to); }});
  var container = document.getElementById("zk-network");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, data.options);

  // ------------------------------------------------------------ labels: fixed size, by priority, never overlapping
  var measureCtx = document.createElement("canvas").getContext("2d");
  var textCache = new Map();
  var order = [];
  var drawn = [];
  var hovered = null, hoveredEdge = null, selected = null;

  function wrap(text, max) {
    var words = String(text).split(/\s+/), lines = [], line = "";
    words.forEach(function (w) {
      if (line && (line + " " + w).length > max) { lines.push(line); line = w; }
      else { line = line ? line + " " + w : w; }
    });
    if (line) { lines.push(line); }
    if (lines.length > 3) { lines = lines.slice(0, 3); lines[2] = lines[2] + " …"; }
    return lines;
  }
  function drawnText(n) {
    var text = n["label_" + lang];
    if (n.fw && n.abbr && norm(text) !== norm(n.abbr)) { text = text + " (" + n.abbr + ")"; }
    return text;
  }
  function fontOf(n) {
    return n.fw ? {px: 14, weight: "600"} : {px: 12, weight: "400"};
  }
  function measure(n) {
    var m = textCache.get(n.id);
    if (m) { return m; }
    var f = fontOf(n);
    var text = drawnText(n);
    var lines = wrap(text, n.fw ? 26 : 23);
    measureCtx.font = f.weight + " " + f.px + "px " + FONT;
    var widths = lines.map(function (l) { return measureCtx.measureText(l).width; });
    var lineH = Math.round(f.px * 1.25);
    m = {text: text, lines: lines, widths: widths, px: f.px, weight: f.weight, lineH: lineH,
         w: Math.ceil(Math.max.apply(null, widths)) + 4, h: lines.length * lineH + 2};
    textCache.set(n.id, m);
    return m;
  }
  function rebuildOrder() {
    order = data.nodes.filter(function (n) { return visible(n.id); }).sort(function (a, b) {
      return a.prio - b.prio || a["label_" + lang].length - b["label_" + lang].length ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
  }
  function radiusOf(id) {
    var body = network.body.nodes[id];
    return body && body.options && body.options.size ? body.options.size : 10;
  }
  function placeBoxes(n, p, r, m) {
    var left = {x: p.x - r - 6 - m.w, y: p.y - m.h / 2, w: m.w, h: m.h, align: "right"};
    var right = {x: p.x + r + 6, y: p.y - m.h / 2, w: m.w, h: m.h, align: "left"};
    var below = {x: p.x - m.w / 2, y: p.y + r + 3, w: m.w, h: m.h, align: "center"};
    var above = {x: p.x - m.w / 2, y: p.y - r - 3 - m.h, w: m.w, h: m.h, align: "center"};
    // a label with a side keeps it; where that side is taken or off the drawing (zoomed in), the others
    if (n.side === "l") { return [left, right, below, above]; }
    if (n.side === "r") { return [right, left, below, above]; }
    var boxes = [below, right, above, left];
    if (n.fw) {  // frameworks try the corners too
      boxes.push({x: p.x + r * 0.7, y: p.y + r * 0.7, w: m.w, h: m.h, align: "left"},
                 {x: p.x - r * 0.7 - m.w, y: p.y + r * 0.7, w: m.w, h: m.h, align: "right"},
                 {x: p.x + r * 0.7, y: p.y - r * 0.7 - m.h, w: m.w, h: m.h, align: "left"},
                 {x: p.x - r * 0.7 - m.w, y: p.y - r * 0.7 - m.h, w: m.w, h: m.h, align: "right"});
    }
    return boxes;
  }
  function hits(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }

  function computeLabels() {
    var W = container.clientWidth, H = container.clientHeight;
    var scale = network.getScale();
    var placed = [];
    var grid = new Map();
    var CELL = 96;
    function cells(b, add) {
      var found = false;
      for (var cx = Math.floor(b.x / CELL); cx <= Math.floor((b.x + b.w) / CELL); cx++) {
        for (var cy = Math.floor(b.y / CELL); cy <= Math.floor((b.y + b.h) / CELL); cy++) {
          var key = cx + "," + cy;
          var list = grid.get(key);
          if (add) { if (!list) { list = []; grid.set(key, list); } list.push(b); }
          else if (list) {
            for (var i = 0; i < list.length; i++) { var o = list[i];
              if (o.node === b.id || (o.node !== undefined && b.over && !o.fw)) { continue; }
              if (hits(b, o)) { found = true; } }
          }
        }
      }
      return found;
    }
    function tryPlace(b, force) {
      if (!force && (b.x < 0 || b.y < 0 || b.x + b.w > W || b.y + b.h > H)) { return false; }
      if (cells(b, false)) { return false; }
      cells(b, true);
      placed.push(b);
      return true;
    }
    // the nodes themselves are obstacles: a label may not cover another node
    var nodeIds = nodeView.getIds();
    for (var k = 0; k < nodeIds.length; k++) {
      var body = network.body.nodes[nodeIds[k]];
      if (!body) { continue; }
      var q = network.canvasToDOM({x: body.x, y: body.y});
      if (q.x < -50 || q.y < -50 || q.x > W + 50 || q.y > H + 50) { continue; }
      var rr = Math.max(radiusOf(nodeIds[k]) * scale, 3);
      cells({node: nodeIds[k], fw: byId.get(nodeIds[k]).fw, x: q.x - rr, y: q.y - rr, w: 2 * rr, h: 2 * rr}, true);
    }
    var first = [];
    [selected, hovered].forEach(function (id) { if (id && visible(id) && first.indexOf(id) < 0) { first.push(id); } });
    var list = first.map(function (id) { return byId.get(id); }).concat(order);
    var done = new Set();
    for (var i = 0; i < list.length; i++) {
      var n = list[i];
      if (done.has(n.id)) { continue; }
      done.add(n.id);
      var pos = network.body.nodes[n.id];
      if (!pos) { continue; }
      var p = network.canvasToDOM({x: pos.x, y: pos.y});
      if (p.x < -300 || p.y < -100 || p.x > W + 300 || p.y > H + 100) { continue; }
      var m = measure(n);
      var boxes = placeBoxes(n, p, radiusOf(n.id) * scale, m);
      for (var j = 0; j < boxes.length; j++) {
        var b = boxes[j];
        b.id = n.id; b.text = m.text; b.lines = m.lines; b.widths = m.widths; b.px = m.px; b.weight = m.weight;
        b.lineH = m.lineH; b.mark = n.id === selected || n.id === hovered;
        b.over = n.fw || i < first.length;  // frameworks and what is pointed at may cover nodes other than frameworks
        if (tryPlace(b, i < first.length && j === 0)) { break; }
      }
    }
    // the label of the edge pointed at comes last and only where it fits: it never moves a node's
    // label away, so what is under the pointer stays what it was (hover and click agree)
    if (hoveredEdge && edgeData.has(hoveredEdge)) {
      var e = edgeData.get(hoveredEdge);
      var short = e["short_" + lang];
      if (short && visible(e.from) && visible(e.to)) {
        var a = network.canvasToDOM(network.getPosition(e.from)), c = network.canvasToDOM(network.getPosition(e.to));
        measureCtx.font = "600 12px " + FONT;
        var w = Math.ceil(measureCtx.measureText(short).width) + 8;
        tryPlace({id: e.id, edge: true, over: true, text: short, lines: [short], widths: [w - 8], px: 12, weight: "600", lineH: 15,
                  x: (a.x + c.x) / 2 - w / 2, y: (a.y + c.y) / 2 - 9, w: w, h: 18, align: "center"}, false);
      }
    }
    return placed;
  }

  function paintLabels(ctx, boxes) {
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    boxes.forEach(function (b) {
      if (b.mark || b.edge) {
        ctx.fillStyle = b.edge ? "rgba(255,255,255,0.95)" : "#fff3bf";
        ctx.fillRect(b.x, b.y, b.w, b.h);
        ctx.strokeStyle = b.edge ? "#52606d" : "#e0a800";
        ctx.lineWidth = 1;
        ctx.strokeRect(b.x + 0.5, b.y + 0.5, b.w - 1, b.h - 1);
      }
      ctx.font = b.weight + " " + b.px + "px " + FONT;
      b.lines.forEach(function (line, k) {
        var lw = b.widths[k];
        var x = b.align === "right" ? b.x + b.w - 2 - lw : b.align === "left" ? b.x + 2 : b.x + (b.w - lw) / 2;
        var y = b.y + 1 + k * b.lineH + (b.lineH - b.px) / 2;
        if (!b.mark && !b.edge) {
          ctx.lineWidth = 3.5;
          ctx.strokeStyle = "rgba(255,255,255,0.92)";
          ctx.strokeText(line, x, y);
        }
        ctx.fillStyle = "#1f2933";
        ctx.fillText(line, x, y);
      });
    });
  }

  function paintSelection(ctx) {
    if (!selected || !visible(selected) || !network.body.nodes[selected]) { return; }
    var node = network.body.nodes[selected];
    var p = network.canvasToDOM({x: node.x, y: node.y});
    var r = radiusOf(selected) * network.getScale() + 7;
    ctx.beginPath();
    ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#e0a800";
    ctx.stroke();
  }

  var readyResolve;
  var ready = new Promise(function (resolve) { readyResolve = resolve; });
  network.on("afterDrawing", function (ctx) {
    var ratio = (network.canvas && network.canvas.pixelRatio) || window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    paintSelection(ctx);
    drawn = computeLabels();
    paintLabels(ctx, drawn);
    ctx.restore();
    if (readyResolve) {
      var resolve = readyResolve;
      readyResolve = null;
      window.zkReadyAt = performance.now();
      document.documentElement.setAttribute("data-zk-ready", "1");
      resolve(true);
    }
  });

  // ------------------------------------------------------------ fitting the view, labels included
  function fitIds(ids, maxScale) {
    // the nodes and the frameworks' labels (which keep their size on screen) fill the drawing
    var W = container.clientWidth, H = container.clientHeight, margin = 12;
    var items = [];
    ids.forEach(function (id) {
      var node = network.body.nodes[id];
      var n = byId.get(id);
      if (node && n) { items.push({n: n, x: node.x, y: node.y, r: radiusOf(id), m: n.fw ? measure(n) : null}); }
    });
    if (!items.length) { return; }
    var scale = maxScale || 1.5, box = null;
    function extents(s) {
      var L = Infinity, T = Infinity, R = -Infinity, B = -Infinity;
      items.forEach(function (it) {
        var p = {x: it.x * s, y: it.y * s}, r = it.r * s;
        L = Math.min(L, p.x - r); R = Math.max(R, p.x + r); T = Math.min(T, p.y - r); B = Math.max(B, p.y + r);
        if (it.m) {
          var b = placeBoxes(it.n, p, r, it.m)[0];
          L = Math.min(L, b.x); R = Math.max(R, b.x + b.w); T = Math.min(T, b.y); B = Math.max(B, b.y + b.h);
        }
      });
      return {L: L, T: T, R: R, B: B};
    }
    for (var pass = 0; pass < 6; pass++) {
      box = extents(scale);
      var next = scale * Math.min((W - 2 * margin) / Math.max(box.R - box.L, 1), (H - 2 * margin) / Math.max(box.B - box.T, 1));
      scale = Math.max(0.02, Math.min(next, maxScale || 1.5));
    }
    box = extents(scale);
    network.moveTo({position: {x: (box.L + box.R) / 2 / scale, y: (box.T + box.B) / 2 / scale}, scale: scale,
                    animation: false});
  }
  function fitView() { fitIds(nodeView.getIds()); }

  // ------------------------------------------------------------ details, tooltip
  var details = document.getElementById("zk-details");
  var actions = document.getElementById("zk-details-actions");
  var detailsOf = null;
  function hiddenNeighbours(id) {
    if (!shown) { return 0; }
    var count = 0;
    neighbours.get(id).forEach(function (m) { if (!shown.has(m)) { count += 1; } });
    return count;
  }
  function showDetails(kind, id) {
    detailsOf = kind && id ? [kind, id] : null;
    actions.replaceChildren();
    if (!detailsOf) { details.textContent = UI[lang].details_hint; return; }
    var item = kind === "node" ? byId.get(id) : edgeData.get(id);
    var lines = item ? item["title_" + lang].split("\n") : [""];
    details.replaceChildren(el("strong", lines[0]), document.createTextNode(lines.length > 1 ? "\n" + lines.slice(1).join("\n") : ""));
    if (kind === "node" && item && item.page) {
      var more = el("a", UI[lang].page);
      more.id = "zk-page-link";
      more.setAttribute("href", item.page + (lang === "en" ? "?lang=en" : ""));
      actions.appendChild(el("p")).appendChild(more);
    }
    if (kind === "node" && shown && item) {
      var rest = hiddenNeighbours(id);
      if (rest) {
        var button = el("button", fill(UI[lang].expand, {n: num(rest)}));
        button.type = "button";
        button.id = "zk-expand";
        button.addEventListener("click", function () { expand(id); });
        actions.appendChild(button);
      } else {
        actions.appendChild(el("p", UI[lang].expanded));
      }
    }
  }
  var tip = el("div");  // made here: vis-network empties its container when it starts
  tip.id = "zk-tooltip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  container.appendChild(tip);
  function showTip(text, pointer) {
    tip.textContent = text;
    tip.hidden = false;
    var W = container.clientWidth, H = container.clientHeight;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var x = pointer.x + 16, y = pointer.y + 16;
    if (x + w > W - 4) { x = pointer.x - w - 16; }
    if (y + h > H - 4) { y = pointer.y - h - 16; }
    tip.style.left = Math.max(4, Math.min(x, W - w - 4)) + "px";
    tip.style.top = Math.max(4, Math.min(y, H - h - 4)) + "px";
  }
  function hideTip() { tip.hidden = true; }
  function nodeTip(id) {
    var n = byId.get(id);
    var lines = [n["tip_" + lang] || n["title_" + lang], UI[lang].tip_click];
    if (shown && hiddenNeighbours(id)) { lines.push(UI[lang].tip_expand); }
    return lines.join("\n");
  }

  // ------------------------------------------------------------ explorer: show neighbours, back, start
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    rebuildOrder();
    updateCount();
    document.getElementById("zk-back").disabled = !history.length;
  }
  function remember() { history.push(new Set(shown)); }
  function expand(id) {
    if (!shown) { return; }
    var add = [];
    neighbours.get(id).forEach(function (m) { if (!shown.has(m)) { add.push(m); } });
    if (!shown.has(id)) { add.push(id); }
    if (!add.length) { return; }
    remember();
    add.forEach(function (m) { shown.add(m); });
    refresh();
    var around = [id];
    neighbours.get(id).forEach(function (m) { around.push(m); });
    fitIds(around, Math.max(network.getScale(), 0.6));
    if (detailsOf && detailsOf[0] === "node") { showDetails("node", detailsOf[1]); }
  }
  function back() {
    if (!history.length) { return; }
    shown = history.pop();
    if (selected && !shown.has(selected)) { selected = null; network.unselectAll(); showDetails(null); }
    refresh();
  }
  function reset() {
    if (!shown) { return; }
    remember();
    shown = new Set(data.initial);
    if (selected && !shown.has(selected)) { selected = null; network.unselectAll(); showDetails(null); }
    refresh();
    fitView();
  }

  // ------------------------------------------------------------ search: exact names, then beginnings, then the rest
  function ranked(query) {
    var q = norm(query);
    if (!q) { return []; }
    var found = [];
    data.nodes.forEach(function (n) {
      if (hidden.has(n.cls)) { return; }
      var tier = -1;
      if (n.names.indexOf(q) >= 0) { tier = 0; }
      else if (n.names.some(function (s) { return s.lastIndexOf(q, 0) === 0; })) { tier = 1; }
      else if (n.names.some(function (s) { return s.indexOf(" " + q) >= 0; })) { tier = 2; }
      else if (n.search.indexOf(q) >= 0) { tier = 3; }
      if (tier >= 0) { found.push({n: n, tier: tier}); }
    });
    found.sort(function (a, b) {
      var la = a.n["label_" + lang], lb = b.n["label_" + lang];
      return a.tier - b.tier || a.n.rank - b.n.rank || la.length - lb.length ||
        (la < lb ? -1 : la > lb ? 1 : (a.n.id < b.n.id ? -1 : 1));
    });
    return found.map(function (f) { return f.n.id; });
  }
  function select(id) {
    var n = byId.get(id);
    if (!n || hidden.has(n.cls)) { return false; }
    if (shown && !shown.has(id)) {
      remember();
      shown.add(id);
      neighbours.get(id).forEach(function (m) { shown.add(m); });
      refresh();
    }
    selected = id;
    network.selectNodes([id]);
    network.setSize("100%", "100%");  // the list of hits may have changed the drawing's height
    var position = network.getPosition(id);
    network.moveTo({position: position, scale: Math.max(network.getScale(), 1.0), animation: false});
    showDetails("node", id);
    network.redraw();
    return true;
  }
  function search(query) {
    var list = document.getElementById("zk-search-results");
    list.replaceChildren();
    var status = document.getElementById("zk-search-status");
    if (!norm(query)) { status.textContent = ""; return []; }
    var found = ranked(query);
    status.textContent = found.length ? fill(UI[lang].found, {n: num(found.length)}) : UI[lang].none;
    found.slice(0, 12).forEach(function (id) {
      var n = byId.get(id);
      var li = el("li");
      var button = el("button", n["label_" + lang]);
      button.type = "button";
      button.addEventListener("click", function () { select(id); });
      li.appendChild(button);
      li.appendChild(el("span", n["type_" + lang]));
      list.appendChild(li);
    });
    if (found.length) { select(found[0]); }
    return found;
  }

  // ------------------------------------------------------------ legend, counts, language
  var POLYGONS = {
    star: "50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%",
    triangle: "50% 0, 100% 100%, 0 100%",
    triangleDown: "0 0, 100% 0, 50% 100%",
    diamond: "50% 0, 100% 50%, 50% 100%, 0 50%",
    hexagon: "25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%"
  };
  function swatch(colour, shape, dashes) {
    var s = el("span");
    s.setAttribute("aria-hidden", "true");
    s.className = "zk-swatch";
    if (shape === "line") {
      s.style.height = "0";
      s.style.borderTop = "3px " + (dashes ? "dashed " : "solid ") + colour;
    } else {
      s.style.background = colour;
      if (shape === "dot") { s.style.borderRadius = "50%"; }
      else if (POLYGONS[shape]) { s.style.clipPath = "polygon(" + POLYGONS[shape] + ")"; }
    }
    return s;
  }
  function buildLegend() {
    var list = document.getElementById("zk-legend");
    list.replaceChildren();
    data.classes.forEach(function (c) {
      var li = el("li");
      var box = el("input");
      box.type = "checkbox";
      box.checked = !hidden.has(c.id);
      box.id = "zk-class-" + c.id.replace(/[^A-Za-z0-9_-]/g, "_");
      box.setAttribute("data-class", c.id);
      box.addEventListener("change", function () {
        if (box.checked) { hidden.delete(c.id); } else { hidden.add(c.id); }
        refresh();
      });
      var label = el("label", c["label_" + lang] + " (" + num(c.count) + ")");
      label.htmlFor = box.id;
      li.appendChild(box);
      li.appendChild(swatch(c.color, c.shape, false));
      li.appendChild(label);
      list.appendChild(li);
    });
    var edgeList = document.getElementById("zk-edge-legend");
    edgeList.replaceChildren();
    data.edge_legend.forEach(function (k) {
      var li = el("li");
      li.appendChild(swatch(k.color, "line", k.dashes));
      li.appendChild(el("span", k["label_" + lang]));
      edgeList.appendChild(li);
    });
  }
  function updateCount() {
    var text = shown
      ? fill(UI[lang].shown_of, {n: num(nodeView.length), t: num(data.nodes.length), m: num(edgeView.length)})
      : fill(UI[lang].shown, {n: num(nodeView.length), m: num(edgeView.length)});
    document.getElementById("zk-count").textContent = text;
  }
  function setLang(next, initial) {
    if (!UI[next]) { return; }
    lang = next;
    if (!initial) {
      try { window.localStorage.setItem(STORE_KEY, next); } catch (err) { /* storage refused: the choice lasts this page */ }
    }
    document.documentElement.lang = next;
    document.getElementById("zk-lang").value = next;
    document.title = meta["title_" + next];
    document.getElementById("zk-title").textContent = meta["title_" + next];
    var notice = document.getElementById("zk-notice");
    notice.textContent = meta["notice_" + next];
    notice.hidden = !meta["notice_" + next];
    var hint = document.getElementById("zk-hint");
    hint.textContent = meta["hint_" + next] || "";
    hint.hidden = !meta["hint_" + next];
    document.querySelectorAll("[data-i18n]").forEach(function (e) {
      e.textContent = UI[next][e.getAttribute("data-i18n")];
    });
    document.getElementById("zk-search-input").placeholder = UI[next].search_placeholder;
    // links back to the site carry the language (a browser may keep nothing for pages on disk)
    document.querySelectorAll("a[data-zk-site]").forEach(function (a) {
      var href = a.getAttribute("href").split("?")[0];
      a.setAttribute("href", next === "en" ? href + "?lang=en" : href);
    });
    container.setAttribute("aria-label", UI[next].drawing);
    document.getElementById("zk-about").textContent = fill(UI[next].about, {gen: meta.generator, vis: meta.vis_network});
    textCache.clear();
    rebuildOrder();
    buildLegend();
    updateCount();
    if (detailsOf) { showDetails(detailsOf[0], detailsOf[1]); } else { showDetails(null); }
    if (!initial) { network.redraw(); }
  }
  function chosenLang() {
    try {
      var asked = new URLSearchParams(window.location.search).get("lang");
      if (asked && UI[asked]) { return asked; }
    } catch (err) { /* no query string */ }
    try {
      var stored = window.localStorage.getItem(STORE_KEY);
      if (stored && UI[stored]) { return stored; }
    } catch (err) { /* storage refused */ }
    return meta.lang;
  }

  // ------------------------------------------------------------ events
  network.on("click", function (params) {
    hideTip();
    var id = params.nodes.length ? params.nodes[0] : labelAt(params.pointer.DOM);
    if (id !== undefined) {
      selected = id;
      if (!params.nodes.length) { network.selectNodes([id]); }
      showDetails("node", id);
    }
    else if (params.edges.length) { selected = null; showDetails("edge", params.edges[0]); }
    else { selected = null; }
    network.redraw();
  });
  network.on("doubleClick", function (params) {
    var id = params.nodes.length ? params.nodes[0] : labelAt(params.pointer.DOM);
    if (shown && id !== undefined) { expand(id); }
  });
  // what is pointed at is found as a click finds it (node, then its drawn label, then edge), so the two agree
  function labelAt(pt) {
    for (var i = drawn.length - 1; i >= 0; i--) {
      var b = drawn[i];
      if (!b.edge && pt.x >= b.x && pt.x <= b.x + b.w && pt.y >= b.y && pt.y <= b.y + b.h) { return b.id; }
    }
    return undefined;
  }
  function nodeAt(pt) {
    var id = network.getNodeAt(pt);
    return id === undefined ? labelAt(pt) : id;
  }
  function pointAt(ev) {
    if (ev.buttons) { return; }
    var r = container.getBoundingClientRect();
    var pt = {x: ev.clientX - r.left, y: ev.clientY - r.top};
    var id = nodeAt(pt);
    var eid = id === undefined ? network.getEdgeAt(pt) : undefined;
    var changed = (id || null) !== hovered || (eid || null) !== hoveredEdge;
    hovered = id === undefined ? null : id;
    hoveredEdge = eid === undefined ? null : eid;
    if (hovered) { showTip(nodeTip(hovered), pt); }
    else if (hoveredEdge && edgeData.has(hoveredEdge)) { showTip(edgeData.get(hoveredEdge)["title_" + lang], pt); }
    else { hideTip(); }
    if (changed) { network.redraw(); }
  }
  container.addEventListener("pointermove", pointAt);  // pointer events carry the exact position a click uses
  container.addEventListener("pointerleave", function () {
    hovered = hoveredEdge = null;
    hideTip();
    network.redraw();
  });
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  document.getElementById("zk-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("zk-search-input").value);
  });
  document.getElementById("zk-lang").addEventListener("change", function (ev) { setLang(ev.target.value, false); });
  document.getElementById("zk-fit").addEventListener("click", fitView);
  document.getElementById("zk-back").addEventListener("click", back);
  document.getElementById("zk-reset").addEventListener("click", reset);
  document.getElementById("zk-back").hidden = !shown;
  document.getElementById("zk-reset").hidden = !shown;
  document.getElementById("zk-back").disabled = true;

  setLang(chosenLang(), true);
  fitView();

  window.zk = {network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
               search: search, select: select, setLang: function (code) { setLang(code, false); }, hidden: hidden,
               labelOf: labelOf, expand: expand, back: back, reset: reset, fit: fitView,
               shown: function () { return shown ? Array.from(shown).sort() : nodeView.getIds().sort(); }};
  window.zkView = {
    ready: ready,
    labels: function () {
      var r = container.getBoundingClientRect();
      return drawn.filter(function (b) { return !b.edge; }).map(function (b) {
        return {id: b.id, text: b.text, x: r.left + b.x, y: r.top + b.y, width: b.w, height: b.h, fontPx: b.px};
      });
    },
    search: function (text) {
      document.getElementById("zk-search-input").value = text;
      search(text);
      return selected;
    },
    lang: function (code) { setLang(code, false); return lang; }
  };
}());
