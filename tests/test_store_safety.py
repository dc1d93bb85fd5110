"""The persistent store is a cache that heals and is shared safely, and a bad IRI is a syntax
error everywhere: processes racing on one ``oxigraph:PATH`` never corrupt it; a damaged store
(RocksDB's ``CURRENT`` or ``MANIFEST-*`` lost, an ``.sst`` truncated) is said in one line and
rebuilt, never read as empty; a killed build's leftovers are removed; an IRI with a space
gives ``FILE:LINE:COL`` and exit 2 on every store and command."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("oxrdflib")

import zorgakkoorden  # noqa: E402
from zorgakkoorden.cli.main import main  # noqa: E402
from zorgakkoorden.errors import TurtleSyntaxError  # noqa: E402
from zorgakkoorden.store.persistent import read_manifest  # noqa: E402

from conftest import REPO  # noqa: E402

MINE = """@prefix zk: <https://w3id.org/zorgakkoorden/def/> .
@prefix zid: <https://w3id.org/zorgakkoorden/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
zid:safety-a a zk:Accord ; skos:prefLabel "{label}"@nl .
"""
BAD_IRI = """@prefix zk: <https://w3id.org/zorgakkoorden/def/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<https://example.org/with space> a zk:Accord ; skos:prefLabel "spatie"@nl .
"""
LABEL = "SELECT ?l WHERE { zid:safety-a skos:prefLabel ?l }"


def load(folder: Path, mine: Path, label: str):
    mine.write_text(MINE.format(label=label), encoding="utf-8")
    return zorgakkoorden.load(extra=[mine], store=f"oxigraph:{folder}", include_graph=False)


def labels(kg) -> list[str]:
    return sorted(str(r["l"]) for r in kg.sparql(LABEL).records())


# --------------------------------------------------------------------------- racing processes

RACER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import zorgakkoorden

    folder, mine, who, rounds = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    for n in range(rounds):
        label = f"{who} {n}"
        mine.write_text(MINE.format(label=label), encoding="utf-8")
        kg = zorgakkoorden.load(extra=[mine], store=f"oxigraph:{folder}", include_graph=False)
        got = sorted(str(r["l"]) for r in kg.sparql(LABEL).records())
        size = len(kg)
        getattr(kg, "close", lambda: None)()
        print("ok" if got == [label] else f"wrong {got} for {label}", size, flush=True)
    """
)


