"""What decides whether a figure drawn before can be shown again instead of drawn: its key,
and the seal that keeps the key with the files it was drawn into.

:func:`figure_key` is a SHA-256 over everything a chart's files depend on; :func:`seal` puts
it into the PNG file (a ``tEXt`` chunk) with a SHA-256 over the rest of the PNG and over the
SVG, and :func:`sealed_key` reads it back only if both files are still as drawn.
:func:`localnet_helpers.report.figures.draw` uses them.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd

from ..digests import code_digest

__all__ = ["figure_key", "seal", "sealed_key"]


#: matplotlib settings of showing figures on a screen, which saved files do not depend on.
_SCREEN_SETTINGS = ("backend", "interactive", "toolbar")
#: Keyword of the PNG text chunk that holds a drawn figure's key and seal.
_SEAL = b"localnet-figure"
_PNG = b"\x89PNG\r\n\x1a\n"


def figure_key(name: str, make: Callable, /, *args, **kwargs) -> str:
    """SHA-256 over what decides a chart: the kit's code and libraries
    (:func:`~localnet_helpers.digests.code_digest`), matplotlib's settings (``rcParams``), the
    figures' settings of :mod:`~.figures` (resolution, colours), the chart's file ``name``, the
    function ``make`` (by name: its code is the kit's) and the content of its arguments (data
    frames by their names, columns, types, index and values; graphs by their nodes and edges
    with their attributes, in order; arrays; dicts, lists and tuples element by element, in
    order; sets in any order; strings and numbers). Values the kit's modules hold and a
    notebook changes while it runs are not in it, except the settings named.

    >>> import pandas as pd
    >>> a = figure_key("n", str, pd.DataFrame({"x": [1, 2]}), {"t": "T"})
    >>> a == figure_key("n", str, pd.DataFrame({"x": [1, 2]}), {"t": "T"})
    True
    >>> a == figure_key("n", str, pd.DataFrame({"x": [1, 3]}), {"t": "T"})
    False
    """
    digest = hashlib.sha256(b"localnet-chart/1")
    # matplotlib's settings too (a style changed in a notebook by hand draws anew), but not
    # how figures are shown on the screen (a kernel turns interactive mode on as it goes):
    # files are saved the same way whatever these are
    settings = repr(sorted((key, repr(value)) for key, value in mpl.rcParams.items()
                           if not key.startswith(_SCREEN_SETTINGS)))
    from . import figures

    constants = repr((figures.FIGURE_DPI, figures.TYPE_COLOURS, figures.DEPTH_COLOURS,
                      figures.NETWORK_COLOURS, figures.RC))
    _feed(digest, [code_digest(), settings, constants, name, str(make.__module__),
                   str(make.__qualname__), list(args), dict(sorted(kwargs.items()))])
    return digest.hexdigest()


def _feed(digest, value) -> None:
    """Add ``value``'s content to ``digest``; a type without a defined content raises
    ``TypeError`` (a chart must not be taken over on a guess)."""
    import networkx as nx

    if isinstance(value, pd.DataFrame | pd.Series):
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        _feed(digest, ["frame", repr(getattr(value, "name", None)),
                       [repr(c) for c in frame.columns], [repr(n) for n in frame.columns.names],
                       [repr(t) for t in frame.dtypes], repr(frame.index.dtype),
                       [repr(n) for n in frame.index.names]])
        digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    elif isinstance(value, np.ndarray):
        _feed(digest, ["array", str(value.dtype), list(value.shape)])
        if value.dtype.hasobject:  # references, not content: the items one by one
            _feed(digest, value.ravel().tolist())
        else:
            digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, nx.Graph):  # in the graph's order, which the drawing follows
        _feed(digest, ["graph", type(value).__name__, value.graph,
                       list(value.nodes(data=True)), list(value.edges(data=True))])
    elif isinstance(value, dict):
        digest.update(f"dict {len(value)};".encode())
        for item in value.items():
            _feed(digest, list(item))
    elif isinstance(value, list | tuple):
        digest.update(f"{type(value).__name__} {len(value)};".encode())
        for item in value:
            _feed(digest, item)
    elif isinstance(value, set | frozenset):  # in no particular order: by the items' digests
        parts = []
        for item in value:
            part = hashlib.sha256()
            _feed(part, item)
            parts.append(part.hexdigest())
        _feed(digest, ["set", sorted(parts)])
    elif value is None or isinstance(value, str | int | float | bool | np.generic):
        plain = value.item() if isinstance(value, np.generic) else value
        digest.update(f"{type(plain).__name__} {plain!r};".encode())
    else:
        raise TypeError(f"a chart's argument of type {type(value).__name__} has no key")


def _chunks(png: bytes) -> list[bytes]:
    """The chunks of a PNG file, each whole (length, type, data and CRC)."""
    chunks, position = [], len(_PNG)
    while position < len(png):
        length = int.from_bytes(png[position:position + 4], "big")
        chunks.append(png[position:position + 12 + length])
        position += 12 + length
    return chunks


def _with_text(png: bytes, keyword: bytes, text: bytes) -> bytes:
    """``png`` with a ``tEXt`` chunk ``keyword``: ``text`` before its end."""
    body = b"tEXt" + keyword + b"\0" + text
    chunk = (len(body) - 4).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")
    return png[:-12] + chunk + png[-12:]


def _seal(png: bytes, svg: bytes) -> str:
    return hashlib.sha256(png + b"\0" + svg).hexdigest()


def seal(png: bytes, svg: bytes, key: str) -> bytes:
    """The PNG file ``png`` with ``key`` and the seal of ``png`` and ``svg`` in a text chunk."""
    return _with_text(png, _SEAL, f"{key} {_seal(png, svg)}".encode())


def sealed_key(png_path: Path, svg_path: Path) -> str | None:
    """The key :func:`seal` put into the PNG file ``png_path``, if it and the SVG file
    ``svg_path`` are both as they were sealed; None otherwise (another or a changed file,
    no seal, not a PNG file)."""
    try:
        png, svg = png_path.read_bytes(), svg_path.read_bytes()
    except OSError:
        return None
    if not png.startswith(_PNG):
        return None
    chunks = _chunks(png)
    mark = b"tEXt" + _SEAL + b"\0"
    sealed = [c for c in chunks if c[4:4 + len(mark)] == mark]
    if len(sealed) != 1:
        return None
    key, _, seal = sealed[0][4 + len(mark):-4].decode("ascii", "replace").partition(" ")
    rest = _PNG + b"".join(c for c in chunks if c is not sealed[0])
    return key if seal == _seal(rest, svg) else None
