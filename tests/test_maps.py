"""Network maps you can read: no label overlaps another label or covers one of the labelled
(top-ten) actors' nodes, measured from the drawn texts' bounding boxes; every encoding has a
legend entry; change maps draw actors in their type colours."""

from __future__ import annotations

import math

import matplotlib
import networkx as nx
import pytest
from matplotlib.colors import to_hex

from localnet_helpers.errors import InputError
from localnet_helpers.report import maps
from localnet_helpers.report.figures import TYPE_COLOURS, save_figure, short_label

matplotlib.use("Agg")

TYPES = {"professional": "Professionelle", "volunteer": "Frivillige", "citizen": "Borgere"}
CIRCLES = ("Hubbens netværk", "Hele området")
CHANGE = {"kept": "Fortsat", "new": "Ny", "lost": "Ophørt"}


@pytest.fixture(autouse=True)
def close_figures():
    """Every map drawn here is closed afterwards (pyplot keeps figures open until closed)."""
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def crowded(seed: int = 0, n: int = 60) -> dict[int, nx.Graph]:
    """Two waves of a dense network whose best-connected actors have long names and sit
    close together: today's fixed label offsets put their labels on top of each other."""
    import random

    rng = random.Random(seed)
    graphs = {}
    for year in (2020, 2021):
        graph = nx.Graph()
        for i in range(n):
            graph.add_node(f"a{i:02d}", type=list(TYPES)[i % 3],
                           name=f"Frederiksberg Kommune: Afdeling for område nr. {i}")
        for i in range(1, n):
            graph.add_edge("a00", f"a{i:02d}") if rng.random() < 0.7 else None
        for i in range(1, 14):  # a clique of well-connected actors
            for j in range(i + 1, 14):
                graph.add_edge(f"a{i:02d}", f"a{j:02d}")
        for _ in range(120):
            a, b = rng.sample(range(n), 2)
            if rng.random() < 0.5:
                graph.add_edge(f"a{a:02d}", f"a{b:02d}")
        graphs[year] = graph
    return graphs


def label_texts(fig, graph, labels, degree, top=10):
    names = sorted(graph, key=lambda n: (-degree.get(n, 0), n))[:top]
    wanted = {labels[n]: n for n in names}
    ax = fig.axes[0]
    texts = [t for t in ax.texts if t.get_text() in wanted]
    assert sorted(t.get_text() for t in texts) == sorted(wanted), "a label is missing"
    return texts, names


def node_boxes(fig, graph, pos, names, degree):
    ax = fig.axes[0]
    boxes = {}
    for n in names:
        x, y = ax.transData.transform(pos[n])
        r = (math.sqrt(maps._node_size(degree.get(n, 0))) / 2 + 1) * fig.dpi / 72
        boxes[n] = (x - r, y - r, x + r, y + r)
    return boxes


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_readable(fig, graph, pos, labels, degree=None):
    """No two labels overlap; no label covers a labelled actor's node; all inside."""
    degree = degree or dict(graph.degree())
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts, names = label_texts(fig, graph, labels, degree)
    extents = [tuple(t.get_window_extent(renderer).extents) for t in texts]
    nodes = node_boxes(fig, graph, pos, names, degree)
    for i, a in enumerate(extents):
        for b in extents[i + 1:]:
            assert not overlap(a, b), f"labels overlap: {a} {b}"
        for name, box in nodes.items():
            assert not overlap(a, box), f"label {texts[i].get_text()!r} covers {name}"
        frame = fig.bbox.extents
        assert frame[0] <= a[0] and a[2] <= frame[2] and frame[1] <= a[1] and a[3] <= frame[3]


