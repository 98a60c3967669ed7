"""Reading and cleaning one measurement year's survey answers.

A survey file is ``surveys/<year>.csv`` or ``surveys/<year>.xlsx`` in one of two layouts.

**Long** (the kit's canonical layout): one row per contact surface with the columns
``respondent,partner,form,purpose,target_group,description``. The same respondent-partner pair
repeats once per surface; an empty partner means the respondent answered and had no contacts.

**Wide** (as survey tools export): one row per questionnaire, mapped to the kit's fields by the
study's ``codebook.toml`` (:mod:`localnet_helpers.codebook`).

Respondent and partner names are matched to the register by actor_id, name or alias after
:func:`~localnet_helpers.register.normalise_name`. Forms are 1-5 or a form name.

Rules (every fix is written to the cleaning log with file, line, column, value before, value
after and the rule's name; every error stops the run, all problems of a file at once):

===================================== =====================================================
situation                             rule
===================================== =====================================================
name matching no register actor       error, listing its lines and the 3 closest names
actor not present that year           error
unknown form                          error
empty respondent                      error
two questionnaires from one actor     error (wide layout; the long layout cannot tell)
contact marked yes with no surface    error
surface with no form                  error
more surfaces filled in than stated   error
contact value neither yes nor no      error
respondent naming itself              fix ``self-contact-dropped``: the surface is dropped
details for a contact marked no       fix ``details-without-contact-dropped``
number of surfaces left empty         fix ``surfaces-count-inferred`` from the filled loop
name given as alias or other spelling fix ``name-matched``: replaced by the actor_id
personal-data column                  fix ``personal-data-dropped`` (values never copied)
column the layout does not use        fix ``column-not-used``
empty row                             fix ``empty-row-skipped``
e-mail or phone in a free-text answer fix ``personal-data-masked`` (see below)
respondent in two blocks (long)       flag ``respondent-in-two-blocks`` and a warning
===================================== =====================================================

The log never copies free text (description, purpose, target group): a dropped surface or
detail is recorded by its line, column and position (``surface 2``); a masked cell by
``(masked)``.

**Personal data in free text.** E-mail addresses and Danish phone numbers typed into the free
text answers are replaced when read, by :data:`EMAIL_MASK` and :data:`PHONE_MASK`, so they
reach no output; each masked cell is logged as ``personal-data-masked`` with ``before`` =
``(masked)`` and ``after`` = the tokens put in. A phone number is 8 digits, written together
or grouped 4+4 or 2+2+2+2 with spaces, optionally after ``+45`` or ``0045``
(``+45 12 34 56 78``, ``12345678``, ``1234 5678``); two years such as ``2017 2018`` and
numbers within longer digit runs are left alone.

**A respondent in two blocks (long layout).** A respondent's rows normally follow each other
(empty rows between them do not count). If another respondent's rows come between them
(rows of A, then B, then A again), the questionnaire may have been entered or submitted
twice. Nothing is dropped or merged: every surface is kept and counted, but every line of
the second and later blocks is logged as ``respondent-in-two-blocks`` (``before`` = the block
and the lines of the first block), and :attr:`CleanSurvey.warnings` gets one line per such
respondent naming the blocks' lines and any partner named in more than one block, to be
shown with the run's output. The flag changes no value and is not counted as a fix.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem, shorten
from .codebook import LOOP_FIELDS, Codebook, is_personal_header
from .files import LINE, cell_name, parse_count, read_table
from .forms import accepted_form_names
from .register import actors_in_year, name_index, normalise_name

__all__ = [
    "SURVEY_COLUMNS", "SURFACE_COLUMNS", "RESPONDENT_COLUMNS", "LOG_COLUMNS",
    "SurveyAnswers", "CleanSurvey", "read_survey", "clean_survey", "data_basis",
    "agreement", "FREE_TEXT_COLUMNS", "EMAIL_MASK", "PHONE_MASK", "FLAG_RULES",
    "mask_personal_data",
]

SURVEY_COLUMNS = ["respondent", "partner", "form", "purpose", "target_group", "description"]
#: Columns of ``<out>/<year>/surfaces.csv``: one row per contact surface, ids and depths.
SURFACE_COLUMNS = ["respondent", "partner", "form", "purpose", "target_group", "description",
                   LINE]
#: Columns of ``<out>/<year>/respondents.csv``.
RESPONDENT_COLUMNS = ["actor_id", "partners", "surfaces"]
#: Columns of ``<out>/<year>/cleaning_log.csv``.
LOG_COLUMNS = ["file", "line", "column", "before", "after", "rule"]
#: Where each answer row's values came from (internal; used for messages).
_SOURCE = ["respondent_column", "partner_column", "form_column"]
#: The free-text answers, where e-mail addresses and phone numbers are masked.
FREE_TEXT_COLUMNS = ("description", "purpose", "target_group")
#: What an e-mail address in a free-text answer is replaced by.
EMAIL_MASK = "[e-mail]"
#: What a phone number in a free-text answer is replaced by.
PHONE_MASK = "[telefon]"
#: Cleaning-log rules that flag something without changing it (not counted as fixes).
FLAG_RULES = ("respondent-in-two-blocks",)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACE = "[ \u00a0]"
_PHONE = re.compile(
    rf"(?<![\d+])(?P<prefix>(?:\+|00)45{_SPACE}?)?"
    rf"(?P<number>\d{{8}}|(?P<a>\d{{4}}){_SPACE}(?P<b>\d{{4}})|\d\d(?:{_SPACE}\d\d){{3}})"
    r"(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _phone(match: re.Match) -> str:
    if not match.group("prefix") and match.group("a") and _YEAR.fullmatch(match.group("a")) \
            and _YEAR.fullmatch(match.group("b")):
        return match.group()  # two years, e.g. "2017 2018"
    return PHONE_MASK


def mask_personal_data(text: str) -> str:
    """``text`` with e-mail addresses and Danish phone numbers replaced by the masks.

    >>> mask_personal_data("Ring til Jens på +45 12 34 56 78 eller jens@example.dk")
    'Ring til Jens på [telefon] eller [e-mail]'
    >>> mask_personal_data("Tlf. 1234 5678 / 87654321; 2017 2018; 12 deltagere; 2019")
    'Tlf. [telefon] / [telefon]; 2017 2018; 12 deltagere; 2019'
    """
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    return _PHONE.sub(_phone, text) if any(c.isdigit() for c in text) else text


@dataclass
class SurveyAnswers:
    """A survey file read into long answer rows (not yet matched to the register)."""

    source: Path
    layout: str
    rows: pd.DataFrame
    rows_read: int
    questionnaire_lines: dict[str, list[int]] = field(default_factory=dict)
    log: list[dict] = field(default_factory=list)
    cells: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, line: int | None, column: str | None,
                value: object = None) -> Problem:
        """A problem located in this file (with the Excel cell when there is one)."""
        return Problem(message, line, column, value, cell_name(self.cells, line, column))

    def note(self, line, column, before, after, rule) -> None:
        """Record one change in the cleaning log."""
        self.log.append({"file": self.source.name, "line": line, "column": column,
                         "before": before, "after": after, "rule": rule})

    def masked(self, line: int, column: str, text: str) -> str:
        """``text`` with personal data masked; a change is logged without the text."""
        masked = mask_personal_data(text)
        if masked != text:
            tokens = re.findall(f"{re.escape(EMAIL_MASK)}|{re.escape(PHONE_MASK)}", masked)
            self.note(line, column, "(masked)", " ".join(tokens), "personal-data-masked")
        return masked


@dataclass
class CleanSurvey:
    """A cleaned year: surfaces, the actors that answered, the log of every change, and
    warnings to show with the run's output (one line each, e.g. a respondent in two blocks)."""

    surfaces: pd.DataFrame
    respondents: pd.DataFrame
    log: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def read_survey(path: str | Path, codebook: Codebook | None = None) -> SurveyAnswers:
    """Read a survey file in the long layout, or in the wide layout described by ``codebook``.

    Personal-data columns (declared in the codebook or with a common name such as Navn,
    E-mail, Telefon) are dropped before anything else; their values are never copied.
    """
    path = Path(path)
    table = read_table(path, sheet=codebook.sheet if codebook else None)
    # taken off the table: pandas deep-copies ``attrs`` on every operation on a column,
    # which on a wide export (a thousand columns' cell letters) costs seconds
    attrs, table.attrs = table.attrs, {}
    answers = SurveyAnswers(path, "long", pd.DataFrame(), len(table),
                            cells={k: attrs[k] for k in ("sheet", "letters") if k in attrs})
    for line in attrs.get("blank_lines", []):
        answers.note(line, "", "", "", "empty-row-skipped")
    personal = {c for c in table.columns if c != LINE and (
        is_personal_header(c) or (codebook and c in codebook.personal))}
    for column in sorted(personal):
        filled = int((table[column] != "").sum())
        answers.note(1, column, f"{filled} values", "", "personal-data-dropped")
    table = table.drop(columns=sorted(personal))
    if set(SURVEY_COLUMNS) <= set(table.columns) or codebook is None:
        _read_long(table, answers)
    else:
        answers.layout = "wide"
        _read_wide(table, codebook, answers)
    return answers


