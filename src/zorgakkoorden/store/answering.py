"""Answering queries in Oxigraph, shared by the stores whose engine is (or can be) Oxigraph."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .base import Answer


def bound_text(text: str, bindings: Mapping[str, Any] | None) -> str:
    """The query text with its bound values as a ``VALUES`` block (see :mod:`zorgakkoorden.query.binding`).

    Args:
        text: the SPARQL text.
        bindings: variable name to rdflib term.
    """
    if not bindings:
        return text
    from ..query.binding import bind_as_values

    return bind_as_values(text, dict(bindings))


def query_prefixes(graph) -> dict[str, str]:
    """The prefixes predeclared for a query: the graph's own (where it has one yet), then ours."""
    from ..prefixes import PREFIX_IRIS

    prefixes = {p: str(ns) for p, ns in graph.namespaces()} if graph is not None else {}
    prefixes.update(PREFIX_IRIS)
    return prefixes


class OxigraphAnswering:
    """Queries answered by a pyoxigraph store; the class using it says which (:meth:`native_target`)."""

    _graph: Any

    def native_target(self):
        """The pyoxigraph store and the graph name that hold this graph."""
        raise NotImplementedError

    def _term_cache(self):
        from .native import TermCache

        cache = getattr(self, "_terms", None)
        if cache is None or len(cache) > 200_000:
            cache = self._terms = TermCache()
        return cache

    def _native_query(self, text: str, dataset: Any = None):
        from .native import run_query

        native, default_graph = self.native_target()
        return run_query(native, text, prefixes=query_prefixes(self._graph), default_graph=default_graph, dataset=dataset)

    def oxigraph_query(self, text: str, bindings: Mapping[str, Any] | None = None):
        """Run a query in Oxigraph, values bound by a VALUES block; an rdflib ``Result``."""
        from .native import to_rdflib_result

        return to_rdflib_result(self._native_query(bound_text(text, bindings)), self._term_cache())

    def oxigraph_select(self, text: str) -> list[dict[str, Any]]:
        """Run a SELECT in Oxigraph; rows of variable name to rdflib term."""
        from .native import select_rows

        return select_rows(self._native_query(text), self._term_cache())

    def oxigraph_answer(self, text: str, *, prefixes: Mapping[str, str], dataset: Any = None, names_graphs: bool = False) -> Answer:
        """Run a query in Oxigraph and keep pyoxigraph's answer for serialising."""
        from .native import NativeAnswer, run_query

        native, default_graph = self.native_target()
        return NativeAnswer(run_query(native, text, prefixes=prefixes, default_graph=default_graph, dataset=dataset, names_graphs=names_graphs), prefixes)

    def oxigraph_triples(self, predicate: Any = None) -> Iterator[tuple]:
        """The triples read from pyoxigraph, each term converted once."""
        from .native import quads_as_rdflib

        native, default_graph = self.native_target()
        # the predicate scans of the name and label indexes share their terms
        cache = self._term_cache() if predicate is not None else None
        return quads_as_rdflib(native, default_graph, predicate, cache)


class OxigraphReader:
    """A read-only rdflib-like view of an Oxigraph store's graph for indexes built in one pass:
    ``subject_objects``, ``objects``, ``triples``, ``in`` and ``namespaces``, read from pyoxigraph
    (no oxrdflib, so a fresh command line does not pay for its import).

    Args:
        store: the store (an :class:`OxigraphAnswering`).
    """

    def __init__(self, store: Any):
        self._zk_store = store
        self._store = store

    def triples(self, pattern: tuple) -> Iterator[tuple]:
        """The triples matching ``(s, p, o)``, None for any, as rdflib terms."""
        from .native import quads_for

        native, graph = self._store.native_target()
        convert = self._store._term_cache().convert
        for q in quads_for(native, graph, pattern):
            yield convert(q.subject), convert(q.predicate), convert(q.object)

    def subject_objects(self, predicate: Any) -> Iterator[tuple]:
        """``(subject, object)`` of the triples with this predicate."""
        return ((s, o) for s, _, o in self._store.oxigraph_triples(predicate))

    def objects(self, subject: Any, predicate: Any) -> Iterator[Any]:
        """The objects of the triples with this subject and predicate."""
        return (o for _, _, o in self.triples((subject, predicate, None)))

    def __contains__(self, pattern: tuple) -> bool:
        return next(iter(self.triples(pattern)), None) is not None

    def namespaces(self) -> Iterator[tuple]:
        """Our prefixes (those every graph of this package binds)."""
        from ..namespaces import PREFIXES

        return iter(PREFIXES.items())
