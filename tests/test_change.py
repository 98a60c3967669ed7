"""Change between waves and the tie-rule robustness table, worked out by hand."""

import networkx as nx
import pandas as pd
import pytest

from localnet_helpers.measures import change


def graph(edges, nodes):
    g = nx.Graph()
    for node in nodes:
        g.add_node(node, name=node.upper(), type="citizen")
    for u, v, depth in edges:
        g.add_edge(u, v, depth=depth, surfaces=1, reports=1)
    return g


# Year 1: a, b, c, d with a-b (depth 2), b-c (3), c-d (1).
# Year 2: d left, e entered; a-b deeper (4), b-c the same (3), a-c new, c-e new.
# Compared relations are those among a, b, c (present both years): before {a-b, b-c}
# (c-d involves d), after {a-b, b-c, a-c} (c-e involves e): kept 2, new 1, lost 0, jaccard 2/3.
Y1 = graph([("a", "b", 2), ("b", "c", 3), ("c", "d", 1)], "abcd")
Y2 = graph([("a", "b", 4), ("b", "c", 3), ("a", "c", 2), ("c", "e", 1)], "abce")


def test_network_change_by_hand():
    assert change.network_change(Y1, Y2, {"a", "b", "c"}) == {
        "kept": 2, "new": 1, "lost": 0, "jaccard": pytest.approx(2 / 3), "entered": 1,
        "left": 1, "deeper": 1, "same_depth": 1, "shallower": 0}


def test_change_table_area_and_hub():
    table = change.change_table({2020: Y1, 2021: Y2}, hub="a")
    assert list(table.columns) == change.CHANGE_COLUMNS
    area, hub = table.to_dict("records")
    assert (area["network"], area["kept"], area["new"], area["lost"]) == ("area", 2, 1, 0)
    # hub network of a: year 1 {a, b} with a-b; year 2 {a, b, c} with a-b, a-c, b-c
    assert (hub["kept"], hub["new"], hub["lost"], hub["entered"], hub["left"]) == (1, 2, 0, 1, 0)


def test_change_actors():
    table = change.change_actors({2020: Y1, 2021: Y2}).set_index("actor_id")
    assert table.loc["c", ["relations_2020", "relations_2021", "change"]].tolist() == [2, 3, 1]
    assert pd.isna(table.loc["d", "relations_2021"]) and table.loc["d", "change"] == 0
    assert pd.isna(table.loc["e", "relations_2020"]) and table.loc["e", "change"] == 0


def test_robustness_union_vs_reciprocated(toy_study):
    from localnet_helpers.inputs import register, survey
    from localnet_helpers.inputs.study import load_study

    study = load_study(toy_study)
    actors = register.load_register(study.register_path)
    cleaned = survey.clean_survey(survey.read_survey(study.surveys[2020]), actors, 2020)
    table = change.robustness_rows(register.actors_in_year(actors, 2020), cleaned.surfaces,
                                   set(cleaned.respondents["actor_id"]), "A", 2020)
    # union: 4 relations, A reaches B and C of 4 others; reciprocated: A-B and C-D only
    assert table.values.tolist() == [[2020, "union", 4, 1.6, 2, 0.5],
                                     [2020, "reciprocated", 2, 0.8, 1, 0.25]]


def test_hub_not_present_in_the_first_year():
    # the hub h opened in the second year, with a relation to a
    before = graph([("a", "b", 2)], "ab")
    after = graph([("a", "b", 2), ("a", "h", 3)], "abh")
    rows = change.change_table({2018: before, 2019: after}, hub="h").to_dict("records")
    hub = rows[1]
    assert (hub["network"], hub["kept"], hub["new"], hub["lost"], hub["entered"],
            hub["left"]) == ("hub", 0, 0, 0, 2, 0)


def test_robustness_without_the_hub_or_relations():
    actors = pd.DataFrame({"actor_id": ["a", "b"], "name": ["A", "B"],
                           "type": ["citizen", "volunteer"]})
    surfaces = pd.DataFrame({"respondent": ["a"], "partner": ["b"], "form": [1]})
    table = change.robustness_rows(actors, surfaces, {"a", "b"}, "h", 2018)
    assert table.values.tolist() == [[2018, "union", 1, 1.0, 0, 0.0],
                                     [2018, "reciprocated", 0, 0.0, 0, 0.0]]
    alone = change.robustness_rows(actors.head(1), surfaces.head(0), {"a"}, "a", 2021)
    assert alone.values.tolist() == [[2021, "union", 0, 0.0, 0, 0.0],
                                     [2021, "reciprocated", 0, 0.0, 0, 0.0]]


def test_change_over_one_year_is_empty():
    assert list(change.change_table({2021: graph([], "a")}, hub="a").columns) == \
        change.CHANGE_COLUMNS
