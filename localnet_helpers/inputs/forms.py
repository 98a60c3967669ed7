"""The five ordered collaboration forms ("samarbejdsformer") a contact surface is coded into.

Depth 1 is the shallowest, 5 the deepest (CFBU 2020, Figure 3 and Bilag 1):

===== ================= ================== =====================================================
depth Danish            English            one line
===== ================= ================== =====================================================
1     Videndele         knowledge sharing  we talk about our respective work
2     Samvirke          coordination       we refer to each other and avoid doing the same
3     Ressourceudveksle resource exchange  we give, share or lend each other something material
4     Samordne          joint work         we draw on each other and do something together
5     Samskabe          co-creation        we create something new together
===== ================= ================== =====================================================

A form is given in survey files as its depth (``1``-``5``), one of its names below or its name
in any language of :mod:`localnet_helpers.texts` (the ``forms`` a questionnaire offers),
matched ignoring case and surrounding whitespace. Reports name the forms by those texts.
"""

from __future__ import annotations

import re

import pandas as pd

from ..texts import LANGUAGES
from ..texts import load as load_texts

__all__ = ["FORMS", "DEEP_FROM", "parse_form", "form_label", "accepted_form_names",
           "answer_key"]

#: Depth -> (Danish name, English name, other accepted spellings).
FORMS: dict[int, tuple[str, str, tuple[str, ...]]] = {
    1: ("Videndele", "Knowledge sharing", ("videndeling", "vidensdeling", "knowledge-sharing")),
    2: ("Samvirke", "Coordination", ("samvirken",)),
    3: (
        "Ressourceudveksle",
        "Resource exchange",
        ("ressourceudveksling", "fysisk bidrag", "resource-exchange"),
    ),
    4: ("Samordne", "Joint work", ("samordning", "joint-work")),
    5: ("Samskabe", "Co-creation", ("samskabelse", "cocreation", "co creation")),
}

#: A relation or surface with depth >= DEEP_FROM counts as "deep" (joint work, co-creation).
DEEP_FROM = 4


def answer_key(text: str) -> str:
    """The key under which an answer (a form, a yes or no) is matched: case folded, runs of
    whitespace as one space, none around. (Names and headers are matched more loosely, by
    :func:`~localnet_helpers.inputs.register.normalise_name`.)

    >>> answer_key("  Knowledge\tSHARING ")
    'knowledge sharing'
    """
    return re.sub(r"\s+", " ", text.strip().casefold())


_LOOKUP: dict[str, int] = {}
for _depth, (_da, _en, _other) in FORMS.items():
    for _name in (str(_depth), _da, _en, *_other):
        _LOOKUP[answer_key(_name)] = _depth
for _language in LANGUAGES:
    for _depth, _name in enumerate(load_texts(_language)["forms"], start=1):
        _LOOKUP.setdefault(answer_key(_name), _depth)


def accepted_form_names() -> str:
    """Return the accepted spellings of the five forms, for error messages."""
    return "; ".join(f"{d} = {da} / {en}" for d, (da, en, _) in FORMS.items())


def parse_form(value: object) -> int | None:
    """Return the depth 1-5 of a form given as a number or a name, or ``None`` if unknown.

    >>> parse_form("Samskabe"), parse_form(" knowledge sharing "), parse_form("3"), parse_form(7)
    (5, 1, 3, None)
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _LOOKUP.get(answer_key(str(value)))


def form_label(depth: int, language: str = "da") -> str:
    """Return the name of form ``depth`` in ``language`` (``"da"`` or ``"en"``).

    >>> form_label(5), form_label(1, "en")
    ('Samskabe', 'Knowledge sharing')
    """
    return load_texts(language)["forms"][int(depth) - 1]
