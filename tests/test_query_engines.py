"""The engine that answers queries on the memory store: the choice (auto, rdflib, oxigraph),
and the Oxigraph mirror of the memory graph, which must follow every change to the graph."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

import zorgakkoorden
from zorgakkoorden.errors import QuerySyntaxError, UsageError
from zorgakkoorden.query.engines import ENGINES, engine_of

COUNT_LABELS = "SELECT (COUNT(*) AS ?n) WHERE { ?x skos:prefLabel ?label }"
LABEL_OF = "SELECT ?label WHERE { ?x skos:prefLabel ?label } ORDER BY ?label"
X = URIRef("https://example.org/x")


@pytest.fixture()
def small():
    """A fresh small graph (the vocabulary only), on the memory store, default engine."""
    return zorgakkoorden.load(include_graph=False)


def oxigraph_mirror(graph):
    """The memory store's pyoxigraph mirror of a graph."""
    return graph._zk_store.mirror()


def count(kg) -> int:
    return int(kg.sparql(COUNT_LABELS).records()[0]["n"].toPython())


def test_the_default_engine_on_the_memory_store_is_oxigraph(small):
    assert small.engine == "auto"
    assert engine_of(small) == "oxigraph"


def test_the_engine_can_be_chosen_and_an_unknown_one_is_refused():
    assert engine_of(zorgakkoorden.load(include_graph=False, engine="rdflib")) == "rdflib"
    assert engine_of(zorgakkoorden.load(include_graph=False, engine="oxigraph")) == "oxigraph"
    with pytest.raises(UsageError, match="choose one of auto, rdflib, oxigraph"):
        zorgakkoorden.load(include_graph=False, engine="jena")
    assert ENGINES == ("auto", "rdflib", "oxigraph")


def test_the_mirror_follows_an_added_triple(small):
    before = count(small)
    small.graph.add((X, SKOS.prefLabel, Literal("x", lang="nl")))
    assert count(small) == before + 1


def test_the_mirror_follows_a_change_that_keeps_the_size(small):
    # a cache keyed on the number of triples would miss this edit
    small.graph.add((X, SKOS.prefLabel, Literal("before", lang="nl")))
    assert "before" in [str(r["label"]) for r in small.sparql(LABEL_OF).records()]
    size = len(small.graph)
    small.graph.remove((X, SKOS.prefLabel, Literal("before", lang="nl")))
    small.graph.add((X, SKOS.prefLabel, Literal("after", lang="nl")))
    assert len(small.graph) == size
    labels = [str(r["label"]) for r in small.sparql(LABEL_OF).records()]
    assert "after" in labels and "before" not in labels


def test_the_mirror_follows_a_sparql_update(small):
    before = count(small)
    small.graph.update('INSERT DATA { <https://example.org/y> skos:prefLabel "y"@nl }', initNs={"skos": SKOS})
    assert count(small) == before + 1


def test_the_mirror_is_made_once_while_the_graph_stays_the_same(small):
    first = oxigraph_mirror(small.graph)
    small.sparql(COUNT_LABELS)
    assert oxigraph_mirror(small.graph) is first
    small.graph.add((X, SKOS.prefLabel, Literal("x", lang="nl")))
    assert oxigraph_mirror(small.graph) is not first


def test_the_mirror_holds_the_same_triples_as_the_graph(kg):
    mirror = oxigraph_mirror(kg.graph)
    assert len(mirror) == len(kg.graph)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_syntax_error_names_line_and_column_on_each_engine(engine):
    kg = zorgakkoorden.load(include_graph=False, engine=engine)
    with pytest.raises(QuerySyntaxError) as caught:
        kg.sparql("SELECT ?x\nWHERE { ?x ?y }", name="mine.rq")
    assert caught.value.line == 2 and "mine.rq" in str(caught.value)


def test_the_cli_takes_the_engine_and_both_print_the_same():
    def run(engine: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "zorgakkoorden", "query", "run", "overlap", "--param", "a=IZA", "--param", "b=GALA",
             "--format", "csv", "--engine", engine],
            capture_output=True, text=True, check=True,
        )
        return done.stdout

    by_rdflib, by_oxigraph = run("rdflib"), run("oxigraph")
    assert sorted(by_rdflib.splitlines()) == sorted(by_oxigraph.splitlines())
    assert len(by_rdflib.splitlines()) > 10


def test_the_rules_derive_the_same_triples_through_either_engine(kg, kg_rdflib):
    # the default load runs the rules in Oxigraph on the mirror; rdflib's engine runs them itself
    assert kg.derived == kg_rdflib.derived > 1000
    assert set(kg.graph) == set(kg_rdflib.graph)


def test_after_loading_the_mirror_is_current_and_complete():
    kg = zorgakkoorden.load()
    key, mirror, _ = kg.backend._mirror  # made by the load and the rules, kept in step with the graph
    assert key == kg.graph.store.version
    assert oxigraph_mirror(kg.graph) is mirror and len(mirror) == len(kg.graph)


def test_a_graph_oxigraph_cannot_take_is_answered_by_rdflib_on_auto(tmp_path):
    # rdflib accepts an IRI with a space (with a warning); Oxigraph refuses it, so there is no mirror
    kg = zorgakkoorden.load(include_graph=False)
    odd = URIRef("https://example.org/with space")
    kg.graph.add((odd, SKOS.prefLabel, Literal("odd", lang="nl")))
    assert engine_of(kg) == "rdflib"
    assert "odd" in [str(r["label"]) for r in kg.sparql(LABEL_OF).records()]
    kg.graph.remove((odd, None, None))
    assert engine_of(kg) == "oxigraph"  # tried again once the graph changed


def test_the_oxigraph_engine_asked_for_names_the_term_it_cannot_take():
    from zorgakkoorden.query.engines import MirrorError

    kg = zorgakkoorden.load(include_graph=False, engine="oxigraph")
    kg.graph.add((URIRef("https://example.org/with space"), SKOS.prefLabel, Literal("odd", lang="nl")))
    with pytest.raises(MirrorError, match="with space"):
        kg.sparql(LABEL_OF)
