"""Issue 16 (2) and issue 15 (11): the X11 PRIMARY selection (select with the mouse, middle-click anywhere) never
holds client text from Harbour, and locking clears it. A real X server (Xvfb), Harbour's widgets in a real xcb
process, real mouse clicks, and the selection read back by another X client (xclip), as a middle-click would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME = "Zorana"

pytestmark = pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xclip")), reason="needs Xvfb and xclip")

# Runs under xcb: the text of a client field of each kind is selected by dragging the mouse across it (Qt offers
# it as PRIMARY on the mouse release), then the test reads PRIMARY. Then Harbour's own copy goes to PRIMARY with
# the guard's signals blocked, and the lock clears it.
WIDGETS = f"""
import queue
import sys
import threading
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QVBoxLayout, QWidget
from desktop.ui.widgets.clipboard_guard import ClipboardGuard
from desktop.ui.widgets.guarded_text import GuardedLineEdit

app = QApplication([])
guard = ClipboardGuard()
window = QWidget()
combo = QComboBox()
combo.setEditable(True)
fields = {{"plain": QLineEdit("{NAME}"), "guarded": GuardedLineEdit("{NAME}"), "combo": combo.lineEdit()}}
combo.setEditText("{NAME}")
layout = QVBoxLayout(window)
layout.addWidget(fields["plain"]); layout.addWidget(fields["guarded"]); layout.addWidget(combo)
window.show()
QTest.qWaitForWindowExposed(window)

def settle():
    for _ in range(20):
        app.processEvents()
        QTest.qWait(20)

# stdin is read on a thread, so the event loop keeps answering the X server (xclip asks Harbour for PRIMARY).
commands = queue.Queue()
threading.Thread(target=lambda: [commands.put(line.strip()) for line in sys.stdin], daemon=True).start()

def run_next():
    try:
        command = commands.get_nowait()
    except queue.Empty:
        return
    if command in fields:
        field = fields[command]
        # press, drag across the word, release: Qt offers the selection as PRIMARY on the release
        QTest.mousePress(field, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(3, 8))
        QTest.mouseMove(field, QPoint(field.width() - 3, 8))
        QTest.mouseRelease(field, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           QPoint(field.width() - 3, 8))
        settle()
        print("selected", field.selectedText(), flush=True)
    elif command == "own":
        clipboard = QGuiApplication.clipboard()
        clipboard.blockSignals(True)
        clipboard.setText("{NAME} lives at the farm", QClipboard.Mode.Selection)
        settle()
        clipboard.blockSignals(False)
        print("owned", clipboard.ownsSelection(), flush=True)
    elif command == "lock":
        print("cleared", guard.clear_if_ours(), flush=True)
        settle()
    elif command == "quit":
        app.quit()

timer = QTimer()
timer.timeout.connect(run_next)
timer.start(20)
app.exec()
"""


@pytest.fixture(scope="module")
def display():
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _primary(display: str) -> str:
    done = subprocess.run(["xclip", "-o", "-selection", "primary"], env={**os.environ, "DISPLAY": display},
                          capture_output=True, text=True, timeout=10)
    return done.stdout if done.returncode == 0 else ""


@pytest.fixture
def harbour(display):
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    process = subprocess.Popen([sys.executable, "-c", WIDGETS], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def ask(command: str) -> str:
        process.stdin.write(command + "\n")
        process.stdin.flush()
        return process.stdout.readline().strip()

    yield ask
    process.stdin.write("quit\n")
    process.stdin.close()
    process.wait(timeout=20)


@pytest.mark.parametrize("field", ["plain", "guarded", "combo"])
def test_selecting_a_client_name_with_the_mouse_leaves_nothing_to_middle_click(display, harbour, field):
    assert harbour(field) == f"selected {NAME}"  # the name really was selected by the drag
    assert NAME not in _primary(display)


def test_locking_clears_primary_when_harbour_holds_it(display, harbour):
    assert harbour("own") == "owned True"
    assert NAME in _primary(display)  # the X server really offered it to other programs
    assert harbour("lock") == "cleared True"
    assert NAME not in _primary(display)
