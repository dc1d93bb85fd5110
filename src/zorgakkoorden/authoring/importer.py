"""Rows of an authoring table to Turtle in the project's own form (docs/modelling.md).

Every row becomes what an analyst would write by hand: an entity with its class, labels,
description and sources; a ``zk:Statement`` (a ``zk:AccordLink`` between two frameworks)
with subject, relation, object, aspect, sources, section and year; a ``zk:SourceDocument``
with its address and kind, its publisher and date as statements. Names in the cells
resolve against the graph and the table itself with the query layer's name resolution
(:mod:`zorgakkoorden.query.names`). Every problem is collected with its file, sheet, row
and column; if there is any, nothing is returned but a :class:`~zorgakkoorden.errors.TableError`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from dataclasses import dataclass
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ..errors import NameResolutionError, TableError
from ..namespaces import PREFIXES, SCHEMA, ZID, ZK, ZST
from .tables import Row, Tables, sheet_columns
from .vocabulary import KIND_WORDS, Vocabulary, curie, expand, looks_like_date, parse_value

KIND_PREFIX = {
    "Theme": "theme-", "Goal": "goal-", "ActionLine": "actionline-", "TargetGroup": "tg-",
    "Intervention": "int-", "FundingInstrument": "fin-", "Law": "law-", "PracticeExample": "pex-",
    "Place": "place-", "KnowledgeResource": "res-", "Publication": "pub-", "Event": "event-",
    "Citation": "cit-", "SourceDocument": "source-", "Conflict": "conflict-",
}
SOURCE_KINDS = {
    "primary": ZK.PrimarySource, "primair": ZK.PrimarySource, "primaire bron": ZK.PrimarySource,
    "official": ZK.OfficialSource, "officieel": ZK.OfficialSource, "officiele bron": ZK.OfficialSource,
    "officiële bron": ZK.OfficialSource,
    "secondary": ZK.SecondarySource, "secundair": ZK.SecondarySource, "secundaire bron": ZK.SecondarySource,
}
STATEMENT_KINDS = {"statement": ZK.Statement, "bewering": ZK.Statement, "accordlink": ZK.AccordLink,
                   "accord link": ZK.AccordLink, "verbinding": ZK.AccordLink}
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-.]*\Z")


@dataclass
class Problem:
    """One wrong cell: where it is and what is wrong, with a suggestion where there is one."""

    file: str
    sheet: str | None
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        sheet = f", sheet {self.sheet}" if self.sheet else ""
        return f"{self.file}{sheet}, row {self.row}, column {self.column}: {self.message}"


def slugify(text: str) -> str:
    """The IRI slug of a name: lower-case ASCII, words joined by ``-`` (docs/modelling.md)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def slug_of(iri) -> str:
    text = str(iri)
    for ns in (str(ZST), str(ZID)):
        if text.startswith(ns):
            return text[len(ns):]
    return slugify(re.split(r"[/#:]", text.rstrip("/#"))[-1])


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def lang_value(text: str) -> Literal:
    """``name@en`` is English; anything else Dutch."""
    m = re.fullmatch(r"(.*?)@(nl|en)", text, flags=re.DOTALL)
    return Literal(m.group(1).strip(), lang=m.group(2)) if m else Literal(text, lang="nl")


