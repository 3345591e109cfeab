"""A check box whose words wrap onto more lines when the window is narrow. Qt's check box keeps its text on one
line: "Include the client's first name and language needs (only with their consent…)" made the French booking
editor 800 px wide at least, wider than a laptop at 200 % display scaling gives it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QCheckBox, QSizePolicy, QStyle, QStyleOptionButton, QWidget

_FLAGS = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextShowMnemonic | Qt.AlignmentFlag.AlignLeft


class WrappingCheckBox(QCheckBox):
    """A QCheckBox (same signals, text, mnemonic and accessible name) that is as high as its wrapped text needs."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _indicator_room(self) -> int:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        spacing = self.style().pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, option, self)
        return self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, option, self) + spacing

    def _text_rect(self, width: int) -> QRect:
        room = max(width - self._indicator_room(), 1)
        return self.fontMetrics().boundingRect(QRect(0, 0, room, 1 << 20), int(_FLAGS), self.text())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return max(self._text_rect(width).height(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        words = self.text().replace("&", "").split() or [""]
        widest = max(self.fontMetrics().horizontalAdvance(word) for word in words)
        width = self._indicator_room() + widest + 2
        return QSize(width, self.heightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        return QSize(hint.width(), self.heightForWidth(hint.width()))

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 - Qt override
        return self.rect().contains(pos)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""  # the box (and its focus ring) by the style; the words below, wrapped
        line = super().sizeHint().height()
        option.rect = QRect(0, 0, self._indicator_room(), line)
        self.style().drawControl(QStyle.ControlElement.CE_CheckBox, option, painter, self)
        top = max((line - self.fontMetrics().height()) // 2, 0)  # the first line beside the box
        text = QRect(self._indicator_room(), top, self.width() - self._indicator_room(), self.height() - top)
        if self.hasFocus():
            focus = QStyleOptionButton()
            self.initStyleOption(focus)
            focus.rect = self.fontMetrics().boundingRect(text, int(_FLAGS), self.text()).adjusted(-2, 0, 2, 0)
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, self)
        self.style().drawItemText(painter, text, int(_FLAGS) | int(Qt.AlignmentFlag.AlignTop), self.palette(),
                                  self.isEnabled(), self.text(), self.foregroundRole())
