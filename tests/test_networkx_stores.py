"""The networkx export gives the same graph from the memory store and from the Oxigraph store
(which it reads from pyoxigraph's quads directly, not triple by triple through rdflib)."""

from __future__ import annotations

import networkx as nx

from zorgakkoorden.export.networkx_export import _TripleIndex, _graph_of, to_networkx


def test_the_oxigraph_store_is_read_through_its_own_index(kg_oxigraph, kg):
    assert isinstance(_graph_of(kg_oxigraph), _TripleIndex)
    assert _graph_of(kg) is kg.graph


def test_both_stores_export_the_same_graph(kg, kg_oxigraph):
    from_memory = to_networkx(kg)
    from_oxigraph = to_networkx(kg_oxigraph)
    assert from_memory.number_of_nodes() > 300 and from_memory.number_of_edges() > 300
    assert sorted(from_memory.nodes(data=True)) == sorted(from_oxigraph.nodes(data=True))
    assert sorted(from_memory.edges(keys=True, data=True)) == sorted(from_oxigraph.edges(keys=True, data=True))
    assert nx.utils.graphs_equal(from_memory, from_oxigraph)
