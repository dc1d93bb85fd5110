"""What a query may not do here: update the graph, or reach another server (``SERVICE``).

Decided on the **parsed** query, never on the text: rdflib's SPARQL parser reads the text
(``parseQuery``, else ``parseUpdate`` to tell an update), rdflib's algebra translates it
(``translateQuery``), and :func:`inspect` walks every node of both trees (sub-selects,
``EXISTS`` / ``NOT EXISTS`` filters, nested groups, ``OPTIONAL``, ``MINUS``, ``UNION``,
``GRAPH``, ``SERVICE SILENT``, ``SERVICE ?var``, ...). A text the parser cannot read is
refused with the parser's line and column; it never reaches an engine.

SPARQL applies ``\\u`` / ``\\U`` escapes to the whole text before parsing; rdflib does,
Oxigraph only inside strings and IRIs. So that both engines read the characters that
were checked, :attr:`QueryShape.text` is the text as the parser read it (escapes applied),
and that is the text the engines run.

Behind the parser, the engines themselves are told not to reach the network where they
can be: rdflib's evaluator gets a hook (:func:`install_rdflib_service_refusal`, installed
when this module is imported) that refuses to evaluate a ``SERVICE`` pattern unless the
caller allowed it (:func:`service_allowed`). pyoxigraph 0.5 offers no such option from
Python (its Rust API has ``without_service_handler``; the Python ``Store.query`` does not
expose it), so there the parser's decision is the only line; the endpoint's workers add
:func:`forbid_network_in_this_process` for the Python side.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import QuerySyntaxError, ServiceRefusedError

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")

_CACHED_TEXT_LIMIT = 20_000  # longer texts are parsed each time (never kept in the cache)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_service_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("zorgakkoorden_service_allowed", default=False)


@dataclass(frozen=True)
class QueryShape:
    """What the parsed query says about itself.

    Attributes:
        kind: ``"query"`` or ``"update"``.
        form: the query form (``SELECT``, ``ASK``, ...) or the update's first operation
            (``INSERT DATA``, ``LOAD``, ...).
        uses_service: whether a ``SERVICE`` pattern occurs anywhere in the query.
        text: the text as the parser read it (``\\u`` escapes applied): what engines run.
        from_graphs: the IRIs of ``FROM`` clauses.
        from_named: the IRIs of ``FROM NAMED`` clauses.
        source: the text as given.
    """

    kind: str
    form: str | None
    uses_service: bool
    text: str
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    source: str = ""

    @property
    def names_graphs(self) -> bool:
        """Whether the query names its dataset (``FROM`` or ``FROM NAMED``)."""
        return bool(self.from_graphs or self.from_named)


def apply_codepoint_escapes(text: str) -> str:
    """The text with SPARQL's ``\\u`` / ``\\U`` escapes applied, as rdflib's parser applies them.

    Args:
        text: the SPARQL text.
    """
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    return expandUnicodeEscapes(text)


def _syntax_error(name: str, exc: BaseException) -> QuerySyntaxError:
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None)
    detail = str(getattr(exc, "msg", None) or exc) or type(exc).__name__
    detail = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)$", "", detail)
    if isinstance(exc, RecursionError):
        line, column, detail = None, None, "the query is nested too deeply to be read"
    return QuerySyntaxError(name, line, column, detail.strip())


def _walk(node: Any, seen: set[int]) -> Iterator[Any]:
    """Every node under ``node``: CompValues (rdflib's parse and algebra nodes), lists, ParseResults."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (str, bytes, int, float)) or item is None:
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):  # CompValue is an OrderedDict
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif hasattr(item, "as_list") and hasattr(item, "__iter__"):  # pyparsing ParseResults
            stack.extend(list(item))
            with contextlib.suppress(Exception):
                stack.extend(item.as_dict().values())


