"""Strict CSV reading: every malformed file is refused with its file, line and column."""

import pytest

from localnet_helpers.errors import InputError
from localnet_helpers.files import read_csv_table


def write(tmp_path, text, name="t.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_reads_strings_with_spreadsheet_line_numbers(tmp_path):
    path = write(tmp_path, "a,b\n x ,1\n\n\"y, z\",2\n")
    table = read_csv_table(path, ["a", "b"])
    assert table.to_dict("records") == [{"a": "x", "b": "1", "line": 2},
                                        {"a": "y, z", "b": "2", "line": 4}]


def test_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path, "\ufeffa,b\næ,ø\n")
    assert list(read_csv_table(path, ["a"]).columns) == ["a", "b", "line"]


@pytest.mark.parametrize("text, expected", [
    ("", "the file is empty"),
    ("a\n1\n", "line 1, column 'b': required column is missing"),
    ("a,b,a\n1,2,3\n", "column 'a': the column appears twice"),
    ("a,b\n1,2,3\n", "line 2: 3 cells where the header has 2"),
])
def test_malformed_files(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_csv_table(path, ["a", "b"])
    assert expected in str(info.value)
    assert str(path) in str(info.value)


def test_not_utf8_is_refused_not_garbled(tmp_path):
    path = write(tmp_path, "a,b\nSøndermarken,1\n", encoding="cp1252")
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_csv_table(path, ["a", "b"])


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_csv_table(tmp_path / "nope.csv", ["a"])
