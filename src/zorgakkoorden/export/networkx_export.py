"""The knowledge graph as networkx graphs: the whole graph, its projections and analytics.

- :func:`to_networkx`: a ``MultiDiGraph`` with one node per entity (keyed by IRI) and one
  edge per fact between two entities (key: the predicate as a CURIE). Statements are not
  nodes: their sources, aspects and years become attributes of the edge they support.
  Conflicts are not nodes either: they are listed on the node they are about.
- :func:`overlap_graph`: the frameworks (accords, programmes, agendas), with one edge per
  pair and kind of shared item (theme, party, intervention, target group, funding) plus the
  explicit links between them; each edge has a ``weight`` and the list of shared ``items``.
  A framework "has" an item when it or one of its action lines or goals is linked to it.
- :func:`overlap_summary`, :func:`overlap_view_graph`: one edge per pair; the graph the
  overlap view draws (frameworks, the items they share, the links).
- :func:`neighbourhood`, :func:`framework_theme_graph` (bipartite), :func:`analytics`.

Everything is deterministic: nodes and edges are added in sorted order and every
randomised algorithm gets a fixed seed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ..errors import VizError
from ..namespaces import PREFIXES, SCHEMA, ZK

SEED = 42

#: kinds of shared item in the overlap graph, and the class their members belong to
ITEM_KINDS: dict[str, URIRef] = {
    "theme": ZK.Theme,
    "party": ZK.Party,
    "intervention": ZK.Intervention,
    "target_group": ZK.TargetGroup,
    "funding": ZK.FundingInstrument,
}
#: the kind of the explicit links between frameworks in the overlap graph
LINK_KIND = "link"
KIND_LABELS: dict[str, tuple[str, str]] = {
    "theme": ("thema's", "themes"),
    "party": ("partijen", "parties"),
    "intervention": ("interventies", "interventions"),
    "target_group": ("doelgroepen", "target groups"),
    "funding": ("financiering", "funding"),
    LINK_KIND: ("verbindingen", "links"),
}
#: classes whose instances are parts of a framework (their items count for the framework)
PART_CLASSES = (ZK.ActionLine, ZK.Goal)
PART_PREDICATES = (ZK.hasActionLine, ZK.hasGoal, ZK.partOf)
#: classes that are not drawn as nodes (provenance of facts; values of the vocabulary such as a
#: kind of source, a status or a level of implementation)
NON_ENTITY_CLASSES = (ZK.Statement, ZK.AccordLink, ZK.Conflict, ZK.SourceKind, ZK.Status, ZK.ImplementationLevel)
#: predicates never drawn as edges (the type, and the source every entity has)
SKIPPED_PREDICATES = (RDF.type, DCTERMS.source)

_LOCAL = re.compile(r"[A-Za-z0-9_\-.]*\Z")


def curie(iri: Any) -> str:
    """``zid:iza`` for an IRI in one of our namespaces, else the IRI itself.

    Args:
        iri: an IRI (URIRef or str).
    """
    text = str(iri)
    best_prefix, best_ns = "", ""
    for prefix, ns in PREFIXES.items():
        ns = str(ns)
        if text.startswith(ns) and len(ns) > len(best_ns):
            best_prefix, best_ns = prefix, ns
    if best_ns and _LOCAL.match(text[len(best_ns):]):
        return f"{best_prefix}:{text[len(best_ns):]}"
    return text


def _local_name(iri: Any) -> str:
    return re.split(r"[/#:]", str(iri).rstrip("/#"))[-1] or str(iri)


def _langs(graph, subject, predicate) -> dict[str, list[str]]:
    """Literals of a subject by language tag ('' for none), each list sorted."""
    found: dict[str, list[str]] = defaultdict(list)
    for lit in graph.objects(subject, predicate):
        if isinstance(lit, Literal):
            found[lit.language or ""].append(str(lit))
    return {k: sorted(v) for k, v in found.items()}


def _pick(by_lang: dict[str, list[str]], lang: str) -> str:
    """One value in ``lang``, falling back to the other language, untagged, then anything."""
    other = "en" if lang == "nl" else "nl"
    for key in (lang, other, ""):
        if by_lang.get(key):
            return by_lang[key][0]
    for values in by_lang.values():
        if values:
            return values[0]
    return ""


class _Schema:
    """What the vocabulary says: class hierarchy, labels of classes and properties."""

    def __init__(self, graph):
        self.graph = graph
        self.parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        for c, d in graph.subject_objects(RDFS.subClassOf):
            if isinstance(c, URIRef) and isinstance(d, URIRef):
                self.parents[c].add(d)
        self._ancestors: dict[URIRef, frozenset[URIRef]] = {}
        self._labels: dict[URIRef, tuple[str, str]] = {}
        declared = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
        self.entity_roots = {
            c for c in declared if str(c).startswith(str(ZK)) and c not in NON_ENTITY_CLASSES
        }

    def ancestors(self, cls: URIRef) -> frozenset[URIRef]:
        """The class and all its super-classes."""
        if cls not in self._ancestors:
            seen = {cls}
            todo = [cls]
            while todo:
                for parent in self.parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._ancestors[cls] = frozenset(seen)
        return self._ancestors[cls]

    def is_entity_class(self, cls: URIRef) -> bool:
        ancestors = self.ancestors(cls)
        return bool(ancestors & self.entity_roots) and not (ancestors & set(NON_ENTITY_CLASSES))

    def is_statement_class(self, cls: URIRef) -> bool:
        return ZK.Statement in self.ancestors(cls)

    def label(self, iri: URIRef) -> tuple[str, str]:
        """(Dutch, English) label of a class or property, the local name when it has none."""
        if iri not in self._labels:
            by_lang = _langs(self.graph, iri, RDFS.label)
            if not by_lang:
                by_lang = _langs(self.graph, iri, SKOS.prefLabel)
            nl = _pick(by_lang, "nl") or _local_name(iri)
            en = _pick(by_lang, "en") or nl
            self._labels[iri] = (nl, en)
        return self._labels[iri]

    def best_class(self, types: Iterable[URIRef]) -> URIRef | None:
        """The most specific entity class among an entity's types (ties: the first IRI)."""
        candidates = sorted(t for t in types if isinstance(t, URIRef) and self.is_entity_class(t))
        if not candidates:
            return None
        for cls in candidates:
            if not any(other != cls and cls in self.ancestors(other) for other in candidates):
                return cls
        return candidates[0]