def node_names(text: str) -> list[str]:
    """The names of every node of a parsed query or update (``Modify``, ``InsertClause``, ...), in no order.

    Args:
        text: a SPARQL query or update.

    Raises:
        QuerySyntaxError: the text parses as neither.
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except ParseBaseException:
        try:
            tree = parseUpdate(text)
        except ParseBaseException as exc:
            raise _syntax_error("<sparql>", exc) from exc
    return [node.name for node in _walk(tree, set()) if isinstance(getattr(node, "name", None), str)]


def _has_service(tree: Any) -> bool:
    return any(getattr(node, "name", None) == "ServiceGraphPattern" for node in _walk(tree, set()))


def _dataset(algebra: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    default: list[str] = []
    named: list[str] = []
    for clause in getattr(algebra, "datasetClause", None) or ():
        if "default" in clause:
            default.append(str(clause["default"]))
        if "named" in clause:
            named.append(str(clause["named"]))
    return tuple(default), tuple(named)


def _update_form(update: Any) -> str:
    requests = update.get("request") or []
    if not requests:
        return "UPDATE"
    name = getattr(requests[0], "name", "UPDATE")
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).upper()


def _inspect(text: str, name: str) -> QueryShape:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    from ..namespaces import PREFIXES

    read = apply_codepoint_escapes(text)
    if apply_codepoint_escapes(read) != read:
        raise QuerySyntaxError(name, None, None, "a \\u escape spells another \\u escape; write the character itself")
    try:
        parsed = parseQuery(text)
    except (ParseBaseException, RecursionError) as query_error:
        try:
            update = parseUpdate(text)
        except (ParseBaseException, RecursionError) as update_error:
            further = update_error if getattr(update_error, "loc", -1) > getattr(query_error, "loc", -1) else query_error
            raise _syntax_error(name, further) from query_error
        return QueryShape("update", _update_form(update), _has_service(update), read, source=text)
    except Exception as exc:  # noqa: BLE001 - rdflib raises plain errors for some malformed texts
        raise _syntax_error(name, exc) from exc
    query = parsed[1] if len(parsed) > 1 else parsed[0]
    form = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}.get(
        getattr(query, "name", ""), None
    )
    uses_service = _has_service(parsed)
    default, named = _dataset(query)
    try:  # the algebra too (a second view of the same parse); a prefix only the store knows may stop it
        algebra = translateQuery(parsed, initNs=dict(PREFIXES)).algebra
    except Exception:  # noqa: BLE001 - the parse tree above already holds every node
        algebra = None
    if algebra is not None:
        uses_service = uses_service or _has_service(algebra)
        default, named = _dataset(algebra)
    return QueryShape("query", form, uses_service, read, default, named, source=text)


@functools.lru_cache(maxsize=256)
def _inspect_cached(text: str, name: str) -> QueryShape:
    return _inspect(text, name)


def inspect(text: str, name: str = "<sparql>") -> QueryShape:
    """Parse a SPARQL text and say what it is: query or update, its form, whether it uses SERVICE.

    Args:
        text: the SPARQL text of a request.
        name: how an error names the query (a file, or ``<sparql>``).

    Raises:
        QuerySyntaxError: the parser cannot read the text (with its line and column).
    """
    if len(text) <= _CACHED_TEXT_LIMIT:
        return _inspect_cached(text, name)
    return _inspect(text, name)


def check_query(text: str, name: str = "<sparql>", *, allow_service: bool = False) -> QueryShape:
    """Parse a query and refuse it if it uses SERVICE (unless allowed); the shape to run it by.

    Args:
        text: the SPARQL text.
        name: how messages name the query.
        allow_service: let SERVICE through (``--allow-service``, ``allow_service=True``).

    Raises:
        QuerySyntaxError: the text does not parse.
        ServiceRefusedError: the query uses SERVICE and it is not allowed.
    """
    shape = inspect(text, name)
    if shape.uses_service and not allow_service:
        raise ServiceRefusedError(name)
    return shape


# --------------------------------------------------------------------------- engine-level guards


@contextlib.contextmanager
def service_allowed(allowed: bool = True) -> Iterator[None]:
    """Within this block, rdflib's evaluator may run SERVICE (when ``allowed``).

    Args:
        allowed: whether SERVICE may run in the block.
    """
    token = _service_allowed.set(allowed)
    try:
        yield
    finally:
        _service_allowed.reset(token)


def _refuse_service_evaluation(ctx: Any, part: Any) -> Any:
    """rdflib CUSTOM_EVALS hook: a SERVICE pattern is not evaluated unless allowed."""
    if getattr(part, "name", None) == "ServiceGraphPattern" and not _service_allowed.get():
        raise ServiceRefusedError("<sparql>")
    raise NotImplementedError  # rdflib's own evaluation goes on


def install_rdflib_service_refusal() -> None:
    """Make rdflib's SPARQL evaluator refuse SERVICE (outside :func:`service_allowed`); idempotent."""
    from rdflib.plugins.sparql import CUSTOM_EVALS

    CUSTOM_EVALS["zorgakkoorden-refuse-service"] = _refuse_service_evaluation


def forbid_network_in_this_process() -> None:
    """Refuse every outgoing connection made through Python in this process (an audit hook).

    For the endpoint's worker processes over a local store: rdflib (and anything else in
    Python) then cannot open a socket to another host, whatever the query says. Cannot be
    undone; call it only in a process that needs no network.
    """
    import sys

    def hook(event: str, args: tuple) -> None:
        if event in ("socket.connect", "socket.sendto", "urllib.Request", "socket.getaddrinfo"):
            raise ServiceRefusedError("<sparql>")

    sys.addaudithook(hook)


install_rdflib_service_refusal()
