"""The catalogue of named SPARQL queries (``queries/*.rq``) and the quality checks (``queries/quality/*.rq``).

Each file starts with a header of comment lines that the tooling reads::

    # name: overlap
    # title@nl: Overlap van twee akkoorden
    # title@en: Overlap of two accords
    # description: What two accords or programmes share, with the source on each side.
    #   A continuation line starts with a hash and at least two spaces.
    # description@nl: Wat twee akkoorden of programma's gemeen hebben, met de bron aan elke kant.
    # param: a entity example=IZA -- the first accord or programme
    # param: lang lang example=en -- language of the labels (nl when not given)
    # column: relationA@nl: Relatie (A)
    # column: relationA@en: Relation (A)

then the SPARQL, which declares its own prefixes so the file runs unchanged in any
engine. ``description`` (English) is required; ``description@nl``, the same in Dutch for the
site's Dutch pages, is optional (continued the same way). Quality checks add ``# level: error|warning|info``. ``# column: VAR@LANG: heading``
names a result column in a language (the site's query pages use them as headings). Parameters are variables of
the same name (``?a``), bound when the query runs, never pasted into its text.

Queries are read and prepared once (rdflib's ``prepareQuery`` costs milliseconds), then
reused; a file that changes on disk is read again. A fresh process reads the parsed
catalogue back from the user's cache folder while no file's path, size and modification
time changed (see :mod:`.derived`).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import (
    CatalogueFileError,
    ParameterError,
    QueryError,
    QuerySyntaxError,
    ServiceRefusedError,
    UnknownQueryError,
    ZorgakkoordenError,
)

PARAM_TYPES = ("entity", "string", "integer", "date", "lang")
LEVELS = ("error", "warning", "info")
REQUIRED_KEYS = ("name", "title@nl", "title@en", "description")
KNOWN_KEYS = (*REQUIRED_KEYS, "description@nl", "param", "level", "hint", "column")
# names a parameter cannot take: they clash with the Python API (kg.query(name, **params))
RESERVED_PARAMS = frozenset({"name", "self", "kg", "store", "format"})
DEFAULT_LANG = "nl"

_KEY_LINE = re.compile(r"#\s?([A-Za-z][A-Za-z0-9_\-]*(?:@[A-Za-z\-]+)?):(?:\s(.*))?\Z")
_CONTINUATION = re.compile(r"#(?: {2,}|\t)\s*(\S.*)\Z")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\S+)(?P<optional>\s+optional)?"
    r"(?:\s+example=(?:\"(?P<qexample>[^\"]*)\"|(?P<example>\S+)))?"
    r"(?:\s+--\s*(?P<description>.*))?\Z"
)
_HINT = re.compile(r"(?P<kinds>\*|[A-Za-z][\w\-]*:[\w\-]+(?:\s+[A-Za-z][\w\-]*:[\w\-]+)*)\s+--\s+(?P<queries>[a-z0-9\-]+(?:\s+[a-z0-9\-]+)*)\Z")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_COLUMN = re.compile(r"(?P<var>[A-Za-z_][A-Za-z0-9_]*)@(?P<lang>[A-Za-z]{2,3}):\s*(?P<title>\S.*)\Z")
_LANG_VALUE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a catalogue query.

    Attributes:
        name: the SPARQL variable it binds (without ``?``).
        type: entity, string, integer, date or lang.
        example: an example value, as a user would type it.
        description: what it is.
        optional: declared ``optional`` in the header: when it is not given, its variable
            stays unbound and the query answers for every value (``links`` without a
            framework lists every link).
    """

    name: str
    type: str
    example: str | None = None
    description: str = ""
    optional: bool = False

    @property
    def required(self) -> bool:
        """A ``lang`` parameter (default ``nl``) and one declared ``optional`` may be left out; every other one must be given."""
        return self.type != "lang" and not self.optional


@dataclass(frozen=True)
class EmptyHint:
    """What to try when a query finds nothing (a ``# hint:`` header line).

    ``# hint: zk:FundingInstrument -- funding provenance`` says: when an entity parameter
    names a funding instrument and the query gives no rows, suggest the queries funding and
    provenance. ``*`` stands for any kind (and for a query without entity parameters).

    Attributes:
        kinds: the classes (prefixed IRIs) the hint is for, or ``("*",)``.
        queries: the catalogue queries to suggest, in order.
    """

    kinds: tuple[str, ...]
    queries: tuple[str, ...]


