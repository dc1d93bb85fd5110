"""The graph holds the inventory: every entity and relation of Part A, the verified facts of Part B.

Table-driven: the tables live in ``tests/data/`` so the suite stands on its own.

- ``inventory_entities.csv``: inventory id, class, Dutch label and IRI of every entity of
  inventory Part A (178), the extra entities some relations need, and the entities and
  source documents of Part B.
- ``inventory_relations.csv``: every statement the 67 REL-S rows and the REL-P rows give
  (a row naming several objects gives several statements).
- ``inventory_attributes.csv``: the dated and counted facts (Part A dates and counts, the
  verified dates, amounts and counts of Part B), each with a source it must cite.

Rows whose id starts with ``UPD-`` come from the look-up of public sources on 2024-2026
(AZWA, HLO, status of each framework, the VNG and the IZA, monitors), recorded in
``graph/dataset.ttl`` as the date the graph was last checked.

The graph is loaded once per module with :func:`zorgakkoorden.load`.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
import rdflib.namespace as rns
from rdflib.namespace import DCTERMS, SKOS

import zorgakkoorden
from zorgakkoorden.namespaces import SCHEMA, ZID, ZK, ZST

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "een-tegen-eenzaamheid.ttl"

# Inventory Part C: the kinds of Part A entities and how many of each (178 in all).
PART_A_COUNTS = {
    "ACC": 10, "GOAL": 18, "ACT": 2, "THEME": 17, "FIN": 4, "LAW": 4, "INT": 11, "TGT": 16,
    "ORG": 34, "PER": 4, "PEX": 13, "LOC": 11, "RES": 16, "PUB": 12, "EVT": 1, "CIT": 5,
}
REL_S_COUNT = 67


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


ENTITIES = _read("inventory_entities.csv")
RELATIONS = _read("inventory_relations.csv")
ATTRIBUTES = _read("inventory_attributes.csv")

STATEMENTS_QUERY = """
SELECT ?st ?s ?p ?o ?source WHERE {
    ?st a ?type ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
    ?type rdfs:subClassOf* zk:Statement .
    OPTIONAL { ?st dcterms:source ?source }
}
"""


class Loaded:
    """The loaded graph with an index of its statements by (subject, predicate, object)."""

    def __init__(self, kg):
        self.kg = kg
        self.graph = kg.graph
        self.by_triple: dict[tuple, dict[URIRef, set]] = defaultdict(lambda: defaultdict(set))
        for row in kg.sparql(STATEMENTS_QUERY):
            sources = self.by_triple[(row.s, row.p, row.o)][row.st]
            if row.source is not None:
                sources.add(row.source)
        self.conflicting = set(self.graph.objects(None, ZK.conflictingStatement))


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return Loaded(zorgakkoorden.load())


def _literal(value: str, datatype: str) -> Literal:
    if datatype.startswith("@"):
        return Literal(value, lang=datatype[1:])
    if datatype == "integer":
        return Literal(int(value), datatype=rns.XSD.integer)
    if datatype == "decimal":
        return Literal(Decimal(value), datatype=rns.XSD.decimal)
    return Literal(value, datatype=rns.XSD[datatype])


def _check_stated(loaded: Loaded, s, p, o, source: URIRef | None = None) -> None:
    statements = loaded.by_triple.get((s, p, o))
    assert statements, f"no zk:Statement states {s} {p} {o}"
    sourced = {st: srcs for st, srcs in statements.items() if srcs}
    assert sourced, f"the statements of {s} {p} {o} have no dcterms:source"
    if source is not None:
        assert any(source in srcs for srcs in sourced.values()), (
            f"no statement of {s} {p} {o} cites {source}; they cite {sorted(set().union(*sourced.values()))}"
        )
    if all(st in loaded.conflicting for st in statements):
        assert (s, p, o) not in loaded.graph, f"a conflicting statement gave a plain triple: {s} {p} {o}"
    else:
        assert (s, p, o) in loaded.graph, f"the plain triple {s} {p} {o} was not derived from its statement"


# ---------------------------------------------------------------------------
# The tables themselves
# ---------------------------------------------------------------------------


def test_entity_table_covers_every_part_a_id() -> None:
    expected = {f"{kind}-{n:02d}" for kind, count in PART_A_COUNTS.items() for n in range(1, count + 1)}
    assert len(expected) == 178
    listed = [row["inventory_id"] for row in ENTITIES if row["inventory_id"].split("-")[0] in PART_A_COUNTS]
    assert set(listed) == expected, f"missing {sorted(expected - set(listed))}, unknown {sorted(set(listed) - expected)}"
    assert len(listed) == len(set(listed)), "a Part A id is listed twice"


def test_relation_table_covers_every_rel_s_row() -> None:
    expected = {f"REL-S{n:02d}" for n in range(1, REL_S_COUNT + 1)}
    listed = {row["inventory_id"] for row in RELATIONS if row["inventory_id"].startswith("REL-S")}
    assert listed == expected, f"missing {sorted(expected - listed)}"
    rel_p = {row["inventory_id"] for row in RELATIONS if row["inventory_id"].startswith("REL-P")}
    assert rel_p == {f"REL-P{n:02d}" for n in range(1, 16)}


# Inventory rows that name one thing twice, merged in the graph into one entity.
MERGED = {str(ZID["goal-gala-gezonde-generatie-2040"]): {"GOAL-08", "GOAL-09"}}


def test_entity_table_ids_are_unique() -> None:
    keys = [(row["inventory_id"], row["label_nl"]) for row in ENTITIES]
    assert len(keys) == len(set(keys))
    rows_per_iri: dict[str, set[str]] = defaultdict(set)
    for row in ENTITIES:
        rows_per_iri[row["iri"]].add(row["inventory_id"])
    twice = {iri: ids for iri, ids in rows_per_iri.items() if len(ids) > 1}
    assert twice == MERGED


# ---------------------------------------------------------------------------
# Entities, relations and attributes, row by row
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row", [pytest.param(row, id=f"{row['inventory_id']} {row['label_nl']}") for row in ENTITIES]
)
def test_entity(loaded: Loaded, row: dict[str, str]) -> None:
    iri = URIRef(row["iri"])
    graph = loaded.graph
    assert (iri, RDF.type, ZK[row["class"]]) in graph, f"{iri} is not a zk:{row['class']}"
    dutch = [label for label in graph.objects(iri, SKOS.prefLabel) if label.language == "nl"]
    assert [str(label) for label in dutch] == [row["label_nl"]]
    sources = list(graph.objects(iri, DCTERMS.source))
    assert sources and all((src, RDF.type, ZK.SourceDocument) in graph for src in sources)


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(
            row,
            id=f"{row['inventory_id']} {row['subject_iri'].rsplit('/', 1)[1]} {row['predicate']} "
            f"{row['object_iri'].rsplit('/', 1)[1]}",
        )
        for row in RELATIONS
    ],
)
def test_relation(loaded: Loaded, row: dict[str, str]) -> None:
    _check_stated(loaded, URIRef(row["subject_iri"]), ZK[row["predicate"]], URIRef(row["object_iri"]))


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(
            row,
            id=f"{row['inventory_id']} {row['subject_iri'].rsplit('/', 1)[1]} {row['predicate']} {row['value']} "
            f"[{row['source_iri'].rsplit('/', 1)[1]}]",
        )
        for row in ATTRIBUTES
    ],
)
def test_attribute(loaded: Loaded, row: dict[str, str]) -> None:
    _check_stated(
        loaded,
        URIRef(row["subject_iri"]),
        ZK[row["predicate"]],
        _literal(row["value"], row["datatype"]),
        URIRef(row["source_iri"]),
    )


# ---------------------------------------------------------------------------
# Sources, conflicts, facts that must stay out
# ---------------------------------------------------------------------------


def test_every_statement_cites_a_source_document_with_an_address(loaded: Loaded) -> None:
    graph = loaded.graph
    statements = {st for per_triple in loaded.by_triple.values() for st in per_triple}
    assert len(statements) > 400
    bad = []
    for st in statements:
        sources = list(graph.objects(st, DCTERMS.source))
        if not sources or not all(
            (src, RDF.type, ZK.SourceDocument) in graph and any(True for _ in graph.objects(src, SCHEMA.url))
            for src in sources
        ):
            bad.append(st)
    assert not bad, f"statements without a source document with schema:url: {sorted(bad)[:10]}"


def test_primary_sources(loaded: Loaded) -> None:
    graph = loaded.graph
    for source, url in (
        (ZID["source-swn"], "https://www.sociaalwerknederland.nl/actueel/landelijke-akkoorden"),
        (ZID["source-vilans"], "https://www.vilans.nl/kennis/factsheet-zorgakkoorden-programmas"),
    ):
        assert (source, ZK.sourceKind, ZK.PrimarySource) in graph
        assert (source, SCHEMA.url, Literal(url, datatype=rns.XSD.anyURI)) in graph
        assert (source, DCTERMS.source, source) in graph


CONFLICTS = {
    "conflict-iza-aantal-partijen": (ZID["iza"], ZK["count"]),
    "conflict-taz-publicationdate": (ZID["taz"], ZK["publicationDate"]),
    "conflict-toekomstagenda-enddate": (ZID["toekomstagenda-gehandicaptenzorg"], ZK["endDate"]),
    "conflict-azwa-onderhandelaarsakkoord-datum": (ZID["event-azwa-onderhandelaarsakkoord"], ZK["startDate"]),
}


@pytest.mark.parametrize("name", sorted(CONFLICTS))
def test_conflict_holds_sources_apart(loaded: Loaded, name: str) -> None:
    graph = loaded.graph
    conflict = ZID[name]
    subject, predicate = CONFLICTS[name]
    assert (conflict, RDF.type, ZK.Conflict) in graph
    statements = list(graph.objects(conflict, ZK.conflictingStatement))
    assert len(statements) >= 2
    values, sources = set(), set()
    for st in statements:
        assert graph.value(st, RDF.subject) == subject
        assert graph.value(st, RDF.predicate) == predicate
        value = graph.value(st, RDF.object)
        values.add(value)
        sources.add(frozenset(graph.objects(st, DCTERMS.source)))
        assert (subject, predicate, value) not in graph, f"{name}: the plain triple of {st} was derived"
    assert len(values) == len(statements), f"{name}: two statements give the same value"
    assert len(sources) == len(statements), f"{name}: two statements share their sources"


NOT_ASSERTED = [
    # B-TAZ-08: TAZ runtime NOT FOUND.
    pytest.param(ZID["taz"], ZK["endDate"], None, id="B-TAZ-08 no TAZ end date"),
    # B-SIT-01: date of the TAZ-WOZO scheme NOT FOUND.
    pytest.param(ZID["fin-taz-wozo-regeling"], ZK["signingDate"], None, id="B-SIT-01 no scheme date"),
    pytest.param(ZID["fin-taz-wozo-regeling"], ZK["publicationDate"], None, id="B-SIT-01 no scheme publication"),
    # B-SIT-02: STOZ and the TAZ-WOZO scheme are not said to be the same or linked.
    pytest.param(ZID["fin-stoz"], None, ZID["fin-taz-wozo-regeling"], id="B-SIT-02 no STOZ link"),
    # B-IZA-04: the LHV's formal signature on 25 January 2023 was expected, not confirmed.
    pytest.param(None, None, Literal("2023-01-25", datatype=rns.XSD.date), id="B-IZA-04 no 25 Jan 2023"),
    # B-IZA-07: MIND did not sign.
    pytest.param(ZID["iza"], ZK["signedBy"], ZID["mind"], id="B-IZA-07 MIND did not sign"),
    # B-HAJ-01: final adoption date NOT FOUND.
    pytest.param(ZID["hervormingsagenda-jeugd"], ZK["signingDate"], None, id="B-HAJ-01 no adoption date"),
    # B-WOZO-05: no fixed end year.
    pytest.param(ZID["wozo"], ZK["endDate"], None, id="B-WOZO-05 no WOZO end year"),
]


@pytest.mark.parametrize("subject, predicate, obj", NOT_ASSERTED)
def test_not_found_facts_are_not_asserted(loaded: Loaded, subject, predicate, obj) -> None:
    assert not list(loaded.graph.triples((subject, predicate, obj)))
    for (s, p, o), statements in loaded.by_triple.items():
        if (subject is None or s == subject) and (predicate is None or p == predicate) and (obj is None or o == obj):
            pytest.fail(f"a statement asserts {s} {p} {o}: {sorted(statements)}")


# ---------------------------------------------------------------------------
# Current to December 2026: the AZWA, the HLO, status and the date of the last check
# ---------------------------------------------------------------------------


def test_azwa_is_an_accord_of_the_graph_with_public_sources_only(loaded: Loaded) -> None:
    graph = loaded.graph
    azwa = ZID["azwa"]
    assert (azwa, RDF.type, ZK.Accord) in graph
    assert (azwa, SKOS.prefLabel, Literal("Aanvullend Zorg- en Welzijnsakkoord", lang="nl")) in graph
    statements = [st for (s, _p, _o), per in loaded.by_triple.items() if s == azwa for st in per]
    assert len(statements) >= 15
    primary = {ZID["source-swn"], ZID["source-vilans"]}
    for st in statements:
        sources = set(graph.objects(st, DCTERMS.source))
        assert sources and not sources & primary, f"{st} cites {sorted(sources)}"


def test_vng_signed_the_azwa_under_reservation(loaded: Loaded) -> None:
    graph = loaded.graph
    st = ZST["azwa-signedby-vng"]
    assert graph.value(st, ZK.underReservation) == Literal(True)
    assert graph.value(st, ZK.onDate) == Literal("2025-09-08", datatype=rns.XSD.date)


def test_vng_withdrawal_from_the_iza_is_a_dated_statement(loaded: Loaded) -> None:
    graph = loaded.graph
    st = ZST["vng-withdrewfrom-iza"]
    assert (ZID["vng"], ZK.withdrewFrom, ZID["iza"]) in graph
    assert graph.value(st, ZK.onDate) == Literal("2024-11-29", datatype=rns.XSD.date)


STATUS_QUERY = """
SELECT ?framework ?status ?asOf ?source WHERE {
    ?st rdf:subject ?framework ; rdf:predicate zk:status ; rdf:object ?status ; dcterms:source ?source .
    OPTIONAL { ?st zk:asOf ?asOf }
}
"""


def test_every_status_has_a_date_and_a_public_source(loaded: Loaded) -> None:
    rows = list(loaded.kg.sparql(STATUS_QUERY))
    frameworks = {row.framework for row in rows}
    assert {ZID["iza"], ZID["gala"], ZID["wozo"], ZID["azwa"], ZID["hlo"]} <= frameworks
    for row in rows:
        assert row.asOf is not None, f"the status of {row.framework} has no zk:asOf"
        assert row.source not in {ZID["source-swn"], ZID["source-vilans"]}
        assert (row.status, RDF.type, ZK.Status) in loaded.graph


def test_wozo_is_succeeded_by_the_hlo(loaded: Loaded) -> None:
    graph = loaded.graph
    assert (ZID["wozo"], ZK.status, ZK.Succeeded) in graph
    assert (ZID["hlo"], ZK["continues"], ZID["wozo"]) in graph


def test_the_graph_says_when_it_was_last_checked_against_public_sources(loaded: Loaded) -> None:
    checked = list(loaded.graph.objects(ZID["dataset"], ZK.checkedAgainstSources))
    assert checked == [Literal("2026-12-06", datatype=rns.XSD.date)]


def test_example_programme_is_not_in_the_graph(loaded: Loaded) -> None:
    assert not list(loaded.graph.triples((ZID["een-tegen-eenzaamheid"], None, None)))


def test_example_loads_with_the_graph_and_adds_a_programme(loaded: Loaded) -> None:
    kg = zorgakkoorden.load(extra=[EXAMPLE])
    graph = kg.graph
    ete = ZID["een-tegen-eenzaamheid"]
    assert (ete, RDF.type, ZK.Programme) in graph
    assert (ete, SKOS.prefLabel, Literal("Eén tegen eenzaamheid", lang="nl")) in graph
    programmes = set(graph.subjects(RDF.type, ZK.Programme))
    assert programmes - set(loaded.graph.subjects(RDF.type, ZK.Programme)) == {ete}
    assert (ete, ZK.elaborates, ZID["pact-voor-de-ouderenzorg"]) in graph
    assert (ZST["een-tegen-eenzaamheid-elaborates-pact-voor-de-ouderenzorg"], RDF.type, ZK.AccordLink) in graph
    assert (ete, ZK.amountEUR, Literal("26000000", datatype=rns.XSD.decimal)) in graph
    assert (ZID["vws"], ZK.responsibleFor, ete) in graph
    for st in graph.subjects(RDF.subject, ete):
        for src in graph.objects(st, DCTERMS.source):
            assert (src, RDF.type, ZK.SourceDocument) in graph
            assert any(True for _ in graph.objects(src, SCHEMA.url))
