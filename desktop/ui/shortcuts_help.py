"""The keyboard shortcuts help (F1): every shortcut Harbour offers, in the worker's language.

Built from three places so it cannot drift from the app: the app-wide shortcuts below, the sections registry
(desktop.ui.sections.SECTIONS), and any other action with a shortcut that the open window carries.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
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
from desktop.ui.sections import SECTIONS


@dataclass(frozen=True)
class Shortcut:
    keys: str             # portable form, e.g. "Ctrl+L"
    description: str      # translated


# The lead's app-wide shortcuts (main_window.py). Descriptions are marked here and translated when shown.
APP_SHORTCUTS: list[tuple[str, str]] = [
    ("F12", N_("Quick hide: lock Harbour and hide it at once")),
    ("Ctrl+L", N_("Lock Harbour")),
    ("Ctrl+,", N_("Preferences")),
    ("F1", N_("Keyboard shortcuts (this list)")),
    ("Ctrl+Q", N_("Quit Harbour")),
    ("Tab", N_("Move to the next field or button")),
    ("Shift+Tab", N_("Move to the previous field or button")),
    ("Esc", N_("Close a dialog without saving")),
]


def native(keys: str) -> str:
    """How the keys are written on this system, e.g. 'Ctrl+L' (or '⌘L' on a Mac)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) or keys


def app_shortcuts() -> list[Shortcut]:
    return [Shortcut(keys, _(description)) for keys, description in APP_SHORTCUTS]


def section_shortcuts() -> list[Shortcut]:
    return [Shortcut(section.shortcut, _("Go to {section}").format(section=section.title()))
            for section in SECTIONS if section.shortcut]


def window_shortcuts(window: QWidget | None, already: set[str]) -> list[Shortcut]:
    """Actions with a shortcut on the window and its screens that the two lists above do not cover."""
    if window is None:
        return []
    found: dict[str, Shortcut] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            keys = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if not keys or keys in already or keys in found:
                continue
            text = _plain(action.text()) or _plain(action.toolTip())
            if text:
                found[keys] = Shortcut(keys, text)
    return sorted(found.values(), key=lambda shortcut: shortcut.description.casefold())


def all_shortcuts(window: QWidget | None = None) -> list[tuple[str, list[Shortcut]]]:
    """The help's groups, in order: (translated group title, shortcuts)."""
    groups = [(_("Anywhere in Harbour"), app_shortcuts()), (_("Sections"), section_shortcuts())]
    listed = {QKeySequence(shortcut.keys).toString(QKeySequence.SequenceFormat.PortableText)
              for _title, shortcuts in groups for shortcut in shortcuts}
    others = window_shortcuts(window, listed)
    if others:
        groups.append((_("On the screens"), others))
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
        self.resize(560, 520)
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
