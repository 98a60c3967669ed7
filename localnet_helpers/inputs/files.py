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
- Line ends may be ``\r\n``, ``\n`` or ``\r`` alone (old Mac exports); a quoted cell may
  hold line breaks, and a cell may be of any length.
- No cell may hold a control character other than tab, line feed and carriage return: NUL,
  the other C0 controls, DEL and the C1 controls (U+0080-U+009F) are refused, naming the line
  (or Excel cell) and column. They are never text a user typed, and they break the report's
  tables and graph files.
- ``.xlsx`` files are read from their first sheet, or a named one, with openpyxl. Before
  openpyxl opens one, the sizes its zip directory declares are checked: more than
  :data:`MAX_XLSX_UNPACKED` bytes unpacked (or a part larger than 10 MB packed more than
  :data:`MAX_XLSX_RATIO` times) is refused as a broken or hostile file (a "zip bomb"). A
  formula cell without a saved result (a workbook written by a program and never opened in
  Excel) is refused, naming the cell: openpyxl cannot compute formulas and would read it as
  empty.

Every table has a :data:`LINE` column: the row's line as a spreadsheet shows it (the header is
line 1, the first data row line 2). ``table.attrs`` records the ``encoding``, ``delimiter`` or
``sheet``, and for Excel files the column letters, so that messages can name the cell.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import iterparse

import pandas as pd

from ..errors import InputError, Problem, shorten

__all__ = ["LINE", "ENCODINGS", "DELIMITERS", "MAX_XLSX_UNPACKED", "MAX_XLSX_RATIO",
           "read_text", "read_table", "read_csv_table", "cell_name", "parse_count"]

#: Name of the column that :func:`read_table` adds: the row's line in the file.
LINE = "line"
#: Encodings tried, in order.
ENCODINGS = ("utf-8", "cp1252")
#: Delimiters recognised in CSV files.
DELIMITERS = (";", ",", "\t")
#: Largest total unpacked size of an ``.xlsx`` file's parts (bytes). A survey export with
#: thousands of respondents and columns unpacks to a few tens of MB.
MAX_XLSX_UNPACKED = 200 * 1024 ** 2
#: Largest packing ratio of an ``.xlsx`` part above 10 MB unpacked; real sheets pack 5-50 times.
MAX_XLSX_RATIO = 500
_RATIO_FROM = 10 * 1024 ** 2
#: The characters Windows-1252 shows for the bytes 0x80-0xBF: the continuation bytes of UTF-8.
_CONTINUATION = "".join(bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0))
#: UTF-8 text read as Windows-1252: a lead byte shown as Â, Ã (Latin letters such as æ, ø, å,
#: é, ü, and signs such as °, §, ½) or â€ / â‚ (dashes, quotes, bullets, €) followed by
#: continuation bytes. Legitimate Danish or English text has none of these pairs.
_MOJIBAKE = re.compile(f"[ÂÃ][{re.escape(_CONTINUATION)}]"
                       f"|â[€‚][{re.escape(_CONTINUATION)}]")
