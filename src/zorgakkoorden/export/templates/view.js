/* zorgakkoorden view: draws the graph data of this page with vis-network.
   Every text from the graph is set with textContent or as a plain-text vis tooltip, never as markup. */
(function () {
  "use strict";
  var UI = {
    nl: {search: "Zoeken", find: "Zoek", language: "Taal", fit: "Alles tonen", details: "Details",
         details_hint: "Klik op een knoop of verbinding.", legend: "Legenda en filter",
         found: "{n} gevonden", none: "niets gevonden", shown: "{n} knopen, {m} verbindingen",
         about: "Gemaakt met {gen} en vis-network {vis}. Werkt zonder internet."},
    en: {search: "Search", find: "Find", language: "Language", fit: "Show all", details: "Details",
         details_hint: "Click a node or an edge.", legend: "Legend and filter",
         found: "{n} found", none: "nothing found", shown: "{n} nodes, {m} edges",
         about: "Made with {gen} and vis-network {vis}. Works without internet."}
  };
  var data = JSON.parse(document.getElementById("zk-data").textContent);
  var meta = data.meta;
  var lang = meta.lang;
  var hidden = new Set();
  var groupOf = new Map();
  data.nodes.forEach(function (n) { groupOf.set(n.id, n.cls); });

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return String(values[k]); });
  }
  function norm(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function el(tag, text) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeView = new vis.DataView(nodes, {filter: function (n) { return !hidden.has(n.cls); }});
  var edgeView = new vis.DataView(edges, {filter: function (e) {
    return !hidden.has(groupOf.get(e.from)) && !hidden.has(groupOf.get(e.to));
  }});
  var container = document.getElementById("zk-network");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, data.options);

  var details = document.getElementById("zk-details");
  function showDetails(text) { details.textContent = text; }
  function showNode(id) {
    var n = nodes.get(id);
    if (n) { showDetails(n.title); }
  }

  function select(id) {
    if (!nodeView.get(id)) { return false; }
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: false});
    showNode(id);
    return true;
  }

  function updateCount() {
    document.getElementById("zk-count").textContent =
      fill(UI[lang].shown, {n: nodeView.length, m: edgeView.length});
  }

  function search(query) {
    var q = norm(query.trim());
    var list = document.getElementById("zk-search-results");
    list.replaceChildren();
    var status = document.getElementById("zk-search-status");
    if (!q) { status.textContent = ""; return []; }
    var exact = [], partial = [];
    data.nodes.forEach(function (n) {
      if (hidden.has(n.cls) || n.search.indexOf(q) < 0) { return; }
      var current = norm(n["label_" + lang]);
      (current === q ? exact : partial).push(n.id);
    });
    var found = exact.concat(partial);
    status.textContent = found.length ? fill(UI[lang].found, {n: found.length}) : UI[lang].none;
    found.slice(0, 25).forEach(function (id) {
      var li = el("li");
      var button = el("button", nodes.get(id).label);
      button.type = "button";
      button.addEventListener("click", function () { select(id); });
      li.appendChild(button);
      list.appendChild(li);
    });
    if (found.length) { select(found[0]); }
    return found;
  }

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
        nodeView.refresh();
        edgeView.refresh();
        updateCount();
      });
      var label = el("label", c["label_" + lang] + " (" + c.count + ")");
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

  function setLang(next, initial) {
    if (!UI[next]) { return; }
    var changed = next !== lang;
    lang = next;
    document.documentElement.lang = next;
    document.getElementById("zk-lang").value = next;
    document.title = meta["title_" + next];
    document.getElementById("zk-title").textContent = meta["title_" + next];
    var notice = document.getElementById("zk-notice");
    notice.textContent = meta["notice_" + next];
    notice.hidden = !meta["notice_" + next];
    document.querySelectorAll("[data-i18n]").forEach(function (e) {
      e.textContent = UI[next][e.getAttribute("data-i18n")];
    });
    document.getElementById("zk-about").textContent = fill(UI[next].about, {gen: meta.generator, vis: meta.vis_network});
    if (changed || !initial) {
      nodes.update(data.nodes.map(function (n) {
        return {id: n.id, label: n["label_" + next], title: n["title_" + next]};
      }));
      edges.update(data.edges.map(function (e) {
        var change = {id: e.id, title: e["title_" + next]};
        if (e.label_nl !== undefined) { change.label = e["label_" + next]; }
        return change;
      }));
    }
    buildLegend();
    updateCount();
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) {
      var e = edges.get(params.edges[0]);
      if (e) { showDetails(e.title); }
    }
  });
  document.getElementById("zk-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("zk-search-input").value);
  });
  document.getElementById("zk-lang").addEventListener("change", function (ev) { setLang(ev.target.value, false); });
  document.getElementById("zk-fit").addEventListener("click", function () { network.fit({animation: false}); });

  network.once("afterDrawing", function () {
    window.zkReadyAt = performance.now();
    document.documentElement.setAttribute("data-zk-ready", "1");
  });
  setLang(lang, true);
  network.fit({animation: false});

  window.zk = {network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
               search: search, select: select, setLang: setLang, hidden: hidden};
}());
