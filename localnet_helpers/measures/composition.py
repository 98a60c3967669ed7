"""What a year's relations are made of: the hub's reach, depth, cross-sector mixing, purposes.

Definitions (also in ``docs/metrics.md``):

reach (``reach.csv``)
    Per actor type and ``all``: ``actors`` = actors present other than the hub, ``reached`` =
    those with a relation to the hub, ``share`` = reached / actors (0 when there are none).
    In a year the hub is not present, every actor counts and none is reached.
scopes (``depth.csv``, ``purposes.csv``, ``target_groups.csv``)
    ``area`` = all relations; ``hub_network`` = relations among the hub network's actors;
    ``hub_relations`` = relations of the hub itself; ``other_relations`` = all relations that
    do not involve the hub.
relations by depth
    Relations counted by their depth (their deepest form).
surfaces by form, purpose, target group
    A relation's surfaces are those of the side whose count defines its ``surfaces`` (the side
    with more surface rows; on a tie, the side of the lower actor_id), so the surfaces counted
    add up to the relations' ``surfaces``.
mixing (``mixing.csv``)
    Per pair of actor types: relations between them (within a type when the two are equal),
    possible relations (n_a(n_a-1)/2 within a type, n_a n_b between two) and density =
    relations / possible.
E-I index (``ei_index.csv``)
    (external - internal) / (external + internal), from -1 (only relations within the group)
    to +1 (only relations to other groups). For a type: internal = relations among its
    actors, external = relations from its actors to actors of other types. For ``all``:
    internal = relations within a type, external = relations between types. Empty when the
    group has no relations.
bridging (``bridging.csv``)
    Per actor: partners, partners of another type, and their share ("bridging" social
    capital); the share is empty for an actor without partners.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ..inputs.forms import FORMS
from ..inputs.register import ACTOR_TYPES
from .network import hub_network

__all__ = ["REACH_COLUMNS", "DEPTH_COLUMNS", "MIXING_COLUMNS", "EI_COLUMNS",
           "BRIDGING_COLUMNS", "SCOPES", "hub_reach", "defining_surfaces", "scope_pairs",
           "depth_table", "mixing_table", "ei_table", "bridging_table", "surfaces_by"]

REACH_COLUMNS = ["type", "actors", "reached", "share"]
DEPTH_COLUMNS = ["scope", "unit", "depth", "count", "share"]
MIXING_COLUMNS = ["type_a", "type_b", "relations", "possible", "density"]
EI_COLUMNS = ["group", "internal", "external", "ei_index"]
BRIDGING_COLUMNS = ["actor_id", "name", "type", "partners", "other_type_partners",
                    "other_type_share"]
SCOPES = ("area", "hub_network", "hub_relations", "other_relations")


def hub_reach(graph: nx.Graph, hub: str) -> pd.DataFrame:
    """The hub's reach per actor type and overall (:data:`REACH_COLUMNS`)."""
    partners = set(graph[hub]) if hub in graph else set()
    rows = []
    for kind in (*ACTOR_TYPES, "all"):
        actors = [n for n, d in graph.nodes(data=True)
                  if n != hub and (kind == "all" or d["type"] == kind)]
        reached = sum(n in partners for n in actors)
        rows.append({"type": kind, "actors": len(actors), "reached": reached,
                     "share": reached / len(actors) if actors else 0.0})
    return pd.DataFrame(rows, columns=REACH_COLUMNS)


def scope_pairs(graph: nx.Graph, hub: str) -> dict[str, set[tuple[str, str]]]:
    """The relations (as sorted pairs) of each scope in :data:`SCOPES`."""
    pairs = {tuple(sorted(edge)) for edge in graph.edges()}
    ego = hub_network(graph, hub)
    return {
        "area": pairs,
        "hub_network": {tuple(sorted(edge)) for edge in ego.edges()},
        "hub_relations": {p for p in pairs if hub in p},
        "other_relations": {p for p in pairs if hub not in p},
    }


