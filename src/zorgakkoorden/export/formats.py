"""GraphML, GEXF (Gephi) and node-link JSON of the graph and of the overlap projection.

The writers are networkx's. GraphML and GEXF take only scalar attribute values, so lists
and dicts are written as JSON text (``["https://...", ...]``), ``None`` is left out, and every
other value is kept as it is. Node-link JSON keeps lists as lists. Output is deterministic:
nodes and edges in sorted order, sorted JSON keys, and GEXF's ``lastmodifieddate`` (today's
date in networkx's writer) replaced by the fixed date below.
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from ..errors import VizError

FORMATS = ("graphml", "gexf", "json")
PROJECTIONS = ("graph", "overlap")
#: GEXF's meta date: fixed so that the same graph gives the same bytes
GEXF_DATE = "2000-01-01"


def _scalar(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | dict):
        data = sorted(value) if isinstance(value, set) else value
        return json.dumps(data, ensure_ascii=False, sort_keys=True)
    return str(value)


def writer_safe(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` with scalar attribute values only, nodes and edges in sorted order.

    Args:
        G: any networkx graph with string node keys.
    """
    H = G.__class__()
    H.graph.update({k: _scalar(v) for k, v in sorted(G.graph.items()) if v is not None})
    for n in sorted(G.nodes):
        H.add_node(n, **{k: _scalar(v) for k, v in sorted(G.nodes[n].items()) if v is not None})
    if G.is_multigraph():
        edges = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
        for u, v, k, data in edges:
            H.add_edge(u, v, key=k, **{a: _scalar(b) for a, b in sorted(data.items()) if b is not None})
    else:
        for u, v, data in sorted(G.edges(data=True), key=lambda e: (e[0], e[1])):
            H.add_edge(u, v, **{a: _scalar(b) for a, b in sorted(data.items()) if b is not None})
    return H


def graphml_bytes(G: nx.Graph) -> bytes:
    """GraphML of ``G`` (UTF-8).

    Args:
        G: any networkx graph with string node keys.
    """
    buffer = io.BytesIO()
    nx.write_graphml(writer_safe(G), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def gexf_bytes(G: nx.Graph) -> bytes:
    """GEXF 1.2 of ``G`` (UTF-8), for Gephi.

    Args:
        G: any networkx graph with string node keys.
    """
    from networkx.readwrite.gexf import GEXFWriter

    H = writer_safe(G)
    if H.is_multigraph():  # GEXF edge ids must be unique: make them from the key
        for i, (_, _, data) in enumerate(H.edges(data=True)):
            data.setdefault("id", f"e{i}")
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.set("lastmodifieddate", GEXF_DATE)
    writer.add_graph(H)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def json_bytes(G: nx.Graph) -> bytes:
    """Node-link JSON of ``G`` (networkx's ``node_link_data``, edges under ``"edges"``), sorted keys.

    Args:
        G: any networkx graph with string node keys.
    """
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from(sorted(G.nodes(data=True)))
    if G.is_multigraph():
        H.add_edges_from(sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))))
    else:
        H.add_edges_from(sorted(G.edges(data=True), key=lambda e: (e[0], e[1])))
    data = nx.node_link_data(H, edges="edges")
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def export_bytes(G: nx.MultiDiGraph, fmt: str, projection: str = "graph") -> bytes:
    """The graph or its overlap projection in one of FORMATS.

    Args:
        G: the graph from :func:`~.networkx_export.to_networkx`.
        fmt: ``graphml``, ``gexf`` or ``json``.
        projection: ``graph`` (the whole graph) or ``overlap`` (:func:`~.networkx_export.overlap_graph`).
    """
    from .networkx_export import overlap_graph

    if fmt not in FORMATS:
        raise VizError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if projection not in PROJECTIONS:
        raise VizError(f"unknown projection {projection!r}: choose one of {', '.join(PROJECTIONS)}")
    target = G if projection == "graph" else overlap_graph(G)
    return {"graphml": graphml_bytes, "gexf": gexf_bytes, "json": json_bytes}[fmt](target)
