"""A real `zorgakkoorden serve` (uvicorn) on a free loopback port: SPARQLWrapper, the time limit,
hostile requests, and the YASGUI page in Debian's chromium."""

from __future__ import annotations

import socket
import time

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")
httpx = pytest.importorskip("httpx")
SPARQLWrapper = pytest.importorskip("SPARQLWrapper")

from server_helpers import LOOPBACK, serve  # noqa: E402

from zorgakkoorden.namespaces import ZK  # noqa: E402

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# a cross product of the whole graph with itself three times: far beyond any time limit
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PREFIXES = "PREFIX zk: <https://w3id.org/zorgakkoorden/def/>\nPREFIX owl: <http://www.w3.org/2002/07/owl#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def server(request):
    with serve("--store", request.param, "--timeout", "3", "--max-results", "2000", "--workers", "2") as base:
        yield base


def wrapper(base: str, query: str, fmt: str):
    from SPARQLWrapper import SPARQLWrapper as Client

    client = Client(base + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def triple_count(base: str) -> int:
    from SPARQLWrapper import JSON

    result = wrapper(base, COUNT, JSON).queryAndConvert()
    return int(result["results"]["bindings"][0]["n"]["value"])


def test_sparqlwrapper_select_ask_construct(server):
    from rdflib import Graph
    from SPARQLWrapper import CSV, JSON, JSONLD, TURTLE, XML

    query = PREFIXES + "SELECT ?label WHERE { zk:Accord rdfs:label ?label } ORDER BY ?label"
    rows = wrapper(server, query, JSON).queryAndConvert()["results"]["bindings"]
    assert [(r["label"]["value"], r["label"]["xml:lang"]) for r in rows] == [("accord", "en"), ("akkoord", "nl")]

    document = wrapper(server, query, XML).queryAndConvert()
    values = sorted(node.firstChild.data for node in document.getElementsByTagName("literal"))
    assert values == ["accord", "akkoord"]

    table = wrapper(server, query, CSV).queryAndConvert().decode("utf-8").split("\r\n")
    assert table[:3] == ["label", "accord", "akkoord"]

    assert wrapper(server, PREFIXES + "ASK { zk:Accord a owl:Class }", JSON).queryAndConvert()["boolean"] is True
    assert wrapper(server, PREFIXES + "ASK { zk:Accord a zk:Accord }", JSON).queryAndConvert()["boolean"] is False

    construct = PREFIXES + "CONSTRUCT { ?c a owl:Class } WHERE { ?c rdfs:subClassOf zk:PolicyFramework }"
    turtle = wrapper(server, construct, TURTLE).queryAndConvert()
    graph = Graph().parse(data=turtle, format="turtle")
    assert (ZK.Accord, None, None) in graph and (ZK.Programme, None, None) in graph
    jsonld = wrapper(server, construct, JSONLD).queryAndConvert()  # SPARQLWrapper parses it into a graph
    assert set(jsonld.subjects()) == set(graph.subjects())


def test_sparqlwrapper_post(server):
    from SPARQLWrapper import JSON, POST

    client = wrapper(server, PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?c a owl:Class }", JSON)
    client.setMethod(POST)
    assert int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) > 10


def test_update_through_sparqlwrapper_is_refused(server):
    from SPARQLWrapper import POST
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    before = triple_count(server)
    client = wrapper(server, "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }", "json")
    client.setMethod(POST)
    client.setRequestMethod("postdirectly")
    with pytest.raises((SPARQLWrapperException, Exception)) as raised:
        client.query()
    assert "403" in str(raised.value) or "Forbidden" in str(raised.value)
    assert httpx.post(server + "/sparql", data={"update": "CLEAR ALL"}).status_code == 403
    assert triple_count(server) == before


def test_slow_query_is_stopped_by_the_time_limit(server):
    before = triple_count(server)
    started = time.monotonic()
    answer = httpx.get(server + "/sparql", params={"query": SLOW}, timeout=60)
    elapsed = time.monotonic() - started
    assert answer.status_code == 503
    assert "time limit of 3 s" in answer.text
    assert elapsed < 15
    # the worker was replaced: the server answers at once, and the graph is whole
    assert triple_count(server) == before
    health = httpx.get(server + "/health").json()
    assert health["restarts"] >= 1


