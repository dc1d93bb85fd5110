"""Every catalogue query (queries/*.rq) gives the answers the two sources (and the public sources
of inventory Part B) state. Each query has its own test below; a query without one fails
`test_every_catalogue_query_has_a_test`.

The expected facts are written as prefixed IRIs of the graph (zid:iza, zk:signedBy, ...) and
cite the inventory row they come from (../shared/sources/inventory.md).
"""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from zorgakkoorden.query.catalogue import load_catalogue
from zorgakkoorden.query.results import curie

TESTED: set[str] = set()


def covers(name: str):
    """Mark a test as the one that checks catalogue query ``name``."""
    TESTED.add(name)
    return lambda func: func


def short(term) -> str | None:
    """A term as the tests write it: zid:iza for IRIs, the lexical form for literals."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return curie(term)
    return str(term)


def facts(rows, *columns: str) -> set[tuple]:
    """The rows as a set of tuples of the given columns (short forms)."""
    return {tuple(short(record[c]) for c in columns) for record in rows.records()}


def column(rows, name: str) -> set:
    return {short(v) for v in rows.column(name)}


MAIN_FRAMEWORKS = {
    "zid:iza": "zk:Accord",
    "zid:gala": "zk:Accord",
    "zid:wozo": "zk:Programme",
    "zid:taz": "zk:Programme",
    "zid:toekomstagenda-gehandicaptenzorg": "zk:Agenda",
    "zid:zn-vgn-akkoord": "zk:Accord",
    "zid:preventieakkoord": "zk:Accord",
}


def test_every_catalogue_query_has_a_test():
    names = {q.name for q in load_catalogue().catalogue_queries()}
    missing = sorted(names - TESTED)
    assert not missing, f"catalogue queries without a test in {__file__}: {missing}"


def test_the_catalogue_covers_the_questions_of_the_issue():
    names = {q.name for q in load_catalogue().catalogue_queries()}
    for needed in (
        "frameworks", "signatories", "framework-sources", "framework", "overlap", "overlap-matrix",
        "coverage", "where-does-it-fall", "responsibility", "links", "funding", "practice-examples",
        "practice-examples-for", "knowledge-resources", "provenance", "timeline",
    ):
        assert needed in names


def test_the_analysts_page_lists_every_catalogue_query():
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "docs" / "queries.md").read_text(encoding="utf-8")
    for query in load_catalogue().catalogue_queries():
        assert f"| `{query.name}` |" in page, f"docs/queries.md does not list {query.name}"


def test_the_analysts_page_maps_at_least_25_questions_to_commands():
    import re
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "docs" / "queries.md").read_text(encoding="utf-8")
    section = page.split("## Which question, which query", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "query run" in line]
    assert len(rows) >= 25
    names = {q.name for q in load_catalogue().catalogue_queries()}
    for row in rows:
        for name in re.findall(r"query run ([a-z0-9-]+)", row):
            assert name in names, row


def test_the_modelling_page_reads_each_listed_property_in_its_direction(kg):
    """docs/modelling.md: each property in the table exists, with the Dutch label its sentence uses."""
    import re
    from pathlib import Path

    from rdflib.namespace import RDFS

    page = (Path(__file__).resolve().parents[1] / "docs" / "modelling.md").read_text(encoding="utf-8")
    section = page.split("## Every property: its direction and an example", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `zk:([A-Za-z]+)` \| ([^/|]+) / [^|]+\|[^|]*\| A ([^|]+) B \|", section, re.MULTILINE)
    assert len(listed) >= 50
    zk = "https://w3id.org/zorgakkoorden/def/"
    for name, dutch, reads in listed:
        labels = {str(o) for o in kg.graph.objects(URIRef(zk + name), RDFS.label) if o.language == "nl"}
        assert dutch.strip() in labels, name
        assert reads.strip() == dutch.strip(), name
    assert "complementsResource" in {name for name, _, _ in listed}


@covers("frameworks")
def test_frameworks_kinds_and_dates(kg):
    rows = kg.query("frameworks")
    kinds = facts(rows, "framework", "kind")
    for framework, kind in MAIN_FRAMEWORKS.items():
        assert (framework, kind) in kinds  # ACC-01 .. ACC-07
    by_framework = {}
    for record in rows.records():
        by_framework.setdefault(short(record["framework"]), []).append(record)
    iza = by_framework["zid:iza"][0]
    assert str(iza["signingDate"]) == "2022-09-16"  # B-IZA-01
    assert str(iza["abbreviation"]) == "IZA"
    assert str(by_framework["zid:gala"][0]["signingDate"]) == "2023-02-03"  # B-GALA-01
    assert str(by_framework["zid:preventieakkoord"][0]["publicationDate"]) == "2018-11-23"  # B-PA-01
    assert str(by_framework["zid:toekomstagenda-gehandicaptenzorg"][0]["publicationDate"]) == "2021-05-26"  # B-TA-01
    # the TAZ publication date is disputed (B-TAZ-01/02): no settled date is shown
    assert all(r["publicationDate"] is None for r in by_framework["zid:taz"])
    # the label columns come in the chosen language
    english = {short(r["framework"]): str(r["frameworkLabel"]) for r in kg.query("frameworks", lang="en").records()}
    assert english["zid:gala"] == "Healthy and Active Living Agreement"


@covers("signatories")
def test_signatories_of_iza_and_gala(kg):
    rows = kg.query("signatories")
    signed = facts(rows, "framework", "party", "source")
    # REL-S24 (Sociaal Werk Nederland's page): hospitals, mental health care, GPs, VVT,
    # insurers and finally the municipalities signed the IZA
    for party in ("zid:ziekenhuizen", "zid:ggz", "zid:huisartsen", "zid:vvt", "zid:zorgverzekeraars", "zid:gemeenten"):
        assert ("zid:iza", party, "zid:source-swn") in signed
    # B-GALA-02: VNG, GGD GHOR Nederland, ZN and the ministry of VWS signed GALA
    gala = {p for f, p, _ in signed if f == "zid:gala"}
    assert {"zid:vng", "zid:ggd-ghor-nederland", "zid:zn", "zid:vws"} <= gala
    # B-IZA-07: MIND did not sign
    assert not any(p.endswith("mind") for f, p, _ in signed if f == "zid:iza")


def test_signatories_name_the_kind_of_party(kg):
    kinds = facts(kg.query("signatories"), "party", "partyKind")
    assert ("zid:vng", "zk:Organisation") in kinds  # B-GALA-02: an organisation
    assert ("zid:gemeenten", "zk:OrganisationGroup") in kinds  # REL-S24: a group of organisations
    for _, kind in kinds:
        assert kind in ("zk:Organisation", "zk:OrganisationGroup", "zk:Person", "zk:Party")


@covers("framework-sources")
def test_framework_sources_name_both_primary_sources(kg):
    rows = kg.query("framework-sources")
    found = facts(rows, "framework", "source", "sourceKind")
    for framework in ("zid:iza", "zid:gala", "zid:wozo"):  # ACC-01..03 are in both texts
        assert (framework, "zid:source-swn", "zk:PrimarySource") in found
        assert (framework, "zid:source-vilans", "zk:PrimarySource") in found
    assert ("zid:taz", "zid:source-vilans", "zk:PrimarySource") in found  # ACC-04: Vilans only
    urls = {short(r["source"]): str(r["url"]) for r in rows.records() if r["url"] is not None}
    assert urls["zid:source-vilans"] == "https://www.vilans.nl/kennis/factsheet-zorgakkoorden-programmas"
    counts = {(short(r["framework"]), short(r["source"])): r["statements"].toPython() for r in rows.records()}
    assert counts[("zid:iza", "zid:source-swn")] > 0


@covers("framework")
def test_everything_about_wozo(kg):
    rows = kg.query("framework", framework="WOZO", lang="en")
    found = facts(rows, "subject", "relation", "object")
    assert ("zid:wozo", "zk:hasActionLine", "zid:actionline-wozo-sterke-basiszorg") in found  # ACT-01
    assert ("zid:wozo", "zk:hasActionLine", "zid:actionline-wozo-vitaal-ouder-worden") in found  # ACT-02
    assert ("zid:wozo", "zk:aimsAtTargetGroup", "zid:tg-ouderen") in found  # REL-S03
    assert ("zid:wozo", "zk:complements", "zid:iza") in found  # REL-S04
    assert ("zid:iza", "zk:overarches", "zid:wozo") in found  # REL-S01
    assert ("zid:sociaal-werk-nederland", "zk:participatesIn", "zid:wozo") in found  # REL-S26
    # facts about its action lines come along: the line works through the district teams (REL-S06)
    assert ("zid:actionline-wozo-sterke-basiszorg", "zk:worksThroughIntervention", "zid:int-teams-in-de-wijk") in found
    kinds = facts(rows, "object", "kind")
    assert ("zid:tg-ouderen", "zk:TargetGroup") in kinds
    # aspects come in the chosen language
    aspects = {str(r["aspect"]) for r in rows.records() if r["aspect"] is not None}
    assert aspects and all(r["aspect"].language == "en" for r in rows.records() if r["aspect"] is not None)


@covers("overlap")
def test_overlap_of_iza_and_gala(kg):
    rows = kg.query("overlap", a="IZA", b="GALA")
    items = column(rows, "item")
    # THEME-05: prevention is a theme of both; REL-S14: both accords need the municipalities
    assert "zid:theme-preventie" in items
    assert "zid:gemeenten" in items
    # INT-01: Welzijn op Recept runs through both (REL-S28, REL-S33)
    assert "zid:int-welzijn-op-recept" in items
    # every row names the source on each side
    for record in rows.records():
        assert record["sourceA"] is not None and record["sourceB"] is not None
    prevention = facts(rows, "item", "sourceA", "sourceB")
    assert ("zid:theme-preventie", "zid:source-vilans", "zid:source-swn") in prevention
    # the kinds are among the six the issue names, and the links between the two
    assert column(rows, "kind") <= {
        "zk:Theme", "zk:Goal", "zk:Organisation", "zk:OrganisationGroup", "zk:Person",
        "zk:Intervention", "zk:TargetGroup", "zk:FundingInstrument", "zk:AccordLink",
    }


def test_overlap_of_a_pair_lists_the_links_between_the_two(kg):
    rows = kg.query("overlap", a="IZA", b="GALA")
    links = {(short(r["item"]), short(r["relationA"]), short(r["relationB"])) for r in rows.records()
             if short(r["kind"]) == "zk:AccordLink"}
    assert ("zst:iza-overarches-gala", "zk:overarches", None) in links  # REL-S01: IZA overarches GALA (a's side)
    assert any(item.startswith("zst:gala-elaborates-iza") and b == "zk:elaborates" for item, _, b in links)  # REL-S02
    # at the level of an action line: IZA contributes to WOZO's action line on basic care (REL-S05)
    wozo = kg.query("overlap", a="WOZO", b="IZA")
    via = {(short(r["relationB"]), short(r["viaA"])) for r in wozo.records() if short(r["kind"]) == "zk:AccordLink"}
    assert ("zk:contributesTo", "zid:actionline-wozo-sterke-basiszorg") in via
    for record in wozo.records():
        assert record["sourceA"] is not None and record["sourceB"] is not None


def test_overlap_is_symmetric(kg):
    ab = column(kg.query("overlap", a="IZA", b="GALA"), "item")
    ba = column(kg.query("overlap", a="GALA", b="IZA"), "item")
    assert ab == ba


@covers("overlap-matrix")
def test_overlap_matrix_agrees_with_overlap(kg):
    rows = kg.query("overlap-matrix")
    matrix = {(short(r["a"]), short(r["b"]), short(r["kind"])): r["shared"].toPython() for r in rows.records()}
    assert matrix[("zid:gala", "zid:iza", "zk:Theme")] >= 1  # prevention, at least
    assert matrix[("zid:gala", "zid:iza", "zk:OrganisationGroup")] >= 1  # the municipalities
    for a, b, _ in matrix:
        assert a < b  # each pair once
    # the counts are the distinct items the overlap query lists, kind by kind
    for a, b in (("zid:gala", "zid:iza"), ("zid:iza", "zid:wozo"), ("zid:taz", "zid:wozo")):
        overlap = kg.query("overlap", a=a, b=b)
        per_kind: dict[str, set] = {}
        for record in overlap.records():
            if short(record["kind"]) == "zk:AccordLink":
                continue  # the links between the two, which the matrix does not count
            per_kind.setdefault(short(record["kind"]), set()).add(short(record["item"]))
        expected = {kind: len(items) for kind, items in per_kind.items()}
        got = {kind: n for (x, y, kind), n in matrix.items() if (x, y) == (a, b)}
        assert got == expected, (a, b)


@covers("coverage")
def test_coverage_theme_by_accord(kg):
    rows = kg.query("coverage")
    pairs = facts(rows, "theme", "framework")
    # THEME-05: prevention under IZA and GALA
    assert {("zid:theme-preventie", "zid:iza"), ("zid:theme-preventie", "zid:gala")} <= pairs
    # THEME-10: the labour-market task applies to IZA, TAZ, WOZO and the Toekomstagenda
    for framework in ("zid:iza", "zid:taz", "zid:wozo", "zid:toekomstagenda-gehandicaptenzorg"):
        assert ("zid:theme-arbeidsmarkt", framework) in pairs
    for record in rows.records():
        assert record["statements"].toPython() >= 1 and record["sources"].toPython() >= 1


@covers("where-does-it-fall")
def test_where_does_it_fall(kg):
    # REL-S03: the programme aimed specifically at older people is WOZO; since 2025 also the
    # HLO that carries WOZO on
    older = kg.query("where-does-it-fall", item="ouderen")
    assert facts(older, "framework", "relation") == {
        ("zid:wozo", "zk:aimsAtTargetGroup"),
        ("zid:hlo", "zk:aimsAtTargetGroup"),
    }
    # INT-01: Welzijn op Recept falls under IZA (REL-S28) and GALA (REL-S33)
    wor = kg.query("where-does-it-fall", item="Welzijn op Recept")
    assert {"zid:iza", "zid:gala"} <= column(wor, "framework")
    # THEME-05: prevention falls under IZA and GALA, and under WOZO's action line on ageing vitally
    prevention = kg.query("where-does-it-fall", item="preventie")
    assert {"zid:iza", "zid:gala"} <= column(prevention, "framework")
    assert ("zid:wozo", "zid:actionline-wozo-vitaal-ouder-worden") in facts(prevention, "framework", "part")
    for record in prevention.records():
        assert record["source"] is not None


def test_where_does_it_fall_says_what_to_try_when_it_finds_nothing(kg):
    rows = kg.query("where-does-it-fall", item="SPUK DOS", lang="en")
    assert len(rows) == 0
    assert rows.hint == "SPUK DOS is a funding instrument: try the queries provenance or funding"
    dutch = kg.query("where-does-it-fall", item="SPUK DOS")
    assert dutch.hint == "SPUK DOS is een financieringsinstrument: probeer de queries provenance of funding"
    # a kind without its own line gets the general one
    assert "search" in kg.query("where-does-it-fall", item="Movisie").hint
    # the suggested queries do answer for it
    assert len(kg.query("provenance", entity="SPUK DOS")) > 0
    # a query that finds something gives no hint
    assert kg.query("where-does-it-fall", item="ouderen").hint is None


@covers("responsibility")
def test_responsibility_party_by_accord(kg):
    rows = kg.query("responsibility", lang="en")
    roles = facts(rows, "party", "role", "framework")
    assert ("zid:sociaal-werk-nederland", "zk:participatesIn", "zid:iza") in roles  # REL-S25
    assert ("zid:sociaal-werk-nederland", "zk:participatesIn", "zid:wozo") in roles  # REL-S26
    assert ("zid:gemeenten", "zk:keyPartyFor", "zid:gala") in roles  # REL-S35
    assert ("zid:gemeenten", "zk:signedBy", "zid:iza") in roles  # REL-S24
    for framework in ("zid:gala", "zid:wozo", "zid:iza"):  # REL-S21
        assert ("zid:kabinet", "zk:supports", framework) in roles
    # REL-S36: the purchasers provide the transformation funds the IZA is funded through
    assert ("zid:zorginkopers", "zk:providedBy", "zid:iza", "zid:fin-transformatiemiddelen") in facts(
        rows, "party", "role", "framework", "via"
    )
    labels = {(short(r["party"]), short(r["role"])): str(r["roleLabel"]) for r in rows.records()}
    assert labels[("zid:gemeenten", "zk:signedBy")] == "signed"  # read from the party's side
    assert labels[("zid:gemeenten", "zk:keyPartyFor")] == "key party for"


def test_responsibility_gives_aspects_and_contacts_for_any_topic(kg):
    rows = kg.query("responsibility", lang="en")
    # PER-01, PER-02: the SWN contacts, for frameworks, action lines and other topics
    assert ("zid:jennifer-elich", "zk:contactFor", "zid:gala") in facts(rows, "party", "role", "framework")
    topics = facts(rows, "party", "role", "topic")
    assert ("zid:jennifer-elich", "zk:contactFor", "zid:fin-spuk") in topics
    assert ("zid:truus-van-tiggelen", "zk:contactFor", "zid:int-welzijn-op-recept") in topics
    assert ("zid:truus-van-tiggelen", "zk:contactFor", "zid:wozo", "zid:actionline-wozo-vitaal-ouder-worden") in facts(
        rows, "party", "role", "framework", "via")
    for record in rows.records():
        assert (record["framework"] is None) != (record["topic"] is None)  # a framework or a topic, never both
    # the aspect, in the chosen language (REL-S35: a front-line party)
    aspects = {(short(r["party"]), short(r["role"]), short(r["framework"])): r["aspect"] for r in rows.records()}
    assert str(aspects[("zid:gemeenten", "zk:keyPartyFor", "zid:gala")]) == "front-line party"
    dutch = {(short(r["party"]), short(r["role"]), short(r["framework"])): r["aspect"] for r in kg.query("responsibility").records()}
    assert str(dutch[("zid:gemeenten", "zk:keyPartyFor", "zid:gala")]) == "partij aan de voorkant"


@covers("links")
def test_links_between_accords(kg):
    rows = kg.query("links", lang="en")
    links = facts(rows, "from", "link", "to", "source")
    assert ("zid:iza", "zk:overarches", "zid:gala", "zid:source-swn") in links  # REL-S01
    assert ("zid:iza", "zk:overarches", "zid:wozo", "zid:source-swn") in links  # REL-S01
    assert ("zid:wozo", "zk:complements", "zid:iza", "zid:source-vilans") in links  # REL-S04
    assert ("zid:gala", "zk:complements", "zid:wozo", "zid:source-vilans") in links  # REL-S08
    assert ("zid:taz", "zk:broadens", "zid:iza", "zid:source-vilans") in links  # REL-S09
    aspects = {(short(r["from"]), short(r["link"]), short(r["to"]), short(r["source"])): r for r in rows.records()}
    gala_iza = aspects[("zid:gala", "zk:elaborates", "zid:iza", "zid:source-swn")]  # REL-S02
    assert str(gala_iza["aspect"]) == "prevention policy at municipal level"
    gala_wozo = aspects[("zid:gala", "zk:complements", "zid:wozo", "zid:source-vilans")]
    assert short(gala_wozo["citation"]) == "zid:cit-gala-2022"  # CIT-03
    dutch = {(short(r["from"]), short(r["link"]), short(r["to"]), short(r["source"])): r for r in kg.query("links").records()}
    assert str(dutch[("zid:gala", "zk:elaborates", "zid:iza", "zid:source-swn")]["aspect"]) == "preventiebeleid op gemeentelijk niveau"


def test_links_of_one_framework_and_of_a_pair(kg):
    every = kg.query("links")
    wozo = kg.query("links", framework="WOZO")
    assert 0 < len(wozo) < len(every)
    for record in wozo.records():
        assert "zid:wozo" in (short(record["fromFramework"]), short(record["toFramework"]))
    found = facts(wozo, "from", "link", "to")
    assert ("zid:iza", "zk:overarches", "zid:wozo") in found  # REL-S01
    # links at the level of an action line (REL-S05, REL-S07)
    assert ("zid:iza", "zk:contributesTo", "zid:actionline-wozo-sterke-basiszorg") in found
    assert ("zid:actionline-wozo-vitaal-ouder-worden", "zk:implementedThrough", "zid:gala") in found
    assert ("zid:actionline-wozo-vitaal-ouder-worden", "zid:wozo") in facts(wozo, "from", "fromFramework")
    # a pair: only the links between the two, in either direction
    pair = kg.query("links", framework="IZA", other="GALA")
    ends = {frozenset((short(r["fromFramework"]), short(r["toFramework"]))) for r in pair.records()}
    assert ends == {frozenset(("zid:iza", "zid:gala"))}
    assert {("zid:iza", "zk:overarches", "zid:gala"), ("zid:gala", "zk:elaborates", "zid:iza")} <= facts(pair, "from", "link", "to")
    assert rows_equal(pair, kg.query("links", framework="GALA", other="IZA"))
    # the whole list holds every link of the pair
    assert facts(pair, "statement") <= facts(every, "statement")


@covers("funding")
def test_funding_instruments(kg):
    rows = kg.query("funding")
    found = facts(rows, "instrument", "subject", "relation", "object")
    assert ("zid:fin-spuk", "zid:gala", "zk:fundedThrough", "zid:fin-spuk") in found  # REL-S27: GALA through the SPUK
    assert ("zid:fin-transformatiemiddelen", "zid:fin-transformatiemiddelen", "zk:providedBy", "zid:zorginkopers") in found  # REL-S36
    assert ("zid:fin-transformatiemiddelen", "zid:fin-transformatiemiddelen", "zk:funds", "zid:zorgorganisaties") in found
    assert ("zid:fin-transformatiemiddelen", "zid:iza", "zk:fundedThrough", "zid:fin-transformatiemiddelen") in found
    # REL-S13: the TAZ-WOZO scheme was set up under both programmes
    assert ("zid:fin-taz-wozo-regeling", "zid:taz", "zk:fundedThrough", "zid:fin-taz-wozo-regeling") in found
    assert ("zid:fin-taz-wozo-regeling", "zid:wozo", "zk:fundedThrough", "zid:fin-taz-wozo-regeling") in found
    # REL-S38: whom the scheme is for
    for group in ("zid:tg-clienten", "zid:tg-mantelzorgers"):
        assert ("zid:fin-taz-wozo-regeling", "zid:fin-taz-wozo-regeling", "zk:aimsAtTargetGroup", group) in found
    # FIN-02 / REL-S37: SPUK DOS with municipalities, insurers and care offices
    for party in ("zid:gemeenten", "zid:zorgverzekeraars", "zid:zorgkantoren"):
        assert ("zid:fin-spuk-dos", party, "zk:participatesIn", "zid:fin-spuk-dos") in found


@covers("practice-examples")
def test_practice_examples_and_their_places(kg):
    rows = kg.query("practice-examples")
    located = {(e, o) for e, r, o in facts(rows, "example", "relation", "object") if r == "zk:locatedIn"}
    assert ("zid:pex-waar-is-wally", "zid:place-deventer") in located  # PEX-01
    assert ("zid:pex-twentse-koers", "zid:place-twente") in located  # PEX-02
    assert ("zid:pex-sunny-selwerd", "zid:place-groningen") in located  # PEX-03
    assert ("zid:pex-leefgoed", "zid:place-veghel") in located  # PEX-12
    kinds = facts(rows, "object", "kind")
    assert ("zid:place-deventer", "zk:Place") in kinds


@covers("practice-examples-for")
def test_practice_examples_for_a_place_and_an_accord(kg):
    deventer = kg.query("practice-examples-for", about="Deventer")
    assert column(deventer, "example") == {"zid:pex-waar-is-wally"}  # PEX-01
    # REL-S48: the examples are given in the spirit of IZA, GALA and WOZO
    wozo = column(kg.query("practice-examples-for", about="WOZO"), "example")
    assert {"zid:pex-waar-is-wally", "zid:pex-twentse-koers", "zid:pex-leefgoed"} <= wozo
    # REL-S49: De Juiste Zorg op de Juiste Plek collects Waar is Wally? and Twentse Koers
    resource = kg.query("practice-examples-for", about="zid:res-de-juiste-zorg-op-de-juiste-plek")
    assert {"zid:pex-waar-is-wally", "zid:pex-twentse-koers"} <= column(resource, "example")


@covers("knowledge-resources")
def test_knowledge_resources_by_subject(kg):
    rows = kg.query("knowledge-resources")
    found = facts(rows, "resource", "subject", "relation", "object")
    assert ("zid:res-movisie-databank", "zid:res-movisie-databank", "zk:managedBy", "zid:movisie") in found  # REL-S59
    assert ("zid:res-veerkrachtkaarten", "zid:res-veerkrachtkaarten", "zk:managedBy", "zid:aedes") in found  # REL-S60
    for law in ("zid:law-participatiewet", "zid:law-jeugdwet", "zid:law-wmo"):  # REL-S62
        assert ("zid:res-waarstaatjegemeente", "zid:res-waarstaatjegemeente", "zk:concernsLaw", law) in found
    assert ("zid:res-vzinfo", "zid:res-vzinfo", "zk:author", "zid:rivm") in found  # REL-S61


def test_knowledge_resources_read_each_relation_in_its_own_direction(kg):
    """The bug of issue 14: a statement pointing into a resource was printed as if it came out of it."""
    rows = kg.query("knowledge-resources")
    found = facts(rows, "resource", "subject", "relation", "object")
    # into the resource: the factsheet adds to the Menukaart (REL-S44), not the other way round
    assert ("zid:res-menukaart-regionale-samenwerking", "zid:source-vilans", "zk:complementsResource",
            "zid:res-menukaart-regionale-samenwerking") in found
    assert not any(s == "zid:res-menukaart-regionale-samenwerking" and r == "zk:complementsResource" for _, s, r, _ in found)
    # out of the resource: the Menukaart is published on De Juiste Zorg op de Juiste Plek
    assert ("zid:res-menukaart-regionale-samenwerking", "zid:res-menukaart-regionale-samenwerking", "zk:publishedOn",
            "zid:res-de-juiste-zorg-op-de-juiste-plek") in found
    # every row's relation holds in the direction the row gives
    graph = kg.graph
    for record in rows.records():
        if record["relation"] is not None and isinstance(record["object"], URIRef):
            assert (record["subject"], record["relation"], record["object"]) in graph


def test_knowledge_resources_list_orphans_and_addresses(kg):
    rows = kg.query("knowledge-resources")
    resources = column(rows, "resource")
    # resources the SWN page names in one list, with no statement about them yet, are listed too
    for orphan in ("zid:res-wijzer-in-de-wijk", "zid:res-toegang", "zid:res-zorgsaamwonen"):
        assert orphan in resources
    every = {str(s) for s in kg.graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                               URIRef("https://w3id.org/zorgakkoorden/def/KnowledgeResource"))}
    assert {str(r) for r in rows.column("resource")} == every
    urls = {short(r["resource"]): str(r["url"]) for r in rows.records() if r["url"] is not None}
    assert urls["zid:res-waarstaatjegemeente"] in ("Waarstaatjegemeente.nl",) or urls["zid:res-waarstaatjegemeente"].startswith("http")
    assert "zid:res-de-juiste-zorg-op-de-juiste-plek" in urls


@covers("provenance")
def test_provenance_of_gala(kg):
    rows = kg.query("provenance", entity="GALA")
    own = {short(r["source"]) for r in rows.records() if r["statement"] is None}
    assert {"zid:source-swn", "zid:source-vilans"} <= own  # ACC-02 is in both texts
    by_statement = {short(r["statement"]): r for r in rows.records() if r["statement"] is not None}
    spuk = by_statement["zst:gala-fundedthrough-fin-spuk"]  # REL-S27
    assert short(spuk["source"]) == "zid:source-swn"
    assert str(spuk["section"]) == "Zorgakkoorden in een notendop"
    assert str(spuk["url"]) == "https://www.sociaalwerknederland.nl/actueel/landelijke-akkoorden"
    # statements where GALA is the object come too (IZA overarches GALA, REL-S01)
    assert ("zid:iza", "zk:overarches", "zid:gala") in facts(rows, "subject", "relation", "object")
    for record in rows.records():
        assert record["source"] is not None
    # a disputed fact shows its conflict
    taz = kg.query("provenance", entity="TAZ")
    assert "zid:conflict-taz-publicationdate" in column(taz, "conflict")


@covers("search")
def test_search_ranks_the_exact_name_first(kg):
    rows = kg.query("search", text="preventie")
    records = rows.records()
    # THEME-05: the theme named exactly "preventie" comes first, then names that start with it
    assert short(records[0]["entity"]) == "zid:theme-preventie" and records[0]["rank"].toPython() == 1
    ranks = [r["rank"].toPython() for r in records]
    assert ranks == sorted(ranks)
    by_entity = {}
    for record in records:
        by_entity.setdefault(short(record["entity"]), set()).add(record["rank"].toPython())
    assert min(by_entity["zid:preventieakkoord"]) == 3  # a name that starts with the text
    assert min(by_entity["zid:int-valpreventie"]) == 4  # a name that holds it
    # every row names the entity's kind and a source
    for record in records:
        assert record["kind"] is not None and record["source"] is not None


def test_search_finds_abbreviations_alternative_names_descriptions_and_aspects(kg):
    # an abbreviation, in another case
    assert "zid:fin-spuk-dos" in column(kg.query("search", text="spuk dos"), "entity")
    # an alternative name (ACC-01: "Integraal Zorg Akkoord" is the SWN spelling)
    iza = kg.query("search", text="Integraal Zorg Akkoord")
    assert ("zid:iza", "2") in facts(iza, "entity", "rank")
    # accents do not matter (TGT-13: cliënten)
    assert "zid:tg-clienten" in column(kg.query("search", text="clienten"), "entity")
    # an aspect: the entity is the statement's subject, the statement is given
    aspect = kg.query("search", text="invalshoek preventie")
    assert ("zid:gala", "zk:aspect", "zst:gala-complements-wozo") in facts(aspect, "entity", "field", "statement")
    # a description (RES-10's filters are in its description only)
    assert "zid:res-movisie-databank" in column(kg.query("search", text="bewezen effectief"), "entity")
    # nothing found: a hint
    nothing = kg.query("search", text="xyzzy-no-such-text")
    assert len(nothing) == 0 and nothing.hint and "frameworks" in nothing.hint


@covers("figures")
def test_figures_of_gala_and_of_everything(kg):
    rows = kg.query("figures", about="GALA", lang="en")
    found = facts(rows, "subject", "relation", "value")
    # B-GALA-07: the broad SPUK bundles 15 components and about 300 million a year
    assert ("zid:fin-spuk", "zk:count", "15") in found
    assert ("zid:fin-spuk", "zk:amountEUR", "300000000") in found
    # GOAL-08/09: the target year 2040
    assert ("zid:goal-gala-gezonde-generatie-2040", "zk:targetYear", "2040") in found
    assert column(rows, "framework") == {"zid:gala"}
    for record in rows.records():
        assert record["source"] is not None
    spuk = [r for r in rows.records() if short(r["relation"]) == "zk:count" and short(r["subject"]) == "zid:fin-spuk"]
    assert str(spuk[0]["aspect"]) == "components the grant bundles money for"
    # without a framework: every figure, the disputed IZA party count with its conflict (B-IZA-08)
    every = kg.query("figures")
    assert len(every) > len(rows)
    counts = {(str(r["value"]), short(r["conflict"])) for r in every.records() if short(r["subject"]) == "zid:iza" and short(r["relation"]) == "zk:count"}
    assert {v for v, c in counts if c is not None} >= {"12", "13", "14"}
    # B-IZA-17: the transformation funds, under IZA
    iza = facts(kg.query("figures", about="IZA"), "subject", "value")
    assert ("zid:fin-transformatiemiddelen", "2800000000") in iza
    # one entity that is not a framework
    assert column(kg.query("figures", about="Twentse Koers"), "value") == {"300"}  # PEX-02


@covers("source-contents")
def test_source_contents_of_the_kamerbrief_and_the_factsheet(kg):
    letter = kg.query("source-contents", document="Kamerbrief 16 maart 2023")
    found = facts(letter, "subject", "relation", "object")
    # PUB-05 / REL-S47: the letter holds five practice examples
    for example in ("zid:pex-beter-samen-in-noord", "zid:pex-platform-mooi-maasvallei", "zid:pex-burgerberaad-zorg-zeeland",
                    "zid:pex-gezondveluwe", "zid:pex-zoetermeer-2025"):
        assert ("zid:source-kst-31765-725", "zk:describesExample", example) in found
    assert ("zid:source-kst-31765-725", "zk:about", "zid:iza") in found
    # B-IZA-01: it is the source of the signing date
    assert ("zid:iza", "zk:signingDate", "2022-09-16") in found
    # the usual names all name it
    for name in ("Kamerstuk 31765-725", "kst-31765-725", "Kamerstuk 31 765, nr. 725", "kamerbrief 2023-03-16"):
        assert rows_equal(kg.query("source-contents", document=name), letter)
    factsheet = kg.query("source-contents", document="Vilans factsheet")
    about = {o for s, r, o in facts(factsheet, "subject", "relation", "object") if r == "zk:about" and s == "zid:source-vilans"}
    assert about == {"zid:iza", "zid:gala", "zid:wozo", "zid:taz", "zid:toekomstagenda-gehandicaptenzorg", "zid:zn-vgn-akkoord"}  # REL-S43
    # statements citing it carry their section
    cited = [r for r in factsheet.records() if str(r["part"]) == "2"]
    assert cited and all(short(r["source"]) == "zid:source-vilans" for r in cited)
    assert ("zid:wozo", "zk:complements", "zid:iza") in facts(factsheet, "subject", "relation", "object")  # REL-S04
    sections = {str(r["section"]) for r in cited if r["section"] is not None}
    assert "Verbindingen tussen de akkoorden en programma’s" in sections


def rows_equal(one, other) -> bool:
    return sorted(map(repr, one.tuples())) == sorted(map(repr, other.tuples()))


def test_framework_and_provenance_show_the_entity_s_own_description(kg):
    from rdflib.namespace import DCTERMS

    expected = {str(o) for o in kg.graph.objects(URIRef("https://w3id.org/zorgakkoorden/id/wozo"), DCTERMS.description)
                if o.language == "en"}
    rows = kg.query("framework", framework="WOZO", lang="en")
    described = {str(r["object"]) for r in rows.records() if short(r["relation"]) == "dcterms:description"}
    assert described == expected and described
    assert short(rows.records()[0]["relation"]) == "dcterms:description"  # first
    for record in rows.records():
        if short(record["relation"]) == "dcterms:description":
            assert record["source"] is not None and record["aspect"] is None and record["statement"] is None
    gala = kg.query("provenance", entity="GALA")
    own = [r for r in gala.records() if short(r["relation"]) == "dcterms:description"]
    assert own and all(r["object"].language == "nl" and r["statement"] is None for r in own)
    assert all(r["section"] is None and r["conflict"] is None for r in own)


@covers("timeline")
def test_timeline_in_date_order(kg):
    rows = kg.query("timeline")
    dated = [(str(r["date"]), short(r["entity"]), short(r["event"])) for r in rows.records()]
    assert ("2022-09-16", "zid:iza", "zk:signingDate") in dated  # B-IZA-01
    assert ("2023-02-03", "zid:gala", "zk:signingDate") in dated  # B-GALA-01
    assert dated.index(("2022-09-16", "zid:iza", "zk:signingDate")) < dated.index(("2023-02-03", "zid:gala", "zk:signingDate"))
    # the disputed TAZ date is listed twice, each marked with the conflict (B-TAZ-01/02)
    taz = {(str(r["date"]), short(r["conflict"])) for r in rows.records() if short(r["entity"]) == "zid:taz"}
    assert {("2022-05-13", "zid:conflict-taz-publicationdate"), ("2022-09-30", "zid:conflict-taz-publicationdate")} <= taz
    # typed dates sort by their text; dates written only in words come last
    typed = [r["date"] for r in rows.records() if not r["date"].language]
    assert [str(d) for d in typed] == sorted(str(d) for d in typed)
    words = [i for i, r in enumerate(rows.records()) if r["date"].language]
    assert words and min(words) > len(typed) - 1


@covers("conflicts")
def test_conflicts_are_listed_with_both_sources(kg):
    rows = kg.query("conflicts")
    by_conflict: dict[str, set] = {}
    for record in rows.records():
        by_conflict.setdefault(short(record["conflict"]), set()).add((str(record["value"]), short(record["source"])))
    taz = by_conflict["zid:conflict-taz-publicationdate"]  # B-TAZ-01 / B-TAZ-02
    assert {value for value, _ in taz} == {"2022-05-13", "2022-09-30"}
    assert len({source for _, source in taz}) == 2
    toekomstagenda = [values for name, values in by_conflict.items() if "toekomstagenda" in name]
    assert len(toekomstagenda) == 1
    assert {value for value, _ in toekomstagenda[0]} == {"2026", "2027"}  # B-TA-03 / B-TA-04


@pytest.mark.parametrize("name", sorted(q.name for q in load_catalogue().catalogue_queries()))
def test_each_query_runs_with_its_example_and_labels_in_both_languages(kg, name):
    query = load_catalogue()[name]
    params = {p.name: p.example for p in query.params if p.required}
    for lang in ("nl", "en"):
        rows = kg.query(name, **params, lang=lang)
        assert len(rows) > 0, f"{name} gives no rows on the real graph"
        for v in rows.vars:
            if str(v).endswith("Label"):
                for term in rows.column(str(v)):
                    assert term is None or isinstance(term, Literal)
