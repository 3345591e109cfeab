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
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.i18n import _
from desktop.ui.shell.actions import APP_ACTIONS, AppAction
from desktop.ui.shell.context import AppContext
from desktop.ui.shell.sections import SECTIONS, Section
from desktop.ui.widgets import screen_fit
from desktop.ui.widgets.speech import announce, message_label


class _Navigation(QListWidget):
    """The sections, as wide as their longest name at the text size in use: a fixed 220 px was too narrow at 200 %
    text (the names scrolled sideways) and too wide on a 960 px screen (200 % display scaling)."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        widest = max((self.sizeHintForIndex(self.model().index(row, 0)).width() for row in range(self.count())),
                     default=0)
        return QSize(widest + 2 * self.frameWidth() + 8, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.sizeHint().width(), super().minimumSizeHint().height())


class MainWindow(QMainWindow):
    lock_requested = Signal()
    quick_hide_requested = Signal()
    change_passphrase_requested = Signal()
    new_key_requested = Signal()
    preferences_requested = Signal()
    quit_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Harbour — DEMO") if context.demo else _("Harbour"))
        self._widgets: dict[str, QWidget] = {}
        self.tour = None  # the tour panel while it is open (desktop/ui/shell/tour.py)

        self.navigation = _Navigation()
        self.navigation.setAccessibleName(_("Sections"))
        self.navigation.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
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
            # Each section scrolls up and down when it needs more room than the window has (200 % text on a
            # laptop), so the window never grows past the screen; Tab scrolls to the control it reaches. Never
            # sideways: its rows wrap to the window's width (a laptop at 200 % display scaling is 960 px wide).
            self.stack.addWidget(screen_fit.scrolling(widget, sideways=False))
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
        """The menus, from the one registry of app actions (actions.py), which the F1 help reads too."""
        slots = {"lock": self.lock_requested.emit, "quick_hide": self.quick_hide_requested.emit,
                 "change_passphrase": self.change_passphrase_requested.emit, "new_key": self.new_key_requested.emit,
                 "preferences": self.preferences_requested.emit, "quit": self.quit_requested.emit,
                 "new_item": self.new_item, "search_notes": self.search_notes, "shortcuts": self.show_shortcuts,
                 "about": self.show_about, "tour": self.start_tour}
        self.actions_by_name = {spec.name: self._action(spec, slots[spec.name]) for spec in APP_ACTIONS}
        named = self.actions_by_name
        self.lock_action, self.quick_hide_action = named["lock"], named["quick_hide"]
        self.passphrase_action, self.preferences_action = named["change_passphrase"], named["preferences"]
        self.new_key_action = named["new_key"]
        self.quit_action, self.shortcuts_action = named["quit"], named["shortcuts"]
        self.about_action, self.tour_action = named["about"], named["tour"]
        self.new_action, self.search_action = named["new_item"], named["search_notes"]

        file_menu = self.menuBar().addMenu(_("&Harbour"))
        file_menu.addAction(self.new_action)
        file_menu.addSeparator()
        for action in (self.lock_action, self.quick_hide_action, self.passphrase_action, self.new_key_action,
                       self.preferences_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        go_menu = self.menuBar().addMenu(_("&Go"))
        go_menu.addAction(self.search_action)
        go_menu.addSeparator()
        self.section_actions: list[QAction] = []
        for section in SECTIONS:
            action = QAction(section.title(), self)
            action.setShortcut(QKeySequence(section.shortcut))
            action.triggered.connect(lambda _checked=False, key=section.key: self.go_to(key))
            self.addAction(action)
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

    def _action(self, spec: AppAction, slot) -> QAction:
        action = QAction(spec.text(), self)
        if spec.keys:
            action.setShortcut(QKeySequence(spec.keys))
        if spec.everywhere:
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        if spec.tip:
            action.setStatusTip(_(spec.tip))
            action.setToolTip(_(spec.tip))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # -- keys that mean the same on every screen -------------------------------------------------------------------
    def go_to(self, key: str) -> None:
        """A section's key or menu entry: the section at its start (Ctrl+2 is the client list, even from a client's
        page or a session)."""
        self.navigate(key)
        start = getattr(self.section_widget(key), "show_start", None)
        if callable(start):
            start()

    def new_item(self) -> None:
        """Ctrl+N: a new item of what the visible screen lists, asked of that screen (never of one behind it)."""
        handler = getattr(self.section_widget(self.current_section()), "new_item", None)
        if not callable(handler) or handler() is False:
            self.statusBar().showMessage(_("Nothing new to make on this screen."), 5000)

    def search_notes(self) -> None:
        """Ctrl+Shift+F: the note search, from any screen; from a client's page or session, that client's notes."""
        origin = self.current_section()
        here = self.section_widget(origin)  # the page itself, not the scroll area around it
        client_id = here.current_client_id() if callable(getattr(here, "current_client_id", None)) else None
        self.navigate("clients")
        # Esc in the search comes back here: the screen it was opened from
        back_to = None if origin == "clients" else (lambda: self.navigate(origin))
        self.section_widget("clients").open_search(client_id, back_to=back_to)

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