class Importer:
    """Turns the rows of one table into a graph, collecting the problems.

    Args:
        base: the graph names resolve against besides the table (the loaded graph, or the ontology alone).
    """

    def __init__(self, base: Graph):
        self.base = base
        self.vocabulary = Vocabulary(base)
        self.out = Graph()
        self.problems: list[Problem] = []
        self.used: dict[URIRef, Row] = {}
        self.order: list[URIRef] = []
        self.sections: dict[str, list[URIRef]] = {"sources": [], "entities": [], "statements": []}
        self._index = None
        self.source_optional: set[URIRef] = set()

    def problem(self, row: Row, column: str, message: str) -> None:
        self.problems.append(Problem(row.file, row.sheet, row.number, row.heading(column), message))

    # ---- ids -------------------------------------------------------------------------------

    def _id(self, row: Row, default: str, namespace=ZID) -> URIRef | None:
        cell = row.get("id")
        if cell:
            iri = expand(cell) if ":" in cell else None
            if iri is None:
                if not _ID.match(cell):
                    self.problem(row, "id", f"{cell!r} is not an id: use lower-case letters, digits and '-' (for example {slugify(cell) or 'my-id'!r})")
                    return None
                iri = URIRef(str(namespace) + cell)
        else:
            if not default:
                return None
            iri = URIRef(str(namespace) + default)
            n = 2
            while iri in self.used or (iri, None, None) in self.base:
                iri = URIRef(f"{namespace}{default}-{n}")
                n += 1
        if iri in self.used:
            first = self.used[iri]
            where = f"sheet {first.sheet}, row {first.number}" if first.sheet else f"{Path(first.file).name}, row {first.number}"
            self.problem(row, "id", f"duplicate id {curie(iri)}: {where} has it too")
            return None
        if (iri, None, None) in self.base:
            self.problem(row, "id", f"duplicate id {curie(iri)}: the graph already has it; pick another id or leave the cell empty")
            return None
        self.used[iri] = row
        return iri

    # ---- names -----------------------------------------------------------------------------

    def index(self):
        if self._index is None:
            from ..query.names import NameIndex

            merged = Graph()
            for triple in self.base:
                merged.add(triple)
            for triple in self.out:
                merged.add(triple)
            for prefix, ns in PREFIXES.items():
                merged.bind(prefix, ns, override=True)
            self._index = NameIndex(merged)
        return self._index

    def name(self, row: Row, column: str, text: str, must_be=None, what: str = "entity") -> URIRef | None:
        try:
            iri = self.index().resolve(text)
        except NameResolutionError as exc:
            message = str(exc)
            if must_be is not None and exc.candidates:
                wanted = [c for c in exc.candidates if (URIRef(c), RDF.type, must_be) in self.index().graph]
                if wanted:
                    message = f"no {what} has the name {text!r}; closest: " + "; ".join(
                        self.index()._describe([URIRef(c) for c in wanted]))
            self.problem(row, column, message)
            return None
        if must_be is not None and (iri, RDF.type, must_be) not in self.index().graph:
            self.problem(row, column, f"{text!r} ({curie(iri)}) is not a {what}; add it to the sources sheet "
                         "or name a source document of the graph")
            return None
        return iri

    def sources(self, row: Row, column: str = "source") -> list[URIRef]:
        cell = row.get(column)
        if not cell:
            self.problem(row, column, "a source is missing: every fact needs the id or title of a source document "
                         "(from the sources sheet or the graph)")
            return []
        found = [self.name(row, column, part, ZK.SourceDocument, "source document") for part in split_list(cell)]
        return [f for f in found if f is not None]

    # ---- sheets ----------------------------------------------------------------------------

    def read_sources(self, rows: list[Row]) -> list[tuple[Row, URIRef]]:
        done = []
        for row in rows:
            title = row.get("title")
            if not title:
                self.problem(row, "title", "a source needs its title")
            iri = self._id(row, "source-" + slugify(title)[:60] if title else "")
            url = row.get("url")
            parts = urlsplit(url) if url else None
            if not url:
                self.problem(row, "url", "a source needs its public address (an http or https URL)")
            elif parts.scheme.lower() not in ("http", "https") or not parts.netloc:
                self.problem(row, "url", f"{url!r} is not an http(s) address; give the public web address of the document")
            kind = SOURCE_KINDS.get(row.get("kind").strip().lower())
            if kind is None:
                self.problem(row, "kind", f"{row.get('kind')!r} is not a kind of source; use primary, official or secondary")
            if iri is None:
                continue
            g = self.out
            g.add((iri, RDF.type, ZK.SourceDocument))
            if title:
                g.add((iri, SKOS.prefLabel, Literal(title, lang="nl")))
            if row.get("title_en"):
                g.add((iri, SKOS.prefLabel, Literal(row.get("title_en"), lang="en")))
            for alt in split_list(row.get("alt_labels")):
                g.add((iri, SKOS.altLabel, lang_value(alt)))
            for column, lang in (("description_nl", "nl"), ("description_en", "en")):
                if row.get(column):
                    g.add((iri, DCTERMS.description, Literal(row.get(column), lang=lang)))
            if url:
                g.add((iri, SCHEMA.url, Literal(url, datatype=XSD.anyURI)))
            if kind is not None:
                g.add((iri, ZK.sourceKind, kind))
            self._extra(row, iri)
            self.sections["sources"].append(iri)
            done.append((row, iri))
        return done

    def read_entities(self, rows: list[Row]) -> list[tuple[Row, URIRef]]:
        done = []
        for row in rows:
            cls, close = self.vocabulary.cls(row.get("class")) if row.get("class") else (None, [])
            if cls is None:
                hint = f"; closest: {', '.join(t.describe() for t in close)}" if close else ""
                what = f"{row.get('class')!r} is not a class" if row.get("class") else "a class is missing"
                self.problem(row, "class", f"{what}{hint}")
            label = row.get("label_nl")
            # an entity of the ontology's classes needs a name and a source (the shapes say so); a node
            # of another vocabulary (the graph as a dcat:Dataset, the themes' skos:ConceptScheme) needs neither
            ours = cls is None or cls in self.vocabulary.classes
            if not label and ours:
                self.problem(row, "label_nl", "an entity needs its Dutch name")
            elif not label and not row.get("id"):
                self.problem(row, "id", "give the id (or a Dutch name in label_nl to make it from)")
            local = str(cls).rsplit("/", 1)[-1] if cls is not None else ""
            base_name = row.get("abbreviation") if local in ("Accord", "Programme", "Agenda") and row.get("abbreviation") else label
            iri = self._id(row, (KIND_PREFIX.get(local, "") + slugify(base_name))[:80] if base_name else "")
            if iri is None or cls is None:
                continue
            if not ours:
                self.source_optional.add(iri)
            g = self.out
            g.add((iri, RDF.type, cls))
            if label:
                g.add((iri, SKOS.prefLabel, Literal(label, lang="nl")))
            if row.get("label_en"):
                g.add((iri, SKOS.prefLabel, Literal(row.get("label_en"), lang="en")))
            for abbreviation in split_list(row.get("abbreviation")):
                g.add((iri, ZK.abbreviation, Literal(abbreviation)))
            for alt in split_list(row.get("alt_labels")):
                g.add((iri, SKOS.altLabel, lang_value(alt)))
            for column, lang in (("description_nl", "nl"), ("description_en", "en")):
                if row.get(column):
                    g.add((iri, DCTERMS.description, Literal(row.get(column), lang=lang)))
            self._extra(row, iri)
            if cls == ZK.Theme and not row.get("extra"):
                g.add((iri, SKOS.inScheme, ZID.themes))
            self.sections["entities"].append(iri)
            done.append((row, iri))
        return done

    def _extra(self, row: Row, iri: URIRef) -> None:
        cell = row.get("extra")
        if not cell:
            return
        prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
        g = Graph()
        try:
            g.parse(data=f"{prefixes}<{iri}> {cell} .", format="turtle")
        except Exception as exc:  # rdflib's parser raises several kinds
            detail = str(exc).strip().splitlines()[-1][:200]
            self.problem(row, "extra", f"not a Turtle list of 'property value' pairs separated by ';': {detail}")
            return
        for triple in g:
            self.out.add(triple)

    def finish_described(self, rows: list[tuple[Row, URIRef]], self_sourced: bool) -> None:
        for row, iri in rows:
            if self_sourced and not row.get("source"):
                self.out.add((iri, DCTERMS.source, iri))
                continue
            if iri in self.source_optional and not row.get("source"):
                continue
            for source in self.sources(row):
                self.out.add((iri, DCTERMS.source, source))

    def source_facts(self, rows: list[tuple[Row, URIRef]]) -> None:
        for row, iri in rows:
            if row.get("publisher"):
                party = self.name(row, "publisher", row.get("publisher"))
                if party is not None:
                    self._statement(row, iri, ZK.publishedBy, party, [iri], None, "publisher")
            if row.get("date"):
                value = parse_value(row.get("date"), "date")
                if value is None:
                    self.problem(row, "date", f"{row.get('date')!r} is not {KIND_WORDS['date'][0]}")
                else:
                    self._statement(row, iri, ZK.publicationDate, value, [iri], None, "date")

    def _statement(self, row, subject, prop, obj, sources, stmt_id, column) -> URIRef | None:
        prop_slug = str(prop).rsplit("/", 1)[-1].lower()
        default = f"{slug_of(subject)}-{prop_slug}" + (f"-{slug_of(obj)}" if isinstance(obj, URIRef) else "")
        iri = self._id(Row(row.file, row.sheet, row.number, {"id": stmt_id} if stmt_id else {}), default, ZST)
        if iri is None:
            return None
        kind = ZK.Statement
        g = self.out
        g.add((iri, RDF.type, kind))
        g.add((iri, RDF.subject, subject))
        g.add((iri, RDF.predicate, prop))
        g.add((iri, RDF.object, obj))
        for source in sources:
            g.add((iri, DCTERMS.source, source))
        self.sections["statements"].append(iri)
        return iri

    def _fits(self, row: Row, column: str, iri: URIRef, prop: URIRef, cls, end: str, text: str | None = None) -> bool:
        """Whether ``iri`` is of ``cls`` (the property's domain or range), or a problem saying what it should be."""
        if cls is None:
            return True
        graph = self.index().graph
        kinds = set()
        for t in graph.objects(iri, RDF.type):
            kinds |= set(graph.transitive_objects(t, RDFS.subClassOf))
        if cls in kinds:
            return True
        own = sorted(graph.objects(iri, RDF.type), key=str)
        is_a = ", ".join(self.vocabulary.classes[t].label_nl if t in self.vocabulary.classes else curie(t) for t in own) or "no class"
        wanted = self.vocabulary.classes[cls].label_nl if cls in self.vocabulary.classes else curie(cls)
        term = self.vocabulary.properties.get(prop) or next(q.term for q in self.vocabulary.qualifiers if q.term.iri == prop)
        self.problem(row, column, f"{text or row.get(column)!r} ({curie(iri)}) is of the class '{is_a}', but the {end} of "
                     f"{term.describe()} must be of the class '{wanted}'")
        return False

    def _is_framework(self, iri) -> bool:
        graph = self.index().graph
        return any((t, RDFS.subClassOf, ZK.PolicyFramework) in graph or t == ZK.PolicyFramework
                   for t in graph.objects(iri, RDF.type))

    def entity_or_value(self, row: Row, column: str, cell: str, term) -> URIRef | None:
        """What ``cell`` names: for a property whose range is a class of values (zk:Status), one of its values
        by label or CURIE; else an entity (by the query layer's name resolution)."""
        values = self.vocabulary.values.get(term.range, [])
        if values:
            value, close = self.vocabulary.value(cell, term.range)
            if value is not None:
                return value
            if expand(cell) is None:
                listed = ", ".join(f"'{v.label_nl}' ({v.curie})" for v in (close or values))
                self.problem(row, column, f"{cell!r} is not a value of {term.describe()}; "
                             f"{'closest' if close else 'use one of'}: {listed}")
                return None
        return self.name(row, column, cell)

    def qualifiers(self, row: Row) -> list[tuple[URIRef, object]] | None:
        """The values of the row's statement-property columns (``as_of``, ``at_level``, ...); None if one is wrong."""
        found, wrong = [], False
        for q in self.vocabulary.qualifiers:
            cell = row.get(q.column)
            if not cell:
                continue
            term = q.term
            parts = [cell] if q.value_kind in ("text", "any") else split_list(cell)
            for part in parts:
                if term.kind == "relation":
                    value = self.entity_or_value(row, q.column, part, term)
                    if value is not None and term.range is not None and term.range not in self.vocabulary.values:
                        if not self._fits(row, q.column, value, term.iri, term.range, "object", part):
                            value = None
                else:
                    value = parse_value(part, q.value_kind)
                    if value is None:
                        self.problem(row, q.column, f"{part!r} is not {KIND_WORDS[q.value_kind][0]}, which {term.describe()} takes")
                if value is None:
                    wrong = True
                else:
                    found.append((term.iri, value))
        return None if wrong else found

    def read_statements(self, rows: list[Row]) -> None:
        aliases = {alias: q.column for q in self.vocabulary.qualifiers for alias in q.aliases}
        for row in rows:
            if any(name in aliases for name in row.cells):
                written = {aliases.get(k, k): v for k, v in row.written.items()}
                written.update({aliases[k]: k for k in row.cells if k in aliases and k not in row.written})
                row = Row(row.file, row.sheet, row.number, {aliases.get(k, k): v for k, v in row.cells.items()}, written)
            subject = self.name(row, "subject", row.get("subject")) if row.get("subject") else None
            if not row.get("subject"):
                self.problem(row, "subject", "a statement needs its subject")
            prop, close = self.vocabulary.relation(row.get("relation")) if row.get("relation") else (None, [])
            if prop is None:
                if row.get("relation"):
                    hint = f"; closest: {', '.join(t.describe() for t in close)}" if close else ""
                    self.problem(row, "relation", f"{row.get('relation')!r} is not a relation{hint}")
                else:
                    self.problem(row, "relation", "a statement needs its relation")
            cell = row.get("object")
            obj = None
            if not cell:
                self.problem(row, "object", "a statement needs its object")
            elif prop is not None and self.vocabulary.is_attribute(prop):
                kind = self.vocabulary.value_kind(prop)
                obj = parse_value(cell, kind)
                if obj is None:
                    term = self.vocabulary.properties[prop]
                    if looks_like_date(cell) and kind != "date":
                        message = f"{cell!r} is a date, but {term.describe()} takes {KIND_WORDS[kind][0]}"
                    else:
                        message = f"{cell!r} is not {KIND_WORDS[kind][0]}, which {term.describe()} takes"
                    self.problem(row, "object", message)
            elif prop is not None:
                obj = self.entity_or_value(row, "object", cell, self.vocabulary.properties[prop])
            qualifiers = self.qualifiers(row)
            sources = self.sources(row)
            year = None
            if row.get("year"):
                year = parse_value(row.get("year"), "year")
                if year is None:
                    self.problem(row, "year", f"{row.get('year')!r} is not a year (YYYY)")
            citation = self.name(row, "citation", row.get("citation"), ZK.Citation, "citation") if row.get("citation") else None
            kind_cell = row.get("kind").strip().lower()
            kind = STATEMENT_KINDS.get(kind_cell.replace("zk:", "")) if kind_cell else None
            if kind_cell and kind is None:
                self.problem(row, "kind", f"{row.get('kind')!r} is not a kind of statement; use Statement or AccordLink (or leave it empty)")
            if subject is not None and prop is not None:
                self._fits(row, "subject", subject, prop, self.vocabulary.properties[prop].domain, "subject")
            if isinstance(obj, URIRef) and prop is not None and not self.vocabulary.is_attribute(prop):
                self._fits(row, "object", obj, prop, self.vocabulary.properties[prop].range, "object")
            if qualifiers is None:
                continue
            if None in (subject, prop, obj) or not sources:
                continue
            iri = self._statement(row, subject, prop, obj, sources, row.get("id"), "id")
            if iri is None:
                continue
            if kind is None:
                kind = ZK.AccordLink if self._is_framework(subject) and isinstance(obj, URIRef) and self._is_framework(obj) else ZK.Statement
            if kind != ZK.Statement:
                self.out.remove((iri, RDF.type, ZK.Statement))
                self.out.add((iri, RDF.type, kind))
            for column, lang in (("aspect_nl", "nl"), ("aspect_en", "en")):
                if row.get(column):
                    self.out.add((iri, ZK.aspect, Literal(row.get(column), lang=lang)))
            if row.get("section"):
                self.out.add((iri, ZK.sourceSection, Literal(row.get("section"))))
            if year is not None:
                self.out.add((iri, ZK.year, year))
            if citation is not None:
                self.out.add((iri, ZK.citation, citation))
            for prop_q, value in qualifiers:
                self.out.add((iri, prop_q, value))
            self._extra(row, iri)

    def unknown_columns(self, tables: Tables) -> None:
        """A filled cell under a heading that is no column of its sheet would be lost: name it, with the closest column.

        A heading that starts with ``#`` is the analyst's own (notes, a to-do): its cells are left out on purpose.
        """
        import difflib

        columns = sheet_columns([q.column for q in self.vocabulary.qualifiers])
        aliases = {alias for q in self.vocabulary.qualifiers for alias in q.aliases}
        for sheet, rows in tables.rows.items():
            known = set(columns.get(sheet, [])) | (aliases if sheet == "statements" else set())
            reported = set()
            for row in rows:
                for name, value in row.cells.items():
                    own = row.written.get(name, name).lstrip().startswith("#")
                    if value and not own and name not in known and name not in reported:
                        reported.add(name)
                        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
                        hint = f"; closest: {close[0]!r}" if close else f"; the columns are: {', '.join(columns.get(sheet, []))}"
                        written = row.written.get(name, name)
                        self.problems.append(Problem(row.file, row.sheet, row.number, written,
                                                     f"{written!r} is not a column of the sheet {sheet}, so its cells "
                                                     f"would be lost{hint} (a heading that starts with # is your own: its cells are left out)"))

    def run(self, tables: Tables) -> Graph:
        self.unknown_columns(tables)
        sources = self.read_sources(tables.rows["sources"])
        entities = self.read_entities(tables.rows["entities"])
        self.finish_described(sources, self_sourced=True)
        self.finish_described(entities, self_sourced=False)
        self.source_facts(sources)
        self.read_statements(tables.rows["statements"])
        if self.problems:
            raise TableError(self.problems)
        return self.out


