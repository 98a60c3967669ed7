"""One form per organisation (localnet forms) and the returned forms merged (localnet collect)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from localnet_helpers.cli import main
from localnet_helpers.collect.forms import (
    ID_SHEET,
    MAX_SURFACES,
    contacts_header,
    form_file_names,
    make_forms,
    safe_file_name,
)
from localnet_helpers.collect.returned import FormsError, collect_forms, make_collect
from localnet_helpers.errors import InputError, Problem
from localnet_helpers.inputs import register, survey
from localnet_helpers.inputs.study import load_study
from localnet_helpers.measures import change, composition, network
from localnet_helpers.paths import DEMO_STUDY
from localnet_helpers.texts import load as load_texts

from conftest import TOY_ACTORS, write_study

W = load_texts("da")["form_workbook"]
FORMS = load_texts("da")["forms"]


def form_layout(path: Path) -> dict:
    """The hidden identifier's fields of a form."""
    book = load_workbook(path)
    sheet = book[ID_SHEET]
    fields = json.loads("".join(sheet.cell(row=r, column=2).value
                                for r in range(3, sheet.max_row + 1)))
    book.close()
    return fields


def fill(blank: Path, target: Path, answers: dict[str, list[tuple]] | None = None,
         contact: dict[str, str] | None = None, more: list[tuple] = ()) -> Path:
    """Fill in a form as an organisation would and save it as ``target``.

    ``answers``: partner actor_id -> surfaces (form depth or text, purpose, target group,
    description); every listed partner with surfaces is marked Ja, every other Nej unless
    ``contact`` says otherwise. Surfaces beyond the sixth go to the sheet of more surfaces, as
    do ``more`` rows (partner name, description, form, purpose, target group).
    """
    answers = answers or {}
    fields = form_layout(blank)
    book = load_workbook(blank)
    sheet, extra = book[W["contacts_sheet"]], book[W["more_sheet"]]
    extra_row = 2
    for row, actor, name in fields["rows"]:
        surfaces = answers.get(actor, [])
        sheet.cell(row=row, column=3).value = (contact or {}).get(
            actor, "Ja" if surfaces else "Nej") or None
        for n, (form, purpose, group, text) in enumerate(surfaces):
            form = FORMS[form - 1] if isinstance(form, int) else form
            if n < MAX_SURFACES:
                for k, value in enumerate((text, form, purpose, group)):
                    sheet.cell(row=row, column=4 + 4 * n + k).value = value or None
            else:
                for k, value in enumerate((name, text, form, purpose, group), start=1):
                    extra.cell(row=extra_row, column=k).value = value or None
                extra_row += 1
    for values in more:
        for k, value in enumerate(values, start=1):
            extra.cell(row=extra_row, column=k).value = value
        extra_row += 1
    book.save(target)
    return target


def surfaces_of(surfaces: pd.DataFrame) -> dict[str, dict[str, list[tuple]]]:
    """respondent -> partner -> surfaces, as the fill helper takes them."""
    found: dict[str, dict[str, list[tuple]]] = {}
    for rec in surfaces.to_dict("records"):
        found.setdefault(rec["respondent"], {}).setdefault(rec["partner"], []).append(
            (rec["form"], rec["purpose"], rec["target_group"], rec["description"]))
    return found


