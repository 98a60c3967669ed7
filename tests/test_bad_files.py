"""The bad-file corpus (tests/bad_files/cases.toml) through the real command line."""

import hashlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from localnet_helpers.inputs.codebook import DEFAULT_CODEBOOK

from conftest import write_study

CORPUS = Path(__file__).parent / "bad_files"
CASES = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
SLOTS = {"register": "actors.csv", "study": "study.toml", "codebook": "codebook.toml"}


def codebook_toml(book=DEFAULT_CODEBOOK) -> str:
    columns = "\n".join(f'{k} = "{v}"' for k, v in book.columns.items())
    return f'[columns]\n{columns}\n\n[values]\nyes = ["Ja"]\nno = ["Nej", ""]\n'


def test_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert sorted(c["file"] for c in CASES.values()) == sorted(
        p.name for p in CORPUS.iterdir() if p.name != "cases.toml")


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_refused_clearly(tmp_path, name):
    case = CASES[name]
    study = write_study(tmp_path / "study")
    if case.get("wide"):
        (study / "codebook.toml").write_text(codebook_toml(), encoding="utf-8")
    slot = case.get("slot", "survey")
    source = CORPUS / case["file"]
    if slot == "survey":
        (study / "surveys" / "2020.csv").unlink()
        target = study / "surveys" / f"2020{source.suffix}"
    elif slot == "extra":
        target = study / "surveys" / case["name"]
    else:
        target = study / SLOTS[slot]
    shutil.copyfile(source, target)
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    result = subprocess.run([sys.executable, "-m", "localnet_helpers.cli", "run", "--study",
                             str(study), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("localnet: error: ")
    for text in case["expect"]:
        assert text in result.stderr, result.stderr
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert not (tmp_path / "out").exists()
