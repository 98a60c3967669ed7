"""A pseudonymised run leaks no name: a canary study whose every actor name, alias and id holds
``zqx`` runs once with ``localnet run --pseudonymise`` (into the folder of a run without it),
and every file of the output folder is searched for them. The figures are drawn with
``svg.fonttype: none`` (a matplotlibrc in the run's environment), so that their SVG files hold
the labels as text to search."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from localnet_helpers.inputs.pseudonyms import KEY_FILE
from localnet_helpers.run.pipeline import run

from conftest import write_study

ACTORS = """\
actor_id,name,type,aliases,years
zqxid-1,Zqxcanary Medborgerhus,professional,Zqxalias Huset|Det Zqxhub,2020 2021
zqxid-2,Zqxcanary Boldklub,volunteer,Zqxbold,2020 2021
zqxid-3,Zqxcanary Ældreklub & Co,citizen,Zqxalias Gamma,2020 2021
zqxid-4,Zqxcanary Skole,professional,,2020 2021
zqxid-5,Zqxcanary Kor,citizen,,2020 2021
pubid-9,Kommunens Qpublic Bibliotek,professional,Qpublic,2020 2021
"""
# every kind of spelling: names, aliases, ids, other case and spacing, a self-contact
# (Boldklub naming Zqxbold) and a respondent in two blocks (Medborgerhus, lines 2-4 and 13);
# descriptions, purposes and target groups name actors too
SURVEY = """\
respondent,partner,form,purpose,target_group,description
Zqxcanary Medborgerhus,Zqxcanary Boldklub,1,Sundhed,Ældre,Møde med Zqxcanary Boldklub
  zqxcanary  medborgerhus ,ZQXBOLD,Samordne,Sundhed hos Zqxcanary Kor,Ældre,Sundhedsdag
zqxid-1,Zqxalias Gamma,Samskabe,Fællesskab,Zqxcanary Skoles elever,Byhave med zqxid-4
Zqxcanary Boldklub,Det Zqxhub,samvirke,Fællesskab,Alle beboere,Henvisning
Zqxcanary Boldklub,Zqxcanary Skole,2,Fællesskab,Børn og unge,Koordinering
Zqxcanary Boldklub,Zqxbold,1,Fællesskab,Alle beboere,Træning
Zqxcanary Ældreklub & Co,Zqxcanary Skole,Knowledge sharing,Uddannelse,Børn og unge,Orientering
Zqxcanary Skole,Zqxcanary Ældreklub & Co,1,Uddannelse,Børn og unge,Orientering
Zqxcanary Skole,zqxcanary ældreklub & co,3,Uddannelse,Børn og unge,Lån af lokaler
Zqxcanary Kor,,,,,
Kommunens Qpublic Bibliotek,Zqxid-1,2,Fællesskab,Alle beboere,Lån af bøger
Zqxalias Huset,Qpublic,4,Læsning,Alle beboere,Zqxcanary Medborgerhus og Qpublic
"""
TOML = """\
title = "Netværket omkring Zqxcanary Medborgerhus"
hub = "zqxid-1"
area = "Kvarteret ved Zqxalias Huset"
notes = ["Zqxcanary Boldklubs formand skiftede i 2021; zqxid-4 flyttede."]
public = ["pubid-9"]
"""
PUBLIC = ("pubid-9", "Kommunens Qpublic Bibliotek", "Qpublic")


def spellings() -> list[str]:
    """Every name, alias and id of the study's actors that are not public."""
    found = []
    for line in ACTORS.splitlines()[1:]:
        actor_id, name, _, aliases, _ = line.split(",")
        if actor_id not in PUBLIC:
            found += [actor_id, name, *filter(None, aliases.split("|"))]
    return found


def forms(spelling: str) -> set[str]:
    """A spelling as a file may hold it, lowercase: as written, HTML- and JSON-escaped."""
    return {spelling.casefold(), html.escape(spelling).casefold(),
            json.dumps(spelling)[1:-1].casefold(), json.dumps(spelling)[1:-1]}


#: A base64-encoded image in a notebook or the report (may hold "zqx" by chance).
BASE64 = re.compile(r"[A-Za-z0-9+/=]{100,}")


