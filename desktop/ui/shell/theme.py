"""Harbour's look: Qt's Fusion style, calm light / dark / high-contrast palettes, roomy spacing, a focus outline
that is easy to see for keyboard users, and a zoom (100–200 %) that scales the system font.

``apply_theme(app, theme_name, zoom_percent)`` is called by app.py at start and by Preferences when the worker
changes the theme or zoom; it can be called again at any time (the new look applies at once). At start, app.py
asks for the first window's light style (``first_window=True``): ``FocusStyle``, which the controller replaces
with ``HarbourStyle`` just after the first window (``use_harbour_style``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

from desktop.i18n import N_

if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter

# Issue 18's start-up: PySide builds the Python types of Qt's namespace (Qt.*, ~1,200 enum values) and of QPainter
# the first time a module names them, which costs the first window more than some of its widgets. Only painting
# needs them, so the drawing methods below import them when they first draw.

THEMES: dict[str, str] = {
    "light": N_("Light"),
    "dark": N_("Dark"),
    "high-contrast": N_("High contrast"),
}
DEFAULT_THEME = "light"
MIN_ZOOM, MAX_ZOOM = 100, 200
ZOOM_STEPS = (100, 125, 150, 175, 200)
FOCUS_WIDTH = 2


class Colours(NamedTuple):  # not a dataclass: importing dataclasses costs the first window ~2 ms (issue 18)
    window: str
    base: str
    alternate: str
    text: str
    muted: str           # placeholder and disabled text, still readable (>= 4.5:1 on window in every theme)
    button: str
    highlight: str
    highlighted_text: str
    link: str
    focus: str           # the keyboard-focus outline
    tooltip: str
    banner: str          # background of notices that must not be missed (the DEMO banner); they also say it in words
    banner_text: str
    indicator_outline: str | None = None


_PALETTES: dict[str, Colours] = {
    # Soft off-white and ink, a quiet blue accent: easy on tired eyes in an office or at night in a car.
    "light": Colours(window="#f3f4f1", base="#ffffff", alternate="#f7f8f5", text="#1d2228", muted="#5b636b",
                     button="#e9ebe6", highlight="#2f6690", highlighted_text="#ffffff", link="#1f5a85",
                     focus="#1f5a85", tooltip="#fffbe6", banner="#fde9b0", banner_text="#3d2e00"),
    "dark": Colours(window="#1f2327", base="#171a1d", alternate="#23282c", text="#e6e8ea", muted="#a5adb5",
                    button="#2b3035", highlight="#5a9bd0", highlighted_text="#0d1114", link="#8cc4f0",
                    focus="#8cc4f0", tooltip="#2b3035", banner="#5a4a12", banner_text="#fff4d0",
                    indicator_outline="#a5adb5"),
    # Pure black and white with yellow focus and selection: the contrast Windows' own high-contrast mode uses.
    "high-contrast": Colours(window="#000000", base="#000000", alternate="#121212", text="#ffffff",
                             muted="#e0e0e0", button="#000000", highlight="#ffff00", highlighted_text="#000000",
                             link="#00ffff", focus="#ffff00", tooltip="#000000",
                             banner="#000000", banner_text="#ffff00", indicator_outline="#ffffff"),
}

# A table's cells get room above and below only: Qt measures a wrapped cell's height at its column's full width, so
# padding at the sides left the painted text less room than measured and cut its last line to "..."
# (tests/ui/test_guide_picture_findings.py). Lists keep their side padding, away from the frame.
_STYLESHEET = """
QToolTip {{ color: {text}; background: {tooltip}; border: 1px solid {muted}; padding: 4px; }}
QAbstractItemView::item {{ padding: 3px 4px; }}
QTableView::item {{ padding: 3px 0px; }}
QListView {{ qproperty-spacing: 1; }}
QStatusBar {{ padding: 2px 6px; }}
QLabel#demoBanner {{ background: {banner}; color: {banner_text}; border: 1px solid {banner_text}; padding: 6px;
                    font-weight: bold; }}