def _category(ancestors: frozenset[URIRef]) -> str:
    """A coarse category of a class: framework, part, one of ITEM_KINDS, or other."""
    if ZK.PolicyFramework in ancestors:
        return "framework"
    if any(c in ancestors for c in PART_CLASSES):
        return "part"
    for kind, cls in ITEM_KINDS.items():
        if cls in ancestors:
            return kind
    return "other"


def _graph_of(kg) -> Any:
    graph = kg.graph if hasattr(kg, "graph") else kg
    from ..query.engines import store_for

    triples = store_for(kg).fast_triples()
    if triples is not None:  # the Oxigraph stores: every term converted once, not triple by triple
        return _TripleIndex(triples)
    return graph


class _TripleIndex:
    """A read-only index of a graph's triples, made in one pass, with the rdflib graph methods the export uses.

    For the Oxigraph stores: reading the store's triples directly, each term converted once,
    is many times faster than asking the store through rdflib triple by triple (at a
    million triples, seconds instead of minutes).
    """

    def __init__(self, triples: Iterable[tuple]):
        self._spo: dict = {}
        self._by_predicate: dict = defaultdict(list)
        for s, p, o in triples:
            self._spo.setdefault(s, {}).setdefault(p, []).append(o)
            self._by_predicate[p].append((s, o))

    def objects(self, subject, predicate):
        return iter(self._spo.get(subject, {}).get(predicate, ()))

    def value(self, subject, predicate):
        values = self._spo.get(subject, {}).get(predicate)
        return values[0] if values else None

    def subject_objects(self, predicate):
        return iter(self._by_predicate.get(predicate, ()))

    def subjects(self, predicate, obj):
        return (s for s, o in self._by_predicate.get(predicate, ()) if o == obj)

    def predicate_objects(self, subject):
        return ((p, o) for p, values in self._spo.get(subject, {}).items() for o in values)


