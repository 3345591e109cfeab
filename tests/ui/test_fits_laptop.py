"""Every screen and dialog fits a laptop: 1366 x 768 at 100 % and 1920 x 1080 at 200 % text size, in English and
French (the longer language), with no label or button cut (issue 18 "Fits a laptop", issue 20 finding 8).

A window "fits" when the least room its layout can live with (minimumSizeHint) is no larger than the screen less
the title bar and a panel; "nothing cut" means each visible label and button, at that window's size, gets the room
its text asks for (a word-wrapped label, the height for its width).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from desktop import i18n
from desktop.ui.shell import theme
from desktop.ui.widgets.operations import wait_for_running
from tests.ui.screens import MAIN_SECTIONS, demo_seeded, dialog_factories
from tests.ui.test_guide_picture_findings import cells_cut

WINDOW_DECORATION = QSize(0, 40 + 32)  # a title bar and a desktop panel
LAPTOP = (100, QSize(1366, 768))
FULL_HD_LARGE_TEXT = (200, QSize(1920, 1080))
# A 1920 x 1080 laptop at 200 % display scaling (QT_SCALE_FACTOR=2, or the desktop's own scale): Qt lays windows out
# on a 960 x 540 logical screen, with text of its usual size in logical pixels.
SCALED_DISPLAY = (100, QSize(960, 540))


@pytest.fixture
def on_screen(monkeypatch):
    """Windows that size themselves to the screen (desktop/ui/widgets/screen_fit.py) see this screen."""
    from desktop.ui.widgets import screen_fit

    def use(screen: QSize) -> None:
        monkeypatch.setattr(screen_fit, "screen_room", lambda _window: room_on(screen))

    return use


@pytest.fixture
def zoomed(qapp):
    def apply(percent: int) -> None:
        theme.apply_theme(qapp, "light", percent)

    yield apply
    theme.apply_theme(qapp, "light", 100)
    i18n.setup_i18n("en")


def room_on(screen: QSize) -> QSize:
    return screen - WINDOW_DECORATION


def cut_off(root: QWidget) -> list[str]:
    """Visible labels and buttons that get less room than their text needs."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                short = needed - widget.height()
            else:
                short = widget.minimumSizeHint().width() - widget.width()
            if short > 2:
                problems.append(f"label {widget.text()[:40]!r} short by {short}px")
        elif isinstance(widget, QTableView) and widget.model() is not None:
            problems += _cut_in_table(widget)
        elif isinstance(widget, QAbstractButton) and widget.text():
            short = widget.minimumSizeHint().width() - widget.width()
            if short > 2:
                problems.append(f"button {widget.text()!r} short by {short}px")
        if isinstance(widget, QLabel | QAbstractButton) and widget.text():
            hidden = _clipped(widget)
            if hidden > 2:
                problems.append(f"{type(widget).__name__} {widget.text()[:40]!r} cut off by {hidden}px")
    return problems


def _clipped(widget: QWidget) -> int:
    """How much of ``widget`` its parents cut off, up to the window or a scrolling pane's viewport (what is only
    scrolled out of sight is not cut): a row that wrapped onto two lines where its form gave it one."""
    seen, inner = widget.rect(), widget
    while (parent := inner.parentWidget()) is not None and not inner.isWindow():
        if parent.objectName() == "qt_scrollarea_viewport":
            break
        seen = seen.translated(inner.pos()).intersected(parent.rect())
        inner = parent
    whole = widget.width() * widget.height()
    return (whole - seen.width() * seen.height()) // max(widget.width(), 1)


def sideways(root: QWidget) -> list[str]:
    """Visible scroll areas (lists, tables, scrolling panes) whose content is wider than their viewport: a worker
    would scroll sideways to read a row or reach a button, whether or not a scroll bar shows it."""
    problems = []
    for area in [root, *root.findChildren(QAbstractScrollArea)]:
        if not isinstance(area, QAbstractScrollArea) or not area.isVisible():
            continue
        beyond = area.horizontalScrollBar().maximum()
        if isinstance(area, QTableView):  # it scrolls a column at a time: say by how many pixels
            beyond = area.horizontalHeader().length() - area.viewport().width()
        if beyond > 0:
            inside = getattr(area, "widget", lambda: None)()
            what = type(inside).__name__ if inside is not None else area.accessibleName() or type(area).__name__
            problems.append(f"{what} scrolls sideways by {beyond}px")
    return problems


