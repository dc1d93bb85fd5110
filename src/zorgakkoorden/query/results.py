"""Query results: typed rows and the output formats.

:class:`Rows` is an rdflib ``Result`` (iterate it for ``ResultRow`` tuples of rdflib terms,
``rows.vars`` are the columns), materialised so it can be read many times, with:

- ``render(fmt)``: ``table`` (aligned text, wrapped to the terminal), ``md`` (a Markdown
  table), and the W3C SPARQL 1.1 results formats ``csv``, ``tsv``, ``json`` (and ``xml``).
  csv, json and xml are written by rdflib's own serializers; rdflib has no TSV
  serializer, so :func:`tsv` writes it after the W3C note (terms in Turtle syntax).
- ``records()``: a list of dicts; ``python=True`` turns literals into Python values
  (int, Decimal, date, str; a gYear into an int).
- ``to_dataframe()``: a pandas DataFrame (extra ``notebooks``).

Text from the graph is shown as text: control characters are made visible in ``table``,
and in ``md`` Markdown's special characters are escaped (``<``, ``>`` and ``&`` as
character references), so no renderer reads them as markup.
"""

from __future__ import annotations

import io
import re
import shutil
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result

from .labels import curie  # noqa: F401 - here too, where callers have long found it

FORMATS = ("table", "csv", "tsv", "json", "md", "xml")
W3C_FORMATS = ("csv", "tsv", "json", "xml")
LABEL_SUFFIX = "Label"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double}


