"""The catalogs Harbour reads at runtime (the compiled UI catalogs i18n/*/LC_MESSAGES/desktop.mo, the client
scripts' .po files in resources/scripts/) may be damaged on disk or edited by hand, and so may the UI .po files the
compiled ones are made from: a damaged or hostile catalog falls back (English, with a warning or the "not
translated yet" marker) or raises the project's own error, never an uncaught exception, and no translation can
make ``_(...).format(...)`` fail."""

from __future__ import annotations

import io
import itertools
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from desktop import i18n
from desktop.core.scripts import catalogs as scripts
from desktop.core.scripts.catalogs import ReviewStatus, ScriptCatalogDamaged
from tests.reliability.fuzz_inputs import FUZZ, hostile

ROOT = Path(__file__).resolve().parents[2]
UI_CATALOG = i18n.i18n_dir() / "fr_CA" / "LC_MESSAGES" / "desktop.po"
UI_COMPILED = UI_CATALOG.with_suffix(".mo")
SCRIPTS = scripts.scripts_dir()
_counter = itertools.count()

sys.path.insert(0, str(ROOT / "tools"))
from sync_catalogs import compiled_ui_catalog  # noqa: E402  (what tools/sync_catalogs.py ships as desktop.mo)

sys.path.remove(str(ROOT / "tools"))


def _format_arguments(text: str) -> dict[str, str]:
    fields = i18n._fields(text) or {}
    return {name: "x" for name, _conversion, _spec in fields if name}


with UI_CATALOG.open("rb") as _source:
    UI_MESSAGES = [message for message in read_po(_source) if message.id]


def _check_ui_catalog(translations) -> None:
    """Every shipped message translates, and formats with the arguments its English source takes."""
    for message in UI_MESSAGES:
        if isinstance(message.id, tuple):
            singular, plural = message.id
            for count in (0, 1, 2, 5, 21, 101):
                text = translations.ngettext(singular, plural, count)
                text.format(**_format_arguments(singular + plural))
        elif message.context:
            translations.pgettext(message.context, message.id).format(**_format_arguments(message.id))
        else:
            translations.gettext(message.id).format(**_format_arguments(message.id))


def _ui_catalog_folder(root: Path, compiled: bytes) -> Path:
    """An i18n folder whose French catalog is ``compiled`` (the bytes of a desktop.mo)."""
    folder = root / f"i18n-{next(_counter)}"
    (folder / "fr_CA" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "fr_CA" / "LC_MESSAGES" / "desktop.mo").write_bytes(compiled)
    return folder


def _compiled_from_po(root: Path, po_text: bytes) -> bytes:
    """What tools/sync_catalogs.py would ship for a French .po holding ``po_text``."""
    po = root / f"po-{next(_counter)}" / "fr_CA" / "LC_MESSAGES" / "desktop.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(po_text)
    return compiled_ui_catalog(po)


def _assert_loaded_or_english_with_a_reason(translations) -> None:
    problem = i18n.load_problem()
    if problem is not None:
        assert "fr_CA" in problem and "cannot be read" in problem
        assert type(translations) is i18n.gettext.NullTranslations
    _check_ui_catalog(translations)


def test_hostile_compiled_ui_catalog_loads_or_falls_back_to_english_with_a_reason(tmp_path, monkeypatch):
    @FUZZ
    @given(data=hostile(UI_COMPILED.read_bytes()))
    def check(data):
        folder = _ui_catalog_folder(tmp_path, data)
        monkeypatch.setattr(i18n, "i18n_dir", lambda: folder)
        _assert_loaded_or_english_with_a_reason(i18n.load_catalog("fr_CA"))

    check()


def test_hostile_ui_po_is_refused_when_compiled_or_its_catalog_is_safe(tmp_path, monkeypatch):
    """A damaged .po stops tools/sync_catalogs.py with Babel's reason (nothing is written), or what it compiles to
    loads as any shipped catalog does."""
    @FUZZ
    @given(data=hostile(UI_CATALOG.read_bytes()))
    def check(data):
        try:
            compiled = _compiled_from_po(tmp_path, data)
        except i18n.po_read_errors():
            return
        monkeypatch.setattr(i18n, "i18n_dir", lambda: _ui_catalog_folder(tmp_path, compiled))
        _assert_loaded_or_english_with_a_reason(i18n.load_catalog("fr_CA"))

    check()


