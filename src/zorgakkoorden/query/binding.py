"""Binding parameter values to a SPARQL query without pasting user text into it.

Two ways, chosen by the store:

- rdflib's own engine (the memory store) takes the values as ``initBindings`` on a
  query prepared once: the text is never touched.
- Oxigraph (and any other engine that only takes a query text) gets a ``VALUES`` block
  inserted at the start of the top-level ``WHERE`` group. The block is written from
  rdflib terms by :func:`term_to_sparql`, which accepts only well-formed IRIs, escapes
  every literal and checks language tags and datatypes, so no value can change the
  shape of the query. Values bound this way act exactly like initial bindings for every
  pattern of the top-level group (catalogue queries never use a parameter inside a
  sub-select, where the two would differ).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import ParameterError, QuerySyntaxError

# RFC 3987 IRI as SPARQL's IRIREF production allows it: no spaces, controls or <>"{}|^`\
_IRIREF_BODY = re.compile(r'[^<>"{}|^`\\\x00-\x20]*\Z')
_IRI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\Z")
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_LITERAL_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def check_iri(value: str) -> str:
    """Return ``value`` if it is an absolute IRI that SPARQL can write as ``<...>``, else raise.

    Args:
        value: the IRI text.
    """
    if not _IRI_SCHEME.match(value) or not _IRIREF_BODY.match(value):
        raise ParameterError(f"not a well-formed IRI: {value!r}")
    return value


def escape_string(text: str) -> str:
    """A SPARQL string literal (double quotes) holding ``text`` exactly.

    SPARQL expands ``\\uXXXX`` escapes in the whole query text before parsing it, so a
    backslash followed by ``u`` in the value would turn into another character: such a
    ``u`` (or ``U``) is itself written as an escape. Escapes use the eight-digit form
    (``\\U00000075``), so that hex digits after them in the value cannot be read as
    part of them.
    """
    out = []
    previous = ""
    for ch in text:
        if previous == "\\" and ch in "uU":
            out.append(f"\\U{ord(ch):08X}")
        elif ch in _LITERAL_ESCAPES:
            out.append(_LITERAL_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\U{ord(ch):08X}")
        else:
            out.append(ch)
        previous = ch
    return '"' + "".join(out) + '"'


def term_to_sparql(term) -> str:
    """Write an rdflib IRI or literal as SPARQL text, refusing anything malformed.

    Args:
        term: an ``rdflib.URIRef`` or ``rdflib.Literal`` (blank nodes cannot be bound), or
            the light :class:`~zorgakkoorden.terms.Iri` or :class:`~zorgakkoorden.terms.Lit`.
    """
    from ..terms import Blank, Iri, Lit

    if type(term) in (Iri, Lit, Blank):
        return _light_to_sparql(term)
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return f"<{check_iri(str(term))}>"
    if isinstance(term, Literal):
        return _literal_to_sparql(str(term), term.language, term.datatype)
    if isinstance(term, BNode):
        raise ParameterError("a blank node cannot be bound as a parameter")
    raise ParameterError(f"cannot bind a value of type {type(term).__name__}: give an IRI or a literal")


def _literal_to_sparql(value: str, language, datatype) -> str:
    """A literal as SPARQL text, its language tag and datatype IRI checked (rdflib's and light literals alike)."""
    body = escape_string(value)
    if language:
        if not _LANG_TAG.match(language):
            raise ParameterError(f"not a language tag: {language!r}")
        return f"{body}@{language}"
    if datatype is not None:
        return f"{body}^^<{check_iri(str(datatype))}>"
    return body


def _light_to_sparql(term) -> str:
    """:func:`term_to_sparql` for a light term (the same checks, the same text)."""
    from ..terms import Iri, Lit

    if type(term) is Iri:
        return f"<{check_iri(str(term))}>"
    if type(term) is Lit:
        return _literal_to_sparql(str(term), term.language, term.datatype)
    raise ParameterError("a blank node cannot be bound as a parameter")


def values_block(bindings: Mapping[str, object]) -> str:
    """A one-row ``VALUES`` block binding each variable to its term (sorted by name).

    Args:
        bindings: variable name (without ``?``) to an rdflib term.
    """
    names = sorted(bindings)
    for name in names:
        if not _VAR_NAME.match(name):
            raise ParameterError(f"not a SPARQL variable name: {name!r}")
    variables = " ".join(f"?{n}" for n in names)
    values = " ".join(term_to_sparql(bindings[n]) for n in names)
    return f" VALUES ({variables}) {{ ({values}) }} "


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = i + 3
        while True:
            j = text.find(quote * 3, end)
            if j < 0:
                return len(text)
            backslashes = 0
            k = j - 1
            while k >= i + 3 and text[k] == "\\":
                backslashes += 1
                k -= 1
            if backslashes % 2 == 0:
                return j + 3
            end = j + 1
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == quote or text[j] == "\n":
            return j + 1
        j += 1
    return j


_IRIREF_AT = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD_AT = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def where_group_start(text: str) -> int:
    """The index just after the ``{`` that opens the top-level WHERE group of a query.

    Comments, strings and IRIs are skipped. For SELECT, ASK and DESCRIBE queries the
    group is the first top-level ``{``; for CONSTRUCT it is the one after ``WHERE``.

    Args:
        text: a SPARQL query.

    Raises:
        QuerySyntaxError: when the query has no WHERE group.
    """
    i = 0
    n = len(text)
    depth = 0
    form = None
    seen_where = False
    while i < n:
        ch = text[i]
        if ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if ch in "\"'":
            i = _skip_string(text, i)
            continue
        if ch == "<":
            m = _IRIREF_AT.match(text, i)
            i = m.end() if m else i + 1
            continue
        if ch in "?$":
            m = _WORD_AT.match(text, i + 1)
            i = m.end() if m else i + 1
            continue
        if ch.isalpha():
            m = _WORD_AT.match(text, i)
            word = m.group(0).upper()
            if depth == 0:
                if form is None and word in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
                    form = word
                elif word == "WHERE":
                    seen_where = True
            i = m.end()
            continue
        if ch == "{":
            if depth == 0 and (form != "CONSTRUCT" or seen_where):
                return i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
        i += 1
    raise QuerySyntaxError("<query>", None, None, "the query has no WHERE group to bind parameters in")


def bind_as_values(text: str, bindings: Mapping[str, object]) -> str:
    """The query with a ``VALUES`` block for ``bindings`` at the start of its WHERE group.

    Args:
        text: a SPARQL query.
        bindings: variable name (without ``?``) to an rdflib term; empty leaves ``text`` as is.
    """
    if not bindings:
        return text
    at = where_group_start(text)
    return text[:at] + values_block(bindings) + text[at:]
