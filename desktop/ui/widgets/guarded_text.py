"""Text widgets that show and edit client data but never copy it out of Harbour by themselves.

Copying a client's notes, name or needs is sharing them (DESIGN.md 3): it must go through Share…, where the
consent gate checks the client's consent and the audit log records it. A plain Qt editor lets the worker select
text and press Ctrl+C, use the context menu's Copy or Cut, drag the selection into another program, or (on X11)
middle-click paste the primary selection elsewhere. These widgets keep typing, selecting, undo and paste working
and turn every way out into a short hint in the status bar instead.

Use them wherever client data is edited or shown:
    GuardedPlainTextEdit(parent) / GuardedTextEdit(parent) / GuardedLineEdit(text, parent)
    guard_item_view(table_or_list)      Ctrl+C in an item view copies the current cell's text
    guard_label(selectable_label)       a selectable QLabel copies with Ctrl+C and its context menu

And for every widget of those kinds, named or not (issue 16): ``guard_application(app)``, installed by the app's
ClipboardGuard, stops Ctrl+C, Cut and the Copy menu item in every single-line field, combo box, combo box popup,
completer popup, item view and plain editor in Harbour (a drop-down list's popup copies the highlighted client's
name otherwise), and takes back the X11 PRIMARY selection whenever a Harbour widget fills it (QLineEdit writes it
on mouse release, after any per-widget clear). A widget that never shows client data may opt out with
``allow_copy(widget)``; tests/core/test_guarded_screens.py lists each one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QClipboard, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.widgets.speech import announce

_BLOCKED_KEYS = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut)
_BLOCKED_ACTIONS = ("edit-copy", "edit-cut")  # object names Qt gives its standard context-menu actions
STATUS_MILLISECONDS = 6000
_SELECTION_ENDS = (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.KeyRelease)


def default_hint() -> str:
    return _("Copying client information goes through Share…, which checks the client's consent.")


def notes_hint() -> str:
    return _("Copying client notes goes through Share…, which checks the client's consent.")


def is_copy_or_cut(event) -> bool:
    return any(event.matches(key) for key in _BLOCKED_KEYS)


def show_hint(widget: QWidget, hint: str) -> None:
    """In the main window's status bar when there is one (dialogs too, through their parent), else as a tooltip."""
    window = widget.window()
    while window is not None and not isinstance(window, QMainWindow):
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    if window is not None:
        window.statusBar().showMessage(hint, STATUS_MILLISECONDS)
    else:
        QToolTip.showText(widget.mapToGlobal(widget.rect().center()), hint, widget)
    announce(widget, hint, urgent=True)  # a status bar or a tooltip says nothing to a screen reader by itself


def clear_primary_selection_if(text: str) -> None:
    """On X11 selecting text also offers it for middle-click paste in any program: take it back."""
    clipboard = QGuiApplication.clipboard()
    if text and clipboard.supportsSelection() and clipboard.text(QClipboard.Mode.Selection) == text:
        clipboard.clear(QClipboard.Mode.Selection)


def _guard_menu(menu: QMenu, refuse) -> QMenu:
    """Copy and Cut stay in the menu (so the worker learns why) but only explain where copying happens."""
    for action in list(menu.actions()):
        if action.objectName() in _BLOCKED_ACTIONS:
            stand_in = QAction(action.text(), menu)
            stand_in.setEnabled(action.isEnabled())
            stand_in.setObjectName(action.objectName())
            stand_in.triggered.connect(refuse)
            menu.insertAction(action, stand_in)
            menu.removeAction(action)
    return menu


class _TextGuard:
    """What both document editors share: no mime data leaves, Copy/Cut keys and menu items explain instead."""

    copy_refused: Signal
    _hint: str | None

    def _refuse(self, *_args) -> None:
        hint = self._hint or default_hint()
        self.copy_refused.emit(hint)
        show_hint(self, hint)

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt override
        # Used for Copy, Cut, dragging out and the X11 primary selection: nothing of the text goes into it.
        return QMimeData()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if is_copy_or_cut(event):
            event.accept()
            self._refuse()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # A press inside the selection would start a drag; place the cursor there instead, as an editor
        # without drag and drop does.
        if event.button() == Qt.MouseButton.LeftButton and self.textCursor().hasSelection():
            cursor = self.cursorForPosition(event.position().toPoint())
            selected = self.textCursor()
            if selected.selectionStart() <= cursor.position() < selected.selectionEnd():
                self.setTextCursor(cursor)
        super().mousePressEvent(event)

    def guarded_context_menu(self, position) -> QMenu:
        return _guard_menu(self.createStandardContextMenu(position), self._refuse)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt override
        menu = self.guarded_context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()


class GuardedPlainTextEdit(_TextGuard, QPlainTextEdit):
    copy_refused = Signal(str)

    def __init__(self, *args, hint: str | None = None) -> None:
        super().__init__(*args)
        self._hint = hint


class GuardedTextEdit(_TextGuard, QTextEdit):
    copy_refused = Signal(str)

    def __init__(self, *args, hint: str | None = None) -> None:
        super().__init__(*args)
        self._hint = hint


