"""The ontology's documentation: pyLODE for the vocabulary, our own page for the SHACL shapes.

pyLODE (OntPub profile) writes one HTML page for an OWL ontology. We give it a prepared copy of
``ontology/zorgakkoorden.ttl`` so that the page shows what our users need:

- each class and property under one heading with its Dutch and English label ("akkoord · accord"),
  where pyLODE would otherwise run the two labels together;
- its Dutch and English definitions, each marked with its language; pyLODE renders definitions as
  Markdown with raw HTML allowed, so we escape them first (they are shown as text);
- anchors named after the IRI's local name (``#Accord``, ``#signedBy``), so that other pages can
  link to a term;
- the CSS inline (pyLODE's option) and a navigation bar back to the site. The page loads nothing:
  its icons are data: URIs and its only script is JSON-LD data.

The ``docs`` extra asks for ``pylode>=3.2,<3.4``: 3.4.1 cannot be imported (its ``version.py``
reads a ``pyproject.toml`` that the wheel does not ship) and 3.4.2-3.6.0 need Python 3.12;
docs/site.md ("Ontology documentation: pyLODE") says what 3.6.0 does with our ontology.
"""

from __future__ import annotations

import html
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ..errors import OutputError
from ..extras import require
from ..namespaces import SH, ZK

# the kinds of term pyLODE gives a section (and so an anchor)
DOCUMENTED_TYPES = (OWL.Class, RDFS.Class, RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def markdown_text(text: str) -> str:
    """Text that Python-Markdown renders as exactly that text (no markup, no HTML, no links).

    Args:
        text: a definition from the ontology.
    """
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    return html.escape(escaped, quote=False).replace("\n", " ")


def documented_terms(ontology: Graph) -> list[URIRef]:
    """The classes and properties of our namespace, which get a section (and an anchor)."""
    found = set()
    for kind in DOCUMENTED_TYPES:
        for term in ontology.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and str(term).startswith(str(ZK)) and str(term) != str(ZK):
                found.add(term)
    return sorted(found)


def local_name(iri: URIRef | str) -> str:
    return str(iri)[len(str(ZK)):] if str(iri).startswith(str(ZK)) else str(iri).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _by_language(graph: Graph, node, *props) -> dict[str, str]:
    found: dict[str, str] = {}
    for prop in props:
        for lit in sorted(graph.objects(node, prop)):
            if isinstance(lit, Literal):
                found.setdefault(lit.language or "", str(lit))
    return found


def prepare_for_pylode(ontology: Graph) -> Graph:
    """A copy of the ontology with one title and one (escaped, bilingual) description per term.

    Args:
        ontology: the vocabulary as parsed from ``ontology/zorgakkoorden.ttl``.
    """
    prepared = Graph(bind_namespaces="core")
    for prefix, ns in ontology.namespaces():
        prepared.bind(prefix, ns, override=True)
    label_props = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
    text_props = (SKOS.definition, DCTERMS.description, RDFS.comment)
    for triple in ontology:
        if triple[1] not in label_props and triple[1] not in text_props:
            prepared.add(triple)
    subjects = {s for s, p, _ in ontology if p in label_props or p in text_props}
    for node in sorted(subjects, key=str):
        labels = _by_language(ontology, node, DCTERMS.title, RDFS.label, SKOS.prefLabel)
        texts = _by_language(ontology, node, SKOS.definition, DCTERMS.description, RDFS.comment)
        ordered = [lang for lang in ("nl", "en") if lang in labels] + sorted(k for k in labels if k not in ("nl", "en"))
        if labels:
            prepared.add((node, DCTERMS.title, Literal(" · ".join(labels[lang] for lang in ordered))))
        if texts or len(labels) > 1:
            paragraphs = []
            for lang in [lang for lang in ("nl", "en") if lang in texts or lang in labels] + sorted(
                k for k in set(texts) | set(labels) if k not in ("nl", "en")
            ):
                head = f"**{lang or '-'}**"
                if lang in labels:
                    head += f" *{markdown_text(labels[lang])}*"
                body = markdown_text(texts[lang]) if lang in texts else ""
                paragraphs.append(f"{head} — {body}" if body else head)
            prepared.add((node, DCTERMS.description, Literal("\n\n".join(paragraphs))))
    return prepared


class _QuietLogging:
    """pyLODE configures the root logger when imported and logs at INFO while it works: keep the
    terminal clean by restoring the root logger afterwards."""

    def __enter__(self):
        root = logging.getLogger()
        self._handlers = list(root.handlers)
        self._level = root.level
        self._disabled = logging.root.manager.disable
        logging.disable(logging.WARNING)
        return self

    def __exit__(self, *exc):
        root = logging.getLogger()
        for handler in list(root.handlers):
            if handler not in self._handlers:
                root.removeHandler(handler)
        root.setLevel(self._level)
        logging.disable(self._disabled)
        return False


NAV_STYLE = (
    "<style>\n"
    "#zk-site-nav{position:sticky;top:0;z-index:10;background:#123a5a;padding:.5em 1em;"
    "font:15px/1.4 system-ui,sans-serif;margin:0 0 1em 0}\n"
    "#zk-site-nav a{color:#fff;margin-right:1.2em;text-decoration:none}\n"
    "#zk-site-nav a:hover{text-decoration:underline}\n"
    "</style>\n"
)


def pylode_html(ontology_file: Path, nav_links: list[tuple[str, str]]) -> str:
    """The vocabulary's documentation page, made by pyLODE, with a navigation bar.

    Args:
        ontology_file: ``ontology/zorgakkoorden.ttl``.
        nav_links: (href, text) pairs for the navigation bar back to the site.
    """
    with _QuietLogging():
        pylode = require("pylode", "docs", "the ontology documentation (pyLODE)")
        ontology = Graph().parse(ontology_file, format="turtle")
        prepared = prepare_for_pylode(ontology)
        doc = pylode.OntPub(prepared, sort_subjects=True)
        doc.fids.update({str(term): local_name(term) for term in documented_terms(ontology)})
        page = doc.make_html(include_css=True)
    nav = '<nav id="zk-site-nav">' + "".join(
        f'<a href="{html.escape(href)}">{html.escape(text)}</a>' for href, text in nav_links
    ) + "</nav>"
    if "</head>" not in page or "<body>" not in page:
        raise OutputError("pyLODE wrote a page without <head> or <body>: cannot add the site's navigation")
    page = page.replace("</head>", NAV_STYLE + "</head>", 1).replace("<body>", "<body>\n" + nav, 1)
    page = page.replace("<html>", '<html lang="en">', 1)
    if not page.endswith("\n"):
        page += "\n"
    return page


# ---------------------------------------------------------------- SHACL shapes


@dataclass
class Constraint:
    name: str  # e.g. "minCount"
    value: str


@dataclass
class PropertyShapeView:
    path: str
    name: str
    description: str
    severity: str
    message: str
    constraints: list[Constraint] = field(default_factory=list)
    sparql: list[tuple[str, str]] = field(default_factory=list)  # (message, SPARQL text)


@dataclass
class NodeShapeView:
    iri: str
    anchor: str
    label: str
    description: str
    targets: list[Constraint]
    severity: str
    message: str
    constraints: list[Constraint]
    properties: list[PropertyShapeView]
    sparql: list[tuple[str, str]]  # (message, SPARQL text)


_SHAPE_META = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.property,
               SH.severity, SH.message, SH.name, SH.description, SH.sparql, SH.path, SH.order, SH.group,
               RDF.type, RDFS.label, RDFS.comment, SKOS.prefLabel, SKOS.definition, DCTERMS.description}


