"""The study's map positions, ``<study>/positions.csv``: next year's map is last year's map.

``positions.csv`` has the header ``actor_id,x,y`` and one row per actor that has been on a map,
sorted by ``actor_id``, with ``x`` and ``y`` written with :data:`DECIMALS` decimals. The first
run writes it into the study folder; later runs use it and only add rows for actors that have
no position yet (:func:`localnet_helpers.report.maps.study_positions`). It belongs to the
study: keep it with the study's files, edit it to move an actor, delete it to lay the map out
afresh.

>>> text = format_positions({"b": (0.5, -0.25), "a": (0.0, 1.0)})
>>> print(text, end="")
actor_id,x,y
a,0.0000,1.0000
b,0.5000,-0.2500
"""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import InputError, Problem
from ..xlsx import replace_file

__all__ = ["POSITIONS_FILE", "POSITIONS_HEADER", "DECIMALS", "format_positions",
           "parse_positions", "read_positions", "is_kit_positions", "write_positions",
           "describe_positions", "reset_positions"]

#: The file's name in the study folder.
POSITIONS_FILE = "positions.csv"
#: The file's first line, which marks a positions file the kit writes and reads.
POSITIONS_HEADER = "actor_id,x,y"
#: Decimals of ``x`` and ``y``: the file and the maps use the positions rounded to these.
DECIMALS = 4

_HINT = ("positions.csv holds one line 'actor_id,x,y' per actor (numbers with a decimal point); "
         "correct the line, or delete the file to lay the map out afresh (localnet layout "
         "--reset).")


def _number(value: float) -> str:
    rounded = round(float(value), DECIMALS) + 0.0  # no "-0.0000"
    return f"{rounded:.{DECIMALS}f}"


def format_positions(positions: dict[str, tuple[float, float]]) -> str:
    """The text of ``positions.csv`` for ``positions`` (actor_id -> (x, y)): the header, then
    one line per actor sorted by actor_id, ``\\n`` line ends."""
    lines = [POSITIONS_HEADER]
    lines += [f"{actor},{_number(x)},{_number(y)}" for actor, (x, y) in sorted(positions.items())]
    return "\n".join(lines) + "\n"


def parse_positions(text: str, path: str | Path = POSITIONS_FILE,
                    known: set[str] | None = None) -> dict[str, tuple[float, float]]:
    """The positions in the text of a ``positions.csv``, checked.

    Every problem is reported at once as an :class:`InputError` naming ``path`` and the line:
    another header, a line without three values, a coordinate that is not a finite number, an
    actor_id given twice, and (with ``known``, the register's actor ids) an actor_id the
    register does not hold.
    """
    lines = text.splitlines()
    if not lines or lines[0].strip().lstrip("\ufeff") != POSITIONS_HEADER:
        raise InputError(path, Problem(f"the first line must be '{POSITIONS_HEADER}'", 1,
                                       value=lines[0] if lines else ""), hint=_HINT)
    problems: list[Problem] = []
    positions: dict[str, tuple[float, float]] = {}
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(",")]
        if len(parts) != 3:
            problems.append(Problem(f"expected 3 values (actor_id,x,y), found {len(parts)}",
                                    number, value=line))
            continue
        actor, *coordinates = parts
        values = []
        for column, raw in zip(("x", "y"), coordinates):
            try:
                value = float(raw)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                problems.append(Problem("not a number: write it with a decimal point, e.g. "
                                        "0.25", number, column, raw))
            values.append(value)
        if not actor:
            problems.append(Problem("empty actor_id", number, "actor_id"))
        elif actor in first_line:
            problems.append(Problem(f"actor_id given twice (first on line "
                                    f"{first_line[actor]})", number, "actor_id", actor))
        elif known is not None and actor not in known:
            problems.append(Problem("no actor with this actor_id in actors.csv", number,
                                    "actor_id", actor))
        first_line.setdefault(actor, number)
        if all(math.isfinite(v) for v in values):
            positions.setdefault(actor, (values[0], values[1]))
    if problems:
        raise InputError(path, problems, hint=_HINT)
    return positions


def read_positions(path: str | Path, known: set[str] | None = None
                   ) -> dict[str, tuple[float, float]]:
    """The checked positions of the file ``path`` (:func:`parse_positions`); empty if there is
    no such file."""
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "the file is not UTF-8 text", hint=_HINT) from None
    return parse_positions(text, path, known)


def is_kit_positions(path: str | Path) -> bool:
    """True if ``path`` is a file whose first line is the kit's :data:`POSITIONS_HEADER`."""
    path = Path(path)
    if not path.is_file() or path.is_symlink():
        return False
    with open(path, encoding="utf-8", errors="replace") as stream:
        return stream.readline().strip().lstrip("\ufeff") == POSITIONS_HEADER


def write_positions(path: str | Path, positions: dict[str, tuple[float, float]]) -> bool:
    """Write ``positions`` to ``path`` (:func:`format_positions`) unless the file already holds
    exactly that text; return whether it was written. The file is replaced at once (written
    beside it first), so a run stopped while writing leaves the old file whole."""
    path = Path(path)
    data = format_positions(positions).encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    replace_file(path, data)
    return True


def describe_positions(study: str | Path) -> str:
    """One line on the study's ``positions.csv``: where it is and how many actors it places."""
    path = Path(study) / POSITIONS_FILE
    if not path.is_file():
        return (f"{path}: no positions yet; the next run lays the map out and writes them "
                "there")
    count = len(read_positions(path))
    return (f"{path}: {count} actor{'s' if count != 1 else ''} placed; the next run keeps "
            "them where they are and places only new actors")


def reset_positions(study: str | Path) -> str:
    """Remove the study's ``positions.csv`` so that the next run lays the map out afresh;
    return a line saying what was done.

    Only a file the kit writes is removed (its first line is :data:`POSITIONS_HEADER`);
    anything else at that path raises :class:`InputError` and is left alone.
    """
    study = Path(study)
    if not study.is_dir():
        raise InputError(study, "the study folder does not exist",
                         hint="give the study folder with --study")
    path = study / POSITIONS_FILE
    if not path.exists() and not path.is_symlink():
        return f"{path}: no positions to reset; the next run lays the map out afresh"
    if not is_kit_positions(path):
        raise InputError(path, f"not a positions file of the kit (its first line is not "
                               f"'{POSITIONS_HEADER}'), so it was left alone",
                         hint="move or delete the file yourself if it is not needed.")
    path.unlink()
    return f"{path}: removed; the next run lays the map out afresh"
