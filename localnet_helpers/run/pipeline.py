"""Running the notebooks in order with papermill: the ``localnet run`` pipeline.

Order: ``01_actors`` (study) -> per year ``02_clean_survey`` and ``03_network`` ->
``04_change``, ``05_maps`` and ``06_charts`` (study) -> ``07_report`` -> ``report.html``.
Each notebook reads its inputs from the study folder and the output folder and writes its
outputs there (:mod:`localnet_helpers.outputs`); the executed notebooks are kept as the
record of the run.

Each notebook runs in a kernel of its own, started ahead of time with the notebook's imports
loaded (:mod:`localnet_helpers.kernels`), so that with ``jobs`` > 1 the seconds of kernel
start-up overlap with the notebooks still running.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..catalogue import year_dir
from ..errors import InputError, LocalnetError, Problem
from ..inputs.register import actors_in_year, load_register
from ..inputs.study import Study, load_study
from ..inputs.survey import clean_survey, read_survey
from ..paths import NOTEBOOKS
from ..report.html import export_html
from . import kernels, outfolder

__all__ = ["STUDY_NOTEBOOKS", "YEAR_NOTEBOOKS", "NotebookFailed",
           "RunFailed", "check_study", "run"]

#: Study-level notebooks: the first runs before the years' notebooks, the report (last) after
#: all the others, and those between after the years' networks, started longest first so that
#: the report waits least (their numbers give the order to read and run them by hand in).
STUDY_NOTEBOOKS = ("01_actors.ipynb", "06_charts.ipynb", "05_maps.ipynb", "04_change.ipynb",
                   "07_report.ipynb")
YEAR_NOTEBOOKS = ("02_clean_survey.ipynb", "03_network.ipynb")


class NotebookFailed(LocalnetError):
    """A notebook raised an error; names the notebook, the cell, the error and the kept copy."""

    exit_status = 1

    def __init__(self, notebook: str, cell: int | None, error: str, kept: Path):
        self.notebook, self.cell, self.error, self.kept = notebook, cell, error, kept
        where = f" in cell [{cell}]" if cell is not None else ""
        super().__init__(f"{notebook} failed{where}: {error} (executed notebook kept at {kept})")


@dataclass(frozen=True)
class _Step:
    notebook: Path
    output: Path
    parameters: dict
    needs: tuple[int, ...] = ()  # positions in the plan of the steps this one reads from

    @property
    def output_name(self) -> str:
        """The executed notebook's path inside the output folder (``2019/executed/...``)."""
        year = self.parameters.get("year")
        folder = f"{year}/executed" if year is not None else "executed"
        return f"{folder}/{self.notebook.name}"

    @property
    def label(self) -> str:
        year = self.parameters.get("year")
        return self.notebook.name + (f" {year}" if year is not None else "")


def check_study(study_dir: str | Path, years: list[int] | None = None,
                warn: Callable[[str], None] = print) -> tuple[Study, list[int]]:
    """Validate the study folder and every selected survey before any notebook runs.

    Returns the study and the years to run; ``warn`` receives a line for every year whose
    response rate is below the study's ``min_response_rate``, and the cleaning's warnings
    (a respondent's answers in two blocks). Raises :class:`InputError`
    listing the problems.
    """
    study = load_study(study_dir)
    if years:
        unknown = sorted(set(years) - set(study.years))
        if unknown:
            raise InputError(study.root / "surveys", [
                Problem(f"no survey file {y}.csv for the requested year", None, None, y)
                for y in unknown], hint=f"years with a survey: {' '.join(map(str, study.years))}")
    selected = sorted(set(years or study.years))
    register = load_register(study.register_path)
    problems = []
    for year in selected:
        try:
            answers = read_survey(study.surveys[year], study.codebook)
            cleaned = clean_survey(answers, register, year, study.codebook)
        except InputError as exc:
            problems.append(exc)
            continue
        for line in cleaned.warnings:
            warn(line)
        present = len(actors_in_year(register, year))
        answered = len(cleaned.respondents)
        if present and answered / present < study.min_response_rate:
            warn(f"warning: {year}: response rate {answered / present:.0%} ({answered} of "
                 f"{present} actors answered) is below {study.min_response_rate:.0%}; their "
                 "relations rest on the others' answers only")
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise LocalnetError("\n".join(p.format() for p in problems))
    return study, selected


