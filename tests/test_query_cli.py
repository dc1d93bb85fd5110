"""The command line of the query layer: `query list`, `query show`, `query run` and `sparql`,
their formats, errors and exit codes (0 ok, 2 error)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zorgakkoorden.cli.main import main
from zorgakkoorden.query.catalogue import load_catalogue

DATA = Path(__file__).parent / "data" / "query"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_query_list_names_every_query_and_quality_check(capsys):
    code, out, _ = run(capsys, "query", "list")
    assert code == 0
    catalogue = load_catalogue()
    for query in catalogue.values():
        assert query.name in out
    for check in catalogue.quality_checks():
        line = next(line for line in out.splitlines() if line.startswith(check.name + " "))
        assert f"quality check ({check.level})" in line
    overlap = next(line for line in out.splitlines() if line.startswith("overlap "))
    assert "Overlap of two accords" in overlap and "a=IZA" in overlap and "b=GALA" in overlap


def test_query_list_in_dutch_and_as_json(capsys):
    code, out, _ = run(capsys, "query", "list", "--lang", "nl")
    assert code == 0 and "Overlap van twee akkoorden" in out
    code, out, _ = run(capsys, "query", "list", "--format", "json")
    entries = {e["name"]: e for e in json.loads(out)}
    assert [p["name"] for p in entries["overlap"]["params"]] == ["a", "b"]
    assert all(e["kind"] == "quality check" and e["level"] for e in entries.values() if e["level"])


def test_query_show_gives_the_documentation_and_the_sparql(capsys):
    code, out, _ = run(capsys, "query", "show", "overlap")
    assert code == 0
    assert "Overlap van twee akkoorden" in out and "Overlap of two accords" in out
    assert "a (entity, example IZA)" in out
    assert "zorgakkoorden query run overlap --param a=IZA --param b=GALA" in out
    assert load_catalogue()["overlap"].text in out


def test_query_run_as_csv(capsys):
    code, out, _ = run(capsys, "query", "run", "overlap", "--param", "a=IZA", "--param", "b=GALA", "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out, newline="")))
    items = {row["itemLabel"] for row in table}
    assert {"preventie", "gemeenten"} <= items
    assert all(row["sourceA"] and row["sourceB"] for row in table)


def test_query_run_in_english_as_json(capsys):
    code, out, _ = run(capsys, "query", "run", "where-does-it-fall", "-p", "item=older people", "--lang", "en", "--format", "json")
    assert code == 0
    data = json.loads(out)
    frameworks = {b["frameworkLabel"]["value"] for b in data["results"]["bindings"]}
    # REL-S03, and the HLO (2025) that carries WOZO on
    assert frameworks == {"Housing, Support and Care for Older People", "Outline Agreement on Care for Older People"}


def test_query_run_as_a_table_and_markdown(capsys):
    code, out, _ = run(capsys, "query", "run", "signatories", "--format", "md")
    assert code == 0 and out.startswith("| framework | party |")
    code, out, _ = run(capsys, "query", "run", "links", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["from", "link", "to"]
    assert out.rstrip().endswith("rows)")


def test_query_run_without_labels_gives_what_the_query_projects(capsys):
    code, out, _ = run(capsys, "query", "run", "signatories", "--format", "tsv", "--no-labels")
    assert code == 0
    assert out.splitlines()[0] == "?framework\t?party\t?partyKind\t?year\t?source\t?section"


def test_query_run_on_the_oxigraph_store(capsys):
    pytest.importorskip("oxrdflib")
    code, out, _ = run(capsys, "query", "run", "overlap", "-p", "a=IZA", "-p", "b=GALA", "--store", "oxigraph", "--format", "csv")
    assert code == 0 and "preventie" in out


def test_query_run_writes_a_file_whole(capsys, tmp_path):
    target = tmp_path / "links.json"
    code, out, _ = run(capsys, "query", "run", "links", "--format", "json", "--output", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["results"]["bindings"]
    assert [p.name for p in tmp_path.iterdir()] == ["links.json"]  # no temporary file left
    missing = tmp_path / "no-such-folder" / "x.csv"
    code, _, err = run(capsys, "query", "run", "links", "--format", "csv", "--output", str(missing))
    assert code == 2 and "cannot write" in err and not missing.exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["query", "run", "overlapp"], "did you mean overlap"),
        (["query", "show", "nothing-like-it"], "no catalogue query"),
        (["query", "run", "overlap", "-p", "a=IZZA", "-p", "b=GALA"], "Closest: IZA"),
        (["query", "run", "overlap", "-p", "a=IZA"], "'b' is required"),
        (["query", "run", "overlap", "-p", "a=IZA", "-p", "b=GALA", "-p", "c=WOZO"], "unknown parameter"),
        (["query", "run", "overlap", "-p", "aIZA"], "NAME=VALUE"),
        (["query", "run", "overlap", "-p", "a=IZA", "-p", "a=GALA"], "given twice"),
        (["query", "run", "frameworks", "--lang", "english; DROP"], "language code"),
    ],
)
def test_errors_exit_with_2_and_say_why(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert out == ""


def test_sparql_runs_ones_own_query(capsys):
    code, out, _ = run(capsys, "sparql", "SELECT ?accord WHERE { ?accord a zk:Accord } ORDER BY ?accord", "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out, newline="")))
    assert "Integraal Zorgakkoord" in {row["accordLabel"] for row in table}
    code, out, _ = run(capsys, "sparql", "ASK { zid:gala zk:fundedThrough zid:fin-spuk }")  # REL-S27
    assert code == 0 and out.strip() == "true"


def test_sparql_syntax_error_gives_line_and_column(capsys):
    code, out, err = run(capsys, "sparql", "SELECT ?a WHERE {\n  ?a a zk:Accord .\n  FILTER( }")
    assert code == 2 and out == ""
    assert err.startswith("zorgakkoorden: error: <sparql>:3:")
    assert "SPARQL syntax error" in err


def test_sparql_syntax_error_in_a_file_names_the_file(capsys, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?a\nWHERE { ?a ?b }\n", encoding="utf-8")
    code, _, err = run(capsys, "sparql", "--file", str(path))
    assert code == 2 and f"{path}:2:" in err


def test_sparql_from_a_file_with_a_bound_entity(capsys, tmp_path):
    path = tmp_path / "funded.rq"
    path.write_text("SELECT ?instrument WHERE { ?framework zk:fundedThrough ?instrument }\n", encoding="utf-8")
    code, out, _ = run(capsys, "sparql", "--file", str(path), "--param", "framework=GALA", "--format", "tsv", "--no-labels")
    assert code == 0
    assert out.splitlines() == ["?instrument", "<https://w3id.org/zorgakkoorden/id/fin-spuk>"]


def test_sparql_with_the_users_own_data(capsys):
    code, out, _ = run(
        capsys, "sparql", "SELECT ?theme WHERE { ?theme a zk:Theme ; skos:prefLabel 'vitaal ouder worden'@nl }",
        "--data", str(DATA / "ambiguous.ttl"), "--format", "csv", "--no-labels",
    )
    assert code == 0 and "theme-vitaal-ouder-worden" in out


def test_sparql_needs_a_query(capsys):
    code, _, err = run(capsys, "sparql")
    assert code == 2 and "give a query" in err


def test_help_lists_the_commands_and_imports_no_heavy_library():
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run(
        [sys.executable, "-c",
         "import sys; from zorgakkoorden.cli.main import build_parser; build_parser().format_help(); "
         "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'pandas', 'networkx', 'pyvis') if m in sys.modules))"],
        capture_output=True, text=True, check=True, env=env,
    ).stdout
    assert out.strip() == "[]"
    help_text = subprocess.run(
        [sys.executable, "-m", "zorgakkoorden", "query", "--help"], capture_output=True, text=True, env=env
    ).stdout
    assert "list" in help_text and "show" in help_text and "run" in help_text


def test_the_console_script_runs_a_query():
    exe = Path(sys.executable).with_name("zorgakkoorden")
    if not exe.exists():
        pytest.skip("the console script is not installed in this environment")
    done = subprocess.run(
        [str(exe), "query", "run", "where-does-it-fall", "--param", "item=ouderen", "--format", "csv"],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Wonen, Ondersteuning en Zorg voor Ouderen" in done.stdout
    failed = subprocess.run([str(exe), "query", "run", "overlap", "--param", "a=NOPE", "--param", "b=GALA"], capture_output=True, text=True)
    assert failed.returncode == 2 and "NOPE" in failed.stderr


def test_an_empty_answer_says_what_to_try_on_standard_error(capsys):
    code, out, err = run(capsys, "query", "run", "where-does-it-fall", "-p", "item=SPUK DOS", "--format", "csv", "--lang", "en")
    assert code == 0
    assert out.splitlines() == ["framework,part,subject,relation,object,aspect,source,statement"]  # the answer stays clean
    assert "SPUK DOS is a funding instrument: try the queries provenance or funding" in err
    code, out, err = run(capsys, "query", "run", "where-does-it-fall", "-p", "item=ouderen")
    assert code == 0 and err == ""


def test_query_show_and_list_mark_optional_parameters_and_hints(capsys):
    code, out, _ = run(capsys, "query", "show", "links")
    assert code == 0 and "framework (entity, example WOZO, optional" in out
    code, out, _ = run(capsys, "query", "show", "where-does-it-fall")
    assert "when it finds nothing:" in out and "for zk:FundingInstrument: try provenance, funding" in out
    code, out, _ = run(capsys, "query", "list")
    links = next(line for line in out.splitlines() if line.startswith("links "))
    assert "[framework=WOZO]" in links