def import_tables(tables: Tables, base: Graph) -> tuple[Graph, dict[str, list]]:
    """The graph the table's rows make, and its subjects by section (sources, entities, statements).

    Args:
        tables: the rows (see :func:`.tables.read_tables`).
        base: the graph names resolve against (with the ontology in it).

    Raises:
        TableError: any row is wrong; the error lists every problem.
    """
    importer = Importer(base)
    graph = importer.run(tables)
    return graph, importer.sections


def to_turtle(graph: Graph, sections: dict[str, list], origin: str) -> str:
    """The imported graph as canonical Turtle, with a header and one section per sheet.

    Args:
        graph: the imported graph.
        sections: its subjects by section, in the table's order.
        origin: the table's name, for the header comment.
    """
    from ..turtle_format import format_text, prefix_block, write_turtle

    used = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    used |= {str(o.datatype) for o in graph.objects() if isinstance(o, Literal) and o.datatype}
    prefixes = [(p, str(ns)) for p, ns in PREFIXES.items() if any(u.startswith(str(ns)) for u in used)]
    parts = [
        f"# Made from the authoring table {origin} by `zorgakkoorden table import`.\n"
        "# Check it with the graph: zorgakkoorden check THIS-FILE\n\n",
        prefix_block(prefixes),
    ]
    titles = {"sources": "Sources", "entities": "Entities", "statements": "Statements"}
    for name, subjects in sections.items():
        if not subjects:
            continue
        parts.append(f"\n#################################################################\n# {titles[name]}\n"
                     "#################################################################\n\n")
        parts.append(write_turtle(graph, subjects, prefixes))
    return format_text("".join(parts))
