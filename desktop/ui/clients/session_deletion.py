"""Deleting one session recorded by mistake (the wrong client opened, a test entry), from the client page's list
of sessions or from the session editor. The confirmation says in plain words what goes for good (the notes), what
stays (promises made in it, unlinked; the audit log) and that it cannot be undone; No is the default answer.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.common.formatting import format_date
from desktop.core.records import retention
from desktop.core.records.clients import ClientError
from desktop.core.records.sessions import SessionError
from desktop.i18n import _
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.shell.maintenance import catch_up


def delete_session(context: AppContext, session_id: int, parent: QWidget | None = None) -> bool:
    """Asks, then deletes for good. True when the session is gone (the caller leaves any screen showing it)."""
    title = _("Delete this session")
    try:
        summary = retention.session_deletion_summary(context.db, session_id)
    except SessionError as error:
        QMessageBox.warning(parent, title, str(error))
        return False
    question = summary.sentence() + "\n\n" + _("Delete this session for good?")
    answer = QMessageBox.question(parent, title, question, QMessageBox.StandardButton.Yes |
                                  QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        # The row goes at once (milliseconds); clearing its words from the search index takes ~0.5 s on a large
        # vault, so it runs on a worker thread, then empties the WAL.
        retention.delete_session_for_good(context.db, session_id, scrub_now=False)
        problem = None
    except (SessionError, ClientError) as error:  # gone already; or deleted, with old pages not yet cleared
        problem = str(error)
    if problem is None:
        catch_up(context, parent)
        context.events.status_message.emit(_("The session of {date} with {name} was deleted for good.").format(
            date=format_date(summary.started_at), name=summary.first_name))
    else:
        QMessageBox.warning(parent, title, problem)
    context.events.changed(DataKind.SESSIONS)
    return True  # either way the session is no longer there
