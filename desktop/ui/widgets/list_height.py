"""Lists that take the height of what they hold (up to a limit), so a one-line list does not leave a gap."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget


def fit_to_rows(listing: QListWidget, max_rows: int) -> None:
    rows = max(1, min(listing.count(), max_rows))
    height = sum(max(listing.sizeHintForRow(row), listing.fontMetrics().lineSpacing()) for row in range(rows))
    listing.setFixedHeight(height + 2 * listing.frameWidth() + listing.spacing() * rows + 4)
