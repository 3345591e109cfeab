"""The buttons under the scripts view's rows: reading along; the stop script and review mode; then presenting (with
the screen to present on) and the handout (with its layout), in one row that wraps when narrow. Their shortcuts are
actions on the view, so they work anywhere inside it and the shortcuts help lists them.

A composed widget: the view hands it the slots to call, and it owns the buttons and the screen list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.widgets.flow_row import FlowRow, together


@dataclass(frozen=True)
class ScriptSlots:
    mark_read: Callable[[], None]
    previous_row: Callable[[], None]
    show_stop_script: Callable[[], None]
    open_review: Callable[[], object]
    present: Callable[[], None]
    save_handout_pdf: Callable[[], object]
    print_handout: Callable[[], None]


class ScriptActions(QWidget):
    def __init__(self, host: QWidget, slots: ScriptSlots, parent: QWidget | None = None):
        super().__init__(parent)
        self.back_button = QPushButton(_("&Back one paragraph"))
        self.stop_button = QPushButton(_("&We can stop"))
        self.stop_button.setToolTip(_("Show the short “We can stop” script at once, also on the client's screen"))
        self.read_button = QPushButton(_("&Mark read and go on"))
        self.present_button = QPushButton(_("&Present to the client"))
        self.screen_picker = QComboBox()
        self.screen_picker.setAccessibleName(_("Screen for presenting"))
        self.handout_layout = QComboBox()
        self.handout_layout.addItem(_("Side by side"), "side_by_side")
        self.handout_layout.addItem(_("One after the other"), "sequential")
        self.handout_layout.setAccessibleName(_("Handout layout"))
        self.pdf_button = QPushButton(_("Save hando&ut as PDF…"))
        self.print_button = QPushButton(_("P&rint handout…"))
        self.review_button = QPushButton(_("Re&view this translation…"))
        self.review_button.setToolTip(_("For a qualified translator: check, correct and annotate each paragraph"))
        for button, slot in ((self.back_button, slots.previous_row), (self.read_button, slots.mark_read),
                             (self.stop_button, slots.show_stop_script), (self.review_button, slots.open_review),
                             (self.present_button, slots.present), (self.print_button, slots.print_handout),
                             (self.pdf_button, lambda: slots.save_handout_pdf())):
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
        for combo in (self.screen_picker, self.handout_layout):
            size_by_characters(combo, 10)
        # Visible labels for the two drop-downs: on Linux a combo without one is named by its current value.
        screen_label, layout_label = QLabel(_("Screen:")), QLabel(_("Handout layout:"))
        screen_label.setBuddy(self.screen_picker)
        layout_label.setBuddy(self.handout_layout)
        # One row that wraps onto more lines when narrow (French at 200 % display scaling needed 1,034 px)
        row = FlowRow(self.back_button, self.read_button, self.stop_button, self.review_button, self.present_button,
                      together(screen_label, self.screen_picker), together(layout_label, self.handout_layout),
                      self.pdf_button, self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(row)
        for text, keys, slot in (
            (_("Mark read and go on"), ("Ctrl+Return", "Ctrl+Enter", "Ctrl+Down"), slots.mark_read),
            (_("Back one paragraph"), ("Ctrl+Up",), slots.previous_row),
            (_("Present to the client"), ("F5",), slots.present),
            (_("Print handout"), ("Ctrl+P",), slots.print_handout),
        ):
            action = QAction(text, host)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            host.addAction(action)
        self.read_button.setToolTip(_("Ctrl+Enter"))
        self.back_button.setToolTip(_("Ctrl+Up"))
        self.present_button.setToolTip(_("F5"))
        self.print_button.setToolTip(_("Ctrl+P"))
        self.fill_screens()
        app = QGuiApplication.instance()
        if app is not None:  # a projector plugged in mid-session appears in the list
            app.screenAdded.connect(self.fill_screens)
            app.screenRemoved.connect(self.fill_screens)

    def script_widgets(self) -> tuple[QWidget, ...]:
        """What only works while a script is shown (not the stop script or review mode: the view decides those)."""
        return (self.read_button, self.back_button, self.present_button, self.screen_picker, self.handout_layout,
                self.pdf_button, self.print_button)

    def chosen_screen(self) -> int:
        return (self.screen_picker.currentData() or 0) if self.screen_picker.currentIndex() >= 0 else 0

    def fill_screens(self, *_changed) -> None:
        self.screen_picker.clear()
        for index, screen in enumerate(QGuiApplication.screens()):
            self.screen_picker.addItem(_("Screen {number}: {name}").format(number=index + 1, name=screen.name()),
                                       index)
        self.screen_picker.setCurrentIndex(self.screen_picker.count() - 1)  # often the one facing the client


def size_by_characters(combo: QComboBox, characters: int) -> None:
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
