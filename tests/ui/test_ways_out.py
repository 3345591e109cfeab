"""Issue 16, widget findings, through the real mechanisms: key presses in an open drop-down list, the Copy menu,
Qt's own warnings on stderr (a real message handler in a real process), Qt's file-dialog history on disk, the
demo's folders, and the consent dialogs' order (the refusal and a short reason come before any file dialog).
The X11 PRIMARY selection is read with xclip under Xvfb in tests/ui/test_primary_selection.py."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QFileDialog, QLineEdit

from desktop.core.consent import audit
from desktop.core.consent import consents as consent
from desktop.core.records import clients, sessions
from desktop.ui.consent import share_delivery
from desktop.ui.consent import share_dialogs as egress_dialogs
from desktop.ui.shell.context import DataKind
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.client_picker import ClientPicker
from desktop.ui.widgets.operations import wait_for_running

ROOT = Path(__file__).resolve().parents[2]
NAME = "Zorana"


@pytest.fixture
def client_id(context) -> int:
    client = clients.create_client(context.db, NAME, languages=["es"], tags=["farm work"])
    sessions.save_notes(context.db, sessions.create_session(context.db, client.id).id, "She asked about pay.")
    return client.id


def _screens(context):
    from desktop.ui.bookings.bookings_section import BookingsView
    from desktop.ui.clients.search_panel import SearchView
    from desktop.ui.interpreters.matching_panel import MatchingPanel
    from desktop.ui.scripts.scripts_view import ScriptsView

    return {"bookings": lambda: BookingsView(context), "matching": lambda: MatchingPanel(context),
            "search": lambda: SearchView(context), "scripts": lambda: ScriptsView(context)}


def _combos_showing(widget, text: str) -> list[QComboBox]:
    return [combo for combo in widget.findChildren(QComboBox)
            if any(text in combo.itemText(row) for row in range(combo.count()))]


@pytest.mark.parametrize("screen", ["bookings", "matching", "search", "scripts"])
def test_ctrl_c_in_an_open_drop_down_list_copies_no_client_name(qtbot, context, client_id, screen):
    widget = _screens(context)[screen]()
    qtbot.addWidget(widget)
    widget.show()
    context.events.changed(DataKind.CLIENTS)
    wait_for_running()  # screens that read their choices on a worker thread (the search's filters)
    choosers = widget.findChildren(ClientPicker)
    for chooser in choosers:     # the client chooser's list, opened by typing part of the name
        QGuiApplication.clipboard().setText("the worker's own text")
        chooser.field.setFocus()
        qtbot.keyClicks(chooser.field, NAME[:3])
        popup = chooser.completer.popup()
        qtbot.waitUntil(popup.isVisible)
        assert popup.currentIndex().data() == NAME
        qtbot.keyClick(popup, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(popup, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
        assert QGuiApplication.clipboard().text() == "the worker's own text"
    combos = _combos_showing(widget, NAME)
    assert combos or choosers, f"the {screen} screen offers the client in a drop-down list or a chooser"
    for combo in combos:
        QGuiApplication.clipboard().setText("the worker's own text")
        combo.showPopup()
        view = combo.view()
        qtbot.waitUntil(view.isVisible)
        row = next(r for r in range(combo.count()) if NAME in combo.itemText(r))
        view.setCurrentIndex(combo.model().index(row, combo.modelColumn()))
        qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(view, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
        combo.hidePopup()
        assert QGuiApplication.clipboard().text() == "the worker's own text"


def test_ctrl_c_in_a_completer_popup_and_a_plain_line_edit_copies_nothing(qtbot, context):
    field = QLineEdit()
    qtbot.addWidget(field)
    field.setCompleter(QCompleter([NAME, "Zoe"], field))
    field.show()
    QGuiApplication.clipboard().setText("mine")
    qtbot.keyClicks(field, "Zo")
    popup = field.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    popup.setCurrentIndex(popup.model().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    field.completer().popup().hide()
    field.setText(NAME)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "mine" and field.text() == NAME


def test_the_copy_item_of_a_plain_line_edits_menu_only_explains(qtbot, context):
    from desktop.ui.widgets import guarded_text

    field = QLineEdit(NAME)
    qtbot.addWidget(field)
    field.selectAll()
    QGuiApplication.clipboard().setText("mine")
    menus = []
    QTimer.singleShot(0, lambda: menus.append(QApplication.activePopupWidget()))
    QTimer.singleShot(50, lambda: menus[-1] and menus[-1].close())
    guarded_text._ApplicationGuard._guarded_menu(field, _FakeMenuEvent())
    copy = next(a for a in menus[-1].actions() if a.objectName() == "edit-copy")
    copy.trigger()
    assert QGuiApplication.clipboard().text() == "mine"


class _FakeMenuEvent:
    def pos(self):
        from PySide6.QtCore import QPoint

        return QPoint(1, 1)

    def globalPos(self):  # noqa: N802 - Qt's name
        from PySide6.QtCore import QPoint

        return QPoint(1, 1)


def test_a_widget_that_shows_no_client_data_may_still_copy(qtbot, context):
    from desktop.ui.widgets.guarded_text import allow_copy

    field = allow_copy(QLineEdit("a recovery key"))
    qtbot.addWidget(field)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "a recovery key"


# -- (4) Qt's warnings never carry client text to stderr --------------------------------------------------------
def test_an_unsent_email_draft_never_reaches_stderr():
    """Qt's offscreen plugin, like a desktop without a mail program, warns with the whole mailto: URL."""
    program = (
        "from desktop.ui.shell import qt_messages\n"
        "qt_messages.install()\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtGui import QDesktopServices\n"
        "from PySide6.QtCore import QUrl, qWarning\n"
        "app = QApplication([])\n"
        "QDesktopServices.openUrl(QUrl('mailto:intake@example.org?body=Zorana%20sleeps%20at%20the%20farm'))\n"
        "qWarning('Cannot open \"/home/sam/Zorana/notes.txt\"')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=True)
    assert "Zorana" not in done.stderr and "intake@example.org" not in done.stderr and "farm" not in done.stderr
    assert "This plugin does not support" in done.stderr  # Qt's sentence is still there, for whoever reads it


# -- (12) Qt's file-dialog history keeps no folder ----------------------------------------------------------------
def test_an_export_through_the_real_dialog_leaves_no_folder_in_qtproject_conf(qtbot, context, tmp_path):
    folder = tmp_path / f"{NAME} referral"
    folder.mkdir()

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible())
        dialog.setDirectory(str(folder))
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.setText("referral")  # typed without the suffix
        qtbot.keyClick(name, Qt.Key.Key_Return)

    QTimer.singleShot(200, answer)
    chosen = share_delivery.ask_save_path(None, "file_text")
    assert chosen == folder / "referral.txt"  # the helper adds the suffix the worker left out
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.sync()
    stored = Path(settings.fileName())
    text = stored.read_text(encoding="utf-8", errors="replace") if stored.exists() else ""
    assert NAME not in text and str(tmp_path) not in text


