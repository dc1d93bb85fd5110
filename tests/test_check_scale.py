"""`check` at scale: the core constraints compiled to SPARQL find what pySHACL finds.

pySHACL stays the reference: on the real graph and on every fixture in tests/data that
parses, the compiled core constraints (run by Oxigraph, as `check` runs them) give the
same findings (level, rule, focus, path, value and message) as pySHACL's validation. Also:
the progress lines of `check`, and the block scan of large files for lines.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import zorgakkoorden
from zorgakkoorden.validate.compiled import compile_shapes
from zorgakkoorden.validate.core import compiled_core
from zorgakkoorden.validate.engine import runner_for
from zorgakkoorden.validate.locations import SourceIndex
from zorgakkoorden.validate.progress import Progress
from zorgakkoorden.validate.shacl import load_shapes, run_core

DATA = Path(__file__).resolve().parent / "data"


def _parses(path: Path) -> bool:
    from rdflib import Graph

    try:
        Graph().parse(path, format="turtle")
    except Exception:  # noqa: BLE001 - the syntax-error fixtures
        return False
    return True


# every fixture that parses (the syntax-error ones test the loader, not the shapes)
FIXTURES = sorted(p for p in DATA.rglob("*.ttl") if "shacl-core" not in p.parts and _parses(p))


def _key(f):
    return (f.level, f.rule, f.focus, str(f.property), f.value, f.message)


def _compare(kg) -> int:
    shapes = load_shapes()
    compiled = compiled_core(runner_for(kg.graph, "oxigraph"), shapes)
    assert compiled is not None, "every shape of ontology/shapes.ttl compiles"
    reference = run_core(kg.graph, shapes)
    assert sorted(map(_key, compiled), key=str) == sorted(map(_key, reference), key=str)
    return len(reference)


def test_every_shape_of_ours_compiles():
    queries, left = compile_shapes(load_shapes().core)
    assert left == [] and len(queries) > 40


def test_compiled_core_finds_what_pyshacl_finds_on_the_real_graph():
    _compare(zorgakkoorden.load())


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: str(p.relative_to(DATA)))
def test_compiled_core_finds_what_pyshacl_finds_on_each_fixture(fixture):
    _compare(zorgakkoorden.load(extra=[DATA / "bad" / "base.ttl", fixture], include_graph=False))


def test_the_fixtures_are_many():
    assert len(FIXTURES) >= 10


def test_the_fixtures_make_the_compiled_core_find_something():
    kg = zorgakkoorden.load(extra=[DATA / "bad" / "base.ttl", DATA / "bad" / "shapes-fire.ttl"], include_graph=False)
    assert _compare(kg) >= 30


def test_check_prints_each_step_with_its_time(capsys):
    from zorgakkoorden.cli.main import main

    # the in-memory Oxigraph store keeps no report, so every step runs whatever ran before
    code = main(["check", "--store", "oxigraph", str(DATA / "bad" / "accord-without-dutch-label.ttl")])
    err = capsys.readouterr().err
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] + "]" for line in lines] == [f"[{n}/6]" for n in range(1, 7)]
    assert lines[0].startswith("[1/6] load") and all(line.endswith(" s") for line in lines)


def test_check_quiet_prints_no_progress(capsys):
    from zorgakkoorden.cli.main import main

    main(["check", "--quiet", "--store", "oxigraph", str(DATA / "bad" / "accord-without-dutch-label.ttl")])
    captured = capsys.readouterr()
    assert captured.err == "" and "Errors (" in captured.out


def test_check_says_when_it_prints_a_kept_report(capsys):
    from zorgakkoorden.cli.main import main

    args = ["check", "--store", "cache", "--level", "error", str(DATA / "bad" / "accord-without-dutch-label.ttl")]
    first = main(args)
    out1 = capsys.readouterr().out
    second = main(args)
    captured = capsys.readouterr()
    assert (first, out1) == (second, captured.out)
    assert captured.err.startswith("[1/6] load") and "unchanged since the last check" in captured.err
    main([*args, "--quiet"])
    assert capsys.readouterr().err == ""


def test_a_failed_step_says_so():
    out = io.StringIO()
    progress = Progress(2, stream=out)
    with pytest.raises(RuntimeError), progress.step("work"):
        raise RuntimeError("boom")
    assert out.getvalue().startswith("[1/2] work ... stopped after")


def test_large_files_are_scanned_in_blocks_with_the_same_places(tmp_path, monkeypatch):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate_synthetic import write

    path = Path(write(tmp_path, 10_000, seed=3))
    whole = SourceIndex([path])
    whole.prepare(["https://w3id.org/zorgakkoorden/id/iza"])  # small: scanned whole
    from zorgakkoorden.validate import locations

    monkeypatch.setattr(locations, "BIG_FILE", 0)
    blocks = SourceIndex([path])
    iris = sorted(whole._uses)[:: max(1, len(whole._uses) // 60)]
    for iri in iris:
        assert blocks.uses(iri) == whole.uses(iri), iri
    assert blocks._big and len(blocks._big[0].scanned) < len(blocks._big[0].starts)


def test_large_files_locate_subjects_from_their_own_blocks(tmp_path, monkeypatch):
    """Locating a finding reads only the blocks that start with its node, with the places a whole scan gives."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate_synthetic import write

    from zorgakkoorden.validate import locations

    path = Path(write(tmp_path, 10_000, seed=5))
    whole = SourceIndex([path])
    whole.prepare(["https://w3id.org/zorgakkoorden/id/iza"])
    subjects = sorted(iri for iri, uses in whole._uses.items() if any(o.role == "subject" for o in uses))
    picked = subjects[:: max(1, len(subjects) // 40)]
    monkeypatch.setattr(locations, "BIG_FILE", 0)
    blocks = SourceIndex([path])
    skos_label = "http://www.w3.org/2004/02/skos/core#prefLabel"
    for iri in picked:
        assert blocks.subject_files(iri) == whole.subject_files(iri), iri
        assert blocks.line_of(iri, path) == whole.line_of(iri, path), iri
        assert blocks.triple_place(iri, skos_label) == whole.triple_place(iri, skos_label), iri
    big = blocks._big[0]
    assert len(big.scanned) <= 2 * len(picked) and len(big.scanned) < len(big.starts) // 10
    # a name that only starts or ends another is not a use of it (zid:iza is not zid:iza-2 nor xzid:iza)
    text = "zid:iza-2 a zk:X .\nzid:iza.b a zk:X .\nzid:a zk:p xzid:iza .\nzid:b zk:p zid:iza.\nzid:c zk:p <https://x/iza> .\n"
    assert locations._BigFile(path, text).blocks_with({"zid:iza", "<https://x/iza>"}) == [3, 4]
