"""Screenshots from the real app: every main section for docs/screenshots/, and the user guide's pictures for
docs/guide/en/ and docs/guide/fr/ (see docs/guide_screens.py). Rerun after changing a screen:

    .venv/bin/python docs/take_screenshots.py                  # both sets, English and French (Canada)
    .venv/bin/python docs/take_screenshots.py --only sections  # docs/screenshots/ only
    .venv/bin/python docs/take_screenshots.py --only guide     # docs/guide/ only
    .venv/bin/python docs/take_screenshots.py --only sections --theme dark --locales en --tag -dark

It renders offscreen (no display needed; fonts come from the system and Harbour's bundled Noto). Everything is
fictional and lives in a temp folder that is deleted at the end; nothing is written to the real settings or data
folders.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = Path(__file__).resolve().parent
for _path in (ROOT, DOCS):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))


def isolate(home: Path) -> None:
    """Point Qt's settings and data folders into ``home``, so no run touches the real ones."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# The fictional data in the worker's language, so each set of screenshots reads as one language.
TEXT = {
    "en": {
        "safe": "Text first, weekday evenings", "place": "Community centre", "tag": "farm",
        "notes": "Met at the community centre. Talked about work hours and housing.",
        "clinic": "Find a clinic open on Saturdays", "housing": "Call back about the housing form",
        "phone": "Book a phone interpreter for Tagalog", "purpose": "Book an interpreter for the clinic visit",
        "other": "Family support centre",
    },
    "fr": {
        "safe": "Texter d'abord, les soirs de semaine", "place": "Centre communautaire", "tag": "ferme",
        "notes": "Rencontre au centre communautaire. Nous avons parlé des heures de travail et du logement.",
        "clinic": "Trouver une clinique ouverte le samedi", "housing": "Rappeler au sujet du formulaire de logement",
        "phone": "Réserver un interprète au téléphone pour le tagalog",
        "purpose": "Réserver un interprète pour la visite à la clinique", "other": "Centre d'aide aux familles",
    },
}


def seed(db, language: str = "en") -> None:
    """A few fictional people, sessions, promises, interpreters, a booking, a consent and audit entries."""
    from desktop.core.consent import consents as consent
    from desktop.core.consent import gate as egress
    from desktop.core.interpreters import bookings, roster_io
    from desktop.core.profile import settings
    from desktop.core.records import clients, promises, sessions

    text = TEXT.get(language, TEXT["en"])
    settings.put(db, "worker_name", "Alex")
    settings.put(db, "organisation", "Harbour Demo Outreach")
    roster_io.import_csv(db, (ROOT / "resources" / "demo" / "interpreters.csv").read_bytes())
    today = date.today()
    now = datetime.now(UTC).replace(microsecond=0)
    maria = clients.create_client(db, "Maria", languages=["es-MX", "en"], interpreter_gender="female",
                                  tags=[text["tag"]], safe_contact=text["safe"])
    jun = clients.create_client(db, "Jun", languages=["tl"], reads_language=False, interpreter_modality="phone")
    clients.create_client(db, "Sam", languages=["en"], age_group="minor")
    first = sessions.create_session(db, maria.id, started_at=now - timedelta(days=3), place=text["place"],
                                    worker="Alex", language="es-MX", notes=text["notes"])
    sessions.create_session(db, jun.id, started_at=now - timedelta(days=1), worker="Alex", language="tl")
    promises.add_promise(db, maria.id, text["clinic"], today - timedelta(days=2), session_id=first.id)
    promises.add_promise(db, maria.id, text["housing"], today)
    promises.add_promise(db, jun.id, text["phone"], today + timedelta(days=3), kind="follow_up")
    agency = "Pretend Language Services (demo)"
    consent.record_consent(db, client_id=maria.id, purpose=text["purpose"], recipient=agency,
                           categories=["first_name", "language_needs"], method="verbal_interpreter",
                           recorded_by="Alex", interpreter_name="Wing", help_not_conditional_explained=True,
                           risks_discussed=True)
    egress.release(db, client_id=maria.id, recipient=agency, purpose=text["purpose"],
                   categories=["first_name", "language_needs"], channel="clipboard", worker="Alex")
    with contextlib.suppress(egress.ConsentRequired):  # no consent for this recipient: refused, and logged too
        egress.release(db, client_id=maria.id, recipient=text["other"], purpose=text["purpose"],
                       categories=["first_name"], channel="email", address="intake@example.org", worker="Alex")
    start = datetime.combine(today + timedelta(days=1), datetime.min.time()).replace(hour=10)
    zone_name = "America/Vancouver"  # the organisation zone the bookings screens show (not the machine's UTC)
    bookings.create_booking(db, starts_at=bookings.local_moment(start, zone_name),
                            ends_at=bookings.local_moment(start + timedelta(hours=1), zone_name),
                            timezone=zone_name, client_id=maria.id, language="es-MX", place=text["place"],
                            worker="Alex")


