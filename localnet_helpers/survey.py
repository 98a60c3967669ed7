"""Reading and cleaning one measurement year's survey answers.

The canonical long layout (``surveys/<year>.csv``) has one row per contact surface, with the
columns ``respondent,partner,form,purpose,target_group,description``:

- ``respondent``: the organisation that answered (actor_id, name or alias);
- ``partner``: the organisation it was in contact with; the same respondent-partner pair repeats
  once per contact surface. An empty partner means the respondent answered and reported no
  contacts;
- ``form``: the surface's collaboration form, 1-5 or its name (:mod:`localnet_helpers.forms`);
- ``purpose``, ``target_group``, ``description``: free text, kept as given.

Cleaning (:func:`clean_survey`) turns names into actor_ids and forms into depths. A name that
matches no actor, an actor not present that year, a respondent naming itself or an unknown
form stop the run; every such problem in the file is reported at once.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem, shorten
from .files import LINE, read_csv_table
from .forms import accepted_form_names, parse_form
from .register import actors_in_year, name_index, normalise_name

__all__ = [
    "SURVEY_COLUMNS",
    "SURFACE_COLUMNS",
    "RESPONDENT_COLUMNS",
    "read_survey",
    "clean_survey",
    "respondents_table",
    "data_basis",
]

SURVEY_COLUMNS = ["respondent", "partner", "form", "purpose", "target_group", "description"]
#: Columns of ``<out>/<year>/surfaces.csv``: one row per contact surface, ids and depths.
SURFACE_COLUMNS = ["respondent", "partner", "form", "purpose", "target_group", "description",
                   LINE]
#: Columns of ``<out>/<year>/respondents.csv``.
RESPONDENT_COLUMNS = ["actor_id", "partners", "surfaces"]


def read_survey(path: str | Path) -> pd.DataFrame:
    """Read a survey file in the canonical long layout into strings plus a ``line`` column."""
    return read_csv_table(path, SURVEY_COLUMNS)


def clean_survey(raw: pd.DataFrame, register: pd.DataFrame, year: int,
                 path: str | Path = "survey") -> pd.DataFrame:
    """Return the contact surfaces of a raw long survey with names resolved to actor_ids.

    The result has :data:`SURFACE_COLUMNS`: ``respondent`` and ``partner`` are actor_ids,
    ``form`` the depth 1-5, ``line`` the row's line in the file. Rows with an empty partner
    (answered, no contacts) hold no surface and are left out here; they still count as a
    questionnaire in :func:`respondents_table`. Raises :class:`InputError` listing every
    problem of the file.
    """
    matcher = _Matcher(register, year)
    problems: list[Problem] = []
    rows = []
    for rec in raw.to_dict("records"):
        line = rec[LINE]
        respondent = matcher.match(rec["respondent"], line, "respondent", problems)
        if not rec["partner"]:
            if rec["form"]:
                problems.append(Problem("a form is given but the partner is empty; fill in the "
                                        "partner, or leave form empty for 'no contacts'",
                                        line, "partner"))
            continue
        partner = matcher.match(rec["partner"], line, "partner", problems)
        form = parse_form(rec["form"])
        if form is None:
            problems.append(Problem(f"not one of the five forms ({accepted_form_names()})",
                                    line, "form", rec["form"]))
        if respondent and partner and respondent == partner:
            problems.append(Problem("the respondent names itself as partner; a relation joins "
                                    "two different actors", line, "partner", rec["partner"]))
        rows.append({**rec, "respondent": respondent, "partner": partner, "form": form})
    if problems:
        raise InputError(path, problems, hint="correct the survey file, or add a missing "
                         "spelling to the actor's aliases in actors.csv (separate several with "
                         "'|'), or the year to its years.")
    surfaces = pd.DataFrame(rows, columns=SURFACE_COLUMNS)
    surfaces["form"] = surfaces["form"].astype(int)
    return surfaces.sort_values(["respondent", "partner", LINE], ignore_index=True)


def respondents_table(raw: pd.DataFrame, surfaces: pd.DataFrame,
                      register: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per answering actor: ``actor_id``, distinct ``partners`` and ``surfaces`` named.

    An actor answered if it appears as respondent on any row, including a row with an empty
    partner (no contacts). Call after :func:`clean_survey` succeeded on ``raw``.
    """
    index = name_index(actors_in_year(register, year))
    answered = sorted({index[normalise_name(name)] for name in raw["respondent"]})
    per = surfaces.groupby("respondent").agg(partners=("partner", "nunique"),
                                             surfaces=("partner", "size"))
    table = per.reindex(answered, fill_value=0).rename_axis("actor_id").reset_index()
    return table[RESPONDENT_COLUMNS]


class _Matcher:
    """Resolves names to actor_ids of actors present in one year, recording problems."""

    def __init__(self, register: pd.DataFrame, year: int):
        self.year = int(year)
        self.all_names = name_index(register)
        self.present = set(actors_in_year(register, year)["actor_id"])
        self.years = dict(zip(register["actor_id"], register["years"]))
        self.display = dict(zip(register["actor_id"], register["name"]))
        self.spellings = {
            normalise_name(spelling): spelling
            for rec in register.to_dict("records")
            for spelling in (rec["name"], *rec["aliases"])
        }

    def match(self, name: str, line: int, column: str, problems: list[Problem]) -> str | None:
        if not name:
            problems.append(Problem("empty; name the organisation", line, column))
            return None
        actor_id = self.all_names.get(normalise_name(name))
        if actor_id is None:
            close = difflib.get_close_matches(normalise_name(name), list(self.spellings), n=3)
            hint = (" Closest register names: "
                    + ", ".join(f"'{self.spellings[c]}'" for c in close)
                    if close else "")
            problems.append(Problem(f"matches no actor in the register.{hint}",
                                    line, column, name))
            return None
        if actor_id not in self.present:
            years = " ".join(str(y) for y in self.years[actor_id])
            problems.append(Problem(f"is '{shorten(self.display[actor_id], 40)}' "
                                    f"({actor_id}), which is not present in {self.year} "
                                    f"(its years: {years})", line, column, name))
            return None
        return actor_id


def data_basis(raw: pd.DataFrame, surfaces: pd.DataFrame, respondents: pd.DataFrame,
               actors_present: int, year: int) -> pd.DataFrame:
    """One year's data basis: actors present, questionnaires, response rate, rows, surfaces.

    ``response_rate`` = questionnaires / actors present. ``rows`` counts the file's data rows,
    ``surfaces`` the contact surfaces kept, ``no_contact_rows`` the rows with an empty partner.
    """
    return pd.DataFrame([{
        "year": int(year),
        "actors": int(actors_present),
        "questionnaires": len(respondents),
        "response_rate": len(respondents) / actors_present if actors_present else 0.0,
        "rows": len(raw),
        "surfaces": len(surfaces),
        "no_contact_rows": int((raw["partner"] == "").sum()),
    }])
