"""Where the kit's own folders are: the notebooks, the demo study and the default output.

In a clone of the repository (``pip install -e .``) the notebooks and the demo study are the
repository's ``notebooks/`` and ``data/``, which analysts open in JupyterLab, and the default
output is its ``reports/``. An installed wheel carries the same files inside the package
(``localnet_helpers/notebooks``, ``localnet_helpers/demo_data``; see ``pyproject.toml``) and
writes to ``reports/`` in the current folder by default.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PACKAGE", "PROJECT_ROOT", "INSTALLED", "NOTEBOOKS", "DEMO_STUDY", "DEFAULT_OUT"]

PACKAGE = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE.parent
#: True when the kit runs from an installed wheel rather than from a clone of its repository.
INSTALLED = (PACKAGE / "notebooks").is_dir()
NOTEBOOKS = PACKAGE / "notebooks" if INSTALLED else PROJECT_ROOT / "notebooks"
DEMO_STUDY = PACKAGE / "demo_data" if INSTALLED else PROJECT_ROOT / "data"
DEFAULT_OUT = Path("reports") if INSTALLED else PROJECT_ROOT / "reports"
