"""What a screen reader meets on every screen and dialog (issue 20), checked through Qt's accessibility layer, the
same objects Qt's AT-SPI bridge puts on the bus (tests/ui/test_atspi.py listens to the bus itself):

- a message label is heard as its words, never as a fixed name that replaces them;
- every drop-down has a visible label linked to it;
- Tab leaves every table and list; a scroll area is not a Tab stop; a date-time field is one Tab stop;
- a secret field exposes no text (so its characters never travel in text-changed events);
- refusals, errors, saves and the reading position are announced.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from desktop.ui.shell import theme
from desktop.ui.widgets.operations import wait_for_running
from desktop.ui.widgets.secret_field import SecretField
from tests.ui.screens import DIALOGS, MAIN_SECTIONS, demo_seeded, dialog_factories


@pytest.fixture
def styled(qapp):
    """The look and keyboard rules app.py applies at start (the style polishes every widget)."""
    theme.apply_theme(qapp, "light", 100)
    yield qapp
    theme.apply_theme(qapp, "light", 100)


@pytest.fixture
def window(qtbot, context, styled):
    from desktop.ui.shell.main_window import MainWindow

    demo_seeded(context)
    made = MainWindow(context)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def every_page(root: QWidget):
    """Yields once per tab page the worker can bring up (each page's widgets are then visible)."""
    yield
    for tabs in root.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            yield


def screens(window, context, tmp_path, qtbot):
    """(name, top-level widget) for every main section and every dialog, each shown."""
    for key in MAIN_SECTIONS:
        window.navigate(key)
        yield key, window
    for name, build in dialog_factories(context, tmp_path, window).items():
        widget = build()
        qtbot.addWidget(widget)
        widget.show()
        yield name, widget
        widget.close()


def named_labels(root: QWidget) -> list[str]:
    return [f"{label.accessibleName()!r} instead of {label.text()!r}" for label in root.findChildren(QLabel)
            if label.isVisible() and label.accessibleName() and label.accessibleName() != label.text()]


def unlabelled_combos(root: QWidget) -> list[str]:
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.isVisible()}
    return [f"{combo.objectName() or combo.currentText()!r} in {type(combo.parentWidget()).__name__}"
            for combo in root.findChildren(QComboBox)
            if combo.isVisible() and combo not in buddies and combo.window() is root.window()]


def keyboard_traps(root: QWidget) -> list[str]:
    traps = [f"table {view.accessibleName()!r}" for view in root.findChildren(QAbstractItemView)
             if view.isVisible() and view.tabKeyNavigation()]
    traps += [f"scroll area in {type(area.parentWidget()).__name__}" for area in root.findChildren(QScrollArea)
              if area.isVisible() and area.focusPolicy() != Qt.FocusPolicy.NoFocus]
    return traps


def test_every_screen_speaks_labels_as_their_words_labels_its_dropdowns_and_lets_tab_leave(
        window, context, tmp_path, qtbot):
    problems = {}
    for name, root in screens(window, context, tmp_path, qtbot):
        found = []
        for _page in every_page(root):
            found += [p for p in named_labels(root) + unlabelled_combos(root) + keyboard_traps(root)
                      if p not in found]
        if found:
            problems[name] = found
    assert problems == {}, "\n".join(f"{name}: {found}" for name, found in problems.items())


def test_every_secret_field_is_silent_on_the_accessibility_bus(window, context, tmp_path, qtbot):
    seen = 0
    for name, root in screens(window, context, tmp_path, qtbot):
        for field in root.findChildren(QLineEdit):
            if field.echoMode() == QLineEdit.EchoMode.Normal and not isinstance(field, SecretField):
                continue
            seen += 1
            assert isinstance(field, SecretField), name
            interface = QAccessible.queryAccessibleInterface(field)
            assert interface.textInterface() is None, name  # Qt's bridge sends no text events without one
            assert interface.state().passwordEdit and interface.text(QAccessible.Text.Name), name
    assert seen >= 3  # unlock, and the two fields of a new passphrase


# -- Tab, in the places the issue named and as a class ------------------------------------------------------------

