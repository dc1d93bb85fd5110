"""The build's first gate: the graph must pass the checks before any page is written.

A thin adapter over :func:`zorgakkoorden.validate.run_checks` (what `zorgakkoorden check`
runs: shapes, integrity, quality queries): when any finding is an error it raises
:class:`~zorgakkoorden.errors.SiteGraphInvalidError` carrying the errors of the report
(exit code 1), so the build writes nothing.
"""

from __future__ import annotations

from ..errors import SiteGraphInvalidError


def run(kg) -> dict:
    """Run the checks; return ``valid``, ``errors`` (count), ``report`` (the errors, as text) and
    ``summary`` (one line), plain data that a background job can hand back.

    Args:
        kg: the loaded knowledge graph.
    """
    from ..validate import run_checks
    from ..validate.report import render_text

    result = run_checks(kg)
    counts = result.counts
    return {
        "valid": result.valid,
        "errors": counts["error"],
        "report": "" if result.valid else render_text(result, level="error"),
        "summary": f"valid ({counts['warning']} warnings, {counts['info']} infos; SPARQL on {result.engine})"
        if result.valid else f"INVALID: {counts['error']} errors",
    }


def gate(outcome: dict) -> str:
    """The summary line of a valid graph, or SiteGraphInvalidError (exit 1) for an invalid one.

    Args:
        outcome: what :func:`run` returned.
    """
    if not outcome["valid"]:
        raise SiteGraphInvalidError(outcome["report"], outcome["errors"])
    return outcome["summary"]


def check_graph(kg) -> str:
    """Run the checks here; return the summary line, or raise SiteGraphInvalidError.

    Args:
        kg: the loaded knowledge graph.
    """
    return gate(run(kg))
