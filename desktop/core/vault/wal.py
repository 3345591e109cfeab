"""A -wal found at unlock means Harbour stopped without closing the vault (a crash, a kill, a power cut). SQLite
replays the -wal's committed writes into notes.db and drops the rest, silently, from the first damaged frame on.
So before it does, notes.db and the -wal are copied into quarantine, and afterwards the frames SQLite accepted are
compared with the committed frames the file holds: fewer means writes were lost, and the worker is told.
"""

from __future__ import annotations

import struct
from pathlib import Path

from desktop.core.vault import quarantine
from desktop.i18n import _

DB_NAME = "notes.db"
WAL_NAME = f"{DB_NAME}-wal"
_HEADER = 32
_FRAME_HEADER = 24


def keep_copy_if_left_by_a_crash(folder: Path) -> Path | None:
    """The quarantine folder holding notes.db and its -wal as found, or None (no -wal, or no room to copy)."""
    wal = Path(folder) / WAL_NAME
    try:
        if not wal.is_file() or wal.stat().st_size == 0:
            return None
        return quarantine.keep_copy(folder, [DB_NAME, WAL_NAME])
    except OSError:
        return None  # a full disk must not stop the unlock; the -wal itself is still untouched


def committed_frames(wal: Path) -> int:
    """How many frames of the current WAL generation end in a committed transaction, as the file claims (its
    checksums unchecked: SQLite's replay checks them). Frames of an older generation carry other salts."""
    with open(wal, "rb") as source:
        head = source.read(_HEADER)
        if len(head) < _HEADER:
            return 0
        page_size = struct.unpack(">I", head[8:12])[0]
        salts = head[16:24]
        count = last_commit = 0
        while True:
            frame = source.read(_FRAME_HEADER)
            if len(frame) < _FRAME_HEADER or frame[8:16] != salts:
                return last_commit
            if len(source.read(page_size)) < page_size:
                return last_commit
            count += 1
            if struct.unpack(">I", frame[4:8])[0] != 0:  # the database size after commit: set on commit frames
                last_commit = count


def lost_writes_note(connection, kept: Path | None) -> str | None:
    """A sentence for the worker when SQLite replayed fewer frames than were committed, else None."""
    if kept is None or not (kept / WAL_NAME).is_file():
        return None
    replayed = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
    if replayed < 0 or replayed >= committed_frames(kept / WAL_NAME):
        return None
    return _("Harbour had stopped without closing your notes, and not all of the last changes before that could be "
             "recovered: the most recent notes may be missing. The files as they were found are kept in {path}; "
             "someone with technical skills may be able to recover more from them.").format(path=str(kept))
