"""Incremental runs: a rerun reruns only the notebooks whose inputs changed, and gives the same
bytes as a fresh run."""

import hashlib
import json

import pytest

from localnet_helpers.run.pipeline import run
from localnet_helpers.run.plan import plan
from localnet_helpers.run.reuse import fingerprint

from conftest import TOY_SURVEY, two_year_study

RESULTS = ("*.csv", "*.xlsx", "*.png", "*.svg", "*.graphml", "*.gexf", "*.html")


def result_files(out):
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for pattern in RESULTS for p in out.rglob(pattern)}


def reused(lines):
    return sorted(line.split("] ", 1)[1].removesuffix(" (reused)")
                  for line in lines if line.endswith("(reused)"))


def test_fingerprint_follows_every_input(tmp_path):
    study = two_year_study(tmp_path / "study")
    stage = tmp_path / "stage"
    (stage / "2021").mkdir(parents=True)
    (stage / "actors.csv").write_text("a")
    tasks = {t.label: t for t in plan(study, stage, [2020, 2021], tmp_path.parent)}
    clean = tasks["02_clean_survey.ipynb 2021"]
    # the notebook file must exist: use the real one
    from localnet_helpers.paths import NOTEBOOKS
    clean = type(clean)(clean.step, clean.year, NOTEBOOKS / clean.notebook.name, clean.output,
                        clean.parameters, clean.needs, clean.years)
    first = fingerprint(clean, study, stage)
    assert fingerprint(clean, study, stage) == first  # deterministic
    (study / "surveys" / "2020.csv").write_text(TOY_SURVEY + "\n", encoding="utf-8")
    assert fingerprint(clean, study, stage) == first  # another wave's survey
    (study / "surveys" / "2021.csv").write_text(TOY_SURVEY.replace(",1,", ",2,", 1),
                                                encoding="utf-8")
    changed = fingerprint(clean, study, stage)
    assert changed != first  # its own survey
    (stage / "actors.csv").write_text("b")
    assert fingerprint(clean, study, stage) != changed  # a table it reads


@pytest.mark.e2e
def test_rerun_reuses_what_did_not_change_and_equals_a_fresh_run(tmp_path):
    study = two_year_study(tmp_path / "study")
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    lines = []
    run(study, out, jobs=2, progress=lines.append)
    assert reused(lines) == []

    lines.clear()
    run(study, out, jobs=2, progress=lines.append)  # nothing changed: nothing runs
    assert len(reused(lines)) == 10 and lines[-1] == f"report: {out / 'report.html'}"

    # one answer in one wave: that wave and what reads every wave run again
    survey = study / "surveys" / "2021.csv"
    survey.write_text(TOY_SURVEY.replace("Beta Club,Delta School,2,", "Beta Club,Delta School,5,"),
                      encoding="utf-8")
    lines.clear()
    run(study, out, jobs=2, progress=lines.append)
    # (a deeper form: who is related to whom stays the same, so the maps are not drawn again)
    assert reused(lines) == ["01_actors.ipynb", "02_clean_survey.ipynb 2020",
                             "03_network.ipynb 2020", "05_maps.ipynb"]
    run(study, fresh, jobs=2, progress=lambda line: None)
    assert result_files(out) == result_files(fresh)
    manifest = json.loads((out / ".localnet-manifest.json").read_text())
    assert sorted(manifest["tasks"]) == sorted(t.label for t in plan(study, out, [2020, 2021],
                                                                      tmp_path))

    lines.clear()
    run(study, out, jobs=2, progress=lines.append, force=True)
    assert reused(lines) == [] and result_files(out) == result_files(fresh)

    # a relation dropped in 2021: the maps run again, but draw only what changed; the 2020
    # map, drawn from the same data, is taken over (the same file, linked), not drawn again
    figures = out / "figures"
    before = {p.name: p.stat().st_ino for p in figures.glob("*_20*.png")}
    survey.write_text(TOY_SURVEY.replace("Beta Club,Delta School,2,Fællesskab,Børn og unge,"
                                         "Koordinering\n", ""), encoding="utf-8")
    lines.clear()
    run(study, out, jobs=2, progress=lines.append)
    assert "05_maps.ipynb" not in reused(lines)
    after = {p.name: p.stat().st_ino for p in figures.glob("*_20*.png")}
    assert sorted(name for name in after if after[name] == before.get(name)) == ["map_2020.png"]
    run(study, tmp_path / "fresh2", jobs=2, progress=lambda line: None)
    assert result_files(out) == result_files(tmp_path / "fresh2")


def test_the_pseudonymise_switch_changes_every_fingerprint(tmp_path):
    """A pseudonymised run into the folder of a named run reuses none of its files (and the
    other way round): the switch is a parameter of every task and part of the wave checks."""
    from localnet_helpers.inputs.study import load_study
    from localnet_helpers.paths import NOTEBOOKS
    from localnet_helpers.run.reuse import check_key, static_fingerprint

    study = two_year_study(tmp_path / "study")
    named = plan(study, tmp_path, [2020, 2021], NOTEBOOKS)
    hidden = plan(study, tmp_path, [2020, 2021], NOTEBOOKS, pseudonymise=True)
    assert [t.parameters.get("pseudonymise", False) for t in named + hidden] == \
        [False] * len(named) + [True] * len(hidden)
    for plain, secret in zip(named, hidden):
        assert static_fingerprint(plain, study) != static_fingerprint(secret, study)
    assert check_key(load_study(study), 2020) != check_key(load_study(study, True), 2020)
    first = static_fingerprint(hidden[0], study)
    (study / "pseudonyms.csv").write_text("actor_id,pseudonym\nA,Medborgercenter 1\n",
                                          encoding="utf-8")
    assert static_fingerprint(hidden[0], study) != first  # the key is a study file it reads


def test_a_file_kept_in_the_study_is_recorded_not_fingerprinted(tmp_path):
    """05_maps keeps positions.csv in the study: writing it does not change the task's
    fingerprint (the next run may reuse the task), while editing or deleting it does make the
    task run again."""
    from localnet_helpers.paths import NOTEBOOKS
    from localnet_helpers.run.reuse import record, reusable, static_fingerprint

    study = two_year_study(tmp_path / "study")
    stage = tmp_path / "stage"
    stage.mkdir()
    tasks = {t.label: t for t in plan(study, stage, [2020, 2021], NOTEBOOKS)}
    maps = tasks["05_maps.ipynb"]
    before = static_fingerprint(maps, study)
    positions = study / "positions.csv"
    positions.write_text("actor_id,x,y\nA,0.0000,0.0000\n", encoding="utf-8")
    assert static_fingerprint(maps, study) == before
    entry = record(maps, stage, "print", before, study)
    assert entry["study_files"] == {"positions.csv": hashlib.sha256(
        positions.read_bytes()).hexdigest()}
    assert reusable(entry, "print", stage, maps, study)
    positions.write_text("actor_id,x,y\nA,0.5000,0.0000\n", encoding="utf-8")  # edited
    assert not reusable(entry, "print", stage, maps, study)
    positions.unlink()  # deleted: lay out afresh
    assert not reusable(entry, "print", stage, maps, study)
    positions.write_text("actor_id,x,y\nA,0.0000,0.0000\n", encoding="utf-8")  # as recorded
    assert reusable(entry, "print", stage, maps, study)
    older = {k: v for k, v in entry.items() if k != "study_files"}  # a record without it
    assert not reusable(older, "print", stage, maps, study)
