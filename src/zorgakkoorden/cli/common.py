"""Options shared by the commands that load the graph."""

from __future__ import annotations

import argparse


def add_load_arguments(
    parser: argparse.ArgumentParser, *, positional_paths: bool = False, endpoint: bool = True, engine: bool = False
) -> None:
    """Add ``--store``, ``--endpoint`` and the user's own Turtle files (``--data PATH`` or positional PATHS).

    Args:
        parser: the command's parser.
        positional_paths: take the user's files as positional PATHS instead of ``--data``.
        endpoint: add ``--endpoint URL`` (query a remote SPARQL server instead of loading).
        engine: add ``--engine`` (the SPARQL engine for queries on the memory store).
    """
    parser.add_argument(
        "--store",
        default="memory",
        help="where the graph is held: memory (rdflib, default), oxigraph (extra 'fast'), oxigraph:PATH, endpoint:URL",
    )
    if endpoint:
        parser.add_argument(
            "--endpoint", metavar="URL", default=None,
            help="use the graph on a SPARQL 1.1 server (its query URL) instead of loading it; same as --store endpoint:URL",
        )
    if engine:
        from ..query.engines import ENGINES

        parser.add_argument(
            "--engine", choices=ENGINES, default="auto",
            help="the SPARQL engine on the memory store: auto (Oxigraph when installed, default), rdflib or oxigraph",
        )
    if positional_paths:
        parser.add_argument("paths", nargs="*", metavar="PATHS", help="your own Turtle files or folders, read after the graph")
    else:
        parser.add_argument(
            "--data", dest="paths", action="append", default=[], metavar="PATH",
            help="your own Turtle file or folder, read after the graph (repeatable)",
        )


def load_from_args(args: argparse.Namespace, **kwargs):
    """Load the knowledge graph as the common options say."""
    from ..loader import load

    store = f"endpoint:{args.endpoint}" if getattr(args, "endpoint", None) else args.store
    if getattr(args, "engine", None) and "engine" not in kwargs:
        kwargs["engine"] = args.engine
    return load(extra=getattr(args, "paths", []) or [], store=store, **kwargs)
