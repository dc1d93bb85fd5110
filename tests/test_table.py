"""`zorgakkoorden table`: template -> filled in -> import -> check -> query; bad rows; round trip."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from zorgakkoorden.cli.main import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "een-tegen-eenzaamheid"


def _rows(sheet: str) -> list[list[str]]:
    with open(EXAMPLE / f"{sheet}.csv", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_template_lists_the_vocabulary_from_the_ontology(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "t.xlsx"
    assert main(["table", "template", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["entities", "statements", "sources", "vocabulary"]
    assert [c.value for c in book["statements"][1]][:4] == ["id", "subject", "relation", "object"]
    vocabulary = {row[1]: row for row in book["vocabulary"].iter_rows(min_row=2, values_only=True)}
    assert vocabulary["zk:complements"][2:4] == ("vult aan", "complements")
    assert vocabulary["zk:signedBy"][4].startswith("beleidskader")  # the domain, from the ontology
    assert vocabulary["zk:count"][5].startswith("een geheel getal")
    assert vocabulary["zk:Accord"][2] == "akkoord" and vocabulary["zk:Accord"][6]  # an example from the graph
    again = tmp_path / "again.xlsx"
    main(["table", "template", "--out", str(again)])
    assert out.read_bytes() == again.read_bytes()


def test_template_filled_in_imports_checks_and_answers_the_framework_query(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    book_path = tmp_path / "accord.xlsx"
    assert main(["table", "template", "--out", str(book_path)]) == 0
    book = openpyxl.load_workbook(book_path)
    for sheet in ("entities", "statements", "sources"):
        for row in _rows(sheet)[1:]:
            book[sheet].append([cell or None for cell in row])
    book.save(book_path)
    assert len(_rows("entities")) - 1 == 5 and len(_rows("statements")) - 1 == 12 and len(_rows("sources")) - 1 == 2
    ttl = tmp_path / "accord.ttl"
    assert main(["table", "import", str(book_path), "--out", str(ttl)]) == 0
    capsys.readouterr()
    assert main(["check", str(ttl)]) == 0
    capsys.readouterr()
    assert main(["query", "run", "framework", "--data", str(ttl), "--param", "framework=Eén tegen eenzaamheid",
                 "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    rows = answer["results"]["bindings"] if "results" in answer else answer["rows"]
    # the framework's own description comes first (no statement: it is an entity's property)
    facts = [r for r in rows if r.get("statement")]
    statements = {r["statement"]["value"] if isinstance(r["statement"], dict) else r["statement"] for r in facts}
    assert len(statements) == 12
    assert all(r.get("source") for r in rows)
    # the same rows from the CSV folder give the same Turtle as the workbook, and as examples/
    from_csv = tmp_path / "from-csv.ttl"
    assert main(["table", "import", str(EXAMPLE), "--out", str(from_csv)]) == 0
    strip = lambda text: text.split("\n", 2)[2]  # the header names the table it came from
    assert strip(from_csv.read_text(encoding="utf-8")) == strip(ttl.read_text(encoding="utf-8"))
    assert strip((REPO / "examples" / "een-tegen-eenzaamheid.ttl").read_text(encoding="utf-8")) == strip(ttl.read_text(encoding="utf-8"))


def _bad_copy(tmp_path, sheet: str, row: int, column: str, value: str) -> Path:
    folder = tmp_path / "bad"
    shutil.copytree(EXAMPLE, folder)
    rows = _rows(sheet)
    rows[row - 1][rows[0].index(column)] = value
    with open(folder / f"{sheet}.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return folder


@pytest.mark.parametrize(
    "sheet, row, column, value, expected",
    [
        ("statements", 7, "relation", "vult eraan", "'vult eraan' is not a relation; closest: 'vult aan' (zk:complements)"),
        ("statements", 8, "object", "Eén tegen eenzaamheden", "no entity has the name, abbreviation or IRI 'Eén tegen eenzaamheden'"),
        ("statements", 6, "object", "2024-05-01", "'2024-05-01' is a date, but 'aantal' (zk:count) takes a whole number"),
        ("statements", 9, "source", "", "a source is missing"),
        ("entities", 5, "id", "actionline-ete-signaleren", "duplicate id zid:actionline-ete-signaleren: entities.csv, row 4 has it too"),
        ("sources", 2, "url", "ftp://www.blikopnieuws.nl/x.html", "'ftp://www.blikopnieuws.nl/x.html' is not an http(s) address"),
        ("statements", 7, "object", "ouderen", "'ouderen' (zid:tg-ouderen) is of the class 'doelgroep', but the object of 'heeft actielijn' (zk:hasActionLine) must be of the class 'actielijn'"),
    ],
)
def test_bad_rows_are_named_with_row_and_column_and_nothing_is_written(tmp_path, capsys, sheet, row, column, value, expected):
    folder = _bad_copy(tmp_path, sheet, row, column, value)
    out = tmp_path / "out.ttl"
    assert main(["table", "import", str(folder), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{folder / (sheet + '.csv')}, row {row}, column {column}: " in err
    assert expected in err
    assert "Traceback" not in err
    assert not out.exists()


def test_unreadable_table_exits_2(tmp_path, capsys):
    assert main(["table", "import", str(tmp_path / "missing.xlsx")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


@pytest.mark.slow
def test_round_trip_of_the_whole_graph_is_isomorphic(tmp_path):
    pytest.importorskip("openpyxl")
    book = tmp_path / "all.xlsx"
    assert main(["table", "export", "--out", str(book)]) == 0
    ttl = tmp_path / "all.ttl"
    assert main(["table", "import", str(book), "--without-graph", "--out", str(ttl)]) == 0
    original = Graph()
    for path in sorted((REPO / "graph").rglob("*.ttl")):
        original.parse(path)
    back = Graph().parse(ttl)
    assert len(back) == len(original)
    assert isomorphic(original, back)
    # what the graph says of a statement (zk:asOf, zk:atLevel, ...) has its own column, not extra
    with _export_csv(tmp_path) as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    assert rows["azwa-status-running"]["as_of"] == "2025-09-08" and rows["azwa-status-running"]["object"] == "zk:Running"
    assert rows["iza-signedby-vng"]["under_reservation"] == "true"
    assert not any(r["extra"] for r in rows.values())
    # the imported file passes check together with the graph
    assert main(["check", str(ttl)]) == 0


def _export_csv(tmp_path):
    folder = tmp_path / "all-csv"
    assert main(["table", "export", "--out", str(folder)]) == 0
    return open(folder / "statements.csv", encoding="utf-8")


def test_template_lists_every_property_of_the_ontology_and_a_column_for_each_statement_property(tmp_path):
    from rdflib.namespace import OWL, RDF, RDFS

    from zorgakkoorden.authoring.vocabulary import derived_properties
    from zorgakkoorden.namespaces import ZK

    ontology = Graph().parse(REPO / "ontology" / "zorgakkoorden.ttl")
    folder = tmp_path / "template"
    assert main(["table", "template", "--out", str(folder)]) == 0
    with open(folder / "vocabulary.csv", encoding="utf-8") as handle:
        vocabulary = {r["curie"]: r for r in csv.DictReader(handle)}
    properties = {p for t in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in ontology.subjects(RDF.type, t)
                  if str(p).startswith(str(ZK)) and p not in (ZK.relation, ZK.attribute)}
    derived = set(derived_properties())
    assert derived == {ZK.instanceOf, ZK.tiesFramework, ZK.tiesItem, ZK.tiesVia}  # what ontology/rules/ writes
    missing = sorted("zk:" + str(p)[len(str(ZK)):] for p in properties - derived
                     if "zk:" + str(p)[len(str(ZK)):] not in vocabulary)
    assert not missing, missing
    assert not any("zk:" + str(p)[len(str(ZK)):] in vocabulary for p in derived)
    # the new terms: relations, values of a class of values, statement columns
    assert vocabulary["zk:status"]["kind"] == "relatie / relation" and "lopend" in vocabulary["zk:status"]["object_must_be"]
    assert vocabulary["zk:hasPrinciple"]["object_must_be"].startswith("uitgangspunt")
    assert vocabulary["zk:Running"]["kind"] == "waarde / value" and vocabulary["zk:Running"]["label_nl"] == "lopend"
    assert vocabulary["zk:asOf"]["column"] == "as_of, stand_per"
    assert vocabulary["zk:checkedAgainstSources"]["column"] == "extra"
    with open(folder / "statements.csv", encoding="utf-8") as handle:
        headings = next(csv.reader(handle))
    statement_properties = {p for c in (ZK.Statement, ZK.AccordLink) for p in ontology.subjects(RDFS.domain, c)} - derived
    assert len(statement_properties) == 9  # aspect, section, year, citation have fixed columns; the rest one each
    assert headings[-6:] == ["as_of", "aspect_about", "at_level", "on_date", "under_reservation", "extra"]


def _with_statement(tmp_path, headings: list[str], cells: list[str]) -> Path:
    """The example's CSV folder with extra statement columns and one more row (the other rows leave them empty).

    ``headings`` ends with ``object``: the new row's object, in the sheet's own object column.
    """
    folder = tmp_path / "with-status"
    shutil.copytree(EXAMPLE, folder)
    rows = _rows("statements")
    source = rows[1][rows[0].index("source")]
    extra = dict(zip(headings, cells))
    obj = extra.pop("object")
    rows[0] += list(extra)
    for row in rows[1:]:
        row += [""] * len(extra)
    rows.append(["", "Eén tegen eenzaamheid", "heeft status", obj, "", "", source, "", "", "", ""] + list(extra.values()))
    with open(folder / "statements.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return folder


def test_statement_properties_read_from_dutch_headings_with_values_by_their_labels(tmp_path, capsys):
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from zorgakkoorden.namespaces import ZID, ZK, ZST

    headings = ["Stand per", "Op niveau", "Onder voorbehoud", "Aspect gaat over", "object"]
    folder = _with_statement(tmp_path, headings, ["2025-12", "landelijk; gemeentelijk", "nee", "ouderen", "lopend"])
    out = tmp_path / "out.ttl"
    assert main(["table", "import", str(folder), "--out", str(out)]) == 0
    graph = Graph().parse(out)
    statement = ZST["een-tegen-eenzaamheid-status-running"]
    assert (statement, URIRef(str(ZK) + "status"), None) not in graph  # a statement, not a plain triple
    assert graph.value(statement, ZK.asOf) == Literal("2025-12", datatype=XSD.gYearMonth)
    assert set(graph.objects(statement, ZK.atLevel)) == {ZK.NationalLevel, ZK.MunicipalLevel}
    assert graph.value(statement, ZK.underReservation) == Literal(False)
    assert graph.value(statement, ZK.aspectAbout) == ZID["tg-ouderen"]
    assert graph.value(statement, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")) == ZK.Running
    capsys.readouterr()
    assert main(["check", str(out)]) == 0


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("object", "loopt", "column object: 'loopt' is not a value of 'heeft status' (zk:status); closest: 'lopend' (zk:Running)"),
        ("Stand per", "2025-13", "column Stand per (as_of): '2025-13' is not a date"),
        ("Op niveau", "provinciaal", "column Op niveau (at_level): 'provinciaal' is not a value of 'op niveau' (zk:atLevel); closest: 'regionaal' (zk:RegionalLevel)"),
        ("Op niveau", "ouderen", "column Op niveau (at_level): 'ouderen' is not a value of 'op niveau' (zk:atLevel)"),
        ("Onder voorbehoud", "misschien", "column Onder voorbehoud (under_reservation): 'misschien' is not true or false"),
        ("Aspect gaat over", "ouderenn", "column Aspect gaat over (aspect_about): no entity has the name, abbreviation or IRI 'ouderenn'"),
    ],
)
def test_wrong_statement_property_cells_are_named_with_their_heading(tmp_path, capsys, column, value, expected):
    headings = ["Stand per", "Op niveau", "Onder voorbehoud", "Aspect gaat over", "object"]
    cells = dict(zip(headings, ["2025-12", "landelijk", "nee", "ouderen", "lopend"]))
    cells[column] = value
    folder = _with_statement(tmp_path, headings, [cells[h] for h in headings])
    out = tmp_path / "out.ttl"
    assert main(["table", "import", str(folder), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"statements.csv, row 14, {expected}" in err
    assert "Traceback" not in err and not out.exists()


def test_a_filled_column_the_sheet_does_not_have_is_named_not_lost(tmp_path, capsys):
    headings = ["Stand pr", "object"]  # a typo in the heading of as_of (stand per)
    folder = _with_statement(tmp_path, headings, ["2025-12", "lopend"])
    out = tmp_path / "out.ttl"
    assert main(["table", "import", str(folder), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert ("statements.csv, row 14, column Stand pr: 'Stand pr' is not a column of the sheet statements, so its cells "
            "would be lost; closest: 'stand_per'") in err
    assert not out.exists()


def test_a_column_headed_with_a_hash_is_the_analysts_own_and_left_out(tmp_path, capsys):
    headings = ["# opmerking", "object"]  # the analyst's own notes beside the rows
    folder = _with_statement(tmp_path, headings, ["nog navragen bij VWS", "lopend"])
    out = tmp_path / "out.ttl"
    assert main(["table", "import", str(folder), "--out", str(out)]) == 0, capsys.readouterr().err
    assert "navragen" not in out.read_text(encoding="utf-8")


def test_a_node_of_another_vocabulary_needs_no_name_or_source_but_an_entity_does(tmp_path, capsys):
    folder = tmp_path / "dataset"
    shutil.copytree(EXAMPLE, folder)
    rows = _rows("entities")
    heading = rows[0]
    dataset = dict.fromkeys(heading, "")
    dataset.update({"id": "my-dataset", "class": "<http://www.w3.org/ns/dcat#Dataset>",
                    "extra": 'dcterms:title "Mijn aanvulling"@nl ; zk:checkedAgainstSources "2026-12-01"^^xsd:date'})
    rows.append([dataset[h] for h in heading])
    with open(folder / "entities.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    out = tmp_path / "out.ttl"
    assert main(["table", "import", str(folder), "--out", str(out)]) == 0
    assert "zid:my-dataset a <http://www.w3.org/ns/dcat#Dataset>" in out.read_text(encoding="utf-8").replace("\n    ", " ")
    rows[2][heading.index("source")] = ""  # an entity of the ontology's classes still needs its source
    with open(folder / "entities.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    assert main(["table", "import", str(folder), "--out", str(tmp_path / "bad.ttl")]) == 1
    assert "entities.csv, row 3, column source: a source is missing" in capsys.readouterr().err


def test_export_of_one_framework_holds_its_statements(tmp_path):
    assert main(["table", "export", "--framework", "TAZ", "--out", str(tmp_path / "taz")]) == 0
    with open(tmp_path / "taz" / "statements.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all("zid:taz" in (r["subject"], r["object"]) for r in rows)
    with open(tmp_path / "taz" / "entities.csv", encoding="utf-8") as handle:
        assert "taz" in {r["id"] for r in csv.DictReader(handle)}


def test_dutch_headings_and_sheet_names_are_read(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    dutch = {"entities": "entiteiten", "statements": "beweringen", "sources": "bronnen"}
    headings = {"class": "klasse", "label_nl": "naam_nl", "label_en": "naam_en", "source": "bron",
                "subject": "onderwerp", "relation": "relatie", "object": "voorwerp", "title": "titel", "url": "adres",
                "kind": "soort", "section": "sectie", "year": "jaar", "publisher": "uitgever", "date": "datum"}
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, name in dutch.items():
        ws = book.create_sheet(name)
        rows = _rows(sheet)
        ws.append([headings.get(h, h) for h in rows[0]])
        for row in rows[1:]:
            ws.append([cell or None for cell in row])
    path = tmp_path / "nl.xlsx"
    book.save(path)
    out = tmp_path / "nl.ttl"
    assert main(["table", "import", str(path), "--out", str(out)]) == 0
    strip = lambda text: text.split("\n", 2)[2]
    assert strip(out.read_text(encoding="utf-8")) == strip((REPO / "examples" / "een-tegen-eenzaamheid.ttl").read_text(encoding="utf-8"))


def test_a_workbook_without_openpyxl_names_the_extra(tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if the extra 'tables' were not installed
    assert main(["table", "template", "--out", str(tmp_path / "t.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "pip install 'zorgakkoorden[tables]'" in err and "Traceback" not in err
    assert not (tmp_path / "t.xlsx").exists()
    assert main(["table", "template", "--out", str(tmp_path / "csv")]) == 0  # CSV files need nothing more
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["entities.csv", "sources.csv", "statements.csv", "vocabulary.csv"]
