"""SERVICE never reaches the network: a corpus of bypass attempts, on every engine and entry point.

A recording HTTP server on the loopback address stands where each query's SERVICE points;
any request it gets fails the test. Each attempt runs through the endpoint (the real pool
of forked workers), the ``sparql`` command (in-process, on the session's graph) and
``kg.sparql``, on the memory store with Oxigraph and with rdflib, and on the Oxigraph store.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from zorgakkoorden.errors import QueryError, ZorgakkoordenError

MARKER = "remote-secret-7f3a"

# {url}: the recorder's address; {host}: 127.0.0.1:PORT
CORPUS: dict[str, str] = {
    "plain": "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "lower-case": "select * where { service <{url}> { ?s ?p ?o } }",
    "mixed-case": "SeLeCt * WhErE { SeRvIcE <{url}> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "silent-lower": "select * { service silent <{url}> { ?s ?p ?o } }",
    "escaped-quote-in-prefixed-name": "PREFIX ex: <http://example.org/> SELECT * WHERE { BIND(ex:p\\' AS ?x) SERVICE <{url}> { ?a ?b ?c } # '\n}",
    "escaped-quote-in-pattern": "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:p\\' ?o . SERVICE <{url}> { ?a ?b ?c } # '\n}",
    "escaped-hash-in-prefixed-name": "PREFIX ex: <http://example.org/> SELECT * WHERE { BIND(ex:a\\#b AS ?x)\nSERVICE <{url}> { ?a ?b ?c } }",
    "escaped-hash-same-line": "PREFIX ex: <http://example.org/> SELECT * WHERE { BIND(ex:a\\#b AS ?x) SERVICE <{url}> { ?a ?b ?c } }",
    "percent-in-prefixed-name": "PREFIX ex: <http://example.org/> SELECT * WHERE { BIND(ex:a%23b AS ?x) SERVICE <{url}> { ?a ?b ?c } }",
    "quote-in-iri": "SELECT * WHERE { BIND(<http://example.org/a'b> AS ?x) SERVICE <{url}> { ?a ?b ?c } # '\n}",
    "escaped-quote-in-string": 'SELECT * WHERE { BIND("a\\"b" AS ?x) SERVICE <{url}> { ?a ?b ?c } }',
    "long-string-with-quotes": "SELECT * WHERE { BIND('''it's \"quoted\"\n''' AS ?x) SERVICE <{url}> { ?a ?b ?c } }",
    "comment-before": "SELECT * WHERE { # a comment with \" and ' and <\nSERVICE <{url}> { ?a ?b ?c } }",
    "comment-between": "SELECT * WHERE { SERVICE # hidden?\n <{url}> { ?a ?b ?c } }",
    "newlines-and-tabs": "SELECT * WHERE {\n\tSERVICE\n\t\t<{url}>\n{ ?a ?b ?c } }",
    "u-escape-keyword": "SELECT * WHERE { \\u0053ERVICE <{url}> { ?a ?b ?c } }",
    "U-escape-keyword": "SELECT * WHERE { \\U00000053ERVICE <{url}> { ?a ?b ?c } }",
    "u-escape-in-iri": "SELECT * WHERE { SERVICE <\\u0068ttp://{host}/sparql> { ?a ?b ?c } }",
    "u-escape-quote-mismatch": 'SELECT * WHERE { ?x ?y "\\u0022 , \'" . SERVICE <{url}> { ?a ?b ?c } . ?z ?w "\' , \\u0022" }',
    "u-escape-newline-ends-comment": "SELECT * WHERE { # \\u000A SERVICE <{url}> { ?a ?b ?c }\n}",
    "nested-groups": "SELECT * WHERE { { { { SERVICE <{url}> { ?a ?b ?c } } } } }",
    "optional": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{url}> { ?s ?b ?c } } } LIMIT 1",
    "minus": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{url}> { ?s ?b ?c } } } LIMIT 1",
    "union": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{url}> { ?s ?b ?c } } } LIMIT 1",
    "filter-exists": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?a ?b ?c } } } LIMIT 1",
    "filter-not-exists": "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { SERVICE SILENT <{url}> { ?a ?b ?c } } } LIMIT 1",
    "exists-in-bind": "SELECT * WHERE { BIND(EXISTS { SERVICE <{url}> { ?a ?b ?c } } AS ?x) }",
    "sub-select": "SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}> { ?a ?b ?c } } } }",
    "sub-select-in-exists": "ASK { FILTER NOT EXISTS { { SELECT ?a WHERE { SERVICE <{url}> { ?a ?b ?c } } } } }",
    "graph": "SELECT * WHERE { GRAPH ?g { SERVICE <{url}> { ?a ?b ?c } } }",
    "variable-from-values": "SELECT * WHERE { VALUES ?svc { <{url}> } SERVICE ?svc { ?a ?b ?c } }",
    "variable-from-bind": "SELECT * WHERE { BIND(<{url}> AS ?svc) SERVICE ?svc { ?a ?b ?c } }",
    "dollar-variable-built": 'SELECT * WHERE { BIND(IRI(CONCAT("http://", "{host}", "/sparql")) AS $svc) SERVICE SILENT $svc { ?a ?b ?c } }',
    "prefixed-service-iri": "PREFIX r: <http://{host}/> SELECT * WHERE { SERVICE r:sparql { ?a ?b ?c } }",
    "relative-to-base": "BASE <{url}> SELECT * WHERE { SERVICE <> { ?a ?b ?c } }",
    "nested-service": "SELECT * WHERE { SERVICE <{url}> { SERVICE <{url}> { ?a ?b ?c } } }",
    "ask": "ASK { SERVICE <{url}> { ?a ?b ?c } }",
    "construct": "CONSTRUCT { ?a ?b ?c } WHERE { SERVICE <{url}> { ?a ?b ?c } }",
    "describe": "DESCRIBE ?a WHERE { SERVICE <{url}> { ?a ?b ?c } }",
    "long-comments-first": "#" + "x" * 60_000 + "\nSELECT * WHERE { SERVICE <{url}> { ?a ?b ?c } }",
    "long-many-patterns": "SELECT * WHERE { " + " ".join(f"OPTIONAL {{ ?s{i} ?p ?o }}" for i in range(300)) + " SERVICE <{url}> { ?a ?b ?c } }",
    "update-with-service": "INSERT { ?a ?b ?c } WHERE { SERVICE <{url}> { ?a ?b ?c } }",
    "update-load": "LOAD <{url}>",
    "from": "SELECT * FROM <{url}> WHERE { ?s ?p ?o } LIMIT 1",
    "from-named": "SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
}


class Recorder(BaseHTTPRequestHandler):
    """Records every request and answers with a marker an answer must never echo."""

    hits: list[str] = []

    def _answer(self) -> None:
        Recorder.hits.append(f"{self.command} {self.path}")
        body = MARKER.encode()
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def recorder():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def corpus_texts(host: str) -> dict[str, str]:
    url = f"http://{host}/sparql"
    return {name: text.replace("{url}", url).replace("{host}", host) for name, text in CORPUS.items()}


def test_the_corpus_has_thirty_attempts_and_each_uses_service_or_a_fetch():
    assert len(CORPUS) >= 30
    assert all("SERVICE" in text.upper() or "\\U" in text.upper() or "FROM" in text or "LOAD" in text for text in CORPUS.values())


GRAPHS = {"memory-oxigraph": "kg", "memory-rdflib": "kg_rdflib", "oxigraph-store": "kg_oxigraph"}


@pytest.fixture(scope="module", params=list(GRAPHS))
def graph(request):
    return request.getfixturevalue(GRAPHS[request.param])


def test_kg_sparql_never_reaches_the_network(graph, recorder):
    Recorder.hits = []
    for name, text in corpus_texts(recorder).items():
        try:
            graph.sparql(text)
        except ZorgakkoordenError as exc:
            assert MARKER not in str(exc), name
        assert Recorder.hits == [], f"{name}: {Recorder.hits}"


def test_sparql_command_never_reaches_the_network(graph, recorder, monkeypatch, capsys):
    from zorgakkoorden import loader
    from zorgakkoorden.cli.main import main

    monkeypatch.setattr(loader, "load", lambda **kwargs: graph)  # the session's graph: no reload per query
    Recorder.hits = []
    for name, text in corpus_texts(recorder).items():
        code = main(["sparql", text])
        captured = capsys.readouterr()
        assert code in (0, 2), name
        assert MARKER not in captured.out + captured.err, name
        assert "Traceback" not in captured.err, name
        assert Recorder.hits == [], f"{name}: {Recorder.hits}"


def test_endpoint_never_reaches_the_network(graph, recorder):
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from zorgakkoorden.server.app import create_app
    from zorgakkoorden.server.engines import engine_for
    from zorgakkoorden.server.workers import Limits, make_pool

    pool = make_pool(engine_for(graph), size=2, limits=Limits(timeout=20, max_results=1000, queue_timeout=20))
    Recorder.hits = []
    with TestClient(create_app(pool), base_url="http://127.0.0.1") as client:
        for name, text in corpus_texts(recorder).items():
            answer = client.post("/sparql", content=text.encode(), headers={"content-type": "application/sparql-query"})
            assert answer.status_code in (200, 400, 403), f"{name}: {answer.status_code} {answer.text}"
            assert MARKER not in answer.text, name
            assert Recorder.hits == [], f"{name}: {Recorder.hits}"
        for name in ("from", "from-named"):  # the protocol's own dataset parameters
            param = "default-graph-uri" if name == "from" else "named-graph-uri"
            answer = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", param: f"http://{recorder}/g"})
            assert answer.status_code == 200 and answer.json()["boolean"] is False
        assert Recorder.hits == []


@pytest.mark.parametrize("name", ["escaped-quote-in-prefixed-name", "u-escape-keyword", "silent", "variable-from-bind", "sub-select-in-exists"])
def test_service_attempts_are_refused_with_a_message(kg, recorder, name):
    from zorgakkoorden.errors import ServiceRefusedError

    with pytest.raises(ServiceRefusedError, match="SERVICE"):
        kg.sparql(corpus_texts(recorder)[name])


def test_allow_service_still_lets_rdflib_fetch(kg_rdflib, recorder):
    """The engine-level hook refuses SERVICE only where it was not allowed."""
    Recorder.hits = []
    with pytest.raises(QueryError):
        kg_rdflib.sparql(corpus_texts(recorder)["plain"], allow_service=True)
    assert Recorder.hits, "allow_service=True should reach the named server"
    Recorder.hits = []


def test_rdflib_refuses_service_even_past_the_parser(kg_rdflib, recorder):
    """Defence in depth: rdflib's evaluator itself refuses SERVICE outside guard.service_allowed."""
    from zorgakkoorden.errors import ServiceRefusedError

    Recorder.hits = []
    with pytest.raises(ServiceRefusedError):
        list(kg_rdflib.graph.query(corpus_texts(recorder)["plain"]))
    assert Recorder.hits == []


def test_a_process_that_forbids_the_network_cannot_connect(recorder):
    """The endpoint's workers over a local store call this: no Python socket reaches another host."""
    import subprocess
    import sys

    host, port = recorder.split(":")
    code = (
        "import socket, urllib.request\n"
        "from zorgakkoorden.query import guard\n"
        "guard.forbid_network_in_this_process()\n"
        "for attempt in (lambda: socket.create_connection((%r, %s), timeout=5), lambda: urllib.request.urlopen('http://%s:%s/')):\n"
        "    try:\n"
        "        attempt()\n"
        "    except Exception as exc:\n"
        "        print(type(exc).__name__)\n"
    ) % (host, port, host, port)
    Recorder.hits = []
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["ServiceRefusedError", "ServiceRefusedError"], done.stderr
    assert Recorder.hits == []
