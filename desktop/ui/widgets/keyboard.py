"""How Tab moves, the same on every screen: Tab leaves a table or a list (the arrows move inside it), a date or
time field is one Tab stop (the arrows and Left / Right move between its day, month and hour), and a scroll area is
never a stop of its own (the controls inside it are, and it scrolls to show them). A label names the control its
Alt key reaches: when its buddy hands focus on to another (a language picker to its drop-down), the label names
that one, so a screen reader hears the drop-down by its label and not by its current value.

``install_keyboard_rules(app)`` makes every widget follow them without asking: ``adapt_for_keyboard(widget)`` runs
for each widget already made, and for every later one when Qt polishes it (the Polish event each widget gets once,
before it is first shown). ``desktop/ui/shell/theme.apply_theme`` installs them with the look.

Why an event filter and not the style's ``polish()``, which sees the same widgets: a Python ``polish()`` makes
PySide build Python types for every widget class it is handed (Qt's private ones too) and, to tell its overloads
apart, Qt's whole namespace (~1,200 enum values): together longer than a bare window takes to start (issue 18).
A first window can do without the rules (the language question and the unlock window have nothing they change),
so Harbour installs them just after it; ``adapt_for_keyboard`` then catches up on the widgets made before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDateTimeEdit, QLabel, QScrollArea, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

# Qt's namespace (Qt.Key, Qt.FocusPolicy...) is imported where it is used, for the same reason: naming it at import
# would build it for every first window.


class _TabLeavesDateTime(QObject):
    """Qt's date-time field takes Tab to go to its next part (month, day, year, hour, minute, AM/PM: 6 Tabs).
    Pretending the last part (or the first, going back) is current makes Tab leave the field at once."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        from PySide6.QtCore import QEvent, Qt

        if (event.type() == QEvent.Type.KeyPress and isinstance(watched, QDateTimeEdit)
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)):
            backwards = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            watched.setCurrentSectionIndex(0 if backwards else watched.sectionCount() - 1)
        return False


_date_time_filter: _TabLeavesDateTime | None = None


def adapt_for_keyboard(widget: QWidget) -> None:
    global _date_time_filter
    if isinstance(widget, QAbstractItemView):
        widget.setTabKeyNavigation(False)
    elif isinstance(widget, QScrollArea):
        from PySide6.QtCore import Qt

        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    elif isinstance(widget, QDateTimeEdit):
        if _date_time_filter is None:
            _date_time_filter = _TabLeavesDateTime()
        widget.installEventFilter(_date_time_filter)  # installing twice keeps one
    elif isinstance(widget, QLabel) and widget.buddy() is not None:
        label_the_focus_target(widget)


class _KeyboardRules(QObject):
    """An event filter on the application: each widget's Polish event applies the rules to it."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        from PySide6.QtCore import QEvent

        self._polish = QEvent.Type.Polish

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == self._polish and isinstance(watched, QWidget):
            adapt_for_keyboard(watched)
        return False


def install_keyboard_rules(app: QApplication | None = None) -> QObject:
    """Every widget follows the rules from now on, those already made included; once (later calls return the same
    filter)."""
    app = app or QApplication.instance()
    existing = app.findChild(_KeyboardRules)
    if existing is not None:
        return existing
    rules = _KeyboardRules(app)
    app.installEventFilter(rules)
    for widget in QApplication.allWidgets():  # the rules can be applied twice: unpolished ones get them again
        adapt_for_keyboard(widget)
    return rules


def label_the_focus_target(label: QLabel) -> None:
    target = label.buddy()
    while target.focusProxy() is not None:
        target = target.focusProxy()
    if target is not label.buddy():
        label.setBuddy(target)


def tab_in_order(*widgets: QWidget) -> None:
    """Tab visits ``widgets`` in this order, the order the eye reads them (Qt's default is the order of creation)."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)
