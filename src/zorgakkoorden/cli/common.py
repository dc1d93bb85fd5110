"""Options shared by the commands that load the graph: one way for every command.

Every command that loads the graph takes the same data options:

- ``--data PATH`` (repeatable): your own Turtle file or folder, read after the graph;
- ``--store SPEC``: ``memory``, ``oxigraph``, ``oxigraph:PATH``, ``cache``, ``endpoint:URL``.
  ``query run``, ``sparql`` and ``check`` default to ``cache`` (a persistent Oxigraph store in
  the user's cache folder, reopened while the files stay the same: a fresh process does not
  parse and derive again), unless ``--engine rdflib`` is asked for or oxrdflib (extra
  ``fast``) is missing; then, like every other command, they default to ``memory``;
- ``--endpoint URL`` (commands that can read a server's graph): the same as ``--store endpoint:URL``;
- ``--engine`` (commands that run SPARQL): ``auto``, ``rdflib`` or ``oxigraph``.

``check`` and ``build`` also take the files as positional PATHS, a short form of ``--data``
(both may be given; positional paths come first).
"""

from __future__ import annotations

import argparse


def add_load_arguments(
    parser: argparse.ArgumentParser,
    *,
    positional_paths: bool = False,
    endpoint: bool = True,
    engine: bool = False,
    default_store: str = "memory",
) -> None:
    """Add ``--store``, ``--data PATH`` (and positional PATHS where asked), ``--endpoint`` and ``--engine``.

    Args:
        parser: the command's parser.
        positional_paths: also take the user's files as positional PATHS (a short form of ``--data``).
        endpoint: add ``--endpoint URL`` (query a remote SPARQL server instead of loading).
        engine: add ``--engine`` (the SPARQL engine for queries on the memory store).
        default_store: the store without ``--store``: ``memory``, or ``cache`` (see the module).
    """
    parser.add_argument(
        "--store",
        default=None if default_store == "cache" else default_store,  # None: decided when loading
        help=f"where the graph is held: memory (rdflib), oxigraph (extra 'fast'), oxigraph:PATH "
        f"(persistent: reopened while the files stay the same), cache (oxigraph:PATH in your cache folder), "
        f"endpoint:URL (default: {default_store})",
    )
    parser.set_defaults(default_store=default_store)
    if endpoint:
        parser.add_argument(
            "--endpoint", metavar="URL", default=None,
            help="use the graph on a SPARQL 1.1 server (its query URL) instead of loading it; same as --store endpoint:URL",
        )
    if engine:
        from ..store.base import ENGINES

        parser.add_argument(
            "--engine", choices=ENGINES, default="auto",
            help="the SPARQL engine on the memory store: auto (Oxigraph when installed, default), rdflib or oxigraph",
        )
    if positional_paths:
        parser.add_argument(
            "paths", nargs="*", action="extend", default=[], metavar="PATHS",
            help="your own Turtle files or folders, read after the graph (the same as --data)",
        )
    parser.add_argument(
        "--data", dest="paths", action="append", default=[], metavar="PATH",
        help="your own Turtle file or folder, read after the graph (repeatable)",
    )


def store_from_args(args: argparse.Namespace) -> str:
    """The store spec the options name (``--endpoint URL`` is ``endpoint:URL``; see the module for the default)."""
    if getattr(args, "endpoint", None):
        return f"endpoint:{args.endpoint}"
    if args.store:
        return args.store
    default = getattr(args, "default_store", "memory")
    if default == "cache":
        import importlib.util

        if getattr(args, "engine", None) == "rdflib" or importlib.util.find_spec("oxrdflib") is None:
            return "memory"
    return default


def load_from_args(args: argparse.Namespace, **kwargs):
    """Load the knowledge graph as the common options say."""
    from ..loader import load

    if getattr(args, "engine", None) and "engine" not in kwargs:
        kwargs["engine"] = args.engine
    return load(extra=getattr(args, "paths", []) or [], store=store_from_args(args), **kwargs)
