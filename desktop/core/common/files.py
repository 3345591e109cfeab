"""Crash-safe small-file writes: temp file in the same folder, fsync, rename, fsync the folder; and what to say
(and log) when a write fails."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

from desktop.i18n import N_, _

# Why a write failed, as a fixed word: safe for the audit log (never a path, never the file's content).
_KINDS_BY_ERRNO = {
    errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EFBIG: "disk_full",
    errno.EACCES: "permission_denied", errno.EPERM: "permission_denied",
    errno.EROFS: "read_only",
    errno.ENOENT: "folder_missing", errno.ENOTDIR: "folder_missing",
}
_WRITE_FAILURE_REASONS = {
    "disk_full": N_("the disk is full"),
    "permission_denied": N_("permission denied"),
    "read_only": N_("the disk is read-only"),
    "folder_missing": N_("the folder no longer exists"),
    "write_failed": N_("the system refused to write it"),
    # The desktop opened no mail program for an e-mail draft (nothing was written, nothing left).
    "no_mail_program": N_("no e-mail program opened"),
}
# Every kind the audit log may record, each with its words above.
WRITE_FAILURES = tuple(_WRITE_FAILURE_REASONS)


def write_failure_kind(error: BaseException) -> str:
    """One of WRITE_FAILURES for a failed write (an OSError, or a project error that is one)."""
    code = getattr(error, "errno", None)
    if code is None and isinstance(error.__cause__, OSError):  # a project error raised from the OSError
        code = error.__cause__.errno
    return _KINDS_BY_ERRNO.get(code, "write_failed")


def write_failure_reason(error: BaseException) -> str:
    """The reason in plain words: ours for the usual cases, else the system's own words (never the path)."""
    kind = write_failure_kind(error)
    if kind != "write_failed":
        return write_failure_label(kind)
    return (getattr(error, "strerror", None) or str(error) or type(error).__name__).rstrip(".")


def write_failure_label(kind: str) -> str:
    """The words for a logged failure kind (the audit view shows them)."""
    return _(_WRITE_FAILURE_REASONS.get(kind, _WRITE_FAILURE_REASONS["write_failed"]))


def write_failure_sentence(error: BaseException) -> str:
    """What every screen says when a file Harbour was saving could not be written."""
    return _("The file could not be saved: {reason}.").format(reason=write_failure_reason(error))


def write_atomically(path: Path, data: bytes) -> None:
    path = Path(path)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def write_json_atomically(path: Path, value: object) -> None:
    write_atomically(path, json.dumps(value, indent=2, sort_keys=True).encode("utf-8"))


def fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS renames are journaled.
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
