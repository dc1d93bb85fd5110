"""Oxigraph (pyoxigraph) underneath the stores: parsing, rules, queries, answers, term conversion.

The memory store keeps a pyoxigraph copy of its graph (the mirror) and the Oxigraph
stores are pyoxigraph stores; all of them parse Turtle, run the rules and answer queries
here. Terms cross between pyoxigraph and rdflib through a :class:`TermCache`, which makes
each rdflib term once (rdflib's constructors are slow).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InputFileError, QueryError
from .base import Answer, MirrorError, TooManyResults
from .files import read_turtle_bytes, rule_as_construct, rule_files, syntax_error_from_oxigraph

TURTLE = ox.RdfFormat.TURTLE


# --------------------------------------------------------------------------- terms


class TermCache(dict):
    """pyoxigraph terms to rdflib terms, each made once (rdflib's constructors are slow).

    Keyed by the pyoxigraph term itself (RDF term equality: a literal's value, language and
    datatype), which hashes in Rust.
    """

    def convert(self, term):
        """The rdflib term for a pyoxigraph term (``None`` stays ``None``)."""
        if term is None:
            return None
        found = self.get(term)
        if found is None:
            found = self[term] = _from_oxigraph(term, type(term).__name__)
        return found


_RDFLIB: dict = {}


def _from_oxigraph(term, kind: str):
    if not _RDFLIB:
        from rdflib import BNode, Literal, URIRef
        from rdflib.namespace import XSD

        _RDFLIB.update(BNode=BNode, Literal=Literal, URIRef=URIRef, string=str(XSD.string))
    if kind == "NamedNode":
        return _RDFLIB["URIRef"](term.value)
    if kind == "BlankNode":
        return _RDFLIB["BNode"](term.value)
    if kind == "Literal":
        if term.language:
            return _RDFLIB["Literal"](term.value, lang=term.language)
        if term.datatype.value == _RDFLIB["string"]:
            return _RDFLIB["Literal"](term.value)
        return _RDFLIB["Literal"](term.value, datatype=_RDFLIB["URIRef"](term.datatype.value))
    # a quoted triple (RDF-star): oxrdflib's converter knows it, where installed
    try:
        from oxrdflib._converter import from_ox
    except ImportError as exc:
        raise QueryError(f"an answer holds a term rdflib cannot represent here: {term!r}") from exc
    return from_ox(term)


def to_oxigraph(term: Any, blank_nodes: dict | None = None):
    """An rdflib IRI, blank node or literal as a pyoxigraph term.

    Args:
        term: an ``rdflib`` ``URIRef``, ``BNode`` or ``Literal``.
        blank_nodes: where blank nodes whose id pyoxigraph refuses get a fresh one (one per id).

    Raises:
        MirrorError: an IRI that Oxigraph refuses as malformed, or another kind of term.
    """
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        try:
            return ox.NamedNode(str(term))
        except ValueError as exc:
            raise MirrorError(f"Oxigraph refuses the IRI {str(term)!r} of the graph as malformed: {exc}") from exc
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        try:
            return ox.BlankNode(str(term))
        except ValueError:
            if blank_nodes is None:
                raise
            return blank_nodes.setdefault(str(term), ox.BlankNode())
    raise MirrorError(f"a {type(term).__name__} of the graph cannot be copied into Oxigraph: {term!r}")


def copy_into_oxigraph(triples: Iterable[tuple]) -> tuple[Any, dict]:
    """A new in-memory pyoxigraph store holding rdflib triples; also the rdflib term behind each of its terms.

    Args:
        triples: rdflib ``(s, p, o)`` triples.

    Raises:
        MirrorError: a term Oxigraph refuses.
    """
    store = ox.Store()
    blank_nodes: dict = {}
    terms: dict = {}

    def convert(term):
        found = terms.get(term)
        if found is None:
            found = terms[term] = to_oxigraph(term, blank_nodes)
        return found

    store.extend([ox.Quad(convert(s), convert(p), convert(o)) for s, p, o in triples])
    return store, {ox_term: term for term, ox_term in terms.items()}


# --------------------------------------------------------------------------- parsing and rules


def new_store(path: str | None = None):
    """A new pyoxigraph store: in memory, or on disk in the folder ``path``."""
    return ox.Store(path) if path is not None else ox.Store()


def load_file(native, path: Path, data: bytes | None = None) -> None:
    """Parse one Turtle file straight into a pyoxigraph store's default graph.

    Args:
        native: the pyoxigraph ``Store``.
        path: the file (also the base IRI of its relative IRIs).
        data: its bytes, when already read; else Oxigraph reads the file itself.

    Raises:
        TurtleSyntaxError: the file does not parse (file, line, column) or is not UTF-8.
        InputFileError: the file cannot be read.
    """
    source = {"input": data} if data is not None else {"path": str(path)}
    try:
        native.load(**source, format=TURTLE, base_iri=Path(path).resolve().as_uri(), to_graph=ox.DefaultGraph())
    except SyntaxError as exc:
        if data is None:
            read_turtle_bytes(path)  # a file that is not UTF-8 is said so, with the line
        raise syntax_error_from_oxigraph(path, exc) from exc
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {exc.strerror or exc}") from exc


def parse_file(path: Path) -> list:
    """The triples of one Turtle file as pyoxigraph quads (in the default graph).

    Args:
        path: the file.

    Raises:
        TurtleSyntaxError: the file does not parse or is not UTF-8.
    """
    data = read_turtle_bytes(path)
    try:
        return list(ox.parse(input=data, format=TURTLE, base_iri=Path(path).resolve().as_uri()))
    except SyntaxError as exc:
        raise syntax_error_from_oxigraph(path, exc) from exc


def parse_turtle_triples(text: str, base: str) -> list[tuple]:
    """The triples of a Turtle text, read by Oxigraph's parser, as rdflib terms.

    Args:
        text: the Turtle text.
        base: the base IRI.

    Raises:
        SyntaxError: the text does not parse (pyoxigraph's message).
    """
    convert = TermCache().convert
    return [
        (convert(q.subject), convert(q.predicate), convert(q.object))
        for q in ox.parse(input=text.encode("utf-8"), format=TURTLE, base_iri=base)
    ]


def note_subjects(path: Path, quads: Iterable, subject_files: dict) -> None:
    """Note ``path`` against every IRI that is the subject of one of its quads.

    Args:
        path: the file the quads came from.
        quads: its pyoxigraph quads.
        subject_files: IRI (rdflib) -> set of files, filled in.
    """
    from rdflib import URIRef

    seen: set[str] = set()
    for quad in quads:
        subject = quad.subject
        if type(subject) is ox.NamedNode and subject.value not in seen:
            seen.add(subject.value)
            subject_files.setdefault(URIRef(subject.value), set()).add(path)


def load_files(native, files: Sequence[Path], subject_files: dict | None = None) -> None:
    """Parse Turtle files into a pyoxigraph store, noting the subjects of each when asked.

    Args:
        native: the pyoxigraph ``Store``.
        files: the files, in load order.
        subject_files: IRI -> set of files, filled in when given.
    """
    for path in files:
        if subject_files is None:
            load_file(native, path)
        else:
            quads = parse_file(path)
            native.extend(quads)
            note_subjects(path, quads, subject_files)


def run_rules(native) -> None:
    """Apply every rule inside a pyoxigraph store (SPARQL Update, no Python in between)."""
    for rule in rule_files():
        native.update(rule.read_text(encoding="utf-8"))


def apply_rules(native) -> int:
    """Apply every rule inside a pyoxigraph store; the count added (a scan of the store before and after)."""
    before = len(native)
    run_rules(native)
    return len(native) - before


def constructed_by_rules(native):
    """Run each rule's CONSTRUCT on a pyoxigraph store, adding its triples there; yields each rule's triples."""
    for rule in rule_files():
        constructed = list(native.query(rule_as_construct(rule)))
        native.extend([ox.Quad(t.subject, t.predicate, t.object) for t in constructed])
        yield constructed


# --------------------------------------------------------------------------- queries


def graph_name(identifier: Any):
    """The pyoxigraph graph name for an rdflib graph identifier (the default graph for rdflib's, and for None)."""
    if identifier is None:
        return ox.DefaultGraph()
    from rdflib import BNode, URIRef

    if isinstance(identifier, BNode):
        return ox.BlankNode(str(identifier))
    if isinstance(identifier, URIRef) and str(identifier) != "urn:x-rdflib:default":
        return ox.NamedNode(str(identifier))
    return ox.DefaultGraph()


def run_query(native, text: str, *, prefixes: Mapping[str, str], default_graph=None, dataset: Any = None, names_graphs: bool = False):
    """pyoxigraph's own result of a query.

    Args:
        native: the pyoxigraph ``Store``.
        text: the SPARQL text.
        prefixes: prefix -> namespace, predeclared.
        default_graph: the graph to query as the default graph (None: the store's).
        dataset: ``default_graphs`` / ``named_graphs`` IRIs a request names, or None.
        names_graphs: the query names its graphs (FROM / FROM NAMED): graphs of this store,
            left to the query (Oxigraph never fetches them).

    Raises:
        SyntaxError: the text does not parse.
    """
    kwargs: dict[str, Any] = {"prefixes": dict(prefixes)}
    if dataset is not None:
        kwargs["default_graph"] = [ox.NamedNode(iri) for iri in dataset.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(iri) for iri in dataset.named_graphs]
    elif names_graphs:
        pass  # the query's own FROM / FROM NAMED name graphs of this store
    elif default_graph is not None:
        kwargs["default_graph"] = default_graph
    return native.query(text, **kwargs)


def to_rdflib_result(result, cache: TermCache):
    """pyoxigraph's result as an rdflib ``Result`` of rdflib terms (xsd:string literals plain).

    Args:
        result: pyoxigraph's QueryBoolean, QuerySolutions or QueryTriples.
        cache: the term cache to convert with.
    """
    from rdflib import Graph, Variable
    from rdflib.query import Result

    if isinstance(result, ox.QueryBoolean):
        answer = Result("ASK")
        answer.askAnswer = bool(result)
        return answer
    convert = cache.convert
    if isinstance(result, ox.QuerySolutions):
        answer = Result("SELECT")
        names = [Variable(v.value) for v in result.variables]
        answer.vars = names
        bindings = []
        for solution in result:
            row = {}
            for name, value in zip(names, solution):
                if value is not None:
                    row[name] = convert(value)
            bindings.append(row)
        answer.bindings = bindings
        return answer
    answer = Result("CONSTRUCT")
    answer.graph = Graph()
    answer.graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), answer.graph) for t in result)
    return answer


