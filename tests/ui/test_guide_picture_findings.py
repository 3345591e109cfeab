"""What looked wrong in the retaken guide pictures (issue 18), as a new user would see it.

A table whose rows grow to fit wrapped text shows all of it: the interpreter directory cut "Certified Community
Interpreter" to "Certified Community ..." although its row could have grown. Qt measured each row at the column's
width, but the theme's item padding left the text less room when painting, so a cell that needed one more line was
elided. Checked as Qt paints: the text rectangle the style gives each cell, and the height its words need there.
And a dialog that scrolls on a small screen opens whole on a big one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QStyle, QStyleOptionViewItem, QTableView

from desktop.core.interpreters.roster_io import import_csv
from desktop.paths import resources_dir
from desktop.ui.shell.theme import apply_theme
from desktop.ui.widgets.operations import wait_for_running


def cells_cut(view: QTableView, lines: int = 0) -> list[str]:
    """Wrapped cells whose words need more height than the text rectangle Qt paints them in, and whose tooltip does
    not hold their whole text either (rows of a fixed number of lines: Qt never measures each row, issue 18); with
    ``lines``, also any cell whose words fit in that many lines (the retaken picture showed rows "of two lines"
    painting one: "Oksana Zrazok ...")."""
    model, style, problems = view.model(), view.style(), []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            if view.isColumnHidden(column):
                continue
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            option.initFrom(view)
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
            option.rect = view.visualRect(index)
            view.itemDelegateForIndex(index).initStyleOption(option, index)
            text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
            needed = option.fontMetrics.boundingRect(text_rect.adjusted(3, 0, -3, 0), Qt.TextFlag.TextWordWrap,
                                                     option.text)
            whole_in_tooltip = model.data(index, Qt.ItemDataRole.ToolTipRole) == option.text
            short = needed.height() <= lines * option.fontMetrics.lineSpacing()
            if option.text and needed.height() > text_rect.height() and (short or not whole_in_tooltip):
                problems.append(f"{option.text!r} needs {needed.height()}px, has {text_rect.height()}px")
    return problems


def test_the_interpreter_directory_shows_every_wrapped_cell_whole(qtbot, qapp, context):
    from desktop.ui.interpreters.directory_view import InterpretersView

    apply_theme(qapp, "light", 100)
    import_csv(context.db, (resources_dir() / "demo" / "interpreters.csv").read_bytes())
    view = InterpretersView(context)
    qtbot.addWidget(view)
    view.resize(1180, 760)
    view.show()
    qtbot.waitExposed(view)
    wait_for_running()  # the directory is read on a worker thread
    QApplication.processEvents()
    table = view.table
    assert table.wordWrap() and table.model().rowCount() >= 10
    # Rows of two lines, never measured one by one on the GUI thread (a 1,000-row roster: issue 18)
    assert table.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    assert table.rowHeight(0) >= 2 * table.fontMetrics().lineSpacing()
    assert cells_cut(table, lines=2) == []


def test_preferences_open_whole_on_a_full_hd_screen(qtbot, qapp, context, monkeypatch):
    """The retaken guide picture showed Preferences opening at 636 x 465 on a full-HD screen, its fields cut and
    scroll bars on: Qt's scroll area asks for at most 36 x 24 lines whatever it holds."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QScrollArea

    from desktop.ui.shell.preferences_dialog import PreferencesDialog
    from desktop.ui.widgets import screen_fit

    apply_theme(qapp, "light", 100)
    monkeypatch.setattr(screen_fit, "screen_room", lambda _window: QSize(1920, 1080 - 72))
    dialog = PreferencesDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    area = dialog.findChild(QScrollArea)
    content = area.widget()
    assert content.width() >= content.sizeHint().width() and content.height() >= content.sizeHint().height()
    assert not area.horizontalScrollBar().isVisible() and not area.verticalScrollBar().isVisible()
