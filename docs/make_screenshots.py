"""Make the README's screenshots: build the site, then let Chromium photograph four pages.

    python docs/make_screenshots.py [--out docs/img]

Writes ``overlap-view.png`` (the interactive overlap view), ``coverage-matrix.png`` (the
theme x accord matrix), ``accord-profile.png`` (the profile of the AZWA: status, what it is, when,
its neighbourhood) and ``where-search.png`` (the index search "Waar valt het onder?" answering
"Welzijn op Recept"). Uses Debian's chromium through Playwright, offline: every request that is
not a local file is refused.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# (page, image, viewport width, height, how long to let it settle at most in ms, text to search for)
SHOTS = [
    ("views/overlap.html", "overlap-view.png", 1440, 900, 15000, ""),
    ("matrix-coverage.html", "coverage-matrix.png", 1440, 900, 0, ""),
    ("entities/azwa.html", "accord-profile.png", 1440, 900, 0, ""),
    ("index.html", "where-search.png", 1440, 900, 0, "Welzijn op Recept"),
]


def _settle(page, timeout_ms: int) -> None:
    """Wait until the network view has been drawn (its positions are computed beforehand, so the
    first drawing is the settled one)."""
    if not timeout_ms:
        return
    page.wait_for_selector("canvas", timeout=timeout_ms)
    page.wait_for_function("() => document.documentElement.getAttribute('data-zk-ready') === '1'", timeout=timeout_ms)
    page.evaluate("window.zkView.ready")  # drawn, labels included
    page.wait_for_timeout(300)


def _search(page, text: str) -> None:
    """Type into the index search and scroll its heading to the top, as a reader would."""
    page.fill("#zk-where-input", text)
    page.wait_for_selector("#zk-where-results li.hit")
    page.evaluate("document.getElementById('waar').scrollIntoView()")
    page.wait_for_timeout(200)


def _framed(page) -> None:
    """Wait until a view drawn in a frame of the page (an accord's neighbourhood) is drawn."""
    for frame in page.frames[1:]:
        frame.wait_for_selector("html[data-zk-ready='1']", state="attached", timeout=15000)
    page.wait_for_timeout(300)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "img", help="folder for the PNG files (default docs/img)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from zorgakkoorden.site import build_site

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp) / "site", stream=None).out
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for rel, image, width, height, settle, search in SHOTS:
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:")) else route.abort())
                page = context.new_page()
                page.goto((site / rel).as_uri(), wait_until="load")
                _settle(page, settle)
                _framed(page)
                if search:
                    _search(page, search)
                target = args.out / image
                page.screenshot(path=str(target))
                print(f"wrote {target}")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
