"""Query engines behind the endpoint: run one SPARQL query and serialise its answer.

Two engines, both with the same :meth:`execute`:

- :class:`RdflibEngine` runs the query through rdflib (the memory store, or a remote
  SPARQL 1.1 server through rdflib's SPARQLStore) and serialises with rdflib;
- :class:`OxigraphEngine` runs it in Oxigraph through the store (the Oxigraph stores, the
  memory store's mirror) and serialises with pyoxigraph, many times faster than rdflib.

An engine refuses updates and ``SERVICE`` (see :mod:`.guard`), applies the result-size
limit and negotiates the format. It runs inside a worker (see :mod:`.workers`), which
the server stops when the time limit is reached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..query import guard
from . import negotiation

STATUS_BAD_REQUEST = 400
STATUS_FORBIDDEN = 403
STATUS_NOT_ACCEPTABLE = 406
STATUS_TOO_MANY_RESULTS = 422
STATUS_ENGINE_ERROR = 500
STATUS_BAD_GATEWAY = 502
STATUS_MEMORY = 507  # the query passed the worker's memory limit (the pool then replaces the worker)


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a request names through the protocol.

    Attributes:
        default_graphs: the ``default-graph-uri`` values.
        named_graphs: the ``named-graph-uri`` values.
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass
class Answer:
    """An HTTP answer to a query, made in a worker and sent back to the server.

    Attributes:
        status: the HTTP status code.
        media_type: the Content-Type (without charset).
        body: the bytes of the answer.
        headers: extra headers.
    """

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    shape: guard.QueryShape | None = None  # the parsed query, for the pool to keep (no parse next time)

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        """A plain-text error answer."""
        return cls(status, "text/plain", (message.rstrip("\n") + "\n").encode("utf-8"))


class Refusal(Exception):
    """A query the endpoint will not run or answer; carries the HTTP status and the message."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message
        super().__init__(message)


def check_request(text: str) -> guard.QueryShape:
    """Parse a request's query and refuse updates and SERVICE before it reaches a store.

    Args:
        text: the SPARQL text.

    Returns:
        The parsed query's shape; its ``text`` (escapes applied as the parser read them)
        is what the engine runs.

    Raises:
        Refusal: 400 for a text that does not parse or uses SERVICE, 403 for an update.
    """
    from ..errors import QuerySyntaxError

    try:
        shape = guard.inspect(text)
    except QuerySyntaxError as exc:
        where = f"line {exc.line}, column {exc.column}: " if exc.line is not None else ""
        raise Refusal(STATUS_BAD_REQUEST, f"SPARQL syntax error: {where}{exc.detail}") from exc
    if shape.kind == "update":
        raise Refusal(STATUS_FORBIDDEN, f"this endpoint is read-only: SPARQL update ({shape.form}) is refused")
    if shape.uses_service:
        raise Refusal(STATUS_BAD_REQUEST, "SERVICE (federated query) is not allowed on this endpoint: it does not reach other servers")
    return shape


def _choose(form: str, accept: str | None) -> negotiation.Choice:
    choice = negotiation.choose(form, accept)
    if choice is None:
        offered = ", ".join(negotiation.offered_types(form))
        raise Refusal(STATUS_NOT_ACCEPTABLE, f"cannot answer a {form} query in any type the Accept header allows ({accept}); available: {offered}")
    return choice


def _too_many(count_text: str, limit: int) -> Refusal:
    return Refusal(
        STATUS_TOO_MANY_RESULTS,
        f"the answer has more than {limit} {count_text}, the limit of this endpoint: add a LIMIT or narrow the query",
    )


