"""Relations, the whole-area and hub networks of one year, and their statistics.

Definitions (also in ``docs/metrics.md``):

relation
    An undirected pair of distinct actors present that year. Under the ``union`` tie rule
    (default) a pair is a relation if at least one of the two reported a contact with the
    other; under ``reciprocated`` only if both did -- except when one of the two did not
    answer the survey: it could not confirm, so the other's report is kept.
surfaces of a relation
    The larger of the two sides' numbers of reported contact surfaces (a side that did not
    report the relation counts 0).
depth of a relation
    The deepest collaboration form (1-5) reported on any surface by either side.
reports of a relation
    How many of the two sides reported it: 1 or 2.
actors in a year
    Every register actor present that year, with relations or not (isolates count).
mean relations per actor
    2 x relations / actors: each relation counts for both its ends.
hub network
    The hub, every actor with a relation to it, and all relations among these actors
    (the radius-1 ego network, hub included). Empty (no actors, no relations) in a year the
    hub is not present, e.g. a baseline measured before the centre opened.
density
    2m / (n(n-1)): the share of all possible relations that exist (0 for n < 2).
components, isolates
    Connected components (an isolate is a component of its own); actors without relations.
degree centralization
    Freeman's: sum over actors of (max degree - degree) / ((n-1)(n-2)); 1 for a star, 0 when
    all actors have the same number of relations (0 for n < 3).
mean surfaces, deep share
    Mean ``surfaces`` per relation; share of relations with depth >= 4 (joint work or
    co-creation). Both 0 for a network without relations.
degree centrality
    relations / (n-1).
betweenness
    Normalised shortest-path betweenness (networkx convention): the share of shortest paths
    between pairs of other actors that pass through the actor, summed over the pairs and
    divided by (n-1)(n-2)/2. Computed by :func:`betweenness_centrality`, Brandes' algorithm in
    sparse-matrix form.
eigenvector
    The principal eigenvector of the adjacency matrix, scaled so that its largest entry is 1:
    an actor is central when its partners are central. When the largest eigenvalue is shared
    by several components, the eigenvector is the projection of the all-ones vector on that
    eigenspace (what power iteration from equal scores converges to). 0 for isolates.
rank
    Position by relations, 1 = most; tied actors share the best rank (1, 2, 2, 4).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..inputs.forms import DEEP_FROM

__all__ = [
    "RELATION_COLUMNS",
    "SUMMARY_COLUMNS",
    "CENTRALITY_COLUMNS",
    "relations_from_surfaces",
    "build_graph",
    "hub_network",
    "mean_relations",
    "density",
    "degree_centralization",
    "eigenvector_centrality",
    "betweenness_centrality",
    "network_measures",
    "network_summary",
    "centrality_table",
]

RELATION_COLUMNS = ["source", "target", "surfaces", "depth", "reports"]
SUMMARY_COLUMNS = ["year", "network", "actors", "relations", "mean_relations", "density",
                   "components", "isolates", "degree_centralization", "mean_surfaces",
                   "deep_share"]
CENTRALITY_COLUMNS = ["actor_id", "name", "type", "relations", "rank", "degree_centrality",
                      "betweenness", "eigenvector"]


def relations_from_surfaces(surfaces: pd.DataFrame, tie_rule: str = "union",
                            respondents: set[str] | None = None) -> pd.DataFrame:
    """Aggregate contact surfaces into undirected relations.

    Parameters
    ----------
    surfaces : DataFrame
        One row per reported surface with ``respondent``, ``partner`` (actor_ids, distinct)
        and ``form`` (1-5), as written by the cleaning step.
    tie_rule : {"union", "reciprocated"}
        ``union`` keeps a pair that either side reported, ``reciprocated`` only pairs that
        both sides reported, and pairs with an actor not in ``respondents``.
    respondents : set of actor_ids, optional
        The actors that answered. Without it every actor counts as having answered.

    Returns
    -------
    DataFrame
        :data:`RELATION_COLUMNS`, one row per relation, ``source`` < ``target``, sorted.

    Examples
    --------
    A reports B on two surfaces (forms 1 and 4), B reports A once (form 2):

    >>> s = pd.DataFrame({"respondent": ["A", "A", "B"], "partner": ["B", "B", "A"],
    ...                   "form": [1, 4, 2]})
    >>> relations_from_surfaces(s).to_dict("records")
    [{'source': 'A', 'target': 'B', 'surfaces': 2, 'depth': 4, 'reports': 2}]
    """
    if tie_rule not in ("union", "reciprocated"):
        raise ValueError(f"unknown tie_rule {tie_rule!r}")
    if surfaces.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("source", "target") else int)
                             for c in RELATION_COLUMNS})
    sides = (
        surfaces.groupby(["respondent", "partner"], sort=True)
        .agg(surfaces=("form", "size"), depth=("form", "max"))
        .reset_index()
    )
    swap = sides["respondent"] > sides["partner"]
    sides["source"] = sides["respondent"].where(~swap, sides["partner"])
    sides["target"] = sides["partner"].where(~swap, sides["respondent"])
    relations = (
        sides.groupby(["source", "target"], sort=True)
        .agg(surfaces=("surfaces", "max"), depth=("depth", "max"), reports=("depth", "size"))
        .reset_index()
    )
    if tie_rule == "reciprocated":
        answered = set(sides["respondent"]) if respondents is None else set(respondents)
        both_answered = relations["source"].isin(answered) & relations["target"].isin(answered)
        relations = relations[(relations["reports"] == 2) | ~both_answered]
    return relations[RELATION_COLUMNS].astype(
        {"surfaces": int, "depth": int, "reports": int}).reset_index(drop=True)


def build_graph(actors: pd.DataFrame, relations: pd.DataFrame) -> nx.Graph:
    """Return the year's network: every actor present as a node, every relation as an edge.

    Nodes carry ``name`` and ``type``; edges carry ``surfaces``, ``depth`` and ``reports``
    (those of them ``relations`` has: a table of pairs gives edges without attributes).
    Nodes and edges are inserted in sorted order so that results are deterministic.
    """
    graph = nx.Graph()
    for rec in actors.sort_values("actor_id").to_dict("records"):
        graph.add_node(rec["actor_id"], name=rec["name"], type=rec["type"])
    unknown = (set(relations["source"]) | set(relations["target"])) - set(graph)
    if unknown:
        raise ValueError(f"relations name actors not present: {sorted(unknown)}")
    kept = [c for c in ("surfaces", "depth", "reports") if c in relations.columns]
    for rec in relations.sort_values(["source", "target"]).to_dict("records"):
        graph.add_edge(rec["source"], rec["target"], **{c: int(rec[c]) for c in kept})
    return graph


def hub_network(graph: nx.Graph, hub: str) -> nx.Graph:
    """Return the hub's ego network: the hub, its partners and all relations among them;
    an empty network when the hub is not present that year.

    >>> sorted(hub_network(nx.path_graph(4), 1)), hub_network(nx.path_graph(4), 9).order()
    ([0, 1, 2], 0)
    """
    if hub not in graph:
        return graph.__class__()
    return nx.ego_graph(graph, hub, radius=1)


def mean_relations(graph: nx.Graph) -> float:
    """Return 2 x relations / actors (0.0 for a network without actors).

    >>> mean_relations(nx.path_graph(3))
    1.3333333333333333
    """
    n = graph.number_of_nodes()
    return 2 * graph.number_of_edges() / n if n else 0.0


def density(graph: nx.Graph) -> float:
    """Return 2m / (n(n-1)), 0.0 for fewer than two actors: :func:`networkx.density` (the
    same definition; as a float also when it is 0).

    >>> density(nx.complete_graph(4)), density(nx.path_graph(4)), density(nx.empty_graph(1))
    (1.0, 0.5, 0.0)
    """
    return float(nx.density(graph))


def degree_centralization(graph: nx.Graph) -> float:
    """Return Freeman's degree centralization: sum(max - d_i) / ((n-1)(n-2)).

    >>> degree_centralization(nx.star_graph(4)), degree_centralization(nx.cycle_graph(5))
    (1.0, 0.0)
    """
    n = graph.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in graph.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def eigenvector_centrality(graph: nx.Graph, tol: float = 1e-9) -> dict[str, float]:
    """Return eigenvector centrality scaled to a maximum of 1 (see the module definitions).

    >>> {k: round(v, 6) for k, v in eigenvector_centrality(nx.path_graph(3)).items()}
    {0: 0.707107, 1: 1.0, 2: 0.707107}
    """
    nodes = list(graph)
    if graph.number_of_edges() == 0:
        return {node: 0.0 for node in nodes}
    scores = _leading_sparse(graph, nodes, tol) if len(nodes) > 300 else None
    if scores is None:
        adjacency = nx.to_numpy_array(graph, nodelist=nodes, weight=None)
        values, vectors = np.linalg.eigh(adjacency)
        leading = vectors[:, values >= values[-1] - tol * max(1.0, abs(values[-1]))]
        scores = leading @ (leading.T @ np.ones(len(nodes)))
    scores = np.abs(scores) / np.abs(scores).max()
    scores[scores < tol] = 0.0
    return dict(zip(nodes, scores.tolist()))


def _leading_sparse(graph: nx.Graph, nodes: list, tol: float) -> np.ndarray | None:
    """The leading eigenvector by sparse Lanczos iteration, or None when the largest
    eigenvalue is (nearly) shared and the dense projection is needed."""
    from scipy.sparse.linalg import eigsh

    adjacency = sp.csr_array(nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None,
                                                      format="csr"), dtype=float)
    start = np.ones(len(nodes))
    values, vectors = eigsh(adjacency, k=2, which="LA", v0=start, tol=0)
    order = np.argsort(values)
    if values[order[1]] - values[order[0]] < 1e-6 * max(1.0, abs(values[order[1]])):
        return None
    return vectors[:, order[1]]


def betweenness_centrality(graph: nx.Graph, batch: int = 64) -> dict[str, float]:
    """Normalised shortest-path betweenness of every actor (see the module definitions).

    Brandes' algorithm for unweighted graphs, run for ``batch`` sources at a time as sparse
    matrix products: a breadth-first search counts the shortest paths ``sigma`` level by level,
    then dependencies flow back from the farthest level, delta_v = sum over successors w of
    sigma_v / sigma_w * (1 + delta_w). Each pair is counted from both ends, so the sum is
    divided by (n-1)(n-2) (networkx's normalisation for undirected graphs).

    Each product uses only the adjacency columns of the actors on the current level of some
    source of the batch, and the sources are taken in reverse Cuthill-McKee order, so that a
    batch holds actors close to each other whose levels overlap: on a dense network (WormNet
    v3, 2,445 genes, 78,736 links) this does about a third of the work of full products.

    >>> {k: round(v, 6) for k, v in betweenness_centrality(nx.path_graph(4)).items()}
    {0: 0.0, 1: 0.666667, 2: 0.666667, 3: 0.0}
    """
    from scipy.sparse.csgraph import reverse_cuthill_mckee

    nodes = list(graph)
    n = len(nodes)
    if n < 3 or graph.number_of_edges() == 0:
        return {node: 0.0 for node in nodes}
    adjacency = sp.csc_array(nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None,
                                                      format="csc"), dtype=float)
    order = reverse_cuthill_mckee(sp.csr_matrix(adjacency), symmetric_mode=True)
    total = np.zeros(n)
    for start in range(0, n, batch):
        sources = order[start:start + batch]
        columns = np.arange(len(sources))
        sigma = np.zeros((n, len(sources)))  # one column per source
        sigma[sources, columns] = 1.0
        dist = np.full((n, len(sources)), -1, dtype=np.int32)
        dist[sources, columns] = 0
        frontier, active, levels = sigma.copy(), np.sort(sources), []
        while True:
            reached = adjacency[:, active] @ frontier[active]
            reached[dist >= 0] = 0.0
            hit = reached > 0
            rows = np.flatnonzero(hit.any(axis=1))
            if not len(rows):
                break
            levels.append(rows)
            dist[hit] = len(levels)
            sigma += reached
            frontier, active = reached, rows
        delta = np.zeros_like(sigma)
        for depth in range(len(levels), 0, -1):
            rows = levels[depth - 1]
            at_depth = dist[rows] == depth
            coeff = np.where(at_depth, (1.0 + delta[rows]) / np.where(at_depth, sigma[rows], 1.0),
                             0.0)
            back = adjacency[:, rows] @ coeff
            delta += np.where(dist == depth - 1, sigma * back, 0.0)
        delta[sources, columns] = 0.0
        total += delta.sum(axis=1)
    return dict(zip(nodes, (total / ((n - 1) * (n - 2))).tolist()))


def network_measures(graph: nx.Graph) -> dict[str, float | int]:
    """Every whole-network measure of :data:`SUMMARY_COLUMNS` (without year and network)."""
    edges = graph.number_of_edges()
    surfaces = [d["surfaces"] for _, _, d in graph.edges(data=True) if "surfaces" in d]
    depths = [d["depth"] for _, _, d in graph.edges(data=True) if "depth" in d]
    return {
        "actors": graph.number_of_nodes(),
        "relations": edges,
        "mean_relations": mean_relations(graph),
        "density": density(graph),
        "components": nx.number_connected_components(graph),
        "isolates": nx.number_of_isolates(graph),
        "degree_centralization": degree_centralization(graph),
        "mean_surfaces": sum(surfaces) / len(surfaces) if surfaces else 0.0,
        "deep_share": sum(d >= DEEP_FROM for d in depths) / len(depths) if depths else 0.0,
    }


def network_summary(graph: nx.Graph, hub: str, year: int) -> pd.DataFrame:
    """Return Figures 6 and 7 and more for one year: rows ``area`` and ``hub`` of
    :data:`SUMMARY_COLUMNS`."""
    rows = [{"year": int(year), "network": network, **network_measures(g)}
            for network, g in (("area", graph), ("hub", hub_network(graph, hub)))]
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def centrality_table(graph: nx.Graph) -> pd.DataFrame:
    """Return one row per actor (isolates included) with the measures of
    :data:`CENTRALITY_COLUMNS`, sorted by relations descending, then actor_id."""
    n = graph.number_of_nodes()
    betweenness = betweenness_centrality(graph)
    eigenvector = eigenvector_centrality(graph)
    rows = [
        {"actor_id": node, "name": data["name"], "type": data["type"],
         "relations": graph.degree(node),
         "degree_centrality": graph.degree(node) / (n - 1) if n > 1 else 0.0,
         "betweenness": betweenness[node], "eigenvector": eigenvector[node]}
        for node, data in graph.nodes(data=True)
    ]
    table = pd.DataFrame(rows, columns=CENTRALITY_COLUMNS)
    table["rank"] = table["relations"].rank(method="min", ascending=False).astype(int)
    return table.sort_values(["relations", "actor_id"], ascending=[False, True],
                             ignore_index=True)
