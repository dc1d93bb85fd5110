"""The cold command line: a fresh ``query run`` or ``sparql`` answered without rdflib.

On a ready persistent store (``cache``, the default of both commands, or ``oxigraph:PATH``)
a fresh process reopens the store read-only and answers in light terms
(:mod:`zorgakkoorden.terms`, :mod:`.plain`): no rdflib import (a third of a second), no
name index built from the whole graph, no label index. The answer is byte for byte what
the rdflib path writes (``tests/test_cold_cli.py`` compares them); whatever this path does
not do exactly as that path does raises :class:`~zorgakkoorden.terms.NeedsRdflib`, and the
command takes the rdflib path instead (CONSTRUCT and DESCRIBE, a name that is not exactly
one entity, an empty answer with hints, a literal rdflib would rewrite, any error).

Two things are kept between processes, in ``$XDG_CACHE_HOME/zorgakkoorden/derived/``:

- **judged/**: the guard's decision (:mod:`.guard`) on a query text. A text is judged by
  rdflib's parser and algebra as before; one that is a plain query (no update, no
  ``SERVICE``, no ``FROM``) and that rdflib also prepares is noted under the SHA-256 of its
  exact text, with the text as the parser read it. A later process running the same
  text reads that decision instead of parsing again. The note is tied to the guard's own
  source and rdflib's parser (a change to either judges again), only plain decisions are
  noted (a refusal is always made afresh), and as a second line the noted text must not
  hold the word ``service`` at all.
- **names/**: the name index's tiers (:class:`.names.NameIndex`) for one content of the
  store (the SHA-256 of its inputs) and one version of ``names.py``: built by the name
  index itself the first time, read as JSON after.

Both are written whole (a temporary file, then renamed) and pruned to the newest few
(see :mod:`.derived`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ZorgakkoordenError
from ..terms import Iri, Lit, NeedsRdflib
from .derived import derived_dir, sha, source_sha
from .derived import read_json as _read_json
from .derived import write_json as _write_json

KEEP_JUDGED = 256
KEEP_NAMES = 8


def _sha(data: bytes) -> str:
    return sha(data)


# --------------------------------------------------------------------------- the guard's decision


def guard_fingerprint() -> str:
    """What a noted decision depends on: the guard's source and rdflib's SPARQL parser (its file's size and time)."""
    import importlib.util

    parts = [source_sha(__file__, "guard.py")]
    spec = importlib.util.find_spec("rdflib")
    if spec is not None and spec.submodule_search_locations:
        parser = Path(next(iter(spec.submodule_search_locations))) / "plugins" / "sparql" / "parser.py"
        try:
            st = parser.stat()
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append("no-parser")
    return _sha("\n".join(parts).encode("utf-8"))


def _judged_path(text: str) -> Path:
    return derived_dir() / "judged" / f"{_sha(text.encode('utf-8'))}.json"


def _fingerprint() -> str | None:
    try:
        return guard_fingerprint()
    except OSError:  # the guard's source cannot be read: nothing is noted or believed
        return None


def noted_decision(text: str) -> str | None:
    """The text as the guard's parser read it, if this exact text was judged a plain query before."""
    fingerprint = _fingerprint()
    if fingerprint is None:
        return None
    entry = _read_json(_judged_path(text))
    if not isinstance(entry, dict) or entry.get("source") != text or entry.get("fingerprint") != fingerprint:
        return None
    read = entry.get("text")
    if not isinstance(read, str) or "service" in read.lower():
        return None
    return read


def judge(text: str, name: str, *, allow_service: bool = False) -> str | None:
    """Judge a query as the guard does; the text to run (as the parser read it) for a plain
    query, None for one the rdflib path must run (an update, SERVICE, FROM).

    Args:
        text: the SPARQL text.
        name: how messages name it.
        allow_service: ``--allow-service`` (SERVICE is never run on the cold path).

    Raises:
        QuerySyntaxError: the text does not parse (rdflib's line and column, as before).
        ServiceRefusedError: the query uses SERVICE and it is not allowed.
    """
    read = noted_decision(text)
    if read is not None:
        return read
    from . import guard
    from .catalogue import prepare_cached

    shape = guard.check_query(text, name, allow_service=allow_service)
    if shape.kind != "query" or shape.uses_service or shape.names_graphs:
        return None
    prepare_cached(text, name)  # a text rdflib cannot prepare is refused as the rdflib path refuses it
    fingerprint = _fingerprint()
    if fingerprint is not None and "service" not in shape.text.lower():
        _write_json(_judged_path(text), {"source": text, "text": shape.text, "fingerprint": fingerprint}, KEEP_JUDGED)
    return shape.text


# --------------------------------------------------------------------------- the store


def open_ready(spec: str, extra: Sequence[str | Path] = ()):
    """The store and its files for a cold answer, or None where the store is not a persistent
    Oxigraph store (``cache`` or ``oxigraph:PATH``).

    Args:
        spec: the store spec the options name.
        extra: a user's own files or folders (``--data``).
    """
    name, _, location = spec.partition(":")
    if not (spec == "cache" or (name == "oxigraph" and location)):
        return None
    from ..loader import expand_paths
    from ..paths import graph_dir, ontology_file, turtle_files
    from ..store import open_store

    files = [ontology_file(), *turtle_files(graph_dir()), *expand_paths(extra)]
    backend = open_store(spec)
    try:
        backend.build(files)
    except BaseException:
        backend.close()
        raise
    if not backend.plain or backend.content_key is None:
        backend.close()
        return None
    return backend, files


# --------------------------------------------------------------------------- names


def _names_path(backend) -> Path:
    source = source_sha(__file__, "names.py")
    return derived_dir() / "names" / f"{_sha((backend.content_key + source).encode('utf-8'))}.json"


def name_tiers(backend, files: Sequence[Path]) -> list[dict[str, list[str]]]:
    """The name index's tiers (normalised name -> IRIs) for the store's content: read, or built once."""
    try:
        path = _names_path(backend)
    except OSError:
        path = None
    data = _read_json(path) if path is not None else None
    if isinstance(data, dict) and _well_formed_tiers(data.get("tiers")):
        return data["tiers"]
    from ..knowledge_graph import KnowledgeGraph
    from .names import name_index

    kg = KnowledgeGraph(files=list(files), store=backend.spec, backend=backend)
    index = name_index(kg)
    tiers = [{key: sorted(str(iri) for iri in iris) for key, iris in tier.items()} for tier in index._tiers]
    if path is not None:
        _write_json(path, {"tiers": tiers}, KEEP_NAMES)
    return tiers


def _well_formed_tiers(tiers: Any) -> bool:
    return isinstance(tiers, list) and all(
        isinstance(tier, dict) and all(isinstance(iris, list) and all(isinstance(i, str) for i in iris) for iris in tier.values())
        for tier in tiers
    )


class PlainNames:
    """Names resolved as :meth:`.names.NameIndex.resolve` resolves them, where the answer is one
    entity; anything else (none, several) raises NeedsRdflib for the rdflib path's message."""

    def __init__(self, backend, files: Sequence[Path]):
        self._backend = backend
        self._files = files
        self._tiers: list | None = None

    def resolve(self, name: Any) -> Iri:
        from ..prefixes import PREFIX_IRIS
        from .names import expand_iri, normalise, well_formed_iri

        if not isinstance(name, str) or not name.strip():
            raise NeedsRdflib("an empty name")
        iri = expand_iri(name, PREFIX_IRIS)
        if iri is not None:
            if well_formed_iri(iri) and self._backend.has_subject(iri):
                return Iri(iri)
            raise NeedsRdflib("an IRI the graph does not hold")
        if self._tiers is None:
            self._tiers = name_tiers(self._backend, self._files)
        key = normalise(name)
        for tier in self._tiers:
            matches = tier.get(key)
            if not matches:
                continue
            if len(matches) == 1:
                return Iri(matches[0])
            raise NeedsRdflib("a name of several entities")
        raise NeedsRdflib("a name of no entity")


# --------------------------------------------------------------------------- parameters


def plain_term(query, param, value: Any, names: PlainNames):
    """:func:`.catalogue._to_term` in light terms (text values, as the command line gives them)."""
    from datetime import date

    from .catalogue import _LANG_VALUE

    xsd = "http://www.w3.org/2001/XMLSchema#"
    if not isinstance(value, str):
        raise NeedsRdflib("a value that is not text")
    if param.type == "entity":
        return names.resolve(value)
    if param.type == "string":
        return Lit(value)
    if param.type == "integer":
        try:
            number = int(value.strip(), 10)
        except ValueError:
            raise NeedsRdflib("not a whole number") from None
        return Lit(str(number), datatype=xsd + "integer")
    if param.type == "date":
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise NeedsRdflib("not a date") from None
        return Lit(day.isoformat(), datatype=xsd + "date")
    if param.type == "lang":
        text = value.strip()
        if not _LANG_VALUE.match(text):
            raise NeedsRdflib("not a language code")
        return Lit(text.lower())
    raise NeedsRdflib("an unknown parameter type")


def plain_bindings(query, params: Mapping[str, Any], names: PlainNames) -> dict:
    """:func:`.catalogue.bind_parameters` in light terms; a value it would refuse raises NeedsRdflib."""
    from .catalogue import DEFAULT_LANG

    declared = {p.name: p for p in query.params}
    if set(params) - set(declared):
        raise NeedsRdflib("an unknown parameter")
    bindings: dict = {}
    for p in query.params:
        value = params.get(p.name)
        if value is None and p.optional:
            continue
        if value is None:
            if p.type != "lang":
                raise NeedsRdflib("a required parameter left out")
            value = DEFAULT_LANG
        bindings[p.name] = plain_term(query, p, value, names)
    return bindings


# --------------------------------------------------------------------------- answers


def _answer(backend, text: str, bindings: Mapping[str, Any]):
    from .binding import bind_as_values
    from .plain import PlainRows

    try:
        bound = bind_as_values(text, dict(bindings)) if bindings else text
        return PlainRows(backend.plain_query(bound))
    except NeedsRdflib:
        raise
    except (ZorgakkoordenError, SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise NeedsRdflib(f"the engine said {type(exc).__name__}") from exc


def catalogue_rows(backend, files: Sequence[Path], query, params: Mapping[str, Any], *, labels: bool = True):
    """:func:`.catalogue.run_query` on the cold path: the same rows, in light terms.

    Raises:
        NeedsRdflib: the rdflib path must answer (see the module).
    """
    from .catalogue import _label_lang

    params = dict(params)
    lang = params.get("lang")
    if query.param("lang") is None:
        params.pop("lang", None)
    names = PlainNames(backend, files)
    try:
        bindings = plain_bindings(query, params, names)
        label_lang = str(bindings["lang"]) if "lang" in bindings else _label_lang(query, lang)
    except ZorgakkoordenError as exc:
        raise NeedsRdflib("a parameter the rdflib path refuses") from exc
    text = judge(query.text, str(query.path))
    if text is None:
        raise NeedsRdflib("a query the guard sends the rdflib way")
    rows = _answer(backend, text, bindings)
    if rows.type == "SELECT" and not rows.bindings and query.hints:
        raise NeedsRdflib("an empty answer with hints")
    if labels:
        from .plain import PlainLabels

        rows = rows.with_labels(PlainLabels(backend), label_lang)
    return rows


def sparql_rows(
    backend, files: Sequence[Path], text: str, read: str, name: str, pairs: Mapping[str, str], lang: str, *, labels: bool = True
):
    """The `sparql` command's rows on the cold path (its query judged already: ``read`` is the
    text as the guard's parser read it, what runs; ``text`` the text as given).

    Raises:
        NeedsRdflib: the rdflib path must answer (see the module).
    """
    import re

    from ..errors import CatalogueFileError

    names = PlainNames(backend, files)
    bindings: dict = {}
    declared = None
    if name != "<sparql>" and re.search(r"^#\s?param:", text, re.MULTILINE):
        from .catalogue import parse_query_file

        try:
            declared = parse_query_file(name, quality=False)
        except CatalogueFileError:
            declared = None
        except ZorgakkoordenError as exc:
            raise NeedsRdflib("a query file the rdflib path reads") from exc
    if declared is not None:
        given = dict(pairs)
        if declared.param("lang") is not None:
            given.setdefault("lang", lang)
        bindings.update(plain_bindings(declared, given, names))
    else:
        for key, value in pairs.items():
            bindings[key] = names.resolve(value)
        if re.search(r"[?$]lang(?![A-Za-z0-9_])", text) and "lang" not in bindings:
            bindings["lang"] = Lit(lang)
    bindings = {k.lstrip("?$"): v for k, v in bindings.items()}
    rows = _answer(backend, read, bindings)
    if labels:
        from .plain import PlainLabels

        rows = rows.with_labels(PlainLabels(backend), lang)
    return rows
