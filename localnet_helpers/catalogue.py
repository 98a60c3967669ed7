"""The catalogue: every file a run writes, which step writes it, and how it is read back.

Notebooks pass data to each other only through these files, and ask for them by name::

    actors = catalogue.read(out_dir, "actors")
    catalogue.write(relations, out_dir, "relations", year=2019)
    centrality = catalogue.read_years(out_dir, "centrality", [2017, 2018, 2019])

A :class:`Dataset` names a file: its path in the output folder (``{year}`` for a wave's file,
``*`` where a figure's name holds its waves), its columns and row order for a table. A
:class:`Step` is a notebook with the datasets it reads and writes; the run's plan (order, what
runs side by side, what a failure skips) and its incremental reruns are derived from these
declarations (:mod:`localnet_helpers.run.pipeline`), and ``docs/outputs.md`` is tested against
them. CSV files are UTF-8 with ``\\n`` line ends and rows in their documented order, so that
the same inputs give byte-identical files.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pandas as pd

from .errors import InputError
from .inputs.positions import POSITIONS_FILE
from .inputs.register import actors_in_year, load_register
from .measures.network import build_graph
from .measures.panel import Wave

__all__ = ["Dataset", "Step", "DATASETS", "STEPS", "YEAR_TABLES", "dataset", "step", "writer",
           "path", "glob", "write", "read", "read_years", "write_csv", "read_csv",
           "register_path", "year_dir", "figure_dir", "hub_name", "read_year_graph",
           "years_with_results", "chosen_years", "actor_names", "collect_summary",
           "owner_of", "markdown_table", "update_docs", "panel_waves"]


@dataclass(frozen=True)
class Dataset:
    """A file of the output folder: ``path`` relative to it (``{year}``: the wave; ``*``: any
    text, e.g. the waves in a figure's name), and for a CSV table its ``columns`` (a column
    ending in ``*`` stands for one or more columns with that prefix) and row ``order``."""

    name: str
    path: str
    description: str
    columns: tuple[str, ...] = ()
    order: str = ""

    @property
    def per_year(self) -> bool:
        return "{year}" in self.path

    @property
    def is_table(self) -> bool:
        return self.path.endswith(".csv")


@dataclass(frozen=True)
class Step:
    """A notebook of the run: per wave (``per_year``) or for the whole study; the datasets it
    ``reads`` and ``writes`` (names in :data:`DATASETS`); ``study_files`` it reads from the
    study folder (``{year}``: the wave's survey, any of its file names); ``study_writes`` the
    files it keeps in the study folder (read, completed and written back, e.g. the map's
    ``positions.csv``): not inputs of its fingerprint but files it wrote, so the task runs
    again when one of them is changed or deleted (:mod:`localnet_helpers.run.reuse`)."""

    notebook: str
    per_year: bool
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    study_files: tuple[str, ...] = ("study.toml", "codebook.toml", "actors.csv",
                                    "pseudonyms.csv")
    study_writes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.notebook.removesuffix(".ipynb")


_SUMMARY = ("year", "network", "actors", "relations", "mean_relations", "density", "components",
            "isolates", "degree_centralization", "mean_surfaces", "deep_share")
_ROBUSTNESS = ("year", "tie_rule", "relations", "mean_relations", "hub_partners", "hub_reach")

DATASETS: dict[str, Dataset] = {d.name: d for d in (
    Dataset("actors", "actors.csv", "the validated register",
            ("actor_id", "name", "type", "aliases", "years"), "actor_id"),
    Dataset("surfaces", "{year}/surfaces.csv", "the wave's contact surfaces",
            ("respondent", "partner", "form", "purpose", "target_group", "description", "line"),
            "respondent,partner,line"),
    Dataset("respondents", "{year}/respondents.csv", "the actors that answered",
            ("actor_id", "partners", "surfaces"), "actor_id"),
    Dataset("cleaning_log", "{year}/cleaning_log.csv", "every change the cleaning made",
            ("file", "line", "column", "before", "after", "rule"), "line,column,rule"),
    Dataset("data_basis", "{year}/data_basis.csv", "the wave's data basis",
            ("year", "actors", "questionnaires", "non_respondents", "response_rate", "rows",
             "surfaces", "fixes", "dropped", "agreement_pairs", "agreement_both",
             "agreement_rate"), "one row"),
    Dataset("relations", "{year}/relations.csv", "the wave's relations",
            ("source", "target", "surfaces", "depth", "reports"), "source,target"),
    Dataset("pairs", "{year}/pairs.csv",
            "the wave's relations as pairs of actors, what the maps draw: a corrected form or "
            "purpose changes relations.csv, not this, so the maps are not drawn again",
            ("source", "target"), "source,target"),
    Dataset("year_summary", "{year}/summary.csv", "the wave's rows of summary.csv", _SUMMARY,
            "network"),
    Dataset("centrality", "{year}/centrality.csv", "centrality of every actor present",
            ("actor_id", "name", "type", "relations", "rank", "degree_centrality",
             "betweenness", "eigenvector"), "relations desc, actor_id"),
    Dataset("reach", "{year}/reach.csv", "the hub's reach by type",
            ("type", "actors", "reached", "share"), "professional, volunteer, citizen, all"),
    Dataset("depth", "{year}/depth.csv", "relations and surfaces by depth",
            ("scope", "unit", "depth", "count", "share"), "scope, unit, depth"),
    Dataset("mixing", "{year}/mixing.csv", "relations between actor types",
            ("type_a", "type_b", "relations", "possible", "density"), "type order"),
    Dataset("ei_index", "{year}/ei_index.csv", "the E-I index per type",
            ("group", "internal", "external", "ei_index"), "types, then all"),
    Dataset("bridging", "{year}/bridging.csv", "partners of other types per actor",
            ("actor_id", "name", "type", "partners", "other_type_partners",
             "other_type_share"), "actor_id"),
    Dataset("purposes", "{year}/purposes.csv", "surfaces by purpose",
            ("network", "purpose", "surfaces", "share"), "network, surfaces desc"),
    Dataset("target_groups", "{year}/target_groups.csv", "surfaces by target group",
            ("network", "target_group", "surfaces", "share"), "network, surfaces desc"),
    Dataset("year_robustness", "{year}/robustness.csv", "headline figures under both tie rules",
            _ROBUSTNESS, "union, reciprocated"),
    Dataset("graphml", "{year}/network.graphml",
            "the wave's network for Gephi (GraphML), positions and colours as attributes"),
    Dataset("gexf", "{year}/network.gexf",
            "the wave's network for Gephi (GEXF): the report's map, laid out and coloured"),
    Dataset("summary", "summary.csv", "every wave's summary", _SUMMARY, "year,network"),
    Dataset("change", "change.csv", "change between waves",
            ("from_year", "to_year", "network", "kept", "new", "lost", "jaccard", "entered",
             "left", "deeper", "same_depth", "shallower"),
            "consecutive pairs, then first -> last"),
    Dataset("change_actors", "change_actors.csv", "relations per actor and wave",
            ("actor_id", "name", "type", "relations_*", "change"), "actor_id"),
    Dataset("robustness", "robustness.csv", "every wave's robustness rows", _ROBUSTNESS,
            "year"),
    Dataset("panel_change", "panel_change.csv",
            "change among the actors that answered in both waves (the panel)",
            ("from_year", "to_year", "panel_actors", "relations_before", "relations_after",
             "density_before", "density_after", "kept", "new", "lost"),
            "consecutive pairs, then first -> last"),
    Dataset("change_uncertainty", "change_uncertainty.csv",
            "the panel's change with a 95 % node-bootstrap interval",
            ("from_year", "to_year", "measure", "estimate", "ci_low", "ci_high", "replicates"),
            "pairs as panel_change; density, mean_relations"),
    Dataset("qap", "qap.csv", "QAP correlation of the panel's relations in two waves",
            ("from_year", "to_year", "panel_actors", "correlation", "p_value", "permutations"),
            "pairs as panel_change"),
    Dataset("tables", "tables.xlsx", "every table, one sheet each"),
    Dataset("map_positions", "map_positions.csv",
            "every actor's place on the maps in this run (the study's positions.csv, with the "
            "ids the outputs give the actors)", ("actor_id", "x", "y"), "actor_id"),
    Dataset("map_figures", "figures/map_*", "network maps (PNG, SVG)"),
    Dataset("change_figures", "figures/change_*", "change maps (PNG, SVG)"),
    Dataset("interactive_maps", "figures/interactive_map_*.html", "the interactive map page"),
    Dataset("networks_chart", "figures/networks.*", "relations per wave (PNG, SVG)"),
    Dataset("central_chart", "figures/central_actors.*", "the most central actors (PNG, SVG)"),
    Dataset("depth_chart", "figures/depth.*", "depth of the relations (PNG, SVG)"),
    Dataset("mixing_chart", "figures/mixing_*", "relations between types (PNG, SVG)"),
    Dataset("purposes_chart", "figures/purposes_*", "surfaces by purpose (PNG, SVG)"),
    Dataset("target_groups_chart", "figures/target_groups_*",
            "surfaces by target group (PNG, SVG)"),
    Dataset("year_notebooks", "{year}/executed/0[0-9]_*.ipynb",
            "the wave's executed notebooks"),
    Dataset("notebooks", "executed/0[0-9]_*.ipynb", "the executed study-level notebooks"),
    Dataset("kernels_log", "executed/kernels.log", "the kernels' own messages"),
    Dataset("report", "report.html", "the report"),
)}

#: The per-year tables, in the order ``tables.xlsx`` shows them.
YEAR_TABLES = ("data_basis", "centrality", "reach", "depth", "mixing", "ei_index", "bridging",
               "purposes", "target_groups", "year_robustness", "relations", "cleaning_log")

_SURVEY = "surveys/{year}.*"
_CHARTS = ("networks_chart", "central_chart", "depth_chart", "mixing_chart", "purposes_chart",
           "target_groups_chart")
_YEAR_OUTPUTS = ("relations", "year_summary", "centrality", "reach", "depth", "mixing",
                 "ei_index", "bridging", "purposes", "target_groups", "year_robustness")

#: The notebooks of a run, in the order they are started; each reads only what steps before
#: it write.
STEPS: tuple[Step, ...] = (
    Step("01_actors.ipynb", False, (), ("actors",)),
    Step("02_clean_survey.ipynb", True, ("actors",),
         ("surfaces", "respondents", "cleaning_log", "data_basis"),
         ("study.toml", "codebook.toml", "actors.csv", "pseudonyms.csv", _SURVEY)),
    Step("03_network.ipynb", True, ("actors", "surfaces", "respondents"),
         (*_YEAR_OUTPUTS, "pairs")),
    Step("06_charts.ipynb", False, ("actors", "year_summary", "centrality", "depth", "mixing",
                                    "purposes", "target_groups"), _CHARTS),
    Step("05_maps.ipynb", False, ("actors", "pairs", "respondents"),
         ("map_positions", "map_figures", "change_figures", "interactive_maps"),
         study_writes=(POSITIONS_FILE,)),
    Step("04_change.ipynb", False, ("actors", "relations", "respondents", "year_summary",
                                    "year_robustness"),
         ("summary", "change", "change_actors", "robustness", "panel_change",
          "change_uncertainty", "qap")),
    Step("07_report.ipynb", False,
         ("actors", "summary", "data_basis", "cleaning_log", "centrality", "reach", "ei_index",
          "relations", "respondents", "change", "change_actors", "robustness", "panel_change",
          "change_uncertainty", "qap", "map_figures", "change_figures",
          "interactive_maps", *_CHARTS), ("report",)),
    Step("08_exports.ipynb", False,
         ("actors", "summary", *YEAR_TABLES, "change", "change_actors", "panel_change",
          "change_uncertainty", "qap", "map_positions"), ("tables", "graphml", "gexf")),
)


def dataset(name: str) -> Dataset:
    """The dataset called ``name``; ``KeyError`` with the known names otherwise."""
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"no dataset {name!r} in the catalogue; known: "
                       f"{', '.join(sorted(DATASETS))}") from None


def step(notebook: str) -> Step:
    """The step of ``notebook`` (with or without ``.ipynb``)."""
    name = notebook.removesuffix(".ipynb")
    return next(s for s in STEPS if s.name == name)


def writer(name: str) -> Step:
    """The step that writes the dataset ``name``."""
    return next(s for s in STEPS if name in s.writes)


def path(out: str | Path, name: str, year: int | None = None) -> Path:
    """Where the dataset ``name`` (of wave ``year``, if it is a wave's) is in ``out``."""
    entry = dataset(name)
    if entry.per_year and year is None:
        raise TypeError(f"dataset {name!r} is a wave's: give its year")
    return Path(out) / entry.path.format(year=int(year) if year is not None else "")


def glob(name: str, year: int | str | None = None) -> str:
    """The glob pattern of the files of ``name`` (of wave ``year``; every wave without)."""
    entry = dataset(name)
    return entry.path.replace("{year}", "*" if year is None else str(year))


def owner_of(relative: str, years: list[int] | None = None) -> str | None:
    """The dataset a file of the output folder (a relative POSIX path) belongs to, if any."""
    for entry in DATASETS.values():
        candidates = [str(y) for y in years] if years and entry.per_year else [None]
        if any(fnmatch.fnmatchcase(relative, glob(entry.name, y)) for y in candidates):
            return entry.name
    return None


def _check_columns(entry: Dataset, columns: list[str], where: Path) -> None:
    expected, actual = list(entry.columns), list(columns)
    ok = len(actual) >= len(expected) if any(c.endswith("*") for c in expected) \
        else len(actual) == len(expected)
    position = 0
    for column in expected:
        if column.endswith("*"):
            prefix = column[:-1]
            start = position
            while position < len(actual) and actual[position].startswith(prefix):
                position += 1
            ok = ok and position > start
        else:
            ok = ok and position < len(actual) and actual[position] == column
            position += 1
    if not ok or position != len(actual):
        raise InputError(where, f"the table {entry.name!r} has the columns {actual}; the "
                         f"catalogue declares {expected}",
                         hint="the table was written by another version of the kit or changed "
                              "by hand: run the step that writes it again (localnet run).")


def write(table: pd.DataFrame, out: str | Path, name: str, year: int | None = None) -> Path:
    """Write the table ``name`` (of wave ``year``) after checking its columns against the
    catalogue; CSV as :func:`write_csv`."""
    target = path(out, name, year)
    entry = dataset(name)
    if entry.columns:
        _check_columns(entry, list(table.columns), target)
    return write_csv(table, target)


def read(out: str | Path, name: str, year: int | None = None) -> pd.DataFrame:
    """Read the table ``name`` (of wave ``year``), checking its columns.

    A table not written yet raises :class:`InputError` naming the step that writes it.
    """
    source = path(out, name, year)
    if not source.is_file():
        maker = writer(name)
        which = f" for {year}" if maker.per_year and year is not None else ""
        raise InputError(source, f"the table {name!r} has not been written yet",
                         hint=f"run {maker.name}{which} first: `localnet run` runs every "
                              "step that is not up to date.")
    table = read_csv(source)
    _check_columns(dataset(name), list(table.columns), source)
    return table


def read_years(out: str | Path, name: str, years: list[int]) -> pd.DataFrame:
    """The waves' tables ``name`` stacked, with a ``year`` column first (kept if the table
    has one already)."""
    parts = [read(out, name, year) for year in sorted(years)]
    stacked = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if "year" not in stacked.columns:
        stacked.insert(0, "year", [int(y) for y, p in zip(sorted(years), parts)
                                   for _ in range(len(p))])
    return stacked[["year"] + [c for c in stacked.columns if c != "year"]]


#: Columns read as text (never turned into numbers or NaN) when reading outputs back.
_TEXT = ["actor_id", "name", "type", "source", "target", "respondent", "partner", "network",
         "purpose", "target_group", "description", "scope", "unit", "type_a", "type_b", "group",
         "tie_rule", "file", "column", "before", "after", "rule", "aliases", "years", "measure"]


def write_csv(table: pd.DataFrame, target: str | Path) -> Path:
    """Write ``table`` as UTF-8 CSV with ``\\n`` line ends, without the index."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(target, index=False, lineterminator="\n", encoding="utf-8")
    return target


def read_csv(source: str | Path) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv`, keeping text columns as text."""
    header = pd.read_csv(source, nrows=0).columns
    text = {c: str for c in header if c in _TEXT}
    return pd.read_csv(source, dtype=text, keep_default_na=False, na_values=[""])\
        .fillna({c: "" for c in text})


def register_path(out: str | Path) -> Path:
    """Path of the validated register written by the actor-mapping step."""
    return path(out, "actors")


def year_dir(out: str | Path, year: int) -> Path:
    """Folder of one measurement year's outputs."""
    return Path(out) / str(int(year))


def figure_dir(out: str | Path) -> Path:
    """Folder of the figures, which the report shows."""
    return Path(out) / "figures"


def hub_name(out: str | Path, hub: str) -> str:
    """The hub's name in the validated register."""
    actors = load_register(register_path(out))
    return str(actors.loc[actors["actor_id"] == hub, "name"].iloc[0])


def read_year_graph(out: str | Path, year: int, pairs: bool = False) -> nx.Graph:
    """One wave's network, from the validated register and the wave's relations (with
    ``pairs``, from ``pairs.csv``: the relations without their surfaces, depth and reports)."""
    actors = actors_in_year(load_register(register_path(out)), year)
    return build_graph(actors, read(out, "pairs" if pairs else "relations", year))


def panel_waves(out: str | Path, years: list[int]) -> dict[int, Wave]:
    """Each wave's relations, actors present and respondents, for
    :mod:`localnet_helpers.measures.panel`."""
    actors = load_register(register_path(out))
    return {int(year): Wave(read(out, "relations", year),
                            set(actors_in_year(actors, year)["actor_id"]),
                            set(read(out, "respondents", year)["actor_id"]))
            for year in sorted(years)}


def years_with_results(out: str | Path, years: list[int]) -> list[int]:
    """Those of ``years`` whose network step has written its summary.

    Raises :class:`InputError` if there is none, saying which step to run first.
    """
    done = [year for year in sorted(years) if path(out, "year_summary", year).is_file()]
    if not done:
        raise InputError(out, "no wave has results yet",
                         hint="run 03_network for a wave first: `localnet run` runs every "
                              "step that is not up to date.")
    return done


def chosen_years(out: str | Path, years: list[int] | str, study_years: list[int]) -> list[int]:
    """The waves a study-level notebook covers: its ``years`` parameter (a list, or waves
    separated by spaces) or, when that is empty, those of ``study_years`` with results
    (:func:`years_with_results`)."""
    chosen = years.split() if isinstance(years, str) else years
    return sorted(int(y) for y in chosen) or years_with_results(out, study_years)


def actor_names(graphs: dict[int, nx.Graph]) -> dict[str, str]:
    """actor_id -> name over every year's network."""
    return {n: d["name"] for g in graphs.values() for n, d in g.nodes(data=True)}


def collect_summary(out: str | Path, years: list[int]) -> pd.DataFrame:
    """The waves' summaries together, sorted by year and network (``summary.csv``)."""
    parts = [read(out, "year_summary", year) for year in sorted(years)]
    return pd.concat(parts, ignore_index=True).sort_values(["year", "network"],
                                                           ignore_index=True)


def markdown_table() -> str:
    """The catalogue as the Markdown table of ``docs/outputs.md``."""
    rows = ["| name | file | written by | columns | order | what it is |",
            "|---|---|---|---|---|---|"]
    for entry in DATASETS.values():
        maker = next((s.name for s in STEPS if entry.name in s.writes), "localnet run")
        columns = f"`{','.join(entry.columns)}`" if entry.columns else ""
        path_text = entry.path.replace("*", "\\*").replace("[", "\\[")
        rows.append(f"| `{entry.name}` | {path_text} | `{maker}` | {columns} | {entry.order} "
                    f"| {entry.description} |")
    for maker in STEPS:
        for name in maker.study_writes:
            rows.append(f"| | *study folder*/{name} | `{maker.name}` | "
                        f"`{_STUDY_WRITES[name][0]}` | {_STUDY_WRITES[name][1]} | "
                        f"{_STUDY_WRITES[name][2]} |")
    return "\n".join(rows) + "\n"


#: The files a step keeps in the study folder: (columns, order, what it is).
_STUDY_WRITES = {
    POSITIONS_FILE: ("actor_id,x,y", "actor_id",
                     "every actor's place on the maps, kept with the study: written by the "
                     "first run, new actors added by later runs, never moved"),
}


_BEGIN, _END = "<!-- catalogue: generated by `make docs`, do not edit -->", "<!-- /catalogue -->"


def update_docs(document: str | Path, write: bool = True) -> bool:
    """Put :func:`markdown_table` between the markers of ``document`` (``docs/outputs.md``);
    return whether it was up to date. With ``write`` false only check."""
    document = Path(document)
    text = document.read_text(encoding="utf-8")
    start, end = text.index(_BEGIN) + len(_BEGIN), text.index(_END)
    new = text[:start] + "\n" + markdown_table() + text[end:]
    if write and new != text:
        document.write_text(new, encoding="utf-8")
    return new == text