def _read_long(table: pd.DataFrame, answers: SurveyAnswers) -> None:
    missing = [c for c in SURVEY_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(answers.source, [answers.problem(
            f"required column is missing (header: {shorten(', '.join(table.columns[:-1]), 200)})"
            ", or add a codebook.toml describing this layout", 1, c) for c in missing])
    for column in [c for c in table.columns if c not in SURVEY_COLUMNS and c != LINE]:
        answers.note(1, column, column, "", "column-not-used")
    rows = table[SURVEY_COLUMNS + [LINE]].copy()
    for column in FREE_TEXT_COLUMNS:
        rows[column] = [answers.masked(line, column, text)
                        for line, text in zip(rows[LINE], rows[column])]
    rows["respondent_column"], rows["partner_column"], rows["form_column"] = \
        "respondent", "partner", "form"
    answers.rows = rows


def _read_wide(table: pd.DataFrame, book: Codebook, answers: SurveyAnswers) -> None:
    respondent = book.columns["respondent"]
    if respondent not in table.columns:
        raise InputError(answers.source, answers.problem(
            f"the codebook's respondent column is missing (header starts: "
            f"{shorten(', '.join(table.columns[:5]), 120)})", 1, respondent),
            hint="check [columns] respondent in codebook.toml against the export's header.")
    layout = _wide_columns(table, book, answers)
    problems: list[Problem] = []
    rows = []
    seen: dict[str, list[int]] = defaultdict(list)
    for rec in table.to_dict("records"):
        line, who = rec[LINE], rec[respondent]
        if not who:
            problems.append(answers.problem("empty; name the organisation", line, respondent))
            continue
        seen[normalise_name(who)].append(line)
        contacts = _wide_contacts(rec, line, layout, book, answers, problems)
        if not contacts:
            rows.append([who, "", "", "", "", "", line, respondent, "", ""])
        for partner, partner_col, surfaces in contacts:
            for values, form_col in surfaces:
                rows.append([who, partner, values["form"], values["purpose"],
                             values["target_group"], values["description"], line, respondent,
                             partner_col, form_col])
    answers.questionnaire_lines = dict(seen)
    answers.problems = problems
    answers.rows = pd.DataFrame(rows, columns=SURVEY_COLUMNS + [LINE] + _SOURCE)


def _wide_columns(table, book, answers):
    """Map the wide header: partner -> {field: column} and {(field, n): column}."""
    patterns = {name: book.pattern(name) for name in ("contact", "surfaces", *LOOP_FIELDS)}
    layout: dict[str, dict] = defaultdict(dict)
    for column in table.columns:
        if column in (LINE, book.columns["respondent"]):
            continue
        for name, pattern in patterns.items():
            match = pattern.match(column)
            if match:
                partner = match.group("partner").strip()
                key = (name, int(match.group("n"))) if "n" in pattern.groupindex else name
                layout[partner][key] = column
                break
        else:
            if column not in book.ignore:
                answers.note(1, column, column, "", "column-not-used")
    return {p: cols for p, cols in layout.items() if "contact" in cols}


def _wide_contacts(rec, line, layout, book, answers, problems):
    """The contacts of one questionnaire: [(partner, contact column, [(values, form col)])]."""
    contacts = []
    for partner, cols in layout.items():
        contact_col = cols["contact"]
        said = book.contact_value(rec[contact_col])
        loop = {key: col for key, col in cols.items() if isinstance(key, tuple)}
        filled = sorted({n for (name, n), col in loop.items() if rec[col]})
        if said is None:
            problems.append(answers.problem(
                f"not a yes or no value (yes: {', '.join(book.yes)}; no: "
                f"{', '.join(v for v in book.no if v) or 'empty'})", line, contact_col,
                rec[contact_col]))
            continue
        if not said:
            for (name, n), col in sorted(loop.items()):
                if rec[col]:
                    answers.note(line, col, f"surface {n} ({name})", "",
                                 "details-without-contact-dropped")
            continue
        count_col = cols.get("surfaces")
        count_text = rec[count_col] if count_col else ""
        count = parse_count(count_text) if count_text else None
        if count_text and count is None:
            problems.append(answers.problem("not a whole number of contact surfaces", line,
                                            count_col, count_text))
            continue
        if count is None:
            count = max(filled, default=0)
            if count:
                answers.note(line, count_col or contact_col, "", str(count),
                             "surfaces-count-inferred")
        if count == 0:
            problems.append(answers.problem(
                "contact marked yes but no contact surface is given; give the number of "
                "surfaces and each surface's form, or mark the contact no", line, contact_col,
                rec[contact_col]))
            continue
        for n in (n for n in filled if n > count):
            problems.append(answers.problem(
                f"surface {n} is filled in but the number of surfaces is {count}", line,
                loop.get(("form", n)) or count_col, rec.get(loop.get(("form", n)), "")))
        surfaces = []
        for n in range(1, count + 1):
            form_col = loop.get(("form", n))
            if not form_col or not rec[form_col]:
                problems.append(answers.problem(
                    f"surface {n} of {count} has no form", line,
                    form_col or book.header("form", partner, n)))
                continue
            values = {name: rec[loop[(name, n)]] if (name, n) in loop else ""
                      for name in LOOP_FIELDS}
            for name in FREE_TEXT_COLUMNS:
                if values[name]:
                    values[name] = answers.masked(line, loop[(name, n)], values[name])
            surfaces.append((values, form_col))
        contacts.append((partner, contact_col, surfaces))
    return contacts


def clean_survey(answers: SurveyAnswers, register: pd.DataFrame, year: int,
                 codebook: Codebook | None = None) -> CleanSurvey:
    """Match names to actors present in ``year``, code forms, apply the rules.

    Returns the surfaces (:data:`SURFACE_COLUMNS`; respondent and partner as actor_ids, form
    as depth 1-5), the actors that answered (:data:`RESPONDENT_COLUMNS`) and the cleaning log
    (:data:`LOG_COLUMNS`). Raises :class:`InputError` listing every problem of the file.
    """
    matcher = _Matcher(register, year)
    problems: list[Problem] = []
    form_of = codebook.form_value if codebook else Codebook(columns={}).form_value
    header_noted: set[str] = set()
    kept = []
    for rec in answers.rows.to_dict("records"):
        line = rec[LINE]
        respondent = matcher.match(rec["respondent"], line, rec["respondent_column"], answers)
        if not rec["partner"]:
            if rec["form"]:
                problems.append(answers.problem(
                    "a form is given but the partner is empty; fill in the partner, or leave "
                    "form empty for 'no contacts'", line, "partner"))
            for column in (c for c in FREE_TEXT_COLUMNS if rec[c]):
                answers.note(line, column, "(text without a partner)", "",
                             "details-without-contact-dropped")
            continue
        partner_line = 1 if answers.layout == "wide" else line
        partner = matcher.match(rec["partner"], partner_line, rec["partner_column"], answers,
                                log=answers.layout == "long" or
                                rec["partner_column"] not in header_noted)
        header_noted.add(rec["partner_column"])
        form = form_of(rec["form"])
        if form is None:
            problems.append(answers.problem(
                f"not one of the five forms ({accepted_form_names()})", line,
                rec["form_column"], rec["form"]))
        if respondent and partner and respondent == partner:
            answers.note(line, rec["partner_column"], rec["partner"], "",
                         "self-contact-dropped")
            continue
        kept.append({**rec, "respondent": respondent, "partner": partner, "form": form})
    problems = answers.problems + matcher.problems() + problems
    problems += _duplicate_questionnaires(answers, matcher)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or ""))
        raise InputError(answers.source, problems, hint="correct the answers in the survey "
                         "file (or a copy of it) or the codebook's [values]; add a missing "
                         "spelling to the actor's aliases in actors.csv (separate several with "
                         "'|'), or the year to its years.")
    surfaces = pd.DataFrame(kept, columns=SURFACE_COLUMNS)
    surfaces["form"] = surfaces["form"].astype(int)
    surfaces = surfaces.sort_values(["respondent", "partner", LINE], ignore_index=True)
    warnings = _blocks(answers, matcher, year) if answers.layout == "long" else []
    log = pd.DataFrame(answers.log + matcher.log, columns=LOG_COLUMNS)
    log = log.sort_values(["line", "column", "rule"], kind="stable", ignore_index=True)
    return CleanSurvey(surfaces, _respondents(answers, matcher, surfaces), log, warnings)


