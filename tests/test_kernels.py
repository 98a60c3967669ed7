"""Kernels started ahead: the modules a notebook imports are loaded, and nothing else changes."""

import nbformat

from localnet_helpers.kernels import imported_modules, start_kernel
from localnet_helpers.pipeline import _execute, _Step


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
                          "import os.path, json as j\nfrom localnet_helpers import forms, report",
                          "%matplotlib inline\nimport csv",  # a magic: not Python, skipped
                          "if x:\n    import csv\nfrom . import relative")
    assert imported_modules(path) == ["json", "localnet_helpers", "localnet_helpers.forms",
                                      "localnet_helpers.report", "os.path"]


def test_preloaded_modules_bind_no_names(tmp_path):
    path = write_notebook(
        tmp_path / "n.ipynb",
        "import sys\n"
        "assert 'localnet_helpers.forms' in sys.modules  # loaded before the first cell\n"
        "assert 'forms' not in dir() and '_localnet_preload' not in dir()\n"
        "assert len(In) == 4, In  # '', the parameters, papermill's parameters, this cell",
        "from localnet_helpers import forms\nnumbers = sorted(forms.FORMS)")
    out = tmp_path / "out.ipynb"
    _execute(_Step(path, out, {"x": 2}), start_kernel(path, tmp_path, tmp_path / "log"))
    executed = nbformat.read(str(out), as_version=4)
    counts = [c.execution_count for c in executed.cells if c.cell_type == "code"]
    assert counts == [1, 2, 3, 4]  # parameters, injected parameters, the two cells
    assert all(not any(o.output_type == "error" for o in c.outputs)
               for c in executed.cells if c.cell_type == "code")
