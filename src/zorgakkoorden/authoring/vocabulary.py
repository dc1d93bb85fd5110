"""What a table may use, read from the ontology: classes, relations and attributes, by their names.

Nothing here is a second, hand-kept list: the names, the Dutch and English labels, the
domains and ranges come from ``ontology/zorgakkoorden.ttl`` as loaded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from ..namespaces import PREFIXES, SH, ZK
from ..query.names import normalise

# the Literal an attribute's object becomes, by the attribute's range (or, for dates, by its shape)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_YEAR_MONTH = re.compile(r"\d{4}-\d{2}\Z")
_YEAR = re.compile(r"\d{4}\Z")
_INTEGER = re.compile(r"[+-]?\d+\Z")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)\Z")
DATE_ATTRIBUTES = {ZK.signingDate, ZK.publicationDate, ZK.startDate, ZK.endDate}
_DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear}
# the properties of a statement that a fixed column of the statements sheet holds, by that column
STATEMENT_COLUMN_PROPERTIES = {ZK.aspect: "aspect_nl, aspect_en", ZK.sourceSection: "section", ZK.year: "year",
                               ZK.citation: "citation"}
# the properties of an entity or source that a fixed column holds, by that column
OTHER_COLUMN_PROPERTIES = {ZK.abbreviation: "abbreviation (entities)", ZK.sourceKind: "kind (sources)"}
_INSERT = re.compile(r"INSERT\s*\{(.*?)\}", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    """A class or property of the ontology, with its names."""

    iri: URIRef
    curie: str
    label_nl: str
    label_en: str
    kind: str  # "class", "relation", "attribute" or "value" (zk:Running of zk:Status)
    domain: URIRef | None = None
    range: URIRef | None = None

    def describe(self) -> str:
        return f"'{self.label_nl}' ({self.curie})"


@dataclass(frozen=True)
class Qualifier:
    """A property of a statement (``rdfs:domain zk:Statement`` in the ontology) with a column of its own.

    ``column`` is the English heading (``as_of`` for ``zk:asOf``); ``aliases`` are the other
    headings read as the same column: the Dutch and English labels (``stand_per``), the CURIE.
    """

    term: Term
    column: str
    aliases: tuple[str, ...]
    value_kind: str  # for an attribute: date, year, count, amount, boolean, text or any; "" for a relation


def heading(text: str) -> str:
    """A column heading as the tables read it: lower case, spaces as ``_``."""
    return text.strip().lower().replace(" ", "_")


def snake(local: str) -> str:
    """``asOf`` -> ``as_of``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", local).lower()


@lru_cache(maxsize=1)
def derived_properties() -> frozenset[URIRef]:
    """The properties the loader's rules (``ontology/rules/*.rq``) write: shortcuts, not facts."""
    from ..paths import ontology_dir

    found: set[URIRef] = set()
    for rule in sorted((ontology_dir() / "rules").glob("*.rq")):
        for block in _INSERT.findall(rule.read_text(encoding="utf-8")):
            found |= {ZK[local] for local in re.findall(r"\bzk:(\w+)", block)}
    return frozenset(found)


@lru_cache(maxsize=1)
def shape_datatypes() -> dict[URIRef, frozenset[URIRef]]:
    """The datatypes the shapes (``ontology/shapes.ttl``) allow a property: ``sh:datatype``, also inside ``sh:or``."""
    from rdflib import Graph
    from rdflib.collection import Collection

    from ..paths import ontology_dir

    shapes = Graph().parse(ontology_dir() / "shapes.ttl")
    found: dict[URIRef, set[URIRef]] = {}
    for shape, path in shapes.subject_objects(SH.path):
        if not isinstance(path, URIRef):
            continue
        types = set(shapes.objects(shape, SH.datatype))
        for alternatives in shapes.objects(shape, SH["or"]):
            for alternative in Collection(shapes, alternatives):
                types |= set(shapes.objects(alternative, SH.datatype))
        if types:
            found.setdefault(path, set()).update(types)
    return {path: frozenset(types) for path, types in found.items()}


