"""An answer in light terms (:mod:`zorgakkoorden.terms`), written without rdflib.

:class:`PlainRows` is what :class:`~.results.Rows` is for rdflib's terms: the label columns
(:meth:`PlainRows.with_labels`) and the six output formats (:meth:`PlainRows.render`),
byte for byte the same text. ``table`` and ``md`` share their writers with
:mod:`.results` (:mod:`.writers`); ``csv``, ``json`` and ``xml`` follow rdflib's own
serialisers call for call (the Python standard library's ``csv``, ``json`` and
``XMLGenerator``, as rdflib uses them), and ``tests/test_cold_cli.py`` compares the two
on catalogue queries in every format. Anything this module does not write as rdflib would
raises :class:`~zorgakkoorden.terms.NeedsRdflib`, and the caller takes the rdflib path.
"""

from __future__ import annotations

import io

from ..terms import Blank, Iri, Lit, NeedsRdflib, PlainAnswer
from .writers import (
    LABEL_SUFFIX,
    display_columns,
    heading,
    layout_table,
    markdown_table,
    table_cell,
    tsv_numeric_plain,
)

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {_XSD + "integer", _XSD + "decimal", _XSD + "double"}
SPARQL_XML_NAMESPACE = "http://www.w3.org/2005/sparql-results#"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
FORMATS = ("table", "csv", "tsv", "json", "md", "xml")


class PlainLabels:
    """The labels of IRIs read from a store as they are asked for (the cold path's
    :class:`~.labels.LabelIndex`: the same choice, for the IRIs an answer holds).

    Args:
        store: a store whose :attr:`~zorgakkoorden.store.base.Store.plain` is true.
    """

    def __init__(self, store):
        self._store = store
        self._tables: dict[str, tuple[dict, dict]] = {}

    def _labels(self, iri: str) -> tuple[dict, dict]:
        found = self._tables.get(iri)
        if found is None:
            from ..prefixes import RDFS_LABEL, SKOS_PREF_LABEL

            found = ({}, {})
            for table, predicate in zip(found, (SKOS_PREF_LABEL, RDFS_LABEL)):
                for o in self._store.plain_objects(iri, predicate):
                    if type(o) is Lit:
                        lang = (o.language or "").lower()
                        # the smallest label of a language, as the LabelIndex keeps it
                        current = table.get(lang)
                        if current is None or str(o) < current:
                            table[lang] = str(o)
            self._tables[iri] = found
        return found

    def has_label(self, iri: str) -> bool:
        """Whether the IRI has any label at all."""
        pref, rdfs = self._labels(iri)
        return bool(pref or rdfs)

    def label(self, iri: str, lang: str = "nl") -> str:
        """The label of an IRI in ``lang`` (see :func:`choose_label`)."""
        pref, rdfs = self._labels(iri)
        from .labels import choose_label

        return choose_label(pref, rdfs, iri, lang)


def _shown(term) -> str:
    if term is None:
        return ""
    if type(term) is Iri:
        from .labels import curie

        return curie(term)
    if type(term) is Blank:
        return f"_:{term}"
    return str(term)


def tsv_term(term) -> str:
    """One light term as the W3C SPARQL 1.1 TSV format writes it (as :func:`.results.tsv_term`)."""
    from .binding import escape_string

    if term is None:
        return ""
    if type(term) is Iri:
        return f"<{term}>"
    if type(term) is Blank:
        return f"_:{term}"
    body = escape_string(str(term))
    if term.language:
        return f"{body}@{term.language}"
    if term.datatype is None:
        return body
    if term.datatype in _NUMERIC and tsv_numeric_plain(str(term), term.datatype, _XSD + "integer", _XSD + "decimal"):
        return str(term)
    return f"{body}^^<{term.datatype}>"


