"""Integrity: every IRI of ours that the graph uses is also defined.

An IRI in ``https://w3id.org/zorgakkoorden/def/`` or ``.../id/`` that something uses but
nothing gives an ``rdf:type`` is almost always a typo (``zid:izaa`` for ``zid:iza``,
``zk:signedby`` for ``zk:signedBy``) or a thing that was never written down. The rule
itself is the quality query ``queries/quality/undefined-iris.rq``; this module runs it
and reports every place the IRI is written, with its file and line, and the defined IRI
it most likely means.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from .findings import Finding, short
from .locations import SourceIndex

NAMESPACE = "https://w3id.org/zorgakkoorden/"


def defined_iris(graph) -> list[str]:
    """Every IRI in our namespaces that has an ``rdf:type``, sorted.

    Args:
        graph: the rdflib graph.
    """
    from rdflib import URIRef
    from rdflib.namespace import RDF

    return sorted({str(s) for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(NAMESPACE)})


def closest(iri: str, defined: list[str]) -> str | None:
    """The defined IRI a misspelt one most likely means (same namespace), or None.

    Args:
        iri: the undefined IRI.
        defined: the defined IRIs.
    """
    namespace = iri.rsplit("/", 1)[0] + "/"
    same = [d for d in defined if d.rsplit("/", 1)[0] + "/" == namespace]
    local = iri[len(namespace):]
    by_local = {d[len(namespace):]: d for d in same}
    lowered = {k.lower(): v for k, v in sorted(by_local.items())}
    if local.lower() in lowered:
        return lowered[local.lower()]
    match = difflib.get_close_matches(local, sorted(by_local), n=1, cutoff=0.75)
    return by_local[match[0]] if match else None


def check_integrity(runner, index: SourceIndex, *, directory: Path | None = None) -> list[Finding]:
    """Findings for IRIs of ours that are used but not defined, one per place of use.

    Args:
        runner: the :class:`~.engine.SparqlRunner`.
        index: the :class:`~.locations.SourceIndex` of the loaded files.
        directory: the folder of the quality checks; by default ``queries/quality``.
    """
    from rdflib import URIRef

    from .quality import quality_checks, run_query_check

    queries = {q.name: q for q in quality_checks(directory)}
    query = queries.get("undefined-iris")
    if query is None:
        return []
    findings: list[Finding] = []
    undefined = run_query_check(runner, query)
    if not undefined:
        return findings
    defined = defined_iris(runner.graph)
    index.prepare(found.focus for found in undefined)
    for found in undefined:
        iri = str(found.focus)
        guess = closest(iri, defined)
        hint = f" Did you mean {short(URIRef(guess))}?" if guess else ""
        uses = index.uses(iri)
        rule = "integrity:undefined-iri"
        if not uses:
            findings.append(Finding(level=found.level, message=f"{short(found.focus)} is used but never defined (it has no rdf:type).{hint}", rule=rule, focus=found.focus))
            continue
        for use in uses:
            where = {
                "subject": "as a subject",
                "predicate": "as a property",
                "object": f"as the value of {short(URIRef(use.predicate))}" if use.predicate else "as a value",
            }[use.role]
            if use.role != "subject" and use.subject:
                where += f" of {short(URIRef(use.subject))}"
            findings.append(
                Finding(
                    level=found.level,
                    message=f"{short(found.focus)} is used {where} but never defined (nothing gives it an rdf:type).{hint}",
                    rule=rule,
                    focus=found.focus,
                    property=URIRef(use.predicate) if use.role == "object" and use.predicate else None,
                    files=(use.file,),
                    line=use.line,
                )
            )
    return findings
