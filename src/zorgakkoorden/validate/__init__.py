"""Validation of the knowledge graph: what `zorgakkoorden check` runs.

- :mod:`.shacl`: the SHACL shapes of ``ontology/shapes.ttl`` (pySHACL for the core
  constraints, the SPARQL constraints once over the whole graph);
- :mod:`.integrity`: every IRI of ours that is used is also defined (typos);
- :mod:`.quality`: the quality queries of ``queries/quality/*.rq`` (``level:`` in the header);
- :mod:`.locations`: the file and line each finding is about;
- :mod:`.report`: the readable report, the JSON report and the summary.

    >>> import zorgakkoorden
    >>> from zorgakkoorden.validate import run_checks
    >>> result = run_checks(zorgakkoorden.load())
    >>> result.valid, result.counts
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import LEVELS, Finding, level_rank, short

__all__ = ["CHECK_STEPS", "CheckResult", "Finding", "LEVELS", "level_rank", "run_checks", "short"]

CHECK_STEPS = 5
"""How many progress steps :func:`run_checks` reports (the command adds loading before them)."""


@dataclass
class CheckResult:
    """What the checks found.

    Attributes:
        findings: every finding, sorted (errors first), with files and lines.
        summary: the counts of :func:`.report.summarise` (triples, entities, sources, ...).
        engine: the SPARQL engine the checks ran on (``oxigraph`` or ``rdflib``).
    """

    findings: list[Finding]
    summary: dict[str, Any] = field(default_factory=dict)
    engine: str = ""

    @property
    def counts(self) -> dict[str, int]:
        """How many findings of each level."""
        return {level: sum(1 for f in self.findings if f.level == level) for level in LEVELS}

    @property
    def valid(self) -> bool:
        """True when nothing is at the error level (warnings and infos allowed)."""
        return self.counts["error"] == 0


def locate(kg, findings: list[Finding], index) -> list[Finding]:
    """Give every finding its Dutch label, its files and its line.

    The files are where the focus node is stated (``kg.files_of``, else the files where
    the scan finds it as a subject); the line is where the finding's property (with its
    value, for an IRI value) is written for the focus node, else where the node's block
    starts. The file of that line comes first.

    Args:
        kg: the knowledge graph.
        findings: the findings.
        index: the :class:`~.locations.SourceIndex` of the loaded files.
    """
    from dataclasses import replace

    from rdflib import URIRef

    from .shacl import dutch_label

    index.prepare_subjects(f.focus for f in findings if isinstance(f.focus, URIRef) and not f.files)
    located = []
    for f in findings:
        label = f.label
        if label is None and f.focus is not None:
            label = dutch_label(kg.graph, f.focus)
        if f.files or f.focus is None or not isinstance(f.focus, URIRef):
            located.append(replace(f, label=label))
            continue
        files = list(kg.files_of(f.focus)) or index.subject_files(str(f.focus))
        if not files:
            uses = index.uses(str(f.focus))
            files = [uses[0].file] if uses else []
        line = None
        predicate = str(f.property) if isinstance(f.property, URIRef) else None
        value = str(f.value) if isinstance(f.value, URIRef) else None
        place = index.triple_place(str(f.focus), predicate, value)
        if place is not None:
            files = [place[0], *(p for p in files if p != place[0])]
            line = place[1]
        elif files:
            line = index.line_of(str(f.focus), files[0])
        located.append(replace(f, label=label, files=tuple(files), line=line))
    return located


def run_checks(
    kg, *, engine: str = "auto", shapes_path: Path | None = None, quality_directory: Path | None = None, progress=None
) -> CheckResult:
    """Run every check on a loaded knowledge graph: shapes, integrity and quality queries.

    Args:
        kg: the :class:`~zorgakkoorden.knowledge_graph.KnowledgeGraph` (ontology, graph,
            one's own files, derived triples).
        engine: where the SPARQL runs: ``auto`` (Oxigraph when installed), ``rdflib`` or
            ``oxigraph``.
        shapes_path: the shapes file; by default ``ontology/shapes.ttl``.
        quality_directory: the folder of the quality queries; by default ``queries/quality``.
        progress: a :class:`~.progress.Progress` to report each step to (:data:`CHECK_STEPS`
            of them); by default nothing is printed.

    Raises:
        CheckError: pySHACL could not run the shapes.
        TurtleSyntaxError: the shapes file does not parse.
        QueryError: a quality query failed.
    """
    from ..errors import CheckError
    from .engine import runner_for
    from .integrity import check_integrity
    from .locations import SourceIndex
    from .quality import run_quality_checks
    from .report import summarise
    from .progress import silent
    from .shacl import load_shapes, validate_shapes
    from .vocabulary import check_vocabulary

    progress = progress or silent()
    runner = runner_for(kg.graph, engine)
    shapes = load_shapes(shapes_path)
    try:
        findings = validate_shapes(kg, runner, shapes, progress)
    except Exception as exc:  # noqa: BLE001 - pySHACL raises its own error types
        if isinstance(exc, (KeyboardInterrupt, MemoryError)):
            raise
        from ..errors import ZorgakkoordenError

        if isinstance(exc, ZorgakkoordenError):
            raise
        raise CheckError(f"the shapes could not be run: {type(exc).__name__}: {exc}") from exc
    index = SourceIndex(kg.files)
    with progress.step("vocabulary and undefined IRIs"):
        findings += check_vocabulary(runner, index)
        findings += check_integrity(runner, index, directory=quality_directory)
    with progress.step("quality queries"):
        findings += run_quality_checks(runner, directory=quality_directory)
    with progress.step("report (files, lines, summary)"):
        findings = sorted(set(locate(kg, findings, index)), key=lambda f: f.sort_key())
        summary = summarise(kg, runner)
    return CheckResult(findings=findings, summary=summary, engine=runner.name)
