"""The networkx export: the graph, its projections (overlap, neighbourhood, bipartite) and analytics."""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import DATA

from zorgakkoorden.errors import VizError
from zorgakkoorden.export import networkx_export as nxe

ZID = "https://w3id.org/zorgakkoorden/id/"
IZA, GALA, WOZO = ZID + "t-iza", ZID + "t-gala", ZID + "t-wozo"


@pytest.fixture(scope="module")
def small_kg():
    import zorgakkoorden

    return zorgakkoorden.load(extra=[DATA / "viz" / "small.ttl"], include_graph=False)


@pytest.fixture(scope="module")
def G(small_kg):
    return nxe.to_networkx(small_kg)


def test_nodes_are_entities_keyed_by_iri(G):
    assert isinstance(G, nx.MultiDiGraph)
    assert IZA in G and GALA in G and WOZO in G
    # statements, conflicts, the theme scheme and the source kinds are not nodes
    assert not any("/statement/" in n for n in G)
    assert ZID + "conflict-t-wozo-publicationdate" not in G
    assert ZID + "themes" not in G
    assert "https://w3id.org/zorgakkoorden/def/PrimarySource" not in G
    assert len(G) == 15
    iza = G.nodes[IZA]
    assert iza["type_curie"] == "zk:Accord" and iza["category"] == "framework"
    assert (iza["label_nl"], iza["label_en"], iza["abbreviation"]) == ("Test Zorgakkoord", "Test Care Accord", "TZA")
    assert iza["sources"] == [ZID + "source-test-a"]
    assert iza["type_nl"] == "akkoord" and iza["type_en"] == "accord"
    assert G.nodes[ZID + "source-test-a"]["url"] == "https://example.org/bron-a"


def test_statements_become_edge_attributes(G):
    edge = G.edges[GALA, ZID + "theme-t-preventie", "zk:addressesTheme"]
    assert edge["sources"] == [ZID + "source-test-a", ZID + "source-test-b"]
    assert edge["statements"] == [ZID + "statement/t-gala-addressestheme-t-preventie"]
    assert (edge["label_nl"], edge["label_en"]) == ("werkt aan thema", "addresses theme")
    link = G.edges[GALA, IZA, "zk:elaborates"]
    assert link["aspect_nl"] == ["preventie in de wijk"] and link["aspect_en"] == ["prevention in the neighbourhood"]
    assert link["years"] == ["2022"]
    # a descriptive fact without a statement carries its subject's sources
    broader = G.edges[ZID + "theme-t-samenwerking", ZID + "theme-t-preventie", "skos:broader"]
    assert broader["statements"] == [] and broader["sources"] == [ZID + "source-test-a"]
    assert G.number_of_edges() == 19


def test_dated_facts_and_conflicts_are_node_attributes(G):
    (fact,) = G.nodes[IZA]["facts"]
    assert (fact["label_en"], fact["value"], fact["disputed"]) == ("signing date", "2022-09-16", False)
    wozo = G.nodes[WOZO]
    assert [f["value"] for f in wozo["facts"]] == ["2022-07-01", "2022-12-01"]
    assert all(f["disputed"] for f in wozo["facts"])
    assert wozo["conflicts"] == [ZID + "conflict-t-wozo-publicationdate"]


def test_overlap_graph_counts_shared_items_per_kind(G):
    O = nxe.overlap_graph(G)
    assert sorted(O.nodes) == sorted([GALA, IZA, WOZO])
    kinds = {(tuple(sorted((a, b))), k): d for a, b, k, d in O.edges(keys=True, data=True)}
    pair = tuple(sorted((GALA, IZA)))
    assert kinds[(pair, "theme")]["items"] == [ZID + "theme-t-preventie"]
    assert kinds[(pair, "party")]["items"] == [ZID + "t-gemeenten"]
    assert kinds[(pair, "funding")]["items"] == [ZID + "fin-t-spuk"]  # fundedThrough one way, funds the other
    assert kinds[(pair, "link")]["weight"] == 1
    assert kinds[(pair, "link")]["items"] == [f"{GALA} zk:elaborates {IZA}"]
    # WOZO addresses prevention through its action line
    assert kinds[(tuple(sorted((IZA, WOZO))), "theme")]["items"] == [ZID + "theme-t-preventie"]
    assert kinds[(tuple(sorted((IZA, WOZO))), "target_group")]["weight"] == 1
    assert (tuple(sorted((IZA, WOZO))), "party") not in kinds
    S = nxe.overlap_summary(O)
    assert S.edges[GALA, IZA]["weight"] == 4
    assert S.edges[GALA, WOZO]["weight"] == 3


def test_overlap_view_graph_draws_frameworks_and_shared_items(G):
    V = nxe.overlap_view_graph(G)
    items = {n for n, d in V.nodes(data=True) if d["role"] == "item"}
    assert items == {ZID + x for x in ("theme-t-preventie", "t-gemeenten", "t-vws", "tg-t-ouderen", "int-t-recept", "fin-t-spuk")}
    assert ZID + "theme-t-samenwerking" not in V  # only IZA has it
    assert V.nodes[ZID + "theme-t-preventie"]["frameworks"] == 3
    member = V.edges[WOZO, ZID + "theme-t-preventie", "member"]
    assert member["via"] == [ZID + "actionline-t-wozo-basis"]
    assert V.has_edge(GALA, IZA, "zk:elaborates")
    overlaps = [(u, v) for u, v, k in V.edges(keys=True) if k == "overlap"]
    assert sorted(overlaps) == sorted([(GALA, IZA), (GALA, WOZO), (IZA, WOZO)])