def file_text(path: Path) -> str:
    """The text of an output file, a workbook's XML parts, '' for a PNG image; images
    embedded in base64 taken out."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return "\n".join(book.read(name).decode("utf-8") for name in book.namelist())
    if path.suffix == ".png":
        return ""
    return BASE64.sub("", path.read_bytes().decode("utf-8", errors="replace"))


@pytest.fixture(scope="module")
def canary_run(tmp_path_factory):
    """``localnet run --pseudonymise`` on the canary study, into the output folder of a run
    without it (its first steps, which name every actor): (study, output folder)."""
    root = tmp_path_factory.mktemp("pseudonymise")
    study = write_study(root / "study", actors=ACTORS, surveys={2020: SURVEY, 2021: SURVEY},
                        toml=TOML)
    run(study, root / "out", upto=("03_network", 2020), progress=lambda line: None)
    assert "Zqxcanary Boldklub" in (root / "out" / "actors.csv").read_text(encoding="utf-8")
    assert not (study / KEY_FILE).exists()  # a run without pseudonyms writes no key
    (root / "mpl").mkdir()
    (root / "mpl" / "matplotlibrc").write_text("svg.fonttype: none\n", encoding="utf-8")
    environment = {**os.environ, "MATPLOTLIBRC": str(root / "mpl")}
    result = subprocess.run([sys.executable, "-m", "localnet_helpers.cli", "run", "--study",
                             str(study), "--out", str(root / "out"), "--pseudonymise"],
                            capture_output=True, text=True, timeout=900, env=environment)
    assert result.returncode == 0, result.stderr
    assert "(reused)" not in result.stdout  # nothing of the named run is taken over
    return study, root / "out"


def test_no_name_alias_or_id_in_any_output_file(canary_run):
    _, out = canary_run
    files = sorted(p for p in out.rglob("*") if p.is_file())
    kinds = {p.suffix for p in files}
    assert {".csv", ".xlsx", ".svg", ".png", ".html", ".gexf", ".graphml", ".ipynb", ".log",
            ".json"} <= kinds
    leaks = []
    for path in files:
        text = file_text(path).casefold()
        if "zqx" in text:
            leaks.append(f"{path.relative_to(out)}: ...{text[text.index('zqx') - 40:][:90]}")
        leaks += [f"{path.relative_to(out)}: {s!r}" for s in spellings()
                  if any(f in text for f in forms(s))]
    assert leaks == []
    assert len(files) > 40


def test_the_figures_are_drawn_from_pseudonyms(canary_run):
    _, out = canary_run
    labels = {}
    for svg in sorted((out / "figures").glob("*.svg")):
        labels[svg.stem] = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>",
                                               svg.read_text(encoding="utf-8")))
    assert len(labels) >= 6
    assert "Medborgercenter" in labels["map_2021"] and "Qpublic" in labels["map_2021"]
    assert "Borgerforening" in labels["central_actors"]
    assert "Sundhed hos Borgerforening" in labels["purposes_2021"]


def test_tables_and_report_name_pseudonyms_and_public_actors(canary_run):
    study, out = canary_run
    key = dict(line.split(",") for line in
               (study / KEY_FILE).read_text(encoding="utf-8").splitlines()[1:])
    assert sorted(key) == ["pubid-9", "zqxid-1", "zqxid-2", "zqxid-3", "zqxid-4", "zqxid-5"]
    assert key["zqxid-1"] == "Medborgercenter 1" and key["zqxid-2"] == "Frivillig organisation 1"
    assert sorted([key["zqxid-3"], key["zqxid-5"]]) == ["Borgerforening 1", "Borgerforening 2"]
    assert sorted([key["zqxid-4"], key["pubid-9"]]) == ["Professionel aktør 1",
                                                        "Professionel aktør 2"]
    actors = (out / "actors.csv").read_text(encoding="utf-8")
    assert "pubid-9,Kommunens Qpublic Bibliotek,professional,Qpublic,2020 2021" in actors
    assert "medborgercenter-1,Medborgercenter 1,professional,,2020 2021" in actors
    surfaces = (out / "2021" / "surfaces.csv").read_text(encoding="utf-8").splitlines()
    assert surfaces[0].endswith(",description,line")
    assert all(",," in row for row in surfaces[1:])  # every description left out
    report = (out / "report.html").read_text(encoding="utf-8")
    for text in ("<title>Netværket omkring Medborgercenter 1</title>",
                 "Kvarteret ved Medborgercenter 1",
                 "Pseudonymiseret udgave: Aktørerne er navngivet med deres aktørtype og et "
                 "nummer (fx Borgerforening 3)",
                 "Disse aktører står med deres eget navn: Kommunens Qpublic Bibliotek.",
                 f"<li>Frivillig organisation 1's formand skiftede i 2021; {key['zqxid-4']} "
                 "flyttede.</li>",
                 "Medborgercenter 1's netværk"):
        assert text in report, text
    notebook = (out / "executed" / "01_actors.ipynb").read_text(encoding="utf-8")
    assert '"pseudonymise": true' in notebook  # the parameter is on record


def test_a_new_actor_gets_the_next_number_and_nobody_is_renumbered(canary_run, tmp_path):
    study = tmp_path / "study"
    shutil.copytree(canary_run[0], study)
    before = (study / KEY_FILE).read_text(encoding="utf-8")
    with open(study / "actors.csv", "a", encoding="utf-8") as register:
        register.write("zqxid-6,Zqxcanary Nyforening,citizen,,2021\n")
    run(study, tmp_path / "out", upto=("02_clean_survey", 2021), progress=lambda line: None,
        pseudonymise=True)
    assert (study / KEY_FILE).read_text(encoding="utf-8") == \
        before + "zqxid-6,Borgerforening 3\n"
    actors = (tmp_path / "out" / "actors.csv").read_text(encoding="utf-8")
    assert "borgerforening-3,Borgerforening 3,citizen,,2021\n" in actors
    assert "zqx" not in actors.casefold()


def test_a_broken_key_stops_the_run_with_a_message(canary_run, tmp_path):
    study = tmp_path / "study"
    shutil.copytree(canary_run[0], study)
    key = (study / KEY_FILE).read_text(encoding="utf-8")
    (study / KEY_FILE).write_text(key + "zqxid-2,Borgerforening 9\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "localnet_helpers.cli", "run", "--study",
                             str(study), "--out", str(tmp_path / "out"), "--pseudonymise"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert "pseudonyms.csv: 1 problem" in result.stderr
    # the key's rows are sorted by actor_id: pubid-9 on line 2, zqxid-1, zqxid-2 on line 4
    assert "line 8, column 'actor_id': value 'zqxid-2': actor_id already has a pseudonym " \
           "on line 4" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_the_kits_own_demo_is_not_pseudonymised_in_place(tmp_path):
    from localnet_helpers.errors import LocalnetError
    from localnet_helpers.paths import DEMO_STUDY

    with pytest.raises(LocalnetError, match="localnet demo --out my-demo"):
        run(DEMO_STUDY, tmp_path / "out", pseudonymise=True)
    assert not (DEMO_STUDY / KEY_FILE).exists() and not (tmp_path / "out").exists()
