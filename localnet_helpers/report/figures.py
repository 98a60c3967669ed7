"""What the figures share: their colours, and saving them as files the report shows.

The figures themselves are in :mod:`localnet_helpers.maps` (network maps) and
:mod:`localnet_helpers.charts` (charts across years). Every figure is drawn deterministically
(seeded layouts, sorted nodes) and :func:`save_figure` writes PNG and SVG files without
run-dependent bytes, so the same data give the same files.

Every text is drawn as written: importing this module turns off matplotlib's mathtext
(``text.parse_math``) and TeX, so a name such as ``$5 og $10`` or ``$\\x$`` shows its dollar
signs instead of being set as a formula (or failing to parse as one).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib as mpl

from ..errors import InputError, shorten

if TYPE_CHECKING:  # pyplot takes a while to import; the report and the exports need none
    import matplotlib.pyplot as plt

__all__ = ["FIGURE_DPI", "TYPE_COLOURS", "DEPTH_COLOURS", "NETWORK_COLOURS", "RC",
           "save_figure", "publish", "figure_file", "image", "short_label"]

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
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    with mpl.rc_context(RC):  # tick labels are made while saving
        fig.savefig(paths[0], dpi=FIGURE_DPI, metadata={"Software": None})
        fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
    return paths


def publish(fig: plt.Figure, folder: str | Path, name: str) -> None:
    """Save ``fig`` with :func:`save_figure`, show the saved PNG in the notebook, and close it.

    Showing the file rather than the figure draws it once less (large network maps take
    seconds to draw) and puts in the report exactly the image that is in ``figures/``.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    png = save_figure(fig, folder, name)[0]
    plt.close(fig)
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
