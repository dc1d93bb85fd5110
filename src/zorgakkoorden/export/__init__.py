"""Exports of the knowledge graph: networkx graphs, interactive HTML views, GraphML/GEXF/JSON.

- :mod:`.networkx_export`: :func:`~.networkx_export.to_networkx` (a MultiDiGraph keyed by IRI),
  the overlap projection, neighbourhoods, the bipartite framework-theme graph, analytics.
- :mod:`.pyvis_html`: self-contained, offline HTML views built with pyvis and vis-network.
- :mod:`.formats`: GraphML, GEXF and node-link JSON bytes.

Import the submodules you need; this package imports nothing heavy by itself.
"""
