"""The output folder: a run replaces only files the kit wrote, refuses folders that are not
its own, follows no link by its own folders' names, holds a lock, and ends cleanly when the
disk says no. The notebooks are replaced by a stand-in that writes a few files, so these
tests take no time; tests/test_batch.py checks the same with the real notebooks."""

import errno
import json
import os

import papermill as pm
import pytest

from localnet_helpers.catalogue import step
from localnet_helpers.errors import LocalnetError
from localnet_helpers.run import outfolder, pipeline, scheduler
from localnet_helpers.run.outfolder import (
    FAILED,
    LOCK,
    MANIFEST,
    STAGING,
    OutputFolderError,
    check_output_folder,
    locked,
    written_files,
)
from localnet_helpers.run.plan import Task

from conftest import run_cli


class FakeRun:
    """Stands in for the scheduler and the HTML export: writes ``files`` into the run's
    folder, then raises ``error`` if one is given."""

    files: dict = {}
    error: BaseException | None = None
    failures: list = []

    def __init__(self, tasks, private, log, progress, stage, *args):
        self.cwd, self.records = stage, {}

    def run(self, jobs):
        for name, text in FakeRun.files.items():
            path = self.cwd / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (self.cwd / "report.html").write_text("report", "utf-8")
        if FakeRun.error is not None:
            raise FakeRun.error
        return FakeRun.failures


@pytest.fixture
def fake(monkeypatch):
    FakeRun.files, FakeRun.error, FakeRun.failures = {}, None, []
    monkeypatch.setattr(pipeline, "Scheduler", FakeRun)
    return FakeRun


def run(study, out, **kwargs):
    return pipeline.run(study, out, progress=lambda line: None, **kwargs)


def test_first_run_writes_a_manifest_of_its_files(fake, toy_study, tmp_path):
    out = tmp_path / "out"
    fake.files = {"2020/relations.csv": "a", "figures/map.png": "b", "summary.csv": "c"}
    assert run(toy_study, out) == out / "report.html"
    assert written_files(out) == {"2020/relations.csv", "figures/map.png", "summary.csv",
                                  "executed/kernels.log", "report.html"}
    assert json.loads((out / MANIFEST).read_text())["files"] == sorted(written_files(out))
    assert not (out / STAGING).exists()


def test_users_files_survive_and_stale_years_go(fake, toy_study, tmp_path):
    out = tmp_path / "out"
    fake.files = {"2019/relations.csv": "old", "2019/executed/03.ipynb": "old",
                  "2020/relations.csv": "old", "figures/map_2019.png": "old",
                  "executed/01.ipynb": "old"}
    run(toy_study, out)
    users = {"figures/logo.png": "logo", "2020/interview_notes.docx": "notes",
             "executed/analysis.ipynb": "mine", "thesis.docx": "thesis"}
    for name, text in users.items():
        (out / name).write_text(text, encoding="utf-8")
    # fewer waves: 2019 is no longer written
    fake.files = {"2020/relations.csv": "new", "executed/01.ipynb": "new"}
    run(toy_study, out)
    for name, text in users.items():
        assert (out / name).read_text(encoding="utf-8") == text, name
    assert (out / "2020/relations.csv").read_text() == "new"
    assert not (out / "2019").exists()  # only the kit's files were in it
    assert not (out / "figures/map_2019.png").exists() and (out / "figures").is_dir()
    assert written_files(out) == {"2020/relations.csv", "executed/01.ipynb",
                                  "executed/kernels.log", "report.html"}


def test_only_the_kits_files_and_names_are_replaced(fake, toy_study, tmp_path):
    """A file with a name the catalogue declares (written by a notebook run by hand) may be
    replaced; a folder or a link in the way of the run's files is not."""
    out = tmp_path / "out"
    fake.files = {"summary.csv": "a"}
    run(toy_study, out)
    (out / "figures").mkdir()
    (out / "figures" / "map_2020.png").write_text("drawn by 05_maps in JupyterLab")
    (out / "change.csv").mkdir()  # the user's folder, by a name the kit writes
    (out / "change.csv" / "mine.txt").write_text("mine")
    fake.files = {"summary.csv": "b", "figures/map_2020.png": "kit", "change.csv": "kit"}
    with pytest.raises(OutputFolderError, match=r"would replace files that localnet did not "
                                                r"write \('change.csv'\)"):
        run(toy_study, out)
    assert (out / "change.csv" / "mine.txt").read_text() == "mine"
    assert (out / "summary.csv").read_text() == "a"
    assert not (out / STAGING).exists()
    (out / "change.csv" / "mine.txt").unlink()
    (out / "change.csv").rmdir()
    run(toy_study, out)
    assert (out / "figures" / "map_2020.png").read_text() == "kit"


@pytest.mark.parametrize("content", [["thesis.docx"], ["figures/logo.png"],
                                     ["2019/interview_notes.docx"], ["executed/analysis.ipynb"]])
def test_a_folder_that_is_not_an_earlier_output_is_refused(fake, toy_study, tmp_path, content):
    out = tmp_path / "out"
    for name in content:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("mine", encoding="utf-8")
    top = content[0].split("/")[0]
    with pytest.raises(OutputFolderError, match=f"files that localnet did not write \\('{top}'"):
        run(toy_study, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) \
        == content


def test_placeholder_and_own_leftovers_count_as_empty(fake, toy_study, tmp_path):
    out = tmp_path / "out"
    (out / STAGING / "2020").mkdir(parents=True)  # an interrupted first run
    (out / ".gitkeep").write_text("")
    (out / LOCK).write_text("123\n")
    fake.files = {"summary.csv": "a"}
    run(toy_study, out)
    assert (out / ".gitkeep").is_file() and not (out / STAGING).exists()


