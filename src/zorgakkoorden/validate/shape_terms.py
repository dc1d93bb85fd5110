"""How a shape and its parts are named in a finding: the rule, the path, the message.

Shared by :mod:`.shacl` (pySHACL's report, the SPARQL constraints) and :mod:`.core`
(the compiled core constraints), so both name a result the same way.
"""

from __future__ import annotations

from typing import Any

from .findings import short

SHAPES_NS = "https://w3id.org/zorgakkoorden/def/shapes#"
SH = "http://www.w3.org/ns/shacl#"


def rule_name(shape: Any) -> str:
    """``zks:DutchLabel`` for a shape of ours, the short IRI otherwise.

    Args:
        shape: the shape's IRI.
    """
    text = str(shape)
    if text.startswith(SHAPES_NS):
        return "zks:" + text[len(SHAPES_NS):]
    return short(shape)


def _english(graph, node, predicate) -> str | None:
    """The English (else untagged, else any) literal of a node's property."""
    values = sorted((v for v in graph.objects(node, predicate)), key=lambda v: (str(getattr(v, "language", "")), str(v)))
    for wanted in ("en", None):
        for v in values:
            if getattr(v, "language", None) == wanted:
                return str(v)
    return str(values[0]) if values else None


def path_of(graph, path: Any) -> Any:
    """A shape's ``sh:path`` for a report: the IRI, or ``^zk:x`` text for an inverse path.

    Args:
        graph: the graph that holds the path (shapes or results graph).
        path: the path node.
    """
    from rdflib import BNode, URIRef

    if path is None or isinstance(path, URIRef):
        return path
    if isinstance(path, BNode):
        inverse = graph.value(path, URIRef(SH + "inversePath"))
        if isinstance(inverse, URIRef):
            return f"^{short(inverse)}"
    return short(path)
