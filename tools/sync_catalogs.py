"""Re-extract Harbour's UI strings and merge them into every catalog (the commands in CONTRIBUTING.md, in one go).

    .venv/bin/python tools/sync_catalogs.py

Fills the English catalog with the source text (en is complete by definition), brings every catalog's plural
forms (UI and scripts) to the CLDR data of the Babel the lock installs, compiles each translated UI catalog into the
desktop.mo beside it (what Harbour reads at start; committed, so an install needs no build step), and prints, per
language, the messages that still need a translation. After a merge that touched a .po, run it again: the .mo files
follow (tests/core/test_catalogs.py fails while one is stale).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PYBABEL = str(Path(sys.executable).with_name("pybabel"))
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-k", "pgettext:1c,2"]


def run(*args: str) -> None:
    subprocess.run([PYBABEL, *args], cwd=ROOT, check=True, capture_output=True)


def follow_babel_plural_forms(catalog: Catalog, locale: str) -> None:
    """Give the catalog the locked Babel's plural rule, and every plural message as many forms as the rule has.

    A form a language gains (French and Spanish gained CLDR's "many", for round millions) starts as a copy of the
    last one, the general plural, so nothing shows empty; a translator can refine it."""
    expected = Catalog(locale=locale)
    catalog._num_plurals, catalog._plural_expr = expected.num_plurals, expected.plural_expr
    for message in catalog:
        if message.id and message.pluralizable and isinstance(message.string, tuple | list):
            known = list(message.string)
            if not any(known):
                message.string = ("",) * expected.num_plurals
                continue
            while len(known) < expected.num_plurals:
                known.append(known[-1])
            message.string = tuple(known[: expected.num_plurals])


def compiled_ui_catalog(po: Path) -> bytes:
    """The desktop.mo bytes of one UI catalog: the same .po always gives the same bytes (Babel sorts the messages
    and takes every header field from the .po), so a stale .mo shows as a difference. Fuzzy and untranslated
    entries are left out: Harbour shows the English for them."""
    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name, abort_invalid=True)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    return compiled.getvalue()


def write_compiled_ui_catalogs() -> None:
    """desktop.mo beside each translated desktop.po (not English: Harbour shows its source text as it is)."""
    for po in sorted((ROOT / "i18n").glob("*/LC_MESSAGES/desktop.po")):
        if po.parent.parent.name == "en":
            continue
        mo = po.with_suffix(".mo")
        compiled = compiled_ui_catalog(po)
        if not mo.is_file() or mo.read_bytes() != compiled:
            mo.write_bytes(compiled)


SCRIPT_PLURAL_HEADER = re.compile(r'^"Plural-Forms: [^"]*\\n"$', re.MULTILINE)


def sync_script_catalog_headers() -> None:
    """Script catalogs hold no plural messages; only their header follows Babel, edited in place so the
    translators' layout and comments stay exactly as they are."""
    for po in sorted((ROOT / "resources" / "scripts").glob("*.po")):
        expected = Catalog(locale=po.stem).plural_forms
        text = po.read_text(encoding="utf-8")
        header = f"\"Plural-Forms: {expected}\\n\""
        updated = SCRIPT_PLURAL_HEADER.sub(lambda _match, header=header: header, text, count=1)
        if updated != text:
            po.write_text(updated, encoding="utf-8")


def main() -> int:
    run("extract", "-F", "i18n/babel.cfg", *KEYWORDS, "--project=Harbour", "--copyright-holder=Harbour contributors",
        "--add-comments=TRANSLATORS:", "--sort-by-file", "-o", "i18n/desktop.pot", "desktop")
    for po in sorted((ROOT / "i18n").glob("*/LC_MESSAGES/desktop.po")):
        locale = po.parent.parent.name
        run("update", "-i", "i18n/desktop.pot", "-d", "i18n", "-D", "desktop", "-l", locale,
            "--no-fuzzy-matching", "--ignore-obsolete")
        with po.open("rb") as source:
            catalog = read_po(source, locale=locale)
        follow_babel_plural_forms(catalog, locale)
        missing = []
        for message in catalog:
            if not message.id:
                continue
            if locale == "en":
                message.string = message.id
                message.flags.discard("fuzzy")
                continue
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(forms):
                missing.append(message.id[0] if isinstance(message.id, tuple) else message.id)
        with po.open("wb") as target:
            write_po(target, catalog, width=120, sort_by_file=True, ignore_obsolete=True)
        print(f"{locale}: {len(missing)} to translate")
        for msgid in missing:
            print(f"    {msgid!r}")
    sync_script_catalog_headers()
    write_compiled_ui_catalogs()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
