"""Saving figures, and charts not drawn again: :func:`figures.draw` takes over the last run's
files of a chart drawn from the same data, and only then (the key and the seal,
:mod:`localnet_helpers.report.figure_keys`)."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from localnet_helpers.paths import EARLIER_FIGURES
from localnet_helpers.report import figures
from localnet_helpers.report.figure_keys import figure_key

matplotlib.use("Agg")

TABLE = pd.DataFrame({"year": [2017, 2018], "relations": [4, 6]})


class Chart:
    """A chart function of the kit (by its module's name) that counts how often it is drawn."""

    def __init__(self, module="localnet_helpers.report.charts"):
        self.calls = 0
        self.__module__, self.__qualname__ = module, "Chart"

    def __call__(self, table, title):
        import matplotlib.pyplot as plt

        self.calls += 1
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.bar(table["year"].astype(str), table["relations"])
        ax.set_title(title)
        return fig


@pytest.fixture
def shown(monkeypatch):
    """What the notebook would show: the PNG bytes of each figure displayed."""
    images = []
    monkeypatch.setattr(figures, "_show", lambda png: images.append(png.read_bytes()))
    return images


def test_a_chart_drawn_from_the_same_data_is_taken_over(tmp_path, monkeypatch, shown):
    monkeypatch.delenv(EARLIER_FIGURES, raising=False)  # a notebook run by hand
    chart = Chart()
    figures.draw(tmp_path, "n", chart, TABLE, "Relations")
    first = [(tmp_path / f"n.{kind}").read_bytes() for kind in ("png", "svg")]
    figures.draw(tmp_path, "n", chart, TABLE.copy(), "Relations")
    assert chart.calls == 1  # the second time nothing was drawn
    assert [(tmp_path / f"n.{kind}").read_bytes() for kind in ("png", "svg")] == first
    assert shown == [first[0], first[0]]
    # other data, another title, another file name: drawn
    figures.draw(tmp_path, "n", chart, TABLE.assign(relations=[4, 7]), "Relations")
    figures.draw(tmp_path, "n", chart, TABLE, "Relationer")
    figures.draw(tmp_path, "m", chart, TABLE, "Relationer")
    assert chart.calls == 4
    with matplotlib.rc_context({"font.size": 14}):  # a style changed in the notebook
        figures.draw(tmp_path, "m", chart, TABLE, "Relationer")
    assert chart.calls == 5


def test_a_run_takes_over_the_earlier_folder_s_files_byte_for_byte(tmp_path, monkeypatch,
                                                                    shown):
    earlier, stage = tmp_path / "out" / "figures", tmp_path / "out" / ".run" / "figures"
    chart = Chart()
    monkeypatch.setenv(EARLIER_FIGURES, "")  # a run with --force: everything is drawn
    figures.draw(earlier, "n", chart, TABLE, "Relations")
    drawn = {kind: (earlier / f"n.{kind}").read_bytes() for kind in ("png", "svg")}
    figures.draw(earlier, "n", chart, TABLE, "Relations")
    assert chart.calls == 2
    assert {kind: (earlier / f"n.{kind}").read_bytes() for kind in ("png", "svg")} == drawn

    monkeypatch.setenv(EARLIER_FIGURES, str(earlier))  # the next run, into a fresh stage
    figures.draw(stage, "n", chart, TABLE, "Relations")
    assert chart.calls == 2
    assert {kind: (stage / f"n.{kind}").read_bytes() for kind in ("png", "svg")} == drawn
    assert (stage / "n.png").stat().st_ino == (earlier / "n.png").stat().st_ino  # linked
    figures.draw(stage, "n", chart, TABLE, "Relations")  # taken over twice: still the same
    assert chart.calls == 2 and (stage / "n.png").read_bytes() == drawn["png"]
    # drawn again into the stage with other data: the last run's files are left as they were
    figures.draw(stage, "n", chart, TABLE.assign(relations=[1, 1]), "Relations")
    assert chart.calls == 3 and (stage / "n.png").read_bytes() != drawn["png"]
    assert {kind: (earlier / f"n.{kind}").read_bytes() for kind in ("png", "svg")} == drawn


def test_a_chart_of_other_code_is_drawn_every_time(tmp_path, monkeypatch, shown):
    monkeypatch.delenv(EARLIER_FIGURES, raising=False)
    chart = Chart(module="__main__")  # e.g. a function written in a notebook: not in the key
    figures.draw(tmp_path, "n", chart, TABLE, "Relations")
    figures.draw(tmp_path, "n", chart, TABLE, "Relations")
    assert chart.calls == 2
    assert b"localnet-figure" not in (tmp_path / "n.png").read_bytes()


@pytest.mark.parametrize("tamper", ["svg", "png", "key", "missing svg"])
def test_a_changed_file_is_drawn_again(tmp_path, monkeypatch, shown, tamper):
    monkeypatch.delenv(EARLIER_FIGURES, raising=False)
    chart = Chart()
    figures.draw(tmp_path, "n", chart, TABLE, "Relations")
    png, svg = tmp_path / "n.png", tmp_path / "n.svg"
    drawn = png.read_bytes(), svg.read_bytes()
    if tamper == "svg":
        svg.write_text(svg.read_text().replace("Relations", "Edited"))
    elif tamper == "png":  # a pixel changed, the text chunk kept
        data = bytearray(png.read_bytes())
        data[60] ^= 1
        png.write_bytes(bytes(data))
    elif tamper == "key":  # another key written in: the seal no longer fits
        data = png.read_bytes()
        start = data.index(b"localnet-figure\0") + len(b"localnet-figure\0")
        png.write_bytes(data[:start] + (b"0" if data[start:start + 1] != b"0" else b"1")
                        + data[start + 1:])
    else:
        svg.unlink()
    figures.draw(tmp_path, "n", chart, TABLE, "Relations")
    assert chart.calls == 2
    assert (png.read_bytes(), svg.read_bytes()) == drawn  # drawn again, as before


def test_the_seal_is_a_text_chunk_of_a_valid_png(tmp_path, monkeypatch, shown):
    from PIL import Image

    monkeypatch.delenv(EARLIER_FIGURES, raising=False)
    figures.draw(tmp_path, "n", Chart(), TABLE, "Relations")
    with Image.open(tmp_path / "n.png") as image:
        image.load()  # checks every chunk's CRC
        key, seal = image.text["localnet-figure"].split(" ")
    assert key == figure_key("n", Chart(), TABLE, "Relations")
    assert len(seal) == 64


def test_figure_key_refuses_arguments_without_a_defined_content():
    with pytest.raises(TypeError, match="object"):
        figure_key("n", Chart(), object())
    # numpy numbers count as the numbers they are; sets and graphs are keyed by content
    import networkx as nx
    import numpy as np

    assert figure_key("n", Chart(), {np.int64(2017): 1}) == \
        figure_key("n", Chart(), {2017: 1})
    assert figure_key("n", Chart(), {"b", "a"}) == \
        figure_key("n", Chart(), {"a", "b"})
    # graphs by their nodes and edges in the order a drawing meets them
    one, two = nx.Graph([("a", "b")]), nx.Graph([("a", "b")])
    assert figure_key("n", Chart(), one) == figure_key("n", Chart(), two)
    assert figure_key("n", Chart(), one) != \
        figure_key("n", Chart(), nx.Graph([("b", "a")]))
    two.add_edge("b", "c")
    assert figure_key("n", Chart(), one) != figure_key("n", Chart(), two)
    # object arrays by their items, not by where the items are in memory
    assert figure_key("n", Chart(), np.array(["a", None], dtype=object)) != \
        figure_key("n", Chart(), np.array(["b", None], dtype=object))
    # categories in another order are drawn in another order
    a = pd.Series(["x", "y"], dtype=pd.CategoricalDtype(["x", "y"]))
    b = pd.Series(["x", "y"], dtype=pd.CategoricalDtype(["y", "x"]))
    assert figure_key("n", Chart(), a) != figure_key("n", Chart(), b)
