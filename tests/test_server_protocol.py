"""The SPARQL 1.1 Protocol at /sparql, in-process (Starlette's TestClient), on both local stores.

Includes the cases of the W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests,
sparql/sparql11/protocol/manifest.ttl) that apply to a read-only query service, named
after them: query_get, query_post_form, query_post_direct, query_content_type_*,
query_dataset_*, bad_query_*, bad_multiple_queries, bad_update_get and the update tests
(which a read-only service must refuse).
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from rdflib import Graph  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from zorgakkoorden.query import guard  # noqa: E402
from zorgakkoorden.server import negotiation  # noqa: E402
from zorgakkoorden.server.app import create_app  # noqa: E402
from zorgakkoorden.server.engines import engine_for  # noqa: E402
from zorgakkoorden.server.workers import Limits, make_pool  # noqa: E402

RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ACCORD_CLASS = "https://w3id.org/zorgakkoorden/def/Accord"
DATA0 = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"


@pytest.fixture(scope="module", params=["memory", "memory-rdflib-engine", "oxigraph"])
def client(request):
    """A TestClient over the endpoint on one store (and engine), with small limits."""
    graph = request.getfixturevalue({"memory": "kg", "memory-rdflib-engine": "kg_rdflib", "oxigraph": "kg_oxigraph"}[request.param])
    pool = make_pool(engine_for(graph), size=2, limits=Limits(timeout=20, max_results=500, queue_timeout=20))
    app = create_app(pool, examples=[{"name": "x", "title": "X", "description": "d", "query": "ASK {}"}])
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        test_client.store = request.param
        yield test_client


def count(client) -> int:
    answer = client.get("/sparql", params={"query": COUNT})
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def boolean_of(response) -> bool:
    return response.json()["boolean"]


# ----------------------------------------------------------------------- W3C positive cases


def test_query_get(client):
    answer = client.get(f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={DATA0}")
    assert answer.status_code in range(200, 400)
    assert boolean_of(answer) is True


def test_query_post_form(client):
    answer = client.post(
        f"/sparql/?default-graph-uri={DATA0}",
        content=b"query=ASK%20%7B%7D",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 200
    assert boolean_of(answer) is True


def test_query_post_direct(client):
    answer = client.post(
        f"/sparql/?default-graph-uri={DATA0}",
        content="ASK {}".encode(),
        headers={"content-type": "application/sparql-query"},
    )
    assert answer.status_code == 200
    assert boolean_of(answer) is True


@pytest.mark.parametrize(
    ("query", "accepted"),
    [
        ("SELECT (1 AS ?value) {}", {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}),
        ("ASK {}", {"application/sparql-results+json", "application/sparql-results+xml"}),
        ("DESCRIBE <http://example.org/>", {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"}),
        ("CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}", {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"}),
    ],
    ids=["query_content_type_select", "query_content_type_ask", "query_content_type_describe", "query_content_type_construct"],
)
def test_query_content_type(client, query, accepted):
    answer = client.post(f"/sparql/?default-graph-uri={DATA0}", content=query.encode(), headers={"content-type": "application/sparql-query"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].split(";")[0] in accepted


def test_construct_answer_parses_as_rdf(client):
    query = "CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}"
    for accept, fmt in [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml")]:
        answer = client.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query", "accept": accept})
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith(accept)
        graph = Graph().parse(data=answer.content, format=fmt)
        assert len(graph) == 1


def test_protocol_dataset_names_graphs_of_the_store_only(client):
    """query_dataset_*: graphs named by the protocol are graphs of this store (here: none), never fetched."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    answer = client.get("/sparql", params={"query": query, "default-graph-uri": "http://kasei.us/2009/09/sparql/data/data0.rdf"})
    assert answer.status_code == 200
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "0"
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    answer = client.get("/sparql", params={"query": named, "named-graph-uri": "http://example.org/g"})
    assert answer.status_code == 200
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "0"
    assert count(client) > 1000  # without the parameter: the graph


# ----------------------------------------------------------------------- W3C negative cases


