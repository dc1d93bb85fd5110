"""Regression tests for defects found by attacking the merged endpoint and store layer (redteam pass).

Each test failed on the merged code before its fix.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import zorgakkoorden

MINE = """@prefix zk: <https://w3id.org/zorgakkoorden/def/> .
@prefix zid: <https://w3id.org/zorgakkoorden/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
zid:redteam-{n} a zk:Accord ; skos:prefLabel "redteam {n}"@nl .
"""

# --------------------------------------------------------------------------- cache pruning


def test_pruning_the_cache_never_removes_a_store_this_process_has_open(tmp_path, monkeypatch):
    """POSIX record locks belong to the process: re-locking its own lock file succeeds, and
    closing any descriptor of that file drops the process's hold. Pruning must therefore skip
    the stores this very process has open (it removed them, and let go of their lock)."""
    pytest.importorskip("pyoxigraph")
    from zorgakkoorden.store.cache import prune_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    kgs = []
    for n in range(2):
        mine = tmp_path / f"mine{n}.ttl"
        mine.write_text(MINE.format(n=n), encoding="utf-8")
        kgs.append(zorgakkoorden.load(extra=[mine], store="cache", include_graph=False))
    first, second = (kg.backend.location for kg in kgs)
    assert first != second and first.is_dir()
    removed = prune_cache(keep=second, count=0)  # every store but `second` is past the count
    assert first not in removed and first.is_dir(), "the store this process reads was removed"
    rows = kgs[0].sparql("SELECT ?l WHERE { ?a skos:prefLabel ?l }").records()
    assert [str(r["l"]) for r in rows] == ["redteam 0"]
    # and this process still holds its lock: another process cannot take the folder alone
    probe = textwrap.dedent(
        f"""
        import fcntl, os
        fd = os.open({str(first.parent / f'.{first.name}.lock')!r}, os.O_RDWR)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            print("taken")
        except OSError:
            print("held")
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "held", done.stderr