def year_tables(study_dir: Path, year: int) -> dict[str, pd.DataFrame]:
    """What 02_clean_survey and 03_network compute for ``year``, without papermill."""
    study = load_study(study_dir)
    actors_all = register.load_register(study.register_path)
    answers = survey.read_survey(study.surveys[year], study.codebook)
    cleaned = survey.clean_survey(answers, actors_all, year, study.codebook)
    actors = register.actors_in_year(actors_all, year)
    surfaces = cleaned.surfaces.drop(columns="line")
    surfaces = surfaces.sort_values(list(surfaces.columns), ignore_index=True)
    answered = set(cleaned.respondents["actor_id"])
    relations = network.relations_from_surfaces(surfaces, study.tie_rule, answered)
    graph = network.build_graph(actors, relations)
    chosen = composition.defining_surfaces(surfaces, relations)
    basis = survey.data_basis(answers, cleaned, len(actors), year)
    return {
        # rows read, fixes and drops count the file's layout (the demo's wide export drops its
        # personal-data columns and matches names; the collected file has none of that)
        "data_basis": basis.drop(columns=["rows", "fixes", "dropped"]),
        "surfaces": surfaces,
        "respondents": cleaned.respondents,
        "relations": relations,
        "year_summary": network.network_summary(graph, study.hub, year),
        "centrality": network.centrality_table(graph),
        "reach": composition.hub_reach(graph, study.hub),
        "depth": composition.depth_table(graph, study.hub, chosen),
        "mixing": composition.mixing_table(graph),
        "ei_index": composition.ei_table(graph),
        "bridging": composition.bridging_table(graph),
        "purposes": composition.surfaces_by(chosen, graph, study.hub, "purpose"),
        "target_groups": composition.surfaces_by(chosen, graph, study.hub, "target_group"),
        "year_robustness": change.robustness_rows(actors, surfaces, answered, study.hub, year),
    }


# --- the demo's 2019 wave, round trip ------------------------------------------------------

@pytest.fixture(scope="module")
def demo_round_trip(tmp_path_factory):
    """Forms for the demo's 2019 wave, filled in from the demo's own 2019 answers (every
    respondent's file renamed), collected into a copy of the study without its 2019 file."""
    root = tmp_path_factory.mktemp("round")
    study = root / "study"
    shutil.copytree(DEMO_STUDY, study)
    (study / "surveys" / "2019.xlsx").unlink()
    messages = make_forms(study, 2019)
    original = year_tables(Path(DEMO_STUDY), 2019)
    answers = surfaces_of(original["surfaces"])
    folder = root / "returned"
    folder.mkdir()
    forms = study / "forms_2019"
    respondents = original["respondents"]["actor_id"].tolist()
    for number, path in enumerate(sorted(forms.glob("*.xlsx"))):
        actor = form_layout(path)["actor_id"]
        if actor in respondents:
            fill(path, folder / f"svar {number:02d} (returneret).xlsx", answers.get(actor, {}))
    lines = make_collect(study, 2019, folder)
    return study, original, messages, lines


def test_demo_forms_round_trip_to_the_same_tables(demo_round_trip):
    study, original, messages, lines = demo_round_trip
    assert messages[0].startswith("wrote 49 forms for 2019")
    collected = year_tables(study, 2019)
    assert sorted(collected) == sorted(original)
    for name, table in original.items():
        pd.testing.assert_frame_equal(collected[name], table, obj=name)
    assert len(collected["relations"]) == 268  # the demo is calibrated to the report's 2019
    # the collected file is the kit's long layout, respondents and partners by actor_id
    written = survey.read_survey(study / "surveys" / "2019.xlsx", load_study(study).codebook)
    assert written.layout == "long" and written.log == []


def test_demo_status_lists_who_has_not_returned(demo_round_trip):
    study, original, _, lines = demo_round_trip
    status = pd.read_csv(study / "forms_2019" / "status.csv", dtype=str, keep_default_na=False)
    cols = load_texts("da")["form_status"]["columns"]
    assert list(status.columns) == cols
    actors = status[status["actor_id"] != ""]
    assert len(actors) == 49
    returned = set(actors.loc[actors[cols[3]] == "Ja", "actor_id"])
    assert returned == set(original["respondents"]["actor_id"])
    missing = actors.loc[actors[cols[3]] == "Nej", cols[1]].tolist()
    assert len(missing) == 49 - len(returned)  # every demo actor answered in 2019
    assert lines[2] == "not returned: 0 (all forms are in)" and missing == []
    rate = len(returned) / 49
    total = status.iloc[-1][cols[1]]
    assert f"{len(returned)} af 49" in total and f"{100 * rate:.1f}".replace(".", ",") in total
    assert f"({100 * rate:.1f} %)" in lines[1]
    surfaces = actors.loc[actors[cols[3]] == "Ja", cols[6]].astype(int).sum()
    assert surfaces == len(original["surfaces"])


# --- the forms themselves ------------------------------------------------------------------

TOY = TOY_ACTORS.replace("E,Epsilon Choir,citizen,,2020", "E,=Epsilon Choir,citizen,,2020")


