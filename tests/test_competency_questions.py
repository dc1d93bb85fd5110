"""Competency questions: what advisers and analysts ask of the graph, answered by named queries only.

Each question is written from the two sources (Sociaal Werk Nederland's theme page, SWN; the
Vilans factsheet, VIL) or from the public facts of the research inventory (Part B), and cites
the inventory row its answer comes from (../shared/sources/inventory.md). Each is answered by
one catalogue query run through ``kg.query`` (no hand-written SPARQL): the rows are filtered on
some columns and read as a set of values of others, and compared with the expected set.

``exact`` questions expect exactly that set. Open questions (``exact=False``) expect at least
that set: the graph may learn more (a later source, AZWA), and the answer must still hold
what the sources say. Questions are about facts that stay: parties, themes, links, funding,
dates, documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from rdflib import URIRef

from zorgakkoorden.query.catalogue import load_catalogue
from zorgakkoorden.query.results import curie


@dataclass(frozen=True)
class Question:
    """One competency question.

    Attributes:
        id: a short id (CQ01, ...).
        question: the question as an analyst asks it (Dutch, then English).
        query: the catalogue query that answers it.
        params: its parameters.
        where: column to value (short form) the rows must have.
        columns: the columns read as the answer (one column: a set of values; several: tuples).
        expected: the answer, as short forms (zid:iza) or lexical values.
        exact: the answer is exactly ``expected`` (else: at least ``expected``).
        basis: the inventory rows the answer comes from.
    """

    id: str
    question: str
    query: str
    params: dict
    columns: tuple[str, ...]
    expected: frozenset
    where: dict = field(default_factory=dict)
    exact: bool = True
    basis: str = ""


def Q(id, question, query, params, columns, expected, *, where=None, exact=True, basis=""):  # noqa: N802 - reads as a table
    cols = (columns,) if isinstance(columns, str) else tuple(columns)
    return Question(id, question, query, dict(params), cols, frozenset(expected), dict(where or {}), exact, basis)


QUESTIONS = [
    # -- who signed, who takes part ----------------------------------------------------------
    Q("CQ01", "Wie ondertekenden het GALA? / Who signed GALA?", "signatories", {}, "party",
      {"zid:vng", "zid:ggd-ghor-nederland", "zid:zn", "zid:vws"}, where={"framework": "zid:gala"}, basis="B-GALA-02"),
    Q("CQ02", "Welke partijen tekenden het IZA volgens Sociaal Werk Nederland? / Which parties signed the IZA according to SWN?",
      "signatories", {}, "party",
      {"zid:ziekenhuizen", "zid:ggz", "zid:huisartsen", "zid:vvt", "zid:zorgverzekeraars", "zid:gemeenten"},
      where={"framework": "zid:iza", "source": "zid:source-swn"}, basis="REL-S24"),
    Q("CQ03", "Welke landelijke organisaties ondertekenden het IZA? / Which national organisations signed the IZA?",
      "signatories", {}, "party",
      {"zid:actiz", "zid:de-nederlandse-ggz", "zid:fms", "zid:ineen", "zid:lhv", "zid:nfu", "zid:nvz", "zid:nza",
       "zid:patientenfederatie-nederland", "zid:vng", "zid:venvn", "zid:zkn", "zid:zorginstituut-nederland", "zid:zorgthuisnl", "zid:zn",
       "zid:vws"},
      where={"framework": "zid:iza", "partyKind": "zk:Organisation"}, exact=False, basis="B-IZA-02, B-IZA-03, B-IZA-06"),
    Q("CQ04", "Op welke akkoorden zet het kabinet in? / Which accords does the cabinet back?", "responsibility", {},
      "framework", {"zid:gala", "zid:wozo", "zid:iza"}, where={"party": "zid:kabinet", "role": "zk:supports"}, basis="REL-S21"),
    Q("CQ05", "Welke partijen zijn voor het GALA vooral belangrijk? / Which parties are key for GALA?", "responsibility", {},
      "party", {"zid:gemeenten", "zid:jeugdgezondheidszorg", "zid:eerstelijns-zorgpartijen"},
      where={"framework": "zid:gala", "role": "zk:keyPartyFor"}, basis="REL-S35"),
    Q("CQ06", "Wie werken mee aan de (regionale) uitwerking van het IZA? / Who take part in working out the IZA?",
      "responsibility", {}, "party", {"zid:sociaal-werk-nederland", "zid:zorgkantoren", "zid:ggd-en"},
      where={"framework": "zid:iza", "role": "zk:participatesIn"}, exact=False, basis="REL-S25, REL-S31"),
    Q("CQ07", "Bij welke programma's is Sociaal Werk Nederland betrokken? / In which frameworks does SWN take part?",
      "responsibility", {}, "framework", {"zid:iza", "zid:wozo"},
      where={"party": "zid:sociaal-werk-nederland", "role": "zk:participatesIn"}, exact=False, basis="REL-S25, REL-S26"),
    Q("CQ08", "Waarvoor is Jennifer Elich het aanspreekpunt? / What is Jennifer Elich the contact for?", "responsibility", {},
      ("framework", "topic"), {("zid:gala", None), (None, "zid:fin-spuk"), (None, "zid:team-swn-gala-spuk")},
      where={"party": "zid:jennifer-elich", "role": "zk:contactFor"}, basis="PER-01; the core teams on the SWN page"),
    Q("CQ09", "Wie is het aanspreekpunt voor Welzijn op Recept? / Who is the contact for social prescribing?",
      "responsibility", {}, "party", {"zid:truus-van-tiggelen"},
      where={"topic": "zid:int-welzijn-op-recept", "role": "zk:contactFor"}, basis="PER-02"),
    # -- funding -------------------------------------------------------------------------------
    Q("CQ10", "Hoe wordt het GALA gefinancierd? / How is GALA funded?", "funding", {}, "instrument", {"zid:fin-spuk"},
      where={"subject": "zid:gala", "relation": "zk:fundedThrough"}, basis="REL-S27, FIN-01"),
    Q("CQ11", "Onder welke programma's valt de Stimuleringsregeling innovatie TAZ-WOZO? / Which programmes is the TAZ-WOZO scheme under?",
      "funding", {}, "subject", {"zid:taz", "zid:wozo"},
      where={"instrument": "zid:fin-taz-wozo-regeling", "relation": "zk:fundedThrough"}, basis="REL-S13, FIN-03"),
    Q("CQ12", "Voor wie is de TAZ-WOZO-regeling bedoeld? / Whom is the TAZ-WOZO scheme for?", "funding", {}, "object",
      {"zid:tg-aanbieders-zorg-ondersteuning", "zid:tg-clienten", "zid:tg-zorg-en-ondersteuningsmedewerkers",
       "zid:tg-mantelzorgers"},
      where={"instrument": "zid:fin-taz-wozo-regeling", "relation": "zk:aimsAtTargetGroup"}, basis="REL-S38, TGT-12..15"),
    Q("CQ13", "Wie stellen de transformatiemiddelen beschikbaar, en aan wie? / Who provide the transformation funds, to whom?",
      "funding", {}, ("relation", "object"), {("zk:providedBy", "zid:zorginkopers"), ("zk:funds", "zid:zorgorganisaties")},
      where={"instrument": "zid:fin-transformatiemiddelen", "subject": "zid:fin-transformatiemiddelen"}, exact=False,
      basis="REL-S36, FIN-04"),
    Q("CQ14", "Welke partijen werken samen in de SPUK DOS? / Which parties cooperate under SPUK DOS?", "funding", {},
      "subject", {"zid:gemeenten", "zid:zorgverzekeraars", "zid:zorgkantoren"},
      where={"instrument": "zid:fin-spuk-dos", "relation": "zk:participatesIn"}, basis="REL-S37, FIN-02"),
    Q("CQ15", "Wat is de rechtsgrond van de SPUK DOS? / What is the legal basis of SPUK DOS?", "funding", {}, "object",
      {"zid:law-regeling-spuk-dos"}, where={"instrument": "zid:fin-spuk-dos", "relation": "zk:legalBasis"},
      basis="B-SPUKDOS-01, REL-P14"),
    # -- where does it fall, coverage, overlap ----------------------------------------------------
    Q("CQ16", "Welk programma richt zich specifiek op ouderen? / Which programme is aimed at older people?",
      "where-does-it-fall", {"item": "ouderen"}, "framework", {"zid:wozo", "zid:hlo"}, basis="REL-S03; the HLO of 2025"),
    Q("CQ17", "Onder welke akkoorden valt Welzijn op Recept? / Under which accords does social prescribing fall?",
      "where-does-it-fall", {"item": "Welzijn op Recept"}, "framework", {"zid:iza", "zid:gala"}, exact=False,
      basis="REL-S28, REL-S33"),
    Q("CQ18", "Onder welke akkoorden en programma's valt preventie? / Which frameworks cover prevention?", "coverage", {},
      "framework", {"zid:iza", "zid:gala", "zid:wozo"}, where={"theme": "zid:theme-preventie"}, exact=False,
      basis="THEME-05, REL-S07"),
    Q("CQ19", "Welke kaders delen de arbeidsmarktopgave? / Which frameworks share the labour-market task?", "coverage", {},
      "framework", {"zid:iza", "zid:taz", "zid:wozo", "zid:toekomstagenda-gehandicaptenzorg"},
      where={"theme": "zid:theme-arbeidsmarkt"}, exact=False, basis="THEME-10"),
    Q("CQ20", "Wat hebben IZA en GALA gemeen? / What do IZA and GALA share?", "overlap", {"a": "IZA", "b": "GALA"}, "item",
      {"zid:theme-preventie", "zid:gemeenten", "zid:int-welzijn-op-recept"}, exact=False, basis="THEME-05, REL-S14, INT-01"),
    Q("CQ21", "Via welke interventies werkt WOZO's actielijn sterke basiszorg? / Through which interventions does WOZO's basic-care line work?",
      "framework", {"framework": "WOZO"}, "object", {"zid:int-teams-in-de-wijk", "zid:int-triage-instrument-kwetsbare-ouderen"},
      where={"subject": "zid:actionline-wozo-sterke-basiszorg", "relation": "zk:worksThroughIntervention"},
      basis="REL-S06, INT-07, INT-08"),
    Q("CQ22", "Welke actielijnen heeft WOZO? / Which action lines does WOZO have?", "framework", {"framework": "WOZO"},
      "object", {"zid:actionline-wozo-sterke-basiszorg", "zid:actionline-wozo-vitaal-ouder-worden",
                 "zid:actionline-wozo-passende-wlz-zorg", "zid:actionline-wozo-wonen-en-zorg-voor-ouderen",
                 "zid:actionline-wozo-arbeidsmarkt-en-innovatie"},
      where={"subject": "zid:wozo", "relation": "zk:hasActionLine"}, basis="ACT-01, ACT-02, B-WOZO-03"),
    Q("CQ23", "Op welke doelgroep richt WOZO zich? / Which target group is WOZO aimed at?", "framework", {"framework": "WOZO"},
      "object", {"zid:tg-ouderen"}, where={"subject": "zid:wozo", "relation": "zk:aimsAtTargetGroup"}, exact=False,
      basis="REL-S03, TGT-01"),
    # -- links between the frameworks ---------------------------------------------------------------
    Q("CQ24", "Wat overkoepelt het IZA? / What does the IZA overarch?", "links", {"framework": "IZA"}, "to",
      {"zid:gala", "zid:wozo"}, where={"from": "zid:iza", "link": "zk:overarches"}, basis="REL-S01"),
    Q("CQ25", "Wat werkt het GALA uit? / What does GALA elaborate?", "links", {"framework": "GALA"}, "to", {"zid:iza"},
      where={"from": "zid:gala", "link": "zk:elaborates"}, basis="REL-S02, REL-P03"),
    Q("CQ26", "Welk akkoord vult WOZO aan? / Which accord does WOZO complement?", "links", {"framework": "WOZO"}, "to",
      {"zid:iza"}, where={"from": "zid:wozo", "link": "zk:complements"}, basis="REL-S04"),
    Q("CQ27", "Met welke andere programma's verbindt het IZA zich? / Which other programmes does the IZA connect to?",
      "links", {"framework": "IZA"}, "to",
      {"zid:aanpak-geldzorgen-armoede-schulden", "zid:nplv", "zid:hervormingsagenda-jeugd"},
      where={"from": "zid:iza", "link": "zk:connectsTo"}, exact=False, basis="REL-S22"),
    Q("CQ28", "Waarvan is het GALA een voortzetting? / What does GALA continue?", "links", {"framework": "GALA"}, "to",
      {"zid:preventieakkoord"}, where={"from": "zid:gala", "link": "zk:continues"}, exact=False, basis="REL-P01, B-GALA-09"),
    Q("CQ29", "Wat zijn de voorgangers van TAZ? / What are TAZ's predecessors?", "links", {"framework": "TAZ"}, "to",
      {"zid:werken-in-de-zorg", "zid:raat"}, where={"from": "zid:taz", "link": "zk:continues"}, basis="REL-P06, B-TAZ-04"),
    Q("CQ30", "Waarvan is de Toekomstagenda de opvolger? / What does the Toekomstagenda continue?", "links",
      {"framework": "Toekomstagenda gehandicaptenzorg"}, "to", {"zid:volwaardig-leven"},
      where={"from": "zid:toekomstagenda-gehandicaptenzorg", "link": "zk:continues"}, basis="REL-P07, B-TA-06"),
    Q("CQ31", "Welke WOZO-actielijn loopt via het GALA? / Which WOZO action line is carried out through GALA?", "links",
      {"framework": "WOZO", "other": "GALA"}, "from", {"zid:actionline-wozo-vitaal-ouder-worden"},
      where={"link": "zk:implementedThrough", "to": "zid:gala"}, exact=False, basis="REL-S07, ACT-02"),
    Q("CQ32", "Aan welke WOZO-actielijn draagt het IZA bij? / Which WOZO action line does the IZA contribute to?", "links",
      {"framework": "IZA", "other": "WOZO"}, "to", {"zid:actionline-wozo-sterke-basiszorg"},
      where={"from": "zid:iza", "link": "zk:contributesTo"}, basis="REL-S05, THEME-01"),
    Q("CQ33", "Met welke kaders hangt TAZ samen? / Which frameworks is TAZ coherent with?", "links", {"framework": "TAZ"},
      "to", {"zid:wozo"}, where={"from": "zid:taz", "link": "zk:coherentWith"}, exact=False, basis="REL-S12"),
    # -- dates and disagreements -----------------------------------------------------------------------
    Q("CQ34", "Wanneer is het IZA ondertekend? / When was the IZA signed?", "frameworks", {}, "signingDate",
      {"2022-09-16"}, where={"framework": "zid:iza"}, basis="B-IZA-01"),
    Q("CQ35", "Wanneer is het GALA ondertekend? / When was GALA signed?", "frameworks", {}, "signingDate",
      {"2023-02-03"}, where={"framework": "zid:gala"}, basis="B-GALA-01"),
    Q("CQ36", "Wanneer is het Preventieakkoord gepresenteerd? / When was the Prevention Agreement presented?",
      "frameworks", {}, "publicationDate", {"2018-11-23"}, where={"framework": "zid:preventieakkoord"}, basis="B-PA-01"),
    Q("CQ37", "Welke data noemen de bronnen voor de publicatie van TAZ? / Which dates do the sources give for TAZ's publication?",
      "conflicts", {}, "value", {"2022-05-13", "2022-09-30"}, where={"subject": "zid:taz", "property": "zk:publicationDate"},
      basis="B-TAZ-01, B-TAZ-02"),
    Q("CQ38", "Tot wanneer loopt de Toekomstagenda volgens de bronnen? / Until when does the Toekomstagenda run?",
      "conflicts", {}, "value", {"2026", "2027"}, where={"subject": "zid:toekomstagenda-gehandicaptenzorg"},
      basis="B-TA-03, B-TA-04"),
    # -- figures ----------------------------------------------------------------------------------------
    Q("CQ39", "Hoeveel geld was er voor transformatiemiddelen? / How much money was there for transformation funds?",
      "figures", {"about": "IZA"}, "value", {"2800000000", "1960000000"},
      where={"subject": "zid:fin-transformatiemiddelen", "relation": "zk:amountEUR"}, basis="B-IZA-17"),
    Q("CQ40", "Voor hoeveel onderdelen bundelt de brede SPUK geld? / How many components does the broad SPUK bundle?",
      "figures", {"about": "GALA"}, "value", {"15"}, where={"subject": "zid:fin-spuk", "relation": "zk:count"},
      basis="B-GALA-07"),
    Q("CQ41", "Hoeveel praktijkvoorbeelden staan op De Juiste Zorg op de Juiste Plek? / How many examples does that website hold?",
      "figures", {"about": "De Juiste Zorg op de Juiste Plek"}, "value", {"150"}, where={"relation": "zk:count"},
      basis="RES-01, REL-S49"),
    Q("CQ42", "Welke aantallen partijen noemen de bronnen voor het IZA? / Which party counts do the sources give for the IZA?",
      "figures", {"about": "IZA"}, "value", {"12", "13", "14"},
      where={"subject": "zid:iza", "relation": "zk:count"}, exact=False, basis="B-IZA-08"),
    # -- documents, resources, examples -----------------------------------------------------------------
    Q("CQ43", "Welke akkoorden licht de Vilans-factsheet toe? / Which accords does the Vilans factsheet explain?",
      "source-contents", {"document": "Vilans factsheet"}, "object",
      {"zid:iza", "zid:gala", "zid:wozo", "zid:taz", "zid:toekomstagenda-gehandicaptenzorg", "zid:zn-vgn-akkoord"},
      where={"subject": "zid:source-vilans", "relation": "zk:about"}, basis="REL-S43"),
    Q("CQ44", "Wie schreef de Vilans-factsheet? / Who wrote the Vilans factsheet?", "source-contents",
      {"document": "Vilans factsheet"}, "object", {"zid:maud-hoogeveen"},
      where={"subject": "zid:source-vilans", "relation": "zk:author"}, basis="PER-03"),
    Q("CQ45", "Welke voorbeelden staan in de Kamerbrief van 16 maart 2023? / Which examples does the letter of 16 March 2023 give?",
      "source-contents", {"document": "Kamerbrief 16 maart 2023"}, "object",
      {"zid:pex-beter-samen-in-noord", "zid:pex-platform-mooi-maasvallei", "zid:pex-burgerberaad-zorg-zeeland",
       "zid:pex-gezondveluwe", "zid:pex-zoetermeer-2025"},
      where={"relation": "zk:describesExample"}, basis="REL-S47, PUB-05, B-IZA-10"),
    Q("CQ46", "Welk praktijkvoorbeeld komt uit Deventer? / Which practice example is from Deventer?",
      "practice-examples-for", {"about": "Deventer"}, "example", {"zid:pex-waar-is-wally"}, basis="PEX-01"),
    Q("CQ47", "Over welke wetten gaat Waarstaatjegemeente.nl? / Which laws does Waarstaatjegemeente.nl cover?",
      "knowledge-resources", {}, "object", {"zid:law-participatiewet", "zid:law-jeugdwet", "zid:law-wmo"},
      where={"resource": "zid:res-waarstaatjegemeente", "relation": "zk:concernsLaw"}, basis="REL-S62, RES-05"),
    Q("CQ48", "Wie beheert de databank Effectieve sociale interventies? / Who manages the database of effective social interventions?",
      "knowledge-resources", {}, "object", {"zid:movisie"},
      where={"resource": "zid:res-movisie-databank", "relation": "zk:managedBy"}, basis="REL-S59, RES-10"),
    Q("CQ49", "Waar is de Vilans-factsheet een aanvulling op? / What does the Vilans factsheet add to?",
      "knowledge-resources", {}, ("subject", "object"),
      {("zid:source-vilans", "zid:res-menukaart-regionale-samenwerking")},
      where={"relation": "zk:complementsResource"}, basis="REL-S44"),
    Q("CQ50", "In welke primaire bron staat TAZ? / Which primary source names TAZ?", "framework-sources", {}, "source",
      {"zid:source-vilans"}, where={"framework": "zid:taz", "sourceKind": "zk:PrimarySource"}, basis="ACC-04"),
    Q("CQ51", "Wat heet precies SPUK? / What is exactly named SPUK?", "search", {"text": "SPUK"}, "entity",
      {"zid:fin-spuk"}, where={"rank": "1"}, basis="FIN-01"),
]


def short(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return curie(term)
    return str(term)


def answer(kg, question: Question):
    """The set of values (or tuples) the question reads from its query's rows."""
    rows = kg.query(question.query, **question.params)
    found = set()
    for record in rows.records():
        if all(short(record.get(column)) == value for column, value in question.where.items()):
            values = tuple(short(record.get(column)) for column in question.columns)
            found.add(values[0] if len(values) == 1 else values)
    return found


def test_there_are_at_least_forty_questions_with_unique_ids():
    assert len(QUESTIONS) >= 40
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)


def test_every_question_uses_a_catalogue_query_and_its_columns(kg):
    catalogue = load_catalogue()
    for question in QUESTIONS:
        query = catalogue[question.query]  # a named query, never hand-written SPARQL
        assert not query.is_quality_check
        rows = kg.query(question.query, **question.params)
        for column in (*question.columns, *question.where):
            assert column in rows.columns, f"{question.id}: {question.query} has no column {column}"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_competency_question(kg, question):
    got = answer(kg, question)
    if question.exact:
        assert got == set(question.expected), f"{question.id} {question.question}"
    else:
        missing = set(question.expected) - got
        assert not missing, f"{question.id} {question.question}: missing {sorted(map(str, missing))}"
