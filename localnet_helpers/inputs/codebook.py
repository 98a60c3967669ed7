"""The codebook: how a survey tool's wide export maps to the kit's fields.

A wide export (SurveyXact, Qualtrics, an Excel form) has one row per responding organisation:
a respondent column, a yes/no contact column per listed actor, and per contact the number of
contact surfaces and, per surface, a loop of columns for description, form, purpose and target
group. ``codebook.toml`` in the study folder says which columns are which, with the
placeholders ``{partner}`` (the actor's name as the survey lists it) and ``{n}`` (the surface's
number, 1, 2, ...)::

    sheet = "Besvarelser"                 # optional: the .xlsx sheet (default: the first)
    max_surfaces = 6                      # surfaces per contact in the questionnaire template

    [columns]
    respondent = "Organisation"
    contact = "Kontakt med {partner}"
    surfaces = "Antal kontaktflader med {partner}"
    description = "{partner} - kontaktflade {n} - beskrivelse"
    form = "{partner} - kontaktflade {n} - samarbejdsform"
    purpose = "{partner} - kontaktflade {n} - formål"
    target_group = "{partner} - kontaktflade {n} - målgruppe"
    personal = ["Kontaktperson", "E-mail", "Telefon"]   # personal data: dropped when read
    ignore = ["Startdato"]                # other columns to leave out without a log entry

    [values]
    yes = ["Ja", "1", "X"]                # contact column values meaning "in contact"
    no = ["Nej", "0", ""]                 # ... and "not in contact"

    [values.form]                         # extra form labels -> depth 1-5
    "Lån af lokaler" = 3

Files whose header has the long layout's columns are read as the long layout, whatever the
codebook says.

Checks: ``{partner}`` appears exactly once in every template, ``{n}`` exactly once in the
four loop templates and never in ``contact`` or ``surfaces``, and no other ``{...}``
placeholder anywhere; every key has its type (texts in quotes, ``max_surfaces`` a whole
number, depths 1-5; ``true`` is no number). A value list may be written as one text
(``yes = "Ja"`` is the list ``["Ja"]``), and so may ``personal`` and ``ignore``. The file may
start with a UTF-8 byte-order mark (as Windows Notepad saves it).
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Problem
from ..texts import load as load_texts
from .forms import answer_key, parse_form
from .register import normalise_name

__all__ = ["Codebook", "load_codebook", "codebook_text", "DEFAULT_CODEBOOK", "default_codebook",
           "PERSONAL_HEADERS",
           "is_personal_header", "toml_type", "is_number"]

LOOP_FIELDS = ("description", "form", "purpose", "target_group")

#: Header names recognised as personal data in any layout (matched as names are,
#: :func:`~localnet_helpers.inputs.register.normalise_name`: ignoring case, spaces,
#: punctuation and accents): a respondent person's name, e-mail or phone number.
PERSONAL_HEADERS = (
    "navn", "name", "fulde navn", "full name", "fornavn", "efternavn", "first name",
    "last name", "kontaktperson", "contact person", "contact name", "respondentnavn",
    "respondent name", "besvaret af", "udfyldt af", "e-mail", "email", "mail",
    "e-mailadresse", "email address", "telefon", "telefonnummer", "tlf", "tlf nr", "mobil",
    "mobilnummer", "phone", "phone number", "telephone", "mobile",
)


_PERSONAL_KEYS = {normalise_name(h) for h in PERSONAL_HEADERS}


def is_personal_header(header: str) -> bool:
    """True if ``header`` is a common Danish or English name of a personal-data column.

    >>> is_personal_header(" E-Mail "), is_personal_header("Tlf.nr."), is_personal_header("By")
    (True, True, False)
    """
    return normalise_name(header) in _PERSONAL_KEYS


@dataclass(frozen=True)
class Codebook:
    """A validated codebook (see the module docstring)."""

    columns: dict[str, str]
    yes: tuple[str, ...] = ("Ja", "Yes", "1", "X")
    no: tuple[str, ...] = ("Nej", "No", "0", "")
    forms: dict[str, int] = field(default_factory=dict)
    personal: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    sheet: str | None = None
    max_surfaces: int = 6

    def pattern(self, name: str) -> re.Pattern:
        """The regular expression of a column template, with named groups partner and n."""
        parts = re.split(r"(\{partner\}|\{n\})", self.columns[name])
        regex = "".join("(?P<partner>.+?)" if p == "{partner}" else "(?P<n>[0-9]+)"
                        if p == "{n}" else re.escape(p) for p in parts)
        return re.compile(f"^{regex}$", re.IGNORECASE)

    def header(self, name: str, partner: str = "", n: int = 0) -> str:
        """The column header of template ``name`` for a partner and surface number."""
        return self.columns[name].replace("{partner}", partner).replace("{n}", str(n))

    def contact_value(self, value: str) -> bool | None:
        """True for a yes value, False for a no value, None for anything else."""
        key = answer_key(value)
        if key in {answer_key(v) for v in self.yes}:
            return True
        if key in {answer_key(v) for v in self.no}:
            return False
        return None

    def form_value(self, value: str) -> int | None:
        """The depth of a form label: the codebook's own labels first, then the built-in."""
        key = answer_key(str(value))
        for label, depth in self.forms.items():
            if answer_key(label) == key:
                return depth
        return parse_form(value)


