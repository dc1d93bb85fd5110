"""Parameters of catalogue queries: name resolution, typed values, header errors, and hostile
values that must not change any query (they are bound, never pasted into the text)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from zorgakkoorden.errors import (
    AmbiguousNameError,
    CatalogueFileError,
    ParameterError,
    QuerySyntaxError,
    UnknownNameError,
    UnknownQueryError,
)
from zorgakkoorden.namespaces import ZID
from zorgakkoorden.query.binding import bind_as_values, term_to_sparql, where_group_start
from zorgakkoorden.query.catalogue import bind_parameters, load_catalogue, parse_query_file, run_query
from zorgakkoorden.query.names import resolve

HOSTILE = [
    'IZA" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o',
    "IZA' } ; DROP ALL ; #",
    "} ; DROP GRAPH <urn:x> ; {",
    '"""',
    "a\nb\r\nc\t}",
    "<https://w3id.org/zorgakkoorden/id/iza> } ; DROP ALL",
    "https://w3id.org/zorgakkoorden/id/iza>",
    "<https://w3id.org/zorgakkoorden/id/iza> <x>",
    "zid:iza> . ?s ?p ?o",
    "?s ?p ?o",
    "\\u0022 } \\\" \\",
    "{ { { ( ) } } }",
    "zid:iza\n} DROP ALL",
    "\x00\x1b[31m",
    "\x1bABCDEF12 \\u00E9 \\U0001F600 \\uZZZZ",
]


# -- name resolution -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "IZA", "iza", "Iza", " IZA ",
        "Integraal Zorgakkoord", "integraal zorgakkoord", "Integrated Care Agreement",
        "Integraal Zorg Akkoord",  # an alternative label (the Sociaal Werk Nederland spelling)
        "zid:iza", "https://w3id.org/zorgakkoorden/id/iza", "<https://w3id.org/zorgakkoorden/id/iza>",
    ],
)
def test_names_of_the_iza_resolve_to_it(kg, name):
    assert resolve(kg, name) == ZID.iza


def test_resolution_ignores_accents_apostrophes_and_spaces(kg):
    assert resolve(kg, "clienten") == ZID["tg-clienten"]
    assert resolve(kg, "Factsheet zorgakkoorden en programma's") == ZID["source-vilans"]
    assert resolve(kg, "Factsheet   zorgakkoorden en PROGRAMMA’S") == ZID["source-vilans"]


def test_an_iri_slug_resolves(kg):
    assert resolve(kg, "toekomstagenda-gehandicaptenzorg") == ZID["toekomstagenda-gehandicaptenzorg"]
    assert resolve(kg, "tg-ouderen") == ZID["tg-ouderen"]


def test_an_unknown_name_lists_the_closest(kg):
    with pytest.raises(UnknownNameError) as info:
        resolve(kg, "IZZA")
    assert str(ZID.iza) in info.value.candidates
    assert "IZA" in str(info.value) and "zid:iza" in str(info.value)
    with pytest.raises(UnknownNameError) as info:
        resolve(kg, "Gezond en Actief Leven")
    assert str(ZID.gala) in info.value.candidates


def test_an_unknown_iri_is_unknown_and_lists_close_ones(kg):
    with pytest.raises(UnknownNameError) as info:
        resolve(kg, "zid:izaa")
    assert str(ZID.iza) in info.value.candidates
    with pytest.raises(UnknownNameError):
        resolve(kg, "https://example.org/nothing")


@pytest.fixture(scope="module")
def small():
    """Only the vocabulary and tests/data/query/ambiguous.ttl (two entities named alike)."""
    import zorgakkoorden

    return zorgakkoorden.load(extra=[Path(__file__).parent / "data" / "query" / "ambiguous.ttl"], include_graph=False)


def test_an_ambiguous_name_lists_every_match(small):
    with pytest.raises(AmbiguousNameError) as info:
        resolve(small, "vitaal ouder worden")
    assert set(info.value.candidates) == {
        str(ZID["theme-vitaal-ouder-worden"]), str(ZID["actionline-test-vitaal-ouder-worden"])
    }
    assert "zid:theme-vitaal-ouder-worden" in str(info.value)
    assert "zid:actionline-test-vitaal-ouder-worden" in str(info.value)
    assert info.value.exit_code == 2
    # the IRI, or a name only one of them has, chooses one
    assert resolve(small, "zid:theme-vitaal-ouder-worden") == ZID["theme-vitaal-ouder-worden"]
    assert resolve(small, "ageing vitally") == ZID["theme-vitaal-ouder-worden"]
    assert resolve(small, "testbron voor clienten' namen") == ZID["source-test"]


