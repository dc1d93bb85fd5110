"""The report of `zorgakkoorden check`: findings grouped by level, then a summary.

Both forms (text and JSON) are deterministic: findings sorted, counts sorted by name,
paths shown relative to the working folder where they lie below it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from .findings import LEVELS, Finding, level_rank, short

ZK = "https://w3id.org/zorgakkoorden/def/"

ENTITY_KINDS = (
    "PolicyFramework", "ActionLine", "Goal", "Theme", "Party", "FundingInstrument", "Intervention",
    "TargetGroup", "Law", "PracticeExample", "Place", "KnowledgeResource", "Publication", "Event", "Citation",
)
"""The classes (with their subclasses) whose instances are entities (docs/modelling.md)."""

_HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Infos"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plain(text: str) -> str:
    """Text from the graph as plain text for a terminal: control characters shown as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text).replace("\n", "\\n")


def display_path(path: Path | str, cwd: Path | None = None) -> str:
    """A path relative to the working folder when it lies below it, else absolute.

    Args:
        path: the path.
        cwd: the working folder (by default the current one).
    """
    path = Path(path)
    base = Path(cwd) if cwd is not None else Path.cwd()
    try:
        absolute = path if path.is_absolute() else (base / path)
        return os.path.relpath(absolute.resolve(), base.resolve()) if absolute.resolve().is_relative_to(base.resolve()) else str(absolute.resolve())
    except (OSError, ValueError):
        return str(path)


def summarise(kg, runner) -> dict[str, Any]:
    """Counts for the summary: files, triples, entities per class, statements, sources, conflicts.

    Each count is one SPARQL query run by the check's engine (Oxigraph by default), so no
    triple crosses into Python: at a million triples walking the graph through rdflib took
    half a minute.

    Args:
        kg: the knowledge graph.
        runner: the :class:`~.engine.SparqlRunner` (its graph holds the same triples).
    """
    def number(row: dict, name: str = "n") -> int:
        return int(row[name]) if name in row else 0

    def count(where: str) -> int:
        rows = runner.select(f"{_PREFIXES} SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", query_name="summary")
        return number(rows[0]) if rows else 0

    kinds = " ".join(f"zk:{kind}" for kind in ENTITY_KINDS)
    members = f"{{ SELECT DISTINCT ?class WHERE {{ VALUES ?kind {{ {kinds} }} ?class rdfs:subClassOf* ?kind }} }} ?x a ?class ."
    classes = {
        short(row["class"]): number(row)
        for row in runner.select(
            f"{_PREFIXES} SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {members} }} GROUP BY ?class", query_name="summary"
        )
        if number(row)
    }
    sources_per_kind: dict[str, int] = {}
    for row in runner.select(
        f"{_PREFIXES} SELECT ?kind (COUNT(*) AS ?n) WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ ?s a zk:SourceDocument }} }} "
        "?s zk:sourceKind ?kind } GROUP BY ?kind",
        query_name="summary",
    ):
        key = short(row["kind"])
        sources_per_kind[key] = sources_per_kind.get(key, 0) + number(row)
    total = count("?s ?p ?o")
    links = count("SELECT DISTINCT ?s WHERE { ?s a zk:AccordLink }")
    return {
        "files": len(kg.files),
        "triples": total,
        "asserted": total - kg.derived,
        "derived": kg.derived,
        "entities": count(f"SELECT DISTINCT ?x WHERE {{ {members} }}"),
        "entities_per_class": dict(sorted(classes.items())),
        "statements": count("SELECT DISTINCT ?s WHERE { VALUES ?kind { zk:Statement zk:AccordLink } ?s a ?kind }"),
        "accord_links": links,
        "sources": count("SELECT DISTINCT ?s WHERE { ?s a zk:SourceDocument }"),
        "sources_per_kind": dict(sorted(sources_per_kind.items())),
        "conflicts": count("SELECT DISTINCT ?s WHERE { ?s a zk:Conflict }"),
    }


_PREFIXES = (
    "PREFIX zk: <https://w3id.org/zorgakkoorden/def/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>"
)


def _shown(findings: list[Finding], level: str) -> list[Finding]:
    return [f for f in findings if level_rank(f.level) <= level_rank(level)]


