"""Our prefixes as plain text (prefix -> namespace IRI), for code that must not import rdflib.

:mod:`zorgakkoorden.namespaces` builds its rdflib ``Namespace`` objects from this table; the
cold command line (:mod:`zorgakkoorden.query.cold`) reads it as it is. Same order, same IRIs
(a test checks the two agree).
"""

from __future__ import annotations

BASE = "https://w3id.org/zorgakkoorden/"

PREFIX_IRIS: dict[str, str] = {
    "zk": BASE + "def/",
    "zid": BASE + "id/",
    "zst": BASE + "id/statement/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
}

XSD = PREFIX_IRIS["xsd"]
SKOS_PREF_LABEL = PREFIX_IRIS["skos"] + "prefLabel"
RDFS_LABEL = PREFIX_IRIS["rdfs"] + "label"
