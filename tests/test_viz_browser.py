"""The HTML views in Debian's chromium, driven by Playwright: offline, safe, and working.

One browser for the module; all network is routed to abort, and every request other than the
page file itself is counted.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import DATA

from zorgakkoorden.export import networkx_export as nxe
from zorgakkoorden.export import pyvis_html as ph

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ZID = "https://w3id.org/zorgakkoorden/id/"
HOSTILE = "<img src=x onerror=alert(1)>"
HREF_LABEL = 'Gids met <a href="javascript:alert(5)">href</a>'


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    """The three views of the small fixture graph and of the real graph, written to disk."""
    import zorgakkoorden

    out = tmp_path_factory.mktemp("views")
    small = nxe.to_networkx(zorgakkoorden.load(extra=[DATA / "viz" / "small.ttl"], include_graph=False))
    real = nxe.to_networkx(zorgakkoorden.load())
    made = {
        "small-graph": ph.graph_view(small, "nl"),
        "small-overlap": ph.overlap_view(small, "en"),
        "small-focus": ph.neighbourhood_view(small, ZID + "t-iza", 2, "nl"),
        "real-graph": ph.graph_view(real),
        "real-overlap": ph.overlap_view(real),
        "real-focus": ph.neighbourhood_view(real, ZID + "iza", 1),
    }
    result = {}
    for name, view in made.items():
        path = out / f"{name}.html"
        path.write_text(view.html, encoding="utf-8")
        result[name] = (path, view)
    return result


class Opened:
    """A page opened from disk with the network blocked, and what happened on it."""

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.blocked: list[str] = []
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1440, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-zk-ready='1']", state="attached", timeout=30_000)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        if route.request.url.split("?")[0] == self.url:  # the page itself, with ?lang= or without
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def opened(browser):
    pages: list[Opened] = []

    def open_(path: Path) -> Opened:
        page = Opened(browser, path)
        pages.append(page)
        return page

    yield open_
    for page in pages:
        page.close()


def _drawn(page: Opened) -> tuple[list[str], Counter]:
    nodes = page.js("zk.nodeView.getIds()")
    edges = page.js("zk.edgeView.get().map(e => [e.from, e.to, e.key])")
    return sorted(nodes), Counter(tuple(e) for e in edges)


@pytest.mark.parametrize("name", ["small-graph", "small-overlap", "small-focus", "real-graph", "real-overlap", "real-focus"])
def test_view_loads_offline_and_draws_the_graph(views, opened, name):
    path, view = views[name]
    page = opened(path)
    assert page.errors == []
    assert page.blocked == []
    assert page.dialogs == []
    held = sorted(page.js("zk.nodes.getIds()"))
    assert held == sorted(nxe.curie(n) for n in view.graph.nodes)
    edges = Counter(tuple(e) for e in page.js("zk.edges.get().map(e => [e.from, e.to, e.key])"))
    assert edges == Counter((nxe.curie(u), nxe.curie(v), k) for u, v, k in view.graph.edges(keys=True))
    nodes, drawn_edges = _drawn(page)
    if view.name == "graph":  # the explorer opens on the frameworks and their direct neighbours
        start = set(ph.explorer_start(view.graph))
        assert nodes == sorted(nxe.curie(n) for n in start)
        assert set(nxe.frameworks(view.graph)) <= start
        assert drawn_edges == Counter((nxe.curie(u), nxe.curie(v), k) for u, v, k in view.graph.edges(keys=True)
                                      if u in start and v in start)
        assert not {d["type_curie"] for _, d in view.graph.nodes(data=True)} & set(ph.NOT_DRAWN_IN_EXPLORER)
    else:
        assert nodes == held
    # what the network itself holds and draws
    assert page.js("zk.network.body.nodeIndices.length") == len(nodes)
    assert page.js("document.querySelector('#zk-network canvas') !== null")


def _hover(page: Opened, node_id: str) -> str:
    page.js("id => { zk.select(id); zk.network.focus(id, {scale: 1.5, animation: false}); }", node_id)
    point = page.js("""id => {
        const p = zk.network.canvasToDOM(zk.network.getPosition(id));
        const r = document.getElementById('zk-network').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }""", node_id)
    page.page.mouse.move(point[0] - 40, point[1] - 40)
    page.page.mouse.move(point[0], point[1], steps=4)
    tooltip = page.page.wait_for_selector("#zk-tooltip", state="visible", timeout=5_000)
    return tooltip.inner_text()


def test_hostile_labels_show_as_text_and_run_nothing(views, opened):
    page = opened(views["small-graph"][0])
    assert page.js("id => zk.labelOf(id)", "zid:pex-t-hostile") == HOSTILE
    text = _hover(page, "zid:pex-t-hostile")
    assert HOSTILE in text
    text = _hover(page, "zid:pub-t-href")
    assert HREF_LABEL in text
    # the tooltip is set with textContent: it holds no element at all
    assert page.js("document.querySelectorAll('#zk-tooltip *').length") == 0
    # search for it and show its details
    page.page.fill("#zk-search-input", "onerror")
    page.page.press("#zk-search-input", "Enter")
    assert page.js("zk.network.getSelectedNodes()") == ["zid:pex-t-hostile"]
    assert HOSTILE in page.page.text_content("#zk-details")
    assert page.page.text_content("#zk-search-results button") == HOSTILE
    page.js("zk.setLang('en')")
    assert page.js("id => zk.labelOf(id)", "zid:pex-t-hostile") == "<script>alert(2)</script>"
    assert page.js("document.querySelectorAll('img, a, iframe, object, embed').length") == 0
    assert page.js("document.scripts.length") == 3
    page.page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.errors == [] and page.blocked == []


def test_search_finds_a_node(views, opened):
    page = opened(views["small-graph"][0])
    page.page.fill("#zk-search-input", "tga")  # an abbreviation, any case
    page.page.press("#zk-search-input", "Enter")
    assert page.js("zk.network.getSelectedNodes()") == ["zid:t-gala"]
    assert page.page.text_content("#zk-search-results button") == "Test Gezond Akkoord"
    assert "Test Gezond Akkoord" in page.page.text_content("#zk-details")
    page.page.fill("#zk-search-input", "preventie")
    page.page.press("#zk-search-input", "Enter")
    assert page.js("zk.network.getSelectedNodes()") == ["zid:theme-t-preventie"]
    page.page.fill("#zk-search-input", "no such thing")
    page.page.press("#zk-search-input", "Enter")
    assert page.page.text_content("#zk-search-status") == "niets gevonden"


def test_class_filter_hides_a_class(views, opened):
    path, view = views["small-graph"]
    page = opened(path)
    themes = {nxe.curie(n) for n, d in view.graph.nodes(data=True) if d["type_curie"] == "zk:Theme"}
    assert len(themes) == 2
    before = set(_drawn(page)[0])
    assert themes <= before
    page.page.uncheck("input[data-class='zk:Theme']")
    nodes, edges = _drawn(page)
    assert set(nodes) == before - themes
    assert not any(u in themes or v in themes for u, v, _ in edges)
    assert page.js("zk.network.body.nodeIndices.length") == len(before) - 2
    page.page.check("input[data-class='zk:Theme']")
    assert set(_drawn(page)[0]) == before
    assert page.errors == []


def test_language_switch_changes_labels(views, opened):
    page = opened(views["small-overlap"][0])
    assert page.js("id => zk.labelOf(id)", "zid:t-iza") == "Test Care Accord"
    assert page.js("document.documentElement.lang") == "en"
    assert "Test Care Accord (TZA)" in [label["text"] for label in page.js("zkView.labels()")]
    page.page.select_option("#zk-lang", "nl")
    assert page.js("id => zk.labelOf(id)", "zid:t-iza") == "Test Zorgakkoord"
    assert "Test Zorgakkoord (TZA)" in [label["text"] for label in page.js("zkView.labels()")]
    assert page.js("document.documentElement.lang") == "nl"
    assert page.page.text_content("#zk-title") == "Overlap van de akkoorden en programma's"
    assert "akkoord (2)" in page.page.text_content("#zk-legend")
    page.page.click("#zk-search button[type=submit]")  # nothing typed: nothing happens
    assert page.page.text_content("#zk-search-status") == ""
    assert page.page.text_content("#zk-fit") == "Alles tonen"
    assert page.errors == []


# ---------------------------------------------------------------- readable at a glance (issue 12)


def _overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
                    and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]):
                pairs.append((a["id"], b["id"]))
    return pairs


def _labels(page: Opened) -> list[dict]:
    page.js("zkView.ready")
    return page.js("zkView.labels()")


@pytest.mark.parametrize("name", ["real-overlap", "real-graph", "real-focus", "small-overlap", "small-graph"])
def test_drawn_labels_never_overlap_and_are_big_enough(views, opened, name):
    path, view = views[name]
    page = opened(path)
    labels = _labels(page)
    assert labels
    assert _overlapping(labels) == []
    assert min(label["fontPx"] for label in labels) >= 11
    fws = {nxe.curie(n) for n in nxe.frameworks(view.graph)}
    assert all(label["fontPx"] >= 12 for label in labels if label["id"] in fws)
    box = page.js("(() => { const r = document.getElementById('zk-network').getBoundingClientRect();"
                  " return [r.left, r.top, r.right, r.bottom]; })()")
    for label in labels:  # inside the drawing, not cut off
        assert box[0] <= label["x"] and label["x"] + label["width"] <= box[2] + 0.5
        assert box[1] <= label["y"] and label["y"] + label["height"] <= box[3] + 0.5
    if view.name == "overlap":  # every accord and programme is named at the fitted zoom
        wanted = {nxe.curie(n) for n, d in view.graph.nodes(data=True) if d["type_curie"] in ("zk:Accord", "zk:Programme")}
        assert wanted <= {label["id"] for label in labels}
    # at any zoom: zoomed out and zoomed in, the labels that are drawn still do not overlap
    for factor in (0.4, 2.5):
        page.js("f => { zk.network.moveTo({scale: zk.network.getScale() * f, animation: false}); zk.network.redraw(); }", factor)
        page.page.wait_for_timeout(50)
        labels = page.js("zkView.labels()")
        assert _overlapping(labels) == [] and all(label["fontPx"] >= 11 for label in labels)
    assert page.errors == []


MEANT = {"IZA": "zid:iza", "GALA": "zid:gala", "VWS": "zid:vws", "preventie": "zid:theme-preventie",
         "ouderen": "zid:tg-ouderen", "Prevention": "zid:theme-preventie", "integraal zorgakkoord": "zid:iza",
         "Integrated Care Agreement": "zid:iza", "ministerie van VWS": "zid:vws"}


@pytest.mark.parametrize("name", ["real-graph", "real-overlap", "real-focus"])
def test_search_finds_what_a_person_means(views, opened, name):
    path, view = views[name]
    page = opened(path)
    held = set(page.js("zk.nodes.getIds()"))
    tried = 0
    for text, wanted in MEANT.items():
        if wanted not in held:
            continue
        tried += 1
        assert page.js("t => zkView.search(t)", text) == wanted, text
        assert page.js("zk.network.getSelectedNodes()") == [wanted]
        # the hit list is shown, the selected node first, centred in the drawing and named
        first = page.page.text_content("#zk-search-results li:first-child button")
        assert first == page.js("id => zk.labelOf(id)", wanted)
        centre = page.js("""id => { const p = zk.network.canvasToDOM(zk.network.getPosition(id));
            const c = document.getElementById('zk-network'); return [p.x - c.clientWidth / 2, p.y - c.clientHeight / 2]; }""", wanted)
        assert abs(centre[0]) < 2 and abs(centre[1]) < 2
        assert wanted in {label["id"] for label in page.js("zkView.labels()")}
        assert page.js("id => zk.labelOf(id)", wanted) in page.page.text_content("#zk-details")
        assert "zid:" not in page.page.inner_text("#zk-details")  # the details name things, not CURIEs
    assert tried >= 3 and (view.name != "graph" or tried == len(MEANT))  # the explorer holds them all
    assert page.errors == []


def test_language_switch_is_remembered_from_disk(views, opened):
    path, _ = views["real-overlap"]
    page = opened(path)
    assert page.js("document.documentElement.lang") == "nl"
    assert page.page.text_content("#zk-fit") == "Alles tonen"
    chrome = ("[...document.querySelectorAll('[data-i18n]')].map(e => e.textContent)"
              ".concat([document.getElementById('zk-search-input').placeholder,"
              " document.getElementById('zk-network').getAttribute('aria-label'),"
              " document.getElementById('zk-hint').textContent, document.title])")
    dutch = page.js(chrome)
    assert page.js("zkView.lang('en')") == "en"
    english = page.js(chrome)
    assert all(d and e for d, e in zip(dutch, english))
    assert [(d, e) for d, e in zip(dutch, english) if d == e] == [("Details", "Details")]  # the same word in both
    assert page.js("localStorage.getItem('zk-lang')") == "en"
    page.page.reload()
    page.page.wait_for_selector("html[data-zk-ready='1']", state="attached")
    assert page.js("document.documentElement.lang") == "en"
    assert page.page.text_content("#zk-fit") == "Show all"
    assert page.page.text_content("#zk-title") == "Overlap of the accords and programmes"
    assert "Integrated Care Agreement (IZA)" in [label["text"] for label in _labels(page)]
    # ?lang= in the address wins, and the site's pages share the key
    page.page.goto(page.url + "?lang=nl")
    page.page.wait_for_selector("html[data-zk-ready='1']", state="attached")
    assert page.js("document.documentElement.lang") == "nl"
    assert "Integraal Zorgakkoord (IZA)" in [label["text"] for label in _labels(page)]
    assert page.errors == []


def test_tooltip_wraps_inside_the_drawing_and_names_what_a_click_selects(views, opened):
    path, view = views["real-focus"]
    page = opened(path)
    box = page.js("(() => { const r = document.getElementById('zk-network').getBoundingClientRect();"
                  " return [r.left, r.top, r.right, r.bottom]; })()")
    for node in ("zid:iza", "zid:gala", "zid:wozo", "zid:vws"):
        point = page.js("""id => { const p = zk.network.canvasToDOM(zk.network.getPosition(id));
            const r = document.getElementById('zk-network').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""", node)
        page.page.mouse.move(point[0] - 30, point[1] - 30)
        page.page.mouse.move(point[0], point[1], steps=3)
        tip = page.page.wait_for_selector("#zk-tooltip", state="visible", timeout=5_000)
        r = tip.bounding_box()
        assert box[0] <= r["x"] and r["x"] + r["width"] <= box[2] and box[1] <= r["y"] and r["y"] + r["height"] <= box[3]
        assert page.js("(() => { const t = document.getElementById('zk-tooltip'); return t.scrollWidth <= t.clientWidth; })()")
        named = tip.inner_text().split("\n")[0]
        page.page.mouse.click(point[0], point[1])
        (chosen,) = page.js("zk.network.getSelectedNodes()")
        assert named == page.js("id => zk.labelOf(id)", chosen)
    assert page.errors == []


def test_explorer_shows_neighbours_and_goes_back(views, opened):
    path, view = views["real-graph"]
    page = opened(path)
    start = page.js("zk.shown()")
    assert page.js("document.getElementById('zk-back').disabled")
    # a theme with neighbours that are not shown yet
    hidden_of = page.js("""() => { const shown = new Set(zk.shown()); const out = {};
        zk.edges.get().forEach(e => { if (shown.has(e.from) && !shown.has(e.to)) out[e.from] = (out[e.from] || 0) + 1;
                                      if (shown.has(e.to) && !shown.has(e.from)) out[e.to] = (out[e.to] || 0) + 1; });
        return out; }""")
    node = sorted(hidden_of, key=lambda n: (-hidden_of[n], n))[0]
    iri = node.replace("zid:", ZID)
    neighbours = {nxe.curie(m) for m in set(view.graph.successors(iri)) | set(view.graph.predecessors(iri))}
    page.js("id => zk.select(id)", node)
    point = page.js("""id => { const p = zk.network.canvasToDOM(zk.network.getPosition(id));
        const r = document.getElementById('zk-network').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""", node)
    page.page.mouse.dblclick(point[0], point[1])
    page.page.wait_for_timeout(200)
    after = set(page.js("zk.shown()"))
    assert neighbours <= after and len(after) == len(set(start) | neighbours)
    assert _overlapping(page.js("zkView.labels()")) == []
    page.page.click("#zk-back")
    assert page.js("zk.shown()") == start
    page.page.click("#zk-reset")
    assert page.js("zk.shown()") == start
    assert page.errors == []


def test_pointing_at_a_label_is_pointing_at_its_node(views, opened):
    path, _ = views["real-overlap"]
    page = opened(path)
    labels = [label for label in _labels(page) if label["id"] in ("zid:theme-preventie", "zid:iza")]
    assert len(labels) == 2
    for label in labels:
        x, y = label["x"] + label["width"] / 2, label["y"] + label["height"] / 2
        page.page.mouse.move(x - 20, y - 20)
        page.page.mouse.move(x, y, steps=3)
        tip = page.page.wait_for_selector("#zk-tooltip", state="visible", timeout=5_000)
        assert tip.inner_text().split("\n")[0] == page.js("id => zk.labelOf(id)", label["id"])
        page.page.mouse.click(x, y)
        assert page.js("zk.network.getSelectedNodes()") == [label["id"]]
        assert page.js("id => zk.labelOf(id)", label["id"]) in page.page.text_content("#zk-details")
    assert page.errors == []


def test_after_a_search_the_frameworks_that_share_the_hit_keep_their_labels(views, opened):
    """Zoomed in on a hit, a framework whose label side (left of the left column) falls off the
    drawing gets its label on another side: the accords that share "preventie" stay named."""
    path, _ = views["real-overlap"]
    page = opened(path)
    page.js("zkView.ready")
    assert page.js("t => zkView.search(t)", "preventie") == "zid:theme-preventie"
    page.page.wait_for_timeout(200)
    drawn = {label["id"] for label in page.js("zkView.labels()")}
    assert {"zid:iza", "zid:gala", "zid:azwa", "zid:wozo"} <= drawn, drawn
    assert _overlapping(page.js("zkView.labels()")) == []
    assert page.errors == []
