"""Search session notes as you type, with the matching words highlighted (bold and a background, never colour
alone), and filters by client, date range, tag and language.

Keys: Ctrl+Shift+F (from the client list) opens it, Down moves from the query to the results, Enter opens a
session, Esc goes back.
"""

from __future__ import annotations

import html
from datetime import date

import sqlcipher3
from PySide6.QtCore import QDate, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common import languages
from desktop.core.common.formatting import format_date
from desktop.core.records import client_list, search
from desktop.core.vault.errors import VaultError
from desktop.i18n import _, ngettext
from desktop.ui.clients.search_connection import SearchConnection
from desktop.ui.shell.context import AppContext
from desktop.ui.widgets.client_picker import ClientPicker
from desktop.ui.widgets.date_edits import date_picker
from desktop.ui.widgets.guarded_text import guard_item_view
from desktop.ui.widgets.language_picker import LanguagePicker
from desktop.ui.widgets.operations import BackgroundOperation, Cancelled, Progress

TYPING_PAUSE_MS = 80  # fast typists do not trigger a search per letter; results still follow at once
_SQLITE_INTERRUPT = 9
HIGHLIGHT_STYLE = "font-weight:bold; text-decoration:underline; background-color:#ffe58a; color:#000"


def snippet_html(snippet: str) -> str:
    """Escapes the note text, then marks the matches; the note can never inject markup."""
    out = []
    for text, highlighted in search.split_snippet(snippet):
        escaped = html.escape(text)
        out.append(f'<span style="{HIGHLIGHT_STYLE}">{escaped}</span>' if highlighted else escaped)
    return "".join(out)


def _interrupted(error: BaseException) -> bool:
    return isinstance(error, sqlcipher3.OperationalError) and getattr(error, "sqlite_errorcode", None) == \
        _SQLITE_INTERRUPT


class _RefusedOnceCancelled:
    """The search's connection as search_notes sees it: ``interrupt()`` stops the statement running when the next
    key comes, and this refuses the statements the search would start after it (between two, the interrupt finds
    none running), so the next keystroke's search, which waits for this one to end, never waits for the rest."""

    def __init__(self, db, progress: Progress) -> None:
        self._db, self._progress = db, progress
        self.conn = db.conn  # the connection itself (what the next key interrupts)

    def execute(self, *args, **kwargs):
        if self._progress.cancelled:
            raise Cancelled()
        return self._db.execute(*args, **kwargs)


def snippet_plain(snippet: str) -> str:
    return "".join(text for text, _highlighted in search.split_snippet(snippet))


