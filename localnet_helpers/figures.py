"""Figures of the report: the network map (the report's Figure 5) and charts across years.

Figures are matplotlib ``Figure`` objects drawn deterministically (seeded layouts, sorted
nodes), so the same data gives the same picture.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .network import hub_network
from .register import ACTOR_TYPES

__all__ = ["TYPE_COLOURS", "map_layout", "network_map", "relations_chart"]

#: Colour per actor type: Okabe-Ito colours, distinguishable with colour-blindness.
TYPE_COLOURS = {"professional": "#0072B2", "volunteer": "#E69F00", "citizen": "#009E73"}

#: Radii of the two dashed circles: hub network inside ``INNER``, the rest out to ``OUTER``.
INNER, OUTER = 1.0, 1.6


def map_layout(graph: nx.Graph, hub: str, seed: int = 1,
               top: int = 10) -> dict[str, tuple[float, float]]:
    """Positions for the network map: the hub in the centre, its network inside a circle.

    The hub sits at (0, 0). Its partners are spread at evenly spaced angles inside the circle
    of radius ``INNER``, in the angular order a seeded spring layout gives them (so actors
    that work together sit near each other); the more relations an actor has, the closer to
    the centre. The ``top`` actors with most relations (the labelled ones) get evenly spaced
    directions of their own so that their labels do not collide. The other actors (isolates
    included) are placed the same way in the ring between ``INNER`` and ``OUTER``. The same
    graph and seed always give the same positions.
    """
    members = set(hub_network(graph, hub)) - {hub} if hub in graph else set()
    spring = nx.spring_layout(graph, seed=seed) if len(graph) else {}
    centre = spring.get(hub, (0.0, 0.0))
    angle = {n: math.atan2(y - centre[1], x - centre[0]) for n, (x, y) in spring.items()}
    degree = dict(graph.degree())
    labelled = set(sorted(graph, key=lambda n: (-degree[n], n))[:top]) - {hub}
    positions = {hub: (0.0, 0.0)} if hub in graph else {}
    bands = ((members, 0.32 * INNER, 0.9 * INNER),
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
    """Evenly spaced angles for ``first``, then the gaps between them filled evenly by ``rest``."""
    slots = len(first) + len(rest)
    if not slots:
        return {}
    step = 2 * math.pi / slots
    taken = {round(i * slots / len(first)) for i in range(len(first))} if first else set()
    free = [i for i in range(slots) if i not in taken]
    angles = {node: (i + 0.5) * step for node, i in zip(first, sorted(taken))}
    angles.update({node: (i + 0.5) * step for node, i in zip(rest, free)})
    return angles


def network_map(graph: nx.Graph, hub: str, labels: dict[str, str], type_names: dict[str, str],
                circle_names: tuple[str, str], top: int = 10, seed: int = 1,
                title: str = "") -> plt.Figure:
    """Draw the network map in the style of the report's Figure 5.

    Colour = actor type, node area grows with relations, labels on the ``top`` actors with
    most relations (ties broken by actor_id) set outward from the centre, a dashed circle
    around the hub network and one around the whole area. The hub has a black outline.
    """
    pos = map_layout(graph, hub, seed=seed, top=top)
    degree = dict(graph.degree())
    fig, ax = plt.subplots(figsize=(10, 10))
    nx.draw_networkx_edges(graph, pos, ax=ax, width=0.4, alpha=0.2, edge_color="#555555")
    nodes = sorted(graph)
    nx.draw_networkx_nodes(
        graph, pos, nodelist=nodes, ax=ax,
        linewidths=[2.0 if n == hub else 0.6 for n in nodes],
        edgecolors=["black" if n == hub else "white" for n in nodes],
        node_color=[TYPE_COLOURS[graph.nodes[n]["type"]] for n in nodes],
        node_size=[30 + 18 * degree[n] for n in nodes],
    )
    for node in sorted(nodes, key=lambda n: (-degree[n], n))[:top]:
        x, y = pos[node]
        theta = math.atan2(y, x) if (x, y) != (0.0, 0.0) else -math.pi / 2
        offset = 6 + math.sqrt(30 + 18 * degree[node]) / 2
        ax.annotate(labels.get(node, node), (x, y), fontsize=8,
                    xytext=(offset * math.cos(theta), offset * math.sin(theta)),
                    textcoords="offset points", va="center",
                    ha="left" if math.cos(theta) > 0.3 else
                    "right" if math.cos(theta) < -0.3 else "center",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.75})
    for radius, name in ((INNER * 1.05, circle_names[0]), (OUTER, circle_names[1])):
        ax.add_patch(Circle((0, 0), radius, fill=False, linestyle="--", linewidth=1.2,
                            edgecolor="#333333"))
        ax.text(0, radius + 0.03, name, ha="center", va="bottom", fontsize=10, style="italic")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9,
                      markerfacecolor=TYPE_COLOURS[t], markeredgecolor="white",
                      label=type_names[t]) for t in ACTOR_TYPES]
    ax.legend(handles=handles, loc="lower left", frameon=False)
    ax.set_xlim(-OUTER - 0.35, OUTER + 0.35)
    ax.set_ylim(-OUTER - 0.1, OUTER + 0.25)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def relations_chart(summary: pd.DataFrame, network_names: dict[str, str],
                    ylabel: str, title: str = "") -> plt.Figure:
    """Bar chart of relations per year, one bar per network (area and hub), values on bars."""
    data = summary.assign(network=summary["network"].map(network_names))
    fig, ax = plt.subplots(figsize=(7, 4))
    sns.barplot(data=data, x="year", y="relations", hue="network", ax=ax,
                palette=["#0072B2", "#D55E00"])
    for container in ax.containers:
        ax.bar_label(container, fontsize=9)
    ax.set_xlabel("")
    ax.set_ylabel(ylabel)
    ax.legend(title="", frameon=False)
    sns.despine(ax=ax)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
