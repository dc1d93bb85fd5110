"""The project's canonical Turtle: one form for every file of ``ontology/`` and ``graph/``.

The form (docs/modelling.md, "Canonical Turtle"):

- the file's opening comment, then one prefix block (``@prefix``, the project's prefixes
  first in their usual order, the rest by name, aligned);
- one subject block per subject, in the file's order, separated by one blank line; comments
  between blocks stay where they are; a comment inside a block, or after it on its last line,
  is written just above the block;
- in a block, ``a`` first, a statement's ``rdf:subject ; rdf:predicate ; rdf:object`` on one
  line, then the properties in a fixed order (labels, descriptions, sources, ...), properties
  the order does not know in the order they first appear;
- the values of a property sorted (IRIs, then texts in Dutch, English, other), as many on a
  line as fit in 120 characters; blank nodes inline as ``[ ... ]``, lists as ``( ... )``.

Each block is read by Oxigraph's Turtle parser (the file is only cut into blocks and comments
by a small lexer that knows strings, IRIs and comments), and every formatted file is read
again by rdflib's parser and compared with the original (``rdflib.compare.isomorphic``)
before it is written: two parsers have to agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .errors import InputFileError, TurtleSyntaxError
from .namespaces import PREFIXES, SCHEMA, SH, ZK

WIDTH = 120
INDENT = "    "

PREDICATE_ORDER = [
    RDF.type, RDF.subject, RDF.predicate, RDF.object,
    RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf,
    RDFS.label, SKOS.prefLabel, SKOS.altLabel, ZK.abbreviation, SKOS.definition,
    DCTERMS.title, DCTERMS.description, SKOS.inScheme, SKOS.broader,
    SCHEMA.url, ZK.sourceKind, ZK.citedFramework, ZK.citedYear, ZK.citedIn,
    ZK.aspect, ZK.year, ZK.citation, ZK.conflictingStatement,
    DCTERMS.source, ZK.sourceSection,
    RDFS.domain, RDFS.range,
    SH.targetClass, SH.path,
]
_RANK = {p: i for i, p in enumerate(PREDICATE_ORDER)}
_PN_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_\-.]*[A-Za-z0-9_\-])?\Z")
_LANG_RANK = {"nl": 0, "en": 1}


@dataclass
class Piece:
    """One piece of a Turtle file: a comment line, a blank line, a prefix or a block of triples."""

    kind: str  # "comment", "blank", "prefix", "block"
    text: str
    line: int
    prefix: str = ""
    namespace: str = ""
    comments: list = field(default_factory=list)  # comments inside the block or after it on its last line


_PREFIX_RE = re.compile(r"(?:@prefix|PREFIX)\s+([A-Za-z][\w\-.]*)?:\s*<([^>]*)>\s*\.?\s*\Z", re.IGNORECASE)


def split_pieces(text: str, path: Path | str = "<text>") -> list[Piece]:
    """Cut a Turtle text into comments, blank lines, prefixes and blocks (each ending in its ``.``).

    Args:
        text: the Turtle text.
        path: the file's name, for messages.
    """
    pieces: list[Piece] = []
    i, n, line = 0, len(text), 1
    while i < n:
        # at the start of a line (or after a block on the same line)
        j = i
        while j < n and text[j] in " \t\r":
            j += 1
        if j >= n:
            break
        if text[j] == "\n":
            pieces.append(Piece("blank", "", line))
            i, line = j + 1, line + 1
            continue
        if text[j] == "#":
            end = text.find("\n", j)
            end = n if end < 0 else end
            pieces.append(Piece("comment", text[j:end].rstrip(), line))
            i, line = end + 1, line + 1
            continue
        start_line = line
        k, depth = j, 0
        inner: list[str] = []
        while True:
            if k >= n:
                raise TurtleSyntaxError(path, start_line, "the block does not end with '.'")
            c = text[k]
            if c == "\n":
                line += 1
                k += 1
            elif c == "#":
                end = text.find("\n", k)
                end = n if end < 0 else end
                inner.append(text[k:end].rstrip())
                k = end
            elif c == "<":
                end = text.find(">", k)
                if end < 0 or "\n" in text[k:end]:
                    k += 1  # not an IRI (the parser will say)
                else:
                    k = end + 1
            elif c in "\"'":
                quote = c * 3 if text.startswith(c * 3, k) else c
                m = k + len(quote)
                while m < n and not text.startswith(quote, m):
                    if text[m] == "\\":
                        m += 1
                    elif text[m] == "\n":
                        line += 1
                    m += 1
                if m >= n:
                    raise TurtleSyntaxError(path, start_line, "a string is not closed")
                k = m + len(quote)
            elif c in "[(":
                depth += 1
                k += 1
            elif c in "])":
                depth -= 1
                k += 1
            elif c == "." and depth <= 0 and (k + 1 >= n or text[k + 1] in " \t\r\n#"):
                k += 1
                break
            else:
                k += 1
        chunk = text[j:k]
        m = _PREFIX_RE.match(chunk.strip())
        if m and not inner:
            pieces.append(Piece("prefix", chunk.strip(), start_line, m.group(1) or "", m.group(2)))
        else:
            pieces.append(Piece("block", chunk, start_line, comments=inner))
        # what is left on the block's last line: a comment, or nothing
        rest_end = text.find("\n", k)
        rest_end = n if rest_end < 0 else rest_end
        rest = text[k:rest_end].strip()
        if rest.startswith("#"):
            if pieces[-1].kind == "block":
                pieces[-1].comments.append(rest)
            else:
                pieces.append(Piece("comment", rest, line))
            i, line = rest_end + 1, line + 1
        elif rest:
            i = k  # another block on the same line
        else:
            i, line = rest_end + 1, line + 1
    return pieces


def _prefix_key(item: tuple[str, str]) -> tuple:
    order = list(PREFIXES)
    prefix = item[0]
    return (0, order.index(prefix), "") if prefix in PREFIXES else (1, 0, prefix)


class TurtleWriter:
    """Writes subject blocks in the canonical form, with the prefixes of one file.

    Args:
        prefixes: (prefix, namespace) pairs the text may use.
    """

    def __init__(self, prefixes: Iterable[tuple[str, str]]):
        self.prefixes = sorted({(p, str(ns)) for p, ns in prefixes}, key=_prefix_key)
        self._by_length = sorted(self.prefixes, key=lambda item: -len(item[1]))

    def prefix_block(self) -> str:
        """The ``@prefix`` lines, aligned."""
        if not self.prefixes:
            return ""
        width = max(9, max(len(p) + 2 for p, _ in self.prefixes))
        return "".join(f"@prefix {(p + ':').ljust(width)}<{ns}> .\n" for p, ns in self.prefixes)

    def iri(self, iri: URIRef, predicate: bool = False) -> str:
        if predicate and iri == RDF.type:
            return "a"
        text = str(iri)
        for prefix, ns in self._by_length:
            if text.startswith(ns):
                local = text[len(ns):]
                if local == "" or _PN_LOCAL.match(local):
                    return f"{prefix}:{local}"
        return "<" + text.replace(">", "%3E") + ">"

    def literal(self, lit: Literal) -> str:
        def qname(uri) -> str | None:
            text = self.iri(URIRef(uri))
            return None if text.startswith("<") else text

        lexical, datatype = str(lit), lit.datatype
        if datatype is not None and (
            (datatype == XSD.integer and re.fullmatch(r"[+-]?\d+", lexical))
            or (datatype == XSD.decimal and re.fullmatch(r"[+-]?\d*\.\d+", lexical))
            or (datatype == XSD.boolean and lexical in ("true", "false"))
        ):
            return lexical
        return lit._literal_n3(use_plain=False, qname_callback=qname)

    @staticmethod
    def object_key(o) -> tuple:
        if isinstance(o, URIRef):
            return (0, 0, str(o))
        if isinstance(o, BNode):
            return (1, 0, "")
        return (2, _LANG_RANK.get(o.language or "", 2 if not o.language else 3), str(o.datatype or ""), str(o))

    def predicates(self, graph: Graph, subject, first_seen: dict) -> list:
        preds = list(dict.fromkeys(graph.predicates(subject, None)))
        return sorted(preds, key=lambda p: (_RANK.get(p, len(_RANK)), first_seen.get(p, 0), str(p)))

    def term(self, graph: Graph, o, indent: str, first_seen: dict) -> str:
        if isinstance(o, URIRef):
            return self.iri(o)
        if isinstance(o, Literal):
            return self.literal(o)
        items = self._as_list(graph, o)
        if items is not None:
            return "( " + " ".join(self.term(graph, x, indent, first_seen) for x in items) + " )" if items else "( )"
        body = self.property_lines(graph, o, indent + INDENT, first_seen)
        one_line = "[ " + " ; ".join(line.strip() for line in body) + " ]"
        if len(one_line) + len(indent) + 20 <= WIDTH and "\n" not in one_line:
            return one_line
        return "[\n" + " ;\n".join(body) + " ]"

    @staticmethod
    def _as_list(graph: Graph, node) -> list | None:
        items = []
        while node != RDF.nil:
            if set(graph.predicates(node, None)) != {RDF.first, RDF.rest}:
                return None
            items.append(graph.value(node, RDF.first))
            node = graph.value(node, RDF.rest)
        return items

    def _objects(self, graph: Graph, subject, p, indent: str, first_seen: dict) -> str:
        objects = sorted(graph.objects(subject, p), key=self.object_key)
        texts = [self.term(graph, o, indent, first_seen) for o in objects]
        head = self.iri(p, predicate=True) + " "
        lines = [indent + head]
        for k, t in enumerate(texts):
            sep = "" if k == 0 else " , "
            if k and ("\n" in t or len(lines[-1]) + len(sep) + len(t.split("\n")[0]) > WIDTH):
                lines[-1] += " ,"
                lines.append(indent + INDENT + t)
            else:
                lines[-1] += sep + t
        return "\n".join(lines)

    def property_lines(self, graph: Graph, subject, indent: str, first_seen: dict) -> list[str]:
        preds = self.predicates(graph, subject, first_seen)
        out = []
        spo = [RDF.subject, RDF.predicate, RDF.object]
        if all(len(list(graph.objects(subject, p))) == 1 for p in spo):
            parts = [f"{self.iri(p, True)} {self.term(graph, graph.value(subject, p), indent, first_seen)}" for p in spo]
            joined = " ; ".join(parts)
            if "\n" not in joined:
                rest = [p for p in preds if p != RDF.type and p not in spo]
                if RDF.type in preds:
                    out.append(self._objects(graph, subject, RDF.type, indent, first_seen))
                out.append(indent + joined)
                preds = rest
        for p in preds:
            out.append(self._objects(graph, subject, p, indent, first_seen))
        return out

    def block(self, graph: Graph, subject, first_seen: dict | None = None) -> str:
        """One subject block, ending in `` .``."""
        first_seen = first_seen or {}
        head = self.iri(subject) if isinstance(subject, URIRef) else "[]"
        lines = self.property_lines(graph, subject, INDENT, first_seen)
        if not lines:
            return ""
        lines[0] = head + " " + lines[0].lstrip()
        return " ;\n".join(lines) + " .\n"


def _roots(graph: Graph) -> list:
    objects = set(o for o in graph.objects() if isinstance(o, BNode))
    roots = []
    for s in dict.fromkeys(graph.subjects()):
        if isinstance(s, BNode) and s in objects:
            continue
        roots.append(s)
    return sorted(roots, key=lambda s: (isinstance(s, BNode), str(s)))


def _first_seen(block_text: str, writer: TurtleWriter) -> dict:
    """The order properties are first written in a block (for properties the fixed order does not know)."""
    order: dict = {}
    for m in re.finditer(r"(?<![\w:<\"'])([A-Za-z][\w\-]*):([A-Za-z_][\w\-]*)", block_text):
        for prefix, ns in writer.prefixes:
            if prefix == m.group(1):
                order.setdefault(URIRef(ns + m.group(2)), len(order))
    return order


def _parse_block(text: str, base: str) -> Graph:
    """One block's triples, read by Oxigraph's Turtle parser (fast; the whole file is read again by rdflib)."""
    from .store.native import parse_turtle_triples

    graph = Graph()
    for triple in parse_turtle_triples(text, base):
        graph.add(triple)
    return graph


def _located_syntax_error(path: Path | str) -> None:
    """Raise the loader's syntax error for a file (its line, column and a readable message), if it is a file."""
    from .loader import parse_file

    if str(path) != "<text>" and Path(path).is_file():
        parse_file(Graph(), Path(path))


