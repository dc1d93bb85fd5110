"""The memory store (rdflib's engine, initial bindings) and the Oxigraph store (Oxigraph's
engine, a VALUES block) give the same answers to every catalogue query: rows compared
without regard to order, blank nodes set aside, numbers by value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import BNode, Literal

from zorgakkoorden.query.catalogue import load_catalogue

pytest.importorskip("oxrdflib")

QUERIES = sorted(q.name for q in load_catalogue().catalogue_queries())

# parameters beyond each query's example, so that every parameter is tried with more than one value
MORE = {
    "overlap": [{"a": "WOZO", "b": "TAZ"}, {"a": "GALA", "b": "Preventieakkoord"}],
    "framework": [{"framework": "IZA", "lang": "en"}, {"framework": "zn-vgn-akkoord"}],
    "where-does-it-fall": [{"item": "ouderen"}, {"item": "Welzijn op Recept", "lang": "en"}],
    "provenance": [{"entity": "TAZ"}, {"entity": "gemeenten", "lang": "en"}],
    "practice-examples-for": [{"about": "WOZO"}, {"about": "Rotterdam"}],
}


def normal(term):
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal) and term.datatype is not None:
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return ("number", Decimal(str(value)).normalize())
    return term.n3()


def answer(rows) -> tuple[list[str], list[tuple]]:
    names = [str(v) for v in rows.vars]
    body = sorted((tuple(normal(b.get(v)) for v in rows.vars) for b in rows.bindings), key=repr)
    return names, body


def cases():
    for name in QUERIES:
        query = load_catalogue()[name]
        yield name, {p.name: p.example for p in query.params if p.required}
        for params in MORE.get(name, []):
            yield name, params


@pytest.mark.parametrize("name, params", list(cases()), ids=lambda x: x if isinstance(x, str) else ",".join(f"{k}={v}" for k, v in x.items()))
def test_memory_and_oxigraph_agree(kg, kg_oxigraph, name, params):
    memory = kg.query(name, **params)
    oxigraph = kg_oxigraph.query(name, **params)
    assert answer(memory) == answer(oxigraph)
    assert len(memory) > 0 or name in ("practice-examples-for",)


def test_every_catalogue_query_is_compared():
    assert {name for name, _ in cases()} == set(QUERIES)
