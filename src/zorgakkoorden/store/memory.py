"""The memory store (``memory``): rdflib's in-memory graph, answered by Oxigraph over a mirror.

The graph lives in rdflib's ``Memory`` store, counting its changes (:class:`VersionedMemory`)
so that caches built from it know when they are stale. Files are parsed by Oxigraph's
parser (in Rust; an IRI rdflib would take with a space in it is refused with file, line
and column) and copied into rdflib, each term converted once.

Queries are answered by Oxigraph on a pyoxigraph copy of the graph, the mirror: made by
the load itself, kept in step by the rules, and made again only after the graph has
changed (any ``add``, ``remove`` or SPARQL Update raises the version). A graph holding a
term Oxigraph refuses (only possible by adding it through rdflib) is answered by rdflib's
engine on ``auto``, and named (:class:`~.base.MirrorError`) on ``oxigraph``. With
``engine="rdflib"`` rdflib's engine answers and no mirror is kept. The measurements
behind this design are in docs/server-and-scale.md.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rdflib.plugins.stores.memory import Memory, SimpleMemory

from .answering import OxigraphAnswering
from .base import Answer, MirrorError, Store

_mirror_lock = threading.Lock()


class VersionedMemory(Memory):
    """rdflib's ``Memory`` store with a change counter.

    Attributes:
        version: how many changes were made to the store; it only grows.
    """

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.version = 0

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:  # noqa: D102 - rdflib's
        self.version += 1
        super().add(triple, context, quoted)

    def remove(self, triple_pattern: Any, context: Any = None) -> None:  # noqa: D102 - rdflib's
        self.version += 1
        super().remove(triple_pattern, context)

    def remove_graph(self, graph: Any) -> None:  # noqa: D102 - rdflib's
        self.version += 1
        super().remove_graph(graph)

    def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> Any:  # noqa: N803 - rdflib's
        """Not answered here (rdflib's own engine answers): first make sure that engine refuses
        ``SERVICE`` (the guard installs the refusal when imported), also for ``kg.graph.query``."""
        from ..query import guard  # noqa: F401 - installs rdflib's SERVICE refusal

        raise NotImplementedError


def is_memory_graph(graph) -> bool:
    """Whether an rdflib graph lives in rdflib's memory store."""
    return isinstance(graph.store, (Memory, SimpleMemory))


def _keeping(originals: dict):
    """A pyoxigraph-to-rdflib term converter that gives back the very rdflib term the graph
    already holds for a mirror term (``originals``), and notes each new one there.

    Args:
        originals: pyoxigraph term -> rdflib term, shared with the mirror.
    """
    from .native import TermCache

    make = TermCache().convert

    def convert(term):
        found = originals.get(term)
        if found is None:
            found = originals[term] = make(term)
        return found

    return convert


class MemoryStore(OxigraphAnswering, Store):
    """rdflib's memory graph; Oxigraph answers on a mirror of it (see the module).

    Args:
        spec: ``memory``.
        engine: ``auto``, ``rdflib`` or ``oxigraph``.
        graph: an rdflib graph to wrap (a new empty one on :class:`VersionedMemory` when None).
    """

    kind = "memory"
    tracks_files = True

    def __init__(self, spec: str = "memory", engine: str = "auto", graph: Any = None):
        if graph is None:
            from rdflib import Graph

            from ..namespaces import bind_prefixes

            graph = Graph(store=VersionedMemory())
            bind_prefixes(graph)
        super().__init__(spec, graph, engine)
        self._mirror: tuple | None = None  # (key, pyoxigraph store or None, originals or the error)

    # ------------------------------------------------------------------ filling

    def load(self, files: Sequence[Path], *, subject_files: dict | None = None) -> None:
        from .native import note_subjects, parse_file

        keep_mirror = self.engine_choice != "rdflib"
        mirror, originals = self._current_mirror_for_load() if keep_mirror else (None, {})
        convert = _keeping(originals)

        graph = self.graph
        for path in files:
            quads = parse_file(path)
            if mirror is not None:
                mirror.extend(quads)
            graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in quads)
            if subject_files is not None:
                note_subjects(path, quads, subject_files)
        if mirror is not None:  # kept in step (else made again when first asked)
            self._mirror = (self._key(), mirror, originals)

    def _current_mirror_for_load(self):
        """The mirror to add a load to: a new one for an empty graph, else the current one (or none)."""
        from .native import new_store

        if len(self.graph) == 0:
            return new_store(), {}
        try:
            return self.mirror(), self._mirror[2]
        except MirrorError:
            return None, {}

    def apply_rules(self) -> int:
        if self.engine_choice != "rdflib" and self.mirror_possible():
            return self._apply_rules_through_mirror()
        from .files import rule_as_construct, rule_files

        graph = self.graph
        before = len(graph)
        for rule in rule_files():
            # rdflib plans a query far better than an update (0.02 s against 0.5 s for
            # instance-of.rq on the real graph): run the rule's INSERT template as the
            # CONSTRUCT of the same template and WHERE, read the answer whole, then add it
            constructed = list(graph.query(rule_as_construct(rule)))
            for triple in constructed:
                graph.add(triple)
        return len(graph) - before

    def _apply_rules_through_mirror(self) -> int:
        """Each rule's CONSTRUCT runs on the mirror; what it gives goes into the mirror (so the
        next rule sees it) and, as the very rdflib terms the graph holds, into the graph."""
        from .native import constructed_by_rules

        mirror = self.mirror()
        originals = self._mirror[2]
        original = _keeping(originals)

        graph = self.graph
        before = len(graph)
        for constructed in constructed_by_rules(mirror):
            graph.addN((original(t.subject), original(t.predicate), original(t.object), graph) for t in constructed)
        with _mirror_lock:
            self._mirror = (self._key(), mirror, originals)
        return len(graph) - before

    # ------------------------------------------------------------------ the mirror

    def _key(self):
        version = getattr(self.graph.store, "version", None)
        return version if isinstance(version, int) else len(self.graph)

    def mirror(self):
        """The pyoxigraph store that answers queries for the graph, made again when the graph changed.

        Raises:
            MirrorError: the graph holds a term Oxigraph refuses.
        """
        from .native import copy_into_oxigraph

        key = self._key()
        with _mirror_lock:
            cached = self._mirror
            if cached is not None and cached[0] == key:
                if cached[1] is None:
                    raise MirrorError(cached[2])
                return cached[1]
            try:
                store, originals = copy_into_oxigraph(self.graph)
            except MirrorError as exc:
                self._mirror = (key, None, str(exc))  # not tried again until the graph changes
                raise
            self._mirror = (key, store, originals)
            return store

    def mirror_possible(self) -> bool:
        """Whether the graph can be mirrored in Oxigraph (it holds no term Oxigraph refuses)."""
        try:
            self.mirror()
        except MirrorError:
            return False
        return True

    def native_target(self):
        from .native import graph_name

        return self.mirror(), graph_name(None)

    # ------------------------------------------------------------------ asking

    def engine(self) -> str:
        if self.engine_choice == "auto":
            return "oxigraph" if self.mirror_possible() else "rdflib"
        return self.engine_choice

    def engine_for(self, choice: str) -> str:
        from .base import check_engine

        if check_engine(choice) == "oxigraph":
            self.mirror()  # a term Oxigraph refuses is named here
            return "oxigraph"
        if choice == "auto":
            return "oxigraph" if self.mirror_possible() else "rdflib"
        return "rdflib"

    def query(self, text: str, bindings: Mapping[str, Any] | None = None, *, prepared: Any = None):
        if self.engine() == "oxigraph":
            return self.oxigraph_query(text, bindings)
        if prepared is None:
            from ..namespaces import PREFIXES

            return self.graph.query(text, initNs=dict(PREFIXES), initBindings=dict(bindings or {}))
        return self.graph.query(prepared, initBindings=dict(bindings or {}))

    def select(self, text: str) -> list[dict[str, Any]]:
        if self.engine() == "oxigraph":
            return self.oxigraph_select(text)
        return super().select(text)

    def answer(self, text: str, *, prefixes: Mapping[str, str], dataset: Any = None, names_graphs: bool = False) -> Answer:
        return self.oxigraph_answer(text, prefixes=prefixes, dataset=dataset, names_graphs=names_graphs)

    @property
    def version(self) -> tuple:
        return (id(self.graph), self._key())
