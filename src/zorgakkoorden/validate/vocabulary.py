"""The vocabulary is the ontology's: other files may use ``zk:`` terms, not redefine them.

`check` validates without inference, with the ontology in the data graph: a file that
says ``zk:Accord rdfs:subClassOf zk:Theme`` would quietly make every accord a theme for
the shapes (and ``zk:signedBy a owl:DatatypeProperty`` would change what the property
is). So any triple about a term in ``https://w3id.org/zorgakkoorden/def/`` that defines
it (its type, super-classes and -properties, domain, range, inverse, equivalents,
disjoints) and that the ontology (with its derived triples) does not hold is an error,
and so is every ``rdfs:subClassOf`` or ``rdfs:subPropertyOf`` edge on a cycle, whoever
wrote it. Each finding names the file and line where the triple is written.
Annotations (labels, comments, notes) on ``zk:`` terms stay allowed.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .findings import Finding, short

ZK = "https://w3id.org/zorgakkoorden/def/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"

DEFINING = (
    RDF + "type", RDFS + "subClassOf", RDFS + "subPropertyOf", RDFS + "domain", RDFS + "range",
    OWL + "inverseOf", OWL + "equivalentClass", OWL + "equivalentProperty", OWL + "disjointWith",
    OWL + "propertyDisjointWith", OWL + "unionOf", OWL + "intersectionOf", OWL + "oneOf",
    OWL + "complementOf", OWL + "propertyChainAxiom",
)
"""The predicates that define a term (what it is and how it relates to other terms)."""

KINDS = (
    OWL + "Class", RDFS + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty",
    OWL + "AnnotationProperty", RDF + "Property", OWL + "FunctionalProperty", OWL + "TransitiveProperty",
    OWL + "SymmetricProperty", OWL + "NamedIndividual",
)

_DEFINITIONS = f"""
SELECT ?s ?p ?o WHERE {{
    VALUES ?p {{ {' '.join(f'<{p}>' for p in DEFINING)} }}
    ?s ?p ?o .
    FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{ZK}"))
}}
"""

_CYCLES = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
    {{ ?s <{RDFS}subClassOf> ?o . ?o <{RDFS}subClassOf>* ?s . BIND (<{RDFS}subClassOf> AS ?p) }}
    UNION
    {{ ?s <{RDFS}subPropertyOf> ?o . ?o <{RDFS}subPropertyOf>* ?s . BIND (<{RDFS}subPropertyOf> AS ?p) }}
    FILTER (isIRI(?s) && isIRI(?o) && ?s != ?o)
}}
"""

_lock = threading.Lock()
_allowed: dict[tuple, frozenset] = {}


def allowed_definitions() -> frozenset:
    """The defining triples about ``zk:`` terms that the ontology holds (with its derived triples).

    Loaded once per version of the ontology file.
    """
    from ..loader import load
    from ..paths import ontology_file

    path = ontology_file()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _lock:
        if key in _allowed:
            return _allowed[key]
    graph = load(include_graph=False).graph
    found = frozenset((str(s), str(p), _object_key(o)) for s, p, o in graph.query(_DEFINITIONS))
    with _lock:
        _allowed.clear()
        _allowed[key] = found
    return found


def _object_key(term) -> str:
    """How an object is compared with the ontology's: blank nodes (lists, restrictions) all alike."""
    from rdflib import BNode

    from .engine import normal_term

    return "_:" if isinstance(term, BNode) else normal_term(term).n3()


def _kinds_in(allowed: frozenset, subject: str) -> list[str]:
    return sorted(o[1:-1] for s, p, o in allowed if s == subject and p == RDF + "type" and o[1:-1] in KINDS)


def _message(subject, predicate, obj, allowed: frozenset, defined: set[str]) -> str:
    s, p, o = short(subject), short(predicate), short(obj)
    rest = "Only the ontology (ontology/zorgakkoorden.ttl) defines zk: terms; your files may use them, not change them."
    if str(subject) not in defined:
        return (
            f"{s} is not a term of the ontology: this file defines it in the zk: namespace ({p} {o}). "
            "Put new terms in a namespace of your own."
        )
    if str(predicate) == RDF + "type":
        kinds = _kinds_in(allowed, str(subject))
        if kinds and str(obj) in KINDS:
            was = " and ".join(short(_iri(k)) for k in kinds)
            return f"{s} is a {was} in the ontology; this file makes it a {o}. {rest}"
        return f"This file gives {s} the type {o}, which the ontology does not. {rest}"
    if str(predicate) == RDFS + "subClassOf":
        return f"This file makes {s} a subclass of {o}, which the ontology does not. {rest}"
    if str(predicate) == RDFS + "subPropertyOf":
        return f"This file makes {s} a sub-property of {o}, which the ontology does not. {rest}"
    return f"This file adds {s} {p} {o} to the vocabulary. {rest}"


def _iri(text: str):
    from rdflib import URIRef

    return URIRef(text)


def check_vocabulary(runner, index) -> list[Finding]:
    """Redefinitions of ``zk:`` terms, and cycles of sub-classes or sub-properties.

    Args:
        runner: the check's :class:`~.engine.SparqlRunner` (over the whole graph).
        index: the :class:`~.locations.SourceIndex` of the loaded files (for file and line).
    """
    allowed = allowed_definitions()
    defined = {s for s, _, _ in allowed}
    found: list[Finding] = []
    candidates = [
        row for row in runner.select(_DEFINITIONS, query_name="vocabulary (definitions of zk: terms)")
        if (str(row["s"]), str(row["p"]), _object_key(row["o"])) not in allowed
    ]
    cycles = runner.select(_CYCLES, query_name="vocabulary (cycles)")
    index.prepare_subjects([row["s"] for row in candidates + cycles])
    for row in candidates:
        found.append(
            _located(
                index,
                Finding(
                    level="error",
                    message=_message(row["s"], row["p"], row["o"], allowed, defined),
                    rule="vocabulary:redefined",
                    focus=row["s"],
                    property=row["p"],
                    value=row["o"],
                ),
            )
        )
    for row in cycles:
        kind = "subclass" if str(row["p"]) == RDFS + "subClassOf" else "sub-property"
        found.append(
            _located(
                index,
                Finding(
                    level="error",
                    message=(
                        f"{short(row['s'])} {short(row['p'])} {short(row['o'])} closes a {kind} cycle: "
                        f"{short(row['o'])} is already below {short(row['s'])}, so each would be the other's {kind}."
                    ),
                    rule=f"vocabulary:{kind}-cycle",
                    focus=row["s"],
                    property=row["p"],
                    value=row["o"],
                ),
            )
        )
    return found


def _located(index, finding: Finding) -> Finding:
    """The finding with the file and line where its triple is written (if written in a file)."""
    from rdflib import URIRef

    value = str(finding.value) if isinstance(finding.value, URIRef) else None
    place = index.triple_place(str(finding.focus), str(finding.property), value)
    if place is None:
        return finding
    return finding.located((Path(place[0]),), place[1])
