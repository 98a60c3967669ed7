"""The interactive network map: inline SVG with hover text and zoom, working offline.

Hovering an actor shows its name, type and number of relations (the SVG ``<title>``
tooltip every browser shows); the mouse wheel zooms, dragging pans and a double click resets.
Everything is inline -- no script or style is loaded from another host -- and every text taken
from the data is HTML-escaped, so an actor named ``<script>`` shows as text and runs nothing.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import networkx as nx

from ..errors import InputError
from .figures import TYPE_COLOURS, figure_file, short_label
from .maps import INNER, OUTER

__all__ = ["MAP_BEGIN", "MAP_END", "interactive_map", "write_interactive_map", "map_fragment"]

#: Comments around the interactive map inside its page (``figures/interactive_map_<year>.html``).
MAP_BEGIN, MAP_END = "<!-- localnet-map -->", "<!-- /localnet-map -->"

_SCRIPT = """
<script>
(function () {
  var svg = document.getElementById("%(id)s");
  if (!svg || !svg.viewBox) { return; }
  var home = [svg.viewBox.baseVal.x, svg.viewBox.baseVal.y,
              svg.viewBox.baseVal.width, svg.viewBox.baseVal.height];
  var drag = null;
  function box() { return svg.viewBox.baseVal; }
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var b = box(), k = event.deltaY < 0 ? 0.8 : 1.25;
    var rect = svg.getBoundingClientRect();
    var fx = (event.clientX - rect.left) / rect.width;
    var fy = (event.clientY - rect.top) / rect.height;
    var w = b.width * k, h = b.height * k;
    b.x = b.x + (b.width - w) * fx; b.y = b.y + (b.height - h) * fy; b.width = w; b.height = h;
  }, {passive: false});
  svg.addEventListener("mousedown", function (event) { drag = [event.clientX, event.clientY]; });
  window.addEventListener("mouseup", function () { drag = null; });
  svg.addEventListener("mousemove", function (event) {
    if (!drag) { return; }
    var b = box(), rect = svg.getBoundingClientRect();
    b.x -= (event.clientX - drag[0]) * b.width / rect.width;
    b.y -= (event.clientY - drag[1]) * b.height / rect.height;
    drag = [event.clientX, event.clientY];
  });
  svg.addEventListener("dblclick", function () {
    var b = box(); b.x = home[0]; b.y = home[1]; b.width = home[2]; b.height = home[3];
  });
})();
</script>
"""


def _num(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def interactive_map(graph: nx.Graph, hub: str, pos: dict, type_names: dict[str, str],
                    relations_word: str, element_id: str, top: int = 10) -> str:
    """Return the HTML of an interactive map of ``graph`` at the positions ``pos``."""
    esc = html.escape
    degree = dict(graph.degree())
    size = OUTER + 0.35
    parts = [f'<div class="localnet-map"><svg id="{esc(element_id)}" '
             f'xmlns="http://www.w3.org/2000/svg" viewBox="{_num(-size)} {_num(-size)} '
             f'{_num(2 * size)} {_num(2 * size)}" role="img">',
             f'<circle cx="0" cy="0" r="{_num(INNER * 1.05)}" fill="none" stroke="#333" '
             'stroke-width="0.006" stroke-dasharray="0.03 0.02"/>',
             f'<circle cx="0" cy="0" r="{_num(OUTER)}" fill="none" stroke="#333" '
             'stroke-width="0.006" stroke-dasharray="0.03 0.02"/>', '<g stroke="#888" '
             'stroke-opacity="0.35" stroke-width="0.004">']
    for u, v in sorted(tuple(sorted(e)) for e in graph.edges()):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        parts.append(f'<line x1="{_num(x1)}" y1="{_num(-y1)}" x2="{_num(x2)}" '
                     f'y2="{_num(-y2)}"/>')
    parts.append("</g><g>")
    for node in sorted(graph, key=lambda n: (degree[n], n)):
        data = graph.nodes[node]
        x, y = pos[node]
        radius = 0.012 + 0.0075 * math.sqrt(degree[node])
        tip = (f"{data['name']} — {type_names[data['type']]} — {degree[node]} "
               f"{relations_word}")
        stroke = ' stroke="#000" stroke-width="0.012"' if node == hub else \
            ' stroke="#fff" stroke-width="0.004"'
        parts.append(f'<circle cx="{_num(x)}" cy="{_num(-y)}" r="{_num(radius)}" '
                     f'fill="{TYPE_COLOURS[data["type"]]}"{stroke}>'
                     f"<title>{esc(tip)}</title></circle>")
    parts.append('</g><g font-size="0.045" font-family="sans-serif" fill="#222">')
    for node in sorted(graph, key=lambda n: (-degree[n], n))[:top]:
        x, y = pos[node]
        label = short_label(graph.nodes[node]["name"], 40, cut=True, mark="")
        parts.append(f'<text x="{_num(x)}" y="{_num(-y - 0.035)}" text-anchor="middle" '
                     f'pointer-events="none">{esc(label)}</text>')
    parts.append("</g></svg></div>")
    return "".join(parts) + _SCRIPT % {"id": esc(element_id)}


def write_interactive_map(graph: nx.Graph, hub: str, pos: dict, type_names: dict[str, str],
                          relations_word: str, path: str | Path, title: str,
                          language: str = "da") -> Path:
    """Write the interactive map of ``graph`` as a page of its own that works offline.

    The map sits between the comments ``MAP_BEGIN`` and ``MAP_END`` of
    :mod:`localnet_helpers.report`, from where the report takes it
    (:func:`map_fragment`).
    """
    path = Path(path)
    fragment = interactive_map(graph, hub, pos, type_names, relations_word,
                               f"localnet-map-{path.stem.rsplit('_', 1)[-1]}")
    page = (f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n</head>\n<body>\n'
            f"<h1>{html.escape(title)}</h1>\n{MAP_BEGIN}\n{fragment}\n{MAP_END}\n</body>\n</html>\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8", newline="\n")
    return path


def map_fragment(path: str | Path) -> str:
    """The interactive map inside a page written by :func:`write_interactive_map`, to show
    inside the report."""
    text = figure_file(path).read_text(encoding="utf-8")
    start, end = text.find(MAP_BEGIN), text.find(MAP_END)
    if start < 0 or end < start:
        raise InputError(path, f"no map between {MAP_BEGIN} and {MAP_END}",
                         hint="run 05_maps again to write the page anew.")
    return text[start + len(MAP_BEGIN):end].strip("\n")