def focus_after_tab(widget: QWidget, qtbot, key=Qt.Key.Key_Tab) -> QWidget:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: widget.hasFocus() or widget.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), key)
    return QApplication.focusWidget()


@pytest.mark.parametrize("section", ["interpreters", "bookings", "audit"])
def test_tab_and_shift_tab_leave_the_tables_of_a_section(window, qtbot, section):
    window.navigate(section)
    views = [v for v in window.section_widget(section).findChildren(QAbstractItemView) if v.isVisible()]
    assert views
    for view in views:
        for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            assert focus_after_tab(view, qtbot, key) is not view


def test_tab_leaves_the_consents_table_of_a_client(window, context, qtbot):
    from desktop.core.consent import consents
    from desktop.core.records import clients

    window.navigate("clients")
    section = window.section_widget("clients")
    section.open_client(next(client.id for client in clients.list_clients(context.db)
                             if consents.consents_for_client(context.db, client.id)))
    tables = [v for v in section.client_page.findChildren(QAbstractItemView) if v.accessibleName() == "Consents"]
    assert tables
    table = tables[0]
    for tabs in section.client_page.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if tabs.widget(index).isAncestorOf(table):
                tabs.setCurrentIndex(index)
    assert table.isVisible()
    assert focus_after_tab(table, qtbot) is not table


def test_a_date_time_field_is_one_tab_stop(window, context, tmp_path, qtbot):
    editor = dialog_factories(context, tmp_path, window)["session editor"]()
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    fields = editor.findChildren(QDateTimeEdit)
    assert fields
    assert focus_after_tab(fields[0], qtbot) is not fields[0]
    assert focus_after_tab(fields[0], qtbot, Qt.Key.Key_Backtab) is not fields[0]


# -- focus order follows what the eye sees ------------------------------------------------------------------------

def tab_order(root: QWidget, qtbot, limit: int = 120) -> list[tuple[str, QRect, str, QRect]]:
    """Each step Tab takes, pressed as a person would, from the top-left control until it comes round again:
    (from, where it was, to, where it is), measured just after the step (a scroll area may have moved)."""
    root.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is root.window())
    stops = [w for w in _chain(root) if _tab_stop(w) and root.isAncestorOf(w)]
    first = min(stops, key=lambda w: (_place(w).top(), _place(w).left()))
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
    visited, steps = [first], []
    for _step in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is None or current in visited or not root.isAncestorOf(current):
            break
        steps.append((_describe(visited[-1]), _place(visited[-1]), _describe(current), _place(current)))
        visited.append(current)
    return steps


