"""The vocabulary explains itself: every term in both languages, every property in the docs' table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

REPO = Path(__file__).resolve().parent.parent
ZK = "https://w3id.org/zorgakkoorden/def/"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(REPO / "ontology" / "zorgakkoorden.ttl")


def _terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(ZK) and str(s) != ZK}


def _properties(graph: Graph) -> set[URIRef]:
    return {
        s
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in graph.subjects(RDF.type, kind)
        if str(s).startswith(ZK)
    }


def test_every_term_has_a_label_and_a_definition_in_dutch_and_english(ontology):
    missing = []
    for term in _terms(ontology):
        labels = {label.language for label in ontology.objects(term, RDFS.label)}
        definitions = {text.language for text in ontology.objects(term, SKOS.definition)}
        if not ({"nl", "en"} <= labels and {"nl", "en"} <= definitions):
            missing.append(term)
    assert not missing, sorted(missing)


def test_the_new_terms_of_issue_14_are_there(ontology):
    for name in (
        "status", "asOf", "Running", "Ended", "Succeeded", "aspectAbout", "atLevel", "implementationLevel",
        "NationalLevel", "RegionalLevel", "MunicipalLevel", "WorkingGroup", "onDate", "underReservation",
        "withdrewFrom", "Principle", "hasPrinciple", "Reason", "motivatedBy", "Finding", "Domain", "Project",
        "expectedToWorkOn", "broaderAimThan", "checkedAgainstSources",
    ):
        assert (URIRef(ZK + name), None, None) in ontology, name


def test_the_modelling_docs_list_every_property(ontology):
    text = (REPO / "docs" / "modelling.md").read_text(encoding="utf-8")
    table = text[text.index("## Every property"):]
    listed = set(re.findall(r"`zk:([A-Za-z]+)`", table))
    tops = {"relation", "attribute", "linkedTo", "hasRoleIn"}
    names = {str(p)[len(ZK):] for p in _properties(ontology)}
    assert names - tops - listed == set()