def test_every_file_choice_goes_through_the_one_helper():
    """No screen calls QFileDialog itself: the helper is where the suffix and the history are handled."""
    users = [path.relative_to(ROOT).as_posix() for path in (ROOT / "desktop" / "ui").rglob("*.py")
             if "QFileDialog" in path.read_text(encoding="utf-8")]
    assert users == ["desktop/ui/widgets/file_dialogs.py"]
    assert file_dialogs.PATH_KEYS == ("history", "lastVisited", "shortcuts")


# -- (13) a demo killed outright leaves no vault behind -----------------------------------------------------------
def test_stale_demo_folders_are_removed_and_running_ones_kept(tmp_path):
    from desktop.core.demo import demo_vault

    killed = tmp_path / "harbour-demo-killed"
    (killed / "vault").mkdir(parents=True)
    (killed / demo_vault.IN_USE).touch()
    (killed / "vault" / "key.json").write_text("{}")
    running = tmp_path / "harbour-demo-running"
    running.mkdir()
    holder = subprocess.Popen(  # another demo, still running: it holds its lock
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a+b'); "
                               "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
         str(running / demo_vault.IN_USE)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        old = tmp_path / "harbour-demo-before-the-lock"
        old.mkdir()
        os.utime(old, (time.time() - 2 * 24 * 3600,) * 2)
        removed = demo_vault.remove_stale_demos(tmp_path)
        assert sorted(removed) == sorted([killed, old])
        assert not killed.exists() and not old.exists() and running.exists()
    finally:
        holder.kill()
        holder.wait()


# -- issue 18 and finding 3: what the gate will say comes before the file dialog --------------------------------
def test_a_refusal_comes_before_any_file_dialog(qtbot, context, client_id, monkeypatch):
    asked = []
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, channel: asked.append(channel))
    dialog = egress_dialogs.share_client_data(context, client_id)
    qtbot.addWidget(dialog)
    dialog.set_channel("file_text")
    dialog.recipient_combo.setEditText("Border agency")
    dialog.purpose_edit.setText("asked by phone")
    dialog.category_boxes["first_name"].setChecked(True)
    dialog.share()
    wait_for_running()  # files and printouts are written on a worker thread
    assert dialog.error.text() == ""
    assert asked == [] and isinstance(dialog.refusal_dialog, egress_dialogs.RefusalDialog)
    assert audit.entries(context.db)[-1].outcome == "refused"


