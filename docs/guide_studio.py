"""What every user-guide capture shares: the demo vault open in a main window in one language, and saving pictures.

Used by docs/guide_screens.py and docs/guide_first_run.py (run through docs/take_screenshots.py).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# What the guide's worker types into the app, in the guide's language (the demo's own people stay as shipped).
TYPED = {
    "en": {
        "first_name": "Ana", "languages": "es-MX, en", "place": "Drop-in centre",
        "notes": "First meeting. Ana came with a friend. I explained my role and what stays private.\n"
                 "She wants to think before deciding anything. We talked about work hours.",
        "stop": "She was tired. Next time: start with the housing form.",
        "promise": "Find the clinic's walk-in hours and text her",
        "recipient": "Cedar Lane Housing Society", "purpose": "Housing waiting list",
        "other": "Family support centre",
    },
    "fr": {
        "first_name": "Ana", "languages": "es-MX, fr", "place": "Centre de jour",
        "notes": "Première rencontre. Ana est venue avec une amie. J'ai expliqué mon rôle et ce qui reste "
                 "confidentiel.\nElle veut réfléchir avant de décider. Nous avons parlé des heures de travail.",
        "stop": "Elle était fatiguée. La prochaine fois\u00a0: commencer par le formulaire de logement.",
        "promise": "Trouver les heures sans rendez-vous de la clinique et les lui texter",
        "recipient": "Société d'habitation Cedar Lane", "purpose": "Liste d'attente pour un logement",
        "other": "Centre d'aide aux familles",
    },
}
PASSPHRASE = "screenshots only, not a real vault"  # noqa: S105 - a throwaway vault in a temp folder


@dataclass
class Studio:
    """The app, the demo vault and its main window in one language, and where the pictures go."""

    app: object
    locale: str
    out: Path
    work: Path
    saved: list[Path] = field(default_factory=list)
    context: object = None
    window: object = None

    @property
    def language(self) -> str:
        return self.locale.split("_")[0]

    @property
    def text(self) -> dict[str, str]:
        return TYPED.get(self.language, TYPED["en"])

    def settle(self) -> None:
        for _round in range(6):
            self.app.processEvents()

    def save(self, widget, name: str) -> Path:
        self.settle()
        path = self.out / f"{name}.png"
        widget.grab().save(str(path))
        self.saved.append(path)
        return path

    def client_id(self, first_name: str) -> int:
        from desktop.core.records import clients

        return next(c.id for c in clients.list_clients(self.context.db) if c.first_name == first_name)

    def close(self, *widgets) -> None:
        from PySide6.QtCore import QEvent

        for widget in widgets:
            if widget is not None:
                widget.close()
                widget.deleteLater()
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.settle()


def open_demo(app, locale: str, out: Path, work: Path) -> Studio:
    """The demo vault (the same fictional people ``harbour --demo`` shows) in a main window in ``locale``."""
    from PySide6.QtCore import QSettings

    from desktop.core.demo import demo_vault as demo
    from desktop.core.vault.keys import TEST_COST
    from desktop.core.vault.vault import Vault
    from desktop.i18n import setup_i18n
    from desktop.ui.shell.context import AppContext
    from desktop.ui.shell.main_window import MainWindow
    from desktop.ui.shell.preferences import Preferences
    from desktop.ui.shell.qt_i18n import setup_qt_translations
    from desktop.ui.widgets.clipboard_guard import ClipboardGuard

    setup_i18n(locale)
    setup_qt_translations(app, locale)
    folder = Path(tempfile.mkdtemp(prefix="guide-", dir=work))
    vault, _recovery = Vault.create(folder / "vault", PASSPHRASE, cost=TEST_COST)
    demo.seed(vault.db)
    preferences = Preferences(QSettings(str(folder / "prefs.ini"), QSettings.Format.IniFormat))
    preferences.set("ui_locale", locale)
    studio = Studio(app, locale, out, folder)
    studio.context = AppContext(vault, preferences, ClipboardGuard(), demo=True)
    studio.window = MainWindow(studio.context)
    studio.window.resize(1280, 800)
    studio.window.show()
    studio.settle()
    return studio


def close_demo(studio: Studio) -> None:
    vault = studio.context.vault
    studio.close(studio.window)
    vault.lock()