def test_study_folder_or_inside_it_is_refused(toy_study):
    before = (toy_study / "actors.csv").read_bytes()
    for out in (toy_study, toy_study / "reports"):
        with pytest.raises(OutputFolderError, match="is the study folder .* or inside it"):
            check_output_folder(out, toy_study)
    result = run_cli("run", "--study", toy_study, "--out", toy_study)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "or inside it" in result.stderr
    assert (toy_study / "actors.csv").read_bytes() == before


def test_output_path_that_is_a_file_is_refused(toy_study, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("x")
    result = run_cli("run", "--study", toy_study, "--out", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{path}: the output path is a file, not a folder" in result.stderr
    assert path.read_text() == "x"


def test_links_by_the_kits_folder_names_are_not_followed(fake, toy_study, tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep")
    fake.files = {"summary.csv": "a"}
    run(toy_study, out)
    (out / STAGING).symlink_to(elsewhere, target_is_directory=True)
    (out / FAILED).symlink_to(elsewhere, target_is_directory=True)
    fake.files = {"summary.csv": "b", "figures/x.png": "c"}
    fake.failures = [pipeline.NotebookFailed("03_network.ipynb", 4, "RuntimeError: x",
                                             out / STAGING / "2020")]
    with pytest.raises(pipeline.RunFailed):
        run(toy_study, out)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["precious.txt"]
    assert (elsewhere / "precious.txt").read_text() == "keep"
    assert (out / FAILED).is_dir() and not (out / FAILED).is_symlink()
    assert (out / FAILED / "figures" / "x.png").is_file()
    assert (out / "summary.csv").read_text() == "a"  # the previous results stay


def test_a_second_run_at_the_same_time_is_refused(fake, toy_study, tmp_path):
    out = tmp_path / "out"
    with locked(out):
        with pytest.raises(OutputFolderError, match="another localnet run is writing"):
            run(toy_study, out)
        result = run_cli("run", "--study", toy_study, "--out", out)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "another localnet run is writing into this folder now" in result.stderr
    fake.files = {"summary.csv": "a"}
    run(toy_study, out)  # released when the first has finished


def test_full_disk_ends_with_the_path_and_keeps_the_previous_report(fake, toy_study,
                                                                   tmp_path):
    out = tmp_path / "out"
    fake.files = {"summary.csv": "a"}
    run(toy_study, out)
    full = str(out / STAGING / "2020" / "relations.csv")
    fake.error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), full)
    with pytest.raises(LocalnetError) as info:
        run(toy_study, out)
    assert info.value.exit_status == 2
    assert str(info.value).startswith(f"{full}: No space left on device; ")
    assert (out / "report.html").read_text() == "report"
    assert not (out / STAGING).exists()


def test_unwritable_folder_ends_with_the_path(fake, toy_study, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def refuse(folder):
        raise PermissionError(errno.EACCES, "Permission denied", str(folder / STAGING))

    monkeypatch.setattr(outfolder, "fresh_stage", refuse)
    with pytest.raises(LocalnetError, match=r"\.run: Permission denied; the run needs a folder "
                                            "it can write to") as info:
        run(toy_study, out)
    assert info.value.exit_status == 2


def test_a_notebook_meeting_a_full_disk_is_bad_input(monkeypatch, tmp_path):
    def execute(*args):
        raise pm.PapermillExecutionError(3, 4, "", "OSError",
                                         "[Errno 28] No space left on device: 'x.csv'", [])

    monkeypatch.setattr(scheduler.kernels, "execute", execute)
    task = Task(step("03_network"), 2020, tmp_path / "03_network.ipynb", tmp_path / "o.ipynb",
                {"year": 2020})
    with pytest.raises(LocalnetError, match="03_network.ipynb 2020: .Errno 28. No space") as info:
        scheduler.execute(task, None)
    assert not isinstance(info.value, pipeline.NotebookFailed) and info.value.exit_status == 2


def test_a_broken_manifest_is_refused(toy_study, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text('{"files": ["../../etc/passwd"]}')
    with pytest.raises(OutputFolderError, match="cannot be read"):
        check_output_folder(out, toy_study)


def test_jobs_must_be_one_or_more(toy_study, tmp_path):
    result = run_cli("run", "--study", toy_study, "--out", tmp_path / "out", "--jobs", "0")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--jobs: '0': give the number of notebooks" in result.stderr
    with pytest.raises(LocalnetError, match="--jobs 0"):
        run(toy_study, tmp_path / "out", jobs=0)
    assert not (tmp_path / "out").exists()


def test_a_folder_of_notebooks_run_by_hand_is_accepted(fake, toy_study, tmp_path):
    """01_actors run by hand in JupyterLab wrote actors.csv into ../reports: a run into that
    folder (e.g. the next notebook bringing its inputs up to date) goes on."""
    out = tmp_path / "out"
    (out / "2020").mkdir(parents=True)
    (out / "actors.csv").write_text("by hand")
    (out / "2020" / "surfaces.csv").write_text("by hand")
    fake.files = {"actors.csv": "kit", "2020/surfaces.csv": "kit"}
    run(toy_study, out)
    assert (out / "actors.csv").read_text() == "kit"
    (out / "2020" / "notes.txt").write_text("mine")  # a folder with a file of the user's
    check_output_folder(out, toy_study)  # has a manifest now: fine
    other = tmp_path / "other"
    (other / "2020").mkdir(parents=True)
    (other / "2020" / "notes.txt").write_text("mine")
    with pytest.raises(OutputFolderError, match="did not write \\('2020'\\)"):
        check_output_folder(other, toy_study)
