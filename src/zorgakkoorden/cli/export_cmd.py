"""`zorgakkoorden export`: the graph or its overlap projection as GraphML, GEXF or node-link JSON."""

from __future__ import annotations

import argparse
import sys

from .common import add_load_arguments


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the graph or the overlap projection as GraphML, GEXF (Gephi) or node-link JSON",
        description=(
            "Write the graph (one node per entity, one edge per sourced fact, with its sources) or the "
            "overlap projection (the accords and programmes, one edge per pair and kind of shared item, "
            "with its weight and the shared items) for other tools: GraphML, GEXF (Gephi) or networkx "
            "node-link JSON. In GraphML and GEXF, list values are written as JSON text. The file is "
            "written atomically; '-' writes to standard output."
        ),
    )
    parser.add_argument("--format", required=True, choices=("graphml", "gexf", "json"), help="the file format")
    parser.add_argument("--projection", default="graph", choices=("graph", "overlap"), help="what to export (default: graph)")
    parser.add_argument("--out", required=True, metavar="FILE", help="the file to write ('-' for standard output)")
    add_load_arguments(parser, endpoint=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import EXIT_ERROR
    from ..export.files import write_one
    from ..export.formats import export_bytes
    from ..export.networkx_export import to_networkx
    from .common import load_from_args

    if args.store.startswith("endpoint"):
        print("zorgakkoorden: error: export reads the whole graph: use --store memory or oxigraph", file=sys.stderr)
        return EXIT_ERROR
    G = to_networkx(load_from_args(args))
    data = export_bytes(G, args.format, args.projection)
    if args.out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = write_one(args.out, data)
    print(f"wrote {path} ({args.projection}, {args.format}, {len(data)} bytes)", file=sys.stderr)
    return 0