def default_codebook(language: str = "da") -> Codebook:
    """The layout ``localnet template`` writes when a study has no codebook, in ``language``
    (the ``codebook`` of :mod:`localnet_helpers.texts`).

    >>> default_codebook("en").header("contact", "Akelius")
    'Contact with Akelius'
    """
    texts = dict(load_texts(language)["codebook"])
    yes, no = texts.pop("yes"), texts.pop("no")
    return Codebook(columns=texts, yes=tuple(yes), no=tuple(no))


#: The Danish layout ``localnet template`` writes when a study has no codebook.
DEFAULT_CODEBOOK = default_codebook("da")

_TEMPLATES = {"contact": ("{partner}",), "surfaces": ("{partner}",),
              **{f: ("{partner}", "{n}") for f in LOOP_FIELDS}}
#: The top-level keys of codebook.toml.
_KEYS = ("sheet", "max_surfaces", "columns", "values")


def toml_type(value: object) -> str:
    """The name of a TOML value's type, for messages: ``true/false``, ``a whole number``..."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    names = {int: "a whole number", float: "a number", str: "a text", list: "a list",
             dict: "a table"}
    return next((name for kind, name in names.items() if isinstance(value, kind)),
                f"a date or time ({value})")


def is_number(value: object) -> bool:
    """True for a finite TOML number (not ``true``/``false``, ``inf`` or ``nan``)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and \
        math.isfinite(value)


