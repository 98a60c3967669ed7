"""The run's output folder: where each table lives and how it is written and read back.

Notebooks pass data to each other only through these files (schemas in ``docs/outputs.md``)::

    <out>/actors.csv                   validated register (same columns as the study's)
    <out>/summary.csv                  year,network,actors,relations,mean_relations
    <out>/figures/<name>.png|svg       the figures (05_maps, 06_charts), PNG at FIGURE_DPI
    <out>/figures/interactive_map_<year>.html   the interactive map of a year (05_maps)
    <out>/<year>/surfaces.csv          respondent,partner,form,purpose,target_group,description,line
    <out>/<year>/respondents.csv       actor_id,partners,surfaces
    <out>/<year>/cleaning_log.csv      file,line,column,before,after,rule
    <out>/<year>/data_basis.csv        year,actors,questionnaires,...,agreement_rate
    <out>/<year>/relations.csv         source,target,surfaces,depth,reports
    <out>/<year>/centrality.csv        actor_id,name,type,relations,betweenness
    <out>/<year>/summary.csv           that year's rows of summary.csv
    <out>/<year>/executed/*.ipynb      the executed notebooks of that year
    <out>/executed/*.ipynb             the executed study-level notebooks
    <out>/report.html                  the report

CSV files are UTF-8 with ``\\n`` line ends and rows in a documented sort order, so that the
same inputs give byte-identical files.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from .errors import InputError
from .inputs.register import actors_in_year, load_register
from .measures.network import build_graph

__all__ = ["YEAR_TABLES", "register_path", "year_dir", "write_csv", "read_csv", "read_year_graph",
           "years_with_results", "chosen_years", "read_years", "actor_names", "collect_summary",
           "figure_dir", "hub_name"]

#: The per-year tables, in the order ``tables.xlsx`` shows them.
YEAR_TABLES = ("data_basis", "centrality", "reach", "depth", "mixing", "ei_index", "bridging",
               "purposes", "target_groups", "robustness", "relations", "cleaning_log")

#: Columns read as text (never turned into numbers or NaN) when reading outputs back.
_TEXT = ["actor_id", "name", "type", "source", "target", "respondent", "partner", "network",
         "purpose", "target_group", "description", "scope", "unit", "type_a", "type_b", "group",
         "tie_rule", "file", "column", "before", "after", "rule"]



def register_path(out: str | Path) -> Path:
    """Path of the validated register written by the actor-mapping step."""
    return Path(out) / "actors.csv"


def figure_dir(out: str | Path) -> Path:
    """Folder of the figures, which the report shows."""
    return Path(out) / "figures"


def hub_name(out: str | Path, hub: str) -> str:
    """The hub's name in the validated register ``<out>/actors.csv``."""
    actors = load_register(register_path(out))
    return str(actors.loc[actors["actor_id"] == hub, "name"].iloc[0])


def year_dir(out: str | Path, year: int) -> Path:
    """Folder of one measurement year's outputs."""
    return Path(out) / str(int(year))


def write_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write ``table`` as UTF-8 CSV with ``\\n`` line ends, without the index."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv`, keeping text columns as text."""
    header = pd.read_csv(path, nrows=0).columns
    text = {c: str for c in header if c in _TEXT}
    return pd.read_csv(path, dtype=text, keep_default_na=False, na_values=[""])\
        .fillna({c: "" for c in text})


def read_year_graph(out: str | Path, year: int) -> nx.Graph:
    """Rebuild one year's network from ``<out>/actors.csv`` and ``<out>/<year>/relations.csv``."""
    actors = actors_in_year(load_register(register_path(out)), year)
    relations = read_csv(year_dir(out, year) / "relations.csv")
    return build_graph(actors, relations)


def years_with_results(out: str | Path, years: list[int]) -> list[int]:
    """Those of ``years`` whose network step has written ``<out>/<year>/summary.csv``.

    Raises :class:`InputError` if there is none, saying which notebooks to run first.
    """
    done = [year for year in sorted(years) if (year_dir(out, year) / "summary.csv").is_file()]
    if not done:
        raise InputError(out, "no year has results yet", hint="run 01_actors, then "
                         "02_clean_survey and 03_network for each year, before 04_change, "
                         "05_maps, 06_charts and 07_report.")
    return done


def chosen_years(out: str | Path, years: str, study_years: list[int]) -> list[int]:
    """The years a study-level notebook covers: its ``years`` parameter (years separated by
    spaces) or, when that is empty, those of ``study_years`` with results
    (:func:`years_with_results`)."""
    return [int(y) for y in years.split()] or years_with_results(out, study_years)


def read_years(out: str | Path, years: list[int], name: str) -> pd.DataFrame:
    """The years' ``<out>/<year>/<name>`` tables stacked, with a ``year`` column first."""
    parts = [read_csv(year_dir(out, year) / name).assign(year=int(year))
             for year in sorted(years)]
    table = pd.concat(parts, ignore_index=True)
    return table[["year"] + [c for c in table.columns if c != "year"]]


def actor_names(graphs: dict[int, nx.Graph]) -> dict[str, str]:
    """actor_id -> name over every year's network."""
    return {n: d["name"] for g in graphs.values() for n, d in g.nodes(data=True)}


def collect_summary(out: str | Path, years: list[int]) -> pd.DataFrame:
    """The years' ``summary.csv`` together, sorted by year and network (``04_change``
    writes it as ``<out>/summary.csv``)."""
    parts = [read_csv(year_dir(out, year) / "summary.csv") for year in sorted(years)]
    return pd.concat(parts, ignore_index=True).sort_values(["year", "network"],
                                                           ignore_index=True)
