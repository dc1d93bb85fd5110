"""rdflib's in-memory store, counting its changes so that caches built from it know when they are stale.

The query layer keeps things derived from the graph: the name and label indexes, and (with
the Oxigraph engine) a copy of the graph in pyoxigraph. A cache keyed on the graph's size
misses an edit that removes one triple and adds another; every change to this store, from
any rdflib graph over it (``add``, ``remove``, ``+=``, SPARQL Update), raises ``version``.
"""

from __future__ import annotations

from typing import Any

from rdflib.plugins.stores.memory import Memory


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
