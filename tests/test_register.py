"""The actor register: validation, presence per year and name matching keys."""

import pytest

from localnet_helpers.errors import InputError
from localnet_helpers.inputs import register

from conftest import TOY_ACTORS

HEADER = "actor_id,name,type,aliases,years\n"


def load(tmp_path, text):
    path = tmp_path / "actors.csv"
    path.write_text(text, encoding="utf-8")
    return register.load_register(path)


def test_valid_register(tmp_path):
    actors = load(tmp_path, TOY_ACTORS)
    assert list(actors["actor_id"]) == ["A", "B", "C", "D", "E", "F"]
    first = actors.iloc[0]
    assert first["aliases"] == ("Alpha", "The Centre") and first["years"] == (2020,)
    assert register.register_years(actors) == [2019, 2020]
    assert list(register.actors_in_year(actors, 2019)["actor_id"]) == ["F"]


def test_actors_by_type_counts_presence(tmp_path):
    table = register.actors_by_type(load(tmp_path, TOY_ACTORS), [2019, 2020])
    assert table.to_dict() == {
        "2019": {"professional": 1, "volunteer": 0, "citizen": 0, "all": 1},
        "2020": {"professional": 2, "volunteer": 1, "citizen": 2, "all": 5},
    }


def test_write_register_round_trips(tmp_path):
    actors = load(tmp_path, TOY_ACTORS)
    register.write_register(actors, tmp_path / "out" / "actors.csv")
    again = register.load_register(tmp_path / "out" / "actors.csv")
    assert again.equals(actors)


@pytest.mark.parametrize("row, expected", [
    ("a b,X,citizen,,2019", "line 2, column 'actor_id': value 'a b': actor_id must be"),
    ("a,,citizen,,2019", "line 2, column 'name': name is empty"),
    ("a,X,company,,2019", "line 2, column 'type': value 'company': type must be one of"),
    ("a,X,citizen,,", "line 2, column 'years'"),
    ("a,X,citizen,,19", "line 2, column 'years': value '19'"),
])
def test_invalid_rows(tmp_path, row, expected):
    with pytest.raises(InputError) as info:
        load(tmp_path, HEADER + row + "\n")
    assert expected in str(info.value)


def test_all_problems_reported_together(tmp_path):
    text = HEADER + "a,X,citizen,,2019\na,Y,citizen,,2019\nb,Z,firm,,2019\n"
    with pytest.raises(InputError) as info:
        load(tmp_path, text)
    message = str(info.value)
    assert "2 problems" in message
    assert "line 3, column 'actor_id': value 'a': actor_id already used on line 2" in message
    assert "line 4, column 'type'" in message


def test_spelling_naming_two_actors_is_refused(tmp_path):
    text = HEADER + "a,Red Cross,volunteer,RK,2019\nb,Røde Kors,volunteer,rk ,2019\n"
    with pytest.raises(InputError, match="'rk' also names actor 'a'"):
        load(tmp_path, text)


@pytest.mark.parametrize("a, b", [
    ("  Røde \t KORS ", "røde kors"),                      # case and whitespace
    ("Røde Kors", "Roede Kors"),                           # ø = oe
    ("Mænds Mødesteder", "Maends Moedesteder"),            # æ = ae
    ("Akaciegården", "Akaciegaarden"),                     # å = aa
    ("Fb. Kom. Kultur & Fritid", "Fb Kom Kultur Fritid"),  # punctuation
    ("FFB/KAB", "FFB - KAB"),
    ("Café Nord", "Cafe Nord"),                            # other accents dropped
])
def test_normalise_name_equal(a, b):
    assert register.normalise_name(a) == register.normalise_name(b)


@pytest.mark.parametrize("a, b", [("Røde Kors", "Rode Kors"), ("Søndermarkskolen",
                                                                 "Søndermarksskolen")])
def test_normalise_name_does_not_guess(a, b):
    assert register.normalise_name(a) != register.normalise_name(b)


def test_name_index_covers_id_name_and_aliases(tmp_path):
    index = register.name_index(load(tmp_path, TOY_ACTORS))
    assert index["a"] == index["alpha centre"] == index["the centre"] == "A"


def test_control_character_in_the_register_is_refused(tmp_path):
    text = TOY_ACTORS.replace("Beta Club", "Beta\x7f Club")
    with pytest.raises(InputError) as info:
        load(tmp_path, text)
    assert "actors.csv: 1 problem" in str(info.value)
    assert "line 3, column 'name': value 'Beta\\x7f Club': holds the control character " \
           "U+007F DEL" in str(info.value)


def test_register_with_cr_only_line_ends_is_read(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_bytes(TOY_ACTORS.replace("\n", "\r").encode("cp1252"))
    assert list(register.load_register(path)["actor_id"]) == ["A", "B", "C", "D", "E", "F"]


def test_headers_are_matched_as_names_are():
    from localnet_helpers.inputs.codebook import is_personal_header

    assert is_personal_header("Télefon") and is_personal_header("E_MAIL ")
    assert register.normalise_name("Kontaktperson:") == register.normalise_name("KONTAKTPERSON")