def network(graphs, year, labels, pos):
    return maps.network_map(graphs[year], "a00", pos, labels, TYPES, CIRCLES, "Ikke med",
                            title=f"Kort {year}", relations_word="relationer")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_labels_of_a_crowded_map_do_not_overlap(seed):
    graphs = crowded(seed)
    labels = {n: short_label(d["name"]) for n, d in graphs[2021].nodes(data=True)}
    pos = maps.stable_layout(graphs, "a00")
    for year in graphs:
        fig = network(graphs, year, labels, pos)
        assert_readable(fig, graphs[year], pos, labels)
    fig = maps.change_map(graphs[2020], graphs[2021], "a00", pos, labels, CHANGE, CIRCLES,
                          title="2020 → 2021", type_names=TYPES)
    assert_readable(fig, graphs[2021], pos, labels)


def test_the_demo_maps_are_readable(demo_run):
    """Every map and change map of the demo (the graphs of a real run)."""
    from localnet_helpers import catalogue
    from localnet_helpers.inputs.study import load_study
    from localnet_helpers.paths import DEMO_STUDY

    out, _ = demo_run
    study = load_study(DEMO_STUDY)
    graphs = {y: catalogue.read_year_graph(out, y) for y in study.years}
    pos = maps.stable_layout(graphs, study.hub)
    labels = {a: short_label(n) for a, n in catalogue.actor_names(graphs).items()}
    for year, graph in graphs.items():
        fig = maps.network_map(graph, study.hub, pos, labels, TYPES, CIRCLES, "x",
                               title=str(year), relations_word="relationer")
        assert_readable(fig, graph, pos, labels)
    years = sorted(graphs)
    for before, after in zip(years, years[1:]):
        fig = maps.change_map(graphs[before], graphs[after], study.hub, pos, labels, CHANGE,
                              CIRCLES, title="c", type_names=TYPES)
        present = graphs[before].subgraph(set(graphs[before]) & set(graphs[after]))
        assert_readable(fig, present, pos, labels, dict(graphs[after].degree()))


def legend_texts(fig):
    return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_every_encoding_has_a_legend_entry():
    graphs = crowded()
    graph = graphs[2021]
    graph.remove_edges_from([("a00", n) for n in list(graph["a00"]) if n in {"a03", "a04"}])
    pos = maps.stable_layout(graphs, "a00")  # a03, a04 inside the circle, not members now
    labels = {n: short_label(d["name"]) for n, d in graph.nodes(data=True)}
    fig = network(graphs, 2021, labels, pos)
    entries = legend_texts(fig)
    for name in TYPES.values():
        assert name in entries
    assert "Ikke med" in entries  # the pale dots
    assert labels["a00"].replace("\n", " ") in entries  # the hub's black outline
    assert any(e.endswith(" relationer") for e in entries)  # node size
    assert "Relationer" in entries  # the lines


def test_change_map_colours_match_its_legend():
    graphs = crowded()
    pos = maps.stable_layout(graphs, "a00")
    labels = {n: short_label(d["name"]) for n, d in graphs[2021].nodes(data=True)}
    fig = maps.change_map(graphs[2020], graphs[2021], "a00", pos, labels, CHANGE, CIRCLES,
                          type_names=TYPES)
    ax = fig.axes[0]
    nodes = [c for c in ax.collections if len(c.get_offsets()) == len(graphs[2021])][-1]
    colours = {to_hex(c) for c in nodes.get_facecolors()}
    assert colours == {c.lower() for c in TYPE_COLOURS.values()}  # actors in their type colours
    legend = ax.get_legend()
    by_label = dict(zip(legend_texts(fig), legend.legend_handles))
    for key, (colour, *_rest) in maps.CHANGE_STYLES.items():
        handle = next(h for label, h in by_label.items() if label.startswith(CHANGE[key]))
        assert to_hex(handle.get_color()) == colour.lower()
    edge_colours = {to_hex(c.get_edgecolor()[0]) for c in ax.collections
                    if c is not nodes and len(c.get_edgecolor())}
    assert edge_colours <= {s[0].lower() for s in maps.CHANGE_STYLES.values()} | {"#333333"}
    # a new or lost relation never has the colour of an actor type
    assert not {s[0].lower() for s in maps.CHANGE_STYLES.values()} & \
        {c.lower() for c in TYPE_COLOURS.values()}