def test_bad_query_method(client):
    answer = client.put(f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={DATA0}", headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 405


def test_bad_multiple_queries(client):
    assert client.get("/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D").status_code == 400


def test_bad_query_wrong_media_type(client):
    assert client.post("/sparql/", content=b"ASK {}", headers={"content-type": "text/plain"}).status_code == 415


def test_bad_query_missing_form_type(client):
    answer = client.post("/sparql/", content=b"query=ASK%20%7B%7D", headers={"content-type": ""})
    assert answer.status_code == 415


def test_bad_query_missing_direct_type(client):
    answer = client.post("/sparql/", content=b"ASK {}", headers={"content-type": ""})
    assert answer.status_code == 415


def test_bad_query_non_utf8(client):
    body = "ASK {}".encode("utf-16")
    answer = client.post("/sparql/", content=body, headers={"content-type": "application/sparql-query; charset=UTF-16"})
    assert answer.status_code in (400, 415)
    answer = client.post("/sparql/", content=b"ASK { ?s ?p \"\xff\xfe\" }", headers={"content-type": "application/sparql-query"})
    assert answer.status_code == 400


def test_bad_query_syntax(client):
    answer = client.get("/sparql/", params={"query": "ASK {"})
    assert answer.status_code == 400
    assert "syntax error" in answer.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "url": "/sparql/?update=CLEAR%20ALL"},
        {"method": "POST", "url": "/sparql/", "content": b"update=CLEAR%20ALL", "headers": {"content-type": "application/x-www-form-urlencoded"}},
        {"method": "POST", "url": "/sparql/", "content": b"CLEAR ALL", "headers": {"content-type": "application/sparql-update"}},
        {"method": "POST", "url": "/sparql/", "content": b"update=CLEAR%20ALL&update=CLEAR%20ALL", "headers": {"content-type": "application/x-www-form-urlencoded"}},
        {"method": "POST", "url": "/sparql/", "content": b"INSERT DATA { <http://e/s> <http://e/p> 1 }", "headers": {"content-type": "application/sparql-query"}},
        {"method": "GET", "url": "/sparql/?query=DELETE%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D"},
        {"method": "POST", "url": "/sparql/", "content": b"query=DROP%20DEFAULT", "headers": {"content-type": "application/x-www-form-urlencoded"}},
    ],
    ids=["bad_update_get", "update_post_form", "update_post_direct", "bad_multiple_updates", "insert_as_query", "delete_as_query_get", "drop_as_query_form"],
)
def test_updates_are_refused_and_change_nothing(client, request_kwargs):
    before = count(client)
    answer = client.request(**request_kwargs)
    assert answer.status_code == 403, answer.text
    assert "read-only" in answer.text
    assert count(client) == before


# ----------------------------------------------------------------------- formats and limits


def test_select_in_every_results_format(client):
    query = f"SELECT ?class ?label WHERE {{ ?class a owl:Class ; rdfs:label ?label }} ORDER BY ?class ?label LIMIT 4"
    json_answer = client.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"})
    rows = json_answer.json()["results"]["bindings"]
    assert [r["class"]["value"] for r in rows][:2] == [ACCORD_CLASS, ACCORD_CLASS]
    labels = {(r["label"]["value"], r["label"]["xml:lang"]) for r in rows[:2]}
    assert labels == {("accord", "en"), ("akkoord", "nl")}

    xml_answer = client.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+xml"})
    root = ET.fromstring(xml_answer.content)
    assert len(root.findall(f"{RESULTS_NS}results/{RESULTS_NS}result")) == 4

    csv_answer = client.get("/sparql", params={"query": query}, headers={"accept": "text/csv"})
    table = list(csv.reader(io.StringIO(csv_answer.text)))
    assert table[0] == ["class", "label"] and table[1][0] == ACCORD_CLASS and len(table) == 5

    tsv_answer = client.get("/sparql", params={"query": query}, headers={"accept": "text/tab-separated-values"})
    lines = tsv_answer.text.splitlines()
    assert lines[0] == "?class\t?label"
    assert lines[1].split("\t")[0] == f"<{ACCORD_CLASS}>"
    assert {lines[1].split("\t")[1], lines[2].split("\t")[1]} == {'"accord"@en', '"akkoord"@nl'}


def test_tsv_escapes_tabs_and_newlines(client):
    query = 'SELECT ?x WHERE { BIND("a\\tb\\nc" AS ?x) }'
    answer = client.get("/sparql", params={"query": query}, headers={"accept": "text/tab-separated-values"})
    assert answer.text.splitlines() == ["?x", '"a\\tb\\nc"']


def test_accept_quality_and_wildcards(client):
    query = "SELECT (1 AS ?x) {}"
    answer = client.get("/sparql", params={"query": query}, headers={"accept": "text/csv;q=0.5, application/sparql-results+xml;q=0.9"})
    assert answer.headers["content-type"].startswith("application/sparql-results+xml")
    answer = client.get("/sparql", params={"query": query}, headers={"accept": "text/*"})
    assert answer.headers["content-type"].startswith("text/csv")
    answer = client.get("/sparql", params={"query": query}, headers={"accept": "image/png"})
    assert answer.status_code == 406
    assert "application/sparql-results+json" in answer.text


