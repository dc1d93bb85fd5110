"""`push --timeout`: a default a person would wait for (60 s), and a clear message when it passes."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest

pytest.importorskip("httpx")


def test_push_timeout_defaults_to_a_minute():
    from zorgakkoorden.cli.main import build_parser

    args = build_parser().parse_args(["push", "--endpoint", "http://127.0.0.1:1/store"])
    assert args.timeout == 60
    help_text = subprocess.run([sys.executable, "-m", "zorgakkoorden", "push", "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "--timeout" in help_text and "default 60" in help_text


def test_push_to_a_server_that_never_answers_stops_at_the_timeout(tmp_path):
    """A loopback server that takes the connection and the body and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    held: list[socket.socket] = []

    def accept() -> None:
        with __import__("contextlib").suppress(OSError):
            connection, _ = listener.accept()
            held.append(connection)
            while connection.recv(65536):
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "zorgakkoorden", "push", "--endpoint", f"http://127.0.0.1:{port}/store", "--timeout", "2"],
            capture_output=True, text=True, timeout=240,
        )
    finally:
        listener.close()
        for connection in held:
            connection.close()
    assert done.returncode == 2, done.stderr
    assert "within 2 s" in done.stderr and "--timeout" in done.stderr
    assert "Traceback" not in done.stderr


def test_push_refuses_a_timeout_that_is_not_positive():
    done = subprocess.run(
        [sys.executable, "-m", "zorgakkoorden", "push", "--endpoint", "http://127.0.0.1:1/store", "--timeout", "0"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2 and "--timeout 0" in done.stderr
