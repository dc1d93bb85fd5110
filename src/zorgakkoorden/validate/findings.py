"""A finding: one thing `check` reports, whichever check found it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

LEVELS = ("error", "warning", "info")
"""The levels, most serious first: an error makes the graph invalid (exit 1)."""

SEVERITY_LEVELS = {
    "http://www.w3.org/ns/shacl#Violation": "error",
    "http://www.w3.org/ns/shacl#Warning": "warning",
    "http://www.w3.org/ns/shacl#Info": "info",
}
"""SHACL severities (sh:Violation, sh:Warning, sh:Info) to our levels."""


def level_rank(level: str) -> int:
    """0 for error, 1 for warning, 2 for info (for sorting and filtering).

    Args:
        level: one of :data:`LEVELS`.
    """
    return LEVELS.index(level)


@dataclass(frozen=True)
class Finding:
    """One problem or hint about the graph.

    Attributes:
        level: ``error``, ``warning`` or ``info``.
        message: what is wrong and how to put it right (English).
        rule: which rule found it: a shape (``zks:DutchLabel``), a quality query
            (``quality:orphan-entities``) or ``integrity:undefined-iri``.
        focus: the node it is about (an rdflib term), or None.
        label: the Dutch label of the focus node, where it has one.
        property: the property concerned (an rdflib term), or None.
        value: the offending value (an rdflib term), or None.
        files: the files the focus node is stated in (or, for an IRI that is used but
            never defined, the file it is used in).
        line: the line in the first of ``files`` where the focus node (or the use) is
            written, where known.
        details: other values the rule returned (variable name to term), for the JSON
            report.
    """

    level: str
    message: str
    rule: str
    focus: Any = None
    label: str | None = None
    property: Any = None
    value: Any = None
    files: tuple[Path, ...] = ()
    line: int | None = None
    details: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown level {self.level!r}: use one of {', '.join(LEVELS)}")

    def sort_key(self) -> tuple:
        """Most serious first, then by focus node, property, rule, value, file and line."""
        return (
            level_rank(self.level),
            short(self.focus),
            short(self.property),
            self.rule,
            _term_key(self.value),
            tuple(str(f) for f in self.files),
            self.line or 0,
            self.message,
        )

    def located(self, files: tuple[Path, ...] | list[Path], line: int | None) -> Finding:
        """This finding with its files and line set.

        Args:
            files: the files, most relevant first.
            line: the line in the first file, or None.
        """
        return replace(self, files=tuple(files), line=line)


def _term_key(term: Any) -> tuple:
    if term is None or type(term).__name__ == "BNode":
        return ("", "", "")
    datatype = getattr(term, "datatype", None)
    language = getattr(term, "language", None)
    return (str(term), str(datatype or ""), str(language or ""))


def short(term: Any) -> str:
    """A term as the report shows it: ``zid:iza`` for IRIs in known namespaces, ``<IRI>``
    for others, ``[]`` for blank nodes (their ids change from run to run), literals in Turtle form (``"2022"^^xsd:gYear``).

    Args:
        term: an rdflib term, or None (shown as the empty text).
    """
    from rdflib import BNode, Literal, URIRef

    from ..query.results import curie

    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = curie(term)
        return text if text != str(term) else f"<{term}>"
    if isinstance(term, BNode):
        return "[]"
    if isinstance(term, Literal):
        lexical = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        if term.language:
            return f'"{lexical}"@{term.language}'
        if term.datatype:
            return f'"{lexical}"^^{short(term.datatype)}'
        return f'"{lexical}"'
    return str(term)
