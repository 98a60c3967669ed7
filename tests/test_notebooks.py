"""The notebooks are committed without outputs and take their parameters from papermill."""

import json

import nbformat
import pandas as pd
import papermill as pm
import pytest

from localnet_helpers.paths import NOTEBOOKS
from localnet_helpers.run.pipeline import STUDY_NOTEBOOKS, YEAR_NOTEBOOKS

NOTEBOOK_FILES = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_every_pipeline_notebook_exists():
    assert sorted(p.name for p in NOTEBOOK_FILES) == sorted(STUDY_NOTEBOOKS + YEAR_NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, path.name


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.name)
def test_parameters_cell_is_tagged_and_parsed(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1
    params = pm.inspect_notebook(str(path))
    assert {"study_dir", "out_dir"} <= set(params)
    for name, info in params.items():
        assert info["inferred_type_name"] in ("str", "int", "list", "bool"), name
        assert info["help"], f"{path.name}: parameter {name} has no comment"
    assert params["study_dir"]["default"] == '"../data"'


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.name)
def test_notebooks_stay_thin(path):
    """No function or class is defined in a notebook: logic lives in localnet_helpers."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            assert "def " not in source and "class " not in source, path.name


@pytest.mark.e2e
def test_run_all_with_default_parameters(tmp_path):
    """As 'Run All' in JupyterLab: each notebook as committed, defaults only, from notebooks/.

    The defaults (../data, ../reports) are resolved in a scratch copy of the layout, so the
    repository's own reports/ is not touched. The per-year notebooks run for their default
    year; 04_change (every wave by default) then brings the other waves up to date itself.
    """
    import shutil

    from nbclient import NotebookClient

    from localnet_helpers.paths import DEMO_STUDY

    shutil.copytree(NOTEBOOKS, tmp_path / "notebooks")
    (tmp_path / "data").symlink_to(DEMO_STUDY)
    for name in ("01_actors", "02_clean_survey", "03_network", "04_change", "05_maps",
                 "06_charts", "07_report", "08_exports"):
        nb = nbformat.read(str(tmp_path / "notebooks" / f"{name}.ipynb"), as_version=4)
        NotebookClient(nb, resources={"metadata": {"path": str(tmp_path / "notebooks")}},
                       kernel_name="python3").execute()
    summary = pd.read_csv(tmp_path / "reports" / "summary.csv")
    assert summary[["year", "network", "actors", "relations"]].values.tolist() == [
        [2017, "area", 48, 337], [2017, "hub", 40, 263], [2018, "area", 50, 291],
        [2018, "hub", 42, 214], [2019, "area", 49, 268], [2019, "hub", 42, 205]]
    assert (tmp_path / "reports" / "tables.xlsx").is_file()
