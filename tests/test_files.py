"""Reading input tables: encodings, delimiters, Excel, and refusals (see also bad_files/)."""

import pytest
from openpyxl import Workbook

from localnet_helpers.errors import InputError
from localnet_helpers.files import cell_name, parse_count, read_table


def write(tmp_path, text, name="t.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_reads_strings_with_spreadsheet_line_numbers(tmp_path):
    table = read_table(write(tmp_path, "a,b\n x ,1\n\n\"y, z\",2\n"), ["a", "b"])
    assert table.to_dict("records") == [{"a": "x", "b": "1", "line": 2},
                                        {"a": "y, z", "b": "2", "line": 4}]
    assert table.attrs["blank_lines"] == [3]


@pytest.mark.parametrize("encoding, bom", [("utf-8", ""), ("utf-8", "\ufeff"), ("cp1252", "")])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_encodings_and_delimiters(tmp_path, encoding, bom, delimiter):
    text = bom + delimiter.join(["navn", "by"]) + "\r\n" + delimiter.join(["Søren Ærø", "Åby"])
    table = read_table(write(tmp_path, text + "\r\n", encoding=encoding), ["navn", "by"])
    assert table[["navn", "by"]].values.tolist() == [["Søren Ærø", "Åby"]]
    assert table.attrs["encoding"] == encoding and table.attrs["delimiter"] == delimiter


def test_semicolon_file_with_decimal_commas_is_not_split_on_commas(tmp_path):
    table = read_table(write(tmp_path, "navn;antal\nA;2,0\n"), ["antal"])
    assert table["antal"].tolist() == ["2,0"] and parse_count("2,0") == 2


def test_xlsx_first_or_named_sheet_with_cell_names(tmp_path):
    book = Workbook()
    book.active.title = "Intro"
    book.active.append(["not", "this"])
    book.active.append(["x", "y"])
    sheet = book.create_sheet("Svar")
    sheet.append(["respondent", "antal", None])
    sheet.append(["Alpha", 3.0, None])
    sheet.append([None, None, None])
    sheet.append(["Beta", 2, None])
    path = tmp_path / "s.xlsx"
    book.save(path)
    assert list(read_table(path).columns) == ["not", "this", "line"]
    table = read_table(path, ["respondent"], sheet="Svar")
    assert table[["respondent", "antal", "line"]].values.tolist() == [["Alpha", "3", 2],
                                                                       ["Beta", "2", 4]]
    assert cell_name(table.attrs, 4, "antal") == "Svar!B4"
    with pytest.raises(InputError, match="no sheet named 'Data' \\(sheets: Intro, Svar\\)"):
        read_table(path, sheet="Data")


def test_header_only_allowed_when_asked(tmp_path):
    path = write(tmp_path, "a,b\n")
    assert read_table(path, ["a"], allow_empty=True).empty
    with pytest.raises(InputError, match="no data rows"):
        read_table(path, ["a"])


@pytest.mark.parametrize("text, count", [("3", 3), (" 4 ", 4), ("2.0", 2), ("2,00", 2),
                                         ("2,5", None), ("-1", None), ("to", None), ("", None)])
def test_parse_count(text, count):
    assert parse_count(text) == count
