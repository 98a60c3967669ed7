"""Strict reading of the kit's tabular input files: CSV (any common encoding and delimiter)
and Excel ``.xlsx``.

Input files are read, never written. A file that cannot be read unambiguously is refused
with an :class:`~localnet_helpers.errors.InputError`; nothing is repaired silently:

- CSV text is decoded as UTF-8 (a byte-order mark is allowed), else as Windows-1252, else
  refused naming the encodings tried. Text that decodes but is already garbled (``Ã¸`` for
  ``ø``: UTF-8 read as Windows-1252 somewhere before) is refused too.
- The delimiter (``;``, ``,`` or tab) is the one that splits the header into most columns.
- A header must name every required column, and no column twice; every row must have as
  many cells as the header; a file without a header or without data rows is refused.
- ``.xlsx`` files are read from their first sheet, or a named one, with openpyxl.

Every table has a :data:`LINE` column: the row's line as a spreadsheet shows it (the header is
line 1, the first data row line 2). ``table.attrs`` records the ``encoding``, ``delimiter`` or
``sheet``, and for Excel files the column letters, so that messages can name the cell.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem, shorten

__all__ = ["LINE", "ENCODINGS", "DELIMITERS", "read_text", "read_table", "read_csv_table",
           "cell_name", "parse_count"]

#: Name of the column that :func:`read_table` adds: the row's line in the file.
LINE = "line"
#: Encodings tried, in order.
ENCODINGS = ("utf-8", "cp1252")
#: Delimiters recognised in CSV files.
DELIMITERS = (";", ",", "\t")
_MOJIBAKE = re.compile("Ã[¦¸¥†˜…©¼¶¤]")


def read_text(path: str | Path) -> tuple[str, str]:
    """Return the text of ``path`` and the encoding it was decoded with.

    UTF-8 (with or without byte-order mark) is tried first, then Windows-1252; both strictly.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found", hint="check the path and the study folder.")
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError:
            continue
        _refuse_mojibake(path, text)
        return text, encoding
    raise InputError(path, f"the text is neither {' nor '.join(ENCODINGS)}",
                     hint="open the file in a spreadsheet and save it as 'CSV UTF-8'.")


def _refuse_mojibake(path: Path, text: str) -> None:
    match = _MOJIBAKE.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise InputError(path, Problem(
            f"'{match.group()}' looks like a Danish letter garbled by a wrong encoding "
            "(e.g. 'Ã¸' for 'ø')", line, None, text.splitlines()[line - 1]),
            hint="export the file again from the survey tool, as UTF-8 or Windows-1252, "
                 "and do not re-save it in another encoding.")


def _delimiter(header: str) -> str:
    """The delimiter that splits the header line into most cells (``,`` for one column)."""
    counts = {d: len(next(csv.reader([header], delimiter=d))) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] > 1 else ","


def read_table(path: str | Path, required: list[str] = (), sheet: str | None = None,
               allow_empty: bool = False) -> pd.DataFrame:
    """Read a CSV or ``.xlsx`` file into a DataFrame of strings with a :data:`LINE` column.

    Cells are stripped of surrounding whitespace; rows whose cells are all empty are skipped
    (they carry no data). Extra columns are kept. Raises :class:`InputError` listing every
    problem: no header, a missing required column, a column named twice, a row with more or
    fewer cells than the header, no data rows (unless ``allow_empty``).
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        header, rows, attrs = _xlsx_rows(path, sheet)
    else:
        text, encoding = read_text(path)
        first = text.split("\n", 1)[0]
        delimiter = _delimiter(first)
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        header, rows = (records[0] if records else []), list(enumerate(records[1:], start=2))
        attrs = {"encoding": encoding, "delimiter": delimiter}
    return _to_table(path, header, rows, attrs, list(required), allow_empty)


def read_csv_table(path: str | Path, required: list[str]) -> pd.DataFrame:
    """Read a CSV file with :func:`read_table` (kept for the register and simple tables)."""
    return read_table(path, required)


def _to_table(path, header, rows, attrs, required, allow_empty) -> pd.DataFrame:
    header = [str(cell).strip() for cell in header]
    if not any(header):
        raise InputError(path, "the file is empty: expected a header line"
                         + (" with the columns " + ", ".join(required) if required else ""))
    problems = []
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            problems.append(Problem("the column appears twice in the header; rename one",
                                    1, name))
        seen.add(name)
    for name in required:
        if name not in seen:
            problems.append(Problem(f"required column is missing (header: "
                                    f"{shorten(', '.join(header), 200)})", 1, name))
    records, lines, blank = [], [], []
    for number, row in rows:
        if not any(str(cell).strip() for cell in row):
            blank.append(number)
            continue
        if len(row) != len(header):
            where = f"'{attrs['delimiter']}'" if "delimiter" in attrs else "cell"
            problems.append(Problem(f"{len(row)} cells where the header has {len(header)}; "
                                    f"check for a stray {where} or a missing quote", number))
            continue
        records.append([str(cell).strip() for cell in row])
        lines.append(number)
    if not records and not allow_empty and not problems:
        problems.append(Problem("the file has a header but no data rows", 1))
    if problems:
        raise InputError(path, problems)
    table = pd.DataFrame(records, columns=header, dtype=object)
    table[LINE] = lines
    table.attrs.update(attrs, blank_lines=blank)
    return table


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _xlsx_rows(path: Path, sheet: str | None):
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise InputError(path, "file not found", hint="check the path and the study folder.")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(path, f"not a readable .xlsx workbook ({shorten(exc, 80)})",
                         hint="save it from Excel as 'Excel Workbook (.xlsx)'.") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(path, Problem(f"no sheet named '{sheet}' (sheets: "
                                           f"{', '.join(book.sheetnames)})"))
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        values = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    header = values[0] if values else []
    while header and not header[-1] and all(len(r) < len(header) or not r[len(header) - 1]
                                            for r in values[1:]):
        header = header[:-1]  # trailing columns Excel reports but that hold nothing
    width = len(header)
    rows = [(n, row[:width] + [""] * (width - len(row)) if not any(row[width:]) else row)
            for n, row in enumerate(values[1:], start=2)]
    letters = {name: get_column_letter(i) for i, name in enumerate(header, start=1)}
    return header, rows, {"sheet": ws.title, "letters": letters}


def cell_name(attrs: dict, line: int | None, column: str | None) -> str | None:
    """The spreadsheet cell (``"Ark1!C7"``) of ``column`` on ``line`` in an Excel table,
    given the table's ``attrs``; ``None`` for CSV files."""
    letters = attrs.get("letters")
    if not letters or column not in letters or not line:
        return None
    return f"{attrs['sheet']}!{letters[column]}{line}"


def parse_count(text: str) -> int | None:
    """A whole number written as ``3``, ``3,0`` or ``3.0``; ``None`` for anything else.

    >>> parse_count("3"), parse_count("3,0"), parse_count(" 2.0 "), parse_count("2,5")
    (3, 3, 2, None)
    """
    match = re.fullmatch(r"\s*(\d+)(?:[.,]0+)?\s*", str(text))
    return int(match.group(1)) if match else None
