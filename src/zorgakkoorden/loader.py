"""Loading: parse the ontology, the graph and a user's own Turtle files into one store.

The loader reads, in this order: the vocabulary (``ontology/zorgakkoorden.ttl``), every
``*.ttl`` below ``graph/``, then the extra files or folders a user names. It then
applies the rules in ``ontology/rules/`` (SPARQL CONSTRUCT), which give every sourced
statement its plain triple. A file that does not parse stops the load with a
:class:`~zorgakkoorden.errors.TurtleSyntaxError` naming the file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import InputFileError, TurtleSyntaxError, UnknownStoreError
from .extras import require
from .paths import graph_dir, ontology_file, rules_dir, turtle_files

STORES = ("memory", "oxigraph", "endpoint")


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files and folders to a sorted list of Turtle files; a missing path is an error.

    Args:
        paths: files (any name) or folders (every ``*.ttl`` below them).
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = turtle_files(path)
            if not found:
                raise InputFileError(path, "folder holds no .ttl files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputFileError(path, "no such file or folder")
    return files


def default_files() -> list[Path]:
    """The vocabulary and every file of the graph, in load order."""
    return [ontology_file(), *turtle_files(graph_dir())]


def new_graph(store: str = "memory"):
    """An empty rdflib graph on the chosen store.

    Args:
        store: ``"memory"`` (rdflib's in-memory store) or ``"oxigraph"`` (in-memory
            Oxigraph through oxrdflib, extra ``fast``), or ``"oxigraph:PATH"`` for a
            persistent Oxigraph store in the folder PATH.
    """
    from rdflib import Graph

    from .namespaces import bind_prefixes

    name, _, location = store.partition(":")
    if name == "memory" and not location:
        from .memory_store import VersionedMemory

        graph = Graph(store=VersionedMemory())
    elif name == "oxigraph":
        require("oxrdflib", "fast", "the Oxigraph store")
        graph = Graph(store="Oxigraph")
        if location:
            graph.open(location, create=True)
    elif name == "endpoint" and location:
        from rdflib.plugins.stores.sparqlstore import SPARQLStore

        graph = Graph(store=SPARQLStore(query_endpoint=location, method="POST_FORM"))
    else:
        raise UnknownStoreError(
            f"unknown store {store!r}: choose one of memory, oxigraph, oxigraph:PATH, endpoint:URL"
        )
    bind_prefixes(graph)
    return graph


def _syntax_error_from_rdflib(path: Path, exc: Exception) -> TurtleSyntaxError:
    line = getattr(exc, "lines", None)
    why = getattr(exc, "_why", None) or str(exc)
    column = None
    text = getattr(exc, "_str", None)
    index = getattr(exc, "_i", None)
    if isinstance(text, bytes) and isinstance(index, int):
        start = text.rfind(b"\n", 0, index) + 1
        column = len(text[start:index].decode("utf-8", "replace")) + 1
    return TurtleSyntaxError(path, line + 1 if isinstance(line, int) else None, why, column)


def _syntax_error_from_oxigraph(path: Path, exc: SyntaxError) -> TurtleSyntaxError:
    message = str(exc.msg or exc)
    message = re.sub(r"\s*\([^()]*, line \d+\)$", "", message)
    message = re.sub(r"^Parser error (?:between|at) [^:]*: ", "", message)
    return TurtleSyntaxError(path, exc.lineno, message, exc.offset)


def parse_file(graph, path: Path, store: str = "memory") -> None:
    """Parse one Turtle file into a graph, turning any parser error into a TurtleSyntaxError.

    Args:
        graph: the rdflib graph to add the triples to.
        path: the Turtle file.
        store: the store the graph is on; Oxigraph graphs use Oxigraph's own parser.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {exc.strerror}") from exc
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TurtleSyntaxError(path, data.count(b"\n", 0, exc.start) + 1, "file is not UTF-8") from exc
    public_id = path.resolve().as_uri()
    if store.startswith("oxigraph"):
        try:
            graph.parse(data=data, format="ox-turtle", publicID=public_id)
        except SyntaxError as exc:
            raise _syntax_error_from_oxigraph(path, exc) from exc
        return
    try:
        graph.parse(data=data, format="turtle", publicID=public_id)
    except SyntaxError as exc:  # rdflib's BadSyntax is a SyntaxError
        raise _syntax_error_from_rdflib(path, exc) from exc
    except Exception as exc:  # rdflib raises plain errors for some malformed terms
        raise TurtleSyntaxError(path, None, f"{type(exc).__name__}: {exc}") from exc


