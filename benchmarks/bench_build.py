"""Benchmark `zorgakkoorden build` on the real graph: prints a table (target: under 10 s).

    python benchmarks/bench_build.py [--runs 5]

Rows: the whole command as a user runs it (a fresh process each time, including Python's start
and the imports) with the CPU time of all its processes, then each step of the build, measured
in-process (steps "made alongside" show only the time spent waiting for them). Medians of the
runs. On a busy machine the wall-clock time grows with the load; the CPU time does not.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

TARGET_SECONDS = 10.0


def time_command(out: Path) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (all its processes) of one `zorgakkoorden build`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "zorgakkoorden", "build", "--quiet", "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    args = parser.parse_args(argv)

    from zorgakkoorden.site.build import build_site

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        time_command(out)  # warm the file cache and pyLODE's cache of its background ontologies
        load_before = os.getloadavg()[0]
        measured = [time_command(out) for _ in range(args.runs)]
        command = [wall for wall, _ in measured]
        cpu = [c for _, c in measured]
        steps: dict[str, list[float]] = defaultdict(list)
        result = None
        for _ in range(args.runs):
            result = build_site(out, stream=None)
            for name, seconds in result.steps:
                steps[name].append(seconds)
        files = len(result.files)
        size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())

    median = statistics.median(command)
    rows = [("zorgakkoorden build (fresh process)", median, min(command), max(command)),
            ("  CPU time of all its processes", statistics.median(cpu), min(cpu), max(cpu))]
    rows += [(f"  {name.split(': /')[0]}", statistics.median(v), min(v), max(v)) for name, v in steps.items()]
    width = max(len(r[0]) for r in rows)
    print(f"build of the real graph: {result.pages} pages, {files} files, {size / 1024 / 1024:.1f} MiB; "
          f"{args.runs} runs, {os.cpu_count()} cores, load average {load_before:.1f} before the runs")
    print(f"{'step'.ljust(width)}  {'median s':>9}  {'min s':>7}  {'max s':>7}")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 7}  {'-' * 7}")
    for name, med, lo, hi in rows:
        print(f"{name.ljust(width)}  {med:9.2f}  {lo:7.2f}  {hi:7.2f}")
    verdict = "meets" if median < TARGET_SECONDS else "MISSES"
    print(f"\n{verdict} the target: median {median:.2f} s < {TARGET_SECONDS:.0f} s")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
