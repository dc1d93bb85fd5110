"""Regression tests for defects found by attacking the merged endpoint and store layer (redteam pass).

Each test failed on the merged code before its fix.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

import zorgakkoorden

MINE = """@prefix zk: <https://w3id.org/zorgakkoorden/def/> .
@prefix zid: <https://w3id.org/zorgakkoorden/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
zid:redteam-{n} a zk:Accord ; skos:prefLabel "redteam {n}"@nl .
"""

# --------------------------------------------------------------------------- cache pruning


def test_pruning_the_cache_never_removes_a_store_this_process_has_open(tmp_path, monkeypatch):
    """POSIX record locks belong to the process: re-locking its own lock file succeeds, and
    closing any descriptor of that file drops the process's hold. Pruning must therefore skip
    the stores this very process has open (it removed them, and let go of their lock)."""
    pytest.importorskip("pyoxigraph")
    from zorgakkoorden.store.cache import prune_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    kgs = []
    for n in range(2):
        mine = tmp_path / f"mine{n}.ttl"
        mine.write_text(MINE.format(n=n), encoding="utf-8")
        kgs.append(zorgakkoorden.load(extra=[mine], store="cache", include_graph=False))
    first, second = (kg.backend.location for kg in kgs)
    assert first != second and first.is_dir()
    removed = prune_cache(keep=second, count=0)  # every store but `second` is past the count
    assert first not in removed and first.is_dir(), "the store this process reads was removed"
    rows = kgs[0].sparql("SELECT ?l WHERE { ?a skos:prefLabel ?l }").records()
    assert [str(r["l"]) for r in rows] == ["redteam 0"]
    # and this process still holds its lock: another process cannot take the folder alone
    probe = textwrap.dedent(
        f"""
        import fcntl, os
        fd = os.open({str(first.parent / f'.{first.name}.lock')!r}, os.O_RDWR)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            print("taken")
        except OSError:
            print("held")
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "held", done.stderr


# --------------------------------------------------------------------------- one client stalling the workers

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the process pool needs fork")
def test_slow_queries_with_ever_new_texts_cannot_take_the_workers_kept_for_short_ones(kg):
    """The pool knows a long query by its text; a client that adds a new comment to each slow
    query is never known. It used to take every worker, the reserved ones included, until the
    time limit, and a short query waited for all that time."""
    import asyncio
    import time

    from zorgakkoorden.server.engines import engine_for
    from zorgakkoorden.server.workers import Limits, ProcessPool

    pool = ProcessPool(engine_for(kg), 2, Limits(timeout=20, queue_timeout=20, short_time=0.5, reserved=1))

    async def scenario():
        slow = [asyncio.ensure_future(pool.run(f"{SLOW} # attempt {n}", None)) for n in range(3)]
        await asyncio.sleep(1.5)  # every slow one has run past the short time, or waits
        started = time.monotonic()
        short = await pool.run("ASK { ?s ?p ?o }", None)
        waited = time.monotonic() - started
        for task in slow:
            task.cancel()
        await asyncio.gather(*slow, return_exceptions=True)
        return short, waited

    pool.start()
    try:
        short, waited = asyncio.run(scenario())
    finally:
        pool.close()
    assert short.status == 200, short.body
    assert waited < 5, f"a short query waited {waited:.1f} s behind slow queries of one client"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the process pool needs fork")
def test_a_query_known_to_run_short_goes_before_a_crowd_of_new_slow_texts(kg):
    """Twenty slow queries with ever new texts wait for the workers; a text that ran short
    before goes first when a worker comes free, instead of waiting behind them all."""
    import asyncio
    import time

    from zorgakkoorden.server.engines import engine_for
    from zorgakkoorden.server.workers import Limits, ProcessPool

    pool = ProcessPool(engine_for(kg), 2, Limits(timeout=20, queue_timeout=20, short_time=0.5, reserved=1))

    async def scenario():
        assert (await pool.run("ASK { ?s ?p ?o }", None)).status == 200  # known to run short from now on
        slow = [asyncio.ensure_future(pool.run(f"{SLOW} # crowd {n}", None)) for n in range(20)]
        await asyncio.sleep(1.5)
        started = time.monotonic()
        short = await pool.run("ASK { ?s ?p ?o }", None)
        waited = time.monotonic() - started
        for task in slow:
            task.cancel()
        await asyncio.gather(*slow, return_exceptions=True)
        return short, waited

    pool.start()
    try:
        short, waited = asyncio.run(scenario())
    finally:
        pool.close()
    assert short.status == 200, short.body
    assert waited < 3, f"a short query waited {waited:.1f} s behind a crowd of slow ones"


