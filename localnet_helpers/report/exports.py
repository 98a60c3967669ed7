"""Exports for colleagues: every table of a run in one Excel workbook, and each year's network
as GraphML and GEXF for Gephi.

``tables.xlsx`` opens with a sheet that explains the others and their definitions, then has
one sheet per table, the years stacked with a ``Year`` column, readable headers and sheet
names in the study's language (the ``columns``, ``sheets`` and ``workbook`` texts of
:mod:`localnet_helpers.texts`), actor names beside actor ids, shares as percentages and
decimals with number formats, a frozen header row with filters on every sheet, and text
that starts like a formula (``=``, ``+``, ``-``,
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
from ..texts import load, texts
from ..xlsx import save_workbook, text_cell
from .figures import TYPE_COLOURS

__all__ = ["EXCEL_CELL_LIMIT", "GEPHI_SCALE", "NAME_COLUMNS", "readable", "sheet_name",
           "number_format", "with_names", "value_names", "with_words", "write_tables",
           "gephi_size", "write_graph_files"]

#: The most characters an Excel cell holds.
EXCEL_CELL_LIMIT = 32767


_YEAR_COLUMN = re.compile(r"^(?P<base>.+)_(?P<year>[0-9]{4})$")


def readable(column: str, language: str = "en") -> str:
    """A column name as a header in ``language``: the texts' ``columns`` (and
    ``workbook_columns``, the names beside ids), a year's column by its ``<base>_year``
    template, any other name with spaces.

    >>> readable("mean_relations"), readable("relations_2019", "da"), readable("n_x")
    ('Mean relations', 'Relationer 2019', 'N x')
    """
    texts = load(language)
    headers = {**texts["columns"], **texts["workbook_columns"]}
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


#: Columns that hold an actor_id, and the column of names :func:`write_tables` puts beside.
NAME_COLUMNS = {"actor_id": "name", "source": "source_name", "target": "target_name"}
#: Number formats of the workbook: shares, decimals, small measures, whole numbers.
PERCENT, DECIMALS, FINE, WHOLE = "0.0%", "0.00", "0.000", "0"
_FINE_COLUMNS = {"density", "degree_centralization", "degree_centrality", "betweenness",
                 "eigenvector"}
_SHARE_COLUMNS = {"share", "jaccard", "hub_reach"}


def number_format(column: str, values: pd.Series) -> str | None:
    """The number format of a column in ``tables.xlsx``: a share (``share``, ``jaccard``,
    ``hub_reach`` or a name ending in ``_share`` or ``_rate``) as a percentage with one
    decimal, a column of whole numbers stored as decimals (a wave's count, empty where the
    actor was absent) without decimals, the small measures (density, centralities) with three
    decimals, other decimals with two; None (Excel's General) for text and whole numbers.

    >>> number_format("deep_share", pd.Series([0.5])), number_format("count", pd.Series([2]))
    ('0.0%', None)
    >>> number_format("relations_2019", pd.Series([2.0, None]))
    '0'
    """
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return None
    if column in _SHARE_COLUMNS or column.endswith(("_share", "_rate")):
        return PERCENT
    if not pd.api.types.is_float_dtype(values):
        return None
    present = values.dropna()
    if len(present) and bool((present == present.round()).all()):
        return WHOLE
    return FINE if column in _FINE_COLUMNS else DECIMALS


def with_names(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """``table`` with the actor's name beside every column of actor ids
    (:data:`NAME_COLUMNS`) that has none yet; an id without a name gets an empty cell."""
    table = table.copy()
    for column, name_column in NAME_COLUMNS.items():
        if column in table.columns and name_column not in table.columns:
            position = list(table.columns).index(column) + 1
            table.insert(position, name_column, table[column].map(names).fillna(""))
    return table


def value_names(language: str = "en", hub_name: str | None = None) -> dict[str, dict[str, str]]:
    """The words ``tables.xlsx`` shows for the codes of its categorical columns, per column:
    actor types (``type``, ``type_a``, ``type_b``, ``group``; ``all`` for every type), the two
    networks (``network``), the depth table's ``scope`` and ``unit``, the tie rules
    (``tie_rule``), in ``language``; ``hub_name`` fills in the hub's network (without it, the
    texts' word for the hub).

    >>> value_names("da", "Nordens Plads")["network"]["hub"]
    "Nordens Plads' netværk"
    """
    t = texts(language, hub_name or load(language)["hub"])
    types = {**t["types"], "all": t["workbook"]["all"]}
    return {"type": types, "type_a": types, "type_b": types, "group": types,
            "network": dict(t["networks"]), "scope": dict(t["scopes"]),
            "unit": {"relations": t["columns"]["relations"],
                     "surfaces": t["columns"]["surfaces"]},
            "tie_rule": dict(t["tie_rule_names"])}


def with_words(table: pd.DataFrame, words: dict[str, dict[str, str]]) -> pd.DataFrame:
    """``table`` with the codes of its categorical columns replaced by ``words``
    (:func:`value_names`); a value without a word is kept as it is."""
    table = table.copy()
    for column, names in words.items():
        if column in table.columns and not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].map(lambda v, n=names: n.get(v, v))
    return table


def _cell_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, str):
        return shorten(value, EXCEL_CELL_LIMIT)
    return value


def _about(tables: dict[str, pd.DataFrame], language: str) -> pd.DataFrame:
    """The first sheet: every other sheet with what it shows and its definitions, then the
    notes that hold for all of them."""
    texts = load(language)
    words, described = texts["workbook"], texts["workbook_tables"]
    rows = [(sheet_name(name, language), described.get(name, words["other"]))
            for name in tables]
    rows += [(words["all_sheets"], note) for note in words["notes"]]
    return pd.DataFrame(rows, columns=[words["sheet"], words["contents"]])


def _write_sheet(book, title: str, table: pd.DataFrame, headers: list[str]) -> None:
    """One sheet: a bold, frozen header row with filters, then the rows, numbers in their
    :func:`number_format`, formula-like text as text."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(headers), 1))
    sheet.auto_filter.ref = f"A1:{last}{len(table) + 1}"
    formats = [number_format(column, table[column]) for column in table.columns]
    for index, (column, text) in enumerate(zip(table.columns, headers), start=1):
        values = table[column].astype(str)
        width = max([len(text), *values.str.len().tolist()])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 80) + 2
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    long_text = [pd.api.types.is_string_dtype(table[c]) and
                 bool((table[c].astype(str).str.len() > 80).any()) for c in table.columns]
    for row in table.itertuples(index=False):
        cells = []
        for value, form, wrapped in zip(row, formats, long_text):
            plain = _cell_value(value)
            cell = text_cell(sheet, plain)
            number = isinstance(plain, (int, float)) and not isinstance(plain, bool)
            if (form and number) or (wrapped and plain is not None):
                if not hasattr(cell, "number_format"):  # a value, not a cell yet
                    cell = WriteOnlyCell(sheet, plain)
                if form and number:
                    cell.number_format = form
                if wrapped:
                    cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)