@dataclass(frozen=True)
class CatalogueQuery:
    """A named query read from a ``.rq`` file.

    Attributes:
        name: its name (the file stem).
        path: the file.
        titles: the title per language (``nl``, ``en``).
        description: what it answers (English).
        description_nl: the same in Dutch (``# description@nl:``), or "" when the file gives none.
        params: its parameters, in header order.
        level: for a quality check its level (error, warning, info), else None.
        text: the whole file: valid SPARQL (the header is comments).
        header: every header key with its raw value(s), including keys other tools add.
        hints: what to suggest when the query finds nothing (``# hint:`` lines, in order).
    """

    name: str
    path: Path
    titles: Mapping[str, str]
    description: str
    params: tuple[QueryParam, ...]
    level: str | None
    text: str
    header: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    hints: tuple[EmptyHint, ...] = ()
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    description_nl: str = ""

    def describe(self, lang: str = "en") -> str:
        """What the query answers in a language: Dutch for ``nl`` when the file gives it, else English.

        Args:
            lang: ``nl`` or ``en``.
        """
        if lang == "nl" and self.description_nl:
            return self.description_nl
        return self.description

    def column_title(self, var: str, lang: str = "nl") -> str:
        """The heading of a result column in a language (``# column:`` lines), else the variable's name.

        Args:
            var: the variable, without ``?``.
            lang: ``nl`` or ``en``.
        """
        titles = self.columns.get(var, {})
        return titles.get(lang) or titles.get("en") or titles.get("nl") or var

    @property
    def is_quality_check(self) -> bool:
        """True for the checks in ``queries/quality/`` that ``check`` runs."""
        return self.level is not None

    def title(self, lang: str = "en") -> str:
        """The title in a language (falling back to English, then Dutch)."""
        return self.titles.get(lang) or self.titles.get("en") or self.titles.get("nl", self.name)

    def param(self, name: str) -> QueryParam | None:
        """The parameter of that name, or None."""
        for p in self.params:
            if p.name == name:
                return p
        return None

    @property
    def sparql(self) -> str:
        """The SPARQL text without the header comments."""
        lines = self.text.splitlines(keepends=True)
        i = 0
        while i < len(lines) and (lines[i].lstrip().startswith("#") or not lines[i].strip()):
            i += 1
        return "".join(lines[i:])


def _fail(path: Path, line: int | None, detail: str) -> CatalogueFileError:
    return CatalogueFileError(path, line, detail)


