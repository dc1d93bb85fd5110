"""benchmarks/bench_check.py: one command, one table, with pySHACL's baseline beside `check`.

Run at the smallest synthetic size so it stays a few seconds; the numbers are not asserted
(the machine decides them), the table's shape and the comparison with pySHACL are.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_bench_check_prints_the_table_with_pyshacl_beside_check(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_check.py"), "--sizes", "10k", "--cap", "240", "--out", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {line.split(" | ")[0].lstrip("| "): line.rstrip(" |").split(" | ")[1:] for line in done.stdout.splitlines() if line.startswith("| ")}
    assert rows["measure"] == ["10k"]
    assert float(rows["check: wall time (s)"][0]) > 0
    assert float(rows["check: peak memory, RSS (MB)"][0]) > 0
    assert rows["check: exit code"] == ["0"]
    assert float(rows["pySHACL, core constraints: validation time (s)"][0]) > 0
    assert rows["same core findings as pySHACL"][0].startswith("yes (")
    assert any(name.startswith("step: SHACL shapes (core constraints)") for name in rows)