def test_neighbourhood(G):
    assert list(nxe.neighbourhood(G, IZA, 0).nodes) == [IZA]
    one = nxe.neighbourhood(G, IZA, 1)
    assert set(one) == {IZA, GALA, ZID + "theme-t-preventie", ZID + "theme-t-samenwerking", ZID + "t-gemeenten",
                        ZID + "tg-t-ouderen", ZID + "fin-t-spuk"}
    assert one.nodes[GALA]["distance"] == 1
    # every edge among the chosen nodes is kept, whichever way it points
    assert one.has_edge(ZID + "theme-t-samenwerking", ZID + "theme-t-preventie", "skos:broader")
    two = nxe.neighbourhood(G, IZA, 2)
    assert WOZO in two and set(one) < set(two)
    with pytest.raises(VizError):
        nxe.neighbourhood(G, ZID + "nothing", 1)
    with pytest.raises(VizError):
        nxe.neighbourhood(G, IZA, -1)


def test_framework_theme_graph_is_bipartite(G):
    B = nxe.framework_theme_graph(G)
    assert nx.is_bipartite(B)
    assert {n for n, d in B.nodes(data=True) if d["bipartite"] == 0} == {GALA, IZA, WOZO}
    assert {n for n, d in B.nodes(data=True) if d["bipartite"] == 1} == {ZID + "theme-t-preventie", ZID + "theme-t-samenwerking"}
    assert B.edges[WOZO, ZID + "theme-t-preventie"]["via"] == [ZID + "actionline-t-wozo-basis"]


def test_analytics_finds_the_bridging_theme_and_party(G):
    result = nxe.analytics(G)
    (top_theme,) = result.top("theme", 1)
    assert top_theme.iri == ZID + "theme-t-preventie" and len(top_theme.frameworks) == 3
    parties = result.top("party", 5)
    assert {p.iri for p in parties} == {ZID + "t-gemeenten", ZID + "t-vws"}
    assert all(len(p.frameworks) == 2 for p in parties)
    members = sorted(m for c in result.communities for m in c)
    assert members == sorted(nxe.framework_item_graph(G).nodes)
    assert result.as_dict() == nxe.analytics(G).as_dict()


def test_same_graph_gives_the_same_networkx_graph(small_kg, G):
    again = nxe.to_networkx(small_kg)
    assert list(again.nodes(data=True)) == list(G.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))


def test_curie():
    assert nxe.curie(ZID + "iza") == "zid:iza"
    assert nxe.curie("https://w3id.org/zorgakkoorden/def/Accord") == "zk:Accord"
    assert nxe.curie("http://example.org/x y") == "http://example.org/x y"


# ---------------------------------------------------------------- the real graph


def test_real_graph_nodes_and_edges_match_sparql(kg):
    """Counted independently with SPARQL: entities (typed, labelled, not statements) and fact triples between them."""
    G = nxe.to_networkx(kg)
    entities = {str(r[0]) for r in kg.sparql("""
        SELECT DISTINCT ?e WHERE {
          ?e a ?c . ?c rdfs:subClassOf* ?root .
          ?root a owl:Class . FILTER(STRSTARTS(STR(?root), STR(zk:)))
          FILTER NOT EXISTS { ?c rdfs:subClassOf* ?x . VALUES ?x { zk:Statement zk:Conflict zk:SourceKind zk:Status zk:ImplementationLevel } }
          FILTER(isIRI(?e))
        }""")}
    assert entities, "the graph is empty"
    assert set(G.nodes) == entities
    facts = {(str(r[0]), str(r[1]), str(r[2])) for r in kg.sparql("""
        SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(isIRI(?o)) FILTER(?p NOT IN (rdf:type, dcterms:source)) }""")
        if str(r[0]) in entities and str(r[2]) in entities}
    assert {(u, d["predicate"], v) for u, v, d in G.edges(data=True)} == facts
    assert G.number_of_edges() == len(facts)
    for name in ("iza", "gala", "wozo", "taz"):
        assert G.nodes[ZID + name]["category"] == "framework"
    # every relation edge backed by a statement carries that statement's sources
    relation_edges = [d for _, _, d in G.edges(data=True) if d["statements"]]
    assert relation_edges and all(d["sources"] for d in relation_edges)


def test_real_graph_overlap(kg):
    G = nxe.to_networkx(kg)
    O = nxe.overlap_graph(G)
    assert {ZID + "iza", ZID + "gala", ZID + "wozo"} <= set(O.nodes)
    # IZA and GALA share themes and are linked explicitly
    kinds = {k for a, b, k in O.edges(keys=True) if {a, b} == {ZID + "iza", ZID + "gala"}}
    assert {"theme", "link"} <= kinds
    for _, _, data in O.edges(data=True):
        assert data["weight"] == len(data["items"]) > 0