def test_an_unknown_name_exits_with_2(kg):
    with pytest.raises(UnknownNameError) as info:
        resolve(kg, "IZZA")
    assert info.value.exit_code == 2


# -- parameters of catalogue queries ---------------------------------------------------


def test_a_missing_parameter_names_it_and_its_example(kg):
    with pytest.raises(ParameterError) as info:
        kg.query("overlap", a="IZA")
    assert "'b'" in str(info.value) and "GALA" in str(info.value)


def test_an_unknown_parameter_lists_the_known_ones(kg):
    with pytest.raises(ParameterError) as info:
        kg.query("overlap", a="IZA", b="GALA", c="WOZO")
    assert "c" in str(info.value) and "a, b" in str(info.value)


def test_an_unknown_query_suggests_close_names(kg):
    with pytest.raises(UnknownQueryError) as info:
        kg.query("overlapp", a="IZA", b="GALA")
    assert "overlap" in str(info.value)


def test_an_iri_term_is_taken_as_is(kg):
    rows = kg.query("overlap", a=ZID.iza, b=ZID.gala)
    assert len(rows) == len(kg.query("overlap", a="IZA", b="GALA"))


def test_a_bad_language_is_refused(kg):
    with pytest.raises(ParameterError):
        kg.query("frameworks", lang="en'); DROP")


# -- the header format ---------------------------------------------------------------


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.rq"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


TYPED = """
    # name: typed
    # title@nl: Getypeerd
    # title@en: Typed
    # description: Echoes its parameters,
    #   one of each type.
    # param: who entity example=IZA -- an entity
    # param: text string example="two words" -- a text
    # param: n integer example=3 -- a number
    # param: day date example=2022-09-16 -- a date
    # param: lang lang example=en -- a language
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?who ?text ?n ?day ?lang ?label
    WHERE { ?who skos:prefLabel ?label . FILTER(LANG(?label) = ?lang) }
"""


def test_the_header_is_read(tmp_path):
    query = parse_query_file(write(tmp_path, "typed", TYPED))
    assert query.name == "typed"
    assert query.title("nl") == "Getypeerd" and query.title("en") == "Typed"
    assert query.description == "Echoes its parameters, one of each type."
    assert [(p.name, p.type, p.example) for p in query.params] == [
        ("who", "entity", "IZA"), ("text", "string", "two words"), ("n", "integer", "3"),
        ("day", "date", "2022-09-16"), ("lang", "lang", "en"),
    ]
    assert query.params[0].required and not query.params[-1].required
    assert not query.is_quality_check


def test_typed_values_are_bound_as_typed_literals(kg, tmp_path):
    query = parse_query_file(write(tmp_path, "typed", TYPED))
    bound = bind_parameters(kg, query, {"who": "GALA", "text": "x", "n": "7", "day": "2023-02-03", "lang": "EN"})
    assert bound == {
        "who": ZID.gala, "text": Literal("x"), "n": Literal(7, datatype=XSD.integer),
        "day": Literal("2023-02-03", datatype=XSD.date), "lang": Literal("en"),
    }
    for bad in ({"n": "seven"}, {"n": True}, {"day": "3 Feb 2023"}, {"lang": "english!"}):
        with pytest.raises(ParameterError):
            bind_parameters(kg, query, {"who": "GALA", "text": "x", "n": "7", "day": "2023-02-03", **bad})


