"""The graph views of the site, made by the export package (networkx + pyvis, offline pages).

``views/overlap.html`` (the accords and what they share), ``views/graph.html`` (the whole graph)
and ``views/focus-<slug>-<depth>.html`` (the neighbourhood of each accord, programme and agenda).
Each view page gets a small bar with links back to the site; the page's own Content-Security-Policy
allows no script but its own, and a plain link needs none.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import OutputError
from .model import Ref, SiteModel
from .render import SiteWriter

BACK_BAR = (
    '<p id="zk-site-back" style="margin:0 0 .3em 0;font-size:.9em">'
    '<a href="../index.html">zorgakkoorden</a> › <a href="../views.html">views</a></p>\n'
)
BRIDGES_SHOWN = 20


@dataclass(frozen=True)
class ViewLink:
    path: str
    title: str
    about: str


@dataclass(frozen=True)
class FocusLink:
    path: str
    ref: Ref


@dataclass(frozen=True)
class BridgeRow:
    ref: Ref
    frameworks: list[Ref]


def with_back_bar(html: str) -> str:
    """A view page with links back to the site at the top of its header.

    Args:
        html: a page from :mod:`zorgakkoorden.export.pyvis_html`.
    """
    marker = '<header id="zk-header">'
    if marker in html:
        return html.replace(marker, marker + "\n" + BACK_BAR, 1)
    if "<body>" in html:
        return html.replace("<body>", "<body>\n" + BACK_BAR, 1)
    raise OutputError("a graph view has no <body>: cannot add the links back to the site")


def write_views(writer: SiteWriter, G, model: SiteModel, *, focus_depth: int = 1) -> int:
    """views.html and the view pages; returns how many pages were written.

    Args:
        writer: the site writer.
        G: the networkx graph of the knowledge graph (:func:`~zorgakkoorden.export.networkx_export.to_networkx`).
        model: the site's read model (for links to entity pages).
        focus_depth: how many steps deep each framework's neighbourhood view goes.
    """
    from ..export.networkx_export import analytics, frameworks
    from ..export.pyvis_html import graph_view, neighbourhood_view, overlap_view

    overlap = overlap_view(G, "nl")
    whole = graph_view(G, "nl")
    writer.text("views/overlap.html", with_back_bar(overlap.html))
    writer.text("views/graph.html", with_back_bar(whole.html))
    links = [
        ViewLink("views/overlap.html", "Overlap view",
                 "the accords, programmes and agendas on a ring, and the themes, parties, interventions, target groups "
                 "and funding that two or more of them share; dashed lines are the links between them (overarches, "
                 "elaborates, complements, ...)."
                 + (f" {overlap.notice.get('en', '')}" if overlap.filtered else "")),
        ViewLink("views/graph.html", "The whole graph",
                 f"every entity and every sourced fact between them ({whole.graph.number_of_nodes()} nodes, "
                 f"{whole.graph.number_of_edges()} edges)." + (f" {whole.notice.get('en', '')}" if whole.filtered else "")),
    ]
    focus = []
    for node in frameworks(G):
        view = neighbourhood_view(G, node, focus_depth, "nl")
        rel = f"views/{view.filename}"
        writer.text(rel, with_back_bar(view.html))
        focus.append(FocusLink(rel, model.ref(_uri(node))))
    focus.sort(key=lambda f: (f.ref.short.casefold(), f.ref.iri))
    bridges = [
        BridgeRow(model.ref(_uri(b.iri)), sorted((model.ref(_uri(f)) for f in b.frameworks), key=lambda r: r.short.casefold()))
        for b in analytics(G).bridges
        if len(b.frameworks) >= 2
    ][:BRIDGES_SHOWN]
    writer.page("views.html", "views.html", title="Graph views", section="views", views=links, focus_views=focus,
                focus_depth=focus_depth, bridges=bridges)
    return 3 + len(focus)


def _uri(iri: str):
    from rdflib import URIRef

    return URIRef(iri)


def graphml_download(G) -> list[tuple[str, str, str, bytes]]:
    """The GraphML downloads: (site path, format, what it holds, bytes).

    Args:
        G: the networkx graph of the knowledge graph.
    """
    from ..export.formats import export_bytes

    return [
        ("downloads/zorgakkoorden.graphml", "GraphML", "the graph as nodes and edges (labels, classes, sources), for Gephi, yEd or Cytoscape",
         export_bytes(G, "graphml", "graph")),
        ("downloads/overlap.graphml", "GraphML", "the overlap projection: accords and programmes, edges weighted by what they share",
         export_bytes(G, "graphml", "overlap")),
    ]
