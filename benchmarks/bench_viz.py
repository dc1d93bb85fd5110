"""Benchmark of the HTML views: generation time, file size and time until the view is drawn in chromium.

Usage: python benchmarks/bench_viz.py [--sizes 1000 5000 20000] [--runs 3] [--skip-real]

For the real graph (its three views) and for synthetic graphs shaped like ours (frameworks,
action lines, themes, parties, funding, target groups, interventions, sources; about 3.5 edges
per node), it prints one row per view:

- gen s: building the view (layout, pyvis network, page) from the networkx graph;
- MB: the size of the HTML file;
- settled s: median over runs of the time from navigation start until the page's ready marker
  (vis-network has finished its first drawing; physics is off, so the view does not move after);
- whether the view was drawn whole or cut down (``filtered``: above FULL_VIEW_MAX_NODES).

Synthetic graphs are drawn twice: whole (``max_nodes=None``) and as `zorgakkoorden viz`
writes them (the built-in limit). Chromium is Debian's, headless, with the network blocked.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ZID = "https://w3id.org/zorgakkoorden/id/"
SHAPE = [  # (class CURIE, category, share of the nodes)
    ("zk:Accord", "framework", 0.02), ("zk:Programme", "framework", 0.02), ("zk:ActionLine", "part", 0.06),
    ("zk:Goal", "part", 0.06), ("zk:Theme", "theme", 0.12), ("zk:Organisation", "party", 0.18),
    ("zk:OrganisationGroup", "party", 0.06), ("zk:FundingInstrument", "funding", 0.05),
    ("zk:TargetGroup", "target_group", 0.06), ("zk:Intervention", "intervention", 0.08),
    ("zk:PracticeExample", "other", 0.12), ("zk:Place", "other", 0.07), ("zk:SourceDocument", "other", 0.10),
]
PREDICATES = ["zk:addressesTheme", "zk:partyTo", "zk:fundedThrough", "zk:aimsAtTargetGroup",
              "zk:worksThroughIntervention", "zk:hasActionLine", "zk:exampleFor", "zk:locatedIn"]


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A graph of ``n`` nodes in the schema of :func:`to_networkx`, about 3.5 edges per node."""
    rnd = random.Random(seed)
    G = nx.MultiDiGraph(name=f"synthetic {n}")
    by_category: dict[str, list[str]] = {}
    sources = []
    count = 0
    for cls, category, share in SHAPE:
        for i in range(max(1, round(n * share))):
            if count >= n:
                break
            iri = f"{ZID}{cls.split(':')[1].lower()}-{i:05d}"
            G.add_node(iri, curie="zid:" + iri[len(ZID):], type="https://w3id.org/zorgakkoorden/def/" + cls[3:],
                       type_curie=cls, type_nl=cls[3:].lower(), type_en=cls[3:].lower(), category=category,
                       label_nl=f"{cls[3:]} {i} nl", label_en=f"{cls[3:]} {i} en", abbreviation="", alt_labels=[],
                       description_nl="", description_en="", sources=[], url="", facts=[], conflicts=[])
            by_category.setdefault(category, []).append(iri)
            if cls == "zk:SourceDocument":
                sources.append(iri)
            count += 1
    nodes = sorted(G.nodes)
    for node in nodes:
        G.nodes[node]["sources"] = [rnd.choice(sources)]
    frameworks = by_category["framework"]
    targets = [c for c in by_category if c not in ("framework",)]
    for _ in range(int(n * 3.5)):
        if rnd.random() < 0.6:
            u = rnd.choice(frameworks + by_category["part"])
            v = rnd.choice(by_category[rnd.choice(targets)])
        else:
            u, v = rnd.choice(nodes), rnd.choice(nodes)
        if u == v:
            continue
        key = rnd.choice(PREDICATES)
        G.add_edge(u, v, key=key, predicate=key, label_nl=key[3:], label_en=key[3:], sources=[rnd.choice(sources)],
                   statements=[], aspect_nl=[], aspect_en=[], years=[])
    return G


def settle_times(browser, path: Path, runs: int) -> float:
    """Median seconds from navigation start to the page's ready marker."""
    url = path.resolve().as_uri()
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
        page.goto(url, timeout=300_000)
        page.wait_for_selector("html[data-zk-ready='1']", state="attached", timeout=300_000)
        times.append(page.evaluate("window.zkReadyAt") / 1000.0)
        page.close()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 20000])
    parser.add_argument("--runs", type=int, default=3, help="page loads per view (median)")
    parser.add_argument("--skip-real", action="store_true", help="leave out the real graph")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    import zorgakkoorden
    from zorgakkoorden.export import networkx_export as nxe
    from zorgakkoorden.export import pyvis_html as ph

    rows: list[tuple] = []
    out = Path(tempfile.mkdtemp(prefix="bench-viz-"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])

        def measure(label: str, make) -> None:
            start = time.perf_counter()
            view = make()
            gen = time.perf_counter() - start
            path = out / f"{label.replace(' ', '-')}.html"
            path.write_text(view.html, encoding="utf-8")
            settled = settle_times(browser, path, args.runs)
            rows.append((label, view.graph.number_of_nodes(), view.graph.number_of_edges(), gen,
                         path.stat().st_size / 1e6, settled, "filtered" if view.filtered else "whole"))
            print(f"  {label}: {settled:.2f} s", file=sys.stderr, flush=True)

        if not args.skip_real:
            start = time.perf_counter()
            kg = zorgakkoorden.load()
            loaded = time.perf_counter() - start
            start = time.perf_counter()
            G = nxe.to_networkx(kg)
            exported = time.perf_counter() - start
            print(f"real graph: {len(kg)} triples loaded in {loaded:.2f} s; to_networkx {exported:.2f} s "
                  f"({len(G)} nodes, {G.number_of_edges()} edges)")
            iza = ZID + "iza"
            measure("real graph", lambda: ph.graph_view(G))
            measure("real overlap", lambda: ph.overlap_view(G))
            measure("real focus IZA 1", lambda: ph.neighbourhood_view(G, iza, 1))
            measure("real focus IZA 2", lambda: ph.neighbourhood_view(G, iza, 2))
        for n in args.sizes:
            S = synthetic(n)
            measure(f"synthetic {n} whole", lambda S=S: ph.graph_view(S, max_nodes=None))
            if n > ph.FULL_VIEW_MAX_NODES:
                measure(f"synthetic {n} viz", lambda S=S: ph.graph_view(S))
            measure(f"synthetic {n} overlap", lambda S=S: ph.overlap_view(S))
        browser.close()

    print(f"\nFULL_VIEW_MAX_NODES = {ph.FULL_VIEW_MAX_NODES}; median of {args.runs} page loads; headless chromium, no GPU")
    header = f"{'view':<26} {'nodes':>6} {'edges':>6} {'gen s':>7} {'MB':>6} {'settled s':>9}  drawn"
    print(header)
    print("-" * len(header))
    for label, nodes, edges, gen, mb, settled, drawn in rows:
        print(f"{label:<26} {nodes:>6} {edges:>6} {gen:>7.2f} {mb:>6.2f} {settled:>9.2f}  {drawn}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
