"""The study folder: study.toml, its checks, and the survey files found."""

import pytest

from localnet_helpers.errors import InputError
from localnet_helpers.study import load_study

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
