"""`zorgakkoorden serve`: a read-only SPARQL 1.1 Protocol endpoint with a query page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import add_load_arguments


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the graph as a read-only SPARQL 1.1 endpoint (/sparql) with a query page",
        description=(
            "Serve the graph over the SPARQL 1.1 Protocol at /sparql (GET and POST; JSON, XML, CSV, TSV, "
            "Turtle, JSON-LD), with a YASGUI query page at / holding the catalogue queries as examples. "
            "Updates are refused (403); every query runs under a time limit and a result-size limit. "
            "Listens on the loopback address unless told otherwise."
        ),
    )
    add_load_arguments(parser, engine=True)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="S", help="time limit of one query in seconds (default 30)")
    parser.add_argument(
        "--max-results", type=int, default=100_000, metavar="N",
        help="most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in one answer (default 100000)",
    )
    parser.add_argument("--workers", type=int, default=None, metavar="N", help="queries run at once (default: number of CPUs, at least 2)")
    parser.add_argument(
        "--max-memory", type=int, default=1024, metavar="MB",
        help="memory one query may add to its worker, in MB (default 1024; 0: no limit); past it the query "
        "gets HTTP 507 and the worker is replaced",
    )
    parser.add_argument(
        "--allow-host", action="append", default=[], metavar="NAME",
        help="a further name clients may reach the server by (the Host header); loopback names and the --host "
        "address are always taken, others refused with 400 (a defence against DNS rebinding); repeatable",
    )
    parser.add_argument(
        "--cors-origin", action="append", default=[], metavar="ORIGIN",
        help="let pages of ORIGIN (e.g. https://example.org, or *) query the endpoint from a browser (CORS); "
        "without it a POST from another origin is refused with 403; repeatable",
    )
    parser.add_argument("--site", metavar="DIR", default=None, help="a static site folder to serve under /site/ (e.g. the one `build` writes)")
    parser.set_defaults(run=run)


def _check(args: argparse.Namespace) -> None:
    from ..errors import UsageError

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: give a port between 1 and 65535")
    if args.timeout <= 0:
        raise UsageError(f"--timeout {args.timeout:g}: give a positive number of seconds")
    if args.max_results < 1:
        raise UsageError(f"--max-results {args.max_results}: give a positive number")
    if args.max_memory < 0:
        raise UsageError(f"--max-memory {args.max_memory}: give a number of MB (0: no limit)")
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers {args.workers}: give a positive number")
    if args.site is not None and not Path(args.site).is_dir():
        raise UsageError(f"--site {args.site}: no such folder")
    _check_can_listen(args.host, args.port)


def _check_can_listen(host: str, port: int) -> None:
    """Fail early, with a clear message, when the address cannot be listened on."""
    import socket

    from ..errors import UsageError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UsageError(f"--host {host}: unknown address ({exc.strerror})") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


def run(args: argparse.Namespace) -> int:
    from ..extras import require

    _check(args)
    require("starlette", "server", "zorgakkoorden serve")
    uvicorn = require("uvicorn", "server", "zorgakkoorden serve")

    from ..server.app import create_app
    from ..server.engines import engine_for
    from ..server.examples import catalogue_examples
    from ..server.workers import Limits, make_pool
    from .common import load_from_args

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"zorgakkoorden: warning: listening on {args.host}, reachable from other machines", file=sys.stderr)
    kg = load_from_args(args)
    engine = engine_for(kg)
    try:
        examples = catalogue_examples(kg)
    except Exception as exc:  # noqa: BLE001 - the page still works without examples
        print(f"zorgakkoorden: warning: no catalogue examples on the query page: {exc}", file=sys.stderr)
        examples = []
    triples = engine.triple_count()
    limits = Limits(
        timeout=args.timeout,
        max_results=args.max_results,
        queue_timeout=max(args.timeout, 30.0),
        max_memory=args.max_memory * 1024 * 1024,
    )
    pool = make_pool(engine, size=args.workers, limits=limits)
    pool.start()  # fork the workers now, from a process that runs nothing else yet
    info = {
        "store": kg.store, "triples": triples, "timeout": args.timeout, "max_results": args.max_results,
        "max_memory_mb": args.max_memory,
    }
    app = create_app(
        pool, examples=examples, site_dir=args.site, info=info,
        bound_host=args.host, allowed_hosts=args.allow_host, cors_origins=args.cors_origin,
    )
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"zorgakkoorden: serving {triples if triples is not None else 'remote'} triples ({kg.store}) at "
        f"http://{shown}:{args.port}/sparql, query page http://{shown}:{args.port}/ "
        f"({pool.size} {pool.kind} workers, {args.timeout:g} s, {args.max_results} results, "
        f"{args.max_memory or 'no'} MB a query); Ctrl-C stops",
        file=sys.stderr,
    )
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    finally:
        pool.close()
    return 0
