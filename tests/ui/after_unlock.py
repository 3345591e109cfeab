"""What the window does on a worker thread right after unlock (VaultMaintenance), and which threads asked a slow
function meanwhile: shared by the tests that check work was moved off the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget


def threads_calling(monkeypatch, module, name: str) -> list[threading.Thread]:
    """``module.name`` wrapped so that every call records the thread it ran on, in the list returned."""
    asked: list[threading.Thread] = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name,
                        lambda *args, **kwargs: asked.append(threading.current_thread()) or real(*args, **kwargs))
    return asked


def run_after_unlock(qtbot, context) -> None:
    """VaultMaintenance.after_unlock, as the controller starts it, until its background work has ended."""
    from desktop.ui.shell.maintenance import VaultMaintenance
    from desktop.ui.widgets import operations

    window = QWidget()
    qtbot.addWidget(window)
    maintenance = VaultMaintenance(context, window, warn=lambda _text: None)
    try:
        maintenance.after_unlock()
        assert operations.wait_for_running()
    finally:
        maintenance.stop()
