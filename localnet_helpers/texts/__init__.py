"""Every text a reader sees, one TOML file per language: ``da.toml``, ``en.toml``.

The report's labels and sentence templates, the figures' legends and axes, the interactive
map, the headers and sheets of ``tables.xlsx`` and the questionnaire's sheets all come from
these files. Every file has the same keys and, in every text, the same ``{placeholders}``
(``tests/test_texts.py``); adding a language is adding one file, ``<code>.toml``, next to
them (and choosing it with ``language = "<code>"`` in ``study.toml``).

>>> texts("en")["toc"], genitive("Nordens Plads"), "da" in LANGUAGES
('Contents', "Nordens Plads'", True)
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from pathlib import Path

__all__ = ["LANGUAGES", "load", "load_file", "texts", "genitive"]

#: The keys whose texts name the hub's network ("{hub_of} netværk"), filled in by :func:`texts`.
_HUB_KEYS = ("networks", "networks_in", "scopes", "sections")


#: The folder of the language files (the package itself; a test may point it elsewhere).
_FOLDER = resources.files(__name__)


def _languages() -> tuple[str, ...]:
    return tuple(sorted(entry.name.removesuffix(".toml") for entry in _FOLDER.iterdir()
                        if entry.name.endswith(".toml")))


#: The languages there is a texts file for, e.g. ``("da", "en")``.
LANGUAGES = _languages()


def load_file(path: str | Path) -> dict:
    """The texts of one language file (the loader :func:`load` uses for the package's)."""
    with open(path, "rb") as file:
        return tomllib.load(file)


@functools.cache
def load(language: str) -> dict:
    """The texts of ``language`` (one of :data:`LANGUAGES`), read once from ``<language>.toml``.

    The result is shared: treat it as read-only.
    """
    entry = _FOLDER / f"{language}.toml"
    if not entry.is_file():
        raise KeyError(f"no texts for language {language!r}; there are: "
                       f"{', '.join(_languages())}")
    with resources.as_file(entry) as path:
        return load_file(path)


def genitive(name: str, language: str = "da") -> str:
    """The possessive of a name by the language's ``genitive`` rule: in Danish -s, an
    apostrophe after s, x and z, and 's after a digit (a pseudonym such as "Borgerforening 3");
    in English 's.

    >>> genitive("Medborgercentret"), genitive("Nordens Plads"), genitive("Plads", "en")
    ('Medborgercentrets', "Nordens Plads'", "Plads's")
    >>> genitive("Borgerforening 3")
    "Borgerforening 3's"
    """
    rule = load(language)["genitive"]
    last = name[-1:].lower()
    template = rule["after_digit"] if last.isdigit() else \
        rule["after_sxz"] if last in "sxz" else rule["default"]
    return template.replace("{name}", name)


def _fill_hub(value, hub_of: str):
    if isinstance(value, dict):
        return {k: _fill_hub(v, hub_of) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_hub(v, hub_of) for v in value]
    return value.replace("{hub_of}", hub_of)


def texts(language: str, hub_name: str | None = None) -> dict:
    """Return the report's labels and sentence templates in ``language`` (``da`` or ``en``).

    With ``hub_name``, the names that speak of the hub ("{hub_of} netværk") are filled in.
    """
    t = load(language)
    if hub_name is None:
        return t
    hub_of = genitive(hub_name, language)
    return {**t, **{key: _fill_hub(t[key], hub_of) for key in _HUB_KEYS}}
