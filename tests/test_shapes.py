"""The SHACL shapes (ontology/shapes.ttl): each rule fires on its broken node, at its level.

Fixtures: tests/data/bad/base.ttl (a small valid graph, every shape holds) and
tests/data/bad/shapes-fire.ttl (one broken node per rule), loaded without graph/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

import zorgakkoorden
from zorgakkoorden.namespaces import ZID, ZK, ZST
from zorgakkoorden.paths import shapes_file
from zorgakkoorden.validate import run_checks
from zorgakkoorden.validate.engine import runner_for
from zorgakkoorden.validate.shacl import SHAPES_NS, focus_nodes, load_shapes, validate_shapes, validate_with_pyshacl

BAD = Path(__file__).resolve().parent / "data" / "bad"
BASE = BAD / "base.ttl"
FIRE = BAD / "shapes-fire.ttl"
SH = "http://www.w3.org/ns/shacl#"

# rule (shape), focus node, level: every rule of shapes.ttl has at least one row
FIRES = [
    ("zks:OneClass", ZID["one-class"], "error"),
    ("zks:ConcreteClass", ZID["concrete-class"], "warning"),
    ("zks:DutchLabel", ZID["dutch-label"], "error"),
    ("zks:PrefLabelLanguages", ZID["pref-label-languages"], "error"),
    ("zks:UniqueDutchLabel", ZID["unique-dutch-label-1"], "error"),
    ("zks:UniqueDutchLabel", ZID["unique-dutch-label-2"], "error"),
    ("zks:AltLabelLanguage", ZID["alt-label-language"], "error"),
    ("zks:DescriptionLanguage", ZID["description-language"], "error"),
    ("zks:AbbreviationLiteral", ZID["abbreviation-literal"], "error"),
    ("zks:EntitySource", ZID["entity-source"], "error"),
    ("zks:EntitySource", ZID["entity-source-kind"], "error"),
    ("zks:EnglishLabelKey", ZID["theme-english-label-key"], "warning"),
    ("zks:EnglishLabelOther", ZID["english-label-other"], "info"),
    ("zks:EntityIriConvention", ZID["Entity_IRI_Convention"], "warning"),
    ("zks:EntityIriConvention", ZID["entity-iri-convention-theme"], "warning"),
    ("zks:ActionLineOfFramework", ZID["actionline-of-framework"], "warning"),
    ("zks:ThemeInScheme", ZID["theme-in-scheme"], "warning"),
    ("zks:ThemeBroader", ZID["theme-broader"], "error"),
    ("zks:ThemeHasFramework", ZID["theme-has-framework"], "warning"),
    ("zks:SourceUrl", ZID["source-url"], "error"),
    ("zks:SourceKind", ZID["source-kind"], "error"),
    ("zks:StatementOneClass", ZST["statement-one-class"], "error"),
    ("zks:StatementSubject", ZST["statement-subject"], "error"),
    ("zks:StatementPredicate", ZST["statement-predicate"], "error"),
    ("zks:StatementObject", ZST["statement-object"], "error"),
    ("zks:StatementSource", ZST["statement-source"], "error"),
    ("zks:StatementPredicateKind", ZST["statement-predicate-kind"], "error"),
    ("zks:StatementObjectKind", ZST["statement-object-kind"], "error"),
    ("zks:StatementRange", ZST["statement-range"], "error"),
    ("zks:StatementRange", ZST["statement-range-datatype"], "error"),  # zk:targetYear takes an xsd:gYear
    ("zks:StatementDomain", ZST["statement-domain"], "error"),
    ("zks:StatementDate", ZST["statement-date"], "error"),
    ("zks:StatementAspect", ZST["statement-aspect"], "error"),
    ("zks:StatementYear", ZST["statement-year"], "error"),
    ("zks:StatementCitation", ZST["statement-citation"], "error"),
    ("zks:StatementSection", ZST["statement-section"], "error"),
    ("zks:StatementLinkType", ZST["statement-link-type"], "warning"),
    ("zks:StatementAspectAbout", ZST["statement-aspect-about"], "error"),
    ("zks:StatementLevel", ZST["statement-level"], "error"),
    ("zks:StatementAsOf", ZST["statement-as-of"], "error"),
    ("zks:StatementOnDate", ZST["statement-on-date"], "error"),
    ("zks:StatementReservation", ZST["statement-reservation"], "error"),
    ("zks:StatusAsOf", ZST["status-as-of"], "error"),
    ("zks:AccordLinkAspect", ZST["accord-link-aspect"], "warning"),
    ("zks:ReifiedNodeShape", ZST["reified-node"], "error"),
    ("zks:AccordLinkSubject", ZST["accord-link-subject"], "error"),
    ("zks:AccordLinkObject", ZST["accord-link-object"], "error"),
    ("zks:AccordLinkPredicate", ZST["accord-link-predicate"], "error"),
    ("zks:ConflictOneClass", ZID["conflict-one-class"], "error"),
    ("zks:ConflictLabel", ZID["conflict-label"], "error"),
    ("zks:ConflictSource", ZID["conflict-source"], "warning"),
    ("zks:ConflictStatements", ZID["conflict-statements"], "error"),
    ("zks:ConflictSources", ZID["conflict-sources"], "error"),
    ("zks:ConflictSameFact", ZID["conflict-same-fact"], "warning"),
    ("zks:CitedFramework", ZID["cit-cited-framework"], "error"),
    ("zks:CitedYear", ZID["cit-cited-year"], "error"),
    ("zks:CitedIn", ZID["cit-cited-in"], "warning"),
]

# nodes of shapes-fire.ttl that must NOT trip a rule they resemble (the value is right there)
QUIET = [
    ("zks:StatementDate", ZST["statement-year"]),  # a link's zk:year is not a date of the statement
    ("zks:StatementLinkType", ZST["statement-one-class"]),  # typed zk:AccordLink too
    ("zks:StatusAsOf", ZST["statement-as-of"]),  # it has a zk:asOf, only a malformed one
    ("zks:AccordLinkAspect", ZST["test-programma-elaborates-test-akkoord"]),  # aspect in Dutch and English
    ("zks:EntitySource", ZID["source-url"]),  # a source names itself
]


@pytest.fixture(scope="module")
def fired():
    """Every finding on base + shapes-fire, as (rule, focus) -> set of levels."""
    kg = zorgakkoorden.load(extra=[BASE, FIRE], include_graph=False)
    result = run_checks(kg)
    found: dict = {}
    for f in result.findings:
        found.setdefault((f.rule, f.focus), set()).add(f.level)
    return found, result


def _shape_rules() -> set[str]:
    """Every rule of shapes.ttl: the shapes of ours that carry an sh:severity."""
    g = Graph().parse(shapes_file())
    return {
        "zks:" + str(s)[len(SHAPES_NS):]
        for s in g.subjects(URIRef(SH + "severity"), None)
        if str(s).startswith(SHAPES_NS)
    }


def test_the_base_fixture_is_clean():
    kg = zorgakkoorden.load(extra=[BASE], include_graph=False)
    result = run_checks(kg)
    assert result.findings == []
    assert result.valid


@pytest.mark.parametrize("rule, focus, level", FIRES, ids=[f"{r}-{str(f).rsplit('/', 1)[-1]}" for r, f, _ in FIRES])
def test_rule_fires_on_its_node(fired, rule, focus, level):
    found, _ = fired
    assert (rule, focus) in found, f"{rule} did not fire on {focus}"
    assert found[(rule, focus)] == {level}


@pytest.mark.parametrize("rule, focus", QUIET)
def test_rule_keeps_quiet_where_it_should(fired, rule, focus):
    found, _ = fired
    assert (rule, focus) not in found


def test_every_rule_of_the_shapes_has_a_test_that_fires_it():
    tested = {rule for rule, _, _ in FIRES}
    assert _shape_rules() - tested == set()
    assert tested - _shape_rules() == set(), "the table names a rule the shapes do not have"


def test_every_rule_has_labels_in_both_languages_a_message_and_a_level():
    g = Graph().parse(shapes_file())
    for rule in _shape_rules():
        node = URIRef(SHAPES_NS + rule.split(":", 1)[1])
        langs = {lit.language for lit in g.objects(node, RDFS.label)}
        assert {"nl", "en"} <= langs, rule
        severity = g.value(node, URIRef(SH + "severity"))
        assert str(severity) in {SH + "Violation", SH + "Warning", SH + "Info"}, rule
        messages = [m for m in g.objects(node, URIRef(SH + "message")) if m.language == "en"]
        assert messages and all(len(str(m)) > 20 for m in messages), rule


def test_shapes_graph_is_valid_shacl():
    """pySHACL's meta-shapes (SHACL for SHACL) accept ontology/shapes.ttl."""
    from pyshacl import validate

    data = Graph().parse(BASE)
    conforms, _, text = validate(data, shacl_graph=Graph().parse(shapes_file()), meta_shacl=True, inference="none")
    assert "Shacl File does not validate against the Shacl Shapes Shacl file" not in text