"""

_HIGH_CONTRAST_EXTRA = """
QPushButton, QToolButton, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDateEdit, QTimeEdit,
QDateTimeEdit, QAbstractItemView {{ border: 1px solid {text}; }}
QPushButton, QToolButton {{ padding: 4px 10px; background: {button}; color: {text}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {muted}; border-style: dashed; }}
QAbstractItemView:focus, QPlainTextEdit:focus, QTextEdit:focus, QLineEdit:focus, QComboBox:focus, QSpinBox:focus,
QDateEdit:focus, QTimeEdit:focus, QDateTimeEdit:focus {{ border: 2px solid {focus}; }}
"""

# Layout spacing and margins a little roomier than Fusion's, and a focus frame as wide as the outline drawn. A window
# shown under FocusStyle (the first one) gives its layouts these values itself, so it looks the same under both.
LAYOUT_MARGIN, LAYOUT_HORIZONTAL_SPACING, LAYOUT_VERTICAL_SPACING = 12, 10, 8
_ROOMIER_METRICS = {
    QStyle.PixelMetric.PM_LayoutHorizontalSpacing: LAYOUT_HORIZONTAL_SPACING,
    QStyle.PixelMetric.PM_LayoutVerticalSpacing: LAYOUT_VERTICAL_SPACING,
    QStyle.PixelMetric.PM_LayoutLeftMargin: LAYOUT_MARGIN,
    QStyle.PixelMetric.PM_LayoutRightMargin: LAYOUT_MARGIN,
    QStyle.PixelMetric.PM_LayoutTopMargin: LAYOUT_MARGIN,
    QStyle.PixelMetric.PM_LayoutBottomMargin: LAYOUT_MARGIN,
    QStyle.PixelMetric.PM_FocusFrameHMargin: FOCUS_WIDTH,
    QStyle.PixelMetric.PM_FocusFrameVMargin: FOCUS_WIDTH,
}
_SCALED_METRICS = {
    QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
    QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
    QStyle.PixelMetric.PM_SmallIconSize, QStyle.PixelMetric.PM_ButtonIconSize,
    QStyle.PixelMetric.PM_ToolBarIconSize, QStyle.PixelMetric.PM_ListViewIconSize,
    QStyle.PixelMetric.PM_ScrollBarExtent,
}

_base_font: QFont | None = None
_current_style: FocusStyle | None = None  # a Python reference, so the wrapper lives as long as Qt uses it
_retired_styles: list[FocusStyle] = []


class FocusStyle(QProxyStyle):
    """Fusion, with a solid focus outline on every focusable control: the first window's light style.

    It only draws (Qt calls it when painting); HarbourStyle adds the Python ``pixelMetric()`` that Qt calls for
    nearly every size while laying out, which made PySide build the Python types of the style options and widgets
    handed to it before the first window could be shown (issue 18's start-up, ~8 ms of CPU)."""

    def __init__(self, focus_colour: str, indicator_outline: str | None = None) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self._focus = QColor(focus_colour)
        # Fusion draws check boxes and radio buttons with an outline darker than the window: invisible on a dark
        # or black window. Those themes name a visible outline colour.
        self._indicator_outline = QColor(indicator_outline) if indicator_outline else None

    def drawPrimitive(self, element, option: QStyleOption, painter: QPainter, widget: QWidget | None = None):
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            self._draw_focus(painter, option.rect)
            return
        super().drawPrimitive(element, option, painter, widget)
        if self._indicator_outline is not None and element in (
                QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton):
            self._outline_indicator(element, option, painter)
        if element == QStyle.PrimitiveElement.PE_FrameLineEdit and option.state & QStyle.StateFlag.State_HasFocus:
            self._draw_focus(painter, option.rect)

    def drawControl(self, element, option: QStyleOption, painter: QPainter, widget: QWidget | None = None):
        super().drawControl(element, option, painter, widget)
        # Fusion marks a focused push button only with a faint tint; draw the same outline as everywhere else.
        if (element == QStyle.ControlElement.CE_PushButtonBevel
                and option.state & QStyle.StateFlag.State_HasFocus):
            self._draw_focus(painter, option.rect)
        # Lists, tables and text areas: the whole frame shows that the keyboard is in there.
        if (element == QStyle.ControlElement.CE_ShapedFrame and isinstance(widget, QAbstractScrollArea)
                and widget.hasFocus()):
            self._draw_focus(painter, option.rect)

    def drawComplexControl(self, control, option, painter: QPainter, widget: QWidget | None = None):
        super().drawComplexControl(control, option, painter, widget)
        if (control in (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox)
                and option.state & QStyle.StateFlag.State_HasFocus):
            self._draw_focus(painter, option.rect)

    def _outline_indicator(self, element, option: QStyleOption, painter: QPainter) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QPainter

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(self._indicator_outline, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = option.rect.adjusted(0, 0, -1, -1)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(rect)
        else:
            painter.drawRect(rect)
        painter.restore()

    def _draw_focus(self, painter: QPainter, rect: QRect) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QPainter

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(self._focus, FOCUS_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = FOCUS_WIDTH // 2
        painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))
        painter.restore()


class HarbourStyle(FocusStyle):
    """FocusStyle, with a little more room between widgets, and check boxes, icons and scroll bars that grow with
    the zoom."""

    def __init__(self, focus_colour: str, indicator_outline: str | None = None, zoom_percent: int = 100) -> None:
        super().__init__(focus_colour, indicator_outline)
        self._scale = clamp_zoom(zoom_percent) / 100

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        # Called for nearly every size Qt works out: the table is built once, at import.
        if metric in _ROOMIER_METRICS:
            return _ROOMIER_METRICS[metric]
        value = super().pixelMetric(metric, option, widget)
        if metric in _SCALED_METRICS:  # check boxes, icons and scroll bars grow with the zoom, like the text
            return round(value * self._scale)
        return value


def build_palette(theme_name: str) -> QPalette:
    colours = _PALETTES.get(theme_name, _PALETTES[DEFAULT_THEME])
    palette = QPalette()
    role = QPalette.ColorRole
    for which, value in (
        (role.Window, colours.window), (role.WindowText, colours.text), (role.Base, colours.base),
        (role.AlternateBase, colours.alternate), (role.Text, colours.text), (role.Button, colours.button),
        (role.ButtonText, colours.text), (role.BrightText, colours.highlight), (role.Highlight, colours.highlight),
        (role.HighlightedText, colours.highlighted_text), (role.Link, colours.link),
        (role.LinkVisited, colours.link), (role.ToolTipBase, colours.tooltip), (role.ToolTipText, colours.text),
        (role.PlaceholderText, colours.muted), (role.Accent, colours.highlight),
    ):
        palette.setColor(which, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for which in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, which, QColor(colours.muted))
    # An unfocused window keeps a readable selection (Fusion would grey it out).
    palette.setColor(QPalette.ColorGroup.Inactive, role.Highlight, QColor(colours.highlight))
    palette.setColor(QPalette.ColorGroup.Inactive, role.HighlightedText, QColor(colours.highlighted_text))
    return palette


def current_style() -> FocusStyle | None:
    """The style Harbour installed last (QApplication.style() returns Qt's stylesheet wrapper around it): a
    HarbourStyle, or the first window's FocusStyle until ``use_harbour_style``."""
    return _current_style


def colours_for(theme_name: str) -> Colours:
    return _PALETTES.get(theme_name, _PALETTES[DEFAULT_THEME])


def clamp_zoom(zoom_percent: int) -> int:
    try:
        value = int(zoom_percent)
    except (TypeError, ValueError):
        return MIN_ZOOM
    return max(MIN_ZOOM, min(MAX_ZOOM, value))


def system_font() -> QFont:
    """The desktop's own UI font and size, remembered the first time Harbour changes the application font."""
    global _base_font
    if _base_font is None:
        _base_font = QFont(QGuiApplication.font())
    return QFont(_base_font)


def zoomed_font(zoom_percent: int) -> QFont:
    font = system_font()
    base_size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(base_size * clamp_zoom(zoom_percent) / 100)
    return font


def apply_theme(app: QApplication, theme_name: str = DEFAULT_THEME, zoom_percent: int = 100, *,
                keyboard_rules: bool = True, first_window: bool = False) -> None:
    """Apply style, palette, stylesheet and zoom to the whole application, now, and the keyboard rules
    (desktop/ui/widgets/keyboard.py). Start-up leaves those for after the first window (``keyboard_rules=False``):
    the controller installs them then. ``first_window``: the light FocusStyle where the first window looks the same
    with it (``first_window_style_fits``), for the controller to replace with ``use_harbour_style``."""
    if theme_name not in _PALETTES:
        theme_name = DEFAULT_THEME
    colours = _PALETTES[theme_name]
    font = zoomed_font(zoom_percent)  # before setStyle: the remembered base must be the system's font
    if first_window and first_window_style_fits(theme_name, zoom_percent):
        _set_style(app, FocusStyle(colours.focus, colours.indicator_outline))
    else:
        _set_style(app, HarbourStyle(colours.focus, colours.indicator_outline, zoom_percent))
    app.setPalette(build_palette(theme_name))
    sheet = _STYLESHEET
    if theme_name == "high-contrast":
        sheet += _HIGH_CONTRAST_EXTRA
    app.setFont(font)
    # With a style sheet in place, Qt keeps each shown widget's resolved font: a new application font reaches the
    # open windows only when the sheet is applied again (else the text grows at the next restart).
    app.setStyleSheet("")
    app.setStyleSheet(sheet.format(**colours._asdict()))
    app.setProperty("harbour_theme", theme_name)
    app.setProperty("harbour_zoom", clamp_zoom(zoom_percent))
    if keyboard_rules:
        from desktop.ui.widgets.keyboard import install_keyboard_rules  # not needed by the first window

        install_keyboard_rules(app)


def first_window_style_fits(theme_name: str, zoom_percent: int) -> bool:
    """Whether the first window looks the same under FocusStyle as under HarbourStyle: at 100 % (HarbourStyle
    scales check boxes, icons and scroll bars with the zoom) and not in high contrast (the frames its style sheet
    draws come out a little differently under the two). The first windows give their own layouts HarbourStyle's
    room between widgets (tests/ui/test_first_window_style.py compares the two pixel for pixel)."""
    return theme_name != "high-contrast" and clamp_zoom(zoom_percent) == MIN_ZOOM


def use_harbour_style(app: QApplication) -> bool:
    """Replaces the first window's FocusStyle with HarbourStyle, in the same colours and zoom (the controller, just
    after the first window); False when HarbourStyle was already in use."""
    if isinstance(_current_style, HarbourStyle) or _current_style is None:
        return False
    colours = colours_for(app.property("harbour_theme") or DEFAULT_THEME)
    _set_style(app, HarbourStyle(colours.focus, colours.indicator_outline, app.property("harbour_zoom") or 100))
    return True


def _set_style(app: QApplication, style: FocusStyle) -> None:
    global _current_style
    # Qt deletes the previous style when a new one is set, while widgets may still be painting with it
    # (a segfault under a full test run); so the old wrapper is kept alive until the app ends.
    if _current_style is not None:
        _retired_styles.append(_current_style)
    _current_style = style
    app.setStyle(style)
