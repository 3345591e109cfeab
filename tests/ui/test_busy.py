"""The wait cursor never stays stuck on the whole app after work that failed."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from desktop.ui.widgets.busy import busy_cursor
from desktop.ui.widgets.operations import wait_for_running


def test_the_wait_cursor_is_shown_during_the_work_and_restored_after_an_error(qapp):
    with pytest.raises(RuntimeError), busy_cursor():
        assert QGuiApplication.overrideCursor() is not None
        raise RuntimeError("a database error nobody expected")
    assert QGuiApplication.overrideCursor() is None


def test_deleting_a_client_that_fails_unexpectedly_leaves_no_wait_cursor(qtbot, context, monkeypatch):
    from desktop.core.records import clients, retention
    from desktop.ui.clients import client_page as page_module
    from desktop.ui.clients.client_page import ClientPage

    client = clients.create_client(context.db, "Mei")
    page = ClientPage(context, client.id)
    qtbot.addWidget(page)
    monkeypatch.setattr(page_module.QInputDialog, "getText", lambda *args, **kwargs: ("Mei", True))

    def disk_error(*_args, **_kwargs):
        raise OSError("disk I/O error")

    monkeypatch.setattr(retention, "delete_client_for_good", disk_error)
    with qtbot.capture_exceptions() as raised:  # deleting runs on a worker; the error reaches the crash hook
        page.delete_for_good()
        wait_for_running()
    assert [type(error) for _kind, error, _trace in raised] == [OSError]
    assert QGuiApplication.overrideCursor() is None
