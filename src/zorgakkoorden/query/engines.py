"""Which SPARQL engine answers a query, and running queries in Oxigraph.

Three engines can answer a query on a :class:`~zorgakkoorden.knowledge_graph.KnowledgeGraph`:

- ``rdflib``: rdflib's own engine, on the memory store. Pure Python: on the real graph
  the catalogue queries take 2-130 ms each.
- ``oxigraph``: pyoxigraph (Oxigraph's Rust engine). On the Oxigraph store it reads the
  store itself; on the memory store it reads a copy of the graph in pyoxigraph, made
  the first time it is needed and again only after the graph has changed (the memory
  store counts its changes, see :mod:`zorgakkoorden.memory_store`). The catalogue queries
  take 1-7 ms each; the copy takes about 60 ms.
- ``remote``: a SPARQL server (``store="endpoint:URL"``), through rdflib's SPARQLStore.

A graph's ``engine`` (``zorgakkoorden.load(engine=...)``, ``--engine`` on the command line)
is ``auto`` by default: Oxigraph when pyoxigraph is installed (it is a dependency of this
package), else rdflib. Both engines give the same answers to every catalogue query (the
tests run the whole catalogue on each).

Parameters are bound, never pasted into the text as written: rdflib gets ``initBindings``
on a prepared query; Oxigraph and a remote server get a ``VALUES`` block written from the
terms by :mod:`.binding`, which refuses malformed IRIs and escapes every literal.
(pyoxigraph's own ``substitutions`` only bind variables the query projects, which the
catalogue's parameters are not.)
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Mapping
from typing import Any

from ..errors import QueryError, UsageError, ZorgakkoordenError

ENGINES = ("auto", "rdflib", "oxigraph")

_mirror_lock = threading.Lock()


class MirrorError(QueryError):
    """The memory graph holds a term Oxigraph cannot take (a malformed IRI, ...): no mirror."""


def check_engine(engine: str) -> str:
    """Return ``engine`` if it is one of :data:`ENGINES`, else raise a UsageError.

    Args:
        engine: ``auto``, ``rdflib`` or ``oxigraph``.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown SPARQL engine {engine!r}: choose one of {', '.join(ENGINES)}")
    return engine


def pyoxigraph_available() -> bool:
    """Whether pyoxigraph can be imported."""
    return importlib.util.find_spec("pyoxigraph") is not None


def engine_of(kg) -> str:
    """The engine that answers queries on a knowledge graph: ``rdflib``, ``oxigraph`` or ``remote``.

    Args:
        kg: the knowledge graph; its ``engine`` attribute is the choice (``auto`` when absent).
    """
    if is_oxigraph_store(kg.graph):
        # oxrdflib without a reachable pyoxigraph store takes query texts, like a server
        return "oxigraph" if pyoxigraph_store(kg.graph) is not None else "remote"
    if not is_memory_store(kg.graph):
        return "remote"
    choice = getattr(kg, "engine", "auto")
    if choice == "auto":
        return "oxigraph" if pyoxigraph_available() and mirror_possible(kg.graph) else "rdflib"
    if choice == "oxigraph" and not pyoxigraph_available():
        raise UsageError(missing_pyoxigraph("running queries in Oxigraph"))
    return choice


def missing_pyoxigraph(feature: str) -> str:
    """The message for a missing pyoxigraph (a dependency of this package, so a broken install)."""
    return f"{feature} needs pyoxigraph, a dependency of zorgakkoorden that is missing here: pip install 'pyoxigraph>=0.5,<0.6'"


def is_memory_store(graph) -> bool:
    """Whether a graph lives in rdflib's memory store."""
    from rdflib.plugins.stores.memory import Memory, SimpleMemory

    return isinstance(graph.store, (Memory, SimpleMemory))


def is_oxigraph_store(graph) -> bool:
    """Whether a graph lives in an Oxigraph store (oxrdflib)."""
    return type(graph.store).__name__ == "OxigraphStore"


def pyoxigraph_store(graph):
    """The pyoxigraph Store behind an oxrdflib graph (``_store`` in oxrdflib 0.5, ``_inner`` before), or None."""
    for attribute in ("_store", "_inner"):
        store = getattr(graph.store, attribute, None)
        if store is not None and hasattr(store, "query") and type(store).__module__.startswith("pyoxigraph"):
            return store
    return None


def store_version(graph) -> int | None:
    """The change counter of the graph's store, or None when the store keeps none."""
    version = getattr(graph.store, "version", None)
    return version if isinstance(version, int) else None


