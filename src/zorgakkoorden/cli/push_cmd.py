"""`zorgakkoorden push`: load the graph into a SPARQL 1.1 server (Graph Store Protocol)."""

from __future__ import annotations

import argparse
import re
import sys

from .common import add_load_arguments

DEFAULT_TIMEOUT = 60.0


# an absolute IRI as SPARQL writes it between < and >: a scheme, then no spaces or <>"{}|^`\\
_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.\-]*:[^<>"{}|^`\\\x00-\x20]+\Z')


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "push",
        help="load the graph into a SPARQL 1.1 server through the Graph Store Protocol",
        description=(
            "Load the graph (with the derived triples, and your own files) into any SPARQL 1.1 server "
            "through the Graph Store HTTP Protocol: Oxigraph (http://host:7878/store), Apache Jena Fuseki "
            "(http://host:3030/DATASET/data), GraphDB, Virtuoso, ... Then query it there, or with "
            "--endpoint URL (the server's query address) in the other commands."
        ),
    )
    parser.add_argument(
        "--endpoint", dest="target", required=True, metavar="URL",
        help="the server's Graph Store address, e.g. http://127.0.0.1:7878/store (Oxigraph)",
    )
    parser.add_argument("--graph", metavar="IRI", default=None, help="write to this named graph (default: the default graph)")
    parser.add_argument("--append", action="store_true", help="add to the graph (POST) instead of replacing it (PUT)")
    parser.add_argument("--format", choices=("nt", "turtle"), default="nt", help="what to send: N-Triples (default) or Turtle")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="S",
        help=f"seconds to wait for the server: to connect, and between two pieces of its answer (default {DEFAULT_TIMEOUT:g}); "
        "raise it for a large graph on a slow server",
    )
    add_load_arguments(parser, endpoint=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..extras import require

    require("httpx", "server", "zorgakkoorden push")
    if not args.target.startswith(("http://", "https://")):
        raise UsageError(f"--endpoint {args.target!r}: give an http:// or https:// address")
    if not args.timeout > 0:
        raise UsageError(f"--timeout {args.timeout:g}: give a positive number of seconds")
    if args.graph is not None and not _IRI.match(args.graph):
        raise UsageError(f"--graph {args.graph!r}: not an absolute IRI (such as https://example.org/graph)")

    from ..server.push import push
    from .common import load_from_args

    kg = load_from_args(args)
    result = push(kg, args.target, graph=args.graph, replace=not args.append, fmt=args.format, timeout=args.timeout)
    print(
        f"zorgakkoorden: {result.method} {result.triples} triples ({result.bytes} bytes) to {result.url}: HTTP {result.status}",
        file=sys.stderr,
    )
    return 0
