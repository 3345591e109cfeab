"""Entry point: ``harbour`` / ``python -m desktop``. Parses the command line, then hands over to the controller."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from desktop import __version__
from desktop.core.vault.hardening import disable_core_dumps
from desktop.i18n import _


def parse_args(argv: list[str] | None) -> SimpleNamespace:
    """``demo``, ``vault`` (a Path or None) and ``lang`` from the command line.

    The usual ones (``harbour``, ``harbour --demo``, ``--vault FOLDER``, ``--lang LOCALE``) are read here: building
    argparse's parser, with its translated help, costs the first window time (issue 18's start-up). Anything else
    (``--help``, ``--version``, a mistake, an abbreviation argparse accepts) goes to argparse, which answers as it
    always has."""
    usual = _usual_args(sys.argv[1:] if argv is None else argv)
    return usual if usual is not None else _parse_with_argparse(argv)


def _usual_args(argv: list[str]) -> SimpleNamespace | None:
    """The arguments when each is a usual option, spelt out and given once, else None (argparse then decides)."""
    found: dict[str, object] = {}
    rest = list(argv)
    while rest:
        option, equals, value = rest.pop(0).partition("=")
        if option in found or option not in ("--demo", "--vault", "--lang") or (option == "--demo" and equals):
            return None
        if option != "--demo" and not equals:
            if not rest or rest[0].startswith("-"):  # argparse's word on a missing or option-like value
                return None
            value = rest.pop(0)
        found[option] = option == "--demo" or value
    vault = found.get("--vault")
    return SimpleNamespace(demo=found.get("--demo", False), vault=None if vault is None else Path(vault),
                           lang=found.get("--lang"))


def _parse_with_argparse(argv: list[str] | None) -> SimpleNamespace:
    import argparse

    parser = argparse.ArgumentParser(
        prog="harbour",
        description=_("Harbour: encrypted session notes, scripts in the client's language, interpreter booking "
                      "and a consent gate, for outreach workers. Everything stays on this computer."),
        epilog=" ".join((_("Keys: F12 hides and locks Harbour at once; Ctrl+L locks it."),
                         _("An organisation's coordinator publishes signed updates with: harbour org --help"))),
    )
    parser.add_argument("--version", action="version", version=f"harbour {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help=_("open a fictional demo vault in a temp folder; it is deleted when Harbour closes"))
    parser.add_argument("--vault", type=Path, metavar=_("FOLDER"),
                        help=_("the vault folder to open or create (default: Harbour's data folder)"))
    parser.add_argument("--lang", metavar=_("LOCALE"), help=_("user interface language for this run, e.g. fr_CA"))
    return parser.parse_args(argv, namespace=SimpleNamespace())


def main(argv: list[str] | None = None) -> int:
    disable_core_dumps()  # first: before any passphrase, key or note can be in memory
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["org"]:  # the coordinator's commands: a terminal tool, no window and no vault
        from desktop.org_command import main as organisation_main

        return organisation_main(argv[1:])
    args = parse_args(argv)

    from desktop import crash

    crash.install()

    from PySide6.QtCore import QStandardPaths

    from desktop.ui.shell.controller import HarbourController

    app, preferences = _prepare_app(args.lang)
    _quit_on_termination_signals(app)

    demo_folder = None
    if args.demo:
        from desktop.core.demo.demo_vault import DEMO_PASSPHRASE, create_demo_vault, remove_demo

        vault, demo_folder = create_demo_vault()
        controller = HarbourController(app, preferences, vault.folder, demo_passphrase=DEMO_PASSPHRASE)
        controller.start(vault)
    else:
        folder = args.vault or Path(preferences.get("vault_folder") or _default_vault_folder(QStandardPaths))
        controller = HarbourController(app, preferences, folder, set_aside_start_up=True)
        controller.start()
    try:
        return app.exec()
    finally:
        controller.shutdown()
        if demo_folder is not None:
            remove_demo(demo_folder)


def _prepare_app(lang: str | None):
    """The QApplication with the worker's language (Harbour's and Qt's own strings), theme, zoom and fonts."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from desktop.i18n import setup_i18n
    from desktop.ui.shell import qt_messages
    from desktop.ui.shell.preferences import APPLICATION, ORGANISATION, Preferences
    from desktop.ui.shell.qt_i18n import setup_qt_translations
    from desktop.ui.shell.theme import apply_theme

    qt_messages.install()  # Qt's warnings can quote client text (a mailto: draft): never on stderr
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    preferences = Preferences()
    locale = lang or preferences.get("ui_locale")
    setup_i18n(locale)
    setup_qt_translations(app, locale)
    # The keyboard rules and the full style come just after the first window, with the controller's other
    # application-wide hooks.
    apply_theme(app, preferences.get("theme"), preferences.get("zoom_percent"), keyboard_rules=False,
                first_window=True)
    # The bundled Noto fonts (Gurmukhi, Devanagari, Arabic, Thai) are registered by the controller before the first
    # screen that can show client-language text: the language question and the unlock screen do not need them.
    return app, preferences


def _quit_on_termination_signals(app) -> None:
    """Ctrl+C or a polite kill still flushes notes, locks the vault and deletes a demo vault."""
    import signal

    from PySide6.QtCore import QTimer

    # Queued, not called: a signal that comes while the demo vault is still being made (before app.exec() runs
    # the event loop) would otherwise be dropped, since quit() does nothing without a running loop.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_args: QTimer.singleShot(0, app.quit))
    # Python only runs signal handlers between bytecodes; a slow timer gives it the chance while Qt waits.
    heartbeat = QTimer(app)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(300)


def _default_vault_folder(standard_paths) -> Path:
    location = standard_paths.writableLocation(standard_paths.StandardLocation.AppDataLocation)
    return Path(location) / "vault"
