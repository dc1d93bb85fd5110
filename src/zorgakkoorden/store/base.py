"""The one interface of every store: where the triples live and which engine answers.

A :class:`Store` is opened from its spec by :func:`zorgakkoorden.store.open_store`
(``memory``, ``oxigraph``, ``oxigraph:PATH``, ``endpoint:URL``). It is filled from Turtle
files (errors name the file, line and column), runs the rules, answers SELECT, ASK and
CONSTRUCT queries with bound values (initial bindings or a ``VALUES`` block: the store
knows which its engine takes), hands out its triples, says its version (a key that
changes with the graph, for caches) and closes. Nothing outside this package asks which
store it holds or imports pyoxigraph, oxrdflib or rdflib's store plugins.

This module is light (no rdflib, no pyoxigraph): the command line reads :data:`ENGINES`
from here without loading either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import QueryError, UsageError

ENGINES = ("auto", "rdflib", "oxigraph")


def check_engine(engine: str) -> str:
    """Return ``engine`` if it is one of :data:`ENGINES`, else raise a UsageError.

    Args:
        engine: ``auto``, ``rdflib`` or ``oxigraph``.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown SPARQL engine {engine!r}: choose one of {', '.join(ENGINES)}")
    return engine


class MirrorError(QueryError):
    """The memory graph holds a term Oxigraph cannot take (a malformed IRI, ...): no mirror."""


class TooManyResults(Exception):
    """An answer passed the result-size limit while being serialised.

    Attributes:
        what: ``rows`` or ``triples``.
    """

    def __init__(self, what: str):
        self.what = what
        super().__init__(what)


class Answer:
    """A query's answer straight from the engine, serialised on demand (for the endpoint).

    Attributes:
        form: ``ASK``, ``SELECT`` or ``CONSTRUCT`` (DESCRIBE answers as CONSTRUCT).
    """

    form = "SELECT"

    def serialize(self, key: str, max_results: int) -> bytes:  # pragma: no cover - interface
        """The answer in a format (``json``, ``xml``, ``csv``, ``tsv``, ``nt``, ``turtle``, ``json-ld``).

        Args:
            key: the format's key (see :mod:`zorgakkoorden.server.negotiation`).
            max_results: the most rows or triples; past it :class:`TooManyResults`.
        """
        raise NotImplementedError