def defining_surfaces(surfaces: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """The surface rows that define each relation's ``surfaces`` (see the module docstring),
    with ``source`` and ``target`` columns naming the relation."""
    if surfaces.empty:
        return surfaces.assign(source=[], target=[])
    respondent = surfaces["respondent"].to_numpy(dtype=object)
    partner = surfaces["partner"].to_numpy(dtype=object)
    swap = respondent > partner
    rows = surfaces.assign(source=np.where(swap, partner, respondent),
                           target=np.where(swap, respondent, partner))
    counts = rows.groupby(["source", "target", "respondent"]).size().rename("n").reset_index()
    counts = counts.sort_values(["source", "target", "n", "respondent"],
                                ascending=[True, True, False, True])
    chosen = counts.drop_duplicates(["source", "target"])[["source", "target", "respondent"]]
    kept = relations[["source", "target"]]
    return rows.merge(chosen, on=["source", "target", "respondent"]).merge(kept)


def depth_table(graph: nx.Graph, hub: str, surfaces: pd.DataFrame) -> pd.DataFrame:
    """Relations by depth and surfaces by form, per scope (:data:`DEPTH_COLUMNS`).

    ``surfaces`` are the defining surface rows (:func:`defining_surfaces`).
    """
    rows = []
    scopes = scope_pairs(graph, hub)
    pair = list(zip(surfaces["source"], surfaces["target"]))
    for scope in SCOPES:
        depths = [graph.edges[p]["depth"] for p in sorted(scopes[scope])]
        forms = [f for f, p in zip(surfaces["form"], pair) if p in scopes[scope]]
        for unit, values in (("relations", depths), ("surfaces", forms)):
            for depth in FORMS:
                count = sum(v == depth for v in values)
                rows.append({"scope": scope, "unit": unit, "depth": depth, "count": count,
                             "share": count / len(values) if values else 0.0})
    return pd.DataFrame(rows, columns=DEPTH_COLUMNS)


def surfaces_by(surfaces: pd.DataFrame, graph: nx.Graph, hub: str, column: str) -> pd.DataFrame:
    """Surfaces counted by ``column`` (purpose or target_group) for the area and the hub
    network: columns ``network,<column>,surfaces,share``; empty text is kept as ``""``."""
    scopes = scope_pairs(graph, hub)
    pair = list(zip(surfaces["source"], surfaces["target"]))
    parts = []
    for network, scope in (("area", "area"), ("hub", "hub_network")):
        chosen = surfaces[np.array([p in scopes[scope] for p in pair], dtype=bool)]
        counts = chosen.groupby(column).size().rename("surfaces").reset_index()
        counts["share"] = counts["surfaces"] / len(chosen) if len(chosen) else 0.0
        parts.append(counts.assign(network=network))
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    table = table[["network", column, "surfaces", "share"]]
    return table.sort_values(["network", "surfaces", column], ascending=[True, False, True],
                             ignore_index=True)


def mixing_table(graph: nx.Graph) -> pd.DataFrame:
    """Relations within and between actor types with their density (:data:`MIXING_COLUMNS`)."""
    kinds = nx.get_node_attributes(graph, "type")
    size = {t: sum(k == t for k in kinds.values()) for t in ACTOR_TYPES}
    rows = []
    for i, a in enumerate(ACTOR_TYPES):
        for b in ACTOR_TYPES[i:]:
            count = sum({kinds[u], kinds[v]} == {a, b} for u, v in graph.edges())
            possible = size[a] * (size[a] - 1) // 2 if a == b else size[a] * size[b]
            rows.append({"type_a": a, "type_b": b, "relations": count, "possible": possible,
                         "density": count / possible if possible else 0.0})
    return pd.DataFrame(rows, columns=MIXING_COLUMNS)


def ei_table(graph: nx.Graph) -> pd.DataFrame:
    """The E-I index per actor type and overall (:data:`EI_COLUMNS`)."""
    kinds = nx.get_node_attributes(graph, "type")
    rows = []
    for group in (*ACTOR_TYPES, "all"):
        internal = external = 0
        for u, v in graph.edges():
            same = kinds[u] == kinds[v]
            if group == "all":
                internal, external = internal + same, external + (not same)
            elif group in (kinds[u], kinds[v]):
                internal, external = internal + same, external + (not same)
        total = internal + external
        rows.append({"group": group, "internal": internal, "external": external,
                     "ei_index": (external - internal) / total if total else float("nan")})
    return pd.DataFrame(rows, columns=EI_COLUMNS)


def bridging_table(graph: nx.Graph) -> pd.DataFrame:
    """Per actor: partners, partners of another type and their share
    (:data:`BRIDGING_COLUMNS`), sorted by actor_id."""
    rows = []
    for node, data in sorted(graph.nodes(data=True)):
        partners = list(graph[node])
        other = sum(graph.nodes[p]["type"] != data["type"] for p in partners)
        rows.append({"actor_id": node, "name": data["name"], "type": data["type"],
                     "partners": len(partners), "other_type_partners": other,
                     "other_type_share": other / len(partners) if partners else float("nan")})
    return pd.DataFrame(rows, columns=BRIDGING_COLUMNS)
