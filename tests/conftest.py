"""Shared fixtures: small hand-made study folders whose answers are worked out by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TOY_ACTORS = """\
actor_id,name,type,aliases,years
A,Alpha Centre,professional,Alpha|The Centre,2020
B,Beta Club,volunteer,,2020
C,Gamma Board,citizen,Gamma,2020
D,Delta School,professional,,2020
E,Epsilon Choir,citizen,,2020
F,Phi Shop,professional,,2019
"""

# Hand-worked answers (tie rule union):
#   A-B: A reports 2 surfaces (forms 1, 4), B reports 1 (form 2) -> surfaces 2, depth 4, reports 2
#   A-C: only A reports, 1 surface of form 5                     -> surfaces 1, depth 5, reports 1
#   C-D: C reports 1 (form 1), D reports 3 (forms 1, 1, 3)       -> surfaces 3, depth 3, reports 2
#   B-D: only B reports, 1 surface of form 2                     -> surfaces 1, depth 2, reports 1
#   E answered "no contacts" and is an isolate; F is not present in 2020.
# Area: 5 actors, 4 relations, mean 2*4/5 = 1.6. The relations form the 4-cycle A-B-D-C-A.
# Hub network of A: {A, B, C} with A-B, A-C: 3 actors, 2 relations, mean 4/3.
# Betweenness: in a 4-cycle each node lies on 1 of the 2 shortest paths between its two
# neighbours: raw 0.5, normalised by (n-1)(n-2)/2 = 6 -> 1/12 each; E has 0.
# Reciprocated rule: only A-B and C-D remain.
TOY_SURVEY = """\
respondent,partner,form,purpose,target_group,description
Alpha Centre,Beta Club,1,Sundhed,Ældre,Netværksmøde
  alpha  centre ,BETA CLUB,Samordne,Sundhed,Ældre,Fælles sundhedsdag
A,Gamma,Samskabe,Fællesskab,Alle beboere,Byhave
Beta Club,The Centre,samvirke,Fællesskab,Alle beboere,Henvisning
Beta Club,Delta School,2,Fællesskab,Børn og unge,Koordinering
Gamma Board,Delta School,Knowledge sharing,Uddannelse,Børn og unge,Orientering
Delta School,Gamma Board,1,Uddannelse,Børn og unge,Orientering
Delta School,Gamma Board,1,Uddannelse,Børn og unge,Forældremøde
Delta School,gamma board,3,Uddannelse,Børn og unge,Lån af lokaler
Epsilon Choir,,,,,
"""

TOY_TOML = """\
title = "Toy study"
hub = "A"
"""


def write_study(root: Path, actors: str = TOY_ACTORS, surveys: dict[int, str] | None = None,
                toml: str = TOY_TOML) -> Path:
    """Write a study folder under ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "study.toml").write_text(toml, encoding="utf-8")
    (root / "actors.csv").write_text(actors, encoding="utf-8")
    (root / "surveys").mkdir(exist_ok=True)
    for year, text in (surveys if surveys is not None else {2020: TOY_SURVEY}).items():
        (root / "surveys" / f"{year}.csv").write_text(text, encoding="utf-8")
    return root


def two_year_study(root: Path) -> Path:
    """The toy study with the same answers in 2020 and 2021."""
    actors = TOY_ACTORS.replace(",2020\n", ",2020 2021\n")
    return write_study(root, actors=actors, surveys={2020: TOY_SURVEY, 2021: TOY_SURVEY})


@pytest.fixture
def toy_study(tmp_path: Path) -> Path:
    """The hand-worked toy study above, in a temporary folder."""
    return write_study(tmp_path / "toy")


def run_cli(*args: object) -> subprocess.CompletedProcess:
    """``localnet`` with ``args`` in a subprocess, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "localnet_helpers.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """``localnet run`` on the embedded demo: (output folder, completed process)."""
    from localnet_helpers.paths import DEMO_STUDY

    out = tmp_path_factory.mktemp("demo") / "out"
    result = run_cli("run", "--study", DEMO_STUDY, "--out", out)
    assert result.returncode == 0, result.stderr
    return out, result


#: Planted in the toy survey's personal-data columns; must appear nowhere in the output.
CANARIES = ("Kanariefugl Jensen", "kanariefugl.jensen", "+45 7777 66")
#: Actor names that would run code if a report showed them as HTML.
HOSTILE_NAMES = ("<script>alert(1)</script>", "<img src=x onerror=console.error(1)>")


@pytest.fixture(scope="session")
def toy_run(tmp_path_factory):
    """``localnet run`` on the toy study in English, with personal-data columns holding
    :data:`CANARIES` and two actors named :data:`HOSTILE_NAMES`; returns the output folder."""
    root = tmp_path_factory.mktemp("toy")
    lines = TOY_SURVEY.splitlines()
    with_personal = "\n".join([lines[0] + ",Kontaktperson,E-mail,Telefon"] + [
        f"{line},{CANARIES[0]} {n},{CANARIES[1]}{n}@example.org,{CANARIES[2]}{n}"
        for n, line in enumerate(lines[1:])]) + "\n"
    actors = TOY_ACTORS.replace("B,Beta Club,volunteer,,", f"B,{HOSTILE_NAMES[0]},volunteer,"
                                "Beta Club,").replace(
        "D,Delta School,professional,,", f"D,{HOSTILE_NAMES[1]},professional,Delta School,")
    study = write_study(root / "study", actors=actors, surveys={2020: with_personal},
                        toml=TOY_TOML + 'language = "en"\n')
    result = run_cli("run", "--study", study, "--out", root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out"