# --------------------------------------------------------------------------- damage len() does not read


def test_damage_inside_any_table_of_the_store_is_found_at_open_and_rebuilt(tmp_path, capsys):
    """The store's count (``len``) reads one of RocksDB's indexes; a block zeroed in a table
    of another index passed the check at open, and the first query that read it ended in a
    traceback, again on every run. Every table is checked against the manifest now."""
    pytest.importorskip("pyoxigraph")
    from zorgakkoorden.store.persistent import close_folder

    folder, mine = tmp_path / "store", tmp_path / "mine.ttl"
    mine.write_text(MINE.format(n=1), encoding="utf-8")

    def load():
        return zorgakkoorden.load(extra=[mine], store=f"oxigraph:{folder}", include_graph=False)

    def answers(kg):
        types = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }").records()[0]["n"]
        named = kg.sparql("SELECT ?l WHERE { ?a skos:prefLabel ?l FILTER(STRSTARTS(?l, 'redteam')) }").records()
        return int(types), [str(r["l"]) for r in named]

    kg = load()
    expected = answers(kg)
    tables = len(list(folder.glob("*.sst")))
    assert tables >= 2
    kg.close()
    for index in range(tables):
        table = sorted(folder.glob("*.sst"))[index]
        data = bytearray(table.read_bytes())
        middle = len(data) // 2
        data[middle : middle + 512] = bytes(min(512, len(data) - middle))
        table.write_bytes(bytes(data))
        capsys.readouterr()
        kg = load()
        assert answers(kg) == expected, f"table {index} damaged: the answers changed"
        said = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
        assert len(said) == 1 and "damaged" in said[0] and str(folder) in said[0], (index, said)
        kg.close()
    close_folder(folder)


# --------------------------------------------------------------------------- the query page shows IRIs as text

HOSTILE_DATA = """@prefix ex: <http://example.org/> .
<http://example.org/a'id='injected-iri'style='--injected:1> ex:p "x"^^<http://example.org/t'id='injected-datatype> .
"""


def test_the_query_page_shows_an_iri_with_a_quote_as_text(tmp_path):
    """YASR writes a result IRI into ``href='...'`` unescaped (then DOMPurify keeps harmless
    attributes): an IRI holding ``'`` (valid in an IRI) added ``id``/``style`` attributes to
    the page. The page now hands YASR the IRI escaped; it shows as written, as text."""
    pytest.importorskip("uvicorn")
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium is not installed")
    from server_helpers import serve

    hostile = tmp_path / "hostile.ttl"
    hostile.write_text(HOSTILE_DATA, encoding="utf-8")
    query = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }"
    with serve("--store", "memory", "--data", str(hostile), "--workers", "2") as base:
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page()
                page.goto(base + "/", wait_until="load")
                page.wait_for_function("window.zorgakkoordenYasgui && window.zorgakkoordenYasgui.getTab()", timeout=30_000)
                page.evaluate("q => { const tab = window.zorgakkoordenYasgui.getTab(); tab.setQuery(q); tab.query(); }", query)
                page.wait_for_selector(".yasr table.dataTable tbody td a.iri", timeout=30_000)
                injected = page.evaluate("() => Array.from(document.querySelectorAll('[id^=injected], [style*=injected]')).map(e => e.outerHTML)")
                links = page.evaluate("() => Array.from(document.querySelectorAll('.yasr a.iri')).map(a => a.getAttribute('href'))")
                text = page.locator(".yasr table.dataTable tbody").inner_text()
                # literals, and the endpoint's error messages, are text too (these held before)
                for attempt in (
                    'SELECT ?x WHERE { BIND("<b id=injected-literal>x</b><img src=x id=injected-img>" AS ?x) }',
                    "SELECT <b id=injected-error> WHERE { ?s ?p ?o }",
                    'INSERT DATA { <http://example.org/a> <http://example.org/b> "<b id=injected-update>" }',
                ):
                    page.evaluate("q => { const tab = window.zorgakkoordenYasgui.getTab(); tab.setQuery(q); tab.query(); }", attempt)
                    page.wait_for_timeout(1500)
                    assert page.evaluate("() => document.querySelectorAll('[id^=injected]').length") == 0, attempt
                # the escaping leaves our prefixes working: a graph IRI still shows as zid:...
                accords = "SELECT ?a WHERE { ?a a zk:Accord } ORDER BY ?a LIMIT 1"
                page.evaluate("q => { const tab = window.zorgakkoordenYasgui.getTab(); tab.setQuery(q); tab.query(); }", accords)
                page.wait_for_selector(".yasr tbody a.iri >> text=/^zid:/", timeout=30_000)
            finally:
                browser.close()
    assert injected == []
    assert "http://example.org/a'id='injected-iri'style='--injected:1" in links
    assert "http://example.org/t'id='injected-datatype" in links
    assert "a'id='injected-iri'" in text


