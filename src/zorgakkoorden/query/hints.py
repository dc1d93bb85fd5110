"""What to try when a catalogue query finds nothing.

A query's header may carry ``# hint:`` lines (see :class:`.catalogue.EmptyHint`)::

    # hint: zk:FundingInstrument -- funding provenance
    # hint: * -- provenance search

When the query gives no rows, the first line whose kind fits the entity a parameter names
(its class or a class above it) gives the hint, in the language of the labels:
"SPUK DOS is een financieringsinstrument: probeer de query funding of provenance". ``*`` fits
any entity, and a query without entity parameters. The command line prints the hint on
standard error; Python finds it in ``rows.hint``; the site lists the hints on each query's page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_TEXT = {
    "nl": {
        "entity": "{name} is {article}{kind}: probeer {queries}",
        "nothing": "Niets gevonden: probeer {queries}",
        "query": "de query {name}",
        "queries": "de queries {names}",
        "or": " of ",
    },
    "en": {
        "entity": "{name} is {article}{kind}: try {queries}",
        "nothing": "Nothing found: try {queries}",
        "query": "the query {name}",
        "queries": "the queries {names}",
        "or": " or ",
    },
}


def _article(lang: str, kind: str) -> str:
    if lang == "nl":
        return "een "
    return "an " if kind[:1].lower() in "aeiou" else "a "


def _queries_text(lang: str, names: tuple[str, ...]) -> str:
    text = _TEXT[lang]
    if len(names) == 1:
        return text["query"].format(name=names[0])
    joined = ", ".join(names[:-1]) + text["or"] + names[-1]
    return text["queries"].format(names=joined)


def _classes_of(kg, iri) -> set[str]:
    """The prefixed names of the entity's classes and every class above them."""
    from rdflib import URIRef
    from rdflib.namespace import RDF, RDFS

    from .results import curie

    found: set = set()
    todo = [t for t in kg.graph.objects(iri, RDF.type) if isinstance(t, URIRef)]
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.add(cls)
        todo.extend(t for t in kg.graph.objects(cls, RDFS.subClassOf) if isinstance(t, URIRef))
    return {curie(c) for c in found}


def empty_hint(kg, query, bindings: Mapping[str, Any], lang: str = "nl") -> str | None:
    """The hint for an empty answer of ``query`` with these bound parameters, or None.

    Args:
        kg: the knowledge graph.
        query: the :class:`~.catalogue.CatalogueQuery` that found nothing.
        bindings: its bound parameters (variable name to rdflib term).
        lang: ``nl`` or ``en``.
    """
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from .labels import label_index
    from .names import name_index
    from .results import curie

    lang = lang if lang in _TEXT else "en"
    text = _TEXT[lang]
    entities = [bindings[p.name] for p in query.params if p.type == "entity" and isinstance(bindings.get(p.name), URIRef)]
    for hint in query.hints:
        if hint.kinds == ("*",):
            if not entities:
                return text["nothing"].format(queries=_queries_text(lang, hint.queries))
            entity = entities[0]
        else:
            entity = next((e for e in entities if set(hint.kinds) & _classes_of(kg, e)), None)
            if entity is None:
                continue
        index = label_index(kg)
        known = name_index(kg).entities.get(entity)
        name = known.abbreviations[0] if known is not None and known.abbreviations else str(index.label_literal(entity, lang))
        own = sorted(t for t in kg.graph.objects(entity, RDF.type) if isinstance(t, URIRef))
        if not own:
            return text["nothing"].format(queries=_queries_text(lang, hint.queries))
        kind = str(index.label_literal(own[0], lang)) if index.has_label(own[0]) else curie(own[0])
        return text["entity"].format(
            name=name, article=_article(lang, kind), kind=kind, queries=_queries_text(lang, hint.queries)
        )
    return None
