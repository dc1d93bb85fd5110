"""Our client side against a real `oxigraph serve`: `push` (Graph Store Protocol), the
`endpoint:URL` store, and `serve --endpoint` in front of it."""

from __future__ import annotations

import subprocess
import sys

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

from server_helpers import free_port, oxigraph_binary, oxigraph_server, remote_count, serve  # noqa: E402

import zorgakkoorden  # noqa: E402
from zorgakkoorden.errors import EndpointError, UnknownStoreError  # noqa: E402
from zorgakkoorden.namespaces import ZK  # noqa: E402
from zorgakkoorden.server.push import push, target_url  # noqa: E402

pytestmark = pytest.mark.skipif(oxigraph_binary() is None, reason="the oxigraph server (pip install oxigraph) is not installed")

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"



@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


def test_push_cli_puts_the_whole_graph(oxigraph, kg):
    command = [sys.executable, "-m", "zorgakkoorden", "push", "--endpoint", oxigraph + "/store"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"PUT {len(kg)} triples" in done.stderr
    assert remote_count(oxigraph) == len(kg)
    # PUT replaces: pushing twice leaves the same graph
    assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
    assert remote_count(oxigraph) == len(kg)


def test_push_from_the_oxigraph_store_to_a_named_graph_and_append(oxigraph, kg_oxigraph, tmp_path):
    graph = "https://w3id.org/zorgakkoorden/graph/test"
    result = push(kg_oxigraph, oxigraph + "/store", graph=graph)
    assert result.method == "PUT" and result.status in (200, 201, 204)
    assert remote_count(oxigraph, graph) == len(kg_oxigraph)
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix zk: <https://w3id.org/zorgakkoorden/def/> .\n"
        "<https://w3id.org/zorgakkoorden/id/push-test> a zk:Accord .\n",
        encoding="utf-8",
    )
    small = zorgakkoorden.load(extra=[extra], include_graph=False)
    appended = push(small, oxigraph + "/store", graph=graph, replace=False, fmt="turtle")
    assert appended.method == "POST"
    new = sum(1 for triple in small.graph if triple not in kg_oxigraph.graph)
    assert new >= 1  # the accord (and whatever the rules derive for it)
    assert remote_count(oxigraph, graph) == len(kg_oxigraph) + new
    assert target_url("http://h/store?x=1", "https://g/1#a") == "http://h/store?x=1&graph=https%3A%2F%2Fg%2F1%23a"


def test_endpoint_store_reads_what_push_wrote(oxigraph, kg):
    push(kg, oxigraph + "/store")
    remote = zorgakkoorden.load(store=f"endpoint:{oxigraph}/query")
    rows = list(remote.graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert int(rows[0][0]) == len(kg)
    assert (ZK.Accord, None, None) in remote.graph
    assert remote.label(ZK.Accord, "en") == "accord"
    answer = remote.graph.query("PREFIX zk: <https://w3id.org/zorgakkoorden/def/> ASK { zk:Accord a ?c }")
    assert answer.askAnswer is True
    with pytest.raises(UnknownStoreError):
        zorgakkoorden.load(extra=["x.ttl"], store=f"endpoint:{oxigraph}/query")


def test_serve_in_front_of_a_remote_endpoint(oxigraph, kg):
    push(kg, oxigraph + "/store")
    with serve("--endpoint", oxigraph + "/query", "--timeout", "5", "--max-results", "100") as base:
        answer = httpx.get(base + "/sparql", params={"query": COUNT})
        assert answer.status_code == 200
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) == len(kg)
        turtle = httpx.get(base + "/sparql", params={"query": "CONSTRUCT WHERE { zk:Accord ?p ?o }"}, headers={"accept": "text/turtle"})
        assert turtle.status_code == 200 and "zk:Accord" in turtle.text
        assert httpx.get(base + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}).status_code == 422
        assert httpx.post(base + "/sparql", data={"update": "CLEAR ALL"}).status_code == 403
        assert httpx.get(base + "/sparql", params={"query": "SELECT * WHERE { ?s ?p "}).status_code == 400
    assert remote_count(oxigraph) == len(kg)


def test_push_errors_are_clear(kg):
    port = free_port()  # nothing listens there
    with pytest.raises(EndpointError, match="cannot PUT"):
        push(kg, f"http://127.0.0.1:{port}/store", timeout=5)
    done = subprocess.run(
        [sys.executable, "-m", "zorgakkoorden", "push", "--endpoint", f"http://127.0.0.1:{port}/store", "--graph", "not an iri"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2 and "--graph" in done.stderr


def test_push_to_a_server_that_refuses(oxigraph, kg):
    with pytest.raises(EndpointError, match="HTTP 4"):
        push(kg, oxigraph + "/query")  # the query endpoint takes no PUT
