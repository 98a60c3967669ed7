"""The panel, the node bootstrap and QAP (localnet_helpers.measures.panel), and the
non-respondents (localnet_helpers.measures.response).

Hand-worked panel (WAVES below):

- 2019: A, B, C, D, E, F present; A-D and E answered. Relations A-B, A-C, B-C, C-D, A-E.
- 2020: A, B, C, D, E present (F left); A-D answered, E did not.
- The panel = present and answered in both = A, B, C, D (E did not answer 2020, F left).
- Panel relations 2019: A-B, A-C, B-C, C-D (A-E: E is not in the panel) -> 4 of 6 pairs,
  density 4/6 = 0.6667, mean relations 2 x 4 / 4 = 2.
- Panel relations 2020: A-B, B-D, C-D -> 3 of 6, density 0.5, mean relations 1.5.
- kept A-B, C-D (2); new B-D (1); lost A-C, B-C (2). Change in density 0.5 - 0.6667 = -1/6,
  in mean relations -1/6 x 3 = -0.5 (= 1.5 - 2).
- QAP: 6 pairs, 4 and 3 relations, 2 in both: r = (6 x 2 - 4 x 3) / sqrt((6 x 4 - 16)
  (6 x 3 - 9)) = 0 / sqrt(72) = 0.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from localnet_helpers import catalogue
from localnet_helpers.measures import panel, response
from localnet_helpers.measures.panel import Wave


def relations(*pairs: str) -> pd.DataFrame:
    """Relations from "A-B" strings, source < target as in relations.csv."""
    rows = [tuple(sorted(p.split("-"))) for p in pairs]
    return pd.DataFrame(rows, columns=["source", "target"])


WAVES = {
    2019: Wave(relations("A-B", "A-C", "B-C", "C-D", "A-E"), set("ABCDEF"), set("ABCDE")),
    2020: Wave(relations("A-B", "B-D", "C-D", "A-E"), set("ABCDE"), set("ABCD")),
}


def test_the_hand_worked_panel():
    assert panel.panel_actors(WAVES[2019], WAVES[2020]) == ["A", "B", "C", "D"]
    table = panel.panel_change(WAVES)
    assert list(table.columns) == panel.PANEL_COLUMNS
    assert table.to_dict("records") == [{
        "from_year": 2019, "to_year": 2020, "panel_actors": 4, "relations_before": 4,
        "relations_after": 3, "density_before": pytest.approx(4 / 6), "density_after": 0.5,
        "kept": 2, "new": 1, "lost": 2}]
    uncertainty = panel.change_uncertainty(WAVES).set_index("measure")
    assert uncertainty.loc["density", "estimate"] == pytest.approx(-1 / 6)
    assert uncertainty.loc["mean_relations", "estimate"] == pytest.approx(-0.5)
    # a draw of four copies of one actor (chance 4 / 4^4 = 1/64) has no pair and is left out
    assert (uncertainty["replicates"] > 0.95 * panel.REPLICATES).all()
    assert (uncertainty["replicates"] <= panel.REPLICATES).all()
    for measure in ("density", "mean_relations"):
        low, high = uncertainty.loc[measure, ["ci_low", "ci_high"]]
        assert low <= uncertainty.loc[measure, "estimate"] <= high
    # the interval of mean relations is the density's times n - 1 = 3
    assert uncertainty.loc["mean_relations", "ci_low"] == \
        pytest.approx(3 * uncertainty.loc["density", "ci_low"])
    qap = panel.qap_table(WAVES).iloc[0]
    assert qap["panel_actors"] == 4 and qap["correlation"] == pytest.approx(0.0, abs=1e-12)
    assert qap["permutations"] == panel.PERMUTATIONS and 0 < qap["p_value"] <= 1


def test_one_bootstrap_draw_by_hand():
    # draw A, A, B, D: copies A 2, B 1, D 1. Pairs of distinct actors: A-B twice, A-D twice,
    # B-D once = 5 (= (16 - 4 - 1 - 1) / 2). 2019: A-B only -> 2/5; 2020: A-B and B-D -> 3/5.
    order = ["A", "B", "C", "D"]
    draw = np.array([[0, 0, 1, 3]])
    before = panel.panel_adjacency(WAVES[2019].relations, order)
    after = panel.panel_adjacency(WAVES[2020].relations, order)
    assert panel.bootstrap_densities(before, draw).tolist() == [0.4]
    assert panel.bootstrap_densities(after, draw).tolist() == [0.6]


def test_qap_p_value_over_every_permutation_by_hand():
    # both waves the path A-B-C-D: r = 1. Of the 24 relabellings only the path's two
    # automorphisms (identity, reversal) keep all 3 relations: p = (1 + 2) / (1 + 24).
    path = panel.panel_adjacency(relations("A-B", "B-C", "C-D"), ["A", "B", "C", "D"])
    every = np.array(list(itertools.permutations(range(4))))
    correlation, p_value = panel.qap_correlation(path, path, every)
    assert correlation == pytest.approx(1.0) and p_value == pytest.approx(3 / 25)


# -- an independent reference: plain Python, loops, no numpy ---------------------------------

def ref_density(edges: set[frozenset], draw: list[int]) -> float | None:
    """Density of a bootstrap sample: pairs of sample positions with distinct actors."""
    linked = pairs = 0
    for i in range(len(draw)):
        for j in range(i + 1, len(draw)):
            if draw[i] != draw[j]:
                pairs += 1
                linked += frozenset((draw[i], draw[j])) in edges
    return linked / pairs if pairs else None


def ref_percentile(values: list[float], q: float) -> float:
    """The q-th percentile with linear interpolation between order statistics."""
    ordered = sorted(values)
    position = q / 100 * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ref_correlation(x: list[int], y: list[int]) -> float:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def ref_qap(e0: set[frozenset], e1: set[frozenset], n: int,
            permutations: list[list[int]]) -> tuple[float, float]:
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    x = [int(frozenset(p) in e0) for p in pairs]
    y = [int(frozenset(p) in e1) for p in pairs]
    observed = ref_correlation(x, y)
    hits = 0
    for perm in permutations:
        permuted = [int(frozenset((perm[i], perm[j])) in e1) for i, j in pairs]
        hits += ref_correlation(x, permuted) >= observed - 1e-12
    return observed, (1 + hits) / (1 + len(permutations))


def random_waves(seed: int, n: int = 12) -> dict[int, Wave]:
    rng = np.random.default_rng(seed)
    waves = {}
    for year in (2017, 2018, 2019):
        graph = nx.gnp_random_graph(n, 0.3 + 0.1 * (year - 2017), seed=int(rng.integers(1e6)))
        ids = {i: f"a{i:02d}" for i in range(n)}
        answered = {ids[i] for i in range(n) if rng.random() < 0.9}
        waves[year] = Wave(relations(*(f"{ids[u]}-{ids[v]}" for u, v in graph.edges())),
                           set(ids.values()), answered)
    return waves


def edge_set(wave: Wave, order: list[str]) -> set[frozenset]:
    index = {a: i for i, a in enumerate(order)}
    return {frozenset((index[s], index[t])) for s, t in zip(wave.relations["source"],
                                                            wave.relations["target"])
            if s in index and t in index}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_vectorised_equals_the_plain_reference(seed):
    waves = random_waves(seed)
    replicates, permutations = 200, 200
    uncertainty = panel.change_uncertainty(waves, replicates=replicates, seed=5)
    qap = panel.qap_table(waves, permutations=permutations, seed=5)
    changes = panel.panel_change(waves)
    for (y0, y1), row in zip([(2017, 2018), (2018, 2019), (2017, 2019)],
                             changes.to_dict("records")):
        assert (row["from_year"], row["to_year"]) == (y0, y1)
        order = panel.panel_actors(waves[y0], waves[y1])
        n = len(order)
        e0, e1 = edge_set(waves[y0], order), edge_set(waves[y1], order)
        assert row["panel_actors"] == n
        assert (row["relations_before"], row["relations_after"]) == (len(e0), len(e1))
        assert (row["kept"], row["new"], row["lost"]) == \
            (len(e0 & e1), len(e1 - e0), len(e0 - e1))
        # the bootstrap on the same draws (the pair's generator, exposed)
        draws = panel.bootstrap_draws(n, replicates, panel.pair_rng(5, y0, y1)).tolist()
        diffs = []
        for draw in draws:
            before, after = ref_density(e0, draw), ref_density(e1, draw)
            if before is not None:
                diffs.append(after - before)
        got = uncertainty[(uncertainty["from_year"] == y0) & (uncertainty["to_year"] == y1)]
        density = got[got["measure"] == "density"].iloc[0]
        assert density["replicates"] == len(diffs)
        assert density["ci_low"] == pytest.approx(ref_percentile(diffs, 2.5), abs=1e-12)
        assert density["ci_high"] == pytest.approx(ref_percentile(diffs, 97.5), abs=1e-12)
        pairs = n * (n - 1) / 2
        assert density["estimate"] == pytest.approx((len(e1) - len(e0)) / pairs, abs=1e-12)
        # QAP on the same permutations
        perms = panel.permutation_draws(n, permutations, panel.pair_rng(5, y0, y1)).tolist()
        assert all(sorted(p) == list(range(n)) for p in perms)
        correlation, p_value = ref_qap(e0, e1, n, perms)
        result = qap[(qap["from_year"] == y0) & (qap["to_year"] == y1)].iloc[0]
        assert result["correlation"] == pytest.approx(correlation, abs=1e-12)
        assert result["p_value"] == pytest.approx(p_value, abs=1e-12)


def test_same_inputs_give_byte_identical_tables(tmp_path):
    waves = random_waves(3)
    files = []
    for run in ("a", "b"):
        for name, table in (("p", panel.panel_change(waves)),
                            ("u", panel.change_uncertainty(waves)),
                            ("q", panel.qap_table(waves))):
            files.append(catalogue.write_csv(table, tmp_path / run / f"{name}.csv").read_bytes())
    assert files[:3] == files[3:]
    # a pair's numbers do not depend on the other waves run with it
    two = {y: waves[y] for y in (2017, 2018)}
    assert panel.change_uncertainty(two).equals(panel.change_uncertainty(waves).iloc[:2])


def test_two_waves_give_one_row_per_table():
    assert [len(t) for t in (panel.panel_change(WAVES), panel.qap_table(WAVES))] == [1, 1]
    assert len(panel.change_uncertainty(WAVES)) == 2  # density and mean_relations


def test_a_wave_without_relations_and_a_complete_wave():
    everyone = set("ABCD")
    empty = Wave(relations(), everyone, everyone)
    complete = Wave(relations(*(f"{a}-{b}" for a, b in itertools.combinations("ABCD", 2))),
                    everyone, everyone)
    for waves in ({2019: empty, 2020: complete}, {2019: complete, 2020: complete}):
        qap = panel.qap_table(waves).iloc[0]
        assert math.isnan(qap["correlation"]) and math.isnan(qap["p_value"])
        assert qap["permutations"] == 0 and qap["panel_actors"] == 4
    # from none to all 6 relations: every draw of two or more actors changes by +1
    uncertainty = panel.change_uncertainty({2019: empty, 2020: complete}).set_index("measure")
    assert uncertainty.loc["density", ["estimate", "ci_low", "ci_high"]].tolist() == [1, 1, 1]
    assert uncertainty.loc["mean_relations", "estimate"] == 3.0
    table = panel.panel_change({2019: empty, 2020: complete}).iloc[0]
    assert (table["kept"], table["new"], table["lost"]) == (0, 6, 0)


@pytest.mark.parametrize("answered", [set(), {"A"}])
def test_a_panel_of_fewer_than_two_actors_gives_empty_rows(answered):
    waves = {2019: Wave(relations("A-B"), {"A", "B"}, {"A", "B"}),
             2020: Wave(relations("A-B"), {"A", "B"}, answered)}
    table = panel.panel_change(waves).iloc[0]
    assert table["panel_actors"] == len(answered) and table["relations_before"] == 0
    uncertainty = panel.change_uncertainty(waves)
    assert len(uncertainty) == 2 and (uncertainty["replicates"] == 0).all()
    assert uncertainty[["estimate", "ci_low", "ci_high"]].isna().all().all()
    qap = panel.qap_table(waves).iloc[0]
    assert math.isnan(qap["correlation"]) and qap["permutations"] == 0


def test_draws_of_a_single_actor_are_left_out():
    # a panel of 2: half the draws are two copies of one actor (no pair) and are left out;
    # the others hold the one pair, whose relation went from present to absent: change -1
    waves = {2019: Wave(relations("A-B"), {"A", "B"}, {"A", "B"}),
             2020: Wave(relations(), {"A", "B"}, {"A", "B"})}
    uncertainty = panel.change_uncertainty(waves).set_index("measure")
    used = uncertainty.loc["density", "replicates"]
    assert 0.4 * panel.REPLICATES < used < 0.6 * panel.REPLICATES
    assert uncertainty.loc["density", ["estimate", "ci_low", "ci_high"]].tolist() == \
        [-1, -1, -1]


def test_non_respondents_and_one_sided_relations():
    present = pd.DataFrame({"actor_id": list("ABCDE"),
                            "name": ["Eta", "Beta", "Alfa", "Delta", "Gamma"]})
    answered = {"B", "D", "E"}
    assert response.non_respondents(present, answered)["name"].tolist() == ["Alfa", "Eta"]
    # A-B: A did not answer (one-sided); B-D: both answered; C-E: C did not answer
    assert response.one_sided_relations(relations("A-B", "B-D", "C-E"), answered) == 2
    assert response.one_sided_relations(relations(), answered) == 0
