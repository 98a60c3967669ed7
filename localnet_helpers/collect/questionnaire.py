"""The wide questionnaire layout: its columns, and the data-collection sheet for a wave.

``localnet template --year Y`` writes ``questionnaire_<Y>.xlsx``: one row per questionnaire in
the study's wide layout (its ``codebook.toml``, or :data:`~localnet_helpers.codebook.
DEFAULT_CODEBOOK`), listing the actors present that year grouped by type, with drop-down lists
for yes/no and the five forms, and a second sheet listing the actors as respondents pick
them. Sheets, headers, type and form names, and a new codebook's columns are in the study's
language (``study.toml``'s ``language``; :mod:`localnet_helpers.texts`). Once filled in and
saved as ``surveys/<Y>.xlsx``, the kit reads it back. Actor names are written as text, never
as formulas.

``localnet new-year Y`` adds ``Y`` to the ``years`` of ``actors.csv`` and writes the
questionnaire. Both commands check everything before they write anything, never overwrite a
file they did not write, and write each file through a temporary file, so that a refused or
interrupted command leaves the study as it was. The commands they suggest name the study
folder, so that they work as printed.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import shlex
from pathlib import Path

import pandas as pd

from ..errors import InputError, LocalnetError, Problem
from ..inputs.codebook import DEFAULT_CODEBOOK, LOOP_FIELDS, Codebook, default_codebook
from ..inputs.register import ACTOR_TYPES, actors_in_year
from ..texts import LANGUAGES
from ..texts import load as load_texts

__all__ = ["EXCEL_MAX_COLUMNS", "MAX_SURFACES_LIMIT", "wide_columns", "listed_actors",
           "check_layout", "study_language", "write_template", "make_template", "new_year",
           "add_year_to_csv"]

#: The most columns an Excel worksheet has (A to XFD).
EXCEL_MAX_COLUMNS = 16_384
#: The most contact surfaces per contact a questionnaire asks about.
MAX_SURFACES_LIMIT = 50

_FILES = list[tuple[Path, bytes]]


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


def _width(partners: int, max_surfaces: int) -> int:
    return 1 + partners * (2 + len(LOOP_FIELDS) * max_surfaces)


def check_layout(book: Codebook, partners: int,
                 source: str | Path = "codebook.toml") -> int:
    """Refuse a questionnaire Excel cannot hold; return its number of columns.

    ``max_surfaces`` must be 1 to :data:`MAX_SURFACES_LIMIT`, and the respondent column plus,
    per listed partner, contact, number of surfaces and the surface loop must fit in
    :data:`EXCEL_MAX_COLUMNS` columns. ``source`` is the codebook the messages name.

    >>> check_layout(DEFAULT_CODEBOOK, 5)
    131
    """
    surfaces = book.max_surfaces
    if not isinstance(surfaces, int) or not 1 <= surfaces <= MAX_SURFACES_LIMIT:
        raise InputError(source, Problem(
            f"must be between 1 and {MAX_SURFACES_LIMIT}: the surfaces per contact the "
            "questionnaire asks about", None, "max_surfaces", surfaces),
            hint="set max_surfaces in codebook.toml to the most contact surfaces one "
                 "organisation may report with one partner, e.g. max_surfaces = 6.")
    width = _width(partners, surfaces)
    if width <= EXCEL_MAX_COLUMNS:
        return width
    fitting = ((EXCEL_MAX_COLUMNS - 1) // max(partners, 1) - 2) // len(LOOP_FIELDS)
    need = (f"the questionnaire would need {width:,} columns ({partners} actors with "
            f"max_surfaces = {surfaces}); an Excel worksheet has at most "
            f"{EXCEL_MAX_COLUMNS:,}")
    if fitting >= 1:
        hint = (f"set max_surfaces = {fitting} (or less) in codebook.toml: "
                f"{_width(partners, fitting):,} columns.")
    else:
        hint = ("too many actors for one worksheet even with max_surfaces = 1 "
                f"({_width(partners, 1):,} columns): collect the answers in the long layout "
                "(one row per contact surface) instead; see the README.")
    raise InputError(source, Problem(need, None, "max_surfaces", surfaces), hint=hint)


def study_language(study_dir: str | Path) -> str:
    """The ``language`` of the study's ``study.toml``; ``da`` if the file or the key is
    missing or not a language of :mod:`localnet_helpers.texts` (``localnet run`` reports
    those)."""
    import tomllib

    try:
        config = tomllib.loads((Path(study_dir) / "study.toml").read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "da"
    language = config.get("language", "da")
    return language if isinstance(language, str) and language in LANGUAGES else "da"


def _template_workbook(register: pd.DataFrame, year: int, book: Codebook,
                       language: str = "da"):
    """The data-collection workbook for ``year`` (an openpyxl ``Workbook``), its sheets and
    headers in ``language``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..xlsx import append_row

    t = load_texts(language)
    q = t["questionnaire"]
    actors = listed_actors(register, year)
    columns = wide_columns(book, list(actors["name"]), book.max_surfaces)
    wb = Workbook()
    sheet = wb.active
    sheet.title = book.sheet or q["answers_sheet"]
    append_row(sheet, columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    last = len(actors) + 200
    no = next((v for v in book.no if v), None) or next(v for v in t["codebook"]["no"] if v)
    yes_no = DataValidation(type="list", formula1='"' + ",".join([book.yes[0], no]) + '"',
                            allow_blank=True)
    forms = DataValidation(type="list", allow_blank=True,
                           formula1='"' + ",".join(t["forms"]) + '"')
    for validation in (yes_no, forms):
        sheet.add_data_validation(validation)
    for index, name in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        if book.pattern("contact").match(name):
            yes_no.add(f"{letter}2:{letter}{last}")
        elif book.pattern("form").match(name):
            forms.add(f"{letter}2:{letter}{last}")
    listing = wb.create_sheet(q["actors_sheet"])
    append_row(listing, [q["actor_type"], q["actor"], q["actor_id"]])
    for rec in actors.to_dict("records"):
        append_row(listing, [t["types"][rec["type"]], rec["name"], rec["actor_id"]])
    forms_sheet = wb.create_sheet(q["forms_sheet"])
    append_row(forms_sheet, [q["depth"], q["form"], q["aside"]])
    for depth, (name, aside) in enumerate(zip(t["forms"], t["forms_aside"]), start=1):
        append_row(forms_sheet, [depth, name, aside])
    return wb


def write_template(register: pd.DataFrame, year: int, path: str | Path,
                   book: Codebook | None = None, language: str = "da") -> Path:
    """Write the data-collection workbook for ``year`` in ``language`` and return its path.

    Refuses (see :func:`check_layout`) a layout Excel cannot hold before writing.
    """
    from ..xlsx import save_workbook

    book = book or (DEFAULT_CODEBOOK if language == "da" else default_codebook(language))
    check_layout(book, len(actors_in_year(register, year)))
    return save_workbook(_template_workbook(register, year, book, language), path)


def _command(study_dir: Path, *words: object) -> str:
    """A ``localnet`` command line for the study, as a shell takes it."""
    return " ".join(["localnet", *map(str, words), "--study", shlex.quote(str(study_dir))])


def _check_four_digits(year: int, accepted: str, example: str) -> None:
    if not 1000 <= year <= 9999:
        raise LocalnetError(f"{year} is not a four-digit year\n  How to fix: {accepted}, "
                            f"for example: {example}")


def _plan_template(study_dir: Path, register: pd.DataFrame, year: int,
                   target: str | Path | None, new_wave: bool = False) -> tuple[_FILES, list[str]]:
    """Check everything ``template`` needs; return the files to write and what to say.

    ``new_wave``: planned by ``new-year``, which has no ``--out``."""
    from ..inputs.codebook import codebook_text, load_codebook
    from ..xlsx import workbook_bytes

    target = Path(target) if target else study_dir / f"questionnaire_{year}.xlsx"
    if target.suffix.lower() != ".xlsx":
        raise InputError(target, "the questionnaire is an Excel workbook: its file name "
                         "must end in .xlsx", hint="pass --out with a name ending in .xlsx.")
    if target.exists() or target.is_symlink():
        what = "a folder" if target.is_dir() else "the file exists already and may hold answers"
        raise InputError(target, what, hint="move or rename it, then run the command again"
                         + ("" if new_wave else ", or pass --out with another file name") + ".")
    files: _FILES = []
    messages = []
    language = study_language(study_dir)
    codebook_path = study_dir / "codebook.toml"
    book = load_codebook(codebook_path)
    if book is None:
        book = default_codebook(language)
        files.append((codebook_path, codebook_text(book).encode("utf-8")))
        messages.append(f"wrote {codebook_path} (the questionnaire's layout)")
    present = len(actors_in_year(register, year))
    check_layout(book, present, codebook_path)
    files.append((target, workbook_bytes(_template_workbook(register, year, book, language))))
    messages += [f"wrote {target}: {present} actors present in {year}",
                 "next: one row per organisation; save the filled-in workbook as "
                 f"{study_dir / 'surveys' / f'{year}.xlsx'}, then run:",
                 f"  {_command(study_dir, 'run')}"]
    if new_wave:  # the other route: one form per organisation, by e-mail
        messages += ["or, without a survey tool: write one form per organisation to e-mail "
                     "(and collect the returned ones with the collect command):",
                     f"  {_command(study_dir, 'forms', '--year', year)}"]
    return files, messages


def _write_files(files: _FILES) -> None:
    """Write all of ``files`` or none: each to a temporary file beside it, then each moved
    into place in order; if anything fails, the files this call created are removed again.

    Only the last file may replace an existing one.
    """
    from ..xlsx import stage_file

    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    current = files[0][0] if files else Path(".")
    try:
        for current, data in files:
            staged.append((stage_file(current, data), current))
        for temp, current in staged:
            existed = current.exists()
            os.replace(temp, current)
            if not existed:
                created.append(current)
    except BaseException as exc:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for path in created:
            path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(current, f"cannot write the file: {exc.strerror or exc}; "
                             "nothing was changed",
                             hint="check that the study folder is writable and the file is "
                                  "not open in another program (e.g. Excel), then run the "
                                  "command again.") from None
        raise


def make_template(study_dir: str | Path, year: int, target: str | Path | None = None) -> list[str]:
    """Write the questionnaire for ``year`` of a study; return what to tell the user.

    Uses the study's ``codebook.toml``; a study without one gets the default codebook written
    next to its register, so that the filled-in workbook reads back. Checks everything first
    and never overwrites a file.
    """
    from ..inputs.register import load_register, register_years

    study_dir = Path(study_dir)
    register = load_register(study_dir / "actors.csv")
    latest = register_years(register)[-1]
    _check_four_digits(year, "give the measurement year of the questionnaire",
                       _command(study_dir, "template", "--year", max(latest, 2000)))
    if actors_in_year(register, year).empty:
        hint = (f"{year} is after the latest wave, {latest}; prepare the new wave with: "
                f"{_command(study_dir, 'new-year', year)}" if year > latest else
                f"add {year} to the 'years' of every actor in the area that year.")
        raise InputError(study_dir / "actors.csv", f"no actor is present in {year}", hint=hint)
    files, messages = _plan_template(study_dir, register, year, target)
    _write_files(files)
    return messages


def new_year(study_dir: str | Path, year: int) -> list[str]:
    """Prepare a study for a new wave; return what to tell the user.

    Adds ``year`` to the ``years`` of every actor present in the latest wave (only those cells
    of ``actors.csv`` change: see :func:`add_year_to_csv`), writes the questionnaire for
    ``year`` (see :func:`make_template`) and says what to do next. Refuses, before writing
    anything, a year that is not a four-digit year after the latest wave, a year with a survey
    file, an existing questionnaire, a bad register or codebook.
    """
    from ..inputs.files import read_csv_table
    from ..inputs.register import REGISTER_COLUMNS, register_years, validate_register

    study_dir = Path(study_dir)
    path = study_dir / "actors.csv"
    table = read_csv_table(path, REGISTER_COLUMNS)
    register = validate_register(table, path)
    latest = register_years(register)[-1]
    accepted = f"new-year takes a four-digit year after the latest wave ({latest})"
    example = _command(study_dir, "new-year", max(latest + 1, 1000))
    _check_four_digits(year, accepted, example)
    if year <= latest:
        already = f"; {year} is already a wave of the register" if year in register_years(
            register) else ""
        raise InputError(path, Problem(f"{year} is not after the latest wave, {latest}"
                                       + already, None, "years"),
                         hint=f"{accepted}, for example: {example}")
    _refuse_existing_survey(study_dir, year)
    present = register["years"].map(lambda years: latest in years)
    updated = register.copy()
    updated.loc[present, "years"] = updated.loc[present, "years"].map(
        lambda years: tuple(sorted({*years, year})))
    text = add_year_to_csv(path.read_bytes(), table.attrs["delimiter"],
                           set(register.loc[present, "actor_id"]), year, path)
    files, messages = _plan_template(study_dir, updated, year, None, new_wave=True)
    _write_files(files + [(path, text)])
    return [f"added {year} to the years of the {int(present.sum())} actors present in "
            f"{latest} ({path}); edit it for actors that have arrived or left"] + messages


def _refuse_existing_survey(study_dir: Path, year: int) -> None:
    folder = study_dir / "surveys"
    if not folder.is_dir():
        return
    for survey in sorted(folder.iterdir()):
        if survey.stem == str(year) and survey.suffix.lower() in (".csv", ".xlsx"):
            raise InputError(survey, f"a survey for {year} exists already",
                             hint=f"new-year prepares a wave before its answers arrive; if "
                                  f"these are the answers of the new wave, add {year} to the "
                                  "'years' of the actors present that year in actors.csv.")


def add_year_to_csv(data: bytes, delimiter: str, actor_ids: set[str], year: int,
                    path: str | Path = "actors.csv") -> bytes:
    """``actors.csv``'s bytes with ``year`` added to the ``years`` cell of ``actor_ids``.

    Nothing else changes: other columns, row order, quoting, blank lines, line endings, the
    encoding (UTF-8, with or without byte-order mark, or Windows-1252). Refuses a file that
    it cannot change that way.

    >>> add_year_to_csv(b'actor_id,name,type,aliases,years\\r\\nA,"A, a",citizen,,2020\\r\\n',
    ...                 ",", {"A"}, 2021)
    b'actor_id,name,type,aliases,years\\r\\nA,"A, a",citizen,,2020 2021\\r\\n'
    """
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    try:
        encoding, text = "utf-8", data[len(bom):].decode("utf-8")
    except UnicodeDecodeError:
        encoding, text = "cp1252", data.decode("cp1252")
    spans = _csv_spans(text, delimiter)
    values = [[_field_value(text[start:end]) for start, end in record] for record in spans]
    parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if bom + text.encode(encoding) != data or values != parsed or not values:
        raise InputError(path, "the file cannot be changed in its years cells only",
                         hint=f"add {year} to the 'years' of the actors present in the latest "
                              "wave by hand.")
    header = [cell.strip() for cell in values[0]]
    id_at, years_at = header.index("actor_id"), header.index("years")
    inserts = []
    for record, cells in zip(spans[1:], values[1:]):
        if any(c.strip() for c in cells) and cells[id_at].strip() in actor_ids:
            end = record[years_at][1]
            while end > record[years_at][0] and text[end - 1] in ' \t"':
                end -= 1
            inserts.append(end)
    for at in sorted(inserts, reverse=True):
        text = f"{text[:at]} {year}{text[at:]}"
    return bom + text.encode(encoding)


def _csv_spans(text: str, delimiter: str) -> list[list[tuple[int, int]]]:
    """The ``(start, end)`` of every field's raw text, record by record, split as the csv
    module splits it (quoted fields, doubled quotes, line breaks inside quotes)."""
    records, fields, i, n = [], [], 0, len(text)
    while i < n:
        start = i
        if text[i] == '"':
            i += 1
            while i < n and not (text[i] == '"' and text[i + 1:i + 2] != '"'):
                i += 2 if text[i] == '"' else 1
            i += 1
        while i < n and text[i] not in (delimiter, "\r", "\n"):
            i += 1
        fields.append((start, min(i, n)))
        if i < n and text[i] == delimiter:
            i += 1
            if i == n:
                fields.append((n, n))
            continue
        records.append([] if fields == [(start, start)] else fields)
        fields = []
        i += 2 if text.startswith("\r\n", i) else 1
    if fields:
        records.append(fields)
    return records


def _field_value(raw: str) -> str:
    """The value of a field's raw text, as the csv module reads it."""
    if not raw.startswith('"'):
        return raw
    out, i = [], 1
    while i < len(raw):
        if raw[i] == '"':
            if raw[i + 1:i + 2] == '"':
                out.append('"')
                i += 2
                continue
            return "".join(out) + raw[i + 1:]
        out.append(raw[i])
        i += 1
    return "".join(out)
