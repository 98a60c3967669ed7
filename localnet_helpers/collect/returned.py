"""Returned forms merged into a wave's survey file, and who has returned one (``localnet
collect``).

``localnet collect --year Y FOLDER --study DIR [--replace] [--status FILE]`` reads every
workbook in ``FOLDER`` (any file names: each form is recognised by its hidden identifier,
:mod:`localnet_helpers.collect.forms`) and checks all of them before it writes anything:

- a file that is no ``.xlsx`` workbook, or a workbook without a valid identifier (not written
  by ``localnet forms``, or its identifier changed), is refused by name;
- a form of another study (title and hub) or another wave is refused, naming whose and which
  it is; so is a form of an actor the register no longer marks present in ``Y``;
- a form whose structure was changed (rows or columns deleted, added or moved; a header or
  an actor's name edited; answers typed outside the answer cells) is refused, naming the cell;
- every answer is checked: contact Yes/No (an empty cell counts as No), a surface filled in
  for a contact marked No, a contact marked Yes without a surface, a surface without a form,
  a form not among the five, a partner on the sheet of more surfaces that is not on the list,
  a formula instead of text;
- two forms of one organisation are refused, naming both files; a form exactly as ``localnet
  forms`` wrote it (never saved by anyone: not filled in) is refused;
- the merged answers are then checked like any survey file (:func:`~localnet_helpers.inputs.
  survey.clean_survey`).

Every problem of every file is listed at once, with the file and the cell, exit status 2, and
nothing is written. When every form is clean, ``collect`` writes ``surveys/<Y>.xlsx`` in the
long layout (:mod:`localnet_helpers.inputs.survey`: one row per contact surface, respondent and
partner as actor_id, the form's name; a form answered with no contacts is one row with an
empty partner), never over an existing survey file without ``--replace`` (and never next to a
``surveys/<Y>.csv``), and ``status.csv`` (default ``<study>/forms_<Y>/status.csv``, columns
``form_status.columns`` of :mod:`localnet_helpers.texts`): one row per actor present in ``Y``
(by type, then name) saying whether it has returned a form, the file, its number of contacts
and of contact surfaces, and a last line with the response rate (forms returned / actors
present) against the study's ``min_response_rate``. ``status.csv`` is only written over a
status list ``collect`` wrote. Run it again as late forms arrive: it merges the whole folder
again.
"""

from __future__ import annotations

import io
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, LocalnetError, Problem, shorten
from ..inputs.codebook import Codebook
from ..inputs.forms import accepted_form_names, parse_form
from ..inputs.register import load_register, normalise_name
from ..texts import load as load_texts
from .forms import (
    FORM_KIND,
    ID_SHEET,
    MAX_SURFACES,
    FormId,
    StudySettings,
    form_checksum,
    form_workbook,
    study_settings,
)
from .questionnaire import _check_four_digits, _command, listed_actors

__all__ = ["ReturnedForm", "Collected", "FormsError", "read_form", "collect_forms",
           "survey_workbook", "status_table", "make_collect"]

_FIELDS = ("description", "form", "purpose", "target_group")
_REFORM = ("copy the answers into a fresh form (localnet forms writes them again into a new "
           "folder) or ask the organisation to fill in its form again")


@dataclass
class ReturnedForm:
    """A returned, checked form: whose it is and its surfaces as long survey rows
    (``respondent, partner, form, purpose, target_group, description`` with ids and depths)
    and, per row, the cell it came from."""

    path: Path
    form_id: FormId
    rows: list[dict] = field(default_factory=list)
    contacts: int = 0


@dataclass
class Collected:
    """A wave's returned forms merged: the long survey table, the status list, the forms."""

    survey: pd.DataFrame
    status: pd.DataFrame
    forms: list[ReturnedForm]
    returned: int
    actors: int
    settings: StudySettings


class FormsError(LocalnetError):
    """Problems in returned forms: every file's :class:`InputError` together (exit status 2)."""

    def __init__(self, folder: Path, errors: list[InputError], forms: int):
        self.folder, self.errors = folder, errors
        count = sum(len(e.problems) for e in errors)
        lines = [f"{folder}: {count} problem{'s' if count != 1 else ''} in {len(errors)} of "
                 f"{forms} file{'s' if forms != 1 else ''}; nothing was written"]
        lines += [e.format() for e in errors]
        super().__init__("\n".join(lines))