def curie(iri) -> str:
    """``zk:complements`` for an IRI in one of the project's namespaces, else ``<iri>``."""
    text = str(iri)
    best = max(((p, str(ns)) for p, ns in PREFIXES.items() if text.startswith(str(ns))), key=lambda x: len(x[1]), default=None)
    return f"{best[0]}:{text[len(best[1]):]}" if best else f"<{text}>"


def expand(text: str) -> URIRef | None:
    """The IRI a CURIE (``zk:count``) or ``<IRI>`` spells, if it spells one."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    m = re.fullmatch(r"([A-Za-z][\w\-]*):([\w\-.]*)", text)
    if m and m.group(1) in PREFIXES:
        return URIRef(str(PREFIXES[m.group(1)]) + m.group(2))
    if re.match(r"https?://", text):
        return URIRef(text)
    return None


class Vocabulary:
    """The classes and properties a table may name, and how to read an attribute's value.

    Args:
        graph: a graph holding the ontology (a loaded knowledge graph's graph).
    """

    def __init__(self, graph):
        self.graph = graph
        self.classes: dict[URIRef, Term] = {}
        self.properties: dict[URIRef, Term] = {}
        for c in sorted(set(graph.subjects(RDF.type, OWL.Class)), key=str):
            if isinstance(c, URIRef) and str(c).startswith(str(ZK)):
                nl, en = self._labels(c)
                self.classes[c] = Term(c, curie(c), nl, en, "class")
        for top, kind in ((ZK.relation, "relation"), (ZK.attribute, "attribute")):
            for p in sorted(graph.transitive_subjects(RDFS.subPropertyOf, top), key=str):
                if p == top or not isinstance(p, URIRef):
                    continue
                nl, en = self._labels(p)
                self.properties[p] = Term(p, curie(p), nl, en, kind, graph.value(p, RDFS.domain), graph.value(p, RDFS.range))
        self._class_keys = self._keys(self.classes)
        self._property_keys = self._keys(self.properties)
        self.derived = derived_properties()
        self._shape_types = shape_datatypes()
        # the values of a class of values (zk:Running of zk:Status), named in the ontology
        self.values: dict[URIRef, list[Term]] = {}
        for c in self.classes:
            for v in sorted(graph.subjects(RDF.type, c), key=str):
                if isinstance(v, URIRef) and str(v).startswith(str(ZK)) and (v, RDFS.label, None) in graph:
                    nl, en = self._labels(v)
                    self.values.setdefault(c, []).append(Term(v, curie(v), nl, en, "value"))
        self.qualifiers = self._qualifiers()

    def _qualifiers(self) -> list[Qualifier]:
        """Every property of a statement in the ontology that has no fixed column, is not derived, and is ours."""
        statement_classes = set(self.graph.transitive_subjects(RDFS.subClassOf, ZK.Statement))
        found = []
        for p in sorted({p for c in statement_classes for p in self.graph.subjects(RDFS.domain, c)}, key=str):
            if not isinstance(p, URIRef) or not str(p).startswith(str(ZK)) or p in self.derived or p in STATEMENT_COLUMN_PROPERTIES:
                continue
            nl, en = self._labels(p)
            is_object = (p, RDF.type, OWL.ObjectProperty) in self.graph
            term = Term(p, curie(p), nl, en, "relation" if is_object else "attribute",
                        self.graph.value(p, RDFS.domain), self.graph.value(p, RDFS.range))
            column = snake(str(p)[len(str(ZK)):])
            aliases = tuple(dict.fromkeys(a for a in (heading(nl), heading(en), term.curie.lower()) if a and a != column))
            found.append(Qualifier(term, column, aliases, "" if is_object else self._kind(p, term.range)))
        return sorted(found, key=lambda q: q.column)

    def statement_term(self, prop: URIRef) -> Term | None:
        """The term of a property of a statement (one with a fixed column), if the ontology has it."""
        if (prop, None, None) not in self.graph:
            return None
        nl, en = self._labels(prop)
        kind = "relation" if (prop, RDF.type, OWL.ObjectProperty) in self.graph else "attribute"
        return Term(prop, curie(prop), nl, en, kind, self.graph.value(prop, RDFS.domain), self.graph.value(prop, RDFS.range))

    def other_properties(self) -> list[Term]:
        """The ontology's other properties (``zk:``): neither relation, attribute, property of a statement nor derived."""
        covered = set(self.properties) | set(self.derived) | {q.term.iri for q in self.qualifiers}
        covered |= set(STATEMENT_COLUMN_PROPERTIES) | {ZK.relation, ZK.attribute}
        found = []
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property):
            for p in self.graph.subjects(RDF.type, kind):
                if isinstance(p, URIRef) and str(p).startswith(str(ZK)) and p not in covered:
                    nl, en = self._labels(p)
                    found.append(Term(p, curie(p), nl, en, "other", self.graph.value(p, RDFS.domain), self.graph.value(p, RDFS.range)))
                    covered.add(p)
        return sorted(found, key=lambda t: t.curie)

    def kind_of(self, prop: URIRef, rng) -> str:
        """What a value of ``prop`` (with range ``rng``) must be: see :meth:`value_kind`."""
        return self._kind(prop, rng)

    def value(self, text: str, cls: URIRef) -> tuple[URIRef | None, list[Term]]:
        """The value of the class of values ``cls`` that a cell names (label, CURIE or local name), or the closest."""
        terms = {t.iri: t for t in self.values.get(cls, [])}
        return self._find(text, terms, self._keys(terms))

    def _labels(self, iri) -> tuple[str, str]:
        labels = {lit.language: str(lit) for lit in self.graph.objects(iri, RDFS.label) if isinstance(lit, Literal)}
        return labels.get("nl", ""), labels.get("en", "")

    @staticmethod
    def _keys(terms: dict) -> dict[str, set]:
        keys: dict[str, set] = {}
        for iri, term in terms.items():
            for name in (term.label_nl, term.label_en, term.curie, term.curie.split(":", 1)[-1]):
                if name:
                    keys.setdefault(normalise(name), set()).add(iri)
        return keys

    def _find(self, text: str, terms: dict, keys: dict) -> tuple[URIRef | None, list[Term]]:
        iri = expand(text)
        if iri is not None and iri in terms:
            return iri, []
        found = keys.get(normalise(text), set())
        if len(found) == 1:
            return next(iter(found)), []
        close = difflib.get_close_matches(normalise(text), list(keys), n=3, cutoff=0.4)
        suggestions: list[Term] = []
        for key in close:
            for i in sorted(keys[key], key=str):
                if terms[i] not in suggestions:
                    suggestions.append(terms[i])
        return None, suggestions

    def relation(self, text: str) -> tuple[URIRef | None, list[Term]]:
        """The property a cell names (Dutch or English label, CURIE or local name), or the closest ones."""
        return self._find(text, self.properties, self._property_keys)

    def cls(self, text: str) -> tuple[URIRef | None, list[Term]]:
        """The class a cell names; a CURIE of another vocabulary (``skos:ConceptScheme``) is taken as it is."""
        iri, close = self._find(text, self.classes, self._class_keys)
        if iri is None and ":" in text and expand(text) is not None and not str(expand(text)).startswith(str(ZK)):
            return expand(text), []
        return iri, close

    def is_attribute(self, prop: URIRef) -> bool:
        return prop in self.properties and self.properties[prop].kind == "attribute"

    def value_kind(self, prop: URIRef) -> str:
        """What an attribute's value must be: ``date``, ``year``, ``count``, ``amount`` or ``text``."""
        rng = self.properties[prop].range if prop in self.properties else None
        return self._kind(prop, rng)

    def _kind(self, prop: URIRef, rng) -> str:
        types = self._shape_types.get(prop, set())
        if prop in DATE_ATTRIBUTES or (types and types <= _DATE_TYPES and len(types) > 1):
            return "date"
        if rng is None and len(types) == 1:
            rng = next(iter(types))
        return {XSD.gYear: "year", XSD.integer: "count", XSD.decimal: "amount", RDF.langString: "text",
                XSD.boolean: "boolean", XSD.date: "date"}.get(rng, "any")


