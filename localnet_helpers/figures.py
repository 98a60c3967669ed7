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


def map_layout(graph: nx.Graph, hub: str, seed: int = 1) -> dict[str, tuple[float, float]]:
    """Positions for the network map: hub network inside a circle, the other actors around it.

    A seeded spring layout gives each actor an angle around the hub; hub-network members are
    then placed at radii within ``INNER`` (ordered by their spring-layout distance), the other
    actors (isolates included) in the ring between ``INNER`` and ``OUTER``. The hub is at the
    centre. The same graph and seed always give the same positions.
    """
    members = set(hub_network(graph, hub)) if hub in graph else set()
    spring = nx.spring_layout(graph, seed=seed) if len(graph) else {}
    centre = spring.get(hub, (0.0, 0.0))
    polar = {}
    for node, (x, y) in spring.items():
        dx, dy = x - centre[0], y - centre[1]
        polar[node] = (math.hypot(dx, dy), math.atan2(dy, dx))
    positions = {}
    for group, low, high in ((members - {hub}, 0.25 * INNER, 0.92 * INNER),
                             (set(graph) - members, 1.1 * INNER, 0.95 * OUTER)):
        ordered = sorted(group, key=lambda n: (polar[n][0], n))
        for rank, node in enumerate(ordered):
            radius = low + (high - low) * (rank + 0.5) / len(ordered)
            angle = polar[node][1]
            positions[node] = (radius * math.cos(angle), radius * math.sin(angle))
    if hub in graph:
        positions[hub] = (0.0, 0.0)
    return positions


def network_map(graph: nx.Graph, hub: str, labels: dict[str, str], type_names: dict[str, str],
                circle_names: tuple[str, str], top: int = 10, seed: int = 1,
                title: str = "") -> plt.Figure:
    """Draw the network map in the style of the report's Figure 5.

    Colour = actor type, node area proportional to 1 + relations, labels on the ``top`` actors
    with most relations (ties broken by actor_id), a dashed circle around the hub network and
    one around the whole area.
    """
    pos = map_layout(graph, hub, seed=seed)
    degree = dict(graph.degree())
    fig, ax = plt.subplots(figsize=(10, 10))
    nx.draw_networkx_edges(graph, pos, ax=ax, width=0.4, alpha=0.25, edge_color="#555555")
    nodes = sorted(graph)
    nx.draw_networkx_nodes(
        graph, pos, nodelist=nodes, ax=ax, linewidths=0.6, edgecolors="white",
        node_color=[TYPE_COLOURS[graph.nodes[n]["type"]] for n in nodes],
        node_size=[30 + 18 * degree[n] for n in nodes],
    )
    central = sorted(nodes, key=lambda n: (-degree[n], n))[:top]
    for node in central:
        x, y = pos[node]
        ax.annotate(labels.get(node, node), (x, y), xytext=(0, 9), textcoords="offset points",
                    ha="center", fontsize=8.5,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                          "alpha": 0.8})
    for radius, name in ((INNER * 1.02, circle_names[0]), (OUTER, circle_names[1])):
        ax.add_patch(Circle((0, 0), radius, fill=False, linestyle="--", linewidth=1.2,
                            edgecolor="#333333"))
        ax.text(0, radius + 0.03, name, ha="center", va="bottom", fontsize=10, style="italic")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9,
                      markerfacecolor=TYPE_COLOURS[t], markeredgecolor="white",
                      label=type_names[t]) for t in ACTOR_TYPES]
    ax.legend(handles=handles, loc="lower left", frameon=False)
    ax.set_xlim(-OUTER - 0.1, OUTER + 0.1)
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