def _cut_in_table(view: QTableView) -> list[str]:
    """Column titles, and the cells of the columns that do not stretch, that are wider than their column; in rows
    of a few lines, cells whose words need more and whose tooltip does not hold them whole."""
    model, header, problems = view.model(), view.horizontalHeader(), []
    if view.wordWrap() and view.verticalHeader().defaultSectionSize() >= 2 * view.fontMetrics().lineSpacing():
        problems += cells_cut(view)
    last = model.columnCount() - 1
    for column in range(model.columnCount()):
        if view.isColumnHidden(column):
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        widest = max(header.fontMetrics().horizontalAdvance(line) for line in title.splitlines() or [""])
        if widest + 8 > header.sectionSize(column):
            problems.append(f"column title {title!r} cut")
        rows_grow = view.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
        rows_of_lines = view.verticalHeader().defaultSectionSize() >= 2 * view.fontMetrics().lineSpacing()
        if (column == last and header.stretchLastSection()) or (view.wordWrap() and (rows_grow or rows_of_lines)):
            # the last column takes the rest; wrapped cells in rows that grow, or of lines enough, are not cut
            continue
        for row in range(min(model.rowCount(), 8)):
            text = str(model.data(model.index(row, column)) or "")
            if "\n" not in text and view.fontMetrics().horizontalAdvance(text) + 6 > view.columnWidth(column):
                problems.append(f"cell {text!r} under {title!r} cut")
                break
    return problems


def fits(widget: QWidget, screen: QSize, qtbot) -> list[str]:
    room = room_on(screen)
    needed = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    problems = []
    if needed.width() > room.width() or needed.height() > room.height():
        problems.append(f"needs {needed.width()} x {needed.height()}, the screen has {room.width()} x "
                        f"{room.height()}")
    chosen = widget.size() if widget.testAttribute(Qt.WidgetAttribute.WA_Resized) else widget.sizeHint()
    wanted = chosen.expandedTo(needed).boundedTo(room)
    widget.resize(wanted)
    widget.show()
    qtbot.waitExposed(widget)
    for _round in range(3):  # layouts settle through posted events (a page just opened, a label's new text)
        QApplication.processEvents()
    return problems + sideways(widget) + cut_off(widget)


def main_window_on(qtbot, context, zoomed, on_screen, zoom: int, screen: QSize, locale: str):
    """The main window over the demo people, at this text size, on this screen, in this language."""
    from desktop.ui.shell.main_window import MainWindow

    zoomed(zoom)
    on_screen(screen)
    i18n.setup_i18n(locale)
    demo_seeded(context)
    window = MainWindow(context)
    qtbot.addWidget(window)
    return window


@pytest.mark.parametrize(("zoom", "screen"), [LAPTOP, FULL_HD_LARGE_TEXT, SCALED_DISPLAY],
                         ids=["1366x768 100%", "1920x1080 200%", "960x540 scaled 200%"])
@pytest.mark.parametrize("locale", ["en", "fr_CA"])
def test_every_dialog_fits_the_screen_with_nothing_cut(qtbot, context, tmp_path, zoomed, on_screen, zoom, screen,
                                                        locale):
    window = main_window_on(qtbot, context, zoomed, on_screen, zoom, screen, locale)
    problems = {}
    for name, build in dialog_factories(context, tmp_path, window).items():
        dialog = build()
        qtbot.addWidget(dialog)
        found = fits(dialog, screen, qtbot)
        if found:
            problems[name] = found
        dialog.close()
    assert problems == {}, "\n".join(f"{name}: {found}" for name, found in problems.items())


@pytest.mark.parametrize(("zoom", "screen"), [LAPTOP, (200, QSize(1366, 768)), FULL_HD_LARGE_TEXT, SCALED_DISPLAY],
                         ids=["1366x768 100%", "1366x768 200%", "1920x1080 200%", "960x540 scaled 200%"])
@pytest.mark.parametrize("locale", ["en", "fr_CA"])
def test_every_main_screen_fits_with_nothing_cut(qtbot, context, zoomed, on_screen, zoom, screen, locale):
    from desktop.core.records import clients

    window = main_window_on(qtbot, context, zoomed, on_screen, zoom, screen, locale)
    problems = {}
    for key in MAIN_SECTIONS:
        window.navigate(key)
        wait_for_running()  # screens that read their rows on a worker thread (the interpreter directory)
        found = fits(window, screen, qtbot)
        if found:
            problems[key] = found
    window.navigate("interpreters")
    directory = window.section_widget("interpreters")
    wait_for_running()  # the directory is read on a worker thread
    directory.select(directory.model.rows[0].id)  # the editor beside the list, with its credentials
    found = fits(window, screen, qtbot)
    if found:
        problems["interpreter editor in the directory"] = found
    window.navigate("bookings")
    bookings = window.section_widget("bookings")
    for tab, name in ((bookings.matching, "bookings, find an interpreter"), (bookings.editor, "bookings, booking")):
        bookings.tabs.setCurrentWidget(tab)  # the matching panel's lists and the editor's rows of buttons
        found = fits(window, screen, qtbot)
        if found:
            problems[name] = found
    window.navigate("scripts")
    assert window.section_widget("scripts").client_picker.select_tag("iu")  # no script: "needs a live interpreter"
    found = fits(window, screen, qtbot)
    if found:
        problems["scripts, needs a live interpreter"] = found
    section = window.section_widget("clients")
    window.navigate("clients")
    section.open_client(clients.list_clients(context.db)[0].id)
    found = fits(window, screen, qtbot)
    if found:
        problems["client page"] = found
    assert problems == {}, "\n".join(f"{name}: {found}" for name, found in problems.items())