def _blocks(answers: SurveyAnswers, matcher: _Matcher, year: int) -> list[str]:
    """Flag respondents whose rows form more than one block (long layout); see the module."""
    blocks: dict[str, list[list[int]]] = defaultdict(list)
    partners: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    previous = None
    for who, partner, line in zip(answers.rows["respondent"], answers.rows["partner"],
                                  answers.rows[LINE]):
        actor = matcher.resolved.get(normalise_name(who))
        if actor != previous:
            blocks[actor].append([])
            previous = actor
        blocks[actor][-1].append(line)
        if partner:
            partners[actor][normalise_name(partner)].add(len(blocks[actor]))
    warnings = []
    for actor, runs in sorted(blocks.items()):
        if len(runs) < 2:
            continue
        spans = [_span(run) for run in runs]
        for number, run in enumerate(runs[1:], start=2):
            for line in run:
                answers.note(line, "respondent", f"{actor}: block {number} of {len(runs)}",
                             f"kept; first block on {spans[0]}", "respondent-in-two-blocks")
        twice = sorted(matcher.all_names.get(key, key) for key, seen in
                       partners[actor].items() if len(seen) > 1)
        named = (f"; partners named in more than one block: {', '.join(twice)}"
                 if twice else "")
        warnings.append(
            f"warning: {year}: {answers.source.name}: the rows of respondent {actor} come in "
            f"{len(runs)} separate blocks ({'; '.join(spans)}){named}. If the questionnaire "
            "was entered twice, delete the repeated block in the file (or a copy); all its "
            "surfaces are counted (cleaning log: respondent-in-two-blocks)")
    return warnings