def test_targets_follow_subclasses_without_inference():
    """sh:targetClass zk:PolicyFramework reaches accords and programmes through rdfs:subClassOf in the data."""
    kg = zorgakkoorden.load(extra=[BASE], include_graph=False)
    shapes = load_shapes()
    focus = focus_nodes(kg.graph, shapes.graph, URIRef(SHAPES_NS + "EntityShape"))
    assert {ZID["test-akkoord"], ZID["test-programma"], ZID["test-partij"], ZID["theme-testen"], ZID["source-test"]} <= focus
    assert ZST["test-akkoord-signedby-test-partij"] not in focus
    # no RDFS reasoning: nothing typed zk:Party was made up from the range of zk:signedBy
    assert (ZID["theme-testen"], RDF.type, ZK.Party) not in kg.graph


def test_one_pass_sparql_rules_agree_with_plain_pyshacl():
    """`check` runs each SPARQL constraint once over the graph; pySHACL runs it per focus node.

    Both must find the same (level, rule, focus, property, value) on a graph where every
    constraint fires.
    """
    kg = zorgakkoorden.load(extra=[BASE, FIRE], include_graph=False)
    shapes = load_shapes()

    def key(f):
        return (f.level, f.rule, f.focus, str(f.property), f.value)

    ours = {key(f) for f in validate_shapes(kg, runner_for(kg.graph, "rdflib"), shapes)}
    plain = {key(f) for f in validate_with_pyshacl(kg.graph, shapes)}
    assert ours == plain
    assert len({k[1] for k in ours}) == len(_shape_rules())