class GuardedLineEdit(QLineEdit):
    copy_refused = Signal(str)

    def __init__(self, *args, hint: str | None = None) -> None:
        super().__init__(*args)
        self._hint = hint
        self.setDragEnabled(False)
        # QLineEdit puts a selection into the X11 primary selection itself (no hook), so take it back.
        self.selectionChanged.connect(self._selection_changed)

    def _refuse(self, *_args) -> None:
        hint = self._hint or default_hint()
        self.copy_refused.emit(hint)
        show_hint(self, hint)

    def _selection_changed(self) -> None:
        if QGuiApplication.clipboard().supportsSelection():  # after Qt has offered it; dropped if self is gone
            QTimer.singleShot(0, self, lambda: clear_primary_selection_if(self.selectedText()))

    def setDragEnabled(self, enabled: bool) -> None:  # noqa: N802 - Qt override
        super().setDragEnabled(False)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if is_copy_or_cut(event):
            event.accept()
            self._refuse()
            return
        super().keyPressEvent(event)

    def guarded_context_menu(self, _position=None) -> QMenu:
        return _guard_menu(self.createStandardContextMenu(), self._refuse)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt override
        menu = self.guarded_context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()


class _CopyFilter(QObject):
    """Swallows Copy and Cut (and the shortcut-override that precedes them) on a widget it watches."""

    def __init__(self, watched: QWidget, hint: str | None) -> None:
        super().__init__(watched)
        self._watched, self._hint = watched, hint

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and is_copy_or_cut(event):
            event.accept()
            if kind == QEvent.Type.KeyPress:
                show_hint(self._watched, self._hint or default_hint())
            return kind == QEvent.Type.KeyPress
        if kind in _SELECTION_ENDS and isinstance(watched, QLabel) \
                and QGuiApplication.clipboard().supportsSelection():
            QTimer.singleShot(0, watched, lambda: clear_primary_selection_if(watched.selectedText()))
        return False


def guard_item_view(view: QAbstractItemView, hint: str | None = None) -> QAbstractItemView:
    """Qt's item views copy the current cell's text on Ctrl+C, and can drag rows out: both are stopped."""
    view.setDragEnabled(False)
    view.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
    view.installEventFilter(_CopyFilter(view, hint))
    return view


def guard_label(label: QLabel, hint: str | None = None) -> QLabel:
    """A selectable label keeps keyboard selection (screen readers) but loses Ctrl+C and its Copy menu."""
    label.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    label.installEventFilter(_CopyFilter(label, hint))
    return label


# -- every widget of a copying kind, application-wide ------------------------------------------------------------
_MAY_COPY = "harbourMayCopy"
_COPYING_KINDS = (QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QTextEdit)


def allow_copy(widget: QWidget) -> QWidget:
    """Lets a widget that never shows client data (a recovery key, an agency's phone number) copy as usual."""
    widget.setProperty(_MAY_COPY, True)
    return widget


def _may_copy(widget: QWidget) -> bool:
    while widget is not None:
        if widget.property(_MAY_COPY):
            return True
        widget = widget.parentWidget()
    return False


def _guarded_here(widget) -> bool:
    """Widgets of the kinds that copy by themselves, not already guarded by their own class, not opted out."""
    if not isinstance(widget, _COPYING_KINDS) or isinstance(widget, GuardedLineEdit | _TextGuard):
        return False
    if isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal:
        return False  # a password field copies nothing anyway
    return not _may_copy(widget)


class _ApplicationGuard(QObject):
    """An event filter on the QApplication: sees every key, menu and selection of every Harbour widget."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        clipboard = QGuiApplication.clipboard()
        if clipboard.supportsSelection():
            clipboard.selectionChanged.connect(self._selection_changed)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.ContextMenu):
            return False
        if not isinstance(watched, QWidget) or not _guarded_here(watched):
            return False
        if kind == QEvent.Type.ContextMenu:
            return self._guarded_menu(watched, event)
        if not is_copy_or_cut(event):
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress:
            show_hint(watched, default_hint())
            return True
        return False  # ShortcutOverride accepted: the key comes to this widget as a KeyPress, stopped above

    @staticmethod
    def _guarded_menu(widget: QWidget, event) -> bool:
        if getattr(widget, "builds_own_menu", False):
            return False  # a secret field's own menu, which has no Undo/Redo and no Copy (secret_field.py)
        if isinstance(widget, QLineEdit):
            menu = widget.createStandardContextMenu()
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            menu = widget.createStandardContextMenu(event.pos())
        else:
            return False  # item views and combo boxes have no menu of their own
        _guard_menu(menu, lambda *_args: show_hint(widget, default_hint()))
        menu.exec(event.globalPos())
        menu.deleteLater()
        return True

    @staticmethod
    def _selection_changed() -> None:
        # Harbour never offers the PRIMARY selection on purpose: whatever a Harbour widget put there is taken back
        # once Qt has finished writing it (middle-click pasting inside Harbour goes with it; Ctrl+V still works).
        QTimer.singleShot(0, release_primary_selection)


def release_primary_selection() -> bool:
    """Clears the X11 PRIMARY selection if Harbour owns it; True if it did."""
    clipboard = QGuiApplication.clipboard()
    if clipboard.supportsSelection() and clipboard.ownsSelection():
        clipboard.clear(QClipboard.Mode.Selection)
        return True
    return False


def guard_application(app: QApplication | None = None) -> QObject:
    """Installs the application-wide guard once; later calls return the same one."""
    app = app or QApplication.instance()
    existing = app.findChild(_ApplicationGuard)
    if existing is not None:
        return existing
    guard = _ApplicationGuard(app)
    app.installEventFilter(guard)
    return guard
