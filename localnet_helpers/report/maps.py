"""Network maps in the style of the report's Figure 5: the hub in the centre, its network
inside the inner circle, the rest of the area outside it; and a change map between two years.

Positions are seeded and shared by every year's map (:func:`stable_layout`), so a reader
sees what changed; :func:`localnet_helpers.figures.save_figure` writes the files.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from ..inputs.register import ACTOR_TYPES
from ..measures.network import hub_network
from .figures import TYPE_COLOURS

__all__ = ["INNER", "OUTER", "stable_layout", "map_layout", "network_map", "change_map"]

#: Radii of the two dashed circles: hub network inside ``INNER``, the rest out to ``OUTER``.
INNER, OUTER = 1.0, 1.6


def stable_layout(graphs: dict[int, nx.Graph], hub: str, seed: int = 1,
                  top: int = 10) -> dict[str, tuple[float, float]]:
    """One position per actor for the maps of every year, so a reader sees what changed.

    Computed by :func:`map_layout` on the union of the years' networks, with the actors that
    were in the hub's network in any year inside the inner circle.
    """
    union = nx.Graph()
    for year in sorted(graphs):
        union.add_nodes_from(graphs[year].nodes(data=True))
        union.add_edges_from(graphs[year].edges())
    members = set().union(*(set(graphs[y][hub]) for y in graphs if hub in graphs[y]))
    return map_layout(union, hub, seed=seed, top=top, members=members)


def map_layout(graph: nx.Graph, hub: str, seed: int = 1, top: int = 10,
               members: set[str] | None = None) -> dict[str, tuple[float, float]]:
    """Positions for the network map: the hub in the centre, its network inside a circle.

    The hub sits at (0, 0). ``members`` (default: the hub's partners) are spread at evenly
    spaced angles inside the circle of radius ``INNER``, in the angular order a seeded spring
    layout gives them (so actors that work together sit near each other); the more relations
    an actor has, the closer to the centre. The ``top`` actors with most relations get evenly
    spaced directions of their own so that their labels do not collide. The other actors
    (isolates included) are placed the same way in the ring between ``INNER`` and ``OUTER``.
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
    bands = ((members & set(graph), 0.32 * INNER, 0.9 * INNER),
             (set(graph) - members - {hub}, 1.2 * INNER, 0.93 * OUTER))
    for group, low, high in bands:
        by_degree = sorted(group, key=lambda n: (-degree[n], n))
        closeness = {n: i / max(len(group) - 1, 1) for i, n in enumerate(by_degree)}
        theta = _spread_angles(sorted(group & labelled, key=lambda n: (angle[n], n)),
                               sorted(group - labelled, key=lambda n: (angle[n], n)))
        for node in group:
            radius = low + (high - low) * closeness[node]
            positions[node] = (radius * math.cos(theta[node]), radius * math.sin(theta[node]))
    return positions


def _spread_angles(first: list[str], rest: list[str]) -> dict[str, float]:
    """Evenly spaced angles for ``first``, then the gaps between them filled by ``rest``."""
    slots = len(first) + len(rest)
    if not slots:
        return {}
    step = 2 * math.pi / slots
    taken = {round(i * slots / len(first)) for i in range(len(first))} if first else set()
    free = [i for i in range(slots) if i not in taken]
    angles = {node: (i + 0.5) * step for node, i in zip(first, sorted(taken))}
    angles.update({node: (i + 0.5) * step for node, i in zip(rest, free)})
    return angles


def _rasterize_if_many(artist, edges: int, limit: int = 3000) -> None:
    """Draw the edges of a large network as an image inside the SVG file: thousands of
    separate vector lines make SVG files slow to write and to open."""
    if edges > limit and artist is not None and hasattr(artist, "set_rasterized"):
        artist.set_rasterized(True)


def _node_size(degree: int) -> float:
    return 30 + 18 * degree


def _frame(ax, circle_names: tuple[str, str]) -> None:
    for radius, name in ((INNER * 1.05, circle_names[0]), (OUTER, circle_names[1])):
        ax.add_patch(Circle((0, 0), radius, fill=False, linestyle="--", linewidth=1.2,
                            edgecolor="#333333"))
        ax.text(0, radius + 0.03, name, ha="center", va="bottom", fontsize=10, style="italic")
    ax.set_xlim(-OUTER - 0.35, OUTER + 0.35)
    ax.set_ylim(-OUTER - 0.1, OUTER + 0.25)
    ax.set_aspect("equal")
    ax.axis("off")


def _labels(ax, graph, pos, labels, nodes) -> None:
    degree = dict(graph.degree())
    for node in nodes:
        x, y = pos[node]
        theta = math.atan2(y, x) if (x, y) != (0.0, 0.0) else -math.pi / 2
        offset = 6 + math.sqrt(_node_size(degree[node])) / 2
        ax.annotate(labels.get(node, node), (x, y), fontsize=8,
                    xytext=(offset * math.cos(theta), offset * math.sin(theta)),
                    textcoords="offset points", va="center",
                    ha="left" if math.cos(theta) > 0.3 else
                    "right" if math.cos(theta) < -0.3 else "center",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.75})


