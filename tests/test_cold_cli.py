"""The cold command line (:mod:`zorgakkoorden.query.cold`): a fresh `query run` or `sparql` on a
ready persistent store answers without importing rdflib, and writes byte for byte what the
rdflib path writes, in every format; what it does not do as that path does goes that path."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("oxrdflib")

from rdflib import Literal, URIRef  # noqa: E402

from zorgakkoorden.cli.main import build_parser, main  # noqa: E402
from zorgakkoorden.query import cold  # noqa: E402
from zorgakkoorden.query.catalogue import load_catalogue  # noqa: E402
from zorgakkoorden.terms import lexical_kept  # noqa: E402

from conftest import REPO  # noqa: E402

FORMATS = ("table", "md", "csv", "tsv", "json", "xml")


@pytest.fixture
def taken(monkeypatch):
    """Which runs the cold path answered (a list of True/False per `answer_cold`)."""
    from zorgakkoorden.cli import query_cmd

    seen: list[bool] = []
    real = query_cmd.answer_cold

    def spy(args, rows_of):
        text = real(args, rows_of)
        seen.append(text is not None)
        return text

    monkeypatch.setattr(query_cmd, "answer_cold", spy)
    return seen


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def rdflib_path(capsys, monkeypatch, argv: list[str]) -> tuple[int, str, str]:
    """The same command on the same store, the cold path switched off."""
    with monkeypatch.context() as patch:
        patch.setattr(cold, "open_ready", lambda spec, extra=(): None)
        return run(capsys, argv)


def catalogue_runs():
    for query in load_catalogue().catalogue_queries():
        params = [f"{p.name}={p.example}" for p in query.params if p.required and p.example]
        yield query.name, [arg for pair in params for arg in ("--param", pair)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_catalogue_query_writes_the_same_bytes_cold_as_through_rdflib(capsys, monkeypatch, taken, fmt):
    for name, params in catalogue_runs():
        for lang in ("nl", "en"):
            argv = ["query", "run", name, *params, "--format", fmt, "--lang", lang, "--store", "cache"]
            cold_answer = run(capsys, argv)
            assert rdflib_path(capsys, monkeypatch, argv) == cold_answer, (name, lang)
    went_cold = taken[::2]  # every other run is the rdflib path's
    assert went_cold[0] and sum(went_cold) >= len(went_cold) * 3 // 4  # most of them went the cold way


@pytest.mark.parametrize("fmt", FORMATS)
def test_options_and_the_memory_store_agree_with_the_cold_path(capsys, monkeypatch, taken, fmt):
    base = ["query", "run", "overlap", "--param", "a=IZA", "--param", "b=GALA", "--format", fmt]
    for extra in ([], ["--show-iris"], ["--no-labels"], ["--lang", "en", "--show-iris"]):
        cold_answer = run(capsys, [*base, *extra])
        assert taken[-1] is True, extra
        assert rdflib_path(capsys, monkeypatch, [*base, *extra]) == cold_answer
        assert run(capsys, [*base, *extra, "--store", "memory"]) == cold_answer


@pytest.mark.parametrize("fmt", FORMATS)
def test_sparql_writes_the_same_bytes_cold(capsys, monkeypatch, taken, fmt):
    texts = [
        "SELECT ?a ?n WHERE { ?a a zk:Accord ; zk:abbreviation ?n } ORDER BY ?a",
        "SELECT ?x ?d WHERE { ?x zk:publicationDate ?d } ORDER BY ?x ?d LIMIT 7",
        "ASK { zid:iza a zk:Accord }",
        'SELECT ?s ("a\\tb\\n\\"c\\"" AS ?t) (1.50 AS ?dec) (3 AS ?i) (0 AS ?zero) (false AS ?no) (0.00 AS ?nought) (BNODE("x") AS ?b) WHERE { ?s a zk:Accord } ORDER BY ?s LIMIT 2',
        "SELECT ?x ?label WHERE { ?x skos:prefLabel ?label FILTER(?x = ?a) } ORDER BY ?label",
    ]
    for text in texts:
        argv = ["sparql", text, "--format", fmt, "--param", "a=GALA"] if "?a)" in text else ["sparql", text, "--format", fmt]
        cold_answer = run(capsys, argv)
        assert taken[-1] is True, text
        assert rdflib_path(capsys, monkeypatch, argv) == cold_answer, text


def test_what_the_cold_path_does_not_do_goes_the_rdflib_way(capsys, monkeypatch, taken):
    cases = [
        ["query", "run", "overlap", "--param", "a=Nergensakkoord", "--param", "b=GALA"],  # no such name
        ["query", "run", "practice-examples-for", "--param", "about=IZA"],  # perhaps empty: a hint
        ["sparql", "CONSTRUCT { ?a a zk:Accord } WHERE { ?a a zk:Accord }"],  # Turtle is rdflib's
        ["sparql", "SELECT ?x WHERE { ?x zk:nothing ?y }", "--param", "zz=IZA"],
        ["sparql", "SELECT (NOW() AS ?t) WHERE {}"],  # a dateTime: rdflib rewrites such forms
    ]
    for argv in cases:
        cold_answer = run(capsys, argv)
        if "NOW()" in argv[1]:
            assert taken[-1] is False  # the form differs per run: only the path is checked
            continue
        assert rdflib_path(capsys, monkeypatch, argv) == cold_answer, argv
    code, _, err = run(capsys, cases[0])
    assert code == 2 and "Nergensakkoord" in err


def test_a_cold_query_run_and_sparql_import_no_rdflib(tmp_path):
    script = (
        "import sys\n"
        "from zorgakkoorden.cli.main import main\n"
        "assert main(sys.argv[1:]) == 0\n"
        "sys.stderr.write('RDFLIB=%s\\n' % ('rdflib' in sys.modules))\n"
    )
    env = {"PYTHONPATH": str(REPO / "src"), "XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for argv in (
        ["query", "run", "overlap", "--param", "a=IZA", "--param", "b=GALA"],
        ["query", "run", "where-does-it-fall", "--param", "item=ouderen", "--format", "json", "--lang", "en"],
        ["sparql", "SELECT ?a WHERE { ?a a zk:Accord } ORDER BY ?a", "--format", "csv"],
    ):
        outs = []
        for _ in range(2):  # the first builds the store and the derived files; the second is cold
            done = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, env=env, cwd=REPO)
            assert done.returncode == 0, done.stderr
            outs.append(done)
        assert "RDFLIB=False" in outs[1].stderr, argv
        assert outs[0].stdout == outs[1].stdout


def test_rdflib_keeps_the_lexical_forms_the_light_terms_keep():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    forms = {
        "integer": ["0", "7", "-12", "007", "+1", "-0", "1.0", " 1"],
        "decimal": ["1.50", "1.0", "0.5", ".5", "-3.25", "01.5", "100000000", "1e3", "+1.5"],
        "boolean": ["true", "false", "1", "0", "True"],
        "gYear": ["2023", "0999", "12345", "-0044", "2023Z"],
        "gYearMonth": ["2022-06", "2022-13", "2022-6"],
        "date": ["2023-03-16", "2023-3-16", "2023-02-30", "0999-01-01", "2023-03-16Z"],
        "anyURI": ["https://example.org/a b", "x"],
        "dateTime": ["2023-01-01T00:00:00Z"],
    }
    kept = 0
    for datatype, values in forms.items():
        for value in values:
            if lexical_kept(value, xsd + datatype):
                kept += 1
                assert str(Literal(value, datatype=URIRef(xsd + datatype))) == value, (datatype, value)
    assert kept >= 15
    assert not lexical_kept("2023-01-01T00:00:00Z", xsd + "dateTime")


def test_the_guard_decision_is_noted_only_for_plain_queries_and_checked_when_read(capsys):
    plain = "SELECT ?a WHERE { ?a a zk:Accord } LIMIT 1"
    assert cold.judge(plain, "<sparql>") is not None
    assert cold.noted_decision(plain) is not None
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    from zorgakkoorden.errors import ServiceRefusedError

    with pytest.raises(ServiceRefusedError):
        cold.judge(service, "<sparql>")
    assert cold.judge(service, "<sparql>", allow_service=True) is None  # the rdflib path runs it, as before
    assert cold.noted_decision(service) is None
    # a note that says otherwise than the guard would (written by hand here) is not believed
    path = cold._judged_path(service)
    path.write_text(json.dumps({"source": service, "text": service, "fingerprint": cold.guard_fingerprint()}), encoding="utf-8")
    assert cold.noted_decision(service) is None
    code, _, err = run(capsys, ["sparql", service])
    assert code == 2 and "SERVICE" in err
    # a note from another guard (another source, another rdflib) is judged again
    path = cold._judged_path(plain)
    entry = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**entry, "fingerprint": "other"}), encoding="utf-8")
    assert cold.noted_decision(plain) is None
    # an update is never noted, and still refused
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    code, _, err = run(capsys, ["sparql", update])
    assert code == 2 and cold.noted_decision(update) is None


def test_the_kept_catalogue_reads_back_as_parsed():
    from zorgakkoorden.query import catalogue as module

    fresh = load_catalogue()
    module._catalogues.clear()
    stamps = tuple(module._stamp(p) for p, _ in module._files(fresh["overlap"].path.parent))
    kept = module._kept_catalogue(stamps)
    if kept is None:  # files changed within the last seconds are not kept
        pytest.skip("the query files changed a moment ago")
    assert dict(kept) == dict(fresh)


def test_the_parser_of_one_command_is_the_same_as_in_the_whole_parser():
    whole = build_parser()
    one = build_parser(["query", "run"])
    sub = next(a for a in whole._actions if a.dest == "command")
    sub_one = next(a for a in one._actions if a.dest == "command")
    assert list(sub_one.choices) == ["query"]
    assert sub_one.choices["query"].format_help() == sub.choices["query"].format_help()


def test_the_plain_prefixes_are_the_namespaces():
    from zorgakkoorden.namespaces import PREFIXES
    from zorgakkoorden.prefixes import PREFIX_IRIS

    assert list(PREFIX_IRIS.items()) == [(p, str(ns)) for p, ns in PREFIXES.items()]


def test_a_file_whose_stat_is_unchanged_is_not_read_again(tmp_path, monkeypatch):
    import os
    import time

    from zorgakkoorden.store import open_store
    from zorgakkoorden.store import persistent

    mine = tmp_path / "mine.ttl"
    mine.write_text("<urn:zk:a> <urn:zk:b> 'een' .\n", encoding="utf-8")
    past = time.time_ns() - 60_000_000_000
    os.utime(mine, ns=(past, past))  # settled: its stat is noted in the manifest
    files = [mine]
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    store.build(files)
    store.close()
    assert str(mine.resolve()) in persistent.read_manifest(tmp_path / "store")["stats"]
    read: list = []
    real = persistent._digest
    monkeypatch.setattr(persistent, "_digest", lambda path: read.append(path) or real(path))
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    store.build(files)
    assert store.reused and mine not in read  # the rules are read (their stat is noted too, when settled)
    store.close()
    # the same size and modification time, other content: the change time tells
    mine.write_text("<urn:zk:a> <urn:zk:b> 'twee' .\n", encoding="utf-8")
    os.utime(mine, ns=(past, past))
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    store.build(files)
    assert not store.reused and mine in read
    assert [str(t) for t in store.plain_query("SELECT ?o WHERE { ?s ?p ?o }").rows[0].values()] == ["twee"]
    store.close()


def test_check_on_an_unchanged_graph_prints_the_kept_report(tmp_path, capsys, monkeypatch):
    import zorgakkoorden.validate as validate

    calls: list = []
    real = validate.run_checks
    monkeypatch.setattr(validate, "run_checks", lambda *a, **k: calls.append(1) or real(*a, **k))
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix zk: <https://w3id.org/zorgakkoorden/def/> .\n@prefix zid: <https://w3id.org/zorgakkoorden/id/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\nzid:kept-a a zk:Accord ; skos:prefLabel \"een\"@nl .\n",
        encoding="utf-8",
    )
    first = run(capsys, ["check", "--data", str(mine)])
    assert len(calls) == 1 and first[0] in (0, 1)
    # stdout and exit code (stderr has check's progress lines, with their times)
    again = run(capsys, ["check", "--data", str(mine)])
    assert again[:2] == first[:2] and len(calls) == 1  # kept: not validated again
    assert "unchanged since the last check" in again[2]
    json_answer = run(capsys, ["check", "--data", str(mine), "--format", "json"])  # other options: validated
    assert len(calls) == 2 and json_answer != first
    mine.write_text(mine.read_text(encoding="utf-8").replace('"een"@nl', '"twee"@nl'), encoding="utf-8")
    changed = run(capsys, ["check", "--data", str(mine)])  # a changed file: validated again
    assert len(calls) == 3 and changed[0] == first[0]
    assert run(capsys, ["check", "--data", str(mine), "--store", "memory"])[:2] == changed[:2]  # the same report on memory
    assert len(calls) == 4  # the memory store keeps no report


@pytest.mark.parametrize("name", ["iza", "zid:iza", "<https://w3id.org/zorgakkoorden/id/iza>",
                                  "https://w3id.org/zorgakkoorden/id/iza", "Integraal Zorgakkoord", "integraal  zorgakkoord",
                                  "zid:nergens", "https://example.org/x y", "", "GGD"])
def test_names_resolve_cold_as_through_rdflib(capsys, monkeypatch, name):
    argv = ["query", "run", "overlap", "--param", f"a={name}", "--param", "b=GALA", "--format", "tsv"]
    cold_answer = run(capsys, argv)
    assert rdflib_path(capsys, monkeypatch, argv) == cold_answer
