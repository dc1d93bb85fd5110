"""Loading: files and folders, both stores, derived triples, clear syntax errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

import zorgakkoorden
from zorgakkoorden.errors import InputFileError, TurtleSyntaxError, UnknownStoreError
from zorgakkoorden.namespaces import ZID, ZK
from zorgakkoorden.paths import graph_dir, ontology_file

DATA = Path(__file__).resolve().parent / "data" / "loader"

STATEMENT_FILE = """
@prefix zk: <https://w3id.org/zorgakkoorden/def/> .
@prefix zid: <https://w3id.org/zorgakkoorden/id/> .
@prefix zst: <https://w3id.org/zorgakkoorden/id/statement/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

zid:loader-a a zk:Accord ; skos:prefLabel "Akkoord A"@nl .
zid:loader-b a zk:Programme ; skos:prefLabel "Programma B"@nl .
zst:loader-a-complements-b a zk:AccordLink ;
    rdf:subject zid:loader-a ; rdf:predicate zk:complements ; rdf:object zid:loader-b .
zst:loader-a-overarches-b a zk:AccordLink ;
    rdf:subject zid:loader-a ; rdf:predicate zk:overarches ; rdf:object zid:loader-b .
zid:loader-conflict a zk:Conflict ;
    zk:conflictingStatement zst:loader-a-overarches-b .
"""


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_load_reads_ontology_and_every_graph_file(store):
    if store == "oxigraph":
        pytest.importorskip("oxrdflib")
    kg = zorgakkoorden.load(store=store)
    graph_files = sorted(graph_dir().rglob("*.ttl"))
    assert kg.files == [ontology_file(), *graph_files]
    assert (ZK.Accord, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in kg.graph
    assert len(kg) > 1000


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_statements_derive_plain_triples_but_conflicts_do_not(tmp_path, store):
    if store == "oxigraph":
        pytest.importorskip("oxrdflib")
    extra = tmp_path / "mine.ttl"
    extra.write_text(STATEMENT_FILE, encoding="utf-8")
    kg = zorgakkoorden.load(extra=[extra], store=store, include_graph=False)
    assert (ZID["loader-a"], ZK.complements, ZID["loader-b"]) in kg.graph
    assert (ZID["loader-a"], ZK.overarches, ZID["loader-b"]) not in kg.graph
    assert kg.derived >= 1  # the plain triple, plus the query shortcuts the other rules add


def test_extra_folder_reads_every_ttl_below_it(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "mine.ttl").write_text(STATEMENT_FILE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not turtle", encoding="utf-8")
    kg = zorgakkoorden.load(extra=[tmp_path], include_graph=False)
    assert kg.files[-1] == tmp_path / "sub" / "mine.ttl"
    assert (ZID["loader-a"], SKOS.prefLabel, Literal("Akkoord A", lang="nl")) in kg.graph
    assert kg.files_of(ZID["loader-a"]) == [tmp_path / "sub" / "mine.ttl"]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize(
    ("name", "line", "words"),
    [("broken-literal.ttl", 6, ("string", "end of file")), ("unbound-prefix.ttl", 5, ("foo:",))],
)
def test_syntax_error_names_file_and_line(store, name, line, words):
    if store == "oxigraph":
        pytest.importorskip("oxrdflib")
    path = DATA / name
    with pytest.raises(TurtleSyntaxError) as info:
        zorgakkoorden.load(extra=[path], store=store, include_graph=False)
    error = info.value
    assert error.path == path
    assert error.line == line
    assert str(error).startswith(f"{path}:{line}")
    assert any(word in str(error).lower() for word in words)


def test_missing_extra_file_is_an_input_error(tmp_path):
    with pytest.raises(InputFileError, match="no such file"):
        zorgakkoorden.load(extra=[tmp_path / "nope.ttl"], include_graph=False)


def test_unknown_store_is_refused():
    with pytest.raises(UnknownStoreError, match="unknown store 'sqlite'"):
        zorgakkoorden.load(store="sqlite", include_graph=False)


def test_both_stores_hold_the_same_triples(kg, kg_oxigraph):
    def without_bnodes(graph):
        from rdflib import BNode
        from rdflib.namespace import XSD

        def plain(term):  # RDF 1.1: a simple literal is an xsd:string
            if isinstance(term, Literal) and term.datatype == XSD.string:
                return Literal(str(term))
            return term

        return {tuple(plain(x) for x in t) for t in graph if not any(isinstance(x, BNode) for x in t)}

    assert without_bnodes(kg.graph) == without_bnodes(kg_oxigraph.graph)
    assert len(kg.graph) == len(kg_oxigraph.graph)


def test_both_stores_count_the_same_derived_triples(kg):
    # the Oxigraph store counts them in the load (before and after the rules); a triple added
    # afterwards is not one the rules made
    oxigraph = zorgakkoorden.load(store="oxigraph")
    oxigraph.graph.add((ZID["counted-later"], ZK.abbreviation, Literal("X")))
    assert oxigraph.derived == kg.derived > 1000


def test_label_prefers_the_language_asked(tmp_path):
    kg = zorgakkoorden.load(include_graph=False)
    assert kg.label(ZK.Accord, "nl") == "akkoord"
    assert kg.label(ZK.Accord, "en") == "accord"


def test_every_rule_is_one_insert_that_both_engines_can_run():
    import re

    from zorgakkoorden.loader import rule_as_construct, rule_files
    from zorgakkoorden.query.guard import node_names

    rules = rule_files()
    assert [r.name for r in rules] == sorted(r.name for r in rules) and len(rules) >= 3
    for rule in rules:
        names = node_names(rule.read_text(encoding="utf-8"))  # read by the SPARQL parser, not scanned
        assert names.count("InsertClause") == 1 and names.count("Modify") == 1, rule.name
        assert "DeleteClause" not in names and "GraphGraphPattern" not in names and "QuadsNotTriples" not in names, rule.name
        assert re.search(r"^CONSTRUCT\s*\{", rule_as_construct(rule), re.MULTILINE), rule.name


def test_a_rule_that_is_not_an_insert_is_refused(tmp_path):
    from zorgakkoorden.loader import rule_as_construct

    rule = tmp_path / "bad.rq"
    rule.write_text("DELETE WHERE { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(InputFileError, match="INSERT"):
        rule_as_construct(rule)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path, store):
    if store == "oxigraph":
        pytest.importorskip("oxrdflib")
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes('@prefix ex: <http://example.org/> .\nex:a ex:b "café" .\n'.encode("latin-1"))
    with pytest.raises(TurtleSyntaxError) as caught:
        zorgakkoorden.load(extra=[bad], store=store, include_graph=False)
    assert caught.value.path == bad and caught.value.line == 2 and "UTF-8" in str(caught.value)