@pytest.fixture
def toy(tmp_path):
    """The toy study (one actor named like a formula) with its 2020 forms, no 2020 survey."""
    study = write_study(tmp_path / "toy", actors=TOY.replace(",2020\n", ",2020 2021\n"),
                        surveys={})
    make_forms(study, 2020)
    return study


def blank(study: Path, name: str, year: int = 2020) -> Path:
    return study / f"forms_{year}" / f"{name}.xlsx"


def test_one_form_per_actor_with_safe_unique_names(toy):
    assert sorted(p.name for p in (toy / "forms_2020").iterdir()) == [
        "=Epsilon Choir.xlsx", "Alpha Centre.xlsx", "Beta Club.xlsx", "Delta School.xlsx",
        "Gamma Board.xlsx"]
    actors = pd.DataFrame({"actor_id": ["a", "b", "c"], "name": ["A/B", "a:b", "Nul"]})
    assert form_file_names(actors) == {"a": "A-B (a).xlsx", "b": "a-b (b).xlsx",
                                       "c": "_Nul.xlsx"}
    assert safe_file_name("x" * 200) == "x" * 80


def test_the_form_is_the_organisations_with_locked_structure(toy):
    book = load_workbook(blank(toy, "Gamma Board"))
    guide, contacts, more = (book[W[k]] for k in ("guide_sheet", "contacts_sheet",
                                                  "more_sheet"))
    assert book.sheetnames[:3] == [guide.title, contacts.title, more.title]
    texts = [c.value for row in guide.iter_rows() for c in row if c.value is not None]
    assert "Gamma Board" in texts and W["period"] in texts and 2020 in texts
    defs = load_texts("da")["forms_defs"]
    assert all(name in texts for name in FORMS) and all(d in texts for d in defs)
    # one row per other actor, grouped by type (professional, volunteer, citizen)
    assert [c.value for c in contacts["B"][1:]] == ["Alpha Centre", "Delta School",
                                                    "Beta Club", "=Epsilon Choir"]
    assert contacts["B5"].data_type == "s"  # a name like a formula is text
    assert [c.value for c in contacts[1]] == contacts_header("da")
    assert len(contacts[1]) == 3 + 4 * MAX_SURFACES
    for sheet in (guide, contacts, more, book[ID_SHEET]):
        assert sheet.protection.sheet and not sheet.protection.password
    assert book.security.lockStructure
    assert book[ID_SHEET].sheet_state == "veryHidden"
    assert contacts["B2"].protection.locked and contacts["A1"].protection.locked
    assert not contacts["C2"].protection.locked and not contacts["AA5"].protection.locked
    assert not more["A2"].protection.locked and not more["E101"].protection.locked
    lists = {str(v.sqref): (v.formula1, v.errorStyle) for v in
             contacts.data_validations.dataValidation}
    assert lists["C2:C5"][0] == '"Ja,Nej"'
    assert lists["E2:E5 I2:I5 M2:M5 Q2:Q5 U2:U5 Y2:Y5"] == ('"' + ",".join(FORMS) + '"', None)
    assert all(v in texts for v in W["purposes"] + W["target_groups"])
    assert texts.index(W["purposes_heading"]) < texts.index(W["purposes"][0])
    purposes = lists["F2:F5 J2:J5 N2:N5 R2:R5 V2:V5 Z2:Z5"]
    assert purposes[1] == "information"  # suggestions: other answers are accepted
    first = next(c.row for c in guide["B"] if c.value == W["purposes"][0])
    assert purposes[0] == f"'{W['guide_sheet']}'!$B${first}:$B${first + 7}"
    more_lists = {str(v.sqref): v.formula1 for v in more.data_validations.dataValidation}
    assert more_lists["A2:A101"] == f"'{W['contacts_sheet']}'!$B$2:$B$5"
    fields = form_layout(blank(toy, "Gamma Board"))
    assert (fields["actor_id"], fields["year"], fields["title"], fields["hub"]) == \
        ("C", 2020, "Toy study", "A")