def _text(cell) -> tuple[str, bool]:
    """A cell's answer as text, and whether it is a formula."""
    value = cell.value
    if value is None:
        return "", False
    if cell.data_type == "f":
        return str(value), True
    if isinstance(value, bool):
        return ("1" if value else "0"), False
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip(), False


def _identifier(path: Path, book) -> FormId:
    """The form's identifier, checked against its checksum."""
    if ID_SHEET not in book.sheetnames:
        raise InputError(path, "not a form written by 'localnet forms': it has no hidden "
                         "identifier", hint="put only the returned forms in the folder; if the "
                         "organisation copied its answers into a new workbook, ask it to fill "
                         "in the form it was sent.")
    sheet = book[ID_SHEET]
    kind, checksum = (sheet.cell(row=r, column=2).value for r in (1, 2))
    pieces = [sheet.cell(row=r, column=2).value for r in range(3, sheet.max_row + 1)
              if sheet.cell(row=r, column=1).value == "fields"]
    text = "".join(pieces) if all(isinstance(p, str) for p in pieces) else None
    try:
        fields = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        fields = None
    if kind != FORM_KIND or not isinstance(fields, dict) or checksum != form_checksum(fields):
        raise InputError(path, f"the form's hidden identifier (sheet '{ID_SHEET}') is broken "
                         "or was changed", hint=_REFORM + ".")
    return FormId(fields["title"], fields["hub"], int(fields["year"]), fields["actor_id"],
                  fields["name"], fields["language"],
                  tuple((int(r), a, n) for r, a, n in fields["rows"]),
                  tuple(fields["header"]))


def _refuse_other(path: Path, form_id: FormId, settings: StudySettings, year: int) -> None:
    """Refuse a form of another study or wave, naming whose and which it is."""
    whose = f"this is the form of '{form_id.name}' ({form_id.actor_id})"
    if (form_id.title, form_id.hub) != (settings.title, settings.hub):
        raise InputError(path, f"{whose} for the study '{shorten(form_id.title, 80)}' (hub "
                         f"{form_id.hub}), not for '{shorten(settings.title, 80)}' (hub "
                         f"{settings.hub})", hint="move it to that study's returned forms. "
                         "(A form belongs to the study whose title and hub it was written "
                         "for; if you changed the title in study.toml since, change it back "
                         "while you collect.)")
    if form_id.year != year:
        raise InputError(path, f"{whose} for {form_id.year}, not for {year}",
                         hint=f"move it to the returned forms of {form_id.year}.")


