"""Running the notebooks in order with papermill: the ``localnet run`` pipeline.

Order: ``01_actors`` (study) -> per year ``02_clean_survey`` and ``03_network`` ->
``04_change`` and ``05_report`` (study) -> ``report.html``. Each notebook reads its inputs from
the study folder and the output folder and writes its outputs there
(:mod:`localnet_helpers.outputs`); the executed notebooks are kept as the record of the run.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from .errors import InputError, LocalnetError, Problem
from .outputs import year_dir
from .paths import NOTEBOOKS
from .register import actors_in_year, load_register
from .study import Study, load_study
from .survey import clean_survey, read_survey

__all__ = ["STUDY_NOTEBOOKS", "YEAR_NOTEBOOKS", "NotebookFailed", "check_study", "export_html",
           "run"]

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


def _steps(study_dir: Path, out: Path, years: list[int]) -> list[_Step]:
    base = {"study_dir": str(study_dir), "out_dir": str(out)}
    steps = [_Step(NOTEBOOKS / "01_actors.ipynb", out / "executed" / "01_actors.ipynb", base)]
    for year in years:
        for notebook in YEAR_NOTEBOOKS:
            steps.append(_Step(NOTEBOOKS / notebook, year_dir(out, year) / "executed" / notebook,
                               {**base, "year": year}))
    chosen = {**base, "years": " ".join(str(y) for y in years)}
    for notebook in ("04_change.ipynb", "05_report.ipynb"):
        steps.append(_Step(NOTEBOOKS / notebook, out / "executed" / notebook, chosen))
    return steps


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


def run(study_dir: str | Path, out: str | Path, years: list[int] | None = None,
        progress: Callable[[str], None] = print) -> Path:
    """Run the whole pipeline on a study folder and return the path of ``report.html``."""
    study, years = check_study(study_dir, years, progress)
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    steps = _steps(study.root, out, years)
    log = out / "executed" / "kernels.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(b"")
    with tempfile.TemporaryDirectory(prefix="localnet-") as sockets:
        for number, step in enumerate(steps, start=1):
            label = step.notebook.name + (f" {step.parameters['year']}"
                                          if "year" in step.parameters else "")
            started = time.perf_counter()
            _execute(step, Path(sockets), log)
            progress(f"[{number}/{len(steps)}] {label} "
                     f"({time.perf_counter() - started:.1f} s)")
    report = export_html(steps[-1].output, out / "report.html", study.language)
    progress(f"report: {report}")
    return report
