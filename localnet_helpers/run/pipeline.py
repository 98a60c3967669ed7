"""The ``localnet run`` pipeline: check the study, plan, run the notebooks, publish.

The notebooks and what they read and write are declared in the catalogue
(:mod:`localnet_helpers.catalogue`); the plan follows from them (:mod:`.plan`): ``01_actors``,
then per wave ``02_clean_survey`` and ``03_network``, then ``06_charts``, ``05_maps`` and
``04_change`` side by side, and ``07_report``, whose executed notebook becomes
``report.html``, beside ``08_exports`` (the workbook and the Gephi files). Only the tasks whose
inputs changed since the last run into the same output folder are run again (:mod:`.reuse`);
the executed notebooks are kept as the record of the run.

Each notebook runs in a kernel of its own, started ahead of time with the notebook's imports
loaded (:mod:`.kernels`), so that with ``jobs`` > 1 the seconds of kernel start-up overlap with
the notebooks still running (:mod:`.scheduler`).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ..catalogue import STEPS
from ..errors import InputError, LocalnetError, Problem
from ..inputs.positions import POSITIONS_FILE, read_positions
from ..inputs.pseudonyms import update_key
from ..inputs.register import actors_in_year, load_register
from ..inputs.study import Study, load_study
from ..inputs.survey import clean_survey, read_survey
from ..paths import DEMO_STUDY, NOTEBOOKS
from . import kernels, outfolder, reuse
from .plan import Task, plan, upstream
from .scheduler import NotebookFailed, Scheduler
from .upstream import bring_up_to_date

__all__ = ["STUDY_NOTEBOOKS", "YEAR_NOTEBOOKS", "NotebookFailed", "RunFailed", "check_study",
           "run", "bring_up_to_date"]

#: The study-level and the per-year notebooks, in the order the catalogue declares them.
STUDY_NOTEBOOKS = tuple(s.notebook for s in STEPS if not s.per_year)
YEAR_NOTEBOOKS = tuple(s.notebook for s in STEPS if s.per_year)


def check_study(study_dir: str | Path | Study, years: list[int] | None = None,
                warn: Callable[[str], None] = print, known: dict | None = None,
                checks: dict | None = None) -> tuple[Study, list[int]]:
    """Validate the study folder (or a loaded :class:`Study`) and every selected survey before
    any notebook runs, and the study's ``positions.csv`` if it has one.

    Returns the study and the years to run; ``warn`` receives a line for every year whose
    response rate is below the study's ``min_response_rate``, and the cleaning's warnings
    (a respondent's answers in two blocks). Raises :class:`InputError` listing the problems.

    ``known`` holds the checks of an earlier run (wave -> ``{"key", "warnings"}``): a wave whose
    key (:func:`~.reuse.check_key`: the kit's code and the study files it reads) is unchanged
    is not read again, and its warnings are repeated. ``checks``, if given, receives this
    run's.
    """
    study = study_dir if isinstance(study_dir, Study) else load_study(study_dir)
    if years:
        unknown = sorted(set(years) - set(study.years))
        if unknown:
            raise InputError(study.root / "surveys", [
                Problem(f"no survey file {y}.csv for the requested year", None, None, y)
                for y in unknown], hint=f"years with a survey: {' '.join(map(str, study.years))}")
    selected = sorted(set(years or study.years))
    register = None
    if (study.root / POSITIONS_FILE).is_file():  # the maps' positions, edited by hand maybe
        register = load_register(study.register_path)
        read_positions(study.root / POSITIONS_FILE, set(register["actor_id"]))
    problems = []
    for year in selected:
        key = reuse.check_key(study, year)
        earlier = (known or {}).get(str(year), {})
        if earlier.get("key") == key:
            lines = list(earlier.get("warnings", []))
        else:
            register = register if register is not None else load_register(study.register_path)
            try:
                lines = _check_wave(study, register, year)
            except InputError as exc:
                problems.append(exc)
                continue
        for line in lines:
            warn(line)
        if checks is not None:
            checks[str(year)] = {"key": key, "warnings": lines}
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise LocalnetError("\n".join(p.format() for p in problems))
    return study, selected


def _check_wave(study: Study, register, year: int) -> list[str]:
    """Read and clean one wave's survey; return its warnings."""
    answers = read_survey(study.surveys[year], study.codebook)
    cleaned = clean_survey(answers, register, year, study.codebook)
    lines = list(cleaned.warnings)
    present = len(actors_in_year(register, year))
    answered = len(cleaned.respondents)
    if present and answered / present < study.min_response_rate:
        lines.append(f"warning: {year}: response rate {answered / present:.0%} ({answered} of "
                     f"{present} actors answered) is below {study.min_response_rate:.0%}; their "
                     "relations rest on the others' answers only")
    return lines


class RunFailed(LocalnetError):
    """One or more notebooks failed; the previous results were left in place."""

    exit_status = 1


def run(study_dir: str | Path, out: str | Path, years: list[int] | None = None,
        jobs: int = 1, progress: Callable[[str], None] = print,
        notebooks: Path = NOTEBOOKS, force: bool = False,
        upto: tuple[str, int | None] | None = None, pseudonymise: bool = False) -> Path:
    """Run the pipeline on a study folder and return the path of ``report.html``.

    The output folder is checked and locked first (:mod:`.outfolder`: only files an earlier
    run wrote are ever replaced or removed). Tasks whose inputs are unchanged since the last
    run into ``out`` take over its files (:mod:`.reuse`); ``force`` runs every task. The run
    writes into ``<out>/.run`` and moves its results into ``<out>`` only when every notebook
    succeeded. At most ``jobs`` notebooks run at a time (with ``jobs`` > 1 one more kernel
    starts meanwhile for a notebook waiting for its inputs, :mod:`.scheduler`). A failing
    notebook stops its own wave (and the study-level notebooks after it); the other waves
    still run; then the run is kept in ``<out>/.failed-run`` and :class:`RunFailed` names each
    failure in one line.
    A folder that cannot be written (full disk, no permission) ends the run with
    :class:`~localnet_helpers.errors.LocalnetError` naming the path; however the run ends,
    ``<out>/.run``, the kernels and their files in the temporary folder are gone.

    With ``upto`` = (notebook, year), only the tasks that notebook needs are brought up to
    date, and the other files of the output folder are kept (what a notebook run by hand in
    JupyterLab asks for before its own work).

    With ``pseudonymise`` (or ``pseudonymise = true`` in ``study.toml``) every output names
    the actors by their pseudonyms (:mod:`localnet_helpers.inputs.pseudonyms`): the run first
    gives every new actor one in ``<study>/pseudonyms.csv``, the only file it writes into the
    study folder, and passes ``pseudonymise`` on to the notebooks.
    """
    if jobs < 1:
        raise LocalnetError(f"--jobs {jobs}: give the number of notebooks to run at the same "
                            "time, 1 or more (e.g. the number of cores)")
    study = load_study(study_dir, pseudonymise)
    if study.pseudonymise and study.root == Path(DEMO_STUDY).resolve():
        raise LocalnetError(f"{study.root}: the demo study is part of the kit, and a "
                            "pseudonymised run keeps its key in the study folder; write a "
                            "copy with `localnet demo --out my-demo` and run it with "
                            "--study my-demo --pseudonymise")
    out = outfolder.check_output_folder(out, study.root)
    checks: dict = {}
    study, years = check_study(study, years, progress,
                               None if force else outfolder.study_checks(out), checks)
    if study.pseudonymise:
        update_key(study.root, load_register(study.register_path), study.hub, study.language)
        names = study.for_outputs().pseudonyms
        for check in checks.values():  # kept in the output folder's manifest
            check["warnings"] = [names.text(line) for line in check["warnings"]]
    try:
        with outfolder.locked(out):
            return _run_into(study, years, out, jobs, progress, Path(notebooks), force, upto,
                             checks)
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


def _tasks(study: Study, years: list[int], stage: Path, notebooks: Path,
           upto: tuple[str, int | None] | None) -> list[Task]:
    tasks = plan(study.root, stage, years, notebooks, study.pseudonymise)
    return upstream(tasks, *upto) if upto else tasks


def _run_into(study: Study, years: list[int], out: Path, jobs: int,
              progress: Callable[[str], None], notebooks: Path, force: bool,
              upto: tuple[str, int | None] | None, checks: dict) -> Path:
    stage = outfolder.fresh_stage(out)
    try:
        tasks = _tasks(study, years, stage, notebooks, upto)
        log = stage / "executed" / "kernels.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_bytes(b"")
        private = Path(tempfile.mkdtemp(prefix="localnet-"))
        scheduler = Scheduler(tasks, private, log, progress, stage, out, study.root,
                              outfolder.task_records(out), force,
                              (study.language, study.for_outputs().title))
        try:
            failures = scheduler.run(jobs)
        finally:
            kernels.kill_all()
            _remove_private(private)
        if failures:
            kept = outfolder.keep_failed(stage, out)
            lines = [str(f).replace(str(stage), str(kept)) for f in failures]
            lines.append(f"the previous results in {out} were left as they were")
            raise RunFailed("\n".join(lines))
        outfolder.publish(stage, out, scheduler.records, partial=upto is not None,
                          checks=checks)
    finally:
        outfolder.remove_stage(out)
    report = out / "report.html"
    if not upto:
        progress(f"report: {report}")
    return report
