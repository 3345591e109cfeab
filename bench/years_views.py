"""The client list's other views, the Today screen and the screens that pick a client (the booking editor, the
matching panel, the search screen) on the clients-only vault of bench_years.py --list-only (20,000 clients, as many
promises, three in four clients without a session for a year): each opened as the worker opens it, through the real
screen, painted.

    .venv/bin/python bench/years_views.py --clients 20000     # the screens that pick a client alone (~20 s)
"""

from __future__ import annotations

import common
from common import Section, settle, time_ms, time_once


def review_and_today_figures(section: Section, context, repeat: int) -> None:
    from desktop.core.profile import settings
    from desktop.core.records import retention
    from desktop.ui.clients.clients_section import REVIEW, ClientListView
    from desktop.ui.clients.today import TodayView

    db = context.db
    settings.put(db, retention.REVIEW_SETTING, 12)
    view = ClientListView(context)
    view.resize(1100, 700)
    view.show()
    settle()
    for which, label in ((REVIEW, "'Inactive: due for review' (no session for 12 months)"),
                         ("archived", "'Archived clients'"), ("all", "'All clients'")):
        view.archive_combo.setCurrentIndex(view.archive_combo.findData(which))
        settle()

        def open_view() -> None:
            view.reload()
            settle()

        section.add(f"open the list's view {label}: count + first page in SQL, and paint", time_ms(open_view, repeat),
                    target=common.INTERACTION_MS)
        if which == REVIEW:
            section.facts["Due for review"] = f"{view.model.total:,} clients"
    view.close()
    today = TodayView(context)
    today.resize(1100, 700)
    today.show()
    settle()

    def open_today() -> None:
        today.reload()
        settle()

    section.add("open Today: the open promises overdue, due today and this week (`reload()` and paint)",
                time_ms(open_today, repeat), target=common.INTERACTION_MS)
    section.facts["Open promises on Today"] = f"{sum(listing.count() for listing in today.lists.values()):,}"
    today.close()
    settle()


def chooser_screens_figures(section: Section, context, repeat: int) -> None:
    """The screens where a client is picked (issue 21): the booking editor opened and showing a booking, the
    matching panel opened and prefilled from a client, the search screen opened with its filters filled (read on a
    worker thread: timed until they are shown), each painted; the first opening apart (it imports the screen's
    modules and Babel's zone names); and, with the client chooser, what a keystroke costs once the typing pause is
    over (its query and list, shown)."""
    from datetime import timedelta

    from PySide6.QtCore import QDateTime

    from desktop.core.interpreters import bookings
    from desktop.ui.bookings.booking_editor import BookingEditor
    from desktop.ui.clients.search_panel import SearchView
    from desktop.ui.interpreters.matching_panel import MatchingPanel
    from desktop.ui.widgets.operations import wait_for_running

    db = context.db
    client_id = db.execute("SELECT MAX(id) FROM clients WHERE archived_at IS NULL").fetchone()[0]
    name = db.execute("SELECT first_name FROM clients WHERE id = ?", [client_id]).fetchone()[0]
    starts = QDateTime.currentDateTime().addDays(3).toPython().astimezone()
    booking = bookings.create_booking(db, worker="Sam", client_id=client_id, starts_at=starts,
                                      ends_at=starts + timedelta(hours=1), language="es",
                                      timezone="America/Toronto")
    def opened(make, then=None):
        def run():
            widget = make()
            widget.resize(1000, 700)
            widget.show()
            if then is not None:
                then(widget)
            wait_for_running()
            settle()
            return widget
        return run

    def timed(open_screen, times: int) -> list[float]:
        """Each opening timed alone: the screen before it closed and deleted first (not timed)."""
        runs = []
        for _ in range(times):
            took, widget = time_once(open_screen)
            runs.append(took)
            widget.close()
            widget.deleteLater()
            settle()
        return runs

    for label, open_screen in (
            ("the booking editor (a new booking)", opened(lambda: BookingEditor(context))),
            ("the matching panel", opened(lambda: MatchingPanel(context))),
            ("the matching panel for a client (`prefill_from_client`, the match included)",
             opened(lambda: MatchingPanel(context), lambda panel: panel.prefill_from_client(client_id))),
            ("the search screen, its filters read off the GUI thread and shown", opened(lambda: SearchView(context)))):
        first = timed(open_screen, 1)
        section.add(f"open {label} and paint", timed(open_screen, repeat), target=common.INTERACTION_MS)
        section.facts[f"First opening of {label}"] = f"{first[0]:.1f} ms"
    editor = opened(lambda: BookingEditor(context))()
    section.add("show a booking in the booking editor (`show_booking`) and paint",
                time_ms(lambda: (editor.show_booking(booking), settle()), repeat), target=common.INTERACTION_MS)
    picker = editor.client
    if hasattr(picker, "open_list"):     # the client chooser: each prefix's query, its rows listed and shown
        words = (name, "zz", "é")        # a name, and words no name holds (every name read; one Python call each)
        typed = [ms for word in words for end in range(1, len(word) + 1)
                 for ms in time_ms(lambda text=word[:end]: (picker.field.setText(text), picker.open_list(),
                                                           settle()), 2)]
        section.add(f"a keystroke in the chooser after the typing pause: every prefix of {', '.join(map(repr, words))}"
                    " (its query, at most 50 rows, the list shown; 2 runs each)", typed,
                    target=common.INTERACTION_MS, judged_on="worst")
        picker.completer.popup().hide()
    editor.close()
    editor.deleteLater()
    settle()
    bookings.delete_draft(db, booking.id)


def run_chooser_screens(n_clients: int = 20000, repeat: int = 5) -> Section:
    """The screens with a client chooser on a clients-only vault of ``n_clients`` (realistic_vault's
    build_clients_only: seconds, in a temp folder, the cheap test key cost)."""
    import os
    import tempfile
    from pathlib import Path

    import realistic_vault

    from desktop.core.vault.keys import TEST_COST
    from desktop.core.vault.vault import Vault

    common.qt_app()
    section = Section(f"Picking a client at {n_clients:,} clients (no sessions)")
    section.facts["Load average (1, 5, 15 min) at the start"] = ", ".join(f"{load:.2f}" for load in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="harbour-bench-chooser-") as scratch:
        folder = Path(scratch) / "vault"
        realistic_vault.build_clients_only(folder, n_clients, TEST_COST)
        vault = Vault.unlock(folder, common.PASSPHRASE, daily_backup=False)
        try:
            chooser_screens_figures(section, common.ui_context(vault, Path(scratch) / "prefs"), repeat)
        finally:
            vault.lock()
    return section


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="The screens where a client is picked, at --clients clients")
    parser.add_argument("--clients", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    common.print_section(run_chooser_screens(arguments.clients, arguments.repeat))
