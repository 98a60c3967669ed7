"""The actor register ("kortlægning"): every organised local actor, its type and its years.

``actors.csv`` has the columns ``actor_id,name,type,aliases,years``:

- ``actor_id``: a short stable identifier (letters, digits, ``_``, ``-``, ``.``);
- ``name``: the display name;
- ``type``: ``professional``, ``volunteer`` or ``citizen``;
- ``aliases``: other spellings of the name separated by ``|`` (may be empty);
- ``years``: the measurement years in which the actor was in the area, separated by spaces.

Survey answers name actors by actor_id, name or alias; :func:`normalise_name` defines when
two spellings are the same.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from .files import LINE, read_csv_table

__all__ = [
    "ACTOR_TYPES",
    "REGISTER_COLUMNS",
    "normalise_name",
    "load_register",
    "validate_register",
    "actors_in_year",
    "name_index",
    "register_years",
    "write_register",
    "actors_by_type",
]

#: The three actor types, in the order the report lists them.
ACTOR_TYPES = ("professional", "volunteer", "citizen")
REGISTER_COLUMNS = ["actor_id", "name", "type", "aliases", "years"]
_ID = re.compile(r"^[A-Za-z0-9_.-]+$")


_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})


@functools.lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Return the key under which a name is matched.

    Case is folded; æ, ø, å are written ae, oe, aa (and ä, ö, ü ae, oe, ue); other accents
    are dropped (é -> e); punctuation counts as a space; runs of spaces count as one.

    >>> normalise_name("  Røde   KORS "), normalise_name("Roede Kors")
    ('roede kors', 'roede kors')
    >>> normalise_name("Fb. Kom. Kultur & Fritid"), normalise_name("FFB/KAB")
    ('fb kom kultur fritid', 'ffb kab')
    """
    text = str(name).casefold().translate(_DANISH)
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def load_register(path: str | Path) -> pd.DataFrame:
    """Read and validate ``actors.csv``; see :func:`validate_register` for the result."""
    return validate_register(read_csv_table(path, REGISTER_COLUMNS), path)


def validate_register(table: pd.DataFrame, path: str | Path = "actors.csv") -> pd.DataFrame:
    """Check a raw register table and return it clean, sorted by ``actor_id``.

    The result has the columns ``actor_id,name,type,aliases,years`` where ``aliases`` is a
    tuple of strings and ``years`` a tuple of ints. Every problem is reported at once.
    """
    problems: list[Problem] = []
    ids_seen: dict[str, int] = {}
    rows = []
    for rec in table.to_dict("records"):
        line = rec[LINE]
        actor_id, name, kind = rec["actor_id"], rec["name"], rec["type"]
        if not _ID.match(actor_id):
            problems.append(Problem("actor_id must be letters, digits, '_', '-' or '.', "
                                    "without spaces", line, "actor_id", actor_id))
        elif actor_id in ids_seen:
            problems.append(Problem(f"actor_id already used on line {ids_seen[actor_id]}",
                                    line, "actor_id", actor_id))
        ids_seen.setdefault(actor_id, line)
        if not name:
            problems.append(Problem("name is empty", line, "name"))
        if kind not in ACTOR_TYPES:
            problems.append(Problem(f"type must be one of {', '.join(ACTOR_TYPES)}",
                                    line, "type", kind))
        years = rec["years"].split()
        if not years or not all(y.isdigit() and len(y) == 4 for y in years):
            problems.append(Problem("years must be measurement years separated by spaces, "
                                    "e.g. '2017 2018'", line, "years", rec["years"]))
            years = []
        aliases = tuple(a.strip() for a in rec["aliases"].split("|") if a.strip())
        rows.append({"actor_id": actor_id, "name": name, "type": kind, "aliases": aliases,
                     "years": tuple(sorted({int(y) for y in years})), LINE: line})
    if not rows:
        problems.append(Problem("the register lists no actors"))
    register = pd.DataFrame(rows, columns=REGISTER_COLUMNS + [LINE])
    problems += _name_clashes(register)
    if problems:
        raise InputError(path, problems, hint="correct actors.csv; every actor needs a unique "
                         "actor_id, a name, a type and its years, and no spelling may name "
                         "two actors.")
    return register.drop(columns=LINE).sort_values("actor_id", ignore_index=True)


def _name_clashes(register: pd.DataFrame) -> list[Problem]:
    """Problems for spellings (id, name or alias) that would name two different actors."""
    owner: dict[str, tuple[str, int]] = {}
    problems = []
    for rec in register.to_dict("records"):
        spellings = {rec["actor_id"], rec["name"], *rec["aliases"]}
        for spelling in sorted(spellings):
            key = normalise_name(spelling)
            if not key:
                continue
            other = owner.get(key)
            if other and other[0] != rec["actor_id"]:
                problems.append(Problem(f"'{spelling}' also names actor '{other[0]}' "
                                        f"(line {other[1]}); a spelling must name one actor",
                                        rec[LINE], "aliases"))
            owner.setdefault(key, (rec["actor_id"], rec[LINE]))
    return problems


def register_years(register: pd.DataFrame) -> list[int]:
    """Return the sorted measurement years in which at least one actor is present."""
    return sorted({y for years in register["years"] for y in years})


def actors_in_year(register: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the register rows of the actors present in ``year`` (isolated or not)."""
    present = register["years"].map(lambda years: int(year) in years)
    return register[present].reset_index(drop=True)


def name_index(register: pd.DataFrame) -> dict[str, str]:
    """Map every normalised spelling (actor_id, name, aliases) to its actor_id."""
    index: dict[str, str] = {}
    for rec in register.to_dict("records"):
        for spelling in (rec["actor_id"], rec["name"], *rec["aliases"]):
            index.setdefault(normalise_name(spelling), rec["actor_id"])
    return index


def write_register(register: pd.DataFrame, path: str | Path) -> Path:
    """Write a validated register back to CSV in the same schema as ``actors.csv``."""
    out = register.assign(
        aliases=register["aliases"].map("|".join),
        years=register["years"].map(lambda ys: " ".join(str(y) for y in ys)),
    )[REGISTER_COLUMNS]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, lineterminator="\n")
    return path


def actors_by_type(register: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Count the actors present per type (rows, plus ``all``) and year (columns)."""
    counts = {
        year: actors_in_year(register, year)["type"].value_counts()
        .reindex(list(ACTOR_TYPES), fill_value=0)
        for year in years
    }
    table = pd.DataFrame(counts)
    table.loc["all"] = table.sum()
    table.columns = [str(y) for y in table.columns]
    return table.rename_axis("type")
