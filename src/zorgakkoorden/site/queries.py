"""One page per catalogue query: its documentation, its SPARQL, and its answer on the graph.

Parameterised queries run with the example values of their header, so each page shows a real
answer. Results are also written as the W3C SPARQL 1.1 results formats (CSV and JSON) beside the
page. A column ``?x`` with a label column ``?xLabel`` beside it is shown once: the label, linked
to the entity's page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..namespaces import ZST

from .model import SiteModel
from .render import SiteWriter

LABEL_SUFFIX = "Label"

# which catalogue query gives the same answer as a matrix page (first name that exists)
MATRIX_QUERIES = {
    "coverage": ("coverage", "coverage-matrix", "theme-coverage"),
    "responsibility": ("responsibility", "responsibility-matrix", "roles"),
}


@dataclass
class Cell:
    text: str = ""
    page: str = ""  # site path of the entity it names
    iri: str = ""
    datatype: str = ""
    text_en: str = ""  # the English text, where it differs


# terms of other vocabularies a query may return as a value (the field a search matched, ...)
TERM_NAMES = {
    str(SKOS.prefLabel): ("naam", "name"),
    str(SKOS.altLabel): ("andere naam", "other name"),
    str(DCTERMS.description): ("beschrijving", "description"),
    str(SKOS.definition): ("definitie", "definition"),
    str(RDFS.label): ("naam", "label"),
    str(DCTERMS.source): ("bron", "source"),
    str(DCTERMS.title): ("titel", "title"),
    str(RDF.type): ("is een", "is a"),
}


@dataclass
class QueryPage:
    name: str
    title_nl: str
    title_en: str
    description: str  # English
    params: list[dict]
    bound: list[tuple[str, str]]
    level: str | None
    text: str
    source_file: str
    hints: list[tuple[str, list[str]]] = field(default_factory=list)  # (kinds, queries) to try when empty
    columns: list[str] = field(default_factory=list)  # the variables shown, in order
    headings: list[tuple[str, str]] = field(default_factory=list)  # (Dutch, English) per column
    rows: list[list[Cell]] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # headings of the columns no row has a value in
    ask: bool | None = None
    empty_hint: str = ""
    formats: list[tuple[str, str]] = field(default_factory=list)  # (label, site path)
    description_nl: str = ""  # Dutch ("" when the file gives none: the page shows the English one)

    @property
    def path(self) -> str:
        return f"queries/{self.name}.html"


def catalogue_entries() -> list:
    """The catalogue's queries, then its quality checks (each sorted by name)."""
    from ..query.catalogue import load_catalogue

    catalogue = load_catalogue()
    return [*catalogue.catalogue_queries(), *catalogue.quality_checks()]


def query_page_for(kind: str) -> dict[str, str]:
    """Template values linking a matrix page to the catalogue query with the same answer.

    Args:
        kind: ``"coverage"`` or ``"responsibility"``.
    """
    names = {q.name for q in catalogue_entries()}
    for name in MATRIX_QUERIES.get(kind, ()):
        if name in names:
            return {"query_page": f"queries/{name}.html", "query_name": name}
    return {"query_page": "", "query_name": ""}


def _cell(term, label, model: SiteModel) -> Cell:
    from ..query.results import curie

    if term is None and label is None:
        return Cell()
    if isinstance(term, URIRef):
        ref = model.ref(term)
        if label is not None and str(label) in (curie(term), str(term)):
            label = None  # a label the query made of the name itself says nothing more
        if label is None and not ref.page:
            if str(term) in TERM_NAMES:
                nl, en = TERM_NAMES[str(term)]
                return Cell(text=nl, text_en=en, iri=str(term))
            st = _statement(model, str(term))
            if st is not None:  # a sourced statement: said as a sentence, linked to its subject
                nl, en = _sentence(st)
                return Cell(text=nl, text_en=en if en != nl else "", page=st.subject.page, iri=str(term))
        text = str(label) if label is not None else (ref.label if ref.page else curie(term))
        return Cell(text=text, page=ref.page, iri=str(term),
                    text_en=ref.label_en if label is None and ref.page and ref.label_en else "")
    if isinstance(term, BNode):
        return Cell(text="(blank node)")
    if isinstance(term, Literal):
        datatype = ""
        if term.datatype is not None:
            datatype = curie(term.datatype)
        elif term.language:
            datatype = "@" + term.language
        return Cell(text=str(term), datatype=datatype)
    return Cell(text=str(label) if label is not None else "")


def _statement(model: SiteModel, iri: str):
    return model.statement_by_iri.get(iri) if iri.startswith(str(ZST)) else None


