"""Relations, networks and their statistics on hand-worked fixtures (see conftest.py)."""

import networkx as nx
import pandas as pd
import pytest

from localnet_helpers.inputs import register, survey
from localnet_helpers.inputs.study import load_study
from localnet_helpers.measures import network


@pytest.fixture
def toy(toy_study):
    study = load_study(toy_study)
    actors = register.load_register(study.register_path)
    surfaces = survey.clean_survey(survey.read_survey(study.surveys[2020]), actors, 2020).surfaces
    return study, register.actors_in_year(actors, 2020), surfaces


def test_union_rule_surfaces_depth_and_reports(toy):
    _, _, surfaces = toy
    relations = network.relations_from_surfaces(surfaces)
    assert relations.to_dict("records") == [
        {"source": "A", "target": "B", "surfaces": 2, "depth": 4, "reports": 2},
        {"source": "A", "target": "C", "surfaces": 1, "depth": 5, "reports": 1},
        {"source": "B", "target": "D", "surfaces": 1, "depth": 2, "reports": 1},
        {"source": "C", "target": "D", "surfaces": 3, "depth": 3, "reports": 2},
    ]
    assert list(relations.columns) == network.RELATION_COLUMNS


def test_reciprocated_rule_keeps_pairs_both_reported(toy):
    _, _, surfaces = toy
    relations = network.relations_from_surfaces(surfaces, tie_rule="reciprocated")
    assert list(zip(relations["source"], relations["target"])) == [("A", "B"), ("C", "D")]


def test_reciprocated_rule_keeps_reports_about_non_respondents(toy):
    # D did not answer: B's report of B-D cannot be confirmed and is kept; C-D (C reported,
    # D "did not answer") too. A-C is dropped: both answered, only A reported it.
    _, _, surfaces = toy
    relations = network.relations_from_surfaces(surfaces, "reciprocated",
                                                respondents={"A", "B", "C", "E"})
    assert list(zip(relations["source"], relations["target"])) == [
        ("A", "B"), ("B", "D"), ("C", "D")]


def test_unknown_tie_rule_is_refused(toy):
    with pytest.raises(ValueError, match="tie_rule"):
        network.relations_from_surfaces(toy[2], tie_rule="mutual")


def test_no_surfaces_gives_no_relations():
    empty = pd.DataFrame(columns=["respondent", "partner", "form"])
    relations = network.relations_from_surfaces(empty)
    assert relations.empty and list(relations.columns) == network.RELATION_COLUMNS


def test_summary_counts_isolates_and_hub_network(toy):
    study, actors, surfaces = toy
    graph = network.build_graph(actors, network.relations_from_surfaces(surfaces))
    summary = network.network_summary(graph, study.hub, 2020)
    assert list(summary.columns) == network.SUMMARY_COLUMNS
    # area: the 4-cycle A-B-D-C-A plus isolate E (n=5, m=4). Density 8/20; degrees 2,2,2,2,0
    # -> centralization (0+0+0+0+2)/(4*3); surfaces 2,1,1,3 -> 7/4; depths 4,5,2,3 -> 2 deep
    # hub: A, B, C with A-B, A-C (n=3, m=2): density 4/6; degrees 2,1,1 -> (0+1+1)/(2*1);
    # surfaces 2,1 -> 1.5; depths 4,5 -> both deep
    assert summary.to_dict("records") == [
        {"year": 2020, "network": "area", "actors": 5, "relations": 4, "mean_relations": 1.6,
         "density": 0.4, "components": 2, "isolates": 1,
         "degree_centralization": pytest.approx(1 / 6), "mean_surfaces": 1.75,
         "deep_share": 0.5},
        {"year": 2020, "network": "hub", "actors": 3, "relations": 2,
         "mean_relations": pytest.approx(4 / 3), "density": pytest.approx(2 / 3),
         "components": 1, "isolates": 0, "degree_centralization": 1.0, "mean_surfaces": 1.5,
         "deep_share": 1.0},
    ]