class SearchView(QWidget):
    session_chosen = Signal(int)
    back_requested = Signal()

    def __init__(self, context: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(_("Type a word from the notes"))
        self.query.setAccessibleName(_("Search the notes"))
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self._schedule)
        self.query.installEventFilter(self)
        self.back_button = QPushButton(_("&Back"), self)
        self.back_button.clicked.connect(self.back_requested.emit)

        # Found by typing (issue 21); archived clients too when they are included below.
        self.client_filter = ClientPicker(lambda: context.db, self, none_label=_("All clients"),
                                          accessible_name=_("Only this client"))
        self.client_filter.picked.connect(self._schedule)
        self.tag_filter = QComboBox(self)
        self.tag_filter.setAccessibleName(_("Only clients with this tag"))
        self.language_filter = LanguagePicker([], self, everything=_("All languages"))  # found by name, as typed
        self.language_filter.setAccessibleName(_("Only sessions in this language"))
        self.use_since = QCheckBox(_("&From:"), self)
        self.since = date_picker(parent=self)
        self.since.setAccessibleName(_("From date"))
        self.use_until = QCheckBox(_("&Until:"), self)
        self.until = date_picker(parent=self)
        self.until.setAccessibleName(_("Until date"))
        today = date.today()
        self.since.setDate(QDate(today.year, 1, 1))
        self.until.setDate(QDate(today.year, today.month, today.day))
        self.include_archived = QCheckBox(_("Include a&rchived clients"), self)
        for combo in (self.tag_filter, self.language_filter):
            combo.currentIndexChanged.connect(self._schedule)
        self.include_archived.toggled.connect(self._archived_included)
        for box in (self.use_since, self.use_until, self.include_archived):
            box.toggled.connect(self._schedule)
        self.since.dateChanged.connect(self._schedule)
        self.until.dateChanged.connect(self._schedule)

        self.results = guard_item_view(QListWidget(self))  # note snippets: copying goes through Share…
        self.results.setAccessibleName(_("Matching sessions"))
        self.results.viewport().installEventFilter(self)  # each match wraps to the list's width, again when it changes
        self.results.itemActivated.connect(self._open)
        self.count = QLabel(self)
        self.count.setWordWrap(True)  # nothing found says what to try, in a sentence
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run)
        self._searching: BackgroundOperation | None = None
        # Kept open while the worker types; closed after a pause, when this screen goes, and before a lock (locking
        # waits for every lent connection to close).
        self._connection = SearchConnection(context.vault)
        context.events.about_to_lock.connect(self._connection.close)
        self.destroyed.connect(self._connection.close)

        top = QHBoxLayout()
        query_label = QLabel(_("&Search notes:"), self)
        query_label.setBuddy(self.query)
        top.addWidget(query_label)
        top.addWidget(self.query, 1)
        top.addWidget(self.back_button)
        filters = QFormLayout()
        for label, widget in ((_("&Client:"), self.client_filter), (_("&Tag:"), self.tag_filter),
                              (_("&Language:"), self.language_filter)):
            filters.addRow(label, widget)
        dates = QHBoxLayout()
        for widget in (self.use_since, self.since, self.use_until, self.until, self.include_archived):
            dates.addWidget(widget)
        dates.addStretch(1)
        filters.addRow(_("Dates:"), dates)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(self.results, 1)
        self.refresh_filters()

    def refresh_filters(self, client_id: int | None = None) -> None:
        """Fills the filter choices from the vault on a worker thread: the languages are read from every session
        (4.5 s at 20,000 clients, 0.45 s at 2,000, twice when the screen first opened, on the GUI thread).
        ``client_id`` is chosen at once (every client when it is None, or deleted meanwhile), so the first search is
        already that client's; the client chooser reads no list of clients."""
        self.client_filter.set_client_id(client_id)
        self.tag_filter.blockSignals(True)
        self.tag_filter.setCurrentIndex(-1)  # nothing kept from before: every tag
        self.tag_filter.blockSignals(False)
        self._fill_filters(([], None))
        vault = self.context.vault

        def work(progress: Progress) -> tuple[list[str], list[str]]:
            # A lock stops the reading at once (it waits for running work before it closes the vault).
            with vault.worker_db(read_only=True) as db, progress.stopping(db.conn.interrupt):
                return search.all_tags(db), search.all_session_languages(db)

        BackgroundOperation(self, work, success=self._fill_filters, failure=self._failed, blocking=False,
                            key=f"search-filters-{id(self)}").run()

    def _fill_filters(self, choices: tuple[list[str], list[str] | None]) -> None:
        """The tags and (unless None) session languages to choose from; a choice already made stays."""
        tags, session_languages = choices
        combo = self.tag_filter
        kept = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("All tags"), None)
        for tag in tags:
            combo.addItem(tag, tag)
        combo.setCurrentIndex(max(0, combo.findData(kept)))
        combo.blockSignals(False)
        if session_languages is not None:
            self.language_filter.set_languages([languages.with_dialect(tag) for tag in session_languages])

    def filters(self) -> search.SearchFilters:
        def day(edit: QDateEdit) -> date:
            value = edit.date()
            return date(value.year(), value.month(), value.day())

        return search.SearchFilters(
            client_id=self.client_filter.client_id(), tag=self.tag_filter.currentData(),
            language=self.language_filter.current_tag() or None,
            since=day(self.since) if self.use_since.isChecked() else None,
            until=day(self.until) if self.use_until.isChecked() else None,
            include_archived=self.include_archived.isChecked())

    def _archived_included(self, included: bool) -> None:
        self.client_filter.set_archive(client_list.ALL if included else client_list.ACTIVE)

    def _schedule(self, *_args) -> None:
        self._timer.start()

    def run(self) -> None:
        """Searches on a worker thread, on a connection of its own kept between keystrokes (SearchConnection; not
        read-only: a long prefix is looked up in a temporary fts5vocab table, which a query_only connection cannot
        create), so typing never waits for the vault. The next key interrupts a search still under way (its
        statement stops where it is: on a large vault a short prefix must not hold the next keystroke's search
        back) and its results are dropped (BackgroundOperation's ``key``): only the newest results are shown."""
        self._timer.stop()
        if self._searching is not None and not self._searching.done:
            self._searching.progress.cancel()
        text, filters, searches = self.query.text(), self.filters(), self._connection

        def work(progress: Progress) -> list[search.SearchHit]:
            with searches.borrowed() as db, progress.stopping(db.conn.interrupt):
                return search.search_notes(_RefusedOnceCancelled(db, progress), text, filters)

        self._searching = BackgroundOperation(
            self, work, success=lambda hits: self._show(text, hits), failure=self._failed, blocking=False,
            key=f"search-notes-{id(self)}").run()

    def _failed(self, error: BaseException) -> None:
        # Stopped, not broken: the vault was locked meanwhile, or the search was interrupted (a lock, or a newer
        # search whose results are coming).
        if isinstance(error, VaultError | Cancelled) or _interrupted(error):
            return
        raise error

    def _show(self, text: str, hits: list[search.SearchHit]) -> None:
        self.results.clear()
        # The index gives the most recently written sessions; the worker reads them by meeting date.
        for hit in sorted(hits, key=lambda found: found.started_at, reverse=True):
            self._add_hit(hit)
        if not text.strip():
            self.count.setText(_("Type to search every session note."))
        elif not search.build_query(text):
            self.count.setText(_("Keep typing: a search starts from the second letter."))
        elif not hits:  # what to try next, not only that nothing was found
            narrowed = self.filters()
            if any((narrowed.client_id, narrowed.tag, narrowed.language, narrowed.since, narrowed.until)):
                self.count.setText(_("No notes match with these filters. Try fewer words or another spelling, or "
                                     "set the filters back to all clients, tags, languages and dates."))
            else:
                self.count.setText(_("No notes match. Try fewer words, the start of a word or another spelling; "
                                     "archived clients are searched only when you tick that box."))
        elif len(hits) >= search.DEFAULT_LIMIT:
            self.count.setText(_("The {count} most recent matches. Type more to narrow.").format(count=len(hits)))
        else:
            self.count.setText(ngettext("{count} match", "{count} matches", len(hits)).format(count=len(hits)))

    def _add_hit(self, hit: search.SearchHit) -> None:
        heading = " \u2014 ".join(part for part in (hit.client_first_name, format_date(hit.started_at),
                                                   languages.display_name(hit.language) if hit.language else "")
                                  if part)
        label = QLabel(f"<b>{html.escape(heading)}</b><br>{snippet_html(hit.snippet)}")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setContentsMargins(4, 4, 4, 4)
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, hit.session_id)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{heading}: {snippet_plain(hit.snippet)}")
        self.results.addItem(item)
        self.results.setItemWidget(item, label)
        self._fit_hit(item)

    def _fit_hit(self, item: QListWidgetItem) -> None:
        """As wide as the list (never wider: it scrolled sideways on a narrow screen), as high as its lines."""
        width = max(120, self.results.viewport().width() - 8)
        label = self.results.itemWidget(item)
        if label is not None:
            # the theme's item padding (3 by 4 px a side) comes off the room the label gets
            item.setSizeHint(QSize(width, label.heightForWidth(width - 8) + 6))

    def _open(self, item: QListWidgetItem) -> None:
        self.session_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched, event) -> bool:
        results = getattr(self, "results", None)
        if results is not None and watched is results.viewport() and event.type() == event.Type.Resize:
            for row in range(results.count()):
                self._fit_hit(results.item(row))
        # Down from the query goes to the first result, so keyboard users never need the mouse. The query's last
        # events can come while this screen's Python side is being torn down (its attributes already gone).
        if watched is getattr(self, "query", None) and event.type() == event.Type.KeyPress \
                and event.key() == Qt.Key.Key_Down and self.results.count():
            self.results.setFocus(Qt.FocusReason.TabFocusReason)
            self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def hideEvent(self, event) -> None:
        self._connection.close()  # the worker left the search screen: nothing waits for it at the next lock
        super().hideEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            return
        super().keyPressEvent(event)
