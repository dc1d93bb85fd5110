"""The endpoint's workers: abandoned queries are stopped, one query cannot take all the memory,
and no worker outlives `serve` or holds its listening socket (issue 11, defects 4, 5, 6).

Behaviour is asserted (a query cancelled, a worker replaced, a process gone), never speed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")
httpx = pytest.importorskip("httpx")

from server_helpers import LOOPBACK, free_port, stop, wait_until_up  # noqa: E402

# a cross product of the whole graph with itself three times: far beyond any time limit
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# a 32-character string doubled 27 times: 4 GiB
DOUBLING = (
    'SELECT (STRLEN(?s27) AS ?n) WHERE { BIND("abcdefghijklmnopqrstuvwxyz012345" AS ?s0) '
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(27))
    + " }"
)


@contextlib.contextmanager
def serving(*options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """A real `zorgakkoorden serve` on a free loopback port: (base URL, its process)."""
    port = free_port()
    command = [sys.executable, "-m", "zorgakkoorden", "serve", "--host", LOOPBACK, "--port", str(port), *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://{LOOPBACK}:{port}"
    try:
        wait_until_up(base + "/health", process)
        yield base, process
    finally:
        stop(process)


def children(pid: int) -> set[int]:
    """The pids of the live processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(name))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def sockets_of(pid: int) -> int:
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                count += 1
    return count


def health(base: str) -> dict:
    return httpx.get(base + "/health", timeout=10).json()


def wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


# ----------------------------------------------------------------------- defect 4: abandoned queries


@pytest.mark.slow
def test_abandoned_queries_are_cancelled_and_free_their_workers():
    """Six clients hang up on slow queries (two running, four queued): all six are stopped, and
    ASK {} is answered long before the slow queries' own time limit could free a worker."""
    with serving("--store", "memory", "--workers", "2", "--timeout", "120") as (base, process):
        for _ in range(6):
            with contextlib.suppress(httpx.TimeoutException):
                httpx.get(base + "/sparql", params={"query": SLOW}, timeout=1)
        assert wait_for(lambda: health(base)["cancelled"] >= 6), health(base)
        assert health(base)["restarts"] >= 2  # the workers running abandoned queries were killed
        answer = httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=60)
        assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_known_long_queries_leave_a_worker_for_short_ones(kg):
    """A text that ran past the short time is long; long queries never take the reserved worker."""
    from zorgakkoorden.server.engines import engine_for
    from zorgakkoorden.server.workers import Limits, ProcessPool

    pool = ProcessPool(engine_for(kg), 2, Limits(timeout=120, queue_timeout=120, short_time=0.2, reserved=1))
    pool.start()

    async def scenario() -> None:
        first = asyncio.ensure_future(pool.run(SLOW, None))
        while not pool.known_long(SLOW):  # promoted to long once past the short time
            await asyncio.sleep(0.05)
        second = asyncio.ensure_future(pool.run(SLOW, None))  # long: must wait, the other worker is reserved
        answer = await pool.run("ASK {}", None)  # not known long: takes the reserved worker at once
        assert answer.status == 200
        assert not first.done() and not second.done()
        assert pool._long_running == 1  # only one long query runs; the second waits in the queue
        for task in (first, second):
            task.cancel()
        for task in (first, second):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        assert pool.cancelled == 2

    try:
        asyncio.run(scenario())
    finally:
        pool.close()


# ----------------------------------------------------------------------- defect 5: memory limit


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_query_past_the_memory_limit_gets_507_and_its_worker_is_replaced(engine):
    with serving("--store", "memory", "--engine", engine, "--workers", "2", "--timeout", "60", "--max-memory", "300") as (base, process):
        before = health(base)["restarts"]
        answer = httpx.post(base + "/sparql", content=DOUBLING.encode(), headers={"content-type": "application/sparql-query"}, timeout=120)
        assert answer.status_code == 507, answer.text
        assert "memory" in answer.text and "300 MB" in answer.text
        assert health(base)["restarts"] == before + 1
        assert httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=60).json()["boolean"] is True


def test_max_memory_is_checked():
    done = subprocess.run(
        [sys.executable, "-m", "zorgakkoorden", "serve", "--max-memory", "-5"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "--max-memory" in done.stderr and "Traceback" not in done.stderr


# ----------------------------------------------------------------------- defect 6: workers and their parent


@pytest.mark.slow
def test_workers_die_with_serve_and_do_not_hold_the_port():
    port = free_port()
    command = [sys.executable, "-m", "zorgakkoorden", "serve", "--host", LOOPBACK, "--port", str(port), "--workers", "2", "--timeout", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://{LOOPBACK}:{port}"
    try:
        wait_until_up(base + "/health", process)
        # a query past the time limit: its worker is killed and a new one forked by the running server
        assert httpx.get(base + "/sparql", params={"query": SLOW}, timeout=60).status_code == 503
        workers = children(process.pid)
        assert len(workers) == 2
        for pid in workers:
            assert sockets_of(pid) == 1, f"worker {pid} holds a socket besides its own pipe"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        assert wait_for(lambda: not any(alive(pid) for pid in workers), 10), [pid for pid in workers if alive(pid)]
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((LOOPBACK, port))  # nothing holds the port any more
    finally:
        stop(process)


@pytest.mark.slow
def test_the_first_request_after_idle_workers_died_is_answered():
    with serving("--store", "memory", "--workers", "2") as (base, process):
        workers = children(process.pid)
        assert len(workers) == 2
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        assert wait_for(lambda: not any(alive(pid) for pid in workers), 10)
        answer = httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=60)
        assert answer.status_code == 200, answer.text
        assert answer.json()["boolean"] is True
        assert health(base)["restarts"] >= 2
