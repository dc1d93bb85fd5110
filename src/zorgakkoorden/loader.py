"""Loading: parse the ontology, the graph and a user's own Turtle files into one store.

The loader reads, in this order: the vocabulary (``ontology/zorgakkoorden.ttl``), every
``*.ttl`` below ``graph/``, then the extra files or folders a user names. The store then
applies the rules in ``ontology/rules/`` (SPARQL Update), which give every sourced
statement its plain triple. A file that does not parse stops the load with a
:class:`~zorgakkoorden.errors.TurtleSyntaxError` naming the file, line and column, on
every store (every store parses with Oxigraph's parser). Where the triples live is the
store's business: see :mod:`zorgakkoorden.store`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import InputFileError
from .paths import graph_dir, ontology_file, turtle_files
from .store import check_syntax
from .store.files import read_turtle_bytes, rule_as_construct, rule_files

STORES = ("memory", "oxigraph", "endpoint")

__all__ = [
    "STORES", "check_syntax", "default_files", "expand_paths", "load", "new_graph", "parse_file", "read_turtle_bytes",
    "rule_as_construct", "rule_files",
]


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


def parse_file(graph, path: Path, store: str = "memory") -> None:
    """Parse one Turtle file into an rdflib graph (errors as TurtleSyntaxError with file, line, column).

    Args:
        graph: the rdflib graph to add the triples to.
        path: the Turtle file.
        store: unused (every store parses with the same parser); kept for callers.
    """
    from .store import parse_into

    parse_into(graph, Path(path))


def new_graph(store: str = "memory"):
    """An empty rdflib graph on the chosen store (see :func:`zorgakkoorden.store.open_store`).

    Args:
        store: ``memory``, ``oxigraph`` or ``endpoint:URL``.
    """
    from .store import open_store

    return open_store(store).graph


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
        store: ``"memory"`` (default), ``"oxigraph"``, ``"oxigraph:PATH"`` (persistent:
            reopened as it is while its inputs stay the same, see
            :mod:`zorgakkoorden.store.persistent`) or ``"endpoint:URL"``.
        include_graph: read ``graph/`` (set False to load only the vocabulary and ``extra``).
        track_files: remember which file states something about which IRI (for reports);
            on by default for the memory store, off for Oxigraph (at a million triples the
            second parse still costs seconds).
        engine: the SPARQL engine for queries on the memory store: ``auto`` (Oxigraph
            when installed), ``rdflib`` or ``oxigraph`` (see :mod:`zorgakkoorden.store.memory`).

    Returns:
        A :class:`~zorgakkoorden.knowledge_graph.KnowledgeGraph`.
    """
    from .knowledge_graph import KnowledgeGraph
    from .store import open_store

    backend = open_store(store, engine=engine)
    if not backend.reads_files:
        # the graph lives on the server (put there by `zorgakkoorden push`): nothing to read
        backend.build(list(extra))  # one's own files are refused, with how to push them
        return KnowledgeGraph(files=[], store=store, engine=engine, backend=backend)
    files = [ontology_file(), *(turtle_files(graph_dir()) if include_graph else []), *expand_paths(extra)]
    if track_files is None:
        track_files = backend.tracks_files
    subject_files: dict = {}
    derived = backend.build(files, subject_files=subject_files if track_files else None)
    return KnowledgeGraph(
        files=files, store=store, subject_files=subject_files, derived=derived, engine=engine, backend=backend
    )