def shoot(locale: str, out: Path, theme_name: str, zoom: int, only: list[str], tag: str = "", *,
          work: Path) -> list[Path]:
    """Every main section (or those in ``only``) of a seeded vault, one PNG each, named <section>-<lang><tag>.png."""
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.core.vault.keys import TEST_COST
    from desktop.core.vault.vault import Vault
    from desktop.i18n import setup_i18n
    from desktop.ui.shell.context import AppContext
    from desktop.ui.shell.preferences import Preferences
    from desktop.ui.shell.qt_i18n import setup_qt_translations
    from desktop.ui.shell.sections import SECTIONS
    from desktop.ui.shell.theme import apply_theme
    from desktop.ui.widgets.clipboard_guard import ClipboardGuard
    from desktop.ui.widgets.operations import wait_for_running

    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup_i18n(locale)
    setup_qt_translations(app, locale)
    apply_theme(app, theme_name, zoom)
    folder = Path(tempfile.mkdtemp(prefix="vault-", dir=work))
    vault, _recovery = Vault.create(folder / "vault", "screenshots only", cost=TEST_COST)
    seed(vault.db, locale.split("_")[0])
    preferences = Preferences(QSettings(str(folder / "prefs.ini"), QSettings.Format.IniFormat))
    preferences.set("ui_locale", locale)
    context = AppContext(vault, preferences, ClipboardGuard(), demo=False)

    from desktop.ui.shell.main_window import MainWindow

    window = MainWindow(context)
    window.resize(1400, 880)
    window.show()
    saved = []
    suffix = locale.split("_")[0]
    for section in SECTIONS:
        if only and section.key not in only:
            continue
        window.navigate(section.key)
        wait_for_running()  # screens that read their rows on a worker thread (the interpreter directory)
        for _round in range(5):
            app.processEvents()
        path = out / f"{section.key}-{suffix}{tag}.png"
        window.grab().save(str(path))
        saved.append(path)
    if locale == "en" and not tag and (not only or "scripts" in only):
        saved += _scripts_in_other_alphabets(app, window, out)
    window.close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    vault.lock()
    return saved


# Scripts that are not in the Latin alphabet, for README and docs/SCRIPTS.md: (language tag, file suffix).
OTHER_ALPHABETS = [("pa-Guru", "pa"), ("ar", "ar"), ("zh-Hans", "zh")]


def _scripts_in_other_alphabets(app, window, out: Path) -> list[Path]:
    """The confidentiality script side by side with Punjabi, Arabic and Chinese, three paragraphs read."""
    from desktop.core.records import clients, sessions

    maria = next(c for c in clients.list_clients(window.context.db) if c.first_name == "Maria")
    newest = sessions.sessions_for_client(window.context.db, maria.id)[0]
    window.navigate("scripts", {"script": "confidentiality", "session_id": newest.id})
    view = window.section_widget("scripts")
    view.resize(1300, 790)
    saved = []
    for tag, suffix in OTHER_ALPHABETS:
        view.client_picker.select_tag(tag)
        for _paragraph in range(3):
            view.mark_read()
        for _round in range(5):
            app.processEvents()
        path = out / f"scripts-{suffix}.png"
        view.grab().save(str(path))
        saved.append(path)
    return saved


# The variants in docs/screenshots/ besides the plain sets: (locale, theme, zoom, sections, tag).
VARIANTS = [
    ("en", "dark", 100, ["bookings", "scripts"], "-dark"),
    ("fr_CA", "high-contrast", 150, ["clients", "today"], "-high-contrast-150"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sections", "guide"], help="one set only (default: both)")
    parser.add_argument("--out", type=Path, default=DOCS / "screenshots", help="where the section pictures go")
    parser.add_argument("--guide-out", type=Path, default=DOCS / "guide", help="where the guide's en/ and fr/ go")
    parser.add_argument("--theme", help="one theme only (light, dark, high-contrast) instead of the usual sets")
    parser.add_argument("--zoom", type=int, default=100)
    parser.add_argument("--locales", nargs="+", default=["en", "fr_CA"])
    parser.add_argument("--sections", nargs="*", default=[])
    parser.add_argument("--tag", default="", help="appended to file names, e.g. -dark-200")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="harbour-screenshots-"))
    isolate(work)
    from desktop.core.vault import keys

    keys.allow_test_cost()  # fictional vaults only, made fast as the demo's are (run on its own, not under pytest)
    from PySide6.QtWidgets import QApplication

    from desktop.ui.scripts.fonts import load_bundled_fonts

    app = QApplication.instance() or QApplication(sys.argv[:1])
    load_bundled_fonts()
    try:
        if args.only in (None, "sections"):
            args.out.mkdir(parents=True, exist_ok=True)
            runs = [(locale, args.theme or "light", args.zoom, args.sections, args.tag) for locale in args.locales]
            if args.theme is None and not args.tag and not args.sections:
                runs += VARIANTS
            for locale, theme_name, zoom, only, tag in runs:
                for path in shoot(locale, args.out, theme_name, zoom, only, tag, work=work):
                    print(path)
        if args.only in (None, "guide"):
            from guide_screens import shoot_guide

            from desktop.ui.shell.theme import apply_theme

            apply_theme(app, "light", 100)
            for locale in args.locales:
                for path in shoot_guide(app, locale, args.guide_out / locale.split("_")[0], work):
                    print(path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
