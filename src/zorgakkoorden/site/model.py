"""The site's read model: entities, sourced statements and sources, taken from the loaded graph.

Everything here is plain data (dataclasses of strings), sorted in a stable order, so that the
templates are simple and two builds of the same graph give the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ..namespaces import SCHEMA, ZID, ZK, ZST
from ..paths import data_root

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}$")
_TERM = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,120}$")

# the classes whose members are not entities of their own (they are shown on other pages)
_STATEMENT_CLASSES = {ZK.Statement, ZK.AccordLink}


@dataclass(frozen=True)
class Ref:
    """A link to an entity: its IRI, labels and the page it has on the site (if any)."""

    iri: str
    label: str
    label_en: str = ""
    abbreviation: str = ""
    page: str = ""  # site-relative path, e.g. "entities/iza.html"; "" when it has no page
    number: int = 0  # a source document's number on the site (its badge), else 0

    @property
    def short(self) -> str:
        """The abbreviation where there is one, else the Dutch label."""
        return self.abbreviation or self.label

    @property
    def tag(self) -> str:
        """A compact name for a source badge: its number on the site (see sources.html)."""
        return str(self.number) if self.number else (self.abbreviation or self.label[:24])


@dataclass(frozen=True)
class Value:
    """The object of a statement: an entity or a literal (shown as text)."""

    ref: Ref | None = None
    text: str = ""
    datatype: str = ""

    @property
    def sort_key(self) -> tuple[str, str]:
        if self.ref is not None:
            return (self.ref.label.casefold(), self.ref.iri)
        return (self.text.casefold(), self.datatype)


@dataclass
class StatementView:
    """One sourced statement (a zk:Statement node) as the site shows it."""

    iri: str
    anchor: str
    kind: str  # "statement" or "link" (zk:AccordLink)
    subject: Ref
    predicate: Ref
    value: Value
    sources: list[Ref]
    aspects: list[str] = field(default_factory=list)
    aspects_nl: list[str] = field(default_factory=list)  # the aspects in Dutch (and untagged ones)
    aspects_en: list[str] = field(default_factory=list)  # the aspects in English
    section: str = ""
    year: str = ""
    conflict: Ref | None = None
    as_of: Value | None = None  # zk:asOf: the date on which the source says the statement held


@dataclass
class EntityView:
    """An entity with a page of its own."""

    ref: Ref
    classes: list[Ref]
    labels: dict[str, str]
    alt_labels: list[str]
    descriptions: list[tuple[str, str]]  # (language, text)
    sources: list[Ref]
    url: str = ""  # schema:url (source documents, knowledge resources)
    outgoing: list[StatementView] = field(default_factory=list)
    incoming: list[StatementView] = field(default_factory=list)
    backed: list[StatementView] = field(default_factory=list)  # statements this source backs
    conflicting: list[StatementView] = field(default_factory=list)  # for a zk:Conflict
    files: list[str] = field(default_factory=list)


def find_entities(graph, documented=None) -> set[URIRef]:
    """The nodes that get a page of their own: typed with a class of the vocabulary, not a
    statement, not a documented class or property (those are on the ontology page).

    Args:
        graph: the rdflib graph.
        documented: the documented terms (default: worked out from ``graph``).
    """
    if documented is None:
        from .ontology_doc import documented_terms

        documented = set(documented_terms(graph))
    vocab_classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    found: set[URIRef] = set()
    for node, cls in graph.subject_objects(RDF.type):
        if not isinstance(node, URIRef) or cls not in vocab_classes or cls in _STATEMENT_CLASSES:
            continue
        if node in documented or str(node).startswith(str(ZST)):
            continue  # classes and properties (on the ontology page) and statements
        found.add(node)
    return found


def entity_pages(graph) -> dict[str, str]:
    """Every entity's page (site path), by IRI: what :class:`SiteModel` gives them, worked out
    without building the model (the graph views, made alongside, link to these pages)."""
    return {str(iri): page for iri, page in assign_pages(find_entities(graph)).items()}


def page_slug(iri: str) -> str:
    """A safe file name (without .html) for an entity page.

    Args:
        iri: the entity's IRI; one in our ``id/`` namespace with a plain slug keeps it, an
            individual of the vocabulary (``zk:PrimarySource``) becomes ``term-PrimarySource``.
    """
    if iri.startswith(str(ZID)) and not iri.startswith(str(ZST)):
        local = iri[len(str(ZID)):]
        if _SLUG.match(local):
            return local
    if iri.startswith(str(ZK)) and _TERM.match(iri[len(str(ZK)):]):
        return "term-" + iri[len(str(ZK)):]
    return hashed_slug(iri)


# pages of the site itself under entities/ (an entity never gets one of these names)
RESERVED_ENTITY_PAGES = frozenset({"index"})


def hashed_slug(iri: str) -> str:
    """The fallback page name of an IRI: ``e-`` and 16 hex digits of its SHA-1."""
    return "e-" + hashlib.sha1(iri.encode("utf-8")).hexdigest()[:16]


def assign_pages(iris) -> dict:
    """The page of each entity, ``entities/<slug>.html``, never one of the site's own pages and
    never one page for two entities.

    An entity keeps its :func:`page_slug` unless that name is reserved (``index``) or two IRIs
    slug to it (e.g. ``zid:term-PrimarySource`` and ``zk:PrimarySource``): then each of them gets its
    :func:`hashed_slug`, so the outcome does not depend on the order of the IRIs.

    Args:
        iris: the entities' IRIs (rdflib URIRefs or strings).
    """
    claims: dict[str, list] = defaultdict(list)
    for iri in iris:
        claims[page_slug(str(iri))].append(iri)
    pages = {}
    for slug, owners in claims.items():
        for iri in owners:
            name = slug if len(owners) == 1 and slug not in RESERVED_ENTITY_PAGES else hashed_slug(str(iri))
            pages[iri] = f"entities/{name}.html"
    return pages


def statement_anchor(iri: str) -> str:
    """The HTML id of a statement on the pages that list it.

    Args:
        iri: the statement's IRI; one in our ``id/statement/`` namespace keeps its slug.
    """
    if iri.startswith(str(ZST)):
        local = iri[len(str(ZST)):]
        if _SLUG.match(local):
            return "st-" + local
    return "st-" + hashlib.sha1(iri.encode("utf-8")).hexdigest()[:16]


def _lang_literals(graph, node, prop) -> dict[str, str]:
    found: dict[str, str] = {}
    for lit in sorted(graph.objects(node, prop)):
        if isinstance(lit, Literal):
            found.setdefault(lit.language or "", str(lit))
    return found


class SiteModel:
    """Entities, statements and sources of a knowledge graph, indexed for the pages.

    Args:
        kg: a loaded :class:`~zorgakkoorden.knowledge_graph.KnowledgeGraph`.
        graph: the rdflib graph to read (default ``kg.graph``; the build passes a copy in
            memory, where many small look-ups are fast whatever the store).
    """

    def __init__(self, kg, graph=None):
        self.kg = kg
        self.graph = kg.graph if graph is None else graph
        self._refs: dict[URIRef, Ref] = {}
        from .ontology_doc import documented_terms

        self._documented = set(documented_terms(self.graph))
        found = self._find_entities()
        self._page_of: dict[URIRef, str] = assign_pages(found)
        self._source_number: dict[URIRef, int] = self._number_sources()
        self.entity_iris: list[URIRef] = sorted(found, key=lambda n: (self.ref(n).label.casefold(), str(n)))
        self.statements: list[StatementView] = self._read_statements()
        self.statement_by_iri: dict[str, StatementView] = {st.iri: st for st in self.statements}
        self.entities: list[EntityView] = self._build_entities()
        self.by_iri: dict[str, EntityView] = {e.ref.iri: e for e in self.entities}

    # ---------------------------------------------------------------- references

    def _find_entities(self) -> set[URIRef]:
        return find_entities(self.graph, self._documented)

    def _number_sources(self) -> dict[URIRef, int]:
        """Number the source documents: primary sources first, then official, then secondary, by title."""
        graph = self.graph
        classes = set(graph.transitive_subjects(RDFS.subClassOf, ZK.SourceDocument))
        docs = {d for c in classes for d in graph.subjects(RDF.type, c) if isinstance(d, URIRef)}
        rank = {ZK.PrimarySource: 0, ZK.OfficialSource: 1, ZK.SecondarySource: 2}

        def key(doc):
            kinds = [rank.get(k, 3) for k in graph.objects(doc, ZK.sourceKind)]
            titles = _lang_literals(graph, doc, SKOS.prefLabel)
            title = titles.get("nl") or titles.get("en") or next(iter(titles.values()), "")
            return (min(kinds, default=3), title.casefold(), str(doc))

        return {doc: i for i, doc in enumerate(sorted(docs, key=key), start=1)}

    def ref(self, node) -> Ref:
        """The link data of a node (cached).

        Args:
            node: an IRI; vocabulary terms get their ``rdfs:label``, entities their ``skos:prefLabel``.
        """
        if node in self._refs:
            return self._refs[node]
        graph = self.graph
        labels = _lang_literals(graph, node, SKOS.prefLabel) or _lang_literals(graph, node, RDFS.label)
        label = labels.get("nl") or labels.get("en") or labels.get("") or _local_name(str(node))
        label_en = labels.get("en", "")
        abbreviation = next((str(a) for a in sorted(graph.objects(node, ZK.abbreviation))), "")
        page = self._page_of.get(node, "")
        if not page and node in self._documented:
            page = f"ontology/index.html#{_local_name(str(node))}"
        ref = Ref(str(node), label, label_en if label_en != label else "", abbreviation, page, self._source_number.get(node, 0))
        self._refs[node] = ref
        return ref

    def ref_of(self, iri: str) -> Ref:
        """The link data of an IRI given as a string (see :meth:`ref`)."""
        return self.ref(URIRef(iri))

    def value(self, node) -> Value:
        if isinstance(node, Literal):
            datatype = str(node.datatype).rsplit("#", 1)[-1] if node.datatype else (f"@{node.language}" if node.language else "")
            return Value(text=str(node), datatype=datatype)
        if isinstance(node, BNode):
            return Value(text="(blank node)")
        return Value(ref=self.ref(node))

    def sources_of(self, node) -> list[Ref]:
        refs = [self.ref(s) for s in self.graph.objects(node, DCTERMS.source) if isinstance(s, URIRef)]
        return sorted(set(refs), key=lambda r: (r.number or 10**9, r.label.casefold(), r.iri))

    # ---------------------------------------------------------------- statements

    def _read_statements(self) -> list[StatementView]:
        graph = self.graph
        statement_classes = set(graph.transitive_subjects(RDFS.subClassOf, ZK.Statement))
        conflict_of: dict = {}
        for conflict, st in graph.subject_objects(ZK.conflictingStatement):
            conflict_of[st] = conflict
        views = []
        for st in set(graph.subjects(RDF.subject, None)):
            types = set(graph.objects(st, RDF.type))
            if not types & statement_classes:
                continue
            subject = graph.value(st, RDF.subject)
            predicate = graph.value(st, RDF.predicate)
            obj = graph.value(st, RDF.object)
            if subject is None or predicate is None or obj is None:
                continue
            aspect_literals = sorted(graph.objects(st, ZK.aspect), key=lambda x: (getattr(x, "language", None) != "nl", str(x)))
            aspects = [str(a) for a in aspect_literals]
            aspects_en = [str(a) for a in aspect_literals if getattr(a, "language", None) == "en"]
            aspects_nl = [str(a) for a in aspect_literals if getattr(a, "language", None) != "en"]
            section = next((str(s) for s in sorted(graph.objects(st, ZK.sourceSection))), "")
            year = next((str(y) for y in sorted(graph.objects(st, ZK.year))), "")
            as_of = next((self.value(d) for d in sorted(graph.objects(st, ZK.asOf)) if isinstance(d, Literal)), None)
            conflict = conflict_of.get(st)
            views.append(
                StatementView(
                    iri=str(st),
                    anchor=statement_anchor(str(st)),
                    kind="link" if ZK.AccordLink in types else "statement",
                    subject=self.ref(subject),
                    predicate=self.ref(predicate),
                    value=self.value(obj),
                    sources=self.sources_of(st),
                    aspects=aspects,
                    aspects_nl=aspects_nl,
                    aspects_en=aspects_en,
                    section=section,
                    year=year,
                    conflict=self.ref(conflict) if conflict is not None else None,
                    as_of=as_of,
                )
            )
        views.sort(key=lambda v: (v.subject.label.casefold(), v.predicate.label, v.value.sort_key, v.iri))
        return views

    # ---------------------------------------------------------------- entities

    def _build_entities(self) -> list[EntityView]:
        graph = self.graph
        outgoing: dict[str, list[StatementView]] = defaultdict(list)
        incoming: dict[str, list[StatementView]] = defaultdict(list)
        backed: dict[str, list[StatementView]] = defaultdict(list)
        by_iri = {s.iri: s for s in self.statements}
        for st in self.statements:
            outgoing[st.subject.iri].append(st)
            if st.value.ref is not None:
                incoming[st.value.ref.iri].append(st)
            for src in st.sources:
                backed[src.iri].append(st)
        root = data_root().resolve()
        entities = []
        for node in self.entity_iris:
            iri = str(node)
            classes = sorted(
                (self.ref(c) for c in graph.objects(node, RDF.type) if isinstance(c, URIRef)),
                key=lambda r: r.iri,
            )
            labels = _lang_literals(graph, node, SKOS.prefLabel) or _lang_literals(graph, node, RDFS.label)
            alt = sorted({str(a) for a in graph.objects(node, SKOS.altLabel)} | {str(a) for a in graph.objects(node, ZK.abbreviation)})
            descriptions = sorted(
                ((lit.language or "", str(lit)) for prop in (DCTERMS.description, SKOS.definition)
                 for lit in graph.objects(node, prop) if isinstance(lit, Literal)),
                key=lambda d: (d[0] != "nl", d),
            )
            url = next((str(u) for u in sorted(graph.objects(node, SCHEMA.url))), "")
            conflicting = sorted(
                (by_iri[str(s)] for s in graph.objects(node, ZK.conflictingStatement) if str(s) in by_iri),
                key=lambda v: v.iri,
            )
            files = []
            for path in self.kg.files_of(node):
                try:
                    files.append(path.resolve().relative_to(root).as_posix())
                except ValueError:
                    files.append(path.name)
            entities.append(
                EntityView(
                    ref=self.ref(node),
                    classes=classes,
                    labels=labels,
                    alt_labels=alt,
                    descriptions=descriptions,
                    sources=self.sources_of(node),
                    url=url,
                    outgoing=outgoing.get(iri, []),
                    incoming=incoming.get(iri, []),
                    backed=backed.get(iri, []),
                    conflicting=conflicting,
                    files=sorted(files),
                )
            )
        return entities

    def members(self, cls: URIRef) -> list[EntityView]:
        """The entities whose class is ``cls`` or one of its sub-classes, in label order (worked out
        once per class: the pages ask often)."""
        cache = self.__dict__.setdefault("_members", {})
        if cls not in cache:
            classes = {str(c) for c in self.graph.transitive_subjects(RDFS.subClassOf, cls)}
            cache[cls] = [e for e in self.entities if any(c.iri in classes for c in e.classes)]
        return list(cache[cls])


def _local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            tail = iri.rstrip(sep).rsplit(sep, 1)[-1]
            if tail:
                return tail
    return iri
