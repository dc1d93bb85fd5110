"""The graph views of the site, made by the export package (networkx + pyvis, offline pages).

``views/overlap.html`` (the accords and what they share), ``views/graph.html`` (the whole graph)
and ``views/focus-<slug>-<depth>.html`` (the neighbourhood of each accord, programme and agenda).
Each view page gets a small bar with links back to the site; the page's own Content-Security-Policy
allows no script but its own, and a plain link needs none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputError
from .model import Ref, SiteModel
from .render import SiteWriter

BACK_BAR = (
    '<p id="zk-site-back" style="margin:0 0 .3em 0;font-size:.9em">'
    '<a href="../index.html" data-zk-site="1">zorgakkoorden</a> › '
    '<a href="../views.html" data-zk-site="1" data-i18n="views">Overzichtsbeelden</a></p>\n'
)
DATA_OPEN = '<script type="application/json" id="zk-data">'
DATA_CLOSE = "</script>"
BRIDGES_SHOWN = 20


@dataclass(frozen=True)
class ViewLink:
    path: str
    title: str
    about: str
    title_nl: str = ""
    about_nl: str = ""


# the views' titles and what they show, in Dutch and English, by path
VIEW_TEXTS = {
    "views/overlap.html": ("Wat de akkoorden delen", "What the accords share",
                           "de akkoorden, programma's en agenda's en de thema's, partijen, interventies, doelgroepen en "
                           "geldstromen die twee of meer van hen delen; gestippelde lijnen zijn de verbanden tussen de "
                           "akkoorden (overkoepelt, werkt uit, vult aan, ...).",
                           "the accords, programmes and agendas and the themes, parties, interventions, target groups and "
                           "funding that two or more of them share; dashed lines are the links between the accords "
                           "(overarches, elaborates, complements, ...)."),
    "views/graph.html": ("De hele kaart", "The whole map",
                         "alle onderwerpen en alle feiten met bron ertussen, om te verkennen.",
                         "every subject and every sourced fact between them, to explore."),
}


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


def with_pages(html: str, pages: dict[str, str] | None) -> str:
    """A view page whose nodes know their page on the site (``node.page``, relative to ``views/``),
    so that the details of a node link to it.

    Args:
        html: a page from :mod:`zorgakkoorden.export.pyvis_html`.
        pages: entity IRI to site path (see :func:`.model.entity_pages`); None leaves the page as it is.
    """
    if not pages:
        return html
    import json

    from ..export.networkx_export import curie
    from ..export.pyvis_html import script_json

    start = html.find(DATA_OPEN)
    end = html.find(DATA_CLOSE, start)
    if start < 0 or end < 0:
        raise OutputError("a graph view has no data block: cannot link its nodes to their pages")
    by_curie = {curie(iri): "../" + page for iri, page in pages.items()}
    data = json.loads(html[start + len(DATA_OPEN):end])
    for node in data["nodes"]:
        page = by_curie.get(node["id"])
        if page:
            node["page"] = page
    return html[:start + len(DATA_OPEN)] + script_json(data) + html[end:]


def render_views(G, out: Path, *, focus_depth: int = 1, pages: dict[str, str] | None = None) -> dict[str, Any]:
    """Write the view pages and the GraphML downloads into the site folder; return what was written.

    Runs in a background job of the build (see :mod:`.worker`), so it takes and returns plain data.

    Args:
        G: the networkx graph of the knowledge graph (:func:`~zorgakkoorden.export.networkx_export.to_networkx`).
        out: the (temporary) site folder.
        focus_depth: how many steps deep each framework's neighbourhood view goes.
        pages: entity IRI to its page on the site, for the links in the views' details.

    Returns:
        ``files`` (site paths written), ``views`` (path, title, about), ``focus`` (path, node IRI),
        ``bridges`` (item IRI, framework IRIs) and ``downloads`` (path, format, about, size).
    """
    from ..export.formats import export_bytes
    from ..export.networkx_export import analytics, frameworks
    from ..export.pyvis_html import graph_view, neighbourhood_view, overlap_view

    files: list[str] = []

    def write(rel: str, data: bytes) -> None:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files.append(rel)

    overlap = overlap_view(G, "nl")
    write("views/overlap.html", with_back_bar(with_pages(overlap.html, pages)).encode("utf-8"))
    whole = graph_view(G, "nl")
    write("views/graph.html", with_back_bar(with_pages(whole.html, pages)).encode("utf-8"))
    views = [
        ("views/overlap.html", "Overlap view",
         "the accords, programmes and agendas on a ring, and the themes, parties, interventions, target groups "
         "and funding that two or more of them share; dashed lines are the links between them (overarches, "
         "elaborates, complements, ...)." + (f" {overlap.notice.get('en', '')}" if overlap.filtered else "")),
        ("views/graph.html", "The whole graph",
         f"every entity and every sourced fact between them ({whole.graph.number_of_nodes()} nodes, "
         f"{whole.graph.number_of_edges()} edges)." + (f" {whole.notice.get('en', '')}" if whole.filtered else "")),
    ]
    focus = []
    for node in frameworks(G):
        view = neighbourhood_view(G, node, focus_depth, "nl")
        rel = f"views/{view.filename}"
        write(rel, with_back_bar(with_pages(view.html, pages)).encode("utf-8"))
        focus.append((rel, str(node)))
    bridges = [(b.iri, list(b.frameworks)) for b in analytics(G).bridges if len(b.frameworks) >= 2][:BRIDGES_SHOWN]
    downloads = []
    for rel, fmt, about, projection in (
        ("downloads/zorgakkoorden.graphml", "GraphML",
         "the graph as nodes and edges (labels, classes, sources), for Gephi, yEd or Cytoscape", "graph"),
        ("downloads/overlap.graphml", "GraphML",
         "the overlap projection: accords and programmes, edges weighted by what they share", "overlap"),
    ):
        data = export_bytes(G, "graphml", projection)
        write(rel, data)
        downloads.append((rel, fmt, about, len(data)))
    return {"files": files, "views": views, "focus": focus, "bridges": bridges, "downloads": downloads}


def write_views_page(writer: SiteWriter, model: SiteModel, rendered: dict[str, Any], *, focus_depth: int) -> int:
    """views.html, from what :func:`render_views` wrote; returns how many pages there are.

    Args:
        writer: the site writer (the view files are added to what it wrote).
        model: the site's read model (for the links to entity pages).
        rendered: the result of :func:`render_views`.
        focus_depth: the depth of the neighbourhood views.
    """
    for rel in rendered["files"]:
        if not rel.startswith("downloads/"):
            writer.claim(rel, f"the graph view {rel}")
    links = []
    for path, title, about in rendered["views"]:
        nl_title, en_title, nl_about, en_about = VIEW_TEXTS.get(path, (title, title, about, about))
        links.append(ViewLink(path, en_title, en_about, nl_title, nl_about))
    focus = sorted((FocusLink(path, model.ref(_uri(node))) for path, node in rendered["focus"]),
                   key=lambda f: (f.ref.short.casefold(), f.ref.iri))
    bridges = [
        BridgeRow(model.ref(_uri(item)), sorted((model.ref(_uri(f)) for f in fws), key=lambda r: (r.short.casefold(), r.iri)))
        for item, fws in rendered["bridges"]
    ]
    writer.page("views.html", "views.html", title=("Overzichtsbeelden", "Views"), section="views", views=links, focus_views=focus,
                focus_depth=focus_depth, bridges=bridges)
    return 1 + sum(1 for f in rendered["files"] if f.endswith(".html"))


def _uri(iri: str):
    from rdflib import URIRef

    return URIRef(iri)