@pytest.mark.slow
def test_three_processes_racing_on_one_store_always_answer_right(tmp_path):
    script = tmp_path / "racer.py"
    script.write_text(f"MINE = {MINE!r}\nLABEL = {LABEL!r}\n" + RACER, encoding="utf-8")
    folder = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    racers = [
        subprocess.Popen(
            [sys.executable, str(script), str(folder), str(tmp_path / f"mine-{who}.ttl"), who, "8"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        for who in ("a", "b", "c")
    ]
    outputs = [racer.communicate(timeout=600) for racer in racers]
    for racer, (out, err) in zip(racers, outputs):
        assert racer.returncode == 0, err[-2000:]
        lines = out.splitlines()
        assert len(lines) == 8 and all(line.startswith("ok ") for line in lines), out
        assert "Traceback" not in err and "orrupt" not in err, err[-2000:]
    sizes = {line.split()[1] for out, _ in outputs for line in out.splitlines()}
    assert len(sizes) == 1  # the same number of triples every time: never half a store
    # and the store left behind is whole: it reopens without a rebuild
    kg = load(folder, tmp_path / "mine-c.ttl", "c 7")
    assert labels(kg) == ["c 7"] and str(len(kg)) in sizes
    kg.close()


# --------------------------------------------------------------------------- damage


def _remove_current(folder: Path) -> None:
    (folder / "CURRENT").unlink()


def _truncate_sst(folder: Path) -> None:
    tables = sorted(folder.glob("*.sst"), key=lambda p: p.stat().st_size)
    assert tables, "the store has no .sst file to damage"
    with tables[-1].open("r+b") as handle:
        handle.truncate(tables[-1].stat().st_size // 2)


def _remove_manifest(folder: Path) -> None:
    found = list(folder.glob("MANIFEST-*"))
    assert found
    for path in found:
        path.unlink()


@pytest.mark.parametrize("damage", [_remove_current, _truncate_sst, _remove_manifest], ids=["CURRENT", "sst", "MANIFEST"])
def test_a_damaged_store_is_said_in_one_line_and_rebuilt(tmp_path, capsys, damage):
    folder, mine = tmp_path / "store", tmp_path / "mine.ttl"
    kg = load(folder, mine, "heel")
    size, stamp = len(kg), read_manifest(folder)
    getattr(kg, "close", lambda: None)()
    del kg
    damage(folder)
    capsys.readouterr()
    again = load(folder, mine, "heel")
    assert labels(again) == ["heel"] and len(again) == size  # never an empty or partial graph
    said = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(said) == 1 and "damaged" in said[0] and str(folder) in said[0], said
    assert read_manifest(folder)["inputs"] == stamp["inputs"]
    getattr(again, "close", lambda: None)()


def test_a_damaged_store_is_rebuilt_by_the_command_line_too(tmp_path):
    folder, mine = tmp_path / "store", tmp_path / "mine.ttl"
    mine.write_text(MINE.format(label="heel"), encoding="utf-8")
    command = [sys.executable, "-m", "zorgakkoorden", "sparql", LABEL, "--store", f"oxigraph:{folder}",
               "--data", str(mine), "--format", "csv"]
    first = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert first.returncode == 0, first.stderr
    _remove_current(folder)
    for _ in range(2):  # the first run rebuilds; the one after it must not find an empty store
        again = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
        assert again.returncode == 0 and again.stdout == first.stdout, again.stderr
        assert "Traceback" not in again.stderr


def test_a_killed_builds_leftover_folders_are_removed_on_the_next_run(tmp_path):
    folder, mine = tmp_path / "store", tmp_path / "mine.ttl"
    kg = load(folder, mine, "een")
    getattr(kg, "close", lambda: None)()
    for name in (".store.building-x1y2z3", ".store.old-12345"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "000001.sst").write_bytes(b"\0" * 1024)
    kg = load(folder, mine, "een")  # same inputs: reopened, and the leftovers go
    assert labels(kg) == ["een"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["store"]
    getattr(kg, "close", lambda: None)()


# --------------------------------------------------------------------------- an IRI with a space


@pytest.mark.parametrize("store", ["memory", "memory-rdflib", "oxigraph", "oxigraph:PATH"])
def test_an_iri_with_a_space_names_file_line_and_column_on_every_store(tmp_path, store):
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_IRI, encoding="utf-8")
    spec = {"memory-rdflib": "memory", "oxigraph:PATH": f"oxigraph:{tmp_path / 'store'}"}.get(store, store)
    engine = "rdflib" if store == "memory-rdflib" else "auto"
    with pytest.raises(TurtleSyntaxError) as caught:
        zorgakkoorden.load(extra=[bad], store=spec, engine=engine)
    assert caught.value.path == bad and caught.value.line == 4 and caught.value.column is not None
    with pytest.raises(TurtleSyntaxError):  # also without tracking files (a different read of the file)
        zorgakkoorden.load(extra=[bad], store=spec, engine=engine, track_files=False, include_graph=False)


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{bad}"],
        ["check", "--data", "{bad}"],
        ["check", "--store", "oxigraph", "{bad}"],
        ["viz", "--data", "{bad}", "--out", "{out}/viz"],
        ["report", "--data", "{bad}"],
        ["query", "run", "overlap", "--param", "a=IZA", "--param", "b=GALA", "--data", "{bad}"],
        ["sparql", "ASK {{}}", "--data", "{bad}"],
    ],
    ids=lambda c: " ".join(c[:3]),
)
def test_an_iri_with_a_space_is_a_syntax_error_on_every_command(tmp_path, capsys, command):
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_IRI, encoding="utf-8")
    argv = [part.format(bad=bad, out=tmp_path) for part in command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4:" in err and "Traceback" not in err, err
