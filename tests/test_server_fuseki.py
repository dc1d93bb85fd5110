"""Our client side against a real Apache Jena Fuseki, the second real SPARQL server beside
`oxigraph serve`: `push` (Graph Store Protocol), the `endpoint:URL` store, `serve --endpoint`
in front of it, and the whole catalogue giving the same answers on the memory store, the
Oxigraph store, a real Oxigraph server and Fuseki.

Fuseki (jena-fuseki-main, from Maven's registry) is put in a cache folder by
scripts/fuseki.sh, which scripts/setup.sh tests runs; it runs in memory with updates
allowed, on a free loopback port, and dies with the test process.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")
pytest.importorskip("oxrdflib")

from catalogue_answers import rows_of  # noqa: E402
from jena_helpers import fuseki_missing, fuseki_server  # noqa: E402
from server_helpers import oxigraph_binary, oxigraph_server, remote_count, serve  # noqa: E402

import zorgakkoorden  # noqa: E402
from zorgakkoorden.errors import EndpointError  # noqa: E402
from zorgakkoorden.namespaces import ZK  # noqa: E402
from zorgakkoorden.server.push import push  # noqa: E402

MISSING = fuseki_missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
NAMED = "https://w3id.org/zorgakkoorden/graph/test"



@pytest.fixture(scope="module")
def fuseki(tmp_path_factory):
    """A Fuseki dataset's base URL (``/query``, ``/update``, ``/data`` below it)."""
    with fuseki_server(tmp_path_factory.mktemp("fuseki") / "fuseki.log") as dataset:
        yield dataset


def test_push_cli_puts_the_whole_graph_into_fuseki(fuseki, kg):
    command = [sys.executable, "-m", "zorgakkoorden", "push", "--endpoint", fuseki + "/data"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"PUT {len(kg)} triples" in done.stderr
    assert remote_count(fuseki) == len(kg)
    # PUT replaces: pushing twice leaves the same graph
    assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
    assert remote_count(fuseki) == len(kg)


def test_push_to_a_named_graph_and_append(fuseki, kg_oxigraph, tmp_path):
    result = push(kg_oxigraph, fuseki + "/data", graph=NAMED)
    assert result.method == "PUT" and result.status in (200, 201, 204)
    assert remote_count(fuseki, NAMED) == len(kg_oxigraph)
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix zk: <https://w3id.org/zorgakkoorden/def/> .\n"
        "<https://w3id.org/zorgakkoorden/id/push-test> a zk:Accord .\n",
        encoding="utf-8",
    )
    small = zorgakkoorden.load(extra=[extra], include_graph=False)
    appended = push(small, fuseki + "/data", graph=NAMED, replace=False, fmt="turtle")
    assert appended.method == "POST" and appended.status in (200, 201, 204)
    new = sum(1 for triple in small.graph if triple not in kg_oxigraph.graph)
    assert new >= 1
    assert remote_count(fuseki, NAMED) == len(kg_oxigraph) + new
    # the named graph is apart from the default graph
    push(kg_oxigraph, fuseki + "/data", graph=NAMED)
    assert remote_count(fuseki, NAMED) == len(kg_oxigraph)


def test_endpoint_store_reads_what_push_wrote(fuseki, kg):
    push(kg, fuseki + "/data")
    remote = zorgakkoorden.load(store=f"endpoint:{fuseki}/query")
    rows = list(remote.graph.query(COUNT))
    assert int(rows[0][0]) == len(kg)
    assert (ZK.Accord, None, None) in remote.graph
    assert remote.label(ZK.Accord, "en") == "accord"
    assert remote.graph.query("PREFIX zk: <https://w3id.org/zorgakkoorden/def/> ASK { zk:Accord a ?c }").askAnswer is True
    # the command line with --endpoint, as a user runs it
    done = subprocess.run(
        [sys.executable, "-m", "zorgakkoorden", "query", "run", "overlap", "--param", "a=IZA", "--param", "b=GALA",
         "--format", "csv", "--endpoint", fuseki + "/query"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    local = subprocess.run(
        [sys.executable, "-m", "zorgakkoorden", "query", "run", "overlap", "--param", "a=IZA", "--param", "b=GALA",
         "--format", "csv"],
        capture_output=True, text=True, timeout=300,
    )
    assert local.returncode == 0, local.stderr
    assert sorted(done.stdout.splitlines()[1:]) == sorted(local.stdout.splitlines()[1:])
    assert len(done.stdout.splitlines()) > 5


def test_serve_in_front_of_fuseki(fuseki, kg):
    push(kg, fuseki + "/data")
    with serve("--endpoint", fuseki + "/query", "--timeout", "5", "--max-results", "100") as base:
        answer = httpx.get(base + "/sparql", params={"query": COUNT})
        assert answer.status_code == 200
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) == len(kg)
        turtle = httpx.get(base + "/sparql", params={"query": "CONSTRUCT WHERE { zk:Accord ?p ?o }"}, headers={"accept": "text/turtle"})
        assert turtle.status_code == 200 and "zk:Accord" in turtle.text
        assert httpx.get(base + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}).status_code == 422
        assert httpx.post(base + "/sparql", data={"update": "CLEAR ALL"}).status_code == 403
    assert remote_count(fuseki) == len(kg)


def test_push_to_fusekis_query_endpoint_is_refused_clearly(fuseki, kg):
    with pytest.raises(EndpointError, match="HTTP 4"):
        push(kg, fuseki + "/query")


# --- the whole catalogue on four setups -----------------------------------------------------


def _catalogue():
    from zorgakkoorden.query.catalogue import load_catalogue

    return load_catalogue().catalogue_queries()


QUERIES = [q.name for q in _catalogue()]


@pytest.fixture(scope="module")
def servers(tmp_path_factory, kg, fuseki):
    """The graph pushed into a real Oxigraph server and into Fuseki, each read back through
    the endpoint:URL store."""
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-four")) as oxigraph:
        push(kg, oxigraph + "/store")
        push(kg, fuseki + "/data")
        yield (
            zorgakkoorden.load(store=f"endpoint:{oxigraph}/query"),
            zorgakkoorden.load(store=f"endpoint:{fuseki}/query"),
        )


def test_the_catalogue_is_not_empty():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("name", QUERIES)
def test_memory_oxigraph_oxigraph_server_and_fuseki_agree(name, kg, kg_oxigraph, servers):
    from zorgakkoorden.query.catalogue import bind_parameters, execute, get_query

    query = get_query(name)
    params = {p.name: p.example for p in query.params if p.example is not None}
    bindings = bind_parameters(kg, query, params)
    on_memory = rows_of(execute(kg, query.text, bindings, name=name))
    on_oxigraph = rows_of(execute(kg_oxigraph, query.text, bind_parameters(kg_oxigraph, query, params), name=name))
    oxigraph_server_kg, fuseki_kg = servers
    on_oxigraph_server = rows_of(execute(oxigraph_server_kg, query.text, bindings, name=name))
    on_fuseki = rows_of(execute(fuseki_kg, query.text, bindings, name=name))
    assert on_memory[1], f"{name}: the example parameters find nothing, so the comparison proves little"
    assert on_memory[0] == on_oxigraph[0] == on_oxigraph_server[0] == on_fuseki[0]
    assert on_memory[1] == on_oxigraph[1], f"{name}: memory and Oxigraph store differ"
    assert on_memory[1] == on_oxigraph_server[1], f"{name}: memory store and the Oxigraph server differ"
    assert on_memory[1] == on_fuseki[1], f"{name}: memory store and Fuseki differ"
