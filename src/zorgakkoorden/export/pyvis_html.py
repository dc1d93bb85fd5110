"""Self-contained, offline HTML views of the graph, built with pyvis and drawn by vis-network.

Three kinds of view (each a :class:`View`): the whole graph (:func:`graph_view`), the
overlap of the frameworks (:func:`overlap_view`) and the neighbourhood of one entity
(:func:`neighbourhood_view`).

How a page is made:

- the nodes and edges are added to a pyvis ``Network`` one by one (``add_node`` /
  ``add_edge``; ``Network.from_nx`` is super-linear), with positions computed here by a
  seeded networkx layout, so physics is off and the view is drawn once, settled;
- the page comes from our own template (``templates/view.html``), not pyvis's: pyvis's
  templates link bootstrap and tom-select on CDNs and write the heading and the select
  options as raw HTML. vis-network (vendored from npm, ``vendor/``) is inlined; there is no
  URL to load anything from, and a Content-Security-Policy allows only the page's own two
  scripts (by hash) and no connection at all;
- every text from the graph travels as JSON data (``<`` ``>`` ``&`` escaped) and is put into
  the page with ``textContent`` or as a plain-text vis tooltip, never as markup;
- nothing depends on the clock or on hash order: the same graph gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import networkx as nx

from .. import __version__
from ..errors import VizError
from .networkx_export import (
    ITEM_KINDS,
    KIND_LABELS,
    LINK_KIND,
    SEED,
    curie,
    frameworks,
    neighbourhood,
    overlap_view_graph,
)
from .view_layouts import explorer_layout, overlap_columns, radial_layout, separate

VIS_NETWORK_VERSION = "10.1.5"
#: the largest graph drawn in full; above it the view shows the most connected nodes
#: (see docs/visualisations.md for the measurements behind this number)
FULL_VIEW_MAX_NODES = 2000
#: up to this many nodes networkx's (dense, vectorised) spring layout is used directly;
#: above it, communities are laid out first and each community within its own disc
SPRING_MAX_NODES = 499
#: above this many edges the edges are hidden while dragging or zooming
BIG_VIEW_EDGES = 3000

LANGS = ("nl", "en")

#: colour and shape of each class (CURIE); other classes get a colour from FALLBACK_COLOURS
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "zk:Accord": ("#c0392b", "star"),
    "zk:Programme": ("#e67e22", "star"),
    "zk:Agenda": ("#8e44ad", "star"),
    "zk:PolicyFramework": ("#a04000", "star"),
    "zk:ActionLine": ("#d4ac0d", "triangle"),
    "zk:Goal": ("#b7950b", "triangleDown"),
    "zk:Theme": ("#27ae60", "dot"),
    "zk:Organisation": ("#2e86c1", "square"),
    "zk:OrganisationGroup": ("#1b4f72", "square"),
    "zk:Person": ("#5dade2", "square"),
    "zk:Party": ("#2874a6", "square"),
    "zk:FundingInstrument": ("#f1c40f", "diamond"),
    "zk:Intervention": ("#16a085", "hexagon"),
    "zk:TargetGroup": ("#e84393", "dot"),
    "zk:Law": ("#6c3483", "diamond"),
    "zk:PracticeExample": ("#00b894", "triangle"),
    "zk:Place": ("#7f8c8d", "dot"),
    "zk:KnowledgeResource": ("#0097a7", "hexagon"),
    "zk:Publication": ("#95a5a6", "square"),
    "zk:SourceDocument": ("#bdc3c7", "square"),
    "zk:Event": ("#ff7675", "triangleDown"),
    "zk:Citation": ("#b2bec3", "dot"),
}
FALLBACK_COLOURS = ("#6d4c41", "#546e7a", "#7cb342", "#8d6e63", "#3949ab", "#00897b", "#c2185b", "#5e35b1")
#: the order classes are listed in the legend
CLASS_ORDER = tuple(CLASS_STYLES)

KIND_COLOURS = {
    "theme": "#27ae60",
    "party": "#2e86c1",
    "intervention": "#16a085",
    "target_group": "#e84393",
    "funding": "#d4ac0d",
    "overlap": "#7f8c8d",
    LINK_KIND: "#2c3e50",
}

_TEXT = {
    "type": ("Soort", "Type"),
    "abbreviation": ("Afkorting", "Abbreviation"),
    "also": ("Ook", "Also"),
    "sources": ("Bronnen", "Sources"),
    "aspect": ("Aspect", "Aspect"),
    "year": ("Jaar", "Year"),
    "facts": ("Feiten", "Facts"),
    "disputed": ("betwist", "disputed"),
    "conflicts": ("Tegenstrijdige bronnen", "Conflicting sources"),
    "address": ("Adres", "Address"),
    "shared_by": ("Gedeeld door {n} kaders", "Shared by {n} frameworks"),
    "via": ("via", "through"),
    "shared": ("{n} gedeeld", "{n} shared"),
    "links": ("{n} verbindingen", "{n} links"),
    "link": ("1 verbinding", "1 link"),
    "overlap_hint": (
        "Links de akkoorden en agenda's, rechts de programma's, in het midden wat twee of meer van hen delen. "
        "Hoe dikker de lijn, hoe meer twee kaders delen. Wijs een knoop of lijn aan voor wat erachter zit.",
        "Accords and agendas on the left, programmes on the right, in the middle what two or more of them share. "
        "The thicker the line, the more two frameworks share. Point at a node or a line to see what is behind it.",
    ),
    "explorer_hint": (
        "De akkoorden en programma's met hun directe buren. Dubbelklik op een knoop om zijn buren te tonen; "
        "klik voor de details en bronnen.",
        "The accords and programmes with their direct neighbours. Double-click a node to show its neighbours; "
        "click for the details and sources.",
    ),
    "member": ("{f} heeft {i}", "{f} has {i}"),
    "graph_title": ("Kennisgraaf zorgakkoorden", "Knowledge graph of the health-care accords"),
    "overlap_title": ("Overlap van de akkoorden en programma's", "Overlap of the accords and programmes"),
    "focus_title": ("Omgeving van {label} (diepte {depth})", "Neighbourhood of {label} (depth {depth})"),
    "filtered": (
        ("De hele graaf heeft {total} knopen: te veel om goed te tekenen. Deze weergave toont de {shown} "
         "knopen met de meeste verbindingen (alle beleidskaders inbegrepen). Gebruik de overlapweergave of "
         "'zorgakkoorden viz --focus NAAM' voor een omgeving."),
        ("The whole graph has {total} nodes: too many to draw well. This view shows the {shown} most "
         "connected nodes (every policy framework included). Use the overlap view or "
         "'zorgakkoorden viz --focus NAME' for a neighbourhood."),
    ),
    "overlap_filtered": (
        "{total} gedeelde onderdelen: deze weergave toont de {shown} die de meeste kaders delen.",
        "{total} shared items: this view shows the {shown} that the most frameworks share.",
    ),
}


def _t(key: str, lang: str, **values: Any) -> str:
    text = _TEXT[key][0 if lang == "nl" else 1]
    return text.format(**values) if values else text


@dataclass
class View:
    """One HTML view: its file name, the page, the networkx graph it draws, and a notice if it was cut down."""

    name: str
    filename: str
    html: str
    graph: nx.MultiDiGraph
    notice: dict[str, str] = field(default_factory=dict)

    @property
    def filtered(self) -> bool:
        return bool(self.notice)


# ---------------------------------------------------------------- vendored code and template


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vendored vis-network standalone build, without its source-map comment."""
    text = resources.files(__package__).joinpath("vendor/vis-network/vis-network.min.js").read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    if lines and lines[-1].startswith("//# sourceMappingURL="):
        lines.pop()
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment

    source = resources.files(__package__).joinpath("templates/view.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(source)


@lru_cache(maxsize=1)
def _app_js() -> str:
    return resources.files(__package__).joinpath("templates/view.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _app_css() -> str:
    return resources.files(__package__).joinpath("templates/view.css").read_text(encoding="utf-8")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: sorted keys, ``<``, ``>``, ``&`` escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ---------------------------------------------------------------- styles, texts


def class_style(type_curie: str, known: Iterable[str] = ()) -> tuple[str, str]:
    """(colour, shape) of a class; unknown classes get a fallback colour by their rank in ``known``."""
    if type_curie in CLASS_STYLES:
        return CLASS_STYLES[type_curie]
    others = sorted(k for k in set(known) | {type_curie} if k not in CLASS_STYLES)
    return FALLBACK_COLOURS[others.index(type_curie) % len(FALLBACK_COLOURS)], "dot"


def normalise(text: str) -> str:
    """Lower case without accents, as the page's search compares text."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _label(G: nx.Graph, node: str, lang: str) -> str:
    data = G.nodes[node] if node in G else {}
    return data.get(f"label_{lang}") or data.get("label_nl") or curie(node)


def _source_names(sources: Iterable[str], labels: dict[str, tuple[str, str]], lang: str) -> str:
    names = []
    for s in sources:
        nl_en = labels.get(s)
        names.append(nl_en[0 if lang == "nl" else 1] if nl_en else curie(s))
    return "; ".join(names)


def _shorten(text: str, limit: int = 280) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _address(url: str) -> str:
    """A source's address as text without its scheme (the page holds no URL to follow)."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return url[len(scheme):]
    return url


MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
XSD = "http://www.w3.org/2001/XMLSchema#"


def format_number(number: float | int, lang: str) -> str:
    """A number as written in the language: ``1.234,5`` in Dutch, ``1,234.5`` in English.

    Args:
        number: the number.
        lang: ``nl`` or ``en``.
    """
    text = f"{number:,}" if isinstance(number, int) else f"{number:,.2f}".rstrip("0").rstrip(".")
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_value(value: str, datatype: str, lang: str) -> str:
    """A literal's value as a reader of the language writes it: dates as ``16 september 2022``,
    months as ``september 2022``, numbers with the language's separators; anything else as it is.

    Args:
        value: the lexical form.
        datatype: the datatype IRI ('' for none).
        lang: ``nl`` or ``en``.
    """
    months = MONTHS["nl" if lang == "nl" else "en"]
    try:
        if datatype in (XSD + "date", XSD + "dateTime") and len(value) >= 10 and value[4] == "-" and value[7] == "-":
            year, month, day = int(value[:4]), int(value[5:7]), int(value[8:10])
            return f"{day} {months[month - 1]} {year}"
        if datatype == XSD + "gYearMonth" and len(value) >= 7 and value[4] == "-":
            return f"{months[int(value[5:7]) - 1]} {int(value[:4])}"
        if datatype in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger",
                        XSD + "positiveInteger"):
            return format_number(int(value), lang)
        if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
            return format_number(float(value), lang)
    except (ValueError, IndexError):
        return value
    return value


def node_title(G: nx.Graph, node: str, lang: str, source_labels: dict[str, tuple[str, str]],
               extra: Iterable[str] = ()) -> str:
    """The plain-text tooltip of a node: label, type, both labels, abbreviation, facts, sources."""
    d = G.nodes[node]
    lines = [_label(G, node, lang), f"{_t('type', lang)}: {d.get(f'type_{lang}', '')}"]
    lines.append(f"NL: {d.get('label_nl', '')}")
    lines.append(f"EN: {d.get('label_en', '')}")
    if d.get("abbreviation"):
        lines.append(f"{_t('abbreviation', lang)}: {d['abbreviation']}")
    if d.get("alt_labels"):
        lines.append(f"{_t('also', lang)}: {'; '.join(d['alt_labels'])}")
    description = d.get(f"description_{lang}") or d.get("description_nl") or d.get("description_en")
    if description:
        lines.append(_shorten(description))
    for fact in d.get("facts", []):
        flag = f" ({_t('disputed', lang)})" if fact.get("disputed") else ""
        src = _source_names(fact.get("sources", []), source_labels, lang)
        lines.append(f"{fact['label_' + lang]}: {format_value(fact['value'], fact.get('datatype', ''), lang)}{flag} [{src}]")
    if d.get("url"):
        lines.append(f"{_t('address', lang)}: {_address(d['url'])}")
    lines.extend(extra)
    lines.append(f"{_t('sources', lang)}: {_source_names(d.get('sources', []), source_labels, lang)}")
    return "\n".join(lines)


def node_tip(G: nx.Graph, node: str, lang: str, extra: Iterable[str] = ()) -> str:
    """The short plain-text tooltip of a node: label, type and abbreviation, the start of its description."""
    d = G.nodes[node]
    kind = d.get(f"type_{lang}", "")
    if d.get("abbreviation"):
        kind += f" · {d['abbreviation']}"
    lines = [_label(G, node, lang), kind]
    description = d.get(f"description_{lang}") or d.get("description_nl") or d.get("description_en")
    if description:
        lines.append(_shorten(description, 200))
    lines.extend(extra)
    return "\n".join(lines)


def edge_title(G: nx.Graph, u: str, v: str, data: dict, lang: str, source_labels: dict[str, tuple[str, str]]) -> str:
    """The plain-text tooltip of a fact edge: subject, predicate, object, aspect, year, sources."""
    lines = [f"{_label(G, u, lang)} → {data.get('label_' + lang, '')} → {_label(G, v, lang)}"]
    aspects = data.get(f"aspect_{lang}") or data.get("aspect_nl") or data.get("aspect_en") or []
    if aspects:
        lines.append(f"{_t('aspect', lang)}: {'; '.join(aspects)}")
    if data.get("years"):
        lines.append(f"{_t('year', lang)}: {', '.join(data['years'])}")
    lines.append(f"{_t('sources', lang)}: {_source_names(data.get('sources', []), source_labels, lang)}")
    return "\n".join(lines)


# ---------------------------------------------------------------- layouts


def _simple_undirected(H: nx.Graph) -> nx.Graph:
    U = nx.Graph()
    U.add_nodes_from(sorted(H.nodes))
    weights: dict[tuple[str, str], float] = {}
    for u, v, *_ in H.edges(data=True):
        if u != v:
            key = (u, v) if u < v else (v, u)
            weights[key] = weights.get(key, 0) + 1
    U.add_weighted_edges_from(sorted((a, b, w) for (a, b), w in weights.items()))
    return U


def _induced(U: nx.Graph, nodes: Iterable[str]) -> nx.Graph:
    """The subgraph on ``nodes`` as a new graph in sorted order (networkx's subgraph views
    iterate in the order of a set when the subset is small, which changes with the hash seed)."""
    keep = set(nodes)
    S = nx.Graph()
    S.add_nodes_from(sorted(keep))
    S.add_edges_from(sorted((a, b, d) for a, b, d in U.edges(keep, data=True) if a in keep and b in keep))
    return S


def _spring(U: nx.Graph, **kwargs: Any) -> dict[str, tuple[float, float]]:
    """networkx's spring layout (seeded), as plain float pairs."""
    if len(U) == 0:
        return {}
    if len(U) == 1:
        return {next(iter(U)): (0.0, 0.0)}
    pos = nx.spring_layout(U, seed=SEED, iterations=kwargs.pop("iterations", 80), **kwargs)
    return {n: (float(p[0]), float(p[1])) for n, p in pos.items()}


def _sunflower(nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Nodes spread evenly over a unit disc (Vogel's spiral), in the given order."""
    golden = math.pi * (3 - math.sqrt(5))
    count = max(len(nodes), 1)
    return {n: (math.sqrt((i + 0.5) / count) * math.cos(i * golden), math.sqrt((i + 0.5) / count) * math.sin(i * golden))
            for i, n in enumerate(nodes)}


def _component_layout(U: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions of one connected graph in the unit disc."""
    if len(U) <= SPRING_MAX_NODES:
        pos = _spring(U)
    else:
        communities = [sorted(c) for c in nx.community.louvain_communities(U, seed=SEED)]
        communities.sort(key=lambda c: (-len(c), c[0]))
        member = {n: i for i, c in enumerate(communities) for n in c}
        C = nx.Graph()
        C.add_nodes_from(range(len(communities)))
        for u, v in U.edges():
            a, b = member[u], member[v]
            if a != b:
                w = C.edges[a, b]["weight"] + 1 if C.has_edge(a, b) else 1
                C.add_edge(a, b, weight=w)
        centres = _spring(C, weight="weight") if len(C) <= SPRING_MAX_NODES else _sunflower(list(range(len(C))))
        total = len(U)
        pos = {}
        for i, nodes in enumerate(communities):
            radius = 0.9 * math.sqrt(len(nodes) / total)
            if 2 < len(nodes) <= 200:
                local = _spring(_induced(U, nodes), iterations=50, center=(0, 0), scale=1.0)
            else:
                local = _sunflower(sorted(nodes, key=lambda n: (-U.degree(n), n)))
            cx, cy = centres[i]
            for n, (x, y) in local.items():
                pos[n] = (cx + radius * x, cy + radius * y)
    if not pos:
        return {}
    cx = sum(p[0] for p in pos.values()) / len(pos)
    cy = sum(p[1] for p in pos.values()) / len(pos)
    reach = max(math.hypot(x - cx, y - cy) for x, y in pos.values()) or 1.0
    return {n: ((x - cx) / reach, (y - cy) / reach) for n, (x, y) in pos.items()}


def layout(H: nx.Graph, spacing: float = 70.0) -> dict[str, tuple[float, float]]:
    """Seeded positions in pixels for any graph, about ``spacing`` px between neighbours.

    Each connected component is laid out on its own and the components are packed in rows,
    largest first; nodes without edges share one even grid. Within a component: up to
    SPRING_MAX_NODES nodes, networkx's spring layout; above, Louvain communities (seeded) are
    laid out with the spring layout and each community fills its own disc (spring layout if
    small, an even spiral if large), so the cost stays near linear.

    Args:
        H: the graph to lay out (directions and parallel edges are ignored).
        spacing: the room per node, in pixels.
    """
    U = _simple_undirected(H)
    components = [sorted(c) for c in nx.connected_components(U) if len(c) > 1]
    components.sort(key=lambda c: (-len(c), c[0]))
    singles = sorted(n for n in U if U.degree(n) == 0)
    blocks: list[tuple[float, dict[str, tuple[float, float]]]] = []
    for nodes in components:
        radius = spacing * 0.8 * math.sqrt(len(nodes)) + spacing / 2
        unit = _component_layout(_induced(U, nodes))
        blocks.append((radius, {n: (x * radius, y * radius) for n, (x, y) in unit.items()}))
    if singles:
        columns = max(1, math.ceil(math.sqrt(len(singles))))
        grid = {n: ((i % columns) * spacing, (i // columns) * spacing) for i, n in enumerate(singles)}
        half = spacing * (columns - 1) / 2
        rows = math.ceil(len(singles) / columns)
        grid = {n: (x - half, y - spacing * (rows - 1) / 2) for n, (x, y) in grid.items()}
        blocks.append((max(half, spacing * (rows - 1) / 2) + spacing / 2, grid))
    # shelf packing: rows of blocks, no wider than the widest block or a square's side
    area = sum((2 * r) ** 2 for r, _ in blocks)
    width_limit = max([2 * r for r, _ in blocks] + [math.sqrt(area)])
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for radius, block in blocks:
        size = 2 * radius
        if x > 0 and x + size > width_limit:
            x, y, row_height = 0.0, y + row_height + spacing, 0.0
        for n, (bx, by) in block.items():
            pos[n] = (x + radius + bx, y + radius + by)
        x += size + spacing
        row_height = max(row_height, size)
    return pos


def _centred(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Positions moved so the drawing is centred on 0, rounded to 0.1 px (stable bytes)."""
    if not pos:
        return {}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (round(x - cx, 1) + 0.0, round(y - cy, 1) + 0.0) for n, (x, y) in pos.items()}


# ---------------------------------------------------------------- pyvis network


class _IdIndex(list):
    """pyvis keeps node ids in a list and tests membership with ``in`` (linear, so adding
    edges is quadratic: ~36 s for 20k nodes / 71k edges); this list answers ``in`` from a set."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _vis_options(edge_count: int) -> dict[str, Any]:
    big = edge_count > BIG_VIEW_EDGES
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": SEED},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "navigationButtons": False, "keyboard": False, "multiselect": False},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "sans-serif"}, "scaling": {"min": 8, "max": 40}},
        "edges": {"smooth": False, "width": 1, "selectionWidth": 2, "scaling": {"min": 1, "max": 12},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "font": {"size": 11, "align": "middle"},
                  "color": {"color": "#b4bcc6", "highlight": "#2c3e50", "hover": "#2c3e50", "inherit": False}},
    }


def build_network(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], options: dict[str, Any]):
    """A pyvis Network with the given nodes and edges added one by one.

    Args:
        nodes: dicts with ``id``, ``label``, ``shape``, ``color`` and vis node options.
        edges: dicts with ``from``, ``to`` and vis edge options (``id`` included).
        options: the vis-network options (JSON without spaces in strings: pyvis strips spaces).
    """
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, notebook=False)
    net.node_ids = _IdIndex()
    for node in nodes:
        node = dict(node)
        net.add_node(node.pop("id"), label=node.pop("label"), shape=node.pop("shape"), color=node.pop("color"), **node)
    for edge in edges:
        edge = dict(edge)
        net.add_edge(edge.pop("from"), edge.pop("to"), **edge)
    text = json.dumps(options, sort_keys=True)
    if " " in json.dumps(options, sort_keys=True, separators=(",", ":")):
        raise VizError("vis options must not hold spaces (pyvis strips them)")
    net.set_options(text)
    return net


# ---------------------------------------------------------------- rendering


def _source_labels(G: nx.Graph, *more: nx.Graph) -> dict[str, tuple[str, str]]:
    labels = {}
    for graph in (G, *more):
        for n, d in graph.nodes(data=True):
            if d.get("type_curie") == "zk:SourceDocument":
                labels[n] = (d.get("label_nl", ""), d.get("label_en", ""))
    return labels


#: search order of the kinds of node: frameworks, themes, other subjects, parties, the rest, documents
DOCUMENT_CLASSES = ("zk:SourceDocument", "zk:Citation", "zk:Publication", "zk:KnowledgeResource")
SUBJECT_CATEGORIES = ("part", "target_group", "intervention", "funding")


def search_rank(data: dict[str, Any]) -> int:
    """Where a node's kind comes in the search results: 0 frameworks, 1 themes, 2 other subjects
    (action lines, goals, target groups, interventions, funding, laws), 3 parties, 4 the rest, 5 documents."""
    category, cls = data.get("category", "other"), data.get("type_curie", "")
    if category == "framework":
        return 0
    if category == "theme":
        return 1
    if category in SUBJECT_CATEGORIES or cls == "zk:Law":
        return 2
    if category == "party":
        return 3
    if cls in DOCUMENT_CLASSES:
        return 5
    return 4


def _names(labels: dict[str, str], d: dict[str, Any]) -> list[str]:
    """The names a search matches exactly: both labels, each abbreviation, the alternative names (normalised)."""
    names = [labels["nl"], labels["en"], *d.get("abbreviation", "").split(", "), *d.get("alt_labels", [])]
    return sorted({normalise(" ".join(n.split())) for n in names if n.strip()})


def _node_payload(H: nx.Graph, node: str, lang: str, *, x: float, y: float, value: float,
                  source_labels: dict[str, tuple[str, str]], classes: set[str], extra: dict[str, list[str]] | None = None,
                  prio: float | None = None, side: str = "") -> dict[str, Any]:
    """One node of a page: id, labels and tooltips in both languages, style, position, search data.

    Args:
        prio: the order labels are drawn in when they do not all fit (lower first); by default
            the kind's search rank, then the degree.
        side: where the label goes (``l`` left of the node, ``r`` right, empty: below).
    """
    d = H.nodes[node]
    colour, shape = class_style(d.get("type_curie", ""), classes)
    titles = {lg: node_title(H, node, lg, source_labels, (extra or {}).get(lg, ())) for lg in LANGS}
    labels = {lg: _label(H, node, lg) for lg in LANGS}
    search = " ".join([labels["nl"], labels["en"], d.get("abbreviation", ""), *d.get("alt_labels", []), d.get("curie", "")])
    tips = {lg: node_tip(H, node, lg, (extra or {}).get(lg, ())) for lg in LANGS}
    rank = search_rank(d)
    if prio is None:
        prio = float(rank * 1000 - min(H.degree(node), 999))
    payload = {
        "rank": rank,
        "prio": float(prio),
        "names": _names(labels, d),
        "tip_nl": tips["nl"],
        "tip_en": tips["en"],
        "fw": d.get("category") == "framework",
        "abbr": d.get("abbreviation", ""),
        "type_nl": d.get("type_nl", ""),
        "type_en": d.get("type_en", ""),
    }
    if side:
        payload["side"] = side
    return payload | {
        "id": d.get("curie") or curie(node),
        "label": labels[lang],
        "label_nl": labels["nl"],
        "label_en": labels["en"],
        "title": titles[lang],
        "title_nl": titles["nl"],
        "title_en": titles["en"],
        "cls": d.get("type_curie", ""),
        "shape": shape,
        "color": colour,
        "x": x,
        "y": y,
        "value": value,
        "search": normalise(search),
    }


def _class_legend(H: nx.Graph, G: nx.Graph) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    names: dict[str, tuple[str, str]] = {}
    for _, d in H.nodes(data=True):
        key = d.get("type_curie", "")
        counts[key] = counts.get(key, 0) + 1
        names[key] = (d.get("type_nl", key), d.get("type_en", key))
    order = {c: i for i, c in enumerate(CLASS_ORDER)}
    legend = []
    for key in sorted(counts, key=lambda c: (order.get(c, len(order)), c)):
        colour, shape = class_style(key, counts)
        legend.append({"id": key, "label_nl": names[key][0], "label_en": names[key][1], "color": colour,
                       "shape": shape, "count": counts[key]})
    return legend


def render_page(*, view: str, lang: str, titles: dict[str, str], nodes: list[dict], edges: list[dict],
                classes: list[dict], edge_legend: list[dict] | None = None, notice: dict[str, str] | None = None,
                initial: list[str] | None = None, hint: dict[str, str] | None = None) -> str:
    """The HTML page of one view.

    Args:
        view: ``graph``, ``overlap`` or ``neighbourhood``.
        lang: the language shown first (``nl`` or ``en``); the page can switch.
        titles: ``{"nl": ..., "en": ...}``.
        nodes: vis node dicts (see :func:`_node_payload`).
        edges: vis edge dicts with ``id``, ``from``, ``to``, ``title_nl``, ``title_en``.
        classes: the legend (one entry per class drawn).
        edge_legend: the kinds of edge, for the overlap view.
        notice: ``{"nl": ..., "en": ...}`` when the view was cut down.
        initial: the explorer's node ids shown when the page opens (None: every node).
        hint: ``{"nl": ..., "en": ...}``, how to read and use the view.
    """
    if lang not in LANGS:
        raise VizError(f"unknown language {lang!r}: choose nl or en")
    net = build_network(nodes, edges, _vis_options(len(edges)))
    vis_nodes, vis_edges, _heading, _height, _width, options = net.get_network_data()
    data = {
        "meta": {
            "view": view, "lang": lang, "title_nl": titles["nl"], "title_en": titles["en"],
            "notice_nl": (notice or {}).get("nl", ""), "notice_en": (notice or {}).get("en", ""),
            "generator": f"zorgakkoorden {__version__}", "vis_network": VIS_NETWORK_VERSION,
            "node_count": len(vis_nodes), "edge_count": len(vis_edges),
            "hint_nl": (hint or {}).get("nl", ""), "hint_en": (hint or {}).get("en", ""),
        },
        "initial": initial,
        "classes": classes,
        "edge_legend": edge_legend or [],
        "nodes": vis_nodes,
        "edges": vis_edges,
        "options": json.loads(options) if isinstance(options, str) else options,
    }
    vis_js = vis_network_js()
    app_js = _app_js()
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    return _template().render(
        lang=lang, title=titles[lang], notice=(notice or {}).get(lang, ""), csp=csp, css=_app_css(),
        data_json=script_json(data), vis_js=vis_js, app_js=app_js, vis_version=VIS_NETWORK_VERSION,
    )


def _fact_edges(H: nx.MultiDiGraph, lang: str, source_labels: dict[str, tuple[str, str]], start: int = 0,
                ) -> list[dict[str, Any]]:
    edges = []
    for i, (u, v, k, data) in enumerate(sorted(H.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))):
        titles = {lg: edge_title(H, u, v, data, lg, source_labels) for lg in LANGS}
        edges.append({
            "id": f"e{start + i}", "from": H.nodes[u].get("curie") or curie(u), "to": H.nodes[v].get("curie") or curie(v),
            "key": k, "kind": "fact", "title": titles[lang], "title_nl": titles["nl"], "title_en": titles["en"],
        })
    return edges


def _degree_values(H: nx.Graph) -> dict[str, float]:
    return {n: float(1 + H.degree(n)) for n in H.nodes}


def _radii(values: dict[str, float]) -> dict[str, float]:
    """About the radius vis-network gives each node for its value (scaling min 8, max 40)."""
    if not values:
        return {}
    low, high = min(values.values()), max(values.values())
    span = (high - low) or 1.0
    return {n: 8.0 + 32.0 * (v - low) / span for n, v in values.items()}


def most_connected(G: nx.MultiDiGraph, max_nodes: int, always: Iterable[str] = ()) -> nx.MultiDiGraph:
    """The induced subgraph of every framework plus the most connected other nodes, ``max_nodes`` in all.

    Args:
        G: the graph from :func:`~.networkx_export.to_networkx`.
        max_nodes: how many nodes to keep.
        always: nodes kept first (before the frameworks).
    """
    keep = set(always)
    keep.update(frameworks(G)[: max(0, max_nodes - len(keep))])
    ranked = sorted((n for n in G.nodes if n not in keep), key=lambda n: (-G.degree(n), n))
    keep.update(ranked[: max(0, max_nodes - len(keep))])
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    for n in sorted(keep):
        H.add_node(n, **G.nodes[n])
    for u, v, k, data in sorted(G.subgraph(keep).edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        H.add_edge(u, v, key=k, **data)
    return H


def _plain_view(H: nx.MultiDiGraph, G: nx.MultiDiGraph, *, view: str, lang: str, titles: dict[str, str],
                notice: dict[str, str] | None = None, centre: str | None = None) -> str:
    source_labels = _source_labels(G)
    values = _degree_values(H)
    if centre is not None and centre in H:  # rings around the centre, by distance and kind
        pos = radial_layout(H, centre, lambda n: search_rank(H.nodes[n]))
    else:
        pos = layout(H)
        if len(H) <= SPRING_MAX_NODES * 3:
            pos = separate(pos, 34.0, sizes=_radii(values))
    pos = _centred(pos)
    classes = {d.get("type_curie", "") for _, d in H.nodes(data=True)}
    nodes = [_node_payload(H, n, lang, x=pos[n][0], y=pos[n][1], value=values[n], source_labels=source_labels,
                           classes=classes) for n in sorted(H.nodes)]
    edges = _fact_edges(H, lang, source_labels)
    return render_page(view=view, lang=lang, titles=titles, nodes=nodes, edges=edges,
                       classes=_class_legend(H, G), notice=notice)


#: classes not drawn as nodes in the explorer: they are shown in the details of what they are sources of
NOT_DRAWN_IN_EXPLORER = ("zk:SourceDocument", "zk:Citation")


def explorable(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` without its source documents and citations (the explorer lists them in the details)."""
    keep = sorted(n for n, d in G.nodes(data=True) if d.get("type_curie") not in NOT_DRAWN_IN_EXPLORER)
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    for n in keep:
        H.add_node(n, **G.nodes[n])
    for u, v, k, data in sorted(G.subgraph(keep).edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        H.add_edge(u, v, key=k, **data)
    return H


def explorer_start(H: nx.MultiDiGraph) -> list[str]:
    """The nodes the explorer opens on: the frameworks and their direct neighbours, sorted."""
    fws = set(frameworks(H))
    start = set(fws)
    for f in fws:
        start.update(H.successors(f))
        start.update(H.predecessors(f))
    return sorted(start)


def graph_view(G: nx.MultiDiGraph, lang: str = "nl", *, max_nodes: int | None = FULL_VIEW_MAX_NODES) -> View:
    """The whole graph as an explorer: it opens on the frameworks and their direct neighbours;
    a double click (or the details' button) shows a node's neighbours, with a way back.

    Source documents and citations are not nodes here: each node's details name its sources.
    Above ``max_nodes`` the most connected part is held, with a notice saying so.

    Args:
        G: the graph from :func:`~.networkx_export.to_networkx`.
        lang: ``nl`` or ``en``, the labels shown first.
        max_nodes: the largest graph held in full (None: always in full).
    """
    H, notice = explorable(G), {}
    if max_nodes is not None and len(H) > max_nodes:
        total = len(H)
        H = most_connected(H, max_nodes)
        notice = {lg: _t("filtered", lg, total=total, shown=len(H)) for lg in LANGS}
    start = explorer_start(H)
    source_labels = _source_labels(G)
    values = _degree_values(H)
    if len(H) <= FULL_VIEW_MAX_NODES:
        pos = explorer_layout(H, start, max_spring=SPRING_MAX_NODES, big_layout=layout)
        pos = {n: (x * 1.35, y) for n, (x, y) in pos.items()}  # the screen is wider than high
        pos = _centred(separate(pos, 34.0, sizes=_radii(values), rounds=30 if len(H) <= SPRING_MAX_NODES else 5))
    else:  # drawn whole above the limit (max_nodes=None): communities, each in its own disc
        pos = _centred(layout(H))
    classes = {d.get("type_curie", "") for _, d in H.nodes(data=True)}
    nodes = [_node_payload(H, n, lang, x=pos[n][0], y=pos[n][1], value=values[n], source_labels=source_labels,
                           classes=classes) for n in sorted(H.nodes)]
    edges = _fact_edges(H, lang, source_labels)
    titles = {lg: _t("graph_title", lg) for lg in LANGS}
    hint = {lg: _t("explorer_hint", lg) for lg in LANGS}
    html = render_page(view="graph", lang=lang, titles=titles, nodes=nodes, edges=edges,
                       classes=_class_legend(H, G), notice=notice,
                       initial=[H.nodes[n].get("curie") or curie(n) for n in start], hint=hint)
    return View("graph", "graph.html", html, H, notice)


def neighbourhood_view(G: nx.MultiDiGraph, node: str, depth: int = 1, lang: str = "nl", *,
                       max_nodes: int | None = FULL_VIEW_MAX_NODES) -> View:
    """The entities within ``depth`` steps of ``node``.

    Args:
        G: the graph from :func:`~.networkx_export.to_networkx`.
        node: the IRI of the centre.
        depth: how many steps.
        lang: ``nl`` or ``en``.
        max_nodes: above this many nodes, the most connected part is drawn (the centre included).
    """
    H = neighbourhood(G, node, depth)
    notice: dict[str, str] = {}
    if max_nodes is not None and len(H) > max_nodes:
        full = len(H)
        H = most_connected(H, max_nodes, always=(node,))
        notice = {lg: _t("filtered", lg, total=full, shown=len(H)) for lg in LANGS}
    titles = {lg: _t("focus_title", lg, label=_label(G, node, lg), depth=depth) for lg in LANGS}
    html = _plain_view(H, G, view="neighbourhood", lang=lang, titles=titles, notice=notice, centre=node)
    slug = (G.nodes[node].get("curie") or curie(node)).split(":")[-1].replace("/", "-")
    return View("neighbourhood", f"focus-{slug}-{depth}.html", html, H, notice)


def overlap_pairs(V: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The overlap view's graph with one edge per framework pair (key ``pair``) in place of the
    ``overlap`` edge and the explicit links of that pair; the ``member`` edges as they are.

    Pair edge attributes: ``shared`` (the number of shared items), ``links`` (``[(u, key, v, data)]``),
    ``weight`` (shared + links) and the ``items_<kind>`` lists of the overlap edge.

    Args:
        V: the graph from :func:`~.networkx_export.overlap_view_graph`.
    """
    W = nx.MultiDiGraph()
    W.graph.update(V.graph)
    for n in sorted(V.nodes):
        W.add_node(n, **V.nodes[n])
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for u, v, k, data in sorted(V.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if k == "member":
            W.add_edge(u, v, key=k, **data)
            continue
        pair = pairs.setdefault((min(u, v), max(u, v)), {"role": "pair", "kind": "pair", "shared": 0, "links": []})
        if k == "overlap":
            pair["shared"] = sum(len(data.get(f"items_{kind}", [])) for kind in ITEM_KINDS)
            pair.update({key: list(value) for key, value in data.items() if key.startswith("items_")})
        else:
            pair["links"].append((u, k, v, data))
    for (a, b), data in sorted(pairs.items()):
        data["weight"] = data["shared"] + len(data["links"])
        W.add_edge(a, b, key="pair", **data)
    return W


def _pair_titles(G: nx.MultiDiGraph, W: nx.MultiDiGraph, u: str, v: str, data: dict[str, Any],
                 source_labels: dict[str, tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """(tooltip, short label) of a pair edge in both languages."""
    titles, short = {}, {}
    for lg in LANGS:
        parts = []
        if data["shared"]:
            parts.append(_t("shared", lg, n=format_number(data["shared"], lg)))
        if data["links"]:
            count = len(data["links"])
            parts.append(_t("link", lg) if count == 1 else _t("links", lg, n=format_number(count, lg)))
        short[lg] = ", ".join(parts)
        lines = [f"{_label(W, u, lg)} — {_label(W, v, lg)}: {short[lg]}"]
        for kind in ITEM_KINDS:
            found = data.get(f"items_{kind}")
            if found:
                names = "; ".join(_label(G, x, lg) for x in found)
                lines.append(f"{KIND_LABELS[kind][0 if lg == 'nl' else 1]} ({len(found)}): {names}")
        for a, k, b, link in data["links"]:
            line = f"{_label(G, a, lg)} {link.get('label_' + lg, k)} {_label(G, b, lg)}"
            aspects = link.get(f"aspect_{lg}") or link.get("aspect_nl") or []
            if aspects:
                line += f" ({'; '.join(aspects)})"
            sources = _source_names(link.get("sources", []), source_labels, lg)
            lines.append(f"{line} [{sources}]" if sources else line)
        titles[lg] = "\n".join(lines)
    return titles, short


def overlap_view(G: nx.MultiDiGraph, lang: str = "nl", *, max_nodes: int | None = FULL_VIEW_MAX_NODES) -> View:
    """The frameworks, the items that two or more of them share, and one edge per pair of frameworks.

    Frameworks stand in two columns by kind, shared items between the frameworks that share
    them (:func:`~.view_layouts.overlap_columns`); the edge of a pair is as wide as what the two
    share and names the shared items and the links between them when pointed at.

    Args:
        G: the graph from :func:`~.networkx_export.to_networkx`.
        lang: ``nl`` or ``en``.
        max_nodes: above this many nodes, only the items shared by the most frameworks are drawn.
    """
    V = overlap_view_graph(G)
    notice: dict[str, str] = {}
    if max_nodes is not None and len(V) > max_nodes:
        fws = [n for n, d in V.nodes(data=True) if d["role"] == "framework"]
        items = sorted((n for n, d in V.nodes(data=True) if d["role"] == "item"),
                       key=lambda n: (-V.nodes[n]["frameworks"], n))
        keep = set(fws) | set(items[: max(0, max_nodes - len(fws))])
        total = len(items)
        K = nx.MultiDiGraph()
        K.graph.update(V.graph)
        for n in sorted(keep):
            K.add_node(n, **V.nodes[n])
        for u, v, k, data in sorted(V.subgraph(keep).edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
            K.add_edge(u, v, key=k, **data)
        V = K
        notice = {lg: _t("overlap_filtered", lg, total=total, shown=len(keep) - len(fws)) for lg in LANGS}
    W = overlap_pairs(V)

    source_labels = _source_labels(G)
    raw, sides = overlap_columns(W)
    pos = _centred(raw)
    classes = {d.get("type_curie", "") for _, d in W.nodes(data=True)}
    nodes = []
    for n in sorted(W.nodes):
        d = W.nodes[n]
        if d["role"] == "framework":
            value = float(2 + d.get("items", 0))
            extra = None
            prio = float(-W.degree(n))
        else:
            value = float(1 + d["frameworks"])
            holders = sorted((u for u, _, k in W.in_edges(n, keys=True) if k == "member"),
                             key=lambda f: _label(W, f, "nl").casefold())
            extra = {lg: [_t("shared_by", lg, n=d["frameworks"]) + ": " + "; ".join(
                W.nodes[f].get("abbreviation") or _label(W, f, lg) for f in holders)] for lg in LANGS}
            prio = float(1000 - 10 * d["frameworks"] - min(W.degree(n), 9))
        nodes.append(_node_payload(W, n, lang, x=pos[n][0], y=pos[n][1], value=value, source_labels=source_labels,
                                   classes=classes, extra=extra, prio=prio, side=sides.get(n, "")))
    edges = []
    for i, (u, v, k, data) in enumerate(sorted(W.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))):
        base = {"id": f"e{i}", "from": W.nodes[u]["curie"], "to": W.nodes[v]["curie"], "key": k}
        if k == "member":
            titles = {}
            for lg in LANGS:
                line = _t("member", lg, f=_label(W, u, lg), i=_label(W, v, lg))
                if data.get("via"):
                    line += f" ({_t('via', lg)} {', '.join(_label(G, x, lg) for x in data['via'])})"
                titles[lg] = line
            edge = {**base, "kind": data["kind"], "color": {"color": _faded(KIND_COLOURS.get(data["kind"], "#9aa5b1")),
                                                            "highlight": "#2c3e50", "hover": "#2c3e50"},
                    "arrows": {"to": {"enabled": False}}, "width": 1}
        else:
            titles, short = _pair_titles(G, W, u, v, data, source_labels)
            edge = {**base, "kind": "pair", "value": float(data["weight"]),
                    "color": {"color": KIND_COLOURS["overlap"], "highlight": "#2c3e50", "hover": "#2c3e50"},
                    "arrows": {"to": {"enabled": False}}, "dashes": not data["shared"],
                    "short_nl": short["nl"], "short_en": short["en"]}
            if sides.get(u) == sides.get(v):  # same column: bend towards the middle
                upper, lower = sorted((u, v), key=lambda n: pos[n][1])
                bend = "curvedCW" if (sides.get(u) == "l") == (upper == u) else "curvedCCW"
                edge["smooth"] = {"enabled": True, "type": bend, "roundness": 0.45}
        edge.update(title=titles[lang], title_nl=titles["nl"], title_en=titles["en"])
        edges.append(edge)

    edge_legend = [{"id": kind, "label_nl": KIND_LABELS[kind][0], "label_en": KIND_LABELS[kind][1],
                    "color": KIND_COLOURS[kind], "dashes": False} for kind in ITEM_KINDS]
    edge_legend.append({"id": "pair", "label_nl": "twee kaders delen iets (dikte: hoeveel)",
                        "label_en": "two frameworks share something (width: how much)",
                        "color": KIND_COLOURS["overlap"], "dashes": False})
    edge_legend.append({"id": LINK_KIND, "label_nl": "alleen een verbinding (werkt uit, sluit aan op, ...)",
                        "label_en": "a link only (elaborates, connects to, ...)",
                        "color": KIND_COLOURS["overlap"], "dashes": True})
    titles = {lg: _t("overlap_title", lg) for lg in LANGS}
    hint = {lg: _t("overlap_hint", lg) for lg in LANGS}
    html = render_page(view="overlap", lang=lang, titles=titles, nodes=nodes, edges=edges,
                       classes=_class_legend(W, G), edge_legend=edge_legend, notice=notice, hint=hint)
    return View("overlap", "overlap.html", html, W, notice)


def _faded(colour: str, alpha: float = 0.45) -> str:
    """``#rrggbb`` as ``rgba(r,g,b,alpha)``."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
