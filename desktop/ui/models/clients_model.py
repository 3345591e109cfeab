"""The client list as a Qt table model, and the proxy that sorts and filters it.

The model holds plain core rows (clients.ClientRow); every text it shows is computed once in set_rows, so
scrolling and sorting 2,000 clients never goes back to the database.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication, QStyle

from desktop.core.common import language_search, languages
from desktop.core.common.formatting import format_date, to_local
from desktop.core.records.clients import ClientRow, age_group_label
from desktop.i18n import _, current_locale, ngettext

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 3
ARCHIVED_ROLE = Qt.ItemDataRole.UserRole + 4

COLUMNS = ("first_name", "languages", "age_group", "tags", "last_session", "sessions", "promises")


def column_titles() -> list[str]:
    return [_("First name"), _("Languages"), _("Age group"), _("Tags"), _("Last session"), _("Sessions"),
            _("Promises")]


def language_labels(tags: list[str], cache: dict[str, str]) -> str:
    names = []
    for tag in tags:
        if tag not in cache:
            cache[tag] = languages.display_name(tag, current_locale())  # in the worker's UI language
        names.append(cache[tag])
    return ", ".join(names)


def promises_text(open_count: int, overdue: int) -> str:
    """'3 open, 1 overdue': the words carry the state; the icon only repeats it."""
    if open_count == 0:
        return _("None open")
    text = ngettext("{count} open", "{count} open", open_count).format(count=open_count)
    if overdue:
        text = _("{open}, {overdue} overdue").format(open=text, overdue=overdue)
    return text


class ClientsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ClientRow] = []
        self._display: list[tuple[str, ...]] = []
        self._sort_keys: list[tuple] = []
        self._search: list[str] = []
        self._language_cache: dict[str, str] = {}
        self._date_cache: dict[date, str] = {}
        self._overdue_icon = None
        self._sort_column = 0
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- filling -------------------------------------------------------------------------------------------------
    def set_rows(self, rows: list[ClientRow], today: date) -> None:
        self.beginResetModel()
        self._rows = rows
        self._display, self._sort_keys, self._search = [], [], []
        for row in rows:
            client = row.client
            langs = language_labels(client.languages, self._language_cache)
            last = self._date_text(row.last_session_at) if row.last_session_at else _("No sessions yet")
            name = client.first_name + (" " + _("(archived)") if client.is_archived else "")
            self._display.append((name, langs, age_group_label(client.age_group), ", ".join(client.tags), last,
                                  str(row.session_count), promises_text(row.open_promises, row.overdue_promises)))
            self._sort_keys.append((client.first_name.casefold(), langs.casefold(), client.age_group,
                                    ", ".join(client.tags).casefold(),
                                    row.last_session_at.isoformat() if row.last_session_at else "",
                                    row.session_count, row.overdue_promises * 10000 + row.open_promises))
            # Folded, with the other names of each language ("Tagalog" finds a Filipino speaker, "K'iche'" typed
            # with a plain apostrophe finds Kʼicheʼ): the filter folds what is typed the same way.
            other_names = " ".join(term for tag in client.languages for term in language_search.search_terms(tag))
            self._search.append(languages.fold(" ".join((client.first_name, langs, " ".join(client.languages),
                                                         other_names, " ".join(client.tags), client.pronouns))))
        self._apply_sort()
        self.endResetModel()

    # -- sorting in Python: the proxy's own sort calls data() ~50,000 times for 2,000 rows (100 ms) ------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        persistent = self.persistentIndexList()
        old_places = [(index.row(), index.column()) for index in persistent]
        ids = [row.client.id for row in self._rows]
        self._apply_sort()
        new_row = {client_id: number for number, client_id in enumerate(row.client.id for row in self._rows)}
        self.changePersistentIndexList(persistent, [self.index(new_row[ids[row]], column_)
                                                    for row, column_ in old_places])
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column = self._sort_column
        order = sorted(range(len(self._rows)), key=lambda row: (self._sort_keys[row][column],
                                                                self._sort_keys[row][0], self._rows[row].client.id),
                       reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._rows = [self._rows[row] for row in order]
        self._display = [self._display[row] for row in order]
        self._sort_keys = [self._sort_keys[row] for row in order]
        self._search = [self._search[row] for row in order]

    def search_text(self, row: int) -> str:
        return self._search[row]

    def is_archived(self, row: int) -> bool:
        return self._rows[row].client.is_archived

    def _date_text(self, moment) -> str:
        # Babel formatting costs ~30 us a call; many clients share a day, so each day is formatted once.
        day = to_local(moment).date()
        if day not in self._date_cache:
            self._date_cache[day] = format_date(day, "medium")
        return self._date_cache[day]

    def client_id(self, row: int) -> int:
        return self._rows[row].client.id

    def row_of_client(self, client_id: int) -> int:
        for number, row in enumerate(self._rows):
            if row.client.id == client_id:
                return number
        return -1

    # -- Qt model ------------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_titles()[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display[row][column]
        if role == SORT_ROLE:
            return self._sort_keys[row][column]
        if role == SEARCH_ROLE:
            return self._search[row]
        if role == CLIENT_ID_ROLE:
            return self._rows[row].client.id
        if role == ARCHIVED_ROLE:
            return self._rows[row].client.is_archived
        if role == Qt.ItemDataRole.DecorationRole and COLUMNS[column] == "promises" and \
                self._rows[row].overdue_promises:
            return self._warning_icon()
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[column] == "first_name" and \
                self._rows[row].client.is_minor:
            return _("Minor: the duty to report may apply.")
        return None

    def _warning_icon(self):
        if self._overdue_icon is None:
            self._overdue_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._overdue_icon


class ClientsFilterProxy(QSortFilterProxyModel):
    """Filters by typed text (name, language, tag) and by archive state; sorts on raw values, not display text."""

    ACTIVE, ARCHIVED, ALL = "active", "archived", "all"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._text = ""
        self._archive = self.ACTIVE
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts itself; this proxy only filters and keeps the source's order."""
        self.sourceModel().sort(column, order)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = languages.fold(text.strip())
        self.endFilterChange()

    def set_archive_filter(self, which: str) -> None:
        self.beginFilterChange()
        self._archive = which
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model = self.sourceModel()
        archived = model.is_archived(source_row)
        if self._archive == self.ACTIVE and archived or self._archive == self.ARCHIVED and not archived:
            return False
        return not self._text or all(word in model.search_text(source_row) for word in self._text.split())