def network_map(graph: nx.Graph, hub: str, pos: dict, labels: dict[str, str],
                type_names: dict[str, str], circle_names: tuple[str, str],
                outside_label: str, top: int = 10, title: str = "") -> plt.Figure:
    """Draw one year's network in the style of the report's Figure 5.

    Colour = actor type (legend), node area grows with relations, labels on the ``top`` actors
    with most relations, the hub with a black outline, dashed circles around the hub network
    and the whole area. Positions come from :func:`stable_layout`, so actors keep their place
    across years; an actor inside the inner circle that is not in the hub's network this year
    is drawn pale (``outside_label`` in the legend).
    """
    members = set(hub_network(graph, hub)) if hub in graph else set()
    degree = dict(graph.degree())
    fig, ax = plt.subplots(figsize=(10, 10))
    edges = nx.draw_networkx_edges(graph, pos, ax=ax, width=0.4, alpha=0.2,
                                   edge_color="#555555")
    _rasterize_if_many(edges, graph.number_of_edges())
    nodes = sorted(graph)
    pale = [n for n in nodes if n not in members and math.hypot(*pos[n]) < INNER]
    nx.draw_networkx_nodes(
        graph, pos, nodelist=nodes, ax=ax,
        linewidths=[2.0 if n == hub else 0.6 for n in nodes],
        edgecolors=["black" if n == hub else "white" for n in nodes],
        node_color=[TYPE_COLOURS[graph.nodes[n]["type"]] for n in nodes],
        alpha=[0.3 if n in pale else 1.0 for n in nodes],
        node_size=[_node_size(degree[n]) for n in nodes],
    )
    _labels(ax, graph, pos, labels, sorted(nodes, key=lambda n: (-degree[n], n))[:top])
    _frame(ax, circle_names)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9,
                      markerfacecolor=TYPE_COLOURS[t], markeredgecolor="white",
                      label=type_names[t]) for t in ACTOR_TYPES]
    if pale:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=9, alpha=0.3,
                              markerfacecolor="#777777", markeredgecolor="white",
                              label=outside_label))
    ax.legend(handles=handles, loc="lower left", frameon=False)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def change_map(before: nx.Graph, after: nx.Graph, hub: str, pos: dict,
               labels: dict[str, str], names: dict[str, str], circle_names: tuple[str, str],
               top: int = 10, title: str = "") -> plt.Figure:
    """Relations kept (grey), new (green) and lost (red, dashed) between two years.

    Only relations between actors present in both years are drawn (as in ``change.csv``);
    ``names`` gives the legend's words for ``kept``, ``new`` and ``lost``.
    """
    present = set(before) & set(after)

    def pairs(graph):
        return {tuple(sorted(e)) for e in graph.edges() if set(e) <= present}

    old, new = pairs(before), pairs(after)
    styles = (("kept", sorted(old & new), "#999999", "solid", 0.5),
              ("new", sorted(new - old), "#009E73", "solid", 1.1),
              ("lost", sorted(old - new), "#D55E00", "dashed", 1.1))
    graph = nx.Graph()
    graph.add_nodes_from(sorted(present))
    fig, ax = plt.subplots(figsize=(10, 10))
    for _, edges, colour, style, width in styles:
        drawn = nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax, edge_color=colour,
                                       style=style, width=width, alpha=0.8)
        _rasterize_if_many(drawn, len(old | new))
    degree = dict(after.degree())
    nodes = sorted(present)
    nx.draw_networkx_nodes(graph, pos, nodelist=nodes, ax=ax, node_color="#cccccc",
                           edgecolors=["black" if n == hub else "white" for n in nodes],
                           node_size=[_node_size(degree.get(n, 0)) for n in nodes])
    _labels(ax, after.subgraph(nodes), pos, labels,
            sorted(nodes, key=lambda n: (-degree.get(n, 0), n))[:top])
    _frame(ax, circle_names)
    handles = [Line2D([], [], color=colour, linestyle=style, linewidth=2,
                      label=f"{names[key]} ({len(edges)})")
               for key, edges, colour, style, _ in styles]
    ax.legend(handles=handles, loc="lower left", frameon=False)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