def _visible(text: str) -> str:
    """Control characters (and bidi overrides) as visible escapes, so a terminal shows text only."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


_XSD_STRING = str(XSD.string)


def _normalise(term):
    """Plain strings for xsd:string literals (stores differ on writing the datatype)."""
    if type(term) is Literal and term.datatype is not None and str.__eq__(term.datatype, _XSD_STRING):
        return Literal(str(term))
    return term


def to_python(term) -> Any:
    """A Python value for a term: str for IRIs, blank nodes and texts; int, Decimal, float, date, bool for typed literals.

    Args:
        term: an rdflib term or None.
    """
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        if term.datatype == XSD.gYear:
            try:
                return int(str(term))
            except ValueError:
                return str(term)
        if term.language or term.datatype is None:
            return str(term)
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


class Rows(Result):
    """The answer to a query: an rdflib ``Result`` held in memory, with formats and a DataFrame.

    Attributes:
        vars: the columns (rdflib ``Variable``s), for SELECT.
        bindings: one dict per row, variable to term (unbound variables are absent).
        askAnswer: for ASK, the answer.
        graph: for CONSTRUCT and DESCRIBE, the triples.
        hint: for a catalogue query that found nothing, what to try instead (in the
            language of the labels; see :mod:`.hints`), else None.
    """

    hint: str | None = None

    def __init__(
        self,
        type_: str,
        vars_: Sequence | None = None,
        bindings: Iterable[dict] | None = None,
        *,
        normalised: bool = False,
    ):
        super().__init__(type_)
        if type_ == "SELECT":
            self.vars = [v if type(v) is Variable else Variable(str(v)) for v in (vars_ or [])]
            if normalised:
                # the caller made the dicts: keys are our Variables, no None, no xsd:string datatype
                self.bindings = list(bindings or [])
            else:
                self.bindings = []
                for b in bindings or []:
                    row = {}
                    for v in self.vars:
                        term = b.get(v)
                        if term is not None:
                            row[v] = _normalise(term)
                    self.bindings.append(row)

    @classmethod
    def from_result(cls, result: Result) -> Rows:
        """Copy an rdflib result (of any store) into Rows, reading it once."""
        if result.type == "SELECT":
            return cls("SELECT", result.vars, [dict(b) for b in result.bindings])
        rows = cls(result.type)
        if result.type == "ASK":
            rows.askAnswer = bool(result.askAnswer)
        else:
            rows.graph = result.graph
        return rows

    def with_labels(self, kg, lang: str = "nl") -> Rows:
        """These rows with a label column after each column that holds IRIs.

        The column ``x`` gets ``xLabel``: the label of each IRI in ``lang``, falling back
        to Dutch, English, any label, the prefixed IRI. Where the query projects ``xLabel``
        itself, its values stand and only its empty cells are filled.

        Args:
            kg: the knowledge graph the labels come from.
            lang: the language of the labels (``nl`` or ``en``).
        """
        if self.type != "SELECT":
            return self
        from .labels import label_index

        index = label_index(kg)
        names = set(self.columns)
        out_vars: list[Variable] = []
        labelled: list[tuple[Variable, Variable]] = []
        for v in self.vars:
            if str(v).endswith(LABEL_SUFFIX) and str(v)[: -len(LABEL_SUFFIX)] in names:
                continue  # placed after its IRI column below
            out_vars.append(v)
            label_var = Variable(f"{v}{LABEL_SUFFIX}")
            if str(label_var) in names:
                # the query gives some labels itself (e.g. a role read the other way round);
                # the layer fills the rest
                out_vars.append(label_var)
                labelled.append((v, label_var))
                continue
            if str(v).endswith(LABEL_SUFFIX):
                continue
            iris = [b.get(v) for b in self.bindings if isinstance(b.get(v), URIRef)]
            if iris and any(index.has_label(iri) for iri in iris):
                out_vars.append(label_var)
                labelled.append((v, label_var))
        bindings = []
        for b in self.bindings:
            row = dict(b)
            for v, label_var in labelled:
                term = b.get(v)
                if term is None or row.get(label_var) is not None:
                    continue
                # a literal in an IRI column (a date, a number) is its own label
                row[label_var] = index.label_literal(term, lang) if isinstance(term, URIRef) else term
            bindings.append(row)
        return Rows("SELECT", out_vars, bindings, normalised=True)

    # -- plain Python -----------------------------------------------------------------

    @property
    def columns(self) -> list[str]:
        """The column names, without ``?``."""
        return [str(v) for v in (self.vars or [])]

    def tuples(self) -> list[tuple]:
        """Each row as a tuple of rdflib terms (None where unbound), in column order."""
        return [tuple(b.get(v) for v in self.vars) for b in self.bindings]

    def records(self, python: bool = False) -> list[dict[str, Any]]:
        """Each row as a dict of column name to value.

        Args:
            python: convert terms to Python values (see :func:`to_python`) instead of rdflib terms.
        """
        convert = to_python if python else (lambda t: t)
        return [{str(v): convert(b.get(v)) for v in self.vars} for b in self.bindings]

    def column(self, name: str, python: bool = False) -> list:
        """The values of one column, in row order."""
        var = Variable(name)
        convert = to_python if python else (lambda t: t)
        return [convert(b.get(var)) for b in self.bindings]

    def to_dataframe(self, python: bool = True):
        """A pandas DataFrame of the rows (extra ``notebooks``: ``pip install 'zorgakkoorden[notebooks]'``).

        Args:
            python: Python values (default) or the rdflib terms themselves.
        """
        from ..extras import require

        pandas = require("pandas", "notebooks", "A DataFrame of query results")
        return pandas.DataFrame(self.records(python=python), columns=self.columns)

    # -- formats ----------------------------------------------------------------------

    def render(self, fmt: str = "table", *, width: int | None = None, show_iris: bool = False, lang: str = "en") -> str:
        """The rows in an output format.

        Args:
            fmt: ``table``, ``md``, ``csv``, ``tsv``, ``json`` or ``xml``.
            width: wrap a ``table`` to this many columns (None: no wrapping).
            show_iris: in ``table`` and ``md``, keep an IRI column that has a label column
                beside it (``x`` next to ``xLabel``); hidden by default.
            lang: the language of a ``table``'s row count (``nl``: "(3 rijen)").
        """
        if fmt not in FORMATS:
            from ..errors import ParameterError

            raise ParameterError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        if self.type in ("CONSTRUCT", "DESCRIBE"):
            return self.graph.serialize(format="turtle")
        if fmt == "csv":
            return self._rdflib("csv")
        if fmt == "json":
            return self._rdflib("json") + "\n"
        if fmt == "xml":
            # a carriage return in a value must be a character reference, or XML readers
            # turn it into a line feed (rdflib writes it raw); only values can hold one
            return self._rdflib("xml").replace("\r", "&#13;")
        if fmt == "tsv":
            return tsv(self)
        if fmt == "md":
            return markdown(self, show_iris=show_iris)
        return table(self, width=width, show_iris=show_iris, lang=lang)

    def _rdflib(self, fmt: str) -> str:
        if self.type == "ASK" and fmt == "csv":
            return "true\r\n" if self.askAnswer else "false\r\n"
        buffer = io.BytesIO()
        self.serialize(buffer, encoding="utf-8", format=fmt)
        return buffer.getvalue().decode("utf-8")


# -- writers --------------------------------------------------------------------------


def _shown(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _display_columns(rows: Rows, show_iris: bool) -> list[Variable]:
    names = set(rows.columns)
    if show_iris:
        return list(rows.vars)
    return [v for v in rows.vars if f"{v}{LABEL_SUFFIX}" not in names]


def _heading(var: Variable, shown: list[Variable]) -> str:
    name = str(var)
    if name.endswith(LABEL_SUFFIX) and Variable(name[: -len(LABEL_SUFFIX)]) not in shown and len(name) > len(LABEL_SUFFIX):
        return name[: -len(LABEL_SUFFIX)]
    return name


def table(rows: Rows, *, width: int | None = None, show_iris: bool = False, lang: str = "en") -> str:
    """An aligned text table; long cells wrap when ``width`` is given.

    Args:
        rows: the rows.
        width: the width to fit (e.g. the terminal's); None leaves lines as long as needed.
        show_iris: keep IRI columns that have a label column beside them.
    """
    if rows.type == "ASK":
        return ("true" if rows.askAnswer else "false") + "\n"
    columns = _display_columns(rows, show_iris)
    headings = [_heading(v, columns) for v in columns]
    cells = [[_visible(_shown(b.get(v))).replace("\n", " ").replace("\t", " ") for v in columns] for b in rows.bindings]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headings)]
    gap = 2
    if width and columns:
        budget = max(width - gap * (len(columns) - 1), len(columns) * 8)
        floors = [min(widths[i], max(len(h), 8)) for i, h in enumerate(headings)]
        while sum(widths) > budget:
            # narrow the widest column that can still give, one character at a time
            candidates = [i for i in range(len(widths)) if widths[i] > floors[i]]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: (widths[i], -i))
            widths[widest] -= 1

    def lines_of(row: list[str]) -> list[str]:
        wrapped = [
            textwrap.wrap(cell, widths[i], break_long_words=True, break_on_hyphens=False) or [""]
            for i, cell in enumerate(row)
        ]
        height = max(len(w) for w in wrapped) if wrapped else 1
        out = []
        for k in range(height):
            parts = [(w[k] if k < len(w) else "").ljust(widths[i]) for i, w in enumerate(wrapped)]
            out.append((" " * gap).join(parts).rstrip())
        return out

    out = lines_of(headings)
    out.append((" " * gap).join("-" * w for w in widths))
    for row in cells:
        out.extend(lines_of(row))
    count = len(rows.bindings)
    if lang == "nl":
        out.append(f"({count} {'rij' if count == 1 else 'rijen'})")
    else:
        out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(out) + "\n"


def _md_cell(text: str) -> str:
    text = _visible(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return "".join(_MD_ENTITIES.get(ch, ch) for ch in text)


def markdown(rows: Rows, *, show_iris: bool = False) -> str:
    """A Markdown (GitHub) table; text from the graph is escaped so it shows as text.

    Args:
        rows: the rows.
        show_iris: keep IRI columns that have a label column beside them.
    """
    if rows.type == "ASK":
        return ("true" if rows.askAnswer else "false") + "\n"
    columns = _display_columns(rows, show_iris)
    if not columns:
        return "\n"
    out = ["| " + " | ".join(_md_cell(_heading(v, columns)) for v in columns) + " |"]
    out.append("|" + "|".join("---" for _ in columns) + "|")
    for b in rows.bindings:
        out.append("| " + " | ".join(_md_cell(_shown(b.get(v))) for v in columns) + " |")
    return "\n".join(out) + "\n"


def tsv_term(term) -> str:
    """One term as the W3C SPARQL 1.1 TSV format writes it (Turtle syntax; empty when unbound)."""
    from .binding import escape_string

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        body = escape_string(str(term))
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is None or term.datatype == XSD.string:
            return body
        if term.datatype in _NUMERIC and re.fullmatch(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?", str(term)):
            kind = XSD.integer if "." not in str(term) and "e" not in str(term).lower() else None
            if term.datatype == kind or (term.datatype == XSD.decimal and "." in str(term) and "e" not in str(term).lower()):
                return str(term)
        return f"{body}^^<{term.datatype}>"
    return str(term)


def tsv(rows: Rows) -> str:
    """The W3C SPARQL 1.1 TSV results format: ``?var`` headings, terms in Turtle syntax, ``\\n`` line ends."""
    if rows.type == "ASK":
        return ("true" if rows.askAnswer else "false") + "\n"
    out = ["\t".join(f"?{v}" for v in rows.vars)]
    for b in rows.bindings:
        out.append("\t".join(tsv_term(b.get(v)) for v in rows.vars))
    return "\n".join(out) + "\n"


def terminal_width() -> int | None:
    """The width of the terminal standard output is on, or None when it is not a terminal."""
    import sys

    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((100, 24)).columns
