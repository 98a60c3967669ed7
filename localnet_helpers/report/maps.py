"""Network maps in the style of the report's Figure 5: the hub in the centre, its network
inside the inner circle, the rest of the area outside it; and a change map between two years.

Positions are shared by every year's map, so a reader sees what changed, and kept in the
study's ``positions.csv`` (:func:`study_positions`), so next year's map is last year's map:
the first run lays the map out (:func:`stable_layout`), later runs place only the actors
that have no position yet (:func:`place_new`). :func:`localnet_helpers.figures.save_figure`
writes the files.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from ..inputs.positions import (
    POSITIONS_FILE,
    format_positions,
    parse_positions,
    read_positions,
    write_positions,
)
from ..inputs.register import ACTOR_TYPES
from ..measures.network import hub_network
from .figures import TYPE_COLOURS

__all__ = ["INNER", "OUTER", "CHANGE_STYLES", "stable_layout", "map_layout", "place_new",
           "study_positions", "network_map", "change_map"]

#: Radii of the two dashed circles: hub network inside ``INNER``, the rest out to ``OUTER``.
INNER, OUTER = 1.0, 1.6
#: The rings actors are placed in: inside the inner circle (the hub's network) and outside it
#: (the rest of the area), as (lowest, highest) radius.
_BANDS = ((0.32 * INNER, 0.9 * INNER), (1.2 * INNER, 0.93 * OUTER))


def stable_layout(graphs: dict[int, nx.Graph], hub: str, seed: int = 1,
                  top: int = 10) -> dict[str, tuple[float, float]]:
    """One position per actor for the maps of every year, so a reader sees what changed.

    Computed by :func:`map_layout` on the union of the years' networks, with the actors that
    were in the hub's network in any year inside the inner circle.
    """
    union, members = _union(graphs, hub)
    return map_layout(union, hub, seed=seed, top=top, members=members)


def _union(graphs: dict[int, nx.Graph], hub: str) -> tuple[nx.Graph, set[str]]:
    """The union of the years' networks, and the actors in the hub's network in any year."""
    union = nx.Graph()
    for year in sorted(graphs):
        union.add_nodes_from(graphs[year].nodes(data=True))
        union.add_edges_from(graphs[year].edges())
    members = set().union(*(set(graphs[y][hub]) for y in graphs if hub in graphs[y]))
    return union, members


def map_layout(graph: nx.Graph, hub: str, seed: int = 1, top: int = 10,
               members: set[str] | None = None) -> dict[str, tuple[float, float]]:
    """Positions for the network map: the hub in the centre, its network inside a circle.

    The hub sits at (0, 0). ``members`` (default: the hub's partners) are spread at evenly
    spaced angles inside the circle of radius ``INNER``, in the angular order a seeded spring
    layout gives them (so actors that work together sit near each other); the more relations
    an actor has, the closer to the centre (a band of fewer than seven actors uses only part of
    the ring's width, around its middle). The ``top`` actors with most relations get evenly
    spaced directions of their own so that their labels do not collide. The other actors
    (isolates included) are placed the same way in the ring between ``INNER`` and ``OUTER``.

    Two actors of a band are a quarter turn apart, and the outer band is turned by
    :data:`_OUTER_TURN` against the inner one, so that a tiny network (the hub and two
    partners, a few isolates) uses the area instead of lying on one line through the hub.
    """
    if members is None:
        members = set(hub_network(graph, hub)) - {hub} if hub in graph else set()
    members = members - {hub}
    # only the angular order is used: fewer iterations are enough on large networks
    iterations = max(10, min(50, 25_000 // max(len(graph), 1)))
    spring = nx.spring_layout(graph, seed=seed, iterations=iterations) if len(graph) else {}
    centre = spring.get(hub, (0.0, 0.0))
    angle = {n: math.atan2(y - centre[1], x - centre[0]) for n, (x, y) in spring.items()}
    degree = dict(graph.degree())
    labelled = set(sorted(graph, key=lambda n: (-degree[n], n))[:top]) - {hub}
    positions = {hub: (0.0, 0.0)} if hub in graph else {}
    bands = ((members & set(graph), *_BANDS[0]), (set(graph) - members - {hub}, *_BANDS[1]))
    for band, (group, low, high) in enumerate(bands):
        by_degree = sorted(group, key=lambda n: (-degree[n], n))
        closeness = {n: i / max(len(group) - 1, 1) for i, n in enumerate(by_degree)}
        theta = _spread_angles(sorted(group & labelled, key=lambda n: (angle[n], n)),
                               sorted(group - labelled, key=lambda n: (angle[n], n)),
                               band * _OUTER_TURN)
        # a small band keeps its actors near the ring's middle, not at its two edges
        spread = (high - low) * min(1.0, (len(group) - 1) / 6)
        for node in group:
            radius = (low + high) / 2 + spread * (closeness[node] - 0.5)
            positions[node] = (radius * math.cos(theta[node]), radius * math.sin(theta[node]))
    return positions


#: How far the outer band's angles are turned against the inner band's (radians).
_OUTER_TURN = math.pi / 3


def _spread_angles(first: list[str], rest: list[str], turn: float = 0.0) -> dict[str, float]:
    """Evenly spaced angles for ``first``, then the gaps between them filled by ``rest``, all
    turned by ``turn``; two actors are a quarter turn apart, not opposite each other."""
    slots = len(first) + len(rest)
    if not slots:
        return {}
    step = math.pi / 2 if slots == 2 else 2 * math.pi / slots
    taken = {round(i * slots / len(first)) for i in range(len(first))} if first else set()
    free = [i for i in range(slots) if i not in taken]
    angles = {node: (i + 0.5) * step + turn for node, i in zip(first, sorted(taken))}
    angles.update({node: (i + 0.5) * step + turn for node, i in zip(rest, free)})
    return angles


#: The distance :func:`place_new` keeps between a new actor and every actor placed before.
_SPACING = 0.12


def _fixed_angle(actor: str) -> float:
    """An angle that depends on the actor_id only (the same on every machine)."""
    digest = hashlib.sha256(actor.encode("utf-8")).digest()
    return 2 * math.pi * int.from_bytes(digest[:4], "big") / 2 ** 32


def place_new(positions: dict[str, tuple[float, float]], graph: nx.Graph, hub: str,
              members: set[str]) -> dict[str, tuple[float, float]]:
    """``positions`` with a position added for every actor of ``graph`` that has none, the
    placed actors left where they are.

    New actors are placed one after the other in actor_id order (the hub first, at the centre
    if it has no position): an actor of ``members`` (the hub's network) in the ring inside
    the inner circle, any other in the ring outside it. Its direction from the centre is the
    mean direction of its partners that have a position, or, without any, a direction fixed by
    its actor_id (:func:`_fixed_angle`). From the middle of its ring it moves in steps of 5
    degrees to either side (and to the ring's edges) until it is at least ``_SPACING`` from
    every placed actor; if no such place exists it takes the freest one. Deterministic: the
    same positions and network give the same result.
    """
    placed = dict(positions)
    new = sorted(n for n in graph if n not in placed)
    if hub in new:
        new.remove(hub)
        placed[hub] = (0.0, 0.0)
    step = math.pi / 36
    for node in new:
        low, high = _BANDS[0] if node in members else _BANDS[1]
        partners = sorted(m for m in graph[node] if m in placed and m != hub)
        sin = sum(math.sin(math.atan2(placed[m][1], placed[m][0])) for m in partners)
        cos = sum(math.cos(math.atan2(placed[m][1], placed[m][0])) for m in partners)
        base = math.atan2(sin, cos) if math.hypot(sin, cos) > 1e-9 else _fixed_angle(node)
        others = np.array(list(placed.values()), dtype=float).reshape(-1, 2)
        best = None
        for turn in (0, *[s * k for k in range(1, 37) for s in (1, -1)]):
            theta = base + turn * step
            for radius in ((low + high) / 2, low, high):
                point = (radius * math.cos(theta), radius * math.sin(theta))
                free = (float(np.min(np.hypot(others[:, 0] - point[0], others[:, 1] - point[1])))
                        if len(others) else math.inf)
                if best is None or free > best[0]:
                    best = (free, point)
                if free >= _SPACING:
                    break
            if best[0] >= _SPACING:
                break
        placed[node] = best[1]
    return placed


def study_positions(study: str | Path, graphs: dict[int, nx.Graph], hub: str,
                    known: Iterable[str] | None = None, seed: int = 1,
                    top: int = 10, ids: Mapping[str, str] | None = None,
                    ) -> dict[str, tuple[float, float]]:
    """The maps' positions of the actors of ``graphs``, kept in the ``positions.csv`` of the
    study folder ``study`` (:mod:`localnet_helpers.inputs.positions`).

    Without the file the map is laid out afresh (:func:`stable_layout`); with it, every actor
    keeps its position and only actors without one are placed (:func:`place_new`). The file
    is then written with the new actors added (nothing is written when none is new, so a file
    edited by hand keeps its bytes); ``known`` (the register's actor ids) checks the file's
    ids. Returns the positions as the file holds
    them (rounded), so a run that writes the file and a run that reads it draw the same maps.

    In a pseudonymised run the graphs name the actors by the ids of the outputs: ``ids`` maps
    each actor_id of the register (the file's keys, always the real ones) to the id its
    outputs give it, so the file stays the same whether a run is pseudonymised or not.
    """
    path = Path(study) / POSITIONS_FILE
    if ids is not None:  # the file's ids are the register's, whatever the outputs show
        known = ids.keys()
    existing = read_positions(path, None if known is None else set(known))
    if ids is not None:
        existing = {ids[actor]: place for actor, place in existing.items()}
    union, members = _union(graphs, hub)
    if existing:
        laid = place_new(existing, union, hub, members)
    else:
        laid = stable_layout(graphs, hub, seed=seed, top=top)
    kept = {**laid, **existing}
    if set(kept) != set(existing) or not path.is_file():  # a hand-edited file stays as it is
        real = {output: actor for actor, output in (ids or {}).items()}
        write_positions(path, {real.get(n, n): place for n, place in kept.items()})
    rounded = parse_positions(format_positions(kept), path)
    return {node: rounded[node] for node in sorted(union)}


def _rasterize_if_many(artist, edges: int, limit: int = 3000) -> None:
    """Draw the edges of a large network as an image inside the SVG file: thousands of
    separate vector lines make SVG files slow to write and to open."""
    if edges > limit and artist is not None and hasattr(artist, "set_rasterized"):
        artist.set_rasterized(True)


def _node_size(degree: int) -> float:
    return 30 + 18 * degree


def _frame(ax, circle_names: tuple[str, str]) -> list:
    """The two dashed circles with their names; returns the name texts (kept free of labels)."""
    names = []
    for radius, name in ((INNER * 1.05, circle_names[0]), (OUTER, circle_names[1])):
        ax.add_patch(Circle((0, 0), radius, fill=False, linestyle="--", linewidth=1.2,
                            edgecolor="#333333"))
        names.append(ax.text(0, radius + 0.03, name, ha="center", va="bottom", fontsize=10,
                             style="italic"))
    ax.set_xlim(-OUTER - 0.35, OUTER + 0.35)
    ax.set_ylim(-OUTER - 0.1, OUTER + 0.25)
    ax.set_aspect("equal")
    ax.axis("off")
    return names


#: Gaps between a node's edge and its label, in points, and the directions tried around the
#: node (steps of 22.5 degrees away from the direction pointing out from the centre).
_GAPS = (3, 9, 16, 26, 38, 52, 70)
_TURNS = (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8)


def _overlaps(box, boxes) -> int:
    """How many of ``boxes`` (rows x0, y0, x1, y1) the box ``box`` overlaps."""
    if not len(boxes):
        return 0
    b = boxes
    return int(((b[:, 0] < box[2]) & (b[:, 2] > box[0]) &
                (b[:, 1] < box[3]) & (b[:, 3] > box[1])).sum())


def _place_labels(fig, ax, pos: dict, labels: dict[str, str], nodes: list[str],
                  sizes: dict[str, float], linewidths: dict[str, float], labelled: list[str],
                  obstacles: list) -> list:
    """Label the ``labelled`` nodes so that no label overlaps another label, a labelled
    node, ``obstacles`` (legend, title, circle names) or the edge of the figure.

    Deterministic placement of our own: after the layout is fixed, each label (most
    relations first) is tried at growing gaps from its node in 16 directions, the direction
    pointing away from the centre first; the free position that covers fewest other nodes
    (then the nearest) is taken, with a thin leader line when it sits away from its node.
    Returns the label texts.
    """
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()
    to_px = fig.dpi / 72
    centre = ax.transData.transform((0.0, 0.0))
    xy = {n: ax.transData.transform(pos[n]) for n in nodes}
    radius = {n: (math.sqrt(sizes[n]) / 2 + linewidths[n] / 2) * to_px for n in nodes}

    def node_box(n):
        (x, y), r = xy[n], radius[n]
        return (x - r, y - r, x + r, y + r)

    top = set(labelled)
    hard = [node_box(n) for n in labelled]
    soft = np.array([node_box(n) for n in nodes if n not in top]).reshape(-1, 4)
    hard += [tuple(a.get_window_extent(renderer).extents) for a in obstacles]
    frame = fig.bbox.extents
    margin = 3 * to_px
    texts = []
    for node in labelled:
        text = ax.text(0, 0, labels.get(node, node), fontsize=8, ha="center", va="center",
                       zorder=4, bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                       "ec": "none", "alpha": 0.85})
        extent = text.get_window_extent(renderer)
        half_w, half_h = extent.width / 2 + margin, extent.height / 2 + margin
        (x, y) = xy[node]
        base = (math.atan2(y - centre[1], x - centre[0])
                if math.hypot(x - centre[0], y - centre[1]) > 1 else -math.pi / 2)
        blocked = np.array(hard).reshape(-1, 4)  # its own node included
        best = None
        for g, gap in enumerate(_GAPS):
            for turn in _TURNS:
                phi = base + turn * math.pi / 8
                c, s = math.cos(phi), math.sin(phi)
                edge = min(half_w / abs(c) if abs(c) > 1e-9 else math.inf,
                           half_h / abs(s) if abs(s) > 1e-9 else math.inf)
                dist = radius[node] + gap * to_px + edge
                cx, cy = x + dist * c, y + dist * s
                box = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
                inside = (box[0] >= frame[0] and box[1] >= frame[1] and
                          box[2] <= frame[2] and box[3] <= frame[3])
                clash = _overlaps(box, blocked) + (0 if inside else 1)
                score = (clash, 3 * _overlaps(box, soft) + g + 0.5 * abs(turn))
                if best is None or score < best[0]:
                    best = (score, cx, cy, c, gap)
        (_, cx, cy, c, gap) = best
        inverse = ax.transData.inverted()
        text.set_position(inverse.transform((cx, cy)))
        text.set_multialignment("left" if c > 0.3 else "right" if c < -0.3 else "center")
        if gap >= 16:  # far from its node: a thin line shows which node it names
            (nx_, ny_), dx, dy = (x, y), cx - x, cy - y
            fraction = min(half_w / abs(dx) if dx else math.inf,
                           half_h / abs(dy) if dy else math.inf)
            end = (cx - dx * min(fraction, 1.0), cy - dy * min(fraction, 1.0))
            (x0, y0), (x1, y1) = inverse.transform((nx_, ny_)), inverse.transform(end)
            ax.add_line(Line2D([x0, x1], [y0, y1], color="#555555", linewidth=0.5,
                               zorder=1.5))
        hard.append((cx - half_w + margin, cy - half_h + margin,
                     cx + half_w - margin, cy + half_h - margin))
        texts.append(text)
    return texts


def _top(nodes, degree: dict, top: int) -> list[str]:
    return sorted(nodes, key=lambda n: (-degree.get(n, 0), n))[:top]


def _type_handles(type_names: dict[str, str], types: set[str]) -> list:
    return [Line2D([], [], marker="o", linestyle="", markersize=9,
                   markerfacecolor=TYPE_COLOURS[t], markeredgecolor="white",
                   label=type_names[t]) for t in ACTOR_TYPES if t in types]


def _hub_handle(hub_label: str) -> Line2D:
    return Line2D([], [], marker="o", linestyle="", markersize=11, markerfacecolor="#dddddd",
                  markeredgecolor="black", markeredgewidth=2.0,
                  label=hub_label.replace("\n", " "))


def _size_handles(degrees: list[int], relations_word: str) -> list:
    """Three node sizes with their numbers of relations (two or more, never "1 ...")."""
    most = max(degrees, default=0)
    if most < 2 or not relations_word:
        return []
    values = sorted({max(2, round(most / 4)), max(2, round(most / 2)), most})
    return [Line2D([], [], marker="o", linestyle="", markerfacecolor="#bbbbbb",
                   markeredgecolor="white", markersize=math.sqrt(_node_size(v)),
                   label=f"{v} {relations_word}") for v in values]


def _legend(fig, ax, handles: list):
    """The legend below the map, in columns; returns it (labels keep clear of it)."""
    columns = 3 if len(handles) > 4 else len(handles) or 1
    # room for the largest size marker (its diameter in points, in units of the font size)
    widest = max((h.get_markersize() for h in handles if isinstance(h, Line2D)), default=0) / 9
    return ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                     ncol=columns, frameon=False, fontsize=9, handletextpad=0.6,
                     columnspacing=1.5, labelspacing=0.5, handlelength=max(2.0, widest + 0.2),
                     handleheight=max(2.4, widest + 0.2), borderaxespad=0.2)


def _finish(fig, ax, handles: list, title: str | None, circles: list, placing: tuple):
    """Legend, title and layout of a map, then its labels placed clear of them all
    (``placing``: the arguments of :func:`_place_labels` before the obstacles)."""
    legend = _legend(fig, ax, handles)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    _place_labels(fig, ax, *placing, [*circles, legend, ax.title] if title else [*circles, legend])
    return fig


def network_map(graph: nx.Graph, hub: str, pos: dict, labels: dict[str, str],
                type_names: dict[str, str], circle_names: tuple[str, str],
                outside_label: str, top: int = 10, title: str = "",
                relations_word: str = "", non_respondents: set[str] | None = None,
                non_respondent_label: str = "") -> plt.Figure:
    """Draw one year's network in the style of the report's Figure 5.

    Colour = actor type, node area grows with relations, labels on the ``top`` actors
    with most relations (placed by :func:`_place_labels`: they overlap neither each other nor
    a labelled node), the hub with a black outline, dashed circles around the hub network
    and the whole area. Positions come from :func:`stable_layout`, so actors keep their place
    across years; an actor inside the inner circle that is not in the hub's network this year
    is drawn pale (``outside_label`` in the legend). Actors in ``non_respondents`` (present
    but did not answer the wave: their relations rest on the others' answers) are drawn
    hollow, a ring in their type colour (``non_respondent_label`` in the legend). The legend
    below the map names every encoding: the types, the hub, pale dots, hollow rings, node
    sizes (``relations_word``) and relations.
    """
    members = set(hub_network(graph, hub)) if hub in graph else set()
    degree = dict(graph.degree())
    fig, ax = plt.subplots(figsize=(10, 11))
    edges = nx.draw_networkx_edges(graph, pos, ax=ax, width=0.4, alpha=0.2,
                                   edge_color="#555555")
    _rasterize_if_many(edges, graph.number_of_edges())
    nodes = sorted(graph)
    pale = [n for n in nodes if n not in members and math.hypot(*pos[n]) < INNER]
    hollow = set(non_respondents or ()) & set(nodes)
    widths = {n: 2.0 if n == hub else 1.8 if n in hollow else 0.6 for n in nodes}
    sizes = {n: _node_size(degree[n]) for n in nodes}
    colour = {n: TYPE_COLOURS[graph.nodes[n]["type"]] for n in nodes}
    if nodes:
        nx.draw_networkx_nodes(
            graph, pos, nodelist=nodes, ax=ax,
            linewidths=[widths[n] for n in nodes],
            edgecolors=["black" if n == hub else colour[n] if n in hollow else "white"
                        for n in nodes],
            node_color=["white" if n in hollow else colour[n] for n in nodes],
            alpha=[0.3 if n in pale else 1.0 for n in nodes],
            node_size=[sizes[n] for n in nodes],
        )
    circles = _frame(ax, circle_names)
    handles = _type_handles(type_names, {graph.nodes[n]["type"] for n in nodes})
    if hub in graph:
        handles.append(_hub_handle(labels.get(hub, hub)))
    if pale:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=9, alpha=0.3,
                              markerfacecolor="#777777", markeredgecolor="white",
                              label=outside_label))
    if hollow and non_respondent_label:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=9,
                              markerfacecolor="white", markeredgecolor="#555555",
                              markeredgewidth=1.8, label=non_respondent_label))
    handles += _size_handles(list(degree.values()), relations_word)
    if relations_word and graph.number_of_edges():
        handles.append(Line2D([], [], color="#555555", alpha=0.5, linewidth=1,
                              label=relations_word.capitalize()))
    return _finish(fig, ax, handles, title, circles,
                   (pos, labels, nodes, sizes, widths, _top(nodes, degree, top)))


#: Colour, line style, width and opacity of kept, new and lost relations on a change map.
CHANGE_STYLES = {"kept": ("#b0b0b0", "solid", 0.5, 0.45),
                 "new": ("#CC79A7", "solid", 1.3, 0.9),  # no type has this colour
                 "lost": ("#D55E00", "dashed", 1.1, 0.85)}


def change_map(before: nx.Graph, after: nx.Graph, hub: str, pos: dict,
               labels: dict[str, str], names: dict[str, str], circle_names: tuple[str, str],
               top: int = 10, title: str = "",
               type_names: dict[str, str] | None = None) -> plt.Figure:
    """Relations kept (faint grey), new (purple) and lost (red, dashed) between two years.

    Only relations between actors present in both years are drawn (as in ``change.csv``);
    ``names`` gives the legend's words for ``kept``, ``new`` and ``lost`` (with counts).
    Actors are drawn in their type colours (``type_names`` for the legend), sized by their
    relations in the later year, labels placed as on :func:`network_map`.
    """
    present = set(before) & set(after)

    def pairs(graph):
        return {tuple(sorted(e)) for e in graph.edges() if set(e) <= present}

    old, new = pairs(before), pairs(after)
    groups = {"kept": sorted(old & new), "new": sorted(new - old), "lost": sorted(old - new)}
    graph = nx.Graph()
    graph.add_nodes_from(sorted(present))
    fig, ax = plt.subplots(figsize=(10, 11))
    for key in ("kept", "lost", "new"):  # the changes drawn over the faint kept relations
        colour, style, width, alpha = CHANGE_STYLES[key]
        drawn = nx.draw_networkx_edges(graph, pos, edgelist=groups[key], ax=ax,
                                       edge_color=colour, style=style, width=width,
                                       alpha=alpha)
        _rasterize_if_many(drawn, len(old | new))
    degree = dict(after.degree())
    nodes = sorted(present)
    widths = {n: 2.0 if n == hub else 0.6 for n in nodes}
    sizes = {n: _node_size(degree.get(n, 0)) for n in nodes}
    types = {n: after.nodes[n].get("type") for n in nodes}
    if nodes:
        nx.draw_networkx_nodes(graph, pos, nodelist=nodes, ax=ax,
                               node_color=[TYPE_COLOURS.get(types[n], "#cccccc")
                                           for n in nodes],
                               edgecolors=["black" if n == hub else "white" for n in nodes],
                               linewidths=[widths[n] for n in nodes],
                               node_size=[sizes[n] for n in nodes])
    circles = _frame(ax, circle_names)
    handles = []
    for key in ("kept", "new", "lost"):
        colour, style, width, alpha = CHANGE_STYLES[key]
        handles.append(Line2D([], [], color=colour, linestyle=style, alpha=alpha,
                              linewidth=max(width, 0.8) * 1.6,
                              label=f"{names[key]} ({len(groups[key])})"))
    if type_names:
        handles += _type_handles(type_names, set(types.values()))
    if hub in present:
        handles.append(_hub_handle(labels.get(hub, hub)))
    return _finish(fig, ax, handles, title, circles,
                   (pos, labels, nodes, sizes, widths, _top(nodes, degree, top)))