class _Reader:
    """Reads one returned form's answers, collecting its problems."""

    def __init__(self, path: Path, form_id: FormId, book):
        self.path, self.id, self.book = path, form_id, book
        self.w = load_texts(form_id.language)["form_workbook"]
        self.problems: list[Problem] = []
        self.contact = Codebook(columns={}).contact_value
        words = load_texts(form_id.language)["codebook"]
        self.yes, self.no = words["yes"][0], next(v for v in words["no"] if v)

    def problem(self, message, sheet, ref, column=None, value=None, row=None):
        self.problems.append(Problem(message, row, column, value or None, f"{sheet}!{ref}"))

    def sheet(self, name: str):
        if name not in self.book.sheetnames:
            self.problems.append(Problem(f"the sheet '{name}' is missing (sheets: "
                                         f"{', '.join(self.book.sheetnames)}); " + _REFORM))
            return None
        return self.book[name]

    def value(self, sheet, row: int, column: int, header: str) -> str:
        cell = sheet.cell(row=row, column=column)
        text, formula = _text(cell)
        if formula:
            self.problem("a formula, not an answer; type the answer as text", sheet.title,
                         cell.coordinate, header, text, row)
            return ""
        return text

    def structure(self, sheet, header: list[str], names: dict[int, str], last: int) -> bool:
        """Check the header, the actors' names and that nothing is outside the answer
        cells; False if the structure was changed."""
        problems = len(self.problems)
        for column, expected in enumerate(header, start=1):
            cell = sheet.cell(row=1, column=column)
            if _text(cell)[0] != expected:
                self.problem(f"the header should be '{shorten(expected, 50)}': columns were "
                             f"deleted, added or moved; {_REFORM}", sheet.title,
                             cell.coordinate, None, _text(cell)[0], 1)
        for row, name in names.items():
            cell = sheet.cell(row=row, column=2)
            if _text(cell)[0] != name:
                self.problem(f"should be the actor '{shorten(name, 50)}': rows were deleted, "
                             f"added or moved, or the name was changed; {_REFORM}",
                             sheet.title, cell.coordinate, None, _text(cell)[0], row)
                break
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row):
            for cell in row:
                if cell.value not in (None, "") and (cell.row > last or
                                                     cell.column > len(header)):
                    self.problem("an answer outside the form's answer cells would be lost; "
                                 "move it into the answer cells", sheet.title,
                                 cell.coordinate, None, _text(cell)[0], cell.row)
        return len(self.problems) == problems

    def surface(self, sheet, row, columns, headers, partner) -> dict | None:
        """One surface's values, or None if empty; a missing or unknown form is a problem."""
        values = {name: self.value(sheet, row, col, head)
                  for name, col, head in zip(_FIELDS, columns, headers)}
        if not any(values.values()):
            return None
        form_col, form_head = columns[1], headers[1]
        ref = sheet.cell(row=row, column=form_col).coordinate
        depth = parse_form(values["form"]) if values["form"] else None
        if not values["form"]:
            self.problem("the contact surface has no form of collaboration; choose one from "
                         "the list", sheet.title, ref, form_head, None, row)
        elif depth is None:
            self.problem(f"not one of the five forms of collaboration ({accepted_form_names()})"
                         "; choose one from the list", sheet.title, ref, form_head,
                         values["form"], row)
        return {"respondent": self.id.actor_id, "partner": partner, "form": depth,
                "purpose": values["purpose"], "target_group": values["target_group"],
                "description": values["description"],
                "cell": f"{self.path.name}: {sheet.title}!{ref}"}

    def read(self) -> ReturnedForm:
        form = ReturnedForm(self.path, self.id)
        contacts = self.sheet(self.w["contacts_sheet"])
        more = self.sheet(self.w["more_sheet"])
        if contacts is None or more is None:
            return form
        names = {row: name for row, _, name in self.id.rows}
        last = max(names, default=1)
        if not self.structure(contacts, list(self.id.header), names, last):
            return form
        more_header = [self.w["actor"], self.w["more_description"], self.w["form"],
                       self.w["more_purpose"], self.w["more_target_group"]]
        more_rows = more.max_row
        if not self.structure(more, more_header, {}, more_rows):
            return form
        said: dict[str, bool | None] = {}
        rows_of: dict[str, list[dict]] = defaultdict(list)
        contact_cell: dict[str, tuple[str, int]] = {}
        header = self.id.header
        for row, actor, name in self.id.rows:
            ref = f"C{row}"
            text = self.value(contacts, row, 3, header[2])
            answer = self.contact(text)
            contact_cell[actor] = (ref, row)
            if answer is None:
                self.problem(f"not {self.yes} or {self.no}; choose from the list", contacts.title,
                             ref, header[2], text, row)
            said[actor] = answer
            for n in range(MAX_SURFACES):
                columns = [4 + 4 * n + k for k in range(4)]
                surface = self.surface(contacts, row, columns, [header[c - 1] for c in columns],
                                       actor)
                if surface is None:
                    continue
                if answer is False:
                    self.problem(f"contact surface {n + 1} is filled in, but the contact with "
                                 f"'{shorten(name, 40)}' is {text or 'empty'}; choose "
                                 f"{self.yes}, or clear the surface", contacts.title, ref,
                                 header[2], text, row)
                rows_of[actor].append(surface)
        by_name = {normalise_name(name): actor for _, actor, name in self.id.rows}
        for row in range(2, more_rows + 1):
            partner = self.value(more, row, 1, more_header[0])
            surface = self.surface(more, row, [2, 3, 4, 5], more_header[1:], None)
            if not partner and surface is None:
                continue
            actor = by_name.get(normalise_name(partner)) if partner else None
            if actor is None:
                self.problem("not an actor of the list; choose the partner from the list"
                             if partner else "which actor? choose the partner from the list",
                             more.title, f"A{row}", more_header[0], partner, row)
                continue
            if surface is None:
                self.problem("the partner is chosen but the contact surface is empty; fill it "
                             "in or clear the partner", more.title, f"A{row}", more_header[0],
                             partner, row)
                continue
            if said.get(actor) is False:
                ref, line = contact_cell[actor]
                self.problem(f"a contact surface with '{shorten(partner, 40)}' is on the sheet "
                             f"'{more.title}' (row {row}), but the contact is not marked "
                             f"{self.yes}; choose {self.yes}", contacts.title, ref, header[2],
                             None, line)
            rows_of[actor].append({**surface, "partner": actor})
        for _, actor, name in self.id.rows:
            if said[actor] and not rows_of[actor]:
                ref, line = contact_cell[actor]
                self.problem(f"contact with '{shorten(name, 40)}' is marked {self.yes} but no "
                             f"contact surface is filled in; fill in at least one, or choose "
                             f"{self.no}",
                             contacts.title, ref, header[2], None, line)
            form.rows += rows_of[actor]
        form.contacts = sum(1 for actor in said if said[actor] and rows_of[actor])
        return form


