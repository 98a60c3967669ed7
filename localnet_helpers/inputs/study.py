"""The study folder: ``study.toml``, the actor register and one survey file per year.

A study folder looks like this (the embedded demo is ``data/``)::

    study.toml          title, hub, language, tie_rule, notes, published figures
    actors.csv          the actor register (see :mod:`localnet_helpers.register`)
    codebook.toml       optional: how a survey tool's wide export maps to the kit's fields
                        (see :mod:`localnet_helpers.codebook`)
    surveys/2017.csv    one survey file per measurement year, .csv or .xlsx
                        (see :mod:`localnet_helpers.survey`)

``study.toml`` keys:

- ``title`` (text, required): the report's title;
- ``hub`` (text, required): actor_id of the community centre whose ego network is studied;
- ``area`` (text, optional): the area's name, shown on the title page;
- ``language`` (``"da"`` default, or ``"en"``): the report's language;
- ``tie_rule`` (``"union"`` default, or ``"reciprocated"``): when a reported contact counts as
  a relation (see :mod:`localnet_helpers.network`);
- ``min_response_rate`` (default 0.8): below this share of questionnaires per actor present,
  the run and the report warn;
- ``notes`` (list of texts, optional): caveats printed in the report's notes;
- ``purposes``, ``target_groups`` (lists of texts, optional): the purposes and target groups
  the forms of ``localnet forms`` offer in their drop-down lists (default: the lists of
  :mod:`localnet_helpers.texts`, ``form_workbook``); answers are free text all the same;
- ``pseudonymise`` (``false`` default, or ``true``): every run is pseudonymised, as with
  ``localnet run --pseudonymise`` (:mod:`localnet_helpers.inputs.pseudonyms`);
- ``public`` (list of actor_ids, default none): the actors a pseudonymised run keeps named
  (the centre itself, public institutions);
- ``[published.<network>]`` (optional): figures printed in an earlier report, e.g.
  ``relations = { 2017 = 337 }`` under ``[published.area]``; the report sets them beside the
  figures the kit computes and flags every difference. Each figure is a finite number of at
  least 0.

Every key's type is checked (TOML's ``true`` is not a number here, ``inf`` and ``nan`` are no
figures), and a problem names the key and the type it expects. The file may start with a
UTF-8 byte-order mark (as Windows Notepad saves it).

``surveys/`` holds only the survey files, each named ``<year>.csv`` or ``<year>.xlsx``. Any
other file is refused by name (``2016.xls``, ``2018 (1).csv``, ``notes.txt``), so that no
answers are skipped unnoticed; an Excel lock file ``~$2019.xlsx`` means the workbook is open
in Excel and is refused with "close it in Excel". Hidden files (``.DS_Store``, ``.gitkeep``)
and Windows' ``Thumbs.db`` and ``desktop.ini`` are ignored.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..texts import LANGUAGES
from .codebook import Codebook, is_number, load_codebook, toml_type
from .pseudonyms import Pseudonyms, pseudonyms_for
from .register import load_register, register_years

__all__ = ["Study", "load_study", "read_config", "TIE_RULES", "LANGUAGES", "PUBLISHED_MEASURES"]

TIE_RULES = ("union", "reciprocated")
NETWORKS = ("area", "hub")
PUBLISHED_MEASURES = ("actors", "relations", "mean_relations")
_SURVEY_NAME = re.compile(r"^(\d{4})\.(csv|xlsx)$", re.IGNORECASE)
#: Files in surveys/ that are no survey and are ignored (besides hidden files).
_SYSTEM_FILES = {"thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Study:
    """A validated study folder."""

    root: Path
    title: str
    hub: str
    area: str = ""
    language: str = "da"
    tie_rule: str = "union"
    notes: tuple[str, ...] = ()
    published: dict = field(default_factory=dict)
    surveys: dict[int, Path] = field(default_factory=dict)
    codebook: Codebook | None = None
    min_response_rate: float = 0.8
    #: Whether the run's outputs are pseudonymised, and the actors that keep their names.
    pseudonymise: bool = False
    public: tuple[str, ...] = ()
    #: Set in the study as the outputs see it (:meth:`for_outputs`) of a pseudonymised run.
    pseudonyms: Pseudonyms | None = None

    def for_outputs(self) -> Study:
        """The study as a run's outputs show it: unchanged, or if it is pseudonymised, with
        the hub's id and every actor's spelling in the title, area and notes replaced by the
        pseudonyms of ``<study>/pseudonyms.csv`` (set as :attr:`pseudonyms`).

        Raises :class:`InputError` naming the key if it lacks an actor or is broken.
        """
        if not self.pseudonymise or self.pseudonyms is not None:
            return self
        register = load_register(self.register_path)
        names = pseudonyms_for(self.root, register, self.public, self.language)
        return dataclasses.replace(
            self, hub=names.ids[self.hub], title=names.text(self.title),
            area=names.text(self.area), notes=tuple(names.text(n) for n in self.notes),
            pseudonyms=names)

    @property
    def register_path(self) -> Path:
        return self.root / "actors.csv"

    @property
    def years(self) -> list[int]:
        """The measurement years that have a survey file, ascending."""
        return sorted(self.surveys)

    def published_table(self) -> pd.DataFrame:
        """Published figures as rows ``year,network,measure,published`` (may be empty)."""
        rows = [
            {"year": int(year), "network": network, "measure": measure, "published": value}
            for network, measures in self.published.items()
            for measure, by_year in measures.items()
            for year, value in by_year.items()
        ]
        columns = ["year", "network", "measure", "published"]
        return pd.DataFrame(rows, columns=columns).sort_values(columns[:3], ignore_index=True)


def read_config(root: str | Path) -> tuple[dict, pd.DataFrame]:
    """Read and check ``<root>/study.toml`` and the register ``<root>/actors.csv`` (the hub
    and the ``public`` actors must be among its actors); return both. Raises
    :class:`~localnet_helpers.errors.InputError` naming the file and every problem (a missing
    or unreadable ``study.toml`` before anything else)."""
    config_path = Path(root) / "study.toml"
    if not config_path.is_file():
        raise InputError(config_path, "file not found", hint="create study.toml with at least "
                         "title = \"...\" and hub = \"<actor_id of the community centre>\".")
    try:
        config = tomllib.loads(config_path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(config_path, f"not valid TOML: {exc}") from None
    problems = _check_config(config)
    register = load_register(Path(root) / "actors.csv")
    known_ids = set(register["actor_id"])
    hub = config.get("hub")
    if isinstance(hub, str) and hub not in known_ids:
        problems.append(Problem("hub is not an actor_id in actors.csv", None, "hub", hub))
    public = config.get("public", [])
    if isinstance(public, list):
        problems += [Problem("is not an actor_id in actors.csv; public lists the actor_ids of "
                             "the actors a pseudonymised report keeps named", None, "public",
                             actor_id)
                     for actor_id in public if isinstance(actor_id, str)
                     and actor_id not in known_ids]
    if problems:
        raise InputError(config_path, problems)
    return config, register


def load_study(root: str | Path, pseudonymise: bool = False) -> Study:
    """Read and check ``study.toml``, the register and the list of survey files.

    ``pseudonymise`` (``localnet run --pseudonymise``) makes the study pseudonymised whatever
    ``study.toml`` says; the study's texts and hub stay as written until
    :meth:`Study.for_outputs`.

    Raises :class:`~localnet_helpers.errors.InputError` naming the file and every problem.
    """
    root = Path(root).resolve()
    if not root.is_dir():
        raise InputError(root, "the study folder does not exist",
                         hint="pass --study with a folder holding study.toml, actors.csv and "
                         "surveys/.")
    config, register = read_config(root)
    hub = config["hub"]
    surveys = _find_surveys(root, register)
    codebook = load_codebook(root / "codebook.toml")
    return Study(
        root=root,
        title=config["title"],
        hub=hub,
        area=config.get("area", ""),
        language=config.get("language", "da"),
        tie_rule=config.get("tie_rule", "union"),
        notes=tuple(config.get("notes", ())),
        published=config.get("published", {}),
        surveys=surveys,
        codebook=codebook,
        min_response_rate=config.get("min_response_rate", 0.8),
        pseudonymise=bool(pseudonymise or config.get("pseudonymise", False)),
        public=tuple(sorted(set(config.get("public", [])))),
    )


def _check_config(config: dict) -> list[Problem]:
    problems = []
    for key in ("title", "hub"):
        value = config.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(Problem("required text is missing", None, key))
        elif not isinstance(value, str):
            problems.append(Problem(f"expected a text in quotes, got {toml_type(value)}",
                                    None, key))
    known = {"title", "hub", "area", "language", "tie_rule", "notes", "published",
             "min_response_rate", "purposes", "target_groups", "pseudonymise", "public"}
    for key in sorted(set(config) - known):
        problems.append(Problem(f"unknown key; known keys: {', '.join(sorted(known))}",
                                None, key))
    if not isinstance(config.get("area", ""), str):
        problems.append(Problem(f"expected a text in quotes, got {toml_type(config['area'])}",
                                None, "area"))
    for key, choices, default in (("language", LANGUAGES, "da"),
                                  ("tie_rule", TIE_RULES, "union")):
        value = config.get(key, default)
        if not isinstance(value, str) or value not in choices:
            got = f"; got {toml_type(value)}" if not isinstance(value, str) else ""
            problems.append(Problem(f"must be one of {', '.join(choices)} (a text in "
                                    f"quotes){got}", None, key,
                                    value if isinstance(value, str) else None))
    rate = config.get("min_response_rate", 0.8)
    if not is_number(rate) or not 0 <= rate <= 1:
        got = f"got {rate}" if is_number(rate) else f"got {toml_type(rate)}"
        problems.append(Problem(f"expected a number between 0 and 1 (a share, e.g. 0.8); {got}",
                                None, "min_response_rate"))
    notes = config.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        problems.append(Problem("expected a list of texts, e.g. notes = [\"A caveat.\"]; got "
                                + toml_type(notes), None, "notes"))
    for key in ("purposes", "target_groups"):
        value = config.get(key, ["-"])
        if not isinstance(value, list) or not value or not all(
                isinstance(v, str) and v.strip() for v in value):
            problems.append(Problem("expected a list of one or more texts, e.g. "
                                    f"{key} = [\"Sundhed\", \"Uddannelse\"]; got "
                                    + toml_type(value), None, key))
    if not isinstance(config.get("pseudonymise", False), bool):
        problems.append(Problem("expected true or false (without quotes); got "
                                + toml_type(config["pseudonymise"]), None, "pseudonymise"))
    public = config.get("public", [])
    if not isinstance(public, list) or not all(isinstance(p, str) for p in public):
        got = toml_type(public) if not isinstance(public, list) else "a list with " + \
            toml_type(next(p for p in public if not isinstance(p, str)))
        problems.append(Problem("expected a list of actor_ids in quotes, e.g. public = "
                                f"[\"medborgercentret\"]; got {got}", None, "public"))
    problems += _check_published(config.get("published", {}))
    return problems


def _check_published(published: object) -> list[Problem]:
    if not isinstance(published, dict):
        return [Problem(f"expected a table, got {toml_type(published)}", None, "published")]
    problems = []
    for network, measures in published.items():
        if network not in NETWORKS or not isinstance(measures, dict):
            problems.append(Problem("must be [published.area] or [published.hub]", None,
                                    f"published.{network}"))
            continue
        for measure, by_year in measures.items():
            if measure not in PUBLISHED_MEASURES or not isinstance(by_year, dict):
                problems.append(Problem(f"known measures: {', '.join(PUBLISHED_MEASURES)}, "
                                        "each a table of year = value", None,
                                        f"published.{network}.{measure}"))
                continue
            for year, value in by_year.items():
                if not re.fullmatch(r"\d{4}", str(year)):
                    problems.append(Problem("expected year = number, e.g. { 2017 = 337 }",
                                            None, f"published.{network}.{measure}", f"{year}"))
                elif not is_number(value) or value < 0:
                    got = value if is_number(value) else toml_type(value)
                    problems.append(Problem(
                        f"expected a finite number of at least 0 for {year}, got {got}", None,
                        f"published.{network}.{measure}"))
    return problems


def _find_surveys(root: Path, register: pd.DataFrame) -> dict[int, Path]:
    folder = root / "surveys"
    if not folder.is_dir():
        raise InputError(folder, "folder not found", hint="put one file per measurement year "
                         "in surveys/, named by the year, e.g. surveys/2019.csv.")
    surveys: dict[int, Path] = {}
    problems = []
    for path in sorted(folder.iterdir()):
        match = _SURVEY_NAME.match(path.name)
        if match and path.is_file():
            year = int(match.group(1))
            if year in surveys:
                problems.append(Problem(f"two survey files for {year}: {surveys[year].name} and "
                                        f"{path.name}; keep one"))
            surveys[year] = path
        else:
            problems += _not_a_survey(path)
    if problems:
        raise InputError(folder, problems, hint="surveys/ holds one file per measurement "
                         "year, named by the year: 2019.csv or 2019.xlsx; move every other file "
                         "out of it.")
    if not surveys:
        raise InputError(folder, "no survey file named <year>.csv or <year>.xlsx",
                         hint="name each survey file by its measurement year, e.g. 2019.csv.")
    known = set(register_years(register))
    missing = [year for year in surveys if year not in known]
    if missing:
        raise InputError(root / "actors.csv", [
            Problem(f"no actor is present in {year}, but surveys/{year}.csv exists", None,
                    "years") for year in missing
        ], hint="add the year to the 'years' of every actor present that year.")
    return surveys


def _not_a_survey(path: Path) -> list[Problem]:
    """The problem of a file in surveys/ not named ``<year>.csv`` or ``<year>.xlsx``."""
    name = path.name
    if name.startswith("~$"):
        return [Problem(f"'{name}' is Excel's lock file: {name[2:]} is open in Excel; close "
                        "it in Excel (this removes the lock file) and run again")]
    if name.startswith(".") or name.casefold() in _SYSTEM_FILES:
        return []
    if path.is_dir():
        return [Problem(f"'{name}' is a folder; surveys/ holds only the survey files")]
    stem, _, suffix = name.rpartition(".")
    if suffix.casefold() in ("xls", "xlsm", "xlsb", "ods", "numbers"):
        return [Problem(f"'{name}': .{suffix} files are not read; open it in Excel and save it "
                        "as 'Excel Workbook (.xlsx)', or export the answers as CSV")]
    return [Problem(f"'{name}' is not named <year>.csv or <year>.xlsx; rename it to the "
                    "measurement year (e.g. 2019.csv) if it is a survey, or move it out of "
                    "surveys/")]