def _sentence(st) -> tuple[str, str]:
    """A statement as a short sentence in Dutch and in English: ``GALA werkt uit IZA``."""
    from .i18n import format_date

    def value(lang: str) -> str:
        if st.value.ref is not None:
            ref = st.value.ref
            return ref.abbreviation or (ref.label_en if lang == "en" and ref.label_en else ref.label)
        if st.value.datatype in ("date", "gYearMonth", "gYear"):
            return format_date(st.value.text, lang)
        return st.value.text

    subject = st.subject.abbreviation or st.subject.label
    subject_en = st.subject.abbreviation or st.subject.label_en or st.subject.label
    nl = f"{subject} {st.predicate.label} {value('nl')}"
    en = f"{subject_en} {st.predicate.label_en or st.predicate.label} {value('en')}"
    return nl, en


def _table(rows, model: SiteModel) -> tuple[list[str], list[list[Cell]]]:
    names = [str(v) for v in rows.vars]
    shown = [n for n in names if not (n + LABEL_SUFFIX in names)]
    columns = []
    for n in shown:
        base = n[: -len(LABEL_SUFFIX)] if n.endswith(LABEL_SUFFIX) and len(n) > len(LABEL_SUFFIX) else ""
        columns.append(base if base and base in names else n)
    table = []
    for binding in rows.bindings:
        values = {str(k): v for k, v in binding.items()}
        row = []
        for n, heading in zip(shown, columns):
            if heading != n:  # a label column standing for its IRI column
                row.append(_cell(values.get(heading), values.get(n), model))
            else:
                row.append(_cell(values.get(n), None, model))
        table.append(row)
    return columns, table


def run_query_page(site, model: SiteModel, query) -> tuple[QueryPage, object]:
    """Run a catalogue query with its example parameters and make its page data.

    Args:
        site: the :class:`~zorgakkoorden.site.pages.Site` (runs each query once).
        model: the site's read model (for links to entity pages).
        query: a :class:`~zorgakkoorden.query.catalogue.CatalogueQuery`.
    """
    # an optional parameter is left out, so that the page shows the whole answer
    params = {p.name: p.example for p in query.params if p.example is not None and not p.optional}
    for p in query.params:  # the site is Dutch first: a language parameter gives the Dutch answer
        if p.type == "lang" and p.name in params:
            params[p.name] = "nl"
    rows = site.answer(query.name, **params)
    page = QueryPage(
        name=query.name,
        title_nl=query.titles.get("nl", ""),
        title_en=query.titles.get("en", ""),
        description=query.description,
        description_nl=query.description_nl,
        params=[
            {"name": p.name, "type": p.type, "example": p.example or "", "description": p.description, "optional": p.optional}
            for p in query.params
        ],
        bound=sorted(params.items()),
        level=query.level,
        text=query.text,
        source_file=("queries/quality/" if query.is_quality_check else "queries/") + query.path.name,
        hints=[(" ".join(h.kinds), list(h.queries)) for h in query.hints],
    )
    page.empty_hint = getattr(rows, "hint", None) or ""
    if rows.type == "ASK":
        page.ask = bool(rows.askAnswer)
    else:
        columns, table = _table(rows, model)
        keep = [i for i in range(len(columns)) if any(row[i].text for row in table)] if table else list(range(len(columns)))
        page.dropped = [(query.column_title(columns[i], "nl"), query.column_title(columns[i], "en"))
                        for i in range(len(columns)) if i not in keep]
        page.columns = [columns[i] for i in keep]
        page.rows = [[row[i] for i in keep] for row in table]
        page.headings = [(query.column_title(c, "nl"), query.column_title(c, "en")) for c in page.columns]
    return page, rows


def write_query_pages(writer: SiteWriter, site, model: SiteModel) -> int:
    """queries/index.html, one page per query and its results as CSV and JSON; returns the page count."""
    pages = []
    for query in catalogue_entries():
        page, rows = run_query_page(site, model, query)
        if rows.type == "SELECT":
            for fmt, ext, label in (("csv", "csv", "CSV"), ("json", "json", "JSON")):
                rel = f"queries/{query.name}.{ext}"
                writer.text(rel, rows.render(fmt))
                page.formats.append((label, rel))
        writer.page(page.path, "query.html", title=(page.title_nl or page.name, page.title_en or page.name), section="queries", q=page)
        pages.append(page)
    writer.page(
        "queries/index.html", "queries.html", title=("Vaste vragen", "Ready-made questions"), section="queries",
        questions=[p for p in pages if p.level is None], checks=[p for p in pages if p.level is not None],
    )
    return len(pages) + 1
