"""Benchmark of `zorgakkoorden check` at scale, with pySHACL's time beside it.

Writes synthetic graphs (``generate_synthetic.py``) at each size, then for each size:

- runs ``zorgakkoorden check --store oxigraph --level info FILE`` as a fresh process: wall
  time, CPU time (user + system: on a busy machine the better measure of the work done),
  peak memory (that process's maximum resident set, from ``wait4``), and the time of each
  step as the command prints it on stderr;
- the baseline, in the same run: pySHACL validating the same graph (real graph +
  synthetic file + derived triples, on rdflib's memory store) against the core
  constraints of ``ontology/shapes.ttl``, node by node, as `check` did before the
  compiled SPARQL, in a fresh process stopped after ``--cap`` seconds (its time counts
  the validation only, not the load). Where it finishes, its findings are compared with
  those of `check` for the same rules (level, rule, focus node, property, value, message).
  ``--pyshacl-full`` also runs plain pySHACL over every shape, SPARQL constraints included
  (one query per focus node: far slower).

    python benchmarks/bench_check.py                        # 10k, 100k, 1M; pySHACL capped at 300 s
    python benchmarks/bench_check.py --sizes 10k --cap 60

Prints one Markdown table on stdout (one JSON line per size on stderr while it runs).
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
from zorgakkoorden.validate import CheckResult
from zorgakkoorden.validate.report import render_json
from zorgakkoorden.validate.shacl import load_shapes, run_core, validate_with_pyshacl
kg = zorgakkoorden.load(extra=[sys.argv[1]], store="memory")
shapes = load_shapes()
start = time.perf_counter()
findings = validate_with_pyshacl(kg.graph, shapes) if sys.argv[2] == "full" else run_core(kg.graph, shapes)
seconds = time.perf_counter() - start
report = json.loads(render_json(CheckResult(findings=findings), level="info"))
print(json.dumps({"seconds": seconds, "findings": report["findings"], "triples": len(kg.graph)}))
"""


def _key(finding: dict) -> tuple:
    """What a finding says, apart from where (files, line) and the label."""
    return tuple(json.dumps(finding.get(k), sort_keys=True) for k in ("level", "rule", "focus", "property", "value", "message"))


def same_findings(check: dict, baseline: dict, sparql_rules: set[str], full: bool) -> str:
    """``yes`` when `check` found what pySHACL found for the rules pySHACL ran, else what differs."""
    if baseline.get("findings") is None or check.get("findings") is None:
        return "-"
    theirs = {_key(f) for f in baseline["findings"]}
    ours = {
        _key(f) for f in check["findings"]
        if f["rule"].startswith("zks:") and (full or f["rule"] not in sparql_rules)
    }
    if ours == theirs:
        return f"yes ({len(theirs)})"
    return f"no: {len(ours - theirs)} only in check, {len(theirs - ours)} only in pySHACL"


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
    """`check` on one file, as a user runs it (every level listed, for the comparison)."""
    done = _run([sys.executable, "-m", "zorgakkoorden", "check", "--store", "oxigraph", "--format", "json", "--level", "info", str(path)])
    steps = {}
    for line in done["stderr"].splitlines():
        m = _STEP.match(line.strip())
        if m:
            steps[m.group(3)] = float(m.group(4))
    try:
        report = json.loads(done["stdout"])
    except json.JSONDecodeError:
        report = {}
    return {**{k: done[k] for k in ("seconds", "cpu", "peak_mb", "code")}, "steps": steps,
            "counts": report.get("counts"), "findings": report.get("findings"), "triples": report.get("summary", {}).get("triples"),
            "stderr_tail": done["stderr"][-500:] if done["code"] not in (0, 1) else ""}


def measure_pyshacl(path: Path, cap: float, full: bool = False) -> dict:
    """pySHACL over the same graph (the validation only), capped: the core constraints, or every shape."""
    done = _run([sys.executable, "-c", _PYSHACL, str(path), "full" if full else "core"], cap=cap)
    if done["capped"]:
        return {"seconds": None, "note": f"stopped at {cap:g} s"}
    if done["code"] != 0:
        return {"seconds": None, "note": "failed: " + done["stderr"][-300:]}
    return {**json.loads(done["stdout"].strip().splitlines()[-1]), "peak_mb": done["peak_mb"], "cpu": done["cpu"]}


def _fmt(value, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _size_name(size: int) -> str:
    return f"{size // 1000}k" if size < 1_000_000 else f"{size // 1_000_000}M"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="synthetic sizes (default 10k,100k,1M)")
    parser.add_argument("--cap", type=float, default=300.0, help="stop pySHACL after this many seconds (default 300)")
    parser.add_argument("--pyshacl-full", action="store_true", help="also run plain pySHACL over every shape (SPARQL ones too)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "synthetic", help="where the synthetic files go")
    args = parser.parse_args(argv)

    from zorgakkoorden.validate.shacl import load_shapes, rule_name

    sparql_rules = {rule_name(rule.shape) for rule in load_shapes().rules}
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    rows = []
    for size in sizes:
        path = Path(write(args.out, size))
        check = measure_check(path)
        core = measure_pyshacl(path, args.cap)
        full = measure_pyshacl(path, args.cap, full=True) if args.pyshacl_full else None
        rows.append((size, check, core, full))
        brief = {k: v for k, v in check.items() if k != "findings"}
        print(json.dumps({"size": size, "check": brief, "pyshacl": {k: v for k, v in core.items() if k != "findings"}}),
              file=sys.stderr, flush=True)

    step_names = []
    for _, check, _, _ in rows:
        for name in check["steps"]:
            if name not in step_names:
                step_names.append(name)
    print(f"`zorgakkoorden check --store oxigraph` on synthetic graphs; {time.strftime('%Y-%m-%d')}; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the end\n")
    header = ["measure", *[_size_name(size) for size, _, _, _ in rows]]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))

    def pyshacl_time(b):
        return _fmt(b["seconds"]) if b and b["seconds"] is not None else (b.get("note", "-") if b else "not run")

    lines = [
        ("triples (real graph + synthetic + derived)", [str(c.get("triples") or "-") for _, c, _, _ in rows]),
        ("check: wall time (s)", [_fmt(c["seconds"]) for _, c, _, _ in rows]),
        ("check: CPU time, user + system (s)", [_fmt(c["cpu"]) for _, c, _, _ in rows]),
        ("check: peak memory, RSS (MB)", [_fmt(c["peak_mb"], 0) for _, c, _, _ in rows]),
        ("check: exit code", [str(c["code"]) for _, c, _, _ in rows]),
        *[(f"step: {name} (s)", [_fmt(c["steps"].get(name)) for _, c, _, _ in rows]) for name in step_names],
        ("pySHACL, core constraints: validation time (s)", [pyshacl_time(b) for _, _, b, _ in rows]),
        ("pySHACL, core constraints: peak memory with its load (MB)", [_fmt(b.get("peak_mb"), 0) for _, _, b, _ in rows]),
        ("same core findings as pySHACL", [same_findings(c, b, sparql_rules, False) for _, c, b, _ in rows]),
    ]
    if args.pyshacl_full:
        lines += [
            ("pySHACL, every shape: validation time (s)", [pyshacl_time(f) for _, _, _, f in rows]),
            ("same shape findings as pySHACL", [same_findings(c, f, sparql_rules, True) for _, c, _, f in rows]),
        ]
    for name, values in lines:
        print("| " + " | ".join([name, *values]) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
