"""How Tab moves, the same on every screen: Tab leaves a table or a list (the arrows move inside it), a date or
time field is one Tab stop (the arrows and Left / Right move between its day, month and hour), and a scroll area is
never a stop of its own (the controls inside it are, and it scrolls to show them). A label names the control its
Alt key reaches: when its buddy hands focus on to another (a language picker to its drop-down), the label names
that one, so a screen reader hears the drop-down by its label and not by its current value.

``adapt_for_keyboard(widget)`` is called for every widget when Qt polishes it (desktop/ui/shell/theme.py's style),
so a new screen follows these rules without asking.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QDateTimeEdit, QLabel, QScrollArea, QWidget


class _TabLeavesDateTime(QObject):
    """Qt's date-time field takes Tab to go to its next part (month, day, year, hour, minute, AM/PM: 6 Tabs).
    Pretending the last part (or the first, going back) is current makes Tab leave the field at once."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
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
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    elif isinstance(widget, QDateTimeEdit):
        if _date_time_filter is None:
            _date_time_filter = _TabLeavesDateTime()
        widget.installEventFilter(_date_time_filter)  # installing twice keeps one
    elif isinstance(widget, QLabel) and widget.buddy() is not None:
        label_the_focus_target(widget)


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