@pytest.mark.parametrize("damage, expected", [
    (lambda text: text.replace('msgstr "Annuler"', 'msgstr "{x}Annuler"'), "Cancel"),     # a stranger placeholder
    (lambda text: text.replace('msgstr "Annuler"', 'msgstr "Annuler {"'), "Cancel"),      # a stray brace
    (lambda text: text.replace('msgstr "Annuler"', 'msgstr "{0.__class__}"'), "Cancel"),  # attribute access
], ids=["new-placeholder", "stray-brace", "attribute"])
def test_a_translation_with_other_placeholders_shows_the_english_instead(tmp_path, monkeypatch, damage, expected):
    compiled = _compiled_from_po(tmp_path, damage(UI_CATALOG.read_text(encoding="utf-8")).encode("utf-8"))
    monkeypatch.setattr(i18n, "i18n_dir", lambda: _ui_catalog_folder(tmp_path, compiled))
    translations = i18n.load_catalog("fr_CA")
    assert i18n.load_problem() is None
    assert translations.gettext("Cancel") == expected
    assert translations.gettext("Save as") == "Enregistrer sous"  # the rest of the catalog is still used


def _compiled(*messages: tuple) -> bytes:
    catalog = Catalog(locale="fr_CA")
    for message in messages:
        catalog.add(*message)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def test_a_hand_made_catalog_cannot_widen_the_placeholders_through_its_own_english(tmp_path, monkeypatch):
    """A .mo names its English too: one that claims a plural English with {path} in it, or an empty translation,
    still gives the English the code asked with (the check is against the code's words, not the file's)."""
    compiled = _compiled((("{count} client", "{count} clients {path.__class__}"),
                          ("{count} personne", "{path.__class__.__mro__}")),
                         ("{count} client in {place}", ""), ("Save as", "Enregistrer sous"))
    monkeypatch.setattr(i18n, "i18n_dir", lambda: _ui_catalog_folder(tmp_path, compiled))
    translations = i18n.load_catalog("fr_CA")
    assert translations.ngettext("{count} client", "{count} clients", 5) == "{count} clients"
    assert translations.ngettext("{count} client", "{count} clients", 1) == "{count} personne"
    assert translations.gettext("Save as") == "Enregistrer sous"
    assert translations.gettext("{count} client in {place}") == "{count} client in {place}"


def test_any_translation_text_formats_or_shows_the_english(tmp_path, monkeypatch):
    """Random text (braces, specs, conversions, attribute access) as the translation of strings with placeholders:
    formatting with the source's arguments never fails."""
    pieces = st.sampled_from(["{path}", "{count}", "{", "}", "{}", "{0}", "{path!r}", "{path:>9999999999}",
                              "{path.__class__}", "{count[0]}", "{{", "}}", "{other}", "Enregistré", " "])

    @FUZZ
    @given(texts=st.lists(st.lists(pieces | st.text(max_size=5)).map("".join), min_size=3, max_size=3))
    def check(texts):
        compiled = _compiled(("Saved to {path}.", texts[0]),
                             (("{count} day overdue", "{count} days overdue"), (texts[1], texts[2])))
        monkeypatch.setattr(i18n, "i18n_dir", lambda: _ui_catalog_folder(tmp_path, compiled))
        translations = i18n.load_catalog("fr_CA")
        translations.gettext("Saved to {path}.").format(path="/tmp/x")
        for count in (0, 1, 2, 7):
            translations.ngettext("{count} day overdue", "{count} days overdue", count).format(count=count)

    check()


def test_a_plural_rule_that_divides_by_zero_falls_back_to_the_english_rule(tmp_path, monkeypatch):
    text = UI_CATALOG.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms:')
    end = text.index("\n", start)
    compiled = _compiled_from_po(tmp_path, (text[:start] + '"Plural-Forms: nplurals=3; plural=(n/(n-3));\\n"'
                                            + text[end:]).encode("utf-8"))
    monkeypatch.setattr(i18n, "i18n_dir", lambda: _ui_catalog_folder(tmp_path, compiled))
    translations = i18n.load_catalog("fr_CA")
    assert i18n.load_problem() is None and translations.gettext("Cancel") == "Annuler"  # the catalog is in use
    for count in range(6):
        translations.ngettext("{count} client", "{count} clients", count).format(count=count)


