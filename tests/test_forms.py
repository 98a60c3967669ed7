"""Parsing the five collaboration forms."""

import pytest

from localnet_helpers.inputs.forms import FORMS, form_label, parse_form


@pytest.mark.parametrize("value, depth", [
    (1, 1), ("2", 2), (3.0, 3), ("Videndele", 1), ("videndeling", 1), ("  SAMVIRKE ", 2),
    ("Fysisk bidrag", 3), ("Ressourceudveksle", 3), ("Samordne", 4), ("joint work", 4),
    ("Samskabelse", 5), ("Co-creation", 5),
])
def test_known_forms(value, depth):
    assert parse_form(value) == depth


@pytest.mark.parametrize("value", ["", None, float("nan"), 0, 6, "2.5", "Samarbejde", "1-2"])
def test_unknown_forms(value):
    assert parse_form(value) is None


def test_labels_in_both_languages_are_ordered_shallow_to_deep():
    assert [form_label(d) for d in sorted(FORMS)] == [
        "Videndele", "Samvirke", "Ressourceudveksle", "Samordne", "Samskabe"]
    assert form_label(5, "en") == "Co-creation"


def test_answers_match_ignoring_case_and_spacing():
    from localnet_helpers.inputs.codebook import DEFAULT_CODEBOOK
    from localnet_helpers.inputs.forms import answer_key

    assert answer_key(" Joint\u00a0 work ") == "joint work"
    assert DEFAULT_CODEBOOK.contact_value(" JA ") is True
    assert DEFAULT_CODEBOOK.contact_value("nej") is False
    assert DEFAULT_CODEBOOK.contact_value("måske") is None