def named(graph):
    for node in graph:
        graph.nodes[node].update(name=str(node), type="citizen")
    return graph


def test_star_by_hand():
    # centre 0 and leaves 1-4: the centre lies on all 6 leaf pairs (normalised 6/6); the
    # principal eigenvector is (2, 1, 1, 1, 1) for eigenvalue 2
    graph = named(nx.star_graph(4))
    measures = network.network_measures(graph)
    assert (measures["density"], measures["degree_centralization"]) == (0.4, 1.0)
    table = network.centrality_table(graph).set_index("actor_id")
    assert table.loc[0, ["relations", "rank", "degree_centrality", "betweenness"]].tolist() \
        == [4, 1, 1.0, 1.0]
    assert table.loc[1, ["rank", "degree_centrality", "betweenness"]].tolist() == [2, 0.25, 0]
    assert table["eigenvector"].tolist() == pytest.approx([1.0, 0.5, 0.5, 0.5, 0.5])


def test_path_by_hand():
    # a-b-c-d: b and c lie on 2 of the 3 pairs of other actors; eigenvector (1, phi, phi, 1)
    graph = named(nx.path_graph(["a", "b", "c", "d"]))
    measures = network.network_measures(graph)
    assert measures["density"] == 0.5
    assert measures["degree_centralization"] == pytest.approx(2 / 6)
    table = network.centrality_table(graph).set_index("actor_id").sort_index()
    phi = (1 + 5 ** 0.5) / 2
    assert table["rank"].tolist() == [3, 1, 1, 3]
    assert table["betweenness"].tolist() == pytest.approx([0, 2 / 3, 2 / 3, 0])
    assert table["eigenvector"].tolist() == pytest.approx([1 / phi, 1, 1, 1 / phi])


def test_two_disconnected_triangles_by_hand():
    graph = named(nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3)))
    measures = network.network_measures(graph)
    assert (measures["components"], measures["isolates"], measures["density"],
            measures["degree_centralization"], measures["mean_relations"]) == (2, 0, 0.4, 0.0,
                                                                              2.0)
    table = network.centrality_table(graph)
    assert table["betweenness"].tolist() == [0.0] * 6
    assert table["eigenvector"].tolist() == pytest.approx([1.0] * 6)  # both triangles alike
    assert table["rank"].tolist() == [1] * 6


def test_isolate_has_zero_eigenvector_and_empty_network_measures():
    graph = named(nx.star_graph(2))
    graph.add_node("x", name="x", type="citizen")
    assert network.eigenvector_centrality(graph)["x"] == 0.0
    empty = named(nx.empty_graph(3))
    measures = network.network_measures(empty)
    assert (measures["components"], measures["isolates"], measures["mean_surfaces"],
            measures["deep_share"]) == (3, 3, 0.0, 0.0)
    assert network.centrality_table(empty)["eigenvector"].tolist() == [0.0] * 3


def test_hub_network_includes_relations_among_partners():
    # Hub H with partners P, Q related to each other; R is related to P only.
    graph = nx.Graph([("H", "P"), ("H", "Q"), ("P", "Q"), ("P", "R")])
    ego = network.hub_network(graph, "H")
    assert sorted(ego) == ["H", "P", "Q"]
    assert sorted(map(sorted, ego.edges)) == [["H", "P"], ["H", "Q"], ["P", "Q"]]


def test_centrality_rows_for_every_actor_sorted(toy):
    _, actors, surfaces = toy
    graph = network.build_graph(actors, network.relations_from_surfaces(surfaces))
    table = network.centrality_table(graph)
    assert list(table.columns) == network.CENTRALITY_COLUMNS
    assert list(table["actor_id"]) == ["A", "B", "C", "D", "E"]  # ties broken by actor_id
    assert list(table["relations"]) == [2, 2, 2, 2, 0]
    assert list(table["rank"]) == [1, 1, 1, 1, 5]
    assert list(table["betweenness"]) == pytest.approx([1 / 12] * 4 + [0.0])
    assert list(table["eigenvector"]) == pytest.approx([1.0] * 4 + [0.0])