def raw_request(base: str, data: bytes, read_timeout: float = 10.0) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=read_timeout) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)


def status_of(reply: bytes) -> int | None:
    if not reply.startswith(b"HTTP/1.1 "):
        return None
    return int(reply[9:12])


def test_hostile_requests_get_4xx_and_the_server_stays_up(server):
    before = triple_count(server)
    port = server.rsplit(":", 1)[1]
    host = f"{LOOPBACK}:{port}".encode()
    cases = {
        "garbage request line": b"\x00\x01\x02 NOT HTTP\r\n\r\n",
        "bad header": b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: " + host + b"\r\nBad Header Without Colon\r\n\r\n",
        "huge URL": b"GET /sparql?query=" + b"A" * 200_000 + b" HTTP/1.1\r\nHost: " + host + b"\r\n\r\n",
        "lying content-length": b"POST /sparql HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: application/sparql-query\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\nASK {}",
        "bad percent-encoding": b"GET /sparql?query=ASK%20%7B%7D%FF HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n",
        "wrong content type": b"POST /sparql HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: image/png\r\nContent-Length: 6\r\nConnection: close\r\n\r\nASK {}",
    }
    for name, data in cases.items():
        reply = raw_request(server, data, read_timeout=5)
        status = status_of(reply)
        assert status is None or 400 <= status < 500, f"{name}: {reply[:200]!r}"
    # huge and malformed bodies through a normal client
    assert httpx.post(server + "/sparql", content=b"{" * 3_000_000, headers={"content-type": "application/sparql-query"}, timeout=30).status_code == 413
    assert httpx.post(server + "/sparql", content=b"SELECT * WHERE { ?s ?p ", headers={"content-type": "application/sparql-query"}).status_code == 400
    assert httpx.post(server + "/sparql", content=b"\xff\xfe\x00", headers={"content-type": "application/sparql-query"}).status_code == 400
    nested = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    assert 400 <= httpx.post(server + "/sparql", content=nested.encode(), headers={"content-type": "application/sparql-query"}, timeout=30).status_code < 600
    # still up, graph unchanged
    assert httpx.get(server + "/health").status_code == 200
    assert triple_count(server) == before


@pytest.mark.browser
def test_yasgui_page_answers_from_local_files(server):
    playwright_api = pytest.importorskip("playwright.sync_api")
    import os

    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium is not installed")
    requested: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page()
            page.on("request", lambda req: requested.append(req.url))
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(server + "/", wait_until="load")
            page.wait_for_selector("body[data-examples]", timeout=20_000)
            page.wait_for_function("window.zorgakkoordenYasgui && window.zorgakkoordenYasgui.getTab()", timeout=20_000)
            query = PREFIXES + "SELECT ?label WHERE { zk:Accord rdfs:label ?label } ORDER BY ?label"
            page.evaluate("q => { const tab = window.zorgakkoordenYasgui.getTab(); tab.setQuery(q); tab.query(); }", query)
            page.wait_for_selector(".yasr table.dataTable td", timeout=20_000)
            cells = page.locator(".yasr table.dataTable tbody td").all_inner_texts()
            assert any("akkoord" in cell for cell in cells), cells
            assert any("accord" in cell for cell in cells), cells
            examples = page.locator("#examples option").count()
            assert examples >= 1
            assert errors == []
        finally:
            browser.close()
    assert requested, "the page made no requests"
    outside = [url for url in requested if not url.startswith(server) and not url.startswith("data:")]
    assert outside == [], outside


def test_serve_refuses_bad_options_clearly(tmp_path):
    import subprocess
    import sys

    def run(*options: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "zorgakkoorden", "serve", *options], capture_output=True, text=True, timeout=60)

    done = run("--site", str(tmp_path / "missing"))
    assert done.returncode == 2 and "--site" in done.stderr
    done = run("--timeout", "0")
    assert done.returncode == 2 and "--timeout" in done.stderr
    with socket.socket() as busy:
        busy.bind((LOOPBACK, 0))
        busy.listen()
        done = run("--port", str(busy.getsockname()[1]))
    assert done.returncode == 2 and "cannot listen" in done.stderr
