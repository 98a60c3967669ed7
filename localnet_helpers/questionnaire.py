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

__all__ = ["wide_columns", "listed_actors", "write_template"]

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
    rows = f"2:{len(actors) + 200}"
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
            yes_no.add(f"{letter}{rows.replace(':', ':' + letter)}")
        elif book.pattern("form").match(name):
            forms.add(f"{letter}{rows.replace(':', ':' + letter)}")
    listing = wb.create_sheet("Aktører")
    listing.append(["Aktørtype", "Aktør", "actor_id"])
    for rec in actors.to_dict("records"):
        listing.append([_TYPE_DA[rec["type"]], rec["name"], rec["actor_id"]])
    forms_sheet = wb.create_sheet("Samarbejdsformer")
    forms_sheet.append(["Dybde", "Samarbejdsform", "English"])
    for depth, (da, en, _) in FORMS.items():
        forms_sheet.append([depth, da, en])
    return save_workbook(wb, path)