KIND_WORDS = {
    "date": ("a date (YYYY-MM-DD, YYYY-MM or YYYY)", "een datum (JJJJ-MM-DD, JJJJ-MM of JJJJ)"),
    "year": ("a year (YYYY)", "een jaar (JJJJ)"),
    "count": ("a whole number", "een geheel getal"),
    "amount": ("an amount (digits, '.' for decimals)", "een bedrag (cijfers, '.' voor decimalen)"),
    "boolean": ("true or false", "waar of onwaar (ja of nee)"),
    "text": ("a text", "een tekst"),
    "any": ("a value", "een waarde"),
}


BOOLEAN_WORDS = {"true": True, "false": False, "waar": True, "onwaar": False, "ja": True, "nee": False,
                 "yes": True, "no": False, "1": True, "0": False}


def looks_like_date(text: str) -> bool:
    if _DATE.match(text) or _YEAR_MONTH.match(text):
        return True
    try:
        dt.datetime.fromisoformat(text)
        return "-" in text
    except ValueError:
        return False


def parse_value(text: str, kind: str) -> Literal | None:
    """The literal a cell gives for an attribute of ``kind``; None when it is not one.

    Args:
        text: the cell (a Turtle literal such as ``"2022"^^xsd:gYear`` is read as it is).
        kind: ``date``, ``year``, ``count``, ``amount``, ``text`` or ``any``.
    """
    typed = turtle_literal(text)
    if typed is not None:
        return typed
    if kind == "date":
        if _DATE.match(text):
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                return None
            return Literal(text, datatype=XSD.date)
        if _YEAR_MONTH.match(text) and 1 <= int(text[5:]) <= 12:
            return Literal(text, datatype=XSD.gYearMonth)
        if _YEAR.match(text):
            return Literal(text, datatype=XSD.gYear)
        return None
    if kind == "year":
        return Literal(text, datatype=XSD.gYear) if _YEAR.match(text) else None
    if kind == "count":
        return Literal(text, datatype=XSD.integer) if _INTEGER.match(text) else None
    if kind == "amount":
        return Literal(text, datatype=XSD.decimal) if _DECIMAL.match(text) else None
    if kind == "boolean":
        truth = BOOLEAN_WORDS.get(text.strip().lower())
        return None if truth is None else Literal("true" if truth else "false", datatype=XSD.boolean)
    if kind == "text":
        return Literal(text, lang="nl")
    return Literal(text)


