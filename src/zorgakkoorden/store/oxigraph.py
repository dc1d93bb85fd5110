"""The Oxigraph store (``oxigraph``): the graph held in pyoxigraph, in memory (extra ``fast``).

Files are parsed and the rules run inside Oxigraph; queries are answered there. The
rdflib view of the graph (``graph``) goes through oxrdflib, for code that reads it triple
by triple; reading the whole graph or one predicate goes to pyoxigraph directly, each
term converted once (at a million triples, seconds instead of minutes).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .answering import OxigraphAnswering, bound_text
from .base import Answer, Store


def rdflib_view(native):
    """An rdflib graph over a pyoxigraph store (through oxrdflib), on the store's default graph.

    Args:
        native: the pyoxigraph ``Store``.
    """
    from ..extras import require

    require("oxrdflib", "fast", "the Oxigraph store")
    from oxrdflib import OxigraphStore as OxrdflibStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from ..namespaces import bind_prefixes

    class GuardedStore(OxrdflibStore):
        """oxrdflib's store, whose ``query`` hands the text to Oxigraph: the guard reads it first
        (no rdflib evaluator, so no other check sees ``kg.graph.query``)."""

        def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> Any:  # noqa: N803
            if isinstance(query, str):
                from ..query import guard

                shape = guard.check_query(query, allow_service=guard.service_is_allowed())
                query = shape.text
            return super().query(query, initNs, initBindings, queryGraph, **kwargs)

    graph = Graph(store=GuardedStore(store=native), identifier=DATASET_DEFAULT_GRAPH_ID)
    bind_prefixes(graph)
    return graph


def oxrdflib_installed() -> None:
    """Raise MissingExtraError (naming the extra ``fast``) unless oxrdflib is installed; imports nothing."""
    import importlib.util

    if importlib.util.find_spec("oxrdflib") is None:
        from ..errors import MissingExtraError

        raise MissingExtraError("fast", "the Oxigraph store", "oxrdflib")


def native_of(graph):
    """The pyoxigraph Store behind an oxrdflib graph (``_store`` in oxrdflib 0.5, ``_inner`` before), or None."""
    for attribute in ("_store", "_inner"):
        store = getattr(graph.store, attribute, None)
        if store is not None and hasattr(store, "query") and type(store).__module__.startswith("pyoxigraph"):
            return store
    return None


def is_oxigraph_graph(graph) -> bool:
    """Whether an rdflib graph lives in an Oxigraph store (oxrdflib)."""
    return type(graph.store).__name__ == "OxigraphStore"


class OxigraphStore(OxigraphAnswering, Store):
    """The graph in a pyoxigraph store, answered by Oxigraph.

    Args:
        spec: ``oxigraph``.
        engine: the engine asked for (Oxigraph answers on this store whatever it is).
        native: the pyoxigraph store (a new in-memory one when None and no graph is given).
        graph: an oxrdflib graph to wrap instead.
    """

    kind = "oxigraph"

    def __init__(self, spec: str = "oxigraph", engine: str = "auto", native: Any = None, graph: Any = None):
        if graph is not None:
            native = native_of(graph)
        elif native is None:
            oxrdflib_installed()  # said at once, not when the graph is first read
            from .native import new_store

            native = new_store()
        self._native = native
        self._files: list[Path] = []
        super().__init__(spec, graph, engine)

    def _make_graph(self):
        return rdflib_view(self._native)

    @property
    def native(self):
        """The pyoxigraph store (None for an oxrdflib graph without a reachable one)."""
        return self._native

    def native_target(self):
        from .native import graph_name

        if self._graph is None:
            return self._native, graph_name(None)
        return self._native, graph_name(self._graph.identifier)

    def load(self, files: Sequence[Path], *, subject_files: dict | None = None) -> None:
        from .native import load_files

        load_files(self.native, files, subject_files)
        self._files.extend(files)

    def apply_rules(self) -> int:
        # counted in the store before and after (two scans: 0.3 s at a million triples),
        # not by loading the files again into a scratch store (as long as the load itself)
        from .native import apply_rules

        return apply_rules(self.native)

    def engine(self) -> str:
        # oxrdflib without a reachable pyoxigraph store takes query texts, like a server
        return "oxigraph" if self.native is not None else "remote"

    def rdflib_graph(self) -> Any:
        return None  # rdflib's engine through oxrdflib would read the store triple by triple

    def query(self, text: str, bindings: Mapping[str, Any] | None = None, *, prepared: Any = None):
        if self.native is None:
            return self.graph.query(bound_text(text, bindings))
        return self.oxigraph_query(text, bindings)

    def select(self, text: str) -> list[dict[str, Any]]:
        return self.oxigraph_select(text) if self.native is not None else super().select(text)

    @property
    def plain(self) -> bool:
        return self.native is not None

    def plain_query(self, text: str):
        if self.native is None:
            return super().plain_query(text)
        from .native import plain_answer

        return plain_answer(self._native_query(text))

    def plain_objects(self, subject: str, predicate: str) -> list:
        if self.native is None:
            return super().plain_objects(subject, predicate)
        from .native import plain_objects

        native, graph = self.native_target()
        return plain_objects(native, graph, subject, predicate)

    def has_subject(self, iri: str) -> bool:
        if self.native is None:
            return super().has_subject(iri)
        from .native import has_subject

        native, graph = self.native_target()
        return has_subject(native, graph, iri)

    def answer(self, text: str, *, prefixes: Mapping[str, str], dataset: Any = None, names_graphs: bool = False) -> Answer:
        return self.oxigraph_answer(text, prefixes=prefixes, dataset=dataset, names_graphs=names_graphs)

    def reader(self) -> Any:
        if self.native is None:
            return self.graph
        from .answering import OxigraphReader

        return OxigraphReader(self)

    def fast_triples(self) -> Iterator[tuple] | None:
        return self.oxigraph_triples() if self.native is not None else None

    def subject_objects(self, predicate: Any) -> Iterator[tuple]:
        if self.native is None:
            return self.graph.subject_objects(predicate)
        return ((s, o) for s, _, o in self.oxigraph_triples(predicate))

    def triple_count(self) -> int | None:
        from .native import count

        native, default_graph = self.native_target()
        return count(native, default_graph)

    def dump(self, path: Path, fmt: str = "nt") -> int:
        from .native import dump

        native, default_graph = self.native_target()
        dump(native, path, fmt, default_graph)
        return self.triple_count() or 0