def to_networkx(kg) -> nx.MultiDiGraph:
    """The knowledge graph as a networkx MultiDiGraph.

    Node attributes: ``curie``, ``type`` (class IRI), ``type_curie``, ``type_nl``, ``type_en``,
    ``category`` (framework, part, theme, party, intervention, target_group, funding, other),
    ``label_nl``, ``label_en``, ``abbreviation``, ``alt_labels`` (list), ``description_nl``,
    ``description_en``, ``sources`` (list of IRIs), ``url`` (sources only), ``facts`` (list of
    dicts: predicate, label_nl, label_en, value, datatype, sources, disputed) and
    ``conflicts`` (list of conflict IRIs).
    Edge key: the predicate CURIE. Edge attributes: ``predicate``, ``label_nl``, ``label_en``,
    ``sources``, ``statements`` (IRIs), ``aspect_nl``, ``aspect_en``, ``years`` (lists).

    Args:
        kg: a KnowledgeGraph, or an rdflib Graph.
    """
    graph = _graph_of(kg)
    schema = _Schema(graph)

    # entities: subjects typed with an entity class
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, t in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(t, URIRef):
            types[s].add(t)
    entity_class: dict[URIRef, URIRef] = {}
    statements: list[URIRef] = []
    for s, ts in types.items():
        cls = schema.best_class(ts)
        if cls is not None:
            entity_class[s] = cls
        elif any(schema.is_statement_class(t) for t in ts):
            statements.append(s)

    disputed: dict[URIRef, list[URIRef]] = defaultdict(list)
    for conflict, st in graph.subject_objects(ZK.conflictingStatement):
        disputed[st].append(conflict)

    # statements by their (subject, predicate, object)
    support: dict[tuple, list[URIRef]] = defaultdict(list)
    facts: dict[URIRef, list[dict]] = defaultdict(list)
    conflicts_of: dict[URIRef, set[URIRef]] = defaultdict(set)
    for st in sorted(statements):
        s = graph.value(st, RDF.subject)
        p = graph.value(st, RDF.predicate)
        o = graph.value(st, RDF.object)
        if s is None or p is None or o is None:
            continue
        for conflict in disputed.get(st, ()):
            conflicts_of[s].add(conflict)
        if isinstance(o, Literal):
            nl, en = schema.label(p)
            facts[s].append({
                "predicate": str(p),
                "label_nl": nl,
                "label_en": en,
                "value": str(o),
                "datatype": str(o.datatype) if o.datatype else "",
                "sources": sorted(str(x) for x in graph.objects(st, DCTERMS.source)),
                "disputed": st in disputed,
            })
        elif st not in disputed:
            support[(s, p, o)].append(st)

    G = nx.MultiDiGraph()
    G.graph["name"] = "zorgakkoorden"
    for node in sorted(entity_class, key=str):
        cls = entity_class[node]
        ancestors = schema.ancestors(cls)
        type_nl, type_en = schema.label(cls)
        labels = _langs(graph, node, SKOS.prefLabel)
        label_nl = _pick(labels, "nl") or _pick(_langs(graph, node, RDFS.label), "nl") or _local_name(node)
        label_en = labels.get("en", [""])[0] if labels.get("en") else ""
        descriptions = _langs(graph, node, DCTERMS.description)
        attrs: dict[str, Any] = {
            "curie": curie(node),
            "type": str(cls),
            "type_curie": curie(cls),
            "type_nl": type_nl,
            "type_en": type_en,
            "category": _category(ancestors),
            "label_nl": label_nl,
            "label_en": label_en or label_nl,
            "abbreviation": ", ".join(sorted(str(x) for x in graph.objects(node, ZK.abbreviation))),
            "alt_labels": sorted({str(x) for x in graph.objects(node, SKOS.altLabel)}
                                 - {str(x) for x in graph.objects(node, ZK.abbreviation)}),
            "description_nl": (descriptions.get("nl") or descriptions.get("") or [""])[0],
            "description_en": (descriptions.get("en") or [""])[0],
            "sources": sorted(str(x) for x in graph.objects(node, DCTERMS.source) if isinstance(x, URIRef)),
            "url": str(graph.value(node, SCHEMA.url) or ""),
            "facts": sorted(facts.get(node, []), key=lambda f: (f["predicate"], f["value"], f["sources"])),
            "conflicts": sorted(str(c) for c in conflicts_of.get(node, ())),
        }
        G.add_node(str(node), **attrs)

    edges = []
    for s in entity_class:
        for p, o in graph.predicate_objects(s):
            if o not in entity_class or p in SKIPPED_PREDICATES or not isinstance(p, URIRef):
                continue
            edges.append((str(s), str(o), p))
    for s, o, p in sorted(edges, key=lambda e: (e[0], e[1], str(e[2]))):
        sts = sorted(support.get((URIRef(s), p, URIRef(o)), []), key=str)
        nl, en = schema.label(p)
        if sts:
            sources = sorted({str(x) for st in sts for x in graph.objects(st, DCTERMS.source)})
        else:  # a descriptive fact (skos:broader, ...): covered by the subject's own sources
            sources = list(G.nodes[s]["sources"])
        aspects = {"nl": set(), "en": set()}
        years = set()
        for st in sts:
            for lit in graph.objects(st, ZK.aspect):
                aspects["en" if getattr(lit, "language", None) == "en" else "nl"].add(str(lit))
            for lit in graph.objects(st, ZK.year):
                years.add(str(lit))
        G.add_edge(
            s, o, key=curie(p),
            predicate=str(p), label_nl=nl, label_en=en, sources=sources,
            statements=[str(st) for st in sts],
            aspect_nl=sorted(aspects["nl"]), aspect_en=sorted(aspects["en"]), years=sorted(years),
        )
    return G


