"""Screenshots of every main section, in English and French (Canada), for docs/screenshots/.

Run under a real X server so fonts render as the worker sees them:

    Xvfb :7 -screen 0 1400x900x24 &
    DISPLAY=:7 QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshots.py [--theme light] [--zoom 100] [--out DIR]

Everything is fictional and lives in a temp folder that is deleted at the end; nothing is written to the real
settings or data folders.
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
sys.path.insert(0, str(ROOT))
_HOME = Path(tempfile.mkdtemp(prefix="harbour-screenshots-"))
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(_HOME / _name.lower())


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
    from desktop.core import bookings, clients, consent, egress, promises, roster_io, sessions, settings

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
                       categories=["first_name"], channel="email", worker="Alex")
    start = datetime.combine(today + timedelta(days=1), datetime.min.time()).replace(hour=10)
    zone_name = bookings.default_zone()
    bookings.create_booking(db, starts_at=bookings.local_moment(start, zone_name),
                            ends_at=bookings.local_moment(start + timedelta(hours=1), zone_name),
                            timezone=zone_name, client_id=maria.id, language="es-MX", place=text["place"],
                            worker="Alex")


def shoot(locale: str, out: Path, theme_name: str, zoom: int, only: list[str], tag: str = "") -> list[Path]:
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.core.keys import TEST_COST
    from desktop.core.vault import Vault
    from desktop.i18n import setup_i18n
    from desktop.ui.clipboard import ClipboardGuard
    from desktop.ui.context import AppContext
    from desktop.ui.preferences import Preferences
    from desktop.ui.qt_i18n import setup_qt_translations
    from desktop.ui.sections import SECTIONS
    from desktop.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup_i18n(locale)
    setup_qt_translations(app, locale)
    apply_theme(app, theme_name, zoom)
    folder = Path(tempfile.mkdtemp(prefix="vault-", dir=_HOME))
    vault, _recovery = Vault.create(folder / "vault", "screenshots only", cost=TEST_COST)
    seed(vault.db, locale.split("_")[0])
    preferences = Preferences(QSettings(str(folder / "prefs.ini"), QSettings.Format.IniFormat))
    preferences.set("ui_locale", locale)
    context = AppContext(vault, preferences, ClipboardGuard(), demo=False)

    from desktop.ui.main_window import MainWindow

    window = MainWindow(context)
    window.resize(1400, 880)
    window.show()
    saved = []
    suffix = locale.split("_")[0]
    for section in SECTIONS:
        if only and section.key not in only:
            continue
        window.navigate(section.key)
        for _round in range(5):
            app.processEvents()
        path = out / f"{section.key}-{suffix}{tag}.png"
        window.grab().save(str(path))
        saved.append(path)
    window.close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    vault.lock()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--zoom", type=int, default=100)
    parser.add_argument("--locales", nargs="+", default=["en", "fr_CA"])
    parser.add_argument("--sections", nargs="*", default=[])
    parser.add_argument("--tag", default="", help="appended to file names, e.g. -dark-200")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        for locale in args.locales:
            for path in shoot(locale, args.out, args.theme, args.zoom, args.sections, args.tag):
                print(path)
    finally:
        shutil.rmtree(_HOME, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
