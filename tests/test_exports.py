"""tables.xlsx: one sheet per table, readable headers, formula-like text kept as text."""

import filecmp
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from localnet_helpers.report.exports import EXCEL_CELL_LIMIT, readable, write_tables


def test_formula_like_text_is_stored_as_text(tmp_path):
    table = pd.DataFrame({"name": ["=SUM(A1:A9)", "+45 1234", "-lokal", "@team", "Røde Kors"],
                          "count": [1, -2, 3, 4, None]})
    path = write_tables({"actors": table, "other": table.head(1)}, tmp_path / "t.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["About the tables", "actors", "other"]
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
    assert book.sheetnames == ["Om tabellerne", "Ændringer pr. aktør", "t"]
    assert [c.value for c in book["t"][1]] == ["År", "Aktør-id", "Relationer 2019",
                                               "Gns. relationer pr. aktør", "N x"]
    assert book["t"].cell(row=2, column=2).data_type == "s"
    again = write_tables({"change_actors": table, "t": table}, tmp_path / "da2.xlsx", "da")
    assert filecmp.cmp(path, again, shallow=False)
    assert readable("relations_2019") == "Relations 2019"


def test_gexf_draws_the_reports_map(tmp_path):
    """Parsed with xml.etree: each node's viz:position is its map position × GEPHI_SCALE, its
    viz:color its type's map colour, its viz:size the map dot's diameter for its relations;
    each edge's weight is its surfaces; type (in the study's language), hub network,
    betweenness and eigenvector are attributes. GraphML carries the same as attributes."""
    import xml.etree.ElementTree as ET

    import networkx as nx

    from localnet_helpers.report.exports import GEPHI_SCALE, write_graph_files
    from localnet_helpers.report.figures import TYPE_COLOURS

    graph = nx.Graph()
    for node, kind in (("h", "professional"), ("v", "volunteer"), ("c", "citizen"),
                       ("far", "citizen")):
        graph.add_node(node, name=f"Actor {node}", type=kind)
    graph.add_edge("h", "v", surfaces=3, depth=5, reports=2)
    graph.add_edge("v", "c", surfaces=1, depth=1, reports=1)
    positions = {"h": (0.0, 0.0), "v": (0.5, -0.25), "c": (-1.25, 1.0), "far": (1.5, 0.125)}
    types = {"professional": "Professionelle", "volunteer": "Frivillige", "citizen": "Borgere"}
    centrality = pd.DataFrame({"actor_id": ["c", "far", "h", "v"],
                               "betweenness": [0.0, 0.0, 0.0, 2 / 3],
                               "eigenvector": [0.5, 0.0, 0.5, 1.0]})
    graphml, gexf = write_graph_files(graph, tmp_path, positions, "h", types, centrality)

    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    root = ET.parse(gexf).getroot()
    titles = {a.get("id"): a.get("title") for a in root.iter(f"{{{ns['g']}}}attribute")}
    nodes = {n.get("id"): n for n in root.iter(f"{{{ns['g']}}}node")}
    assert sorted(nodes) == ["c", "far", "h", "v"]
    relations = {"h": 1, "v": 2, "c": 1, "far": 0}
    for node, element in nodes.items():
        place = element.find("viz:position", ns)
        assert (float(place.get("x")), float(place.get("y"))) == \
            (positions[node][0] * GEPHI_SCALE, positions[node][1] * GEPHI_SCALE)
        colour = element.find("viz:color", ns)
        assert "#{:02X}{:02X}{:02X}".format(*(int(colour.get(k)) for k in "rgb")) == \
            TYPE_COLOURS[graph.nodes[node]["type"]]
        # the map's dot has area 30 + 18 × relations square points; Gephi gets its diameter
        size = float(element.find("viz:size", ns).get("value"))
        assert size == pytest.approx((30 + 18 * relations[node]) ** 0.5, abs=0.005)
        values = {titles[v.get("for")]: v.get("value")
                  for v in element.iter(f"{{{ns['g']}}}attvalue")}
        assert values["type"] == types[graph.nodes[node]["type"]]
        assert values["hub_network"] == ("true" if node in ("h", "v") else "false")
        assert values["relations"] == str(relations[node])
    assert float({titles[v.get("for")]: v.get("value")
                  for v in nodes["v"].iter(f"{{{ns['g']}}}attvalue")}["betweenness"]) == 2 / 3
    edges = {tuple(sorted((e.get("source"), e.get("target")))): e
             for e in root.iter(f"{{{ns['g']}}}edge")}
    assert {pair: float(e.get("weight")) for pair, e in edges.items()} == \
        {("h", "v"): 3.0, ("c", "v"): 1.0}
    depth = {titles[v.get("for")]: v.get("value")
             for v in edges[("h", "v")].iter(f"{{{ns['g']}}}attvalue")}
    assert depth == {"surfaces": "3", "depth": "5", "reports": "2"}

    again = nx.read_graphml(graphml)
    assert again.nodes["c"]["x"] == -1.25 * GEPHI_SCALE and again.nodes["c"]["y"] == GEPHI_SCALE
    assert again.nodes["c"]["colour"] == TYPE_COLOURS["citizen"]
    assert again.nodes["v"]["type"] == "Frivillige" and again.nodes["v"]["hub_network"]
    assert again.edges["h", "v"]["weight"] == 3 and again.edges["h", "v"]["depth"] == 5


def test_names_formats_filters_and_the_first_sheet(tmp_path):
    from localnet_helpers.report.exports import number_format

    relations = pd.DataFrame({"source": ["a", "b"], "target": ["b", "x"], "surfaces": [2, 1]})
    reach = pd.DataFrame({"type": ["citizen"], "actors": [6], "reached": [5],
                          "share": [5 / 6]})
    movers = pd.DataFrame({"actor_id": ["a"], "name": ["Alpha"], "relations_2019": [2.0],
                           "relations_2020": [None], "mean_relations": [4 / 3],
                           "betweenness": [1 / 12]})
    path = write_tables({"relations": relations, "reach": reach, "change_actors": movers},
                        tmp_path / "t.xlsx", "en", names={"a": "Alpha", "b": "=Beta"})
    book = load_workbook(path)
    about = book["About the tables"]
    assert book.sheetnames[0] == "About the tables"
    assert [c.value for c in about["A"]][1:4] == ["relations", "reach", "change_actors"]
    assert about["B3"].value.startswith("The focal organisation's reach per actor type")
    sheet = book["relations"]
    assert [c.value for c in sheet[1]] == ["Source", "Source name", "Target", "Target name",
                                           "Surfaces"]
    assert [sheet["B2"].value, sheet["B3"].value, sheet["D3"].value] == ["Alpha", "=Beta", None]
    assert sheet["B3"].data_type == "s"  # a name that looks like a formula stays text
    share = book["reach"]["D2"]
    assert share.value == 5 / 6 and share.number_format == "0.0%"  # shown 83.3%, full value
    movers_sheet = book["change_actors"]
    assert [c.value for c in movers_sheet[1]][:2] == ["Actor id", "Name"]  # not named twice
    assert [movers_sheet[c].number_format for c in ("C2", "E2", "F2")] == \
        ["0", "0.00", "0.000"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" \
            f"{sheet.max_row}", sheet.title
    assert number_format("name", pd.Series(["x"])) is None


def test_a_danish_workbook_has_no_english_header(tmp_path):
    """Every sheet name and header cell of a Danish study's tables.xlsx, written from a real
    run's tables, is a Danish text: none is an English text that differs from its Danish one,
    and none is a column name turned into words (the fallback for a column without a text)."""
    from localnet_helpers import catalogue
    from localnet_helpers.run.pipeline import run
    from localnet_helpers.texts import load

    from conftest import two_year_study

    out = tmp_path / "out"
    run(two_year_study(tmp_path / "study"), out, progress=lambda line: None)
    book = load_workbook(catalogue.path(out, "tables"))
    english, danish = load("en"), load("da")
    def words(texts: dict) -> set[str]:
        tables = ("columns", "workbook_columns", "sheets", "workbook")
        return {w for table in tables for w in texts[table].values() if isinstance(w, str)}

    en_only, allowed = words(english) - words(danish), words(danish)
    allowed |= {danish["columns"]["relations_year"].format(year=y) for y in (2020, 2021)}
    assert book.sheetnames[0] == "Om tabellerne"
    listed = [c.value for c in book["Om tabellerne"]["A"][1:]]
    assert listed[:len(book.sheetnames) - 1] == book.sheetnames[1:]  # every sheet explained
    explained = [c.value for c in book["Om tabellerne"]["B"][1:len(book.sheetnames)]]
    assert danish["workbook"]["other"] not in explained  # each with its own definitions
    assert len(book.sheetnames) >= 1 + 3 + len(catalogue.YEAR_TABLES)
    for sheet in book.worksheets:
        assert sheet.title in allowed and sheet.title not in en_only
        for cell in sheet[1]:
            assert cell.value in allowed, (sheet.title, cell.value)
            assert cell.value not in en_only, (sheet.title, cell.value)
    # the codes of the categorical columns are words too
    summary = book["Oversigt"]
    assert {c.value for c in summary["B"][1:]} == {"Hele området", "Alpha Centres netværk"}
    reach = book["Rækkevidde"]
    assert [c.value for c in reach["B"][1:5]] == ["Professionelle aktører",
                                                   "Frivillige organisationer",
                                                   "Borgerdrevne foreninger", "Alle aktørtyper"]
    assert {c.value for c in book["Robusthed"]["B"][1:]} == {"Mindst én part", "Begge parter"}
