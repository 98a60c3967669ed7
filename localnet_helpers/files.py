"""Strict reading of the kit's tabular input files.

Input files are read, never written. A file that cannot be read unambiguously is refused
with an :class:`~localnet_helpers.errors.InputError`; nothing is repaired silently.

Line numbers are those a spreadsheet shows: the header is line 1, the first data row line 2.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem

__all__ = ["LINE", "read_text", "read_csv_table"]

#: Name of the column that :func:`read_csv_table` adds: the row's line in the file.
LINE = "line"


def read_text(path: str | Path) -> str:
    """Return the text of ``path`` decoded as UTF-8 (a byte-order mark is allowed)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found", hint="check the path and the study folder.")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            f"not valid UTF-8 (byte {exc.start}); save the file as 'CSV UTF-8'.",
        ) from None


def read_csv_table(path: str | Path, required: list[str], delimiter: str = ",") -> pd.DataFrame:
    """Read a CSV file into a DataFrame of strings with a :data:`LINE` column.

    The header must hold every column of ``required`` and no column twice; every row must have
    as many cells as the header. Cells are stripped of surrounding whitespace; rows whose cells
    are all empty are skipped (they carry no data). Extra columns are kept.
    """
    path = Path(path)
    text = read_text(path)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError(path, "the file is empty: expected a header line with the columns "
                         + ", ".join(required))
    header = [cell.strip() for cell in rows[0]]
    problems = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem("the column appears twice in the header", 1, name))
        seen.add(name)
    for name in required:
        if name not in seen:
            problems.append(Problem(f"required column is missing (header: {', '.join(header)})",
                                    1, name))
    records, lines = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(f"{len(row)} cells where the header has {len(header)}; "
                                    f"check for a stray '{delimiter}' or a missing quote", number))
            continue
        records.append([cell.strip() for cell in row])
        lines.append(number)
    if problems:
        raise InputError(path, problems)
    table = pd.DataFrame(records, columns=header, dtype=object)
    table[LINE] = lines
    return table
