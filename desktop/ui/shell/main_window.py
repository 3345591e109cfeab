"""The main window: a navigation list of sections, the current section, a menu, a toolbar with Lock.

The window title stays neutral ("Harbour"): no client data in titles, ever.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.i18n import _
from desktop.ui.shell.context import AppContext
from desktop.ui.shell.sections import SECTIONS, Section
from desktop.ui.widgets import screen_fit
from desktop.ui.widgets.speech import announce, message_label

QUICK_HIDE_KEY = "F12"
LOCK_KEY = "Ctrl+L"


class MainWindow(QMainWindow):
    lock_requested = Signal()
    quick_hide_requested = Signal()
    change_passphrase_requested = Signal()
    preferences_requested = Signal()
    quit_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Harbour — DEMO") if context.demo else _("Harbour"))
        self._widgets: dict[str, QWidget] = {}
        self.tour = None  # the tour panel while it is open (desktop/ui/shell/tour.py)

        self.navigation = QListWidget()
        self.navigation.setAccessibleName(_("Sections"))
        self.navigation.setMaximumWidth(220)
        self.stack = QStackedWidget()
        for section in SECTIONS:
            item = QListWidgetItem(section.title())
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setToolTip(_("{section} ({shortcut})").format(
                section=section.title(), shortcut=QKeySequence(section.shortcut).toString(
                    QKeySequence.SequenceFormat.NativeText)))
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self._show_row)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        if context.demo:
            banner = QLabel(_("DEMO — fictional people only. This vault is deleted when Harbour closes."))
            banner.setObjectName("demoBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            message_label(banner, _("Demo vault notice"))
            layout.addWidget(banner)
        row = QHBoxLayout()
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        layout.addLayout(row, 1)
        self.setCentralWidget(body)

        self._build_actions()
        self.context.events.navigate.connect(self.navigate)
        self.context.events.status_message.connect(self.show_status)
        self.navigation.setCurrentRow(0)
        # Roomy where the screen allows, never larger than it (a 1366 x 768 laptop keeps every button on screen).
        self.resize(QSize(1200, 800).boundedTo(screen_fit.screen_room(self)))

    def show_status(self, text: str) -> None:
        """News of what just happened (saved, deleted, exported): in the status bar, and said by a screen reader."""
        self.statusBar().showMessage(text, 5000)
        announce(self, text)

    # -- sections ----------------------------------------------------------------------------------------------
    def section_widget(self, key: str) -> QWidget:
        """The section's widget, built the first time it is shown."""
        if key not in self._widgets:
            section = _section(key)
            widget = section.factory(self.context)
            self._widgets[key] = widget
            # Each section scrolls when it needs more room than the window has (200 % text on a laptop), so the
            # window never grows past the screen; Tab scrolls to the control it reaches.
            self.stack.addWidget(screen_fit.scrolling(widget))
        return self._widgets[key]

    def current_section(self) -> str:
        return SECTIONS[self.navigation.currentRow()].key

    def navigate(self, key: str, payload: object = None) -> None:
        keys = [section.key for section in SECTIONS]
        if key not in keys:
            return
        self.navigation.setCurrentRow(keys.index(key))
        widget = self.section_widget(key)
        handler = getattr(widget, "handle_navigation", None)
        if payload is not None and callable(handler):
            handler(payload)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(SECTIONS):
            self.stack.setCurrentWidget(_page_of(self.section_widget(SECTIONS[row].key)))

    # -- actions -----------------------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.lock_action = self._action(_("&Lock"), LOCK_KEY, self.lock_requested.emit,
                                        _("Lock Harbour now; your passphrase is needed to open it again."))
        self.quick_hide_action = self._action(_("&Quick hide"), QUICK_HIDE_KEY, self.quick_hide_requested.emit,
                                              _("Lock and hide Harbour at once."))
        self.quick_hide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.passphrase_action = self._action(_("Change &passphrase…"), None, self.change_passphrase_requested.emit)
        self.preferences_action = self._action(_("P&references…"), "Ctrl+,", self.preferences_requested.emit)
        self.quit_action = self._action(_("&Quit"), "Ctrl+Q", self.quit_requested.emit)
        self.shortcuts_action = self._action(_("&Keyboard shortcuts"), "F1", self.show_shortcuts)
        self.about_action = self._action(_("&About Harbour"), None, self.show_about)
        self.tour_action = self._action(_("Take the &tour"), None, self.start_tour,
                                        _("A short tour of the five main tasks."))

        file_menu = self.menuBar().addMenu(_("&Harbour"))
        for action in (self.lock_action, self.quick_hide_action, self.passphrase_action, self.preferences_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        go_menu = self.menuBar().addMenu(_("&Go"))
        self.section_actions: list[QAction] = []
        for section in SECTIONS:
            action = self._action(section.title(), section.shortcut,
                                  lambda _checked=False, key=section.key: self.navigate(key))
            go_menu.addAction(action)
            self.section_actions.append(action)

        help_menu = self.menuBar().addMenu(_("H&elp"))
        help_menu.addAction(self.tour_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

        self.toolbar = self.addToolBar(_("Main toolbar"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addAction(self.lock_action)
        self.toolbar.addAction(self.quick_hide_action)

    def _action(self, text: str, shortcut: str | None, slot, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def start_tour(self):
        """Opens the tour on its first step (again from the start if it is already open); returns the panel."""
        from desktop.ui.shell.tour import TourPanel

        if self.tour is None:
            self.tour = TourPanel(self, idle_minutes=self.context.preferences.get("idle_lock_minutes"))
            self.tour.finished.connect(self._tour_closed)
        self.tour.start()
        return self.tour

    def _tour_closed(self, _result: int) -> None:
        if self.tour is not None:
            self.tour.deleteLater()
            self.tour = None

    def show_shortcuts(self) -> None:
        from desktop.ui.shell.shortcuts_help import ShortcutsDialog

        ShortcutsDialog(self).open()

    def show_about(self) -> None:
        QMessageBox.about(self, _("About Harbour"), _(
            "Harbour {version}\n\nEncrypted notes, scripts in the client's language, interpreter booking and a "
            "consent gate, for outreach workers. Everything stays on this computer.").format(version=__version__))


def _page_of(widget: QWidget) -> QWidget:
    viewport = widget.parentWidget()
    return viewport.parentWidget() if viewport is not None else widget


def _section(key: str) -> Section:
    for section in SECTIONS:
        if section.key == key:
            return section
    raise KeyError(key)
