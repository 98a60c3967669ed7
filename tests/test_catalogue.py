"""The catalogue: tables by name with checked columns, the step that writes each, and the
documentation generated from it."""

import pandas as pd
import pytest

from localnet_helpers import catalogue
from localnet_helpers.errors import InputError
from localnet_helpers.paths import PROJECT_ROOT


def test_docs_list_exactly_the_catalogue():
    assert catalogue.update_docs(PROJECT_ROOT / "docs" / "outputs.md", write=False), \
        "docs/outputs.md is not the catalogue's table: run `make docs`"


def test_tables_are_written_and_read_by_name(tmp_path):
    relations = pd.DataFrame({"source": ["A"], "target": ["B"], "surfaces": [2], "depth": [4],
                              "reports": [1]})
    path = catalogue.write(relations, tmp_path, "relations", 2020)
    assert path == tmp_path / "2020" / "relations.csv"
    assert catalogue.read(tmp_path, "relations", 2020).equals(relations)
    stacked = catalogue.read_years(tmp_path, "relations", [2020])
    assert list(stacked.columns) == ["year", *relations.columns] and stacked["year"][0] == 2020


def test_wrong_columns_are_refused_on_write_and_read(tmp_path):
    with pytest.raises(InputError, match="the catalogue declares"):
        catalogue.write(pd.DataFrame({"source": ["A"]}), tmp_path, "relations", 2020)
    (tmp_path / "2020").mkdir()
    (tmp_path / "2020" / "relations.csv").write_text("source,target\nA,B\n")
    with pytest.raises(InputError, match="has the columns \\['source', 'target'\\]"):
        catalogue.read(tmp_path, "relations", 2020)


def test_prefix_columns_stand_for_one_or_more():
    entry = catalogue.dataset("change_actors")
    catalogue._check_columns(entry, ["actor_id", "name", "type", "relations_2017",
                                     "relations_2019", "change"], "x")
    with pytest.raises(InputError):
        catalogue._check_columns(entry, ["actor_id", "name", "type", "change"], "x")


def test_a_missing_table_names_the_step_that_writes_it(tmp_path):
    with pytest.raises(InputError) as info:
        catalogue.read(tmp_path, "centrality", 2019)
    message = str(info.value)
    assert "the table 'centrality' has not been written yet" in message
    assert "run 03_network for 2019 first" in message
    with pytest.raises(InputError, match="run 04_change first"):
        catalogue.read(tmp_path, "summary")


def test_every_step_reads_only_what_an_earlier_step_writes():
    written = set()
    for step in catalogue.STEPS:
        assert set(step.reads) <= written, step.name
        assert not set(step.writes) & written, step.name  # one writer per dataset
        written |= set(step.writes)
    undeclared = set(catalogue.DATASETS) - written
    assert undeclared == {"year_notebooks", "notebooks", "kernels_log"}  # the run's own


def test_files_have_one_owner():
    assert catalogue.owner_of("2019/summary.csv") == "year_summary"
    assert catalogue.owner_of("summary.csv") == "summary"
    assert catalogue.owner_of("figures/interactive_map_2019.html") == "interactive_maps"
    assert catalogue.owner_of("figures/map_2019.svg") == "map_figures"
    assert catalogue.owner_of("2019/summary.csv", [2018]) is None
    assert catalogue.owner_of("thesis.docx") is None