# ---------------------------------------------------------------- projections


def frameworks(G: nx.MultiDiGraph) -> list[str]:
    """The framework nodes (accords, programmes, agendas), sorted."""
    return sorted(n for n, d in G.nodes(data=True) if d.get("category") == "framework")


def _parts(G: nx.MultiDiGraph, framework: str) -> list[str]:
    """Action lines and goals of a framework (linked by hasActionLine / hasGoal / partOf)."""
    part_keys = {curie(p) for p in PART_PREDICATES}
    found = set()
    for _, v, k in G.out_edges(framework, keys=True):
        if k in part_keys and G.nodes[v].get("category") == "part":
            found.add(v)
    for u, _, k in G.in_edges(framework, keys=True):
        if k in part_keys and G.nodes[u].get("category") == "part":
            found.add(u)
    return sorted(found)


def framework_items(G: nx.MultiDiGraph) -> dict[str, dict[str, dict[str, list[str]]]]:
    """For each framework and kind, the items it has and through what (itself or a part).

    Returns:
        ``{framework: {kind: {item: [via, ...]}}}`` where ``via`` is the framework itself or
        one of its parts, each list sorted.
    """
    result: dict[str, dict[str, dict[str, list[str]]]] = {}
    for f in frameworks(G):
        by_kind: dict[str, dict[str, set[str]]] = {k: defaultdict(set) for k in ITEM_KINDS}
        for holder in [f, *_parts(G, f)]:
            for neighbour in set(G.successors(holder)) | set(G.predecessors(holder)):
                kind = G.nodes[neighbour].get("category")
                if kind in by_kind:
                    by_kind[kind][neighbour].add(holder)
        result[f] = {k: {item: sorted(v) for item, v in sorted(items.items())} for k, items in by_kind.items()}
    return result


def _links(G: nx.MultiDiGraph, fws: set[str]) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """Explicit edges between two frameworks, by unordered pair."""
    found: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for u, v, k in G.edges(keys=True):
        if u in fws and v in fws and u != v:
            found[tuple(sorted((u, v)))].append((u, k, v))
    return {pair: sorted(links) for pair, links in found.items()}


