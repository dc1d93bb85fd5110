"""Validate the graph against ``ontology/shapes.ttl`` with pySHACL; results become Findings.

pySHACL checks the core constraints (counts, classes, datatypes, languages, patterns)
with no inference: the ontology is part of the data graph, so ``sh:targetClass`` and
``sh:class`` follow ``rdfs:subClassOf`` as written there, and an RDFS reasoner would only
hide mistakes (it would infer a zk:Party from the range of zk:signedBy instead of
reporting a value that is not one).

The SPARQL-based constraints of the shapes are standard SHACL-SPARQL, which pySHACL
runs once per focus node, parsing the query again each time: minutes on the full graph.
`check` runs each of them once over the whole graph instead (the shape's focus nodes
joined in first as ``?this``), which gives the same results because every such query
binds ``$this`` in a triple pattern of its top-level group (``test_shapes.py`` compares
both ways on fixtures that make every constraint fire). Where a query written for one
node at a time is slow over the whole graph, the constraint may also carry
``zks:wholeGraphSelect``: the same rule written for one pass (it may use ``MINUS``,
which SHACL-SPARQL forbids with pre-bound ``$this``); `check` runs that one, pySHACL
ignores it, and the same tests hold the two to the same answers. :func:`validate_with_pyshacl` runs the plain pySHACL validation of everything.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engine import normal_term
from .findings import SEVERITY_LEVELS, Finding, short
from .shape_terms import SH, SHAPES_NS, _english, path_of, rule_name

_THIS = re.compile(r"\$this\b")
_PATH = re.compile(r"\$PATH\b")


@dataclass(frozen=True)
class SparqlRule:
    """One SPARQL-based constraint of a shape, ready to run over the whole graph.

    Attributes:
        shape: the shape that holds the constraint.
        level: the shape's level (error, warning, info).
        message: the constraint's message, else the shape's (may hold ``{?var}``).
        path: the shape's ``sh:path`` (an IRI or an inverse path), for property shapes.
        text: the SELECT query with its prefixes, ``$this`` written as ``?this``.
        node_shapes: the node shapes whose focus nodes the constraint applies to.
    """

    shape: Any
    level: str
    message: str
    path: Any
    text: str
    node_shapes: tuple


@dataclass
class Shapes:
    """The shapes graph, split for `check`.

    Attributes:
        path: the shapes file.
        graph: every shape (for plain pySHACL).
        core: the shapes without their SPARQL constraints (what pySHACL runs in `check`).
        rules: the SPARQL constraints, run by :func:`run_sparql_rules`.
    """

    path: Path
    graph: Any
    core: Any
    rules: list[SparqlRule]


_lock = threading.Lock()
_cache: dict[tuple, Shapes] = {}


def _prefix_lines(graph, constraint) -> str:
    from rdflib import URIRef

    lines = []
    for declarer in graph.objects(constraint, URIRef(SH + "prefixes")):
        for decl in graph.objects(declarer, URIRef(SH + "declare")):
            prefix = graph.value(decl, URIRef(SH + "prefix"))
            namespace = graph.value(decl, URIRef(SH + "namespace"))
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def load_shapes(path: Path | None = None) -> Shapes:
    """Read the shapes file (cached while it is unchanged) and split it for `check`.

    Args:
        path: the shapes file; by default ``ontology/shapes.ttl``.

    Raises:
        TurtleSyntaxError: the file does not parse.
    """
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    from ..loader import parse_file
    from ..paths import shapes_file

    path = Path(path) if path is not None else shapes_file()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _lock:
        if key in _cache:
            return _cache[key]
    graph = Graph()
    parse_file(graph, path)
    sparql = URIRef(SH + "sparql")
    core = Graph()
    for triple in graph:
        if triple[1] != sparql:
            core.add(triple)
    rules = []
    for shape, constraint in sorted(graph.subject_objects(sparql), key=lambda so: (str(so[0]), str(so[1]))):
        if graph.value(constraint, URIRef(SH + "deactivated")) is not None and graph.value(
            constraint, URIRef(SH + "deactivated")
        ).toPython() is True:
            continue
        # a whole-graph form of the query (zks:wholeGraphSelect), where the per-node form is slow in one pass
        select = graph.value(constraint, URIRef(SHAPES_NS + "wholeGraphSelect")) or graph.value(constraint, URIRef(SH + "select"))
        if select is None:
            raise ValueError(f"{path}: the SPARQL constraint of {rule_name(shape)} has no sh:select")
        shape_path = graph.value(shape, URIRef(SH + "path"))
        text = _THIS.sub("?this", str(select))
        if _PATH.search(text):
            if not isinstance(shape_path, URIRef):
                raise ValueError(f"{path}: {rule_name(shape)} uses $PATH with a path that is not an IRI")
            text = _PATH.sub(f"<{shape_path}>", text)
        text = _prefix_lines(graph, constraint) + "\n" + text
        severity = graph.value(shape, URIRef(SH + "severity"))
        level = SEVERITY_LEVELS.get(str(severity), "error")
        message = _english(graph, constraint, URIRef(SH + "message")) or _english(graph, shape, URIRef(SH + "message"))
        if (shape, RDF.type, URIRef(SH + "NodeShape")) in graph:
            node_shapes = (shape,)
        else:
            node_shapes = tuple(sorted(graph.subjects(URIRef(SH + "property"), shape), key=str))
        rules.append(
            SparqlRule(
                shape=shape,
                level=level,
                message=message or f"{rule_name(shape)} does not hold",
                path=path_of(graph, shape_path),
                text=text,
                node_shapes=node_shapes,
            )
        )
    shapes = Shapes(path=path, graph=graph, core=core, rules=rules)
    with _lock:
        _cache.clear()
        _cache[key] = shapes
    return shapes


_TARGETS = ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")


def focus_nodes(data, shapes_graph, node_shape) -> set:
    """The focus nodes of a node shape in the data graph (SHACL targets).

    Supports ``sh:targetClass`` (instances of the class and of its subclasses, by
    ``rdfs:subClassOf`` in the data graph), ``sh:targetSubjectsOf``,
    ``sh:targetObjectsOf`` and ``sh:targetNode``.

    Args:
        data: the data graph (rdflib).
        shapes_graph: the shapes graph.
        node_shape: the node shape.
    """
    from rdflib import URIRef
    from rdflib.namespace import RDF, RDFS

    found: set = set()
    for name in _TARGETS:
        for target in shapes_graph.objects(node_shape, URIRef(SH + name)):
            if name == "targetClass":
                classes = set(data.transitive_subjects(RDFS.subClassOf, target))
                for cls in classes:
                    found.update(data.subjects(RDF.type, cls))
            elif name == "targetSubjectsOf":
                found.update(data.subjects(target, None))
            elif name == "targetObjectsOf":
                found.update(data.objects(None, target))
            else:
                found.add(target)
    return found


def dutch_label(graph, node) -> str | None:
    """The Dutch ``skos:prefLabel`` of a node, if it has one.

    Args:
        graph: the data graph.
        node: the node.
    """
    from rdflib import Literal
    from rdflib.namespace import SKOS

    labels = sorted(str(v) for v in graph.objects(node, SKOS.prefLabel) if isinstance(v, Literal) and v.language == "nl")
    return labels[0] if labels else None


def with_focus(text: str, focus: str) -> str:
    """A SPARQL constraint's query with its focus nodes joined in first (``?this`` bound by them).

    SHACL-SPARQL binds ``$this`` to one focus node at a time; joining the focus nodes at
    the start of the top-level group gives the same rows in one query (every constraint
    of the shapes binds ``$this`` in a triple pattern of that group), and lets the engine
    look only at them.

    Args:
        text: the query (prefix lines, then the SELECT), ``$this`` written as ``?this``.
        focus: a group pattern that binds ``?this`` (:meth:`.compiled.Compiler.targets`).
    """
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    at = where.end() if where else text.index("{") + 1
    return text[:at] + " " + focus + " " + text[at:]


def run_sparql_rules(runner, shapes: Shapes) -> list[Finding]:
    """Run every SPARQL constraint of the shapes once over the graph, on its focus nodes.

    Args:
        runner: the :class:`~.engine.SparqlRunner` to run them with.
        shapes: the loaded shapes.
    """
    from .compiled import Compiler
    from .engine import interpolate

    compiler = Compiler(shapes.graph)
    findings: set[Finding] = set()
    for rule in shapes.rules:
        patterns = [p for p in (compiler.targets(node_shape) for node_shape in rule.node_shapes) if p is not None]
        if not patterns:
            continue
        focus = patterns[0] if len(patterns) == 1 else "{ " + " UNION ".join(patterns) + " }"
        text = with_focus(rule.text, focus)
        for row in runner.select(text, query_name=f"{shapes.path} ({rule_name(rule.shape)})"):
            this = row.get("this")
            if this is None:
                continue
            details = tuple(sorted((k, v) for k, v in row.items() if k not in ("this", "value", "path")))
            findings.add(
                Finding(
                    level=rule.level,
                    message=interpolate(rule.message, row, short),
                    rule=rule_name(rule.shape),
                    focus=this,
                    property=path_of(shapes.graph, row["path"]) if "path" in row else rule.path,
                    value=row.get("value"),
                    details=details,
                )
            )
    return list(findings)


def results_to_findings(results_graph, shapes_graph) -> list[Finding]:
    """Turn a pySHACL results graph into Findings.

    Args:
        results_graph: the ``sh:ValidationReport`` graph pySHACL returns.
        shapes_graph: the shapes graph (for the paths of the source shapes).
    """
    from rdflib import URIRef
    from rdflib.namespace import RDF

    def one(node, name):
        return results_graph.value(node, URIRef(SH + name))

    findings: set[Finding] = set()
    for result in results_graph.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        shape = one(result, "sourceShape")
        severity = one(result, "resultSeverity")
        message = _english(results_graph, result, URIRef(SH + "resultMessage"))
        path = one(result, "resultPath")
        findings.add(
            Finding(
                level=SEVERITY_LEVELS.get(str(severity), "error"),
                message=message or f"{rule_name(shape)} does not hold",
                rule=rule_name(shape),
                focus=one(result, "focusNode"),
                property=path_of(results_graph, path),
                value=normal_term(one(result, "value")),
            )
        )
    return list(findings)


def run_core(data_graph, shapes: Shapes) -> list[Finding]:
    """Validate a graph against the core constraints of the shapes with pySHACL.

    Args:
        data_graph: an rdflib graph on the memory store (ontology, graph and derived triples).
        shapes: the loaded shapes.
    """
    from pyshacl import validate

    _conforms, results_graph, _text = validate(
        data_graph,
        shacl_graph=shapes.core,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
    )
    return results_to_findings(results_graph, shapes.graph)


def validate_with_pyshacl(data_graph, shapes: Shapes | None = None) -> list[Finding]:
    """Plain pySHACL over every shape, SPARQL constraints included (slow; for comparison).

    Args:
        data_graph: an rdflib graph.
        shapes: the loaded shapes (by default ``ontology/shapes.ttl``).
    """
    from pyshacl import validate

    shapes = shapes or load_shapes()
    _conforms, results_graph, _text = validate(
        data_graph, shacl_graph=shapes.graph, inference="none", allow_infos=True, allow_warnings=True
    )
    return results_to_findings(results_graph, shapes.graph)


def validate_shapes(kg, runner, shapes: Shapes | None = None, progress=None) -> list[Finding]:
    """Every shape finding for a knowledge graph: the core constraints plus the SPARQL ones.

    On Oxigraph the core constraints run as compiled SPARQL (:mod:`.core`); on rdflib's
    engine, or when a shape uses something the compiler does not know, pySHACL runs them.

    Args:
        kg: the :class:`~zorgakkoorden.knowledge_graph.KnowledgeGraph`.
        runner: the :class:`~.engine.SparqlRunner` for the SPARQL constraints.
        shapes: the loaded shapes (by default ``ontology/shapes.ttl``).
        progress: a :class:`~.progress.Progress` (two steps: core shapes, SPARQL constraints).
    """
    from .core import compiled_core
    from .progress import silent

    progress = progress or silent()
    shapes = shapes or load_shapes()
    with progress.step("SHACL shapes (core constraints)"):
        core = compiled_core(runner, shapes) if runner.name == "oxigraph" else None
        if core is None:
            core = run_core(pyshacl_data(kg, runner), shapes)
    with progress.step("SHACL shapes (SPARQL constraints)"):
        return core + run_sparql_rules(runner, shapes)


def pyshacl_data(kg, runner):
    """The data graph pySHACL reads: the graph itself on the memory store, else a memory copy.

    Args:
        kg: the knowledge graph.
        runner: the check's runner (its graph is already a memory copy on the rdflib engine).
    """
    from .engine import memory_copy

    data = kg.graph
    if type(data.store).__name__ != "Memory":
        data = runner.graph if runner.name == "rdflib" else memory_copy(data)
    return data