# --------------------------------------------------------------------------- long queries and the parser


def test_a_query_with_hundreds_of_triple_patterns_is_read_and_answered(kg):
    """rdflib's parser recurses once per pattern of a group; past about 95 patterns it hit
    Python's recursion limit, and the guard, which must read every query, refused the query
    as 'line 1, column 1: Expected end of text', even where Oxigraph answers it."""
    from zorgakkoorden.query import guard

    text = "SELECT ?a WHERE { ?a a zk:Accord . " + " ".join(f"?a skos:prefLabel ?l{i} ." for i in range(150)) + " } LIMIT 1"
    assert guard.inspect(text).kind == "query"
    rows = kg.sparql(text).records()
    assert len(rows) == 1


def test_a_query_too_long_for_the_parser_says_so():
    from zorgakkoorden.errors import QuerySyntaxError
    from zorgakkoorden.query import guard

    text = "SELECT * WHERE { " + "?s ?p ?o . " * 20_000 + " }"
    with pytest.raises(QuerySyntaxError) as caught:
        guard.inspect(text)
    assert "Expected end of text" not in str(caught.value)
    assert "too deeply" in str(caught.value) or "too many" in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the process pool needs fork")
def test_the_pool_does_not_keep_the_texts_of_long_queries(kg):
    """The pool remembers which texts ran long (up to 1024 of them) to keep them out of the
    workers kept for short queries. It kept the texts themselves: 1024 slow queries of 1 MB
    (the request limit) each would hold a gigabyte in the server process, which has no
    memory limit. It keeps a digest of each now."""
    import asyncio
    import gc
    import tracemalloc

    from zorgakkoorden.server.engines import engine_for
    from zorgakkoorden.server.workers import Limits, ProcessPool

    pool = ProcessPool(engine_for(kg), 2, Limits(timeout=20, queue_timeout=20, short_time=0.1, reserved=1))

    def text(n: int) -> str:
        return f"{SLOW} # {n} " + "x" * 500_000

    async def abandon_each():
        for n in range(12):
            task = asyncio.ensure_future(pool.run(text(n), None))
            await asyncio.sleep(0.3)  # past the short time: known as long from now on
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    pool.start()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        asyncio.run(abandon_each())
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        pool.close()
    assert all(pool.known_long(text(n)) for n in range(12))
    assert kept < 1_000_000, f"the pool kept {kept} bytes after 6 MB of abandoned query texts"


# --------------------------------------------------------------------------- a flood of large requests


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the process pool needs fork")
def test_a_flood_of_large_waiting_queries_is_refused_past_the_held_text_budget(kg):
    """Every request that waits for a worker holds its query (up to 1 MB) in the server
    process, which has no memory limit: 400 such connections took it from 64 MB to 485 MB,
    with no bound. Past a budget of query text held by all requests together (64 MB by
    default) a request now gets 503 before more of its body is read; small queries go on."""
    pytest.importorskip("uvicorn")
    import asyncio
    import threading
    import time

    import httpx
    import uvicorn

    from server_helpers import free_port
    from zorgakkoorden.server.app import create_app
    from zorgakkoorden.server.engines import engine_for
    from zorgakkoorden.server.workers import Limits, ProcessPool

    pool = ProcessPool(engine_for(kg), 2, Limits(timeout=10, queue_timeout=10, reserved=1))
    pool.start()
    app = create_app(pool, max_held_bytes=2_000_000)  # two large queries of 1 MB fill it exactly
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()

    async def flood(count: int) -> list[bytes]:
        async def one(n: int) -> bytes:
            body = f"{SLOW} # {n} ".encode()
            body += b"x" * (1_000_000 - len(body))
            head = (
                f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                writer.write(head + body)
                await writer.drain()
                return await asyncio.wait_for(reader.readline(), 3)
            except (asyncio.TimeoutError, ConnectionError):
                return b"waiting"
            finally:
                writer.close()

        return await asyncio.gather(*(one(n) for n in range(count)))

    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}/sparql"
        assert httpx.get(base, params={"query": "ASK {}"}, timeout=30).status_code == 200  # known to run short

        async def flood_and_ask():
            flooding = asyncio.ensure_future(flood(8))
            await asyncio.sleep(1)  # the large ones hold their budget now, waiting or running
            async with httpx.AsyncClient(timeout=30) as client:
                small = await client.post(base, content=b"ASK {}", headers={"content-type": "application/sparql-query"})
            return await flooding, small

        answers, small = asyncio.run(flood_and_ask())
        refused = [line for line in answers if line.startswith(b"HTTP/1.1 503")]
        assert len(refused) >= 6, answers  # at most 2 of 1 MB fit in 2 MB
        assert small.status_code == 200, small.text  # small queries have a budget of their own
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        pool.close()


