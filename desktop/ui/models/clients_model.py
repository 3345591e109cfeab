"""The client list as a lazy Qt table model: a page of plain core rows (clients.ClientRow) at a time, its columns
declared as table_model.Column specs (each row's texts computed once); filtering and sorting are SQL's
(core.records.client_list)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from desktop.core.common import language_search, languages
from desktop.core.common.formatting import format_date, to_local
from desktop.core.records import client_list
from desktop.core.records.client_list import ClientQuery
from desktop.core.records.clients import ClientRow, age_group_label
from desktop.i18n import N_, _, current_locale, ngettext
from desktop.ui.models.table_model import RIGHT, Column, ColumnTableModel

CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 3
ARCHIVED_ROLE = Qt.ItemDataRole.UserRole + 4

# Worked out once per UI language: (UI language, a tag) -> its name; (UI language, a ``languages`` value as
# stored) -> its label and the folded text a typed word is matched against.
_TAG_NAMES: dict[tuple[str, str], str] = {}
_LANGUAGE_NAMES: dict[tuple[str, str], tuple[str, str]] = {}


def language_labels(tags: list[str]) -> str:
    """'Cantonese, English': the names of a client's languages in the worker's UI language."""
    locale = current_locale()
    for tag in tags:
        if (locale, tag) not in _TAG_NAMES:
            _TAG_NAMES[(locale, tag)] = languages.display_name(tag, locale)
    return ", ".join(_TAG_NAMES[(locale, tag)] for tag in tags)


def language_names(stored: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(label, search text) of each distinct ``languages`` value. The first time costs CLDR's data (~30 ms, several
    times that on a loaded laptop), so the window works them out on a worker thread right after unlock
    (shell.maintenance) and the list's first opening finds them ready. Safe on a worker thread: it touches no
    widget, and Babel loads its data under a lock of its own."""
    locale = current_locale()
    found = {}
    for raw in stored:
        if (locale, raw) not in _LANGUAGE_NAMES:
            tags = json.loads(raw)
            label = language_labels(tags)
            terms = (term for tag in tags for term in language_search.search_terms(tag))
            _LANGUAGE_NAMES[(locale, raw)] = (label, languages.fold(" ".join([label, *terms])))
        found[raw] = _LANGUAGE_NAMES[(locale, raw)]
    return found


def promises_text(open_count: int, overdue: int) -> str:
    """'3 open, 1 overdue': the words carry the state; the icon only repeats it."""
    if open_count == 0:
        return _("None open")
    text = ngettext("{count} open", "{count} open", open_count).format(count=open_count)
    if overdue:
        text = _("{open}, {overdue} overdue").format(open=text, overdue=overdue)
    return text


