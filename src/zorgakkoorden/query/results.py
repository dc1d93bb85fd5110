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
from collections.abc import Iterable, Sequence
from typing import Any

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result

from .labels import curie  # noqa: F401 - here too, where callers have long found it
from .writers import (
    LABEL_SUFFIX,
    display_columns,
    heading,
    layout_table,
    markdown_table,
    table_cell,
    terminal_width,
    tsv_numeric_plain,
)

FORMATS = ("table", "csv", "tsv", "json", "md", "xml")
W3C_FORMATS = ("csv", "tsv", "json", "xml")

_NUMERIC = {XSD.integer, XSD.decimal, XSD.double}


from .writers import visible as _visible  # noqa: E402 - the name callers have long used


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
            return xml_results(self).decode("utf-8").replace("\r", "&#13;")
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


def xml_results(result) -> bytes:
    """SPARQL 1.1 Query Results XML of an rdflib result, as rdflib writes it, with every literal's text.

    rdflib's writer hands the Literal itself to ``XMLGenerator.characters``, which writes
    nothing for a value that is false in Python: ``0``, ``0.0`` and ``false`` came out as
    empty elements. Here the text goes in as a plain string.

    Args:
        result: an rdflib SELECT or ASK result.
    """
    from rdflib.plugins.sparql.results.xmlresults import SPARQLXMLWriter

    buffer = io.BytesIO()
    writer = SPARQLXMLWriter(buffer, "utf-8")
    characters = writer.writer.characters
    writer.writer.characters = lambda content: characters(str(content))
    if result.type == "ASK":
        writer.write_header([])
        writer.write_ask(bool(result.askAnswer))
    else:
        writer.write_header(result.vars or [])
        writer.write_results_header()
        for row in result.bindings:
            writer.write_start_result()
            for key, value in row.items():
                writer.write_binding(key, value)
            writer.write_end_result()
    writer.close()
    return buffer.getvalue()



def _shown(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _display_columns(rows: Rows, show_iris: bool) -> list[Variable]:
    return [rows.vars[i] for i in display_columns(rows.columns, show_iris)]


def _heading(var: Variable, shown: list[Variable]) -> str:
    return heading(str(var), [str(v) for v in shown])


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
    cells = [[table_cell(_shown(b.get(v))) for v in columns] for b in rows.bindings]
    return layout_table(headings, cells, width=width, lang=lang)


def markdown(rows: Rows, *, show_iris: bool = False) -> str:
    """A Markdown (GitHub) table; text from the graph is escaped so it shows as text.

    Args:
        rows: the rows.
        show_iris: keep IRI columns that have a label column beside them.
    """
    if rows.type == "ASK":
        return ("true" if rows.askAnswer else "false") + "\n"
    columns = _display_columns(rows, show_iris)
    return markdown_table(
        [_heading(v, columns) for v in columns], [[_shown(b.get(v)) for v in columns] for b in rows.bindings]
    )


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
        if term.datatype in _NUMERIC and tsv_numeric_plain(str(term), str(term.datatype), str(XSD.integer), str(XSD.decimal)):
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
