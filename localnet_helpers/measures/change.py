"""Change between measurement years, and how much of it depends on the tie rule.

Definitions (also in ``docs/metrics.md``):

compared relations
    For years y0 -> y1 and a network (``area`` or ``hub``), the relations of that network in
    each year whose two actors are present in both years (so an actor's arrival or departure
    is not counted as new or lost relations).
kept, new, lost, jaccard
    kept = compared relations in both years; new = only in y1; lost = only in y0;
    jaccard = kept / (kept + new + lost), 0 when all three are 0.
entered, left
    Actors in the y1 network but not the y0 network, and the reverse.
deeper, same_depth, shallower
    Among kept relations, those whose depth rose, stayed or fell.
robustness
    The headline figures (relations, mean relations per actor, the hub's partners and reach
    share) under the ``union`` and the ``reciprocated`` tie rule, side by side. In a year the
    hub is not present it has 0 partners and reach 0.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .network import build_graph, hub_network, mean_relations, relations_from_surfaces

__all__ = ["CHANGE_COLUMNS", "ROBUSTNESS_COLUMNS", "year_pairs", "network_change",
           "change_table", "change_actors", "robustness_rows"]

CHANGE_COLUMNS = ["from_year", "to_year", "network", "kept", "new", "lost", "jaccard",
                  "entered", "left", "deeper", "same_depth", "shallower"]
ROBUSTNESS_COLUMNS = ["year", "tie_rule", "relations", "mean_relations", "hub_partners",
                      "hub_reach"]


def year_pairs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive pairs of years, then first -> last if that is not one of them.

    >>> year_pairs([2017, 2018, 2019]), year_pairs([2017, 2018])
    ([(2017, 2018), (2018, 2019), (2017, 2019)], [(2017, 2018)])
    """
    years = sorted(years)
    pairs = list(zip(years, years[1:]))
    if len(years) > 2:
        pairs.append((years[0], years[-1]))
    return pairs


def network_change(before: nx.Graph, after: nx.Graph, present: set[str]) -> dict[str, float]:
    """Kept, new and lost relations, actors entered and left, and depth change of kept ones.

    ``before`` and ``after`` are the network in the two years; ``present`` the actors present
    in both years.
    """
    def compared(graph):
        return {tuple(sorted(e)) for e in graph.edges() if e[0] in present and e[1] in present}

    old, new = compared(before), compared(after)
    kept = old & new
    total = len(old | new)
    depth = [(before.edges[p]["depth"], after.edges[p]["depth"]) for p in sorted(kept)]
    return {
        "kept": len(kept), "new": len(new - old), "lost": len(old - new),
        "jaccard": len(kept) / total if total else 0.0,
        "entered": len(set(after) - set(before)), "left": len(set(before) - set(after)),
        "deeper": sum(b > a for a, b in depth), "same_depth": sum(b == a for a, b in depth),
        "shallower": sum(b < a for a, b in depth),
    }


def change_table(graphs: dict[int, nx.Graph], hub: str) -> pd.DataFrame:
    """:data:`CHANGE_COLUMNS` for every pair of :func:`year_pairs`, area and hub network."""
    rows = []
    for y0, y1 in year_pairs(list(graphs)):
        present = set(graphs[y0]) & set(graphs[y1])
        for network in ("area", "hub"):
            g0, g1 = graphs[y0], graphs[y1]
            if network == "hub":
                g0, g1 = hub_network(g0, hub), hub_network(g1, hub)
            rows.append({"from_year": y0, "to_year": y1, "network": network,
                         **network_change(g0, g1, present)})
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def change_actors(graphs: dict[int, nx.Graph]) -> pd.DataFrame:
    """Per actor present in any year: relations per year (empty when absent) and ``change``
    = relations in the last year it was present minus the first; sorted by actor_id."""
    years = sorted(graphs)
    actors: dict[str, dict] = {}
    for year in years:
        for node, data in graphs[year].nodes(data=True):
            row = actors.setdefault(node, {"actor_id": node, "name": data["name"],
                                           "type": data["type"]})
            row[f"relations_{year}"] = graphs[year].degree(node)
    table = pd.DataFrame(sorted(actors.values(), key=lambda r: r["actor_id"]))
    counts = table[[f"relations_{y}" for y in years]].astype("Int64")
    table[counts.columns] = counts
    first = counts.apply(lambda r: r.dropna().iloc[0], axis=1)
    last = counts.apply(lambda r: r.dropna().iloc[-1], axis=1)
    table["change"] = (last - first).astype("Int64")
    return table


def robustness_rows(actors: pd.DataFrame, surfaces: pd.DataFrame, respondents: set[str],
                    hub: str, year: int) -> pd.DataFrame:
    """:data:`ROBUSTNESS_COLUMNS` for one year under both tie rules."""
    rows = []
    for rule in ("union", "reciprocated"):
        graph = build_graph(actors, relations_from_surfaces(surfaces, rule, respondents))
        present = hub in graph
        others = graph.number_of_nodes() - present
        partners = len(graph[hub]) if present else 0
        rows.append({"year": int(year), "tie_rule": rule,
                     "relations": graph.number_of_edges(),
                     "mean_relations": mean_relations(graph), "hub_partners": partners,
                     "hub_reach": partners / others if others else 0.0})
    return pd.DataFrame(rows, columns=ROBUSTNESS_COLUMNS)
