"""Scripts, side by side: the worker's language on the left, the client's on the right (drawn right-to-left for
Arabic, Persian...), one row per paragraph so an interpreter can follow. The worker marks each paragraph read and
the view follows. Opened for a session, it records which script, language and version of the words was shown.
Each paragraph says who checked it and when, or that it is a draft; the vault's reviews are laid over the
shipped catalogs. Linking to a session, presenting and the handout, and review mode are composed objects.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common import languages
from desktop.core.profile.work_profile import frequent_languages
from desktop.core.scripts import catalogs as scripts
from desktop.core.scripts import script_values
from desktop.core.scripts.notices import review_sentence
from desktop.core.scripts.reviews import load_reviewed_script
from desktop.i18n import _, current_locale
from desktop.ui.scripts.fonts import font_for, load_bundled_fonts, size_factor
from desktop.ui.scripts.script_actions import ScriptActions, ScriptSlots, size_by_characters
from desktop.ui.scripts.script_output import ScriptOutput, ShownScripts
from desktop.ui.scripts.script_rows import NO_FONT_MARKER, RowGrid, absolute_alignment, marker_for
from desktop.ui.scripts.script_sessions import SessionLink
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.keyboard import tab_in_order
from desktop.ui.widgets.language_picker import LanguagePicker
from desktop.ui.widgets.speech import announce

_SCRIPT_PAGE, _INTERPRETER_PAGE, _DAMAGED_PAGE = 0, 1, 2


class ScriptsView(QWidget):
    def __init__(self, context: AppContext, session_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        load_bundled_fonts()
        self.context = context
        self.current_row = 0
        self.read_rows: set[int] = set()
        self.shown_revision = ""
        self.shown: ShownScripts | None = None      # None on the interpreter and damaged pages
        self.session = SessionLink(context, self)
        self.output = ScriptOutput(context, self)
        worker_locale = current_locale()
        self._build(worker_locale)
        self.worker_picker.select_tag(languages.locale_to_tag(languages.catalog_for(worker_locale) or "en"))
        if session_id is not None:
            self._link(session_id)
        self.reload()

    @property
    def session_id(self) -> int | None:
        return self.session.session_id

    @property
    def presentation(self):
        return self.output.presentation

    # -- building --------------------------------------------------------------------------------------------
    def _build(self, worker_locale: str) -> None:
        self.script_picker = QComboBox()  # filled by reload, where a damaged template can be shown as such
        self.worker_picker = LanguagePicker(languages.worker_languages(worker_locale))
        met_most = frequent_languages(self.context.db)
        self.client_picker = LanguagePicker(languages.client_languages(worker_locale), frequent=met_most)
        # The first of these the picker offers: the language met most unless Preferences chose a default, that
        # default, then Punjabi (the most spoken language after English here).
        default = languages.catalog_for(str(self.context.preferences.get("script_locale") or ""))
        wanted = [*([] if self.context.preferences.is_set("script_locale") else met_most),
                  *([languages.locale_to_tag(default)] if default else []), "pa-Guru"]
        for tag in wanted:
            if self.client_picker.select_tag(tag):
                break
        # Two rows of two pickers, each combo sized by a few characters rather than its longest entry, so the
        # screen still fits a full-HD display at 200 % zoom in French.
        pickers = QGridLayout()
        for row, column, text, widget in ((0, 0, _("&Script:"), self.script_picker),
                                          (1, 0, _("&Your language:"), self.worker_picker),
                                          (1, 2, _("&Client's language:"), self.client_picker)):
            label = QLabel(text)
            label.setBuddy(widget)
            pickers.addWidget(label, row, column)
            pickers.addWidget(widget, row, column + 1)
            size_by_characters(widget, 18)
        pickers.setColumnStretch(1, 1)
        pickers.setColumnStretch(3, 1)
        self.session_picker, self.session_label = self.session.picker, self.session.label
        self.session.linked.connect(self._session_linked)
        self.session.names_changed.connect(self._reload_keeping_place)
        session_caption = QLabel(_("Sessio&n:"))
        session_caption.setBuddy(self.session_picker)
        size_by_characters(self.session_picker, 18)
        pickers.addWidget(session_caption, 0, 2)
        pickers.addWidget(self.session_picker, 0, 3)
        self.review_label = QLabel()
        self.review_label.setWordWrap(True)
        self.font_banner = QLabel()
        self.font_banner.setWordWrap(True)
        self.font_banner.setVisible(False)
        self.left_header, self.right_header = QLabel(), QLabel()
        for header in (self.left_header, self.right_header):
            header.setWordWrap(True)
            font = header.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.2)
            header.setFont(font)
        headers = QHBoxLayout()
        headers.addSpacing(60)
        headers.addWidget(self.left_header, 1)
        headers.addWidget(self.right_header, 1)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self._new_grid()
        self.interpreter_message = QLabel()
        self.interpreter_message.setWordWrap(True)
        self.interpreter_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.book_button = QPushButton()
        self.book_button.clicked.connect(self.book_interpreter)
        interpreter_page = QWidget()
        page_layout = QVBoxLayout(interpreter_page)
        page_layout.addStretch(1)
        # Added without an alignment (its text is centred): an aligned word-wrapped label gets one line's height
        # from the layout, which cut this message off top and bottom.
        page_layout.addWidget(self.interpreter_message)
        page_layout.addWidget(self.book_button, 0, Qt.AlignmentFlag.AlignCenter)
        page_layout.addStretch(1)
        self.damaged_message = QLabel()
        self.damaged_message.setWordWrap(True)
        self.damaged_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.scroll)
        self.pages.addWidget(interpreter_page)
        self.pages.addWidget(self.damaged_message)

        self.actions_bar = ScriptActions(self, ScriptSlots(
            mark_read=self.mark_read, previous_row=self.previous_row, show_stop_script=self.show_stop_script,
            open_review=self.open_review, present=self.present, save_handout_pdf=self.save_handout_pdf,
            print_handout=self.print_handout))
        bar = self.actions_bar
        self.read_button, self.back_button, self.stop_button = bar.read_button, bar.back_button, bar.stop_button
        self.present_button, self.print_button, self.review_button = (bar.present_button, bar.print_button,
                                                                      bar.review_button)
        self.handout_layout = bar.handout_layout

        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.session_label)
        layout.addWidget(self.review_label)
        layout.addWidget(self.font_banner)
        layout.addLayout(headers)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.actions_bar)
        # Once all are in this window: the pickers in reading order, row by row.
        tab_in_order(self.script_picker, self.session_picker, self.worker_picker, self.client_picker)
        self.context.events.data_changed.connect(self._on_data_changed)
        self.script_picker.currentIndexChanged.connect(self.reload)
        self.worker_picker.language_chosen.connect(self.reload)
        self.client_picker.language_chosen.connect(self.reload)

    def _new_grid(self) -> None:
        # A fresh grid per script: the scroll area deletes the old one, so no stale row can linger on screen.
        self.rows = RowGrid()
        self.rows.row_clicked.connect(self.go_to_row)
        self.scroll.setWidget(self.rows)

    # -- what is shown -----------------------------------------------------------------------------------------
    def placeholder_values(self) -> dict[str, str]:
        """Everything Harbour can fill; the consent script's blanks stay labelled gaps for the worker to say."""
        return {"worker_name": self.context.worker_name, "organisation": self.context.organisation,
                "interpreter_name": self.session.interpreter_name, **script_values.vault_values(self.context.db)}

    def load_script(self, script_id: str, locale: str) -> scripts.Script:
        """The script with this vault's reviews, and the variants its filled placeholders call for (the
        organisation's own services)."""
        filled = [name for name, value in self.placeholder_values().items() if value]
        return load_reviewed_script(self.context.db, script_id, locale, filled)

    def reload(self, *_ignored) -> None:
        """Shows the chosen script; a damaged or missing template (every script needs it) becomes a plain message
        in this section instead of an error that would take the whole window down."""
        try:
            if self.script_picker.count() == 0:
                self._fill_script_picker()
            self._show_script()
        except scripts.ScriptCatalogDamaged as damaged:
            self._show_damaged(damaged.message)

    def _fill_script_picker(self) -> None:
        locale = languages.catalog_for(current_locale()) or scripts.SOURCE_LOCALE  # titles in the worker's words
        titles = [(scripts.load_script(script_id, locale).title.text, script_id) for script_id in scripts.script_ids()]
        self.script_picker.blockSignals(True)
        for title, script_id in titles:
            self.script_picker.addItem(title, script_id)
        self.script_picker.blockSignals(False)

    def _show_damaged(self, problem: str) -> None:
        self.shown = None
        self.pages.setCurrentIndex(_DAMAGED_PAGE)
        self.damaged_message.setText(_("The scripts could not be read. {problem} Everything else in Harbour works "
                                       "as usual.").format(problem=problem))
        for label in (self.left_header, self.right_header, self.review_label):
            label.clear()
        self.font_banner.setVisible(False)
        for widget in (*self.actions_bar.script_widgets(), self.stop_button, self.review_button):
            widget.setEnabled(False)

    def _show_script(self) -> None:
        client = self.client_picker.current_language()
        script_id = self.script_picker.currentData()
        left_locale = languages.catalog_for(self.worker_picker.current_tag()) or scripts.SOURCE_LOCALE
        if client is None or script_id is None:
            return
        if client.catalog is None:
            self._show_interpreter_page(client)
            return
        self.pages.setCurrentIndex(_SCRIPT_PAGE)
        left = self.load_script(script_id, left_locale)
        right = self.load_script(script_id, client.catalog)
        choice = font_for(client.catalog, right.title.text)
        self.font_banner.setText(choice.missing_message)
        self.font_banner.setVisible(bool(choice.missing_message))
        left_rtl = languages.is_right_to_left(left_locale)
        client_rtl = languages.is_right_to_left(client.catalog)  # the catalog's script decides (Dari reads fa)
        values = self.placeholder_values()
        self.shown = ShownScripts(left, right, values, (left_rtl, client_rtl), choice.family,
                                  size_factor(client.catalog))
        self._new_grid()
        for row in scripts.align(left, right):
            shown = row.right if choice.family else _source_of(row.right)
            marker = marker_for(row.right, is_source_side=False) if choice.family else NO_FONT_MARKER
            self.rows.add_row(row, row.left.filled(values), shown.filled(values), left_rtl=left_rtl,
                              right_rtl=client_rtl and bool(choice.family), left_family=None,
                              right_family=choice.family, right_marker=marker, font_hint=choice.install_hint,
                              right_scale=size_factor(client.catalog) if choice.family else 1.0,
                              right_locale=shown.locale)
        self.rows.finish()
        tab_in_order(self.client_picker, *self.rows.texts_in_reading_order(), self.back_button)
        self.left_header.setText(left.title.text)
        self.right_header.setText(right.title.text if choice.family else right.title.source)
        self._set_direction(self.left_header, left_rtl)
        self._set_direction(self.right_header, client_rtl and bool(choice.family))
        self.review_label.setText(review_sentence(right))
        for widget in (*self.actions_bar.script_widgets(), self.stop_button):
            widget.setEnabled(True)
        self.review_button.setEnabled(client.catalog != scripts.SOURCE_LOCALE)
        self.present_button.setEnabled(bool(choice.family))
        self.current_row, self.read_rows = 0, set()
        self.rows.show_progress(self.current_row, self.read_rows)
        self.scroll.verticalScrollBar().setValue(0)
        # Record what the client could actually read: without a font, that was the English text.
        shown = right if choice.family else self.load_script(script_id, scripts.SOURCE_LOCALE)
        self.shown_revision = scripts.revision((shown.title, *shown.paragraphs))
        self.session.record(script_id, shown.locale, self.shown_revision)

    def _show_interpreter_page(self, client: languages.Language) -> None:
        self.shown = None
        self.pages.setCurrentIndex(_INTERPRETER_PAGE)
        self.font_banner.setVisible(False)
        self.left_header.clear()
        self.right_header.clear()
        self.review_label.clear()
        self.interpreter_message.setText(_(
            "{language} needs a live interpreter. We have no written scripts in this language, and for many "
            "people who speak it, written text would not help. Please book a qualified interpreter and explain "
            "the script together.").format(language=client.label))
        self.book_button.setText(_("B&ook an interpreter for {language}").format(language=client.name))
        for widget in (*self.actions_bar.script_widgets(), self.review_button):
            widget.setEnabled(False)
        self.book_button.setFocus()

    @staticmethod
    def _set_direction(label: QLabel, right_to_left: bool) -> None:
        label.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight)
        label.setAlignment(absolute_alignment(right_to_left))

    # -- reading along -----------------------------------------------------------------------------------------
    def go_to_row(self, index: int) -> None:
        if 0 <= index < len(self.rows.numbers):
            self.current_row = index
            self.rows.show_progress(self.current_row, self.read_rows)
            self.scroll.ensureWidgetVisible(self.rows.left_cells[index], 0, 60)

    def mark_read(self) -> None:
        if self.pages.currentIndex() != _SCRIPT_PAGE or not self.rows.numbers:
            return
        self.read_rows.add(self.current_row)
        self.go_to_row(min(self.current_row + 1, len(self.rows.numbers) - 1))
        if len(self.read_rows) == len(self.rows.numbers):
            self.context.events.status_message.emit(_("Every paragraph of this script has been read."))
        else:
            self._say_position()

    def previous_row(self) -> None:
        if self.current_row > 0:
            self.read_rows.discard(self.current_row - 1)
            self.go_to_row(self.current_row - 1)
            self._say_position()

    def _say_position(self) -> None:
        announce(self, _("Reading paragraph {number} of {count}.").format(
            number=self.current_row + 1, count=len(self.rows.numbers)))

    def _reload_keeping_place(self) -> None:
        row, read = self.current_row, set(self.read_rows)
        self.reload()
        self.read_rows = read
        self.go_to_row(row)

    def show_stop_script(self) -> None:
        """For any moment: switch to "We can stop", and if the client's screen is showing, show it there too."""
        presenting = self.presentation is not None and self.presentation.isVisible()
        self.script_picker.setCurrentIndex(max(0, self.script_picker.findData("stop")))
        if presenting and self.present_button.isEnabled():
            self.present()

    # -- the client's screen, the handout, review mode, sessions ------------------------------------------------
    def present(self) -> None:
        if self.shown is None or not self.present_button.isEnabled():
            return
        start = self.current_row + 1 if self.read_rows else 0  # the title first, unless reading has begun
        self.output.present(self.shown, screen_index=self.actions_bar.chosen_screen(), start=start)

    def close_presentation(self) -> None:
        self.output.close_presentation()

    def save_handout_pdf(self, path: str | None = None):
        """The handout's PDF, written in the background: the running operation, or None if nothing is written."""
        if self.shown is None:
            return None
        return self.output.save_handout_pdf(self.shown, self.handout_layout.currentData(), path)

    def print_handout(self) -> None:
        if self.shown is not None:
            self.output.print_handout(self.shown, self.handout_layout.currentData())

    def open_review(self):
        """Review mode for the client's language (one language at a time); the view shows the result after."""
        from desktop.ui.scripts.review_dialog import ReviewDialog

        if self.shown is None or self.shown.right.locale == scripts.SOURCE_LOCALE:
            return None
        dialog = ReviewDialog(self.context, self.shown.right.locale, script_id=self.shown.right.id, parent=self)
        dialog.open()
        return dialog

    def handle_navigation(self, payload: object) -> None:
        """Called by the main window: {"session_id": 3, "language": "fa", "script": "consent"}, all optional."""
        if not isinstance(payload, dict):
            return
        if payload.get("session_id") is not None:
            self._link(int(payload["session_id"]))
        if payload.get("language"):
            self._select_language(str(payload["language"]))
        if payload.get("script"):
            index = self.script_picker.findData(payload["script"])
            if index >= 0:
                self.script_picker.setCurrentIndex(index)
        self.reload()

    def _link(self, session_id: int) -> None:
        language = self.session.set_session(session_id)
        if language:
            self._select_language(language)

    def _session_linked(self, language: str) -> None:
        if language:
            self._select_language(language)
        self.reload()

    def _select_language(self, tag: str) -> None:
        catalog = languages.catalog_for(tag)
        self.client_picker.select_tag(languages.locale_to_tag(catalog) if catalog else languages.describe(tag).tag)

    def _on_data_changed(self, kind: DataKind) -> None:
        # The worker's name may change in settings, a paragraph may be checked in review mode: show it without
        # losing the reader's place.
        if kind in (DataKind.SETTINGS, DataKind.SCRIPT_REVIEWS):
            self._reload_keeping_place()

    def book_interpreter(self) -> None:
        client = self.client_picker.current_language()
        if client is not None:
            self.context.events.navigate.emit("bookings", {"language": client.tag})


def _source_of(paragraph: scripts.Paragraph) -> scripts.Paragraph:
    return scripts.Paragraph(paragraph.key, paragraph.source, paragraph.source, paragraph.status,
                             scripts.SOURCE_LOCALE)

