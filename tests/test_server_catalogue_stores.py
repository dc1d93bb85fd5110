"""The whole catalogue gives identical answers on the memory store, the Oxigraph store, a real
Oxigraph server (after `push`), and through our own endpoint (`serve`)."""

from __future__ import annotations

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("oxrdflib")

from catalogue_answers import rows_of  # noqa: E402
from server_helpers import oxigraph_binary, oxigraph_server, serve  # noqa: E402

import zorgakkoorden  # noqa: E402

pytestmark = pytest.mark.skipif(oxigraph_binary() is None, reason="the oxigraph server (pip install oxigraph) is not installed")


def catalogue():
    from zorgakkoorden.query.catalogue import load_catalogue

    return load_catalogue().catalogue_queries()


def example_params(query) -> dict[str, str]:
    return {p.name: p.example for p in query.params if p.example is not None}


def answers_json(payload: dict) -> tuple[list[str], list[tuple]]:
    from rdflib.plugins.sparql.results.jsonresults import JSONResultParser
    import io
    import json

    result = JSONResultParser().parse(io.StringIO(json.dumps(payload)))
    return rows_of(result)


@pytest.fixture(scope="module")
def remote(tmp_path_factory, kg):
    """The graph pushed into a real `oxigraph serve`, read back through the endpoint:URL store."""
    from zorgakkoorden.server.push import push

    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-catalogue")) as base:
        push(kg, base + "/store")
        yield base, zorgakkoorden.load(store=f"endpoint:{base}/query")


QUERIES = [q.name for q in catalogue()]


def test_the_catalogue_is_not_empty():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("name", QUERIES)
def test_memory_oxigraph_and_oxigraph_server_agree(name, kg, kg_oxigraph, remote):
    from zorgakkoorden.query.binding import bind_as_values
    from zorgakkoorden.query.catalogue import bind_parameters, execute, get_query

    query = get_query(name)
    params = example_params(query)
    bindings = bind_parameters(kg, query, params)
    # the query layer's own path on each local store (rdflib: initBindings; Oxigraph: VALUES)
    on_memory = rows_of(execute(kg, query.text, bindings, name=name))
    on_oxigraph = rows_of(execute(kg_oxigraph, query.text, bind_parameters(kg_oxigraph, query, params), name=name))
    # the endpoint:URL store: the query layer sends the text with a VALUES block
    _, remote_kg = remote
    on_server = rows_of(execute(remote_kg, query.text, bindings, name=name))
    assert rows_of(remote_kg.graph.query(bind_as_values(query.text, bindings))) == on_server
    assert on_memory[0] == on_oxigraph[0] == on_server[0]
    assert on_memory[1] == on_oxigraph[1], f"{name}: memory and Oxigraph store differ"
    assert on_memory[1] == on_server[1], f"{name}: memory store and the Oxigraph server differ"


@pytest.fixture(scope="module")
def our_endpoint():
    # The Oxigraph store: a query text with a VALUES block (as a client sends it) is what
    # the endpoint gets; rdflib's engine does not push VALUES into the patterns, so on the
    # memory store some catalogue queries take minutes that way (they are fast through
    # the Python API, which binds with initBindings). docs/server-and-scale.md says so.
    with serve("--store", "oxigraph", "--timeout", "60") as base:
        yield base


@pytest.mark.parametrize("name", QUERIES)
def test_our_endpoint_agrees_with_the_python_api(name, kg, our_endpoint):
    from zorgakkoorden.query.binding import bind_as_values
    from zorgakkoorden.query.catalogue import bind_parameters, execute, get_query

    query = get_query(name)
    params = example_params(query)
    bindings = bind_parameters(kg, query, params)
    expected = rows_of(execute(kg, query.text, bindings, name=name))
    text = bind_as_values(query.text, bindings)
    answer = httpx.post(our_endpoint + "/sparql", data={"query": text}, headers={"accept": "application/sparql-results+json"}, timeout=120)
    assert answer.status_code == 200, answer.text
    assert answers_json(answer.json()) == expected