def test_a_too_short_or_invisible_reason_is_said_before_the_file_dialog(qtbot, context, client_id, monkeypatch):
    asked = []
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, channel: asked.append(channel))
    dialog = egress_dialogs.DutyToReportDialog(context, client_id, channel="file_text")
    qtbot.addWidget(dialog)
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("minor"))
    dialog.recipient_edit.setText("Helpline")
    dialog.told_edit.setText("Yes")
    for reason in ("too short", "\u200b" * 25):
        dialog.justification_edit.setPlainText(reason)
        dialog.report()
        wait_for_running()  # files and printouts are written on a worker thread
        assert "at least 20" in dialog.error.text()
    assert asked == [] and audit.entries(context.db) == []
    assert "20 more characters" in dialog.justification_edit.counter.text()  # invisible ones do not count


def test_the_duty_dialog_chooses_no_reason_for_an_adult(qtbot, context, client_id, monkeypatch):
    dialog = egress_dialogs.DutyToReportDialog(context, client_id)
    qtbot.addWidget(dialog)
    assert dialog.reason_combo.currentData() is None
    assert "child" not in dialog.reason_combo.currentText().casefold()
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, channel: pytest.fail("asked for a file"))
    dialog.justification_edit.setPlainText("She said she will hurt herself tonight, and means it.")
    dialog.recipient_edit.setText("Crisis line")
    dialog.told_edit.setText("Yes")
    dialog.report()
    wait_for_running()  # files and printouts are written on a worker thread
    assert dialog.error.text() == "Choose why you must report."


@pytest.mark.parametrize("where", ["client page", "session editor"])
def test_share_is_reachable_from_the_client_page_and_the_session_editor(qtbot, context, client_id, where):
    from desktop.ui.clients.client_page import ClientPage
    from desktop.ui.clients.session_editor import SessionEditor

    if where == "client page":
        widget = ClientPage(context, client_id)
    else:
        widget = SessionEditor(context, sessions.sessions_for_client(context.db, client_id)[0].id)
    qtbot.addWidget(widget)
    widget.share_button.click()
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, egress_dialogs.ShareDialog) and w.isVisible()]
    assert shown and shown[-1].client_id == client_id
    for dialog in shown:
        dialog.reject()


def test_a_draft_can_only_be_addressed_where_the_consent_says(qtbot, context, client_id, monkeypatch):
    opened = []
    monkeypatch.setattr(share_delivery, "open_url", lambda url: opened.append(url) or True)
    consent.record_consent(context.db, client_id=client_id, purpose="", purpose_kind="housing",
                           recipient="Safe Haven", categories=("first_name",), method="written_signed",
                           recorded_by="Sam", recipient_contacts=["intake@safehaven.example"])
    dialog = egress_dialogs.share_client_data(context, client_id)
    qtbot.addWidget(dialog)
    dialog.set_channel("email")
    dialog.recipient_combo.setEditText("Safe Haven")
    assert not dialog.address_combo.isEditable()
    assert [dialog.address_combo.itemText(i) for i in range(dialog.address_combo.count())] == [
        "intake@safehaven.example"]
    dialog.share()
    wait_for_running()  # files and printouts are written on a worker thread
    assert [url.split("?")[0] for url in opened] == ["mailto:intake@safehaven.example"]
    assert audit.entries(context.db)[-1].recipient_address == "intake@safehaven.example"
