"""The site reads as a Dutch policy adviser needs it: Dutch first, English on request, a search
"Waar valt het onder?" that answers from disk, and query pages whose headings are words.

Static checks read the built HTML; browser checks open the pages from disk in Debian's chromium
(1440x900) with every request that is not file: aborted and counted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_site_browser import ARGS, CHROMIUM, PageWatch
from test_site_build import DATA, run_build

VIEWPORT = {"width": 1440, "height": 900}
# headings spelled the same in Dutch and English
SAME_IN_BOTH = {"Parameters", "SPARQL", "Downloads"}
# pages written by others: the graph views (their own language switch) and pyLODE's ontology page
NOT_OURS = ("views/", "ontology/index.html")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The real graph plus a theme whose labels are markup (tests/data/site/hostile.ttl)."""
    out = tmp_path_factory.mktemp("lang") / "site"
    run_build(out, DATA / "hostile.ttl")
    return out


def our_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if not p.relative_to(site).as_posix().startswith(NOT_OURS)]


def test_every_page_is_dutch_by_default_with_its_chrome_in_both_languages(site):
    pages = our_pages(site)
    assert len(pages) > 300
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(site).as_posix()
        assert re.search(r'<html lang="nl"', html), rel
        assert 'data-title-en="' in html and 'data-zk-lang="en"' in html, rel
        nav = re.search(r'<nav aria-label="site">(.*?)</nav>', html, re.S).group(1)
        links = re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)
        assert links and all('class="l-nl"' in a and 'class="l-en" lang="en"' in a for a in links), rel
        head = re.search(r"<main[^>]*>(.*?)</main>", html, re.S).group(1)
        for h in ([] if rel in ("ontology/shapes.html", "entities/index.html") else re.findall(r"<h2[^>]*>(.*?)</h2>", head, re.S)):
            text = re.sub(r"<[^>]+>", "", h).strip()
            assert 'class="l-en"' in h or text in SAME_IN_BOTH, (rel, h)
        # every Dutch span has its English twin right after it
        assert html.count('<span class="l-nl">') == html.count('<span class="l-en" lang="en">'), rel


def test_no_mixed_language_date_labels(site):
    """A date written as in the source is labelled in the page's language ("datum zoals vermeld"
    in Dutch), never "date as written: februari 2022"."""
    for page in our_pages(site):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"date as written</span>\s*:\s*<q lang=\"nl\"", html) or "(in Dutch in the source)" in html


def test_numbers_and_dates_are_written_the_dutch_way():
    from zorgakkoorden.site.i18n import format_date, format_number

    assert format_number(12345, "nl") == "12.345" and format_number(12345, "en") == "12,345"
    assert format_number(2.5, "nl") == "2,5"
    assert format_date("2022-09-16", "nl") == "16 september 2022"
    assert format_date("2022-09-16", "en") == "16 September 2022"
    assert format_date("2023-05", "nl") == "mei 2023" and format_date("2026", "nl") == "2026"
    assert format_date("dinsdag 11 juni", "nl") == "dinsdag 11 juni"


def test_query_headings_come_from_the_query_documentation(site):
    """No heading of a query page is a raw variable name, and none is empty."""
    from zorgakkoorden.query.catalogue import load_catalogue

    catalogue = load_catalogue()
    checked = 0
    for name in catalogue:
        html = (site / "queries" / f"{name}.html").read_text(encoding="utf-8")
        head = re.search(r"<thead>(.*?)</thead>", html, re.S)
        if not head:
            continue
        variables = set(re.findall(r"\?([A-Za-z_][A-Za-z0-9_]*)", catalogue[name].text))
        for th in re.findall(r"<th [^>]*>(.*?)</th>", head.group(1), re.S):
            texts = [t for t in re.split(r"<[^>]+>", th) if t.strip()]
            assert len(texts) == 2, (name, th)  # a Dutch and an English heading
            for text in texts:
                assert text.strip() not in variables, (name, text)
        checked += 1
    assert checked >= 15


def test_a_column_header_line_must_be_well_formed(tmp_path):
    from zorgakkoorden.errors import CatalogueFileError
    from zorgakkoorden.query.catalogue import parse_query_file

    good = ("# name: q\n# title@nl: V\n# title@en: Q\n# description: d\n# column: x@nl: Iks\n# column: x@en: Ex\n"
            "SELECT ?x WHERE { ?x ?p ?o }\n")
    path = tmp_path / "q.rq"
    path.write_text(good, encoding="utf-8")
    query = parse_query_file(path, quality=False)
    assert query.column_title("x", "nl") == "Iks" and query.column_title("x", "en") == "Ex"
    path.write_text(good.replace("# column: x@en: Ex", "# column: y@en: Why"), encoding="utf-8")
    with pytest.raises(CatalogueFileError, match=r"q.rq:6: column 'y'"):
        parse_query_file(path, quality=False)
    path.write_text(good.replace("# column: x@en: Ex", "# column: x Ex"), encoding="utf-8")
    with pytest.raises(CatalogueFileError, match="VARIABLE@LANG"):
        parse_query_file(path, quality=False)