def test_maps_are_byte_identical(tmp_path):
    graphs = crowded()
    pos = maps.stable_layout(graphs, "a00")
    labels = {n: short_label(d["name"]) for n, d in graphs[2021].nodes(data=True)}
    files = []
    for run in ("a", "b"):
        fig = network(graphs, 2021, labels, pos)
        files.append([p.read_bytes() for p in save_figure(fig, tmp_path / run, "m")])
    assert files[0] == files[1]


def test_non_respondents_are_hollow_rings_in_their_type_colour():
    graphs = crowded()
    graph = graphs[2021]
    pos = maps.stable_layout(graphs, "a00")
    labels = {n: short_label(d["name"]) for n, d in graph.nodes(data=True)}
    silent = {"a05", "a31"}  # two actors that did not answer
    fig = maps.network_map(graph, "a00", pos, labels, TYPES, CIRCLES, "Ikke med",
                           relations_word="relationer", non_respondents=silent,
                           non_respondent_label="Svarede ikke")
    ax = fig.axes[0]
    nodes = [c for c in ax.collections if len(c.get_offsets()) == len(graph)][-1]
    order = sorted(graph)
    faces = [to_hex(c) for c in nodes.get_facecolors()]
    edges = [to_hex(c) for c in nodes.get_edgecolors()]
    for i, node in enumerate(order):
        colour = TYPE_COLOURS[graph.nodes[node]["type"]].lower()
        if node in silent:
            assert (faces[i], edges[i]) == ("#ffffff", colour), node  # a ring, no fill
        else:
            assert faces[i] == colour, node
    assert "Svarede ikke" in legend_texts(fig)
    everyone = network(graphs, 2021, labels, pos)  # nobody silent: no ring, no legend entry
    assert "Svarede ikke" not in legend_texts(everyone)


def spread(positions: dict) -> float:
    """The positions' smaller principal variance over the larger: 0 for actors on one line,
    1 for actors spread evenly in every direction."""
    import numpy as np

    points = np.array(list(positions.values()), dtype=float)
    low, high = np.linalg.eigvalsh(np.cov((points - points.mean(axis=0)).T))
    return low / high


@pytest.mark.parametrize("n", [3, 4, 5, 6])
def test_tiny_networks_use_the_area(n):
    """The hub with two partners, a path, a star, only isolates: never laid out on a line
    (before, three actors lay on one line through the hub: spread 0.0)."""
    shapes = {"path": nx.path_graph(n), "star": nx.star_graph(n - 1),
              "isolates": nx.empty_graph(n), "complete": nx.complete_graph(n)}
    for shape, graph in shapes.items():
        graph = nx.relabel_nodes(graph, {i: f"a{i}" for i in graph})
        for hub in ("a0", "not-present"):
            assert spread(maps.map_layout(graph, hub)) > 0.15, (shape, hub)


def test_new_actors_are_placed_without_moving_anyone():
    graph = nx.path_graph(["hub", "a", "b", "c"])
    before = maps.map_layout(graph, "hub")
    graph.add_edge("new", "b")
    graph.add_node("alone")
    placed = maps.place_new(before, graph, "hub", {"a"})
    assert {n: placed[n] for n in before} == before
    assert placed == maps.place_new(before, graph, "hub", {"a"})  # deterministic
    for node in ("new", "alone"):
        assert 1.2 <= math.hypot(*placed[node]) <= 0.93 * maps.OUTER  # outside the hub network
        assert min(math.dist(placed[node], p) for n, p in placed.items() if n != node) >= 0.12
    # beside its partner b: its direction differs from b's by less than a quarter turn
    turn = math.atan2(*placed["new"][::-1]) - math.atan2(*placed["b"][::-1])
    assert abs(math.remainder(turn, 2 * math.pi)) < math.pi / 2


