"""The study's positions.csv: written with stable bytes, read back checked, reset only if ours."""

import pytest

from localnet_helpers.errors import InputError
from localnet_helpers.inputs.positions import (
    format_positions,
    parse_positions,
    read_positions,
    reset_positions,
    write_positions,
)

from conftest import run_cli


def test_rows_sorted_four_decimals_no_negative_zero():
    text = format_positions({"b": (1 / 3, -0.00001), "a": (-2.5, 10.0)})
    assert text == "actor_id,x,y\na,-2.5000,10.0000\nb,0.3333,0.0000\n"
    assert parse_positions(text) == {"a": (-2.5, 10.0), "b": (0.3333, 0.0)}


def test_writing_the_same_positions_leaves_the_file_alone(tmp_path):
    path = tmp_path / "positions.csv"
    assert write_positions(path, {"a": (0.1, 0.2)})
    first = path.read_bytes()
    assert not write_positions(path, {"a": (0.10000001, 0.2)})  # same text: not written
    assert path.read_bytes() == first
    assert read_positions(tmp_path / "missing.csv") == {}


def test_a_write_that_fails_leaves_the_old_file_whole(tmp_path, monkeypatch):
    import os

    path = tmp_path / "positions.csv"
    write_positions(path, {"a": (0.1, 0.2)})
    before = path.read_bytes()

    def full_disk(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_positions(path, {"a": (0.1, 0.2), "b": (0.3, 0.4)})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["positions.csv"]  # no temporary file left


def test_every_problem_named_with_its_line(tmp_path):
    path = tmp_path / "positions.csv"
    path.write_text("actor_id,x,y\na,0.5,zero\nb,0.1,0.2\nb,0.3,0.4\nghost,1,1\nc,0.1\n"
                    "d,nan,1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_positions(path, known={"a", "b", "c", "d"})
    text = str(caught.value)
    assert str(path) in text
    assert "line 2, column 'y': value 'zero': not a number" in text
    assert "line 4, column 'actor_id': value 'b': actor_id given twice (first on line 3)" in text
    assert "line 5, column 'actor_id': value 'ghost': no actor with this actor_id" in text
    assert "line 6: value 'c,0.1': expected 3 values" in text
    assert "line 7, column 'x': value 'nan': not a number" in text
    assert len(caught.value.problems) == 5


def test_another_header_is_refused(tmp_path):
    path = tmp_path / "positions.csv"
    path.write_text("id;x;y\na;1;2\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: value 'id;x;y': the first line must be"):
        read_positions(path)


def test_reset_removes_only_the_kits_file(tmp_path):
    study = tmp_path / "study"
    study.mkdir()
    assert "no positions to reset" in reset_positions(study)
    (study / "positions.csv").write_text("name,lat,lon\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a positions file of the kit"):
        reset_positions(study)
    assert (study / "positions.csv").is_file()
    write_positions(study / "positions.csv", {"a": (0.0, 1.0)})
    assert "removed" in reset_positions(study)
    assert not (study / "positions.csv").exists()


def test_layout_command_says_and_resets(toy_study):
    (toy_study / "positions.csv").write_text("actor_id,x,y\nA,0,0\nB,1,0\n", encoding="utf-8")
    shown = run_cli("layout", "--study", toy_study)
    assert shown.returncode == 0 and "2 actors placed" in shown.stdout
    reset = run_cli("layout", "--reset", "--study", toy_study)
    assert reset.returncode == 0 and "removed" in reset.stdout
    assert not (toy_study / "positions.csv").exists()
    (toy_study / "positions.csv").write_text("my own notes\n", encoding="utf-8")
    refused = run_cli("layout", "--reset", "--study", toy_study)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert (toy_study / "positions.csv").read_text(encoding="utf-8") == "my own notes\n"


def test_a_run_refuses_a_broken_positions_file_before_any_notebook(toy_study, tmp_path):
    (toy_study / "positions.csv").write_text("actor_id,x,y\nA,0,0\nZ,1,0\n", encoding="utf-8")
    result = run_cli("run", "--study", toy_study, "--out", tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "positions.csv" in result.stderr and "line 3" in result.stderr
    assert "no actor with this actor_id" in result.stderr
    assert not (tmp_path / "out" / "report.html").exists()
