"""The texts files: every language says the same things, every text is used, a new language
is one file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from localnet_helpers import texts as texts_module
from localnet_helpers.report import blocks
from localnet_helpers.texts import LANGUAGES, load, load_file, texts

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def leaves(value, path: str = "") -> dict[str, str]:
    """Every text of a texts table by its dotted path (lists by index)."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((str(i), v) for i, v in enumerate(value))
    else:
        return {path: value}
    found = {}
    for key, item in items:
        found.update(leaves(item, f"{path}.{key}" if path else key))
    return found


def test_languages_are_the_files():
    assert LANGUAGES == ("da", "en")
    assert sorted(p.stem for p in (ROOT / "localnet_helpers" / "texts").glob("*.toml")) == \
        list(LANGUAGES)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "da"])
def test_every_language_has_the_same_keys_and_placeholders(language):
    danish, other = leaves(load("da")), leaves(load(language))
    assert sorted(other) == sorted(danish)
    for key, text in danish.items():
        assert isinstance(other[key], str) and isinstance(text, str), key
        assert set(PLACEHOLDER.findall(other[key])) == set(PLACEHOLDER.findall(text)), key


def _source() -> str:
    """The package's Python source and the notebooks' code."""
    parts = [p.read_text(encoding="utf-8")
             for p in sorted((ROOT / "localnet_helpers").rglob("*.py"))]
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        parts += ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    return "\n".join(parts)


def test_every_top_level_key_is_used():
    source = _source()
    unused = [key for key in load("da")
              if f'"{key}"' not in source and f"'{key}'" not in source]
    assert not unused, f"texts no code uses: {unused}"


def test_table_orders_follow_the_files():
    t = load("da")
    assert list(t["types"]) == ["professional", "volunteer", "citizen"]
    assert len(t["forms"]) == len(t["forms_aside"]) == len(t["forms_defs"]) == 5
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\")
               for lang in LANGUAGES for name in load(lang)["sheets"].values())


def test_hub_names_are_filled_in():
    t = texts("da", "Nordens Plads")
    assert t["networks"]["hub"] == "Nordens Plads' netværk"
    assert t["sections"][6] == "Nordens Plads' rækkevidde"
    assert texts("en", "Alpha Centre")["scopes"]["hub_relations"] == "Alpha Centre's own relations"
    assert "{hub_of}" in load("da")["networks"]["hub"]  # the cached texts stay templates
    assert blocks.texts is texts and blocks.genitive("Plads") == "Plads'"


def test_unknown_language_is_refused():
    with pytest.raises(KeyError, match="no texts for language 'xx'"):
        load("xx")


def test_a_third_language_is_one_more_file(tmp_path, monkeypatch):
    folder = tmp_path / "texts"
    folder.mkdir()
    for language in LANGUAGES:
        shutil.copy(ROOT / "localnet_helpers" / "texts" / f"{language}.toml", folder)
    english = (folder / "en.toml").read_text(encoding="utf-8")
    (folder / "xx.toml").write_text(
        english.replace('toc = "Contents"', 'toc = "Innhold"')
        .replace('default = "{name}\'s"', 'default = "{name}s"'), encoding="utf-8")
    assert load_file(folder / "xx.toml")["toc"] == "Innhold"
    monkeypatch.setattr(texts_module, "_FOLDER", folder)
    load.cache_clear()
    try:
        assert texts_module._languages() == ("da", "en", "xx")
        third = texts("xx", "Nordby")
        assert third["toc"] == "Innhold" and third["networks"]["hub"] == "Nordbys network"
        assert sorted(leaves(load("xx"))) == sorted(leaves(load("da")))
    finally:
        load.cache_clear()


@pytest.mark.parametrize("language", LANGUAGES)
def test_plain_words_and_real_minus_signs(language):
    """The report's own texts use one word for a thing and no raw hyphen as a minus."""
    t = load(language)
    shown = {k: v for k, v in leaves(t).items() if not k.startswith(("codebook", "questionnaire"))}
    assert not [k for k, v in shown.items() if "(ego)" in v or "Knudepunkt" in v], language
    assert not [k for k, v in shown.items() if re.search(r"(^|[\s(])-\d", v)], language
    assert t["numbers"]["minus"] == "\u2212"
    if language == "da":
        assert [k for k, v in shown.items() if " per " in v] == []  # "pr. aktør" throughout
        assert not [k for k, v in shown.items() if v in ("Betweenness", "Jaccard")]
