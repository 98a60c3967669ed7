"""The run's plan, derived from the catalogue's step declarations.

Each :class:`~localnet_helpers.catalogue.Step` becomes one :class:`Task` per wave (per-year
steps) or one for the study, in the catalogue's order. A task needs the tasks that write what
it reads: a wave's task the same wave's, a study task every wave's. So the order, what may run
side by side, and what a failure skips all follow from what the steps declare they read and
write.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import catalogue
from ..catalogue import Step

__all__ = ["Task", "plan", "upstream"]


@dataclass(frozen=True)
class Task:
    """One notebook execution: ``step`` for ``year`` (None: the study), the ``notebook`` to
    run, the executed copy ``output``, its papermill ``parameters`` and the positions in the
    plan of the tasks it ``needs``."""

    step: Step
    year: int | None
    notebook: Path
    output: Path
    parameters: dict
    needs: tuple[int, ...] = ()
    years: tuple[int, ...] = field(default=(), compare=False)

    @property
    def label(self) -> str:
        return self.notebook.name + (f" {self.year}" if self.year is not None else "")

    @property
    def output_name(self) -> str:
        """The executed notebook's path inside the output folder (``2019/executed/...``)."""
        folder = f"{self.year}/executed" if self.year is not None else "executed"
        return f"{folder}/{self.notebook.name}"

    def _patterns(self, names: tuple[str, ...]) -> list[str]:
        patterns = []
        for name in names:
            if not catalogue.dataset(name).per_year:
                patterns.append(catalogue.glob(name))
            elif self.year is not None:
                patterns.append(catalogue.glob(name, self.year))
            else:
                patterns += [catalogue.glob(name, year) for year in self.years]
        return patterns

    def output_patterns(self) -> list[str]:
        """Glob patterns, relative to the output folder, of every file the task writes."""
        return [*self._patterns(self.step.writes), self.output_name]

    def input_patterns(self) -> list[str]:
        """Glob patterns, relative to the output folder, of every file the task reads."""
        return self._patterns(self.step.reads)

    def study_patterns(self) -> list[str]:
        """Glob patterns, relative to the study folder, of the study files the task reads."""
        years = [self.year] if self.year is not None else list(self.years)
        patterns = []
        for pattern in self.step.study_files:
            patterns += ([pattern.format(year=y) for y in years] if "{year}" in pattern
                         else [pattern])
        return patterns


def _relative(path: Path, start: Path) -> str:
    """``path`` relative to ``start`` (the kernels' working folder), so that the executed
    notebooks hold no absolute path of the user's disk; absolute where none exists (another
    drive)."""
    try:
        return os.path.relpath(Path(path).resolve(), Path(start).resolve())
    except ValueError:
        return str(Path(path).resolve())


def _needs(step: Step, year: int | None, earlier: list[Task]) -> tuple[int, ...]:
    """Positions of the ``earlier`` tasks that write what ``step`` (for ``year``) reads."""
    wanted = set(step.reads)
    return tuple(i for i, other in enumerate(earlier)
                 if wanted & set(other.step.writes)
                 and (year is None or other.year is None or other.year == year))


def plan(study_dir: Path, out: Path, years: list[int], notebooks: Path,
         pseudonymise: bool = False) -> list[Task]:
    """The tasks of a run over ``years``, in the order they are started (the catalogue's
    :data:`~localnet_helpers.catalogue.STEPS`, each per-year step for every wave in turn).

    ``out`` is the folder the kernels run in: the parameters name it ``.`` and the study by
    its path relative to it; ``pseudonymise`` is passed on to every notebook (when true; the
    notebooks' default is false).
    """
    base = {"study_dir": _relative(study_dir, out), "out_dir": "."}
    if pseudonymise:
        base["pseudonymise"] = True
    tasks: list[Task] = []
    for step in catalogue.STEPS:
        reads_waves = any(catalogue.dataset(n).per_year for n in step.reads)
        for year in (years if step.per_year else [None]):
            if year is not None:
                parameters = {**base, "year": year}
                executed = out / str(year) / "executed" / step.notebook
            else:
                parameters = {**base, "years": list(years)} if reads_waves else dict(base)
                executed = out / "executed" / step.notebook
            tasks.append(Task(step, year, notebooks / step.notebook, executed, parameters,
                              _needs(step, year, tasks), tuple(years)))
    return tasks


def upstream(tasks: list[Task], notebook: str, year: int | None = None) -> list[Task]:
    """The tasks that ``notebook`` (for ``year``) needs, directly or not, in plan order."""
    name = notebook.removesuffix(".ipynb") + ".ipynb"
    wanted = {i for i, t in enumerate(tasks) if t.notebook.name == name
              and (year is None or t.year in (None, year))}
    needed: set[int] = set()
    stack = [n for i in wanted for n in tasks[i].needs]
    while stack:
        i = stack.pop()
        if i not in needed:
            needed.add(i)
            stack += tasks[i].needs
    kept = sorted(needed)
    position = {old: new for new, old in enumerate(kept)}
    return [replace(tasks[i], needs=tuple(position[n] for n in tasks[i].needs)) for i in kept]