def _native_oxigraph(graph):
    """The pyoxigraph store and graph name under an oxrdflib-backed rdflib graph, or None."""
    if type(graph.store).__name__ != "OxigraphStore":
        return None
    import pyoxigraph
    from rdflib import BNode

    identifier = graph.identifier
    name = pyoxigraph.BlankNode(str(identifier)) if isinstance(identifier, BNode) else pyoxigraph.NamedNode(str(identifier))
    return graph.store._store, name


def apply_rules(graph) -> int:
    """Run every rule in ``ontology/rules/`` and add what it constructs; returns the count added.

    On the Oxigraph store the rules run inside pyoxigraph (no rdflib terms in between),
    which at a million triples is many times faster than adding triple by triple.
    """
    native = _native_oxigraph(graph)
    if native is not None:
        import pyoxigraph

        store, name = native
        added = 0
        for rule in sorted(rules_dir().glob("*.rq")):
            before = len(store)
            constructed = store.query(rule.read_text(encoding="utf-8"), default_graph=name)
            # read the answer whole before writing: never write into the store while reading it
            quads = [pyoxigraph.Quad(t.subject, t.predicate, t.object, name) for t in constructed]
            store.extend(quads)
            added += len(store) - before
        return added
    added = 0
    for rule in sorted(rules_dir().glob("*.rq")):
        before = len(graph)
        result = graph.query(rule.read_text(encoding="utf-8"))
        for triple in result:
            graph.add(triple)
        added += len(graph) - before
    return added


def load(
    extra: Sequence[Path | str] = (),
    store: str = "memory",
    *,
    include_graph: bool = True,
    track_files: bool | None = None,
    engine: str = "auto",
):
    """Load the ontology, the graph and optional extra Turtle files into one knowledge graph.

    Args:
        extra: a user's own Turtle files or folders, read after the graph.
        store: ``"memory"`` (default), ``"oxigraph"`` or ``"oxigraph:PATH"``.
        include_graph: read ``graph/`` (set False to load only the vocabulary and ``extra``).
        track_files: remember which file states which subject (for reports); on by
            default for the memory store, off for Oxigraph (it doubles the parse).
        engine: the SPARQL engine for queries on the memory store: ``auto`` (Oxigraph
            when installed), ``rdflib`` or ``oxigraph`` (see :mod:`.query.engines`).

    Returns:
        A :class:`~zorgakkoorden.knowledge_graph.KnowledgeGraph`.
    """
    from rdflib import Graph

    from .knowledge_graph import KnowledgeGraph
    from .query.engines import check_engine

    check_engine(engine)
    if store.startswith("endpoint:"):
        # the graph lives on the server (put there by `zorgakkoorden push`): nothing to read
        if extra:
            raise UnknownStoreError(
                f"{store}: a remote endpoint is read-only here; push your files to it with `zorgakkoorden push`"
            )
        return KnowledgeGraph(new_graph(store), files=[], store=store, engine=engine)
    files = [ontology_file(), *(turtle_files(graph_dir()) if include_graph else []), *expand_paths(extra)]
    if track_files is None:
        track_files = store == "memory"
    graph = new_graph(store)
    subject_files: dict = {}
    for path in files:
        if track_files:
            part = Graph()
            parse_file(part, path, "memory")
            for subject in set(part.subjects()):
                subject_files.setdefault(subject, set()).add(path)
            if store == "memory":
                graph += part
            else:
                parse_file(graph, path, store)
        else:
            parse_file(graph, path, store)
    derived = apply_rules(graph)
    return KnowledgeGraph(graph, files=files, store=store, subject_files=subject_files, derived=derived, engine=engine)
