"""Offline by default: a query with SERVICE (a federated query) is refused before any engine
could fetch from the server it names, unless the caller allows it."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import zorgakkoorden
from zorgakkoorden.errors import QueryError, ServiceRefusedError


class Recorder(BaseHTTPRequestHandler):
    """Counts the requests it gets and answers each with an error."""

    hits: list[str] = []

    def _answer(self) -> None:
        Recorder.hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture()
def loopback_server():
    Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_service_is_refused_and_nothing_is_fetched(loopback_server, engine):
    kg = zorgakkoorden.load(include_graph=False, engine=engine)
    with pytest.raises(ServiceRefusedError, match="offline"):
        kg.sparql(f"SELECT * WHERE {{ SERVICE <{loopback_server}> {{ ?s ?p ?o }} }}")
    assert Recorder.hits == []


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_allowing_service_lets_the_engine_fetch(loopback_server, engine):
    # proves that the refusal above is what kept the engine from fetching
    kg = zorgakkoorden.load(include_graph=False, engine=engine)
    with pytest.raises(QueryError):
        kg.sparql(f"SELECT * WHERE {{ SERVICE <{loopback_server}> {{ ?s ?p ?o }} }}", allow_service=True)
    assert Recorder.hits


def test_the_word_service_in_a_string_or_a_name_is_no_federated_query():
    kg = zorgakkoorden.load(include_graph=False)
    rows = kg.sparql('SELECT ?x WHERE { BIND("SERVICE <http://example.org/>" AS ?x) } # SERVICE')
    assert [str(r["x"]) for r in rows.records()] == ["SERVICE <http://example.org/>"]


def test_the_command_refuses_service_with_exit_2(loopback_server):
    done = subprocess.run(
        [sys.executable, "-m", "zorgakkoorden", "sparql", f"SELECT * WHERE {{ SERVICE <{loopback_server}> {{ ?s ?p ?o }} }}"],
        capture_output=True, text=True,
    )
    assert done.returncode == 2
    assert "SERVICE" in done.stderr and "--allow-service" in done.stderr
    assert Recorder.hits == []
