"""Issue 18: slow work a worker starts runs on a worker thread (the one background helper), so the window keeps
answering. A file or printout of years of notes: the consent gate decides and logs first, on the GUI thread; the
worker writes only what it released, whole or not at all; a lock during the export waits for it. A 1,000-row
interpreter roster is checked and stored there too."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from desktop.core.consent import audit
from desktop.core.consent import consents as consent
from desktop.core.consent import gate as egress
from desktop.core.records import clients, sessions
from desktop.exports import handout, pdf, printing
from desktop.ui.consent import share_delivery, share_dialogs
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import TEST_PASSPHRASE
from tests.ui import test_shell

NOTE = "Met at the clinic. She asked about the bus to the shelter and a Punjabi interpreter for Tuesday. " * 10
SESSIONS = 200
controller = test_shell.controller  # the fixture of the app's own unlock -> lock cycle


def _client_with_years_of_notes(db) -> int:
    client = clients.create_client(db, "Ana", languages=["es"])
    for _ in range(SESSIONS):
        sessions.save_notes(db, sessions.create_session(db, client.id).id, NOTE)
    consent.record_consent(db, client_id=client.id, purpose="Shelter place", recipient="Safe Haven",
                           categories=("first_name", "full_notes"), method="written_signed", recorded_by="Sam")
    return client.id


class HeldRender:
    """Wraps an exporter's layout step: records the thread it ran on and holds it until ``release()``, so a test
    can look at the window while the export is under way."""

    def __init__(self, monkeypatch, module, name: str) -> None:
        self.threads: list[threading.Thread] = []
        self.started = threading.Event()
        self._go = threading.Event()
        real = getattr(module, name)

        def held(*args, **kwargs):
            self.threads.append(threading.current_thread())
            self.started.set()
            self._go.wait(30)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, held)

    def release(self) -> None:
        self._go.set()


def _share_dialog(qtbot, context, client_id, channel: str) -> share_dialogs.ShareDialog:
    dialog = share_dialogs.share_client_data(context, client_id, channel=channel)
    qtbot.addWidget(dialog)
    dialog.recipient_combo.setEditText("Safe Haven")
    return dialog


def _releases(db) -> list[audit.AuditEntry]:
    return [entry for entry in audit.entries(db) if entry.client_id is not None]


def test_a_200_session_pdf_is_written_off_the_gui_thread_while_the_window_answers(qtbot, context, tmp_path,
                                                                                   monkeypatch):
    client_id = _client_with_years_of_notes(context.db)
    target = tmp_path / "referral.pdf"
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, channel: target)
    render = HeldRender(monkeypatch, pdf, "render_pdf")
    dialog = _share_dialog(qtbot, context, client_id, "file_pdf")
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)  # the worker presses Share

    assert render.started.wait(10)
    # The gate decided and logged on the GUI thread before any layout began; nothing is on disk yet.
    assert [entry.outcome for entry in _releases(context.db)] == ["released"]
    assert not target.exists()
    # The window answers meanwhile: its timers run, it shows it is busy, and Share cannot be pressed twice.
    ticks = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(1))
    ticker.start(10)
    qtbot.waitUntil(lambda: len(ticks) >= 3)
    ticker.stop()
    assert QGuiApplication.overrideCursor() is not None
    assert not dialog.share_button.isEnabled()
    assert dialog.isVisible()

    render.release()
    wait_for_running()
    assert render.threads and threading.main_thread() not in render.threads
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") > 10, "every session's notes are in it"
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [entry.outcome for entry in _releases(context.db)] == ["released"]  # one entry, no failure
    assert QGuiApplication.overrideCursor() is None
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []  # no temp file left


def test_the_document_laid_out_on_a_worker_thread_is_the_one_laid_out_on_the_gui_thread(context):
    """QTextDocument is reentrant and QPdfWriter a paint device QPainter may use in a thread (Qt's "Thread-Support
    in Qt Modules"): built and painted in one worker, the PDF has the same pages as on the GUI thread."""
    client_id = _client_with_years_of_notes(context.db)
    release = egress.release(context.db, client_id=client_id, recipient="Safe Haven", purpose="Shelter place",
                             categories=["first_name", "full_notes"], channel="file_pdf", worker="Sam")
    on_gui = pdf.pdf_bytes(release)
    made = {}
    worker = threading.Thread(target=lambda: made.setdefault("pdf", pdf.pdf_bytes(release)))
    worker.start()
    worker.join(60)
    pages = [data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") for data in (on_gui, made["pdf"])]
    assert pages[0] == pages[1] > 10
    assert abs(len(on_gui) - len(made["pdf"])) < 200  # only the creation time differs


@pytest.mark.parametrize("channel", ["file_csv", "file_text"])
def test_csv_and_text_of_many_sessions_are_written_on_the_worker_thread(qtbot, context, tmp_path, monkeypatch,
                                                                        channel):
    from desktop.exports import csv_export, text

    client_id = _client_with_years_of_notes(context.db)
    target = tmp_path / "referral"
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, chosen: target)
    module, name = (csv_export, "csv_text") if channel == "file_csv" else (text, "write_text")
    render = HeldRender(monkeypatch, module, name)
    dialog = _share_dialog(qtbot, context, client_id, channel)
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    assert render.started.wait(10)
    render.release()
    wait_for_running()
    assert threading.main_thread() not in render.threads
    assert NOTE.strip()[:40] in target.read_text(encoding="utf-8-sig")
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_printing_lays_out_the_document_on_the_worker_thread(qtbot, context, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    client_id = _client_with_years_of_notes(context.db)
    printed = tmp_path / "printed.pdf"

    def printer_to_a_file(parent):  # the print dialog's answer: a printer that prints into a PDF file
        chosen = QPrinter()
        chosen.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        chosen.setOutputFileName(str(printed))
        return chosen

    monkeypatch.setattr(share_delivery, "ask_printer", printer_to_a_file)
    render = HeldRender(monkeypatch, printing, "text_document")
    dialog = _share_dialog(qtbot, context, client_id, "print")
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    assert render.started.wait(10)
    render.release()
    wait_for_running()
    assert threading.main_thread() not in render.threads
    assert printed.read_bytes().startswith(b"%PDF")
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_handout_pdf_is_laid_out_on_the_worker_thread(qtbot, context, tmp_path, monkeypatch):
    from desktop.ui.scripts.scripts_view import ScriptsView

    view = ScriptsView(context)
    qtbot.addWidget(view)
    view.handle_navigation({"language": "hi", "script": "stop"})
    target = tmp_path / "handout.pdf"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: str(target))
    render = HeldRender(monkeypatch, handout, "render_pdf")
    qtbot.mouseClick(view.actions_bar.pdf_button, Qt.MouseButton.LeftButton)
    assert render.started.wait(10)
    assert not target.exists()
    render.release()
    wait_for_running()
    assert threading.main_thread() not in render.threads
    assert target.read_bytes().startswith(b"%PDF")


def test_a_lock_during_an_export_waits_for_it_and_leaves_the_whole_file(qtbot, controller, vault, tmp_path,
                                                                       monkeypatch):
    client_id = _client_with_years_of_notes(vault.db)
    vault.lock()
    controller.start()
    controller.unlock_window.secret.setText(TEST_PASSPHRASE)
    controller.unlock_window.unlock_button.click()
    wait_for_running()
    target = tmp_path / "referral.pdf"
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, channel: target)
    render = HeldRender(monkeypatch, pdf, "render_pdf")
    # The layout goes on only once the lock has begun: the lock must wait for it, not close the vault under it.
    controller.context.events.about_to_lock.connect(render.release)
    dialog = _share_dialog(qtbot, controller.context, client_id, "file_pdf")
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    assert render.started.wait(10)
    controller.main_window.lock_action.trigger()

    assert controller.vault is None and controller.unlock_window.isVisible()
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_a_1000_row_roster_is_stored_on_a_worker_thread_while_the_window_answers(qtbot, context, tmp_path,
                                                                                  monkeypatch):
    from desktop.core.interpreters.directory import list_interpreters
    from desktop.ui.interpreters import directory_view

    rows = "".join(f"Person {number},Agency {number % 7},es;en\n" for number in range(1000))
    roster = tmp_path / "roster.csv"
    roster.write_text("name,agency,languages\n" + rows, encoding="utf-8")
    monkeypatch.setattr(directory_view, "ask_import_path", lambda parent: roster)
    monkeypatch.setattr(directory_view, "show_dialog", lambda dialog: None)
    stored = HeldRender(monkeypatch, directory_view, "import_csv")
    view = directory_view.InterpretersView(context)
    qtbot.addWidget(view)
    view.show()
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)  # the worker presses Import

    assert stored.started.wait(10)
    ticks = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(1))
    ticker.start(10)
    qtbot.waitUntil(lambda: len(ticks) >= 3)  # the window answers while the roster is read
    ticker.stop()
    assert QGuiApplication.overrideCursor() is not None
    stored.release()
    wait_for_running()
    assert threading.main_thread() not in stored.threads
    assert view.last_dialog.findChild(directory_view.QLabel).text().startswith("1000 added")
    assert len(list_interpreters(context.db)) == view.model.rowCount() == 1000


