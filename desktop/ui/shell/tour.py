"""A short, skippable tour of the five main tasks: a small panel beside the main window that switches it to the
section each step talks about and outlines the control to start from.

It opens by itself once when the demo opens, and from Help > Take the tour at any time; never by itself on a real
vault unless the worker asked for it while setting up. Esc (or Skip tour) closes it; nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import N_, _, ngettext
from desktop.ui.widgets.speech import message_label


def _native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


@dataclass(frozen=True)
class TourStep:
    key: str                                   # a stable name, for tests and screenshots
    section: str                               # the main window section it shows (desktop/ui/shell/sections.py)
    title: str                                 # N_() text, translated when shown
    body: Callable[[int], str]                 # the 2-3 sentences, given the idle-lock minutes
    target: Callable[[QWidget], QWidget | None]  # the control to outline in the section, if there is one
    payload: object = None                     # handed to the section (e.g. which tab to open)


def _clients_target(window) -> QWidget | None:
    section = window.section_widget("clients")
    section.show_list()
    return section.list_view.new_button


def _scripts_target(window) -> QWidget | None:
    return window.section_widget("scripts").client_picker


def _matching_target(window) -> QWidget | None:
    return window.section_widget("bookings").matching.find_button


def _audit_target(window) -> QWidget | None:
    return window.section_widget("audit").table


def _lock_target(window) -> QWidget | None:
    return window.toolbar.widgetForAction(window.lock_action)


STEPS: tuple[TourStep, ...] = (
    TourStep("notes", "clients", N_("Add a client and write a session note"), lambda _minutes: _(
        "Choose New client ({key}) and write a first name or an alias, never a legal name. On the client's page, "
        "start a new session and type: your notes save themselves as you write. If the person wants to stop, "
        "mark where you stopped, so next time starts gently.").format(key=_native("Ctrl+N")), _clients_target),
    TourStep("scripts", "scripts", N_("Show a script in the client's language"), lambda _minutes: _(
        "Choose a script and the client's language: their words appear beside yours, one paragraph per row, so "
        "a qualified interpreter can read along. {key} presents the client's side full screen in large type. "
        "Every translation is a draft until a qualified translator checks it.").format(key=_native("F5")),
        _scripts_target),
    TourStep("interpreters", "bookings", N_("Find a qualified interpreter and book them"), lambda _minutes: _(
        "Say the client's language, the time and what they need: Harbour lists who fits and why, and who is left "
        "out, for example for a conflict of interest. A booking is checked for clashes. Its calendar file and "
        "request message hold nothing about the client unless the client agreed."), _matching_target, {}),
    TourStep("consent", "audit", N_("Record a consent and share through the consent gate"), lambda _minutes: _(
        "On a client's page, record what they agreed to share, with whom, for what and until when. Share… then "
        "sends only what a consent covers and refuses the rest. Every share and every refusal is written here, "
        "in the audit log."), _audit_target),
    TourStep("lock", "today", N_("Lock Harbour, or hide it at once"), lambda minutes: ngettext(
        "{lock} locks Harbour; {hide} hides and locks it at once, for when someone walks in. After {minutes} "
        "minute without use, Harbour saves your words and locks itself.",
        "{lock} locks Harbour; {hide} hides and locks it at once, for when someone walks in. After {minutes} "
        "minutes without use, Harbour saves your words and locks itself.", minutes).format(
            lock=_native("Ctrl+L"), hide=_native("F12"), minutes=minutes), _lock_target),
)


class _Outline(QWidget):
    """A frame drawn around the control a step talks about; clicks pass through it. It follows the control when
    the window is resized or the section lays itself out (the control moves or resizes then)."""

    MARGIN = 4
    _MOVES = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self.hide()

    def follow(self, target: QWidget | None) -> None:
        if self.target is not None:
            self.target.removeEventFilter(self)
            self.target.destroyed.disconnect(self._target_gone)
        self.target = target
        if target is not None:
            target.installEventFilter(self)
            target.destroyed.connect(self._target_gone)
        self.place()
        QTimer.singleShot(0, self, self.place)  # a section shown for the first time is laid out a moment later

    def _target_gone(self, *_args) -> None:
        self.target = None
        self.hide()

    def place(self) -> None:
        if self.target is None or not self.target.isVisible():
            self.hide()
            return
        corner = self.target.mapTo(self.parentWidget(), QPoint(0, 0))
        area = QRect(corner, self.target.size())
        self.setGeometry(area.adjusted(-self.MARGIN, -self.MARGIN, self.MARGIN, self.MARGIN))
        self.show()
        self.raise_()

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 - Qt API
        # Later, never now: a Hide may come from the control's destructor, when it must not be touched.
        if event.type() in self._MOVES:
            QTimer.singleShot(0, self, self.place)
        return False

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setPen(QPen(self.palette().highlight().color(), 3))
        painter.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 6, 6)


class TourPanel(QDialog):
    """Non-modal: the worker can try each control while the panel stays open. ``finished`` on skip or end."""

    step_shown = Signal(int)

    def __init__(self, window, *, idle_minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.main_window = window
        self.idle_minutes = idle_minutes
        self.index = 0
        self.setModal(False)
        self.setWindowTitle(_("Tour of Harbour"))
        self.setAccessibleDescription(_("A short tour of the five main tasks. Esc closes it."))
        self.progress = QLabel()
        message_label(self.progress, _("Tour step"))
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        message_label(self.heading, _("Step title"))
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.body = QLabel()
        self.body.setWordWrap(True)
        message_label(self.body, _("What this step shows"))
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        # About 45 characters a line keeps the panel small beside the window at every text size.
        self.body.setMinimumWidth(self.fontMetrics().averageCharWidth() * 45)
        self.back_button = QPushButton(_("&Back"))
        self.back_button.clicked.connect(self.previous_step)
        self.next_button = QPushButton(_("&Next"))
        self.next_button.clicked.connect(self.next_step)
        self.next_button.setDefault(True)
        self.skip_button = QPushButton(_("S&kip tour"))
        self.skip_button.setToolTip(_("Close the tour (Esc). Help > Take the tour opens it again."))
        self.skip_button.clicked.connect(self.skip)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self.outline = _Outline(window)
        self.finished.connect(self._remove_outline)

    # -- steps -------------------------------------------------------------------------------------------------
    @property
    def step_count(self) -> int:
        return len(STEPS)

    def current_step(self) -> TourStep:
        return STEPS[self.index]

    def start(self) -> None:
        self.show_step(0)
        self.show()
        self._place_beside_window()
        self.raise_()
        self.activateWindow()
        self.next_button.setFocus()

    def show_step(self, index: int) -> None:
        self.index = max(0, min(index, len(STEPS) - 1))
        step = STEPS[self.index]
        self.progress.setText(_("Step {number} of {count}").format(number=self.index + 1, count=len(STEPS)))
        self.heading.setText(_(step.title))
        self.body.setText(step.body(self.idle_minutes))
        self.back_button.setEnabled(self.index > 0)
        last = self.index == len(STEPS) - 1
        self.next_button.setText(_("&Finish") if last else _("&Next"))
        self.main_window.navigate(step.section, step.payload)
        if self.outline is not None:
            self.outline.follow(step.target(self.main_window))
        self.setAccessibleName(_("Tour, step {number} of {count}: {title}").format(
            number=self.index + 1, count=len(STEPS), title=_(step.title)))
        if self.isVisible():
            self._place_beside_window()  # each step's text has its own length, and its control its own place
            QTimer.singleShot(0, self, self._place_beside_window)  # again once a new section is laid out
            self.activateWindow()  # navigating may have moved the focus into the main window
        self.next_button.setFocus()
        self.step_shown.emit(self.index)

    def highlighted(self) -> QWidget | None:
        return self.outline.target if self.outline is not None and self.outline.isVisible() else None

    def next_step(self) -> None:
        if self.index >= len(STEPS) - 1:
            self.accept()
        else:
            self.show_step(self.index + 1)

    def previous_step(self) -> None:
        if self.index > 0:
            self.show_step(self.index - 1)

    def skip(self) -> None:
        self.reject()

    # -- placement ---------------------------------------------------------------------------------------------
    def _place_beside_window(self) -> None:
        """In a corner of the main window (bottom right first), on the screen, and never over the outlined control."""
        self.adjustSize()
        size = self.size()
        frame = self.main_window.frameGeometry()
        screen = (self.main_window.screen() or self.screen()).availableGeometry()
        area = frame.intersected(screen) if frame.intersects(screen) else screen
        avoid = self._outlined_area()
        corners = [QPoint(area.right() - size.width() - 24, area.bottom() - size.height() - 24),
                   QPoint(area.left() + 24, area.bottom() - size.height() - 24),
                   QPoint(area.right() - size.width() - 24, area.top() + 24)]
        if avoid is not None and avoid.width() * avoid.height() > area.width() * area.height() // 3:
            avoid = None  # a whole table: bottom right covers its empty end, not the controls above it
        for corner in corners:
            spot = QRect(corner, size)
            if avoid is None or not spot.intersects(avoid):
                break
        self.move(max(area.left(), spot.left()), max(area.top(), spot.top()))

    def _outlined_area(self) -> QRect | None:
        target = self.highlighted()
        if target is None:
            return None
        return QRect(target.mapToGlobal(QPoint(0, 0)), target.size()).adjusted(-8, -8, 8, 8)

    def _remove_outline(self, _result: int) -> None:
        if self.outline is not None:
            self.outline.follow(None)
            self.outline.deleteLater()
            self.outline = None
