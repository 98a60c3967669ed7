"""tables.xlsx: one sheet per table, readable headers, formula-like text kept as text."""

import filecmp
import re

import pandas as pd
from openpyxl import load_workbook

from localnet_helpers.report.exports import EXCEL_CELL_LIMIT, readable, write_tables


def test_formula_like_text_is_stored_as_text(tmp_path):
    table = pd.DataFrame({"name": ["=SUM(A1:A9)", "+45 1234", "-lokal", "@team", "Røde Kors"],
                          "count": [1, -2, 3, 4, None]})
    path = write_tables({"actors": table, "other": table.head(1)}, tmp_path / "t.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["actors", "other"]
    sheet = book["actors"]
    assert [c.value for c in sheet[1]] == ["Name", "Count"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 7)]
    assert [c.value for c in cells] == ["=SUM(A1:A9)", "+45 1234", "-lokal", "@team",
                                        "Røde Kors"]
    assert all(c.data_type == "s" for c in cells)
    assert sheet.cell(row=3, column=2).value == -2 and sheet.cell(row=6, column=2).value is None


def test_identical_tables_give_identical_files(tmp_path):
    table = pd.DataFrame({"a": [1.5, 2.25], "b": ["x", "=y"]})
    write_tables({"t": table}, tmp_path / "1.xlsx")
    write_tables({"t": table}, tmp_path / "2.xlsx")
    assert filecmp.cmp(tmp_path / "1.xlsx", tmp_path / "2.xlsx", shallow=False)


def test_readable_headers():
    assert readable("mean_relations") == "Mean relations"
    assert readable("ei_index") == "E-I index"


def test_graph_files_carry_no_tool_version_or_date(tmp_path):
    import networkx as nx

    from localnet_helpers.report.exports import write_graph_files

    names = {"a": "$\\x$", "b": "![k](secret.txt)", "c": "<script>x</script> & co"}
    graph = nx.Graph()
    for node, name in names.items():
        graph.add_node(node, name=name, type="citizen")
    graph.add_edge("a", "b", surfaces=2, depth=4, reports=1)
    graphml, gexf = write_graph_files(graph, tmp_path / "one")
    for path in (graphml, gexf):
        text = path.read_text(encoding="utf-8")
        assert "networkx" not in text.lower() and "lastmodifieddate" not in text, path.name
        assert not re.search(r"<creator>[^<]*\d", text), path.name
    again = write_graph_files(graph, tmp_path / "two")
    assert [p.read_bytes() for p in again] == [graphml.read_bytes(), gexf.read_bytes()]
    for read in (nx.read_graphml(graphml), nx.read_gexf(gexf)):
        assert {n: d["label"] for n, d in read.nodes(data=True)} == names
        assert read.edges["a", "b"]["depth"] == 4


def test_text_longer_than_an_excel_cell_is_cut_with_a_mark(tmp_path):
    long = "a" * 40000
    path = write_tables({"t": pd.DataFrame({"description": [long, "short"]})},
                        tmp_path / "t.xlsx")
    sheet = load_workbook(path)["t"]
    cut = sheet.cell(row=2, column=1).value
    assert len(cut) == EXCEL_CELL_LIMIT == 32767 and cut == "a" * 32766 + "…"
    assert sheet.cell(row=3, column=1).value == "short"


def test_danish_headers_and_sheets_come_from_the_texts(tmp_path):
    table = pd.DataFrame({"year": [2019], "actor_id": ["=x"], "relations_2019": [3],
                          "mean_relations": [1.5], "n_x": [1]})
    path = write_tables({"change_actors": table, "t": table}, tmp_path / "da.xlsx", "da")
    book = load_workbook(path)
    assert book.sheetnames == ["Ændringer pr. aktør", "t"]
    assert [c.value for c in book["t"][1]] == ["År", "Aktør-id", "Relationer 2019",
                                               "Gns. relationer pr. aktør", "N x"]
    assert book["t"].cell(row=2, column=2).data_type == "s"
    again = write_tables({"change_actors": table, "t": table}, tmp_path / "da2.xlsx", "da")
    assert filecmp.cmp(path, again, shallow=False)
    assert readable("relations_2019") == "Relations 2019"