def test_forms_are_deterministic_and_never_written_over(toy, tmp_path):
    make_forms(toy, 2020, tmp_path / "again")
    for path in (toy / "forms_2020").iterdir():
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes()
    before = blank(toy, "Alpha Centre").read_bytes()
    with pytest.raises(InputError, match="exists already"):
        make_forms(toy, 2020)
    assert blank(toy, "Alpha Centre").read_bytes() == before


def test_the_studys_own_purposes_and_target_groups(tmp_path):
    toml = 'title = "T"\nhub = "A"\npurposes = ["Sundhed, trivsel", "Idræt"]\n'
    study = write_study(tmp_path / "own", toml=toml + 'target_groups = ["Unge"]\n', surveys={})
    make_forms(study, 2020)
    book = load_workbook(study / "forms_2020" / "Beta Club.xlsx")
    guide, contacts = book[W["guide_sheet"]], book[W["contacts_sheet"]]
    rows = {c.value: c.row for c in guide["B"] if c.value}
    lists = {str(v.sqref).split(" ")[0]: v.formula1 for v in
             contacts.data_validations.dataValidation}
    sheet = f"'{W['guide_sheet']}'"
    assert lists["F2:F5"] == f"{sheet}!$B${rows['Sundhed, trivsel']}:$B${rows['Idræt']}"
    assert lists["G2:G5"] == f"{sheet}!$B${rows['Unge']}:$B${rows['Unge']}"
    assert "Uddannelse" not in rows
    (study / "study.toml").write_text(toml.replace('["Sundhed, trivsel", "Idræt"]', "[]"),
                                      encoding="utf-8")
    with pytest.raises(InputError, match="purposes.*expected a list of one or more texts"):
        make_forms(study, 2020, tmp_path / "again")


def test_forms_in_english(tmp_path):
    study = write_study(tmp_path / "en", toml='title = "T"\nhub = "A"\nlanguage = "en"\n',
                        surveys={})
    make_forms(study, 2020)
    book = load_workbook(study / "forms_2020" / "Beta Club.xlsx")
    assert book.sheetnames[:3] == ["Guide", "Contacts", "More contact surfaces"]
    assert book["Guide"]["B5"].value == "the last two months"


# --- collecting ----------------------------------------------------------------------------

def returned_folder(toy: Path) -> Path:
    folder = toy / "returned"
    folder.mkdir(exist_ok=True)
    return folder


def test_collect_merges_renamed_forms_empty_and_missing(toy):
    folder = returned_folder(toy)
    fill(blank(toy, "Alpha Centre"), folder / "from alpha.xlsx",
         {"B": [(1, "Sundhed", "Ældre", "Netværksmøde"), ("Samordne", "", "", "Sundhedsdag")],
          "C": [(5, "Fællesskab", "Alle beboere", "Byhave")]})
    fill(blank(toy, "Delta School"), folder / "x.xlsx",
         {"C": [(1, "Uddannelse", "Børn og unge", "Orientering")] * 7})
    # answered "no contacts", every contact left empty (an empty cell counts as Nej)
    fill(blank(toy, "=Epsilon Choir"), folder / "epsilon.xlsx", contact=dict.fromkeys("ABCD"))
    lines = make_collect(toy, 2020, folder)  # Beta Club and Gamma Board have not returned
    answers = survey.read_survey(toy / "surveys" / "2020.xlsx")
    cleaned = survey.clean_survey(answers, register.load_register(toy / "actors.csv"), 2020)
    assert cleaned.respondents.values.tolist() == [["A", 2, 3], ["D", 1, 7], ["E", 0, 0]]
    assert sorted(map(tuple, cleaned.surfaces[["respondent", "partner", "form"]].values)) == \
        [("A", "B", 1), ("A", "B", 4), ("A", "C", 5)] + [("D", "C", 1)] * 7
    assert cleaned.log.empty
    status = pd.read_csv(toy / "forms_2020" / "status.csv", dtype=str, keep_default_na=False)
    assert status.iloc[:5, :7].values.tolist() == [
        ["A", "Alpha Centre", "Professionelle aktører", "Ja", "from alpha.xlsx", "2", "3"],
        ["D", "Delta School", "Professionelle aktører", "Ja", "x.xlsx", "1", "7"],
        ["B", "Beta Club", "Frivillige organisationer", "Nej", "", "", ""],
        ["E", "=Epsilon Choir", "Borgerdrevne foreninger", "Ja", "epsilon.xlsx", "0", "0"],
        ["C", "Gamma Board", "Borgerdrevne foreninger", "Nej", "", "", ""]]
    assert status.iloc[5, 1] == ("I alt: 3 af 5 aktører har returneret et skema (60,0\u00a0%); "
                                 "undersøgelsen ønsker mindst 80,0\u00a0%")
    assert "returned: 3 of 5 actors present in 2020 (60.0 %)" in lines[1]
    assert "BELOW" in lines[1] and lines[2:5] == ["not returned: 2", "  Beta Club",
                                                  "  Gamma Board"]
    written = [(toy / f).read_bytes() for f in ("surveys/2020.xlsx", "forms_2020/status.csv")]
    make_collect(toy, 2020, folder, replace=True)  # the same forms: the same bytes
    assert [(toy / f).read_bytes() for f in ("surveys/2020.xlsx", "forms_2020/status.csv")] \
        == written
    # a late form arrives: collect again merges the whole folder again
    fill(blank(toy, "Beta Club"), folder / "beta.xlsx", {"D": [(2, "", "", "")]})
    with pytest.raises(InputError, match="exists already"):
        make_collect(toy, 2020, folder)
    lines = make_collect(toy, 2020, folder, replace=True)
    assert "returned: 4 of 5" in lines[1]