def test_a_new_text_size_reaches_the_open_window_at_once(qtbot, context, zoomed, on_screen):
    """Preferences applies the text size while the main window is open: its text grows now, not at the next start."""
    window = main_window_on(qtbot, context, zoomed, on_screen, 100, LAPTOP[1], "en")
    window.show()
    qtbot.waitExposed(window)
    before = window.navigation.fontInfo().pointSizeF()
    zoomed(200)
    QApplication.processEvents()
    assert window.navigation.fontInfo().pointSizeF() == pytest.approx(before * 2, rel=0.1)


def test_the_main_window_opens_within_a_laptop_screen(qtbot, context, zoomed, on_screen):
    window = main_window_on(qtbot, context, zoomed, on_screen, 100, LAPTOP[1], "en")
    room = room_on(LAPTOP[1])
    assert window.width() <= room.width() and window.height() <= room.height()


def test_every_dialog_and_window_is_among_the_screens_checked(qtbot, context, tmp_path):
    """The checks above (and the screen-reader checks) walk tests/ui/screens.py: a new dialog must be added there."""
    import importlib
    import pkgutil

    from PySide6.QtWidgets import QDialog, QWizard

    import desktop.ui
    from desktop.ui.scripts.presentation import PresentationWindow
    from desktop.ui.vault.unlock import UnlockWindow

    for module in pkgutil.walk_packages(desktop.ui.__path__, "desktop.ui."):
        importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    windows = {cls for base in (QDialog, QWizard) for cls in subclasses(base) if cls.__module__.startswith("desktop.")}
    windows |= {UnlockWindow, PresentationWindow}
    demo_seeded(context)
    built = set()
    for build in dialog_factories(context, tmp_path).values():
        widget = build()
        qtbot.addWidget(widget)
        built.add(type(widget))
    assert {cls.__qualname__ for cls in windows - built} == set()


def test_tables_whose_columns_follow_their_text_still_reach_the_right_edge(qtbot, context, zoomed, on_screen):
    """Sizing every column to its text left the client list ending short of its frame, with an empty band."""
    window = main_window_on(qtbot, context, zoomed, on_screen, *LAPTOP, "en")
    window.show()
    window.navigate("clients")
    table = window.section_widget("clients").list_view.table
    qtbot.wait(300)  # the columns are sized once the rows are in
    assert table.horizontalHeader().length() >= table.viewport().width()


def test_search_matches_wrap_within_the_list_when_the_window_narrows(qtbot, context):
    """Each match was sized once, at the list's width when it came: narrower afterwards (a laptop at 200 % display
    scaling), the list scrolled sideways and the words ran past its edge."""
    from desktop.core.records import clients, sessions
    from desktop.ui.clients.search_panel import SearchView

    client = clients.create_client(context.db, "Mei", languages=["yue"])
    session = sessions.create_session(context.db, client.id)
    sessions.save_notes(context.db, session.id, "We talked about the appointment at the clinic, the bus to get "
                        "there, who will come with her, and what to bring: her card, the letter and a list of "
                        "questions for the nurse about the appointment.")
    view = SearchView(context)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitExposed(view)
    view.refresh_filters(None)  # what opening the search does (ClientsSection.open_search)
    view.query.setFocus()
    qtbot.keyClicks(view.query, "appointment")
    qtbot.waitUntil(lambda: view.results.count() == 1, timeout=5000)
    wide = view.results.viewport().width()
    view.resize(view.minimumSizeHint().width(), 600)  # as narrow as it goes
    qtbot.waitUntil(lambda: view.results.viewport().width() < wide - 200)
    QApplication.processEvents()
    assert sideways(view) == []
    item = view.results.item(0)
    assert item.sizeHint().width() <= view.results.viewport().width()
    label = view.results.itemWidget(item)
    assert label.height() >= label.heightForWidth(label.width())

