"""The graph (or one framework's part) as authoring tables, and the empty template.

Cells that name something hold its CURIE (``zid:iza``, ``zk:complements``), so that a table
exported from the whole graph reads back to the same graph (``rdflib.compare.isomorphic``,
derived triples aside): the round trip test proves it. Properties without a column of
their own (a theme's scheme, a citation's year, a conflict's statements) go to ``extra``
as Turtle ``property value`` pairs.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..namespaces import PREFIXES, SCHEMA, ZID, ZK, ZST
from .vocabulary import KIND_WORDS, Vocabulary, curie, label_of, value_cell

DERIVED = {ZK.instanceOf, ZK.tiesFramework, ZK.tiesItem, ZK.tiesVia}
ENTITY_COLUMNS_PREDICATES = {RDF.type, SKOS.prefLabel, ZK.abbreviation, SKOS.altLabel, DCTERMS.description, DCTERMS.source}
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


def _extra(graph: Graph, s, skip: set, vocabulary: Vocabulary) -> str:
    writer = _writer()
    parts = []
    types = sorted(graph.objects(s, RDF.type), key=str)
    for t in types[1:]:
        parts.append(f"a {writer.iri(t)}")
    for p in sorted(set(graph.predicates(s, None)) - skip - DERIVED - {RDF.type}, key=str):
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
        cited = {o for s in statements for o in graph.objects(s, DCTERMS.source)}
        entities = {e for e in named if e in entities}
        cited |= {o for e in entities for o in graph.objects(e, DCTERMS.source)}
        sources = {s for s in sources if s in cited or s in named}
    return {
        "entities": [entity_row(graph, s, vocabulary) for s in sorted(entities, key=str)],
        "statements": [statement_row(graph, s, vocabulary) for s in statements],
        "sources": [source_row(graph, s, vocabulary) for s in sorted(sources, key=str)],
    }


def vocabulary_rows(graph: Graph) -> list[dict[str, str]]:
    """One row per class, relation and attribute of the ontology, with an example from the graph."""
    vocabulary = Vocabulary(graph)
    rows = []
    for iri, term in vocabulary.classes.items():
        example = min((s for s in graph.subjects(RDF.type, iri) if isinstance(s, URIRef) and str(s).startswith(str(ZID))),
                      key=str, default=None)
        rows.append({
            "kind": "klasse / class", "curie": term.curie, "label_nl": term.label_nl, "label_en": term.label_en,
            "subject_must_be": "", "object_must_be": "",
            "example_subject": label_of(graph, example) if example is not None else "",
        })
    for iri, term in sorted(vocabulary.properties.items(), key=lambda item: (item[1].kind, item[1].curie)):
        example = min((s for s in graph.subjects(RDF.predicate, iri)), key=str, default=None)
        if term.kind == "attribute":
            words = KIND_WORDS[vocabulary.value_kind(iri)]
            must = f"{words[1]} / {words[0]}"
        else:
            must = _class_words(graph, term.range)
        row = {
            "kind": "relatie / relation" if term.kind == "relation" else "kenmerk / attribute",
            "curie": term.curie, "label_nl": term.label_nl, "label_en": term.label_en,
            "subject_must_be": _class_words(graph, term.domain), "object_must_be": must,
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
    return rows


def _class_words(graph: Graph, cls) -> str:
    if cls is None:
        return "elke entiteit / any entity"
    labels = {lit.language: str(lit) for lit in graph.objects(cls, RDFS.label) if isinstance(lit, Literal)}
    return f"{labels.get('nl', curie(cls))} / {labels.get('en', curie(cls))}" if labels else curie(cls)