@pytest.mark.parametrize(
    "text, message",
    [
        ("# title@nl: a\n# title@en: b\n# description: c\nSELECT * {}\n", "lacks '# name"),
        ("# name: other\n# title@nl: a\n# title@en: b\n# description: c\nSELECT * {}\n", "differs from the file name"),
        ("# name: bad\n# title@nl: a\n# title@en: b\n# description: c\n# param: x number -- x\nSELECT ?x {}\n", "type 'number'"),
        ("# name: bad\n# title@nl: a\n# title@en: b\n# description: c\n# param: x entity -- x\nSELECT ?y {}\n", "not used"),
        ("# name: bad\n# title@nl: a\n# title@en: b\n# description: c\n# level: error\nSELECT * {}\n", "only for quality"),
        ("# name: bad\n# title@nl: a\n# title@en: b\n# description: c\n# param: name entity -- x\nSELECT ?name {}\n", "reserved"),
        ("# name: bad\n# title@nl: a\n# title@en: b\n# description: c\n# param: x entity\n# param: x entity\nSELECT ?x {}\n", "twice"),
        ("# name: bad\n# title@nl: a\n# title@en: b\n# what is this\nSELECT * {}\n", "neither"),
        ("# name: bad\n# title@nl: a\n# title@en: b\n# description: c\n# hint: Theme -- provenance\nSELECT * {}\n", "prefixed class"),
        ("# name: bad\n# title@nl: a\n# title@en: b\n# description: c\n# hint: zk:Theme provenance\nSELECT * {}\n", "KIND"),
        ("# name: bad\n# title@nl: a\n# title@en: b\n# description: c\n# param: lang lang optional -- x\nSELECT ?lang {}\n", "optional already"),
    ],
)
def test_header_errors_name_the_file_and_line(tmp_path, text, message):
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueFileError) as info:
        parse_query_file(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert info.value.exit_code == 2


OPTIONAL = """
    # name: optional
    # title@nl: Optioneel
    # title@en: Optional
    # description: Lists labels, of one entity when who is given.
    # param: who entity optional example=IZA -- an entity (all when left out)
    # hint: zk:Accord -- provenance framework
    # hint: * -- search
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?who ?label
    WHERE { ?who skos:prefLabel ?label . FILTER(LANG(?label) = "nl") }
"""


def test_an_optional_parameter_may_be_left_out(request, tmp_path):
    query = parse_query_file(write(tmp_path, "optional", OPTIONAL))
    assert query.params[0].optional and not query.params[0].required
    assert [(h.kinds, h.queries) for h in query.hints] == [(("zk:Accord",), ("provenance", "framework")), (("*",), ("search",))]
    for fixture in ("kg", "kg_rdflib", "kg_oxigraph"):
        kg = request.getfixturevalue(fixture)
        assert bind_parameters(kg, query, {}) == {}
        every = run_query(kg, query, {})
        one = run_query(kg, query, {"who": "IZA"})
        assert len(one) == 1 < len(every)
        assert {str(v) for v in one.column("who")} == {str(ZID.iza)}


def test_a_hint_names_catalogue_queries_only(tmp_path):
    from zorgakkoorden.query.catalogue import load_catalogue as load

    folder = tmp_path / "queries"
    folder.mkdir()
    write(folder, "optional", OPTIONAL)
    with pytest.raises(CatalogueFileError, match="'provenance', which is not a catalogue query"):
        load(folder)


def test_the_catalogue_answers_in_and_get_without_raising():
    catalogue = load_catalogue()
    assert "overlap" in catalogue and "no-such-query" not in catalogue
    assert catalogue.get("overlap") is catalogue["overlap"] and catalogue.get("no-such-query") is None


def test_a_quality_check_needs_a_level(tmp_path):
    folder = tmp_path / "quality"
    folder.mkdir()
    path = folder / "no-level.rq"
    path.write_text("# name: no-level\n# title@nl: a\n# title@en: b\n# description: c\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(CatalogueFileError, match="level"):
        parse_query_file(path)
    path.write_text("# name: no-level\n# title@nl: a\n# title@en: b\n# description: c\n# level: warning\nSELECT * {}\n", encoding="utf-8")
    assert parse_query_file(path).level == "warning"


def test_every_file_of_the_catalogue_has_a_valid_header():
    catalogue = load_catalogue()
    assert len(catalogue.catalogue_queries()) >= 15
    for query in catalogue.values():
        assert query.name == query.path.stem
        assert query.title("nl") and query.title("en") and query.description
        for param in query.params:
            assert param.example, f"{query.name}: parameter {param.name} has no example"


# -- hostile values ------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_entity_name_is_an_unknown_name(kg, value):
    before = len(kg.graph)
    with pytest.raises((UnknownNameError, AmbiguousNameError)):
        kg.query("overlap", a=value, b="GALA")
    assert len(kg.graph) == before


ECHO = """
    # name: echo
    # title@nl: Echo
    # title@en: Echo
    # description: Gives back the text it is given, next to the IZA.
    # param: text string example=x -- any text
    # param: who entity example=IZA -- an entity
    PREFIX zk: <https://w3id.org/zorgakkoorden/def/>
    SELECT ?who ?text ?abbreviation
    WHERE { ?who zk:abbreviation ?abbreviation . }
"""


@pytest.mark.parametrize("store", ["memory", "memory-rdflib-engine", "oxigraph"])
@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_text_is_bound_as_one_literal_and_changes_nothing(request, tmp_path, store, value):
    graph = request.getfixturevalue({"memory": "kg", "memory-rdflib-engine": "kg_rdflib", "oxigraph": "kg_oxigraph"}[store])
    query = parse_query_file(write(tmp_path, "echo", ECHO))
    before = len(graph.graph)
    rows = run_query(graph, query, {"text": value, "who": "IZA"}, labels=False)
    # exactly the one row the query gives, with the value back unchanged as one plain literal
    assert [(r["who"], r["text"], str(r["abbreviation"])) for r in rows.records()] == [(ZID.iza, Literal(value), "IZA")]
    assert len(graph.graph) == before


@pytest.mark.parametrize("value", HOSTILE)
def test_a_values_block_holds_the_hostile_text_as_one_value(value):
    from rdflib.plugins.sparql import prepareQuery
    from rdflib import Graph

    text = "SELECT ?x ?y WHERE { BIND(1 AS ?y) }"
    bound = bind_as_values(text, {"x": Literal(value)})
    result = list(Graph().query(prepareQuery(bound)))
    assert result == [(Literal(value), Literal(1))]


@pytest.mark.parametrize("iri", ["https://x.org/a>b", "https://x.org/a b", 'https://x.org/"', "https://x.org/{}", "not an iri"])
def test_a_malformed_iri_is_never_written_into_a_query(iri):
    with pytest.raises(ParameterError):
        term_to_sparql(URIRef(iri))


def test_literals_are_escaped_and_tagged():
    assert term_to_sparql(Literal('a"b\\c\nd')) == '"a\\"b\\\\c\\nd"'
    assert term_to_sparql(Literal("x", lang="en")) == '"x"@en'
    assert term_to_sparql(Literal("3", datatype=XSD.integer)) == f'"3"^^<{XSD.integer}>'


def test_the_where_group_is_found_past_comments_strings_and_iris():
    text = (
        '# { a comment with a brace\nPREFIX x: <http://x.org/a#b> # {\n'
        'SELECT ?a (CONCAT("{", \'{\', """{""", ?b) AS ?c) WHERE { ?a <http://x.org/p#q> "}" }'
    )
    at = where_group_start(text)
    assert text[at - 1] == "{" and text[:at].endswith("WHERE {")
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert construct[: where_group_start(construct)].endswith("WHERE {")
    with pytest.raises(QuerySyntaxError):
        where_group_start("SELECT ?a")


def test_the_catalogue_text_is_unchanged_by_running(kg):
    query = load_catalogue()["overlap"]
    text = query.text
    kg.query("overlap", a='IZA', b="GALA")
    assert load_catalogue()["overlap"].text == text == query.path.read_text(encoding="utf-8")


def test_no_parameter_is_used_inside_a_sub_select():
    """Initial bindings (rdflib) and a VALUES block (Oxigraph) only agree outside sub-selects."""
    import re

    for query in load_catalogue().values():
        body = query.sparql
        for match in re.finditer(r"\{\s*SELECT\b", body, re.IGNORECASE):
            depth, i = 0, match.start()
            while i < len(body):
                depth += {"{": 1, "}": -1}.get(body[i], 0)
                if depth == 0:
                    break
                i += 1
            inner = body[match.start():i]
            for param in query.params:
                assert not re.search(rf"[?$]{param.name}\b", inner), f"{query.name}: ?{param.name} in a sub-select"
