"""Helpers of the server tests: free loopback ports, a real `zorgakkoorden serve`, a real `oxigraph serve`."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 90.0) -> None:
    """Poll ``url`` until it answers 200; fail if the process exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
            raise RuntimeError(f"the server exited with {process.returncode} before it was up:\n{out}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    """Stop a server we started: SIGINT, then SIGKILL if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextlib.contextmanager
def serve(*options: str, timeout: float = 90.0) -> Iterator[str]:
    """Run ``zorgakkoorden serve`` on a free loopback port; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "zorgakkoorden", "serve", "--host", LOOPBACK, "--port", str(port), *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://{LOOPBACK}:{port}"
    try:
        wait_until_up(base + "/health", process, timeout)
        yield base
    finally:
        stop(process)


def oxigraph_binary() -> str | None:
    """The `oxigraph` command of the PyPI package ``oxigraph`` (next to this Python first)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.exists():
        return str(beside)
    return shutil.which("oxigraph")


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """Run a real ``oxigraph serve`` on a free loopback port with its data in ``location``.

    Yields:
        The server's base URL (``/query``, ``/update`` and ``/store`` hang below it).
    """
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    command = [binary, "serve", "--location", str(location), "--bind", f"{LOOPBACK}:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "RUST_LOG": "warn"})
    base = f"http://{LOOPBACK}:{port}"
    try:
        wait_until_up(base + "/query?query=ASK%7B%7D", process, 60)
        yield base
    finally:
        stop(process)


def remote_count(base: str, graph: str | None = None) -> int:
    """How many triples a SPARQL server holds in its default graph, or in ``graph``, asked at ``base/query``."""
    where = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    answer = httpx.get(base + "/query", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                       headers={"accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])