def _place(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def _chain(root: QWidget):
    widget = root.nextInFocusChain()
    while widget is not root:
        yield widget
        widget = widget.nextInFocusChain()


def _tab_stop(widget: QWidget) -> bool:
    return (widget.isVisible() and widget.isEnabled() and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
            and widget.focusProxy() is None)


def out_of_order(steps) -> list[str]:
    """Steps where Tab goes back up (other than to the top of the next column, on the right), or back left within
    a row (left-to-right screens)."""
    problems = []
    for before, a, after, b in steps:
        same_row = min(a.bottom(), b.bottom()) - max(a.top(), b.top()) > min(a.height(), b.height()) / 2
        next_column = b.left() > a.right()
        if (b.bottom() < a.top() and not next_column) or (same_row and b.right() < a.left()):
            problems.append(f"{before} -> {after}")
    return problems


def _describe(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    text = widget.currentText() if isinstance(widget, QComboBox) else text
    return f"{type(widget).__name__}({(widget.accessibleName() or text or widget.objectName())!r})"


@pytest.mark.parametrize("name", [name for name in DIALOGS if name not in ("tour", "shortcuts", "presentation")])
def test_tab_follows_the_visual_order(window, context, tmp_path, qtbot, name):
    screen = dialog_factories(context, tmp_path, window)[name]()
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    qtbot.waitExposed(screen)
    problems = out_of_order(tab_order(screen, qtbot))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("section", MAIN_SECTIONS)
def test_tab_follows_the_visual_order_on_each_main_screen(window, qtbot, section):
    window.navigate(section)
    problems = out_of_order(tab_order(window, qtbot))
    assert problems == [], "\n".join(problems)



# -- announcements: what just happened is said, without moving the keyboard ----------------------------------------

@pytest.fixture
def heard(monkeypatch):
    """(text, urgent) of every announcement sent to Qt's accessibility layer, as its AT-SPI bridge receives them."""
    said: list[tuple[str, bool]] = []
    real = QAccessible.updateAccessibility

    def record(event):
        if event.type() == QAccessible.Event.Announcement:
            said.append((event.message(), event.politeness() == QAccessible.AnnouncementPoliteness.Assertive))
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", record)
    return said


def test_autosave_is_announced(window, context, tmp_path, qtbot, heard):
    editor = dialog_factories(context, tmp_path, window)["session editor"]()
    qtbot.addWidget(editor)
    editor.show()
    editor.notes_edit.setFocus()
    qtbot.keyClicks(editor.notes_edit, "She asked about a clinic.")
    qtbot.waitUntil(lambda: any(text.startswith("Saved at") for text, _urgent in heard))
    assert editor.save_state.text() in [text for text, _urgent in heard]


def test_a_wrong_passphrase_is_announced_at_once(context, qtbot, heard):
    from desktop.ui.vault.unlock import UnlockWindow

    context.vault.lock()
    unlock = UnlockWindow(context.vault.folder)
    qtbot.addWidget(unlock)
    unlock.show()
    qtbot.keyClicks(unlock.secret, "not the passphrase")
    qtbot.keyClick(unlock.secret, Qt.Key.Key_Return)
    assert ("Unlocking…", False) in heard  # the wait is said too: the key derivation takes about a second
    wait_for_running()
    assert (unlock.message.text(), True) in heard
    assert "not the passphrase" not in " ".join(text for text, _urgent in heard)


def test_a_refused_copy_is_announced(window, context, tmp_path, qtbot, heard):
    editor = dialog_factories(context, tmp_path, window)["session editor"]()
    qtbot.addWidget(editor)
    editor.show()
    editor.notes_edit.setPlainText("Private words")
    editor.notes_edit.selectAll()
    qtbot.keyClick(editor.notes_edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert heard and heard[-1][1] and "Share" in heard[-1][0]


def test_ctrl_enter_in_scripts_says_where_the_reading_is(window, qtbot, heard):
    window.navigate("scripts")
    view = window.section_widget("scripts")
    view.read_button.setFocus()
    qtbot.keyClick(view.read_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert (f"Reading paragraph 2 of {len(view.rows.numbers)}.", False) in heard


def test_a_refusal_is_an_alert_and_is_said_when_it_appears(window, context, tmp_path, qtbot, heard):
    dialog = dialog_factories(context, tmp_path, window)["refusal"]()
    qtbot.addWidget(dialog)
    dialog.show()
    assert QAccessible.queryAccessibleInterface(dialog).role() == QAccessible.Role.AlertMessage
    assert (dialog.message.text(), True) in heard
    assert dialog.message.text().startswith("Nothing was shared.")


def test_news_in_the_status_bar_is_announced(window, context, heard):
    context.events.status_message.emit("Consent saved.")
    assert ("Consent saved.", False) in heard


# -- scripts: each paragraph in its own language, in reading order ------------------------------------------------

def test_script_paragraphs_carry_their_language_and_are_read_row_by_row(window, qtbot):
    window.navigate("scripts")
    view = window.section_widget("scripts")
    assert view.client_picker.select_tag("pa-Guru")
    qtbot.waitUntil(lambda: bool(view.rows.right_cells))
    right = [cell.text_label for cell in view.rows.right_cells]
    left = [cell.text_label for cell in view.rows.left_cells]
    assert {label.locale().language() for label in right} == {QLocale.Language.Punjabi}
    assert {label.locale().language() for label in left} == {QLocale.Language.English}
    for label in right:
        interface = QAccessible.queryAccessibleInterface(label)
        assert interface.text(QAccessible.Text.Name) == label.text()  # heard as the paragraph itself
    steps = tab_order(window, qtbot, limit=200)
    reached = [after for _before, _a, after, _b in steps]
    order = [_describe(label) for pair in zip(left, right, strict=True) for label in pair]
    assert [name for name in reached if name in order] == order
