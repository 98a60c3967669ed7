"""Where the kit's own folders are: the notebooks, the demo study and the default output.

The kit is used from a clone of its repository (``pip install -e .``), so these folders sit
next to the package.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PROJECT_ROOT", "NOTEBOOKS", "DEMO_STUDY", "DEFAULT_OUT"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = PROJECT_ROOT / "notebooks"
DEMO_STUDY = PROJECT_ROOT / "data"
DEFAULT_OUT = PROJECT_ROOT / "reports"
