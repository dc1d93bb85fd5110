"""Layouts designed for two of the views: the overlap view (columns) and the explorer (hubs first).

- :func:`overlap_columns`: the frameworks in two columns by kind (accords and agendas left,
  programmes right), the heaviest in the middle of their column; the shared items between
  them, in columns ordered by how far right their holders sit, each item at the height of
  its holders, spread so that no two items sit closer than a row;
- :func:`explorer_layout`: the frameworks and their direct neighbours laid out first (spring
  layout, seeded), then every other node placed by the spring layout with those held fixed,
  so that a node shown later appears next to the neighbours it was expanded from.

Everything is seeded and sorted: the same graph gives the same positions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import networkx as nx

from .networkx_export import SEED

#: kinds of framework drawn in the left column of the overlap view (the rest go right)
LEFT_KINDS = ("zk:Accord", "zk:Agenda", "zk:PolicyFramework")


def _spread(targets: list[float], gap: float) -> list[float]:
    """Positions as near ``targets`` (sorted) as they can be with at least ``gap`` between neighbours."""
    if not targets:
        return []
    placed = [targets[0]]
    for t in targets[1:]:
        placed.append(max(t, placed[-1] + gap))
    shift = sum(targets) / len(targets) - sum(placed) / len(placed)
    return [p + shift for p in placed]


def _middle_out(ranked: list[str]) -> list[str]:
    """Ranked nodes reordered top to bottom so that the first sits in the middle, the next above and below it."""
    order: list[str] = []
    for i, n in enumerate(ranked):
        if i % 2:
            order.insert(0, n)
        else:
            order.append(n)
    return order


def overlap_columns(V: nx.MultiDiGraph, *, row: float = 68.0, column: float = 175.0,
                    framework_row: float = 82.0) -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    """Positions for the overlap view and the side each framework's label goes.

    Args:
        V: the graph of the overlap view: nodes with ``role`` framework or item; ``member``
            edges from a framework to an item; any other edges between frameworks.
        row: the room between two items in a column, in pixels.
        column: the room between two columns of items.
        framework_row: the room between two frameworks in a column.

    Returns:
        (positions, label side of each framework: ``l`` or ``r``).
    """
    fws = [n for n, d in V.nodes(data=True) if d.get("role") == "framework"]
    items = sorted(n for n, d in V.nodes(data=True) if d.get("role") != "framework")
    weight = {f: V.degree(f) for f in fws}

    def ranked(group: Iterable[str]) -> list[str]:
        return sorted(group, key=lambda f: (-weight[f], V.nodes[f].get("label_nl", "").casefold(), f))

    left = ranked(f for f in fws if V.nodes[f].get("type_curie") in LEFT_KINDS)
    right = ranked(f for f in fws if V.nodes[f].get("type_curie") not in LEFT_KINDS)
    if not left and len(right) > 1:  # one kind only: split evenly
        left, right = right[::2], right[1::2]
    elif not right and len(left) > 1:
        left, right = left[::2], left[1::2]
    holders = {i: sorted(u for u, _, k in V.in_edges(i, keys=True) if k == "member") for i in items}

    # how many columns of items: enough that a column is no taller than the frameworks' columns
    tallest = max(len(left), len(right), 1) * framework_row
    per_column = max(3, int(tallest // row) + 1)
    columns = max(1, math.ceil(len(items) / per_column)) if items else 0
    if items and columns < 3 and len(items) > 4:
        columns = 3 if len(items) >= 9 else 2
    half = column * (columns - 1) / 2 + column * 0.8
    side = {f: "l" for f in left} | {f: "r" for f in right}
    pos: dict[str, tuple[float, float]] = {}
    for group, x in ((left, -half), (right, half)):
        ys = [(i - (len(group) - 1) / 2) * framework_row for i in range(len(group))]
        for f, y in zip(_middle_out(group), ys):
            pos[f] = (x, y)

    def lean(i: str) -> float:
        """0 when only left frameworks hold the item, 1 when only right ones do."""
        hs = holders[i]
        return sum(1 for f in hs if side.get(f) == "r") / len(hs) if hs else 0.5

    def height(i: str) -> float:
        hs = holders[i]
        return sum(pos[f][1] for f in hs) / len(hs) if hs else 0.0

    ordered = sorted(items, key=lambda i: (lean(i), height(i), -len(holders[i]), i))
    size = math.ceil(len(items) / columns) if columns else 0
    for c in range(columns):
        chunk = sorted(ordered[c * size:(c + 1) * size], key=lambda i: (height(i), i))
        x = (c - (columns - 1) / 2) * column
        for i, y in zip(chunk, _spread([height(i) for i in chunk], row)):
            pos[i] = (x, y)
    return pos, side


def explorer_layout(H: nx.MultiDiGraph, first: Iterable[str], *, spacing: float = 80.0,
                    max_spring: int = 499, big_layout: Callable[[nx.Graph], dict[str, tuple[float, float]]] | None = None,
                    ) -> dict[str, tuple[float, float]]:
    """Positions for the explorer: the nodes shown ``first`` laid out first, the others around them.

    Args:
        H: the graph the explorer holds.
        first: the nodes shown when the page opens.
        spacing: the room per node, in pixels.
        max_spring: the most nodes networkx's (dense) spring layout is used for; above it the
            first nodes are laid out by ``big_layout`` and the rest only placed next to their
            neighbours (networkx's sparse spring layout takes minutes there).
        big_layout: the layout (in pixels) of the first nodes when they are more than ``max_spring``.
    """
    U = nx.Graph()
    U.add_nodes_from(sorted(H.nodes))
    U.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v in H.edges() if u != v}))
    start = sorted(set(first) & set(U))
    S = nx.Graph()
    S.add_nodes_from(start)
    S.add_edges_from(sorted((u, v) for u, v in U.edges(start) if u in S and v in S))
    pos: dict[str, tuple[float, float]] = {}
    if start:
        radius = spacing * 0.75 * math.sqrt(len(start))
        if len(start) == 1:
            pos[start[0]] = (0.0, 0.0)
        elif len(start) > max_spring and big_layout is not None:
            pos = dict(big_layout(S))
        else:
            raw = nx.spring_layout(S, seed=SEED, iterations=120, k=1.6 / math.sqrt(len(start)), method="force")
            pos = {n: (float(p[0]) * radius, float(p[1]) * radius) for n, p in raw.items()}
    # the rest: first next to a placed neighbour (breadth first from what is shown), then the spring
    placed_order: list[str] = []
    frontier = sorted(pos)
    seen = set(pos)
    while frontier:
        nxt: list[str] = []
        for n in frontier:
            new = sorted(m for m in U.neighbors(n) if m not in seen)
            cx, cy = pos[n]
            for j, m in enumerate(new):
                angle = 2 * math.pi * j / max(len(new), 1) + (hash_angle(m))
                r = spacing * (1.0 + 0.15 * (j % 3))
                pos[m] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
                seen.add(m)
                nxt.append(m)
                placed_order.append(m)
        frontier = nxt
    lonely = sorted(n for n in U if n not in seen)
    if lonely:  # unreachable from the first nodes: a ring outside the drawing
        reach = max((math.hypot(x, y) for x, y in pos.values()), default=0.0) + 2 * spacing
        for j, n in enumerate(lonely):
            angle = 2 * math.pi * j / len(lonely)
            pos[n] = (reach * math.cos(angle), reach * math.sin(angle))
    moving = set(placed_order)
    if moving and len(U) <= max_spring and start:
        raw = nx.spring_layout(U, pos={n: (x / spacing, y / spacing) for n, (x, y) in pos.items()},
                               fixed=[n for n in U if n not in moving], seed=SEED, iterations=60, k=1.0,
                               method="force")
        pos = {n: (float(p[0]) * spacing, float(p[1]) * spacing) for n, p in raw.items()}
    return pos


def hash_angle(name: str) -> float:
    """A stable angle (radians) from a name (not Python's hash, which changes per process)."""
    return (sum((i + 1) * ord(ch) for i, ch in enumerate(name)) % 360) * math.pi / 180


def separate(pos: dict[str, tuple[float, float]], gap: float, *, rounds: int = 30,
             sizes: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Positions pushed apart until no two nodes are closer than ``gap`` (plus their sizes), or ``rounds`` are done.

    Pairs are found through a grid, so a round costs about linear time. Deterministic: the
    nodes are visited in sorted order.

    Args:
        pos: the positions.
        gap: the least distance between two node centres, in pixels.
        rounds: how many rounds at most.
        sizes: extra room per node (its radius), added to ``gap``.
    """
    pos = {n: (float(x), float(y)) for n, (x, y) in pos.items()}
    names = sorted(pos)
    extra = sizes or {}
    reach = gap + 2 * max(extra.values(), default=0.0)
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[str]] = {}
        for n in names:
            x, y = pos[n]
            grid.setdefault((int(x // reach), int(y // reach)), []).append(n)
        moved = False
        for n in names:
            x, y = pos[n]
            cx, cy = int(x // reach), int(y // reach)
            for gx in (cx - 1, cx, cx + 1):
                for gy in (cy - 1, cy, cy + 1):
                    for m in grid.get((gx, gy), ()):
                        if m <= n:
                            continue
                        (ax, ay), (bx, by) = pos[n], pos[m]
                        need = gap + extra.get(n, 0.0) + extra.get(m, 0.0)
                        dx, dy = bx - ax, by - ay
                        dist = math.hypot(dx, dy)
                        if dist >= need:
                            continue
                        if dist < 1e-6:
                            angle = hash_angle(n + m)
                            dx, dy, dist = math.cos(angle), math.sin(angle), 1.0
                        push = (need - dist) / 2
                        ux, uy = dx / dist * push, dy / dist * push
                        pos[n] = (ax - ux, ay - uy)
                        pos[m] = (bx + ux, by + uy)
                        moved = True
        if not moved:
            break
    return pos


def radial_layout(H: nx.MultiDiGraph, centre: str, group: Callable[[str], int], *, room: float = 64.0,
                  step: float = 95.0) -> dict[str, tuple[float, float]]:
    """Positions for a neighbourhood: the centre in the middle, the others on rings around it,
    one ring per (distance, kind of node), nearest and most important inside.

    Args:
        H: the neighbourhood (nodes with a ``distance`` attribute, as :func:`~.networkx_export.neighbourhood` gives).
        centre: the centre node.
        group: the kind of a node as a number (lower: nearer the centre).
        room: the least room per node along a ring, in pixels.
        step: the least distance between two rings.
    """
    rings: dict[tuple[int, int], list[str]] = {}
    for n in H.nodes:
        if n != centre:
            rings.setdefault((int(H.nodes[n].get("distance", 1)), group(n)), []).append(n)
    pos: dict[str, tuple[float, float]] = {centre: (0.0, 0.0)} if centre in H else {}
    radius = 0.0
    golden = math.pi * (3 - math.sqrt(5))
    for i, key in enumerate(sorted(rings)):
        members = sorted(rings[key], key=lambda n: (H.nodes[n].get("label_nl", "").casefold(), n))
        per_node = room * 2.6 if key[1] == 0 else room  # frameworks carry long, bold labels
        radius = max(radius + (step * 1.6 if i == 0 else step), per_node * len(members) / (2 * math.pi))
        offset = i * golden
        for j, n in enumerate(members):
            angle = offset + 2 * math.pi * j / len(members)
            pos[n] = (radius * math.cos(angle), radius * math.sin(angle))
    return pos