def _text_list(value: object) -> tuple[str, ...] | None:
    """A list of texts, or one text as a list of one; ``None`` for anything else."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _template_problems(name: str, template: object) -> list[Problem]:
    """Problems of one column template: its type and placeholders."""
    key = f"columns.{name}"
    if not isinstance(template, str):
        got = "" if template is None else f"; got {toml_type(template)}"
        return [Problem(f"required column template (a text in quotes){got}", None, key)]
    needed = _TEMPLATES[name]
    problems = []
    for placeholder in ("{partner}", "{n}"):
        count = template.count(placeholder)
        want = 1 if placeholder in needed else 0
        if count == want:
            continue
        if count < want:
            problems.append(Problem(f"must contain {' and '.join(needed)}", None, key,
                                    template))
        else:
            problems.append(Problem(
                f"{placeholder} must appear {'once' if want else 'not at all'} (it appears "
                f"{count} times); the template holds {' and '.join(needed)} once each",
                None, key, template))
    unknown = sorted(set(re.findall(r"\{[^{}]*\}", template)) - {"{partner}", "{n}"})
    if unknown:
        problems.append(Problem(f"unknown placeholder {', '.join(unknown)}; the placeholders "
                                "are {partner} and {n}", None, key, template))
    return problems


def load_codebook(path: str | Path) -> Codebook | None:
    """Read and check ``codebook.toml``; ``None`` if the file does not exist."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not valid TOML: {exc}") from None
    problems = [Problem(f"unknown key; known keys: {', '.join(sorted(_KEYS))}", None, key)
                for key in sorted(set(config) - set(_KEYS))]
    problems += [Problem(f"expected a table, got {toml_type(config[key])}", None, key)
                 for key in ("columns", "values") if not isinstance(config.get(key, {}), dict)]
    if problems:
        raise InputError(path, problems, hint="see the codebook example in the README.")
    columns = dict(config.get("columns", {}))
    lists = {key: _text_list(columns.pop(key, [])) for key in ("personal", "ignore")}
    for key, value in lists.items():
        if value is None:
            problems.append(Problem("must be a list of column names (texts in quotes)", None,
                                    f"columns.{key}"))
    respondent = columns.get("respondent")
    if not isinstance(respondent, str) or not respondent.strip():
        problems.append(Problem("required: the column holding the respondent organisation (a "
                                "text in quotes)", None, "columns.respondent"))
    for name in _TEMPLATES:
        problems += _template_problems(name, columns.get(name))
    for name in sorted(set(columns) - set(_TEMPLATES) - {"respondent"}):
        problems.append(Problem("unknown column field", None, f"columns.{name}"))
    values = config.get("values", {})
    for key in sorted(set(values) - {"yes", "no", "form"}):
        problems.append(Problem("unknown key; known keys: yes, no, form", None, f"values.{key}"))
    answers = {key: _text_list(values.get(key, list(getattr(Codebook, key))))
               for key in ("yes", "no")}
    for key, value in answers.items():
        if value is None:
            problems.append(Problem("expected a text or a list of texts in quotes, e.g. "
                                    f"{key} = [\"Ja\", \"1\"]; got {toml_type(values[key])}",
                                    None, f"values.{key}"))
    forms = values.get("form", {})
    if not isinstance(forms, dict):
        problems.append(Problem(f"expected a table of label = depth, got {toml_type(forms)}",
                                None, "values.form"))
        forms = {}
    for label, depth in forms.items():
        if not is_number(depth) or not isinstance(depth, int) or not 1 <= depth <= 5:
            problems.append(Problem(f"a form label must map to a depth 1-5 (a whole number), "
                                    f"got {toml_type(depth)}", None, "values.form", label))
    max_surfaces = config.get("max_surfaces", 6)
    if not is_number(max_surfaces) or not isinstance(max_surfaces, int) or max_surfaces < 1:
        problems.append(Problem(f"must be a whole number of at least 1, got "
                                f"{toml_type(max_surfaces)}", None, "max_surfaces"))
    sheet = config.get("sheet")
    if sheet is not None and not isinstance(sheet, str):
        problems.append(Problem(f"expected the sheet's name in quotes, got {toml_type(sheet)}",
                                None, "sheet"))
    if problems:
        raise InputError(path, problems, hint="see the codebook example in the README.")
    return Codebook(
        columns=columns,
        yes=answers["yes"],
        no=answers["no"],
        forms=dict(forms),
        personal=lists["personal"],
        ignore=lists["ignore"],
        sheet=sheet,
        max_surfaces=max_surfaces,
    )


def codebook_text(book: Codebook) -> str:
    """The TOML text of a codebook, as :func:`load_codebook` reads it back (any text, quotes
    and line breaks included, written by ``tomli-w``)."""
    import tomli_w

    config: dict = {"sheet": book.sheet} if book.sheet else {}
    config["max_surfaces"] = book.max_surfaces
    config["columns"] = {**book.columns, "personal": list(book.personal),
                         "ignore": list(book.ignore)}
    config["values"] = {"yes": list(book.yes), "no": list(book.no), "form": dict(book.forms)}
    return ("# How the survey export's columns map to localnet's fields; see the README.\n"
            + tomli_w.dumps(config))
