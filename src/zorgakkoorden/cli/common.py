"""Options shared by the commands that load the graph."""

from __future__ import annotations

import argparse


def add_load_arguments(parser: argparse.ArgumentParser, *, positional_paths: bool = False) -> None:
    """Add ``--store`` and the user's own Turtle files (``--data PATH`` or positional PATHS)."""
    parser.add_argument(
        "--store",
        default="memory",
        help="where the graph is held: memory (rdflib, default), oxigraph (extra 'fast'), oxigraph:PATH",
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

    return load(extra=getattr(args, "paths", []) or [], store=args.store, **kwargs)