def test_centrality_sorted_by_relations_then_id():
    graph = nx.Graph()
    for node in "abcd":
        graph.add_node(node, name=node.upper(), type="citizen")
    graph.add_edges_from([("d", "a"), ("d", "b"), ("d", "c"), ("b", "c")])
    table = network.centrality_table(graph)
    assert list(table["actor_id"]) == ["d", "b", "c", "a"]
    # star-like: d lies on the path a-b and a-c: raw 2 of 3 pairs; normalised by 3 -> 2/3
    assert table.set_index("actor_id")["betweenness"]["d"] == pytest.approx(2 / 3)


def test_mean_relations_definition():
    assert network.mean_relations(nx.complete_graph(4)) == 3.0
    assert network.mean_relations(nx.empty_graph(0)) == 0.0


def test_build_graph_refuses_relation_to_absent_actor(toy):
    _, actors, _ = toy
    relations = pd.DataFrame([{"source": "A", "target": "F", "surfaces": 1, "depth": 1,
                               "reports": 1}])
    with pytest.raises(ValueError, match="F"):
        network.build_graph(actors, relations)


def edge_actors(ids):
    """A register of the given actor_ids, all citizen associations."""
    return pd.DataFrame({"actor_id": list(ids), "name": [i.upper() for i in ids],
                         "type": ["citizen"] * len(ids)})


def test_hub_not_present_gives_an_empty_hub_network():
    # a baseline measured before the centre opened: the hub H is not among the actors
    graph = network.build_graph(edge_actors(["a", "b", "c"]), pd.DataFrame(
        {"source": ["a"], "target": ["b"], "surfaces": [1], "depth": [2], "reports": [2]}))
    assert network.hub_network(graph, "H").number_of_nodes() == 0
    summary = network.network_summary(graph, "H", 2018).set_index("network")
    assert summary.loc["area", ["actors", "relations"]].tolist() == [3, 1]
    assert summary.loc["hub", ["actors", "relations", "mean_relations", "density", "components",
                               "isolates", "degree_centralization", "mean_surfaces",
                               "deep_share"]].tolist() == [0, 0, 0.0, 0.0, 0, 0, 0.0, 0.0, 0.0]


def test_wave_without_relations_and_one_actor_study():
    empty = pd.DataFrame(columns=["respondent", "partner", "form"])
    relations = network.relations_from_surfaces(empty, "reciprocated", {"a"})
    assert list(relations.columns) == network.RELATION_COLUMNS and relations.empty
    for ids in (["a", "b", "c"], ["a"]):
        graph = network.build_graph(edge_actors(ids), relations)
        summary = network.network_summary(graph, "a", 2020)
        assert summary[["network", "actors", "relations", "isolates"]].values.tolist() == [
            ["area", len(ids), 0, len(ids)], ["hub", 1, 0, 1]]
        table = network.centrality_table(graph)
        assert table["relations"].tolist() == [0] * len(ids)
        assert table["rank"].tolist() == [1] * len(ids)


def test_only_unreciprocated_reports_give_no_relations():
    # both answered, each named someone who did not name them back
    surfaces = pd.DataFrame({"respondent": ["a", "b"], "partner": ["b", "c"], "form": [1, 2]})
    relations = network.relations_from_surfaces(surfaces, "reciprocated", {"a", "b", "c"})
    assert relations.empty and list(relations.columns) == network.RELATION_COLUMNS


def test_density_is_networkx_density_bit_for_bit():
    import random

    rng = random.Random(3)
    for n in range(0, 60, 7):
        graph = nx.gnm_random_graph(n, rng.randint(0, n * (n - 1) // 2) if n > 1 else 0, seed=n)
        m = graph.number_of_edges()
        expected = 2 * m / (n * (n - 1)) if n > 1 else 0.0
        assert network.density(graph) == expected and isinstance(network.density(graph), float)