def _plan(study_dir: Path, out: Path, years: list[int], notebooks: Path) -> list[_Step]:
    """The steps of a run in the order they are started: ``01_actors``; every year's
    ``02_clean_survey``, then every year's ``03_network``; ``06_charts``, ``05_maps`` and
    ``04_change``, which need every year's network; last ``07_report``, which needs them all."""
    base = {"study_dir": _relative(study_dir, out), "out_dir": "."}
    chosen = {**base, "years": " ".join(str(y) for y in years)}
    first, *after_years, report = STUDY_NOTEBOOKS
    clean, network = YEAR_NOTEBOOKS
    steps = [_Step(notebooks / first, out / "executed" / first, base)]
    for name, needs in ((clean, lambda i: (0,)), (network, lambda i: (1 + i,))):
        steps += [_Step(notebooks / name, year_dir(out, year) / "executed" / name,
                        {**base, "year": year}, needs(i)) for i, year in enumerate(years)]
    networks = tuple(range(1 + len(years), len(steps)))
    steps += [_Step(notebooks / name, out / "executed" / name, chosen, networks)
              for name in after_years]
    steps.append(_Step(notebooks / report, out / "executed" / report, chosen,
                       tuple(range(1 + len(years), len(steps)))))
    return steps


def _relative(path: Path, start: Path) -> str:
    """``path`` relative to ``start`` (the kernels' working folder), so that the executed
    notebooks hold no absolute path of the user's disk; absolute where none exists (another
    drive)."""
    try:
        return os.path.relpath(Path(path).resolve(), Path(start).resolve())
    except ValueError:
        return str(Path(path).resolve())


#: Errors a notebook meets when the output folder cannot be written: bad input (exit 2).
_DISK_ERRORS = ("[Errno 28]", "[Errno 13]", "[Errno 30]", "[Errno 122]")


def _execute(step: _Step, manager) -> None:
    """Run one step in the started kernel ``manager``; a failing cell raises
    :class:`NotebookFailed`, or :class:`LocalnetError` for bad input found by the notebook or
    an output folder it cannot write to (full disk, no permission)."""
    import papermill as pm

    try:
        kernels.execute(step.notebook, step.output, step.parameters, manager)
    except pm.PapermillExecutionError as exc:
        if exc.ename == "InputError":
            raise LocalnetError(exc.evalue) from None
        if exc.evalue.startswith(_DISK_ERRORS):
            raise LocalnetError(f"{step.label}: {exc.evalue}; the run needs a folder it can "
                                "write to and room on the disk") from None
        raise NotebookFailed(step.notebook.name, exc.exec_count, f"{exc.ename}: {exc.evalue}",
                             step.output) from None
    finally:
        _forget_paths(step)


def _forget_paths(step: _Step) -> None:
    """Replace the absolute paths papermill records in an executed notebook's metadata by the
    notebook's name and the output's path inside the run's folder."""
    import nbformat

    if not step.output.is_file():
        return
    nb = nbformat.read(str(step.output), as_version=4)
    record = nb.metadata.get("papermill", {})
    record["input_path"] = step.notebook.name
    record["output_path"] = step.output_name
    nbformat.write(nb, str(step.output))


class RunFailed(LocalnetError):
    """One or more notebooks failed; the previous results were left in place."""

    exit_status = 1


class _Scheduler:
    """Runs a plan's steps on ``jobs`` threads, each step in a kernel of its own.

    A thread claims the next step in the plan's order and starts its kernel (with the
    notebook's imports loaded) at once, while earlier steps may still run; it then waits until
    the steps it needs have succeeded, runs it, and shuts the kernel down. So at most ``jobs``
    kernels exist at a time, and with ``jobs`` = 1 the steps run one after the other. A failed
    step skips the steps that need it, directly or not; the others go on. Bad input found by a
    notebook, or a kernel that does not start, stops the run.
    """

    def __init__(self, steps: list[_Step], sockets: Path, log: Path,
                 progress: Callable[[str], None], cwd: Path | None = None):
        self.steps, self.sockets, self.log, self.progress = steps, sockets, log, progress
        self.cwd = cwd  # the kernels' working folder (default: each notebook's folder)
        self.outcome: dict[int, str] = {}  # position -> "ok", "failed" or "skipped"
        self.failures: dict[int, NotebookFailed] = {}
        self.fatal: BaseException | None = None
        self.claimed = 0
        self.condition = threading.Condition()

    def run(self, jobs: int) -> list[NotebookFailed]:
        """Run every step; return the failures in plan order."""
        threads = [threading.Thread(target=self._work, name=f"localnet-{i}", daemon=True)
                   for i in range(max(1, jobs))]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                thread.join()
        except BaseException as exc:  # Ctrl-C: no thread claims another step
            with self.condition:
                self.fatal = self.fatal or exc
                self.condition.notify_all()
            self._stop(threads)
            raise
        if self.fatal is not None:
            raise self.fatal
        return [self.failures[i] for i in sorted(self.failures)]

    @staticmethod
    def _stop(threads: list[threading.Thread], seconds: float = 30) -> None:
        """Kill the kernels until every thread has ended (a thread may be starting one)."""
        deadline = time.monotonic() + seconds
        while any(t.is_alive() for t in threads) and time.monotonic() < deadline:
            kernels.kill_all()
            for thread in threads:
                thread.join(timeout=0.2)
        kernels.kill_all()

    def _claim(self) -> int | None:
        with self.condition:
            if self.fatal is not None or self.claimed == len(self.steps):
                return None
            self.claimed += 1
            return self.claimed - 1

    def _inputs_ready(self, index: int) -> bool:
        """Wait for the steps ``index`` needs; False if one of them did not succeed."""
        needs = self.steps[index].needs
        with self.condition:
            self.condition.wait_for(
                lambda: self.fatal is not None or all(n in self.outcome for n in needs))
            return self.fatal is None and all(self.outcome[n] == "ok" for n in needs)

    def _finish(self, index: int, outcome: str, error: BaseException | None = None) -> None:
        with self.condition:
            self.outcome[index] = outcome
            if isinstance(error, NotebookFailed):
                self.failures[index] = error
            elif error is not None and self.fatal is None:
                self.fatal = error
            self.condition.notify_all()

    def _work(self) -> None:
        while (index := self._claim()) is not None:
            step = self.steps[index]
            try:
                manager = kernels.start_kernel(step.notebook, self.sockets, self.log,
                                               cwd=self.cwd)
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                self._finish(index, "failed", exc)
                return
            if not self._inputs_ready(index):
                kernels.shutdown(manager)
                self._finish(index, "skipped")
                continue
            started = time.perf_counter()
            try:
                _execute(step, manager)
            except BaseException as exc:  # noqa: BLE001 - NotebookFailed or handed over
                self._finish(index, "failed", exc)
                continue
            with self.condition:
                done = sum(outcome == "ok" for outcome in self.outcome.values()) + 1
                self.progress(f"[{done}/{len(self.steps)}] {step.label} "
                              f"({time.perf_counter() - started:.1f} s)")
            self._finish(index, "ok")


