"""Scale benchmark: load, every catalogue query, check and the networkx export, per store and size.

Generates synthetic graphs of this domain (``generate_synthetic.py``) at each size, loads
each together with the real graph in each setup, and prints one table. A setup is a store
and, after a slash, the SPARQL engine: ``oxigraph`` (the Oxigraph store), ``memory``
(rdflib's memory store, queried by Oxigraph over its mirror: the default) and
``memory/rdflib`` (rdflib's memory store and rdflib's own engine). Every (setup, size)
runs in a fresh process, so its peak memory is its own. On the Oxigraph store each query
is also run on pyoxigraph directly (the same text, parameters as a VALUES block): the
``x pyox`` column is our time over that floor; and the load is split into parsing and
rules, and the persistent store (``oxigraph:PATH``) is built and then reopened.

    python benchmarks/bench_scale.py                       # 10k and 100k in every setup; 1M on Oxigraph
    python benchmarks/bench_scale.py --sizes 10k --repeat 3
    python benchmarks/bench_scale.py --memory-1m           # also the memory store at 1M (minutes)

A query that runs longer than ``--query-cap`` is stopped (it runs in a forked child) and
shown as such. Each (store, size) is kept in ``results/scale-STORE-SIZE.json``; ``--fresh``
measures again. Catalogue queries run with the example values of their parameters (``IZA``, ``GALA``, ...),
which the generator links to. ``check`` runs the command (``zorgakkoorden check``) with a
time cap, for sizes up to ``--check-up-to``. Numbers are medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_synthetic import parse_size, write  # noqa: E402


def _median_time(fn, repeat: int, budget: float) -> tuple[float, int]:
    """Median seconds of ``fn()`` over ``repeat`` runs (fewer if one run passes ``budget``)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        if times[-1] > budget:
            break
    return statistics.median(times), len(times)


def _capped(fn, cap: float):
    """Run ``fn()`` in a forked child (which shares the loaded graph); None if it passes ``cap`` s.

    A query cannot be stopped from outside in rdflib or pyoxigraph: the child is killed.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        try:
            sender.send(("ok", fn()))
        except BaseException as exc:  # noqa: BLE001 - sent back and reported
            sender.send(("error", f"{type(exc).__name__}: {exc}"))

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    ready = receiver.poll(cap)
    if not ready:
        process.kill()
        process.join()
        return None
    status, value = receiver.recv()
    process.join()
    if status == "error":
        raise RuntimeError(value)
    return value


def worker(store: str, path: str, repeat: int, budget: float, cap: float) -> None:
    """Measure one (store, file) in this process; print JSON lines."""
    import zorgakkoorden
    from zorgakkoorden.query.binding import bind_as_values
    from zorgakkoorden.query.catalogue import bind_parameters, execute, load_catalogue

    store, _, engine = store.partition("/")
    load_times = []
    if store == "oxigraph":
        # the load is the target on this store: its median over `repeat` loads, one kept
        import gc

        for _ in range(repeat - 1):
            start = time.perf_counter()
            zorgakkoorden.load(extra=[path], store=store, engine=engine or "auto")
            load_times.append(time.perf_counter() - start)
            gc.collect()
    start = time.perf_counter()
    kg = zorgakkoorden.load(extra=[path], store=store, engine=engine or "auto")
    load_times.append(time.perf_counter() - start)
    load_s = statistics.median(load_times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"what": "load", "seconds": load_s, "runs": load_times, "peak_mb": peak_mb, "triples": len(kg)}), flush=True)

    native = None
    if store.startswith("oxigraph"):
        native = kg.backend.native_target()
    elif not engine:
        start = time.perf_counter()
        kg.backend.mirror()  # made by the load and the rules already: this only checks that it is current
        print(json.dumps({"what": "mirror", "seconds": time.perf_counter() - start}), flush=True)

    for query in load_catalogue().catalogue_queries():
        params = {p.name: p.example for p in query.params if p.example is not None}
        try:
            bindings = bind_parameters(kg, query, params)
        except Exception as exc:  # noqa: BLE001 - report and go on
            print(json.dumps({"what": "query", "name": query.name, "error": str(exc)}), flush=True)
            continue
        def ours(query=query, bindings=bindings) -> tuple[float, int, int]:
            rows = [0]

            def run() -> None:
                result = execute(kg, query.text, bindings, name=query.name)
                rows[0] = len(result.bindings) if result.type == "SELECT" else 0

            seconds, runs = _median_time(run, repeat, budget)
            return seconds, runs, rows[0]

        record = {"what": "query", "name": query.name, "params": params}
        measured = _capped(ours, cap)
        if measured is None:
            record.update(seconds=None, note=f"over {cap:g} s")
        else:
            record.update(seconds=measured[0], runs=measured[1], rows=measured[2])
        if native is not None:
            store_, name = native
            text = bind_as_values(query.text, bindings)
            direct = _capped(lambda: _median_time(lambda: list(store_.query(text, default_graph=name)), repeat, budget)[0], cap)
            record["pyoxigraph_seconds"] = direct
        print(json.dumps(record), flush=True)

    from zorgakkoorden.export.networkx_export import to_networkx

    start = time.perf_counter()
    G = to_networkx(kg)
    print(json.dumps({"what": "networkx", "seconds": time.perf_counter() - start, "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}), flush=True)
    print(json.dumps({"what": "peak", "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
    if store.startswith("oxigraph"):
        # after the peak above: these build further stores of their own
        del G, kg, native
        print(json.dumps({"what": "load-split", **_load_split(path)}), flush=True)
        print(json.dumps({"what": "persistent", **_persistent(path)}), flush=True)


def _load_split(path: str) -> dict:
    """The Oxigraph store's load in its two parts: parsing every file, then the rules."""
    import pyoxigraph

    from zorgakkoorden.loader import default_files
    from zorgakkoorden.store.native import apply_rules, load_file

    native = pyoxigraph.Store()
    start = time.perf_counter()
    for file in [*default_files(), Path(path)]:
        load_file(native, file)
    parsed = time.perf_counter()
    apply_rules(native)
    return {"parse_seconds": parsed - start, "rules_seconds": time.perf_counter() - parsed}