def test_a_form_returned_twice_or_blank_is_refused_and_nothing_written(toy):
    folder = returned_folder(toy)
    fill(blank(toy, "Alpha Centre"), folder / "a.xlsx", {"B": [(1, "", "", "Møde")]})
    fill(blank(toy, "Alpha Centre"), folder / "a igen.xlsx", {"C": [(2, "", "", "Møde")]})
    shutil.copy(blank(toy, "Beta Club"), folder / "beta.xlsx")
    with pytest.raises(FormsError) as caught:
        make_collect(toy, 2020, folder)
    text = str(caught.value)
    assert "a second form of 'Alpha Centre' (A): a igen.xlsx, a.xlsx" in text
    assert "beta.xlsx: 1 problem" in text and "never filled in" in text
    assert not (toy / "surveys" / "2020.xlsx").exists()
    assert not (toy / "forms_2020" / "status.csv").exists()


def test_forms_of_another_wave_or_study_are_refused_by_name(toy, tmp_path):
    make_forms(toy, 2021)
    other = write_study(tmp_path / "other", toml='title = "Another study"\nhub = "A"\n',
                        surveys={})
    make_forms(other, 2020)
    folder = returned_folder(toy)
    fill(blank(toy, "Beta Club", 2021), folder / "beta.xlsx")
    fill(other / "forms_2020" / "Delta School.xlsx", folder / "delta.xlsx")
    with pytest.raises(FormsError) as caught:
        collect_forms(folder, toy, 2020)
    text = str(caught.value)
    assert "beta.xlsx: 1 problem" in text and \
        "this is the form of 'Beta Club' (B) for 2021, not for 2020" in text
    assert "delta.xlsx: 1 problem" in text and "for the study 'Another study'" in text


def test_every_problem_of_every_file_with_file_and_cell(toy):
    folder = returned_folder(toy)
    fill(blank(toy, "Alpha Centre"), folder / "a.xlsx",
         {"B": [("Samarbejde", "", "", "Møde")], "C": [("", "", "", "Byhave")]},
         contact={"D": "Måske"})
    fill(blank(toy, "Beta Club"), folder / "b.xlsx", {"A": [(2, "", "", "Henvisning")]},
         contact={"A": "Nej", "D": "Ja"},
         more=[("Ukendt Forening", "Møde", "Videndele", "", "")])
    with pytest.raises(FormsError) as caught:
        collect_forms(folder, toy, 2020)
    errors = {e.path.name: [(p.cell, p.message) for p in e.problems]
              for e in caught.value.errors}
    assert sorted(errors) == ["a.xlsx", "b.xlsx"]
    a = dict(errors["a.xlsx"])
    assert "not one of the five forms" in a["Kontakter!E3"]  # outside the drop-down
    assert "no form of collaboration" in a["Kontakter!E5"]
    assert "not Ja or Nej" in a["Kontakter!C2"]
    b = errors["b.xlsx"]
    assert any(cell == "Kontakter!C2" and "is Nej" in m for cell, m in b)
    assert any(cell == "Kontakter!C3" and "marked Ja but no contact surface" in m
               for cell, m in b)
    assert any(cell == "Flere kontaktflader!A2" and "not an actor of the list" in m
               for cell, m in b)
    assert "nothing was written" in str(caught.value)


