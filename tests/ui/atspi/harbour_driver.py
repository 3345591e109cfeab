"""The Harbour side of the AT-SPI check (tests/ui/test_atspi.py): the real app (demo vault, unlock window, main
window, theme) under Xvfb with Qt's accessibility bridge on, driven by key presses, one step at a time.

After each step it prints ``STATE <name> <json>`` (what the screen shows: label texts, drop-down values) and waits
for a line on stdin before the next step, so the AT-SPI client can read the tree and the events in between.
Run with the project's venv python, from the repository root; not collected by pytest.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PySide6.QtCore import QObject, Qt, QTimer, Signal  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QWidget  # noqa: E402


class _Stdin(QObject):
    line = Signal(str)


def visible_texts(root: QWidget | None = None) -> dict:
    """What a sighted worker reads: every visible label's words (no & mnemonic, no markup) and drop-down values."""
    widgets = root.findChildren(QWidget) if root is not None else QApplication.allWidgets()
    labels, combos = [], []
    for widget in widgets:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and widget.text():
            labels.append(widget.text())
        elif isinstance(widget, QComboBox):
            combos.append(widget.currentText())
    return {"labels": labels, "combos": combos}


def settle(milliseconds: int = 300) -> None:
    QTest.qWait(milliseconds)


def press(key, modifier=Qt.KeyboardModifier.NoModifier, widget: QWidget | None = None) -> None:
    """A key press where the keyboard is (or on ``widget``), as a person would press it."""
    QTest.keyClick(widget or QApplication.focusWidget(), key, modifier)
    settle(60)


def type_text(text: str, widget: QWidget | None = None) -> None:
    for character in text:
        QTest.keyClicks(widget or QApplication.focusWidget(), character)
        settle(15)


def main() -> None:
    from desktop.app import _prepare_app
    from desktop.core.consent.gate import ConsentRequired
    from desktop.core.demo.demo_vault import DEMO_PASSPHRASE, create_demo_vault
    from desktop.core.records import clients, sessions
    from desktop.ui.clients.client_editor import ClientEditor
    from desktop.ui.clients.session_editor import SessionEditor
    from desktop.ui.consent.share_dialogs import RefusalDialog
    from desktop.ui.shell.controller import HarbourController
    from desktop.ui.shell.theme import apply_theme
    from desktop.ui.vault.create_vault import CreateVaultWizard
    from desktop.ui.widgets.operations import wait_for_running

    app, preferences = _prepare_app("en")
    vault, _demo_folder = create_demo_vault()
    folder = vault.folder
    vault.lock()
    controller = HarbourController(app, preferences, folder, demo_passphrase=DEMO_PASSPHRASE)
    reader = _Stdin()
    steps = []

    def step(function):
        steps.append(function)
        return function

    def report(name: str, facts: dict) -> None:
        """Every window's texts (the screen reader sees them all), and what the step adds."""
        facts = {**facts, **visible_texts()}
        print(f"STATE {name} {json.dumps(facts)}", flush=True)

    @step
    def unlock_window():
        controller.start()
        settle(800)
        unlock = controller.unlock_window
        unlock.activateWindow()
        unlock.secret.setFocus()
        settle()
        report("unlock", visible_texts(unlock))

    @step
    def wrong_passphrase():
        typed = "wrong horse 42"
        type_text(typed)
        press(Qt.Key.Key_Return)
        wait_for_running()  # unlocking runs on a worker thread; its message comes back on the GUI thread
        settle(800)
        report("wrong-passphrase", {**visible_texts(controller.unlock_window), "typed": typed,
                                    "message": controller.unlock_window.message.text()})

    @step
    def unlocked():
        unlock = controller.unlock_window
        unlock.secret.selectAll()
        type_text(DEMO_PASSPHRASE)
        press(Qt.Key.Key_Return)
        wait_for_running()
        settle(1500)
        window = controller.main_window
        if window.tour is not None:
            window.tour.reject()
        window.activateWindow()
        settle()
        report("main", visible_texts(window))

    for section in ("interpreters", "bookings", "audit", "clients"):
        def walk(section=section):
            window = controller.main_window
            window.navigate(section)
            settle()
            window.navigation.setFocus(Qt.FocusReason.TabFocusReason)
            settle()
            for _tab in range(40):
                press(Qt.Key.Key_Tab)
            report(f"tabbed-{section}", visible_texts(window))
        step(walk)

    @step
    def new_client():
        window = controller.main_window
        editor = ClientEditor(controller.context, None, window)
        editor.open()
        settle(600)
        report("client-editor", visible_texts(editor))
        editor.reject()

    @step
    def new_booking():
        window = controller.main_window
        window.navigate("bookings")
        window.section_widget("bookings").new_booking()
        settle(600)
        report("booking-editor", visible_texts(window))

    @step
    def create_vault():
        wizard = CreateVaultWizard(Path(folder).parent / "another vault")
        wizard.show()
        settle(600)
        report("create-vault", visible_texts(wizard))
        wizard.reject()
        controller.main_window.activateWindow()

    @step
    def scripts():
        window = controller.main_window
        window.navigate("scripts")
        view = window.section_widget("scripts")
        view.client_picker.select_tag("pa-Guru")
        settle(800)
        paragraphs = [{"text": cell.text_label.text(), "locale": cell.text_label.locale().name()}
                      for cell in (*view.rows.left_cells, *view.rows.right_cells)]
        report("scripts", {**visible_texts(window), "paragraphs": paragraphs})

    @step
    def read_on():
        controller.main_window.activateWindow()
        view = controller.main_window.section_widget("scripts")
        view.read_button.setFocus()
        settle()
        press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier, view.read_button)
        settle(600)
        report("read-on", {**visible_texts(controller.main_window), "count": len(view.rows.numbers)})

    @step
    def refusal():
        window = controller.main_window
        client = clients.list_clients(controller.context.db)[0]
        dialog = RefusalDialog(controller.context, client.id, ConsentRequired("no_consent", recipient="Clinic"),
                               request={"purpose": "Referral"}, parent=window)
        dialog.open()
        settle(800)
        report("refusal", {**visible_texts(window), "message": dialog.message.text()})

    @step
    def autosave():
        window = controller.main_window
        for dialog in window.findChildren(RefusalDialog):
            dialog.reject()
        window.navigate("clients")
        section = window.section_widget("clients")
        client = clients.list_clients(controller.context.db)[0]
        session = sessions.create_session(controller.context.db, client.id)
        section.open_session(session.id)
        settle()
        editor = window.findChildren(SessionEditor)[-1]
        window.activateWindow()
        editor.notes_edit.setFocus()
        settle()
        type_text("Asked about a clinic.", editor.notes_edit)
        settle(1500)
        report("autosave", {**visible_texts(window), "save_state": editor.save_state.text()})

    @step
    def large_text():
        apply_theme(app, "light", 200)
        window = controller.main_window
        window.navigate("clients")
        section = window.section_widget("clients")
        section.open_client(clients.list_clients(controller.context.db)[0].id)
        settle(1000)
        report("zoom-200", visible_texts(window))

    def next_step(_line: str = "") -> None:
        if not steps:
            controller.shutdown()
            app.quit()
            return
        steps.pop(0)()

    reader.line.connect(next_step, Qt.ConnectionType.QueuedConnection)

    def read_stdin() -> None:
        for line in sys.stdin:
            reader.line.emit(line)
        reader.line.emit("")

    threading.Thread(target=read_stdin, daemon=True).start()
    QTimer.singleShot(0, next_step)
    app.exec()


if __name__ == "__main__":
    main()
