"""The build's first gate: the graph must pass the checks before any page is written.

A thin adapter over :mod:`zorgakkoorden.validate` (the package behind `zorgakkoorden check`):
it runs the checks, and when any finding is an error it raises
:class:`~zorgakkoorden.errors.SiteGraphInvalidError` with the report (exit code 1).
"""

from __future__ import annotations

from ..errors import SiteGraphInvalidError


def findings_of(kg) -> list:
    """Every finding of the checks for a knowledge graph, most serious first."""
    from ..validate.engine import runner_for
    from ..validate.shacl import validate_shapes

    found = validate_shapes(kg, runner_for(kg.graph))
    return sorted(found, key=lambda f: f.sort_key())


def report_text(findings: list, kg=None) -> str:
    """The findings as lines: level, rule, focus node and label, message, file and line.

    Args:
        findings: what the checks found.
        kg: the knowledge graph, to name the file a focus node is written in where the
            finding does not say.
    """
    from ..validate.findings import short

    lines = []
    for f in findings:
        where = ""
        files = list(f.files) or (kg.files_of(f.focus) if kg is not None and f.focus is not None else [])
        if files:
            where = f" [{files[0]}{':' + str(f.line) if f.line and f.files else ''}]"
        focus = short(f.focus)
        label = f" ({f.label})" if f.label else ""
        prop = f" {short(f.property)}" if f.property is not None else ""
        lines.append(f"{f.level.upper():7} {f.rule}: {focus}{label}{prop}: {f.message}{where}")
    return "\n".join(lines) + ("\n" if lines else "")


def check_graph(kg) -> str:
    """Run the checks; return a one-line summary, or raise SiteGraphInvalidError on an error.

    Args:
        kg: the loaded knowledge graph.
    """
    findings = findings_of(kg)
    counts = {level: sum(1 for f in findings if f.level == level) for level in ("error", "warning", "info")}
    if counts["error"]:
        errors = [f for f in findings if f.level == "error"]
        raise SiteGraphInvalidError(report_text(errors, kg), counts["error"])
    return f"valid: {counts['warning']} warnings, {counts['info']} hints"
