"""What changed in the knowledge between two versions of the graph (``zorgakkoorden diff``).

Each side is a Turtle file, a folder, or a git revision of this repository (its
``graph/``, taken with ``git archive`` into a temporary folder). The two sides' triples
are compared as graphs, not as text: a statement is matched by what it says (subject,
relation, object, aspect, sources, section, year), not by its IRI, and blank nodes by
their content (``rdflib.compare.to_canonical_graph``). The changes are grouped by entity
and told in labels: entities added or removed, names and descriptions changed, facts
added, removed or changed (with their source and aspect), sources added or removed; and
what ``check`` says of the new side that it did not say of the old.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from .errors import DiffError
from .namespaces import ZK

STATEMENT_TYPES = (ZK.Statement, ZK.AccordLink)
SPO = (RDF.subject, RDF.predicate, RDF.object)
NAMES = (SKOS.prefLabel, SKOS.altLabel, ZK.abbreviation, DCTERMS.description)


@dataclass
class Side:
    """One side of the comparison: its name, its Turtle files, and the folder to remove afterwards."""

    name: str
    files: list[Path]
    temp: Path | None = None

    def cleanup(self) -> None:
        if self.temp is not None:
            shutil.rmtree(self.temp, ignore_errors=True)


def _git(repo: Path, *args: str, binary: bool = False):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=not binary, check=False)


def resolve_side(spec: str, repo: Path | None = None, extra: list | None = None) -> Side:
    """The files of one side: a path (file or folder), else a git revision of ``repo``.

    Args:
        spec: a file, a folder, or a revision (``main``, ``HEAD~1``, a commit).
        repo: the git repository for revisions (default: the data folder's).
        extra: more files or folders read with this side.
    """
    from .loader import expand_paths
    from .paths import data_root

    extra_files = expand_paths(extra or [])
    path = Path(spec)
    if path.exists():
        return Side(spec, [*expand_paths([path]), *extra_files])
    repo = repo or data_root()
    found = _git(repo, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    if found.returncode != 0:
        raise DiffError(f"{spec!r} is neither a file or folder nor a git revision of {repo}")
    commit = found.stdout.strip()
    archive = _git(repo, "archive", "--format=tar", commit, "graph", binary=True)
    if archive.returncode != 0:
        raise DiffError(f"git archive {spec} graph failed: {archive.stderr.decode(errors='replace').strip()}")
    temp = Path(tempfile.mkdtemp(prefix="zorgakkoorden-diff-"))
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(temp, filter="data")
    files = sorted((temp / "graph").rglob("*.ttl"))
    return Side(f"{spec} ({commit[:10]})", [*files, *extra_files], temp)


def read_graph(files: list[Path]) -> Graph:
    """The triples of the files as written (no ontology, no derived triples)."""
    from .loader import parse_file

    graph = Graph()
    for path in files:
        parse_file(graph, path)
    return graph


def _content_key(graph: Graph, statement) -> tuple:
    rest = frozenset((p, o) for p, o in graph.predicate_objects(statement) if p not in SPO)
    return tuple(graph.value(statement, p) for p in SPO) + (rest,)


def _token(key: tuple) -> URIRef:
    return URIRef("urn:zorgakkoorden:statement:" + hashlib.sha1(repr(sorted(map(repr, key[3])) + list(map(repr, key[:3]))).encode()).hexdigest())


@dataclass
class Normalised:
    """A graph with statements as content and blank nodes canonical."""

    statements: dict[tuple, list]  # (s, p, o) -> [(iri, other properties)]
    triples: set
    tokens: dict


def normalise(graph: Graph) -> Normalised:
    from rdflib.compare import to_canonical_graph

    statements: dict[tuple, list] = defaultdict(list)
    tokens: dict = {}
    stmt_iris = {s for t in STATEMENT_TYPES for s in graph.subjects(RDF.type, t)}
    for s in stmt_iris:
        key = _content_key(graph, s)
        tokens[s] = _token(key)
    for s in stmt_iris:
        key = _content_key(graph, s)
        rest = frozenset((p, tokens.get(o, o)) for p, o in key[3])
        statements[key[:3]].append((s, rest))
    plain, with_bnodes = set(), Graph()
    for s, p, o in graph:
        if s in stmt_iris:
            continue
        o = tokens.get(o, o)
        if isinstance(s, BNode) or isinstance(o, BNode):
            with_bnodes.add((s, p, o))
        else:
            plain.add((s, p, o))
    plain |= set(to_canonical_graph(with_bnodes)) if len(with_bnodes) else set()
    return Normalised(statements, plain, tokens)


@dataclass
class Change:
    """One change, about one entity."""

    kind: str  # entity-added, entity-removed, name-added, name-removed, fact-added, fact-removed, fact-changed, triple-added, triple-removed, source-added, source-removed
    entity: object
    text: str
    data: dict = field(default_factory=dict)


@dataclass
class Diff:
    """All the changes between two sides, and the new findings of `check`."""

    old: str
    new: str
    changes: list[Change]
    new_findings: list[str] = field(default_factory=list)
    gone_findings: list[str] = field(default_factory=list)
    label: object = str

    @property
    def same(self) -> bool:
        return not self.changes


class Labeller:
    """Labels for terms, from the new side first, then the old, then the ontology."""

    def __init__(self, *graphs: Graph):
        self.graphs = graphs

    def __call__(self, term) -> str:
        if isinstance(term, Literal):
            return str(term)
        if isinstance(term, URIRef) and str(term).startswith("urn:zorgakkoorden:statement:"):
            return "(a statement)"
        for lang in ("nl", "en", None):
            for g in self.graphs:
                for p in (SKOS.prefLabel, URIRef("http://www.w3.org/2000/01/rdf-schema#label")):
                    for lit in g.objects(term, p):
                        if isinstance(lit, Literal) and (lang is None or lit.language == lang):
                            return str(lit)
        from .authoring.vocabulary import curie

        return curie(term) if isinstance(term, URIRef) else str(term)


def compare(old: Graph, new: Graph, ontology: Graph, old_name: str = "old", new_name: str = "new") -> Diff:
    """The changes from ``old`` to ``new`` (both as written: no ontology, no derived triples).

    Args:
        old: the old side's triples.
        new: the new side's triples.
        ontology: the vocabulary, for the labels of classes and properties.
        old_name: how the old side is named in the report.
        new_name: how the new side is named in the report.
    """
    label = Labeller(new, old, ontology)
    a, b = normalise(old), normalise(new)
    changes: list[Change] = []

    def typed(graph, s):
        return sorted(graph.objects(s, RDF.type), key=str)

    def source_text(rest) -> str:
        sources = sorted(label(o) for p, o in rest if p == DCTERMS.source)
        aspects = sorted(f"{o}" for p, o in rest if p == ZK.aspect and isinstance(o, Literal) and o.language == "nl")
        section = [str(o) for p, o in rest if p == ZK.sourceSection]
        bits = []
        if aspects:
            bits.append("aspect: " + "; ".join(aspects))
        if sources:
            bits.append("source: " + "; ".join(sources) + (f" ({section[0]})" if section else ""))
        return f" [{', '.join(bits)}]" if bits else ""

    old_subjects = {s for s, _, _ in a.triples}
    new_subjects = {s for s, _, _ in b.triples}
    for s in sorted(new_subjects - old_subjects, key=str):
        kinds = typed(new, s)
        is_source = ZK.SourceDocument in kinds
        changes.append(Change("source-added" if is_source else "entity-added", s,
                              f"{label(s)} ({', '.join(label(k) for k in kinds) or 'no class'})",
                              {"iri": str(s), "classes": [str(k) for k in kinds]}))
    for s in sorted(old_subjects - new_subjects, key=str):
        kinds = typed(old, s)
        is_source = ZK.SourceDocument in kinds
        changes.append(Change("source-removed" if is_source else "entity-removed", s,
                              f"{label(s)} ({', '.join(label(k) for k in kinds) or 'no class'})",
                              {"iri": str(s), "classes": [str(k) for k in kinds]}))
    for kind, triples in (("added", b.triples - a.triples), ("removed", a.triples - b.triples)):
        for s, p, o in sorted(triples, key=lambda t: tuple(map(str, t))):
            if (kind == "added" and s not in old_subjects) or (kind == "removed" and s not in new_subjects):
                continue  # told as the entity added or removed
            what = "name" if p in NAMES else "triple"
            text = f"{label(p)}: {o.n3() if isinstance(o, Literal) else label(o)}"
            changes.append(Change(f"{what}-{kind}", s, text, {"property": str(p), "value": str(o)}))
    for spo in sorted(set(a.statements) | set(b.statements), key=lambda t: tuple(map(str, t))):
        before = [rest for _, rest in a.statements.get(spo, [])]
        after = [rest for _, rest in b.statements.get(spo, [])]
        for rest in list(before):
            if rest in after:
                before.remove(rest)
                after.remove(rest)
        s, p, o = spo
        fact = f"{label(s)} — {label(p)} — {label(o)}"
        data = {"subject": str(s), "relation": str(p), "object": str(o)}
        if len(before) == 1 and len(after) == 1:
            gone = sorted(f"{label(q)}: {label(v)}" for q, v in before[0] - after[0])
            came = sorted(f"{label(q)}: {label(v)}" for q, v in after[0] - before[0])
            changes.append(Change("fact-changed", s, f"{fact}: " + "; ".join([*(f"- {x}" for x in gone), *(f"+ {x}" for x in came)]),
                                  {**data, "removed": gone, "added": came}))
            continue
        for rest in after:
            changes.append(Change("fact-added", s, fact + source_text(rest), data))
        for rest in before:
            changes.append(Change("fact-removed", s, fact + source_text(rest), data))
    return Diff(old_name, new_name, changes, label=label)


def finding_texts(result) -> set[str]:
    """The findings of a check, as texts that do not depend on statement IRIs or lines."""
    return {f"{f.level}: {f.label or ''} {f.message}".strip() for f in result.findings if f.level in ("error", "warning")}


def diff_sides(old: Side, new: Side, run_check: bool = True) -> Diff:
    """Compare two sides; with ``run_check``, also what `check` says of each."""
    from .loader import load

    old_graph, new_graph = read_graph(old.files), read_graph(new.files)
    kg_new = load(extra=new.files, include_graph=False)
    result = compare(old_graph, new_graph, kg_new.graph, old.name, new.name)
    if run_check:
        from .validate import run_checks

        kg_old = load(extra=old.files, include_graph=False)
        before, after = finding_texts(run_checks(kg_old)), finding_texts(run_checks(kg_new))
        result.new_findings = sorted(after - before)
        result.gone_findings = sorted(before - after)
    return result


GROUPS = [
    ("entity-added", "+ entity", "+ entiteit"), ("entity-removed", "- entity", "- entiteit"),
    ("source-added", "+ source", "+ bron"), ("source-removed", "- source", "- bron"),
    ("name-added", "+ name", "+ naam"), ("name-removed", "- name", "- naam"),
    ("triple-added", "+", "+"), ("triple-removed", "-", "-"),
    ("fact-added", "+ fact", "+ feit"), ("fact-removed", "- fact", "- feit"), ("fact-changed", "~ fact", "~ feit"),
]
_MARK = {kind: mark for kind, mark, _ in GROUPS}


def _by_entity(diff: Diff) -> dict:
    grouped: dict = defaultdict(list)
    for change in diff.changes:
        grouped[change.entity].append(change)
    order = {kind: i for i, (kind, _, _) in enumerate(GROUPS)}
    for entity in grouped:
        grouped[entity].sort(key=lambda c: (order[c.kind], c.text))
    return dict(sorted(grouped.items(), key=lambda item: str(item[0])))


def render_text(diff: Diff) -> str:
    """The diff as text."""
    grouped = _by_entity(diff)
    entity_label = diff.label
    lines = [f"Verschillen / differences: {diff.old} -> {diff.new}"]
    if diff.same:
        lines.append("geen / none: the graphs say the same")
    for entity, changes in grouped.items():
        lines.append("")
        lines.append(f"{entity_label(entity)} ({_curie(entity)})")
        for c in changes:
            lines.append(f"  {_MARK[c.kind]} {c.text}")
    lines.extend(_findings_lines(diff, "  "))
    counts = defaultdict(int)
    for c in diff.changes:
        counts[c.kind] += 1
    lines.append("")
    lines.append("summary: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no changes"))
    return "\n".join(lines) + "\n"


def _findings_lines(diff: Diff, indent: str) -> list[str]:
    lines = []
    if diff.new_findings:
        lines += ["", f"check says of {diff.new} what it did not say of {diff.old}:"]
        lines += [f"{indent}{x}" for x in diff.new_findings]
    if diff.gone_findings:
        lines += ["", "check no longer says:"]
        lines += [f"{indent}{x}" for x in diff.gone_findings]
    return lines


def render_md(diff: Diff) -> str:
    """The diff as md."""
    grouped = _by_entity(diff)
    entity_label = diff.label
    lines = ["### Wijzigingen in de graaf / changes in the graph", "", f"`{diff.old}` → `{diff.new}`", ""]
    if diff.same:
        lines.append("_Geen wijzigingen / no changes._")
    for entity, changes in grouped.items():
        lines.append(f"**{_md(entity_label(entity))}** (`{_curie(entity)}`)")
        lines.append("")
        for c in changes:
            lines.append(f"- {_MARK[c.kind]}: {_md(c.text)}")
        lines.append("")
    if diff.new_findings:
        lines += ["#### `check`: nieuw / new", ""] + [f"- {_md(x)}" for x in diff.new_findings] + [""]
    if diff.gone_findings:
        lines += ["#### `check`: opgelost / resolved", ""] + [f"- {_md(x)}" for x in diff.gone_findings] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _curie(term) -> str:
    from .authoring.vocabulary import curie

    return curie(term)


def _md(text: str) -> str:
    """Text from the graph shown as text in Markdown (no links, no HTML)."""
    out = []
    for ch in str(text):
        out.append("\\" + ch if ch in "\\`*_{}[]<>|" else ch)
    return "".join(out).replace("\n", " ")


def render_json(diff: Diff) -> str:
    """The diff as json."""
    grouped = _by_entity(diff)
    entity_label = diff.label
    data = {
        "old": diff.old,
        "new": diff.new,
        "same": diff.same,
        "entities": [
            {"entity": str(entity), "label": entity_label(entity),
             "changes": [{"kind": c.kind, "text": c.text, **c.data} for c in changes]}
            for entity, changes in grouped.items()
        ],
        "check": {"new": diff.new_findings, "resolved": diff.gone_findings},
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
