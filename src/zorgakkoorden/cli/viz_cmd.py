"""`zorgakkoorden viz`: write the interactive HTML views (whole graph, overlap, a neighbourhood)."""

from __future__ import annotations

import argparse
import sys

from .common import add_load_arguments


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "viz",
        help="write interactive HTML views of the graph (whole graph, overlap, neighbourhood)",
        description=(
            "Write self-contained HTML views into --out: graph.html (the whole graph), overlap.html "
            "(the accords and programmes, the items two or more of them share, and the links between "
            "them) and, with --focus, focus-NAME-DEPTH.html (the neighbourhood of one entity). Each page "
            "works from disk with no network: search box, filter by class, Dutch/English labels. A graph "
            "with more nodes than --max-nodes is not drawn whole: the view then shows its most connected "
            "part and says so. The files are written all together or not at all."
        ),
    )
    parser.add_argument("--out", default="out", metavar="DIR", help="the folder to write the views into (default: out/)")
    parser.add_argument("--focus", metavar="NAME", help="also write the neighbourhood of this entity (abbreviation, label or IRI)")
    parser.add_argument("--depth", type=int, default=1, metavar="N", help="depth of the neighbourhood view (default: 1)")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="the labels shown first (default: nl); each page can switch")
    parser.add_argument("--max-nodes", type=int, default=None, metavar="N",
                        help="the largest view drawn whole (default: %(default)s = the built-in limit, see docs/visualisations.md)")
    add_load_arguments(parser, endpoint=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import EXIT_ERROR
    from ..export import pyvis_html
    from ..export.files import write_all
    from ..export.networkx_export import resolve_node, to_networkx
    from .common import load_from_args

    if args.depth < 0:
        print("zorgakkoorden: error: --depth must be 0 or more", file=sys.stderr)
        return EXIT_ERROR
    if args.max_nodes is not None and args.max_nodes < 1:
        print("zorgakkoorden: error: --max-nodes must be 1 or more", file=sys.stderr)
        return EXIT_ERROR
    if args.focus is None and args.depth != 1:
        print("zorgakkoorden: error: --depth needs --focus", file=sys.stderr)
        return EXIT_ERROR
    if args.store.startswith("endpoint"):
        print("zorgakkoorden: error: viz reads the whole graph: use --store memory or oxigraph", file=sys.stderr)
        return EXIT_ERROR
    limit = pyvis_html.FULL_VIEW_MAX_NODES if args.max_nodes is None else args.max_nodes
    kg = load_from_args(args)
    G = to_networkx(kg)
    views = [pyvis_html.graph_view(G, args.lang, max_nodes=limit), pyvis_html.overlap_view(G, args.lang, max_nodes=limit)]
    if args.focus is not None:
        node = resolve_node(kg, G, args.focus)
        views.append(pyvis_html.neighbourhood_view(G, node, args.depth, args.lang, max_nodes=limit))
    paths = write_all(args.out, {v.filename: v.html.encode("utf-8") for v in views})
    for view, path in zip(views, paths):
        drawn = f"{view.graph.number_of_nodes()} nodes, {view.graph.number_of_edges()} edges"
        print(f"wrote {path} ({view.name}: {drawn})")
        if view.filtered:
            print(f"zorgakkoorden: note: {path.name}: {view.notice[args.lang if args.lang in view.notice else 'en']}",
                  file=sys.stderr)
    return 0