def parse_header(path: Path, text: str) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Read the header of a ``.rq`` file: key to values (continuations joined) and key to first line.

    The header is the run of comment lines at the top of the file; it ends at the first
    line that is not a comment, or at a bare ``#`` line after the keys.

    Args:
        path: the file (for messages).
        text: its text.
    """
    values: dict[str, list[str]] = {}
    first_line: dict[str, int] = {}
    current: tuple[str, int] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.startswith("#"):
            break
        if line.strip() == "#":
            if values:
                break  # a bare '#' after the keys ends the header; free comments may follow
            continue
        cont = _CONTINUATION.match(line)
        if cont and current is not None:
            key, index = current
            values[key][index] = f"{values[key][index]} {cont.group(1).strip()}".strip()
            continue
        m = _KEY_LINE.match(line)
        if not m:
            if current is None and not values:
                # free comment lines before the first key are allowed (e.g. a licence line)
                continue
            raise _fail(path, number, f"header line is neither '# key: value' nor a continuation ('#   more'): {line!r}")
        key = m.group(1).lower()
        value = (m.group(2) or "").strip()
        values.setdefault(key, []).append(value)
        first_line.setdefault(key, number)
        current = (key, len(values[key]) - 1)
    return values, first_line


def _param_variable_used(sparql: str, name: str) -> bool:
    return re.search(rf"[?$]{re.escape(name)}(?![A-Za-z0-9_])", sparql) is not None


def parse_query_file(path: Path | str, *, quality: bool | None = None) -> CatalogueQuery:
    """Read one catalogue or quality query file and check its header.

    Args:
        path: the ``.rq`` file.
        quality: whether it is a quality check (needs ``level``); by default, whether it
            lies in a folder named ``quality``.

    Raises:
        CatalogueFileError: naming the file and line of what is wrong.
    """
    path = Path(path)
    if quality is None:
        quality = path.parent.name == "quality"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, None, f"cannot read: {exc}") from exc
    values, lines = parse_header(path, text)
    for key in REQUIRED_KEYS:
        if not values.get(key) or not values[key][0]:
            raise _fail(path, None, f"header lacks '# {key}: ...'")
    for key in ("name", "title@nl", "title@en", "description", "description@nl", "level"):
        if len(values.get(key, [])) > 1:
            raise _fail(path, lines[key], f"header key '{key}' is given more than once")
    if "description@nl" in values and not values["description@nl"][0]:
        raise _fail(path, lines["description@nl"], "header key 'description@nl' is empty: write the Dutch description or leave the line out")
    name = values["name"][0]
    if not _SLUG.match(name):
        raise _fail(path, lines["name"], f"name {name!r} is not a lower-case slug (letters, digits, hyphens)")
    if name != path.stem:
        raise _fail(path, lines["name"], f"name {name!r} differs from the file name {path.stem!r}")
    level = values.get("level", [None])[0]
    if quality and level not in LEVELS:
        raise _fail(path, lines.get("level"), f"a quality check needs '# level: error|warning|info' (got {level!r})")
    if not quality and level is not None:
        raise _fail(path, lines["level"], "'level' is only for quality checks in queries/quality/")
    sparql_body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    params: list[QueryParam] = []
    for raw in values.get("param", []):
        m = _PARAM.match(raw)
        if not m:
            raise _fail(path, lines["param"], f"param {raw!r} is not 'NAME TYPE example=VALUE -- what it is'")
        p = QueryParam(
            name=m.group("name"),
            type=m.group("type"),
            example=m.group("qexample") if m.group("qexample") is not None else m.group("example"),
            description=(m.group("description") or "").strip(),
            optional=m.group("optional") is not None,
        )
        if p.optional and p.type == "lang":
            raise _fail(path, lines["param"], f"param {p.name!r}: a lang parameter is optional already (default nl)")
        if p.type not in PARAM_TYPES:
            raise _fail(path, lines["param"], f"param {p.name!r} has type {p.type!r}; choose one of {', '.join(PARAM_TYPES)}")
        if p.name in RESERVED_PARAMS:
            raise _fail(path, lines["param"], f"param name {p.name!r} is reserved; choose another")
        if any(q.name == p.name for q in params):
            raise _fail(path, lines["param"], f"param {p.name!r} is declared twice")
        if not _param_variable_used(sparql_body, p.name):
            raise _fail(path, lines["param"], f"param {p.name!r} is not used as ?{p.name} in the query")
        params.append(p)
    hints: list[EmptyHint] = []
    for raw in values.get("hint", []):
        m = _HINT.match(raw)
        if not m:
            raise _fail(path, lines["hint"], f"hint {raw!r} is not 'KIND [KIND ...] -- QUERY [QUERY ...]' (KIND a prefixed class such as zk:Theme, or *)")
        hints.append(EmptyHint(kinds=tuple(m.group("kinds").split()), queries=tuple(m.group("queries").split())))
    columns: dict[str, dict[str, str]] = {}
    for raw in values.get("column", []):
        m = _COLUMN.match(raw)
        where = next((n for n, line in enumerate(text.splitlines(), start=1)
                      if line.startswith("#") and line.rstrip().endswith(raw) and "column:" in line), lines["column"])
        if not m:
            raise _fail(path, where, f"column {raw!r} is not 'VARIABLE@LANG: heading', e.g. 'relationA@nl: Relatie (A)'")
        if not _param_variable_used(sparql_body, m.group("var")):
            raise _fail(path, where, f"column {m.group('var')!r} is not a variable ?{m.group('var')} of the query")
        titles = columns.setdefault(m.group("var"), {})
        if m.group("lang").lower() in titles:
            raise _fail(path, where, f"column {m.group('var')}@{m.group('lang')} is given twice")
        titles[m.group("lang").lower()] = m.group("title").strip()
    return CatalogueQuery(
        name=name,
        path=path,
        titles={"nl": values["title@nl"][0], "en": values["title@en"][0]},
        description=values["description"][0],
        description_nl=values.get("description@nl", [""])[0],
        params=tuple(params),
        level=level,
        text=text,
        header={k: tuple(v) for k, v in values.items()},
        hints=tuple(hints),
        columns=columns,
    )


class Catalogue(Mapping[str, CatalogueQuery]):
    """The named queries of a folder (``queries/``) and its ``quality/`` sub-folder, by name."""

    def __init__(self, queries: Mapping[str, CatalogueQuery]):
        self._queries = dict(sorted(queries.items()))

    def __getitem__(self, name: str) -> CatalogueQuery:
        try:
            return self._queries[name]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(name, list(self._queries), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UnknownQueryError(
                f"no catalogue query is named {name!r}{hint} (see `zorgakkoorden query list`)"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._queries)

    def __contains__(self, name: object) -> bool:
        return name in self._queries

    def get(self, name: str, default: Any = None) -> Any:
        """The query of that name, or ``default`` (``catalogue[name]`` raises UnknownQueryError instead)."""
        return self._queries.get(name, default)

    def __len__(self) -> int:
        return len(self._queries)

    def catalogue_queries(self) -> list[CatalogueQuery]:
        """The questions (``queries/*.rq``), by name."""
        return [q for q in self._queries.values() if not q.is_quality_check]

    def quality_checks(self) -> list[CatalogueQuery]:
        """The quality checks (``queries/quality/*.rq``), by name."""
        return [q for q in self._queries.values() if q.is_quality_check]


_lock = threading.Lock()
_catalogues: dict[tuple, Catalogue] = {}
_parsed: dict[tuple, CatalogueQuery] = {}
_prepared: dict[tuple, Any] = {}


def _files(directory: Path) -> list[tuple[Path, bool]]:
    files = [(p, False) for p in sorted(directory.glob("*.rq"))]
    quality = directory / "quality"
    if quality.is_dir():
        files += [(p, True) for p in sorted(quality.glob("*.rq"))]
    return files


def _stamp(path: Path) -> tuple:
    st = path.stat()
    return (str(path), st.st_mtime_ns, st.st_size)


def load_catalogue(directory: Path | str | None = None) -> Catalogue:
    """Read every query of the catalogue (cached; a changed file is read again).

    Args:
        directory: the ``queries`` folder; by default the project's.
    """
    from ..paths import queries_dir

    folder = Path(directory) if directory is not None else queries_dir()
    if not folder.is_dir():
        raise UnknownQueryError(f"no query folder at {folder}")
    files = _files(folder)
    stamps = tuple(_stamp(p) for p, _ in files)
    with _lock:
        cached = _catalogues.get(stamps)
        if cached is not None:
            return cached
    kept = _kept_catalogue(stamps)
    if kept is not None:
        with _lock:
            _catalogues.clear()
            _catalogues[stamps] = kept
        return kept
    queries: dict[str, CatalogueQuery] = {}
    for (path, quality), stamp in zip(files, stamps):
        with _lock:
            query = _parsed.get(stamp)
        if query is None:
            query = parse_query_file(path, quality=quality)
            with _lock:
                _parsed[stamp] = query
        if query.name in queries:
            raise CatalogueFileError(path, None, f"a query named {query.name!r} exists already: {queries[query.name].path}")
        queries[query.name] = query
    for query in queries.values():
        for hint in query.hints:
            for target in hint.queries:
                if target not in queries:
                    raise CatalogueFileError(query.path, None, f"hint names {target!r}, which is not a catalogue query")
    catalogue = Catalogue(queries)
    with _lock:
        _catalogues.clear()
        _catalogues[stamps] = catalogue
    _keep_catalogue(stamps, catalogue)
    return catalogue


# a fresh process reads the parsed catalogue back while no file's stat (path, size, mtime) changed
_KEEP_CATALOGUES = 4


def _kept_path(stamps: tuple) -> Path:
    from .derived import derived_dir, sha, source_sha

    key = sha(("\n".join(repr(s) for s in stamps) + "\n" + source_sha(__file__, "catalogue.py")).encode("utf-8"))
    return derived_dir() / "catalogue" / f"{key}.json"


def query_as_json(query: CatalogueQuery) -> dict:
    """A catalogue query as JSON (read back by :func:`query_from_json`)."""
    return {
        "name": query.name, "path": str(query.path), "titles": dict(query.titles), "description": query.description,
        "description_nl": query.description_nl,
        "params": [[p.name, p.type, p.example, p.description, p.optional] for p in query.params],
        "level": query.level, "text": query.text, "header": {k: list(v) for k, v in query.header.items()},
        "hints": [[list(h.kinds), list(h.queries)] for h in query.hints],
        "columns": {k: dict(v) for k, v in query.columns.items()},
    }


def query_from_json(data: dict) -> CatalogueQuery:
    """A catalogue query from :func:`query_as_json`."""
    return CatalogueQuery(
        name=data["name"], path=Path(data["path"]), titles=dict(data["titles"]), description=data["description"],
        description_nl=data.get("description_nl", ""),
        params=tuple(QueryParam(name=n, type=t, example=e, description=d, optional=o) for n, t, e, d, o in data["params"]),
        level=data["level"], text=data["text"], header={k: tuple(v) for k, v in data["header"].items()},
        hints=tuple(EmptyHint(kinds=tuple(k), queries=tuple(q)) for k, q in data["hints"]),
        columns={k: dict(v) for k, v in data["columns"].items()},
    )


def _kept_catalogue(stamps: tuple) -> Catalogue | None:
    from .derived import read_json

    try:
        data = read_json(_kept_path(stamps))
        if not isinstance(data, dict) or data.get("stamps") != [list(s) for s in stamps]:
            return None
        return Catalogue({q["name"]: query_from_json(q) for q in data["queries"]})
    except (KeyError, TypeError, ValueError, OSError):
        return None


def _keep_catalogue(stamps: tuple, catalogue: Catalogue) -> None:
    import time

    from .derived import write_json

    if any(time.time_ns() - stamp[1] < 2_000_000_000 for stamp in stamps):
        return  # a file changed this very moment might change again within its timestamp's tick
    try:
        path = _kept_path(stamps)
    except OSError:
        return
    data = {"stamps": [list(s) for s in stamps], "queries": [query_as_json(q) for q in catalogue.values()]}
    write_json(path, data, _KEEP_CATALOGUES)


def get_query(name: str, directory: Path | str | None = None) -> CatalogueQuery:
    """One catalogue query by name (raises UnknownQueryError with the closest names)."""
    return load_catalogue(directory)[name]


def prepare_sparql(text: str, name: str = "<sparql>"):
    """Parse and translate a SPARQL query for rdflib's engine; a syntax error names line and column.

    Args:
        text: the query.
        name: how messages name it (a file path or ``<sparql>``).
    """
    from rdflib.plugins.sparql import prepareQuery

    from ..namespaces import PREFIXES

    try:
        return prepareQuery(text, initNs=dict(PREFIXES))
    except Exception as exc:  # pyparsing's ParseException, rdflib's prefix errors, ...
        raise syntax_error(name, text, exc) from exc


def syntax_error(name: str, text: str, exc: BaseException) -> QuerySyntaxError:
    """A QuerySyntaxError with the line and column of a parser exception (rdflib or Oxigraph).

    Args:
        name: how the message names the query.
        text: the query text (to turn an offset into a line and column).
        exc: the exception the parser raised.
    """
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None)
    if column is None:
        column = getattr(exc, "offset", None)
    detail = getattr(exc, "msg", None) or str(exc)
    detail = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)$", "", str(detail))
    if isinstance(exc, SyntaxError) and line is None:
        # Oxigraph: "error at 3:9: expected ..." in the message
        m = re.search(r"(\d+):(\d+)", str(exc))
        if m:
            line, column = int(m.group(1)), int(m.group(2))
    if line is None:
        m = re.search(r"line:(\d+), col:(\d+)", str(exc))
        if m:
            line, column = int(m.group(1)), int(m.group(2))
    return QuerySyntaxError(name, line, column, detail.strip() or type(exc).__name__)


_ADHOC_LIMIT = 128
_adhoc: dict[str, Any] = {}


def prepare_cached(text: str, name: str):
    """Prepare one's own query, keeping the last few prepared (a notebook runs the same text often)."""
    with _lock:
        found = _adhoc.get(text)
    if found is None:
        found = prepare_sparql(text, name)
        with _lock:
            if len(_adhoc) >= _ADHOC_LIMIT:
                _adhoc.pop(next(iter(_adhoc)))
            _adhoc[text] = found
    return found


def prepared(query: CatalogueQuery):
    """The rdflib-prepared form of a catalogue query, prepared once per file version."""
    key = _stamp(query.path) if query.path.exists() else (str(query.path), hash(query.text))
    with _lock:
        found = _prepared.get(key)
    if found is None:
        found = prepare_sparql(query.text, str(query.path))
        with _lock:
            _prepared[key] = found
    return found


def _to_term(kg, query: CatalogueQuery, param: QueryParam, value: Any):
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    where = f"{query.name}: parameter {param.name!r} ({param.type})"
    if param.type == "entity":
        if isinstance(value, URIRef):
            return value
        if not isinstance(value, str):
            raise ParameterError(f"{where}: give a name, abbreviation or IRI, not {type(value).__name__}")
        from .names import resolve

        return resolve(kg, value)
    if param.type == "string":
        if isinstance(value, Literal):
            return value
        if not isinstance(value, str):
            raise ParameterError(f"{where}: give a text, not {type(value).__name__}")
        return Literal(value)
    if param.type == "integer":
        if isinstance(value, bool):
            raise ParameterError(f"{where}: give a whole number, not {value!r}")
        try:
            number = int(value) if isinstance(value, int) else int(str(value).strip(), 10)
        except ValueError:
            raise ParameterError(f"{where}: {value!r} is not a whole number") from None
        return Literal(number, datatype=XSD.integer)
    if param.type == "date":
        if isinstance(value, date):
            return Literal(value.isoformat(), datatype=XSD.date)
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise ParameterError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None
        return Literal(day.isoformat(), datatype=XSD.date)
    if param.type == "lang":
        text = str(value).strip()
        if not _LANG_VALUE.match(text):
            raise ParameterError(f"{where}: {value!r} is not a language code such as nl or en")
        return Literal(text.lower())
    raise ParameterError(f"{where}: unknown parameter type")  # pragma: no cover - parse_query_file checks


def bind_parameters(kg, query: CatalogueQuery, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check the given values against the query's parameters and turn them into rdflib terms.

    Entity parameters are resolved to exactly one IRI (see :mod:`.names`); a ``lang``
    parameter left out is ``nl``.

    Args:
        kg: the knowledge graph (entity names are resolved in it).
        query: the catalogue query.
        params: parameter name to value (text, number, date or rdflib term).

    Raises:
        ParameterError: an unknown parameter, a missing one, a value of the wrong type.
        UnknownNameError, AmbiguousNameError: an entity name that is not exactly one entity.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        have = ", ".join(declared) or "none"
        raise ParameterError(f"{query.name}: unknown parameter(s) {', '.join(unknown)}; it takes: {have}")
    bindings: dict[str, Any] = {}
    for p in query.params:
        value = params.get(p.name)
        if value is None and p.optional:
            continue  # left unbound: the query answers for every value
        if value is None:
            if p.type == "lang":
                value = DEFAULT_LANG
            else:
                example = f" (for example --param {p.name}={p.example})" if p.example else ""
                raise ParameterError(f"{query.name}: parameter {p.name!r} is required{example}")
        bindings[p.name] = _to_term(kg, query, p, value)
    return bindings


def graph_version(kg) -> tuple:
    """A cheap key that changes when the graph changes (see :func:`zorgakkoorden.store.graph_version`)."""
    from ..store import graph_version as version_of_store

    return version_of_store(kg)


def uses_rdflib_engine(kg) -> bool:
    """Whether queries on this graph run in rdflib's own engine (see :mod:`.engines`)."""
    from .engines import store_for

    return store_for(kg).engine() == "rdflib"


def execute(
    kg,
    text: str,
    bindings: Mapping[str, Any] | None = None,
    *,
    name: str = "<sparql>",
    prepared_query=None,
    allow_service: bool = False,
):
    """Run a query on the graph with bound values, returning :class:`~.results.Rows`.

    The engine is the graph's (:func:`.engines.engine_of`): rdflib gets the prepared
    query and ``initBindings``; Oxigraph and a remote endpoint get the text with a
    ``VALUES`` block built from the terms (see :mod:`.binding`).

    Args:
        kg: the knowledge graph.
        text: the SPARQL text.
        bindings: variable name to rdflib term.
        name: how messages name the query.
        prepared_query: rdflib's prepared form of ``text`` (prepared here when missing).
        allow_service: let ``SERVICE`` fetch from other servers (refused by default: we run offline).

    Raises:
        ServiceRefusedError: the text uses ``SERVICE`` and ``allow_service`` is not set.
    """
    from . import guard
    from .engines import store_for

    # decided on the parsed query (see .guard): a syntax error, SERVICE, FROM are refused here
    shape = guard.check_query(text, name, allow_service=allow_service)
    if shape.kind != "query":
        raise QueryError(f"{name}: this is a SPARQL update ({shape.form}); kg.sparql and the sparql command only query")
    if shape.names_graphs:
        raise QueryError(
            f"{name}: FROM / FROM NAMED name graphs to query; this graph is one default graph without a name, "
            "and graphs are never fetched: remove the FROM clauses"
        )
    if store_for(kg).engine() == "rdflib" and prepared_query is None:
        prepared_query = prepare_cached(shape.text, name)  # every engine runs the text the guard read
    with guard.service_allowed(allow_service):
        return _execute_checked(kg, shape.text, bindings, name, prepared_query)


def _execute_checked(kg, text: str, bindings, name: str, prepared_query):
    """:func:`execute` once the guard has passed the text (as the parser read it)."""
    from .engines import store_for, wrap_failure
    from .results import Rows

    bindings = dict(bindings or {})
    backend = store_for(kg)
    if backend.engine() == "rdflib" and prepared_query is None:
        prepared_query = prepare_cached(text, name)
    try:
        return Rows.from_result(backend.query(text, bindings, prepared=prepared_query))
    except QuerySyntaxError as exc:  # the VALUES block cannot be placed in the text
        raise QuerySyntaxError(name, exc.line, exc.column, exc.detail) from exc
    except SyntaxError as exc:
        if bindings:
            # report the position in the text as written, not in the one with VALUES
            exc = _plain_syntax_error(backend, text) or exc
        raise syntax_error(name, text, exc) from exc
    except ZorgakkoordenError:
        raise
    except Exception as exc:  # noqa: BLE001 - any engine failure becomes a typed error
        raise wrap_failure(name, exc) from exc


def uses_service(text: str) -> bool:
    """Whether a query uses ``SERVICE`` anywhere (decided on the parsed query; see :mod:`.guard`).

    Raises:
        QuerySyntaxError: the text does not parse.
    """
    from .guard import inspect

    return inspect(text).uses_service


def _plain_syntax_error(backend, text: str) -> SyntaxError | None:
    """The syntax error of the text as written (without the VALUES block), if it has one."""
    try:
        backend.query(text)
    except SyntaxError as plain:
        return plain
    except Exception:  # noqa: BLE001 - the plain text parsed: keep the first error
        return None
    return None


def run_catalogue_query(kg, name: str, /, **params: Any):
    """Run a named catalogue query on a knowledge graph.

    Args:
        kg: a :class:`~zorgakkoorden.knowledge_graph.KnowledgeGraph`.
        name: the query's name (``zorgakkoorden query list``).
        **params: its parameters; an entity takes an abbreviation, a Dutch or English label,
            an alternative label, an IRI or a prefixed IRI (``zid:iza``). ``lang`` (nl or
            en, default nl) is the language of the label columns, and binds the query's
            own ``lang`` parameter where it has one.

    Returns:
        :class:`~zorgakkoorden.query.results.Rows`: typed rows (rdflib terms) with a label
        column after each IRI column, the formats of :mod:`.results` and ``to_dataframe()``.
    """
    return run_query(kg, get_query(name), params)


def run_query(kg, query: CatalogueQuery, params: Mapping[str, Any], *, labels: bool = True):
    """Run a catalogue query (already looked up) with its parameters.

    Args:
        kg: the knowledge graph.
        query: the catalogue query.
        params: its parameters (see :func:`run_catalogue_query`); ``lang`` may be among them.
        labels: add a label column after each IRI column (the default).
    """
    params = dict(params)
    lang = params.get("lang")
    if query.param("lang") is None:
        params.pop("lang", None)
    bindings = bind_parameters(kg, query, params)
    label_lang = str(bindings["lang"]) if "lang" in bindings else _label_lang(query, lang)
    rows = execute(
        kg,
        query.text,
        bindings,
        name=str(query.path),
        prepared_query=prepared(query) if uses_rdflib_engine(kg) else None,
    )
    rows = rows.with_labels(kg, label_lang) if labels else rows
    if rows.type == "SELECT" and not rows.bindings and query.hints:
        from .hints import empty_hint

        rows.hint = empty_hint(kg, query, bindings, label_lang)
    return rows


def _label_lang(query: CatalogueQuery, lang: Any) -> str:
    if lang is None:
        return DEFAULT_LANG
    text = str(lang).strip()
    if not _LANG_VALUE.match(text):
        raise ParameterError(f"{query.name}: {lang!r} is not a language code such as nl or en")
    return text.lower()
