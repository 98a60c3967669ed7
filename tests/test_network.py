"""Relations, networks and their statistics on hand-worked fixtures (see conftest.py)."""

import networkx as nx
import pandas as pd
import pytest

from localnet_helpers import network, register, survey
from localnet_helpers.study import load_study


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
    assert summary.to_dict("records") == [
        {"year": 2020, "network": "area", "actors": 5, "relations": 4, "mean_relations": 1.6},
        {"year": 2020, "network": "hub", "actors": 3, "relations": 2,
         "mean_relations": pytest.approx(4 / 3)},
    ]


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
    assert list(table["betweenness"]) == pytest.approx([1 / 12] * 4 + [0.0])


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
