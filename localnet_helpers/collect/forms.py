"""One questionnaire workbook per organisation of a wave (``localnet forms``).

``localnet forms --year Y --study DIR [--out DIR]`` writes, for every actor present in wave
``Y``, one workbook into ``DIR`` (default ``<study>/forms_<Y>/``), named after the actor
(:func:`form_file_names`), in the study's language (:mod:`localnet_helpers.texts`,
``form_workbook``):

- a guide sheet: the organisation's name, the wave, the period asked about ("the last two
  months"), how to answer, and the five forms of collaboration with their one-line
  definitions (``forms`` and ``forms_defs``: Bilag 1 of CFBU's report);
- a contacts sheet: one row per other actor of the wave, ordered by type then name, with
  contact yes/no and :data:`MAX_SURFACES` contact surfaces (description, form, purpose,
  target group). Contact and form are drop-down lists that accept nothing else; purpose and
  target group are drop-down lists of suggestions that accept other text too (the kit reads
  them as free text): the study's ``purposes`` and ``target_groups`` (``study.toml``), else
  the lists of the texts, shown on the guide sheet too;
- a sheet for more surfaces: :data:`MORE_ROWS` open rows, each a partner chosen from the list
  of the wave's actors and one surface;
- a very hidden sheet, :data:`ID_SHEET`, with the form's identifier: the study (its title
  and hub), the wave, the organisation's actor_id, the language, the layout (which actor is
  on which row, the headers) as JSON text (in pieces of :data:`ID_CHUNK` characters, one per
  row) and a checksum of all of it (:func:`form_checksum`). A returned
  file is recognised by it whatever it has been renamed to.

Every sheet is protected without a password: only the answer cells are open, and the
workbook's structure (its sheets) is locked. Names are written as text, never as formulas;
the same inputs give the same bytes (:func:`localnet_helpers.xlsx.workbook_bytes`). The
command checks everything before it writes anything and never writes over an existing file.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from copy import copy
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..inputs.register import load_register
from ..inputs.study import read_config
from ..texts import load as load_texts
from .questionnaire import _check_four_digits, _command, _write_files, listed_actors

__all__ = ["MAX_SURFACES", "MORE_ROWS", "MAX_NAME", "ID_SHEET", "ID_CHUNK", "FORM_KIND", "FormId",
           "StudySettings", "study_settings", "safe_file_name", "form_file_names", "form_checksum",
           "contacts_header", "form_workbook", "make_forms"]

#: Contact surfaces per partner on the contacts sheet.
MAX_SURFACES = 6
#: Open rows on the sheet for more contact surfaces.
MORE_ROWS = 100
#: The longest file name (without ``.xlsx``) a form gets.
MAX_NAME = 80
#: The name of the very hidden sheet holding a form's identifier.
ID_SHEET = "localnet"
#: The first cell of the identifier sheet: what the workbook is and the layout's version.
FORM_KIND = "localnet form 1"
#: The longest piece of the identifier's text in one cell (a cell holds 32,767 characters);
#: a longer identifier continues in the cells below.
ID_CHUNK = 30_000
#: File names Windows refuses, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')


@dataclass(frozen=True)
class StudySettings:
    """What the forms need of ``study.toml``: title, hub, language, minimum response rate,
    and the purposes and target groups the drop-down lists offer (empty: the texts' lists)."""

    root: Path
    title: str
    hub: str
    language: str = "da"
    min_response_rate: float = 0.8
    purposes: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()


def study_settings(study_dir: str | Path) -> StudySettings:
    """Read and check ``study.toml`` as ``localnet run`` does, without needing survey files
    (forms are written before the first wave's answers exist)."""
    root = Path(study_dir)
    config, _ = read_config(root)
    return StudySettings(root, config["title"], config["hub"], config.get("language", "da"),
                         float(config.get("min_response_rate", 0.8)),
                         tuple(v.strip() for v in config.get("purposes", ())),
                         tuple(v.strip() for v in config.get("target_groups", ())))


@dataclass(frozen=True)
class FormId:
    """A form's identifier: whose form it is, for which study and wave, and its layout.

    ``rows`` are ``(row, actor_id, name)`` of the contacts sheet; ``header`` its first row.
    """

    title: str
    hub: str
    year: int
    actor_id: str
    name: str
    language: str
    rows: tuple[tuple[int, str, str], ...]
    header: tuple[str, ...]

    def fields(self) -> dict:
        """The identifier as plain data (what the checksum covers)."""
        return {"kind": FORM_KIND, "title": self.title, "hub": self.hub, "year": self.year,
                "actor_id": self.actor_id, "name": self.name, "language": self.language,
                "rows": [list(r) for r in self.rows], "header": list(self.header)}


def form_checksum(fields: dict) -> str:
    """The first 16 hex digits of the SHA-256 of ``fields`` as sorted, compact JSON.

    >>> form_checksum({"year": 2020})
    'b14df2add388359d'
    """
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def safe_file_name(name: str) -> str:
    """``name`` made a file name every common file system takes: characters Windows refuses
    (``<>:"/\\|?*`` and control characters) become ``-``, runs of whitespace one space, no
    dot or space at either end, at most :data:`MAX_NAME` characters, a reserved Windows name
    (``CON``, ``NUL``, ``COM1`` ...) gets a ``_`` in front. Letters such as æ, ø, å stay.

    >>> safe_file_name("Frederiksberg Kommune: Børn & Unge"), safe_file_name(" ../con ")
    ('Frederiksberg Kommune- Børn & Unge', '-con')
    """
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip(" .")[:MAX_NAME].strip(" .")
    if text.split(".")[0].casefold() in _RESERVED:
        text = f"_{text}"
    return text or "_"


def form_file_names(actors: pd.DataFrame) -> dict[str, str]:
    """``actor_id -> file name`` of each actor's form: :func:`safe_file_name` of its name and
    ``.xlsx``; names that would collide (ignoring case) get `` (<actor_id>)`` added."""
    base = {a: safe_file_name(n) for a, n in zip(actors["actor_id"], actors["name"])}
    counts = pd.Series([b.casefold() for b in base.values()]).value_counts()
    names = {}
    for actor, stem in base.items():
        if counts[stem.casefold()] > 1:
            stem = f"{stem[:MAX_NAME - len(actor) - 3]} ({actor})"
        names[actor] = f"{stem}.xlsx"
    return names


def contacts_header(language: str, surfaces: int = MAX_SURFACES) -> list[str]:
    """The first row of the contacts sheet: actor type, actor, contact, and per surface its
    description, form, purpose and target group."""
    w = load_texts(language)["form_workbook"]
    header = [w["actor_type"], w["actor"], w["contact"]]
    for n in range(1, surfaces + 1):
        header += [w[key].format(n=n) for key in ("description", "form_n", "purpose",
                                                  "target_group")]
    return header


def _list(values: list[str]) -> str:
    """A drop-down list's formula: the values in quotes, separated by commas."""
    formula = '"' + ",".join(values) + '"'
    if len(formula) > 257 or any("," in v or '"' in v for v in values):
        raise ValueError(f"a drop-down list of {len(values)} values is too long or holds a "
                         "comma or quote")
    return formula


def form_workbook(settings: StudySettings, actors: pd.DataFrame, actor_id: str, year: int):
    """The form of ``actor_id`` for wave ``year`` (an openpyxl ``Workbook``); ``actors`` are
    the actors present in ``year`` in the order the form lists them."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..xlsx import text_cell

    t = load_texts(settings.language)
    w = t["form_workbook"]
    own = actors[actors["actor_id"] == actor_id].iloc[0]
    partners = actors[actors["actor_id"] != actor_id].reset_index(drop=True)
    open_cell = Protection(locked=False)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    answer_fill = PatternFill("solid", fgColor="FFF8E1")

    answer_style = []  # the style of an answer cell, made once, then copied to every other

    def answer(sheet, row, column):
        """An empty cell to answer in: unlocked, shaded."""
        cell = sheet.cell(row=row, column=column)
        if answer_style:
            cell._style = copy(answer_style[0])  # as openpyxl copies styles itself
        else:
            cell.protection, cell.fill = open_cell, answer_fill
            answer_style.append(cell._style)

    def put(sheet, row, column, value, **style):
        cell = sheet.cell(row=row, column=column)
        shown = text_cell(sheet, value)
        if shown is value:
            cell.value = value
        else:  # formula-like text: a text cell, never a formula
            cell.value, cell.data_type, cell.quotePrefix = value, "s", True
        for key, val in style.items():
            setattr(cell, key, val)
        return cell

    wb = Workbook()
    guide = wb.active
    guide.title = w["guide_sheet"]
    put(guide, 1, 1, w["title"].format(year=year), font=Font(bold=True, size=14))
    for row, (label, value) in enumerate(((w["organisation"], own["name"]),
                                          (w["wave"], year),
                                          (w["period_label"], w["period"])), start=3):
        put(guide, row, 1, label, font=bold)
        put(guide, row, 2, value)
    row = 7
    for paragraph in w["guide"]:
        put(guide, row, 1, paragraph.format(max=MAX_SURFACES, more_sheet=w["more_sheet"]),
            alignment=wrap)
        guide.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        guide.row_dimensions[row].height = 48
        row += 1
    row += 1
    put(guide, row, 1, w["forms_heading"], font=bold)
    row += 1
    for column, label in enumerate((w["depth"], w["form"], w["definition"]), start=1):
        put(guide, row, column, label, font=bold)
    for depth, (name, definition) in enumerate(zip(t["forms"], t["forms_defs"]), start=1):
        row += 1
        put(guide, row, 1, depth)
        put(guide, row, 2, name)
        put(guide, row, 3, definition, alignment=wrap)
        guide.row_dimensions[row].height = 32
    ranges = {}
    for key, heading in (("purposes", "purposes_heading"), ("target_groups", "targets_heading")):
        values = list(getattr(settings, key)) or w[key]
        row += 2
        put(guide, row, 1, w[heading], font=bold)
        for offset, value in enumerate(values, start=1):
            put(guide, row + offset, 2, value)
        ranges[key] = f"'{guide.title}'!$B${row + 1}:$B${row + len(values)}"
        row += len(values)
    for letter, width in (("A", 22), ("B", 44), ("C", 90)):
        guide.column_dimensions[letter].width = width

    contacts = wb.create_sheet(w["contacts_sheet"])
    header = contacts_header(settings.language)
    for column, label in enumerate(header, start=1):
        put(contacts, 1, column, label, font=bold, alignment=wrap)
    contacts.row_dimensions[1].height = 45
    rows = []
    for index, rec in enumerate(partners.to_dict("records")):
        row = index + 2
        rows.append((row, rec["actor_id"], rec["name"]))
        put(contacts, row, 1, t["types"][rec["type"]])
        put(contacts, row, 2, rec["name"])
        for column in range(3, len(header) + 1):
            answer(contacts, row, column)
    last = max(len(partners) + 1, 2)
    contacts.freeze_panes = "C2"
    contacts.column_dimensions["A"].width = 24
    contacts.column_dimensions["B"].width = 40
    for column in range(3, len(header) + 1):
        contacts.column_dimensions[get_column_letter(column)].width = \
            14 if column == 3 or (column - 4) % 4 else 30

    yes, no = t["codebook"]["yes"][0], next(v for v in t["codebook"]["no"] if v)

    def validation(values, strict=True):
        check = DataValidation(type="list", formula1=values, allow_blank=True,
                               showErrorMessage=True, errorTitle=w["choose_title"],
                               error=w["choose"] if strict else w["suggest"])
        if not strict:
            check.errorStyle = "information"
        return check

    yes_no = validation(_list([yes, no]))
    forms = validation(_list(t["forms"]))
    purposes = validation(ranges["purposes"], strict=False)
    targets = validation(ranges["target_groups"], strict=False)
    for check in (yes_no, forms, purposes, targets):
        contacts.add_data_validation(check)
    yes_no.add(f"C2:C{last}")
    for n in range(MAX_SURFACES):
        base = 4 + 4 * n
        for offset, check in ((1, forms), (2, purposes), (3, targets)):
            letter = get_column_letter(base + offset)
            check.add(f"{letter}2:{letter}{last}")

    more = wb.create_sheet(w["more_sheet"])
    more_header = [w["actor"], w["more_description"], w["form"], w["more_purpose"],
                   w["more_target_group"]]
    for column, label in enumerate(more_header, start=1):
        put(more, 1, column, label, font=bold)
    for row in range(2, MORE_ROWS + 2):
        for column in range(1, len(more_header) + 1):
            answer(more, row, column)
    more.freeze_panes = "A2"
    for letter, width in zip("ABCDE", (40, 40, 24, 28, 28)):
        more.column_dimensions[letter].width = width
    partner_list = DataValidation(
        type="list", formula1=f"'{w['contacts_sheet']}'!$B$2:$B${last}", allow_blank=True,
        showErrorMessage=True, errorTitle=w["choose_title"], error=w["choose"])
    more_forms = validation(_list(t["forms"]))
    more_purposes = validation(ranges["purposes"], strict=False)
    more_targets = validation(ranges["target_groups"], strict=False)
    end = MORE_ROWS + 1
    for check, letter in ((partner_list, "A"), (more_forms, "C"), (more_purposes, "D"),
                          (more_targets, "E")):
        more.add_data_validation(check)
        check.add(f"{letter}2:{letter}{end}")

    form_id = FormId(settings.title, settings.hub, int(year), actor_id, own["name"],
                     settings.language, tuple(rows), tuple(header))
    hidden = wb.create_sheet(ID_SHEET)
    fields = form_id.fields()
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False)
    chunks = [text[i:i + ID_CHUNK] for i in range(0, len(text), ID_CHUNK)]
    for row, (key, value) in enumerate(
            [("kind", FORM_KIND), ("checksum", form_checksum(fields))]
            + [("fields", chunk) for chunk in chunks], start=1):
        put(hidden, row, 1, key)
        put(hidden, row, 2, value)
    hidden.sheet_state = "veryHidden"
    for sheet in (guide, contacts, more, hidden):
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    return wb


def make_forms(study_dir: str | Path, year: int, out: str | Path | None = None) -> list[str]:
    """Write one form per actor present in wave ``year`` into ``out`` (default
    ``<study>/forms_<year>``); return what to tell the user.

    Refuses, before writing anything: a year no actor is present in, a bad register or
    ``study.toml``, an ``out`` that is a file, and any form file that exists already.
    """
    from ..xlsx import workbook_bytes

    study_dir = Path(study_dir)
    register = load_register(study_dir / "actors.csv")
    _check_four_digits(year, "give the wave's year", _command(study_dir, "forms", "--year",
                                                               2020))
    settings = study_settings(study_dir)
    actors = listed_actors(register, year)
    if actors.empty:
        raise InputError(study_dir / "actors.csv", f"no actor is present in {year}",
                         hint=f"add {year} to the 'years' of every actor in the area that year "
                              f"(or prepare the wave with {_command(study_dir, 'new-year', year)}"
                              ").")
    out = Path(out) if out else study_dir / f"forms_{year}"
    if out.exists() and not out.is_dir():
        raise InputError(out, "is a file, not a folder", hint="pass --out with a folder.")
    surveys = (study_dir / "surveys").resolve()
    if out.resolve() == surveys or surveys in out.resolve().parents:
        raise InputError(out, "is the study's surveys/ folder, which holds only survey files",
                         hint=f"pass --out with another folder, e.g. {study_dir / f'forms_{year}'}"
                              ".")
    names = form_file_names(actors)
    existing = [Problem(f"'{name}' exists already") for name in sorted(names.values())
                if (out / name).exists()]
    if existing:
        raise InputError(out, existing, hint="the forms are never written over a file: move "
                         "the folder's files away (returned forms belong in another folder), "
                         "or pass --out with a new folder.")
    files = [(out / names[actor], workbook_bytes(form_workbook(settings, actors, actor, year)))
             for actor in actors["actor_id"]]
    _write_files(files)
    return [f"wrote {len(files)} forms for {year} into {out} (one per actor present)",
            "next: e-mail each organisation its form; save the returned files in one folder "
            "(any file names), then run:",
            f"  {_command(study_dir, 'collect', '--year', year, 'RETURNED_FOLDER')}"]
