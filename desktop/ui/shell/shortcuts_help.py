"""The keyboard shortcuts help (F1): every shortcut Harbour offers, in the worker's language.

Built so it cannot drift from the app: the registry of app actions (desktop.ui.shell.actions.APP_ACTIONS, which the
main window binds), the sections registry (desktop.ui.shell.sections.SECTIONS), and, screen by screen, every
action, button or described QShortcut that carries a key. (A QShortcut is listed when it has
``setWhatsThis(_("..."))``: that text is what the help shows.)
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.ui.shell.actions import APP_ACTIONS
from desktop.ui.shell.sections import SECTIONS


@dataclass(frozen=True)
class Shortcut:
    keys: str             # portable form, e.g. "Ctrl+L"
    description: str      # translated


MOVING_AROUND: list[tuple[str, str]] = [
    ("Tab", N_("Move to the next field or button")),
    ("Shift+Tab", N_("Move to the previous field or button")),
    ("Alt", N_("With an underlined letter: go to that field, button or menu")),
    ("Return", N_("Open the selected line, or press the highlighted button")),
    ("Esc", N_("Close a dialog without saving")),
]

# Keys the screens share (checked against desktop/ui when this list was written; the per-screen groups below are
# read from the live widgets).
ON_MOST_SCREENS: list[tuple[str, str]] = [
    ("Ctrl+S", N_("Save the open editor")),
    ("Ctrl+F", N_("Find on the screen you are on")),
    ("Ctrl+D", N_("Mark the selected promise as kept")),
    ("Del", N_("Cancel the selected promise, with the reason")),
    ("F2", N_("Correct the selected promise: what, its kind or its due date")),
    ("Del", N_("On a client's list of sessions: delete the selected session for good, after asking")),
]


def native(keys: str) -> str:
    """How the keys are written on this system, e.g. 'Ctrl+L' (or '⌘L' on a Mac)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) or keys


def _translated(table: list[tuple[str, str]]) -> list[Shortcut]:
    return [Shortcut(keys, _(description)) for keys, description in table]


def app_shortcuts() -> list[Shortcut]:
    """Every app action that has a key, from the registry the main window binds them from."""
    return [Shortcut(action.keys, _(action.help)) for action in APP_ACTIONS if action.keys]


def section_shortcuts() -> list[Shortcut]:
    return [Shortcut(section.shortcut, _("Go to {section}").format(section=section.title()))
            for section in SECTIONS if section.shortcut]


def widget_shortcuts(root: QWidget, already: set[str]) -> list[Shortcut]:
    """Actions, buttons and described QShortcuts with a key under ``root``, except keys in ``already``."""
    found: dict[tuple[str, str], Shortcut] = {}

    def add(sequences, text: str) -> None:
        text = _plain(text)
        for sequence in sequences:
            keys = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if keys and text and keys not in already:
                found.setdefault((keys, text), Shortcut(keys, text))

    for action in root.findChildren(QAction):
        add(action.shortcuts(), action.text() or action.toolTip())
    for button in root.findChildren(QAbstractButton):
        if button.shortcut() == QKeySequence.mnemonic(button.text()):
            continue  # Alt + the underlined letter: shown on the button itself
        add([button.shortcut()], button.text() or button.accessibleName() or button.toolTip())
    for shortcut in root.findChildren(QShortcut):
        add([shortcut.key()], shortcut.whatsThis())
    return sorted(found.values(), key=lambda shortcut: shortcut.description.casefold())


def all_shortcuts(window: QWidget | None = None) -> list[tuple[str, list[Shortcut]]]:
    """The help's groups, in order: (translated group title, shortcuts)."""
    groups = [(_("Anywhere in Harbour"), app_shortcuts()), (_("Sections"), section_shortcuts()),
              (_("Moving around"), _translated(MOVING_AROUND)), (_("On most screens"), _translated(ON_MOST_SCREENS))]
    global_keys = {QKeySequence(shortcut.keys).toString(QKeySequence.SequenceFormat.PortableText)
                   for _title, shortcuts in groups[:2] for shortcut in shortcuts}
    if window is None:
        return groups
    section_widget = getattr(window, "section_widget", None)
    if callable(section_widget):  # the main window: every section, built if it was not shown yet
        for section in SECTIONS:
            try:
                screen = section_widget(section.key)
            except ModuleNotFoundError:
                continue
            listed = widget_shortcuts(screen, global_keys)
            if listed:
                groups.append((section.title(), listed))
    else:
        listed = widget_shortcuts(window, global_keys)
        if listed:
            groups.append((_("On the screens"), listed))
    return groups


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        intro = QLabel(_("Everything in Harbour can be done with the keyboard. Letters underlined in menus and "
                         "labels work with Alt."))
        intro.setWordWrap(True)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([_("Keys"), _("What it does")])
        self.tree.setAccessibleName(_("Keyboard shortcuts"))
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(0)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        window = parent.window() if parent is not None else None
        for title, shortcuts in all_shortcuts(window):
            group = QTreeWidgetItem([title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
            for shortcut in shortcuts:
                group.addChild(QTreeWidgetItem([native(shortcut.keys), shortcut.description]))
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(720, 640)
        self.tree.setFocus()

    def listed(self) -> list[tuple[str, str]]:
        """(keys as shown, description) for every row, for tests and screen readers' sake."""
        rows = []
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            rows += [(group.child(row).text(0), group.child(row).text(1)) for row in range(group.childCount())]
        return rows


def _plain(text: str) -> str:
    """Menu text without its mnemonic marker and trailing dots: '&Print…' -> 'Print'."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".").strip()
