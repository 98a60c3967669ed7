"""The run's plan (derived from the catalogue's steps) and its scheduler: which notebook waits
for which, how many notebooks run and how many kernels exist at a time, and what a failure
skips. Kernels and notebooks
are replaced by stand-ins that record what happened, so these tests take no time."""

import threading
import time
from pathlib import Path

import pytest

from localnet_helpers.errors import LocalnetError
from localnet_helpers.run import kernels, scheduler
from localnet_helpers.run.plan import plan as make_plan
from localnet_helpers.run.plan import upstream
from localnet_helpers.run.scheduler import NotebookFailed, Scheduler


def plan(years=(2017, 2018, 2019)):
    return make_plan(Path("study"), Path("out"), list(years), Path("nb"))


def names(steps, positions):
    return sorted(steps[i].label for i in positions)


def test_plan_order_and_inputs():
    steps = plan()
    assert [s.label for s in steps] == [
        "01_actors.ipynb",
        "02_clean_survey.ipynb 2017", "02_clean_survey.ipynb 2018", "02_clean_survey.ipynb 2019",
        "03_network.ipynb 2017", "03_network.ipynb 2018", "03_network.ipynb 2019",
        "06_charts.ipynb", "05_maps.ipynb", "04_change.ipynb", "07_report.ipynb",
        "08_exports.ipynb"]
    by_label = {s.label: s for s in steps}
    assert by_label["02_clean_survey.ipynb 2018"].needs == (0,)
    # a step needs the steps that write what it reads: a wave's the same wave's, a study's
    # every wave's (01_actors writes the register everyone reads)
    assert names(steps, by_label["03_network.ipynb 2018"].needs) == [
        "01_actors.ipynb", "02_clean_survey.ipynb 2018"]
    cleaning = ["02_clean_survey.ipynb 2017", "02_clean_survey.ipynb 2018",
                "02_clean_survey.ipynb 2019"]
    networks = ["03_network.ipynb 2017", "03_network.ipynb 2018", "03_network.ipynb 2019"]
    assert names(steps, by_label["06_charts.ipynb"].needs) == ["01_actors.ipynb", *networks]
    # the maps mark who did not answer: they read the cleaning's respondents too
    assert names(steps, by_label["05_maps.ipynb"].needs) == ["01_actors.ipynb", *cleaning,
                                                             *networks]
    # the panel of actors that answered in both waves: the cleaning's respondents
    assert names(steps, by_label["04_change.ipynb"].needs) == ["01_actors.ipynb", *cleaning,
                                                               *networks]
    assert names(steps, by_label["07_report.ipynb"].needs) == sorted(
        ["01_actors.ipynb", *cleaning, *networks, "04_change.ipynb", "05_maps.ipynb",
         "06_charts.ipynb"])
    # the workbook (every table, the cleaning logs too) and the Gephi files at the maps'
    # positions: beside the report, which does not wait for them
    assert names(steps, by_label["08_exports.ipynb"].needs) == sorted(
        ["01_actors.ipynb", *cleaning, *networks, "04_change.ipynb", "05_maps.ipynb"])
    # every step needs only steps before it: a single thread never waits for itself
    assert all(n < i for i, s in enumerate(steps) for n in s.needs)
    # paths relative to the kernels' working folder, the run's folder: no absolute path of the
    # user's disk in the executed notebooks
    assert steps[1].parameters == {"study_dir": "../study", "out_dir": ".", "year": 2017}
    assert steps[1].output_name == "2017/executed/02_clean_survey.ipynb"
    assert steps[-1].parameters["years"] == [2017, 2018, 2019]
    assert "years" not in steps[0].parameters
    assert steps[-2].output == Path("out/executed/07_report.ipynb")
    assert steps[4].output == Path("out/2017/executed/03_network.ipynb")


class Recorder:
    """Stand-ins for kernels and notebooks: records the kernels alive and the order of events."""

    def __init__(self, monkeypatch, fail=(), bad_input=(), seconds=0.01):
        self.fail, self.bad_input, self.seconds = set(fail), set(bad_input), seconds
        self.lock = threading.Lock()
        self.alive = self.most_alive = 0
        self.running = self.most_running = 0
        self.started, self.finished, self.shut = [], [], []
        monkeypatch.setattr(kernels, "start_kernel", self.start_kernel)
        monkeypatch.setattr(kernels, "shutdown", self.shutdown)
        monkeypatch.setattr(scheduler, "execute", self.execute)
        monkeypatch.setattr(scheduler, "export_html", lambda *args: None)

    def start_kernel(self, notebook, sockets, log, cwd=None, earlier_figures=None):
        with self.lock:
            self.alive += 1
            self.most_alive = max(self.most_alive, self.alive)
        time.sleep(self.seconds)
        return notebook

    def shutdown(self, manager):
        with self.lock:
            self.alive -= 1
            self.shut.append(manager.name)

    def execute(self, step, manager):
        with self.lock:
            self.started.append(step.label)
            self.running += 1
            self.most_running = max(self.most_running, self.running)
        time.sleep(self.seconds)
        with self.lock:
            self.alive -= 1
            self.running -= 1
        if step.label in self.fail:
            raise NotebookFailed(step.notebook.name, 3, "RuntimeError: boom", step.output)
        if step.label in self.bad_input:
            raise LocalnetError("x.csv: 1 problem")
        with self.lock:
            self.finished.append(step.label)


