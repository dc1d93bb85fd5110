"""Cold command line against the raw engine: `query run overlap` in a fresh process, beside a
plain pyoxigraph script on the same files, several times each, interleaved.

The raw script is the engine's floor for the same answer: a fresh Python process that
imports pyoxigraph, loads the ontology and every file of ``graph/``, applies the rules
(``ontology/rules/*.rq``, which make the shortcut triples the query reads), and runs
``queries/overlap.rq`` with IZA and GALA bound by a VALUES block. The command line runs
``zorgakkoorden query run overlap --param a=IZA --param b=GALA`` with its defaults (the
``cache`` store: a persistent Oxigraph store in the user's cache folder, reopened while
the files stay the same, answered without rdflib: see ``zorgakkoorden.query.cold``), a
cold ``sparql`` on the same store, and once more ``query run`` with ``--store memory``
(parse and derive every time, through rdflib), and a bare ``import rdflib`` for reference
(what the cold path no longer pays). The cache store and the derived files (the guard's
decisions, the name index, the parsed catalogue) are made once before timing, in a
scratch cache folder. ``--check`` adds a cold ``check`` (on the unchanged graph: the kept report).

    python benchmarks/bench_cli.py            # 7 runs of each
    python benchmarks/bench_cli.py --runs 15 --check
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

RAW = r'''
import sys
from pathlib import Path

import pyoxigraph as ox

root = Path(sys.argv[1])
files = [root / "ontology" / "zorgakkoorden.ttl", *sorted(p for p in (root / "graph").rglob("*.ttl") if p.is_file())]
store = ox.Store()
for path in files:
    store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), to_graph=ox.DefaultGraph())
for rule in sorted((root / "ontology" / "rules").glob("*.rq")):
    store.update(rule.read_text(encoding="utf-8"))
text = (root / "queries" / "overlap.rq").read_text(encoding="utf-8")
values = "VALUES (?a ?b) { (<https://w3id.org/zorgakkoorden/id/iza> <https://w3id.org/zorgakkoorden/id/gala>) }"
text = text.replace("WHERE {", "WHERE { " + values, 1)
rows = [[str(term) if term is not None else "" for term in solution] for solution in store.query(text)]
sys.stdout.write("".join("\t".join(row) + "\n" for row in rows))
'''


SPARQL = "SELECT ?accord ?abbreviation WHERE { ?accord a zk:Accord ; zk:abbreviation ?abbreviation } ORDER BY ?accord"


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (default 7)")
    parser.add_argument("--check", action="store_true", help="also time a cold `check` (seconds each)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zk-bench-cli-") as scratch:
        # as an installed package runs: its bytecode cached (pip compiles it on install), here
        # in the scratch folder, so the source tree stays clean
        env = {**os.environ, "XDG_CACHE_HOME": scratch, "PYTHONPATH": str(REPO / "src"),
               "PYTHONPYCACHEPREFIX": str(Path(scratch) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        raw = Path(scratch) / "raw.py"
        raw.write_text(RAW, encoding="utf-8")
        query = ["-m", "zorgakkoorden", "query", "run", "overlap", "--param", "a=IZA", "--param", "b=GALA"]
        commands = {
            "raw pyoxigraph script": [sys.executable, str(raw), str(REPO)],
            "zorgakkoorden query run (cache, default)": [sys.executable, *query],
            "zorgakkoorden sparql (cache, default)": [sys.executable, "-m", "zorgakkoorden", "sparql", SPARQL],
            "zorgakkoorden query run --store memory": [sys.executable, *query, "--store", "memory"],
            "python -c 'import rdflib' (for reference)": [sys.executable, "-c", "import rdflib"],
        }
        if args.check:
            commands["zorgakkoorden check (cache, default)"] = [sys.executable, "-m", "zorgakkoorden", "check"]
        for command in commands.values():  # makes the cache and the bytecode
            timed(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():  # interleaved: a busy moment hits every command alike
                times[name].append(timed(command, env))
    floor = statistics.median(times["raw pyoxigraph script"])
    print(f"cold command line vs the raw engine, {args.runs} runs each (median, min, max in seconds)\n")
    print(f"| {'command':<42} | median | min   | max   | ratio to raw |")
    print(f"|{'-' * 44}|--------|-------|-------|--------------|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name:<42} | {median:6.3f} | {min(values):5.3f} | {max(values):5.3f} | {median / floor:12.2f} |")
    ratio = statistics.median(times["zorgakkoorden query run (cache, default)"]) / floor
    sparql = statistics.median(times["zorgakkoorden sparql (cache, default)"]) / floor
    print(f"\nratio of the default cold `query run` to the raw script: {ratio:.2f} (target <= 3)")
    print(f"ratio of the default cold `sparql` to the raw script: {sparql:.2f} (target <= 3)")
    if args.check:
        check = statistics.median(times["zorgakkoorden check (cache, default)"]) / floor
        print(f"ratio of the default cold `check` (unchanged graph) to the raw script: {check:.2f} (target <= 3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