class ClientsModel(ColumnTableModel):
    """The client list, read a page at a time as the table scrolls (canFetchMore / fetchMore); filtering and
    sorting happen in SQL (core.records.client_list), so opening it costs one count and one page at any size."""

    PAGE = 100  # a screenful is ~30 rows; scrolling to the end of a page reads the next

    def __init__(self, parent=None) -> None:
        languages, tags = (lambda row: language_labels(row.client.languages)), (lambda row: ", ".join(row.client.tags))
        super().__init__((  # ``sort``: the client_list.ORDERS key SQL sorts by when the worker clicks the title
            Column("first_name", N_("First name"), self._name, tooltip=self._minor_note, sort="first_name"),
            # On a narrow screen these wrap on rows of two lines: the tooltip holds the whole list
            Column("languages", N_("Languages"), languages, tooltip=languages, sort="languages"),
            Column("age_group", N_("Age group"), lambda row: age_group_label(row.client.age_group), sort="age_group"),
            Column("tags", N_("Tags"), tags, tooltip=tags, sort="tags"),
            Column("last_session", N_("Last session"), self._last_session, sort="last_session"),
            Column("sessions", N_("Sessions"), lambda row: str(row.session_count), alignment=RIGHT, sort="sessions"),
            Column("promises", N_("Promises"), lambda row: promises_text(row.open_promises, row.overdue_promises),
                   icon=self._overdue_icon, sort="promises"),
        ), parent)
        self._db = None
        self._query = ClientQuery()
        self._today = date.today()
        self._total = 0
        self._rows: list[ClientRow] = []
        self._few = False
        self._date_cache: dict[date, str] = {}
        self._warning = None

    # -- filling -------------------------------------------------------------------------------------------------
    def load(self, db, query: ClientQuery, today: date) -> None:
        """Shows the first page of what ``query`` asks for (its order replaced by the one the worker sorted by)."""
        self.beginResetModel()
        self._db, self._today = db, today
        names = language_names(client_list.distinct_language_lists(db))
        self._query = replace(query, order=self._query.order, descending=self._query.descending,
                              language_labels={raw: label for raw, (label, _search) in names.items()},
                              language_search={raw: search for raw, (_label, search) in names.items()})
        self._rows, self._few = [], False
        if self._query.text or self._query.inactive_before is not None or self._query.archive == client_list.ARCHIVED:
            # Counted first (one read of the table): few matches are then read the same way and sorted, rather than
            # found by walking the whole index of the order (client_list.client_rows, ``few``).
            self._total = client_list.count_clients(db, self._query)
            self._few = self._total <= client_list.FEW
            self._append(self._page() if self._total else [])
        else:
            first = self._page()
            # A short first page is every client: no need to count them.
            self._total = len(first) if len(first) < self.PAGE else client_list.count_clients(db, self._query)
            self._append(first)
        self.endResetModel()

    def set_filter(self, **changes) -> None:
        """text=..., archive=..., inactive_before=...: the list again from its first page."""
        if self._db is not None:
            self.load(self._db, replace(self._query, **changes), self._today)

    def _page(self) -> list[ClientRow]:
        """The page after the rows already read (keyset: SQL walks its index on from the last one)."""
        return client_list.client_rows(self._db, self._query, self._today.isoformat(), self.PAGE,
                                       after=self._rows[-1] if self._rows else None, few=self._few)

    def _append(self, rows: list[ClientRow]) -> None:
        self._rows.extend(rows)

    @property
    def total(self) -> int:
        """How many clients the filter lets through, loaded or not."""
        return self._total

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008,N802
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008,N802
        if not self.canFetchMore(parent):
            return
        rows = self._page()
        if not rows:
            self._total = len(self._rows)  # clients deleted meanwhile: stop asking
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._append(rows)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting asks SQL again, from the first page."""
        self._query = replace(self._query, order=self.columns[column].sort,
                              descending=order == Qt.SortOrder.DescendingOrder)
        if self._db is not None:
            self.load(self._db, self._query, self._today)

    def _date_text(self, moment) -> str:
        # Babel formatting costs ~30 us a call; many clients share a day, so each day is formatted once.
        day = to_local(moment).date()
        if day not in self._date_cache:
            self._date_cache[day] = format_date(day, "medium")
        return self._date_cache[day]

    def client_id(self, row: int) -> int:
        return self._rows[row].client.id

    def row_of_client(self, client_id: int) -> int:
        """The row showing ``client_id``, loading pages up to it if needed; -1 when the filter hides it."""
        for number, row in enumerate(self._rows):
            if row.client.id == client_id:
                return number
        if self._db is None or not client_list.is_listed(self._db, self._query, client_id):
            return -1
        while self.canFetchMore():
            loaded = len(self._rows)
            self.fetchMore()
            for number in range(loaded, len(self._rows)):
                if self._rows[number].client.id == client_id:
                    return number
        return -1

    # -- Qt model ------------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    # -- what the columns show ------------------------------------------------------------------------------------
    def row(self, number: int) -> ClientRow:
        return self._rows[number]

    def role_data(self, row: ClientRow, role: int):
        if role == CLIENT_ID_ROLE:
            return row.client.id
        if role == ARCHIVED_ROLE:
            return row.client.is_archived
        return None

    @staticmethod
    def _name(row: ClientRow) -> str:
        return row.client.first_name + (" " + _("(archived)") if row.client.is_archived else "")

    @staticmethod
    def _minor_note(row: ClientRow) -> str | None:
        return _("Minor: the duty to report may apply.") if row.client.is_minor else None

    def _last_session(self, row: ClientRow) -> str:
        return self._date_text(row.last_session_at) if row.last_session_at else _("No sessions yet")

    def _overdue_icon(self, row: ClientRow):
        """The warning icon beside "1 overdue": it repeats the words, never replaces them."""
        if not row.overdue_promises:
            return None
        if self._warning is None:
            self._warning = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning
