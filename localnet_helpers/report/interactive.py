"""The interactive network map: inline SVG with a switch between waves, hover text and zoom,
working offline.

One map holds every wave at the same positions; buttons switch between them (the last wave is
shown first). Hovering an actor shows its full name, type and number of relations (the SVG
``<title>`` tooltip every browser shows). The page scrolls past the map as usual: the map
zooms only with Ctrl/⌘ + wheel or its + and − buttons, dragging pans, a double click or ↺
resets; labels keep their size when zooming. A legend under the map names every colour and
mark. Everything is inline -- no script or style is loaded from another host -- and every
text taken from the data is HTML-escaped, so an actor named ``<script>`` shows as text and
runs nothing.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import networkx as nx

from ..errors import InputError
from ..inputs.register import ACTOR_TYPES
from ..measures.network import hub_network
from .figures import TYPE_COLOURS, figure_file, short_label
from .maps import INNER, OUTER

__all__ = ["MAP_BEGIN", "MAP_END", "interactive_map", "write_interactive_map", "map_fragment",
           "label_box", "label_positions"]

#: Comments around the interactive map inside its page (``figures/interactive_map_<year>.html``).
MAP_BEGIN, MAP_END = "<!-- localnet-map -->", "<!-- /localnet-map -->"

#: Map units per unit of the layout (the layout's circles have radius 1 and 1.6).
_SCALE = 300
#: Size of the labels in pixels of the map as first shown; kept when zooming.
_FONT = 12

_SCRIPT = """
<script>
(function () {
  var svg = document.getElementById("%(id)s");
  if (!svg || !svg.viewBox) { return; }
  var root = svg.parentNode;
  var home = [svg.viewBox.baseVal.x, svg.viewBox.baseVal.y,
              svg.viewBox.baseVal.width, svg.viewBox.baseVal.height];
  var drag = null;
  function box() { return svg.viewBox.baseVal; }
  function labels() {
    var size = %(font)s * box().width / home[2];
    root.querySelectorAll("g.labels").forEach(function (g) {
      g.setAttribute("font-size", size.toFixed(3));
    });
  }
  function zoom(k, fx, fy) {
    var b = box(), w = b.width * k, h = b.height * k;
    b.x = b.x + (b.width - w) * fx; b.y = b.y + (b.height - h) * fy; b.width = w; b.height = h;
    labels();
  }
  function reset() {
    var b = box(); b.x = home[0]; b.y = home[1]; b.width = home[2]; b.height = home[3];
    labels();
  }
  svg.addEventListener("wheel", function (event) {
    if (!(event.ctrlKey || event.metaKey)) { return; }  /* the page scrolls on */
    event.preventDefault();
    var rect = svg.getBoundingClientRect();
    zoom(event.deltaY < 0 ? 0.8 : 1.25, (event.clientX - rect.left) / rect.width,
         (event.clientY - rect.top) / rect.height);
  }, {passive: false});
  svg.addEventListener("mousedown", function (event) {
    drag = [event.clientX, event.clientY]; event.preventDefault();
  });
  window.addEventListener("mouseup", function () { drag = null; });
  svg.addEventListener("mousemove", function (event) {
    if (!drag) { return; }
    var b = box(), rect = svg.getBoundingClientRect();
    b.x -= (event.clientX - drag[0]) * b.width / rect.width;
    b.y -= (event.clientY - drag[1]) * b.height / rect.height;
    drag = [event.clientX, event.clientY];
  });
  svg.addEventListener("dblclick", reset);
  root.querySelectorAll("button[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var how = button.getAttribute("data-zoom");
      if (how === "reset") { reset(); } else { zoom(how === "in" ? 0.8 : 1.25, 0.5, 0.5); }
    });
  });
  var waves = root.querySelectorAll("button[data-wave]");
  waves.forEach(function (button) {
    button.addEventListener("click", function () {
      var year = button.getAttribute("data-wave");
      root.querySelectorAll("g.wave, div.wave-legend").forEach(function (g) {
        var on = g.getAttribute("data-wave") === year;
        if (g.tagName.toLowerCase() === "div") { g.style.display = on ? "" : "none"; }
        else { g.setAttribute("display", on ? "inline" : "none"); }
      });
      waves.forEach(function (b) {
        var on = b === button;
        b.setAttribute("aria-pressed", on ? "true" : "false");
        b.style.fontWeight = on ? "bold" : "normal";
        b.style.background = on ? "#e8eef6" : "#fff";
      });
    });
  });
})();
</script>
"""

_BUTTON = ("border:1px solid #999;background:#fff;border-radius:3px;padding:0.15em 0.6em;"
           "font:inherit;cursor:pointer")
_ON = ";font-weight:bold;background:#e8eef6"

#: The standalone page's style: the report's column, font and map frame.
_PAGE_STYLE = """<style>
  body { max-width: 1000px; margin: 0 auto; padding: 1em 1.5em; color: #212121;
         font-family: system-ui, -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica,
                      Arial, sans-serif; font-size: 14px; line-height: 1.5; }
  h1 { font-size: 1.8em; font-weight: 500; margin: 0.6em 0 0.3em; }
  .localnet-note { color: #444; font-style: italic; }
  .localnet-map svg { width: 100%; height: auto; border: 1px solid #ddd; }
</style>"""


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _radius(degree: int) -> float:
    """An actor's circle radius in map units: it grows with the root of its relations."""
    return _SCALE * (0.012 + 0.0075 * math.sqrt(degree))


#: A label's width per character and its line height, in units of the font size: wide enough
#: for the widest common sans-serif fonts (DejaVu Sans averages about 0.6).
_CHAR, _LINE = 0.62, 1.1
#: Free space around a label, in map units (the label's white halo is 1.5 wide).
_PAD = 3.0
#: Where a label may go, tried in order: below, above, right, left and the four diagonals of
#: its node, each at growing gaps (in label heights).
_SIDES = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))
_STEPS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)