def _qname(graph: Graph, node) -> str:
    if isinstance(node, Literal):
        return str(node)
    if isinstance(node, BNode):
        return "[ ]"
    try:
        return graph.namespace_manager.normalizeUri(node)
    except Exception:  # noqa: BLE001 - rdflib raises several kinds for IRIs it cannot shorten
        return f"<{node}>"


def sparql_path(graph: Graph, node) -> str:
    """A SHACL property path written as a SPARQL property path.

    Args:
        graph: the shapes graph.
        node: the value of ``sh:path``.
    """
    if isinstance(node, URIRef):
        return _qname(graph, node)
    if (node, RDF.first, None) in graph:
        return "/".join(sparql_path(graph, item) for item in Collection(graph, node))
    for prop, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = graph.value(node, prop)
        if inner is not None:
            text = sparql_path(graph, inner)
            if not isinstance(inner, URIRef):
                text = f"({text})"
            return fmt.format(text)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(sparql_path(graph, item) for item in Collection(graph, alternatives)) + ")"
    return "[ ]"


def _constraint_value(graph: Graph, node) -> str:
    if isinstance(node, BNode) and (node, RDF.first, None) in graph:
        return "( " + " ".join(_constraint_value(graph, item) for item in Collection(graph, node)) + " )"
    if isinstance(node, BNode):
        parts = [f"{_qname(graph, p)} {_constraint_value(graph, o)}" for p, o in sorted(graph.predicate_objects(node))]
        return "[ " + " ; ".join(parts) + " ]"
    if isinstance(node, Literal) and node.language:
        return f"{node}@{node.language}"
    return _qname(graph, node)