@pytest.mark.parametrize("damage", ["row", "column"])
def test_a_broken_structure_is_refused(toy, damage):
    folder = returned_folder(toy)
    path = fill(blank(toy, "Gamma Board"), folder / "c.xlsx", {"D": [(1, "", "", "Møde")]})
    book = load_workbook(path)
    sheet = book[W["contacts_sheet"]]
    if damage == "row":
        sheet.delete_rows(3)
    else:
        sheet.delete_cols(5)
    book.save(path)
    with pytest.raises(FormsError) as caught:
        collect_forms(folder, toy, 2020)
    (error,) = caught.value.errors
    first = error.problems[0]
    if damage == "row":
        assert first.cell == "Kontakter!B3" and "rows were deleted" in first.message
    else:
        assert first.cell == "Kontakter!E1" and "columns were deleted" in first.message


def test_a_workbook_that_is_no_form_and_other_files(toy):
    folder = returned_folder(toy)
    survey_like = load_workbook(blank(toy, "Beta Club"))
    del survey_like[ID_SHEET]
    survey_like.save(folder / "copied.xlsx")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    (folder / ".DS_Store").write_text("x", encoding="utf-8")
    path = fill(blank(toy, "Delta School"), folder / "tampered.xlsx")
    book = load_workbook(path)
    book[ID_SHEET]["B3"].value = book[ID_SHEET]["B3"].value.replace('"D"', '"B"')
    book.save(path)
    with pytest.raises(FormsError) as caught:
        collect_forms(folder, toy, 2020)
    errors = {e.path.name: e.format() for e in caught.value.errors}
    assert sorted(errors) == ["copied.xlsx", "notes.txt", "tampered.xlsx"]
    assert "no hidden identifier" in errors["copied.xlsx"]
    assert "broken or was changed" in errors["tampered.xlsx"]


def test_an_existing_csv_survey_is_never_replaced(toy):
    (toy / "surveys" / "2020.csv").write_text("respondent,partner,form,purpose,target_group,"
                                               "description\nA,,,,,\n", encoding="utf-8")
    folder = returned_folder(toy)
    fill(blank(toy, "Alpha Centre"), folder / "a.xlsx")
    with pytest.raises(InputError, match="exists already as CSV"):
        make_collect(toy, 2020, folder, replace=True)


def test_cli_forms_and_collect(toy, capsys):
    folder = returned_folder(toy)
    fill(blank(toy, "Alpha Centre"), folder / "a.xlsx", {"B": [("Ingen", "", "", "Møde")]})
    assert main(["collect", "--year", "2020", str(folder), "--study", str(toy)]) == 2
    err = capsys.readouterr().err
    assert "a.xlsx: 1 problem" in err and "cell Kontakter!E3" in err and "Traceback" not in err
    assert not (toy / "surveys" / "2020.xlsx").exists()
    fill(blank(toy, "Alpha Centre"), folder / "a.xlsx", {"B": [(1, "", "", "Møde")]})
    assert main(["collect", "--year", "2020", str(folder), "--study", str(toy),
                 "--status", str(toy / "s.csv")]) == 0
    out = capsys.readouterr().out
    assert "returned: 1 of 5" in out and (toy / "s.csv").is_file()
    assert main(["forms", "--year", "2021", "--study", str(toy), "--out",
                 str(toy / "f21")]) == 0
    assert len(list((toy / "f21").glob("*.xlsx"))) == 5


