"""Typed errors of zorgakkoorden, each with the exit code the command line uses.

Exit codes: 0 ok, 1 invalid (the graph or the input does not conform), 2 error
(could not run: unreadable input, a syntax error, a missing extra, a bad argument).
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_ERROR = 2


class ZorgakkoordenError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code: int = EXIT_ERROR


class DataNotFoundError(ZorgakkoordenError):
    """The ontology/graph/queries folders cannot be found."""


class InputFileError(ZorgakkoordenError):
    """A file given to the loader cannot be read (missing, not Turtle, ...)."""

    def __init__(self, path: Path | str, detail: str):
        self.path = Path(path)
        self.detail = detail
        super().__init__(f"{self.path}: {detail}")


class TurtleSyntaxError(InputFileError):
    """A Turtle file does not parse; names the file, the line and (where known) the column."""

    def __init__(self, path: Path | str, line: int | None, detail: str, column: int | None = None):
        self.line = line
        self.column = column
        where = f"{path}"
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        self.where = where
        ZorgakkoordenError.__init__(self, f"{where}: Turtle syntax error: {detail}")
        self.path = Path(path)
        self.detail = detail


class MissingExtraError(ZorgakkoordenError):
    """An optional feature needs packages that are not installed."""

    def __init__(self, extra: str, feature: str, missing: str):
        self.extra = extra
        self.feature = feature
        self.missing = missing
        super().__init__(
            f"{feature} needs the optional package {missing!r}, which is not installed. "
            f"Install it with: pip install 'zorgakkoorden[{extra}]'"
        )


class UnknownStoreError(ZorgakkoordenError):
    """The store name is not one of the supported stores."""


class NameResolutionError(ZorgakkoordenError):
    """A name (abbreviation, label or IRI) does not resolve to exactly one entity."""

    def __init__(self, name: str, message: str, candidates: list[str] | None = None):
        self.name = name
        self.candidates = candidates or []
        super().__init__(message)


class UnknownNameError(NameResolutionError):
    """No entity has that name; the message lists the closest matches."""


class AmbiguousNameError(NameResolutionError):
    """Several entities have that name; the message lists them."""


class QueryError(ZorgakkoordenError):
    """A catalogue query or a SPARQL text cannot be run."""


class QuerySyntaxError(QueryError):
    """A SPARQL text does not parse; names the query and the position."""

    def __init__(self, query_name: str, line: int | None, column: int | None, detail: str):
        self.query_name = query_name
        self.line = line
        self.column = column
        self.detail = detail
        where = query_name
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: SPARQL syntax error: {detail}")


class ServiceRefusedError(QueryError):
    """A query uses SERVICE (a federated query), which would reach another server."""

    def __init__(self, query_name: str):
        self.query_name = query_name
        super().__init__(
            f"{query_name}: SERVICE (a federated query) would fetch from another server; zorgakkoorden runs "
            "offline, so it is refused (allow it with allow_service=True, or --allow-service on the command line)"
        )


class UnknownQueryError(QueryError):
    """No catalogue query has that name."""


class ParameterError(QueryError):
    """A catalogue query parameter is missing, unknown or of the wrong type."""


class OutputError(ZorgakkoordenError):
    """An output file or folder cannot be written."""


class CatalogueFileError(QueryError):
    """A catalogue query file (``queries/*.rq``) has a malformed header; names the file and line."""

    def __init__(self, path: Path | str, line: int | None, detail: str):
        self.path = Path(path)
        self.line = line
        self.detail = detail
        where = f"{self.path}:{line}" if line is not None else f"{self.path}"
        super().__init__(f"{where}: {detail}")


class SiteGraphInvalidError(ZorgakkoordenError):
    """`build` refuses to write a site because the graph does not pass the checks."""

    exit_code = EXIT_INVALID

    def __init__(self, report_text: str, violations: int):
        self.report_text = report_text
        self.violations = violations
        super().__init__(
            f"the graph does not validate ({violations} violation{'s' if violations != 1 else ''}); "
            "no site was written. Run `zorgakkoorden check` for the full report."
        )


class UsageError(ZorgakkoordenError):
    """A command-line option has a value the command cannot use."""


class EndpointError(ZorgakkoordenError):
    """A remote SPARQL or Graph Store server cannot be reached or refuses a request."""


class VizError(ZorgakkoordenError):
    """A view or an export of the graph cannot be made (unknown focus, bad depth, unknown format)."""


class CheckError(ZorgakkoordenError):
    """`zorgakkoorden check` could not run its checks (a broken shape, an engine failure)."""


class TableError(ZorgakkoordenError):
    """An authoring table (workbook or CSV folder) has wrong rows; every problem names file, sheet, row and column."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list):
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the table; nothing was written:\n{lines}")


class TableFileError(ZorgakkoordenError):
    """An authoring table cannot be read at all (missing, not a workbook, a sheet or heading missing)."""


class DiffError(ZorgakkoordenError):
    """`zorgakkoorden diff` could not compare (a revision that does not exist, a path that cannot be read)."""


class SitePathCollisionError(OutputError):
    """Two things of a site build would write one file (two entities, or an entity and a page of the site)."""

    def __init__(self, rel: str, first: str, second: str):
        self.rel = rel
        super().__init__(
            f"site build: {first} and {second} would both be written to {rel}; nothing was put in place. "
            "Rename one of them (its IRI decides its page name)."
        )