def turtle_literal(text: str) -> Literal | None:
    """A cell written as a Turtle literal (``"..."^^xsd:date``, ``"..."@nl``), read by rdflib; else None."""
    if not text.startswith('"'):
        return None
    from rdflib import Graph

    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    g = Graph()
    try:
        g.parse(data=f"{prefixes}<urn:x:s> <urn:x:p> {text} .", format="turtle")
    except Exception:  # not a Turtle literal: read as plain text
        return None
    value = next(iter(g.objects()), None)
    return value if isinstance(value, Literal) else None


def value_cell(lit: Literal, kind: str) -> str:
    """How an attribute's literal is written in a cell: plain when reading it back gives the same literal."""
    text = str(lit)
    if not text.startswith('"') and parse_value(text, kind) == lit and parse_value(text, kind).language == lit.language:
        return text
    from ..turtle_format import TurtleWriter

    return TurtleWriter([(p, str(ns)) for p, ns in PREFIXES.items()]).literal(lit)


def label_of(graph, iri, lang: str = "nl") -> str:
    """The preferred label of ``iri`` in ``lang`` (or any), for the vocabulary sheet."""
    labels = {lit.language: str(lit) for lit in graph.objects(iri, SKOS.prefLabel) if isinstance(lit, Literal)}
    labels.update({lit.language: str(lit) for lit in graph.objects(iri, RDFS.label) if isinstance(lit, Literal) and lit.language not in labels})
    return labels.get(lang) or labels.get("nl") or labels.get("en") or next(iter(labels.values()), curie(iri))
