"""Installed from a built wheel, the kit works from any folder: the wheel carries the notebooks,
the report template and the demo study, and building it prints no packaging warning."""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from localnet_helpers.paths import PROJECT_ROOT

pytestmark = pytest.mark.e2e

#: What a source tree for the build leaves out: environments, outputs, caches.
IGNORE = shutil.ignore_patterns(".git", ".venv", "reports", "build", "dist", "*.egg-info",
                                "__pycache__", ".pytest_cache", ".ruff_cache",
                                ".ipynb_checkpoints")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel built from a copy of the source tree, with what the build printed."""
    root = tmp_path_factory.mktemp("wheel")
    source, dist = root / "src", root / "dist"
    shutil.copytree(PROJECT_ROOT, source, ignore=IGNORE)
    dist.mkdir()
    build = subprocess.run(
        [sys.executable, "-W", "always", "-c",
         f"from setuptools import build_meta; build_meta.build_wheel({str(dist)!r})"],
        cwd=source, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    return next(dist.glob("*.whl")), build.stdout + build.stderr


def test_building_the_wheel_prints_no_packaging_warning(wheel):
    _, printed = wheel
    assert "Warning" not in printed, printed  # e.g. SetuptoolsDeprecationWarning, _Warning


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """A fresh environment with the wheel installed; its dependencies come from the test
    environment's site-packages through a .pth file (no download), the kit only from the
    wheel."""
    env = tmp_path_factory.mktemp("env") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", env], check=True)
    python = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()"
                                "['purelib'])"], capture_output=True, text=True,
                               check=True).stdout.strip())
    (site / "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = subprocess.run([sys.executable, "-m", "pip", "--python", python, "install",
                          "--no-deps", "--no-index", wheel[0]], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr
    return env


def test_the_installed_kit_runs_the_demo_from_another_folder(installed, tmp_path):
    bin_dir = installed / ("Scripts" if sys.platform == "win32" else "bin")
    where = subprocess.run([bin_dir / "python", "-c", "import localnet_helpers, sys; "
                            "print(localnet_helpers.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed)), where  # not the repository's package
    # the dependencies' data files (nbconvert's base templates) are where pip put them for the
    # test environment: a real install puts them in the new environment's share/jupyter
    env = {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    result = subprocess.run([bin_dir / "localnet", "run", "--years", "2019", "--jobs", "2"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 0, result.stderr
    assert "report: " in result.stdout
    report = (tmp_path / "reports" / "report.html").read_text(encoding="utf-8")
    assert "Nordens Plads" in report and "2019" in report
    assert not (tmp_path / "reports" / "2018").exists()
