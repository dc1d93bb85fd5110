"""The quality checks: the queries in ``queries/quality/*.rq`` whose header has ``level:``.

Each returns ``?focus`` (the node concerned) and, where useful, ``?property``,
``?value`` and ``?message``; every row is one finding at the query's level. Rules that
need the whole graph live here; rules about one node live in the shapes.
"""

from __future__ import annotations

from pathlib import Path

from .findings import Finding

INTEGRITY_QUERIES = ("undefined-iris",)
"""Quality queries that :mod:`.integrity` runs itself (it adds the file and line of each use)."""


def quality_dir() -> Path:
    """The folder of the quality queries (``queries/quality``)."""
    from ..paths import queries_dir

    return queries_dir() / "quality"


def quality_checks(directory: Path | None = None) -> list:
    """Every quality check, sorted by name: the ``.rq`` files with a ``level:`` header.

    Args:
        directory: the folder to read; by default ``queries/quality``.

    Raises:
        CatalogueFileError: a file's header is malformed (names the file and line).
    """
    from ..query.catalogue import parse_query_file

    folder = Path(directory) if directory is not None else quality_dir()
    checks = [parse_query_file(path, quality=True) for path in sorted(folder.glob("*.rq"))]
    return sorted((q for q in checks if q.level is not None), key=lambda q: q.name)


def run_query_check(runner, query) -> list[Finding]:
    """Run one quality check; each row becomes a finding at the check's level.

    Args:
        runner: the :class:`~.engine.SparqlRunner`.
        query: the :class:`~zorgakkoorden.query.catalogue.CatalogueQuery`.
    """
    findings = []
    for row in runner.select(query.text, query_name=str(query.path)):
        message = row.get("message")
        details = tuple(sorted((k, v) for k, v in row.items() if k not in ("focus", "property", "value", "message")))
        findings.append(
            Finding(
                level=query.level,
                message=str(message) if message is not None else query.title("en"),
                rule=f"quality:{query.name}",
                focus=row.get("focus"),
                property=row.get("property"),
                value=row.get("value"),
                details=details,
            )
        )
    return findings


def run_quality_checks(runner, *, skip: tuple[str, ...] = INTEGRITY_QUERIES, directory: Path | None = None) -> list[Finding]:
    """Run every quality check except those in ``skip``.

    Args:
        runner: the :class:`~.engine.SparqlRunner`.
        skip: names of checks another module runs.
        directory: the folder of the checks; by default ``queries/quality``.
    """
    findings: list[Finding] = []
    for query in quality_checks(directory):
        if query.name not in skip:
            findings.extend(run_query_check(runner, query))
    return findings
