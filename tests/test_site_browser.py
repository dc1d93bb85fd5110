"""Every page of the built site opens in Debian's chromium with no console error and no request out.

Playwright drives /usr/bin/chromium (never a browser that Playwright downloads). Every request
that is not file: or data: is aborted and counted; the test fails if any page made one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_site_build import DATA, run_build

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The real graph plus a theme whose label is markup (tests/data/site/hostile.ttl)."""
    out = tmp_path_factory.mktemp("browser") / "site"
    run_build(out, DATA / "hostile.ttl")
    return out


class PageWatch:
    """Console errors, page errors, dialogs and outside requests of one browser context."""

    def __init__(self, context):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def attach(self, page):
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


def test_every_page_opens_without_errors_or_outside_requests(browser, hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 50
    context = browser.new_context()
    watch = PageWatch(context)
    page = context.new_page()
    watch.attach(page)
    failures = []
    for path in pages:
        before = (len(watch.errors), len(watch.outside), len(watch.dialogs))
        page.goto(path.as_uri(), wait_until="load")
        if path.parent.name == "views":
            page.wait_for_timeout(300)  # let the network view start drawing
        after = (len(watch.errors), len(watch.outside), len(watch.dialogs))
        if after != before:
            rel = path.relative_to(hostile_site).as_posix()
            failures.append(f"{rel}: {watch.errors[before[0]:]} {watch.outside[before[1]:]} {watch.dialogs[before[2]:]}")
    context.close()
    assert not failures, "\n".join(failures[:20])
    assert not watch.outside
    assert not watch.dialogs


def test_hostile_label_is_shown_as_text(browser, hostile_site):
    context = browser.new_context()
    watch = PageWatch(context)
    page = context.new_page()
    watch.attach(page)
    page.goto((hostile_site / "entities" / "theme-hostile-label.html").as_uri(), wait_until="load")
    assert page.locator("h1").inner_text() == "<img src=x onerror=alert(1)>"
    assert page.locator("img").count() == 0
    assert page.locator("main script").count() == 0
    page.goto((hostile_site / "matrix-coverage.html").as_uri(), wait_until="load")
    assert page.get_by_text("<img src=x onerror=alert(1)>").count() >= 1
    context.close()
    assert not watch.dialogs and not watch.errors and not watch.outside


def test_matrix_mark_leads_to_the_source(browser, hostile_site):
    """Sources are a click away: a source badge in the coverage matrix opens the source's page,
    which gives its public address."""
    context = browser.new_context()
    watch = PageWatch(context)
    page = context.new_page()
    watch.attach(page)
    page.goto((hostile_site / "matrix-coverage.html").as_uri(), wait_until="load")
    page.locator("td.hit a.src").first.click()
    page.wait_for_load_state("load")
    assert "/entities/source-" in page.url
    assert page.locator("a.external").first.get_attribute("href").startswith("http")
    context.close()
    assert not watch.errors and not watch.outside


# ---------------------------------------------------------------- as a policy adviser reads it (1440x900, Dutch)

VIEWPORT = {"width": 1440, "height": 900}
ZID = "https://w3id.org/zorgakkoorden/id/"
# a raw identifier: a CURIE of the graph's or a standard vocabulary, or one of the graph's IRIs
RAW_ID = r"\b(zid|zst|zk|zks|skos|rdf|rdfs|dcterms|owl|xsd|sh):[A-Za-z]|https?://w3id\.org/zorgakkoorden/"
# the visible text of the elements matched (what is hidden, code and SPARQL left out)
VISIBLE_TEXT = """(selector) => {
  const out = [];
  for (const root of document.querySelectorAll(selector)) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const e = n.parentElement;
      if (!e || e.closest('pre, code, script, style') || !e.checkVisibility()) continue;
      if (n.textContent.trim()) out.push(n.textContent.trim());
    }
  }
  return out;
}"""


def _adviser(browser):
    context = browser.new_context(viewport=VIEWPORT)
    watch = PageWatch(context)
    page = context.new_page()
    watch.attach(page)
    return context, watch, page


def _raw_ids(page, selector: str = "main") -> list[str]:
    return [text for text in page.evaluate(VISIBLE_TEXT, selector) if re.search(RAW_ID, text)]


def test_dutch_pages_show_no_raw_identifier_as_text(browser, hostile_site):
    """What an adviser reads holds names, not CURIEs or IRIs (zid:..., zst:..., skos:prefLabel).
    Query pages are checked in their answer table (their documentation is for analysts)."""
    context, watch, page = _adviser(browser)
    whole = ["index.html", "matrix-coverage.html", "matrix-responsibility.html", "sources.html",
             *(f"entities/{name}.html" for name in ("iza", "azwa", "gala", "wozo", "hlo", "theme-preventie", "vng",
                                                    "source-rijksoverheid-azwa", "int-valpreventie"))]
    found = {}
    for rel in whole:
        page.goto((hostile_site / rel).as_uri(), wait_until="load")
        assert page.evaluate("document.documentElement.lang") == "nl"
        found[rel] = _raw_ids(page)
        # nor on hover: a link's tooltip is a name too (the analysts' folded table keeps the IRIs)
        titles = page.eval_on_selector_all("main [title]", "es => es.filter(e => !e.closest('details')).map(e => e.title)")
        found[rel + " (tooltips)"] = [t for t in titles if re.search(RAW_ID, t)]
    for path in sorted((hostile_site / "queries").glob("*.html")):
        page.goto(path.as_uri(), wait_until="load")
        found[f"queries/{path.name}"] = _raw_ids(page, "table.results")
    page.goto((hostile_site / "index.html").as_uri(), wait_until="load")
    for text in ("valpreventie", "Welzijn op Recept", "SPUK", "ouderen", "AZWA", "IZA"):
        page.fill("#zk-where-input", text)
        page.locator("#zk-where-results li.hit").first.wait_for()
        found[f"index search {text!r}"] = _raw_ids(page, "#zk-where-results")
    context.close()
    bad = {where: texts[:3] for where, texts in found.items() if texts}
    assert not bad, bad
    assert not watch.errors and not watch.outside


def test_query_pages_say_statements_and_fields_in_words(browser, hostile_site):
    context, watch, page = _adviser(browser)
    page.goto((hostile_site / "queries" / "overlap.html").as_uri(), wait_until="load")
    cells = page.evaluate(VISIBLE_TEXT, "table.results tbody")
    assert "GALA hangt samen met IZA" in cells, cells[:20]  # a link between the two, said as a sentence
    page.goto((hostile_site / "queries" / "search.html").as_uri(), wait_until="load")
    fields = set(page.evaluate(VISIBLE_TEXT, 'table.results tbody td:nth-child(4)'))
    assert "naam" in fields and not any(":" in f for f in fields), fields
    page.goto((hostile_site / "queries" / "responsibility.html").as_uri(), wait_until="load")
    assert "lang = nl" in page.locator("p.results-note").first.inner_text()  # the Dutch answer on a Dutch page
    assert "Integraal Zorgakkoord" in page.evaluate(VISIBLE_TEXT, "table.results tbody")
    context.close()
    assert not watch.errors and not watch.outside


def _frameworks_and_pages() -> dict[str, str]:
    from rdflib.namespace import RDF, RDFS

    import zorgakkoorden
    from zorgakkoorden.namespaces import ZK
    from zorgakkoorden.site.model import entity_pages

    graph = zorgakkoorden.load().graph
    classes = set(graph.transitive_subjects(RDFS.subClassOf, ZK.PolicyFramework))
    frameworks = {str(f) for c in classes for f in graph.subjects(RDF.type, c)}
    pages = entity_pages(graph)
    return {iri: pages[iri] for iri in frameworks}


def test_every_accord_has_a_profile_reachable_from_the_index_with_its_status(browser, hostile_site):
    """Every accord, programme and agenda is a row of the index with a link to its profile; the
    profile says where it stands (a status with its date and source, what carries it on, or that no
    source says)."""
    frameworks = _frameworks_and_pages()
    assert {ZID + "azwa", ZID + "iza", ZID + "hlo"} <= set(frameworks)
    context, watch, page = _adviser(browser)
    page.goto((hostile_site / "index.html").as_uri(), wait_until="load")
    linked = set(page.eval_on_selector_all("main table.data tbody tr td:first-child > a",
                                           "as => as.map(a => a.getAttribute('href'))"))
    assert set(frameworks.values()) <= linked, set(frameworks.values()) - linked
    # the index row of the AZWA says it runs, as of when, and the source
    row = page.locator("main table.data tbody tr", has=page.locator('td:first-child > a[href="entities/azwa.html"]'))
    assert row.locator('[data-status="running"]').inner_text() == "lopend"
    assert "stand per 8 september 2025" in row.inner_text()
    for iri, rel in sorted(frameworks.items()):
        page.goto((hostile_site / rel).as_uri(), wait_until="load")
        assert page.locator("h1").inner_text().strip(), rel
        status = page.locator("#status")
        assert status.is_visible(), rel
        assert status.locator("[data-status], .continued").count() or "geen bron" in status.inner_text(), rel
    context.close()
    assert not watch.errors and not watch.outside


def test_the_azwa_profile_shows_its_status_its_link_to_the_iza_and_every_source_it_cites(browser, hostile_site):
    context, watch, page = _adviser(browser)
    page.goto((hostile_site / "entities" / "azwa.html").as_uri(), wait_until="load")
    status = page.locator("#status")
    assert status.locator('[data-status="running"]').inner_text() == "lopend"
    assert "stand per 8 september 2025" in status.inner_text()
    assert status.locator("a.src").count() >= 1
    assert status.bounding_box()["y"] < 900  # at a glance: above the fold
    links = page.locator("#verbanden + table tbody tr")
    to_iza = [r.inner_text() for r in links.all() if r.locator('a[href="../entities/iza.html"]').count()]
    assert any("AZWA" in t and "vult aan" in t for t in to_iza), to_iza
    # the list of sources holds every badge the page shows
    badges = set(page.eval_on_selector_all("main a.src", "as => as.filter(a => a.checkVisibility()).map(a => a.getAttribute('href'))"))
    listed = set(page.eval_on_selector_all("#bronnen + ul.source-list a.src", "as => as.map(a => a.getAttribute('href'))"))
    assert badges and badges <= listed, badges - listed
    page.goto((hostile_site / "entities" / "wozo.html").as_uri(), wait_until="load")
    assert page.locator('#status [data-status="succeeded"]').inner_text() == "opgevolgd"
    assert page.locator('#status .continued a[href="../entities/hlo.html"]').count() == 1
    page.goto((hostile_site / "entities" / "iza.html").as_uri(), wait_until="load")
    who = page.locator("#partijen ~ h3", has_text="trok zich terug uit")
    assert who.count() == 1  # the VNG's withdrawal is under "Wie doen mee"
    context.close()
    assert not watch.errors and not watch.outside


def test_the_index_search_shows_an_accords_status_and_links_and_who_is_on(browser, hostile_site):
    context, watch, page = _adviser(browser)
    page.goto((hostile_site / "index.html").as_uri(), wait_until="load")
    page.fill("#zk-where-input", "AZWA")
    hit = page.locator("#zk-where-results li.hit").first
    hit.wait_for()
    assert hit.get_attribute("data-iri") == ZID + "azwa"
    assert hit.locator('[data-status="running"]').inner_text() == "lopend"
    assert "8 september 2025" in hit.locator(".status-line").inner_text()
    links = [li.inner_text() for li in hit.locator("ul.fw-links li").all()]
    assert any(t.startswith("AZWA vult aan IZA") for t in links), links
    # no party is named responsible for the AZWA's funding: its signatories are shown, and said to be
    funding = page.locator('#zk-where-results li.hit[data-iri$="/fin-azwa-doorbraakmiddelen"] td.resp')
    assert funding.inner_text().startswith("ondertekend door") and funding.locator('a[href="entities/vws.html"]').count() == 1
    context.close()
    assert not watch.errors and not watch.outside


def test_the_site_views_link_nodes_to_their_pages_in_dutch(browser, hostile_site):
    """A view's details name no CURIE and link to the node's page; the way back to the site is Dutch;
    inside an accord's profile the view gives the drawing the room (no side panel)."""
    context, watch, page = _adviser(browser)
    for rel, text, expected in (("views/graph.html", "VNG", "zid:vng"), ("views/overlap.html", "preventie", "zid:theme-preventie")):
        page.goto((hostile_site / rel).as_uri(), wait_until="load")
        page.evaluate("window.zkView.ready")
        assert page.locator("#zk-site-back").inner_text() == "zorgakkoorden › Overzichtsbeelden"
        assert page.evaluate("t => window.zkView.search(t)", text) == expected
        details = page.locator("#zk-details").inner_text()
        assert "zid:" not in details, details
        link = page.locator("#zk-page-link")
        assert link.inner_text() == "Alles over dit onderwerp, met de bronnen"
        href = link.get_attribute("href")
        assert (hostile_site / "views" / href).resolve().is_file(), href
        link.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/entities/" + expected.split(":")[1] + ".html")
        page.go_back()
    page.goto((hostile_site / "views" / "graph.html").as_uri(), wait_until="load")
    page.evaluate("window.zkView.ready")
    page.evaluate("window.zkView.lang('en')")
    assert page.locator("#zk-site-back").inner_text() == "zorgakkoorden › Views"
    assert page.locator("#zk-site-back a").last.get_attribute("href") == "../views.html?lang=en"
    page.goto((hostile_site / "entities" / "azwa.html").as_uri(), wait_until="load")
    frame = page.frame_locator("figure.focus iframe")
    frame.locator("#zk-network canvas").wait_for()
    assert "zk-embedded" in frame.locator("html").get_attribute("class")
    assert not frame.locator("#zk-side").is_visible()
    width = page.locator("figure.focus iframe").bounding_box()["width"]
    assert frame.locator("#zk-network").bounding_box()["width"] >= width - 2
    context.close()
    assert not watch.errors and not watch.outside


def test_matrix_headers_give_full_framework_names_without_breaking_a_word(browser, hostile_site):
    broken = """() => {
      const out = [];
      for (const th of document.querySelectorAll('table.matrix thead th.col')) {
        const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          if (!n.parentElement.checkVisibility()) continue;
          for (const m of n.textContent.matchAll(/\\S+/g)) {
            const r = document.createRange();
            r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
            if (r.getClientRects().length > 1) out.push(m[0]);
          }
        }
      }
      return out;
    }"""
    context, watch, page = _adviser(browser)
    for rel in ("matrix-coverage.html", "matrix-responsibility.html"):
        page.goto((hostile_site / rel).as_uri(), wait_until="load")
        assert page.evaluate(broken) == [], rel
        names = page.evaluate(VISIBLE_TEXT, "table.matrix thead th.col")
        assert "Toekomstbestendige" in " ".join(names) and "Integraal Zorgakkoord" in names, names
    context.close()
    assert not watch.errors and not watch.outside
