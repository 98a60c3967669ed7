"""The pseudonym key and what a pseudonymised run puts in place of names (worked by hand on
the toy study: A is the hub, B volunteer, C and E citizen, D and F professional)."""

import dataclasses
import sys

import pytest
from test_survey import wide

from localnet_helpers.errors import InputError
from localnet_helpers.inputs.codebook import DEFAULT_CODEBOOK
from localnet_helpers.inputs.pseudonyms import (
    KEY_FILE,
    Pseudonyms,
    conceal_register,
    conceal_survey,
    pseudonym_id,
    pseudonyms_for,
    update_key,
)
from localnet_helpers.inputs.register import load_register
from localnet_helpers.inputs.study import load_study
from localnet_helpers.inputs.survey import clean_survey, read_survey

from conftest import TOY_ACTORS

KEY = """\
actor_id,pseudonym
A,Medborgercenter 1
B,Frivillig organisation 1
C,Borgerforening 2
D,Professionel aktør 1
E,Borgerforening 1
F,Professionel aktør 2
"""


def _key(root, text=KEY):
    (root / KEY_FILE).write_text(text, encoding="utf-8")
    return root


def test_a_new_key_numbers_each_label_from_one(toy_study):
    register = load_register(toy_study / "actors.csv")
    key = update_key(toy_study, register, "A", "da")
    assert key["A"] == "Medborgercenter 1"
    assert key["B"] == "Frivillig organisation 1"
    assert sorted([key["C"], key["E"]]) == ["Borgerforening 1", "Borgerforening 2"]
    assert sorted([key["D"], key["F"]]) == ["Professionel aktør 1", "Professionel aktør 2"]
    lines = (toy_study / KEY_FILE).read_bytes().decode().split("\n")
    assert lines[0] == "actor_id,pseudonym" and lines[-1] == ""
    assert [line.split(",")[0] for line in lines[1:-1]] == list("ABCDEF")  # sorted by id


@pytest.mark.skipif(sys.platform == "win32", reason="Windows cannot lock a folder")
def test_two_runs_adding_actors_at_once_take_turns(toy_study):
    import fcntl
    import os
    import threading

    register = load_register(toy_study / "actors.csv")
    folder = os.open(toy_study, os.O_RDONLY)
    fcntl.flock(folder, fcntl.LOCK_EX)  # another run is giving the new actors pseudonyms
    found = {}
    second = threading.Thread(target=lambda: found.update(
        update_key(toy_study, register, "A", "da")))
    second.start()
    second.join(timeout=0.5)
    assert second.is_alive()  # waits for the first
    _key(toy_study)  # the first run's key, with every actor in it
    os.close(folder)  # the first run is done
    second.join(timeout=10)
    assert found == {"A": "Medborgercenter 1", "B": "Frivillig organisation 1",
                     "C": "Borgerforening 2", "D": "Professionel aktør 1",
                     "E": "Borgerforening 1", "F": "Professionel aktør 2"}
    assert (toy_study / KEY_FILE).read_text(encoding="utf-8") == KEY  # kept, not redrawn


@pytest.mark.skipif(sys.platform == "win32", reason="Windows cannot lock a folder")
def test_a_folder_that_cannot_be_locked_is_written_unlocked(toy_study, monkeypatch):
    import errno
    import fcntl

    def unsupported(fd, operation):  # as on some network drives
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", unsupported)
    key = update_key(toy_study, load_register(toy_study / "actors.csv"), "A", "da")
    assert key["A"] == "Medborgercenter 1" and (toy_study / KEY_FILE).is_file()


def test_the_key_is_kept_and_new_actors_get_the_next_number(toy_study):
    _key(toy_study, KEY.replace("Borgerforening 2", "Borgerforening 7"))
    before = (toy_study / KEY_FILE).read_bytes()
    register = load_register(toy_study / "actors.csv")
    update_key(toy_study, register, "A", "da")
    assert (toy_study / KEY_FILE).read_bytes() == before  # nothing new: not written
    (toy_study / "actors.csv").write_text(
        TOY_ACTORS + "G,Gimel Club,citizen,,2020\nH,Heth Hall,professional,,2020\n",
        encoding="utf-8")
    register = load_register(toy_study / "actors.csv")
    key = update_key(toy_study, register, "A", "da")
    assert (key["G"], key["H"]) == ("Borgerforening 8", "Professionel aktør 3")
    assert (toy_study / KEY_FILE).read_text(encoding="utf-8") == \
        KEY.replace("Borgerforening 2", "Borgerforening 7") + \
        "G,Borgerforening 8\nH,Professionel aktør 3\n"


@pytest.mark.parametrize("change, expected", [
    (("E,Borgerforening 1", "E,borgerforening  2"), "line 6, column 'pseudonym': value "
     "'borgerforening  2': the pseudonym of 'C' too (line 4); every actor needs its own"),
    (("F,Professionel aktør 2", "Z,Professionel aktør 2"), "line 7, column 'actor_id': value "
     "'Z': no actor in actors.csv has this actor_id"),
    (("F,Professionel aktør 2", "A,Professionel aktør 2"), "line 7, column 'actor_id': value "
     "'A': actor_id already has a pseudonym on line 2"),
    (("F,Professionel aktør 2", "F,--"), "a pseudonym needs a letter or a digit"),
    (("actor_id,pseudonym", "actor_id,pseudonym,note"), "column 'note': the key has the "
     "columns actor_id and pseudonym only"),
])
def test_a_broken_key_is_refused(toy_study, change, expected):
    text = KEY.replace(*change)
    if "note" in text:  # every row gets a cell under the extra column
        text = text.replace("\n", ",x\n").replace("pseudonym,note,x", "pseudonym,note")
    _key(toy_study, text)
    register = load_register(toy_study / "actors.csv")
    with pytest.raises(InputError) as info:
        update_key(toy_study, register, "A", "da")
    assert "pseudonyms.csv" in str(info.value) and expected in str(info.value)