def test_rdflib_and_oxigraph_engines_find_the_same():
    pytest.importorskip("oxrdflib")
    kg = zorgakkoorden.load(extra=[BASE, FIRE], include_graph=False)
    by_rdflib = run_checks(kg, engine="rdflib")
    by_oxigraph = run_checks(kg, engine="oxigraph")
    assert by_rdflib.engine == "rdflib" and by_oxigraph.engine == "oxigraph"
    assert by_rdflib.findings == by_oxigraph.findings
    assert [f.message for f in by_rdflib.findings] == [f.message for f in by_oxigraph.findings]
    assert by_rdflib.summary == by_oxigraph.summary


def test_memory_and_oxigraph_stores_find_the_same():
    pytest.importorskip("oxrdflib")
    on_memory = run_checks(zorgakkoorden.load(extra=[BASE, FIRE], include_graph=False, store="memory"))
    on_oxigraph = run_checks(zorgakkoorden.load(extra=[BASE, FIRE], include_graph=False, store="oxigraph"))
    assert on_memory.findings == on_oxigraph.findings
    assert [(f.files, f.line, f.label) for f in on_memory.findings] == [
        (f.files, f.line, f.label) for f in on_oxigraph.findings
    ]
    assert on_memory.summary == on_oxigraph.summary
