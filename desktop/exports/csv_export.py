"""CSV: one header row of category keys and one row of released text. Non-client documents (the roster, the
audit log) arrive as finished CSV text, already written by desktop/core/common/safe_csv.py, and are written as they are.
Every cell is neutralised against spreadsheet formulas (safe_csv)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.common import safe_csv
from desktop.core.common.files import write_atomically
from desktop.core.consent.consents import CATEGORIES
from desktop.core.consent.gate import Release
from desktop.exports.common import require_channel


def csv_text(release: Release) -> str:
    if release.basis == "not_client_data":
        return release.fields["content"]
    keys = [c for c in CATEGORIES if c in release.fields]
    return safe_csv.csv_text([keys, [release.fields[key] for key in keys]])


def write_csv(release: Release, path: Path) -> Path:
    require_channel(release, "file_csv")
    # utf-8-sig so spreadsheet programs read non-Latin first names correctly
    write_atomically(Path(path), csv_text(release).encode("utf-8-sig"))
    return Path(path)
