"""Labels of IRIs in a language, for the label columns the query layer adds to results.

Catalogue queries return IRIs; the layer adds, after each column that holds IRIs, a
column ``<name>Label`` with the ``skos:prefLabel`` (things) or ``rdfs:label``
(vocabulary) in the chosen language, falling back to Dutch, then English, then any
label, then the prefixed IRI. Looking labels up in a dictionary built once per graph is
far cheaper than two ``OPTIONAL`` patterns per column in rdflib's engine.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..store import graph_version
from .engines import store_for, subject_objects

FALLBACK_LANGS = ("nl", "en", "")


class LabelIndex:
    """Every ``skos:prefLabel`` and ``rdfs:label`` of a graph, by IRI and language.

    Args:
        graph: an rdflib graph.
    """

    def __init__(self, graph):
        from rdflib import Literal, URIRef
        from rdflib.namespace import RDFS, SKOS

        self._pref: dict = defaultdict(dict)
        self._rdfs: dict = defaultdict(dict)
        self._literals: dict = {}
        for target, predicate in ((self._pref, SKOS.prefLabel), (self._rdfs, RDFS.label)):
            for s, o in subject_objects(graph, predicate):
                if isinstance(s, URIRef) and isinstance(o, Literal):
                    lang = (o.language or "").lower()
                    # keep the smallest label of a language, so duplicates resolve the same way on every store
                    current = target[s].get(lang)
                    if current is None or str(o) < current:
                        target[s][lang] = str(o)

    def label_literal(self, iri, lang: str = "nl"):
        """The label as a plain rdflib Literal, made once per IRI and language."""
        key = (iri, lang)
        found = self._literals.get(key)
        if found is None:
            from rdflib import Literal

            found = self._literals[key] = Literal(self.label(iri, lang))
        return found

    def has_label(self, iri) -> bool:
        """Whether the IRI has any label at all."""
        return iri in self._pref or iri in self._rdfs

    def label(self, iri, lang: str = "nl") -> str:
        """The label of an IRI in ``lang`` (then nl, en, any, then the prefixed IRI).

        Args:
            iri: an rdflib URIRef.
            lang: a language code such as ``nl`` or ``en``.
        """
        return choose_label(self._pref.get(iri), self._rdfs.get(iri), iri, lang)


def choose_label(pref: dict | None, rdfs: dict | None, iri, lang: str) -> str:
    """The label of an IRI from its labels by language (``skos:prefLabel`` first, then
    ``rdfs:label``): in ``lang``, then nl, en, without a language, any; else the prefixed IRI.

    Args:
        pref: language (lower case, ``""`` for none) -> the preferred label, or None.
        rdfs: the same for ``rdfs:label``.
        iri: the IRI.
        lang: a language code such as ``nl`` or ``en``.
    """
    for labels in (pref, rdfs):
        if labels:
            for key in (lang.lower(), *FALLBACK_LANGS):
                if key in labels:
                    return labels[key]
            return labels[sorted(labels)[0]]
    return curie(iri)


def label_index(kg) -> LabelIndex:
    """The label index of a knowledge graph, built once per graph version (see :func:`.catalogue.graph_version`)."""
    version = graph_version(kg)
    cached = getattr(kg, "_label_index", None)
    if cached is not None and cached[0] == version:
        return cached[1]
    index = LabelIndex(store_for(kg).reader())
    try:
        kg._label_index = (version, index)
    except AttributeError:  # pragma: no cover
        pass
    return index


def curie(term) -> str:
    """``zid:iza`` for an IRI in our namespaces, the IRI itself otherwise."""
    from ..prefixes import PREFIX_IRIS

    text = str(term)
    best_ns, best_prefix = "", ""
    for prefix, ns in PREFIX_IRIS.items():
        if text.startswith(ns) and len(ns) > len(best_ns):
            best_ns, best_prefix = ns, prefix
    rest = text[len(best_ns):]
    if best_ns and re.fullmatch(r"[A-Za-z0-9_\-.]*", rest) and not rest.endswith("."):
        return f"{best_prefix}:{rest}"
    return text