def overlap_graph(G: nx.MultiDiGraph) -> nx.MultiGraph:
    """Frameworks linked by what they share: one edge per pair and kind.

    Edge key: the kind (theme, party, intervention, target_group, funding, link).
    Edge attributes: ``kind``, ``weight`` (number of shared items, or of links) and
    ``items`` (the shared item IRIs; for links, ``"subject predicate object"`` strings with the
    predicate as CURIE), plus ``item_labels_nl`` / ``item_labels_en``.

    Args:
        G: the graph from :func:`to_networkx`.
    """
    fws = frameworks(G)
    items = framework_items(G)
    O = nx.MultiGraph()
    O.graph["name"] = "zorgakkoorden overlap"
    for f in fws:
        data = G.nodes[f]
        O.add_node(f, **{k: data[k] for k in ("curie", "type", "type_curie", "type_nl", "type_en", "label_nl",
                                              "label_en", "abbreviation", "sources")})
        O.nodes[f]["items"] = sum(len(items[f][k]) for k in ITEM_KINDS)
    links = _links(G, set(fws))
    # invert (item -> frameworks) so the cost follows the shared pairs, not all pairs of frameworks
    shared_by_pair: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for kind in ITEM_KINDS:
        holders: dict[str, list[str]] = defaultdict(list)
        for f in fws:
            for item in items[f][kind]:
                holders[item].append(f)
        for item, hs in sorted(holders.items()):
            for x, a in enumerate(hs):
                for b in hs[x + 1:]:
                    shared_by_pair[(a, b, kind)].append(item)
    pairs = sorted({(a, b) for a, b, _ in shared_by_pair} | set(links))
    for a, b in pairs:
        for kind in ITEM_KINDS:
            shared = shared_by_pair.get((a, b, kind), [])
            if shared:
                O.add_edge(a, b, key=kind, kind=kind, weight=len(shared), items=shared,
                           item_labels_nl=[G.nodes[x]["label_nl"] for x in shared],
                           item_labels_en=[G.nodes[x]["label_en"] for x in shared])
        pair_links = links.get((a, b))
        if pair_links:
            texts = [f"{u} {k} {v}" for u, k, v in pair_links]
            labels = [(G.edges[u, v, k]["label_nl"], G.edges[u, v, k]["label_en"]) for u, k, v in pair_links]
            O.add_edge(a, b, key=LINK_KIND, kind=LINK_KIND, weight=len(pair_links), items=texts,
                       item_labels_nl=[f"{G.nodes[u]['label_nl']} {nl} {G.nodes[v]['label_nl']}"
                                       for (u, _, v), (nl, _) in zip(pair_links, labels)],
                       item_labels_en=[f"{G.nodes[u]['label_en']} {en} {G.nodes[v]['label_en']}"
                                       for (u, _, v), (_, en) in zip(pair_links, labels)])
    return O


def overlap_summary(O: nx.MultiGraph) -> nx.Graph:
    """One edge per framework pair: ``weight`` (all kinds together) and ``weight_<kind>``.

    Args:
        O: the graph from :func:`overlap_graph`.
    """
    S = nx.Graph()
    S.add_nodes_from(sorted(O.nodes(data=True)))
    for a, b, kind, data in sorted(O.edges(keys=True, data=True)):
        if not S.has_edge(a, b):
            S.add_edge(a, b, weight=0)
        S.edges[a, b]["weight"] += data["weight"]
        S.edges[a, b][f"weight_{kind}"] = data["weight"]
        S.edges[a, b][f"items_{kind}"] = list(data["items"])
    return S


