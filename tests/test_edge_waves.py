"""End to end: waves and names at the edge of what a study can hold end in a report.

Two runs, each shared by several tests:

- a three-wave study under the reciprocated tie rule: 2018, a baseline measured before the hub
  opened (the hub is not present); 2019, where every report is unreciprocated (no relation
  survives the rule); 2020, where nobody reported any contact. Actor names carry ``$``
  (matplotlib's mathtext), Markdown images and links; the title, area and notes carry Markdown
  that would embed a file from the current folder, make ``javascript:`` links live and load
  images from other hosts.
- a study of one actor, in English.
"""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from pathlib import Path

import pytest

from localnet_helpers.catalogue import read_csv
from localnet_helpers.measures import change, composition, network

pytestmark = pytest.mark.e2e

#: In the folder the run starts from; a Markdown image ``![k](secret.txt)`` would embed it.
SECRET = "EDGE-SECRET-CANARY-7731"
HUB_NAME = "Huset ![h](secret.txt) $2"
DOLLAR_NAMES = ("$\\x$", "$5 og $10")
IMAGE_NAME = "![k](secret.txt)"

EDGE_ACTORS = f"""\
actor_id,name,type,aliases,years
H,{HUB_NAME},professional,,2019 2020
D1,{DOLLAR_NAMES[0]},volunteer,,2018 2019 2020
D2,{DOLLAR_NAMES[1]},citizen,,2018 2019 2020
K,{IMAGE_NAME},citizen,,2018 2019 2020
P,Plain Partner,professional,,2018 2019 2020
"""

# 2018, the hub not present: D1-D2 reported by both (kept); K-P only by K while P answered
# "no contacts" (dropped). Area: 4 actors, 1 relation; the hub network: none.
# 2019, only unreciprocated reports, everyone answered: no relation; under the union rule 3.
# 2020, H, D1 and D2 answered "no contacts", K and P did not answer: no relation.
EDGE_SURVEYS = {
    2018: """\
respondent,partner,form,purpose,target_group,description
D1,D2,2,Kultur $\\y$,Alle,Møde
D2,D1,1,Kultur $\\y$,Alle,Møde
K,P,3,Sport,Børn,Lån
P,,,,,
""",
    2019: """\
respondent,partner,form,purpose,target_group,description
H,D1,5,Kultur,Alle,Fest
D1,P,1,Sport,Børn,Møde
D2,K,2,Sport,Børn,Møde
K,,,,,
P,,,,,
""",
    2020: """\
respondent,partner,form,purpose,target_group,description
H,,,,,
D1,,,,,
D2,,,,,
""",
}

EDGE_TOML = """\
title = "Kant *tilfælde* [klik](javascript:alert(1)) ![t](secret.txt)"
hub = "H"
area = "**Området** ![x](https://evil.example/x.png)"
tie_rule = "reciprocated"
min_response_rate = 0.5
notes = [
  "Se [rapporten](https://example.org/r?a=1&b=2) og *dette*.",
  "![k](secret.txt)",
  "[klik](javascript:alert(1))",
  "<img src=\\"https://evil.example/y.png\\">",
  "$5 og $10 og $\\\\x$",
]

[published.hub]
actors = { 2018 = 1 }
"""

SOLO_ACTORS = "actor_id,name,type,aliases,years\nS,Solo Centre,professional,,2021\n"
SOLO_SURVEY = "respondent,partner,form,purpose,target_group,description\nS,,,,,\n"
SOLO_TOML = 'title = "Solo"\nhub = "S"\nlanguage = "en"\n'

#: Every per-year table with the columns it must have, also when empty.
YEAR_COLUMNS = {
    "relations.csv": network.RELATION_COLUMNS,
    "summary.csv": network.SUMMARY_COLUMNS,
    "centrality.csv": network.CENTRALITY_COLUMNS,
    "reach.csv": composition.REACH_COLUMNS,
    "depth.csv": composition.DEPTH_COLUMNS,
    "mixing.csv": composition.MIXING_COLUMNS,
    "ei_index.csv": composition.EI_COLUMNS,
    "bridging.csv": composition.BRIDGING_COLUMNS,
    "purposes.csv": ["network", "purpose", "surfaces", "share"],
    "target_groups.csv": ["network", "target_group", "surfaces", "share"],
    "robustness.csv": change.ROBUSTNESS_COLUMNS,
}


def write_edge_study(root: Path, actors: str, surveys: dict[int, str], toml: str) -> Path:
    """A study folder under ``root``: study.toml, actors.csv and long-layout surveys."""
    root.mkdir(parents=True)
    (root / "study.toml").write_text(toml, encoding="utf-8")
    (root / "actors.csv").write_text(actors, encoding="utf-8")
    (root / "surveys").mkdir()
    for year, text in surveys.items():
        (root / "surveys" / f"{year}.csv").write_text(text, encoding="utf-8")
    return root


