"""Errors the kit raises for bad input, with the file, line, column and value they concern.

Every refusal of user input is an :class:`InputError`. It carries one or more
:class:`Problem` records so that all the problems of a file are reported together, and the
command line prints them without a Python traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["LocalnetError", "InputError", "Problem", "shorten"]


def shorten(value: object, width: int = 60, mark: str = "…") -> str:
    """The text of ``value`` cut to ``width`` characters, ending in ``mark`` if it was cut.

    The one cutting rule of the kit: messages quote values with it, tables.xlsx cuts what an
    Excel cell cannot hold, and the figures' one-line labels
    (:func:`localnet_helpers.report.figures.short_label`) use it.

    >>> shorten("Frederiksberg Kommune", 12), shorten("Akelius", 12), shorten("abcdef", 4, "")
    ('Frederiksbe…', 'Akelius', 'abcd')
    """
    text = str(value)
    return text if len(text) <= width else text[: width - len(mark)] + mark


@dataclass(frozen=True)
class Problem:
    """One problem in an input file.

    ``line`` is the line as a spreadsheet shows it: 1-based, the header is line 1. ``cell``
    names the spreadsheet cell (``Ark1!C7``) when the file is an Excel workbook.
    """

    message: str
    line: int | None = None
    column: str | None = None
    value: object | None = None
    cell: str | None = None

    def format(self) -> str:
        where = [f"cell {self.cell}"] if self.cell else []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        head = ", ".join(where)
        value = "" if self.value is None else f" value '{shorten(self.value)}':"
        return f"{head}:{value} {self.message}" if head else f"{value} {self.message}".strip()


class LocalnetError(Exception):
    """Base class of every error the kit reports to its user without a traceback.

    ``exit_status`` is the command line's exit status for it: 2 for bad input.
    """

    exit_status = 2


class InputError(LocalnetError):
    """Bad input: names the file and lists every problem found in it."""

    def __init__(self, path: str | Path, problems: list[Problem] | Problem | str,
                 hint: str = ""):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.path = Path(path)
        self.problems = list(problems)
        self.hint = hint
        super().__init__(self.format())

    def format(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{self.path}: {count} {noun}"]
        lines += [f"  - {p.format()}" for p in self.problems]
        if self.hint:
            lines.append(f"  How to fix: {self.hint}")
        return "\n".join(lines)