def overlap_view_graph(G: nx.MultiDiGraph, *, min_frameworks: int = 2) -> nx.MultiDiGraph:
    """The graph the overlap view draws.

    Nodes: the frameworks and every item that at least ``min_frameworks`` of them have.
    Edges: ``member`` (framework -> item, attribute ``via``), ``overlap`` (one per framework
    pair, ``weight`` = shared items and links, ``items_<kind>`` lists) and the explicit links
    between frameworks (key: the predicate CURIE, as in ``G``).

    Args:
        G: the graph from :func:`to_networkx`.
        min_frameworks: how many frameworks must have an item for it to be drawn.
    """
    fws = frameworks(G)
    items = framework_items(G)
    holders: dict[str, dict[str, list[str]]] = defaultdict(dict)  # item -> framework -> via
    for f in fws:
        for kind in ITEM_KINDS:
            for item, via in items[f][kind].items():
                holders[item][f] = via
    shared = sorted(i for i, hs in holders.items() if len(hs) >= min_frameworks)
    V = nx.MultiDiGraph()
    V.graph["name"] = "zorgakkoorden overlap view"
    for n in sorted([*fws, *shared]):
        V.add_node(n, **G.nodes[n])
        V.nodes[n]["role"] = "framework" if n in fws else "item"
        V.nodes[n]["frameworks"] = len(holders[n]) if n not in fws else 0
    edges: list[tuple[str, str, str, dict]] = []
    for item in shared:
        for f, via in sorted(holders[item].items()):
            edges.append((f, item, "member", {"role": "member", "kind": G.nodes[item]["category"],
                                              "via": [v for v in via if v != f], "weight": 1}))
    summary = overlap_summary(overlap_graph(G))
    for a, b, data in sorted(summary.edges(data=True)):
        if any(k.startswith("weight_") and k != f"weight_{LINK_KIND}" for k in data):
            attrs = {"role": "overlap", "kind": "overlap", **data}
            edges.append((a, b, "overlap", attrs))
    for u, v, k, data in G.edges(keys=True, data=True):
        if u in V and v in V and u != v and V.nodes[u]["role"] == "framework" and V.nodes[v]["role"] == "framework":
            edges.append((u, v, k, {"role": "link", "kind": LINK_KIND, **data}))
    for u, v, k, data in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        V.add_edge(u, v, key=k, **data)
    for f in fws:
        V.nodes[f]["items"] = sum(1 for _, _, k in V.out_edges(f, keys=True) if k == "member")
    return V


def neighbourhood(G: nx.MultiDiGraph, node: str, depth: int = 1) -> nx.MultiDiGraph:
    """The entities within ``depth`` steps of ``node`` (edges in either direction), with all edges among them.

    Args:
        G: the graph from :func:`to_networkx`.
        node: the IRI of the centre.
        depth: how many steps (0 gives the node alone).
    """
    if node not in G:
        raise VizError(f"{node} is not an entity of the graph")
    if depth < 0:
        raise VizError(f"depth must be 0 or more, not {depth}")
    reach = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), node, cutoff=depth)
    H = nx.MultiDiGraph()
    H.graph.update(G.graph, centre=node, depth=depth)
    for n in sorted(reach):
        H.add_node(n, **G.nodes[n])
        H.nodes[n]["distance"] = reach[n]
    for u, v, k, data in sorted(G.subgraph(reach).edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        H.add_edge(u, v, key=k, **data)
    return H


def framework_theme_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """The bipartite graph of frameworks (``bipartite=0``) and the themes they address (``bipartite=1``).

    Edge attribute ``via``: the framework itself and/or the parts that address the theme.

    Args:
        G: the graph from :func:`to_networkx`.
    """
    return framework_item_graph(G, kinds=("theme",))


def framework_item_graph(G: nx.MultiDiGraph, kinds: Iterable[str] = tuple(ITEM_KINDS)) -> nx.Graph:
    """The bipartite graph of frameworks (``bipartite=0``) and their items of the given kinds (``bipartite=1``).

    Args:
        G: the graph from :func:`to_networkx`.
        kinds: kinds of item (keys of ITEM_KINDS).
    """
    kinds = tuple(kinds)
    items = framework_items(G)
    B = nx.Graph()
    B.graph["name"] = "zorgakkoorden frameworks and " + ", ".join(kinds)
    nodes: dict[str, int] = {}
    edges = []
    for f, by_kind in items.items():
        nodes[f] = 0
        for kind in kinds:
            for item, via in by_kind[kind].items():
                nodes[item] = 1
                edges.append((f, item, via))
    for n in sorted(nodes):
        data = G.nodes[n]
        B.add_node(n, bipartite=nodes[n], **{k: data[k] for k in ("curie", "type", "category", "label_nl", "label_en")})
    for f, item, via in sorted(edges):
        B.add_edge(f, item, via=list(via), weight=len(via))
    return B


# ---------------------------------------------------------------- analytics


@dataclass
class Bridge:
    """An item and the frameworks it connects."""

    iri: str
    kind: str
    label_nl: str
    label_en: str
    frameworks: list[str]
    betweenness: float

    def as_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "curie": curie(self.iri), "kind": self.kind, "label_nl": self.label_nl,
                "label_en": self.label_en, "frameworks": list(self.frameworks),
                "framework_count": len(self.frameworks), "betweenness": round(self.betweenness, 6)}


