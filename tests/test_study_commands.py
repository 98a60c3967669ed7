"""The commands that write into a study (new-year, template) never damage it.

Every refusal happens before anything is written, exits with status 2 and a message naming
the file or value and what to do; the commands a message suggests work as printed.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from openpyxl import load_workbook

from localnet_helpers import cli
from localnet_helpers.collect import questionnaire
from localnet_helpers.errors import InputError, LocalnetError
from localnet_helpers.inputs import register
from localnet_helpers.inputs.codebook import DEFAULT_CODEBOOK, codebook_text

from conftest import TOY_ACTORS, TOY_SURVEY, run_cli, write_study


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def printed_commands(text: str) -> list[str]:
    """The ``localnet ...`` commands in a message: each runs to the end of its line."""
    return [line[line.index("localnet "):] for line in text.splitlines() if "localnet " in line]


def assert_commands_name_study(text: str, study: Path) -> list[list[str]]:
    """Every printed command parses and names ``study``; return them as argument lists."""
    commands = printed_commands(text)
    assert commands, text
    parsed = []
    for command in commands:
        assert f"--study {shlex.quote(str(study))}" in command, command
        argv = shlex.split(command)
        assert argv[0] == "localnet"
        args = cli.build_parser().parse_args(argv[1:])
        assert Path(args.study) == study, command
        parsed.append(argv[1:])
    return parsed


# --- new-year: everything is checked before anything is written --------------------------

def _codebook(max_surfaces: int) -> str:
    return codebook_text(DEFAULT_CODEBOOK).replace(
        "max_surfaces = 6", f"max_surfaces = {max_surfaces}")


REFUSALS = {
    "questionnaire exists": (2021, lambda s: (s / "questionnaire_2021.xlsx").write_bytes(b"x"),
                             "questionnaire_2021.xlsx"),
    "survey exists": (2021, lambda s: (s / "surveys" / "2021.csv").write_text(
        TOY_SURVEY, encoding="utf-8"), "2021.csv"),
    "survey exists as xlsx": (2021, lambda s: (s / "surveys" / "2021.XLSX").write_bytes(b"x"),
                              "2021.XLSX"),
    "year in register": (2020, lambda s: None, "2020 is already a wave"),
    "year before latest": (2019, lambda s: None, "2019 is not after the latest wave, 2020"),
    "bad register": (2021, lambda s: (s / "actors.csv").write_text(
        TOY_ACTORS + "A,Again,professional,,2020\n", encoding="utf-8"), "already used"),
    "bad codebook": (2021, lambda s: (s / "codebook.toml").write_text(
        "[columns\n", encoding="utf-8"), "codebook.toml"),
    "absurd max_surfaces": (2021, lambda s: (s / "codebook.toml").write_text(
        _codebook(51), encoding="utf-8"), "max_surfaces"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_new_year_refuses_before_writing_anything(toy_study, case):
    year, spoil, expected = REFUSALS[case]
    spoil(toy_study)
    before = snapshot(toy_study)
    result = run_cli("new-year", year, "--study", toy_study)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and expected in result.stderr, result.stderr
    assert "--out" not in result.stderr  # new-year has none
    assert snapshot(toy_study) == before


@pytest.mark.parametrize("year", [20200, 999])
def test_new_year_refuses_a_year_that_is_not_four_digits(toy_study, year):
    """The command line refuses it too; the function refuses it on its own."""
    before = snapshot(toy_study)
    with pytest.raises(LocalnetError) as caught:
        questionnaire.new_year(toy_study, year)
    message = str(caught.value)
    assert f"{year} is not a four-digit year" in message
    assert "a four-digit year after the latest wave (2020)" in message
    assert message.endswith(f"localnet new-year 2021 --study {shlex.quote(str(toy_study))}")
    assert snapshot(toy_study) == before


ACTORS_KEPT = (
    "actor_id;name;type;aliases;years;notes\r\n"
    "D;\"Delta School\";professional;;2020;\"called in May; \"\"busy\"\"\"\r\n"
    "A;Alpha Centre;professional;\"Alpha|The Centre\";\"2020\";\r\n"
    "\r\n"
    "F;Phi Shop;professional;;2019;closed\r\n"
    "B;Beta Club;volunteer;;2019  2020 ;\"two\r\nlines\"\r\n"
)
ACTORS_ADDED = (
    "actor_id;name;type;aliases;years;notes\r\n"
    "D;\"Delta School\";professional;;2020 2021;\"called in May; \"\"busy\"\"\"\r\n"
    "A;Alpha Centre;professional;\"Alpha|The Centre\";\"2020 2021\";\r\n"
    "\r\n"
    "F;Phi Shop;professional;;2019;closed\r\n"
    "B;Beta Club;volunteer;;2019  2020 2021 ;\"two\r\nlines\"\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_new_year_changes_only_the_years_cells(tmp_path, encoding):
    """Extra columns, row order, quoting, blank lines, BOM, CRLF and encoding are kept."""
    actors = ACTORS_KEPT.replace("Phi Shop", "Phi Shøp")
    study = write_study(tmp_path / "study", surveys={2020: TOY_SURVEY})
    (study / "actors.csv").write_bytes(actors.encode(encoding))
    result = run_cli("new-year", 2021, "--study", study)
    assert result.returncode == 0, result.stderr
    expected = ACTORS_ADDED.replace("Phi Shop", "Phi Shøp").encode(encoding)
    assert (study / "actors.csv").read_bytes() == expected
    assert (study / "questionnaire_2021.xlsx").is_file()
    assert sorted(p.name for p in study.iterdir()) == [
        "actors.csv", "codebook.toml", "questionnaire_2021.xlsx", "study.toml", "surveys"]


def test_new_year_interrupted_leaves_the_study_as_it_was(toy_study, monkeypatch):
    before = snapshot(toy_study)
    real_replace = os.replace

    def replace(source, target):
        if Path(target).name == "actors.csv":
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        questionnaire.new_year(toy_study, 2021)
    assert snapshot(toy_study) == before


def test_new_year_unwritable_study_is_a_clear_error(toy_study, monkeypatch):
    def replace(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", replace)
    before = snapshot(toy_study)
    with pytest.raises(LocalnetError, match="cannot write"):
        questionnaire.new_year(toy_study, 2021)
    assert snapshot(toy_study) == before


# --- template: names as text, sane layouts, helpful refusals ------------------------------

HOSTILE = ("=1+1", "+45 Club", "-minus", "@at")


def test_template_writes_formula_like_names_as_text(tmp_path):
    lines = [f'X{i},"{name}",citizen,,2020' for i, name in enumerate(HOSTILE)]
    actors = TOY_ACTORS + "\n".join(lines) + "\n"
    study = write_study(tmp_path / "study", actors=actors)
    (study / "codebook.toml").write_text(codebook_text(DEFAULT_CODEBOOK).replace(
        "max_surfaces = 6", "max_surfaces = 1"), encoding="utf-8")
    result = run_cli("template", "--year", 2020, "--study", study)
    assert result.returncode == 0, result.stderr
    book = load_workbook(study / "questionnaire_2020.xlsx")
    listed = {c.value: c for row in book["Aktører"].iter_rows(min_row=2) for c in row}
    for name in HOSTILE:
        assert listed[name].data_type == "s", name
    header = {c.value: c for c in book["Besvarelser"][1]}
    for name in HOSTILE:
        for text in (f"Kontakt med {name}", f"{name} - kontaktflade 1 - beskrivelse"):
            assert header[text].data_type == "s", text
    assert all(c.data_type == "s" for c in book["Besvarelser"][1])


def test_write_template_refuses_absurd_max_surfaces(toy_study, tmp_path):
    from dataclasses import replace

    actors = register.load_register(toy_study / "actors.csv")
    for bad in (0, 51):
        book = replace(DEFAULT_CODEBOOK, max_surfaces=bad)
        with pytest.raises(InputError, match="between 1 and 50"):
            questionnaire.write_template(actors, 2020, tmp_path / "q.xlsx", book)
    assert not (tmp_path / "q.xlsx").exists()


def test_template_refuses_a_layout_wider_than_excel(tmp_path):
    lines = [f"X{i},Actor {i},citizen,,2020" for i in range(100)]
    actors = "actor_id,name,type,aliases,years\n" + "\n".join(lines) + "\n"
    study = write_study(tmp_path / "study", actors=actors, surveys={})
    (study / "codebook.toml").write_text(_codebook(45), encoding="utf-8")
    before = snapshot(study)
    result = run_cli("template", "--year", 2020, "--study", study)
    assert result.returncode == 2, result.stderr
    assert "18,201 columns" in result.stderr and "16,384" in result.stderr
    assert "max_surfaces = 40" in result.stderr  # 1 + 100 * (2 + 4 * 40) = 16,201
    assert snapshot(study) == before


def test_template_too_wide_writes_no_codebook_either(tmp_path):
    lines = [f"X{i},Actor {i},citizen,,2020" for i in range(700)]
    actors = "actor_id,name,type,aliases,years\n" + "\n".join(lines) + "\n"
    study = write_study(tmp_path / "study", actors=actors, surveys={})
    result = run_cli("template", "--year", 2020, "--study", study)
    assert result.returncode == 2 and "18,201 columns" in result.stderr, result.stderr
    assert not (study / "codebook.toml").exists()


def test_template_for_a_year_without_actors_suggests_new_year(tmp_path):
    study = write_study(tmp_path / "my study")
    result = run_cli("template", "--year", 2021, "--study", study)
    assert result.returncode == 2, result.stderr
    assert f"localnet new-year 2021 --study {shlex.quote(str(study))}" in result.stderr
    [argv] = assert_commands_name_study(result.stderr, study)
    assert run_cli(*argv).returncode == 0
    assert (study / "questionnaire_2021.xlsx").is_file()


def test_template_refuses_a_year_that_is_not_four_digits(toy_study):
    before = snapshot(toy_study)
    with pytest.raises(LocalnetError, match="20200 is not a four-digit year") as caught:
        questionnaire.make_template(toy_study, 20200)
    assert "new-year" not in str(caught.value)
    assert snapshot(toy_study) == before


@pytest.mark.parametrize("out", ["folder", "answers.csv"])
def test_template_refuses_an_out_that_is_no_workbook_file(toy_study, out):
    (toy_study / "folder").mkdir()
    before = snapshot(toy_study)
    result = run_cli("template", "--year", 2020, "--study", toy_study, "--out", toy_study / out)
    assert result.returncode == 2 and out in result.stderr, result.stderr
    assert snapshot(toy_study) == before


# --- hints are commands that work as printed ----------------------------------------------

def test_new_year_prints_commands_that_work(tmp_path):
    study = write_study(tmp_path / "my study")
    result = run_cli("new-year", 2021, "--study", study)
    assert result.returncode == 0, result.stderr
    [run, forms] = assert_commands_name_study(result.stdout, study)
    assert run[0] == "run" and forms[:3] == ["forms", "--year", "2021"]
    assert run_cli(*forms).returncode == 0 and (study / "forms_2021").is_dir()
    again = run_cli("new-year", 2021, "--study", study)
    assert again.returncode == 2
    [argv] = assert_commands_name_study(again.stderr, study)
    assert argv[:2] == ["new-year", "2022"]
    assert run_cli(*argv).returncode == 0


def test_template_prints_commands_that_work(tmp_path):
    study = write_study(tmp_path / "it's")
    result = run_cli("template", "--year", 2020, "--study", study)
    assert result.returncode == 0, result.stderr
    [run] = assert_commands_name_study(result.stdout, study)
    assert run[0] == "run"
