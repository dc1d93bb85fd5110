"""Where the triples live and who answers: the one door is :func:`open_store`.

    >>> from zorgakkoorden.store import open_store
    >>> store = open_store("oxigraph:/tmp/zk-store")
    >>> derived = store.build(files)           # parse, run the rules (or reopen a ready store)
    >>> store.query("SELECT ...", {"x": iri})  # bound values, never pasted into the text

Specs: ``memory`` (:mod:`.memory`), ``oxigraph`` (:mod:`.oxigraph`), ``oxigraph:PATH`` and
``cache`` (:mod:`.persistent`, :mod:`.cache`), ``endpoint:URL`` (:mod:`.endpoint`); every one implements
:class:`.base.Store`. Adding a backend is one module here and one line in :func:`open_store`.
This module is light: it imports rdflib or pyoxigraph only when a store is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import UnknownStoreError
from .base import ENGINES, MirrorError, Store, check_engine

__all__ = ["ENGINES", "MirrorError", "Store", "check_engine", "check_syntax", "parse_into", "open_store", "store_of", "graph_version"]

SPECS = "memory, oxigraph, oxigraph:PATH, cache, endpoint:URL"


def open_store(spec: str = "memory", *, engine: str = "auto") -> Store:
    """Open a store from its spec (empty, but for ``oxigraph:PATH``, which :meth:`.Store.build` reopens or builds).

    Args:
        spec: ``memory``, ``oxigraph``, ``oxigraph:PATH``, ``cache`` (``oxigraph:PATH`` in the
            user's cache folder, one per set of input files) or ``endpoint:URL``.
        engine: ``auto``, ``rdflib`` or ``oxigraph`` (who answers on the memory store).

    Raises:
        UnknownStoreError: another spec.
        UsageError: an unknown engine.
        MissingExtraError: the Oxigraph store without oxrdflib (extra ``fast``).
    """
    check_engine(engine)
    name, _, location = spec.partition(":")
    if name == "memory" and not location:
        from .memory import MemoryStore

        return MemoryStore(spec, engine)
    if name == "cache" and not location:
        from .cache import CachedStore

        return CachedStore(spec, engine)
    if name == "oxigraph" and not location:
        from .oxigraph import OxigraphStore

        return OxigraphStore(spec, engine)
    if name == "oxigraph":
        from .persistent import PersistentStore

        return PersistentStore(spec, engine)
    if name == "endpoint" and location:
        from .endpoint import EndpointStore

        return EndpointStore(spec, engine)
    raise UnknownStoreError(f"unknown store {spec!r}: choose one of {SPECS}")


def store_of(graph: Any, engine: str = "auto") -> Store:
    """The store of an rdflib graph: the one that made it, else a store wrapped around it.

    Args:
        graph: an rdflib graph (a store's ``graph``, or one made elsewhere).
        engine: the engine for a store made here.
    """
    found = getattr(graph, "_zk_store", None)
    if found is not None:
        return found
    from .oxigraph import is_oxigraph_graph

    if is_oxigraph_graph(graph):
        from .oxigraph import OxigraphStore

        return OxigraphStore("oxigraph", engine, graph=graph)
    from .endpoint import is_endpoint_graph

    if is_endpoint_graph(graph):
        from .endpoint import EndpointStore

        return EndpointStore(f"endpoint:{graph.store.query_endpoint}", engine, graph=graph)
    from .memory import MemoryStore

    return MemoryStore("memory", engine, graph=graph)


def graph_version(kg: Any) -> tuple:
    """A cheap key that changes when a knowledge graph's graph changes, for caches built from it.

    The memory store counts its changes; Oxigraph and a remote endpoint would have to scan
    or ask, so there the key is the graph object alone (an index is then rebuilt only for a
    new graph; after editing ``kg.graph`` of such a store in place, drop ``kg._label_index``
    and ``kg._name_index``).

    Args:
        kg: a knowledge graph (or anything with a ``backend`` or a ``graph``).
    """
    backend = getattr(kg, "backend", None)
    if backend is None:
        backend = store_of(kg.graph)
    return backend.version


def check_syntax(path: Path) -> None:
    """Parse one Turtle file on its own, as every store parses it.

    Args:
        path: the file.

    Raises:
        TurtleSyntaxError: it does not parse (file, line, column) or is not UTF-8.
    """
    from .native import parse_file

    parse_file(path)


def parse_into(graph: Any, path: Path) -> None:
    """Parse one Turtle file (as every store parses it) and add its triples to an rdflib graph.

    Args:
        graph: any rdflib graph.
        path: the file.

    Raises:
        TurtleSyntaxError: it does not parse (file, line, column) or is not UTF-8.
    """
    from .native import TermCache, parse_file

    convert = TermCache().convert
    graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in parse_file(path))
