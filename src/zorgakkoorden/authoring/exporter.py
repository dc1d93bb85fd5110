"""The graph (or one framework's part) as authoring tables, and the empty template.

Cells that name something hold its CURIE (``zid:iza``, ``zk:complements``), so that a table
exported from the whole graph reads back to the same graph (``rdflib.compare.isomorphic``,
derived triples aside): the round trip test proves it. A statement's properties that the
ontology declares (``rdfs:domain zk:Statement``: ``zk:asOf``, ``zk:atLevel``, ...) have a
column each. Properties without a column of their own (a theme's scheme, a citation's
year, a conflict's statements, the data set's licence) go to ``extra`` as Turtle
``property value`` pairs. Derived triples (what ``ontology/rules/`` writes) are left out.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..namespaces import PREFIXES, SCHEMA, ZID, ZK, ZST
from .tables import sheet_columns
from .vocabulary import (KIND_WORDS, OTHER_COLUMN_PROPERTIES, STATEMENT_COLUMN_PROPERTIES, Vocabulary, curie, label_of,
                         value_cell)

ENTITY_COLUMNS_PREDICATES = {RDF.type, SKOS.prefLabel, ZK.abbreviation, SKOS.altLabel, DCTERMS.description, DCTERMS.source}
SOURCE_COLUMNS_PREDICATES = {RDF.type, SKOS.prefLabel, SKOS.altLabel, DCTERMS.description, DCTERMS.source, SCHEMA.url,
                             ZK.sourceKind}
STATEMENT_COLUMNS_PREDICATES = {RDF.type, RDF.subject, RDF.predicate, RDF.object, DCTERMS.source,
                                *STATEMENT_COLUMN_PROPERTIES}
SOURCE_KIND_NAMES = {ZK.PrimarySource: "primary", ZK.OfficialSource: "official", ZK.SecondarySource: "secondary"}


def _writer():
    from ..turtle_format import TurtleWriter

    return TurtleWriter([(p, str(ns)) for p, ns in PREFIXES.items()])


def _ref(iri) -> str:
    return curie(iri) if isinstance(iri, URIRef) else str(iri)


def _id(iri) -> str:
    text = str(iri)
    for ns in (str(ZST), str(ZID)):
        if text.startswith(ns) and "/" not in text[len(ns):]:
            return text[len(ns):]
    return curie(iri)


def _by_lang(graph: Graph, s, p) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for o in sorted(graph.objects(s, p), key=str):
        if isinstance(o, Literal):
            out.setdefault(o.language or "", []).append(str(o))
    return out


def _alt_labels(graph: Graph, s) -> str:
    parts = []
    for o in sorted(graph.objects(s, SKOS.altLabel), key=lambda o: (o.language != "nl", str(o))):
        parts.append(str(o) if o.language == "nl" else f"{o}@{o.language}")
    return "; ".join(parts)


def _is_statement(graph: Graph, s) -> bool:
    return (s, RDF.type, ZK.Statement) in graph or (s, RDF.type, ZK.AccordLink) in graph


def _extra(graph: Graph, s, skip: set, vocabulary: Vocabulary, types: list | None = None) -> str:
    """What no column of the row holds, as Turtle ``property value`` pairs.

    Args:
        types: the classes to write as ``a ...``; by default all but the first (the class column's).
    """
    writer = _writer()
    parts = []
    if types is None:
        types = sorted(graph.objects(s, RDF.type), key=str)[1:]
    for t in sorted(types, key=str):
        parts.append(f"a {writer.iri(t)}")
    for p in sorted(set(graph.predicates(s, None)) - skip - vocabulary.derived - {RDF.type}, key=str):
        if p in vocabulary.properties:
            continue  # a plain triple derived from a statement
        objects = sorted(graph.objects(s, p), key=writer.object_key)
        parts.append(f"{writer.iri(p, predicate=True)} " + " , ".join(writer.term(graph, o, "", {}) for o in objects))
    return " ; ".join(parts)


def entity_row(graph: Graph, s, vocabulary: Vocabulary) -> dict[str, str]:
    types = sorted(graph.objects(s, RDF.type), key=str)
    labels = _by_lang(graph, s, SKOS.prefLabel)
    descriptions = _by_lang(graph, s, DCTERMS.description)
    cls = types[0] if types else None
    return {
        "id": _id(s),
        "class": vocabulary.classes[cls].label_nl if cls in vocabulary.classes and vocabulary.classes[cls].label_nl else _ref(cls),
        "label_nl": "; ".join(labels.get("nl", [])),
        "label_en": "; ".join(labels.get("en", [])),
        "abbreviation": "; ".join(sorted(str(o) for o in graph.objects(s, ZK.abbreviation))),
        "alt_labels": _alt_labels(graph, s),
        "description_nl": "\n".join(descriptions.get("nl", [])),
        "description_en": "\n".join(descriptions.get("en", [])),
        "source": "; ".join(_ref(o) for o in sorted(graph.objects(s, DCTERMS.source), key=str)),
        "extra": _extra(graph, s, ENTITY_COLUMNS_PREDICATES, vocabulary),
    }


def source_row(graph: Graph, s, vocabulary: Vocabulary) -> dict[str, str]:
    labels = _by_lang(graph, s, SKOS.prefLabel)
    descriptions = _by_lang(graph, s, DCTERMS.description)
    own = sorted(graph.objects(s, DCTERMS.source), key=str)
    return {
        "id": _id(s),
        "title": "; ".join(labels.get("nl", [])),
        "title_en": "; ".join(labels.get("en", [])),
        "url": str(graph.value(s, SCHEMA.url) or ""),
        "kind": SOURCE_KIND_NAMES.get(graph.value(s, ZK.sourceKind), _ref(graph.value(s, ZK.sourceKind) or "")),
        "publisher": "",
        "date": "",
        "alt_labels": _alt_labels(graph, s),
        "description_nl": "\n".join(descriptions.get("nl", [])),
        "description_en": "\n".join(descriptions.get("en", [])),
        "source": "" if own == [s] else "; ".join(_ref(o) for o in own),
        "extra": _extra(graph, s, SOURCE_COLUMNS_PREDICATES, vocabulary,
                        types=[t for t in graph.objects(s, RDF.type) if t != ZK.SourceDocument]),
    }


def statement_row(graph: Graph, s, vocabulary: Vocabulary) -> dict[str, str]:
    prop = graph.value(s, RDF.predicate)
    obj = graph.value(s, RDF.object)
    aspects = _by_lang(graph, s, ZK.aspect)
    if isinstance(obj, Literal):
        kind = vocabulary.value_kind(prop) if vocabulary.is_attribute(prop) else "any"
        obj_cell = value_cell(obj, kind)
    else:
        obj_cell = _ref(obj)
    year = graph.value(s, ZK.year)
    qualifiers = {}
    for q in vocabulary.qualifiers:
        values = sorted(graph.objects(s, q.term.iri), key=str)
        qualifiers[q.column] = "; ".join(
            value_cell(v, q.value_kind or "any") if isinstance(v, Literal) else _ref(v) for v in values)
    skip = STATEMENT_COLUMNS_PREDICATES | {q.term.iri for q in vocabulary.qualifiers}
    # the kind column holds zk:Statement or zk:AccordLink; any other class goes to extra
    other_types = [t for t in graph.objects(s, RDF.type) if t not in (ZK.Statement, ZK.AccordLink)]
    extra = _extra(graph, s, skip, vocabulary, types=other_types)
    return {
        "id": _id(s),
        "subject": _ref(graph.value(s, RDF.subject)),
        "relation": _ref(prop),
        "object": obj_cell,
        "aspect_nl": "; ".join(aspects.get("nl", [])),
        "aspect_en": "; ".join(aspects.get("en", [])),
        "source": "; ".join(_ref(o) for o in sorted(graph.objects(s, DCTERMS.source), key=str)),
        "section": str(graph.value(s, ZK.sourceSection) or ""),
        "year": str(year) if year is not None else "",
        "citation": _ref(graph.value(s, ZK.citation)) if graph.value(s, ZK.citation) is not None else "",
        "kind": "AccordLink" if (s, RDF.type, ZK.AccordLink) in graph else "Statement",
        **qualifiers,
        "extra": extra,
    }


def export_sheets(graph: Graph, framework: URIRef | None = None) -> dict[str, list[dict[str, str]]]:
    """The rows of the three sheets for the whole graph or for one framework's part.

    Args:
        graph: a loaded graph (ontology, graph, derived triples).
        framework: only the statements about this framework and its action lines, the
            entities they name and the sources they cite.
    """
    vocabulary = Vocabulary(graph)
    statements = sorted({s for t in (ZK.Statement, ZK.AccordLink) for s in graph.subjects(RDF.type, t)}, key=str)
    sources = {s for s in graph.subjects(RDF.type, ZK.SourceDocument) if isinstance(s, URIRef)}
    entities = {
        s for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(ZID)) and s not in sources and not _is_statement(graph, s)
    }
    if framework is not None:
        parts = {framework, *graph.objects(framework, ZK.hasActionLine)}
        statements = [s for s in statements if graph.value(s, RDF.subject) in parts or graph.value(s, RDF.object) in parts]
        named = {framework}
        for s in statements:
            named |= {graph.value(s, RDF.subject), graph.value(s, RDF.object)}
            named |= {o for q in vocabulary.qualifiers for o in graph.objects(s, q.term.iri)}
        cited = {o for s in statements for o in graph.objects(s, DCTERMS.source)}
        entities = {e for e in named if e in entities}
        cited |= {o for e in entities for o in graph.objects(e, DCTERMS.source)}
        sources = {s for s in sources if s in cited or s in named}
    return {
        "entities": [entity_row(graph, s, vocabulary) for s in sorted(entities, key=str)],
        "statements": [statement_row(graph, s, vocabulary) for s in statements],
        "sources": [source_row(graph, s, vocabulary) for s in sorted(sources, key=str)],
    }


def columns_for(graph: Graph) -> dict[str, list[str]]:
    """The columns of each sheet: the fixed ones and a column for each property of a statement in the ontology."""
    return sheet_columns([q.column for q in Vocabulary(graph).qualifiers])


def vocabulary_rows(graph: Graph) -> list[dict[str, str]]:
    """One row per class, value, relation, attribute and statement column of the ontology, with an example from the graph.

    Every property of the ontology (``zk:``) is listed but the derived shortcuts: the relations
    and attributes (the statements sheet's ``relation``), the properties of a statement (a
    column of the statements sheet each), and the rest (a column of their own, or ``extra``).
    """
    vocabulary = Vocabulary(graph)
    rows = []
    for iri, term in vocabulary.classes.items():
        values = vocabulary.values.get(iri, [])
        example = min((s for s in graph.subjects(RDF.type, iri) if isinstance(s, URIRef) and str(s).startswith(str(ZID))),
                      key=str, default=None)
        rows.append({
            "kind": "waardenlijst / list of values" if values else "klasse / class",
            "curie": term.curie, "label_nl": term.label_nl, "label_en": term.label_en,
            "subject_must_be": "", "object_must_be": "",
            "example_subject": label_of(graph, example) if example is not None else "",
            "column": "" if values else "class (entities)",
        })
    for cls, values in sorted(vocabulary.values.items(), key=lambda item: curie(item[0])):
        users = [t for t in vocabulary.properties.values() if t.range == cls]
        users += [q.term for q in vocabulary.qualifiers if q.term.range == cls]
        for value in values:
            rows.append({
                "kind": "waarde / value", "curie": value.curie, "label_nl": value.label_nl, "label_en": value.label_en,
                "subject_must_be": "", "object_must_be": _class_words(graph, cls),
                "example_subject": "", "example_relation": users[0].label_nl if users else "",
                "example_object": value.label_nl,
                "column": "kind (sources)" if cls == ZK.SourceKind else _columns_of(users, vocabulary),
            })
    for iri, term in sorted(vocabulary.properties.items(), key=lambda item: (item[1].kind, item[1].curie)):
        example = min((s for s in graph.subjects(RDF.predicate, iri)), key=str, default=None)
        if term.kind == "attribute":
            words = KIND_WORDS[vocabulary.value_kind(iri)]
            must = f"{words[1]} / {words[0]}"
        else:
            must = _class_words(graph, term.range, vocabulary)
        row = {
            "kind": "relatie / relation" if term.kind == "relation" else "kenmerk / attribute",
            "curie": term.curie, "label_nl": term.label_nl, "label_en": term.label_en,
            "subject_must_be": _class_words(graph, term.domain), "object_must_be": must,
            "column": "relation (statements)",
        }
        if example is not None:
            subject, obj = graph.value(example, RDF.subject), graph.value(example, RDF.object)
            row.update({
                "example_subject": label_of(graph, subject),
                "example_relation": term.label_nl,
                "example_object": str(obj) if isinstance(obj, Literal) else label_of(graph, obj),
            })
        else:
            row.update({"example_subject": "", "example_relation": term.label_nl, "example_object": ""})
        rows.append(row)
    statement_words = _class_words(graph, ZK.Statement)
    fixed = [(vocabulary.statement_term(p), column, "") for p, column in STATEMENT_COLUMN_PROPERTIES.items()]
    for term, column, kind in fixed + [(q.term, ", ".join((q.column,) + q.aliases[:1]), q.value_kind) for q in vocabulary.qualifiers]:
        if term is None:
            continue
        if term.kind == "attribute":
            words = KIND_WORDS[kind or vocabulary.kind_of(term.iri, term.range)]
            must = f"{words[1]} / {words[0]}"
        else:
            must = _class_words(graph, term.range, vocabulary)
        example = min(graph.subjects(term.iri, None), key=str, default=None)
        value = graph.value(example, term.iri) if example is not None else None
        rows.append({
            "kind": "kolom van bewering / statement column", "curie": term.curie,
            "label_nl": term.label_nl, "label_en": term.label_en,
            "subject_must_be": statement_words, "object_must_be": must,
            "example_subject": label_of(graph, graph.value(example, RDF.subject)) if example is not None else "",
            "example_relation": label_of(graph, graph.value(example, RDF.predicate)) if example is not None else "",
            "example_object": "" if value is None else str(value) if isinstance(value, Literal) else label_of(graph, value),
            "column": column,
        })
    for term in vocabulary.other_properties():
        rows.append({
            "kind": "overig / other", "curie": term.curie, "label_nl": term.label_nl, "label_en": term.label_en,
            "subject_must_be": _class_words(graph, term.domain) if term.domain is not None else "",
            "object_must_be": _class_words(graph, term.range) if term.range is not None else "",
            "column": OTHER_COLUMN_PROPERTIES.get(term.iri, "extra"),
        })
    return rows


def _columns_of(terms, vocabulary: Vocabulary) -> str:
    columns = []
    for term in terms:
        qualifier = next((q for q in vocabulary.qualifiers if q.term.iri == term.iri), None)
        column = f"{qualifier.column} (statements)" if qualifier else "object (statements)"
        if column not in columns:
            columns.append(column)
    return ", ".join(columns)


def _class_words(graph: Graph, cls, vocabulary: Vocabulary | None = None) -> str:
    """The class in Dutch and English; for a class of values, its values too."""
    if cls is None:
        return "elke entiteit / any entity"
    labels = {lit.language: str(lit) for lit in graph.objects(cls, RDFS.label) if isinstance(lit, Literal)}
    words = f"{labels.get('nl', curie(cls))} / {labels.get('en', curie(cls))}" if labels else curie(cls)
    values = vocabulary.values.get(cls, []) if vocabulary is not None else []
    if values:
        words += ": " + ", ".join(f"{v.label_nl} / {v.label_en} ({v.curie})" for v in values)
    return words