def _where(f: Finding, cwd: Path | None) -> str:
    if not f.files:
        return ""
    first = display_path(f.files[0], cwd) + (f":{f.line}" if f.line else "")
    more = [display_path(p, cwd) for p in f.files[1:]]
    return first + (" (also " + ", ".join(more) + ")" if more else "")


def render_text(result, *, level: str = "warning", cwd: Path | None = None) -> str:
    """The readable report: the findings of ``level`` and above, grouped by level, then the summary.

    Args:
        result: the :class:`~zorgakkoorden.validate.CheckResult`.
        level: the lowest level to show (``error``, ``warning`` or ``info``).
        cwd: the folder paths are shown relative to (by default the current one).
    """
    out: list[str] = []
    shown = _shown(result.findings, level)
    for lvl in LEVELS:
        group = [f for f in shown if f.level == lvl]
        if not group:
            continue
        out.append(f"{_HEADINGS[lvl]} ({len(group)})")
        for f in group:
            head = short(f.focus) if f.focus is not None else "(graph)"
            if f.label:
                head += f' "{_plain(f.label)}"'
            if f.property is not None:
                head += f"  {short(f.property)}"
            out.append(f"  {lvl:<7} {head}")
            out.append(f"          {_plain(f.message)}")
            extra = []
            if f.value is not None:
                extra.append(f"value: {_plain(short(f.value))}")
            extra.append(f"rule: {f.rule}")
            where = _where(f, cwd)
            if where:
                extra.append(f"at: {where}")
            out.append("          " + " | ".join(extra))
        out.append("")
    out.extend(_summary_lines(result, level))
    return "\n".join(out) + "\n"


def _summary_lines(result, level: str) -> list[str]:
    s = result.summary
    counts = result.counts
    hidden = sum(n for lvl, n in counts.items() if level_rank(lvl) > level_rank(level))
    lines = ["Summary"]
    if s:
        lines.append(f"  files        {s['files']}")
        lines.append(f"  triples      {s['triples']} ({s['asserted']} asserted, {s['derived']} derived)")
        lines.append(f"  entities     {s['entities']}")
        for cls, n in s["entities_per_class"].items():
            lines.append(f"    {cls:<28} {n}")
        lines.append(f"  statements   {s['statements']} ({s['accord_links']} of them zk:AccordLink)")
        kinds = ", ".join(f"{k} {n}" for k, n in s["sources_per_kind"].items())
        lines.append(f"  sources      {s['sources']}" + (f" ({kinds})" if kinds else ""))
        lines.append(f"  conflicts    {s['conflicts']}")
    verdict = "valid" if result.valid else "INVALID"
    findings = ", ".join(f"{counts[lvl]} {lvl}{'s' if counts[lvl] != 1 else ''}" for lvl in LEVELS)
    lines.append(f"  findings     {findings}" + (f" ({hidden} not shown: use --level info)" if hidden else ""))
    lines.append(f"  result       {verdict}")
    return lines


def _term_json(term: Any) -> Any:
    if term is None:
        return None
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return {"iri": str(term), "short": short(term)}
    if isinstance(term, BNode):
        return {"blank": True, "short": "[]"}
    if isinstance(term, Literal):
        out: dict[str, Any] = {"literal": str(term)}
        if term.language:
            out["lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    return {"short": str(term)}


def finding_json(f: Finding, cwd: Path | None = None) -> dict[str, Any]:
    """One finding as a JSON object.

    Args:
        f: the finding.
        cwd: the folder paths are shown relative to.
    """
    return {
        "level": f.level,
        "rule": f.rule,
        "message": f.message,
        "focus": _term_json(f.focus),
        "label": f.label,
        "property": _term_json(f.property) if not isinstance(f.property, str) else {"path": f.property},
        "value": _term_json(f.value),
        "files": [display_path(p, cwd) for p in f.files],
        "line": f.line,
    }


def render_json(result, *, level: str = "warning", cwd: Path | None = None) -> str:
    """The report as JSON: ``valid``, ``counts`` (all levels), ``findings`` (of ``level`` and above), ``summary``.

    Args:
        result: the :class:`~zorgakkoorden.validate.CheckResult`.
        level: the lowest level to list.
        cwd: the folder paths are shown relative to.
    """
    data = {
        "valid": result.valid,
        "level": level,
        "engine": result.engine,
        "counts": result.counts,
        "findings": [finding_json(f, cwd) for f in _shown(result.findings, level)],
        "summary": result.summary,
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
