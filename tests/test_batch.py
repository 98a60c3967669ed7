"""Batch runs: parallel years, a failing notebook that leaves the previous results alone, and
byte-identical reruns."""

import hashlib
import json
import shutil

import pytest

from localnet_helpers.errors import LocalnetError
from localnet_helpers.paths import NOTEBOOKS
from localnet_helpers.run.outfolder import FAILED
from localnet_helpers.run.pipeline import RunFailed, run

from conftest import run_cli, two_year_study

pytestmark = pytest.mark.e2e


def broken_notebooks(folder, year):
    """A copy of the notebooks whose network step fails for ``year``."""
    shutil.copytree(NOTEBOOKS, folder)
    path = folder / "03_network.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].insert(3, {"cell_type": "code", "execution_count": None, "id": "boom",
                           "metadata": {}, "outputs": [],
                           "source": f"if year == {year}:\n"
                                     "    raise RuntimeError('deliberate failure')"})
    path.write_text(json.dumps(nb), encoding="utf-8")
    return folder


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_failing_notebook_keeps_previous_report(tmp_path):
    study = two_year_study(tmp_path / "study")
    out = tmp_path / "out"
    run(study, out, progress=lambda line: None)
    before = digest(out / "report.html")

    with pytest.raises(RunFailed) as info:
        run(study, out, jobs=2, progress=lambda line: None,
            notebooks=broken_notebooks(tmp_path / "notebooks", 2021))
    lines = str(info.value).splitlines()
    kept = out / FAILED / "2021" / "executed" / "03_network.ipynb"
    assert lines[0] == (f"03_network.ipynb failed in cell [4]: RuntimeError: deliberate "
                        f"failure (executed notebook kept at {kept})")
    assert lines[1] == f"the previous results in {out} were left as they were"
    assert info.value.exit_status == 1 and isinstance(info.value, LocalnetError)
    assert "deliberate failure" in kept.read_text(encoding="utf-8")
    assert (out / FAILED / "2020" / "relations.csv").is_file()  # the other year finished
    assert digest(out / "report.html") == before
    assert not (out / ".run").exists()

    run(study, out, progress=lambda line: None)  # a good run clears the failed one
    assert not (out / FAILED).exists()


def test_users_files_survive_real_runs_and_a_rerun_with_fewer_waves(tmp_path):
    study = two_year_study(tmp_path / "study")
    out = tmp_path / "out"
    run(study, out, jobs=2, progress=lambda line: None)
    users = {"figures/logo.png": b"\x89PNG logo", "2021/interview_notes.docx": b"notes",
             "executed/analysis.ipynb": b"{}", "thesis.docx": b"thesis"}
    for name, data in users.items():
        (out / name).write_bytes(data)
    run(study, out, years=[2020], jobs=2, progress=lambda line: None)
    for name, data in users.items():
        assert (out / name).read_bytes() == data, name
    assert sorted(p.name for p in (out / "2021").iterdir()) == ["interview_notes.docx"]
    assert (out / "2020" / "relations.csv").is_file() and (out / "report.html").is_file()
    assert not list(out.glob("figures/map_2021*"))


RESULTS = ("*.csv", "*.xlsx", "*.png", "*.svg", "*.graphml", "*.gexf", "report.html")


def result_files(out):
    files = {}
    for pattern in RESULTS:
        for path in out.rglob(pattern):
            files[str(path.relative_to(out))] = digest(path)
    return files


def test_two_runs_are_byte_identical(demo_run, tmp_path):
    """The demo once more, with two years at a time: every result file is identical."""
    result = run_cli("run", "--out", tmp_path / "again", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    first, second = result_files(demo_run[0]), result_files(tmp_path / "again")
    assert len(first) > 60 and "report.html" in first and "tables.xlsx" in first
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