def _span(lines: list[int]) -> str:
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"


def _respondents(answers, matcher, surfaces) -> pd.DataFrame:
    answered = sorted({matcher.resolved[normalise_name(n)] for n in answers.rows["respondent"]})
    per = surfaces.groupby("respondent").agg(partners=("partner", "nunique"),
                                             surfaces=("partner", "size"))
    table = per.reindex(answered, fill_value=0).rename_axis("actor_id").reset_index()
    return table[RESPONDENT_COLUMNS]


def _duplicate_questionnaires(answers, matcher) -> list[Problem]:
    """Two questionnaires (wide rows) from one actor, however spelled."""
    lines_of: dict[str, list[int]] = defaultdict(list)
    for key, lines in answers.questionnaire_lines.items():
        if key in matcher.resolved:
            lines_of[matcher.resolved[key]] += lines
    column = answers.rows["respondent_column"].iloc[0] if len(answers.rows) else None
    return [answers.problem(f"two or more questionnaires from '{actor}' (lines "
                            f"{', '.join(map(str, sorted(lines)))}); keep one and delete the "
                            "others", sorted(lines)[1], column)
            for actor, lines in sorted(lines_of.items()) if len(lines) > 1]


class _Matcher:
    """Resolves names to actor_ids of actors present in one year, collecting problems."""

    def __init__(self, register: pd.DataFrame, year: int):
        self.year = int(year)
        self.all_names = name_index(register)
        self.present = set(actors_in_year(register, year)["actor_id"])
        self.years = dict(zip(register["actor_id"], register["years"]))
        self.display = dict(zip(register["actor_id"], register["name"]))
        self.exact = set(register["actor_id"]) | set(register["name"])
        self.spellings = {normalise_name(s): s for rec in register.to_dict("records")
                          for s in (rec["name"], *rec["aliases"])}
        self.resolved: dict[str, str] = {}
        self.unknown: dict[tuple[str, str], list[tuple[int, str, str | None]]] = \
            defaultdict(list)
        self.absent: dict[tuple[str, str], list[tuple[int, str, str | None]]] = \
            defaultdict(list)
        self.empty: list[Problem] = []
        self.log: list[dict] = []
        self.logged: set[tuple[int, str]] = set()

    def match(self, name: str, line: int, column: str, answers: SurveyAnswers,
              log: bool = True) -> str | None:
        if not name:
            self.empty.append(answers.problem("empty; name the organisation", line, column))
            return None
        key = normalise_name(name)
        actor_id = self.all_names.get(key)
        place = (line, column, answers.problem("", line, column).cell)
        if actor_id is None:
            self.unknown[(name, column if answers.layout == "wide" else "")].append(place)
            return None
        if actor_id not in self.present:
            self.absent[(name, actor_id)].append(place)
            return None
        self.resolved[key] = actor_id
        if log and name not in self.exact and (line, column) not in self.logged:
            self.logged.add((line, column))
            self.log.append({"file": answers.source.name, "line": line, "column": column,
                             "before": name, "after": actor_id, "rule": "name-matched"})
        return actor_id

    def problems(self) -> list[Problem]:
        found = list(self.empty)
        for (name, _), places in sorted(self.unknown.items(), key=lambda kv: kv[1][0]):
            close = difflib.get_close_matches(normalise_name(name), list(self.spellings), n=3)
            if close:
                best = self.all_names[close[0]]
                hint = ("; closest register names: " + ", ".join(
                    f"'{self.spellings[c]}' ({self.all_names[c]})" for c in close)
                    + f". If it is {best}, add '{name}' to the aliases of {best} in actors.csv")
            else:
                hint = (". Add it to the aliases of the actor it means in actors.csv, or add "
                        "the actor to the register")
            found.append(Problem(
                f"matches no actor in the register (on {_lines(places)}){hint}",
                places[0][0], places[0][1], name, places[0][2]))
        for (name, actor_id), places in sorted(self.absent.items(), key=lambda kv: kv[1][0]):
            years = " ".join(str(y) for y in self.years[actor_id])
            found.append(Problem(
                f"is '{shorten(self.display[actor_id], 40)}' ({actor_id}), which is not "
                f"present in {self.year} (its years: {years}; on {_lines(places)}). Add "
                f"{self.year} to its years in actors.csv if it was in the area",
                places[0][0], places[0][1], name, places[0][2]))
        return found