def write_tables(tables: dict[str, pd.DataFrame], path: str | Path, language: str = "en",
                 names: dict[str, str] | None = None, hub_name: str | None = None,
                 about: bool = True) -> Path:
    """Write ``{table name: table}`` to an Excel workbook that colleagues can use.

    A first sheet (``about``) names every other sheet with what it shows and its definitions
    (the texts' ``workbook_tables``; a table without one points to the report and
    docs/metrics.md). Then one sheet per table in the given order, named (:func:`sheet_name`)
    and headed (:func:`readable`) in ``language``; with ``names`` (actor_id -> name), the name
    beside every column of actor ids (:func:`with_names`); the codes of the categorical
    columns (types, networks, scopes, tie rules) in words (:func:`value_names`, ``hub_name``
    naming the hub's network). Numbers keep their full value with
    a :func:`number_format`; every sheet has a frozen header row with filters. Any table gets
    this treatment, whatever its name.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    words = value_names(language, hub_name)
    tables = {name: with_words(with_names(table, names) if names else table, words)
              for name, table in tables.items()}
    if about:
        sheet = _about(tables, language)
        _write_sheet(book, load(language)["workbook"]["about_sheet"][:31], sheet,
                     list(sheet.columns))
    for name, table in tables.items():
        _write_sheet(book, sheet_name(name, language), table,
                     [readable(column, language) for column in table.columns])
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
