"""`zorgakkoorden diff`: changes in the knowledge, grouped by entity, statements matched by content."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from zorgakkoorden.cli.main import main
from zorgakkoorden.diff import Side, diff_sides, resolve_side
from zorgakkoorden.namespaces import ZK

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "een-tegen-eenzaamheid.ttl"

HEAD = """@prefix zk: <https://w3id.org/zorgakkoorden/def/> .
@prefix zid: <https://w3id.org/zorgakkoorden/id/> .
@prefix zst: <https://w3id.org/zorgakkoorden/id/statement/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
zid:source-x a zk:SourceDocument ; skos:prefLabel "Bron X"@nl ; zk:sourceKind zk:OfficialSource ;
    schema:url "https://example.org/x"^^xsd:anyURI ; dcterms:source zid:source-x .
zid:p a zk:Programme ; skos:prefLabel "Programma P"@nl ; dcterms:source zid:source-x .
zid:q a zk:Programme ; skos:prefLabel "Programma Q"@nl ; dcterms:source zid:source-x .
"""
OLD = HEAD + """zst:p-complements-q a zk:AccordLink ; rdf:subject zid:p ; rdf:predicate zk:complements ; rdf:object zid:q ;
    zk:aspect "oud aspect"@nl ; dcterms:source zid:source-x .
zst:p-count a zk:Statement ; rdf:subject zid:p ; rdf:predicate zk:count ; rdf:object 3 ; dcterms:source zid:source-x .
"""
# the same facts under other statement IRIs, one aspect changed, one name changed
NEW = HEAD.replace('"Programma Q"@nl', '"Programma Q (nieuw)"@nl') + """
zst:renamed-1 a zk:AccordLink ; rdf:subject zid:p ; rdf:predicate zk:complements ; rdf:object zid:q ;
    zk:aspect "nieuw aspect"@nl ; dcterms:source zid:source-x .
zst:renamed-2 a zk:Statement ; rdf:subject zid:p ; rdf:predicate zk:count ; rdf:object 3 ; dcterms:source zid:source-x .
"""


def _files(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_statements_are_matched_by_content_and_changes_told_in_labels(tmp_path, capsys):
    old, new = _files(tmp_path, "old.ttl", OLD), _files(tmp_path, "new.ttl", NEW)
    assert main(["diff", str(old), str(new), "--format", "json", "--no-check"]) == 1
    report = json.loads(capsys.readouterr().out)
    changes = {(e["entity"].rsplit("/", 1)[-1], c["kind"], c["text"]) for e in report["entities"] for c in e["changes"]}
    assert changes == {
        ("q", "name-added", 'skos:prefLabel: "Programma Q (nieuw)"@nl'),
        ("q", "name-removed", 'skos:prefLabel: "Programma Q"@nl'),
        ("p", "fact-changed", "Programma P — vult aan — Programma Q (nieuw): - aspect: oud aspect; + aspect: nieuw aspect"),
    }
    assert main(["diff", str(old), str(old), "--no-check"]) == 0


def test_diff_of_the_graph_and_the_graph_with_the_example_lists_exactly_the_example(tmp_path, capsys):
    assert main(["diff", str(REPO / "graph"), str(REPO / "graph"), "--data", str(EXAMPLE), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    example = Graph().parse(EXAMPLE)
    statements = {s for t in (ZK.Statement, ZK.AccordLink) for s in example.subjects(RDF.type, t)}
    entities = {str(s) for s in example.subjects(RDF.type, None)} - {str(s) for s in statements}
    added = {e["entity"] for e in report["entities"] for c in e["changes"] if c["kind"] in ("entity-added", "source-added")}
    assert added == entities
    facts = [(c["subject"], c["relation"], c["object"]) for e in report["entities"] for c in e["changes"] if c["kind"] == "fact-added"]
    expected = [tuple(str(example.value(s, p)) for p in (RDF.subject, RDF.predicate, RDF.object)) for s in statements]
    assert sorted(facts) == sorted(expected)
    kinds = {c["kind"] for e in report["entities"] for c in e["changes"]}
    assert kinds == {"entity-added", "source-added", "fact-added"}
    assert report["check"]["new"] == []  # the example is valid: check says nothing new


def test_the_same_revision_twice_is_the_same(capsys):
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    assert main(["diff", "HEAD", "HEAD", "--no-check"]) == 0
    assert "the graphs say the same" in capsys.readouterr().out


def test_two_revisions_of_a_repository(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "graph").mkdir(parents=True)
    git = lambda *a: subprocess.run(["git", "-C", str(repo), *a], check=True, capture_output=True)
    git("init", "-q")
    (repo / "graph" / "g.ttl").write_text(OLD, encoding="utf-8")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "old")
    (repo / "graph" / "g.ttl").write_text(NEW, encoding="utf-8")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "new")
    old, new = resolve_side("HEAD~1", repo), resolve_side("HEAD", repo)
    try:
        result = diff_sides(old, new, run_check=False)
    finally:
        old.cleanup()
        new.cleanup()
    assert {c.kind for c in result.changes} == {"name-added", "name-removed", "fact-changed"}
    assert old.temp is not None and not old.temp.exists()


def test_a_bad_revision_exits_2(capsys):
    assert main(["diff", "no-such-revision-or-file", "HEAD", "--no-check"]) == 2
    assert "neither a file or folder nor a git revision" in capsys.readouterr().err


def test_markdown_shows_text_from_the_graph_as_text(tmp_path, capsys):
    old = _files(tmp_path, "old.ttl", OLD)
    new = _files(tmp_path, "new.ttl", OLD.replace('"Programma P"@nl', '"<b>P</b> [x](javascript:y)"@nl'))
    assert main(["diff", str(old), str(new), "--format", "md", "--no-check"]) == 1
    out = capsys.readouterr().out
    import re

    assert not re.search(r"(?<!\\)<", out) and not re.search(r"(?<!\\)\]\(", out)
    assert "\\<b\\>P\\</b\\>" in out
