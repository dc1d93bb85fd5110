"""Benchmark of `zorgakkoorden check` at scale, with pySHACL's time beside it.

Writes synthetic graphs (``generate_synthetic.py``) at each size, then for each size:

- runs ``zorgakkoorden check --store oxigraph FILE`` as a fresh process: wall time, CPU
  time (user + system: on a busy machine the better measure of the work done), peak
  memory (that process's maximum resident set), and the time of each step as the command
  prints it on stderr;
- for sizes up to ``--pyshacl-up-to``, the baseline: pySHACL validating the same graph
  (real graph + synthetic file + derived triples, on rdflib's memory store) against
  ``ontology/shapes.ttl`` in a fresh process, capped at ``--cap`` seconds (load not counted).

    python benchmarks/bench_check.py                        # 10k, 100k, 1M; pySHACL up to 100k
    python benchmarks/bench_check.py --sizes 10k --pyshacl-up-to 10k

Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_synthetic import parse_size, write  # noqa: E402

_STEP = re.compile(r"^\[(\d+)/(\d+)\] (.*?) \.\.\. ([0-9.]+) s$")

_PYSHACL = """
import json, sys, time
import zorgakkoorden
from zorgakkoorden.validate.shacl import validate_with_pyshacl
kg = zorgakkoorden.load(extra=[sys.argv[1]])
start = time.perf_counter()
findings = validate_with_pyshacl(kg.graph)
print(json.dumps({"seconds": time.perf_counter() - start, "findings": len(findings), "triples": len(kg.graph)}))
"""


def _run(argv: list[str], cap: float | None = None) -> dict:
    """Run a command; its wall time, CPU time, peak memory (MB), exit code, stdout and stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err)
        deadline = None if cap is None else start + cap
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                return {"capped": True, "seconds": cap}
            time.sleep(0.05)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return {
            "capped": False,
            "seconds": wall,
            "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024,
            "code": os.waitstatus_to_exitcode(status),
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


def measure_check(path: Path) -> dict:
    """`check` on one file, as a user runs it."""
    done = _run([sys.executable, "-m", "zorgakkoorden", "check", "--store", "oxigraph", "--format", "json", str(path)])
    steps = {}
    for line in done["stderr"].splitlines():
        m = _STEP.match(line.strip())
        if m:
            steps[m.group(3)] = float(m.group(4))
    try:
        report = json.loads(done["stdout"])
        counts = report.get("counts") or report.get("summary", {}).get("counts")
    except json.JSONDecodeError:
        counts = None
    return {**{k: done[k] for k in ("seconds", "cpu", "peak_mb", "code")}, "steps": steps, "counts": counts,
            "stderr_tail": done["stderr"][-500:] if done["code"] not in (0, 1) else ""}


def measure_pyshacl(path: Path, cap: float) -> dict:
    """pySHACL over the same graph (the validation only), capped."""
    done = _run([sys.executable, "-c", _PYSHACL, str(path)], cap=cap)
    if done["capped"]:
        return {"seconds": None, "note": f"over {cap:g} s"}
    if done["code"] != 0:
        return {"seconds": None, "note": "failed: " + done["stderr"][-300:]}
    return {**json.loads(done["stdout"].strip().splitlines()[-1]), "peak_mb": done["peak_mb"]}


def _fmt(value, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="synthetic sizes (default 10k,100k,1M)")
    parser.add_argument("--pyshacl-up-to", default="100k", help="run pySHACL beside check up to this size (default 100k)")
    parser.add_argument("--cap", type=float, default=900.0, help="stop pySHACL after this many seconds (default 900)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "synthetic", help="where the synthetic files go")
    args = parser.parse_args(argv)

    sizes = [parse_size(s) for s in args.sizes.split(",")]
    limit = parse_size(args.pyshacl_up_to)
    rows = []
    for size in sizes:
        path = Path(write(args.out, size))
        check = measure_check(path)
        baseline = measure_pyshacl(path, args.cap) if size <= limit else {"seconds": None, "note": "not run"}
        rows.append((size, check, baseline))
        print(json.dumps({"size": size, "check": check, "pyshacl": baseline}), file=sys.stderr, flush=True)

    step_names = []
    for _, check, _ in rows:
        for name in check["steps"]:
            if name not in step_names:
                step_names.append(name)
    print(f"`zorgakkoorden check --store oxigraph` on synthetic graphs; {time.strftime('%Y-%m-%d')}; load average "
          f"{os.getloadavg()[0]:.1f} at the end\n")
    header = ["measure", *[f"{size // 1000}k" if size < 1_000_000 else f"{size // 1_000_000}M" for size, _, _ in rows]]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    lines = [
        ("check: wall time (s)", [_fmt(c["seconds"]) for _, c, _ in rows]),
        ("check: CPU time, user + system (s)", [_fmt(c["cpu"]) for _, c, _ in rows]),
        ("check: peak memory (MB)", [_fmt(c["peak_mb"], 0) for _, c, _ in rows]),
        ("check: exit code", [str(c["code"]) for _, c, _ in rows]),
        *[(f"step: {name} (s)", [_fmt(c["steps"].get(name)) for _, c, _ in rows]) for name in step_names],
        ("triples (real graph + synthetic + derived)", [str(b.get("triples", "-")) for _, _, b in rows]),
        ("pySHACL validation alone (s)", [_fmt(b["seconds"]) if b["seconds"] is not None else b.get("note", "-") for _, _, b in rows]),
        ("pySHACL peak memory with its load (MB)", [_fmt(b.get("peak_mb"), 0) for _, _, b in rows]),
    ]
    for name, values in lines:
        print("| " + " | ".join([name, *values]) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
