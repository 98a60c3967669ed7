"""Writing Excel workbooks that are byte-identical for identical content.

openpyxl stamps the current time into a workbook's document properties and into every entry
of the zip file it writes; :func:`save_workbook` fixes both, so the same content always gives
the same file.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

__all__ = ["FIXED_TIME", "save_workbook"]

#: The time written into every workbook (the zip format's earliest date).
FIXED_TIME = datetime(1980, 1, 1)
_STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def save_workbook(book, path: str | Path) -> Path:
    """Save an openpyxl ``Workbook`` to ``path`` without run-dependent bytes."""
    book.properties.creator = "localnet"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>1980-01-01T00:00:00Z\g<3>", data)
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, data)
    return path
