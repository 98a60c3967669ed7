"""The wide questionnaire layout: its columns, and the data-collection sheet for a wave.

``localnet template --year Y`` writes ``questionnaire_<Y>.xlsx``: one row per questionnaire in
the study's wide layout (its ``codebook.toml``, or :data:`~localnet_helpers.codebook.
DEFAULT_CODEBOOK`), listing the actors present that year grouped by type, with drop-down lists
for yes/no and the five forms, and a second sheet listing the actors as respondents pick
them. Once filled in and saved as ``surveys/<Y>.xlsx``, the kit reads it back.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .codebook import DEFAULT_CODEBOOK, LOOP_FIELDS, Codebook
from .forms import FORMS
from .register import ACTOR_TYPES, actors_in_year

__all__ = ["wide_columns", "listed_actors", "write_template", "make_template", "new_year"]

_TYPE_DA = {"professional": "Professionelle aktører", "volunteer": "Frivillig-organisationer",
            "citizen": "Borgerdrevne foreninger"}


def wide_columns(book: Codebook, partners: list[str], max_surfaces: int) -> list[str]:
    """The wide header: respondent, then per partner contact, surfaces and the surface loop."""
    columns = [book.columns["respondent"]]
    for partner in partners:
        columns += [book.header("contact", partner), book.header("surfaces", partner)]
        for n in range(1, max_surfaces + 1):
            columns += [book.header(name, partner, n) for name in LOOP_FIELDS]
    return columns


def listed_actors(register: pd.DataFrame, year: int) -> pd.DataFrame:
    """The actors present in ``year`` in the order a questionnaire lists them: by type, then
    name."""
    present = actors_in_year(register, year)
    order = {t: i for i, t in enumerate(ACTOR_TYPES)}
    return present.assign(_t=present["type"].map(order)).sort_values(["_t", "name"])\
        .drop(columns="_t").reset_index(drop=True)


def write_template(register: pd.DataFrame, year: int, path: str | Path,
                   book: Codebook | None = None) -> Path:
    """Write the data-collection workbook for ``year`` and return its path."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from .xlsx import save_workbook

    book = book or DEFAULT_CODEBOOK
    actors = listed_actors(register, year)
    columns = wide_columns(book, list(actors["name"]), book.max_surfaces)
    wb = Workbook()
    sheet = wb.active
    sheet.title = book.sheet or "Besvarelser"
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    last = len(actors) + 200
    yes_no = DataValidation(type="list", formula1='"' + ",".join(
        [book.yes[0], next(v for v in book.no if v) if any(book.no) else "Nej"]) + '"',
        allow_blank=True)
    forms = DataValidation(type="list", allow_blank=True,
                           formula1='"' + ",".join(da for da, _, _ in FORMS.values()) + '"')
    for validation in (yes_no, forms):
        sheet.add_data_validation(validation)
    for index, name in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        if book.pattern("contact").match(name):
            yes_no.add(f"{letter}2:{letter}{last}")
        elif book.pattern("form").match(name):
            forms.add(f"{letter}2:{letter}{last}")
    listing = wb.create_sheet("Aktører")
    listing.append(["Aktørtype", "Aktør", "actor_id"])
    for rec in actors.to_dict("records"):
        listing.append([_TYPE_DA[rec["type"]], rec["name"], rec["actor_id"]])
    forms_sheet = wb.create_sheet("Samarbejdsformer")
    forms_sheet.append(["Dybde", "Samarbejdsform", "English"])
    for depth, (da, en, _) in FORMS.items():
        forms_sheet.append([depth, da, en])
    return save_workbook(wb, path)


def make_template(study_dir: str | Path, year: int, target: str | Path | None = None) -> list[str]:
    """Write the questionnaire for ``year`` of a study; return what to tell the user.

    Uses the study's ``codebook.toml``; a study without one gets the default codebook written
    next to its register, so that the filled-in workbook reads back. Never overwrites a file.
    """
    from .codebook import codebook_text, load_codebook
    from .errors import InputError
    from .register import load_register

    study_dir = Path(study_dir)
    register = load_register(study_dir / "actors.csv")
    if actors_in_year(register, year).empty:
        raise InputError(study_dir / "actors.csv", f"no actor is present in {year}",
                         hint=f"add {year} to the 'years' of every actor in the area that year.")
    target = Path(target) if target else study_dir / f"questionnaire_{year}.xlsx"
    if target.exists():
        raise InputError(target, "the file exists already and may hold answers",
                         hint="move it away, or pass --out with another file name.")
    messages = []
    book = load_codebook(study_dir / "codebook.toml")
    if book is None:
        book = DEFAULT_CODEBOOK
        (study_dir / "codebook.toml").write_text(codebook_text(book), encoding="utf-8")
        messages.append(f"wrote {study_dir / 'codebook.toml'} (the questionnaire's layout)")
    write_template(register, year, target, book)
    present = len(actors_in_year(register, year))
    messages += [f"wrote {target}: {present} actors present in {year}",
                 f"next: one row per organisation; save the filled-in workbook as "
                 f"{study_dir / 'surveys' / f'{year}.xlsx'} and run 'localnet run'"]
    return messages


def new_year(study_dir: str | Path, year: int) -> list[str]:
    """Prepare a study for a new wave; return what to tell the user.

    Adds ``year`` to the ``years`` of every actor present in the latest wave (``actors.csv``
    is rewritten in the kit's own layout), writes the questionnaire for ``year`` (see
    :func:`make_template`) and says what to do next.
    """
    from .errors import InputError
    from .register import load_register, register_years, write_register

    study_dir = Path(study_dir)
    path = study_dir / "actors.csv"
    register = load_register(path)
    latest = register_years(register)[-1]
    if year <= latest:
        raise InputError(path, f"{year} is not after the latest wave, {latest}",
                         hint="give the year of the new wave, e.g. "
                              f"'localnet new-year {latest + 1}'.")
    present = register["years"].map(lambda years: latest in years)
    register.loc[present, "years"] = register.loc[present, "years"].map(
        lambda years: tuple(sorted({*years, year})))
    write_register(register, path)
    messages = [f"added {year} to the years of the {int(present.sum())} actors present in "
                f"{latest} ({path}); edit it for actors that have arrived or left"]
    messages += make_template(study_dir, year)
    return messages