# --------------------------------------------------------------------------- kg.graph.query


GRAPH_QUERY_PROBE = textwrap.dedent(
    """
    import sys
    import zorgakkoorden
    from zorgakkoorden.errors import ServiceRefusedError

    url, store, engine = sys.argv[1], sys.argv[2], sys.argv[3]
    kg = zorgakkoorden.load(store=store, engine=engine, include_graph=False)
    try:
        list(kg.graph.query("SELECT * WHERE { SERVICE <" + url + "> { ?s ?p ?o } }"))
        print("ran")
    except ServiceRefusedError:
        print("refused")
    except Exception as exc:
        print("failed", type(exc).__name__)
    """
)


@pytest.mark.parametrize("store, engine", [("memory", "rdflib"), ("memory", "auto"), ("oxigraph", "auto")])
def test_the_rdflib_view_of_a_loaded_graph_refuses_service_too(tmp_path, store, engine):
    """``kg.graph`` is an rdflib graph; its ``query`` reached the network: on the memory store
    because rdflib's SERVICE refusal was installed only once something had imported the
    guard, on the Oxigraph stores because oxrdflib hands the text to Oxigraph (no rdflib
    evaluator, no guard). Checked in a fresh process, where nothing imported the guard."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    if store == "oxigraph":
        pytest.importorskip("oxrdflib")
    hits: list[str] = []

    class Recorder(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST = _answer

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
        done = subprocess.run(
            [sys.executable, "-c", GRAPH_QUERY_PROBE, f"http://127.0.0.1:{server.server_address[1]}/sparql", store, engine],
            capture_output=True, text=True, timeout=300, env=env,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert hits == [], hits
    assert done.stdout.strip() == "refused", done.stdout + done.stderr[-2000:]


# --------------------------------------------------------------------------- push and a hostile server


def test_push_shows_what_a_refusing_server_said_as_text_without_terminal_controls(tmp_path, kg):
    """push quotes the server's refusal (up to 500 characters) to the user's terminal; a
    hostile server could put terminal control sequences in it (retitle the window, clear the
    screen, write the clipboard). They are shown escaped now."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from zorgakkoorden.errors import EndpointError
    from zorgakkoorden.server.push import push

    class Refuser(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = "nee\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07 einde".encode()
            self.send_response(400)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refuser)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(EndpointError) as caught:
            push(kg, f"http://127.0.0.1:{server.server_address[1]}/store", timeout=30)
    finally:
        server.shutdown()
        server.server_close()
    message = str(caught.value)
    assert "nee" in message and "einde" in message
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in message), repr(message)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the process pool needs fork")
def test_a_trickled_body_cannot_hold_the_budget_of_query_text(kg):
    """The budget of query text (above) counts a body as it arrives; a client trickling its
    bodies in byte by byte could hold the whole budget and have every other request refused.
    A body must now arrive within a time (10 s by default), else 408 and its share is freed."""
    pytest.importorskip("uvicorn")
    import asyncio
    import threading
    import time

    import httpx
    import uvicorn

    from server_helpers import free_port
    from zorgakkoorden.server.app import create_app
    from zorgakkoorden.server.engines import engine_for
    from zorgakkoorden.server.workers import Limits, ProcessPool

    pool = ProcessPool(engine_for(kg), 2, Limits(timeout=10, queue_timeout=10, reserved=1))
    pool.start()
    app = create_app(pool, max_held_bytes=1_000_000, body_seconds=1.5)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()

    async def trickle() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        head = (
            f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
            "Content-Length: 999000\r\n\r\n"
        ).encode()
        writer.write(head + b"ASK {} #" + b"x" * 990_000)  # all but the last thousand bytes: never completes
        await writer.drain()
        try:
            return await asyncio.wait_for(reader.readline(), 10)
        finally:
            writer.close()

    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.monotonic()
        status = asyncio.run(trickle())
        assert status.startswith(b"HTTP/1.1 408"), status
        assert time.monotonic() - started < 8
        posted = httpx.post(
            f"http://127.0.0.1:{port}/sparql", content=b"ASK {}", headers={"content-type": "application/sparql-query"}, timeout=30
        )
        assert posted.status_code == 200, posted.text  # the trickled body's share was freed
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        pool.close()
