/* "Waar valt het onder?": the index page's search. MiniSearch (vendored, inlined before this
   script) indexes the documents of the JSON block #zk-search-data; every answer is drawn with
   DOM calls and textContent, so text from the graph stays text. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("zk-search-data").textContent);
  var REFS = DATA.refs;
  var UI = {
    nl: {none: "Niets gevonden voor", hit: "treffer", hits: "treffers", shown: "getoond", falls: "Valt onder", direct: "rechtstreeks",
         via: "via", resp: "aan zet", source: "bron", sources: "bronnen", nothing: "De bronnen koppelen dit niet aan een akkoord of programma.",
         itself: "Dit is zelf een akkoord, programma of agenda: zie het profiel.", more: "meer treffers", aspect: "toelichting",
         signed: "ondertekend door", status: "Status", asof: "stand per", continued: "voortgezet in", links: "Verbanden met andere akkoorden"},
    en: {none: "Nothing found for", hit: "hit", hits: "hits", shown: "shown", falls: "Falls under", direct: "directly",
         via: "through", resp: "responsible", source: "source", sources: "sources", nothing: "The sources tie this to no accord or programme.",
         itself: "This is itself an accord, programme or agenda: see its profile.", more: "more hits", aspect: "note",
         signed: "signed by", status: "Status", asof: "as of", continued: "continued in", links: "Links with other accords"}
  };
  var SHOWN = 8;
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var mini = new MiniSearch({
    fields: ["abbr", "nl", "en", "alt", "desc_nl", "desc_en", "kindText"],
    storeFields: ["id"],
    processTerm: function (term) { return fold(term); },
    searchOptions: {
      boost: {abbr: 6, nl: 4, en: 3, alt: 3, kindText: 1.5, desc_nl: 0.4, desc_en: 0.3},
      prefix: true,
      fuzzy: function (term) { return term.length > 5 ? 0.2 : 0; },
      combineWith: "AND"
    }
  });
  mini.addAll(DATA.docs.map(function (d) {
    return {id: d.id, abbr: d.abbr, nl: d.nl, en: d.en, alt: d.alt, desc_nl: d.desc_nl, desc_en: d.desc_en,
            kindText: d.kind.join(" ")};
  }));
  var root = document.documentElement;
  function lang() { return root.getAttribute("lang") === "en" ? "en" : "nl"; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function link(iri, short) {
    var r = REFS[iri], l = lang();
    if (!r) { return el("span", "", iri); }
    var text = short && r.abbr ? r.abbr : r[l];
    var a = el("a", "", text);
    a.setAttribute("href", r.page);
    if (short && r.abbr) { a.setAttribute("title", r[l]); }
    return a;
  }
  function sourceBadge(iri) {
    var r = REFS[iri];
    var a = el("a", "src", r && r.n ? String(r.n) : "?");
    a.setAttribute("href", r ? r.page : "#");
    a.setAttribute("title", r ? r[lang()] : iri);
    return a;
  }
  function rank(query, results) {
    var q = fold(query.trim());
    results.forEach(function (r) {
      var d = DATA.docs[r.id];
      var names = [d.abbr, d.nl, d.en].concat(d.alt ? d.alt.split(" ; ") : []).map(fold);
      r.exact = names.indexOf(q) >= 0 ? 2 : (names.some(function (n) { return n.indexOf(q) === 0; }) ? 1 : 0);
    });
    return results.sort(function (a, b) { return (b.exact - a.exact) || (b.score - a.score) || (a.id - b.id); });
  }
  function badges(parent, srcs) { srcs.forEach(function (x) { parent.appendChild(sourceBadge(x)); }); }
  // a framework's own hit: where it stands (status, as of when, what carries it on) and its links
  function frameworkState(d) {
    var l = lang(), i = l === "en" ? 1 : 0;
    var box = el("div", "fw-state");
    var line = el("p", "status-line");
    line.appendChild(el("span", "status-label", UI[l].status + ":"));
    (d.status || []).forEach(function (s) {
      var item = el("span", "status-item");
      var badge = el("span", "status status-" + s.key, s.label[i]);
      badge.setAttribute("data-status", s.key);
      item.appendChild(badge);
      if (s.asof.length) { item.appendChild(el("span", "as-of", " " + UI[l].asof + " " + s.asof[i] + " ")); }
      badges(item, s.src);
      line.appendChild(item);
    });
    (d.continued || []).forEach(function (c) {
      var item = el("span", "status-item continued", UI[l].continued + " ");
      item.appendChild(link(c.f, true));
      item.appendChild(document.createTextNode(" "));
      badges(item, c.src);
      line.appendChild(item);
    });
    if ((d.status || []).length + (d.continued || []).length) { box.appendChild(line); }
    if ((d.links || []).length) {
      box.appendChild(el("p", "links-head", UI[l].links + ":"));
      var ul = el("ul", "fw-links");
      d.links.forEach(function (s) {
        var li = el("li", "step");
        li.appendChild(link(s.s, true));
        li.appendChild(el("span", "rel", " " + s.p[i] + " "));
        li.appendChild(link(s.o, true));
        li.appendChild(document.createTextNode(" "));
        badges(li, s.src);
        if (s.aspect.length) { li.appendChild(el("q", "aspect", s.aspect[i])); }
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    return box;
  }
  function hit(d) {
    var l = lang();
    var li = el("li", "hit");
    li.setAttribute("data-iri", d.iri);
    var head = el("div", "hit-head");
    var a = el("a", "hit-name", d[l]);
    a.setAttribute("href", d.page);
    head.appendChild(a);
    if (d.abbr && d.abbr !== d[l]) { head.appendChild(el("span", "abbr", " (" + d.abbr + ")")); }
    head.appendChild(el("span", "kind", d.kind[l === "en" ? 1 : 0]));
    li.appendChild(head);
    if (d.framework) {
      li.appendChild(el("p", "note", UI[l].itself));
      li.appendChild(frameworkState(d));
    }
    if (!d.routes.length) {
      if (!d.framework) { li.appendChild(el("p", "note", UI[l].nothing)); }
      return li;
    }
    var table = el("table", "routes");
    var thead = el("thead"), hr = el("tr");
    [UI[l].falls, UI[l].via, UI[l].resp, UI[l].sources].forEach(function (h) { hr.appendChild(el("th", "", h)); });
    thead.appendChild(hr);
    table.appendChild(thead);
    var body = el("tbody");
    d.routes.forEach(function (r) {
      var tr = el("tr", "route");
      tr.setAttribute("data-framework", r.f);
      var fw = el("td", "fw");
      fw.appendChild(link(r.f, false));
      if (REFS[r.f] && REFS[r.f].abbr) { fw.appendChild(el("span", "abbr", " (" + REFS[r.f].abbr + ")")); }
      tr.appendChild(fw);
      var via = el("td", "via-cell");
      if (r.via) { via.appendChild(link(r.via, false)); via.appendChild(el("br")); }
      else { via.appendChild(el("span", "direct", UI[l].direct)); via.appendChild(el("br")); }
      r.steps.forEach(function (s, i) {
        var line = el("span", "step");
        line.appendChild(link(s.s, true));
        line.appendChild(el("span", "rel", " " + s.p[l === "en" ? 1 : 0] + " "));
        line.appendChild(link(s.o, true));
        if (s.aspect.length) { line.appendChild(el("q", "aspect", s.aspect[l === "en" ? 1 : 0])); }
        via.appendChild(line);
        if (i < r.steps.length - 1) { via.appendChild(el("br")); }
      });
      tr.appendChild(via);
      var resp = el("td", "resp");
      if (r.signed && r.resp.length) { resp.appendChild(el("span", "muted", UI[l].signed + " ")); }
      r.resp.forEach(function (p, i) { if (i) { resp.appendChild(document.createTextNode(", ")); } resp.appendChild(link(p, true)); });
      if (!r.resp.length) { resp.appendChild(el("span", "muted", "–")); }
      tr.appendChild(resp);
      var src = el("td", "src-cell");
      var seen = {};
      r.steps.forEach(function (s) { s.src.forEach(function (x) { if (!seen[x]) { seen[x] = 1; src.appendChild(sourceBadge(x)); } }); });
      tr.appendChild(src);
      body.appendChild(tr);
    });
    table.appendChild(body);
    li.appendChild(table);
    return li;
  }
  var input = document.getElementById("zk-where-input");
  var out = document.getElementById("zk-where-results");
  var status = document.getElementById("zk-where-status");
  var last = "";
  function run(text) {
    last = text;
    out.replaceChildren();
    var l = lang();
    if (!text.trim()) { status.textContent = ""; return []; }
    var results = rank(text, mini.search(text));
    if (!results.length) { results = rank(text, mini.search(text, {combineWith: "OR"})); }
    if (!results.length) { status.textContent = UI[l].none + " \u201c" + text + "\u201d."; return []; }
    status.textContent = results.length + " " + (results.length === 1 ? UI[l].hit : UI[l].hits) + (results.length > SHOWN ? ", " + SHOWN + " " + UI[l].shown : "") + ".";
    results.slice(0, SHOWN).forEach(function (r) { out.appendChild(hit(DATA.docs[r.id])); });
    return results.map(function (r) { return DATA.docs[r.id].iri; });
  }
  document.getElementById("zk-where").addEventListener("submit", function (ev) { ev.preventDefault(); run(input.value); });
  input.addEventListener("input", function () { run(input.value); });
  document.addEventListener("zk-lang", function () { if (last) { run(last); } });
  window.zkWhere = {search: run};
  var asked = null;
  try { asked = new URLSearchParams(window.location.search).get("q"); } catch (e) { asked = null; }
  if (asked) { input.value = asked; run(asked); }
})();
