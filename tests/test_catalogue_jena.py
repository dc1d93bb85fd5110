"""The whole catalogue through Apache Jena's query engine ARQ (the engine inside Fuseki), over
the graph written to N-Triples, gives the same answers as the memory store.

This checks that the catalogue is portable SPARQL 1.1 where no Fuseki server can be had: ARQ
runs from Fuseki's own jars when scripts/fuseki.sh has fetched them, else from Debian's
libapache-jena-java (scripts/setup.sh tests installs it). Each query text is the one the
endpoint:URL store would send (its bound values as a VALUES block), unchanged otherwise:
catalogue queries declare their own prefixes.
"""

from __future__ import annotations

import io
import json

import pytest

from catalogue_answers import rows_of
from jena_helpers import java_missing, jena_engine, run_arq

MISSING = java_missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


def _catalogue():
    from zorgakkoorden.query.catalogue import load_catalogue

    return load_catalogue().catalogue_queries()


QUERIES = [q.name for q in _catalogue()]


def example_params(query) -> dict[str, str]:
    return {p.name: p.example for p in query.params if p.example is not None}


@pytest.fixture(scope="module")
def arq(tmp_path_factory, kg):
    """Every catalogue query answered by ARQ in one JVM: (what ran, folder of NAME.json)."""
    from zorgakkoorden.query.binding import bind_as_values
    from zorgakkoorden.query.catalogue import bind_parameters, get_query
    from zorgakkoorden.server.push import write_graph

    work = tmp_path_factory.mktemp("jena")
    engine = jena_engine(work)
    if engine is None:
        pytest.skip("no Apache Jena here: run scripts/fuseki.sh, or apt-get install libapache-jena-java")
    classpath, what = engine
    data = work / "graph.nt"
    write_graph(kg, data)
    files = []
    for name in QUERIES:
        query = get_query(name)
        bindings = bind_parameters(kg, query, example_params(query))
        text = bind_as_values(query.text, bindings) if bindings else query.text
        path = work / f"{name}.rq"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    run_arq(classpath, data, files)
    return what, work


def test_the_catalogue_is_not_empty():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("name", QUERIES)
def test_jena_arq_agrees_with_the_memory_store(name, kg, arq):
    from rdflib.plugins.sparql.results.jsonresults import JSONResultParser

    from zorgakkoorden.query.catalogue import bind_parameters, execute, get_query

    what, work = arq
    query = get_query(name)
    expected = rows_of(execute(kg, query.text, bind_parameters(kg, query, example_params(query)), name=name))
    payload = json.loads((work / f"{name}.json").read_text(encoding="utf-8"))
    answered = rows_of(JSONResultParser().parse(io.StringIO(json.dumps(payload))))
    assert expected[1], f"{name}: the example parameters find nothing, so the comparison proves little"
    assert answered[0] == expected[0], f"{name}: {what} names other columns"
    assert answered[1] == expected[1], f"{name}: {what} and the memory store differ"
