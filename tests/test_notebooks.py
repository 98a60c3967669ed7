"""The notebooks are committed without outputs and take their parameters from papermill."""

import json

import papermill as pm
import pytest

from localnet_helpers.paths import NOTEBOOKS
from localnet_helpers.pipeline import STUDY_NOTEBOOKS, YEAR_NOTEBOOKS

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
        assert info["inferred_type_name"] in ("str", "int"), name
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
