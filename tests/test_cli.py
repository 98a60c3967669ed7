"""The command line: bad input exits 2 with a message and no traceback; raw files untouched."""

import hashlib
import subprocess
import sys

import nbformat
import pytest

from localnet_helpers.catalogue import step
from localnet_helpers.errors import LocalnetError
from localnet_helpers.run.kernels import start_kernel
from localnet_helpers.run.plan import Task
from localnet_helpers.run.scheduler import NotebookFailed, execute

from conftest import TOY_SURVEY, write_study


def localnet(*args):
    return subprocess.run([sys.executable, "-m", "localnet_helpers.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_unknown_name_exits_2_with_message_and_keeps_raw_file(tmp_path):
    bad = TOY_SURVEY.replace("Beta Club,Delta School", "Beta Club,Delta Scool")
    study = write_study(tmp_path / "s", surveys={2020: bad})
    survey = study / "surveys" / "2020.csv"
    before = digest(survey)
    result = localnet("run", "--study", study, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"localnet: error: {survey}: 1 problem" in result.stderr
    assert "line 6, column 'partner': value 'Delta Scool': matches no actor in the register " \
           "(on line 6); closest register names: 'Delta School' (D), 'Beta Club' (B). If it " \
           "is D, add " \
           "'Delta Scool' to the aliases of D in actors.csv" in result.stderr
    assert digest(survey) == before
    assert not (tmp_path / "out" / "report.html").exists()


def test_debug_shows_the_traceback(tmp_path):
    result = localnet("--debug", "run", "--study", tmp_path / "missing", "--out", tmp_path)
    assert result.returncode != 0 and "Traceback" in result.stderr


@pytest.mark.parametrize("args, expected", [
    (["--study", "{tmp}/missing"], "the study folder does not exist"),
    (["--years", "1999"], "no survey file 1999.csv for the requested year"),
])
def test_other_bad_input_exits_2(tmp_path, args, expected):
    study = write_study(tmp_path / "s")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if "--study" not in args:
        args = ["--study", study, *args]
    result = localnet("run", *args, "--out", tmp_path / "out")
    assert result.returncode == 2 and expected in result.stderr
    assert "Traceback" not in result.stderr


def notebook(tmp_path, source):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('x: int = 1  # a parameter')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "failing.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_failing_notebook_names_notebook_cell_error_and_kept_copy(tmp_path):
    path = notebook(tmp_path, "raise ValueError('boom')")
    kept = tmp_path / "out" / "failing.ipynb"
    with pytest.raises(NotebookFailed) as info:
        execute(Task(step("01_actors"), None, path, kept, {"x": 2}),
                start_kernel(path, tmp_path, tmp_path / "log"))
    message = str(info.value)
    # cell [3]: papermill injects the parameters after cell [1]; [3] is what the kept copy shows
    assert message.startswith("failing.ipynb failed in cell [3]: ValueError: boom")
    assert str(kept) in message and kept.exists() and info.value.exit_status == 1
    assert "\n" not in message


def test_input_error_inside_a_notebook_is_reported_as_bad_input(tmp_path):
    path = notebook(tmp_path, "from localnet_helpers.errors import InputError\n"
                              "raise InputError('x.csv', 'bad value')")
    with pytest.raises(LocalnetError) as info:
        execute(Task(step("01_actors"), None, path, tmp_path / "out.ipynb", {}),
                start_kernel(path, tmp_path, tmp_path / "log"))
    assert "x.csv: 1 problem" in str(info.value) and info.value.exit_status == 2
