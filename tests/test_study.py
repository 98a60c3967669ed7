"""The study folder: study.toml, its checks, and the survey files found."""

import pytest

from localnet_helpers.errors import InputError
from localnet_helpers.inputs.study import load_study

from conftest import write_study


def test_defaults_and_surveys(toy_study):
    study = load_study(toy_study)
    assert (study.title, study.hub, study.language, study.tie_rule) == ("Toy study", "A", "da",
                                                                        "union")
    assert study.years == [2020]
    assert study.published_table().empty


def test_published_figures_table(tmp_path):
    toml = ('title = "T"\nhub = "A"\n[published.area]\nrelations = { 2020 = 4 }\n'
            'mean_relations = { 2020 = 1.6 }\n')
    study = load_study(write_study(tmp_path / "s", toml=toml))
    assert study.published_table().to_dict("records") == [
        {"year": 2020, "network": "area", "measure": "mean_relations", "published": 1.6},
        {"year": 2020, "network": "area", "measure": "relations", "published": 4},
    ]


@pytest.mark.parametrize("toml, expected", [
    ('hub = "A"\n', "column 'title': required text is missing"),
    ('title = "T"\nhub = "Z"\n', "value 'Z': hub is not an actor_id in actors.csv"),
    ('title = "T"\nhub = "A"\ntie_rule = "mutual"\n', "column 'tie_rule': value 'mutual'"),
    ('title = "T"\nhub = "A"\nlanguage = "sv"\n', "column 'language': value 'sv'"),
    ('title = "T"\nhub = "A"\ncolour = "red"\n', "column 'colour': unknown key"),
    ('title = "T"\nhub = "A"\n[published.area]\nrelations = 4\n', "published.area.relations"),
    ('title = "T\nhub = "A"\n', "not valid TOML"),
])
def test_bad_study_toml(tmp_path, toml, expected):
    with pytest.raises(InputError) as info:
        load_study(write_study(tmp_path / "s", toml=toml))
    assert expected in str(info.value) and "study.toml" in str(info.value)


def test_survey_year_without_actors(tmp_path):
    root = write_study(tmp_path / "s", surveys={2020: "x\n", 2031: "x\n"})
    with pytest.raises(InputError, match="no actor is present in 2031"):
        load_study(root)


def test_no_surveys(tmp_path):
    root = write_study(tmp_path / "s", surveys={})
    with pytest.raises(InputError, match="no survey file named <year>.csv"):
        load_study(root)