def read_form(path: str | Path, settings: StudySettings, year: int,
              present: set[str]) -> ReturnedForm:
    """Read and check one returned form for wave ``year`` of the study; ``present`` are the
    actor_ids the register marks present in ``year``. Raises :class:`InputError` listing
    every problem of the file."""
    form, error = _read_form(Path(path), settings, year, present)
    if error:
        raise error
    return form


def _read_form(path: Path, settings: StudySettings, year: int,
               present: set[str]) -> tuple[ReturnedForm | None, InputError | None]:
    """The form (once identified, also when it has problems) and its problems, if any."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from ..inputs.files import _refuse_zip_bomb

    try:
        _refuse_zip_bomb(path)
        try:
            book = load_workbook(path)
        except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError,
                TypeError) as exc:
            raise InputError(path, f"not a readable .xlsx workbook ({shorten(exc, 80)})",
                             hint="ask the organisation to save its form as 'Excel Workbook "
                                  "(.xlsx)' and send it again.") from None
        try:
            form_id = _identifier(path, book)
            _refuse_other(path, form_id, settings, year)
        except InputError:
            book.close()
            raise
    except InputError as exc:
        return None, exc
    reader = _Reader(path, form_id, book)
    try:
        gone = [(a, n) for a, n in ((form_id.actor_id, form_id.name),
                                    *((a, n) for _, a, n in form_id.rows)) if a not in present]
        if gone:
            return ReturnedForm(path, form_id), InputError(path, [Problem(
                f"the form lists '{shorten(name, 40)}' ({actor}), which actors.csv does not "
                f"mark present in {year}") for actor, name in gone],
                hint=f"add {year} to the actor's years in actors.csv if it was in the area (it "
                     "was when the forms were written), or write the forms again.")
        form = reader.read()
    finally:
        book.close()
    if reader.problems:
        return form, InputError(path, reader.problems, hint="correct the cells named (in a "
                                "copy of the returned file, or ask the organisation), then run "
                                "collect again.")
    return form, None


def _files(folder: Path, status: Path | None = None) -> tuple[list[Path], list[InputError]]:
    """The workbooks of ``folder``, and a problem for every other file (hidden files, the
    status list ``status`` and Windows' Thumbs.db and desktop.ini are ignored)."""
    if not folder.is_dir():
        raise InputError(folder, "the folder of returned forms does not exist",
                         hint="save the returned forms in one folder and name it.")
    books, errors = [], []
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(".") or name.casefold() in ("thumbs.db", "desktop.ini") or (
                status is not None and path.resolve() == status.resolve()):
            continue
        if name.startswith("~$"):
            errors.append(InputError(path, f"Excel's lock file: {name[2:]} is open in Excel",
                                     hint="close it in Excel (this removes the lock file)."))
        elif path.is_dir():
            errors.append(InputError(path, "a folder; the returned forms must lie in the "
                                     "folder itself", hint="move its forms up, or move it out."))
        elif path.suffix.casefold() == ".xlsx":
            books.append(path)
        elif path.suffix.casefold() in (".xls", ".xlsm", ".xlsb", ".ods", ".numbers"):
            errors.append(InputError(path, f"{path.suffix} files are not read", hint="open it "
                                     "and save it as 'Excel Workbook (.xlsx)'."))
        else:
            errors.append(InputError(path, "not a returned form (.xlsx)",
                                     hint="move it out of the folder of returned forms."))
    return books, errors


def collect_forms(folder: str | Path, study_dir: str | Path, year: int,
                  status: str | Path | None = None) -> Collected:
    """Read, check and merge every returned form in ``folder`` for wave ``year`` (a file
    ``status``, the status list, is left out).

    Raises :class:`FormsError` with every problem of every file (see the module).
    """
    from ..inputs.survey import SURVEY_COLUMNS, SurveyAnswers, clean_survey
    from ..xlsx import workbook_bytes

    folder, study_dir = Path(folder), Path(study_dir)
    register = load_register(study_dir / "actors.csv")
    settings = study_settings(study_dir)
    actors = listed_actors(register, year)
    if actors.empty:
        raise InputError(study_dir / "actors.csv", f"no actor is present in {year}",
                         hint=f"add {year} to the 'years' of every actor in the area that year.")
    present = set(actors["actor_id"])
    books, errors = _files(folder, Path(status) if status else None)
    forms: list[ReturnedForm] = []
    identified: list[ReturnedForm] = []
    blank: dict[str, bytes] = {}
    for path in books:
        form, error = _read_form(path, settings, year, present)
        if form is not None:
            identified.append(form)
        if error is not None:
            errors.append(error)
            continue
        actor = form.form_id.actor_id
        if not form.rows and actor not in blank:  # only an answer without contacts can be blank
            blank[actor] = workbook_bytes(form_workbook(settings, actors, actor, year))
        if not form.rows and path.read_bytes() == blank[actor]:
            errors.append(InputError(path, f"the form of '{form.form_id.name}' exactly as "
                                     "localnet forms wrote it: never filled in and saved",
                                     hint="put only returned forms in the folder (an "
                                          "organisation without contacts chooses No (Nej) for "
                                          "every actor and saves its form)."))
            continue
        forms.append(form)
    by_actor: dict[str, list[ReturnedForm]] = defaultdict(list)
    for form in identified:
        by_actor[form.form_id.actor_id].append(form)
    for actor, twice in sorted(by_actor.items()):
        if len(twice) > 1:
            names = ", ".join(f.path.name for f in twice)
            errors.append(InputError(twice[1].path, f"a second form of '{twice[0].form_id.name}'"
                                     f" ({actor}): {names}", hint="keep the right one in the "
                                     "folder and move the others out."))
    if not books and not errors:
        raise InputError(folder, "no returned form (.xlsx) in the folder",
                         hint="save the returned forms there first.")
    if errors:
        raise FormsError(folder, sorted(errors, key=lambda e: str(e.path)),
                         len(books) + sum(1 for e in errors if e.path.suffix != ".xlsx"))
    order = {actor: i for i, actor in enumerate(actors["actor_id"])}
    forms.sort(key=lambda f: order[f.form_id.actor_id])
    rows, origins = [], []
    for form in forms:
        if not form.rows:
            rows.append({"respondent": form.form_id.actor_id, "partner": "", "form": "",
                         "purpose": "", "target_group": "", "description": ""})
            origins.append(form.path.name)
        rows += [{k: r[k] for k in SURVEY_COLUMNS} for r in form.rows]
        origins += [r["cell"] for r in form.rows]
    survey = pd.DataFrame(rows, columns=SURVEY_COLUMNS)
    names = load_texts(settings.language)["forms"]
    survey["form"] = [names[int(d) - 1] if d != "" else "" for d in survey["form"]]
    # the merged answers checked like any survey file (the checks above should leave nothing
    # to find; a problem is reported with the file and cell of the form it came from)
    checked = survey.assign(line=range(2, len(survey) + 2), respondent_column="respondent",
                            partner_column="partner", form_column="form")
    target = study_dir / "surveys" / f"{year}.xlsx"
    try:
        clean_survey(SurveyAnswers(target, "long", checked, len(checked)), register, year)
    except InputError as exc:
        raise InputError(folder, [Problem(p.message, None, p.column, p.value,
                                          origins[p.line - 2] if p.line else None)
                                  for p in exc.problems], hint=exc.hint) from None
    table = status_table(actors, forms, settings.language)
    return Collected(survey, table, forms, len(forms), len(actors), settings)


def survey_workbook(survey: pd.DataFrame, sheet: str):
    """The merged answers as a long-layout workbook (an openpyxl ``Workbook``) whose only
    sheet is named ``sheet``; every text is written as text."""
    from openpyxl import Workbook

    from ..xlsx import append_row

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    append_row(ws, list(survey.columns))
    for values in survey.itertuples(index=False):
        append_row(ws, list(values))
    return wb


def status_table(actors: pd.DataFrame, forms: list[ReturnedForm],
                 language: str = "da") -> pd.DataFrame:
    """Who has returned a form: one row per actor present (in ``actors``' order) with
    ``returned`` (yes/no in ``language``), the ``file``, the number of ``contacts`` (partners
    marked yes) and of contact ``surfaces``; columns named by ``form_status.columns``."""
    s = load_texts(language)["form_status"]
    types = load_texts(language)["types"]
    by_actor = {f.form_id.actor_id: f for f in forms}
    rows = []
    for rec in actors.to_dict("records"):
        form = by_actor.get(rec["actor_id"])
        rows.append([rec["actor_id"], rec["name"], types[rec["type"]],
                     s["yes"] if form else s["no"], form.path.name if form else "",
                     form.contacts if form else "", len(form.rows) if form else ""])
    return pd.DataFrame(rows, columns=s["columns"])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _percent(share: float, language: str) -> str:
    numbers = load_texts(language)["numbers"]
    return numbers["percent"].format(n=f"{100 * share:.1f}".replace(".", numbers["decimal"]))


def _status_bytes(collected: Collected, settings: StudySettings) -> bytes:
    s = load_texts(settings.language)["form_status"]
    rate = collected.returned / collected.actors
    total = s["total"].format(returned=collected.returned, actors=collected.actors,
                              rate=_percent(rate, settings.language),
                              minimum=_percent(settings.min_response_rate, settings.language))
    table = pd.concat([collected.status, pd.DataFrame(
        [["", total] + [""] * (len(s["columns"]) - 2)], columns=s["columns"])],
        ignore_index=True)
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def make_collect(study_dir: str | Path, year: int, folder: str | Path, replace: bool = False,
                 status: str | Path | None = None) -> list[str]:
    """Merge the returned forms of wave ``year`` into ``surveys/<year>.xlsx`` and write the
    status list; return what to tell the user (see the module for every rule)."""
    from ..inputs.codebook import load_codebook
    from ..xlsx import stage_file, workbook_bytes

    study_dir = Path(study_dir)
    _check_four_digits(year, "give the wave's year",
                       _command(study_dir, "collect", "--year", 2020, "RETURNED_FOLDER"))
    status_path = Path(status) if status else study_dir / f"forms_{year}" / "status.csv"
    target = study_dir / "surveys" / f"{year}.xlsx"
    csv_file = target.with_suffix(".csv")
    if csv_file.exists():
        raise InputError(csv_file, f"the survey file of {year} exists already as CSV",
                         hint="collect writes surveys/<year>.xlsx; move the CSV file out of "
                              "surveys/ first (the kit never deletes a file it did not write).")
    if target.exists() and not replace:
        raise InputError(target, "the survey file exists already and may hold answers",
                         hint="pass --replace to write the collected forms over it, or move "
                              "it out of surveys/.")
    if status_path.exists():
        first = status_path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
        header = {",".join(load_texts(lang)["form_status"]["columns"])
                  for lang in ("da", "en")}
        if status_path.is_dir() or first not in header:
            raise InputError(status_path, "exists and is no status list collect wrote",
                             hint="move it away, or pass --status with another file name.")
    collected = collect_forms(folder, study_dir, year, status_path)
    settings = collected.settings
    book = load_codebook(study_dir / "codebook.toml")
    sheet = (book.sheet if book and book.sheet else
             load_texts(settings.language)["questionnaire"]["answers_sheet"])
    files = [(status_path, _status_bytes(collected, settings)),
             (target, workbook_bytes(survey_workbook(collected.survey, sheet)))]
    staged = []
    try:
        for path, data in files:
            staged.append((stage_file(path, data), path))
        for temp, path in staged:
            os.replace(temp, path)
    except OSError as exc:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise InputError(path, f"cannot write the file: {exc.strerror or exc}",
                         hint="check that the folder is writable and the file is not open in "
                              "another program (e.g. Excel), then run the command again."
                         ) from None
    rate = collected.returned / collected.actors
    missing = collected.status[collected.status.iloc[:, 3] ==
                               load_texts(settings.language)["form_status"]["no"]]
    below = rate < settings.min_response_rate
    surfaces = sum(len(f.rows) for f in collected.forms)
    lines = [f"wrote {target}: {_count(collected.returned, 'returned form')}, "
             f"{_count(surfaces, 'contact surface')}",
             f"returned: {collected.returned} of {collected.actors} actors present in {year} "
             f"({100 * rate:.1f} %); the study's min_response_rate is "
             f"{100 * settings.min_response_rate:.0f} %" + (" - BELOW it" if below else ""),
             f"not returned: {len(missing)}" + (" (all forms are in)" if missing.empty else "")]
    lines += [f"  {name}" for name in missing.iloc[:, 1]]
    lines += [f"wrote {status_path} (who has returned a form and who has not)",
              f"next: {_command(study_dir, 'run')} (run collect again as late forms arrive)"]
    return lines