def test_report_and_query_run_speak_the_language_asked(capsys):
    from zorgakkoorden.cli.main import main

    assert main(["report", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "akkoorden" in out and "Verbindende thema's" in out and "Bridging" not in out
    assert main(["report", "--top", "1", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Bridging themes" in out and "Verbindende" not in out
    assert main(["query", "run", "signatories"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("rijen)")
    assert main(["query", "run", "signatories", "--lang", "en"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("rows)")


# ------------------------------------------------------------------ in the browser



@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


def _context(browser):
    context = browser.new_context(viewport=VIEWPORT)
    watch = PageWatch(context)
    page = context.new_page()
    watch.attach(page)
    return context, watch, page


VISIBLE_OTHER = """(cls) => [...document.querySelectorAll('.' + cls)].filter(e => e.getClientRects().length > 0).length"""


@pytest.mark.browser
def test_the_language_switch_works_from_disk_and_is_remembered(browser, site):
    context, watch, page = _context(browser)
    page.goto((site / "index.html").as_uri(), wait_until="load")
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.evaluate(VISIBLE_OTHER, "l-en") == 0
    assert "Bronnen" in page.locator("header nav").inner_text()
    page.click('button[data-zk-lang="en"]')
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate(VISIBLE_OTHER, "l-nl") == 0
    assert "Sources" in page.locator("header nav").inner_text()
    assert page.title().startswith("The Dutch national health-care accords")
    for rel in ("sources.html", "entities/iza.html", "queries/overlap.html", "matrix-coverage.html", "analysts.html"):
        page.goto((site / rel).as_uri(), wait_until="load")
        assert page.evaluate("document.documentElement.lang") == "en", rel
        assert page.evaluate(VISIBLE_OTHER, "l-nl") == 0, rel
    page.goto((site / "sources.html").as_uri() + "?lang=nl", wait_until="load")
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.evaluate(VISIBLE_OTHER, "l-en") == 0
    page.goto((site / "index.html").as_uri(), wait_until="load")
    assert page.evaluate("document.documentElement.lang") == "nl"  # ?lang=nl was remembered
    context.close()
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)


SEARCHES = {
    # what a person types: (the entity that must come first, accords it must fall under, a route "via" it must name)
    "valpreventie": ("int-valpreventie", {"gala"}, None),
    "Welzijn op Recept": ("int-welzijn-op-recept", {"iza", "gala"}, None),
    "SPUK": ("fin-spuk", {"gala", "sportakkoord-ii"}, None),
    "ouderen": ("tg-ouderen", {"wozo", "gala"}, "int-valpreventie"),
}


@pytest.mark.browser
@pytest.mark.parametrize("text", sorted(SEARCHES))
def test_waar_valt_het_onder_answers_from_disk(browser, site, text):
    first, frameworks, via = SEARCHES[text]
    context, watch, page = _context(browser)
    page.goto((site / "index.html").as_uri(), wait_until="load")
    page.fill("#zk-where-input", text)
    hit = page.locator("#zk-where-results li.hit").first
    hit.wait_for()
    assert hit.get_attribute("data-iri") == f"https://w3id.org/zorgakkoorden/id/{first}"
    shown = {r.get_attribute("data-framework").rsplit("/", 1)[-1] for r in hit.locator("tr.route").all()}
    assert frameworks <= shown, shown
    for route in hit.locator("tr.route").all():
        assert route.locator("td.fw a").get_attribute("href").startswith("entities/")
        badges = route.locator("td.src-cell a.src")
        assert badges.count() >= 1
        assert badges.first.get_attribute("href").startswith("entities/source-")
        assert route.locator("td.via-cell").inner_text().strip()
    if via:
        assert hit.locator(f'td.via-cell a[href="entities/{via}.html"]').count() >= 1
    hit.locator("tr.route td.src-cell a.src").first.click()
    page.wait_for_load_state("load")
    assert "/entities/source-" in page.url
    context.close()
    assert not watch.errors and not watch.outside and not watch.dialogs


@pytest.mark.browser
def test_query_pages_and_matrices_show_every_row_without_an_inner_scrollbar(browser, site):
    context, watch, page = _context(browser)
    clipped = """() => {
      const out = [];
      for (const table of document.querySelectorAll('main table')) {
        for (let e = table.parentElement; e && e !== document.body; e = e.parentElement) {
          const s = getComputedStyle(e);
          if (/(auto|scroll|hidden)/.test(s.overflowY + s.overflowX) && (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)) out.push(e.tagName + '.' + e.className);
        }
      }
      return out;
    }"""
    pages = sorted((site / "queries").glob("*.html")) + [site / "matrix-coverage.html", site / "matrix-responsibility.html"]
    for path in pages:
        page.goto(path.as_uri(), wait_until="load")
        assert page.evaluate(clipped) == [], path.name
        rows = page.locator("table.results tbody tr")
        note = page.locator("p.results-note").last.inner_text() if rows.count() else ""
        if rows.count():
            assert note.split()[0].replace(".", "") == str(rows.count()), (path.name, note)
            sticky = page.evaluate("getComputedStyle(document.querySelector('table.results thead th')).position")
            assert sticky == "sticky"
    context.close()
    assert not watch.errors and not watch.outside


@pytest.mark.browser
def test_the_index_search_shows_text_from_the_graph_as_text(browser, site):
    """A theme labelled ``<img src=x onerror=alert(1)>`` is found and shown as those characters."""
    context, watch, page = _context(browser)
    page.goto((site / "index.html").as_uri(), wait_until="load")
    page.fill("#zk-where-input", "img src")
    hit = page.locator("#zk-where-results li.hit").first
    hit.wait_for()
    assert hit.locator(".hit-name").inner_text() == "<img src=x onerror=alert(1)>"
    assert page.locator("#zk-where-results img, #zk-where-results script").count() == 0
    page.click('button[data-zk-lang="en"]')
    assert page.locator("#zk-where-results li.hit .hit-name").first.inner_text() == "<script>alert('en')</script>"
    page.wait_for_timeout(200)
    context.close()
    assert not watch.dialogs and not watch.errors and not watch.outside