def test_missing_folder_and_toml(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_study(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="study.toml: 1 problem"):
        load_study(tmp_path / "empty")


# --- issue 10: types of every key, a byte-order mark, and the files in surveys/ -----------

@pytest.mark.parametrize("extra, expected", [
    ("min_response_rate = true\n", "column 'min_response_rate': expected a number between 0 "
     "and 1 (a share, e.g. 0.8); got true/false (true)"),
    ('min_response_rate = "0.8"\n', "column 'min_response_rate': expected a number between 0 "
     "and 1 (a share, e.g. 0.8); got a text"),
    ("min_response_rate = 80\n", "got 80"),
    ("min_response_rate = nan\n", "got a number"),
    ("area = 5\n", "column 'area': expected a text in quotes, got a whole number"),
    ("language = true\n", "column 'language': must be one of da, en (a text in quotes); got "
     "true/false (true)"),
    ('tie_rule = ["union"]\n', "column 'tie_rule': must be one of union, reciprocated (a text "
     "in quotes); got a list"),
    ('notes = "One caveat."\n', "column 'notes': expected a list of texts, e.g. notes = "
     "[\"A caveat.\"]; got a text"),
    ("[published.area]\nrelations = { 2020 = inf }\n", "column 'published.area.relations': "
     "expected a finite number of at least 0 for 2020, got a number"),
    ("[published.area]\nrelations = { 2020 = nan }\n", "column 'published.area.relations'"),
    ("[published.hub]\nactors = { 2020 = true }\n", "column 'published.hub.actors': expected "
     "a finite number of at least 0 for 2020, got true/false (true)"),
    ("[published.hub]\nactors = { 2020 = -3 }\n", "got -3"),
    ("[published.hub]\nactors = { 20 = 3 }\n", "value '20': expected year = number"),
])
def test_every_study_key_has_its_type(tmp_path, extra, expected):
    with pytest.raises(InputError) as info:
        load_study(write_study(tmp_path / "s", toml='title = "T"\nhub = "A"\n' + extra))
    assert "study.toml: 1 problem" in str(info.value)
    assert expected in str(info.value)


@pytest.mark.parametrize("toml, expected", [
    ('title = 5\nhub = "A"\n', "column 'title': expected a text in quotes, got a whole number"),
    ('title = "T"\nhub = true\n', "column 'hub': expected a text in quotes, got true/false"),
    ('title = "  "\nhub = "A"\n', "column 'title': required text is missing"),
])
def test_title_and_hub_types(tmp_path, toml, expected):
    with pytest.raises(InputError, match=expected.replace("(", "\\(").replace(")", "\\)")):
        load_study(write_study(tmp_path / "s", toml=toml))


def test_study_and_codebook_with_a_byte_order_mark_are_read(tmp_path):
    from test_bad_files import codebook_toml

    root = write_study(tmp_path / "s")
    (root / "study.toml").write_bytes(b"\xef\xbb\xbf" + 'title = "Tæt"\nhub = "A"\n'.encode())
    (root / "codebook.toml").write_bytes(b"\xef\xbb\xbf" + codebook_toml().encode())
    study = load_study(root)
    assert study.title == "Tæt" and study.codebook.yes == ("Ja",)


def codebook(tmp_path, text):
    from localnet_helpers.inputs.codebook import load_codebook

    path = tmp_path / "codebook.toml"
    path.write_text(text, encoding="utf-8")
    return load_codebook(path)


def test_codebook_value_lists_written_as_one_text(tmp_path):
    from test_bad_files import codebook_toml

    text = codebook_toml().replace('yes = ["Ja"]', 'yes = "Ja"').replace(
        'no = ["Nej", ""]', 'no = "Nej"')
    book = codebook(tmp_path, text)
    assert (book.yes, book.no) == (("Ja",), ("Nej",))
    assert book.contact_value("Ja") is True and book.contact_value("J") is None


@pytest.mark.parametrize("change, expected", [
    (("{partner} - kontaktflade {n} - samarbejdsform",
      "{partner} - kontaktflade {n} - samarbejdsform {n}"),
     "column 'columns.form': value '{partner} - kontaktflade {n} - samarbejdsform {n}': {n} "
     "must appear once (it appears 2 times)"),
    (("Kontakt med {partner}", "Kontakt med {partner} ({partner})"),
     "column 'columns.contact': value 'Kontakt med {partner} ({partner})': {partner} must "
     "appear once (it appears 2 times)"),
    (("Antal kontaktflader med {partner}", "Antal kontaktflader {n} med {partner}"),
     "column 'columns.surfaces': value 'Antal kontaktflader {n} med {partner}': {n} must "
     "appear not at all"),
    (("{partner} - kontaktflade {n} - formål", "{partner} - flade {x} - formål {n}"),
     "column 'columns.purpose': value '{partner} - flade {x} - formål {n}': unknown "
     "placeholder {x}; the placeholders are {partner} and {n}"),
])
def test_codebook_placeholders_are_checked(tmp_path, change, expected):
    from test_bad_files import codebook_toml

    with pytest.raises(InputError) as info:
        codebook(tmp_path, codebook_toml().replace(*change))
    assert "codebook.toml: 1 problem" in str(info.value)
    assert expected in str(info.value)


@pytest.mark.parametrize("extra, expected", [
    ("max_surfaces = true\n", "column 'max_surfaces': must be a whole number of at least 1, "
     "got true/false (true)"),
    ("sheet = 1\n", "column 'sheet': expected the sheet's name in quotes, got a whole number"),
    ("colour = 1\n", "column 'colour': unknown key"),
    ('[values.form]\n"Lån" = true\n', "column 'values.form': value 'Lån': a form label must "
     "map to a depth 1-5 (a whole number), got true/false (true)"),
])
def test_codebook_key_types(tmp_path, extra, expected):
    from test_bad_files import codebook_toml

    toml = codebook_toml() + extra if extra.startswith("[") else extra + codebook_toml()
    with pytest.raises(InputError) as info:
        codebook(tmp_path, toml)
    assert expected in str(info.value)


def test_codebook_values_must_be_texts(tmp_path):
    from test_bad_files import codebook_toml

    with pytest.raises(InputError, match=r"column 'values.yes': expected a text or a list of "
                       r"texts in quotes, e.g. yes = \[\"Ja\", \"1\"\]; got a list"):
        codebook(tmp_path, codebook_toml().replace('yes = ["Ja"]', "yes = [1]"))


@pytest.mark.parametrize("name, expected", [
    ("2016.xls", "'2016.xls': .xls files are not read; open it in Excel and save it as "
     "'Excel Workbook (.xlsx)'"),
    ("2018 (1).csv", "'2018 (1).csv' is not named <year>.csv or <year>.xlsx; rename it"),
    ("notes.txt", "'notes.txt' is not named <year>.csv or <year>.xlsx"),
    ("~$2020.xlsx", "'~$2020.xlsx' is Excel's lock file: 2020.xlsx is open in Excel; close it "
     "in Excel"),
])
def test_other_files_in_surveys_are_named(tmp_path, name, expected):
    root = write_study(tmp_path / "s")
    (root / "surveys" / name).write_text("x\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_study(root)
    assert "surveys: 1 problem" in str(info.value) and expected in str(info.value)


def test_hidden_and_system_files_in_surveys_are_ignored(tmp_path):
    root = write_study(tmp_path / "s")
    for name in (".DS_Store", ".gitkeep", "Thumbs.db"):
        (root / "surveys" / name).write_bytes(b"\0")
    assert load_study(root).years == [2020]
    (root / "surveys" / "2019").mkdir()
    with pytest.raises(InputError, match="'2019' is a folder"):
        load_study(root)


# --- issue 14: pseudonymise and public ----------------------------------------------------

@pytest.mark.parametrize("extra, expected", [
    ('pseudonymise = "yes"\n', "column 'pseudonymise': expected true or false (without "
     "quotes); got a text"),
    ('public = "A"\n', "column 'public': expected a list of actor_ids in quotes, e.g. public = "
     "[\"medborgercentret\"]; got a text"),
    ('public = ["A", 2]\n', "got a list with a whole number"),
    ('public = ["A", "Zed"]\n', "column 'public': value 'Zed': is not an actor_id in "
     "actors.csv"),
])
def test_pseudonymise_and_public_are_checked(tmp_path, extra, expected):
    with pytest.raises(InputError) as info:
        load_study(write_study(tmp_path / "s", toml='title = "T"\nhub = "A"\n' + extra))
    assert "study.toml: 1 problem" in str(info.value)
    assert expected in str(info.value)


def test_pseudonymise_from_the_file_or_the_run(tmp_path):
    plain = load_study(write_study(tmp_path / "a"))
    assert (plain.pseudonymise, plain.public) == (False, ())
    assert plain.for_outputs() is plain
    assert load_study(tmp_path / "a", pseudonymise=True).pseudonymise
    toml = 'title = "T"\nhub = "A"\npseudonymise = true\npublic = ["D", "B", "D"]\n'
    study = load_study(write_study(tmp_path / "b", toml=toml))
    assert (study.pseudonymise, study.public) == (True, ("B", "D"))
