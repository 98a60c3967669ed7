"""Cleaning a year's long survey: name matching, forms, respondents and every error."""

import pytest

from localnet_helpers import register, survey
from localnet_helpers.errors import InputError

from conftest import TOY_ACTORS, TOY_SURVEY

HEADER = "respondent,partner,form,purpose,target_group,description\n"


@pytest.fixture
def actors(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text(TOY_ACTORS, encoding="utf-8")
    return register.load_register(path)


def clean(tmp_path, actors, text, year=2020):
    path = tmp_path / f"{year}.csv"
    path.write_text(text, encoding="utf-8")
    raw = survey.read_survey(path)
    return raw, survey.clean_survey(raw, actors, year, path)


def test_names_matched_by_id_name_alias_case_and_space(tmp_path, actors):
    _, surfaces = clean(tmp_path, actors, TOY_SURVEY)
    assert list(surfaces.columns) == survey.SURFACE_COLUMNS
    assert list(zip(surfaces["respondent"], surfaces["partner"], surfaces["form"])) == [
        ("A", "B", 1), ("A", "B", 4), ("A", "C", 5), ("B", "A", 2), ("B", "D", 2),
        ("C", "D", 1), ("D", "C", 1), ("D", "C", 1), ("D", "C", 3)]
    # free text is kept as given, and each surface remembers its line in the file
    assert surfaces.iloc[2][["description", "line"]].tolist() == ["Byhave", 5]


def test_respondents_include_no_contact_answers(tmp_path, actors):
    raw, surfaces = clean(tmp_path, actors, TOY_SURVEY)
    table = survey.respondents_table(raw, surfaces, actors, 2020)
    assert table.to_dict("records") == [
        {"actor_id": "A", "partners": 2, "surfaces": 3},
        {"actor_id": "B", "partners": 2, "surfaces": 2},
        {"actor_id": "C", "partners": 1, "surfaces": 1},
        {"actor_id": "D", "partners": 1, "surfaces": 3},
        {"actor_id": "E", "partners": 0, "surfaces": 0},
    ]
    basis = survey.data_basis(raw, surfaces, table, 5, 2020).iloc[0]
    assert basis[["questionnaires", "response_rate", "rows", "surfaces", "no_contact_rows"]]\
        .tolist() == [5, 1.0, 10, 9, 1]


def problems_of(tmp_path, actors, rows, year=2020):
    with pytest.raises(InputError) as info:
        clean(tmp_path, actors, HEADER + rows, year)
    return str(info.value)


def test_unknown_name_names_file_line_value_and_closest(tmp_path, actors):
    message = problems_of(tmp_path, actors, "Alpha Centre,Beta Clup,1,,,\n")
    assert "2020.csv" in message
    assert "line 2, column 'partner': value 'Beta Clup': matches no actor" in message
    assert "Closest register names: 'Beta Club'" in message
    assert "aliases in actors.csv" in message


def test_actor_not_present_that_year(tmp_path, actors):
    message = problems_of(tmp_path, actors, "Alpha Centre,Phi Shop,1,,,\n")
    assert "value 'Phi Shop': is 'Phi Shop' (F), which is not present in 2020 " \
           "(its years: 2019)" in message


def test_unknown_form_lists_the_five(tmp_path, actors):
    message = problems_of(tmp_path, actors, "A,B,Samarbejde,,,\n")
    assert "line 2, column 'form': value 'Samarbejde': not one of the five forms" in message
    assert "5 = Samskabe / Co-creation" in message


def test_respondent_naming_itself(tmp_path, actors):
    message = problems_of(tmp_path, actors, "A,Alpha,1,,,\n")
    assert "the respondent names itself" in message


def test_form_without_partner_and_empty_respondent(tmp_path, actors):
    message = problems_of(tmp_path, actors, "A,,3,,,\n,B,1,,,\n")
    assert "line 2, column 'partner': a form is given but the partner is empty" in message
    assert "line 3, column 'respondent': empty" in message


def test_every_problem_of_a_file_reported_at_once(tmp_path, actors):
    rows = "A,Nobody,1,,,\nA,B,9,,,\nGhost,B,1,,,\nA,B,1,,,\n"
    message = problems_of(tmp_path, actors, rows)
    assert message.count("\n  - ") == 3
    assert "line 2" in message and "line 3" in message and "line 4" in message
    assert "line 5" not in message