def label_box(cx: float, top: float, lines: list[str]) -> tuple[float, float, float, float]:
    """The box ``(x0, y0, x1, y1)`` in map units that a label of ``lines`` takes, centred on
    ``cx`` with its first line's top at ``top``, at the map's first zoom (:data:`_FONT`).

    >>> label_box(0, 0, ["abcde"])
    (-21.6, -3.0, 21.6, 18.6)
    """
    width = _CHAR * _FONT * max((len(line) for line in lines), default=0)
    height = _LINE * _FONT * len(lines) + 0.2 * _FONT
    return tuple(round(v, 6) for v in (cx - width / 2 - _PAD, top - _PAD,
                                       cx + width / 2 + _PAD, top + height + _PAD))


def _overlap(a: tuple, b: tuple) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def label_positions(pos: dict, radii: dict[str, float],
                    lines: dict[str, list[str]]) -> dict[str, tuple[float, float]]:
    """Where each label goes: ``{node: (centre x, top y)}`` in map units, for the nodes of
    ``lines`` in their order (most relations first).

    Deterministic placement: each label is tried below its node, then above, right, left and
    on the diagonals, at growing gaps (:data:`_SIDES`, :data:`_STEPS`), and takes the first
    place where its box (:func:`label_box`) overlaps no label placed before it and no
    labelled node's circle; if there is none, the place with the least overlap. Zooming in
    keeps the labels' size on screen, so each box shrinks towards its anchor inside it and
    labels that are apart at the first zoom stay apart.
    """
    circles = {n: (_SCALE * pos[n][0] - r, -_SCALE * pos[n][1] - r,
                   _SCALE * pos[n][0] + r, -_SCALE * pos[n][1] + r) for n, r in radii.items()}
    placed: dict[str, tuple[float, float]] = {}
    boxes: list[tuple] = []
    for node, text in lines.items():
        x, y, r = _SCALE * pos[node][0], -_SCALE * pos[node][1], radii[node]
        probe = label_box(0.0, 0.0, text)
        half_w, height = (probe[2] - probe[0]) / 2, probe[3] - probe[1]
        others = [box for n, box in circles.items() if n != node] + boxes
        best = None
        for step in _STEPS:
            for dx, dy in _SIDES:
                gap = step * height
                cx = x + dx * (r + half_w + gap) if dx else x
                top = (y + r + _PAD + gap if dy > 0 else y - r - height + _PAD - gap) if dy \
                    else y - height / 2 + _PAD
                box = label_box(cx, top, text)
                cost = sum(_overlap(box, other) for other in others)
                if best is None or cost < best[0]:
                    best = (cost, cx, top, box)
                if cost == 0:
                    break
            if best[0] == 0:
                break
        placed[node] = (best[1], best[2])
        boxes.append(best[3])
    return placed


