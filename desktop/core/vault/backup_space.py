"""How much room backups may take: the rotation (which copies are kept), within a disk budget, and never a copy
that would leave the disk nearly full. At 20,000 clients notes.db is 2.3 GB: the rotation alone (up to twelve
copies) took 27 GB.

    check_room(vault_folder, size, kept=3)   # raises BackupSkipped if a copy of ``size`` bytes would leave too little
    to_remove(newest_first, keep, now)       # which backups the rotation and the budget drop after a new one
    space_warning(vault_folder)              # the sentence the restore screen shows while backups are held off

The policy (docs/SECURITY.md, "Backups"):
- Rotation: the newest RECENT copies, plus the newest of each of the last DAYS days.
- Budget: all the copies together take at most BUDGET_COPIES times the notes file (never less than BUDGET_FLOOR,
  so a small vault keeps its whole rotation). Over it, the oldest copies go first: first the extra copies of a day
  that has a newer one, then whole days, oldest first; the newest KEEP_NEWEST are always kept.
- Free space: a copy is made only if, once written, the disk still has MIN_FREE or the size of the notes file free,
  whichever is more: room for the notes to grow, for the search index to merge, and for a restore to copy a backup
  back in place. Otherwise it is skipped (BackupSkipped): the older copies stay, and the worker is told.

``disk_free`` is how the free space is asked (``shutil.disk_usage``); tests set it to fake a full disk.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from desktop.i18n import _, ngettext

RECENT = 5
DAYS = 7
KEEP_NEWEST = 2
BUDGET_COPIES = 4
BUDGET_FLOOR = 2 * 1024 ** 3
MIN_FREE = 1024 ** 3
DB_FILE = "notes.db"


def _free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


disk_free: Callable[[Path], int] = _free_bytes


def taken_at(path: Path) -> datetime:
    """When a copy was taken: its file time (set when it was written; a name can say anything)."""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


class BackupFailed(Exception):
    """A backup could not be written (a full disk, usually). No part of it is left where a restore could find it;
    ``reason`` is what the system said."""

    def __init__(self, reason: str) -> None:
        super().__init__(_("Harbour could not write a backup: {reason}. Your notes themselves are safe.").format(
            reason=reason))
        self.reason = reason


class BackupSkipped(BackupFailed):
    """A backup was not made because the disk is nearly full; the older backups are kept. str(): the sentence."""

    def __init__(self, free: int, size: int, margin: int, kept: int) -> None:
        from desktop.core.common.formatting import format_number  # Babel: not before the unlock window (start-up)

        kept_text = ngettext("Your earlier backup is kept.", "Your {count} earlier backups are kept.", kept).format(
            count=format_number(kept)) if kept else _("There is no earlier backup yet.")
        Exception.__init__(self, _(
            "Harbour did not make a backup this time: the disk has {free} free, and a copy of your notes ({size}) "
            "would leave less than {margin}. {kept} Free some space on the disk; the next lock or unlock makes a "
            "backup again. Your notes themselves are safe.").format(
            free=size_text(free), size=size_text(size), margin=size_text(margin), kept=kept_text))
        self.reason = _("the disk is too full to keep a safe margin after a copy")


def size_text(size: int) -> str:
    """'2.3 GB', '640 MB' in the worker's language."""
    from babel import units  # Babel loads when a size is said, not for the unlock window (start-up)

    from desktop.core.common.formatting import formatting_locale

    locale = formatting_locale()
    if size >= 1000 ** 3:
        return units.format_unit(round(size / 1000 ** 3, 1), "digital-gigabyte", "short", locale=locale)
    return units.format_unit(max(1, round(size / 1000 ** 2)), "digital-megabyte", "short", locale=locale)


def margin_for(size: int) -> int:
    return max(MIN_FREE, size)


def check_room(vault_folder: Path, size: int, kept: int) -> None:
    """Raises BackupSkipped if a copy of ``size`` bytes would leave less than the margin free on the vault's disk
    (``kept``: how many backups there are already, for the sentence)."""
    free = disk_free(Path(vault_folder))
    if free - size < margin_for(size):
        raise BackupSkipped(free, size, margin_for(size), kept)


def space_warning(vault_folder: Path) -> str | None:
    """The sentence for the restore screen when the next backup would be skipped (the disk nearly full), else None.
    """
    database = Path(vault_folder) / DB_FILE
    try:
        size = database.stat().st_size if database.is_file() else 0
        free = disk_free(Path(vault_folder))
    except OSError:
        return None
    if free - size >= margin_for(size):
        return None
    return _("The disk is nearly full ({free} free): Harbour makes no new backup while a copy of your notes ({size}) "
             "would leave less than {margin}. The backups listed here are kept; free some space on the disk so that "
             "new ones are made again.").format(free=size_text(free), size=size_text(size),
                                                margin=size_text(margin_for(size)))


def to_remove(newest_first: list[Path], keep: Path, now: datetime) -> list[Path]:
    """The backups to delete once ``keep`` has been written: those outside the rotation, then, while the rest takes
    more than the budget, the oldest of what is left (a day's extra copies before whole days), never the newest
    KEEP_NEWEST nor ``keep``."""
    days_seen: set = set()
    day_copies: set[Path] = set()
    for path in newest_first:
        day = taken_at(path).date()
        if (now.date() - day).days < DAYS and day not in days_seen:
            days_seen.add(day)
            day_copies.add(path)
    kept = [path for path in newest_first if path == keep or path in day_copies or path in newest_first[:RECENT]]
    removed = [path for path in newest_first if path not in kept]
    sizes = {path: path.stat().st_size for path in kept}
    budget = max(BUDGET_COPIES * keep.stat().st_size, BUDGET_FLOOR)
    protected = {keep, *newest_first[:KEEP_NEWEST]}
    # Oldest first: the extra copies of a day first, then the days themselves.
    candidates = [path for path in reversed(kept) if path not in protected and path not in day_copies]
    candidates += [path for path in reversed(kept) if path not in protected and path in day_copies]
    total = sum(sizes.values())
    for path in candidates:
        if total <= budget:
            break
        removed.append(path)
        total -= sizes[path]
    return removed