def test_positions_survive_adding_a_wave(tmp_path):
    """Run two waves, add a third with a new actor: the old actors keep their positions (the
    file's rows, the Gephi files and the first wave's map stay byte for byte), the new actor
    is added, and a rerun with nothing changed reuses the maps."""
    import xml.etree.ElementTree as ET

    from localnet_helpers.report.exports import GEPHI_SCALE
    from localnet_helpers.run.pipeline import run

    from conftest import TOY_SURVEY, two_year_study

    study = two_year_study(tmp_path / "study")
    out = tmp_path / "out"
    run(study, out, progress=lambda line: None)
    positions = study / "positions.csv"
    first = positions.read_text(encoding="utf-8").splitlines()
    assert first[0] == "actor_id,x,y" and [row.split(",")[0] for row in first[1:]] == \
        ["A", "B", "C", "D", "E"]
    first_map = (out / "figures" / "map_2020.svg").read_bytes()
    first_gexf = (out / "2020" / "network.gexf").read_bytes()

    lines = []
    run(study, out, progress=lines.append)  # nothing changed: the maps are not drawn again
    assert "05_maps.ipynb (reused)" in "\n".join(lines)

    actors = (study / "actors.csv").read_text(encoding="utf-8")
    (study / "actors.csv").write_text(actors.replace(" 2021\n", " 2021 2022\n") +
                                      "G,Gamma Garden,citizen,,2022\n", encoding="utf-8")
    (study / "surveys" / "2022.csv").write_text(
        TOY_SURVEY + "Gamma Board,Gamma Garden,2,Fællesskab,Alle beboere,Byhave\n",
        encoding="utf-8")
    run(study, out, progress=lambda line: None)
    after = positions.read_text(encoding="utf-8").splitlines()
    assert [row for row in after if not row.startswith("G,")] == first
    assert [row.split(",")[0] for row in after[1:]] == ["A", "B", "C", "D", "E", "G"]
    assert (out / "figures" / "map_2020.svg").read_bytes() == first_map
    assert (out / "2020" / "network.gexf").read_bytes() == first_gexf

    rows = {a: (float(x), float(y)) for a, x, y in (row.split(",") for row in after[1:])}
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    root = ET.parse(out / "2022" / "network.gexf").getroot()
    drawn = {node.get("id"): node.find("viz:position", ns)
             for node in root.iter(f"{{{ns['g']}}}node")}
    assert set(drawn) == {"A", "B", "C", "D", "E", "G"}
    for actor, place in drawn.items():
        assert float(place.get("x")) == pytest.approx(rows[actor][0] * GEPHI_SCALE)
        assert float(place.get("y")) == pytest.approx(rows[actor][1] * GEPHI_SCALE)


def test_study_positions_lay_out_once_then_only_add(tmp_path):
    graphs = {2020: nx.path_graph(["hub", "a", "b"])}
    for graph in graphs.values():
        nx.set_node_attributes(graph, "citizen", "type")
    first = maps.study_positions(tmp_path, graphs, "hub")
    text = (tmp_path / "positions.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "actor_id,x,y" and len(text.splitlines()) == 4
    assert first == maps.study_positions(tmp_path, graphs, "hub")  # read back: the same
    # a hand edit is used as it stands, and the file keeps its bytes when nobody is new
    (tmp_path / "positions.csv").write_text(
        f"actor_id,x,y\nhub,0,0\na,0.5,0.5\nb,{first['b'][0]},{first['b'][1]}\n",
        encoding="utf-8")
    edited = (tmp_path / "positions.csv").read_bytes()
    assert maps.study_positions(tmp_path, graphs, "hub")["a"] == (0.5, 0.5)
    assert (tmp_path / "positions.csv").read_bytes() == edited
    graphs[2021] = nx.path_graph(["hub", "a", "c"])
    nx.set_node_attributes(graphs[2021], "volunteer", "type")
    both = maps.study_positions(tmp_path, graphs, "hub")
    assert {n: both[n] for n in first} == {**first, "a": (0.5, 0.5)} and "c" in both
    with pytest.raises(InputError, match="no actor with this actor_id"):
        maps.study_positions(tmp_path, graphs, "hub", known={"hub", "a", "b"})
