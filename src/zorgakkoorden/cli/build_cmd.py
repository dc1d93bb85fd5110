"""`zorgakkoorden build [--out site/]`: check the graph, then write the static site."""

from __future__ import annotations

import argparse
import sys

from .common import add_load_arguments


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "build",
        help="check the graph, then write the static site (views, matrices, query pages, ontology docs)",
        description=(
            "Check the graph (as `check` does), then write a static site into --out: an index, the graph "
            "views and the overlap view, the coverage and responsibility matrices, one page per catalogue "
            "query with its answer, a page per entity with its sources, the ontology documentation and "
            "downloads of the graph. The site works from disk with no network. It is written into a "
            "temporary folder and put in place at the end: when the graph does not validate (exit 1) or "
            "anything fails (exit 2), nothing is written. Without --store, the graph is held in Oxigraph "
            "where it is installed (extra 'fast': much faster), else in rdflib's memory store."
        ),
    )
    parser.add_argument("--out", default="site", metavar="DIR", help="the site folder (default: site/); replaced whole if a previous build wrote it")
    add_load_arguments(parser, positional_paths=True, endpoint=False)
    parser.set_defaults(store=None)
    parser.add_argument("--focus-depth", type=int, default=1, metavar="N", help="depth of the neighbourhood view of each accord (default: 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors and the final line")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import EXIT_ERROR, EXIT_INVALID, SiteGraphInvalidError
    from ..site.build import build_site

    if args.store and args.store.startswith("endpoint"):
        print("zorgakkoorden: error: build reads the whole graph here: use --store memory or oxigraph", file=sys.stderr)
        return EXIT_ERROR
    if args.focus_depth < 0:
        print("zorgakkoorden: error: --focus-depth must be 0 or more", file=sys.stderr)
        return EXIT_ERROR
    try:
        result = build_site(
            args.out,
            extra=args.paths,
            store=args.store,
            stream=None if args.quiet else sys.stdout,
            focus_depth=args.focus_depth,
        )
    except SiteGraphInvalidError as exc:
        sys.stdout.write(exc.report_text if exc.report_text.endswith("\n") else exc.report_text + "\n")
        print(f"zorgakkoorden: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote {result.pages} pages ({len(result.files)} files) to {result.out} in {result.seconds:.1f} s; open {result.out / 'index.html'}")
    return 0
