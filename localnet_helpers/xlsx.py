"""Writing Excel workbooks that are byte-identical for identical content, safely.

openpyxl stamps the current time into a workbook's document properties and into every entry
of the zip file it writes; :func:`save_workbook` fixes both, so the same content always gives
the same file. It writes a temporary file beside the target and moves it into place
(:func:`stage_file`), so an interrupted save never leaves half a workbook.

Text that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is written
by :func:`append_row` as a text cell that a spreadsheet shows and never evaluates.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

__all__ = ["FIXED_TIME", "FORMULA_START", "looks_like_formula", "text_cell", "append_row",
           "workbook_bytes", "stage_file", "replace_file", "save_workbook"]

#: The time written into every workbook (the zip format's earliest date).
FIXED_TIME = datetime(1980, 1, 1)
#: First characters that make a spreadsheet treat text as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def looks_like_formula(value: object) -> bool:
    """True for text that a spreadsheet would read as a formula if typed into a cell.

    >>> [looks_like_formula(v) for v in ("=1+1", "+45 Club", "-minus", "@at", "Røde Kors", -2)]
    [True, True, True, True, False, False]
    """
    return isinstance(value, str) and value.startswith(FORMULA_START)


def text_cell(sheet, value: object) -> object:
    """What to append to ``sheet`` for ``value``: formula-like text as a text cell (data type
    ``s``, shown with a quote prefix), anything else as it is."""
    if not looks_like_formula(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def append_row(sheet, values: Iterable[object]) -> None:
    """Append ``values`` as a row of ``sheet`` (normal or write-only), text always as text."""
    sheet.append([text_cell(sheet, value) for value in values])


def workbook_bytes(book) -> bytes:
    """The bytes of an openpyxl ``Workbook`` without run-dependent bytes."""
    book.properties.creator = "localnet"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    result = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, \
            zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>1980-01-01T00:00:00Z\g<3>", data)
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, data)
    return result.getvalue()


def stage_file(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to a new hidden temporary file beside ``path`` and return that file.

    Moving it onto ``path`` with :func:`os.replace` then replaces the file at once; the
    temporary file gets the permissions of the file it replaces, if any.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.is_file():
            shutil.copymode(path, temp)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def replace_file(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` at once (:func:`stage_file`, then :func:`os.replace`): a
    run stopped while writing leaves the old file whole, and no temporary file behind."""
    path = Path(path)
    temp = stage_file(path, data)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def save_workbook(book, path: str | Path) -> Path:
    """Save an openpyxl ``Workbook`` to ``path`` without run-dependent bytes, atomically."""
    return replace_file(path, workbook_bytes(book))
