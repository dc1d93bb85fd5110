"""`zorgakkoorden check`: the real graph conforms; bad input gets its message and exit code.

The command runs in-process (``zorgakkoorden.cli.main.main``) and once as a subprocess.
Bad input lives in tests/data/bad/, checked on top of the real graph.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import zorgakkoorden
from zorgakkoorden.cli.main import main
from zorgakkoorden.namespaces import ZID, ZK
from zorgakkoorden.validate import run_checks
from zorgakkoorden.validate.integrity import closest
from zorgakkoorden.validate.locations import scan_turtle
from zorgakkoorden.validate.quality import quality_checks

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
BAD = TESTS / "data" / "bad"


def check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def real_report():
    """The JSON report of the real graph, at every level (one run for several tests)."""
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["check", "--format", "json", "--level", "info"])
    return code, json.loads(buffer.getvalue())


# -- the real graph ----------------------------------------------------------------


def test_the_real_graph_conforms(real_report):
    code, report = real_report
    errors = [f for f in report["findings"] if f["level"] == "error"]
    assert errors == [], "\n".join(f"{f['focus']['short']}: {f['message']}" for f in errors)
    assert code == 0
    assert report["valid"] is True


def test_the_summary_counts_what_the_graph_holds(real_report):
    _, report = real_report
    s = report["summary"]
    assert s["triples"] == s["asserted"] + s["derived"] and s["derived"] > 0
    assert s["entities_per_class"]["zk:Accord"] >= 6
    assert s["entities"] >= 178
    assert s["statements"] >= 67 and s["accord_links"] > 0
    assert s["sources_per_kind"]["zk:PrimarySource"] == 2
    assert s["conflicts"] >= 1
    assert sum(report["counts"].values()) == len(report["findings"])


def test_text_report_ends_with_the_summary(capsys):
    code, out, _ = check(capsys)
    assert code == 0
    summary = out[out.index("Summary"):]
    for heading in ("triples", "entities", "zk:Accord", "statements", "sources", "zk:PrimarySource", "conflicts", "findings"):
        assert heading in summary
    assert summary.rstrip().endswith("result       valid")


# -- bad input -----------------------------------------------------------------------


def test_broken_turtle_exits_2_naming_file_line_and_column(capsys):
    code, out, err = check(capsys, str(BAD / "syntax-error.ttl"))
    assert code == 2
    assert "tests/data/bad/syntax-error.ttl:9:" in err
    assert "Turtle syntax error" in err
    assert out == ""


def test_every_broken_file_is_named_not_only_the_first(capsys, tmp_path):
    second = tmp_path / "also-broken.ttl"
    second.write_text("@prefix zid: <https://w3id.org/zorgakkoorden/id/> .\n\nzid:x zid:y .\n", encoding="utf-8")
    code, _, err = check(capsys, str(BAD / "syntax-error.ttl"), str(second))
    assert code == 2
    assert "syntax-error.ttl:9:" in err
    assert f"{second}:3:" in err or "also-broken.ttl:3:" in err


@pytest.mark.parametrize(
    "name, focus, prop, line",
    [
        ("accord-without-dutch-label", "zid:my-accord", "skos:prefLabel", 8),
        ("statement-without-source", "zst:iza-addressestheme-theme-preventie-unsourced", "dcterms:source", 7),
        ("duplicate-dutch-label", "zid:iza-kopie", "skos:prefLabel", 8),
        ("plain-fact", "zid:preventieakkoord", "zk:hasActionLine", 5),
    ],
)
def test_shape_violation_exits_1_naming_entity_property_and_file(capsys, name, focus, prop, line):
    code, out, _ = check(capsys, str(BAD / f"{name}.ttl"), "--level", "error")
    assert code == 1
    errors = out[: out.index("Summary")]
    block = errors[errors.index(f"  error   {focus}"):]
    block = block[: block.index("\n  error ", 1)] if "\n  error " in block[1:] else block
    assert prop in block
    assert f"tests/data/bad/{name}.ttl:{line}" in block
    assert "result       INVALID" in out


def test_duplicate_dutch_label_names_both_entities(capsys):
    code, out, _ = check(capsys, str(BAD / "duplicate-dutch-label.ttl"), "--level", "error")
    assert code == 1
    assert 'Another zk:Accord has the same Dutch name "Integraal Zorgakkoord"@nl: zid:iza.' in out
    assert 'Another zk:Accord has the same Dutch name "Integraal Zorgakkoord"@nl: zid:iza-kopie.' in out


def test_misspelt_iris_exit_1_naming_the_iri_the_file_and_the_line(capsys):
    code, out, _ = check(capsys, str(BAD / "misspelt-iri.ttl"), "--level", "error")
    assert code == 1
    assert "zid:izaa is used as the value of rdf:subject" in out
    assert "Did you mean zid:iza?" in out
    assert "tests/data/bad/misspelt-iri.ttl:9" in out
    assert "zk:addressesThem is used as the value of rdf:predicate" in out
    assert "Did you mean zk:addressesTheme?" in out
    assert "tests/data/bad/misspelt-iri.ttl:10" in out


def test_a_misspelt_property_used_as_a_predicate_is_found(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix zk: <https://w3id.org/zorgakkoorden/def/> .\n"
        "@prefix zid: <https://w3id.org/zorgakkoorden/id/> .\n"
        "\n"
        "zid:iza\n"
        "    zk:signedby zid:vws .\n",
        encoding="utf-8",
    )
    result = run_checks(zorgakkoorden.load(extra=[mine], include_graph=False))
    found = [f for f in result.findings if f.rule == "integrity:undefined-iri" and f.focus == ZK.signedby]
    assert [(f.files, f.line) for f in found] == [((mine,), 5)]
    assert "used as a property of zid:iza" in found[0].message
    assert "Did you mean zk:signedBy?" in found[0].message


# -- formats and levels -------------------------------------------------------------


def test_json_report_parses_and_carries_every_field(capsys):
    code, out, _ = check(capsys, str(BAD / "misspelt-iri.ttl"), "--format", "json", "--level", "error")
    assert code == 1
    report = json.loads(out)
    assert report["valid"] is False
    assert report["counts"]["error"] == len(report["findings"]) == 3
    first = report["findings"][0]
    assert set(first) == {"level", "rule", "message", "focus", "label", "property", "value", "files", "line"}
    izaa = [f for f in report["findings"] if f["focus"]["short"] == "zid:izaa"][0]
    assert izaa["focus"]["iri"] == str(ZID.izaa)
    assert izaa["files"] == ["tests/data/bad/misspelt-iri.ttl"] and izaa["line"] == 9


def test_level_chooses_what_is_shown_and_the_summary_counts_all(capsys):
    _, errors_only, _ = check(capsys, "--level", "error")
    _, everything, _ = check(capsys, "--level", "info")
    assert "Warnings (" not in errors_only and "Infos (" not in errors_only
    assert "Infos (" in everything
    counts = [line for line in everything.splitlines() if line.startswith("  findings")]
    assert counts == [line.split(" (")[0] for line in errors_only.splitlines() if line.startswith("  findings")]


def test_output_is_deterministic(capsys):
    # stdout and the exit code; stderr has the progress lines with their times (and, on a
    # second run over the unchanged graph, the line saying the report was kept)
    first = check(capsys, str(BAD / "misspelt-iri.ttl"), "--level", "info")
    second = check(capsys, str(BAD / "misspelt-iri.ttl"), "--level", "info")
    assert first[:2] == second[:2]
    assert "[1/6]" in first[2] and "[1/6]" in second[2]


def test_a_missing_path_exits_2(capsys):
    code, _, err = check(capsys, str(BAD / "no-such-file.ttl"))
    assert code == 2
    assert "no-such-file.ttl" in err


def test_check_as_a_subprocess():
    done = subprocess.run(
        [sys.executable, "-m", "zorgakkoorden", "check", "tests/data/bad/accord-without-dutch-label.ttl", "--level", "error"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 1, done.stderr
    assert "zid:my-accord" in done.stdout
    assert "tests/data/bad/accord-without-dutch-label.ttl:8" in done.stdout


# -- quality queries and the pieces behind the report --------------------------------


def test_quality_checks_have_a_level_and_a_name_that_is_their_file():
    checks = quality_checks()
    assert {q.name for q in checks} >= {"facts-without-statement", "undefined-iris", "orphan-entities"}
    for q in checks:
        assert q.level in ("error", "warning", "info")
        assert q.path.stem == q.name
        assert "?focus" in q.sparql


def test_a_plain_fact_that_settles_a_conflict_is_an_error(tmp_path):
    mine = tmp_path / "settles.ttl"
    mine.write_text(
        "@prefix zk: <https://w3id.org/zorgakkoorden/def/> .\n"
        "@prefix zid: <https://w3id.org/zorgakkoorden/id/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'zid:test-akkoord zk:startDate "2023"^^xsd:gYear .\n',
        encoding="utf-8",
    )
    result = run_checks(zorgakkoorden.load(extra=[BAD / "base.ttl", mine], include_graph=False))
    found = [f for f in result.findings if f.rule == "quality:facts-without-statement"]
    assert len(found) == 1 and "settles a conflict" in found[0].message
    assert found[0].files[0] == mine and found[0].line == 4


def test_orphans_are_warnings(tmp_path):
    mine = tmp_path / "orphan.ttl"
    mine.write_text(
        "@prefix zk: <https://w3id.org/zorgakkoorden/def/> .\n"
        "@prefix zid: <https://w3id.org/zorgakkoorden/id/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        'zid:tg-niemand a zk:TargetGroup ; skos:prefLabel "niemand"@nl , "nobody"@en ; dcterms:source zid:source-test .\n',
        encoding="utf-8",
    )
    result = run_checks(zorgakkoorden.load(extra=[BAD / "base.ttl", mine], include_graph=False))
    assert [(f.rule, f.level, f.focus) for f in result.findings] == [("quality:orphan-entities", "warning", ZID["tg-niemand"])]
    assert result.valid


def test_closest_defined_iri():
    defined = [str(ZID.iza), str(ZID.gala), str(ZK.signedBy), str(ZK.addressesTheme)]
    assert closest(str(ZID.izaa), defined) == str(ZID.iza)
    assert closest(str(ZK.signedby), defined) == str(ZK.signedBy)
    assert closest(str(ZID["something-else-entirely"]), defined) is None


def test_the_scan_finds_roles_lines_and_skips_strings_and_comments():
    text = (
        "@prefix zid: <https://w3id.org/zorgakkoorden/id/> .\n"
        "@prefix zk: <https://w3id.org/zorgakkoorden/def/> .\n"
        "# zid:in-a-comment\n"
        'zid:a a zk:Accord ; zk:x """zid:in-a-string\n'
        'still zid:in-the-string""" ;\n'
        "    zk:y [ zk:z zid:b ] , ( zid:c ) ;\n"
        "    zk:w <https://w3id.org/zorgakkoorden/id/d> .\n"
    )
    found = [(iri.rsplit("/", 1)[-1], o.line, o.role, o.predicate.rsplit("/", 1)[-1] if o.predicate else None) for iri, o in scan_turtle(Path("t.ttl"), text)]
    assert found == [
        ("a", 4, "subject", None),
        ("22-rdf-syntax-ns#type", 4, "predicate", "22-rdf-syntax-ns#type"),
        ("Accord", 4, "object", "22-rdf-syntax-ns#type"),
        ("x", 4, "predicate", "x"),
        ("y", 6, "predicate", "y"),
        ("z", 6, "predicate", "z"),
        ("b", 6, "object", "z"),
        ("c", 6, "object", "y"),
        ("w", 7, "predicate", "w"),
        ("d", 7, "object", "w"),
    ]
    assert all(o.subject == str(ZID.a) for iri, o in scan_turtle(Path("t.ttl"), text))


def test_check_takes_data_like_every_other_command_and_the_same_store_options(capsys):
    # one way for every command that loads the graph: --data PATH (PATHS is its short form here)
    bad = str(BAD / "duplicate-dutch-label.ttl")
    by_path = check(capsys, bad, "--format", "json", "--store", "memory")
    by_data = check(capsys, "--data", bad, "--format", "json", "--store", "oxigraph")
    assert by_path[0] == by_data[0] == 1
    assert json.loads(by_path[1])["findings"] == json.loads(by_data[1])["findings"]
