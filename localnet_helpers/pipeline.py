"""Running the notebooks in order with papermill: the ``localnet run`` pipeline.

Order: ``01_actors`` (study) -> per year ``02_clean_survey`` and ``03_network`` ->
``04_change`` and ``05_report`` (study) -> ``report.html``. Each notebook reads its inputs from
the study folder and the output folder and writes its outputs there
(:mod:`localnet_helpers.outputs`); the executed notebooks are kept as the record of the run.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from .errors import InputError, LocalnetError, Problem
from .outputs import year_dir
from .paths import NOTEBOOKS
from .register import actors_in_year, load_register
from .study import Study, load_study
from .survey import clean_survey, read_survey

__all__ = ["STUDY_NOTEBOOKS", "YEAR_NOTEBOOKS", "STAGING", "FAILED", "NotebookFailed",
           "RunFailed", "check_study", "export_html", "run"]

#: Study-level notebooks: the first runs before the years' chains, the others after them.
STUDY_NOTEBOOKS = ("01_actors.ipynb", "04_change.ipynb", "05_report.ipynb")
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


def check_study(study_dir: str | Path, years: list[int] | None = None,
                warn: Callable[[str], None] = print) -> tuple[Study, list[int]]:
    """Validate the study folder and every selected survey before any notebook runs.

    Returns the study and the years to run; ``warn`` receives a line for every year whose
    response rate is below the study's ``min_response_rate``. Raises :class:`InputError`
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


@dataclass(frozen=True)
class _Plan:
    first: list[_Step]
    chains: dict[int, list[_Step]]
    last: list[_Step]

    @property
    def total(self) -> int:
        return len(self.first) + sum(map(len, self.chains.values())) + len(self.last)


def _plan(study_dir: Path, out: Path, years: list[int], notebooks: Path) -> _Plan:
    base = {"study_dir": str(study_dir), "out_dir": str(out)}
    chosen = {**base, "years": " ".join(str(y) for y in years)}
    return _Plan(
        first=[_Step(notebooks / name, out / "executed" / name, base)
               for name in STUDY_NOTEBOOKS[:1]],
        chains={year: [_Step(notebooks / name, year_dir(out, year) / "executed" / name,
                             {**base, "year": year}) for name in YEAR_NOTEBOOKS]
                for year in years},
        last=[_Step(notebooks / name, out / "executed" / name, chosen)
              for name in STUDY_NOTEBOOKS[1:]],
    )


def _kernel_manager(sockets: Path, log: Path) -> type[AsyncKernelManager]:
    """A kernel manager class for the run: private IPC sockets, kernel output to ``log``.

    Kernels talk over IPC sockets inside ``sockets``: unlike the default TCP ports on
    localhost, they cannot be reached by other users of the machine (the folder is private),
    and the kernel does not warn about plain TCP. Windows has no IPC transport: there TCP on
    localhost is used. The kernel processes' own stdout and stderr (start-up and shutdown
    messages, crashes; not the notebooks' outputs) are appended to ``log`` instead of the
    terminal.
    """
    transport = {} if sys.platform == "win32" else {"transport": "ipc"}

    class RunKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            if transport:
                kwargs.update(transport, ip=str(sockets / f"k{id(self)}"))
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kwargs) -> None:
            with open(log, "ab") as sink:
                await super()._async_launch_kernel(kernel_cmd, stdout=sink, stderr=sink,
                                                   **kwargs)

    return RunKernelManager


def _execute(step: _Step, sockets: Path, log: Path) -> None:
    # imported here: papermill's import takes ~2 s, which input errors should not wait for
    import papermill as pm

    step.output.parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(str(step.notebook), str(step.output),
                            parameters=step.parameters, cwd=str(step.notebook.parent),
                            kernel_name="python3", progress_bar=False, log_output=False,
                            kernel_manager_class=_kernel_manager(sockets, log))
    except pm.PapermillExecutionError as exc:
        if exc.ename == "InputError":
            raise LocalnetError(exc.evalue) from None
        raise NotebookFailed(step.notebook.name, exc.exec_count, f"{exc.ename}: {exc.evalue}",
                             step.output) from None