def select_rows(result, cache: TermCache) -> list[dict[str, Any]]:
    """pyoxigraph's SELECT solutions as rows of variable name (no ``?``) to rdflib term."""
    convert = cache.convert
    names = [v.value for v in result.variables]
    return [{n: convert(v) for n, v in zip(names, solution) if v is not None} for solution in result]


def quads_as_rdflib(native, default_graph=None, predicate: Any = None, cache: TermCache | None = None) -> Iterator[tuple]:
    """The triples of a pyoxigraph store's graph as rdflib terms, each term converted once.

    Args:
        native: the pyoxigraph ``Store``.
        default_graph: the graph name to read (the default graph when None).
        predicate: only triples with this predicate (an rdflib IRI), when given.
        cache: the term cache to convert with (a new one when None).
    """
    convert = (cache if cache is not None else TermCache()).convert
    graph = default_graph if default_graph is not None else ox.DefaultGraph()
    p = ox.NamedNode(str(predicate)) if predicate is not None else None
    for q in native.quads_for_pattern(None, p, None, graph):
        yield convert(q.subject), convert(q.predicate), convert(q.object)


def dump(native, path: Path, fmt: str, default_graph=None) -> None:
    """Write a graph of a pyoxigraph store to a file as N-Triples (``nt``) or Turtle."""
    rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.TURTLE
    native.dump(str(path), format=rdf_format, from_graph=default_graph if default_graph is not None else ox.DefaultGraph())


