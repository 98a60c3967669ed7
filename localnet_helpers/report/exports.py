"""Exports for colleagues: every table of a run in one Excel workbook, and each year's network
as GraphML and GEXF for Gephi.

``tables.xlsx`` has one sheet per table, the years stacked with a ``Year`` column, readable
headers, and text that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return)
stored as text that Excel shows and never evaluates. A text longer than an Excel cell holds
(32,767 characters) is cut there and ends in ``…`` (the CSV files hold it whole). The file is
byte-identical for identical tables (:mod:`localnet_helpers.xlsx`).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import networkx as nx
import pandas as pd

from ..xlsx import save_workbook, text_cell

__all__ = ["EXCEL_CELL_LIMIT", "readable", "write_tables", "write_graph_files"]

#: The most characters an Excel cell holds.
EXCEL_CELL_LIMIT = 32767


_HEADERS = {"ei_index": "E-I index", "actor_id": "Actor id"}


def readable(column: str) -> str:
    """A column name as a header: ``mean_relations`` -> ``Mean relations``."""
    return _HEADERS.get(column) or column.replace("_", " ").strip().capitalize()


def _cell_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
        return value[:EXCEL_CELL_LIMIT - 1] + "…"
    return value


def write_tables(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write ``{sheet name: table}`` to an Excel workbook, in the given sheet order."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, table in tables.items():
        sheet = book.create_sheet(name[:31])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(table.columns, start=1):
            values = table[column].astype(str)
            width = max([len(readable(column)), *values.str.len().tolist()])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 50) + 2
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, readable(column))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.itertuples(index=False):
            sheet.append([text_cell(sheet, _cell_value(v)) for v in row])
    return save_workbook(book, path)


def write_graph_files(graph: nx.Graph, folder: str | Path) -> list[Path]:
    """Write ``network.graphml`` and ``network.gexf``: nodes with ``label`` (name), ``type``
    and ``relations``; edges with ``surfaces``, ``depth`` and ``reports``. Neither file
    carries a date or a tool version (networkx writes both into GEXF: its
    ``lastmodifieddate`` is dropped and its ``<creator>NetworkX x.y</creator>`` says
    ``localnet``), so identical networks give identical files."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    export = nx.Graph()
    for node in sorted(graph):
        data = graph.nodes[node]
        export.add_node(node, label=data["name"], type=data["type"],
                        relations=graph.degree(node))
    for u, v in sorted(tuple(sorted(e)) for e in graph.edges()):
        data = graph.edges[u, v]
        export.add_edge(u, v, **{k: int(data[k]) for k in ("surfaces", "depth", "reports")
                                 if k in data})
    graphml, gexf = folder / "network.graphml", folder / "network.gexf"
    nx.write_graphml(export, graphml)
    text = "\n".join(nx.generate_gexf(export))
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text)
    text = re.sub(r"<creator>[^<]*</creator>", "<creator>localnet</creator>", text)
    gexf.write_text(text + "\n", encoding="utf-8")
    return [graphml, gexf]