def export_html(notebook: str | Path, target: str | Path, language: str = "da") -> Path:
    """Convert an executed report notebook to one self-contained HTML file.

    Code cells and prompts are hidden, images are embedded, and no script, stylesheet or image
    is loaded from another host (the ``localnet`` template in ``templates/``). Cell ids are
    renumbered (papermill gives its injected cell a random one) so that the same notebook
    always gives the same HTML.
    """
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(notebook), as_version=4)
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"
    exporter = HTMLExporter(template_name="localnet", embed_images=True, language_code=language,
                            extra_template_basedirs=[str(Path(__file__).parent / "templates")],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    target = Path(target)
    target.write_text(body, encoding="utf-8")
    return target


#: Where a run writes before its results replace the previous ones, and where a failed run
#: is kept for inspection; both inside the output folder.
STAGING, FAILED = ".run", ".failed-run"


class RunFailed(LocalnetError):
    """One or more notebooks failed; the previous results were left in place."""

    exit_status = 1


class _Runner:
    """Executes steps, numbering and timing them, from one or several threads."""

    def __init__(self, total: int, sockets: Path, log: Path, progress: Callable[[str], None]):
        self.total, self.sockets, self.log, self.progress = total, sockets, log, progress
        self.done = 0
        self.lock = threading.Lock()

    def chain(self, steps: list[_Step]) -> None:
        for step in steps:
            started = time.perf_counter()
            _execute(step, self.sockets, self.log)
            year = f" {step.parameters['year']}" if "year" in step.parameters else ""
            with self.lock:
                self.done += 1
                self.progress(f"[{self.done}/{self.total}] {step.notebook.name}{year} "
                              f"({time.perf_counter() - started:.1f} s)")

    def chains(self, chains: dict[int, list[_Step]], jobs: int) -> list[NotebookFailed]:
        """Run the years' chains, ``jobs`` at a time; a failure stops only its own year."""
        failures = []
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {pool.submit(self.chain, steps): year for year, steps in chains.items()}
            for future in as_completed(futures):
                try:
                    future.result()
                except NotebookFailed as exc:
                    failures.append((futures[future], exc))
        return [exc for _, exc in sorted(failures, key=lambda f: f[0])]


def _publish(stage: Path, out: Path) -> None:
    """Move the finished run from ``stage`` into ``out``, replacing what it replaces;
    ``report.html`` last, so the previous report stays until everything else is in place."""
    entries = sorted(stage.iterdir(), key=lambda p: (p.name == "report.html", p.name))
    for entry in entries:
        target = out / entry.name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        entry.rename(target)
    stage.rmdir()
    shutil.rmtree(out / FAILED, ignore_errors=True)


def _keep_failed(stage: Path, out: Path, failures: list[NotebookFailed]) -> RunFailed:
    kept = out / FAILED
    shutil.rmtree(kept, ignore_errors=True)
    stage.rename(kept)
    lines = [str(f).replace(str(stage), str(kept)) for f in failures]
    lines.append(f"the previous results in {out} were left as they were")
    return RunFailed("\n".join(lines))


def run(study_dir: str | Path, out: str | Path, years: list[int] | None = None,
        jobs: int = 1, progress: Callable[[str], None] = print,
        notebooks: Path = NOTEBOOKS) -> Path:
    """Run the whole pipeline on a study folder and return the path of ``report.html``.

    The run writes into ``<out>/.run`` and moves its results into ``<out>`` only when every
    notebook succeeded. ``jobs`` years are run at a time. A failing notebook stops its own
    year; the other years still run; then the run is kept in ``<out>/.failed-run`` and
    :class:`RunFailed` names each failure in one line.
    """
    study, years = check_study(study_dir, years, progress)
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    stage = out / STAGING
    shutil.rmtree(stage, ignore_errors=True)
    plan = _plan(study.root, stage, years, Path(notebooks))
    log = stage / "executed" / "kernels.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(b"")
    with tempfile.TemporaryDirectory(prefix="localnet-") as sockets:
        runner = _Runner(plan.total, Path(sockets), log, progress)
        try:
            runner.chain(plan.first)
            failures = runner.chains(plan.chains, jobs)
            if not failures:
                runner.chain(plan.last)
        except NotebookFailed as exc:
            failures = [exc]
    if failures:
        raise _keep_failed(stage, out, failures)
    export_html(plan.last[-1].output, stage / "report.html", study.language)
    _publish(stage, out)
    report = out / "report.html"
    progress(f"report: {report}")
    return report
