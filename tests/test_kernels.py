"""Kernels started ahead: the modules a notebook imports are loaded, and nothing else changes."""

import os
import signal
import subprocess
import sys

import nbformat
import pytest

from localnet_helpers.catalogue import step
from localnet_helpers.run.kernels import imported_modules, start_kernel
from localnet_helpers.run.plan import Task
from localnet_helpers.run.scheduler import execute

from conftest import write_study


def write_notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("x: int = 1  # a parameter")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))
    return path


def test_imported_modules_are_the_top_level_imports(tmp_path):
    path = write_notebook(tmp_path / "n.ipynb",
                          "import os.path, json as j\n"
                          "from localnet_helpers.inputs import forms, study",
                          "%matplotlib inline\nimport csv",  # a magic: not Python, skipped
                          "if x:\n    import csv\nfrom . import relative")
    assert imported_modules(path) == ["json", "localnet_helpers.inputs",
                                      "localnet_helpers.inputs.forms",
                                      "localnet_helpers.inputs.study", "os.path"]


def test_preloaded_modules_bind_no_names(tmp_path):
    path = write_notebook(
        tmp_path / "n.ipynb",
        "import sys\n"
        "assert 'localnet_helpers.inputs.forms' in sys.modules  # loaded before the first cell\n"
        "assert 'forms' not in dir() and '_localnet_preload' not in dir()\n"
        "assert len(In) == 4, In  # '', the parameters, papermill's parameters, this cell",
        "from localnet_helpers.inputs import forms\nnumbers = sorted(forms.FORMS)")
    out = tmp_path / "out.ipynb"
    task = Task(step("01_actors"), None, path, out, {"x": 2})
    execute(task, start_kernel(path, tmp_path, tmp_path / "log"))
    executed = nbformat.read(str(out), as_version=4)
    counts = [c.execution_count for c in executed.cells if c.cell_type == "code"]
    assert counts == [1, 2, 3, 4]  # parameters, injected parameters, the two cells
    assert all(not any(o.output_type == "error" for o in c.outputs)
               for c in executed.cells if c.cell_type == "code")


def _isolated(tmp_path):
    """An environment whose home and temporary folders are empty folders of the test."""
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    return {**os.environ, "HOME": str(home), "TMPDIR": str(temp),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime")}, home, temp


def _cli(*args):
    return [sys.executable, "-m", "localnet_helpers.cli", *map(str, args)]


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.e2e
def test_a_run_writes_nothing_outside_its_output_folder(tmp_path):
    """No IPython history (which would hold the notebooks' code), no kernel connection files
    (which hold their keys), no temporary files; only matplotlib's font cache may appear."""
    env, home, temp = _isolated(tmp_path)
    study = write_study(tmp_path / "study")
    result = subprocess.run(_cli("run", "--study", study, "--out", tmp_path / "out"), env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert [f for f in _files(home) if not f.startswith(".cache/matplotlib/")] == []
    assert _files(temp) == []
    executed = (tmp_path / "out" / "2020" / "executed" / "03_network.ipynb").read_text("utf-8")
    assert str(tmp_path) not in executed  # relative paths only


@pytest.mark.e2e
def test_ctrl_c_stops_the_run_and_leaves_nothing_behind(tmp_path):
    env, home, temp = _isolated(tmp_path)
    study = write_study(tmp_path / "study")
    out = tmp_path / "out"
    process = subprocess.Popen(_cli("run", "--study", study, "--out", out), env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().startswith("[1/")  # the first notebook has run
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr.strip() == "localnet: interrupted"
    assert _files(temp) == []
    assert not (out / ".run").exists() and not (out / "report.html").exists()
    kernels = subprocess.run(["pgrep", "-f", str(temp)], capture_output=True, text=True)
    assert kernels.stdout == ""  # no kernel of the run is left running