def run_plan(steps, jobs, lines=None):
    return Scheduler(steps, Path("sockets"), Path("log"),
                     (lines if lines is not None else []).append, Path("stage")).run(jobs)


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_inputs_first_and_at_most_jobs_notebooks(monkeypatch, jobs):
    steps = plan()
    recorder = Recorder(monkeypatch)
    lines = []
    assert run_plan(steps, jobs, lines) == []
    assert sorted(recorder.finished) == sorted(s.label for s in steps)
    order = {label: i for i, label in enumerate(recorder.started)}
    for step in steps:
        for need in step.needs:  # a step starts only after what it needs has finished
            assert recorder.finished.index(steps[need].label) < order[step.label]
    # at most `jobs` notebooks run; with jobs > 1 one kernel more may start for the next
    assert 1 <= recorder.most_running <= jobs
    assert recorder.most_alive <= (jobs + 1 if jobs > 1 else 1) and recorder.alive == 0
    if jobs == 1:  # one after the other, in the plan's order
        assert recorder.started == [s.label for s in steps]
    assert len(lines) == len(steps) and lines[-1].startswith("[12/12] ")
    assert {line.split("] ")[1].split(" (")[0] for line in lines[-2:]} == \
        {"07_report.ipynb", "08_exports.ipynb"}


def test_failure_skips_what_needs_it_and_the_rest_goes_on(monkeypatch):
    steps = plan()
    recorder = Recorder(monkeypatch, fail={"02_clean_survey.ipynb 2018"})
    failures = run_plan(steps, 2)
    assert [f.notebook for f in failures] == ["02_clean_survey.ipynb"]
    assert "03_network.ipynb 2018" not in recorder.started
    assert {"03_network.ipynb 2017", "03_network.ipynb 2019"} <= set(recorder.finished)
    # the study-level notebooks after the years need every year: their kernels were stopped
    assert not {"04_change.ipynb", "05_maps.ipynb", "06_charts.ipynb",
                "07_report.ipynb", "08_exports.ipynb"} & set(recorder.started)
    assert recorder.alive == 0


def test_bad_input_in_a_notebook_stops_the_run(monkeypatch):
    steps = plan()
    recorder = Recorder(monkeypatch, bad_input={"02_clean_survey.ipynb 2017"})
    with pytest.raises(LocalnetError, match="x.csv: 1 problem"):
        run_plan(steps, 2)
    assert "07_report.ipynb" not in recorder.started and recorder.alive == 0


def test_a_notebook_needs_only_its_upstream():
    steps = plan()
    network = upstream(steps, "03_network", 2018)
    assert [s.label for s in network] == ["01_actors.ipynb", "02_clean_survey.ipynb 2018"]
    assert network[1].needs == (0,)  # positions renumbered within the subset
    report = upstream(steps, "07_report.ipynb")
    assert [s.label for s in report] == [s.label for s in steps[:-2]]  # not 08_exports


def test_files_of_a_task_follow_its_declarations():
    steps = {s.label: s for s in plan((2017, 2019))}
    clean = steps["02_clean_survey.ipynb 2019"]
    assert clean.output_patterns() == ["2019/surfaces.csv", "2019/respondents.csv",
                                       "2019/cleaning_log.csv", "2019/data_basis.csv",
                                       "2019/executed/02_clean_survey.ipynb"]
    assert clean.study_patterns() == ["study.toml", "codebook.toml", "actors.csv",
                                      "pseudonyms.csv", "surveys/2019.*"]
    maps = steps["05_maps.ipynb"]
    # who is related to whom, not how: a corrected form does not draw the maps again
    assert maps.input_patterns() == ["actors.csv", "2017/pairs.csv", "2019/pairs.csv",
                                     "2017/respondents.csv", "2019/respondents.csv"]
    # the positions it keeps in the study are no input of its fingerprint
    assert maps.study_patterns() == ["study.toml", "codebook.toml", "actors.csv",
                                     "pseudonyms.csv"]
    assert maps.step.study_writes == ("positions.csv",)
