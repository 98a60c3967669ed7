"""Reach, depth, mixing, E-I index, bridging and purposes on hand-worked fixtures.

The toy study (conftest.py): A professional (hub), B volunteer, C citizen, D professional,
E citizen; relations A-B (depth 4), A-C (5), B-D (2), C-D (3); E is an isolate.
"""

import math

import networkx as nx
import pytest

from localnet_helpers.inputs import register, survey
from localnet_helpers.inputs.study import load_study
from localnet_helpers.measures import composition, network


@pytest.fixture
def toy(toy_study):
    study = load_study(toy_study)
    actors = register.load_register(study.register_path)
    cleaned = survey.clean_survey(survey.read_survey(study.surveys[2020]), actors, 2020)
    relations = network.relations_from_surfaces(cleaned.surfaces)
    graph = network.build_graph(register.actors_in_year(actors, 2020), relations)
    return graph, composition.defining_surfaces(cleaned.surfaces, relations)


def test_hub_reach(toy):
    graph, _ = toy
    # others than the hub: D professional, B volunteer, C and E citizens; A reaches B and C
    assert composition.hub_reach(graph, "A").values.tolist() == [
        ["professional", 1, 0, 0.0], ["volunteer", 1, 1, 1.0], ["citizen", 2, 1, 0.5],
        ["all", 4, 2, 0.5]]


def test_defining_surfaces_add_up_to_relation_surfaces(toy):
    graph, chosen = toy
    # A-B: A's 2 rows (B reported 1); A-C: A's; B-D: B's; C-D: D's 3 rows (C reported 1)
    assert sorted(zip(chosen["source"], chosen["target"], chosen["respondent"])) == [
        ("A", "B", "A"), ("A", "B", "A"), ("A", "C", "A"), ("B", "D", "B"), ("C", "D", "D"),
        ("C", "D", "D"), ("C", "D", "D")]
    assert len(chosen) == sum(d["surfaces"] for _, _, d in graph.edges(data=True))


def counts(table, scope, unit):
    part = table[(table["scope"] == scope) & (table["unit"] == unit)]
    return part["count"].tolist()


def test_depth_by_scope(toy):
    graph, chosen = toy
    table = composition.depth_table(graph, "A", chosen)
    assert counts(table, "area", "relations") == [0, 1, 1, 1, 1]
    assert counts(table, "hub_network", "relations") == [0, 0, 0, 1, 1]
    assert counts(table, "hub_relations", "relations") == [0, 0, 0, 1, 1]
    assert counts(table, "other_relations", "relations") == [0, 1, 1, 0, 0]
    # surfaces: A-B forms 1, 4; A-C 5; B-D 2; C-D 1, 1, 3
    assert counts(table, "area", "surfaces") == [3, 1, 1, 1, 1]
    assert counts(table, "hub_relations", "surfaces") == [1, 0, 0, 1, 1]
    shares = table[(table["scope"] == "area") & (table["unit"] == "relations")]["share"]
    assert shares.tolist() == [0, 0.25, 0.25, 0.25, 0.25]


def test_purposes_and_target_groups(toy):
    graph, chosen = toy
    purposes = composition.surfaces_by(chosen, graph, "A", "purpose")
    assert purposes[["network", "purpose", "surfaces"]].values.tolist() == [
        ["area", "Uddannelse", 3], ["area", "Fællesskab", 2], ["area", "Sundhed", 2],
        ["hub", "Sundhed", 2], ["hub", "Fællesskab", 1]]
    groups = composition.surfaces_by(chosen, graph, "A", "target_group")
    assert groups[groups["network"] == "hub"]["share"].sum() == pytest.approx(1.0)


def test_mixing(toy):
    graph, _ = toy
    table = composition.mixing_table(graph).set_index(["type_a", "type_b"])
    # sizes: professional 2, volunteer 1, citizen 2
    assert table.loc[("professional", "volunteer")].tolist() == [2, 2, 1.0]
    assert table.loc[("professional", "citizen")].tolist() == [2, 4, 0.5]
    assert table.loc[("professional", "professional")].tolist() == [0, 1, 0.0]
    assert table.loc[("volunteer", "volunteer")].tolist() == [0, 0, 0.0]
    assert table["relations"].sum() == 4


def test_ei_index_by_hand():
    graph = nx.Graph()
    for node, kind in (("a1", "citizen"), ("a2", "citizen"), ("b1", "professional"),
                       ("v1", "volunteer")):
        graph.add_node(node, name=node, type=kind)
    graph.add_edges_from([("a1", "a2"), ("a1", "b1")])  # one internal, one external
    table = composition.ei_table(graph).set_index("group")
    assert table.loc["citizen"].tolist() == [1, 1, 0.0]
    assert table.loc["professional"].tolist() == [0, 1, 1.0]
    assert table.loc["all"].tolist() == [1, 1, 0.0]
    assert math.isnan(table.loc["volunteer", "ei_index"])  # no relations: undefined


def test_bridging(toy):
    graph, _ = toy
    table = composition.bridging_table(graph).set_index("actor_id")
    assert table.loc["A", ["partners", "other_type_partners", "other_type_share"]].tolist() \
        == [2, 2, 1.0]
    assert math.isnan(table.loc["E", "other_type_share"])


SURFACE_COLUMNS = ["respondent", "partner", "form", "purpose", "target_group", "description",
                   "line"]


def bare_graph(nodes):
    g = nx.Graph()
    for node, kind in nodes:
        g.add_node(node, name=node.upper(), type=kind)
    return g


@pytest.mark.parametrize("rows", [[], [["a", "b", 2, "Sport", "Børn", "x", 2]]],
                         ids=["nobody-reported", "only-unreciprocated"])
def test_wave_without_relations_keeps_every_column(rows):
    import pandas as pd

    surfaces = pd.DataFrame(rows, columns=SURFACE_COLUMNS)
    relations = network.relations_from_surfaces(surfaces, "reciprocated", {"a", "b"})
    graph = bare_graph([("a", "professional"), ("b", "citizen")])
    chosen = composition.defining_surfaces(surfaces, relations)
    assert chosen.empty and {"source", "target", "form", "purpose"} <= set(chosen.columns)
    for column in ("purpose", "target_group"):
        table = composition.surfaces_by(chosen, graph, "a", column)
        assert list(table.columns) == ["network", column, "surfaces", "share"] and table.empty
    depth = composition.depth_table(graph, "a", chosen)
    assert list(depth.columns) == composition.DEPTH_COLUMNS
    assert len(depth) == 4 * 2 * 5 and depth["count"].sum() == 0 and depth["share"].sum() == 0


def test_hub_not_present(toy):
    graph, chosen = toy
    absent = graph.subgraph(n for n in graph if n != "A").copy()
    others = chosen[(chosen["source"] != "A") & (chosen["target"] != "A")]
    assert composition.hub_reach(absent, "A").values.tolist() == [
        ["professional", 1, 0, 0.0], ["volunteer", 1, 0, 0.0], ["citizen", 2, 0, 0.0],
        ["all", 4, 0, 0.0]]
    scopes = composition.scope_pairs(absent, "A")
    assert scopes["hub_network"] == scopes["hub_relations"] == set()
    assert scopes["other_relations"] == scopes["area"] == {("B", "D"), ("C", "D")}
    depth = composition.depth_table(absent, "A", others).set_index(["scope", "unit", "depth"])
    assert depth.loc[("hub_network", "relations"), "count"].sum() == 0
    assert depth.loc[("other_relations", "surfaces"), "count"].sum() == 4
    purposes = composition.surfaces_by(others, absent, "A", "purpose")
    assert set(purposes["network"]) == {"area"}