def _persistent(path: str) -> dict:
    """The persistent store: built in a fresh folder, then reopened (the same inputs: nothing is read)."""
    import tempfile

    import zorgakkoorden

    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        start = time.perf_counter()
        zorgakkoorden.load(extra=[path], store=f"oxigraph:{folder}/store").close()  # reopened as a new process would
        built = time.perf_counter() - start
        import gc

        gc.collect()
        start = time.perf_counter()
        zorgakkoorden.load(extra=[path], store=f"oxigraph:{folder}/store")
        return {"build_seconds": built, "reopen_seconds": time.perf_counter() - start}


def run_check(store: str, path: Path, cap: float) -> dict:
    """Time ``zorgakkoorden check`` on the graph plus the synthetic file (it loads too)."""
    store, _, engine = store.partition("/")
    command = [sys.executable, "-m", "zorgakkoorden", "check", "--store", store, "--engine", engine or "auto", str(path)]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=cap)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "note": f"over {cap:g} s"}
    return {"seconds": time.perf_counter() - start, "exit": done.returncode}


def measure(store: str, path: Path, repeat: int, budget: float, cap: float) -> list[dict]:
    command = [
        sys.executable, __file__, "--worker", store, str(path),
        "--repeat", str(repeat), "--budget", str(budget), "--query-cap", str(cap),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if done.returncode != 0:
        raise SystemExit(f"worker {store} {path.name} failed:\n{done.stderr}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def fmt_s(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="synthetic sizes (default 10k,100k,1M)")
    parser.add_argument(
        "--stores", default="oxigraph,memory,memory/rdflib",
        help="setups STORE[/ENGINE] to measure (default oxigraph,memory,memory/rdflib)",
    )
    parser.add_argument("--memory-1m", action="store_true", help="also run the memory store setups at 1M triples (many minutes)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query; the median is shown (default 3)")
    parser.add_argument("--budget", type=float, default=20.0, help="stop repeating a query once one run takes this long (s)")
    parser.add_argument("--query-cap", type=float, default=300.0, help="give a query up after this many seconds (default 300)")
    parser.add_argument("--fresh", action="store_true", help="measure again even where results/scale-*.json holds a result")
    parser.add_argument("--check-up-to", default="10k", help="run `check` for sizes up to this (default 10k)")
    parser.add_argument("--check-cap", type=float, default=600.0, help="seconds before a `check` run is given up (default 600)")
    parser.add_argument("--data", type=Path, default=HERE / "results" / "synthetic", help="where the synthetic files are kept")
    parser.add_argument("--json", type=Path, default=None, help="also write every measurement to this JSON file")
    parser.add_argument("--worker", nargs=2, metavar=("STORE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], args.repeat, args.budget, args.query_cap)
        return 0

    sizes = [parse_size(s) for s in args.sizes.split(",")]
    stores = args.stores.split(",")
    check_limit = parse_size(args.check_up_to)
    results: dict[tuple[str, int], dict] = {}
    for size in sizes:
        # written afresh each time (seconds at 1M; the same bytes for the same size), so the
        # file always matches the generator
        path = write(args.data, size, 1, "turtle")
        for store in stores:
            if store.startswith("memory") and size >= 1_000_000 and not args.memory_1m:
                continue
            cache = args.data.parent / f"scale-{store.replace('/', '-')}-{size}.json"
            if cache.exists() and not args.fresh:
                results[(store, size)] = json.loads(cache.read_text(encoding="utf-8"))
                print(f"... {store} {size}: from {cache}", file=sys.stderr, flush=True)
                continue
            print(f"... {store} {size}", file=sys.stderr, flush=True)
            records = measure(store, path, args.repeat, args.budget, args.query_cap)
            entry = {"records": records}
            if size <= check_limit:
                entry["check"] = run_check(store, path, args.check_cap)
            results[(store, size)] = entry
            cache.write_text(json.dumps(entry, indent=1, sort_keys=True), encoding="utf-8")

    columns = list(results)
    header = "| measure | " + " | ".join(f"{store} {size // 1000}k" if size < 1_000_000 else f"{store} {size // 1_000_000}M" for store, size in columns) + " |"
    print(header)
    print("|---|" + "---|" * len(columns))

    def row(label: str, values: list[str]) -> None:
        print(f"| {label} | " + " | ".join(values) + " |")

    def find(entry: dict, what: str, name: str | None = None) -> dict | None:
        for record in entry["records"]:
            if record["what"] == what and (name is None or record.get("name") == name):
                return record
        return None

    row("triples loaded", [str(find(results[c], "load")["triples"]) for c in columns])
    row("load (s)", [fmt_s(find(results[c], "load")["seconds"]) for c in columns])
    row("peak memory after load (MB)", [f"{find(results[c], 'load')['peak_mb']:.0f}" for c in columns])

    def part(what: str, key: str) -> list[str]:
        return [fmt_s(find(results[c], what)[key]) if find(results[c], what) else "-" for c in columns]

    row("of the load: parsing (s)", part("load-split", "parse_seconds"))
    row("of the load: rules (s)", part("load-split", "rules_seconds"))
    row("persistent store: build (s)", part("persistent", "build_seconds"))
    row("persistent store: reopen (s)", part("persistent", "reopen_seconds"))
    names = sorted({r["name"] for c in columns for r in results[c]["records"] if r["what"] == "query"})
    for name in names:
        values = []
        for c in columns:
            record = find(results[c], "query", name)
            if record is None or "error" in record:
                values.append("error" if record else "-")
                continue
            if record["seconds"] is None:
                values.append(record.get("note", "-"))
                continue
            text = fmt_s(record["seconds"])
            if record.get("pyoxigraph_seconds"):
                text += f" ({record['seconds'] / max(record['pyoxigraph_seconds'], 1e-6):.2f}x pyox)"
            elif "pyoxigraph_seconds" in record:
                text += " (pyox over cap)"
            values.append(text)
        row(f"query {name} (s)", values)
    def check_cell(entry: dict) -> str:
        check = entry.get("check")
        if check is None:
            return "-"
        if check.get("seconds") is None:
            return check.get("note", "-")
        if check.get("exit") not in (0, 1):
            return f"failed (exit {check.get('exit')})"
        return fmt_s(check["seconds"]) + ("" if check["exit"] == 0 else " (invalid)")

    row("check, incl. its own load (s)", [check_cell(results[c]) for c in columns])
    row("networkx export (s)", [fmt_s(find(results[c], "networkx")["seconds"]) for c in columns])
    row("peak memory at end (MB)", [f"{find(results[c], 'peak')['peak_mb']:.0f}" for c in columns])
    if args.json:
        args.json.write_text(
            json.dumps({f"{s}:{n}": v for (s, n), v in results.items()}, indent=1, sort_keys=True), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