class Engine:
    """Base of the engines: turns refusals and failures into answers."""

    name = "engine"

    def execute(
        self, text: str, accept: str | None, max_results: int, dataset: Dataset | None = None, shape: guard.QueryShape | None = None
    ) -> Answer:
        """Run one query and serialise the answer; never raises.

        Args:
            text: the SPARQL query.
            accept: the request's Accept header.
            max_results: the most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) answered.
            dataset: the graphs the protocol's ``default-graph-uri`` / ``named-graph-uri``
                name (graphs of this store only; nothing is fetched), or None.
            shape: the guard's reading of this very text, made before (the pool keeps them);
                None parses the text here.
        """
        try:
            if shape is None or shape.source != text:
                shape = check_request(text)
            answer = self._execute(shape, accept, max_results, dataset)
            answer.shape = shape
            return answer
        except Refusal as refusal:
            return Answer.error(refusal.status, refusal.message)
        except MemoryError:
            return Answer.error(STATUS_MEMORY, "the query ran out of memory")
        except Exception as exc:  # noqa: BLE001 - any failure of the store becomes a 500 answer
            # the detail goes to the server's log only: an engine's message may quote what
            # another server answered, and an answer never echoes that
            import sys

            print(f"zorgakkoorden: query failed: {type(exc).__name__}: {exc}"[:2000], file=sys.stderr)
            return Answer.error(STATUS_ENGINE_ERROR, f"the store could not run the query ({type(exc).__name__}); the server's log has the detail")

    def _execute(self, shape: guard.QueryShape, accept: str | None, max_results: int, dataset: Dataset | None) -> Answer:  # pragma: no cover
        raise NotImplementedError

    def triple_count(self) -> int | None:
        """How many triples the engine holds (None when unknown, e.g. a remote endpoint)."""
        return None


# --------------------------------------------------------------------------- rdflib


def _syntax_message(exc: Exception) -> str:
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None) or getattr(exc, "column", None)
    detail = getattr(exc, "msg", None) or str(exc)
    where = f"line {line}, column {column}: " if line is not None else ""
    return f"SPARQL syntax error: {where}{detail}"


class RdflibEngine(Engine):
    """Runs queries through rdflib: the memory store, or a remote endpoint through SPARQLStore.

    Args:
        graph: the rdflib graph.
        prefixes: prefix -> namespace, predeclared for every query (a query's own PREFIX wins).
    """

    name = "rdflib"

    def __init__(self, graph: Any, *, prefixes: Mapping[str, str] | None = None):
        import rdflib.plugins.sparql

        from ..store import store_of

        # never fetch the graphs a query names in FROM / FROM NAMED from the web
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        self.graph = graph
        self.prefixes = dict(prefixes or {})
        self.remote = not store_of(graph).reads_files  # the graph lives on a server

    def triple_count(self) -> int | None:
        return None if self.remote else len(self.graph)

    def _run(self, shape: guard.QueryShape, dataset: Dataset | None):
        text = shape.text
        if self.remote:
            if shape.names_graphs:
                raise Refusal(
                    STATUS_BAD_REQUEST,
                    "FROM / FROM NAMED are refused here: this endpoint passes queries on to another server, "
                    "which might fetch the graphs they name",
                )
            if dataset is None:
                return self._run_remote(text)
        from rdflib import Dataset as RdfDataset
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(text, initNs=self.prefixes)
        except Exception as exc:  # pyparsing's ParseException and rdflib's own errors
            raise Refusal(STATUS_BAD_REQUEST, _syntax_message(exc)) from exc
        # the store holds one (default) graph, without a name: any graph a request or the
        # query's FROM / FROM NAMED names is not in it (and is never fetched)
        graph = self.graph if dataset is None and not shape.names_graphs else RdfDataset()
        return graph.query(prepared)

    def _run_remote(self, text: str):
        from urllib.error import HTTPError, URLError

        try:
            result = self.graph.query(text, initNs=self.prefixes)
        except HTTPError as exc:  # the remote body is not passed on: an answer never echoes another server
            status = STATUS_BAD_REQUEST if exc.code == 400 else STATUS_BAD_GATEWAY
            raise Refusal(status, f"the remote endpoint answered HTTP {exc.code}") from exc
        except URLError as exc:
            raise Refusal(STATUS_BAD_GATEWAY, f"cannot reach the remote endpoint: {exc.reason}") from exc
        if isinstance(result, tuple):  # rdflib's SPARQLConnector returns (code, message, None) on an HTTP error
            code = result[0]
            status = STATUS_BAD_REQUEST if code == 400 else STATUS_BAD_GATEWAY
            raise Refusal(status, f"the remote endpoint answered HTTP {code}")
        return result

    def _execute(self, shape: guard.QueryShape, accept: str | None, max_results: int, dataset: Dataset | None) -> Answer:
        result = self._run(shape, dataset)
        form = result.type
        choice = _choose(form, accept)
        if form in ("CONSTRUCT", "DESCRIBE"):
            graph = result.graph
            if len(graph) > max_results:
                raise _too_many("triples", max_results)
            from ..namespaces import bind_prefixes

            bind_prefixes(graph)
            body = graph.serialize(format=choice.key, encoding="utf-8")
            return Answer(200, choice.media_type, body)
        if form == "SELECT":
            rows = result.bindings
            if len(rows) > max_results:
                raise _too_many("rows", max_results)
            if choice.key == "tsv":
                from ..query.results import tsv_term  # the same writer as the command line's

                names = list(result.vars or [])
                lines = ["\t".join(f"?{v}" for v in names)]
                lines += ["\t".join(tsv_term(row.get(v)) for v in names) for row in rows]
                return Answer(200, choice.media_type, ("\n".join(lines) + "\n").encode("utf-8"))
        if choice.key == "xml":
            from ..query.results import xml_results  # rdflib's writer drops the text of 0 and false

            return Answer(200, choice.media_type, xml_results(result))
        body = result.serialize(format=choice.key, encoding="utf-8")
        return Answer(200, choice.media_type, body)


