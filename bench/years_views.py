"""The client list's other views and the Today screen on the clients-only vault of bench_years.py --list-only
(20,000 clients, as many promises, three in four clients without a session for a year): each opened as the
worker opens it, through the real screen, painted."""

from __future__ import annotations

import common
from common import Section, settle, time_ms


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
    matching panel opened and prefilled from a client, the search screen opened with its filters filled (the
    filters are read on a worker thread: timed until they are shown), and a client's name typed into the chooser."""
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
    screens = []

    def opened(make, then=None):
        def run() -> None:
            widget = make()
            widget.resize(1000, 700)
            widget.show()
            if then is not None:
                then(widget)
            wait_for_running()
            settle()
            screens.append(widget)
        return run

    section.add("open the booking editor (a new booking) and paint", time_ms(opened(lambda: BookingEditor(context)),
                repeat), target=common.INTERACTION_MS)
    editor = screens[-1]
    section.add("show a booking in the booking editor (`show_booking`) and paint",
                time_ms(lambda: (editor.show_booking(booking), settle()), repeat), target=common.INTERACTION_MS)
    section.add("open the matching panel and paint", time_ms(opened(lambda: MatchingPanel(context)), repeat),
                target=common.INTERACTION_MS)
    section.add("open the matching panel for a client (`prefill_from_client`, the match included) and paint",
                time_ms(opened(lambda: MatchingPanel(context), lambda panel: panel.prefill_from_client(client_id)),
                        repeat), target=common.INTERACTION_MS)
    section.add("open the search screen, its filters read off the GUI thread and shown, and paint",
                time_ms(opened(lambda: SearchView(context)), repeat), target=common.INTERACTION_MS)
    picker = getattr(editor, "client", None)
    if hasattr(picker, "set_text_typed"):     # the one client chooser: each prefix of a name typed, rows shown
        typed = [ms for end in range(1, len(name) + 1)
                 for ms in time_ms(lambda text=name[:end]: (picker.set_text_typed(text), wait_for_running(),
                                                           settle()), 2)]
        section.add(f"type a client's name into the chooser: each prefix of {name!r}, its rows fetched and shown",
                    typed, target=common.INTERACTION_MS, judged_on="worst")
    for widget in screens:
        widget.close()
        widget.deleteLater()
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
