"""When a file cannot be written after the consent gate released it (a full disk, no permission): the audit log
gets a follow-up entry saying nothing left, and the worker gets one plain sentence. Every screen that writes a
Release calls ``report_failed_write`` from its ``except OSError``, so they all log and say it the same way."""

from __future__ import annotations

from desktop.core.common import files
from desktop.core.consent import gate as egress
from desktop.i18n import _
from desktop.ui.shell.context import AppContext, DataKind


def report_failed_write(context: AppContext, release: egress.Release, error: BaseException) -> str:
    """Records that ``release`` did not leave and returns the sentence to show (status bar, error line, box)."""
    return _record(context, release, error, files.write_failure_sentence(error))


def report_no_mail_program(context: AppContext, release: egress.Release) -> str:
    """The desktop opened no mail program for an e-mail draft: as for a failed write, nothing left, and the log
    says so after its "released" entry."""
    return _record(context, release, "no_mail_program", _("No e-mail program opened."))


def _record(context: AppContext, release: egress.Release, error: BaseException | str, problem: str) -> str:
    try:
        egress.record_failure(context.db, release, error)
    except egress.FailureNotRecorded:  # told to the worker, not logged: a log is a way out (test_egress_paths)
        return _("{problem} Nothing was shared, but the audit log could not record that: tell your "
                 "supervisor.").format(problem=problem)
    finally:
        context.events.changed(DataKind.AUDIT)
    return _("{problem} Nothing was shared.").format(problem=problem)
