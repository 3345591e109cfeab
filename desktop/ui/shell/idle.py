"""Locks after a stretch with no keyboard or mouse input anywhere in the app."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
}


class IdleWatcher(QObject):
    idle = Signal()
    back = Signal()  # the first input after ``idle``: work meant for the quiet spell stops

    def __init__(self, minutes: float, parent: QObject | None = None, *, rearm_on_input: bool = False):
        """``rearm_on_input``: input starts the timer again even after it fired (idle work, unlike the idle lock,
        waits for the next quiet spell)."""
        super().__init__(parent)
        self._rearm_on_input = rearm_on_input
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._went_idle)
        self._idle = False
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self._timer.setInterval(max(1, int(minutes * 60_000)))

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def _went_idle(self) -> None:
        self._idle = True
        self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _INPUT_EVENTS:
            if self._timer.isActive() or self._rearm_on_input:
                self._timer.start()
            if self._idle:
                self._idle = False
                self.back.emit()
        return False
