"""zorgakkoorden: a knowledge graph of the Dutch national health-care accords.

The public API is small and imported lazily, so that the command line starts fast:

    >>> import zorgakkoorden
    >>> kg = zorgakkoorden.load()                  # ontology + graph, rdflib memory store
    >>> kg = zorgakkoorden.load(store="oxigraph")  # the fast store (extra "fast")
    >>> kg = zorgakkoorden.load(extra=["my-accord.ttl"])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "load", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .knowledge_graph import KnowledgeGraph
    from .loader import load


def __getattr__(name: str) -> Any:
    if name == "load":
        from .loader import load

        return load
    if name == "KnowledgeGraph":
        from .knowledge_graph import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'zorgakkoorden' has no attribute {name!r}")
