"""Reading input tables: encodings, delimiters, Excel, and refusals (see also bad_files/)."""

import pytest
from openpyxl import Workbook

from localnet_helpers.errors import InputError
from localnet_helpers.inputs.files import cell_name, parse_count, read_table


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


# --- issue 10: never crash, never guess ---------------------------------------------------

@pytest.mark.parametrize("char, name", [("\x00", "U+0000 NUL"), ("\x07", "U+0007"),
                                        ("\x7f", "U+007F DEL"), ("\x85", "U+0085")])
def test_control_characters_in_a_csv_cell_are_refused(tmp_path, char, name):
    path = write(tmp_path, f"a,b\nok,fine\nx,\"bad{char}cell\"\n")
    with pytest.raises(InputError) as info:
        read_table(path, ["a", "b"])
    message = str(info.value)
    assert f"line 3, column 'b': value 'bad\\x{ord(char):02x}cell': holds the control " \
           f"character {name}" in message
    assert "\x00" not in message and char not in message


def test_control_character_in_a_header_and_in_the_register(tmp_path):
    with pytest.raises(InputError, match="line 1, column 'header cell 2'"):
        read_table(write(tmp_path, "a,b\x01\nx,y\n"))
    from localnet_helpers.inputs.register import load_register

    path = write(tmp_path, "actor_id,name,type,aliases,years\nA,Al\x00pha,citizen,,2020\n",
                 name="actors.csv")
    with pytest.raises(InputError, match="line 2, column 'name'.*U\\+0000 NUL"):
        load_register(path)


def test_tab_and_line_breaks_inside_a_quoted_cell_are_text(tmp_path):
    path = write(tmp_path, "a;b\r\nx;\"one\ntwo\r\nthree\tfour\"\r\ny;z\r\n")
    table = read_table(path, ["a", "b"])
    assert table["b"].tolist() == ["one\ntwo\r\nthree\tfour", "z"]
    assert table["line"].tolist() == [2, 3]


def test_control_characters_in_an_xlsx_cell_name_the_cell(tmp_path):
    book = Workbook()
    book.active.title = "Svar"
    book.active.append(["a", "b"])
    book.active.append(["x", "de\x7fl"])
    book.active.append(["y", "c1\x9b"])
    path = tmp_path / "s.xlsx"
    book.save(path)
    with pytest.raises(InputError) as info:
        read_table(path, ["a", "b"])
    message = str(info.value)
    assert "cell Svar!B2, line 2, column 'b': value 'de\\x7fl': holds the control character " \
           "U+007F DEL" in message
    assert "cell Svar!B3, line 3" in message


def test_xlsx_formula_without_a_saved_result_is_refused(tmp_path):
    book = Workbook()
    book.active.title = "Besvarelser"
    book.active.append(["respondent", "antal", "total"])
    book.active.append(["Alpha", 2, 3])
    book.active.append(["Beta", 1, 4])
    book.active["B3"] = "=B2-1"
    path = tmp_path / "f.xlsx"
    book.save(path)  # openpyxl saves formulas without results, as Excel never opened it
    with pytest.raises(InputError) as info:
        read_table(path, ["respondent"])
    message = str(info.value)
    assert "cell Besvarelser!B3, line 3, column 'antal': a formula without a saved result" \
        in message
    assert "open the file in Excel and save it" in message and "paste it as values" in message


def test_xlsx_formula_with_a_saved_result_is_read(tmp_path):
    import zipfile

    book = Workbook()
    book.active.append(["respondent", "antal"])
    book.active.append(["Alpha", "=1+1"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    cached = tmp_path / "cached.xlsx"  # as Excel saves it: the formula and its result
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(cached, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>")
                assert b"<v>2</v>" in data
            dst.writestr(item, data)
    assert read_table(cached, ["antal"])["antal"].tolist() == ["2"]


def test_xlsx_zip_bomb_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    import time
    import zipfile

    from localnet_helpers.inputs import files

    book = Workbook()
    book.active.append(["respondent"])
    book.active.append(["Alpha"])
    path = tmp_path / "bomb.xlsx"
    book.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (3 * 1024 ** 2))
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(files, "MAX_XLSX_UNPACKED", 2 * 1024 ** 2)
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("opened"))
    start = time.perf_counter()
    with pytest.raises(InputError, match="the workbook unpacks to 3 MB \\(more than 2 MB\\); "
                       "this is no survey export but a broken or hostile file"):
        read_table(path)
    assert time.perf_counter() - start < 2
    assert files.MAX_XLSX_UNPACKED // 1024 ** 2 == 2
    monkeypatch.undo()
    assert files.MAX_XLSX_UNPACKED == 200 * 1024 ** 2


@pytest.mark.parametrize("garbled, meant", [("â€“", "–"), ("â€™", "’"), ("Ã©", "é"),
                                            ("Ã…", "Å"), ("Â°", "°"), ("â‚¬", "€")])
def test_more_mojibake_is_refused(tmp_path, garbled, meant):
    path = write(tmp_path, f"a,b\nx,y\nz,Mødet {garbled} i går\n", encoding="cp1252")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert f"line 3: value 'z,Mødet {garbled} i går': '{garbled}' looks like a Danish letter " \
           f"or a sign garbled by a wrong encoding: '{meant}' saved as UTF-8" in str(info.value)


def test_legitimate_text_is_not_taken_for_mojibake(tmp_path):
    text = "a,b\nSÃO PAULO – Ærø,”Café” 5 °C € ½ § «Åå» Â Ã\n"
    for encoding in ("utf-8", "cp1252"):
        assert read_table(write(tmp_path, text, encoding=encoding))["b"].tolist() == [
            "”Café” 5 °C € ½ § «Åå» Â Ã"]


def test_a_one_megabyte_cell_is_read(tmp_path):
    big = "x" * (1024 ** 2)
    table = read_table(write(tmp_path, f"a,b\n1,\"{big}\"\n2,y\n"), ["a", "b"])
    assert table["b"].tolist() == [big, "y"]
    import csv

    assert csv.field_size_limit() == 131072  # the process-wide limit is left as it was


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_cr_only_line_ends_are_read(tmp_path, encoding):
    path = write(tmp_path, "navn;by\rSøren;Åby\r\rÆble;\"to\rlinjer\"\r", encoding=encoding)
    table = read_table(path, ["navn", "by"])
    assert table[["navn", "by", "line"]].values.tolist() == [["Søren", "Åby", 2],
                                                            ["Æble", "to\rlinjer", 4]]
    assert table.attrs["delimiter"] == ";"
