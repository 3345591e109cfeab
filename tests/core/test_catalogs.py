"""The UI catalogs are complete: every message in a fresh extraction of desktop/ has a checked French (Canada)
translation with the same placeholders, the right number of plural forms, and a mnemonic where the source has one.
"""

from __future__ import annotations

import gettext
import re
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from desktop import i18n

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "i18n"
COMPLETE_LOCALES = ["en", "fr_CA", "es"]
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")
MNEMONIC = re.compile(r"&(?!&)(\w)")


def extract() -> dict[str | tuple[str, str], str]:
    """A fresh extraction of desktop/ with the same map and keywords as CONTRIBUTING.md: msgid -> 'file:line'."""
    with (I18N / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = dict(DEFAULT_KEYWORDS)
    found: dict[str | tuple[str, str], str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT / "desktop"), method_map, options_map, keywords=keywords):
        found.setdefault(message, f"desktop/{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def extracted():
    return extract()


def load(locale: str) -> Catalog:
    with (I18N / locale / "LC_MESSAGES" / "desktop.po").open("rb") as source:
        return read_po(source, locale=locale)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def forms(value) -> list[str]:
    return list(value) if isinstance(value, (tuple, list)) else [value]


def test_extraction_finds_the_ui_strings(extracted):
    assert "Clients" in extracted
    assert ("Due in {count} day", "Due in {count} days") in extracted


def test_template_is_up_to_date(extracted):
    with (I18N / "desktop.pot").open("rb") as source:
        template = read_po(source)
    missing = [f"{where}: {message!r}" for message, where in extracted.items()
               if template.get(message[0] if isinstance(message, tuple) else message) is None]
    assert not missing, "Re-extract i18n/desktop.pot (see CONTRIBUTING.md). Missing:\n" + "\n".join(missing)


@pytest.mark.parametrize("locale", COMPLETE_LOCALES)
def test_catalog_translates_every_extracted_message(locale, extracted):
    catalog = load(locale)
    problems = []
    for message, where in extracted.items():
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(msgid)
        if entry is None:
            problems.append(f"{where}: missing {msgid!r}")
        elif entry.fuzzy:
            problems.append(f"{where}: fuzzy (not checked) {msgid!r}")
        elif not all(form.strip() for form in forms(entry.string)):
            problems.append(f"{where}: empty translation {msgid!r}")
        elif isinstance(message, tuple) != entry.pluralizable:
            problems.append(f"{where}: plural in one and not the other {msgid!r}")
    assert not problems, f"{locale}: run the update in CONTRIBUTING.md and translate:\n" + "\n".join(problems)


@pytest.mark.parametrize("locale", COMPLETE_LOCALES)
def test_translations_keep_the_placeholders(locale):
    catalog = load(locale)
    # A singular form may say "once" instead of "{count}" only where it is used for the number 1 alone.
    singular_is_only_one = gettext.c2py(catalog.plural_expr)(0) != 0
    problems = []
    for entry in catalog:
        if not entry.id or not entry.string:
            continue
        expected = set().union(*(placeholders(text) for text in forms(entry.id)))
        for index, form in enumerate(forms(entry.string)):
            found = placeholders(form)
            may_drop = entry.pluralizable and index == 0 and singular_is_only_one
            if form and not (found == expected or (may_drop and found <= expected)):
                problems.append(f"{entry.id!r} -> {form!r}")
    assert not problems, "Placeholders differ:\n" + "\n".join(problems)


@pytest.mark.parametrize("locale", COMPLETE_LOCALES)
def test_plural_forms_follow_the_language(locale):
    catalog = load(locale)
    expected = Catalog(locale=locale)
    assert catalog.plural_forms == expected.plural_forms
    for entry in catalog:
        if entry.id and entry.pluralizable and entry.string:
            assert len(forms(entry.string)) == expected.num_plurals, entry.id


@pytest.mark.parametrize("locale", COMPLETE_LOCALES)
def test_mnemonics_survive_translation(locale):
    """A menu or label with an Alt+letter shortcut keeps exactly one in the translation."""
    problems = []
    for entry in load(locale):
        if not entry.id or not entry.string:
            continue
        for source, translation in zip(forms(entry.id), forms(entry.string), strict=False):
            if len(MNEMONIC.findall(source)) != len(MNEMONIC.findall(translation)):
                problems.append(f"{source!r} -> {translation!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("po", sorted((ROOT / "resources" / "scripts").glob("*.po")), ids=lambda po: po.stem)
def test_script_catalogs_declare_the_locked_babels_plural_forms(po):
    """The client scripts' catalogs follow the same CLDR data as the UI (tools/sync_catalogs.py brings both)."""
    with po.open("rb") as source:
        catalog = read_po(source, locale=po.stem)
    assert catalog.plural_forms == Catalog(locale=po.stem).plural_forms


def test_french_plural_forms_choose_singular_for_zero_and_one():
    catalog = i18n.load_catalog("fr_CA")
    assert catalog.ngettext("Due in {count} day", "Due in {count} days", 1) == "Échéance dans {count} jour"
    assert catalog.ngettext("Due in {count} day", "Due in {count} days", 0) == "Échéance dans {count} jour"
    assert catalog.ngettext("Due in {count} day", "Due in {count} days", 2) == "Échéance dans {count} jours"


def test_french_catalog_is_used_at_runtime():
    try:
        i18n.setup_i18n("fr_CA")
        assert i18n._("Clients") == "Personnes"
    finally:
        i18n.setup_i18n("en")



def test_the_english_catalog_only_repeats_the_source_so_english_needs_no_catalog_at_run_time():
    """desktop.i18n skips reading i18n/en (a start-up cost, issue 18) because every entry equals its source."""
    from babel.messages.pofile import read_po

    with open(i18n.i18n_dir() / "en" / "LC_MESSAGES" / "desktop.po", "rb") as source:
        catalog = read_po(source)
    assert [message.id for message in catalog if message.id and message.string and message.string != message.id] == []
    i18n.setup_i18n("en")
    assert i18n._("Clients") == "Clients" and i18n.ngettext("{count} match", "{count} matches", 2) == "{count} matches"


def _compiled(po: Path) -> bytes:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from sync_catalogs import compiled_ui_catalog
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return compiled_ui_catalog(po)


@pytest.mark.parametrize("locale", [locale for locale in COMPLETE_LOCALES if locale != i18n.SOURCE_LOCALE])
def test_each_translation_ships_a_compiled_catalog_in_step_with_its_po(locale):
    """Harbour reads desktop.mo, translators edit desktop.po: a .mo left behind would ship old words. The fix is
    `.venv/bin/python tools/sync_catalogs.py` (also after a merge that touched a .po)."""
    po = I18N / locale / "LC_MESSAGES" / "desktop.po"
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} is missing: run tools/sync_catalogs.py"
    assert mo.read_bytes() == _compiled(po), f"{mo} is not in step with {po.name}: run tools/sync_catalogs.py"


def test_every_compiled_catalog_has_its_po_and_english_has_none():
    compiled = {mo.parent.parent.name for mo in I18N.glob("*/LC_MESSAGES/*.mo")}
    sources = {po.parent.parent.name for po in I18N.glob("*/LC_MESSAGES/desktop.po")}
    assert compiled == sources - {i18n.SOURCE_LOCALE}
    assert i18n.available_ui_locales() == sorted(sources)
