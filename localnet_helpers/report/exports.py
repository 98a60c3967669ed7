"""Exports for colleagues: every table of a run in one Excel workbook, and each year's network
as GraphML and GEXF for Gephi.

``tables.xlsx`` has one sheet per table, the years stacked with a ``Year`` column, readable
headers and sheet names in the study's language (the ``columns`` and ``sheets`` of
:mod:`localnet_helpers.texts`), and text that starts like a formula (``=``, ``+``, ``-``,
``@``, tab, carriage return) stored as text that Excel shows and never evaluates. A text
longer than an Excel cell holds (32,767 characters) is cut there and ends in ``…`` (the CSV
files hold it whole). The file is byte-identical for identical tables
(:mod:`localnet_helpers.xlsx`).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import networkx as nx
import pandas as pd

from ..errors import shorten
from ..measures.network import hub_network
from ..texts import load
from ..xlsx import save_workbook, text_cell
from .figures import TYPE_COLOURS

__all__ = ["EXCEL_CELL_LIMIT", "GEPHI_SCALE", "readable", "sheet_name", "write_tables",
           "gephi_size", "write_graph_files"]

#: The most characters an Excel cell holds.
EXCEL_CELL_LIMIT = 32767


_YEAR_COLUMN = re.compile(r"^(?P<base>.+)_(?P<year>[0-9]{4})$")


def readable(column: str, language: str = "en") -> str:
    """A column name as a header in ``language``: the texts' ``columns``, a year's column by
    its ``<base>_year`` template, any other name with spaces.

    >>> readable("mean_relations"), readable("relations_2019", "da"), readable("n_x")
    ('Mean relations', 'Relationer 2019', 'N x')
    """
    headers = load(language)["columns"]
    if column in headers:
        return headers[column]
    match = _YEAR_COLUMN.match(column)
    if match and f"{match['base']}_year" in headers:
        return headers[f"{match['base']}_year"].format(year=match["year"])
    return column.replace("_", " ").strip().capitalize()


def sheet_name(table: str, language: str = "en") -> str:
    """The sheet of a table in ``language`` (the texts' ``sheets``; else the table's name),
    cut to Excel's 31 characters.

    >>> sheet_name("change_actors", "da"), sheet_name("summary"), sheet_name("t")
    ('Ændringer pr. aktør', 'summary', 't')
    """
    return load(language)["sheets"].get(table, table)[:31]


def _cell_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, str):
        return shorten(value, EXCEL_CELL_LIMIT)
    return value


def write_tables(tables: dict[str, pd.DataFrame], path: str | Path,
                 language: str = "en") -> Path:
    """Write ``{table name: table}`` to an Excel workbook, in the given sheet order, with
    sheet names (:func:`sheet_name`) and headers (:func:`readable`) in ``language``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, table in tables.items():
        sheet = book.create_sheet(sheet_name(name, language))
        headers = [readable(column, language) for column in table.columns]
        sheet.freeze_panes = "A2"
        for index, (column, text) in enumerate(zip(table.columns, headers), start=1):
            values = table[column].astype(str)
            width = max([len(text), *values.str.len().tolist()])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 50) + 2
        header = []
        for text in headers:
            cell = WriteOnlyCell(sheet, text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.itertuples(index=False):
            sheet.append([text_cell(sheet, _cell_value(v)) for v in row])
    return save_workbook(book, path)


#: Gephi units per map unit: the map's dots keep their size relative to the distances.
GEPHI_SCALE = 200.0


def gephi_size(relations: int) -> float:
    """A node's ``viz:size`` in the Gephi files: the diameter, in points, of its dot on the
    report's map (area 30 + 18 × relations square points), so that area grows with relations
    as on the map.

    >>> gephi_size(0), gephi_size(5)
    (5.48, 10.95)
    """
    return round(math.sqrt(30 + 18 * relations), 2)


def _rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}


def write_graph_files(graph: nx.Graph, folder: str | Path,
                      positions: dict[str, tuple[float, float]] | None = None,
                      hub: str | None = None, type_names: dict[str, str] | None = None,
                      centrality: pd.DataFrame | None = None) -> list[Path]:
    """Write ``network.graphml`` and ``network.gexf``, which Gephi opens as the report's map.

    Nodes carry ``label`` (name), ``type`` (its name in ``type_names``, the study's language),
    ``relations`` (degree), ``hub_network`` (true for the hub and its partners), and the
    ``betweenness`` and ``eigenvector`` of the wave's ``centrality`` table. The GEXF file
    draws them: ``viz:position`` = the map's ``positions`` × :data:`GEPHI_SCALE` (y up, as on
    the map), ``viz:color`` = the type's colour on the maps, ``viz:size`` = :func:`gephi_size`;
    the GraphML file carries the same as the attributes ``x``, ``y``, ``colour`` (``#rrggbb``)
    and ``size``. Edges carry ``weight`` = ``surfaces`` (contact surfaces), ``depth`` and
    ``reports``. Neither file carries a date or a tool version (networkx writes both into
    GEXF: its ``lastmodifieddate`` is dropped and its ``<creator>NetworkX x.y</creator>``
    says ``localnet``), so identical networks give identical files.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    members = set(hub_network(graph, hub)) if hub is not None and hub in graph else set()
    measures = ({} if centrality is None else
                centrality.set_index("actor_id")[["betweenness", "eigenvector"]]
                .to_dict("index"))
    plain, drawn = nx.Graph(), nx.Graph()
    for node in sorted(graph):
        data = graph.nodes[node]
        attributes = {"label": data["name"],
                      "type": (type_names or {}).get(data["type"], data["type"]),
                      "relations": graph.degree(node)}
        if hub is not None:
            attributes["hub_network"] = node in members
        if node in measures:
            attributes.update({k: float(v) for k, v in measures[node].items()})
        colour = TYPE_COLOURS.get(data["type"], "#999999")
        size = gephi_size(graph.degree(node))
        plain.add_node(node, **attributes, colour=colour, size=size)
        viz = {"color": {**_rgb(colour), "a": 1.0}, "size": size}
        if positions is not None and node in positions:
            x, y = (round(float(v) * GEPHI_SCALE, 2) + 0.0 for v in positions[node])
            plain.nodes[node].update(x=x, y=y)
            viz["position"] = {"x": x, "y": y, "z": 0.0}
        drawn.add_node(node, **attributes, viz=viz)
    for u, v in sorted(tuple(sorted(e)) for e in graph.edges()):
        data = graph.edges[u, v]
        values = {k: int(data[k]) for k in ("surfaces", "depth", "reports") if k in data}
        if "surfaces" in values:
            values["weight"] = values["surfaces"]
        plain.add_edge(u, v, **values)
        drawn.add_edge(u, v, **values)
    graphml, gexf = folder / "network.graphml", folder / "network.gexf"
    nx.write_graphml(plain, graphml)
    text = "\n".join(nx.generate_gexf(drawn))
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text)
    text = re.sub(r"<creator>[^<]*</creator>", "<creator>localnet</creator>", text)
    gexf.write_text(text + "\n", encoding="utf-8")
    return [graphml, gexf]
