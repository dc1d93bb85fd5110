"""Every engine and store gives the same answers to every catalogue query: the memory store
queried by rdflib's engine (initial bindings), the memory store queried by Oxigraph through
its mirror (a VALUES block; the default), and the Oxigraph store (a VALUES block). Rows are
compared without regard to order, blank nodes set aside, numbers by value."""

from __future__ import annotations

import pytest
from catalogue_answers import rows_of

from zorgakkoorden.query.catalogue import load_catalogue
from zorgakkoorden.query.engines import engine_of

QUERIES = sorted(q.name for q in load_catalogue().catalogue_queries())

# parameters beyond each query's example, so that every parameter is tried with more than one value
MORE = {
    "overlap": [{"a": "WOZO", "b": "TAZ"}, {"a": "GALA", "b": "Preventieakkoord"}, {"a": "WOZO", "b": "IZA"}],
    "framework": [{"framework": "IZA", "lang": "en"}, {"framework": "zn-vgn-akkoord"}],
    "where-does-it-fall": [{"item": "ouderen"}, {"item": "Welzijn op Recept", "lang": "en"}, {"item": "SPUK DOS"}],
    "provenance": [{"entity": "TAZ"}, {"entity": "gemeenten", "lang": "en"}],
    "practice-examples-for": [{"about": "WOZO"}, {"about": "Rotterdam"}],
    "links": [{"framework": "WOZO"}, {"framework": "IZA", "other": "GALA", "lang": "en"}, {"other": "TAZ"}],
    "responsibility": [{"lang": "en"}],
    "figures": [{"about": "GALA", "lang": "en"}, {"about": "IZA"}, {"about": "Twentse Koers"}],
    "search": [{"text": "spuk dos"}, {"text": "clienten"}, {"text": "invalshoek preventie"}],
    "source-contents": [{"document": "Kamerbrief 16 maart 2023"}, {"document": "zid:source-swn", "lang": "en"}],
}


def cases():
    for name in QUERIES:
        query = load_catalogue()[name]
        yield name, {p.name: p.example for p in query.params if p.required}
        for params in MORE.get(name, []):
            yield name, params


def test_the_fixtures_use_the_engines_they_name(kg, kg_rdflib):
    assert engine_of(kg) == "oxigraph"  # the default: auto, and pyoxigraph is a dependency
    assert engine_of(kg_rdflib) == "rdflib"


# (first, second): the memory store by Oxigraph against rdflib's engine; then rdflib's memory
# store against the Oxigraph store
PAIRS = {"engines-on-memory": ("kg", "kg_rdflib"), "memory-and-oxigraph-stores": ("kg_rdflib", "kg_oxigraph")}


@pytest.mark.parametrize("pair", list(PAIRS))
@pytest.mark.parametrize("name, params", list(cases()), ids=lambda x: x if isinstance(x, str) else ",".join(f"{k}={v}" for k, v in x.items()))
def test_every_engine_and_store_agree(request, pair, name, params):
    first, second = (request.getfixturevalue(f) for f in PAIRS[pair])
    one = first.query(name, **params)
    other = second.query(name, **params)
    assert rows_of(one) == rows_of(other)
    assert len(one) > 0 or name in ("practice-examples-for",) or params.get("item") == "SPUK DOS"
    assert one.hint == other.hint


def test_every_catalogue_query_is_compared():
    assert {name for name, _ in cases()} == set(QUERIES)
