"""The graph says what its sources say, no more: one test per item of the audit (issue 14, part 2).

Each test names the distortion or over-reading it guards against, so that a change putting it
back fails here. The graph is loaded once per module with :func:`zorgakkoorden.load`.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, Literal
import rdflib.namespace as rns
from rdflib.namespace import DCTERMS, SKOS

import zorgakkoorden
from zorgakkoorden.namespaces import ZID, ZK, ZST

GEMEENTEN_SIGNED = ZST["iza-signedby-gemeenten"]


@pytest.fixture(scope="module")
def graph():
    return zorgakkoorden.load().graph


def _texts(graph, node):
    for prop in (ZK.aspect, DCTERMS.description):
        yield from (str(text).lower() for text in graph.objects(node, prop))


def test_municipalities_signed_eventually_not_last(graph):
    """SWN says «uiteindelijk» (eventually): not that the municipalities signed last."""
    texts = list(_texts(graph, GEMEENTEN_SIGNED)) + list(_texts(graph, ZID["gemeenten"]))
    assert texts
    for text in texts:
        assert "laatste" not in text and " last" not in text, text
    assert any("uiteindelijk" in text for text in texts)
    assert any("eventually" in text for text in texts)


def test_no_signing_statement_says_someone_signed_last(graph):
    for st in graph.subjects(RDF.predicate, ZK.signedBy):
        for text in _texts(graph, st):
            assert "als laatste" not in text and "signed last" not in text, st


def test_the_overlap_is_one_finding_about_the_set_not_pairwise_links(graph):
    assert not list(graph.subjects(RDF.predicate, ZK.overlapsWith))
    assert not list(graph.triples((None, ZK.overlapsWith, None)))
    finding = ZID["finding-publicaties-overlappen"]
    assert (finding, RDF.type, ZK.Finding) in graph
    assert set(graph.objects(finding, DCTERMS.source)) == {ZID["source-vilans"]}
    about = set(graph.objects(finding, ZK.about))
    assert about == {
        ZID[name] for name in ("iza", "gala", "wozo", "taz", "toekomstagenda-gehandicaptenzorg", "zn-vgn-akkoord")
    }


def test_practice_examples_are_not_tagged_with_social_cohesion(graph):
    """The section intro speaks of social cohesion in general; no single example is tagged with it."""
    for subject in graph.subjects(ZK.addressesTheme, ZID["theme-sociale-cohesie"]):
        assert (subject, RDF.type, ZK.PracticeExample) not in graph, subject
    assert (ZID["source-swn"], ZK.about, ZID["theme-sociale-cohesie"]) in graph


def test_gala_does_not_broaden_the_iza_its_goal_is_broader(graph):
    """«streeft naar het bredere doel» compares two goals; it is not GALA widening the IZA."""
    assert (ZID["gala"], ZK.broadens, ZID["iza"]) not in graph
    assert (ZID["goal-gala-gezonde-generatie-2040"], ZK.broaderAimThan, ZID["goal-iza-samenwerking-zorgsector"]) in graph


@pytest.mark.parametrize("framework", ["iza", "gala", "wozo"])
@pytest.mark.parametrize("theme", ["theme-gemeenschappen-en-netwerken", "theme-integrale-zorg-dichtbij"])
def test_expectations_of_the_social_domain_are_not_accord_themes(graph, framework, theme):
    assert (ZID[framework], ZK.addressesTheme, ZID[theme]) not in graph
    assert (ZID["sociaal-domein"], ZK.expectedToWorkOn, ZID[theme]) in graph


@pytest.mark.parametrize("framework", ["iza", "gala", "wozo"])
def test_the_reason_for_the_plans_is_a_reason_not_a_goal(graph, framework):
    reason = ZID["reason-toekomstbestendige-zorg"]
    assert (reason, RDF.type, ZK.Reason) in graph
    assert (ZID[framework], ZK.motivatedBy, reason) in graph
    assert (ZID["goal-toekomstbestendige-zorg"], None, None) not in graph
    assert not [goal for goal in graph.objects(ZID[framework], ZK.hasGoal) if (goal, RDF.type, ZK.Reason) in graph]


def test_one_gala_goal_for_2040(graph):
    goals_2040 = {
        goal
        for goal in graph.objects(ZID["gala"], ZK.hasGoal)
        if (goal, ZK.targetYear, Literal("2040", datatype=rns.XSD.gYear)) in graph
    }
    assert goals_2040 == {ZID["goal-gala-gezonde-generatie-2040"]}
    assert (ZID["goal-gala-gezonde-bevolking-2040"], None, None) not in graph
    names = {str(label) for label in graph.objects(ZID["goal-gala-gezonde-generatie-2040"], SKOS.altLabel)}
    assert "gezonde bevolking in 2040" in names


@pytest.mark.parametrize(
    "first, second",
    [
        ("goal-wozo-ouderenzorg-passend", "goal-wozo-toekomstbestendige-ouderenzorg"),
        ("theme-hybride-zorg", "theme-digitale-hybride-processen"),
        ("zorgpartijen", "zorgsector"),
        ("zorgpartijen", "zorgorganisaties"),
        ("zorgsector", "betrokken-partijen-zorg"),
    ],
)
def test_near_duplicates_are_linked_with_a_note(graph, first, second):
    assert (ZID[first], SKOS.related, ZID[second]) in graph
    assert (ZID[second], SKOS.related, ZID[first]) in graph
    noted = [node for node in (ZID[first], ZID[second]) if list(graph.objects(node, SKOS.editorialNote))]
    assert noted, f"neither {first} nor {second} says why they are kept apart"


def test_the_two_sports_agreements_are_linked(graph):
    assert (ZID["sportakkoord-ii"], ZK["continues"], ZID["sportakkoord"]) in graph


GALA_GOALS = [
    "goal-gala-gezonde-generatie-2040",
    "goal-gala-leefstijldoelen",
    "goal-gala-optimale-omgeving",
    "goal-gala-gezonde-fysieke-leefomgeving",
    "goal-gala-sociale-basis",
    "goal-gala-gezonde-leefstijl",
    "goal-gala-mentale-gezondheid",
    "goal-gala-regionale-preventie-infrastructuur",
]


@pytest.mark.parametrize("goal", GALA_GOALS)
def test_gala_goals_point_at_their_themes(graph, goal):
    assert list(graph.objects(ZID[goal], ZK.addressesTheme)), goal


@pytest.mark.parametrize(
    "entity, cls",
    [
        ("sociaal-domein", ZK.Domain),
        ("sociaal-werk", ZK.Domain),
        ("regiokracht", ZK.Project),
        ("pub-kwaliteitskader-ouderenzorg", ZK.Publication),
        ("pub-handreiking-kwetsbare-ouderen-thuis", ZK.Publication),
    ],
)
def test_classes_fit_what_things_are(graph, entity, cls):
    types = set(graph.objects(ZID[entity], RDF.type))
    assert cls in types
    assert not types & {ZK.Organisation, ZK.OrganisationGroup, ZK.Intervention}


def test_wozo_principles_are_entities_in_our_own_words(graph):
    copied = "zelf als het kan, thuis als het kan en digitaal als het kan"
    for _s, _p, text in graph.triples((None, None, None)):
        if isinstance(text, Literal):
            assert copied not in str(text).lower()
    principles = set(graph.objects(ZID["wozo"], ZK.hasPrinciple))
    assert len(principles) == 3
    assert all((p, RDF.type, ZK.Principle) in graph for p in principles)


def test_toekomstagenda_is_linked_to_wozo_as_to_the_iza(graph):
    assert (ZID["wozo"], ZK.connectsTo, ZID["toekomstagenda-gehandicaptenzorg"]) in graph
    st = ZST["wozo-connectsto-toekomstagenda-gehandicaptenzorg"]
    assert (st, RDF.type, ZK.AccordLink) in graph
    assert (st, ZK.citation, ZID["cit-toekomstagenda-2022"]) in graph


def test_every_accord_link_has_an_aspect_in_both_languages(graph):
    missing = []
    for link in graph.subjects(RDF.type, ZK.AccordLink):
        languages = {text.language for text in graph.objects(link, ZK.aspect)}
        if not {"nl", "en"} <= languages:
            missing.append(link)
    assert not missing, sorted(missing)


def test_links_say_which_theme_they_concern(graph):
    """«Which links concern prevention» is a query on zk:aspectAbout, not a text search."""
    prevention = {
        graph.value(link, RDF.subject)
        for link in graph.subjects(ZK.aspectAbout, ZID["theme-preventie"])
        if (link, RDF.type, ZK.AccordLink) in graph
    }
    assert {ZID["gala"], ZID["preventieakkoord"], ZID["azwa"]} <= prevention


def test_every_knowledge_resource_has_a_sourced_statement_with_its_section(graph):
    """No orphan resources: each one the sources list (CBSinuwBuurt.nl, Regiobeeld.nl, Wijzer in
    de Wijk, ZorgSaamWonen, Toegang, ...) is the subject or object of a statement that names the
    section of the list it stands in."""
    orphans = []
    for resource in graph.subjects(RDF.type, ZK.KnowledgeResource):
        statements = set(graph.subjects(RDF.subject, resource)) | set(graph.subjects(RDF.object, resource))
        if not any(graph.value(st, ZK.sourceSection) is not None and graph.value(st, DCTERMS.source) is not None
                   for st in statements):
            orphans.append(str(resource))
    assert orphans == []