def test_a_second_form_is_named_even_when_it_has_problems(toy):
    folder = returned_folder(toy)
    fill(blank(toy, "Alpha Centre"), folder / "a.xlsx", {"B": [(1, "", "", "Møde")]})
    fill(blank(toy, "Alpha Centre"), folder / "b.xlsx", {"B": [("Møde", "", "", "")]})
    with pytest.raises(FormsError) as caught:
        collect_forms(folder, toy, 2020)
    assert [e.path.name for e in caught.value.errors] == ["b.xlsx", "b.xlsx"]
    messages = [p.message for e in caught.value.errors for p in e.problems]
    assert any("not one of the five forms" in m for m in messages)
    assert any("a second form of 'Alpha Centre' (A): a.xlsx, b.xlsx" in m for m in messages)


def test_a_form_of_an_actor_no_longer_present_is_refused(toy):
    folder = returned_folder(toy)
    fill(blank(toy, "Alpha Centre"), folder / "a.xlsx", {"B": [(1, "", "", "Møde")]})
    actors = (toy / "actors.csv").read_text(encoding="utf-8")
    (toy / "actors.csv").write_text(actors.replace("B,Beta Club,volunteer,,2020 2021",
                                                   "B,Beta Club,volunteer,,2021"),
                                    encoding="utf-8")
    with pytest.raises(FormsError, match=r"lists 'Beta Club' \(B\), which actors.csv does "
                                         "not mark present in 2020"):
        collect_forms(folder, toy, 2020)


def test_the_status_list_in_the_folder_is_left_out(toy):
    folder = returned_folder(toy)
    fill(blank(toy, "Alpha Centre"), folder / "a.xlsx")
    make_collect(toy, 2020, folder, status=folder / "status.csv")
    make_collect(toy, 2020, folder, replace=True, status=folder / "status.csv")
    (folder / "mine.csv").write_text("my notes\n", encoding="utf-8")
    with pytest.raises(InputError, match="no status list collect wrote"):
        make_collect(toy, 2020, folder, replace=True, status=folder / "mine.csv")
    with pytest.raises(InputError, match="surveys/ folder"):
        make_forms(toy, 2020, toy / "surveys")


def test_a_survey_check_names_the_form_and_cell(toy, monkeypatch):
    """A problem the survey checks find in the merged answers is reported at its form's cell."""
    folder = returned_folder(toy)
    fill(blank(toy, "Alpha Centre"), folder / "a.xlsx", {"B": [(1, "", "", "Møde")]})
    fill(blank(toy, "Beta Club"), folder / "b.xlsx")

    def refuse(answers, *args):
        lines = answers.rows["line"].tolist()
        raise InputError(answers.source, [Problem("planted", line, "form")
                                          for line in lines])

    monkeypatch.setattr(survey, "clean_survey", refuse)
    with pytest.raises(InputError) as caught:
        collect_forms(folder, toy, 2020)
    assert caught.value.path == folder
    assert [p.cell for p in caught.value.problems] == ["a.xlsx: Kontakter!E3", "b.xlsx"]


def test_a_long_identifier_is_kept_in_pieces(tmp_path, monkeypatch):
    from localnet_helpers.collect import forms

    monkeypatch.setattr(forms, "ID_CHUNK", 50)
    study = write_study(tmp_path / "long", surveys={})
    make_forms(study, 2020)
    path = study / "forms_2020" / "Beta Club.xlsx"
    assert load_workbook(path)[ID_SHEET].max_row > 10
    folder = returned_folder(study)
    fill(path, folder / "b.xlsx", {"A": [(2, "", "", "Henvisning")]})
    assert collect_forms(folder, study, 2020).survey.values.tolist() == [
        ["B", "A", FORMS[1], "", "", "Henvisning"]]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_form_converted_by_libreoffice_reads_back(toy, tmp_path):
    folder = returned_folder(toy)
    source = fill(blank(toy, "Alpha Centre"), tmp_path / "alpha.xlsx",
                  {"B": [(1, "Sundhed", "Ældre", "Netværksmøde")]})
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(folder),
                    str(source)], check=True, capture_output=True, timeout=120)
    collected = collect_forms(folder, toy, 2020)
    assert collected.survey[["respondent", "partner", "form"]].values.tolist() == \
        [["A", "B", FORMS[0]]]