def run(study_dir: str | Path, out: str | Path, years: list[int] | None = None,
        jobs: int = 1, progress: Callable[[str], None] = print,
        notebooks: Path = NOTEBOOKS) -> Path:
    """Run the whole pipeline on a study folder and return the path of ``report.html``.

    The output folder is checked and locked first (:mod:`localnet_helpers.outfolder`: only
    files an earlier run wrote are ever replaced or removed). The run writes into ``<out>/.run``
    and moves its results into ``<out>`` only when every notebook succeeded. At most ``jobs``
    notebooks' kernels exist at a time: the years' notebooks run side by side, and each kernel
    is started while the notebooks before it still run. A failing notebook stops its own year
    (and the study-level notebooks after it); the other years still run; then the run is kept
    in ``<out>/.failed-run`` and :class:`RunFailed` names each failure in one line. A folder
    that cannot be written (full disk, no permission) ends the run with
    :class:`~localnet_helpers.errors.LocalnetError` naming the path; however the run ends,
    ``<out>/.run``, the kernels and their files in the temporary folder are gone.
    """
    if jobs < 1:
        raise LocalnetError(f"--jobs {jobs}: give the number of notebooks to run at the same "
                            "time, 1 or more (e.g. the number of cores)")
    study, years = check_study(study_dir, years, progress)
    out = outfolder.check_output_folder(out, study.root)
    try:
        with outfolder.locked(out):
            return _run_into(study, years, out, jobs, progress, Path(notebooks))
    except OSError as exc:
        raise _unwritable(exc, out) from None


def _unwritable(exc: OSError, out: Path) -> LocalnetError:
    """A one-line message for a file operation that failed (full disk, no permission, ...)."""
    where = exc.filename or out
    reason = exc.strerror or str(exc)
    return LocalnetError(f"{where}: {reason}; the run needs a folder it can write to and room "
                         f"on the disk (the previous results in {out} were left as they were)")


def _remove_private(folder: Path, seconds: float = 10) -> None:
    """Remove the kernels' private folder; after Ctrl-C a dying kernel's manager may still
    write its connection file there for a moment, so try again until it is gone."""
    deadline = time.monotonic() + seconds
    while True:
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists() or time.monotonic() > deadline:
            return
        time.sleep(0.05)


def _run_into(study: Study, years: list[int], out: Path, jobs: int,
              progress: Callable[[str], None], notebooks: Path) -> Path:
    stage = outfolder.fresh_stage(out)
    try:
        steps = _plan(study.root, stage, years, notebooks)
        log = stage / "executed" / "kernels.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_bytes(b"")
        private = Path(tempfile.mkdtemp(prefix="localnet-"))
        try:
            failures = _Scheduler(steps, private, log, progress, stage).run(jobs)
        finally:
            kernels.kill_all()
            _remove_private(private)
        if failures:
            kept = outfolder.keep_failed(stage, out)
            lines = [str(f).replace(str(stage), str(kept)) for f in failures]
            lines.append(f"the previous results in {out} were left as they were")
            raise RunFailed("\n".join(lines))
        export_html(steps[-1].output, stage / "report.html", study.language, study.title)
        outfolder.publish(stage, out)
    finally:
        outfolder.remove_stage(out)
    report = out / "report.html"
    progress(f"report: {report}")
    return report
