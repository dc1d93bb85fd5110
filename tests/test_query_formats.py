"""The output formats read back by independent readers: rdflib's SPARQL results parsers (json, csv,
tsv, xml), Python's csv and json modules and ElementTree; the Markdown and text tables show
text from the graph as text."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import XSD

from zorgakkoorden.errors import MissingExtraError, ParameterError
from zorgakkoorden.namespaces import ZID
from zorgakkoorden.query.results import Rows

DATA = Path(__file__).parent / "data" / "query"
AWKWARD_TEXT = 'komma, "aanhalingstekens" | pijp\ttab\nregel\r\nterug \\ schuin * _ ` [x](y) <b>h</b> # &amp; \u00e9\u00ebn \U0001F600'


def sample() -> Rows:
    """Rows with every kind of term: IRIs, plain, language-tagged and typed literals, a blank node, gaps."""
    names = ["iri", "plain", "tagged", "integer", "decimal", "date", "year", "month", "blank", "gap"]
    vars_ = [Variable(n) for n in names]
    rows = [
        {
            vars_[0]: ZID.iza,
            vars_[1]: Literal(AWKWARD_TEXT),
            vars_[2]: Literal("Integraal Zorgakkoord", lang="nl"),
            vars_[3]: Literal(42, datatype=XSD.integer),
            vars_[4]: Literal("2.80", datatype=XSD.decimal),
            vars_[5]: Literal("2022-09-16", datatype=XSD.date),
            vars_[6]: Literal("2040", datatype=XSD.gYear),
            vars_[7]: Literal("2022-05", datatype=XSD.gYearMonth),
            vars_[8]: BNode("b0"),
        },
        {
            vars_[0]: URIRef("https://example.org/a?b=c&d=e#f"),
            vars_[1]: Literal(""),
            vars_[2]: Literal('say "hi"', lang="en"),
            vars_[3]: Literal(-7, datatype=XSD.integer),
        },
        {},  # a row with nothing bound
    ]
    return Rows("SELECT", vars_, rows)


def same(a, b) -> bool:
    """Two terms are the same, blank nodes being equal to any blank node (their labels may change)."""
    if isinstance(a, BNode) or isinstance(b, BNode):
        return isinstance(a, BNode) and isinstance(b, BNode)
    return a == b


def rdflib_read(text: str, fmt: str):
    from rdflib.query import Result

    return Result.parse(io.BytesIO(text.encode("utf-8")), format=fmt)


def assert_same_rows(rows: Rows, back) -> None:
    assert [str(v) for v in back.vars] == [str(v) for v in rows.vars]
    got = list(back.bindings)
    assert len(got) == len(rows.bindings)
    for mine, theirs in zip(rows.bindings, got):
        for v in rows.vars:
            a, b = mine.get(v), theirs.get(Variable(str(v)))
            assert (a is None and b is None) or same(a, b), (v, a, b)


@pytest.mark.parametrize("fmt", ["json", "tsv", "xml"])
def test_rdflib_reads_back_every_term_exactly(fmt):
    rows = sample()
    assert_same_rows(rows, rdflib_read(rows.render(fmt), fmt))


def test_json_is_the_w3c_layout():
    rows = sample()
    data = json.loads(rows.render("json"))
    assert data["head"]["vars"] == [str(v) for v in rows.vars]
    first, second, third = data["results"]["bindings"]
    assert first["iri"] == {"type": "uri", "value": str(ZID.iza)}
    assert first["plain"] == {"type": "literal", "value": AWKWARD_TEXT}
    assert first["tagged"] == {"type": "literal", "value": "Integraal Zorgakkoord", "xml:lang": "nl"}
    assert first["integer"] == {"type": "literal", "value": "42", "datatype": str(XSD.integer)}
    assert first["blank"]["type"] == "bnode"
    assert "gap" not in first and third == {}
    assert second["plain"] == {"type": "literal", "value": ""}


def test_csv_is_the_w3c_layout_read_by_the_csv_module():
    rows = sample()
    text = rows.render("csv")
    assert text.endswith("\r\n") and "\r\n" in text.split(AWKWARD_TEXT[:5])[0]
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert table[0] == [str(v) for v in rows.vars]
    assert len(table) == 1 + len(rows.bindings)
    first = dict(zip(table[0], table[1]))
    assert first["iri"] == str(ZID.iza)
    assert first["plain"] == AWKWARD_TEXT  # CSV keeps values as text, line breaks and all
    assert first["tagged"] == "Integraal Zorgakkoord"  # no language tag in CSV
    assert first["integer"] == "42" and first["date"] == "2022-09-16"
    assert first["blank"].startswith("_:")
    assert first["gap"] == ""
    assert table[3] == [""] * len(rows.vars)


def test_csv_is_read_back_by_rdflib():
    rows = sample()
    back = rdflib_read(rows.render("csv"), "csv")
    got = list(back.bindings)
    assert got[0][Variable("iri")] == ZID.iza
    assert str(got[0][Variable("plain")]) == AWKWARD_TEXT
    assert str(got[0][Variable("date")]) == "2022-09-16"


def test_tsv_is_the_w3c_layout():
    rows = sample()
    text = rows.render("tsv")
    lines = text.split("\n")
    assert lines[0] == "\t".join(f"?{v}" for v in rows.vars)
    assert text.endswith("\n") and len(lines) == 1 + len(rows.bindings) + 1
    cells = lines[1].split("\t")
    assert len(cells) == len(rows.vars)  # tabs and line breaks inside values are escaped
    assert cells[0] == f"<{ZID.iza}>"
    assert cells[2] == '"Integraal Zorgakkoord"@nl'
    assert cells[3] == "42"
    assert cells[5] == f'"2022-09-16"^^<{XSD.date}>'
    assert lines[3] == "\t" * (len(rows.vars) - 1)


def test_xml_is_well_formed_and_namespaced():
    rows = sample()
    root = ET.fromstring(rows.render("xml").encode("utf-8"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert root.tag == f"{ns}sparql"
    assert [v.get("name") for v in root.iter(f"{ns}variable")] == [str(v) for v in rows.vars]
    assert len(list(root.iter(f"{ns}result"))) == len(rows.bindings)


def test_ask_answers_in_every_format(kg):
    rows = kg.sparql("ASK { zid:iza a zk:Accord }")
    assert bool(rows.askAnswer) is True
    assert json.loads(rows.render("json")) == {"head": {}, "boolean": True}
    assert rdflib_read(rows.render("json"), "json").askAnswer is True
    assert rdflib_read(rows.render("xml"), "xml").askAnswer is True
    for fmt in ("table", "md", "tsv"):
        assert rows.render(fmt).strip() == "true"
    assert kg.sparql("ASK { zid:iza a zk:Programme }").render("table").strip() == "false"


def test_construct_is_turtle(kg):
    from rdflib import Graph

    rows = kg.sparql("CONSTRUCT { zid:iza skos:prefLabel ?l } WHERE { zid:iza skos:prefLabel ?l }")
    graph = Graph().parse(data=rows.render("table"), format="turtle")
    assert len(graph) == 2


def test_output_is_the_same_bytes_every_time(kg):
    first = {fmt: kg.query("links", lang="en").render(fmt) for fmt in ("table", "md", "csv", "tsv", "json", "xml")}
    for _ in range(2):
        again = {fmt: kg.query("links", lang="en").render(fmt) for fmt in first}
        assert again == first


@pytest.mark.parametrize("fmt", ["json", "tsv", "xml", "csv"])
def test_a_catalogue_answer_reads_back(kg, fmt):
    rows = kg.query("overlap", a="IZA", b="GALA", lang="en")
    back = rdflib_read(rows.render(fmt), fmt)
    if fmt == "csv":  # CSV drops types: compare the text of every value
        got = [[str(b.get(v, "")) for v in back.vars] for b in back.bindings]
        assert got == [[str(b.get(v, "")) for v in rows.vars] for b in rows.bindings]
    else:
        assert_same_rows(rows, back)


# -- readable formats ------------------------------------------------------------------


@pytest.fixture(scope="module")
def awkward():
    import zorgakkoorden

    return zorgakkoorden.load(extra=[DATA / "formats.ttl"], include_graph=False)


def awkward_rows(kg) -> Rows:
    rows = kg.sparql(
        "SELECT ?thing ?abbreviation ?description WHERE { ?thing a zk:Theme "
        "OPTIONAL { ?thing zk:abbreviation ?abbreviation } "
        "OPTIONAL { ?thing dcterms:description ?description } } ORDER BY ?thing"
    )
    return rows.with_labels(kg, "nl")


def test_markdown_escapes_what_markdown_would_read_as_markup(awkward):
    text = awkward_rows(awkward).render("md")
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == 2 + 3  # heading, rule, one line per row: line breaks do not split rows
    columns = lines[0].count(" | ") + 1
    for line in lines[2:]:
        # every unescaped pipe is a cell border
        assert len(re.findall(r"(?<!\\)\|", line)) == columns + 1
    assert "<b>" not in text and "&lt;b&gt;html&lt;/b&gt;" in text
    assert "\\[link\\]\\(javascript:x\\)" in text
    assert "\\*vet\\*" in text and "\\_schuin\\_" in text
    assert "\x1b" not in text and "\u202e" not in text


def test_markdown_renders_to_plain_text(awkward):
    """A Markdown renderer (markdown-it or Python-Markdown, whichever is installed) makes no markup of it."""
    text = awkward_rows(awkward).render("md")
    try:
        import markdown_it

        html = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    except ImportError:
        markdown = pytest.importorskip("markdown")
        html = markdown.markdown(text, extensions=["tables"])
    assert "<table>" in html
    for tag in ("<b>", "<a ", "<em>", "<strong>", "<code>", "<h1>", "<script"):
        assert tag not in html
    assert "&lt;b&gt;html&lt;/b&gt;" in html  # shown as text
    assert html.count("<tr>") == 1 + 3  # no row was split or merged


def test_the_table_shows_control_characters_as_text_and_wraps(awkward):
    rows = awkward_rows(awkward)
    text = rows.render("table", width=60)
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\u001b[31m" in text
    for line in text.splitlines():
        assert len(line) <= 60
    wide = rows.render("table")
    assert max(len(line) for line in wide.splitlines()) > 60
    assert wide.splitlines()[-1] == "(3 rows)"


def test_label_columns_stand_for_iri_columns_in_readable_formats(kg):
    rows = kg.query("links", lang="en")
    names = [str(v) for v in rows.vars]
    assert names[:2] == ["from", "fromLabel"]
    heading = rows.render("table").splitlines()[0].split()
    assert heading[0] == "from" and "fromLabel" not in heading
    assert "Integrated Care Agreement" in rows.render("md")
    shown = rows.render("md", show_iris=True).splitlines()[0]
    assert "fromLabel" in shown


def test_an_unknown_format_is_refused():
    with pytest.raises(ParameterError):
        sample().render("yaml")


# -- Python values and pandas --------------------------------------------------------


def test_records_give_python_values():
    first = sample().records(python=True)[0]
    assert first["iri"] == str(ZID.iza)
    assert first["integer"] == 42
    assert first["decimal"] == Decimal("2.80")
    assert str(first["date"]) == "2022-09-16"
    assert first["year"] == 2040
    assert first["month"] == "2022-05"
    assert first["gap"] is None
    terms = sample().records()[0]
    assert terms["tagged"] == Literal("Integraal Zorgakkoord", lang="nl")


def test_a_dataframe_where_pandas_is_installed(kg):
    pd = pytest.importorskip("pandas")
    frame = kg.query("coverage").to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == [str(v) for v in kg.query("coverage").vars]
    matrix = frame.pivot_table(index="themeLabel", columns="frameworkLabel", values="statements", aggfunc="sum")
    assert matrix.loc["preventie", "Integraal Zorgakkoord"] >= 1


def test_without_pandas_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(MissingExtraError) as info:
        sample().to_dataframe()
    assert "pip install 'zorgakkoorden[notebooks]'" in str(info.value)
    assert info.value.exit_code == 2


def test_xml_writes_the_text_of_zero_and_false():
    """rdflib's XML writer left a literal whose value is false in Python (0, 0.0, false) empty."""
    x, y, z = Variable("x"), Variable("y"), Variable("z")
    rows = Rows("SELECT", [x, y, z], [{x: Literal(0), y: Literal(False), z: Literal("0.0", datatype=XSD.decimal)}])
    root = ET.fromstring(rows.render("xml"))
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert [el.text for el in root.findall(".//s:literal", ns)] == ["0", "false", "0.0"]
    assert_same_rows(rows, rdflib_read(rows.render("xml"), "xml"))


@pytest.mark.parametrize("options", [["--store", "memory", "--engine", "rdflib"], ["--store", "memory"], []])
def test_sparql_command_writes_zero_and_false_in_xml_on_every_path(options, capsys):
    from zorgakkoorden.cli.main import main

    text = "SELECT ?x ?y WHERE { VALUES (?x ?y) { (0 false) } }"
    assert main(["sparql", text, "--format", "xml", *options]) == 0
    root = ET.fromstring(capsys.readouterr().out)
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert [el.text for el in root.findall(".//s:literal", ns)] == ["0", "false"]
