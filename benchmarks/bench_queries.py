"""Benchmark the query layer on the real graph: prints a table.

    python benchmarks/bench_queries.py [--runs 20] [--cli-runs 5] [--setups memory,memory/rdflib,oxigraph]

For each setup (a store, and after a slash the SPARQL engine: ``memory`` is the default
store with the default engine, ``auto``, which is Oxigraph over a mirror of the graph;
``memory/rdflib`` is rdflib's own engine; ``oxigraph`` the Oxigraph store), every catalogue
query with its example parameters: prepared once (the first call, not timed; it also makes
the name and label indexes and the mirror), then run ``--runs`` times through ``kg.query``
as a user calls it (binding the parameters, running, adding the label columns); median, min
and max in milliseconds.
Then the command line's cold start as whole processes: ``zorgakkoorden --help`` and
``zorgakkoorden query run overlap --param a=IZA --param b=GALA`` (which loads the graph).
Targets: each catalogue query under 50 ms median on the default store (memory), ``--help``
under 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

QUERY_TARGET_MS = 50.0
HELP_TARGET_S = 0.3


def time_query(kg, name: str, params: dict, runs: int) -> tuple[float, float, float, int]:
    rows = kg.query(name, **params)  # prepares the query, builds the name and label indexes
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        kg.query(name, **params)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times), len(rows)


def command() -> list[str]:
    """The console script next to this Python, else ``python -m zorgakkoorden``."""
    script = shutil.which("zorgakkoorden", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "zorgakkoorden"]


def time_process(argv: list[str], runs: int) -> tuple[float, float, float]:
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per query (default 20)")
    parser.add_argument("--cli-runs", type=int, default=5, help="runs per command-line measurement (default 5)")
    parser.add_argument(
        "--setups", default="memory,memory/rdflib,oxigraph",
        help="STORE[/ENGINE] to measure, the default first (default memory,memory/rdflib,oxigraph)",
    )
    args = parser.parse_args(argv)

    import zorgakkoorden
    from zorgakkoorden.query.catalogue import load_catalogue

    queries = load_catalogue().catalogue_queries()
    stores = [s.strip() for s in args.setups.split(",") if s.strip()]
    results: dict[str, dict[str, tuple]] = {}
    sizes = {}
    for store in stores:
        name, _, engine = store.partition("/")
        start = time.perf_counter()
        kg = zorgakkoorden.load(store=name, engine=engine or "auto")
        loaded = time.perf_counter()
        kg.query("frameworks")  # the first query: name and label indexes, and the mirror for Oxigraph on memory
        sizes[store] = (len(kg), loaded - start, time.perf_counter() - loaded)
        results[store] = {}
        for query in queries:
            params = {p.name: p.example for p in query.params if p.required}
            results[store][query.name] = time_query(kg, query.name, params, args.runs)

    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(
        f"catalogue queries on the real graph ({sizes[stores[0]][0]} triples); median of {args.runs} runs; "
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load average {load[0]:.2f}"
    )
    for store in stores:
        print(f"  {store}: load {sizes[store][1]:.2f} s, first query (indexes, mirror) {sizes[store][2] * 1000:.0f} ms")
    width = max(len(q.name) for q in queries)
    head = f"{'query'.ljust(width)}  {'rows':>5}"
    for store in stores:
        head += f"  {store + ' ms':>17}  {'(min-max)':>13}"
    print()
    print(head)
    print("-" * len(head))
    default = stores[0]
    misses = []
    for query in queries:
        line = f"{query.name.ljust(width)}  {results[default][query.name][3]:>5}"
        for store in stores:
            med, lo, hi, _ = results[store][query.name]
            line += f"  {med:17.1f}  {f'({lo:.1f}-{hi:.1f})':>13}"
        print(line)
        if results[default][query.name][0] >= QUERY_TARGET_MS:
            misses.append(query.name)
    for store in stores:
        total = sum(r[0] for r in results[store].values())
        worst = max(results[store].items(), key=lambda kv: kv[1][0])
        print(f"{store}: sum of medians {total:.0f} ms, slowest {worst[0]} {worst[1][0]:.1f} ms")

    print()
    cli = command()
    shown = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(cli))
    help_med, help_lo, help_hi = time_process([*cli, "--help"], args.cli_runs)
    run_argv = [*cli, "query", "run", "overlap", "--param", "a=IZA", "--param", "b=GALA"]
    run_med, run_lo, run_hi = time_process(run_argv, args.cli_runs)
    print(f"command line, fresh process each time, median of {args.cli_runs} runs")
    print(f"  {shown} --help{'':<40} {help_med:6.3f} s  ({help_lo:.3f}-{help_hi:.3f})")
    print(f"  {shown} query run overlap --param a=IZA --param b=GALA  {run_med:6.3f} s  ({run_lo:.3f}-{run_hi:.3f})")

    print()
    ok = True
    if misses:
        ok = False
        print(f"MISSES the {QUERY_TARGET_MS:.0f} ms target on {default}: {', '.join(misses)}")
    else:
        print(f"meets the {QUERY_TARGET_MS:.0f} ms target on {default}: every catalogue query")
    if help_med >= HELP_TARGET_S:
        ok = False
        print(f"MISSES the --help target: {help_med:.3f} s >= {HELP_TARGET_S} s")
    else:
        print(f"meets the --help target: {help_med:.3f} s < {HELP_TARGET_S} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
