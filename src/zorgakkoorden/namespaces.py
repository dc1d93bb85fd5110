"""The namespaces of the graph and the prefixes every query and export uses (the table itself,
as plain text, is :data:`zorgakkoorden.prefixes.PREFIX_IRIS`)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from .prefixes import BASE, PREFIX_IRIS

ZK = Namespace(PREFIX_IRIS["zk"])
ZID = Namespace(PREFIX_IRIS["zid"])
ZST = Namespace(PREFIX_IRIS["zst"])
SCHEMA = Namespace(PREFIX_IRIS["schema"])
SH = Namespace(PREFIX_IRIS["sh"])

PREFIXES: dict[str, Namespace] = {
    "zk": ZK,
    "zid": ZID,
    "zst": ZST,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "org": ORG,
    "foaf": FOAF,
    "schema": SCHEMA,
    "sh": SH,
}


def bind_prefixes(graph) -> None:
    """Bind our prefixes on an rdflib graph (for readable serialisations)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, for SPARQL texts."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


__all__ = ["BASE", "DCTERMS", "FOAF", "ORG", "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA", "SH", "SKOS", "XSD", "ZID", "ZK", "ZST",
           "bind_prefixes", "sparql_prologue"]
