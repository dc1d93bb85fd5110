"""`zorgakkoorden fmt`: the canonical Turtle form, comments kept, the graph unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from zorgakkoorden.cli.main import main
from zorgakkoorden.errors import TurtleSyntaxError
from zorgakkoorden.turtle_format import format_text

REPO = Path(__file__).resolve().parent.parent

MESSY = '''# A header comment
# on two lines
@prefix zid: <https://w3id.org/zorgakkoorden/id/> .
@prefix zk: <https://w3id.org/zorgakkoorden/def/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix zst: <https://w3id.org/zorgakkoorden/id/statement/> .


#### Section one ####
zid:b dcterms:source zid:source-x ; skos:prefLabel "Bee"@en, "Bij"@nl ; a zk:Theme .
# about a
zid:a a zk:Accord ; skos:prefLabel "A"@nl ;
   dcterms:source zid:source-y, zid:source-x . zid:c a zk:Goal ; skos:prefLabel "C # not a comment"@nl ; dcterms:source zid:source-x .

# Section two
zst:a-count a zk:Statement ; dcterms:source zid:source-x ; rdf:object 12 ;
    rdf:predicate zk:count ; rdf:subject zid:a ; zk:aspect """two
lines"""@nl .
'''


def test_fmt_writes_the_canonical_form_and_keeps_comments():
    out = format_text(MESSY)
    comments = [line for line in MESSY.splitlines() if line.startswith("#")]
    assert [line for line in out.splitlines() if line.startswith("#")] == comments
    assert out.index("# about a") < out.index("zid:a a zk:Accord")
    assert out.index("zid:b ") < out.index("zid:a ") < out.index("zid:c ") < out.index("zst:a-count")
    assert "@prefix zk:      <https://w3id.org/zorgakkoorden/def/> ." in out
    assert out.index("@prefix zk:") < out.index("@prefix zid:") < out.index("@prefix dcterms:")
    assert 'zid:b a zk:Theme ;\n    skos:prefLabel "Bij"@nl , "Bee"@en ;\n    dcterms:source zid:source-x .' in out
    assert "    rdf:subject zid:a ; rdf:predicate zk:count ; rdf:object 12 ;" in out
    assert '"C # not a comment"@nl' in out
    assert "\n\n\n" not in out


def test_fmt_twice_changes_nothing():
    once = format_text(MESSY)
    assert format_text(once) == once


def test_fmt_keeps_what_every_file_says():
    files = sorted((REPO / "graph").rglob("*.ttl")) + sorted((REPO / "ontology").glob("*.ttl"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        out = format_text(text, path)
        before, after = Graph(), Graph()
        before.parse(data=text, format="turtle", publicID=path.as_uri())
        after.parse(data=out, format="turtle", publicID=path.as_uri())
        assert isomorphic(before, after), path
        assert format_text(out, path) == out, path
        assert [x for x in text.splitlines() if x.startswith("#")] == [x for x in out.splitlines() if x.startswith("#")]


def test_fmt_check_names_the_files_and_fmt_rewrites_them(tmp_path, capsys):
    path = tmp_path / "messy.ttl"
    path.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", "--check", str(tmp_path)]) == 1
    assert f"would reformat {path}" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == MESSY
    assert main(["fmt", str(path)]) == 0
    assert main(["fmt", "--check", str(path)]) == 0


def test_fmt_syntax_error_names_file_and_line(tmp_path, capsys):
    path = tmp_path / "broken.ttl"
    path.write_text(MESSY.replace('zid:c a zk:Goal ;', 'zid:c a zk:Goal ;;; "x" "y"'), encoding="utf-8")
    assert main(["fmt", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and "Turtle syntax error" in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") != format_text(MESSY)
    with pytest.raises(TurtleSyntaxError):
        format_text('zid:a zk:x "unclosed .\n')


def test_comments_inside_a_block_or_after_it_are_kept_above_it():
    text = MESSY.replace(
        'zid:a a zk:Accord ; skos:prefLabel "A"@nl ;',
        'zid:a a zk:Accord ; # the accord\n    skos:prefLabel "A"@nl ; # its name <not an IRI> "not a string',
    ).replace("a zk:Theme .\n# about a", "a zk:Theme . # after b\n# about a")
    out = format_text(text)
    assert format_text(out) == out
    lines = out.splitlines()
    block = lines.index("zid:a a zk:Accord ;")
    assert lines[block - 3:block] == ["# about a", "# the accord", '# its name <not an IRI> "not a string']
    assert "# after b" in lines and lines.index("# after b") < lines.index("zid:b a zk:Theme ;")
def test_fmt_check_passes_on_the_repository(capsys):
    """ontology/, graph/ and examples/ are in the canonical form (CI runs the same before pytest)."""
    paths = [REPO / "ontology", REPO / "graph", REPO / "examples"]
    assert main(["fmt", "--check", *map(str, paths)]) == 0, capsys.readouterr().err
