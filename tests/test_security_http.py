"""The endpoint's HTTP defences: the Host header (DNS rebinding), cross-origin POSTs (CORS opt-in),
graphs named by FROM / FROM NAMED / the protocol (local graphs only, the same on both engines)."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from zorgakkoorden.server.app import create_app, host_name  # noqa: E402
from zorgakkoorden.server.engines import engine_for  # noqa: E402
from zorgakkoorden.server.workers import Limits, make_pool  # noqa: E402

FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def pool(kg):
    pool = make_pool(engine_for(kg), size=1, limits=Limits(timeout=20, queue_timeout=20), kind="thread")
    yield pool


def client_for(pool, base_url: str = "http://127.0.0.1:8000", **options) -> TestClient:
    return TestClient(create_app(pool, **options), base_url=base_url)


# ----------------------------------------------------------------------- Host header


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "127.0.0.2", "LOCALHOST"])
def test_loopback_hosts_are_taken(pool, host):
    with client_for(pool) as client:
        answer = client.get("/sparql", params={"query": "ASK {}"}, headers={"host": host})
        assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("path", ["/sparql?query=ASK%20%7B%7D", "/", "/health", "/examples.json"])
def test_a_foreign_host_is_refused_everywhere(pool, path):
    """DNS rebinding: a page of attacker.example whose name now points at 127.0.0.1."""
    with client_for(pool) as client:
        answer = client.get(path, headers={"host": "attacker.example:8000"})
        assert answer.status_code == 400
        assert "--allow-host attacker.example" in answer.text
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_allow_host_and_the_bound_address_are_taken(pool):
    with client_for(pool, bound_host="192.0.2.10", allowed_hosts=["kg.example.org"]) as client:
        for host in ("kg.example.org", "KG.example.org:8000", "192.0.2.10:8000"):
            assert client.get("/health", headers={"host": host}).status_code == 200, host
        assert client.get("/health", headers={"host": "192.0.2.11"}).status_code == 400


def test_bound_to_every_address_takes_any_ip_but_no_other_name(pool):
    with client_for(pool, bound_host="0.0.0.0") as client:
        assert client.get("/health", headers={"host": "192.0.2.11:8000"}).status_code == 200
        assert client.get("/health", headers={"host": "rebound.example"}).status_code == 400


def test_host_name_reads_ports_and_ipv6():
    assert host_name("[::1]:8000") == "::1"
    assert host_name("Example.ORG:80") == "example.org"
    assert host_name("::1") == "::1"


# ----------------------------------------------------------------------- cross-origin POSTs


def test_a_cross_origin_form_post_is_refused_without_cors(pool):
    with client_for(pool) as client:
        answer = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers={**FORM, "origin": "https://evil.example"})
        assert answer.status_code == 403
        assert "--cors-origin" in answer.text
        browser_without_origin = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers={**FORM, "sec-fetch-site": "cross-site"})
        assert browser_without_origin.status_code == 403
        opaque = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers={**FORM, "origin": "null"})
        assert opaque.status_code == 403


def test_same_origin_and_non_browser_posts_are_taken(pool):
    with client_for(pool) as client:
        same = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers={**FORM, "origin": "http://127.0.0.1:8000"})
        assert same.status_code == 200, same.text
        plain = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers=FORM)  # curl, SPARQLWrapper: no Origin
        assert plain.status_code == 200
        assert "access-control-allow-origin" not in same.headers


def test_cors_origin_opts_in(pool):
    with client_for(pool, cors_origins=["https://partner.example"]) as client:
        answer = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers={**FORM, "origin": "https://partner.example"})
        assert answer.status_code == 200
        assert answer.headers["access-control-allow-origin"] == "https://partner.example"
        preflight = client.options(
            "/sparql",
            headers={"origin": "https://partner.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type"},
        )
        assert preflight.status_code == 200
        assert "POST" in preflight.headers["access-control-allow-methods"]
        other = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers={**FORM, "origin": "https://evil.example"})
        assert other.status_code == 403


def test_serve_takes_the_options():
    from zorgakkoorden.cli.main import build_parser

    args = build_parser().parse_args(["serve", "--allow-host", "a.example", "--allow-host", "b.example", "--cors-origin", "*"])
    assert args.allow_host == ["a.example", "b.example"] and args.cors_origin == ["*"]


# ----------------------------------------------------------------------- FROM / FROM NAMED / protocol dataset


GRAPHS = {"memory-oxigraph": "kg", "memory-rdflib": "kg_rdflib", "oxigraph-store": "kg_oxigraph"}
COUNT_FROM = "SELECT (COUNT(*) AS ?n) FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }"
COUNT_FROM_NAMED = "SELECT (COUNT(*) AS ?n) FROM NAMED <http://example.org/elsewhere> WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.parametrize("store", list(GRAPHS))
def test_from_names_local_graphs_only_the_same_on_every_engine(request, store):
    """FROM / FROM NAMED name graphs of this store; it holds none by those names: 0, never fetched,
    never the default graph instead (Oxigraph used to ignore FROM and count the whole graph)."""
    graph = request.getfixturevalue(GRAPHS[store])
    pool = make_pool(engine_for(graph), size=1, limits=Limits(timeout=20, queue_timeout=20), kind="thread")
    with client_for(pool) as client:
        for query in (COUNT_FROM, COUNT_FROM_NAMED):
            answer = client.get("/sparql", params={"query": query})
            assert answer.status_code == 200, answer.text
            assert answer.json()["results"]["bindings"][0]["n"]["value"] == "0", (store, query)
        whole = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        assert int(whole.json()["results"]["bindings"][0]["n"]["value"]) > 1000


@pytest.mark.parametrize("store", list(GRAPHS))
def test_kg_sparql_refuses_from_and_says_why(request, store):
    from zorgakkoorden.errors import QueryError

    graph = request.getfixturevalue(GRAPHS[store])
    with pytest.raises(QueryError, match="FROM / FROM NAMED"):
        graph.sparql(COUNT_FROM)