def _lines(places) -> str:
    lines = sorted({p[0] for p in places})
    shown = ", ".join(map(str, lines[:10])) + (f" and {len(lines) - 10} more"
                                                if len(lines) > 10 else "")
    return ("line " if len(lines) == 1 else "lines ") + shown


def agreement(surfaces: pd.DataFrame, respondents: pd.DataFrame) -> tuple[int, int]:
    """Pairs where both actors answered and at least one named the other, and of those how
    many both named each other: ``(pairs, both)``. The agreement rate is ``both / pairs``.
    """
    answered = set(respondents["actor_id"])
    named = {(r, p) for r, p in zip(surfaces["respondent"], surfaces["partner"])
             if r in answered and p in answered}
    pairs = {tuple(sorted(pair)) for pair in named}
    both = sum((a, b) in named and (b, a) in named for a, b in pairs)
    return len(pairs), both


def data_basis(answers: SurveyAnswers, cleaned: CleanSurvey, present: int,
               year: int) -> pd.DataFrame:
    """One year's data basis (the report's Figure 2, made exact).

    ``actors`` present; ``questionnaires`` = actors that answered; ``non_respondents`` =
    actors - questionnaires; ``response_rate`` = questionnaires / actors; ``rows`` = data rows
    read; ``surfaces`` kept; ``fixes`` and ``dropped`` = cleaning-log entries that changed or
    dropped a value (flags such as ``respondent-in-two-blocks`` change nothing and count in
    neither); ``agreement_pairs``, ``agreement_both`` and ``agreement_rate``: of the
    pairs where both answered and at least one named the other, how many both named.
    """
    pairs, both = agreement(cleaned.surfaces, cleaned.respondents)
    flags = cleaned.log["rule"].isin(FLAG_RULES)
    dropped = cleaned.log["rule"].str.endswith(("-dropped", "-skipped"))
    return pd.DataFrame([{
        "year": int(year),
        "actors": int(present),
        "questionnaires": len(cleaned.respondents),
        "non_respondents": int(present) - len(cleaned.respondents),
        "response_rate": len(cleaned.respondents) / present if present else 0.0,
        "rows": answers.rows_read,
        "surfaces": len(cleaned.surfaces),
        "fixes": int((~dropped & ~flags).sum()),
        "dropped": int(dropped.sum()),
        "agreement_pairs": pairs,
        "agreement_both": both,
        "agreement_rate": both / pairs if pairs else 0.0,
    }])