class Store:
    """A store holding one graph, with the engine that answers queries on it.

    Attributes:
        spec: the spec it was opened from (``memory``, ``oxigraph:PATH``, ...).
        kind: ``memory``, ``oxigraph``, ``persistent`` or ``endpoint``.
        graph: the graph as an rdflib ``Graph`` (for code that reads it triple by triple).
        engine_choice: the engine asked for (``auto``, ``rdflib``, ``oxigraph``).
    """

    kind = "store"
    reads_files = True  # False: the graph lives elsewhere (a server) and is not loaded here
    tracks_files = False  # whether the loader notes which file says what by default (costs a second parse)

    def __init__(self, spec: str, graph: Any, engine: str = "auto"):
        self.spec = spec
        self.engine_choice = check_engine(engine)
        self._graph = None
        if graph is not None:
            self.graph = graph

    @property
    def graph(self):
        """The graph as an rdflib ``Graph`` (made when first asked where it is a view)."""
        if self._graph is None:
            self.graph = self._make_graph()
        return self._graph

    @graph.setter
    def graph(self, graph) -> None:
        self._graph = graph
        graph._zk_store = self  # so that the store of a graph is found again (see store_of)

    def _make_graph(self):  # pragma: no cover - every store without a graph makes one
        raise NotImplementedError

    # ------------------------------------------------------------------ filling

    def build(self, files: Sequence[Path], *, subject_files: dict | None = None) -> int | Callable[[], int]:
        """Load the files and run the rules; returns the count of derived triples (or a function that counts them).

        Args:
            files: the Turtle files, in load order.
            subject_files: when given, filled with IRI -> set of files that state something about it.
        """
        self.load(files, subject_files=subject_files)
        return self.apply_rules()

    def load(self, files: Sequence[Path], *, subject_files: dict | None = None) -> None:
        """Parse Turtle files into the store (a syntax error is a TurtleSyntaxError with file, line, column).

        Args:
            files: the Turtle files.
            subject_files: when given, filled with IRI -> set of files that state something about it.
        """
        raise NotImplementedError

    def apply_rules(self) -> int | Callable[[], int]:
        """Apply the rules of ``ontology/rules/``; the count of derived triples (or a function counting them)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ asking

    def engine(self) -> str:
        """The engine that answers: ``rdflib``, ``oxigraph`` or ``remote``."""
        raise NotImplementedError

    def engine_for(self, choice: str) -> str:
        """The engine that runs SPARQL asked for with ``choice`` here: ``oxigraph`` or ``rdflib``.

        Args:
            choice: ``auto`` (the store's own engine), ``rdflib`` or ``oxigraph``.

        Raises:
            MirrorError: ``oxigraph`` asked for on a graph Oxigraph cannot hold.
        """
        check_engine(choice)
        if choice == "rdflib" or self.engine() != "oxigraph":
            return "rdflib"
        return "oxigraph"

    def rdflib_graph(self) -> Any:
        """A graph rdflib's engine can run on: the graph itself, or None where rdflib needs a copy in memory."""
        return self.graph

    def query(self, text: str, bindings: Mapping[str, Any] | None = None, *, prepared: Any = None):
        """Run a query with bound values; an rdflib ``Result`` of rdflib terms.

        Args:
            text: the SPARQL text (our prefixes are predeclared).
            bindings: variable name to rdflib term; never pasted into the text as written.
            prepared: rdflib's prepared form of ``text`` (used by rdflib's engine when given).

        Raises:
            SyntaxError: the text does not parse (the caller names the query).
            QuerySyntaxError: a bound value cannot be written.
        """
        raise NotImplementedError

    def select(self, text: str) -> list[dict[str, Any]]:
        """Run a SELECT; each row maps variable names (without ``?``) to rdflib terms (unbound left out).

        Args:
            text: the SPARQL text.
        """
        result = self.query(text)
        return [{str(k): v for k, v in row.asdict().items() if v is not None} for row in result]

    # -- light terms (the cold command line: no rdflib) -------------------------------

    plain = False  # whether plain_query, plain_objects and has_subject answer here
    content_key: str | None = None  # a key of what the store holds (persistent stores), for derived caches

    def plain_query(self, text: str):
        """Run a SELECT or ASK whose values are already in the text; a
        :class:`zorgakkoorden.terms.PlainAnswer` of light terms (no rdflib).

        Args:
            text: the SPARQL text (our prefixes are predeclared).

        Raises:
            NeedsRdflib: this store, or this answer, needs rdflib's terms.
            SyntaxError: the text does not parse.
        """
        from ..terms import NeedsRdflib

        raise NeedsRdflib(f"the {self.kind} store answers in rdflib's terms")

    def plain_objects(self, subject: str, predicate: str) -> list:
        """The objects of a subject and predicate as light terms (see :meth:`plain_query`)."""
        from ..terms import NeedsRdflib

        raise NeedsRdflib(f"the {self.kind} store answers in rdflib's terms")

    def has_subject(self, iri: str) -> bool:
        """Whether the IRI is the subject of a triple (see :meth:`plain_query`)."""
        from ..terms import NeedsRdflib

        raise NeedsRdflib(f"the {self.kind} store answers in rdflib's terms")

    def answer(self, text: str, *, prefixes: Mapping[str, str], dataset: Any = None, names_graphs: bool = False) -> Answer:
        """Run a query in the engine and keep its answer for serialising (the endpoint's fast path).

        Args:
            text: the SPARQL text.
            prefixes: prefix -> namespace, predeclared.
            dataset: ``default_graphs`` and ``named_graphs`` IRIs the request names, or None.
            names_graphs: the query has FROM / FROM NAMED (graphs of this store; never fetched).

        Raises:
            SyntaxError: the text does not parse.
            ValueError: a graph IRI of the dataset is not an IRI.
        """
        raise NotImplementedError(f"the {self.kind} store serialises through rdflib")

    def triples(self) -> Iterator[tuple]:
        """Every triple of the graph as rdflib terms."""
        return iter(self.graph)

    def fast_triples(self) -> Iterator[tuple] | None:
        """Every triple read from the engine directly (each term converted once), or None where
        reading the rdflib graph is as fast."""
        return None

    def subject_objects(self, predicate: Any) -> Iterator[tuple]:
        """``(subject, object)`` of every triple with this predicate, as rdflib terms.

        Args:
            predicate: the predicate IRI.
        """
        return self.graph.subject_objects(predicate)

    def reader(self) -> Any:
        """The graph for code that builds an index in one pass (``subject_objects``, ``objects``,
        ``in``, ``namespaces``): the rdflib graph, or a lighter reader where that is faster."""
        return self.graph

    @property
    def version(self) -> tuple:
        """A key that changes when the graph changes (for caches built from it): the store
        itself where it keeps no change count (an index is then rebuilt only for a new store)."""
        return (id(self),)

    def triple_count(self) -> int | None:
        """How many triples the store holds (None where it would have to ask a server)."""
        return len(self.graph)

    def dump(self, path: Path, fmt: str = "nt") -> int:
        """Write the graph to a file; returns the number of triples.

        Args:
            path: the file.
            fmt: ``nt`` or ``turtle``.
        """
        self.graph.serialize(destination=str(path), format="nt" if fmt == "nt" else "turtle", encoding="utf-8")
        return len(self.graph)

    def close(self) -> None:
        """Let go of the store (a persistent store's folder can then be opened by others)."""