def _swatch(colour: str, text: str, *, ring: bool = False, opacity: float = 1.0,
            border: str = "#000") -> str:
    border = f"2px solid {border}" if ring else "1px solid #fff"
    return (f'<span style="display:inline-flex;align-items:center;margin-right:1.2em">'
            f'<span style="display:inline-block;width:0.9em;height:0.9em;border-radius:50%;'
            f'background:{colour};border:{border};opacity:{opacity};margin-right:0.35em">'
            f"</span>{html.escape(text)}</span>")


def _wave(graph: nx.Graph, hub: str, pos: dict, type_names: dict[str, str],
          words: tuple[str, str], top: int, year: int, shown: bool,
          silent: frozenset[str] = frozenset()) -> str:
    """One wave's relations, actors and labels as an SVG group; the actors in ``silent``
    (that did not answer the wave) as rings in their type colour."""
    esc = html.escape
    degree = dict(graph.degree())
    members = set(hub_network(graph, hub)) if hub in graph else set()
    parts = [f'<g class="wave" data-wave="{year}" display="{"inline" if shown else "none"}">'
             '<g stroke="#888" stroke-opacity="0.35" stroke-width="0.8">']
    for u, v in sorted(tuple(sorted(e)) for e in graph.edges()):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        parts.append(f'<line x1="{_num(_SCALE * x1)}" y1="{_num(-_SCALE * y1)}" '
                     f'x2="{_num(_SCALE * x2)}" y2="{_num(-_SCALE * y2)}" '
                     'vector-effect="non-scaling-stroke"/>')
    parts.append("</g><g>")
    labelled = sorted(graph, key=lambda n: (-degree[n], n))[:top]
    for node in sorted(graph, key=lambda n: (degree[n], n)):
        data = graph.nodes[node]
        x, y = pos[node]
        radius = _radius(degree[node])
        word = words[1] if degree[node] == 1 else words[0]
        tip = f"{data['name']} — {type_names[data['type']]} — {degree[node]} {word}"
        colour = TYPE_COLOURS[data["type"]]
        stroke = ' stroke="#000" stroke-width="3"' if node == hub else \
            f' stroke="{colour}" stroke-width="2.5"' if node in silent else \
            ' stroke="#fff" stroke-width="1"'
        pale = ' opacity="0.3"' if node not in members and math.hypot(x, y) < INNER else ""
        mark = ' class="labelled"' if node in labelled else ""
        parts.append(f'<circle{mark} cx="{_num(_SCALE * x)}" cy="{_num(-_SCALE * y)}" '
                     f'r="{_num(radius)}" fill="{"#fff" if node in silent else colour}"'
                     f"{pale}{stroke} "
                     'vector-effect="non-scaling-stroke">'
                     f"<title>{esc(tip)}</title></circle>")
    parts.append(f'</g><g class="labels" font-size="{_FONT}" fill="#222" '
                 'text-anchor="middle" pointer-events="none" stroke="#fff" '
                 'stroke-width="3" stroke-opacity="0.8" paint-order="stroke">')
    lines = {n: short_label(graph.nodes[n]["name"], 28).split("\n") for n in labelled}
    radii = {n: _radius(degree[n]) for n in labelled}
    for node, (cx, top_y) in label_positions(pos, radii, lines).items():
        spans = "".join(
            f'<tspan x="{_num(cx)}" dy="{"1em" if i == 0 else "1.1em"}">'
            f"{esc(line)}</tspan>" for i, line in enumerate(lines[node]))
        # a tspan's dy replaces the text's for its characters: the first line's is 1em
        parts.append(f'<text x="{_num(cx)}" y="{_num(top_y)}" '
                     f'vector-effect="non-scaling-stroke">{spans}</text>')
    parts.append("</g></g>")
    return "".join(parts)