# --------------------------------------------------------------------------- Oxigraph


class OxigraphEngine(Engine):
    """Runs queries in Oxigraph through the store (its own graph, or the memory store's mirror)
    and serialises with pyoxigraph (see :class:`zorgakkoorden.store.base.Answer`).

    Args:
        store: the :class:`~zorgakkoorden.store.base.Store` (one whose engine is Oxigraph).
        prefixes: prefix -> namespace, predeclared for every query.
    """

    name = "oxigraph"

    def __init__(self, store: Any, *, prefixes: Mapping[str, str] | None = None):
        self.store = store
        self.prefixes = {k: str(v) for k, v in (prefixes or {}).items()}

    @classmethod
    def from_rdflib(cls, graph: Any, *, prefixes: Mapping[str, str] | None = None) -> OxigraphEngine:
        """The engine over the store of an rdflib graph.

        Args:
            graph: an rdflib Graph (of a store this package made, or wrapped in one).
            prefixes: prefix -> namespace, predeclared for every query.
        """
        from ..store import store_of

        return cls(store_of(graph), prefixes=prefixes)

    def triple_count(self) -> int | None:
        return self.store.triple_count()

    def _execute(self, shape: guard.QueryShape, accept: str | None, max_results: int, dataset: Dataset | None) -> Answer:
        from ..store.base import TooManyResults

        try:
            answer = self.store.answer(shape.text, prefixes=self.prefixes, dataset=dataset, names_graphs=shape.names_graphs)
        except SyntaxError as exc:
            raise Refusal(STATUS_BAD_REQUEST, f"SPARQL syntax error: {exc}") from exc
        except ValueError as exc:  # a graph IRI the protocol named is not an IRI
            raise Refusal(STATUS_BAD_REQUEST, f"bad graph IRI in the request: {exc}") from exc
        choice = _choose(answer.form, accept)
        try:
            body = answer.serialize(choice.key, max_results)
        except TooManyResults as too_many:
            raise _too_many(too_many.what, max_results) from None
        return Answer(200, choice.media_type, body)


def engine_for(kg: Any) -> Engine:
    """The engine for a loaded knowledge graph: the one its queries use (see :mod:`..query.engines`).

    Oxigraph for the Oxigraph stores, and for the memory store unless ``engine="rdflib"``
    (Oxigraph then reads the graph's mirror); rdflib (through SPARQLStore) for a remote endpoint.

    Args:
        kg: a :class:`~zorgakkoorden.knowledge_graph.KnowledgeGraph`.
    """
    from ..namespaces import PREFIXES
    from ..query.engines import store_for

    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    store = store_for(kg)
    if store.engine() == "oxigraph":
        return OxigraphEngine(store, prefixes=prefixes)
    return RdflibEngine(store.graph, prefixes=prefixes)
