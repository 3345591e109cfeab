"""A table whose rows grow to fit wrapped text shows all of it: found in the retaken guide pictures (issue 18), the
interpreter directory cut "Certified Community Interpreter" to "Certified Community ..." although its row could
have grown. Qt measured each row at the column's width, but the theme's item padding left the text less room when
painting, so a cell that needed one more line was elided. Checked as Qt paints: the text rectangle the style gives
each cell, and the height its words need there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QStyle, QStyleOptionViewItem, QTableView

from desktop.core.interpreters.roster_io import import_csv
from desktop.paths import resources_dir
from desktop.ui.shell.theme import apply_theme


def cells_cut(view: QTableView) -> list[str]:
    """Wrapped cells whose words need more height than the text rectangle Qt paints them in."""
    model, style, problems = view.model(), view.style(), []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            option.initFrom(view)
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
            option.rect = view.visualRect(index)
            view.itemDelegateForIndex(index).initStyleOption(option, index)
            text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
            needed = option.fontMetrics.boundingRect(text_rect.adjusted(3, 0, -3, 0), Qt.TextFlag.TextWordWrap,
                                                     option.text)
            if option.text and needed.height() > text_rect.height():
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
    QApplication.processEvents()
    table = view.table
    assert table.wordWrap()
    assert table.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
    assert cells_cut(table) == []