def run_in(folder: Path, study: Path, out: Path) -> subprocess.CompletedProcess:
    """``localnet run`` started from ``folder`` (the current folder of the run)."""
    return subprocess.run([sys.executable, "-m", "localnet_helpers.cli", "run", "--study",
                           str(study), "--out", str(out), "--jobs", "2"], cwd=folder,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def edge_run(tmp_path_factory):
    """The three-wave edge study run from a folder holding ``secret.txt``: (out, process)."""
    root = tmp_path_factory.mktemp("edge")
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    study = write_edge_study(root / "study", EDGE_ACTORS, EDGE_SURVEYS, EDGE_TOML)
    return root / "out", run_in(root, study, root / "out")


@pytest.fixture(scope="module")
def solo_run(tmp_path_factory):
    """A study of one actor that answered "no contacts": (out, process)."""
    root = tmp_path_factory.mktemp("solo")
    study = write_edge_study(root / "study", SOLO_ACTORS, {2021: SOLO_SURVEY}, SOLO_TOML)
    return root / "out", run_in(root, study, root / "out")


def finished(run) -> Path:
    out, result = run
    assert "internal error" not in result.stderr
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def report_html(run) -> str:
    return (finished(run) / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("which", ["edge", "solo"])
def test_every_table_is_written_with_its_columns(which, edge_run, solo_run):
    out = finished(edge_run if which == "edge" else solo_run)
    years = (2018, 2019, 2020) if which == "edge" else (2021,)
    for year in years:
        for name, columns in YEAR_COLUMNS.items():
            assert list(read_csv(out / str(year) / name).columns) == columns, (year, name)
    assert list(read_csv(out / "change.csv").columns) == change.CHANGE_COLUMNS
    assert (out / "tables.xlsx").is_file()


@pytest.mark.parametrize("which", ["edge", "solo"])
def test_every_figure_is_drawn(which, edge_run, solo_run):
    out = finished(edge_run if which == "edge" else solo_run)
    years = (2018, 2019, 2020) if which == "edge" else (2021,)
    last = years[-1]
    stems = {f"map_{y}" for y in years} | {f"change_{a}_{b}" for a, b in zip(years, years[1:])}
    stems |= {"networks", "central_actors", "depth", f"mixing_{last}", f"purposes_{last}",
              f"target_groups_{last}"}
    for stem in stems:
        for ext in ("png", "svg"):
            assert (out / "figures" / f"{stem}.{ext}").stat().st_size > 1000, (stem, ext)
    assert (out / "figures" / f"interactive_map_{last}.html").is_file()


def test_hub_absent_wave_has_an_empty_hub_network(edge_run):
    out = finished(edge_run)
    summary = read_csv(out / "summary.csv").set_index(["year", "network"])
    assert summary.loc[(2018, "area"), ["actors", "relations"]].tolist() == [4, 1]
    assert summary.loc[(2018, "hub"), ["actors", "relations", "components"]].tolist() == [0, 0, 0]
    assert summary.loc[(2019, "hub"), ["actors", "relations"]].tolist() == [1, 0]
    reach = read_csv(out / "2018" / "reach.csv").set_index("type")
    assert reach.loc["all", ["actors", "reached", "share"]].tolist() == [4, 0, 0.0]
    robustness = read_csv(out / "robustness.csv").set_index(["year", "tie_rule"])
    assert robustness.loc[(2018, "union"), ["relations", "hub_partners", "hub_reach"]] \
        .tolist() == [2, 0, 0.0]
    assert robustness.loc[(2019, "union"), "relations"] == 3
    assert robustness.loc[(2019, "reciprocated"), "relations"] == 0
    changes = read_csv(out / "change.csv").set_index(["from_year", "to_year", "network"])
    assert changes.loc[(2018, 2019, "hub"), ["kept", "new", "lost", "entered", "left"]] \
        .tolist() == [0, 0, 0, 1, 0]


def test_report_says_the_hub_was_not_present(edge_run):
    text = report_html(edge_run)
    assert "var ikke til stede i 2018" in text
    assert "var ikke til stede i 2019" not in text


def test_one_actor_study_reports(solo_run):
    out = finished(solo_run)
    summary = read_csv(out / "summary.csv")
    assert summary[["network", "actors", "relations"]].values.tolist() == [
        ["area", 1, 0], ["hub", 1, 0]]
    assert read_csv(out / "change.csv").empty
    text = report_html(solo_run)
    assert 'id="section-12"' in text and "Solo Centre" in text  # one wave: no change sections


def test_nothing_leaks_into_the_report(edge_run):
    text = report_html(edge_run)
    assert base64.b64encode(SECRET.encode()).decode() not in text
    assert "data:text/plain" not in text
    assert set(re.findall(r'src="data:([^;,"]*)', text)) == {"image/png"}  # the figures only
    assert not re.search(r"href=[\"']?\s*javascript:", text, re.IGNORECASE)
    assert not re.search(r"<img[^>]*src=[\"']?https?:", text, re.IGNORECASE)
    assert text.count("<script") == 1  # the interactive map's own script


def test_user_text_is_shown_as_written(edge_run):
    text = report_html(edge_run)
    for literal in (IMAGE_NAME, "[klik](javascript:alert(1))", "$5 og $10",
                    "![x](https://evil.example/x.png)", "&lt;img src="):
        assert literal in text, literal
    assert HUB_NAME in text and "Kant <em>tilfælde</em>" in text
    assert ('<a href="https://example.org/r?a=1&amp;b=2" rel="noopener noreferrer">rapporten'
            '</a>') in text
    page = (finished(edge_run) / "figures" / "interactive_map_2020.html").read_text("utf-8")
    assert all(name in page for name in DOLLAR_NAMES)
