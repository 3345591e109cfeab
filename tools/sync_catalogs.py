"""Re-extract Harbour's UI strings and merge them into every catalog (the commands in CONTRIBUTING.md, in one go).

    .venv/bin/python tools/sync_catalogs.py

Fills the English catalog with the source text (en is complete by definition) and prints, per language, the
messages that still need a translation.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PYBABEL = str(Path(sys.executable).with_name("pybabel"))
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-k", "pgettext:1c,2"]


def run(*args: str) -> None:
    subprocess.run([PYBABEL, *args], cwd=ROOT, check=True, capture_output=True)


def main() -> int:
    run("extract", "-F", "i18n/babel.cfg", *KEYWORDS, "--project=Harbour", "--copyright-holder=Harbour contributors",
        "--add-comments=TRANSLATORS:", "--sort-by-file", "-o", "i18n/desktop.pot", "desktop")
    for po in sorted((ROOT / "i18n").glob("*/LC_MESSAGES/desktop.po")):
        locale = po.parent.parent.name
        run("update", "-i", "i18n/desktop.pot", "-d", "i18n", "-D", "desktop", "-l", locale,
            "--no-fuzzy-matching", "--ignore-obsolete")
        with po.open("rb") as source:
            catalog = read_po(source, locale=locale)
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
