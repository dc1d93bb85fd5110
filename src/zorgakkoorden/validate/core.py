"""The core constraints of the shapes, as `check` runs them: compiled to SPARQL, pySHACL where not.

:mod:`.compiled` turns each constraint into one query over the whole graph; this module
runs them with the check's :class:`~.engine.SparqlRunner` and turns the rows into
Findings exactly as :func:`.shacl.results_to_findings` turns pySHACL's report (the same
level, message, rule, focus node, path and value). When a shape uses something the
compiler does not know, every core constraint goes to pySHACL instead (the reference),
so the answer never depends on how far the compiler reaches.
"""

from __future__ import annotations

from typing import Any

from .compiled import SH, CoreResult, compile_shapes, run_queries
from .findings import SEVERITY_LEVELS, Finding


def default_message(result: CoreResult) -> str:
    """A message for a shape without ``sh:message``: the component that failed, and the value.

    Args:
        result: the validation result.
    """
    from .findings import short

    name = str(result.component)[len(SH):].removesuffix("ConstraintComponent")
    text = f"sh:{name[0].lower() + name[1:]} does not hold"
    if result.value is not None:
        text += f" for {short(result.value)}"
    return text


def to_findings(results: list[CoreResult], shapes_graph) -> list[Finding]:
    """Turn validation results into Findings, as pySHACL's report would give them.

    Args:
        results: from :func:`.compiled.run_queries`.
        shapes_graph: the shapes graph (severity, message, path of each shape).
    """
    from rdflib import URIRef

    from .engine import normal_term
    from .shape_terms import _english, path_of, rule_name

    findings: set[Finding] = set()
    for r in results:
        severity = shapes_graph.value(r.shape, URIRef(SH + "severity"))
        message = _english(shapes_graph, r.shape, URIRef(SH + "message"))
        findings.add(
            Finding(
                level=SEVERITY_LEVELS.get(str(severity), "error"),
                message=message or default_message(r),
                rule=rule_name(r.shape),
                focus=r.focus,
                property=path_of(shapes_graph, r.path),
                value=normal_term(r.value) if r.value is not None else None,
            )
        )
    return list(findings)


def compiled_core(runner, shapes, *, progress: Any = None) -> list[Finding] | None:
    """The core constraints run as compiled queries; None when a shape does not compile.

    Args:
        runner: the :class:`~.engine.SparqlRunner` (Oxigraph checks ill-formed XSD literals
            with casts; rdflib's engine cannot).
        shapes: the loaded :class:`~.shacl.Shapes`.
        progress: unused here (the caller times the step).
    """
    queries, left = compile_shapes(shapes.core, casts=runner.name == "oxigraph")
    if left:
        return None
    name = f"{shapes.path} (compiled core constraints)"
    results = run_queries(lambda text: runner.select(text, query_name=name), queries)
    return to_findings(results, shapes.graph)