def _json_term(term) -> dict:
    if type(term) is Iri:
        return {"type": "uri", "value": str(term)}
    if type(term) is Lit:
        found = {"type": "literal", "value": str(term)}
        if term.datatype is not None:
            found["datatype"] = str(term.datatype)
        if term.language is not None:
            found["xml:lang"] = term.language
        return found
    return {"type": "bnode", "value": str(term)}


class PlainRows:
    """The answer to a SELECT or ASK in light terms, with label columns and the output formats.

    Args:
        answer: the store's :class:`~zorgakkoorden.terms.PlainAnswer`.
    """

    def __init__(self, answer: PlainAnswer):
        self.type = answer.form
        self.vars = list(answer.vars)
        self.bindings = list(answer.rows)
        self.askAnswer = answer.boolean

    def with_labels(self, labels: PlainLabels, lang: str = "nl") -> PlainRows:
        """These rows with a label column after each column that holds IRIs (see
        :meth:`.results.Rows.with_labels`: the same columns, the same order, the same cells)."""
        if self.type != "SELECT":
            return self
        names = set(self.vars)
        out_vars: list[str] = []
        labelled: list[tuple[str, str]] = []
        for v in self.vars:
            if v.endswith(LABEL_SUFFIX) and v[: -len(LABEL_SUFFIX)] in names:
                continue  # placed after its IRI column below
            out_vars.append(v)
            label_var = f"{v}{LABEL_SUFFIX}"
            if label_var in names:
                out_vars.append(label_var)
                labelled.append((v, label_var))
                continue
            if v.endswith(LABEL_SUFFIX):
                continue
            iris = [b.get(v) for b in self.bindings if type(b.get(v)) is Iri]
            if iris and any(labels.has_label(iri) for iri in iris):
                out_vars.append(label_var)
                labelled.append((v, label_var))
        bindings = []
        made: dict = {}
        for b in self.bindings:
            row = dict(b)
            for v, label_var in labelled:
                term = b.get(v)
                if term is None or row.get(label_var) is not None:
                    continue
                if type(term) is Iri:
                    key = (term, lang)
                    if key not in made:
                        made[key] = Lit(labels.label(term, lang))
                    row[label_var] = made[key]
                else:
                    row[label_var] = term  # a literal in an IRI column is its own label
            bindings.append(row)
        rows = PlainRows(PlainAnswer("SELECT", out_vars, bindings))
        return rows

    def render(self, fmt: str = "table", *, width: int | None = None, show_iris: bool = False, lang: str = "en") -> str:
        """The rows in an output format, as :meth:`.results.Rows.render` writes them.

        Raises:
            NeedsRdflib: JSON where rdflib would write it with orjson (installed here).
        """
        if fmt not in FORMATS:
            raise NeedsRdflib(f"the format {fmt!r}")
        if fmt == "csv":
            return self._csv()
        if fmt == "json":
            return self._json() + "\n"
        if fmt == "xml":
            return self._xml().replace("\r", "&#13;")
        if fmt == "tsv":
            if self.type == "ASK":
                return ("true" if self.askAnswer else "false") + "\n"
            out = ["\t".join(f"?{v}" for v in self.vars)]
            out.extend("\t".join(tsv_term(b.get(v)) for v in self.vars) for b in self.bindings)
            return "\n".join(out) + "\n"
        if self.type == "ASK":
            return ("true" if self.askAnswer else "false") + "\n"
        shown_at = display_columns(self.vars, show_iris)
        shown = [self.vars[i] for i in shown_at]
        headings = [heading(v, shown) for v in shown]
        if fmt == "md":
            return markdown_table(headings, [[_shown(b.get(v)) for v in shown] for b in self.bindings])
        cells = [[table_cell(_shown(b.get(v))) for v in shown] for b in self.bindings]
        return layout_table(headings, cells, width=width, lang=lang)

    # -- rdflib's serialisers, call for call ------------------------------------------

    def _csv(self) -> str:
        if self.type == "ASK":
            return "true\r\n" if self.askAnswer else "false\r\n"
        import csv

        buffer = io.StringIO()
        out = csv.writer(buffer, delimiter=",")
        out.writerow(list(self.vars))
        for row in self.bindings:
            cells = []
            for v in self.vars:
                term = row.get(v)
                cells.append("" if term is None else (f"_:{term}" if type(term) is Blank else term))
            out.writerow(cells)
        return buffer.getvalue()

    def _json(self) -> str:
        import importlib.util
        import json

        if importlib.util.find_spec("orjson") is not None:
            raise NeedsRdflib("rdflib writes JSON with orjson here")
        res: dict = {}
        if self.type == "ASK":
            res["head"] = {}
            res["boolean"] = self.askAnswer
        else:
            res["results"] = {}
            res["head"] = {}
            res["head"]["vars"] = list(self.vars)
            res["results"]["bindings"] = [{v: _json_term(t) for v, t in b.items() if t is not None} for b in self.bindings]
        return json.dumps(res, allow_nan=False, ensure_ascii=False)

    def _xml(self) -> str:
        from xml.sax.saxutils import XMLGenerator
        from xml.sax.xmlreader import AttributesNSImpl

        ns = SPARQL_XML_NAMESPACE
        buffer = io.BytesIO()
        writer = XMLGenerator(buffer, "utf-8")
        writer.startDocument()
        writer.startPrefixMapping("", ns)
        writer.startPrefixMapping("xml", XML_NAMESPACE)
        writer.startElementNS((ns, "sparql"), "sparql", AttributesNSImpl({}, {}))
        writer.startElementNS((ns, "head"), "head", AttributesNSImpl({}, {}))
        for v in self.vars if self.type != "ASK" else []:
            writer.startElementNS((ns, "variable"), "variable", AttributesNSImpl({(None, "name"): str(v)}, {(None, "name"): "name"}))
            writer.endElementNS((ns, "variable"), "variable")
        writer.endElementNS((ns, "head"), "head")
        if self.type == "ASK":
            writer.startElementNS((ns, "boolean"), "boolean", AttributesNSImpl({}, {}))
            writer.characters(str(bool(self.askAnswer)).lower())
            writer.endElementNS((ns, "boolean"), "boolean")
        else:
            writer.startElementNS((ns, "results"), "results", AttributesNSImpl({}, {}))
            for b in self.bindings:
                writer.startElementNS((ns, "result"), "result", AttributesNSImpl({}, {}))
                for name, value in b.items():
                    writer.startElementNS((ns, "binding"), "binding", AttributesNSImpl({(None, "name"): str(name)}, {(None, "name"): "name"}))
                    if type(value) is Iri:
                        writer.startElementNS((ns, "uri"), "uri", AttributesNSImpl({}, {}))
                        writer.characters(value)
                        writer.endElementNS((ns, "uri"), "uri")
                    elif type(value) is Blank:
                        writer.startElementNS((ns, "bnode"), "bnode", AttributesNSImpl({}, {}))
                        writer.characters(value)
                        writer.endElementNS((ns, "bnode"), "bnode")
                    else:
                        values: dict = {}
                        qnames: dict = {}
                        if value.language:
                            values[(XML_NAMESPACE, "lang")] = value.language
                            qnames[(XML_NAMESPACE, "lang")] = "xml:lang"
                        elif value.datatype:
                            values[(None, "datatype")] = value.datatype
                            qnames[(None, "datatype")] = "datatype"
                        writer.startElementNS((ns, "literal"), "literal", AttributesNSImpl(values, qnames))
                        writer.characters(str(value))
                        writer.endElementNS((ns, "literal"), "literal")
                    writer.endElementNS((ns, "binding"), "binding")
                writer.endElementNS((ns, "result"), "result")
            writer.endElementNS((ns, "results"), "results")
        writer.endElementNS((ns, "sparql"), "sparql")
        writer.endDocument()
        return buffer.getvalue().decode("utf-8")
