"""Where the kit's own folders are: the notebooks, the demo study and the default output.

In a clone of the repository (``pip install -e .``) the notebooks and the demo study are the
repository's ``notebooks/`` and ``data/``, which analysts open in JupyterLab, and the default
output is its ``reports/``. An installed wheel carries the same files inside the package
(``localnet_helpers/notebooks``, ``localnet_helpers/demo_data``; see ``pyproject.toml``) and
writes to ``reports/`` in the current folder by default.

A run tells its kernels where the charts of the last run are in :data:`EARLIER_FIGURES`.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PACKAGE", "PROJECT_ROOT", "INSTALLED", "NOTEBOOKS", "DEMO_STUDY", "DEFAULT_OUT",
           "EARLIER_FIGURES"]

PACKAGE = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE.parent
#: True when the kit runs from an installed wheel rather than from a clone of its repository.
INSTALLED = (PACKAGE / "notebooks").is_dir()
NOTEBOOKS = PACKAGE / "notebooks" if INSTALLED else PROJECT_ROOT / "notebooks"
DEMO_STUDY = PACKAGE / "demo_data" if INSTALLED else PROJECT_ROOT / "data"
DEFAULT_OUT = Path("reports") if INSTALLED else PROJECT_ROOT / "reports"

#: Environment variable naming the folder whose charts
#: :func:`~localnet_helpers.report.figures.draw` may take over: ``localnet run`` gives its
#: kernels the output folder's ``figures`` (empty with ``--force``: every chart is drawn); a
#: notebook run by hand takes over those already in its own output folder.
EARLIER_FIGURES = "LOCALNET_EARLIER_FIGURES"
