"""Where `check` runs its SPARQL: rdflib's engine or Oxigraph (the store answers; see :mod:`zorgakkoorden.store`).

The quality queries and the SPARQL constraints of the shapes each run once over the
whole graph. rdflib's pure-Python engine takes minutes for some of them on the full
graph (property paths inside FILTER NOT EXISTS, scans of every triple); Oxigraph takes
well under a second. So ``auto`` runs them in Oxigraph: on the graph itself when it lives
in Oxigraph, else on the memory store's mirror. Both engines give the same answers (the
tests compare them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class SparqlRunner:
    """Runs SELECT queries over one graph and returns rows of rdflib terms.

    Attributes:
        name: ``rdflib`` or ``oxigraph``.
        graph: the rdflib graph the queries run on (on the memory or the Oxigraph store).
    """

    def __init__(self, graph, name: str):
        from ..store import store_of

        self.graph = graph
        self.name = name
        self._store = store_of(graph)
        self._prepared: dict[str, Any] = {}

    def select(self, text: str, *, query_name: str = "<sparql>") -> list[dict[str, Any]]:
        """Run a SELECT query; each row maps variable names (without ``?``) to rdflib terms.

        Args:
            text: the SPARQL text (with its own PREFIX lines).
            query_name: how an error message names the query.

        Raises:
            QuerySyntaxError: the text does not parse.
            QueryError: the engine failed while running it.
        """
        from ..errors import QueryError, ZorgakkoordenError
        from ..query.catalogue import prepare_sparql, syntax_error

        try:
            if self.name == "rdflib":
                prepared = self._prepared.get(text)
                if prepared is None:
                    prepared = self._prepared[text] = prepare_sparql(text, query_name)
                result = self.graph.query(prepared)
                return [{str(k): normal_term(v) for k, v in row.asdict().items() if v is not None} for row in result]
            try:
                rows = self._store.oxigraph_select(text)
            except SyntaxError as exc:
                raise syntax_error(query_name, text, exc) from exc
            return [{name: normal_term(value) for name, value in row.items()} for row in rows]
        except ZorgakkoordenError:
            raise
        except Exception as exc:  # noqa: BLE001 - engines raise plain errors while evaluating
            raise QueryError(f"{query_name}: the query failed: {type(exc).__name__}: {exc}") from exc


def normal_term(term: Any) -> Any:
    """A simple literal the same from both engines: Oxigraph types it xsd:string, rdflib does not."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def memory_copy(graph):
    """A copy of an rdflib graph on rdflib's memory store (``"x"^^xsd:string`` as ``"x"``, as RDF 1.1 has it).

    Args:
        graph: any rdflib graph.
    """
    from rdflib import Graph

    copy = Graph()
    for s, p, o in graph:
        copy.add((s, p, normal_term(o)))
    return copy


def runner_for(graph, engine: str = "auto") -> SparqlRunner:
    """The SPARQL runner `check` uses for a graph.

    Args:
        graph: the rdflib graph (memory or Oxigraph store).
        engine: ``auto`` (Oxigraph, unless the memory graph holds a term it refuses),
            ``rdflib`` or ``oxigraph``.

    Raises:
        UsageError: an unknown engine name.
        MirrorError: ``oxigraph`` asked for on a memory graph holding a term Oxigraph refuses.
    """
    from ..store import store_of

    store = store_of(graph)
    if store.engine_for(engine) == "oxigraph":  # the Oxigraph store itself, or the memory store's mirror
        return SparqlRunner(graph, "oxigraph")
    in_memory = store.rdflib_graph()
    return SparqlRunner(in_memory if in_memory is not None else memory_copy(graph), "rdflib")


def interpolate(template: str, row: Mapping[str, Any], short) -> str:
    """Fill ``{?var}`` and ``{$var}`` in a SHACL message with the values of a result row.

    Args:
        template: the message.
        row: variable name to rdflib term.
        short: turns a term into its short text (prefixed IRI, literal text).
    """
    import re

    def fill(match: re.Match) -> str:
        value = row.get(match.group(1))
        return short(value) if value is not None else match.group(0)

    return re.sub(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}", fill, template)
