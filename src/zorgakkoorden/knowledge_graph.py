"""The knowledge graph object that :func:`zorgakkoorden.load` returns: a thin wrapper over a store."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any



class KnowledgeGraph:
    """The loaded graph: vocabulary, graph files, a user's own files and the derived triples.

    Attributes:
        graph: the graph as an rdflib ``Graph`` (on the Oxigraph stores a view, made when first read).
        backend: the :class:`~zorgakkoorden.store.base.Store` that holds it and answers queries.
        files: the Turtle files read, in load order.
        store: the store name given to :func:`zorgakkoorden.load`.
        derived: how many triples the rules added (on the Oxigraph store counted when first
            asked: counting at load would take two scans of the store).
        engine: the SPARQL engine asked for: ``auto`` (Oxigraph when installed, the
            default), ``rdflib`` or ``oxigraph``; see :mod:`zorgakkoorden.store.memory`.

    Args:
        graph: an rdflib graph to wrap (its store is found or made by
            :func:`zorgakkoorden.store.store_of`); None when ``backend`` is given.
        backend: the store holding the graph.
    """

    def __init__(
        self,
        graph: Any = None,
        *,
        files: list[Path],
        store: str,
        subject_files: Mapping[Any, set[Path]] | None = None,
        derived: int | Callable[[], int] = 0,
        engine: str = "auto",
        backend: Any = None,
    ):
        from .store import check_engine, store_of

        check_engine(engine)
        self.backend = backend if backend is not None else store_of(graph, engine)
        self.files = list(files)
        self.store = store
        self._derived = derived
        self.engine = check_engine(engine)
        self._subject_files = dict(subject_files or {})

    @property
    def graph(self):
        """The graph as an rdflib ``Graph``."""
        return self.backend.graph

    @property
    def derived(self) -> int:
        """How many triples the rules added."""
        if callable(self._derived):
            self._derived = self._derived()
        return self._derived

    def __len__(self) -> int:
        count = self.backend.triple_count()
        return count if count is not None else len(self.graph)

    def __repr__(self) -> str:
        return (
            f"<KnowledgeGraph {len(self)} triples from {len(self.files)} files, "
            f"store={self.store!r}, engine={self.engine!r}>"
        )

    def close(self) -> None:
        """Let go of the store (a persistent store's lock and files; others may then rebuild it)."""
        self.backend.close()

    def files_of(self, node: Any) -> list[Path]:
        """The files that state something about a subject (empty when files were not tracked)."""
        return sorted(self._subject_files.get(node, ()))

    def label(self, node: Any, lang: str = "nl") -> str:
        """The preferred label of a node in a language (falling back to the other, then the IRI).

        Args:
            node: an IRI (URIRef) or a literal.
            lang: ``"nl"`` or ``"en"``.
        """
        from rdflib import Literal
        from rdflib.namespace import SKOS

        if isinstance(node, Literal):
            return str(node)
        labels = {lit.language: str(lit) for lit in self.graph.objects(node, SKOS.prefLabel) if isinstance(lit, Literal)}
        if not labels:
            from rdflib.namespace import RDFS

            labels = {lit.language: str(lit) for lit in self.graph.objects(node, RDFS.label) if isinstance(lit, Literal)}
        for key in (lang, "nl", "en", None):
            if key in labels:
                return labels[key]
        return str(node)

    def types(self, node: Any) -> list:
        """The rdf:types of a node, sorted."""
        from rdflib import URIRef
        from rdflib.namespace import RDF

        return sorted(t for t in self.graph.objects(node, RDF.type) if isinstance(t, URIRef))

    def sparql(
        self,
        text: str,
        bindings: Mapping[str, Any] | None = None,
        *,
        name: str = "<sparql>",
        allow_service: bool = False,
    ):
        """Run one's own SPARQL query; values in ``bindings`` are bound, never pasted into the text.

        Args:
            text: a SPARQL 1.1 query (our prefixes zk:, zid:, skos:, ... are predeclared).
            bindings: variable name (without ``?``) to an rdflib term.
            name: how error messages name the query.
            allow_service: let ``SERVICE`` fetch from other servers; refused by default,
                since nothing we run reaches the internet unless asked to.

        Returns:
            :class:`~zorgakkoorden.query.results.Rows`, an rdflib query result held in
            memory (iterate rows; ``.vars`` are the columns; ``.render("csv")``, ...).

        Raises:
            QuerySyntaxError: the text does not parse (the message gives line and column).
            ServiceRefusedError: the text uses ``SERVICE`` and ``allow_service`` is not set.
        """
        from .query.catalogue import execute

        init = {k.lstrip("?$"): v for k, v in (bindings or {}).items()}
        return execute(self, text, init, name=name, allow_service=allow_service)

    def query(self, name: str, **params: Any):
        """Run a named catalogue query (see ``zorgakkoorden query list``).

        Args:
            name: the query's name, e.g. ``"overlap"``.
            **params: its parameters; an entity parameter takes an abbreviation, a Dutch or
                English label or an IRI.
        """
        from .query.catalogue import run_catalogue_query

        return run_catalogue_query(self, name, **params)
