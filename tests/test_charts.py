"""Charts: full (wrapped) names, titles naming their wave, the heatmap's scale in per cent
spanning the data."""

from __future__ import annotations

import matplotlib
import pandas as pd

from localnet_helpers.report import charts

matplotlib.use("Agg")

TYPES = {"professional": "Professionelle aktører", "volunteer": "Frivillige",
         "citizen": "Borgere"}


def test_top_actors_show_full_names():
    names = ["Hub", "Frederiksberg Kommune: Social, Sundheds- og Arbejdsmarkedsområdet",
             "Frederiksberg Kommune: Børn & Unge"]
    table = pd.DataFrame({"actor_id": ["a", "b", "c"], "name": names,
                          "relations": [9, 8, 7]})
    fig = charts.top_actors_chart({2019: table}, "a", "Relationer")
    fig.canvas.draw()
    shown = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert sorted(shown) == sorted(names)


def test_mixing_heatmap_names_its_wave_and_spans_the_data():
    mixing = pd.DataFrame({"type_a": ["professional", "professional", "volunteer"],
                           "type_b": ["professional", "volunteer", "volunteer"],
                           "relations": [150, 41, 3], "density": [0.32, 0.19, 0.14]})
    fig = charts.mixing_heatmap(mixing, TYPES, "Tæthed", title="Blandingen 2019")
    ax = fig.axes[0]
    assert "2019" in ax.get_title()
    mesh = ax.collections[0]
    low, high = mesh.get_clim()
    assert low == 0 and 32 <= high <= 40  # per cent, up to the densest cell
    fig.canvas.draw()
    assert fig.axes[1].get_yticklabels()[-1].get_text().endswith("%")


def test_category_chart_title():
    table = pd.DataFrame({"network": ["area", "hub"], "purpose": ["Sundhed", "Sundhed"],
                          "surfaces": [3, 2], "share": [1.0, 1.0]})
    fig = charts.category_chart(table, "purpose", {"area": "Området", "hub": "Hub"},
                                "Andel", "(blank)", title="Formål 2019")
    assert fig.axes[0].get_title() == "Formål 2019"
