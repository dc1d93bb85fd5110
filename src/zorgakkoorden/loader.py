"""Loading: parse the ontology, the graph and a user's own Turtle files into one store.

The loader reads, in this order: the vocabulary (``ontology/zorgakkoorden.ttl``), every
``*.ttl`` below ``graph/``, then the extra files or folders a user names. It then
applies the rules in ``ontology/rules/`` (SPARQL Update), which give every sourced
statement its plain triple. A file that does not parse stops the load with a
:class:`~zorgakkoorden.errors.TurtleSyntaxError` naming the file, line and column.
"""

from __future__ import annotations

import functools
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
    """An rdflib graph on the chosen store (empty, but for the store in PATH as it is).

    Args:
        store: ``"memory"`` (rdflib's in-memory store) or ``"oxigraph"`` (in-memory
            Oxigraph through oxrdflib, extra ``fast``), ``"oxigraph:PATH"`` for the
            persistent Oxigraph store in the folder PATH (opened through
            :func:`.persistent_store.open_store`), or ``"endpoint:URL"``.
    """
    from rdflib import Graph

    from .namespaces import bind_prefixes

    name, _, location = store.partition(":")
    if name == "memory" and not location:
        from .memory_store import VersionedMemory

        graph = Graph(store=VersionedMemory())
    elif name == "oxigraph":
        if not location:
            return oxigraph_graph()
        from .persistent_store import open_store

        return oxigraph_graph(open_store(Path(location)))  # as it is: load() builds and checks it
    elif name == "endpoint" and location:
        from rdflib.plugins.stores.sparqlstore import SPARQLStore

        graph = Graph(store=SPARQLStore(query_endpoint=location, method="POST_FORM"))
    else:
        raise UnknownStoreError(
            f"unknown store {store!r}: choose one of memory, oxigraph, oxigraph:PATH, endpoint:URL"
        )
    bind_prefixes(graph)
    return graph


def oxigraph_graph(native=None):
    """An rdflib graph over a pyoxigraph store (through oxrdflib), on the store's default graph.

    Args:
        native: the pyoxigraph ``Store`` (a new in-memory one when None).
    """
    require("oxrdflib", "fast", "the Oxigraph store")
    import pyoxigraph
    from oxrdflib import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from .namespaces import bind_prefixes

    graph = Graph(store=OxigraphStore(store=native if native is not None else pyoxigraph.Store()),
                  identifier=DATASET_DEFAULT_GRAPH_ID)
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


