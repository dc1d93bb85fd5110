"""The command line's default store for `query run`, `sparql` and `check`: a persistent
Oxigraph store in the user's cache folder (``cache``), reopened by a fresh process while the
files stay the same, rebuilt when one changes, pruned to the recent ones; and a cold
`query run` imports only what it needs."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("oxrdflib")

import zorgakkoorden  # noqa: E402
from zorgakkoorden.cli.main import main  # noqa: E402
from zorgakkoorden.store.cache import cache_root, prune_cache  # noqa: E402
from zorgakkoorden.store.persistent import MANIFEST, close_folder  # noqa: E402

from conftest import REPO  # noqa: E402

MINE = """@prefix zk: <https://w3id.org/zorgakkoorden/def/> .
@prefix zid: <https://w3id.org/zorgakkoorden/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
zid:cache-a a zk:Accord ; skos:prefLabel "{label}"@nl .
"""
LABEL = "SELECT ?l WHERE { zid:cache-a skos:prefLabel ?l }"


def sparql(capsys, mine) -> str:
    assert main(["sparql", LABEL, "--data", str(mine), "--format", "csv"]) == 0
    return capsys.readouterr().out


def test_query_run_sparql_and_check_default_to_the_cache_store(tmp_path, capsys):
    mine = tmp_path / "mine.ttl"
    mine.write_text(MINE.format(label="eerste"), encoding="utf-8")
    assert "eerste" in sparql(capsys, mine)
    kg = zorgakkoorden.load(extra=[mine], store="cache")
    assert kg.backend.kind == "cache" and kg.backend.reused  # the command line built it; reopened here
    folder = kg.backend.location
    assert folder.parent == cache_root() and (folder / MANIFEST).exists()
    stamp = (folder / MANIFEST).stat().st_mtime_ns
    kg.close()
    assert "eerste" in sparql(capsys, mine)
    assert (folder / MANIFEST).stat().st_mtime_ns == stamp  # reopened, not built again
    mine.write_text(MINE.format(label="tweede"), encoding="utf-8")
    out = sparql(capsys, mine)
    assert "tweede" in out and "eerste" not in out  # a changed file rebuilds it
    close_folder(folder)


def test_the_rdflib_engine_or_an_explicit_store_is_not_the_cache(tmp_path, capsys):
    before = set(cache_root().glob("*")) if cache_root().exists() else set()
    mine = tmp_path / "mine.ttl"
    mine.write_text(MINE.format(label="rdflib"), encoding="utf-8")
    assert main(["sparql", LABEL, "--data", str(mine), "--engine", "rdflib", "--format", "csv"]) == 0
    assert main(["sparql", LABEL, "--data", str(mine), "--store", "memory", "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("rdflib") == 2
    after = set(cache_root().glob("*")) if cache_root().exists() else set()
    assert after == before


def test_the_cache_keeps_the_recent_stores_and_skips_one_in_use(tmp_path):
    root = tmp_path / "stores"
    root.mkdir()
    for n in range(5):
        (root / f"s{n}").mkdir()
        (root / f".s{n}.lock").write_text("", encoding="utf-8")
    import os
    import time

    now = time.time()
    for n in range(5):
        os.utime(root / f".s{n}.lock", (now - 100 * n, now - 100 * n))  # s0 the most recent
    removed = prune_cache(root / "s0", root=root, count=2)
    assert sorted(p.name for p in removed) == ["s2", "s3", "s4"]
    assert sorted(p.name for p in root.iterdir() if p.is_dir()) == ["s0", "s1"]


def test_a_cold_query_run_imports_neither_oxrdflib_nor_rdflibs_sparql_engine():
    probe = (
        "import sys, io, contextlib\n"
        "from zorgakkoorden.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['query', 'run', 'overlap', '--param', 'a=IZA', '--param', 'b=GALA'])\n"
        "print(code, 'oxrdflib' in sys.modules, 'rdflib.plugins.sparql' in sys.modules)\n"
    )
    for _ in range(2):  # the first builds the cache, the second reopens it
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
        assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "False", "False"]
