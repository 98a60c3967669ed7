"""Every structural measure checked against an independent implementation: igraph.

Graphs: seeded random graphs (connected and not, with isolates) and real networks shipped with
networkx: Zachary's karate club, Padgett's Florentine families, and Davis' southern women
projected onto the women. Agreement is required to 1e-9.

python-igraph has no degree centralization; for it the oracle supplies the degrees and the
test applies Freeman's formula (the formula is checked by hand on the star, path and cycle in
test_network.py). Eigenvector centrality is compared on connected graphs, where it is unique.
"""

import igraph as ig
import networkx as nx
import pytest

from localnet_helpers.measures import network

TOL = 1e-9


def real_networks():
    davis = nx.davis_southern_women_graph()
    women = [n for n, d in davis.nodes(data=True) if d["bipartite"] == 0]
    return {
        "karate": nx.karate_club_graph(),
        "florentine": nx.florentine_families_graph(),
        "davis_women": nx.bipartite.projected_graph(davis, women),
    }


def random_networks():
    graphs = {}
    for seed, (n, m) in enumerate([(10, 12), (30, 60), (50, 268), (80, 150), (120, 900),
                                   (400, 2400)]):
        graphs[f"gnm_{n}_{m}"] = nx.gnm_random_graph(n, m, seed=seed)
    graphs["with_isolates"] = nx.gnm_random_graph(40, 30, seed=7)
    graphs["powerlaw"] = nx.powerlaw_cluster_graph(150, 3, 0.3, seed=3)
    # several batches of sources (betweenness takes 64 at a time, in reverse Cuthill-McKee
    # order) over components of different depths, isolates included
    parts = [nx.path_graph(90), nx.gnm_random_graph(120, 700, seed=11),
             nx.barabasi_albert_graph(60, 2, seed=5), nx.empty_graph(7)]
    graphs["components_batches"] = nx.disjoint_union_all(parts)
    return graphs


GRAPHS = {**real_networks(), **random_networks()}


def prepared(graph):
    graph = nx.convert_node_labels_to_integers(graph, ordering="sorted")
    for node in graph:
        graph.nodes[node].update(name=f"actor {node}", type="citizen")
    return graph


def oracle(graph):
    """igraph on the same graph, node i = networkx node i."""
    g = ig.Graph(n=graph.number_of_nodes(), edges=list(graph.edges()))
    n = g.vcount()
    degrees = g.degree()
    top = max(degrees) if degrees else 0
    raw = g.betweenness(directed=False)
    return {
        "density": g.density(loops=False),
        "components": len(g.connected_components()),
        "isolates": sum(d == 0 for d in degrees),
        "degree_centralization": sum(top - d for d in degrees) / ((n - 1) * (n - 2)),
        "mean_relations": 2 * g.ecount() / n,
        "degree_centrality": [d / (n - 1) for d in degrees],
        "betweenness": [b * 2 / ((n - 1) * (n - 2)) for b in raw],
        # the graph is undirected; python-igraph 1.0 refuses directed=False ("invalid mode")
        "eigenvector": g.eigenvector_centrality(scale=True) if g.is_connected() else None,
    }


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_network_measures_match_igraph(name):
    graph = prepared(GRAPHS[name])
    expected = oracle(graph)
    measures = network.network_measures(graph)
    for key in ("density", "degree_centralization", "mean_relations"):
        assert measures[key] == pytest.approx(expected[key], abs=TOL), key
    assert measures["components"] == expected["components"]
    assert measures["isolates"] == expected["isolates"]


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_centrality_matches_igraph(name):
    graph = prepared(GRAPHS[name])
    expected = oracle(graph)
    table = network.centrality_table(graph).set_index("actor_id").sort_index()
    assert table["degree_centrality"].tolist() == pytest.approx(expected["degree_centrality"],
                                                                abs=TOL)
    assert table["betweenness"].tolist() == pytest.approx(expected["betweenness"], abs=TOL)
    if expected["eigenvector"] is not None:
        assert table["eigenvector"].tolist() == pytest.approx(expected["eigenvector"], abs=TOL)


def test_the_test_graphs_cover_what_they_claim():
    connected = {name: nx.is_connected(g) for name, g in GRAPHS.items()}
    assert connected["karate"] and connected["florentine"] and connected["davis_women"]
    assert not connected["with_isolates"]
    assert nx.number_of_isolates(GRAPHS["with_isolates"]) > 0