def _constraints(graph: Graph, node) -> list[Constraint]:
    found = []
    for prop, obj in graph.predicate_objects(node):
        if prop in _SHAPE_META:
            continue
        found.append(Constraint(_qname(graph, prop).removeprefix("sh:"), _constraint_value(graph, obj)))
    return sorted(found, key=lambda c: (c.name, c.value))


def _text(graph: Graph, node, *props) -> str:
    values = _by_language(graph, node, *props)
    return values.get("en") or values.get("") or values.get("nl") or next(iter(values.values()), "")


def _severity(graph: Graph, node, default: str = "Violation") -> str:
    value = graph.value(node, SH.severity)
    return str(value).rsplit("#", 1)[-1] if value is not None else default


def _sparql_constraints(graph: Graph, node) -> list[tuple[str, str]]:
    found = []
    for constraint in graph.objects(node, SH.sparql):
        query = graph.value(constraint, SH.select) or graph.value(constraint, SH.ask)
        found.append((_text(graph, constraint, SH.message), str(query).strip("\n") if query is not None else ""))
    return sorted(found)


def shapes_view(shapes_file: Path) -> list[NodeShapeView]:
    """The node shapes of a SHACL file with their targets, constraints and property shapes.

    Args:
        shapes_file: ``ontology/shapes.ttl``.
    """
    graph = Graph().parse(shapes_file, format="turtle")
    graph.bind("sh", SH, override=True)
    nodes = set(graph.subjects(RDF.type, SH.NodeShape))
    for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property, SH.sparql):
        nodes |= {s for s in graph.subjects(prop, None) if (s, SH.path, None) not in graph}
    views = []
    used: dict[str, int] = defaultdict(int)
    for node in nodes:
        label = _text(graph, node, SH.name, RDFS.label, SKOS.prefLabel) or _qname(graph, node)
        base = local_name(node).rsplit("#", 1)[-1] if isinstance(node, URIRef) else "shape"
        base = re.sub(r"[^A-Za-z0-9_-]+", "-", base).strip("-") or "shape"
        targets = []
        for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
            for obj in graph.objects(node, prop):
                targets.append(Constraint(_qname(graph, prop).removeprefix("sh:"), _constraint_value(graph, obj)))
        properties = []
        for prop_shape in graph.objects(node, SH.property):
            path = graph.value(prop_shape, SH.path)
            properties.append(
                PropertyShapeView(
                    path=sparql_path(graph, path) if path is not None else "",
                    name=_text(graph, prop_shape, SH.name, RDFS.label),
                    description=_text(graph, prop_shape, SH.description, RDFS.comment),
                    severity=_severity(graph, prop_shape, _severity(graph, node)),
                    message=_text(graph, prop_shape, SH.message),
                    constraints=_constraints(graph, prop_shape),
                    sparql=_sparql_constraints(graph, prop_shape),
                )
            )
        properties.sort(key=lambda p: (p.path, p.severity, [(c.name, c.value) for c in p.constraints], p.message))
        sparql = _sparql_constraints(graph, node)
        views.append(
            NodeShapeView(
                iri=str(node) if isinstance(node, URIRef) else "",
                anchor=base,
                label=label,
                description=_text(graph, node, SH.description, RDFS.comment, SKOS.definition, DCTERMS.description),
                targets=sorted(targets, key=lambda c: (c.name, c.value)),
                severity=_severity(graph, node),
                message=_text(graph, node, SH.message),
                constraints=_constraints(graph, node),
                properties=properties,
                sparql=sparql,
            )
        )
    views.sort(key=lambda v: (v.iri == "", v.iri, v.label, [t.value for t in v.targets]))
    for view in views:
        used[view.anchor] += 1
        if used[view.anchor] > 1:
            view.anchor = f"{view.anchor}-{used[view.anchor]}"
    return views
