"""The synthetic graphs of the scale benchmarks: deterministic, and shaped as docs/modelling.md says."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import generate_synthetic  # noqa: E402

import zorgakkoorden  # noqa: E402

PREFIXES = """
PREFIX zk: <https://w3id.org/zorgakkoorden/def/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return generate_synthetic.write(tmp_path_factory.mktemp("synthetic"), 12_000, seed=7, fmt="turtle")


def test_same_seed_same_bytes(tmp_path, synthetic):
    again = generate_synthetic.write(tmp_path, 12_000, seed=7, fmt="turtle")
    assert again.read_bytes() == synthetic.read_bytes()
    other = generate_synthetic.write(tmp_path / "other", 12_000, seed=8, fmt="turtle")
    assert other.read_bytes() != synthetic.read_bytes()


def test_turtle_and_ntriples_hold_the_same_graph(tmp_path, synthetic):
    nt = generate_synthetic.write(tmp_path, 12_000, seed=7, fmt="nt")
    a = Graph().parse(synthetic, format="turtle")
    b = Graph().parse(nt, format="nt")
    assert len(a) == len(b) >= 12_000
    assert a.isomorphic(b)


def test_turtle_is_written_in_subject_blocks(synthetic):
    # as graph/ and any Turtle serializer write it: a subject once per run of its triples,
    # then its predicates after ";" and a predicate's further objects after ","
    text = synthetic.read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if line and not line.startswith("@prefix")]
    starts = [line for line in body if not line.startswith(" ")]
    triples = len(Graph().parse(synthetic, format="turtle"))
    assert len(starts) < triples / 4
    assert all(line.endswith((" ;", " ,", " .")) for line in body)
    assert len(starts) == sum(1 for line in body if line.endswith(" ."))
    assert any(line.startswith("        ") for line in body)  # a second object of one predicate


def test_sizes_parse():
    assert [generate_synthetic.parse_size(s) for s in ("10k", "100k", "1M", "2500")] == [10_000, 100_000, 1_000_000, 2500]


def ask(kg, where: str) -> list:
    return list(kg.graph.query(PREFIXES + where))


def test_follows_the_modelling_contract(synthetic):
    kg = zorgakkoorden.load(extra=[synthetic], store="oxigraph")
    # every entity of ours: one class, one Dutch label, an English label, a source that is a SourceDocument
    assert ask(kg, """SELECT ?e WHERE {
        ?e a ?c . FILTER(STRSTARTS(STR(?c), STR(zk:)) && ?c NOT IN (zk:Conflict, zk:SourceKind, zk:Status, zk:ImplementationLevel))
        FILTER NOT EXISTS { ?c rdfs:subClassOf* zk:Statement }
        FILTER NOT EXISTS { ?e dcterms:source ?s . ?s a zk:SourceDocument }
    } LIMIT 5""") == []
    assert ask(kg, """SELECT ?e (COUNT(?l) AS ?n) WHERE {
        ?e a ?c ; skos:prefLabel ?l . FILTER(LANG(?l) = "nl")
    } GROUP BY ?e HAVING (COUNT(?l) != 1) LIMIT 5""") == []
    assert ask(kg, """SELECT ?e WHERE {
        ?e a ?c . FILTER(STRSTARTS(STR(?e), "https://w3id.org/zorgakkoorden/id/syn-"))
        FILTER NOT EXISTS { ?e skos:prefLabel ?en FILTER(LANG(?en) = "en") }
    } LIMIT 5""") == []
    assert ask(kg, """SELECT ?e WHERE { ?e a ?c1 , ?c2 . FILTER(?c1 != ?c2)
        FILTER(STRSTARTS(STR(?e), "https://w3id.org/zorgakkoorden/id/") && STRSTARTS(STR(?c1), STR(zk:)) && STRSTARTS(STR(?c2), STR(zk:)))
    } LIMIT 5""") == []
    # every statement: subject, predicate, object, source; the plain triples are derived, not written
    assert ask(kg, """SELECT ?st WHERE { ?st a zk:Statement .
        FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; dcterms:source ?src } } LIMIT 5""") == []
    written = Graph().parse(synthetic, format="turtle")
    relation_props = {p for p, in kg.graph.query(PREFIXES + "SELECT ?p WHERE { ?p rdfs:subPropertyOf+ zk:relation }")}
    assert not any(p in relation_props for p in written.predicates())
    assert kg.derived > 1000
    # all municipalities, in their regions; links to the real frameworks
    (municipalities,) = ask(kg, """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a zk:Place ; zk:partOf ?r }""")[0]
    assert int(municipalities) == generate_synthetic.MUNICIPALITIES
    linked = "ASK { ?x zk:elaborates|zk:complements|zk:implementedThrough <https://w3id.org/zorgakkoorden/id/iza> }"
    assert kg.graph.query(PREFIXES + linked).askAnswer


def test_passes_check_without_findings_of_its_own(synthetic):
    """`zorgakkoorden check` over the graph plus a synthetic file: valid, nothing found in the synthetic part."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "zorgakkoorden", "check", "--store", "oxigraph", str(synthetic)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert str(synthetic.name) not in done.stdout + done.stderr