def read_turtle_bytes(path: Path) -> bytes:
    """The bytes of a Turtle file, which must be UTF-8.

    Args:
        path: the file.

    Raises:
        InputFileError: the file cannot be read.
        TurtleSyntaxError: the file is not UTF-8 (the line of the first bad byte).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {exc.strerror}") from exc
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TurtleSyntaxError(path, data.count(b"\n", 0, exc.start) + 1, "file is not UTF-8") from exc
    return data


def load_into_oxigraph(native, path: Path, data: bytes | None = None) -> None:
    """Parse one Turtle file straight into a pyoxigraph store's default graph.

    Args:
        native: the pyoxigraph ``Store``.
        path: the file (also the base IRI of its relative IRIs).
        data: its bytes, when already read; else Oxigraph reads the file itself (no copy
            of it in Python: at a million triples that spares a tenth of a second).
    """
    import pyoxigraph

    source = {"input": data} if data is not None else {"path": str(path)}
    try:
        native.load(
            **source,
            format=pyoxigraph.RdfFormat.TURTLE,
            base_iri=path.resolve().as_uri(),
            to_graph=pyoxigraph.DefaultGraph(),
        )
    except SyntaxError as exc:
        if data is None:
            read_turtle_bytes(path)  # a file that is not UTF-8 is said so, with the line
        raise _syntax_error_from_oxigraph(path, exc) from exc
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {exc.strerror or exc}") from exc


def parse_file(graph, path: Path, store: str = "memory") -> None:
    """Parse one Turtle file into a graph, turning any parser error into a TurtleSyntaxError.

    Args:
        graph: the rdflib graph to add the triples to.
        path: the Turtle file.
        store: the store the graph is on; Oxigraph graphs are filled by Oxigraph's own parser.
    """
    data = read_turtle_bytes(path)
    if store.startswith("oxigraph"):
        from .query.engines import pyoxigraph_store

        load_into_oxigraph(pyoxigraph_store(graph), path, data)
        return
    _parse_into_rdflib(graph, path, data)


def _parse_into_rdflib(graph, path: Path, data: bytes) -> None:
    """Parse a Turtle file's bytes with rdflib's parser, errors as TurtleSyntaxError."""
    public_id = path.resolve().as_uri()
    try:
        graph.parse(data=data, format="turtle", publicID=public_id)
    except SyntaxError as exc:  # rdflib's BadSyntax is a SyntaxError
        raise _syntax_error_from_rdflib(path, exc) from exc
    except Exception as exc:  # rdflib raises plain errors for some malformed terms
        raise TurtleSyntaxError(path, None, f"{type(exc).__name__}: {exc}") from exc


def rule_files() -> list[Path]:
    """The rules in ``ontology/rules/``, in the order they are applied (by file name)."""
    return sorted(rules_dir().glob("*.rq"))


def run_rules_in_oxigraph(native) -> None:
    """Apply every rule inside a pyoxigraph store (SPARQL Update, no Python in between).

    Args:
        native: the pyoxigraph ``Store``; the rules read and write its default graph.
    """
    for rule in rule_files():
        native.update(rule.read_text(encoding="utf-8"))


def apply_rules_in_oxigraph(native) -> int:
    """Apply every rule inside a pyoxigraph store; returns the count added.

    Counting takes a scan of the store before and after (0.1 s each at a million triples).

    Args:
        native: the pyoxigraph ``Store``; the rules read and write its default graph.
    """
    before = len(native)
    run_rules_in_oxigraph(native)
    return len(native) - before


def _count_derived(files: Sequence[Path]) -> int:
    """How many triples the rules add to these files: loaded and derived again in a scratch store."""
    import pyoxigraph

    scratch = pyoxigraph.Store()
    for path in files:
        load_into_oxigraph(scratch, path)
    return apply_rules_in_oxigraph(scratch)


def apply_rules(graph, engine: str = "auto") -> int:
    """Apply every rule in ``ontology/rules/`` (SPARQL Update) to a graph; returns the count added.

    On the Oxigraph store the rules run inside pyoxigraph. On the memory store they run in
    Oxigraph too, on the mirror the queries use (kept in step, so the first query need not
    make it again), unless the engine is ``rdflib``.

    Args:
        graph: an rdflib graph on the memory or the Oxigraph store.
        engine: the graph's SPARQL engine (``auto``, ``rdflib`` or ``oxigraph``).
    """
    from .query.engines import is_oxigraph_store, mirror_possible, pyoxigraph_available, pyoxigraph_store

    native = pyoxigraph_store(graph) if is_oxigraph_store(graph) else None
    if native is not None:
        return apply_rules_in_oxigraph(native)
    if engine != "rdflib" and pyoxigraph_available() and mirror_possible(graph):
        return _apply_rules_through_mirror(graph)
    before = len(graph)
    for rule in rule_files():
        # rdflib plans a query far better than an update (0.02 s against 0.5 s for
        # instance-of.rq on the real graph): run the rule's INSERT template as the
        # CONSTRUCT of the same template and WHERE, read the answer whole, then add it
        constructed = list(graph.query(rule_as_construct(rule)))
        for triple in constructed:
            graph.add(triple)
    return len(graph) - before


def _apply_rules_through_mirror(graph) -> int:
    """The rules on the memory store, evaluated by Oxigraph on the graph's mirror.

    Each rule's CONSTRUCT runs on the mirror; what it gives goes into the mirror (so the
    next rule sees it) and, as the very rdflib terms the graph holds, into the graph.
    """
    import pyoxigraph

    from .query.engines import TermCache, mirror_now_matches, mirror_originals, oxigraph_mirror

    mirror = oxigraph_mirror(graph)
    originals = mirror_originals(graph)
    made: dict = {}
    fallback = TermCache()

    def original(term):
        found = originals.get(term)
        if found is None:
            found = made.get(term)
            if found is None:
                found = made[term] = fallback.convert(term)
        return found

    before = len(graph)
    for rule in rule_files():
        constructed = list(mirror.query(rule_as_construct(rule)))
        mirror.extend([pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in constructed])
        graph.addN((original(t.subject), original(t.predicate), original(t.object), graph) for t in constructed)
    mirror_now_matches(graph, made)
    return len(graph) - before


_INSERT_KEYWORD = re.compile(r"^INSERT(?=\s*\{)", re.MULTILINE)


def rule_as_construct(rule: Path) -> str:
    """A rule (``INSERT { template } WHERE { pattern }``) as the query ``CONSTRUCT { template } WHERE { pattern }``.

    Args:
        rule: the rule file; its update must start a line with ``INSERT {`` and hold no
            ``DELETE`` or ``GRAPH`` (a test checks every rule).
    """
    text = rule.read_text(encoding="utf-8")
    construct, count = _INSERT_KEYWORD.subn("CONSTRUCT", text, count=1)
    if count != 1:
        raise InputFileError(rule, "a rule must be one SPARQL update that starts a line with 'INSERT {'")
    return construct


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
        store: ``"memory"`` (default), ``"oxigraph"`` or ``"oxigraph:PATH"`` (persistent:
            reopened as it is while its inputs stay the same, see :mod:`.persistent_store`).
        include_graph: read ``graph/`` (set False to load only the vocabulary and ``extra``).
        track_files: remember which file states something about which IRI (for reports);
            on by default for the memory store, off for Oxigraph (at a million triples the
            second, fast parse still costs seconds).
        engine: the SPARQL engine for queries on the memory store: ``auto`` (Oxigraph
            when installed), ``rdflib`` or ``oxigraph`` (see :mod:`.query.engines`).

    Returns:
        A :class:`~zorgakkoorden.knowledge_graph.KnowledgeGraph`.
    """
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
    name, _, location = store.partition(":")
    subject_files: dict = {}
    if name == "oxigraph" and location:
        from .persistent_store import inputs_of, open_or_build

        def build(native) -> int:
            # load and derive in memory, then write the whole into the folder with the bulk
            # loader: at a million triples 19 s, against 43 s loading and deriving on disk
            import pyoxigraph

            in_memory = pyoxigraph.Store()
            for path in files:
                load_into_oxigraph(in_memory, path)
            derived = apply_rules_in_oxigraph(in_memory)
            native.bulk_extend(in_memory.quads_for_pattern(None, None, None, None))
            return derived

        native, derived, _ = open_or_build(Path(location), inputs_of(files, rule_files()), build)
        graph = oxigraph_graph(native)
        if track_files:
            for path in files:
                _track_subjects(path, read_turtle_bytes(path), subject_files)
        return KnowledgeGraph(graph, files=files, store=store, subject_files=subject_files, derived=derived, engine=engine)
    graph = new_graph(store)
    if name == "oxigraph":
        from .query.engines import pyoxigraph_store

        native = pyoxigraph_store(graph)
    for path in files:
        # Oxigraph reads a file itself unless its bytes are needed here too
        data = read_turtle_bytes(path) if name != "oxigraph" or track_files else None
        if name == "oxigraph":
            load_into_oxigraph(native, path, data)
        else:
            _parse_into_rdflib(graph, path, data)
        if track_files:
            _track_subjects(path, data, subject_files)
    if name == "oxigraph":
        # the load is the time that counts on this store: the count of derived triples
        # (for check's report) is made when first asked, not here
        run_rules_in_oxigraph(native)
        derived = functools.partial(_count_derived, files)
    else:
        derived = apply_rules(graph, engine)
    return KnowledgeGraph(graph, files=files, store=store, subject_files=subject_files, derived=derived, engine=engine)


def _track_subjects(path: Path, data: bytes, subject_files: dict) -> None:
    """Note ``path`` against every IRI the file states something about (read by Oxigraph's fast parser)."""
    import pyoxigraph
    from rdflib import URIRef

    seen: set[str] = set()
    for quad in pyoxigraph.parse(input=data, format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()):
        subject = quad.subject
        if type(subject) is pyoxigraph.NamedNode and subject.value not in seen:
            seen.add(subject.value)
            subject_files.setdefault(URIRef(subject.value), set()).add(path)