#: Control characters refused in a cell: C0 except tab, line feed and carriage return; DEL; C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {0x00: "NUL", 0x1b: "ESC", 0x7f: "DEL"}
_LINE_END = re.compile(r"\r\n|\r|\n")


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
        line = len(_LINE_END.findall(text, 0, match.start())) + 1
        meant = match.group().encode("cp1252").decode("utf-8", "replace")
        raise InputError(path, Problem(
            f"'{match.group()}' looks like a Danish letter or a sign garbled by a wrong "
            f"encoding: '{meant}' saved as UTF-8 and read as Windows-1252 (e.g. 'Ã¸' for 'ø', "
            "'â€“' for '–')", line, None, text.splitlines()[line - 1]),
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
        delimiter = _delimiter(_LINE_END.split(text, 1)[0])
        records = _csv_records(path, text, delimiter)
        header, rows = (records[0] if records else []), list(enumerate(records[1:], start=2))
        attrs = {"encoding": encoding, "delimiter": delimiter}
    return _to_table(path, header, rows, attrs, list(required), allow_empty)


def _csv_records(path: Path, text: str, delimiter: str) -> list[list[str]]:
    """The CSV records of ``text``; no cell is too long (the csv module's limit is lifted
    to the text's length while reading)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(path, f"the CSV text cannot be split into cells ({exc})",
                         hint="open the file in a spreadsheet and save it as 'CSV UTF-8'."
                         ) from None
    finally:
        csv.field_size_limit(limit)


def read_csv_table(path: str | Path, required: list[str]) -> pd.DataFrame:
    """Read a CSV file with :func:`read_table` (kept for the register and simple tables)."""
    return read_table(path, required)


def _to_table(path, header, rows, attrs, required, allow_empty) -> pd.DataFrame:
    header = [str(cell).strip() for cell in header]
    if not any(header):
        raise InputError(path, "the file is empty: expected a header line"
                         + (" with the columns " + ", ".join(required) if required else ""))
    problems = _control_problems(attrs, 1, header, header)
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
        control = _control_problems(attrs, number, header, row)
        if control:
            problems += control
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


def _control_problems(attrs: dict, line: int, header: list[str], row: list) -> list[Problem]:
    """A problem for every cell of ``row`` holding a control character (see the module)."""
    if not _CONTROL.search("".join(map(str, row))):
        return []
    problems = []
    for index, cell in enumerate(map(str, row)):
        match = _CONTROL.search(cell)
        if not match:
            continue
        code = ord(match.group())
        name = f"U+{code:04X}" + (f" {_CONTROL_NAMES[code]}" if code in _CONTROL_NAMES else "")
        start = max(0, match.start() - 20)
        excerpt = ("…" if start else "") + _CONTROL.sub(
            lambda m: f"\\x{ord(m.group()):02x}", cell[start:match.end() + 20])
        name_of = header[index] if index < len(header) else None
        column = name_of if line > 1 and name_of is not None else f"header cell {index + 1}"
        problems.append(Problem(
            f"holds the control character {name}, which is not text (a stray byte from "
            "another program or a broken export); delete it in the file, or export the file "
            "again", line, column, excerpt, cell_name(attrs, line, name_of)))
    return problems


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
    _refuse_zip_bomb(path)
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
        part = getattr(ws, "_worksheet_path", None)
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
    attrs = {"sheet": ws.title, "letters": letters}
    _refuse_formulas_without_value(path, part, attrs, header)
    return header, rows, attrs


def _refuse_zip_bomb(path: Path) -> None:
    """Refuse an ``.xlsx`` whose zip directory declares an absurd unpacked size, before any
    part is unpacked (a file that is no zip at all is left to openpyxl's message)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return
    total = sum(p.file_size for p in parts)
    packed = [p for p in parts if p.file_size > _RATIO_FROM
              and p.file_size > MAX_XLSX_RATIO * max(p.compress_size, 1)]
    if total > MAX_XLSX_UNPACKED or packed:
        if total > MAX_XLSX_UNPACKED:
            what = (f"unpacks to {total / 1024 ** 2:,.0f} MB (more than "
                    f"{MAX_XLSX_UNPACKED / 1024 ** 2:,.0f} MB)")
        else:
            ratio = packed[0].file_size // max(packed[0].compress_size, 1)
            what = (f"has a part ({packed[0].filename}) packed {ratio:,} times (more than "
                    f"{MAX_XLSX_RATIO})")
        raise InputError(path, f"the workbook {what}; this is no survey export but a broken "
                         "or hostile file, and it is not opened",
                         hint="export the answers again from the survey tool, or open the file "
                              "in Excel and save it as a new workbook.")


def _refuse_formulas_without_value(path: Path, part: str | None, attrs: dict,
                                   header: list[str]) -> None:
    """Refuse formula cells of the sheet ``part`` that have no saved result (openpyxl reads
    them as empty). Scans the sheet's XML only if it holds a formula at all."""
    if part is None:
        return
    with zipfile.ZipFile(path) as archive:
        data = archive.read(part)
    if not re.search(rb"<(?:\w+:)?f[\s>/]", data):
        return
    problems = []
    for ref in _uncached_formulas(data):
        match = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
        if not match:
            continue
        letters, line = match.group(1), int(match.group(2))
        column = next((name for name, col in attrs["letters"].items() if col == letters), None)
        problems.append(Problem("a formula without a saved result: it would be read as empty "
                                "and the answer lost", line, column,
                                cell=f"{attrs['sheet']}!{ref}"))
    if problems:
        raise InputError(path, problems, hint="open the file in Excel and save it (Excel then "
                         "stores every formula's result), or copy the sheet and paste it as "
                         "values.")


def _uncached_formulas(data: bytes) -> list[str]:
    """References of the formula cells in a sheet's XML whose value element is missing or
    empty (a formula whose saved result is the empty text has ``t="str"`` and is kept)."""
    refs = []
    for _, element in iterparse(io.BytesIO(data)):
        if not element.tag.endswith("}c") and element.tag != "c":
            continue
        children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
        if "f" in children and element.get("t") != "str" and not (
                "v" in children and children["v"].text):
            refs.append(element.get("r", ""))
        element.clear()
    return refs


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
