"""The interactive map: every wave with a switch, a legend, zoom only with Ctrl/⌘ + wheel or
buttons, labels that keep their size, full names in the hover text; offline, escaped and
byte-identical."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from localnet_helpers.report import interactive

TYPES = {"professional": "Prof.", "volunteer": "Friv.", "citizen": "Borg."}
LONG = "Frederiksberg Kommune: Social, Sundheds- og Arbejdsmarkedsområdet"


def waves():
    graphs = {}
    for year, extra in ((2018, []), (2019, [("a", "c")])):
        graph = nx.Graph()
        graph.add_node("a", name="Hub <b>&", type="professional")
        graph.add_node("b", name=LONG, type="volunteer")
        graph.add_node("c", name="<script>alert(1)</script>", type="citizen")
        graph.add_edges_from([("a", "b"), *extra])
        graphs[year] = graph
    return graphs


POS = {"a": (0.0, 0.0), "b": (0.5, 0.1), "c": (1.3, -0.2)}


def page(tmp_path, name="interactive_map_2019.html"):
    path = interactive.write_interactive_map(
        waves(), "a", POS, TYPES, "relationer", tmp_path / name, "Studiets titel & co",
        "da", note="Vælg måling", relation_word="relation", outside_label="Ikke med",
        zoom_words=("Zoom ind", "Zoom ud", "Nulstil"))
    return path, path.read_text(encoding="utf-8")


def test_one_page_for_every_wave_with_a_switch(tmp_path):
    _, text = page(tmp_path)
    assert "<title>Studiets titel &amp; co</title>" in text
    assert re.findall(r'<button type="button" data-wave="(\d+)"', text) == ["2018", "2019"]
    assert 'data-wave="2018" display="none"' in text
    assert 'data-wave="2019" display="inline"' in text
    assert text.count("<script") == 1
    assert "<style>" in text and "max-width: 1000px" in text  # styled like the report


def test_legend_hover_and_zoom(tmp_path):
    _, text = page(tmp_path)
    fragment = interactive.map_fragment(tmp_path / "interactive_map_2019.html")
    for word in (*TYPES.values(), "Hub &lt;b&gt;&amp;"):
        assert word in fragment.split("</svg>")[1]  # the legend under the map
    assert f"<title>{LONG} — Friv. — 1 relation</title>" in text  # full name, singular
    assert "event.ctrlKey || event.metaKey" in text  # the page scrolls past the map
    assert 'data-zoom="in"' in text and 'data-zoom="out"' in text
    assert 'g.setAttribute("font-size"' in text  # labels keep their size


def test_escaped_offline_and_byte_identical(tmp_path):
    path, text = page(tmp_path)
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in text and "src=" not in text
    again = page(tmp_path / "again")[0]
    assert again.read_bytes() == path.read_bytes()


def test_a_single_network_still_works(tmp_path):
    path = interactive.write_interactive_map(waves()[2019], "a", POS, TYPES, "relationer",
                                             tmp_path / "interactive_map_2019.html", "T")
    assert 'data-wave="2019" display="inline"' in path.read_text(encoding="utf-8")


def boxes_overlap(a, b):
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def test_labels_of_a_crowded_cluster_do_not_overlap():
    # six actors 0.01 apart (3 map units): every label would sit on the others below its node
    pos = {f"n{i}": (0.01 * i, 0.0) for i in range(6)}
    radii = {n: 5.0 for n in pos}
    lines = {n: [f"Organisation {n}"] for n in pos}
    placed = interactive.label_positions(pos, radii, lines)
    boxes = {n: interactive.label_box(*placed[n], lines[n]) for n in pos}
    circles = {n: (300 * x - 5, -5, 300 * x + 5, 5) for n, (x, _) in pos.items()}
    names = sorted(pos)
    for i, a in enumerate(names):
        assert not any(boxes_overlap(boxes[a], circles[b]) for b in names if b != a), a
        assert not any(boxes_overlap(boxes[a], boxes[b]) for b in names[i + 1:]), a
    # the first label keeps its place right below its node
    assert placed["n0"] == (0.0, 5.0 + 3.0)


MEASURE = """() => {
  const out = [];
  for (const wave of document.querySelectorAll("g.wave")) {
    const year = wave.getAttribute("data-wave");
    const button = document.querySelector(`button[data-wave="${year}"]`);
    if (button) { button.click(); }
    const texts = [...wave.querySelectorAll("g.labels text")].map(t => {
      const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });
    const circles = [...wave.querySelectorAll("circle.labelled")].map(c => {
      const r = c.getBoundingClientRect();
      return [(r.left + r.right) / 2, (r.top + r.bottom) / 2, r.width / 2]; });
    out.push({year, texts, circles});
  }
  return out;
}"""


def covers(box, circle):
    """True if the box covers part of the circle (nearest point of the box inside it)."""
    x, y, r = circle
    dx = max(box[0] - x, 0, x - box[2])
    dy = max(box[1] - y, 0, y - box[3])
    return dx * dx + dy * dy < (r - 0.5) ** 2


@pytest.mark.e2e
def test_demo_map_labels_overlap_nothing_in_chromium(demo_run):
    """Measured in the browser from the drawn text: no label overlaps another label or covers
    a labelled (top-ten) actor's node, in any wave of the demo's interactive map."""
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright
    from test_jupyterlab import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM:
        pytest.skip("chromium is not installed")
    page_file = sorted((demo_run[0] / "figures").glob("interactive_map_*.html"))[-1]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1200})
            page.goto(page_file.as_uri())
            waves = page.evaluate(MEASURE)
        finally:
            browser.close()
    assert len(waves) >= 2
    for wave in waves:
        texts, circles = wave["texts"], wave["circles"]
        assert len(texts) == len(circles) == 10, wave["year"]
        shrunk = [(a + 0.5, b + 0.5, c - 0.5, d - 0.5) for a, b, c, d in texts]
        for i, box in enumerate(shrunk):
            assert not any(boxes_overlap(box, other) for other in shrunk[i + 1:]), wave["year"]
            assert not any(covers(box, circle) for circle in circles), wave["year"]


def test_non_respondents_are_rings_in_their_type_colour(tmp_path):
    # in 2019 "b" did not answer: a white circle with a ring in its type colour, in the legend
    path = interactive.write_interactive_map(
        waves(), "a", POS, TYPES, "relationer", tmp_path / "interactive_map_2019.html", "T",
        non_respondents={2019: {"b"}}, non_respondent_label="Svarede ikke")
    text = path.read_text(encoding="utf-8")
    wave_2019 = text.split('data-wave="2019" display')[1].split('<g class="labels"')[0]
    ring = re.search(r'<circle[^>]*fill="#fff"[^>]*stroke="([^"]+)"[^>]*>'
                     rf"<title>{re.escape(LONG)}", wave_2019)
    assert ring and ring.group(1) == "#E69F00"  # the volunteers' colour
    wave_2018 = text.split('data-wave="2018" display')[1].split('<g class="labels"')[0]
    assert 'fill="#fff"' not in wave_2018  # everyone answered in 2018
    legends = dict(re.findall(r'<div class="wave-legend" data-wave="(\d+)"[^>]*>(.*?)</div>',
                              text))
    assert "Svarede ikke" in legends["2019"] and "Svarede ikke" not in legends["2018"]
