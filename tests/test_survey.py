"""Cleaning a year's survey: long and wide layouts, name matching, every rule and error."""

import pytest

from localnet_helpers.errors import InputError
from localnet_helpers.inputs import register, survey
from localnet_helpers.inputs.codebook import DEFAULT_CODEBOOK

from conftest import TOY_ACTORS, TOY_SURVEY

HEADER = "respondent,partner,form,purpose,target_group,description\n"


@pytest.fixture
def actors(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text(TOY_ACTORS, encoding="utf-8")
    return register.load_register(path)


def clean(tmp_path, actors, text, year=2020, name=None, codebook=None, encoding="utf-8"):
    path = tmp_path / (name or f"{year}.csv")
    path.write_bytes(text.encode(encoding))
    answers = survey.read_survey(path, codebook)
    return answers, survey.clean_survey(answers, actors, year, codebook)


def test_names_matched_by_id_name_alias_case_and_space(tmp_path, actors):
    _, cleaned = clean(tmp_path, actors, TOY_SURVEY)
    surfaces = cleaned.surfaces
    assert list(surfaces.columns) == survey.SURFACE_COLUMNS
    assert list(zip(surfaces["respondent"], surfaces["partner"], surfaces["form"])) == [
        ("A", "B", 1), ("A", "B", 4), ("A", "C", 5), ("B", "A", 2), ("B", "D", 2),
        ("C", "D", 1), ("D", "C", 1), ("D", "C", 1), ("D", "C", 3)]
    # free text is kept as given, and each surface remembers its line in the file
    assert surfaces.iloc[2][["description", "line"]].tolist() == ["Byhave", 4]


def test_every_name_change_is_logged(tmp_path, actors):
    _, cleaned = clean(tmp_path, actors, TOY_SURVEY)
    matched = cleaned.log[cleaned.log["rule"] == "name-matched"]
    assert matched[["line", "column", "before", "after"]].values.tolist() == [
        [3, "partner", "BETA CLUB", "B"],
        [3, "respondent", "alpha  centre", "A"],  # cells are stripped when read
        [4, "partner", "Gamma", "C"],
        [5, "partner", "The Centre", "A"],
        [10, "partner", "gamma board", "C"],
    ]
    assert set(cleaned.log["file"]) == {"2020.csv"}


def test_respondents_include_no_contact_answers(tmp_path, actors):
    answers, cleaned = clean(tmp_path, actors, TOY_SURVEY)
    assert cleaned.respondents.to_dict("records") == [
        {"actor_id": "A", "partners": 2, "surfaces": 3},
        {"actor_id": "B", "partners": 2, "surfaces": 2},
        {"actor_id": "C", "partners": 1, "surfaces": 1},
        {"actor_id": "D", "partners": 1, "surfaces": 3},
        {"actor_id": "E", "partners": 0, "surfaces": 0},
    ]
    basis = survey.data_basis(answers, cleaned, 5, 2020).iloc[0]
    # agreement: pairs among respondents A-B, A-C, B-D, C-D; both named: A-B, C-D
    assert basis[["questionnaires", "non_respondents", "response_rate", "rows", "surfaces",
                  "agreement_pairs", "agreement_both", "agreement_rate"]].tolist() == \
        [5, 0, 1.0, 10, 9, 4, 2, 0.5]


def problems_of(tmp_path, actors, rows, year=2020):
    with pytest.raises(InputError) as info:
        clean(tmp_path, actors, HEADER + rows, year)
    return str(info.value)


def test_unknown_name_listed_once_with_lines_and_closest(tmp_path, actors):
    rows = "Alpha Centre,Beta Clup,1,,,\nGamma,Beta Clup,2,,,\nA,B,1,,,\n"
    message = problems_of(tmp_path, actors, rows)
    assert "2020.csv: 1 problem" in message
    assert "line 2, column 'partner': value 'Beta Clup': matches no actor in the register " \
           "(on lines 2, 3); closest register names: 'Beta Club' (B). If it is B, add " \
           "'Beta Clup' to the aliases of B in actors.csv" in message


def test_actor_not_present_that_year(tmp_path, actors):
    message = problems_of(tmp_path, actors, "Alpha Centre,Phi Shop,1,,,\n")
    assert "value 'Phi Shop': is 'Phi Shop' (F), which is not present in 2020 " \
           "(its years: 2019; on line 2)" in message


def test_unknown_form_lists_the_five(tmp_path, actors):
    message = problems_of(tmp_path, actors, "A,B,Samarbejde,,,\n")
    assert "line 2, column 'form': value 'Samarbejde': not one of the five forms" in message
    assert "5 = Samskabe / Co-creation" in message


def test_respondent_naming_itself_is_dropped_and_logged(tmp_path, actors):
    _, cleaned = clean(tmp_path, actors, HEADER + "A,Alpha,1,,,\nA,B,2,,,\n")
    assert cleaned.surfaces[["respondent", "partner"]].values.tolist() == [["A", "B"]]
    assert cleaned.log[cleaned.log["rule"] == "self-contact-dropped"][
        ["line", "column", "before", "after"]].values.tolist() == [[2, "partner", "Alpha", ""]]


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


def test_personal_data_columns_are_dropped_and_logged_without_values(tmp_path, actors):
    text = "respondent,partner,form,purpose,target_group,description,Navn,E-mail\n" \
           "A,B,1,,,,Jens Hansen,jens@example.dk\n"
    _, cleaned = clean(tmp_path, actors, text)
    log = cleaned.log.to_string()
    assert "Jens" not in log and "jens@" not in log
    assert cleaned.log[cleaned.log["rule"] == "personal-data-dropped"][
        ["column", "before"]].values.tolist() == [["E-mail", "1 values"], ["Navn", "1 values"]]


# --- the wide layout -----------------------------------------------------------------------

def wide(rows, partners=("Beta Club", "Gamma", "Delta School"), n=2, delimiter=";"):
    """A wide export in the default codebook's layout from {respondent: {partner: surfaces}}."""
    from localnet_helpers.collect.questionnaire import wide_columns

    header = wide_columns(DEFAULT_CODEBOOK, list(partners), n)
    lines = [delimiter.join(header)]
    for respondent, contacts in rows:
        cells = [respondent]
        for partner in partners:
            value = contacts.get(partner)
            if value is None:
                cells += ["Nej", ""] + [""] * 4 * n
                continue
            count, surfaces = value
            cells += ["Ja", count]
            for i in range(n):
                cells += (list(surfaces[i]) if i < len(surfaces) else ["", "", "", ""])
        lines.append(delimiter.join(cells))
    return "\n".join(lines) + "\n"


def test_wide_export_gives_the_same_surfaces_as_long(tmp_path, actors):
    text = wide([
        ("Alpha Centre", {"Beta Club": ("2", [("Netværksmøde", "Videndele", "S", "Æ"),
                                              ("Sundhedsdag", "Samordne", "S", "Æ")]),
                          "Gamma": ("1", [("Byhave", "Samskabe", "F", "A")])}),
        ("Delta School", {"Gamma": ("1", [("Lån", "3", "U", "B")])}),
        ("Epsilon Choir", {}),
    ])
    answers, cleaned = clean(tmp_path, actors, text, encoding="cp1252",
                             codebook=DEFAULT_CODEBOOK)
    assert answers.layout == "wide"
    assert cleaned.surfaces[["respondent", "partner", "form", "line"]].values.tolist() == [
        ["A", "B", 1, 2], ["A", "B", 4, 2], ["A", "C", 5, 2], ["D", "C", 3, 3]]
    assert cleaned.respondents["actor_id"].tolist() == ["A", "D", "E"]
    assert cleaned.surfaces["purpose"].tolist()[0] == "S"


@pytest.mark.parametrize("contacts, expected", [
    ({"Beta Club": ("", [])}, "contact marked yes but no contact surface is given"),
    ({"Beta Club": ("2", [("x", "Videndele", "", "")])}, "surface 2 of 2 has no form"),
    ({"Beta Club": ("1", [("x", "1", "", ""), ("y", "2", "", "")])},
     "surface 2 is filled in but the number of surfaces is 1"),
    ({"Beta Club": ("to", [("x", "1", "", "")])}, "value 'to': not a whole number"),
])
def test_wide_errors(tmp_path, actors, contacts, expected):
    with pytest.raises(InputError) as info:
        clean(tmp_path, actors, wide([("Alpha Centre", contacts)]),
              codebook=DEFAULT_CODEBOOK)
    assert expected in str(info.value)


def test_wide_contact_value_must_be_yes_or_no(tmp_path, actors):
    text = wide([("Alpha Centre", {})]).replace(";Nej;", ";Måske;", 1)
    with pytest.raises(InputError, match="value 'Måske': not a yes or no value"):
        clean(tmp_path, actors, text, codebook=DEFAULT_CODEBOOK)


def test_wide_duplicate_questionnaires(tmp_path, actors):
    text = wide([("Alpha Centre", {}), ("Beta Club", {}), ("alpha centre", {})])
    with pytest.raises(InputError, match=r"two or more questionnaires from 'A' \(lines 2, 4\)"):
        clean(tmp_path, actors, text, codebook=DEFAULT_CODEBOOK)


def test_wide_fixes_are_logged(tmp_path, actors):
    text = wide([("Alpha Centre", {"Beta Club": ("", [("x", "1", "", "")])})])
    # a "Nej" contact with a description typed in
    text = text.replace("Nej;;;;;;;;;;", "Nej;;Glemt;;;;;;;;", 1)
    _, cleaned = clean(tmp_path, actors, text, codebook=DEFAULT_CODEBOOK)
    rules = cleaned.log.set_index("rule")
    assert rules.loc["surfaces-count-inferred", ["column", "after"]].tolist() == \
        ["Antal kontaktflader med Beta Club", "1"]
    # a dropped detail is logged by its place, never by copying its text
    assert rules.loc["details-without-contact-dropped", "before"] == "surface 1 (description)"
    assert "Glemt" not in cleaned.log.to_string()
    assert len(cleaned.surfaces) == 1


def test_xlsx_problems_of_every_stage_together_with_cells(tmp_path, actors):
    from openpyxl import Workbook

    text = wide([("Alpha Centre", {"Beta Club": ("1", [("x", "Samarbejde", "", "")])}),
                 ("Gamma", {})])
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.active.title = "Svar"
    for line in text.splitlines():
        book.active.append(line.split(";"))
    header = text.splitlines()[0].split(";")
    form = get_column_letter(header.index("Beta Club - kontaktflade 1 - samarbejdsform") + 1)
    contact = get_column_letter(header.index("Kontakt med Gamma") + 1)
    book.active[f"{contact}3"] = "Måske"
    path = tmp_path / "2020.xlsx"
    book.save(path)
    with pytest.raises(InputError) as info:
        survey.clean_survey(survey.read_survey(path, DEFAULT_CODEBOOK), actors, 2020,
                            DEFAULT_CODEBOOK)
    message = str(info.value)
    assert "2 problems" in message
    assert (form, contact) == ("E", "L")
    assert "cell Svar!E2, line 2, column 'Beta Club - kontaktflade 1 - samarbejdsform': " \
           "value 'Samarbejde': not one of the five forms" in message
    assert "cell Svar!L3, line 3, column 'Kontakt med Gamma': value 'Måske'" in message


# --- issue 10: personal data in free text, text never copied to the log, two blocks --------

@pytest.mark.parametrize("text, masked", [
    ("Ring til Jens på +45 12 34 56 78", "Ring til Jens på [telefon]"),
    ("tlf 12345678, mobil 1234 5678", "tlf [telefon], mobil [telefon]"),
    ("0045 12 34 56 78 / +4512345678", "[telefon] / [telefon]"),
    ("Skriv til jens.hansen+lokal@example.dk.", "Skriv til [e-mail]."),
    ("Møder 2017 2018 og 2019, 12 deltagere, 2000 kr, 123456789, 1234567",
     "Møder 2017 2018 og 2019, 12 deltagere, 2000 kr, 123456789, 1234567"),
])
def test_mask_personal_data(text, masked):
    assert survey.mask_personal_data(text) == masked


def test_e_mail_and_phone_in_free_text_are_masked_and_logged_without_them(tmp_path, actors):
    text = HEADER + ("A,B,1,Kontakt: jens@example.dk,Ældre,Ring 12 34 56 78 el. 87654321\n"
                     "A,C,2,Sundhed,Børn,Møde 2019 2020\n")
    _, cleaned = clean(tmp_path, actors, text)
    assert cleaned.surfaces[["purpose", "description"]].values.tolist() == [
        ["Kontakt: [e-mail]", "Ring [telefon] el. [telefon]"], ["Sundhed", "Møde 2019 2020"]]
    masked = cleaned.log[cleaned.log["rule"] == "personal-data-masked"]
    assert masked[["line", "column", "before", "after"]].values.tolist() == [
        [2, "description", "(masked)", "[telefon] [telefon]"],
        [2, "purpose", "(masked)", "[e-mail]"]]
    log = cleaned.log.to_string()
    assert "jens" not in log and "87654321" not in log and "34 56" not in log


def test_wide_free_text_is_masked_with_its_column(tmp_path, actors):
    text = wide([("Alpha Centre", {"Beta Club": ("1", [("Mail: a@b.dk", "1", "", "")])})])
    _, cleaned = clean(tmp_path, actors, text, codebook=DEFAULT_CODEBOOK)
    assert cleaned.surfaces["description"].tolist() == ["Mail: [e-mail]"]
    assert cleaned.log[cleaned.log["rule"] == "personal-data-masked"][
        ["line", "column", "before"]].values.tolist() == [
        [2, "Beta Club - kontaktflade 1 - beskrivelse", "(masked)"]]


def test_free_text_without_a_partner_is_logged_not_copied(tmp_path, actors):
    _, cleaned = clean(tmp_path, actors, HEADER + "E,,,,,Ingen kontakter i år\nA,B,1,,,\n")
    assert cleaned.log[cleaned.log["rule"] == "details-without-contact-dropped"][
        ["line", "column", "before"]].values.tolist() == [
        [2, "description", "(text without a partner)"]]
    assert "Ingen kontakter" not in cleaned.log.to_string()


def test_respondent_in_two_blocks_is_flagged_and_warned(tmp_path, actors):
    rows = ("A,B,1,,,\nA,C,5,,,\n\nA,D,1,,,\nB,A,2,,,\nAlpha Centre,B,4,,,\n"
            "alpha,D,2,,,\nC,,,,,\n")
    answers, cleaned = clean(tmp_path, actors, HEADER + rows)
    # nothing is dropped: A-B counts both surfaces (forms 1 and 4)
    assert len(cleaned.surfaces) == 6
    flagged = cleaned.log[cleaned.log["rule"] == "respondent-in-two-blocks"]
    assert flagged[["line", "column", "before", "after"]].values.tolist() == [
        [7, "respondent", "A: block 2 of 2", "kept; first block on lines 2-5"],
        [8, "respondent", "A: block 2 of 2", "kept; first block on lines 2-5"]]
    assert cleaned.warnings == [
        "warning: 2020: 2020.csv: the rows of respondent A come in 2 separate blocks "
        "(lines 2-5; lines 7-8); partners named in more than one block: B, D. If the "
        "questionnaire was entered twice, delete the repeated block in the file (or a copy); "
        "all its surfaces are counted (cleaning log: respondent-in-two-blocks)"]
    basis = survey.data_basis(answers, cleaned, 5, 2020).iloc[0]
    assert basis["fixes"] == int((cleaned.log["rule"] == "name-matched").sum())


def test_one_block_per_respondent_gives_no_warning(tmp_path, actors):
    _, cleaned = clean(tmp_path, actors, HEADER + "A,B,1,,,\n\nA,C,2,,,\nB,A,1,,,\n")
    assert cleaned.warnings == []
    assert "respondent-in-two-blocks" not in set(cleaned.log["rule"])