def interactive_map(graphs: nx.Graph | dict[int, nx.Graph], hub: str, pos: dict,
                    type_names: dict[str, str], relations_word: str, element_id: str,
                    top: int = 10, *, relation_word: str = "", outside_label: str = "",
                    zoom_words: tuple[str, str, str] = ("+", "−", "↺"),
                    non_respondents: dict[int, set[str]] | None = None,
                    non_respondent_label: str = "") -> str:
    """Return the HTML of an interactive map of every wave in ``graphs`` (one network or
    ``{year: network}``) at the positions ``pos``, with a button per wave (the last shown),
    zoom buttons (``zoom_words`` as their tooltips), a legend and the map's one script.
    ``relation_word`` is the singular of ``relations_word`` ("1 relation");
    ``non_respondents`` (per wave, the actors that did not answer it) are drawn as rings in
    their type colour, named in the legend as ``non_respondent_label``."""
    esc = html.escape
    if isinstance(graphs, nx.Graph):
        year = element_id.rsplit("-", 1)[-1]
        graphs = {int(year) if year.isdigit() else 0: graphs}
    years = sorted(graphs)
    words = (relations_word, relation_word or relations_word)
    size = _SCALE * (OUTER + 0.35)
    controls = ['<div style="display:flex;flex-wrap:wrap;gap:0.35em;margin:0.4em 0">']
    if len(years) > 1:
        for year in years:
            on = year == years[-1]
            controls.append(f'<button type="button" data-wave="{year}" aria-pressed='
                            f'"{"true" if on else "false"}" style="{_BUTTON}'
                            f'{_ON if on else ""}">{year}</button>')
    controls.append('<span style="flex:1"></span>')
    for how, symbol, word in zip(("in", "out", "reset"), ("+", "−", "↺"), zoom_words):
        controls.append(f'<button type="button" data-zoom="{how}" title="{esc(word)}" '
                        f'aria-label="{esc(word)}" style="{_BUTTON}">{symbol}</button>')
    controls.append("</div>")
    parts = [f'<div class="localnet-map"><svg id="{esc(element_id)}" '
             f'xmlns="http://www.w3.org/2000/svg" viewBox="{_num(-size)} {_num(-size)} '
             f'{_num(2 * size)} {_num(2 * size)}" role="img" style="cursor:grab">']
    for radius in (INNER * 1.05, OUTER):
        parts.append(f'<circle cx="0" cy="0" r="{_num(_SCALE * radius)}" fill="none" '
                     'stroke="#333" stroke-width="1.2" stroke-dasharray="8 5" '
                     'vector-effect="non-scaling-stroke"/>')
    silent = {year: frozenset((non_respondents or {}).get(year, set())) & set(graphs[year])
              for year in years}
    for year in years:
        parts.append(_wave(graphs[year], hub, pos, type_names, words, top, year,
                           year == years[-1], silent[year]))
    parts += ["</svg>", *controls]
    for year in years:  # the legend: the types present, the hub, pale dots if any
        graph = graphs[year]
        types = {graph.nodes[n]["type"] for n in graph}
        items = [_swatch(TYPE_COLOURS[t], type_names[t]) for t in ACTOR_TYPES if t in types]
        if hub in graph:
            items.append(_swatch("#ddd", graph.nodes[hub]["name"], ring=True))
        members = set(hub_network(graph, hub)) if hub in graph else set()
        if outside_label and any(n not in members and math.hypot(*pos[n]) < INNER
                                 for n in graph):
            items.append(_swatch("#777", outside_label, opacity=0.3))
        if silent[year] and non_respondent_label:
            items.append(_swatch("#fff", non_respondent_label, ring=True, border="#777"))
        hidden = "" if year == years[-1] else ' style="display:none"'
        parts.append(f'<div class="wave-legend" data-wave="{year}"{hidden}>'
                     f'{"".join(items)}</div>')
    parts.append("</div>")
    return "".join(parts) + _SCRIPT % {"id": esc(element_id), "font": _FONT}


def write_interactive_map(graphs: nx.Graph | dict[int, nx.Graph], hub: str, pos: dict,
                          type_names: dict[str, str], relations_word: str, path: str | Path,
                          title: str, language: str = "da", *, note: str = "",
                          **options) -> Path:
    """Write the interactive map of ``graphs`` (every wave) as a page of its own that works
    offline, styled like the report and titled ``title`` (the study's title), with ``note``
    under the title; ``options`` go to :func:`interactive_map`.

    The map sits between the comments ``MAP_BEGIN`` and ``MAP_END`` of
    :mod:`localnet_helpers.report`, from where the report takes it
    (:func:`map_fragment`).
    """
    path = Path(path)
    fragment = interactive_map(graphs, hub, pos, type_names, relations_word,
                               f"localnet-map-{path.stem.rsplit('_', 1)[-1]}", **options)
    lead = f'<p class="localnet-note">{html.escape(note)}</p>\n' if note else ""
    page = (f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n'
            f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width">\n'
            f"<title>{html.escape(title)}</title>\n{_PAGE_STYLE}\n</head>\n<body>\n"
            f"<h1>{html.escape(title)}</h1>\n{lead}{MAP_BEGIN}\n{fragment}\n{MAP_END}\n"
            "</body>\n</html>\n")
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