def test_ask_cannot_be_csv(client):
    answer = client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "text/csv"})
    assert answer.status_code == 406


def test_result_size_limit(client):
    answer = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert answer.status_code == 422
    assert "more than 500 rows" in answer.text
    answer = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert answer.status_code == 422
    assert "more than 500 triples" in answer.text
    answer = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 500"})
    assert answer.status_code == 200 and len(answer.json()["results"]["bindings"]) == 500


def test_service_is_refused(client):
    for query in [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ]:
        answer = client.get("/sparql", params={"query": query})
        assert answer.status_code == 400, query
        assert "SERVICE" in answer.text


def test_our_prefixes_are_predeclared(client):
    answer = client.get("/sparql", params={"query": "ASK { zk:Accord a owl:Class }"})
    assert boolean_of(answer) is True


def test_empty_and_missing_query(client):
    assert client.get("/sparql").status_code == 400
    assert client.get("/sparql", params={"query": "   "}).status_code == 400
    answer = client.get("/sparql", headers={"accept": "text/html"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_too_large_request_body(client):
    body = b"query=" + b"%20" * 1_100_000
    answer = client.post("/sparql", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413
    assert count(client) > 1000


def test_form_body_not_percent_encoded(client):
    answer = client.post("/sparql", content="query=ASK {} é".encode("latin-1"), headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 400


def test_page_and_examples(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "http://" not in page.text and "https://" not in page.text
    assert client.get("/static/yasgui/yasgui.min.js").status_code == 200
    assert json.loads(client.get("/examples.json").text)[0]["name"] == "x"
    assert client.get("/sparql", params={"query": "ASK {}"}).headers["x-content-type-options"] == "nosniff"


# ----------------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("text", "kind", "service"),
    [
        ("PREFIX ex: <http://x#> SELECT * { ?s ex:SERVICE ?o }", "query", False),
        ('SELECT * { ?s ?p "SERVICE" } # SERVICE', "query", False),
        ("SELECT ?service { ?service ?p ?o }", "query", False),
        ("select * { service <http://a> { ?s ?p ?o } }", "query", True),
        ("PREFIX : <a#> INSERT DATA { :a :b :c }", "update", False),
        ("  with <g> delete { ?s ?p ?o } where { ?s ?p ?o }", "update", False),
        ("BASE <http://x/> DESCRIBE <a>", "query", False),
        ("ASK{?s <http://p> ?o FILTER(?o < 3 && ?o > 1)}", "query", False),
        ("PREFIX ex: <http://e/> SELECT * { ?s ex:p\\' ?o . SERVICE <http://a> {} # '\n}", "query", True),
    ],
)
def test_guard_reads_the_parsed_query(text, kind, service):
    shape = guard.inspect(text)
    assert (shape.kind, shape.uses_service) == (kind, service)


def test_guard_refuses_what_its_parser_cannot_read_with_the_position():
    """rdflib's parser does not take a variable glued to an IRI (Oxigraph does): refused, not passed on."""
    from zorgakkoorden.errors import QuerySyntaxError

    with pytest.raises(QuerySyntaxError) as caught:
        guard.inspect("ASK{?s<http://p>?o FILTER(?o < 3 && ?o > 1)}")
    assert (caught.value.line, caught.value.column) == (1, 5)


def test_negotiation_prefers_the_client_then_us():
    assert negotiation.choose("SELECT", None).media_type == "application/sparql-results+json"
    assert negotiation.choose("SELECT", "application/json").media_type == "application/sparql-results+json"
    assert negotiation.choose("CONSTRUCT", "*/*").media_type == "text/turtle"
    assert negotiation.choose("CONSTRUCT", "application/json").media_type == "application/ld+json"
    assert negotiation.choose("DESCRIBE", "text/turtle;q=0, */*;q=0.1").media_type == "application/ld+json"
    assert negotiation.choose("ASK", "text/csv") is None


def test_the_endpoint_uses_the_graphs_own_engine(kg, kg_rdflib, kg_oxigraph):
    from zorgakkoorden.server.engines import OxigraphEngine, RdflibEngine

    assert isinstance(engine_for(kg), OxigraphEngine)  # the memory store's default: Oxigraph on the mirror
    assert isinstance(engine_for(kg_rdflib), RdflibEngine)
    assert isinstance(engine_for(kg_oxigraph), OxigraphEngine)