@dataclass
class Analytics:
    """What bridges the frameworks: bridging items, communities, framework degrees."""

    bridges: list[Bridge] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)
    framework_items: dict[str, int] = field(default_factory=dict)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    sampled: bool = False

    def top(self, kind: str, n: int = 10) -> list[Bridge]:
        """The ``n`` items of a kind that connect the most frameworks (then highest betweenness)."""
        return [b for b in self.bridges if b.kind == kind][:n]

    def as_dict(self) -> dict[str, Any]:
        return {
            "bridges": [b.as_dict() for b in self.bridges],
            "communities": [
                {"members": [{"iri": m, "curie": curie(m), "label_nl": self.labels[m][0], "label_en": self.labels[m][1]}
                             for m in c]}
                for c in self.communities
            ],
            "framework_items": {curie(f): n for f, n in sorted(self.framework_items.items())},
            "betweenness_sampled": self.sampled,
        }


#: above this many nodes, betweenness is estimated from a fixed-seed sample of sources
BETWEENNESS_EXACT_MAX = 2000
BETWEENNESS_SAMPLE = 500


def analytics(G: nx.MultiDiGraph) -> Analytics:
    """Which items bridge the most frameworks, and the communities of frameworks and items.

    Computed on the bipartite framework-item graph (:func:`framework_item_graph`): an item's
    degree there is the number of frameworks it connects; betweenness is exact up to
    BETWEENNESS_EXACT_MAX nodes, sampled with a fixed seed above; communities are Louvain
    communities (fixed seed) weighted by how many links tie a framework to an item.

    Args:
        G: the graph from :func:`to_networkx`.
    """
    B = framework_item_graph(G)
    sampled = len(B) > BETWEENNESS_EXACT_MAX
    if len(B) == 0:
        return Analytics()
    betweenness = nx.betweenness_centrality(
        B, k=BETWEENNESS_SAMPLE if sampled else None, seed=SEED if sampled else None, normalized=True
    )
    bridges = []
    for n, data in B.nodes(data=True):
        if data["bipartite"] == 1:
            bridges.append(Bridge(n, data["category"], data["label_nl"], data["label_en"],
                                  sorted(B.neighbors(n)), betweenness.get(n, 0.0)))
    bridges.sort(key=lambda b: (-len(b.frameworks), -round(b.betweenness, 9), b.label_nl.casefold(), b.iri))
    communities = []
    if B.number_of_edges():
        found = nx.community.louvain_communities(B, weight="weight", seed=SEED)
        communities = [sorted(c, key=lambda n: (B.nodes[n]["bipartite"], -B.degree(n), n)) for c in found]
        communities.sort(key=lambda c: (-len(c), c[0]))
    return Analytics(
        bridges=bridges,
        communities=communities,
        framework_items={n: B.degree(n) for n, d in B.nodes(data=True) if d["bipartite"] == 0},
        labels={n: (d["label_nl"], d["label_en"]) for n, d in B.nodes(data=True)},
        sampled=sampled,
    )


def resolve_node(kg, G: nx.MultiDiGraph, name: str) -> str:
    """The node of ``G`` that a name (abbreviation, label, IRI, CURIE) names.

    Uses :func:`zorgakkoorden.query.names.resolve` (the catalogue's name resolution).

    Args:
        kg: the KnowledgeGraph ``G`` was made from.
        G: the graph from :func:`to_networkx`.
        name: what the user typed.
    """
    from ..query.names import resolve

    iri = str(resolve(kg, name))
    if iri not in G:
        raise VizError(f"{name!r} names {curie(iri)}, which is not drawn as an entity (it has no entity class)")
    return iri
