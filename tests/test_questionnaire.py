"""The questionnaire template: written for a wave, filled in, read back by the kit."""

import subprocess
import sys

from openpyxl import load_workbook

from localnet_helpers.collect.questionnaire import listed_actors
from localnet_helpers.inputs import register, survey
from localnet_helpers.inputs.codebook import DEFAULT_CODEBOOK, codebook_text, load_codebook


def test_codebook_text_round_trips(tmp_path):
    path = tmp_path / "codebook.toml"
    book = DEFAULT_CODEBOOK
    path.write_text(codebook_text(book), encoding="utf-8")
    assert load_codebook(path) == book


def test_codebook_text_round_trips_any_label(tmp_path):
    import tomllib
    from dataclasses import replace

    book = replace(DEFAULT_CODEBOOK, sheet='Svar "2020"\\', personal=("Navn\nog e-mail",),
                   forms={'Lån af "lokaler"\nog udstyr': 3, "Tab\tform ' \\": 5},
                   yes=("Ja", 'J"a'))
    text = codebook_text(book)
    assert tomllib.loads(text)["values"]["form"] == dict(book.forms)
    path = tmp_path / "codebook.toml"
    path.write_text(text, encoding="utf-8")
    assert load_codebook(path) == book


def test_actors_listed_by_type_then_name(toy_study):
    actors = register.load_register(toy_study / "actors.csv")
    assert listed_actors(actors, 2020)["actor_id"].tolist() == ["A", "D", "B", "E", "C"]


def test_template_filled_in_reads_back(toy_study, tmp_path):
    result = subprocess.run([sys.executable, "-m", "localnet_helpers.cli", "template",
                             "--year", "2020", "--study", str(toy_study)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    template = toy_study / "questionnaire_2020.xlsx"
    assert f"wrote {template}: 5 actors present in 2020" in result.stdout
    assert (toy_study / "codebook.toml").is_file()

    book = load_workbook(template)
    assert book.sheetnames == ["Besvarelser", "Aktører", "Samarbejdsformer"]
    assert [r[1] for r in book["Aktører"].iter_rows(min_row=2, values_only=True)] == [
        "Alpha Centre", "Delta School", "Beta Club", "Epsilon Choir", "Gamma Board"]
    sheet = book["Besvarelser"]
    header = [c.value for c in sheet[1]]
    assert len(header) == 1 + 5 * (2 + 4 * 6)

    def put(row, column, value):
        sheet.cell(row=row, column=header.index(column) + 1, value=value)

    put(2, "Organisation", "Alpha Centre")
    for partner in ("Alpha Centre", "Delta School", "Beta Club", "Epsilon Choir",
                    "Gamma Board"):
        put(2, f"Kontakt med {partner}", "Nej")
    put(2, "Kontakt med Beta Club", "Ja")
    put(2, "Antal kontaktflader med Beta Club", 2)
    put(2, "Beta Club - kontaktflade 1 - samarbejdsform", "Samordne")
    put(2, "Beta Club - kontaktflade 2 - samarbejdsform", "Videndele")
    put(2, "Beta Club - kontaktflade 2 - beskrivelse", "Møde")
    put(3, "Organisation", "Epsilon Choir")
    filled = toy_study / "surveys" / "2020.xlsx"
    book.save(filled)
    (toy_study / "surveys" / "2020.csv").unlink()

    codebook = load_codebook(toy_study / "codebook.toml")
    answers = survey.read_survey(filled, codebook)
    actors = register.load_register(toy_study / "actors.csv")
    cleaned = survey.clean_survey(answers, actors, 2020, codebook)
    assert cleaned.surfaces[["respondent", "partner", "form", "description"]].values.tolist() \
        == [["A", "B", 4, ""], ["A", "B", 1, "Møde"]]
    assert cleaned.respondents["actor_id"].tolist() == ["A", "E"]


def test_template_never_overwrites(toy_study):
    (toy_study / "questionnaire_2020.xlsx").write_text("answers!", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "localnet_helpers.cli", "template",
                             "--year", "2020", "--study", str(toy_study)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "exists already" in result.stderr
    assert (toy_study / "questionnaire_2020.xlsx").read_text(encoding="utf-8") == "answers!"


def test_new_year_prepares_a_study_that_runs(toy_study):
    from conftest import TOY_SURVEY, run_cli

    result = run_cli("new-year", "2021", "--study", toy_study)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"added 2021 to the years of the 5 actors present in 2020 ({toy_study / 'actors.csv'});"
        " edit it for actors that have arrived or left")
    assert (toy_study / "questionnaire_2021.xlsx").is_file()
    actors = register.load_register(toy_study / "actors.csv").set_index("actor_id")
    assert actors.loc["A", "years"] == (2020, 2021) and actors.loc["F", "years"] == (2019,)
    # the analyst collects the answers; the new wave then runs
    (toy_study / "surveys" / "2021.csv").write_text(TOY_SURVEY, encoding="utf-8")
    from localnet_helpers.run.pipeline import check_study

    study, years = check_study(toy_study, warn=lambda line: None)
    assert years == [2020, 2021]
    again = run_cli("new-year", "2021", "--study", toy_study)
    assert again.returncode == 2 and "2021 is not after the latest wave, 2021" in again.stderr


def test_template_of_an_english_study_is_in_english(toy_study):
    from localnet_helpers.collect.questionnaire import make_template, study_language
    from localnet_helpers.inputs.forms import parse_form

    toml = toy_study / "study.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'language = "en"\n', encoding="utf-8")
    assert study_language(toy_study) == "en"
    make_template(toy_study, 2020)
    book = load_workbook(toy_study / "questionnaire_2020.xlsx")
    assert book.sheetnames == ["Answers", "Actors", "Collaboration forms"]
    assert next(book["Actors"].iter_rows(min_row=2, values_only=True))[0] == \
        "Professional actors"
    assert "Contact with Beta Club" in [c.value for c in book["Answers"][1]]
    forms = [r[1] for r in book["Collaboration forms"].iter_rows(min_row=2, values_only=True)]
    assert [parse_form(f) for f in forms] == [1, 2, 3, 4, 5]
    assert load_codebook(toy_study / "codebook.toml").yes == ("Yes",)
