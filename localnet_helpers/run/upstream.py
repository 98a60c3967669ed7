"""Bringing a notebook's inputs up to date before it runs by hand, e.g. *Run All* in JupyterLab.

Kept apart from :mod:`.pipeline` so that a notebook imports it in an instant: the pipeline,
papermill and jupyter_client are imported only when there is something to run.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["IN_RUN", "bring_up_to_date"]

#: Set in the environment of the kernels of ``localnet run``: their inputs are up to date.
IN_RUN = "LOCALNET_RUN"


def bring_up_to_date(study_dir: str | Path, out_dir: str | Path, notebook: str,
                     year: int | None = None, years: list[int] | None = None,
                     pseudonymise: bool = False) -> None:
    """Run, as ``localnet run`` would, the steps ``notebook`` (for ``year``, over ``years``)
    needs whose inputs changed, so that any notebook's *Run All* works in any order. Does
    nothing inside a run (its kernels have :data:`IN_RUN` set). Bad input stops with the
    one-line message of ``localnet run``, without a traceback. ``pseudonymise``: the
    notebook's parameter, passed on as ``localnet run --pseudonymise``."""
    if os.environ.get(IN_RUN):
        return
    from ..errors import LocalnetError
    from .pipeline import run

    wanted = sorted(set(years or []) | ({int(year)} if year is not None else set())) or None
    try:
        run(study_dir, out_dir, wanted, upto=(notebook, year), pseudonymise=pseudonymise)
    except LocalnetError as exc:
        raise SystemExit(f"localnet: error: {exc}") from None
