"""What the figures share: their colours, and saving them as files the report shows.

The figures themselves are in :mod:`localnet_helpers.maps` (network maps) and
:mod:`localnet_helpers.charts` (charts across years). Every figure is drawn deterministically
(seeded layouts, sorted nodes) and :func:`save_figure` writes PNG and SVG files without
run-dependent bytes, so the same data give the same files. :func:`draw` does not draw a
chart again when the last run drew it from the same data: it takes over its files.

Every text is drawn as written: importing this module turns off matplotlib's mathtext
(``text.parse_math``) and TeX, so a name such as ``$5 og $10`` or ``$\\x$`` shows its dollar
signs instead of being set as a formula (or failing to parse as one).
"""

from __future__ import annotations

import io
import os
import secrets
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib as mpl

from ..errors import InputError, shorten
from ..paths import EARLIER_FIGURES
from ..xlsx import replace_file
from .figure_keys import figure_key, seal, sealed_key

if TYPE_CHECKING:  # pyplot takes a while to import; the report and the exports need none
    import matplotlib.pyplot as plt

__all__ = ["FIGURE_DPI", "TYPE_COLOURS", "DEPTH_COLOURS", "NETWORK_COLOURS", "RC",
           "EARLIER_FIGURES", "save_figure", "publish", "draw", "figure_file",
           "image", "short_label"]

#: Resolution of the PNG figures, in dots per inch.
FIGURE_DPI = 110

#: Colour per actor type: Okabe-Ito colours, distinguishable with colour-blindness.
TYPE_COLOURS = {"professional": "#0072B2", "volunteer": "#E69F00", "citizen": "#009E73"}
#: Colours of the five forms, light (shallow) to dark (deep): a sequential palette.
DEPTH_COLOURS = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
#: Colours of the whole area's network and the hub's network in charts.
NETWORK_COLOURS = {"area": "#0072B2", "hub": "#D55E00"}

#: Settings every figure is drawn and saved with: stable ids in SVG files, and texts from
#: the data (names, purposes, the hub's name in titles) drawn literally, never as mathtext.
RC = {"svg.hashsalt": "localnet", "text.parse_math": False, "text.usetex": False}
mpl.rcParams.update(RC)


def short_label(name: str, width: int = 24, *, cut: bool = False, mark: str = "…") -> str:
    """A name as a figure shows it: wrapped onto lines of at most ``width`` characters, or
    with ``cut`` on one line cut to ``width`` characters ending in ``mark``
    (:func:`~localnet_helpers.errors.shorten`).

    Every label of the maps, charts and the interactive map is shortened here.

    >>> short_label("Frederiksberg Kommune: Kultur & Fritid")
    'Frederiksberg Kommune:\\nKultur & Fritid'
    >>> short_label("Frederiksberg Kommune: Kultur & Fritid", 16, cut=True)
    'Frederiksberg K…'
    """
    if cut:
        return shorten(name, width, mark)
    return "\n".join(textwrap.wrap(name, width=width)) or name


def save_figure(fig: plt.Figure, folder: str | Path, name: str) -> list[Path]:
    """Write ``fig`` as ``<name>.png`` and ``<name>.svg`` without dates or tool versions."""
    paths = [Path(folder) / f"{name}.png", Path(folder) / f"{name}.svg"]
    for path, data in zip(paths, _figure_bytes(fig)):
        _replace(path, data)
    return paths


def _figure_bytes(fig: plt.Figure) -> tuple[bytes, bytes]:
    """The PNG and the SVG file of ``fig``."""
    png, svg = io.BytesIO(), io.BytesIO()
    with mpl.rc_context(RC):  # tick labels are made while saving
        fig.savefig(png, format="png", dpi=FIGURE_DPI, metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return png.getvalue(), svg.getvalue()


def _replace(path: Path, data: bytes | Path) -> None:
    """Put ``data`` (bytes, or a file to link) at ``path`` as a new file that replaces any
    there at once: never written into, so a file linked elsewhere (a figure taken over from
    the last run) stays as it was."""
    if isinstance(data, bytes):
        replace_file(path, data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        os.link(data, temp)
    except OSError:  # a file system without hard links
        shutil.copy2(data, temp)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def publish(fig: plt.Figure, folder: str | Path, name: str) -> None:
    """Save ``fig`` with :func:`save_figure`, show the saved PNG in the notebook, and close it.

    Showing the file rather than the figure draws it once less (large network maps take
    seconds to draw) and puts in the report exactly the image that is in ``figures/``.
    """
    import matplotlib.pyplot as plt

    png = save_figure(fig, folder, name)[0]
    plt.close(fig)
    _show(png)


def draw(folder: str | Path, name: str, make: Callable[..., plt.Figure], /, *args,
         **kwargs) -> None:
    """Show the chart ``make(*args, **kwargs)`` and keep it as ``<name>.png`` and
    ``<name>.svg`` in ``folder`` (:func:`publish`), unless the last run drew the same chart
    from the same data: then its two files are taken over (linked) and shown, and nothing is
    drawn.

    The chart's key (:func:`~.figure_keys.figure_key`) is sealed into its PNG file, in a text
    chunk, with a SHA-256 over the rest of the PNG and over the SVG: a file that was changed
    afterwards, or drawn from other data or by another version of the kit, is not taken over.
    The last run's figures are in the folder named by :data:`EARLIER_FIGURES`, else in
    ``folder`` itself. Only the kit's own chart functions (of ``localnet_helpers``, whose code
    is in the key) are taken over; any other ``make`` draws every time. Since drawing is
    deterministic, taking over gives the bytes drawing would.
    """
    # pyplot first: importing it in a kernel sets matplotlib's settings for its backend,
    # which are part of the key
    import matplotlib.pyplot as plt

    folder = Path(folder)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    kit = str(getattr(make, "__module__", "")).startswith("localnet_helpers.")
    key = figure_key(name, make, *args, **kwargs) if kit else None
    earlier = os.environ.get(EARLIER_FIGURES)
    earlier = folder if earlier is None else Path(earlier) if earlier else None
    if key is not None and earlier is not None and sealed_key(
            earlier / paths[0].name, earlier / paths[1].name) == key:
        if earlier.resolve() != folder.resolve():
            for path in paths:  # linked, as a run takes over a task's files
                _replace(path, earlier / path.name)
        _show(paths[0])
        return
    fig = make(*args, **kwargs)
    png, svg = _figure_bytes(fig)
    plt.close(fig)
    if key is not None:
        png = seal(png, svg, key)
    _replace(paths[0], png)
    _replace(paths[1], svg)
    _show(paths[0])


def _show(png: Path) -> None:
    from IPython.display import display

    display(image(png))


def figure_file(path: str | Path) -> Path:
    """``path`` of a saved figure; :class:`InputError` if it has not been drawn yet."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "the figure has not been drawn",
                         hint="run 05_maps and 06_charts before the report.")
    return path


def image(path: str | Path):
    """A PNG figure for display, shown at 100 pixels per inch of the figure (the size a
    notebook shows a matplotlib figure at), whatever resolution the file has."""
    from IPython.display import Image

    data = figure_file(path).read_bytes()
    width = int.from_bytes(data[16:20], "big")  # the PNG header's width in pixels
    return Image(data=data, format="png", width=round(width * 100 / FIGURE_DPI))