def to_oxigraph(term: Any, blank_nodes: dict | None = None):
    """An rdflib IRI, blank node or literal as a pyoxigraph term.

    Args:
        term: an ``rdflib`` ``URIRef``, ``BNode`` or ``Literal``.
        blank_nodes: where blank nodes whose id pyoxigraph refuses get a fresh one (one per id).

    Raises:
        MirrorError: an IRI that Oxigraph refuses as malformed, or another kind of term.
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        try:
            return ox.NamedNode(str(term))
        except ValueError as exc:
            raise MirrorError(f"Oxigraph refuses the IRI {str(term)!r} of the graph as malformed: {exc}") from exc
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        try:
            return ox.BlankNode(str(term))
        except ValueError:
            if blank_nodes is None:
                raise
            return blank_nodes.setdefault(str(term), ox.BlankNode())
    raise MirrorError(f"a {type(term).__name__} of the graph cannot be copied into Oxigraph: {term!r}")


class TermCache(dict):
    """pyoxigraph terms to rdflib terms, each made once (rdflib's constructors are slow)."""

    def convert(self, term):
        """The rdflib term for a pyoxigraph term (``None`` stays ``None``)."""
        if term is None:
            return None
        kind = type(term).__name__
        if kind == "Literal":
            key = (kind, term.value, term.language, term.datatype.value)
        else:
            key = (kind, term.value)
        found = self.get(key)
        if found is None:
            found = self[key] = _from_oxigraph(term, kind)
        return found


_RDFLIB: dict = {}


def _from_oxigraph(term, kind: str):
    if not _RDFLIB:
        from rdflib import BNode, Literal, URIRef
        from rdflib.namespace import XSD

        _RDFLIB.update(BNode=BNode, Literal=Literal, URIRef=URIRef, string=str(XSD.string))
    if kind == "NamedNode":
        return _RDFLIB["URIRef"](term.value)
    if kind == "BlankNode":
        return _RDFLIB["BNode"](term.value)
    if kind == "Literal":
        if term.language:
            return _RDFLIB["Literal"](term.value, lang=term.language)
        if term.datatype.value == _RDFLIB["string"]:
            return _RDFLIB["Literal"](term.value)
        return _RDFLIB["Literal"](term.value, datatype=_RDFLIB["URIRef"](term.datatype.value))
    # a quoted triple (RDF-star): oxrdflib's converter knows it, where installed
    try:
        from oxrdflib._converter import from_ox
    except ImportError as exc:
        raise QueryError(f"an answer holds a term rdflib cannot represent here: {term!r}") from exc
    return from_ox(term)


def oxigraph_mirror(graph):
    """The pyoxigraph store that answers queries for a graph on the memory store.

    Made from the graph the first time, and again whenever the store's change counter
    has moved (or, for a store without one, its size has changed). Kept on the graph.

    Args:
        graph: an rdflib graph on the memory store.

    Raises:
        MirrorError: the graph holds a term Oxigraph refuses (``engine="auto"`` then
            answers with rdflib's engine).
    """
    key = _mirror_key(graph)
    with _mirror_lock:
        cached = getattr(graph, "_zk_oxigraph_mirror", None)
        if cached is not None and cached[0] == key:
            if cached[1] is None:
                raise MirrorError(cached[2])
            return cached[1]
        try:
            return _make_mirror(graph, key)
        except MirrorError as exc:
            graph._zk_oxigraph_mirror = (key, None, str(exc))  # not tried again until the graph changes
            raise


def _make_mirror(graph, key):
    """Copy the graph into a new in-memory pyoxigraph store, each term converted once."""
    import pyoxigraph as ox

    store = ox.Store()
    blank_nodes: dict = {}
    terms: dict = {}

    def convert(term):
        found = terms.get(term)
        if found is None:
            found = terms[term] = to_oxigraph(term, blank_nodes)
        return found

    quad = ox.Quad  # in the default graph
    store.extend([quad(convert(s), convert(p), convert(o)) for s, p, o in graph])
    originals = {ox_term: term for term, ox_term in terms.items()}
    graph._zk_oxigraph_mirror = (key, store, originals)
    return store


def mirror_possible(graph) -> bool:
    """Whether the memory graph can be mirrored in Oxigraph (it holds no term Oxigraph refuses)."""
    try:
        oxigraph_mirror(graph)
    except MirrorError:
        return False
    return True


def _mirror_key(graph):
    version = store_version(graph)
    return version if version is not None else len(graph)


def mirror_originals(graph) -> dict:
    """The rdflib term behind each pyoxigraph term of a graph's mirror (made by :func:`oxigraph_mirror`)."""
    oxigraph_mirror(graph)
    return graph._zk_oxigraph_mirror[2]


def mirror_now_matches(graph, originals_added: dict | None = None) -> None:
    """Mark the mirror as current after the same triples were added to the graph and to the mirror.

    Args:
        graph: the memory graph whose mirror was kept in step by the caller.
        originals_added: pyoxigraph terms the caller made rdflib terms for, to remember.
    """
    with _mirror_lock:
        cached = getattr(graph, "_zk_oxigraph_mirror", None)
        if cached is not None:
            cached[2].update(originals_added or {})
            graph._zk_oxigraph_mirror = (_mirror_key(graph), cached[1], cached[2])


def oxigraph_target(graph):
    """The pyoxigraph store and default graph that answer queries for an rdflib graph.

    The Oxigraph store itself (its graph as the default graph), else a mirror of the
    graph (:func:`oxigraph_mirror`).

    Args:
        graph: an rdflib graph on the Oxigraph or the memory store.
    """
    import pyoxigraph as ox
    from rdflib import BNode, URIRef

    store = pyoxigraph_store(graph) if is_oxigraph_store(graph) else None
    if store is None:
        return oxigraph_mirror(graph), ox.DefaultGraph()
    identifier = graph.identifier
    if isinstance(identifier, BNode):
        return store, ox.BlankNode(str(identifier))
    if isinstance(identifier, URIRef) and str(identifier) != "urn:x-rdflib:default":
        return store, ox.NamedNode(str(identifier))
    return store, ox.DefaultGraph()


def subject_objects(graph, predicate):
    """``graph.subject_objects(predicate)``, read from pyoxigraph directly on the Oxigraph store.

    oxrdflib converts every term it hands out anew; reading the quads and converting each
    term once is several times faster when an index is built from a large graph.

    Args:
        graph: an rdflib graph (memory or Oxigraph store).
        predicate: the predicate IRI.
    """
    if not is_oxigraph_store(graph) or pyoxigraph_store(graph) is None:
        return graph.subject_objects(predicate)
    import pyoxigraph as ox

    store, default_graph = oxigraph_target(graph)
    convert = TermCache().convert
    return (
        (convert(q.subject), convert(q.object))
        for q in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None, default_graph)
    )