def test_a_lock_shows_the_unlock_screen_first_and_copies_its_backup_after_the_key_is_gone(qtbot, controller, vault,
                                                                                          monkeypatch):
    """A years-old vault is gigabytes: its backup at lock is a copy of the closed, encrypted file on a worker
    thread (the backup API on the GUI thread took 6 s for 230 MB), and it holds everything saved before the lock."""
    import shutil

    import sqlcipher3

    from desktop.core.vault import backups
    from desktop.core.vault.vault import apply_cipher_pragmas

    vault.lock()
    controller.start()
    controller.unlock_window.secret.setText(TEST_PASSPHRASE)
    controller.unlock_window.unlock_button.click()
    wait_for_running()
    for earlier in backups.list_backups(vault.folder):
        earlier.unlink()
    clients.create_client(controller.context.db, "Amina")
    data_key = controller.vault.raw_key_for_backup()
    copying, release, real_copy, copied_on = threading.Event(), threading.Event(), shutil.copyfile, []

    def held_copy(source, target, **kwargs):
        copied_on.append(threading.current_thread())
        copying.set()
        assert release.wait(10)
        return real_copy(source, target, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", held_copy)
    controller.main_window.lock_action.trigger()

    assert controller.vault is None and controller.unlock_window.isVisible()  # up while the copy still runs
    assert copying.wait(10) and copied_on[0] is not threading.main_thread()
    release.set()
    wait_for_running()
    newest = backups.list_backups(vault.folder)[0]
    assert newest.name.endswith(f"-{backups.AT_LOCK}.db")
    copy = sqlcipher3.connect(str(newest))
    try:
        apply_cipher_pragmas(copy, data_key)
        assert copy.execute("SELECT first_name FROM clients").fetchall() == [("Amina",)]
    finally:
        copy.close()


def test_a_quick_hide_hides_every_window_at_once_while_slow_work_still_runs(qtbot, controller, vault):
    """A lock lets running work finish before the vault closes (a deletion, the day's backup: seconds on a
    years-old vault), but the windows go first: the quick-hide key must never wait for work to show nothing."""
    from PySide6.QtCore import QEvent, QObject

    from desktop.ui.widgets.operations import BackgroundOperation

    vault.lock()
    controller.start()
    controller.unlock_window.secret.setText(TEST_PASSPHRASE)
    controller.unlock_window.unlock_button.click()
    wait_for_running()
    window, hidden = controller.main_window, threading.Event()

    class HideWatch(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Hide:
                hidden.set()
            return False

    watch = HideWatch()
    window.installEventFilter(watch)
    slow = BackgroundOperation(window, lambda _progress: hidden.wait(5), blocking=True).run()
    qtbot.keyClick(window, Qt.Key.Key_F12)

    assert slow.result is True  # the window was hidden while the work still ran
    assert controller.vault is None


def test_a_lock_hides_every_window_before_editors_save_what_was_typed(qtbot, controller, vault):
    """An editor's save at lock can wait for a step of the search index's tidying (up to a second on a years-old
    vault): the notes must already be off the screen while it waits."""
    vault.lock()
    controller.start()
    controller.unlock_window.secret.setText(TEST_PASSPHRASE)
    controller.unlock_window.unlock_button.click()
    wait_for_running()
    window = controller.main_window
    seen_at_save: list[bool] = []
    controller.context.events.about_to_lock.connect(lambda: seen_at_save.append(window.isVisible()))
    qtbot.keyClick(window, Qt.Key.Key_F12)

    assert seen_at_save == [False]
    assert controller.vault is None
