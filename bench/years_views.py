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