def format_text(text: str, path: Path | str = "<text>") -> str:
    """The canonical form of a Turtle text (see the module docstring).

    Args:
        text: the Turtle text.
        path: the file's name, for messages.

    Raises:
        TurtleSyntaxError: the text does not parse (file and line named).
        InputFileError: the formatted text would not say the same as the original (a bug: nothing is written).
    """
    from rdflib.compare import isomorphic

    pieces = split_pieces(text, path)
    prefixes = [(p.prefix, p.namespace) for p in pieces if p.kind == "prefix"]
    writer = TurtleWriter(prefixes)
    declarations = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes)
    base = Path(path).resolve().as_uri() if str(path) != "<text>" else "urn:x-text:"
    out: list[str] = []
    seen_prefix_block = False
    pending_blank = False

    def emit(chunk: str, blank_before: bool) -> None:
        if out and blank_before and out[-1] != "\n":
            out.append("\n")
        out.append(chunk)

    last = None
    for piece in pieces:
        if piece.kind == "blank":
            pending_blank = True
            continue
        if piece.kind == "prefix":
            if not seen_prefix_block:
                emit(writer.prefix_block(), blank_before=bool(out))
                seen_prefix_block = True
                last = "block"
            pending_blank = False
            continue
        if piece.kind == "comment":
            emit(piece.text + "\n", blank_before=pending_blank or last == "block")
            last = "comment"
        else:
            if not seen_prefix_block and prefixes:
                emit(writer.prefix_block(), blank_before=bool(out))
                seen_prefix_block = True
                last = "block"
            try:
                g = _parse_block(declarations + piece.text, base)
            except SyntaxError as exc:
                _located_syntax_error(path)
                line = piece.line
                m = re.search(r"line (\d+)", str(exc))
                if m:
                    line = piece.line + max(0, int(m.group(1)) - 1 - len(prefixes))
                raise TurtleSyntaxError(path, line, str(exc).strip().splitlines()[-1][:300]) from None
            seen = _first_seen(piece.text, writer)
            blocks = "\n".join(b for b in (writer.block(g, s, seen) for s in _roots(g)) if b)
            blank = pending_blank or last == "block"
            if piece.comments:  # comments inside the block, or after it on its line, go just above it
                emit("".join(c + "\n" for c in piece.comments), blank_before=blank)
                blank = False
            emit(blocks, blank_before=blank)
            last = "block"
        pending_blank = False
    result = "".join(out)
    result = result.rstrip("\n") + "\n" if result.strip() else ""
    original, formatted = Graph(), Graph()
    try:
        original.parse(data=text, format="turtle", publicID=base)
    except Exception as exc:
        _located_syntax_error(path)
        m = re.search(r"line (\d+)", str(exc))
        raise TurtleSyntaxError(path, int(m.group(1)) if m else None, str(exc).strip().splitlines()[-1][:300]) from None
    formatted.parse(data=result, format="turtle", publicID=base)
    if not isomorphic(original, formatted):
        raise InputFileError(path, "formatting would change what the file says (a bug in zorgakkoorden fmt); left as it is")
    return result


def write_turtle(graph: Graph, subjects: Iterable, prefixes: Iterable[tuple[str, str]] | None = None) -> str:
    """Canonical Turtle blocks for ``subjects`` of ``graph`` (no prefix block).

    Args:
        graph: the graph holding the subjects' triples.
        subjects: the subjects, in the order to write them.
        prefixes: the prefixes to use (default: the project's).
    """
    writer = TurtleWriter(prefixes if prefixes is not None else [(p, str(ns)) for p, ns in PREFIXES.items()])
    return "\n".join(b for b in (writer.block(graph, s) for s in subjects) if b)


def prefix_block(prefixes: Iterable[tuple[str, str]]) -> str:
    """The aligned ``@prefix`` lines for ``prefixes``."""
    return TurtleWriter(prefixes).prefix_block()