def test_a_stored_ui_language_never_names_a_path(tmp_path):
    outside = tmp_path / "outside" / "LC_MESSAGES"
    outside.mkdir(parents=True)
    shutil.copy(UI_COMPILED, outside / "desktop.mo")  # a French catalog outside the shipped folder
    for hostile_locale in ("../../" + str(tmp_path / "outside"), str(tmp_path / "outside"), "", "\0", "fr_CA\\",
                           None, 42):
        assert i18n.load_catalog(hostile_locale).gettext("Cancel") == "Cancel"
        assert i18n.load_problem() is None


def test_damaged_ui_catalog_is_named_in_the_warning_and_the_app_goes_on_in_english(tmp_path, monkeypatch, caplog):
    folder = _ui_catalog_folder(tmp_path, UI_COMPILED.read_bytes()[:40])  # cut short
    monkeypatch.setattr(i18n, "i18n_dir", lambda: folder)
    try:
        i18n.setup_i18n("fr_CA")
        assert i18n._("Cancel") == "Cancel"
        assert "fr_CA" in i18n.load_problem() and "fr_CA" in caplog.text
    finally:
        monkeypatch.undo()
        i18n.setup_i18n("en")


# -- script catalogs ------------------------------------------------------------------------------------------------
def _scripts_folder(root: Path, catalog: bytes | None = None, template: bytes | None = None) -> Path:
    """A copy of the shipped scripts with one catalog (fr) or the template replaced. A fresh folder each time:
    the loader caches by path and modification time."""
    folder = Path(tempfile.mkdtemp(dir=root))
    for name in ("scripts.pot", "en.po", "fr.po"):
        shutil.copy(SCRIPTS / name, folder / name)
    if catalog is not None:
        (folder / "fr.po").write_bytes(catalog)
    if template is not None:
        (folder / "scripts.pot").write_bytes(template)
    return folder


def test_hostile_script_catalog_shows_the_english_marked_as_missing(tmp_path, monkeypatch):
    @FUZZ
    @given(data=hostile((SCRIPTS / "fr.po").read_bytes()))
    def check(data):
        monkeypatch.setattr(scripts, "scripts_dir", lambda: _scripts_folder(tmp_path, catalog=data))
        for script_id in scripts.script_ids():
            script = scripts.load_script(script_id, "fr")
            for paragraph in script.paragraphs:
                assert paragraph.text.strip(), "never a blank paragraph"
                if paragraph.status is ReviewStatus.MISSING:
                    assert paragraph.text == paragraph.source
                paragraph.filled({"worker_name": "Sam", "organisation": "Harbour"})
            english = scripts.load_script(script_id, "en")
            assert len(scripts.align(english, script)) == len(english.paragraphs)
        review = scripts.review("fr")
        assert review.reviewer is None or review.reviewer.strip()

    check()


def test_unreadable_script_catalog_marks_every_paragraph_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(scripts, "scripts_dir", lambda: _scripts_folder(tmp_path, catalog=b"\xff\xfe\x00garbage"))
    script = scripts.load_script("role", "fr")
    assert {p.status for p in script.paragraphs} == {ReviewStatus.MISSING}
    assert scripts.review("fr").reviewer is None


def test_hostile_script_template_loads_or_raises_the_project_error(tmp_path, monkeypatch):
    @FUZZ
    @given(data=hostile((SCRIPTS / "scripts.pot").read_bytes()))
    def check(data):
        monkeypatch.setattr(scripts, "scripts_dir", lambda: _scripts_folder(tmp_path, template=data))
        try:
            ids = scripts.script_ids()
        except ScriptCatalogDamaged as damaged:
            assert "scripts.pot" in damaged.message and "Reinstall" in damaged.message
            return
        for script_id in ids:
            script = scripts.load_script(script_id, "fr")
            assert all(p.number >= 0 and p.text for p in script.paragraphs)

    check()


def test_missing_script_template_raises_the_project_error(tmp_path, monkeypatch):
    folder = _scripts_folder(tmp_path)
    (folder / "scripts.pot").unlink()
    monkeypatch.setattr(scripts, "scripts_dir", lambda: folder)
    with pytest.raises(ScriptCatalogDamaged, match="missing"):
        scripts.script_ids()
