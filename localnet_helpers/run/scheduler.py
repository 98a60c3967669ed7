"""Running a plan's tasks: at most ``jobs`` at a time, each in a kernel of its own, and only
those whose inputs changed (:mod:`localnet_helpers.run.reuse`).

Threads claim the plan's tasks in order. A task that will run (the last run did not record
it, its notebook, parameters, study files or the kit changed, or it needs such a task) has
its kernel started ahead (with the notebook's imports loaded) while earlier tasks still run;
the thread then waits until the tasks it needs have succeeded. A task whose fingerprint is
then unchanged takes over the last run's files (its kernel, if started, is stopped); any
other runs, when fewer than ``jobs`` notebooks run (tasks waiting for that go in the plan's
order; a task whose inputs were there when it was claimed starts its kernel then). There are
``jobs`` + 1 threads, so while ``jobs`` notebooks run, one more task can start its kernel
ahead, and at most ``jobs`` + 1 kernels exist; with ``jobs`` = 1 there is one thread, and
everything happens one after the other. A failed task skips the tasks that need it,
directly or not; the others go on. Bad input found by a notebook, or a kernel that does not
start, stops the run.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import LocalnetError
from ..report.html import export_html, warm_up
from . import kernels, reuse
from .plan import Task

__all__ = ["NotebookFailed", "Scheduler", "execute"]


class NotebookFailed(LocalnetError):
    """A notebook raised an error; names the notebook, the cell, the error and the kept copy."""

    exit_status = 1

    def __init__(self, notebook: str, cell: int | None, error: str, kept: Path):
        self.notebook, self.cell, self.error, self.kept = notebook, cell, error, kept
        where = f" in cell [{cell}]" if cell is not None else ""
        super().__init__(f"{notebook} failed{where}: {error} (executed notebook kept at {kept})")


#: Errors a notebook meets when the output folder cannot be written: bad input (exit 2).
_DISK_ERRORS = ("[Errno 28]", "[Errno 13]", "[Errno 30]", "[Errno 122]")


def execute(task: Task, manager) -> None:
    """Run one task in the started kernel ``manager``; a failing cell raises
    :class:`NotebookFailed`, or :class:`LocalnetError` for bad input found by the notebook or
    an output folder it cannot write to (full disk, no permission)."""
    import papermill as pm

    try:
        kernels.execute(task.notebook, task.output, task.parameters, manager)
    except pm.PapermillExecutionError as exc:
        if exc.ename == "InputError":
            raise LocalnetError(exc.evalue) from None
        if exc.evalue.startswith(_DISK_ERRORS):
            raise LocalnetError(f"{task.label}: {exc.evalue}; the run needs a folder it can "
                                "write to and room on the disk") from None
        raise NotebookFailed(task.notebook.name, exc.exec_count, f"{exc.ename}: {exc.evalue}",
                             task.output) from None
    finally:
        _forget_paths(task)


def _forget_paths(task: Task) -> None:
    """Replace the absolute paths papermill records in an executed notebook's metadata by the
    notebook's name and the output's path inside the run's folder."""
    import nbformat

    if not task.output.is_file():
        return
    nb = nbformat.read(str(task.output), as_version=4)
    record = nb.metadata.get("papermill", {})
    record["input_path"] = task.notebook.name
    record["output_path"] = task.output_name
    nbformat.write(nb, str(task.output))


def _quietly(work: Callable[[], None]) -> None:
    """Run ``work``, a preparation whose failure the real work meets and reports itself."""
    try:
        work()
    except Exception:  # noqa: BLE001 - export_html raises the same error where it counts
        pass


