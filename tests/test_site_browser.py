"""Every page of the built site opens in Debian's chromium with no console error and no request out.

Playwright drives /usr/bin/chromium (never a browser that Playwright downloads). Every request
that is not file: or data: is aborted and counted; the test fails if any page made one.
"""

from __future__ import annotations

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
