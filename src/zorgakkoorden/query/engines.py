"""Which SPARQL engine answers a query on a knowledge graph (the store decides; see :mod:`zorgakkoorden.store`).

Three engines can answer:

- ``rdflib``: rdflib's own engine, on the memory store. Pure Python: on the real graph
  the catalogue queries take 2-130 ms each.
- ``oxigraph``: pyoxigraph (Oxigraph's Rust engine), on the Oxigraph stores themselves
  and on the memory store's mirror (:mod:`zorgakkoorden.store.memory`). The catalogue
  queries take 1-7 ms each.
- ``remote``: a SPARQL server (``store="endpoint:URL"``).

A graph's ``engine`` (``zorgakkoorden.load(engine=...)``, ``--engine`` on the command line)
is ``auto`` by default: Oxigraph, unless the memory graph holds a term Oxigraph refuses.
Both engines give the same answers to every catalogue query (the tests run the whole
catalogue on each). Parameters are bound, never pasted into the text as written: rdflib
gets ``initBindings`` on a prepared query; Oxigraph and a remote server get a ``VALUES``
block written from the terms by :mod:`.binding`.
"""

from __future__ import annotations

from ..errors import QueryError, ZorgakkoordenError
from ..store.base import ENGINES, MirrorError, check_engine

__all__ = ["ENGINES", "MirrorError", "check_engine", "engine_of", "store_for", "subject_objects", "wrap_failure"]


def store_for(kg):
    """The store of a knowledge graph (or of a bare rdflib graph)."""
    backend = getattr(kg, "backend", None)
    if backend is not None:
        return backend
    from ..store import store_of

    return store_of(getattr(kg, "graph", kg), getattr(kg, "engine", "auto"))


def engine_of(kg) -> str:
    """The engine that answers queries on a knowledge graph: ``rdflib``, ``oxigraph`` or ``remote``.

    Args:
        kg: the knowledge graph.
    """
    return store_for(kg).engine()


def subject_objects(graph, predicate):
    """``(subject, object)`` of every triple with this predicate, read by the graph's store (fast on Oxigraph).

    Args:
        graph: an rdflib graph (or a knowledge graph).
        predicate: the predicate IRI.
    """
    return store_for(graph).subject_objects(predicate)


def wrap_failure(name: str, exc: Exception) -> ZorgakkoordenError:
    """A QueryError for an engine's plain exception while evaluating a query."""
    return QueryError(f"{name}: the query failed: {type(exc).__name__}: {exc}")
