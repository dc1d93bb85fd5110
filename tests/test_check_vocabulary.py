"""A user's file may use the zk: vocabulary, not redefine it: each redefinition is an error with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

import zorgakkoorden
from zorgakkoorden.validate import run_checks

BASE = Path(__file__).resolve().parent / "data" / "bad" / "base.ttl"
PREFIXES = """@prefix zk: <https://w3id.org/zorgakkoorden/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/mine/> .
"""


def _vocabulary_findings(tmp_path, body: str):
    path = tmp_path / "mine.ttl"
    path.write_text(PREFIXES + "\n" + body, encoding="utf-8")
    kg = zorgakkoorden.load(extra=[BASE, path], include_graph=False)
    result = run_checks(kg)
    return path, result, [f for f in result.findings if f.rule.startswith("vocabulary:")]


# (case, Turtle, rule, focus, line of the offending triple in the file: PREFIXES take 5 lines, then a blank one)
CASES = [
    ("class made a subclass of another", "zk:Accord rdfs:subClassOf zk:Theme .", "vocabulary:redefined", "Accord", 7),
    ("object property made a datatype property", "zk:signedBy a owl:DatatypeProperty .", "vocabulary:redefined", "signedBy", 7),
    ("range changed", "zk:signedBy\n    rdfs:range zk:Theme .", "vocabulary:redefined", "signedBy", 8),
    ("domain added", "zk:addressesTheme rdfs:domain zk:Law .", "vocabulary:redefined", "addressesTheme", 7),
    ("property made a sub-property of another", "zk:signedBy rdfs:subPropertyOf zk:attribute .", "vocabulary:redefined", "signedBy", 7),
    ("new term in zk:", "zk:myProperty a owl:ObjectProperty .", "vocabulary:redefined", "myProperty", 7),
    ("subclass cycle", "zk:PolicyFramework rdfs:subClassOf zk:Accord .", "vocabulary:subclass-cycle", "PolicyFramework", 7),
]


@pytest.mark.parametrize("case, body, rule, local, line", CASES, ids=[c[0] for c in CASES])
def test_a_redefinition_is_an_error_naming_file_and_line(tmp_path, case, body, rule, local, line):
    path, result, found = _vocabulary_findings(tmp_path, body)
    assert not result.valid
    hits = [f for f in found if f.rule == rule and str(f.focus).endswith("/" + local)]
    assert hits, [(f.rule, str(f.focus)) for f in found]
    assert hits[0].level == "error"
    assert hits[0].files and hits[0].files[0] == path
    assert hits[0].line == line


def test_object_property_made_datatype_property_names_both_kinds(tmp_path):
    _, _, found = _vocabulary_findings(tmp_path, "zk:signedBy a owl:DatatypeProperty .")
    message = next(f.message for f in found if f.rule == "vocabulary:redefined")
    assert "owl:ObjectProperty in the ontology" in message and "owl:DatatypeProperty" in message


def test_a_cycle_of_ones_own_classes_is_an_error(tmp_path):
    _, result, found = _vocabulary_findings(tmp_path, "ex:A rdfs:subClassOf ex:B .\nex:B rdfs:subClassOf ex:A .")
    assert {(str(f.focus).rsplit("/", 1)[1], f.line) for f in found if f.rule == "vocabulary:subclass-cycle"} == {("A", 7), ("B", 8)}
    assert not result.valid


def test_ones_own_subclass_of_a_zk_class_and_annotations_are_allowed(tmp_path):
    body = (
        "ex:RegionalAccord rdfs:subClassOf zk:Accord .\n"
        'zk:Accord skos:note "Mijn toelichting"@nl .\n'
        "zk:Accord rdfs:subClassOf zk:PolicyFramework .\n"  # says again what the ontology says
    )
    _, _, found = _vocabulary_findings(tmp_path, body)
    assert found == []


def test_the_real_graph_redefines_nothing():
    result = run_checks(zorgakkoorden.load())
    assert [f for f in result.findings if f.rule.startswith("vocabulary:")] == []