def test_missing_pseudonyms_are_named(toy_study):
    _key(toy_study, KEY.replace("F,Professionel aktør 2\n", ""))
    with pytest.raises(InputError, match="(?s)no pseudonym yet for F.*localnet run --pseudonymise"):
        load_study(toy_study, pseudonymise=True).for_outputs()


def test_texts_have_every_spelling_replaced(toy_study):
    names = pseudonyms_for(_key(toy_study), load_register(toy_study / "actors.csv"), ("D",))
    assert names.text("Alpha Centres netværk, BETA club og the centre's gamma; "
                      "Delta School, Epsilon-Choir.") == \
        "Medborgercenter 1's netværk, Frivillig organisation 1 og Medborgercenter 1's " \
        "Borgerforening 2; Delta School, Borgerforening 1."
    assert names.text("Basis, as is") == "Basis, as is"  # no genitive of one-letter ids
    library = Pseudonyms({}, {}, frozenset(), {"bibliotek": "Professionel aktør 1",
                                                "kommunens bibliotek": ""})
    assert library.text("Kommunens  Bibliotek og biblioteket, Biblioteks") == \
        "Kommunens  Bibliotek og biblioteket, Professionel aktør 1's"  # public name kept
    assert pseudonym_id("Professionel aktør 12") == "professionel-aktoer-12"


def test_study_register_and_survey_as_the_outputs_see_them(toy_study):
    toml = 'title = "Alpha Centre og Beta Club"\nhub = "A"\nnotes = ["C = Gamma Board"]\n' \
           'public = ["D"]\n'
    (toy_study / "study.toml").write_text(toml, encoding="utf-8")
    study = load_study(_key(toy_study), pseudonymise=True).for_outputs()
    assert (study.hub, study.title, study.notes) == (
        "medborgercenter-1", "Medborgercenter 1 og Frivillig organisation 1",
        ("Borgerforening 2 = Borgerforening 2",))
    register = load_register(study.register_path)
    shown = conceal_register(register, study.pseudonyms)
    assert shown[["actor_id", "name", "aliases"]].values.tolist() == [
        ["D", "Delta School", ()],
        ["borgerforening-1", "Borgerforening 1", ()],
        ["borgerforening-2", "Borgerforening 2", ()],
        ["frivillig-organisation-1", "Frivillig organisation 1", ()],
        ["medborgercenter-1", "Medborgercenter 1", ()],
        ["professionel-aktoer-2", "Professionel aktør 2", ()]]
    answers = read_survey(study.surveys[2020])
    cleaned = clean_survey(answers, register, 2020)
    shown = conceal_survey(cleaned, study.pseudonyms)
    assert set(shown.surfaces["description"]) == {""}
    assert shown.surfaces["line"].tolist() == list(range(1, 10))
    assert shown.surfaces[["respondent", "partner"]].values.tolist()[:3] == [
        ["D", "borgerforening-2"], ["D", "borgerforening-2"], ["D", "borgerforening-2"]]
    assert shown.respondents["actor_id"].tolist() == [
        "D", "borgerforening-1", "borgerforening-2", "frivillig-organisation-1",
        "medborgercenter-1"]
    matched = shown.log[shown.log["rule"] == "name-matched"]
    assert len(matched) == len(cleaned.log[cleaned.log["rule"] == "name-matched"]) == 5
    assert set(matched["line"]) == {0}
    assert ("Alpha", "medborgercenter-1") not in set(zip(matched["before"], matched["after"]))
    assert ("Medborgercenter 1", "medborgercenter-1") in set(zip(matched["before"],
                                                                 matched["after"]))
    assert conceal_survey(cleaned, None) is cleaned
    assert dataclasses.replace(study, pseudonyms=None).pseudonyms is None


def test_a_wide_exports_headers_are_pseudonymised_in_the_log(toy_study):
    text = wide([("Alpha Centre", {"Beta Club": ("", [("x", "1", "", "")])})])
    text = text.replace("Nej;;;;;;;;;;", "Nej;;Glemt;;;;;;;;", 1)  # a detail of a "no"
    (toy_study / "surveys" / "2020.csv").write_text(text, encoding="utf-8")
    register = load_register(toy_study / "actors.csv")
    answers = read_survey(toy_study / "surveys" / "2020.csv", DEFAULT_CODEBOOK)
    cleaned = clean_survey(answers, register, 2020, DEFAULT_CODEBOOK)
    names = pseudonyms_for(_key(toy_study), register)
    log = conceal_survey(cleaned, names).log.set_index("rule")
    assert log.loc["surfaces-count-inferred", "column"] == \
        "Antal kontaktflader med Frivillig organisation 1"
    assert log.loc["details-without-contact-dropped", "column"] == \
        "Borgerforening 2 - kontaktflade 1 - beskrivelse"  # Gamma is C's alias
    for spelling in ("Alpha", "Beta", "Gamma", "Delta"):
        assert spelling not in log.to_string()
    assert len(log) == len(cleaned.log)