class Scheduler:
    """Runs ``tasks`` with their kernels' files in ``private`` and their messages in ``log``.

    ``stage`` is the run's folder (the kernels work in it); ``out`` and ``previous`` (the last
    run's task records) are where reusable files come from, ``study`` the study folder; with
    ``force`` every task runs and every chart is drawn. ``report`` is the report's language
    and title: the task that writes ``report.html`` converts its executed notebook.
    """

    def __init__(self, tasks: list[Task], private: Path, log: Path,
                 progress: Callable[[str], None], stage: Path, out: Path | None = None,
                 study: Path | None = None, previous: dict | None = None, force: bool = True,
                 report: tuple[str, str] = ("da", "")):
        self.tasks, self.private, self.log, self.progress = tasks, private, log, progress
        self.stage, self.out, self.study, self.report = stage, out, study, report
        self.previous = {} if force or previous is None else previous
        # the charts of the last run, which a chart drawn from the same data takes over
        self.earlier_figures = None if force or out is None else out / "figures"
        self.static = ([reuse.static_fingerprint(t, study) for t in tasks] if study
                       else [""] * len(tasks))
        self.likely = self._likely_to_run()
        self.records: dict[str, dict] = {}
        self.outcome: dict[int, str] = {}  # position -> "ok", "failed" or "skipped"
        self.failures: dict[int, NotebookFailed] = {}
        self.fatal: BaseException | None = None
        self.claimed = 0
        self.condition = threading.Condition()
        self.jobs = 1  # notebooks that may run at a time (set by run)
        self.running = 0  # notebooks running, or their kernels starting to run them
        self.queue: set[int] = set()  # tasks ready to run, waiting for their turn

    def run(self, jobs: int) -> list[NotebookFailed]:
        """Run every task; return the failures in plan order."""
        if any(i in self.likely and "report" in t.step.writes for i, t in enumerate(self.tasks)):
            # the report will be converted: load nbconvert while the kernels work
            threading.Thread(target=_quietly, args=(warm_up,), name="localnet-warm-up",
                             daemon=True).start()
        self.jobs = max(1, jobs)
        # with jobs > 1, one thread more than notebooks at a time: it starts the next kernel
        # while they run; with jobs = 1 nothing happens side by side
        threads = [threading.Thread(target=self._work, name=f"localnet-{i}", daemon=True)
                   for i in range(self.jobs + 1 if self.jobs > 1 else 1)]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                thread.join()
        except BaseException as exc:  # Ctrl-C: no thread claims another task
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

    def _likely_to_run(self) -> set[int]:
        """Tasks that will run: not recorded, a changed static fingerprint, or needing such a
        task (it may still be reused if what it reads comes out the same)."""
        likely: set[int] = set()
        for index, task in enumerate(self.tasks):
            previous = self.previous.get(task.label)
            if previous is None or previous.get("static") != self.static[index] \
                    or any(n in likely for n in task.needs):
                likely.add(index)
        return likely

    def _claim(self) -> int | None:
        with self.condition:
            if self.fatal is not None or self.claimed == len(self.tasks):
                return None
            self.claimed += 1
            return self.claimed - 1

    def _needs_done(self, index: int) -> bool:
        """Whether every task ``index`` needs has ended (well or not)."""
        with self.condition:
            return all(n in self.outcome for n in self.tasks[index].needs)

    def _inputs_ready(self, index: int) -> bool:
        """Wait for the tasks ``index`` needs; False if one of them did not succeed."""
        needs = self.tasks[index].needs
        with self.condition:
            self.condition.wait_for(
                lambda: self.fatal is not None or all(n in self.outcome for n in needs))
            return self.fatal is None and all(self.outcome[n] == "ok" for n in needs)

    def _take_slot(self, index: int) -> bool:
        """Wait until task ``index``, ready to run, may: fewer than ``jobs`` notebooks run and
        no task before it in the plan waits to; False if the run is being stopped."""
        with self.condition:
            self.queue.add(index)
            self.condition.wait_for(lambda: self.fatal is not None or (
                self.running < self.jobs and index == min(self.queue)))
            self.queue.discard(index)
            self.condition.notify_all()
            if self.fatal is not None:
                return False
            self.running += 1
            return True

    def _free_slot(self) -> None:
        with self.condition:
            self.running -= 1
            self.condition.notify_all()

    def _finish(self, index: int, outcome: str, error: BaseException | None = None,
                note: str = "") -> None:
        with self.condition:
            if outcome == "ok":
                done = sum(o == "ok" for o in self.outcome.values()) + 1
                self.progress(f"[{done}/{len(self.tasks)}] {self.tasks[index].label} ({note})")
            self.outcome[index] = outcome
            if isinstance(error, NotebookFailed):
                self.failures[index] = error
            elif error is not None and self.fatal is None:
                self.fatal = error
            self.condition.notify_all()

    def _reused(self, index: int) -> tuple[bool, str]:
        """Whether task ``index`` can take over the last run's files, and its fingerprint."""
        task = self.tasks[index]
        print_ = (reuse.fingerprint(task, self.study, self.stage, self.static[index])
                  if self.study else "")
        previous = self.previous.get(task.label)
        if previous is None or not reuse.reusable(previous, print_, self.out, task,
                                                  self.study):
            return False, print_
        reuse.link_files(sorted(previous["files"]), self.out, self.stage)
        with self.condition:
            self.records[task.label] = previous
        return True, print_

    def _work(self) -> None:
        while (index := self._claim()) is not None:
            task = self.tasks[index]
            manager, print_ = None, ""
            try:
                if index in self.likely and not self._needs_done(index):
                    # start the kernel while the inputs arrive (with the inputs there, see
                    # first whether the task can be reused: then it needs no kernel)
                    manager = self._start_kernel(task)
                if not self._inputs_ready(index):
                    if manager is not None:
                        kernels.shutdown(manager)
                    self._finish(index, "skipped")
                    continue
                reused, print_ = self._reused(index)
                if reused:
                    if manager is not None:
                        kernels.shutdown(manager)
                    self._finish(index, "ok", note="reused")
                    continue
                if not self._take_slot(index):
                    if manager is not None:
                        kernels.shutdown(manager)
                    return
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                if manager is not None:  # (the run kills every kernel it started anyway)
                    _quietly(functools.partial(kernels.shutdown, manager))
                self._finish(index, "failed", exc)
                return
            try:
                try:
                    manager = manager or self._start_kernel(task)
                    started = time.perf_counter()
                    execute(task, manager)
                finally:
                    self._free_slot()
                if "report" in task.step.writes:
                    export_html(task.output, self.stage / "report.html", *self.report)
                entry = reuse.record(task, self.stage, print_, self.static[index], self.study)
            except BaseException as exc:  # noqa: BLE001 - NotebookFailed or handed over
                self._finish(index, "failed", exc)
                continue
            with self.condition:
                self.records[task.label] = entry
            self._finish(index, "ok", note=f"{time.perf_counter() - started:.1f} s")

    def _start_kernel(self, task: Task):
        return kernels.start_kernel(task.notebook, self.private, self.log, self.stage,
                                    self.earlier_figures)
