"""Light RDF terms (plain ``str`` subclasses) for the cold command line, which answers without rdflib.

The store hands these out where rdflib's terms would cost rdflib's import
(:meth:`zorgakkoorden.store.base.Store.plain_query`); :mod:`zorgakkoorden.query.plain`
writes them in every output format exactly as :mod:`zorgakkoorden.query.results` writes
rdflib's terms. Literals are as :class:`~zorgakkoorden.query.results.Rows` holds them: an
``xsd:string`` literal has no datatype, a language-tagged one no datatype either.
"""

from __future__ import annotations


class Term(str):
    """A term: its text is the IRI, the blank node's id or the literal's lexical form."""

    kind = "term"


class Iri(Term):
    """An IRI."""

    kind = "iri"


class Blank(Term):
    """A blank node (its text is the id, without ``_:``)."""

    kind = "bnode"


class Lit(Term):
    """A literal: its lexical form, with a language tag or a datatype IRI (or neither).

    Args:
        value: the lexical form.
        language: the language tag, or None.
        datatype: the datatype IRI (never ``xsd:string``), or None.
    """

    kind = "literal"

    def __new__(cls, value: str, language: str | None = None, datatype: str | None = None):
        self = super().__new__(cls, value)
        self.language = language or None
        self.datatype = datatype if not language else None
        return self

    def __eq__(self, other) -> bool:
        if isinstance(other, Lit):
            return str.__eq__(self, other) and self.language == other.language and self.datatype == other.datatype
        return NotImplemented if isinstance(other, Term) else False

    def __ne__(self, other) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = str.__hash__

    def __repr__(self) -> str:
        extra = f", language={self.language!r}" if self.language else (f", datatype={self.datatype!r}" if self.datatype else "")
        return f"Lit({str(self)!r}{extra})"


class NeedsRdflib(Exception):
    """An answer holds something the light terms do not write as rdflib would (a CONSTRUCT's
    graph, a literal whose lexical form rdflib rewrites, ...): take the rdflib path instead."""


_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = _XSD + "string"


def _date_kept(value: str) -> bool:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


# datatypes whose lexical forms rdflib keeps as they are, when they match (checked against
# rdflib itself in tests/test_cold_cli.py); any other datatype or form goes the rdflib way
_KEPT = {
    _XSD + "integer": r"0|-?[1-9][0-9]*",
    _XSD + "decimal": r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?",
    _XSD + "boolean": r"true|false",
    _XSD + "gYear": r"[0-9]{4}",
    _XSD + "gYearMonth": r"[0-9]{4}-(?:0[1-9]|1[0-2])",
    _XSD + "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    _XSD + "anyURI": None,
}


def lexical_kept(value: str, datatype: str) -> bool:
    """Whether rdflib keeps this lexical form of a typed literal unchanged (so the light term
    writes as rdflib's does).

    Args:
        value: the lexical form.
        datatype: the datatype IRI.
    """
    if datatype not in _KEPT:
        return False
    pattern = _KEPT[datatype]
    if pattern is None:
        return True
    import re

    if re.fullmatch(pattern, value) is None:
        return False
    return _date_kept(value) if datatype == _XSD + "date" else True


class PlainAnswer:
    """A query's answer in light terms.

    Attributes:
        form: ``SELECT`` or ``ASK``.
        vars: the column names (without ``?``), for SELECT.
        rows: one dict per row, column name to term (unbound columns absent).
        boolean: the answer of an ASK.
    """

    def __init__(self, form: str, vars_: list[str] | None = None, rows: list[dict] | None = None, boolean: bool = False):
        self.form = form
        self.vars = list(vars_ or [])
        self.rows = list(rows or [])
        self.boolean = boolean