def query_in_oxigraph(graph, text: str):
    """Run a query text in Oxigraph for an rdflib graph; pyoxigraph's own result.

    Args:
        graph: an rdflib graph on the Oxigraph or the memory store.
        text: the SPARQL text (our prefixes are predeclared).

    Raises:
        SyntaxError: the text does not parse.
    """
    from ..namespaces import PREFIXES

    store, default_graph = oxigraph_target(graph)
    prefixes = {p: str(ns) for p, ns in graph.namespaces()}
    prefixes.update({p: str(ns) for p, ns in PREFIXES.items()})
    return store.query(text, default_graph=default_graph, prefixes=prefixes)


def run_in_oxigraph(kg, text: str):
    """Run a query in Oxigraph: on the Oxigraph store itself, else on the memory graph's mirror.

    Args:
        kg: the knowledge graph.
        text: the SPARQL text (our prefixes are predeclared), its parameters already bound
            by a ``VALUES`` block (:func:`.binding.bind_as_values`).

    Returns:
        :class:`~.results.Rows` of rdflib terms.

    Raises:
        SyntaxError: the text does not parse (the caller adds the query's name).
    """
    return _rows(kg, query_in_oxigraph(kg.graph, text))


def _rows(kg, result):
    """pyoxigraph's result as Rows, with the term cache kept on ``kg``."""
    import pyoxigraph as ox
    from rdflib import Graph, Variable

    from .results import Rows

    cache = getattr(kg, "_term_cache", None)
    if cache is None or len(cache) > 200_000:
        cache = kg._term_cache = TermCache()
    if isinstance(result, ox.QueryBoolean):
        rows = Rows("ASK")
        rows.askAnswer = bool(result)
        return rows
    convert = cache.convert
    if isinstance(result, ox.QuerySolutions):
        names = [Variable(v.value) for v in result.variables]
        bindings = []
        for solution in result:
            row = {}
            for name, value in zip(names, solution):
                if value is not None:
                    row[name] = convert(value)
            bindings.append(row)
        return Rows("SELECT", names, bindings, normalised=True)
    rows = Rows("CONSTRUCT")
    rows.graph = Graph()
    for triple in result:
        rows.graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
    return rows


def wrap_failure(name: str, exc: Exception) -> ZorgakkoordenError:
    """A QueryError for an engine's plain exception while evaluating a query."""
    return QueryError(f"{name}: the query failed: {type(exc).__name__}: {exc}")
