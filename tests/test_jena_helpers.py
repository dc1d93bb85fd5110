"""The Java processes the Jena tests start (Fuseki, ARQ) die with the process that started them,
even when it is killed with no chance to clean up (Linux: PR_SET_PDEATHSIG)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from jena_helpers import java_missing

TESTS = Path(__file__).resolve().parent

pytestmark = [
    pytest.mark.skipif(java_missing() is not None, reason=java_missing() or ""),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's"),
]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead too: it only waits for its parent to read its status
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


def test_a_java_child_dies_when_its_parent_is_killed(tmp_path):
    sleeper = tmp_path / "Sleep.java"
    sleeper.write_text("public class Sleep { public static void main(String[] a) throws Exception { Thread.sleep(600000); } }\n")
    parent = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(TESTS)!r})
        from jena_helpers import start_java
        child = start_java([{str(sleeper)!r}])
        print(child.pid, flush=True)
        time.sleep(600)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True)
    java_pid = int(process.stdout.readline())
    try:
        assert alive(java_pid)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while alive(java_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(java_pid), "the JVM outlived the process that started it"
    finally:
        if alive(java_pid):
            os.kill(java_pid, signal.SIGKILL)
