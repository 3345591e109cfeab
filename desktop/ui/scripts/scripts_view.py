"""Scripts, side by side: the worker's language on the left, the client's on the right (drawn right-to-left for
Arabic, Persian...), one row per paragraph so an interpreter can follow. The worker marks each paragraph read and
the view follows. Opened for a session, it records which script, language and version of the words was shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
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
from desktop.i18n import _, current_locale
from desktop.ui.scripts.fonts import font_for, load_bundled_fonts, size_factor
from desktop.ui.scripts.script_output import ScriptOutputMixin
from desktop.ui.scripts.script_rows import NO_FONT_MARKER, RowGrid, absolute_alignment, marker_for
from desktop.ui.scripts.script_sessions import ScriptSessionMixin
from desktop.ui.shell.context import AppContext
from desktop.ui.widgets.keyboard import tab_in_order
from desktop.ui.widgets.language_picker import LanguagePicker
from desktop.ui.widgets.speech import announce

_SCRIPT_PAGE, _INTERPRETER_PAGE, _DAMAGED_PAGE = 0, 1, 2


class ScriptsView(ScriptSessionMixin, ScriptOutputMixin, QWidget):
    def __init__(self, context: AppContext, session_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        load_bundled_fonts()
        self.context = context
        self.session_id: int | None = None
        self.interpreter_name = ""
        self.current_row = 0
        self.read_rows: set[int] = set()
        self.shown_revision = ""
        self.client_family: str | None = None
        self._right_script: scripts.Script | None = None
        self.presentation = None
        worker_locale = current_locale()
        self._build(worker_locale)
        self.worker_picker.select_tag(languages.locale_to_tag(languages.catalog_for(worker_locale) or "en"))
        if session_id is not None:
            self.set_session(session_id)
        self.reload()

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
            _size_by_characters(widget, 18)
        pickers.setColumnStretch(1, 1)
        pickers.setColumnStretch(3, 1)
        self.session_picker = QComboBox()
        self.session_picker.activated.connect(self._session_picked)
        session_caption = QLabel(_("Sessio&n:"))
        session_caption.setBuddy(self.session_picker)
        self.session_label = QLabel(_("Not linked to a session: nothing is recorded."))
        _size_by_characters(self.session_picker, 18)
        self.session_label.setWordWrap(True)
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

        self.back_button = QPushButton(_("&Back one paragraph"))
        self.stop_button = QPushButton(_("&We can stop"))
        self.stop_button.setToolTip(_("Show the short “We can stop” script at once, also on the client's screen"))
        self.stop_button.clicked.connect(self.show_stop_script)
        self.read_button = QPushButton(_("&Mark read and go on"))
        self.present_button = QPushButton(_("&Present to the client"))
        self.screen_picker = QComboBox()
        self.screen_picker.setAccessibleName(_("Screen for presenting"))
        self.handout_layout = QComboBox()
        self.handout_layout.addItem(_("Side by side"), "side_by_side")
        self.handout_layout.addItem(_("One after the other"), "sequential")
        self.handout_layout.setAccessibleName(_("Handout layout"))
        self.pdf_button = QPushButton(_("Save hando&ut as PDF…"))
        self.print_button = QPushButton(_("P&rint handout…"))
        self.back_button.clicked.connect(self.previous_row)
        self.read_button.clicked.connect(self.mark_read)
        self.present_button.clicked.connect(self.present)
        self.pdf_button.clicked.connect(self.save_handout_pdf)
        self.print_button.clicked.connect(self.print_handout)
        for combo in (self.screen_picker, self.handout_layout):
            _size_by_characters(combo, 10)
        actions = QGridLayout()  # reading on the left; presenting, then the handout, on the right
        actions.addWidget(self.back_button, 0, 0)
        actions.addWidget(self.read_button, 1, 0)
        actions.addWidget(self.stop_button, 0, 1, Qt.AlignmentFlag.AlignLeft)
        actions.setColumnStretch(1, 1)
        # Visible labels for the two drop-downs: on Linux a combo without one is named by its current value.
        screen_label, layout_label = QLabel(_("Screen:")), QLabel(_("Handout layout:"))
        screen_label.setBuddy(self.screen_picker)
        layout_label.setBuddy(self.handout_layout)
        for column, widget in enumerate((self.present_button, screen_label, self.screen_picker), start=2):
            actions.addWidget(widget, 0, column)
        for column, widget in enumerate((layout_label, self.handout_layout, self.pdf_button, self.print_button),
                                        start=2):
            actions.addWidget(widget, 1, column)
        # Actions (not bare shortcuts) so the shortcuts help lists them; they work anywhere inside this screen.
        for text, keys, slot in (
            (_("Mark read and go on"), ("Ctrl+Return", "Ctrl+Enter", "Ctrl+Down"), self.mark_read),
            (_("Back one paragraph"), ("Ctrl+Up",), self.previous_row),
            (_("Present to the client"), ("F5",), self.present),
            (_("Print handout"), ("Ctrl+P",), self.print_handout),
        ):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.read_button.setToolTip(_("Ctrl+Enter"))
        self.back_button.setToolTip(_("Ctrl+Up"))
        self.present_button.setToolTip(_("F5"))
        self.print_button.setToolTip(_("Ctrl+P"))

        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.session_label)
        layout.addWidget(self.review_label)
        layout.addWidget(self.font_banner)
        layout.addLayout(headers)
        layout.addWidget(self.pages, 1)
        layout.addLayout(actions)
        # Once all are in this window: the pickers in reading order, row by row.
        tab_in_order(self.script_picker, self.session_picker, self.worker_picker, self.client_picker)
        self._fill_screens()
        self._fill_sessions()
        app = QGuiApplication.instance()
        if app is not None:  # a projector plugged in mid-session appears in the list
            app.screenAdded.connect(self._fill_screens)
            app.screenRemoved.connect(self._fill_screens)
        self.context.events.about_to_lock.connect(self.close_presentation)
        self.context.events.data_changed.connect(self._on_data_changed)
        self.script_picker.currentIndexChanged.connect(self.reload)
        self.worker_picker.language_chosen.connect(self.reload)
        self.client_picker.language_chosen.connect(self.reload)

    def _new_grid(self) -> None:
        # A fresh grid per script: the scroll area deletes the old one, so no stale row can linger on screen.
        self.rows = RowGrid()
        self.rows.row_clicked.connect(self.go_to_row)
        self.scroll.setWidget(self.rows)

    def _fill_screens(self, *_changed) -> None:
        self.screen_picker.clear()
        for index, screen in enumerate(QGuiApplication.screens()):
            self.screen_picker.addItem(_("Screen {number}: {name}").format(number=index + 1, name=screen.name()),
                                       index)
        self.screen_picker.setCurrentIndex(self.screen_picker.count() - 1)  # often the one facing the client

    # -- what is shown -----------------------------------------------------------------------------------------
    def placeholder_values(self) -> dict[str, str]:
        return {"worker_name": self.context.worker_name, "organisation": self.context.organisation,
                "interpreter_name": self.interpreter_name}

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
        self._right_script = None
        self.pages.setCurrentIndex(_DAMAGED_PAGE)
        self.damaged_message.setText(_("The scripts could not be read. {problem} Everything else in Harbour works "
                                       "as usual.").format(problem=problem))
        for label in (self.left_header, self.right_header, self.review_label):
            label.clear()
        self.font_banner.setVisible(False)
        for widget in (*self._script_actions(), self.stop_button):
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
        left = scripts.load_script(script_id, left_locale)
        right = scripts.load_script(script_id, client.catalog)
        self._right_script = right
        choice = font_for(client.catalog, right.title.text)
        self.client_family = choice.family
        self.font_banner.setText(choice.missing_message)
        self.font_banner.setVisible(bool(choice.missing_message))
        left_rtl = languages.is_right_to_left(left_locale)
        client_rtl = languages.is_right_to_left(client.catalog)  # the catalog's script decides (Dari reads fa)
        values = self.placeholder_values()
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
        # The paragraphs, row by row (the worker's, then the client's), come between the pickers and the buttons.
        cells = [cell.text_label for pair in zip(self.rows.left_cells, self.rows.right_cells, strict=True)
                 for cell in pair]
        tab_in_order(self.client_picker, *cells, self.back_button)
        self.left_header.setText(left.title.text)
        self.right_header.setText(right.title.text if choice.family else right.title.source)
        self._set_direction(self.left_header, left_rtl)
        self._set_direction(self.right_header, client_rtl and bool(choice.family))
        self.review_label.setText(self._review_sentence(client.catalog))
        for widget in (*self._script_actions(), self.stop_button):
            widget.setEnabled(True)
        self.present_button.setEnabled(bool(choice.family))
        self.current_row, self.read_rows = 0, set()
        self.rows.show_progress(self.current_row, self.read_rows)
        self.scroll.verticalScrollBar().setValue(0)
        # Record what the client could actually read: without a font, that was the English text.
        shown = right if choice.family else scripts.load_script(script_id, scripts.SOURCE_LOCALE)
        self.shown_revision = scripts.revision((shown.title, *shown.paragraphs))
        self._record(script_id, shown.locale)

    def _show_interpreter_page(self, client: languages.Language) -> None:
        self._right_script = None
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
        for widget in self._script_actions():
            widget.setEnabled(False)
        self.book_button.setFocus()

    def _script_actions(self) -> tuple[QWidget, ...]:
        return (self.read_button, self.back_button, self.present_button, self.screen_picker, self.handout_layout,
                self.pdf_button, self.print_button)

    @staticmethod
    def _set_direction(label: QLabel, right_to_left: bool) -> None:
        label.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight)
        label.setAlignment(absolute_alignment(right_to_left))

    @staticmethod
    def _review_sentence(locale: str) -> str:
        if locale == scripts.SOURCE_LOCALE:
            return _("This is the English source text.")
        review = scripts.review(locale)
        if review.reviewer:
            return _("This translation was checked by {name} ({date}).").format(
                name=review.reviewer, date=review.date or _("date not given"))
        return _("No qualified translator has checked this translation yet. Read it together with an interpreter.")

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

    def close_presentation(self) -> None:
        if self.presentation is not None:
            self.presentation.close()
            self.presentation = None

    def book_interpreter(self) -> None:
        client = self.client_picker.current_language()
        if client is not None:
            self.context.events.navigate.emit("bookings", {"language": client.tag})


def _source_of(paragraph: scripts.Paragraph) -> scripts.Paragraph:
    return scripts.Paragraph(paragraph.key, paragraph.source, paragraph.source, paragraph.status,
                             scripts.SOURCE_LOCALE)


def _size_by_characters(combo: QComboBox, characters: int) -> None:
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
