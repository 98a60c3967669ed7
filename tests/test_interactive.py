"""The interactive map: every wave with a switch, a legend, zoom only with Ctrl/⌘ + wheel or
buttons, labels that keep their size, full names in the hover text; offline, escaped and
byte-identical."""

from __future__ import annotations

import re

import networkx as nx

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