def count(native, default_graph=None) -> int:
    """How many triples a graph of a pyoxigraph store holds."""
    if default_graph is None:
        default_graph = ox.DefaultGraph()
    result = native.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=default_graph)
    return int(next(iter(result))["n"].value)


# --------------------------------------------------------------------------- answers for the endpoint


class _CappedLines:
    """A binary writer for pyoxigraph's serialisers that stops after a number of lines."""

    def __init__(self, limit: int, what: str):
        self.limit = limit
        self.what = what
        self.lines = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        self.lines += chunk.count(b"\n")
        if self.lines > self.limit:
            raise TooManyResults(self.what)
        self.parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the parts stay in memory."""

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


class NativeAnswer(Answer):
    """pyoxigraph's answer to a query, serialised by pyoxigraph (many times faster than rdflib).

    Args:
        result: pyoxigraph's result.
        prefixes: written into Turtle answers.
    """

    def __init__(self, result, prefixes: Mapping[str, str]):
        self.result = result
        self.prefixes = dict(prefixes)
        if isinstance(result, ox.QueryBoolean):
            self.form = "ASK"
        elif isinstance(result, ox.QuerySolutions):
            self.form = "SELECT"
        else:
            self.form = "CONSTRUCT"

    def serialize(self, key: str, max_results: int) -> bytes:
        result = self.result
        if self.form == "ASK":
            fmt = ox.QueryResultsFormat.JSON if key == "json" else ox.QueryResultsFormat.XML
            return result.serialize(format=fmt)
        if self.form == "SELECT":
            writer = _CappedLines(max_results + 1, "rows")  # + 1: the header line
            result.serialize(writer, format=ox.QueryResultsFormat.TSV)
            tsv = writer.getvalue()
            if key == "tsv":
                return tsv
            formats = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV}
            solutions = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
            return solutions.serialize(format=formats[key])
        # CONSTRUCT or DESCRIBE: N-Triples first (one triple a line: counted, de-duplicated, sorted)
        writer = _CappedLines(max_results, "triples")
        result.serialize(writer, format=ox.RdfFormat.N_TRIPLES)
        lines = sorted(set(writer.getvalue().splitlines()))
        ntriples = b"".join(line + b"\n" for line in lines)
        if key == "nt":
            return ntriples
        formats = {"turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
        triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
        prefixes = self.prefixes if key == "turtle" else None
        return ox.serialize(triples, format=formats[key], prefixes=prefixes)


def open_read_only(location: Path):
    """A store on disk opened read-only (nothing is written to the folder, a damaged one is never made anew)."""
    return ox.Store.read_only(str(location))


def quads_for(native, default_graph, pattern: tuple):
    """The quads of one graph of a pyoxigraph store matching an rdflib ``(s, p, o)`` pattern (None for any).

    Raises:
        MirrorError: a term of the pattern Oxigraph cannot take.
    """
    s, p, o = (to_oxigraph(t) if t is not None else None for t in pattern)
    return native.quads_for_pattern(s, p, o, default_graph if default_graph is not None else ox.DefaultGraph())


# --------------------------------------------------------------------------- light terms (the cold command line)


def to_plain(term):
    """A pyoxigraph term as a light term of :mod:`zorgakkoorden.terms` (no rdflib).

    Raises:
        NeedsRdflib: a literal whose lexical form rdflib would rewrite, or a quoted triple.
    """
    from ..terms import XSD_STRING, Blank, Iri, Lit, NeedsRdflib, lexical_kept

    kind = type(term)
    if kind is ox.NamedNode:
        return Iri(term.value)
    if kind is ox.BlankNode:
        return Blank(term.value)
    if kind is ox.Literal:
        if term.language:
            return Lit(term.value, language=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Lit(term.value)
        if lexical_kept(term.value, datatype):
            return Lit(term.value, datatype=datatype)
        raise NeedsRdflib(f"a literal of {datatype}")
    raise NeedsRdflib(f"a {kind.__name__}")


def plain_answer(result):
    """pyoxigraph's answer to a SELECT or ASK as a :class:`zorgakkoorden.terms.PlainAnswer`.

    Raises:
        NeedsRdflib: a CONSTRUCT or DESCRIBE (its Turtle is rdflib's), or a term :func:`to_plain` refuses.
    """
    from ..terms import NeedsRdflib, PlainAnswer

    if isinstance(result, ox.QueryBoolean):
        return PlainAnswer("ASK", boolean=bool(result))
    if not isinstance(result, ox.QuerySolutions):
        raise NeedsRdflib("a graph answer")
    names = [v.value for v in result.variables]
    made: dict = {}
    rows = []
    for solution in result:
        row = {}
        for name, value in zip(names, solution):
            if value is not None:
                term = made.get(value)
                if term is None:
                    term = made[value] = to_plain(value)
                row[name] = term
        rows.append(row)
    return PlainAnswer("SELECT", names, rows)


def plain_objects(native, default_graph, subject: str, predicate: str) -> list:
    """The objects of one subject and predicate, as light terms.

    Args:
        native: the pyoxigraph store.
        default_graph: the graph name (the default graph when None).
        subject: the subject IRI.
        predicate: the predicate IRI.
    """
    graph = default_graph if default_graph is not None else ox.DefaultGraph()
    return [to_plain(q.object) for q in native.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None, graph)]


def has_subject(native, default_graph, subject: str) -> bool:
    """Whether an IRI is the subject of a triple of the graph."""
    try:
        node = ox.NamedNode(subject)
    except ValueError:
        return False
    graph = default_graph if default_graph is not None else ox.DefaultGraph()
    return next(iter(native.quads_for_pattern(node, None, None, graph)), None) is not None
